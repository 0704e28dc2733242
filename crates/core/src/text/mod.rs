//! Network text rules: how long a post is in each network's own terms, and how much of it the
//! feed shows before folding.
//!
//! Each network counts differently, and a counter that disagrees with the network by even one
//! character lets a user paste a post that is then rejected (X) or truncated where they did not
//! expect (LinkedIn). So these modules reproduce the networks' rules rather than approximate
//! them:
//!
//! - [`x`]: X's weighted length, exactly as twitter-text's configuration v3 computes it (Unicode
//!   normalisation, URLs counted as 23, emoji sequences as 2, most CJK and other scripts as 2).
//! - [`linkedin`]: LinkedIn's plain character limit and its "…see more" fold.
//!
//! Everything here is table-driven and hand-written (no `regex`, no normalisation crate): the
//! crate is also compiled to wasm for the browser extension, where every kilobyte counts.

use serde::Serialize;

pub mod linkedin;
pub mod x;

mod emoji;
mod nfc;
// Generated tables: their layout is the generators' (the regeneration tests compare text).
#[rustfmt::skip]
mod nfc_tables;
#[rustfmt::skip]
mod tlds;
mod urls;

/// Result of measuring a text against a network's limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count {
    /// Length in the network's own unit (X: weighted characters; LinkedIn: UTF-16 code units).
    pub length: usize,
    /// The network's maximum, in the same unit as `length`.
    pub max: usize,
    /// Whether the network would accept the text: not blank, within `max`, and free of the
    /// characters the network refuses.
    pub valid: bool,
}

impl Count {
    /// How many units the text is over the limit (0 when it fits), i.e. how much to cut.
    pub fn overflow(&self) -> usize {
        self.length.saturating_sub(self.max)
    }
}

/// The number of UTF-16 code units in `text`.
///
/// This is JavaScript's `String.length`, the unit a browser `textarea`'s `maxlength` counts and
/// the unit twitter-text reports index ranges in; web-based composers that "count characters"
/// almost always count this.
pub fn utf16_len(text: &str) -> usize {
    // Every byte that is not a UTF-8 continuation byte starts a character (one unit), and the
    // four-byte ones (lead byte 0xF0 and up) need a second unit. Counting bytes vectorises.
    text.bytes()
        .map(|b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// The byte index in `text` after at most `units` UTF-16 code units, never inside a character
/// (a character that would straddle the limit is left out).
pub(crate) fn byte_index_after_utf16(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (i, c) in text.char_indices() {
        seen += c.len_utf16();
        if seen > units {
            return i;
        }
    }
    text.len()
}

/// The character starting at byte `i` of `s`, if `i` is a character boundary inside `s`.
fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..).and_then(|rest| rest.chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overflow_is_zero_within_limit() {
        let c = Count {
            length: 10,
            max: 280,
            valid: true,
        };
        assert_eq!(c.overflow(), 0);
        let c = Count {
            length: 285,
            max: 280,
            valid: false,
        };
        assert_eq!(c.overflow(), 5);
    }

    #[test]
    fn utf16_counts_surrogate_pairs_twice() {
        assert_eq!(utf16_len(""), 0);
        assert_eq!(utf16_len("abc"), 3);
        assert_eq!(utf16_len("äöü"), 3);
        assert_eq!(utf16_len("😀"), 2);
        assert_eq!(utf16_len("👍🏽"), 4);
    }

    #[test]
    fn byte_index_after_utf16_never_splits_a_char() {
        assert_eq!(byte_index_after_utf16("abc", 2), 2);
        assert_eq!(byte_index_after_utf16("abc", 5), 3);
        assert_eq!(byte_index_after_utf16("a😀b", 2), 1); // the emoji would straddle
        assert_eq!(byte_index_after_utf16("a😀b", 3), 5);
        assert_eq!(byte_index_after_utf16("ää", 1), 2);
    }
}
