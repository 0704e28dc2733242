//! The studio's autosave: the text being edited, kept in the browser's storage as it changes, so
//! that a closed tab or a crash loses nothing. When the studio opens, it offers to restore the
//! draft unless that would change nothing.

use serde::{Deserialize, Serialize};

/// An autosaved draft, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// When it was saved (ms).
    pub saved_at_ms: i64,
    /// The feed's text as it was being edited (valid or not).
    pub text: String,
    /// The name of the file it was opened from or saved to, if any.
    #[serde(default)]
    pub file_name: Option<String>,
}

/// Whether to offer `draft` for restoring while `current_text` is open: not when it is empty,
/// nor when it says the same as what is open. Line endings (CRLF or LF) and trailing
/// whitespace do not count as a difference: a file saved by another editor must not look like
/// lost work.
pub fn worth_offering(draft: &Draft, current_text: &str) -> bool {
    let normal = |text: &str| text.replace("\r\n", "\n").trim_end().to_string();
    let text = normal(&draft.text);
    !text.trim().is_empty() && text != normal(current_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> Draft {
        Draft {
            saved_at_ms: 1,
            text: text.into(),
            file_name: Some("feed.json".into()),
        }
    }

    #[test]
    fn offered_only_when_it_would_bring_something_back() {
        assert!(worth_offering(&draft("{\"version\": 1}"), ""));
        assert!(worth_offering(
            &draft("{\"version\": 2}\n"),
            "{\"version\": 1}\n"
        ));
        assert!(!worth_offering(&draft(""), "{}"));
        assert!(!worth_offering(&draft(" \n\t"), ""));
        assert!(!worth_offering(&draft("{\n}\n"), "{\n}\n"));
        assert!(!worth_offering(&draft("{\r\n}\r\n"), "{\n}"));
        // Leading whitespace is content (indentation), trailing is not.
        assert!(worth_offering(&draft("  {}"), "{}"));
    }

    #[test]
    fn reads_back_what_it_stored() {
        let d = draft("{}");
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"savedAtMs":1,"text":"{}","fileName":"feed.json"}"#
        );
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), d);
        let old: Draft = serde_json::from_str(r#"{"savedAtMs":2,"text":"x"}"#).unwrap();
        assert_eq!(old.file_name, None);
    }
}
