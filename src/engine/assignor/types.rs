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
