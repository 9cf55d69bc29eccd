//! The target assignment (`TargetAssignmentBuilder`): the group's members, their
//! subscriptions and their current targets handed to the server-side assignor
//! (`assignor::server`), whose answer becomes every member's target at the group epoch.
//!
//! Members are handed over in the order Kafka's member map iterates them, the Java hash order of
//! their member ids (`java_member_map_order`); a member's current target with its topics in the
//! Java hash order of their ids (`java_topic_map_order`), each topic's partitions ascending, as
//! Kafka's assignment records rebuild it. Simplification: the map is taken as built by putting
//! the members in the order they joined, with the table size of a fresh `HashMap`.

use super::member::ConsumerGroupMember;
use crate::engine::assignor::server::{
    assign, java_member_map_order, java_topic_map_order, ServerAssignor, ServerGroupSpec,
    ServerMember, ServerTopic,
};
use crate::engine::assignor::TopicPartition;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::group::config::RemoteAssignor;
use std::collections::BTreeMap;

fn server_assignor(assignor: RemoteAssignor) -> ServerAssignor {
    match assignor {
        RemoteAssignor::Uniform => ServerAssignor::Uniform,
        RemoteAssignor::Range => ServerAssignor::Range,
    }
}

/// A current target in the order its `Map<Uuid, Set<Integer>>` iterates: topics in the Java
/// hash order of their ids, each topic's partitions ascending (below the table size, which
/// the playground's partition counts stay within).
fn in_java_order(target: &[TopicPartition], topics: &[ServerTopic]) -> Vec<TopicPartition> {
    let mut names: Vec<&str> = target.iter().map(|tp| tp.topic.as_str()).collect();
    names.dedup();
    let ids: Vec<_> = names
        .iter()
        .filter_map(|n| topics.iter().find(|t| t.name == *n).map(|t| t.id))
        .collect();
    if ids.len() != names.len() {
        return target.to_vec();
    }
    let mut out = Vec::with_capacity(target.len());
    for k in java_topic_map_order(&ids) {
        out.extend(target.iter().filter(|tp| tp.topic == names[k]).cloned());
    }
    out
}

/// The new target of every member, by member id.
pub fn target_assignment(
    assignor: RemoteAssignor,
    members: &[ConsumerGroupMember],
    current: &BTreeMap<String, Vec<TopicPartition>>,
    partition_counts: &BTreeMap<String, u32>,
) -> BTreeMap<String, Vec<TopicPartition>> {
    let topics: Vec<ServerTopic> = partition_counts
        .iter()
        .map(|(name, &n)| ServerTopic::new(name, n))
        .collect();
    let ids: Vec<&str> = members.iter().map(|m| m.member_id.as_str()).collect();
    let spec = ServerGroupSpec {
        members: java_member_map_order(&ids)
            .into_iter()
            .map(|k| &members[k])
            .map(|m| ServerMember {
                member_id: m.member_id.clone(),
                instance_id: m.instance_id.clone(),
                subscribed_topics: m.subscribed_topics.clone(),
                assignment: current
                    .get(&m.member_id)
                    .map(|t| in_java_order(t, &topics))
                    .unwrap_or_default(),
            })
            .collect(),
    };
    match assign(server_assignor(assignor), &spec, &topics) {
        Ok(assignment) => assignment.into_iter().collect_map(),
        // The group's own limits keep it within the assignor's; should one be passed, the
        // target stays as it was rather than taking partitions away.
        Err(_) => current.clone(),
    }
}
