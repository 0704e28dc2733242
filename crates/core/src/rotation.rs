//! Which caption variant an employee sees first, so that colleagues do not all post the same
//! words.

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

    #[test]
    fn stable_per_install_and_in_range() {
        for k in 1..8 {
            let v = default_variant("install-a", "q4", k);
            assert!(v < k.max(1));
            assert_eq!(v, default_variant("install-a", "q4", k));
        }
    }
}
