//! The header row: which column holds what.

use crate::did_you_mean::closest;
use crate::lang::normalize_tag;
use crate::network::Network;

use super::problem::Problem;

/// A per-language text field of an item, named `<field>_<lang>` in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// `title_de`.
    Title,
    /// `summary_de`.
    Summary,
    /// `image_alt_de`.
    ImageAlt,
    /// `personal_prompt_de`.
    PersonalPrompt,
    /// `retraction_note_de`.
    RetractionNote,
}

impl TextField {
    const ALL: [TextField; 5] = [
        TextField::Title,
        TextField::Summary,
        TextField::ImageAlt,
        TextField::PersonalPrompt,
        TextField::RetractionNote,
    ];

    /// The field's name in the feed (and the header prefix).
    pub fn name(self) -> &'static str {
        match self {
            TextField::Title => "title",
            TextField::Summary => "summary",
            TextField::ImageAlt => "image_alt",
            TextField::PersonalPrompt => "personal_prompt",
            TextField::RetractionNote => "retraction_note",
        }
    }
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `id`.
    Id,
    /// `url`.
    Url,
    /// `image`.
    Image,
    /// `campaign`.
    Campaign,
    /// `networks`: a list.
    Networks,
    /// `teams` (audience): a list.
    Teams,
    /// `regions` (audience): a list.
    Regions,
    /// `languages` (audience): a list.
    Languages,
    /// `publish_at`.
    PublishAt,
    /// `expires_at`.
    ExpiresAt,
    /// `priority`.
    Priority,
    /// `pinned`.
    Pinned,
    /// `hashtags`: a list.
    Hashtags,
    /// `status`.
    Status,
    /// `<field>_<lang>`.
    Text(TextField, String),
    /// One row per caption: the caption's language.
    Lang,
    /// One row per caption: the caption's network (empty: any).
    Network,
    /// One row per caption: the caption's text.
    Caption,
    /// One row per item: `caption_<lang>[_<network>][_<n>]`.
    CaptionCell {
        /// Normalised language tag.
        lang: String,
        /// Only for this network.
        network: Option<Network>,
    },
    /// A column without a name and without data (Excel leaves such columns behind).
    Empty,
}

/// Plain item columns and their header names.
const PLAIN: &[(&str, Kind)] = &[
    ("id", Kind::Id),
    ("url", Kind::Url),
    ("image", Kind::Image),
    ("campaign", Kind::Campaign),
    ("networks", Kind::Networks),
    ("teams", Kind::Teams),
    ("regions", Kind::Regions),
    ("languages", Kind::Languages),
    ("publish_at", Kind::PublishAt),
    ("expires_at", Kind::ExpiresAt),
    ("priority", Kind::Priority),
    ("pinned", Kind::Pinned),
    ("hashtags", Kind::Hashtags),
    ("status", Kind::Status),
    ("lang", Kind::Lang),
    ("language", Kind::Lang),
    ("network", Kind::Network),
    ("caption", Kind::Caption),
    ("text", Kind::Caption),
];

/// One column of the sheet.
#[derive(Debug, Clone)]
pub struct Column {
    /// The header as written (trimmed), for messages.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
}

/// The name by which a column is shown in messages: its header, or its letter if unnamed.
pub fn display_name(name: &str, index: usize) -> String {
    if name.is_empty() {
        format!("{} (no name)", letter(index))
    } else {
        name.to_string()
    }
}

/// The spreadsheet letter of a 0-based column index: A, B, …, Z, AA, ….
pub fn letter(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Reads one header cell; `Err` is the message for "row 1, column …".
pub fn parse(header: &str) -> Result<Kind, Problem> {
    let norm = header.trim().to_lowercase().replace([' ', '-'], "_");
    if norm.is_empty() {
        return Ok(Kind::Empty);
    }
    if let Some((_, kind)) = PLAIN.iter().find(|(n, _)| *n == norm) {
        return Ok(kind.clone());
    }
    for field in TextField::ALL {
        if let Some(lang) = norm
            .strip_prefix(field.name())
            .and_then(|r| r.strip_prefix('_'))
        {
            return lang_of(lang, field.name()).map(|l| Kind::Text(field, l));
        }
    }
    if let Some(rest) = norm.strip_prefix("caption_") {
        return caption_cell(rest);
    }
    Err(unknown(header, &norm))
}

/// `de`, `de_x`, `de_2`, `de_x_2`, `en_gb_linkedin` → language and network.
fn caption_cell(rest: &str) -> Result<Kind, Problem> {
    let mut parts: Vec<&str> = rest.split('_').collect();
    // A trailing number only tells variants apart.
    if parts.len() > 1
        && parts
            .last()
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        parts.pop();
    }
    let network = match parts.last().and_then(|p| Network::parse(p)) {
        Some(n) if parts.len() > 1 => {
            parts.pop();
            Some(n)
        }
        _ => None,
    };
    let lang = lang_of(&parts.join("-"), "caption")?;
    Ok(Kind::CaptionCell { lang, network })
}

fn lang_of(raw: &str, field: &str) -> Result<String, Problem> {
    normalize_tag(&raw.replace('_', "-")).ok_or_else(|| Problem::NotALanguageTag {
        tag: raw.to_string(),
        field: field.to_string(),
    })
}

fn unknown(header: &str, norm: &str) -> Problem {
    let suffix = norm.rsplit_once('_').map_or("", |(_, s)| s);
    let mut candidates: Vec<String> = PLAIN.iter().map(|(n, _)| n.to_string()).collect();
    for field in TextField::ALL {
        candidates.push(format!("{}_{suffix}", field.name()));
    }
    candidates.push(format!("caption_{suffix}"));
    let hint = match closest(norm, candidates.iter().map(String::as_str)) {
        Some(s) => format!(" (did you mean \"{s}\"?)"),
        None => "; see `advocate import --help` for the columns".to_string(),
    };
    Problem::UnknownColumn {
        header: header.trim().to_string(),
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_language_and_caption_columns() {
        assert_eq!(parse(" URL "), Ok(Kind::Url));
        assert_eq!(parse("Text"), Ok(Kind::Caption));
        assert_eq!(
            parse("title_DE"),
            Ok(Kind::Text(TextField::Title, "de".into()))
        );
        assert_eq!(
            parse("image alt en-gb"),
            Ok(Kind::Text(TextField::ImageAlt, "en-GB".into()))
        );
        let cell = |lang: &str, network| Kind::CaptionCell {
            lang: lang.into(),
            network,
        };
        assert_eq!(parse("caption_de"), Ok(cell("de", None)));
        assert_eq!(parse("caption_de_2"), Ok(cell("de", None)));
        assert_eq!(parse("caption_en_x"), Ok(cell("en", Some(Network::X))));
        assert_eq!(
            parse("caption_en-GB_linkedin_3"),
            Ok(cell("en-GB", Some(Network::Linkedin)))
        );
        assert_eq!(parse(""), Ok(Kind::Empty));
    }

    #[test]
    fn unknown_columns_suggest_the_closest() {
        assert_eq!(
            parse("titel_de").unwrap_err().to_string(),
            "\"titel_de\" is not a column Advocate knows (did you mean \"title_de\"?)"
        );
        assert_eq!(
            parse("Url2").unwrap_err().to_string(),
            "\"Url2\" is not a column Advocate knows (did you mean \"url\"?)"
        );
        assert!(parse("title_deutsch")
            .unwrap_err()
            .to_string()
            .contains("not a language tag"));
    }

    #[test]
    fn letters_count_like_spreadsheets() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(27), "AB");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }
}
