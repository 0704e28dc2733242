//! The validated feed, kept in wasm memory for as long as the worker lives, so messages from
//! pages do not re-parse it.

use std::cell::RefCell;
use std::rc::Rc;

use advocate_core::feed::{parse_feed, Feed, ValidateOptions};
use advocate_core::network::Network;
use advocate_core::sync::FeedMeta;

/// The feed in use and where it came from.
#[derive(Debug)]
pub struct Loaded {
    /// Validated feed.
    pub feed: Feed,
    /// From the bundled demo.
    pub demo: bool,
    /// When it was fetched (ms).
    pub fetched_at: i64,
}

thread_local! {
    static LOADED: RefCell<Option<Rc<Loaded>>> = const { RefCell::new(None) };
    static RANKED: RefCell<Option<Ranked>> = const { RefCell::new(None) };
}

/// Ranked suggestions per network (indices into the feed's items), computed once and reused
/// by every card and panel request until settings, local state or the feed change, or a
/// minute passes (items become live or expire over time).
#[derive(Debug, Clone)]
struct Ranked {
    at_ms: f64,
    by_network: Vec<(Network, Vec<usize>)>,
}

/// How long ranked lists are reused.
const RANKED_FOR_MS: f64 = 60_000.0;

/// The ranked item indices for `network`, if fresh.
pub fn ranked(network: Network, now_ms: f64) -> Option<Vec<usize>> {
    RANKED.with(|r| {
        r.borrow()
            .as_ref()
            .filter(|r| now_ms - r.at_ms < RANKED_FOR_MS)
            .and_then(|r| {
                r.by_network
                    .iter()
                    .find(|(n, _)| *n == network)
                    .map(|(_, v)| v.clone())
            })
    })
}

/// Remembers ranked item indices for `network`.
pub fn set_ranked(network: Network, items: Vec<usize>, now_ms: f64) {
    RANKED.with(|r| {
        let mut r = r.borrow_mut();
        let fresh = r.as_ref().is_some_and(|x| now_ms - x.at_ms < RANKED_FOR_MS);
        if !fresh {
            *r = Some(Ranked {
                at_ms: now_ms,
                by_network: Vec::new(),
            });
        }
        if let Some(x) = r.as_mut() {
            x.by_network.retain(|(n, _)| *n != network);
            x.by_network.push((network, items));
        }
    });
}

/// Forgets ranked lists (settings, state or feed changed).
pub fn clear_ranked() {
    RANKED.with(|r| *r.borrow_mut() = None);
}

/// The cached feed, if loaded.
pub fn get() -> Option<Rc<Loaded>> {
    LOADED.with(|l| l.borrow().clone())
}

/// Caches a freshly validated feed and hands back the one it replaces, so that the caller
/// decides when to pay for freeing it (tens of milliseconds for a large feed in wasm).
#[must_use = "dropping the previous feed here frees it now; hold it until the new one is ready"]
pub fn set(feed: Feed, meta: &FeedMeta) -> Option<Rc<Loaded>> {
    clear_ranked();
    let loaded = Rc::new(Loaded {
        feed,
        demo: meta.demo,
        fetched_at: meta.fetched_at,
    });
    LOADED.with(|l| l.borrow_mut().replace(loaded))
}

/// Validates and caches a stored feed (after the worker restarted). A stored feed that no
/// longer validates (the rules changed in an update) is not used.
pub fn load_stored(meta: &FeedMeta, text: &str) -> Option<Rc<Loaded>> {
    crate::perf::mark("advocate:parse");
    let checked = parse_feed(text.as_bytes(), &ValidateOptions::default()).ok()?;
    drop(set(checked.feed, meta));
    get()
}

/// Forgets the cached feed.
pub fn clear() {
    LOADED.with(|l| *l.borrow_mut() = None);
    clear_ranked();
}
