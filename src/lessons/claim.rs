//! What a lesson claims about a run, and how the engine judges each claim live: a claim waits
//! for enough data ("watching"), then passes or fails from the one place each figure lives.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::{partition_for_key_str, BusiestInSecond, ProduceError, Sim};

/// A claim about the run that the engine checks as it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The load is even: skew (the busiest partition's records since the start ÷ the mean)
    /// below `percent`. The whole run's load, not the last second's: it settles as records
    /// accumulate, so the verdict stays once given.
    SkewBelow { percent: u64 },
    /// The load is uneven: the whole run's skew at least `percent`.
    SkewAtLeast { percent: u64 },
    /// In each of the run's first `seconds` whole seconds, one partition took at least
    /// `percent` of that second's records. Decided once those seconds are over, from them only.
    BusiestEachSecondAtLeast { percent: u64, seconds: u64 },
    /// Over the run's first `seconds` whole seconds, at least `partitions` different
    /// partitions were a second's busiest: the hot partition moves.
    HotPartitionMovedAtLeast { partitions: u32, seconds: u64 },
    /// The partition `key` maps to is flagged hot.
    HotPartitionOf { key: &'static str },
    /// At most `n` partitions have received any record.
    PartitionsUsedAtMost { n: u32 },
    /// Every partition has received records.
    AllPartitionsUsed,
    /// No entity's records span partitions: per-key order holds.
    OrderIntact,
    /// At least `n` entities' records span partitions: per-key order is broken.
    /// It fails if that has not happened by `by_ms`: a count that only grows can only be
    /// called short once the time given to it is over.
    OrderBrokenFor { n: u64, by_ms: u64 },
    /// The last growth moved at least `percent` of the keys.
    KeysMovedAtLeast { percent: u64 },
    /// The keyless partitioner has switched partition at least `n` times.
    PartitionerSwitchedAtLeast { n: u64 },
    /// Consumer group `group`'s `metric` reaches `value`; it fails if it has not by `by_ms`.
    GroupAtLeast {
        group: u32,
        metric: GroupMetric,
        value: u64,
        by_ms: u64,
    },
    /// Consumer group `group`'s `metric` stays at or below `value`; it holds once `by_ms` has
    /// passed without it going over.
    GroupAtMost {
        group: u32,
        metric: GroupMetric,
        value: u64,
        by_ms: u64,
    },
    /// Group `group`'s `metric` is below group `than`'s, judged at `by_ms`.
    GroupBelow {
        group: u32,
        than: u32,
        metric: GroupMetric,
        by_ms: u64,
    },
    /// A replication measure reaches `value`; it fails if it has not by `by_ms`.
    ReplicationAtLeast {
        metric: ReplicationMetric,
        value: u64,
        by_ms: u64,
    },
    /// A replication measure stays at or below `value`; it holds once `by_ms` has passed.
    ReplicationAtMost {
        metric: ReplicationMetric,
        value: u64,
        by_ms: u64,
    },
    /// The main producer sent less than `percent` of its records to partitions whose leader is
    /// a slowed broker (adaptive partitioning at work), judged at `by_ms`.
    SlowLeaderShareBelow { percent: u64, by_ms: u64 },
    /// Topic `topic`'s partitions were unavailable at least `factor` times as long as topic
    /// `than`'s, by `by_ms`.
    UnavailableTimes {
        topic: u32,
        than: u32,
        factor: u64,
        by_ms: u64,
    },
}

/// What a replication claim measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicationMetric {
    /// Producer `producer`'s acknowledged records.
    Acked { producer: u32 },
    /// Producer `producer`'s acknowledged records later lost.
    AckedLost { producer: u32 },
    /// Producer `producer`'s writes refused with `NotEnoughReplicasException`.
    NotEnoughReplicas { producer: u32 },
    /// Partitions without a leader now.
    OfflinePartitions,
    /// Partitions whose ISR is short of their replicas now.
    UnderReplicated,
    /// Followers dropped from an ISR so far.
    IsrShrinks,
    /// Followers back in an ISR so far.
    IsrExpands,
    /// Records removed from replicas by truncation.
    Truncated,
}

/// What a group claim measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupMetric {
    /// Records committed past but never processed.
    Lost,
    /// Records processed again.
    Duplicated,
    /// Records processed after a later record of their key.
    OutOfOrder,
    /// Members in the group with no partition.
    IdleMembers,
    /// Completed rebalances.
    Rebalances,
    /// Failed commits (`CommitFailedException`, ...).
    CommitFailures,
    /// Members stopped by an error (`NoOffsetForPartitionException`, ...).
    FailedMembers,
    /// Records processed by the group as a percentage of the records appended to its topics.
    ProcessedPercent,
    /// Partition-ms with no running owner after the first join: what rebalances cost.
    RebalancePause,
    /// The most partitions paused at the same moment after the first join.
    MostPausedAtOnce,
    /// Positions found past a log divergence after a leader change (KIP-320).
    TruncationsDetected,
    /// Records a member's position fell behind the log start before it read them.
    SkippedByRetention,
    /// Members that processed at least one record.
    BusyMembers,
    /// A share group's acquisitions of a record delivered before (KIP-932).
    ShareRedelivered,
    /// A share group's records archived (rejected, or out of delivery attempts).
    ShareArchived,
    /// A share group's records rejected.
    ShareRejected,
    /// A share group's acquisition locks that expired.
    ShareLocksExpired,
    /// When a share group's first acquisition lock expired, in ms (0 until one has).
    ShareFirstLockExpiryMs,
}

