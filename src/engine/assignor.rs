//! Consumer partition assignors as Kafka's Java client runs them on the group leader
//! (kafka-semantics.md §3): `range` and `roundrobin`, with Kafka's member order (static members
//! by `group.instance.id`, then dynamic ones by member id, compared as Java's `String.compareTo`
//! compares: UTF-16 code units) and its partition order. Topics without metadata are skipped,
//! as Kafka skips them. The sticky assignors come with the consumer-group work.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::java::java_string_cmp;

/// One member of the group as the assignor sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The member id.
    pub id: String,
    /// `group.instance.id`, for static members.
    pub instance_id: Option<String>,
    /// Subscribed topics.
    pub topics: Vec<String>,
}

/// A topic partition, written `topic-partition` as Kafka prints it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TopicPartition {
    /// The topic.
    pub topic: String,
    /// The partition.
    pub partition: u32,
}

impl std::fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// `MemberInfo.compareTo`: static members first, by instance id; then dynamic ones by member id.
pub fn member_order(a: &Member, b: &Member) -> Ordering {
    match (&a.instance_id, &b.instance_id) {
        (Some(x), Some(y)) => java_string_cmp(x, y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => java_string_cmp(&a.id, &b.id),
    }
}

/// Every member's assignment, members in input order, each list in (topic, partition) order.
pub type Assignment = Vec<(String, Vec<TopicPartition>)>;

fn empty_assignment(members: &[Member]) -> Assignment {
    members.iter().map(|m| (m.id.clone(), Vec::new())).collect()
}

fn java_sorted_topics<'a>(topics: impl Iterator<Item = &'a String>) -> Vec<&'a String> {
    let mut v: Vec<&String> = topics.collect();
    v.sort_by(|a, b| java_string_cmp(a, b));
    v.dedup();
    v
}

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
        subscribers.sort_by(|a, b| member_order(a.1, b.1));
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
        list.sort_by(|a, b| {
            java_string_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
        });
    }
    out
}

/// `RoundRobinAssignor`: every partition of every subscribed topic (topics in name order,
/// partitions ascending) goes to the next member, in member order, that subscribes to its
/// topic, walking a circular list of all members.
pub fn round_robin(partitions_per_topic: &BTreeMap<String, u32>, members: &[Member]) -> Assignment {
    let mut out = empty_assignment(members);
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| member_order(&members[a], &members[b]));
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
