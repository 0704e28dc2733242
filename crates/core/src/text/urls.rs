//! URL extraction exactly as twitter-text does it (`extractUrlsWithIndices` of its JS
//! implementation, the one X's web composer runs), as a hand-written scanner instead of its
//! regex.
//!
//! The regex (`extractUrl`, case-insensitive, global) is
//!
//! ```text
//! (precedingChar | ^) ( (https?://)? domain (:port)? (/path)? (?query)? )
//! domain = subdomain* domainName (gTLD | ccTLD | xn--punycode)
//! ```
//!
//! and the scanner reproduces its backtracking order: matches are tried at each position from
//! left to right (only at the positions that can succeed, see [`Scanner::find`]); a preceding
//! character is consumed before `^` is tried; the protocol is tried before its absence; as many
//! subdomain labels as possible are taken first; the longest TLD wins (see `tlds.rs` for why
//! that equals the alternation order); port, path and query are greedy and cannot fail. After
//! each regex match, accepted or not, the search resumes at its end, like `RegExp.exec` with
//! `lastIndex`. (JS matches UTF-16 code units and this scanner Unicode scalar values; every
//! class treats an astral character like its surrogate halves, so the two agree.)
//!
//! A regex match then becomes a URL only if it passes twitter-text's checks: every domain label
//! encodes (punycode) to 1..=63 characters, the URL is at most 4096 characters, a URL without
//! protocol is not preceded by `-`, `_`, `.` or `/` and yields only its ASCII (Latin) domains,
//! and a `t.co` link keeps only its slug (at most 40 characters) and query.
//!
//! Character classes follow the regex source, including its case-insensitive flag: JavaScript
//! folds by uppercasing, which makes a few characters outside the listed Latin and Cyrillic
//! ranges match them (they are listed below).

use std::ops::Range;

use super::char_at;
use super::tlds::{CASE_PAIRS, TLDS};

/// twitter-text's `MAX_URL_LENGTH`: longer URLs are not links.
const MAX_URL_LENGTH: usize = 4096;
/// twitter-text's `MAX_TCO_SLUG_LENGTH`.
const MAX_TCO_SLUG_LENGTH: usize = 40;
/// DNS limit on a label, checked on its punycode form.
const MAX_LABEL_LENGTH: usize = 63;
/// twitter-text assumes `https://` for a URL typed without protocol when checking its length.
const DEFAULT_PROTOCOL_LENGTH: usize = "https://".len();
/// At least the longest TLD of `tld_lib.yml` (18 characters), in characters; the TLD test
/// checks it.
const MAX_TLD_CHARS: usize = 24;

/// Byte ranges of the URLs twitter-text finds in `text`, in order.
pub(super) fn extract(text: &str) -> Vec<Range<usize>> {
    extract_with(text, Scanner::find)
}

/// [`extract`] with a given search strategy (the tests compare [`Scanner::find`] with a
/// position-by-position search).
fn extract_with<'t>(
    text: &'t str,
    find: fn(&mut Scanner<'t>, usize) -> Option<RegexMatch>,
) -> Vec<Range<usize>> {
    let mut urls = Vec::new();
    // twitter-text's own shortcut: every URL it accepts contains a dot.
    if !text.contains('.') {
        return urls;
    }
    let mut scanner = Scanner {
        text,
        run: (0, 0),
        chain: Vec::new(),
        scratch: Vec::new(),
        last_tld: None,
    };
    let mut from = 0;
    while let Some(m) = find(&mut scanner, from) {
        from = m.end;
        accept(text, &m, &mut urls);
    }
    urls
}

/// One match of twitter-text's `extractUrl` regex (byte indices into the text).
struct RegexMatch {
    /// The character consumed before the URL (`None` at the start of the text).
    before: Option<char>,
    /// Start of the URL (of its protocol, if any).
    start: usize,
    /// Length in bytes of `http://` / `https://`, if present.
    protocol: Option<usize>,
    /// The domain (without protocol and port).
    domain: Range<usize>,
    /// Whether a `/path` follows (twitter-text attaches it to a URL without protocol).
    has_path: bool,
    /// End of the whole match (the regex's `lastIndex`).
    end: usize,
}

/// The regex search over one text, with what it remembers between attempts.
struct Scanner<'a> {
    text: &'a str,
    /// The last run of label characters found, `(start, end)`: every position inside it has
    /// the same run end, which keeps scanning long words linear.
    run: (usize, usize),
    /// The last chain of consecutive labels examined, as `(label start, domain end)` sorted by
    /// start, where "domain end" is [`Scanner::domain_at`] for a domain starting at that label.
    /// Later attempts start at later labels of the same chain, so remembering it keeps a text
    /// like `a.a.a.a…` linear instead of quadratic.
    chain: Vec<(usize, Option<usize>)>,
    /// Reusable buffer for [`Scanner::domain_at`].
    scratch: Vec<(usize, usize, bool)>,
    /// The last TLD lookup, `(position, result)`: attempts starting inside the same label ask
    /// for the TLD after the same dot.
    last_tld: Option<(usize, Option<usize>)>,
}

