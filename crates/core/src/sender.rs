//! Who sent a message, and what each sender may ask (issue #19).
//!
//! The browser checks only that a message comes from this extension. But a content script runs
//! in the LinkedIn or X page's process, and the page can read what the extension puts into it
//! (a frame's address); so each kind of message is accepted only from the part of Advocate that
//! sends it: the background, a content script in a LinkedIn or X tab, one of the extension's own
//! frames in such a tab, or its own pages (popup, options).

use crate::page_check::network_of_url;

/// The part of Advocate a message comes from, as the browser describes the sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// The background worker (Chrome's service worker, Firefox's background page).
    Background,
    /// A content script, in the top frame of a LinkedIn or X tab.
    ContentScript,
    /// One of Advocate's frames (`frame.html`) inside a tab.
    Frame,
    /// One of Advocate's pages: the popup or the options page (also when opened in a tab).
    Page,
    /// Anything else (another extension page, a frame of another kind): accepted for nothing.
    Other,
}

/// The path of one of this extension's own pages (`/frame.html`), for an address of the
/// extension: `chrome-extension://<id>/…`, or the per-session address Chrome gives frames with
/// `use_dynamic_url` (`chrome-extension://<uuid>/…`). Only the browser's own check that the
/// message comes from this extension (`sender.id`) makes such an address ours.
fn own_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("chrome-extension://")
        .or_else(|| url.strip_prefix("moz-extension://"))?;
    let path = &rest[rest.find('/')?..];
    path.split(['?', '#']).next()
}

/// Classifies a sender (already known to be this extension, by `sender.id`) from `sender.url`,
/// whether it is in a tab (`sender.tab`) and its `sender.frameId`.
pub fn classify(url: &str, in_tab: bool, frame_id: i64) -> Sender {
    if let Some(path) = own_path(url) {
        return match path {
            "/frame.html" if in_tab => Sender::Frame,
            "/background.js" | "/_generated_background_page.html" if !in_tab => Sender::Background,
            "/popup.html" | "/options.html" => Sender::Page,
            _ => Sender::Other,
        };
    }
    if in_tab && frame_id == 0 && network_of_url(url).is_some() {
        Sender::ContentScript
    } else {
        Sender::Other
    }
}

/// Requests only a content script sends: they speak for the tab it runs in.
const FROM_CONTENT_SCRIPT: &[&str] = &["config", "ready", "verify", "posted", "theme"];

/// Requests a content script may also send that extension pages send too.
const SHARED: &[&str] = &["status"];

/// Whether the background answers a request of type `kind` (the message's `type`) from `from`.
pub fn background_accepts(kind: &str, from: Sender) -> bool {
    match from {
        Sender::ContentScript => FROM_CONTENT_SCRIPT.contains(&kind) || SHARED.contains(&kind),
        // A frame shows nothing until the content script confirmed its token (`frameHello`);
        // what it sends then speaks for the employee's clicks in it.
        Sender::Frame => !matches!(kind, "posted" | "ready" | "config"),
        // Notices for a tab's content script: only a frame in that tab sends them.
        Sender::Page => !matches!(kind, "posted" | "ready" | "toPage"),
        Sender::Background | Sender::Other => false,
    }
}

/// Where the background runs: Chrome's service worker script, Firefox's generated page.
const BACKGROUND_PATHS: &[&str] = &["/background.js", "/_generated_background_page.html"];

/// The commands a content script acts on, and the extension paths each may come from. The
/// content script gets this table with its config and checks `sender.url` against it.
pub const CONTENT_SCRIPT_COMMANDS: &[(&str, &[&str])] = &[
    // Text to put into the employee's post box: only what the background composed.
    ("prefill", BACKGROUND_PATHS),
    ("copyText", BACKGROUND_PATHS),
    ("pageCheck", &["/popup.html"]),
    // A frame's notices, forwarded by the background (`toPage`, which only a frame in this
    // tab may send): whether the token it was handed is one this content script gave out, its
    // size, nothing to show, close.
    ("frameHello", BACKGROUND_PATHS),
    ("frameSize", BACKGROUND_PATHS),
    ("frameEmpty", BACKGROUND_PATHS),
    ("closePanel", BACKGROUND_PATHS),
];

