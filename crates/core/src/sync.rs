//! Feed sync decisions: what to request, whether a response replaces the last good feed, and
//! when to try again. The wasm side does the I/O and hands the results in here.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::feed::{limits::MAX_FEED_BYTES, parse_feed, Checked, ValidateOptions};
use crate::link;
use crate::rank::all_expired;
use crate::signature::Verdict;
use crate::time::utc_seconds;

/// How long a fetch may take before it is aborted.
pub const FETCH_TIMEOUT_MS: u32 = 20_000;
/// Default time between syncs.
pub const DEFAULT_PERIOD_MINUTES: u32 = 30;
/// First retry after a failure.
const BACKOFF_BASE_MS: i64 = 60_000;
/// Longest wait between retries.
pub const BACKOFF_CAP_MS: i64 = 6 * 60 * 60 * 1000;
/// Longest `Retry-After` honoured.
const RETRY_AFTER_CAP_MS: i64 = 24 * 60 * 60 * 1000;

/// Where the feed address comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "url", rename_all = "camelCase")]
pub enum FeedSource {
    /// Set by the organisation through browser policy (managed storage).
    Policy(String),
    /// Typed in by the employee in the options.
    User(String),
    /// Nothing configured: the demo feed bundled with the extension.
    Demo,
}

impl FeedSource {
    /// Policy beats the user's setting, which beats the demo. Blank values count as unset.
    pub fn resolve(managed: Option<&str>, user: Option<&str>) -> FeedSource {
        let set = |s: Option<&str>| s.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        match (set(managed), set(user)) {
            (Some(url), _) => FeedSource::Policy(url),
            (None, Some(url)) => FeedSource::User(url),
            (None, None) => FeedSource::Demo,
        }
    }

    /// The configured URL (none for the demo).
    pub fn configured_url(&self) -> Option<&str> {
        match self {
            FeedSource::Policy(u) | FeedSource::User(u) => Some(u),
            FeedSource::Demo => None,
        }
    }

    /// Whether this is the bundled demo.
    pub fn is_demo(&self) -> bool {
        matches!(self, FeedSource::Demo)
    }

    /// Checks the configured URL (https, or http on this machine).
    pub fn check(&self) -> Result<(), SyncFailure> {
        match self.configured_url() {
            None => Ok(()),
            Some(url) => link::check_feed_url(url)
                .map(|_| ())
                .map_err(|e| SyncFailure::BadUrl {
                    detail: e.to_string(),
                }),
        }
    }
}

/// What is known about the last good feed besides its text. Stored under its own key, so a
/// sync can revalidate (ETag, hash) without reading megabytes of feed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedMeta {
    /// Where it came from (the demo's extension URL for the demo).
    pub url: String,
    /// Whether it is the bundled demo.
    pub demo: bool,
    /// `ETag` of the response, for `If-None-Match`.
    pub etag: Option<String>,
    /// `Last-Modified`, for `If-Modified-Since`.
    pub last_modified: Option<String>,
    /// When it was fetched (ms since the epoch).
    pub fetched_at: i64,
    /// Content hash, to skip parsing an unchanged body from a host without ETags.
    pub hash: String,
}

/// What the fetch produced. Built by the wasm side from the browser's `fetch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchResult {
    /// 304 Not Modified.
    NotModified,
    /// A 2xx response with its body (read up to the size limit).
    Body {
        /// The bytes.
        body: Vec<u8>,
        /// `ETag` header.
        etag: Option<String>,
        /// `Last-Modified` header.
        last_modified: Option<String>,
    },
    /// Any other status.
    Status {
        /// The HTTP status.
        status: u16,
        /// `Retry-After` header, verbatim.
        retry_after: Option<String>,
    },
    /// The server redirected to another origin (refused: the address must be the feed's own).
    Redirected {
        /// Where to.
        to: String,
    },
    /// The body was longer than the limit; reading stopped there.
    TooLarge,
    /// No answer in time; the request was aborted.
    Timeout,
    /// Connection refused, DNS failure, CORS refusal, TLS error, …
    Network {
        /// What the browser said.
        detail: String,
    },
}

