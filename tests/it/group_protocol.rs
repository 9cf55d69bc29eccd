//! The classic group protocol against Kafka's own vectors (kafka-semantics.md §4
//! GroupCoordinatorTest, §5 KafkaConsumerTest) and the behaviours the playground teaches:
//! eager vs cooperative rebalances, static membership, session and poll timeouts, and what each
//! commit mode does to the ledger when a member crashes.

use crate::common::logs::Logs;
use kafka_playground::engine::Rng;
use kafka_playground::engine::TopicPartition;
use kafka_playground::engine::{
    AssignorKind, ClientId, CommitMode, ConsumerGroup, ErrorCode, GroupCommand, GroupConfig,
    GroupCoordinator, GroupEvent, GroupEventKind, GroupState, JoinRequest, JoinResponse,
    MemberConfig, MemberPhase, MemberRef, MemberStatus, OffsetReset, ProcessingMode,
    RebalanceProtocol, RebalanceReason, Reply, Subscription, SyncRequest, SyncResponse,
    NO_GENERATION,
};

// ---------------------------------------------------------------------------------------------
// Coordinator, request by request
// ---------------------------------------------------------------------------------------------

const SESSION: u32 = 120_000;
const REBALANCE: u32 = 60_000;

fn coordinator() -> GroupCoordinator {
    // GroupCoordinatorTest runs without the initial delay mattering; 0 completes joins at once.
    GroupCoordinator::new("group", Rng::new(7)).with_initial_rebalance_delay_ms(0)
}

fn join_req(client: ClientId, member_id: &str, instance: Option<&str>) -> JoinRequest {
    JoinRequest {
        client,
        member_id: member_id.to_string(),
        instance_id: instance.map(str::to_string),
        client_id: "client".to_string(),
        session_timeout_ms: SESSION,
        rebalance_timeout_ms: REBALANCE,
        protocols: vec![AssignorKind::Range],
        subscription: Subscription {
            topics: vec!["t".to_string()],
            owned: Vec::new(),
            generation: NO_GENERATION,
        },
        reason: RebalanceReason::Join,
    }
}

fn join_of(replies: &[Reply], client: ClientId) -> Option<JoinResponse> {
    replies.iter().find_map(|r| match r {
        Reply::Join(c, resp) if *c == client => Some(resp.clone()),
        _ => None,
    })
}

fn sync_of(replies: &[Reply], client: ClientId) -> Option<SyncResponse> {
    replies.iter().find_map(|r| match r {
        Reply::Sync(c, resp) if *c == client => Some(resp.clone()),
        _ => None,
    })
}

fn tp(p: u32) -> TopicPartition {
    TopicPartition {
        topic: "t".to_string(),
        partition: p,
    }
}

fn sync_req(
    client: ClientId,
    member_id: &str,
    instance: Option<&str>,
    generation: i32,
    assignments: Vec<(String, Vec<TopicPartition>)>,
) -> SyncRequest {
    SyncRequest {
        client,
        member_id: member_id.to_string(),
        instance_id: instance.map(str::to_string),
        generation,
        assignments,
    }
}

