//! The hand-written reader against serde_json: whenever it reads a text, serde_json must read
//! the same raw feed from it. On the rule corpus, on hand-picked edge cases, and on every
//! single-byte mutation of a feed that uses each field.

use std::path::Path;

use super::{agrees, read};

fn corpus() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/feeds");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let name = path.display().to_string();
                out.push((name, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../extension/demo-feed.json");
    out.push(("demo".into(), std::fs::read_to_string(demo).unwrap()));
    assert!(
        out.len() > 100,
        "the rule corpus moved? found {}",
        out.len()
    );
    out
}

#[test]
fn reads_the_corpus_as_serde_does() {
    let mut read_here = 0;
    for (name, text) in corpus() {
        // `parse_feed` drops a byte order mark before reading.
        let here = agrees(text.strip_prefix('\u{feff}').unwrap_or(&text));
        read_here += usize::from(here);
        // Every valid feed in the corpus takes the quick path (none uses a rare shape).
        if (name.contains("/valid/") && !name.ends_with(".expected.json")) || name == "demo" {
            assert!(here, "{name} went to serde_json");
        }
    }
    assert!(read_here > 40, "only {read_here} corpus feeds read here");
}

/// A feed with every field, nulls, escapes of each kind, a surrogate pair and numbers.
const EVERY_FIELD: &str = r##"{"$schema":"s.json","version":1,
 "organization":{"name":"Beispiel \"GmbH\"","hashtags":["#A","#B"]},
 "links":{"utm":{"source":"{network}","medium":null,"campaign":"c","enabled":true,"personal":false}},
 "items":[{"id":"a-1","url":"https://x.de/a?b=1\/2","image":null,
   "image_alt":{"de":"Bild\tmit Tab"},"title":{"de":"T\u00fcr \ud83d\ude00","en":"Door"},
   "summary":{},"networks":["linkedin","x"],"campaign":null,
   "audience":{"teams":["sales"],"regions":[],"languages":["de"]},
   "publish_at":"2026-11-20T08:00:00+01:00","expires_at":null,"priority":-7,"pinned":false,
   "hashtags":[],"personal_prompt":{"en":"Why?\n"},"status":"active",
   "retraction_note":{"de":"\\\b\f\r"},"utm":null,
   "captions":[{"lang":"de","network":null,"text":"Hallo {url}"},{"lang":"en","text":"Hi"}]},
  {"id":"b","url":"https://x.de/b","title":{"en":"B"},"priority":100,"pinned":true,
   "audience":null,"utm":{"source":"s"},"captions":[{"lang":"en","network":"x","text":"B {url}"}]}]}"##;

#[test]
fn reads_every_field_as_serde_does() {
    assert!(agrees(EVERY_FIELD));
    let raw = read(EVERY_FIELD).unwrap();
    assert_eq!(raw.items[0].title["de"], "Tür 😀");
    assert_eq!(raw.items[0].priority, Some(-7));
}

#[test]
fn leaves_the_rare_shapes_to_serde() {
    let item = r#"{"id":"a","url":"https://x.de","title":{"en":"T"},"captions":[{"lang":"en","text":"t"}]}"#;
    let feed =
        |items: &str| format!(r#"{{"version":1,"organization":{{"name":"O"}},"items":[{items}]}}"#);
    assert!(agrees(&feed(item)));
    for rare in [
        // Numbers other than plain integers, and ones out of range.
        item.replacen(r#""id""#, r#""priority":1.0,"id""#, 1),
        item.replacen(r#""id""#, r#""priority":1e2,"id""#, 1),
        item.replacen(r#""id""#, r#""priority":01,"id""#, 1),
        item.replacen(r#""id""#, r#""priority":-0,"id""#, 1),
        item.replacen(r#""id""#, r#""priority":9223372036854775808,"id""#, 1),
        // A field or a language twice, an unknown field, a key with an escape.
        item.replacen(r#""id":"a""#, r#""id":"a","id":"b""#, 1),
        item.replacen(r#"{"en":"T"}"#, r#"{"en":"T","en":"U"}"#, 1),
        item.replacen(r#""id""#, r#""extra":1,"id""#, 1),
        item.replacen(r#""id""#, r#""\u0069d""#, 1),
        // Surrogates that are not a pair, a raw control character, a bad escape.
        item.replacen(r#""T""#, r#""\ud83d""#, 1),
        item.replacen(r#""T""#, r#""\ude00x""#, 1),
        item.replacen(r#""T""#, "\"a\u{1}b\"", 1),
        item.replacen(r#""T""#, r#""\x""#, 1),
        // Missing required fields, null where serde has no Option, trailing commas.
        item.replacen(r#""id":"a","#, "", 1),
        item.replacen(r#""title":{"en":"T"},"#, "", 1),
        item.replacen(r#""id""#, r#""pinned":null,"id""#, 1),
        item.replacen(r#""id""#, r#""hashtags":null,"id""#, 1),
        item.replacen(r#""t"}]"#, r#""t"},]"#, 1),
        item.replacen(r#""t"}"#, r#""t",}"#, 1),
    ] {
        let text = feed(&rare);
        assert!(read(&text).is_none(), "read here: {text}");
    }
    // Not JSON after the feed, or not a feed at all.
    assert!(read(&(feed(item) + "x")).is_none());
    assert!(read(&(feed(item) + " \n")).is_some());
    assert!(read("[]").is_none());
    assert!(read("").is_none());
}

/// Every text one byte away from a feed with every field: deleted, replaced by or preceded by
/// a byte that matters to JSON. Whatever the reader reads, serde_json reads the same.
#[test]
fn single_byte_mutations_read_as_serde_does() {
    const BYTES: &[u8] = b"\"\\{}[],:0-1en tu.\x01/";
    let base = EVERY_FIELD.as_bytes();
    let (mut tried, mut read_here) = (0, 0);
    for at in 0..base.len() {
        let mut variants = vec![[&base[..at], &base[at + 1..]].concat()];
        for &b in BYTES {
            variants.push([&base[..at], &[b], &base[at + 1..]].concat());
            variants.push([&base[..at], &[b], &base[at..]].concat());
        }
        for v in variants {
            if let Ok(text) = std::str::from_utf8(&v) {
                tried += 1;
                read_here += usize::from(agrees(text));
            }
        }
    }
    // The reader reads most mutants that are still feeds (whitespace, other letters…).
    assert!(
        tried > 30_000 && read_here > 5_000,
        "{read_here} of {tried}"
    );
}
