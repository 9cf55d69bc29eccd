//! Kafka 4.0's `UniformHomogeneousAssignmentBuilder` (the `uniform` assignor when every member
//! subscribes to the same topics), step for step, because its result rests on three Java
//! iteration orders:
//! - the member order: the first `partitions % members` members get one partition over the
//!   minimum quota, and unfilled members are topped up in that order;
//! - its own `new HashSet<>(subscribedTopicIds)`: free partitions are listed topic by topic in
//!   that set's order (`java_hash_order::topic_id_set_order`), partitions ascending;
//! - each member's current-assignment map: an over-quota member keeps its first partitions in
//!   that map's order and releases the rest, which join the free list after the never-assigned
//!   ones.
//!
//! Partitions of topics no longer subscribed are dropped. KAFKA-18688 (after 4.0) changed who
//! gets the extra partitions; this is the 4.0 rule.

use super::java_hash_order::topic_id_set_order;
use super::spec::IndexedGroup;
use super::ServerTopic;

/// `UniformHomogeneousAssignmentBuilder.build`: per member (input order), its partitions.
pub(super) fn assign_uniform_homogeneous(
    group: &IndexedGroup,
    topics: &[ServerTopic],
) -> Vec<Vec<(usize, u32)>> {
    let members = &group.members;
    let mut result = vec![Vec::new(); members.len()];
    let Some(first) = members.first() else {
        return result;
    };
    let ids: Vec<_> = first.subscribed.iter().map(|&t| topics[t].id).collect();
    let subscribed: Vec<usize> = topic_id_set_order(&ids, first.subscribed_names)
        .into_iter()
        .map(|i| first.subscribed[i])
        .collect();
    if subscribed.is_empty() {
        return result;
    }
    let mut is_subscribed = vec![false; topics.len()];
    for &t in &subscribed {
        is_subscribed[t] = true;
    }
    let mut assigned = vec![Vec::<bool>::new(); topics.len()];
    for member in members {
        for (t, partitions) in &member.assignment {
            let flags = &mut assigned[*t];
            if flags.is_empty() {
                *flags = vec![false; topics[*t].partitions as usize];
            }
            for &p in partitions {
                flags[p as usize] = true;
            }
        }
    }
    let mut unassigned: Vec<(usize, u32)> = Vec::new();
    let mut total_partitions: u64 = 0;
    for &t in &subscribed {
        let count = topics[t].partitions;
        unassigned.extend(
            (0..count)
                .filter(|&p| assigned[t].get(p as usize) != Some(&true))
                .map(|p| (t, p)),
        );
        total_partitions += u64::from(count);
    }
    let member_count = members.len() as u64;
    let minimum_quota = total_partitions / member_count;
    let mut members_owed_extra = total_partitions % member_count;

    // maybeRevokePartitions: keep what fits the quota, in the assignment map's order.
    let mut unfilled: Vec<(usize, u64)> = Vec::new();
    for (m, member) in members.iter().enumerate() {
        let mut quota = minimum_quota;
        if members_owed_extra > 0 {
            quota += 1;
            members_owed_extra -= 1;
        }
        for (t, partitions) in &member.assignment {
            if !is_subscribed[*t] {
                continue;
            }
            for &p in partitions {
                if quota > 0 {
                    quota -= 1;
                    result[m].push((*t, p));
                } else {
                    unassigned.push((*t, p));
                }
            }
        }
        if quota > 0 {
            unfilled.push((m, quota));
        }
    }

    // assignRemainingPartitions: top up the unfilled members in member order.
    let mut next = 0;
    for (m, quota) in unfilled {
        let take = (quota as usize).min(unassigned.len() - next);
        result[m].extend_from_slice(&unassigned[next..next + take]);
        next += take;
    }
    debug_assert_eq!(next, unassigned.len(), "Partitions were left unassigned");
    result
}
