//! `advocate init [DIR]`: a starter feed for a fictional German company (German and English,
//! several items with caption variants), its JSON Schema for offline editor support, and a
//! short guide for admins.

use std::path::PathBuf;

use anyhow::{anyhow, Result};
use chrono::{DateTime, Days, FixedOffset, Local, NaiveTime};

use crate::cli::InitArgs;
use crate::fsutil::{plain, shown, write_atomic};
use crate::{schema_text, Outcome};

/// The starter feed; `@TODAY@`-style markers become dates relative to the day of `init`, so
/// the example is live (and one item scheduled) whenever it is created.
const STARTER_FEED: &str = include_str!("../assets/starter-feed.json");
/// The admin guide written next to the feed.
const GUIDE: &str = include_str!("../assets/README.md");

/// Runs `advocate init`.
pub fn run(args: &InitArgs) -> Result<Outcome> {
    let files: [(&str, String); 3] = [
        ("feed.json", starter_feed(Local::now().fixed_offset())),
        ("feed.schema.json", format!("{}\n", schema_text())),
        ("README.md", GUIDE.to_string()),
    ];
    let paths: Vec<PathBuf> = files.iter().map(|(n, _)| args.dir.join(n)).collect();
    if !args.force {
        let existing: Vec<String> = paths
            .iter()
            .filter(|p| p.exists())
            .map(|p| format!("\"{}\"", shown(p)))
            .collect();
        match existing.len() {
            0 => {}
            1 => {
                return Err(anyhow!(
                    "{} already exists; use --force to overwrite it",
                    existing[0]
                ))
            }
            n => {
                return Err(anyhow!(
                    "{} and {} already exist; use --force to overwrite them",
                    existing[..n - 1].join(", "),
                    existing[n - 1]
                ))
            }
        }
    }
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        anyhow!(
            "cannot create the folder \"{}\": {}",
            shown(&args.dir),
            plain(&e)
        )
    })?;
    for ((_, content), path) in files.iter().zip(&paths) {
        write_atomic(path, content.as_bytes())?;
    }
    let feed = shown(&paths[0]);
    println!("Created {feed}, its schema and a short guide (README.md).");
    println!("Next: edit {feed}, then");
    println!("  advocate validate {feed}");
    println!("  advocate preview {feed} --lang de");
    Ok(Outcome::Ok)
}

/// The starter feed with its dates filled in relative to `today`.
pub fn starter_feed(today: DateTime<FixedOffset>) -> String {
    let offset = *today.offset();
    let at = |days: u64, time: NaiveTime| {
        let date = today.date_naive() + Days::new(days);
        date.and_time(time)
            .and_local_timezone(offset)
            .single()
            .map(|t| t.format("%Y-%m-%dT%H:%M:%S%:z").to_string())
            .unwrap_or_default()
    };
    let midnight = NaiveTime::MIN;
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    STARTER_FEED
        .replace("@TODAY@", &at(0, midnight))
        .replace("@IN_7_DAYS@", &at(7, midnight))
        .replace("@IN_30_DAYS@", &at(30, end_of_day))
        .replace("@IN_60_DAYS@", &at(60, end_of_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use advocate_core::feed::ValidateOptions;
    use advocate_core::fit::check_feed;
    use chrono::Utc;

    #[test]
    fn the_starter_feed_is_valid_without_warnings() {
        let today = DateTime::parse_from_rfc3339("2026-11-20T10:30:00+01:00").unwrap();
        let text = starter_feed(today);
        assert!(!text.contains('@'), "a date marker was left");
        let opts = ValidateOptions {
            now: Some(today.with_timezone(&Utc)),
        };
        let checked = check_feed(text.as_bytes(), &opts).unwrap();
        assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
        assert!(checked.feed.items.len() >= 4);
        assert!(text.contains("\"publish_at\": \"2026-11-27T00:00:00+01:00\""));
    }
}
