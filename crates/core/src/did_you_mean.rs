//! "Did you mean …?" for typos in field and placeholder names.

/// The candidate closest to `word` by edit distance (with transpositions), if it is close
/// enough to be a plausible typo: at most 1 edit for short words, 2 for longer ones, and never
/// more than a third of the word.
pub fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // Names are ASCII; ASCII case folding keeps Unicode case tables out of the wasm module.
    let word = word.to_ascii_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for c in candidates {
        let d = distance(&word, &c.to_ascii_lowercase());
        let max = if c.chars().count() <= 4 { 1 } else { 2 };
        let max = max.min(c.chars().count().div_ceil(3).max(1));
        if d <= max && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and transpositions
/// of neighbours each cost 1 ("titel" → "title" is one edit).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos() {
        let fields = ["id", "url", "title", "summary", "captions", "publish_at"];
        assert_eq!(closest("titel", fields.iter().copied()), Some("title"));
        assert_eq!(closest("caption", fields.iter().copied()), Some("captions"));
        assert_eq!(
            closest("publish_date", fields.iter().copied()),
            Some("publish_at")
        );
        assert_eq!(closest("release_date", fields.iter().copied()), None);
        assert_eq!(closest("URL", fields.iter().copied()), Some("url"));
        assert_eq!(closest("summmary", fields.iter().copied()), Some("summary"));
        assert_eq!(closest("xyz", fields.iter().copied()), None);
    }

    #[test]
    fn distance_counts_transpositions_once() {
        assert_eq!(distance("titel", "title"), 1);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}
