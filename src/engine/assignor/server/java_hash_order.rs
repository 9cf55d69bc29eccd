//! The Java `HashMap`/`HashSet` iteration orders the uniform homogeneous builder's result
//! depends on (kafka-semantics.md §8), computed from Java's hash codes, never from a Rust map:
//! buckets in index order, `(h ^ h >>> 16) & (capacity - 1)`, insertion order within a bucket
//! (which a resize keeps), the table doubling past 3/4 full and, below 64 buckets, when a chain
//! reaches 9. Also `HashSet(Collection)`'s initial capacity and `Integer.hashCode`, for maps
//! built as Kafka's tests and records build them.
//!
//! Simplification: a bin of 9+ colliding keys in a table of 64+ buckets becomes a tree in Java,
//! whose iteration order (root moved to the front) is not modelled.

use super::TopicId;

/// `HashMap.tableSizeFor`: the smallest power of two at least `capacity` (1 for 0).
pub(crate) fn table_size_for(capacity: u32) -> u32 {
    capacity.max(1).next_power_of_two().min(1 << 30)
}

/// The table size `new HashSet<>(collection)` starts with:
/// `max((int) (size / .75f) + 1, 16)`, rounded up to a power of two. `(int) (n / .75f)` is
/// `4n / 3` rounded down: the float quotient is off by under half a unit in the last place,
/// less than the distance (at least 1/3) from `4n / 3` to the next integer, for any n below 2^22.
pub(crate) fn copy_constructor_table(size: usize) -> u32 {
    let size = size.min(1 << 22) as u32;
    let wanted = (size * 4 / 3 + 1).max(16);
    table_size_for(wanted)
}

/// Iteration order of a Java hash map or set whose distinct keys, with these `hashCode`s, were
/// put in this order into a table of `initial_table` buckets (16 for `new HashMap<>()`):
/// positions into `hashes`.
pub(crate) fn java_hash_order(hashes: &[i32], initial_table: u32) -> Vec<usize> {
    let spread: Vec<u32> = hashes
        .iter()
        .map(|&h| {
            let h = h as u32;
            h ^ (h >> 16)
        })
        .collect();
    let mut capacity = table_size_for(initial_table);
    let mut chain_lengths = vec![0u32; capacity as usize];
    for (size, &s) in spread.iter().enumerate() {
        let bucket = (s & (capacity - 1)) as usize;
        let chain = chain_lengths[bucket];
        chain_lengths[bucket] += 1;
        let mut grow = chain >= 8 && capacity < 64;
        // `++size > threshold`, threshold = capacity * 0.75.
        grow |= size + 1 > (capacity as usize / 4) * 3;
        if grow {
            // A put can resize twice (treeifyBin, then the threshold); the second sees the
            // first's new threshold, so at most one doubling here is due to the size.
            capacity *= 2;
            if size + 1 > (capacity as usize / 4) * 3 {
                capacity *= 2;
            }
            chain_lengths = vec![0u32; capacity as usize];
            for &t in &spread[..=size] {
                chain_lengths[(t & (capacity - 1)) as usize] += 1;
            }
        }
    }
    let mut order: Vec<(u32, usize)> = spread
        .iter()
        .enumerate()
        .map(|(i, &s)| (s & (capacity - 1), i))
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(_, i)| i).collect()
}

/// The order `new HashSet<>(ids)` iterates topic ids given in the source's order: the uniform
/// homogeneous builder's `subscribedTopicIds`, whose order is the order free partitions are
/// handed out in. `source_size` is the source collection's `size()`.
pub(crate) fn topic_id_set_order(ids: &[TopicId], source_size: usize) -> Vec<usize> {
    let hashes: Vec<i32> = ids.iter().map(|id| id.java_hash()).collect();
    java_hash_order(&hashes, copy_constructor_table(source_size))
}

/// The order a `new HashMap<Uuid, _>()` iterates topic ids put in this order: a member's
/// current assignment as Kafka's tests (`mkAssignment`) and its records build it.
pub fn java_topic_map_order(ids: &[TopicId]) -> Vec<usize> {
    let hashes: Vec<i32> = ids.iter().map(|id| id.java_hash()).collect();
    java_hash_order(&hashes, 16)
}

/// The order `new HashSet<>(Arrays.asList(partitions))` iterates distinct partitions
/// (`Integer.hashCode` is the value): ascending below the table size.
pub fn java_partition_set_order(partitions: &[u32]) -> Vec<u32> {
    let hashes: Vec<i32> = partitions.iter().map(|&p| p as i32).collect();
    java_hash_order(&hashes, copy_constructor_table(partitions.len()))
        .into_iter()
        .map(|i| partitions[i])
        .collect()
}