/// Whether a content script acts on a command of type `kind` from `url` (`sender.url` of a
/// message the browser says is from this extension).
pub fn content_script_accepts(kind: &str, url: &str) -> bool {
    let Some(path) = own_path(url) else {
        return false;
    };
    CONTENT_SCRIPT_COMMANDS
        .iter()
        .any(|(k, paths)| *k == kind && paths.contains(&path))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl";

    #[test]
    fn senders_by_address_tab_and_frame() {
        let ext = |p: &str| format!("{ORIGIN}{p}");
        assert_eq!(
            classify(&ext("/background.js"), false, -1),
            Sender::Background
        );
        assert_eq!(
            classify(
                "moz-extension://a1b2/_generated_background_page.html",
                false,
                0
            ),
            Sender::Background
        );
        assert_eq!(
            classify(&ext("/frame.html#kind=card"), true, 12),
            Sender::Frame
        );
        assert_eq!(classify(&ext("/popup.html"), false, 0), Sender::Page);
        assert_eq!(classify(&ext("/options.html"), true, 0), Sender::Page);
        assert_eq!(
            classify("https://www.linkedin.com/feed/", true, 0),
            Sender::ContentScript
        );
        // Not the top frame, not a tab, not the sites, not our pages.
        assert_eq!(
            classify("https://www.linkedin.com/feed/", true, 3),
            Sender::Other
        );
        assert_eq!(classify("https://x.com/home", false, 0), Sender::Other);
        assert_eq!(classify("https://evil.example/", true, 0), Sender::Other);
        assert_eq!(classify(&ext("/frame.html"), false, 0), Sender::Other);
        assert_eq!(classify(&ext("/background.js"), true, 0), Sender::Other);
        // Chrome's per-session frame address (use_dynamic_url).
        assert_eq!(
            classify(
                "chrome-extension://254d0b81-0336-4aa7-b120-35e51b3f5ab1/frame.html#kind=card",
                true,
                7
            ),
            Sender::Frame
        );
        assert_eq!(classify("chrome-extension://", false, 0), Sender::Other);
    }

    #[test]
    fn the_background_answers_each_kind_from_its_senders_only() {
        // A content script speaks for its tab, and for nothing an employee clicks elsewhere.
        assert!(background_accepts("config", Sender::ContentScript));
        assert!(background_accepts("posted", Sender::ContentScript));
        assert!(!background_accepts("share", Sender::ContentScript));
        assert!(!background_accepts("hide", Sender::ContentScript));
        assert!(!background_accepts("syncNow", Sender::ContentScript));
        // Frames act on the employee's clicks; they cannot claim a share was posted.
        assert!(background_accepts("share", Sender::Frame));
        assert!(!background_accepts("posted", Sender::Frame));
        // Only a frame has notices for its tab's content script.
        assert!(background_accepts("toPage", Sender::Frame));
        assert!(!background_accepts("toPage", Sender::Page));
        assert!(!background_accepts("toPage", Sender::ContentScript));
        // Pages: the popup and the options page.
        assert!(background_accepts("popup", Sender::Page));
        assert!(!background_accepts("popup", Sender::Other));
    }

    #[test]
    fn content_scripts_take_text_only_from_the_background() {
        let ext = |p: &str| format!("{ORIGIN}{p}");
        assert!(content_script_accepts("prefill", &ext("/background.js")));
        assert!(content_script_accepts(
            "prefill",
            "moz-extension://a1/_generated_background_page.html"
        ));
        // Frames' notices come forwarded by the background, never from a frame itself.
        assert!(content_script_accepts("frameSize", &ext("/background.js")));
        assert!(!content_script_accepts(
            "frameSize",
            "chrome-extension://254d0b81-0336-4aa7-b120-35e51b3f5ab1/frame.html#kind=card"
        ));
        assert!(!content_script_accepts(
            "prefill",
            &ext("/frame.html#kind=card")
        ));
        assert!(!content_script_accepts("prefill", &ext("/popup.html")));
        assert!(!content_script_accepts("copyText", &ext("/options.html")));
        assert!(content_script_accepts("pageCheck", &ext("/popup.html")));
        assert!(content_script_accepts("frameHello", &ext("/background.js")));
        assert!(!content_script_accepts(
            "frameHello",
            &ext("/frame.html#kind=card")
        ));
        assert!(!content_script_accepts("frameHello", &ext("/popup.html")));
        assert!(!content_script_accepts("frameSize", &ext("/popup.html")));
        assert!(!content_script_accepts("whatever", &ext("/background.js")));
        assert!(!content_script_accepts(
            "prefill",
            "https://www.linkedin.com/background.js"
        ));
    }
}
