//! One sync: resolve the feed address, fetch, let the core decide, store atomically, schedule
//! the next attempt.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use advocate_core::freshness::Freshness;
use advocate_core::signature::{check, Envelope, Keys, Verdict};
use advocate_core::sync::{
    accept, conditional_headers, receive, FetchResult, Outcome, Received, SyncStatus,
};

use super::{cache, fetch, store};
use crate::host;

/// The periodic alarm.
pub const ALARM_PERIODIC: &str = "sync";
/// The one-shot retry alarm after a failure.
pub const ALARM_RETRY: &str = "retry";

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    /// Counts changes of the settings or policy (see [`settings_changed`]).
    static SETTINGS_CHANGES: Cell<u64> = const { Cell::new(0) };
}

/// Records that the settings or the policy changed. A sync running at that moment read the
/// old ones (maybe the old feed address): it runs once more when it is done.
pub fn settings_changed() {
    SETTINGS_CHANGES.with(|c| c.set(c.get().wrapping_add(1)));
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(host::now_ms() as i64).unwrap_or_default()
}

/// The path of the bundled demo feed inside the extension.
pub const DEMO_PATH: &str = "demo-feed.json";

/// Runs a sync unless one is already running, in which case it waits for that one: two
/// triggers at once (install and a content script asking) must not fetch twice.
pub async fn run() -> SyncStatus {
    if RUNNING.with(Cell::get) {
        while RUNNING.with(Cell::get) {
            gloo_timers::future::TimeoutFuture::new(50).await;
        }
        return store::status().await;
    }
    RUNNING.with(|r| r.set(true));
    let changes_so_far = || SETTINGS_CHANGES.with(Cell::get);
    let mut started = changes_so_far();
    let mut status = run_once().await;
    // A new feed address or new keys set while the sync ran (seen when the options are
    // saved right after install, as the first sync starts) must not wait for the next
    // alarm: sync again with them. Bounded, so a policy that keeps changing cannot keep the
    // worker busy.
    for _ in 0..2 {
        if changes_so_far() == started {
            break;
        }
        started = changes_so_far();
        status = run_once().await;
    }
    RUNNING.with(|r| r.set(false));
    status
}

