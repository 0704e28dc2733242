//! Core benchmarks (`cargo bench -p advocate-core`; `./build.sh bench` runs them too).
//!
//! - `validate/*`: the generated 10,000-item feed (the same bytes as the browser benchmark's,
//!   see `feed_json`), as the extension accepts it (`sync::accept_body`) and as
//!   `advocate validate` checks it (`fit::check_feed`: validation and the fit pass).
//! - `rank/*`: the suggestions of that feed for one profile on one network.
//! - `count/*`, `compose/*`: per 1,000 typical final captions (placeholders filled, tagged link,
//!   hashtags; every fifth with an emoji).
//!
//! Kept short (10 samples, ~1 s of measurement each) so the whole suite stays well inside
//! `./build.sh bench`'s ten minutes. `ADVOCATE_BENCH_DUMP=PATH` writes the generated feed to
//! PATH (to compare it with `node tests/bench/generate-feed.mjs 10000`).

use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

use advocate_core::compose::compose;
use advocate_core::feed::{Feed, ValidateOptions};
use advocate_core::fit::check_feed;
use advocate_core::network::Network;
use advocate_core::profile::Profile;
use advocate_core::rank::{suggestions, RankContext};
use advocate_core::state::LocalState;
use advocate_core::sync::accept_body;
use advocate_core::text::{linkedin, x};

const ITEMS: usize = 10_000;
const CAPTIONS: usize = 1_000;

/// The xorshift32 of `tests/bench/generate-feed.mjs`, step for step.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        f64::from(self.0) / 4_294_967_296.0
    }
    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[(self.next() * list.len() as f64).floor() as usize]
    }
}

const DE: [&str; 20] = [
    "Unser",
    "neues",
    "Projekt",
    "zeigt",
    "wie",
    "Teams",
    "gemeinsam",
    "mehr",
    "erreichen",
    "Kunden",
    "Energie",
    "Zukunft",
    "Qualität",
    "Werk",
    "Standort",
    "Bericht",
    "Zahlen",
    "Erfolg",
    "Nachhaltigkeit",
    "Ausbildung",
];
const EN: [&str; 20] = [
    "Our",
    "new",
    "project",
    "shows",
    "how",
    "teams",
    "achieve",
    "more",
    "together",
    "customers",
    "energy",
    "future",
    "quality",
    "plant",
    "site",
    "report",
    "numbers",
    "success",
    "sustainability",
    "training",
];
const FR: [&str; 20] = [
    "Notre",
    "nouveau",
    "projet",
    "montre",
    "comment",
    "équipes",
    "réussissent",
    "ensemble",
    "clients",
    "énergie",
    "avenir",
    "qualité",
    "usine",
    "site",
    "rapport",
    "chiffres",
    "succès",
    "durabilité",
    "formation",
    "plus",
];

fn words(lang: &str) -> &'static [&'static str] {
    match lang {
        "de" => &DE,
        "en" => &EN,
        _ => &FR,
    }
}

