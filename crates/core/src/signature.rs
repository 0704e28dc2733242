//! Feed signatures: ed25519, in `FEED.sig` beside the feed. With any public key configured, a
//! feed without a valid signature is refused.
//!
//! Two formats (`docs/signed-feeds.md` describes both):
//! - **2** (what `advocate sign` writes): a small envelope whose signed header carries the time
//!   of signing and optionally the feed's address, so that an older feed served again can be
//!   told from a newer one ([`crate::freshness`]):
//!   ```text
//!   advocate-signature v2
//!   signed-at: 2026-11-27T10:00:05.123Z
//!   url: https://www.example.com/advocate/feed.json
//!   signature: <base64 ed25519 over the header lines, a blank line and the feed bytes>
//!   ```
//! - **1** (before #19): base64 ed25519 over the exact feed bytes, nothing else. Accepted only
//!   while no feed with a signing time was accepted from that address.
//!
//! The cryptography itself runs where it is cheapest: the browser's WebCrypto (`Ed25519`) in the
//! extension, `ed25519-dalek` in the CLI and tests (feature `native-crypto`). This module holds
//! what must be the same everywhere: encodings, where the signature lives and what is signed.
//! What a [`Verdict`] means for the sync is the sync's to say (`SyncFailure::of_signature`).

use std::borrow::Cow;

use thiserror::Error;

use crate::link::{check_feed_url, MAX_URL_LEN};
use crate::time::rfc3339_utc_ms;

/// Longest `.sig` file read: the envelope's lines, a URL of up to [`MAX_URL_LEN`] and the
/// signature, with room to spare.
pub const MAX_SIGNATURE_BYTES: usize = 4096;

/// The first line of a format-2 signature file.
pub const ENVELOPE_V2: &str = "advocate-signature v2";

/// Why a key or signature text is unusable.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecodeError {
    /// Not base64.
    #[error("is not base64")]
    NotBase64,
    /// Wrong number of bytes.
    #[error("has {found} bytes instead of {expected}")]
    WrongLength {
        /// Bytes found.
        found: usize,
        /// Bytes expected.
        expected: usize,
    },
}

/// Decodes standard base64 (RFC 4648, `+/`, optional `=` padding). Surrounding whitespace is
/// ignored; anything else that is not base64 is an error.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let t = text.trim().trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in t.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(DecodeError::NotBase64),
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    // A lone trailing sextet cannot come from whole bytes.
    if bits >= 6 {
        return Err(DecodeError::NotBase64);
    }
    Ok(out)
}

/// Encodes standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn fixed<const N: usize>(text: &str) -> Result<[u8; N], DecodeError> {
    let bytes = base64_decode(text)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| DecodeError::WrongLength {
            found: bytes.len(),
            expected: N,
        })
}

/// An ed25519 public key (32 bytes, base64 in settings and policies).
pub fn decode_public_key(text: &str) -> Result<[u8; 32], DecodeError> {
    fixed(text)
}

/// An ed25519 signature (64 bytes, base64 in `FEED.sig`).
pub fn decode_signature(text: &str) -> Result<[u8; 64], DecodeError> {
    fixed(text)
}

/// Where the signature of `feed_url` lives: the same path with `.sig` appended (before any
/// query or fragment).
pub fn signature_url(feed_url: &str) -> String {
    match feed_url.find(['?', '#']) {
        Some(i) => format!("{}.sig{}", &feed_url[..i], &feed_url[i..]),
        None => format!("{feed_url}.sig"),
    }
}

/// Why a `.sig` file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EnvelopeError {
    /// A format-1 file that is not a base64 ed25519 signature.
    #[error("it is neither an Advocate signature envelope nor a base64 signature")]
    NotASignature,
    /// A line of the envelope that is not in its place or not known.
    #[error("line {line} is not expected there: \"{text}\"")]
    UnexpectedLine {
        /// 1-based line number.
        line: usize,
        /// The line (shortened).
        text: String,
    },
    /// `signed-at:` is not an RFC 3339 time.
    #[error("the signing time \"{0}\" is not an RFC 3339 time such as 2026-11-27T10:00:05.123Z")]
    BadTime(String),
    /// `url:` is empty or longer than a feed address may be.
    #[error("the address after url: is empty or too long")]
    BadUrl,
    /// The `signature:` line is missing or not 64 bytes of base64.
    #[error("the signature line {0}")]
    BadSignature(String),
}