impl Scanner<'_> {
    /// The leftmost regex match at or after byte `from`.
    ///
    /// Rather than trying every position, only the starts that can succeed are tried, in order:
    /// a domain's first label runs up to a dot, so a URL starts inside the run of label
    /// characters before some dot, or at a protocol just before such a run. A text without
    /// dots costs one search.
    fn find(&mut self, from: usize) -> Option<RegexMatch> {
        let text = self.text;
        // Regex positions before `min_p` are done with.
        let mut min_p = from;
        if from == 0 {
            // At position 0 the regex first consumes the first character as the preceding one,
            // then tries `^` with the URL at 0.
            let c0 = char_at(text, 0)?;
            if is_valid_preceding(c0) {
                if let Some(m) = self.url_at(c0.len_utf8(), Some(c0)) {
                    return Some(m);
                }
            }
            if let Some(m) = self.url_at(0, None) {
                return Some(m);
            }
            min_p = c0.len_utf8();
        }
        let mut search = min_p;
        while let Some(offset) = text.get(search..)?.find('.') {
            let dot = search + offset;
            search = dot + 1;
            let run_start = text[min_p..dot]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_label_char(c))
                .last()
                .map_or(dot, |(i, _)| min_p + i);
            if run_start == dot {
                continue;
            }
            for len in [8, 7] {
                let Some(s) = run_start.checked_sub(len) else {
                    continue;
                };
                if protocol_len(text, s) == Some(len) {
                    if let Some(m) = self.url_after_preceding(s, min_p) {
                        return Some(m);
                    }
                }
            }
            for (i, _) in text[run_start..dot].char_indices() {
                if let Some(m) = self.url_after_preceding(run_start + i, min_p) {
                    return Some(m);
                }
            }
        }
        None
    }

    /// The regex attempt whose URL starts at `start`, the character before being the preceding
    /// one (which must start at or after `min_p`).
    fn url_after_preceding(&mut self, start: usize, min_p: usize) -> Option<RegexMatch> {
        let before = self.text.get(..start)?.chars().next_back()?;
        if start - before.len_utf8() < min_p || !is_valid_preceding(before) {
            return None;
        }
        self.url_at(start, Some(before))
    }

    /// The rest of the regex, with the URL starting at `start`.
    fn url_at(&mut self, start: usize, before: Option<char>) -> Option<RegexMatch> {
        let first = char_at(self.text, start)?;
        if !is_domain_char(first) {
            return None;
        }
        if let Some(len) = protocol_len(self.text, start) {
            if let Some(domain_end) = self.domain_at(start + len) {
                return Some(self.finish(before, start, Some(len), start + len, domain_end));
            }
        }
        let domain_end = self.domain_at(start)?;
        Some(self.finish(before, start, None, start, domain_end))
    }

    /// `subdomain* domainName TLD` at `at`: the end of the first match in regex order.
    ///
    /// Greedy `subdomain*` takes every label of the chain of consecutive labels starting at
    /// `at`, then backs off one label at a time; the label after the subdomains is the domain
    /// name (no `_` allowed there) and must be followed by a TLD. So the result is the TLD end
    /// after the *furthest* suitable label of the chain.
    fn domain_at(&mut self, at: usize) -> Option<usize> {
        if let Ok(i) = self.chain.binary_search_by_key(&at, |&(start, _)| start) {
            return self.chain[i].1;
        }
        // `at` starting no label is the common case: no domain, nothing to remember.
        let (first_dot, first_underscore) = self.label_at(at)?;
        // Walk the new labels until the chain joins the remembered one (or ends).
        let mut fresh = std::mem::take(&mut self.scratch);
        fresh.clear();
        fresh.push((at, first_dot, first_underscore));
        let mut q = first_dot + 1;
        let mut joined: Option<usize> = None; // index into self.chain
        loop {
            if let Ok(i) = self.chain.binary_search_by_key(&q, |&(start, _)| start) {
                joined = Some(i);
                break;
            }
            let Some((dot, underscore)) = self.label_at(q) else {
                break;
            };
            fresh.push((q, dot, underscore));
            q = dot + 1;
        }
        // The result for each new label, from the last one back (see the doc comment).
        let mut best = joined.and_then(|i| self.chain[i].1);
        for entry in fresh.iter_mut().rev() {
            let (_, dot, underscore) = *entry;
            if best.is_none() && !underscore {
                best = match self.last_tld {
                    Some((at, end)) if at == dot + 1 => end,
                    _ => {
                        let end = tld_at(self.text, dot + 1);
                        self.last_tld = Some((dot + 1, end));
                        end
                    }
                };
            }
            // Reuse the entry's slots: `dot` now holds the result (`usize::MAX` for none).
            entry.1 = best.unwrap_or(usize::MAX);
        }
        let found = best;
        // Attempts only move forwards: the new labels replace everything before the join.
        let keep_from = joined.unwrap_or(self.chain.len());
        let entries = fresh
            .iter()
            .map(|&(start, end, _)| (start, (end != usize::MAX).then_some(end)));
        self.chain.splice(..keep_from, entries);
        self.scratch = fresh;
        found
    }

    /// A label at `q`: characters that are domain characters, `-` or `_`, starting and ending
    /// with a domain character, followed by a dot. Returns the dot's index.
    fn label_at(&mut self, q: usize) -> Option<(usize, bool)> {
        let text = self.text;
        let end = if q > self.run.0 && q < self.run.1 {
            self.run.1
        } else {
            let bytes = text.as_bytes();
            let mut e = q;
            loop {
                match bytes.get(e) {
                    Some(&b) if b.is_ascii() => {
                        if !is_label_char(b as char) {
                            break;
                        }
                        e += 1;
                    }
                    Some(_) => match char_at(text, e).filter(|&c| is_label_char(c)) {
                        Some(c) => e += c.len_utf8(),
                        None => break,
                    },
                    None => break,
                }
            }
            self.run = (q, e);
            e
        };
        if end == q || char_at(text, end) != Some('.') {
            return None;
        }
        let label = &text[q..end];
        let first = label.chars().next()?;
        let last = label.chars().next_back()?;
        if !is_domain_char(first) || !is_domain_char(last) {
            return None;
        }
        Some((end, label.contains('_')))
    }

    /// The optional `:port`, `/path` and `?query` after a domain (greedy; they cannot fail).
    fn finish(
        &self,
        before: Option<char>,
        start: usize,
        protocol: Option<usize>,
        domain_start: usize,
        domain_end: usize,
    ) -> RegexMatch {
        let text = self.text;
        let mut end = domain_end;
        if char_at(text, end) == Some(':') {
            let digits = text[end + 1..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits > 0 {
                end += 1 + digits;
            }
        }
        let mut has_path = false;
        if char_at(text, end) == Some('/') {
            has_path = true;
            end = path_end(text, end + 1);
        }
        if char_at(text, end) == Some('?') {
            if let Some(q) = query_end(text, end + 1) {
                end = q;
            }
        }
        RegexMatch {
            before,
            start,
            protocol,
            domain: domain_start..domain_end,
            has_path,
            end,
        }
    }
}

