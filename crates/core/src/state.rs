//! What the employee did with suggestions, kept locally in the browser (never sent anywhere).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::network::Network;

/// A post the employee made from a suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// Item id.
    pub item: String,
    /// Where.
    pub network: Network,
    /// When (ms since the epoch).
    pub at: i64,
}

/// Per-install state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LocalState {
    /// Hidden items: id → when hidden (ms).
    pub hidden: BTreeMap<String, i64>,
    /// Snoozed items: id → shown again from (ms).
    pub snoozed: BTreeMap<String, i64>,
    /// Posts made from suggestions.
    pub shared: Vec<Shared>,
    /// The caption variant the employee last chose per item (index into the item's captions).
    pub chosen: BTreeMap<String, usize>,
    /// Items shown as feed cards on one local day, for the daily cap.
    pub seen: SeenToday,
    /// Retraction notices the employee dismissed (item ids).
    pub dismissed_notices: Vec<String>,
}

/// The items shown in the feed on one local day.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SeenToday {
    /// Local date, `YYYY-MM-DD`.
    pub day: String,
    /// Item ids shown that day, first shown first.
    pub items: Vec<String>,
}

/// At most this many different suggestions appear as feed cards per day: Advocate should be a
/// welcome nudge, not a stream of demands. The panel and popup always list everything.
pub const DAILY_CARD_ITEMS: usize = 5;

/// Snoozing an item hides it for this long.
pub const SNOOZE_MS: i64 = 7 * 24 * 60 * 60 * 1000;

/// The local calendar day of `now_ms` for a UTC offset of `offset_minutes` (east positive).
pub fn day_key(now_ms: i64, offset_minutes: i32) -> String {
    let local = now_ms + i64::from(offset_minutes) * 60_000;
    let (y, m, d) = crate::time::civil_from_days(local.div_euclid(86_400_000));
    format!("{y:04}-{m:02}-{d:02}")
}

impl LocalState {
    /// Whether the item is hidden or snoozed at `now`.
    pub fn is_dismissed(&self, item: &str, now_ms: i64) -> bool {
        self.hidden.contains_key(item)
            || self.snoozed.get(item).is_some_and(|&until| until > now_ms)
    }

    /// Whether the feed may show `item` as a card today: it was already shown today, or fewer
    /// than [`DAILY_CARD_ITEMS`] different items were. Records it when allowed.
    pub fn allow_card(&mut self, item: &str, day: &str) -> bool {
        if self.seen.day != day {
            self.seen = SeenToday {
                day: day.to_string(),
                items: Vec::new(),
            };
        }
        if self.seen.items.iter().any(|i| i == item) {
            return true;
        }
        if self.seen.items.len() >= DAILY_CARD_ITEMS {
            return false;
        }
        self.seen.items.push(item.to_string());
        true
    }

    /// Records a post made from a suggestion (once per item and network).
    pub fn record_share(&mut self, item: &str, network: Network, at: i64) -> bool {
        if self.was_shared(item, network) {
            return false;
        }
        self.shared.push(Shared {
            item: item.to_string(),
            network,
            at,
        });
        true
    }

    /// Whether the item was already shared on `network`.
    pub fn was_shared(&self, item: &str, network: Network) -> bool {
        self.shared
            .iter()
            .any(|s| s.item == item && s.network == network)
    }
}

/// The employee's own numbers, computed from [`LocalState::shared`] only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Posts this calendar month.
    pub month: usize,
    /// This month on LinkedIn.
    pub month_linkedin: usize,
    /// This month on X.
    pub month_x: usize,
    /// All posts ever made from suggestions.
    pub total: usize,
}

/// Counts posts made from suggestions, this month (local time) and in total.
pub fn stats(state: &LocalState, now_ms: i64, offset_minutes: i32) -> Stats {
    let today = day_key(now_ms, offset_minutes);
    let month = today.get(..7).unwrap_or("");
    let mut out = Stats {
        total: state.shared.len(),
        ..Stats::default()
    };
    for s in &state.shared {
        if day_key(s.at, offset_minutes).starts_with(month) {
            out.month += 1;
            match s.network {
                Network::Linkedin => out.month_linkedin += 1,
                Network::X => out.month_x += 1,
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    #[test]
    fn daily_cap_counts_distinct_items_per_local_day() {
        let mut s = LocalState::default();
        for i in 0..DAILY_CARD_ITEMS {
            assert!(s.allow_card(&format!("i{i}"), "2026-11-27"));
        }
        assert!(!s.allow_card("new", "2026-11-27"));
        assert!(
            s.allow_card("i0", "2026-11-27"),
            "an item already shown today may show again"
        );
        assert!(s.allow_card("new", "2026-11-28"), "a new day starts afresh");
    }

    #[test]
    fn local_days_follow_the_offset() {
        // 2026-11-27 23:30 UTC is already the 28th in Berlin (UTC+1).
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-27T23:30:00Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(day_key(t, 0), "2026-11-27");
        assert_eq!(day_key(t, 60), "2026-11-28");
    }

    #[test]
    fn stats_count_this_month_by_network() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-27T12:00:00Z")
            .unwrap()
            .timestamp_millis();
        let mut s = LocalState::default();
        assert!(s.record_share("a", Network::Linkedin, now - DAY));
        assert!(
            !s.record_share("a", Network::Linkedin, now),
            "once per item and network"
        );
        assert!(s.record_share("a", Network::X, now - 2 * DAY));
        assert!(s.record_share("b", Network::Linkedin, now - 40 * DAY));
        let st = stats(&s, now, 60);
        assert_eq!(
            st,
            Stats {
                month: 2,
                month_linkedin: 1,
                month_x: 1,
                total: 3
            }
        );
    }
}