/// A Stable group of a static leader (client 1, "leader") and a static follower (client 2,
/// "follower"); returns (leader id, follower id, generation).
fn stable_static_group(c: &mut GroupCoordinator) -> (String, String, i32) {
    let r = c.join_group(0, join_req(1, "", Some("leader")));
    let leader = join_of(&r, 1).expect("leader joined at once");
    assert_eq!(leader.error, ErrorCode::None);
    let lid = leader.member_id.clone();
    c.sync_group(
        0,
        sync_req(
            1,
            &lid,
            Some("leader"),
            leader.generation,
            vec![(lid.clone(), vec![tp(0), tp(1)])],
        ),
    );
    let r = c.join_group(1, join_req(2, "", Some("follower")));
    assert!(join_of(&r, 2).is_none(), "waits for the leader to rejoin");
    assert_eq!(c.state(), GroupState::PreparingRebalance);
    let r = c.join_group(2, join_req(1, &lid, Some("leader")));
    let (l, f) = (join_of(&r, 1).unwrap(), join_of(&r, 2).unwrap());
    assert_eq!((l.error, f.error), (ErrorCode::None, ErrorCode::None));
    assert_eq!(l.members.len(), 2, "the leader sees every member");
    assert!(f.members.is_empty());
    let fid = f.member_id.clone();
    let g = l.generation;
    c.sync_group(3, sync_req(2, &fid, Some("follower"), g, Vec::new()));
    let r = c.sync_group(
        3,
        sync_req(
            1,
            &lid,
            Some("leader"),
            g,
            vec![(lid.clone(), vec![tp(0)]), (fid.clone(), vec![tp(1)])],
        ),
    );
    assert_eq!(sync_of(&r, 2).unwrap().assignment, vec![tp(1)]);
    assert_eq!(c.state(), GroupState::Stable);
    (lid, fid, g)
}

#[test]
fn static_member_rejoin_with_explicit_unknown_member_id() {
    let mut c = coordinator();
    let r = c.join_group(0, join_req(1, "", Some("instance")));
    assert_eq!(join_of(&r, 1).unwrap().error, ErrorCode::None);
    let r = c.join_group(1, join_req(2, "unknown_member", Some("instance")));
    assert_eq!(join_of(&r, 2).unwrap().error, ErrorCode::FencedInstanceId);
}

#[test]
fn static_member_rejoin_as_follower_with_unknown_member_id() {
    let mut c = coordinator();
    let (_, fid, g) = stable_static_group(&mut c);
    let r = c.join_group(10, join_req(3, "", Some("follower")));
    let j = join_of(&r, 3).unwrap();
    assert_eq!(
        (j.error, j.generation, c.state()),
        (ErrorCode::None, g, GroupState::Stable)
    );
    assert_ne!(j.member_id, fid);
    assert!(j.member_id.starts_with("follower-"));
    let r = c.sync_group(
        11,
        sync_req(3, &j.member_id, Some("follower"), g, Vec::new()),
    );
    let s = sync_of(&r, 3).unwrap();
    assert_eq!(
        (s.error, s.assignment),
        (ErrorCode::None, vec![tp(1)]),
        "the old assignment"
    );
}

#[test]
fn static_member_rejoin_with_leader_id_and_unknown_member_id() {
    let mut c = coordinator();
    let (lid, _, g) = stable_static_group(&mut c);
    let r = c.join_group(10, join_req(3, "", Some("leader")));
    let j = join_of(&r, 3).unwrap();
    assert_eq!(
        (j.error, j.generation, c.state()),
        (ErrorCode::None, g, GroupState::Stable)
    );
    assert!(j.skip_assignment);
    assert_eq!(j.members.len(), 2);
    let r = c.join_group(11, join_req(1, &lid, Some("leader")));
    assert_eq!(join_of(&r, 1).unwrap().error, ErrorCode::FencedInstanceId);
    let r = c.sync_group(12, sync_req(1, &lid, Some("leader"), g, Vec::new()));
    assert_eq!(sync_of(&r, 1).unwrap().error, ErrorCode::FencedInstanceId);
    let r = c.sync_group(12, sync_req(1, &lid, None, g, Vec::new()));
    assert_eq!(sync_of(&r, 1).unwrap().error, ErrorCode::UnknownMemberId);
}

