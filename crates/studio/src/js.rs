//! The studio's thin adapter (extension/js/studio-host.js): file dialogs, downloads and
//! WebCrypto, which web-sys reaches only in pieces.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// Saves `text` as `name`: the File System Access API where the browser has it, a
    /// download otherwise. Resolves to "picker", "download", or null when the admin cancelled.
    #[wasm_bindgen(js_namespace = advocateStudio, js_name = saveText)]
    pub fn save_text(name: &str, text: &str, mime: &str) -> js_sys::Promise;
    /// Reads a picked or dropped file's bytes.
    #[wasm_bindgen(js_namespace = advocateStudio, js_name = fileBytes)]
    pub fn file_bytes(file: &web_sys::File) -> js_sys::Promise;
    /// Ed25519 signature of `message` with a PKCS#8 private key (WebCrypto); rejects with
    /// "unsupported" when the browser has no Ed25519.
    #[wasm_bindgen(js_namespace = advocateStudio, js_name = signEd25519)]
    pub fn sign_ed25519(pkcs8: &[u8], message: &[u8]) -> js_sys::Promise;
    /// The browser's IANA time zone (e.g. `Europe/Berlin`).
    #[wasm_bindgen(js_namespace = advocateStudio, js_name = timeZone)]
    pub fn time_zone() -> String;
    /// One GET of `url` as the extension makes it (with `If-None-Match: etag` if given):
    /// `{status, url, headers: [[name, value]], body}` or `{failure: 'timeout'|'cors'|'network',
    /// detail}`.
    #[wasm_bindgen(js_namespace = advocateStudio, js_name = probe)]
    pub fn probe(url: &str, etag: Option<String>) -> js_sys::Promise;
}