/// Where a claim stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Not enough data yet.
    Watching,
    /// The run shows it.
    Holds,
    /// The run contradicts it.
    Fails,
}

impl Claim {
    /// The sim time by which the claim is decided, for the claims that have one.
    pub fn by_ms(&self) -> Option<u64> {
        match *self {
            Claim::GroupAtLeast { by_ms, .. }
            | Claim::GroupAtMost { by_ms, .. }
            | Claim::GroupBelow { by_ms, .. }
            | Claim::OrderBrokenFor { by_ms, .. }
            | Claim::ReplicationAtLeast { by_ms, .. }
            | Claim::ReplicationAtMost { by_ms, .. }
            | Claim::UnavailableTimes { by_ms, .. } => Some(by_ms),
            _ => None,
        }
    }
}

/// Records a claim waits for before it judges (so a few early records cannot decide it).
pub const RECORDS_BEFORE_JUDGING: u64 = 300;

/// Judges one claim against the run so far. Claims are about the main topic (index 0) and
/// its main producer; a lesson with more topics puts the one it judges first.
pub fn judge(claim: Claim, sim: &Sim) -> Verdict {
    let run = sim.topic_run(0);
    let appended = run.totals().appended;
    let load = sim.load(0);
    let topic = run.topic();
    let enough = appended >= RECORDS_BEFORE_JUDGING;
    let verdict = |holds: bool| {
        if holds {
            Verdict::Holds
        } else {
            Verdict::Fails
        }
    };
    match claim {
        Claim::SkewBelow { percent } if enough => verdict(run.whole_run_skew_percent() < percent),
        Claim::SkewAtLeast { percent } if enough => {
            verdict(run.whole_run_skew_percent() >= percent)
        }
        Claim::BusiestEachSecondAtLeast { percent, seconds } => match first_seconds(sim, seconds) {
            Some(first) => verdict(first.iter().all(|s| s.share_percent >= percent)),
            None => Verdict::Watching,
        },
        Claim::HotPartitionMovedAtLeast {
            partitions,
            seconds,
        } => match first_seconds(sim, seconds) {
            Some(first) => {
                let hot: std::collections::BTreeSet<u32> =
                    first.iter().map(|s| s.partition).collect_set();
                verdict(hot.len() as u32 >= partitions)
            }
            None => Verdict::Watching,
        },
        Claim::HotPartitionOf { key } if enough => {
            let p = partition_for_key_str(key, topic.n_partitions()) as usize;
            verdict(load.partitions.get(p).is_some_and(|l| l.hot))
        }
        Claim::PartitionsUsedAtMost { n } if enough => verdict(run.partitions_used() <= n),
        Claim::AllPartitionsUsed if enough => {
            verdict(run.partitions_used() == topic.n_partitions())
        }
        Claim::OrderIntact if enough => verdict(run.audit().entities_split == 0),
        Claim::OrderBrokenFor { n, by_ms } => {
            if run.audit().entities_split >= n {
                Verdict::Holds
            } else if sim.now_ms() >= by_ms {
                Verdict::Fails
            } else {
                Verdict::Watching
            }
        }
        Claim::KeysMovedAtLeast { percent } => match run.resizes().last() {
            Some(r) if r.keys_tracked > 0 => {
                verdict(r.keys_moved * 100 >= r.keys_tracked * percent)
            }
            _ => Verdict::Watching,
        },
        Claim::PartitionerSwitchedAtLeast { n } => {
            if sim.producer(0).client().switches() >= n {
                Verdict::Holds
            } else if enough {
                Verdict::Fails
            } else {
                Verdict::Watching
            }
        }
        Claim::GroupAtLeast {
            group,
            metric,
            value,
            by_ms,
        } => match group_metric(sim, group, metric) {
            Some(v) if v >= value => Verdict::Holds,
            Some(_) if sim.now_ms() >= by_ms => Verdict::Fails,
            _ => Verdict::Watching,
        },
        Claim::GroupAtMost {
            group,
            metric,
            value,
            by_ms,
        } => match group_metric(sim, group, metric) {
            Some(v) if v > value => Verdict::Fails,
            Some(_) if sim.now_ms() >= by_ms => Verdict::Holds,
            _ => Verdict::Watching,
        },
        Claim::GroupBelow {
            group,
            than,
            metric,
            by_ms,
        } => match (
            group_metric(sim, group, metric),
            group_metric(sim, than, metric),
        ) {
            (Some(a), Some(b)) if sim.now_ms() >= by_ms => verdict(a < b),
            _ => Verdict::Watching,
        },
        Claim::ReplicationAtLeast {
            metric,
            value,
            by_ms,
        } => match replication_metric(sim, metric) {
            v if v >= value => Verdict::Holds,
            _ if sim.now_ms() >= by_ms => Verdict::Fails,
            _ => Verdict::Watching,
        },
        Claim::ReplicationAtMost {
            metric,
            value,
            by_ms,
        } => match replication_metric(sim, metric) {
            v if v > value => Verdict::Fails,
            _ if sim.now_ms() >= by_ms => Verdict::Holds,
            _ => Verdict::Watching,
        },
        Claim::SlowLeaderShareBelow { percent, by_ms } if sim.now_ms() >= by_ms => {
            let slowed = |broker: u32| {
                sim.brokers()
                    .get(broker as usize - 1)
                    .is_some_and(|b| b.slow_delay_ms > 0)
            };
            let sent = sim.producer(0).sent_by_partition();
            let total: u64 = sent.iter().sum();
            let to_slow: u64 = sent
                .iter()
                .enumerate()
                .filter(|(p, _)| {
                    run.replication(*p as u32)
                        .and_then(|r| r.leader)
                        .is_some_and(slowed)
                })
                .map(|(_, n)| n)
                .sum();
            verdict(to_slow > 0 && to_slow * 100 < total * percent)
        }
        Claim::UnavailableTimes {
            topic,
            than,
            factor,
            by_ms,
        } if sim.now_ms() >= by_ms => {
            let unavailable = |t: u32| -> u64 {
                sim.topics()
                    .get(t as usize)
                    .map_or(0, |run| run.unavailable_partition_ms(sim.now_ms()))
            };
            let (a, b) = (unavailable(topic), unavailable(than));
            verdict(a > 0 && a >= b.saturating_mul(factor))
        }
        _ => Verdict::Watching,
    }
}

