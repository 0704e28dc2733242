//! Dates as spreadsheets write them: German (`01.12.2026 09:00`, `31.12.2026`), ISO and English
//! (`2026-12-01 09:00`, `2026-12-01T09:00:00+01:00`, `…Z`), read in a named IANA time zone when
//! they carry no offset, and written into the feed as RFC 3339 with the offset.
//!
//! The decisions (README, "Import from a spreadsheet"):
//!
//! - A date without a time means the start of that day for `publish_at` and the start of the
//!   next day for `expires_at`. The feed shows an item while `publish_at <= now < expires_at`
//!   (`rank::is_live`): an expiry of `31.12.2026` is shown all of 31 December, to the last
//!   second, and no longer from midnight.
//! - A local time that does not exist (the clocks jump forward, e.g. 02:30 on 29 March 2026 in
//!   Europe/Berlin) is refused, naming the time, the zone and the jump: it is a typing mistake
//!   or a misunderstanding, and moving it silently would publish at a time nobody wrote.
//! - A local time that happens twice (the clocks go back, e.g. 02:30 on 25 October 2026 in
//!   Europe/Berlin) is read as the first of the two, with a warning that says how to write the
//!   second. The first is what a clock on the wall shows first, and what browsers' `Date` and
//!   Temporal's default (`"compatible"`) take too.
//! - Two-digit years, `12/01/2026` (day or month first?) and spreadsheet serial numbers are
//!   refused with a hint, never guessed.

use chrono::{
    DateTime, Days, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset,
    SecondsFormat, TimeZone, Utc,
};
use chrono_tz::Tz;
use thiserror::Error;

/// Which of the two date columns: a date alone means the start of the day for one and the end
/// of the day for the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `publish_at`: a date alone is the start of that day.
    Publish,
    /// `expires_at`: a date alone is the end of that day (the start of the next).
    Expiry,
}

/// A cell read as a date and time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The instant, with the offset to write.
    pub time: DateTime<FixedOffset>,
    /// Whether the time zone was needed (the cell had no offset).
    pub zoned: bool,
    /// A warning to give: the local time happens twice.
    pub twice: Option<Twice>,
}

impl Read {
    /// The value for the feed: RFC 3339 with the offset (`Z` for UTC), e.g.
    /// `2026-03-29T09:00:00+02:00`.
    pub fn rfc3339(&self) -> String {
        self.time.to_rfc3339_opts(SecondsFormat::AutoSi, true)
    }
}

/// A local time that the clocks show twice; the first was taken.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("\"{value}\" happens twice in {zone} (the clocks go back from {from} to {to} that night); it was read as the first, {first}; for the second write {second}")]
pub struct Twice {
    /// The cell.
    pub value: String,
    /// The zone's name.
    pub zone: String,
    /// The local time the clocks go back from (`03:00`).
    pub from: String,
    /// The local time they go back to (`02:00`).
    pub to: String,
    /// What was written: the first.
    pub first: String,
    /// How to write the second.
    pub second: String,
}

/// The forms, as the messages list them.
const FORMS: &str =
    "01.12.2026 09:00, 01.12.2026, 2026-12-01 09:00, 2026-12-01 or 2026-12-01T09:00:00+01:00";

