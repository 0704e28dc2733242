//! Where things are in a feed's JSON text, for diagnostics: the place a JSON Pointer leads to,
//! the pointer of a place, keys written twice, how deeply the text nests, line and column.
//!
//! serde_json keeps no positions, and keeping them for every value would slow down the common
//! case (a valid feed), so these scans run only when there is something to report. They share
//! one walk over the text's structure ([`Tokens`]), which is iterative, so a maliciously deep
//! document cannot overflow the stack, and validates nothing: it stops where a string is not
//! closed.

use super::diagnostic::pointer;

/// What to point at inside an object member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value.
    Value,
    /// The member's key (for "unknown field" findings).
    Key,
}

/// A piece of JSON structure; everything between these pieces (numbers, literals, `:`,
/// whitespace) is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    /// `{`
    OpenObject,
    /// `[`
    OpenArray,
    /// `}` or `]`
    Close,
    /// `,`
    Comma,
    /// A string literal; `end` is the offset just after its closing quote.
    String { end: usize },
}

/// The structural tokens of `src` from an offset on, each with its offset.
struct Tokens<'a> {
    src: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    fn new(src: &'a [u8], pos: usize) -> Self {
        Tokens { src, pos }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, Token);

    fn next(&mut self) -> Option<(usize, Token)> {
        while let Some(&b) = self.src.get(self.pos) {
            let at = self.pos;
            self.pos += 1;
            let token = match b {
                b'{' => Token::OpenObject,
                b'[' => Token::OpenArray,
                b'}' | b']' => Token::Close,
                b',' => Token::Comma,
                b'"' => match string_end(self.src, at) {
                    Some(end) => {
                        self.pos = end;
                        Token::String { end }
                    }
                    None => {
                        self.pos = self.src.len();
                        return None;
                    }
                },
                _ => continue,
            };
            return Some((at, token));
        }
        None
    }
}

