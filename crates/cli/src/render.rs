//! Diagnostics for people, in the style of compilers and linters:
//!
//! ```text
//! feed.json:12:17: error: /items/0/url: the link must start with https:// (found "http:")
//!    12 |       "url": "http://beispiel.de/q4",
//!       |              ^
//! feed.json: 1 error
//! ```

use std::fmt::Write as _;

use advocate_core::feed::{Diagnostic, Severity};

/// Longest stretch of a source line shown (minified feeds are one long line).
const WINDOW: usize = 100;
/// Characters shown before the caret when the line is cut.
const LEAD: usize = 40;

/// ANSI styling, on only for a terminal (and never with `NO_COLOR`).
#[derive(Debug, Clone, Copy)]
pub struct Style {
    on: bool,
}

impl Style {
    /// Styling for standard output.
    pub fn for_stdout() -> Style {
        use std::io::IsTerminal;
        Style {
            on: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        }
    }

    /// No styling (files, pipes, tests).
    pub fn plain() -> Style {
        Style { on: false }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn severity(self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "error"),
            Severity::Warning => self.paint("1;33", "warning"),
        }
    }

    fn caret(self, s: Severity) -> String {
        match s {
            Severity::Error => self.paint("1;31", "^"),
            Severity::Warning => self.paint("1;33", "^"),
        }
    }
}

/// The word for a severity, as in the JSON output.
pub fn severity_word(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// One diagnostic: the headline, then (when the position is known) the source line and a caret.
pub fn diagnostic(file: &str, src: Option<&[u8]>, d: &Diagnostic, style: Style) -> String {
    let mut out = String::new();
    let place = match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        _ => file.to_string(),
    };
    let pointer = if d.pointer.is_empty() {
        String::new()
    } else {
        format!("{}: ", d.pointer)
    };
    let _ = writeln!(
        out,
        "{place}: {}: {pointer}{}",
        style.severity(d.severity),
        d.message
    );
    if let (Some(src), Some(line), Some(column)) = (src, d.line, d.column) {
        if let Some(text) = source_line(src, line) {
            let (shown, caret_at) = window(&text, column);
            let gutter = line.to_string();
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{}", format!(" {gutter} | {shown}").trim_end());
            let _ = writeln!(
                out,
                " {pad} | {}{}",
                " ".repeat(caret_at),
                style.caret(d.severity)
            );
        }
    }
    out
}

/// `feed.json: 2 errors, 1 warning` or `feed.json: valid, 5 items, 1 warning`.
pub fn summary(file: &str, errors: usize, warnings: usize, items: Option<usize>) -> String {
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(count(errors, "error", "errors"));
    } else {
        parts.push("valid".to_string());
        if let Some(n) = items {
            parts.push(count(n, "item", "items"));
        }
    }
    if warnings > 0 {
        parts.push(count(warnings, "warning", "warnings"));
    }
    format!("{file}: {}", parts.join(", "))
}

/// `1 error`, `2 errors`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Line `line` (1-based) of `src`, without its line break (and without a BOM on line 1).
fn source_line(src: &[u8], line: usize) -> Option<String> {
    let src = src.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(src);
    let raw = src.split(|&b| b == b'\n').nth(line.checked_sub(1)?)?;
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    Some(String::from_utf8_lossy(raw).into_owned())
}

/// The part of `text` to show around 1-based character `column`, and how many terminal
/// columns precede the caret in it. Tabs become four spaces; wide characters take two.
fn window(text: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let (start, end) = if chars.len() <= WINDOW {
        (0, chars.len())
    } else {
        let start = at.saturating_sub(LEAD).min(chars.len() - WINDOW);
        (start, start + WINDOW)
    };
    let mut shown = String::new();
    let mut caret_at = 0;
    if start > 0 {
        shown.push('…');
        caret_at += 1;
    }
    for (i, &c) in chars[start..end].iter().enumerate() {
        let (piece, w) = match c {
            '\t' => ("    ".to_string(), 4),
            c if c.is_control() => ("\u{FFFD}".to_string(), 1),
            c => (c.to_string(), width(c)),
        };
        if start + i < at {
            caret_at += w;
        }
        shown.push_str(&piece);
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown.trim_end().to_string(), caret_at)
}

/// Terminal columns of `c`: 0 for combining marks, 2 for East Asian wide characters and
/// emoji, else 1. An approximation; it only places the caret.
fn width(c: char) -> usize {
    match c as u32 {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, column: usize) -> Diagnostic {
        let mut d = Diagnostic::error("/items/0/url", "the link must start with https://");
        d.line = Some(line);
        d.column = Some(column);
        d
    }

    #[test]
    fn shows_the_line_and_a_caret_under_the_column() {
        let src = b"{\n  \"url\": \"http://b.de\"\n}\n";
        let out = diagnostic("feed.json", Some(src), &diag(2, 10), Style::plain());
        assert_eq!(
            out,
            "feed.json:2:10: error: /items/0/url: the link must start with https://\n 2 |   \"url\": \"http://b.de\"\n   |          ^\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_tabs_expanded() {
        let line = format!("{}X{}", "a".repeat(300), "b".repeat(300));
        let (shown, at) = window(&line, 301);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(at), Some('X'));
        let (shown, at) = window("\t\"x\": ü1", 8);
        assert_eq!(shown, "    \"x\": ü1");
        assert_eq!(&shown[at + 1..], "1"); // ü is two bytes, one column
    }

    #[test]
    fn summaries_count_in_words() {
        assert_eq!(
            summary("f.json", 2, 1, Some(3)),
            "f.json: 2 errors, 1 warning"
        );
        assert_eq!(summary("f.json", 1, 0, None), "f.json: 1 error");
        assert_eq!(
            summary("f.json", 0, 2, Some(1)),
            "f.json: valid, 1 item, 2 warnings"
        );
    }
}
