//! `advocate keygen`, `sign` and `verify`: the whole signing workflow, including a key rotation.

mod common;

use std::fs;

use common::{feeds, run_in, scratch};

#[test]
fn keygen_sign_verify_and_rotate() {
    let dir = scratch("keys-flow");
    fs::copy(feeds().join("e2e.json"), dir.join("feed.json")).unwrap();

    let gen = run_in(&dir, &["keygen", "old.key"], b"");
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    let old_pub = gen.stdout.trim().to_string();
    assert_eq!(
        old_pub.len(),
        44,
        "one base64 public key on stdout: {:?}",
        gen.stdout
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(dir.join("old.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Never overwritten by accident.
    let again = run_in(&dir, &["keygen", "old.key"], b"");
    assert_eq!(again.code, 2);
    assert!(
        again.stderr.contains("already exists; use --force"),
        "{}",
        again.stderr
    );

    let sign = run_in(&dir, &["sign", "feed.json", "--key", "old.key"], b"");
    assert_eq!(sign.code, 0, "{}", sign.stderr);
    assert!(dir.join("feed.json.sig").exists());

    let ok = run_in(&dir, &["verify", "feed.json", "--pubkey", &old_pub], b"");
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    let valid = format!("feed.json: the signature is valid (key {old_pub}), signed at ");
    assert!(ok.stdout.starts_with(&valid), "{}", ok.stdout);
    assert!(
        ok.stdout.trim().ends_with(" UTC, for any address"),
        "{}",
        ok.stdout
    );

    // Rotation: a new key; the extension's policy lists both until every feed is re-signed.
    let new_pub = run_in(&dir, &["keygen", "new.key"], b"")
        .stdout
        .trim()
        .to_string();
    let wrong = run_in(&dir, &["verify", "feed.json", "--pubkey", &new_pub], b"");
    assert_eq!(wrong.code, 1);
    assert!(wrong.stdout.contains("does not match"), "{}", wrong.stdout);
    assert_eq!(
        run_in(&dir, &["sign", "feed.json", "--key", "new.key"], b"").code,
        0
    );
    let both = run_in(
        &dir,
        &[
            "verify",
            "feed.json",
            "--pubkey",
            &old_pub,
            "--pubkey",
            &new_pub,
        ],
        b"",
    );
    assert_eq!(both.code, 0);
    assert!(both.stdout.contains(&new_pub));

    // A change after signing is caught.
    let mut text = fs::read_to_string(dir.join("feed.json")).unwrap();
    text = text.replacen("Our Q4 report", "Our Q4 report!", 1);
    fs::write(dir.join("feed.json"), text).unwrap();
    let tampered = run_in(&dir, &["verify", "feed.json", "--pubkey", &new_pub], b"");
    assert_eq!(tampered.code, 1);
    assert_eq!(
        tampered.stdout.trim(),
        "feed.json: the signature does not match: the feed was changed after signing, or signed with another key"
    );

    // No signature at all.
    fs::remove_file(dir.join("feed.json.sig")).unwrap();
    let missing = run_in(&dir, &["verify", "feed.json", "--pubkey", &new_pub], b"");
    assert_eq!(missing.code, 1);
    assert_eq!(
        missing.stdout.trim(),
        "feed.json: there is no signature (\"feed.json.sig\" is missing)"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn invalid_feeds_are_not_signed_and_bad_keys_are_explained() {
    let dir = scratch("keys-bad");
    fs::write(dir.join("feed.json"), "{\"version\": 1}").unwrap();
    assert_eq!(run_in(&dir, &["keygen", "k.key"], b"").code, 0);
    let sign = run_in(&dir, &["sign", "feed.json", "--key", "k.key"], b"");
    assert_eq!(sign.code, 1);
    assert!(
        sign.stderr.contains("is not a valid feed"),
        "{}",
        sign.stderr
    );
    assert!(!dir.join("feed.json.sig").exists());

    let bad = run_in(&dir, &["verify", "feed.json", "--pubkey", "abc"], b"");
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.starts_with("advocate: the public key \"abc\""),
        "{}",
        bad.stderr
    );

    let nokey = run_in(&dir, &["sign", "feed.json", "--key", "missing.key"], b"");
    assert_eq!(
        nokey.code, 1,
        "the invalid feed is reported before the key is read"
    );
    let _ = fs::remove_dir_all(&dir);
}

/// The `signed-at:` line of a signature file, as written.
fn signed_at(sig: &std::path::Path) -> String {
    fs::read_to_string(sig)
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("signed-at: ").map(str::to_string))
        .expect("a signing time")
}

#[test]
fn signatures_carry_their_time_and_optionally_the_address() {
    let dir = scratch("keys-envelope");
    let keydir = scratch("keys-envelope-keys");
    fs::copy(feeds().join("e2e.json"), dir.join("feed.json")).unwrap();
    let key = keydir.join("advocate.key");
    let key = key.to_str().unwrap();
    let public = run_in(&dir, &["keygen", key], b"")
        .stdout
        .trim()
        .to_string();

    let before = chrono::Utc::now();
    let sign = run_in(&dir, &["sign", "feed.json", "--key", key], b"");
    assert_eq!(sign.code, 0, "{}", sign.stderr);
    assert!(!sign.stderr.contains("warning"), "{}", sign.stderr);
    let text = fs::read_to_string(dir.join("feed.json.sig")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "advocate-signature v2");
    assert!(lines[2].starts_with("signature: "), "{text}");
    let first = signed_at(&dir.join("feed.json.sig"));
    let at = chrono::DateTime::parse_from_rfc3339(&first).unwrap();
    assert!(at >= before - chrono::Duration::milliseconds(1), "{first}");
    assert!(first.ends_with('Z') && first.len() == 24, "{first}");

    // Signed again: always later, even within the same millisecond.
    assert_eq!(
        run_in(&dir, &["sign", "feed.json", "--key", key], b"").code,
        0
    );
    let second = signed_at(&dir.join("feed.json.sig"));
    assert!(second > first, "{first} then {second}");
    // A previous signature from the future (a clock that was ahead) is still surpassed.
    let future = fs::read_to_string(dir.join("feed.json.sig"))
        .unwrap()
        .replace(&second, "2999-01-01T00:00:00.000Z");
    fs::write(dir.join("feed.json.sig"), future).unwrap();
    let ahead = run_in(&dir, &["sign", "feed.json", "--key", key], b"");
    assert!(
        ahead.stderr.contains("later than this computer's clock"),
        "{}",
        ahead.stderr
    );
    assert_eq!(
        signed_at(&dir.join("feed.json.sig")),
        "2999-01-01T00:00:00.001Z"
    );

    // Bound to an address: valid there, refused for another.
    let url = "https://www.beispiel.de/advocate/feed.json";
    let bound = run_in(
        &dir,
        &["sign", "feed.json", "--key", key, "--url", url],
        b"",
    );
    assert_eq!(bound.code, 0, "{}", bound.stderr);
    assert!(
        bound.stderr.contains(&format!(", for {url})")),
        "{}",
        bound.stderr
    );
    let here = run_in(
        &dir,
        &["verify", "feed.json", "--pubkey", &public, "--url", url],
        b"",
    );
    assert_eq!(here.code, 0, "{}", here.stdout);
    assert!(
        here.stdout.trim().ends_with(&format!(", for {url}")),
        "{}",
        here.stdout
    );
    let elsewhere = run_in(
        &dir,
        &[
            "verify",
            "feed.json",
            "--pubkey",
            &public,
            "--url",
            "https://www.beispiel.de/other.json",
        ],
        b"",
    );
    assert_eq!(elsewhere.code, 1);
    assert_eq!(
        elsewhere.stdout.trim(),
        format!("feed.json: the signature is valid, but was made for another address ({url})")
    );
    let bad_url = run_in(
        &dir,
        &[
            "sign",
            "feed.json",
            "--key",
            key,
            "--url",
            "http://b.de/f.json",
        ],
        b"",
    );
    assert_eq!(bad_url.code, 2);
    assert!(
        bad_url.stderr.contains("must start with https://"),
        "{}",
        bad_url.stderr
    );

    // Changing the time breaks the signature.
    let text = fs::read_to_string(dir.join("feed.json.sig")).unwrap();
    let time = signed_at(&dir.join("feed.json.sig"));
    fs::write(
        dir.join("feed.json.sig"),
        text.replace(&time, "3000-01-01T00:00:00.000Z"),
    )
    .unwrap();
    let moved = run_in(&dir, &["verify", "feed.json", "--pubkey", &public], b"");
    assert_eq!(moved.code, 1);
    assert!(moved.stdout.contains("does not match"), "{}", moved.stdout);

    // A broken envelope is explained.
    fs::write(
        dir.join("feed.json.sig"),
        "advocate-signature v2\nsigned-at: soon\nsignature: x\n",
    )
    .unwrap();
    let broken = run_in(&dir, &["verify", "feed.json", "--pubkey", &public], b"");
    assert_eq!(broken.code, 1);
    assert!(
        broken
            .stdout
            .contains("is not a signature: the signing time \"soon\""),
        "{}",
        broken.stdout
    );
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_dir_all(&keydir);
}

#[test]
fn an_old_format_signature_still_verifies_with_a_note() {
    use ed25519_dalek::{Signer, SigningKey};
    let dir = scratch("keys-v1");
    fs::copy(feeds().join("e2e.json"), dir.join("feed.json")).unwrap();
    let key = SigningKey::from_bytes(&[4u8; 32]);
    let feed = fs::read(dir.join("feed.json")).unwrap();
    let b64 = |b: &[u8]| advocate_core::signature::base64_encode(b);
    fs::write(
        dir.join("feed.json.sig"),
        format!("{}\n", b64(&key.sign(&feed).to_bytes())),
    )
    .unwrap();
    let public = b64(key.verifying_key().as_bytes());
    let v1 = run_in(&dir, &["verify", "feed.json", "--pubkey", &public], b"");
    assert_eq!(v1.code, 0, "{}", v1.stdout);
    assert!(
        v1.stdout.contains("without a signing time"),
        "{}",
        v1.stdout
    );
    assert!(v1.stderr.contains("sign again"), "{}", v1.stderr);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn keys_near_a_feed_are_warned_about() {
    let dir = scratch("keys-near");
    fs::copy(feeds().join("e2e.json"), dir.join("feed.json")).unwrap();
    fs::create_dir_all(dir.join("secrets")).unwrap();
    for key in ["advocate.key", "secrets/advocate.key"] {
        let gen = run_in(&dir, &["keygen", key], b"");
        assert_eq!(gen.code, 0, "{}", gen.stderr);
        assert!(
            gen.stderr.contains("is in a folder that holds a feed")
                && gen
                    .stderr
                    .contains("keep the key outside the folder you publish or serve"),
            "{key}: {}",
            gen.stderr
        );
        assert_eq!(
            gen.stdout.trim().len(),
            44,
            "the public key alone on stdout"
        );
    }
    let sign = run_in(&dir, &["sign", "feed.json", "--key", "advocate.key"], b"");
    assert_eq!(sign.code, 0);
    assert!(
        sign.stderr.contains("is in the feed's folder"),
        "{}",
        sign.stderr
    );
    // Elsewhere: no warning.
    let other = scratch("keys-far");
    let gen = run_in(&other, &["keygen", "k.key"], b"");
    assert!(!gen.stderr.contains("warning"), "{}", gen.stderr);
    let _ = fs::remove_dir_all(&dir);
    let _ = fs::remove_dir_all(&other);
}

#[test]
fn a_signature_made_the_studios_way_verifies_with_advocate_verify() {
    // The studio signs with WebCrypto from the key file `advocate keygen` writes: its PKCS#8
    // bytes, the message `to_sign` prepares, the `.sig` text `sig_file` assembles. Here
    // ed25519-dalek stands in for WebCrypto.
    use advocate_core::signature::{verify_native, Envelope};
    use advocate_core::studio::sign::{private_key_pkcs8, public_key_text, sig_file, to_sign};
    use ed25519_dalek::{Signer, SigningKey};

    let dir = scratch("keys-studio");
    fs::copy(feeds().join("e2e.json"), dir.join("feed.json")).unwrap();
    let gen = run_in(&dir, &["keygen", "studio.key"], b"");
    assert_eq!(gen.code, 0, "{}", gen.stderr);
    let public = gen.stdout.trim().to_string();
    let pkcs8 = private_key_pkcs8(&fs::read_to_string(dir.join("studio.key")).unwrap()).unwrap();
    assert_eq!(pkcs8.len(), 48);
    let signer = SigningKey::from_bytes(&pkcs8[16..].try_into().unwrap());
    // What WebCrypto's JWK export of that key says, in the policy's form.
    let x: String = advocate_core::signature::base64_encode(signer.verifying_key().as_bytes())
        .trim_end_matches('=')
        .replace('+', "-")
        .replace('/', "_");
    assert_eq!(public_key_text(&x).unwrap(), public);

    let feed = fs::read(dir.join("feed.json")).unwrap();
    let url = "https://www.example.com/advocate/feed.json";
    let signed_at = chrono::Utc::now().timestamp_millis();
    let prepared = to_sign(&feed, signed_at, Some(url)).unwrap();
    let signature = signer.sign(&prepared.message).to_bytes();
    let text = sig_file(&prepared.header, &signature).unwrap();
    let envelope = Envelope::parse(&text).unwrap();
    assert_eq!(envelope.signed_at, Some(signed_at));
    let key: [u8; 32] = signer.verifying_key().to_bytes();
    assert!(verify_native(
        &envelope.message(&feed),
        &envelope.signature,
        &key
    ));
    fs::write(dir.join("feed.json.sig"), &text).unwrap();

    let ok = run_in(
        &dir,
        &["verify", "feed.json", "--pubkey", &public, "--url", url],
        b"",
    );
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(
        ok.stdout.ends_with(&format!(" UTC, for {url}\n")),
        "{}",
        ok.stdout
    );
    // And `advocate sign` writes what the studio would: the same lines, its own time.
    let sign = run_in(
        &dir,
        &["sign", "feed.json", "--key", "studio.key", "--url", url],
        b"",
    );
    assert_eq!(sign.code, 0, "{}", sign.stderr);
    let cli = fs::read_to_string(dir.join("feed.json.sig")).unwrap();
    let cli_envelope = Envelope::parse(&cli).unwrap();
    let cli_at = cli_envelope.signed_at.unwrap();
    assert!(cli_at > signed_at, "later than the signature it replaced");
    let again = to_sign(&feed, cli_at, Some(url)).unwrap();
    assert_eq!(
        cli,
        sig_file(&again.header, &signer.sign(&again.message).to_bytes()).unwrap()
    );
    let _ = fs::remove_dir_all(&dir);
}
