//! `advocate count`: lengths as the networks count them, from standard input as given.

mod common;

use common::{feeds, run_in};

fn count(network: &str, text: &str) -> (i32, String) {
    let r = run_in(&feeds(), &["count", "--network", network], text.as_bytes());
    (r.code, r.stdout)
}

#[test]
fn x_weighs_the_german_example_by_hand() {
    // "Grüße aus München 🇩🇪 beispiel.de", by twitter-text v3 (config v3):
    //   "Grüße aus München " — 18 code points, all ≤ U+10FF, weight 1 each  = 18
    //   "🇩🇪" — one emoji sequence (two regional indicators), weight 2      =  2
    //   " "                                                                  =  1
    //   "beispiel.de" — a URL without scheme (ccTLD), always 23              = 23
    //                                                                  total = 44
    assert_eq!(
        count("x", "Grüße aus München 🇩🇪 beispiel.de"),
        (
            0,
            "{\"network\":\"x\",\"weighted_length\":44,\"max\":280,\"valid\":true}\n".into()
        )
    );
}

#[test]
fn the_text_is_taken_exactly_and_too_long_is_still_exit_0() {
    // A trailing line break counts: standard input is not trimmed.
    assert_eq!(
        count("linkedin", "Hallo\n").1,
        "{\"network\":\"linkedin\",\"weighted_length\":6,\"max\":3000,\"valid\":true}\n"
    );
    // LinkedIn counts UTF-16 code units: the flag is two surrogate pairs.
    assert_eq!(
        count("linkedin", "🇩🇪").1,
        "{\"network\":\"linkedin\",\"weighted_length\":4,\"max\":3000,\"valid\":true}\n"
    );
    let long = "x".repeat(281);
    assert_eq!(
        count("x", &long),
        (
            0,
            "{\"network\":\"x\",\"weighted_length\":281,\"max\":280,\"valid\":false}\n".into()
        )
    );
}

#[test]
fn text_that_is_not_utf8_is_an_input_error() {
    let r = run_in(&feeds(), &["count", "--network", "x"], b"Gr\xfc\xdfe");
    assert_eq!(r.code, 2);
    assert_eq!(r.stderr, "advocate: standard input is not UTF-8 text\n");
    let r = run_in(&feeds(), &["count", "--network", "facebook"], b"x");
    assert_eq!(r.code, 2);
}
