//! `advocate serve DIR`: a small static file server for testing the extension against a draft
//! feed on this computer.
//!
//! - Listens on 127.0.0.1:8080 by default (`--host`, `--port`; a warning when the address is
//!   reachable from other computers). The extension accepts `http://` only for such a local
//!   server.
//! - Serves the files inside DIR and nothing else: no `..`, no hidden files (`.git`), no
//!   symbolic links leading out; a directory listing only for DIR itself.
//! - `Content-Type` by extension (`application/json; charset=utf-8` for `.json`), a strong
//!   `ETag` from the content, `Last-Modified`, `Cache-Control: no-cache`; `If-None-Match` (or
//!   `If-Modified-Since`) answers 304 when nothing changed.
//! - CORS like a correctly configured feed host: `Access-Control-Allow-Origin` echoes
//!   `chrome-extension://…`, `moz-extension://…` and `safari-web-extension://…` origins (with
//!   `Vary: Origin`) and is `*` for everything else; `Access-Control-Allow-Headers:
//!   If-None-Match, If-Modified-Since`; `Access-Control-Expose-Headers: ETag`; `OPTIONS`
//!   preflights get 204.
//! - On start, and whenever a served feed (`*.json`, not `*.schema.json`) has changed since it
//!   was last served, prints a one-line validation status to stderr; every request is logged
//!   there too. Ctrl-C stops it.

mod http;
mod status;

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::cli::ServeArgs;
use crate::fsutil::{plain, shown};
use crate::Outcome;
use http::Refused;
use status::{is_feed, Watcher};

/// Runs `advocate serve` until interrupted.
pub fn run(args: &ServeArgs) -> Result<Outcome> {
    let root = std::fs::canonicalize(&args.dir)
        .ok()
        .filter(|p| p.is_dir())
        .ok_or_else(|| anyhow!("cannot serve \"{}\": no such folder", shown(&args.dir)))?;
    if !is_loopback(&args.host) {
        eprintln!(
            "warning: listening on {} makes the files in \"{}\" readable from other computers",
            args.host,
            shown(&args.dir)
        );
    }
    let address = if args.host.contains(':') {
        format!("[{}]:{}", args.host, args.port)
    } else {
        format!("{}:{}", args.host, args.port)
    };
    let server = Server::http(&address).map_err(|e| listen_error(&address, e.as_ref()))?;
    let base = match server.server_addr().to_ip() {
        Some(addr) => format!("http://{addr}"),
        None => format!("http://{address}"),
    };
    eprintln!(
        "Serving \"{}\" at {base}/ (Ctrl-C to stop)",
        shown(&args.dir)
    );
    let mut watcher = Watcher::default();
    for path in feeds_in(&root) {
        let name = file_name(&path);
        eprintln!("  {base}/{name}");
        if let Ok(bytes) = std::fs::read(&path) {
            if let Some(line) = watcher.changed(&path, &name, &bytes) {
                eprintln!("{line}");
            }
        }
    }
    for request in server.incoming_requests() {
        handle(request, &root, &mut watcher);
    }
    Ok(Outcome::Ok)
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn listen_error(address: &str, e: &(dyn std::error::Error + 'static)) -> anyhow::Error {
    match e.downcast_ref::<std::io::Error>() {
        Some(io) if io.kind() == std::io::ErrorKind::AddrInUse => anyhow!(
            "cannot listen on {address}: the port is already in use (choose another with --port)"
        ),
        Some(io) => anyhow!("cannot listen on {address}: {}", plain(io)),
        None => anyhow!("cannot listen on {address}: the address is not usable"),
    }
}

/// Feeds directly inside `root`, sorted by name.
fn feeds_in(root: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && is_feed(p) && !file_name(p).starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn request_header<'r>(request: &'r Request, name: &'static str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str())
}

/// What to send: status, headers, body.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn text(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".into())],
            body: format!("{body}\n").into_bytes(),
        }
    }
}

