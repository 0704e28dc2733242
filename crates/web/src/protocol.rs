//! Messages between the content scripts, the extension frames and the background worker, and
//! their replies. One definition of each, so the JSON shapes cannot drift between senders and
//! receivers: the requests and commands here, the replies here or, where a reply is a view
//! the core computes, in `advocate_core::view` (each request names its reply).

use serde::{Deserialize, Serialize};

use advocate_core::network::Network;
use advocate_core::settings::Placement;
use advocate_core::site::SiteConfig;

/// A request to the background worker (`runtime.sendMessage`): `{"type": "card", "site": …}`.
/// Fields a variant does not have are ignored. Requests that only change something (`Choose`,
/// `Hide`, `Pause`, …) are answered `true`; `Posted` with whether the composer still held the
/// text, so that the share counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Request {
    /// Content script start-up: site config and how many cards to place. Reply: [`ConfigReply`].
    Config {
        /// `linkedin` or `x`.
        site: String,
    },
    /// Content script: its features run and listen (a share waiting for the tab may start).
    Ready {
        /// Site.
        site: String,
    },
    /// The card for one slot. Reply: `advocate_core::view::CardView` or `null`.
    Card {
        /// Site.
        site: String,
        /// 0-based card slot on the page.
        slot: usize,
    },
    /// Everything the launcher panel (and the composer picker) shows. Reply:
    /// `advocate_core::view::PanelView`.
    Panel {
        /// Site.
        site: String,
    },
    /// Prefill the composer in the sender's tab with this caption. Reply: [`PrefillResult`].
    Share {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Insert this caption into the composer the employee has open (the composer picker).
    /// Reply: [`PrefillResult`].
    Insert {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// The final text for a caption (Copy button). Reply: `advocate_core::compose::Composed`.
    Text {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Content script: does the editor now hold what we inserted? Reply:
    /// `advocate_core::site::verify_insert`'s verdict.
    Verify {
        /// What we inserted.
        expected: String,
        /// What the editor reads back.
        actual: String,
    },
    /// Remember the employee's chosen variant.
    Choose {
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Hide an item.
    Hide {
        /// Item id.
        item_id: String,
    },
    /// Undo hiding or snoozing.
    Unhide {
        /// Item id.
        item_id: String,
    },
    /// Hide an item for a week ("Later").
    Snooze {
        /// Item id.
        item_id: String,
    },
    /// Content script: the employee clicked the site's Post button while the composer held
    /// text we inserted for this item.
    Posted {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// What we inserted.
        inserted: String,
        /// What the composer holds now.
        editor_text: String,
    },
    /// Retraction notices for the site. Reply: a list of `advocate_core::view::NoticeView`.
    Notices {
        /// Site.
        site: String,
    },
    /// Dismiss a retraction notice.
    DismissNotice {
        /// Item id.
        item_id: String,
    },
    /// Everything the toolbar popup shows. Reply: `advocate_core::view::PopupView`.
    Popup,
    /// Popup: open the network's composer in a new tab and prefill it there.
    ShareInTab {
        /// `linkedin` or `x`.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Pause suggestions for this many days (0: resume).
    Pause {
        /// Days.
        days: u32,
    },
    /// Sync status for popup/panel/options. Reply: `advocate_core::view::StatusView`.
    Status,
    /// Sync at once (manual). Reply: the status afterwards, `advocate_core::view::StatusView`.
    SyncNow,
    /// Open the options page.
    OpenOptions,
    /// A frame's notice for the content script of the tab it is in, which the background
    /// forwards to that tab's top frame. Frames cannot send it themselves everywhere: Firefox
    /// (153 ESR, measured) gives an extension frame inside a web page only `runtime`, `storage`,
    /// `i18n` and `extension`, no `tabs`. Reply: the content script's answer (`true` for a
    /// token it confirms), or `null`.
    ToPage {
        /// What the frame tells its content script.
        notice: FrameNotice,
    },
    /// Content script broadcast: the page's background colour changed (frames re-theme; the
    /// worker ignores it).
    Theme {
        /// CSS colour of the page background.
        bg: String,
    },
}

/// The reply to [`Request::Config`]: what the content script needs to run on its site.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigReply {
    /// The site's selectors and behaviour.
    pub config: &'static SiteConfig,
    /// Whether Advocate appears on this site at all (the network is switched on).
    pub enabled: bool,
    /// Suggestions are paused: no cards and no picker; the launcher says so.
    pub paused: bool,
    /// Where cards go on a page.
    pub placement: Placement,
    /// How many cards there are to place.
    pub cards: usize,
    /// How many retraction notices there are to show.
    pub notices: usize,
    /// The commands the content script acts on and the extension paths each may come from.
    pub senders: &'static [(&'static str, &'static [&'static str])],
    /// Layouts where a click on the site's "start a post" control opened nothing this session:
    /// the next Share goes to the share page at once instead of waiting for the composer again.
    pub click_opens_nothing: Vec<String>,
}