/// Why a cell is not a date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DateError {
    /// None of the forms.
    #[error(
        "\"{value}\" is not a date; write e.g. {FORMS} (without an offset it is read in {zone})"
    )]
    NotADate {
        /// The cell.
        value: String,
        /// The zone's name.
        zone: String,
    },
    /// `01.12.26`.
    #[error("\"{value}\" has a two-digit year; write all four digits, e.g. 01.12.2026")]
    TwoDigitYear {
        /// The cell.
        value: String,
    },
    /// `12/01/2026`: 1 December or 12 January?
    #[error("\"{value}\" can be read day first or month first; write it as 01.12.2026 or 2026-12-01 (day, month, year or year-month-day)")]
    Slashes {
        /// The cell.
        value: String,
    },
    /// `46357,375`: a cell formatted as a number.
    #[error("\"{value}\" is a spreadsheet's day number, not a date; format the column as a date (e.g. TT.MM.JJJJ hh:mm) or as text, and save again")]
    SerialNumber {
        /// The cell.
        value: String,
    },
    /// `31.02.2026`.
    #[error("\"{value}\" is not a day of the calendar; check the day and the month")]
    NoSuchDay {
        /// The cell.
        value: String,
    },
    /// `01.12.2026 25:00`.
    #[error("\"{value}\" has no such time of day; hours go from 0 to 23, minutes and seconds from 0 to 59")]
    NoSuchTime {
        /// The cell.
        value: String,
    },
    /// `+25:00`.
    #[error("\"{value}\" has an offset no place on earth has; write e.g. +01:00, -05:00 or Z")]
    NoSuchOffset {
        /// The cell.
        value: String,
    },
    /// In the gap when the clocks jump forward.
    #[error("\"{value}\" does not exist in {zone}: the clocks jump from {from} to {to} that night; write a time before {from} or from {to} on")]
    Skipped {
        /// The cell.
        value: String,
        /// The zone's name.
        zone: String,
        /// The local time the clocks jump from (`02:00`).
        from: String,
        /// The local time they jump to (`03:00`).
        to: String,
    },
    /// A whole day the zone skipped (Samoa, 30 December 2011).
    #[error("\"{value}\" is a day that {zone} skipped; write the day before or after")]
    DaySkipped {
        /// The cell.
        value: String,
        /// The zone's name.
        zone: String,
    },
}

/// Reads one date cell (already trimmed, not empty).
pub fn read(value: &str, zone: Tz, which: Which) -> Result<Read, DateError> {
    let not_a_date = || DateError::NotADate {
        value: value.to_string(),
        zone: zone.name().to_string(),
    };
    let v = value.trim();
    // Date and time are separated by `T` or spaces (Excel may write a no-break space).
    let (date_part, rest) = match v
        .char_indices()
        .find(|&(_, c)| c == 'T' || c == 't' || c.is_whitespace())
    {
        Some((i, c)) => (&v[..i], v[i + c.len_utf8()..].trim_start()),
        None => (v, ""),
    };
    let date = date(value, date_part)?.ok_or_else(|| hint(value).unwrap_or_else(not_a_date))?;
    if rest.is_empty() {
        return day(value, date, zone, which);
    }
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':' || c == '.' || c == ','))
        .unwrap_or(rest.len());
    let (clock, offset) = (&rest[..split], rest[split..].trim_start());
    let time = time(value, clock)?.ok_or_else(not_a_date)?;
    let local = date.and_time(time);
    if !offset.is_empty() {
        let offset = fixed_offset(value, offset)?.ok_or_else(not_a_date)?;
        let time = offset
            .from_local_datetime(&local)
            .single()
            .ok_or_else(not_a_date)?;
        return Ok(Read {
            time,
            zoned: false,
            twice: None,
        });
    }
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => Ok(Read {
            time: t.fixed_offset(),
            zoned: true,
            twice: None,
        }),
        LocalResult::Ambiguous(first, second) => {
            let (_, from, to) = jump(zone, first.naive_utc(), second.naive_utc());
            let (first, second) = (first.fixed_offset(), second.fixed_offset());
            let write = |t: DateTime<FixedOffset>| t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
            Ok(Read {
                time: first,
                zoned: true,
                twice: Some(Twice {
                    value: value.to_string(),
                    zone: zone.name().to_string(),
                    from: clock_time(from),
                    to: clock_time(to),
                    first: write(first),
                    second: write(second),
                }),
            })
        }
        LocalResult::None => {
            let (_, from, to) = gap(zone, local);
            Err(DateError::Skipped {
                value: value.to_string(),
                zone: zone.name().to_string(),
                from: clock_time(from),
                to: clock_time(to),
            })
        }
    }
}

