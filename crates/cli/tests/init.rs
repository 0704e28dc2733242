//! `advocate init`: a starter that validates, and files that are never overwritten by surprise.

mod common;

use common::{run_in, scratch};

#[test]
fn init_then_validate_exits_0_without_warnings() {
    let dir = scratch("init");
    let r = run_in(&dir, &["init", "starter"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    for file in ["feed.json", "feed.schema.json", "README.md"] {
        assert!(dir.join("starter").join(file).is_file(), "{file}");
    }
    let r = run_in(&dir, &["validate", "starter/feed.json"], b"");
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout, "starter/feed.json: valid, 4 items\n");
    // The schema beside the feed is the current one, so the editor's checks match.
    let schema = std::fs::read_to_string(dir.join("starter/feed.schema.json")).unwrap_or_default();
    let printed = run_in(&dir, &["schema"], b"").stdout;
    assert_eq!(schema, printed);
    let feed = std::fs::read_to_string(dir.join("starter/feed.json")).unwrap_or_default();
    assert!(feed.contains("\"$schema\": \"./feed.schema.json\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_refuses_to_overwrite_unless_forced() {
    let dir = scratch("init-again");
    assert_eq!(run_in(&dir, &["init"], b"").code, 0);
    std::fs::write(dir.join("feed.json"), "{}").expect("edit");
    let r = run_in(&dir, &["init"], b"");
    assert_eq!(r.code, 2);
    assert_eq!(
        r.stderr,
        "advocate: \"./feed.json\", \"./feed.schema.json\" and \"./README.md\" already exist; use --force to overwrite them\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("feed.json")).unwrap_or_default(),
        "{}"
    );
    std::fs::remove_file(dir.join("README.md")).expect("remove");
    std::fs::remove_file(dir.join("feed.schema.json")).expect("remove");
    let r = run_in(&dir, &["init", "."], b"");
    assert_eq!(
        r.stderr,
        "advocate: \"./feed.json\" already exists; use --force to overwrite it\n"
    );
    let r = run_in(&dir, &["init", "--force"], b"");
    assert_eq!(r.code, 0);
    assert_eq!(run_in(&dir, &["validate", "feed.json"], b"").code, 0);
    let _ = std::fs::remove_dir_all(&dir);
}
