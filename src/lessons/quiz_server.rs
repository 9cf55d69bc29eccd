//! Quiz me for Kafka 4 groups: a member joins or leaves a `group.protocol=consumer` group
//! (KIP-848), and the question asks a member's partitions once every member has its new
//! target assignment. The answer is the group coordinator's, from the engine's server-side
//! assignors (`assignor/server/`, `uniform` or `range`) handed the group as
//! `TargetAssignmentBuilder` hands it over: the members in the Java hash order of their member
//! ids, each with its current target.
//!
//! Simplifications: the members are static (`group.instance.id`), as in the classic group
//! question; a consumer-protocol member id is a random UUID the client draws, so the uniform
//! assignor's tie-breaks depend on it: the question states the current assignment, and is kept
//! only if its answer is the same for many sets of member ids and both join orders (else it is
//! drawn again, falling back to `range`, which orders static members by instance id).

use super::quiz::{between, member_id, Drawn, Facts, Owners, ID_DRAWS};
use crate::engine::btree_collect::CollectBTree;
use crate::engine::server_assignors::{
    assign, java_member_map_order, ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic,
};
use crate::engine::{Rng, TopicPartition};
use std::collections::BTreeSet;

/// The server-side assignors a question draws from, by their `group.remote.assignor` names.
pub const SERVER_ASSIGNORS: [&str; 2] = ["uniform", "range"];

/// How many draws a question tries before it falls back to range.
const DRAWS_MAX: u32 = 16;

