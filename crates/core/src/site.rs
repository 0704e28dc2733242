//! Per-site knowledge the content scripts are given: where to find things on the page (selector
//! lists, best first, each dated) and how to place cards and fill the composer.
//!
//! Selectors are data, not code: when LinkedIn or X change their markup, this file changes and
//! the content scripts do not.

use serde::Serialize;

use crate::link::encode;
use crate::network::Network;

/// A way to put text into a site's editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Strategy {
    /// Dispatch a synthetic `paste` ClipboardEvent; works when the editor handles paste itself
    /// (Draft.js, Quill 2, ProseMirror). `dispatchEvent` returning true means nobody handled it.
    Paste,
    /// `document.execCommand('insertText')` line by line with `insertParagraph` between lines.
    /// Works on Quill 1.3.7; **never** on Draft.js, where it kills the editor
    /// (docs/ARCHITECTURE.md, "Prefill").
    InsertText,
}

/// How to tell posts apart on a virtualised timeline, where index in the DOM is not position in
/// the feed: an attribute of an element inside the post that is unique to it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostKey {
    /// Element inside the post that carries the key.
    pub selector: &'static str,
    /// Attribute holding the key.
    pub attribute: &'static str,
}

/// Everything a content script needs to know about one site.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteConfig {
    /// `linkedin` or `x`.
    pub site: &'static str,
    /// The network posts go to.
    pub network: Network,
    /// Path prefixes of the pages with a feed, where in-feed cards go.
    pub feed_paths: &'static [&'static str],
    /// The feed's list container, best first.
    pub feed_list: &'static [&'static str],
    /// One post inside the feed list, best first.
    pub post: &'static [&'static str],
    /// Identifies posts on a virtualised timeline (None: count posts in the DOM).
    pub post_key: Option<PostKey>,
    /// Whether the card goes inside the post's element (after its content) rather than after
    /// it. X's virtualised timeline re-measures a cell only when its own content grows.
    pub card_inside_post: bool,
    /// Inline style of the card's wrapper, to sit in the feed like a post does.
    pub card_style: &'static str,
    /// Elements that open the composer, best first.
    pub start_post: &'static [&'static str],
    /// A page address that opens the composer, when the site has one.
    pub compose_path: Option<&'static str>,
    /// The page the popup opens to share there.
    pub home_url: &'static str,
    /// The employee's own profile link on the page (for "your recent activity"), if any.
    pub profile_link: &'static [&'static str],
    /// The composer's dialog, best first.
    pub composer: &'static [&'static str],
    /// The editable element, best first.
    pub editor: &'static [&'static str],
    /// The site's own Post buttons (watched for shared detection, never clicked).
    pub post_button: &'static [&'static str],
    /// Insertion strategies in order.
    pub strategies: &'static [Strategy],
    /// Whether the paste also carries an HTML flavour (one `<p>` per line). Editors that parse
    /// pasted HTML keep blank lines that way; ProseMirror's plain-text paste merges them.
    pub paste_html: bool,
    /// The first card goes after this many posts…
    pub first_slot: usize,
    /// …then one after every this many more…
    pub every: usize,
    /// …up to this many cards per page.
    pub max_cards: usize,
    /// How long to wait for the composer's editor to appear and settle, ms.
    pub editor_timeout_ms: u32,
    /// How long the editor must stay the same element before inserting, ms.
    pub editor_stable_ms: u32,
}

/// LinkedIn, as of November 2026.
pub const LINKEDIN: SiteConfig = SiteConfig {
    site: "linkedin",
    network: Network::Linkedin,
    // 2026-11: the feed is served under /feed/ and, for prefetched sessions, /preload/.
    feed_paths: &["/feed/", "/preload/"],
    feed_list: &[
        // 2026-11: the lazy main-feed container of the current React feed.
        "[componentkey='container-update-list_mainFeed-lazy-container']",
        // Legacy Ember feed (still served to some accounts in 2026).
        ".scaffold-finite-scroll__content",
    ],
    post: &[
        // 2026-11: each lazily mounted update.
        "div[data-lazy-mount-id]",
        // Legacy Ember feed.
        ".feed-shared-update-v2",
    ],
    post_key: None,
    card_inside_post: false,
    card_style: "display:block;margin:0 0 8px 0;padding:0;",
    start_post: &[
        // 2026-11: the avatar in the share box; its parent is the clickable role=button.
        "[role=button]:has(> #shareboxProfilePictureComponentRef)",
        "#shareboxProfilePictureComponentRef",
        // Legacy share box trigger.
        ".share-box-feed-entry__trigger",
        // Localised label: last resort (English UI only).
        "button[aria-label*='Start a post']",
    ],
    compose_path: None,
    home_url: "https://www.linkedin.com/feed/",
    profile_link: &[],
    composer: &["[role=dialog]", ".share-box-v2__modal"],
    editor: &[
        // Classic share box: Quill 1.x (may sit inside an open shadow root).
        ".ql-editor[contenteditable='true']",
        // 2026 share dialog.
        "[componentkey='ShareBox_textEditor'][contenteditable='true']",
        ".ProseMirror[contenteditable='true']",
        "div[role='textbox'][contenteditable='true']",
    ],
    post_button: &[
        ".share-actions__primary-action",
        "[componentkey='ShareBox_postButton']",
    ],
    strategies: &[Strategy::Paste, Strategy::InsertText],
    paste_html: true,
    first_slot: 3,
    every: 15,
    max_cards: 3,
    editor_timeout_ms: 8_000,
    editor_stable_ms: 250,
};

