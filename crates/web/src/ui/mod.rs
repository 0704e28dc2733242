//! The extension pages' UI, rendered with web-sys: frames in LinkedIn/X, popup, options.

pub mod card;
mod clipboard;
pub mod dom;
pub mod frame;
pub mod options;
pub mod picker;
pub mod popup;
pub mod status;
pub mod theme;
