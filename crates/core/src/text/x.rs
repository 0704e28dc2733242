//! X (Twitter) post length: the weighted length of twitter-text's configuration v3, which is
//! what X enforces today.
//!
//! The rules, in the order twitter-text (`parseTweet`) applies them:
//!
//! 1. The text is normalised to NFC.
//! 2. Each URL twitter-text recognises (with or without `http(s)://`, see [`extract_urls`])
//!    counts [`TRANSFORMED_URL_LENGTH`] (23), whatever its length: X shortens it to a `t.co` link.
//! 3. Each emoji sequence (ZWJ sequences, skin tones, flags, keycaps, presentation selectors)
//!    counts 2, however many code points it has. Sequences are recognised by the grammar of
//!    Unicode TS #51 rather than by twitter-text's frozen list of them (the `emoji` module
//!    explains the few cases where that differs).
//! 4. Every other code point counts 1 if it is in U+0000..U+10FF (Latin, Greek, Cyrillic,
//!    Hebrew, Arabic, Indic, Thai, Georgian, …), U+2000..U+200D, U+2010..U+201F or
//!    U+2032..U+2037 (spaces, dashes, quotes, primes), and 2 otherwise (CJK, Hangul, emoji, …).
//!
//! A post is valid when its weighted length is 1..=280 and it contains none of U+FFFE, U+FEFF and
//! U+FFFF. One deliberate difference from twitter-text: a text of only whitespace keeps its real
//! length here (so a counter shows it) but is invalid, as X refuses blank posts (twitter-text's
//! Java version reports such a text as empty and invalid; its JS version calls it valid).

use std::borrow::Cow;
use std::ops::Range;

use super::{emoji, nfc, urls, utf16_len, Count};

/// X's limit, in weighted characters.
pub const MAX_WEIGHTED_LENGTH: usize = 280;

/// What any URL counts, in weighted characters (the length of a `t.co` link).
pub const TRANSFORMED_URL_LENGTH: usize = 23;

/// twitter-text weights are in hundredths of a character.
const SCALE: usize = 100;
/// Weight of code points outside `LIGHT_RANGES`, and of every emoji sequence.
const DEFAULT_WEIGHT: usize = 200;
/// Weight of code points in `LIGHT_RANGES`.
const LIGHT_WEIGHT: usize = 100;
/// The v3 ranges of weight 100 (inclusive).
const LIGHT_RANGES: [(u32, u32); 4] = [
    (0, 0x10FF),
    (0x2000, 0x200D),
    (0x2010, 0x201F),
    (0x2032, 0x2037),
];

/// Everything twitter-text's `parseTweet` reports about a text (configuration v3).
///
/// Indices are in UTF-16 code units of the *original* (not normalised) text, as twitter-text
/// reports them, which is also what a browser text field's selection uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parsed {
    /// Weighted length in characters (what X's counter shows).
    pub weighted_length: usize,
    /// Whether X accepts the text.
    pub valid: bool,
    /// `weighted_length` in thousandths of the limit, rounded down (1000 = exactly full).
    pub permillage: usize,
    /// How many leading UTF-16 units fit: before the limit is exceeded and before the first
    /// invalid character (twitter-text's `validRangeEnd + 1`). A UI can mark the rest as overflow.
    pub valid_utf16_len: usize,
    /// UTF-16 length of the text (twitter-text's `displayRangeEnd + 1`).
    pub display_utf16_len: usize,
}

/// The weighted length of `text` and whether X accepts it.
pub fn count(text: &str) -> Count {
    let parsed = parse(text);
    Count {
        length: parsed.weighted_length,
        max: MAX_WEIGHTED_LENGTH,
        valid: parsed.valid,
    }
}

/// Byte ranges (into `text`) of what twitter-text treats as URLs, in order.
///
/// This is twitter-text's URL extraction (`extractUrlsWithIndices`), which does not normalise
/// the text; [`count`] runs it on the NFC form.
pub fn extract_urls(text: &str) -> Vec<Range<usize>> {
    urls::extract(text)
}

