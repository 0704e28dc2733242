//! Emoji sequences for X's counter: twitter-text v3 counts each emoji sequence as one unit of the
//! default weight (2), however many code points it is made of.
//!
//! twitter-text finds them with a generated regex (Java: `TwitterTextEmojiRegex`; JS:
//! `twemoji-parser`) listing every sequence of the emoji version it was built with. A copy of
//! that list would cost several kilobytes of wasm and go stale with each emoji release, so this
//! module matches the *grammar* of Unicode Technical Standard #51 instead, with two property
//! tables. On every sequence in that list both agree; they differ only on sequences the list
//! does not know: newer emoji (which X's current web client, built on an updated
//! `twemoji-parser`, does count as one unit, like this module) and non-standard ZWJ
//! combinations such as cat + ZWJ + rocket (twitter-text: 2 + 1 + 2, this module: 2).
//!
//! What counts as one unit (a "match"), mirroring the cases of twitter-text's regex:
//! - a keycap: `[#*0-9]`, optional U+FE0F, U+20E3;
//! - a flag: two regional indicators (a lone one is also a match, as in twitter-text);
//! - an emoji element: an `Extended_Pictographic` character or a skin-tone modifier, then an
//!   optional U+FE0F, an optional skin-tone modifier (only after an `Emoji_Modifier_Base`), and an
//!   optional tag sequence (subdivision flags such as England); elements chained by U+200D (ZWJ)
//!   form one match;
//! - a stray U+FE0F.
//!
//! Two details keep the weights identical to twitter-text's: an element followed by U+FE0E (text
//! presentation) is not an emoji, and © and ® (which weigh 1 as text) are emoji only when followed
//! by U+FE0F.
//!
//! Matches are found the way a regex's find-all finds them, left to right over the whole text,
//! independently of URLs: the counter then uses a match only if its start is reached.

use super::char_at;

/// `Extended_Pictographic` (Unicode 16.0 emoji-data.txt, as tabulated by regex-syntax 0.8's
/// generated tables), as inclusive ranges sorted by start.
#[rustfmt::skip]
static EXTENDED_PICTOGRAPHIC: [(u32, u32); 78] = [
    (0xA9, 0xA9), (0xAE, 0xAE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122),
    (0x2139, 0x2139), (0x2194, 0x2199), (0x21A9, 0x21AA), (0x231A, 0x231B), (0x2328, 0x2328),
    (0x2388, 0x2388), (0x23CF, 0x23CF), (0x23E9, 0x23F3), (0x23F8, 0x23FA), (0x24C2, 0x24C2),
    (0x25AA, 0x25AB), (0x25B6, 0x25B6), (0x25C0, 0x25C0), (0x25FB, 0x25FE), (0x2600, 0x2605),
    (0x2607, 0x2612), (0x2614, 0x2685), (0x2690, 0x2705), (0x2708, 0x2712), (0x2714, 0x2714),
    (0x2716, 0x2716), (0x271D, 0x271D), (0x2721, 0x2721), (0x2728, 0x2728), (0x2733, 0x2734),
    (0x2744, 0x2744), (0x2747, 0x2747), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755),
    (0x2757, 0x2757), (0x2763, 0x2767), (0x2795, 0x2797), (0x27A1, 0x27A1), (0x27B0, 0x27B0),
    (0x27BF, 0x27BF), (0x2934, 0x2935), (0x2B05, 0x2B07), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50),
    (0x2B55, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3297), (0x3299, 0x3299),
    (0x1F000, 0x1F0FF), (0x1F10D, 0x1F10F), (0x1F12F, 0x1F12F), (0x1F16C, 0x1F171),
    (0x1F17E, 0x1F17F), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F1AD, 0x1F1E5),
    (0x1F201, 0x1F20F), (0x1F21A, 0x1F21A), (0x1F22F, 0x1F22F), (0x1F232, 0x1F23A),
    (0x1F23C, 0x1F23F), (0x1F249, 0x1F3FA), (0x1F400, 0x1F53D), (0x1F546, 0x1F64F),
    (0x1F680, 0x1F6FF), (0x1F774, 0x1F77F), (0x1F7D5, 0x1F7FF), (0x1F80C, 0x1F80F),
    (0x1F848, 0x1F84F), (0x1F85A, 0x1F85F), (0x1F888, 0x1F88F), (0x1F8AE, 0x1F8FF),
    (0x1F90C, 0x1F93A), (0x1F93C, 0x1F945), (0x1F947, 0x1FAFF), (0x1FC00, 0x1FFFD),
];

