//! Reads a well-formed feed into the raw types by hand, for the common case (#7).
//!
//! Building the raw types with serde_json took two thirds of a large feed's validation (a
//! 10,000-item feed in wasm: 19 ms of 30, where only scanning the same JSON takes 6 ms). Most
//! of that is allocating the strings, which any reader must do; the rest is serde's per-field
//! machinery, which this reader, knowing the feed's shape, does without. Measured with the
//! extension's module in its service worker: a validation 30 -> 28 ms once warm, the first one
//! in a fresh worker 90-106 -> 71-91 ms.
//!
//! It never decides anything: it either returns exactly what `serde_json::from_str::<RawFeed>`
//! would return, or `None` for everything it does not handle the same way (unknown or repeated
//! fields, a `\u` escape in a key, numbers other than plain integers, anything malformed). The
//! caller then asks serde_json, which reads the rarer shapes and words every error, so there
//! is one place for error messages. The tests hold this reader to serde's result on every
//! feed in `tests/feeds` and on thousands of mutations of them, and so does the `feed_parse`
//! fuzz target on whatever it generates.

use std::collections::BTreeMap;

use super::raw::{
    RawAudience, RawCaption, RawFeed, RawItem, RawLangMap, RawLinks, RawOrganization, RawUtm,
};
use crate::util::bytewise::{json_string_plain, word_at};

/// The raw feed in `text`, when it is a feed this reader reads exactly as serde_json does;
/// `None` otherwise (not necessarily an invalid feed: ask serde_json).
pub(crate) fn read(text: &str) -> Option<RawFeed> {
    let mut r = Reader { text, at: 0 };
    let feed = r.feed()?;
    r.space();
    (r.at == text.len()).then_some(feed)
}

/// A cursor over the JSON text. Every method returns `None` where serde_json would either
/// fail or read something this reader does not try to reproduce.
struct Reader<'a> {
    text: &'a str,
    at: usize,
}

/// Which fields of an object were present, one bit per field.
type Seen = u32;

