//! The consumer rebalance protocol (KIP-848, `group.protocol=consumer`) over time: each rule
//! the playground follows, with a test that fails without it, naming the Kafka class and method
//! it follows (group-coordinator's `GroupMetadataManager`, `CurrentAssignmentBuilder`,
//! `ConsumerGroup`; the client's `ConsumerMembershipManager`, `ConsumerHeartbeatRequestManager`
//! and `CommitRequestManager`).

use crate::common::logs::Logs;
use kafka_playground::engine::Rng;
use kafka_playground::engine::TopicPartition;
use kafka_playground::engine::{
    ClientState, CommitMode, ConsumerCoordinator, ConsumerGroup, ConsumerGroupState, EpochBump,
    ErrorCode, GroupCommand, GroupConfig, GroupEvent, GroupEventKind, GroupProtocol,
    HeartbeatRequest, MemberConfig, MemberPhase, MemberState, MemberStatus, OffsetReset,
    RemoteAssignor, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
    UNRELEASED_INSTANCE_ID_MESSAGE,
};
use std::collections::BTreeMap;

fn config(members: &[(&str, Option<&str>)]) -> GroupConfig {
    GroupConfig {
        group_id: "g".to_string(),
        topics: vec!["t".to_string()],
        members: members
            .iter()
            .map(|(n, i)| MemberConfig {
                name: n.to_string(),
                instance_id: i.map(str::to_string),
            })
            .collect(),
        auto_offset_reset: OffsetReset::Earliest,
        group_protocol: GroupProtocol::Consumer,
        ..GroupConfig::default()
    }
}

fn apply(g: &mut ConsumerGroup, at_ms: u64, cmd: GroupCommand, logs: &Logs) -> Vec<GroupEvent> {
    let mut events = Vec::new();
    g.apply(at_ms, &cmd, logs, &mut events)
        .expect("command accepted");
    events
}

fn owned(g: &ConsumerGroup, name: &str) -> Vec<TopicPartition> {
    let mut v = g.consumer(name).unwrap().owned.clone();
    v.sort();
    v
}

fn epoch(g: &ConsumerGroup, name: &str) -> i32 {
    g.consumer(name).unwrap().generation
}

fn group_epoch(g: &ConsumerGroup) -> i32 {
    g.consumer_coordinator().unwrap().group_epoch()
}

/// Steps the group instant by instant to `to_ms`, checking after each that no partition is
/// owned by two running members at once, and returns the events.
fn run_checked(g: &mut ConsumerGroup, to_ms: u64, logs: &Logs) -> Vec<GroupEvent> {
    let mut all = Vec::new();
    while let Some(at) = g.next_wakeup_ms() {
        if at > to_ms {
            break;
        }
        let mut events = Vec::new();
        g.advance_to(at, logs, &mut events);
        assert_single_owners(g);
        all.extend(events);
    }
    let mut events = Vec::new();
    g.advance_to(to_ms, logs, &mut events);
    all.extend(events);
    all
}

fn assert_single_owners(g: &ConsumerGroup) {
    let mut owners: BTreeMap<&TopicPartition, &str> = BTreeMap::new();
    for c in g.consumers().iter().filter(|c| c.status.is_running()) {
        for tp in &c.owned {
            if let Some(other) = owners.insert(tp, &c.name) {
                panic!("t={}: {tp} owned by {other} and {}", g.now_ms(), c.name);
            }
        }
    }
}

fn tp(p: u32) -> TopicPartition {
    TopicPartition {
        topic: "t".to_string(),
        partition: p,
    }
}

fn counts(n: u32) -> BTreeMap<String, u32> {
    [("t".to_string(), n)].into_iter().collect()
}

fn heartbeat(member_id: &str, member_epoch: i32, owned: &[TopicPartition]) -> HeartbeatRequest {
    HeartbeatRequest {
        client: 0,
        correlation_id: 0,
        member_id: member_id.to_string(),
        instance_id: None,
        member_epoch,
        rebalance_timeout_ms: 300_000,
        subscribed_topics: vec!["t".to_string()],
        owned: Some(owned.to_vec()),
    }
}

