//! The studio's parts together, on the repository's feed corpus (`tests/feeds/`): a saved feed
//! reads back as it was, a new feed is `advocate init`'s, and checking gives what `advocate
//! validate` gives.

use std::path::{Path, PathBuf};

use chrono::DateTime;

use super::check::{check, check_draft, report};
use super::save::{feed_text, parse_draft};
use super::starter::starter_feed;
use crate::feed::ValidateOptions;

/// The corpus's "now" (as `tests/feed_rules.rs` and the CLI tests use it).
fn now_ms() -> i64 {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
        .map(|t| t.timestamp_millis())
        .unwrap_or_default()
}

fn feeds_in(sub: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/feeds")
        .join(sub);
    let mut out: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".expected.json")
        })
        .collect();
    crate::util::sort::sort_by(&mut out, |a, b| a.cmp(b));
    assert!(!out.is_empty(), "no feeds in {}", dir.display());
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_valid_feed_saves_and_reads_back_unchanged() {
    for path in feeds_in("valid") {
        let text = String::from_utf8(read(&path)).unwrap();
        let raw = parse_draft(&text).unwrap_or_else(|d| panic!("{}: {d}", path.display()));
        let saved = feed_text(&raw).unwrap();
        let again = parse_draft(&saved).unwrap();
        assert_eq!(again, raw, "{}", path.display());
        assert_eq!(feed_text(&again).unwrap(), saved, "{}", path.display());
        // What was valid stays valid, with the same findings in the same places (by pointer).
        let pointers = |c: &super::check::Checked| -> Vec<(String, String)> {
            c.diagnostics
                .iter()
                .filter(|d| !d.message.contains("byte order mark"))
                .map(|d| (d.pointer.clone(), d.message.clone()))
                .collect()
        };
        let before = check(text.as_bytes(), now_ms());
        let after = check_draft(&raw, now_ms()).unwrap();
        assert_eq!(pointers(&after), pointers(&before), "{}", path.display());
        assert_eq!(after.items, before.items, "{}", path.display());
    }
}

#[test]
fn check_is_what_advocate_validate_reports_for_every_feed_of_the_corpus() {
    let opts = ValidateOptions {
        now: Some(super::instant(now_ms())),
    };
    for sub in ["valid", "invalid", "hostile"] {
        for path in feeds_in(sub) {
            let bytes = read(&path);
            let checked = check(&bytes, now_ms());
            let report = report(&bytes, &opts);
            assert_eq!(
                checked.diagnostics,
                report.diagnostics,
                "{}",
                path.display()
            );
            assert_eq!(
                (checked.errors, checked.warnings, checked.items),
                (report.errors(), report.warnings(), report.items),
                "{}",
                path.display()
            );
            if sub != "hostile" {
                assert_eq!(sub == "valid", checked.errors == 0, "{}", path.display());
            }
            // The expectations the corpus keeps (`tests/feed_rules.rs`) are these findings;
            // only the byte order mark's note is `advocate validate`'s own.
            let expected = path.with_file_name(format!(
                "{}.expected.json",
                path.file_stem().unwrap_or_default().to_string_lossy()
            ));
            if let Ok(text) = std::fs::read_to_string(&expected) {
                let want: serde_json::Value = serde_json::from_str(&text).unwrap();
                let got: Vec<_> = checked
                    .diagnostics
                    .iter()
                    .filter(|d| !d.message.contains("byte order mark"))
                    .collect();
                assert_eq!(
                    serde_json::to_value(got).unwrap(),
                    want,
                    "{}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn a_new_feed_is_advocate_inits_and_saves_to_the_same_verdict() {
    let today = DateTime::parse_from_rfc3339("2026-11-20T10:30:00+01:00").unwrap();
    let text = starter_feed(today.timestamp_millis(), 60);
    let as_written = check(text.as_bytes(), today.timestamp_millis());
    assert_eq!((as_written.errors, as_written.warnings), (0, 0));
    assert!(as_written.accepted_by_extension);
    let raw = parse_draft(&text).unwrap();
    let saved = check_draft(&raw, today.timestamp_millis()).unwrap();
    assert_eq!(saved, as_written);
    assert_eq!(raw.schema.as_deref(), Some("./feed.schema.json"));
}
