//! Labelled controls for the options page: each with its help text, the policy lock and an
//! inline error, all tied to the control with `aria-describedby` so a screen reader reads them
//! when the control gets focus.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlTextAreaElement};

use super::super::dom::{clear, el, El};
use crate::host::t;

/// What a text field looks like.
pub struct Spec<'a> {
    /// Element id (also the `name`).
    pub id: &'a str,
    /// Visible label.
    pub label: String,
    /// Initial value.
    pub value: String,
    /// Help under the control.
    pub help: Option<String>,
    /// Set by policy: read-only, marked, and explained.
    pub locked: bool,
    /// A `<textarea>` with this many rows instead of a one-line `<input>`.
    pub rows: Option<u32>,
    /// `type` of a one-line input.
    pub input_type: &'a str,
    /// `autocomplete` token (WCAG 1.3.5: the browser can offer the employee's own data).
    pub autocomplete: &'a str,
}

impl<'a> Spec<'a> {
    /// A one-line text field.
    pub fn text(id: &'a str, label: String, value: &str) -> Spec<'a> {
        Spec {
            id,
            label,
            value: value.to_string(),
            help: None,
            locked: false,
            rows: None,
            input_type: "text",
            autocomplete: "off",
        }
    }

    /// With help text.
    pub fn help(mut self, help: String) -> Self {
        self.help = Some(help);
        self
    }

    /// Locked by policy when `locked`.
    pub fn locked(mut self, locked: bool) -> Self {
        self.locked = locked;
        self
    }
}

/// The "Set by your organisation." note with its lock mark (the mark is CSS, so it is not read
/// out twice).
pub fn lock_note(id: &str) -> El {
    el("p")
        .class("adv-lock")
        .attr("id", id)
        .text(&t("lockedByPolicy"))
}

/// An inline error container; empty (and hidden by CSS) while there is nothing to say.
pub fn error_box(id: &str) -> Element {
    el("div").class("adv-field-error").attr("id", id).build()
}

/// Puts `messages` into an error container (one paragraph each) and flags `controls`.
pub fn show_errors(error: &Element, controls: &[Element], messages: &[String]) {
    clear(error);
    for m in messages {
        let _ = error.append_child(&el("p").text(m).build());
    }
    let invalid = if messages.is_empty() { "false" } else { "true" };
    for c in controls {
        if messages.is_empty() {
            let _ = c.remove_attribute("aria-invalid");
        } else {
            let _ = c.set_attribute("aria-invalid", invalid);
        }
    }
}

/// A labelled text field (input or textarea) with help, lock and error.
pub struct Field {
    /// The input or textarea.
    pub control: Element,
    error: Element,
}

impl Field {
    /// Builds the field and appends it to `parent`.
    pub fn new(parent: &Element, spec: Spec<'_>) -> Field {
        let id = spec.id;
        let help_id = format!("{id}-help");
        let lock_id = format!("{id}-lock");
        let error_id = format!("{id}-error");
        let mut described = Vec::new();
        if spec.locked {
            described.push(lock_id.as_str());
        }
        if spec.help.is_some() {
            described.push(help_id.as_str());
        }
        described.push(error_id.as_str());
        let control = match spec.rows {
            Some(rows) => el("textarea")
                .attr("rows", &rows.to_string())
                .attr("wrap", "off"),
            None => el("input").attr("type", spec.input_type),
        }
        .attr("id", id)
        .attr("name", id)
        .attr("autocomplete", spec.autocomplete)
        .attr("spellcheck", "false")
        .attr("aria-describedby", &described.join(" "))
        .build();
        if let Some(i) = control.dyn_ref::<HtmlInputElement>() {
            i.set_value(&spec.value);
            i.set_read_only(spec.locked);
        } else if let Some(a) = control.dyn_ref::<HtmlTextAreaElement>() {
            a.set_value(&spec.value);
            a.set_read_only(spec.locked);
        }
        let error = error_box(&error_id);
        let row = el("div")
            .class(if spec.locked {
                "adv-field adv-locked"
            } else {
                "adv-field"
            })
            .child(el("label").attr("for", id).text(&spec.label))
            .child_opt(spec.locked.then(|| lock_note(&lock_id)))
            .child(control.clone())
            .child_opt(
                spec.help
                    .map(|h| el("p").class("adv-help").attr("id", &help_id).text(&h)),
            )
            .child(error.clone());
        let _ = parent.append_child(&row.build());
        Field { control, error }
    }

