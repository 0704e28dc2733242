//! `advocate schema` prints exactly the committed `schema/feed.schema.json`.

mod common;

use common::run;

#[test]
fn printed_schema_matches_the_committed_file() {
    let r = run(&["schema"]);
    assert_eq!(r.code, 0);
    let path = common::feeds().join("../../schema/feed.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == r.stdout,
        "schema/feed.schema.json is stale; regenerate it with `advocate schema > schema/feed.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
}
