//! The one-line feed status `advocate serve` prints when a served feed changes, so an admin
//! editing the draft sees at once whether the extension will accept it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use advocate_core::feed::ValidateOptions;
use chrono::Utc;

use super::http::etag;
use crate::render::summary;
use advocate_core::studio::check::report;

/// Remembers which version of each feed was last reported.
#[derive(Default)]
pub struct Watcher {
    seen: HashMap<PathBuf, String>,
}

/// Whether a served file is a feed to check: JSON, but not a schema.
pub fn is_feed(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".json") && !name.ends_with(".schema.json")
}

impl Watcher {
    /// The status line for `bytes` of the feed at `path` (shown as `name`), if this content
    /// was not reported before.
    pub fn changed(&mut self, path: &Path, name: &str, bytes: &[u8]) -> Option<String> {
        let tag = etag(bytes);
        if self.seen.get(path) == Some(&tag) {
            return None;
        }
        self.seen.insert(path.to_path_buf(), tag);
        Some(status_line(name, bytes))
    }
}

/// `feed.json: valid, 5 items` or `feed.json: 2 errors — first: /items/0/url (line 3, …): …`.
pub fn status_line(name: &str, bytes: &[u8]) -> String {
    let opts = ValidateOptions {
        now: Some(Utc::now()),
    };
    let report = report(bytes, &opts);
    let line = summary(name, report.errors(), report.warnings(), report.items);
    match report.diagnostics.iter().find(|d| d.is_error()) {
        Some(first) => format!("{line} — first: {first}"),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_version_once() {
        let mut w = Watcher::default();
        let ok = br#"{"version":1,"organization":{"name":"B"},"items":[{"id":"a","url":"https://b.de","title":{"en":"A"},"captions":[{"lang":"en","text":"x"}]}]}"#;
        let p = Path::new("feed.json");
        assert_eq!(
            w.changed(p, "feed.json", ok).as_deref(),
            Some("feed.json: valid, 1 item")
        );
        assert_eq!(w.changed(p, "feed.json", ok), None);
        let bad = br#"{"version":1,"organization":{"name":"B"},"items":[{"id":"a","url":"http://b.de","title":{"en":"A"},"captions":[{"lang":"en","text":"x"}]}]}"#;
        assert_eq!(
            w.changed(p, "feed.json", bad).as_deref(),
            Some("feed.json: 1 error — first: /items/0/url (line 1, column 67): the link must start with https:// (found \"http:\")")
        );
        assert!(is_feed(Path::new("drafts/feed.json")));
        assert!(!is_feed(Path::new("feed.schema.json")));
    }
}
