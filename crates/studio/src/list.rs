//! The left column: the check's summary, the organisation, and the items with their state at a
//! glance (live, scheduled, expired, retracted; networks; languages; findings).

use serde_json::{json, Value};
use web_sys::Element;

use advocate_core::feed::raw::RawItem;
use advocate_core::studio::fields::item_index;
use advocate_core::studio::state::{item_state, ItemState};
use advocate_core::sync::SyncFailure;
use advocate_web::host::{now_ms, t, tf};
use advocate_web::ui::dom::{button, clear, el, El};

use crate::app::{self, Selected};
use crate::time;

/// The column's fixed parts.
pub fn skeleton() -> El {
    el("aside")
        .class("st-side")
        .attr("aria-label", &t("studioOverview"))
        .child(
            el("div")
                .attr("id", "st-summary")
                .attr("aria-live", "polite"),
        )
        .child(
            el("p")
                .attr("id", "st-refused")
                .class("st-refused")
                .attr("hidden", ""),
        )
        .child(
            el("nav")
                .attr("id", "st-items")
                .attr("aria-label", &t("studioItems")),
        )
        .child(
            button(&t("studioAddItem"), "")
                .attr("id", "st-add-item")
                .on("click", |_| add_item()),
        )
}

fn add_item() {
    let lang = app::lang();
    let mut index = 0;
    app::change_structure(|doc| {
        if !doc.get("items").is_some_and(Value::is_array) {
            if let Some(o) = doc.as_object_mut() {
                o.insert("items".into(), json!([]));
            }
        }
        if let Some(items) = doc.get_mut("items").and_then(Value::as_array_mut) {
            items.push(json!({
                "id": "",
                "url": "https://",
                "title": { lang.clone(): "" },
                "captions": [{ "lang": lang, "text": "{url}" }]
            }));
            index = items.len() - 1;
        }
    });
    app::select(Selected::Item(index));
    if let Some(f) = app::by_id(&crate::field::control_id(&format!(
        "/items/{index}/title/{}",
        app::lang()
    ))) {
        advocate_web::ui::dom::focus(&f);
    }
}

fn state_text(state: &ItemState, lang: &str) -> (String, &'static str) {
    match state {
        ItemState::Live {
            expires_at_ms: None,
        } => (t("studioStateLive"), "live"),
        ItemState::Live {
            expires_at_ms: Some(ms),
        } => (tf("studioStateLiveUntil", &[time::show(*ms, lang)]), "live"),
        ItemState::Scheduled { publish_at_ms } => (
            tf("studioStateScheduled", &[time::show(*publish_at_ms, lang)]),
            "scheduled",
        ),
        ItemState::Expired { expires_at_ms } => (
            tf("studioStateExpired", &[time::show(*expires_at_ms, lang)]),
            "expired",
        ),
        ItemState::Retracted => (t("studioStateRetracted"), "retracted"),
        ItemState::Unreadable { .. } => (t("studioStateUnreadable"), "unreadable"),
    }
}

/// An item's title for people: German, else English, else any language's (empty ones skipped).
pub fn title_of(item: &Value) -> Option<String> {
    let titles = item.get("title").and_then(Value::as_object);
    titles
        .and_then(|m| {
            ["de", "en"]
                .iter()
                .find_map(|l| m.get(*l).and_then(Value::as_str).filter(|s| !s.is_empty()))
                .or_else(|| {
                    m.values()
                        .find_map(|v| v.as_str().filter(|s| !s.is_empty()))
                })
        })
        .map(String::from)
}

