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
}

impl LocalState {
    /// Whether the item is hidden or snoozed at `now`.
    pub fn is_dismissed(&self, item: &str, now_ms: i64) -> bool {
        self.hidden.contains_key(item)
            || self.snoozed.get(item).is_some_and(|&until| until > now_ms)
    }

    /// Whether the item was already shared on `network`.
    pub fn was_shared(&self, item: &str, network: Network) -> bool {
        self.shared
            .iter()
            .any(|s| s.item == item && s.network == network)
    }
}
