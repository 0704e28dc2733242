//! The toolbar popup: the sync status in words with *Sync now*, the employee's own numbers,
//! every active suggestion with search, filters and share buttons (the share continues in a new
//! tab on the network), and the hidden/snoozed items with undo. Everything comes from one
//! `Request::Popup`; nothing here leaves the browser.

mod list;
mod page_check;

use std::cell::Cell;
use std::rc::Rc;

#[cfg(feature = "entry")]
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

use advocate_core::network::Network;
use advocate_core::state::Stats;
use advocate_core::view::PopupView;

use super::dom::{button, clear, document, el, focus, number, on};
use super::{status, theme};
use crate::host::{self, t, tf};
use crate::protocol::Request;
use list::{Handlers, List};

/// The parts of the page that change after the first render.
struct Popup {
    status_line: Element,
    sync: Element,
    syncing: Cell<bool>,
    paused: Element,
    paused_text: Element,
    stats: Element,
    tracking: Element,
    message: Element,
    list: Rc<List>,
}

fn set_hidden(e: &Element, hidden: bool) {
    let _ = if hidden {
        e.set_attribute("hidden", "")
    } else {
        e.remove_attribute("hidden")
    };
}

fn set_error(e: &Element, error: bool) {
    let _ = if error {
        e.class_list().add_1("adv-error")
    } else {
        e.class_list().remove_1("adv-error")
    };
}

fn close_window() {
    if let Some(w) = web_sys::window() {
        let _ = w.close();
    }
}

/// "This month you shared 3 posts", "LinkedIn 2", "X 1", "12 in total".
fn stats_parts(s: &Stats) -> Vec<String> {
    let lang = host::ui_language();
    let mut parts = Vec::new();
    if s.month == 0 {
        parts.push(t("popupStatsNone"));
    } else {
        parts.push(status::plural("popupStatsMonth", s.month));
        for (network, n) in [
            (Network::Linkedin, s.month_linkedin),
            (Network::X, s.month_x),
        ] {
            parts.push(format!("{} {}", network.display_name(), number(n, &lang)));
        }
    }
    if s.total > s.month {
        parts.push(tf("popupStatsTotal", &[number(s.total, &lang)]));
    }
    parts
}

/// Shows the first part as a line of its own and the rest below it, joined by " · ", each
/// kept on one line with its separator in front (a narrow popup wraps between "LinkedIn 2" and
/// "· X 1", never inside them). The text still reads as one sentence: "… 3 posts · LinkedIn 2".
fn show_stats(target: &Element, s: &Stats) {
    clear(target);
    for (i, part) in stats_parts(s).into_iter().enumerate() {
        match i {
            0 => {
                let _ = target
                    .append_child(&el("span").class("adv-pop-stats-head").text(&part).build());
            }
            _ => {
                if i == 1 {
                    // Where the line breaks, the separator is not drawn.
                    let _ = target
                        .append_child(&el("span").class("adv-pop-stats-sep").text(" ·").build());
                }
                let _ = target.append_with_str_1(" ");
                let text = if i == 1 { part } else { format!("· {part}") };
                let _ = target.append_child(&el("span").class("adv-nowrap").text(&text).build());
            }
        }
    }
}

impl Popup {
    /// Shows a reply: status, pause, stats, notice and the list.
    fn render(&self, reply: &PopupView) {
        // The line counts what the list offers (hidden items and other audiences excluded).
        let (line, error) = status::line(&reply.status, Some(reply.items.len()));
        self.status_line.set_text_content(Some(&line));
        set_error(&self.status_line, error);
        match reply.paused_until {
            Some(until) => {
                self.paused_text
                    .set_text_content(Some(&tf("pausedUntil", &[status::date(until)])));
                set_hidden(&self.paused, false);
            }
            None => set_hidden(&self.paused, true),
        }
        show_stats(&self.stats, &reply.stats);
        set_hidden(&self.stats, false);
        set_hidden(&self.tracking, !reply.personal_tracking);
        self.list.fill(reply);
    }

    /// Fetches everything again and shows it.
    async fn refresh(&self) {
        match host::send_message::<_, PopupView>(&Request::Popup).await {
            Ok(reply) => self.render(&reply),
            Err(_) => {
                self.status_line.set_text_content(Some(&t("panelError")));
                set_error(&self.status_line, true);
                self.list.show_note(&t("panelError"));
            }
        }
    }

    /// Says what happened to the last click, in the footer's live region.
    fn say(&self, text: &str, error: bool) {
        self.message.set_text_content(Some(text));
        set_error(&self.message, error);
    }
}

fn sync_now(popup: &Rc<Popup>) {
    // aria-disabled rather than `disabled`: a disabled button drops keyboard focus to the page.
    if popup.syncing.replace(true) {
        return;
    }
    let _ = popup.sync.set_attribute("aria-disabled", "true");
    popup.status_line.set_text_content(Some(&t("syncing")));
    set_error(&popup.status_line, false);
    let popup = popup.clone();
    spawn_local(async move {
        match host::send_message::<_, serde_json::Value>(&Request::SyncNow).await {
            Ok(_) => popup.refresh().await,
            // The worker did not answer at all (a failed sync still answers, with its reason).
            Err(_) => {
                popup.status_line.set_text_content(Some(&t("panelError")));
                set_error(&popup.status_line, true);
            }
        }
        let _ = popup.sync.remove_attribute("aria-disabled");
        popup.syncing.set(false);
    });
}

