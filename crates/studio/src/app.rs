//! The studio's state and its one update path: every edit sets a value at a JSON Pointer, is
//! recorded for undo, saved locally, checked with `advocate validate`'s rules and shown again.

use std::cell::RefCell;

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use advocate_core::network::Network;
use advocate_core::studio::check::{check, Checked};
use advocate_core::studio::draft::{worth_offering, Draft};
use advocate_core::studio::edit::{draft_text, prune_empty_parents, set_at};
use advocate_core::studio::history::{History, DEFAULT_CAPACITY};
use advocate_core::studio::starter::starter_feed;
use advocate_web::host::{now_ms, t, tf, ui_language, utc_offset_minutes};
use advocate_web::ui::dom::{button, clear, document, el, on};
use advocate_web::ui::theme;

use crate::{files, form, list, preview, sign, time};

/// Where the draft lives between visits (and after a crash): written on every change.
const DRAFT_KEY: &str = "advocate.studio.draft";

/// Which form is open.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Selected {
    /// The organisation and feed-wide link tagging.
    Organization,
    /// One item, by index.
    Item(usize),
}

/// The employee and moment the preview is for.
pub struct PreviewFor {
    pub lang: String,
    pub team: String,
    pub region: String,
    pub first_name: String,
    pub role: String,
    /// None: now.
    pub at_ms: Option<i64>,
    pub network: Network,
    pub dark: bool,
}

/// Everything the page shows.
pub struct Studio {
    pub doc: Value,
    pub history: History<Value>,
    pub selected: Selected,
    pub file_name: String,
    /// The text the draft saves as (and is checked and signed as).
    pub text: String,
    pub checked: Checked,
    pub preview: PreviewFor,
    /// The signing key (PKCS#8) and its file's name, once loaded.
    pub key: Option<(Vec<u8>, String)>,
    /// Whether the admin changed anything yet: until then the draft kept from last time is
    /// not overwritten (it is being offered).
    pub touched: bool,
}

thread_local! {
    static STUDIO: RefCell<Option<Studio>> = const { RefCell::new(None) };
}

/// Runs `f` with the studio's state.
pub fn with<R>(f: impl FnOnce(&mut Studio) -> R) -> Option<R> {
    STUDIO.with(|s| s.borrow_mut().as_mut().map(f))
}

/// The element with `id` (the page's skeleton is built once, in [`start`]).
pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// Says something in the status line (read out by screen readers).
pub fn say(text: &str, error: bool) {
    if let Some(s) = by_id("st-status") {
        s.set_text_content(Some(text));
        let _ = s.class_list().toggle_with_force("st-error", error);
    }
}

