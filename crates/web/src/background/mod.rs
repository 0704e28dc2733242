//! The background worker: sync, storage, and answers to the pages' requests. `background.js`
//! registers the browser listeners at top level and forwards events here once wasm is ready.

pub mod cache;
mod fetch;
pub mod store;
pub mod sync;

use std::rc::Rc;

use chrono::{DateTime, Utc};
use wasm_bindgen::prelude::*;

use advocate_core::compose::compose;
use advocate_core::network::Network;
use advocate_core::rank::suggestion_indices;
use advocate_core::sender;
use advocate_core::settings::{Effective, Frequency};
use advocate_core::site::{
    self, after_prefill, paste_html, share_url, still_contains, verify_insert, NextStep,
};
use advocate_core::state::{day_key, LocalState, SNOOZE_MS};
use advocate_core::view::{
    panel, popup, retraction_notices, status_view, NoticeView, PanelView, PopupView, StatusView,
    Viewer,
};

use crate::host::{self, from_js, to_js, HostError};
use crate::protocol::{site_network, ConfigReply, CopyResult, PrefillResult, Request, TabCommand};
use cache::Loaded;

/// Ranks the feed in memory for every network, so the first page to ask gets its cards at once.
pub(crate) fn rank_all(inputs: store::Inputs) {
    if let Some(loaded) = cache::get() {
        let ctx = Context::from_inputs(loaded, inputs);
        for network in Network::ALL {
            ctx.ranked(network);
        }
    }
}

/// Browser lifecycle events: `installed`, `startup`.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn bg_event(kind: String) {
    if kind == "installed" || kind == "startup" {
        sync::run().await;
        sync::schedule_periodic().await;
    }
}

/// An alarm fired.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn bg_alarm(name: String) {
    if name == sync::ALARM_PERIODIC || name == sync::ALARM_RETRY {
        sync::run().await;
    }
}

/// Storage changed in `area`; `keys` lists the changed keys.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn bg_storage_changed(area: String, keys: JsValue) {
    let keys: Vec<String> = from_js(keys).unwrap_or_default();
    // Settings or the employee's state changed: rankings computed before are stale. (Not
    // for the feed metadata or sync status a sync writes: it has just ranked the new feed.)
    if store::affects_inputs(&area, &keys) {
        store::inputs_changed();
        cache::clear_ranked();
    }
    // New policy or a new feed address from the options: fetch from the new place now.
    let relevant =
        area == "managed" || (area == "sync" && keys.iter().any(|k| k == store::SETTINGS));
    if relevant {
        sync::settings_changed();
        sync::run().await;
    }
}

/// Answers a `runtime.sendMessage` request. Errors become `{error}` replies in background.js.
// An entry point of the extension module; the studio module links this crate without them.
#[cfg_attr(feature = "entry", wasm_bindgen)]
pub async fn bg_message(msg: JsValue, sender: JsValue) -> Result<JsValue, JsValue> {
    let get = |v: &JsValue, key: &str| js_sys::Reflect::get(v, &key.into()).ok();
    let kind = get(&msg, "type")
        .and_then(|t| t.as_string())
        .unwrap_or_default();
    let tab_id = get(&sender, "tab")
        .filter(|t| t.is_object())
        .and_then(|t| get(&t, "id"))
        .and_then(|id| id.as_f64())
        .map(|id| id as i32);
    let url = get(&sender, "url")
        .and_then(|u| u.as_string())
        .unwrap_or_default();
    let frame_id = get(&sender, "frameId")
        .and_then(|f| f.as_f64())
        .map_or(-1, |f| f as i64);
    // background.js has checked `sender.id`: the message is from this extension.
    let from = sender::classify(&url, tab_id.is_some(), frame_id);
    if !sender::background_accepts(&kind, from) {
        return Err(HostError(format!("{kind:?} is not accepted from {from:?}")).into());
    }
    let request: Request = from_js(msg)?;
    Ok(handle(request, Caller { tab_id }).await?)
}