// GroupMetadataManager.consumerGroupHeartbeat: a joining member bumps the group epoch, the
// target assignment follows it, and the answer carries the member epoch and the assignment.
#[test]
fn heartbeats_carry_the_subscription_and_return_the_assignment() {
    let logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    let events = run_checked(&mut g, 20_000, &logs);
    assert_eq!(owned(&g, "a").len() + owned(&g, "b").len(), 6);
    assert_eq!(owned(&g, "a").len(), 3);
    let c = g.consumer_coordinator().unwrap();
    assert_eq!(c.state(), ConsumerGroupState::Stable);
    assert_eq!(group_epoch(&g), 2, "one bump per member joining");
    assert_eq!(c.target_epoch(), 2);
    assert_eq!((epoch(&g, "a"), epoch(&g, "b")), (2, 2));
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::ConsumerHeartbeatSent {
            member_epoch: 0,
            ..
        }
    )));
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::GroupEpochBumped {
            reason: EpochBump::MemberJoined,
            ..
        }
    )));
    let view = g.coordinator_view();
    assert_eq!(view.group_protocol, GroupProtocol::Consumer);
    assert_eq!(view.group_epoch, Some(2));
    assert_eq!(view.state_name, "Stable");
}

// CurrentAssignmentBuilder.computeNextAssignment: a partition another member still holds is
// not given to its new owner (UNRELEASED_PARTITIONS) until the previous owner has revoked it,
// so no partition is ever owned by two members. Without the check, the joining member gets
// its share in the answer to its first heartbeat, while the others still own it.
#[test]
fn a_partition_waits_for_its_previous_owner_to_revoke_it() {
    let logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    run_checked(&mut g, 20_000, &logs);
    apply(
        &mut g,
        20_000,
        GroupCommand::AddMember {
            name: "c".into(),
            instance_id: None,
        },
        &logs,
    );
    // c's first answer comes back with nothing: its target partitions are still held.
    let mut events = run_checked(&mut g, 20_030, &logs);
    let coordinator = g.consumer_coordinator().unwrap();
    let c_id = &g.consumer("c").unwrap().member_id;
    let c_member = coordinator.member(c_id).unwrap();
    assert_eq!(c_member.state, MemberState::UnreleasedPartitions);
    assert!(c_member.assigned.is_empty());
    assert_eq!(coordinator.target_of(c_id).len(), 2);
    events.extend(run_checked(&mut g, 40_000, &logs));
    assert_eq!(owned(&g, "c").len(), 2);
    assert_eq!(owned(&g, "a").len() + owned(&g, "b").len(), 4);
    // The revocations came before c's assignment.
    let revoked_at = events
        .iter()
        .filter(|e| matches!(&e.kind, GroupEventKind::Reconciled { revoked, .. } if !revoked.is_empty()))
        .map(|e| e.at_ms)
        .max()
        .unwrap();
    let added_at = events
        .iter()
        .find(|e| {
            e.member.as_deref() == Some("c")
                && matches!(&e.kind, GroupEventKind::Reconciled { added, .. } if !added.is_empty())
        })
        .unwrap()
        .at_ms;
    assert!(revoked_at < added_at);
}

// ConsumerMembershipManager: no global barrier. While c joins, a and b keep the partitions
// they keep and go on consuming; the member epochs move one member at a time.
#[test]
fn the_others_keep_consuming_while_one_member_reconciles() {
    let mut logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    run_checked(&mut g, 20_000, &logs);
    let before = g.metrics().rebalance_pause_partition_ms;
    apply(
        &mut g,
        20_000,
        GroupCommand::AddMember {
            name: "c".into(),
            instance_id: None,
        },
        &logs,
    );
    for t in (20_000..40_000).step_by(100) {
        logs.fill("t", 1, 3);
        run_checked(&mut g, t, &logs);
    }
    let phases: Vec<MemberPhase> = g
        .timelines()
        .filter(|(name, _)| *name != "c")
        .flat_map(|(_, changes)| {
            changes
                .iter()
                .filter(|(at, _)| *at >= 20_000)
                .map(|(_, p)| *p)
        })
        .collect();
    assert!(
        phases.iter().all(|p| *p != MemberPhase::Joining),
        "a and b never stop: {phases:?}"
    );
    assert!(
        phases.contains(&MemberPhase::Rebalancing),
        "a reconciling member shows: {phases:?}"
    );
    // Only the two moving partitions paused, for the time until c's next heartbeat.
    let paused = g.metrics().rebalance_pause_partition_ms - before;
    assert!(paused <= 2 * 6_000, "{paused} partition-ms paused");
}

