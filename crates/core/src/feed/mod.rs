//! The feed: raw serde types, validation into the model, and diagnostics.

pub mod diagnostic;
#[cfg(feature = "diagnostics")]
mod duplicates;
pub mod limits;
pub mod locate;
pub mod model;
pub mod raw;
#[cfg(feature = "schema")]
pub mod schema;
mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use model::{Audience, Caption, Feed, Item, Organization, Status, Utm, SUPPORTED_VERSION};
pub use validate::{parse_feed, validate_raw, Checked, Rejected, ValidateOptions};
