//! One stable sort for the whole wasm module: every `slice::sort_by` call site compiles its own
//! copy of the standard library's sort, and sorting positions through a `dyn` comparison
//! compiles it once (clippy.toml refuses the others). Same result as `sort_by`: stable,
//! `O(n log n)`.

use std::cmp::Ordering;

/// Sorts `items` stably by `cmp`, as `items.sort_by(cmp)` would.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // `order` is a permutation of 0..len, so every slot is taken exactly once.
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` stably by `key`, as `items.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `cmp` sorts them (ties keep their order). Never
/// inlined, so that it stays one function: inlined into its callers, the sort would be
/// compiled once per caller again.
#[inline(never)]
#[allow(clippy::disallowed_methods)] // the one sort
fn positions(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

#[cfg(test)]
#[allow(clippy::disallowed_methods)] // compared with the standard library's
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library() {
        // Pairs with many equal keys, so stability shows.
        let mut seed = 7u32;
        let mut pairs: Vec<(u32, usize)> = (0..500)
            .map(|i| {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((seed >> 16) % 17, i)
            })
            .collect();
        let mut expected = pairs.clone();
        expected.sort_by_key(|p| p.0);
        sort_by_key(&mut pairs, |p| p.0);
        assert_eq!(pairs, expected);

        let mut words: Vec<String> = ["b", "A", "a", "c", "B"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "B", "A"]);

        let mut empty: Vec<String> = Vec::new();
        sort_by(&mut empty, Ord::cmp);
        assert!(empty.is_empty());
    }
}
