//! Signing the feed: the key file `advocate keygen` writes, what `advocate sign` signs and the
//! `.sig` file it writes, for the CLI (which signs with ed25519-dalek) and the studio (which
//! signs with WebCrypto's Ed25519, so the core only prepares and assembles bytes and needs no
//! cryptography of its own).
//!
//! The signature file is format 2 ([`crate::signature`], `docs/signed-feeds.md`): the time of
//! signing, optionally the feed's address, and an ed25519 signature over those header lines and
//! the feed's exact bytes. Its time lets the extension refuse an older feed served again (#19);
//! [`signing_time`] keeps a new signature later than the one it replaces.

use thiserror::Error;

use crate::link::{check_feed_url, UrlError};
use crate::signature::{base64_decode, base64_encode, Envelope};

/// The first line of a key file.
pub const KEY_FILE_FIRST_LINE: &str =
    "# Advocate feed signing key (ed25519). Keep it secret: whoever has it can sign feeds.";

/// What precedes the 32-byte seed in the PKCS#8 (RFC 8410) encoding of an Ed25519 private
/// key: SEQUENCE { version 0, AlgorithmIdentifier { id-Ed25519 }, OCTET STRING { OCTET STRING
/// (32 bytes) } }. WebCrypto's `importKey('pkcs8', …, {name: 'Ed25519'})` takes it.
const PKCS8_ED25519_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// Why a key file or key cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyFileError {
    /// Only comments and blank lines.
    #[error("contains no key")]
    NoKey,
    /// A line that is not a base64 32-byte seed.
    #[error("is not an Advocate key file (made by advocate keygen)")]
    NotAKeyFile,
    /// A public key that is not 32 bytes of base64 or base64url.
    #[error("is not an ed25519 public key")]
    NotAPublicKey,
}

/// The text of a key file for the private `seed` and its `public_key`: a comment saying what
/// it is, a comment with the public key (for the extension's policy or options), then the seed
/// in base64. `advocate keygen` writes it; [`seed`] reads it.
pub fn key_file(seed: &[u8; 32], public_key: &[u8; 32]) -> String {
    format!(
        "{KEY_FILE_FIRST_LINE}\n\
         # Public key (for the extension's policy or options): {}\n{}\n",
        base64_encode(public_key),
        base64_encode(seed)
    )
}

/// The private seed in a key file: its first line that is neither blank nor a `#` comment,
/// base64 of 32 bytes.
pub fn seed(file_text: &str) -> Result<[u8; 32], KeyFileError> {
    let line = file_text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or(KeyFileError::NoKey)?;
    base64_decode(line)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or(KeyFileError::NotAKeyFile)
}

/// The key file's private key as PKCS#8 DER (RFC 8410), for WebCrypto's
/// `importKey('pkcs8', der, {name: 'Ed25519'}, …, ['sign'])`.
pub fn private_key_pkcs8(file_text: &str) -> Result<Vec<u8>, KeyFileError> {
    let seed = seed(file_text)?;
    let mut der = Vec::with_capacity(PKCS8_ED25519_PREFIX.len() + seed.len());
    der.extend_from_slice(&PKCS8_ED25519_PREFIX);
    der.extend_from_slice(&seed);
    Ok(der)
}

/// A public key in the form the extension's policy, its options and `advocate verify` take
/// (base64 with padding, 44 characters), from the `x` member of the JWK that WebCrypto exports
/// for the imported private key (base64url without padding), or from any base64 of its 32
/// bytes.
pub fn public_key_text(key: &str) -> Result<String, KeyFileError> {
    let standard: String = key
        .trim()
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    match base64_decode(&standard) {
        Ok(bytes) if bytes.len() == 32 => Ok(base64_encode(&bytes)),
        _ => Err(KeyFileError::NotAPublicKey),
    }
}

/// When a new signature is made, and whether that had to be moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningTime {
    /// The signing time to use (ms).
    pub at_ms: i64,
    /// Set when the signature being replaced was made at or after the clock's `now` (a clock
    /// set back, or two signatures in one millisecond): its time (ms). `at_ms` is then one
    /// millisecond after it.
    pub after_previous: Option<i64>,
}

/// The signing time for a new signature at `now_ms`, given the text of the signature it
/// replaces (if any): never at or before that one's time, which browsers may have accepted
/// already and would then keep preferring (they refuse an older feed).
pub fn signing_time(previous_sig: Option<&str>, now_ms: i64) -> SigningTime {
    let previous = previous_sig
        .and_then(|text| Envelope::parse(text).ok())
        .and_then(|e| e.signed_at);
    match previous {
        Some(before) if before >= now_ms => SigningTime {
            at_ms: before.saturating_add(1),
            after_previous: Some(before),
        },
        _ => SigningTime {
            at_ms: now_ms,
            after_previous: None,
        },
    }
}

