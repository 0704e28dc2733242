//! Light or dark, decided from the host page's own background colour (LinkedIn and X each have
//! their own dark mode, independent of the OS setting), falling back to `prefers-color-scheme`.

use advocate_core::theme::is_dark_background;

use super::dom::document;

fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
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
