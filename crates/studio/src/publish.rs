//! Publishing: which files go where, the headers the host must send, and "Check my host",
//! which fetches the published address as the extension would and reports in words
//! (`advocate_core::studio::host` judges).

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{spawn_local, JsFuture};

use advocate_core::signature::signature_url;
use advocate_core::studio::host::{
    judge, to_verify, Detail, FetchFailure, HostCheck, HostFinding, HostProbe, Outcome, Response,
    SignatureVerdict,
};
use advocate_web::host::{now_ms, t, tf, verify_ed25519};
use advocate_web::ui::dom::{button, clear, el, El};

use crate::field::{control_value, labelled};
use crate::{app, js, time};

/// What the host must send (the README's list).
const HEADERS: &str = "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Headers: If-None-Match, If-Modified-Since\nAccess-Control-Expose-Headers: ETag, Retry-After\nContent-Type: application/json\nETag: \"…\"";

/// The publishing section.
pub fn skeleton() -> El {
    el("section")
        .class("st-publish")
        .attr("aria-labelledby", "st-publish-title")
        .child(
            el("h2")
                .attr("id", "st-publish-title")
                .text(&t("studioPublishTitle")),
        )
        .child(
            el("ol")
                .child(el("li").text(&t("studioPublishUpload")))
                .child(
                    el("li")
                        .text(&t("studioPublishHeaders"))
                        .child(el("pre").class("st-pre").text(HEADERS)),
                )
                .child(el("li").text(&t("studioPublishAddress"))),
        )
        .child(labelled(
            "st-host-url",
            &t("studioHostUrl"),
            el("input")
                .attr("type", "url")
                .attr("placeholder", "https://intranet.example/advocate/feed.json"),
        ))
        .child(labelled(
            "st-host-keys",
            &t("studioHostKeys"),
            el("textarea").attr("rows", "2").attr("spellcheck", "false"),
        ))
        .child(
            button(&t("studioHostCheck"), "st-primary")
                .attr("id", "st-host-check")
                .on("click", |_| check()),
        )
        .child(
            el("ul")
                .attr("id", "st-host-results")
                .class("st-host-results")
                .attr("aria-live", "polite"),
        )
}

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The adapter's answer as the core's observation.
fn observed(v: &JsValue) -> Result<Response, FetchFailure> {
    match get(v, "failure").as_string().as_deref() {
        Some("timeout") => return Err(FetchFailure::Timeout),
        Some("cors") => return Err(FetchFailure::CorsRefused),
        Some(_) => {
            return Err(FetchFailure::Network {
                detail: get(v, "detail").as_string().unwrap_or_default(),
            })
        }
        None => {}
    }
    let headers = js_sys::Array::from(&get(v, "headers"))
        .iter()
        .filter_map(|pair| {
            let pair = js_sys::Array::from(&pair);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect();
    Ok(Response {
        status: get(v, "status").as_f64().unwrap_or(0.0) as u16,
        url: get(v, "url").as_string(),
        headers,
        body: js_sys::Uint8Array::new(&get(v, "body")).to_vec(),
    })
}

async fn fetch(url: &str, etag: Option<String>) -> Result<Response, FetchFailure> {
    match JsFuture::from(js::probe(url, etag)).await {
        Ok(v) => observed(&v),
        Err(e) => Err(FetchFailure::Network {
            detail: e.as_string().unwrap_or_default(),
        }),
    }
}

fn check() {
    let url = control_value("st-host-url").trim().to_string();
    let keys: Vec<String> = control_value("st-host-keys")
        .lines()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(String::from)
        .collect();
    let Some(results) = app::by_id("st-host-results") else {
        return;
    };
    clear(&results);
    if url.is_empty() {
        let _ = results.append_child(&el("li").text(&t("studioHostNoUrl")).build());
        return;
    }
    let _ = results.append_child(&el("li").text(&t("studioHostChecking")).build());
    app::set_disabled("st-host-check", true);
    spawn_local(async move {
        let first = fetch(&url, None).await;
        let etag = first
            .as_ref()
            .ok()
            .and_then(|r| r.header("ETag").map(String::from));
        let revalidation = match &etag {
            Some(tag) => Some(fetch(&url, Some(tag.clone())).await.map(|r| r.status)),
            None => None,
        };
        let signature = if first.is_ok() && !keys.is_empty() {
            Some(fetch(&signature_url(&url), None).await)
        } else {
            None
        };
        let mut probe = HostProbe {
            feed_url: url.clone(),
            fetch: first,
            revalidation,
            signature,
            signature_checks: Vec::new(),
            trusted_keys: keys,
            now_ms: now_ms() as i64,
            through_cors: true,
        };
        if let Some(v) = to_verify(&probe) {
            let mut checks = Vec::new();
            for key in &v.keys {
                let ok = match (
                    <&[u8; 32]>::try_from(key.as_slice()),
                    <&[u8; 64]>::try_from(v.signature.as_slice()),
                ) {
                    (Ok(k), Ok(s)) => verify_ed25519(k, s, &v.message).await,
                    _ => false,
                };
                checks.push(ok);
            }
            probe.signature_checks = checks;
        }
        let found = judge(&probe);
        clear(&results);
        for f in &found {
            let _ = results.append_child(&entry(f).build());
        }
        app::set_disabled("st-host-check", false);
    });
}

fn entry(f: &HostFinding) -> El {
    let (mark, class, word) = match f.outcome {
        Outcome::Pass => ("✓", "st-pass", t("studioHostPass")),
        Outcome::Warn => ("!", "st-warn", t("studioHostWarn")),
        Outcome::Fail => ("✗", "st-fail", t("studioHostFail")),
    };
    let name = t(match f.check {
        HostCheck::Reachable => "studioHostReachable",
        HostCheck::Https => "studioHostHttps",
        HostCheck::Cors => "studioHostCors",
        HostCheck::ContentType => "studioHostContentType",
        HostCheck::ETag => "studioHostEtag",
        HostCheck::NotModified => "studioHostNotModified",
        HostCheck::Signature => "studioHostSignature",
        HostCheck::AcceptedByExtension => "studioHostAccepted",
    });
    let detail = words(&f.detail);
    el("li")
        .class(&format!("st-host {class}"))
        .attr("data-check", &format!("{:?}", f.check))
        .child(
            el("span")
                .attr("aria-hidden", "true")
                .class("st-mark")
                .text(mark),
        )
        .child(el("strong").text(&format!("{word}: {name}")))
        .child(el("span").text(&if detail.is_empty() {
            String::new()
        } else {
            format!(" — {detail}")
        }))
}

fn words(d: &Detail) -> String {
    let ui = app::lang();
    match d {
        Detail::None => String::new(),
        Detail::Status { status } => tf("studioHostStatus", &[status.to_string()]),
        Detail::Network { detail } => tf("studioHostNetwork", std::slice::from_ref(detail)),
        Detail::Timeout { seconds } => tf("studioHostTimeout", &[seconds.to_string()]),
        Detail::BadUrl { detail } => tf("studioHostBadUrl", std::slice::from_ref(detail)),
        Detail::LocalOnly => t("studioHostLocalOnly"),
        Detail::Redirected { to } => tf("studioHostRedirected", std::slice::from_ref(to)),
        Detail::MissingHeader { name } if name == "Access-Control-Allow-Origin" => {
            t("studioHostNoCors")
        }
        Detail::MissingHeader { name } if name == "ETag" => t("studioHostNoEtag"),
        Detail::MissingHeader { name } => tf("studioHostMissingHeader", std::slice::from_ref(name)),
        Detail::Header { name, value } => tf("studioHostHeader", &[name.clone(), value.clone()]),
        Detail::NotExposed { header } => tf("studioHostNotExposed", std::slice::from_ref(header)),
        Detail::Revalidated { status } => tf("studioHostRevalidated", &[status.to_string()]),
        Detail::PreflightRefused { .. } => t("studioHostPreflight"),
        Detail::Signature { verdict } => match verdict {
            SignatureVerdict::NotRequired => t("studioSigNotRequired"),
            SignatureVerdict::Valid {
                signed_at_ms: Some(at),
                ..
            } => tf("studioSigValidAt", &[time::show(*at, &ui)]),
            SignatureVerdict::Valid { .. } => t("studioSigValid"),
            SignatureVerdict::NoUsableKey => t("studioSigNoKey"),
            SignatureVerdict::Missing => t("studioSigMissing"),
            SignatureVerdict::Malformed => t("studioSigMalformed"),
            SignatureVerdict::Mismatch => t("studioSigMismatch"),
            SignatureVerdict::OtherUrl { url } => {
                tf("studioSigOtherUrl", std::slice::from_ref(url))
            }
        },
        Detail::Refused { failure } => tf("studioHostRefused", &[failure.to_string()]),
        Detail::Accepted { items } => tf("studioHostAcceptedItems", &[items.to_string()]),
    }
}
