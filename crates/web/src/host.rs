//! Bindings to the browser extension APIs, through the thin adapter object
//! `globalThis.advocateHost` that `extension/js/host.js` defines. Keeping the adapter in JS lets
//! one wasm module run in Chrome (`chrome.*`) and Firefox (`browser.*`) alike.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = advocateHost, js_name = storageGet)]
    fn storage_get_js(area: &str, keys: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = storageSet)]
    fn storage_set_js(area: &str, items: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = storageRemove)]
    fn storage_remove_js(area: &str, keys: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = managedGet)]
    fn managed_get_js() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = sendMessage)]
    fn send_message_js(msg: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = tabsSendMessage)]
    fn tabs_send_message_js(tab_id: i32, msg: JsValue, frame_id: i32) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = getURL)]
    fn get_url_js(path: &str) -> String;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = message)]
    fn message_js(key: &str, subs: JsValue) -> String;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = uiLanguage)]
    fn ui_language_js() -> String;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = alarmCreate)]
    fn alarm_create_js(name: &str, info: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = openOptions)]
    fn open_options_js() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = onMessage)]
    fn on_message_js(cb: &Closure<dyn FnMut(JsValue)>);
    #[wasm_bindgen(js_namespace = advocateHost, js_name = onStorageChanged)]
    fn on_storage_changed_js(cb: &Closure<dyn FnMut(String, JsValue)>);
    #[wasm_bindgen(js_namespace = advocateHost, js_name = randomId)]
    fn random_id_js() -> String;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = openTab)]
    fn open_tab_js(url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = nextFrameToken)]
    fn next_frame_token_js() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = activeTab)]
    fn active_tab_js() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = siteTabs)]
    fn site_tabs_js() -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = extensionVersion)]
    fn extension_version_js() -> String;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = tabNavigate)]
    fn tab_navigate_js(tab_id: i32, url: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = feedPut)]
    fn feed_put_js(key: &str, bytes: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = feedPut)]
    fn feed_put_blob_js(key: &str, blob: &web_sys::Blob) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = feedGet)]
    fn feed_get_js(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = feedKeep)]
    fn feed_keep_js(key: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = verifyEd25519)]
    fn verify_ed25519_js(key: &[u8], signature: &[u8], data: &[u8]) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = permissionsRequest)]
    fn permissions_request_js(origins: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_namespace = advocateHost, js_name = permissionsContains)]
    fn permissions_contains_js(origins: JsValue) -> js_sys::Promise;
}

/// A browser API failure, as text.
#[derive(Debug, Clone)]
pub struct HostError(pub String);

impl std::fmt::Display for HostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<JsValue> for HostError {
    fn from(v: JsValue) -> Self {
        let text = v
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| v.as_string())
            .unwrap_or_else(|| format!("{v:?}"));
        HostError(text)
    }
}

impl From<HostError> for JsValue {
    fn from(e: HostError) -> Self {
        js_sys::Error::new(&e.0).into()
    }
}

/// Converts a Rust value to a plain JS object, in the shape its JSON has: `None` is `null`,
/// maps are objects, numbers are numbers (serde-wasm-bindgen's JSON-compatible serializer).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, HostError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| HostError(e.to_string()))
}

/// Converts a JS value to Rust; `undefined` reads as a missing value, like `null`.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, HostError> {
    serde_wasm_bindgen::from_value(value).map_err(|e| HostError(e.to_string()))
}

async fn wait(p: js_sys::Promise) -> Result<JsValue, HostError> {
    Ok(JsFuture::from(p).await?)
}

/// `storage[area].get(key)[key]`, deserialised; `None` when absent or unreadable.
///
/// The read starts when this is called, not when the future is first polled, so that several
/// reads can be started together and awaited after other work (see `store::inputs`).
pub fn storage_get<T: DeserializeOwned>(
    area: &str,
    key: &str,
) -> impl std::future::Future<Output = Result<Option<T>, HostError>> {
    let key = JsValue::from_str(key);
    let promise = storage_get_js(area, key.clone());
    async move {
        let all = wait(promise).await?;
        let v = js_sys::Reflect::get(&all, &key).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        Ok(from_js(v).ok())
    }
}

