//! The feed as a file: what the studio saves and opens, the same bytes `advocate import` writes.
//!
//! Fields come in the contract's order, which is the order of the raw types' fields (`$schema`
//! first, then `version`, `organization`, `links`, `items`; inside an item `id`, `url`, …), as
//! serde writes a struct; language maps are sorted by tag. Pretty JSON with two spaces and a
//! final line break, so that a saved feed diffs well under version control. Fields that are
//! empty or left at their default (`pinned: false`, no `hashtags`) are left out, as admins
//! write them.

use thiserror::Error;

use crate::feed::diagnostic::Diagnostic;
use crate::feed::raw::RawFeed;
use crate::feed::read_raw;

/// Why a feed could not be written as text.
#[derive(Debug, Error)]
#[error("the feed could not be written as JSON: {0}")]
pub struct SaveError(#[from] serde_json::Error);

/// The text of `raw` as a feed file: pretty JSON (two spaces), fields in the contract's order,
/// a line break at the end.
pub fn feed_text(raw: &RawFeed) -> Result<String, SaveError> {
    // The raw types have string keys only, so serde_json has nothing to refuse; the error is
    // passed on rather than assumed away.
    let mut text = serde_json::to_string_pretty(raw)?;
    text.push('\n');
    Ok(text)
}

/// Opens a feed file for editing: any JSON of the feed's shape, whatever its content says (the
/// studio shows what validation finds). When the text is not of the feed's shape, the error is
/// its first problem, in the words and at the place the extension reports it (see
/// [`crate::feed::read_raw`]).
pub fn parse_draft(text: &str) -> Result<RawFeed, Diagnostic> {
    read_raw(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_the_contracts_order_and_the_file_ends_with_a_line_break() {
        let text = r#"{"items":[{"captions":[{"text":"Hallo {url}","lang":"de"}],"title":{"en":"Q4","de":"Q4"},"url":"https://b.de/","id":"q4"}],"organization":{"name":"B"},"version":1,"$schema":"./feed.schema.json"}"#;
        let raw = parse_draft(text).unwrap();
        let saved = feed_text(&raw).unwrap();
        assert_eq!(
            saved,
            r#"{
  "$schema": "./feed.schema.json",
  "version": 1,
  "organization": {
    "name": "B"
  },
  "items": [
    {
      "id": "q4",
      "url": "https://b.de/",
      "title": {
        "de": "Q4",
        "en": "Q4"
      },
      "captions": [
        {
          "lang": "de",
          "text": "Hallo {url}"
        }
      ]
    }
  ]
}
"#
        );
        assert_eq!(parse_draft(&saved).unwrap(), raw);
    }

    #[test]
    fn non_ascii_text_stays_readable() {
        let raw = parse_draft(
            r#"{"version":1,"organization":{"name":"Müller & Söhne – 🎉"},"items":[]}"#,
        )
        .unwrap();
        assert!(feed_text(&raw)
            .unwrap()
            .contains("\"name\": \"Müller & Söhne – 🎉\""));
    }

    #[test]
    fn a_text_of_another_shape_does_not_open() {
        let d = parse_draft(r#"{"version":1,"organization":{"name":"B"},"items":{}}"#).unwrap_err();
        assert_eq!(d.pointer, "/items");
        assert!(d.message.starts_with("must be a list"), "{d}");
    }
}
