//! What the popup shows, as data: the worker's reply and the search and filters over it. Pure
//! Rust, so the matching rules are unit-tested without a browser.

use serde::Deserialize;

use advocate_core::network::Network;
use advocate_core::state::Stats;
use advocate_core::view::{CardView, StatusView};

/// The worker's answer to `Request::Popup` (see `background::PopupReply`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PopupReply {
    pub status: StatusView,
    #[serde(default)]
    pub items: Vec<PopupItem>,
    #[serde(default)]
    pub dismissed: Vec<DismissedView>,
    #[serde(default)]
    pub stats: Stats,
    #[serde(default)]
    pub campaigns: Vec<String>,
    #[serde(default)]
    pub paused_until: Option<i64>,
    #[serde(default)]
    pub personal_tracking: bool,
}

/// One suggestion, with a card per network it may be shared on.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PopupItem {
    pub item_id: String,
    pub title: String,
    pub summary: String,
    pub lang: String,
    pub campaign: Option<String>,
    pub expires_at: Option<i64>,
    pub demo: bool,
    pub shares: Vec<CardView>,
}

/// A hidden (`until: None`) or snoozed suggestion.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DismissedView {
    pub item_id: String,
    pub title: String,
    pub until: Option<i64>,
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

/// Lower-case text to search in: title, summary and every caption variant on every network, so
/// a phrase the employee remembers from a post finds it.
pub fn haystack(item: &PopupItem) -> String {
    let mut parts: Vec<&str> = vec![&item.title, &item.summary];
    for share in &item.shares {
        parts.extend(share.variants.iter().map(|v| v.text.as_str()));
    }
    parts.join("\n").to_lowercase()
}

/// Whether `item` (with its precomputed `haystack`) passes `filter`. Every word of the query
/// must appear somewhere, in any order.
pub fn matches(item: &PopupItem, haystack: &str, filter: &Filter) -> bool {
    if let Some(n) = filter.network {
        if !item.shares.iter().any(|s| s.network == n) {
            return false;
        }
    }
    if let Some(c) = &filter.campaign {
        if item.campaign.as_ref() != Some(c) {
            return false;
        }
    }
    filter
        .query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

/// The networks any item can go to, in display order (the network filter offers only these).
pub fn networks(items: &[PopupItem]) -> Vec<Network> {
    Network::ALL
        .into_iter()
        .filter(|n| {
            items
                .iter()
                .any(|i| i.shares.iter().any(|s| s.network == *n))
        })
        .collect()
}

/// The caption index to share on `card`'s network: its selected variant. `None` when no
/// caption is usable (the profile lacks a field the captions need).
pub fn selected_caption(card: &CardView) -> Option<usize> {
    card.variants
        .get(card.selected)
        .or_else(|| card.variants.first())
        .map(|v| v.caption)
}

/// The card whose caption the item previews: for the filtered network, else the first.
pub fn preview_card(item: &PopupItem, network: Option<Network>) -> Option<&CardView> {
    network
        .and_then(|n| item.shares.iter().find(|s| s.network == n))
        .or_else(|| item.shares.first())
}

/// A short preview of `card`'s selected caption, on one line. The full text is long (link,
/// hashtags); the popup only needs enough to recognise the post, CSS clamps the rest.
pub fn excerpt(card: &CardView) -> Option<String> {
    let v = card
        .variants
        .get(card.selected)
        .or_else(|| card.variants.first())?;
    let flat = v.text.split_whitespace().collect::<Vec<_>>().join(" ");
    const MAX: usize = 220;
    Some(match flat.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", flat[..cut].trim_end()),
        None => flat,
    })
}

/// The profile fields needed before `item` can be shared on any of its networks that lack a
/// usable caption (deduplicated, in order of first appearance).
pub fn needs(item: &PopupItem) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for share in item.shares.iter().filter(|s| s.variants.is_empty()) {
        for n in &share.needs {
            if !out.contains(n) {
                out.push(n.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use advocate_core::view::VariantView;

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
        let h = haystack(&i);
        for q in [
            "q4",
            "numbers",
            "quarter",
            "zweite",
            "SHORT ONE",
            "  report  q4 ",
            "",
        ] {
            assert!(matches(&i, &h, &filter(q, None, None)), "{q}");
        }
        assert!(!matches(&i, &h, &filter("hiring", None, None)));
        assert!(!matches(&i, &h, &filter("q4 hiring", None, None)));
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
        let hb = haystack(&both);
        let hx = haystack(&x_only);
        let li = filter("", Some(Network::Linkedin), None);
        assert!(matches(&both, &hb, &li));
        assert!(!matches(&x_only, &hx, &li));
        let q4 = filter("", None, Some("q4-2026"));
        assert!(matches(&both, &hb, &q4));
        assert!(!matches(&x_only, &hx, &q4));
        assert!(!matches(&both, &hb, &filter("", None, Some("other"))));
        assert_eq!(networks(std::slice::from_ref(&x_only)), vec![Network::X]);
        assert_eq!(
            networks(&[x_only, both]),
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
        assert_eq!(selected_caption(&i.shares[0]), Some(11));
        assert_eq!(
            preview_card(&i, None).map(|c| c.network),
            Some(Network::Linkedin)
        );
        assert_eq!(
            preview_card(&i, Some(Network::X)).and_then(excerpt),
            Some("for x".into())
        );
        let one = item(
            "T",
            None,
            vec![card(Network::Linkedin, &["first\n\nline"], 0)],
        );
        assert_eq!(excerpt(&one.shares[0]), Some("first line".into()));
        let long = "wörd ".repeat(100);
        let cut = excerpt(&card(Network::X, &[&long], 0)).unwrap_or_default();
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
        assert_eq!(selected_caption(&i.shares[1]), None);
        assert_eq!(needs(&i), vec!["role".to_string()]);
        let fine = item("T", None, vec![card(Network::Linkedin, &["ok"], 0)]);
        assert!(needs(&fine).is_empty());
    }

    #[test]
    fn reply_parses_the_workers_json() {
        let json = r#"{"status":{"source":"user","url":null,"demo":false,"hasFeed":true,"items":1,
          "feedAt":1,"checkedAt":2,"failure":null,"failureAt":null,"retryAt":null},
          "items":[{"itemId":"a","title":"T","summary":"","lang":"en","campaign":null,
            "expiresAt":null,"demo":false,"shares":[]}],
          "dismissed":[{"itemId":"b","title":"B","until":null}],
          "stats":{"month":2,"monthLinkedin":1,"monthX":1,"total":3},
          "campaigns":[],"pausedUntil":null,"personalTracking":true}"#;
        let r: PopupReply = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.items.len(), 1);
        assert_eq!(r.dismissed[0].until, None);
        assert_eq!(r.stats.month_x, 1);
        assert!(r.personal_tracking);
    }
}
