//! View models: exactly what a card, the panel, the picker or the popup shows, computed here so
//! the UI code only turns them into elements.

use serde::{Deserialize, Serialize};

use chrono::{DateTime, Utc};

use crate::compose::{compose, variants};
use crate::feed::{Feed, Item};
use crate::network::Network;
use crate::profile::Profile;
use crate::rank::RankContext;
use crate::rotation::default_variant;
use crate::settings::Effective;
use crate::state::LocalState;
use crate::template::{MissingValue, Placeholder};
use crate::text;

mod panel;
mod popup;

pub use panel::{panel, PanelView};
pub use popup::{offered_networks, popup, DismissedView, Filter, PopupItem, PopupView};

/// Whom the views are for: the feed in use and the employee, at one moment. The extension
/// builds one per request from what it has in memory and storage.
#[derive(Debug, Clone, Copy)]
pub struct Viewer<'a> {
    /// The feed in use.
    pub feed: &'a Feed,
    /// The feed is the bundled demo.
    pub demo: bool,
    /// The settings in force (the profile's `tracking_code` filled in).
    pub settings: &'a Effective,
    /// Hidden, snoozed, chosen and shared items.
    pub state: &'a LocalState,
    /// Language preferences, best first.
    pub prefs: &'a [String],
    /// This install's random id (variant rotation).
    pub install_id: &'a str,
    /// Now.
    pub now: DateTime<Utc>,
}

impl<'a> Viewer<'a> {
    /// What ranking needs for `network`.
    pub fn rank_context(&self, network: Network) -> RankContext<'a> {
        RankContext {
            now: self.now,
            network,
            profile: &self.settings.profile,
            languages: self.prefs,
            state: self.state,
        }
    }

    /// The card for `item` on `network`, starting at the caption the employee chose last.
    pub fn card(&self, item: &Item, network: Network) -> CardView {
        let ctx = CardContext {
            feed: self.feed,
            network,
            profile: &self.settings.profile,
            prefs: self.prefs,
            install_id: self.install_id,
            demo: self.demo,
        };
        card_view(&ctx, item, self.state.chosen.get(&item.id).copied())
    }

    /// When suggestions resume, while they are paused (ms).
    pub fn paused_until(&self) -> Option<i64> {
        let now = self.now.timestamp_millis();
        self.settings.user.paused_until.filter(|&u| u > now)
    }
}

/// One caption variant, rendered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VariantView {
    /// Index into the item's captions (what "Share" sends back).
    pub caption: usize,
    /// The final text.
    pub text: String,
    /// Its length by the network's rules.
    pub length: usize,
    /// The network's limit.
    pub max: usize,
    /// Whether it fits.
    pub fits: bool,
    /// Characters over the limit (0 when it fits).
    pub overflow: usize,
    /// LinkedIn: characters (not bytes) visible before "…see more", when the text folds.
    pub fold: Option<usize>,
}

/// A suggestion card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardView {
    /// Item id.
    pub item_id: String,
    /// Publishing organisation.
    pub organization: String,
    /// From the bundled demo feed.
    pub demo: bool,
    /// Network the card is for.
    pub network: Network,
    /// Language of the texts shown (for the `lang` attribute).
    pub lang: String,
    /// Headline.
    pub title: String,
    /// Summary (may be empty).
    pub summary: String,
    /// https image.
    pub image: Option<String>,
    /// Image description (empty: decorative).
    pub image_alt: String,
    /// The article link, untagged.
    pub url: String,
    /// Invitation to add an own sentence.
    pub personal_prompt: String,
    /// Variants usable now, in cycling order.
    pub variants: Vec<VariantView>,
    /// Which variant to show first (index into `variants`).
    pub selected: usize,
    /// Profile fields the employee must fill before any caption can be used (e.g. `first_name`).
    pub needs: Vec<String>,
}

/// What every card for one employee and network has in common.
#[derive(Debug, Clone, Copy)]
pub struct CardContext<'a> {
    /// The feed in use.
    pub feed: &'a Feed,
    /// The network the card shares to.
    pub network: Network,
    /// The employee.
    pub profile: &'a Profile,
    /// Language preferences, best first.
    pub prefs: &'a [String],
    /// This install's random id (variant rotation).
    pub install_id: &'a str,
    /// The feed is the bundled demo.
    pub demo: bool,
}

