//! Rows → raw items, remembering for every value the row and column it came from, so that
//! validation errors can be reported in the spreadsheet's terms.

use std::collections::HashMap;

use crate::feed::raw::{RawAudience, RawCaption, RawItem};

use chrono_tz::Tz;

use super::columns::{Column, Kind, TextField};
use super::dates::{self, Twice, Which};
use super::problem::Problem;

/// Where a value came from: spreadsheet row (1 = header) and column name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// 1-based row as the spreadsheet shows it.
    pub row: usize,
    /// Column name as in the header.
    pub column: String,
}

/// An item being assembled, with the origin of each field.
#[derive(Debug, Default)]
pub struct Draft {
    /// The item.
    pub item: RawItem,
    /// First row of the item.
    pub row: usize,
    /// Origin per field path below the item (`url`, `title/de`, `audience/teams`,
    /// `captions/2/text`, …).
    pub origins: HashMap<String, Origin>,
    /// Raw cell text per item-level field path, to spot rows of one item that disagree.
    pub(super) cells: HashMap<String, String>,
}

/// A problem found while reading the rows.
#[derive(Debug, PartialEq, Eq)]
pub struct RowError {
    /// Where.
    pub origin: Origin,
    /// What.
    pub problem: Problem,
}

/// Which of the two layouts the sheet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One row per caption (`lang`, `network`, `caption` columns); rows with the same id merge.
    PerCaption,
    /// One row per item with `caption_<lang>…` columns.
    PerItem,
}

/// What reading the rows gave.
#[derive(Debug, Default)]
pub struct Built {
    /// The items, with the origins of their values.
    pub drafts: Vec<Draft>,
    /// Cells that could not be read.
    pub errors: Vec<RowError>,
    /// Local times that happen twice in the zone (the first was taken), by cell.
    pub twice: Vec<(Origin, Twice)>,
    /// How many date cells had no offset and were read in the zone.
    pub zoned: usize,
}

/// Builds the items from data rows (`row` numbers as the spreadsheet shows them), reading
/// dates without an offset in `zone`.
pub fn build(columns: &[Column], shape: Shape, rows: &[(usize, Vec<String>)], zone: Tz) -> Built {
    let mut built = Built::default();
    let Built { drafts, errors, .. } = &mut built;
    let mut by_id: HashMap<String, usize> = HashMap::new();
    let mut dates = Dates {
        zone,
        twice: Vec::new(),
        zoned: 0,
    };
    let id_col = columns.iter().position(|c| c.kind == Kind::Id);
    for (row, cells) in rows {
        let cell = |i: usize| cells.get(i).map(|s| s.trim()).unwrap_or("");
        let id = id_col.map(cell).unwrap_or("");
        if id.is_empty() {
            let origin = Origin {
                row: *row,
                column: "id".into(),
            };
            errors.push(RowError {
                origin,
                problem: Problem::MissingId,
            });
            continue;
        }
        let index = match (shape, by_id.get(id)) {
            (Shape::PerCaption, Some(&i)) => i,
            _ => {
                // Per item, a repeated id makes a second item: validation names the duplicate.
                drafts.push(Draft {
                    row: *row,
                    ..Draft::default()
                });
                by_id.entry(id.to_string()).or_insert(drafts.len() - 1);
                drafts.len() - 1
            }
        };
        let draft = &mut drafts[index];
        let mut caption = PendingCaption::default();
        for (i, column) in columns.iter().enumerate() {
            let value = cell(i);
            let origin = Origin {
                row: *row,
                column: column.name.clone(),
            };
            match &column.kind {
                Kind::Lang => caption.lang = Some((value.to_string(), origin)),
                Kind::Network => caption.network = Some((value.to_string(), origin)),
                Kind::Caption => caption.text = Some((cell_text(value), origin)),
                Kind::CaptionCell { lang, network } if !value.is_empty() => {
                    let j = draft.item.captions.len();
                    draft.item.captions.push(RawCaption {
                        lang: lang.clone(),
                        network: network.map(|n| n.as_str().to_string()),
                        text: cell_text(value),
                    });
                    for part in ["lang", "network", "text"] {
                        draft
                            .origins
                            .insert(format!("captions/{j}/{part}"), origin.clone());
                    }
                }
                Kind::CaptionCell { .. } | Kind::Empty => {}
                kind if !value.is_empty() => {
                    if let Err(problem) = set_field(draft, kind, value, &origin, &mut dates) {
                        errors.push(RowError { origin, problem });
                    }
                }
                _ => {}
            }
        }
        caption.push_into(draft);
    }
    built.twice = dates.twice;
    built.zoned = dates.zoned;
    built
}

/// How date cells are read, and what reading them found.
struct Dates {
    zone: Tz,
    twice: Vec<(Origin, Twice)>,
    zoned: usize,
}

