//! How a [`Request`] is read (#7). Serde reads an internally tagged enum through a buffered
//! copy of the whole message, one decoder per variant, which compiled to 44 KB of the wasm
//! module for `Request` alone; one flat struct and one `match` read the same JSON.

use serde::Deserialize;

use advocate_core::wire::required;

use super::{FrameNotice, Request};

/// Every field a [`Request`] may carry, flat. Unknown fields are ignored, as the enum ignored
/// them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WireRequest {
    #[serde(rename = "type")]
    kind: String,
    site: Option<String>,
    slot: Option<usize>,
    item_id: Option<String>,
    caption: Option<usize>,
    expected: Option<String>,
    actual: Option<String>,
    inserted: Option<String>,
    editor_text: Option<String>,
    days: Option<u32>,
    bg: Option<String>,
    notice: Option<FrameNotice>,
}

impl TryFrom<WireRequest> for Request {
    type Error = String;

    fn try_from(w: WireRequest) -> Result<Self, String> {
        let WireRequest {
            kind,
            site,
            slot,
            item_id,
            caption,
            expected,
            actual,
            inserted,
            editor_text,
            days,
            bg,
            notice,
        } = w;
        // The names are the variants' in camelCase, as the derived `Serialize` writes them.
        Ok(match kind.as_str() {
            "config" => Request::Config {
                site: required(site, "site")?,
            },
            "ready" => Request::Ready {
                site: required(site, "site")?,
            },
            "card" => Request::Card {
                site: required(site, "site")?,
                slot: required(slot, "slot")?,
            },
            "panel" => Request::Panel {
                site: required(site, "site")?,
            },
            "share" => Request::Share {
                site: required(site, "site")?,
                item_id: required(item_id, "itemId")?,
                caption: required(caption, "caption")?,
            },
            "insert" => Request::Insert {
                site: required(site, "site")?,
                item_id: required(item_id, "itemId")?,
                caption: required(caption, "caption")?,
            },
            "text" => Request::Text {
                site: required(site, "site")?,
                item_id: required(item_id, "itemId")?,
                caption: required(caption, "caption")?,
            },
            "verify" => Request::Verify {
                expected: required(expected, "expected")?,
                actual: required(actual, "actual")?,
            },
            "choose" => Request::Choose {
                item_id: required(item_id, "itemId")?,
                caption: required(caption, "caption")?,
            },
            "hide" => Request::Hide {
                item_id: required(item_id, "itemId")?,
            },
            "unhide" => Request::Unhide {
                item_id: required(item_id, "itemId")?,
            },
            "snooze" => Request::Snooze {
                item_id: required(item_id, "itemId")?,
            },
            "posted" => Request::Posted {
                site: required(site, "site")?,
                item_id: required(item_id, "itemId")?,
                inserted: required(inserted, "inserted")?,
                editor_text: required(editor_text, "editorText")?,
            },
            "notices" => Request::Notices {
                site: required(site, "site")?,
            },
            "dismissNotice" => Request::DismissNotice {
                item_id: required(item_id, "itemId")?,
            },
            "popup" => Request::Popup,
            "shareInTab" => Request::ShareInTab {
                site: required(site, "site")?,
                item_id: required(item_id, "itemId")?,
                caption: required(caption, "caption")?,
            },
            "pause" => Request::Pause {
                days: required(days, "days")?,
            },
            "status" => Request::Status,
            "syncNow" => Request::SyncNow,
            "openOptions" => Request::OpenOptions,
            "theme" => Request::Theme {
                bg: required(bg, "bg")?,
            },
            "toPage" => Request::ToPage {
                notice: required(notice, "notice")?,
            },
            other => return Err(format!("unknown request type `{other}`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_request() -> Vec<Request> {
        let (site, item_id) = (|| "linkedin".to_string(), || "launch-2026".to_string());
        let all = vec![
            Request::Config { site: site() },
            Request::Ready { site: site() },
            Request::Card {
                site: site(),
                slot: 2,
            },
            Request::Panel { site: site() },
            Request::Share {
                site: site(),
                item_id: item_id(),
                caption: 1,
            },
            Request::Insert {
                site: site(),
                item_id: item_id(),
                caption: 0,
            },
            Request::Text {
                site: site(),
                item_id: item_id(),
                caption: 3,
            },
            Request::Verify {
                expected: "a\nb".into(),
                actual: "a b".into(),
            },
            Request::Choose {
                item_id: item_id(),
                caption: 1,
            },
            Request::Hide { item_id: item_id() },
            Request::Unhide { item_id: item_id() },
            Request::Snooze { item_id: item_id() },
            Request::Posted {
                site: site(),
                item_id: item_id(),
                inserted: "Wir haben".into(),
                editor_text: "Wir haben 🎉".into(),
            },
            Request::Notices { site: site() },
            Request::DismissNotice { item_id: item_id() },
            Request::Popup,
            Request::ShareInTab {
                site: "x".into(),
                item_id: item_id(),
                caption: 0,
            },
            Request::Pause { days: 7 },
            Request::Status,
            Request::SyncNow,
            Request::OpenOptions,
            Request::Theme {
                bg: "rgb(0, 0, 0)".into(),
            },
            Request::ToPage {
                notice: FrameNotice::FrameSize {
                    token: "t".into(),
                    height: 120.0,
                    width: 300.5,
                },
            },
        ];
        // No wildcard: with a new variant this stops compiling until it is named here; list
        // it above too, and the round trip below fails until `WireRequest` reads it.
        for r in &all {
            match r {
                Request::Config { .. }
                | Request::Ready { .. }
                | Request::Card { .. }
                | Request::Panel { .. }
                | Request::Share { .. }
                | Request::Insert { .. }
                | Request::Text { .. }
                | Request::Verify { .. }
                | Request::Choose { .. }
                | Request::Hide { .. }
                | Request::Unhide { .. }
                | Request::Snooze { .. }
                | Request::Posted { .. }
                | Request::Notices { .. }
                | Request::DismissNotice { .. }
                | Request::Popup
                | Request::ShareInTab { .. }
                | Request::Pause { .. }
                | Request::Status
                | Request::SyncNow
                | Request::OpenOptions
                | Request::Theme { .. }
                | Request::ToPage { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_request_reads_back_as_written() {
        for r in every_request() {
            let json = serde_json::to_string(&r).unwrap();
            let back: Request =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, r, "{json}");
        }
    }

    #[test]
    fn reads_what_the_scripts_send() {
        // As the content scripts and the benchmark write them: extra fields are ignored.
        let r: Request =
            serde_json::from_str(r#"{"type":"card","site":"x","slot":0,"from":"test"}"#).unwrap();
        assert_eq!(
            r,
            Request::Card {
                site: "x".into(),
                slot: 0
            }
        );
        let r: Request = serde_json::from_str(r#"{"type":"syncNow"}"#).unwrap();
        assert_eq!(r, Request::SyncNow);
        let r: Request = serde_json::from_str(
            r#"{"type":"posted","site":"linkedin","itemId":"a","inserted":"x","editorText":"y"}"#,
        )
        .unwrap();
        assert!(matches!(r, Request::Posted { ref editor_text, .. } if editor_text == "y"));
    }

    #[test]
    fn refuses_what_is_not_a_request() {
        for (json, says) in [
            (r#"{"type":"card","site":"x"}"#, "missing field `slot`"),
            (
                r#"{"type":"share","site":"x","caption":1}"#,
                "missing field `itemId`",
            ),
            (r#"{"type":"launch"}"#, "unknown request type `launch`"),
            (r#"{"site":"x"}"#, "missing field `type`"),
            (r#"{"type":"card","site":"x","slot":"0"}"#, "invalid type"),
            (
                r#"{"type":"card","site":null,"slot":0}"#,
                "missing field `site`",
            ),
        ] {
            let e = serde_json::from_str::<Request>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