// GroupMetadataManager.throwIfMemberEpochIsInvalid: a greater epoch, or a smaller one that is
// not the previous epoch with a subset of the assignment, is FENCED_MEMBER_EPOCH; an unknown
// member id is UNKNOWN_MEMBER_ID.
#[test]
fn member_epochs_are_fenced() {
    let mut c = ConsumerCoordinator::new(RemoteAssignor::Uniform, 45_000, 5_000);
    let r = c.heartbeat(0, &heartbeat("m1", 0, &[]), &counts(2));
    assert_eq!((r.error, r.member_epoch), (ErrorCode::None, 1));
    assert_eq!(r.assignment, Some(vec![tp(0), tp(1)]));
    let r = c.heartbeat(10, &heartbeat("m1", 2, &[tp(0), tp(1)]), &counts(2));
    assert_eq!(r.error, ErrorCode::FencedMemberEpoch);
    let r = c.heartbeat(10, &heartbeat("nobody", 1, &[]), &counts(2));
    assert_eq!(r.error, ErrorCode::UnknownMemberId);
    // m2 joins: m1 must revoke one partition, then moves to epoch 2.
    c.heartbeat(20, &heartbeat("m2", 0, &[]), &counts(2));
    let r = c.heartbeat(30, &heartbeat("m1", 1, &[tp(0), tp(1)]), &counts(2));
    assert_eq!(r.member_epoch, 1, "it keeps its epoch until it has revoked");
    assert_eq!(
        c.member("m1").unwrap().state,
        MemberState::UnrevokedPartitions
    );
    let kept = r.assignment.unwrap();
    assert_eq!(kept.len(), 1);
    let r = c.heartbeat(40, &heartbeat("m1", 1, &kept), &counts(2));
    assert_eq!(r.member_epoch, 2);
    // The previous epoch is accepted once more with a subset of its partitions (a lost
    // answer), not with a partition it no longer has.
    let r = c.heartbeat(50, &heartbeat("m1", 1, &kept), &counts(2));
    assert_eq!(r.error, ErrorCode::None);
    let r = c.heartbeat(60, &heartbeat("m1", 1, &[tp(0), tp(1)]), &counts(2));
    assert_eq!(r.error, ErrorCode::FencedMemberEpoch);
}

// ConsumerGroup.validateOffsetCommit: a member's commit must carry its current member epoch
// (STALE_MEMBER_EPOCH otherwise); an unknown member is UNKNOWN_MEMBER_ID; a commit from outside
// the group is accepted only while the group is empty.
#[test]
fn offset_commits_are_checked_against_the_member_epoch() {
    let mut c = ConsumerCoordinator::new(RemoteAssignor::Uniform, 45_000, 5_000);
    assert_eq!(c.validate_offset_commit("", None, -1), ErrorCode::None);
    c.heartbeat(0, &heartbeat("m1", 0, &[]), &counts(2));
    assert_eq!(c.validate_offset_commit("m1", None, 1), ErrorCode::None);
    assert_eq!(
        c.validate_offset_commit("m1", None, 0),
        ErrorCode::StaleMemberEpoch
    );
    assert_eq!(
        c.validate_offset_commit("m9", None, 1),
        ErrorCode::UnknownMemberId
    );
    assert_eq!(
        c.validate_offset_commit("", None, -1),
        ErrorCode::UnknownMemberId
    );
}

// GroupMetadataManager's rebalance timeout (`scheduleConsumerGroupRebalanceTimeout`): a
// member that has not revoked within its rebalance timeout is removed, and the group epoch
// bumped.
#[test]
fn a_member_that_does_not_revoke_in_time_is_fenced() {
    let mut c = ConsumerCoordinator::new(RemoteAssignor::Uniform, 45_000, 5_000);
    let mut slow = heartbeat("m1", 0, &[]);
    slow.rebalance_timeout_ms = 10_000;
    c.heartbeat(0, &slow, &counts(2));
    c.heartbeat(10, &heartbeat("m2", 0, &[]), &counts(2));
    slow.member_epoch = 1;
    slow.owned = Some(vec![tp(0), tp(1)]);
    c.heartbeat(20, &slow, &counts(2));
    assert_eq!(c.member("m1").unwrap().rebalance_deadline_ms, Some(10_020));
    // It keeps heartbeating (its session is alive) but never lets go.
    c.heartbeat(5_000, &slow, &counts(2));
    c.heartbeat(9_000, &heartbeat("m2", 2, &[]), &counts(2));
    c.expire(10_020);
    assert!(c.member("m1").is_none());
    assert_eq!(c.group_epoch(), 3);
    assert!(c
        .take_notes()
        .iter()
        .any(|n| format!("{n:?}").contains("RevocationTimeout")));
}

