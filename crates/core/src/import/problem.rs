//! What can be wrong with a sheet before its feed is validated, each as one sentence fragment
//! that follows `row 7, column url: `.

use thiserror::Error;

use super::dates::DateError;

/// A problem with the file as a whole: it cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    /// A UTF-16 byte order mark, then something that is not UTF-16.
    #[error("the file says it is UTF-16 but is not; save it as \"CSV UTF-8\"")]
    BrokenUtf16,
    /// A time zone name that the IANA database does not have.
    #[error("\"{name}\" is not a time zone name{hint}; write an IANA name such as Europe/Berlin, Europe/London or America/New_York")]
    UnknownTimeZone {
        /// The name as given.
        name: String,
        /// ` (did you mean "Europe/Berlin"?)`, or nothing.
        hint: String,
    },
}

/// A problem at one row (and usually one column) of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Problem {
    /// The CSV reader gave up on this row.
    #[error("this row cannot be read as CSV (check its quotes)")]
    UnreadableRow,
    /// No header row.
    #[error("the file is empty; row 1 must name the columns")]
    EmptyFile,
    /// Data below an empty header cell.
    #[error("this column has data but no name in row 1; name it or delete the column")]
    UnnamedColumn,
    /// Two columns that mean the same.
    #[error("the column \"{0}\" appears twice")]
    DuplicateColumn(String),
    /// A header Advocate does not know; `hint` is ` (did you mean "x"?)` or a pointer to help.
    #[error("\"{header}\" is not a column Advocate knows{hint}")]
    UnknownColumn {
        /// The header as written.
        header: String,
        /// How to fix it, starting with a space or `;`.
        hint: String,
    },
    /// `title_deutsch` and the like.
    #[error("\"{tag}\" is not a language tag; name the column e.g. {field}_de or {field}_en")]
    NotALanguageTag {
        /// What follows the field name.
        tag: String,
        /// The field name (`title`, `caption`, …).
        field: String,
    },
    /// The header has no `id` column.
    #[error("there is no \"id\" column")]
    NoIdColumn,
    /// A `caption` column without `lang`.
    #[error("with a \"caption\" column, a \"lang\" column must say each caption's language")]
    CaptionWithoutLang,
    /// Both layouts at once.
    #[error("there is a \"caption\" column and \"caption_<lang>\" columns; use one layout: one row per caption, or one row per item")]
    TwoLayouts,
    /// Neither layout.
    #[error("there is no caption column: add \"lang\" and \"caption\" (one row per caption) or \"caption_de\", \"caption_en\", … (one row per item)")]
    NoCaptionColumn,
    /// A data row with an empty id.
    #[error("every row needs an id (the item it belongs to)")]
    MissingId,
    /// A later row of the same item says something else.
    #[error("differs from row {first_row} (\"{before}\"); rows of the same item must agree or leave the cell empty")]
    Differs {
        /// The row that said it first.
        first_row: usize,
        /// What it said.
        before: String,
    },
    /// `priority` that is not a whole number.
    #[error("\"{0}\" is not a whole number; write a priority from 0 to 100")]
    NotANumber(String),
    /// `pinned` that is neither yes nor no.
    #[error("\"{0}\" is not yes or no; write yes, no, true or false")]
    NotYesNo(String),
    /// `publish_at` or `expires_at` that is not a date (or not one in the zone).
    #[error(transparent)]
    Date(#[from] DateError),
}
