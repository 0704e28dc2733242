//! How a stored [`SyncFailure`] is read (#7): `{"kind": "http", "status": 503}`. Serde reads
//! an internally tagged enum through a buffered copy of the whole value, one decoder per
//! variant, which compiled to ~23 KB of the wasm module for the sync status alone; one flat
//! struct and one `match` read the same JSON. The derived `Serialize` writes it.

use serde::Deserialize;

use crate::wire::required;

use super::SyncFailure;

/// Every field a [`SyncFailure`] may carry, flat. Unknown fields are ignored, as the enum
/// ignored them.
#[derive(Deserialize)]
pub struct WireFailure {
    kind: String,
    detail: Option<String>,
    seconds: Option<u32>,
    status: Option<u16>,
    wait_seconds: Option<u64>,
    to: Option<String>,
    limit: Option<usize>,
    errors: Option<usize>,
    first: Option<String>,
    version: Option<u64>,
    reason: Option<String>,
    signed_at: Option<i64>,
    newest: Option<i64>,
}

impl TryFrom<WireFailure> for SyncFailure {
    type Error = String;

    fn try_from(w: WireFailure) -> Result<Self, String> {
        let WireFailure {
            kind,
            detail,
            seconds,
            status,
            wait_seconds,
            to,
            limit,
            errors,
            first,
            version,
            reason,
            signed_at,
            newest,
        } = w;
        // The names are the variants' in camelCase, as the derived `Serialize` writes them.
        Ok(match kind.as_str() {
            "badUrl" => SyncFailure::BadUrl {
                detail: required(detail, "detail")?,
            },
            "network" => SyncFailure::Network {
                detail: required(detail, "detail")?,
            },
            "timeout" => SyncFailure::Timeout {
                seconds: required(seconds, "seconds")?,
            },
            "http" => SyncFailure::Http {
                status: required(status, "status")?,
            },
            "rateLimited" => SyncFailure::RateLimited {
                wait_seconds: required(wait_seconds, "wait_seconds")?,
            },
            "redirect" => SyncFailure::Redirect {
                to: required(to, "to")?,
            },
            "tooLarge" => SyncFailure::TooLarge {
                limit: required(limit, "limit")?,
            },
            "notAFeed" => SyncFailure::NotAFeed,
            "invalid" => SyncFailure::Invalid {
                errors: required(errors, "errors")?,
                first: required(first, "first")?,
            },
            "newerVersion" => SyncFailure::NewerVersion {
                version: required(version, "version")?,
            },
            "signature" => SyncFailure::Signature {
                reason: required(reason, "reason")?,
            },
            "allExpired" => SyncFailure::AllExpired,
            "outdated" => SyncFailure::Outdated {
                signed_at,
                newest: required(newest, "newest")?,
            },
            other => return Err(format!("unknown failure kind `{other}`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_failure() -> Vec<SyncFailure> {
        let all = vec![
            SyncFailure::BadUrl {
                detail: "is empty".into(),
            },
            SyncFailure::Network {
                detail: "Failed to fetch".into(),
            },
            SyncFailure::Timeout { seconds: 30 },
            SyncFailure::Http { status: 503 },
            SyncFailure::RateLimited { wait_seconds: 120 },
            SyncFailure::Redirect {
                to: "https://login.example.com/".into(),
            },
            SyncFailure::TooLarge { limit: 8 << 20 },
            SyncFailure::NotAFeed,
            SyncFailure::Invalid {
                errors: 2,
                first: "/items/0/url: the link must start with https://".into(),
            },
            SyncFailure::NewerVersion { version: 2 },
            SyncFailure::Signature {
                reason: "does not match the feed".into(),
            },
            SyncFailure::AllExpired,
            SyncFailure::Outdated {
                signed_at: Some(1_795_773_605_000),
                newest: 1_795_773_665_000,
            },
            SyncFailure::Outdated {
                signed_at: None,
                newest: 1_795_773_665_000,
            },
        ];
        // No wildcard: with a new variant this stops compiling until it is named here; list
        // it above too, and the round trip below fails until `WireFailure` reads it.
        for f in &all {
            match f {
                SyncFailure::BadUrl { .. }
                | SyncFailure::Network { .. }
                | SyncFailure::Timeout { .. }
                | SyncFailure::Http { .. }
                | SyncFailure::RateLimited { .. }
                | SyncFailure::Redirect { .. }
                | SyncFailure::TooLarge { .. }
                | SyncFailure::NotAFeed
                | SyncFailure::Invalid { .. }
                | SyncFailure::NewerVersion { .. }
                | SyncFailure::Signature { .. }
                | SyncFailure::AllExpired
                | SyncFailure::Outdated { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_failure_reads_back_as_written() {
        for f in every_failure() {
            let json = serde_json::to_string(&f).unwrap();
            let back: SyncFailure =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, f, "{json}");
        }
    }

    #[test]
    fn every_failure_has_words_in_both_languages() {
        let locales = [
            include_str!("../../../../extension/_locales/en/messages.json"),
            include_str!("../../../../extension/_locales/de/messages.json"),
        ];
        for text in locales {
            let messages: serde_json::Value = serde_json::from_str(text).unwrap();
            for f in every_failure() {
                let keys = match f.count() {
                    Some(_) => vec![
                        format!("{}One", f.message_key()),
                        format!("{}Other", f.message_key()),
                    ],
                    None => vec![f.message_key().to_string()],
                };
                for key in keys {
                    let message = messages[&key]["message"]
                        .as_str()
                        .unwrap_or_else(|| panic!("no message {key}"));
                    // No placeholder without an argument; the dates of a rollback all shown.
                    let n = f.message_args().len();
                    assert!(!message.contains(&format!("$P{}$", n + 1)), "{key}");
                    if matches!(f, SyncFailure::Outdated { .. }) {
                        for i in 1..=n {
                            assert!(message.contains(&format!("$P{i}$")), "{key}: ${i}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn reads_the_stored_shape_and_refuses_others() {
        let f: SyncFailure =
            serde_json::from_str(r#"{"kind":"rateLimited","wait_seconds":60,"old":1}"#).unwrap();
        assert_eq!(f, SyncFailure::RateLimited { wait_seconds: 60 });
        for (json, says) in [
            (r#"{"kind":"http"}"#, "missing field `status`"),
            (r#"{"kind":"gone"}"#, "unknown failure kind `gone`"),
            (r#"{"status":404}"#, "missing field `kind`"),
            (r#"{"kind":"http","status":70000}"#, "invalid value"),
        ] {
            let e = serde_json::from_str::<SyncFailure>(json)
                .unwrap_err()
                .to_string();
            assert!(e.contains(says), "{json}: {e}");
        }
    }
}
