//! Unicode Normalization Form C, for X's counter.
//!
//! twitter-text normalises a post to NFC before weighing it (`String.prototype.normalize()` in
//! JS, `java.text.Normalizer` in Java), and the result matters: "e" + U+0301 weighs 2 but "é"
//! weighs 1, and decomposed Hangul jamo weigh 2 each but the composed syllable 2 in all.
//!
//! The `unicode-normalization` crate would do this, for about 60 KB of gzipped wasm. This is
//! the textbook algorithm of Unicode Standard Annex #15 over compact generated tables
//! (`nfc_tables.rs`, about 17 KB of data), and it is checked against that crate in the tests.
//!
//! Almost every real caption is already NFC; [`nfc`] recognises that in one pass and borrows.

use std::borrow::Cow;

use super::nfc_tables::{
    CCC_CLASSES, CCC_RUNS, COMPOSE, DECOMP_CHARS, DECOMP_FIRST, DECOMP_SECOND, STARTER_SECONDS,
};

// Hangul syllables are composed and decomposed arithmetically (Unicode chapter 3.12).
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const N_COUNT: u32 = V_COUNT * T_COUNT;
const S_COUNT: u32 = L_COUNT * N_COUNT;

/// `text` in Normalization Form C (borrowed when it already is).
///
/// One deliberate gap: CJK compatibility ideographs (U+F900..U+FAFF, U+2F800..U+2FA1F) are left
/// as they are instead of being mapped to their unified equivalents, because both weigh 2 and
/// neither composes, so no count can change (see `nfc_tables.rs`).
pub(super) fn nfc(text: &str) -> Cow<'_, str> {
    if is_all_stable(text) {
        return Cow::Borrowed(text);
    }
    let mut buf: Vec<(char, u8)> = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose(c, &mut buf);
    }
    reorder(&mut buf);
    compose(&mut buf);
    Cow::Owned(buf.into_iter().map(|(c, _)| c).collect())
}

/// Whether every character of `text` is stable (then `text` is NFC).
fn is_all_stable(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        // Bytes below 0xCC are ASCII, continuation bytes, or lead bytes of characters below
        // U+0300, which are all stable.
        if b < 0xCC {
            i += 1;
            continue;
        }
        match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) if is_stable(c) => i += c.len_utf8(),
            _ => return false,
        }
    }
    true
}

/// Whether `c` is left unchanged by NFC whatever surrounds it, given that its neighbours are
/// stable too (the NFC_Quick_Check=Yes idea, derived from the same tables).
fn is_stable(c: char) -> bool {
    let cp = c as u32;
    // Below U+0300 there are no combining marks, and the precomposed Latin-1 letters are NFC.
    if cp < 0x300 {
        return true;
    }
    // Dashes, quotes, ellipsis, ZWJ…: common, and in a block shared with two singletons.
    if (0x2002..=0x20CF).contains(&cp) {
        return true;
    }
    // Most blocks (Latin, CJK, emoji, …) hold nothing that NFC could change.
    if cp < QUIET_LIMIT && QUIET_BLOCKS[(cp >> 11) as usize] & (1 << ((cp >> 6) & 31)) == 0 {
        return true;
    }
    if ccc(c) != 0 || is_starter_second(c) || is_jamo_vowel_or_trailing(cp) {
        return false;
    }
    match decomp_index(c) {
        None => true,
        // A primary composite is its own NFC, unless its decomposition starts with a character
        // that can compose with what precedes it (Tulu-Tigalari U+113C5 = U+113C2 + U+113C2);
        // any other decomposable character is not NFC.
        Some(i) => is_primary_composite(i) && !starts_with_starter_second(i),
    }
}

fn starts_with_starter_second(mut index: usize) -> bool {
    loop {
        let first = DECOMP_FIRST[index];
        if STARTER_SECONDS.binary_search(&first).is_ok() {
            return true;
        }
        match char::from_u32(first).and_then(decomp_index) {
            Some(next) => index = next,
            None => return false,
        }
    }
}

/// Code points below this are covered by [`QUIET_BLOCKS`].
const QUIET_LIMIT: u32 = 0x2_0000;

