//! Helpers that decide nothing: a shared sort (one copy in the wasm module) and word-at-a-time
//! byte tests for the feed's hot scans.

pub(crate) mod bytewise;
pub mod sort;
