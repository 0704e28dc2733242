//! serde_json's errors in plain words for comms people: what is wrong and where, never
//! Rust type names. Used by both ways of reading a feed (the full diagnosis and the
//! extension's lean first-error report).

use serde::Deserialize;

use super::Validator;
use crate::did_you_mean::closest;
use crate::feed::diagnostic::Diagnostic;
use crate::feed::json_scan::{char_column, nesting_depth, offset_of, pointer_at, Target};

/// The field name in serde's "missing field `x`".
pub(super) fn missing_field(raw: &str) -> Option<&str> {
    raw.strip_prefix("missing field `")
        .and_then(|r| r.split('`').next())
}

/// Rewrites serde's wording into plain words for admins.
pub(super) fn friendly_serde_message(raw: &str) -> String {
    let raw = match raw.find(" at line ") {
        Some(i) => &raw[..i],
        None => raw,
    };
    if let Some(field) = missing_field(raw) {
        return format!("missing required field \"{field}\"");
    }
    if let Some(field) = raw
        .strip_prefix("duplicate field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return format!("\"{field}\" appears twice here; keep only one");
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = raw.strip_prefix(prefix) {
            if let Some((found, expected)) = rest.split_once(", expected ") {
                return format!(
                    "must be {}, not {}",
                    expected_words(expected),
                    found_words(found)
                );
            }
        }
    }
    raw.to_string()
}

fn expected_words(expected: &str) -> &'static str {
    match expected {
        "a string" => "text in quotes",
        "a sequence" => "a list [ … ]",
        "u64" | "u32" | "u8" => "a whole number (0 or more)",
        "i64" => "a whole number",
        "a boolean" => "true or false",
        e if e.starts_with("a map") || e.starts_with("struct ") => "an object { … }",
        _ => "a different kind of value",
    }
}

fn found_words(found: &str) -> String {
    let value = found
        .split_once(' ')
        .map(|(_, v)| v.trim_matches('`').to_string());
    match found.split(' ').next().unwrap_or("") {
        "integer" | "floating" => format!(
            "the number {}",
            value
                .map(|v| v
                    .trim_start_matches("point `")
                    .trim_matches('`')
                    .to_string())
                .unwrap_or_default()
        ),
        "string" => format!("the text {}", value.unwrap_or_default()),
        "boolean" => value.unwrap_or_default(),
        "map" => "an object".into(),
        "sequence" => "a list".into(),
        "null" | "unit" => "null".into(),
        _ => found.into(),
    }
}

/// serde_json's syntax errors in words for people who do not write JSON every day.
fn syntax_words(what: &str) -> String {
    let plain = match what {
        "trailing comma" => "there is a comma before a closing bracket; remove it",
        "expected `,` or `}`" => "a comma or a closing } is missing before this point",
        "expected `,` or `]`" => "a comma or a closing ] is missing before this point",
        "expected `:`" => "a colon : is missing after the field name",
        "key must be a string" => "field names must be written in double quotes",
        "expected value" | "expected ident" => {
            "a value is missing here, or it is not valid (text needs double quotes; true, false and null are lowercase)"
        }
        "invalid escape" => "a backslash \\ in text starts an escape; write \\\\ for a backslash",
        "trailing characters" => "there is more text after the end of the feed",
        "invalid number" | "number out of range" => "this number is not valid",
        w if w.starts_with("control character") => {
            "a line break or tab inside text must be written as \\n or \\t"
        }
        w if w.contains("unicode") || w.contains("surrogate") => {
            "a \\u escape in text is not a valid character"
        }
        other => return format!("this is not valid JSON: {other}"),
    };
    format!("this is not valid JSON: {plain}")
}

/// serde's "unknown field `titel`, expected one of `id`, `url`, …" as the slow path words it:
/// `unknown field "titel" (did you mean "title"?)`.
fn unknown_field_words(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| !s.is_empty())
        .collect();
    let hint = match closest(field, expected.iter().copied()) {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => format!("; allowed here: {}", expected.join(", ")),
    };
    Some(format!("unknown field \"{field}\"{hint}"))
}

