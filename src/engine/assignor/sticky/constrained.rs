//! `ConstrainedAssignmentBuilder`, the sticky assignors' path when all subscriptions are
//! equal: members keep what they own up to their quota (`minQuota`, or `maxQuota` for the first
//! `total % members`), and the rest goes round the members still under quota, in id order.

use crate::engine::stable_sort;
use std::collections::{BTreeSet, VecDeque};

use super::topics::{Topics, Tp};
use super::{two_pointer_difference, StickyMember};
use crate::engine::java::java_string_cmp;

pub(super) fn constrained(
    topics: &Topics,
    members: &[StickyMember],
    owned_order: &[usize],
    mut owned: Vec<Vec<Tp>>,
    multi: &BTreeSet<Tp>,
) -> (Vec<Vec<Tp>>, Vec<(Tp, usize)>) {
    let n = members.len();
    let total = topics.total();
    let min_quota = total / n;
    let max_quota = total.div_ceil(n);
    let expected_over = total % n;
    let mut over = 0usize;

    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); n];
    let mut assigned: Vec<Tp> = Vec::new();
    // Revoked or multiply owned, by dense index: only existing partitions can be unassigned.
    let mut transfer_candidate = vec![false; total];
    let mut under: Vec<usize> = Vec::new();
    let mut exact_min: VecDeque<usize> = VecDeque::new();

    for &m in owned_order {
        // Each member comes once in `owned_order`.
        let mut mine = std::mem::take(&mut owned[m]);
        // Partition-major order spreads the kept partitions over topics.
        mine.sort_unstable_by_key(|tp| (tp.partition, tp.rank));
        // `owned[m]` holds no partition twice (validation sees to that), so dropping every
        // occurrence is Java's removal of the first one.
        if !multi.is_empty() {
            mine.retain(|tp| !multi.contains(tp));
        }
        let keep = if mine.len() < min_quota {
            under.push(m);
            mine.len()
        } else if mine.len() >= max_quota && over < expected_over {
            over += 1;
            if over == expected_over {
                exact_min.clear();
            }
            max_quota
        } else {
            if over < expected_over {
                exact_min.push_back(m);
            }
            min_quota
        };
        for tp in mine.drain(keep..) {
            if let Some(i) = topics.dense(tp) {
                transfer_candidate[i] = true;
            }
        }
        assigned.extend_from_slice(&mine);
        assignment[m].extend(mine);
    }
    for &tp in multi {
        if let Some(i) = topics.dense(tp) {
            transfer_candidate[i] = true;
        }
    }

    let unassigned = constrained_unassigned(topics, assigned);
    let id = |m: &usize| members[*m].member.id.as_str();
    stable_sort::sort_by(&mut under, |a, b| java_string_cmp(id(a), id(b)));
    stable_sort::sort_by(exact_min.make_contiguous(), |a, b| {
        java_string_cmp(id(a), id(b))
    });

    // `unassigned` is sorted and distinct, so this comes out sorted and distinct too.
    let mut transferring = Vec::new();
    // A LinkedList iterator over `under`: `cursor` is the index `next()` returns.
    let mut cursor = 0usize;
    for tp in unassigned {
        let (m, from_under) = if cursor < under.len() {
            cursor += 1;
            (under[cursor - 1], true)
        } else if under.is_empty() {
            match exact_min.pop_front() {
                Some(m) => (m, false),
                // Java throws IllegalStateException ("No more unfilled consumers"); quotas make
                // this unreachable for valid input, so we stop rather than panic.
                None => break,
            }
        } else {
            cursor = 1;
            (under[0], true)
        };
        if topics.dense(tp).is_some_and(|i| transfer_candidate[i]) {
            transferring.push((tp, m));
        }
        assignment[m].push(tp);
        // Java also counts members reaching maxQuota here, but only to log and to verify the
        // end state, neither of which changes the assignment.
        if assignment[m].len() == min_quota {
            if from_under {
                cursor -= 1;
                under.remove(cursor);
            }
            exact_min.push_back(m);
        }
    }
    (assignment, transferring)
}

/// `getUnassignedPartitions` of the constrained builder: all partitions in (topic, partition)
/// order minus the assigned ones, by the same two-pointer walk (so even an owned partition id
/// beyond a topic's count behaves as in Java).
fn constrained_unassigned(topics: &Topics, mut assigned: Vec<Tp>) -> Vec<Tp> {
    if assigned.is_empty() {
        return topics.all().collect();
    }
    // Validation leaves every partition with one claimant at most, so when all assigned ones
    // exist the walk removes exactly them: a plain set difference, without sorting a million.
    let dense: Option<Vec<usize>> = assigned.iter().map(|&tp| topics.dense(tp)).collect();
    if let Some(dense) = dense {
        let mut taken = vec![false; topics.total()];
        for i in dense {
            taken[i] = true;
        }
        return topics
            .all()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(tp, _)| tp)
            .collect();
    }
    assigned.sort_unstable();
    two_pointer_difference(topics.all(), &assigned)
}
