//! The idempotent producer's sequence numbers, as the Java client's `TransactionManager`
//! keeps them per partition: the next sequence to give a batch at its first drain, the
//! batches sent and not yet done (`inflightBatchesBySequence`), the last acknowledged one, and
//! the epoch, bumped for a partition once a batch of it failed for good (KIP-360's
//! idempotent epoch bump, `requestIdempotentEpochBumpForPartition`).
//!
//! Simplifications: one producer id for the run's life (no `InitProducerId` round trip), and
//! the epoch is per partition, which is what an idempotent (not transactional) producer's
//! per-partition bump amounts to.

use std::collections::BTreeSet;

/// One partition's sequence state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct PartitionSequences {
    epoch: u32,
    next: u32,
    /// Base sequences of batches drained and not yet acknowledged or failed for good.
    in_flight: BTreeSet<u32>,
    /// The last sequence acknowledged, if any in this epoch.
    last_acked: Option<u32>,
    /// A batch failed for good: the epoch is bumped and sequences start at 0 again once the
    /// batches still in flight are done (`hasStaleProducerIdAndEpoch`).
    needs_bump: bool,
}

/// Every partition's sequence state of one producer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sequences {
    partitions: Vec<PartitionSequences>,
}

impl Sequences {
    fn part(&mut self, partition: u32) -> &mut PartitionSequences {
        let p = partition as usize;
        if self.partitions.len() <= p {
            self.partitions.resize(p + 1, PartitionSequences::default());
        }
        &mut self.partitions[p]
    }

    /// `TransactionManager.firstInFlightSequence`: the lowest base sequence in flight.
    pub fn first_in_flight(&self, partition: u32) -> Option<u32> {
        self.partitions
            .get(partition as usize)?
            .in_flight
            .first()
            .copied()
    }

    /// The partition's current epoch.
    pub fn epoch(&self, partition: u32) -> u32 {
        self.partitions
            .get(partition as usize)
            .map_or(0, |p| p.epoch)
    }

    /// `hasInflightBatches && hasStaleProducerIdAndEpoch`: a new batch must wait, because the
    /// epoch is to be bumped once the batches in flight are done.
    pub fn new_batches_wait(&self, partition: u32) -> bool {
        self.partitions
            .get(partition as usize)
            .is_some_and(|p| p.needs_bump && !p.in_flight.is_empty())
    }

    /// `setProducerState` + `incrementSequenceNumber` + `addInFlightBatch`: the epoch and base
    /// sequence of a batch of `records` drained for the first time (bumping the epoch first if
    /// it is due: `maybeUpdateProducerIdAndEpoch`).
    pub fn assign(&mut self, partition: u32, records: u32) -> (u32, u32) {
        let p = self.part(partition);
        if p.needs_bump && p.in_flight.is_empty() {
            p.epoch += 1;
            p.next = 0;
            p.last_acked = None;
            p.needs_bump = false;
        }
        let seq = p.next;
        p.next += records;
        p.in_flight.insert(seq);
        (p.epoch, seq)
    }

    /// `isNextSequence`: the batch is the one after the last acknowledged.
    pub fn is_next(&self, partition: u32, sequence: (u32, u32)) -> bool {
        let Some(p) = self.partitions.get(partition as usize) else {
            return sequence.1 == 0;
        };
        p.epoch == sequence.0 && p.last_acked.map_or(0, |last| last + 1) == sequence.1
    }

    /// Whether the batch's epoch is older than the partition's (its sequence was reset).
    pub fn is_stale(&self, partition: u32, sequence: (u32, u32)) -> bool {
        sequence.0 < self.epoch(partition)
    }

    /// A batch was acknowledged (`handleCompletedBatch`).
    pub fn acked(&mut self, partition: u32, sequence: (u32, u32), records: u32) {
        let p = self.part(partition);
        p.in_flight.remove(&sequence.1);
        if p.epoch == sequence.0 {
            let last = sequence.1 + records.max(1) - 1;
            p.last_acked = Some(p.last_acked.map_or(last, |l| l.max(last)));
        }
    }

    /// A batch failed for good (`handleFailedBatch`): the epoch is bumped once the others in
    /// flight are done.
    pub fn failed(&mut self, partition: u32, sequence: (u32, u32)) {
        let p = self.part(partition);
        p.in_flight.remove(&sequence.1);
        if p.epoch == sequence.0 {
            p.needs_bump = true;
        }
    }

    /// A batch whose epoch is stale goes back without its sequence, to get a new one at its
    /// next drain (`ProducerBatch.resetProducerState`).
    pub fn forget(&mut self, partition: u32, sequence: (u32, u32)) {
        self.part(partition).in_flight.remove(&sequence.1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // TransactionManagerTest.testDefaultSequenceNumber / testSequenceNumberOverflow's shape:
    // sequences advance by the batch's record count, per partition.
    #[test]
    fn sequences_advance_by_records_per_partition() {
        let mut s = Sequences::default();
        assert_eq!(s.assign(0, 3), (0, 0));
        assert_eq!(s.assign(0, 2), (0, 3));
        assert_eq!(s.assign(1, 1), (0, 0));
        assert_eq!(s.first_in_flight(0), Some(0));
        s.acked(0, (0, 0), 3);
        assert_eq!(s.first_in_flight(0), Some(3));
        assert!(s.is_next(0, (0, 3)));
    }

    // KIP-360: a batch failing for good bumps the epoch once nothing else is in flight.
    #[test]
    fn a_failed_batch_bumps_the_epoch_after_the_in_flight_ones() {
        let mut s = Sequences::default();
        s.assign(0, 1);
        s.assign(0, 1);
        s.failed(0, (0, 0));
        assert!(s.new_batches_wait(0));
        s.forget(0, (0, 1));
        assert!(!s.new_batches_wait(0));
        assert_eq!(s.assign(0, 1), (1, 0));
        assert!(s.is_stale(0, (0, 1)));
    }
}
