//! advocate-web: Advocate in the browser. A thin wasm facade over `advocate-core`: the
//! background worker's I/O (fetch, storage, alarms, messaging) and the extension pages' UI.
//! Every decision is made in the core; this crate moves data between it and the browser.

pub mod background;
pub mod host;
pub mod perf;
pub mod protocol;
pub mod ui;
