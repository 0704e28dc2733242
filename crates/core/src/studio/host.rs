//! "Check my host": whether the published feed's host serves it the way the extension needs,
//! judged from what the studio observed. The studio fetches the feed's address (and a second
//! time with `If-None-Match`, and the `.sig` beside it) and hands the answers in as a
//! [`HostProbe`]; [`judge`] says what each means.
//!
//! The verdict on the feed itself ([`HostCheck::AcceptedByExtension`]) is the extension's own
//! sync run on those answers ([`crate::sync::receive`], [`crate::freshness::Freshness::judge`],
//! [`crate::sync::accept`]), as a browser that has not taken a feed from this address yet. The
//! signature is checked by [`crate::signature::check`] as the extension does, with the
//! ed25519 answers coming from the studio's WebCrypto ([`to_verify`] says what to verify), so
//! the core needs no cryptography of its own.
//!
//! What the host must send is in the README ("What the feed host must send").

use serde::Serialize;

use crate::feed::limits::MAX_FEED_BYTES;
use crate::freshness::Freshness;
use crate::link::check_feed_url;
use crate::signature::{self, Envelope, Keys, Verdict, MAX_SIGNATURE_BYTES};
use crate::sync::{self, FeedSource, FetchResult, Outcome as SyncOutcome, Received, SyncFailure};

use super::instant;

/// What the studio observed at the feed's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostProbe {
    /// The address the extension is (to be) configured with.
    pub feed_url: String,
    /// A plain `GET` of it, made as the extension makes it: from an extension page, without
    /// cookies.
    pub fetch: Result<Response, FetchFailure>,
    /// A second `GET` with `If-None-Match` set to the first answer's `ETag` (the extension's
    /// revalidation, which needs a CORS preflight): its status, or why it failed. `None` when
    /// not made (no `ETag`).
    pub revalidation: Option<Result<u16, FetchFailure>>,
    /// A `GET` of the signature's address ([`signature::signature_url`]), when made.
    pub signature: Option<Result<Response, FetchFailure>>,
    /// For each usable trusted key, in the order [`to_verify`] lists them, whether WebCrypto
    /// found the signature valid for it. Missing answers count as "not valid".
    pub signature_checks: Vec<bool>,
    /// The public keys the extension will be configured with (base64, as in its policy); none:
    /// signatures are not required.
    pub trusted_keys: Vec<String>,
    /// When the probe was made (ms).
    pub now_ms: i64,
    /// The answers were read as the extension reads them, through CORS (the studio's own
    /// fetch): `Access-Control-Allow-Origin` is then never among the headers (browsers keep it
    /// to themselves), an answer at all means it let the extension in, and only the headers
    /// listed in `Access-Control-Expose-Headers` can be seen.
    pub through_cors: bool,
}

/// An HTTP answer as the studio received it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// The address that answered after redirects (`Response.url`), when known.
    pub url: Option<String>,
    /// The response headers as received (names in any case). A header missing here counts as
    /// not sent, so the headers must come from where the browser shows them all.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchFailure {
    /// No connection, DNS, TLS, or a CORS refusal (browsers do not tell these apart).
    Network {
        /// What the browser said.
        detail: String,
    },
    /// No answer in time.
    Timeout,
    /// The host answered, but not with the CORS headers that let the extension read the
    /// answer (the studio tells this from a network failure by asking again without CORS).
    CorsRefused,
}

/// What the studio must have WebCrypto verify for [`HostProbe::signature_checks`]: the
/// signature over the message, once per key, in this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToVerify {
    /// The signed bytes (the envelope's header, then the feed's body).
    pub message: Vec<u8>,
    /// The ed25519 signature (64 bytes).
    pub signature: Vec<u8>,
    /// The usable trusted public keys (32 bytes each, for `importKey('raw', …)`).
    pub keys: Vec<Vec<u8>>,
}

/// What to verify for `probe`, as the extension's sync verifies it: `None` when there is
/// nothing to verify (no trusted key, no feed body, no readable signature).
pub fn to_verify(probe: &HostProbe) -> Option<ToVerify> {
    let keys = Keys::parse(&probe.trusted_keys);
    let body = &body_of(probe)?.body;
    let envelope = Envelope::parse(&signature_text(probe)?).ok()?;
    (!keys.valid.is_empty()).then(|| ToVerify {
        message: envelope.message(body).into_owned(),
        signature: envelope.signature.to_vec(),
        keys: keys.valid.iter().map(|k| k.to_vec()).collect(),
    })
}