fn resume(popup: &Rc<Popup>) {
    let popup = popup.clone();
    spawn_local(async move {
        match host::send_message::<_, serde_json::Value>(&Request::Pause { days: 0 }).await {
            Ok(_) => {
                popup.refresh().await;
                // The Resume button is gone; keep the keyboard near where it was.
                focus(&popup.sync);
            }
            Err(_) => popup.say(&t("popupSaveFailed"), true),
        }
    });
}

fn share(popup: &Rc<Popup>, network: Network, item_id: String, caption: usize) {
    popup.say(
        &tf("statusOpening", &[network.display_name().to_string()]),
        false,
    );
    let popup = popup.clone();
    spawn_local(async move {
        let request = Request::ShareInTab {
            site: network.as_str().to_string(),
            item_id,
            caption,
        };
        match host::send_message::<_, serde_json::Value>(&request).await {
            // The share goes on in the network's tab (its content script prefills the post
            // box); the popup has nothing left to do.
            Ok(_) => close_window(),
            // The worker's reason is technical English (e.g. the item was withdrawn since the
            // popup opened); a sync shows the current list.
            Err(_) => popup.say(&t("popupShareFailed"), true),
        }
    });
}

fn undo(popup: &Rc<Popup>, item_id: String) {
    let popup = popup.clone();
    spawn_local(async move {
        let index = popup.list.undo_index(&item_id).unwrap_or(0);
        let request = Request::Unhide {
            item_id: item_id.clone(),
        };
        if host::send_message::<_, serde_json::Value>(&request)
            .await
            .is_err()
        {
            popup.say(&t("popupSaveFailed"), true);
            return;
        }
        popup.refresh().await;
        // Focus must not fall back to the page: the next Undo, else the restored suggestion.
        if !popup.list.focus_undo(index) && !popup.list.focus_item(&item_id) {
            popup.list.focus_search();
        }
    });
}

fn open_options() {
    spawn_local(async {
        host::open_options().await;
        close_window();
    });
}

/// Entry point of `popup.html`.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn start_popup() {
    theme::apply("popup", None);
    theme::follow_system("popup");
    let Some(body) = document().body() else {
        return;
    };

    let status_line = el("p")
        .class("adv-popup-status")
        .attr("id", "adv-pop-status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .text(&t("loading"))
        .build();
    let sync = button(&t("syncNow"), "adv-secondary adv-small adv-pop-sync")
        .attr("aria-describedby", "adv-pop-status")
        .build();
    let paused_text = el("p").build();
    let resume_button = button(&t("resume"), "adv-secondary adv-small").build();
    let paused = el("div")
        .class("adv-pop-paused")
        .attr("hidden", "")
        .child(paused_text.clone())
        .child(resume_button.clone())
        .build();
    let stats = el("p").class("adv-pop-stats").attr("hidden", "").build();
    // What Advocate finds on the LinkedIn or X tab (hidden on other tabs).
    let page = el("section")
        .class("adv-pop-page")
        .attr("hidden", "")
        .build();
    let tracking = el("p")
        .class("adv-pop-tracking")
        .attr("hidden", "")
        .text(&t("popupTracking"))
        .build();
    // Always in the page, empty until there is something to say: screen readers announce
    // changes to a live region that exists, not to one that appears with its text.
    let message = el("p")
        .class("adv-pop-message")
        .attr("role", "status")
        .build();
    let options =
        button(&t("openOptions"), "adv-secondary adv-small").on("click", |_| open_options());

    // The buttons in the list call back into the popup, which exists only after the list;
    // the slot is filled right below.
    let slot: Rc<std::cell::OnceCell<Rc<Popup>>> = Rc::new(std::cell::OnceCell::new());
    let handlers = {
        let (s1, s2) = (slot.clone(), slot.clone());
        Handlers {
            share: Box::new(move |network, item_id, caption| {
                if let Some(p) = s1.get() {
                    share(p, network, item_id, caption);
                }
            }),
            undo: Box::new(move |item_id| {
                if let Some(p) = s2.get() {
                    undo(p, item_id);
                }
            }),
            options: Box::new(open_options),
        }
    };
    let list = List::new(handlers);

    let head = el("header")
        .class("adv-pop-head")
        .child(
            el("div")
                .class("adv-pop-titlebar")
                .child(
                    el("h1")
                        .child(
                            el("img")
                                .attr("src", "icons/icon32.png")
                                .attr("alt", "")
                                .attr("width", "20")
                                .attr("height", "20"),
                        )
                        .child(el("span").text(&t("extName"))),
                )
                .child(sync.clone()),
        )
        .child(status_line.clone())
        .build();
    // Only the middle scrolls. Pause, stats and the notice scroll away; the search and the
    // filters stick to its top so they stay at hand in a long list.
    let scroll = el("div")
        .class("adv-pop-scroll")
        .child(
            el("div")
                .class("adv-pop-info")
                .child(page.clone())
                .child(paused.clone())
                .child(stats.clone())
                .child(tracking.clone()),
        )
        .child(list.controls.clone())
        .child(list.body.clone())
        .build();
    let foot = el("footer")
        .class("adv-pop-foot")
        .child(message.clone())
        .child(options)
        .build();
    let _ = body.append_child(
        &el("main")
            .class("adv-popup")
            .child(head)
            .child(scroll)
            .child(foot)
            .build(),
    );

    let popup = Rc::new(Popup {
        status_line,
        sync: sync.clone(),
        syncing: Cell::new(false),
        paused,
        paused_text,
        stats,
        tracking,
        message,
        list,
    });
    let _ = slot.set(popup.clone());
    {
        let p = popup.clone();
        on(&sync, "click", move |_| sync_now(&p));
    }
    {
        let p = popup.clone();
        on(&resume_button, "click", move |_| resume(&p));
    }
    page_check::show(page);
    popup.refresh().await;
}
