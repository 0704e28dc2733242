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
//! | `publish_at`, `expires_at` | `01.12.2026 09:00`, `31.12.2026`, `2026-12-01 09:00`, `2026-12-01T09:00:00+01:00`, … (see below) |
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
//! # Dates
//!
//! `publish_at` and `expires_at` take what German and English spreadsheets write:
//! `dd.mm.yyyy` and `d.m.yyyy` with an optional `hh:mm` or `hh:mm:ss`, `yyyy-mm-dd` with an
//! optional ` hh:mm[:ss]` or `Thh:mm[:ss]`, and ISO 8601 / RFC 3339 with an offset (`Z`,
//! `+01:00`). Without an offset they are read in [`Options::time_zone`], by its rules for
//! daylight saving time, and the feed gets RFC 3339 with the offset that applies then
//! (`2026-03-29T09:00:00+02:00`). A date alone is the start of that day as `publish_at` and the
//! end of that day (the start of the next) as `expires_at`. A time the clocks skip is an error;
//! a time they show twice is read as the first, with a warning. The reasons are in `dates`.
//!
//! # The result
//!
//! The items replace those of the feed the caller passes in (its organisation, links and
//! `$schema` are kept). The result is validated as `advocate validate` would; every finding
//! names its [`Place`] (`row 7, column url`). A sheet with errors gives no feed.

mod build;
mod columns;
mod dates;
mod decode;
mod origin;
mod problem;

use crate::did_you_mean::closest;
use crate::feed::raw::RawFeed;
use crate::feed::{Severity, ValidateOptions};
use crate::fit;
use chrono::{DateTime, Utc};

pub use chrono_tz::Tz;
pub use dates::{DateError, Twice};
pub use decode::{decode, Decoded};
pub use origin::Place;
pub use problem::{ImportError, Problem};

use build::{build, Built, Origin, RowError, Shape};
use columns::{display_name, Column, Kind};

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// The zone in which dates without an offset are read (the CLI's `--time-zone`, the
    /// browser's zone in the studio).
    pub time_zone: Tz,
    /// When given, items that have expired by then are warned about (as `advocate validate`
    /// does).
    pub now: Option<DateTime<Utc>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            time_zone: Tz::UTC,
            now: None,
        }
    }
}

/// The IANA time zone called `name` (`Europe/Berlin`; case does not matter).
pub fn time_zone(name: &str) -> Result<Tz, ImportError> {
    let wanted = name.trim();
    let zones = chrono_tz::TZ_VARIANTS.iter();
    if let Some(tz) = zones
        .clone()
        .find(|z| z.name().eq_ignore_ascii_case(wanted))
    {
        return Ok(*tz);
    }
    // `Berlin` for `Europe/Berlin`, else the nearest spelling.
    let city = zones.clone().map(|z| z.name()).find(|n| {
        n.rsplit('/')
            .next()
            .is_some_and(|c| c.eq_ignore_ascii_case(wanted))
    });
    let hint = city
        .or_else(|| closest(wanted, zones.map(|z| z.name())))
        .map(|n| format!(" (did you mean \"{n}\"?)"))
        .unwrap_or_default();
    Err(ImportError::UnknownTimeZone {
        name: wanted.to_string(),
        hint,
    })
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
    /// How many dates had no offset and were read in the time zone.
    pub zoned: usize,
}

/// A sheet that did not become a feed: its errors (and warnings), in the order to show them.
#[derive(Debug, Clone)]
pub struct Refused {
    /// At least one error.
    pub findings: Vec<Finding>,
    /// How many dates had no offset and were read in the time zone.
    pub zoned: usize,
}