fn now() -> i64 {
    now_ms() as i64
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

/// The UI language's short tag (`de`, `en`).
pub fn lang() -> String {
    let l = ui_language();
    l.split(['-', '_']).next().unwrap_or("en").to_lowercase()
}

/// Sets (or with `None` removes) the value at `pointer`. Consecutive edits of one field within
/// a second are one undo step.
pub fn change(pointer: &str, value: Option<Value>) {
    let done = with(|s| {
        let removing = value.is_none();
        if !set_at(&mut s.doc, pointer, value) {
            return false;
        }
        if removing {
            prune_empty_parents(&mut s.doc, pointer);
        }
        s.history.push(s.doc.clone(), Some(pointer), now());
        s.touched = true;
        true
    });
    if done == Some(true) {
        refresh(false);
    }
}

/// An edit that changes the form's shape (an item or caption added or removed): rebuilt.
pub fn change_structure(edit: impl FnOnce(&mut Value)) {
    with(|s| {
        edit(&mut s.doc);
        s.history.push(s.doc.clone(), None, now());
        s.touched = true;
    });
    refresh(true);
}

/// Replaces the whole draft (opened, imported, restored, new).
pub fn replace(text: &str, file_name: Option<&str>) {
    let doc = parse(text);
    with(|s| {
        s.doc = doc;
        s.history.push(s.doc.clone(), None, now());
        s.touched = true;
        if let Some(name) = file_name {
            s.file_name = name.to_string();
        }
        s.selected = first_selection(&s.doc);
    });
    refresh(true);
}

fn first_selection(doc: &Value) -> Selected {
    match doc.get("items").and_then(Value::as_array) {
        Some(items) if !items.is_empty() => Selected::Item(0),
        _ => Selected::Organization,
    }
}

/// Opens another form.
pub fn select(selected: Selected) {
    with(|s| s.selected = selected);
    refresh(true);
}

/// Undo (`back`) or redo.
pub fn undo_redo(back: bool) {
    let moved = with(|s| {
        let next = if back {
            s.history.undo().cloned()
        } else {
            s.history.redo().cloned()
        };
        next.map(|doc| {
            s.doc = doc;
            s.touched = true;
            if let Selected::Item(i) = s.selected {
                let count = s
                    .doc
                    .get("items")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                if i >= count {
                    s.selected = first_selection(&s.doc);
                }
            }
        })
    });
    if matches!(moved, Some(Some(()))) {
        // Undo from inside a field (Ctrl+Z while typing) keeps the caret's field: the form is
        // rebuilt, so focus goes back to the control with the same id.
        let focused = document()
            .active_element()
            .map(|e| e.id())
            .filter(|id| !id.is_empty());
        refresh(true);
        if let Some(e) = focused.and_then(|id| by_id(&id)) {
            advocate_web::ui::dom::focus(&e);
        }
        say(
            &t(if back { "studioUndone" } else { "studioRedone" }),
            false,
        );
    }
}

/// After every change: text, check, local draft, list, form (rebuilt if asked, else only its
/// findings), preview.
pub fn refresh(rebuild_form: bool) {
    let Some(draft) = with(|s| {
        s.text = draft_text(&s.doc);
        s.checked = check(s.text.as_bytes(), now());
        s.touched.then(|| Draft {
            saved_at_ms: now(),
            text: s.text.clone(),
            file_name: Some(s.file_name.clone()),
        })
    }) else {
        return;
    };
    if let Some(draft) = draft {
        autosave(&draft);
    }
    list::render();
    if rebuild_form {
        form::render();
    }
    form::show_findings();
    preview::render();
    sign::update();
    let (undo, redo) = with(|s| (s.history.can_undo(), s.history.can_redo())).unwrap_or_default();
    set_disabled("st-undo", !undo);
    set_disabled("st-redo", !redo);
}

/// Enables or disables a control by id.
pub fn set_disabled(id: &str, disabled: bool) {
    if let Some(b) = by_id(id) {
        let _ = if disabled {
            b.set_attribute("disabled", "")
        } else {
            b.remove_attribute("disabled")
        };
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn autosave(draft: &Draft) {
    if let (Some(store), Ok(json)) = (storage(), serde_json::to_string(draft)) {
        // A full quota loses the local copy only; the status says so.
        if store.set_item(DRAFT_KEY, &json).is_err() {
            say(&t("studioAutosaveFailed"), true);
        }
    }
}

fn saved_draft() -> Option<Draft> {
    let text = storage()?.get_item(DRAFT_KEY).ok()??;
    serde_json::from_str(&text).ok()
}

/// Builds the page and opens the starter feed, offering the draft from last time.
pub async fn start() {
    let starter = starter_feed(now(), utc_offset_minutes());
    let doc = parse(&starter);
    STUDIO.with(|s| {
        *s.borrow_mut() = Some(Studio {
            history: History::new(doc.clone(), DEFAULT_CAPACITY),
            selected: first_selection(&doc),
            doc,
            file_name: "feed.json".into(),
            text: String::new(),
            checked: check(b"", 0),
            preview: PreviewFor {
                lang: lang(),
                team: String::new(),
                region: String::new(),
                first_name: String::new(),
                role: String::new(),
                at_ms: None,
                network: Network::Linkedin,
                dark: theme::prefers_dark(),
            },
            key: None,
            touched: false,
        })
    });
    skeleton();
    refresh(true);
    let opened = with(|s| s.text.clone()).unwrap_or_default();
    if let Some(draft) = saved_draft().filter(|d| worth_offering(d, &opened)) {
        offer_restore(draft);
    }
}

fn offer_restore(draft: Draft) {
    let Some(bar) = by_id("st-restore") else {
        return;
    };
    clear(&bar);
    let lang = lang();
    let when = time::show(draft.saved_at_ms, &lang);
    let text = draft.text.clone();
    let name = draft.file_name.clone();
    let bar2 = bar.clone();
    let bar3 = bar.clone();
    let _ = bar.append_child(
        &el("p")
            .text(&tf(
                "studioRestoreOffer",
                &[
                    draft
                        .file_name
                        .clone()
                        .unwrap_or_else(|| "feed.json".into()),
                    when,
                ],
            ))
            .build(),
    );
    let _ = bar.append_child(
        &button(&t("studioRestoreYes"), "st-primary")
            .attr("id", "st-restore-yes")
            .on("click", move |_| {
                replace(&text, name.as_deref());
                let _ = bar2.set_attribute("hidden", "");
                say(&t("studioRestored"), false);
            })
            .build(),
    );
    let _ = bar.append_child(
        &button(&t("studioRestoreNo"), "")
            .attr("id", "st-restore-no")
            .on("click", move |_| {
                let _ = bar3.set_attribute("hidden", "");
            })
            .build(),
    );
    let _ = bar.remove_attribute("hidden");
    if let Some(b) = by_id("st-restore-yes").and_then(|b| b.dyn_into::<HtmlElement>().ok()) {
        let _ = b.focus();
    }
}

/// The page's fixed parts; the lists, the form and the preview fill themselves in.
fn skeleton() {
    let Some(body) = document().body() else {
        return;
    };
    // Light or dark as the system says, also when it switches (pages.css colours by it).
    theme::apply("studio", None);
    theme::follow_system("studio");
    let toolbar = el("div")
        .class("st-toolbar")
        .attr("role", "toolbar")
        .attr("aria-label", &t("studioToolbar"))
        .child(
            button(&t("studioNew"), "")
                .attr("id", "st-new")
                .on("click", |_| files::new_feed()),
        )
        .child(files::open_control())
        .child(
            button(&t("studioCurrent"), "")
                .attr("id", "st-current")
                .on("click", |_| files::load_current()),
        )
        .child(files::import_control())
        .child(el("span").class("st-sep").attr("aria-hidden", "true"))
        .child(
            button(&t("studioUndo"), "")
                .attr("id", "st-undo")
                .attr("aria-keyshortcuts", "Control+Z")
                .on("click", |_| undo_redo(true)),
        )
        .child(
            button(&t("studioRedo"), "")
                .attr("id", "st-redo")
                .attr("aria-keyshortcuts", "Control+Shift+Z")
                .on("click", |_| undo_redo(false)),
        )
        .child(el("span").class("st-sep").attr("aria-hidden", "true"))
        .child(
            button(&t("studioSave"), "st-primary")
                .attr("id", "st-save")
                .on("click", |_| files::save()),
        );
    let header = el("header")
        .class("st-header")
        .child(el("h1").text(&t("studioTitle")))
        .child(el("p").class("st-lead").text(&t("studioLead")))
        .child(toolbar)
        .child(
            el("p")
                .attr("id", "st-status")
                .attr("role", "status")
                .attr("aria-live", "polite"),
        )
        .child(
            el("div")
                .attr("id", "st-restore")
                .class("st-restore")
                .attr("hidden", ""),
        )
        .child(
            el("div")
                .attr("id", "st-import-problems")
                .attr("hidden", ""),
        );
    let main = el("main")
        .class("st-main")
        .child(list::skeleton())
        .child(
            el("section")
                .attr("id", "st-form")
                .class("st-form")
                .attr("aria-label", &t("studioFormLabel")),
        )
        .child(preview::skeleton());
    let _ = body.append_child(&header.build());
    let _ = body.append_child(&main.build());
    let _ = body.append_child(&sign::skeleton().build());
    let _ = body.append_child(&crate::publish::skeleton().build());
    files::accept_drops(&body);
    on(&document(), "keydown", |e| {
        let Some(k) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
            return;
        };
        if !(k.ctrl_key() || k.meta_key()) {
            return;
        }
        match k.key().to_lowercase().as_str() {
            "z" => {
                e.prevent_default();
                undo_redo(!k.shift_key());
            }
            "y" => {
                e.prevent_default();
                undo_redo(false);
            }
            "s" => {
                e.prevent_default();
                files::save();
            }
            _ => {}
        }
    });
}