/// twitter-text's `parseTweet` with configuration v3.
pub fn parse(text: &str) -> Parsed {
    let normalized = nfc::nfc(text);
    let norm: &str = &normalized;
    let urls = urls::extract(norm);
    let mut emoji = emoji::Scanner::new(norm);
    let limit = MAX_WEIGHTED_LENGTH * SCALE;

    let mut tally = Tally {
        weight: 0,
        invalid: false,
        valid_units: 0,
        limit,
    };
    let mut urls = urls.into_iter().peekable();
    let mut i = 0;
    while i < norm.len() {
        // Units are URLs first, then emoji sequences, else single code points; find the next
        // URL or emoji unit and weigh the plain text before it in one go.
        while urls.next_if(|u| u.start < i).is_some() {}
        let url_start = urls.peek().map_or(usize::MAX, |u| u.start);
        let next_emoji = emoji.next_from(i).filter(|&(start, _)| start < url_start);
        let stop = next_emoji
            .map_or(url_start, |(start, _)| start)
            .min(norm.len());
        tally.plain(&norm[i..stop]);
        i = stop;
        if let Some(url) = urls.next_if(|u| u.start == i) {
            tally.unit(
                TRANSFORMED_URL_LENGTH * SCALE,
                utf16_len(&norm[url.clone()]),
            );
            i = url.end;
        } else if let Some((start, end)) = next_emoji.filter(|&(start, _)| start == i) {
            tally.unit(DEFAULT_WEIGHT, utf16_len(&norm[start..end]));
            i = end;
        }
    }
    let Tally {
        weight,
        invalid,
        valid_units,
        ..
    } = tally;

    let weighted_length = weight / SCALE;
    // Java's `String.trim()`: a text of nothing but controls and spaces is blank.
    let blank = text.chars().all(|c| c <= ' ');
    let valid = !invalid && !blank && weighted_length <= MAX_WEIGHTED_LENGTH;
    // Normalisation can change the length; twitter-text shifts its indices back by the
    // difference.
    let display = utf16_len(text);
    let normalized_len = match normalized {
        Cow::Borrowed(_) => display,
        Cow::Owned(_) => utf16_len(norm),
    };
    let shift = display as i64 - normalized_len as i64;
    let valid_utf16_len = usize::try_from(valid_units as i64 + shift)
        .unwrap_or(0)
        .min(display);
    Parsed {
        weighted_length,
        valid,
        permillage: weighted_length * 1000 / MAX_WEIGHTED_LENGTH,
        valid_utf16_len,
        display_utf16_len: display,
    }
}

/// Running totals of [`parse`].
struct Tally {
    /// Weighted length so far, in hundredths.
    weight: usize,
    /// Whether an invalid character was seen.
    invalid: bool,
    /// UTF-16 units of the units that fit (see [`Parsed::valid_utf16_len`]).
    valid_units: usize,
    /// The limit, in hundredths.
    limit: usize,
}

impl Tally {
    /// Adds one unit of `weight` covering `units` UTF-16 code units.
    fn unit(&mut self, weight: usize, units: usize) {
        self.weight += weight;
        // Like twitter-text's JS, the valid range stops for good at the first invalid character.
        if !self.invalid && self.weight <= self.limit {
            self.valid_units += units;
        }
    }

    /// Adds text that holds neither URLs nor emoji, one code point at a time (ASCII runs in
    /// one step, as they are most of most texts).
    fn plain(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = rest.bytes().take_while(u8::is_ascii).count();
            if ascii > 0 {
                // Code point k of the run is within the limit iff weight + k × 100 ≤ limit.
                if !self.invalid && self.weight <= self.limit {
                    self.valid_units += ascii.min((self.limit - self.weight) / LIGHT_WEIGHT);
                }
                self.weight += ascii * LIGHT_WEIGHT;
                rest = &rest[ascii..];
                continue;
            }
            let mut chars = rest.chars();
            let Some(c) = chars.next() else { break };
            self.invalid |= urls::is_invalid_char(c);
            self.unit(char_weight(c), c.len_utf16());
            rest = chars.as_str();
        }
    }
}