/// Where a request came from: the tab (content scripts, frames), if any.
#[derive(Debug, Clone, Copy)]
struct Caller {
    tab_id: Option<i32>,
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
    if let Ok(Some(meta)) = store::feed_meta().await {
        if let Ok(Some(text)) = store::feed_text(&meta).await {
            return cache::load_stored(&meta, &text);
        }
    }
    sync::run().await;
    cache::get()
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
        Some(Context::with(loaded().await?).await)
    }

    /// The context around a feed already in memory (never triggers a sync).
    async fn with(loaded: Rc<Loaded>) -> Context {
        Context::from_inputs(loaded, store::inputs().await)
    }

    fn from_inputs(loaded: Rc<Loaded>, inputs: store::Inputs) -> Context {
        let store::Inputs {
            mut settings,
            state,
            install_id,
        } = inputs;
        let prefs = settings.profile.language_prefs(&host::ui_language());
        settings.profile.tracking_code = settings.tracking_code(&install_id);
        Context {
            loaded,
            settings,
            state,
            install_id,
            prefs,
        }
    }

    fn now_ms(&self) -> i64 {
        host::now_ms() as i64
    }

    /// Whether cards, picker and launcher appear on `network` at all.
    fn shows(&self, network: Network) -> bool {
        self.settings.shows(network, self.now_ms())
    }

    /// The views' inputs, now.
    fn viewer(&self) -> Viewer<'_> {
        Viewer {
            feed: &self.loaded.feed,
            demo: self.loaded.demo,
            settings: &self.settings,
            state: &self.state,
            prefs: &self.prefs,
            install_id: &self.install_id,
            now: now(),
        }
    }

    fn ranked(&self, network: Network) -> Vec<&advocate_core::feed::Item> {
        let items = &self.loaded.feed.items;
        let now = host::now_ms();
        if let Some(indices) = cache::ranked(network, now) {
            return indices.iter().filter_map(|&i| items.get(i)).collect();
        }
        let indices = suggestion_indices(&self.loaded.feed, &self.viewer().rank_context(network));
        let ranked = indices.iter().filter_map(|&i| items.get(i)).collect();
        cache::set_ranked(network, indices, now);
        ranked
    }

    /// The final text of one caption of an item for `network`.
    fn compose(
        &self,
        item_id: &str,
        caption: usize,
        network: Network,
    ) -> Result<advocate_core::compose::Composed, HostError> {
        let item = self.item(item_id)?;
        compose(
            &self.loaded.feed,
            item,
            caption,
            network,
            &self.settings.profile,
        )
        .map_err(|e| HostError(e.to_string()))
    }

    fn item(&self, id: &str) -> Result<&advocate_core::feed::Item, HostError> {
        self.loaded
            .feed
            .item(id)
            .ok_or_else(|| HostError(format!("no item {id}")))
    }
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
    let command = prefill_command(&ctx, network, item_id, caption, into_open)?;
    share_flow(tab, command).await
}

/// Has the tab's content script fill the composer, then takes the next step the core decides
/// (`site::after_prefill`): the site's share URL (the text waits for the tab and goes in after
/// the load), or the clipboard.
async fn share_flow(tab: i32, command: TabCommand) -> Result<PrefillResult, HostError> {
    let reply = host::tabs_send_message(tab, &command, 0).await?;
    let mut result: PrefillResult = from_js(reply).unwrap_or_default();
    if let TabCommand::Prefill { share_url, .. } = &command {
        let site = advocate_core::page_check::network_of_url(share_url).map(Network::as_str);
        if let (true, Some(layout), Some(site)) =
            (result.click_opens_nothing, result.layout.as_deref(), site)
        {
            let _ = store::remember_click_opens_nothing(site, layout).await;
        }
    }
    let TabCommand::Prefill {
        text,
        share_url,
        into_open,
        via_share_url,
        item_id,
        ..
    } = &command
    else {
        return Ok(result);
    };
    match after_prefill(result.ok, *into_open, *via_share_url) {
        NextStep::Done => {}
        NextStep::ShareUrl => {
            store::save_pending(tab, &command.clone().via_share_url()).await?;
            host::tab_navigate(tab, share_url).await?;
            result.opened_share_url = true;
        }
        NextStep::Clipboard => {
            let copy = TabCommand::CopyText {
                text: text.clone(),
                item_id: item_id.clone(),
            };
            let reply = host::tabs_send_message(tab, &copy, 0).await?;
            result.copied = from_js::<CopyResult>(reply).unwrap_or_default().copied;
        }
    }
    Ok(result)
}

/// A share waiting for this tab (started from the popup, or continued through the share URL)
/// runs once its content script says it is ready, and so is listening.
fn run_pending(tab: i32, command: TabCommand) {
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = share_flow(tab, command).await {
            web_sys::console::debug_1(
                &format!("Advocate: the waiting share failed: {}", e.0).into(),
            );
        }
    });
}

/// The final text of a caption, and how to put it into the composer.
fn prefill_command(
    ctx: &Context,
    network: Network,
    item_id: &str,
    caption: usize,
    into_open: bool,
) -> Result<TabCommand, HostError> {
    let composed = ctx.compose(item_id, caption, network)?;
    let config = site::config(network);
    Ok(TabCommand::Prefill {
        share_url: share_url(network, &composed.text),
        html: config.paste_html.then(|| paste_html(&composed.text)),
        text: composed.text,
        into_open,
        item_id: item_id.to_string(),
        // A fresh post: the caret waits at the start for the employee's own sentence. Into an
        // open composer (the picker) the text goes where the employee was typing.
        caret_at_start: !into_open,
        via_share_url: false,
    })
}

async fn popup_view() -> PopupView {
    let status = status().await;
    match Context::load().await {
        Some(ctx) => popup(&ctx.viewer(), status, host::utc_offset_minutes()),
        None => PopupView::without_feed(status),
    }
}

