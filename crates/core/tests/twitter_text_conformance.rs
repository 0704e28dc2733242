//! twitter-text conformance for X's counter (`advocate_core::text::x`).
//!
//! The cases are twitter-text's own (`validate.yml`, `extract.yml`), unchanged copies kept in
//! `tests/conformance/twitter-text/` at the repository root (Apache-2.0; `SOURCE.md` there names
//! the upstream repository and commit).
//!
//! Required to pass completely: the v3 weighting cases (`WeightedTweetsWithDiscountedEmojiCounterTest`),
//! the directional-marker cases, and URL extraction (`urls`). The other URL sections are run
//! and reported; they are asserted too as long as they pass completely.

use advocate_core::text::x;
use serde_yaml::Value;

const DATA_DIR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/conformance/twitter-text/"
);

fn load(file: &str) -> Value {
    let path = format!("{DATA_DIR}{file}");
    let yaml = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {path} (twitter-text conformance data): {e}"));
    serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{path} does not parse: {e}"))
}

fn cases<'a>(doc: &'a Value, section: &str) -> &'a [Value] {
    doc["tests"][section]
        .as_sequence()
        .unwrap_or_else(|| panic!("section {section} missing"))
        .as_slice()
}

fn text_of(case: &Value) -> &str {
    case["text"].as_str().unwrap_or_default()
}

fn description(case: &Value) -> &str {
    case["description"].as_str().unwrap_or_default()
}

/// Runs `check` on every case of a section, prints the tally and the failures, and returns
/// (passed, total).
fn run(
    section: &str,
    cases: &[Value],
    check: impl Fn(&Value) -> Result<(), String>,
) -> (usize, usize) {
    let mut passed = 0;
    for case in cases {
        match check(case) {
            Ok(()) => passed += 1,
            Err(why) => eprintln!("  FAIL [{section}] {}: {why}", description(case)),
        }
    }
    eprintln!("{section}: {passed}/{} passed", cases.len());
    (passed, cases.len())
}

fn as_usize(v: &Value) -> Option<usize> {
    v.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// Compares every field of twitter-text's parse result that the case lists.
fn check_weighted(case: &Value) -> Result<(), String> {
    let text = text_of(case);
    let expected = &case["expected"];
    let parsed = x::parse(text);
    let count = x::count(text);
    let mut errors = Vec::new();
    let mut field = |name: &str, actual: usize| {
        if let Some(want) = as_usize(&expected[name]) {
            if want != actual {
                errors.push(format!("{name}: expected {want}, got {actual}"));
            }
        }
    };
    field("weightedLength", parsed.weighted_length);
    field("weightedLength", count.length);
    field("permillage", parsed.permillage);
    field("displayRangeStart", 0);
    field("validRangeStart", 0);
    // twitter-text's range ends are inclusive.
    field(
        "displayRangeEnd",
        parsed.display_utf16_len.saturating_sub(1),
    );
    field("validRangeEnd", parsed.valid_utf16_len.saturating_sub(1));
    match expected["valid"].as_bool() {
        Some(want) if want != parsed.valid || want != count.valid => {
            errors.push(format!("valid: expected {want}, got {}", parsed.valid));
        }
        Some(_) => {}
        None => errors.push("case has no expected.valid".into()),
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

fn extracted(text: &str) -> Vec<&str> {
    x::extract_urls(text)
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

fn check_url_strings(case: &Value) -> Result<(), String> {
    let text = text_of(case);
    let expected: Vec<&str> = case["expected"]
        .as_sequence()
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let actual = extracted(text);
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {actual:?}"))
    }
}

/// twitter-text's indices are in code points (all the cases here are in the BMP, where they
/// equal UTF-16 units).
fn check_urls_with_indices(case: &Value) -> Result<(), String> {
    let text = text_of(case);
    let expected: Vec<(String, usize, usize)> = case["expected"]
        .as_sequence()
        .map(|s| {
            s.iter()
                .map(|e| {
                    let url = e["url"].as_str().unwrap_or_default().to_string();
                    let idx = e["indices"].as_sequence().cloned().unwrap_or_default();
                    let at = |k: usize| idx.get(k).and_then(as_usize).unwrap_or(usize::MAX);
                    (url, at(0), at(1))
                })
                .collect()
        })
        .unwrap_or_default();
    let to_chars = |byte: usize| text[..byte].chars().count();
    let actual: Vec<(String, usize, usize)> = x::extract_urls(text)
        .into_iter()
        .map(|r| {
            (
                text[r.clone()].to_string(),
                to_chars(r.start),
                to_chars(r.end),
            )
        })
        .collect();
    if actual == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, got {actual:?}"))
    }
}

/// `urls_without_protocol` in validate.yml checks twitter-text's `isValidUrl` (without required
/// protocol); there is no such function here, so a case passes when extraction finds exactly
/// one URL spanning the whole text iff the case expects a valid URL.
fn check_whole_text_is_url(case: &Value) -> Result<(), String> {
    let text = text_of(case);
    let want = case["expected"].as_bool().unwrap_or(false);
    let urls = x::extract_urls(text);
    let whole = urls.len() == 1 && urls[0] == (0..text.len());
    if whole == want {
        Ok(())
    } else {
        Err(format!(
            "expected whole-text URL {want}, extracted {:?}",
            extracted(text)
        ))
    }
}

#[test]
fn twitter_text_conformance() {
    let validate = load("validate.yml");
    let extract = load("extract.yml");

    let required = [
        run(
            "validate/WeightedTweetsWithDiscountedEmojiCounterTest",
            cases(&validate, "WeightedTweetsWithDiscountedEmojiCounterTest"),
            check_weighted,
        ),
        run(
            "validate/UnicodeDirectionalMarkerCounterTest",
            cases(&validate, "UnicodeDirectionalMarkerCounterTest"),
            check_weighted,
        ),
        run("extract/urls", cases(&extract, "urls"), check_url_strings),
    ];
    let optional = [
        run(
            "extract/urls_with_indices",
            cases(&extract, "urls_with_indices"),
            check_urls_with_indices,
        ),
        run(
            "extract/urls_with_directional_markers",
            cases(&extract, "urls_with_directional_markers"),
            check_urls_with_indices,
        ),
        run(
            "extract/tco_urls_with_params",
            cases(&extract, "tco_urls_with_params"),
            check_url_strings,
        ),
        run(
            "validate/urls_without_protocol (via extraction)",
            cases(&validate, "urls_without_protocol"),
            check_whole_text_is_url,
        ),
    ];
    for (passed, total) in required {
        assert_eq!(
            passed, total,
            "a required twitter-text section has failures (see stderr)"
        );
    }
    for (passed, total) in optional {
        assert_eq!(
            passed, total,
            "an extra twitter-text section regressed (see stderr)"
        );
    }
}
