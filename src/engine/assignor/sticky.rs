//! Kafka's sticky consumer partition assignors, `sticky` (eager) and `cooperative-sticky`
//! (kafka-semantics.md §3), replayed step for step as the Java client's
//! `AbstractStickyAssignor` runs them on the group leader, so that the playground shows the
//! exact lists (and list orders) a real group would get, not merely "a balanced answer".
//!
//! Exactness hinges on three things the Java code leaves to its collections:
//! - where it iterates a `HashMap`/`HashSet` (the subscriptions, the owned-partitions map that
//!   drives the constrained builder's member loop, the sets of moved partitions), the order is
//!   the bucket order of `String.hashCode`/`TopicPartition.hashCode`, emulated here by
//!   `JavaHashOrder` instead of relying on any Rust hash map;
//! - where it sorts or keeps a `TreeSet`, strings compare as `String.compareTo` (UTF-16);
//!   topics are interned once per call as their rank in that order (`Tp`), so that sorting and
//!   looking up a million partitions compares integers, while hashes still come from the names;
//! - quirks on odd input (a first member with no topics, owned partitions of unsubscribed
//!   topics, a stale member generation) are reproduced rather than "fixed", except where Java
//!   would throw: there we keep going and say so at that spot.
//!
//! Racks are not modelled (no consumer rack is set), so the rack-aware passes never run, as in
//! Kafka when racks are absent. Member ids are taken to be unique, as they are in a group.
//!
//! The run is split as Kafka's is: `validation` (`allSubscriptionsEqual` and the owners it
//! trusts), `constrained` (`ConstrainedAssignmentBuilder`, equal subscriptions), `general`
//! (`GeneralAssignmentBuilder`, with the `PartitionMovements` of `movements`), `cooperative`
//! (`CooperativeStickyAssignor`'s first round), over the topic partitions interned in `topics`.
//!
//! Where this knowingly differs from the Java object: `maxGeneration` is computed per call,
//! whereas Kafka keeps it in a field that never resets (the same thing whenever generations only
//! grow between rebalances, as they do in a real group); and in the general case the eager
//! assignor also reports the transferring partitions Kafka computes only for the cooperative
//! one (Kafka's eager field is `null` there).

mod constrained;
mod cooperative;
mod general;
mod movements;
mod topics;
mod validation;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::{Assignment, Member, TopicPartition};
use crate::engine::java::{java_hash_map_order, java_string_cmp};
use constrained::constrained;
use general::General;
use topics::{Topics, Tp};
use validation::validate;

pub use cooperative::cooperative_sticky;

/// `AbstractStickyAssignor.DEFAULT_GENERATION`: what a member without a generation counts as.
const DEFAULT_GENERATION: i32 = -1;

/// One member's input to the sticky assignors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyMember {
    /// Member id and subscription (the instance id plays no part in sticky assignment).
    pub member: Member,
    /// The partitions the member reports owning, in the order it reports them.
    pub owned: Vec<TopicPartition>,
    /// The generation of that ownership; `None` counts as `DEFAULT_GENERATION` (-1).
    pub generation: Option<i32>,
}

/// The result: every member present, in input order, each list in the order Kafka's assign()
/// returns it; plus the partitions being transferred (cooperative withholds them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyResult {
    /// Every member in input order with its list, in the order Kafka's `assign()` returns it.
    pub assignment: Assignment,
    /// Partition → new owner for partitions moving away from a previous owner, sorted by
    /// (topic, partition). The constrained builder's own map when all subscriptions are equal,
    /// otherwise what `CooperativeStickyAssignor` computes (added to X while revoked from Y).
    pub transferring: Vec<(TopicPartition, String)>,
}

/// StickyAssignor ("sticky", eager): what Kafka's assign() returns.
pub fn sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[StickyMember],
) -> StickyResult {
    let topics = Topics::new(partitions_per_topic, members);
    let (lists, transferring) = assign_with_transfers(&topics, members);
    finish(&topics, members, lists, transferring)
}

fn finish(
    topics: &Topics,
    members: &[StickyMember],
    lists: Vec<Vec<Tp>>,
    transferring: Vec<(Tp, usize)>,
) -> StickyResult {
    let assignment = members
        .iter()
        .zip(lists)
        .map(|(m, list)| {
            (
                m.member.id.clone(),
                list.into_iter()
                    .map(|tp| topics.topic_partition(tp))
                    .collect(),
            )
        })
        .collect();
    // Already in (topic, partition) order: `Tp` orders as `java_tp_cmp`.
    let transferring = transferring
        .into_iter()
        .map(|(tp, m)| (topics.topic_partition(tp), members[m].member.id.clone()))
        .collect();
    StickyResult {
        assignment,
        transferring,
    }
}

/// The sticky target plus the transferring partitions (by member index, sorted, distinct) both
/// assignors share.
fn assign_with_transfers(
    topics: &Topics,
    members: &[StickyMember],
) -> (Vec<Vec<Tp>>, Vec<(Tp, usize)>) {
    if members.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let ids: Vec<&str> = members.iter().map(|m| m.member.id.as_str()).collect();
    // The leader puts subscriptions into a HashMap; the owned-partitions map is then filled
    // while iterating it, so its own order is that of a second HashMap fed in the first's order.
    let subs_order = java_hash_map_order(&ids);
    let owned_ids: Vec<&str> = subs_order.iter().map(|&i| ids[i]).collect();
    let owned_order: Vec<usize> = java_hash_map_order(&owned_ids)
        .into_iter()
        .map(|k| subs_order[k])
        .collect();

    let v = validate(topics, members, &subs_order);
    if v.all_equal {
        constrained(topics, members, &owned_order, v.owned, &v.multi)
    } else {
        let owned = v
            .owned
            .iter()
            .map(|list| list.iter().map(|&tp| topics.topic_partition(tp)).collect())
            .collect();
        let lists: Vec<Vec<Tp>> = General::new(topics, members, owned, &subs_order, &owned_order)
            .build(v.max_generation)
            .iter()
            // The builder only hands out partitions of assignable topics, so none is dropped.
            .map(|list| list.iter().filter_map(|tp| topics.intern(tp)).collect())
            .collect();
        let transferring = cooperative::computed_transfers(topics, members, &lists, &owned_order);
        (lists, transferring)
    }
}

/// The sticky code's `Comparator.comparing(TopicPartition::topic).thenComparing(partition)`.
fn java_tp_cmp(a: &TopicPartition, b: &TopicPartition) -> Ordering {
    java_string_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
}

/// `List.remove(Object)`: the first occurrence only.
fn remove_first<T: PartialEq>(list: &mut Vec<T>, tp: &T) {
    if let Some(i) = list.iter().position(|x| x == tp) {
        list.remove(i);
    }
}

fn generation_of(m: &StickyMember) -> i32 {
    m.generation.unwrap_or(DEFAULT_GENERATION)
}

/// The difference walk both builders use: `all` and `sorted_assigned` in the same order.
fn two_pointer_difference<T: PartialEq>(
    all: impl Iterator<Item = T>,
    sorted_assigned: &[T],
) -> Vec<T> {
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut add_directly = false;
    for tp in all {
        if add_directly || sorted_assigned[next] != tp {
            out.push(tp);
        } else if next + 1 < sorted_assigned.len() {
            next += 1;
        } else {
            add_directly = true;
        }
    }
    out
}
