//! A seed sweep over `consumer`-protocol groups (KIP-848) with random churn (members added,
//! closed, crashed and restarted, static or dynamic; slow members past `max.poll.interval.ms`;
//! commit-mode changes), checked after every processed instant: the coordinator holds each
//! partition for one member and every member it knows owns only what it holds for it, so no
//! partition is owned by two members at once (`check_consumer_protocol_ownership`); committed
//! offsets stay within the high watermark; and once the churn stops the group converges to
//! Stable with every partition owned once. `SEED=n` reruns one seed.

use crate::common::logs::Logs;
use kafka_playground::engine::Rng;
use kafka_playground::engine::TopicPartition;
use kafka_playground::engine::{
    check_consumer_protocol_ownership, CommitMode, ConsumerGroup, ConsumerGroupState, GroupCommand,
    GroupConfig, GroupProtocol, LogView, MemberConfig, MemberStatus, OffsetReset, ProcessingMode,
    RemoteAssignor,
};
use std::collections::BTreeMap;

fn pick<T: Copy>(rng: &mut Rng, xs: &[T]) -> T {
    xs[rng.below(xs.len() as u64) as usize]
}

fn check(g: &ConsumerGroup, logs: &Logs, seed: u64) {
    let at = g.now_ms();
    if let Err(v) = check_consumer_protocol_ownership(g) {
        panic!("seed {seed} t={at}: {v}; SEED={seed} reruns it");
    }
    // The same rule from the clients' side alone: among running members the coordinator
    // knows, no partition has two owners.
    let coordinator = g.consumer_coordinator().expect("a consumer-protocol group");
    let mut owners: BTreeMap<&TopicPartition, &str> = BTreeMap::new();
    for c in g
        .consumers()
        .iter()
        .filter(|c| c.status.is_running() && coordinator.member(&c.member_id).is_some())
    {
        for tp in &c.owned {
            if let Some(other) = owners.insert(tp, &c.name) {
                panic!("seed {seed} t={at}: {tp} owned by {other} and {}", c.name);
            }
        }
    }
    for (tp, offset) in g.coordinator().committed() {
        let hw = logs.high_watermark(&tp.topic, tp.partition);
        assert!(
            *offset <= hw,
            "seed {seed} t={at}: {tp} committed {offset} > hw {hw}"
        );
    }
    assert!(g.queued() < 10_000, "seed {seed}: queue {}", g.queued());
}

fn run_seed(seed: u64) {
    let mut rng = Rng::new(seed ^ 0x0848);
    let n_topics = 1 + rng.below(2) as usize;
    let topics: Vec<String> = (0..n_topics).map(|i| format!("t{i}")).collect();
    let spec: Vec<(&str, u32)> = topics
        .iter()
        .map(|t| (t.as_str(), 1 + rng.below(8) as u32))
        .collect();
    let mut logs = Logs::new(&spec);
    let n_members = 1 + rng.below(4) as usize;
    let members: Vec<MemberConfig> = (0..n_members)
        .map(|i| MemberConfig {
            name: format!("m{i}"),
            instance_id: (rng.below(3) == 0).then(|| format!("inst{i}")),
        })
        .collect();
    let config = GroupConfig {
        group_id: format!("g{seed}"),
        topics: topics.clone(),
        group_protocol: GroupProtocol::Consumer,
        remote_assignor: pick(&mut rng, &[RemoteAssignor::Uniform, RemoteAssignor::Range]),
        consumer_session_timeout_ms: 6_000 + rng.below(10_000) as u32,
        consumer_heartbeat_interval_ms: pick(&mut rng, &[500, 1_000, 3_000]),
        max_poll_interval_ms: 8_000 + rng.below(20_000) as u32,
        max_poll_records: 50,
        commit: pick(
            &mut rng,
            &[
                CommitMode::Auto { interval_ms: 1_000 },
                CommitMode::SyncPerBatch,
                CommitMode::AsyncPerBatch,
                CommitMode::BeforeProcessing,
                CommitMode::SyncPerRecord,
            ],
        ),
        processing: pick(
            &mut rng,
            &[
                ProcessingMode::PollLoop,
                ProcessingMode::Workers { threads: 3 },
            ],
        ),
        processing_ms_per_record: 1 + rng.below(5) as u32,
        auto_offset_reset: pick(&mut rng, &[OffsetReset::Earliest, OffsetReset::Latest]),
        rtt_ms: pick(&mut rng, &[2, 10, 40]),
        members,
        ..GroupConfig::default()
    };
    let mut g = ConsumerGroup::new(config, Rng::stream(seed, 1), 0).expect("valid config");
    let mut events = Vec::new();
    let mut next_member = n_members;
    let mut t = 0;
    while t < 60_000 {
        let step = 500 + rng.below(3_000);
        for _ in 0..rng.below(20) {
            let ti = rng.below(topics.len() as u64) as usize;
            let n = logs.n_partitions(&topics[ti]).unwrap_or(1);
            let p = rng.below(u64::from(n)) as u32;
            let key = format!("e{}", rng.below(30));
            logs.append(&topics[ti], p, &key);
        }
        let target = t + step;
        while let Some(at) = g.next_wakeup_ms() {
            if at > target {
                break;
            }
            g.advance_to(at, &logs, &mut events);
            check(&g, &logs, seed);
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
        let command = match rng.below(8) {
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
                processing_ms_per_record: pick(&mut rng, &[0, 1, 5, 600]),
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
        let _ = g.apply(t, &command, &logs, &mut events);
        check(&g, &logs, seed);
        events.clear();
    }
    // No more churn, and no more slow members: the group converges.
    let names: Vec<String> = g.consumers().iter().map(|m| m.name.clone()).collect();
    for name in names {
        let _ = g.apply(
            t,
            &GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record: 1,
            },
            &logs,
            &mut events,
        );
    }
    let settle_to = t + 120_000;
    while let Some(at) = g.next_wakeup_ms() {
        if at > settle_to {
            break;
        }
        g.advance_to(at, &logs, &mut events);
        check(&g, &logs, seed);
        events.clear();
    }
    let running: Vec<_> = g
        .consumers()
        .iter()
        .filter(|c| c.status.is_running())
        .collect();
    if running.is_empty() {
        return;
    }
    let coordinator = g.consumer_coordinator().unwrap();
    assert_eq!(
        coordinator.state(),
        ConsumerGroupState::Stable,
        "seed {seed}: not settled: {:#?}",
        coordinator.members()
    );
    let total: u32 = topics
        .iter()
        .map(|t| logs.n_partitions(t).unwrap_or(0))
        .sum();
    let owned: usize = running.iter().map(|c| c.owned.len()).sum();
    assert_eq!(
        owned, total as usize,
        "seed {seed}: every partition owned once"
    );
    for c in running {
        assert_eq!(c.status, MemberStatus::Stable, "seed {seed}: {}", c.name);
        let m = coordinator.member(&c.member_id).expect("in the group");
        let mut mine = c.owned.clone();
        mine.sort();
        assert_eq!(
            mine, m.assigned,
            "seed {seed}: {} owns its assignment",
            c.name
        );
    }
}

/// Over 256 seeds; `SEED=n` reruns one. Seed 16 broke it when every heartbeat carried the
/// owned partitions (`HeartbeatState.buildRequestData` sends them only when they changed).
#[test]
fn no_partition_has_two_owners_under_the_consumer_protocol() {
    let seeds: Vec<u64> = match std::env::var("SEED") {
        Ok(s) => vec![s.parse().expect("SEED is a number")],
        Err(_) => (0..256).collect(),
    };
    for seed in seeds {
        run_seed(seed);
    }
}