/// A `FEED.sig` file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// When it was signed (ms since the epoch); `None` for format 1, which has no time.
    pub signed_at: Option<i64>,
    /// The feed address it was signed for, if the signer bound one (`advocate sign --url`).
    pub url: Option<String>,
    /// The ed25519 signature.
    pub signature: [u8; 64],
    /// What precedes the feed bytes in the signed message (empty for format 1).
    header: String,
}

impl Envelope {
    /// The signed header for a signature made at `signed_at` (ms), bound to `url` if given:
    /// each line with its `\n`, then an empty line. The feed bytes follow it in what is
    /// signed. Lines are never empty, so the first empty line ends the header unambiguously.
    pub fn header(signed_at: &str, url: Option<&str>) -> String {
        let mut h = format!("{ENVELOPE_V2}\nsigned-at: {signed_at}\n");
        if let Some(url) = url {
            h.push_str("url: ");
            h.push_str(url);
            h.push('\n');
        }
        h.push('\n');
        h
    }

    /// A new format-2 envelope's header for a signature made at `signed_at_ms`.
    pub fn header_at(signed_at_ms: i64, url: Option<&str>) -> String {
        Envelope::header(&rfc3339_utc_ms(signed_at_ms), url)
    }

    /// The text of a `.sig` file: the header's lines (without the empty line that ends it in
    /// the signed message), then `signature:` with the signature of header + feed bytes.
    pub fn file_text(header: &str, signature: &[u8; 64]) -> String {
        format!(
            "{}\nsignature: {}\n",
            header.trim_end_matches('\n'),
            base64_encode(signature)
        )
    }

    /// Reads a `.sig` file of either format. Format 2 is strict: its first line, then
    /// `signed-at:`, an optional `url:` and `signature:`, in this order, nothing else (blank
    /// lines only at the end). CRLF line ends are fine.
    pub fn parse(text: &str) -> Result<Envelope, EnvelopeError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
        let mut lines = text.lines().map(str::trim_end).enumerate();
        if lines.next().map(|(_, l)| l) != Some(ENVELOPE_V2) {
            return decode_signature(text)
                .map(|signature| Envelope {
                    signed_at: None,
                    url: None,
                    signature,
                    header: String::new(),
                })
                .map_err(|_| EnvelopeError::NotASignature);
        }
        let unexpected = |(i, line): (usize, &str)| EnvelopeError::UnexpectedLine {
            line: i + 1,
            text: line.chars().take(60).collect(),
        };
        let mut next = || {
            lines
                .next()
                .ok_or(EnvelopeError::BadSignature("is missing".into()))
        };
        let line = next()?;
        let signed_at_text = match line.1.strip_prefix("signed-at:") {
            Some(v) => v.trim(),
            None => return Err(unexpected(line)),
        };
        let signed_at = chrono::DateTime::parse_from_rfc3339(signed_at_text)
            .map_err(|_| EnvelopeError::BadTime(signed_at_text.chars().take(40).collect()))?
            .timestamp_millis();
        let mut line = next()?;
        let mut url = None;
        if let Some(v) = line.1.strip_prefix("url:") {
            let v = v.trim();
            if v.is_empty() || v.len() > MAX_URL_LEN || v.contains(char::is_whitespace) {
                return Err(EnvelopeError::BadUrl);
            }
            url = Some(v.to_string());
            line = next()?;
        }
        let signature = match line.1.strip_prefix("signature:") {
            Some(v) => {
                decode_signature(v).map_err(|e| EnvelopeError::BadSignature(e.to_string()))?
            }
            None => return Err(unexpected(line)),
        };
        // `text` was trimmed: whatever follows the signature line is not blank.
        if let Some(extra) = lines.next() {
            return Err(unexpected(extra));
        }
        Ok(Envelope {
            signed_at: Some(signed_at),
            header: Envelope::header(signed_at_text, url.as_deref()),
            url,
            signature,
        })
    }

    /// The bytes the signature is over: the header, then the feed exactly as served. One copy
    /// of the feed for format 2 (a few milliseconds for the largest feed); none for format 1.
    pub fn message<'a>(&self, feed: &'a [u8]) -> Cow<'a, [u8]> {
        if self.header.is_empty() {
            return Cow::Borrowed(feed);
        }
        let mut m = Vec::with_capacity(self.header.len() + feed.len());
        m.extend_from_slice(self.header.as_bytes());
        m.extend_from_slice(feed);
        Cow::Owned(m)
    }
}

