//! Where the background keeps things: IndexedDB for the last good feed's text, `storage.local`
//! for which text that is, the sync status and the employee's local state; `storage.sync` for
//! their settings; `storage.managed` for policy; `storage.session` for what may be lost on
//! browser restart (docs/ARCHITECTURE.md, "Where state is kept").

use serde::{de::DeserializeOwned, Serialize};
use serde_json::{Map, Value};

use advocate_core::freshness::Freshness;
use advocate_core::settings::{merge, Effective, ManagedSettings, UserSettings};
use advocate_core::state::LocalState;
use advocate_core::sync::{FeedMeta, SyncStatus};

use crate::host::{self, HostError};

/// `storage.local`: what is known about the last good feed ([`FeedMeta`]).
pub const FEED: &str = "feed";

/// `storage.local`: the newest signing time accepted per feed address ([`Freshness`], #19).
pub const FRESHNESS: &str = "signedFeeds";

/// `storage.local`: [`SyncStatus`].
pub const STATUS: &str = "syncStatus";
/// `storage.local`: [`LocalState`].
pub const STATE: &str = "state";
/// `storage.local`: this install's random id (variant rotation).
pub const INSTALL_ID: &str = "installId";
/// `storage.sync`: [`UserSettings`].
pub const SETTINGS: &str = "settings";
/// `storage.session`: last time a sync confirmed the feed unchanged (ms). Kept out of
/// `storage.local` so that an unchanged feed costs no disk write.
pub const LAST_CHECKED: &str = "lastChecked";

fn one(key: &str, value: Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_string(), value);
    m
}

