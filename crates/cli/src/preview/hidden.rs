//! Why an item is not shown to the previewed employee, in the CLI's words. The reason itself is
//! the feed studio's preview's (`advocate_core::studio::preview`), which takes it from ranking,
//! so the preview cannot disagree with what the extension suggests.

use advocate_core::feed::Item;
use advocate_core::lang::primary;
use advocate_core::network::Network;
use advocate_core::studio::preview::HiddenReason;
use serde::Serialize;

/// An item left out, and why.
#[derive(Debug, Serialize)]
pub struct Hidden {
    /// Item id.
    pub id: String,
    /// JSON Pointer of the item.
    pub pointer: String,
    /// Machine-readable reason: `retracted`, `other_network`, `not_yet_published`, `expired`,
    /// `other_team`, `other_region`, `other_language`.
    pub reason: &'static str,
    /// The same in words.
    pub detail: String,
}

/// `item` (at `index`), left out on `network` for `why`, for an employee reading `languages`.
pub fn describe(
    index: usize,
    item: &Item,
    why: &HiddenReason,
    network: Network,
    languages: &[String],
) -> Hidden {
    let (reason, detail) = explain(item, why, network, languages);
    Hidden {
        id: item.id.clone(),
        pointer: format!("/items/{index}"),
        reason,
        detail,
    }
}

fn explain(
    item: &Item,
    why: &HiddenReason,
    network: Network,
    languages: &[String],
) -> (&'static str, String) {
    // Dates as the feed writes them, with their own offset.
    let when = |t: &chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M %:z");
    match why {
        HiddenReason::Retracted => ("retracted", "retracted".into()),
        HiddenReason::NotOnNetwork => (
            "other_network",
            format!("not shared on {}", network.display_name()),
        ),
        HiddenReason::NotYetPublished { .. } => (
            "not_yet_published",
            match &item.publish_at {
                Some(p) => format!("not yet published (from {})", when(p)),
                None => "not yet published".into(),
            },
        ),
        HiddenReason::Expired { .. } => (
            "expired",
            match &item.expires_at {
                Some(e) => format!("expired ({})", when(e)),
                None => "expired".into(),
            },
        ),
        HiddenReason::OtherTeams { teams } => (
            "other_team",
            format!("only for the teams {}", teams.join(", ")),
        ),
        HiddenReason::OtherRegions { regions } => (
            "other_region",
            format!("only for the regions {}", regions.join(", ")),
        ),
        HiddenReason::OtherLanguages { languages: theirs } => {
            let langs: Vec<&str> = languages.iter().map(|l| primary(l)).collect();
            (
                "other_language",
                format!(
                    "only for readers of {} (the profile reads {})",
                    theirs.join(", "),
                    langs.join(", ")
                ),
            )
        }
        // Hidden, snoozed and shared items: a preview has none of those.
        HiddenReason::Dismissed | HiddenReason::AlreadyShared => ("other", "not suggested".into()),
    }
}
