//! What the toolbar popup shows: the suggestions across the networks the employee uses, what
//! they hid or snoozed, their numbers, and the search and filters over the list.

use serde::{Deserialize, Serialize};

use super::{CardView, StatusView, Viewer};
use crate::network::Network;
use crate::rank::across_networks;
use crate::state::{stats, Stats};
use crate::util::sort;

/// Everything the popup shows: the reply to the popup's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PopupView {
    /// The sync status line.
    pub status: StatusView,
    /// Suggestions, best first.
    pub items: Vec<PopupItem>,
    /// Hidden and snoozed suggestions, with undo.
    pub dismissed: Vec<DismissedView>,
    /// The employee's own numbers.
    pub stats: Stats,
    /// The campaigns of the suggestions, sorted, once each (the campaign filter offers these).
    pub campaigns: Vec<String>,
    /// When suggestions resume, while they are paused (ms).
    pub paused_until: Option<i64>,
    /// Whether shared links carry this browser's personal code (the popup says so).
    pub personal_tracking: bool,
}

/// One suggestion, with a card per network it may be shared on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PopupItem {
    /// Item id.
    pub item_id: String,
    /// Headline, in the language of the first card.
    pub title: String,
    /// Summary, in the same language.
    pub summary: String,
    /// That language.
    pub lang: String,
    /// Campaign name.
    pub campaign: Option<String>,
    /// When it stops being suggested (ms).
    pub expires_at: Option<i64>,
    /// From the bundled demo feed.
    pub demo: bool,
    /// A card per network it may go to, in the networks' order.
    pub shares: Vec<CardView>,
}

/// A hidden (`until: None`) or snoozed suggestion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DismissedView {
    /// Item id (to undo).
    pub item_id: String,
    /// Its title.
    pub title: String,
    /// Snoozed until (ms); `None` when hidden for good.
    pub until: Option<i64>,
}

impl PopupView {
    /// The popup without a feed: the status only.
    pub fn without_feed(status: StatusView) -> PopupView {
        PopupView {
            status,
            items: Vec::new(),
            dismissed: Vec::new(),
            stats: Stats::default(),
            campaigns: Vec::new(),
            paused_until: None,
            personal_tracking: false,
        }
    }
}

/// The popup for `viewer`, with the status line `status`. `tz_offset_minutes` (east positive)
/// decides which calendar month the numbers count.
pub fn popup(viewer: &Viewer<'_>, status: StatusView, tz_offset_minutes: i32) -> PopupView {
    let settings = viewer.settings;
    let networks: Vec<Network> = Network::ALL
        .into_iter()
        .filter(|&n| settings.network_on(n))
        .collect();
    let base = viewer.rank_context(Network::Linkedin);
    let items: Vec<PopupItem> = across_networks(viewer.feed, &base, &networks)
        .into_iter()
        .map(|(item, on)| {
            let shares: Vec<CardView> = on.iter().map(|&n| viewer.card(item, n)).collect();
            let (title, summary, lang) = shares
                .first()
                .map(|c| (c.title.clone(), c.summary.clone(), c.lang.clone()))
                .unwrap_or_default();
            PopupItem {
                item_id: item.id.clone(),
                title,
                summary,
                lang,
                campaign: item.campaign.clone(),
                expires_at: item.expires_at.map(|e| e.timestamp_millis()),
                demo: viewer.demo,
                shares,
            }
        })
        .collect();
    let mut campaigns: Vec<String> = items.iter().filter_map(|i| i.campaign.clone()).collect();
    sort::sort_by(&mut campaigns, Ord::cmp);
    campaigns.dedup();
    let now_ms = viewer.now.timestamp_millis();
    let title_of = |id: &str| {
        viewer
            .feed
            .item(id)
            .and_then(|i| i.title.pick(viewer.prefs).map(str::to_string))
    };
    let hidden = viewer.state.hidden.keys().map(|id| (id, None));
    let snoozed = viewer
        .state
        .snoozed
        .iter()
        .filter(|(_, &until)| until > now_ms)
        .map(|(id, &until)| (id, Some(until)));
    let dismissed = hidden
        .chain(snoozed)
        .filter_map(|(id, until)| {
            Some(DismissedView {
                item_id: id.clone(),
                title: title_of(id)?,
                until,
            })
        })
        .collect();
    PopupView {
        status,
        items,
        dismissed,
        stats: stats(viewer.state, now_ms, tz_offset_minutes),
        campaigns,
        paused_until: viewer.paused_until(),
        personal_tracking: settings.tracks(viewer.feed),
    }
}