/// One thing "Check my host" looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum HostCheck {
    /// The address answers with the feed (2xx, on the same site).
    Reachable,
    /// The address is https (or http on this computer only).
    Https,
    /// The extension's origin may read the answer (`Access-Control-Allow-Origin`), and the
    /// `ETag` it revalidates with (`Access-Control-Expose-Headers`).
    Cors,
    /// `Content-Type: application/json`.
    ContentType,
    /// An `ETag`, so that an unchanged feed costs a 304 instead of the whole file.
    #[serde(rename = "etag")]
    ETag,
    /// A revalidation with `If-None-Match` gets 304 Not Modified.
    NotModified,
    /// The `.sig` beside the feed, checked against the trusted keys.
    Signature,
    /// The extension would take the feed.
    AcceptedByExtension,
}

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// As it should be.
    Pass,
    /// Works, but not as well as it should (or not for everyone).
    Warn,
    /// Keeps the extension from getting the feed.
    Fail,
}

/// What a check found, as data (the words are the UI's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Detail {
    /// Nothing to add.
    None,
    /// The HTTP status of the answer.
    Status {
        /// The status.
        status: u16,
    },
    /// No answer: the browser's words.
    Network {
        /// What the browser said.
        detail: String,
    },
    /// No answer within the extension's time limit.
    Timeout {
        /// The limit.
        seconds: u32,
    },
    /// The address is not a feed address.
    BadUrl {
        /// Why (English, as the sync words it).
        detail: String,
    },
    /// An http address on this computer: fine for testing, reachable from no one else's.
    LocalOnly,
    /// The address redirects to another site, which the extension refuses.
    Redirected {
        /// Where to.
        to: String,
    },
    /// A header that should be there is not.
    MissingHeader {
        /// Its name.
        name: String,
    },
    /// A header with a value the check does not want.
    Header {
        /// Its name.
        name: String,
        /// Its value.
        value: String,
    },
    /// A header the extension needs to read is not in `Access-Control-Expose-Headers`.
    NotExposed {
        /// The header.
        header: String,
    },
    /// The status a revalidation got.
    Revalidated {
        /// The status.
        status: u16,
    },
    /// The revalidation failed although the plain request worked: the host does not answer
    /// the CORS preflight. The extension then falls back to a plain request every time.
    PreflightRefused {
        /// What the browser said.
        detail: String,
    },
    /// The signature check's verdict.
    Signature {
        /// The verdict.
        verdict: SignatureVerdict,
    },
    /// Why the extension would refuse the feed, as the sync says it (the employee's words).
    Refused {
        /// The sync's failure.
        failure: SyncFailure,
    },
    /// The extension would take the feed.
    Accepted {
        /// Its number of items.
        items: usize,
    },
}

/// [`Verdict`] as data for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "verdict",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum SignatureVerdict {
    /// No trusted key: signatures are not checked.
    NotRequired,
    /// Signed by a trusted key.
    Valid {
        /// That key (base64).
        key: String,
        /// When it was signed (ms); `None` for the old format without a time.
        signed_at_ms: Option<i64>,
    },
    /// Keys are given but none of them decodes.
    NoUsableKey,
    /// No `.sig` file could be fetched.
    Missing,
    /// The `.sig` file is not a signature.
    Malformed,
    /// No trusted key verifies it.
    Mismatch,
    /// Valid, but made for another feed address.
    OtherUrl {
        /// The address it was made for.
        url: String,
    },
}

/// One finding of "Check my host".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostFinding {
    /// What was checked.
    pub check: HostCheck,
    /// How it came out.
    pub outcome: Outcome,
    /// What was found.
    pub detail: Detail,
}

/// Judges what the studio observed, in the order of [`HostCheck`]'s variants: always
/// [`HostCheck::Reachable`], [`HostCheck::Https`] and [`HostCheck::AcceptedByExtension`];
/// the header checks only for an answer with the feed; [`HostCheck::NotModified`] only after a
/// revalidation; [`HostCheck::Signature`] for an answer with the feed when keys are trusted or
/// a signature was fetched.
pub fn judge(probe: &HostProbe) -> Vec<HostFinding> {
    let mut out = vec![reachable(probe), https(&probe.feed_url)];
    if let Err(FetchFailure::CorsRefused) = &probe.fetch {
        out.push(finding(
            HostCheck::Cors,
            Outcome::Fail,
            failure_detail(&FetchFailure::CorsRefused),
        ));
    }
    if let Some(response) = body_of(probe) {
        out.push(cors(response, probe.through_cors));
        out.push(content_type(response));
        out.push(etag(response));
    }
    if let Some(revalidation) = &probe.revalidation {
        out.push(not_modified(revalidation));
    }
    let verdict = verdict(probe);
    // Without the feed's bytes there is nothing to check a signature against (nor does the
    // extension get that far).
    let signed = !probe.trusted_keys.is_empty() || probe.signature.is_some();
    if signed && body_of(probe).is_some() {
        out.push(signature_finding(&verdict, probe));
    }
    out.push(accepted(probe, &verdict));
    out
}

fn finding(check: HostCheck, outcome: Outcome, detail: Detail) -> HostFinding {
    HostFinding {
        check,
        outcome,
        detail,
    }
}