// GroupMetadataManager.consumerGroupStaticMemberGroupLeave and the static-member replacement
// in consumerGroupHeartbeat: a static member closing sends -2 and keeps its assignment, without
// a group-epoch bump; its restart (a new member id) takes the same partitions back, again
// without one. A dynamic member closing sends -1 and its partitions move.
#[test]
fn a_static_member_keeps_its_partitions_while_it_restarts() {
    let logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(
        config(&[("a", Some("ia")), ("b", Some("ib"))]),
        Rng::new(1),
        0,
    )
    .unwrap();
    run_checked(&mut g, 20_000, &logs);
    let b_before = owned(&g, "b");
    let epoch_before = group_epoch(&g);
    let old_id = g.consumer("b").unwrap().member_id.clone();
    let mut events = apply(
        &mut g,
        20_000,
        GroupCommand::CloseMember { name: "b".into() },
        &logs,
    );
    events.extend(run_checked(&mut g, 30_000, &logs));
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::ConsumerHeartbeatSent {
            member_epoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH,
            ..
        }
    )));
    assert_eq!(group_epoch(&g), epoch_before, "no bump for a static leave");
    assert_eq!(owned(&g, "a").len(), 3, "a does not take b's partitions");
    apply(
        &mut g,
        30_000,
        GroupCommand::RestartMember { name: "b".into() },
        &logs,
    );
    let events = run_checked(&mut g, 40_000, &logs);
    assert_ne!(g.consumer("b").unwrap().member_id, old_id);
    assert_eq!(owned(&g, "b"), b_before);
    assert_eq!(group_epoch(&g), epoch_before);
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, GroupEventKind::StaticMemberReplaced { .. })));
    // Dynamic: -1 and a bump.
    let logs = Logs::new(&[("t", 6)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    run_checked(&mut g, 20_000, &logs);
    let mut events = apply(
        &mut g,
        20_000,
        GroupCommand::CloseMember { name: "b".into() },
        &logs,
    );
    events.extend(run_checked(&mut g, 40_000, &logs));
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::ConsumerHeartbeatSent {
            member_epoch: LEAVE_GROUP_MEMBER_EPOCH,
            ..
        }
    )));
    assert_eq!(group_epoch(&g), 3);
    assert_eq!(owned(&g, "a").len(), 6);
}

// ConsumerHeartbeatRequestManager.onErrorResponse: UNRELEASED_INSTANCE_ID is fatal. A static
// member killed without leaving still holds its instance id until its session expires, so its
// restart before then fails; after it, the restart joins.
#[test]
fn a_crashed_static_member_restarted_too_soon_is_refused() {
    let logs = Logs::new(&[("t", 4)]);
    let mut g = ConsumerGroup::new(
        config(&[("a", Some("ia")), ("b", Some("ib"))]),
        Rng::new(1),
        0,
    )
    .unwrap();
    run_checked(&mut g, 20_000, &logs);
    apply(
        &mut g,
        20_000,
        GroupCommand::CrashMember { name: "b".into() },
        &logs,
    );
    apply(
        &mut g,
        21_000,
        GroupCommand::RestartMember { name: "b".into() },
        &logs,
    );
    run_checked(&mut g, 25_000, &logs);
    let b = g.consumer("b").unwrap();
    assert_eq!(b.status, MemberStatus::Failed);
    assert!(b
        .error
        .as_ref()
        .unwrap()
        .message()
        .contains(UNRELEASED_INSTANCE_ID_MESSAGE));
    // After the session (45 s) the old member is gone; a restart now joins.
    run_checked(&mut g, 70_000, &logs);
    apply(
        &mut g,
        70_000,
        GroupCommand::RestartMember { name: "b".into() },
        &logs,
    );
    run_checked(&mut g, 90_000, &logs);
    assert_eq!(owned(&g, "b").len(), 2);
}

