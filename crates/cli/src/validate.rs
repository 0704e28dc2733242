//! `advocate validate FEED...`: every problem in every file, with file:line:column.

use std::path::Path;

use advocate_core::feed::ValidateOptions;
// What a feed's bytes are checked with: the feed studio's own check, so that `advocate
// validate` and the studio cannot report different things.
use advocate_core::studio::check::{report, Report};
use anyhow::Result;
use chrono::Utc;
use serde::Serialize;

use crate::cli::{Format, ValidateArgs};
use crate::fsutil::{read_input, shown};
use crate::render::{self, Style};
use crate::Outcome;

/// One diagnostic in `--format json`.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    severity: &'static str,
    pointer: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

/// Runs `advocate validate`.
pub fn run(args: &ValidateArgs) -> Result<Outcome> {
    let now = args.at.map_or_else(Utc::now, |t| t.with_timezone(&Utc));
    let opts = ValidateOptions { now: Some(now) };
    let style = Style::for_stdout();
    let mut unreadable = false;
    let mut invalid = false;
    let mut reports = Vec::new();
    for path in &args.feeds {
        let bytes = match read_input(path) {
            Ok(b) => b,
            Err(e) => {
                // One unreadable file does not stop the others from being checked.
                eprintln!("advocate: {e}");
                unreadable = true;
                continue;
            }
        };
        let report = report(&bytes, &opts);
        invalid |= report.errors() > 0;
        if args.format == Format::Human {
            print!("{}", human(path, &bytes, &report, style));
        }
        reports.push((shown(path), report));
    }
    if args.format == Format::Json {
        let list: Vec<JsonDiagnostic> = reports
            .iter()
            .flat_map(|(file, report)| {
                report.diagnostics.iter().map(move |d| JsonDiagnostic {
                    file: file.clone(),
                    severity: render::severity_word(d.severity),
                    pointer: &d.pointer,
                    line: d.line,
                    column: d.column,
                    message: &d.message,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
    }
    Ok(match (unreadable, invalid) {
        (true, _) => Outcome::Failed,
        (false, true) => Outcome::Invalid,
        (false, false) => Outcome::Ok,
    })
}

/// The human report for one file: every diagnostic, then the summary line.
pub fn human(path: &Path, bytes: &[u8], report: &Report, style: Style) -> String {
    let file = shown(path);
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&render::diagnostic(&file, Some(bytes), d, style));
    }
    out.push_str(&render::summary(
        &file,
        report.errors(),
        report.warnings(),
        report.items,
    ));
    out.push('\n');
    out
}
