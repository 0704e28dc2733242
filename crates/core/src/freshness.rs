//! Freshness of signed feeds (#19): a signature alone says "this feed came from the admin", not
//! "this is the admin's latest feed", so a compromised host could serve an older signed feed
//! again and bring back retracted items. A format-2 signature carries the time it was signed;
//! the extension keeps the newest signing time it accepted per feed address and refuses
//! anything older. The last good feed stays, and the status says why.
//!
//! Rules, in order (see `docs/signed-feeds.md`):
//! 1. A feed that is not validly signed is refused as before ([`SyncFailure::of_signature`]).
//! 2. A record counts only while the key that signed it is still configured: a key removed
//!    from the policy (a leaked one) cannot pin the feed with a signing time far in the future.
//! 3. Signed before the record: refused ([`SyncFailure::Outdated`]). The same time again is the
//!    same signature, or one made in the same millisecond: accepted.
//! 4. A format-1 signature (no time) is accepted only while there is no record for the address;
//!    once a timed signature was accepted there, it is refused like an older feed.

use serde::{Deserialize, Serialize};

use crate::signature::{base64_encode, Keys, Verdict};
use crate::sync::SyncFailure;

/// Addresses remembered; the least recently accepted is forgotten first. A browser follows one
/// feed at a time; this leaves room for address changes back and forth.
pub const MAX_FEEDS: usize = 16;

/// The newest signing time accepted from one feed address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seen {
    /// The feed address.
    pub url: String,
    /// The signing time (ms since the epoch).
    pub signed_at: i64,
    /// The public key (base64) whose signature it carried.
    pub key: String,
}

/// What the extension remembers about signed feeds (`storage.local`), most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Freshness {
    /// One entry per address.
    pub feeds: Vec<Seen>,
}

impl Freshness {
    /// The record for `url`, if the key that signed it is still trusted.
    pub fn newest(&self, url: &str, keys: &Keys) -> Option<&Seen> {
        self.feeds
            .iter()
            .find(|s| s.url == url && keys.trusts(&s.key))
    }

    /// Decides about a feed from `url` whose signature check gave `verdict`: refused (why), or
    /// accepted with the record to keep (none when nothing was signed with a time).
    pub fn judge(
        &self,
        url: &str,
        keys: &Keys,
        verdict: &Verdict,
    ) -> Result<Option<Seen>, SyncFailure> {
        if let Some(failure) = SyncFailure::of_signature(verdict) {
            return Err(failure);
        }
        let Verdict::Valid { key, signed_at } = verdict else {
            return Ok(None);
        };
        let newest = self.newest(url, keys).map(|s| s.signed_at);
        match (*signed_at, newest) {
            (Some(at), Some(newest)) if at < newest => Err(SyncFailure::Outdated {
                signed_at: Some(at),
                newest,
            }),
            (None, Some(newest)) => Err(SyncFailure::Outdated {
                signed_at: None,
                newest,
            }),
            (None, None) => Ok(None),
            (Some(at), _) => Ok(keys.valid.get(*key).map(|k| Seen {
                url: url.to_string(),
                signed_at: at,
                key: base64_encode(k),
            })),
        }
    }

