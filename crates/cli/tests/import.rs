//! `advocate import`: the sample sheets in `tests/feeds/import/` (one row per caption with `;`
//! and a BOM, one row per item with `,`, a Windows-1252 export) become feeds that validate;
//! a broken sheet is reported by row and column and writes nothing.

mod common;

use common::{feeds, run_in, run_with_env, scratch};

fn import(dir: &std::path::Path, sheet: &str, out: &str) -> common::Run {
    let sheet = feeds().join("import").join(sheet);
    let sheet = sheet.to_string_lossy().into_owned();
    run_in(
        dir,
        &[
            "import",
            &sheet,
            "-o",
            out,
            "--organization",
            "Beispiel GmbH",
            "--hashtags",
            "BeispielGmbH #Karriere",
        ],
        b"",
    )
}

#[test]
fn every_sample_sheet_imports_to_a_valid_feed() {
    let dir = scratch("import");
    for (sheet, items) in [
        ("per-caption-semicolon-bom.csv", 2),
        ("per-item-comma.csv", 2),
        ("per-caption-windows1252.csv", 1),
    ] {
        let r = import(&dir, sheet, "feed.json");
        assert_eq!(r.code, 0, "{sheet}: {}", r.stderr);
        assert!(
            r.stdout.starts_with(&format!("feed.json: {items} item")),
            "{}",
            r.stdout
        );
        let v = run_in(
            &dir,
            &["validate", "--at", "2026-06-01T00:00:00Z", "feed.json"],
            b"",
        );
        assert_eq!(v.code, 0, "{sheet}: {}", v.stdout);
        assert_eq!(
            v.stdout,
            format!("feed.json: valid, {items} items\n").replace("1 items", "1 item")
        );
        std::fs::remove_file(dir.join("feed.json")).expect("written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_sheets_mean_what_an_admin_wrote() {
    let dir = scratch("import-content");
    assert_eq!(
        import(&dir, "per-caption-semicolon-bom.csv", "a.json").code,
        0
    );
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("a.json")).expect("written")).expect("JSON");
    let q4 = &feed["items"][0];
    assert_eq!(q4["id"], "q4-bericht");
    assert_eq!(q4["pinned"], true);
    assert_eq!(q4["networks"], serde_json::json!(["linkedin", "x"]));
    assert_eq!(q4["hashtags"], serde_json::json!(["#Q4", "#Bericht"]));
    // A quoted cell keeps its line break and its semicolon.
    assert_eq!(
        q4["captions"][0]["text"],
        "Stolz auf unser Quartal!\nAlle Zahlen hier: {url}"
    );
    assert_eq!(q4["captions"][1]["network"], "x");
    assert_eq!(
        q4["captions"][2]["text"],
        "Proud of our quarter; numbers from every team: {url}"
    );
    assert_eq!(
        feed["organization"]["hashtags"],
        serde_json::json!(["#BeispielGmbH", "#Karriere"])
    );

    let r = import(&dir, "per-caption-windows1252.csv", "b.json");
    assert_eq!(
        r.stderr,
        format!(
            "{}: note: the file is not UTF-8, so it was read as Windows-1252 (Excel's \"CSV (Trennzeichen-getrennt)\"); check umlauts in the result, or save as \"CSV UTF-8\"\n",
            feeds().join("import/per-caption-windows1252.csv").display()
        )
    );
    let feed = std::fs::read_to_string(dir.join("b.json")).expect("written");
    assert!(
        feed.contains("Grüße vom Sommerfest – schön war’s! {url}"),
        "{feed}"
    );

    assert_eq!(import(&dir, "per-item-comma.csv", "c.json").code, 0);
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("c.json")).expect("written")).expect("JSON");
    let captions: Vec<String> = feed["items"][0]["captions"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| format!("{}/{}", c["lang"], c["network"]).replace('"', ""))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(captions, ["de/null", "de/null", "en/null", "de/x", "en/x"]);
    assert_eq!(
        feed["items"][1]["audience"]["teams"],
        serde_json::json!(["Vertrieb", "Marketing"])
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_name_the_row_and_column_and_nothing_is_written() {
    let dir = scratch("import-broken");
    let r = import(&dir, "broken.csv", "feed.json");
    let sheet = feeds().join("import/broken.csv").display().to_string();
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        format!(
            "{sheet}: error: row 4, column caption: unknown placeholder {{link}} (known: {{url}}, {{title}}, {{company}}, {{hashtags}}, {{first_name}}, {{role}}, {{team}})
{sheet}: error: row 5, column network: unknown network \"twitter\" (X is written \"x\")
{sheet}: error: row 7, column url: the link must start with https:// (found \"http:\")
{sheet}: warning: row 6 (item \"team\"): has no English caption; employees who read neither of its languages get the first caption
{sheet}: warning: row 7 (item \"blog\"): has no English caption; employees who read neither of its languages get the first caption
{sheet}: 3 errors, 2 warnings; nothing written
"
        )
    );
    assert!(!dir.join("feed.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn header_mistakes_and_missing_organisation_are_explained() {
    let dir = scratch("import-header");
    std::fs::write(
        dir.join("sheet.csv"),
        "id;url;titel_de;lang;caption\nq4;https://b.de;Q4;de;Hallo\n",
    )
    .expect("write");
    let r = run_in(
        &dir,
        &[
            "import",
            "sheet.csv",
            "-o",
            "feed.json",
            "--organization",
            "B",
        ],
        b"",
    );
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "sheet.csv: error: row 1, column titel_de: \"titel_de\" is not a column Advocate knows (did you mean \"title_de\"?)\nsheet.csv: 1 error; nothing written\n"
    );
    let r = run_in(&dir, &["import", "sheet.csv", "-o", "feed.json"], b"");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "advocate: the feed needs the organisation's name: pass --organization \"Beispiel GmbH\" (or import into an existing feed, whose organization is kept)\n"
    );
    let r = run_in(
        &dir,
        &[
            "import",
            "nope.csv",
            "-o",
            "feed.json",
            "--organization",
            "B",
        ],
        b"",
    );
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "advocate: cannot read \"nope.csv\": no such file\n")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn importing_into_an_existing_feed_keeps_its_organisation() {
    let dir = scratch("import-existing");
    assert_eq!(run_in(&dir, &["init"], b"").code, 0);
    let sheet = feeds().join("import/per-item-comma.csv");
    let r = run_in(
        &dir,
        &["import", &sheet.to_string_lossy(), "-o", "feed.json"],
        b"",
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("feed.json")).expect("written"))
            .expect("JSON");
    assert_eq!(feed["organization"]["name"], "Beispiel Maschinenbau GmbH");
    assert_eq!(feed["$schema"], "./feed.schema.json");
    assert_eq!(feed["items"][0]["id"], "messe-2026");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The dates of the sheet's items: (id, publish_at, expires_at).
fn dates(feed: &std::path::Path) -> Vec<(String, String, String)> {
    let feed: serde_json::Value =
        serde_json::from_slice(&std::fs::read(feed).expect("written")).expect("JSON");
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_string();
    feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (s(&i["id"]), s(&i["publish_at"]), s(&i["expires_at"])))
        .collect()
}

#[test]
fn german_excel_dates_are_read_in_the_named_zone_and_validate() {
    let dir = scratch("import-german-dates");
    let sheet = feeds().join("import/german-dates.csv");
    let sheet = sheet.to_string_lossy();
    let args = [
        "import",
        &sheet,
        "-o",
        "feed.json",
        "--organization",
        "Beispiel GmbH",
        "--time-zone",
        "Europe/Berlin",
    ];
    let r = run_in(&dir, &args, b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("feed.json: 3 items from 6 rows of {sheet}\n")
    );
    // Only "expired" warnings, depending on the day the test runs; no zone note (the zone was
    // named), no errors.
    assert!(
        r.stderr.lines().all(|l| l.contains("this item expired")),
        "{}",
        r.stderr
    );
    let owned = |t: [&str; 3]| t.map(str::to_string).into();
    assert_eq!(
        dates(&dir.join("feed.json")),
        [
            // The first day of summer time, and a date-only expiry: the end of 30 April.
            owned([
                "fruehjahr",
                "2026-03-29T09:00:00+02:00",
                "2026-05-01T00:00:00+02:00"
            ]),
            // Across the night the clocks go back.
            owned([
                "herbst",
                "2026-10-24T18:00:00+02:00",
                "2026-10-25T12:00:00+01:00"
            ]),
            owned([
                "winter",
                "2026-12-01T09:00:00+01:00",
                "2027-01-01T00:00:00+01:00"
            ]),
        ]
    );
    let v = run_in(
        &dir,
        &["validate", "--at", "2026-03-01T00:00:00Z", "feed.json"],
        b"",
    );
    assert_eq!(
        (v.code, v.stdout.as_str()),
        (0, "feed.json: valid, 3 items\n"),
        "{}",
        v.stderr
    );

    // Without --time-zone, TZ names the computer's zone, and a note says which was used.
    std::fs::remove_file(dir.join("feed.json")).expect("written");
    let r = run_with_env(&dir, &args[..6], b"", &[("TZ", "Europe/Berlin")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!("{sheet}: note: 6 dates without an offset were read in Europe/Berlin (the TZ variable; --time-zone chooses another)\n")),
        "{}",
        r.stderr
    );
    assert_eq!(
        dates(&dir.join("feed.json"))[1].2,
        "2026-10-25T12:00:00+01:00"
    );
    // In another zone, the same sheet means other instants.
    let mut tokyo = args;
    tokyo[7] = "Asia/Tokyo";
    assert_eq!(run_in(&dir, &tokyo, b"").code, 0);
    assert_eq!(
        dates(&dir.join("feed.json"))[2].1,
        "2026-12-01T09:00:00+09:00"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_dates_and_unknown_zones_are_explained() {
    let dir = scratch("import-bad-dates");
    std::fs::write(
        dir.join("sheet.csv"),
        "id;url;title_de;publish_at;expires_at;lang;caption\n\
         a;https://b.de/a;A;29.03.2026 02:30;31.12.2027;de;Hallo {url}\n\
         b;https://b.de/b;B;01.12.26;2027-02-30;de;Hallo {url}\n",
    )
    .expect("write");
    let import = |zone: &str| {
        run_in(
            &dir,
            &[
                "import",
                "sheet.csv",
                "-o",
                "feed.json",
                "--organization",
                "B",
                "--time-zone",
                zone,
            ],
            b"",
        )
    };
    let r = import("Europe/Berlin");
    assert_eq!(r.code, 1);
    assert_eq!(
        r.stderr,
        "sheet.csv: error: row 2, column publish_at: \"29.03.2026 02:30\" does not exist in Europe/Berlin: the clocks jump from 02:00 to 03:00 that night; write a time before 02:00 or from 03:00 on
sheet.csv: error: row 3, column publish_at: \"01.12.26\" has a two-digit year; write all four digits, e.g. 01.12.2026
sheet.csv: error: row 3, column expires_at: \"2027-02-30\" is not a day of the calendar; check the day and the month
sheet.csv: 3 errors; nothing written
"
    );
    assert!(!dir.join("feed.json").exists());

    let r = import("Europe/Berln");
    assert_eq!(
        (r.code, r.stderr.as_str()),
        (2, "advocate: --time-zone: \"Europe/Berln\" is not a time zone name (did you mean \"Europe/Berlin\"?); write an IANA name such as Europe/Berlin, Europe/London or America/New_York\n")
    );
    assert!(!dir.join("feed.json").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_sheet_gives_the_feed_studios_import_byte_for_byte() {
    // `advocate import` is the studio's import (advocate_core::studio::csv): the same sheet,
    // organisation and zone give the same file.
    use advocate_core::feed::raw::{RawFeed, RawOrganization};
    use advocate_core::studio::csv::import_csv;

    let dir = scratch("import-studio");
    for sheet in [
        "per-caption-semicolon-bom.csv",
        "per-item-comma.csv",
        "per-caption-windows1252.csv",
        "german-dates.csv",
    ] {
        let path = feeds().join("import").join(sheet);
        let r = run_in(
            &dir,
            &[
                "import",
                &path.to_string_lossy(),
                "-o",
                "feed.json",
                "--organization",
                "Beispiel GmbH",
                "--hashtags",
                "BeispielGmbH #Karriere",
                "--time-zone",
                "Europe/Berlin",
            ],
            b"",
        );
        assert_eq!(r.code, 0, "{sheet}: {}", r.stderr);
        let written = std::fs::read_to_string(dir.join("feed.json")).expect("written");
        let base = RawFeed {
            version: advocate_core::feed::SUPPORTED_VERSION,
            organization: RawOrganization {
                name: "Beispiel GmbH".into(),
                hashtags: advocate_core::import::hashtags("BeispielGmbH #Karriere"),
            },
            ..RawFeed::default()
        };
        let bytes = std::fs::read(&path).expect("sheet");
        let now = chrono::Utc::now().timestamp_millis();
        let studio = import_csv(&bytes, base, "Europe/Berlin", now).expect("imports");
        assert_eq!(written, studio.text, "{sheet}");
        std::fs::remove_file(dir.join("feed.json")).expect("written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
