//! The feed exactly as admins write it: serde types that mirror the JSON, with no meaning
//! attached yet. [`super::validate`] turns them into the types in [`super::model`].
//!
//! Strings stay strings here (dates, URLs, network names, language tags) so that validation can
//! say precisely what is wrong with each one instead of stopping at the first serde error.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

#[cfg(feature = "schema")]
use super::limits::*;

/// A text per language tag, e.g. `{"de": "Unser Q4-Bericht", "en": "Our Q4 report"}`.
pub type RawLangMap = BTreeMap<String, String>;

/// Reads a [`RawLangMap`], refusing a language written twice. A plain map would keep the last
/// text silently; failing here sends validation down its slow path, which names the repeat.
fn unique_lang_map<'de, D: Deserializer<'de>>(deserializer: D) -> Result<RawLangMap, D::Error> {
    struct Unique;

    impl<'de> Visitor<'de> for Unique {
        type Value = RawLangMap;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a map")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawLangMap, A::Error> {
            let mut out = RawLangMap::new();
            while let Some((tag, text)) = map.next_entry::<String, String>()? {
                if out.contains_key(&tag) {
                    return Err(serde::de::Error::custom(format_args!(
                        "\"{tag}\" appears twice here; keep only one"
                    )));
                }
                out.insert(tag, text);
            }
            Ok(out)
        }
    }

    deserializer.deserialize_map(Unique)
}

/// Reads the item list with one call per item that the compiler may not inline: V8 switches a
/// wasm function it found hot to optimised code only for its next call, so all items read
/// inside one huge function would run unoptimised until the loop ends.
fn items<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<RawItem>, D::Error> {
    struct Items;

    impl<'de> Visitor<'de> for Items {
        type Value = Vec<RawItem>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<RawItem>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_ITEMS_HINT));
            while let Some(item) = seq.next_element_seed(OneItem)? {
                out.push(item);
            }
            Ok(out)
        }
    }

    struct OneItem;

    impl<'de> DeserializeSeed<'de> for OneItem {
        type Value = RawItem;

        #[inline(never)]
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<RawItem, D::Error> {
            RawItem::deserialize(deserializer)
        }
    }

    deserializer.deserialize_seq(Items)
}

/// Preallocation cap for a length the input claims (serde's own cautious limit is similar).
const MAX_ITEMS_HINT: usize = 4096;

/// An Advocate feed: the posts an organisation suggests to its employees for LinkedIn and X.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    /// Optional link to the JSON Schema, so editors can autocomplete and check the file, e.g.
    /// `./feed.schema.json`.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Format version of the feed. This Advocate understands version 1.
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub version: u64,
    /// Who publishes the feed.
    pub organization: RawOrganization,
    /// How links are tagged for campaign statistics (UTM parameters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub links: Option<RawLinks>,
    /// The posts employees are invited to share.
    #[cfg_attr(feature = "schema", schemars(length(max = MAX_ITEMS)))]
    #[serde(deserialize_with = "items")]
    pub items: Vec<RawItem>,
}

/// The organisation that publishes the feed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Organization")
)]
#[serde(deny_unknown_fields)]
pub struct RawOrganization {
    /// The company name shown on every suggestion and used for `{company}`.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_NAME_CHARS)))]
    pub name: String,
    /// Hashtags added to every post (e.g. `#BeispielGmbH`), used for `{hashtags}`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = MAX_HASHTAGS), inner(regex(pattern = super::patterns::HASHTAG_PATTERN)))
    )]
    pub hashtags: Vec<String>,
}

/// Feed-wide link tagging.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Links")
)]
#[serde(deny_unknown_fields)]
pub struct RawLinks {
    /// UTM parameters added to every item's link unless the item overrides them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<RawUtm>,
}

/// UTM parameters. `{network}` and `{campaign}` may be used inside the values.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Utm")
)]
#[serde(deny_unknown_fields)]
pub struct RawUtm {
    /// `utm_source`; default `{network}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_NAME_CHARS)))]
    pub source: Option<String>,
    /// `utm_medium`; default `employee_advocacy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_NAME_CHARS)))]
    pub medium: Option<String>,
    /// `utm_campaign`; default `{campaign}` (left out when the item has no campaign).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_NAME_CHARS)))]
    pub campaign: Option<String>,
    /// Set to `false` to switch link tagging off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Set to `true` to add `utm_content` with a pseudonymous code per browser, so shares can
    /// be counted per person. Off by default, and only where IT allows it by policy
    /// (`allowPersonalLinks`); employees are told in the popup and options when it is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal: Option<bool>,
}