/// Sent by the background to the content script of a tab (`tabs.sendMessage`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TabCommand {
    /// Insert `text` into the site's composer: the open one (picker) or a newly opened one.
    Prefill {
        /// Final text.
        text: String,
        /// The same as one `<p>` per line, escaped, when the site's paste should carry HTML.
        html: Option<String>,
        /// Fallback page that opens the composer with the text.
        share_url: String,
        /// Insert into the composer the employee already has open, at the caret.
        into_open: bool,
        /// The item (remembered for shared detection when the employee clicks Post).
        item_id: String,
        /// Put the caret at the start, where the employee's own sentence goes.
        caret_at_start: bool,
        /// The page was opened through the share URL: the site opens its composer itself (and
        /// may have filled it already); no second trip to the share URL.
        #[serde(default)]
        via_share_url: bool,
    },
    /// The popup asks what the content script finds on the page (`page_check::PageReport`).
    PageCheck,
    /// The caption could not be put into the composer: copy it to the clipboard and show the
    /// "press Ctrl+V" hint.
    CopyText {
        /// Final text.
        text: String,
        /// The item (remembered for shared detection when the employee pastes and posts).
        item_id: String,
    },
}

impl TabCommand {
    /// The same prefill, for a page opened through the share URL.
    pub fn via_share_url(mut self) -> TabCommand {
        if let TabCommand::Prefill { via_share_url, .. } = &mut self {
            *via_share_url = true;
        }
        self
    }
}

/// What the content script reports after copying a caption (`TabCommand::CopyText`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CopyResult {
    /// On the clipboard.
    pub copied: bool,
}

/// What became of a share: the content script reports `ok`, `method` and `detail`; the
/// background adds what it did next (`opened_share_url`, `copied`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PrefillResult {
    /// Inserted and verified.
    pub ok: bool,
    /// Which strategy worked (`paste`, `insertText`, `setValue`, or `already` when the site
    /// had filled it from the share URL).
    pub method: Option<String>,
    /// Not inserted, but copied to the clipboard.
    pub copied: bool,
    /// Not inserted here: the site's share page is opening with the text.
    pub opened_share_url: bool,
    /// What went wrong, for the log.
    pub detail: Option<String>,
    /// A click on the site's "start a post" control opened nothing (its newest launcher
    /// ignores a script's click): for the rest of the session, shares on this `layout` go to
    /// the share URL at once.
    pub click_opens_nothing: bool,
    /// The layout the content script found.
    pub layout: Option<String>,
}

/// Sent by a frame to its tab's content script, through the background ([`Request::ToPage`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FrameNotice {
    /// Is this token one the content script handed out (by postMessage to the frame it placed)?
    /// Answered `true` once; a frame the page embedded itself never gets a true answer.
    FrameHello {
        /// The token the frame was handed.
        token: String,
    },
    /// The frame's content size changed.
    FrameSize {
        /// The frame's token.
        token: String,
        /// CSS pixels.
        height: f64,
        /// CSS pixels (frames whose width follows their content, like the picker).
        width: f64,
    },
    /// The frame has nothing to show; remove it.
    FrameEmpty {
        /// Token.
        token: String,
    },
    /// Close the panel.
    ClosePanel {
        /// Token.
        token: String,
    },
}

/// The site a content script or frame belongs to.
pub fn site_network(site: &str) -> Option<Network> {
    match site {
        "linkedin" => Some(Network::Linkedin),
        "x" => Some(Network::X),
        _ => None,
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
            Request::ToPage {
                notice: FrameNotice::FrameHello { token: "t".into() },
            },
        ];
        // No wildcard: with a new variant this stops compiling until it is named here; list
        // it above too, so that the round trip covers it.
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
        // A frame's notice, nested with its own `type`, as frame.rs sends it through the
        // background (whole pixels arrive as integers).
        let r: Request = serde_json::from_str(
            r#"{"type":"toPage","notice":{"type":"frameSize","token":"t","height":120,"width":300.5}}"#,
        )
        .unwrap();
        assert_eq!(
            r,
            Request::ToPage {
                notice: FrameNotice::FrameSize {
                    token: "t".into(),
                    height: 120.0,
                    width: 300.5
                }
            }
        );
    }

    #[test]
    fn refuses_what_is_not_a_request() {
        for (json, says) in [
            (r#"{"type":"card","site":"x"}"#, "missing field `slot`"),
            (
                r#"{"type":"share","site":"x","caption":1}"#,
                "missing field `itemId`",
            ),
            (r#"{"type":"launch"}"#, "unknown variant `launch`"),
            (r#"{"site":"x"}"#, "missing field `type`"),
            (r#"{"type":"toPage"}"#, "missing field `notice`"),
            (
                r#"{"type":"toPage","notice":{"type":"prefill","text":"x"}}"#,
                "unknown variant `prefill`",
            ),
            (r#"{"type":"card","site":"x","slot":"0"}"#, "invalid type"),
            (
                r#"{"type":"card","site":null,"slot":0}"#,
                "invalid type: null",
            ),
        ] {
            let e = serde_json::from_str::<Request>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
