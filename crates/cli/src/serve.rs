//! `advocate serve DIR`: a small static file server for testing the extension against a draft
//! feed on this computer. Drafts only: it is not a web server to publish with.
//!
//! - Listens on 127.0.0.1:8080 by default (`--host`, `--port`; a warning when the address is
//!   reachable from other computers). The extension accepts `http://` only for such a local
//!   server.
//! - Serves only what an extension needs, from inside DIR: feeds (`.json`), signatures (`.sig`)
//!   and images. Never key files (by name or by content), never files only their owner may
//!   read, never hidden files (`.git`), nothing through a symbolic link that leads out of DIR or
//!   to a name it would not serve; no FIFOs or devices. A listing of those files for DIR itself.
//! - Answers only requests addressed to this computer (`Host: 127.0.0.1`, `localhost`,
//!   `[::1]`, or the `--host` address): a web page that points its own name at 127.0.0.1 (DNS
//!   rebinding) is refused.
//! - `Content-Type` by extension (`application/json; charset=utf-8` for `.json`), a strong
//!   `ETag` from the content, `Last-Modified`, `Cache-Control: no-cache`; `If-None-Match` (or
//!   `If-Modified-Since`) answers 304 when nothing changed.
//! - CORS for browser extensions only: `Access-Control-Allow-Origin` echoes
//!   `chrome-extension://…`, `moz-extension://…` and `safari-web-extension://…` origins (with
//!   `Vary: Origin`) and is absent for every other origin; no private-network opt-in.
//!   `Access-Control-Allow-Headers: If-None-Match, If-Modified-Since`;
//!   `Access-Control-Expose-Headers: ETag`; `OPTIONS` preflights get 204.
//! - Each connection has its own thread (up to [`MAX_CONNECTIONS`]) and deadlines for reading
//!   the request and sending the answer, so a slow client or a stuck file blocks nobody else.
//!   One request per connection (`Connection: close`).
//! - On start, and whenever a served feed (`*.json`, not `*.schema.json`) has changed since it
//!   was last served, prints a one-line validation status to stderr; every request is logged
//!   there too, with control characters escaped. Ctrl-C stops it.

mod http;
mod status;

use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use advocate_core::studio::sign::KEY_FILE_FIRST_LINE;
use anyhow::{anyhow, Result};

use crate::cli::ServeArgs;
use crate::fsutil::{plain, shown};
use crate::Outcome;
use http::{Head, Refused};
use status::{is_feed, Watcher};

/// Connections handled at once; more are closed at once.
pub const MAX_CONNECTIONS: usize = 64;
/// Time a client has to send its request head.
const READ_DEADLINE: Duration = Duration::from_secs(10);
/// Time a client has to take the whole answer.
const WRITE_DEADLINE: Duration = Duration::from_secs(60);
/// Longest file served (the feed limit is 8 MiB; images stay well below this).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// What every connection thread shares.
struct Shared {
    root: PathBuf,
    listen: String,
    watcher: Mutex<Watcher>,
    active: AtomicUsize,
}

/// A connection's place among the [`MAX_CONNECTIONS`], given back however its thread ends.
struct Slot<'a>(&'a AtomicUsize);

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Prints a line to stderr with control characters escaped.
fn log(line: &str) {
    eprintln!("{}", http::escape_log(line));
}

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
        format!("[{}]:{}", args.host.trim_matches(['[', ']']), args.port)
    } else {
        format!("{}:{}", args.host, args.port)
    };
    let listener = TcpListener::bind(&address).map_err(|e| listen_error(&address, &e))?;
    let base = match listener.local_addr() {
        Ok(addr) => format!("http://{addr}"),
        Err(_) => format!("http://{address}"),
    };
    log(&format!(
        "Serving \"{}\" at {base}/ (Ctrl-C to stop)",
        shown(&args.dir)
    ));
    let shared = Arc::new(Shared {
        root,
        listen: args.host.clone(),
        watcher: Mutex::new(Watcher::default()),
        active: AtomicUsize::new(0),
    });
    for path in feeds_in(&shared.root) {
        let name = file_name(&path);
        log(&format!("  {base}/{name}"));
        if let Ok(bytes) = std::fs::read(&path) {
            if let Some(line) = changed(&shared, &path, &name, &bytes) {
                log(&line);
            }
        }
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if shared.active.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            shared.active.fetch_sub(1, Ordering::SeqCst);
            log("too many connections at once; one was closed");
            continue;
        }
        let mine = Arc::clone(&shared);
        let spawned = std::thread::Builder::new()
            .name("advocate-serve".into())
            .spawn(move || {
                let _slot = Slot(&mine.active);
                connection(stream, &mine);
            });
        if spawned.is_err() {
            shared.active.fetch_sub(1, Ordering::SeqCst);
        }
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

