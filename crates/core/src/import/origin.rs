//! Validation pointers in spreadsheet terms: `/items/3/url` → `row 7, column url`.

use std::fmt;

use crate::feed::diagnostic::tokens;

use super::build::Draft;

/// Where a finding is, in the terms of the sheet (or of what surrounds it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A whole row (the header's row 1, or a row the CSV reader could not read).
    Row(usize),
    /// One cell: `row 7, column url`.
    Cell {
        /// 1-based row as the spreadsheet shows it (1 = the header).
        row: usize,
        /// The column's header as written (or its letter, if unnamed).
        column: String,
    },
    /// An item as a whole, at its first row: `row 4 (item "q4")`.
    Item {
        /// The item's first row.
        row: usize,
        /// Its id.
        id: String,
    },
    /// The organisation around the items, which comes from the caller (flags, an existing feed
    /// file or a form), not from the sheet. `hashtags`: the finding is about its hashtags.
    Organization {
        /// About the hashtags (else the name or the rest).
        hashtags: bool,
    },
    /// Another top-level field of the feed around the items (`links`, …), by its name.
    FeedField(String),
    /// The feed as a whole.
    Feed,
    /// An item that cannot be told (should not happen).
    Sheet,
}

impl fmt::Display for Place {
    /// The sheet's own places as the CLI prints them; the organisation and feed fields by their
    /// JSON names (a caller that knows where they came from says it better).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Row(row) => write!(f, "row {row}"),
            Place::Cell { row, column } => write!(f, "row {row}, column {column}"),
            Place::Item { row, id } => write!(f, "row {row} (item \"{id}\")"),
            Place::Organization { .. } => f.write_str("\"organization\""),
            Place::FeedField(name) => write!(f, "\"{name}\""),
            Place::Feed => f.write_str("the feed"),
            Place::Sheet => f.write_str("the sheet"),
        }
    }
}

/// Where a validation finding at `pointer` is in the sheet.
pub fn place(pointer: &str, drafts: &[Draft]) -> Place {
    let toks = tokens(pointer);
    match toks.first().map(String::as_str) {
        Some("items") => {}
        Some("organization") => {
            return Place::Organization {
                hashtags: toks.get(1).is_some_and(|t| t == "hashtags"),
            }
        }
        Some(other) => return Place::FeedField(other.to_string()),
        None => return Place::Feed,
    }
    let Some(draft) = toks
        .get(1)
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| drafts.get(i))
    else {
        return Place::Sheet;
    };
    // The longest recorded field path that the pointer starts with: `title/de` for
    // `/items/0/title/de`, `networks` for `/items/0/networks/1`.
    let rest = &toks[2..];
    for len in (1..=rest.len()).rev() {
        if let Some(o) = draft.origins.get(&rest[..len].join("/")) {
            return Place::Cell {
                row: o.row,
                column: o.column.clone(),
            };
        }
    }
    Place::Item {
        row: draft.row,
        id: draft.item.id.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::build::Origin;

    #[test]
    fn maps_pointers_to_rows_and_columns() {
        let mut d = Draft {
            row: 4,
            ..Draft::default()
        };
        d.item.id = "q4".into();
        let at = |row: usize, column: &str| Origin {
            row,
            column: column.into(),
        };
        d.origins.insert("url".into(), at(4, "url"));
        d.origins.insert("title/de".into(), at(5, "title_de"));
        d.origins.insert("captions/1/text".into(), at(6, "caption"));
        let drafts = [d];
        let p = |ptr: &str| place(ptr, &drafts).to_string();
        assert_eq!(p("/items/0/url"), "row 4, column url");
        assert_eq!(p("/items/0/title/de"), "row 5, column title_de");
        assert_eq!(p("/items/0/captions/1/text"), "row 6, column caption");
        assert_eq!(p("/items/0/captions"), "row 4 (item \"q4\")");
        assert_eq!(p("/items/9/url"), "the sheet");
        assert_eq!(p(""), "the feed");
        assert_eq!(
            place("/organization/hashtags/0", &drafts),
            Place::Organization { hashtags: true }
        );
        assert_eq!(
            place("/organization/name", &drafts),
            Place::Organization { hashtags: false }
        );
        assert_eq!(place("/links/0", &drafts), Place::FeedField("links".into()));
    }
}
