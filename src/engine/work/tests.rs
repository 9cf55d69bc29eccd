//! The work measure's figures, by the happenings it counts.

use super::*;
use crate::engine::config::TopicConfig;
use crate::engine::group::{GroupConfig, MemberConfig};
use crate::engine::limits::{RATE_PER_SEC_MAX, RUN_MS_MAX, SIMULATED_WORK_MAX};

fn members(n: usize) -> Vec<MemberConfig> {
    (1..=n)
        .map(|i| MemberConfig {
            name: format!("c{i}"),
            instance_id: None,
        })
        .collect()
}

/// The stress benchmark: 256 partitions, RF 3, 100000 records/s, four groups of 64.
fn stress() -> SimConfig {
    let mut config = SimConfig::default();
    config.topics[0].partitions = 256;
    config.producers[0].rate_per_sec = 100_000;
    config.groups = (0..4)
        .map(|g| GroupConfig {
            group_id: format!("g{g}"),
            members: members(64),
            ..GroupConfig::default()
        })
        .collect();
    config
}

fn share(work: &SimulatedWork, pick: impl Fn(&WorkKind) -> bool) -> &WorkShare {
    work.shares.iter().find(|s| pick(&s.kind)).expect("a share")
}

#[test]
fn the_stress_benchmark_is_well_within_the_limit() {
    let work = simulated_work(&stress(), [], 40_000);
    // 4 million records, each appended, copied twice and read by four groups.
    assert_eq!(
        work.shares[0].kind,
        WorkKind::Records {
            producer: 0,
            records: 4_000_000,
            follower_copies: 2,
            group_reads: 4,
        }
    );
    assert_eq!(work.shares[0].units, 28_000_000);
    // Per group: 25600 idle polls and 8000 reading ones (4 units each), looking at 256
    // partitions ten times a second and at 4 owned partitions per reading poll.
    let polls = share(&work, |k| matches!(k, WorkKind::Polls { group: 0, .. }));
    assert_eq!(polls.units, 33_600 * 4 + 102_400 + 8_000 * 4);
    let heartbeats = share(&work, |k| {
        matches!(k, WorkKind::Heartbeats { group: 0, .. })
    });
    assert_eq!(heartbeats.units, 853 * 4);
    let isr = share(&work, |k| matches!(k, WorkKind::IsrChecks { .. }));
    assert_eq!(isr.units, 2 * 256);
    assert_eq!(work.units(), 29_089_360);
    assert!(!work.is_over_limit());
    assert!(work.units() * 6 < SIMULATED_WORK_MAX);
}

#[test]
fn just_under_and_just_over_the_limit() {
    // One partition, one replica, checked every 300 s: the records are nearly all the work.
    let mut config = SimConfig::default();
    config.topics[0] = TopicConfig {
        partitions: 1,
        replication_factor: 1,
        ..config.topics[0].clone()
    };
    config.replica_lag_time_max_ms = limits::REPLICA_LAG_MS_MAX;
    config.producers[0].rate_per_sec = RATE_PER_SEC_MAX;
    let under = simulated_work(&config, [], 1_999_999);
    assert_eq!(under.units(), 199_999_900 + 6);
    assert!(!under.is_over_limit());
    let over = simulated_work(&config, [], 2_000_000);
    assert_eq!(over.units(), 200_000_000 + 6);
    assert!(over.is_over_limit());
}

#[test]
fn a_day_at_the_highest_rate_or_of_idle_groups_is_over_the_limit() {
    let mut config = SimConfig::default();
    config.topics[0].replication_factor = 1;
    config.producers[0].rate_per_sec = RATE_PER_SEC_MAX;
    let work = simulated_work(&config, [], RUN_MS_MAX);
    assert_eq!(work.units(), 8_640_000_000 + 5_760 * 6);
    assert!(work.is_over_limit());
    // Four idle groups of 64 members on 256 partitions, with no records at all.
    let mut idle = stress();
    idle.producers[0].rate_per_sec = 0;
    let work = simulated_work(&idle, [], RUN_MS_MAX);
    assert_eq!(work.units(), 4 * 449_740_800 + 5_760 * 256);
    assert!(work.is_over_limit());
}