/// `storage[area].set(items)`: all keys in one call, which the browser applies atomically.
pub async fn storage_set(
    area: &str,
    items: &serde_json::Map<String, serde_json::Value>,
) -> Result<(), HostError> {
    storage_set_started(area, items).await
}

/// [`storage_set`], but the write starts when this is called, not when the future is first
/// polled: the caller can do other work while the browser writes.
pub fn storage_set_started(
    area: &str,
    items: &serde_json::Map<String, serde_json::Value>,
) -> impl std::future::Future<Output = Result<(), HostError>> {
    let started = to_js(items).map(|items| storage_set_js(area, items));
    async move { wait(started?).await.map(|_| ()) }
}

/// `storage[area].remove(keys)`.
pub async fn storage_remove(area: &str, keys: &[&str]) -> Result<(), HostError> {
    wait(storage_remove_js(area, to_js(keys)?))
        .await
        .map(|_| ())
}

/// The policy values (managed storage); empty when there is no policy. Like
/// [`storage_get`], the read starts at the call.
pub fn managed_get() -> impl std::future::Future<Output = serde_json::Map<String, serde_json::Value>>
{
    let promise = managed_get_js();
    async move {
        match wait(promise).await {
            Ok(v) => from_js(v).unwrap_or_default(),
            Err(_) => serde_json::Map::new(),
        }
    }
}

/// `runtime.sendMessage`, with the reply deserialised.
pub async fn send_message<Q: Serialize, A: DeserializeOwned>(msg: &Q) -> Result<A, HostError> {
    let reply = wait(send_message_js(to_js(msg)?)).await?;
    if let Some(err) = js_sys::Reflect::get(&reply, &"error".into())
        .ok()
        .and_then(|e| e.as_string())
    {
        return Err(HostError(err));
    }
    from_js(reply)
}

/// `tabs.sendMessage(tab, msg, {frameId})`, raw reply.
pub async fn tabs_send_message<Q: Serialize>(
    tab: i32,
    msg: &Q,
    frame_id: i32,
) -> Result<JsValue, HostError> {
    wait(tabs_send_message_js(tab, to_js(msg)?, frame_id)).await
}

/// `runtime.getURL(path)`.
pub fn get_url(path: &str) -> String {
    get_url_js(path)
}

/// A localised UI string from `_locales`.
pub fn t(key: &str) -> String {
    message_js(key, JsValue::UNDEFINED)
}

/// A localised UI string with substitutions `$1`, `$2`, ….
pub fn tf(key: &str, subs: &[String]) -> String {
    let arr = js_sys::Array::new();
    for s in subs {
        arr.push(&JsValue::from_str(s));
    }
    message_js(key, arr.into())
}

/// The browser's UI language (e.g. `de`, `en-US`).
pub fn ui_language() -> String {
    ui_language_js()
}

/// Creates (or replaces) an alarm.
pub async fn alarm_create(
    name: &str,
    when_ms: Option<f64>,
    period_minutes: Option<f64>,
) -> Result<(), HostError> {
    let info = js_sys::Object::new();
    if let Some(w) = when_ms {
        js_sys::Reflect::set(&info, &"when".into(), &w.into())?;
    }
    if let Some(p) = period_minutes {
        js_sys::Reflect::set(&info, &"periodInMinutes".into(), &p.into())?;
        if when_ms.is_none() {
            js_sys::Reflect::set(&info, &"delayInMinutes".into(), &p.into())?;
        }
    }
    wait(alarm_create_js(name, info.into())).await.map(|_| ())
}

/// Opens the options page.
pub async fn open_options() {
    let _ = wait(open_options_js()).await;
}

/// Opens a URL in a new tab; the new tab's id.
pub async fn open_tab(url: &str) -> Option<i32> {
    let tab = wait(open_tab_js(url)).await.ok()?;
    js_sys::Reflect::get(&tab, &"id".into())
        .ok()
        .and_then(|id| id.as_f64())
        .map(|id| id as i32)
}

/// A browser tab as the popup sees it (the address only for LinkedIn and X, whose host
/// permission Advocate has).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TabInfo {
    /// Tab id.
    pub id: i32,
    /// Its address, if the browser shows it to Advocate.
    pub url: String,
    /// When it was last active (ms), where the browser says.
    pub last_accessed: f64,
}

