//! What one employee gets from the feed at one moment: the cards the extension would show, in
//! rank order, every caption variant they can cycle through with its final text and length,
//! and the items they do not get, with the reason. `advocate preview` prints the same.
//!
//! Nothing here decides on its own: the order is [`rank::suggestion_indices`], the reasons
//! are [`rank::why_not`] (whose "no reason" is what ranking suggests), the cards are
//! [`crate::view::card_view`] (what the extension's card frame shows), the texts [`compose`].
//! The reasons carry data, not sentences: the words are the UI's.

use serde::Serialize;

use crate::compose::{compose, variants};
use crate::feed::{Feed, Item};
use crate::network::Network;
use crate::profile::Profile;
use crate::rank::{self, NotSuggested, RankContext};
use crate::rotation;
use crate::state::LocalState;
use crate::template::MissingValue;
use crate::text::Count;
use crate::view::{card_view, CardContext, CardView};

use super::instant;

/// The install id the preview's cards are made for: it picks each card's first variant, as a
/// real install's random id does.
const PREVIEW_INSTALL: &str = "preview";

/// What an employee gets, per network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The cards, for each network asked for in turn, each network's in rank order (the order
    /// the extension shows them in).
    pub cards: Vec<CardView>,
    /// Every caption variant of every card, in the card's cycling order.
    pub captions: Vec<CaptionPreview>,
    /// The items not shown, per network, in file order.
    pub hidden: Vec<Hidden>,
}

/// One caption variant as the employee would post it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaptionPreview {
    /// The item's id.
    pub item_id: String,
    /// The item's index in the feed (its pointer is `/items/{item_index}`).
    pub item_index: usize,
    /// The network the text is for.
    pub network: Network,
    /// The caption's index in the item (`/items/{item_index}/captions/{caption}`).
    pub caption: usize,
    /// The caption's language.
    pub lang: String,
    /// The position in the card's cycling order (0 first).
    pub variant: usize,
    /// The final text (placeholders filled, the tagged link and the hashtags added), unless
    /// the caption needs a profile field the employee has not set (`needs`).
    pub text: Option<String>,
    /// Its length in the network's unit, the network's limit, and whether the network takes it.
    pub count: Option<Count>,
    /// How much is over the limit (0 when it fits).
    pub overflow: usize,
    /// LinkedIn: characters (not bytes) shown before "…see more", when the text folds.
    pub linkedin_fold: Option<usize>,
    /// The profile field a placeholder needs before this caption can be used (`first_name`,
    /// `role`, `team`), when it is not set.
    pub needs: Option<String>,
}

/// An item the employee does not get on one network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hidden {
    /// The item's id.
    pub item_id: String,
    /// The item's index in the feed.
    pub item_index: usize,
    /// The network.
    pub network: Network,
    /// Why (the first reason, in the order an admin would check them).
    pub reason: HiddenReason,
}

/// Why an item is not shown: [`rank::NotSuggested`] with what it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "reason",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum HiddenReason {
    /// Retracted.
    Retracted,
    /// The item is not shared on this network.
    NotOnNetwork,
    /// Not published yet.
    NotYetPublished {
        /// When it will be (ms).
        publish_at_ms: i64,
    },
    /// Expired.
    Expired {
        /// Since when (ms).
        expires_at_ms: i64,
    },
    /// Only for other teams.
    OtherTeams {
        /// The item's teams.
        teams: Vec<String>,
    },
    /// Only for other regions.
    OtherRegions {
        /// The item's regions.
        regions: Vec<String>,
    },
    /// Only for readers of other languages.
    OtherLanguages {
        /// The item's audience languages.
        languages: Vec<String>,
    },
    /// Hidden or snoozed by the employee (never in a preview, which has no local state).
    Dismissed,
    /// Already shared on this network (never in a preview).
    AlreadyShared,
}

