//! `advocate preview FEED`: what an employee with a given profile sees at a given time, per
//! network, in rank order, with the exact text of every caption variant they can cycle
//! through, its length against the network's limit, and (LinkedIn) where "…see more" folds.
//! Items the employee does not see are listed with the reason.

use advocate_core::compose::{compose, variants};
use advocate_core::feed::{Feed, Item, ValidateOptions};
use advocate_core::fit::check_feed;
use advocate_core::network::Network;
use advocate_core::profile::Profile;
use advocate_core::rank::{suggestions, RankContext};
use advocate_core::state::LocalState;
use advocate_core::template::MissingValue;
use advocate_core::text::linkedin::fold_at;
use advocate_core::view::{card_view, CardContext};
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

/// Computes the preview.
pub fn build(
    feed: &Feed,
    profile: &Profile,
    at: DateTime<FixedOffset>,
    networks: &[Network],
) -> Preview {
    let prefs = profile.language_prefs("");
    let state = LocalState::default();
    let now = at.with_timezone(&Utc);
    let sections = networks
        .iter()
        .map(|&network| {
            let ctx = RankContext {
                now,
                network,
                profile,
                languages: &prefs,
                state: &state,
            };
            let ranked = suggestions(feed, &ctx);
            let items = ranked
                .iter()
                .enumerate()
                .map(|(i, item)| item_preview(feed, item, i + 1, network, profile, &prefs))
                .collect();
            let hidden = feed
                .items
                .iter()
                .enumerate()
                .filter(|(_, item)| !ranked.iter().any(|r| r.id == item.id))
                .map(|(i, item)| hidden::reason(i, item, &ctx))
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

fn item_preview(
    feed: &Feed,
    item: &Item,
    rank: usize,
    network: Network,
    profile: &Profile,
    prefs: &[String],
) -> ItemPreview {
    let card = card_view(
        &CardContext {
            feed,
            network,
            profile,
            prefs,
            install_id: "preview",
            demo: false,
        },
        item,
        None,
    );
    let index = feed.items.iter().position(|i| i.id == item.id).unwrap_or(0);
    let variants = variants(item, network, prefs)
        .into_iter()
        .map(|c| {
            let caption = format!("/items/{index}/captions/{c}");
            let lang = item.captions[c].lang.clone();
            match compose(feed, item, c, network, profile) {
                Ok(done) => VariantPreview {
                    caption,
                    lang,
                    fold: (network == Network::Linkedin)
                        .then(|| fold_at(&done.text))
                        .flatten()
                        .map(|b| done.text[..b].chars().count()),
                    length: Some(done.count.length),
                    max: Some(done.count.max),
                    fits: Some(done.count.valid),
                    overflow: Some(done.count.overflow()),
                    text: Some(done.text),
                    needs: None,
                },
                Err(MissingValue(p)) => VariantPreview {
                    caption,
                    lang,
                    text: None,
                    length: None,
                    max: None,
                    fits: None,
                    overflow: None,
                    fold: None,
                    needs: Some(p.name().to_string()),
                },
            }
        })
        .collect();
    ItemPreview {
        rank,
        id: item.id.clone(),
        title: card.title,
        lang: card.lang,
        pinned: item.pinned,
        priority: item.priority,
        variants,
    }
}
