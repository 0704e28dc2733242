//! Dates as the form shows them (`datetime-local`, the browser's zone) and as the feed keeps
//! them (RFC 3339 with the offset in force at that moment, so DST is right).

use chrono::DateTime;

fn two(n: f64) -> String {
    format!("{:02}", n as i64)
}

/// `YYYY-MM-DDTHH:MM` in the browser's zone for an RFC 3339 value, if it is one.
pub fn to_local_input(value: &str) -> Option<String> {
    let at = DateTime::parse_from_rfc3339(value).ok()?;
    Some(local_input_of_ms(at.timestamp_millis()))
}

/// `YYYY-MM-DDTHH:MM` in the browser's zone for epoch ms.
pub fn local_input_of_ms(ms: i64) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    format!(
        "{:04}-{}-{}T{}:{}",
        d.get_full_year(),
        two(d.get_month() as f64 + 1.0),
        two(d.get_date() as f64),
        two(d.get_hours() as f64),
        two(d.get_minutes() as f64)
    )
}

/// Epoch ms of a `datetime-local` value read in the browser's zone.
pub fn ms_of_local_input(text: &str) -> Option<i64> {
    let (date, clock) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i32>().ok());
    let mut c = clock.split(':').map(|p| p.parse::<i32>().ok());
    let (y, mo, da) = (d.next()??, d.next()??, d.next()??);
    let (h, mi) = (c.next()??, c.next()??);
    let date = js_sys::Date::new_with_year_month_day_hr_min_sec(y as u32, mo - 1, da, h, mi, 0);
    let ms = date.get_time();
    ms.is_finite().then_some(ms as i64)
}

/// The RFC 3339 value (seconds, the zone's offset at that moment) of a `datetime-local` value.
pub fn from_local_input(text: &str) -> Option<String> {
    let ms = ms_of_local_input(text)?;
    let d = js_sys::Date::new(&(ms as f64).into());
    let offset = -(d.get_timezone_offset() as i64);
    let sign = if offset < 0 { '-' } else { '+' };
    let (oh, om) = (offset.abs() / 60, offset.abs() % 60);
    Some(format!(
        "{}:00{sign}{oh:02}:{om:02}",
        &local_input_of_ms(ms)
    ))
}

/// A date and time for people, in the UI's language.
pub fn show(ms: i64, lang: &str) -> String {
    let d = js_sys::Date::new(&(ms as f64).into());
    let opts = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&opts, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&opts, &"timeStyle".into(), &"short".into());
    d.to_locale_string(lang, &opts).into()
}