fn sentence(r: &mut Rng, lang: &str, n: usize) -> String {
    (0..n)
        .map(|_| r.pick(words(lang)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A JSON string literal (the generated texts need no escapes, but stay correct anyway).
fn js(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn lang_map(langs: &[&str], texts: &[String]) -> String {
    let fields: Vec<String> = langs
        .iter()
        .zip(texts)
        .map(|(l, t)| format!("{}:{}", js(l), js(t)))
        .collect();
    format!("{{{}}}", fields.join(","))
}

/// The benchmark feed: byte for byte what `node tests/bench/generate-feed.mjs N` writes
/// (same seed, same draws in the same order, same key order as `JSON.stringify`).
fn feed_json(n: usize) -> String {
    let mut r = Rng(0x1234_5678);
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        let langs: &[&str] = if r.next() < 0.15 {
            &["de", "en", "fr"]
        } else {
            &["de", "en"]
        };
        let titles: Vec<String> = langs.iter().map(|l| sentence(&mut r, l, 4)).collect();
        let summaries: Vec<String> = langs
            .iter()
            .map(|l| format!("{}.", sentence(&mut r, l, 8)))
            .collect();
        let mut captions = Vec::new();
        for l in langs {
            let variants = 1 + usize::from(r.next() < 0.4);
            for _ in 0..variants {
                let text = format!("{}: {{url}}", sentence(&mut r, l, 10));
                captions.push(format!("{{\"lang\":{},\"text\":{}}}", js(l), js(&text)));
            }
        }
        if r.next() < 0.3 {
            let text = format!("{} {{url}}", sentence(&mut r, "en", 8));
            captions.push(format!(
                "{{\"lang\":\"en\",\"network\":\"x\",\"text\":{}}}",
                js(&text)
            ));
        }
        let priority = (r.next() * 101.0).floor() as u32;
        let mut item = format!(
            "{{\"id\":\"item-{i}\",\"url\":\"https://www.beispiel.de/news/{i}\",\"title\":{},\"summary\":{},\"campaign\":\"campaign-{}\",\"priority\":{priority},\"captions\":[{}]",
            lang_map(langs, &titles),
            lang_map(langs, &summaries),
            i % 40,
            captions.join(","),
        );
        if r.next() < 0.5 {
            item.push_str(&format!(",\"image\":\"https://img.beispiel.de/{i}.jpg\""));
        }
        if r.next() < 0.2 {
            let team = r.pick(&["Sales", "Engineering", "HR"]);
            item.push_str(&format!(",\"audience\":{{\"teams\":[{}]}}", js(team)));
        }
        if r.next() < 0.3 {
            item.push_str(",\"publish_at\":\"2026-01-01T08:00:00+01:00\"");
        }
        if r.next() < 0.3 {
            item.push_str(",\"expires_at\":\"2099-12-31T23:59:59+01:00\"");
        }
        if r.next() < 0.2 {
            item.push_str(&format!(",\"hashtags\":[\"#Topic{}\"]", i % 17));
        }
        item.push('}');
        items.push(item);
    }
    format!(
        "{{\"version\":1,\"organization\":{{\"name\":\"Beispiel GmbH\",\"hashtags\":[\"#BeispielGmbH\"]}},\"items\":[{}]}}",
        items.join(",")
    )
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-06-01T09:00:00+02:00")
        .expect("a valid date")
        .with_timezone(&Utc)
}

fn profile() -> Profile {
    Profile {
        first_name: "Anna".into(),
        role: "Engineer".into(),
        team: "Sales".into(),
        region: "DACH".into(),
        languages: vec!["de".into(), "en".into()],
        ..Profile::default()
    }
}

/// 1,000 final captions as an employee gets them (composed for LinkedIn: filled
/// placeholders, tagged link, hashtags), every fifth with an emoji sequence appended.
fn typical_captions(feed: &Feed, profile: &Profile) -> Vec<String> {
    const EMOJI: [&str; 4] = [" 🚀", " 👩\u{200d}💻", " 🇩🇪", " 👍🏽"];
    let mut out = Vec::with_capacity(CAPTIONS);
    'items: for item in &feed.items {
        for c in 0..item.captions.len() {
            if out.len() == CAPTIONS {
                break 'items;
            }
            if let Ok(composed) = compose(feed, item, c, Network::Linkedin, profile) {
                let mut text = composed.text;
                if out.len() % 5 == 4 {
                    text.push_str(EMOJI[out.len() / 5 % EMOJI.len()]);
                }
                out.push(text);
            }
        }
    }
    assert_eq!(out.len(), CAPTIONS, "the feed yields enough captions");
    out
}

fn benches(c: &mut Criterion) {
    let json = feed_json(ITEMS);
    if let Ok(path) = std::env::var("ADVOCATE_BENCH_DUMP") {
        std::fs::write(&path, &json).expect("write ADVOCATE_BENCH_DUMP");
    }
    let bytes = json.into_bytes();
    let t = now();
    let checked = accept_body(&bytes, t).expect("the benchmark feed is accepted");
    assert_eq!(checked.feed.items.len(), ITEMS);
    let feed = checked.feed;
    let profile = profile();
    let languages = profile.language_prefs("de-DE");
    let state = LocalState::default();

    let mut g = group(c, "validate", 500, 2);
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("extension_10k_items", |b| {
        b.iter(|| accept_body(black_box(&bytes), t).expect("accepted"))
    });
    g.bench_function("cli_10k_items", |b| {
        b.iter(|| check_feed(black_box(&bytes), &ValidateOptions::default()).expect("valid"))
    });
    g.finish();

    let mut g = group(c, "rank", 300, 1);
    g.throughput(Throughput::Elements(ITEMS as u64));
    for network in [Network::Linkedin, Network::X] {
        g.bench_function(format!("{}_10k_items", network.as_str()), |b| {
            b.iter(|| {
                let ctx = RankContext {
                    now: t,
                    network,
                    profile: &profile,
                    languages: &languages,
                    state: &state,
                };
                suggestions(black_box(&feed), &ctx).len()
            })
        });
    }
    g.finish();

    let captions = typical_captions(&feed, &profile);
    let mut g = group(c, "count", 300, 1);
    g.throughput(Throughput::Elements(CAPTIONS as u64));
    g.bench_function("x_1000_captions", |b| {
        b.iter(|| sum_over(black_box(&captions), |t| x::count(t).length))
    });
    g.bench_function("linkedin_1000_captions", |b| {
        b.iter(|| sum_over(black_box(&captions), |t| linkedin::count(t).length))
    });
    g.bench_function("linkedin_fold_1000_captions", |b| {
        b.iter(|| sum_over(black_box(&captions), |t| linkedin::fold_at(t).unwrap_or(0)))
    });
    g.finish();

    let mut g = group(c, "compose", 300, 1);
    g.throughput(Throughput::Elements(CAPTIONS as u64));
    g.bench_function("x_1000_captions", |b| {
        b.iter(|| {
            let mut n = 0;
            'items: for item in &feed.items {
                for c in 0..item.captions.len() {
                    if n == CAPTIONS {
                        break 'items;
                    }
                    let _ = black_box(compose(black_box(&feed), item, c, Network::X, &profile));
                    n += 1;
                }
            }
            n
        })
    });
    g.finish();
}

/// A group with this suite's settings: 10 samples (the benchmarks run for seconds, not
/// minutes), `warm_up_ms` of warm-up and `measure_s` of measurement.
fn group<'c>(
    c: &'c mut Criterion,
    name: &str,
    warm_up_ms: u64,
    measure_s: u64,
) -> BenchmarkGroup<'c, WallTime> {
    let mut g = c.benchmark_group(name);
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(warm_up_ms))
        .measurement_time(Duration::from_secs(measure_s));
    g
}

/// `f` applied to every caption, summed (so the work cannot be optimised away).
fn sum_over(captions: &[String], f: impl Fn(&str) -> usize) -> usize {
    captions.iter().map(|t| f(t)).sum()
}

criterion_group!(core, benches);
criterion_main!(core);
