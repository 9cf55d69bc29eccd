//! Kafka 3.3+'s built-in partitioner (KIP-794, `BuiltInPartitioner`): sticky to one partition
//! until `batch.size` bytes went to it, then a new choice, uniform over the partitions with a
//! leader or, with adaptive partitioning, weighted towards shorter queues.

use super::{pick, RandomSource};

/// The adaptive partitioner's weights: a cumulative frequency table over partitions, where a
/// partition with a shorter queue is more likely (`BuiltInPartitioner.PartitionLoadStats`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadStats {
    /// Running sums of `max(q) + 1 - q_i`.
    pub cumulative: Vec<u32>,
    /// The partition of each entry.
    pub partition_ids: Vec<u32>,
}

/// `updatePartitionLoadStats`: `None` (uniform choice) when fewer than two partitions exist,
/// none is included, or all included queues are equal and none was left out.
pub fn load_stats(n_partitions: u32, included: &[(u32, u32)]) -> Option<LoadStats> {
    if included.is_empty() || n_partitions < 2 {
        return None;
    }
    let max_plus_1 = included.iter().map(|&(_, q)| q).max().unwrap_or(0) + 1;
    let all_equal = included.iter().all(|&(_, q)| q == included[0].1);
    if all_equal && included.len() as u32 == n_partitions {
        return None;
    }
    let mut running = 0;
    let cumulative = included
        .iter()
        .map(|&(_, q)| {
            running += max_plus_1 - q;
            running
        })
        .collect();
    Some(LoadStats {
        cumulative,
        partition_ids: included.iter().map(|&(p, _)| p).collect(),
    })
}

/// The partition the built-in partitioner is sticking to, and the bytes produced to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StickyInfo {
    /// The current sticky partition.
    pub partition: u32,
    /// Bytes appended since it became current (batch estimates, headers included).
    pub produced_bytes: u32,
}

/// Kafka 3.3+'s `BuiltInPartitioner` for one topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltInPartitioner {
    /// `max(1, batch.size)` (KAFKA-14303).
    pub sticky_batch_size: u32,
    /// The current sticky partition, once chosen.
    pub sticky: Option<StickyInfo>,
    /// Adaptive weights, when adaptive partitioning has them.
    pub load_stats: Option<LoadStats>,
    /// Partition switches so far.
    pub switches: u64,
}

impl BuiltInPartitioner {
    /// A partitioner with no partition chosen yet.
    pub fn new(batch_size: u32) -> Self {
        BuiltInPartitioner {
            sticky_batch_size: batch_size.max(1),
            sticky: None,
            load_stats: None,
            switches: 0,
        }
    }

    /// `nextPartition`: uniform over available partitions (the current one not excluded), or
    /// weighted by the load stats.
    pub fn next_partition(
        &self,
        random: &mut RandomSource,
        available: &[u32],
        n_partitions: u32,
    ) -> u32 {
        let r = random.next_positive();
        match &self.load_stats {
            None => pick(r, available, n_partitions),
            Some(stats) => {
                let total = *stats.cumulative.last().expect("load stats are never empty");
                let x = r % total;
                // The first entry strictly greater than x (Arrays.binarySearch + 1).
                let i = stats.cumulative.partition_point(|&c| c <= x);
                stats.partition_ids[i]
            }
        }
    }

    /// `peekCurrentPartitionInfo`: the sticky partition, choosing one if there is none.
    pub fn peek(&mut self, random: &mut RandomSource, available: &[u32], n_partitions: u32) -> u32 {
        if self.sticky.is_none() {
            let partition = self.next_partition(random, available, n_partitions);
            self.sticky = Some(StickyInfo {
                partition,
                produced_bytes: 0,
            });
        }
        self.sticky.expect("set just above").partition
    }

    /// `updatePartitionInfo`: counts `appended_bytes` and switches once at least
    /// `batch.size` bytes went to this partition and the switch is enabled (its batches are
    /// all full), or unconditionally at twice that. Returns whether it switched.
    pub fn update(
        &mut self,
        appended_bytes: u32,
        enable_switch: bool,
        random: &mut RandomSource,
        available: &[u32],
        n_partitions: u32,
    ) -> bool {
        let Some(info) = &mut self.sticky else {
            return false;
        };
        info.produced_bytes = info.produced_bytes.saturating_add(appended_bytes);
        let produced = info.produced_bytes;
        if (produced >= self.sticky_batch_size && enable_switch)
            || produced >= self.sticky_batch_size.saturating_mul(2)
        {
            let partition = self.next_partition(random, available, n_partitions);
            self.sticky = Some(StickyInfo {
                partition,
                produced_bytes: 0,
            });
            self.switches += 1;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;

    const ALL5: [u32; 5] = [0, 1, 2, 3, 4];
    #[test]
    fn adaptive_partitions_test() {
        // BuiltInPartitionerTest.adaptivePartitionsTest.
        let included: Vec<(u32, u32)> = ALL5.iter().copied().zip([5, 0, 3, 0, 1]).collect();
        let stats = load_stats(5, &included).expect("unequal queues give weights");
        assert_eq!(stats.cumulative, vec![1, 7, 10, 16, 21]);
        let mut p = BuiltInPartitioner::new(1);
        p.load_stats = Some(stats);
        let mut random = RandomSource::Sequential(0);
        let mut frequencies = [0; 5];
        for _ in 0..42 {
            frequencies[p.next_partition(&mut random, &ALL5, 5) as usize] += 1;
        }
        assert_eq!(frequencies, [2, 12, 6, 12, 10]);
    }

    #[test]
    fn sticky_partitioning_switches_after_the_sticky_batch_size() {
        // BuiltInPartitionerTest.testStickyPartitioning: 1 byte per append, batch size 3.
        let mut p = BuiltInPartitioner::new(3);
        let mut random = RandomSource::Seeded(Rng::new(5));
        let first = p.peek(&mut random, &ALL5, 5);
        for _ in 0..2 {
            assert!(!p.update(1, true, &mut random, &ALL5, 5));
            assert_eq!(p.peek(&mut random, &ALL5, 5), first);
        }
        assert!(
            p.update(1, true, &mut random, &ALL5, 5),
            "the third byte reaches the limit"
        );
        // A one-partition topic always gives 0.
        let mut one = BuiltInPartitioner::new(3);
        for _ in 0..10 {
            assert_eq!(one.peek(&mut random, &[0], 1), 0);
            one.update(1, true, &mut random, &[0], 1);
        }
    }

    #[test]
    fn unavailable_partitions_are_never_chosen() {
        // BuiltInPartitionerTest.unavailablePartitionsTest.
        let mut random = RandomSource::Seeded(Rng::new(9));
        let p = BuiltInPartitioner::new(1);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..100 {
            let chosen = p.next_partition(&mut random, &[0, 2], 3);
            assert_ne!(chosen, 1);
            seen.insert(chosen);
        }
        assert_eq!(seen.len(), 2, "both available partitions come up");
        assert_eq!(p.next_partition(&mut random, &[1], 2), 1);
        assert_eq!(
            p.next_partition(&mut random, &[], 1),
            0,
            "no leader anywhere: any partition"
        );
    }

    #[test]
    fn load_stats_are_off_when_queues_are_equal_or_the_topic_is_tiny() {
        assert_eq!(load_stats(3, &[(0, 2), (1, 2), (2, 2)]), None);
        assert_eq!(load_stats(1, &[(0, 5)]), None);
        // Equal, but a partition was left out: weights still apply.
        assert!(load_stats(3, &[(0, 2), (1, 2)]).is_some());
    }
}
