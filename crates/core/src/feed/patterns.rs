//! The shapes of the feed's fields as its JSON Schema states them: patterns for ids, links,
//! language tags and hashtags, the names a few string fields may take, and language maps. The
//! raw types' schema attributes name these, and [`super::schema`] generates the schema from
//! those types; kept apart from both, so that neither needs the other.

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};

use super::limits::{MAX_TEXT_CHARS, MAX_TITLE_CHARS};

/// An item id: what validation accepts (letters, digits, `-`, `_`, `.`; 1 to 100).
pub const ID_PATTERN: &str = "^[A-Za-z0-9._-]{1,100}$";

/// An absolute https link (the full check — host, port, characters — is validation's).
pub const HTTPS_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]://[^\\s/?#@]+([/?#][^\\s]*)?$";

/// A BCP 47 tag of the shape validation accepts: language, optional script, region, variants.
pub const LANG_PATTERN: &str =
    "^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$";

/// A hashtag: `#`, then letters, digits and `_`, not only digits. Written without `\p{L}`,
/// which not every schema validator supports: no spaces and no ASCII punctuation but `_`.
pub const HASHTAG_PATTERN: &str = "^#(?![0-9]+$)[^\\s!-/:-@\\[-^`{-~]{1,100}$";

// Schema-only stand-ins for fields that stay strings in the raw types (validation parses them
// itself, to explain mistakes); their doc comments are what editors show admins.

/// A social network: `linkedin` or `x`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "Network")]
#[allow(dead_code)]
pub enum NetworkName {
    /// LinkedIn.
    Linkedin,
    /// X (formerly Twitter).
    X,
}

/// Whether the item may be shared: `active` (the default) or `retracted`.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "Status")]
#[allow(dead_code)]
pub enum StatusName {
    /// Suggested to employees (the default).
    Active,
    /// Withdrawn: never suggested again; employees who shared it see `retraction_note`.
    Retracted,
}

fn lang_map(max_chars: usize, min_languages: usize) -> Schema {
    let mut schema = json_schema!({
        "type": "object",
        "propertyNames": { "pattern": LANG_PATTERN },
        "additionalProperties": {
            "type": "string",
            "minLength": 1,
            "maxLength": max_chars,
        },
    });
    if min_languages > 0 {
        schema.insert("minProperties".into(), min_languages.into());
    }
    schema
}

/// A title per language: at least one, one line each.
pub fn title_map(_: &mut SchemaGenerator) -> Schema {
    lang_map(MAX_TITLE_CHARS, 1)
}

/// A longer text per language (summary, image description, prompt, retraction note).
pub fn prose_map(_: &mut SchemaGenerator) -> Schema {
    lang_map(MAX_TEXT_CHARS, 0)
}
