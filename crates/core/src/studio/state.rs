//! Where an item of the draft stands at a moment: scheduled, live, expired or retracted, for
//! the studio's item list. The draft is the raw feed, possibly invalid, so a date that does not
//! parse is a state of its own instead of a guess.
//!
//! The rules are the extension's: `status` is read by [`Status::parse`] as validation reads it,
//! dates by [`parse_date`], and the window by [`rank::window`], the rule behind
//! [`rank::is_live`].

use serde::Serialize;

use crate::feed::model::parse_date;
use crate::feed::raw::RawItem;
use crate::feed::Status;
use crate::rank::{self, Window};

use super::instant;

/// Where one item stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum ItemState {
    /// Withdrawn (`status: retracted`): never suggested again, whatever its dates.
    Retracted,
    /// Not suggested before `publish_at`.
    Scheduled {
        /// When it goes live (ms).
        publish_at_ms: i64,
    },
    /// Suggested now (to those in its audience).
    Live {
        /// When it stops being suggested (ms), if it has an end.
        expires_at_ms: Option<i64>,
    },
    /// No longer suggested since `expires_at`.
    Expired {
        /// When it ended (ms).
        expires_at_ms: i64,
    },
    /// A field the state depends on cannot be read (validation says why), so there is no
    /// state to tell.
    Unreadable {
        /// The field.
        field: StateField,
    },
}

/// The fields an item's state is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StateField {
    /// `status`.
    Status,
    /// `publish_at`.
    PublishAt,
    /// `expires_at`.
    ExpiresAt,
}

/// Where `item` stands at `now_ms`. A retraction wins over the dates (a retracted item is
/// never suggested); an unknown status is unreadable before anything else, because it might be
/// a misspelt retraction.
pub fn item_state(item: &RawItem, now_ms: i64) -> ItemState {
    let status = match item.status.as_deref() {
        None => Status::Active,
        Some(name) => match Status::parse(name) {
            Some(status) => status,
            None => {
                return ItemState::Unreadable {
                    field: StateField::Status,
                }
            }
        },
    };
    if status == Status::Retracted {
        return ItemState::Retracted;
    }
    let date = |text: &Option<String>, field| match text {
        None => Ok(None),
        Some(text) => parse_date(text)
            .map(Some)
            .ok_or(ItemState::Unreadable { field }),
    };
    let publish_at = match date(&item.publish_at, StateField::PublishAt) {
        Ok(d) => d,
        Err(unreadable) => return unreadable,
    };
    let expires_at = match date(&item.expires_at, StateField::ExpiresAt) {
        Ok(d) => d,
        Err(unreadable) => return unreadable,
    };
    let ms = |d: Option<chrono::DateTime<chrono::FixedOffset>>| d.map(|d| d.timestamp_millis());
    match rank::window(publish_at, expires_at, instant(now_ms)) {
        Window::Scheduled => ItemState::Scheduled {
            publish_at_ms: ms(publish_at).unwrap_or(now_ms),
        },
        Window::Live => ItemState::Live {
            expires_at_ms: ms(expires_at),
        },
        Window::Expired => ItemState::Expired {
            expires_at_ms: ms(expires_at).unwrap_or(now_ms),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(status: Option<&str>, publish: Option<&str>, expires: Option<&str>) -> RawItem {
        RawItem {
            status: status.map(str::to_string),
            publish_at: publish.map(str::to_string),
            expires_at: expires.map(str::to_string),
            ..RawItem::default()
        }
    }

    fn ms(s: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn states_follow_the_extensions_window() {
        let now = ms("2026-11-27T10:00:00Z");
        let from = "2026-12-01T08:00:00+01:00";
        let to = "2026-12-31T00:00:00+01:00";
        assert_eq!(
            item_state(&item(None, Some(from), Some(to)), now),
            ItemState::Scheduled {
                publish_at_ms: ms(from)
            }
        );
        assert_eq!(
            item_state(&item(Some("active"), None, Some(to)), now),
            ItemState::Live {
                expires_at_ms: Some(ms(to))
            }
        );
        assert_eq!(
            item_state(&item(None, None, None), now),
            ItemState::Live {
                expires_at_ms: None
            }
        );
        // The end is exclusive: at expires_at the item is gone, as in rank::is_live.
        assert_eq!(
            item_state(&item(None, None, Some(to)), ms(to)),
            ItemState::Expired {
                expires_at_ms: ms(to)
            }
        );
        // The start is inclusive.
        assert_eq!(
            item_state(&item(None, Some(from), None), ms(from)),
            ItemState::Live {
                expires_at_ms: None
            }
        );
    }

    #[test]
    fn retraction_wins_and_unreadable_fields_are_named() {
        let now = ms("2026-11-27T10:00:00Z");
        assert_eq!(
            item_state(&item(Some("retracted"), Some("morgen"), None), now),
            ItemState::Retracted
        );
        assert_eq!(
            item_state(&item(Some("retraced"), None, None), now),
            ItemState::Unreadable {
                field: StateField::Status
            }
        );
        assert_eq!(
            item_state(&item(None, Some("2026-12-01T08:00:00"), None), now),
            ItemState::Unreadable {
                field: StateField::PublishAt
            }
        );
        assert_eq!(
            item_state(&item(None, None, Some("31.12.2026")), now),
            ItemState::Unreadable {
                field: StateField::ExpiresAt
            }
        );
        // Clocks far outside chrono's range still give an answer.
        assert!(matches!(
            item_state(&item(None, Some("2026-12-01T08:00:00Z"), None), i64::MIN),
            ItemState::Scheduled { .. }
        ));
        assert!(matches!(
            item_state(&item(None, None, Some("2026-12-01T08:00:00Z")), i64::MAX),
            ItemState::Expired { .. }
        ));
    }

    #[test]
    fn states_serialize_with_their_data() {
        let json = serde_json::to_string(&ItemState::Scheduled { publish_at_ms: 5 }).unwrap();
        assert_eq!(json, r#"{"state":"scheduled","publishAtMs":5}"#);
        let json = serde_json::to_string(&ItemState::Unreadable {
            field: StateField::PublishAt,
        })
        .unwrap();
        assert_eq!(json, r#"{"state":"unreadable","field":"publish_at"}"#);
    }
}
