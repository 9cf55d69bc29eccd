//! A seed sweep over consumer groups with random churn (members added, closed, crashed and
//! restarted; slow members; assignor changes) and random strategies, checked after every
//! processed instant, in the style of TigerBeetle's checkers: ownership after each completed
//! rebalance, the cooperative rule that a partition is never revoked and handed out in the same
//! round, sticky balance, committed offsets within the high watermark, and memory bounds.

use crate::common::logs::Logs;
use kafka_playground::engine::group_limits;
use kafka_playground::engine::Rng;
use kafka_playground::engine::TopicPartition;
use kafka_playground::engine::{
    AssignorKind, CommitMode, ConsumerGroup, GroupCommand, GroupConfig, GroupEventKind, GroupState,
    LogView, MemberConfig, MemberStatus, OffsetReset, ProcessingMode,
};
use std::collections::BTreeMap;

const STRATEGIES: &[&[AssignorKind]] = &[
    &[AssignorKind::Range, AssignorKind::CooperativeSticky],
    &[AssignorKind::Range],
    &[AssignorKind::RoundRobin],
    &[AssignorKind::Sticky],
    &[AssignorKind::CooperativeSticky],
];

fn pick<T: Copy>(rng: &mut Rng, xs: &[T]) -> T {
    xs[rng.below(xs.len() as u64) as usize]
}

fn partitions(logs: &Logs, topics: &[String]) -> Vec<TopicPartition> {
    topics
        .iter()
        .flat_map(|t| {
            (0..logs.n_partitions(t).unwrap_or(0)).map(move |p| TopicPartition {
                topic: t.clone(),
                partition: p,
            })
        })
        .collect()
}

/// Every running member is Stable in the coordinator's generation with nothing left to do, and
/// the coordinator knows exactly these members.
fn quiescent(g: &ConsumerGroup) -> bool {
    let c = g.coordinator();
    let running: Vec<_> = g
        .consumers()
        .iter()
        .filter(|m| m.status.is_running())
        .collect();
    c.state() == GroupState::Stable
        && c.member_ids().len() == running.len()
        && running.iter().all(|m| {
            m.status == MemberStatus::Stable
                && m.generation == c.generation()
                && m.rejoin.is_none()
                && !m.closing
        })
}

fn check(
    g: &ConsumerGroup,
    logs: &Logs,
    topics: &[String],
    seed: u64,
    last_checked_generation: &mut i32,
    prev: &mut BTreeMap<TopicPartition, String>,
) {
    let at = g.now_ms();
    let all = partitions(logs, topics);
    // Committed offsets never exceed the high watermark.
    for (tp, offset) in g.coordinator().committed() {
        let hw = logs.high_watermark(&tp.topic, tp.partition);
        assert!(
            *offset <= hw,
            "seed {seed} t={at}: {tp} committed {offset} > hw {hw}"
        );
    }
    // Safety at all times: no partition owned by two running members of the current generation.
    let mut owners: BTreeMap<&TopicPartition, &str> = BTreeMap::new();
    for m in g.consumers().iter().filter(|m| {
        m.status.is_running() && m.generation == g.coordinator().generation() && m.generation >= 0
    }) {
        for tp in &m.owned {
            if let Some(other) = owners.insert(tp, &m.name) {
                panic!("seed {seed} t={at}: {tp} owned by {other} and {}", m.name);
            }
        }
    }
    // After every completed rebalance (once the group has settled): exactly one owner each.
    if quiescent(g) {
        let assignment_size: usize = g
            .consumers()
            .iter()
            .filter(|m| m.status.is_running())
            .map(|m| m.owned.len())
            .sum();
        let running = g
            .consumers()
            .iter()
            .filter(|m| m.status.is_running())
            .count();
        if running > 0 {
            assert_eq!(
                assignment_size,
                all.len(),
                "seed {seed} t={at}: {} partitions, {assignment_size} owned",
                all.len()
            );
            for tp in &all {
                assert!(
                    owners.contains_key(tp),
                    "seed {seed} t={at}: {tp} has no owner"
                );
            }
            let protocol = g.coordinator().protocol();
            if matches!(
                protocol,
                Some(AssignorKind::Sticky | AssignorKind::CooperativeSticky)
            ) {
                let counts: Vec<usize> = g
                    .consumers()
                    .iter()
                    .filter(|m| m.status.is_running())
                    .map(|m| m.owned.len())
                    .collect();
                let (min, max) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
                assert!(
                    max - min <= 1,
                    "seed {seed} t={at}: sticky counts {counts:?}"
                );
            }
        }
    }
    let _ = (last_checked_generation, prev);
    // Memory bounds.
    assert!(
        g.ledger_state().tracked_offsets() <= all.len().max(1) * group_limits::LEDGER_WINDOW_MAX
    );
    assert!(g.ledger_state().tracked_entities() <= group_limits::LEDGER_ENTITIES_MAX);
    let (kept, _) = g.rebalances();
    assert!(kept.len() <= group_limits::REBALANCES_KEPT_MAX);
    for m in g.consumers() {
        assert!(
            m.unprocessed() <= group_limits::IN_FLIGHT_MAX + 10_000,
            "seed {seed}: {} holds {}",
            m.name,
            m.unprocessed()
        );
    }
    assert!(g.queued() < 10_000, "seed {seed}: queue {}", g.queued());
}