/// X (and twitter.com), as of November 2026.
pub const X: SiteConfig = SiteConfig {
    site: "x",
    network: Network::X,
    feed_paths: &["/home"],
    feed_list: &[
        // 2026-11: the home timeline's labelled list ("Timeline: Your Home Timeline", localised).
        "[data-testid='primaryColumn'] [aria-label^='Timeline']",
        "[data-testid='primaryColumn'] section[role='region']",
    ],
    // 2026-11: timeline cells; only those holding a post (not "Who to follow" modules).
    post: &["[data-testid='cellInnerDiv']:has(article[data-testid='tweet'])"],
    // 2026-11: X virtualises the timeline (cells unmount and remount while scrolling); the
    // post's own permalink (the one around its timestamp) identifies it.
    post_key: Some(PostKey {
        selector: "article[data-testid='tweet'] a[href*='/status/']:has(time)",
        attribute: "href",
    }),
    card_inside_post: true,
    card_style: "display:block;margin:0 16px 12px 16px;padding:0;",
    start_post: &[
        // 2026-11: the side navigation's "Post" button links to /compose/post.
        "a[data-testid='SideNav_NewTweet_Button']",
        "a[href='/compose/post']",
    ],
    compose_path: Some("/compose/post"),
    home_url: "https://x.com/home",
    // 2026-11: the side navigation's "Profile" link, href="/<handle>".
    profile_link: &["a[data-testid='AppTabBar_Profile_Link']"],
    composer: &["[role='dialog']"],
    // 2026-11: X renders two Draft.js editors with this id (inline box and modal): the content
    // script takes the visible one inside the composer.
    editor: &["[data-testid='tweetTextarea_0'][contenteditable='true']"],
    post_button: &[
        "[data-testid='tweetButton']",
        "[data-testid='tweetButtonInline']",
    ],
    // Paste only: execCommand on Draft.js puts the text into the model and then React throws
    // `removeChild` and the editor dies (docs/ARCHITECTURE.md, measured on Draft.js 0.11.7).
    strategies: &[Strategy::Paste],
    paste_html: false,
    first_slot: 3,
    every: 15,
    max_cards: 3,
    editor_timeout_ms: 8_000,
    editor_stable_ms: 250,
};

/// The share page that opens LinkedIn's composer with `text` in it (last-resort fallback).
pub fn linkedin_share_url(text: &str) -> String {
    format!(
        "https://www.linkedin.com/feed/?shareActive=true&text={}",
        encode(text)
    )
}

/// The intent page that opens X's composer with `text` in it (last-resort fallback).
pub fn x_intent_url(text: &str) -> String {
    format!("https://x.com/intent/post?text={}", encode(text))
}

/// The site config for a network.
pub fn config(network: Network) -> &'static SiteConfig {
    match network {
        Network::Linkedin => &LINKEDIN,
        Network::X => &X,
    }
}

/// Where the employee finds their recent posts on `network`, to delete or edit a retracted
/// one. LinkedIn resolves `/in/me/` to the signed-in member. On X the content script passes the
/// profile link it found on the page (`/handle`); anything else falls back to the home page.
pub fn activity_url(network: Network, profile_path: Option<&str>) -> String {
    match network {
        Network::Linkedin => "https://www.linkedin.com/in/me/recent-activity/all/".to_string(),
        Network::X => match profile_path {
            Some(p)
                if p.len() > 1
                    && p.len() <= 16
                    && p.starts_with('/')
                    && p[1..]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                format!("https://x.com{p}")
            }
            _ => "https://x.com/home".to_string(),
        },
    }
}

/// The fallback URL that opens `network`'s composer with `text`.
pub fn share_url(network: Network, text: &str) -> String {
    match network {
        Network::Linkedin => linkedin_share_url(text),
        Network::X => x_intent_url(text),
    }
}

/// Zero-based post counts after which cards go on a page with `posts` posts: after the 3rd,
/// then every 15 (18th, 33rd, …), at most `max_cards`.
pub fn card_slots(cfg: &SiteConfig, posts: usize) -> Vec<usize> {
    (0..cfg.max_cards)
        .map(|k| cfg.first_slot + k * cfg.every)
        .take_while(|&after| after <= posts)
        .collect()
}

/// The HTML flavour of a paste: one `<p>` per line (`<p><br></p>` for a blank one), every
/// character of the text escaped, so the editor parses structure but never markup from a feed.
pub fn paste_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split('\n') {
        out.push_str("<p>");
        if line.is_empty() {
            out.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        out.push_str("</p>");
    }
    out
}

