//! Raw feed → validated [`Feed`], collecting every finding with its JSON Pointer.
//!
//! Fast path: a valid feed is deserialised once, straight into the raw types, then checked.
//! Only when that fails does the slow path re-read the document as a `serde_json::Value` to
//! report *all* structural problems (unknown fields with suggestions, wrong types, missing
//! fields) instead of serde's first one, and then still checks whatever parts did parse
//! ([`structure`]). The semantic rules below are the same for both paths.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Display;

use chrono::{DateTime, FixedOffset, Utc};
use thiserror::Error;

use super::diagnostic::{pointer, tokens, Diagnostic};
use super::json_scan::{line_col, locate, offset_in_string, Target};
use super::limits::*;
use super::model::*;
use super::raw::{RawAudience, RawCaption, RawFeed, RawItem, RawLangMap, RawUtm};
use crate::did_you_mean::closest;
use crate::lang::{canonical_tag, normalize_tag, pick_lang, primary, LangText};
use crate::link;
use crate::network::{Network, NetworkSet};
use crate::template::{Placeholder, Template};
use crate::util::bytewise;

mod messages;
#[cfg(feature = "diagnostics")]
mod structure;

#[cfg(feature = "diagnostics")]
use structure::slow_path;

/// Settings for validation.
#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    /// When given, time-dependent warnings (expired items) are reported relative to it.
    pub now: Option<DateTime<Utc>>,
}

/// A feed that passed, with any warnings.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The validated feed.
    pub feed: Feed,
    /// Warnings (never errors).
    pub warnings: Vec<Diagnostic>,
}

/// A refused feed: all findings, errors first.
#[derive(Debug, Clone, Error)]
#[error("{}", self.first_error())]
pub struct Rejected {
    /// Errors (at least one) followed by warnings.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the feed was refused because its format is newer than this build reads.
    pub newer_version: Option<u64>,
}

impl Rejected {
    /// The first error (there always is one).
    pub fn first_error(&self) -> &Diagnostic {
        // `Rejected` is only built with at least one error; fall back to the first finding.
        self.diagnostics
            .iter()
            .find(|d| d.is_error())
            .unwrap_or(&self.diagnostics[0])
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// A finding plus how to locate it in the source.
struct Finding {
    diag: Diagnostic,
    target: Target,
    /// Byte offset inside the (decoded) string value, for template errors.
    string_offset: Option<usize>,
}

/// A JSON Pointer built only when it is shown: `parent` + `/` + a field name or index. A valid
/// feed then allocates no pointer strings at all.
struct LazyPointer<'a, T: Display>(&'a dyn Display, T);

impl<T: Display> Display for LazyPointer<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, self.1)
    }
}

/// Like [`LazyPointer`] for a key from the feed (a language tag), escaped as RFC 6901 requires.
struct LazyKeyPointer<'a>(&'a dyn Display, &'a str);

impl Display for LazyKeyPointer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.0, pointer([self.1]))
    }
}

/// Parses and validates feed bytes. A leading UTF-8 byte order mark is ignored (RFC 8259
/// allows parsers to; Windows editors add one).
pub fn parse_feed(bytes: &[u8], opts: &ValidateOptions) -> Result<Checked, Rejected> {
    Validation::of_bytes(bytes, opts).finish()
}

/// Validates already-deserialised raw data (no source positions). Used by `advocate import`,
/// which builds the raw feed from a spreadsheet.
pub fn validate_raw(raw: &RawFeed, opts: &ValidateOptions) -> Result<Checked, Rejected> {
    Validation::of_raw(raw, opts).finish()
}

/// Reads feed bytes into the raw types without judging what they say: a draft that is valid
/// JSON of the feed's shape opens, whatever its content (the feed studio edits such drafts).
/// A leading byte order mark is ignored. When the bytes cannot be read as a [`RawFeed`] at all,
/// the error is their first problem, in the words and at the place the extension reports it
/// for a refused feed.
pub fn read_raw(bytes: &[u8]) -> Result<RawFeed, Diagnostic> {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let opts = ValidateOptions::default();
    let mut v = Validator::new(&opts);
    match std::str::from_utf8(body) {
        Err(bad) => v.not_utf8(body, bad.valid_up_to()),
        Ok(text) => match serde_json::from_str::<RawFeed>(text) {
            Ok(raw) => return Ok(raw),
            Err(e) => v.first_error(body, &e),
        },
    }
    // Nothing was validated, so `finish` refuses, with the finding placed in the text.
    match v.finish(Some(body)) {
        Ok(_) => Err(Diagnostic::error("", "the feed could not be read")),
        Err(rejected) => Err(rejected.first_error().clone()),
    }
}

