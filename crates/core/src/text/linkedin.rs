//! LinkedIn post length and feed fold.
//!
//! **Unit.** LinkedIn publishes its limit (3,000 characters) but not how it counts them. Its
//! composer is a web editor that enforces the limit in JavaScript, where a string's length is
//! in UTF-16 code units; the observable consequence, reported by people who hit the limit, is
//! that an emoji such as 😀 uses two characters and a family emoji several. So [`count`]
//! counts UTF-16 code units. It is also the safe choice: it is never less than the number of
//! Unicode scalar values, so a text this counter accepts is never rejected for length.
//!
//! **Fold.** The feed shows the start of a post and hides the rest behind "…see more": on desktop
//! about [`FOLD_CHARS`] characters, and never more than three lines. [`fold_at`] predicts where
//! the visible part ends, so a composer can show the author what readers see without clicking.

use super::emoji::Scanner;
use super::nfc::ccc;
use super::{byte_index_after_utf16, utf16_len, Count};

/// LinkedIn's limit for a post, in UTF-16 code units (see the module documentation).
pub const MAX_CHARS: usize = 3000;

/// LinkedIn's feed shows about this many characters before "…see more" (desktop).
pub const FOLD_CHARS: usize = 210;

/// The feed shows at most this many lines before "…see more".
const FOLD_LINES: usize = 3;

/// The length of `text` in LinkedIn's unit and whether LinkedIn accepts it (not blank, at most
/// [`MAX_CHARS`]).
pub fn count(text: &str) -> Count {
    let length = utf16_len(text);
    Count {
        length,
        max: MAX_CHARS,
        valid: !text.trim().is_empty() && length <= MAX_CHARS,
    }
}

/// The byte index in `text` where the part visible in the feed ends, or `None` if the whole
/// text is visible.
///
/// Two rules, whichever folds earlier:
/// - **Length**: past [`FOLD_CHARS`] UTF-16 units the text is cut, backed up to the start of the
///   word the cut falls in (a single word longer than that, or a run of CJK or emoji, is cut
///   where the limit falls, but not inside an emoji sequence or before a combining mark).
/// - **Lines**: the feed shows at most three lines, so the text folds at its third line break
///   (`\n`). Lines that wrap on screen are not predicted: that depends on the reader's screen.
///
/// Whitespace before the fold is not part of the visible text, and a text whose remainder is
/// only whitespace is not folded at all (nothing would be hidden).
pub fn fold_at(text: &str) -> Option<usize> {
    let by_lines = text.match_indices('\n').nth(FOLD_LINES - 1).map(|(i, _)| i);
    let by_length = (utf16_len(text) > FOLD_CHARS).then(|| word_cut(text, FOLD_CHARS));
    let fold = match (by_lines, by_length) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b)?,
    };
    if text[fold..].trim().is_empty() {
        return None;
    }
    Some(text[..fold].trim_end().len())
}

/// The byte index where a cut after `units` UTF-16 units lands once moved back to a word
/// boundary.
fn word_cut(text: &str, units: usize) -> usize {
    let cut = byte_index_after_utf16(text, units);
    let splits_word = text[..cut]
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace())
        && text[cut..]
            .chars()
            .next()
            .is_some_and(|c| !c.is_whitespace());
    if !splits_word {
        return cut;
    }
    match text[..cut].rfind(char::is_whitespace) {
        Some(space) => space,
        None => keep_characters_whole(text, cut),
    }
}