impl HiddenReason {
    /// The reason ranking gave, with the item's data it refers to.
    fn of(why: NotSuggested, item: &Item) -> HiddenReason {
        let ms = |d: Option<chrono::DateTime<chrono::FixedOffset>>| {
            d.map(|d| d.timestamp_millis()).unwrap_or_default()
        };
        match why {
            NotSuggested::Retracted => HiddenReason::Retracted,
            NotSuggested::OtherNetwork => HiddenReason::NotOnNetwork,
            NotSuggested::NotYetPublished => HiddenReason::NotYetPublished {
                publish_at_ms: ms(item.publish_at),
            },
            NotSuggested::Expired => HiddenReason::Expired {
                expires_at_ms: ms(item.expires_at),
            },
            NotSuggested::OtherTeam => HiddenReason::OtherTeams {
                teams: item.audience.teams.clone(),
            },
            NotSuggested::OtherRegion => HiddenReason::OtherRegions {
                regions: item.audience.regions.clone(),
            },
            NotSuggested::OtherLanguage => HiddenReason::OtherLanguages {
                languages: item.audience.languages.clone(),
            },
            NotSuggested::Dismissed => HiddenReason::Dismissed,
            NotSuggested::Shared => HiddenReason::AlreadyShared,
        }
    }
}

/// What `employee` gets from `feed` at `at_ms` on each of `networks`, as a fresh install
/// (nothing hidden, snoozed or shared yet). The employee's languages are `employee.languages`
/// (the extension falls back to the browser's language when they are empty: put it there to
/// preview that). `employee.tracking_code` stands for the browser's pseudonymous link code,
/// used where the feed asks for one; left empty, a code of the real length stands in, so the
/// lengths are those of the longest text an employee can get.
///
/// Item indices are positions in `feed.items`, which are the file's for a valid feed.
pub fn preview(feed: &Feed, employee: &Profile, at_ms: i64, networks: &[Network]) -> Preview {
    let mut profile = employee.clone();
    if profile.tracking_code.is_empty() {
        profile.tracking_code = rotation::tracking_code(PREVIEW_INSTALL);
    }
    let prefs = profile.language_prefs("");
    let state = LocalState::default();
    let mut out = Preview {
        cards: Vec::new(),
        captions: Vec::new(),
        hidden: Vec::new(),
    };
    for &network in networks {
        let ctx = RankContext {
            now: instant(at_ms),
            network,
            profile: &profile,
            languages: &prefs,
            state: &state,
        };
        let cards = CardContext {
            feed,
            network,
            profile: &profile,
            prefs: &prefs,
            install_id: PREVIEW_INSTALL,
            demo: false,
        };
        for index in rank::suggestion_indices(feed, &ctx) {
            let Some(item) = feed.items.get(index) else {
                continue;
            };
            let card = card_view(&cards, item, None);
            out.captions
                .extend(caption_previews(feed, item, index, &card, &profile, &prefs));
            out.cards.push(card);
        }
        out.hidden
            .extend(feed.items.iter().enumerate().filter_map(|(index, item)| {
                rank::why_not(item, &ctx).map(|why| Hidden {
                    item_id: item.id.clone(),
                    item_index: index,
                    network,
                    reason: HiddenReason::of(why, item),
                })
            }));
    }
    out
}

