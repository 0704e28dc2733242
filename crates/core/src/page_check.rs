//! The page check: what the content script found on a LinkedIn or X page, judged for the popup
//! ("LinkedIn: suggestions in the feed ✓, composer ✓") and written as a short report an
//! employee can paste into a bug ticket.
//!
//! The content script reports only which entry of each selector list matched and how many posts
//! it counted, never text, names or addresses from the page; the report built here adds nothing
//! but this extension's own selectors, versions and counts.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::network::Network;
use crate::site::{self, Sel, SiteConfig};

/// How the content script found one of its anchors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Found {
    /// Whether it has looked: the composer, its editor and Post button exist only while the
    /// composer is open, so they stay unchecked until the employee or Share opened it.
    pub checked: bool,
    /// Index of the matching entry in the site's list for this anchor.
    pub selector: Option<usize>,
    /// Found without a selector (the Post button: the composer's text-only button).
    pub heuristic: bool,
    /// How many (posts on the page).
    pub count: u32,
}

impl Found {
    fn found(&self) -> bool {
        self.selector.is_some() || self.heuristic
    }
}

/// What the content script reports about the page it runs on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PageReport {
    /// `linkedin` or `x`.
    pub site: String,
    /// Index of the layout whose marker matched, if any.
    pub layout: Option<usize>,
    /// Whether the page is one where the feed and its cards belong.
    pub feed_page: bool,
    /// The feed's list.
    pub feed_list: Found,
    /// Posts in the list (`count`: how many).
    pub posts: Found,
    /// The site's own "start a post" control.
    pub share_trigger: Found,
    /// The composer (last seen open on this page).
    pub composer: Found,
    /// The editor inside it.
    pub editor: Found,
    /// Its Post button.
    pub post_button: Found,
    /// Cards placed on the page.
    pub cards: u32,
    /// The employee switched Advocate off for this network: nothing is looked for.
    pub switched_off: bool,
}

/// The feed part of the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum FeedCheck {
    /// The feed and its posts are found: cards go into it.
    Found {
        /// Posts on the page now.
        posts: u32,
        /// Cards placed.
        cards: u32,
    },
    /// The list is there but holds no post Advocate recognises (yet).
    NoPosts,
    /// A feed page, but its list is not found: no cards, the launcher still works.
    Missing,
    /// Not a page with a feed (a profile, a single post, messages): nothing to find.
    NotFeedPage,
}

/// The composer part of the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "state")]
pub enum ComposerCheck {
    /// The composer was open on this page and its editor was found.
    Found,
    /// The control that opens it is found (it has not been open yet).
    Ready,
    /// Neither the composer nor its control: Share goes through the site's share page.
    TriggerMissing,
    /// The composer was open but held no editor Advocate recognises: the text goes to the
    /// clipboard.
    EditorMissing,
}

/// The page check's verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PageCheck {
    /// The site's network.
    pub network: Network,
    /// The recognised layout, if any.
    pub layout: Option<&'static str>,
    /// The feed.
    pub feed: FeedCheck,
    /// The composer.
    pub composer: ComposerCheck,
    /// The employee switched Advocate off for this network (nothing was looked for).
    pub switched_off: bool,
}

impl PageCheck {
    /// Whether everything Advocate looks for on this page is there.
    pub fn all_found(&self) -> bool {
        !self.switched_off
            && matches!(self.feed, FeedCheck::Found { .. } | FeedCheck::NotFeedPage)
            && matches!(self.composer, ComposerCheck::Found | ComposerCheck::Ready)
    }
}

/// A report that cannot be read (a content script of another version, or not ours).
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PageCheckError {
    /// The site is not LinkedIn or X.
    #[error("unknown site {0:?}")]
    UnknownSite(String),
    /// An index points past the end of its list.
    #[error("the report names {list} entry {index}, but the list has {len}")]
    OutOfRange {
        /// Which list.
        list: &'static str,
        /// The index reported.
        index: usize,
        /// The list's length.
        len: usize,
    },
}

fn in_range(list: &'static str, index: Option<usize>, len: usize) -> Result<(), PageCheckError> {
    match index {
        Some(index) if index >= len => Err(PageCheckError::OutOfRange { list, index, len }),
        _ => Ok(()),
    }
}

