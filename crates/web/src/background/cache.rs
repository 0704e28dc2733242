//! The validated feed, kept in wasm memory for as long as the worker lives, so messages from
//! pages do not re-parse it.

use std::cell::RefCell;
use std::rc::Rc;

use advocate_core::feed::{parse_feed, Feed, ValidateOptions};
use advocate_core::sync::StoredFeed;

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
}

/// The cached feed, if loaded.
pub fn get() -> Option<Rc<Loaded>> {
    LOADED.with(|l| l.borrow().clone())
}

/// Caches a freshly validated feed.
pub fn set(feed: Feed, stored: &StoredFeed) {
    let loaded = Rc::new(Loaded {
        feed,
        demo: stored.demo,
        fetched_at: stored.fetched_at,
    });
    LOADED.with(|l| *l.borrow_mut() = Some(loaded));
}

/// Validates and caches a stored feed (after the worker restarted). A stored feed that no
/// longer validates (the rules changed in an update) is not used.
pub fn load_stored(stored: &StoredFeed) -> Option<Rc<Loaded>> {
    let checked = parse_feed(stored.text.as_bytes(), &ValidateOptions::default()).ok()?;
    set(checked.feed, stored);
    get()
}

/// Forgets the cached feed.
pub fn clear() {
    LOADED.with(|l| *l.borrow_mut() = None);
}