fn listen_error(address: &str, e: &std::io::Error) -> anyhow::Error {
    match e.kind() {
        std::io::ErrorKind::AddrInUse => anyhow!(
            "cannot listen on {address}: the port is already in use (choose another with --port)"
        ),
        std::io::ErrorKind::InvalidInput => {
            anyhow!("cannot listen on {address}: the address is not usable")
        }
        _ => anyhow!("cannot listen on {address}: {}", plain(e)),
    }
}

/// The watcher's status line for a feed, if its content is new (a poisoned lock, after a
/// panic in another connection, is used as it is: it only remembers what was reported).
fn changed(shared: &Shared, path: &Path, name: &str, bytes: &[u8]) -> Option<String> {
    let mut watcher = shared
        .watcher
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    watcher.changed(path, name, bytes)
}

/// Feeds directly inside `root` that would be served, sorted by name.
fn feeds_in(root: &Path) -> Vec<PathBuf> {
    listing(root)
        .into_iter()
        .map(|n| root.join(n))
        .filter(|p| is_feed(p))
        .collect()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
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

/// One connection: read the request within its deadline, answer, close.
fn connection(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nodelay(true);
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(status) => {
            if status != 0 {
                let reply = Reply::text(status, http::reason(status));
                let _ = send(&mut stream, &reply, true);
                log(&format!("- - {status}"));
            }
            return;
        }
    };
    let (reply, is_head) = answer(&head, shared);
    let _ = send(&mut stream, &reply, !is_head);
    log(&format!("{} {} {}", head.method, head.target, reply.status));
}

/// Reads the request head. `Err(status)` to answer with (0: the client went away or said
/// nothing in time, so there is no one to answer).
fn read_head(stream: &mut TcpStream) -> Result<Head, u16> {
    let started = Instant::now();
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = READ_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(if buf.is_empty() { 0 } else { 408 });
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) => return Err(0),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(if buf.is_empty() { 0 } else { 408 })
            }
            Err(_) => return Err(0),
        }
        let end = buf
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .or_else(|| buf.windows(2).position(|w| w == b"\n\n"));
        if let Some(end) = end {
            return http::parse_head(&buf[..end]).ok_or(400);
        }
        if buf.len() > http::MAX_HEAD_BYTES {
            return Err(431);
        }
    }
}

