//! LinkedIn, as public evidence shows it in 2026 (docs/sites/linkedin-react.md and
//! docs/sites/linkedin-ember.md hold the evidence with its sources).
//!
//! LinkedIn serves two shells per account: the React shell (`body[data-rehydrated]`, hashed
//! class names, no `data-urn`) and the older Ember shell (`body.ember-application`, BEM class
//! names), which single-post pages still use. The React shell has had two composers in 2026:
//! the Ember share dialog with Quill mounted inside the open shadow root of `#interop-outlet`
//! (June–August), and a native `<dialog>` with a Tiptap editor at `/sharing/compose` (since
//! August). Ember pages mount the same Quill dialog in the light DOM.

use super::{sel, Layout, OpenComposer, SiteConfig, Strategy};
use crate::network::Network;

/// LinkedIn's selectors and behaviour, as of December 2026.
pub const LINKEDIN: SiteConfig = SiteConfig {
    site: "linkedin",
    network: Network::Linkedin,
    layouts: &[
        Layout {
            name: "react",
            marker: &[sel(
                "body[data-rehydrated]",
                "2026-07-07",
                "etonai/JobCaptureExtension doc/examples (saved pages); Hogwai/LinkedinSponsorBlock src/shared/observer.js",
            )],
            // One source measured that a script's `.click()` on the new launcher does nothing
            // and a trusted click navigates to /sharing/compose; the interop composer opened on
            // any click. So: click, and if no composer appears, the share URL (code search
            // file 70079377301, 2026-10; ShredFred/linkedin-mcp-server ext_post.py, 2026-09-29).
            open: OpenComposer::Click,
        },
        Layout {
            name: "ember",
            marker: &[sel(
                "body.ember-application",
                "2026-08-02",
                "Hogwai/LinkedinSponsorBlock src/shared/observer.js; live notes on single-post pages (code search file 59705533743)",
            )],
            open: OpenComposer::Click,
        },
    ],
    // /feed/ redirects to /feed/foryou/, the Network tab is /feed/network/ (jordwest/
    // news-feed-eradicator PR #601, 2026-09-17); /preload/ is the prefetched shell.
    feed_paths: &["/feed/", "/preload/"],
    not_feed_paths: &["/feed/update/"],
    feed_list: &[
        sel(
            "[data-testid='mainFeed']",
            "2026-09-03",
            "fiorelorenzo/pitchbox extension/tests/content/fixtures/linkedin/feed.html (capture)",
        ),
        // Also the Network tab's `container-update-list_NetworkFeedListCollection`.
        sel(
            "[componentkey^='container-update-list_']",
            "2026-09-17",
            "jordwest/news-feed-eradicator PR #601; dhansak79/LinkOff src/constants.js",
        ),
        sel(
            ".scaffold-finite-scroll__content",
            "2026-03-06",
            "nexushoratio/userscripts linkedin-tool.user.js; hrhv/ollama-reply TASK.md (capture 2025-08-28)",
        ),
    ],
    post: &[
        // The list's lazily mounted items also hold the share box and the sort control; a post
        // is one whose item holds the `expanded…FeedType_…` key (as id or componentkey).
        sel(
            "div[data-lazy-mount-id]:has([componentkey^='expanded'], [id^='expanded'])",
            "2026-09-03",
            "fiorelorenzo/pitchbox feed.html (capture: id); Hogwai/LinkedinSponsorBlock tests/fixtures/feed-real-*.html (componentkey)",
        ),
        sel(
            "div[data-finite-scroll-hotkey-item]",
            "2025-08-28",
            "hrhv/ollama-reply TASK.md (capture); nexushoratio/userscripts linkedin-tool.user.js",
        ),
    ],
    post_key: None,
    card_inside_post: false,
    card_style: "display:block;margin:0 0 8px 0;padding:0;",
    // The React feed is `role=list` and its items' boxes are `role=listitem`.
    card_role: Some("listitem"),
    start_post: &[
        // The launcher is the role=button *beside* the avatar; the avatar holds a link to the
        // member's own profile and is never clicked.
        sel(
            "[role='button']:has(#draft-text-replaceable-component)",
            "2026-09-03",
            "fiorelorenzo/pitchbox feed.html (capture); nghuyenthevinh2000/social-content tools/linkedin_agent/dom.py",
        ),
        // Accounts whose launcher lost its role (2026-07 and the September redesign).
        sel(
            "#draft-text-replaceable-component",
            "2026-09-03",
            "fiorelorenzo/pitchbox feed.html (capture)",
        ),
        sel(
            "button.share-box-feed-entry__trigger",
            "2026-03-06",
            "nexushoratio/userscripts linkedin-tool.user.js (share box); public selector lists 2021-2026",
        ),
    ],
    compose_path: None,
    home_url: "https://www.linkedin.com/feed/",
    profile_link: &[],
    shadow_hosts: &[sel(
        "#interop-outlet",
        "2026-08-17",
        "Krishna8749/automation daily-banners/feed_page.html (capture 2026-06-23); webbrain-one/webbrain PR #461",
    )],
    composer: &[
        sel(
            "dialog[open]:has([data-sdui-screen$='sharing.ShareCompose'])",
            "2026-09-29",
            "nghuyenthevinh2000/social-content tools/linkedin_agent/dom.py; ShredFred/linkedin-mcp-server ext_post.py",
        ),
        sel(
            "[role='dialog'][data-test-modal-id='sharebox']",
            "2026-08-17",
            "webbrain-one/webbrain PR #461; live notes (code search files 57034402663, 60828149847)",
        ),
        sel(
            ".share-box-v2__modal",
            "2026-08-17",
            "live notes on a group page, light DOM (code search file 60828149847)",
        ),
        // Any other native dialog that holds an editor (a redesign that kept the editor). Not
        // any `[role=dialog]`: a messaging window must never receive a caption.
        sel(
            "dialog[open]",
            "2026-09-29",
            "ShredFred/linkedin-mcp-server ext_post.py (the composer is a native dialog)",
        ),
    ],
    editor: &[
        sel(
            "[componentkey='ShareBox_textEditor'][contenteditable='true']",
            "2026-09-29",
            "ShredFred/linkedin-mcp-server ext_post.py",
        ),
        sel(
            ".ql-editor[contenteditable='true']",
            "2026-08-17",
            "webbrain-one/webbrain PR #461; live notes (code search file 57034402663)",
        ),
        // The company-page composer's editor has no componentkey (measured 2026-10-09).
        sel(
            "[role='textbox'][contenteditable='true']",
            "2026-10-09",
            "ShredFred/linkedin-mcp-server ext_company_post.py",
        ),
    ],
    // LinkedIn has no composer outside a dialog; the editors in posts are comment boxes.
    inline_editor: &[],
    post_button: &[sel(
        ".share-actions__primary-action",
        "2026-06-26",
        "live notes on the interop dialog (code search file 57034402663)",
    )],
    // Paste first (Tiptap/ProseMirror and Quill 2 take it; Quill 1.3.7 ignores it and gets
    // execCommand line by line).
    strategies: &[Strategy::Paste, Strategy::InsertText],
    paste_html: true,
    first_slot: 3,
    every: 15,
    max_cards: 3,
    composer_open_ms: 3_000,
    editor_timeout_ms: 8_000,
    editor_settle_ms: 250,
};