/// A feed read and validated, its findings not yet placed in the source and ordered: a pass
/// of its own can look at the items that passed and add findings before [`Validation::finish`]
/// (`crate::fit`, which `advocate validate` runs and the extension does not).
pub struct Validation<'a> {
    v: Validator<'a>,
    /// The text the findings are placed in (none for raw data, and for a feed over the size
    /// limit, which is not read).
    src: Option<&'a [u8]>,
}

impl<'a> Validation<'a> {
    /// Reads and validates feed bytes (see [`parse_feed`]).
    pub fn of_bytes(bytes: &'a [u8], opts: &'a ValidateOptions) -> Validation<'a> {
        let mut v = Validator::new(opts);
        if bytes.len() > MAX_FEED_BYTES {
            v.error(
                "",
                format!(
                    "the feed is {} bytes; the limit is {MAX_FEED_BYTES} bytes (8 MiB)",
                    bytes.len()
                ),
            );
            return Validation { v, src: None };
        }
        read(bytes, &mut v);
        Validation {
            v,
            src: Some(bytes),
        }
    }

    /// Validates raw data (see [`validate_raw`]).
    pub fn of_raw(raw: &RawFeed, opts: &'a ValidateOptions) -> Validation<'a> {
        let mut v = Validator::new(opts);
        if !v.version(raw.version) {
            let mut raw = raw.clone();
            let items = std::mem::take(&mut raw.items);
            let total = items.len();
            v.feed(raw, items, None, Some(total));
        }
        Validation { v, src: None }
    }

    /// The validated feed: every item that passed (all of them, when the feed is valid).
    /// `None` when the feed could not be read as a whole.
    pub fn feed(&self) -> Option<&Feed> {
        self.v.validated.as_ref()
    }

    /// The items of [`Validation::feed`], each with its index in the file.
    pub fn items(&self) -> impl Iterator<Item = (usize, &Item)> {
        let items = self.feed().map(|f| f.items.as_slice()).unwrap_or_default();
        self.v.positions.iter().copied().zip(items)
    }

    /// Adds a finding of another pass; [`Validation::finish`] places it by its pointer.
    pub fn add(&mut self, diag: Diagnostic) {
        self.v.push(diag, Target::Value, None);
    }

    /// Places every finding in the source, errors first: the validated feed with its
    /// warnings, or the refusal.
    pub fn finish(self) -> Result<Checked, Rejected> {
        self.v.finish(self.src)
    }
}

/// Reads `bytes` (within the size limit) into `v`.
fn read(bytes: &[u8], v: &mut Validator) {
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    // One UTF-8 check of the whole text, then strings without serde_json's own per string. A
    // file that is not UTF-8 gets that one error, which is all a byte-wise reading ended in too.
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(bad) => {
            v.not_utf8(body, bad.valid_up_to());
            return;
        }
    };
    match serde_json::from_str::<RawFeed>(text) {
        Ok(mut raw) => {
            if !v.version(raw.version) {
                let items = std::mem::take(&mut raw.items);
                let total = items.len();
                v.feed(raw, items, None, Some(total));
            }
        }
        #[cfg(feature = "diagnostics")]
        Err(_) => {
            if let Some(raw) = slow_path(body, v) {
                v.skip_organization = !raw.has_organization;
                let (positions, items) = raw.items.into_iter().unzip();
                v.feed(raw.feed, items, Some(positions), raw.total_items);
            }
            if v.error_count() == 0 {
                // The strict reading failed, yet the lenient one found nothing: never accept what
                // the fast path refused. Say what serde said, at the place it names.
                v.fast_path_error(body);
            }
        }
        #[cfg(not(feature = "diagnostics"))]
        Err(e) => v.first_error(body, &e),
    }
}

struct Validator<'o> {
    opts: &'o ValidateOptions,
    findings: Vec<Finding>,
    validated: Option<Feed>,
    /// The index in the file of each item of `validated`.
    positions: Vec<usize>,
    newer_version: Option<u64>,
    /// Pointers of fields suggested for unknown ones ("did you mean …?"): their absence is
    /// the same mistake and is not reported again.
    #[cfg_attr(not(feature = "diagnostics"), allow(dead_code))]
    suggested: HashSet<String>,
    /// The organisation did not deserialise (reported already): do not check its parts.
    skip_organization: bool,
}

impl<'o> Validator<'o> {
    fn new(opts: &'o ValidateOptions) -> Self {
        Validator {
            opts,
            findings: Vec::new(),
            validated: None,
            positions: Vec::new(),
            newer_version: None,
            suggested: HashSet::new(),
            skip_organization: false,
        }
    }

