//! URL checks for untrusted feed data, and link tagging.
//!
//! A small, strict parser instead of a general URL crate: feed links must be plain absolute
//! `https://host/...` URLs, which keeps the wasm module small and the rules easy to state.

use thiserror::Error;

/// Longest URL accepted in a feed.
pub const MAX_URL_LEN: usize = 2048;

/// Why a string is not an acceptable link.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum UrlError {
    /// Empty string.
    #[error("is empty")]
    Empty,
    /// Longer than [`MAX_URL_LEN`].
    #[error("is longer than {MAX_URL_LEN} characters")]
    TooLong,
    /// Not `https:` (e.g. `http:`, `javascript:`, `data:`, or a relative path).
    #[error("must start with https:// (found \"{0}\")")]
    NotHttps(String),
    /// `user:pass@host` — a classic way to disguise where a link goes.
    #[error("must not contain a user name or password before the host")]
    UserInfo,
    /// Host missing or with characters outside letters, digits, `-` and `.`.
    #[error(
        "has an invalid host \"{0}\" (internationalised names must be written in punycode, xn--…)"
    )]
    BadHost(String),
    /// Port not a number 1–65535.
    #[error("has an invalid port")]
    BadPort,
    /// Spaces, control or bidi characters, or other characters a URL cannot contain.
    #[error("contains a space or a character that is not allowed in a link")]
    BadChar,
}

impl UrlError {
    /// The `_locales` message name that explains this error to an employee.
    pub fn message_key(&self) -> &'static str {
        match self {
            UrlError::Empty => "urlEmpty",
            UrlError::TooLong => "urlTooLong",
            UrlError::NotHttps(_) => "urlNotHttps",
            UrlError::UserInfo => "urlUserInfo",
            UrlError::BadHost(_) => "urlBadHost",
            UrlError::BadPort => "urlBadPort",
            UrlError::BadChar => "urlBadChar",
        }
    }
}

/// The parts of an accepted URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUrl<'a> {
    /// `https` or (for the feed URL only) `http`.
    pub scheme: &'a str,
    /// Lowercase-insensitive host as written.
    pub host: &'a str,
    /// Port, if written.
    pub port: Option<u16>,
    /// Everything from the first `/`, `?` or `#` after the host.
    pub rest: &'a str,
}

impl ParsedUrl<'_> {
    /// `scheme://host[:port]`, lowercased.
    pub fn origin(&self) -> String {
        match self.port {
            Some(p) => format!("{}://{}:{p}", self.scheme, self.host.to_ascii_lowercase()),
            None => format!("{}://{}", self.scheme, self.host.to_ascii_lowercase()),
        }
    }

    /// The browser match pattern for a host permission on exactly this origin (match
    /// patterns have no port: they cover every port of the host).
    pub fn permission_pattern(&self) -> String {
        format!(
            "{}://{}/*",
            self.scheme.to_ascii_lowercase(),
            self.host.to_ascii_lowercase()
        )
    }

    /// Whether the host is this machine: an IPv4 literal in 127.0.0.0/8, `localhost` or
    /// `[::1]`. An address, not a prefix: `127.attacker.example` is a name anyone can point
    /// anywhere (#19).
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(self.host)
    }
}

