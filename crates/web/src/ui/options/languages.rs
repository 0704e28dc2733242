//! The caption languages, best first: a short ordered list with Up / Down / Remove, and an
//! "Add a language" select of common languages plus "Other" for any BCP 47 code. A list is
//! easier to get right than a comma-separated field, and the order matters (the first language
//! a suggestion is written in wins).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};

use advocate_core::lang::{normalize_tag, primary};

use super::super::dom::{button, clear, el, focus, on};
use super::fields::{error_box, fieldset, show_errors};
use crate::host::{self, t, tf};

/// Offered in the select, besides "Other": the languages most companies write in.
const COMMON: &[&str] = &[
    "de", "en", "fr", "it", "es", "nl", "pl", "pt", "cs", "da", "sv", "fi", "nb", "hu", "ro", "tr",
    "el", "ja", "zh",
];

/// The select's value for "Other (enter a code)".
const OTHER: &str = "*other";

/// The language's name in the UI language ("German" / "Deutsch"), or the tag itself.
/// `Intl.DisplayNames` throws on codes it considers malformed (such as a repeated variant,
/// which `normalize_tag` lets through), so it is called through `Reflect`, which catches.
pub fn name_of(tag: &str) -> String {
    let lookup = || -> Result<JsValue, JsValue> {
        let locales = Array::of1(&JsValue::from_str(&host::ui_language()));
        let opts = Object::new();
        Reflect::set(&opts, &"type".into(), &"language".into())?;
        let intl = Reflect::get(&js_sys::global(), &"Intl".into())?;
        let ctor: Function = Reflect::get(&intl, &"DisplayNames".into())?.dyn_into()?;
        let names = Reflect::construct(&ctor, &Array::of2(&locales, &opts))?;
        let of: Function = Reflect::get(&names, &"of".into())?.dyn_into()?;
        of.call1(&names, &JsValue::from_str(tag))
    };
    lookup()
        .ok()
        .and_then(|v| v.as_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| tag.to_string())
}

/// The language's name for the list, its buttons and announcements ("German"); the tag when
/// it is not a language code.
fn display(tag: &str) -> String {
    normalize_tag(tag)
        .map(|n| name_of(&n))
        .unwrap_or_else(|| tag.to_string())
}

/// "German (de)", where the code matters too (the read-only policy list, "already added").
pub fn label_of(tag: &str) -> String {
    match normalize_tag(tag) {
        Some(norm) => format!("{} ({norm})", name_of(&norm)),
        None => tag.to_string(),
    }
}

/// The editable list.
pub struct Languages {
    tags: RefCell<Vec<String>>,
    list: Element,
    empty: Element,
    select: HtmlSelectElement,
    code_row: Element,
    code: HtmlInputElement,
    error: Element,
    announce: Element,
}

impl Languages {
    /// Builds the list control into `parent`.
    pub fn new(parent: &Element, initial: Vec<String>) -> Rc<Languages> {
        let group = fieldset("adv-group adv-langs", &t("languagesLabel"));
        let _ = group.set_attribute("aria-describedby", "languages-help");
        let _ = group.append_child(
            &el("p")
                .class("adv-help")
                .attr("id", "languages-help")
                .text(&t("languagesHelp"))
                .build(),
        );
        let list = el("ol")
            .class("adv-lang-list")
            .attr("aria-label", &t("languagesLabel"))
            .build();
        let empty = el("p")
            .class("adv-lang-empty")
            .text(&tf("languagesEmpty", &[name_of_ui()]))
            .build();
        let select: HtmlSelectElement = el("select")
            .attr("id", "languageAdd")
            .attr("aria-describedby", "languages-error")
            .build()
            .unchecked_into();
        let code: HtmlInputElement = el("input")
            .attr("type", "text")
            .attr("id", "languageCode")
            .attr("autocomplete", "off")
            .attr("spellcheck", "false")
            .attr("aria-describedby", "languageCode-help languages-error")
            .build()
            .unchecked_into();
        let code_row = el("div")
            .class("adv-field adv-lang-code")
            .attr("hidden", "")
            .child(
                el("label")
                    .attr("for", "languageCode")
                    .text(&t("languageCodeLabel")),
            )
            .child(Element::from(code.clone()))
            .child(
                el("p")
                    .class("adv-help")
                    .attr("id", "languageCode-help")
                    .text(&t("languageCodeHelp")),
            )
            .build();
        let add = button(&t("languageAddButton"), "adv-secondary").build();
        let add_row = el("div")
            .class("adv-lang-add")
            .child(
                el("div")
                    .class("adv-field")
                    .child(
                        el("label")
                            .attr("for", "languageAdd")
                            .text(&t("languageAdd")),
                    )
                    .child(
                        el("div")
                            .class("adv-inline")
                            .child(Element::from(select.clone()))
                            .child(add.clone()),
                    ),
            )
            .child(code_row.clone())
            .build();
        let error = error_box("languages-error");
        // Moves and removals change the list under the employee's focus; say what happened.
        let announce = el("p")
            .class("adv-sr-only")
            .attr("aria-live", "polite")
            .build();
        for child in [&list, &empty, &add_row, &error, &announce] {
            let _ = group.append_child(child);
        }
        let _ = parent.append_child(&group);

        let me = Rc::new(Languages {
            tags: RefCell::new(initial),
            list,
            empty,
            select,
            code_row,
            code,
            error,
            announce,
        });
        {
            let me2 = me.clone();
            on(&add, "click", move |_| me2.add());
        }
        {
            let me2 = me.clone();
            on(&me.select, "change", move |_| me2.show_code_row());
        }
        {
            // Enter in the code field adds the language instead of submitting the whole form.
            let me2 = me.clone();
            on(&me.code, "keydown", move |e| {
                let enter = e
                    .dyn_ref::<web_sys::KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Enter");
                if enter {
                    e.prevent_default();
                    me2.add();
                }
            });
        }
        me.render();
        me
    }

