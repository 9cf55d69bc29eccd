//! What a server-side assignor is given, as the KIP-848 coordinator hands it over (Kafka's
//! `GroupSpec` and `SubscribedTopicDescriber`), and the checks that turn it into the indexed form
//! the builders work on. Every collection is a list in the order Kafka iterates it: the
//! members as the group's member map yields them, each subscription as its topic-name set does,
//! each current assignment as its `Map<Uuid, Set<Integer>>` does (`java_hash_order` computes
//! those orders for maps built as Java builds them).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use super::TopicId;
use crate::engine::assignor::TopicPartition;
use crate::engine::limits;

/// `group.remote.assignor`: the assignors Kafka 4.0's coordinator ships.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ServerAssignor {
    /// `UniformAssignor`, Kafka's default: sticky, balanced by partition count.
    Uniform,
    /// `RangeAssignor` (4.0, KAFKA-16944): contiguous ranges, not sticky.
    Range,
}

impl ServerAssignor {
    /// Every assignor, in the order Kafka lists them (`group.consumer.assignors`).
    pub const ALL: [ServerAssignor; 2] = [ServerAssignor::Uniform, ServerAssignor::Range];

    /// The name Kafka's config and the CLI use.
    pub fn name(self) -> &'static str {
        match self {
            ServerAssignor::Uniform => "uniform",
            ServerAssignor::Range => "range",
        }
    }

    /// The assignor of that name.
    pub fn parse(name: &str) -> Option<ServerAssignor> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// `SubscriptionType`: whether every member subscribes to the same topics, which picks the
/// uniform assignor's builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SubscriptionType {
    /// Every subscribed topic name has every member as a subscriber.
    Homogeneous,
    /// Some member lacks some other member's topic.
    Heterogeneous,
}

/// A topic the coordinator has metadata for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerTopic {
    /// The topic name.
    pub name: String,
    /// The topic id; its Java hash decides the uniform homogeneous builder's topic order.
    pub id: TopicId,
    /// The partition count.
    pub partitions: u32,
}

impl ServerTopic {
    /// A topic with the playground's name-based id (`UUID.nameUUIDFromBytes` of the name).
    pub fn new(name: &str, partitions: u32) -> ServerTopic {
        ServerTopic {
            name: name.to_string(),
            id: TopicId::name_based(name),
            partitions,
        }
    }
}

/// One member: its subscription and its current target assignment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerMember {
    /// The member id.
    pub member_id: String,
    /// `group.instance.id`, for static members (only the range assignor reads it).
    pub instance_id: Option<String>,
    /// Subscribed topic names, in the subscription set's iteration order. Names without
    /// metadata are skipped, as Kafka's `TopicIds` skips them, but still make the group
    /// heterogeneous, as `ModernGroup.subscriptionType` counts names.
    pub subscribed_topics: Vec<String>,
    /// The current target assignment, in its map's iteration order: partitions of one topic
    /// come in the order of that topic's set, topics in the order they first appear. Entries of
    /// topics or partitions that no longer exist are dropped.
    pub assignment: Vec<TopicPartition>,
}

/// The group as the assignor sees it (`GroupSpec`): members in the member map's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerGroupSpec {
    /// The members, in iteration order.
    pub members: Vec<ServerMember>,
}

/// Why a group cannot be assigned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServerAssignError {
    /// More members than `limits::SERVER_ASSIGN_MEMBERS_MAX`.
    TooManyMembers { count: usize },
    /// More topics than `limits::SERVER_ASSIGN_TOPICS_MAX`.
    TooManyTopics { count: usize },
    /// More partitions, over all topics, than `limits::SERVER_ASSIGN_PARTITIONS_MAX`.
    TooManyPartitions { total: u64 },
    /// Two members with one member id.
    DuplicateMember { member_id: String },
    /// Two topics with one name.
    DuplicateTopic { name: String },
    /// Two topics with one id.
    DuplicateTopicId {
        id: TopicId,
        first: String,
        second: String,
    },
    /// A partition in two members' current assignments, which a target assignment never has.
    SharedPartition {
        partition: TopicPartition,
        first: String,
        second: String,
    },
}

impl fmt::Display for ServerAssignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerAssignError::TooManyMembers { count } => write!(
                f,
                "{count} members is over the limit of {}",
                limits::SERVER_ASSIGN_MEMBERS_MAX
            ),
            ServerAssignError::TooManyTopics { count } => write!(
                f,
                "{count} topics is over the limit of {}",
                limits::SERVER_ASSIGN_TOPICS_MAX
            ),
            ServerAssignError::TooManyPartitions { total } => write!(
                f,
                "{total} partitions in all is over the limit of {}",
                limits::SERVER_ASSIGN_PARTITIONS_MAX
            ),
            ServerAssignError::DuplicateMember { member_id } => {
                write!(f, "member {member_id:?} is listed twice")
            }
            ServerAssignError::DuplicateTopic { name } => write!(f, "topic {name:?} is listed twice"),
            ServerAssignError::DuplicateTopicId { id, first, second } => write!(
                f,
                "topics {first:?} and {second:?} share the topic id {id}; a topic id names one topic"
            ),
            ServerAssignError::SharedPartition {
                partition,
                first,
                second,
            } => write!(
                f,
                "{partition} is in the assignment of both {first:?} and {second:?}; a target assignment gives a partition to one member"
            ),
        }
    }
}