#[test]
fn static_member_fence_duplicate_rejoined_follower() {
    let mut c = coordinator();
    let (lid, fid, _) = stable_static_group(&mut c);
    // A third member joins: a rebalance starts; the old follower rejoins and waits.
    let _ = lid;
    c.join_group(10, join_req(4, "", Some("third")));
    assert_eq!(c.state(), GroupState::PreparingRebalance);
    assert!(join_of(&c.join_group(11, join_req(2, &fid, Some("follower"))), 2).is_none());
    // A duplicate with the same instance id: the old pending join is fenced.
    let r = c.join_group(12, join_req(3, "", Some("follower")));
    let old = join_of(&r, 2).expect("the old follower is answered");
    assert_eq!(
        (old.error, old.generation),
        (ErrorCode::FencedInstanceId, NO_GENERATION)
    );
}

#[test]
fn different_static_member_id_after_each_rejoin() {
    let mut c = coordinator();
    let mut ids = Vec::new();
    for k in 0..5u64 {
        let r = c.join_group(k, join_req(10 + k, "", Some("instance")));
        let j = join_of(&r, 10 + k).unwrap();
        assert_eq!(j.error, ErrorCode::None);
        assert!(j.member_id.starts_with("instance-"));
        ids.push(j.member_id.clone());
        c.sync_group(
            k,
            sync_req(
                10 + k,
                &j.member_id,
                Some("instance"),
                j.generation,
                vec![(j.member_id.clone(), vec![tp(0)])],
            ),
        );
    }
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "{ids:?}");
}

#[test]
fn static_follower_that_fails_to_rejoin_is_kept_at_the_rebalance_timeout() {
    let mut c = coordinator();
    let (lid, _, g) = stable_static_group(&mut c);
    // A new static member joins; the leader rejoins; the follower does not.
    c.join_group(10, join_req(3, "", Some("newcomer")));
    c.join_group(11, join_req(1, &lid, Some("leader")));
    assert_eq!(c.state(), GroupState::PreparingRebalance);
    let deadline = c.next_deadline_ms().unwrap();
    assert_eq!(deadline, 10 + u64::from(REBALANCE));
    let r = c.expire(deadline + 1);
    let l = join_of(&r, 1).unwrap();
    assert_eq!(l.generation, g + 1);
    assert_eq!(
        l.members.len(),
        3,
        "the non-rejoined static follower is listed"
    );
    assert!(l
        .members
        .iter()
        .any(|m| m.instance_id.as_deref() == Some("follower")));
}

#[test]
fn group_stuck_in_rebalance_due_to_non_joined_static_member() {
    let mut c = coordinator();
    let r = c.join_group(0, join_req(1, "", Some("leader")));
    let l = join_of(&r, 1).unwrap();
    let lid = l.member_id.clone();
    c.sync_group(0, sync_req(1, &lid, Some("leader"), 1, Vec::new()));
    let mut dyn_ids = Vec::new();
    for client in [2, 3] {
        let r = c.join_group(1, join_req(client, "", None));
        let j = join_of(&r, client).unwrap();
        assert_eq!(j.error, ErrorCode::MemberIdRequired);
        assert!(j.member_id.starts_with("client-"));
        c.join_group(1, join_req(client, &j.member_id, None));
        dyn_ids.push(j.member_id);
    }
    let r = c.join_group(2, join_req(1, &lid, Some("leader")));
    assert_eq!(join_of(&r, 1).unwrap().generation, 2);
    let assignment = vec![
        (lid.clone(), vec![tp(0)]),
        (dyn_ids[0].clone(), vec![tp(1)]),
        (dyn_ids[1].clone(), vec![tp(2)]),
    ];
    c.sync_group(3, sync_req(2, &dyn_ids[0], None, 2, Vec::new()));
    c.sync_group(3, sync_req(3, &dyn_ids[1], None, 2, Vec::new()));
    c.sync_group(3, sync_req(1, &lid, Some("leader"), 2, assignment));
    assert_eq!(c.state(), GroupState::Stable);
    // One dynamic member leaves; nobody rejoins within the rebalance timeout. Heartbeats keep
    // the sessions alive meanwhile.
    let (e, _) = c.leave_group(10, &dyn_ids[1], None, RebalanceReason::Leave);
    assert_eq!(e, ErrorCode::None);
    for t in (1_000..=u64::from(REBALANCE) + 10).step_by(3_000) {
        c.heartbeat(
            t,
            &MemberRef {
                member_id: lid.clone(),
                instance_id: Some("leader".to_string()),
                generation: 2,
            },
        );
        c.heartbeat(
            t,
            &MemberRef {
                member_id: dyn_ids[0].clone(),
                instance_id: None,
                generation: 2,
            },
        );
        c.expire(t);
    }
    c.expire(u64::from(REBALANCE) + 11);
    assert_eq!(
        c.member_ids(),
        vec![lid],
        "dynamic removed, static leader kept"
    );
    assert_eq!(
        (c.generation(), c.state()),
        (2, GroupState::PreparingRebalance)
    );
}