fn https(url: &str) -> HostFinding {
    match check_feed_url(url) {
        Err(e) => finding(
            HostCheck::Https,
            Outcome::Fail,
            Detail::BadUrl {
                detail: e.to_string(),
            },
        ),
        Ok(p) if p.scheme.eq_ignore_ascii_case("https") => {
            finding(HostCheck::Https, Outcome::Pass, Detail::None)
        }
        Ok(_) => finding(HostCheck::Https, Outcome::Warn, Detail::LocalOnly),
    }
}

/// Whether `response` came from another site than `requested` (the extension refuses a
/// redirect there; the same comparison as its fetch makes).
fn redirected<'a>(requested: &str, response: &'a Response) -> Option<&'a str> {
    let final_url = response.url.as_deref().unwrap_or("");
    let same_origin = match (check_feed_url(requested), check_feed_url(final_url)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => final_url.is_empty() || final_url == requested,
    };
    (!same_origin).then_some(final_url)
}

/// The feed's answer, when it is one with the feed (2xx from the same site).
fn body_of(probe: &HostProbe) -> Option<&Response> {
    let response = probe.fetch.as_ref().ok()?;
    ((200..300).contains(&response.status) && redirected(&probe.feed_url, response).is_none())
        .then_some(response)
}

fn failure_detail(failure: &FetchFailure) -> Detail {
    match failure {
        FetchFailure::Network { detail } => Detail::Network {
            detail: detail.clone(),
        },
        FetchFailure::Timeout => Detail::Timeout {
            seconds: sync::FETCH_TIMEOUT_MS / 1000,
        },
        FetchFailure::CorsRefused => Detail::MissingHeader {
            name: ALLOW_ORIGIN.into(),
        },
    }
}

fn reachable(probe: &HostProbe) -> HostFinding {
    let (outcome, detail) = match &probe.fetch {
        // It answers; what it lacks is the Cors finding's.
        Err(FetchFailure::CorsRefused) => (Outcome::Pass, Detail::None),
        Err(failure) => (Outcome::Fail, failure_detail(failure)),
        Ok(response) => match redirected(&probe.feed_url, response) {
            Some(to) => (Outcome::Fail, Detail::Redirected { to: to.to_string() }),
            None if (200..300).contains(&response.status) => (
                Outcome::Pass,
                Detail::Status {
                    status: response.status,
                },
            ),
            None => (
                Outcome::Fail,
                Detail::Status {
                    status: response.status,
                },
            ),
        },
    };
    finding(HostCheck::Reachable, outcome, detail)
}

