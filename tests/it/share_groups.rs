//! Share groups (KIP-932) over time: each rule with a test that fails without it, naming the
//! Kafka class it follows (`SharePartition`, `SimpleAssignor`,
//! `GroupMetadataManager.shareGroupHeartbeat`, `ShareConsumerImpl`, trunk of October 2024),
//! and a seed sweep with churn checking, after every instant, that a record is acquired by at
//! most one member at a time and that no record is acknowledged twice.

use crate::common::logs::Logs;
use kafka_playground::engine::{
    check_share_group, AcknowledgementMode, ConsumerGroup, GroupCommand, GroupConfig, GroupEvent,
    GroupEventKind, GroupType, InFlightStateView, LogView, MemberConfig, OffsetReset, PoisonAction,
    Rng, ShareConfig,
};

fn config(members: usize, share: ShareConfig) -> GroupConfig {
    GroupConfig {
        group_id: "q".to_string(),
        topics: vec!["t".to_string()],
        members: (1..=members)
            .map(|i| MemberConfig {
                name: format!("c{i}"),
                instance_id: None,
            })
            .collect(),
        auto_offset_reset: OffsetReset::Earliest,
        group_type: GroupType::Share,
        processing_ms_per_record: 5,
        max_poll_records: 10,
        share,
        ..GroupConfig::default()
    }
}

/// Runs to `to_ms` instant by instant, checking the share invariants after each.
fn run(g: &mut ConsumerGroup, to_ms: u64, logs: &Logs) -> Vec<GroupEvent> {
    let mut all = Vec::new();
    while let Some(at) = g.next_wakeup_ms() {
        if at > to_ms {
            break;
        }
        g.advance_to(at, logs, &mut all);
        if let Err(v) = check_share_group(g) {
            panic!("t={at}: {v}");
        }
    }
    g.advance_to(to_ms, logs, &mut all);
    all
}

fn logs_with(records: u64, partitions: u32, keys: u64) -> Logs {
    let mut logs = Logs::new(&[("t", partitions)]);
    for i in 0..records {
        let p = (i % u64::from(partitions)) as u32;
        logs.append("t", p, &format!("k{}", i % keys));
    }
    logs
}

// `SimpleAssignor`: seven members on six partitions all get all six, and all seven work.
#[test]
fn seven_share_consumers_on_six_partitions_all_work() {
    let logs = logs_with(2_000, 6, 12);
    let mut g = ConsumerGroup::new(config(7, ShareConfig::default()), Rng::new(1), 0).unwrap();
    run(&mut g, 20_000, &logs);
    let view = g.share_view().unwrap();
    assert_eq!(view.members.len(), 7);
    for m in &view.members {
        assert_eq!(m.assigned.len(), 6, "{}", m.name);
        assert!(m.member_epoch > 0);
    }
    for c in g.consumers() {
        assert!(c.processed > 0, "{} did work", c.name);
    }
    assert_eq!(g.idle_members(), 0);
    assert_eq!(view.counts.acknowledged, 2_000);
    // Every record acknowledged: the SPSO passed them all.
    for p in &view.partitions {
        assert!(p.records.is_empty(), "{}", p.tp);
    }
    assert!(
        g.ledger().counts.out_of_order > 0,
        "per-key order is not kept"
    );
}

// `SharePartition` acquisition lock (`AcquisitionLockTimerTask`): a crashed member's records
// stay acquired until the lock expires, then another member gets them with delivery count 2.
#[test]
fn a_crashed_members_records_come_back_after_the_lock() {
    let logs = logs_with(300, 1, 3);
    let share = ShareConfig {
        record_lock_duration_ms: 10_000,
        ..ShareConfig::default()
    };
    let mut cfg = config(2, share);
    cfg.processing_ms_per_record = 200;
    let mut g = ConsumerGroup::new(cfg, Rng::new(2), 0).unwrap();
    run(&mut g, 1_000, &logs);
    let mut events = Vec::new();
    g.apply(
        1_000,
        &GroupCommand::CrashMember {
            name: "c1".to_string(),
        },
        &logs,
        &mut events,
    )
    .unwrap();
    let held = |g: &ConsumerGroup, who: &str| {
        g.share_view().unwrap().partitions[0]
            .records
            .iter()
            .filter(
                |r| matches!(&r.state, InFlightStateView::Acquired { member, .. } if member == who),
            )
            .count()
    };
    assert!(held(&g, "c1") > 0, "the crashed member still holds records");
    run(&mut g, 9_000, &logs);
    assert!(held(&g, "c1") > 0, "locked until the lock expires");
    let events = run(&mut g, 12_000, &logs);
    assert_eq!(held(&g, "c1"), 0, "released by lock expiry");
    assert!(events
        .iter()
        .any(|e| matches!(e.kind, GroupEventKind::ShareLocksExpired { .. })));
    assert!(g.share_view().unwrap().counts.redelivered > 0);
    assert!(g.share_view().unwrap().partitions[0]
        .records
        .iter()
        .any(|r| r.delivery_count == 2));
}

