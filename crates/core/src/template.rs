//! Caption templates: literal text with `{placeholder}`s, `{{` and `}}` for literal braces.

use std::fmt;

use thiserror::Error;

use crate::util::bytewise;

/// A placeholder a caption may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placeholder {
    /// The item's link (tagged per network).
    Url,
    /// The item's title in the caption's language.
    Title,
    /// The organisation's name.
    Company,
    /// The organisation's and the item's hashtags.
    Hashtags,
    /// The employee's first name (from the options).
    FirstName,
    /// The employee's role.
    Role,
    /// The employee's team.
    Team,
}

impl Placeholder {
    /// Every placeholder, in documentation order.
    pub const ALL: [Placeholder; 7] = [
        Placeholder::Url,
        Placeholder::Title,
        Placeholder::Company,
        Placeholder::Hashtags,
        Placeholder::FirstName,
        Placeholder::Role,
        Placeholder::Team,
    ];

    /// The name between the braces.
    pub fn name(self) -> &'static str {
        match self {
            Placeholder::Url => "url",
            Placeholder::Title => "title",
            Placeholder::Company => "company",
            Placeholder::Hashtags => "hashtags",
            Placeholder::FirstName => "first_name",
            Placeholder::Role => "role",
            Placeholder::Team => "team",
        }
    }

    /// Whether the value comes from the employee's profile rather than the feed.
    pub fn is_personal(self) -> bool {
        matches!(
            self,
            Placeholder::FirstName | Placeholder::Role | Placeholder::Team
        )
    }

    fn parse(name: &str) -> Option<Placeholder> {
        Placeholder::ALL.into_iter().find(|p| p.name() == name)
    }
}

impl fmt::Display for Placeholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{{{}}}", self.name())
    }
}

/// One piece of a template, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text copied as is.
    Text(&'a str),
    /// A value filled in at render time.
    Placeholder(Placeholder),
}

/// A piece of a template: a byte range of its source, or a placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(std::ops::Range<usize>),
    Placeholder(Placeholder),
}

/// A parsed caption: the text as written plus where its pieces are (no copy of each piece:
/// a large feed has tens of thousands of captions).
#[derive(Debug, Clone)]
pub struct Template {
    source: String,
    pieces: Vec<Piece>,
}

/// Two templates are equal when they say the same: the same text and placeholders, however
/// they were written (`{url}` and `{ url }`).
impl PartialEq for Template {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source || self.units().eq(other.units())
    }
}

impl Eq for Template {}

/// A byte of literal text or a placeholder: a template read one unit at a time, to compare
/// two without allocating.
#[derive(PartialEq)]
enum Unit {
    Byte(u8),
    Placeholder(Placeholder),
}

struct Units<'a> {
    source: &'a str,
    pieces: std::slice::Iter<'a, Piece>,
    text: std::str::Bytes<'a>,
}

impl Iterator for Units<'_> {
    type Item = Unit;

    fn next(&mut self) -> Option<Unit> {
        loop {
            if let Some(b) = self.text.next() {
                return Some(Unit::Byte(b));
            }
            match self.pieces.next()? {
                Piece::Text(r) => {
                    self.text = self.source.get(r.clone()).unwrap_or_default().bytes()
                }
                Piece::Placeholder(p) => return Some(Unit::Placeholder(*p)),
            }
        }
    }
}

/// Why a caption text is not a valid template. Offsets are byte offsets into the text.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    /// `{name}` with a name that is not a placeholder.
    #[error("unknown placeholder {{{name}}}{}", suggestion_text(.suggestion))]
    Unknown {
        /// The name as written.
        name: String,
        /// Closest known name, if any is close.
        suggestion: Option<&'static str>,
        /// Byte offset of the `{`.
        offset: usize,
    },
    /// A `{` without its `}`.
    #[error("a \"{{\" is never closed; write {{{{ for a literal brace")]
    Unclosed {
        /// Byte offset of the `{`.
        offset: usize,
    },
    /// A `}` that closes nothing.
    #[error("a \"}}\" closes nothing; write }}}} for a literal brace")]
    StrayClose {
        /// Byte offset of the `}`.
        offset: usize,
    },
}

