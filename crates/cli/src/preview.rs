//! `advocate preview FEED`: what an employee with a given profile sees at a given time, per
//! network, in rank order, with the exact text of every caption variant they can cycle
//! through, its length against the network's limit, and (LinkedIn) where "…see more" folds.
//! Items the employee does not see are listed with the reason.

use advocate_core::feed::{Feed, ValidateOptions};
use advocate_core::fit::check_feed;
use advocate_core::network::Network;
use advocate_core::profile::Profile;
use advocate_core::studio::preview::{preview, CaptionPreview};
use advocate_core::view::CardView;
use anyhow::Result;
use chrono::{DateTime, FixedOffset, Local, Utc};
use serde::Serialize;

use crate::cli::{Format, PreviewArgs};
use crate::fsutil::{read_input, shown};
use crate::render::{count, Style};
use crate::validate::human;
use crate::Outcome;

mod hidden;
mod text;

/// Everything the preview shows, also its `--format json` output.
#[derive(Serialize)]
pub struct Preview {
    /// The moment previewed.
    pub at: String,
    /// The employee.
    pub profile: ProfileJson,
    /// One section per network.
    pub networks: Vec<NetworkPreview>,
}

/// The profile the preview is for (`null`: not set).
#[derive(Serialize)]
pub struct ProfileJson {
    lang: Option<String>,
    team: Option<String>,
    region: Option<String>,
    first_name: Option<String>,
    role: Option<String>,
}

/// What one network shows.
#[derive(Serialize)]
pub struct NetworkPreview {
    network: Network,
    items: Vec<ItemPreview>,
    hidden: Vec<hidden::Hidden>,
}

/// One suggestion.
#[derive(Serialize)]
pub struct ItemPreview {
    rank: usize,
    id: String,
    title: String,
    lang: String,
    pinned: bool,
    priority: u8,
    variants: Vec<VariantPreview>,
}

/// One caption variant: its final text, or which profile field it is waiting for.
#[derive(Serialize)]
pub struct VariantPreview {
    /// JSON Pointer of the caption in the feed.
    caption: String,
    lang: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fits: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    overflow: Option<usize>,
    /// LinkedIn: characters visible before "…see more", when the text folds.
    #[serde(skip_serializing_if = "Option::is_none")]
    fold: Option<usize>,
    /// The profile field a placeholder needs (`first_name`, `role`, `team`) when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    needs: Option<String>,
}

/// Runs `advocate preview`.
pub fn run(args: &PreviewArgs) -> Result<Outcome> {
    let bytes = read_input(&args.feed)?;
    let at = args.at.unwrap_or_else(|| Local::now().fixed_offset());
    let opts = ValidateOptions {
        now: Some(at.with_timezone(&Utc)),
    };
    let checked = match check_feed(&bytes, &opts) {
        Ok(c) => c,
        Err(_) => {
            let report = advocate_core::studio::check::report(&bytes, &opts);
            eprint!("{}", human(&args.feed, &bytes, &report, Style::plain()));
            eprintln!("advocate: fix the errors above to preview the feed");
            return Ok(Outcome::Invalid);
        }
    };
    if !checked.warnings.is_empty() {
        eprintln!(
            "{}: {} (advocate validate shows them)",
            shown(&args.feed),
            count(checked.warnings.len(), "warning", "warnings")
        );
    }
    let profile = Profile {
        first_name: args.first_name.clone().unwrap_or_default(),
        role: args.role.clone().unwrap_or_default(),
        team: args.team.clone().unwrap_or_default(),
        region: args.region.clone().unwrap_or_default(),
        languages: args.lang.iter().cloned().collect(),
        // Each browser has its own code; a stand-in of the same length keeps counts exact.
        tracking_code: "x".repeat(12),
    };
    let networks: Vec<Network> = match args.network {
        Some(n) => vec![n.into()],
        None => Network::ALL.to_vec(),
    };
    let preview = build(&checked.feed, &profile, at, &networks);
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&preview)?),
        Format::Human => print!("{}", text::render(&shown(&args.feed), &preview)),
    }
    Ok(Outcome::Ok)
}

/// Computes the preview: the feed studio's (`advocate_core::studio::preview`), which ranks and
/// renders as the extension does, arranged per network.
pub fn build(
    feed: &Feed,
    profile: &Profile,
    at: DateTime<FixedOffset>,
    networks: &[Network],
) -> Preview {
    let shown = preview(feed, profile, at.timestamp_millis(), networks);
    let prefs = profile.language_prefs("");
    let sections = networks
        .iter()
        .map(|&network| {
            let items = shown
                .cards
                .iter()
                .filter(|card| card.network == network)
                .enumerate()
                .map(|(i, card)| item_preview(feed, card, i + 1, &shown.captions))
                .collect();
            let hidden = shown
                .hidden
                .iter()
                .filter(|h| h.network == network)
                .filter_map(|h| {
                    let item = feed.items.get(h.item_index)?;
                    Some(hidden::describe(
                        h.item_index,
                        item,
                        &h.reason,
                        network,
                        &prefs,
                    ))
                })
                .collect();
            NetworkPreview {
                network,
                items,
                hidden,
            }
        })
        .collect();
    let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
    Preview {
        at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
        profile: ProfileJson {
            lang: profile.languages.first().cloned(),
            team: opt(&profile.team),
            region: opt(&profile.region),
            first_name: opt(&profile.first_name),
            role: opt(&profile.role),
        },
        networks: sections,
    }
}

/// One card with its caption variants, in cycling order.
fn item_preview(
    feed: &Feed,
    card: &CardView,
    rank: usize,
    captions: &[CaptionPreview],
) -> ItemPreview {
    let mut index = None;
    let variants = captions
        .iter()
        .filter(|c| c.network == card.network && c.item_id == card.item_id)
        .map(|c| {
            index = Some(c.item_index);
            VariantPreview {
                caption: format!("/items/{}/captions/{}", c.item_index, c.caption),
                lang: c.lang.clone(),
                text: c.text.clone(),
                length: c.count.map(|n| n.length),
                max: c.count.map(|n| n.max),
                fits: c.count.map(|n| n.valid),
                overflow: c.count.map(|_| c.overflow),
                fold: c.linkedin_fold,
                needs: c.needs.clone(),
            }
        })
        .collect();
    let item = index
        .and_then(|i| feed.items.get(i))
        .or_else(|| feed.item(&card.item_id));
    ItemPreview {
        rank,
        id: card.item_id.clone(),
        title: card.title.clone(),
        lang: card.lang.clone(),
        pinned: item.is_some_and(|i| i.pinned),
        priority: item.map_or(0, |i| i.priority),
        variants,
    }
}
