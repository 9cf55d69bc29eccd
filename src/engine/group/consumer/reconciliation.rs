//! The coordinator's reconciliation engine (`CurrentAssignmentBuilder`): given a member's
//! current assignment and the group's target assignment, the member's next step. Partitions
//! are revoked before any are added (the member keeps its epoch until it has revoked), and a
//! partition another member still holds is not handed out (`UNRELEASED_PARTITIONS`) until that
//! member has released it. Each member converges on its own: nothing waits for the group.

use super::member::{ConsumerGroupMember, MemberState};
use crate::engine::assignor::TopicPartition;
use crate::engine::stable_sort;

/// `CurrentAssignmentBuilder.build`: the member's next state. `owned` is what its heartbeat
/// reported it owns (`None` when the heartbeat did not say); `held_by_other` says whether a
/// partition is still assigned to, or pending revocation from, another member
/// (`currentPartitionEpoch(tp) != -1`).
pub fn next_assignment(
    member: &ConsumerGroupMember,
    target_epoch: i32,
    target: &[TopicPartition],
    owned: Option<&[TopicPartition]>,
    held_by_other: &dyn Fn(&TopicPartition) -> bool,
) -> ConsumerGroupMember {
    match member.state {
        MemberState::Stable if member.member_epoch == target_epoch => member.clone(),
        MemberState::UnrevokedPartitions
            if owns_revoked_partitions(owned, &member.pending_revocation) =>
        {
            member.clone()
        }
        MemberState::Stable
        | MemberState::UnrevokedPartitions
        | MemberState::UnreleasedPartitions => {
            compute_next_assignment(member, target_epoch, target, owned, held_by_other)
        }
    }
}

/// `ownsRevokedPartitions`: whether the member still reports one of `revoking`; a heartbeat
/// that does not list its partitions is taken as still owning them.
fn owns_revoked_partitions(owned: Option<&[TopicPartition]>, revoking: &[TopicPartition]) -> bool {
    match owned {
        None => true,
        Some(owned) => owned.iter().any(|tp| revoking.contains(tp)),
    }
}

/// `CurrentAssignmentBuilder.computeNextAssignment`.
fn compute_next_assignment(
    member: &ConsumerGroupMember,
    target_epoch: i32,
    target: &[TopicPartition],
    owned: Option<&[TopicPartition]>,
    held_by_other: &dyn Fn(&TopicPartition) -> bool,
) -> ConsumerGroupMember {
    let subscribed = |tp: &TopicPartition| member.subscribed_topics.contains(&tp.topic);
    // New assigned = previous assigned ∩ target.
    let mut assigned: Vec<TopicPartition> = member
        .assigned
        .iter()
        .filter(|tp| target.contains(tp) && subscribed(tp))
        .cloned()
        .collect();
    // Pending revocation = previous assigned − new assigned.
    let revoking: Vec<TopicPartition> = member
        .assigned
        .iter()
        .filter(|tp| !assigned.contains(tp))
        .cloned()
        .collect();
    // Pending assignment = target − new assigned − unreleased.
    let mut unreleased = false;
    let mut adding: Vec<TopicPartition> = Vec::new();
    for tp in target.iter().filter(|tp| subscribed(tp)) {
        if assigned.contains(tp) {
            continue;
        }
        if held_by_other(tp) {
            unreleased = true;
        } else {
            adding.push(tp.clone());
        }
    }
    let mut next = member.clone();
    if !revoking.is_empty() && owns_revoked_partitions(owned, &revoking) {
        // Revoke first, staying at the current epoch until the member has.
        next.state = MemberState::UnrevokedPartitions;
        next.assigned = assigned;
        next.pending_revocation = revoking;
        return next;
    }
    assigned.extend(adding);
    stable_sort::sort(&mut assigned);
    next.state = if unreleased {
        MemberState::UnreleasedPartitions
    } else {
        MemberState::Stable
    };
    next.assigned = assigned;
    next.pending_revocation = Vec::new();
    if next.member_epoch != target_epoch {
        next.previous_member_epoch = next.member_epoch;
        next.member_epoch = target_epoch;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp(p: u32) -> TopicPartition {
        TopicPartition {
            topic: "t".into(),
            partition: p,
        }
    }

    fn member(epoch: i32, assigned: &[u32]) -> ConsumerGroupMember {
        let mut m = ConsumerGroupMember::joining("m", None, 0);
        m.member_epoch = epoch;
        m.subscribed_topics = vec!["t".into()];
        m.assigned = assigned.iter().map(|&p| tp(p)).collect();
        m
    }

    // CurrentAssignmentBuilderTest.testStableToUnrevokedPartitions: partitions leaving the
    // target are revoked first; the epoch stays until the member has.
    #[test]
    fn revokes_before_it_moves_to_the_target_epoch() {
        let m = member(10, &[0, 1, 2]);
        let target = [tp(1), tp(2), tp(3)];
        let next = next_assignment(&m, 11, &target, Some(&m.assigned), &|_| false);
        assert_eq!(next.state, MemberState::UnrevokedPartitions);
        assert_eq!(next.member_epoch, 10);
        assert_eq!(next.assigned, vec![tp(1), tp(2)]);
        assert_eq!(next.pending_revocation, vec![tp(0)]);
        // Still reporting p0: no progress.
        let again = next_assignment(&next, 11, &target, Some(&m.assigned), &|_| false);
        assert_eq!(again, next);
        // Revoked: it moves to epoch 11 and gets p3.
        let owned = [tp(1), tp(2)];
        let done = next_assignment(&next, 11, &target, Some(&owned), &|_| false);
        assert_eq!(done.state, MemberState::Stable);
        assert_eq!(done.member_epoch, 11);
        assert_eq!(done.previous_member_epoch, 10);
        assert_eq!(done.assigned, vec![tp(1), tp(2), tp(3)]);
    }

    // CurrentAssignmentBuilderTest.testStableToUnreleasedPartitions: a partition another member
    // still holds is not given yet, but the member moves to the target epoch.
    #[test]
    fn waits_for_partitions_another_member_still_holds() {
        let m = member(10, &[0]);
        let target = [tp(0), tp(1)];
        let next = next_assignment(&m, 11, &target, Some(&m.assigned), &|p| *p == tp(1));
        assert_eq!(next.state, MemberState::UnreleasedPartitions);
        assert_eq!(next.member_epoch, 11);
        assert_eq!(next.assigned, vec![tp(0)]);
        let freed = next_assignment(&next, 11, &target, Some(&next.assigned), &|_| false);
        assert_eq!(freed.state, MemberState::Stable);
        assert_eq!(freed.assigned, vec![tp(0), tp(1)]);
    }
}