/// One suggestion.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Item")
)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    /// Unique, URL-safe id (letters, digits, `-`, `_`, `.`), e.g. `q4-report-2026`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = super::patterns::ID_PATTERN)))]
    pub id: String,
    /// The page employees share (https).
    #[cfg_attr(feature = "schema", schemars(url, regex(pattern = super::patterns::HTTPS_PATTERN)))]
    pub url: String,
    /// Preview image (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(url, regex(pattern = super::patterns::HTTPS_PATTERN)))]
    pub image: Option<String>,
    /// Description of the image for screen readers, per language.
    #[serde(
        default,
        deserialize_with = "unique_lang_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::patterns::prose_map")
    )]
    pub image_alt: RawLangMap,
    /// Headline per language, e.g. `{"de": "Unser Q4-Bericht", "en": "Our Q4 report"}`.
    #[serde(deserialize_with = "unique_lang_map")]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::patterns::title_map")
    )]
    pub title: RawLangMap,
    /// One or two sentences per language.
    #[serde(
        default,
        deserialize_with = "unique_lang_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::patterns::prose_map")
    )]
    pub summary: RawLangMap,
    /// Where the item may be shared: `linkedin`, `x`. Default: all networks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<Vec<super::patterns::NetworkName>>", length(min = 1))
    )]
    pub networks: Option<Vec<String>>,
    /// Campaign name, used for filtering and `utm_campaign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_NAME_CHARS)))]
    pub campaign: Option<String>,
    /// Who should see the item. Absent: everyone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<RawAudience>,
    /// Not shown before this time: date, time and offset, e.g. `2026-11-20T08:00:00+01:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub publish_at: Option<String>,
    /// Not shown from this time on (later than `publish_at`), e.g. `2026-12-31T23:59:59+01:00`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("format" = "date-time")))]
    pub expires_at: Option<String>,
    /// 0 to 100, higher first. Default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub priority: Option<i64>,
    /// Pinned items come before all others.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pinned: bool,
    /// Hashtags for this item, added after the organisation's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(length(max = MAX_HASHTAGS), inner(regex(pattern = super::patterns::HASHTAG_PATTERN)))
    )]
    pub hashtags: Vec<String>,
    /// A question that invites the employee's own sentence, per language.
    #[serde(
        default,
        deserialize_with = "unique_lang_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::patterns::prose_map")
    )]
    pub personal_prompt: RawLangMap,
    /// `active` (default) or `retracted`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<super::patterns::StatusName>")
    )]
    pub status: Option<String>,
    /// Shown to employees who shared a retracted item, per language.
    #[serde(
        default,
        deserialize_with = "unique_lang_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(schema_with = "super::patterns::prose_map")
    )]
    pub retraction_note: RawLangMap,
    /// UTM parameters for this item, overriding `links.utm`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm: Option<RawUtm>,
    /// Suggested captions: several per language give colleagues variety.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = MAX_CAPTIONS)))]
    pub captions: Vec<RawCaption>,
}

/// Who an item is meant for. Each list, when present, must match the employee's profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Audience")
)]
#[serde(deny_unknown_fields)]
pub struct RawAudience {
    /// Team names, e.g. `sales`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(inner(length(min = 1, max = MAX_NAME_CHARS)))
    )]
    pub teams: Vec<String>,
    /// Regions, e.g. `DACH`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(inner(length(min = 1, max = MAX_NAME_CHARS)))
    )]
    pub regions: Vec<String>,
    /// Language tags the employee reads, e.g. `de`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(
        feature = "schema",
        schemars(inner(regex(pattern = super::patterns::LANG_PATTERN)))
    )]
    pub languages: Vec<String>,
}

/// One suggested caption.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[cfg_attr(
    feature = "schema",
    derive(schemars::JsonSchema),
    schemars(rename = "Caption")
)]
#[serde(deny_unknown_fields)]
pub struct RawCaption {
    /// Language tag (BCP 47), e.g. `de`, `en`, `en-GB`.
    #[cfg_attr(feature = "schema", schemars(regex(pattern = super::patterns::LANG_PATTERN)))]
    pub lang: String,
    /// Only for this network (`linkedin` or `x`); absent: any network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<super::patterns::NetworkName>")
    )]
    pub network: Option<String>,
    /// The text. Placeholders: `{url}`, `{title}`, `{company}`, `{hashtags}`, `{first_name}`,
    /// `{role}`, `{team}`; write `{{` and `}}` for literal braces.
    #[cfg_attr(
        feature = "schema",
        schemars(length(min = 1, max = MAX_CAPTION_CHARS), regex(pattern = r"\S"))
    )]
    pub text: String,
}

/// The field names of the raw type `T`, as its derived `Deserialize` reads them (renames
/// applied): the one list of each object's fields. The slow path of validation offers them for
/// "unknown field … (did you mean …?)", and tests hold the schema and validation's pointers to
/// them.
pub fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let names = Cell::new(&[][..]);
    let _ = T::deserialize(FieldNames(&names));
    names.get()
}

/// A deserializer that only listens: a derived struct reader hands it its field names through
/// `deserialize_struct`, and it stops there.
struct FieldNames<'a>(&'a Cell<&'static [&'static str]>);

/// Ends a [`FieldNames`] reading.
#[derive(Debug)]
struct Stop;

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("only the field names were asked for")
    }
}

impl std::error::Error for Stop {}

impl serde::de::Error for Stop {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Stop
    }
}

impl<'de> Deserializer<'de> for FieldNames<'_> {
    type Error = Stop;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Stop> {
        self.0.set(fields);
        Err(Stop)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_come_from_the_types() {
        assert_eq!(
            fields_of::<RawFeed>(),
            ["$schema", "version", "organization", "links", "items"]
        );
        assert_eq!(fields_of::<RawCaption>(), ["lang", "network", "text"]);
        assert_eq!(fields_of::<RawItem>().len(), 19);
        assert!(fields_of::<RawLangMap>().is_empty());
    }
}
