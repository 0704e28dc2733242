//! The sync status in words, shared by the panel, the popup and the options page.

use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use advocate_core::view::{ago, Ago, StatusView};

use crate::host::{self, t, tf};

fn lang() -> Array {
    let a = Array::new();
    a.push(&JsValue::from_str(&host::ui_language()));
    a
}

/// "5 minutes ago" / "vor 5 Minuten", localised by the browser (plurals included).
pub fn relative(then_ms: i64) -> String {
    let (value, unit) = match ago(then_ms, host::now_ms() as i64) {
        Ago::JustNow => return t("justNow"),
        Ago::Minutes(n) => (n, "minute"),
        Ago::Hours(n) => (n, "hour"),
        Ago::Days(n) => (n, "day"),
    };
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"numeric".into(), &"always".into());
    let fmt = Intl::RelativeTimeFormat::new(&lang(), &opts);
    String::from(fmt.format(-(value as f64), unit))
}

/// A message with a plural form: `{key}One` or `{key}Other`, chosen by the language's rules,
/// with `n` as `$1`.
pub fn plural(key: &str, n: usize) -> String {
    plural_of(key, n, &[n.to_string()])
}

fn plural_of(key: &str, n: usize, args: &[String]) -> String {
    let rules = Intl::PluralRules::new(&lang(), &Object::new());
    let category = rules.select(n as f64).as_string().unwrap_or_default();
    let suffix = if category == "one" { "One" } else { "Other" };
    tf(&format!("{key}{suffix}"), args)
}

/// The status line and whether it reports a problem. `shown` overrides the number of
/// suggestions (the panel counts what it lists for its site, not the whole feed).
pub fn line(s: &StatusView, shown: Option<usize>) -> (String, bool) {
    if let Some(f) = &s.failure {
        let reason = match f.count {
            Some(n) => plural_of(&f.key, n, &f.args),
            None => tf(&f.key, &f.args),
        };
        let keeping = match (s.has_feed, s.feed_at) {
            (true, Some(at)) => tf("statusKeeping", &[relative(at)]),
            _ => t("statusNoFeed"),
        };
        return (format!("{reason} {keeping}"), true);
    }
    if !s.has_feed {
        return (t("statusNeverSynced"), false);
    }
    let when = s.checked_at.or(s.feed_at).map(relative).unwrap_or_default();
    let mut text = format!(
        "{} · {}",
        tf("statusUpdated", &[when]),
        plural("items", shown.unwrap_or(s.items))
    );
    if s.demo {
        text = format!("{text} · {}", t("statusDemo"));
    }
    (text, false)
}

/// A date as the employee's language writes it ("Mo., 30. Nov." / "Mon, Nov 30").
pub fn date(ms: i64) -> String {
    let opts = Object::new();
    let _ = Reflect::set(&opts, &"weekday".into(), &"short".into());
    let _ = Reflect::set(&opts, &"day".into(), &"numeric".into());
    let _ = Reflect::set(&opts, &"month".into(), &"short".into());
    let d = js_sys::Date::new(&JsValue::from_f64(ms as f64));
    String::from(d.to_locale_date_string(&host::ui_language(), &opts))
}