#[test]
fn rates_follow_the_set_rate_actions_the_engine_applies() {
    let config = SimConfig::default(); // 20 records/s, RF 3, no groups
    let slower = Command::SetRate {
        producer: 0,
        rate_per_sec: 5,
    };
    let refused = Command::SetRate {
        producer: 0,
        rate_per_sec: RATE_PER_SEC_MAX + 1,
    };
    let no_such_producer = Command::SetRate {
        producer: 3,
        rate_per_sec: 100,
    };
    let produce = Command::Produce {
        producer: 0,
        key: None,
        partition: None,
    };
    let after_the_end = Command::SetRate {
        producer: 0,
        rate_per_sec: 100_000,
    };
    let actions = [
        (1_000, &produce),
        (2_000, &slower),
        (3_000, &refused),
        (3_000, &no_such_producer),
        (10_001, &after_the_end),
    ];
    let work = simulated_work(&config, actions, 10_000);
    // 20/s for 2 s, 5/s for 8 s, one produced by hand.
    let records = &work.shares[0];
    assert!(matches!(
        records.kind,
        WorkKind::Records {
            records: 81,
            follower_copies: 2,
            ..
        }
    ));
    assert_eq!(records.units, 81 * 3);
    // The fields name the producer's rate, the set_rate action applied, and the replicas.
    let fields: Vec<String> = records.fields.iter().map(|f| f.to_string()).collect();
    assert_eq!(
        fields,
        [
            "producers[0].rate_per_sec",
            "actions[1].rate_per_sec",
            "topics[0].replication_factor"
        ]
    );
}

#[test]
fn added_members_and_partitions_count_from_when_they_come() {
    let mut config = SimConfig {
        replica_lag_time_max_ms: 20_000, // an ISR check every 10 s
        groups: vec![GroupConfig::default()],
        ..SimConfig::default()
    };
    config.producers[0].rate_per_sec = 0;
    let add = Command::Group {
        group: 0,
        command: GroupCommand::AddMember {
            name: "late".to_string(),
            instance_id: None,
        },
    };
    let grow = Command::AddPartitions {
        topic: 0,
        total: 12,
    };
    let work = simulated_work(&config, [(4_000, &add), (5_000, &grow)], 10_000);
    // Three members for 10 s and one for 6 s: 360 idle polls; 12 partitions (counted at the
    // most the topic reaches) looked at ten times a second for 10 s.
    let polls = share(&work, |k| matches!(k, WorkKind::Polls { .. }));
    assert_eq!(polls.units, 360 * POLL_UNITS + 12 * 100);
    assert!(polls.fields.contains(&FieldPath::of(Part::Action(0))));
    assert!(polls
        .fields
        .contains(&FieldPath::at(Part::Action(1), "total")));
    let heartbeats = share(&work, |k| matches!(k, WorkKind::Heartbeats { .. }));
    assert_eq!(heartbeats.units, (36_000 / 3_000) * HEARTBEAT_UNITS);
    let isr = share(&work, |k| matches!(k, WorkKind::IsrChecks { .. }));
    assert_eq!(isr.units, 12);
}

