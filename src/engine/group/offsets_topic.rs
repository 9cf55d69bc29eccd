//! Where a consumer group's offsets live: the group coordinator is the leader of partition
//! `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions` of `__consumer_offsets`
//! (kafka-semantics.md §5). Kafka's `abs` is not `Math.abs`: `abs(MIN_VALUE)` is 0.

use crate::engine::java::{java_string_hash, kafka_abs};

/// `offsets.topic.num.partitions`' default.
pub const OFFSETS_TOPIC_PARTITIONS: u32 = 50;

/// The `__consumer_offsets` partition of a group.
pub fn partition_for_group(group_id: &str, n_partitions: u32) -> u32 {
    kafka_abs(java_string_hash(group_id)) as u32 % n_partitions.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_vectors() {
        // GroupCoordinatorServiceTest.testPartitionFor.
        assert_eq!(partition_for_group("foo", 10), 4);
        // Computed over 50 partitions (kafka-semantics.md §5).
        let table: &[(&str, i32, u32)] = &[
            ("foo", 101574, 24),
            ("my-group", -1906497762, 12),
            ("test-group", 627841412, 12),
            ("group1", -1237460590, 40),
            ("group2", -1237460589, 39),
            ("orders-service", 23943117, 17),
            ("payments", 1382682413, 13),
            ("console-consumer-12345", 158455506, 6),
            ("", 0, 0),
            ("polygenelubricants", i32::MIN, 0),
        ];
        for &(group, hash, partition) in table {
            assert_eq!(java_string_hash(group), hash, "hashCode of {group:?}");
            assert_eq!(
                partition_for_group(group, OFFSETS_TOPIC_PARTITIONS),
                partition,
                "{group:?}"
            );
        }
    }

    #[test]
    fn utils_test_abs() {
        // UtilsTest.testAbs.
        assert_eq!(kafka_abs(i32::MIN), 0);
        assert_eq!(kafka_abs(-10), 10);
        assert_eq!(kafka_abs(10), 10);
        assert_eq!(kafka_abs(0), 0);
        assert_eq!(kafka_abs(-1), 1);
    }
}
