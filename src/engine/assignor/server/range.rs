//! Kafka 4.0's server-side `RangeAssignor` (KAFKA-16944): not sticky. It sorts the members
//! (static ones first by `group.instance.id`, then the others by member id, as
//! `sortMemberIds` does) and gives each topic's subscribers contiguous ranges, the first
//! `partitions % subscribers` of them one partition more. The current assignment is not read:
//! only stable instance ids keep a member's partitions across rebalances.
//!
//! The homogeneous and heterogeneous paths of the Java class differ only in how they count a
//! topic's subscribers (all members, or those subscribed), so one loop serves both.

use super::spec::{IndexedGroup, ServerMember};
use super::ServerTopic;
use crate::engine::java::java_string_cmp;
use crate::engine::stable_sort;

/// `RangeAssignor.assign`: per member (input order), its (topic, partition) pairs.
pub(super) fn assign_range(
    members: &[ServerMember],
    group: &IndexedGroup,
    topics: &[ServerTopic],
) -> Vec<Vec<(usize, u32)>> {
    let mut sorted: Vec<usize> = (0..members.len()).collect();
    // `List.sort` is stable, as `sort_by` is: equal instance ids keep the member map's order.
    stable_sort::sort_by(&mut sorted, |&a, &b| {
        match (&members[a].instance_id, &members[b].instance_id) {
            (Some(x), Some(y)) => java_string_cmp(x, y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => java_string_cmp(&members[a].member_id, &members[b].member_id),
        }
    });
    let mut subscribers = vec![0u32; topics.len()];
    for member in &group.members {
        for &t in &member.subscribed {
            subscribers[t] += 1;
        }
    }
    // Per topic: (next range start, members still owed an extra partition).
    let mut next_range: Vec<(u32, u32)> = topics
        .iter()
        .zip(&subscribers)
        .map(|(t, &n)| (0, if n == 0 { 0 } else { t.partitions % n }))
        .collect();
    let mut result = vec![Vec::new(); members.len()];
    for &m in &sorted {
        for &t in &group.members[m].subscribed {
            let (start, extra) = &mut next_range[t];
            let mut quota = topics[t].partitions / subscribers[t];
            if *extra > 0 {
                quota += 1;
                *extra -= 1;
            }
            let end = (*start + quota).min(topics[t].partitions);
            result[m].extend((*start..end).map(|p| (t, p)));
            *start = end;
        }
    }
    result
}