/// The search box and the two filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// What the employee typed (matched case-insensitively, trimmed).
    pub query: String,
    /// Only items that may go to this network.
    pub network: Option<Network>,
    /// Only items of this campaign.
    pub campaign: Option<String>,
}

impl Filter {
    /// Whether nothing narrows the list.
    pub fn is_empty(&self) -> bool {
        self.query.trim().is_empty() && self.network.is_none() && self.campaign.is_none()
    }
}

impl PopupItem {
    /// Lower-case text to search in: title, summary and every caption variant on every
    /// network, so a phrase the employee remembers from a post finds it.
    pub fn haystack(&self) -> String {
        let mut parts: Vec<&str> = vec![&self.title, &self.summary];
        for share in &self.shares {
            parts.extend(share.variants.iter().map(|v| v.text.as_str()));
        }
        parts.join("\n").to_lowercase()
    }

    /// Whether the item (with its precomputed [`PopupItem::haystack`]) passes `filter`. Every
    /// word of the query must appear somewhere, in any order.
    pub fn matches(&self, haystack: &str, filter: &Filter) -> bool {
        if let Some(n) = filter.network {
            if !self.shares.iter().any(|s| s.network == n) {
                return false;
            }
        }
        if let Some(c) = &filter.campaign {
            if self.campaign.as_ref() != Some(c) {
                return false;
            }
        }
        filter
            .query
            .to_lowercase()
            .split_whitespace()
            .all(|word| haystack.contains(word))
    }

    /// The card whose caption the item previews: for the filtered network, else the first.
    pub fn preview_card(&self, network: Option<Network>) -> Option<&CardView> {
        network
            .and_then(|n| self.shares.iter().find(|s| s.network == n))
            .or_else(|| self.shares.first())
    }

    /// The profile fields needed before the item can be shared on any of its networks that
    /// lack a usable caption (once each, in order of first appearance).
    pub fn needs(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for share in self.shares.iter().filter(|s| s.variants.is_empty()) {
            for n in &share.needs {
                if !out.contains(n) {
                    out.push(n.clone());
                }
            }
        }
        out
    }
}

/// The networks any item can go to, in display order (the network filter offers only these).
pub fn offered_networks(items: &[PopupItem]) -> Vec<Network> {
    Network::ALL
        .into_iter()
        .filter(|n| {
            items
                .iter()
                .any(|i| i.shares.iter().any(|s| s.network == *n))
        })
        .collect()
}

impl CardView {
    /// The caption index to share: the selected variant's. `None` when no caption is usable
    /// (the profile lacks a field the captions need).
    pub fn selected_caption(&self) -> Option<usize> {
        self.variants
            .get(self.selected)
            .or_else(|| self.variants.first())
            .map(|v| v.caption)
    }

