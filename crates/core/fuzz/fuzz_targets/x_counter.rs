//! Any text → X weighted length and URL extraction, LinkedIn length and fold. Nothing may
//! panic; URL ranges and the fold are valid char boundaries of the input.
#![no_main]

use advocate_core::text::{linkedin, x};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let c = x::count(text);
    // Every character weighs at least 1 (a URL counts 23 for itself and more characters).
    assert!(c.length <= 2 * text.chars().count().max(1) + 23 * text.len());
    for r in x::extract_urls(text) {
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end) && r.start < r.end);
    }
    let _ = linkedin::count(text);
    if let Some(fold) = linkedin::fold_at(text) {
        assert!(text.is_char_boundary(fold) && fold <= text.len());
    }
});
