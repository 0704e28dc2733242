//! Unit tests for the validation fixes that the rule corpus (`tests/feeds/`) cannot reach
//! directly.

use super::*;

fn diags(src: &str) -> Vec<Diagnostic> {
    match parse_feed(src.as_bytes(), &ValidateOptions::default()) {
        Ok(c) => c.warnings,
        Err(r) => r.diagnostics,
    }
}

fn item(extra: &str) -> String {
    item_with(r#"[{"lang":"en","text":"x"}]"#, extra)
}

fn item_with(captions: &str, extra: &str) -> String {
    format!(
        r#"{{"id":"a","url":"https://b.de/a","title":{{"en":"A"}},"captions":{captions}{extra}}}"#
    )
}

fn feed(items: &str) -> String {
    format!(r#"{{"version":1,"organization":{{"name":"B"}},"items":[{items}]}}"#)
}

fn messages(src: &str) -> Vec<String> {
    diags(src)
        .into_iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect()
}

#[test]
fn a_field_written_twice_is_an_error_where_it_repeats() {
    let src = feed(&item(r#","id":"b""#));
    let d = diags(&src);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].pointer, "/items/0/id");
    assert_eq!(d[0].message, "\"id\" appears twice here; keep only one");
    let col = d[0].column.unwrap_or(0);
    assert_eq!(&src[col - 1..col + 3], "\"id\"");
}

#[test]
fn a_language_written_twice_is_an_error_not_a_silent_loss() {
    let src = feed(
        r#"{"id":"a","url":"https://b.de/a","title":{"en":"A","en":"B"},"captions":[{"lang":"en","text":"x"}]}"#,
    );
    assert_eq!(
        messages(&src),
        ["/items/0/title/en: \"en\" appears twice here; keep only one"]
    );
}

#[test]
fn items_that_do_not_parse_still_count_as_items() {
    // Every item has a typo: the feed is not "without items", and the typo is one mistake,
    // not also a missing "title".
    let src = feed(r#"{"id":"a","url":"https://b.de/a","titel":{"en":"A"},"captions":[]}"#);
    assert_eq!(
        messages(&src),
        ["/items/0/titel: unknown field \"titel\" (did you mean \"title\"?)"]
    );
}

#[test]
fn a_file_that_is_not_utf8_says_so_at_the_first_bad_byte() {
    let src = b"{\"version\":1,\"organization\":{\"name\":\"M\xfcller\"},\"items\":[]}";
    let d = parse_feed(src, &ValidateOptions::default()).unwrap_err();
    assert_eq!(
        d.diagnostics[0].message,
        "the file is not saved as UTF-8 text; save it again with the encoding UTF-8"
    );
    assert_eq!(
        (d.diagnostics[0].line, d.diagnostics[0].column),
        (Some(1), Some(39))
    );
}

#[test]
fn limits_name_their_unit() {
    let long = "x".repeat(MAX_CAPTION_CHARS + 1);
    let src = feed(&item_with(
        &format!(r#"[{{"lang":"en","text":"{long}"}}]"#),
        "",
    ));
    assert_eq!(
        messages(&src),
        ["/items/0/captions/0/text: is 3001 characters long; the limit is 3000 characters"]
    );
    let many = vec![r#"{"lang":"en","text":"x {url}"}"#; MAX_CAPTIONS + 1].join(",");
    let src = feed(&item_with(&format!("[{many}]"), ""));
    assert!(messages(&src).contains(
        &"/items/0/captions: has 21 captions; the limit is 20 captions per item".to_string()
    ));
    let tags: Vec<String> = (0..=MAX_HASHTAGS).map(|i| format!("\"#t{i}\"")).collect();
    let src = feed(&item(&format!(r#","hashtags":[{}]"#, tags.join(","))));
    assert_eq!(
        messages(&src),
        ["/items/0/hashtags: has 31 hashtags; the limit is 30 hashtags"]
    );
}

#[test]
fn item_limit_counts_every_item() {
    let items: Vec<String> = (0..=MAX_ITEMS)
        .map(|i| {
            format!(
                r#"{{"id":"i{i}","url":"https://b.de/","title":{{"en":"A"}},"captions":[{{"lang":"en","text":"x"}}]}}"#
            )
        })
        .collect();
    let m = messages(&feed(&items.join(",")));
    assert_eq!(
        m,
        ["/items: the feed has 10001 items; the limit is 10000 items"]
    );
}

#[test]
fn signed_numbers_are_not_described_as_0_or_more() {
    assert_eq!(
        messages(&feed(&item(r#","priority":"high""#))),
        ["/items/0/priority: must be a whole number, not the text \"high\""]
    );
    assert_eq!(
        messages(r#"{"version":"1","organization":{"name":"B"},"items":[]}"#)[0],
        "/version: must be a whole number (0 or more), not the text \"1\""
    );
}

#[test]
fn title_placeholder_in_a_language_without_title_is_a_warning() {
    let src = feed(
        r#"{"id":"a","url":"https://b.de/a","title":{"en":"Q4"},"captions":[
            {"lang":"en","text":"{title}"},{"lang":"de","text":"Neu: {title}"}]}"#,
    );
    let d = parse_feed(src.as_bytes(), &ValidateOptions::default()).unwrap();
    let m: Vec<String> = d
        .warnings
        .iter()
        .map(|d| format!("{}: {}", d.pointer, d.message))
        .collect();
    assert_eq!(
        m,
        ["/items/0/captions/1/text: uses {title}, but the item has no title in \"de\", so the \"en\" title will be used"]
    );
    // A regional caption finds the title of its language, and the same text in another
    // language is no repeat (employees cycle through the captions of one language).
    let src = feed(
        r#"{"id":"a","url":"https://b.de/a","title":{"de":"Q4","en":"Q4"},"captions":[
            {"lang":"de-AT","text":"{title}"},{"lang":"en","text":"{title}"}]}"#,
    );
    assert!(diags(&src).is_empty());
}

#[test]
fn the_strict_reading_error_is_reported_when_nothing_else_explains_it() {
    let opts = ValidateOptions::default();
    let mut v = Validator::new(&opts);
    let body = br#"{"version":1,"version":1,"organization":{"name":"B"},"items":[]}"#;
    v.fast_path_error(body);
    let d = &v.findings[0].diag;
    assert_eq!(d.message, "\"version\" appears twice here; keep only one");
    assert_eq!(d.line, Some(1));
}

#[test]
fn only_a_repeat_in_the_same_language_and_network_is_a_repeat() {
    let src = feed(&item_with(
        r#"[{"lang":"en","text":"{url}"},{"lang":"de","text":"{url}"},
            {"lang":"en","network":"x","text":"{url}"},{"lang":"en","text":"{url}"}]"#,
        "",
    ));
    assert_eq!(
        messages(&src),
        ["/items/0/captions/3/text: repeats an earlier caption word for word; variety is what makes colleagues' posts sound like themselves"]
    );
}

#[test]
fn every_wrong_value_of_an_item_is_reported_not_only_the_first() {
    let src = feed(&item(r#","priority":"high","pinned":"yes","networks":"x""#));
    assert_eq!(
        messages(&src),
        [
            "/items/0/priority: must be a whole number, not the text \"high\"",
            "/items/0/pinned: must be true or false, not the text \"yes\"",
            "/items/0/networks: must be a list [ … ], not the text \"x\"",
        ]
    );
    // A required field with a wrong value is one error, not also "missing".
    let src = feed(&item(r#","title":"Q4""#).replace(r#""title":{"en":"A"},"#, ""));
    assert_eq!(
        messages(&src),
        ["/items/0/title: must be an object { … }, not the text \"Q4\""]
    );
}

#[test]
fn a_missing_or_broken_part_does_not_cascade() {
    assert_eq!(
        messages(r#"{"version":1,"organisation":{"name":"B"},"items":{}}"#),
        [
            "/organisation: unknown field \"organisation\" (did you mean \"organization\"?)",
            "/items: must be a list [ … ] of items, not an object",
        ]
    );
    assert_eq!(
        messages(r#"{"version":1,"items":[]}"#),
        [
            ": missing required field \"organization\"",
            "/items: the feed has no items, so employees see no suggestions",
        ]
    );
}

#[test]
fn syntax_errors_are_explained_in_words() {
    let cases = [
        (r#"{"version":1,}"#, "there is a comma before a closing bracket; remove it"),
        (r#"{"version":1 "items":[]}"#, "a comma or a closing } is missing before this point"),
        (r#"{version:1}"#, "field names must be written in double quotes"),
        (r#"{"version":1,"items":[True]}"#, "a value is missing here, or it is not valid (text needs double quotes; true, false and null are lowercase)"),
        ("{\"a\":\"x\ny\"}", "a line break or tab inside text must be written as \\n or \\t"),
        (r#"{"version":1} x"#, "there is more text after the end of the feed"),
    ];
    for (src, want) in cases {
        assert_eq!(
            messages(src),
            [format!(": this is not valid JSON: {want}")],
            "{src}"
        );
    }
}

#[test]
fn the_retraction_warning_points_at_something_in_the_file() {
    let src = feed(&item(r#","status":"retracted""#));
    let d = diags(&src);
    assert_eq!(d[0].pointer, "/items/0/status");
    assert!(d[0].line.is_some());
}

/// The byte-level fast path may only ever say "fine" where the character scan says so too,
/// with the same length: checked for every Unicode scalar value, alone and next to itself.
#[test]
fn plain_chars_agrees_with_the_character_scan_for_every_character() {
    let mut fast = 0;
    for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
        // Short texts take the byte-by-byte path; the long one puts `c` (once) at every
        // position of a first eight-byte word, which the word-at-a-time path reads.
        let pad = "abcdefgh".get(..(c as usize) % 8).unwrap_or_default();
        let long = format!("{pad}{c}abcdefgh ijklmnop");
        for text in [format!("a{c}b"), format!("{c}{c}"), long] {
            for multiline in [false, true] {
                let allowed = |c: char| multiline && (c == '\n' || c == '\t');
                let (chars, problem) = scan(&text, allowed);
                match plain_chars(text.as_bytes(), multiline) {
                    Some(n) => {
                        fast += 1;
                        assert_eq!(n, chars, "{text:?}");
                        assert!(problem.is_none(), "{text:?} passed the fast path");
                    }
                    // Declining is always safe; it must not happen for ordinary text, though.
                    None => assert!(
                        problem.is_some()
                            || matches!(c as u32, 0x80..=0x9f | 0x2000..=0x207f | 0xfec0..=0xfeff),
                        "{text:?} should take the fast path"
                    ),
                }
            }
        }
    }
    assert!(fast > 6_000_000, "{fast}");
}

#[test]
fn clean_language_maps_are_kept_and_others_still_normalised() {
    let src = feed(&item(r#","summary":{"en-gb":"S","de":"Z"}"#));
    let checked = parse_feed(src.as_bytes(), &ValidateOptions::default()).unwrap();
    let langs: Vec<&str> = checked.feed.items[0].summary.langs().collect();
    assert_eq!(langs, ["de", "en-GB"]);
    let src = feed(&item(r#","summary":{"en-GB":"S","de":"Z"}"#));
    let checked = parse_feed(src.as_bytes(), &ValidateOptions::default()).unwrap();
    let langs: Vec<&str> = checked.feed.items[0].summary.langs().collect();
    assert_eq!(langs, ["de", "en-GB"]);
}

#[test]
fn a_draft_opens_whatever_its_content_and_otherwise_says_its_first_problem() {
    // Invalid content (an http link, an unknown network) in the right shape opens as it is.
    let draft = feed(
        &item(r#","url":"http://b.de/a","networks":["myspace"]"#).replacen(
            r#""url":"https://b.de/a","#,
            "",
            1,
        ),
    );
    let raw = read_raw(draft.as_bytes()).unwrap();
    assert_eq!(raw.items[0].url, "http://b.de/a");
    assert!(read_raw(format!("\u{feff}{draft}").as_bytes()).is_ok());
    // Not of the feed's shape: the extension's first problem, with its place.
    let typo = "{\"version\": 1,\n \"organization\": {\"name\": \"B\"},\n \"items\": [{\"id\": \"a\", \"titel\": {}}]}";
    let d = read_raw(typo.as_bytes()).unwrap_err();
    assert_eq!(
        (d.pointer.as_str(), d.line, d.message.as_str()),
        (
            "/items/0/titel",
            Some(3),
            "unknown field \"titel\" (did you mean \"title\"?)"
        )
    );
    assert!(d.is_error());
    let d = read_raw(b"{\"version\": 1,, }").unwrap_err();
    assert!(d.message.starts_with("this is not valid JSON"), "{d}");
    let d = read_raw(b"{\"version\": 1, \"a\": \"\xff\"}").unwrap_err();
    assert!(d.message.contains("not saved as UTF-8"), "{d}");
    assert_eq!(
        read_raw(b"[1]").unwrap_err().message,
        "the feed must be a JSON object { \u{2026} }, not a list"
    );
}