/// Applies twitter-text's checks to a regex match and records the resulting URLs.
fn accept(text: &str, m: &RegexMatch, urls: &mut Vec<Range<usize>>) {
    let url = &text[m.start..m.end];
    let domain = &text[m.domain.clone()];
    let protocol_len = m.protocol.unwrap_or(DEFAULT_PROTOCOL_LENGTH);
    if !is_valid_url(url, protocol_len, domain) {
        return;
    }
    match m.protocol {
        None => {
            if matches!(m.before, Some('-' | '_' | '.' | '/')) {
                return;
            }
            // Only the ASCII (Latin) domains inside the match are URLs; a path (with whatever
            // port and query came with it) belongs to the last one. twitter-text extends that
            // URL's indices to the match end, which is what is kept here.
            let found = ascii_domains(domain);
            let last = found.len().saturating_sub(1);
            for (i, &(s, e)) in found.iter().enumerate() {
                let end = if i == last && m.has_path {
                    m.end
                } else {
                    m.domain.start + e
                };
                urls.push(m.domain.start + s..end);
            }
        }
        Some(_) => match tco_len(url) {
            Some(Err(TcoSlugTooLong)) => {}
            Some(Ok(len)) => urls.push(m.start..m.start + len),
            None => urls.push(m.start..m.end),
        },
    }
}

/// twitter-text's `isValidUrl`: the domain's labels are valid DNS labels once punycode-encoded
/// and the URL (with protocol) is at most 4096 characters.
fn is_valid_url(url: &str, protocol_len: usize, domain: &str) -> bool {
    // A domain that claims to be punycode must contain an ASCII domain.
    if domain.starts_with("xn--") && ascii_domains(domain).is_empty() {
        return false;
    }
    let labels_ok = domain.split('.').all(|label| {
        let encoded = if label.is_ascii() {
            Some(label.len())
        } else {
            punycode_to_ascii_len(label)
        };
        matches!(encoded, Some(n) if (1..=MAX_LABEL_LENGTH).contains(&n))
    });
    // twitter-text compares JS string lengths (UTF-16), and its IDNA step keeps the domain as it
    // is, so the domain is counted as typed. With a protocol it is counted twice (url includes it).
    labels_ok && super::utf16_len(url) + protocol_len <= MAX_URL_LENGTH
}