/// Writes the reply (the body unless `with_body` is false), within the write deadline.
fn send(stream: &mut TcpStream, reply: &Reply, with_body: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        reply.status,
        http::reason(reply.status)
    );
    for (name, value) in &reply.headers {
        // Values are ours or checked, but a line break must never reach the wire.
        if !value.contains(['\r', '\n']) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    if !matches!(reply.status, 204 | 304) {
        head.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    let started = Instant::now();
    let mut out = head.into_bytes();
    if with_body && !matches!(reply.status, 204 | 304) {
        out.extend_from_slice(&reply.body);
    }
    for piece in out.chunks(64 * 1024) {
        let left = WRITE_DEADLINE.saturating_sub(started.elapsed());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        stream.write_all(piece)?;
    }
    stream.flush()
}

/// The reply to a request, and whether it was a `HEAD` (no body sent).
fn answer(head: &Head, shared: &Shared) -> (Reply, bool) {
    let mut reply = if !http::host_allowed(head.header("host"), &shared.listen) {
        Reply::text(
            403,
            "forbidden: advocate serve answers only requests addressed to this computer \
             (127.0.0.1 or localhost)",
        )
    } else {
        match head.method.as_str() {
            "GET" | "HEAD" => get(head, shared),
            "OPTIONS" => Reply {
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
        }
    };
    if let Some(origin) = http::allow_origin(head.header("origin")) {
        reply.headers.push(("Access-Control-Allow-Origin", origin));
    }
    reply.headers.push(("Vary", "Origin".into()));
    reply.headers.push((
        "Access-Control-Allow-Headers",
        "If-None-Match, If-Modified-Since".into(),
    ));
    reply
        .headers
        .push(("Access-Control-Expose-Headers", "ETag".into()));
    // Nothing served here is a page to run: an SVG or the listing opened in a tab stays inert.
    reply.headers.push((
        "Content-Security-Policy",
        "default-src 'none'; sandbox".into(),
    ));
    reply
        .headers
        .push(("X-Content-Type-Options", "nosniff".into()));
    (reply, head.method == "HEAD")
}

/// Why a file is not served.
enum NotServed {
    /// Nothing there (or nothing to tell).
    Missing,
    /// There, but never served; the reason is said.
    Forbidden(&'static str),
}

impl NotServed {
    fn reply(self) -> Reply {
        match self {
            NotServed::Missing => Reply::text(404, "not found"),
            NotServed::Forbidden(why) => Reply::text(403, &format!("forbidden: {why}")),
        }
    }
}

const ONLY_WHAT_IS_NEEDED: &str =
    "advocate serve only serves feeds (.json), signatures (.sig) and images";

/// The file `relative` names inside `root`, if it may be served: the rules hold for the path
/// asked for and for the file it resolves to.
fn servable(root: &Path, relative: &Path) -> Result<PathBuf, NotServed> {
    if !http::servable_name(relative) {
        return Err(NotServed::Forbidden(ONLY_WHAT_IS_NEEDED));
    }
    // Resolving symbolic links: a link may not lead out of the served folder, nor to a file
    // that would not be served under its own name (`feed.json -> .env`).
    let path = std::fs::canonicalize(root.join(relative)).map_err(|_| NotServed::Missing)?;
    let inside = path.strip_prefix(root).map_err(|_| NotServed::Missing)?;
    let hidden = inside.components().any(|c| match c {
        Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => true,
    });
    if hidden || !http::servable_name(inside) {
        return Err(NotServed::Forbidden(ONLY_WHAT_IS_NEEDED));
    }
    let meta = std::fs::metadata(&path).map_err(|_| NotServed::Missing)?;
    if !meta.is_file() {
        // Folders, FIFOs (which would block a reader), devices, sockets.
        return Err(NotServed::Missing);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o044 == 0 {
            return Err(NotServed::Forbidden(
                "the file is readable by its owner only (like a key); it is not served",
            ));
        }
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(NotServed::Forbidden("the file is too large to serve"));
    }
    Ok(path)
}

fn get(head: &Head, shared: &Shared) -> Reply {
    let root = &shared.root;
    let relative = match http::relative_path(&head.target) {
        Ok(p) => p,
        Err(Refused::BadRequest) => return Reply::text(400, "bad request"),
        Err(Refused::Forbidden) => return Reply::text(403, "forbidden"),
    };
    if relative.as_os_str().is_empty() {
        return index(root);
    }
    let path = match servable(root, &relative) {
        Ok(p) => p,
        Err(e) => return e.reply(),
    };
    let Ok(bytes) = std::fs::read(&path) else {
        return Reply::text(404, "not found");
    };
    if bytes.starts_with(KEY_FILE_FIRST_LINE.as_bytes()) {
        return Reply::text(403, "forbidden: this is a signing key; it is never served");
    }
    if is_feed(&path) {
        if let Some(line) = changed(shared, &path, &relative.to_string_lossy(), &bytes) {
            log(&line);
        }
    }
    let tag = http::etag(&bytes);
    let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let mut headers = vec![("ETag", tag.clone()), ("Cache-Control", "no-cache".into())];
    if let Some(m) = modified {
        headers.push(("Last-Modified", http::http_date(m)));
    }
    // If-None-Match wins over If-Modified-Since (RFC 9110, 13.2.2).
    let unchanged = match head.header("if-none-match") {
        Some(v) => http::none_match(v, &tag),
        None => match (head.header("if-modified-since"), modified) {
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

/// The names of the files directly in `root` that would be served, sorted.
fn listing(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .filter(|n| servable(root, Path::new(n)).is_ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A minimal listing of the files directly in the served folder.
fn index(root: &Path) -> Reply {
    let items: String = listing(root)
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