/// Whether two feed addresses are the same feed: equal, or equal but for the case of scheme
/// and host.
pub fn same_feed_url(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    match (check_feed_url(a), check_feed_url(b)) {
        (Ok(pa), Ok(pb)) => {
            pa.scheme.eq_ignore_ascii_case(pb.scheme)
                && pa.host.eq_ignore_ascii_case(pb.host)
                && pa.port == pb.port
                && pa.rest == pb.rest
        }
        _ => false,
    }
}

/// The keys in force, decoded. A key that does not decode still counts as "signatures are
/// required" (fail closed): a typo in a policy must not switch verification off.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Usable keys.
    pub valid: Vec<[u8; 32]>,
    /// Keys that did not decode, with the reason.
    pub invalid: Vec<(String, DecodeError)>,
}

impl Keys {
    /// Decodes a configured list (blank entries ignored).
    pub fn parse<S: AsRef<str>>(list: &[S]) -> Keys {
        let mut keys = Keys::default();
        for k in list
            .iter()
            .map(AsRef::as_ref)
            .filter(|k| !k.trim().is_empty())
        {
            match decode_public_key(k) {
                Ok(key) => keys.valid.push(key),
                Err(e) => keys.invalid.push((k.to_string(), e)),
            }
        }
        keys
    }

    /// Whether signatures are required.
    pub fn required(&self) -> bool {
        !self.valid.is_empty() || !self.invalid.is_empty()
    }

    /// Whether the base64 `key` is one of the usable keys.
    pub fn trusts(&self, key: &str) -> bool {
        decode_public_key(key).is_ok_and(|k| self.valid.contains(&k))
    }
}

/// What checking a feed's signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No key configured: signatures are not checked.
    NotRequired,
    /// Signed by a configured key.
    Valid {
        /// The index of the key in [`Keys::valid`].
        key: usize,
        /// When it was signed (ms); `None` for a format-1 signature.
        signed_at: Option<i64>,
    },
    /// Keys are configured but none of them decodes.
    NoUsableKey,
    /// No `.sig` file (404 or unreachable).
    Missing,
    /// The `.sig` file is not a signature of either format.
    Malformed,
    /// A well-formed signature that no configured key verifies.
    Mismatch,
    /// A valid signature, made for another feed address (`url:` in the envelope).
    OtherUrl(String),
}

/// Verifies with a native ed25519 implementation (CLI and tests).
#[cfg(feature = "native-crypto")]
pub fn verify_native(data: &[u8], signature: &[u8; 64], key: &[u8; 32]) -> bool {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    match VerifyingKey::from_bytes(key) {
        Ok(k) => k.verify(data, &Signature::from_bytes(signature)).is_ok(),
        Err(_) => false,
    }
}

