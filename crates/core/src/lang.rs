//! Language tags and picking the right language for an employee.

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
    let mut parts = tag.split('-');
    let lang = parts.next()?;
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = lang.to_ascii_lowercase();
    let mut stage = 0; // 0: script next, 1: region next, 2: variants only
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digit = part.bytes().all(|b| b.is_ascii_digit());
        let alnum = part.bytes().all(|b| b.is_ascii_alphanumeric());
        out.push('-');
        if stage == 0 && part.len() == 4 && alpha {
            out.push_str(&part[..1].to_ascii_uppercase());
            out.push_str(&part[1..].to_ascii_lowercase());
            stage = 1;
        } else if stage <= 1 && ((part.len() == 2 && alpha) || (part.len() == 3 && digit)) {
            out.push_str(&part.to_ascii_uppercase());
            stage = 2;
        } else if alnum
            && ((5..=8).contains(&part.len())
                || (part.len() == 4 && part.as_bytes()[0].is_ascii_digit()))
        {
            out.push_str(&part.to_ascii_lowercase());
            stage = 2;
        } else {
            return None;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefs(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
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