/// Normalises editor text for comparison: NBSP → space, zero-width characters removed,
/// line endings unified, trailing spaces and surrounding blank lines dropped. Editors differ in
/// exactly these (Quill ends with "\n", ProseMirror turns spaces into NBSP).
pub fn normalize_editor_text(s: &str) -> String {
    let cleaned: String = s
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !matches!(c, '\u{200B}' | '\u{200C}' | '\u{FEFF}' | '\u{2060}'))
        .map(|c| if c == '\u{00A0}' { ' ' } else { c })
        .collect();
    cleaned
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_matches('\n')
        .to_string()
}

/// Whether what the editor shows contains the text we inserted (the employee may have typed
/// something before choosing a suggestion).
pub fn verify_insert(expected: &str, editor_text: &str) -> bool {
    let want = normalize_editor_text(expected);
    !want.is_empty() && normalize_editor_text(editor_text).contains(&want)
}

/// Whether the composer, as the employee posts it, still holds what we inserted: its link, or
/// its first line. The employee may have edited around it (that is the point); a composer from
/// which our text was removed does not count as sharing the suggestion.
pub fn still_contains(inserted: &str, editor_text: &str) -> bool {
    let editor = normalize_editor_text(editor_text);
    let inserted = normalize_editor_text(inserted);
    let links = crate::text::x::extract_urls(&inserted);
    if links.iter().any(|r| editor.contains(&inserted[r.clone()])) {
        return true;
    }
    inserted
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .is_some_and(|first| editor.contains(first))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_after_third_then_every_fifteen_bounded() {
        assert_eq!(card_slots(&LINKEDIN, 2), Vec::<usize>::new());
        assert_eq!(card_slots(&LINKEDIN, 3), vec![3]);
        assert_eq!(card_slots(&LINKEDIN, 20), vec![3, 18]);
        assert_eq!(card_slots(&LINKEDIN, 500), vec![3, 18, 33]);
    }

    #[test]
    fn verification_ignores_editor_quirks_but_not_content() {
        let text = "Zeile eins\n\nZeile  zwei https://b.de/?a=1 #B";
        assert!(verify_insert(
            text,
            "Zeile eins\n\nZeile\u{a0} zwei https://b.de/?a=1 #B\n"
        ));
        assert!(verify_insert(
            text,
            "Mein Satz.\nZeile eins\r\n\r\nZeile  zwei https://b.de/?a=1 #B"
        ));
        assert!(!verify_insert(
            text,
            "Zeile eins\nZeile  zwei https://b.de/?a=1 #B"
        ));
        assert!(!verify_insert(text, "Zeile eins\n\nZeile  zwei"));
        assert!(!verify_insert("", ""));
    }

    #[test]
    fn a_post_still_contains_our_text_when_edited_around() {
        let ours = "Proud of Q4!\n\nhttps://b.de/q4?utm_source=x\n\n#B";
        assert!(still_contains(
            ours,
            "My own words.\nProud of Q4!\n\nhttps://b.de/q4?utm_source=x\n\n#B"
        ));
        assert!(still_contains(
            ours,
            "Rewritten completely https://b.de/q4?utm_source=x"
        ));
        assert!(still_contains(ours, "Proud of Q4! (edited)"));
        assert!(!still_contains(ours, "Something else entirely"));
    }

    #[test]
    fn activity_links_are_built_not_taken() {
        assert_eq!(
            activity_url(Network::X, Some("/anna_b")),
            "https://x.com/anna_b"
        );
        assert_eq!(
            activity_url(Network::X, Some("//evil.com")),
            "https://x.com/home"
        );
        assert_eq!(activity_url(Network::X, Some("/a?b")), "https://x.com/home");
        assert!(
            activity_url(Network::Linkedin, None).starts_with("https://www.linkedin.com/in/me/")
        );
    }

    #[test]
    fn paste_html_escapes_feed_markup_and_keeps_blank_lines() {
        assert_eq!(
            paste_html("a <img src=x onerror=alert(1)>\n\n\"q\" & 'b'"),
            "<p>a &lt;img src=x onerror=alert(1)&gt;</p><p><br></p><p>&quot;q&quot; &amp; &#39;b&#39;</p>"
        );
    }

    #[test]
    fn x_never_uses_exec_command() {
        // Draft.js dies on execCommand; X must only ever get a paste.
        assert_eq!(X.strategies, &[Strategy::Paste]);
        assert!(config(Network::X)
            .strategies
            .iter()
            .all(|s| *s != Strategy::InsertText));
    }

    #[test]
    fn share_urls_encode_everything() {
        assert_eq!(
            linkedin_share_url("a b&c\n#d"),
            "https://www.linkedin.com/feed/?shareActive=true&text=a%20b%26c%0A%23d"
        );
        assert_eq!(x_intent_url("ü"), "https://x.com/intent/post?text=%C3%BC");
    }
}
