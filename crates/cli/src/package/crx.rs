//! The CRX3 file format: a zip archive behind a header that carries the publisher's RSA public
//! key and a signature, which Chrome and Edge check before they install a self-hosted
//! extension (and again on every update, against the key they installed first).
//!
//! ```text
//! "Cr24"                      magic
//! 3u32 little-endian          format version
//! N u32 little-endian         header length
//! N bytes                     CrxFileHeader (protobuf)
//! the zip archive
//! ```
//!
//! `CrxFileHeader` (Chromium's `components/crx_file/crx3.proto`):
//! `repeated AsymmetricKeyProof sha256_with_rsa = 2; optional bytes signed_header_data = 10000;`
//! with `AsymmetricKeyProof { bytes public_key = 1; bytes signature = 2; }` and
//! `signed_header_data` the encoding of `SignedData { bytes crx_id = 1; }`. Only length-delimited
//! fields occur, so the few lines of protobuf needed are written here instead of a dependency.
//!
//! The signature is RSASSA-PKCS1-v1_5 with SHA-256 over
//! `"CRX3 SignedData\0" ‖ u32le(len(signed_header_data)) ‖ signed_header_data ‖ archive`.

use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePublicKey, EncodePublicKey};
use rsa::signature::{SignatureEncoding, Signer, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The file's first bytes.
pub const MAGIC: &[u8; 4] = b"Cr24";
/// The only format version Chrome still installs.
pub const VERSION: u32 = 3;
/// What the signature covers before the signed header data (with its NUL).
const SIGNATURE_CONTEXT: &[u8] = b"CRX3 SignedData\0";
/// `CrxFileHeader.sha256_with_rsa`.
const FIELD_SHA256_WITH_RSA: u32 = 2;
/// `CrxFileHeader.signed_header_data`.
const FIELD_SIGNED_HEADER_DATA: u32 = 10_000;
/// `AsymmetricKeyProof.public_key`, `SignedData.crx_id`.
const FIELD_PUBLIC_KEY: u32 = 1;
/// `AsymmetricKeyProof.signature`.
const FIELD_SIGNATURE: u32 = 2;
/// `SignedData.crx_id`.
const FIELD_CRX_ID: u32 = 1;

/// Why a CRX could not be written or read.
#[derive(Debug, Error)]
pub enum CrxError {
    /// The public key could not be encoded as SubjectPublicKeyInfo DER.
    #[error("the public key cannot be encoded: {0}")]
    PublicKey(String),
    /// Signing failed (only for keys the RSA implementation cannot use).
    #[error("signing failed: {0}")]
    Sign(String),
    /// A part is larger than a CRX header can say (4 GiB).
    #[error("the package is too large for a CRX file")]
    TooLarge,
    /// Not a CRX3 file, or a damaged one.
    #[error("not a CRX3 file: {0}")]
    Malformed(&'static str),
}

/// The public key as Chrome stores it: SubjectPublicKeyInfo, DER.
pub fn public_key_der(key: &RsaPrivateKey) -> Result<Vec<u8>, CrxError> {
    key.to_public_key()
        .to_public_key_der()
        .map(|d| d.as_bytes().to_vec())
        .map_err(|e| CrxError::PublicKey(e.to_string()))
}

/// The 16 bytes that name an extension: the start of SHA-256 of its public key (DER).
pub fn crx_id(public_key_der: &[u8]) -> [u8; 16] {
    let digest = Sha256::digest(public_key_der);
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

/// The extension id Chrome shows and policies name: the 16 id bytes as 32 hex digits, written
/// with the letters a–p instead of 0–9a–f.
pub fn extension_id(public_key_der: &[u8]) -> String {
    crx_id(public_key_der)
        .iter()
        .flat_map(|b| [b >> 4, b & 0x0f])
        .map(|nibble| char::from(b'a' + nibble))
        .collect()
}

/// A signed CRX3 file holding `archive` (a zip).
pub fn build(archive: &[u8], key: &RsaPrivateKey) -> Result<Vec<u8>, CrxError> {
    let public = public_key_der(key)?;
    let mut signed_header_data = Vec::new();
    put_bytes(&mut signed_header_data, FIELD_CRX_ID, &crx_id(&public));

    let message = signed_message(&signed_header_data, archive)?;
    let signature = SigningKey::<Sha256>::new(key.clone())
        .try_sign(&message)
        .map_err(|e| CrxError::Sign(e.to_string()))?
        .to_vec();

    let mut proof = Vec::new();
    put_bytes(&mut proof, FIELD_PUBLIC_KEY, &public);
    put_bytes(&mut proof, FIELD_SIGNATURE, &signature);
    let mut header = Vec::new();
    put_bytes(&mut header, FIELD_SHA256_WITH_RSA, &proof);
    put_bytes(&mut header, FIELD_SIGNED_HEADER_DATA, &signed_header_data);

    let header_len = u32::try_from(header.len()).map_err(|_| CrxError::TooLarge)?;
    let mut out = Vec::with_capacity(12 + header.len() + archive.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(&header);
    out.extend_from_slice(archive);
    Ok(out)
}

/// The bytes the signature covers.
fn signed_message(signed_header_data: &[u8], archive: &[u8]) -> Result<Vec<u8>, CrxError> {
    let len = u32::try_from(signed_header_data.len()).map_err(|_| CrxError::TooLarge)?;
    let mut m =
        Vec::with_capacity(SIGNATURE_CONTEXT.len() + 4 + signed_header_data.len() + archive.len());
    m.extend_from_slice(SIGNATURE_CONTEXT);
    m.extend_from_slice(&len.to_le_bytes());
    m.extend_from_slice(signed_header_data);
    m.extend_from_slice(archive);
    Ok(m)
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// A length-delimited protobuf field (wire type 2).
fn put_bytes(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_varint(out, (u64::from(field) << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// Checks a CRX3 file as a browser does before installing it: a proof whose public key hashes
/// to the header's `crx_id` must hold a valid signature over the header data and the archive.
/// Returns the extension id.
pub fn verify(file: &[u8]) -> Result<String, CrxError> {
    let parsed = parse(file)?;
    let message = parsed.signed_message()?;
    let (public, signature) = parsed
        .rsa_proofs
        .iter()
        .find(|(public, _)| crx_id(public).as_slice() == parsed.crx_id)
        .ok_or(CrxError::Malformed(
            "no proof by the key that names the extension",
        ))?;
    let key = RsaPublicKey::from_public_key_der(public)
        .map_err(|_| CrxError::Malformed("the public key does not parse"))?;
    let signature = Signature::try_from(*signature)
        .map_err(|_| CrxError::Malformed("the signature does not parse"))?;
    VerifyingKey::<Sha256>::new(key)
        .verify(&message, &signature)
        .map_err(|_| CrxError::Malformed("the signature does not match"))?;
    Ok(extension_id(public))
}

/// A CRX3 file taken apart (what a browser reads before it installs).
#[derive(Debug)]
pub struct Parsed<'a> {
    /// Each `sha256_with_rsa` proof: (public key DER, signature).
    pub rsa_proofs: Vec<(&'a [u8], &'a [u8])>,
    /// `signed_header_data`.
    pub signed_header_data: &'a [u8],
    /// The `crx_id` inside `signed_header_data`.
    pub crx_id: &'a [u8],
    /// The zip archive.
    pub archive: &'a [u8],
}

impl Parsed<'_> {
    /// What the proofs' signatures must cover.
    pub fn signed_message(&self) -> Result<Vec<u8>, CrxError> {
        signed_message(self.signed_header_data, self.archive)
    }
}

/// Takes a CRX3 file apart (without checking signatures).
pub fn parse(file: &[u8]) -> Result<Parsed<'_>, CrxError> {
    let rest = file
        .strip_prefix(MAGIC.as_slice())
        .ok_or(CrxError::Malformed("no Cr24 magic"))?;
    let (version, rest) = take_u32(rest)?;
    if version != VERSION {
        return Err(CrxError::Malformed("not format version 3"));
    }
    let (header_len, rest) = take_u32(rest)?;
    let header_len = header_len as usize;
    if rest.len() < header_len {
        return Err(CrxError::Malformed("header longer than the file"));
    }
    let (header, archive) = rest.split_at(header_len);
    let mut rsa_proofs = Vec::new();
    let mut signed_header_data: &[u8] = &[];
    for (field, value) in fields(header)? {
        match field {
            FIELD_SHA256_WITH_RSA => {
                let (mut public, mut signature): (&[u8], &[u8]) = (&[], &[]);
                for (f, v) in fields(value)? {
                    match f {
                        FIELD_PUBLIC_KEY => public = v,
                        FIELD_SIGNATURE => signature = v,
                        _ => {}
                    }
                }
                rsa_proofs.push((public, signature));
            }
            FIELD_SIGNED_HEADER_DATA => signed_header_data = value,
            _ => {}
        }
    }
    let crx_id = fields(signed_header_data)?
        .into_iter()
        .find(|(f, _)| *f == FIELD_CRX_ID)
        .map(|(_, v)| v)
        .ok_or(CrxError::Malformed("no crx_id"))?;
    Ok(Parsed {
        rsa_proofs,
        signed_header_data,
        crx_id,
        archive,
    })
}

fn take_u32(b: &[u8]) -> Result<(u32, &[u8]), CrxError> {
    let (head, rest) = b
        .split_first_chunk::<4>()
        .ok_or(CrxError::Malformed("file too short"))?;
    Ok((u32::from_le_bytes(*head), rest))
}

fn take_varint(b: &[u8]) -> Result<(u64, &[u8]), CrxError> {
    let mut v = 0u64;
    for (i, byte) in b.iter().enumerate().take(10) {
        v |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return Ok((v, &b[i + 1..]));
        }
    }
    Err(CrxError::Malformed("bad varint"))
}

/// The length-delimited fields of a message (the only wire type CRX headers use).
fn fields(mut b: &[u8]) -> Result<Vec<(u32, &[u8])>, CrxError> {
    let mut out = Vec::new();
    while !b.is_empty() {
        let (tag, rest) = take_varint(b)?;
        if tag & 7 != 2 {
            return Err(CrxError::Malformed("unexpected wire type"));
        }
        let field = u32::try_from(tag >> 3).map_err(|_| CrxError::Malformed("bad field"))?;
        let (len, rest) = take_varint(rest)?;
        let len = usize::try_from(len).map_err(|_| CrxError::Malformed("bad length"))?;
        if rest.len() < len {
            return Err(CrxError::Malformed("field longer than its message"));
        }
        let (value, rest) = rest.split_at(len);
        out.push((field, value));
        b = rest;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A throwaway 2048-bit key for these tests only (it signs nothing real).
    const TEST_KEY: &str = include_str!("testdata/test-key.pem");

    fn key() -> RsaPrivateKey {
        use rsa::pkcs8::DecodePrivateKey;
        RsaPrivateKey::from_pkcs8_pem(TEST_KEY).expect("test key parses")
    }

    #[test]
    fn the_development_key_gives_the_documented_id() {
        // extension/manifest.json's `key` is the public key (SPKI DER, base64); the README and
        // the browser tests name the id it gives.
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../../../extension/manifest.json")).unwrap();
        let der = advocate_core::signature::base64_decode(manifest["key"].as_str().unwrap())
            .expect("the manifest's key is base64");
        assert_eq!(extension_id(&der), "kalnpaafhdbpkljnnehiapepacfojkhl");
    }

    #[test]
    fn field_10000_is_tagged_as_protobuf_says() {
        let mut out = Vec::new();
        put_bytes(&mut out, FIELD_SIGNED_HEADER_DATA, b"x");
        assert_eq!(out, [0x82, 0xf1, 0x04, 0x01, b'x']);
    }

    #[test]
    fn a_built_file_parses_back_and_its_signature_verifies() {
        let key = key();
        let archive = b"PK\x03\x04 not really a zip, but the format does not care".to_vec();
        let file = build(&archive, &key).unwrap();
        assert_eq!(&file[..4], b"Cr24");
        let parsed = parse(&file).unwrap();
        assert_eq!(parsed.archive, archive.as_slice());
        assert_eq!(parsed.rsa_proofs.len(), 1);
        let (public, signature) = parsed.rsa_proofs[0];
        assert_eq!(public, public_key_der(&key).unwrap().as_slice());
        assert_eq!(parsed.crx_id, crx_id(public).as_slice());

        let verifier =
            VerifyingKey::<Sha256>::new(RsaPublicKey::from_public_key_der(public).unwrap());
        let signature = Signature::try_from(signature).unwrap();
        let message = parsed.signed_message().unwrap();
        assert!(verifier.verify(&message, &signature).is_ok());

        assert_eq!(verify(&file).unwrap(), extension_id(public));

        // One byte of the archive changed: the signature no longer holds.
        let mut tampered = file.clone();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        let parsed = parse(&tampered).unwrap();
        assert!(verifier
            .verify(&parsed.signed_message().unwrap(), &signature)
            .is_err());
        assert!(verify(&tampered).is_err());
    }

    #[test]
    fn the_same_inputs_give_the_same_bytes() {
        // PKCS#1 v1.5 signatures are deterministic, so a package can be rebuilt and compared.
        let key = key();
        assert_eq!(build(b"zip", &key).unwrap(), build(b"zip", &key).unwrap());
    }

    #[test]
    fn damaged_files_are_refused_not_panicked_on() {
        let file = build(b"zip", &key()).unwrap();
        for cut in [0, 3, 8, 11, 12, 40, 300] {
            let _ = parse(&file[..cut.min(file.len())]);
        }
        assert!(parse(b"PK\x03\x04").is_err());
        let mut v2 = file.clone();
        v2[4] = 2;
        assert!(parse(&v2).is_err());
    }
}
