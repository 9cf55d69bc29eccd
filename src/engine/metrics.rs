//! Every figure derived from a run's state, in one place: the run report, the lessons' live
//! checks, the stage and the panels all read these, so a figure can never mean two things (or
//! be dead in one reader and live in another).

use super::cluster::PartitionReplication;
use super::group::{ConsumerGroup, GroupMetrics, MemberPhase};
use super::sim::{Sim, TopicRun};

impl PartitionReplication {
    /// How long this partition has had no leader, in ms up to `now_ms` (closed offline spells
    /// plus the one still open).
    pub fn unavailable_ms_at(&self, now_ms: u64) -> u64 {
        self.unavailable_ms + self.offline_since_ms.map_or(0, |since| now_ms - since)
    }

    /// Whether the partition has no leader (Kafka's "offline partition").
    pub fn is_offline(&self) -> bool {
        self.leader.is_none()
    }

    /// Whether the ISR is smaller than the replica set (Kafka's "under-replicated partition").
    pub fn is_under_replicated(&self) -> bool {
        self.isr.len() < self.replicas.len()
    }

    /// Records removed from this partition's replicas by truncation, over the whole run.
    pub fn records_truncated(&self) -> u64 {
        self.records_truncated
    }
}

impl GroupMetrics {
    /// The partition-ms paused per rebalance after the first join, once there was one: the
    /// figure that tells eager and cooperative rebalancing apart.
    pub fn pause_per_rebalance_partition_ms(&self) -> Option<u64> {
        self.rebalance_pause_partition_ms
            .checked_div(self.rebalances_completed.saturating_sub(1))
    }
}

impl TopicRun {
    /// Partition-milliseconds without a leader over the topic's partitions, up to `now_ms`.
    pub fn unavailable_partition_ms(&self, now_ms: u64) -> u64 {
        self.replications()
            .iter()
            .map(|r| r.unavailable_ms_at(now_ms))
            .sum()
    }

    /// The busiest partition's records since the start as a percentage of the mean over the
    /// partitions (100 = perfectly even): the run's whole load, which settles as records
    /// accumulate, where the one-second window's skew swings with every second.
    pub fn whole_run_skew_percent(&self) -> u64 {
        let partitions = &self.topic().partitions;
        let total: u64 = partitions.iter().map(|l| l.end_offset()).sum();
        let most = partitions.iter().map(|l| l.end_offset()).max().unwrap_or(0);
        (most * partitions.len() as u64 * 100)
            .checked_div(total)
            .unwrap_or(100)
    }

    /// How many partitions have received at least one record.
    pub fn partitions_used(&self) -> u32 {
        self.topic()
            .partitions
            .iter()
            .filter(|l| l.end_offset() > 0)
            .count() as u32
    }
}

/// Replication over every topic of a run, as the report and the lessons count it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReplicationFigures {
    /// Records the producers counted as written.
    pub records_acked: u64,
    /// Records whose send failed for good.
    pub records_failed: u64,
    /// Acknowledged records that no longer exist on the leader.
    pub records_acked_lost: u64,
    /// Records removed by truncation on any replica.
    pub records_truncated: u64,
    /// Partitions whose ISR is smaller than their replica set, now.
    pub under_replicated_partitions: u64,
    /// Partitions with no leader, now.
    pub offline_partitions: u64,
    /// Partition-milliseconds without a leader, over the run.
    pub unavailable_partition_ms: u64,
}

impl Sim {
    /// Replication's figures over every topic and producer, now.
    pub fn replication_figures(&self) -> ReplicationFigures {
        let now_ms = self.now_ms();
        let reps = || self.topics().iter().flat_map(|t| t.replications().iter());
        let ledgers = || self.producers().iter().map(|p| p.ledger());
        ReplicationFigures {
            records_acked: ledgers().map(|l| l.acked).sum(),
            records_failed: ledgers().map(|l| l.failed()).sum(),
            records_acked_lost: ledgers().map(|l| l.acked_lost).sum(),
            records_truncated: reps().map(PartitionReplication::records_truncated).sum(),
            under_replicated_partitions: reps().filter(|r| r.is_under_replicated()).count() as u64,
            offline_partitions: reps().filter(|r| r.is_offline()).count() as u64,
            unavailable_partition_ms: reps().map(|r| r.unavailable_ms_at(now_ms)).sum(),
        }
    }

    /// Records group `group` processed, as a percentage of the records appended to the topics
    /// it subscribes to.
    pub fn processed_percent(&self, group: &ConsumerGroup) -> u64 {
        let appended: u64 = self
            .topics()
            .iter()
            .filter(|t| group.config().topics.iter().any(|n| n == t.name()))
            .map(|t| t.totals().appended)
            .sum();
        group.ledger().counts.processed * 100 / appended.max(1)
    }

    /// Members of `group` stopped by an error (`NoOffsetForPartitionException`, …).
    pub fn failed_members(&self, group: &ConsumerGroup) -> u64 {
        group
            .members(&self.logs())
            .iter()
            .filter(|m| m.phase == MemberPhase::Failed)
            .count() as u64
    }
}