// GroupMetadataManager's session timeout (`scheduleConsumerGroupSessionTimeout`): a member
// that stops heartbeating is removed after group.consumer.session.timeout.ms and its
// partitions go to the others.
#[test]
fn a_crashed_member_is_fenced_when_its_session_expires() {
    let logs = Logs::new(&[("t", 4)]);
    let cfg = GroupConfig {
        consumer_session_timeout_ms: 10_000,
        ..config(&[("a", None), ("b", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    run_checked(&mut g, 20_000, &logs);
    apply(
        &mut g,
        20_000,
        GroupCommand::CrashMember { name: "b".into() },
        &logs,
    );
    let events = run_checked(&mut g, 40_000, &logs);
    // Its last heartbeat was at most one interval (5 s) before the crash.
    let expired_at = events
        .iter()
        .find(|e| matches!(e.kind, GroupEventKind::SessionExpired { .. }))
        .expect("b's session expired")
        .at_ms;
    assert!((25_000..=30_010).contains(&expired_at), "{expired_at}");
    assert_eq!(owned(&g, "a").len(), 4);
}

// ConsumerMembershipManager.transitionToFenced: a member whose heartbeats come back
// UNKNOWN_MEMBER_ID (its session expired while its answers were slow) loses its partitions
// without revoking them and rejoins with epoch 0 and the same member id.
#[test]
fn a_fenced_member_loses_its_partitions_and_rejoins_with_its_member_id() {
    let logs = Logs::new(&[("t", 4)]);
    // Each heartbeat takes 8 s there and back, longer than the 6 s session.
    let cfg = GroupConfig {
        consumer_session_timeout_ms: 6_000,
        consumer_heartbeat_interval_ms: 1_000,
        rtt_ms: 8_000,
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    let events = run_checked(&mut g, 60_000, &logs);
    let first_id = events
        .iter()
        .find_map(|e| match &e.kind {
            GroupEventKind::ConsumerHeartbeatSent { member_id, .. } => Some(member_id.clone()),
            _ => None,
        })
        .unwrap();
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::HeartbeatFailed {
            error: ErrorCode::UnknownMemberId
        }
    )));
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, GroupEventKind::Lost { .. })));
    let rejoins = events
        .iter()
        .filter(|e| matches!(&e.kind, GroupEventKind::ConsumerHeartbeatSent { member_epoch: 0, member_id, .. } if *member_id == first_id))
        .count();
    assert!(rejoins >= 2, "it rejoined with its member id");
}

