//! Kafka's replication vectors (kafka-semantics.md §6(c)) as data: ReplicaTest's fetch state,
//! PartitionTest's ISR shrink and HW rules (with the KAFKA-15583 freeze under min ISR),
//! LeaderEpochFileCacheTest, and PartitionChangeBuilderTest's elections. AlterPartition is
//! immediate here, so where Kafka's test shows "pending until committed" the commit is at once.

use kafka_playground::engine::{
    elect_leader, Election, EpochCache, FetchState, PartitionReplication,
};
use kafka_playground::engine::{Origin, PartitionLog, Record, Routing};

/// `(LSO, LEO, lastCaughtUpTimeMs, lastFetchLeaderLogEndOffset, lastFetchTimeMs)`.
type State = (i64, i64, u64, i64, u64);
/// `(fetch offset, log start, leader LEO, at)`.
type Fetch = (i64, i64, i64, u64);
/// `(target ISR, target replicas, election, (leader, unclean))`.
type ElectionCase<'a> = (&'a [u32], &'a [u32], Election, (Option<u32>, bool));

const T1: u64 = 1_000;
const T2: u64 = 2_000;
const T3: u64 = 3_000;

#[test]
fn replica_test_update_fetch_state() {
    // (fetch offset, log start, leader LEO, at) → (LSO, LEO, lastCaughtUp, lastFetchLeaderLEO, lastFetchTime)
    let steps: &[(Fetch, State)] = &[
        ((5, 1, 10, T1), (1, 5, 0, 10, T1)),
        ((10, 2, 15, T2), (2, 10, T1, 15, T2)),
        ((15, 3, 15, T3), (3, 15, T3, 15, T3)),
    ];
    let mut s = FetchState::default();
    for &((offset, start, leader_leo, at), (lso, leo, caught_up, last_leo, last_time)) in steps {
        s.update(offset, start, leader_leo, at);
        assert_eq!(
            (
                s.log_start_offset,
                s.log_end_offset,
                s.last_caught_up_time_ms,
                s.last_fetch_leader_log_end_offset,
                s.last_fetch_time_ms
            ),
            (lso, leo, caught_up, last_leo, last_time)
        );
    }
}

#[test]
fn replica_test_is_caught_up_when_not_at_log_end() {
    let lag = 30_000;
    let mut now = 100_000;
    let mut s = FetchState::default();
    assert!(!s.is_caught_up(10, now, lag));
    s.update(5, 0, 10, now);
    assert!(!s.is_caught_up(10, now, lag));
    now += 1;
    s.update(10, 0, 15, now);
    assert!(s.is_caught_up(16, now, lag));
    now += 30_001;
    assert!(!s.is_caught_up(16, now, lag));
}

#[test]
fn replica_test_reset_replica_state() {
    let now = 50_000;
    let fetched = || {
        let mut s = FetchState::default();
        s.update(10, 0, 10, 1_000);
        s
    };
    // (new leader, in sync) → (LSO, LEO, lastCaughtUp, lastFetchLeaderLEO, lastFetchTime)
    let cases: &[(bool, bool, State)] = &[
        (false, true, (0, 10, now, 11, now)),
        (false, false, (0, 10, 0, 11, 0)),
        (true, true, (-1, -1, now, -1, 0)),
        (true, false, (-1, -1, 0, -1, 0)),
    ];
    for &(new_leader, in_sync, expected) in cases {
        let mut s = fetched();
        s.reset(now, 11, new_leader, in_sync);
        let got = (
            s.log_start_offset,
            s.log_end_offset,
            s.last_caught_up_time_ms,
            s.last_fetch_leader_log_end_offset,
            s.last_fetch_time_ms,
        );
        assert_eq!(got, expected, "new leader {new_leader}, in sync {in_sync}");
    }
}

fn record(id: u64) -> Record {
    Record {
        id,
        key: None,
        origin: Origin::User,
        partition: 0,
        batch_id: 0,
        routing: Routing::Partitioner,
        entity: None,
        seq: 0,
        entity_id: u32::MAX,
        label: None,
        n_partitions_at_send: 1,
        topic: 0,
        producer: 0,
        sent_at_ms: 0,
        arrives_at_ms: 0,
    }
}

fn log_of(n: u64) -> PartitionLog {
    let mut log = PartitionLog::default();
    for i in 0..n {
        log.append(record(i));
    }
    log
}

