//! The feed studio's logic (#20): everything the browser page where comms admins write, check,
//! preview, sign and publish the feed decides, as pure functions. The page itself (web-sys)
//! only shows what these return and does the I/O: files, `fetch`, WebCrypto, storage.
//!
//! Each part is the same code the `advocate` CLI runs, so the studio and the CLI cannot drift:
//! [`save::feed_text`] is what `advocate import` writes, [`check::report`] is `advocate
//! validate`, [`starter::starter_feed`] is `advocate init`'s feed, [`sign`] builds what
//! `advocate sign` signs and writes, [`csv::import_csv`] is `advocate import`, and
//! [`preview::preview`] is what `advocate preview` shows, built from the extension's own ranking
//! and cards.
//!
//! Times are milliseconds since the Unix epoch (`i64`) throughout, as the browser's `Date.now()`
//! gives them.
//!
//! Behind the feature `studio`: the extension's module does not carry it.

pub mod check;
pub mod csv;
pub mod draft;
pub mod edit;
pub mod fields;
pub mod history;
pub mod host;
pub mod ids;
pub mod preview;
pub mod save;
pub mod sign;
pub mod starter;
pub mod state;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

/// The instant `ms` milliseconds after the epoch. Out of chrono's range (never a real clock)
/// it is the nearest instant chrono has, so comparisons still go the right way.
fn instant(ms: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_millis(ms).unwrap_or(if ms < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    })
}
