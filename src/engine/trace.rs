//! A run's fingerprint: every event is folded into a 64-bit FNV-style hash over its fields, so
//! two runs (natively and in the browser, or before and after a refactor) can be compared by
//! one number. Hashing fields rather than formatted text keeps it cheap enough for every event.

/// FNV-1a's 64-bit offset basis.
const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a's 64-bit prime.
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, 64-bit: the engine's one hash, for run fingerprints and (as a [`std::hash::Hasher`],
/// a word at a time) for the lookup-only maps, where it replaces the standard library's randomly
/// keyed hasher.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceHasher {
    state: u64,
}

impl Default for TraceHasher {
    fn default() -> Self {
        TraceHasher {
            state: FNV_OFFSET_BASIS,
        }
    }
}

impl std::hash::Hasher for TraceHasher {
    fn finish(&self) -> u64 {
        self.state
    }

    /// For the lookup-only maps: eight bytes per step (`write_u64`'s step), since a map's hash
    /// only has to be fixed, and a key then costs a step per word instead of one per byte. Run
    /// fingerprints never come through here (they use `write_bytes` and `write_str`).
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            self.write_u64(u64::from_le_bytes(word.try_into().expect("eight bytes")));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.write_u64(u64::from_le_bytes(last) ^ ((rest.len() as u64) << 56));
        }
    }
}

impl TraceHasher {
    /// Folds in raw bytes.
    pub fn write_bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.state ^= u64::from(b);
            self.state = self.state.wrapping_mul(FNV_PRIME);
        }
    }

    /// Folds in a number as one 64-bit word (FNV-1a's step applied to the whole word, with a
    /// shift so high bits reach low ones: one multiply per field instead of eight).
    pub fn write_u64(&mut self, value: u64) {
        self.state ^= value;
        self.state = self.state.wrapping_mul(FNV_PRIME);
        self.state ^= self.state >> 29;
    }

    /// Folds in a string with its length first, so `("ab","c")` and `("a","bc")` differ.
    pub fn write_str(&mut self, s: &str) {
        self.write_u64(s.len() as u64);
        self.write_bytes(s.as_bytes());
    }

    /// Folds in a producer or topic index. Index 0 (the main one) adds nothing, so traces of
    /// one-topic, one-producer runs keep the hashes they had before runs could have several;
    /// any other index is folded with a marker word, so it can never look like index 0.
    pub fn write_index(&mut self, index: u32) {
        if index != 0 {
            self.write_u64(0x1d_0000_0000 | u64::from(index));
        }
    }

    /// The hash so far.
    pub fn finish(&self) -> u64 {
        self.state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_reference_value() {
        let mut h = TraceHasher::default();
        h.write_bytes(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }
}
