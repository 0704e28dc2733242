//! `advocate import SHEET.csv -o FEED`: a feed from a spreadsheet.
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
//! # The rest of the feed
//!
//! The organisation comes from `--organization` and `--hashtags`, or from the output feed if it
//! exists (its `organization`, `links` and `$schema` are kept, its items replaced; the flags
//! override it). The result is validated as `advocate validate` would; errors are reported as
//! `row 7, column url: …` and nothing is written. Exit code: 0 written, 1 errors in the sheet,
//! 2 usage or a file that cannot be read or written.

mod build;
mod columns;
mod decode;
mod origin;

use std::path::Path;

use advocate_core::feed::raw::{RawFeed, RawOrganization};
use advocate_core::feed::{ValidateOptions, SUPPORTED_VERSION};
use advocate_core::fit;
use anyhow::{anyhow, Result};
use chrono::Utc;

use crate::cli::ImportArgs;
use crate::fsutil::{read_input, shown, write_atomic};
use crate::render::count;
use crate::Outcome;

use build::{build, Origin, RowError, Shape};
use columns::{display_name, Column, Kind};

/// Runs `advocate import`.
pub fn run(args: &ImportArgs) -> Result<Outcome> {
    let sheet = shown(&args.sheet);
    let bytes = read_input(&args.sheet)?;
    let base = base_feed(args)?;
    let decoded = decode::decode(&bytes).map_err(|e| anyhow!("cannot read \"{sheet}\": {e}"))?;
    if let Some(note) = &decoded.note {
        eprintln!("{sheet}: note: {note}");
    }
    let mut messages = Vec::new();
    let (columns, rows) = match table(&decoded.text, decoded.delimiter) {
        Ok(t) => t,
        Err(errors) => return report_row_errors(&sheet, &errors),
    };
    let shape = match shape(&columns) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{sheet}: error: row 1: {e}");
            eprintln!("{sheet}: 1 error; nothing written");
            return Ok(Outcome::Invalid);
        }
    };
    let (drafts, row_errors) = build(&columns, shape, &rows);
    if !row_errors.is_empty() {
        return report_row_errors(&sheet, &row_errors);
    }
    let mut feed = base;
    feed.items = drafts.iter().map(|d| d.item.clone()).collect();
    let opts = ValidateOptions {
        now: Some(Utc::now()),
    };
    let (diagnostics, ok) = match fit::check_raw(&feed, &opts) {
        Ok(checked) => (checked.warnings, true),
        Err(rejected) => (rejected.diagnostics, false),
    };
    let from_flags = args.organization.is_some() || args.hashtags.is_some();
    for d in &diagnostics {
        let place = origin::place(&d.pointer, &drafts, &args.output, from_flags);
        let word = if d.is_error() { "error" } else { "warning" };
        messages.push(format!("{sheet}: {word}: {place}: {}", d.message));
    }
    for m in &messages {
        eprintln!("{m}");
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if !ok {
        let mut summary = count(errors, "error", "errors");
        if warnings > 0 {
            summary.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
        }
        eprintln!("{sheet}: {summary}; nothing written");
        return Ok(Outcome::Invalid);
    }
    let mut text = serde_json::to_string_pretty(&feed)?;
    text.push('\n');
    write_atomic(&args.output, text.as_bytes())?;
    println!(
        "{}: {} from {} of {sheet}",
        shown(&args.output),
        count(feed.items.len(), "item", "items"),
        count(rows.len(), "row", "rows"),
    );
    Ok(Outcome::Ok)
}

