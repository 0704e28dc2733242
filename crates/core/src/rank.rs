//! Which items an employee sees, and in what order.

use chrono::{DateTime, FixedOffset, Utc};

use crate::feed::{Feed, Item, Status};
use crate::lang::primary;
use crate::network::Network;
use crate::profile::Profile;
use crate::state::LocalState;

/// Everything ranking depends on besides the feed.
#[derive(Debug, Clone)]
pub struct RankContext<'a> {
    /// Current time.
    pub now: DateTime<Utc>,
    /// The network the suggestions are for.
    pub network: Network,
    /// The employee.
    pub profile: &'a Profile,
    /// Language preferences (see [`Profile::language_prefs`]).
    pub languages: &'a [String],
    /// Hidden, snoozed and shared items.
    pub state: &'a LocalState,
}

/// Where `now` falls in a publishing window: before `publish_at`, inside, or from
/// `expires_at` on (the end is exclusive). The one rule for "is this item live", used by
/// ranking and by the feed studio's item states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// `publish_at` is still ahead.
    Scheduled,
    /// Inside the window (or no dates at all).
    Live,
    /// `expires_at` has been reached.
    Expired,
}

/// Where `now` falls in the window `publish_at`..`expires_at` (either may be open). A start
/// still ahead wins over an end already passed (only an invalid feed has both), so the item
/// reads as "not yet published", as an admin would check it first.
pub fn window(
    publish_at: Option<DateTime<FixedOffset>>,
    expires_at: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> Window {
    if publish_at.is_some_and(|p| p > now) {
        Window::Scheduled
    } else if expires_at.is_some_and(|e| e <= now) {
        Window::Expired
    } else {
        Window::Live
    }
}

/// Whether `item` is inside its publishing window at `now`.
pub fn is_live(item: &Item, now: DateTime<Utc>) -> bool {
    window(item.publish_at, item.expires_at, now) == Window::Live
}

/// Why an item is not suggested in a [`RankContext`]: the first reason, in the order an admin
/// would check them. Data-free (and `Copy`), so that asking costs ranking nothing; what the
/// reason refers to (the dates, the audience lists) is in the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSuggested {
    /// `status: retracted`.
    Retracted,
    /// The item is not shared on the context's network.
    OtherNetwork,
    /// `publish_at` is still ahead.
    NotYetPublished,
    /// `expires_at` has been reached.
    Expired,
    /// `audience.teams` does not name the employee's team.
    OtherTeam,
    /// `audience.regions` does not name the employee's region.
    OtherRegion,
    /// `audience.languages` names none of the employee's languages.
    OtherLanguage,
    /// The employee hid the item, or snoozed it until later.
    Dismissed,
    /// The employee already shared it on this network.
    Shared,
}

/// Whether the item's audience includes the employee. A list the employee has no value for
/// (team not set yet) does not exclude them: a fresh install should see something, and the
/// options page asks for the team.
pub fn matches_audience(item: &Item, profile: &Profile, languages: &[String]) -> bool {
    audience_miss(item, profile, languages).is_none()
}

/// The first audience list that leaves the employee out (see [`matches_audience`]).
fn audience_miss(item: &Item, profile: &Profile, languages: &[String]) -> Option<NotSuggested> {
    let a = &item.audience;
    let team_ok = a.teams.is_empty()
        || profile
            .team()
            .is_none_or(|t| a.teams.iter().any(|x| x.eq_ignore_ascii_case(t)));
    if !team_ok {
        return Some(NotSuggested::OtherTeam);
    }
    let region_ok = a.regions.is_empty()
        || profile
            .region()
            .is_none_or(|r| a.regions.iter().any(|x| x.eq_ignore_ascii_case(r)));
    if !region_ok {
        return Some(NotSuggested::OtherRegion);
    }
    let lang_ok = a.languages.is_empty()
        || languages.is_empty()
        || languages.iter().any(|l| {
            a.languages
                .iter()
                .any(|x| x.eq_ignore_ascii_case(primary(l)))
        });
    (!lang_ok).then_some(NotSuggested::OtherLanguage)
}

/// Why `item` is not one to suggest in `ctx`, or `None` when it is. [`is_candidate`] is this
/// function's "no reason", so a preview's reasons and the extension's choice cannot disagree.
pub fn why_not(item: &Item, ctx: &RankContext<'_>) -> Option<NotSuggested> {
    if item.status != Status::Active {
        return Some(NotSuggested::Retracted);
    }
    if !item.networks.contains(ctx.network) {
        return Some(NotSuggested::OtherNetwork);
    }
    match window(item.publish_at, item.expires_at, ctx.now) {
        Window::Scheduled => return Some(NotSuggested::NotYetPublished),
        Window::Expired => return Some(NotSuggested::Expired),
        Window::Live => {}
    }
    if let Some(miss) = audience_miss(item, ctx.profile, ctx.languages) {
        return Some(miss);
    }
    if ctx.state.is_dismissed(&item.id, ctx.now.timestamp_millis()) {
        return Some(NotSuggested::Dismissed);
    }
    if ctx.state.was_shared(&item.id, ctx.network) {
        return Some(NotSuggested::Shared);
    }
    None
}

