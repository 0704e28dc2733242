//! Language tags and picking the right language for an employee.

use std::borrow::Cow;
use std::collections::BTreeMap;

/// A text in several languages, keyed by normalised BCP 47 tag.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LangText(BTreeMap<String, String>);

impl LangText {
    /// Builds from already-normalised tags.
    pub fn new(map: BTreeMap<String, String>) -> Self {
        LangText(map)
    }

    /// Whether there is no text at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The languages present.
    pub fn langs(&self) -> impl Iterator<Item = &str> + Clone {
        self.0.keys().map(String::as_str)
    }

    /// The text in the best language for someone who reads `prefs` (in order): an exact tag
    /// match, then the same primary language (`de` for `de-AT`), then English, then the first.
    pub fn pick(&self, prefs: &[String]) -> Option<&str> {
        pick_lang(self.0.keys().map(String::as_str), prefs)
            .and_then(|tag| self.0.get(tag))
            .map(String::as_str)
    }

    /// The text for exactly this tag.
    pub fn get(&self, tag: &str) -> Option<&str> {
        self.0.get(tag).map(String::as_str)
    }
}

/// Picks the best of `available` tags for `prefs` (see [`LangText::pick`]).
pub fn pick_lang<'a>(
    available: impl Iterator<Item = &'a str> + Clone,
    prefs: &[String],
) -> Option<&'a str> {
    for pref in prefs {
        if let Some(tag) = available.clone().find(|t| t.eq_ignore_ascii_case(pref)) {
            return Some(tag);
        }
        let wanted = primary(pref);
        if let Some(tag) = available
            .clone()
            .find(|t| primary(t).eq_ignore_ascii_case(wanted))
        {
            return Some(tag);
        }
    }
    let mut all = available;
    let first = all.clone().next();
    all.find(|t| primary(t) == "en").or(first)
}

/// The primary language subtag: `de` for `de-AT`.
pub fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// Checks that `tag` is a well-formed BCP 47 tag of the common shape
/// `language[-Script][-REGION][-variant]*` and returns it in canonical case (`de`, `zh-Hant`,
/// `en-GB`). Returns `None` for anything else.
pub fn normalize_tag(tag: &str) -> Option<String> {
    canonical_tag(tag).map(Cow::into_owned)
}

/// Like [`normalize_tag`], but borrows `tag` when it is already in canonical case (nearly
/// every tag in a feed, and a large feed has tens of thousands).
pub fn canonical_tag(tag: &str) -> Option<Cow<'_, str>> {
    let mut canonical = true;
    if !subtags(tag, |part, case| canonical &= case.holds(part)) {
        return None;
    }
    if canonical {
        return Some(Cow::Borrowed(tag));
    }
    let mut out = String::with_capacity(tag.len());
    subtags(tag, |part, case| {
        if !out.is_empty() {
            out.push('-');
        }
        case.write(part, &mut out);
    });
    Some(Cow::Owned(out))
}

/// Walks the subtags of `tag` with the case each is written in; false when `tag` is not of
/// the shape [`normalize_tag`] accepts.
fn subtags(tag: &str, mut each: impl FnMut(&str, Case)) -> bool {
    let mut parts = tag.split('-');
    let Some(lang) = parts.next() else {
        return false;
    };
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    each(lang, Case::Lower);
    let mut stage = 0; // 0: script next, 1: region next, 2: variants only
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digit = part.bytes().all(|b| b.is_ascii_digit());
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        if stage == 0 && part.len() == 4 && alpha {
            each(part, Case::Title);
            stage = 1;
        } else if stage <= 1 && ((part.len() == 2 && alpha) || (part.len() == 3 && digit)) {
            each(part, Case::Upper);
            stage = 2;
        } else if alnum
            && ((5..=8).contains(&part.len())
                || (part.len() == 4 && part.as_bytes()[0].is_ascii_digit()))
        {
            each(part, Case::Lower);
            stage = 2;
        } else {
            return false;
        }
    }
    true
}

/// How one subtag is written: `de`, `Hant`, `GB`.
#[derive(Clone, Copy)]
enum Case {
    Lower,
    Title,
    Upper,
}

impl Case {
    fn holds(self, part: &str) -> bool {
        let mut bytes = part.bytes();
        match self {
            Case::Lower => bytes.all(|b| !b.is_ascii_uppercase()),
            Case::Upper => bytes.all(|b| !b.is_ascii_lowercase()),
            Case::Title => {
                bytes.next().is_some_and(|b| !b.is_ascii_lowercase())
                    && bytes.all(|b| !b.is_ascii_uppercase())
            }
        }
    }

    fn write(self, part: &str, out: &mut String) {
        match self {
            Case::Lower => out.push_str(&part.to_ascii_lowercase()),
            Case::Upper => out.push_str(&part.to_ascii_uppercase()),
            Case::Title => {
                out.push_str(&part[..1].to_ascii_uppercase());
                out.push_str(&part[1..].to_ascii_lowercase());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn canonical_tags_are_borrowed_and_others_rewritten() {
        assert!(matches!(
            canonical_tag("en-GB"),
            Some(Cow::Borrowed("en-GB"))
        ));
        assert!(matches!(
            canonical_tag("zh-Hant-TW"),
            Some(Cow::Borrowed(_))
        ));
        assert!(matches!(canonical_tag("de"), Some(Cow::Borrowed("de"))));
        assert!(matches!(canonical_tag("en-gb"), Some(Cow::Owned(ref s)) if s == "en-GB"));
        assert!(matches!(canonical_tag("ZH-HANT"), Some(Cow::Owned(ref s)) if s == "zh-Hant"));
        assert_eq!(canonical_tag("e"), None);
        assert_eq!(canonical_tag("en--GB"), None);
    }

    #[test]
    fn normalizes_common_tags() {
        assert_eq!(normalize_tag("DE").as_deref(), Some("de"));
        assert_eq!(normalize_tag("en-gb").as_deref(), Some("en-GB"));
        assert_eq!(normalize_tag("zh-hant-tw").as_deref(), Some("zh-Hant-TW"));
        assert_eq!(normalize_tag("es-419").as_deref(), Some("es-419"));
        assert_eq!(normalize_tag("de-CH-1996").as_deref(), Some("de-CH-1996"));
    }

    #[test]
    fn rejects_malformed_tags() {
        for bad in [
            "", "d", "deutsch", "de_DE", "en-", "en-GB-x", "12", "de-DE-DE",
        ] {
            assert_eq!(normalize_tag(bad), None, "{bad}");
        }
    }

    #[test]
    fn picks_exact_then_primary_then_english_then_first() {
        let tags = ["de", "en-GB", "fr"];
        let it = tags.iter().copied();
        assert_eq!(pick_lang(it.clone(), &prefs(&["en-GB"])), Some("en-GB"));
        assert_eq!(pick_lang(it.clone(), &prefs(&["de-AT"])), Some("de"));
        assert_eq!(pick_lang(it.clone(), &prefs(&["it", "fr"])), Some("fr"));
        assert_eq!(pick_lang(it.clone(), &prefs(&["it"])), Some("en-GB"));
        let no_en = ["fr", "de"];
        assert_eq!(
            pick_lang(no_en.iter().copied(), &prefs(&["it"])),
            Some("fr")
        );
        assert_eq!(pick_lang([].iter().copied(), &prefs(&["it"])), None);
    }
}