// ConsumerHeartbeatRequestManager's poll timer: when max.poll.interval.ms passes without a
// poll, the member leaves with epoch -1, its partitions are lost, and its next poll rejoins
// with epoch 0 (`transitionToSendingLeaveGroup(true)`, `maybeRejoinStaleMember`).
#[test]
fn a_member_past_max_poll_interval_leaves_and_rejoins() {
    let mut logs = Logs::new(&[("t", 2)]);
    logs.fill("t", 50, 5);
    let cfg = GroupConfig {
        max_poll_interval_ms: 10_000,
        max_poll_records: 50,
        ..config(&[("slow", None), ("fast", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    run_checked(&mut g, 1_000, &logs);
    apply(
        &mut g,
        1_000,
        GroupCommand::SetProcessingMs {
            name: "slow".into(),
            processing_ms_per_record: 400,
        },
        &logs,
    );
    logs.fill("t", 50, 5);
    let events = run_checked(&mut g, 60_000, &logs);
    let left = events
        .iter()
        .position(|e| {
            e.member.as_deref() == Some("slow")
                && matches!(e.kind, GroupEventKind::PollTimeoutLeft { sent_leave: true })
        })
        .expect("the slow member left");
    assert!(events[..left]
        .iter()
        .any(|e| e.member.as_deref() == Some("slow")
            && matches!(
                e.kind,
                GroupEventKind::ConsumerHeartbeatSent {
                    member_epoch: LEAVE_GROUP_MEMBER_EPOCH,
                    ..
                }
            )));
    assert!(events[left..]
        .iter()
        .any(|e| e.member.as_deref() == Some("slow")
            && matches!(
                e.kind,
                GroupEventKind::ConsumerHeartbeatSent {
                    member_epoch: 0,
                    ..
                }
            )));
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::GroupEpochBumped {
            reason: EpochBump::MemberLeft,
            ..
        }
    )));
}

// ConsumerMembershipManager.autoCommitSyncBeforeRevocation: with auto-commit, a member commits
// what it consumed before it revokes, so the next owner starts where it stopped and nothing is
// processed twice on the hand-over. The commits carry the member epoch they were sent at and
// are accepted.
#[test]
fn auto_commit_before_revocation_hands_over_without_duplicates() {
    let mut logs = Logs::new(&[("t", 4)]);
    let cfg = GroupConfig {
        commit: CommitMode::Auto {
            interval_ms: 60_000,
        },
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    for t in (0..20_000).step_by(200) {
        logs.fill("t", 2, 3);
        run_checked(&mut g, t, &logs);
    }
    apply(
        &mut g,
        20_000,
        GroupCommand::AddMember {
            name: "b".into(),
            instance_id: None,
        },
        &logs,
    );
    for t in (20_000..40_000).step_by(200) {
        logs.fill("t", 2, 3);
        run_checked(&mut g, t, &logs);
    }
    assert_eq!(owned(&g, "b").len(), 2);
    assert_eq!(g.ledger().counts.duplicated, 0);
    assert_eq!(g.metrics().commit_failures, 0);
}

// The server-side range assignor (group.remote.assignor=range) gives contiguous ranges.
#[test]
fn the_range_assignor_can_be_chosen() {
    let logs = Logs::new(&[("t", 4)]);
    let cfg = GroupConfig {
        remote_assignor: RemoteAssignor::Range,
        ..config(&[("a", Some("i1")), ("b", Some("i2"))])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    run_checked(&mut g, 20_000, &logs);
    assert_eq!(owned(&g, "a"), vec![tp(0), tp(1)]);
    assert_eq!(owned(&g, "b"), vec![tp(2), tp(3)]);
    assert_eq!(g.client_state("a"), Some(ClientState::Stable));
}

#[test]
fn the_consumer_settings_are_validated_by_name() {
    let mut c = config(&[("a", None)]);
    c.consumer_heartbeat_interval_ms = c.consumer_session_timeout_ms;
    let e = c.validate().unwrap_err();
    assert!(
        e.to_string()
            .contains("group_consumer_heartbeat_interval_ms"),
        "{e}"
    );
    let mut c = config(&[("a", None)]);
    c.consumer_session_timeout_ms = 1_000;
    let e = c.validate().unwrap_err();
    assert!(
        e.to_string().contains("group_consumer_session_timeout_ms"),
        "{e}"
    );
}

// The scenario fields: optional, Kafka's names in snake_case, refused with the field's path.
#[test]
fn the_scenario_fields_parse_round_trip_and_are_refused_by_name() {
    use kafka_playground::scenario::{ProtocolSpec, RemoteAssignorSpec, Scenario};
    let json = r#"{"version":1,"groups":[{"group_protocol":"consumer","group_remote_assignor":"range","group_consumer_session_timeout_ms":20000,"group_consumer_heartbeat_interval_ms":1000}]}"#;
    let s = Scenario::from_json(json).expect("valid").scenario;
    let g = &s.groups[0];
    assert_eq!(g.group_protocol, ProtocolSpec::Consumer);
    assert_eq!(g.group_remote_assignor, RemoteAssignorSpec::Range);
    let config = g.to_config();
    assert_eq!(config.group_protocol, GroupProtocol::Consumer);
    assert_eq!(config.consumer_heartbeat_interval_ms, 1_000);
    let again = Scenario::from_json(&s.to_json())
        .expect("round trip")
        .scenario;
    assert_eq!(again.groups[0], *g);
    // A classic group's text does not mention the new fields.
    let classic = Scenario::from_json(r#"{"version":1,"groups":[{}]}"#)
        .unwrap()
        .scenario;
    assert!(!classic.to_json().contains("group_protocol"));
    let err = Scenario::from_json(r#"{"version":1,"groups":[{"group_protocol":"share"}]}"#)
        .expect_err("unknown protocol");
    assert!(err.to_string().contains("group_protocol"), "{err}");
    let err = Scenario::from_json(
        r#"{"version":1,"groups":[{"group_protocol":"consumer","group_consumer_session_timeout_ms":10}]}"#,
    )
    .expect_err("too short a session");
    assert!(
        err.to_string()
            .contains("group_consumer_session_timeout_ms"),
        "{err}"
    );
}
