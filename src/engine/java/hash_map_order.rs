//! Java's `HashMap`/`HashSet` iteration order, emulated bucket by bucket. Kafka's sticky
//! assignors iterate such collections (subscriptions, owned partitions, moved partitions), and
//! their output order depends on it, so the order is computed here explicitly from Java's own
//! hash codes, never taken from a Rust hash map.

use super::java_string_hash;

/// `HashMap.hash`: the high half folded into the low half before masking by the table size.
pub(crate) fn spread(h: i32) -> u32 {
    let h = h as u32;
    h ^ (h >> 16)
}

/// Iteration order of a Java `HashMap`/`HashSet` (default capacity 16, load factor 0.75):
/// buckets in index order and, within a bucket, insertion order, which resizes preserve.
/// Capacity doubles when the size passes 3/4 of it, and also when a bucket's chain reaches 9
/// while the table is below 64 (`treeifyBin` resizes small tables instead of treeifying). Bins
/// that would really be treeified (9+ colliding keys in a table of 64+) are not modelled.
#[derive(Clone, Debug)]
pub(crate) struct JavaHashOrder<T> {
    capacity: u32,
    /// (spread hash, element) in insertion order.
    entries: Vec<(u32, T)>,
}

impl<T: PartialEq> JavaHashOrder<T> {
    pub(crate) fn new() -> Self {
        JavaHashOrder {
            capacity: 16,
            entries: Vec::new(),
        }
    }

    fn bucket(&self, spread_hash: u32) -> u32 {
        spread_hash & (self.capacity - 1)
    }

    /// `add`/`put` of a new key; an existing key keeps its place, as in Java.
    pub(crate) fn insert(&mut self, hash: i32, item: T) {
        if self.entries.iter().any(|(_, e)| *e == item) {
            return;
        }
        let s = spread(hash);
        let chain = self
            .entries
            .iter()
            .filter(|(h, _)| self.bucket(*h) == self.bucket(s))
            .count();
        self.entries.push((s, item));
        if chain >= 8 && self.capacity < 64 {
            self.capacity *= 2;
        }
        if self.entries.len() > (self.capacity / 4 * 3) as usize {
            self.capacity *= 2;
        }
    }

    pub(crate) fn remove(&mut self, item: &T) {
        if let Some(i) = self.entries.iter().position(|(_, e)| e == item) {
            self.entries.remove(i);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Elements in Java iteration order.
    pub(crate) fn iter_order(&self) -> Vec<&T> {
        let mut order: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, (h, _))| (self.bucket(*h), i))
            .collect();
        order.sort_unstable();
        order.into_iter().map(|(_, i)| &self.entries[i].1).collect()
    }

    /// `iterator().next()`.
    pub(crate) fn first(&self) -> Option<&T> {
        self.entries
            .iter()
            .enumerate()
            .min_by_key(|(i, (h, _))| (self.bucket(*h), *i))
            .map(|(_, (_, e))| e)
    }
}

/// The order a Java `HashMap<String, _>` iterates `ids` put in the given order (ids distinct):
/// positions into `ids`.
pub(crate) fn java_hash_map_order(ids: &[&str]) -> Vec<usize> {
    let mut map = JavaHashOrder::new();
    for (i, id) in ids.iter().enumerate() {
        map.insert(java_string_hash(id), i);
    }
    map.iter_order().into_iter().copied().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_matches_java() {
        assert_eq!(java_string_hash(""), 0);
        assert_eq!(java_string_hash("hello"), 99_162_322);
        assert_eq!(java_string_hash("Aa"), java_string_hash("BB"));
        // Wraps past 2^31: "consumer1".hashCode() is negative in Java.
        assert_eq!(java_string_hash("consumer1"), 3_873_962_747u32 as i32);
    }

    #[test]
    fn hash_map_order_of_test_consumers() {
        // Buckets 12, 11, 10, 9: the order AbstractStickyAssignorTest's HashMap iterates.
        let ids = ["consumer1", "consumer2", "consumer3", "consumer4"];
        assert_eq!(java_hash_map_order(&ids), vec![3, 2, 1, 0]);
    }

    #[test]
    fn hash_map_order_resizes_past_three_quarters() {
        // One-letter ids hash to their code point: 'a'..'l' sit in buckets 1..12 of 16 and 'q'
        // (113) shares bucket 1 with 'a'. A 13th key grows the table to 32, where 'q' moves
        // to bucket 17, after everything else.
        let mut ids: Vec<String> = ('a'..='k').map(String::from).collect();
        ids.push("q".into());
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let order = java_hash_map_order(&refs);
        assert_eq!(
            order[..3],
            [0, 11, 1],
            "12 keys: still 16 buckets, q right after a"
        );
        ids.insert(11, "l".into());
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let order = java_hash_map_order(&refs);
        assert_eq!(order.last(), Some(&12), "13 keys: 32 buckets, q last");
        assert_eq!(order[..2], [0, 1]);
    }

    #[test]
    fn long_collision_chain_resizes_small_table() {
        // All 16 strings made of four "Aa"/"BB" pairs share one hash. The ninth in one bucket
        // makes the chain 9 long, and a table under 64 doubles instead of treeifying.
        let ids: Vec<String> = (0..9u32)
            .map(|bits| {
                (0..4)
                    .map(|i| if bits >> i & 1 == 1 { "BB" } else { "Aa" })
                    .collect()
            })
            .collect();
        let mut set = JavaHashOrder::new();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(java_string_hash(id), java_string_hash(&ids[0]));
            set.insert(java_string_hash(id), i);
            assert_eq!(set.capacity, if i < 8 { 16 } else { 32 });
        }
        let order: Vec<usize> = set.iter_order().into_iter().copied().collect();
        assert_eq!(
            order,
            (0..9).collect::<Vec<_>>(),
            "one bucket keeps insertion order"
        );
    }
}
