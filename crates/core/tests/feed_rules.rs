//! The feed rules, one file each: every feed in `tests/feeds/valid/` must be accepted and every
//! feed in `tests/feeds/invalid/` refused by validation and the fit pass (`advocate validate`), each with exactly the diagnostics in its
//! `<name>.expected.json` (`[{severity, pointer, line, column, message}]`; a valid feed without
//! that file must produce none).
//!
//! After an intended change of wording, regenerate the expectations and review the diff:
//! `ADVOCATE_BLESS=1 cargo test -p advocate-core --test feed_rules`.

// Not part of the wasm module: the standard library's sort is fine here (clippy.toml).
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

use advocate_core::feed::limits::{MAX_FEED_BYTES, MAX_ITEMS};
use advocate_core::feed::{Diagnostic, ValidateOptions};
use advocate_core::fit::check_feed;
use chrono::{DateTime, Utc};
use serde_json::Value;

/// Every rule of the feed contract, with the feed that breaks it and one that keeps it.
const RULES: &[(&str, &str, &str)] = &[
    ("JSON syntax, with position", "invalid-json", "minimal"),
    ("the file is complete", "truncated-json", "minimal"),
    ("the feed is an object", "not-an-object", "minimal"),
    ("the file is UTF-8", "not-utf8", "languages"),
    ("a byte order mark is fine", "not-utf8", "bom"),
    ("required fields are present", "missing-field", "minimal"),
    (
        "required top-level fields",
        "missing-top-level-field",
        "minimal",
    ),
    ("values have the right type", "wrong-type", "full"),
    ("items is a list", "items-not-a-list", "minimal"),
    ("unknown fields: did you mean …?", "typo-field", "full"),
    ("nested unknown fields", "typo-field-nested", "full"),
    (
        "unknown fields without a close match",
        "unknown-field",
        "full",
    ),
    ("no key twice in one object", "duplicate-key", "full"),
    (
        "a newer version needs a newer Advocate",
        "future-version",
        "minimal",
    ),
    ("version is at least 1", "version-zero", "minimal"),
    ("ids are unique", "duplicate-id", "full"),
    ("ids are URL-safe", "id-not-url-safe", "full"),
    ("url is absolute https", "url-not-https", "full"),
    ("url is a plain link", "url-not-a-link", "full"),
    ("image is absolute https", "image-not-https", "full"),
    (
        "language keys and tags are BCP 47",
        "lang-not-bcp47",
        "languages",
    ),
    (
        "a language appears once per text",
        "lang-twice",
        "languages",
    ),
    ("networks are known", "unknown-network", "networks"),
    ("networks is not empty", "networks-empty", "networks"),
    (
        "a usable caption on every network",
        "no-caption-for-network",
        "networks",
    ),
    ("dates are RFC 3339", "bad-date", "dates"),
    ("dates have an offset", "date-without-offset", "dates"),
    (
        "expires_at is after publish_at",
        "expires-before-publish",
        "dates",
    ),
    ("at least one caption", "empty-captions", "minimal"),
    ("captions are not blank", "empty-caption-text", "minimal"),
    (
        "only known placeholders",
        "unknown-placeholder",
        "placeholders-and-escapes",
    ),
    (
        "braces are balanced or escaped",
        "unbalanced-braces",
        "placeholders-and-escapes",
    ),
    ("caption count limit", "too-many-captions", "limits"),
    ("caption length limit", "caption-too-long", "limits"),
    (
        "captions can fit their network",
        "caption-never-fits",
        "limits",
    ),
    (
        "title, text and name length limits",
        "text-too-long",
        "limits",
    ),
    ("hashtag count limit", "too-many-hashtags", "limits"),
    ("hashtags are #word", "bad-hashtag", "full"),
    ("priority is 0 to 100", "priority-out-of-range", "full"),
    ("status is active or retracted", "unknown-status", "full"),
    ("texts are not empty", "empty-text", "full"),
    (
        "no invisible or control characters",
        "invisible-characters",
        "full",
    ),
    ("UTM values are short text", "utm-invalid", "full"),
];

/// Warnings: the feed works, but probably not as meant. Each file is valid with its warning.
const WARNINGS: &[(&str, &str)] = &[
    ("an item without an English caption", "warn-no-english"),
    (
        "a caption repeated word for word in one language",
        "warn-duplicate-caption",
    ),
    ("a network listed twice", "warn-network-twice"),
    (
        "a caption for a network the item is not shared on",
        "warn-caption-network-not-shared",
    ),
    (
        "a retracted item without a note",
        "warn-retracted-without-note",
    ),
    ("a hashtag listed twice", "warn-duplicate-hashtag"),
    ("a feed without items", "warn-no-items"),
    ("an item that has expired", "warn-expired"),
    (
        "{title} in a language without a title",
        "warn-title-language",
    ),
];

fn feeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/feeds")
}

/// Validation "now" for the corpus, so that expiry does not change with the calendar.
fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_default()
}

fn opts() -> ValidateOptions {
    ValidateOptions { now: Some(now()) }
}

fn feeds_in(sub: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(feeds_dir().join(sub))
        .unwrap_or_else(|e| panic!("tests/feeds/{sub}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(".expected.json")
        })
        .collect();
    out.sort();
    out
}