    fn other_chosen(&self) -> bool {
        self.select.value() == OTHER
    }

    fn show_code_row(&self) {
        if self.other_chosen() {
            let _ = self.code_row.remove_attribute("hidden");
        } else {
            let _ = self.code_row.set_attribute("hidden", "");
            self.code.set_value("");
            self.set_error(None, None);
        }
    }

    fn set_error(&self, on: Option<&Element>, message: Option<String>) {
        let controls: Vec<Element> = [self.select.clone().into(), self.code.clone().into()]
            .into_iter()
            .collect();
        show_errors(&self.error, &controls, &[]);
        if let (Some(on), Some(m)) = (on, message) {
            show_errors(&self.error, std::slice::from_ref(on), &[m]);
        }
    }

    /// Checks a typed code: the normalised tag, or the message to show.
    fn check_code(&self, typed: &str) -> Result<String, String> {
        if typed.is_empty() {
            return Err(t("languageCodeEmpty"));
        }
        let tag = normalize_tag(typed).ok_or_else(|| tf("languagesInvalid", &[typed.into()]))?;
        if self
            .tags
            .borrow()
            .iter()
            .any(|x| x.eq_ignore_ascii_case(&tag))
        {
            return Err(tf("languageAlready", &[label_of(&tag)]));
        }
        Ok(tag)
    }

    fn add(self: &Rc<Self>) {
        let chosen = self.select.value();
        let (tag, from_code) = if chosen == OTHER {
            (self.code.value().trim().to_string(), true)
        } else {
            (chosen, false)
        };
        let tag = match self.check_code(&tag) {
            Ok(tag) => tag,
            Err(message) => {
                let on: Element = if from_code {
                    self.code.clone().into()
                } else {
                    self.select.clone().into()
                };
                self.set_error(Some(&on), Some(message));
                focus(&on);
                return;
            }
        };
        self.set_error(None, None);
        self.tags.borrow_mut().push(tag.clone());
        self.code.set_value("");
        self.render();
        self.say(tf("languageAdded", &[display(&tag)]));
        if from_code {
            focus(&self.code);
        } else {
            focus(&self.select);
        }
    }

    fn say(&self, text: String) {
        self.announce.set_text_content(Some(&text));
    }

    fn move_by(self: &Rc<Self>, index: usize, up: bool) {
        let target = {
            let mut tags = self.tags.borrow_mut();
            let target = if up {
                index.checked_sub(1)
            } else {
                Some(index + 1).filter(|&i| i < tags.len())
            };
            let Some(target) = target else { return };
            tags.swap(index, target);
            target
        };
        self.render();
        let tag = self.tags.borrow()[target].clone();
        self.say(tf(
            "languageMoved",
            &[display(&tag), (target + 1).to_string()],
        ));
        // Keep focus on the moved language; at the top or bottom the button that was pressed
        // is gone, so the other one takes it.
        let preferred = if up { "up" } else { "down" };
        let fallback = if up { "down" } else { "up" };
        self.focus_action(target, &[preferred, fallback, "remove"]);
    }

    fn remove(self: &Rc<Self>, index: usize) {
        let tag = {
            let mut tags = self.tags.borrow_mut();
            if index >= tags.len() {
                return;
            }
            tags.remove(index)
        };
        self.render();
        self.say(tf("languageRemoved", &[display(&tag)]));
        let len = self.tags.borrow().len();
        if len == 0 {
            focus(&self.select);
        } else {
            self.focus_action(index.min(len - 1), &["remove"]);
        }
    }

    fn focus_action(&self, index: usize, actions: &[&str]) {
        for action in actions {
            let selector =
                format!("[data-index=\"{index}\"][data-action=\"{action}\"]:not([disabled])");
            if let Ok(Some(b)) = self.list.query_selector(&selector) {
                focus(&b);
                return;
            }
        }
    }