/// The order a `new HashMap<String, _>()` iterates member ids put in this order: the
/// coordinator's member map (`TargetAssignmentBuilder.build` puts the group's members, then the
/// updated ones, into one), which a caller of `assign` may use to order its members.
pub fn java_member_map_order(member_ids: &[&str]) -> Vec<usize> {
    let hashes: Vec<i32> = member_ids
        .iter()
        .map(|id| crate::engine::java::java_string_hash(id))
        .collect();
    java_hash_order(&hashes, 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(text: &str) -> TopicId {
        TopicId::parse(text).unwrap()
    }

    #[test]
    fn table_sizes_follow_hash_map() {
        assert_eq!(table_size_for(0), 1);
        assert_eq!(table_size_for(16), 16);
        assert_eq!(table_size_for(17), 32);
        assert_eq!(copy_constructor_table(0), 16);
        assert_eq!(copy_constructor_table(12), 32, "(int)(12/.75f)+1 = 17");
        assert_eq!(copy_constructor_table(11), 16, "(int)(11/.75f)+1 = 15");
        for n in 0..100_000usize {
            let java = (n as f32 / 0.75f32) as u32 + 1;
            assert_eq!(
                copy_constructor_table(n),
                table_size_for(java.max(16)),
                "{n}"
            );
        }
    }

    #[test]
    fn kafka_test_topic_ids_in_a_hash_set() {
        // The ids of OptimizedUniformAssignmentBuilderTest, and the bucket each takes in 16.
        let ids = [
            id("T1-A4s3VTwiI5CTbEp6POw"),
            id("T2-B4s3VTwiI5YHbPp6YUe"),
            id("T3-CU8fVTLCz5YMkLoDQsa"),
        ];
        let buckets: Vec<u32> = ids
            .iter()
            .map(|i| {
                let h = i.java_hash() as u32;
                (h ^ h >> 16) & 15
            })
            .collect();
        let order = topic_id_set_order(&ids, 3);
        let mut expected: Vec<usize> = (0..3).collect();
        expected.sort_by_key(|&i| (buckets[i], i));
        assert_eq!(order, expected);
        // Reversed input lands in the same buckets: only a shared bucket keeps input order.
        let reversed: Vec<TopicId> = ids.iter().rev().copied().collect();
        let back: Vec<usize> = topic_id_set_order(&reversed, 3)
            .into_iter()
            .map(|i| 2 - i)
            .collect();
        if buckets
            .iter()
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            == 3
        {
            assert_eq!(back, order);
        }
    }

    #[test]
    fn collisions_keep_insertion_order_and_resizes_split_buckets() {
        // Hashes 1 and 17 share bucket 1 of 16: insertion order. Twelve more keys grow the
        // table to 32, where 17 moves to bucket 17, after 2..=13.
        assert_eq!(java_hash_order(&[17, 1], 16), vec![0, 1]);
        let mut hashes = vec![17, 1];
        hashes.extend(2..=12);
        let order = java_hash_order(&hashes, 16);
        assert_eq!(order[0], 1, "hash 1 first");
        assert_eq!(*order.last().unwrap(), 0, "hash 17 last in 32 buckets");
    }

    #[test]
    fn a_ninth_colliding_key_doubles_a_small_table() {
        // Multiples of 16 share bucket 0 of 16; the ninth doubles the table (treeifyBin). In 32
        // buckets, 0, 32, 64, ... (even i) sit in bucket 0, odd i in bucket 16.
        let hashes: Vec<i32> = (0..9).map(|i| i * 16).collect();
        let order = java_hash_order(&hashes, 16);
        assert_eq!(order, vec![0, 2, 4, 6, 8, 1, 3, 5, 7]);
    }

    #[test]
    fn member_ids_iterate_as_a_java_string_map() {
        // AbstractStickyAssignorTest's consumers sit in buckets 12, 11, 10, 9 of 16.
        let ids = ["consumer1", "consumer2", "consumer3", "consumer4"];
        assert_eq!(java_member_map_order(&ids), vec![3, 2, 1, 0]);
    }

    #[test]
    fn partition_sets_iterate_by_value_modulo_the_table() {
        assert_eq!(java_partition_set_order(&[2, 0, 1]), vec![0, 1, 2]);
        // 16 and 0 share bucket 0 of 16 (3 partitions: table 16): insertion order.
        assert_eq!(java_partition_set_order(&[16, 3, 0]), vec![16, 0, 3]);
    }
}
