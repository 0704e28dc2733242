//! advocate-studio: the feed studio (`studio.html`), where comms admins write, check, preview,
//! sign and save the feed in the browser. Its own wasm module, so that the extension's card
//! frames on LinkedIn and X never load it (#20). Every rule is `advocate_core::studio`'s (the
//! same code as the `advocate` CLI); the card preview is the extension's own renderer.

mod app;
mod field;
mod files;
mod form;
mod js;
mod list;
mod preview;
mod publish;
mod sign;
mod time;

use wasm_bindgen::prelude::*;

/// Entry of studio.html.
#[wasm_bindgen]
pub async fn start_studio() {
    app::start().await;
}
