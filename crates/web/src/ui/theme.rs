//! Light or dark, decided from the host page's own background colour (LinkedIn and X each have
//! their own dark mode, independent of the OS setting), falling back to `prefers-color-scheme`.

use advocate_core::theme::is_dark_background;

use super::dom::document;

fn dark_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
}

/// Whether the system prefers dark.
pub fn prefers_dark() -> bool {
    dark_query().is_some_and(|m| m.matches())
}

/// Re-themes an extension page (`site`: its name) when the system switches between light and
/// dark while it is open.
pub fn follow_system(site: &'static str) {
    if let Some(q) = dark_query() {
        super::dom::on(&q, "change", move |_| apply(site, None));
    }
}

/// Applies `data-theme` and `data-site` to the frame's root element.
pub fn apply(site: &str, page_background: Option<&str>) {
    let dark = page_background
        .and_then(is_dark_background)
        .unwrap_or_else(prefers_dark);
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
        let _ = root.set_attribute("data-site", site);
        // Screen readers pick the voice by the page language: the UI's, not the manifest's.
        let _ = root.set_attribute("lang", &crate::host::ui_language());
    }
}
