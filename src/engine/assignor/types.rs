//! The members and partitions every assignor works on, and Kafka's member order
//! (`MemberInfo.compareTo`): static members first by `group.instance.id`, then dynamic ones by
//! member id, both compared as Java's `String.compareTo` compares.

use std::cmp::Ordering;

use crate::engine::java::java_string_cmp;

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

/// A topic partition, written `topic-partition` as Kafka prints it. Ordered by topic name
/// (bytes) and then partition, as a derived order would be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicPartition {
    /// The topic.
    pub topic: String,
    /// The partition.
    pub partition: u32,
}

impl Ord for TopicPartition {
    fn cmp(&self, other: &Self) -> Ordering {
        // The partitions of a group's maps mostly share one short topic name: compare it
        // inline, where `str::cmp` called `memcmp` (a twelfth of the stress benchmark).
        let (a, b) = (self.topic.as_bytes(), other.topic.as_bytes());
        let same_topic = a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y);
        let topic = if same_topic {
            Ordering::Equal
        } else {
            a.cmp(b)
        };
        topic.then(self.partition.cmp(&other.partition))
    }
}

/// Hashes the partition and the topic name's length only: equal values hash alike, a lookup
/// hashes no name, and partitions of topics with names of one length meet in a bucket where
/// equality tells them apart (a run has at most a few topics).
impl std::hash::Hash for TopicPartition {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(u64::from(self.partition) | (self.topic.len() as u64) << 32);
    }
}

impl PartialOrd for TopicPartition {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topic_partition_orders_as_the_derived_order_did() {
        let topics = ["", "a", "ab", "b", "orders", "orders-eu", "ördérs", "z"];
        let tps: Vec<TopicPartition> = topics
            .iter()
            .flat_map(|t| {
                [0, 1, 10].map(|partition| TopicPartition {
                    topic: t.to_string(),
                    partition,
                })
            })
            .collect();
        for a in &tps {
            for b in &tps {
                let derived = (a.topic.as_str(), a.partition).cmp(&(b.topic.as_str(), b.partition));
                assert_eq!(a.cmp(b), derived, "{a} vs {b}");
            }
        }
    }
}
