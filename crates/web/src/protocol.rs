//! Messages between the content scripts, the extension frames and the background worker. One
//! definition, so the JSON shapes cannot drift between senders and receivers.

use serde::{Deserialize, Serialize};

use advocate_core::network::Network;

mod wire;

/// A request to the background worker (`runtime.sendMessage`): `{"type": "card", "site": …}`.
/// Written by the derived `Serialize`; read through `wire::WireRequest` (the same JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    try_from = "wire::WireRequest"
)]
pub enum Request {
    /// Content script start-up: site config and how many cards to place.
    Config {
        /// `linkedin` or `x`.
        site: String,
    },
    /// Content script: its features run and listen (a share waiting for the tab may start).
    Ready {
        /// Site.
        site: String,
    },
    /// The card for one slot.
    Card {
        /// Site.
        site: String,
        /// 0-based card slot on the page.
        slot: usize,
    },
    /// Everything the launcher panel shows.
    Panel {
        /// Site.
        site: String,
    },
    /// Prefill the composer in the sender's tab with this caption.
    Share {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Insert this caption into the composer the employee has open (the composer picker).
    Insert {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// The final text for a caption (Copy button).
    Text {
        /// Site.
        site: String,
        /// Item id.
        item_id: String,
        /// Caption index.
        caption: usize,
    },
    /// Content script: does the editor now hold what we inserted?
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
    /// Retraction notices for the site.
    Notices {
        /// Site.
        site: String,
    },
    /// Dismiss a retraction notice.
    DismissNotice {
        /// Item id.
        item_id: String,
    },
    /// Everything the toolbar popup shows.
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
    /// Sync status for popup/panel/options.
    Status,
    /// Sync at once (manual).
    SyncNow,
    /// Open the options page.
    OpenOptions,
    /// A frame's notice for the content script of the tab it is in, which the background
    /// forwards to that tab's top frame. Frames cannot send it themselves everywhere: Firefox
    /// (153 ESR, measured) gives an extension frame inside a web page only `runtime`, `storage`,
    /// `i18n` and `extension`, no `tabs`.
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
