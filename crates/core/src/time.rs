//! Small calendar helpers that keep chrono's formatting and RFC 2822 machinery out of the
//! wasm module: local calendar days, HTTP dates, and one fixed date format for messages.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian; H. Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Days since 1970-01-01 of a civil date (the inverse of [`civil_from_days`]).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Unix seconds of an HTTP date in the IMF-fixdate form every current server sends
/// (`Fri, 27 Nov 2026 10:05:00 GMT`, RFC 9110 §5.6.7).
pub fn parse_http_date(s: &str) -> Option<i64> {
    let rest = s.trim().split_once(", ")?.1;
    let mut parts = rest.split(' ');
    let day: u32 = parts.next()?.parse().ok()?;
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|m| *m == month_name)? as u32 + 1;
    let year: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, se) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || !(1..=31).contains(&day) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3_600 + mi * 60 + se)
}

/// `2026-11-20 08:00 +01:00`, for messages to admins.
pub fn ymd_hms(d: DateTime<FixedOffset>) -> String {
    let off = d.offset().local_minus_utc() / 60;
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {sign}{:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        d.hour(),
        d.minute(),
        off.abs() / 60,
        off.abs() % 60
    )
}

/// (year, month, day, hour, minute, second, millisecond) in UTC of `ms` since the epoch.
fn utc_parts(ms: i64) -> (i64, u32, u32, i64, i64, i64, i64) {
    let secs = ms.div_euclid(1000);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    (
        y,
        m,
        d,
        s / 3_600,
        s % 3_600 / 60,
        s % 60,
        ms.rem_euclid(1000),
    )
}

/// `2026-11-27T10:00:05.123Z`: RFC 3339 in UTC with milliseconds, as signatures carry it.
pub fn rfc3339_utc_ms(ms: i64) -> String {
    let (y, mo, d, h, mi, s, milli) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{milli:03}Z")
}

/// `2026-11-27 10:00:05 UTC`, for messages (the same in every language).
pub fn utc_seconds(ms: i64) -> String {
    let (y, mo, d, h, mi, s, _) = utc_parts(ms);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip_and_match_chrono() {
        for days in [-1_000_000, -1, 0, 1, 10_957, 20_784, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            let c = chrono::DateTime::from_timestamp(days * 86_400, 0).unwrap();
            assert_eq!(
                (y, m, d),
                (i64::from(c.year()), c.month(), c.day()),
                "{days}"
            );
        }
    }

    #[test]
    fn http_dates() {
        let t = parse_http_date("Fri, 27 Nov 2026 10:05:00 GMT").unwrap();
        let c = chrono::DateTime::parse_from_rfc2822("Fri, 27 Nov 2026 10:05:00 GMT").unwrap();
        assert_eq!(t, c.timestamp());
        assert_eq!(parse_http_date("27 Nov 2026"), None);
        assert_eq!(parse_http_date("Fri, 32 Nov 2026 10:05:00 GMT"), None);
        assert_eq!(parse_http_date("Fri, 27 Foo 2026 10:05:00 GMT"), None);
    }

    #[test]
    fn utc_stamps() {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:05.123Z")
            .unwrap()
            .timestamp_millis();
        assert_eq!(rfc3339_utc_ms(t), "2026-11-27T10:00:05.123Z");
        assert_eq!(utc_seconds(t), "2026-11-27 10:00:05 UTC");
        assert_eq!(rfc3339_utc_ms(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc_ms(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn message_dates() {
        let d = chrono::DateTime::parse_from_rfc3339("2025-02-01T00:00:00+01:00").unwrap();
        assert_eq!(ymd_hms(d), "2025-02-01 00:00 +01:00");
    }
}
