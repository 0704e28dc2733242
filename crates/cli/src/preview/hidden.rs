//! Why an item is not shown to the previewed employee.

use advocate_core::feed::Item;
use advocate_core::lang::primary;
use advocate_core::rank::{why_not, NotSuggested, RankContext};
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

/// The first reason (in the order an admin would check) that keeps `item` from the employee.
pub fn reason(index: usize, item: &Item, ctx: &RankContext<'_>) -> Hidden {
    let (reason, detail) = explain(item, ctx);
    Hidden {
        id: item.id.clone(),
        pointer: format!("/items/{index}"),
        reason,
        detail,
    }
}

fn explain(item: &Item, ctx: &RankContext<'_>) -> (&'static str, String) {
    let when = |t: &chrono::DateTime<chrono::FixedOffset>| t.format("%Y-%m-%d %H:%M %:z");
    let a = &item.audience;
    // The reason is ranking's own (`why_not`), so the preview cannot disagree with what the
    // extension suggests; only the words are the CLI's.
    match why_not(item, ctx) {
        Some(NotSuggested::Retracted) => ("retracted", "retracted".into()),
        Some(NotSuggested::OtherNetwork) => (
            "other_network",
            format!("not shared on {}", ctx.network.display_name()),
        ),
        Some(NotSuggested::NotYetPublished) => (
            "not_yet_published",
            match &item.publish_at {
                Some(p) => format!("not yet published (from {})", when(p)),
                None => "not yet published".into(),
            },
        ),
        Some(NotSuggested::Expired) => (
            "expired",
            match &item.expires_at {
                Some(e) => format!("expired ({})", when(e)),
                None => "expired".into(),
            },
        ),
        Some(NotSuggested::OtherTeam) => (
            "other_team",
            format!("only for the teams {}", a.teams.join(", ")),
        ),
        Some(NotSuggested::OtherRegion) => (
            "other_region",
            format!("only for the regions {}", a.regions.join(", ")),
        ),
        Some(NotSuggested::OtherLanguage) => {
            let langs: Vec<&str> = ctx.languages.iter().map(|l| primary(l)).collect();
            (
                "other_language",
                format!(
                    "only for readers of {} (the profile reads {})",
                    a.languages.join(", "),
                    langs.join(", ")
                ),
            )
        }
        // Ranking also drops hidden, snoozed and shared items; a preview has none of those.
        Some(NotSuggested::Dismissed | NotSuggested::Shared) | None => {
            ("other", "not suggested".into())
        }
    }
}
