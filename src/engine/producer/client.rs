//! The producer client: `KafkaProducer.doSend` and `RecordAccumulator.append` as Kafka 3.3+
//! runs them. A key (unless `partitioner.ignore.keys`) decides by murmur2; otherwise the
//! configured partitioner does, and records gather in per-partition batches. The order of
//! checks, the new-batch abort of configured partitioner classes (Kafka 2.4 to 3.x; 4.0
//! removed it, see [`PartitionerKind::aborts_on_new_batch`]), and the built-in partitioner's
//! switch-and-retry loop are Kafka's.

use super::accumulator::{Accumulator, Appended, FieldSizes, Waiting};
use super::partitioner::{
    BuiltInPartitioner, PartitionerKind, RandomSource, RoundRobinCounter, StickyPartitionCache,
};
use crate::engine::java::{partition_for_key, to_positive};
use crate::engine::{Record, Routing};

/// How the producer partitions and batches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientConfig {
    /// The partitioner.
    pub partitioner: PartitionerKind,
    /// `partitioner.adaptive.partitioning.enable` (built-in only).
    pub adaptive: bool,
    /// `partitioner.ignore.keys` (built-in only).
    pub ignore_keys: bool,
    /// `batch.size`, in bytes.
    pub batch_size: u32,
    /// `linger.ms`.
    pub linger_ms: u32,
}

/// What a send did, for the event log and the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SendOutcome {
    /// Where the record went.
    pub partition: u32,
    /// The batch it joined.
    pub batch_id: u64,
    /// Whether that batch was new.
    pub new_batch: bool,
    /// The keyless partitioner's current partition after this send, if it switched.
    pub switched_to: Option<u32>,
}

/// Where the keyless partitioner sends the next record that neither a key nor an explicit
/// partition decides, as the page marks it on the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NextKeyless {
    /// The partition.
    pub partition: u32,
    /// Whether the partitioner stays on it for a while (the sticky ones) rather than moving on
    /// after one record (the round robins).
    pub sticky: bool,
}

/// One producer's client-side state for one topic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerClient {
    /// Its configuration.
    pub config: ClientConfig,
    /// Its batches.
    pub accumulator: Accumulator,
    /// The 3.3+ built-in partitioner.
    pub built_in: BuiltInPartitioner,
    /// The 2.4–3.2 sticky cache.
    pub sticky_cache: StickyPartitionCache,
    /// The round-robin counter (random start before 2.4, 0 for `RoundRobinPartitioner`).
    pub round_robin: RoundRobinCounter,
    /// Random partition choices.
    pub random: RandomSource,
}

impl ProducerClient {
    /// What waits in the accumulator for `partition`.
    pub fn waiting(&self, partition: u32) -> Waiting {
        self.accumulator.waiting(partition)
    }

    /// Records waiting in the accumulator, over all partitions.
    pub fn queued_records(&self) -> usize {
        self.accumulator.queued_records()
    }

    /// A client with empty batches, drawing from `random`.
    pub fn new(config: ClientConfig, n_partitions: u32, mut random: RandomSource) -> Self {
        let start = match config.partitioner {
            PartitionerKind::RoundRobinLegacy => random.next_int(),
            _ => 0,
        };
        ProducerClient {
            accumulator: Accumulator::new(config.batch_size, config.linger_ms, n_partitions),
            built_in: BuiltInPartitioner::new(config.batch_size),
            sticky_cache: StickyPartitionCache::default(),
            round_robin: RoundRobinCounter { next: start },
            random,
            config,
        }
    }

    /// The partitioner's own choice for a record no key or explicit partition decided.
    fn configured_partition(
        &mut self,
        keyed: Option<&[u8]>,
        available: &[u32],
        n: u32,
    ) -> Option<u32> {
        match self.config.partitioner {
            PartitionerKind::RoundRobin | PartitionerKind::RoundRobinKafka9965 => {
                Some(self.round_robin.partition(available, n))
            }
            PartitionerKind::StickyLegacy => Some(match keyed {
                Some(k) => partition_for_key(k, n),
                None => self.sticky_cache.partition(&mut self.random, available, n),
            }),
            PartitionerKind::RoundRobinLegacy => Some(match keyed {
                Some(k) => partition_for_key(k, n),
                None => self.round_robin.partition(available, n),
            }),
            PartitionerKind::BuiltIn => match keyed {
                Some(k) if !self.config.ignore_keys => Some(partition_for_key(k, n)),
                // UNKNOWN_PARTITION: the accumulator's built-in logic decides.
                _ => None,
            },
        }
    }

