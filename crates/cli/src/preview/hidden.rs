//! Why an item is not shown to the previewed employee.

use advocate_core::feed::{Item, Status};
use advocate_core::lang::primary;
use advocate_core::rank::{matches_audience, RankContext};
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
    if item.status == Status::Retracted {
        return ("retracted", "retracted".into());
    }
    if !item.networks.contains(ctx.network) {
        return (
            "other_network",
            format!("not shared on {}", ctx.network.display_name()),
        );
    }
    if let Some(p) = item.publish_at.filter(|p| *p > ctx.now) {
        return (
            "not_yet_published",
            format!("not yet published (from {})", when(&p)),
        );
    }
    if let Some(e) = item.expires_at.filter(|e| *e <= ctx.now) {
        return ("expired", format!("expired ({})", when(&e)));
    }
    if !matches_audience(item, ctx.profile, ctx.languages) {
        let a = &item.audience;
        let team_ok = a.teams.is_empty()
            || ctx
                .profile
                .team()
                .is_none_or(|t| a.teams.iter().any(|x| x.eq_ignore_ascii_case(t)));
        if !team_ok {
            return (
                "other_team",
                format!("only for the teams {}", a.teams.join(", ")),
            );
        }
        let region_ok = a.regions.is_empty()
            || ctx
                .profile
                .region()
                .is_none_or(|r| a.regions.iter().any(|x| x.eq_ignore_ascii_case(r)));
        if !region_ok {
            return (
                "other_region",
                format!("only for the regions {}", a.regions.join(", ")),
            );
        }
        let langs: Vec<&str> = ctx.languages.iter().map(|l| primary(l)).collect();
        return (
            "other_language",
            format!(
                "only for readers of {} (the profile reads {})",
                a.languages.join(", "),
                langs.join(", ")
            ),
        );
    }
    // Ranking also drops hidden, snoozed and shared items; a preview has none of those.
    ("other", "not suggested".into())
}
