//! Extension frames placed into LinkedIn/X pages by the content script: a feed card, the
//! launcher panel, or a toast. The frame URL's fragment says which, for which site and slot.

use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::site::activity_url;
use advocate_core::view::{CardView, NoticeView, PanelView};

use super::card::{self, Placement};
use super::dom::{button, clear, document, el, focus, on};
use super::{picker, status, theme};
use crate::host::{self, t, tf};
use crate::protocol::{FrameNotice, Request};

/// Parameters from `frame.html#kind=card&site=linkedin&slot=0&bg=…`. Nothing in them lets the
/// frame act: that takes the token the content script hands only to the frame it placed.
fn params() -> HashMap<String, String> {
    let hash = web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default();
    let search = web_sys::UrlSearchParams::new_with_str(hash.trim_start_matches('#')).ok();
    let mut out = HashMap::new();
    for key in ["kind", "site", "slot", "bg", "m", "p"] {
        if let Some(v) = search.as_ref().and_then(|s| s.get(key)) {
            out.insert(key.to_string(), v);
        }
    }
    out
}

/// The token the content script handed this frame (by postMessage, never in the address),
/// once the content script of this tab has confirmed it is one it gave out.
async fn confirmed_token() -> Option<String> {
    while let Some(token) = host::next_frame_token().await {
        let hello = FrameNotice::FrameHello {
            token: token.clone(),
        };
        if tell_page(hello).await == Some(true) {
            return Some(token);
        }
    }
    None
}

/// Tells the content script of this frame's tab something, through the background
/// ([`Request::ToPage`]); its answer, if it gave one.
async fn tell_page(notice: FrameNotice) -> Option<bool> {
    host::send_message::<_, Option<bool>>(&Request::ToPage { notice })
        .await
        .ok()
        .flatten()
}

/// Tells the content script in this frame's tab something (size, close).
async fn notify(notice: FrameNotice) {
    tell_page(notice).await;
}

/// Reports the size of `measured` whenever it changes, so the page can size the iframe to fit.
fn report_size(token: String, measured: Element) {
    let root = measured.clone();
    let cb = Closure::wrap(Box::new(move |_entries: JsValue| {
        let rect = measured.get_bounding_client_rect();
        let (height, width) = (rect.height().ceil(), rect.width().ceil());
        let token = token.clone();
        spawn_local(notify(FrameNotice::FrameSize {
            token,
            height,
            width,
        }));
    }) as Box<dyn FnMut(JsValue)>);
    if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
        ro.observe(&root);
    }
    cb.forget();
}

fn body() -> Element {
    document()
        .body()
        .map(Element::from)
        .expect_throw("frame.html has a body")
}

/// Entry point of `frame.html`.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn start_frame() {
    let p = params();
    let get = |k: &str| p.get(k).cloned().unwrap_or_default();
    let (kind, site) = (get("kind"), get("site"));
    // A page can embed frame.html itself (it can read a frame's address) to have the employee
    // click into it: such a frame never gets a token the content script confirms, and stays
    // empty.
    let Some(token) = confirmed_token().await else {
        return;
    };
    theme::apply(&site, p.get("bg").map(String::as_str));
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-kind", &kind);
    }
    {
        // The page's theme can change while the frame is open (LinkedIn's display setting).
        let site = site.clone();
        host::on_message(move |msg| {
            if let Ok(Request::Theme { bg }) = host::from_js::<Request>(msg) {
                theme::apply(&site, Some(&bg));
            }
        });
    }
    if kind != "picker" {
        if let Some(root) = document().document_element() {
            report_size(token.clone(), root);
        }
    }
    match kind.as_str() {
        "picker" => {
            let measured = picker::render(&body(), &site);
            report_size(token.clone(), measured);
        }
        "card" => {
            let slot = get("slot").parse().unwrap_or(0);
            card_frame(&site, slot, &token).await
        }
        "panel" => panel_frame(&site, &token).await,
        "notice" => notice_frame(&site, &token, &get("p")).await,
        "toast" => toast_frame(&get("m"), &token),
        _ => {}
    }
}

async fn card_frame(site: &str, slot: usize, token: &str) {
    show_card(site, slot, token).await;
    // New settings (a first name for {first_name}, another language) apply to the open page
    // at once. Only `sync` (settings): the card's own actions write `local` and keep their UI.
    let (site, token) = (site.to_string(), token.to_string());
    host::on_storage_changed(move |area, _keys| {
        if area == "sync" {
            let (site, token) = (site.clone(), token.clone());
            spawn_local(async move { show_card(&site, slot, &token).await });
        }
    });
}

/// Renders (or re-renders) the card for `slot`; an empty slot removes the frame.
async fn show_card(site: &str, slot: usize, token: &str) {
    crate::perf::mark("advocate:card-request");
    let view: Option<CardView> = host::send_message(&Request::Card {
        site: site.to_string(),
        slot,
    })
    .await
    .ok()
    .flatten();
    crate::perf::mark("advocate:card-reply");
    let root = body();
    clear(&root);
    match view {
        Some(view) => {
            let _ = root.append_child(&card::render(view, site, Placement::Feed));
            crate::perf::mark("advocate:card-rendered");
        }
        None => {
            notify(FrameNotice::FrameEmpty {
                token: token.to_string(),
            })
            .await
        }
    }
}

fn close_panel(token: String) {
    spawn_local(notify(FrameNotice::ClosePanel { token }));
}