/// The lists a report's anchors index into, in the report's order.
fn anchors<'a>(
    report: &'a PageReport,
    cfg: &SiteConfig,
) -> [(&'static str, &'a Found, &'static [Sel]); 6] {
    [
        ("feedList", &report.feed_list, cfg.feed_list),
        ("post", &report.posts, cfg.post),
        ("startPost", &report.share_trigger, cfg.start_post),
        ("composer", &report.composer, cfg.composer),
        ("editor", &report.editor, cfg.editor),
        ("postButton", &report.post_button, cfg.post_button),
    ]
}

fn config_of(report: &PageReport) -> Result<&'static SiteConfig, PageCheckError> {
    let network = Network::parse(&report.site)
        .ok_or_else(|| PageCheckError::UnknownSite(report.site.clone()))?;
    let cfg = site::config(network);
    in_range("layout", report.layout, cfg.layouts.len())?;
    for (list, found, sels) in anchors(report, cfg) {
        in_range(list, found.selector, sels.len())?;
    }
    Ok(cfg)
}

/// Judges a report.
pub fn check(report: &PageReport) -> Result<PageCheck, PageCheckError> {
    let cfg = config_of(report)?;
    let feed = if !report.feed_page {
        FeedCheck::NotFeedPage
    } else if !report.feed_list.found() {
        FeedCheck::Missing
    } else if report.posts.count == 0 {
        FeedCheck::NoPosts
    } else {
        FeedCheck::Found {
            posts: report.posts.count,
            cards: report.cards,
        }
    };
    let composer = if report.composer.checked && report.composer.found() {
        if report.editor.found() {
            ComposerCheck::Found
        } else {
            ComposerCheck::EditorMissing
        }
    } else if report.share_trigger.found() {
        ComposerCheck::Ready
    } else {
        ComposerCheck::TriggerMissing
    };
    Ok(PageCheck {
        network: cfg.network,
        layout: report
            .layout
            .and_then(|i| cfg.layouts.get(i))
            .map(|l| l.name),
        feed,
        composer,
        switched_off: report.switched_off,
    })
}

/// The network whose pages a tab shows (`https://www.linkedin.com/…`, `https://x.com/…`,
/// `https://twitter.com/…`): the tabs Advocate's content scripts run in.
pub fn network_of_url(url: &str) -> Option<Network> {
    let rest = url.strip_prefix("https://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    match host {
        "www.linkedin.com" => Some(Network::Linkedin),
        "x.com" | "twitter.com" => Some(Network::X),
        _ => None,
    }
}

