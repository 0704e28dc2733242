//! X (x.com and twitter.com), as public evidence shows it in 2026 (docs/sites/x.md holds the
//! evidence with its sources).
//!
//! The same React app lays itself out by width: at desktop width a virtualised home timeline
//! with an inline Draft.js composer and a `/compose/post` modal; at mobile width no inline
//! composer, and `/compose/post` is a page with a plain `<textarea>`.

use super::{sel, Layout, OpenComposer, PostKey, SiteConfig, Strategy};
use crate::network::Network;

/// X's selectors and behaviour, as of December 2026.
pub const X: SiteConfig = SiteConfig {
    site: "x",
    network: Network::X,
    layouts: &[
        Layout {
            name: "mobile",
            marker: &[
                sel(
                    "[data-testid='TopNavBar']",
                    "2026-08-17",
                    "insin/control-panel-for-twitter script.js (MOBILE_TIMELINE_HEADER)",
                ),
                sel(
                    "textarea[data-testid='tweetTextarea_0']",
                    "2026-05-15",
                    "imbue-ai/bouncer Bouncer/src/content/ui.ts (openComposerOnMobile)",
                ),
            ],
            open: OpenComposer::Click,
        },
        Layout {
            name: "desktop",
            marker: &[sel(
                "header[role='banner'] [data-testid='SideNav_NewTweet_Button']",
                "2026-03-03",
                "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
            )],
            open: OpenComposer::Click,
        },
    ],
    feed_paths: &["/home"],
    not_feed_paths: &[],
    feed_list: &[
        // "Timeline: Your Home Timeline", German "Timeline: Deine Timeline der Startseite".
        sel(
            "[data-testid='primaryColumn'] section[role='region'] > h1 + div[aria-label]",
            "2026-08-17",
            "imbue-ai/bouncer twitter.html (capture 2026-03-03); insin/control-panel-for-twitter script.js (TIMELINE)",
        ),
        sel(
            "[data-testid='primaryColumn'] section[role='region']",
            "2026-03-03",
            "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
        ),
    ],
    // Timeline cells; only those holding a post (not "Who to follow" heading and user cells).
    post: &[sel(
        "[data-testid='cellInnerDiv']:has(article[data-testid='tweet'])",
        "2026-03-03",
        "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
    )],
    // X virtualises the timeline (cells unmount and remount while scrolling); the post's own
    // permalink (the one around its timestamp) identifies it.
    post_key: Some(PostKey {
        selector: sel(
            "article[data-testid='tweet'] a[href*='/status/']:has(time)",
            "2026-03-03",
            "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
        ),
        attribute: "href",
    }),
    card_inside_post: true,
    card_style: "display:block;margin:0 16px 12px 16px;padding:0;",
    card_role: None,
    start_post: &[
        // Links, but to the composer route itself: the only links Advocate clicks.
        sel(
            "a[data-testid='SideNav_NewTweet_Button'][href='/compose/post']",
            "2026-03-03",
            "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
        ),
        sel(
            "a[data-testid='FloatingActionButtons_Tweet_Button'][href='/compose/post']",
            "2026-08-17",
            "insin/control-panel-for-twitter script.js; imbue-ai/bouncer ui.ts (a[href=\"/compose/post\"])",
        ),
        sel(
            "a[href='/compose/post']",
            "2026-05-15",
            "imbue-ai/bouncer Bouncer/src/content/ui.ts",
        ),
    ],
    compose_path: Some("/compose/post"),
    home_url: "https://x.com/home",
    profile_link: &[sel(
        "a[data-testid='AppTabBar_Profile_Link']",
        "2026-03-03",
        "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
    )],
    shadow_hosts: &[],
    composer: &[
        sel(
            "[role='dialog'][aria-labelledby='modal-header']",
            "2026-08-18",
            "typefully/minimal-twitter content-scripts/src/selectors.js (modalWrapper)",
        ),
        sel(
            "[role='dialog']",
            "2026-05-15",
            "imbue-ai/bouncer Bouncer/src/content/ui.ts ([role=\"dialog\"] [data-testid=\"tweetTextarea_0\"])",
        ),
        // Mobile width: /compose/post is a page, not a dialog.
        sel(
            "main[role='main']:has(textarea[data-testid='tweetTextarea_0'])",
            "2025-11-30",
            "insin/control-panel-for-twitter script.js (main div[data-testid^=\"tweetTextarea\"] textarea)",
        ),
    ],
    // X renders two Draft.js editors with this id on /home while the modal is open (inline box
    // and modal): only the one inside the composer is used.
    editor: &[
        sel(
            "[data-testid='tweetTextarea_0'][contenteditable='true']",
            "2026-03-03",
            "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
        ),
        sel(
            "textarea[data-testid='tweetTextarea_0']",
            "2026-05-15",
            "imbue-ai/bouncer Bouncer/src/content/ui.ts (openComposerOnMobile)",
        ),
    ],
    inline_editor: &[sel(
        "[data-testid='tweetTextarea_0'][contenteditable='true']",
        "2026-03-03",
        "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture: the box above the home timeline)",
    )],
    post_button: &[
        sel(
            "[data-testid='tweetButton']",
            "2026-08-17",
            "insin/control-panel-for-twitter script.js; typefully/minimal-twitter typefullyPlugs.js",
        ),
        sel(
            "[data-testid='tweetButtonInline']",
            "2026-03-03",
            "imbue-ai/bouncer Bouncer/tests/fixtures/twitter.html (capture)",
        ),
    ],
    // Paste for Draft.js: execCommand puts the text into the model and then React throws
    // `removeChild` and the editor dies (docs/ARCHITECTURE.md, measured on Draft.js 0.11.7).
    // The textarea at mobile width takes its value.
    strategies: &[Strategy::Paste, Strategy::SetValue],
    paste_html: false,
    first_slot: 3,
    every: 15,
    max_cards: 3,
    composer_open_ms: 3_000,
    editor_timeout_ms: 8_000,
    editor_settle_ms: 250,
};