fn suggestion_text(s: &Option<&'static str>) -> String {
    match s {
        Some(name) => format!(" (did you mean {{{name}}}?)"),
        None => format!(
            " (known: {})",
            Placeholder::ALL
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

impl TemplateError {
    /// Byte offset of the problem in the caption text.
    pub fn offset(&self) -> usize {
        match self {
            TemplateError::Unknown { offset, .. }
            | TemplateError::Unclosed { offset }
            | TemplateError::StrayClose { offset } => *offset,
        }
    }
}

/// A placeholder had no value (e.g. the employee has not set a first name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("no value for {0}")]
pub struct MissingValue(pub Placeholder);

/// Values to fill in. `None` means "not known".
#[derive(Debug, Clone, Default)]
pub struct Values<'a> {
    /// `{url}`.
    pub url: Option<&'a str>,
    /// `{title}`.
    pub title: Option<&'a str>,
    /// `{company}`.
    pub company: Option<&'a str>,
    /// `{hashtags}`.
    pub hashtags: Option<&'a str>,
    /// `{first_name}`.
    pub first_name: Option<&'a str>,
    /// `{role}`.
    pub role: Option<&'a str>,
    /// `{team}`.
    pub team: Option<&'a str>,
}

impl Values<'_> {
    fn get(&self, p: Placeholder) -> Option<&str> {
        let v = match p {
            Placeholder::Url => self.url,
            Placeholder::Title => self.title,
            Placeholder::Company => self.company,
            Placeholder::Hashtags => self.hashtags,
            Placeholder::FirstName => self.first_name,
            Placeholder::Role => self.role,
            Placeholder::Team => self.team,
        };
        // An empty profile field is as good as a missing one: it would leave a hole.
        v.filter(|s| !s.trim().is_empty() || p == Placeholder::Hashtags)
    }
}

impl Template {
    /// Parses a caption text.
    pub fn parse(text: impl Into<String>) -> Result<Template, TemplateError> {
        let source = text.into();
        let pieces = Self::pieces(&source)?;
        Ok(Template { source, pieces })
    }

    fn pieces(text: &str) -> Result<Vec<Piece>, TemplateError> {
        // Most captions are text, a placeholder or two, text: one allocation for the list.
        let mut pieces = Vec::with_capacity(4);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                // An escaped brace is the first of the pair; the second is skipped.
                b'{' if bytes.get(i + 1) == Some(&b'{') => {
                    pieces.push(Piece::Text(i..i + 1));
                    i += 2;
                }
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    pieces.push(Piece::Text(i..i + 1));
                    i += 2;
                }
                b'{' => {
                    // A byte search (all three are ASCII) rather than `str::find` with a char
                    // set, which decodes every character.
                    let close = bytes[i + 1..]
                        .iter()
                        .position(|&b| matches!(b, b'}' | b'{' | b'\n'))
                        .map(|j| i + 1 + j)
                        .filter(|&j| bytes[j] == b'}')
                        .ok_or(TemplateError::Unclosed { offset: i })?;
                    let name = &text[i + 1..close];
                    let p =
                        Placeholder::parse(name.trim()).ok_or_else(|| TemplateError::Unknown {
                            name: name.to_string(),
                            suggestion: crate::did_you_mean::closest(
                                name,
                                Placeholder::ALL.iter().map(|p| p.name()),
                            ),
                            offset: i,
                        })?;
                    pieces.push(Piece::Placeholder(p));
                    i = close + 1;
                }
                b'}' => return Err(TemplateError::StrayClose { offset: i }),
                _ => {
                    // The whole run up to the next brace. Braces are ASCII, so a byte search
                    // lands on a character boundary.
                    let next = next_brace(bytes, i).unwrap_or(text.len());
                    pieces.push(Piece::Text(i..next));
                    i = next;
                }
            }
        }
        Ok(pieces)
    }

    fn units(&self) -> Units<'_> {
        Units {
            source: &self.source,
            pieces: self.pieces.iter(),
            text: "".bytes(),
        }
    }

    /// The pieces: literal text (escapes resolved) and placeholders, in order. Text may come
    /// in more than one piece in a row (around an escaped brace).
    pub fn segments(&self) -> impl Iterator<Item = Segment<'_>> + '_ {
        self.pieces.iter().map(|p| match p {
            Piece::Text(r) => Segment::Text(self.source.get(r.clone()).unwrap_or_default()),
            Piece::Placeholder(p) => Segment::Placeholder(*p),
        })
    }

    /// Whether the template uses `p`.
    pub fn uses(&self, p: Placeholder) -> bool {
        self.placeholders().any(|q| q == p)
    }

    /// The placeholders used, in order (with repeats).
    pub fn placeholders(&self) -> impl Iterator<Item = Placeholder> + '_ {
        self.pieces.iter().filter_map(|s| match s {
            Piece::Placeholder(p) => Some(*p),
            Piece::Text(_) => None,
        })
    }

    /// The literal text alone (placeholders left out), e.g. for duplicate detection.
    pub fn literal_text(&self) -> String {
        self.segments()
            .filter_map(|s| match s {
                Segment::Text(t) => Some(t),
                Segment::Placeholder(_) => None,
            })
            .collect()
    }

    /// Fills in the placeholders. Fails on the first placeholder without a value rather than
    /// leaving a hole in someone's post.
    pub fn render(&self, values: &Values<'_>) -> Result<String, MissingValue> {
        let mut out = String::with_capacity(self.source.len() + 64);
        for s in self.segments() {
            match s {
                Segment::Text(t) => out.push_str(t),
                Segment::Placeholder(p) => out.push_str(values.get(p).ok_or(MissingValue(p))?),
            }
        }
        Ok(out)
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }
}