    fn render(self: &Rc<Self>) {
        clear(&self.list);
        let tags = self.tags.borrow().clone();
        let last = tags.len().saturating_sub(1);
        for (i, tag) in tags.iter().enumerate() {
            let shown = display(tag);
            // Up on the first and Down on the last are disabled rather than left out, so the
            // buttons line up from row to row.
            let up = {
                let me = self.clone();
                self.action_button(i, "up", "languageUp", "languageUpLabel", &shown)
                    .on("click", move |_| me.move_by(i, true))
                    .build()
            };
            let down = {
                let me = self.clone();
                self.action_button(i, "down", "languageDown", "languageDownLabel", &shown)
                    .on("click", move |_| me.move_by(i, false))
                    .build()
            };
            if i == 0 {
                let _ = up.set_attribute("disabled", "");
            }
            if i == last {
                let _ = down.set_attribute("disabled", "");
            }
            let me = self.clone();
            let actions = el("div")
                .class("adv-lang-actions")
                .child(up)
                .child(down)
                .child(
                    self.action_button(
                        i,
                        "remove",
                        "languageRemove",
                        "languageRemoveLabel",
                        &shown,
                    )
                    .on("click", move |_| me.remove(i)),
                );
            let item = el("li")
                .class("adv-lang")
                .child(
                    el("span")
                        .class("adv-lang-name")
                        .child(el("span").text(&shown))
                        .child(el("span").class("adv-lang-tag").text(tag)),
                )
                .child(actions);
            let _ = self.list.append_child(&item.build());
        }
        if tags.is_empty() {
            let _ = self.list.set_attribute("hidden", "");
            let _ = self.empty.remove_attribute("hidden");
        } else {
            let _ = self.list.remove_attribute("hidden");
            let _ = self.empty.set_attribute("hidden", "");
        }
        self.fill_select();
    }

    fn action_button(
        &self,
        index: usize,
        action: &str,
        text_key: &str,
        label_key: &str,
        name: &str,
    ) -> super::super::dom::El {
        button(&t(text_key), "adv-secondary adv-small")
            .attr("aria-label", &tf(label_key, &[name.to_string()]))
            .attr("data-index", &index.to_string())
            .attr("data-action", action)
    }

    /// The common languages not yet in the list, by name, then "Other".
    fn fill_select(&self) {
        let keep = self.select.value();
        let select: Element = self.select.clone().into();
        clear(&select);
        let tags = self.tags.borrow();
        let mut offered: Vec<(String, &str)> = COMMON
            .iter()
            .filter(|c| !tags.iter().any(|t| t.eq_ignore_ascii_case(c)))
            .map(|c| (name_of(c), *c))
            .collect();
        advocate_core::util::sort::sort_by_key(&mut offered, |(name, _)| name.to_lowercase());
        for (name, tag) in offered {
            let _ = select.append_child(
                &el("option")
                    .attr("value", tag)
                    .text(&format!("{name} ({tag})"))
                    .build(),
            );
        }
        let _ = select.append_child(
            &el("option")
                .attr("value", OTHER)
                .text(&t("languageOther"))
                .build(),
        );
        // Stay on "Other" (or on a language still offered) after a change to the list.
        self.select.set_value(&keep);
        if self.select.selected_index() < 0 {
            self.select.set_selected_index(0);
        }
    }

    /// The list to save, or the control to focus: entries must be language codes (older
    /// versions stored whatever was typed), and a code still in the "Other" field counts as
    /// added, because that is what the employee meant.
    pub fn collect(&self) -> Result<Vec<String>, Element> {
        self.set_error(None, None);
        let mut out: Vec<String> = Vec::new();
        for tag in self.tags.borrow().iter() {
            match normalize_tag(tag) {
                Some(n) if !out.contains(&n) => out.push(n),
                Some(_) => {}
                None => {
                    let on: Element = self.select.clone().into();
                    self.set_error(
                        Some(&on),
                        Some(tf("languagesInvalid", std::slice::from_ref(tag))),
                    );
                    return Err(on);
                }
            }
        }
        let typed = self.code.value().trim().to_string();
        if self.other_chosen() && !typed.is_empty() {
            match self.check_code(&typed) {
                Ok(tag) => out.push(tag),
                Err(message) => {
                    let on: Element = self.code.clone().into();
                    self.set_error(Some(&on), Some(message));
                    return Err(on);
                }
            }
        }
        Ok(out)
    }

    /// After a save, the list is what was saved (a pending "Other" code is now in it).
    pub fn saved(self: &Rc<Self>, tags: &[String]) {
        if *self.tags.borrow() != tags {
            *self.tags.borrow_mut() = tags.to_vec();
            self.code.set_value("");
            self.render();
        }
    }
}

/// The browser's UI language by name, for "your browser's language (English) is used". The
/// primary language only: captions are matched on it ("en-US" finds "en-GB" and "en").
fn name_of_ui() -> String {
    let ui = host::ui_language();
    match normalize_tag(primary(&ui)) {
        Some(tag) => name_of(&tag),
        None => ui,
    }
}
