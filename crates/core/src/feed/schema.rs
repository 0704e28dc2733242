//! The feed's JSON Schema (draft 2020-12), generated from the raw types so it cannot drift from
//! what [`super::parse_feed`] reads.
//!
//! The schema is a help for editors (completion, hover text, red underlines), not the judge:
//! validation knows more (unique ids, dates in order, a caption for every network, placeholder
//! names). Where a rule can be stated as a pattern or a limit, it is stated here too, so an
//! editor underlines most mistakes before `advocate validate` runs.

use serde_json::Value;

use super::raw::RawFeed;

/// The schema's identifier. Feeds refer to a copy next to them (`"$schema": "./feed.schema.json"`,
/// written by `advocate init`), so nothing has to be fetched from this address.
pub const SCHEMA_ID: &str = "https://advocate-extension.org/schema/feed-v1.json";

/// The JSON Schema of feed format version 1, as a JSON value (print it with
/// `serde_json::to_string_pretty`).
pub fn json_schema() -> Value {
    let settings = schemars::generate::SchemaSettings::draft2020_12().for_deserialize();
    let mut schema = settings.into_generator().into_root_schema_for::<RawFeed>();
    schema.insert("$id".into(), SCHEMA_ID.into());
    schema.insert("title".into(), "Advocate feed (format version 1)".into());
    let mut value = schema.to_value();
    tidy(&mut value);
    value
}

/// Adjusts the generated schema for the people who read it in an editor:
/// - optional fields are left out, never `null` (serde would accept `null` for some, but a
///   feed is clearer without them), so `null` is not offered;
/// - Rust's integer formats (`int64`, `uint64`) mean nothing to an editor;
/// - doc comments are wrapped at 100 columns; hover text should flow as one paragraph.
fn tidy(value: &mut Value) {
    let Value::Object(map) = value else {
        if let Value::Array(list) = value {
            list.iter_mut().for_each(tidy);
        }
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(any)) = map.get_mut("anyOf") {
        any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
        if any.len() == 1 {
            if let Value::Object(only) = any.remove(0) {
                map.remove("anyOf");
                map.extend(only);
            }
        }
    }
    if map
        .get("format")
        .is_some_and(|f| f == "int64" || f == "uint64")
    {
        map.remove("format");
    }
    if let Some(Value::String(d)) = map.get_mut("description") {
        *d = d
            .split("\n\n")
            .map(|para| para.replace('\n', " "))
            .collect::<Vec<_>>()
            .join("\n\n");
    }
    for (key, child) in map.iter_mut() {
        // Below "properties" and "$defs" the keys are names, but every value is a schema, and
        // a name never holds the strings this function changes. Constants are data: leave them.
        if key != "const" && key != "enum" {
            tidy(child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::patterns::{HASHTAG_PATTERN, ID_PATTERN, LANG_PATTERN};
    use super::*;

    #[test]
    fn schema_has_identity_enums_and_hints() {
        let s = json_schema();
        assert_eq!(s["$schema"], "https://json-schema.org/draft/2020-12/schema");
        assert_eq!(s["$id"], SCHEMA_ID);
        assert_eq!(s["additionalProperties"], false);
        let at = |p: &str| s.pointer(p).cloned().unwrap_or_default();
        assert_eq!(at("/$defs/Network/oneOf/0/const"), "linkedin");
        assert_eq!(at("/$defs/Network/oneOf/1/const"), "x");
        assert_eq!(at("/$defs/Status/oneOf/1/const"), "retracted");
        assert_eq!(
            at("/$defs/Item/properties/networks/items/$ref"),
            "#/$defs/Network"
        );
        assert_eq!(
            at("/$defs/Caption/properties/network/$ref"),
            "#/$defs/Network"
        );
        assert_eq!(at("/$defs/Item/properties/publish_at/format"), "date-time");
        assert_eq!(at("/$defs/Item/properties/url/format"), "uri");
        assert_eq!(at("/$defs/Item/properties/id/pattern"), ID_PATTERN);
        assert_eq!(
            at("/$defs/Item/properties/title/propertyNames/pattern"),
            LANG_PATTERN
        );
        assert_eq!(
            at("/$defs/Item/properties/hashtags/items/pattern"),
            HASHTAG_PATTERN
        );
        assert_eq!(at("/$defs/Item/additionalProperties"), false);
        assert_eq!(at("/$defs/Item/properties/image/type"), "string");
        assert!(!s.to_string().contains("\"null\""));
    }
}