/// What to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToSign {
    /// The signed header (its lines, then an empty line); [`sig_file`] needs it back.
    pub header: String,
    /// The bytes to sign: the header, then the feed exactly as it will be served.
    pub message: Vec<u8>,
}

/// Why a signature cannot be prepared or written.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SignError {
    /// The address to bind the signature to is not a feed address.
    #[error("the address \"{url}\" {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// Why not.
        reason: UrlError,
    },
    /// Not a 64-byte ed25519 signature.
    #[error("the signature has {found} bytes instead of 64")]
    SignatureLength {
        /// Bytes given.
        found: usize,
    },
    /// Not a header [`to_sign`] made (the `.sig` file would not read back as it was signed).
    #[error("the signature header is not one Advocate makes")]
    NotAHeader,
}

/// What to sign for `feed` (its exact bytes) signed at `signed_at_ms`, bound to the feed
/// address `url` if given (the extension then refuses the signature for any other address).
pub fn to_sign(feed: &[u8], signed_at_ms: i64, url: Option<&str>) -> Result<ToSign, SignError> {
    if let Some(url) = url {
        check_feed_url(url).map_err(|reason| SignError::BadUrl {
            url: url.to_string(),
            reason,
        })?;
    }
    let header = Envelope::header_at(signed_at_ms, url);
    let mut message = Vec::with_capacity(header.len() + feed.len());
    message.extend_from_slice(header.as_bytes());
    message.extend_from_slice(feed);
    Ok(ToSign { header, message })
}

