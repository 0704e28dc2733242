//! Settings from three places, merged: policy (managed storage, set by IT) beats the employee's
//! own settings (`storage.sync`), which beat the defaults.

use serde::{Deserialize, Serialize};

use crate::profile::Profile;
use crate::sync::FeedSource;

/// What the employee set in the options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UserSettings {
    /// Feed address typed in by the employee (blank: none).
    pub feed_url: String,
    /// Public keys (base64) the employee configured; any key makes signatures mandatory.
    pub public_keys: Vec<String>,
    /// The employee's profile.
    #[serde(flatten)]
    pub profile: Profile,
}

/// What IT preset by policy. Every field is optional; present ones win and are shown locked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ManagedSettings {
    /// Feed address.
    pub feed_url: Option<String>,
    /// Public keys (base64 ed25519), several during a key rotation.
    pub public_keys: Option<Vec<String>>,
    /// Team preset.
    pub team: Option<String>,
    /// Region preset.
    pub region: Option<String>,
    /// Language order preset.
    pub languages: Option<Vec<String>>,
}

/// Which settings are locked by policy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Locks {
    /// Feed URL set by policy.
    pub feed_url: bool,
    /// Public keys set by policy.
    pub public_keys: bool,
    /// Team set by policy.
    pub team: bool,
    /// Region set by policy.
    pub region: bool,
    /// Languages set by policy.
    pub languages: bool,
}

/// The settings in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    /// Where the feed comes from.
    pub source: FeedSource,
    /// The profile with policy presets applied.
    pub profile: Profile,
    /// Public keys in force (policy's if set, else the employee's).
    pub public_keys: Vec<String>,
    /// What the options page must show as locked.
    pub locks: Locks,
}

/// Merges policy over the employee's settings.
pub fn merge(managed: &ManagedSettings, user: &UserSettings) -> Effective {
    let nonblank = |s: &Option<String>| s.as_ref().filter(|v| !v.trim().is_empty()).cloned();
    let mut profile = user.profile.clone();
    let mut locks = Locks::default();
    if let Some(team) = nonblank(&managed.team) {
        profile.team = team;
        locks.team = true;
    }
    if let Some(region) = nonblank(&managed.region) {
        profile.region = region;
        locks.region = true;
    }
    if let Some(langs) = managed.languages.as_ref().filter(|l| !l.is_empty()) {
        profile.languages = langs.clone();
        locks.languages = true;
    }
    let source = FeedSource::resolve(managed.feed_url.as_deref(), Some(&user.feed_url));
    locks.feed_url = matches!(source, FeedSource::Policy(_));
    let managed_keys: Vec<String> = managed
        .public_keys
        .iter()
        .flatten()
        .filter(|k| !k.trim().is_empty())
        .cloned()
        .collect();
    locks.public_keys = !managed_keys.is_empty();
    let public_keys = if locks.public_keys {
        managed_keys
    } else {
        user.public_keys.clone()
    };
    Effective {
        source,
        profile,
        public_keys,
        locks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_beats_user_beats_default() {
        let user = UserSettings {
            feed_url: "https://u.de/f.json".into(),
            public_keys: Vec::new(),
            profile: Profile {
                team: "Sales".into(),
                first_name: "Anna".into(),
                ..Profile::default()
            },
        };
        let e = merge(&ManagedSettings::default(), &user);
        assert_eq!(e.source, FeedSource::User("https://u.de/f.json".into()));
        assert!(!e.locks.feed_url && !e.locks.team);
        let managed = ManagedSettings {
            feed_url: Some("https://p.de/f.json".into()),
            public_keys: Some(vec!["k1".into(), "k2".into()]),
            team: Some("Marketing".into()),
            region: Some(" ".into()),
            languages: Some(vec!["de".into()]),
        };
        let e = merge(&managed, &user);
        assert_eq!(e.source, FeedSource::Policy("https://p.de/f.json".into()));
        assert_eq!(e.profile.team, "Marketing");
        assert_eq!(e.profile.first_name, "Anna");
        assert_eq!(e.profile.languages, vec!["de".to_string()]);
        assert!(e.locks.feed_url && e.locks.team && e.locks.languages && !e.locks.region);
        assert!(e.locks.public_keys);
        assert_eq!(e.public_keys, vec!["k1".to_string(), "k2".to_string()]);
        let e = merge(&ManagedSettings::default(), &UserSettings::default());
        assert_eq!(e.source, FeedSource::Demo);
    }
}
