//! The background worker: sync, storage, and answers to the pages' requests. `background.js`
//! registers the browser listeners at top level and forwards events here once wasm is ready.

pub mod cache;
mod fetch;
pub mod store;
pub mod sync;

use std::rc::Rc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use advocate_core::compose::compose;
use advocate_core::network::Network;
use advocate_core::rank::{suggestions, RankContext};
use advocate_core::settings::Effective;
use advocate_core::site::{self, paste_html, share_url, verify_insert, SiteConfig};
use advocate_core::state::LocalState;
use advocate_core::view::{card_view, status_view, CardContext, CardView, StatusView};

use crate::host::{self, from_js, to_js, HostError};
use crate::protocol::{site_network, PrefillResult, Request, TabCommand};
use cache::Loaded;

/// Browser lifecycle events: `installed`, `startup`.
#[wasm_bindgen]
pub async fn bg_event(kind: String) {
    if kind == "installed" || kind == "startup" {
        sync::run().await;
        sync::schedule_periodic().await;
    }
}

/// An alarm fired.
#[wasm_bindgen]
pub async fn bg_alarm(name: String) {
    if name == sync::ALARM_PERIODIC || name == sync::ALARM_RETRY {
        sync::run().await;
    }
}

/// Storage changed in `area`; `keys` lists the changed keys.
#[wasm_bindgen]
pub async fn bg_storage_changed(area: String, keys: JsValue) {
    let keys: Vec<String> = from_js(keys).unwrap_or_default();
    // New policy or a new feed address from the options: fetch from the new place now.
    let relevant =
        area == "managed" || (area == "sync" && keys.iter().any(|k| k == store::SETTINGS));
    if relevant {
        sync::run().await;
    }
}

/// Answers a `runtime.sendMessage` request. Errors become `{error}` replies in background.js.
#[wasm_bindgen]
pub async fn bg_message(msg: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let request: Request = from_js(msg)?;
    let tab_id = js_sys::Reflect::get(&sender, &"tab".into())
        .ok()
        .filter(|t| t.is_object())
        .and_then(|t| js_sys::Reflect::get(&t, &"id".into()).ok())
        .and_then(|id| id.as_f64())
        .map(|id| id as i32);
    Ok(handle(request, tab_id).await?)
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(host::now_ms() as i64).unwrap_or_default()
}

fn network_of(site: &str) -> Result<Network, HostError> {
    site_network(site).ok_or_else(|| HostError(format!("unknown site {site}")))
}

/// The feed in use: from memory, else from storage, else from a first sync.
async fn loaded() -> Option<Rc<Loaded>> {
    if let Some(l) = cache::get() {
        return Some(l);
    }
    match store::feed().await {
        Ok(Some(stored)) => cache::load_stored(&stored),
        _ => {
            sync::run().await;
            cache::get()
        }
    }
}

/// Everything needed to rank and render for the employee.
struct Context {
    loaded: Rc<Loaded>,
    settings: Effective,
    state: LocalState,
    install_id: String,
    prefs: Vec<String>,
}

impl Context {
    async fn load() -> Option<Context> {
        let loaded = loaded().await?;
        let settings = store::effective().await;
        let prefs = settings.profile.language_prefs(&host::ui_language());
        Some(Context {
            loaded,
            settings,
            state: store::state().await,
            install_id: store::install_id().await,
            prefs,
        })
    }

    fn ranked(&self, network: Network) -> Vec<&advocate_core::feed::Item> {
        suggestions(
            &self.loaded.feed,
            &RankContext {
                now: now(),
                network,
                profile: &self.settings.profile,
                languages: &self.prefs,
                state: &self.state,
            },
        )
    }

    fn card(&self, item: &advocate_core::feed::Item, network: Network) -> CardView {
        let ctx = CardContext {
            feed: &self.loaded.feed,
            network,
            profile: &self.settings.profile,
            prefs: &self.prefs,
            install_id: &self.install_id,
            demo: self.loaded.demo,
        };
        card_view(&ctx, item, self.state.chosen.get(&item.id).copied())
    }

