//! A tiny element builder over web-sys. Text goes in with `textContent` and attributes with
//! `setAttribute`, never as markup: feed data cannot become elements.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// The page's document (extension pages always have one).
pub fn document() -> Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect_throw("extension pages have a document")
}

/// A fluent wrapper around a new element.
pub struct El(pub Element);

/// Creates `<tag>`.
pub fn el(tag: &str) -> El {
    El(document()
        .create_element(tag)
        .expect_throw("createElement of a fixed tag name"))
}

impl El {
    /// Adds classes (space-separated).
    pub fn class(self, classes: &str) -> El {
        for c in classes.split_whitespace() {
            let _ = self.0.class_list().add_1(c);
        }
        self
    }

    /// Sets an attribute.
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// Sets the text content.
    pub fn text(self, text: &str) -> El {
        self.0.set_text_content(Some(text));
        self
    }

    /// Appends a child.
    pub fn child(self, child: impl Into<Element>) -> El {
        let _ = self.0.append_child(&child.into());
        self
    }

    /// Appends a child if present.
    pub fn child_opt(self, child: Option<impl Into<Element>>) -> El {
        match child {
            Some(c) => self.child(c),
            None => self,
        }
    }

    /// Adds an event listener that lives as long as the page.
    pub fn on(self, event: &str, f: impl FnMut(web_sys::Event) + 'static) -> El {
        on(&self.0, event, f);
        self
    }

    /// The element.
    pub fn build(self) -> Element {
        self.0
    }
}

impl From<El> for Element {
    fn from(e: El) -> Element {
        e.0
    }
}

/// Adds an event listener that lives as long as the page.
pub fn on(target: &web_sys::EventTarget, event: &str, f: impl FnMut(web_sys::Event) + 'static) {
    let c = Closure::wrap(Box::new(f) as Box<dyn FnMut(web_sys::Event)>);
    let _ = target.add_event_listener_with_callback(event, c.as_ref().unchecked_ref());
    c.forget();
}

/// A `<button type="button">` with a label.
pub fn button(label: &str, classes: &str) -> El {
    el("button")
        .attr("type", "button")
        .class(classes)
        .text(label)
}

/// Removes all children.
pub fn clear(e: &Element) {
    while let Some(c) = e.first_child() {
        let _ = e.remove_child(&c);
    }
}

/// Focuses an element if it is an HTML element.
pub fn focus(e: &Element) {
    if let Some(h) = e.dyn_ref::<HtmlElement>() {
        let _ = h.focus();
    }
}

/// Formats a number the way `lang` writes it (3,000 / 3.000).
pub fn number(n: usize, lang: &str) -> String {
    js_sys::Number::from(n as f64)
        .to_locale_string(lang)
        .as_string()
        .unwrap_or_else(|| n.to_string())
}