impl Dates {
    /// The cell as RFC 3339 with its offset.
    fn read(&mut self, value: &str, which: Which, origin: &Origin) -> Result<String, Problem> {
        let read = dates::read(value, self.zone, which)?;
        self.zoned += usize::from(read.zoned);
        let text = read.rfc3339();
        if let Some(twice) = read.twice {
            self.twice.push((origin.clone(), twice));
        }
        Ok(text)
    }
}

/// A caption in the one-row-per-caption layout, gathered from its three columns.
#[derive(Default)]
struct PendingCaption {
    lang: Option<(String, Origin)>,
    network: Option<(String, Origin)>,
    text: Option<(String, Origin)>,
}

impl PendingCaption {
    fn push_into(self, draft: &mut Draft) {
        // A row without caption text only carries item data.
        let Some((text, text_origin)) = self.text.filter(|(t, _)| !t.is_empty()) else {
            return;
        };
        let j = draft.item.captions.len();
        let (lang, lang_origin) = self
            .lang
            .unwrap_or_else(|| (String::new(), text_origin.clone()));
        let network = self.network.filter(|(n, _)| !n.is_empty());
        draft
            .origins
            .insert(format!("captions/{j}/lang"), lang_origin);
        draft.origins.insert(
            format!("captions/{j}/network"),
            network
                .as_ref()
                .map_or(text_origin.clone(), |(_, o)| o.clone()),
        );
        draft
            .origins
            .insert(format!("captions/{j}/text"), text_origin);
        draft.item.captions.push(RawCaption {
            lang,
            network: network.map(|(n, _)| n.to_lowercase()),
            text,
        });
    }
}

