//! `advocate validate FEED...`: every problem in every file, with file:line:column.

use std::path::Path;

use advocate_core::feed::{Diagnostic, ValidateOptions};
use advocate_core::fit::check_feed;
use anyhow::Result;
use chrono::Utc;
use serde::Serialize;

use crate::cli::{Format, ValidateArgs};
use crate::fsutil::{read_input, shown};
use crate::render::{self, Style};
use crate::Outcome;

const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The result of checking one feed's bytes.
pub struct Report {
    /// Errors first, then warnings (as the core orders them), plus the CLI's own notes.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of items, when the feed is valid.
    pub items: Option<usize>,
}

impl Report {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks feed bytes as the extension would, and that every caption can fit (`fit`), plus a warning for a byte order mark (Advocate
/// ignores it, but some other tools choke on it).
pub fn check(bytes: &[u8], opts: &ValidateOptions) -> Report {
    let (mut diagnostics, items) = match check_feed(bytes, opts) {
        Ok(checked) => (checked.warnings, Some(checked.feed.items.len())),
        Err(rejected) => (rejected.diagnostics, None),
    };
    if bytes.starts_with(BOM) {
        let mut d = Diagnostic::warning(
            "",
            "the file starts with a byte order mark (BOM); Advocate ignores it, but some tools do not, so save it as UTF-8 without BOM",
        );
        d.line = Some(1);
        d.column = Some(1);
        // Warnings come after errors, as in the core's list.
        diagnostics.push(d);
    }
    Report { diagnostics, items }
}

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
        let report = check(&bytes, &opts);
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