#[test]
fn retries_count_once_writes_can_be_refused() {
    let run_ms = 60_000;
    let retries = |config: &SimConfig, actions: &[(u64, &Command)]| {
        simulated_work(config, actions.iter().copied(), run_ms)
            .shares
            .into_iter()
            .find(|s| matches!(s.kind, WorkKind::Retries { .. }))
    };
    let kill = |broker| Command::KillBroker { broker };
    let (one, two, three) = (kill(1), kill(2), kill(3));
    let slow = Command::SlowBroker {
        broker: 2,
        delay_ms: 500,
    };
    // 20 records/s, acks=all, RF 3, min.insync.replicas 1: no fault, or one or two brokers
    // stopped, leaves an ISR big enough.
    let mut config = SimConfig::default();
    assert_eq!(retries(&config, &[]), None);
    assert_eq!(retries(&config, &[(10_000, &one), (20_000, &two)]), None);
    // The third leaves none: from then on, 400 records, each retried at most 27 times in the
    // 20 s left: the backoff doubles from 100 ms to 1 s (KIP-580), each wait 20% short at worst
    // (80 + 160 + 320 + 640 ms, then 23 waits of 800 ms).
    let third = retries(&config, &[(10_000, &one), (20_000, &two), (40_000, &three)]);
    let third = third.expect("retries");
    assert_eq!(
        third.kind,
        WorkKind::Retries {
            producer: 0,
            records: 400,
            retries_per_record: 27,
        }
    );
    assert_eq!(third.units, 400 * 27 * RETRY_UNITS);
    assert_eq!(third.fields[3], FieldPath::of(Part::Action(2)));
    // With min.insync.replicas 3, one broker stopped or slowed is enough.
    config.topics[0].min_insync_replicas = 3;
    let slowed = retries(&config, &[(20_000, &slow)]).expect("retries");
    assert!(matches!(
        slowed.kind,
        WorkKind::Retries {
            records: 800,
            retries_per_record: 52,
            ..
        }
    ));
    // acks=0 never retries; acks=1 only once every replica may be gone, one of them stopped.
    config.producers[0].acks = Acks::Zero;
    assert_eq!(retries(&config, &[(0, &one), (0, &two), (0, &three)]), None);
    config.producers[0].acks = Acks::One;
    assert_eq!(retries(&config, &[(0, &one), (1_000, &slow)]), None);
    let gone = retries(&config, &[(0, &one), (1_000, &slow), (30_000, &three)]);
    assert_eq!(
        gone.expect("retries").fields[3],
        FieldPath::of(Part::Action(2))
    );
    // A replica latency near replica.lag.time.max.ms can refuse acks=all writes from the
    // start, with no action; the lessons' few milliseconds cannot.
    config.producers[0].acks = Acks::All;
    config.topics[0].min_insync_replicas = 1;
    config.replica_latency_ms = 20;
    assert_eq!(retries(&config, &[]), None);
    config.replica_latency_ms = 10_000;
    let latency = retries(&config, &[]).expect("retries");
    assert_eq!(
        latency.fields[3],
        FieldPath::at(Part::Cluster, "replica_latency_ms")
    );
    // The retry window is the delivery timeout (120 s) or what is left of the run.
    let WorkKind::Retries {
        records,
        retries_per_record,
        ..
    } = latency.kind
    else {
        panic!("{:?}", latency.kind)
    };
    assert_eq!((records, retries_per_record), (1_200, 77));
}

/// Every field that multiplies the work is counted: at its extreme for a day, with everything
/// else at its default, each alone is over the limit, and names itself among the fields.
#[test]
fn no_single_field_alone_asks_for_unbounded_work() {
    type Edit = fn(&mut SimConfig);
    let cases: [(&str, Edit, FieldPath); 5] = [
        (
            "rate",
            |c| c.producers[0].rate_per_sec = RATE_PER_SEC_MAX,
            FieldPath::at(Part::Producer(0), "rate_per_sec"),
        ),
        (
            "heartbeat interval",
            |c| c.groups[0].heartbeat_interval_ms = 1,
            FieldPath::at(Part::Group(0), "heartbeat_interval_ms"),
        ),
        (
            "ISR check interval",
            |c| c.replica_lag_time_max_ms = 2,
            FieldPath::at(Part::Cluster, "replica_lag_time_max_ms"),
        ),
        (
            // Writes refused once a broker stops (below), and retried every millisecond.
            "retry backoff",
            |c| {
                c.topics[0].min_insync_replicas = 3;
                c.producers[0].retry_backoff_ms = 1;
                c.producers[0].retry_backoff_max_ms = 1;
            },
            FieldPath::at(Part::Producer(0), "retry_backoff_ms"),
        ),
        (
            "members",
            |c| {
                c.topics[0].partitions = limits::PARTITIONS_MAX;
                c.groups[0].members = members(crate::engine::group_limits::MEMBERS_MAX);
            },
            FieldPath::at(Part::Group(0), "members"),
        ),
    ];
    let kill = Command::KillBroker { broker: 2 };
    for (what, edit, field) in cases {
        let mut config = SimConfig {
            groups: vec![GroupConfig::default()],
            ..SimConfig::default()
        };
        edit(&mut config);
        let work = simulated_work(&config, [(0, &kill)], RUN_MS_MAX);
        assert!(work.is_over_limit(), "{what}: {} units", work.units());
        let largest = work.largest_first()[0];
        assert!(largest.fields.contains(&field), "{what}: {largest:?}");
    }
}

#[test]
fn shares_read_in_words() {
    let work = simulated_work(&stress(), [], 40_000);
    let words: Vec<String> = work
        .largest_first()
        .iter()
        .map(|s| s.kind.to_string())
        .collect();
    assert_eq!(
        words[0],
        "4000000 records × 7: an append, 2 follower copies, 4 group reads"
    );
    assert_eq!(
        words[1],
        "33600 polls, 4 units each plus one per partition the member owns, of 256"
    );
}
