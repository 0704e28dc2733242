//! A feed from a spreadsheet saved as CSV: the rules and messages of `advocate import`, shared
//! with anything else that imports a sheet (the later feed studio), so that a sheet means the
//! same everywhere. The caller reads the file and supplies the organisation; this module
//! decodes, reads the rows, builds the items, validates the feed and says where each finding is
//! in the sheet.
//!
//! # The file
//!
//! Save the sheet as CSV. Accepted: UTF-8 (with or without byte order mark, as Excel's
//! "CSV UTF-8" writes it), Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)"; a note says
//! so), UTF-16 ("Unicode text"). The separator is `,`, `;` or tab: whichever occurs most in the
//! header row (or the one an Excel `sep=;` first line declares). Quoted cells may contain
//! separators and line breaks. Row 1 is the header; header names are case-insensitive, and
//! spaces or `-` count as `_`. Empty rows are skipped.
//!
//! # Columns for the item (both layouts)
//!
//! | column | meaning |
//! |---|---|
//! | `id` (required) | the item's id; letters, digits, `-`, `_`, `.` |
//! | `url` (required) | the page to share, `https://…` |
//! | `title_<lang>` (at least one) | headline per language: `title_de`, `title_en`, `title_en-GB` |
//! | `summary_<lang>`, `image_alt_<lang>`, `personal_prompt_<lang>`, `retraction_note_<lang>` | texts per language |
//! | `image` | preview image, `https://…` |
//! | `networks` | `linkedin`, `x` or both (separated by spaces, `,`, `;` or `\|`); empty: both |
//! | `campaign` | campaign name |
//! | `teams`, `regions` | audience lists, separated by `,`, `;` or `\|` |
//! | `languages` | audience languages, e.g. `de, en` |
//! | `publish_at`, `expires_at` | e.g. `2026-11-20T08:00:00+01:00` (format the cells as text) |
//! | `priority` | whole number 0–100 |
//! | `pinned` | yes/no, true/false, ja/nein, wahr/falsch, 1/0, x |
//! | `hashtags` | e.g. `#Q4 #Bericht` (a missing `#` is added) |
//! | `status` | `active` or `retracted` |
//!
//! # Layout 1: one row per caption
//!
//! Columns `lang` (or `language`), `network` (empty: any network) and `caption` (or `text`).
//! Rows with the same `id` make one item; its other cells may be repeated (they must then be
//! equal) or left empty after the first row. A row with an empty caption only carries item data.
//!
//! # Layout 2: one row per item
//!
//! One column per caption: `caption_<lang>`, optionally `_<network>` and a number to tell
//! variants apart: `caption_de`, `caption_de_2`, `caption_en`, `caption_de_x`,
//! `caption_en_linkedin_2`. Empty cells are skipped; captions keep the column order.
//!
//! # The result
//!
//! The items replace those of the feed the caller passes in (its organisation, links and
//! `$schema` are kept). The result is validated as `advocate validate` would; every finding
//! names its [`Place`] (`row 7, column url`). A sheet with errors gives no feed.

mod build;
mod columns;
mod decode;
mod origin;
mod problem;

use crate::feed::raw::RawFeed;
use crate::feed::{validate_raw, Severity, ValidateOptions};
use chrono::{DateTime, Utc};

pub use decode::{decode, Decoded};
pub use origin::Place;
pub use problem::{ImportError, Problem};

use build::{build, Origin, RowError, Shape};
use columns::{display_name, Column, Kind};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// When given, items that have expired by then are warned about (as `advocate validate`
    /// does).
    pub now: Option<DateTime<Utc>>,
}

/// One thing to tell the admin about the sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Error (nothing is written) or warning.
    pub severity: Severity,
    /// Where in the sheet.
    pub place: Place,
    /// What, as a sentence fragment after the place.
    pub message: String,
}

impl Finding {
    /// Whether this finding stops the import.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A sheet that became a valid feed.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The feed passed in, with the sheet's items.
    pub feed: RawFeed,
    /// How many data rows (not empty, not the header) the sheet had.
    pub rows: usize,
    /// Warnings, in the order to show them.
    pub warnings: Vec<Finding>,
}

/// A sheet that did not become a feed: its errors (and warnings), in the order to show them.
#[derive(Debug, Clone)]
pub struct Refused {
    /// At least one error.
    pub findings: Vec<Finding>,
}

