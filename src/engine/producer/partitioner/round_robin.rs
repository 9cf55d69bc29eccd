//! The round-robin counter behind two partitioners: the pre-2.4 `DefaultPartitioner` for
//! records without a key (from a random start) and `RoundRobinPartitioner` (from 0). A Java
//! int that wraps, turned into a partition by `Utils.toPositive`. Whether it skips partitions
//! (KAFKA-9965) is not the counter's doing: the 2.4 to 3.9.1 producer asks it twice for a record
//! that needs a new batch (`PartitionerKind::aborts_on_new_batch`).

use super::pick;
use crate::engine::java::to_positive;

/// The round-robin counters: pre-2.4 `DefaultPartitioner` starts at a random int,
/// `RoundRobinPartitioner` at 0.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundRobinCounter {
    /// The next counter value (a Java int that wraps).
    pub next: i32,
}

impl RoundRobinCounter {
    /// `counter.getAndIncrement()`, then `avail[toPositive(v) % |avail|]`, or over all
    /// partitions when none is available.
    pub fn partition(&mut self, available: &[u32], n_partitions: u32) -> u32 {
        let v = self.next;
        self.next = self.next.wrapping_add(1);
        pick(to_positive(v) as u32, available, n_partitions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_robin_partitioner_test() {
        // RoundRobinPartitionerTest: partitions listed as test-1 (no leader), test-2, test-0.
        let mut counter = RoundRobinCounter { next: 0 };
        let available = [2, 0];
        let mut counts = [0; 3];
        for _ in 0..100 {
            counts[counter.partition(&available, 3) as usize] += 1;
        }
        assert_eq!(counts, [50, 0, 50]);
    }

    #[test]
    fn round_robin_counter_wraps_like_a_java_int() {
        let mut counter = RoundRobinCounter { next: i32::MAX };
        assert_eq!(counter.partition(&[], 3), (i32::MAX as u32) % 3);
        // toPositive(MIN_VALUE) = 0.
        assert_eq!(counter.partition(&[], 3), 0);
    }
}
