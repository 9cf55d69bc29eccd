//! Where a record goes when its key does not decide (kafka-semantics.md §2): Kafka 3.3+'s
//! built-in sticky partitioner (KIP-794), the 2.4–3.2 sticky partition cache (KIP-480), the
//! pre-2.4 round robin, and `RoundRobinPartitioner` as Kafka 4.x runs it and as 2.4 to 3.9.1
//! ran it (skipping, KAFKA-9965). Each keeps Kafka's own state and random draws, so the same
//! choices come out; the random source can be swapped for Kafka's test mock (0, 1, 2, …) to
//! replay Kafka's own test vectors.

use crate::engine::rng::Rng;

mod built_in;
mod round_robin;
mod sticky_cache;

pub(super) use built_in::load_stats;
pub use built_in::BuiltInPartitioner;
pub use round_robin::RoundRobinCounter;
pub use sticky_cache::StickyPartitionCache;

/// Which partitioner the producer is configured with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PartitionerKind {
    /// Kafka 3.3+ default: built-in, sticky by bytes (KIP-794).
    BuiltIn,
    /// Kafka 2.4–3.2 `DefaultPartitioner`: sticky, switching on every new batch (KIP-480).
    StickyLegacy,
    /// Kafka before 2.4 `DefaultPartitioner`: one record per partition in turn, from a random start.
    RoundRobinLegacy,
    /// `RoundRobinPartitioner` (keys ignored) as Kafka 4.x runs it: the counter moves once per
    /// record, so it spreads evenly over every partition (KAFKA-17632).
    RoundRobin,
    /// `RoundRobinPartitioner` as Kafka 2.4 to 3.9.1 ran it: a send that needs a new batch
    /// calls `partition()` twice (KAFKA-9965), so with an even partition count only half the
    /// partitions get records.
    RoundRobinKafka9965,
}

impl PartitionerKind {
    /// Every kind, in the order the page lists them.
    pub const ALL: [PartitionerKind; 5] = [
        PartitionerKind::BuiltIn,
        PartitionerKind::StickyLegacy,
        PartitionerKind::RoundRobinLegacy,
        PartitionerKind::RoundRobin,
        PartitionerKind::RoundRobinKafka9965,
    ];

    /// The name used in scenarios.
    pub fn name(self) -> &'static str {
        match self {
            PartitionerKind::BuiltIn => "built_in",
            PartitionerKind::StickyLegacy => "sticky_2_4",
            PartitionerKind::RoundRobinLegacy => "round_robin_pre_2_4",
            PartitionerKind::RoundRobin => "round_robin_partitioner",
            PartitionerKind::RoundRobinKafka9965 => "round_robin_partitioner_2_4",
        }
    }

    /// Reads a scenario name.
    pub fn from_name(name: &str) -> Option<PartitionerKind> {
        PartitionerKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether the producer calls `onNewBatch` and partitions again when a record needs a new
    /// batch. Kafka 2.4 to 3.x's `KafkaProducer.doSend` does so for any configured partitioner
    /// class (`abortOnNewBatch = partitioner != null`, then `RecordAccumulator.append` returns
    /// `abortForNewBatch`). Kafka 4.0 removed `Partitioner.onNewBatch` and that path
    /// (KAFKA-18295, apache/kafka PR #18282), so a 4.x `RoundRobinPartitioner` is asked once
    /// per record. The 3.9 branch's backport of KAFKA-17632 (PR #17620) keeps the second call
    /// but has `RoundRobinPartitioner.onNewBatch` remember the aborted partition and
    /// `partition()` hand it back, which sends each record where the first call did, as 4.x
    /// does.
    pub fn aborts_on_new_batch(self) -> bool {
        matches!(
            self,
            PartitionerKind::StickyLegacy | PartitionerKind::RoundRobinKafka9965
        )
    }
}

/// Where random partition choices come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RandomSource {
    /// The run's seeded generator (stands in for `ThreadLocalRandom`).
    Seeded(Rng),
    /// Kafka's test mock: 0, 1, 2, …
    Sequential(u32),
}

impl RandomSource {
    /// `Utils.toPositive(ThreadLocalRandom.current().nextInt())`, or the mock's next value.
    pub fn next_positive(&mut self) -> u32 {
        match self {
            RandomSource::Seeded(rng) => (rng.next_u64() >> 33) as u32,
            RandomSource::Sequential(n) => {
                let v = *n;
                *n = n.wrapping_add(1);
                v & 0x7fff_ffff
            }
        }
    }

    /// `ThreadLocalRandom.current().nextInt()`: any Java int.
    pub fn next_int(&mut self) -> i32 {
        match self {
            RandomSource::Seeded(rng) => rng.next_u64() as i32,
            RandomSource::Sequential(_) => self.next_positive() as i32,
        }
    }
}

/// Picks from the available partitions (those with a leader), or from all when none is.
fn pick(random: u32, available: &[u32], n_partitions: u32) -> u32 {
    if available.is_empty() {
        random % n_partitions.max(1)
    } else {
        available[random as usize % available.len()]
    }
}