/// Builds the card for `item`. `preferred` is the caption index the employee last chose, if
/// any; otherwise the install's default variant. A variant that does not fit the network is
/// skipped in favour of the next that does; if none fits, the preferred one is shown with its
/// overflow so the employee can shorten it.
pub fn card_view(ctx: &CardContext<'_>, item: &Item, preferred: Option<usize>) -> CardView {
    let CardContext {
        feed,
        network,
        profile,
        prefs,
        install_id,
        demo,
    } = *ctx;
    let order = variants(item, network, prefs);
    let mut needs: Vec<String> = Vec::new();
    let mut rendered = Vec::new();
    for &i in &order {
        match compose(feed, item, i, network, profile) {
            Ok(c) => rendered.push(VariantView {
                caption: i,
                fold: (network == Network::Linkedin)
                    .then(|| text::linkedin::fold_at(&c.text))
                    .flatten()
                    .map(|b| c.text[..b].chars().count()),
                length: c.count.length,
                max: c.count.max,
                fits: c.count.valid,
                overflow: c.count.overflow(),
                text: c.text,
            }),
            Err(MissingValue(p)) => {
                if !needs.iter().any(|n| n == p.name()) {
                    needs.push(p.name().to_string());
                }
            }
        }
    }
    // Only ask for profile fields when nothing is usable without them.
    if !rendered.is_empty() {
        needs.clear();
    }
    let start = preferred
        .and_then(|p| rendered.iter().position(|v| v.caption == p))
        .unwrap_or_else(|| default_variant(install_id, &item.id, rendered.len()));
    let selected = (0..rendered.len())
        .map(|k| (start + k) % rendered.len())
        .find(|&k| rendered[k].fits)
        .unwrap_or(start);
    let lang = order
        .first()
        .map(|&i| item.captions[i].lang.clone())
        .unwrap_or_default();
    let lp = [lang.clone()];
    let pick = |t: &crate::lang::LangText| t.pick(&lp).unwrap_or_default().to_string();
    CardView {
        item_id: item.id.clone(),
        organization: feed.organization.name.clone(),
        demo,
        network,
        title: pick(&item.title),
        summary: pick(&item.summary),
        image: item.image.clone(),
        image_alt: pick(&item.image_alt),
        url: item.url.clone(),
        personal_prompt: pick(&item.personal_prompt),
        lang,
        variants: rendered,
        selected,
        needs,
    }
}

/// Whether any caption of `item` needs `p` (e.g. for the options page to explain why a field
/// matters).
pub fn uses_placeholder(item: &Item, p: Placeholder) -> bool {
    item.captions.iter().any(|c| c.text.uses(p))
}

/// A sync failure as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailureView {
    /// `_locales` message name.
    pub key: String,
    /// Its substitutions.
    pub args: Vec<String>,
    /// When set, the message has singular and plural forms (`{key}One` / `{key}Other`).
    pub count: Option<usize>,
    /// The same in English (for the log and the options page's details).
    pub detail: String,
}

/// The sync status line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusView {
    /// Where the address comes from: `policy`, `user` or `demo`.
    pub source: String,
    /// The configured address (none for the demo).
    pub url: Option<String>,
    /// The feed in use is the bundled demo.
    pub demo: bool,
    /// There is a good feed at all.
    pub has_feed: bool,
    /// Items live now (any network).
    pub items: usize,
    /// When the feed in use was fetched (ms).
    pub feed_at: Option<i64>,
    /// Last time a sync confirmed the feed (ms).
    pub checked_at: Option<i64>,
    /// Why the last attempt failed, if it did.
    pub failure: Option<FailureView>,
    /// When it failed (ms).
    pub failure_at: Option<i64>,
    /// When the next retry is due (ms).
    pub retry_at: Option<i64>,
}

/// Builds the status line from the stored status and the feed in use.
pub fn status_view(
    source: &crate::sync::FeedSource,
    status: &crate::sync::SyncStatus,
    session_checked: Option<i64>,
    feed: Option<(&Feed, bool, i64)>,
    now: chrono::DateTime<chrono::Utc>,
) -> StatusView {
    use crate::sync::FeedSource;
    StatusView {
        source: match source {
            FeedSource::Policy(_) => "policy",
            FeedSource::User(_) => "user",
            FeedSource::Demo => "demo",
        }
        .to_string(),
        url: source.configured_url().map(str::to_string),
        demo: feed.is_some_and(|(_, demo, _)| demo),
        has_feed: feed.is_some(),
        items: feed.map_or(0, |(f, _, _)| {
            f.items
                .iter()
                .filter(|i| i.status == crate::feed::Status::Active && crate::rank::is_live(i, now))
                .count()
        }),
        feed_at: feed.map(|(_, _, at)| at),
        checked_at: status.last_success.max(session_checked),
        failure: status.failure.as_ref().map(|f| FailureView {
            key: f.message_key().to_string(),
            args: f.message_args(),
            count: f.count(),
            detail: f.to_string(),
        }),
        failure_at: status.failure_at,
        retry_at: status.retry_at,
    }
}

/// A time distance, in the unit a person would use for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ago {
    /// Less than a minute.
    JustNow,
    /// Whole minutes.
    Minutes(i64),
    /// Whole hours.
    Hours(i64),
    /// Whole days.
    Days(i64),
}

/// How long ago `then` was at `now` (both ms).
pub fn ago(then_ms: i64, now_ms: i64) -> Ago {
    let secs = (now_ms - then_ms).max(0) / 1000;
    match secs {
        0..=59 => Ago::JustNow,
        60..=3599 => Ago::Minutes(secs / 60),
        3600..=86_399 => Ago::Hours(secs / 3600),
        _ => Ago::Days(secs / 86_400),
    }
}