    fn push(&mut self, diag: Diagnostic, target: Target, string_offset: Option<usize>) {
        self.findings.push(Finding {
            diag,
            target,
            string_offset,
        });
    }

    // Pointers are taken as `Display` and only turned into strings when something is
    // reported: a valid 10,000-item feed then allocates no pointer strings at all.
    fn error(&mut self, at: impl Display, msg: impl Into<String>) {
        self.push(Diagnostic::error(at.to_string(), msg), Target::Value, None);
    }

    fn warning(&mut self, at: impl Display, msg: impl Into<String>) {
        self.push(
            Diagnostic::warning(at.to_string(), msg),
            Target::Value,
            None,
        );
    }

    /// An error whose position in `body` is already known.
    fn error_at(&mut self, at: &str, msg: impl Into<String>, body: &[u8], offset: usize) {
        let mut d = Diagnostic::error(at, msg);
        let (line, column) = line_col(body, offset);
        d.line = Some(line);
        d.column = Some(column);
        self.push(d, Target::Value, None);
    }

    /// Reports a version this build cannot read. Returns true when validation must stop.
    fn version(&mut self, version: u64) -> bool {
        if version > SUPPORTED_VERSION {
            self.newer_version = Some(version);
            self.error(
                "/version",
                format!(
                    "this feed needs a newer Advocate: it is format version {version}, this Advocate reads version {SUPPORTED_VERSION}"
                ),
            );
            return true;
        }
        if version == 0 {
            self.error("/version", format!("must be {SUPPORTED_VERSION}"));
        }
        false
    }

    fn finish(mut self, src: Option<&[u8]>) -> Result<Checked, Rejected> {
        if let Some(src) = src {
            for f in &mut self.findings {
                if f.diag.line.is_some() {
                    continue;
                }
                let toks = tokens(&f.diag.pointer);
                if let Some(mut off) = locate(src, &toks, f.target) {
                    if let Some(inner) = f.string_offset {
                        off = offset_in_string(src, off, inner);
                    }
                    let (l, c) = line_col(src, off);
                    f.diag.line = Some(l);
                    f.diag.column = Some(c);
                }
            }
        }
        let mut diagnostics: Vec<Diagnostic> = self.findings.into_iter().map(|f| f.diag).collect();
        // Errors first, each group in the order of the file (as an editor lists problems);
        // findings without a position keep the order they were found in, before the others.
        crate::util::sort::sort_by_key(&mut diagnostics, |d| (d.severity, d.line, d.column));
        match self.validated {
            Some(feed) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Checked {
                feed,
                warnings: diagnostics,
            }),
            _ => {
                if diagnostics.is_empty() {
                    diagnostics.push(Diagnostic::error("", "the feed could not be read"));
                }
                Err(Rejected {
                    diagnostics,
                    newer_version: self.newer_version,
                })
            }
        }
    }

    /// Checks the feed; `items` are those that deserialised (all of them on the fast path),
    /// `positions` their indices in the file when some could not be read (the slow path;
    /// `None`: the items are the file's, in order, with no list of index pairs that would be
    /// one more copy of every item), `total` how many the file has
    /// (`None`: `items` is not a list, reported already). Takes everything by value: strings
    /// move into the validated model instead of being copied.
    fn feed(
        &mut self,
        raw: RawFeed,
        items: Vec<RawItem>,
        positions: Option<Vec<usize>>,
        total: Option<usize>,
    ) {
        let position = |k: usize| {
            positions
                .as_ref()
                .and_then(|p| p.get(k).copied())
                .unwrap_or(k)
        };
        let organization = self.organization(&raw);
        let feed_utm = self.utm(
            raw.links.as_ref().and_then(|l| l.utm.as_ref()),
            &Utm::default(),
            &"/links/utm",
        );
        if total == Some(0) {
            self.warning(
                "/items",
                "the feed has no items, so employees see no suggestions",
            );
        }
        let total = total.unwrap_or(0);
        if total > MAX_ITEMS {
            self.error(
                "/items",
                format!("the feed has {total} items; the limit is {MAX_ITEMS} items"),
            );
        }
        // The first index of each id, found before the items are taken apart.
        let first_use: Vec<Option<usize>> = {
            let mut seen: HashMap<&str, usize, BuildFastHasher> =
                HashMap::with_capacity_and_hasher(items.len(), BuildFastHasher);
            items
                .iter()
                .enumerate()
                .map(|(k, item)| match seen.entry(item.id.as_str()) {
                    std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(position(k));
                        None
                    }
                })
                .collect()
        };
        let mut out = Vec::with_capacity(items.len());
        let mut indices = Vec::with_capacity(items.len());
        for (k, (item, first)) in items.into_iter().zip(first_use).enumerate() {
            let i = position(k);
            let at = LazyPointer(&"/items", i);
            if let Some(first) = first {
                self.error(
                    LazyPointer(&at, "id"),
                    format!(
                        "duplicate id \"{}\" (already used by /items/{first})",
                        item.id
                    ),
                );
            }
            if let Some(v) = self.item(item, &at, &feed_utm) {
                out.push(v);
                indices.push(i);
            }
        }
        self.validated = Some(Feed {
            version: raw.version,
            organization,
            utm: feed_utm,
            items: out,
        });
        self.positions = indices;
    }
}