    /// Sends `record` (its `partition` is set here): partitions it and appends it to a batch.
    /// `explicit` is a partition set on the record itself; it is checked by the caller.
    pub fn send(
        &mut self,
        mut record: Record,
        value_len: u32,
        explicit: Option<u32>,
        now_ms: u64,
        available: &[u32],
        n: u32,
    ) -> SendOutcome {
        self.accumulator.resize(n);
        // The key rides on the record into the batch; keep a reference-counted handle to it.
        let key = record.key.clone();
        let key_bytes: Option<&[u8]> = key.as_deref().map(str::as_bytes);
        let sizes = FieldSizes {
            key_len: key_bytes.as_ref().map(|k| k.len() as u32),
            value_len: Some(value_len),
        };
        let decided = explicit.or_else(|| self.configured_partition(key_bytes, available, n));
        let key_decides = key_bytes.is_some()
            && match self.config.partitioner {
                PartitionerKind::BuiltIn => !self.config.ignore_keys,
                PartitionerKind::RoundRobin | PartitionerKind::RoundRobinKafka9965 => false,
                PartitionerKind::StickyLegacy | PartitionerKind::RoundRobinLegacy => true,
            };
        record.routing = if explicit.is_some() {
            Routing::Explicit
        } else if key_decides {
            Routing::Key
        } else {
            Routing::Partitioner
        };

        let Some(mut partition) = decided else {
            return self.append_built_in(record, now_ms, sizes, available, n);
        };
        record.partition = partition;
        let appended = match self
            .accumulator
            .try_append(partition, record, now_ms, sizes)
        {
            Ok(a) => a,
            Err(mut record) => {
                let mut switched_to = None;
                // Before Kafka 4.0, `KafkaProducer.doSend` tells a configured partitioner class
                // about every new batch (`onNewBatch(topic, cluster, prevPartition)`), whatever
                // chose the partition, then asks it again. For the 2.4–3.2 `DefaultPartitioner`
                // that is `StickyPartitionCache.nextPartition`: a keyed or explicit record that
                // opens a batch on the sticky partition moves it too, and one arriving before any
                // keyless record sets it. `KafkaProducer.partition` never asks the partitioner
                // about a record with an explicit partition, so that one is not asked again.
                if self.config.partitioner.aborts_on_new_batch() {
                    if self.config.partitioner == PartitionerKind::StickyLegacy {
                        let before = self.sticky_cache.cached;
                        self.sticky_cache.next_partition(
                            Some(partition),
                            &mut self.random,
                            available,
                            n,
                        );
                        if self.sticky_cache.cached != before {
                            switched_to = self.sticky_cache.cached;
                        }
                    }
                    if explicit.is_none() {
                        partition = self
                            .configured_partition(key_bytes, available, n)
                            .expect("configured partitioner classes always choose");
                        record.partition = partition;
                        match self
                            .accumulator
                            .try_append(partition, record, now_ms, sizes)
                        {
                            Ok(a) => return self.outcome(partition, a, switched_to),
                            Err(back) => record = back,
                        }
                    }
                }
                let a = self
                    .accumulator
                    .append_new_batch(partition, record, now_ms, sizes);
                return self.outcome(partition, a, switched_to);
            }
        };
        self.outcome(partition, appended, None)
    }

    // Inlined: it runs for every record, and the size-optimised build would call it.
    #[inline(always)]
    fn outcome(&self, partition: u32, appended: Appended, switched_to: Option<u32>) -> SendOutcome {
        let batch = self.accumulator.queues[partition as usize]
            .back()
            .expect("the record was just appended");
        SendOutcome {
            partition,
            batch_id: batch.id,
            new_batch: matches!(appended, Appended::NewBatch { .. }),
            switched_to,
        }
    }