#[test]
fn session_timeout_bounds_and_initial_delay() {
    let mut c = GroupCoordinator::new("g", Rng::new(1));
    for bad in [5_999, 1_800_001] {
        let mut r = join_req(1, "", Some("i"));
        r.session_timeout_ms = bad;
        assert_eq!(
            join_of(&c.join_group(0, r), 1).unwrap().error,
            ErrorCode::InvalidSessionTimeout
        );
    }
    // group.initial.rebalance.delay.ms: the first rebalance of an Empty group waits 3000 ms, and
    // another 3000 ms when a member joined meanwhile.
    assert!(c.join_group(0, join_req(1, "", Some("a"))).is_empty());
    assert_eq!(c.next_deadline_ms(), Some(3_000));
    assert!(c.join_group(1_000, join_req(2, "", Some("b"))).is_empty());
    assert!(c.expire(3_000).is_empty());
    assert_eq!(c.next_deadline_ms(), Some(6_000));
    let r = c.expire(6_000);
    assert_eq!(r.len(), 2);
    assert_eq!(c.generation(), 1);
}

#[test]
fn broker_side_commit_checks_in_order() {
    let mut c = coordinator();
    let none = MemberRef {
        member_id: String::new(),
        instance_id: None,
        generation: -1,
    };
    assert_eq!(
        c.commit_offsets(0, &none, &[(tp(0), 5)]),
        ErrorCode::None,
        "standalone commit to an Empty group"
    );
    let r = c.join_group(0, join_req(1, "", Some("a")));
    let j = join_of(&r, 1).unwrap();
    let me = MemberRef {
        member_id: j.member_id.clone(),
        instance_id: Some("a".to_string()),
        generation: j.generation,
    };
    assert_eq!(c.state(), GroupState::CompletingRebalance);
    assert_eq!(
        c.commit_offsets(1, &me, &[(tp(0), 6)]),
        ErrorCode::RebalanceInProgress
    );
    assert_eq!(
        c.commit_offsets(1, &none, &[(tp(0), 6)]),
        ErrorCode::UnknownMemberId
    );
    let stale = MemberRef {
        generation: 0,
        ..me.clone()
    };
    assert_eq!(
        c.commit_offsets(1, &stale, &[(tp(0), 6)]),
        ErrorCode::IllegalGeneration
    );
    let fenced = MemberRef {
        member_id: "a-old".to_string(),
        ..me.clone()
    };
    assert_eq!(
        c.commit_offsets(1, &fenced, &[(tp(0), 6)]),
        ErrorCode::FencedInstanceId
    );
    c.sync_group(
        2,
        sync_req(
            1,
            &j.member_id,
            Some("a"),
            j.generation,
            vec![(j.member_id.clone(), vec![tp(0)])],
        ),
    );
    assert_eq!(c.commit_offsets(3, &me, &[(tp(0), 7)]), ErrorCode::None);
    assert_eq!(c.committed_offset(&tp(0)), Some(7));
    // Commits are allowed while PreparingRebalance.
    c.join_group(4, join_req(2, "", Some("b")));
    assert_eq!(c.state(), GroupState::PreparingRebalance);
    assert_eq!(c.commit_offsets(5, &me, &[(tp(0), 8)]), ErrorCode::None);
    assert!(c.offsets_partition() < 50);
}