/// Whether `host` (as written in a URL, without a port) names this machine: `localhost`,
/// `[::1]`, or four decimal octets starting with 127 (`127.0.0.1`, `127.1.2.3`). Shorthand
/// forms a browser would also read as loopback (`127.1`, `0x7f.0.0.1`) are not recognised,
/// which errs on the safe side: they are simply not "this computer".
pub fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host == "[::1]"
        || host
            .parse::<std::net::Ipv4Addr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn parse(url: &str) -> Result<ParsedUrl<'_>, UrlError> {
    if url.is_empty() {
        return Err(UrlError::Empty);
    }
    if url.len() > MAX_URL_LEN {
        return Err(UrlError::TooLong);
    }
    // Byte searches here and below: `str::find` with a string or a set of chars costs more
    // than the whole check for a short URL, and every item has one or two.
    let (scheme, after) = match url.as_bytes().windows(3).position(|w| w == b"://") {
        Some(i) => (&url[..i], &url[i + 3..]),
        None => {
            // `javascript:…`, `data:…`, `mailto:…` or a relative path.
            let shown: String = match url.split_once(':') {
                Some((scheme, _)) if !scheme.contains('/') => {
                    format!("{}:", scheme.chars().take(20).collect::<String>())
                }
                _ => url.chars().take(12).collect(),
            };
            return Err(UrlError::NotHttps(shown));
        }
    };
    let scheme_ok = scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http");
    if !scheme_ok {
        return Err(UrlError::NotHttps(format!("{scheme}:")));
    }
    // Anything a browser would strip or that changes how a link reads (spaces, controls, bidi
    // overrides, zero-width characters) is refused rather than normalised.
    // For ASCII (nearly every URL) whitespace and controls are the bytes up to space, and DEL.
    let bad_char = if url.is_ascii() {
        url.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'\\')
    } else {
        url.chars()
            .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c) || c == '\\')
    };
    if bad_char {
        return Err(UrlError::BadChar);
    }
    let end = after
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(after.len());
    let (authority, rest) = after.split_at(end);
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    let (host, port) = if authority.starts_with('[') {
        // IPv6 literal: only loopback is of any use (a local test server).
        match authority.find(']') {
            Some(i) => (&authority[..=i], authority[i + 1..].strip_prefix(':')),
            None => return Err(UrlError::BadHost(authority.into())),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let host_ok = host == "[::1]"
        || (!host.is_empty()
            && host.len() <= 253
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            }));
    if !host_ok {
        return Err(UrlError::BadHost(host.into()));
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u16>() {
            Ok(n) if n > 0 && p.bytes().all(|b| b.is_ascii_digit()) => Some(n),
            _ => return Err(UrlError::BadPort),
        },
    };
    // RFC 3986 excludes these from URLs; browsers would percent-encode them, but in a feed they
    // are far more likely an attempt to break out of an attribute than a real address.
    // Byte by byte: every byte of a non-ASCII character is 0x80 or above, and allowed.
    let excluded = |b: u8| matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^');
    if !rest
        .bytes()
        .all(|b| (b.is_ascii_graphic() && !excluded(b)) || !b.is_ascii())
    {
        return Err(UrlError::BadChar);
    }
    Ok(ParsedUrl {
        scheme,
        host,
        port,
        rest,
    })
}

/// Zero-width and bidi formatting characters, which can make a link read differently from
/// where it goes.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{00AD}')
}

/// Checks a link or image URL from a feed: absolute `https://`, nothing else.
pub fn check_https(url: &str) -> Result<ParsedUrl<'_>, UrlError> {
    let p = parse(url)?;
    if !p.scheme.eq_ignore_ascii_case("https") {
        return Err(UrlError::NotHttps(format!("{}:", p.scheme)));
    }
    Ok(p)
}

/// Checks the feed's own URL: `https://`, or `http://` on this machine only (a draft feed
/// served by `advocate serve` while testing).
pub fn check_feed_url(url: &str) -> Result<ParsedUrl<'_>, UrlError> {
    let p = parse(url)?;
    if p.scheme.eq_ignore_ascii_case("https") || p.is_loopback() {
        Ok(p)
    } else {
        Err(UrlError::NotHttps(format!("{}:", p.scheme)))
    }
}

