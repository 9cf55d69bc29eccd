//! Kafka's keyed partitioning, bit for bit: the Java client's `Utils.murmur2`, `Utils.toPositive`
//! and `BuiltInPartitioner.partitionForKey`. Everything here is 32-bit integer arithmetic with
//! wrap-around, so it gives the same answer natively and in wasm.

/// `Utils.murmur2(byte[])`: the signed Java `int` Kafka's producer hashes a serialized key to.
pub fn murmur2(data: &[u8]) -> i32 {
    const SEED: u32 = 0x9747_b28c;
    const M: u32 = 0x5bd1_e995;
    const R: u32 = 24;

    // Java takes `data.length` as an int; keys are limited far below 2^31 bytes.
    let length = data.len() as u32;
    let mut h: u32 = SEED ^ length;

    let mut blocks = data.chunks_exact(4);
    for block in &mut blocks {
        let mut k = u32::from_le_bytes([block[0], block[1], block[2], block[3]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h = h.wrapping_mul(M);
        h ^= k;
    }

    // The tail falls through from case 3 to case 1 in Java; only a tail multiplies once more.
    let tail = blocks.remainder();
    if tail.len() >= 3 {
        h ^= u32::from(tail[2]) << 16;
    }
    if tail.len() >= 2 {
        h ^= u32::from(tail[1]) << 8;
    }
    if !tail.is_empty() {
        h ^= u32::from(tail[0]);
        h = h.wrapping_mul(M);
    }

    h ^= h >> 13;
    h = h.wrapping_mul(M);
    h ^= h >> 15;
    h as i32
}

/// `Utils.toPositive(int)`: clears the sign bit. This is deliberately not `abs`:
/// `to_positive(-1) == 2147483647` and `to_positive(i32::MIN) == 0`.
pub fn to_positive(n: i32) -> i32 {
    n & 0x7fff_ffff
}

/// `BuiltInPartitioner.partitionForKey`: the partition of a serialized key among all
/// `n_partitions` of the topic (leaderless partitions included).
///
/// `n_partitions` must be at least 1; Kafka's metadata never reports a topic without partitions.
pub fn partition_for_key(key: &[u8], n_partitions: u32) -> u32 {
    debug_assert!(n_partitions >= 1, "a topic has at least one partition");
    (to_positive(murmur2(key)) as u32) % n_partitions.max(1)
}

/// Everything the key inspector shows about one key, in the order Kafka computes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyHash {
    /// The key's UTF-8 bytes, which is what `StringSerializer` hands the partitioner.
    pub utf8_len: usize,
    /// `Utils.murmur2` over those bytes, as a signed Java int.
    pub murmur2: i32,
    /// `Utils.toPositive(murmur2)`.
    pub positive: i32,
    /// The partition count the modulo was taken over.
    pub n_partitions: u32,
    /// `positive % n_partitions`.
    pub partition: u32,
}

/// Explains how a string key is routed among `n_partitions`.
pub fn explain_key(key: &str, n_partitions: u32) -> KeyHash {
    let hash = murmur2(key.as_bytes());
    let positive = to_positive(hash);
    let n = n_partitions.max(1);
    KeyHash {
        utf8_len: key.len(),
        murmur2: hash,
        positive,
        n_partitions: n,
        partition: positive as u32 % n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_positive_is_not_abs() {
        assert_eq!(to_positive(-1), 2_147_483_647);
        assert_eq!(to_positive(i32::MIN), 0);
        assert_eq!(to_positive(0), 0);
        assert_eq!(to_positive(10), 10);
    }

    #[test]
    fn empty_key_is_hashed() {
        assert_eq!(murmur2(b""), 275_646_681);
    }
}