/// The index of the first `{` or `}` at or after `from`, eight bytes at a time where there
/// is none (most of a caption's bytes).
fn next_brace(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(w) = bytewise::word_at(bytes, i) {
        if bytewise::has_byte(w, b'{') || bytewise::has_byte(w, b'}') {
            break;
        }
        i += 8;
    }
    bytes
        .get(i..)?
        .iter()
        .position(|&b| b == b'{' || b == b'}')
        .map(|j| i + j)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_renders_placeholders_and_escapes() {
        let t = Template::parse("Hi {{team}}: {title} by {company} {url}").unwrap();
        let v = Values {
            url: Some("https://b.de/x"),
            title: Some("Q4"),
            company: Some("B GmbH"),
            ..Values::default()
        };
        assert_eq!(
            t.render(&v).unwrap(),
            "Hi {team}: Q4 by B GmbH https://b.de/x"
        );
        assert!(t.uses(Placeholder::Url));
        assert!(!t.uses(Placeholder::Team));
        assert_eq!(t.source(), "Hi {{team}}: {title} by {company} {url}");
    }

    #[test]
    fn unknown_placeholder_suggests_the_closest() {
        let e = Template::parse("Ich bin {frist_name}").unwrap_err();
        assert_eq!(
            e,
            TemplateError::Unknown {
                name: "frist_name".into(),
                suggestion: Some("first_name"),
                offset: 8
            }
        );
        assert_eq!(
            e.to_string(),
            "unknown placeholder {frist_name} (did you mean {first_name}?)"
        );
        let far = Template::parse("{zzzzzzzz}").unwrap_err();
        assert!(far.to_string().contains("known: {url}, {title}"), "{far}");
    }

    #[test]
    fn unbalanced_braces_are_errors_with_offsets() {
        assert_eq!(
            Template::parse("ab {url").unwrap_err(),
            TemplateError::Unclosed { offset: 3 }
        );
        assert_eq!(
            Template::parse("a {url\n}").unwrap_err(),
            TemplateError::Unclosed { offset: 2 }
        );
        assert_eq!(
            Template::parse("a } b").unwrap_err(),
            TemplateError::StrayClose { offset: 2 }
        );
    }

    #[test]
    fn missing_personal_value_is_an_error_not_a_hole() {
        let t = Template::parse("Ich, {first_name}, empfehle das").unwrap();
        assert_eq!(
            t.render(&Values::default()).unwrap_err(),
            MissingValue(Placeholder::FirstName)
        );
        let blank = Values {
            first_name: Some("  "),
            ..Values::default()
        };
        assert!(t.render(&blank).is_err());
    }

    #[test]
    fn many_pieces_keep_their_order() {
        let t = Template::parse("a {url} b {title} c {company} d {{x}} {first_name}!").unwrap();
        let v = Values {
            url: Some("U"),
            title: Some("T"),
            company: Some("C"),
            first_name: Some("F"),
            ..Values::default()
        };
        assert_eq!(t.render(&v).unwrap(), "a U b T c C d {x} F!");
        assert_eq!(t.placeholders().count(), 4);
        assert_eq!(
            t,
            Template::parse("a {url} b {title} c { company } d {{x}} {first_name}!").unwrap()
        );
    }

    #[test]
    fn braces_are_found_at_every_position() {
        for len in 0..40 {
            for at in 0..len {
                for brace in [b'{', b'}'] {
                    let mut text = vec![b'x'; len];
                    text[at] = brace;
                    for from in 0..=at {
                        assert_eq!(next_brace(&text, from), Some(at), "{len} {at} {from}");
                    }
                    assert_eq!(next_brace(&text, at + 1), None);
                }
            }
            // Bytes next to the braces' values are not braces.
            let near = [b'z', b'|', b'~', 0xfb, 0xfd, b'['];
            let text: Vec<u8> = near.iter().copied().cycle().take(len).collect();
            assert_eq!(next_brace(&text, 0), None, "{len}");
        }
    }

    #[test]
    fn templates_are_equal_when_they_say_the_same() {
        let t = |s: &str| Template::parse(s).unwrap();
        assert_eq!(t("Lesen: {url}"), t("Lesen: { url }"));
        assert_ne!(t("Lesen: {url}"), t("Lesen: {title}"));
        assert_ne!(t("Lesen: {url}"), t("Lesen {url}"));
        assert_ne!(t("Lesen: {url}"), t("Lesen: {url}{url}"));
        assert_eq!(t("a {{b}} c").literal_text(), "a {b} c");
        assert_eq!(t("Grüße, {first_name}").source(), "Grüße, {first_name}");
    }

    #[test]
    fn multibyte_text_survives() {
        let t = Template::parse("Grüße 🇩🇪 {company}!").unwrap();
        let v = Values {
            company: Some("Müller"),
            ..Values::default()
        };
        assert_eq!(t.render(&v).unwrap(), "Grüße 🇩🇪 Müller!");
    }
}