/// "Chrome 156.0.8078.129", "Edge 142.0.1", "Firefox 153.0" from a user agent string; only the
/// product and version, nothing else of it.
pub fn browser_of(user_agent: &str) -> String {
    let version_after = |token: &str| {
        user_agent.split_whitespace().find_map(|part| {
            let v = part.strip_prefix(token)?;
            let v: String = v
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            (!v.is_empty()).then_some(v)
        })
    };
    for (token, name) in [
        ("Edg/", "Edge"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("HeadlessChrome/", "Chrome (headless)"),
    ] {
        if let Some(v) = version_after(token) {
            return format!("{name} {v}");
        }
    }
    "unknown browser".to_string()
}

fn describe(found: &Found, sels: &[Sel]) -> String {
    if !found.checked {
        return "not open yet".to_string();
    }
    let mut out = match found.selector.and_then(|i| Some((i, sels.get(i)?))) {
        Some((i, s)) => format!("{}/{} {}", i + 1, sels.len(), s.css),
        None if found.heuristic => "found by shape (no selector matched)".to_string(),
        None => format!("none of {} matched", sels.len()),
    };
    if found.count > 0 {
        out.push_str(&format!(" · {}", found.count));
    }
    out
}

/// The report for "Copy diagnostics": the extension and browser versions, the site and layout,
/// which selector of each list matched and the counts. Nothing from the page itself: every
/// string in it is this extension's own.
pub fn diagnostics(
    report: &PageReport,
    extension_version: &str,
    user_agent: &str,
) -> Result<String, PageCheckError> {
    let cfg = config_of(report)?;
    let verdict = check(report)?;
    let version: String = extension_version
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .take(20)
        .collect();
    let mut lines = vec![
        "Advocate page check".to_string(),
        format!("extension {version} · {}", browser_of(user_agent)),
        format!(
            "site {} · layout {} · {}",
            cfg.site,
            verdict.layout.unwrap_or("unknown"),
            if report.feed_page {
                "feed page"
            } else {
                "not a feed page"
            }
        ),
    ];
    for (name, found, sels) in anchors(report, cfg) {
        // The feed and the share control are looked for on every page.
        let found = match name {
            "feedList" | "post" | "startPost" => Found {
                checked: true,
                ..*found
            },
            _ => *found,
        };
        lines.push(format!("{name:<11}{}", describe(&found, sels)));
    }
    lines.push(format!("cards      {}", report.cards));
    Ok(lines.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(i: usize) -> Found {
        Found {
            checked: true,
            selector: Some(i),
            ..Found::default()
        }
    }

    fn good_linkedin() -> PageReport {
        PageReport {
            site: "linkedin".into(),
            layout: Some(0),
            feed_page: true,
            feed_list: hit(0),
            posts: Found {
                count: 12,
                ..hit(0)
            },
            share_trigger: hit(0),
            cards: 1,
            ..PageReport::default()
        }
    }

    #[test]
    fn a_feed_page_with_everything_is_all_found() {
        let c = check(&good_linkedin()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.layout, Some("react"));
        assert_eq!(
            c.feed,
            FeedCheck::Found {
                posts: 12,
                cards: 1
            }
        );
        assert_eq!(c.composer, ComposerCheck::Ready);
        assert!(c.all_found());
    }

    #[test]
    fn a_missing_feed_list_is_said_and_the_composer_judged_apart() {
        let mut r = good_linkedin();
        r.feed_list = Found {
            checked: true,
            ..Found::default()
        };
        r.posts = Found::default();
        let c = check(&r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.feed, FeedCheck::Missing);
        assert_eq!(c.composer, ComposerCheck::Ready);
        assert!(!c.all_found());
    }

    #[test]
    fn pages_without_a_feed_need_no_feed() {
        let mut r = good_linkedin();
        r.feed_page = false;
        r.feed_list = Found::default();
        let c = check(&r).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.feed, FeedCheck::NotFeedPage);
        assert!(c.all_found());
    }

    #[test]
    fn the_composer_counts_once_it_was_open() {
        let mut r = good_linkedin();
        r.share_trigger = Found::default();
        assert_eq!(
            check(&r).map(|c| c.composer),
            Ok(ComposerCheck::TriggerMissing)
        );
        r.composer = hit(1);
        assert_eq!(
            check(&r).map(|c| c.composer),
            Ok(ComposerCheck::EditorMissing)
        );
        r.editor = hit(1);
        r.post_button = Found {
            checked: true,
            heuristic: true,
            ..Found::default()
        };
        assert_eq!(check(&r).map(|c| c.composer), Ok(ComposerCheck::Found));
    }

    #[test]
    fn reports_that_point_outside_the_lists_are_refused() {
        let mut r = good_linkedin();
        r.feed_list = hit(99);
        assert!(matches!(
            check(&r),
            Err(PageCheckError::OutOfRange {
                list: "feedList",
                ..
            })
        ));
        r = good_linkedin();
        r.layout = Some(7);
        assert!(check(&r).is_err());
        r = good_linkedin();
        r.site = "facebook".into();
        assert_eq!(
            check(&r),
            Err(PageCheckError::UnknownSite("facebook".into()))
        );
    }

    #[test]
    fn diagnostics_name_selectors_and_counts_and_nothing_else() {
        let mut r = good_linkedin();
        r.post_button = Found {
            checked: true,
            heuristic: true,
            ..Found::default()
        };
        let text = diagnostics(
            &r,
            "0.1.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.8078.129 Safari/537.36",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            text,
            "Advocate page check\n\
             extension 0.1.0 · Chrome 156.0.8078.129\n\
             site linkedin · layout react · feed page\n\
             feedList   1/3 [data-testid='mainFeed']\n\
             post       1/2 div[data-lazy-mount-id]:has([componentkey^='expanded'], [id^='expanded']) · 12\n\
             startPost  1/3 [role='button']:has(#draft-text-replaceable-component)\n\
             composer   not open yet\n\
             editor     not open yet\n\
             postButton found by shape (no selector matched)\n\
             cards      1\n"
        );
        // A version string with anything but digits and dots is cut to them.
        let odd = diagnostics(&r, "1.2<script>", "").unwrap_or_default();
        assert!(odd.contains("extension 1.2 · unknown browser"));
    }

    #[test]
    fn tabs_of_the_two_sites_by_exact_host() {
        assert_eq!(
            network_of_url("https://www.linkedin.com/feed/foryou/"),
            Some(Network::Linkedin)
        );
        assert_eq!(network_of_url("https://x.com/home"), Some(Network::X));
        assert_eq!(network_of_url("https://twitter.com"), Some(Network::X));
        assert_eq!(
            network_of_url("https://www.linkedin.com.evil.example/"),
            None
        );
        assert_eq!(network_of_url("http://x.com/home"), None);
        assert_eq!(network_of_url("https://linkedin.com/feed/"), None);
        assert_eq!(network_of_url("chrome-extension://abc/popup.html"), None);
    }

    #[test]
    fn browsers_by_product_token() {
        assert_eq!(
            browser_of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36 Edg/142.0.3595.53"),
            "Edge 142.0.3595.53"
        );
        assert_eq!(
            browser_of("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0"),
            "Firefox 153.0"
        );
        assert_eq!(
            browser_of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.129 Safari/537.36"),
            "Chrome (headless) 156.0.8078.129"
        );
        assert_eq!(browser_of("curl/8"), "unknown browser");
    }
}
