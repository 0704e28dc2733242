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
    assert_eq!(
        ok.stdout.trim(),
        format!("feed.json: the signature is valid (key {old_pub})")
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
