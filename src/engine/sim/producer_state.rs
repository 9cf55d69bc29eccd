//! The leader's idempotent-producer state (core's `ProducerStateManager`): per producer and
//! partition, the epoch and the last five batches appended (`ProducerStateEntry`,
//! `NUM_BATCHES_TO_RETAIN`), which decide whether an incoming batch is appended, answered as a
//! duplicate with its first offset (`findDuplicateBatch`, `DUPLICATE_SEQUENCE_NUMBER` answered
//! as success), or refused (`ProducerAppendInfo.checkSequence`: `OUT_OF_ORDER_SEQUENCE_NUMBER`).
//!
//! Kafka rebuilds this state from each replica's own log, so a new leader knows only the
//! batches its log holds. Here one entry per partition is kept and checked against the
//! current leader's log when it is read: a remembered batch the leader's log no longer holds
//! (truncated away, or never copied to the new leader) is forgotten. Simplification: when
//! every remembered batch is gone, the next batch is accepted whatever its sequence (Kafka
//! would answer `UNKNOWN_PRODUCER_ID` and the producer would reset its sequence).

use crate::engine::cluster::PartitionLog;
use std::collections::{BTreeMap, VecDeque};

/// `ProducerStateEntry.NUM_BATCHES_TO_RETAIN`.
const NUM_BATCHES_TO_RETAIN: usize = 5;

/// What the leader does with a batch of an idempotent producer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum SequenceCheck {
    /// The next in sequence (or the first of a new epoch): appended.
    Append,
    /// Already appended at `base_offset`: answered as success without appending again.
    Duplicate { base_offset: u64 },
    /// A gap or an old epoch: `OutOfOrderSequenceException`.
    OutOfOrder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct BatchMetadata {
    first_seq: u32,
    last_seq: u32,
    base_offset: u64,
    batch_id: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Entry {
    epoch: u32,
    batches: VecDeque<BatchMetadata>,
}

/// Every (topic, partition, producer)'s entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct ProducerStates {
    entries: BTreeMap<(u32, u32, u32), Entry>,
}

/// Whether the leader's log still holds the batch at its offset (offsets below the kept window
/// are trusted: the log held them).
fn log_holds(log: &PartitionLog, producer: u32, b: &BatchMetadata) -> bool {
    if b.base_offset >= log.end_offset() {
        return false;
    }
    if b.base_offset < log.start_offset {
        return true;
    }
    let stored = &log.records[(b.base_offset - log.start_offset) as usize];
    stored.record.producer == producer && stored.record.batch_id == b.batch_id
}

impl ProducerStates {
    /// `ProducerAppendInfo.checkSequence` and `ProducerStateEntry.findDuplicateBatch` for a batch
    /// of `records` with `sequence` (epoch, base sequence) from `producer`.
    pub(super) fn check(
        &mut self,
        key: (u32, u32, u32),
        sequence: (u32, u32),
        records: u32,
        log: &PartitionLog,
    ) -> SequenceCheck {
        let (epoch, first_seq) = sequence;
        let last_seq = first_seq + records.max(1) - 1;
        let Some(entry) = self.entries.get_mut(&key) else {
            // A producer the leader has never seen starts at sequence 0.
            return if first_seq == 0 {
                SequenceCheck::Append
            } else {
                SequenceCheck::OutOfOrder
            };
        };
        entry.batches.retain(|b| log_holds(log, key.2, b));
        if epoch < entry.epoch {
            return SequenceCheck::OutOfOrder;
        }
        if epoch > entry.epoch {
            // A bumped epoch starts its sequences at 0.
            return if first_seq == 0 {
                SequenceCheck::Append
            } else {
                SequenceCheck::OutOfOrder
            };
        }
        if let Some(b) = entry
            .batches
            .iter()
            .find(|b| b.first_seq == first_seq && b.last_seq == last_seq)
        {
            return SequenceCheck::Duplicate {
                base_offset: b.base_offset,
            };
        }
        match entry.batches.back() {
            Some(last) if first_seq != last.last_seq + 1 => SequenceCheck::OutOfOrder,
            _ => SequenceCheck::Append,
        }
    }

    /// The batch was appended at `base_offset` (`ProducerStateEntry.addBatch`).
    pub(super) fn appended(
        &mut self,
        key: (u32, u32, u32),
        sequence: (u32, u32),
        records: u32,
        base_offset: u64,
        batch_id: u64,
    ) {
        let entry = self.entries.entry(key).or_default();
        if sequence.0 != entry.epoch {
            entry.epoch = sequence.0;
            entry.batches.clear();
        }
        entry.batches.push_back(BatchMetadata {
            first_seq: sequence.1,
            last_seq: sequence.1 + records.max(1) - 1,
            base_offset,
            batch_id,
        });
        if entry.batches.len() > NUM_BATCHES_TO_RETAIN {
            entry.batches.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::cluster::{Origin, Record, Routing};

    fn record(producer: u32, batch_id: u64) -> Record {
        Record {
            id: 0,
            key: None,
            origin: Origin::Producer,
            partition: 0,
            batch_id,
            routing: Routing::Partitioner,
            entity: None,
            seq: 0,
            entity_id: u32::MAX,
            label: None,
            n_partitions_at_send: 1,
            topic: 0,
            producer,
            sent_at_ms: 0,
            arrives_at_ms: 0,
        }
    }

    fn log_of(batches: &[(u32, u64, usize)]) -> PartitionLog {
        let mut log = PartitionLog::default();
        for &(producer, batch_id, n) in batches {
            for _ in 0..n {
                log.append(record(producer, batch_id));
            }
        }
        log
    }

    // ProducerStateManagerTest.testOutOfSequenceAfterControlRecordEpochBump's shape and
    // testProducerSequenceWithWrapAroundBatchRecord's: in order is appended, a gap refused, a
    // retried batch answered as a duplicate with its first offset.
    #[test]
    fn in_order_duplicate_and_out_of_order() {
        let mut s = ProducerStates::default();
        let key = (0, 0, 7);
        let mut log = PartitionLog::default();
        assert_eq!(s.check(key, (0, 0), 2, &log), SequenceCheck::Append);
        log = log_of(&[(7, 1, 2)]);
        s.appended(key, (0, 0), 2, 0, 1);
        assert_eq!(s.check(key, (0, 4), 1, &log), SequenceCheck::OutOfOrder);
        assert_eq!(
            s.check(key, (0, 0), 2, &log),
            SequenceCheck::Duplicate { base_offset: 0 }
        );
        assert_eq!(s.check(key, (0, 2), 1, &log), SequenceCheck::Append);
    }

    // A new leader knows only what its log holds: a batch truncated away is not a duplicate.
    #[test]
    fn a_batch_the_leader_no_longer_holds_is_forgotten() {
        let mut s = ProducerStates::default();
        let key = (0, 0, 7);
        s.appended(key, (0, 0), 2, 0, 1);
        let empty = PartitionLog::default();
        assert_eq!(s.check(key, (0, 0), 2, &empty), SequenceCheck::Append);
    }
}