/// Fills the summary and the list from the state.
pub fn render() {
    let Some((doc, checked, selected)) =
        app::with(|s| (s.doc.clone(), s.checked.clone(), s.selected))
    else {
        return;
    };
    let lang = app::lang();
    if let Some(summary) = app::by_id("st-summary") {
        clear(&summary);
        let line = match (checked.errors, checked.warnings) {
            (0, 0) => t("studioNoFindings"),
            (e, w) => tf("studioFindings", &[e.to_string(), w.to_string()]),
        };
        let _ = summary.append_child(
            &el("p")
                .class(if checked.errors > 0 {
                    "st-count st-bad"
                } else {
                    "st-count st-good"
                })
                .text(&line)
                .build(),
        );
        // Findings outside any form (the file as a whole) are listed here.
        for d in checked.diagnostics.iter().filter(|d| {
            item_index(&d.pointer).is_none()
                && !d.pointer.starts_with("/organization")
                && !d.pointer.starts_with("/links")
        }) {
            let _ = summary.append_child(
                &el("p")
                    .class("st-diag st-diag-error")
                    .text(&d.message)
                    .build(),
            );
        }
    }
    if let Some(refused) = app::by_id("st-refused") {
        match &checked.refused {
            Some(why) => {
                refused.set_text_content(Some(&refusal(why)));
                let _ = refused.remove_attribute("hidden");
            }
            None if checked.errors > 0 => {
                refused.set_text_content(Some(&t("studioErrorsButAccepted")));
                let _ = refused.remove_attribute("hidden");
            }
            None => {
                let _ = refused.set_attribute("hidden", "");
            }
        }
    }
    let Some(nav) = app::by_id("st-items") else {
        return;
    };
    clear(&nav);
    let org_errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.pointer.starts_with("/organization") || d.pointer.starts_with("/links"))
        .count();
    let _ = nav.append_child(&entry(
        "st-org-button",
        &t("studioOrganization"),
        None,
        org_errors,
        selected == Selected::Organization,
        Selected::Organization,
    ));
    let items = doc
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let list = el("ul").class("st-item-list").build();
    let now = now_ms() as i64;
    for (i, item) in items.iter().enumerate() {
        let findings = checked
            .diagnostics
            .iter()
            .filter(|d| item_index(&d.pointer) == Some(i))
            .count();
        let state = serde_json::from_value::<RawItem>(item.clone())
            .map(|raw| item_state(&raw, now))
            .ok();
        let (state_line, class) = state
            .as_ref()
            .map(|s| state_text(s, &lang))
            .unwrap_or_else(|| (t("studioStateUnreadable"), "unreadable"));
        let networks = match item.get("networks").and_then(Value::as_array) {
            Some(n) => n
                .iter()
                .filter_map(Value::as_str)
                .map(|n| if n == "x" { "X" } else { "LinkedIn" })
                .collect::<Vec<_>>()
                .join(", "),
            None => "LinkedIn, X".into(),
        };
        let mut langs: Vec<String> = item
            .get("captions")
            .and_then(Value::as_array)
            .map(|c| {
                c.iter()
                    .filter_map(|c| c.get("lang")?.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        advocate_core::util::sort::sort_by(&mut langs, |a, b| a.cmp(b));
        langs.dedup();
        let id = item
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let details = format!("{id} · {networks} · {}", langs.join(", "));
        let li = el("li").build();
        let e = entry(
            &format!("st-item-{i}"),
            &title_of(item).unwrap_or_else(|| t("studioItemUntitled")),
            Some((state_line, class, details)),
            findings,
            selected == Selected::Item(i),
            Selected::Item(i),
        );
        let _ = e.class_list().add_1("st-item");
        let _ = li.append_child(&e);
        let _ = list.append_child(&li);
    }
    let _ = nav.append_child(&list);
}

fn entry(
    id: &str,
    title: &str,
    state: Option<(String, &str, String)>,
    findings: usize,
    current: bool,
    target: Selected,
) -> Element {
    let mut b = el("button")
        .attr("type", "button")
        .attr("id", id)
        .class("st-entry")
        .child(el("span").class("st-entry-title").text(title));
    if let Some((line, class, details)) = state {
        b = b
            .child(
                el("span")
                    .class(&format!("st-state st-state-{class}"))
                    .text(&line),
            )
            .child(el("span").class("st-entry-details").text(&details));
    }
    if findings > 0 {
        b = b.child(
            el("span")
                .class("st-entry-findings")
                .text(&tf("studioEntryFindings", &[findings.to_string()])),
        );
    }
    if current {
        b = b.attr("aria-current", "true");
    }
    b.on("click", move |_| app::select(target)).build()
}

/// The extension's refusal in plain words.
fn refusal(why: &SyncFailure) -> String {
    tf("studioRefused", &[why.to_string()])
}
