//! Settings from three places, merged: policy (managed storage, set by IT) beats the employee's
//! own settings (`storage.sync`), which beat the defaults.

use serde::{Deserialize, Serialize};

use crate::network::Network;
use crate::profile::Profile;
use crate::sync::FeedSource;

/// How often suggestion cards appear in the feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Frequency {
    /// No cards in the feed; the launcher and the composer picker stay.
    Never,
    /// One card, after the 6th post.
    Rarely,
    /// After the 3rd post, then every 15 (up to 3).
    #[default]
    Normal,
    /// After the 3rd post, then every 8 (up to 5).
    Often,
}

/// Where cards go on a page: after `first` posts, then every `every`, at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placement {
    /// Posts before the first card.
    pub first_slot: usize,
    /// Posts between cards.
    pub every: usize,
    /// Cards per page.
    pub max_cards: usize,
}

impl Frequency {
    /// The card placement for this frequency.
    pub fn placement(self) -> Placement {
        let (first_slot, every, max_cards) = match self {
            Frequency::Never => (3, 15, 0),
            Frequency::Rarely => (6, 30, 1),
            Frequency::Normal => (3, 15, 3),
            Frequency::Often => (3, 8, 5),
        };
        Placement {
            first_slot,
            every,
            max_cards,
        }
    }
}

/// What the employee set in the options.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UserSettings {
    /// Feed address typed in by the employee (blank: none).
    pub feed_url: String,
    /// Public keys (base64) the employee configured; any key makes signatures mandatory.
    pub public_keys: Vec<String>,
    /// Networks to show suggestions on (empty: all).
    pub networks: Vec<Network>,
    /// How often cards appear in the feed.
    pub frequency: Frequency,
    /// Suggestions are paused until this time (ms since the epoch).
    pub paused_until: Option<i64>,
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
    /// Whether a feed may add this browser's pseudonymous code to shared links
    /// (`utm_content`). Only a policy can allow it: the feed alone cannot switch on counting
    /// shares per person (#19).
    pub allow_personal_links: Option<bool>,
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
    /// The employee's own display choices.
    pub user: UserSettings,
    /// What the options page must show as locked.
    pub locks: Locks,
    /// Whether the policy allows personal link codes ([`ManagedSettings::allow_personal_links`]).
    pub personal_links: bool,
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
        user: user.clone(),
        locks,
        personal_links: managed.allow_personal_links == Some(true),
    }
}

impl Effective {
    /// Whether suggestions may show on `network` at `now`: the employee has it switched on and
    /// has not paused suggestions.
    pub fn shows(&self, network: Network, now_ms: i64) -> bool {
        self.network_on(network) && !self.paused(now_ms)
    }

    /// Whether the employee has `network` switched on (an empty choice means every network).
    pub fn network_on(&self, network: Network) -> bool {
        self.user.networks.is_empty() || self.user.networks.contains(&network)
    }

    /// The code this install puts in `utm_content` when a feed asks for it: none (so the
    /// parameter is left out) unless the policy allows personal link codes.
    pub fn tracking_code(&self, install_id: &str) -> String {
        if self.personal_links {
            crate::rotation::tracking_code(install_id)
        } else {
            String::new()
        }
    }

    /// Whether links shared from `feed` carry a personal code: the feed asks for it on some
    /// item and the policy allows it.
    pub fn tracks(&self, feed: &crate::feed::Feed) -> bool {
        self.personal_links && feed.items.iter().any(|i| i.utm.enabled && i.utm.personal)
    }

    /// Whether suggestions are paused at `now`.
    pub fn paused(&self, now_ms: i64) -> bool {
        self.user.paused_until.is_some_and(|until| until > now_ms)
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
            ..UserSettings::default()
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
            allow_personal_links: None,
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

    #[test]
    fn personal_link_codes_only_when_the_policy_allows_them() {
        use crate::compose::tagged_url;
        use crate::network::Network;
        let text = r#"{"version":1,"organization":{"name":"B"},"links":{"utm":{"personal":true}},
            "items":[{"id":"a","url":"https://b.de/a","title":{"en":"A"},"captions":[{"lang":"en","text":"x"}]}]}"#;
        let feed = crate::feed::parse_feed(text.as_bytes(), &Default::default())
            .unwrap()
            .feed;
        let item = &feed.items[0];
        let user = UserSettings::default();
        // The feed asks; without the policy nothing personal is added, and nothing is said.
        let e = merge(&ManagedSettings::default(), &user);
        assert!(!e.tracks(&feed));
        let url = tagged_url(item, Network::Linkedin, &e.tracking_code("install-a"));
        assert!(!url.contains("utm_content"), "{url}");
        let denied = ManagedSettings {
            allow_personal_links: Some(false),
            ..ManagedSettings::default()
        };
        assert_eq!(merge(&denied, &user).tracking_code("install-a"), "");
        // Allowed by policy: the code goes in, and the employee is told.
        let allowed = ManagedSettings {
            allow_personal_links: Some(true),
            ..ManagedSettings::default()
        };
        let e = merge(&allowed, &user);
        assert!(e.tracks(&feed));
        let code = e.tracking_code("install-a");
        assert_eq!(code, crate::rotation::tracking_code("install-a"));
        let url = tagged_url(item, Network::Linkedin, &code);
        assert!(url.contains(&format!("utm_content={code}")), "{url}");
        // A policy allowing it does not make a feed that does not ask track.
        let plain = crate::feed::parse_feed(
            text.replace("true", "false").as_bytes(),
            &Default::default(),
        )
        .unwrap()
        .feed;
        assert!(!e.tracks(&plain));
        let read: ManagedSettings = serde_json::from_str(r#"{"allowPersonalLinks":true}"#).unwrap();
        assert_eq!(read.allow_personal_links, Some(true));
    }

    #[test]
    fn networks_pause_and_frequency() {
        let mut user = UserSettings::default();
        let e = merge(&ManagedSettings::default(), &user);
        assert!(e.shows(Network::X, 0) && e.shows(Network::Linkedin, 0));
        user.networks = vec![Network::Linkedin];
        user.paused_until = Some(1_000);
        let e = merge(&ManagedSettings::default(), &user);
        assert!(!e.shows(Network::X, 2_000));
        assert!(!e.shows(Network::Linkedin, 999), "paused");
        assert!(e.shows(Network::Linkedin, 1_000), "the pause ends on time");
        assert_eq!(Frequency::default().placement().max_cards, 3);
        assert_eq!(Frequency::Never.placement().max_cards, 0);
        // Settings written by an older version (no new fields) still load.
        let old: UserSettings = serde_json::from_str(r#"{"feedUrl":"https://b.de/f"}"#).unwrap();
        assert_eq!(old.frequency, Frequency::Normal);
    }
}
