//! Checking a feed: exactly what `advocate validate` reports (the CLI calls [`report`]), plus
//! whether the extension would take the feed, decided by the extension's own sync rule.
//!
//! The two can differ, and the studio shows both: `advocate validate` also refuses captions that
//! can never fit a network (the [`crate::fit`] pass, which the extension does not run), and the
//! extension also refuses a feed whose every item has expired.

use serde::Serialize;

use crate::feed::raw::RawFeed;
use crate::feed::{Diagnostic, ValidateOptions};
use crate::fit::check_feed;
use crate::sync::{accept_body, SyncFailure};

use super::instant;
use super::save::{feed_text, SaveError};

/// UTF-8's byte order mark.
const BOM: &[u8] = &[0xEF, 0xBB, 0xBF];

/// What `advocate validate` reports for one feed's bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Errors first, then warnings, each group in the order of the file.
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

/// Checks feed bytes as `advocate validate` does: validation as the extension runs it, the
/// check that every caption can fit ([`crate::fit`]), and a warning for a byte order mark
/// (Advocate ignores it, but some other tools choke on it).
pub fn report(bytes: &[u8], opts: &ValidateOptions) -> Report {
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
        // Warnings come after errors, as in validation's list.
        diagnostics.push(d);
    }
    Report { diagnostics, items }
}

/// A feed, checked: the studio's problem list and its verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checked {
    /// What `advocate validate` reports: errors first, then warnings, each with its place.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of errors among them.
    pub errors: usize,
    /// Number of warnings among them.
    pub warnings: usize,
    /// Number of items, when the feed is valid.
    pub items: Option<usize>,
    /// Whether the extension would take these bytes as a new feed (with no signature
    /// required): `refused` is `None`.
    pub accepted_by_extension: bool,
    /// Why the extension would refuse them, in the sync's own terms (the words employees see).
    pub refused: Option<SyncFailure>,
}

/// Checks feed bytes at `now_ms`: [`report`] (expired items are warned about relative to
/// `now_ms`) and the extension's verdict at that moment ([`crate::sync::accept_body`]).
pub fn check(bytes: &[u8], now_ms: i64) -> Checked {
    let now = instant(now_ms);
    let report = report(bytes, &ValidateOptions { now: Some(now) });
    let refused = accept_body(bytes, now).err();
    Checked {
        errors: report.errors(),
        warnings: report.warnings(),
        items: report.items,
        diagnostics: report.diagnostics,
        accepted_by_extension: refused.is_none(),
        refused,
    }
}

/// Checks the draft as the file it saves to ([`feed_text`]), so that every finding has the line
/// and column it will have in that file.
pub fn check_draft(raw: &RawFeed, now_ms: i64) -> Result<Checked, SaveError> {
    Ok(check(feed_text(raw)?.as_bytes(), now_ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FEED: &str = r#"{"version":1,"organization":{"name":"B"},"items":[{"id":"a","url":"https://b.de/a","title":{"en":"A"},"captions":[{"lang":"en","text":"CAPTION"}]EXTRA}]}"#;

    fn feed(caption: &str, extra: &str) -> String {
        FEED.replace("CAPTION", caption).replace("EXTRA", extra)
    }

    const NOW: i64 = 1_795_773_600_000; // 2026-11-27T10:00:00Z

    #[test]
    fn a_valid_feed_is_accepted() {
        let c = check(feed("x", "").as_bytes(), NOW);
        assert_eq!((c.errors, c.warnings, c.items), (0, 0, Some(1)));
        assert!(c.accepted_by_extension && c.refused.is_none());
    }

    #[test]
    fn a_caption_that_never_fits_is_an_error_the_extension_lets_pass() {
        let c = check(feed(&"a".repeat(300), "").as_bytes(), NOW);
        assert_eq!(c.errors, 1);
        assert_eq!(c.diagnostics[0].pointer, "/items/0/captions/0/text");
        assert!(c.accepted_by_extension);
    }

    #[test]
    fn an_expired_feed_is_a_warning_the_extension_refuses() {
        let c = check(
            feed("x", r#","expires_at":"2026-11-01T00:00:00Z""#).as_bytes(),
            NOW,
        );
        assert_eq!((c.errors, c.warnings), (0, 1));
        assert!(c.diagnostics[0].message.starts_with("this item expired on"));
        assert_eq!(c.refused, Some(SyncFailure::AllExpired));
        assert!(!c.accepted_by_extension);
    }

    #[test]
    fn an_invalid_feed_is_refused_with_its_first_error() {
        let c = check(feed("x", r#","id":"b""#).as_bytes(), NOW);
        assert_eq!(c.errors, 1);
        assert!(matches!(
            c.refused,
            Some(SyncFailure::Invalid { errors: 1, ref first }) if first.contains("appears twice")
        ));
    }

    #[test]
    fn a_byte_order_mark_is_a_warning_at_the_start() {
        let text = format!("\u{feff}{}", feed("x", ""));
        let c = check(text.as_bytes(), NOW);
        assert_eq!((c.errors, c.warnings), (0, 1));
        assert_eq!(
            (c.diagnostics[0].line, c.diagnostics[0].column),
            (Some(1), Some(1))
        );
        assert!(c.accepted_by_extension);
    }

    #[test]
    fn a_draft_is_checked_as_the_file_it_saves_to() {
        let mut raw = super::super::save::parse_draft(&feed("x", "")).unwrap();
        raw.items[0].url = "http://b.de/a".into();
        let c = check_draft(&raw, NOW).unwrap();
        assert_eq!(c.errors, 1);
        let d = &c.diagnostics[0];
        assert_eq!(d.pointer, "/items/0/url");
        // The pretty file's lines: {, version, organization, name, }, items, [, {, id, url.
        assert_eq!(d.line, Some(9));
    }
}
