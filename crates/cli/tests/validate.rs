//! `advocate validate`: exit codes and the exact text admins read for broken feeds (the feeds
//! are the rule corpus in `tests/feeds/invalid/`).

mod common;

use common::{feeds, run, run_in};

/// Validates `invalid/<name>.json` as of a fixed time and checks the exact output.
fn broken(name: &str, expected: &str) {
    let file = format!("{name}.json");
    let r = run_in(
        &feeds().join("invalid"),
        &["validate", "--at", "2026-06-01T00:00:00Z", &file],
        b"",
    );
    assert_eq!(r.stdout, expected, "{name}");
    assert_eq!(r.stderr, "", "{name}");
    assert_eq!(r.code, 1, "{name}");
}

#[test]
fn missing_field() {
    // missing field
    broken(
        "missing-field",
        r##"missing-field.json:5:5: error: /items/0: missing required field "title"
 5 |     {
   |     ^
missing-field.json: 1 error
"##,
    );
}

#[test]
fn wrong_type() {
    // wrong type
    broken(
        "wrong-type",
        r##"wrong-type.json:9:19: error: /items/0/priority: must be a whole number, not the text "high"
 9 |       "priority": "high",
   |                   ^
wrong-type.json:10:17: error: /items/0/pinned: must be true or false, not the text "yes"
 10 |       "pinned": "yes",
    |                 ^
wrong-type.json: 2 errors
"##,
    );
}

#[test]
fn typo_field() {
    // typo'd field
    broken(
        "typo-field",
        r##"typo-field.json:8:7: error: /items/0/titel: unknown field "titel" (did you mean "title"?)
 8 |       "titel": { "de": "Unser Q4-Bericht", "en": "Our Q4 report" },
   |       ^
typo-field.json: 1 error
"##,
    );
}

#[test]
fn url_not_https() {
    // bad URL scheme
    broken(
        "url-not-https",
        r##"url-not-https.json:7:14: error: /items/0/url: the link must start with https:// (found "http:")
 7 |       "url": "http://www.beispiel.de/news/q4",
   |              ^
url-not-https.json: 1 error
"##,
    );
}

#[test]
fn bad_date() {
    // bad date
    broken(
        "bad-date",
        r##"bad-date.json:9:21: error: /items/0/publish_at: "2026-11-20 08:00" is not a date and time with offset, e.g. "2026-11-20T08:00:00+01:00"
 9 |       "publish_at": "2026-11-20 08:00",
   |                     ^
bad-date.json:10:21: error: /items/0/expires_at: "31.12.2026" is not a date and time with offset, e.g. "2026-11-20T08:00:00+01:00"
 10 |       "expires_at": "31.12.2026",
    |                     ^
bad-date.json: 2 errors
"##,
    );
}

#[test]
fn duplicate_id() {
    // duplicate id
    broken(
        "duplicate-id",
        r##"duplicate-id.json:15:13: error: /items/1/id: duplicate id "q4-report-2026" (already used by /items/0)
 15 |       "id": "q4-report-2026",
    |             ^
duplicate-id.json: 1 error
"##,
    );
}

#[test]
fn unknown_placeholder() {
    // unknown placeholder
    broken(
        "unknown-placeholder",
        r##"unknown-placeholder.json:10:42: error: /items/0/captions/0/text: unknown placeholder {frist_name} (did you mean {first_name}?)
 10 |         { "lang": "de", "text": "Ich bin {frist_name} und stolz auf unser Quartal: {url}" },
    |                                          ^
unknown-placeholder.json:11:56: error: /items/0/captions/1/text: unknown placeholder {link} (known: {url}, {title}, {company}, {hashtags}, {first_name}, {role}, {team})
 11 |         { "lang": "en", "text": "Proud of our quarter: {link}" }
    |                                                        ^
unknown-placeholder.json: 2 errors
"##,
    );
}

#[test]
fn empty_captions() {
    // empty captions
    broken(
        "empty-captions",
        r##"empty-captions.json:9:19: error: /items/0/captions: needs at least one caption
 9 |       "captions": []
   |                   ^
empty-captions.json: 1 error
"##,
    );
}

#[test]
fn future_version() {
    // future version
    broken(
        "future-version",
        r##"future-version.json:2:14: error: /version: this feed needs a newer Advocate: it is format version 2, this Advocate reads version 1
 2 |   "version": 2,
   |              ^
future-version.json: 1 error
"##,
    );
}

#[test]
fn invalid_json() {
    // invalid JSON, with position
    broken(
        "invalid-json",
        r##"invalid-json.json:9:76: error: this is not valid JSON: there is a comma before a closing bracket; remove it
 9 |       "captions": [{ "lang": "en", "text": "Proud of our quarter: {url}" },]
   |                                                                            ^
invalid-json.json: 1 error
"##,
    );
}

#[test]
fn not_utf8() {
    // a file that is not UTF-8
    broken(
        "not-utf8",
        r##"not-utf8.json:3:31: error: the file is not saved as UTF-8 text; save it again with the encoding UTF-8
 3 |   "organization": { "name": "M�ller GmbH" },
   |                               ^
not-utf8.json: 1 error
"##,
    );
}

#[test]
fn duplicate_key() {
    // a key written twice
    broken(
        "duplicate-key",
        r##"duplicate-key.json:8:67: error: /items/0/title/de: "de" appears twice here; keep only one
 8 |       "title": { "de": "Unser Q4-Bericht", "en": "Our Q4 report", "de": "Q4-Bericht" },
   |                                                                   ^
duplicate-key.json:10:7: error: /items/0/url: "url" appears twice here; keep only one
 10 |       "url": "https://www.beispiel.de/news/q4-2026"
    |       ^
duplicate-key.json: 2 errors
"##,
    );
}

#[test]
fn truncated_json() {
    // a file cut off
    broken(
        "truncated-json",
        r##"truncated-json.json:7:48: error: the file ends too early: the JSON is cut off or a bracket is not closed
 7 |       "url": "https://www.beispiel.de/news/q4",
   |                                                ^
truncated-json.json: 1 error
"##,
    );
}

#[test]
fn valid_feeds_exit_0_even_with_warnings_and_a_bom() {
    let r = run_in(
        &feeds().join("valid"),
        &[
            "validate",
            "--at",
            "2026-06-01T00:00:00Z",
            "minimal.json",
            "warn-no-english.json",
            "bom.json",
        ],
        b"",
    );
    assert_eq!(
        r.stdout,
        r##"minimal.json: valid, 1 item
warn-no-english.json:9:19: warning: /items/0/captions: has no English caption; employees who read neither of its languages get the first caption
 9 |       "captions": [
   |                   ^
warn-no-english.json: valid, 1 item, 1 warning
bom.json:1:1: warning: the file starts with a byte order mark (BOM); Advocate ignores it, but some tools do not, so save it as UTF-8 without BOM
 1 | {
   | ^
bom.json: valid, 1 item, 1 warning
"##
    );
    assert_eq!(r.code, 0);
}

#[test]
fn json_format_lists_every_finding_with_its_file() {
    let r = run(&[
        "validate",
        "--format",
        "json",
        "--at",
        "2026-06-01T00:00:00Z",
        "valid/warn-expired.json",
        "invalid/url-not-https.json",
    ]);
    assert_eq!(r.code, 1);
    let got: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON output");
    let want = serde_json::json!([
        {
            "file": "valid/warn-expired.json",
            "severity": "warning",
            "pointer": "/items/0/expires_at",
            "line": 10,
            "column": 21,
            "message": "this item expired on 2026-01-31 23:59 +01:00; employees no longer see it"
        },
        {
            "file": "invalid/url-not-https.json",
            "severity": "error",
            "pointer": "/items/0/url",
            "line": 7,
            "column": 14,
            "message": "the link must start with https:// (found \"http:\")"
        }
    ]);
    assert_eq!(got, want);
}

#[test]
fn unreadable_files_exit_2_and_the_others_are_still_checked() {
    let r = run(&["validate", "no-such-feed.json", "valid/minimal.json"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "advocate: cannot read \"no-such-feed.json\": no such file\n"
    );
    assert_eq!(r.stdout, "valid/minimal.json: valid, 1 item\n");
    let r = run(&["validate", "valid"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "advocate: cannot read \"valid\": it is a folder, not a file\n"
    );
}

#[test]
fn standard_input_can_be_validated() {
    let feed = std::fs::read(feeds().join("valid/minimal.json")).expect("corpus");
    let r = run_in(&feeds(), &["validate", "-"], &feed);
    assert_eq!(
        (r.code, r.stdout.as_str()),
        (0, "standard input: valid, 1 item\n")
    );
}

#[test]
fn bad_usage_exits_2_without_a_panic() {
    for args in [
        vec!["validate"],
        vec!["validate", "--format", "xml", "valid/minimal.json"],
        vec!["validate", "--at", "yesterday", "valid/minimal.json"],
        vec!["frobnicate"],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.starts_with("error: "), "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("panicked"), "{args:?}");
    }
    let r = run(&["validate", "--at", "yesterday", "valid/minimal.json"]);
    assert!(r
        .stderr
        .contains("not a date and time with offset, e.g. 2026-11-20T08:00:00+01:00"));
}

#[test]
fn the_whole_corpus_keeps_its_verdicts() {
    // Every valid feed exits 0 and every invalid one 1, through the binary too.
    let dir = feeds();
    for (sub, code) in [("valid", 0), ("invalid", 1)] {
        for entry in std::fs::read_dir(feeds().join(sub)).expect("corpus") {
            let path = entry.expect("entry").path();
            let name = path.to_string_lossy().into_owned();
            if name.ends_with(".expected.json") || !name.ends_with(".json") {
                continue;
            }
            let r = run_in(
                &dir,
                &["validate", "--at", "2026-06-01T00:00:00Z", &name],
                b"",
            );
            assert_eq!(r.code, code, "{name}: {}", r.stdout);
        }
    }
}

#[test]
fn the_feed_studios_check_reports_what_advocate_validate_prints() {
    // The studio and the CLI share one check (advocate_core::studio::check); through the
    // binary, every corpus feed's findings are the studio's, field for field.
    let at = "2026-06-01T00:00:00Z";
    let now_ms = chrono::DateTime::parse_from_rfc3339(at)
        .expect("a time")
        .timestamp_millis();
    for sub in ["valid", "invalid", "hostile"] {
        for entry in std::fs::read_dir(feeds().join(sub)).expect("corpus") {
            let path = entry.expect("entry").path();
            let name = path.to_string_lossy().into_owned();
            if name.ends_with(".expected.json") || !name.ends_with(".json") {
                continue;
            }
            let r = run(&["validate", "--format", "json", "--at", at, &name]);
            let printed: Vec<serde_json::Value> =
                serde_json::from_str(&r.stdout).expect("JSON output");
            let bytes = std::fs::read(&path).expect("feed");
            let studio = advocate_core::studio::check::check(&bytes, now_ms);
            let expected: Vec<serde_json::Value> = studio
                .diagnostics
                .iter()
                .map(|d| {
                    let mut v = serde_json::to_value(d).expect("JSON");
                    v["file"] = serde_json::Value::String(name.clone());
                    v
                })
                .collect();
            assert_eq!(printed, expected, "{name}");
            assert_eq!(r.code == 0, studio.errors == 0, "{name}");
        }
    }
}
