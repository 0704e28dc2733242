//! Per-site knowledge the content scripts are given: where to find things on the page (selector
//! lists, best first, each dated) and how to place cards and fill the composer.
//!
//! Selectors are data, not code: when LinkedIn or X change their markup, this file changes and
//! the content scripts do not.

use serde::{Serialize, Serializer};

use crate::link::encode;
use crate::network::Network;

mod linkedin;
mod x;

pub use linkedin::LINKEDIN;
pub use x::X;

/// One CSS selector and the public evidence for it. LinkedIn and X change their markup often and
/// roll layouts out per account, so every selector says when and where its shape was last seen:
/// when it stops matching, the page check (`page_check`) names it, and this date tells how old
/// the knowledge was. Content scripts receive only the CSS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sel {
    /// The CSS selector.
    pub css: &'static str,
    /// When the shape was last seen in the public source (`YYYY-MM` or `YYYY-MM-DD`).
    pub seen: &'static str,
    /// Where: repository and path (or the kind of public material), so it can be read again.
    pub source: &'static str,
}

impl Serialize for Sel {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.css)
    }
}

/// A selector with its evidence (shorthand for the site tables).
pub(crate) const fn sel(css: &'static str, seen: &'static str, source: &'static str) -> Sel {
    Sel { css, seen, source }
}

/// How Share gets the site's composer open on a layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OpenComposer {
    /// Click the site's own "start a post" control; if no composer appears within
    /// `composer_open_ms`, go to the share URL instead.
    Click,
    /// Go to the site's share URL, which opens its composer (the page reloads; the background
    /// keeps the text for the tab and the content script fills it in after the load).
    ShareUrl,
}

/// One of the page layouts a site serves (sites roll new layouts out per account).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Layout {
    /// Name used in the page check and the diagnostics (`react`, `ember`, `desktop`, `mobile`).
    pub name: &'static str,
    /// The layout is in use when any of these matches.
    pub marker: &'static [Sel],
    /// How Share opens the composer on it.
    pub open: OpenComposer,
}

/// A way to put text into a site's editor. Each applies to one kind of element; the content
/// script tries them in order and skips those that do not fit the editor it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Strategy {
    /// Dispatch a synthetic `paste` ClipboardEvent into a contenteditable; works when the editor
    /// handles paste itself (Draft.js, Quill 2, ProseMirror/Tiptap). `dispatchEvent` returning
    /// true means nobody handled it.
    Paste,
    /// `document.execCommand('insertText')` line by line with `insertParagraph` between lines,
    /// into a contenteditable. Works on Quill 1.3.7; **never** on Draft.js, where it kills the
    /// editor (docs/ARCHITECTURE.md, measured on Draft.js 0.11.7).
    InsertText,
    /// Set a `<textarea>`'s value through the native setter and dispatch `input`, which is how
    /// React-controlled textareas (X at mobile width) take text.
    SetValue,
}

/// How to tell posts apart on a virtualised timeline, where index in the DOM is not position in
/// the feed: an attribute of an element inside the post that is unique to it.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostKey {
    /// Element inside the post that carries the key.
    pub selector: Sel,
    /// Attribute holding the key.
    pub attribute: &'static str,
}

