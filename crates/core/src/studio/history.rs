//! Undo and redo for the studio's editor. Every change pushes the new state; changes to one
//! field in quick succession (typing) merge into one step, so that undo takes back a word or a
//! sentence, not a letter.

/// How many states a history keeps by default (the oldest are dropped).
pub const DEFAULT_CAPACITY: usize = 200;

/// Pushes in the same group at most this far apart (ms) merge into one step.
pub const COALESCE_MS: i64 = 1_000;

/// The states of a document, with a cursor at the current one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<T> {
    /// Oldest first; never empty.
    states: Vec<T>,
    /// The index of the current state.
    current: usize,
    /// Most states kept (at least 1).
    capacity: usize,
    /// The group and time of the push that made the current state, while a push in the same
    /// group may still merge into it.
    open: Option<(String, i64)>,
}

impl<T: Clone + PartialEq> History<T> {
    /// A history that starts at `initial` and keeps at most `capacity` states (at least one).
    pub fn new(initial: T, capacity: usize) -> Self {
        History {
            states: vec![initial],
            current: 0,
            capacity: capacity.max(1),
            open: None,
        }
    }

    /// The current state.
    pub fn current(&self) -> &T {
        // `states` is never empty and `current` always inside it; the first state is the
        // fallback that cannot be reached.
        self.states
            .get(self.current)
            .unwrap_or_else(|| &self.states[0])
    }

    /// Records `state` as the new current state, made at `at_ms`, dropping whatever could be
    /// redone. A push in the same `group` as the one before (e.g. the JSON Pointer of the field
    /// being typed in), at most [`COALESCE_MS`] after it, replaces that push's state instead of
    /// adding a step. A state equal to the current one changes nothing.
    pub fn push(&mut self, state: T, group: Option<&str>, at_ms: i64) {
        if state == *self.current() {
            return;
        }
        self.states.truncate(self.current + 1);
        let merge = match (&self.open, group) {
            (Some((open, last)), Some(group)) => {
                open == group && (0..=COALESCE_MS).contains(&at_ms.saturating_sub(*last))
            }
            _ => false,
        };
        if merge {
            self.states[self.current] = state;
        } else {
            self.states.push(state);
            if self.states.len() > self.capacity {
                self.states.remove(0);
            }
            self.current = self.states.len() - 1;
        }
        self.open = group.map(|g| (g.to_string(), at_ms));
    }

    /// Goes back one step: the state to show, or `None` at the oldest.
    pub fn undo(&mut self) -> Option<&T> {
        if !self.can_undo() {
            return None;
        }
        self.current -= 1;
        // What is typed next is a new step, not part of the one just undone.
        self.open = None;
        Some(self.current())
    }

    /// Goes forward one step after an undo: the state to show, or `None` at the newest.
    pub fn redo(&mut self) -> Option<&T> {
        if !self.can_redo() {
            return None;
        }
        self.current += 1;
        self.open = None;
        Some(self.current())
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        self.current > 0
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        self.current + 1 < self.states.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_and_redo_walk_the_steps() {
        let mut h = History::new("a".to_string(), DEFAULT_CAPACITY);
        assert!(!h.can_undo() && !h.can_redo());
        assert_eq!(h.undo(), None);
        h.push("ab".into(), None, 0);
        h.push("abc".into(), None, 10);
        assert_eq!(h.undo().map(String::as_str), Some("ab"));
        assert_eq!(h.undo().map(String::as_str), Some("a"));
        assert_eq!(h.undo(), None);
        assert!(h.can_redo());
        assert_eq!(h.redo().map(String::as_str), Some("ab"));
        // A new change drops what could be redone.
        h.push("abx".into(), None, 20);
        assert!(!h.can_redo());
        assert_eq!(h.redo(), None);
        assert_eq!(h.current(), "abx");
        assert_eq!(h.undo().map(String::as_str), Some("ab"));
    }

    #[test]
    fn typing_in_one_field_is_one_step() {
        let mut h = History::new(String::new(), DEFAULT_CAPACITY);
        let title = Some("/items/0/title/de");
        for (i, text) in ["U", "Un", "Uns", "Unse", "Unser"].iter().enumerate() {
            h.push(text.to_string(), title, i as i64 * 300);
        }
        // A pause longer than a second starts a new step; so does another field.
        h.push("Unser Q4".into(), title, 1_200 + 1_100);
        h.push("Unser Q4!".into(), Some("/items/0/url"), 2_400);
        // Ungrouped changes (a button) are always a step of their own.
        h.push("x".into(), None, 2_500);
        h.push("xy".into(), None, 2_600);
        let mut seen = vec![h.current().clone()];
        while let Some(s) = h.undo() {
            seen.push(s.clone());
        }
        assert_eq!(seen, ["xy", "x", "Unser Q4!", "Unser Q4", "Unser", ""]);
    }

    #[test]
    fn an_undo_closes_the_group() {
        let mut h = History::new(0, DEFAULT_CAPACITY);
        h.push(1, Some("f"), 0);
        h.push(2, Some("f"), 100);
        assert_eq!(h.undo(), Some(&0));
        h.push(5, Some("f"), 200);
        h.push(6, Some("f"), 300);
        assert_eq!(h.undo(), Some(&0));
        // A clock going backwards does not merge.
        let mut h = History::new(0, DEFAULT_CAPACITY);
        h.push(1, Some("f"), 1_000);
        h.push(2, Some("f"), 0);
        assert_eq!(h.undo(), Some(&1));
    }

    #[test]
    fn equal_states_change_nothing_and_capacity_drops_the_oldest() {
        let mut h = History::new(0, 3);
        h.push(0, None, 0);
        assert!(!h.can_undo());
        for n in 1..=5 {
            h.push(n, None, n);
        }
        assert_eq!(h.undo(), Some(&4));
        assert_eq!(h.undo(), Some(&3));
        assert_eq!(h.undo(), None);
        let mut one = History::new(0, 0);
        one.push(1, None, 0);
        assert_eq!((one.current(), one.can_undo()), (&1, false));
    }
}
