//! The popup's page check: what Advocate finds on the LinkedIn or X tab the popup belongs to,
//! in words ("LinkedIn: suggestions in the feed ✓, post box ✓", or what is missing and what
//! still works), and **Copy diagnostics** for a bug report. The content script answers with
//! indices and counts; `advocate_core::page_check` judges them and writes the report.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::network::Network;
use advocate_core::page_check::{
    check, diagnostics, network_of_url, ComposerCheck, FeedCheck, PageCheck, PageReport,
};

use super::super::clipboard;
use super::super::dom::{button, clear, el, on};
use crate::host::{self, from_js, t, tf, TabInfo};
use crate::protocol::TabCommand;

/// The tab the popup is about: the active one when it shows LinkedIn or X; else (the popup
/// opened as a page of its own) the LinkedIn or X tab used last.
async fn page_tab() -> Option<(TabInfo, Network)> {
    if let Some(tab) = host::active_tab().await {
        if let Some(network) = network_of_url(&tab.url) {
            return Some((tab, network));
        }
        if !tab.url.starts_with(&host::get_url("")) {
            return None;
        }
    }
    host::site_tabs()
        .await
        .into_iter()
        .filter_map(|t| Some((network_of_url(&t.url)?, t)))
        .max_by(|a, b| a.1.last_accessed.total_cmp(&b.1.last_accessed))
        .map(|(n, t)| (t, n))
}

/// What the content script answered, or None when it did not (not running in that tab).
async fn ask(tab: i32) -> Option<PageReport> {
    let reply = host::tabs_send_message(tab, &TabCommand::PageCheck, 0)
        .await
        .ok()?;
    from_js(reply).ok()
}

/// The sentences for a verdict: the summary line first, then one per problem.
fn sentences(check: &PageCheck) -> (String, Vec<String>) {
    let site = check.network.display_name().to_string();
    if check.switched_off {
        return (tf("pageCheckOff", &[site]), Vec::new());
    }
    let about = |key: &str| tf(key, std::slice::from_ref(&site));
    let mut good = Vec::new();
    let mut problems = Vec::new();
    match check.feed {
        FeedCheck::Found { .. } => good.push(t("pageCheckFeedOk")),
        FeedCheck::NotFeedPage => good.push(t("pageCheckNoFeedPage")),
        FeedCheck::Missing => problems.push(about("pageCheckFeedMissing")),
        FeedCheck::NoPosts => problems.push(about("pageCheckNoPosts")),
    }
    match check.composer {
        ComposerCheck::Found | ComposerCheck::Ready => good.push(t("pageCheckComposerOk")),
        ComposerCheck::TriggerMissing => problems.push(about("pageCheckTriggerMissing")),
        ComposerCheck::EditorMissing => problems.push(about("pageCheckEditorMissing")),
    }
    let line = tf("pageCheckSite", &[site.clone(), good.join(", ")]);
    (line.trim_end().to_string(), problems)
}

/// Fills `target` (hidden until there is something to say) with the page check of the tab.
pub fn show(target: Element) {
    spawn_local(async move {
        let Some((tab, network)) = page_tab().await else {
            return;
        };
        clear(&target);
        let _ = target.append_child(
            &el("h2")
                .class("adv-pop-page-title")
                .text(&t("pageCheckTitle"))
                .build(),
        );
        let Some(report) = ask(tab.id).await else {
            let _ = target.append_child(
                &el("p")
                    .text(&tf(
                        "pageCheckNotRunning",
                        &[network.display_name().to_string()],
                    ))
                    .build(),
            );
            let _ = target.remove_attribute("hidden");
            return;
        };
        let Ok(verdict) = check(&report) else {
            return;
        };
        let (line, problems) = sentences(&verdict);
        let _ = target.append_child(
            &el("p")
                .class("adv-pop-page-line")
                .attr(
                    "data-state",
                    if verdict.all_found() { "ok" } else { "problem" },
                )
                .text(&line)
                .build(),
        );
        for p in problems {
            let _ = target.append_child(&el("p").class("adv-pop-page-problem").text(&p).build());
        }
        let said = el("p")
            .class("adv-pop-page-said")
            .attr("role", "status")
            .build();
        let copy = button(&t("pageCheckCopy"), "adv-secondary adv-small").build();
        let report = Rc::new(report);
        {
            let said = said.clone();
            on(&copy, "click", move |_| {
                let agent = web_sys::window()
                    .and_then(|w| w.navigator().user_agent().ok())
                    .unwrap_or_default();
                let text =
                    diagnostics(&report, &host::extension_version(), &agent).unwrap_or_default();
                let said = said.clone();
                spawn_local(async move {
                    let ok = !text.is_empty() && clipboard::write(&text).await;
                    said.set_text_content(Some(&t(if ok {
                        "pageCheckCopied"
                    } else {
                        "pageCheckCopyFailed"
                    })));
                });
            });
        }
        let _ = target.append_child(&copy);
        let _ = target.append_child(&said);
        let _ = target.remove_attribute("hidden");
    });
}
