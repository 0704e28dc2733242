//! Signing (optional): with the private key file from `advocate keygen`, `feed.json.sig` in
//! `advocate sign`'s format (with its freshness header), signed by WebCrypto Ed25519.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::HtmlInputElement;

use advocate_core::studio::sign::{private_key_pkcs8, sig_file, signing_time, to_sign};
use advocate_web::host::{now_ms, t, tf};
use advocate_web::ui::dom::{button, el, El};

use crate::field::labelled;
use crate::{app, js};

/// The signing section.
pub fn skeleton() -> El {
    let key = el("input")
        .attr("type", "file")
        .attr("id", "st-sign-key")
        .attr("aria-describedby", "st-sign-help")
        .on("change", |e| {
            if let Some(i) = e
                .target()
                .and_then(|t| t.dyn_into::<HtmlInputElement>().ok())
            {
                if let Some(file) = i.files().and_then(|l| l.get(0)) {
                    load_key(file);
                }
            }
        });
    el("section")
        .class("st-sign")
        .attr("aria-labelledby", "st-sign-title")
        .child(
            el("h2")
                .attr("id", "st-sign-title")
                .text(&t("studioSignTitle")),
        )
        .child(
            el("p")
                .class("st-help")
                .attr("id", "st-sign-help")
                .text(&t("studioSignHelp")),
        )
        .child(
            el("div")
                .class("st-field")
                .child(
                    el("label")
                        .attr("for", "st-sign-key")
                        .text(&t("studioSignKey")),
                )
                .child(key),
        )
        .child(labelled(
            "st-sign-url",
            &t("studioSignUrl"),
            el("input")
                .attr("type", "url")
                .attr("placeholder", "https://intranet.example/advocate/feed.json"),
        ))
        .child(
            button(&t("studioSign"), "st-primary")
                .attr("id", "st-sign")
                .attr("disabled", "")
                .on("click", |_| sign()),
        )
        .child(el("p").attr("id", "st-sign-state").class("st-help"))
}

fn load_key(file: web_sys::File) {
    spawn_local(async move {
        let Ok(v) = JsFuture::from(js::file_bytes(&file)).await else {
            return;
        };
        let text = String::from_utf8_lossy(&js_sys::Uint8Array::new(&v).to_vec()).to_string();
        match private_key_pkcs8(&text) {
            Ok(pkcs8) => {
                let name = file.name();
                app::with(|s| s.key = Some((pkcs8, name.clone())));
                app::say(&tf("studioKeyLoaded", &[name]), false);
            }
            Err(e) => {
                app::with(|s| s.key = None);
                app::say(&tf("studioKeyRefused", &[file.name(), e.to_string()]), true);
            }
        }
        update();
    });
}

/// Enables signing when a key is loaded and the feed has no errors, and says which.
pub fn update() {
    let Some((key, errors)) =
        app::with(|s| (s.key.as_ref().map(|k| k.1.clone()), s.checked.errors))
    else {
        return;
    };
    let state = match (&key, errors) {
        (None, _) => t("studioSignNoKey"),
        (Some(_), e) if e > 0 => t("studioSignFixFirst"),
        (Some(name), _) => tf("studioSignReady", std::slice::from_ref(name)),
    };
    if let Some(p) = app::by_id("st-sign-state") {
        p.set_text_content(Some(&state));
    }
    app::set_disabled("st-sign", key.is_none() || errors > 0);
}

fn sign() {
    let Some((text, key, name)) = app::with(|s| {
        (
            s.text.clone(),
            s.key.as_ref().map(|k| k.0.clone()),
            s.file_name.clone(),
        )
    }) else {
        return;
    };
    let Some(key) = key else {
        return;
    };
    let url = app::by_id("st-sign-url")
        .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
        .map(|i| i.value().trim().to_string())
        .filter(|u| !u.is_empty());
    spawn_local(async move {
        let at = signing_time(None, now_ms() as i64);
        let prepared = match to_sign(text.as_bytes(), at.at_ms, url.as_deref()) {
            Ok(p) => p,
            Err(e) => {
                app::say(&tf("studioSignFailed", &[e.to_string()]), true);
                return;
            }
        };
        let signature = match JsFuture::from(js::sign_ed25519(&key, &prepared.message)).await {
            Ok(v) => js_sys::Uint8Array::new(&v).to_vec(),
            Err(e) if e.as_string().as_deref() == Some("unsupported") => {
                app::say(&t("studioSignUnsupported"), true);
                return;
            }
            Err(e) => {
                app::say(
                    &tf("studioSignFailed", &[e.as_string().unwrap_or_default()]),
                    true,
                );
                return;
            }
        };
        let sig = match sig_file(&prepared.header, &signature) {
            Ok(s) => s,
            Err(e) => {
                app::say(&tf("studioSignFailed", &[e.to_string()]), true);
                return;
            }
        };
        let sig_name = format!("{name}.sig");
        // The signature covers these exact bytes: save the feed with it.
        let feed_saved = JsFuture::from(js::save_text(&name, &text, "application/json")).await;
        let sig_saved = JsFuture::from(js::save_text(&sig_name, &sig, "text/plain")).await;
        match (feed_saved, sig_saved) {
            (Ok(a), Ok(b)) if !a.is_null() && !b.is_null() => {
                app::say(&tf("studioSigned", &[name, sig_name]), false)
            }
            _ => app::say(&t("studioSignNotSaved"), true),
        }
    });
}
