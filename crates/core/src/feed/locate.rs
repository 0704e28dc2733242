//! Finds where a JSON Pointer lands in the source text, for line and column in diagnostics.
//!
//! serde_json does not keep positions, and keeping them for every value would slow down the
//! common case (a valid feed). This scanner runs only when there is something to report. It is
//! iterative, so a maliciously deep document cannot overflow the stack.

/// What to point at inside an object member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The value.
    Value,
    /// The member's key (for "unknown field" findings).
    Key,
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
    let mut pos = skip_bom(src);
    let end = offset.min(src.len());
    while pos < end {
        match src[pos] {
            b'{' => {
                stack.push(Level::Object { key: None });
                pos += 1;
            }
            b'[' => {
                stack.push(Level::Array { index: 0 });
                pos += 1;
            }
            b'}' | b']' => {
                stack.pop();
                pos += 1;
            }
            b',' => {
                match stack.last_mut() {
                    Some(Level::Array { index }) => *index += 1,
                    Some(Level::Object { key }) => *key = None,
                    None => {}
                }
                pos += 1;
            }
            b'"' => {
                let Some(after) = string_end(src, pos) else {
                    break;
                };
                let is_key = matches!(stack.last(), Some(Level::Object { key: None }));
                if is_key {
                    if let Some((k, _)) = read_string(src, pos) {
                        if let Some(Level::Object { key }) = stack.last_mut() {
                            *key = Some(k);
                        }
                    }
                }
                pos = after;
            }
            _ => pos += 1,
        }
    }
    let mut out = String::new();
    for level in &stack {
        match level {
            Level::Object { key: Some(k) } => out.push_str(&super::diagnostic::pointer([k])),
            Level::Object { key: None } => {}
            Level::Array { index } => out.push_str(&format!("/{index}")),
        }
    }
    out
}

/// The byte offset of serde's 1-based (line, byte column).
pub fn offset_of(src: &[u8], line: usize, byte_col: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match src[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    (start + byte_col.saturating_sub(1)).min(src.len())
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
    let mut start = 0;
    for _ in 1..line {
        match src[start..].iter().position(|&b| b == b'\n') {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    if line == 1 {
        start = skip_bom(src);
    }
    let end = (start + byte_col.saturating_sub(1)).min(src.len());
    String::from_utf8_lossy(&src[start.min(end)..end])
        .chars()
        .count()
        + 1
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

/// Reads a string literal at `pos`; returns the decoded text and the offset after it.
fn read_string(src: &[u8], pos: usize) -> Option<(String, usize)> {
    if src.get(pos)? != &b'"' {
        return None;
    }
    let end = string_end(src, pos)?;
    let literal = std::str::from_utf8(&src[pos..end]).ok()?;
    let key: String = serde_json::from_str(literal).ok()?;
    Some((key, end))
}

/// Offset just after the string literal starting at `pos`.
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

/// Offset just after the value starting at `pos` (without validating it).
fn skip_value(src: &[u8], pos: usize) -> Option<usize> {
    match src.get(pos)? {
        b'"' => string_end(src, pos),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = pos;
            loop {
                match src.get(i)? {
                    b'"' => {
                        i = string_end(src, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let mut i = pos;
            while let Some(b) = src.get(i) {
                if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                i += 1;
            }
            Some(i)
        }
    }
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
    }
}