// `ShareConsumerImpl.close`: the member finishes its batch, then its acknowledgements go with
// the close and what it still holds is released (`SharePartition.releaseAcquiredRecords`), so
// nothing waits for a lock.
#[test]
fn a_closing_member_leaves_nothing_locked() {
    let logs = logs_with(300, 1, 3);
    let mut cfg = config(1, ShareConfig::default());
    cfg.processing_ms_per_record = 200;
    let mut g = ConsumerGroup::new(cfg, Rng::new(3), 0).unwrap();
    run(&mut g, 1_000, &logs);
    assert!(g.share_view().unwrap().partitions[0].acquired_now > 0);
    let mut events = Vec::new();
    g.apply(
        1_000,
        &GroupCommand::CloseMember {
            name: "c1".to_string(),
        },
        &logs,
        &mut events,
    )
    .unwrap();
    run(&mut g, 5_000, &logs);
    let view = g.share_view().unwrap();
    assert_eq!(view.partitions[0].acquired_now, 0);
    assert_eq!(view.counts.lock_expired, 0);
    assert_eq!(view.counts.acknowledged, g.ledger().counts.processed);
}

fn poison(mode: AcknowledgementMode, on_poison: PoisonAction) -> (ConsumerGroup, Vec<GroupEvent>) {
    let logs = logs_with(100, 1, 10);
    let share = ShareConfig {
        acknowledgement_mode: mode,
        poison_keys: vec!["k3".to_string()],
        on_poison,
        record_lock_duration_ms: 5_000,
        ..ShareConfig::default()
    };
    let mut g = ConsumerGroup::new(config(2, share), Rng::new(4), 0).unwrap();
    let events = run(&mut g, 60_000, &logs);
    (g, events)
}

// `SharePartition.acknowledge` with REJECT: archived at once, delivered once.
#[test]
fn a_rejected_poison_record_is_archived_at_once() {
    let (g, events) = poison(AcknowledgementMode::Explicit, PoisonAction::Reject);
    let c = g.share_view().unwrap().counts;
    assert_eq!(c.rejected, 10);
    assert_eq!(c.archived, 10);
    assert_eq!(c.redelivered, 0);
    assert_eq!(g.ledger().counts.lost, 10, "archived, never processed");
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::ShareRecordArchived {
            delivery_count: 1,
            ..
        }
    )));
}

// `InFlightState.tryUpdateState`: a released record is redelivered until its delivery count
// reaches `group.share.delivery.count.limit`, then archived.
#[test]
fn a_released_poison_record_is_redelivered_until_archived() {
    let (g, events) = poison(AcknowledgementMode::Explicit, PoisonAction::Release);
    let c = g.share_view().unwrap().counts;
    assert_eq!(c.released, 50, "five deliveries each");
    assert_eq!(c.redelivered, 40);
    assert_eq!(c.archived, 10);
    assert!(events.iter().any(|e| matches!(
        e.kind,
        GroupEventKind::ShareRecordArchived {
            delivery_count: 5,
            ..
        }
    )));
}

// Implicit mode: the exception stops the consumer; its records return on lock expiry.
#[test]
fn implicit_mode_poison_stops_the_consumer() {
    let (g, _) = poison(AcknowledgementMode::Implicit, PoisonAction::Release);
    assert!(g
        .consumers()
        .iter()
        .all(|c| c.status == kafka_playground::engine::MemberStatus::Failed));
    assert!(g.share_view().unwrap().counts.lock_expired > 0);
}

// `canAcquireRecords`: no more than `group.share.partition.max.record.locks` in flight.
#[test]
fn in_flight_records_stay_under_max_record_locks() {
    let logs = logs_with(1_000, 1, 10);
    let share = ShareConfig {
        partition_max_record_locks: 7,
        ..ShareConfig::default()
    };
    let mut cfg = config(3, share);
    cfg.processing_ms_per_record = 50;
    let mut g = ConsumerGroup::new(cfg, Rng::new(5), 0).unwrap();
    let mut most = 0;
    while g.now_ms() < 5_000 {
        let at = g.next_wakeup_ms().unwrap();
        let mut ev = Vec::new();
        g.advance_to(at, &logs, &mut ev);
        let p = &g.share_view().unwrap().partitions;
        if let Some(p) = p.first() {
            if let (Some(s), Some(e)) = (p.start_offset, p.end_offset) {
                most = most.max(e + 1 - s);
            }
        }
    }
    assert_eq!(most, 7);
}