/// `Emoji_Modifier_Base` (Unicode 16.0 emoji-data.txt), inclusive ranges sorted by start.
#[rustfmt::skip]
static EMOJI_MODIFIER_BASE: [(u32, u32); 40] = [
    (0x261D, 0x261D), (0x26F9, 0x26F9), (0x270A, 0x270D), (0x1F385, 0x1F385), (0x1F3C2, 0x1F3C4),
    (0x1F3C7, 0x1F3C7), (0x1F3CA, 0x1F3CC), (0x1F442, 0x1F443), (0x1F446, 0x1F450),
    (0x1F466, 0x1F478), (0x1F47C, 0x1F47C), (0x1F481, 0x1F483), (0x1F485, 0x1F487),
    (0x1F48F, 0x1F48F), (0x1F491, 0x1F491), (0x1F4AA, 0x1F4AA), (0x1F574, 0x1F575),
    (0x1F57A, 0x1F57A), (0x1F590, 0x1F590), (0x1F595, 0x1F596), (0x1F645, 0x1F647),
    (0x1F64B, 0x1F64F), (0x1F6A3, 0x1F6A3), (0x1F6B4, 0x1F6B6), (0x1F6C0, 0x1F6C0),
    (0x1F6CC, 0x1F6CC), (0x1F90C, 0x1F90C), (0x1F90F, 0x1F90F), (0x1F918, 0x1F91F),
    (0x1F926, 0x1F926), (0x1F930, 0x1F939), (0x1F93C, 0x1F93E), (0x1F977, 0x1F977),
    (0x1F9B5, 0x1F9B6), (0x1F9B8, 0x1F9B9), (0x1F9BB, 0x1F9BB), (0x1F9CD, 0x1F9CF),
    (0x1F9D1, 0x1F9DD), (0x1FAC3, 0x1FAC5), (0x1FAF0, 0x1FAF8),
];

const ZWJ: char = '\u{200D}';
const VS15: char = '\u{FE0E}';
const VS16: char = '\u{FE0F}';
const KEYCAP: char = '\u{20E3}';
const CANCEL_TAG: char = '\u{E007F}';

fn in_ranges(table: &[(u32, u32)], c: char) -> bool {
    let cp = c as u32;
    let i = table.partition_point(|&(start, _)| start <= cp);
    i > 0 && table[i - 1].1 >= cp
}

fn is_extended_pictographic(c: char) -> bool {
    // Nothing below U+00A9 is pictographic; the quick test keeps plain text fast.
    (c as u32) >= 0xA9 && in_ranges(&EXTENDED_PICTOGRAPHIC, c)
}

fn is_modifier(c: char) -> bool {
    ('\u{1F3FB}'..='\u{1F3FF}').contains(&c)
}

fn is_modifier_base(c: char) -> bool {
    (c as u32) >= 0x261D && in_ranges(&EMOJI_MODIFIER_BASE, c)
}

fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn is_tag(c: char) -> bool {
    ('\u{E0020}'..='\u{E007E}').contains(&c)
}

/// The end (byte index) of the emoji match starting at byte `i` of `s`, if one starts there.
pub(super) fn match_at(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    let next = i + c.len_utf8();
    match c {
        '#' | '*' | '0'..='9' => {
            let mut j = next;
            if char_at(s, j) == Some(VS16) {
                j += VS16.len_utf8();
            }
            (char_at(s, j) == Some(KEYCAP)).then(|| j + KEYCAP.len_utf8())
        }
        VS16 => Some(next),
        _ if is_regional_indicator(c) => match char_at(s, next) {
            Some(d) if is_regional_indicator(d) => Some(next + d.len_utf8()),
            _ => Some(next),
        },
        _ => {
            let mut end = element_at(s, i)?;
            // ZWJ sequence: keep joining as long as a ZWJ is followed by another element.
            while char_at(s, end) == Some(ZWJ) {
                match element_at(s, end + ZWJ.len_utf8()) {
                    Some(e) => end = e,
                    None => break,
                }
            }
            Some(end)
        }
    }
}

/// One emoji element (see the module documentation) starting at byte `i`.
fn element_at(s: &str, i: usize) -> Option<usize> {
    let c = char_at(s, i)?;
    if !(is_extended_pictographic(c) || is_modifier(c)) {
        return None;
    }
    let mut j = i + c.len_utf8();
    match char_at(s, j) {
        Some(VS15) => return None,
        Some(VS16) => j += VS16.len_utf8(),
        // © and ® are text unless they ask for emoji presentation.
        _ if (c as u32) <= 0xFF => return None,
        _ => {}
    }
    if is_modifier_base(c) {
        if let Some(m) = char_at(s, j).filter(|&m| is_modifier(m)) {
            j += m.len_utf8();
        }
    }
    // Tag sequence (e.g. black flag + "gbeng" + cancel tag): only if properly terminated.
    let mut k = j;
    while let Some(t) = char_at(s, k).filter(|&t| is_tag(t)) {
        k += t.len_utf8();
    }
    if k > j && char_at(s, k) == Some(CANCEL_TAG) {
        j = k + CANCEL_TAG.len_utf8();
    }
    Some(j)
}

