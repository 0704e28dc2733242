//! Feed signatures: `advocate keygen KEYFILE`, `advocate sign FEED --key KEYFILE [--url URL]`,
//! `advocate verify FEED --pubkey BASE64 [--url URL]`.
//!
//! `FEED.sig` is a small envelope (format 2, `docs/signed-feeds.md`): the time of signing, the
//! feed's address if bound, and an ed25519 signature over those lines and the exact bytes of
//! the feed. The time lets the extension refuse an older feed served again (#19). The key file
//! holds the 32-byte private seed in base64 (with comment lines saying what it is and its public
//! key), readable by its owner only.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use advocate_core::feed::ValidateOptions;
use advocate_core::fit::check_feed;
use advocate_core::signature::{base64_encode, check, verify_native, Envelope, Keys, Verdict};
// The key file, what is signed and the `.sig` file are the feed studio's (which signs with
// WebCrypto), so that a key works in both and both write the same signatures.
use advocate_core::studio::sign as studio_sign;
use advocate_core::time::utc_seconds;
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
    let text = studio_sign::key_file(&seed, key.verifying_key().as_bytes());
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
    if let Some(feed) = feed_above(&args.keyfile) {
        eprintln!(
            "warning: \"{}\" is in a folder that holds a feed (\"{}\"): keep the key outside \
             the folder you publish or serve, e.g. move it to your home folder",
            shown(&args.keyfile),
            feed.display()
        );
    }
    println!("{public}");
    Ok(Outcome::Ok)
}

/// A `feed.json` in the folder of `key` or in a folder above it: a folder that may be
/// published or served, with the key inside.
fn feed_above(key: &Path) -> Option<PathBuf> {
    let key = std::path::absolute(key).ok()?;
    key.ancestors()
        .skip(1)
        .map(|dir| dir.join("feed.json"))
        .find(|feed| feed.is_file())
}

/// Whether `key` lies inside the folder of `feed` (or below it).
fn key_beside_feed(key: &Path, feed: &Path) -> bool {
    let (Ok(key), Ok(feed)) = (std::path::absolute(key), std::path::absolute(feed)) else {
        return false;
    };
    feed.parent().is_some_and(|dir| key.starts_with(dir))
}

fn read_key(path: &Path) -> Result<SigningKey> {
    let text = std::fs::read_to_string(path).map_err(|e| read_error(path, &e))?;
    let seed = studio_sign::seed(&text).map_err(|e| anyhow!("\"{}\" {e}", shown(path)))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// `advocate sign FEED --key KEYFILE [--url URL]`: writes `FEED.sig`, signed now. An invalid
/// feed is not signed: the extension would refuse it anyway, signature or not.
pub fn sign(args: &SignArgs) -> Result<Outcome> {
    let bytes = read_input(&args.feed)?;
    if let Err(rejected) = check_feed(&bytes, &ValidateOptions::default()) {
        eprintln!(
            "advocate: \"{}\" is not a valid feed ({} error(s); the first: {}); nothing signed — run advocate validate",
            shown(&args.feed),
            rejected.error_count(),
            rejected.first_error()
        );
        return Ok(Outcome::Invalid);
    }
    let out = sig_path(&args.feed);
    let previous = std::fs::read_to_string(&out).ok();
    let time =
        studio_sign::signing_time(previous.as_deref(), chrono::Utc::now().timestamp_millis());
    let signed_at = time.at_ms;
    // Checks the address too, before the key is read.
    let to_sign =
        studio_sign::to_sign(&bytes, signed_at, args.url.as_deref()).map_err(|e| anyhow!("{e}"))?;
    let key = read_key(&args.key)?;
    if key_beside_feed(&args.key, &args.feed) {
        eprintln!(
            "warning: the key \"{}\" is in the feed's folder: keep it outside the folder you \
             publish or serve",
            shown(&args.key)
        );
    }
    if let Some(before) = time.after_previous {
        eprintln!(
            "warning: \"{}\" was signed at {}, later than this computer's clock says it is \
             now; signing as of just after that, so that browsers take the new feed",
            shown(&out),
            utc_seconds(before)
        );
    }
    let signature = key.sign(&to_sign.message).to_bytes();
    let text = studio_sign::sig_file(&to_sign.header, &signature).map_err(|e| anyhow!("{e}"))?;
    write_atomic(&out, text.as_bytes())?;
    let bound = match &args.url {
        Some(url) => format!(", for {url}"),
        None => String::new(),
    };
    eprintln!(
        "wrote \"{}\" (signed at {}{bound}); publish it next to the feed (public key {})",
        shown(&out),
        utc_seconds(signed_at),
        base64_encode(key.verifying_key().as_bytes())
    );
    Ok(Outcome::Ok)
}

/// `advocate verify FEED --pubkey BASE64... [--url URL]`: exit 0 when `FEED.sig` is a valid
/// signature of the feed by one of the keys (and for URL, if given and bound), 1 when it is
/// missing or does not match.
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
    let envelope = sig.as_deref().map(Envelope::parse);
    let verdict = check(&keys, sig.as_deref(), args.url.as_deref(), |e, k| {
        verify_native(&e.message(&bytes), &e.signature, k)
    });
    let feed = shown(&args.feed);
    match verdict {
        Verdict::Valid { key, signed_at } => {
            let key = args.pubkeys.get(key).map_or("", |k| k.trim());
            match signed_at {
                Some(at) => {
                    let bound = match envelope.and_then(|e| e.ok()).and_then(|e| e.url) {
                        Some(url) => format!(", for {url}"),
                        None => ", for any address".into(),
                    };
                    println!(
                        "{feed}: the signature is valid (key {key}), signed at {}{bound}",
                        utc_seconds(at)
                    );
                }
                None => {
                    println!("{feed}: the signature is valid (key {key}), without a signing time");
                    eprintln!(
                        "note: this is the old format: browsers accept it only until they have seen a \
                         feed signed with a time; sign again (advocate sign) so that they can refuse \
                         older feeds"
                    );
                }
            }
            Ok(Outcome::Ok)
        }
        other => {
            let reason = match other {
                Verdict::Missing => format!("there is no signature (\"{}\" is missing)", shown(&sig_file)),
                Verdict::Malformed => match envelope {
                    Some(Err(e)) => format!("\"{}\" is not a signature: {e}", shown(&sig_file)),
                    _ => format!("\"{}\" is not a signature", shown(&sig_file)),
                },
                Verdict::OtherUrl(bound) => format!(
                    "the signature is valid, but was made for another address ({bound})"
                ),
                _ => "the signature does not match: the feed was changed after signing, or signed with another key".into(),
            };
            println!("{feed}: {reason}");
            Ok(Outcome::Invalid)
        }
    }
}