// ---------------------------------------------------------------------------------------------
// The group over time
// ---------------------------------------------------------------------------------------------

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
        ..GroupConfig::default()
    }
}

fn run(g: &mut ConsumerGroup, to_ms: u64, logs: &Logs) -> Vec<GroupEvent> {
    let mut events = Vec::new();
    g.advance_to(to_ms, logs, &mut events);
    events
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

#[test]
fn config_validation_uses_kafkas_words() {
    let mut c = config(&[("a", None)]);
    c.heartbeat_interval_ms = c.session_timeout_ms;
    assert_eq!(
        c.validate().unwrap_err().message,
        "Heartbeat must be set lower than the session timeout"
    );
    for bad in [5_999, 1_800_001] {
        let c = GroupConfig {
            session_timeout_ms: bad,
            heartbeat_interval_ms: 1_000,
            ..config(&[("a", None)])
        };
        assert!(
            c.validate()
                .unwrap_err()
                .message
                .starts_with("INVALID_SESSION_TIMEOUT"),
            "{bad}"
        );
    }
    let c = config(&[("a", Some("x")), ("b", Some("x"))]);
    assert!(c
        .validate()
        .unwrap_err()
        .message
        .contains("group.instance.id"));
    let c = GroupConfig {
        assignors: Vec::new(),
        ..config(&[("a", None)])
    };
    assert!(c.validate().is_err());
    assert!(ConsumerGroup::new(c, Rng::new(1), 0).is_err());
}

#[test]
fn default_assignors_run_range_eager() {
    let mut logs = Logs::new(&[("t", 6)]);
    logs.fill("t", 10, 3);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(1), 0).unwrap();
    run(&mut g, 10_000, &logs);
    let v = g.coordinator_view();
    assert_eq!(
        (v.state, v.protocol, v.rebalance_protocol),
        (
            GroupState::Stable,
            Some(AssignorKind::Range),
            RebalanceProtocol::Eager
        )
    );
    assert_eq!(owned(&g, "a").len() + owned(&g, "b").len(), 6);
    assert_eq!(g.ledger().counts.processed, 60);
}

