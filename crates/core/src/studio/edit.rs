//! Editing the draft as JSON: the studio's forms change one value at a JSON Pointer, whatever
//! the rest of the draft holds (it may be invalid while the admin types). What a form control's
//! text means as a value (a list, a number, an absent optional field) is decided here.

use serde_json::{Map, Value};

use crate::feed::raw::RawFeed;
use crate::studio::save::feed_text;

/// The segments of a JSON Pointer (RFC 6901), unescaped.
fn segments(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Sets the value at `pointer` (creating objects on the way), or removes it when `value` is
/// `None`. Arrays are indexed by number; an index one past the end appends. Returns false when
/// the pointer runs through something that is neither object nor array (nothing changes then).
pub fn set_at(doc: &mut Value, pointer: &str, value: Option<Value>) -> bool {
    let segs = segments(pointer);
    let Some((last, path)) = segs.split_last() else {
        if let Some(v) = value {
            *doc = v;
            return true;
        }
        return false;
    };
    let mut here = doc;
    for seg in path {
        here = match here {
            Value::Object(map) => map
                .entry(seg.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            Value::Array(list) => match seg.parse::<usize>().ok().and_then(|i| list.get_mut(i)) {
                Some(v) => v,
                None => return false,
            },
            _ => return false,
        };
        if here.is_null() {
            *here = Value::Object(Map::new());
        }
    }
    match (here, value) {
        (Value::Object(map), Some(v)) => {
            map.insert(last.clone(), v);
            true
        }
        (Value::Object(map), None) => {
            map.remove(last);
            true
        }
        (Value::Array(list), v) => match (last.parse::<usize>(), v) {
            (Ok(i), Some(v)) if i < list.len() => {
                list[i] = v;
                true
            }
            (Ok(i), Some(v)) if i == list.len() => {
                list.push(v);
                true
            }
            (Ok(i), None) if i < list.len() => {
                list.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Removes empty objects left behind at `pointer`'s parents (an audience whose last list was
/// cleared), so the saved file carries no `"audience": {}`.
pub fn prune_empty_parents(doc: &mut Value, pointer: &str) {
    let segs = segments(pointer);
    for depth in (1..segs.len()).rev() {
        let parent: String = segs[..depth]
            .iter()
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect();
        let empty = matches!(doc.pointer(&parent), Some(Value::Object(m)) if m.is_empty());
        if !empty {
            break;
        }
        set_at(doc, &parent, None);
    }
}

/// A comma-separated list as the form shows it (`#A, #B`) into the feed's list; blanks dropped.
pub fn list_from_text(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A list from the feed as the form shows it.
pub fn list_to_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::Array(list)) => list
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            })
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// What a form control's text means for the field it edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// A string the contract requires: kept even when empty (validation says it is missing).
    Required,
    /// An optional string: absent when empty.
    Optional,
    /// A list of strings, written comma-separated: absent when empty.
    List,
    /// A whole number: absent when empty; text that is no number stays as text, so that
    /// validation names the problem at the field instead of the form silently dropping it.
    Integer,
}

/// The value a control's `text` gives its field, `None` for "leave the field out".
pub fn value_of(kind: FieldKind, text: &str) -> Option<Value> {
    let trimmed = text.trim();
    match kind {
        FieldKind::Required => Some(Value::String(text.to_string())),
        FieldKind::Optional if trimmed.is_empty() => None,
        FieldKind::Optional => Some(Value::String(text.to_string())),
        FieldKind::List => {
            let list = list_from_text(text);
            (!list.is_empty()).then(|| Value::Array(list.into_iter().map(Value::String).collect()))
        }
        FieldKind::Integer if trimmed.is_empty() => None,
        FieldKind::Integer => Some(
            trimmed
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(trimmed.to_string())),
        ),
    }
}

/// The text of the draft as the studio saves and checks it: the contract's field order
/// ([`feed_text`]) when the draft has the feed's shape, else the draft as it is, pretty-printed,
/// so that validation can say what is wrong with it (a draft with errors can still be saved).
pub fn draft_text(doc: &Value) -> String {
    if let Ok(raw) = serde_json::from_value::<RawFeed>(doc.clone()) {
        if let Ok(text) = feed_text(&raw) {
            return text;
        }
    }
    let mut text = serde_json::to_string_pretty(doc).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sets_creates_and_removes_at_pointers() {
        let mut doc = json!({"items": [{"id": "a", "captions": []}]});
        assert!(set_at(
            &mut doc,
            "/items/0/audience/teams",
            Some(json!(["sales"]))
        ));
        assert_eq!(doc["items"][0]["audience"]["teams"], json!(["sales"]));
        assert!(set_at(
            &mut doc,
            "/items/0/captions/0",
            Some(json!({"lang": "de", "text": "x"}))
        ));
        assert!(set_at(
            &mut doc,
            "/items/0/captions/0/text",
            Some(json!("y"))
        ));
        assert_eq!(doc["items"][0]["captions"][0]["text"], json!("y"));
        assert!(set_at(&mut doc, "/items/0/audience/teams", None));
        prune_empty_parents(&mut doc, "/items/0/audience/teams");
        assert!(doc["items"][0].get("audience").is_none());
        assert!(set_at(&mut doc, "/items/0/captions/0", None));
        assert_eq!(doc["items"][0]["captions"], json!([]));
        // Out of range or through a string: nothing happens.
        assert!(!set_at(&mut doc, "/items/5/id", Some(json!("z"))));
        assert!(!set_at(&mut doc, "/items/0/id/x", Some(json!("z"))));
        assert_eq!(doc["items"][0]["id"], json!("a"));
    }

    #[test]
    fn escaped_segments_address_keys_with_slashes() {
        let mut doc = json!({});
        assert!(set_at(&mut doc, "/a~1b/c~0d", Some(json!(1))));
        assert_eq!(doc, json!({"a/b": {"c~d": 1}}));
    }

    #[test]
    fn control_text_becomes_the_fields_value() {
        assert_eq!(value_of(FieldKind::Optional, "  "), None);
        assert_eq!(value_of(FieldKind::Required, ""), Some(json!("")));
        assert_eq!(
            value_of(FieldKind::List, "#A, ,#B "),
            Some(json!(["#A", "#B"]))
        );
        assert_eq!(value_of(FieldKind::List, " , "), None);
        assert_eq!(value_of(FieldKind::Integer, "70"), Some(json!(70)));
        assert_eq!(value_of(FieldKind::Integer, "viel"), Some(json!("viel")));
        assert_eq!(list_to_text(Some(&json!(["#A", "#B"]))), "#A, #B");
    }

    #[test]
    fn the_draft_text_keeps_the_contracts_order_or_the_draft_as_it_is() {
        let doc = json!({"items": [], "organization": {"name": "B"}, "version": 1, "$schema": "./feed.schema.json"});
        let text = draft_text(&doc);
        assert!(text.starts_with("{\n  \"$schema\": \"./feed.schema.json\",\n  \"version\": 1,"));
        let odd = json!({"version": "eins", "items": []});
        assert!(draft_text(&odd).contains("\"eins\""));
    }
}