    /// The value, trimmed.
    pub fn value(&self) -> String {
        self.raw_value().trim().to_string()
    }

    /// The value as typed (a textarea's lines).
    pub fn raw_value(&self) -> String {
        if let Some(i) = self.control.dyn_ref::<HtmlInputElement>() {
            i.value()
        } else if let Some(a) = self.control.dyn_ref::<HtmlTextAreaElement>() {
            a.value()
        } else {
            String::new()
        }
    }

    /// Shows these errors (none: clears them).
    pub fn set_errors(&self, messages: &[String]) {
        show_errors(&self.error, std::slice::from_ref(&self.control), messages);
    }

    /// Whether the field is marked invalid right now.
    pub fn is_invalid(&self) -> bool {
        self.control.get_attribute("aria-invalid").as_deref() == Some("true")
    }
}

/// A `<fieldset>` with a `<legend>` (a group of checkboxes or radios, or a list control).
pub fn fieldset(class: &str, legend: &str) -> Element {
    el("fieldset")
        .class(class)
        .child(el("legend").text(legend))
        .build()
}

/// A group of checkboxes or radios sharing a name and one inline error.
pub struct Group {
    /// The `<fieldset>`.
    pub element: Element,
    /// `checkbox` or `radio`.
    kind: &'static str,
    name: String,
    error: Element,
    /// The inputs, in order.
    pub inputs: Vec<HtmlInputElement>,
}

impl Group {
    /// A group of `kind` inputs named `name` under `legend`.
    pub fn new(kind: &'static str, name: &str, legend: &str) -> Group {
        let element = fieldset("adv-group", legend);
        let error = error_box(&format!("{name}-error"));
        Group {
            element,
            kind,
            name: name.to_string(),
            error,
            inputs: Vec::new(),
        }
    }

    /// Adds one input with its label and an optional one-line hint.
    pub fn add(&mut self, value: &str, label: &str, hint: Option<&str>, checked: bool) {
        let id = format!("{}-{value}", self.name);
        let hint_id = format!("{id}-hint");
        let error_id = format!("{}-error", self.name);
        let described = match hint {
            Some(_) => format!("{hint_id} {error_id}"),
            None => error_id,
        };
        let input = el("input")
            .attr("type", self.kind)
            .attr("name", &self.name)
            .attr("id", &id)
            .attr("value", value)
            .attr("aria-describedby", &described)
            .build();
        let input: HtmlInputElement = input.unchecked_into();
        input.set_checked(checked);
        let text = el("div")
            .class("adv-choice-text")
            .child(el("label").attr("for", &id).text(label))
            .child_opt(hint.map(|h| el("p").class("adv-help").attr("id", &hint_id).text(h)));
        let row = el("div")
            .class("adv-choice")
            .child(Element::from(input.clone()))
            .child(text);
        let _ = self.element.append_child(&row.build());
        self.inputs.push(input);
    }

    /// Appends the error container after the inputs; call once all inputs are added.
    pub fn finish(&self) {
        let _ = self.element.append_child(&self.error);
    }

    /// The values of the checked inputs, in order.
    pub fn checked(&self) -> Vec<String> {
        self.inputs
            .iter()
            .filter(|i| i.checked())
            .map(|i| i.value())
            .collect()
    }

    /// Shows these errors on the whole group (none: clears them).
    pub fn set_errors(&self, messages: &[String]) {
        let controls: Vec<Element> = self.inputs.iter().map(|i| i.clone().into()).collect();
        show_errors(&self.error, &controls, messages);
    }

    /// The first input (where focus goes when the group needs fixing).
    pub fn first(&self) -> Option<Element> {
        self.inputs.first().map(|i| i.clone().into())
    }
}
