//! Kafka 4.0's server-side assignors (KIP-848, `group.remote.assignor`), as the group
//! coordinator runs them: `uniform` (`UniformAssignor`: the homogeneous builder when every
//! member subscribes to the same topics, the heterogeneous one otherwise) and `range`
//! (`RangeAssignor`, not sticky since KAFKA-16944). Racks are ignored, as in 4.0.
//!
//! One entry point, [`assign`], takes the group in the orders Kafka iterates it and returns
//! every member's partitions sorted by topic name, then partition. The homogeneous builder's
//! result depends on Java hash orders; `java_hash_order` computes them, and
//! [`java_member_map_order`], [`java_topic_map_order`] and [`java_partition_set_order`] help a
//! caller order its members and current assignments as a Java `HashMap`/`HashSet` built in a
//! given order iterates them.
//!
//! Simplifications: topic ids default to `UUID.nameUUIDFromBytes(name)` where a real cluster
//! draws them at random; treeified hash bins (9+ colliding topic ids) are not modelled;
//! KAFKA-18688's later homogeneous builder (4.1+) is not offered.

mod java_hash_order;
mod md5;
mod range;
mod spec;
mod topic_id;
mod uniform_heterogeneous;
mod uniform_homogeneous;

pub use java_hash_order::{java_member_map_order, java_partition_set_order, java_topic_map_order};
pub use spec::{
    ServerAssignError, ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic, SubscriptionType,
};
pub use topic_id::TopicId;

use super::{Assignment, TopicPartition};
use crate::engine::stable_sort;

/// Runs `assignor` over the group. Every member is in the result, in `spec`'s order, each list
/// sorted by topic name, then partition. Subscriptions to topics missing from `topics` are
/// skipped (Kafka's `TopicIds` skips names without metadata); current-assignment entries of
/// missing topics or partitions are dropped.
pub fn assign(
    assignor: ServerAssignor,
    spec: &ServerGroupSpec,
    topics: &[ServerTopic],
) -> Result<Assignment, ServerAssignError> {
    let group = spec::index_group(spec, topics)?;
    let subscription_type = group.subscription_type;
    Ok(run(assignor, spec, &group, topics, subscription_type))
}

/// [`assign`] with the subscription type stated, as Kafka's tests state it in `GroupSpecImpl`
/// (some run the heterogeneous builder on a group whose members all subscribe alike). A
/// coordinator uses [`assign`], which computes it as `ModernGroup.subscriptionType` does.
pub fn assign_with_subscription_type(
    assignor: ServerAssignor,
    spec: &ServerGroupSpec,
    topics: &[ServerTopic],
    subscription_type: SubscriptionType,
) -> Result<Assignment, ServerAssignError> {
    let group = spec::index_group(spec, topics)?;
    Ok(run(assignor, spec, &group, topics, subscription_type))
}

fn run(
    assignor: ServerAssignor,
    spec: &ServerGroupSpec,
    group: &spec::IndexedGroup,
    topics: &[ServerTopic],
    subscription_type: SubscriptionType,
) -> Assignment {
    let per_member = match (assignor, subscription_type) {
        (ServerAssignor::Range, _) => range::assign_range(&spec.members, group, topics),
        (ServerAssignor::Uniform, SubscriptionType::Homogeneous) => {
            uniform_homogeneous::assign_uniform_homogeneous(group, topics)
        }
        (ServerAssignor::Uniform, SubscriptionType::Heterogeneous) => {
            uniform_heterogeneous::assign_uniform_heterogeneous(group, topics)
        }
    };
    spec.members
        .iter()
        .zip(per_member)
        .map(|(member, pairs)| {
            let mut partitions: Vec<TopicPartition> = pairs
                .into_iter()
                .map(|(t, partition)| TopicPartition {
                    topic: topics[t].name.clone(),
                    partition,
                })
                .collect();
            stable_sort::sort(&mut partitions);
            (member.member_id.clone(), partitions)
        })
        .collect()
}
