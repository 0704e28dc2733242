//! Form controls bound to a JSON Pointer of the draft. Every control has a visible label, and
//! its wrapper carries the pointer, so that a finding at that pointer is shown at the control.

use serde_json::Value;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

use advocate_core::studio::edit::{list_to_text, value_of, FieldKind};
use advocate_web::host::t;
use advocate_web::ui::dom::{el, El};

use crate::{app, time};

/// The id of the control for `pointer` (`/items/0/url` → `f-items-0-url`).
pub fn control_id(pointer: &str) -> String {
    let safe: String = pointer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("f{safe}")
}

/// The draft's value at `pointer`.
pub fn value_at(pointer: &str) -> Option<Value> {
    app::with(|s| s.doc.pointer(pointer).cloned()).flatten()
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// The wrapper with label, optional help, and the control.
fn wrap(pointer: &str, label: &str, help: Option<&str>, control: Element) -> El {
    let id = control_id(pointer);
    let mut w = el("div")
        .class("st-field")
        .attr("data-pointer", pointer)
        .child(el("label").attr("for", &id).text(label));
    if let Some(h) = help {
        let hid = format!("{id}-help");
        let _ = control.set_attribute("aria-describedby", &hid);
        w = w.child(el("p").class("st-help").attr("id", &hid).text(h));
    }
    w.child(control)
}

/// A one-line text field.
pub fn text(pointer: &str, label: &str, kind: FieldKind, help: Option<&str>) -> Element {
    let current = value_at(pointer);
    let shown = match kind {
        FieldKind::List => list_to_text(current.as_ref()),
        _ => text_of(current.as_ref()),
    };
    let p = pointer.to_string();
    let input = el("input")
        .attr("type", "text")
        .attr("id", &control_id(pointer))
        .attr("value", &shown)
        .attr(
            "spellcheck",
            if kind == FieldKind::List {
                "false"
            } else {
                "true"
            },
        )
        .on("input", move |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                app::change(&p, value_of(kind, &i.value()));
            }
        })
        .build();
    wrap(pointer, label, help, input).build()
}

/// A multi-line text field (captions, summaries).
pub fn textarea(
    pointer: &str,
    label: &str,
    rows: u32,
    kind: FieldKind,
    help: Option<&str>,
) -> Element {
    let p = pointer.to_string();
    let area = el("textarea")
        .attr("id", &control_id(pointer))
        .attr("rows", &rows.to_string())
        .on("input", move |e| {
            if let Some(a) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlTextAreaElement>().ok())
            {
                app::change(&p, value_of(kind, &a.value()));
            }
        })
        .build();
    if let Some(a) = area.dyn_ref::<HtmlTextAreaElement>() {
        a.set_value(&text_of(value_at(pointer).as_ref()));
    }
    wrap(pointer, label, help, area).build()
}

/// A whole number field.
pub fn integer(pointer: &str, label: &str, help: Option<&str>) -> Element {
    let p = pointer.to_string();
    let input = el("input")
        .attr("type", "text")
        .attr("inputmode", "numeric")
        .attr("id", &control_id(pointer))
        .attr("value", &text_of(value_at(pointer).as_ref()))
        .on("input", move |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                app::change(&p, value_of(FieldKind::Integer, &i.value()));
            }
        })
        .build();
    wrap(pointer, label, help, input).build()
}

/// A checkbox: `on` is written when checked, `off` (None: the field left out) when not.
pub fn checkbox(pointer: &str, label: &str, on: Value, off: Option<Value>) -> Element {
    let id = control_id(pointer);
    let checked = value_at(pointer).as_ref() == Some(&on);
    let p = pointer.to_string();
    let input = el("input")
        .attr("type", "checkbox")
        .attr("id", &id)
        .on("change", move |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                app::change(
                    &p,
                    if i.checked() {
                        Some(on.clone())
                    } else {
                        off.clone()
                    },
                );
            }
        })
        .build();
    if checked {
        let _ = input.set_attribute("checked", "");
    }
    el("div")
        .class("st-field st-check")
        .attr("data-pointer", pointer)
        .child(input)
        .child(el("label").attr("for", &id).text(label))
        .build()
}