#[test]
fn cooperative_sticky_moves_a_partition_in_two_rounds() {
    let logs = Logs::new(&[("t", 6)]);
    let cfg = GroupConfig {
        assignors: vec![AssignorKind::CooperativeSticky],
        ..config(&[("a", None), ("b", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(3), 0).unwrap();
    run(&mut g, 10_000, &logs);
    assert_eq!(
        g.coordinator_view().rebalance_protocol,
        RebalanceProtocol::Cooperative
    );
    let gen0 = g.coordinator().generation();
    let mut events = apply(
        &mut g,
        10_000,
        GroupCommand::AddMember {
            name: "c".to_string(),
            instance_id: None,
        },
        &logs,
    );
    events.extend(run(&mut g, 20_000, &logs));
    // Round 1: partitions revoked from a and b, given to nobody; round 2: c gets them.
    let revoked: Vec<(i32, TopicPartition)> = events
        .iter()
        .filter_map(|e| match &e.kind {
            GroupEventKind::Assigned {
                generation,
                revoked,
                ..
            } => Some(revoked.iter().map(move |tp| (*generation, tp.clone()))),
            _ => None,
        })
        .flatten()
        .collect();
    assert_eq!(revoked.len(), 2, "{events:#?}");
    let added_to_c: Vec<(i32, TopicPartition)> = events
        .iter()
        .filter(|e| e.member.as_deref() == Some("c"))
        .filter_map(|e| match &e.kind {
            GroupEventKind::Assigned {
                generation, added, ..
            } => Some(added.iter().map(move |tp| (*generation, tp.clone()))),
            _ => None,
        })
        .flatten()
        .collect();
    for (gen, tp) in &revoked {
        assert_eq!(*gen, gen0 + 1);
        assert!(
            added_to_c.contains(&(gen0 + 2, tp.clone())),
            "{tp} assigned in round 2: {added_to_c:?}"
        );
    }
    assert_eq!(g.coordinator().generation(), gen0 + 2);
    assert_eq!(
        [
            owned(&g, "a").len(),
            owned(&g, "b").len(),
            owned(&g, "c").len()
        ],
        [2, 2, 2]
    );
}

#[test]
fn static_member_restart_within_session_timeout_does_not_rebalance() {
    let logs = Logs::new(&[("t", 4)]);
    let mut g = ConsumerGroup::new(
        config(&[("a", Some("ia")), ("b", Some("ib"))]),
        Rng::new(5),
        0,
    )
    .unwrap();
    run(&mut g, 10_000, &logs);
    let (gen, before) = (g.coordinator().generation(), owned(&g, "a"));
    let rebalances = g.metrics().rebalances_completed;
    let mut events = apply(
        &mut g,
        10_000,
        GroupCommand::CloseMember {
            name: "a".to_string(),
        },
        &logs,
    );
    events.extend(run(&mut g, 20_000, &logs));
    events.extend(apply(
        &mut g,
        20_000,
        GroupCommand::RestartMember {
            name: "a".to_string(),
        },
        &logs,
    ));
    events.extend(run(&mut g, 30_000, &logs));
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.kind, GroupEventKind::RebalanceStarted { .. })),
        "{events:#?}"
    );
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::StaticMemberReplaced {
            rebalance: false,
            ..
        }
    )));
    assert_eq!(
        (g.coordinator().generation(), owned(&g, "a")),
        (gen, before)
    );
    assert_eq!(g.metrics().rebalances_completed, rebalances);
    assert_eq!(g.consumer("a").unwrap().status, MemberStatus::Stable);
}

#[test]
fn dynamic_member_crash_rebalances_after_the_session_timeout() {
    let logs = Logs::new(&[("t", 4)]);
    let mut g = ConsumerGroup::new(config(&[("a", None), ("b", None)]), Rng::new(5), 0).unwrap();
    run(&mut g, 10_000, &logs);
    apply(
        &mut g,
        10_000,
        GroupCommand::CrashMember {
            name: "a".to_string(),
        },
        &logs,
    );
    let events = run(&mut g, 70_000, &logs);
    let expired = events
        .iter()
        .find(|e| matches!(e.kind, GroupEventKind::SessionExpired { .. }))
        .expect("session expiry");
    assert!(
        (10_000 + 45_000 - 3_000..=10_000 + 45_000).contains(&expired.at_ms),
        "{}",
        expired.at_ms
    );
    let started = events.iter().find_map(|e| match e.kind {
        GroupEventKind::RebalanceStarted { reason, .. } => Some((e.at_ms, reason)),
        _ => None,
    });
    assert_eq!(
        started,
        Some((expired.at_ms, RebalanceReason::SessionExpired))
    );
    assert_eq!(owned(&g, "b").len(), 4);
}

#[test]
fn slow_member_leaves_on_poll_timeout_and_its_commit_fails() {
    let mut logs = Logs::new(&[("t", 1)]);
    logs.fill("t", 50, 5);
    let cfg = GroupConfig {
        max_poll_interval_ms: 10_000,
        commit: CommitMode::SyncPerBatch,
        processing_ms_per_record: 1_000,
        ..config(&[("slow", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(9), 0).unwrap();
    let events = run(&mut g, 120_000, &logs);
    let left = events
        .iter()
        .find(|e| matches!(e.kind, GroupEventKind::PollTimeoutLeft { sent_leave: true }))
        .expect("left the group");
    let failed = events
        .iter()
        .find_map(|e| match &e.kind {
            GroupEventKind::CommitFailed {
                class_name,
                message,
            } => Some((e.at_ms, class_name.clone(), message.clone())),
            _ => None,
        })
        .expect("commit failed");
    assert!(failed.0 > left.at_ms);
    assert_eq!(failed.1, "CommitFailedException");
    // After a poll-timeout leave the client knows it has no generation: Kafka's local message.
    assert!(failed.2.contains("kicked out of the group"), "{}", failed.2);
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::RebalanceStarted {
            reason: RebalanceReason::PollTimeout,
            ..
        }
    )));
}