impl Validator<'_> {
    /// The lean report of a feed serde refused: its first problem, in words, with the place
    /// (pointer, line and column). The extension uses this, and [`super::read_raw`] to say why
    /// a draft cannot be opened; `advocate validate` lists every problem (feature `diagnostics`).
    pub(super) fn first_error(&mut self, body: &[u8], e: &serde_json::Error) {
        use serde_json::error::Category;
        if !matches!(e.classify(), Category::Data) {
            self.syntax_error(body, e);
            return;
        }
        // Typed reading stops at the first value of the wrong type, which may come before a
        // syntax problem further on (or a nesting too deep to read): like the full diagnosis,
        // report the JSON itself first.
        if let Err(syntax) = serde_json::from_slice::<serde::de::IgnoredAny>(body) {
            self.syntax_error(body, &syntax);
            return;
        }
        // serde_json skips values without a depth limit; reading them would stop at 128.
        if nesting_depth(body) > 128 {
            self.error("", "the JSON is nested too deeply");
            return;
        }
        let first = body.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let kind = match first {
            Some(b'{') | None => None,
            Some(b'[') => Some("a list"),
            Some(b'"') => Some("text"),
            Some(b't' | b'f') => Some("true/false"),
            Some(b'n') => Some("null"),
            Some(_) => Some("a number"),
        };
        if let Some(kind) = kind {
            self.error(
                "",
                format!("the feed must be a JSON object {{ … }}, not {kind}"),
            );
            return;
        }
        // A newer format version explains everything else that does not fit.
        #[derive(Deserialize)]
        struct Probe {
            #[serde(default)]
            version: Option<u64>,
        }
        if let Ok(Probe { version: Some(v) }) = serde_json::from_slice::<Probe>(body) {
            if self.version(v) {
                return;
            }
        }
        let raw = e.to_string();
        let raw = raw.split(" at line ").next().unwrap_or(&raw);
        let msg = unknown_field_words(raw).unwrap_or_else(|| friendly_serde_message(raw));
        let offset = offset_of(body, e.line(), e.column());
        let mut d = Diagnostic::error(pointer_at(body, offset), msg);
        if e.line() > 0 {
            d.line = Some(e.line());
            d.column = Some(char_column(body, e.line(), e.column()));
        }
        self.push(d, Target::Value, None);
    }

    /// The file is not UTF-8: the first bad byte is at `offset`. serde_json calls this
    /// "invalid unicode code point"; the usual cause is a file saved as Windows-1252 ("ANSI")
    /// by an older editor.
    pub(super) fn not_utf8(&mut self, body: &[u8], offset: usize) {
        self.error_at(
            "",
            "the file is not saved as UTF-8 text; save it again with the encoding UTF-8",
            body,
            offset,
        );
    }

    pub(super) fn syntax_error(&mut self, body: &[u8], e: &serde_json::Error) {
        if let Err(bad) = std::str::from_utf8(body) {
            self.not_utf8(body, bad.valid_up_to());
            return;
        }
        let text = e.to_string();
        let what = match text.find(" at line ") {
            Some(i) => &text[..i],
            None => &text,
        };
        if e.is_eof() {
            // serde points past the last line; the place to look is where the text stops.
            let end = body
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .map_or(0, |i| i + 1);
            self.error_at(
                "",
                "the file ends too early: the JSON is cut off or a bracket is not closed",
                body,
                end,
            );
            return;
        }
        let msg = if what.contains("recursion limit") {
            "the JSON is nested too deeply".to_string()
        } else {
            syntax_words(what)
        };
        let mut d = Diagnostic::error("", msg);
        if e.line() > 0 {
            d.line = Some(e.line());
            d.column = Some(char_column(body, e.line(), e.column()));
        }
        self.push(d, Target::Value, None);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ValidateOptions, Validator};

    fn first(src: &str) -> Vec<(String, Option<usize>, String)> {
        let opts = ValidateOptions::default();
        let mut v = Validator::new(&opts);
        let Err(e) = serde_json::from_slice::<crate::feed::raw::RawFeed>(src.as_bytes()) else {
            panic!("{src} parsed")
        };
        v.first_error(src.as_bytes(), &e);
        v.findings
            .iter()
            .map(|f| (f.diag.pointer.clone(), f.diag.line, f.diag.message.clone()))
            .collect()
    }

    #[test]
    fn the_lean_report_names_the_first_problem_and_its_place() {
        let typo = "{\"version\": 1,\n \"organization\": {\"name\": \"B\"},\n \"items\": [{\"id\": \"a\", \"titel\": {}}]}";
        assert_eq!(
            first(typo),
            vec![(
                "/items/0/titel".to_string(),
                Some(3),
                "unknown field \"titel\" (did you mean \"title\"?)".to_string()
            )]
        );
        let newer = "{\"version\": 9, \"organization\": {}, \"items\": [], \"future\": true}";
        assert!(first(newer)[0].2.contains("needs a newer Advocate"));
        let syntax = "{\"version\": 1,, }";
        assert!(
            first(syntax)[0].2.starts_with("this is not valid JSON"),
            "{:?}",
            first(syntax)
        );
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(first(&deep)[0].2, "the JSON is nested too deeply");
        assert_eq!(
            first("[1]")[0].2,
            "the feed must be a JSON object { … }, not a list"
        );
        let wrong = "{\"version\": \"1\", \"organization\": {\"name\": \"B\"}, \"items\": []}";
        assert_eq!(first(wrong)[0].0, "/version");
        assert!(
            first(wrong)[0].2.starts_with("must be a whole number"),
            "{:?}",
            first(wrong)
        );
    }
}