/// Length of punycode.js `toASCII(label)`, or `None` when it exceeds the DNS limit anyway.
///
/// `toASCII` also splits on the ideographic and fullwidth full stops, so a "label" here can be
/// several labels joined by dots; non-ASCII parts become `xn--` + RFC 3492 encoding.
fn punycode_to_ascii_len(label: &str) -> Option<usize> {
    let mut total = 0;
    for (k, part) in label
        .split(['.', '\u{3002}', '\u{FF0E}', '\u{FF61}'])
        .enumerate()
    {
        if k > 0 {
            total += 1;
        }
        let chars = part.chars().count();
        // An encoded part is never shorter than its characters (ASCII) or 4 + characters.
        if total + chars > MAX_LABEL_LENGTH {
            return None;
        }
        total += if part.is_ascii() {
            chars
        } else {
            4 + punycode_encoded_len(part)?
        };
        if total > MAX_LABEL_LENGTH {
            return None;
        }
    }
    Some(total)
}

/// Length of the RFC 3492 encoding of `input` (without the `xn--` prefix).
fn punycode_encoded_len(input: &str) -> Option<usize> {
    const BASE: u64 = 36;
    const T_MIN: u64 = 1;
    const T_MAX: u64 = 26;
    const SKEW: u64 = 38;
    const DAMP: u64 = 700;
    const INITIAL_BIAS: u64 = 72;
    const INITIAL_N: u64 = 0x80;
    // punycode.js throws on overflow beyond a signed 32-bit integer.
    const MAX_INT: u64 = 0x7FFF_FFFF;

    fn adapt(delta: u64, num_points: u64, first: bool) -> u64 {
        let mut delta = if first { delta / DAMP } else { delta / 2 };
        delta += delta / num_points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
    }

    let cps: Vec<u64> = input.chars().map(|c| u64::from(u32::from(c))).collect();
    let basic = cps.iter().filter(|&&c| c < 0x80).count() as u64;
    let mut out = basic + u64::from(basic > 0);
    let mut n = INITIAL_N;
    let mut delta: u64 = 0;
    let mut bias = INITIAL_BIAS;
    let mut handled = basic;
    let len = cps.len() as u64;
    while handled < len {
        let m = cps.iter().copied().filter(|&c| c >= n).min()?;
        delta += (m - n) * (handled + 1);
        if delta > MAX_INT {
            return None;
        }
        n = m;
        for &c in &cps {
            if c < n {
                delta += 1;
                if delta > MAX_INT {
                    return None;
                }
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out += 1;
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out += 1;
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta += 1;
        n += 1;
    }
    usize::try_from(out).ok()
}

/// Start and end (relative to `domain`) of each match of twitter-text's `validAsciiDomain`
/// (`([-a-z0-9À-ɏ…]+\.)+TLD`, global) inside a matched domain. As in JS, the TLD lookahead sees
/// the end of the domain string, not the text after it.
fn ascii_domains(domain: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    // TLD lookups by position, so that failing starts inside a long chain stay cheap.
    let mut tld_memo: Vec<Option<Option<usize>>> = vec![None; domain.len() + 1];
    let mut tld = |at: usize| *tld_memo[at].get_or_insert_with(|| tld_at(domain, at));
    let mut from = 0;
    'search: while from < domain.len() {
        for (offset, _) in domain[from..].char_indices() {
            let p = from + offset;
            let mut label_ends = Vec::new();
            let mut q = p;
            loop {
                let run = domain[q..].chars().take_while(|&c| is_ascii_label_char(c));
                let e = q + run.map(char::len_utf8).sum::<usize>();
                if e == q || char_at(domain, e) != Some('.') {
                    break;
                }
                label_ends.push(e);
                q = e + 1;
            }
            if let Some(end) = label_ends.iter().rev().find_map(|&e| tld(e + 1)) {
                found.push((p, end));
                from = end;
                continue 'search;
            }
        }
        break;
    }
    found
}

/// The end of a TLD starting at `at`: the longest TLD of the list (case-insensitive) followed by
/// something other than `[0-9a-zA-Z@+-]`, else a punycode TLD (`xn--[-0-9a-z]+`).
fn tld_at(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    // The next characters folded as the TLD list spells them, with the text index after each.
    let mut key = [0u8; MAX_TLD_CHARS * 4];
    let mut key_len = 0;
    // Prefixes that the lookahead allows to end a TLD: (key length, bytes of text). Checking
    // the lookahead first skips every prefix that ends inside an ASCII word.
    let mut candidates = [(0u8, 0u8); MAX_TLD_CHARS];
    let mut count = 0;
    for (i, c) in rest.char_indices().take(MAX_TLD_CHARS) {
        // No TLD contains an ASCII character other than a letter.
        if c.is_ascii() && !c.is_ascii_alphabetic() {
            break;
        }
        key_len += fold(c).encode_utf8(&mut key[key_len..]).len();
        let taken = i + c.len_utf8();
        if tld_may_end(text, at + taken) {
            // Both fit in a byte: at most MAX_TLD_CHARS characters of 4 bytes.
            candidates[count] = (key_len as u8, taken as u8);
            count += 1;
        }
    }
    let dictionary = candidates[..count].iter().rev().find_map(|&(len, taken)| {
        let candidate = std::str::from_utf8(&key[..usize::from(len)]).ok()?;
        is_tld(candidate).then_some(at + usize::from(taken))
    });
    dictionary.or_else(|| {
        let prefix = rest.get(..4)?;
        if !prefix.eq_ignore_ascii_case("xn--") {
            return None;
        }
        let tail = rest[4..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
            .count();
        (tail > 0).then_some(at + 4 + tail)
    })
}

/// Whether `key` (folded) is in the TLD list.
fn is_tld(key: &str) -> bool {
    let Some(&first) = key.as_bytes().first() else {
        return false;
    };
    let b = usize::from(first);
    let (lo, hi) = (
        usize::from(TLD_BY_FIRST_BYTE[b]),
        usize::from(TLD_BY_FIRST_BYTE[b + 1]),
    );
    // A byte loop beats a call to `memcmp` for strings this short.
    let cmp = |tld: &&str| {
        let (a, b) = (tld.as_bytes(), key.as_bytes());
        let shared = a.len().min(b.len());
        let mut i = 0;
        while i < shared && a[i] == b[i] {
            i += 1;
        }
        if i < shared {
            a[i].cmp(&b[i])
        } else {
            a.len().cmp(&b.len())
        }
    };
    TLDS.get(lo..hi)
        .is_some_and(|group| group.binary_search_by(cmp).is_ok())
}

/// `TLD_BY_FIRST_BYTE[b]` is the index of the first TLD whose first byte is at least `b`, so the
/// TLDs starting with byte `b` are `TLDS[TLD_BY_FIRST_BYTE[b]..TLD_BY_FIRST_BYTE[b + 1]]`: a
/// lookup then compares a handful of strings instead of a dozen.
static TLD_BY_FIRST_BYTE: [u16; 257] = {
    let mut index = [0u16; 257];
    let mut b = 0;
    let mut i = 0;
    while b < 257 {
        while i < TLDS.len() && (TLDS[i].as_bytes()[0] as usize) < b {
            i += 1;
        }
        index[b] = i as u16;
        b += 1;
    }
    index
};

/// The TLD lookahead `(?=[^0-9a-zA-Z@+-]|$)`.
fn tld_may_end(text: &str, end: usize) -> bool {
    !matches!(char_at(text, end), Some(c) if c.is_ascii_alphanumeric() || matches!(c, '@' | '+' | '-'))
}

/// `c` as the (lowercase) TLD list would spell it.
fn fold(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match CASE_PAIRS.binary_search_by_key(&c, |&(upper, _)| upper) {
        Ok(i) => CASE_PAIRS[i].1,
        Err(_) => c,
    }
}

/// Length of `http://` or `https://` at `at` (any case).
fn protocol_len(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?.as_bytes();
    let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
    if starts(b"https://") {
        Some(8)
    } else if starts(b"http://") {
        Some(7)
    } else {
        None
    }
}

/// Marker for a `t.co` link whose slug is longer than twitter-text allows.
struct TcoSlugTooLong;

/// For a `t.co` URL with protocol, the length twitter-text keeps (protocol, host, slug and a
/// query); `None` when `url` is not a `t.co` link.
fn tco_len(url: &str) -> Option<Result<usize, TcoSlugTooLong>> {
    let host_end = protocol_len(url, 0)? + "t.co/".len();
    if !url
        .get(protocol_len(url, 0)?..host_end)?
        .eq_ignore_ascii_case("t.co/")
    {
        return None;
    }
    let slug = url[host_end..]
        .bytes()
        .take_while(u8::is_ascii_alphanumeric)
        .count();
    if slug == 0 {
        return None;
    }
    if slug > MAX_TCO_SLUG_LENGTH {
        return Some(Err(TcoSlugTooLong));
    }
    let mut end = host_end + slug;
    if char_at(url, end) == Some('?') {
        if let Some(q) = query_end(url, end + 1) {
            end = q;
        }
    }
    Some(Ok(end))
}

/// End of a path whose first character (after the `/`) is at `at`: the longest run of path
/// characters and balanced parentheses that ends with a path-ending character or a
/// parenthesis group (`validUrlPath*`, greedy with backtracking).
fn path_end(text: &str, at: usize) -> usize {
    let mut i = at;
    let mut good = at;
    loop {
        match char_at(text, i) {
            Some(c) if is_path_char(c) => {
                i += c.len_utf8();
                if is_path_ending_char(c) {
                    good = i;
                }
            }
            Some('(') => match balanced_parens_end(text, i) {
                Some(j) => {
                    i = j;
                    good = j;
                }
                None => return good,
            },
            _ => return good,
        }
    }
}

/// `validUrlBalancedParens` at `at` (which holds `(`): `(chars)` or `(chars(chars)chars)`.
fn balanced_parens_end(text: &str, at: usize) -> Option<usize> {
    let run_end = |from: usize| {
        from + text[from..]
            .chars()
            .take_while(|&c| is_path_char(c))
            .map(char::len_utf8)
            .sum::<usize>()
    };
    let inner = at + 1;
    let r = run_end(inner);
    match char_at(text, r) {
        Some(')') if r > inner => Some(r + 1),
        Some('(') => {
            let nested = r + 1;
            let r2 = run_end(nested);
            if r2 == nested || char_at(text, r2) != Some(')') {
                return None;
            }
            let r3 = run_end(r2 + 1);
            (char_at(text, r3) == Some(')')).then_some(r3 + 1)
        }
        _ => None,
    }
}

/// End of a query whose first character (after the `?`) is at `at`: the longest run of query
/// characters ending with a query-ending character; `None` when there is no such character.
fn query_end(text: &str, at: usize) -> Option<usize> {
    let mut end = None;
    let mut i = at;
    while let Some(c) = char_at(text, i).filter(|&c| is_query_char(c)) {
        i += c.len_utf8();
        if is_query_ending_char(c) {
            end = Some(i);
        }
    }
    end
}

// ---- character classes (twitter-text's regexp/*.js) ----

/// `invalidCharsGroup`: characters that make a post invalid.
pub(super) fn is_invalid_char(c: char) -> bool {
    matches!(c, '\u{FFFE}' | '\u{FEFF}' | '\u{FFFF}')
}

/// `directionalMarkersGroup`.
fn is_directional_marker(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{2066}'..='\u{2069}')
}

/// `spacesGroup`.
const fn is_space(c: char) -> bool {
    matches!(
        c,
        '\u{09}'..='\u{0D}'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
    )
}

/// `punct` as interpolated into `invalidDomainChars` (the `/` comes from the interpolation
/// writing the regex literal with its slashes; it is in the list anyway). Note that `"` and `` ` ``
/// are not in it.
const fn is_punct(c: char) -> bool {
    matches!(
        c,
        '!' | '\''
            | '#'
            | '%'
            | '&'
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | '\\'
            | '-'
            | '.'
            | '/'
            | ':'
            | ';'
            | '<'
            | '='
            | '>'
            | '?'
            | '@'
            | '['
            | ']'
            | '^'
            | '_'
            | '{'
            | '|'
            | '}'
            | '~'
            | '$'
    )
}

/// `validDomainChars`: anything but punctuation, spaces, invalid characters and directional
/// markers (so CJK, emoji, etc. are domain characters).
fn is_domain_char(c: char) -> bool {
    if c.is_ascii() {
        return (ASCII_DOMAIN_CHARS >> (c as u32)) & 1 == 1;
    }
    !is_space(c) && !is_invalid_char(c) && !is_directional_marker(c)
}

/// [`is_domain_char`] for ASCII, as a bit set (the scanner asks for every character of a word).
const ASCII_DOMAIN_CHARS: u128 = {
    let mut set = 0u128;
    let mut b = 0u8;
    while b < 128 {
        if !is_punct(b as char) && !is_space(b as char) {
            set |= 1 << b;
        }
        b += 1;
    }
    set
};

fn is_label_char(c: char) -> bool {
    is_domain_char(c) || c == '-' || c == '_'
}

/// `validUrlPrecedingChars` (the directional-marker alternative is implied: they are not
/// excluded by the first one).
fn is_valid_preceding(c: char) -> bool {
    !(c.is_ascii_alphanumeric() || matches!(c, '@' | '＠' | '$' | '#' | '＃') || is_invalid_char(c))
}

/// `latinAccentChars` under the case-insensitive flag.
fn is_latin_accent(c: char) -> bool {
    matches!(
        c as u32,
        0xC0..=0xD6
            | 0xD8..=0xF6
            | 0xF8..=0x24F
            | 0x253
            | 0x254
            | 0x256
            | 0x257
            | 0x259
            | 0x25B
            | 0x263
            | 0x268
            | 0x26F
            | 0x272
            | 0x289
            | 0x28B
            | 0x2BB
            | 0x300..=0x36F
            | 0x1E00..=0x1EFF
            // Uppercase to a listed character (JS case-insensitive matching): ɠ ɩ ɵ ʀ ʃ ʈ ʊ ʌ ʒ,
            // Ι ι ι (U+0345 uppercases to Ι), ⱥ ⱦ ɀ ȿ.
            | 0x260
            | 0x269
            | 0x275
            | 0x280
            | 0x283
            | 0x288
            | 0x28A
            | 0x28C
            | 0x292
            | 0x399
            | 0x3B9
            | 0x1FBE
            | 0x2C65
            | 0x2C66
            | 0x2C7E
            | 0x2C7F
    )
}

/// `cyrillicLettersAndMarks` under the case-insensitive flag (U+1C80..U+1C87 uppercase into it).
fn is_cyrillic(c: char) -> bool {
    matches!(c as u32, 0x400..=0x4FF | 0x1C80..=0x1C87)
}

/// `validGeneralUrlPathChars`.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '*'
                | '\''
                | ';'
                | ':'
                | '='
                | '+'
                | ','
                | '.'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '\u{2013}'
                | '_'
                | '~'
                | '@'
                | '|'
                | '&'
        )
        || is_latin_accent(c)
        || is_cyrillic(c)
}

