//! Spreadsheet exports as text: whatever encoding and separator the spreadsheet chose.
//!
//! Excel's "CSV UTF-8" starts with a byte order mark; its plain "CSV (Trennzeichen-getrennt)"
//! is Windows-1252 and, in German settings, separated by `;`; "Unicode text" is UTF-16 with
//! tabs. Excel also understands (and some tools write) a first line `sep=;`.

use super::problem::ImportError;

/// Decoded spreadsheet text.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without byte order mark and without a `sep=` line.
    pub text: String,
    /// The field separator.
    pub delimiter: u8,
    /// A note for the user about how the file was read, if it was not plain UTF-8.
    pub note: Option<String>,
}

/// Characters 0x80–0x9F of Windows-1252 (the rest of the range 0xA0–0xFF equals Latin-1, and
/// so Unicode). Unassigned bytes map to the C1 control of the same number, as browsers do.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes `bytes` and finds the separator. Fails only for broken UTF-16.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
    let (text, note) = if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        (String::from_utf8_lossy(rest).into_owned(), None)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        (utf16(rest, u16::from_le_bytes)?, None)
    } else if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        (utf16(rest, u16::from_be_bytes)?, None)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), None),
            Err(_) => (
                bytes.iter().map(|&b| cp1252(b)).collect(),
                Some(
                    "the file is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV (Trennzeichen-getrennt)\"); check umlauts in the result, or save as \"CSV UTF-8\""
                        .to_string(),
                ),
            ),
        }
    };
    let (text, declared) = strip_sep_line(text);
    let delimiter = declared.unwrap_or_else(|| guess_delimiter(&text));
    Ok(Decoded {
        text,
        delimiter,
        note,
    })
}

fn cp1252(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

fn utf16(bytes: &[u8], read: fn([u8; 2]) -> u16) -> Result<String, ImportError> {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| read([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units).map_err(|_| ImportError::BrokenUtf16)
}

/// Removes Excel's `sep=X` first line and returns the separator it declares.
fn strip_sep_line(text: String) -> (String, Option<u8>) {
    let first = text.lines().next().unwrap_or("");
    let declared = first
        .trim_end_matches('\r')
        .strip_prefix("sep=")
        .filter(|rest| rest.len() == 1)
        .and_then(|rest| rest.bytes().next());
    match declared {
        Some(d) => {
            let rest = text.split_once('\n').map_or("", |(_, r)| r).to_string();
            (rest, Some(d))
        }
        None => (text, None),
    }
}

/// The separator that occurs most often in the header row outside quotes (`,` if none does).
fn guess_delimiter(text: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            _ if !quoted => {
                if let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
                    entry.1 += 1;
                }
            }
            _ => {}
        }
    }
    // On a tie the earlier one in the list wins: `,` is the CSV default.
    let best = counts
        .iter()
        .fold((b',', 0), |best, &c| if c.1 > best.1 { c } else { best });
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_with_and_without_bom() {
        let d = decode("\u{FEFF}id;url\n1;2\n".as_bytes()).unwrap();
        assert_eq!(
            (d.text.as_str(), d.delimiter, d.note),
            ("id;url\n1;2\n", b';', None)
        );
        let d = decode(b"id,url,\"a;b;c\"\n").unwrap();
        assert_eq!(d.delimiter, b',');
    }

    #[test]
    fn falls_back_to_windows_1252_with_a_note() {
        let d = decode(b"id;caption_de\nq4;Gr\xfc\xdfe \x80 \x84gut\x93\n").unwrap();
        assert_eq!(d.text, "id;caption_de\nq4;Grüße € „gut“\n");
        assert!(d.note.is_some_and(|n| n.contains("Windows-1252")));
    }

    #[test]
    fn reads_utf16_and_sep_lines() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "id\turl\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let d = decode(&bytes).unwrap();
        assert_eq!((d.text.as_str(), d.delimiter), ("id\turl\n", b'\t'));
        let d = decode(b"sep=;\r\nid,x;url\n").unwrap();
        assert_eq!((d.text.as_str(), d.delimiter), ("id,x;url\n", b';'));
        assert_eq!(
            decode(&[0xFF, 0xFE, 0x00, 0xD8]),
            Err(ImportError::BrokenUtf16)
        );
    }
}