/// The value under `key` in storage `area`, or its default when absent or unreadable.
async fn or_default<T: DeserializeOwned + Default>(area: &str, key: &str) -> T {
    host::storage_get(area, key)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Saves `value` under `key` in storage `area`.
async fn save_one<T: Serialize>(area: &str, key: &str, value: &T) -> Result<(), HostError> {
    let v = serde_json::to_value(value).map_err(|e| HostError(e.to_string()))?;
    host::storage_set(area, &one(key, v)).await
}

/// What is known about the last good feed, if there is one.
pub async fn feed_meta() -> Result<Option<FeedMeta>, HostError> {
    host::storage_get("local", FEED).await
}

/// The last good feed's text, from IndexedDB (keyed by its content hash in the metadata).
pub async fn feed_text(meta: &FeedMeta) -> Result<Option<String>, HostError> {
    Ok(host::feed_get(&meta.hash)
        .await?
        .and_then(|bytes| String::from_utf8(bytes).ok()))
}

/// The newest signing times accepted (none recorded yet, or unreadable: empty).
pub async fn freshness() -> Freshness {
    or_default("local", FRESHNESS).await
}

/// Saves the signing times alone (an unchanged feed whose signature gained a newer time).
pub async fn save_freshness(freshness: &Freshness) -> Result<(), HostError> {
    save_one("local", FRESHNESS, freshness).await
}

/// The sync status (default when never synced).
pub async fn status() -> SyncStatus {
    or_default("local", STATUS).await
}

/// Makes a new feed the current one: its text must already be in IndexedDB under its hash
/// ([`host::feed_put`]); then metadata and status change in one `storage.local.set`, which the
/// browser applies atomically. A worker killed at any point leaves the old metadata pointing
/// at the old text (still stored) or the new metadata pointing at the new text: never a mix.
/// A new signing time, if any, goes in the same write: the record and the feed it belongs to
/// change together. The write starts when this is called (see [`host::storage_set_started`]).
pub fn save_feed(
    meta: &FeedMeta,
    status: &SyncStatus,
    freshness: Option<&Freshness>,
) -> impl std::future::Future<Output = Result<(), HostError>> {
    let items = (|| -> Result<Map<String, Value>, HostError> {
        let mut m = Map::new();
        m.insert(
            FEED.into(),
            serde_json::to_value(meta).map_err(|e| HostError(e.to_string()))?,
        );
        m.insert(
            STATUS.into(),
            serde_json::to_value(status).map_err(|e| HostError(e.to_string()))?,
        );
        if let Some(f) = freshness {
            m.insert(
                FRESHNESS.into(),
                serde_json::to_value(f).map_err(|e| HostError(e.to_string()))?,
            );
        }
        Ok(m)
    })();
    let started = items.map(|m| host::storage_set_started("local", &m));
    async move { started?.await }
}

/// Saves the status alone.
pub async fn save_status(status: &SyncStatus) -> Result<(), HostError> {
    save_one("local", STATUS, status).await
}

/// Records that the feed was confirmed unchanged at `now`.
pub async fn save_checked(now_ms: i64) -> Result<(), HostError> {
    host::storage_set("session", &one(LAST_CHECKED, Value::from(now_ms))).await
}

/// When the feed was last confirmed unchanged in this browser session.
pub async fn last_checked() -> Option<i64> {
    host::storage_get("session", LAST_CHECKED)
        .await
        .ok()
        .flatten()
}

/// The employee's local state.
pub async fn state() -> LocalState {
    or_default("local", STATE).await
}

/// Saves the local state.
pub async fn save_state(state: &LocalState) -> Result<(), HostError> {
    save_one("local", STATE, state).await
}

/// This install's random id as read, or a new one, saved, on first use.
async fn install_id_from(stored: Result<Option<String>, HostError>) -> String {
    if let Ok(Some(id)) = stored {
        return id;
    }
    let id = host::random_id();
    let _ = host::storage_set("local", &one(INSTALL_ID, Value::from(id.clone()))).await;
    id
}

thread_local! {
    static INPUTS_GENERATION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts changes to what [`inputs`] reads, so that a holder of earlier inputs can tell
/// whether they are still current.
pub fn inputs_generation() -> u64 {
    INPUTS_GENERATION.with(|g| g.get())
}

/// Records that settings, policy or local state changed (from `storage.onChanged`).
pub fn inputs_changed() {
    INPUTS_GENERATION.with(|g| g.set(g.get().wrapping_add(1)));
}

/// Whether a change of `keys` in storage `area` changes what [`inputs`] reads.
pub fn affects_inputs(area: &str, keys: &[String]) -> bool {
    match area {
        "managed" => true,
        "sync" => keys.iter().any(|k| k == SETTINGS),
        "local" => keys.iter().any(|k| k == STATE || k == INSTALL_ID),
        _ => false,
    }
}

/// What ranking and cards need besides the feed.
pub struct Inputs {
    /// Settings in force.
    pub settings: Effective,
    /// The employee's local state.
    pub state: LocalState,
    /// This install's id.
    pub install_id: String,
}

/// Reads [`Inputs`]: every read starts at once, at the call.
pub fn inputs() -> impl std::future::Future<Output = Inputs> {
    let managed = host::managed_get();
    let user = host::storage_get::<UserSettings>("sync", SETTINGS);
    let state = host::storage_get::<LocalState>("local", STATE);
    let id = host::storage_get::<String>("local", INSTALL_ID);
    async move {
        let managed: ManagedSettings =
            serde_json::from_value(Value::Object(managed.await)).unwrap_or_default();
        let user = user.await.ok().flatten().unwrap_or_default();
        Inputs {
            settings: merge(&managed, &user),
            state: state.await.ok().flatten().unwrap_or_default(),
            install_id: install_id_from(id.await).await,
        }
    }
}

/// The employee's settings.
pub async fn user_settings() -> UserSettings {
    or_default("sync", SETTINGS).await
}

/// Policy values.
pub async fn managed() -> ManagedSettings {
    serde_json::from_value(Value::Object(host::managed_get().await)).unwrap_or_default()
}

/// Settings in force.
pub async fn effective() -> Effective {
    merge(&managed().await, &user_settings().await)
}

fn pending_key(tab: i32) -> String {
    format!("pending:{tab}")
}

/// Remembers a share the popup started in a new tab (session storage: it must survive the
/// worker being stopped while the tab loads, but not a browser restart).
pub async fn save_pending(
    tab: i32,
    command: &crate::protocol::TabCommand,
) -> Result<(), HostError> {
    save_one("session", &pending_key(tab), command).await
}

/// Takes (and forgets) the share waiting for `tab`.
pub async fn take_pending(tab: i32) -> Option<crate::protocol::TabCommand> {
    let key = pending_key(tab);
    let found = host::storage_get("session", &key).await.ok().flatten();
    if found.is_some() {
        let _ = host::storage_remove("session", &[key.as_str()]).await;
    }
    found
}

fn click_key(site: &str) -> String {
    format!("clickOpensNothing:{site}")
}

/// The layouts of `site` where a click on the site's own "start a post" control opened nothing
/// in this browser session (session storage: a browser restart tries again).
pub async fn click_opens_nothing(site: &str) -> Vec<String> {
    host::storage_get("session", &click_key(site))
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Remembers that a click opens nothing on `layout` of `site`.
pub async fn remember_click_opens_nothing(site: &str, layout: &str) -> Result<(), HostError> {
    let mut layouts = click_opens_nothing(site).await;
    if layouts.iter().any(|l| l == layout) {
        return Ok(());
    }
    layouts.push(layout.to_string());
    let v = serde_json::to_value(layouts).map_err(|e| HostError(e.to_string()))?;
    host::storage_set("session", &one(&click_key(site), v)).await
}

/// Saves the employee's settings.
pub async fn save_user_settings(user: &UserSettings) -> Result<(), HostError> {
    save_one("sync", SETTINGS, user).await
}