/// Brokers 0, 1, 2 with the leader (0) at LEO `leo`, as PartitionTest sets them up.
fn partition(isr: &[u32], leo: u64, now: u64) -> PartitionReplication {
    let mut p = PartitionReplication::new(&[0, 1, 2]);
    p.isr = isr.to_vec();
    p.replicas[0].log = log_of(leo);
    p.become_leader(Some(0), now);
    p
}

#[test]
fn partition_test_maybe_shrink_isr() {
    let (lag, t0) = (30_000, 10_000);
    let all = |_: u32| true;
    let mut p = partition(&[0, 1, 2], 10, t0);
    p.replicas[1].fetch.update(10, 0, 10, t0);
    p.maybe_increment_hw(t0, lag, 1, all);
    assert_eq!(
        p.high_watermark(),
        0,
        "follower 2 never fetched: the HW stays"
    );
    assert!(
        p.out_of_sync(t0, lag).is_empty(),
        "no change at t0: lastCaughtUp is the election time"
    );
    let later = t0 + 30_001;
    assert_eq!(p.out_of_sync(later, lag), vec![2]);
    // AlterPartition commits at once here: ISR [0, 1], then the HW moves to 10.
    p.isr.retain(|&b| b != 2);
    p.maybe_increment_hw(later, lag, 1, all);
    assert_eq!((p.isr.clone(), p.high_watermark()), (vec![0, 1], 10));
}

#[test]
fn partition_test_should_not_shrink_isr_if_previous_fetch_is_caught_up() {
    let (lag, t0) = (30_000, 10_000);
    let all = |_: u32| true;
    let mut p = partition(&[0, 1], 10, t0);
    p.replicas.truncate(2);
    p.replicas[1].fetch.update(5, 0, 10, t0 + 5_000);
    p.maybe_increment_hw(t0 + 5_000, lag, 1, all);
    assert_eq!(p.high_watermark(), 5);
    assert_eq!(p.replicas[1].fetch.last_caught_up_time_ms, t0);
    let t = t0 + 10_001;
    for i in 10..15 {
        p.replicas[0].log.append(record(i));
    }
    p.replicas[1].fetch.update(10, 0, 15, t);
    p.maybe_increment_hw(t, lag, 1, all);
    assert_eq!(
        p.replicas[1].fetch.last_caught_up_time_ms,
        t0 + 5_000,
        "the time of the first fetch"
    );
    assert_eq!(p.high_watermark(), 10);
    assert!(p.out_of_sync(t0 + 35_000, lag).is_empty());
}

#[test]
fn partition_test_should_not_shrink_isr_if_follower_caught_up_to_log_end() {
    let (lag, t0) = (30_000, 10_000);
    let mut p = partition(&[0, 1], 10, t0);
    p.replicas.truncate(2);
    p.replicas[1].fetch.update(10, 0, 10, t0);
    p.maybe_increment_hw(t0, lag, 1, |_| true);
    assert_eq!(p.high_watermark(), 10);
    assert!(
        p.out_of_sync(t0 + 30_001, lag).is_empty(),
        "a follower at the leader's LEO is never out of sync"
    );
}

#[test]
fn partition_test_hw_does_not_advance_under_min_isr() {
    let (lag, t0, min_isr) = (30_000, 10_000, 3);
    let all = |_: u32| true;
    let mut p = partition(&[0, 1], 10, t0);
    assert!(p.isr.len() < p.effective_min_isr(min_isr));
    assert_eq!(p.high_watermark(), 0);
    p.replicas[1].fetch.update(10, 0, 10, t0);
    p.maybe_increment_hw(t0, lag, min_isr, all);
    assert_eq!(
        p.high_watermark(),
        0,
        "ISR [0,1] is below min.insync.replicas 3: frozen"
    );
    p.replicas[2].fetch.update(10, 0, 10, t0);
    // Kafka sends AlterPartition here and advances only once it is committed; ours commits at once.
    assert!(p.maybe_expand_isr(2));
    assert_eq!(p.isr, vec![0, 1, 2]);
    p.maybe_increment_hw(t0, lag, min_isr, all);
    assert_eq!(p.high_watermark(), 10);
}

