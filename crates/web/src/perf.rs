//! User Timing marks around the expensive steps, so the browser's own tools (and the
//! benchmarks, `./build.sh bench`) can see where time goes. Marks cost microseconds.

use wasm_bindgen::JsCast;

fn performance() -> Option<web_sys::Performance> {
    js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into().ok())
}

/// `performance.mark(name)`, replacing an earlier mark of that name: a long-lived worker marks
/// every card request, and the browser keeps every mark until it is cleared.
pub fn mark(name: &str) {
    if let Some(p) = performance() {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

/// `performance.measure(name, start_mark)`: from that mark until now.
pub fn measure(name: &str, start_mark: &str) {
    if let Some(p) = performance() {
        p.clear_measures_with_measure_name(name);
        let _ = p.measure_with_start_mark(name, start_mark);
    }
}