/// Why a sync did not produce a new feed. Each has a message for the employee (see
/// [`SyncFailure::message_key`]) and a plain English `Display` for logs and the CLI.
/// Stored as `{"kind": "http", "status": 503}`.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum SyncFailure {
    /// The configured address is not usable.
    #[error("the feed address is not valid: it {detail}")]
    BadUrl {
        /// Why.
        detail: String,
    },
    /// No connection.
    #[error("the feed server could not be reached ({detail})")]
    Network {
        /// Browser's words.
        detail: String,
    },
    /// Aborted after [`FETCH_TIMEOUT_MS`].
    #[error("the feed server did not answer within {seconds} seconds")]
    Timeout {
        /// The timeout.
        seconds: u32,
    },
    /// An HTTP error status.
    #[error("the feed server answered with HTTP status {status}")]
    Http {
        /// Status code.
        status: u16,
    },
    /// 429 or 503 with `Retry-After`.
    #[error("the feed server asked to wait {wait_seconds} seconds before trying again")]
    RateLimited {
        /// Requested wait.
        wait_seconds: u64,
    },
    /// Redirect to another origin.
    #[error("the feed address redirects to another site ({to})")]
    Redirect {
        /// Target.
        to: String,
    },
    /// Over the size limit.
    #[error("the feed is larger than the limit of {limit} bytes")]
    TooLarge {
        /// Limit.
        limit: usize,
    },
    /// HTML (a login page, an error page) instead of JSON.
    #[error("the server sent a web page instead of the feed")]
    NotAFeed,
    /// Parsed but invalid.
    #[error("the feed has {errors} error(s); the first: {first}")]
    Invalid {
        /// Number of errors.
        errors: usize,
        /// The first error, with its place.
        first: String,
    },
    /// Newer format version.
    #[error("the feed needs a newer version of Advocate (feed format {version})")]
    NewerVersion {
        /// Version found.
        version: u64,
    },
    /// Signature missing or wrong.
    #[error("the feed's signature {reason}")]
    Signature {
        /// What is wrong.
        reason: String,
    },
    /// Every item has expired.
    #[error("every item in the new feed has already expired")]
    AllExpired,
    /// Validly signed, but before the newest feed already accepted from this address (a
    /// rollback, see [`crate::freshness`]).
    #[error("{}", outdated_text(*signed_at, *newest))]
    Outdated {
        /// When the refused feed was signed (ms); `None` for a signature without a time.
        signed_at: Option<i64>,
        /// The signing time of the newest feed accepted (ms).
        newest: i64,
    },
}

fn outdated_text(signed_at: Option<i64>, newest: i64) -> String {
    let newest = utc_seconds(newest);
    match signed_at {
        Some(at) => format!(
            "the feed was signed at {}, before the feed already accepted (signed at {newest}); \
             an older feed is not used again",
            utc_seconds(at)
        ),
        None => format!(
            "the feed's signature has no signing time, but a feed signed at {newest} was \
             already accepted; an older feed is not used again"
        ),
    }
}

