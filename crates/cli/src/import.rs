//! `advocate import SHEET.csv -o FEED`: a feed from a spreadsheet.
//!
//! The sheet's rules (encodings, separators, columns, both layouts) and its messages live in
//! `advocate_core::import`, shared with the feed studio; this file reads and writes the files
//! and prints. The organisation comes from `--organization` and `--hashtags`, or from the
//! output feed if it exists (its `organization`, `links` and `$schema` are kept, its items
//! replaced; the flags override it). Dates without an offset are read in `--time-zone`, by
//! default this computer's zone: the `TZ` variable if it names an IANA zone (as for every
//! program on Unix), else the system's setting, else UTC with a note that says so. Errors are
//! reported as `row 7, column url: …` and nothing is written. Exit code: 0 written, 1 errors in
//! the sheet, 2 usage or a file that cannot be read or written.

use std::path::Path;

use advocate_core::feed::raw::{RawFeed, RawOrganization};
use advocate_core::feed::SUPPORTED_VERSION;
use advocate_core::import::{self, Finding, Place, Tz};
use advocate_core::studio::csv::{import_csv, CsvRefused};
use anyhow::{anyhow, Result};
use chrono::Utc;

use crate::cli::ImportArgs;
use crate::fsutil::{read_input, shown, write_atomic};
use crate::render::count;
use crate::Outcome;

/// Runs `advocate import`.
pub fn run(args: &ImportArgs) -> Result<Outcome> {
    let (time_zone, source) = match &args.time_zone {
        Some(name) => (
            import::time_zone(name).map_err(|e| anyhow!("--time-zone: {e}"))?,
            Source::Flag,
        ),
        None => computer_zone(),
    };
    let sheet = shown(&args.sheet);
    let bytes = read_input(&args.sheet)?;
    let base = base_feed(args)?;
    // The feed studio's import, so that a sheet gives the same feed file in both.
    let result = import_csv(
        &bytes,
        base,
        time_zone.name(),
        Utc::now().timestamp_millis(),
    );
    let note = match &result {
        Ok(imported) => imported.note.as_deref(),
        Err(CsvRefused::Sheet { note, .. }) => note.as_deref(),
        Err(_) => None,
    };
    if let Some(note) = note {
        eprintln!("{sheet}: note: {note}");
    }
    let zone_note = |zoned: usize| {
        if let Some(note) = zone_note(zoned, time_zone, &source) {
            eprintln!("{sheet}: note: {note}");
        }
    };
    let from_flags = args.organization.is_some() || args.hashtags.is_some();
    let say = |f: &Finding| {
        let word = if f.is_error() { "error" } else { "warning" };
        let place = place(&f.place, &args.output, from_flags);
        eprintln!("{sheet}: {word}: {place}: {}", f.message);
    };
    match result {
        Err(CsvRefused::Sheet {
            findings, zoned, ..
        }) => {
            zone_note(zoned);
            findings.iter().for_each(say);
            let errors = findings.iter().filter(|f| f.is_error()).count();
            let warnings = findings.len() - errors;
            let mut summary = count(errors, "error", "errors");
            if warnings > 0 {
                summary.push_str(&format!(", {}", count(warnings, "warning", "warnings")));
            }
            eprintln!("{sheet}: {summary}; nothing written");
            Ok(Outcome::Invalid)
        }
        Err(CsvRefused::Unreadable(e)) => Err(anyhow!("cannot read \"{sheet}\": {e}")),
        Err(CsvRefused::TimeZone(e)) => Err(anyhow!("--time-zone: {e}")),
        Err(e @ CsvRefused::Save(_)) => Err(anyhow!("{e}")),
        Ok(imported) => {
            zone_note(imported.zoned);
            imported.warnings.iter().for_each(say);
            write_atomic(&args.output, imported.text.as_bytes())?;
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

/// Where the time zone came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Source {
    /// `--time-zone`.
    Flag,
    /// The `TZ` variable.
    Variable,
    /// The system's setting (with the `TZ` value that could not be used, if any).
    System(Option<String>),
    /// Neither could be used (why): UTC.
    Unknown(String),
}

/// This computer's zone: `TZ` if it names an IANA zone (`Europe/Berlin`, `:Europe/Berlin`,
/// `/usr/share/zoneinfo/Europe/Berlin`), else the system's setting, else UTC.
fn computer_zone() -> (Tz, Source) {
    let variable = std::env::var("TZ").ok().filter(|v| !v.trim().is_empty());
    zone_from(variable.as_deref(), iana_time_zone::get_timezone().ok())
}

fn zone_from(variable: Option<&str>, system: Option<String>) -> (Tz, Source) {
    if let Some(v) = variable {
        let name = v.trim().trim_start_matches(':');
        let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, n)| n);
        if let Ok(tz) = import::time_zone(name) {
            return (tz, Source::Variable);
        }
    }
    if let Some(tz) = system.as_deref().and_then(|n| import::time_zone(n).ok()) {
        return (tz, Source::System(variable.map(str::to_string)));
    }
    let why = match (variable, system) {
        (Some(v), _) => format!("TZ=\"{v}\" is not an IANA time zone name"),
        (None, Some(name)) => format!("this computer's time zone \"{name}\" is not an IANA name"),
        (None, None) => "this computer does not say which time zone it is in".to_string(),
    };
    (Tz::UTC, Source::Unknown(why))
}