/// Whether the item is one to suggest in `ctx` at all.
pub fn is_candidate(item: &Item, ctx: &RankContext<'_>) -> bool {
    why_not(item, ctx).is_none()
}

/// What ranks an item: pinned first, then higher priority, then later `publish_at` (undated
/// items, `None`, count as oldest); greater ranks first. Ties keep file order (stable sort).
/// Computed once per item, so the sort compares three fields, not two items.
type RankKey = (bool, u8, Option<DateTime<FixedOffset>>);

fn rank_key(item: &Item) -> RankKey {
    (item.pinned, item.priority, item.publish_at)
}

/// The items to suggest, best first: pinned, then higher priority, then fresher (later
/// `publish_at`; undated items count as oldest), then file order.
pub fn suggestions<'f>(feed: &'f Feed, ctx: &RankContext<'_>) -> Vec<&'f Item> {
    suggestion_indices(feed, ctx)
        .into_iter()
        .map(|i| &feed.items[i])
        .collect()
}

/// [`suggestions`] as indices into `feed.items`, for callers that keep the order longer than
/// a borrow of the feed (the extension caches it per network).
pub fn suggestion_indices(feed: &Feed, ctx: &RankContext<'_>) -> Vec<usize> {
    let mut items: Vec<(usize, RankKey)> = feed
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| is_candidate(item, ctx))
        .map(|(i, item)| (i, rank_key(item)))
        .collect();
    crate::util::sort::sort_by(&mut items, |(_, a), (_, b)| b.cmp(a));
    items.into_iter().map(|(i, _)| i).collect()
}

/// Items to list in the popup: those suggested on at least one of `networks`, best first (the
/// same order as [`suggestions`]), each with the networks it may be shared on there.
pub fn across_networks<'f>(
    feed: &'f Feed,
    ctx: &RankContext<'_>,
    networks: &[Network],
) -> Vec<(&'f Item, Vec<Network>)> {
    let mut out: Vec<(RankKey, &Item, Vec<Network>)> = Vec::new();
    for item in &feed.items {
        let on: Vec<Network> = networks
            .iter()
            .copied()
            .filter(|&n| {
                is_candidate(
                    item,
                    &RankContext {
                        network: n,
                        ..ctx.clone()
                    },
                )
            })
            .collect();
        if !on.is_empty() {
            out.push((rank_key(item), item, on));
        }
    }
    crate::util::sort::sort_by(&mut out, |(a, _, _), (b, _, _)| b.cmp(a));
    out.into_iter().map(|(_, item, on)| (item, on)).collect()
}