    /// Keeps `seen` as the record for its address (first in the list). Whether anything
    /// changed, so that an unchanged record costs no write.
    pub fn record(&mut self, seen: Seen) -> bool {
        if self.feeds.first() == Some(&seen) {
            return false;
        }
        self.feeds.retain(|s| s.url != seen.url);
        self.feeds.insert(0, seen);
        self.feeds.truncate(MAX_FEEDS);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://b.de/feed.json";
    const T1: i64 = 1_795_773_605_000;
    const T2: i64 = T1 + 60_000;

    fn keys(list: &[[u8; 32]]) -> Keys {
        let texts: Vec<String> = list.iter().map(|k| base64_encode(k)).collect();
        Keys::parse(&texts)
    }

    fn valid(key: usize, signed_at: Option<i64>) -> Verdict {
        Verdict::Valid { key, signed_at }
    }

    /// Accepts like the sync does: judge, then record.
    fn accept(f: &mut Freshness, keys: &Keys, v: &Verdict) -> Result<(), SyncFailure> {
        if let Some(seen) = f.judge(URL, keys, v)? {
            f.record(seen);
        }
        Ok(())
    }

    #[test]
    fn v1_then_v2_are_accepted_and_v1_again_is_refused() {
        let k = keys(&[[7; 32]]);
        let mut f = Freshness::default();
        accept(&mut f, &k, &valid(0, Some(T1))).unwrap();
        accept(&mut f, &k, &valid(0, Some(T2))).unwrap();
        let replay = accept(&mut f, &k, &valid(0, Some(T1))).unwrap_err();
        assert_eq!(
            replay,
            SyncFailure::Outdated {
                signed_at: Some(T1),
                newest: T2
            }
        );
        assert_eq!(replay.message_key(), "syncErrorOutdated");
        assert_eq!(
            replay.message_args(),
            ["2026-11-27 10:00:05 UTC", "2026-11-27 10:01:05 UTC"]
        );
        assert_eq!(
            replay.to_string(),
            "the feed was signed at 2026-11-27 10:00:05 UTC, before the feed already accepted \
             (signed at 2026-11-27 10:01:05 UTC); an older feed is not used again"
        );
        // The refused feed left the record alone; the newest is still v2.
        assert_eq!(f.newest(URL, &k).map(|s| s.signed_at), Some(T2));
        // The same signature again (an unchanged feed re-checked) is fine, and writes nothing.
        let same = f.judge(URL, &k, &valid(0, Some(T2))).unwrap().unwrap();
        assert!(!f.record(same));
    }

    #[test]
    fn untimed_signatures_only_until_a_timed_one_was_seen() {
        let k = keys(&[[7; 32]]);
        let mut f = Freshness::default();
        // Migration: the old format keeps working where nothing newer was seen…
        assert_eq!(f.judge(URL, &k, &valid(0, None)), Ok(None));
        accept(&mut f, &k, &valid(0, Some(T1))).unwrap();
        // …and is refused once a signed time was accepted from that address.
        let e = f.judge(URL, &k, &valid(0, None)).unwrap_err();
        assert_eq!(e.message_key(), "syncErrorOutdatedNoTime");
        assert_eq!(e.message_args(), ["2026-11-27 10:00:05 UTC"]);
        // Another address has its own record.
        assert_eq!(
            f.judge("https://c.de/f.json", &k, &valid(0, None)),
            Ok(None)
        );
    }

    #[test]
    fn a_record_counts_only_while_its_key_is_configured() {
        let (old, new) = ([7; 32], [9; 32]);
        let mut f = Freshness::default();
        // A leaked old key signed "the year 2099": while it is configured, that pins the feed.
        let far = 4_102_444_800_000;
        accept(&mut f, &keys(&[old]), &valid(0, Some(far))).unwrap();
        let both = keys(&[old, new]);
        assert!(f.judge(URL, &both, &valid(1, Some(T2))).is_err());
        // Removed from the policy, its record no longer counts; the new key's feed is taken.
        let only_new = keys(&[new]);
        accept(&mut f, &only_new, &valid(0, Some(T2))).unwrap();
        assert_eq!(f.feeds.len(), 1);
        assert_eq!(f.feeds[0].key, base64_encode(&new));
        // During a rotation, an older feed signed with the other key is still refused.
        let mut g = Freshness::default();
        accept(&mut g, &both, &valid(1, Some(T2))).unwrap();
        assert!(g.judge(URL, &both, &valid(0, Some(T1))).is_err());
    }

    #[test]
    fn unsigned_checks_and_bad_signatures_pass_through() {
        let f = Freshness::default();
        let k = keys(&[[7; 32]]);
        assert_eq!(
            f.judge(URL, &Keys::default(), &Verdict::NotRequired),
            Ok(None)
        );
        assert_eq!(
            f.judge(URL, &k, &Verdict::Mismatch)
                .unwrap_err()
                .message_key(),
            "syncErrorSignature"
        );
    }

    #[test]
    fn the_record_is_bounded_and_most_recent_first() {
        let k = [7; 32];
        let mut f = Freshness::default();
        for i in 0..(MAX_FEEDS as i64 + 5) {
            f.record(Seen {
                url: format!("https://b.de/{i}.json"),
                signed_at: T1 + i,
                key: base64_encode(&k),
            });
        }
        assert_eq!(f.feeds.len(), MAX_FEEDS);
        assert_eq!(
            f.feeds[0].url,
            format!("https://b.de/{}.json", MAX_FEEDS + 4)
        );
        // Stored as JSON and read back.
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains("\"signedAt\""), "{json}");
        assert_eq!(serde_json::from_str::<Freshness>(&json).unwrap(), f);
        assert_eq!(
            serde_json::from_str::<Freshness>("{}").unwrap(),
            Freshness::default()
        );
    }
}
