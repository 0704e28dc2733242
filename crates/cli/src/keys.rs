//! Feed signatures: `advocate keygen KEYFILE`, `advocate sign FEED --key KEYFILE`,
//! `advocate verify FEED --pubkey BASE64`.
//!
//! The signature is ed25519 over the exact bytes of the feed file, base64 in `FEED.sig` beside
//! it. The key file holds the 32-byte private seed in base64 (with comment lines saying what it
//! is and its public key), readable by its owner only.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use advocate_core::feed::{parse_feed, ValidateOptions};
use advocate_core::signature::{base64_decode, base64_encode, check, verify_native, Keys, Verdict};
use anyhow::{anyhow, Result};
use ed25519_dalek::{Signer, SigningKey};

use crate::cli::{KeygenArgs, SignArgs, VerifyArgs};
use crate::fsutil::{plain, read_error, read_input, shown, write_atomic, write_error};
use crate::Outcome;

/// Where the signature of `feed` goes.
pub fn sig_path(feed: &Path) -> PathBuf {
    let mut name = feed.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// `advocate keygen KEYFILE [--force]`: writes a new private key (mode 0600) and prints the
/// public key, base64, as the only line on standard output.
pub fn keygen(args: &KeygenArgs) -> Result<Outcome> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| anyhow!("cannot get random bytes from the system: {e}"))?;
    let key = SigningKey::from_bytes(&seed);
    let public = base64_encode(key.verifying_key().as_bytes());
    let text = format!(
        "# Advocate feed signing key (ed25519). Keep it secret: whoever has it can sign feeds.\n\
         # Public key (for the extension's policy or options): {public}\n{}\n",
        base64_encode(&seed)
    );
    let mut options = OpenOptions::new();
    options.write(true);
    if args.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&args.keyfile).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow!(
                "\"{}\" already exists; use --force to replace it (the old key stops working)",
                shown(&args.keyfile)
            )
        } else {
            write_error(&args.keyfile, &e)
        }
    })?;
    #[cfg(unix)]
    {
        // --force on an existing file keeps its old mode; make sure it is private.
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&args.keyfile, std::fs::Permissions::from_mode(0o600));
    }
    file.write_all(text.as_bytes())
        .map_err(|e| write_error(&args.keyfile, &e))?;
    eprintln!(
        "wrote the private key to \"{}\" (readable only by you); the public key follows",
        shown(&args.keyfile)
    );
    println!("{public}");
    Ok(Outcome::Ok)
}

fn read_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).map_err(|e| read_error(path, &e))?;
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| anyhow!("\"{}\" contains no key", shown(path)))?;
    let seed: [u8; 32] = base64_decode(line)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| {
            anyhow!(
                "\"{}\" is not an Advocate key file (made by advocate keygen)",
                shown(path)
            )
        })?;
    Ok(SigningKey::from_bytes(&seed))
}

/// `advocate sign FEED --key KEYFILE`: writes `FEED.sig`. An invalid feed is not signed: the
/// extension would refuse it anyway, signature or not.
pub fn sign(args: &SignArgs) -> Result<Outcome> {
    let bytes = read_input(&args.feed)?;
    if let Err(rejected) = parse_feed(&bytes, &ValidateOptions::default()) {
        eprintln!(
            "advocate: \"{}\" is not a valid feed ({} error(s); the first: {}); nothing signed — run advocate validate",
            shown(&args.feed),
            rejected.error_count(),
            rejected.first_error()
        );
        return Ok(Outcome::Invalid);
    }
    let key = read_key(&args.key)?;
    let signature = base64_encode(&key.sign(&bytes).to_bytes());
    let out = sig_path(&args.feed);
    write_atomic(&out, format!("{signature}\n").as_bytes())?;
    eprintln!(
        "wrote \"{}\"; publish it next to the feed (public key {})",
        shown(&out),
        base64_encode(key.verifying_key().as_bytes())
    );
    Ok(Outcome::Ok)
}

/// `advocate verify FEED --pubkey BASE64...`: exit 0 when `FEED.sig` is a valid signature of
/// the feed by one of the keys, 1 when it is missing or does not match.
pub fn verify(args: &VerifyArgs) -> Result<Outcome> {
    let bytes = read_input(&args.feed)?;
    let keys = Keys::parse(&args.pubkeys);
    if let Some((key, e)) = keys.invalid.first() {
        return Err(anyhow!("the public key \"{key}\" {e}; it should be 44 characters of base64, as advocate keygen prints"));
    }
    let sig_file = sig_path(&args.feed);
    let sig = match std::fs::read_to_string(&sig_file) {
        Ok(s) => Some(s),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(anyhow!(
                "cannot read \"{}\": {}",
                shown(&sig_file),
                plain(&e)
            ))
        }
    };
    let verdict = check(&keys, sig.as_deref(), |s, k| verify_native(&bytes, s, k));
    let feed = shown(&args.feed);
    match verdict {
        Verdict::Valid(i) => {
            println!(
                "{feed}: the signature is valid (key {})",
                args.pubkeys[i].trim()
            );
            Ok(Outcome::Ok)
        }
        other => {
            let reason = match other {
                Verdict::Missing => format!("there is no signature (\"{}\" is missing)", shown(&sig_file)),
                Verdict::Malformed => format!("\"{}\" is not a signature", shown(&sig_file)),
                _ => "the signature does not match: the feed was changed after signing, or signed with another key".into(),
            };
            println!("{feed}: {reason}");
            Ok(Outcome::Invalid)
        }
    }
}