/// Offset just after the string literal that starts at `pos`; `None` when it is not closed.
fn string_end(src: &[u8], pos: usize) -> Option<usize> {
    let mut i = pos + 1;
    loop {
        match src.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

/// The decoded text of the string literal at `pos`, and the offset after it.
fn read_string(src: &[u8], pos: usize) -> Option<(String, usize)> {
    if src.get(pos)? != &b'"' {
        return None;
    }
    let end = string_end(src, pos)?;
    let literal = std::str::from_utf8(&src[pos..end]).ok()?;
    let text: String = serde_json::from_str(literal).ok()?;
    Some((text, end))
}

/// Offset just after the value starting at `pos` (without validating it).
fn skip_value(src: &[u8], pos: usize) -> Option<usize> {
    match src.get(pos)? {
        b'"' => string_end(src, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            for (at, token) in Tokens::new(src, pos) {
                match token {
                    Token::OpenObject | Token::OpenArray => depth += 1,
                    Token::Close => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    Token::Comma | Token::String { .. } => {}
                }
            }
            None
        }
        _ => {
            let len = src[pos..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                .unwrap_or(src.len() - pos);
            Some(pos + len)
        }
    }
}

fn skip_bom(src: &[u8]) -> usize {
    if src.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    }
}

fn skip_ws(src: &[u8], mut pos: usize) -> usize {
    while matches!(src.get(pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        pos += 1;
    }
    pos
}

/// Byte offset of the value (or key) that `tokens` lead to, if the text is well-formed enough
/// to get there.
pub fn locate(src: &[u8], tokens: &[String], target: Target) -> Option<usize> {
    let mut pos = skip_ws(src, skip_bom(src));
    for (depth, token) in tokens.iter().enumerate() {
        let last = depth + 1 == tokens.len();
        match *src.get(pos)? {
            b'{' => {
                pos += 1;
                loop {
                    pos = skip_ws(src, pos);
                    if src.get(pos)? == &b'}' {
                        return None;
                    }
                    let key_start = pos;
                    let (key, after) = read_string(src, pos)?;
                    pos = skip_ws(src, after);
                    if src.get(pos)? != &b':' {
                        return None;
                    }
                    pos = skip_ws(src, pos + 1);
                    if &key == token {
                        if last && target == Target::Key {
                            return Some(key_start);
                        }
                        break;
                    }
                    pos = skip_ws(src, skip_value(src, pos)?);
                    match src.get(pos)? {
                        b',' => pos += 1,
                        _ => return None,
                    }
                }
            }
            b'[' => {
                let index: usize = token.parse().ok()?;
                pos += 1;
                for _ in 0..index {
                    pos = skip_ws(src, skip_value(src, skip_ws(src, pos))?);
                    match src.get(pos)? {
                        b',' => pos += 1,
                        _ => return None,
                    }
                }
                pos = skip_ws(src, pos);
                if src.get(pos)? == &b']' {
                    return None;
                }
            }
            _ => return None,
        }
    }
    Some(pos)
}

/// Byte offset in `src` of the `decoded`-th byte inside the JSON string literal that starts at
/// `start` (the opening quote), accounting for escapes.
pub fn offset_in_string(src: &[u8], start: usize, decoded: usize) -> usize {
    let mut pos = start + 1;
    let mut seen = 0;
    while pos < src.len() && src[pos] != b'"' && seen < decoded {
        if src[pos] == b'\\' {
            let (len, width) = match src.get(pos + 1) {
                Some(b'u') => {
                    let hex = std::str::from_utf8(src.get(pos + 2..pos + 6).unwrap_or(b""))
                        .ok()
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .unwrap_or(0);
                    let width = char::from_u32(hex).map_or(3, char::len_utf8);
                    (6, width)
                }
                _ => (2, 1),
            };
            pos += len;
            seen += width;
        } else {
            pos += 1;
            seen += 1;
        }
    }
    pos
}

/// The JSON Pointer of the innermost value or key at byte `offset` (as far as the text before
/// it is well-formed): for serde's errors, which give a line and column but no path.
pub fn pointer_at(src: &[u8], offset: usize) -> String {
    enum Level {
        Object { key: Option<String> },
        Array { index: usize },
    }
    let mut stack: Vec<Level> = Vec::new();
    let end = offset.min(src.len());
    for (at, token) in Tokens::new(src, skip_bom(src)).take_while(|&(at, _)| at < end) {
        match token {
            Token::OpenObject => stack.push(Level::Object { key: None }),
            Token::OpenArray => stack.push(Level::Array { index: 0 }),
            Token::Close => {
                stack.pop();
            }
            Token::Comma => match stack.last_mut() {
                Some(Level::Array { index }) => *index += 1,
                Some(Level::Object { key }) => *key = None,
                None => {}
            },
            Token::String { .. } => {
                if let Some(Level::Object { key: key @ None }) = stack.last_mut() {
                    *key = read_string(src, at).map(|(k, _)| k);
                }
            }
        }
    }
    let mut out = String::new();
    for level in &stack {
        match level {
            Level::Object { key: Some(k) } => out.push_str(&pointer([k])),
            Level::Object { key: None } => {}
            Level::Array { index } => out.push_str(&format!("/{index}")),
        }
    }
    out
}

/// A key that appeared before in the same object.
#[cfg(feature = "diagnostics")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// JSON Pointer to the member (its key is the repeated one).
    pub pointer: String,
    /// Byte offset of the repeated key's opening quote.
    pub offset: usize,
}

/// Every key written twice in one object of `src` (JSON that parsed, optionally with a UTF-8
/// BOM), in source order, where it appears the second time. JSON parsers disagree on
/// duplicates and serde_json's `Value` keeps the last one, so an admin who pastes a block twice
/// would lose the first text without a word.
#[cfg(feature = "diagnostics")]
pub fn duplicate_keys(src: &[u8]) -> Vec<Duplicate> {
    use std::collections::HashSet;

    enum Frame {
        /// Keys seen so far; whether a key of this object is on the path right now.
        Object {
            keys: HashSet<String>,
            on_path: bool,
        },
        /// Index of the current element.
        Array(usize),
    }
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let mut expect_key = false;
    for (at, token) in Tokens::new(src, skip_bom(src)) {
        match token {
            Token::OpenObject => {
                stack.push(Frame::Object {
                    keys: HashSet::new(),
                    on_path: false,
                });
                expect_key = true;
            }
            Token::OpenArray => {
                stack.push(Frame::Array(0));
                path.push("0".into());
                expect_key = false;
            }
            Token::Close => {
                if let Some(Frame::Object { on_path: true, .. } | Frame::Array(_)) = stack.pop() {
                    path.pop();
                }
                expect_key = false;
            }
            Token::Comma => match stack.last_mut() {
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
            Token::String { end } if expect_key => {
                let key = read_string(src, at).map_or_else(
                    || {
                        String::from_utf8_lossy(&src[at..end])
                            .trim_matches('"')
                            .to_string()
                    },
                    |(k, _)| k,
                );
                if let Some(Frame::Object { keys, on_path }) = stack.last_mut() {
                    path.push(key.clone());
                    *on_path = true;
                    if !keys.insert(key) {
                        found.push(Duplicate {
                            pointer: pointer(&path),
                            offset: at,
                        });
                    }
                }
                expect_key = false;
            }
            Token::String { .. } => {}
        }
    }
    found
}

/// How deeply arrays and objects nest in `src`.
pub fn nesting_depth(src: &[u8]) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for (_, token) in Tokens::new(src, 0) {
        match token {
            Token::OpenObject | Token::OpenArray => {
                depth += 1;
                max = max.max(depth);
            }
            Token::Close => depth = depth.saturating_sub(1),
            Token::Comma | Token::String { .. } => {}
        }
    }
    max
}

/// The byte offset of serde's 1-based (line, byte column).
pub fn offset_of(src: &[u8], line: usize, byte_col: usize) -> usize {
    (line_start(src, line) + byte_col.saturating_sub(1)).min(src.len())
}

/// The offset where 1-based `line` starts (the end of the text when it has fewer lines).
fn line_start(src: &[u8], line: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match src[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    start
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(skip_bom(src).min(offset), |i| i + 1);
    let col = String::from_utf8_lossy(&src[line_start..offset])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Converts serde_json's (line, byte column) into (line, character column).
pub fn char_column(src: &[u8], line: usize, byte_col: usize) -> usize {
    let start = if line == 1 {
        skip_bom(src)
    } else {
        line_start(src, line)
    };
    let end = (start + byte_col.saturating_sub(1)).min(src.len());
    String::from_utf8_lossy(&src[start.min(end)..end])
        .chars()
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::diagnostic::tokens;

    const SRC: &str = "{\n  \"version\": 1,\n  \"items\": [\n    {\"id\": \"a\"},\n    {\"id\": \"b\", \"ti\\u0074el\": {\"de\": \"x\"}}\n  ]\n}\n";

    fn at(pointer: &str, target: Target) -> Option<(usize, usize)> {
        locate(SRC.as_bytes(), &tokens(pointer), target).map(|o| line_col(SRC.as_bytes(), o))
    }

    #[test]
    fn finds_values_and_keys() {
        assert_eq!(at("/version", Target::Value), Some((2, 14)));
        assert_eq!(at("/items/1/id", Target::Value), Some((5, 12)));
        assert_eq!(at("/items/1/titel", Target::Key), Some((5, 17)));
        assert_eq!(at("/items/1/titel/de", Target::Value), Some((5, 38)));
        assert_eq!(at("/items/2", Target::Value), None);
        assert_eq!(at("", Target::Value), Some((1, 1)));
    }

    #[test]
    fn maps_offsets_inside_strings_through_escapes() {
        let src = br#""a\"b{x}""#;
        // decoded: a " b { → the "{" is decoded byte 3, source byte 5.
        assert_eq!(offset_in_string(src, 0, 3), 5);
        let src = r#""é\u00e9{x}""#.as_bytes();
        assert_eq!(offset_in_string(src, 0, 4), 9);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "{\"a\": \"ü\", \"b\": 1}".as_bytes();
        let off = locate(src, &tokens("/b"), Target::Value).unwrap();
        assert_eq!(line_col(src, off), (1, 17));
        assert_eq!(char_column(src, 1, 18), 17);
        let bom = "\u{feff}{\n\"ü\": [1,\n 2]}".as_bytes();
        assert_eq!(char_column(bom, 1, 1), 1);
        assert_eq!(char_column(bom, 3, 2), 2);
        assert_eq!(offset_of(bom, 3, 2), bom.len() - 3);
    }

    #[test]
    fn pointer_at_names_the_innermost_place() {
        let src = SRC.as_bytes();
        let at = |needle: &str| pointer_at(src, SRC.find(needle).unwrap() + needle.len());
        assert_eq!(at("\"version\": 1"), "/version");
        assert_eq!(at("{\"id\": \"b\""), "/items/1/id");
        assert_eq!(at("\"ti\\u0074el\""), "/items/1/titel");
        assert_eq!(pointer_at(src, 0), "");
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let src = format!(
            "{{\"a\": {}1{}, \"b\": 2}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let off = locate(src.as_bytes(), &tokens("/b"), Target::Value).unwrap();
        assert_eq!(&src[off..off + 1], "2");
        assert_eq!(nesting_depth(src.as_bytes()), 100_001);
    }

    #[test]
    fn strings_are_skipped_and_an_open_one_ends_the_walk() {
        assert_eq!(nesting_depth(br#"{"a": "[[[{", "b": [1]}"#), 2);
        assert_eq!(nesting_depth(br#"[{"a": "\"[[" }]"#), 2);
        assert_eq!(nesting_depth(br#"[["unclosed, [[[["#), 2);
        assert_eq!(pointer_at(br#"{"a": ["x", "unclosed"#, 30), "/a/1");
    }
}

#[cfg(all(test, feature = "diagnostics"))]
mod duplicate_tests {
    use super::*;

    fn duplicates(src: &str) -> Vec<String> {
        duplicate_keys(src.as_bytes())
            .into_iter()
            .map(|d| d.pointer)
            .collect()
    }

    #[test]
    fn finds_repeats_at_every_depth() {
        let src = r#"{"a": 1, "items": [{"id": "x", "t": {"de": "1", "de": "2"}}, {"id": "y", "id": "z"}], "a": 2}"#;
        assert_eq!(duplicates(src), ["/items/0/t/de", "/items/1/id", "/a"]);
        let d = &duplicate_keys(src.as_bytes())[0];
        assert_eq!(&src[d.offset..d.offset + 4], "\"de\"");
    }

    #[test]
    fn same_key_in_sibling_objects_is_fine() {
        assert!(duplicates(r#"[{"id": 1}, {"id": 2}, {"id": {"id": 3}}]"#).is_empty());
        assert!(duplicates(r#"{"a": [], "b": {}, "c": "{\"c\": 1, \"c\": 2}"}"#).is_empty());
    }

    #[test]
    fn escaped_keys_are_compared_decoded_and_pointers_escaped() {
        assert_eq!(duplicates(r#"{"a/b": 1, "a\/b": 2}"#), ["/a~1b"]);
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