/// Checks the `.sig` text with `verify` (the platform's ed25519 over
/// [`Envelope::message`]), trying each valid key in order so that during a rotation both the
/// old and the new key are accepted. With `feed_url`, an envelope bound to another address is
/// refused (after its signature was found valid: an unsigned claim says nothing).
pub fn check(
    keys: &Keys,
    sig_text: Option<&str>,
    feed_url: Option<&str>,
    mut verify: impl FnMut(&Envelope, &[u8; 32]) -> bool,
) -> Verdict {
    if !keys.required() {
        return Verdict::NotRequired;
    }
    if keys.valid.is_empty() {
        return Verdict::NoUsableKey;
    }
    let Some(text) = sig_text else {
        return Verdict::Missing;
    };
    let Ok(envelope) = Envelope::parse(text) else {
        return Verdict::Malformed;
    };
    let Some(key) = keys.valid.iter().position(|k| verify(&envelope, k)) else {
        return Verdict::Mismatch;
    };
    match (&envelope.url, feed_url) {
        (Some(bound), Some(url)) if !same_feed_url(bound, url) => Verdict::OtherUrl(bound.clone()),
        _ => Verdict::Valid {
            key,
            signed_at: envelope.signed_at,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips_and_rejects_garbage() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            assert_eq!(base64_decode(&base64_encode(&bytes)).unwrap(), bytes);
        }
        assert_eq!(base64_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64_encode(b"fo"), "Zm8=");
        assert_eq!(base64_decode(" Zm8=\n").unwrap(), b"fo");
        assert_eq!(base64_decode("Zm8"), Ok(b"fo".to_vec()));
        assert_eq!(base64_decode("Z"), Err(DecodeError::NotBase64));
        assert_eq!(base64_decode("Zm9v!"), Err(DecodeError::NotBase64));
        assert_eq!(
            decode_public_key("Zm9v"),
            Err(DecodeError::WrongLength {
                found: 3,
                expected: 32
            })
        );
    }

    #[test]
    fn signature_sits_next_to_the_feed() {
        assert_eq!(
            signature_url("https://b.de/f.json"),
            "https://b.de/f.json.sig"
        );
        assert_eq!(
            signature_url("https://b.de/f.json?v=2"),
            "https://b.de/f.json.sig?v=2"
        );
    }

    #[test]
    fn verdicts() {
        let key = base64_encode(&[7u8; 32]);
        let sig = base64_encode(&[1u8; 64]);
        let none = Keys::parse::<&str>(&[]);
        assert_eq!(check(&none, None, None, |_, _| false), Verdict::NotRequired);
        let keys = Keys::parse(&[key.as_str(), " "]);
        assert!(keys.required());
        assert!(keys.trusts(&key) && !keys.trusts(&base64_encode(&[8u8; 32])));
        assert_eq!(check(&keys, None, None, |_, _| true), Verdict::Missing);
        assert_eq!(
            check(&keys, Some("nope!"), None, |_, _| true),
            Verdict::Malformed
        );
        assert_eq!(
            check(&keys, Some(&sig), None, |_, _| false),
            Verdict::Mismatch
        );
        let v1 = Verdict::Valid {
            key: 0,
            signed_at: None,
        };
        assert_eq!(check(&keys, Some(&sig), None, |_, _| true), v1);
        // Rotation: old and new key both configured; the new one signs.
        let new = base64_encode(&[9u8; 32]);
        let both = Keys::parse(&[key.as_str(), new.as_str()]);
        assert_eq!(
            check(&both, Some(&sig), None, |_, k| k == &[9u8; 32]),
            Verdict::Valid {
                key: 1,
                signed_at: None
            }
        );
        // A typo'd key fails closed.
        let typo = Keys::parse(&["not-a-key"]);
        assert!(typo.required());
        assert_eq!(
            check(&typo, Some(&sig), None, |_, _| true),
            Verdict::NoUsableKey
        );
    }

    const AT: &str = "2026-11-27T10:00:05.123Z";
    const AT_MS: i64 = 1_795_773_605_123;

    fn envelope_text(url: Option<&str>) -> String {
        Envelope::file_text(&Envelope::header(AT, url), &[3u8; 64])
    }

    #[test]
    fn the_envelope_reads_back_and_signs_header_then_feed() {
        let text = envelope_text(Some("https://b.de/f.json"));
        assert_eq!(
            text,
            format!(
                "advocate-signature v2\nsigned-at: {AT}\nurl: https://b.de/f.json\nsignature: {}\n",
                base64_encode(&[3u8; 64])
            )
        );
        let e = Envelope::parse(&text).unwrap();
        assert_eq!(e.signed_at, Some(AT_MS));
        assert_eq!(Envelope::header_at(AT_MS, None), Envelope::header(AT, None));
        assert_eq!(e.url.as_deref(), Some("https://b.de/f.json"));
        assert_eq!(e.signature, [3u8; 64]);
        assert_eq!(
            e.message(b"{}").as_ref(),
            format!("advocate-signature v2\nsigned-at: {AT}\nurl: https://b.de/f.json\n\n{{}}")
                .as_bytes()
        );
        // CRLF, a BOM and trailing blank lines change nothing; without `url:` it is unbound.
        let crlf = format!(
            "\u{feff}{}\r\n\r\n",
            envelope_text(None).replace('\n', "\r\n")
        );
        let e2 = Envelope::parse(&crlf).unwrap();
        assert_eq!((e2.signed_at, e2.url.as_deref()), (Some(AT_MS), None));
        assert_eq!(
            e2.message(b"F").as_ref(),
            format!("advocate-signature v2\nsigned-at: {AT}\n\nF").as_bytes()
        );
        // Format 1: the bare signature over the feed bytes alone, no time.
        let v1 = Envelope::parse(&format!("{}\n", base64_encode(&[3u8; 64]))).unwrap();
        assert_eq!((v1.signed_at, v1.url.as_deref()), (None, None));
        assert!(matches!(v1.message(b"F"), Cow::Borrowed(b"F")));
    }

    #[test]
    fn malformed_envelopes_are_refused_with_a_reason() {
        let sig = base64_encode(&[3u8; 64]);
        let cases = [
            (format!("advocate-signature v2\nsignature: {sig}\n"), "line 2"),
            (
                format!("advocate-signature v2\nsigned-at: yesterday\nsignature: {sig}\n"),
                "signing time \"yesterday\"",
            ),
            (
                format!("advocate-signature v2\nsigned-at: {AT}\n"),
                "the signature line is missing",
            ),
            (
                format!("advocate-signature v2\nsigned-at: {AT}\nsignature: abc\n"),
                "the signature line has 2 bytes instead of 64",
            ),
            (
                format!("advocate-signature v2\nsigned-at: {AT}\nurl:\nsignature: {sig}\n"),
                "url:",
            ),
            (
                format!("advocate-signature v2\nsigned-at: {AT}\nsignature: {sig}\nurl: https://b.de/\n"),
                "line 4",
            ),
            (
                format!("advocate-signature v2\nsigned-at: {AT}\nexpires: never\nsignature: {sig}\n"),
                "line 3",
            ),
            (
                format!("advocate-signature v3\nsigned-at: {AT}\nsignature: {sig}\n"),
                "neither",
            ),
        ];
        for (text, says) in cases {
            let e = Envelope::parse(&text).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }

    #[test]
    fn a_bound_address_must_be_the_feeds() {
        let key = base64_encode(&[7u8; 32]);
        let keys = Keys::parse(&[key.as_str()]);
        let bound = envelope_text(Some("https://B.de/f.json"));
        let valid = Verdict::Valid {
            key: 0,
            signed_at: Some(AT_MS),
        };
        assert_eq!(
            check(&keys, Some(&bound), Some("https://b.de/f.json"), |_, _| {
                true
            }),
            valid
        );
        assert_eq!(check(&keys, Some(&bound), None, |_, _| true), valid);
        let other = check(&keys, Some(&bound), Some("https://b.de/g.json"), |_, _| {
            true
        });
        assert_eq!(other, Verdict::OtherUrl("https://B.de/f.json".into()));
        // The address is only believed once the signature holds.
        assert_eq!(
            check(&keys, Some(&bound), Some("https://b.de/g.json"), |_, _| {
                false
            }),
            Verdict::Mismatch
        );
        // Unbound: any address.
        assert_eq!(
            check(
                &keys,
                Some(&envelope_text(None)),
                Some("https://c.de/x"),
                |_, _| true
            ),
            valid
        );
        assert!(same_feed_url("HTTPS://b.de/f", "https://B.DE/f"));
        assert!(!same_feed_url("https://b.de/F", "https://b.de/f"));
    }

    #[cfg(feature = "native-crypto")]
    #[test]
    fn a_real_signature_over_the_envelope_verifies() {
        use ed25519_dalek::{Signer, SigningKey};
        let signer = SigningKey::from_bytes(&[5u8; 32]);
        let public = signer.verifying_key().to_bytes();
        let feed = br#"{"version":1}"#;
        let header = Envelope::header_at(AT_MS, Some("https://b.de/f.json"));
        let mut message = header.clone().into_bytes();
        message.extend_from_slice(feed);
        let text = Envelope::file_text(&header, &signer.sign(&message).to_bytes());
        let keys = Keys::parse(&[base64_encode(&public)]);
        fn verify(data: &[u8]) -> impl FnMut(&Envelope, &[u8; 32]) -> bool + '_ {
            move |e, k| verify_native(&e.message(data), &e.signature, k)
        }
        assert_eq!(
            check(
                &keys,
                Some(&text),
                Some("https://b.de/f.json"),
                verify(feed)
            ),
            Verdict::Valid {
                key: 0,
                signed_at: Some(AT_MS)
            }
        );
        assert_eq!(
            check(&keys, Some(&text), None, verify(br#"{"version":2}"#)),
            Verdict::Mismatch
        );
        // A changed time, or a dropped address, breaks the signature.
        let later = text.replace(AT, "2027-01-01T00:00:00.000Z");
        assert_eq!(
            check(&keys, Some(&later), None, verify(feed)),
            Verdict::Mismatch
        );
        let unbound = text.replace("url: https://b.de/f.json\n", "");
        assert_eq!(
            check(&keys, Some(&unbound), None, verify(feed)),
            Verdict::Mismatch
        );
    }
}