/// Characters that make text read differently from what it is: bidi embeddings, overrides and
/// isolates. Feeds are untrusted; these have no place in a company post.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters that are never needed on their own (zero-width joiners are needed in
/// emoji sequences, so they are only refused in runs).
fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// What a text field may contain.
#[derive(Clone, Copy)]
struct TextRule {
    max_chars: usize,
    multiline: bool,
}

const TITLE: TextRule = TextRule {
    max_chars: MAX_TITLE_CHARS,
    multiline: false,
};
const PROSE: TextRule = TextRule {
    max_chars: MAX_TEXT_CHARS,
    multiline: true,
};
const NAME: TextRule = TextRule {
    max_chars: MAX_NAME_CHARS,
    multiline: false,
};
const CAPTION: TextRule = TextRule {
    max_chars: MAX_CAPTION_CHARS,
    multiline: true,
};

impl Validator<'_> {
    /// Checks one text; returns false (after reporting) when it is unusable.
    fn text(&mut self, at: &dyn Display, text: &str, rule: TextRule) -> bool {
        let Some(problem) = text_problem(text, rule) else {
            return true;
        };
        let message = match problem {
            Problem::Empty => "must not be empty".to_string(),
            Problem::TooLong(chars) => format!(
                "is {chars} characters long; the limit is {} characters",
                rule.max_chars
            ),
            Problem::Bidi(c) => format!(
                "contains the invisible direction control U+{:04X}, which can make text read differently from what it says",
                c as u32
            ),
            Problem::ZeroWidth => "contains invisible zero-width characters".to_string(),
            Problem::Control if rule.multiline => "contains a control character".to_string(),
            Problem::Control => "contains a line break or control character".to_string(),
        };
        self.error(at, message);
        false
    }

    fn lang_text(&mut self, at: &dyn Display, map: RawLangMap, rule: TextRule) -> LangText {
        // Nearly always every tag is already canonical and every text fine: keep the map as
        // it is instead of rebuilding it (a large feed has tens of thousands of these).
        let clean = map.iter().all(|(tag, text)| {
            matches!(canonical_tag(tag), Some(Cow::Borrowed(_)))
                && text_problem(text, rule).is_none()
        });
        if clean {
            return LangText::new(map);
        }
        let mut out = BTreeMap::new();
        for (tag, text) in map {
            let ptr = LazyKeyPointer(at, &tag);
            let Some(norm) = normalize_tag(&tag) else {
                self.push(
                    Diagnostic::error(
                        ptr.to_string(),
                        format!(
                            "\"{tag}\" is not a language tag; use e.g. \"de\", \"en\" or \"en-GB\""
                        ),
                    ),
                    Target::Key,
                    None,
                );
                continue;
            };
            if out.contains_key(&norm) {
                self.error(ptr, format!("language \"{norm}\" appears twice"));
                continue;
            }
            if self.text(&ptr, &text, rule) {
                out.insert(norm, text);
            }
        }
        LangText::new(out)
    }

    fn hashtags(&mut self, at: &dyn Display, tags: Vec<String>) -> Vec<String> {
        if tags.len() > MAX_HASHTAGS {
            self.error(
                at,
                format!(
                    "has {} hashtags; the limit is {MAX_HASHTAGS} hashtags",
                    tags.len()
                ),
            );
        }
        let mut out: Vec<String> = Vec::with_capacity(tags.len());
        for (i, tag) in tags.into_iter().enumerate() {
            let ptr = LazyPointer(at, i);
            let body = match tag.strip_prefix('#') {
                Some(b) => b,
                None => {
                    self.error(
                        ptr,
                        format!("a hashtag starts with # (write \"#{}\")", tag.trim()),
                    );
                    continue;
                }
            };
            let ok = !body.is_empty()
                && body.chars().count() <= MAX_NAME_CHARS
                && body.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !body.chars().all(|c| c.is_ascii_digit());
            if !ok {
                self.error(
                    ptr,
                    format!("\"{tag}\" is not a hashtag: after # use only letters, digits and _, not only digits"),
                );
                continue;
            }
            if out.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
                self.warning(ptr, format!("hashtag {tag} appears twice"));
                continue;
            }
            out.push(tag);
        }
        out
    }

    fn organization(&mut self, raw: &RawFeed) -> Organization {
        let name = raw.organization.name.trim().to_string();
        if self.skip_organization {
            return Organization {
                name,
                hashtags: Vec::new(),
            };
        }
        self.text(&"/organization/name", &raw.organization.name, NAME);
        let hashtags = self.hashtags(&"/organization/hashtags", raw.organization.hashtags.clone());
        Organization { name, hashtags }
    }

    fn utm(&mut self, raw: Option<&RawUtm>, base: &Utm, at: &dyn Display) -> Utm {
        let Some(raw) = raw else {
            return base.clone();
        };
        let mut out = base.clone();
        let fields = [
            ("source", &raw.source, &mut out.source),
            ("medium", &raw.medium, &mut out.medium),
            ("campaign", &raw.campaign, &mut out.campaign),
        ];
        let mut problems = Vec::new();
        for (name, value, slot) in fields {
            if let Some(v) = value {
                let ok = !v.trim().is_empty()
                    && v.chars().count() <= MAX_NAME_CHARS
                    && !v
                        .chars()
                        .any(|c| c.is_control() || is_bidi_control(c) || is_zero_width(c));
                if ok {
                    *slot = v.as_str().into();
                } else {
                    problems.push(name);
                }
            }
        }
        for name in problems {
            self.error(
                LazyPointer(at, name),
                format!("must be non-empty text of at most {MAX_NAME_CHARS} characters"),
            );
        }
        if let Some(enabled) = raw.enabled {
            out.enabled = enabled;
        }
        if let Some(personal) = raw.personal {
            out.personal = personal;
        }
        out
    }

    fn date(&mut self, at: &dyn Display, value: &Option<String>) -> Option<DateTime<FixedOffset>> {
        let v = value.as_ref()?;
        match parse_date(v) {
            Some(d) => Some(d),
            None => {
                self.error(
                    at,
                    format!("\"{v}\" is not a date and time with offset, e.g. \"2026-11-20T08:00:00+01:00\""),
                );
                None
            }
        }
    }

    fn network_name(&mut self, at: &dyn Display, name: &str) -> Option<Network> {
        let found = Network::parse(name);
        if found.is_none() {
            let hint = match name.to_ascii_lowercase().as_str() {
                "twitter" | "x.com" | "twitter.com" => " (X is written \"x\")".to_string(),
                "linked-in" | "linkedin.com" => " (write \"linkedin\")".to_string(),
                _ => match closest(name, Network::ALL.iter().map(|n| n.as_str())) {
                    Some(s) => format!(" (did you mean \"{s}\"?)"),
                    None => "; use \"linkedin\" or \"x\"".to_string(),
                },
            };
            self.error(at, format!("unknown network \"{name}\"{hint}"));
        }
        found
    }

    // Not inlined into the loop over items, for the reason given at `raw::items`: the engine
    // can optimise this function while the loop that calls it is still running.
    #[inline(never)]
    fn item(&mut self, raw: RawItem, at: &dyn Display, feed_utm: &Utm) -> Option<Item> {
        let errors_before = self.error_count();
        let id_ok = !raw.id.is_empty()
            && raw.id.len() <= MAX_NAME_CHARS
            && raw
                .id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
        if !id_ok {
            self.error(
                LazyPointer(at, "id"),
                format!("\"{}\" is not a usable id: use 1 to {MAX_NAME_CHARS} letters, digits, -, _ or . (no spaces)", raw.id),
            );
        }
        if let Err(e) = link::check_https(&raw.url) {
            self.error(LazyPointer(at, "url"), format!("the link {e}"));
        }
        if let Some(image) = &raw.image {
            if let Err(e) = link::check_https(image) {
                self.error(LazyPointer(at, "image"), format!("the image address {e}"));
            }
        }
        let no_title = raw.title.is_empty();
        let title = self.lang_text(&LazyPointer(at, "title"), raw.title, TITLE);
        if no_title {
            self.error(
                LazyPointer(at, "title"),
                "needs a title in at least one language",
            );
        }
        let summary = self.lang_text(&LazyPointer(at, "summary"), raw.summary, PROSE);
        let image_alt = self.lang_text(&LazyPointer(at, "image_alt"), raw.image_alt, PROSE);
        let personal_prompt = self.lang_text(
            &LazyPointer(at, "personal_prompt"),
            raw.personal_prompt,
            PROSE,
        );
        let retraction_note = self.lang_text(
            &LazyPointer(at, "retraction_note"),
            raw.retraction_note,
            PROSE,
        );

        let networks = match &raw.networks {
            None => NetworkSet::all(),
            Some(list) => {
                if list.is_empty() {
                    self.error(
                        LazyPointer(at, "networks"),
                        "must name at least one network: \"linkedin\", \"x\"",
                    );
                }
                let mut set = NetworkSet::default();
                for (i, name) in list.iter().enumerate() {
                    if let Some(n) =
                        self.network_name(&LazyPointer(&LazyPointer(at, "networks"), i), name)
                    {
                        if set.contains(n) {
                            self.warning(
                                LazyPointer(&LazyPointer(at, "networks"), i),
                                format!("\"{name}\" is listed twice"),
                            );
                        }
                        set.insert(n);
                    }
                }
                set
            }
        };

        let campaign = raw
            .campaign
            .filter(|c| self.text(&LazyPointer(at, "campaign"), c, NAME))
            .map(trimmed);
        let audience = self.audience(raw.audience, &LazyPointer(at, "audience"));
        let publish_at = self.date(&LazyPointer(at, "publish_at"), &raw.publish_at);
        let expires_at = self.date(&LazyPointer(at, "expires_at"), &raw.expires_at);
        if let (Some(p), Some(e)) = (publish_at, expires_at) {
            if e <= p {
                self.error(
                    LazyPointer(at, "expires_at"),
                    "must be later than publish_at",
                );
            }
        }
        if let (Some(now), Some(e)) = (self.opts.now, expires_at) {
            if e <= now {
                self.warning(
                    LazyPointer(at, "expires_at"),
                    format!(
                        "this item expired on {}; employees no longer see it",
                        crate::time::ymd_hms(e)
                    ),
                );
            }
        }
        let priority = match raw.priority {
            None => 50,
            Some(p @ 0..=100) => p as u8,
            Some(p) => {
                self.error(
                    LazyPointer(at, "priority"),
                    format!("must be between 0 and 100, not {p}"),
                );
                50
            }
        };
        let hashtags = self.hashtags(&LazyPointer(at, "hashtags"), raw.hashtags);
        let status = match raw.status.as_deref() {
            None => Status::Active,
            Some(name) => match Status::parse(name) {
                Some(status) => status,
                None => {
                    let hint = closest(name, ["active", "retracted"].into_iter())
                        .map(|s| format!(" (did you mean \"{s}\"?)"))
                        .unwrap_or_else(|| "; use \"active\" or \"retracted\"".into());
                    self.error(
                        LazyPointer(at, "status"),
                        format!("unknown status \"{name}\"{hint}"),
                    );
                    Status::Active
                }
            },
        };
        if status == Status::Retracted && retraction_note.is_empty() {
            // Pointed at `status`: the note it asks for is not in the file to point at.
            self.warning(
                LazyPointer(at, "status"),
                "a retracted item should say why in retraction_note; employees who shared it will see it",
            );
        }
        let utm = self.utm(raw.utm.as_ref(), feed_utm, &LazyPointer(at, "utm"));
        let captions = self.captions(raw.captions, at, networks);
        if self.error_count() == errors_before {
            // Only without errors do the validated captions line up with the file's.
            self.title_languages(&captions, &title, at);
        }

        (self.error_count() == errors_before).then_some(Item {
            id: raw.id,
            url: raw.url,
            image: raw.image,
            image_alt,
            title,
            summary,
            networks,
            campaign,
            audience,
            publish_at,
            expires_at,
            priority,
            pinned: raw.pinned,
            hashtags,
            personal_prompt,
            status,
            retraction_note,
            utm,
            captions,
        })
    }

    fn audience(&mut self, raw: Option<RawAudience>, at: &dyn Display) -> Audience {
        let Some(raw) = raw else {
            return Audience::default();
        };
        let mut names = |field: &str, list: Vec<String>| -> Vec<String> {
            list.into_iter()
                .enumerate()
                .filter(|(i, s)| self.text(&LazyPointer(&LazyPointer(at, field), i), s, NAME))
                .map(|(_, s)| trimmed(s))
                .collect()
        };
        let teams = names("teams", raw.teams);
        let regions = names("regions", raw.regions);
        let mut languages = Vec::new();
        for (i, tag) in raw.languages.iter().enumerate() {
            match normalize_tag(tag) {
                Some(t) => languages.push(primary(&t).to_string()),
                None => self.error(
                    LazyPointer(&LazyPointer(at, "languages"), i),
                    format!("\"{tag}\" is not a language tag; use e.g. \"de\" or \"en\""),
                ),
            }
        }
        Audience {
            teams,
            regions,
            languages,
        }
    }

    fn captions(
        &mut self,
        mut raw: Vec<RawCaption>,
        at: &dyn Display,
        networks: NetworkSet,
    ) -> Vec<Caption> {
        if raw.is_empty() {
            self.error(LazyPointer(at, "captions"), "needs at least one caption");
            return Vec::new();
        }
        if raw.len() > MAX_CAPTIONS {
            self.error(
                LazyPointer(at, "captions"),
                format!(
                    "has {} captions; the limit is {MAX_CAPTIONS} captions per item",
                    raw.len()
                ),
            );
        }
        let mut out = Vec::with_capacity(raw.len());
        for (j, c) in raw.iter_mut().enumerate() {
            let cat = LazyPointer(&LazyPointer(at, "captions"), j);
            // The tag as written when it is already canonical (the usual), moved below.
            let lang = canonical_tag(&c.lang).map(|t| match t {
                Cow::Borrowed(_) => None,
                Cow::Owned(t) => Some(t),
            });
            if lang.is_none() {
                self.error(
                    LazyPointer(&cat, "lang"),
                    format!(
                        "\"{}\" is not a language tag; use e.g. \"de\", \"en\" or \"en-GB\"",
                        c.lang
                    ),
                );
            }
            let network = match &c.network {
                None => None,
                Some(name) => {
                    let n = self.network_name(&LazyPointer(&cat, "network"), name);
                    if let Some(n) = n.filter(|n| !networks.contains(*n)) {
                        self.warning(
                            LazyPointer(&cat, "network"),
                            format!(
                                "this caption is for {}, but the item is not shared there",
                                n.display_name()
                            ),
                        );
                    }
                    n
                }
            };
            if !self.text(&LazyPointer(&cat, "text"), &c.text, CAPTION) {
                continue;
            }
            // The caption's text moves into its template (only `network` is read later).
            let template = match Template::parse(std::mem::take(&mut c.text)) {
                Ok(t) => t,
                Err(e) => {
                    self.push(
                        Diagnostic::error(LazyPointer(&cat, "text").to_string(), e.to_string()),
                        Target::Value,
                        Some(e.offset()),
                    );
                    continue;
                }
            };
            if let Some(lang) = lang {
                out.push((
                    j,
                    Caption {
                        lang: lang.unwrap_or_else(|| std::mem::take(&mut c.lang)),
                        network,
                        text: template,
                    },
                ));
            }
        }
        for n in networks.iter() {
            let usable = raw
                .iter()
                .any(|c| c.network.as_deref().is_none_or(|name| name == n.as_str()));
            if !usable {
                self.error(
                    LazyPointer(at, "captions"),
                    format!(
                        "the item is shared on {} but has no caption for it; add one without \"network\" or with \"network\": \"{}\"",
                        n.display_name(),
                        n.as_str()
                    ),
                );
            }
        }
        if !out.is_empty() && !out.iter().any(|(_, c)| primary(&c.lang) == "en") {
            self.warning(
                LazyPointer(at, "captions"),
                "has no English caption; employees who read neither of its languages get the first caption",
            );
        }
        for (k, (j, c)) in out.iter().enumerate() {
            if out[..k]
                .iter()
                .any(|(_, d)| d.lang == c.lang && d.network == c.network && d.text == c.text)
            {
                self.warning(
                    LazyPointer(&LazyPointer(&LazyPointer(at, "captions"), j), "text"),
                    "repeats an earlier caption word for word; variety is what makes colleagues' posts sound like themselves",
                );
            }
        }
        out.into_iter().map(|(_, c)| c).collect()
    }

    /// Warns about captions that use `{title}` in a language the item has no title in: the
    /// post would mix languages ("Our Q4 report" inside a German sentence).
    fn title_languages(&mut self, captions: &[Caption], title: &LangText, at: &dyn Display) {
        let langs: Vec<&str> = title.langs().collect();
        for (j, c) in captions.iter().enumerate() {
            if !c.text.uses(Placeholder::Title) {
                continue;
            }
            let prefs = std::slice::from_ref(&c.lang);
            let Some(used) = pick_lang(langs.iter().copied(), prefs) else {
                continue;
            };
            if !primary(used).eq_ignore_ascii_case(primary(&c.lang)) {
                self.warning(
                    LazyPointer(&LazyPointer(&LazyPointer(at, "captions"), j), "text"),
                    format!(
                        "uses {{title}}, but the item has no title in \"{}\", so the \"{used}\" title will be used",
                        c.lang
                    ),
                );
            }
        }
    }

    fn error_count(&self) -> usize {
        self.findings.iter().filter(|f| f.diag.is_error()).count()
    }
}

