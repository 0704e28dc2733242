//! Whether every caption can fit the networks it is meant for: a pass of its own after
//! validation, for whoever writes the feed (`advocate validate` and the CLI's other commands).
//!
//! It composes every caption for every network, tens of thousands of texts for a large feed.
//! The extension does not run it: it shows each caption's count and overflow when it renders
//! it, and a caption that is too long for one employee's name may fit another's.

use crate::compose::compose;
use crate::feed::raw::RawFeed;
use crate::feed::{Checked, Diagnostic, Feed, Item, Rejected, ValidateOptions, Validation};
use crate::network::Network;
use crate::profile::Profile;

/// Validates feed bytes and checks that every caption can fit: everything `advocate validate`
/// reports, placed and ordered as [`crate::feed::parse_feed`] places and orders its findings.
pub fn check_feed(bytes: &[u8], opts: &ValidateOptions) -> Result<Checked, Rejected> {
    let mut validation = Validation::of_bytes(bytes, opts);
    add_findings(&mut validation);
    validation.finish()
}

/// [`check_feed`] for raw data (`advocate import`).
pub fn check_raw(raw: &RawFeed, opts: &ValidateOptions) -> Result<Checked, Rejected> {
    let mut validation = Validation::of_raw(raw, opts);
    add_findings(&mut validation);
    validation.finish()
}

/// Adds an error for every caption of the items that passed validation that can never fit.
pub fn add_findings(validation: &mut Validation<'_>) {
    let Some(feed) = validation.feed() else {
        return;
    };
    let found: Vec<Diagnostic> = validation
        .items()
        .flat_map(|(index, item)| never_fits(feed, item, index))
        .collect();
    for d in found {
        validation.add(d);
    }
}

/// The captions of `item` (at `index` in the file) that can never fit a network they are
/// meant for: too long with the link and hashtags added, even when every personal placeholder
/// is a single letter. (With an employee's longer name the extension shows the overflow and
/// lets them shorten it; a caption that cannot fit anyone is an admin's mistake.)
pub fn never_fits(feed: &Feed, item: &Item, index: usize) -> Vec<Diagnostic> {
    let shortest = Profile {
        first_name: "A".into(),
        role: "A".into(),
        team: "A".into(),
        ..Profile::default()
    };
    let mut out = Vec::new();
    for (j, caption) in item.captions.iter().enumerate() {
        for network in item.networks.iter() {
            if caption.network.is_some_and(|n| n != network) {
                continue;
            }
            let Ok(composed) = compose(feed, item, j, network, &shortest) else {
                continue;
            };
            let c = composed.count;
            if c.length <= c.max {
                continue;
            }
            let others: Vec<Network> = item.networks.iter().filter(|n| *n != network).collect();
            let hint = match (caption.network, others.first()) {
                (None, Some(other)) => format!(
                    "shorten it, or add \"network\": \"{}\" to use it on {} only",
                    other.as_str(),
                    other.display_name()
                ),
                _ => "shorten it".to_string(),
            };
            out.push(Diagnostic::error(
                format!("/items/{index}/captions/{j}/text"),
                format!(
                    "with its link and hashtags this caption is {} characters on {}, over the limit of {}; {hint}",
                    c.length,
                    network.display_name(),
                    c.max
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::parse_feed;

    fn feed(caption: &str, networks: &str) -> String {
        format!(
            r#"{{"version":1,"organization":{{"name":"B"}},"items":[
              {{"id":"ok","url":"https://b.de/","title":{{"en":"A"}},"captions":[{{"lang":"en","text":"x"}}]}},
              {{"id":"long","url":"https://b.de/","title":{{"en":"A"}},"networks":{networks},
                "captions":[{{"lang":"en","text":"{caption}"}}]}}]}}"#
        )
    }

    #[test]
    fn a_caption_too_long_for_x_is_an_error_of_the_pass_not_of_validation() {
        let src = feed(&"a".repeat(300), r#"["linkedin","x"]"#);
        assert!(parse_feed(src.as_bytes(), &ValidateOptions::default()).is_ok());
        let rejected = check_feed(src.as_bytes(), &ValidateOptions::default())
            .err()
            .map(|r| r.diagnostics)
            .unwrap_or_default();
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert_eq!(rejected[0].pointer, "/items/1/captions/0/text");
        assert!(rejected[0].message.contains("over the limit of 280"));
        assert!(rejected[0]
            .message
            .ends_with("or add \"network\": \"linkedin\" to use it on LinkedIn only"));
        // Placed in the text like validation's own findings.
        assert_eq!(rejected[0].line, Some(4));
    }

    #[test]
    fn captions_that_fit_and_items_that_failed_validation_are_left_alone() {
        let src = feed(&"a".repeat(200), r#"["x"]"#);
        assert!(check_feed(src.as_bytes(), &ValidateOptions::default()).is_ok());
        // The long item is refused for its network name; the pass sees the items that passed.
        let src = feed(&"a".repeat(300), r#"["twitter"]"#);
        let rejected = check_feed(src.as_bytes(), &ValidateOptions::default())
            .err()
            .map(|r| r.diagnostics)
            .unwrap_or_default();
        assert_eq!(rejected.len(), 1, "{rejected:?}");
        assert!(rejected[0].message.starts_with("unknown network"));
    }
}
