//! `advocate package EXTENSION --key PEM --update-url URL`: the extension as a company hosts it
//! itself, outside the stores (README, "Self-hosted rollout").
//!
//! Writes into `--out`:
//! - `advocate-VERSION.crx`: the extension signed with the company's RSA key (CRX3). The key's
//!   public half fixes the extension id, so the same key must sign every later version.
//! - `updates.xml`: the update manifest that Chrome and Edge poll (`gupdate`, protocol 2.0).
//! - `policy-linux.json`, `policy-windows.reg`: the `ExtensionInstallForcelist` entry with this
//!   key's id, and the feed address when `--feed-url` is given.
//!
//! The CRX's manifest drops the development `key` (the CRX carries its own) and gains
//! `update_url`: a force-install policy's URL is used for the first install only, later updates
//! follow the manifest's `update_url`.
//!
//! Done here in Rust rather than with `chromium --pack-extension`, so that packaging needs no
//! browser on the build machine, gives the same bytes for the same inputs, and computes the id
//! it prints from the same key that signs.

mod crx;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Map, Value};

use crate::cli::PackageArgs;
use crate::fsutil::{plain, read_error, shown, write_atomic, write_error};
use crate::Outcome;

/// Chrome refuses shorter RSA keys for CRX3 signatures.
const MIN_KEY_BITS: usize = 2048;
/// The update manifest's file name, next to the CRX.
const UPDATE_MANIFEST: &str = "updates.xml";

/// `advocate package`.
pub fn run(args: &PackageArgs) -> Result<Outcome> {
    let base = folder_url(&args.update_url)?;
    if let Some(feed) = &args.feed_url {
        if !(feed.starts_with("https://") || feed.starts_with("http://")) {
            bail!("--feed-url must be an https:// address, e.g. https://www.example.com/advocate/feed.json");
        }
    }
    let update_xml_url = format!("{base}{UPDATE_MANIFEST}");

    let manifest_path = args.extension.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            anyhow!(
                "\"{}\" has no manifest.json: give the unpacked Chrome extension (dist/chrome after ./build.sh)",
                shown(&args.extension)
            )
        } else {
            read_error(&manifest_path, &e)
        }
    })?;
    let mut manifest: Map<String, Value> = serde_json::from_str(&text)
        .with_context(|| format!("\"{}\" is not a JSON object", shown(&manifest_path)))?;
    let version = manifest
        .get("version")
        .and_then(Value::as_str)
        .filter(|v| is_chrome_version(v))
        .ok_or_else(|| {
            anyhow!(
                "\"{}\" has no valid \"version\" (1 to 4 numbers separated by dots)",
                shown(&manifest_path)
            )
        })?
        .to_string();
    manifest.remove("key");
    manifest.insert("update_url".into(), Value::String(update_xml_url.clone()));
    let mut manifest_bytes = serde_json::to_vec_pretty(&Value::Object(manifest))?;
    manifest_bytes.push(b'\n');

    let key = read_key(&args.key)?;
    let archive = zip_folder(&args.extension, &manifest_bytes)?;
    let crx_bytes = crx::build(&archive, &key)?;
    // Read back as a browser would: the id printed is the one the file proves.
    let id = crx::verify(&crx_bytes).context("the package just written does not verify")?;

    let crx_name = format!("advocate-{version}.crx");
    std::fs::create_dir_all(&args.out).map_err(|e| write_error(&args.out, &e))?;
    let files: [(String, Vec<u8>, &str); 4] = [
        (crx_name.clone(), crx_bytes, "the signed extension (CRX3)"),
        (
            UPDATE_MANIFEST.into(),
            update_manifest(&id, &format!("{base}{crx_name}"), &version).into_bytes(),
            "the update manifest that browsers poll",
        ),
        (
            "policy-linux.json".into(),
            linux_policy(&id, &update_xml_url, args.feed_url.as_deref()).into_bytes(),
            "Chrome, Chromium, Edge on Linux: copy into the managed policy folder",
        ),
        (
            "policy-windows.reg".into(),
            windows_policy(&id, &update_xml_url, args.feed_url.as_deref()).into_bytes(),
            "Chrome and Edge on Windows (or the same values by Group Policy)",
        ),
    ];
    for (name, bytes, _) in &files {
        write_atomic(&args.out.join(name), bytes)?;
    }
    // All written; what follows only reports (a closed pipe must not undo the work).
    let mut report =
        format!("Advocate {version}, packaged for self-hosting\n  extension id  {id}\n");
    for (name, _, what) in &files {
        let path = args.out.join(name);
        report.push_str(&format!("  wrote {}: {what}\n", path.display()));
    }
    report.push_str(&format!(
        "Serve {crx_name} and {UPDATE_MANIFEST} at {base}, then set the policy:\n  \
         ExtensionInstallForcelist = {id};{update_xml_url}\n\
         Sign every later version with the same key: a new key is a new extension id.\n"
    ));
    let _ = std::io::stdout().lock().write_all(report.as_bytes());
    Ok(Outcome::Ok)
}