/// A feed and an employee to build views for, in tests.
#[cfg(test)]
pub(crate) struct Fixture {
    pub feed: Feed,
    pub settings: Effective,
    pub state: LocalState,
    pub prefs: Vec<String>,
}

#[cfg(test)]
impl Fixture {
    /// `feed` (JSON, valid), the employee's settings `user` (no policy) and `state`, reading
    /// English.
    pub fn new(feed: &str, user: &crate::settings::UserSettings, state: LocalState) -> Fixture {
        let feed = crate::feed::parse_feed(feed.as_bytes(), &Default::default())
            .map(|c| c.feed)
            .unwrap_or_else(|r| panic!("{r}"));
        Fixture {
            feed,
            settings: crate::settings::merge(&Default::default(), user),
            state,
            prefs: vec!["en".to_string()],
        }
    }

    /// The viewer at `now_ms`.
    pub fn viewer(&self, now_ms: i64) -> Viewer<'_> {
        Viewer {
            feed: &self.feed,
            demo: false,
            settings: &self.settings,
            state: &self.state,
            prefs: &self.prefs,
            install_id: "install",
            now: DateTime::from_timestamp_millis(now_ms).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_picks_the_natural_unit() {
        let m = 60_000;
        assert_eq!(ago(0, 59_000), Ago::JustNow);
        assert_eq!(ago(0, 5 * m), Ago::Minutes(5));
        assert_eq!(ago(0, 119 * m), Ago::Hours(1));
        assert_eq!(ago(0, 49 * 60 * m), Ago::Days(2));
        assert_eq!(ago(10, 0), Ago::JustNow);
    }
}

/// A retraction notice: an item the employee shared was withdrawn by the admins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeView {
    /// Item id (to dismiss the notice).
    pub item_id: String,
    /// The item's title.
    pub title: String,
    /// The admins' note (may be empty).
    pub note: String,
    /// Language of the texts.
    pub lang: String,
    /// Where the employee shared it.
    pub network: Network,
    /// When (ms).
    pub shared_at: i64,
}

/// Notices for retracted items the employee shared on `network` (all networks if `None`) and
/// has not dismissed yet.
pub fn retraction_notices(
    feed: &Feed,
    state: &crate::state::LocalState,
    network: Option<Network>,
    prefs: &[String],
) -> Vec<NoticeView> {
    let mut out = Vec::new();
    for shared in &state.shared {
        if network.is_some_and(|n| n != shared.network)
            || state.dismissed_notices.contains(&shared.item)
            || out.iter().any(|n: &NoticeView| n.item_id == shared.item)
        {
            continue;
        }
        let Some(item) = feed.item(&shared.item) else {
            continue;
        };
        if item.status != crate::feed::Status::Retracted {
            continue;
        }
        let lang = crate::lang::pick_lang(item.title.langs(), prefs)
            .unwrap_or_default()
            .to_string();
        let lp = [lang.clone()];
        out.push(NoticeView {
            item_id: item.id.clone(),
            title: item.title.pick(&lp).unwrap_or_default().to_string(),
            note: item
                .retraction_note
                .pick(&lp)
                .unwrap_or_default()
                .to_string(),
            lang,
            network: shared.network,
            shared_at: shared.at,
        });
    }
    out
}

#[cfg(test)]
mod notice_tests {
    use super::*;
    use crate::feed::{parse_feed, ValidateOptions};
    use crate::state::LocalState;

    #[test]
    fn notices_for_shared_retracted_items_until_dismissed() {
        let src = r#"{"version":1,"organization":{"name":"B"},"items":[
          {"id":"a","url":"https://b.de/a","title":{"de":"A-de","en":"A-en"},"status":"retracted",
           "retraction_note":{"de":"Zahlen korrigiert","en":"Figures corrected"},
           "captions":[{"lang":"en","text":"x"}]},
          {"id":"b","url":"https://b.de/b","title":{"en":"B"},"captions":[{"lang":"en","text":"x"}]}]}"#;
        let feed = parse_feed(src.as_bytes(), &ValidateOptions::default())
            .unwrap()
            .feed;
        let mut state = LocalState::default();
        assert!(retraction_notices(&feed, &state, None, &[]).is_empty());
        state.record_share("a", Network::Linkedin, 5);
        state.record_share("b", Network::Linkedin, 6);
        let de = vec!["de".to_string()];
        let n = retraction_notices(&feed, &state, Some(Network::Linkedin), &de);
        assert_eq!(n.len(), 1);
        assert_eq!(
            (n[0].title.as_str(), n[0].note.as_str()),
            ("A-de", "Zahlen korrigiert")
        );
        assert!(retraction_notices(&feed, &state, Some(Network::X), &de).is_empty());
        state.dismissed_notices.push("a".into());
        assert!(retraction_notices(&feed, &state, None, &de).is_empty());
    }
}