    fn item(&self, id: &str) -> Result<&advocate_core::feed::Item, HostError> {
        self.loaded
            .feed
            .item(id)
            .ok_or_else(|| HostError(format!("no item {id}")))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConfigReply {
    config: &'static SiteConfig,
    cards: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PanelReply {
    cards: Vec<CardView>,
    status: StatusView,
}

async fn status() -> StatusView {
    let settings = store::effective().await;
    let status = store::status().await;
    let checked = store::last_checked().await;
    let loaded = loaded().await;
    status_view(
        &settings.source,
        &status,
        checked,
        loaded.as_ref().map(|l| (&l.feed, l.demo, l.fetched_at)),
        now(),
    )
}

/// Renders the caption and has the tab's content script put it into the composer.
async fn prefill(
    site: &str,
    item_id: &str,
    caption: usize,
    tab_id: Option<i32>,
    into_open: bool,
) -> Result<PrefillResult, HostError> {
    let network = network_of(site)?;
    let tab = tab_id.ok_or_else(|| HostError("sharing needs a tab".into()))?;
    let ctx = Context::load()
        .await
        .ok_or_else(|| HostError("no feed".into()))?;
    let item = ctx.item(item_id)?;
    let composed = compose(
        &ctx.loaded.feed,
        item,
        caption,
        network,
        &ctx.settings.profile,
    )
    .map_err(|e| HostError(e.to_string()))?;
    let config = site::config(network);
    let command = TabCommand::Prefill {
        share_url: share_url(network, &composed.text),
        html: config.paste_html.then(|| paste_html(&composed.text)),
        text: composed.text,
        into_open,
    };
    let reply = host::tabs_send_message(tab, &command, 0).await?;
    Ok(from_js(reply).unwrap_or_default())
}

async fn handle(request: Request, tab_id: Option<i32>) -> Result<JsValue, HostError> {
    match request {
        Request::Config { site } => {
            let network = network_of(&site)?;
            let config = site::config(network);
            let cards = match Context::load().await {
                Some(ctx) => ctx.ranked(network).len().min(config.max_cards),
                None => 0,
            };
            to_js(&ConfigReply { config, cards })
        }
        Request::Card { site, slot } => {
            let network = network_of(&site)?;
            let Some(ctx) = Context::load().await else {
                return Ok(JsValue::NULL);
            };
            match ctx.ranked(network).get(slot) {
                Some(item) => to_js(&ctx.card(item, network)),
                None => Ok(JsValue::NULL),
            }
        }
        Request::Panel { site } => {
            let network = network_of(&site)?;
            let cards = match Context::load().await {
                Some(ctx) => ctx
                    .ranked(network)
                    .into_iter()
                    .map(|item| ctx.card(item, network))
                    .collect(),
                None => Vec::new(),
            };
            to_js(&PanelReply {
                cards,
                status: status().await,
            })
        }
        Request::Text {
            site,
            item_id,
            caption,
        } => {
            let network = network_of(&site)?;
            let ctx = Context::load()
                .await
                .ok_or_else(|| HostError("no feed".into()))?;
            let item = ctx.item(&item_id)?;
            let composed = compose(
                &ctx.loaded.feed,
                item,
                caption,
                network,
                &ctx.settings.profile,
            )
            .map_err(|e| HostError(e.to_string()))?;
            to_js(&composed)
        }
        Request::Share {
            site,
            item_id,
            caption,
        } => to_js(&prefill(&site, &item_id, caption, tab_id, false).await?),
        Request::Insert {
            site,
            item_id,
            caption,
        } => to_js(&prefill(&site, &item_id, caption, tab_id, true).await?),
        Request::Verify { expected, actual } => to_js(&verify_insert(&expected, &actual)),
        Request::Choose { item_id, caption } => {
            let mut state = store::state().await;
            state.chosen.insert(item_id, caption);
            store::save_state(&state).await?;
            Ok(JsValue::TRUE)
        }
        Request::Hide { item_id } => {
            let mut state = store::state().await;
            state.hidden.insert(item_id, host::now_ms() as i64);
            store::save_state(&state).await?;
            Ok(JsValue::TRUE)
        }
        Request::Unhide { item_id } => {
            let mut state = store::state().await;
            state.hidden.remove(&item_id);
            state.snoozed.remove(&item_id);
            store::save_state(&state).await?;
            Ok(JsValue::TRUE)
        }
        Request::Status => to_js(&status().await),
        Request::SyncNow => {
            sync::run().await;
            to_js(&status().await)
        }
        Request::OpenOptions => {
            host::open_options().await;
            Ok(JsValue::TRUE)
        }
        Request::Theme { .. } => Ok(JsValue::NULL),
    }
}