#[cfg(test)]
mod tests;

/// FNV-1a for the id set: ids are short, trusted to be few thousand, and SipHash's protection
/// against collision attacks buys nothing when the worst case is a slower validation.
#[derive(Default, Clone, Copy)]
struct BuildFastHasher;

impl std::hash::BuildHasher for BuildFastHasher {
    type Hasher = FastHasher;
    fn build_hasher(&self) -> FastHasher {
        FastHasher(0xcbf2_9ce4_8422_2325)
    }
}

struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Why a text is unusable.
enum Problem {
    Empty,
    TooLong(usize),
    Bidi(char),
    ZeroWidth,
    Control,
}

/// `s` without surrounding whitespace, reusing its allocation when there is none (the usual).
fn trimmed(s: String) -> String {
    if s.trim().len() == s.len() {
        s
    } else {
        s.trim().to_string()
    }
}

/// The first reason `text` is unusable under `rule`, if any.
fn text_problem(text: &str, rule: TextRule) -> Option<Problem> {
    if text.trim().is_empty() {
        return Some(Problem::Empty);
    }
    let allowed_control = |c: char| rule.multiline && (c == '\n' || c == '\t');
    let (chars, problem) = match plain_chars(text.as_bytes(), rule.multiline) {
        Some(chars) => (chars, None),
        None => scan(text, allowed_control),
    };
    if chars > rule.max_chars {
        return Some(Problem::TooLong(chars));
    }
    problem
}

