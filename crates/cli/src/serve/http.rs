//! The HTTP rules of `advocate serve`, as plain functions: which file a request path means,
//! its content type, its ETag, conditional requests and CORS.

use std::path::{Component, Path, PathBuf};

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

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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

/// The `Access-Control-Allow-Origin` value: a browser extension's origin is echoed (with
/// `Vary: Origin`), anything else gets `*`. The files are public drafts on this computer, so
/// no origin needs to be kept out; echoing lets the extension's requests match exactly.
pub fn allow_origin(origin: Option<&str>) -> (String, bool) {
    let is_extension = origin.is_some_and(|o| {
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
    });
    match origin {
        Some(o) if is_extension => (o.to_string(), true),
        _ => ("*".to_string(), false),
    }
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
        assert_eq!(relative_path("/%zz"), Err(Refused::BadRequest));
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
    fn extension_origins_are_echoed() {
        let id = "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl";
        assert_eq!(allow_origin(Some(id)), (id.to_string(), true));
        assert!(allow_origin(Some("moz-extension://0b1c2d3e-aaaa-4bbb-8ccc-123456789abc")).1);
        assert_eq!(
            allow_origin(Some("https://evil.example")),
            ("*".into(), false)
        );
        assert_eq!(
            allow_origin(Some("chrome-extension://x\r\nSet-Cookie: a")).0,
            "*"
        );
        assert_eq!(allow_origin(None).0, "*");
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