/// Imports the decoded sheet into `base` (whose items are replaced).
pub fn import(sheet: &Decoded, base: RawFeed, opts: &Options) -> Result<Imported, Refused> {
    let (columns, rows) = table(&sheet.text, sheet.delimiter).map_err(|e| refused(e, 0))?;
    let shape = shape(&columns).map_err(|problem| Refused {
        findings: vec![Finding {
            severity: Severity::Error,
            place: Place::Row(1),
            message: problem.to_string(),
        }],
        zoned: 0,
    })?;
    let Built {
        drafts,
        errors,
        twice,
        zoned,
    } = build(&columns, shape, &rows, opts.time_zone);
    let twice = twice.into_iter().map(|(origin, twice)| Finding {
        severity: Severity::Warning,
        place: cell(origin),
        message: twice.to_string(),
    });
    if !errors.is_empty() {
        let mut refused = refused(errors, zoned);
        refused.findings.extend(twice);
        return Err(refused);
    }
    let mut feed = base;
    feed.items = drafts.iter().map(|d| d.item.clone()).collect();
    let validate = ValidateOptions { now: opts.now };
    // Validation and the check that every caption can fit, as `advocate validate` runs them.
    let (diagnostics, ok) = match fit::check_raw(&feed, &validate) {
        Ok(checked) => (checked.warnings, true),
        Err(rejected) => (rejected.diagnostics, false),
    };
    let mut findings: Vec<Finding> = twice
        .chain(diagnostics.into_iter().map(|d| Finding {
            severity: d.severity,
            place: origin::place(&d.pointer, &drafts),
            message: d.message,
        }))
        .collect();
    // Errors first, as `advocate validate` lists them; otherwise in the order found.
    crate::util::sort::sort_by_key(&mut findings, |f| f.severity);
    if ok {
        Ok(Imported {
            feed,
            rows: rows.len(),
            warnings: findings,
            zoned,
        })
    } else {
        Err(Refused { findings, zoned })
    }
}

/// A list of hashtags as an admin types it (`BeispielGmbH #Karriere`, `#Q4, #Bericht`):
/// separated by spaces, `,`, `;` or `|`; a missing `#` is added.
pub fn hashtags(value: &str) -> Vec<String> {
    build::hashtags(value)
}

fn refused(errors: Vec<RowError>, zoned: usize) -> Refused {
    Refused {
        findings: errors
            .into_iter()
            .map(|e| Finding {
                severity: Severity::Error,
                place: cell(e.origin),
                message: e.problem.to_string(),
            })
            .collect(),
        zoned,
    }
}

