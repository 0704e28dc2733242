//! Copying text inside a user's click, in an extension page.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::dom::{document, el};

/// Writes `text` to the clipboard: the async Clipboard API first, then the older
/// `execCommand('copy')` on a hidden textarea (works where the frame lacks clipboard-write).
pub async fn write(text: &str) -> bool {
    if let Some(nav) = web_sys::window().map(|w| w.navigator()) {
        let clipboard = Reflect::get(&nav, &"clipboard".into()).unwrap_or(JsValue::UNDEFINED);
        if let Ok(f) = Reflect::get(&clipboard, &"writeText".into())
            .and_then(|f| f.dyn_into::<js_sys::Function>())
        {
            if let Ok(p) = f
                .call1(&clipboard, &text.into())
                .and_then(|p| p.dyn_into::<js_sys::Promise>())
            {
                if JsFuture::from(p).await.is_ok() {
                    return true;
                }
            }
        }
    }
    let area = el("textarea")
        .attr("aria-hidden", "true")
        .attr("class", "adv-offscreen")
        .build();
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let Some(body) = document().body() else {
        return false;
    };
    let _ = body.append_child(&area);
    area.select();
    let ok = document()
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    ok
}