/// What to say about the zone, when dates were read in it and it was not chosen by flag.
fn zone_note(zoned: usize, zone: Tz, source: &Source) -> Option<String> {
    if zoned == 0 {
        return None;
    }
    let dates = if zoned == 1 {
        "1 date without an offset was".to_string()
    } else {
        format!("{zoned} dates without an offset were")
    };
    let zone = zone.name();
    match source {
        Source::Flag => None,
        Source::Variable => Some(format!(
            "{dates} read in {zone} (the TZ variable; --time-zone chooses another)"
        )),
        Source::System(None) => Some(format!(
            "{dates} read in {zone} (this computer's time zone; --time-zone chooses another)"
        )),
        Source::System(Some(v)) => Some(format!(
            "{dates} read in {zone} (this computer's time zone, as TZ=\"{v}\" is not an IANA name; --time-zone chooses another)"
        )),
        Source::Unknown(why) => Some(format!(
            "{dates} read in {zone}, because {why}; pass the sheet's zone, e.g. --time-zone Europe/Berlin"
        )),
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
    fn the_computer_zone_comes_from_tz_then_the_system_then_utc() {
        let berlin = "Europe/Berlin".to_string();
        let name = |(tz, source): (Tz, Source)| (tz.name(), source);
        assert_eq!(
            name(zone_from(Some(":Europe/Berlin"), Some("Asia/Tokyo".into()))),
            ("Europe/Berlin", Source::Variable)
        );
        assert_eq!(
            name(zone_from(Some("/usr/share/zoneinfo/Europe/Vienna"), None)),
            ("Europe/Vienna", Source::Variable)
        );
        assert_eq!(
            name(zone_from(Some("CET-1CEST"), Some(berlin.clone()))),
            ("Europe/Berlin", Source::System(Some("CET-1CEST".into())))
        );
        let (tz, source) = zone_from(Some("CET-1CEST"), Some(berlin.clone()));
        assert_eq!(
            zone_note(1, tz, &source).as_deref(),
            Some("1 date without an offset was read in Europe/Berlin (this computer's time zone, as TZ=\"CET-1CEST\" is not an IANA name; --time-zone chooses another)")
        );
        assert_eq!(
            name(zone_from(None, None)),
            (
                "UTC",
                Source::Unknown("this computer does not say which time zone it is in".into())
            )
        );
        let (tz, source) = zone_from(Some("CET-1CEST"), None);
        assert_eq!(
            zone_note(2, tz, &source).as_deref(),
            Some("2 dates without an offset were read in UTC, because TZ=\"CET-1CEST\" is not an IANA time zone name; pass the sheet's zone, e.g. --time-zone Europe/Berlin")
        );
        let (tz, source) = zone_from(None, Some(berlin));
        assert_eq!(
            zone_note(1, tz, &source).as_deref(),
            Some("1 date without an offset was read in Europe/Berlin (this computer's time zone; --time-zone chooses another)")
        );
        assert_eq!(zone_note(0, tz, &source), None);
        assert_eq!(zone_note(3, tz, &Source::Flag), None);
    }

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