/// Whether a comma-separated header value lists `name` (or `*`), without case.
fn lists(value: &str, name: &str) -> bool {
    value
        .split(',')
        .map(str::trim)
        .any(|v| v == "*" || v.eq_ignore_ascii_case(name))
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";

fn cors(response: &Response, through_cors: bool) -> HostFinding {
    if through_cors {
        // The browser let the extension read the answer, so the origin was allowed; what is
        // left to see is whether the ETag is readable (the ETag finding says if it is not).
        return finding(HostCheck::Cors, Outcome::Pass, Detail::None);
    }
    let (outcome, detail) = match response.header(ALLOW_ORIGIN) {
        None => (
            // The extension cannot read the answer; each employee would have to grant it
            // access to this host in the options.
            Outcome::Fail,
            Detail::MissingHeader {
                name: ALLOW_ORIGIN.into(),
            },
        ),
        Some("*") => {
            let exposed = response
                .header("Access-Control-Expose-Headers")
                .is_some_and(|v| lists(v, "ETag"));
            if response.header("ETag").is_some() && !exposed {
                // The extension cannot read the ETag, so it cannot revalidate with it (the
                // browser's cache still may).
                (
                    Outcome::Warn,
                    Detail::NotExposed {
                        header: "ETag".into(),
                    },
                )
            } else {
                (Outcome::Pass, Detail::None)
            }
        }
        Some(origin) => {
            let detail = Detail::Header {
                name: ALLOW_ORIGIN.into(),
                value: origin.to_string(),
            };
            // One extension's own origin works for that browser's Advocate only; any other
            // site's origin works for none.
            let extension = ["chrome-extension://", "moz-extension://"]
                .iter()
                .any(|s| origin.to_ascii_lowercase().starts_with(s));
            if extension {
                (Outcome::Warn, detail)
            } else {
                (Outcome::Fail, detail)
            }
        }
    };
    finding(HostCheck::Cors, outcome, detail)
}

fn content_type(response: &Response) -> HostFinding {
    const NAME: &str = "Content-Type";
    let (outcome, detail) = match response.header(NAME) {
        None => (Outcome::Warn, Detail::MissingHeader { name: NAME.into() }),
        Some(value) => {
            let media = value
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if media == "application/json" || media.ends_with("+json") {
                (Outcome::Pass, Detail::None)
            } else {
                // The extension reads the body whatever the type; other tools and proxies may
                // not.
                (
                    Outcome::Warn,
                    Detail::Header {
                        name: NAME.into(),
                        value: value.to_string(),
                    },
                )
            }
        }
    };
    finding(HostCheck::ContentType, outcome, detail)
}

fn etag(response: &Response) -> HostFinding {
    match response.header("ETag") {
        Some(_) => finding(HostCheck::ETag, Outcome::Pass, Detail::None),
        None => finding(
            HostCheck::ETag,
            Outcome::Warn,
            Detail::MissingHeader {
                name: "ETag".into(),
            },
        ),
    }
}

fn not_modified(revalidation: &Result<u16, FetchFailure>) -> HostFinding {
    let (outcome, detail) = match revalidation {
        Ok(304) => (Outcome::Pass, Detail::Revalidated { status: 304 }),
        // The whole feed again: it works, at the cost of the download every half hour.
        Ok(status @ 200..=299) => (Outcome::Warn, Detail::Revalidated { status: *status }),
        Ok(status) => (Outcome::Fail, Detail::Revalidated { status: *status }),
        Err(FetchFailure::Network { detail }) => (
            Outcome::Warn,
            Detail::PreflightRefused {
                detail: detail.clone(),
            },
        ),
        Err(failure) => (Outcome::Warn, failure_detail(failure)),
    };
    finding(HostCheck::NotModified, outcome, detail)
}

/// The `.sig` text, as the extension's fetch of it reads it: a 2xx answer from the same site,
/// within the size limit, as UTF-8; otherwise there is none.
fn signature_text(probe: &HostProbe) -> Option<String> {
    let response = probe.signature.as_ref()?.as_ref().ok()?;
    let url = signature::signature_url(&probe.feed_url);
    let ok = (200..300).contains(&response.status)
        && redirected(&url, response).is_none()
        && response.body.len() <= MAX_SIGNATURE_BYTES;
    ok.then(|| String::from_utf8(response.body.clone()).ok())
        .flatten()
}

/// The signature check's verdict, as the extension's sync reaches it: WebCrypto's answers per
/// key, then [`signature::check`].
fn verdict(probe: &HostProbe) -> Verdict {
    let keys = Keys::parse(&probe.trusted_keys);
    let text = signature_text(probe);
    // Without the feed's bytes nothing can verify; `check` still tells a missing or malformed
    // file apart.
    let have_body = body_of(probe).is_some();
    let mut answers = probe.signature_checks.iter().copied();
    signature::check(&keys, text.as_deref(), Some(&probe.feed_url), |_, _| {
        have_body && answers.next().unwrap_or(false)
    })
}

fn signature_finding(verdict: &Verdict, probe: &HostProbe) -> HostFinding {
    let keys = Keys::parse(&probe.trusted_keys);
    let (outcome, verdict) = match verdict {
        Verdict::NotRequired => (Outcome::Pass, SignatureVerdict::NotRequired),
        Verdict::Valid { key, signed_at } => (
            // The old format has no time, so browsers cannot refuse an older feed served
            // again; signing again fixes it.
            if signed_at.is_some() {
                Outcome::Pass
            } else {
                Outcome::Warn
            },
            SignatureVerdict::Valid {
                key: keys
                    .valid
                    .get(*key)
                    .map(|k| signature::base64_encode(k))
                    .unwrap_or_default(),
                signed_at_ms: *signed_at,
            },
        ),
        Verdict::NoUsableKey => (Outcome::Fail, SignatureVerdict::NoUsableKey),
        Verdict::Missing => (Outcome::Fail, SignatureVerdict::Missing),
        Verdict::Malformed => (Outcome::Fail, SignatureVerdict::Malformed),
        Verdict::Mismatch => (Outcome::Fail, SignatureVerdict::Mismatch),
        Verdict::OtherUrl(url) => (
            Outcome::Fail,
            SignatureVerdict::OtherUrl { url: url.clone() },
        ),
    };
    finding(HostCheck::Signature, outcome, Detail::Signature { verdict })
}

/// The extension's sync on the probe's answers, as a browser with no feed from this address
/// yet: the address, the answer, the signature's verdict, then validation and the clock.
fn accepted(probe: &HostProbe, verdict: &Verdict) -> HostFinding {
    let refused = |failure| {
        finding(
            HostCheck::AcceptedByExtension,
            Outcome::Fail,
            Detail::Refused { failure },
        )
    };
    let url = probe.feed_url.as_str();
    if let Err(failure) = FeedSource::User(url.to_string()).check() {
        return refused(failure);
    }
    let now = instant(probe.now_ms);
    let result = match &probe.fetch {
        Err(FetchFailure::Network { detail }) => FetchResult::Network {
            detail: detail.clone(),
        },
        Err(FetchFailure::Timeout) => FetchResult::Timeout,
        // What the extension's fetch meets then: a network error without words.
        Err(FetchFailure::CorsRefused) => FetchResult::Network {
            detail: "the host does not allow the extension to read the feed (CORS)".into(),
        },
        Ok(response) => fetch_result(url, response),
    };
    let new = match sync::receive(result, url, None, now) {
        Received::Body(new) => new,
        Received::Failed(failure) => return refused(failure),
        // Nothing was accepted before, so nothing can be unchanged.
        Received::Unchanged => return refused(SyncFailure::Http { status: 304 }),
    };
    let keys = Keys::parse(&probe.trusted_keys);
    let signature_refused = Freshness::default().judge(url, &keys, verdict).err();
    match sync::accept(new, url, false, signature_refused, now) {
        SyncOutcome::Updated { checked, .. } => finding(
            HostCheck::AcceptedByExtension,
            Outcome::Pass,
            Detail::Accepted {
                items: checked.feed.items.len(),
            },
        ),
        SyncOutcome::Failed(failure) => refused(failure),
        SyncOutcome::Unchanged => refused(SyncFailure::Http { status: 304 }),
    }
}

/// The answer as the extension's fetch hands it to the sync.
fn fetch_result(url: &str, response: &Response) -> FetchResult {
    if let Some(to) = redirected(url, response) {
        return FetchResult::Redirected { to: to.to_string() };
    }
    match response.status {
        304 => FetchResult::NotModified,
        200..=299 if response.body.len() > MAX_FEED_BYTES => FetchResult::TooLarge,
        200..=299 => FetchResult::Body {
            body: response.body.clone(),
            etag: response.header("ETag").map(str::to_string),
            last_modified: response.header("Last-Modified").map(str::to_string),
        },
        status => FetchResult::Status {
            status,
            retry_after: response.header("Retry-After").map(str::to_string),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey, Verifier};

    const URL: &str = "https://www.example.com/advocate/feed.json";
    const FEED: &str = r#"{"version":1,"organization":{"name":"B"},"items":[{"id":"a","url":"https://b.de/a","title":{"en":"A"},"captions":[{"lang":"en","text":"x"}]}]}"#;
    const NOW: i64 = 1_795_773_600_000; // 2026-11-27T10:00:00Z

    /// What a well-configured host (the README's nginx example) sends.
    fn good_headers() -> Vec<(String, String)> {
        [
            ("content-type", "application/json; charset=utf-8"),
            ("etag", "\"5f3a-61c2\""),
            ("last-modified", "Fri, 27 Nov 2026 09:00:00 GMT"),
            ("access-control-allow-origin", "*"),
            ("access-control-expose-headers", "ETag, Retry-After"),
            ("cache-control", "no-cache"),
        ]
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect()
    }

    fn ok(headers: Vec<(String, String)>, body: &str) -> Result<Response, FetchFailure> {
        Ok(Response {
            status: 200,
            url: Some(URL.into()),
            headers,
            body: body.as_bytes().to_vec(),
        })
    }

    fn probe() -> HostProbe {
        HostProbe {
            feed_url: URL.into(),
            fetch: ok(good_headers(), FEED),
            revalidation: Some(Ok(304)),
            signature: None,
            signature_checks: Vec::new(),
            trusted_keys: Vec::new(),
            now_ms: NOW,
            through_cors: false,
        }
    }

    fn without(name: &str) -> Vec<(String, String)> {
        good_headers()
            .into_iter()
            .filter(|(n, _)| !n.eq_ignore_ascii_case(name))
            .collect()
    }

    fn find(findings: &[HostFinding], check: HostCheck) -> Option<&HostFinding> {
        findings.iter().find(|f| f.check == check)
    }

    fn outcome(findings: &[HostFinding], check: HostCheck) -> Option<Outcome> {
        find(findings, check).map(|f| f.outcome)
    }

    #[test]
    fn a_well_configured_host_passes_everything() {
        let findings = judge(&probe());
        let checks: Vec<(HostCheck, Outcome)> =
            findings.iter().map(|f| (f.check, f.outcome)).collect();
        assert_eq!(
            checks,
            [
                (HostCheck::Reachable, Outcome::Pass),
                (HostCheck::Https, Outcome::Pass),
                (HostCheck::Cors, Outcome::Pass),
                (HostCheck::ContentType, Outcome::Pass),
                (HostCheck::ETag, Outcome::Pass),
                (HostCheck::NotModified, Outcome::Pass),
                (HostCheck::AcceptedByExtension, Outcome::Pass),
            ]
        );
        assert_eq!(
            find(&findings, HostCheck::AcceptedByExtension).map(|f| &f.detail),
            Some(&Detail::Accepted { items: 1 })
        );
    }

    #[test]
    fn missing_cors_is_a_failure_that_names_the_header() {
        let p = HostProbe {
            fetch: ok(without("access-control-allow-origin"), FEED),
            ..probe()
        };
        let f = judge(&p);
        let cors = find(&f, HostCheck::Cors).unwrap();
        assert_eq!(cors.outcome, Outcome::Fail);
        assert_eq!(
            cors.detail,
            Detail::MissingHeader {
                name: "Access-Control-Allow-Origin".into()
            }
        );
        // Another site's origin is as bad; one extension's own origin is only half right.
        let mut headers = without("access-control-allow-origin");
        headers.push((
            "Access-Control-Allow-Origin".into(),
            "https://intranet.example.com".into(),
        ));
        let f = judge(&HostProbe {
            fetch: ok(headers, FEED),
            ..probe()
        });
        assert_eq!(outcome(&f, HostCheck::Cors), Some(Outcome::Fail));
        let mut headers = without("access-control-allow-origin");
        headers.push((
            "Access-Control-Allow-Origin".into(),
            "chrome-extension://kalnpaafhdbpkljnnehiapepacfojkhl".into(),
        ));
        let f = judge(&HostProbe {
            fetch: ok(headers, FEED),
            ..probe()
        });
        assert_eq!(outcome(&f, HostCheck::Cors), Some(Outcome::Warn));
        // An ETag the extension cannot read.
        let f = judge(&HostProbe {
            fetch: ok(without("access-control-expose-headers"), FEED),
            ..probe()
        });
        let cors = find(&f, HostCheck::Cors).unwrap();
        assert_eq!(
            (cors.outcome, &cors.detail),
            (
                Outcome::Warn,
                &Detail::NotExposed {
                    header: "ETag".into()
                }
            )
        );
    }

    #[test]
    fn missing_etag_and_content_type_are_warnings() {
        let f = judge(&HostProbe {
            fetch: ok(without("etag"), FEED),
            revalidation: None,
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::ETag).map(|f| (f.outcome, &f.detail)),
            Some((
                Outcome::Warn,
                &Detail::MissingHeader {
                    name: "ETag".into()
                }
            ))
        );
        // Without an ETag there was no revalidation to judge; the feed still works.
        assert_eq!(outcome(&f, HostCheck::NotModified), None);
        assert_eq!(outcome(&f, HostCheck::Cors), Some(Outcome::Pass));
        assert_eq!(
            outcome(&f, HostCheck::AcceptedByExtension),
            Some(Outcome::Pass)
        );
        let mut headers = without("content-type");
        headers.push(("Content-Type".into(), "text/plain".into()));
        let f = judge(&HostProbe {
            fetch: ok(headers, FEED),
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::ContentType).map(|f| (f.outcome, &f.detail)),
            Some((
                Outcome::Warn,
                &Detail::Header {
                    name: "Content-Type".into(),
                    value: "text/plain".into()
                }
            ))
        );
        let f = judge(&HostProbe {
            fetch: ok(without("content-type"), FEED),
            ..probe()
        });
        assert_eq!(outcome(&f, HostCheck::ContentType), Some(Outcome::Warn));
    }

    #[test]
    fn revalidation_304_passes_200_warns_and_a_refused_preflight_warns() {
        let judged = |r| {
            let f = judge(&HostProbe {
                revalidation: Some(r),
                ..probe()
            });
            find(&f, HostCheck::NotModified).map(|f| (f.outcome, f.detail.clone()))
        };
        assert_eq!(
            judged(Ok(304)),
            Some((Outcome::Pass, Detail::Revalidated { status: 304 }))
        );
        assert_eq!(
            judged(Ok(200)),
            Some((Outcome::Warn, Detail::Revalidated { status: 200 }))
        );
        assert_eq!(
            judged(Ok(500)),
            Some((Outcome::Fail, Detail::Revalidated { status: 500 }))
        );
        assert_eq!(
            judged(Err(FetchFailure::Network {
                detail: "Failed to fetch".into()
            })),
            Some((
                Outcome::Warn,
                Detail::PreflightRefused {
                    detail: "Failed to fetch".into()
                }
            ))
        );
    }

    #[test]
    fn an_http_address_fails_unless_it_is_this_computer() {
        let f = judge(&HostProbe {
            feed_url: "http://www.example.com/advocate/feed.json".into(),
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::Https).map(|f| (f.outcome, f.detail.clone())),
            Some((
                Outcome::Fail,
                Detail::BadUrl {
                    detail: "must start with https:// (found \"http:\")".into()
                }
            ))
        );
        assert!(matches!(
            find(&f, HostCheck::AcceptedByExtension).map(|f| &f.detail),
            Some(Detail::Refused {
                failure: SyncFailure::BadUrl { .. }
            })
        ));
        let local = "http://127.0.0.1:8080/feed.json";
        let f = judge(&HostProbe {
            feed_url: local.into(),
            fetch: Ok(Response {
                url: Some(local.into()),
                ..ok(good_headers(), FEED).unwrap()
            }),
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::Https).map(|f| (f.outcome, &f.detail)),
            Some((Outcome::Warn, &Detail::LocalOnly))
        );
        assert_eq!(
            outcome(&f, HostCheck::AcceptedByExtension),
            Some(Outcome::Pass)
        );
    }

    #[test]
    fn a_404_or_no_answer_fails_and_skips_the_header_checks() {
        let f = judge(&HostProbe {
            fetch: Ok(Response {
                status: 404,
                url: Some(URL.into()),
                headers: good_headers(),
                body: b"Not Found".to_vec(),
            }),
            revalidation: None,
            ..probe()
        });
        let checks: Vec<HostCheck> = f.iter().map(|f| f.check).collect();
        assert_eq!(
            checks,
            [
                HostCheck::Reachable,
                HostCheck::Https,
                HostCheck::AcceptedByExtension
            ]
        );
        assert_eq!(f[0].detail, Detail::Status { status: 404 });
        assert_eq!(
            f[2].detail,
            Detail::Refused {
                failure: SyncFailure::Http { status: 404 }
            }
        );
        let f = judge(&HostProbe {
            fetch: Err(FetchFailure::Network {
                detail: "Failed to fetch".into(),
            }),
            revalidation: None,
            ..probe()
        });
        assert_eq!(outcome(&f, HostCheck::Reachable), Some(Outcome::Fail));
        assert!(matches!(
            find(&f, HostCheck::AcceptedByExtension).map(|f| &f.detail),
            Some(Detail::Refused {
                failure: SyncFailure::Network { .. }
            })
        ));
        // A redirect to a login page on another site.
        let f = judge(&HostProbe {
            fetch: Ok(Response {
                url: Some("https://login.example.net/?next=feed".into()),
                ..ok(good_headers(), "<!doctype html>").unwrap()
            }),
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::Reachable).map(|f| &f.detail),
            Some(&Detail::Redirected {
                to: "https://login.example.net/?next=feed".into()
            })
        );
    }

    #[test]
    fn an_invalid_feed_is_refused_with_its_first_error() {
        let bad = FEED.replace("https://b.de/a", "http://b.de/a");
        let f = judge(&HostProbe {
            fetch: ok(good_headers(), &bad),
            ..probe()
        });
        // The host itself is fine.
        assert_eq!(outcome(&f, HostCheck::Cors), Some(Outcome::Pass));
        let accepted = find(&f, HostCheck::AcceptedByExtension).unwrap();
        assert_eq!(accepted.outcome, Outcome::Fail);
        match &accepted.detail {
            Detail::Refused {
                failure: SyncFailure::Invalid { errors, first },
            } => {
                assert_eq!(*errors, 1);
                assert!(first.starts_with("/items/0/url"), "{first}");
            }
            other => panic!("{other:?}"),
        }
        let f = judge(&HostProbe {
            fetch: ok(good_headers(), "<!doctype html><p>Please log in"),
            ..probe()
        });
        assert_eq!(
            find(&f, HostCheck::AcceptedByExtension).map(|f| &f.detail),
            Some(&Detail::Refused {
                failure: SyncFailure::NotAFeed
            })
        );
    }

    /// A signed probe: the `.sig` beside the feed, the key trusted, WebCrypto's answers
    /// computed the way the studio gets them (from `to_verify`).
    fn signed(bind: Option<&str>, signed_at: Option<i64>, trusted: &SigningKey) -> HostProbe {
        let signer = SigningKey::from_bytes(&[5u8; 32]);
        let text = match signed_at {
            Some(at) => {
                let to = crate::studio::sign::to_sign(FEED.as_bytes(), at, bind).unwrap();
                let sig = signer.sign(&to.message).to_bytes();
                crate::studio::sign::sig_file(&to.header, &sig).unwrap()
            }
            None => signature::base64_encode(&signer.sign(FEED.as_bytes()).to_bytes()),
        };
        let mut p = HostProbe {
            signature: Some(Ok(Response {
                status: 200,
                url: Some(format!("{URL}.sig")),
                headers: good_headers(),
                body: text.into_bytes(),
            })),
            trusted_keys: vec![signature::base64_encode(trusted.verifying_key().as_bytes())],
            ..probe()
        };
        let plan = to_verify(&p).unwrap();
        p.signature_checks = plan
            .keys
            .iter()
            .map(|k| {
                let key =
                    ed25519_dalek::VerifyingKey::from_bytes(&k[..].try_into().unwrap()).unwrap();
                let sig = ed25519_dalek::Signature::from_slice(&plan.signature).unwrap();
                key.verify(&plan.message, &sig).is_ok()
            })
            .collect();
        p
    }

    fn signature_of(f: &[HostFinding]) -> (Outcome, SignatureVerdict) {
        match find(f, HostCheck::Signature) {
            Some(HostFinding {
                outcome,
                detail: Detail::Signature { verdict },
                ..
            }) => (*outcome, verdict.clone()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn signatures_are_judged_as_the_extension_judges_them() {
        let signer = SigningKey::from_bytes(&[5u8; 32]);
        let at = NOW - 60_000;
        let f = judge(&signed(Some(URL), Some(at), &signer));
        assert_eq!(
            signature_of(&f),
            (
                Outcome::Pass,
                SignatureVerdict::Valid {
                    key: signature::base64_encode(signer.verifying_key().as_bytes()),
                    signed_at_ms: Some(at)
                }
            )
        );
        assert_eq!(
            outcome(&f, HostCheck::AcceptedByExtension),
            Some(Outcome::Pass)
        );
        // Another key is trusted: refused, and the feed with it.
        let other = SigningKey::from_bytes(&[6u8; 32]);
        let f = judge(&signed(None, Some(at), &other));
        assert_eq!(
            signature_of(&f),
            (Outcome::Fail, SignatureVerdict::Mismatch)
        );
        assert!(matches!(
            find(&f, HostCheck::AcceptedByExtension).map(|f| &f.detail),
            Some(Detail::Refused {
                failure: SyncFailure::Signature { .. }
            })
        ));
        // Made for another address.
        let f = judge(&signed(
            Some("https://other.example/feed.json"),
            Some(at),
            &signer,
        ));
        assert_eq!(
            signature_of(&f),
            (
                Outcome::Fail,
                SignatureVerdict::OtherUrl {
                    url: "https://other.example/feed.json".into()
                }
            )
        );
        // The old format without a time still works, with a warning.
        let f = judge(&signed(None, None, &signer));
        assert!(matches!(
            signature_of(&f),
            (
                Outcome::Warn,
                SignatureVerdict::Valid {
                    signed_at_ms: None,
                    ..
                }
            )
        ));
        assert_eq!(
            outcome(&f, HostCheck::AcceptedByExtension),
            Some(Outcome::Pass)
        );
        // No .sig (404): missing.
        let mut p = signed(None, Some(at), &signer);
        p.signature = Some(Ok(Response {
            status: 404,
            ..Response::default()
        }));
        p.signature_checks.clear();
        assert_eq!(to_verify(&p), None);
        assert_eq!(
            signature_of(&judge(&p)),
            (Outcome::Fail, SignatureVerdict::Missing)
        );
        // Garbage instead of a signature.
        p.signature = Some(Ok(Response {
            status: 200,
            body: b"<html>".to_vec(),
            ..Response::default()
        }));
        assert_eq!(
            signature_of(&judge(&p)),
            (Outcome::Fail, SignatureVerdict::Malformed)
        );
        // No key trusted, no signature fetched: nothing to say about signatures.
        assert_eq!(find(&judge(&probe()), HostCheck::Signature), None);
        // No feed: nothing to check the signature against.
        let mut p = signed(None, Some(at), &signer);
        p.fetch = Ok(Response {
            status: 404,
            ..Response::default()
        });
        assert_eq!(find(&judge(&p), HostCheck::Signature), None);
    }

    #[test]
    fn findings_serialize_as_tagged_data() {
        let f = finding(
            HostCheck::ETag,
            Outcome::Warn,
            Detail::MissingHeader {
                name: "ETag".into(),
            },
        );
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            serde_json::json!({"check": "etag", "outcome": "warn", "detail": {"kind": "missingHeader", "name": "ETag"}})
        );
        let refused = Detail::Refused {
            failure: SyncFailure::Http { status: 404 },
        };
        assert_eq!(
            serde_json::to_value(&refused).unwrap(),
            serde_json::json!({"kind": "refused", "failure": {"kind": "http", "status": 404}})
        );
    }

    #[test]
    fn a_host_without_cors_headers_answers_but_the_extension_cannot_read_it() {
        let p = HostProbe {
            fetch: Err(FetchFailure::CorsRefused),
            revalidation: None,
            through_cors: true,
            ..probe()
        };
        let found = judge(&p);
        let of = |c: HostCheck| found.iter().find(|f| f.check == c).cloned();
        assert_eq!(
            of(HostCheck::Reachable).map(|f| f.outcome),
            Some(Outcome::Pass)
        );
        assert_eq!(
            of(HostCheck::Cors),
            Some(finding(
                HostCheck::Cors,
                Outcome::Fail,
                Detail::MissingHeader {
                    name: "Access-Control-Allow-Origin".into()
                }
            ))
        );
        assert_eq!(
            of(HostCheck::AcceptedByExtension).map(|f| f.outcome),
            Some(Outcome::Fail)
        );
    }

    #[test]
    fn read_through_cors_an_answer_means_the_origin_was_allowed_and_a_hidden_etag_is_missing() {
        let headers = vec![("Content-Type".to_string(), "application/json".to_string())];
        let p = HostProbe {
            fetch: ok(headers, FEED),
            revalidation: None,
            through_cors: true,
            ..probe()
        };
        let found = judge(&p);
        let of = |c: HostCheck| found.iter().find(|f| f.check == c).map(|f| f.outcome);
        assert_eq!(of(HostCheck::Cors), Some(Outcome::Pass));
        assert_eq!(of(HostCheck::ETag), Some(Outcome::Warn));
        assert_eq!(of(HostCheck::AcceptedByExtension), Some(Outcome::Pass));
    }
}