/// The main topic's first `seconds` whole seconds that had records, once they are all over.
fn first_seconds(sim: &Sim, seconds: u64) -> Option<Vec<BusiestInSecond>> {
    let mut first = sim.topic_run(0).busiest_by_second(sim.now_ms());
    if (first.len() as u64) < seconds {
        return None;
    }
    first.truncate(seconds as usize);
    Some(first)
}

/// A replication measure now.
fn replication_metric(sim: &Sim, metric: ReplicationMetric) -> u64 {
    let ledger = |p: u32| sim.producers().get(p as usize).map(|p| p.ledger());
    match metric {
        ReplicationMetric::Acked { producer } => ledger(producer).map_or(0, |l| l.acked),
        ReplicationMetric::AckedLost { producer } => ledger(producer).map_or(0, |l| l.acked_lost),
        ReplicationMetric::NotEnoughReplicas { producer } => ledger(producer)
            .and_then(|l| l.errors_by.get(&ProduceError::NotEnoughReplicas).copied())
            .unwrap_or(0),
        ReplicationMetric::OfflinePartitions => sim.replication_figures().offline_partitions,
        ReplicationMetric::UnderReplicated => sim.replication_figures().under_replicated_partitions,
        ReplicationMetric::IsrShrinks => sim.totals().isr_shrinks,
        ReplicationMetric::IsrExpands => sim.totals().isr_expands,
        ReplicationMetric::Truncated => sim.replication_figures().records_truncated,
    }
}

/// A group's measure now, or `None` when the scenario has no such group.
fn group_metric(sim: &Sim, group: u32, metric: GroupMetric) -> Option<u64> {
    let g = sim.groups().get(group as usize)?;
    let counts = &g.ledger().counts;
    Some(match metric {
        GroupMetric::Lost => counts.lost,
        GroupMetric::Duplicated => counts.duplicated,
        GroupMetric::OutOfOrder => counts.out_of_order,
        GroupMetric::IdleMembers => g.idle_members() as u64,
        GroupMetric::Rebalances => g.metrics().rebalances_completed,
        GroupMetric::CommitFailures => g.metrics().commit_failures,
        GroupMetric::FailedMembers => sim.failed_members(g),
        GroupMetric::ProcessedPercent => sim.processed_percent(g),
        GroupMetric::RebalancePause => g.metrics().rebalance_pause_partition_ms,
        GroupMetric::MostPausedAtOnce => g.metrics().most_paused_at_once_after_first_join,
        GroupMetric::TruncationsDetected => g.metrics().truncations_detected,
        GroupMetric::SkippedByRetention => counts.skipped_by_retention,
        GroupMetric::BusyMembers => g.consumers().iter().filter(|c| c.processed > 0).count() as u64,
        GroupMetric::ShareRedelivered => g.share_counts()?.redelivered,
        GroupMetric::ShareArchived => g.share_counts()?.archived,
        GroupMetric::ShareRejected => g.share_counts()?.rejected,
        GroupMetric::ShareLocksExpired => g.share_counts()?.lock_expired,
        GroupMetric::ShareFirstLockExpiryMs => g.share_first_lock_expiry_ms()?,
    })
}