/// Whether every item of the feed is past its expiry at `now` (a feed like that is refused by
/// sync: it would replace useful suggestions with none).
pub fn all_expired(feed: &Feed, now: DateTime<Utc>) -> bool {
    !feed.items.is_empty()
        && feed
            .items
            .iter()
            .all(|i| i.expires_at.is_some_and(|e| e <= now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{parse_feed, ValidateOptions};

    fn feed(items: &str) -> Feed {
        let src = format!(r#"{{"version":1,"organization":{{"name":"B"}},"items":[{items}]}}"#);
        parse_feed(src.as_bytes(), &ValidateOptions::default())
            .unwrap()
            .feed
    }

    fn item(id: &str, extra: &str) -> String {
        format!(
            r#"{{"id":"{id}","url":"https://b.de/{id}","title":{{"en":"{id}"}},"captions":[{{"lang":"en","text":"x"}}]{extra}}}"#
        )
    }

    fn ids(feed: &Feed, ctx: &RankContext<'_>) -> Vec<String> {
        suggestions(feed, ctx)
            .iter()
            .map(|i| i.id.clone())
            .collect()
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn orders_pinned_priority_freshness_file_order() {
        let f = feed(
            &[
                item("a", ""),
                item("b", r#","priority":90"#),
                item("c", r#","pinned":true,"priority":10"#),
                item("d", r#","priority":90,"publish_at":"2026-11-01T00:00:00Z""#),
                item("e", ""),
            ]
            .join(","),
        );
        let (p, s) = (Profile::default(), LocalState::default());
        let ctx = RankContext {
            now: at("2026-11-27T00:00:00Z"),
            network: Network::Linkedin,
            profile: &p,
            languages: &[],
            state: &s,
        };
        assert_eq!(ids(&f, &ctx), ["c", "d", "b", "a", "e"]);
        // The same order as positions in the file (what the extension caches).
        assert_eq!(suggestion_indices(&f, &ctx), [2, 3, 1, 0, 4]);
    }

    #[test]
    fn filters_window_network_status_audience_and_state() {
        let f = feed(
            &[
                item("future", r#","publish_at":"2026-12-01T00:00:00+01:00""#),
                item("expired", r#","expires_at":"2026-11-26T00:00:00Z""#),
                item("xonly", r#","networks":["x"]"#),
                item(
                    "gone",
                    r#","status":"retracted","retraction_note":{"en":"n"}"#,
                ),
                item("sales", r#","audience":{"teams":["Sales"]}"#),
                item(
                    "dach",
                    r#","audience":{"regions":["DACH"],"languages":["de"]}"#,
                ),
                item("hidden", ""),
                item("snoozed", ""),
                item("shared", ""),
                item("ok", ""),
            ]
            .join(","),
        );
        let now = at("2026-11-27T00:00:00Z");
        let mut s = LocalState::default();
        s.hidden.insert("hidden".into(), 0);
        s.snoozed
            .insert("snoozed".into(), now.timestamp_millis() + 1);
        s.shared.push(crate::state::Shared {
            item: "shared".into(),
            network: Network::Linkedin,
            at: 0,
        });
        let engineer = Profile {
            team: "engineering".into(),
            region: "DACH".into(),
            ..Profile::default()
        };
        let de = vec!["de-DE".to_string()];
        let ctx = RankContext {
            now,
            network: Network::Linkedin,
            profile: &engineer,
            languages: &de,
            state: &s,
        };
        assert_eq!(ids(&f, &ctx), ["dach", "ok"]);
        let unknown = Profile::default();
        let en = vec!["en".to_string()];
        let ctx = RankContext {
            profile: &unknown,
            languages: &en,
            ..ctx
        };
        assert_eq!(ids(&f, &ctx), ["sales", "ok"]);
        let later = RankContext {
            now: at("2026-12-05T00:00:00Z"),
            state: &LocalState::default(),
            ..ctx
        };
        assert!(ids(&f, &later).contains(&"snoozed".to_string()));
        assert!(ids(&f, &later).contains(&"future".to_string()));
    }

    #[test]
    fn every_item_left_out_has_its_reason_and_only_those() {
        let f = feed(
            &[
                item("future", r#","publish_at":"2026-12-01T00:00:00+01:00""#),
                item("expired", r#","expires_at":"2026-11-26T00:00:00Z""#),
                item("xonly", r#","networks":["x"]"#),
                item(
                    "gone",
                    r#","status":"retracted","retraction_note":{"en":"n"},"networks":["x"]"#,
                ),
                item(
                    "sales",
                    r#","audience":{"teams":["Sales"],"regions":["US"]}"#,
                ),
                item("us", r#","audience":{"regions":["US"],"languages":["fr"]}"#),
                item("fr", r#","audience":{"languages":["fr"]}"#),
                item("hidden", ""),
                item("shared", ""),
                item("ok", ""),
            ]
            .join(","),
        );
        let now = at("2026-11-27T00:00:00Z");
        let mut s = LocalState::default();
        s.hidden.insert("hidden".into(), 0);
        s.record_share("shared", Network::Linkedin, 0);
        let p = Profile {
            team: "engineering".into(),
            region: "DACH".into(),
            ..Profile::default()
        };
        let de = vec!["de".to_string()];
        let ctx = RankContext {
            now,
            network: Network::Linkedin,
            profile: &p,
            languages: &de,
            state: &s,
        };
        let reasons: Vec<(&str, Option<NotSuggested>)> = f
            .items
            .iter()
            .map(|i| (i.id.as_str(), why_not(i, &ctx)))
            .collect();
        use NotSuggested::*;
        assert_eq!(
            reasons,
            [
                ("future", Some(NotYetPublished)),
                ("expired", Some(Expired)),
                ("xonly", Some(OtherNetwork)),
                ("gone", Some(Retracted)),
                ("sales", Some(OtherTeam)),
                ("us", Some(OtherRegion)),
                ("fr", Some(OtherLanguage)),
                ("hidden", Some(Dismissed)),
                ("shared", Some(Shared)),
                ("ok", None),
            ]
        );
        for item in &f.items {
            assert_eq!(is_candidate(item, &ctx), why_not(item, &ctx).is_none());
        }
    }

    #[test]
    fn the_window_is_open_at_publish_and_closed_at_expiry() {
        let t = |s: &str| Some(DateTime::parse_from_rfc3339(s).unwrap());
        let now = at("2026-11-27T00:00:00Z");
        assert_eq!(window(None, None, now), Window::Live);
        assert_eq!(
            window(t("2026-11-27T01:00:00+01:00"), None, now),
            Window::Live
        );
        assert_eq!(
            window(t("2026-11-27T00:00:01Z"), None, now),
            Window::Scheduled
        );
        assert_eq!(
            window(None, t("2026-11-27T00:00:00Z"), now),
            Window::Expired
        );
        assert_eq!(window(None, t("2026-11-27T00:00:01Z"), now), Window::Live);
        // Both broken (only an invalid feed): the start is what to look at first.
        assert_eq!(
            window(t("2026-12-01T00:00:00Z"), t("2026-11-01T00:00:00Z"), now),
            Window::Scheduled
        );
    }

    #[test]
    fn detects_all_expired() {
        let now = at("2026-11-27T00:00:00Z");
        let f = feed(&item("a", r#","expires_at":"2026-11-01T00:00:00Z""#));
        assert!(all_expired(&f, now));
        let f = feed(
            &[
                item("a", r#","expires_at":"2026-11-01T00:00:00Z""#),
                item("b", ""),
            ]
            .join(","),
        );
        assert!(!all_expired(&f, now));
    }
}
