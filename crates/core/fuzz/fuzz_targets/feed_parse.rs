//! Feed bytes → parse + validate + the fit pass (+ line/column location of every finding),
//! then the sync's acceptance check. Nothing may panic, whatever the bytes.
#![no_main]

use advocate_core::feed::ValidateOptions;
use advocate_core::fit::check_feed;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let now = chrono::DateTime::from_timestamp(1_795_000_000, 0);
    let opts = ValidateOptions { now };
    match check_feed(data, &opts) {
        Ok(checked) => {
            for d in &checked.warnings {
                let _ = d.to_string();
            }
        }
        Err(rejected) => {
            let _ = rejected.first_error().to_string();
        }
    }
    if let Some(now) = now {
        let _ = advocate_core::sync::accept_body(data, now);
    }
});