#[test]
fn leader_epoch_file_cache_test() {
    struct Case {
        assign: &'static [(u32, u64)],
        leo: u64,
        expect: &'static [(i64, (i64, i64))],
    }
    let cases = [
        Case {
            assign: &[(0, 10), (2, 13), (4, 17)],
            leo: 20,
            expect: &[
                (1, (0, 13)),
                (2, (2, 17)),
                (3, (2, 17)),
                (4, (4, 20)),
                (5, (-1, -1)),
                (-1, (-1, -1)),
            ],
        },
        Case {
            assign: &[(5, 11), (6, 12), (7, 13)],
            leo: 20,
            expect: &[(4, (4, 11))],
        },
        Case {
            assign: &[(5, 11), (6, 12), (7, 13), (7, 12)],
            leo: 20,
            expect: &[(5, (5, 12)), (6, (5, 12))],
        },
        Case {
            assign: &[(0, 0), (1, 0)],
            leo: 0,
            expect: &[(1, (1, 0)), (0, (0, 0))],
        },
    ];
    for case in cases {
        let mut c = EpochCache::default();
        for &(e, s) in case.assign {
            c.assign(e, s);
        }
        for &(e, expected) in case.expect {
            assert_eq!(
                c.end_offset_for(e, case.leo),
                expected,
                "{:?} endOffsetFor({e})",
                case.assign
            );
        }
    }
    let mut c = EpochCache::default();
    c.assign(2, 9);
    c.assign(3, 9);
    assert_eq!(c.entries, vec![(3, 9)]);
    // The last case's continuation.
    let mut c = EpochCache::default();
    c.assign(0, 0);
    c.assign(1, 0);
    assert_eq!(c.end_offset_for(1, 5), (1, 5));
    c.assign(2, 5);
    assert_eq!(
        [
            c.end_offset_for(2, 10),
            c.end_offset_for(1, 10),
            c.end_offset_for(0, 10)
        ],
        [(2, 10), (1, 5), (0, 0)]
    );
}

#[test]
fn partition_change_builder_test_elect_leader() {
    use Election::*;
    let foo_acceptable = |r: u32| r != 3;
    // (target ISR, target replicas, election) → (leader, unclean)
    let cases: &[ElectionCase] = &[
        (&[2, 1, 3], &[2, 1, 3], Preferred, (Some(2), false)),
        (&[2, 1, 3], &[2, 1, 3], Online, (Some(1), false)),
        (&[2, 1, 3], &[2, 1, 3], Unclean, (Some(1), false)),
        (&[1, 3], &[2, 1, 3], Online, (Some(1), false)),
        (&[1, 3], &[2, 1, 3], Unclean, (Some(1), false)),
        (&[3], &[2, 1, 3], Online, (None, false)),
        (&[3], &[2, 1, 3], Unclean, (Some(2), true)),
        (&[4], &[2, 1, 3, 4], Unclean, (Some(4), false)),
    ];
    for &(isr, replicas, election, expected) in cases {
        assert_eq!(
            elect_leader(replicas, isr, Some(1), foo_acceptable, election),
            expected,
            "FOO isr {isr:?} {election:?}"
        );
    }
    for election in [Preferred, Online, Unclean] {
        assert_eq!(
            elect_leader(&[2, 1, 3], &[1, 3], Some(3), |_| true, election),
            (Some(3), false),
            "BAZ {election:?}"
        );
    }
}

#[test]
fn partition_change_builder_test_unclean_election_record() {
    // FOO with target ISR [3], UNCLEAN: leader 2, ISR [2], RECOVERING.
    let mut p = PartitionReplication::new(&[2, 1, 3]);
    p.isr = vec![3];
    let (leader, unclean) =
        elect_leader(&[2, 1, 3], &p.isr, Some(1), |r| r != 3, Election::Unclean);
    assert_eq!((leader, unclean), (Some(2), true));
    p.become_leader(leader, 0);
    p.isr = vec![2];
    p.recovering = unclean;
    assert_eq!(
        (p.leader, p.isr.clone(), p.recovering),
        (Some(2), vec![2], true)
    );
}

#[test]
fn follower_truncates_to_the_new_leaders_epoch_end_offset() {
    // Leader b1 (epoch 1) writes 0..8; b2 copies 0..5; b2 becomes leader in epoch 2 and writes
    // 5..7; b1 returns and truncates to 5 (the end of epoch 1 on b2), losing 5..8.
    let mut p = PartitionReplication::new(&[1, 2]);
    p.become_leader(Some(1), 0);
    p.replicas[0].log = log_of(8);
    p.replicas[1].log = log_of(5);
    p.replicas[1].epochs.assign(1, 0);
    p.become_leader(Some(2), 100);
    p.replicas[1].log.append(record(100));
    p.replicas[1].log.append(record(101));
    let t = p
        .truncate_follower(1, 200)
        .expect("b1 has records b2 never had");
    assert_eq!(t.to_offset, 5);
    assert_eq!(t.removed, vec![(5, 5), (6, 6), (7, 7)]);
    assert_eq!(p.replicas[0].leo(), 5);
}
