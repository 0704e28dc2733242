//! The HTTP rules of `advocate serve`, as plain functions: reading a request, which file a
//! request path means and whether it may be served, its content type, its ETag, conditional
//! requests, CORS, the `Host` check and log escaping.

use std::path::{Component, Path, PathBuf};

use advocate_core::link::{is_invisible, is_loopback_host};

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Malformed percent-encoding or a NUL byte.
    BadRequest,
    /// `..`, hidden files (`.git`), backslashes: never served.
    Forbidden,
}

/// The relative path a request target names, or why it is refused. The query and fragment are
/// ignored (the extension may add a cache-busting query).
pub fn relative_path(target: &str) -> Result<PathBuf, Refused> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path).ok_or(Refused::BadRequest)?;
    let mut out = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment.starts_with('.') || segment.contains('\\') || segment.contains('\0') {
            return Err(Refused::Forbidden);
        }
        out.push(segment);
    }
    // Belt and braces: after the checks above only normal components can remain.
    if out.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Err(Refused::Forbidden);
    }
    Ok(out)
}

/// The path with its `%XX` escapes decoded; `None` for an escape that is not two hex digits
/// (which the `percent-encoding` crate would pass through as it is) or text that is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let malformed = s.split('%').skip(1).any(|rest| {
        !rest
            .as_bytes()
            .get(..2)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

/// Longest request head (request line and headers) read.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// A request's head, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The request target as sent (`/feed.json?t=1`), lossily decoded.
    pub target: String,
    /// Header names (lowercase) and values.
    pub headers: Vec<(String, String)>,
}

impl Head {
    /// The value of header `name` (case-insensitive), if sent once.
    pub fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (Some((_, v)), None) => Some(v.as_str()),
            _ => None,
        }
    }
}

/// Reads a request head (everything before the empty line), or `None` if it is not HTTP/1.x.
pub fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split("\r\n").flat_map(|l| l.split('\n'));
    let mut parts = lines.next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || !version.starts_with("HTTP/1.")
    {
        return None;
    }
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':')?;
        if name.is_empty() || name.contains(' ') {
            return None;
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
    }
    Some(Head {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// Whether a request's `Host` names this server: a loopback name or address (`localhost`,
/// `127.0.0.1`, `[::1]`, any port), or exactly the address it was told to listen on. A page
/// that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
pub fn host_allowed(host: Option<&str>, listen: &str) -> bool {
    let Some(host) = host else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((inner, port)) if port.is_empty() || is_port(port) => &host[..inner.len() + 2],
            _ => return false,
        },
        None => match host.rsplit_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        },
    };
    let listen = listen.trim_start_matches('[').trim_end_matches(']');
    let bare = name.trim_start_matches('[').trim_end_matches(']');
    let unspecified = matches!(listen, "0.0.0.0" | "::" | "");
    is_loopback_host(name) || (!unspecified && bare.eq_ignore_ascii_case(listen))
}

fn is_port(p: &str) -> bool {
    p.strip_prefix(':')
        .unwrap_or(p)
        .parse::<u16>()
        .is_ok_and(|n| n > 0)
}

/// Whether a file may be served at all, by its name: feeds and schemas (`.json`), signatures
/// (`.sig`) and images. Never keys, never anything else that happens to be in the folder.
pub fn servable_name(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "json" | "sig" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "svg"
    )
}

/// A line for the terminal: control characters (escape sequences), bidi overrides and
/// zero-width characters written as `\u{…}`, so a request path cannot rewrite the screen.
pub fn escape_log(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if c.is_control() || is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// The reason phrase for the statuses `advocate serve` sends.
pub fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        304 => "Not Modified",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        _ => "Error",
    }
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "json" => "application/json; charset=utf-8",
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "csv" => "text/plain; charset=utf-8",
        "md" => "text/markdown; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// A strong ETag from the content: FNV-1a (64 bit) and the length. Not cryptographic, and
/// need not be: it only has to change when the file does.
pub fn etag(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("\"{hash:016x}-{:x}\"", bytes.len())
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison, as RFC 9110 asks).
pub fn none_match(header: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    header
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == bare(etag))
}

/// The `Access-Control-Allow-Origin` value: a browser extension's origin, echoed (with
/// `Vary: Origin`); no value for any other origin, so that no web page can read the drafts
/// (nor anything else) from this computer.
pub fn allow_origin(origin: Option<&str>) -> Option<String> {
    origin
        .filter(|o| {
            [
                "chrome-extension://",
                "moz-extension://",
                "safari-web-extension://",
            ]
            .iter()
            .any(|scheme| {
                o.strip_prefix(scheme).is_some_and(|id| {
                    !id.is_empty()
                        && id
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
                })
            })
        })
        .map(str::to_string)
}

