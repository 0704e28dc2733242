//! Size limits. Each is named in the message that enforces it, so admins know what to change.
//!
//! The byte limit keeps the stored copy inside `chrome.storage.local`'s 10 MB quota (the stored
//! text grows by its JSON escaping), and the item limit bounds work in the extension's worker.

/// Largest feed file, in bytes.
pub const MAX_FEED_BYTES: usize = 8 * 1024 * 1024;
/// Most items in one feed.
pub const MAX_ITEMS: usize = 10_000;
/// Most captions per item.
pub const MAX_CAPTIONS: usize = 20;
/// Longest caption text, in characters (LinkedIn's own post limit).
pub const MAX_CAPTION_CHARS: usize = 3_000;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest summary, personal prompt, retraction note or image description, in characters.
pub const MAX_TEXT_CHARS: usize = 1_000;
/// Longest id, campaign, team, region or organisation name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Most hashtags on the organisation or on one item.
pub const MAX_HASHTAGS: usize = 30;