/// One bit per block of 64 code points below [`QUIET_LIMIT`], set when the block contains a
/// character that is decomposable, a combining mark, the second half of a composition or a
/// Hangul vowel/trailing jamo. Characters of a clear block are stable without a table search.
static QUIET_BLOCKS: [u32; (QUIET_LIMIT >> 11) as usize] = {
    const fn mark(mut bits: [u32; 64], first: u32, last: u32) -> [u32; 64] {
        let mut block = first >> 6;
        while block <= last >> 6 && block < QUIET_LIMIT >> 6 {
            bits[(block >> 5) as usize] |= 1 << (block & 31);
            block += 1;
        }
        bits
    }
    let mut bits = [0u32; 64];
    let mut i = 0;
    while i < DECOMP_CHARS.len() {
        bits = mark(bits, DECOMP_CHARS[i], DECOMP_CHARS[i]);
        i += 1;
    }
    i = 0;
    while i < CCC_RUNS.len() {
        let first = CCC_RUNS[i] >> 6;
        bits = mark(bits, first, first + (CCC_RUNS[i] & 0x3F));
        i += 1;
    }
    i = 0;
    while i < STARTER_SECONDS.len() {
        bits = mark(bits, STARTER_SECONDS[i], STARTER_SECONDS[i]);
        i += 1;
    }
    mark(bits, V_BASE, T_BASE + T_COUNT)
};

fn is_jamo_vowel_or_trailing(cp: u32) -> bool {
    (V_BASE..V_BASE + V_COUNT).contains(&cp) || (T_BASE + 1..T_BASE + T_COUNT).contains(&cp)
}

fn is_starter_second(c: char) -> bool {
    STARTER_SECONDS.binary_search(&(c as u32)).is_ok()
}

/// The canonical combining class of `c` (non-zero for combining marks).
pub(super) fn ccc(c: char) -> u8 {
    let cp = c as u32;
    if cp < 0x300 {
        return 0;
    }
    let i = CCC_RUNS.partition_point(|&run| (run >> 6) <= cp);
    if i == 0 {
        return 0;
    }
    let run = CCC_RUNS[i - 1];
    if cp <= (run >> 6) + (run & 0x3F) {
        CCC_CLASSES[i - 1]
    } else {
        0
    }
}

fn decomp_index(c: char) -> Option<usize> {
    DECOMP_CHARS.binary_search(&(c as u32)).ok()
}

/// `(first, second)` of decomposition `index` (`second` is 0 for a singleton).
fn decomp_pair(index: usize) -> (u32, u32) {
    (DECOMP_FIRST[index], DECOMP_SECOND[index])
}

fn is_primary_composite(index: usize) -> bool {
    let (first, second) = decomp_pair(index);
    composite_index(first, second) == Some(index)
}

fn composite_index(first: u32, second: u32) -> Option<usize> {
    COMPOSE
        .binary_search_by_key(&(first, second), |&i| decomp_pair(usize::from(i)))
        .ok()
        .map(|k| usize::from(COMPOSE[k]))
}

/// Appends the full canonical decomposition of `c`, with combining classes.
fn decompose(c: char, out: &mut Vec<(char, u8)>) {
    let cp = c as u32;
    if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
        let s = cp - S_BASE;
        for part in [L_BASE + s / N_COUNT, V_BASE + (s % N_COUNT) / T_COUNT] {
            push_cp(part, out);
        }
        if s % T_COUNT != 0 {
            push_cp(T_BASE + s % T_COUNT, out);
        }
        return;
    }
    match decomp_index(c) {
        Some(i) => {
            let (first, second) = decomp_pair(i);
            for part in [first, second] {
                // 0 marks a singleton; the table only holds valid scalar values otherwise.
                if let Some(p) = char::from_u32(part).filter(|_| part != 0) {
                    decompose(p, out);
                }
            }
        }
        None => out.push((c, ccc(c))),
    }
}

fn push_cp(cp: u32, out: &mut Vec<(char, u8)>) {
    if let Some(c) = char::from_u32(cp) {
        out.push((c, ccc(c)));
    }
}