/// The emoji matches of a text, found left to right like a regex's find-all and handed out to
/// a caller that walks the text forwards.
pub(super) struct Scanner<'a> {
    text: &'a str,
    /// Where the next search starts (the end of the previous match).
    search_from: usize,
    /// The next match not yet passed by the caller.
    pending: Option<(usize, usize)>,
    done: bool,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Scanner {
            text,
            search_from: 0,
            pending: None,
            done: false,
        }
    }

    /// The end of the match starting exactly at byte `at`, if there is one. Successive calls
    /// must not decrease `at`.
    #[cfg(test)]
    pub(super) fn match_at(&mut self, at: usize) -> Option<usize> {
        self.next_from(at)
            .filter(|&(start, _)| start == at)
            .map(|(_, end)| end)
    }

    /// The first match starting at or after byte `at`, as `(start, end)`. Matches that start
    /// before `at` were jumped over by the caller (they started inside a URL or another unit)
    /// and are dropped. Successive calls must not decrease `at`.
    pub(super) fn next_from(&mut self, at: usize) -> Option<(usize, usize)> {
        loop {
            match self.pending {
                Some((start, end)) if start >= at => return Some((start, end)),
                Some(_) => self.pending = None,
                None if self.done => return None,
                None => self.pending = self.find_next(),
            }
        }
    }

    fn find_next(&mut self) -> Option<(usize, usize)> {
        let bytes = self.text.as_bytes();
        let mut from = self.search_from;
        while let Some(offset) = bytes
            .get(from..)?
            .iter()
            .position(|&b| MAY_START_EMOJI[usize::from(b)])
        {
            let start = from + offset;
            if let Some(end) = match_at(self.text, start) {
                self.search_from = end;
                return Some((start, end));
            }
            from = start + 1;
        }
        self.done = true;
        self.search_from = self.text.len();
        None
    }
}

/// Whether a character starting with UTF-8 byte `b` may start a match: keycap bases, the lead
/// byte of © and ®, and the lead bytes of U+2000..U+3FFF, U+F000..U+FFFF and the
/// supplementary planes, where every other emoji character lies. Continuation bytes never do.
/// (A table, because the scan asks for every byte of the text.)
static MAY_START_EMOJI: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] =
            matches!(b as u8, b'#' | b'*' | b'0'..=b'9' | 0xC2 | 0xE2 | 0xE3 | 0xEF | 0xF0..=0xF4);
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(s: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut scanner = Scanner::new(s);
        for (i, _) in s.char_indices() {
            if let Some(end) = scanner.match_at(i) {
                out.push(&s[i..end]);
            }
        }
        out
    }

    #[test]
    fn single_and_sequence_emoji_are_one_match_each() {
        assert_eq!(matches("a😀b"), ["😀"]);
        assert_eq!(matches("👨‍👩‍👧‍👦"), ["👨‍👩‍👧‍👦"]);
        assert_eq!(matches("🙋🏽👨‍🎤"), ["🙋🏽", "👨‍🎤"]);
        assert_eq!(matches("🇩🇪🇫🇷"), ["🇩🇪", "🇫🇷"]);
        assert_eq!(matches("1⃣ #️⃣"), ["1⃣", "#️⃣"]);
        assert_eq!(matches("🏳️‍🌈"), ["🏳️‍🌈"]);
        assert_eq!(matches("🏴󠁧󠁢󠁥󠁮󠁧󠁿"), ["🏴󠁧󠁢󠁥󠁮󠁧󠁿"]);
        assert_eq!(matches("❤️‍🔥"), ["❤️‍🔥"]);
    }

    #[test]
    fn text_presentation_and_plain_symbols_are_not_emoji() {
        assert_eq!(matches("© 2026"), Vec::<&str>::new());
        assert_eq!(matches("©\u{FE0F}"), ["©\u{FE0F}"]);
        assert_eq!(matches("☺\u{FE0E}"), Vec::<&str>::new());
        assert_eq!(matches("123 #tag *"), Vec::<&str>::new());
    }

    #[test]
    fn modifiers_only_join_modifier_bases() {
        // 😷 is not a modifier base: the skin tone stands alone (twitter-text: 2 + 2).
        assert_eq!(matches("😷🏽"), ["😷", "🏽"]);
        assert_eq!(matches("👍🏽"), ["👍🏽"]);
    }

    #[test]
    fn dangling_zwj_is_not_swallowed() {
        assert_eq!(matches("👨\u{200D}x"), ["👨"]);
    }

    #[test]
    fn scanner_skips_matches_that_start_inside_a_jumped_span() {
        let s = "x#️⃣y";
        let mut scanner = Scanner::new(s);
        // The caller jumps over the '#' (as if it ended a URL) and asks at the VS16: the regex
        // scan matched "#️⃣" as a whole, so no match starts at the VS16.
        assert_eq!(scanner.match_at(2), None);
        assert_eq!(scanner.match_at(5), None);
    }
}
