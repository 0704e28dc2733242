//! The committed JSON Schema (`schema/feed.schema.json`) must be what the code generates, so
//! editors check feeds against the rules this build applies.
#![cfg(feature = "schema")]

use std::collections::BTreeSet;
use std::path::Path;

use advocate_core::feed::diagnostic::tokens;
use advocate_core::feed::raw::{
    fields_of, RawAudience, RawCaption, RawFeed, RawItem, RawLinks, RawOrganization, RawUtm,
};
use advocate_core::feed::schema::json_schema;
use advocate_core::feed::ValidateOptions;
use advocate_core::fit::check_feed;
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

/// Every object of the schema lists exactly the fields its raw type reads: the one list, the
/// serde types' own (`fields_of`).
#[test]
fn schema_describes_every_feed_field() {
    let s = json_schema();
    let props = |p: &str| -> BTreeSet<String> {
        s.pointer(p)
            .and_then(Value::as_object)
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default()
    };
    let names =
        |fields: &[&str]| -> BTreeSet<String> { fields.iter().map(|f| f.to_string()).collect() };
    let objects: [(&str, &[&str]); 7] = [
        ("", fields_of::<RawFeed>()),
        ("/$defs/Organization", fields_of::<RawOrganization>()),
        ("/$defs/Links", fields_of::<RawLinks>()),
        ("/$defs/Utm", fields_of::<RawUtm>()),
        ("/$defs/Item", fields_of::<RawItem>()),
        ("/$defs/Audience", fields_of::<RawAudience>()),
        ("/$defs/Caption", fields_of::<RawCaption>()),
    ];
    for (def, fields) in objects {
        assert_eq!(props(&format!("{def}/properties")), names(fields), "{def}");
        assert_eq!(
            s.pointer(&format!("{def}/additionalProperties")),
            Some(&Value::Bool(false)),
            "{def} must refuse unknown fields"
        );
    }
}

/// Every place validation and the fit pass point at, in the whole rule corpus, is a place the
/// schema describes: validation names the same fields as the raw types (but for the fields it
/// reports as unknown).
#[test]
fn validation_points_only_at_fields_the_schema_describes() {
    let schema = json_schema();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/feeds");
    let mut checked = 0;
    for sub in ["valid", "invalid"] {
        let dir = root.join(sub);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            let name = path.to_string_lossy().to_string();
            if !name.ends_with(".json") || name.ends_with(".expected.json") {
                continue;
            }
            let bytes = std::fs::read(&path).unwrap_or_default();
            let diagnostics = match check_feed(&bytes, &ValidateOptions::default()) {
                Ok(c) => c.warnings,
                Err(r) => r.diagnostics,
            };
            for d in diagnostics {
                if d.message.starts_with("unknown field") {
                    continue;
                }
                assert!(
                    described(&schema, &tokens(&d.pointer)),
                    "{name}: {d} points at a field the schema does not describe"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "the corpus moved? {checked} findings");
}

/// Whether the schema describes the place `tokens` lead to.
fn described(schema: &Value, tokens: &[String]) -> bool {
    let mut at = schema;
    for token in tokens {
        while let Some(r) = at.get("$ref").and_then(Value::as_str) {
            match r.strip_prefix('#').and_then(|p| schema.pointer(p)) {
                Some(target) => at = target,
                None => return false,
            }
        }
        at = match (
            at.pointer(&format!(
                "/properties/{}",
                token.replace('~', "~0").replace('/', "~1")
            )),
            at.get("items"),
            at.get("additionalProperties").filter(|a| a.is_object()),
        ) {
            (Some(field), _, _) => field,
            (None, Some(items), _) if token.parse::<usize>().is_ok() => items,
            (None, _, Some(values)) => values,
            _ => return false,
        };
    }
    true
}