    /// A short preview of the selected caption, on one line. The full text is long (link,
    /// hashtags); the popup only needs enough to recognise the post, CSS clamps the rest.
    pub fn excerpt(&self) -> Option<String> {
        let v = self
            .variants
            .get(self.selected)
            .or_else(|| self.variants.first())?;
        let flat = v.text.split_whitespace().collect::<Vec<_>>().join(" ");
        const MAX: usize = 220;
        Some(match flat.char_indices().nth(MAX) {
            Some((cut, _)) => format!("{}…", flat[..cut].trim_end()),
            None => flat,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::UserSettings;
    use crate::state::LocalState;
    use crate::sync::{FeedSource, SyncStatus};
    use crate::view::{status_view, Fixture, VariantView};

    fn card(network: Network, texts: &[&str], selected: usize) -> CardView {
        CardView {
            item_id: "a".into(),
            organization: "B".into(),
            demo: false,
            network,
            lang: "en".into(),
            title: "T".into(),
            summary: String::new(),
            image: None,
            image_alt: String::new(),
            url: "https://b.de".into(),
            personal_prompt: String::new(),
            variants: texts
                .iter()
                .enumerate()
                .map(|(i, t)| VariantView {
                    caption: i + 10,
                    text: (*t).to_string(),
                    length: t.len(),
                    max: 280,
                    fits: true,
                    overflow: 0,
                    fold: None,
                })
                .collect(),
            selected,
            needs: if texts.is_empty() {
                vec!["role".into()]
            } else {
                Vec::new()
            },
        }
    }

    fn item(title: &str, campaign: Option<&str>, shares: Vec<CardView>) -> PopupItem {
        PopupItem {
            item_id: title.to_lowercase(),
            title: title.into(),
            summary: "Numbers for 2027".into(),
            lang: "en".into(),
            campaign: campaign.map(str::to_string),
            shares,
            ..PopupItem::default()
        }
    }

    fn filter(query: &str, network: Option<Network>, campaign: Option<&str>) -> Filter {
        Filter {
            query: query.into(),
            network,
            campaign: campaign.map(str::to_string),
        }
    }

    #[test]
    fn search_covers_title_summary_and_every_caption_case_insensitively() {
        let i = item(
            "Our Q4 Report",
            None,
            vec![
                card(
                    Network::Linkedin,
                    &["Proud of this QUARTER", "Zweite Variante"],
                    0,
                ),
                card(Network::X, &["Short one for X"], 0),
            ],
        );
        let h = i.haystack();
        for q in [
            "q4",
            "numbers",
            "quarter",
            "zweite",
            "SHORT ONE",
            "  report  q4 ",
            "",
        ] {
            assert!(i.matches(&h, &filter(q, None, None)), "{q}");
        }
        assert!(!i.matches(&h, &filter("hiring", None, None)));
        assert!(!i.matches(&h, &filter("q4 hiring", None, None)));
    }

    #[test]
    fn network_and_campaign_filters_narrow() {
        let both = item(
            "Both",
            Some("q4-2026"),
            vec![
                card(Network::Linkedin, &["a"], 0),
                card(Network::X, &["b"], 0),
            ],
        );
        let x_only = item("X", None, vec![card(Network::X, &["c"], 0)]);
        let hb = both.haystack();
        let hx = x_only.haystack();
        let li = filter("", Some(Network::Linkedin), None);
        assert!(both.matches(&hb, &li));
        assert!(!x_only.matches(&hx, &li));
        let q4 = filter("", None, Some("q4-2026"));
        assert!(both.matches(&hb, &q4));
        assert!(!x_only.matches(&hx, &q4));
        assert!(!both.matches(&hb, &filter("", None, Some("other"))));
        assert_eq!(
            offered_networks(std::slice::from_ref(&x_only)),
            vec![Network::X]
        );
        assert_eq!(
            offered_networks(&[x_only, both]),
            vec![Network::Linkedin, Network::X]
        );
        assert!(filter(" ", None, None).is_empty());
        assert!(!li.is_empty());
    }

    #[test]
    fn share_and_preview_use_the_selected_variant() {
        let i = item(
            "T",
            None,
            vec![
                card(Network::Linkedin, &["first\n\nline", "second"], 1),
                card(Network::X, &["for x"], 0),
            ],
        );
        assert_eq!(i.shares[0].selected_caption(), Some(11));
        assert_eq!(
            i.preview_card(None).map(|c| c.network),
            Some(Network::Linkedin)
        );
        assert_eq!(
            i.preview_card(Some(Network::X)).and_then(CardView::excerpt),
            Some("for x".into())
        );
        let one = item(
            "T",
            None,
            vec![card(Network::Linkedin, &["first\n\nline"], 0)],
        );
        assert_eq!(one.shares[0].excerpt(), Some("first line".into()));
        let long = "wörd ".repeat(100);
        let cut = card(Network::X, &[&long], 0).excerpt().unwrap_or_default();
        assert!(cut.ends_with('…') && cut.chars().count() <= 221);
    }

    #[test]
    fn needs_lists_fields_only_for_networks_without_a_usable_caption() {
        let i = item(
            "T",
            None,
            vec![
                card(Network::Linkedin, &["ok"], 0),
                card(Network::X, &[], 0),
            ],
        );
        assert_eq!(i.shares[1].selected_caption(), None);
        assert_eq!(i.needs(), vec!["role".to_string()]);
        let fine = item("T", None, vec![card(Network::Linkedin, &["ok"], 0)]);
        assert!(fine.needs().is_empty());
    }

    #[test]
    fn the_reply_reads_back_as_the_popup_wrote_it() {
        let json = r#"{"status":{"source":"user","url":null,"demo":false,"hasFeed":true,"items":1,
          "feedAt":1,"checkedAt":2,"failure":null,"failureAt":null,"retryAt":null},
          "items":[{"itemId":"a","title":"T","summary":"","lang":"en","campaign":null,
            "expiresAt":null,"demo":false,"shares":[]}],
          "dismissed":[{"itemId":"b","title":"B","until":null}],
          "stats":{"month":2,"monthLinkedin":1,"monthX":1,"total":3},
          "campaigns":[],"pausedUntil":null,"personalTracking":true}"#;
        let r: PopupView = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.dismissed[0].until, None);
        assert_eq!(r.stats.month_x, 1);
        assert!(r.personal_tracking);
        let back: serde_json::Value = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(
            back,
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
    }

    const FEED: &str = r#"{"version":1,"organization":{"name":"B"},"items":[
      {"id":"both","url":"https://b.de/1","title":{"en":"Both","de":"Beide"},"campaign":"q4",
       "captions":[{"lang":"en","text":"Both {url}"}]},
      {"id":"x-only","url":"https://b.de/2","title":{"en":"X only"},"networks":["x"],"priority":90,
       "campaign":"launch","captions":[{"lang":"en","text":"X {url}"}]},
      {"id":"hidden","url":"https://b.de/3","title":{"en":"Hidden"},"campaign":"q4",
       "captions":[{"lang":"en","text":"H"}]},
      {"id":"snoozed","url":"https://b.de/4","title":{"en":"Snoozed"},
       "captions":[{"lang":"en","text":"S"}]}]}"#;

    const NOW_MS: i64 = 1_795_773_600_000;

    fn view_with(user: UserSettings, state: LocalState) -> PopupView {
        let fixture = Fixture::new(FEED, &user, state);
        let viewer = fixture.viewer(NOW_MS);
        let status = status_view(
            &FeedSource::Demo,
            &SyncStatus::default(),
            None,
            Some((&fixture.feed, false, NOW_MS)),
            viewer.now,
        );
        popup(&viewer, status, 60)
    }

    #[test]
    fn the_popup_lists_what_may_be_shared_where_with_what_was_put_aside() {
        let mut state = LocalState::default();
        state.hidden.insert("hidden".into(), NOW_MS - 1);
        state.snoozed.insert("snoozed".into(), NOW_MS + 3_600_000);
        state.record_share("both", Network::X, NOW_MS - 60_000);
        let view = view_with(UserSettings::default(), state);
        // Best first; "both" was shared on X already, so only LinkedIn is offered for it.
        let listed: Vec<(&str, Vec<Network>)> = view
            .items
            .iter()
            .map(|i| {
                let on = i.shares.iter().map(|c| c.network).collect();
                (i.item_id.as_str(), on)
            })
            .collect();
        assert_eq!(
            listed,
            [
                ("x-only", vec![Network::X]),
                ("both", vec![Network::Linkedin])
            ]
        );
        assert_eq!(view.items[1].title, "Both");
        assert_eq!(view.campaigns, ["launch", "q4"]);
        let dismissed: Vec<(&str, Option<i64>)> = view
            .dismissed
            .iter()
            .map(|d| (d.item_id.as_str(), d.until))
            .collect();
        assert_eq!(
            dismissed,
            [("hidden", None), ("snoozed", Some(NOW_MS + 3_600_000))]
        );
        assert_eq!((view.stats.total, view.stats.month_x), (1, 1));
        assert_eq!(view.paused_until, None);
        assert!(!view.personal_tracking);
    }

    #[test]
    fn a_network_switched_off_is_not_offered_and_a_pause_is_shown() {
        let user = UserSettings {
            networks: vec![Network::Linkedin],
            paused_until: Some(NOW_MS + 1),
            ..UserSettings::default()
        };
        let view = view_with(user, LocalState::default());
        let ids: Vec<&str> = view.items.iter().map(|i| i.item_id.as_str()).collect();
        assert_eq!(ids, ["both", "hidden", "snoozed"]);
        assert!(view
            .items
            .iter()
            .all(|i| i.shares.iter().all(|c| c.network == Network::Linkedin)));
        assert_eq!(view.paused_until, Some(NOW_MS + 1));
    }
}