async fn panel_frame(site: &str, token: &str) {
    let root = el("div")
        .class("adv-panel")
        .attr("role", "dialog")
        .attr("aria-labelledby", "adv-panel-title")
        .build();
    let close = {
        let token = token.to_string();
        button("×", "adv-close")
            .attr("aria-label", &t("close"))
            .attr("title", &t("close"))
            .on("click", move |_| close_panel(token.clone()))
            .build()
    };
    let header = el("header")
        .class("adv-panel-head")
        .child(
            el("h1")
                .attr("id", "adv-panel-title")
                .text(&t("panelTitle")),
        )
        .child(close.clone())
        .build();
    let status_line = el("p")
        .class("adv-panel-status")
        .attr("role", "status")
        .build();
    let list = el("div").class("adv-panel-list").build();
    let _ = root.append_child(&header);
    let _ = root.append_child(&status_line);
    let _ = root.append_child(&list);
    let _ = body().append_child(&root);
    {
        let token = token.to_string();
        // On keyup, not keydown: closing removes this frame, and removing the focused frame
        // between the two halves of a key press stalled Chromium 156's input handling (a
        // scripted Escape press hung for the test's whole timeout in 2 of 15 runs on a busy
        // machine). The key is released at once anyway.
        on(&document().into(), "keyup", move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if k.key() == "Escape" {
                    close_panel(token.clone());
                }
            }
        });
    }
    focus(&close);
    list.set_text_content(Some(&t("loading")));
    let reply: Result<PanelView, _> = host::send_message(&Request::Panel {
        site: site.to_string(),
    })
    .await;
    clear(&list);
    let Ok(reply) = reply else {
        list.set_text_content(Some(&t("panelError")));
        return;
    };
    let (line, error) = status::line(&reply.status, Some(reply.cards.len()));
    status_line.set_text_content(Some(&line));
    if error {
        let _ = status_line.class_list().add_1("adv-error");
    }
    if let Some(until) = reply.paused_until {
        let resume = button(&t("resume"), "adv-secondary")
            .on("click", |_| {
                spawn_local(async {
                    let _ = host::send_message::<_, serde_json::Value>(&Request::Pause { days: 0 })
                        .await;
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                })
            })
            .build();
        let _ = list.append_child(
            &el("div")
                .class("adv-paused")
                .child(el("p").text(&tf("pausedUntil", &[status::date(until)])))
                .child(resume)
                .build(),
        );
    }
    if reply.cards.is_empty() {
        let _ = list.append_child(&el("p").class("adv-empty").text(&t("panelEmpty")).build());
    }
    for view in reply.cards {
        let _ = list.append_child(&card::render(view, site, Placement::Panel));
    }
}

/// Retraction notices: an item the employee shared was withdrawn; the admins' note and a link
/// to where they can edit or delete their post. Stays until dismissed.
async fn notice_frame(site: &str, token: &str, profile_path: &str) {
    let Some(network) = crate::protocol::site_network(site) else {
        return;
    };
    let notices: Vec<NoticeView> = host::send_message(&Request::Notices {
        site: site.to_string(),
    })
    .await
    .unwrap_or_default();
    if notices.is_empty() {
        notify(FrameNotice::FrameEmpty {
            token: token.to_string(),
        })
        .await;
        return;
    }
    let root = el("div").class("adv-notices").build();
    let _ = body().append_child(&root);
    let left = std::rc::Rc::new(std::cell::Cell::new(notices.len()));
    let activity = activity_url(network, Some(profile_path).filter(|p| !p.is_empty()));
    for notice in notices {
        let when = status::relative(notice.shared_at);
        let note = if notice.note.is_empty() {
            t("retractedNoNote")
        } else {
            notice.note.clone()
        };
        let dismiss = button(&t("dismiss"), "adv-secondary").build();
        let box_ = el("section")
            .class("adv-notice")
            .attr("role", "alert")
            .attr("lang", &notice.lang)
            .child(el("h2").text(&tf("retractedTitle", &[notice.title.clone(), when])))
            .child(el("p").text(&note))
            .child(
                el("div")
                    .class("adv-actions")
                    .child(
                        el("a")
                            .class("adv-primary adv-link-button")
                            .attr("href", &activity)
                            .attr("target", "_blank")
                            .attr("rel", "noopener noreferrer")
                            .text(&t("retractedOpenActivity")),
                    )
                    .child(dismiss.clone()),
            )
            .build();
        let _ = root.append_child(&box_);
        let (item_id, token, left) = (notice.item_id.clone(), token.to_string(), left.clone());
        on(&dismiss, "click", move |_| {
            box_.remove();
            left.set(left.get() - 1);
            let item_id = item_id.clone();
            let token = token.clone();
            let last = left.get() == 0;
            spawn_local(async move {
                let _ =
                    host::send_message::<_, serde_json::Value>(&Request::DismissNotice { item_id })
                        .await;
                if last {
                    notify(FrameNotice::FrameEmpty { token }).await;
                }
            });
        });
    }
}

fn toast_frame(message: &str, token: &str) {
    // Only known messages: the fragment comes from our own content script, but a page could
    // load this frame with a fragment of its choosing.
    let key = match (message, card::is_mac()) {
        ("copied", false) => "toastCopied",
        ("copied", true) => "toastCopiedMac",
        ("noComposer", _) => "toastNoComposer",
        _ => return,
    };
    let token_close = token.to_string();
    let close = button("×", "adv-close")
        .attr("aria-label", &t("close"))
        .on("click", move |_| close_panel(token_close.clone()))
        .build();
    let _ = body().append_child(
        &el("div")
            .class("adv-toast")
            .attr("role", "alert")
            .child(el("p").text(&t(key)))
            .child(close)
            .build(),
    );
    let token = token.to_string();
    gloo_timers::callback::Timeout::new(12_000, move || close_panel(token)).forget();
}
