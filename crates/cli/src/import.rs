//! `advocate import SHEET.csv -o FEED`: a feed from a spreadsheet.
//!
//! The sheet's rules (encodings, separators, columns, both layouts) and its messages live in
//! `advocate_core::import`, shared with the feed studio; this file reads and writes the files
//! and prints. The organisation comes from `--organization` and `--hashtags`, or from the
//! output feed if it exists (its `organization`, `links` and `$schema` are kept, its items
//! replaced; the flags override it). Errors are reported as `row 7, column url: …` and nothing
//! is written. Exit code: 0 written, 1 errors in the sheet, 2 usage or a file that cannot be
//! read or written.

use std::path::Path;

use advocate_core::feed::raw::{RawFeed, RawOrganization};
use advocate_core::feed::SUPPORTED_VERSION;
use advocate_core::import::{self, Finding, Place};
use anyhow::{anyhow, Result};
use chrono::Utc;

use crate::cli::ImportArgs;
use crate::fsutil::{read_input, shown, write_atomic};
use crate::render::count;
use crate::Outcome;

/// Runs `advocate import`.
pub fn run(args: &ImportArgs) -> Result<Outcome> {
    let sheet = shown(&args.sheet);
    let bytes = read_input(&args.sheet)?;
    let base = base_feed(args)?;
    let decoded = import::decode(&bytes).map_err(|e| anyhow!("cannot read \"{sheet}\": {e}"))?;
    if let Some(note) = &decoded.note {
        eprintln!("{sheet}: note: {note}");
    }
    let opts = import::Options {
        now: Some(Utc::now()),
    };
    let from_flags = args.organization.is_some() || args.hashtags.is_some();
    let say = |f: &Finding| {
        let word = if f.is_error() { "error" } else { "warning" };
        let place = place(&f.place, &args.output, from_flags);
        eprintln!("{sheet}: {word}: {place}: {}", f.message);
    };
    match import::import(&decoded, base, &opts) {
        Err(refused) => {
            refused.findings.iter().for_each(say);
            let errors = refused.findings.iter().filter(|f| f.is_error()).count();
            let warnings = refused.findings.len() - errors;
            let mut summary = count(errors, "error", "errors");
            if warnings > 0 {
                summary.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
            }
            eprintln!("{sheet}: {summary}; nothing written");
            Ok(Outcome::Invalid)
        }
        Ok(imported) => {
            imported.warnings.iter().for_each(say);
            let mut text = serde_json::to_string_pretty(&imported.feed)?;
            text.push('\n');
            write_atomic(&args.output, text.as_bytes())?;
            println!(
                "{}: {} from {} of {sheet}",
                shown(&args.output),
                count(imported.feed.items.len(), "item", "items"),
                count(imported.rows, "row", "rows"),
            );
            Ok(Outcome::Ok)
        }
    }
}

/// A place as the admin can find it: the sheet's own, or the flag or file the organisation
/// came from.
fn place(place: &Place, output: &Path, from_flags: bool) -> String {
    match place {
        Place::Organization { hashtags } if from_flags => if *hashtags {
            "--hashtags"
        } else {
            "--organization"
        }
        .to_string(),
        Place::Organization { .. } => format!("\"organization\" in {}", shown(output)),
        Place::FeedField(name) => format!("\"{name}\" in {}", shown(output)),
        other => other.to_string(),
    }
}

/// The feed around the items: from the existing output file, then the flags.
fn base_feed(args: &ImportArgs) -> Result<RawFeed> {
    let mut feed = RawFeed {
        version: SUPPORTED_VERSION,
        ..RawFeed::default()
    };
    let mut have_org = false;
    if args.output.exists() {
        let existing = existing_feed(&args.output)?;
        feed.schema = existing.schema;
        feed.links = existing.links;
        feed.organization = existing.organization;
        have_org = true;
    }
    if let Some(name) = &args.organization {
        feed.organization.name = name.trim().to_string();
        have_org = true;
    }
    if let Some(tags) = &args.hashtags {
        feed.organization.hashtags = import::hashtags(tags);
    }
    if !have_org {
        return Err(anyhow!(
            "the feed needs the organisation's name: pass --organization \"Beispiel GmbH\" (or import into an existing feed, whose organization is kept)"
        ));
    }
    Ok(feed)
}

/// The parts of an existing feed that import keeps.
fn existing_feed(path: &Path) -> Result<RawFeed> {
    let bytes = read_input(path)?;
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(&bytes);
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|_| {
        anyhow!(
            "cannot keep the organization of \"{}\": it is not valid JSON (advocate validate shows why); pass --organization instead",
            shown(path)
        )
    })?;
    let part = |key: &str| value.get(key).cloned();
    let organization: RawOrganization = part("organization")
        .and_then(|v| serde_json::from_value(v).ok())
        .ok_or_else(|| {
            anyhow!(
                "cannot keep the organization of \"{}\": it has no valid \"organization\"; pass --organization instead",
                shown(path)
            )
        })?;
    Ok(RawFeed {
        schema: part("$schema").and_then(|v| v.as_str().map(str::to_string)),
        version: SUPPORTED_VERSION,
        organization,
        links: part("links").and_then(|v| serde_json::from_value(v).ok()),
        items: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_organisation_is_found_where_it_came_from() {
        let out = Path::new("feed.json");
        let org = |hashtags| Place::Organization { hashtags };
        assert_eq!(place(&org(true), out, true), "--hashtags");
        assert_eq!(place(&org(false), out, true), "--organization");
        assert_eq!(
            place(&org(true), out, false),
            "\"organization\" in feed.json"
        );
        assert_eq!(
            place(&Place::FeedField("links".into()), out, false),
            "\"links\" in feed.json"
        );
        let cell = Place::Cell {
            row: 7,
            column: "url".into(),
        };
        assert_eq!(place(&cell, out, true), "row 7, column url");
    }
}