impl SyncFailure {
    /// The `_locales` message name for the employee.
    pub fn message_key(&self) -> &'static str {
        match self {
            SyncFailure::BadUrl { .. } => "syncErrorBadUrl",
            SyncFailure::Network { .. } => "syncErrorNetwork",
            SyncFailure::Timeout { .. } => "syncErrorTimeout",
            SyncFailure::Http { .. } => "syncErrorHttp",
            SyncFailure::RateLimited { .. } => "syncErrorRateLimited",
            SyncFailure::Redirect { .. } => "syncErrorRedirect",
            SyncFailure::TooLarge { .. } => "syncErrorTooLarge",
            SyncFailure::NotAFeed => "syncErrorNotAFeed",
            SyncFailure::Invalid { .. } => "syncErrorInvalid",
            SyncFailure::NewerVersion { .. } => "syncErrorNewerVersion",
            SyncFailure::Signature { .. } => "syncErrorSignature",
            SyncFailure::AllExpired => "syncErrorAllExpired",
            SyncFailure::Outdated {
                signed_at: Some(_), ..
            } => "syncErrorOutdated",
            SyncFailure::Outdated {
                signed_at: None, ..
            } => "syncErrorOutdatedNoTime",
        }
    }

    /// Substitutions for the message (`$1`, `$2`).
    pub fn message_args(&self) -> Vec<String> {
        match self {
            SyncFailure::Network { detail } => vec![detail.clone()],
            SyncFailure::Timeout { seconds } => vec![seconds.to_string()],
            SyncFailure::Http { status } => vec![status.to_string()],
            SyncFailure::RateLimited { wait_seconds } => {
                vec![wait_seconds.div_ceil(60).to_string()]
            }
            SyncFailure::Redirect { to } => vec![to.clone()],
            SyncFailure::TooLarge { limit } => vec![(limit / (1024 * 1024)).to_string()],
            SyncFailure::Invalid { errors, first } => vec![errors.to_string(), first.clone()],
            SyncFailure::NewerVersion { version } => vec![version.to_string()],
            SyncFailure::Signature { reason } => vec![reason.clone()],
            SyncFailure::Outdated { signed_at, newest } => signed_at
                .iter()
                .chain([newest])
                .map(|&t| utc_seconds(t))
                .collect(),
            SyncFailure::BadUrl { .. } | SyncFailure::NotAFeed | SyncFailure::AllExpired => {
                Vec::new()
            }
        }
    }

    /// For messages with a count in them, the count (the UI picks the singular or plural text).
    pub fn count(&self) -> Option<usize> {
        match self {
            SyncFailure::Invalid { errors, .. } => Some(*errors),
            _ => None,
        }
    }

    /// The failure a signature check's verdict means, if any.
    pub fn of_signature(verdict: &Verdict) -> Option<SyncFailure> {
        let reason = match verdict {
            Verdict::NotRequired | Verdict::Valid { .. } => return None,
            Verdict::NoUsableKey => {
                "cannot be checked: the configured public key is not valid".to_string()
            }
            Verdict::Missing => "is missing (no .sig file next to the feed)".to_string(),
            Verdict::Malformed => "file is not a valid signature".to_string(),
            Verdict::Mismatch => {
                "does not match the feed: it was changed or signed with another key".to_string()
            }
            Verdict::OtherUrl(url) => format!("was made for another feed address ({url})"),
        };
        Some(SyncFailure::Signature { reason })
    }

    /// A server-requested wait, if any.
    fn requested_wait_ms(&self) -> Option<i64> {
        match self {
            SyncFailure::RateLimited { wait_seconds } => Some(
                (*wait_seconds as i64)
                    .saturating_mul(1000)
                    .min(RETRY_AFTER_CAP_MS),
            ),
            _ => None,
        }
    }
}

/// The sync history that the status line is made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SyncStatus {
    /// Last time a sync confirmed or replaced the feed (ms).
    pub last_success: Option<i64>,
    /// The failure of the last attempt, if it failed.
    pub failure: Option<SyncFailure>,
    /// When that failure happened (ms).
    pub failure_at: Option<i64>,
    /// Consecutive failures.
    pub failures: u32,
    /// When the next retry is scheduled (ms).
    pub retry_at: Option<i64>,
}

impl SyncStatus {
    /// The status after a successful sync at `now`.
    pub fn succeeded(now_ms: i64) -> SyncStatus {
        SyncStatus {
            last_success: Some(now_ms),
            ..SyncStatus::default()
        }
    }