fn expected_path(feed: &Path) -> PathBuf {
    let stem = feed.file_stem().unwrap_or_default().to_string_lossy();
    feed.with_file_name(format!("{stem}.expected.json"))
}

fn as_json(diags: &[Diagnostic]) -> Value {
    serde_json::to_value(diags).unwrap_or(Value::Null)
}

/// Compares (or, with `ADVOCATE_BLESS=1`, writes) the expectations of one feed; returns a
/// description of the mismatch.
fn check_expected(feed: &Path, got: &[Diagnostic], must_exist: bool) -> Option<String> {
    let path = expected_path(feed);
    if std::env::var_os("ADVOCATE_BLESS").is_some() {
        if got.is_empty() && !must_exist {
            let _ = std::fs::remove_file(&path);
        } else {
            // Written from the structs, so the keys keep their order: severity, pointer, …
            let text = serde_json::to_string_pretty(got).unwrap_or_default() + "\n";
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        return None;
    }
    let got = as_json(got);
    let want = match std::fs::read_to_string(&path) {
        Ok(text) => {
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        Err(_) if !must_exist => Value::Array(Vec::new()),
        Err(_) => return Some(format!("{} is missing", path.display())),
    };
    (want != got).then(|| {
        format!(
            "{}:\n  expected {}\n  got      {}",
            feed.display(),
            serde_json::to_string_pretty(&want).unwrap_or_default(),
            serde_json::to_string_pretty(&got).unwrap_or_default()
        )
    })
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn valid_feeds_pass_with_exactly_their_warnings() {
    let mut failures = Vec::new();
    for feed in feeds_in("valid") {
        match check_feed(&read(&feed), &opts()) {
            Ok(checked) => failures.extend(check_expected(&feed, &checked.warnings, false)),
            Err(rejected) => failures.push(format!(
                "{} was refused: {}",
                feed.display(),
                rejected.first_error()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn invalid_feeds_fail_with_exactly_their_diagnostics() {
    let mut failures = Vec::new();
    for feed in feeds_in("invalid") {
        match check_feed(&read(&feed), &opts()) {
            Ok(_) => failures.push(format!("{} was accepted", feed.display())),
            Err(rejected) => {
                failures.extend(check_expected(&feed, &rejected.diagnostics, true));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_has_a_failing_and_a_passing_feed() {
    let dir = feeds_dir();
    for (rule, bad, good) in RULES {
        let bad = dir.join("invalid").join(format!("{bad}.json"));
        let good = dir.join("valid").join(format!("{good}.json"));
        assert!(bad.is_file(), "{rule}: {} is missing", bad.display());
        assert!(good.is_file(), "{rule}: {} is missing", good.display());
    }
    for (rule, file) in WARNINGS {
        let path = dir.join("valid").join(format!("{file}.json"));
        let checked = check_feed(&read(&path), &opts())
            .unwrap_or_else(|r| panic!("{rule}: {}", r.first_error()));
        assert!(!checked.warnings.is_empty(), "{rule}: no warning");
    }
    // Every corpus file is claimed by a rule, so none is left unexplained.
    for feed in feeds_in("invalid") {
        let stem = feed.file_stem().unwrap_or_default().to_string_lossy();
        assert!(
            RULES.iter().any(|(_, bad, _)| *bad == stem),
            "{stem} belongs to no rule"
        );
    }
}

#[test]
fn every_diagnostic_of_a_file_has_a_position() {
    // Source text is known for the whole corpus, so every finding has line and column.
    for feed in feeds_in("invalid").into_iter().chain(feeds_in("valid")) {
        let diags = match check_feed(&read(&feed), &opts()) {
            Ok(c) => c.warnings,
            Err(r) => r.diagnostics,
        };
        for d in diags {
            assert!(
                d.line.is_some() && d.column.is_some(),
                "{}: {d} has no position",
                feed.display()
            );
        }
    }
}

// The two limits that would need multi-megabyte files are built here instead.

#[test]
fn feed_size_limit_is_named() {
    let big = vec![b' '; MAX_FEED_BYTES + 1];
    let r = check_feed(&big, &opts())
        .err()
        .map(|r| r.first_error().message.clone());
    assert_eq!(
        r.as_deref(),
        Some("the feed is 8388609 bytes; the limit is 8388608 bytes (8 MiB)")
    );
}

#[test]
fn item_count_limit_is_named() {
    let item = |i: usize| {
        format!(
            r#"{{"id":"i{i}","url":"https://b.de/","title":{{"en":"A"}},"captions":[{{"lang":"en","text":"x"}}]}}"#
        )
    };
    let pass: Vec<String> = (0..MAX_ITEMS).map(item).collect();
    let fail: Vec<String> = (0..=MAX_ITEMS).map(item).collect();
    let feed = |items: &[String]| {
        format!(
            r#"{{"version":1,"organization":{{"name":"B"}},"items":[{}]}}"#,
            items.join(",")
        )
    };
    assert!(check_feed(feed(&pass).as_bytes(), &opts()).is_ok());
    let r = check_feed(feed(&fail).as_bytes(), &opts())
        .err()
        .map(|r| r.first_error().to_string());
    assert_eq!(
        r.as_deref(),
        Some("/items (line 1, column 50): the feed has 10001 items; the limit is 10000 items")
    );
}
