//! Detached feed signatures: ed25519 over the exact feed bytes, base64 in `FEED.sig` beside the
//! feed. With any public key configured, a feed without a valid signature is refused.
//!
//! The cryptography itself runs where it is cheapest: the browser's WebCrypto (`Ed25519`) in the
//! extension, `ed25519-dalek` in the CLI and tests (feature `native-crypto`). This module holds
//! what must be the same everywhere: encodings, where the signature lives, and what a result
//! means for the sync.

use thiserror::Error;

use crate::sync::SyncFailure;

/// Longest `.sig` file read (base64 of 64 bytes is 88 characters; room for a newline or CRLF).
pub const MAX_SIGNATURE_BYTES: usize = 512;

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
}

/// What checking a feed's signature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// No key configured: signatures are not checked.
    NotRequired,
    /// Signed by the configured key at this index.
    Valid(usize),
    /// Keys are configured but none of them decodes.
    NoUsableKey,
    /// No `.sig` file (404 or unreachable).
    Missing,
    /// The `.sig` file is not a base64 ed25519 signature.
    Malformed,
    /// A well-formed signature that no configured key verifies.
    Mismatch,
}

impl Verdict {
    /// The sync failure this verdict means, if any.
    pub fn failure(&self) -> Option<SyncFailure> {
        let reason = match self {
            Verdict::NotRequired | Verdict::Valid(_) => return None,
            Verdict::NoUsableKey => "cannot be checked: the configured public key is not valid",
            Verdict::Missing => "is missing (no .sig file next to the feed)",
            Verdict::Malformed => "file is not a valid signature",
            Verdict::Mismatch => {
                "does not match the feed: it was changed or signed with another key"
            }
        };
        Some(SyncFailure::Signature {
            reason: reason.to_string(),
        })
    }
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

/// Checks `data` against the `.sig` text with `verify` (the platform's ed25519), trying each
/// valid key in order so that during a rotation both the old and the new key are accepted.
pub fn check(
    keys: &Keys,
    sig_text: Option<&str>,
    mut verify: impl FnMut(&[u8; 64], &[u8; 32]) -> bool,
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
    let Ok(sig) = decode_signature(text) else {
        return Verdict::Malformed;
    };
    keys.valid
        .iter()
        .position(|k| verify(&sig, k))
        .map_or(Verdict::Mismatch, Verdict::Valid)
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
        assert_eq!(check(&none, None, |_, _| false), Verdict::NotRequired);
        let keys = Keys::parse(&[key.as_str(), " "]);
        assert!(keys.required());
        assert_eq!(check(&keys, None, |_, _| true), Verdict::Missing);
        assert_eq!(check(&keys, Some("nope!"), |_, _| true), Verdict::Malformed);
        assert_eq!(check(&keys, Some(&sig), |_, _| false), Verdict::Mismatch);
        assert_eq!(check(&keys, Some(&sig), |_, _| true), Verdict::Valid(0));
        // Rotation: old and new key both configured; the new one signs.
        let new = base64_encode(&[9u8; 32]);
        let both = Keys::parse(&[key.as_str(), new.as_str()]);
        assert_eq!(
            check(&both, Some(&sig), |_, k| k == &[9u8; 32]),
            Verdict::Valid(1)
        );
        // A typo'd key fails closed.
        let typo = Keys::parse(&["not-a-key"]);
        assert!(typo.required());
        assert_eq!(check(&typo, Some(&sig), |_, _| true), Verdict::NoUsableKey);
        assert!(Verdict::Mismatch.failure().is_some());
        assert!(Verdict::Valid(0).failure().is_none());
    }
}
