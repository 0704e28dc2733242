//! The final text of a post: caption with placeholders filled, plus the link and hashtags,
//! measured against the network's rules.

use serde::Serialize;

use crate::feed::{Caption, Feed, Item, Utm};
use crate::lang::pick_lang;
use crate::link::add_query_params;
use crate::network::Network;
use crate::profile::Profile;
use crate::template::{MissingValue, Placeholder, Values};
use crate::text::{self, Count};

/// Measures `text` with the rules of `network`.
pub fn count(network: Network, text: &str) -> Count {
    match network {
        Network::Linkedin => text::linkedin::count(text),
        Network::X => text::x::count(text),
    }
}

/// The item's link with UTM parameters for `network` (none when tagging is off). With the
/// feed's explicit opt-in, `utm_content` carries the browser's pseudonymous `tracking_code`.
pub fn tagged_url(item: &Item, network: Network, tracking_code: &str) -> String {
    let utm: &Utm = &item.utm;
    if !utm.enabled {
        return item.url.clone();
    }
    let campaign = item.campaign.as_deref().unwrap_or("");
    let fill = |t: &str| {
        t.replace("{network}", network.as_str())
            .replace("{campaign}", campaign)
    };
    let mut params: Vec<(&str, String)> = vec![
        ("utm_source", fill(&utm.source)),
        ("utm_medium", fill(&utm.medium)),
        ("utm_campaign", fill(&utm.campaign)),
    ];
    if utm.personal {
        params.push(("utm_content", tracking_code.to_string()));
    }
    // A parameter whose template came out empty (no campaign) is left out, not sent blank.
    params.retain(|(_, v)| !v.trim().is_empty());
    let refs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
    add_query_params(&item.url, &refs)
}

/// The organisation's and the item's hashtags, without repeats (case-insensitive).
pub fn hashtags(feed: &Feed, item: &Item) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in feed.organization.hashtags.iter().chain(&item.hashtags) {
        if !out.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            out.push(tag.clone());
        }
    }
    out
}

/// Whether `text` already contains `tag` as a whole hashtag. Case is ignored for ASCII letters
/// only (Unicode case tables would add 23 KB to the wasm module for "#Ärger" vs "#ärger").
fn contains_tag(text: &str, tag: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let tag = tag.to_ascii_lowercase();
    lower.match_indices(&tag).any(|(i, _)| {
        let end = i + tag.len();
        lower[end..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
    })
}

/// A finished post text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Composed {
    /// Index of the caption in the item's list.
    pub caption: usize,
    /// The text to insert.
    pub text: String,
    /// Its length against the network's limit.
    pub count: Count,
}

/// Renders caption `caption` of `item` for `network`: placeholders filled, then the link
/// (unless the caption places `{url}` itself) and the hashtags not already in the text, each
/// after a blank line. Fails if a personal placeholder has no value.
pub fn compose(
    feed: &Feed,
    item: &Item,
    caption: usize,
    network: Network,
    profile: &Profile,
) -> Result<Composed, MissingValue> {
    let c: &Caption = &item.captions[caption.min(item.captions.len().saturating_sub(1))];
    let url = tagged_url(item, network, &profile.tracking_code);
    let tags = hashtags(feed, item);
    let tags_joined = tags.join(" ");
    let title_prefs = [c.lang.clone()];
    let values = Values {
        url: Some(&url),
        title: item.title.pick(&title_prefs),
        company: Some(&feed.organization.name),
        hashtags: Some(&tags_joined),
        first_name: profile.first_name(),
        role: profile.role(),
        team: profile.team(),
    };
    let mut text = c.text.render(&values)?.trim_end().to_string();
    if !c.text.uses(Placeholder::Url) {
        text.push_str("\n\n");
        text.push_str(&url);
    }
    if !c.text.uses(Placeholder::Hashtags) {
        let missing: Vec<&str> = tags
            .iter()
            .filter(|t| !contains_tag(&text, t))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            text.push_str("\n\n");
            text.push_str(&missing.join(" "));
        }
    }
    let count = count(network, &text);
    Ok(Composed {
        caption: caption.min(item.captions.len().saturating_sub(1)),
        text,
        count,
    })
}

/// The captions an employee can choose between for `network`, best language first: those in
/// the language that suits `prefs` (captions written for this network before general ones),
/// in file order. Captions in other languages are not offered: a German speaker should not be
/// handed an English post by "Another caption".
pub fn variants(item: &Item, network: Network, prefs: &[String]) -> Vec<usize> {
    let usable: Vec<(usize, &Caption)> = item.captions_for(network).collect();
    let Some(lang) = pick_lang(usable.iter().map(|(_, c)| c.lang.as_str()), prefs) else {
        return Vec::new();
    };
    let mut out: Vec<usize> = usable
        .iter()
        .filter(|(_, c)| c.lang == lang && c.network == Some(network))
        .map(|(i, _)| *i)
        .collect();
    out.extend(
        usable
            .iter()
            .filter(|(_, c)| c.lang == lang && c.network.is_none())
            .map(|(i, _)| *i),
    );
    out
}