/// One target assignment by `assignor` of `members` (in join order), each with the partitions
/// of `current` it holds (a member not in `current` is new), member ids drawn as `variant`
/// says (0: the names themselves).
fn target(
    assignor: ServerAssignor,
    topic: &str,
    partitions: u32,
    members: &[String],
    current: &Owners,
    variant: u64,
) -> Owners {
    let ids: Vec<String> = members.iter().map(|m| member_id(m, variant)).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let spec = ServerGroupSpec {
        members: java_member_map_order(&id_refs)
            .into_iter()
            .map(|k| ServerMember {
                member_id: ids[k].clone(),
                instance_id: Some(members[k].clone()),
                subscribed_topics: vec![topic.to_string()],
                // A target's partitions of one topic, ascending, as its records rebuild it.
                assignment: current
                    .iter()
                    .find(|(m, _)| *m == members[k])
                    .map(|(_, ps)| {
                        ps.iter()
                            .map(|&p| TopicPartition {
                                topic: topic.to_string(),
                                partition: p,
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect(),
    };
    let topics = [ServerTopic::new(topic, partitions)];
    let assignment = assign(assignor, &spec, &topics).unwrap_or_default();
    members
        .iter()
        .zip(&ids)
        .map(|(name, id)| {
            let owned = assignment
                .iter()
                .find(|(m, _)| m == id)
                .map(|(_, tps)| tps.iter().map(|tp| tp.partition).collect_set())
                .unwrap_or_default();
            (name.clone(), owned)
        })
        .collect()
}

/// The target of `after` from the current targets `current`, member ids the names: what the
/// coordinator computes once the change is seen.
pub fn next_target(
    assignor: &str,
    topic: &str,
    partitions: u32,
    after: &[String],
    current: &Owners,
) -> Owners {
    let a = ServerAssignor::parse(assignor).unwrap_or(ServerAssignor::Uniform);
    target(a, topic, partitions, after, current, 0)
}

/// The target of `before` (a new group), then the target of `after` from it.
pub fn settle_server(
    assignor: &str,
    topic: &str,
    partitions: u32,
    before: &[String],
    after: &[String],
    variant: u64,
) -> (Owners, Owners) {
    let a = ServerAssignor::parse(assignor).unwrap_or(ServerAssignor::Uniform);
    let first = target(a, topic, partitions, before, &Vec::new(), variant);
    let settled = target(a, topic, partitions, after, &first, variant);
    (first, settled)
}

/// Whether other member ids and the reversed join order give `asked` the same target from
/// the stated current assignment `first`.
fn order_free(
    assignor: &str,
    partitions: u32,
    after: &[String],
    asked: &str,
    first: &Owners,
    settled: &Owners,
) -> bool {
    let of = |owners: &Owners, m: &str| owners.iter().find(|(x, _)| x == m).map(|(_, p)| p.clone());
    let a = ServerAssignor::parse(assignor).unwrap_or(ServerAssignor::Uniform);
    let reversed: Vec<String> = after.iter().rev().cloned().collect();
    (1..=ID_DRAWS).all(|variant| {
        [after, &reversed[..]].iter().all(|members| {
            let s = target(a, "orders", partitions, members, first, variant);
            of(&s, asked) == of(settled, asked)
        })
    })
}

/// Each member's partitions, in words: `c1: 0, 1; c2: 2`.
fn owners_words(owners: &Owners) -> String {
    owners
        .iter()
        .map(|(m, ps)| format!("{m} owns {}", list(ps)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn list(ps: &BTreeSet<u32>) -> String {
    if ps.is_empty() {
        return "none".to_string();
    }
    ps.iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A consumer-protocol group question.
pub(super) fn server_assignment(rng: &mut Rng) -> Drawn {
    let topic = "orders".to_string();
    let mut attempts = 0;
    let (assignor, partitions, before, after, change, asked, first, settled) = loop {
        attempts += 1;
        let assignor = if attempts > DRAWS_MAX {
            "range"
        } else {
            SERVER_ASSIGNORS[rng.below(SERVER_ASSIGNORS.len() as u64) as usize]
        };
        let n_before = between(rng, 2, 4) as usize;
        let partitions = between(rng, n_before as u64, 9) as u32;
        let before: Vec<String> = (1..=n_before).map(|i| format!("c{i}")).collect();
        let (after, change) = if rng.below(2) == 0 {
            let joiner = format!("c{}", n_before + 1);
            let mut after = before.clone();
            after.push(joiner.clone());
            (after, format!("{joiner} joins"))
        } else {
            let leaver = before[rng.below(n_before as u64) as usize].clone();
            let after: Vec<String> = before.iter().filter(|m| **m != leaver).cloned().collect();
            (after, format!("{leaver} stops and its session times out"))
        };
        let asked = after[rng.below(after.len() as u64) as usize].clone();
        let (first, settled) = settle_server(assignor, &topic, partitions, &before, &after, 0);
        if order_free(assignor, partitions, &after, &asked, &first, &settled) {
            break (
                assignor, partitions, before, after, change, asked, first, settled,
            );
        }
    };
    let of = |owners: &Owners| {
        owners
            .iter()
            .find(|(m, _)| *m == asked)
            .map(|(_, ps)| ps.clone())
            .unwrap_or_default()
    };
    let (had, owned) = (of(&first), of(&settled));
    let rule = if assignor == "range" {
        "The server-side range assignor sorts the members (static ones by group.instance.id) and gives each a contiguous block of partitions, the first partitions % members one more; it ignores who owned what"
    } else {
        "The uniform assignor balances the partition counts and keeps every member's partitions where the balance allows, so only what must move moves; a member stops only the partitions it gives up"
    };
    let words = format!(
        "Static members {} (group.protocol=consumer, each its own group.instance.id) read topic {topic} ({partitions} partitions); the group coordinator assigns with group.remote.assignor={assignor}, and now {}. Then {change}. Once every member has its new target assignment, which partitions does {asked} own? (Pick none if it owns none.)",
        before.join(", "),
        owners_words(&first),
    );
    let why = format!(
        "{rule}. {asked} owned {} before and owns {} after.",
        list(&had),
        list(&owned)
    );
    (
        words,
        (0..partitions).map(|p| format!("{topic}-{p}")).collect(),
        true,
        owned.iter().map(|&p| p as usize).collect_set(),
        why,
        Facts::ServerAssignment {
            assignor,
            topic,
            partitions,
            current: first,
            after,
            asked,
        },
    )
}
