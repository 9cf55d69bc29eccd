//! The producer's view of the cluster, as the Java client's `Metadata` keeps it: each
//! partition's leader and the partition count as of the last refresh. The sender sends to the
//! leader named here, and the partitioner counts partitions by it, so a leader change or added
//! partitions reach the producer only on a refresh: every `metadata.max.age.ms`, or soon after
//! an error asked for one (`Metadata.requestUpdate`, at most once per `retry.backoff.ms`).
//!
//! Simplification: a refresh reads the cluster as it is when the answer arrives, one round
//! trip (twice the producer's `latency_ms`) after it is sent.

/// What one producer knows of its topic's partitions.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerMetadata {
    /// Partition `p`'s leader as last seen (`None`: no leader known).
    pub leaders: Vec<Option<u32>>,
    /// When the last refresh answer arrived, in ms.
    pub refreshed_at_ms: u64,
    /// When the refresh under way (requested or periodic) will be answered.
    pub refresh_due_ms: Option<u64>,
}

impl ProducerMetadata {
    /// The metadata as first fetched, at `now_ms`.
    pub fn new(leaders: Vec<Option<u32>>, now_ms: u64) -> Self {
        ProducerMetadata {
            leaders,
            refreshed_at_ms: now_ms,
            refresh_due_ms: None,
        }
    }

    /// The partition count the producer knows.
    pub fn n_partitions(&self) -> u32 {
        self.leaders.len() as u32
    }

    /// The leader of `partition` as the producer knows it.
    pub fn leader(&self, partition: u32) -> Option<u32> {
        self.leaders.get(partition as usize).copied().flatten()
    }

    /// `availablePartitionsForTopic`: partitions with a known leader.
    pub fn available(&self) -> Vec<u32> {
        (0..self.n_partitions())
            .filter(|&p| self.leader(p).is_some())
            .collect()
    }
}