/// The variants of `card` (the item at `index`) in cycling order: the card's own rendering of
/// each, and for those the card leaves out because a profile field is missing, which field.
fn caption_previews(
    feed: &Feed,
    item: &Item,
    index: usize,
    card: &CardView,
    profile: &Profile,
    prefs: &[String],
) -> Vec<CaptionPreview> {
    let network = card.network;
    variants(item, network, prefs)
        .into_iter()
        .enumerate()
        .map(|(variant, caption)| {
            let mut preview = CaptionPreview {
                item_id: item.id.clone(),
                item_index: index,
                network,
                caption,
                lang: item
                    .captions
                    .get(caption)
                    .map(|c| c.lang.clone())
                    .unwrap_or_default(),
                variant,
                text: None,
                count: None,
                overflow: 0,
                linkedin_fold: None,
                needs: None,
            };
            match card.variants.iter().find(|v| v.caption == caption) {
                Some(v) => {
                    preview.text = Some(v.text.clone());
                    preview.count = Some(Count {
                        length: v.length,
                        max: v.max,
                        valid: v.fits,
                    });
                    preview.overflow = v.overflow;
                    preview.linkedin_fold = v.fold;
                }
                // The card leaves out only captions that cannot be composed; ask which field.
                None => {
                    if let Err(MissingValue(p)) = compose(feed, item, caption, network, profile) {
                        preview.needs = Some(p.name().to_string());
                    }
                }
            }
            preview
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{parse_feed, ValidateOptions};

    fn feed(items: &str) -> Feed {
        let src = format!(
            r##"{{"version":1,"organization":{{"name":"Beispiel GmbH","hashtags":["#Beispiel"]}},"items":[{items}]}}"##
        );
        parse_feed(src.as_bytes(), &ValidateOptions::default())
            .unwrap_or_else(|r| panic!("{r}"))
            .feed
    }

    fn item(id: &str, extra: &str, captions: &str) -> String {
        format!(
            r#"{{"id":"{id}","url":"https://b.de/{id}","title":{{"de":"Titel {id}","en":"Title {id}"}},"captions":{captions}{extra}}}"#
        )
    }

    const PLAIN: &str = r#"[{"lang":"en","text":"Read {title}"}]"#;

    fn ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }

    const AT: &str = "2026-11-27T10:00:00+01:00";

    #[test]
    fn cards_in_rank_order_with_every_variant_and_the_reasons_for_the_rest() {
        let f = feed(
            &[
                item("low", r#","priority":10"#, PLAIN),
                item(
                    "top",
                    r#","priority":90"#,
                    r#"[{"lang":"de","text":"Hallo {first_name}: {title}"},{"lang":"de","network":"x","text":"Kurz"},{"lang":"en","text":"Hi"}]"#,
                ),
                item("sales", r#","audience":{"teams":["Sales"]}"#, PLAIN),
                item(
                    "later",
                    r#","publish_at":"2026-12-01T08:00:00+01:00""#,
                    PLAIN,
                ),
                item("old", r#","expires_at":"2026-11-01T00:00:00Z""#, PLAIN),
                item(
                    "gone",
                    r#","status":"retracted","retraction_note":{"en":"n"}"#,
                    PLAIN,
                ),
                item("xonly", r#","networks":["x"]"#, PLAIN),
                item("fr", r#","audience":{"languages":["fr"],"regions":["DACH"]}"#, PLAIN),
            ]
            .join(","),
        );
        let employee = Profile {
            team: "Engineering".into(),
            region: "DACH".into(),
            languages: vec!["de".into()],
            ..Profile::default()
        };
        let p = preview(&f, &employee, ms(AT), &Network::ALL);
        let cards: Vec<(Network, &str)> = p
            .cards
            .iter()
            .map(|c| (c.network, c.item_id.as_str()))
            .collect();
        assert_eq!(
            cards,
            [
                (Network::Linkedin, "top"),
                (Network::Linkedin, "low"),
                (Network::X, "top"),
                (Network::X, "xonly"),
                (Network::X, "low"),
            ]
        );
        // The German captions of "top" on X: the X one first, then the general one, which
        // waits for a first name.
        let top_x: Vec<&CaptionPreview> = p
            .captions
            .iter()
            .filter(|c| c.item_id == "top" && c.network == Network::X)
            .collect();
        assert_eq!(top_x.len(), 2);
        assert_eq!((top_x[0].caption, top_x[0].variant), (1, 0));
        assert!(top_x[0]
            .text
            .as_deref()
            .unwrap()
            .starts_with("Kurz\n\nhttps://b.de/top?"));
        assert_eq!(top_x[0].count.map(|c| c.max), Some(280));
        assert_eq!((top_x[1].caption, top_x[1].variant), (0, 1));
        assert_eq!(top_x[1].needs.as_deref(), Some("first_name"));
        assert_eq!(top_x[1].text, None);
        let hidden: Vec<(Network, &str, &HiddenReason)> = p
            .hidden
            .iter()
            .map(|h| (h.network, h.item_id.as_str(), &h.reason))
            .collect();
        let later = HiddenReason::NotYetPublished {
            publish_at_ms: ms("2026-12-01T08:00:00+01:00"),
        };
        let old = HiddenReason::Expired {
            expires_at_ms: ms("2026-11-01T00:00:00Z"),
        };
        let sales = HiddenReason::OtherTeams {
            teams: vec!["Sales".into()],
        };
        let fr = HiddenReason::OtherLanguages {
            languages: vec!["fr".into()],
        };
        assert_eq!(
            hidden,
            [
                (Network::Linkedin, "sales", &sales),
                (Network::Linkedin, "later", &later),
                (Network::Linkedin, "old", &old),
                (Network::Linkedin, "gone", &HiddenReason::Retracted),
                (Network::Linkedin, "xonly", &HiddenReason::NotOnNetwork),
                (Network::Linkedin, "fr", &fr),
                (Network::X, "sales", &sales),
                (Network::X, "later", &later),
                (Network::X, "old", &old),
                (Network::X, "gone", &HiddenReason::Retracted),
                (Network::X, "fr", &fr),
            ]
        );
    }

    #[test]
    fn the_cards_are_the_extensions_and_the_texts_are_composed() {
        let f = feed(&item(
            "q4",
            "",
            &format!(
                r#"[{{"lang":"en","text":"{}"}},{{"lang":"en","text":"Short {{title}}"}}]"#,
                "Long text. ".repeat(30)
            ),
        ));
        let employee = Profile::default();
        let p = preview(&f, &employee, ms(AT), &[Network::Linkedin]);
        let card = &p.cards[0];
        let ctx = CardContext {
            feed: &f,
            network: Network::Linkedin,
            profile: &Profile {
                tracking_code: rotation::tracking_code(PREVIEW_INSTALL),
                ..Profile::default()
            },
            prefs: &[],
            install_id: PREVIEW_INSTALL,
            demo: false,
        };
        assert_eq!(card, &card_view(&ctx, &f.items[0], None));
        assert_eq!(p.captions.len(), 2);
        for (c, v) in p.captions.iter().zip(&card.variants) {
            let composed =
                compose(&f, &f.items[0], c.caption, Network::Linkedin, ctx.profile).unwrap();
            assert_eq!(c.text.as_deref(), Some(composed.text.as_str()));
            assert_eq!(c.count, Some(composed.count));
            assert_eq!(c.linkedin_fold, v.fold);
        }
        assert!(p.captions.iter().all(|c| c.linkedin_fold.is_some()));
    }

    #[test]
    fn personal_link_codes_have_the_real_length() {
        let f = feed(&item("q4", r#","utm":{"personal":true}"#, PLAIN));
        let p = preview(&f, &Profile::default(), ms(AT), &[Network::X]);
        let text = p.captions[0].text.clone().unwrap_or_default();
        let code = rotation::tracking_code("some install");
        let shown = text
            .split("utm_content=")
            .nth(1)
            .map(|s| {
                s.split(|c: char| !c.is_ascii_alphanumeric())
                    .next()
                    .unwrap_or("")
            })
            .unwrap_or("");
        assert_eq!(shown.len(), code.len(), "{text}");
    }

    #[test]
    fn reasons_serialize_as_tagged_data() {
        let json = serde_json::to_value(HiddenReason::OtherTeams {
            teams: vec!["Sales".into()],
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"reason": "otherTeams", "teams": ["Sales"]})
        );
        let json =
            serde_json::to_value(HiddenReason::NotYetPublished { publish_at_ms: 1 }).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"reason": "notYetPublished", "publishAtMs": 1})
        );
    }
}
