//! An id for a new item, made from its title: `Unser Q4-Bericht für 2026` →
//! `unser-q4-bericht-fuer-2026`. Ids end up in links and statistics, so they should read like
//! the item and never need escaping.
//!
//! Validation accepts 1 to [`MAX_NAME_CHARS`] ASCII letters, digits, `-`, `_` and `.`; a
//! proposal uses lowercase letters, digits and single `-` only, a subset that needs no
//! explaining.

use crate::feed::limits::MAX_NAME_CHARS;

/// What a title with nothing usable in it becomes.
const FALLBACK: &str = "item";

/// A valid, unused item id for an item titled `title`: lowercase; German umlauts and ß
/// spelled out (`ä` → `ae`, `ß` → `ss`), other accents dropped where the letter has a plain
/// Latin base (`é` → `e`, `ł` → `l`); every other character a `-`, with no `-` at either end
/// or twice in a row; shortened at a word boundary to fit; and unique against `taken` (compared
/// without case, so no two ids differ only in case) by appending `-2`, `-3`, …. A title with
/// nothing usable gives `item`, `item-2`, ….
pub fn propose_id(title: &str, taken: &[&str]) -> String {
    let base = slug(title);
    let base = if base.is_empty() { FALLBACK } else { &base };
    let is_taken = |id: &str| taken.iter().any(|t| t.eq_ignore_ascii_case(id));
    let first = shorten(base, MAX_NAME_CHARS);
    if !is_taken(first) {
        return first.to_string();
    }
    // Ends after at most `taken.len() + 1` numbers: each taken id blocks at most one.
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            format!(
                "{}{suffix}",
                shorten(base, MAX_NAME_CHARS.saturating_sub(suffix.len()))
            )
        })
        .find(|id| !is_taken(id))
        .unwrap_or_else(|| FALLBACK.to_string())
}

/// The title as lowercase ASCII words joined by single `-`.
fn slug(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    // A separator is written only before the next word, so none leads, trails or doubles.
    let mut pending_dash = false;
    for c in title.chars().flat_map(char::to_lowercase) {
        // Combining accents (a decomposed `é`, the dot of a lowercased `İ`) belong to the
        // letter before them: dropped, not a separator.
        if matches!(c, '\u{300}'..='\u{36F}') {
            continue;
        }
        match spelled(c) {
            Some(ascii) => {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push_str(ascii);
            }
            None => pending_dash = true,
        }
    }
    out
}

/// The ASCII spelling of a lowercase character, if it has a simple one.
fn spelled(c: char) -> Option<&'static str> {
    const DIGITS_AND_LETTERS: [&str; 36] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f", "g", "h",
        "i", "j", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    ];
    if let Some(d) = c.to_digit(10).filter(|_| c.is_ascii_digit()) {
        return DIGITS_AND_LETTERS.get(d as usize).copied();
    }
    if c.is_ascii_lowercase() {
        return DIGITS_AND_LETTERS
            .get(10 + (c as usize - 'a' as usize))
            .copied();
    }
    Some(match c {
        'ä' | 'æ' => "ae",
        'ö' | 'œ' | 'ø' => "oe",
        'ü' => "ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ĥ' | 'ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ĵ' => "j",
        'ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ō' | 'ŏ' | 'ő' => "o",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'þ' => "th",
        _ => return None,
    })
}

/// `slug` (ASCII, words joined by `-`) cut to at most `max` bytes at a word boundary; a first
/// word longer than `max` is cut inside.
fn shorten(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    // `slug` is ASCII, so every byte index is a character boundary.
    let cut = &slug[..max];
    if slug.as_bytes().get(max) == Some(&b'-') {
        return cut;
    }
    match cut.rfind('-') {
        Some(0) | None => cut.trim_end_matches('-'),
        Some(dash) => &cut[..dash],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(id: &str) -> bool {
        !id.is_empty()
            && id.len() <= MAX_NAME_CHARS
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    }

    #[test]
    fn titles_become_readable_ids() {
        let cases = [
            ("Unser Q4-Bericht für 2026", "unser-q4-bericht-fuer-2026"),
            ("Größe & Maß: ÄÖÜ", "groesse-mass-aeoeue"),
            ("  --Café crème, São Paulo!--  ", "cafe-creme-sao-paulo"),
            ("Łódź · Škoda · Ørsted", "lodz-skoda-oersted"),
            ("C++ / C# / .NET", "c-c-net"),
            ("日本語 Tokyo 🎉", "tokyo"),
            ("İstanbul", "istanbul"),
            ("Cafe\u{301} Noe\u{308}l", "cafe-noel"),
        ];
        for (title, id) in cases {
            assert_eq!(propose_id(title, &[]), id, "{title}");
        }
    }

    #[test]
    fn nothing_usable_gives_item() {
        assert_eq!(propose_id("", &[]), "item");
        assert_eq!(propose_id("日本語 🎉 !!!", &[]), "item");
        assert_eq!(propose_id(" ", &["item"]), "item-2");
        assert_eq!(propose_id("", &["item", "ITEM-2"]), "item-3");
    }

    #[test]
    fn taken_ids_get_the_next_free_number() {
        let taken = ["q4-bericht", "q4-bericht-2", "Q4-Bericht-3", "other"];
        assert_eq!(propose_id("Q4-Bericht", &taken), "q4-bericht-4");
        assert_eq!(
            propose_id("Q4 Bericht 2", &["q4-bericht-2"]),
            "q4-bericht-2-2"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word_and_numbers_still_fit() {
        let title = "Nachhaltigkeit ".repeat(12);
        let id = propose_id(&title, &[]);
        assert!(valid(&id) && !id.ends_with('-'), "{id}");
        assert_eq!(id, "nachhaltigkeit-".repeat(6).trim_end_matches('-'));
        let taken: Vec<String> = std::iter::once(id.clone())
            .chain((2..12).map(|n| format!("{id}-{n}")))
            .collect();
        let refs: Vec<&str> = taken.iter().map(String::as_str).collect();
        let next = propose_id(&title, &refs);
        assert!(valid(&next), "{next}");
        assert_eq!(next, format!("{id}-12"));
        // One word longer than the limit is cut inside; its numbered forms too.
        let word = "a".repeat(150);
        assert_eq!(propose_id(&word, &[]), "a".repeat(100));
        let first = "a".repeat(100);
        let second = propose_id(&word, &[first.as_str()]);
        assert_eq!(second, format!("{}-2", "a".repeat(98)));
        // Exactly at the limit, before a separator: the whole words stay.
        let exact = format!("{} b", "a".repeat(100));
        assert_eq!(propose_id(&exact, &[]), "a".repeat(100));
    }

    #[test]
    fn every_proposal_is_a_valid_id() {
        for title in ["x", "ß", "-", "Ärger über Öl", &"é ".repeat(200), "a-b--c"] {
            let id = propose_id(title, &[]);
            assert!(valid(&id), "{title}: {id}");
            assert!(!id.contains("--") && !id.starts_with('-') && !id.ends_with('-'));
        }
    }
}