/// The feed around the items: from the existing output file, then the flags.
fn base_feed(args: &ImportArgs) -> Result<RawFeed> {
    let mut feed = RawFeed {
        version: SUPPORTED_VERSION,
        ..RawFeed::default()
    };
    let mut have_org = false;
    if args.output.exists() {
        let existing = existing_feed(&args.output)?;
        feed.schema = existing.schema;
        feed.links = existing.links;
        feed.organization = existing.organization;
        have_org = true;
    }
    if let Some(name) = &args.organization {
        feed.organization.name = name.trim().to_string();
        have_org = true;
    }
    if let Some(tags) = &args.hashtags {
        feed.organization.hashtags = tags
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .filter(|t| !t.is_empty())
            .map(|t| {
                if t.starts_with('#') {
                    t.to_string()
                } else {
                    format!("#{t}")
                }
            })
            .collect();
    }
    if !have_org {
        return Err(anyhow!(
            "the feed needs the organisation's name: pass --organization \"Beispiel GmbH\" (or import into an existing feed, whose organization is kept)"
        ));
    }
    Ok(feed)
}

/// The parts of an existing feed that import keeps.
fn existing_feed(path: &Path) -> Result<RawFeed> {
    let bytes = read_input(path)?;
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
        anyhow!(
            "cannot keep the organization of \"{}\": it is not valid JSON (advocate validate shows why); pass --organization instead",
            shown(path)
        )
    })?;
    let part = |key: &str| value.get(key).cloned();
    let organization: RawOrganization = part("organization")
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| {
            anyhow!(
                "cannot keep the organization of \"{}\": it has no valid \"organization\"; pass --organization instead",
                shown(path)
            )
        })?;
    Ok(RawFeed {
        schema: part("$schema").and_then(|v| v.as_str().map(str::to_string)),
        version: SUPPORTED_VERSION,
        organization,
        links: part("links").and_then(|v| serde_json::from_value(v).ok()),
        items: Vec::new(),
    })
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
                    message: "this row cannot be read as CSV (check its quotes)".into(),
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
            message: "the file is empty; row 1 must name the columns".into(),
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
            Err(message) => {
                errors.push(RowError {
                    origin: at.clone(),
                    message,
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
                    message:
                        "this column has data but no name in row 1; name it or delete the column"
                            .into(),
                });
            }
        } else if !matches!(kind, Kind::CaptionCell { .. }) && cols.iter().any(|c| c.kind == kind) {
            // Caption columns may repeat (`caption_de`, `caption_de_2` are both German).
            errors.push(RowError {
                origin: at,
                message: format!("the column \"{name}\" appears twice"),
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
fn shape(columns: &[Column]) -> Result<Shape, String> {
    let per_caption = columns.iter().any(|c| c.kind == Kind::Caption);
    let per_item = columns
        .iter()
        .any(|c| matches!(c.kind, Kind::CaptionCell { .. }));
    if !columns.iter().any(|c| c.kind == Kind::Id) {
        return Err("there is no \"id\" column".into());
    }
    match (per_caption, per_item) {
        (true, false) => {
            if columns.iter().any(|c| c.kind == Kind::Lang) {
                Ok(Shape::PerCaption)
            } else {
                Err("with a \"caption\" column, a \"lang\" column must say each caption's language".into())
            }
        }
        (false, true) => Ok(Shape::PerItem),
        (true, true) => Err(
            "there is a \"caption\" column and \"caption_<lang>\" columns; use one layout: one row per caption, or one row per item".into(),
        ),
        (false, false) => Err(
            "there is no caption column: add \"lang\" and \"caption\" (one row per caption) or \"caption_de\", \"caption_en\", … (one row per item)".into(),
        ),
    }
}

fn report_row_errors(sheet: &str, errors: &[RowError]) -> Result<Outcome> {
    for e in errors {
        let place = if e.origin.column.is_empty() {
            format!("row {}", e.origin.row)
        } else {
            format!("row {}, column {}", e.origin.row, e.origin.column)
        };
        eprintln!("{sheet}: error: {place}: {}", e.message);
    }
    eprintln!(
        "{sheet}: {}; nothing written",
        count(errors.len(), "error", "errors")
    );
    Ok(Outcome::Invalid)
}