/// Counts the characters of a text that cannot contain a problem, looking at bytes only:
/// every character [`scan`] refuses is a C0/C1 control or DEL, or starts with the bytes
/// `E2 80`, `E2 81` (U+2000–U+207F) or `EF BB` (U+FEFF). `None` when any such byte
/// sequence is there; [`scan`] then decides. Most texts take this path.
fn plain_chars(bytes: &[u8], multiline: bool) -> Option<usize> {
    let allowed = |b: u8| multiline && (b == b'\n' || b == b'\t');
    let mut continuation = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while they are printable ASCII: no byte below 0x20, none
        // equal to 0x7F, none above it. Most caption text is.
        if let Some(w) = bytewise::word_at(bytes, i) {
            if bytewise::printable_ascii(w) {
                i += 8;
                continue;
            }
            // Something else is in these eight bytes: look at them one by one.
            for at in i..i + 8 {
                if !plain_byte(bytes, at, &allowed, &mut continuation) {
                    return None;
                }
            }
            i += 8;
            continue;
        }
        if !plain_byte(bytes, i, &allowed, &mut continuation) {
            return None;
        }
        i += 1;
    }
    Some(bytes.len() - continuation)
}

/// One byte of [`plain_chars`]: `false` when the character starting there may be a problem.
fn plain_byte(
    bytes: &[u8],
    i: usize,
    allowed: &impl Fn(u8) -> bool,
    continuation: &mut usize,
) -> bool {
    let Some(&b) = bytes.get(i) else {
        return true;
    };
    if b < 0x80 {
        return !((b < 0x20 || b == 0x7f) && !allowed(b));
    }
    // Continuation bytes (10xxxxxx) do not start a character.
    if b & 0xc0 == 0x80 {
        *continuation += 1;
        return true;
    }
    // `bytes` is UTF-8, so the byte after a lead byte is a continuation byte.
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    !match b {
        0xc2 => next <= 0x9f,
        0xe2 => next <= 0x81,
        0xef => next == 0xbb,
        _ => false,
    }
}

/// Counts the characters of a text and finds its first problem, in one pass.
fn scan(text: &str, allowed_control: impl Fn(char) -> bool) -> (usize, Option<Problem>) {
    let mut chars = 0;
    let mut run = 0;
    let mut problem = None;
    for c in text.chars() {
        chars += 1;
        if problem.is_some() {
            continue;
        }
        run = if is_zero_width(c) { run + 1 } else { 0 };
        problem = if is_bidi_control(c) {
            Some(Problem::Bidi(c))
        } else if run > 1 || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}') {
            Some(Problem::ZeroWidth)
        } else if c.is_control() && !allowed_control(c) {
            Some(Problem::Control)
        } else {
            None
        };
    }
    (chars, problem)
}