/// A date alone: the first instant of that day, or for an expiry the first after it.
fn day(value: &str, date: NaiveDate, zone: Tz, which: Which) -> Result<Read, DateError> {
    let start = start_of(date, zone).ok_or_else(|| DateError::DaySkipped {
        value: value.to_string(),
        zone: zone.name().to_string(),
    })?;
    let time = match which {
        Which::Publish => start,
        Which::Expiry => {
            let next = date
                .checked_add_days(Days::new(1))
                .ok_or_else(|| DateError::NoSuchDay {
                    value: value.to_string(),
                })?;
            // If the next day was skipped, the one after it starts at the same instant.
            start_of(next, zone).unwrap_or_else(|| {
                let (instant, _, _) = gap(zone, next.and_time(NaiveTime::MIN));
                zone.from_utc_datetime(&instant).fixed_offset()
            })
        }
    };
    Ok(Read {
        time,
        zoned: true,
        twice: None,
    })
}

/// The first instant of `date` in `zone`; `None` if the zone skipped the whole day.
fn start_of(date: NaiveDate, zone: Tz) -> Option<DateTime<FixedOffset>> {
    let midnight = date.and_time(NaiveTime::MIN);
    match zone.from_local_datetime(&midnight) {
        LocalResult::Single(t) => Some(t.fixed_offset()),
        // Midnight twice (clocks going back at 01:00): the day starts at the first.
        LocalResult::Ambiguous(first, _) => Some(first.fixed_offset()),
        // Midnight skipped: the day starts when the clocks jump, unless the whole day was.
        LocalResult::None => {
            let (instant, _, to) = gap(zone, midnight);
            (to.date() == date).then(|| zone.from_utc_datetime(&instant).fixed_offset())
        }
    }
}

/// `01.12.2026`, `1.12.2026`, `2026-12-01`: `Ok(None)` if none of these shapes.
fn date(value: &str, part: &str) -> Result<Option<NaiveDate>, DateError> {
    let (ymd, german) = if let Some([d, m, y]) = numbers(part, '.') {
        ([y, m, d], true)
    } else if let Some(ymd) = numbers(part, '-') {
        (ymd, false)
    } else {
        return Ok(None);
    };
    let [y, m, d] = ymd;
    let ok_len = |s: &str, max: usize| (1..=max).contains(&s.len());
    if german && (y.len() == 2) && ok_len(m, 2) && ok_len(d, 2) {
        return Err(DateError::TwoDigitYear {
            value: value.to_string(),
        });
    }
    if y.len() != 4 || !ok_len(m, 2) || !ok_len(d, 2) {
        return Ok(None);
    }
    let n = |s: &str| s.parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(n(y) as i32, n(m), n(d))
        .map(Some)
        .ok_or_else(|| DateError::NoSuchDay {
            value: value.to_string(),
        })
}

/// Three runs of ASCII digits separated by `sep`.
fn numbers(part: &str, sep: char) -> Option<[&str; 3]> {
    let mut it = part.split(sep);
    let parts = [it.next()?, it.next()?, it.next()?];
    (it.next().is_none()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
    .then_some(parts)
}

/// `09:00`, `9:00`, `09:00:30`, `09:00:30.5`: `Ok(None)` if not this shape.
fn time(value: &str, clock: &str) -> Result<Option<NaiveTime>, DateError> {
    let (hms, fraction) = match clock.split_once(['.', ',']) {
        Some((hms, f)) => (hms, Some(f)),
        None => (clock, None),
    };
    let parts: Vec<&str> = hms.split(':').collect();
    let digits =
        |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    let shaped = matches!(parts.len(), 2 | 3)
        && digits(parts[0], &[1, 2])
        && parts[1..].iter().all(|p| digits(p, &[2]))
        && fraction.is_none_or(|f| {
            parts.len() == 3 && (1..=9).contains(&f.len()) && digits(f, &[f.len()])
        });
    if !shaped {
        return Ok(None);
    }
    let n = |s: &str| s.parse::<u32>().unwrap_or(u32::MAX);
    let nanos = fraction.map_or(0, |f| n(&format!("{f:0<9}")));
    NaiveTime::from_hms_nano_opt(
        n(parts[0]),
        n(parts[1]),
        parts.get(2).map_or(0, |s| n(s)),
        nanos,
    )
    .map(Some)
    .ok_or_else(|| DateError::NoSuchTime {
        value: value.to_string(),
    })
}

/// `Z`, `+01:00`, `+0100`, `+01`, `-05:00`: `Ok(None)` if not this shape.
fn fixed_offset(value: &str, text: &str) -> Result<Option<FixedOffset>, DateError> {
    if text.eq_ignore_ascii_case("z") {
        return Ok(Some(Utc.fix()));
    }
    let sign = match text.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return Ok(None),
    };
    let digits: String = text[1..].chars().filter(|&c| c != ':').collect();
    let colons = text[1..].matches(':').count();
    let shaped = digits.bytes().all(|b| b.is_ascii_digit())
        && match digits.len() {
            2 => colons == 0,
            4 => colons <= 1 && (colons == 0 || text[1..].find(':') == Some(2)),
            _ => false,
        };
    if !shaped {
        return Ok(None);
    }
    let h: i32 = digits[..2].parse().unwrap_or(99);
    let m: i32 = digits.get(2..).map_or(0, |m| m.parse().unwrap_or(99));
    if h > 23 || m > 59 {
        return Err(DateError::NoSuchOffset {
            value: value.to_string(),
        });
    }
    Ok(FixedOffset::east_opt(sign * (h * 3_600 + m * 60)))
}

