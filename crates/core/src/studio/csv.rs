//! A spreadsheet (CSV) into the feed, exactly as `advocate import` does it (the CLI calls
//! [`import_csv`]): decode the file, read the sheet into the feed's items ([`crate::import`]),
//! validate, and write the feed's text ([`feed_text`]). The same file gives the same feed in the
//! studio and on the command line.

use thiserror::Error;

use crate::feed::raw::RawFeed;
use crate::import::{self, Finding, ImportError};

use super::instant;
use super::save::{feed_text, SaveError};

/// A sheet that became a valid feed.
#[derive(Debug, Clone)]
pub struct CsvImported {
    /// The feed passed in, with the sheet's items.
    pub feed: RawFeed,
    /// The feed file's text ([`feed_text`] of `feed`): what `advocate import` writes.
    pub text: String,
    /// How many data rows the sheet had.
    pub rows: usize,
    /// Warnings, each at its place in the sheet, in the order to show them.
    pub warnings: Vec<Finding>,
    /// How many dates had no offset and were read in the time zone.
    pub zoned: usize,
    /// How the file was read, when that is worth saying (e.g. as Windows-1252).
    pub note: Option<String>,
}

/// Why a sheet did not become a feed.
#[derive(Debug, Error)]
pub enum CsvRefused {
    /// The time zone name is not an IANA name.
    #[error("{0}")]
    TimeZone(ImportError),
    /// The file cannot be read as text at all.
    #[error("{0}")]
    Unreadable(ImportError),
    /// The sheet has errors: every finding (errors and warnings), each at its place.
    #[error("the sheet has {} error(s)", findings.iter().filter(|f| f.is_error()).count())]
    Sheet {
        /// Errors (at least one) and warnings, in the order to show them.
        findings: Vec<Finding>,
        /// How many dates had no offset and were read in the time zone.
        zoned: usize,
        /// How the file was read, when that is worth saying.
        note: Option<String>,
    },
    /// The feed could not be written as text.
    #[error(transparent)]
    Save(#[from] SaveError),
}

/// Imports the sheet `bytes` into `base` (its organisation, links and `$schema` are kept, its
/// items replaced), reading dates without an offset in the IANA zone `time_zone`
/// (`Europe/Berlin`) and warning about items expired at `now_ms`.
pub fn import_csv(
    bytes: &[u8],
    base: RawFeed,
    time_zone: &str,
    now_ms: i64,
) -> Result<CsvImported, CsvRefused> {
    let time_zone = import::time_zone(time_zone).map_err(CsvRefused::TimeZone)?;
    let decoded = import::decode(bytes).map_err(CsvRefused::Unreadable)?;
    let opts = import::Options {
        time_zone,
        now: Some(instant(now_ms)),
    };
    match import::import(&decoded, base, &opts) {
        Err(refused) => Err(CsvRefused::Sheet {
            findings: refused.findings,
            zoned: refused.zoned,
            note: decoded.note,
        }),
        Ok(imported) => Ok(CsvImported {
            text: feed_text(&imported.feed)?,
            feed: imported.feed,
            rows: imported.rows,
            warnings: imported.warnings,
            zoned: imported.zoned,
            note: decoded.note,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::raw::RawOrganization;
    use crate::feed::SUPPORTED_VERSION;

    fn base() -> RawFeed {
        RawFeed {
            schema: Some("./feed.schema.json".into()),
            version: SUPPORTED_VERSION,
            organization: RawOrganization {
                name: "Beispiel GmbH".into(),
                hashtags: vec!["#Beispiel".into()],
            },
            ..RawFeed::default()
        }
    }

    const NOW: i64 = 1_795_773_600_000; // 2026-11-27T10:00:00Z

    #[test]
    fn a_sheet_becomes_the_feed_file() {
        let sheet = "id;url;title_de;publish_at;lang;caption\n\
            q4;https://b.de/q4;Q4-Bericht;01.12.2026 09:00;de;Hallo {url}\n\
            q4;;;;en;Hello {url}\n";
        let done = import_csv(sheet.as_bytes(), base(), "Europe/Berlin", NOW).unwrap();
        assert_eq!(done.rows, 2);
        assert_eq!(done.zoned, 1);
        assert_eq!(done.note, None);
        assert!(done.warnings.is_empty(), "{:?}", done.warnings);
        assert_eq!(done.text, feed_text(&done.feed).unwrap());
        assert!(done
            .text
            .starts_with("{\n  \"$schema\": \"./feed.schema.json\",\n"));
        assert!(done
            .text
            .contains("\"publish_at\": \"2026-12-01T09:00:00+01:00\""));
    }

    #[test]
    fn refusals_say_why_and_where() {
        let bad = "id;url;title_de;lang;caption\nq4;http://b.de/q4;Q4;de;Hallo\n";
        match import_csv(bad.as_bytes(), base(), "Europe/Berlin", NOW) {
            Err(CsvRefused::Sheet { findings, .. }) => {
                assert_eq!(
                    format!("{}: {}", findings[0].place, findings[0].message),
                    "row 2, column url: the link must start with https:// (found \"http:\")"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            import_csv(b"id;url", base(), "Mitteleuropa", NOW),
            Err(CsvRefused::TimeZone(_))
        ));
        assert!(matches!(
            import_csv(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], base(), "UTC", NOW),
            Err(CsvRefused::Unreadable(ImportError::BrokenUtf16))
        ));
        // A lone surrogate is not UTF-16. Windows-1252 is read, with a note.
        let latin =
            b"id;url;title_de;lang;caption\nq4;https://b.de/q4;Gr\xf6\xdfe;de;Hallo {url}\n";
        let done = import_csv(latin, base(), "UTC", NOW).unwrap();
        assert!(done.note.is_some());
        assert!(done.text.contains("Größe"));
    }
}