    /// The status after a failed sync at `now`, with the retry time filled in.
    pub fn failed(&self, failure: SyncFailure, now_ms: i64, jitter: f64) -> SyncStatus {
        let failures = self.failures.saturating_add(1);
        let retry_at = now_ms + retry_delay_ms(failures, &failure, jitter);
        SyncStatus {
            last_success: self.last_success,
            failure: Some(failure),
            failure_at: Some(now_ms),
            failures,
            retry_at: Some(retry_at),
        }
    }
}

/// Headers for the next request: conditional only when the last good feed came from the same
/// address (an ETag from another URL means nothing).
pub fn conditional_headers(prev: Option<&FeedMeta>, url: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(prev) = prev.filter(|p| p.url == url) {
        if let Some(etag) = &prev.etag {
            out.push(("If-None-Match", etag.clone()));
        }
        if let Some(lm) = &prev.last_modified {
            out.push(("If-Modified-Since", lm.clone()));
        }
    }
    out
}

/// The result of a sync.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The last good feed is current; nothing to store.
    Unchanged,
    /// A new good feed to store. Its text, the bytes exactly as received, is stored by the
    /// caller, which holds them already (the extension starts writing them before
    /// validation); `meta` is stored next to it.
    Updated {
        /// The new feed's metadata.
        meta: FeedMeta,
        /// The validated feed.
        checked: Box<Checked>,
    },
    /// Keep the last good feed; show why.
    Failed(SyncFailure),
}

/// A fast 64-bit hash of the body (hex, with the length), only to notice "the same bytes as
/// before" from a host without ETags. Eight bytes at a time: hashing a multi-megabyte feed one
/// byte at a time cost more than parsing it would save.
pub fn content_hash(bytes: &[u8]) -> String {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(5) ^ w).wrapping_mul(K);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
    }
    // Final avalanche, so similar feeds get unrelated hashes.
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    format!("{h:016x}-{}", bytes.len())
}

/// Parses `Retry-After`: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<u64> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs);
    }
    crate::time::parse_http_date(v).map(|at| (at - now.timestamp()).max(0) as u64)
}

/// A fetch result, read: unchanged, failed, or a new body to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// The last good feed is current (304, or the same bytes again).
    Unchanged,
    /// Keep the last good feed; show why.
    Failed(SyncFailure),
    /// New bytes, to be checked (signature, then validation) before they replace anything.
    Body(NewBody),
}

/// A body the server sent, with its content hash, computed once on receipt: it tells an
/// unchanged body apart, keys the stored text and goes into the metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBody {
    /// The bytes.
    pub body: Vec<u8>,
    /// [`content_hash`] of `body`.
    pub hash: String,
    /// `ETag` header.
    pub etag: Option<String>,
    /// `Last-Modified` header.
    pub last_modified: Option<String>,
}

impl NewBody {
    /// Hashes `body` and keeps its validators.
    pub fn new(body: Vec<u8>, etag: Option<String>, last_modified: Option<String>) -> NewBody {
        NewBody {
            hash: content_hash(&body),
            body,
            etag,
            last_modified,
        }
    }
}

/// Reads a fetch result against the last good feed.
pub fn receive(
    result: FetchResult,
    url: &str,
    prev: Option<&FeedMeta>,
    now: DateTime<Utc>,
) -> Received {
    let failed = |f| Received::Failed(f);
    match result {
        FetchResult::NotModified => match prev {
            Some(p) if p.url == url => Received::Unchanged,
            // A 304 to an unconditional request is a broken server.
            _ => failed(SyncFailure::Http { status: 304 }),
        },
        FetchResult::Status {
            status,
            retry_after,
        } => {
            let wait = retry_after.and_then(|r| parse_retry_after(&r, now));
            match (status, wait) {
                (429 | 503, Some(wait_seconds)) => {
                    failed(SyncFailure::RateLimited { wait_seconds })
                }
                _ => failed(SyncFailure::Http { status }),
            }
        }
        FetchResult::Redirected { to } => failed(SyncFailure::Redirect { to }),
        FetchResult::TooLarge => failed(SyncFailure::TooLarge {
            limit: MAX_FEED_BYTES,
        }),
        FetchResult::Timeout => failed(SyncFailure::Timeout {
            seconds: FETCH_TIMEOUT_MS / 1000,
        }),
        FetchResult::Network { detail } => failed(SyncFailure::Network { detail }),
        FetchResult::Body {
            body,
            etag,
            last_modified,
        } => {
            let new = NewBody::new(body, etag, last_modified);
            if prev.is_some_and(|p| p.url == url && p.hash == new.hash) {
                Received::Unchanged
            } else {
                Received::Body(new)
            }
        }
    }
}