/// Partitions revoked and added in one generation's assignments.
#[derive(Default)]
struct Round {
    revoked: Vec<TopicPartition>,
    added: Vec<TopicPartition>,
}

/// KIP-429: no partition is handed to a new owner in the round in which it is revoked.
fn cooperative_rule(
    events: &[kafka_playground::engine::GroupEvent],
    rounds: &mut BTreeMap<i32, Round>,
    seed: u64,
) {
    for e in events {
        if let GroupEventKind::Assigned {
            generation,
            added,
            revoked,
        } = &e.kind
        {
            let round = rounds.entry(*generation).or_default();
            round.revoked.extend(revoked.iter().cloned());
            round.added.extend(added.iter().cloned());
            for tp in &round.revoked {
                assert!(
                    !round.added.contains(tp),
                    "seed {seed} gen {generation}: {tp} revoked and added in one round"
                );
            }
        }
    }
    while rounds.len() > 8 {
        rounds.pop_first();
    }
}

fn run_seed(seed: u64) {
    let mut rng = Rng::new(seed);
    let n_topics = 1 + rng.below(2) as usize;
    let topics: Vec<String> = (0..n_topics).map(|i| format!("t{i}")).collect();
    let spec: Vec<(&str, u32)> = topics
        .iter()
        .map(|t| (t.as_str(), 1 + rng.below(8) as u32))
        .collect();
    let mut logs = Logs::new(&spec);
    let strategy = pick(&mut rng, STRATEGIES).to_vec();
    let n_members = 1 + rng.below(4) as usize;
    let members: Vec<MemberConfig> = (0..n_members)
        .map(|i| MemberConfig {
            name: format!("m{i}"),
            instance_id: (rng.below(3) == 0).then(|| format!("inst{i}")),
        })
        .collect();
    let commit = pick(
        &mut rng,
        &[
            CommitMode::Auto { interval_ms: 1_000 },
            CommitMode::SyncPerBatch,
            CommitMode::AsyncPerBatch,
            CommitMode::BeforeProcessing,
            CommitMode::SyncPerRecord,
        ],
    );
    let processing = pick(
        &mut rng,
        &[
            ProcessingMode::PollLoop,
            ProcessingMode::PollLoop,
            ProcessingMode::Workers { threads: 3 },
        ],
    );
    let config = GroupConfig {
        group_id: format!("g{seed}"),
        topics: topics.clone(),
        assignors: strategy,
        session_timeout_ms: 6_000 + rng.below(10_000) as u32,
        heartbeat_interval_ms: 1_000,
        max_poll_interval_ms: 8_000 + rng.below(20_000) as u32,
        max_poll_records: 50,
        commit,
        processing,
        processing_ms_per_record: 1 + rng.below(5) as u32,
        auto_offset_reset: pick(&mut rng, &[OffsetReset::Earliest, OffsetReset::Latest]),
        members,
        rtt_ms: 10,
        metadata_max_age_ms: 5_000,
        ..GroupConfig::default()
    };
    let mut g = ConsumerGroup::new(config, Rng::stream(seed, 1), 0).expect("valid config");
    let mut events = Vec::new();
    let (mut last_gen, mut prev) = (0, BTreeMap::new());
    let mut rounds: BTreeMap<i32, Round> = BTreeMap::new();
    let mut next_member = n_members;
    let end_ms = 120_000;
    let mut t = 0;
    while t < end_ms {
        let step = 500 + rng.below(3_000);
        // Produce a few records.
        for _ in 0..rng.below(20) {
            let ti = rng.below(topics.len() as u64) as usize;
            let n = logs.n_partitions(&topics[ti]).unwrap_or(1);
            let p = rng.below(u64::from(n)) as u32;
            let key = format!("e{}", rng.below(30));
            logs.append(&topics[ti], p, &key);
        }
        // Advance instant by instant, checking after each.
        let target = t + step;
        while let Some(at) = g.next_wakeup_ms() {
            if at > target {
                break;
            }
            g.advance_to(at, &logs, &mut events);
            if std::env::var("GROUP_TRACE").is_ok_and(|v| v == seed.to_string()) {
                for e in &events {
                    if !matches!(
                        e.kind,
                        GroupEventKind::Polled { .. } | GroupEventKind::Committed { .. }
                    ) {
                        println!("{e:?}");
                    }
                }
            }
            check(&g, &logs, &topics, seed, &mut last_gen, &mut prev);
            cooperative_rule(&events, &mut rounds, seed);
            events.clear();
        }
        g.advance_to(target, &logs, &mut events);
        t = target;
        let names: Vec<String> = g.consumers().iter().map(|m| m.name.clone()).collect();
        let name = pick(
            &mut rng,
            &names.iter().map(String::as_str).collect::<Vec<_>>(),
        )
        .to_string();
        let command = match rng.below(9) {
            0 | 1 => {
                next_member += 1;
                GroupCommand::AddMember {
                    name: format!("m{next_member}"),
                    instance_id: (rng.below(3) == 0).then(|| format!("inst{next_member}")),
                }
            }
            2 => GroupCommand::CloseMember { name },
            3 => GroupCommand::CrashMember { name },
            4 | 5 => GroupCommand::RestartMember { name },
            6 => GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record: pick(&mut rng, &[0, 1, 5, 200]),
            },
            7 => GroupCommand::SetAssignors {
                assignors: pick(&mut rng, STRATEGIES).to_vec(),
            },
            _ => GroupCommand::SetCommitMode {
                commit: pick(
                    &mut rng,
                    &[
                        CommitMode::Auto { interval_ms: 500 },
                        CommitMode::SyncPerBatch,
                    ],
                ),
            },
        };
        // Refusals (restarting a running member, ...) must leave the group unchanged.
        let before = g.consumers().to_vec();
        if std::env::var("GROUP_TRACE").is_ok_and(|v| v == seed.to_string()) {
            println!("t={t} {command:?}");
        }
        if g.apply(t, &command, &logs, &mut events).is_err() {
            assert_eq!(
                g.consumers(),
                &before[..],
                "seed {seed}: a refused command changed state"
            );
        }
        check(&g, &logs, &topics, seed, &mut last_gen, &mut prev);
        events.clear();
    }
    // Let everything settle with no churn: the group converges to a full assignment.
    let settle_to = t + 200_000;
    g.advance_to(settle_to, &logs, &mut events);
    check(&g, &logs, &topics, seed, &mut last_gen, &mut prev);
    let running = g
        .consumers()
        .iter()
        .filter(|m| m.status.is_running())
        .count();
    let stuck_on_protocol = g.consumers().iter().any(|m| {
        m.error
            .as_ref()
            .is_some_and(|e| e.class_name() == "InconsistentGroupProtocolException")
    });
    if running > 0 && !stuck_on_protocol {
        assert!(
            quiescent(&g),
            "seed {seed}: not settled: {:?} {:#?}",
            g.coordinator_view(),
            g.consumers()
                .iter()
                .map(|m| (&m.name, m.status, m.generation, m.rejoin))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn random_churn_keeps_the_group_invariants() {
    for seed in 0..64 {
        run_seed(seed);
    }
}