/// The folder the files will be served from, ending in `/`.
fn folder_url(url: &str) -> Result<String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| {
            anyhow!(
                "--update-url must start with https:// (e.g. https://intranet.example/advocate/)"
            )
        })?;
    if rest.is_empty()
        || rest.starts_with('/')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        bail!("--update-url is not a web address: \"{url}\"");
    }
    if url.contains('?') || url.contains('#') {
        bail!("--update-url names a folder and takes no ?query or #fragment: \"{url}\"");
    }
    if url.ends_with(".xml") || url.ends_with(".crx") {
        bail!("--update-url names the folder that will hold both files, not a file: \"{url}\"");
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// What Chrome accepts as an extension version: 1 to 4 integers of at most 65535, dot-separated.
fn is_chrome_version(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    (1..=4).contains(&parts.len())
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u32>().is_ok_and(|n| n <= 65_535)
        })
}

/// The RSA private key from a PEM file: PKCS#8 (`BEGIN PRIVATE KEY`, what `openssl genpkey`
/// and Chrome's own packer write) or PKCS#1 (`BEGIN RSA PRIVATE KEY`, older `openssl genrsa`).
fn read_key(path: &Path) -> Result<RsaPrivateKey> {
    let text = std::fs::read_to_string(path).map_err(|e| read_error(path, &e))?;
    let pem = text
        .find("-----BEGIN")
        .map(|start| &text[start..])
        .ok_or_else(|| anyhow!("\"{}\" is not a PEM private key", shown(path)))?;
    let key = if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs8_pem(pem).map_err(|_| {
            anyhow!(
                "\"{}\" holds a private key, but not an RSA key",
                shown(path)
            )
        })?
    } else if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs1_pem(pem)
            .map_err(|_| anyhow!("\"{}\" is a damaged RSA private key", shown(path)))?
    } else if pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        bail!(
            "\"{}\" is encrypted; write a decrypted copy for packaging with \
             `openssl pkey -in {} -out plain.pem` and keep that copy as safe as the original",
            shown(path),
            shown(path)
        );
    } else {
        bail!(
            "\"{}\" is not an RSA private key (make one with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out company.pem`)",
            shown(path)
        );
    };
    let bits = key.size() * 8;
    if bits < MIN_KEY_BITS {
        bail!(
            "\"{}\" is a {bits}-bit key; browsers need at least {MIN_KEY_BITS} bits",
            shown(path)
        );
    }
    Ok(key)
}

/// The folder as a zip, with `manifest` as its manifest.json: files in name order, one fixed
/// timestamp, so that the same folder gives the same bytes (and the same signature).
fn zip_folder(dir: &Path, manifest: &[u8]) -> Result<Vec<u8>> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files)?;
    files.sort();
    let time = zip::DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0)
        .map_err(|_| anyhow!("the fixed zip timestamp is invalid"))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .last_modified_time(time)
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, path) in files {
        let bytes = if name == "manifest.json" {
            manifest.to_vec()
        } else {
            std::fs::read(&path).map_err(|e| read_error(&path, &e))?
        };
        zip.start_file(name.as_str(), options)
            .and_then(|()| zip.write_all(&bytes).map_err(Into::into))
            .with_context(|| format!("cannot add \"{name}\" to the package"))?;
    }
    let cursor = zip.finish().context("cannot finish the package's zip")?;
    Ok(cursor.into_inner())
}