fn pick<T: Copy>(rng: &mut Rng, xs: &[T]) -> T {
    xs[rng.below(xs.len() as u64) as usize]
}

fn sweep_seed(seed: u64) {
    let mut rng = Rng::new(seed ^ 0x0932);
    let partitions = 1 + rng.below(6) as u32;
    let mut logs = Logs::new(&[("t", partitions)]);
    let share = ShareConfig {
        record_lock_duration_ms: pick(&mut rng, &[1_000, 3_000, 30_000]),
        delivery_count_limit: pick(&mut rng, &[2, 5]),
        partition_max_record_locks: pick(&mut rng, &[3, 50, 200]),
        heartbeat_interval_ms: pick(&mut rng, &[500, 5_000]),
        session_timeout_ms: pick(&mut rng, &[6_000, 45_000]),
        acknowledgement_mode: pick(
            &mut rng,
            &[AcknowledgementMode::Implicit, AcknowledgementMode::Explicit],
        ),
        poison_keys: if rng.below(2) == 0 {
            vec!["e3".to_string()]
        } else {
            Vec::new()
        },
        on_poison: pick(&mut rng, &[PoisonAction::Release, PoisonAction::Reject]),
    };
    let mut cfg = config(1 + rng.below(5) as usize, share);
    cfg.processing_ms_per_record = pick(&mut rng, &[0, 1, 20, 400]);
    cfg.max_poll_records = pick(&mut rng, &[1, 10, 500]);
    cfg.rtt_ms = pick(&mut rng, &[2, 40]);
    let mut g = ConsumerGroup::new(cfg, Rng::stream(seed, 1), 0).expect("valid config");
    let mut next_member = 10;
    let mut t = 0;
    let mut events = Vec::new();
    while t < 40_000 {
        for _ in 0..rng.below(30) {
            let p = rng.below(u64::from(partitions)) as u32;
            logs.append("t", p, &format!("e{}", rng.below(20)));
        }
        let target = t + 300 + rng.below(2_000);
        run(&mut g, target, &logs);
        t = target;
        let names: Vec<String> = g.consumers().iter().map(|c| c.name.clone()).collect();
        let name = names[rng.below(names.len() as u64) as usize].clone();
        let command = match rng.below(7) {
            0 => {
                next_member += 1;
                GroupCommand::AddMember {
                    name: format!("m{next_member}"),
                    instance_id: None,
                }
            }
            1 => GroupCommand::CloseMember { name },
            2 => GroupCommand::CrashMember { name },
            3 | 4 => GroupCommand::RestartMember { name },
            _ => GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record: pick(&mut rng, &[0, 5, 2_000]),
            },
        };
        let _ = g.apply(t, &command, &logs, &mut events);
        if let Err(v) = check_share_group(&g) {
            panic!("seed {seed} t={t}: {v}; SEED={seed} reruns it");
        }
    }
    let _ = logs.n_partitions("t");
}

/// Over 256 seeds; `SEED=n` reruns one.
#[test]
fn no_share_record_is_held_by_two_members_or_acknowledged_twice() {
    let seeds: Vec<u64> = match std::env::var("SEED") {
        Ok(s) => vec![s.parse().expect("SEED is a number")],
        Err(_) => (0..256).collect(),
    };
    for seed in seeds {
        sweep_seed(seed);
    }
}

// `view.compare: "share"`: the first group as a consumer group and as a share group, same seed.
#[test]
fn the_share_comparison_turns_the_first_group_into_a_share_group_and_back() {
    use kafka_playground::compare::Variation;
    use kafka_playground::scenario::{report, GroupTypeSpec, Scenario};
    use kafka_playground::session::replay;
    let json = r#"{"version":1,"groups":[{"group_id":"g","processing":{"mode":"workers","threads":2},"members":[{"name":"a","instance_id":"i-a"},{"name":"b"}]}]}"#;
    let a = Scenario::from_json(json).unwrap().scenario;
    assert!(Variation::Share.applies(&a));
    let b = Variation::Share.apply(&a);
    assert_eq!(b.groups[0].group_type, GroupTypeSpec::Share);
    let sim = replay(&b, 5_000, false).expect("the share side is valid");
    let r = report(&sim);
    assert_eq!(r.groups[0].protocol, "share");
    assert!(r.groups[0].share.is_some());
    assert_eq!(
        Variation::Share.apply(&b).groups[0].group_type,
        GroupTypeSpec::Consumer
    );
}
