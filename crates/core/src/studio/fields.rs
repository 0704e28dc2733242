//! Which form control a finding belongs to. Every finding carries the JSON Pointer (RFC 6901) of
//! the value it is about (`/items/3/captions/0/text`), and the studio gives every control the
//! pointer of the value it edits, so a finding can be shown at its control: the control with
//! the longest pointer that contains the finding's, compared segment by segment (`/items/1`
//! contains `/items/1/url`, not `/items/10`). Pointers are compared as written: both sides are
//! built with [`crate::feed::diagnostic::pointer`], which escapes every key the same way.

/// The control for a finding at `pointer`, among the controls' pointers: the longest that
/// contains it segment by segment; else, for a finding inside an item that has no control of
/// its own (a field the form does not show), the item's first control; else, for the rest of
/// the feed (`/version`, `/links/…`, the feed as a whole), the organisation section's first
/// control. `None` when no control fits (the studio then shows the finding above the form).
pub fn field_for<'a>(pointer: &str, controls: &[&'a str]) -> Option<&'a str> {
    let wanted: Vec<&str> = segments(pointer).collect();
    let contains = |control: &str| {
        let mut own = segments(control);
        let n = own.clone().count();
        n <= wanted.len() && own.by_ref().zip(&wanted).all(|(a, b)| a == *b)
    };
    let mut best: Option<(usize, &'a str)> = None;
    for &control in controls {
        let depth = segments(control).count();
        if contains(control) && best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, control));
        }
    }
    if let Some((_, control)) = best {
        return Some(control);
    }
    let section: Vec<&str> = match item_index(pointer) {
        Some(_) => wanted.iter().take(2).copied().collect(),
        None => vec!["organization"],
    };
    controls.iter().copied().find(|control| {
        let own: Vec<&str> = segments(control).collect();
        own.len() >= section.len() && own[..section.len()] == section[..]
    })
}

/// The index of the item a pointer is inside (`/items/3/url` → 3), if it is inside one. An
/// index is written as RFC 6901 writes array indices: digits without leading zeros.
pub fn item_index(pointer: &str) -> Option<usize> {
    let mut s = segments(pointer);
    if s.next() != Some("items") {
        return None;
    }
    let index = s.next()?;
    let canonical = index == "0" || !index.starts_with('0');
    if !canonical || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    index.parse().ok()
}

/// The reference tokens of a pointer, still escaped (`""` has none; `/` has one, empty).
fn segments(pointer: &str) -> std::iter::Skip<std::str::Split<'_, char>> {
    // A pointer that does not start with `/` is not one (RFC 6901); it has no segments, and
    // so is the whole document, as `""` is.
    let pointer = if pointer.starts_with('/') {
        pointer
    } else {
        ""
    };
    pointer.split('/').skip(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTROLS: [&str; 9] = [
        "/organization/name",
        "/organization/hashtags",
        "/items/1",
        "/items/1/id",
        "/items/1/url",
        "/items/1/captions/0/text",
        "/items/10/url",
        "/items/2/title/de",
        "/items/3/id",
    ];

    #[test]
    fn the_longest_containing_control_segment_by_segment() {
        let f = |p: &str| field_for(p, &CONTROLS);
        assert_eq!(f("/items/1/url"), Some("/items/1/url"));
        assert_eq!(
            f("/items/1/captions/0/text"),
            Some("/items/1/captions/0/text")
        );
        // A field without a control of its own goes to its item's section.
        assert_eq!(f("/items/1/captions/0/lang"), Some("/items/1"));
        assert_eq!(f("/items/1/captions"), Some("/items/1"));
        // `/items/1` does not contain `/items/10/…`.
        assert_eq!(f("/items/10/url"), Some("/items/10/url"));
        assert_eq!(f("/items/10/image"), Some("/items/10/url"));
        // `/items/1/id` is not `/items/1/ids`.
        assert_eq!(f("/items/1/ids"), Some("/items/1"));
        assert_eq!(
            f("/organization/hashtags/2"),
            Some("/organization/hashtags")
        );
    }

    #[test]
    fn falls_back_to_the_item_then_the_organisation() {
        let f = |p: &str| field_for(p, &CONTROLS);
        // Item 3 has only its id control; item 2 only a title.
        assert_eq!(f("/items/3/captions/0/text"), Some("/items/3/id"));
        assert_eq!(f("/items/2/url"), Some("/items/2/title/de"));
        // The rest of the feed: the organisation section.
        assert_eq!(f("/version"), Some("/organization/name"));
        assert_eq!(f("/links/utm/source"), Some("/organization/name"));
        assert_eq!(f(""), Some("/organization/name"));
        assert_eq!(f("/items"), Some("/organization/name"));
        // An item with no control at all is not the organisation's.
        assert_eq!(f("/items/7/url"), None);
        assert_eq!(field_for("/version", &["/items/0/url"]), None);
        assert_eq!(field_for("/items/0/url", &[]), None);
    }

    #[test]
    fn escaped_keys_compare_as_written() {
        let controls = ["/items/0/title/en~1GB", "/items/0/title"];
        assert_eq!(
            field_for("/items/0/title/en~1GB", &controls),
            Some("/items/0/title/en~1GB")
        );
        assert_eq!(
            field_for("/items/0/title/en", &controls),
            Some("/items/0/title")
        );
    }

    #[test]
    fn item_indices() {
        assert_eq!(item_index("/items/3/captions/0/text"), Some(3));
        assert_eq!(item_index("/items/0"), Some(0));
        assert_eq!(item_index("/items/12"), Some(12));
        for p in [
            "",
            "/items",
            "/items/",
            "/items/03",
            "/items/-1",
            "/items/x/url",
        ] {
            assert_eq!(item_index(p), None, "{p}");
        }
        assert_eq!(item_index("/organization/name"), None);
        assert_eq!(item_index("items/3"), None);
        assert_eq!(item_index("/items/99999999999999999999999"), None);
    }
}
