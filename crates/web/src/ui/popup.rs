//! The toolbar popup: sync status in words, "Sync now", and a way to the options.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;

use advocate_core::view::StatusView;

use super::dom::{button, document, el};
use super::{status, theme};
use crate::host::{self, t};
use crate::protocol::Request;

fn show(line: &web_sys::Element, s: &StatusView) {
    let (text, error) = status::line(s, None);
    line.set_text_content(Some(&text));
    let _ = if error {
        line.class_list().add_1("adv-error")
    } else {
        line.class_list().remove_1("adv-error")
    };
}

/// Entry point of `popup.html`.
#[wasm_bindgen]
pub async fn start_popup() {
    theme::apply("popup", None);
    let Some(body) = document().body() else {
        return;
    };
    let line = el("p")
        .class("adv-popup-status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .build();
    let sync = {
        let line = line.clone();
        button(&t("syncNow"), "adv-primary").on("click", move |e| {
            let line = line.clone();
            let btn = e.current_target();
            spawn_local(async move {
                if let Some(b) = btn
                    .as_ref()
                    .and_then(|b| b.dyn_ref::<web_sys::HtmlButtonElement>())
                {
                    b.set_disabled(true);
                }
                line.set_text_content(Some(&t("syncing")));
                match host::send_message::<_, StatusView>(&Request::SyncNow).await {
                    Ok(s) => show(&line, &s),
                    Err(e) => line.set_text_content(Some(&e.0)),
                }
                if let Some(b) = btn
                    .as_ref()
                    .and_then(|b| b.dyn_ref::<web_sys::HtmlButtonElement>())
                {
                    b.set_disabled(false);
                }
            });
        })
    };
    let options = button(&t("openOptions"), "adv-secondary").on("click", |_| {
        spawn_local(async {
            host::open_options().await;
            if let Some(w) = web_sys::window() {
                let _ = w.close();
            }
        })
    });
    let _ = body.append_child(
        &el("main")
            .class("adv-popup")
            .child(el("h1").text(&t("extName")))
            .child(line.clone())
            .child(el("div").class("adv-actions").child(sync).child(options))
            .build(),
    );
    match host::send_message::<_, StatusView>(&Request::Status).await {
        Ok(s) => show(&line, &s),
        Err(e) => line.set_text_content(Some(&e.0)),
    }
}