impl<'a> Reader<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    /// Skips JSON whitespace (exactly serde_json's four characters).
    fn space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.bytes().get(self.at) {
            self.at += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.bytes().get(self.at).copied()
    }

    /// Consumes `byte` after whitespace.
    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.at += 1)
    }

    /// Consumes `word` (a literal such as `null`) when it comes next.
    fn literal(&mut self, word: &str) -> bool {
        let rest = self.bytes().get(self.at..).unwrap_or_default();
        let found = rest.starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// Reads `open`, elements separated by commas, `close`: the shape of arrays and objects.
    fn list(
        &mut self,
        open: u8,
        close: u8,
        mut element: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.expect(open)?;
        if self.peek()? == close {
            self.at += 1;
            return Some(());
        }
        loop {
            element(self)?;
            match self.peek()? {
                b',' => self.at += 1,
                b if b == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Reads an object, one `entry` call per key (which reads that key's value).
    fn entries(&mut self, mut entry: impl FnMut(&mut Self, &'a str) -> Option<()>) -> Option<()> {
        self.list(b'{', b'}', |r| {
            let key = r.key()?;
            r.expect(b':')?;
            entry(r, key)
        })
    }

    /// Reads an object whose keys `field` knows: `field` reads the value of one key and says
    /// which field it was (its bit number), or `None` for a key the type does not have. A
    /// field given twice is refused, as serde's derived readers refuse it.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &'a str) -> Option<u32>) -> Option<Seen> {
        let mut seen: Seen = 0;
        self.entries(|r, key| {
            let bit = 1 << field(r, key)?;
            if seen & bit != 0 {
                return None;
            }
            seen |= bit;
            Some(())
        })?;
        Some(seen)
    }

    /// `null` as `None`, anything else through `value`: serde's reading of an `Option`.
    fn nullable<T>(&mut self, value: impl FnOnce(&mut Self) -> Option<T>) -> Option<Option<T>> {
        if self.peek()? == b'n' {
            return self.literal("null").then_some(None);
        }
        value(self).map(Some)
    }

    /// The end of the run of bytes from `from` that a JSON string may hold as they are: not
    /// `"`, not `\`, not a control character.
    fn plain_run(&self, mut from: usize) -> usize {
        let bytes = self.bytes();
        while let Some(w) = word_at(bytes, from) {
            if !json_string_plain(w) {
                break;
            }
            from += 8;
        }
        while let Some(&b) = bytes.get(from) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            from += 1;
        }
        from
    }

    /// An object key without escapes, borrowed from the text.
    fn key(&mut self) -> Option<&'a str> {
        self.expect(b'"')?;
        let start = self.at;
        let end = self.plain_run(start);
        if *self.bytes().get(end)? != b'"' {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }

    /// A string value, escapes decoded.
    fn string(&mut self) -> Option<String> {
        self.expect(b'"')?;
        let start = self.at;
        let mut end = self.plain_run(start);
        if *self.bytes().get(end)? == b'"' {
            self.at = end + 1;
            return self.text.get(start..end).map(str::to_owned);
        }
        let mut out = String::with_capacity(end - start + 16);
        out.push_str(self.text.get(start..end)?);
        loop {
            match *self.bytes().get(end)? {
                b'"' => {
                    self.at = end + 1;
                    return Some(out);
                }
                b'\\' => {
                    let escape = *self.bytes().get(end + 1)?;
                    end += 2;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let (c, next) = self.unicode_escape(end)?;
                            out.push(c);
                            end = next;
                        }
                        _ => return None,
                    }
                }
                b if b < 0x20 => return None,
                _ => {
                    let run = self.plain_run(end);
                    out.push_str(self.text.get(end..run)?);
                    end = run;
                }
            }
        }
    }

    /// The character of a `\uXXXX` escape whose hex digits start at `at`, and where the
    /// escape ends. A surrogate must be a proper pair; serde_json's handling of the others is
    /// left to serde_json.
    fn unicode_escape(&self, at: usize) -> Option<(char, usize)> {
        let first = self.hex4(at)?;
        match first {
            0xD800..=0xDBFF => {
                if self.bytes().get(at + 4..at + 6)? != b"\\u" {
                    return None;
                }
                let second = self.hex4(at + 6)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return None;
                }
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                Some((char::from_u32(c)?, at + 10))
            }
            0xDC00..=0xDFFF => None,
            _ => Some((char::from_u32(first)?, at + 4)),
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes().get(at..at + 4)?;
        digits.iter().try_fold(0, |n, &d| {
            let v = char::from(d).to_digit(16)?;
            Some(n * 16 + v)
        })
    }

    /// A non-negative integer written plainly (`0`, `42`); fractions, exponents and leading
    /// zeros are left to serde_json.
    fn unsigned(&mut self) -> Option<u64> {
        self.space();
        self.digits()
    }

    /// The digits of [`Reader::unsigned`] from right here (no whitespace after a minus).
    fn digits(&mut self) -> Option<u64> {
        let bytes = self.bytes();
        let start = self.at;
        let mut end = start;
        let mut n: u64 = 0;
        while let Some(&d @ b'0'..=b'9') = bytes.get(end) {
            n = n.checked_mul(10)?.checked_add(u64::from(d - b'0'))?;
            end += 1;
        }
        let digits = end - start;
        if digits == 0 || (digits > 1 && bytes[start] == b'0') {
            return None;
        }
        if let Some(b'.' | b'e' | b'E') = bytes.get(end) {
            return None;
        }
        self.at = end;
        Some(n)
    }

    /// An `i64` written plainly, as [`Reader::unsigned`] with an optional minus sign (`-0` and
    /// `i64::MIN` are left to serde_json).
    fn signed(&mut self) -> Option<i64> {
        if self.peek()? == b'-' {
            self.at += 1;
            let n = i64::try_from(self.digits()?).ok()?;
            return (n != 0).then_some(-n);
        }
        i64::try_from(self.unsigned()?).ok()
    }

    fn boolean(&mut self) -> Option<bool> {
        match self.peek()? {
            b't' if self.literal("true") => Some(true),
            b'f' if self.literal("false") => Some(false),
            _ => None,
        }
    }

    /// An array read into a `Vec`, one `element` call per element.
    fn vec_of<T>(&mut self, mut element: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::new();
        self.list(b'[', b']', |r| {
            out.push(element(r)?);
            Some(())
        })?;
        Some(out)
    }

    fn strings(&mut self) -> Option<Vec<String>> {
        self.vec_of(Self::string)
    }

    /// A text per language; a language given twice goes to serde_json (which names it).
    fn lang_map(&mut self) -> Option<RawLangMap> {
        let mut out = BTreeMap::new();
        self.entries(|r, tag| {
            let text = r.string()?;
            out.insert(tag.to_owned(), text).is_none().then_some(())
        })?;
        Some(out)
    }

    fn feed(&mut self) -> Option<RawFeed> {
        let mut feed = RawFeed::default();
        let seen = self.object(|r, key| {
            Some(match key {
                "$schema" => {
                    feed.schema = r.nullable(Self::string)?;
                    0
                }
                "version" => {
                    feed.version = r.unsigned()?;
                    1
                }
                "organization" => {
                    feed.organization = r.organization()?;
                    2
                }
                "links" => {
                    feed.links = r.nullable(Self::links)?;
                    3
                }
                "items" => {
                    feed.items = r.vec_of(Self::item)?;
                    4
                }
                _ => return None,
            })
        })?;
        // version, organization and items have no default.
        required(seen, 1 << 1 | 1 << 2 | 1 << 4)?;
        Some(feed)
    }

    fn organization(&mut self) -> Option<RawOrganization> {
        let mut org = RawOrganization::default();
        let seen = self.object(|r, key| {
            Some(match key {
                "name" => {
                    org.name = r.string()?;
                    0
                }
                "hashtags" => {
                    org.hashtags = r.strings()?;
                    1
                }
                _ => return None,
            })
        })?;
        // name has no default.
        required(seen, 1 << 0)?;
        Some(org)
    }

    fn links(&mut self) -> Option<RawLinks> {
        let mut links = RawLinks::default();
        self.object(|r, key| {
            Some(match key {
                "utm" => {
                    links.utm = r.nullable(Self::utm)?;
                    0
                }
                _ => return None,
            })
        })?;
        Some(links)
    }

    fn utm(&mut self) -> Option<RawUtm> {
        let mut utm = RawUtm::default();
        self.object(|r, key| {
            Some(match key {
                "source" => {
                    utm.source = r.nullable(Self::string)?;
                    0
                }
                "medium" => {
                    utm.medium = r.nullable(Self::string)?;
                    1
                }
                "campaign" => {
                    utm.campaign = r.nullable(Self::string)?;
                    2
                }
                "enabled" => {
                    utm.enabled = r.nullable(Self::boolean)?;
                    3
                }
                "personal" => {
                    utm.personal = r.nullable(Self::boolean)?;
                    4
                }
                _ => return None,
            })
        })?;
        Some(utm)
    }

    /// One item. Not inlined, for the reason `raw::items` gives: V8 optimises a hot wasm
    /// function only for its next call.
    #[inline(never)]
    fn item(&mut self) -> Option<RawItem> {
        let mut item = RawItem::default();
        let seen = self.object(|r, key| {
            Some(match key {
                "id" => {
                    item.id = r.string()?;
                    0
                }
                "url" => {
                    item.url = r.string()?;
                    1
                }
                "image" => {
                    item.image = r.nullable(Self::string)?;
                    2
                }
                "image_alt" => {
                    item.image_alt = r.lang_map()?;
                    3
                }
                "title" => {
                    item.title = r.lang_map()?;
                    4
                }
                "summary" => {
                    item.summary = r.lang_map()?;
                    5
                }
                "networks" => {
                    item.networks = r.nullable(Self::strings)?;
                    6
                }
                "campaign" => {
                    item.campaign = r.nullable(Self::string)?;
                    7
                }
                "audience" => {
                    item.audience = r.nullable(Self::audience)?;
                    8
                }
                "publish_at" => {
                    item.publish_at = r.nullable(Self::string)?;
                    9
                }
                "expires_at" => {
                    item.expires_at = r.nullable(Self::string)?;
                    10
                }
                "priority" => {
                    item.priority = r.nullable(Self::signed)?;
                    11
                }
                "pinned" => {
                    item.pinned = r.boolean()?;
                    12
                }
                "hashtags" => {
                    item.hashtags = r.strings()?;
                    13
                }
                "personal_prompt" => {
                    item.personal_prompt = r.lang_map()?;
                    14
                }
                "status" => {
                    item.status = r.nullable(Self::string)?;
                    15
                }
                "retraction_note" => {
                    item.retraction_note = r.lang_map()?;
                    16
                }
                "utm" => {
                    item.utm = r.nullable(Self::utm)?;
                    17
                }
                "captions" => {
                    item.captions = r.vec_of(Self::caption)?;
                    18
                }
                _ => return None,
            })
        })?;
        // id, url, title and captions have no default.
        required(seen, 1 << 0 | 1 << 1 | 1 << 4 | 1 << 18)?;
        Some(item)
    }

    fn audience(&mut self) -> Option<RawAudience> {
        let mut audience = RawAudience::default();
        self.object(|r, key| {
            Some(match key {
                "teams" => {
                    audience.teams = r.strings()?;
                    0
                }
                "regions" => {
                    audience.regions = r.strings()?;
                    1
                }
                "languages" => {
                    audience.languages = r.strings()?;
                    2
                }
                _ => return None,
            })
        })?;
        Some(audience)
    }

    fn caption(&mut self) -> Option<RawCaption> {
        let mut caption = RawCaption::default();
        let seen = self.object(|r, key| {
            Some(match key {
                "lang" => {
                    caption.lang = r.string()?;
                    0
                }
                "network" => {
                    caption.network = r.nullable(Self::string)?;
                    1
                }
                "text" => {
                    caption.text = r.string()?;
                    2
                }
                _ => return None,
            })
        })?;
        // lang and text have no default.
        required(seen, 1 << 0 | 1 << 2)?;
        Some(caption)
    }
}

/// `Some` when every field in `mask` was present (serde refuses a missing field without a
/// default).
fn required(seen: Seen, mask: Seen) -> Option<()> {
    (seen & mask == mask).then_some(())
}

/// The property the tests and the `feed_parse` fuzz target hold this reader to: it reads
/// nothing (`false`), or exactly what serde_json reads (`true`); anything else panics.
#[cfg(any(test, fuzzing))]
pub(crate) fn agrees(text: &str) -> bool {
    let Some(quick) = read(text) else {
        return false;
    };
    match serde_json::from_str::<RawFeed>(text) {
        Ok(serde) => assert_eq!(quick, serde, "read differently: {text}"),
        Err(e) => panic!("serde_json refuses ({e}) what the quick reader read: {text}"),
    }
    true
}

#[cfg(test)]
#[path = "quick_read_tests.rs"]
mod tests;