/// The v3 weight of one code point that is neither in a URL nor in an emoji sequence.
fn char_weight(c: char) -> usize {
    let cp = c as u32;
    if cp <= 0x10FF {
        return LIGHT_WEIGHT;
    }
    if LIGHT_RANGES.iter().any(|&(lo, hi)| (lo..=hi).contains(&cp)) {
        LIGHT_WEIGHT
    } else {
        DEFAULT_WEIGHT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example_by_hand() {
        // "Grüße aus München 🇩🇪 beispiel.de", unit by unit:
        //   G r ü ß e          5 × 1 = 5   (ü U+00FC and ß U+00DF are below U+10FF)
        //   ␠                  1           → 6
        //   a u s              3           → 9
        //   ␠                  1           → 10
        //   M ü n c h e n      7           → 17
        //   ␠                  1           → 18
        //   🇩🇪                 one flag sequence (two regional indicators) = 2 → 20
        //   ␠                  1           → 21
        //   beispiel.de        a URL without protocol (".de" is a ccTLD) = 23 → 44
        let c = count("Grüße aus München 🇩🇪 beispiel.de");
        assert_eq!(
            c,
            Count {
                length: 44,
                max: 280,
                valid: true
            }
        );
        // The same text with decomposed umlauts counts the same once normalised.
        let decomposed = "Gru\u{308}ße aus Mu\u{308}nchen 🇩🇪 beispiel.de";
        assert_eq!(count(decomposed).length, 44);
    }

    #[test]
    fn urls_count_23_whatever_their_length() {
        assert_eq!(
            count("https://example.com/a/very/long/path?with=query&and=more").length,
            23
        );
        assert_eq!(count("t.co").length, 23);
        assert_eq!(count("x http://a.b.cd").length, 25);
    }

    #[test]
    fn cjk_and_emoji_weigh_two() {
        assert_eq!(count("日本語").length, 6);
        assert_eq!(count("한국어").length, 6);
        assert_eq!(count("👨‍👩‍👧‍👦").length, 2);
        assert_eq!(count("👍🏽").length, 2);
        assert_eq!(count("1⃣").length, 2);
        assert_eq!(count("©").length, 1);
        assert_eq!(count("©\u{FE0F}").length, 2);
    }

    #[test]
    fn validity_rules() {
        assert!(!count("").valid);
        assert!(!count("   \n").valid);
        assert_eq!(count("   ").length, 3);
        assert!(count("a").valid);
        assert!(!count("a\u{FFFE}").valid);
        assert!(count(&"x".repeat(280)).valid);
        let over = count(&"x".repeat(281));
        assert!(!over.valid);
        assert_eq!(over.overflow(), 1);
        assert!(!count(&"字".repeat(141)).valid);
    }

    #[test]
    fn parse_reports_the_fitting_prefix_in_utf16_units() {
        let p = parse(&"x".repeat(285));
        assert_eq!((p.weighted_length, p.permillage), (285, 1017));
        assert_eq!((p.valid_utf16_len, p.display_utf16_len), (280, 285));
        let p = parse("ab\u{FFFF}cd");
        assert_eq!((p.valid, p.valid_utf16_len), (false, 2));
        assert_eq!(
            parse(""),
            Parsed {
                weighted_length: 0,
                valid: false,
                permillage: 0,
                valid_utf16_len: 0,
                display_utf16_len: 0
            }
        );
    }

    #[test]
    fn counting_is_fast() {
        // A thousand typical captions (German text, emoji, two links) must count in well under
        // the time of a frame; debug builds are ~20× slower, so only a loose bound is asserted.
        let caption = "Unser neues Whitepaper ist da! 🚀 Wie Teams 2026 mit KI-Agenten arbeiten – \
                       mit Beispielen aus München und Zürich 🇩🇪🇨🇭. Jetzt lesen: \
                       https://www.example.com/blog/ki-agenten-2026?utm_source=x #KI #Zukunft \
                       mehr unter beispiel.de/whitepaper";
        let start = std::time::Instant::now();
        let mut total = 0;
        for _ in 0..1000 {
            total += count(caption).length;
        }
        let elapsed = start.elapsed();
        assert!(total > 0);
        assert!(elapsed.as_millis() < 2000, "1000 counts took {elapsed:?}");
    }
}
