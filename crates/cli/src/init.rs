//! `advocate init [DIR]`: a starter feed for a fictional German company (German and English,
//! several items with caption variants), its JSON Schema for offline editor support, and a
//! short guide for admins.

use std::path::PathBuf;

use advocate_core::studio::starter::starter_feed;
use anyhow::{anyhow, Result};
use chrono::Local;

use crate::cli::InitArgs;
use crate::fsutil::{plain, shown, write_atomic};
use crate::{schema_text, Outcome};

/// The admin guide written next to the feed.
const GUIDE: &str = include_str!("../assets/README.md");

/// Runs `advocate init`.
pub fn run(args: &InitArgs) -> Result<Outcome> {
    // The starter feed is the feed studio's "new feed" (advocate_core::studio::starter), dated
    // from today in this computer's zone.
    let now = Local::now();
    let offset_minutes = now.offset().local_minus_utc() / 60;
    let files: [(&str, String); 3] = [
        (
            "feed.json",
            starter_feed(now.timestamp_millis(), offset_minutes),
        ),
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
