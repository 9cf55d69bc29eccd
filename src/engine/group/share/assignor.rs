//! The share group's assignor, `SimpleAssignor` of the group-coordinator module (Kafka trunk
//! of October 2024, `assignor/SimpleAssignor.java`): every member gets every partition of the
//! topics it subscribes to, so several members share each partition and a member beyond the
//! partition count still has work. (Later Kafka versions spread partitions over members when
//! there are more partitions than members; that version is not reachable here.)

use crate::engine::assignor::TopicPartition;
use crate::engine::stable_sort;
use std::collections::BTreeMap;

/// `SimpleAssignor.computeTargetPartitions` for one member: sorted by topic, then partition.
/// A topic missing from the metadata gives nothing (Kafka throws
/// `PartitionAssignorException`; the playground's topics always exist).
pub fn simple_assign(topics: &[String], counts: &BTreeMap<String, u32>) -> Vec<TopicPartition> {
    let mut out: Vec<TopicPartition> = topics
        .iter()
        .filter_map(|t| counts.get(t).map(|n| (t, *n)))
        .flat_map(|(t, n)| {
            (0..n).map(move |partition| TopicPartition {
                topic: t.clone(),
                partition,
            })
        })
        .collect();
    stable_sort::sort(&mut out);
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // `SimpleAssignorTest.testAssignWithTwoMembersAndTwoTopicsHomogeneous`: each member gets
    // all partitions of both topics.
    #[test]
    fn every_member_gets_every_subscribed_partition() {
        let counts: BTreeMap<String, u32> = [("t1".to_string(), 3), ("t2".to_string(), 2)]
            .into_iter()
            .collect();
        let a = simple_assign(&["t2".to_string(), "t1".to_string()], &counts);
        assert_eq!(a.len(), 5);
        assert_eq!(
            a[0],
            TopicPartition {
                topic: "t1".to_string(),
                partition: 0
            }
        );
        assert_eq!(simple_assign(&["t1".to_string()], &counts).len(), 3);
    }
}