fn handle(request: Request, root: &Path, watcher: &mut Watcher) {
    let mut reply = match request.method() {
        Method::Get | Method::Head => get(&request, root, watcher),
        Method::Options => Reply {
            status: 204,
            headers: vec![
                ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS".into()),
                ("Access-Control-Max-Age", "600".into()),
            ],
            body: Vec::new(),
        },
        _ => {
            let mut r = Reply::text(405, "only GET, HEAD and OPTIONS are supported");
            r.headers.push(("Allow", "GET, HEAD, OPTIONS".into()));
            r
        }
    };
    let (origin, vary) = http::allow_origin(request_header(&request, "Origin"));
    reply.headers.push(("Access-Control-Allow-Origin", origin));
    if vary {
        reply.headers.push(("Vary", "Origin".into()));
    }
    reply.headers.push((
        "Access-Control-Allow-Headers",
        "If-None-Match, If-Modified-Since".into(),
    ));
    reply
        .headers
        .push(("Access-Control-Expose-Headers", "ETag".into()));
    if request_header(&request, "Access-Control-Request-Private-Network") == Some("true") {
        // Chromium asks before a page on the internet may reach this computer.
        reply
            .headers
            .push(("Access-Control-Allow-Private-Network", "true".into()));
    }
    eprintln!("{} {} {}", request.method(), request.url(), reply.status);
    let headers: Vec<Header> = reply
        .headers
        .iter()
        .filter_map(|(n, v)| header(n, v))
        .collect();
    let length = reply.body.len();
    let response = Response::new(
        StatusCode(reply.status),
        headers,
        std::io::Cursor::new(reply.body),
        Some(length),
        None,
    );
    // A client that went away is not our problem.
    let _ = request.respond(response);
}

fn get(request: &Request, root: &Path, watcher: &mut Watcher) -> Reply {
    let relative = match http::relative_path(request.url()) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return Reply::text(400, "bad request"),
        Err(Refused::Forbidden) => return Reply::text(403, "forbidden"),
    };
    let full = root.join(&relative);
    // Resolving symbolic links: a link may not lead out of the served folder.
    let Some(path) = std::fs::canonicalize(&full)
        .ok()
        .filter(|p| p.starts_with(root))
    else {
        return Reply::text(404, "not found");
    };
    if path.is_dir() {
        return if path == root {
            index(root)
        } else {
            Reply::text(404, "not found")
        };
    }
    let Ok(bytes) = std::fs::read(&path) else {
        return Reply::text(404, "not found");
    };
    if is_feed(&path) {
        if let Some(line) = watcher.changed(&path, &relative.to_string_lossy(), &bytes) {
            eprintln!("{line}");
        }
    }
    let tag = http::etag(&bytes);
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let mut headers = vec![
        ("ETag", tag.clone()),
        ("Cache-Control", "no-cache".into()),
        ("X-Content-Type-Options", "nosniff".into()),
    ];
    if let Some(m) = modified {
        headers.push(("Last-Modified", http::http_date(m)));
    }
    // If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    let unchanged = match request_header(request, "If-None-Match") {
        Some(v) => http::none_match(v, &tag),
        None => match (request_header(request, "If-Modified-Since"), modified) {
            (Some(v), Some(m)) => http::not_modified_since(v, m),
            _ => false,
        },
    };
    if unchanged {
        return Reply {
            status: 304,
            headers,
            body: Vec::new(),
        };
    }
    headers.push(("Content-Type", http::content_type(&path).into()));
    Reply {
        status: 200,
        headers,
        body: bytes,
    }
}

/// A minimal listing of the files directly in the served folder.
fn index(root: &Path) -> Reply {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let items: String = names
        .iter()
        .map(|n| {
            let escaped = n
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('"', "&quot;");
            format!("<li><a href=\"{escaped}\">{escaped}</a></li>\n")
        })
        .collect();
    let body = format!(
        "<!doctype html>\n<meta charset=\"utf-8\">\n<title>advocate serve</title>\n<ul>\n{items}</ul>\n"
    );
    Reply {
        status: 200,
        headers: vec![
            ("Content-Type", "text/html; charset=utf-8".into()),
            ("Cache-Control", "no-cache".into()),
        ],
        body: body.into_bytes(),
    }
}
