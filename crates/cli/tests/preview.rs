//! `advocate preview`: what an employee sees, per network and in rank order, with the exact
//! final text; and what they do not see, with the reason.

mod common;

use common::{feeds, run_in};
use serde_json::Value;

fn preview(args: &[&str]) -> common::Run {
    let mut all = vec!["preview"];
    all.extend_from_slice(args);
    run_in(&feeds().join("valid"), &all, b"")
}

fn preview_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    let r = preview(&all);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).expect("JSON preview")
}

#[test]
fn shows_each_network_in_rank_order_with_final_text() {
    let r = preview(&[
        "networks.json",
        "--at",
        "2026-06-01T10:00:00+02:00",
        "--first-name",
        "Anna",
    ]);
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stdout,
        r##"Preview of networks.json at 2026-06-01T10:00:00+02:00
Employee: language - (English captions, else the first), team -, region -, first name Anna, role -

== LinkedIn: 2 suggestions ==

1. both: Our Q4 report  (priority 50)
   variant 1 of 1 (/items/0/captions/0, en): 114/3000, fits
        Long LinkedIn text https://www.beispiel.de/news/q4?utm_source=linkedin&utm_medium=employee_advocacy

        #BeispielGmbH

2. linkedin-only: Our Q4 report  (priority 50)
   variant 1 of 1 (/items/2/captions/0, en): 112/3000, fits
        Only on LinkedIn https://www.beispiel.de/news/q4?utm_source=linkedin&utm_medium=employee_advocacy

        #BeispielGmbH

Not shown on LinkedIn:
  x-only (/items/1): not shared on LinkedIn

== X: 2 suggestions ==

1. both: Our Q4 report  (priority 50)
   variant 1 of 1 (/items/0/captions/1, en): 51/280, fits
        Short X text https://www.beispiel.de/news/q4?utm_source=x&utm_medium=employee_advocacy

        #BeispielGmbH

2. x-only: Our Q4 report  (priority 50)
   variant 1 of 1 (/items/1/captions/0, en): 48/280, fits
        Only on X https://www.beispiel.de/news/q4?utm_source=x&utm_medium=employee_advocacy

        #BeispielGmbH

Not shown on X:
  linkedin-only (/items/2): not shared on X
"##
    );
}

#[test]
fn lists_what_the_employee_does_not_see_and_why() {
    let p = preview_json(&[
        "full.json",
        "--network",
        "linkedin",
        "--team",
        "Engineering",
        "--at",
        "2026-06-01T10:00:00+02:00",
    ]);
    let hidden: Vec<(String, String)> = p["networks"][0]["hidden"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|h| {
                    (
                        h["id"].as_str().unwrap_or("").to_string(),
                        h["reason"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        hidden,
        [
            ("q4-report-2026".to_string(), "other_team".to_string()),
            ("old-webinar".to_string(), "retracted".to_string()),
        ]
    );
    let early = preview_json(&[
        "dates.json",
        "--network",
        "x",
        "--at",
        "2025-12-01T00:00:00Z",
    ]);
    assert_eq!(
        early["networks"][0]["hidden"][0]["reason"],
        "not_yet_published"
    );
    let late = preview_json(&[
        "dates.json",
        "--network",
        "x",
        "--at",
        "2027-06-01T00:00:00Z",
    ]);
    assert_eq!(late["networks"][0]["hidden"][0]["reason"], "expired");
    assert_eq!(late["networks"][0]["items"][0]["id"], "utc");
}

#[test]
fn variants_follow_the_language_and_wait_for_profile_fields() {
    let p = preview_json(&[
        "full.json",
        "--network",
        "x",
        "--lang",
        "de",
        "--team",
        "Sales",
        "--at",
        "2026-06-01T10:00:00+02:00",
    ]);
    let item = &p["networks"][0]["items"][0];
    assert_eq!(item["id"], "q4-report-2026");
    assert_eq!(item["title"], "Unser Q4-Bericht");
    // The X caption first, then the general one, which needs a first name.
    assert_eq!(item["variants"][0]["caption"], "/items/0/captions/1");
    assert_eq!(item["variants"][0]["max"], 280);
    assert_eq!(item["variants"][1]["needs"], "first_name");
    let p = preview_json(&[
        "full.json",
        "--network",
        "linkedin",
        "--lang",
        "de",
        "--first-name",
        "Anna",
        "--team",
        "Sales",
        "--at",
        "2026-06-01T10:00:00+02:00",
    ]);
    let v = &p["networks"][0]["items"][0]["variants"][1];
    assert_eq!(v["caption"], "/items/0/captions/0");
    let text = v["text"].as_str().unwrap_or("");
    assert!(
        text.starts_with(
            "Stolz auf unser Team, Anna hier aus dem Sales: https://www.beispiel.de/news/q4?"
        ),
        "{text}"
    );
}

#[test]
fn an_invalid_feed_is_not_previewed() {
    let r = run_in(
        &feeds().join("invalid"),
        &["preview", "url-not-https.json"],
        b"",
    );
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.ends_with(
            "url-not-https.json: 1 error\nadvocate: fix the errors above to preview the feed\n"
        ),
        "{}",
        r.stderr
    );
    let r = run_in(
        &feeds(),
        &["preview", "valid/minimal.json", "--lang", "deutsch"],
        b"",
    );
    assert_eq!(r.code, 2);
}
