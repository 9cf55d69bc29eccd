//! Kafka's `RoundRobinAssignor`: every partition of every subscribed topic in turn to the next
//! member, in member order, that subscribes to its topic.

use crate::engine::stable_sort;
use std::collections::BTreeMap;

use super::{
    empty_assignment, java_sorted_topics, member_order, Assignment, Member, TopicPartition,
};

/// `RoundRobinAssignor`: every partition of every subscribed topic (topics in name order,
/// partitions ascending) goes to the next member, in member order, that subscribes to its
/// topic, walking a circular list of all members.
pub fn round_robin(partitions_per_topic: &BTreeMap<String, u32>, members: &[Member]) -> Assignment {
    let mut out = empty_assignment(members);
    let mut order: Vec<usize> = (0..members.len()).collect();
    stable_sort::sort_by(&mut order, |&a, &b| member_order(&members[a], &members[b]));
    if order.is_empty() {
        return out;
    }
    let topics = java_sorted_topics(members.iter().flat_map(|m| m.topics.iter()));
    let mut cursor = 0;
    for topic in topics {
        let Some(&n) = partitions_per_topic.get(topic) else {
            continue;
        };
        for p in 0..n {
            // Skip members not subscribed to this topic; one of them is, since the topic came
            // from a subscription.
            while !members[order[cursor]].topics.contains(topic) {
                cursor = (cursor + 1) % order.len();
            }
            out[order[cursor]].1.push(TopicPartition {
                topic: topic.clone(),
                partition: p,
            });
            cursor = (cursor + 1) % order.len();
        }
    }
    out
}