/// Every file under `dir`, as (name inside the zip with `/` separators, path on disk).
fn collect_files(root: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        anyhow!(
            "cannot read the folder \"{}\": {}",
            dir.display(),
            plain(&e)
        )
    })?;
    for entry in entries {
        let entry = entry.map_err(|e| {
            anyhow!(
                "cannot read the folder \"{}\": {}",
                dir.display(),
                plain(&e)
            )
        })?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| read_error(&path, &e))?;
        if kind.is_dir() {
            collect_files(root, &path, out)?;
        } else if kind.is_file() {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let parts: Option<Vec<&str>> = rel.iter().map(|p| p.to_str()).collect();
            let name = parts
                .ok_or_else(|| anyhow!("\"{}\" has a name that is not UTF-8", path.display()))?
                .join("/");
            out.push((name, path));
        }
    }
    Ok(())
}

/// Text for an XML attribute value in single quotes.
fn xml_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;")
}

/// The update manifest (`gupdate`, protocol 2.0): which version is current and where its CRX is.
pub fn update_manifest(id: &str, crx_url: &str, version: &str) -> String {
    format!(
        "<?xml version='1.0' encoding='UTF-8'?>\n\
         <gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n  \
         <app appid='{}'>\n    \
         <updatecheck codebase='{}' version='{}' />\n  \
         </app>\n\
         </gupdate>\n",
        xml_attr(id),
        xml_attr(crx_url),
        xml_attr(version)
    )
}

/// The managed policy file for Linux (Chrome `/etc/opt/chrome/policies/managed/`, Chromium
/// `/etc/chromium/policies/managed/`, Edge `/etc/opt/edge/policies/managed/`).
pub fn linux_policy(id: &str, update_xml_url: &str, feed_url: Option<&str>) -> String {
    let mut policy = json!({ "ExtensionInstallForcelist": [format!("{id};{update_xml_url}")] });
    if let Some(feed) = feed_url {
        policy["3rdparty"] = json!({ "extensions": { id: { "feedUrl": feed } } });
    }
    // A `Value` with string keys always serialises.
    let mut text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    text.push('\n');
    text
}