/// `cut` moved back so that it does not split what a reader sees as one character: an emoji
/// sequence (flag, ZWJ family, skin tone, keycap) or a letter with its combining marks.
fn keep_characters_whole(text: &str, mut cut: usize) -> usize {
    let mut emoji = Scanner::new(text);
    let mut at = 0;
    while let Some((start, end)) = emoji.next_from(at) {
        if start >= cut {
            break;
        }
        if end > cut {
            return start;
        }
        at = end;
    }
    while let Some(c) = text[..cut].chars().next_back() {
        let next_is_mark = text[cut..].chars().next().is_some_and(|n| ccc(n) != 0);
        if !next_is_mark {
            break;
        }
        cut -= c.len_utf8();
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_utf16_units() {
        assert_eq!(
            count("Hallo Welt"),
            Count {
                length: 10,
                max: 3000,
                valid: true
            }
        );
        assert_eq!(count("Grüße 😀").length, 8); // the emoji is a surrogate pair
        assert_eq!(count("👨‍👩‍👧‍👦").length, 11);
        assert!(!count("").valid);
        assert!(!count(" \n\t").valid);
        assert!(count(&"a".repeat(3000)).valid);
        let over = count(&"a".repeat(3001));
        assert!(!over.valid);
        assert_eq!(over.overflow(), 1);
    }

    #[test]
    fn short_text_is_not_folded() {
        assert_eq!(fold_at(""), None);
        assert_eq!(fold_at("Ein kurzer Beitrag."), None);
        assert_eq!(fold_at(&"a ".repeat(105)), None); // exactly 210 units
        assert_eq!(fold_at("eins\nzwei\ndrei"), None); // two line breaks: three lines shown
        assert_eq!(fold_at("eins\nzwei\ndrei\n\n"), None); // nothing after the third break
    }

    #[test]
    fn long_text_folds_at_a_word_boundary() {
        // 200 letters, a space, then a 20-letter word straddling unit 210.
        let text = format!("{} {}", "a".repeat(200), "b".repeat(20));
        assert_eq!(fold_at(&text), Some(200));
        // A cut that falls exactly between two words stays there.
        let text = format!("{} {}", "a".repeat(210), "b".repeat(5));
        assert_eq!(fold_at(&text), Some(210));
        // One giant word is cut where the limit falls.
        let text = "x".repeat(300);
        assert_eq!(fold_at(&text), Some(210));
    }

    #[test]
    fn folds_at_the_third_line_break_when_that_comes_first() {
        let text = "Zeile eins\nZeile zwei\nZeile drei\nZeile vier";
        let fold = fold_at(text);
        assert_eq!(fold, Some(32));
        assert_eq!(&text[..32], "Zeile eins\nZeile zwei\nZeile drei");
        // Blank lines count as lines.
        assert_eq!(fold_at("a\n\nb\nc"), Some(4));
        // A long first line folds by length before any line break is reached.
        let text = format!("{} tail\nb\nc\nd", "word ".repeat(50));
        assert!(fold_at(&text).is_some_and(|i| i <= 210));
    }

    #[test]
    fn multibyte_text_is_cut_on_character_and_word_boundaries() {
        // "Grüße " is 6 UTF-16 units but 8 bytes; 40 repetitions = 240 units.
        let text = "Grüße ".repeat(40);
        let fold = fold_at(&text);
        let Some(i) = fold else {
            panic!("long text must fold")
        };
        assert!(text.is_char_boundary(i));
        assert_eq!(&text[..i], "Grüße ".repeat(35).trim_end());
        assert!(utf16_len(&text[..i]) <= FOLD_CHARS);
        // Emoji are two units each: 105 of them fill the 210 units exactly, a 106th folds.
        let emoji = "😀".repeat(106);
        assert_eq!(fold_at(&emoji), Some("😀".len() * 105));
        // CJK has no spaces: cut where the limit falls.
        let cjk = "日本語".repeat(80);
        assert_eq!(fold_at(&cjk), Some("日".len() * 210));
        // ...but never inside an emoji sequence or between a letter and its accent.
        let flags = format!("xxx{}", "🇩🇪".repeat(60)); // unit 210 is the 2nd half of a flag
        let fold = fold_at(&flags).unwrap_or(0);
        assert_eq!(fold, 3 + "🇩🇪".len() * 51);
        let accents = "e\u{301}".repeat(150); // 300 units, unit 210 is an 'e'
        let fold = fold_at(&accents).unwrap_or(0);
        assert!(accents[..fold].ends_with('\u{301}'));
        assert_eq!(utf16_len(&accents[..fold]), 210);
        let accents = format!("x{}", "e\u{301}".repeat(150)); // unit 210 is an accent
        let fold = fold_at(&accents).unwrap_or(0);
        assert_eq!(utf16_len(&accents[..fold]), 209);
    }
}
