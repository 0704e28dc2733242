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
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
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

    // Other origins get "*"; Firefox's extension origin is echoed too.
    let plain = server.request("GET", "/feed.json", &[]);
    assert_eq!(plain.header("Access-Control-Allow-Origin"), Some("*"));
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
    assert_eq!(server.request("GET", "/sub", &[]).status, 404);
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