/// In an extension frame: the next token posted to it by its parent page's content script, or
/// None when none came (frame.js keeps them; see there).
pub async fn next_frame_token() -> Option<String> {
    wait(next_frame_token_js()).await.ok()?.as_string()
}

/// The active tab of the current window.
pub async fn active_tab() -> Option<TabInfo> {
    from_js(wait(active_tab_js()).await.ok()?).ok()
}

/// The open LinkedIn and X tabs.
pub async fn site_tabs() -> Vec<TabInfo> {
    match wait(site_tabs_js()).await {
        Ok(v) => from_js(v).unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// This extension's version (from its manifest).
pub fn extension_version() -> String {
    extension_version_js()
}

/// Loads `url` in tab `tab_id` (the site's share page, in the tab the share started in).
pub async fn tab_navigate(tab_id: i32, url: &str) -> Result<(), HostError> {
    wait(tab_navigate_js(tab_id, url)).await.map(|_| ())
}

/// Listens to `runtime.onMessage` (for extension pages: broadcast notices). The closure lives
/// as long as the page.
pub fn on_message(cb: impl FnMut(JsValue) + 'static) {
    let c = Closure::wrap(Box::new(cb) as Box<dyn FnMut(JsValue)>);
    on_message_js(&c);
    c.forget();
}

/// Listens to `storage.onChanged` (area name, changed keys as an array of strings).
pub fn on_storage_changed(cb: impl FnMut(String, JsValue) + 'static) {
    let c = Closure::wrap(Box::new(cb) as Box<dyn FnMut(String, JsValue)>);
    on_storage_changed_js(&c);
    c.forget();
}

/// A random id (`crypto.randomUUID`).
pub fn random_id() -> String {
    random_id_js()
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The browser's offset from UTC now, in minutes (east positive), for local calendar days.
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

fn origins(patterns: &[String]) -> JsValue {
    let arr = js_sys::Array::new();
    for p in patterns {
        arr.push(&JsValue::from_str(p));
    }
    arr.into()
}

/// Starts a host-permission request. Call it synchronously inside a click handler: browsers
/// only show the prompt for a user gesture. Resolves to whether it was granted.
pub fn permissions_request(patterns: &[String]) -> impl std::future::Future<Output = bool> {
    let promise = permissions_request_js(origins(patterns));
    async move { wait(promise).await.map(|v| v.is_truthy()).unwrap_or(false) }
}

/// Whether the extension already holds these host permissions.
pub async fn permissions_contains(patterns: &[String]) -> bool {
    wait(permissions_contains_js(origins(patterns)))
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// Verifies an ed25519 signature with the browser's WebCrypto. Any error (an engine without
/// Ed25519, a malformed key) counts as "not verified".
pub async fn verify_ed25519(key: &[u8; 32], signature: &[u8; 64], data: &[u8]) -> bool {
    wait(verify_ed25519_js(key, signature, data))
        .await
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// Starts writing a feed text to IndexedDB under `key`: `blob` when the fetch made one of
/// the body (no copy on this thread), else `bytes`, copied synchronously, so they may go
/// away. The write proceeds while wasm goes on (await the future to know it is on disk).
pub fn feed_put(
    key: &str,
    blob: Option<&web_sys::Blob>,
    bytes: &[u8],
) -> impl std::future::Future<Output = Result<(), HostError>> {
    let promise = match blob {
        Some(blob) => feed_put_blob_js(key, blob),
        None => feed_put_js(key, bytes),
    };
    async move { wait(promise).await.map(|_| ()) }
}

/// The feed bytes stored under `key`.
pub async fn feed_get(key: &str) -> Result<Option<Vec<u8>>, HostError> {
    let v = wait(feed_get_js(key)).await?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    let arr: js_sys::Uint8Array = v.dyn_into().map_err(|_| HostError("not bytes".into()))?;
    Ok(Some(arr.to_vec()))
}

/// Deletes every stored feed text but `key`'s.
pub async fn feed_keep(key: &str) -> Result<(), HostError> {
    wait(feed_keep_js(key)).await.map(|_| ())
}
