//! Finds keys written twice in one JSON object.
//!
//! JSON parsers disagree on duplicates and serde_json's `Value` silently keeps the last one, so
//! an admin who pastes a block twice would lose the first text without a word. The slow path of
//! validation runs this scanner (only then: it is a second pass over the text) to name each
//! repeated key where it appears the second time.
//!
//! The scanner is iterative, like [`super::locate`], so deep nesting cannot overflow the stack,
//! and it expects text that already parsed as JSON.

use std::collections::HashSet;

use super::diagnostic::pointer;

/// A key that appeared before in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// JSON Pointer to the member (its key is the repeated one).
    pub pointer: String,
    /// Byte offset of the repeated key's opening quote.
    pub offset: usize,
}

enum Frame {
    /// Keys seen so far; whether a key of this object is on the path right now.
    Object {
        keys: HashSet<String>,
        on_path: bool,
    },
    /// Index of the current element.
    Array(usize),
}

/// Every repeated key in `src` (well-formed JSON, optionally with a UTF-8 BOM), in source order.
pub(crate) fn duplicate_keys(src: &[u8]) -> Vec<Duplicate> {
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut expect_key = false;
    let mut pos = if src.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    while let Some(&b) = src.get(pos) {
        match b {
            b'{' => {
                stack.push(Frame::Object {
                    keys: HashSet::new(),
                    on_path: false,
                });
                expect_key = true;
            }
            b'[' => {
                stack.push(Frame::Array(0));
                path.push("0".into());
                expect_key = false;
            }
            b'}' | b']' => {
                match stack.pop() {
                    Some(Frame::Object { on_path: true, .. }) | Some(Frame::Array(_)) => {
                        path.pop();
                    }
                    _ => {}
                }
                expect_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Array(i)) => {
                    *i += 1;
                    if let Some(last) = path.last_mut() {
                        *last = i.to_string();
                    }
                }
                Some(Frame::Object { on_path, .. }) => {
                    if *on_path {
                        path.pop();
                        *on_path = false;
                    }
                    expect_key = true;
                }
                None => {}
            },
            b'"' => {
                let end = string_end(src, pos);
                if expect_key {
                    let key = decode_key(&src[pos..end]);
                    if let Some(Frame::Object { keys, on_path }) = stack.last_mut() {
                        path.push(key.clone());
                        *on_path = true;
                        if !keys.insert(key) {
                            found.push(Duplicate {
                                pointer: pointer(&path),
                                offset: pos,
                            });
                        }
                    }
                    expect_key = false;
                }
                pos = end;
                continue;
            }
            _ => {}
        }
        pos += 1;
    }
    found
}

/// Offset just after the string literal that starts at `pos` (or the end of the text).
fn string_end(src: &[u8], pos: usize) -> usize {
    let mut i = pos + 1;
    while let Some(&b) = src.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    src.len()
}

/// The decoded text of a key literal (escapes resolved), or the raw text if it does not decode.
fn decode_key(literal: &[u8]) -> String {
    let text = String::from_utf8_lossy(literal);
    serde_json::from_str::<String>(&text).unwrap_or_else(|_| text.trim_matches('"').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pointers(src: &str) -> Vec<String> {
        duplicate_keys(src.as_bytes())
            .into_iter()
            .map(|d| d.pointer)
            .collect()
    }

    #[test]
    fn finds_repeats_at_every_depth() {
        let src = r#"{"a": 1, "items": [{"id": "x", "t": {"de": "1", "de": "2"}}, {"id": "y", "id": "z"}], "a": 2}"#;
        assert_eq!(pointers(src), ["/items/0/t/de", "/items/1/id", "/a"]);
        let d = &duplicate_keys(src.as_bytes())[0];
        assert_eq!(&src[d.offset..d.offset + 4], "\"de\"");
    }

    #[test]
    fn same_key_in_sibling_objects_is_fine() {
        assert!(pointers(r#"[{"id": 1}, {"id": 2}, {"id": {"id": 3}}]"#).is_empty());
        assert!(pointers(r#"{"a": [], "b": {}, "c": "{\"c\": 1, \"c\": 2}"}"#).is_empty());
    }

    #[test]
    fn escaped_keys_are_compared_decoded_and_pointers_escaped() {
        assert_eq!(pointers(r#"{"a/b": 1, "a\/b": 2}"#), ["/a~1b"]);
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let src = format!(
            "{}{{\"k\":1,\"k\":2}}{}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        assert_eq!(duplicate_keys(src.as_bytes()).len(), 1);
    }
}