/// Canonical ordering: a stable sort by combining class within each run of non-starters.
fn reorder(buf: &mut [(char, u8)]) {
    for i in 1..buf.len() {
        let class = buf[i].1;
        if class == 0 {
            continue;
        }
        let mut j = i;
        while j > 0 && buf[j - 1].1 > class {
            buf.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Canonical composition (the sample algorithm of UAX #15), in place.
fn compose(buf: &mut Vec<(char, u8)>) {
    let Some(&(first, first_class)) = buf.first() else {
        return;
    };
    let mut starter_pos = 0;
    let mut starter = first;
    // A text that starts with a non-starter has nothing to compose that mark with.
    let mut last_class: u16 = if first_class == 0 { 0 } else { 256 };
    let mut write = 1;
    for read in 1..buf.len() {
        let (c, class) = buf[read];
        let class16 = u16::from(class);
        let unblocked = last_class < class16 || last_class == 0;
        match compose_pair(starter, c).filter(|_| unblocked) {
            Some(composite) => {
                buf[starter_pos].0 = composite;
                starter = composite;
            }
            None => {
                if class == 0 {
                    starter_pos = write;
                    starter = c;
                }
                last_class = class16;
                buf[write] = (c, class);
                write += 1;
            }
        }
    }
    buf.truncate(write);
}

/// The primary composite of `first` + `second`, if there is one.
fn compose_pair(first: char, second: char) -> Option<char> {
    let (a, b) = (first as u32, second as u32);
    if (L_BASE..L_BASE + L_COUNT).contains(&a) && (V_BASE..V_BASE + V_COUNT).contains(&b) {
        return char::from_u32(S_BASE + ((a - L_BASE) * V_COUNT + (b - V_BASE)) * T_COUNT);
    }
    if (S_BASE..S_BASE + S_COUNT).contains(&a)
        && (a - S_BASE) % T_COUNT == 0
        && (T_BASE + 1..T_BASE + T_COUNT).contains(&b)
    {
        return char::from_u32(a + (b - T_BASE));
    }
    composite_index(a, b).and_then(|i| char::from_u32(DECOMP_CHARS[i]))
}

#[cfg(test)]
// Tests build reference tables; they are not in the wasm module, so they may sort freely.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::fmt::Write as _;
    use unicode_normalization::char::{
        canonical_combining_class, compose as ref_compose, decompose_canonical,
    };
    use unicode_normalization::UnicodeNormalization;

    const TABLES_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/text/nfc_tables.rs");

    fn is_cjk_compat(cp: u32) -> bool {
        (0xF900..=0xFAFF).contains(&cp) || (0x2F800..=0x2FA1F).contains(&cp)
    }

    fn full(c: char) -> Vec<char> {
        let mut d = Vec::new();
        decompose_canonical(c, |x| d.push(x));
        d
    }

    fn reference_nfc(s: &str) -> String {
        s.nfc().collect()
    }

    /// Renders `nfc_tables.rs` from the `unicode-normalization` crate's data.
    fn render_tables() -> String {
        let is_hangul = |cp: u32| (S_BASE..S_BASE + S_COUNT).contains(&cp);
        let mut decomposable: Vec<(char, Vec<char>)> = Vec::new();
        for cp in 0u32..0x11_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_hangul(cp) {
                continue;
            }
            let d = full(c);
            if d != [c] {
                decomposable.push((c, d));
            }
        }
        let mut by_full: HashMap<Vec<char>, Vec<char>> = HashMap::new();
        for (c, d) in &decomposable {
            by_full.entry(d.clone()).or_default().push(*c);
        }
        // Single-step mapping: for a primary composite, the pair that composes to it; for the
        // rest, any split whose recursive expansion is the full decomposition.
        let mut rows: Vec<(u32, u32, u32, bool)> = Vec::new();
        for (c, d) in &decomposable {
            let cp = *c as u32;
            if d.len() == 1 && is_cjk_compat(cp) {
                continue;
            }
            let primary = d.len() >= 2 && reference_nfc(&c.to_string()) == c.to_string();
            let (first, second) = match d.len() {
                1 => (d[0], None),
                2 => (d[0], Some(d[1])),
                n => {
                    let prefix = &d[..n - 1];
                    let last = d[n - 1];
                    let candidates = by_full.get(prefix).cloned().unwrap_or_default();
                    let pick = if primary {
                        candidates
                            .into_iter()
                            .find(|&a| ref_compose(a, last) == Some(*c))
                    } else {
                        candidates.into_iter().next()
                    };
                    (
                        pick.expect("a character with the prefix decomposition"),
                        Some(last),
                    )
                }
            };
            if primary {
                assert_eq!(
                    ref_compose(first, second.expect("pair")),
                    Some(*c),
                    "{cp:04X}"
                );
            }
            let mut expanded = full(first);
            if let Some(s) = second {
                expanded.extend(full(s));
            }
            assert_eq!(&expanded, d, "{cp:04X}");
            rows.push((cp, first as u32, second.map_or(0, |s| s as u32), primary));
        }
        rows.sort_unstable();
        let mut compose_idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].3).collect();
        compose_idx.sort_by_key(|&i| (rows[i].1, rows[i].2));
        let mut runs: Vec<(u32, u32, u8)> = Vec::new();
        for cp in 0u32..0x11_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let class = canonical_combining_class(c);
            if class == 0 {
                continue;
            }
            match runs.last_mut() {
                Some(r) if r.1 + 1 == cp && r.2 == class && r.1 - r.0 < 63 => r.1 = cp,
                _ => runs.push((cp, cp, class)),
            }
        }
        let mut starter_seconds: Vec<u32> = rows
            .iter()
            .filter(|r| r.3)
            .filter_map(|r| char::from_u32(r.2))
            .filter(|&b| canonical_combining_class(b) == 0)
            .map(|b| b as u32)
            .collect();
        starter_seconds.sort_unstable();
        starter_seconds.dedup();

        let (maj, min, pat) = unicode_normalization::UNICODE_VERSION;
        let mut o = String::new();
        let w = &mut o;
        let _ = writeln!(w, "//! Canonical normalization data for the NFC step of X's counter. GENERATED, do not edit.");
        let _ = writeln!(w, "//!");
        let _ = writeln!(w, "//! Unicode {maj}.{min}.{pat} (UnicodeData.txt / DerivedNormalizationProps.txt), extracted through the");
        let _ = writeln!(w, "//! `unicode-normalization` crate (dev-dependency only; see `nfc::tests::regenerate_tables`).");
        let _ = writeln!(w, "//! CJK compatibility ideograph singletons (U+F900..U+FAFF, U+2F800..U+2FA1F) are left out on");
        let _ = writeln!(w, "//! purpose: they map one weight-2 ideograph to another and never compose, so they cannot change");
        let _ = writeln!(w, "//! a weighted length, and they are half of the table.");
        let _ = writeln!(w);
        let _ = writeln!(w, "// Single-step canonical decompositions, as three columns (they compress better than rows):");
        let _ = writeln!(w, "// `DECOMP_CHARS[i]` decomposes to `DECOMP_FIRST[i]` + `DECOMP_SECOND[i]` (0: a singleton).");
        let _ = writeln!(w);
        type Column = (
            &'static str,
            &'static str,
            fn(&(u32, u32, u32, bool)) -> u32,
        );
        let columns: [Column; 3] = [
            (
                "DECOMP_CHARS",
                "The decomposable characters, sorted.",
                |r| r.0,
            ),
            ("DECOMP_FIRST", "First half of each decomposition.", |r| r.1),
            (
                "DECOMP_SECOND",
                "Second half of each decomposition, or 0.",
                |r| r.2,
            ),
        ];
        for (name, doc, column) in columns {
            let _ = writeln!(w, "/// {doc}");
            let _ = writeln!(w, "pub(super) static {name}: [u32; {}] = [", rows.len());
            for chunk in rows.chunks(10) {
                let s: Vec<String> = chunk.iter().map(|r| format!("0x{:X}", column(r))).collect();
                let _ = writeln!(w, "    {},", s.join(", "));
            }
            let _ = writeln!(w, "];");
            let _ = writeln!(w);
        }
        let _ = writeln!(
            w,
            "/// Indices into the `DECOMP_*` columns of the primary composites, by `(first, second)`."
        );
        let _ = writeln!(
            w,
            "pub(super) static COMPOSE: [u16; {}] = [",
            compose_idx.len()
        );
        for chunk in compose_idx.chunks(16) {
            let s: Vec<String> = chunk.iter().map(|i| i.to_string()).collect();
            let _ = writeln!(w, "    {},", s.join(", "));
        }
        let _ = writeln!(w, "];");
        let _ = writeln!(w);
        let _ = writeln!(w, "/// Runs of equal non-zero canonical combining class: `first << 6 | (len - 1)`, sorted.");
        let _ = writeln!(w, "pub(super) static CCC_RUNS: [u32; {}] = [", runs.len());
        for chunk in runs.chunks(8) {
            let s: Vec<String> = chunk
                .iter()
                .map(|r| format!("0x{:X}", (r.0 << 6) | (r.1 - r.0)))
                .collect();
            let _ = writeln!(w, "    {},", s.join(", "));
        }
        let _ = writeln!(w, "];");
        let _ = writeln!(w);
        let _ = writeln!(w, "/// The combining class of each run in `CCC_RUNS`.");
        let _ = writeln!(w, "pub(super) static CCC_CLASSES: [u8; {}] = [", runs.len());
        for chunk in runs.chunks(20) {
            let s: Vec<String> = chunk.iter().map(|r| r.2.to_string()).collect();
            let _ = writeln!(w, "    {},", s.join(", "));
        }
        let _ = writeln!(w, "];");
        let _ = writeln!(w);
        let _ = writeln!(
            w,
            "/// Characters of combining class 0 that are the second half of a primary composite"
        );
        let _ = writeln!(
            w,
            "/// (Hangul jamo excepted: those compose algorithmically)."
        );
        let _ = writeln!(
            w,
            "pub(super) static STARTER_SECONDS: [u32; {}] = [",
            starter_seconds.len()
        );
        for chunk in starter_seconds.chunks(8) {
            let s: Vec<String> = chunk.iter().map(|c| format!("0x{c:X}")).collect();
            let _ = writeln!(w, "    {},", s.join(", "));
        }
        let _ = writeln!(w, "];");
        o
    }

    /// Fails when `nfc_tables.rs` no longer matches the `unicode-normalization` data (e.g. after
    /// a Unicode update of that crate). `ADVOCATE_REGENERATE=1` rewrites the file instead.
    #[test]
    fn regenerate_tables() {
        let rendered = render_tables();
        let current = std::fs::read_to_string(TABLES_PATH).unwrap_or_default();
        if rendered != current {
            if std::env::var_os("ADVOCATE_REGENERATE").is_some() {
                std::fs::write(TABLES_PATH, &rendered).expect("write nfc_tables.rs");
            } else {
                panic!("nfc_tables.rs is stale; rerun this test with ADVOCATE_REGENERATE=1");
            }
        }
    }

    #[test]
    fn every_code_point_decomposes_and_classifies_like_the_reference() {
        for cp in 0u32..0x11_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(ccc(c), canonical_combining_class(c), "ccc {cp:04X}");
            if is_cjk_compat(cp) {
                continue;
            }
            let mut mine = Vec::new();
            decompose(c, &mut mine);
            let mine: Vec<char> = mine.into_iter().map(|(c, _)| c).collect();
            assert_eq!(mine, full(c), "decomposition {cp:04X}");
            let s = c.to_string();
            assert_eq!(nfc(&s), reference_nfc(&s), "nfc {cp:04X}");
        }
    }

    #[test]
    fn stable_characters_really_are_stable() {
        // Every character we let through unchanged must be NFC_Quick_Check=Yes in the reference.
        for cp in 0u32..0x11_0000 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if is_stable(c) && !is_cjk_compat(cp) {
                assert!(
                    unicode_normalization::is_nfc_quick(std::iter::once(c))
                        == unicode_normalization::IsNormalized::Yes,
                    "{cp:04X}"
                );
            }
        }
    }

    #[test]
    fn mixed_sequences_match_the_reference() {
        // Letters, composites, marks of several classes, Hangul jamo and syllables, Indic vowel
        // parts and singletons, shuffled deterministically into many short strings.
        let pool: Vec<char> = "aAeEoOuUsSİıÅÅΩΩKKéèṩḍ\u{300}\u{301}\u{302}\u{303}\u{308}\u{323}\u{327}\u{328}\u{31B}\u{345}\u{344}\u{340}\u{0F73}\u{0958}\u{093C}\u{0915}ᄀ각\u{1161}\u{11A8}\u{11A9}가\u{0CC6}\u{0CC2}\u{0CD5}\u{0DD9}\u{0DCF}\u{0DCA}\u{1D15F}\u{1D165}\u{1D16E}\u{3099}か\u{309A}ウ ."
            .chars()
            .collect();
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..20_000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + (state % 7) as usize;
            for k in 0..len {
                let idx = ((state >> (k * 8)) as usize) % pool.len();
                s.push(pool[idx]);
            }
            assert_eq!(
                nfc(&s),
                reference_nfc(&s),
                "{:?}",
                s.escape_unicode().to_string()
            );
        }
    }

    #[test]
    fn already_normalised_text_is_borrowed() {
        assert!(matches!(nfc("Grüße aus München 🇩🇪"), Cow::Borrowed(_)));
        assert!(matches!(nfc("故人西辞黄鹤楼 한국어"), Cow::Borrowed(_)));
        assert_eq!(nfc("Gru\u{308}ße"), "Grüße");
        assert_eq!(nfc("\u{1100}\u{1161}\u{11A8}"), "각");
    }
}
