//! Kafka 2.4–3.2's `StickyPartitionCache` (KIP-480), behind that era's `DefaultPartitioner`:
//! one cached partition per topic, replaced by a different one whenever a new batch is needed.

use super::RandomSource;

/// Kafka 2.4–3.2's `StickyPartitionCache` for one topic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StickyPartitionCache {
    /// The cached partition.
    pub cached: Option<u32>,
    /// Partition switches so far.
    pub switches: u64,
}

impl StickyPartitionCache {
    /// `partition(topic)`: the cached partition, choosing one if there is none.
    pub fn partition(
        &mut self,
        random: &mut RandomSource,
        available: &[u32],
        n_partitions: u32,
    ) -> u32 {
        match self.cached {
            Some(p) => p,
            None => self.next_partition(None, random, available, n_partitions),
        }
    }

    /// `nextPartition(topic, cluster, prevPartition)`: changes the cache only if it is empty or
    /// still `prev` (a stale trigger is ignored); a new choice always differs from the old one
    /// when there is more than one available partition.
    pub fn next_partition(
        &mut self,
        prev: Option<u32>,
        random: &mut RandomSource,
        available: &[u32],
        n_partitions: u32,
    ) -> u32 {
        let old = self.cached;
        if let Some(current) = old.filter(|_| old != prev) {
            return current;
        }
        let new = match available.len() {
            0 => random.next_positive() % n_partitions.max(1),
            1 => available[0],
            _ => loop {
                let candidate = available[random.next_positive() as usize % available.len()];
                if Some(candidate) != old {
                    break candidate;
                }
            },
        };
        if old.is_some() {
            self.switches += 1;
        }
        self.cached = Some(new);
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::Rng;
    #[test]
    fn sticky_partition_cache_test() {
        // StickyPartitionCacheTest.testStickyPartitionCache.
        let mut random = RandomSource::Seeded(Rng::new(1));
        let mut cache = StickyPartitionCache::default();
        let a = cache.partition(&mut random, &[0, 1, 2], 3);
        assert_eq!(
            cache.partition(&mut random, &[0, 1, 2], 3),
            a,
            "stable across calls"
        );
        let b = cache.next_partition(Some(a), &mut random, &[0, 1, 2], 3);
        assert_ne!(b, a, "a switch always moves");
        assert_eq!(
            cache.partition(&mut random, &[0, 1, 2], 3),
            b,
            "and is cached"
        );
        let stale = cache.next_partition(Some(a), &mut random, &[0, 1, 2], 3);
        assert_eq!(stale, b, "a stale trigger leaves the cache unchanged");
        let mut single = StickyPartitionCache::default();
        assert_eq!(single.next_partition(None, &mut random, &[0], 1), 0);
    }
}