/// `validUrlPathEndingChars` (its balanced-parentheses alternative is handled by the caller).
fn is_path_ending_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '+' | '-' | '=' | '_' | '#' | '/')
        || is_latin_accent(c)
        || is_cyrillic(c)
}

/// `validUrlQueryChars`.
fn is_query_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '!' | '?'
                | '*'
                | '\''
                | '@'
                | '('
                | ')'
                | ';'
                | ':'
                | '&'
                | '='
                | '+'
                | '$'
                | '/'
                | '%'
                | '#'
                | '['
                | ']'
                | '-'
                | '_'
                | '.'
                | ','
                | '~'
                | '|'
        )
}

/// `validUrlQueryEndingChars`.
fn is_query_ending_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '&' | '=' | '#' | '/')
}

/// Label characters of `validAsciiDomain`.
fn is_ascii_label_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || is_latin_accent(c)
}

#[cfg(test)]
impl Scanner<'_> {
    /// The regex search done literally, position by position: the reference [`Scanner::find`]
    /// must agree with.
    fn find_exhaustive(&mut self, from: usize) -> Option<RegexMatch> {
        let text = self.text;
        let mut p = from;
        loop {
            if let Some(c) = char_at(text, p) {
                if is_valid_preceding(c) {
                    if let Some(m) = self.url_at(p + c.len_utf8(), Some(c)) {
                        return Some(m);
                    }
                }
            }
            if p == 0 {
                if let Some(m) = self.url_at(0, None) {
                    return Some(m);
                }
            }
            p += char_at(text, p)?.len_utf8();
        }
    }
}

