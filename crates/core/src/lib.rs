//! advocate-core: every decision Advocate makes, as pure Rust with no web dependencies.
//!
//! The browser extension (through the `advocate-web` wasm crate) and the admin CLI both build
//! on this crate, so a feed means the same thing everywhere.

pub mod compose;
pub mod did_you_mean;
pub mod feed;
pub mod fit;
pub mod freshness;
#[cfg(feature = "import")]
pub mod import;
pub mod lang;
pub mod link;
pub mod network;
pub mod page_check;
pub mod profile;
pub mod rank;
pub mod rotation;
pub mod sender;
pub mod settings;
pub mod signature;
pub mod site;
pub mod state;
#[cfg(feature = "studio")]
pub mod studio;
pub mod sync;
pub mod template;
pub mod text;
pub mod theme;
pub mod time;
pub mod util;
pub mod view;
