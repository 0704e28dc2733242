//! The starter feed: a fictional German company's feed (German and English, several items with
//! caption variants), what `advocate init` writes and the studio's "new feed" opens, so both
//! start from the same example.
//!
//! Its dates are relative to the day it is made, so that the example is live (and one item
//! scheduled) whenever it is created: `@TODAY@`-style markers in the template are replaced.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveTime, Offset, Timelike, Utc};

use super::instant;

/// The template, with `@TODAY@`, `@IN_7_DAYS@`, `@IN_30_DAYS@` and `@IN_60_DAYS@` for dates.
const STARTER_FEED: &str = include_str!("../../assets/starter-feed.json");

/// The starter feed's text, its dates counted from the day `now_ms` falls on at the UTC offset
/// `utc_offset_minutes` (the computer's or browser's, e.g. 60 for CET): items start at that
/// day's midnight and end at 23:59:59 a month or two later, written with that offset. An
/// offset outside ±24 hours is taken as 0.
pub fn starter_feed(now_ms: i64, utc_offset_minutes: i32) -> String {
    let offset = utc_offset_minutes
        .checked_mul(60)
        .and_then(FixedOffset::east_opt)
        .unwrap_or_else(|| Utc.fix());
    // Added by hand: `with_timezone` panics at the edges of chrono's range.
    let utc = instant(now_ms).naive_utc();
    let today = utc.checked_add_offset(offset).unwrap_or(utc).date();
    let at = |days: u64, time: NaiveTime| {
        today
            .checked_add_days(Days::new(days))
            .map(|date| date.and_time(time))
            .and_then(|t| t.and_local_timezone(offset).single())
            .map(|t| rfc3339(&t))
            .unwrap_or_default()
    };
    let end_of_day = NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN);
    STARTER_FEED
        .replace("@TODAY@", &at(0, NaiveTime::MIN))
        .replace("@IN_7_DAYS@", &at(7, NaiveTime::MIN))
        .replace("@IN_30_DAYS@", &at(30, end_of_day))
        .replace("@IN_60_DAYS@", &at(60, end_of_day))
}

/// `2026-11-20T00:00:00+01:00`, written by hand: chrono's formatting machinery is large in wasm.
fn rfc3339(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc() / 60;
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        off.abs() / 60,
        off.abs() % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::ValidateOptions;
    use crate::fit::check_feed;

    #[test]
    fn the_starter_feed_is_valid_without_warnings() {
        let today = DateTime::parse_from_rfc3339("2026-11-20T10:30:00+01:00").unwrap();
        let text = starter_feed(today.timestamp_millis(), 60);
        assert!(!text.contains('@'), "a date marker was left");
        let opts = ValidateOptions {
            now: Some(today.to_utc()),
        };
        let checked = check_feed(text.as_bytes(), &opts).unwrap();
        assert!(checked.warnings.is_empty(), "{:?}", checked.warnings);
        assert!(checked.feed.items.len() >= 4);
        assert!(text.contains("\"publish_at\": \"2026-11-20T00:00:00+01:00\""));
        assert!(text.contains("\"publish_at\": \"2026-11-27T00:00:00+01:00\""));
        assert!(text.contains("\"expires_at\": \"2027-01-19T23:59:59+01:00\""));
    }

    #[test]
    fn the_day_is_the_one_at_the_given_offset() {
        // 23:30 UTC on 19 November is already 20 November in Berlin, and still 19th in New York.
        let now = DateTime::parse_from_rfc3339("2026-11-19T23:30:00Z")
            .unwrap()
            .timestamp_millis();
        assert!(starter_feed(now, 60).contains("\"publish_at\": \"2026-11-20T00:00:00+01:00\""));
        assert!(starter_feed(now, -300).contains("\"publish_at\": \"2026-11-19T00:00:00-05:00\""));
        assert!(starter_feed(now, 0).contains("\"publish_at\": \"2026-11-19T00:00:00+00:00\""));
        assert!(starter_feed(now, 330).contains("\"publish_at\": \"2026-11-20T00:00:00+05:30\""));
        // Nonsense offsets and clocks give a feed, not a panic.
        assert!(starter_feed(now, i32::MAX).contains("+00:00\""));
        assert!(!starter_feed(i64::MAX, 60).is_empty());
    }
}
