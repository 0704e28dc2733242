//! The slow path of validation: the structure of a feed that serde refused.
//!
//! The document is read again as a `serde_json::Value` to report *all* structural problems
//! (syntax with plain words, keys written twice, unknown fields with "did you mean …?", wrong
//! types, missing fields) instead of serde's first one, each where it is. Whatever parts still
//! deserialise are then checked like a valid feed.
//!
//! One mistake should give one message: a typo'd field is reported as unknown (with the
//! suggestion), not also as the required field it was meant to be.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::messages::{friendly_serde_message, missing_field};
use super::Validator;
use crate::did_you_mean::closest;
use crate::feed::diagnostic::{pointer, tokens, Diagnostic};
use crate::feed::json_scan::{char_column, duplicate_keys, Target};
use crate::feed::model::SUPPORTED_VERSION;
use crate::feed::raw::{
    fields_of, RawAudience, RawCaption, RawFeed, RawItem, RawLinks, RawOrganization, RawUtm,
};

/// How often one item is read again after a field with the wrong type is set aside, so that
/// every wrong field is reported, not only the first (bounded: feeds are untrusted).
const MAX_RETRIES: usize = 32;

pub(super) struct PartialFeed {
    pub feed: RawFeed,
    /// Items that deserialised, with their index in the file.
    pub items: Vec<(usize, RawItem)>,
    /// Items in the file, including those that did not deserialise (for the item limit and
    /// the "no items" warning, which must not fire because every item has a typo); `None`
    /// when `items` is missing or not a list.
    pub total_items: Option<usize>,
    /// Whether `organization` deserialised (otherwise its checks would only repeat the error).
    pub has_organization: bool,
}

pub(super) fn slow_path(body: &[u8], v: &mut Validator) -> Option<PartialFeed> {
    let mut value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => {
            v.syntax_error(body, &e);
            return None;
        }
    };
    for d in duplicate_keys(body) {
        let key = tokens(&d.pointer).pop().unwrap_or_default();
        v.error_at(
            &d.pointer,
            format!("\"{key}\" appears twice here; keep only one"),
            body,
            d.offset,
        );
    }
    let Value::Object(map) = &mut value else {
        v.error(
            "",
            format!(
                "the feed must be a JSON object {{ … }}, not {}",
                kind_of(&value)
            ),
        );
        return None;
    };
    if let Some(Value::Number(n)) = map.get("version") {
        if let Some(n) = n.as_u64() {
            if v.version(n) {
                return None;
            }
        }
    }
    unknown_fields(map, fields_of::<RawFeed>(), "", v);
    let mut partial = PartialFeed {
        feed: RawFeed::default(),
        items: Vec::new(),
        total_items: None,
        has_organization: false,
    };
    partial.feed.version = part(map, "version", v).unwrap_or(SUPPORTED_VERSION);
    if let Some(org) = part(map, "organization", v) {
        partial.feed.organization = org;
        partial.has_organization = true;
    }
    partial.feed.links = map.get("links").and_then(|_| part(map, "links", v));
    match map.get_mut("items") {
        None => v.missing("", "items"),
        Some(Value::Array(items)) => {
            partial.total_items = Some(items.len());
            for (i, item) in items.iter_mut().enumerate() {
                let at = format!("/items/{i}");
                if let Value::Object(obj) = item {
                    item_unknown_fields(obj, &at, v);
                }
                if let Some(item) = deserialize_lenient::<RawItem>(item, &at, v) {
                    partial.items.push((i, item));
                }
            }
        }
        Some(other) => v.error(
            "/items",
            format!("must be a list [ … ] of items, not {}", kind_of(other)),
        ),
    }
    Some(partial)
}

fn item_unknown_fields(obj: &mut Map<String, Value>, at: &str, v: &mut Validator) {
    unknown_fields(obj, fields_of::<RawItem>(), at, v);
    if let Some(Value::Object(a)) = obj.get_mut("audience") {
        unknown_fields(a, fields_of::<RawAudience>(), &format!("{at}/audience"), v);
    }
    if let Some(Value::Object(u)) = obj.get_mut("utm") {
        unknown_fields(u, fields_of::<RawUtm>(), &format!("{at}/utm"), v);
    }
    if let Some(Value::Array(captions)) = obj.get_mut("captions") {
        for (j, c) in captions.iter_mut().enumerate() {
            if let Value::Object(c) = c {
                unknown_fields(
                    c,
                    fields_of::<RawCaption>(),
                    &format!("{at}/captions/{j}"),
                    v,
                );
            }
        }
    }
}