/// Imports the decoded sheet into `base` (whose items are replaced).
pub fn import(sheet: &Decoded, base: RawFeed, opts: &Options) -> Result<Imported, Refused> {
    let (columns, rows) = table(&sheet.text, sheet.delimiter).map_err(refused)?;
    let shape = shape(&columns).map_err(|problem| Refused {
        findings: vec![Finding {
            severity: Severity::Error,
            place: Place::Row(1),
            message: problem.to_string(),
        }],
    })?;
    let (drafts, row_errors) = build(&columns, shape, &rows);
    if !row_errors.is_empty() {
        return Err(refused(row_errors));
    }
    let mut feed = base;
    feed.items = drafts.iter().map(|d| d.item.clone()).collect();
    let validate = ValidateOptions {
        now: opts.now,
        ..ValidateOptions::default()
    };
    let (diagnostics, ok) = match validate_raw(&feed, &validate) {
        Ok(checked) => (checked.warnings, true),
        Err(rejected) => (rejected.diagnostics, false),
    };
    let findings: Vec<Finding> = diagnostics
        .into_iter()
        .map(|d| Finding {
            severity: d.severity,
            place: origin::place(&d.pointer, &drafts),
            message: d.message,
        })
        .collect();
    if ok {
        Ok(Imported {
            feed,
            rows: rows.len(),
            warnings: findings,
        })
    } else {
        Err(Refused { findings })
    }
}

/// A list of hashtags as an admin types it (`BeispielGmbH #Karriere`, `#Q4, #Bericht`):
/// separated by spaces, `,`, `;` or `|`; a missing `#` is added.
pub fn hashtags(value: &str) -> Vec<String> {
    build::hashtags(value)
}

fn refused(errors: Vec<RowError>) -> Refused {
    Refused {
        findings: errors
            .into_iter()
            .map(|e| Finding {
                severity: Severity::Error,
                place: if e.origin.column.is_empty() {
                    Place::Row(e.origin.row)
                } else {
                    Place::Cell {
                        row: e.origin.row,
                        column: e.origin.column,
                    }
                },
                message: e.problem.to_string(),
            })
            .collect(),
    }
}

type Rows = Vec<(usize, Vec<String>)>;

/// Header columns and the non-empty data rows (with spreadsheet row numbers).
fn table(text: &str, delimiter: u8) -> Result<(Vec<Column>, Rows), Vec<RowError>> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        match record {
            Ok(r) => records.push((row, r.iter().map(str::to_string).collect::<Vec<_>>())),
            Err(_) => {
                return Err(vec![RowError {
                    origin: Origin {
                        row,
                        column: String::new(),
                    },
                    problem: Problem::UnreadableRow,
                }])
            }
        }
    }
    let Some((_, header)) = records.first() else {
        return Err(vec![RowError {
            origin: Origin {
                row: 1,
                column: String::new(),
            },
            problem: Problem::EmptyFile,
        }]);
    };
    let data: Rows = records[1..]
        .iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .cloned()
        .collect();
    let mut errors = Vec::new();
    let mut cols: Vec<Column> = Vec::new();
    for (i, name) in header.iter().enumerate() {
        let name = name.trim().to_string();
        let shown_name = display_name(&name, i);
        let at = Origin {
            row: 1,
            column: shown_name.clone(),
        };
        let kind = match columns::parse(&name) {
            Ok(kind) => kind,
            Err(problem) => {
                errors.push(RowError {
                    origin: at.clone(),
                    problem,
                });
                Kind::Empty
            }
        };
        if kind == Kind::Empty && !name.is_empty() {
            // Already reported as an unknown column.
        } else if kind == Kind::Empty {
            let with_data = data
                .iter()
                .find(|(_, cells)| cells.get(i).is_some_and(|c| !c.trim().is_empty()));
            if let Some((row, _)) = with_data {
                errors.push(RowError {
                    origin: Origin {
                        row: *row,
                        column: shown_name.clone(),
                    },
                    problem: Problem::UnnamedColumn,
                });
            }
        } else if !matches!(kind, Kind::CaptionCell { .. }) && cols.iter().any(|c| c.kind == kind) {
            // Caption columns may repeat (`caption_de`, `caption_de_2` are both German).
            errors.push(RowError {
                origin: at,
                problem: Problem::DuplicateColumn(name),
            });
        }
        cols.push(Column {
            kind,
            name: shown_name,
        });
    }
    if errors.is_empty() {
        Ok((cols, data))
    } else {
        Err(errors)
    }
}

/// Which layout the header describes.
fn shape(columns: &[Column]) -> Result<Shape, Problem> {
    let per_caption = columns.iter().any(|c| c.kind == Kind::Caption);
    let per_item = columns
        .iter()
        .any(|c| matches!(c.kind, Kind::CaptionCell { .. }));
    if !columns.iter().any(|c| c.kind == Kind::Id) {
        return Err(Problem::NoIdColumn);
    }
    match (per_caption, per_item) {
        (true, false) => {
            if columns.iter().any(|c| c.kind == Kind::Lang) {
                Ok(Shape::PerCaption)
            } else {
                Err(Problem::CaptionWithoutLang)
            }
        }
        (false, true) => Ok(Shape::PerItem),
        (true, true) => Err(Problem::TwoLayouts),
        (false, false) => Err(Problem::NoCaptionColumn),
    }
}