/// An HTTP date (IMF-fixdate), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(t)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// Whether the file, last modified at `modified`, is unchanged since `If-Modified-Since`.
pub fn not_modified_since(header: &str, modified: std::time::SystemTime) -> bool {
    let Ok(since) = chrono::DateTime::parse_from_rfc2822(header.trim()) else {
        return false;
    };
    let modified = chrono::DateTime::<chrono::Utc>::from(modified).timestamp();
    modified <= since.timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        assert_eq!(
            relative_path("/feed.json?v=2"),
            Ok(PathBuf::from("feed.json"))
        );
        assert_eq!(
            relative_path("/img/a%20b.png"),
            Ok(PathBuf::from("img/a b.png"))
        );
        assert_eq!(relative_path("/"), Ok(PathBuf::new()));
        for bad in [
            "/../x",
            "/a/../../x",
            "/%2e%2e/x",
            "/.git/config",
            "/a%5c..%5cb",
            "/%00",
        ] {
            assert_eq!(relative_path(bad), Err(Refused::Forbidden), "{bad}");
        }
        for bad in ["/%zz", "/a%", "/a%4", "/%ff"] {
            assert_eq!(relative_path(bad), Err(Refused::BadRequest), "{bad}");
        }
        assert_eq!(relative_path("/caf%C3%A9"), Ok(PathBuf::from("café")));
    }

    #[test]
    fn etags_follow_the_content_and_match_loosely() {
        let a = etag(b"{}");
        assert_eq!(a, etag(b"{}"));
        assert_ne!(a, etag(b"{ }"));
        assert!(none_match(&a, &a));
        assert!(none_match(&format!("W/{a}, \"x\""), &a));
        assert!(none_match("*", &a));
        assert!(!none_match("\"other\"", &a));
    }

    #[test]
    fn only_extension_origins_are_allowed() {
        let id = "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl";
        assert_eq!(allow_origin(Some(id)).as_deref(), Some(id));
        assert!(
            allow_origin(Some("moz-extension://0b1c2d3e-aaaa-4bbb-8ccc-123456789abc")).is_some()
        );
        assert_eq!(allow_origin(Some("https://evil.example")), None);
        assert_eq!(allow_origin(Some("http://localhost:3000")), None);
        assert_eq!(allow_origin(Some("null")), None);
        assert_eq!(
            allow_origin(Some("chrome-extension://x\r\nSet-Cookie: a")),
            None
        );
        assert_eq!(allow_origin(None), None);
    }

    #[test]
    fn hosts_must_name_this_computer() {
        for ok in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "localhost:8080",
            "LOCALHOST",
            "[::1]:8080",
            "[::1]",
            "127.3.2.1:80",
        ] {
            assert!(host_allowed(Some(ok), "127.0.0.1"), "{ok}");
        }
        for bad in [
            "attacker.example",
            "attacker.example:8080",
            "127.attacker.example:8080",
            "localhost.attacker.example",
            "127.0.0.1:80:80",
            "127.0.0.1:x",
            "[::1]x",
            "",
            "192.168.1.5:8080",
        ] {
            assert!(!host_allowed(Some(bad), "127.0.0.1"), "{bad}");
        }
        assert!(!host_allowed(None, "127.0.0.1"));
        // Listening on a named address: that address too, not others.
        assert!(host_allowed(Some("192.168.1.5:8080"), "192.168.1.5"));
        assert!(host_allowed(Some("[fd00::5]:8080"), "fd00::5"));
        assert!(!host_allowed(Some("0.0.0.0:8080"), "0.0.0.0"));
        assert!(!host_allowed(Some("evil.example"), "0.0.0.0"));
    }

    #[test]
    fn heads_are_read_strictly() {
        let h = parse_head(
            b"GET /feed.json?t=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match:  \"x\" \r\n",
        )
        .unwrap();
        assert_eq!(h.method, "GET");
        assert_eq!(h.target, "/feed.json?t=1");
        assert_eq!(h.header("host"), Some("127.0.0.1"));
        assert_eq!(h.header("IF-NONE-MATCH"), Some("\"x\""));
        assert_eq!(h.header("origin"), None);
        // Two Host headers: none counts.
        let two = parse_head(b"GET / HTTP/1.1\r\nHost: a\r\nHost: 127.0.0.1\r\n").unwrap();
        assert_eq!(two.header("Host"), None);
        for bad in [
            &b"GET /\r\n"[..],
            b"get / HTTP/1.1\r\n",
            b"GET / HTTP/2\r\n",
            b"GET / HTTP/1.1\r\nNo colon\r\n",
            b"GET  / HTTP/1.1\r\n",
        ] {
            assert_eq!(parse_head(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn only_what_an_extension_needs_is_servable() {
        for ok in [
            "feed.json",
            "feed.json.sig",
            "img/a.PNG",
            "b.jpeg",
            "c.svg",
            "feed.schema.json",
        ] {
            assert!(servable_name(Path::new(ok)), "{ok}");
        }
        for bad in [
            "advocate.key",
            "README.md",
            "notes.txt",
            "id_ed25519",
            "x.pem",
            "feed.json.bak",
            "run.sh",
        ] {
            assert!(!servable_name(Path::new(bad)), "{bad}");
        }
    }

    #[test]
    fn log_lines_cannot_drive_the_terminal() {
        assert_eq!(escape_log("GET /a\u{1b}[2J 404"), "GET /a\\u{1b}[2J 404");
        assert_eq!(escape_log("/\u{202e}gpj.exe"), "/\\u{202e}gpj.exe");
        assert_eq!(escape_log("/straße"), "/straße");
        assert_eq!(escape_log("a\r\nb\u{7f}"), "a\\u{d}\\u{a}b\\u{7f}");
    }

    #[test]
    fn content_types_and_dates() {
        assert_eq!(
            content_type(Path::new("feed.json")),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.JPG")), "image/jpeg");
        assert_eq!(
            content_type(Path::new("feed.json.sig")),
            "application/octet-stream"
        );
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(784_111_777);
        assert_eq!(http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert!(not_modified_since("Sun, 06 Nov 1994 08:49:37 GMT", t));
        assert!(!not_modified_since("Sun, 06 Nov 1994 08:49:36 GMT", t));
        assert!(!not_modified_since("yesterday", t));
    }
}
