//! `advocate serve`: a real server on a free loopback port, spoken to over raw HTTP/1.1 (so
//! that paths like `/../x` reach it unnormalised).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use common::{feeds, scratch};

/// A running `advocate serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Only the process this test started, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(dir: &std::path::Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_advocate"))
            .args(["serve", ".", "--port", "0"])
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("advocate serve starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, log) = channel();
        // Drain stderr continuously, or the server would block on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let first = log
            .recv_timeout(Duration::from_secs(10))
            .expect("the server says where it listens");
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {first:?}"));
        Server { child, port, log }
    }

    /// The next stderr line containing `needle` (within a few seconds).
    fn wait_for(&self, needle: &str) -> String {
        loop {
            let line = self
                .log
                .recv_timeout(Duration::from_secs(10))
                .unwrap_or_else(|_| panic!("no log line with {needle:?}"));
            if line.contains(needle) {
                return line;
            }
        }
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        self.request_to("127.0.0.1", method, path, headers)
    }

    fn request_to(&self, host: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        stream.write_all(req.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("receive");
        Reply::parse(&raw)
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header block");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers = lines
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == &name.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }
}

#[test]
fn serves_feeds_like_a_well_configured_host() {
    let root = scratch("serve");
    let dir = root.join("site");
    std::fs::create_dir_all(dir.join("sub")).expect("folders");
    let feed = std::fs::read(feeds().join("valid/minimal.json")).expect("corpus");
    std::fs::write(dir.join("feed.json"), &feed).expect("feed");
    std::fs::write(dir.join(".hidden"), "secret").expect("hidden");
    std::fs::write(root.join("secret.txt"), "secret").expect("outside");
    let server = Server::start(&dir);
    assert_eq!(server.wait_for("feed.json: "), "feed.json: valid, 1 item");

    // A request from the extension: content, type, validators, CORS.
    let origin = "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl";
    let first = server.request("GET", "/feed.json", &[("Origin", origin)]);
    assert_eq!(first.status, 200);
    assert_eq!(first.body, feed);
    assert_eq!(
        first.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(first.header("Cache-Control"), Some("no-cache"));
    assert_eq!(first.header("Access-Control-Allow-Origin"), Some(origin));
    assert_eq!(first.header("Vary"), Some("Origin"));
    assert_eq!(
        first.header("Access-Control-Allow-Headers"),
        Some("If-None-Match, If-Modified-Since")
    );
    assert_eq!(first.header("Access-Control-Expose-Headers"), Some("ETag"));
    let etag = first.header("ETag").expect("an ETag").to_string();
    assert!(
        etag.starts_with('"') && etag.ends_with('"'),
        "strong: {etag}"
    );
    assert!(first.header("Last-Modified").is_some());

    // The same again: 304 without a body, still with CORS and the ETag.
    let again = server.request(
        "GET",
        "/feed.json?t=1",
        &[("Origin", origin), ("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    assert_eq!(again.header("ETag"), Some(etag.as_str()));
    assert_eq!(again.header("Access-Control-Allow-Origin"), Some(origin));

    // Other origins get no CORS permission (#19); Firefox's extension origin is echoed too.
    let plain = server.request("GET", "/feed.json", &[]);
    assert_eq!(plain.status, 200);
    assert_eq!(plain.header("Access-Control-Allow-Origin"), None);
    let page = server.request(
        "GET",
        "/feed.json",
        &[
            ("Origin", "http://localhost:3000"),
            ("Access-Control-Request-Private-Network", "true"),
        ],
    );
    assert_eq!(page.header("Access-Control-Allow-Origin"), None);
    assert_eq!(page.header("Access-Control-Allow-Private-Network"), None);
    let moz = "moz-extension://0b1c2d3e-aaaa-4bbb-8ccc-123456789abc";
    let firefox = server.request("HEAD", "/feed.json", &[("Origin", moz)]);
    assert_eq!(firefox.status, 200);
    assert!(firefox.body.is_empty());
    assert_eq!(firefox.header("Access-Control-Allow-Origin"), Some(moz));

    // The preflight a revalidating fetch needs.
    let preflight = server.request(
        "OPTIONS",
        "/feed.json",
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Headers", "if-none-match"),
        ],
    );
    assert_eq!(preflight.status, 204);
    assert_eq!(
        preflight.header("Access-Control-Allow-Origin"),
        Some(origin)
    );
    assert_eq!(
        preflight.header("Access-Control-Allow-Methods"),
        Some("GET, HEAD, OPTIONS")
    );

    // Nothing outside the folder, nothing hidden, no listings of subfolders.
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/sub/../../secret.txt",
        "/.hidden",
    ] {
        assert_eq!(server.request("GET", path, &[]).status, 403, "{path}");
    }
    assert_eq!(server.request("GET", "/sub", &[]).status, 403);
    assert_eq!(server.request("GET", "/missing.json", &[]).status, 404);
    assert_eq!(server.request("POST", "/feed.json", &[]).status, 405);
    let index = server.request("GET", "/", &[]);
    assert_eq!(index.status, 200);
    let listing = String::from_utf8_lossy(&index.body);
    assert!(listing.contains("feed.json") && !listing.contains(".hidden"));

    // An edit shows up as a new ETag and a status line for the admin.
    let broken = String::from_utf8_lossy(&feed)
        .replace("https://www.beispiel.de/", "http://www.beispiel.de/");
    std::fs::write(dir.join("feed.json"), broken).expect("edit");
    let changed = server.request("GET", "/feed.json", &[("If-None-Match", &etag)]);
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("ETag"), Some(etag.as_str()));
    assert_eq!(
        server.wait_for("feed.json: 1 error"),
        "feed.json: 1 error — first: /items/0/url (line 7, column 14): the link must start with https:// (found \"http:\")"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_missing_folder_or_a_busy_port_is_a_plain_error() {
    let r = common::run(&["serve", "no-such-folder"]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "advocate: cannot serve \"no-such-folder\": no such folder\n"
    );
    let busy = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = busy.local_addr().expect("addr").port().to_string();
    let r = common::run(&["serve", "valid", "--port", &port]);
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        format!("advocate: cannot listen on 127.0.0.1:{port}: the port is already in use (choose another with --port)\n")
    );
}

/// A folder as an admin might leave it: feed, signature, image, the key, notes, a secret
/// reached through a link, a FIFO.
fn careless_folder(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = scratch(name);
    let dir = root.join("site");
    std::fs::create_dir_all(&dir).expect("folder");
    std::fs::copy(feeds().join("valid/minimal.json"), dir.join("feed.json")).expect("feed");
    std::fs::write(dir.join("feed.json.sig"), "advocate-signature v2\n").expect("sig");
    std::fs::write(dir.join("logo.png"), b"\x89PNG").expect("image");
    std::fs::write(dir.join("notes.txt"), "internal").expect("notes");
    std::fs::write(dir.join(".env"), "SECRET=1").expect("dotfile");
    let keygen = common::run_in(&dir, &["keygen", "advocate.key"], b"");
    assert_eq!(keygen.code, 0, "{}", keygen.stderr);
    (root, dir)
}

#[test]
fn keys_and_everything_an_extension_does_not_need_stay_private() {
    let (root, dir) = careless_folder("serve-private");
    // A key under a servable name, and links to a dotfile and to the key.
    let key_text = std::fs::read_to_string(dir.join("advocate.key")).expect("key");
    std::fs::write(dir.join("key.json"), &key_text).expect("key as json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::{symlink, PermissionsExt};
        // Readable by others, so only its content gives it away.
        std::fs::set_permissions(dir.join("key.json"), std::fs::Permissions::from_mode(0o644))
            .expect("mode");
        symlink(dir.join(".env"), dir.join("env.json")).expect("link");
        symlink(dir.join("advocate.key"), dir.join("signing.sig")).expect("link");
        std::fs::write(dir.join("private.json"), "{}").expect("private");
        std::fs::set_permissions(
            dir.join("private.json"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("mode");
        let fifo = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.json"))
            .status()
            .expect("mkfifo");
        assert!(fifo.success());
    }
    let server = Server::start(&dir);
    let origin = "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl";

    let key = server.request("GET", "/advocate.key", &[("Origin", origin)]);
    assert_eq!(key.status, 403);
    assert!(!String::from_utf8_lossy(&key.body).contains(&key_text[..20]));
    assert_eq!(server.request("GET", "/key.json", &[]).status, 403);
    assert_eq!(server.request("GET", "/notes.txt", &[]).status, 403);
    assert_eq!(server.request("GET", "/.env", &[]).status, 403);
    #[cfg(unix)]
    {
        assert_eq!(
            server.request("GET", "/env.json", &[]).status,
            403,
            "a link to a dotfile"
        );
        assert_eq!(
            server.request("GET", "/signing.sig", &[]).status,
            403,
            "a link to the key"
        );
        assert_eq!(
            server.request("GET", "/private.json", &[]).status,
            403,
            "owner-only"
        );
        // A FIFO neither blocks the server nor is served.
        assert_eq!(server.request("GET", "/pipe.json", &[]).status, 404);
    }
    for path in ["/feed.json", "/feed.json.sig", "/logo.png"] {
        assert_eq!(server.request("GET", path, &[]).status, 200, "{path}");
    }
    let listing = String::from_utf8_lossy(&server.request("GET", "/", &[]).body).into_owned();
    assert!(
        listing.contains("feed.json.sig") && listing.contains("logo.png"),
        "{listing}"
    );
    for hidden in [
        "advocate.key",
        "notes.txt",
        ".env",
        "private.json",
        "env.json",
    ] {
        assert!(!listing.contains(hidden), "{hidden} listed: {listing}");
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn requests_for_other_host_names_are_refused() {
    let (root, dir) = careless_folder("serve-host");
    let server = Server::start(&dir);
    // DNS rebinding: a page whose own name now resolves to 127.0.0.1.
    for host in [
        "attacker.example",
        "attacker.example:8080",
        "127.attacker.example",
    ] {
        let r = server.request_to(host, "GET", "/feed.json", &[]);
        assert_eq!(r.status, 403, "{host}");
        assert!(String::from_utf8_lossy(&r.body).contains("addressed to this computer"));
    }
    let port = server.port.to_string();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "localhost".into(),
    ] {
        assert_eq!(
            server.request_to(&host, "GET", "/feed.json", &[]).status,
            200,
            "{host}"
        );
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_slow_client_does_not_block_others_and_the_log_is_escaped() {
    let (root, dir) = careless_folder("serve-slow");
    let server = Server::start(&dir);
    // One client that sends half a request and then nothing, one that never reads its answer.
    let mut slow = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    slow.write_all(b"GET /feed.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .expect("send");
    let big = vec![b' '; 4 << 20];
    std::fs::write(dir.join("big.json"), &big).expect("big");
    let mut stuck = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stuck
        .write_all(b"GET /big.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    std::thread::sleep(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let other = server.request("GET", "/feed.json", &[]);
    assert_eq!(other.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // A path with an escape sequence reaches the log as text, not as a terminal command.
    let r = server.request("GET", "/\x1b[2J\x1b]0;pwned\x07.json", &[]);
    assert_eq!(r.status, 404);
    let line = server.wait_for("pwned");
    assert!(!line.contains('\x1b') && !line.contains('\x07'), "{line:?}");
    assert!(line.contains("\\u{1b}[2J"), "{line:?}");
    drop((slow, stuck, server));
    let _ = std::fs::remove_dir_all(&root);
}