/// Cell text as a caption or text: Windows line breaks inside the cell become `\n`.
fn cell_text(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// Sets an item-level field from a cell. Rows of the same item must agree.
fn set_field(
    draft: &mut Draft,
    kind: &Kind,
    value: &str,
    origin: &Origin,
    dates: &mut Dates,
) -> Result<(), Problem> {
    let path = field_path(kind);
    if let Some(before) = draft.cells.get(&path) {
        if before != value {
            let first = draft.origins.get(&path).map_or(0, |o| o.row);
            return Err(Problem::Differs {
                first_row: first,
                before: before.clone(),
            });
        }
        return Ok(());
    }
    let item = &mut draft.item;
    match kind {
        Kind::Id => item.id = value.to_string(),
        Kind::Url => item.url = value.to_string(),
        Kind::Image => item.image = Some(value.to_string()),
        Kind::Campaign => item.campaign = Some(value.to_string()),
        Kind::Networks => {
            item.networks = Some(
                split(value, true)
                    .into_iter()
                    .map(|n| n.to_lowercase())
                    .collect(),
            )
        }
        Kind::Teams => audience(item).teams = split(value, false),
        Kind::Regions => audience(item).regions = split(value, false),
        Kind::Languages => audience(item).languages = split(value, true),
        Kind::PublishAt => item.publish_at = Some(dates.read(value, Which::Publish, origin)?),
        Kind::ExpiresAt => item.expires_at = Some(dates.read(value, Which::Expiry, origin)?),
        Kind::Priority => {
            item.priority = Some(
                value
                    .parse()
                    .map_err(|_| Problem::NotANumber(value.to_string()))?,
            )
        }
        Kind::Pinned => item.pinned = yes_no(value)?,
        Kind::Hashtags => item.hashtags = hashtags(value),
        Kind::Status => item.status = Some(value.to_lowercase()),
        Kind::Text(field, lang) => {
            let map = match field {
                TextField::Title => &mut item.title,
                TextField::Summary => &mut item.summary,
                TextField::ImageAlt => &mut item.image_alt,
                TextField::PersonalPrompt => &mut item.personal_prompt,
                TextField::RetractionNote => &mut item.retraction_note,
            };
            map.insert(lang.clone(), cell_text(value));
        }
        Kind::Lang | Kind::Network | Kind::Caption | Kind::CaptionCell { .. } | Kind::Empty => {}
    }
    draft.cells.insert(path.clone(), value.to_string());
    draft.origins.insert(path, origin.clone());
    Ok(())
}

fn audience(item: &mut RawItem) -> &mut RawAudience {
    item.audience.get_or_insert_with(RawAudience::default)
}

/// The field path (below the item) a column fills.
fn field_path(kind: &Kind) -> String {
    match kind {
        Kind::Id => "id".into(),
        Kind::Url => "url".into(),
        Kind::Image => "image".into(),
        Kind::Campaign => "campaign".into(),
        Kind::Networks => "networks".into(),
        Kind::Teams => "audience/teams".into(),
        Kind::Regions => "audience/regions".into(),
        Kind::Languages => "audience/languages".into(),
        Kind::PublishAt => "publish_at".into(),
        Kind::ExpiresAt => "expires_at".into(),
        Kind::Priority => "priority".into(),
        Kind::Pinned => "pinned".into(),
        Kind::Hashtags => "hashtags".into(),
        Kind::Status => "status".into(),
        Kind::Text(field, lang) => format!("{}/{lang}", field.name()),
        Kind::Lang | Kind::Network | Kind::Caption | Kind::CaptionCell { .. } | Kind::Empty => {
            String::new()
        }
    }
}

/// A list cell: separated by `,`, `;` or `|`, and also by spaces when `words` (names such as
/// "North America" keep their spaces).
fn split(value: &str, words: bool) -> Vec<String> {
    value
        .split(|c: char| matches!(c, ',' | ';' | '|') || (words && c.is_whitespace()))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A hashtag list: words separated as in [`split`], each with its `#`.
pub fn hashtags(value: &str) -> Vec<String> {
    split(value, true)
        .into_iter()
        .map(|t| {
            if t.starts_with('#') {
                t
            } else {
                format!("#{t}")
            }
        })
        .collect()
}

/// A yes/no cell, in English or German, as Excel and people write it.
fn yes_no(value: &str) -> Result<bool, Problem> {
    match value.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" | "ja" | "j" | "wahr" => Ok(true),
        "no" | "n" | "false" | "0" | "nein" | "falsch" => Ok(false),
        _ => Err(Problem::NotYesNo(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::columns::parse;
    use chrono_tz::UTC;

    fn columns(names: &[&str]) -> Vec<Column> {
        names
            .iter()
            .map(|n| Column {
                name: n.to_string(),
                kind: parse(n).unwrap(),
            })
            .collect()
    }

    fn row(n: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (n, cells.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn rows_with_the_same_id_merge_into_one_item() {
        let cols = columns(&["id", "url", "title_de", "lang", "network", "caption"]);
        let rows = [
            row(2, &["q4", "https://b.de/q4", "Q4", "de", "", "Erster"]),
            row(3, &["q4", "", "", "de", "X", "Zweiter\r\nZeile"]),
            row(
                4,
                &["jobs", "https://b.de/jobs", "Jobs", "de", "", "Dritter"],
            ),
        ];
        let Built { drafts, errors, .. } = build(&cols, Shape::PerCaption, &rows, UTC);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(drafts.len(), 2);
        let q4 = &drafts[0];
        assert_eq!(q4.item.captions.len(), 2);
        assert_eq!(q4.item.captions[1].network.as_deref(), Some("x"));
        assert_eq!(q4.item.captions[1].text, "Zweiter\nZeile");
        assert_eq!(q4.origins["captions/1/network"].row, 3);
        assert_eq!(q4.origins["url"].row, 2);
    }

    #[test]
    fn disagreeing_rows_and_bad_cells_are_row_errors() {
        let cols = columns(&["id", "url", "priority", "pinned", "caption", "lang"]);
        let rows = [
            row(2, &["q4", "https://b.de/q4", "80", "ja", "A", "de"]),
            row(
                3,
                &["q4", "https://b.de/other", "hoch", "vielleicht", "B", "de"],
            ),
            row(4, &["", "https://b.de/x", "", "", "C", "de"]),
        ];
        let Built { errors, .. } = build(&cols, Shape::PerCaption, &rows, UTC);
        let shown: Vec<String> = errors
            .iter()
            .map(|e| {
                format!(
                    "row {}, column {}: {}",
                    e.origin.row, e.origin.column, e.problem
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                "row 3, column url: differs from row 2 (\"https://b.de/q4\"); rows of the same item must agree or leave the cell empty",
                "row 3, column priority: differs from row 2 (\"80\"); rows of the same item must agree or leave the cell empty",
                "row 3, column pinned: differs from row 2 (\"ja\"); rows of the same item must agree or leave the cell empty",
                "row 4, column id: every row needs an id (the item it belongs to)",
            ]
        );
    }

    #[test]
    fn one_row_per_item_reads_caption_columns_in_order() {
        let cols = columns(&[
            "ID",
            "url",
            "title_en",
            "caption_de",
            "caption_en_x",
            "caption_de_2",
            "hashtags",
            "teams",
        ]);
        let rows = [row(
            2,
            &[
                "a",
                "https://b.de",
                "A",
                "Hallo",
                "Hi X",
                "",
                "Q4, #Bericht",
                "Sales, North America",
            ],
        )];
        let Built { drafts, errors, .. } = build(&cols, Shape::PerItem, &rows, UTC);
        assert!(errors.is_empty());
        let item = &drafts[0].item;
        let caps: Vec<(&str, Option<&str>, &str)> = item
            .captions
            .iter()
            .map(|c| (c.lang.as_str(), c.network.as_deref(), c.text.as_str()))
            .collect();
        assert_eq!(caps, [("de", None, "Hallo"), ("en", Some("x"), "Hi X")]);
        assert_eq!(item.hashtags, ["#Q4", "#Bericht"]);
        assert_eq!(
            item.audience.as_ref().map(|a| a.teams.clone()),
            Some(vec!["Sales".to_string(), "North America".to_string()])
        );
        assert_eq!(drafts[0].origins["captions/1/text"].column, "caption_en_x");
    }
}