/// Decides whether a new body replaces the last good feed: the signature's refusal first, if
/// any (a forged or outdated feed is never even parsed; see
/// [`crate::freshness::Freshness::judge`]), then validation and the clock.
pub fn accept(
    new: NewBody,
    url: &str,
    demo: bool,
    refused: Option<SyncFailure>,
    now: DateTime<Utc>,
) -> Outcome {
    if let Some(failure) = refused {
        return Outcome::Failed(failure);
    }
    let NewBody {
        body,
        hash,
        etag,
        last_modified,
    } = new;
    // Validation checks that the body is UTF-8 JSON; the caller stores the bytes as they are.
    let checked = match accept_body(&body, now) {
        Ok(c) => c,
        Err(f) => return Outcome::Failed(f),
    };
    Outcome::Updated {
        meta: FeedMeta {
            url: url.to_string(),
            demo,
            etag,
            last_modified,
            fetched_at: now.timestamp_millis(),
            hash,
        },
        checked: Box::new(checked),
    }
}

/// Decides what a fetch result means for the stored feed when no signature is required.
pub fn evaluate(
    result: FetchResult,
    url: &str,
    demo: bool,
    prev: Option<&FeedMeta>,
    now: DateTime<Utc>,
) -> Outcome {
    match receive(result, url, prev, now) {
        Received::Unchanged => Outcome::Unchanged,
        Received::Failed(f) => Outcome::Failed(f),
        Received::Body(new) => accept(new, url, demo, None, now),
    }
}

/// Validates a fetched body as a replacement for the last good feed.
pub fn accept_body(body: &[u8], now: DateTime<Utc>) -> Result<Checked, SyncFailure> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'<') {
        return Err(SyncFailure::NotAFeed);
    }
    // Whether every caption can fit is the admin's check (`crate::fit`), not the extension's.
    let checked =
        parse_feed(body, &ValidateOptions::default()).map_err(|rejected| {
            match rejected.newer_version {
                Some(version) => SyncFailure::NewerVersion { version },
                None => SyncFailure::Invalid {
                    errors: rejected.error_count(),
                    first: rejected.first_error().to_string(),
                },
            }
        })?;
    if all_expired(&checked.feed, now) {
        return Err(SyncFailure::AllExpired);
    }
    Ok(checked)
}