impl std::error::Error for ServerAssignError {}

/// A member with topics as indices into the topic list.
#[derive(Clone, Debug)]
pub(super) struct IndexedMember {
    /// Known subscribed topics, each once, in iteration order.
    pub(super) subscribed: Vec<usize>,
    /// Distinct subscribed names, known or not: `TopicIds.size()`, which sizes the homogeneous
    /// builder's copy of the set.
    pub(super) subscribed_names: usize,
    /// The current assignment: (topic, partitions) in iteration order, existing ones only.
    pub(super) assignment: Vec<(usize, Vec<u32>)>,
}

impl IndexedMember {
    pub(super) fn subscribes_to(&self, topic: usize) -> bool {
        self.subscribed.contains(&topic)
    }
}

/// The checked group.
#[derive(Clone, Debug)]
pub(super) struct IndexedGroup {
    pub(super) members: Vec<IndexedMember>,
    /// `ModernGroup.subscriptionType`: homogeneous when every subscribed name (known or not)
    /// has every member as a subscriber.
    pub(super) subscription_type: SubscriptionType,
}

/// Checks the limits and the uniqueness rules and indexes the topics.
pub(super) fn index_group(
    spec: &ServerGroupSpec,
    topics: &[ServerTopic],
) -> Result<IndexedGroup, ServerAssignError> {
    if spec.members.len() > limits::SERVER_ASSIGN_MEMBERS_MAX {
        return Err(ServerAssignError::TooManyMembers {
            count: spec.members.len(),
        });
    }
    if topics.len() > limits::SERVER_ASSIGN_TOPICS_MAX {
        return Err(ServerAssignError::TooManyTopics {
            count: topics.len(),
        });
    }
    let total: u64 = topics.iter().map(|t| u64::from(t.partitions)).sum();
    if total > limits::SERVER_ASSIGN_PARTITIONS_MAX {
        return Err(ServerAssignError::TooManyPartitions { total });
    }
    let mut by_name: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_id: BTreeMap<(i64, i64), usize> = BTreeMap::new();
    for (i, t) in topics.iter().enumerate() {
        if by_name.insert(&t.name, i).is_some() {
            return Err(ServerAssignError::DuplicateTopic {
                name: t.name.clone(),
            });
        }
        let key = (t.id.most_significant_bits, t.id.least_significant_bits);
        if let Some(first) = by_id.insert(key, i) {
            return Err(ServerAssignError::DuplicateTopicId {
                id: t.id,
                first: topics[first].name.clone(),
                second: t.name.clone(),
            });
        }
    }
    let mut member_ids = BTreeSet::new();
    let mut owners: BTreeMap<(usize, u32), usize> = BTreeMap::new();
    let mut subscriber_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut members = Vec::with_capacity(spec.members.len());
    for (m, member) in spec.members.iter().enumerate() {
        if !member_ids.insert(member.member_id.as_str()) {
            return Err(ServerAssignError::DuplicateMember {
                member_id: member.member_id.clone(),
            });
        }
        let mut names = BTreeSet::new();
        let mut subscribed = Vec::new();
        for name in &member.subscribed_topics {
            if !names.insert(name.as_str()) {
                continue;
            }
            *subscriber_counts.entry(name).or_default() += 1;
            if let Some(&t) = by_name.get(name.as_str()) {
                subscribed.push(t);
            }
        }
        let mut assignment: Vec<(usize, Vec<u32>)> = Vec::new();
        for tp in &member.assignment {
            let Some(&t) = by_name.get(tp.topic.as_str()) else {
                continue;
            };
            if tp.partition >= topics[t].partitions {
                continue;
            }
            match owners.insert((t, tp.partition), m) {
                Some(other) if other == m => continue,
                Some(other) => {
                    return Err(ServerAssignError::SharedPartition {
                        partition: tp.clone(),
                        first: spec.members[other].member_id.clone(),
                        second: member.member_id.clone(),
                    })
                }
                None => {}
            }
            match assignment.iter_mut().find(|(topic, _)| *topic == t) {
                Some((_, partitions)) => partitions.push(tp.partition),
                None => assignment.push((t, vec![tp.partition])),
            }
        }
        members.push(IndexedMember {
            subscribed,
            subscribed_names: names.len(),
            assignment,
        });
    }
    let subscription_type = if subscriber_counts.values().all(|&n| n == members.len()) {
        SubscriptionType::Homogeneous
    } else {
        SubscriptionType::Heterogeneous
    };
    Ok(IndexedGroup {
        members,
        subscription_type,
    })
}
