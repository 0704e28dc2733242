//! The committed JSON Schema (`schema/feed.schema.json`) must be what the code generates, so
//! editors check feeds against the rules this build applies.
#![cfg(feature = "schema")]

use std::path::Path;

use advocate_core::feed::schema::json_schema;
use serde_json::Value;

#[test]
fn committed_schema_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema/feed.schema.json");
    let committed: Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Value::Null);
    assert!(
        committed == json_schema(),
        "schema/feed.schema.json is stale or missing; regenerate it with \
         `advocate schema > schema/feed.schema.json` \
         (cargo run -p advocate-cli -- schema > schema/feed.schema.json)"
    );
}

#[test]
fn schema_describes_every_feed_field() {
    let s = json_schema();
    let props = |p: &str| {
        let mut keys: Vec<String> = s
            .pointer(p)
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        keys.sort();
        keys
    };
    assert_eq!(
        props("/properties"),
        ["$schema", "items", "links", "organization", "version"]
    );
    assert_eq!(
        props("/$defs/Caption/properties"),
        ["lang", "network", "text"]
    );
    assert_eq!(props("/$defs/Item/properties").len(), 19);
    for def in [
        "Item",
        "Caption",
        "Audience",
        "Organization",
        "Links",
        "Utm",
    ] {
        assert_eq!(
            s.pointer(&format!("/$defs/{def}/additionalProperties")),
            Some(&Value::Bool(false)),
            "{def} must refuse unknown fields"
        );
    }
}
