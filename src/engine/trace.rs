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
            self.write_u64(tail_word(rest) ^ ((rest.len() as u64) << 56));
        }
    }

    // A map key's integers (a `str`'s terminator, `TopicPartition`'s word) take one step each,
    // where the trait's defaults would go through `write` and its tail.
    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        TraceHasher::write_u64(self, value);
    }

    fn write_usize(&mut self, value: usize) {
        self.write_u64(value as u64);
    }
}

/// The last one to seven bytes of a map key as one little-endian word, zero above them, read
/// in four-, two- and one-byte pieces: copying them into a buffer called `memcpy` for every key
/// (a quarter of a keyed run's map hashing).
fn tail_word(rest: &[u8]) -> u64 {
    let (mut word, mut shift, mut rest) = (0u64, 0u32, rest);
    if let Some((four, tail)) = rest.split_first_chunk::<4>() {
        word = u64::from(u32::from_le_bytes(*four));
        (shift, rest) = (32, tail);
    }
    if let Some((two, tail)) = rest.split_first_chunk::<2>() {
        word |= u64::from(u16::from_le_bytes(*two)) << shift;
        shift += 16;
        rest = tail;
    }
    if let Some(&one) = rest.first() {
        word |= u64::from(one) << shift;
    }
    word
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
    fn a_map_key_tail_is_its_bytes_zero_padded() {
        let bytes = [1u8, 2, 3, 4, 5, 6, 7];
        for n in 1..=7 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(
                tail_word(&bytes[..n]),
                u64::from_le_bytes(padded),
                "{n} bytes"
            );
        }
    }

    #[test]
    fn fnv1a_reference_value() {
        let mut h = TraceHasher::default();
        h.write_bytes(b"a");
        assert_eq!(h.finish(), 0xaf63_dc4c_8601_ec8c);
    }
}