/// A specific message for shapes that are dates but not ones we read.
fn hint(value: &str) -> Option<DateError> {
    let v = value.trim();
    let first = v.split_whitespace().next().unwrap_or("");
    if numbers(first, '/').is_some() {
        return Some(DateError::Slashes {
            value: value.to_string(),
        });
    }
    if let Some([d, m, y]) = numbers(first, '.') {
        if y.len() == 2 && d.len() <= 2 && m.len() <= 2 {
            return Some(DateError::TwoDigitYear {
                value: value.to_string(),
            });
        }
    }
    // Excel counts days from 1900: 5 digits are the years 1927 to 2173.
    let whole = v.split(['.', ',']).next().unwrap_or("");
    let serial = whole.len() == 5
        && whole.bytes().all(|b| b.is_ascii_digit())
        && v[whole.len()..]
            .strip_prefix(['.', ','])
            .is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    serial.then(|| DateError::SerialNumber {
        value: value.to_string(),
    })
}

/// For a local time in a gap: the instant the clocks jump, and the local times they jump from
/// and to.
fn gap(zone: Tz, local: NaiveDateTime) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
    let offset_at = |t: NaiveDateTime| zone.offset_from_utc_datetime(&t).fix();
    let day = chrono::TimeDelta::days(1);
    let before = offset_at(local - day);
    let after = offset_at(local + day);
    // Read with the later offset, the local time is an instant before the jump; with the
    // earlier offset, one after it.
    jump(zone, local - after, local - before)
}

/// The first instant in `(lo, hi]` (UTC) with the offset of `hi`, found by halving (the
/// offset of `lo` differs), and the local times just before and at it.
fn jump(
    zone: Tz,
    lo: NaiveDateTime,
    hi: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
    let utc = |s: i64| {
        DateTime::from_timestamp(s, 0)
            .unwrap_or_default()
            .naive_utc()
    };
    let offset_at = |s: i64| zone.offset_from_utc_datetime(&utc(s)).fix();
    let (mut lo, mut hi) = (lo.and_utc().timestamp(), hi.and_utc().timestamp());
    let (old, new) = (offset_at(lo), offset_at(hi));
    // Transitions fall on whole seconds.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if offset_at(mid) == new {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let at = utc(hi);
    (at, at + old, at + new)
}

