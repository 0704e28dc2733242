//! Feed bytes → parse + validate (+ line/column location of every finding), then the sync's
//! acceptance check. Nothing may panic, whatever the bytes. And the hand-written reader of
//! the usual feed shapes reads each text as serde_json does, or leaves it to serde_json.
#![no_main]

use advocate_core::feed::{parse_feed, ValidateOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0);
    let opts = ValidateOptions { now, ..ValidateOptions::default() };
    match parse_feed(data, &opts) {
        Ok(checked) => {
            for d in &checked.warnings {
                let _ = d.to_string();
            }
        }
        Err(rejected) => {
            let _ = rejected.first_error().to_string();
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        advocate_core::feed::check_quick_read(text);
    }
    if let Some(now) = now {
        let _ = advocate_core::sync::accept_body(data, now);
    }
});