/// How long to wait before the next attempt after `failures` consecutive failures (≥ 1):
/// exponential from one minute up to [`BACKOFF_CAP_MS`], spread by `jitter` (0..1) over
/// ±20 % so that a company's browsers do not all retry in the same second, and never sooner
/// than the server asked.
pub fn retry_delay_ms(failures: u32, failure: &SyncFailure, jitter: f64) -> i64 {
    let exp = failures.saturating_sub(1).min(20);
    let base = BACKOFF_BASE_MS.saturating_mul(1 << exp).min(BACKOFF_CAP_MS);
    let factor = 0.8 + 0.4 * jitter.clamp(0.0, 1.0);
    let delay = ((base as f64) * factor) as i64;
    let delay = delay.min(BACKOFF_CAP_MS);
    match failure.requested_wait_ms() {
        Some(wait) => delay.max(wait),
        None => delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"version":1,"organization":{"name":"B"},"items":[{"id":"a","url":"https://b.de/a","title":{"en":"A"},"captions":[{"lang":"en","text":"x"}]}]}"#;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-27T10:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    fn body(s: &str) -> FetchResult {
        FetchResult::Body {
            body: s.as_bytes().to_vec(),
            etag: Some("\"e1\"".into()),
            last_modified: None,
        }
    }

    fn stored() -> FeedMeta {
        match evaluate(body(GOOD), "https://b.de/f.json", false, None, now()) {
            Outcome::Updated { meta, .. } => meta,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn source_precedence_policy_user_demo() {
        assert_eq!(
            FeedSource::resolve(Some("https://p/f"), Some("https://u/f")),
            FeedSource::Policy("https://p/f".into())
        );
        assert_eq!(
            FeedSource::resolve(Some("  "), Some("https://u/f")),
            FeedSource::User("https://u/f".into())
        );
        assert_eq!(FeedSource::resolve(None, None), FeedSource::Demo);
        assert!(FeedSource::User("http://b.de/f".into()).check().is_err());
        assert!(FeedSource::User("http://127.0.0.1:9/f".into())
            .check()
            .is_ok());
    }

    #[test]
    fn good_body_is_stored_and_same_body_is_unchanged() {
        let s = stored();
        assert_eq!(s.etag.as_deref(), Some("\"e1\""));
        assert_eq!(s.fetched_at, now().timestamp_millis());
        assert!(matches!(
            evaluate(body(GOOD), "https://b.de/f.json", false, Some(&s), now()),
            Outcome::Unchanged
        ));
        assert!(matches!(
            evaluate(
                FetchResult::NotModified,
                "https://b.de/f.json",
                false,
                Some(&s),
                now()
            ),
            Outcome::Unchanged
        ));
        // The same bytes from another address are a new feed.
        assert!(matches!(
            evaluate(body(GOOD), "https://c.de/f.json", false, Some(&s), now()),
            Outcome::Updated { .. }
        ));
    }

    #[test]
    fn conditional_headers_only_for_the_same_url() {
        let s = stored();
        assert_eq!(
            conditional_headers(Some(&s), "https://b.de/f.json"),
            vec![("If-None-Match", "\"e1\"".to_string())]
        );
        assert!(conditional_headers(Some(&s), "https://c.de/f.json").is_empty());
        assert!(conditional_headers(None, "https://b.de/f.json").is_empty());
    }

    #[test]
    fn every_fault_is_a_failure_with_a_reason() {
        let url = "https://b.de/f.json";
        let s = stored();
        let cases: Vec<(FetchResult, &str)> = vec![
            (
                FetchResult::Status {
                    status: 500,
                    retry_after: None,
                },
                "syncErrorHttp",
            ),
            (
                FetchResult::Status {
                    status: 404,
                    retry_after: None,
                },
                "syncErrorHttp",
            ),
            (
                FetchResult::Status {
                    status: 429,
                    retry_after: Some("120".into()),
                },
                "syncErrorRateLimited",
            ),
            (
                FetchResult::Redirected {
                    to: "https://evil.example/".into(),
                },
                "syncErrorRedirect",
            ),
            (FetchResult::TooLarge, "syncErrorTooLarge"),
            (FetchResult::Timeout, "syncErrorTimeout"),
            (
                FetchResult::Network {
                    detail: "Failed to fetch".into(),
                },
                "syncErrorNetwork",
            ),
            (body("<!doctype html><p>login"), "syncErrorNotAFeed"),
            (body(&GOOD[..40]), "syncErrorInvalid"),
            (
                body(r#"{"version":2,"organization":{},"items":[],"new":1}"#),
                "syncErrorNewerVersion",
            ),
            (
                body(&GOOD.replace("\"url\":\"https", "\"url\":\"http")),
                "syncErrorInvalid",
            ),
            (
                body(&GOOD.replace(
                    "\"captions\"",
                    "\"expires_at\":\"2026-01-01T00:00:00Z\",\"captions\"",
                )),
                "syncErrorAllExpired",
            ),
        ];
        for (result, key) in cases {
            match evaluate(result.clone(), url, false, Some(&s), now()) {
                Outcome::Failed(f) => assert_eq!(f.message_key(), key, "{result:?}: {f}"),
                other => panic!("{result:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn invalid_feed_reason_names_the_place() {
        let bad = GOOD.replace("\"title\"", "\"titel\"");
        let Outcome::Failed(f) = evaluate(body(&bad), "https://b.de/f", false, None, now()) else {
            panic!()
        };
        assert!(
            f.to_string()
                .contains("unknown field \"titel\" (did you mean \"title\"?)"),
            "{f}"
        );
        assert!(f.to_string().contains("/items/0/titel"), "{f}");
    }

    #[test]
    fn a_signature_verdict_is_a_failure_only_when_it_refuses() {
        assert_eq!(SyncFailure::of_signature(&Verdict::NotRequired), None);
        let valid = Verdict::Valid {
            key: 0,
            signed_at: None,
        };
        assert_eq!(SyncFailure::of_signature(&valid), None);
        let other = SyncFailure::of_signature(&Verdict::OtherUrl("https://B.de/f.json".into()));
        assert!(other.is_some_and(|f| f
            .to_string()
            .contains("made for another feed address (https://B.de/f.json)")));
        for refused in [
            Verdict::NoUsableKey,
            Verdict::Missing,
            Verdict::Malformed,
            Verdict::Mismatch,
        ] {
            let f = SyncFailure::of_signature(&refused);
            assert_eq!(
                f.map(|f| f.message_key()),
                Some("syncErrorSignature"),
                "{refused:?}"
            );
        }
    }

    #[test]
    fn a_bad_signature_is_refused_before_parsing() {
        let Outcome::Failed(f) = accept(
            NewBody::new(b"not even json".to_vec(), None, None),
            "https://b.de/f",
            false,
            SyncFailure::of_signature(&Verdict::Mismatch),
            now(),
        ) else {
            panic!()
        };
        assert_eq!(f.message_key(), "syncErrorSignature");
        assert!(matches!(
            accept(
                NewBody::new(GOOD.as_bytes().to_vec(), None, None),
                "https://b.de/f",
                false,
                None,
                now()
            ),
            Outcome::Updated { .. }
        ));
    }

    #[test]
    fn content_hash_tells_bodies_apart() {
        assert_eq!(content_hash(b"abc"), content_hash(b"abc"));
        assert_ne!(content_hash(b"abcdefgh1"), content_hash(b"abcdefgh2"));
        assert_ne!(content_hash(b"12345678"), content_hash(b"12345679"));
        assert_ne!(content_hash(b""), content_hash(b" "));
        assert!(content_hash(GOOD.as_bytes()).ends_with(&format!("-{}", GOOD.len())));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("120", now()), Some(120));
        assert_eq!(
            parse_retry_after("Fri, 27 Nov 2026 10:05:00 GMT", now()),
            Some(300)
        );
        assert_eq!(parse_retry_after("soon", now()), None);
    }

    #[test]
    fn backoff_grows_is_capped_jittered_and_honours_retry_after() {
        let net = SyncFailure::Network {
            detail: String::new(),
        };
        assert_eq!(retry_delay_ms(1, &net, 0.5), 60_000);
        assert_eq!(retry_delay_ms(2, &net, 0.5), 120_000);
        assert_eq!(retry_delay_ms(3, &net, 0.0), 192_000);
        assert_eq!(retry_delay_ms(3, &net, 1.0), 288_000);
        assert_eq!(retry_delay_ms(30, &net, 1.0), BACKOFF_CAP_MS);
        let limited = SyncFailure::RateLimited { wait_seconds: 3600 };
        assert_eq!(retry_delay_ms(1, &limited, 0.5), 3_600_000);
        let absurd = SyncFailure::RateLimited {
            wait_seconds: u64::MAX / 2,
        };
        assert_eq!(retry_delay_ms(1, &absurd, 0.5), RETRY_AFTER_CAP_MS);
    }

    fn every_failure() -> Vec<SyncFailure> {
        let all = vec![
            SyncFailure::BadUrl {
                detail: "is empty".into(),
            },
            SyncFailure::Network {
                detail: "Failed to fetch".into(),
            },
            SyncFailure::Timeout { seconds: 30 },
            SyncFailure::Http { status: 503 },
            SyncFailure::RateLimited { wait_seconds: 120 },
            SyncFailure::Redirect {
                to: "https://login.example.com/".into(),
            },
            SyncFailure::TooLarge { limit: 8 << 20 },
            SyncFailure::NotAFeed,
            SyncFailure::Invalid {
                errors: 2,
                first: "/items/0/url: the link must start with https://".into(),
            },
            SyncFailure::NewerVersion { version: 2 },
            SyncFailure::Signature {
                reason: "does not match the feed".into(),
            },
            SyncFailure::AllExpired,
            SyncFailure::Outdated {
                signed_at: Some(1_795_773_605_000),
                newest: 1_795_773_665_000,
            },
            SyncFailure::Outdated {
                signed_at: None,
                newest: 1_795_773_665_000,
            },
        ];
        // No wildcard: with a new variant this stops compiling until it is named here; list
        // it above too, so that the round trip and the messages cover it.
        for f in &all {
            match f {
                SyncFailure::BadUrl { .. }
                | SyncFailure::Network { .. }
                | SyncFailure::Timeout { .. }
                | SyncFailure::Http { .. }
                | SyncFailure::RateLimited { .. }
                | SyncFailure::Redirect { .. }
                | SyncFailure::TooLarge { .. }
                | SyncFailure::NotAFeed
                | SyncFailure::Invalid { .. }
                | SyncFailure::NewerVersion { .. }
                | SyncFailure::Signature { .. }
                | SyncFailure::AllExpired
                | SyncFailure::Outdated { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_failure_reads_back_as_written() {
        for f in every_failure() {
            let json = serde_json::to_string(&f).unwrap();
            let back: SyncFailure =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, f, "{json}");
        }
    }

    #[test]
    fn every_failure_has_words_in_both_languages() {
        let locales = [
            include_str!("../../../extension/_locales/en/messages.json"),
            include_str!("../../../extension/_locales/de/messages.json"),
        ];
        for text in locales {
            let messages: serde_json::Value = serde_json::from_str(text).unwrap();
            for f in every_failure() {
                let keys = match f.count() {
                    Some(_) => vec![
                        format!("{}One", f.message_key()),
                        format!("{}Other", f.message_key()),
                    ],
                    None => vec![f.message_key().to_string()],
                };
                for key in keys {
                    let message = messages[&key]["message"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no message {key}"));
                    // No placeholder without an argument; the dates of a rollback all shown.
                    let n = f.message_args().len();
                    assert!(!message.contains(&format!("$P{}$", n + 1)), "{key}");
                    if matches!(f, SyncFailure::Outdated { .. }) {
                        for i in 1..=n {
                            assert!(message.contains(&format!("$P{i}$")), "{key}: ${i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn reads_the_stored_shape_and_refuses_others() {
        let f: SyncFailure =
            serde_json::from_str(r#"{"kind":"rateLimited","wait_seconds":60,"old":1}"#).unwrap();
        assert_eq!(f, SyncFailure::RateLimited { wait_seconds: 60 });
        for (json, says) in [
            (r#"{"kind":"http"}"#, "missing field `status`"),
            (r#"{"kind":"gone"}"#, "unknown variant `gone`"),
            (r#"{"status":404}"#, "missing field `kind`"),
            (r#"{"kind":"http","status":70000}"#, "invalid value"),
        ] {
            let e = serde_json::from_str::<SyncFailure>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