/// `02:00`, or `02:00:30` when the seconds matter.
fn clock_time(t: NaiveDateTime) -> String {
    let s = t.format("%H:%M:%S").to_string();
    s.strip_suffix(":00").map(str::to_string).unwrap_or(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BERLIN: Tz = chrono_tz::Europe::Berlin;

    fn at(value: &str, which: Which) -> String {
        match read(value, BERLIN, which) {
            Ok(r) => r.rfc3339(),
            Err(e) => format!("error: {e}"),
        }
    }

    fn publish(value: &str) -> String {
        at(value, Which::Publish)
    }

    #[test]
    fn german_excel_forms() {
        assert_eq!(publish("01.12.2026 09:00"), "2026-12-01T09:00:00+01:00");
        assert_eq!(publish("1.12.2026 9:00"), "2026-12-01T09:00:00+01:00");
        assert_eq!(publish("01.07.2026 09:00:30"), "2026-07-01T09:00:30+02:00");
        assert_eq!(publish("31.12.2026"), "2026-12-31T00:00:00+01:00");
        assert_eq!(publish(" 5.6.2026  17:45 "), "2026-06-05T17:45:00+02:00");
        assert_eq!(
            publish("01.12.2026\u{a0}09:00"),
            "2026-12-01T09:00:00+01:00"
        );
    }

    #[test]
    fn english_and_iso_forms() {
        assert_eq!(publish("2026-12-01"), "2026-12-01T00:00:00+01:00");
        assert_eq!(publish("2026-12-01 09:00"), "2026-12-01T09:00:00+01:00");
        assert_eq!(publish("2026-12-01T09:00"), "2026-12-01T09:00:00+01:00");
        assert_eq!(publish("2026-12-01T09:00:00"), "2026-12-01T09:00:00+01:00");
        // With an offset, the zone does not matter and the offset is kept.
        assert_eq!(
            publish("2026-12-01T09:00:00+01:00"),
            "2026-12-01T09:00:00+01:00"
        );
        assert_eq!(
            publish("2026-12-01T09:00:00-05:00"),
            "2026-12-01T09:00:00-05:00"
        );
        assert_eq!(publish("2026-12-01T08:00:00Z"), "2026-12-01T08:00:00Z");
        assert_eq!(publish("2026-12-01t08:00z"), "2026-12-01T08:00:00Z");
        assert_eq!(
            publish("2026-12-01 09:00 +0100"),
            "2026-12-01T09:00:00+01:00"
        );
        assert_eq!(
            publish("2026-12-01T09:00:00.250+01:00"),
            "2026-12-01T09:00:00.250+01:00"
        );
        let r = read("2026-12-01T09:00:00+01:00", BERLIN, Which::Publish).unwrap();
        assert!(!r.zoned);
        assert!(
            read("2026-12-01T09:00", BERLIN, Which::Publish)
                .unwrap()
                .zoned
        );
    }

    #[test]
    fn other_zones_give_their_offsets() {
        let ny = chrono_tz::America::New_York;
        let r = read("2026-12-01 09:00", ny, Which::Publish).unwrap();
        assert_eq!(r.rfc3339(), "2026-12-01T09:00:00-05:00");
        let r = read("01.12.2026 09:00", chrono_tz::UTC, Which::Publish).unwrap();
        assert_eq!(r.rfc3339(), "2026-12-01T09:00:00Z");
    }

    #[test]
    fn a_date_alone_expires_at_the_end_of_that_day() {
        assert_eq!(at("31.12.2026", Which::Expiry), "2027-01-01T00:00:00+01:00");
        assert_eq!(at("2026-06-30", Which::Expiry), "2026-07-01T00:00:00+02:00");
        // The night the clocks go forward: that day has 23 hours, and still ends at midnight.
        assert_eq!(at("28.03.2026", Which::Expiry), "2026-03-29T00:00:00+01:00");
        assert_eq!(at("29.03.2026", Which::Expiry), "2026-03-30T00:00:00+02:00");
        assert_eq!(at("25.10.2026", Which::Expiry), "2026-10-26T00:00:00+01:00");
        // With a time, an expiry is that time.
        assert_eq!(
            at("31.12.2026 18:00", Which::Expiry),
            "2026-12-31T18:00:00+01:00"
        );
    }

    #[test]
    fn spring_forward_in_berlin() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST.
        assert_eq!(publish("29.03.2026 01:59"), "2026-03-29T01:59:00+01:00");
        assert_eq!(publish("29.03.2026 03:00"), "2026-03-29T03:00:00+02:00");
        assert_eq!(publish("2026-03-29 09:00"), "2026-03-29T09:00:00+02:00");
        assert_eq!(
            publish("29.03.2026 02:30"),
            "error: \"29.03.2026 02:30\" does not exist in Europe/Berlin: the clocks jump from 02:00 to 03:00 that night; write a time before 02:00 or from 03:00 on"
        );
        assert!(publish("2026-03-29T02:00").starts_with("error: "));
        // With an offset it is an instant, whatever the zone.
        assert_eq!(
            publish("2026-03-29T02:30:00+01:00"),
            "2026-03-29T02:30:00+01:00"
        );
    }

    #[test]
    fn fall_back_in_berlin() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET; 02:00 to 02:59 happen twice.
        assert_eq!(publish("25.10.2026 01:59"), "2026-10-25T01:59:00+02:00");
        assert_eq!(publish("25.10.2026 03:00"), "2026-10-25T03:00:00+01:00");
        let r = read("25.10.2026 02:30", BERLIN, Which::Publish).unwrap();
        assert_eq!(r.rfc3339(), "2026-10-25T02:30:00+02:00");
        assert_eq!(
            r.twice.map(|t| t.to_string()).as_deref(),
            Some("\"25.10.2026 02:30\" happens twice in Europe/Berlin (the clocks go back from 03:00 to 02:00 that night); it was read as the first, 2026-10-25T02:30:00+02:00; for the second write 2026-10-25T02:30:00+01:00")
        );
        assert_eq!(
            publish("2026-10-25T02:30:00+01:00"),
            "2026-10-25T02:30:00+01:00"
        );
        assert!(read("25.10.2026 01:30", BERLIN, Which::Publish)
            .unwrap()
            .twice
            .is_none());
    }

    #[test]
    fn days_that_start_late_or_never() {
        // Havana puts its clocks forward at midnight: 8 March 2026 starts at 01:00.
        let havana = chrono_tz::America::Havana;
        let r = read("2026-03-08", havana, Which::Publish).unwrap();
        assert_eq!(r.rfc3339(), "2026-03-08T01:00:00-04:00");
        // Samoa skipped 30 December 2011 on its way across the date line.
        let apia = chrono_tz::Pacific::Apia;
        assert_eq!(
            read("30.12.2011", apia, Which::Publish)
                .unwrap_err()
                .to_string(),
            "\"30.12.2011\" is a day that Pacific/Apia skipped; write the day before or after"
        );
        let r = read("29.12.2011", apia, Which::Expiry).unwrap();
        assert_eq!(r.rfc3339(), "2011-12-31T00:00:00+14:00");
    }

    #[test]
    fn wrong_dates_say_what_to_write() {
        assert_eq!(
            publish("morgen"),
            "error: \"morgen\" is not a date; write e.g. 01.12.2026 09:00, 01.12.2026, 2026-12-01 09:00, 2026-12-01 or 2026-12-01T09:00:00+01:00 (without an offset it is read in Europe/Berlin)"
        );
        assert_eq!(
            publish("01.12.26 09:00"),
            "error: \"01.12.26 09:00\" has a two-digit year; write all four digits, e.g. 01.12.2026"
        );
        assert_eq!(
            publish("12/01/2026 9:00 AM"),
            "error: \"12/01/2026 9:00 AM\" can be read day first or month first; write it as 01.12.2026 or 2026-12-01 (day, month, year or year-month-day)"
        );
        assert_eq!(
            publish("46357,375"),
            "error: \"46357,375\" is a spreadsheet's day number, not a date; format the column as a date (e.g. TT.MM.JJJJ hh:mm) or as text, and save again"
        );
        assert_eq!(
            publish("31.02.2026"),
            "error: \"31.02.2026\" is not a day of the calendar; check the day and the month"
        );
        assert_eq!(
            publish("01.12.2026 24:00"),
            "error: \"01.12.2026 24:00\" has no such time of day; hours go from 0 to 23, minutes and seconds from 0 to 59"
        );
        assert_eq!(
            publish("2026-12-01T09:00+24:00"),
            "error: \"2026-12-01T09:00+24:00\" has an offset no place on earth has; write e.g. +01:00, -05:00 or Z"
        );
        for bad in [
            "2026-12-01 9",
            "2026-12-01 09:00 CET",
            "2026-12-01T09:00:00+1:00",
            "2026-12-1x",
            "01.12.2026 09.00",
            "20261201",
            "2026",
        ] {
            assert!(
                publish(bad).contains("is not a date"),
                "{bad}: {}",
                publish(bad)
            );
        }
    }
}