/// The language of the captions [`variants`] offers.
pub fn caption_lang<'a>(item: &'a Item, network: Network, prefs: &[String]) -> Option<&'a str> {
    variants(item, network, prefs)
        .first()
        .map(|&i| item.captions[i].lang.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{parse_feed, ValidateOptions};

    fn feed(captions: &str) -> Feed {
        let src = format!(
            r##"{{"version":1,"organization":{{"name":"Beispiel GmbH","hashtags":["#Beispiel"]}},
            "items":[{{"id":"q4","url":"https://beispiel.de/q4","title":{{"de":"Q4-Bericht","en":"Q4 report"}},
            "campaign":"q4-2026","hashtags":["#Q4"],"captions":{captions}}}]}}"##
        );
        parse_feed(src.as_bytes(), &ValidateOptions::default())
            .unwrap()
            .feed
    }

    #[test]
    fn appends_tagged_link_and_hashtags() {
        let f = feed(r#"[{"lang":"de","text":"Unser {title} ist da!"}]"#);
        let c = compose(&f, &f.items[0], 0, Network::Linkedin, &Profile::default()).unwrap();
        assert_eq!(
            c.text,
            "Unser Q4-Bericht ist da!\n\nhttps://beispiel.de/q4?utm_source=linkedin&utm_medium=employee_advocacy&utm_campaign=q4-2026\n\n#Beispiel #Q4"
        );
        assert!(c.count.valid);
    }

    #[test]
    fn placed_url_and_hashtags_are_not_repeated() {
        let f = feed(r#"[{"lang":"de","text":"Lest {url} {hashtags}\nmit #q4"}]"#);
        let c = compose(&f, &f.items[0], 0, Network::X, &Profile::default()).unwrap();
        assert_eq!(
            c.text,
            "Lest https://beispiel.de/q4?utm_source=x&utm_medium=employee_advocacy&utm_campaign=q4-2026 #Beispiel #Q4\nmit #q4"
        );
        let f = feed(r#"[{"lang":"de","text":"Mehr zu #Q4: {url}"}]"#);
        let c = compose(&f, &f.items[0], 0, Network::X, &Profile::default()).unwrap();
        assert!(c.text.ends_with("q4-2026\n\n#Beispiel"), "{}", c.text);
    }

    #[test]
    fn personal_placeholders_need_values() {
        let f = feed(r#"[{"lang":"de","text":"Ich, {first_name} aus dem {team}: {url}"}]"#);
        assert!(compose(&f, &f.items[0], 0, Network::Linkedin, &Profile::default()).is_err());
        let p = Profile {
            first_name: "Anna".into(),
            team: "Vertrieb".into(),
            ..Profile::default()
        };
        let c = compose(&f, &f.items[0], 0, Network::Linkedin, &p).unwrap();
        assert!(c.text.starts_with("Ich, Anna aus dem Vertrieb: https://"));
    }

    #[test]
    fn variants_prefer_language_then_network_specific() {
        let f = feed(
            r#"[{"lang":"de","text":"A {url}"},{"lang":"en","text":"B {url}"},
                {"lang":"de","network":"x","text":"C {url}"},{"lang":"de","text":"D {url}"},
                {"lang":"de","network":"linkedin","text":"E {url}"}]"#,
        );
        let item = &f.items[0];
        let de = vec!["de-DE".to_string()];
        assert_eq!(variants(item, Network::X, &de), vec![2, 0, 3]);
        assert_eq!(variants(item, Network::Linkedin, &de), vec![4, 0, 3]);
        assert_eq!(variants(item, Network::Linkedin, &["en".into()]), vec![1]);
        assert_eq!(variants(item, Network::Linkedin, &["fr".into()]), vec![1]);
    }

    #[test]
    fn tracking_can_be_switched_off() {
        let mut f = feed(r#"[{"lang":"de","text":"{url}"}]"#);
        f.items[0].utm.enabled = false;
        assert_eq!(
            tagged_url(&f.items[0], Network::X, "abc"),
            "https://beispiel.de/q4"
        );
    }

    #[test]
    fn personal_tracking_only_when_the_feed_opts_in() {
        let mut f = feed(r#"[{"lang":"de","text":"{url}"}]"#);
        let p = Profile {
            tracking_code: "7f3a9c".into(),
            ..Profile::default()
        };
        let plain = compose(&f, &f.items[0], 0, Network::X, &p).unwrap();
        assert!(!plain.text.contains("utm_content"), "{}", plain.text);
        f.items[0].utm.personal = true;
        let tracked = compose(&f, &f.items[0], 0, Network::X, &p).unwrap();
        assert!(
            tracked.text.contains("&utm_content=7f3a9c"),
            "{}",
            tracked.text
        );
    }
}