/// Everything a content script needs to know about one site. Every list is best first; the page
/// check reports which entry matched.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteConfig {
    /// `linkedin` or `x`.
    pub site: &'static str,
    /// The network posts go to.
    pub network: Network,
    /// The layouts the site serves, tried in order (the first whose marker matches).
    pub layouts: &'static [Layout],
    /// Path prefixes of the pages with a feed, where in-feed cards go…
    pub feed_paths: &'static [&'static str],
    /// …except these (a single post under `/feed/update/` is not a feed).
    pub not_feed_paths: &'static [&'static str],
    /// The feed's list container.
    pub feed_list: &'static [Sel],
    /// One post inside the feed list.
    pub post: &'static [Sel],
    /// Identifies posts on a virtualised timeline (None: count posts in the DOM).
    pub post_key: Option<PostKey>,
    /// Whether the card goes inside the post's element (after its content) rather than after
    /// it. X's virtualised timeline re-measures a cell only when its own content grows.
    pub card_inside_post: bool,
    /// Inline style of the card's wrapper, to sit in the feed like a post does.
    pub card_style: &'static str,
    /// ARIA role of the card's wrapper where the feed is an ARIA list (its children must be
    /// list items), if any.
    pub card_role: Option<&'static str>,
    /// The site's own "start a post" controls. Anything that is, or sits inside, or holds a
    /// link is never clicked, unless the link goes to `compose_path` itself.
    pub start_post: &'static [Sel],
    /// The page address of the composer, when the site has one.
    pub compose_path: Option<&'static str>,
    /// The page the popup opens to share there.
    pub home_url: &'static str,
    /// The employee's own profile link on the page (for "your recent activity"), if any.
    pub profile_link: &'static [Sel],
    /// Elements with an open shadow root the site renders parts of its UI into (a composer may
    /// open there): they are searched and watched as well as the document.
    pub shadow_hosts: &'static [Sel],
    /// The composer: a dialog, or the page that holds the editor.
    pub composer: &'static [Sel],
    /// The editable element, searched only inside a composer (posts hold comment editors of
    /// the same kind, and LinkedIn keeps a hidden copy of its editor outside the dialog).
    pub editor: &'static [Sel],
    /// Editors that are a composer of their own, outside any dialog (X's box at the top of the
    /// home timeline): the picker appears beside them when they have focus. Comment boxes are
    /// not among them.
    pub inline_editor: &'static [Sel],
    /// The site's own Post buttons (watched for shared detection, never clicked). Where none
    /// matches, the composer's last enabled button that shows only text is taken: sites give
    /// Post no stable attribute, and every other footer button there is an icon.
    pub post_button: &'static [Sel],
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
    /// How long to wait after clicking "start a post" for a composer to appear, ms, before
    /// going to the share URL instead. Generous (3 s, was 1.5): twice in full test runs on a
    /// busy 2-core machine a Share on a layout whose click does open the composer went to the
    /// share page instead, and a layout where a click never opens one is remembered for the
    /// session, so that wait is paid once.
    pub composer_open_ms: u32,
    /// How long to wait for the composer's editor to appear and settle, ms.
    pub editor_timeout_ms: u32,
    /// How long after the composer's editor appeared the site may still swap it for another
    /// or move its caret, ms. The caption goes in at once; until this has passed (or the
    /// employee types or clicks), Advocate puts it into a replacement editor and the caret back.
    pub editor_settle_ms: u32,
}

impl SiteConfig {
    /// Every selector of the site with the name of its list, for the evidence test and the
    /// diagnostics.
    pub fn selector_lists(&self) -> Vec<(&'static str, &'static [Sel])> {
        let mut lists = vec![
            ("feedList", self.feed_list),
            ("post", self.post),
            ("startPost", self.start_post),
            ("profileLink", self.profile_link),
            ("shadowHosts", self.shadow_hosts),
            ("composer", self.composer),
            ("editor", self.editor),
            ("inlineEditor", self.inline_editor),
            ("postButton", self.post_button),
        ];
        for layout in self.layouts {
            lists.push((layout.name, layout.marker));
        }
        lists
    }
}

/// What comes after the content script tried to put a caption into the site's composer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// The caption is in the composer: nothing more.
    Done,
    /// Go to the site's share URL, which opens its composer (and may fill it) without the
    /// clipboard; the background keeps the caption for the tab and fills it in after the load.
    ShareUrl,
    /// Put the caption on the clipboard with a visible "press Ctrl+V" hint.
    Clipboard,
}

