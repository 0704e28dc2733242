//! The feed: raw serde types, validation into the model, and diagnostics.

pub mod diagnostic;
mod json_scan;
pub mod limits;
pub mod model;
#[cfg(feature = "schema")]
pub mod patterns;
pub mod raw;
#[cfg(feature = "schema")]
pub mod schema;
mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use model::{Audience, Caption, Feed, Item, Organization, Status, Utm, SUPPORTED_VERSION};
pub use validate::{
    parse_feed, read_raw, validate_raw, Checked, Rejected, ValidateOptions, Validation,
};
