//! Validation pointers in spreadsheet terms: `/items/3/url` → `row 7, column url`.

use std::path::Path;

use advocate_core::feed::diagnostic::tokens;

use super::build::Draft;
use crate::fsutil::shown;

/// Where a finding at `pointer` is in the sheet (or which flag or file it concerns).
pub fn place(pointer: &str, drafts: &[Draft], output: &Path, from_flags: bool) -> String {
    let toks = tokens(pointer);
    match toks.first().map(String::as_str) {
        Some("items") => {}
        Some("organization") => {
            let flag = match toks.get(1).map(String::as_str) {
                Some("hashtags") => "--hashtags",
                _ => "--organization",
            };
            return if from_flags {
                flag.to_string()
            } else {
                format!("\"organization\" in {}", shown(output))
            };
        }
        Some(other) => return format!("\"{other}\" in {}", shown(output)),
        None => return "the feed".to_string(),
    }
    let Some(draft) = toks
        .get(1)
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| drafts.get(i))
    else {
        return "the sheet".to_string();
    };
    // The longest recorded field path that the pointer starts with: `title/de` for
    // `/items/0/title/de`, `networks` for `/items/0/networks/1`.
    let rest = &toks[2..];
    for len in (1..=rest.len()).rev() {
        if let Some(o) = draft.origins.get(&rest[..len].join("/")) {
            return format!("row {}, column {}", o.row, o.column);
        }
    }
    format!("row {} (item \"{}\")", draft.row, draft.item.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::build::Origin;

    #[test]
    fn maps_pointers_to_rows_and_columns() {
        let mut d = Draft {
            row: 4,
            ..Draft::default()
        };
        d.item.id = "q4".into();
        let at = |row: usize, column: &str| Origin {
            row,
            column: column.into(),
        };
        d.origins.insert("url".into(), at(4, "url"));
        d.origins.insert("title/de".into(), at(5, "title_de"));
        d.origins.insert("captions/1/text".into(), at(6, "caption"));
        let drafts = [d];
        let out = Path::new("feed.json");
        let p = |ptr: &str| place(ptr, &drafts, out, true);
        assert_eq!(p("/items/0/url"), "row 4, column url");
        assert_eq!(p("/items/0/title/de"), "row 5, column title_de");
        assert_eq!(p("/items/0/captions/1/text"), "row 6, column caption");
        assert_eq!(p("/items/0/captions"), "row 4 (item \"q4\")");
        assert_eq!(p("/organization/hashtags/0"), "--hashtags");
        assert_eq!(
            place("/organization/name", &drafts, out, false),
            "\"organization\" in feed.json"
        );
    }
}