/// Adds query parameters to a (checked) URL, before any `#fragment`, replacing parameters of
/// the same name that are already there. Values are percent-encoded.
pub fn add_query_params(url: &str, params: &[(&str, &str)]) -> String {
    if params.is_empty() {
        return url.to_string();
    }
    let (base, fragment) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let (path, query) = match base.find('?') {
        Some(i) => (&base[..i], &base[i + 1..]),
        None => (base, ""),
    };
    let mut pairs: Vec<String> = query
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let key = kv.split('=').next().unwrap_or(kv);
            !params.iter().any(|(k, _)| *k == key)
        })
        .map(str::to_string)
        .collect();
    for (k, v) in params {
        pairs.push(format!("{}={}", encode(k), encode(v)));
    }
    format!("{path}?{}{fragment}", pairs.join("&"))
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_https() {
        let p = check_https("https://Beispiel.de:8443/news/q4?x=1#top").unwrap();
        assert_eq!(p.origin(), "https://beispiel.de:8443");
        assert_eq!(p.permission_pattern(), "https://beispiel.de/*");
        assert_eq!(p.rest, "/news/q4?x=1#top");
        assert!(check_https("https://xn--mnchen-3ya.de/").is_ok());
        assert!(check_https("https://b.de/straße").is_ok());
    }

    #[test]
    fn refuses_dangerous_or_malformed_links() {
        let cases = [
            ("http://b.de/", "must start with https:// (found \"http:\")"),
            (
                "javascript:alert(1)",
                "must start with https:// (found \"javascript:\")",
            ),
            ("data:text/html,<script>", "must start with https://"),
            (
                "data:image/svg+xml,<svg onload=alert(1)>",
                "must start with https:// (found \"data:\")",
            ),
            ("/relative/path", "must start with https://"),
            ("https://evil.com@b.de/", "user name or password"),
            ("https://b.de/a b", "space"),
            ("https://b.de/\"><script>", "not allowed"),
            ("https://b.de/<img>", "not allowed"),
            ("https://b.de/straße|ü", "not allowed"),
            ("https://b.de:443x/", "invalid port"),
            ("https://b\u{202E}ed.com/", "space or a character"),
            ("https://münchen.de/", "punycode"),
            ("https://b.de:99999/", "invalid port"),
            ("https:///path", "invalid host"),
            ("https://-b.de/", "invalid host"),
            ("", "is empty"),
        ];
        for (url, want) in cases {
            let err = check_https(url).unwrap_err().to_string();
            assert!(err.contains(want), "{url}: {err}");
        }
        assert_eq!(
            check_https(&format!("https://b.de/{}", "a".repeat(3000))),
            Err(UrlError::TooLong)
        );
    }

    #[test]
    fn feed_url_may_be_http_on_loopback_only() {
        assert!(check_feed_url("http://127.0.0.1:8080/feed.json").is_ok());
        assert!(check_feed_url("http://localhost/feed.json").is_ok());
        assert!(check_feed_url("http://[::1]:9/feed.json").is_ok());
        assert!(check_feed_url("https://b.de/feed.json").is_ok());
        assert!(check_feed_url("http://b.de/feed.json").is_err());
    }

    #[test]
    fn this_computer_is_an_address_not_a_prefix() {
        for url in [
            "http://127.0.0.1:8080/",
            "http://127.1.2.3/feed.json",
            "http://localhost:8080/",
            "http://LOCALHOST/feed.json",
            "http://[::1]/feed.json",
        ] {
            assert!(check_feed_url(url).is_ok_and(|p| p.is_loopback()), "{url}");
        }
        for url in [
            "http://127.attacker.example/feed.json",
            "http://127.0.0.1.attacker.example/feed.json",
            "http://127.0.0.1a/feed.json",
            "http://127.0.0.256/feed.json",
            "http://127.1/feed.json",
            "http://localhost.attacker.example/feed.json",
            "http://128.0.0.1/feed.json",
        ] {
            assert!(check_feed_url(url).is_err(), "{url}");
        }
        assert!(!is_loopback_host("127."));
        assert!(is_loopback_host("127.255.255.255"));
    }

    #[test]
    fn adds_and_replaces_query_params_before_fragment() {
        assert_eq!(
            add_query_params(
                "https://b.de/a?x=1&utm_source=old#f",
                &[("utm_source", "linkedin"), ("utm_campaign", "q4 2026")]
            ),
            "https://b.de/a?x=1&utm_source=linkedin&utm_campaign=q4%202026#f"
        );
        assert_eq!(
            add_query_params("https://b.de", &[("a", "b")]),
            "https://b.de?a=b"
        );
    }
}