/// A choice: `(value, label)` pairs; the value `""` leaves the field out.
pub fn select(pointer: &str, label: &str, choices: &[(&str, String)]) -> Element {
    let current = text_of(value_at(pointer).as_ref());
    let p = pointer.to_string();
    let mut s = el("select")
        .attr("id", &control_id(pointer))
        .on("change", move |e| {
            if let Some(s) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
            {
                let v = s.value();
                app::change(&p, (!v.is_empty()).then_some(Value::String(v)));
            }
        });
    let mut known = false;
    for (value, text) in choices {
        let mut o = el("option").attr("value", value).text(text);
        if *value == current {
            o = o.attr("selected", "");
            known = true;
        }
        s = s.child(o);
    }
    if !known {
        // A value the form does not offer (typed in the file): shown as it is, so nothing is
        // changed behind the admin's back; validation says what is wrong with it.
        s = s.child(
            el("option")
                .attr("value", &current)
                .attr("selected", "")
                .text(&current),
        );
    }
    wrap(pointer, label, None, s.build()).build()
}

/// A date and time in the browser's zone, kept as RFC 3339 with its offset.
pub fn datetime(pointer: &str, label: &str) -> Element {
    let stored = text_of(value_at(pointer).as_ref());
    let local = time::to_local_input(&stored).unwrap_or_default();
    let p = pointer.to_string();
    let id = control_id(pointer);
    let note_id = format!("{id}-zone");
    let input = el("input")
        .attr("type", "datetime-local")
        .attr("id", &id)
        .attr("value", &local)
        .attr("aria-describedby", &note_id)
        .on("change", move |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                let v = i.value();
                let value = if v.is_empty() {
                    None
                } else {
                    time::from_local_input(&v).map(Value::String)
                };
                app::change(&p, value);
            }
        })
        .build();
    let zone = crate::js::time_zone();
    let note = if !stored.is_empty() && local.is_empty() {
        advocate_web::host::tf("studioDateUnreadable", &[stored])
    } else {
        advocate_web::host::tf("studioTimeZone", &[zone])
    };
    el("div")
        .class("st-field")
        .attr("data-pointer", pointer)
        .child(el("label").attr("for", &id).text(label))
        .child(input)
        .child(el("p").class("st-help").attr("id", &note_id).text(&note))
        .build()
}

/// A field that is not bound to the draft (the preview's, signing's and publishing's own
/// controls): the label and the control in the studio's field wrapper.
pub fn labelled(id: &str, label: &str, control: El) -> El {
    el("div")
        .class("st-field")
        .child(el("label").attr("for", id).text(label))
        .child(control.attr("id", id))
}

/// The current value of the input, textarea or select with `id` ("" if there is none).
pub fn control_value(id: &str) -> String {
    let Some(e) = app::by_id(id) else {
        return String::new();
    };
    if let Some(i) = e.dyn_ref::<HtmlInputElement>() {
        return i.value();
    }
    if let Some(a) = e.dyn_ref::<HtmlTextAreaElement>() {
        return a.value();
    }
    e.dyn_ref::<HtmlSelectElement>()
        .map(|s| s.value())
        .unwrap_or_default()
}

/// A group of fields with a legend.
pub fn group(legend: &str) -> El {
    el("fieldset")
        .class("st-group")
        .child(el("legend").text(legend))
}

/// The label of a language tag in the UI's language ("Deutsch (de)").
pub fn lang_label(tag: &str) -> String {
    let name = match tag {
        "de" => t("studioLangDe"),
        "en" => t("studioLangEn"),
        _ => String::new(),
    };
    if name.is_empty() {
        tag.to_string()
    } else {
        format!("{name} ({tag})")
    }
}