/// A cell, or the whole row when the problem has no column.
fn cell(origin: Origin) -> Place {
    if origin.column.is_empty() {
        Place::Row(origin.row)
    } else {
        Place::Cell {
            row: origin.row,
            column: origin.column,
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::raw::RawOrganization;

    fn base() -> RawFeed {
        RawFeed {
            version: crate::feed::SUPPORTED_VERSION,
            organization: RawOrganization {
                name: "Beispiel GmbH".into(),
                ..RawOrganization::default()
            },
            ..RawFeed::default()
        }
    }

    fn berlin() -> Options {
        Options {
            time_zone: time_zone("Europe/Berlin").unwrap(),
            now: None,
        }
    }

    fn sheet(text: &str) -> Decoded {
        decode(text.as_bytes()).unwrap()
    }

    fn shown(findings: &[Finding]) -> Vec<String> {
        findings
            .iter()
            .map(|f| format!("{:?}: {}: {}", f.severity, f.place, f.message))
            // German-only test sheets: not what these tests are about.
            .filter(|s| !s.contains("has no English caption"))
            .collect()
    }

    #[test]
    fn time_zones_by_name_with_a_hint_when_wrong() {
        assert_eq!(time_zone("Europe/Berlin"), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(time_zone(" europe/berlin "), Ok(chrono_tz::Europe::Berlin));
        assert_eq!(time_zone("UTC"), Ok(Tz::UTC));
        let wrong = |name: &str| time_zone(name).unwrap_err().to_string();
        assert_eq!(
            wrong("Europe/Berln"),
            "\"Europe/Berln\" is not a time zone name (did you mean \"Europe/Berlin\"?); write an IANA name such as Europe/Berlin, Europe/London or America/New_York"
        );
        assert!(wrong("Berlin").contains("(did you mean \"Europe/Berlin\"?)"));
        assert_eq!(
            wrong("Mitteleuropa"),
            "\"Mitteleuropa\" is not a time zone name; write an IANA name such as Europe/Berlin, Europe/London or America/New_York"
        );
    }

    #[test]
    fn a_german_sheet_gets_offsets_by_the_date() {
        let text = "id;url;title_de;publish_at;expires_at;lang;caption\n\
            winter;https://b.de/w;Winter;01.12.2026 09:00;31.12.2026;de;Hallo {url}\n\
            sommer;https://b.de/s;Sommer;29.03.2026 09:00;2026-10-25 03:00;de;Hallo {url}\n\
            nacht;https://b.de/n;Nacht;25.10.2026 02:30;2026-10-26T00:00:00Z;de;Hallo {url}\n";
        let imported = import(&sheet(text), base(), &berlin()).unwrap();
        let dates: Vec<(Option<&str>, Option<&str>)> = imported
            .feed
            .items
            .iter()
            .map(|i| (i.publish_at.as_deref(), i.expires_at.as_deref()))
            .collect();
        assert_eq!(
            dates,
            [
                (
                    Some("2026-12-01T09:00:00+01:00"),
                    Some("2027-01-01T00:00:00+01:00")
                ),
                (
                    Some("2026-03-29T09:00:00+02:00"),
                    Some("2026-10-25T03:00:00+01:00")
                ),
                (
                    Some("2026-10-25T02:30:00+02:00"),
                    Some("2026-10-26T00:00:00Z")
                ),
            ]
        );
        assert_eq!(imported.zoned, 5);
        assert_eq!(
            shown(&imported.warnings),
            ["Warning: row 4, column publish_at: \"25.10.2026 02:30\" happens twice in Europe/Berlin (the clocks go back from 03:00 to 02:00 that night); it was read as the first, 2026-10-25T02:30:00+02:00; for the second write 2026-10-25T02:30:00+01:00"]
        );
    }

    #[test]
    fn bad_dates_name_their_row_and_column() {
        let text = "id;url;title_de;publish_at;expires_at;lang;caption\n\
            a;https://b.de/a;A;29.03.2026 02:30;31.12.2026;de;Hallo {url}\n\
            a;;;;;de;Zweite\n\
            b;https://b.de/b;B;01.12.2026;12/31/2026;de;Hallo {url}\n\
            c;https://b.de/c;C;25.10.2026 02:15;01.12.2026;de;Hallo {url}\n";
        let refused = import(&sheet(text), base(), &berlin()).unwrap_err();
        assert_eq!(
            shown(&refused.findings),
            [
                "Error: row 2, column publish_at: \"29.03.2026 02:30\" does not exist in Europe/Berlin: the clocks jump from 02:00 to 03:00 that night; write a time before 02:00 or from 03:00 on",
                "Error: row 4, column expires_at: \"12/31/2026\" can be read day first or month first; write it as 01.12.2026 or 2026-12-01 (day, month, year or year-month-day)",
                "Warning: row 5, column publish_at: \"25.10.2026 02:15\" happens twice in Europe/Berlin (the clocks go back from 03:00 to 02:00 that night); it was read as the first, 2026-10-25T02:15:00+02:00; for the second write 2026-10-25T02:15:00+01:00",
            ]
        );
        // A date-only expiry before a publish time on the same day is still caught by
        // validation, at the sheet's cell.
        let text = "id;url;title_de;publish_at;expires_at;lang;caption\n\
            a;https://b.de/a;A;2026-12-01 09:00;30.11.2026;de;Hallo {url}\n";
        let refused = import(&sheet(text), base(), &berlin()).unwrap_err();
        assert_eq!(
            shown(&refused.findings),
            ["Error: row 2, column expires_at: must be later than publish_at"]
        );
        // The same day as publish and expiry: shown that whole day.
        let text = "id;url;title_de;publish_at;expires_at;lang;caption\n\
            a;https://b.de/a;A;01.12.2026;01.12.2026;de;Hallo {url}\n";
        let item = &import(&sheet(text), base(), &berlin()).unwrap().feed.items[0];
        assert_eq!(
            (item.publish_at.as_deref(), item.expires_at.as_deref()),
            (
                Some("2026-12-01T00:00:00+01:00"),
                Some("2026-12-02T00:00:00+01:00")
            )
        );
    }
}