#[cfg(test)]
// Tests build reference tables; they are not in the wasm module, so they may sort freely.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn candidate_search_agrees_with_exhaustive_search() {
        let pieces = [
            "a",
            "b",
            "x",
            "co",
            "com",
            "jp",
            "de",
            "t",
            "www",
            ".",
            ".",
            ".",
            "/",
            "//",
            "http://",
            "https://",
            "HTTP://",
            "-",
            "_",
            "@",
            "#",
            "$",
            " ",
            " ",
            "\n",
            "日",
            "本",
            "é",
            "😀",
            "(",
            ")",
            "?",
            "=",
            "&",
            "xn--",
            ":",
            "8080",
            "'",
            "みんな",
            "рф",
            "РФ",
            "\u{202A}",
            "。",
            "\u{FFFE}",
            "t.co/",
            "abc",
            "1",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..30_000 {
            let len = 1 + (next() % 14) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            assert_eq!(
                extract_with(&text, Scanner::find),
                extract_with(&text, Scanner::find_exhaustive),
                "{text:?}"
            );
        }
    }

    const TLD_LIB: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/conformance/twitter-text/tld_lib.yml"
    );
    const TLDS_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/text/tlds.rs");

    fn urls(text: &str) -> Vec<&str> {
        extract(text).into_iter().map(|r| &text[r]).collect()
    }

    /// The TLD list and case pairs `tld_lib.yml` implies.
    fn expected_tlds() -> (Vec<String>, Vec<(char, char)>) {
        let yaml = std::fs::read_to_string(TLD_LIB).unwrap_or_else(|e| {
            panic!("cannot read {TLD_LIB} (twitter-text conformance data): {e}")
        });
        let doc: serde_yaml::Value = serde_yaml::from_str(&yaml).expect("tld_lib.yml parses");
        let mut tlds: Vec<String> = ["country", "generic"]
            .iter()
            .flat_map(|k| doc[*k].as_sequence().cloned().unwrap_or_default())
            .filter_map(|v| v.as_str().map(str::to_lowercase))
            .collect();
        tlds.sort();
        tlds.dedup();
        let mut pairs: Vec<(char, char)> = Vec::new();
        for c in tlds
            .iter()
            .flat_map(|t| t.chars())
            .filter(|c| !c.is_ascii())
        {
            let mut upper = c.to_uppercase();
            if let (Some(u), None) = (upper.next(), upper.next()) {
                if u != c {
                    pairs.push((u, c));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        (tlds, pairs)
    }

    fn render_tlds(tlds: &[String], pairs: &[(char, char)]) -> String {
        let current = std::fs::read_to_string(TLDS_PATH).unwrap_or_default();
        // Keep the hand-written header (everything before the first item of TLDS).
        let head_end = current.find("pub(super) static TLDS").unwrap_or(0);
        let mut out = current[..head_end].to_string();
        out.push_str("pub(super) static TLDS: &[&str] = &[\n");
        let mut line = String::from("   ");
        for t in tlds {
            let item = format!(" \"{t}\",");
            if line.chars().count() + item.chars().count() > 99 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("   ");
            }
            line.push_str(&item);
        }
        out.push_str(&line);
        out.push_str("\n];\n\n");
        out.push_str(
            "/// `(uppercase, lowercase)` pairs for the cased non-ASCII letters used in [`TLDS`], sorted by the\n\
             /// uppercase letter: twitter-text matches TLDs case-insensitively, so `ПРИМЕР.РФ` ends in a TLD.\n\
             pub(super) static CASE_PAIRS: &[(char, char)] = &[\n",
        );
        let mut line = String::from("   ");
        for (u, l) in pairs {
            let item = format!(" ('{u}', '{l}'),");
            if line.chars().count() + item.chars().count() > 99 {
                out.push_str(&line);
                out.push('\n');
                line = String::from("   ");
            }
            line.push_str(&item);
        }
        out.push_str(&line);
        out.push_str("\n];\n");
        out
    }

    /// Fails when `tlds.rs` no longer matches `tld_lib.yml`; `ADVOCATE_REGENERATE=1` rewrites it.
    #[test]
    fn tld_list_matches_tld_lib_yml() {
        let (tlds, pairs) = expected_tlds();
        let compiled: Vec<String> = TLDS.iter().map(|t| t.to_string()).collect();
        if compiled != tlds || CASE_PAIRS != pairs.as_slice() {
            if std::env::var_os("ADVOCATE_REGENERATE").is_some() {
                std::fs::write(TLDS_PATH, render_tlds(&tlds, &pairs)).expect("write tlds.rs");
            } else {
                panic!(
                    "tlds.rs is stale ({} compiled, {} in tld_lib.yml); rerun this test with \
                     ADVOCATE_REGENERATE=1",
                    compiled.len(),
                    tlds.len()
                );
            }
        }
        assert!(TLDS.windows(2).all(|w| w[0] < w[1]), "sorted and unique");
        assert!(TLDS.iter().all(|t| t.chars().count() <= MAX_TLD_CHARS));
    }

    #[test]
    fn bare_domains_need_a_known_tld() {
        assert_eq!(urls("see example.com now"), ["example.com"]);
        assert_eq!(urls("foo.baz foo.jp foo.comm"), ["foo.jp"]);
        assert_eq!(urls("EXAMPLE.COM"), ["EXAMPLE.COM"]);
        assert_eq!(urls("пример.РФ and пример.рф"), Vec::<&str>::new()); // not ASCII: no URL
        assert_eq!(urls("http://пример.РФ"), ["http://пример.РФ"]);
    }

    #[test]
    fn trailing_punctuation_is_left_out() {
        assert_eq!(
            urls("(see https://example.com/a_(b)_c)."),
            ["https://example.com/a_(b)_c"]
        );
        assert_eq!(
            urls("http://example.com/path..."),
            ["http://example.com/path"]
        );
        assert_eq!(urls("http://example.com?q=1&"), ["http://example.com?q=1&"]);
        assert_eq!(urls("http://example.com?.,"), ["http://example.com"]);
    }

    #[test]
    fn emails_and_tags_are_not_urls() {
        assert_eq!(
            urls("mail a@example.com #example.com $example.com"),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn punycode_lengths_match_rfc_3492_examples() {
        // RFC 3492 section 7.1 (A) Arabic (Egyptian), (L) 3<nen>B<gumi><kinpachi><sensei>.
        let arabic = "\u{644}\u{64A}\u{647}\u{645}\u{627}\u{628}\u{62A}\u{643}\u{644}\u{645}\u{648}\u{634}\u{639}\u{631}\u{628}\u{64A}\u{61F}";
        assert_eq!(
            punycode_encoded_len(arabic),
            Some("egbpdaj6bu4bxfgehfvwxn".len())
        );
        let mixed = "3\u{5E74}B\u{7D44}\u{91D1}\u{516B}\u{5148}\u{751F}";
        assert_eq!(
            punycode_encoded_len(mixed),
            Some("3B-ww4c5e180e575a65lsy2b".len())
        );
        assert_eq!(punycode_encoded_len("ü"), Some("tda".len()));
        assert_eq!(
            punycode_to_ascii_len("münchen"),
            Some("xn--mnchen-3ya".len())
        );
        assert_eq!(punycode_to_ascii_len("example"), Some(7));
        assert_eq!(punycode_to_ascii_len(""), Some(0));
    }

    #[test]
    fn long_cjk_hosts_are_not_urls() {
        let host = "あ".repeat(60);
        assert!(urls(&format!("http://{host}.com")).is_empty());
        assert_eq!(urls("http://ああ.com"), ["http://ああ.com"]);
    }
}
