//! The validated feed: what the extension and the CLI work with. Every value here has passed
//! [`super::validate`], so URLs are https, dates are real instants and captions are parsed.

use std::rc::Rc;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use crate::lang::LangText;
use crate::network::{Network, NetworkSet};
use crate::template::Template;

/// Highest feed format version this build understands.
pub const SUPPORTED_VERSION: u64 = 1;

/// A validated feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    /// Format version (≤ [`SUPPORTED_VERSION`]).
    pub version: u64,
    /// The publishing organisation.
    pub organization: Organization,
    /// Feed-wide link tagging.
    pub utm: Utm,
    /// Items in file order.
    pub items: Vec<Item>,
}

impl Feed {
    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }
}

/// The publishing organisation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Organization {
    /// Display name, also `{company}`.
    pub name: String,
    /// Hashtags including the leading `#`.
    pub hashtags: Vec<String>,
}

/// Link tagging settings after defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Utm {
    /// Whether links get UTM parameters at all.
    pub enabled: bool,
    /// `utm_source` template (may contain `{network}`, `{campaign}`). Shared (`Rc`) by every
    /// item that does not set its own, instead of three strings copied per item.
    pub source: Rc<str>,
    /// `utm_medium` template.
    pub medium: Rc<str>,
    /// `utm_campaign` template.
    pub campaign: Rc<str>,
    /// Whether the feed asks for a per-browser pseudonymous code in links (`utm_content`).
    /// Honoured only where the policy allows it ([`crate::settings::Effective::tracking_code`]).
    pub personal: bool,
}

impl Default for Utm {
    fn default() -> Self {
        Utm {
            enabled: true,
            source: "{network}".into(),
            medium: "employee_advocacy".into(),
            campaign: "{campaign}".into(),
            personal: false,
        }
    }
}

/// Whether an item may still be shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Shown to employees.
    Active,
    /// Withdrawn by the admins: never suggested again; people who shared it are told.
    Retracted,
}

impl Status {
    /// The status a feed's `status` names (`active`, `retracted`; exact, lowercase), the one
    /// reading of it for validation and the feed studio.
    pub fn parse(name: &str) -> Option<Status> {
        match name {
            "active" => Some(Status::Active),
            "retracted" => Some(Status::Retracted),
            _ => None,
        }
    }
}

/// A feed date (`publish_at`, `expires_at`) as validation reads it: RFC 3339 with an offset.
pub fn parse_date(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok()
}

/// Who an item is for. Empty lists mean "everyone".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// Team names, compared case-insensitively.
    pub teams: Vec<String>,
    /// Region names, compared case-insensitively.
    pub regions: Vec<String>,
    /// Primary language subtags (`de`, `en`).
    pub languages: Vec<String>,
}

/// A validated item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Unique, URL-safe id.
    pub id: String,
    /// https link to the shared page.
    pub url: String,
    /// https preview image.
    pub image: Option<String>,
    /// Image description per language.
    pub image_alt: LangText,
    /// Headline per language (at least one).
    pub title: LangText,
    /// Summary per language (may be empty).
    pub summary: LangText,
    /// Networks the item may be shared on (never empty).
    pub networks: NetworkSet,
    /// Campaign name.
    pub campaign: Option<String>,
    /// Target audience.
    pub audience: Audience,
    /// Start of the scheduling window.
    pub publish_at: Option<DateTime<FixedOffset>>,
    /// End of the scheduling window (exclusive).
    pub expires_at: Option<DateTime<FixedOffset>>,
    /// 0..=100, higher first.
    pub priority: u8,
    /// Pinned items rank first.
    pub pinned: bool,
    /// Item hashtags including `#`.
    pub hashtags: Vec<String>,
    /// Invitation to add a personal sentence, per language.
    pub personal_prompt: LangText,
    /// Active or retracted.
    pub status: Status,
    /// Note shown after a retraction.
    pub retraction_note: LangText,
    /// Item-level UTM override (already merged with the feed's).
    pub utm: Utm,
    /// Captions in file order (at least one usable per network).
    pub captions: Vec<Caption>,
}

impl Item {
    /// Captions usable on `network`, with their index in [`Item::captions`].
    pub fn captions_for(&self, network: Network) -> impl Iterator<Item = (usize, &Caption)> {
        self.captions
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.network.is_none_or(|n| n == network))
    }
}

/// A validated caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Caption {
    /// Normalised language tag (`de`, `en-GB`).
    pub lang: String,
    /// Restricted to one network, or usable everywhere.
    pub network: Option<Network>,
    /// Parsed text with placeholders.
    pub text: Template,
}