    /// `RecordAccumulator.append` with `UNKNOWN_PARTITION`: the built-in sticky partitioner's
    /// peek, re-check, append and count loop.
    fn append_built_in(
        &mut self,
        mut record: Record,
        now_ms: u64,
        sizes: FieldSizes,
        available: &[u32],
        n: u32,
    ) -> SendOutcome {
        let mut switched_to = None;
        loop {
            let partition = self.built_in.peek(&mut self.random, available, n);
            // `partitionChanged`: a switch deferred while a batch was incomplete completes now.
            if self.accumulator.all_batches_full(partition)
                && self
                    .built_in
                    .update(0, true, &mut self.random, available, n)
            {
                switched_to = self.built_in.sticky.map(|s| s.partition);
                continue;
            }
            record.partition = partition;
            match self
                .accumulator
                .try_append(partition, record, now_ms, sizes)
            {
                Ok(appended) => {
                    let enable = self.accumulator.all_batches_full(partition);
                    if self.built_in.update(
                        appended.bytes(),
                        enable,
                        &mut self.random,
                        available,
                        n,
                    ) {
                        switched_to = self.built_in.sticky.map(|s| s.partition);
                    }
                    return self.outcome(partition, appended, switched_to);
                }
                Err(back) => {
                    record = back;
                    // The last batch was just closed, so its queue is all full: re-check.
                    if self
                        .built_in
                        .update(0, true, &mut self.random, available, n)
                    {
                        switched_to = self.built_in.sticky.map(|s| s.partition);
                        continue;
                    }
                    let appended = self
                        .accumulator
                        .append_new_batch(partition, record, now_ms, sizes);
                    let enable = self.accumulator.all_batches_full(partition);
                    if self.built_in.update(
                        appended.bytes(),
                        enable,
                        &mut self.random,
                        available,
                        n,
                    ) {
                        switched_to = self.built_in.sticky.map(|s| s.partition);
                    }
                    return self.outcome(partition, appended, switched_to);
                }
            }
        }
    }

    /// `ready()`'s side effect on adaptive partitioning: rebuilds the load stats from queue
    /// sizes once every partition has had a batch.
    pub fn refresh_load_stats(&mut self, leaders: &[bool]) {
        if !(self.config.partitioner == PartitionerKind::BuiltIn && self.config.adaptive) {
            self.built_in.load_stats = None;
            return;
        }
        let n = self.accumulator.queues.len() as u32;
        if !self.accumulator.has_entry.iter().all(|&e| e) {
            self.built_in.load_stats = None;
            return;
        }
        let sizes = self.accumulator.queue_sizes();
        let included: Vec<(u32, u32)> = (0..n)
            .filter(|&p| leaders.get(p as usize).copied().unwrap_or(true))
            .map(|p| (p, sizes[p as usize]))
            .collect();
        self.built_in.load_stats = super::partitioner::load_stats(n, &included);
    }

    /// The keyless partitioner's next partition among `n_partitions`: the sticky partition once
    /// one is chosen (`None` before the first keyless send), or where the round-robin counter
    /// points, which ignores availability as `toPositive(counter) % n` does. A send that needs a
    /// new batch can still move a partitioner that aborts on new batches on first (the sticky
    /// cache's switch, the 2.4 to 3.9.1 `RoundRobinPartitioner`'s double step of KAFKA-9965).
    pub fn next_keyless_partition(&self, n_partitions: u32) -> Option<NextKeyless> {
        let (partition, sticky) = match self.config.partitioner {
            PartitionerKind::BuiltIn => (self.built_in.sticky.map(|s| s.partition), true),
            PartitionerKind::StickyLegacy => (self.sticky_cache.cached, true),
            PartitionerKind::RoundRobinLegacy
            | PartitionerKind::RoundRobin
            | PartitionerKind::RoundRobinKafka9965 => (
                Some(to_positive(self.round_robin.next) as u32 % n_partitions.max(1)),
                false,
            ),
        };
        partition.map(|partition| NextKeyless { partition, sticky })
    }

    /// Partition switches of the keyless partitioner so far.
    pub fn switches(&self) -> u64 {
        self.built_in.switches + self.sticky_cache.switches
    }
}
