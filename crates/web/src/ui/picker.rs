//! The composer picker: a small "Company suggestions" control beside a composer the employee
//! opened themself. It lists the captions that fit the network; choosing one inserts it at the
//! caret. It never takes focus on its own, so typing in the composer is never interrupted.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::view::PanelView;

use super::card::is_mac;
use super::dom::{button, clear, el, focus, on};
use crate::host::{self, t, tf};
use crate::protocol::{PrefillResult, Request};

/// How much of a caption an option shows before "…".
const EXCERPT_CHARS: usize = 160;

fn excerpt(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_CHARS {
        return flat;
    }
    let cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    format!("{}…", cut.trim_end())
}

/// Renders the picker for `site` into `root` (the frame's body). Returns the element whose size
/// the frame reports.
pub fn render(root: &Element, site: &str) -> Element {
    let picker = el("div").class("adv-picker").build();
    let list = el("div")
        .class("adv-picker-list")
        .attr("id", "adv-picker-list")
        .attr("hidden", "")
        .build();
    let status = el("p")
        .class("adv-picker-status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .build();
    let toggle = button(&t("pickerToggle"), "adv-picker-toggle")
        .attr("aria-expanded", "false")
        .attr("aria-controls", "adv-picker-list")
        .build();
    let state = Rc::new(PickerParts {
        site: site.to_string(),
        list: list.clone(),
        status: status.clone(),
        toggle: toggle.clone(),
    });
    {
        let state = state.clone();
        on(&toggle, "click", move |_| {
            if state.list.has_attribute("hidden") {
                open(&state);
            } else {
                close(&state);
            }
        });
    }
    {
        let state = state.clone();
        on(&picker, "keydown", move |e| {
            if let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() {
                if k.key() == "Escape" && !state.list.has_attribute("hidden") {
                    close(&state);
                    focus(&state.toggle);
                }
            }
        });
    }
    let _ = picker.append_child(&toggle);
    let _ = picker.append_child(&list);
    let _ = picker.append_child(&status);
    let _ = root.append_child(&picker);
    picker
}

struct PickerParts {
    site: String,
    list: Element,
    status: Element,
    toggle: Element,
}

fn close(state: &Rc<PickerParts>) {
    let _ = state.list.set_attribute("hidden", "");
    let _ = state.toggle.set_attribute("aria-expanded", "false");
}

fn open(state: &Rc<PickerParts>) {
    let _ = state.list.remove_attribute("hidden");
    let _ = state.toggle.set_attribute("aria-expanded", "true");
    state.status.set_text_content(None);
    clear(&state.list);
    state.list.set_text_content(Some(&t("loading")));
    let state = state.clone();
    spawn_local(async move {
        let reply: Result<PanelView, _> = host::send_message(&Request::Panel {
            site: state.site.clone(),
        })
        .await;
        clear(&state.list);
        let cards = match reply {
            Ok(r) => r.cards,
            Err(_) => {
                state.list.set_text_content(Some(&t("panelError")));
                return;
            }
        };
        let mut any = false;
        for card in cards {
            let fitting: Vec<_> = card.variants.iter().filter(|v| v.fits).collect();
            if fitting.is_empty() {
                continue;
            }
            any = true;
            let group = el("section")
                .class("adv-picker-group")
                .attr("lang", &card.lang)
                .child(el("h2").text(&card.title))
                .build();
            for v in fitting {
                let label = tf(
                    "pickerOptionCount",
                    &[v.length.to_string(), v.max.to_string()],
                );
                let option = el("button")
                    .attr("type", "button")
                    .class("adv-picker-option")
                    .child(el("span").class("adv-picker-text").text(&excerpt(&v.text)))
                    .child(el("span").class("adv-picker-count").text(&label))
                    .build();
                let (item_id, caption) = (card.item_id.clone(), v.caption);
                let state = state.clone();
                on(&option, "click", move |_| {
                    insert(&state, item_id.clone(), caption)
                });
                let _ = group.append_child(&option);
            }
            let _ = state.list.append_child(&group);
        }
        if !any {
            state.list.set_text_content(Some(&t("pickerEmpty")));
        }
    });
}

fn insert(state: &Rc<PickerParts>, item_id: String, caption: usize) {
    state.status.set_text_content(Some(&t("pickerInserting")));
    let state = state.clone();
    spawn_local(async move {
        let site = state.site.clone();
        let reply = host::send_message::<_, PrefillResult>(&Request::Insert {
            site,
            item_id,
            caption,
        })
        .await;
        let msg = match reply {
            Ok(r) if r.ok => t("pickerInserted"),
            Ok(r) if r.copied => tf(
                "statusCopied",
                &[if is_mac() {
                    "⌘+V".into()
                } else {
                    "Ctrl+V".into()
                }],
            ),
            Ok(r) => tf("statusFailed", &[r.detail.unwrap_or_default()]),
            Err(e) => tf("statusFailed", &[e.0]),
        };
        close(&state);
        state.status.set_text_content(Some(&msg));
    });
}
