//! Eight bytes at a time: the bit tricks the feed's hot scans share (the text check in
//! validation and the brace search in templates). Each test is exact as a yes-or-no answer
//! for the whole word; which byte matched is for the caller's byte loop to find.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes of `bytes` from `at`, as one word; `None` when fewer are left.
pub(crate) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let mut w = [0; 8];
    w.copy_from_slice(bytes.get(at..at.checked_add(8)?)?);
    Some(u64::from_le_bytes(w))
}

/// Whether some byte of `w` equals `b`.
pub(crate) fn has_byte(w: u64, b: u8) -> bool {
    let x = w ^ (u64::from(b) * ONES);
    x.wrapping_sub(ONES) & !x & HIGH != 0
}

/// Whether all eight bytes of `w` are printable ASCII, 0x20..=0x7E.
pub(crate) fn printable_ascii(w: u64) -> bool {
    w & HIGH == 0 && !has_below(w, 0x20) && !has_byte(w, 0x7f)
}

/// Whether some byte of `w` is below `n` (exact for `n` ≤ 0x80).
fn has_below(w: u64, n: u8) -> bool {
    w.wrapping_sub(u64::from(n) * ONES) & !w & HIGH != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_byte_value_at_each_position() {
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = *b"abcdefgh";
                bytes[at] = b;
                let w = word_at(&bytes, 0).unwrap();
                assert_eq!(
                    printable_ascii(w),
                    (0x20..=0x7e).contains(&b),
                    "{b:#x} at {at}"
                );
                assert_eq!(has_byte(w, b'{'), b == b'{', "{b:#x} at {at}");
                assert_eq!(has_byte(w, 0x7f), b == 0x7f, "{b:#x} at {at}");
            }
        }
        assert_eq!(word_at(b"1234567", 0), None);
        assert_eq!(word_at(b"123456789", 2), None);
        assert_eq!(word_at(b"123456789", usize::MAX), None);
    }
}