#[test]
fn seven_members_on_six_partitions_leave_one_idle() {
    let logs = Logs::new(&[("t", 6)]);
    let names: Vec<String> = (0..7).map(|i| format!("m{i}")).collect();
    let members: Vec<(&str, Option<&str>)> = names.iter().map(|n| (n.as_str(), None)).collect();
    let mut g = ConsumerGroup::new(config(&members), Rng::new(2), 0).unwrap();
    run(&mut g, 10_000, &logs);
    let views = g.members(&logs);
    assert_eq!(
        views
            .iter()
            .filter(|m| m.phase == MemberPhase::Idle)
            .count(),
        1
    );
    assert_eq!(views.iter().filter(|m| m.assigned.len() == 1).count(), 6);
}

/// One member on 2 partitions with 400 records each, crashed at `crash_ms`, then a second
/// member takes over; returns the ledger counts.
fn crash_scenario(
    commit: CommitMode,
    processing: ProcessingMode,
    crash_ms: u64,
) -> kafka_playground::engine::LedgerCounts {
    let mut logs = Logs::new(&[("t", 2)]);
    logs.fill("t", 400, 7);
    let cfg = GroupConfig {
        commit,
        processing,
        processing_ms_per_record: 10,
        ..config(&[("a", None), ("b", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(11), 0).unwrap();
    run(&mut g, crash_ms, &logs);
    apply(
        &mut g,
        crash_ms,
        GroupCommand::CrashMember {
            name: "a".to_string(),
        },
        &logs,
    );
    run(&mut g, 200_000, &logs);
    g.ledger().counts
}

#[test]
fn auto_commit_with_workers_then_crash_loses_records() {
    let c = crash_scenario(
        CommitMode::Auto { interval_ms: 1_000 },
        ProcessingMode::Workers { threads: 2 },
        7_500,
    );
    assert!(c.lost > 0, "{c:?}");
}

#[test]
fn sync_commit_after_processing_then_crash_duplicates_but_loses_nothing() {
    let c = crash_scenario(CommitMode::SyncPerBatch, ProcessingMode::PollLoop, 7_500);
    assert!(c.duplicated > 0, "{c:?}");
    assert_eq!(c.lost, 0, "{c:?}");
}

#[test]
fn commit_before_processing_then_crash_loses_but_never_duplicates() {
    let c = crash_scenario(
        CommitMode::BeforeProcessing,
        ProcessingMode::PollLoop,
        7_500,
    );
    assert!(c.lost > 0, "{c:?}");
    assert_eq!(c.duplicated, 0, "{c:?}");
}

#[test]
fn workers_process_out_of_key_order() {
    let mut logs = Logs::new(&[("t", 1)]);
    logs.fill("t", 200, 2);
    let cfg = GroupConfig {
        processing: ProcessingMode::Workers { threads: 4 },
        processing_ms_per_record: 10,
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    // Worker threads take varying time per record, so they overtake each other.
    run(&mut g, 60_000, &logs);
    let c = g.ledger().counts;
    assert_eq!(c.processed, 200);
    assert!(c.out_of_order > 0, "{c:?}");
}

// ---------------------------------------------------------------------------------------------
// KafkaConsumerTest vectors
// ---------------------------------------------------------------------------------------------

#[test]
fn missing_offset_with_reset_none_throws() {
    let logs = Logs::new(&[("t", 1)]);
    let cfg = GroupConfig {
        auto_offset_reset: OffsetReset::None,
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    let events = run(&mut g, 10_000, &logs);
    let a = g.consumer("a").unwrap();
    assert_eq!(a.status, MemberStatus::Failed);
    assert_eq!(
        a.error.as_ref().unwrap().class_name(),
        "NoOffsetForPartitionException"
    );
    assert!(events.iter().any(|e| matches!(&e.kind, GroupEventKind::Error { message } if message.contains("Undefined offset with no reset policy for partitions: [t-0]"))));
}

#[test]
fn reset_none_starts_at_the_committed_offset() {
    let mut logs = Logs::new(&[("t", 1)]);
    logs.fill("t", 539, 10);
    let cfg = GroupConfig {
        commit: CommitMode::SyncPerBatch,
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    run(&mut g, 20_000, &logs);
    assert_eq!(g.coordinator().committed_offset(&tp(0)), Some(539));
    apply(
        &mut g,
        20_000,
        GroupCommand::CloseMember {
            name: "a".to_string(),
        },
        &logs,
    );
    run(&mut g, 21_000, &logs);
    logs.fill("t", 5, 10);
    apply(
        &mut g,
        21_000,
        GroupCommand::SetOffsetReset {
            reset: OffsetReset::None,
        },
        &logs,
    );
    let mut events = apply(
        &mut g,
        21_000,
        GroupCommand::RestartMember {
            name: "a".to_string(),
        },
        &logs,
    );
    events.extend(run(&mut g, 30_000, &logs));
    let first_poll = events.iter().find_map(|e| match e.kind {
        GroupEventKind::Polled { records } => Some(records),
        _ => None,
    });
    assert_eq!(
        first_poll,
        Some(5),
        "position(tp0) = 539, then 5 new records"
    );
    assert_eq!(g.consumer("a").unwrap().positions.get(&tp(0)), Some(&544));
}

#[test]
fn latest_resets_to_the_high_watermark_not_the_log_end() {
    let mut logs = Logs::new(&[("t", 1)]);
    logs.fill("t", 60, 3);
    logs.set_hw("t", 0, Some(50));
    let cfg = GroupConfig {
        auto_offset_reset: OffsetReset::Latest,
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    let events = run(&mut g, 10_000, &logs);
    assert!(events.iter().any(|e| matches!(
        &e.kind,
        GroupEventKind::OffsetReset {
            offset: 50,
            reset: Some(OffsetReset::Latest),
            ..
        }
    )));
    assert_eq!(g.consumer("a").unwrap().positions.get(&tp(0)), Some(&50));
}

#[test]
fn auto_commit_is_sent_before_the_position_update() {
    let mut logs = Logs::new(&[("t", 1)]);
    logs.fill("t", 5, 5);
    logs.set_hw("t", 0, Some(0));
    let cfg = GroupConfig {
        commit: CommitMode::Auto { interval_ms: 5_000 },
        ..config(&[("a", None)])
    };
    let mut g = ConsumerGroup::new(cfg, Rng::new(1), 0).unwrap();
    run(&mut g, 4_000, &logs);
    assert_eq!(g.consumer("a").unwrap().positions.get(&tp(0)), Some(&0));
    // The five records become readable just as the auto-commit interval passes.
    let due = g.consumer("a").unwrap().next_auto_commit_ms;
    run(&mut g, due - 1, &logs);
    logs.set_hw("t", 0, None);
    let events = run(&mut g, due + 1_000, &logs);
    let first_commit = events.iter().find_map(|e| match &e.kind {
        GroupEventKind::Committed { offsets } => Some(offsets.clone()),
        _ => None,
    });
    assert_eq!(
        first_commit,
        Some(vec![(tp(0), 0)]),
        "committed before the position moved"
    );
    assert_eq!(g.consumer("a").unwrap().positions.get(&tp(0)), Some(&5));
}
