//! "Pause suggestions for N days", and Resume. It acts at once through the background
//! (`Request::Pause`, the same path as the panel's Resume), independent of the Save button, so
//! it has its own small form: Enter in the days field pauses rather than saving everything.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::{Element, HtmlInputElement};

use super::super::dom::{button, el, focus, on};
use super::super::status;
use super::fields::{error_box, show_errors};
use crate::background::store;
use crate::host::{self, t, tf};
use crate::protocol::Request;

/// Longest pause offered (days).
const MAX_DAYS: u32 = 90;

/// The pause controls.
pub struct Pause {
    paused: Element,
    paused_text: Element,
    resume: Element,
    form: Element,
    days: HtmlInputElement,
    error: Element,
    until: std::cell::Cell<Option<i64>>,
}

/// The pause end, if it is still ahead.
fn active(until: Option<i64>) -> Option<i64> {
    until.filter(|&u| u > host::now_ms() as i64)
}

impl Pause {
    /// Builds the controls into `section`, showing the current state.
    pub fn new(section: &Element, paused_until: Option<i64>) -> Rc<Pause> {
        let paused_text = el("p").class("adv-paused-text").build();
        let resume = button(&t("resume"), "adv-secondary").build();
        let paused = el("div")
            .class("adv-paused")
            .child(paused_text.clone())
            .child(resume.clone())
            .build();
        let days: HtmlInputElement = el("input")
            .attr("type", "number")
            .attr("id", "pauseDays")
            .attr("name", "pauseDays")
            .attr("min", "1")
            .attr("max", &MAX_DAYS.to_string())
            .attr("step", "1")
            .attr("inputmode", "numeric")
            .attr("aria-describedby", "pauseDays-error")
            .build()
            .unchecked_into();
        days.set_value("7");
        let error = error_box("pauseDays-error");
        let form = el("form")
            .class("adv-pause-form")
            .attr("novalidate", "")
            .child(
                el("div")
                    .class("adv-field")
                    .child(
                        el("label")
                            .attr("for", "pauseDays")
                            .text(&t("pauseDaysLabel")),
                    )
                    .child(
                        el("div")
                            .class("adv-inline")
                            .child(Element::from(days.clone()))
                            .child(
                                button(&t("pauseButton"), "adv-secondary").attr("type", "submit"),
                            ),
                    ),
            )
            .build();
        // One live region for both states, so "paused until …" is announced after Pause.
        let live = el("div")
            .attr("role", "status")
            .child(paused.clone())
            .build();
        let _ = section.append_child(&live);
        let _ = section.append_child(&form);
        // Outside the form, so that a failed Resume can be reported while the form is hidden.
        let _ = section.append_child(&error);
        let me = Rc::new(Pause {
            paused,
            paused_text,
            resume,
            form,
            days,
            error,
            until: std::cell::Cell::new(None),
        });
        me.show(active(paused_until), false);
        {
            let me2 = me.clone();
            on(&me.form, "submit", move |e| {
                e.prevent_default();
                me2.pause();
            });
        }
        {
            let me2 = me.clone();
            on(&me.resume, "click", move |_| me2.set_days(0));
        }
        {
            // Paused or resumed elsewhere (the launcher panel, another options tab).
            let me2 = me.clone();
            host::on_storage_changed(move |area, _| {
                if area == "sync" {
                    let me3 = me2.clone();
                    spawn_local(async move {
                        let until = active(store::user_settings().await.paused_until);
                        if until != me3.until.get() {
                            me3.show(until, false);
                        }
                    });
                }
            });
        }
        me
    }

    fn show(&self, until: Option<i64>, move_focus: bool) {
        self.until.set(until);
        match until {
            Some(u) => {
                self.paused_text
                    .set_text_content(Some(&tf("pausedUntil", &[status::date(u)])));
                let _ = self.paused.remove_attribute("hidden");
                let _ = self.form.set_attribute("hidden", "");
                if move_focus {
                    focus(&self.resume);
                }
            }
            None => {
                self.paused_text.set_text_content(None);
                let _ = self.paused.set_attribute("hidden", "");
                let _ = self.form.remove_attribute("hidden");
                if move_focus {
                    focus(&self.days);
                }
            }
        }
    }

    fn pause(self: &Rc<Self>) {
        let days = self
            .days
            .value()
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|d| (1..=MAX_DAYS).contains(d));
        let control: Element = self.days.clone().into();
        match days {
            Some(d) => {
                show_errors(&self.error, std::slice::from_ref(&control), &[]);
                self.set_days(d);
            }
            None => {
                show_errors(
                    &self.error,
                    std::slice::from_ref(&control),
                    &[tf("pauseDaysInvalid", &[MAX_DAYS.to_string()])],
                );
                focus(&control);
            }
        }
    }

    /// Pauses for `days` (0: resumes) and shows the new state.
    fn set_days(self: &Rc<Self>, days: u32) {
        let me = self.clone();
        spawn_local(async move {
            let sent = host::send_message::<_, serde_json::Value>(&Request::Pause { days }).await;
            if let Err(e) = sent {
                show_errors(
                    &me.error,
                    &[],
                    &[tf("saveFailed", std::slice::from_ref(&e.0))],
                );
                return;
            }
            let until = active(store::user_settings().await.paused_until);
            me.show(until, true);
        });
    }
}
