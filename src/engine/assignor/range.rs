//! Kafka's `RangeAssignor` (non-rack): per topic, consecutive ranges of partitions for its
//! subscribers in member order, the first few one partition longer.

use crate::engine::stable_sort;
use std::collections::BTreeMap;

use super::{
    empty_assignment, java_sorted_topics, member_order, Assignment, Member, TopicPartition,
};
use crate::engine::java::java_string_cmp;

/// `RangeAssignor` (non-rack): per topic, its subscribers in member order; the first
/// `n % c` get `n / c + 1` consecutive partitions, the rest `n / c`.
pub fn range(partitions_per_topic: &BTreeMap<String, u32>, members: &[Member]) -> Assignment {
    let mut out = empty_assignment(members);
    let topics = java_sorted_topics(members.iter().flat_map(|m| m.topics.iter()));
    for topic in topics {
        let Some(&n) = partitions_per_topic.get(topic) else {
            continue;
        };
        let mut subscribers: Vec<(usize, &Member)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.topics.contains(topic))
            .collect();
        stable_sort::sort_by(&mut subscribers, |a, b| member_order(a.1, b.1));
        let c = subscribers.len() as u32;
        if c == 0 {
            continue;
        }
        let (per_member, with_extra) = (n / c, n % c);
        for (i, (index, _)) in subscribers.iter().enumerate() {
            let i = i as u32;
            let start = per_member * i + i.min(with_extra);
            let length = per_member + u32::from(i < with_extra);
            out[*index]
                .1
                .extend((start..start + length).map(|p| TopicPartition {
                    topic: topic.clone(),
                    partition: p,
                }));
        }
    }
    for (_, list) in &mut out {
        stable_sort::sort_by(list, |a, b| {
            java_string_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
        });
    }
    out
}
