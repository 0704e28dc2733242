//! `advocate import`: the sample sheets in `tests/feeds/import/` (one row per caption with `;`
//! and a BOM, one row per item with `,`, a Windows-1252 export) become feeds that validate;
//! a broken sheet is reported by row and column and writes nothing.

mod common;

use common::{feeds, run_in, scratch};

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