async fn handle(request: Request, caller: Caller) -> Result<JsValue, HostError> {
    let tab_id = caller.tab_id;
    match request {
        Request::Config { site } => {
            let network = network_of(&site)?;
            let config = site::config(network);
            let Some(ctx) = Context::load().await else {
                return to_js(&ConfigReply {
                    config,
                    enabled: true,
                    paused: false,
                    placement: Frequency::default().placement(),
                    cards: 0,
                    notices: 0,
                    senders: sender::CONTENT_SCRIPT_COMMANDS,
                    click_opens_nothing: store::click_opens_nothing(&site).await,
                });
            };
            let placement = ctx.settings.user.frequency.placement();
            let on = ctx.settings.network_on(network);
            let paused = ctx.settings.paused(ctx.now_ms());
            let cards = if ctx.shows(network) {
                ctx.ranked(network).len().min(placement.max_cards)
            } else {
                0
            };
            let notices =
                retraction_notices(&ctx.loaded.feed, &ctx.state, Some(network), &ctx.prefs).len();
            to_js(&ConfigReply {
                config,
                enabled: on,
                paused,
                placement,
                cards,
                notices,
                senders: sender::CONTENT_SCRIPT_COMMANDS,
                click_opens_nothing: store::click_opens_nothing(&site).await,
            })
        }
        Request::Ready { .. } => {
            if let Some(tab) = tab_id {
                if let Some(pending) = store::take_pending(tab).await {
                    run_pending(tab, pending);
                }
            }
            Ok(JsValue::TRUE)
        }
        Request::Card { site, slot } => {
            crate::perf::mark("advocate:card-in");
            let network = network_of(&site)?;
            let Some(mut ctx) = Context::load().await else {
                return Ok(JsValue::NULL);
            };
            crate::perf::mark("advocate:card-loaded");
            if !ctx.shows(network) {
                return Ok(JsValue::NULL);
            }
            let Some(id) = ctx.ranked(network).get(slot).map(|i| i.id.clone()) else {
                return Ok(JsValue::NULL);
            };
            // The daily cap: a few different suggestions a day in the feed, never a stream.
            let day = day_key(ctx.now_ms(), host::utc_offset_minutes());
            let before = ctx.state.seen.clone();
            if !ctx.state.allow_card(&id, &day) {
                return Ok(JsValue::NULL);
            }
            if ctx.state.seen != before {
                store::save_state(&ctx.state).await?;
            }
            let item = ctx.item(&id)?;
            let card = to_js(&ctx.viewer().card(item, network));
            crate::perf::mark("advocate:card-out");
            card
        }
        Request::Panel { site } => {
            let network = network_of(&site)?;
            let view = match Context::load().await {
                Some(ctx) => panel(&ctx.viewer(), network, ctx.ranked(network), status().await),
                None => PanelView::without_feed(status().await),
            };
            to_js(&view)
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
            to_js(&ctx.compose(&item_id, caption, network)?)
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
        Request::Snooze { item_id } => {
            let mut state = store::state().await;
            state
                .snoozed
                .insert(item_id, host::now_ms() as i64 + SNOOZE_MS);
            store::save_state(&state).await?;
            Ok(JsValue::TRUE)
        }
        Request::Posted {
            site,
            item_id,
            inserted,
            editor_text,
        } => {
            let network = network_of(&site)?;
            if !still_contains(&inserted, &editor_text) {
                return Ok(JsValue::FALSE);
            }
            let mut state = store::state().await;
            if state.record_share(&item_id, network, host::now_ms() as i64) {
                store::save_state(&state).await?;
            }
            Ok(JsValue::TRUE)
        }
        Request::Notices { site } => {
            let network = network_of(&site)?;
            let Some(ctx) = Context::load().await else {
                return to_js(&Vec::<NoticeView>::new());
            };
            to_js(&retraction_notices(
                &ctx.loaded.feed,
                &ctx.state,
                Some(network),
                &ctx.prefs,
            ))
        }
        Request::DismissNotice { item_id } => {
            let mut state = store::state().await;
            if !state.dismissed_notices.contains(&item_id) {
                state.dismissed_notices.push(item_id);
                store::save_state(&state).await?;
            }
            Ok(JsValue::TRUE)
        }
        Request::Popup => to_js(&popup_view().await),
        Request::ShareInTab {
            site,
            item_id,
            caption,
        } => {
            let network = network_of(&site)?;
            let ctx = Context::load()
                .await
                .ok_or_else(|| HostError("no feed".into()))?;
            let command = prefill_command(&ctx, network, &item_id, caption, false)?;
            let tab = host::open_tab(site::config(network).home_url)
                .await
                .ok_or_else(|| HostError("could not open a tab".into()))?;
            store::save_pending(tab, &command).await?;
            Ok(JsValue::TRUE)
        }
        Request::Pause { days } => {
            let mut user = store::user_settings().await;
            user.paused_until =
                (days > 0).then(|| host::now_ms() as i64 + i64::from(days) * 86_400_000);
            store::save_user_settings(&user).await?;
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
        Request::ToPage { notice } => {
            // Only ever the top frame of the frame's own tab: its content script placed it.
            let tab = tab_id.ok_or_else(|| HostError("a frame outside a tab".into()))?;
            host::tabs_send_message(tab, &notice, 0).await
        }
    }
}
