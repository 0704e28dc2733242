//! What the launcher's panel (and the composer picker) beside LinkedIn's and X's own pages
//! shows: the suggestions for that network, best first, as cards.

use serde::{Deserialize, Serialize};

use super::{CardView, StatusView, Viewer};
use crate::feed::Item;
use crate::network::Network;

/// The reply to the panel's request: its cards, the status line, and a pause.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelView {
    /// A card per suggestion, best first.
    pub cards: Vec<CardView>,
    /// The sync status line.
    pub status: StatusView,
    /// When suggestions resume, while they are paused (ms).
    pub paused_until: Option<i64>,
}

impl PanelView {
    /// The panel without a feed: the status only.
    pub fn without_feed(status: StatusView) -> PanelView {
        PanelView {
            cards: Vec::new(),
            status,
            paused_until: None,
        }
    }
}

/// The panel for `viewer` on `network`: a card for each of `ranked` (the suggestions for that
/// network, best first, as [`crate::rank::suggestions`] orders them).
pub fn panel<'f>(
    viewer: &Viewer<'_>,
    network: Network,
    ranked: impl IntoIterator<Item = &'f Item>,
    status: StatusView,
) -> PanelView {
    PanelView {
        cards: ranked
            .into_iter()
            .map(|item| viewer.card(item, network))
            .collect(),
        status,
        paused_until: viewer.paused_until(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::suggestions;
    use crate::settings::UserSettings;
    use crate::state::LocalState;
    use crate::sync::{FeedSource, SyncStatus};
    use crate::view::{status_view, Fixture};

    #[test]
    fn the_panel_shows_the_ranked_cards_with_the_chosen_caption_and_a_pause() {
        let src = r#"{"version":1,"organization":{"name":"B"},"items":[
          {"id":"a","url":"https://b.de/a","title":{"en":"A"},"captions":[
            {"lang":"en","text":"first {url}"},{"lang":"en","text":"second {url}"}]},
          {"id":"b","url":"https://b.de/b","title":{"en":"B"},"pinned":true,"networks":["x"],
           "captions":[{"lang":"en","text":"b {url}"}]}]}"#;
        let now_ms = 1_795_773_600_000;
        let user = UserSettings {
            paused_until: Some(now_ms + 60_000),
            ..UserSettings::default()
        };
        let mut state = LocalState::default();
        state.chosen.insert("a".into(), 1);
        let fixture = Fixture::new(src, &user, state);
        let viewer = fixture.viewer(now_ms);
        let now = viewer.now;
        let status = || status_view(&FeedSource::Demo, &SyncStatus::default(), None, None, now);
        let on_x = suggestions(&fixture.feed, &viewer.rank_context(Network::X));
        let view = panel(&viewer, Network::X, on_x, status());
        let cards: Vec<(&str, Network)> = view
            .cards
            .iter()
            .map(|c| (c.item_id.as_str(), c.network))
            .collect();
        assert_eq!(cards, [("b", Network::X), ("a", Network::X)]);
        // The caption the employee chose last comes first.
        assert_eq!(view.cards[1].selected_caption(), Some(1));
        assert_eq!(view.paused_until, Some(now_ms + 60_000));
        let empty = PanelView::without_feed(status());
        assert!(empty.cards.is_empty() && empty.paused_until.is_none());
    }
}
