//! Which caption variant an employee sees first, so that colleagues do not all post the same
//! words.
//!
//! Each install has a random id; the default variant for an item is a hash of (install id,
//! item id) modulo the number of variants. Without any coordination between browsers this is
//! the best balance possible: every variant is equally likely for every employee, and the
//! number of colleagues sharing one default is binomial, N/k ± √(N·(1/k)·(1−1/k)). (No function
//! of independent random ids can promise a tighter bound such as ⌈N/k⌉+1 for every company:
//! for k = 2 and N = 1,000 the standard deviation alone is ≈16.) The tests measure the spread
//! over simulated installs and hold it within four standard deviations.

/// FNV-1a over the install id, a separator and the item id, then a final avalanche so that
/// neighbouring ids spread evenly.
fn mix(install_id: &str, item_id: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in install_id.bytes().chain([0u8]).chain(item_id.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // splitmix64 finaliser.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The pseudonymous code this install puts in `utm_content` when a feed opts in to personal
/// link tracking: not the install id itself, and the same for every item.
pub fn tracking_code(install_id: &str) -> String {
    format!("{:012x}", mix(install_id, "utm_content") >> 16)
}

/// The default variant (0..k) for this install and item: the same every time for one person,
/// spread across colleagues.
pub fn default_variant(install_id: &str, item_id: &str, k: usize) -> usize {
    if k <= 1 {
        return 0;
    }
    (mix(install_id, item_id) % k as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Install ids as browsers make them: random UUIDs (here from a fixed-seed generator).
    fn simulated_installs(n: usize, seed: u64) -> Vec<String> {
        let mut x = seed;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        (0..n)
            .map(|_| {
                let (a, b) = (next(), next());
                format!(
                    "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                    a >> 32,
                    (a >> 16) & 0xffff,
                    a & 0xfff,
                    (b >> 48) | 0x8000,
                    b & 0xffff_ffff_ffff
                )
            })
            .collect()
    }

    #[test]
    fn defaults_spread_evenly_over_colleagues() {
        let n = 1_000;
        let installs = simulated_installs(n, 0x5eed_1234_abcd_0001);
        for k in 2..=6usize {
            let p = 1.0 / k as f64;
            let sigma = (n as f64 * p * (1.0 - p)).sqrt();
            let bound = (n as f64 * p + 4.0 * sigma).ceil() as usize;
            let floor = (n as f64 * p - 4.0 * sigma).floor() as usize;
            for item in ["q4-report-2026", "hiring-2027", "webinar", "a", "b"] {
                let mut counts = vec![0usize; k];
                for id in &installs {
                    counts[default_variant(id, item, k)] += 1;
                }
                let max = *counts.iter().max().unwrap();
                let min = *counts.iter().min().unwrap();
                assert!(max <= bound, "k={k} {item}: {counts:?} (bound {bound})");
                assert!(
                    min >= floor,
                    "k={k} {item}: {counts:?}: a variant is starved (floor {floor})"
                );
                eprintln!("k={k} item={item}: most common default reaches {max} of {n} (⌈N/k⌉ = {}, 4σ bound {bound})", n.div_ceil(k));
            }
        }
    }

    #[test]
    fn different_items_give_one_person_different_variants() {
        // Across items, one employee's defaults are not stuck on the same index.
        let installs = simulated_installs(50, 42);
        for id in &installs {
            let picks: std::collections::BTreeSet<usize> = (0..40)
                .map(|i| default_variant(id, &format!("item-{i}"), 3))
                .collect();
            assert_eq!(picks.len(), 3, "{id}");
        }
    }

    #[test]
    fn tracking_code_is_stable_and_not_the_install_id() {
        let code = tracking_code("install-a");
        assert_eq!(code, tracking_code("install-a"));
        assert_ne!(code, tracking_code("install-b"));
        assert_eq!(code.len(), 12);
        assert!(!code.contains("install"));
    }

    #[test]
    fn stable_per_install_and_in_range() {
        for k in 1..8 {
            let v = default_variant("install-a", "q4", k);
            assert!(v < k.max(1));
            assert_eq!(v, default_variant("install-a", "q4", k));
        }
    }
}