/// The `.sig` file for `signature` (64 bytes, ed25519 over [`ToSign::message`]) made with
/// `header` ([`ToSign::header`]): what `advocate sign` writes beside the feed.
pub fn sig_file(header: &str, signature: &[u8]) -> Result<String, SignError> {
    let signature: &[u8; 64] = signature
        .try_into()
        .map_err(|_| SignError::SignatureLength {
            found: signature.len(),
        })?;
    let text = Envelope::file_text(header, signature);
    // The file must read back to exactly the header that was signed, or no one can verify it.
    match Envelope::parse(&text) {
        Ok(envelope) if envelope.message(b"").as_ref() == header.as_bytes() => Ok(text),
        _ => Err(SignError::NotAHeader),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::signature::{check, Keys, Verdict};
    use ed25519_dalek::{Signer, SigningKey, Verifier};

    const AT_MS: i64 = 1_795_773_605_123; // 2026-11-27T10:00:05.123Z
    const FEED: &[u8] = b"{\"version\": 1}\n";

    /// A key file as `advocate keygen` writes it, and its key.
    fn keygen(seed: [u8; 32]) -> (String, SigningKey) {
        let key = SigningKey::from_bytes(&seed);
        (key_file(&seed, key.verifying_key().as_bytes()), key)
    }

    /// What WebCrypto does with the PKCS#8 bytes: take the seed after the fixed prefix.
    fn webcrypto_sign(pkcs8: &[u8], message: &[u8]) -> Vec<u8> {
        assert_eq!(pkcs8.len(), 48);
        assert_eq!(pkcs8[..16], PKCS8_ED25519_PREFIX);
        let seed: [u8; 32] = pkcs8[16..].try_into().unwrap();
        SigningKey::from_bytes(&seed)
            .sign(message)
            .to_bytes()
            .to_vec()
    }

    fn verify(feed: &[u8]) -> impl FnMut(&Envelope, &[u8; 32]) -> bool + '_ {
        move |e, k| {
            let key = ed25519_dalek::VerifyingKey::from_bytes(k).unwrap();
            let sig = ed25519_dalek::Signature::from_bytes(&e.signature);
            key.verify(&e.message(feed), &sig).is_ok()
        }
    }

    #[test]
    fn a_signature_made_from_the_key_file_verifies_as_the_extension_checks_it() {
        let (file, key) = keygen([7u8; 32]);
        let public = base64_encode(key.verifying_key().as_bytes());
        assert!(file.contains(&public));
        let pkcs8 = private_key_pkcs8(&file).unwrap();
        let url = "https://www.example.com/advocate/feed.json";
        let to = to_sign(FEED, AT_MS, Some(url)).unwrap();
        let text = sig_file(&to.header, &webcrypto_sign(&pkcs8, &to.message)).unwrap();
        assert_eq!(
            text,
            format!(
                "advocate-signature v2\nsigned-at: 2026-11-27T10:00:05.123Z\nurl: {url}\nsignature: {}\n",
                base64_encode(&key.sign(&to.message).to_bytes())
            )
        );
        let envelope = Envelope::parse(&text).unwrap();
        assert_eq!(envelope.signed_at, Some(AT_MS));
        assert_eq!(envelope.message(FEED).as_ref(), to.message.as_slice());
        let keys = Keys::parse(&[public]);
        assert_eq!(
            check(&keys, Some(&text), Some(url), verify(FEED)),
            Verdict::Valid {
                key: 0,
                signed_at: Some(AT_MS)
            }
        );
        assert_eq!(
            check(&keys, Some(&text), Some(url), verify(b"{\"version\": 2}\n")),
            Verdict::Mismatch
        );
        #[cfg(feature = "native-crypto")]
        assert!(crate::signature::verify_native(
            &envelope.message(FEED),
            &envelope.signature,
            key.verifying_key().as_bytes()
        ));
    }

    #[test]
    fn key_files_are_read_as_keygen_writes_them() {
        let (file, key) = keygen([9u8; 32]);
        assert_eq!(seed(&file), Ok([9u8; 32]));
        assert!(file.starts_with(KEY_FILE_FIRST_LINE));
        // Comments, blank lines and CRLF around the seed are fine.
        let edited = format!("\r\n# mine\r\n\r\n  {}  \r\n", base64_encode(&[9u8; 32]));
        assert_eq!(seed(&edited), Ok([9u8; 32]));
        assert_eq!(seed("# only a comment\n\n"), Err(KeyFileError::NoKey));
        assert_eq!(seed("not base64!"), Err(KeyFileError::NotAKeyFile));
        assert_eq!(
            seed(&base64_encode(&[1u8; 31])),
            Err(KeyFileError::NotAKeyFile)
        );
        assert_eq!(
            private_key_pkcs8(&file).unwrap()[16..],
            [9u8; 32],
            "the seed after the prefix"
        );
        // The JWK's `x` (base64url, no padding) becomes the extension's form.
        let public = key.verifying_key().to_bytes();
        let x: String = base64_encode(&public)
            .trim_end_matches('=')
            .replace('+', "-")
            .replace('/', "_");
        assert_eq!(public_key_text(&x), Ok(base64_encode(&public)));
        assert_eq!(
            public_key_text(&base64_encode(&public)),
            Ok(base64_encode(&public))
        );
        assert_eq!(public_key_text("abc"), Err(KeyFileError::NotAPublicKey));
    }

    #[test]
    fn a_new_signature_is_later_than_the_one_it_replaces() {
        let old = |at: i64| {
            let to = to_sign(FEED, at, None).unwrap();
            sig_file(&to.header, &[1u8; 64]).unwrap()
        };
        assert_eq!(
            signing_time(None, AT_MS),
            SigningTime {
                at_ms: AT_MS,
                after_previous: None
            }
        );
        assert_eq!(signing_time(Some(&old(AT_MS - 5)), AT_MS).at_ms, AT_MS);
        assert_eq!(
            signing_time(Some(&old(AT_MS + 5)), AT_MS),
            SigningTime {
                at_ms: AT_MS + 6,
                after_previous: Some(AT_MS + 5)
            }
        );
        assert_eq!(
            signing_time(Some(&old(AT_MS)), AT_MS).after_previous,
            Some(AT_MS)
        );
        // An old-format or unreadable signature has no time to stay after.
        assert_eq!(
            signing_time(Some(&base64_encode(&[1u8; 64])), AT_MS).at_ms,
            AT_MS
        );
        assert_eq!(signing_time(Some("garbage"), AT_MS).at_ms, AT_MS);
    }

    #[test]
    fn bad_addresses_signatures_and_headers_are_refused() {
        assert_eq!(
            to_sign(FEED, AT_MS, Some("http://www.example.com/feed.json"))
                .unwrap_err()
                .to_string(),
            "the address \"http://www.example.com/feed.json\" must start with https:// (found \"http:\")"
        );
        assert!(to_sign(FEED, AT_MS, Some("http://127.0.0.1:8080/feed.json")).is_ok());
        let to = to_sign(FEED, AT_MS, None).unwrap();
        assert_eq!(
            sig_file(&to.header, &[0u8; 63]),
            Err(SignError::SignatureLength { found: 63 })
        );
        assert_eq!(
            sig_file("hello\n\n", &[0u8; 64]),
            Err(SignError::NotAHeader)
        );
        let spaced = to.header.replace("signed-at: ", "signed-at:  ");
        assert_eq!(sig_file(&spaced, &[0u8; 64]), Err(SignError::NotAHeader));
    }
}