async fn run_once() -> SyncStatus {
    // Settings, state and install id are read once, up front, all at once: ranking the new
    // feed needs them too, and reading them after the parse would wait behind it. A change
    // while the feed downloads bumps the generation, and they are read again.
    let generation = store::inputs_generation();
    let inputs = store::inputs().await;
    let settings = inputs.settings.clone();
    let previous = store::status().await;
    let jitter = js_sys::Math::random();
    if let Err(failure) = settings.source.check() {
        return fail(&previous, failure, jitter).await;
    }
    let (url, demo) = match settings.source.configured_url() {
        Some(url) => (url.to_string(), false),
        None => (host::get_url(DEMO_PATH), true),
    };
    let prev = store::feed_meta().await.ok().flatten();
    let headers = conditional_headers(prev.as_ref(), &url);
    // A new feed is coming (200): the one in memory is freed as its body starts to arrive,
    // while the thread waits for the network, so the new one is not built in its holes
    // (BENCHMARKS.md). Should the new feed be refused, or be the same text again (a host
    // without ETag or Last-Modified), the stored one is read again when a page asks for it,
    // as after a worker restart.
    let mut fetched = fetch::fetch_feed(&url, &headers, cache::clear).await;
    if matches!(fetched.result, FetchResult::Network { .. }) && !headers.is_empty() {
        // A host that sends Access-Control-Allow-Origin but does not answer the preflight
        // that conditional headers need: ask again as a simple request and let the browser's
        // HTTP cache revalidate.
        fetched = fetch::fetch_feed(&url, &[], cache::clear).await;
    }
    let t = now();
    let keys = Keys::parse(&settings.public_keys);
    // The bundled demo is part of the extension itself; signatures are for fetched feeds.
    let verify = keys.required() && !demo;
    // The newest signing time accepted per address: an older signed feed is refused (#19).
    let mut freshness = if verify {
        store::freshness().await
    } else {
        Freshness::default()
    };
    let mut seen = None;
    let mut written = None;
    let outcome = match receive(fetched.result, &url, prev.as_ref(), t) {
        Received::Failed(f) => Outcome::Failed(f),
        Received::Unchanged => {
            // The keys may have changed since the stored feed was accepted (a rotation, a
            // revoked key): the unchanged feed must still carry a valid signature.
            let stored_text = match (&prev, verify) {
                (Some(meta), true) => store::feed_text(meta)
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
                _ => String::new(),
            };
            let verdict = verify_signature(verify, &keys, &url, stored_text.as_bytes()).await;
            match freshness.judge(&url, &keys, &verdict) {
                Err(f) => Outcome::Failed(f),
                Ok(new_seen) => {
                    // The same feed, maybe re-signed with a newer time (or for the first time
                    // with one): remember it.
                    if new_seen.is_some_and(|s| freshness.record(s)) {
                        let _ = store::save_freshness(&freshness).await;
                    }
                    Outcome::Unchanged
                }
            }
        }
        Received::Body(new) => {
            let verdict = verify_signature(verify, &keys, &url, &new.body).await;
            let refused = match freshness.judge(&url, &keys, &verdict) {
                Ok(s) => {
                    seen = s;
                    None
                }
                Err(f) => Some(f),
            };
            // From the bytes in hand to validated, ranked and stored (the benchmark's "ingest").
            crate::perf::mark("advocate:ingest-start");
            // The disk write starts first and runs while wasm parses; it only becomes the
            // current feed once the metadata points at it, after validation.
            written = Some(host::feed_put(&new.hash, fetched.blob.as_ref(), &new.body));
            crate::perf::mark("advocate:parse");
            accept(new, &url, demo, refused, t)
        }
    };
    match outcome {
        Outcome::Unchanged => {
            if previous.failure.is_some() || previous.last_success.is_none() {
                let _ = store::save_status(&SyncStatus::succeeded(t.timestamp_millis())).await;
            }
            // Session storage only: a feed that did not change costs no disk write, and it is
            // not parsed either (pages load it into memory when they ask for it).
            let _ = store::save_checked(t.timestamp_millis()).await;
            schedule_periodic().await;
            store::status().await
        }
        Outcome::Updated { meta, checked } => {
            let status = SyncStatus::succeeded(t.timestamp_millis());
            crate::perf::measure("advocate:validate", "advocate:ingest-start");
            crate::perf::mark("advocate:store-start");
            // The text first (its write began before validation and is usually done), then
            // the metadata that points at it; that write runs while the feed is ranked.
            let text_saved = match written.take() {
                Some(put) => put.await,
                None => Ok(()),
            };
            let fresh = seen.take().is_some_and(|s| freshness.record(s));
            let saving =
                text_saved.map(|()| store::save_feed(&meta, &status, fresh.then_some(&freshness)));
            crate::perf::mark("advocate:rank-start");
            drop(cache::set(checked.feed, &meta));
            // Ranked suggestions ready for every network before the answer is stored.
            let inputs = if store::inputs_generation() == generation {
                inputs
            } else {
                store::inputs().await
            };
            super::rank_all(inputs);
            crate::perf::measure("advocate:rank", "advocate:rank-start");
            let saved = match saving {
                Ok(save) => save.await,
                Err(e) => Err(e),
            };
            match saved {
                Ok(()) => {
                    crate::perf::measure("advocate:store", "advocate:store-start");
                    crate::perf::measure("advocate:ingest", "advocate:ingest-start");
                    // Older texts are no longer needed (and never were current if refused).
                    let _ = host::feed_keep(&meta.hash).await;
                    schedule_periodic().await;
                    status
                }
                Err(e) => {
                    let failure = advocate_core::sync::SyncFailure::Network {
                        detail: format!("could not save the feed: {e}"),
                    };
                    fail(&previous, failure, jitter).await
                }
            }
        }
        Outcome::Failed(failure) => {
            // A refused text that was already being written: let it finish, then drop it.
            if let Some(put) = written.take() {
                let _ = put.await;
                if let Some(meta) = &prev {
                    let _ = host::feed_keep(&meta.hash).await;
                }
            }
            fail(&previous, failure, jitter).await
        }
    }
}

/// Fetches `FEED.sig` and checks `data` against the configured keys with WebCrypto.
async fn verify_signature(required: bool, keys: &Keys, url: &str, data: &[u8]) -> Verdict {
    if !required {
        return Verdict::NotRequired;
    }
    let sig = fetch::fetch_signature(url).await;
    // WebCrypto is asynchronous and `signature::check` is not: verify each key first, then
    // let the core decide with the answers.
    let mut answers = Vec::with_capacity(keys.valid.len());
    if let Some(Ok(envelope)) = sig.as_deref().map(Envelope::parse) {
        let message = envelope.message(data);
        for key in &keys.valid {
            answers.push(host::verify_ed25519(key, &envelope.signature, &message).await);
        }
    }
    let mut next = answers.into_iter();
    check(keys, sig.as_deref(), Some(url), |_, _| {
        next.next().unwrap_or(false)
    })
}

async fn fail(
    previous: &SyncStatus,
    failure: advocate_core::sync::SyncFailure,
    jitter: f64,
) -> SyncStatus {
    let status = previous.failed(failure, now().timestamp_millis(), jitter);
    let _ = store::save_status(&status).await;
    if let Some(at) = status.retry_at {
        let _ = host::alarm_create(ALARM_RETRY, Some(at as f64), None).await;
    }
    status
}

/// (Re)creates the periodic alarm.
pub async fn schedule_periodic() {
    let minutes = f64::from(advocate_core::sync::DEFAULT_PERIOD_MINUTES);
    let _ = host::alarm_create(ALARM_PERIODIC, None, Some(minutes)).await;
}