/// Reports and removes unknown keys of `obj`, recursing into the nested objects that have a
/// fixed set of fields. A suggested name is remembered, so that its absence is not reported
/// as a second error.
fn unknown_fields(obj: &mut Map<String, Value>, known: &[&str], at: &str, v: &mut Validator) {
    let unknown: Vec<String> = obj
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect();
    for key in unknown {
        obj.remove(&key);
        let hint = match closest(&key, known.iter().copied()) {
            Some(s) => {
                v.suggested.insert(format!("{at}{}", pointer([s])));
                format!(" (did you mean \"{s}\"?)")
            }
            None => format!("; allowed here: {}", known.join(", ")),
        };
        v.push(
            Diagnostic::error(
                format!("{at}{}", pointer([&key])),
                format!("unknown field \"{key}\"{hint}"),
            ),
            Target::Key,
            None,
        );
    }
    if at.is_empty() {
        if let Some(Value::Object(o)) = obj.get_mut("organization") {
            unknown_fields(o, fields_of::<RawOrganization>(), "/organization", v);
        }
        if let Some(Value::Object(l)) = obj.get_mut("links") {
            unknown_fields(l, fields_of::<RawLinks>(), "/links", v);
            if let Some(Value::Object(u)) = l.get_mut("utm") {
                unknown_fields(u, fields_of::<RawUtm>(), "/links/utm", v);
            }
        }
    }
}

/// Deserialises a required top-level member, reporting problems.
fn part<T: DeserializeOwned>(map: &Map<String, Value>, key: &str, v: &mut Validator) -> Option<T> {
    match map.get(key) {
        None => {
            v.missing("", key);
            None
        }
        Some(value) => deserialize_at(value, &pointer([key]), v).ok(),
    }
}

/// Why a deserialisation failed: where (pointer) and, for a wrong value, the field of the
/// object at hand that holds it.
struct Failure {
    field: Option<String>,
    missing: Option<String>,
}

fn deserialize_at<T: DeserializeOwned>(
    value: &Value,
    at: &str,
    v: &mut Validator,
) -> Result<T, Failure> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(t) => Ok(t),
        Err(e) => {
            let mut ptr = at.to_string();
            let mut field = None;
            for seg in e.path().iter() {
                match seg {
                    serde_path_to_error::Segment::Seq { index } => {
                        ptr.push_str(&format!("/{index}"))
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        field.get_or_insert_with(|| key.clone());
                        ptr.push_str(&pointer([key]));
                    }
                    _ => {}
                }
            }
            let raw = e.inner().to_string();
            let missing = missing_field(&raw).map(str::to_string);
            match &missing {
                Some(name) => v.missing(&ptr, name),
                // Unknown fields were already reported (and removed) by `unknown_fields`.
                None if raw.starts_with("unknown field") => {}
                None => v.error(ptr, friendly_serde_message(&raw)),
            }
            Err(Failure { field, missing })
        }
    }
}

/// Deserialises an item, reporting every field with a wrong value: after each failure the
/// offending field is set aside and the item read again. An item with any such error is not
/// checked further (its remaining checks would only see defaults in place of what was meant).
fn deserialize_lenient<T: DeserializeOwned>(
    value: &mut Value,
    at: &str,
    v: &mut Validator,
) -> Option<T> {
    let mut set_aside: Vec<String> = Vec::new();
    for _ in 0..MAX_RETRIES {
        let before = v.findings.len();
        match deserialize_at::<T>(value, at, v) {
            Ok(t) => return set_aside.is_empty().then_some(t),
            Err(Failure {
                missing: Some(name),
                ..
            }) => {
                if set_aside.contains(&name) {
                    // Missing only because it was set aside, whose wrong value is reported
                    // already: take this second report back.
                    v.findings.truncate(before);
                }
                return None;
            }
            Err(Failure {
                field: Some(field), ..
            }) => {
                let Value::Object(obj) = value else {
                    return None;
                };
                obj.remove(&field);
                set_aside.push(field);
            }
            Err(_) => return None,
        }
    }
    None
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Validator<'_> {
    /// Reports a missing required field, unless it is the suggestion for an unknown field
    /// (then the typo was the mistake, and it is reported already).
    fn missing(&mut self, at: &str, field: &str) {
        if !self
            .suggested
            .contains(&format!("{at}{}", pointer([field])))
        {
            self.error(at, format!("missing required field \"{field}\""));
        }
    }

    /// Reports why the strict reading of `body` failed, with the path serde names.
    pub(super) fn fast_path_error(&mut self, body: &[u8]) {
        let mut de = serde_json::Deserializer::from_slice(body);
        let Err(e) = serde_path_to_error::deserialize::<_, RawFeed>(&mut de) else {
            return;
        };
        let mut ptr = String::new();
        for seg in e.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => ptr.push_str(&format!("/{index}")),
                serde_path_to_error::Segment::Map { key } => ptr.push_str(&pointer([key])),
                _ => {}
            }
        }
        let inner = e.into_inner();
        let mut d = Diagnostic::error(ptr, friendly_serde_message(&inner.to_string()));
        if inner.line() > 0 {
            d.line = Some(inner.line());
            d.column = Some(char_column(body, inner.line(), inner.column()));
        }
        self.push(d, Target::Value, None);
    }
}