/// The fallback order when the in-page composer could not be opened or filled: the site's own
/// share URL first (it fills the site's composer without the clipboard), the clipboard last.
/// Never the share URL into a composer the employee already has open (the page would reload
/// and lose their draft), and never twice (a page that came from the share URL and still could
/// not be filled would loop).
pub fn after_prefill(inserted: bool, into_open: bool, via_share_url: bool) -> NextStep {
    if inserted {
        NextStep::Done
    } else if into_open || via_share_url {
        NextStep::Clipboard
    } else {
        NextStep::ShareUrl
    }
}

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
        // Draft.js dies on execCommand; X gets a paste, or a value for its mobile textarea.
        assert_eq!(X.strategies, &[Strategy::Paste, Strategy::SetValue]);
        assert!(config(Network::X)
            .strategies
            .iter()
            .all(|s| *s != Strategy::InsertText));
    }

    /// `YYYY-MM` or `YYYY-MM-DD`, in 2024 or later.
    fn is_date(s: &str) -> bool {
        let parts: Vec<&str> = s.split('-').collect();
        let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
        match parts.as_slice() {
            [y, m] => digits(y, 4) && digits(m, 2) && *y >= "2024",
            [y, m, d] => digits(y, 4) && digits(m, 2) && digits(d, 2) && *y >= "2024",
            _ => false,
        }
    }

    #[test]
    fn every_selector_names_its_evidence() {
        for cfg in [&LINKEDIN, &X] {
            let mut lists = cfg.selector_lists();
            let key = cfg.post_key.map(|k| [k.selector]);
            if let Some(k) = &key {
                lists.push(("postKey", k));
            }
            for (name, list) in lists {
                for s in list {
                    assert!(
                        is_date(s.seen),
                        "{} {name} `{}`: seen {:?} is not a date",
                        cfg.site,
                        s.css,
                        s.seen
                    );
                    assert!(
                        s.source.len() > 10,
                        "{} {name} `{}` has no source",
                        cfg.site,
                        s.css
                    );
                    assert!(!s.css.trim().is_empty());
                }
            }
        }
    }

    #[test]
    fn the_avatar_is_never_a_share_trigger() {
        // The share box's avatar holds a link to the member's own profile (2026 captures).
        for s in LINKEDIN.start_post {
            assert!(!s.css.contains("shareboxProfilePicture"), "{}", s.css);
        }
    }

    #[test]
    fn every_layout_has_a_marker() {
        for cfg in [&LINKEDIN, &X] {
            assert!(!cfg.layouts.is_empty());
            for l in cfg.layouts {
                assert!(!l.marker.is_empty(), "{} {}", cfg.site, l.name);
            }
        }
    }

    #[test]
    fn the_content_script_gets_plain_selectors() {
        let json = serde_json::to_value(&LINKEDIN).unwrap_or_default();
        assert_eq!(json["feedList"][0], "[data-testid='mainFeed']");
        assert_eq!(json["layouts"][0]["marker"][0], "body[data-rehydrated]");
        assert_eq!(json["layouts"][0]["open"], "click");
        assert_eq!(json["cardRole"], "listitem");
        let x = serde_json::to_value(&X).unwrap_or_default();
        assert_eq!(
            x["postKey"]["selector"],
            "article[data-testid='tweet'] a[href*='/status/']:has(time)"
        );
        assert_eq!(x["strategies"][1], "setValue");
    }

    #[test]
    fn the_share_url_comes_before_the_clipboard_but_never_twice() {
        assert_eq!(after_prefill(true, false, false), NextStep::Done);
        assert_eq!(after_prefill(true, true, true), NextStep::Done);
        assert_eq!(after_prefill(false, false, false), NextStep::ShareUrl);
        // From the share URL already: no loop.
        assert_eq!(after_prefill(false, false, true), NextStep::Clipboard);
        // The employee's own open composer: no reload that would lose their draft.
        assert_eq!(after_prefill(false, true, false), NextStep::Clipboard);
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