/// A string value in a .reg file.
fn reg_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The same policy as a .reg file for Chrome and Edge on Windows (CRLF, as regedit writes).
pub fn windows_policy(id: &str, update_xml_url: &str, feed_url: Option<&str>) -> String {
    let entry = reg_string(&format!("{id};{update_xml_url}"));
    let mut lines = vec![
        "Windows Registry Editor Version 5.00".to_string(),
        String::new(),
        "; Value \"1\": use a number that no other force-installed extension uses.".to_string(),
    ];
    for browser in [r"Google\Chrome", r"Microsoft\Edge"] {
        lines.push(format!(
            r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{browser}\ExtensionInstallForcelist]"
        ));
        lines.push(format!("\"1\"={entry}"));
        lines.push(String::new());
    }
    if let Some(feed) = feed_url {
        for browser in [r"Google\Chrome", r"Microsoft\Edge"] {
            lines.push(format!(
                r"[HKEY_LOCAL_MACHINE\SOFTWARE\Policies\{browser}\3rdparty\extensions\{id}\policy]"
            ));
            lines.push(format!("\"feedUrl\"={}", reg_string(feed)));
            lines.push(String::new());
        }
    }
    lines.join("\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "abcdefghijklmnopabcdefghijklmnop";

    #[test]
    fn the_update_url_is_a_folder() {
        assert_eq!(
            folder_url("https://intranet.example/advocate").unwrap(),
            "https://intranet.example/advocate/"
        );
        assert_eq!(
            folder_url(" http://127.0.0.1:8080/x/ ").unwrap(),
            "http://127.0.0.1:8080/x/"
        );
        for bad in [
            "intranet.example/advocate/",
            "ftp://intranet.example/",
            "https://",
            "https://intranet.example/advocate/updates.xml",
            "https://intranet.example/a b/",
            "https://intranet.example/?v=1",
        ] {
            assert!(folder_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn chrome_versions() {
        for ok in ["0.1.0", "1", "1.2.3.4", "65535.0"] {
            assert!(is_chrome_version(ok), "{ok}");
        }
        for bad in ["", "1.", "01.2", "1.2.3.4.5", "65536", "1.0-beta", "v1"] {
            assert!(!is_chrome_version(bad), "{bad}");
        }
    }

    #[test]
    fn update_manifest_names_the_crx_and_its_version() {
        let xml = update_manifest(ID, "https://i.example/a/advocate-1.2.0.crx", "1.2.0");
        assert!(xml.contains(&format!("<app appid='{ID}'>")));
        assert!(xml.contains(
            "<updatecheck codebase='https://i.example/a/advocate-1.2.0.crx' version='1.2.0' />"
        ));
        assert!(update_manifest(ID, "https://i.example/?a=1&b='2'", "1")
            .contains("a=1&amp;b=&apos;2&apos;"));
    }

    #[test]
    fn linux_policy_force_installs_and_sets_the_feed() {
        let p: Value = serde_json::from_str(&linux_policy(
            ID,
            "https://i.example/a/updates.xml",
            Some("https://f.example/feed.json"),
        ))
        .unwrap();
        assert_eq!(
            p["ExtensionInstallForcelist"],
            json!([format!("{ID};https://i.example/a/updates.xml")])
        );
        assert_eq!(
            p["3rdparty"]["extensions"][ID]["feedUrl"],
            "https://f.example/feed.json"
        );
        let p: Value =
            serde_json::from_str(&linux_policy(ID, "https://i.example/a/updates.xml", None))
                .unwrap();
        assert!(p.get("3rdparty").is_none());
    }

    #[test]
    fn windows_policy_covers_chrome_and_edge() {
        let reg = windows_policy(
            ID,
            "https://i.example/a/updates.xml",
            Some("https://f.example/feed.json"),
        );
        assert!(reg.starts_with("Windows Registry Editor Version 5.00\r\n"));
        for browser in [r"Google\Chrome", r"Microsoft\Edge"] {
            assert!(reg.contains(&format!(
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\{browser}\\ExtensionInstallForcelist]\r\n\"1\"=\"{ID};https://i.example/a/updates.xml\""
            )));
            assert!(reg.contains(&format!(
                "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\{browser}\\3rdparty\\extensions\\{ID}\\policy]\r\n\"feedUrl\"=\"https://f.example/feed.json\""
            )));
        }
        assert!(!reg.contains("\n\n"), "CRLF only");
    }

    #[test]
    fn keys_are_read_from_either_pem_kind_and_short_ones_refused() {
        let dir =
            std::env::temp_dir().join(format!("advocate-package-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let pkcs8 = dir.join("k8.pem");
        std::fs::write(&pkcs8, include_str!("package/testdata/test-key.pem")).unwrap();
        let key = read_key(&pkcs8).unwrap();
        let pkcs1 = dir.join("k1.pem");
        let pem = rsa::pkcs1::EncodeRsaPrivateKey::to_pkcs1_pem(&key, Default::default()).unwrap();
        std::fs::write(&pkcs1, pem.as_bytes()).unwrap();
        assert_eq!(read_key(&pkcs1).unwrap(), key);
        let not_a_key = dir.join("x.pem");
        std::fs::write(&not_a_key, "hello").unwrap();
        assert!(read_key(&not_a_key).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_package_zip_holds_the_given_manifest_and_is_reproducible() {
        let dir = std::env::temp_dir().join(format!("advocate-package-zip-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("js")).unwrap();
        std::fs::write(dir.join("manifest.json"), "{\"key\":\"dev\"}").unwrap();
        std::fs::write(dir.join("js/a.js"), "a()").unwrap();
        let zip_bytes = zip_folder(&dir, b"{\"update_url\":\"u\"}").unwrap();
        assert_eq!(
            zip_bytes,
            zip_folder(&dir, b"{\"update_url\":\"u\"}").unwrap()
        );
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
        let names: Vec<String> = archive.file_names().map(String::from).collect();
        assert_eq!(names, ["js/a.js", "manifest.json"]);
        let mut manifest = String::new();
        std::io::Read::read_to_string(
            &mut archive.by_name("manifest.json").unwrap(),
            &mut manifest,
        )
        .unwrap();
        assert_eq!(manifest, "{\"update_url\":\"u\"}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
