//! The producer's `RecordAccumulator`: per-partition queues of batches that fill up until they
//! are full or have lingered `linger.ms`, then leave together. Batch fullness follows
//! `MemoryRecordsBuilder` exactly (a batch's buffer is `max(batch.size, upper bound of its
//! first record)`; a record fits if the estimate plus its size stays within it), because the
//! sticky partitioner's switching depends on it.
//!
//! The sender reads it as `RecordAccumulator.ready` and `drain` do: a partition's first batch
//! is ready when it is full or has lingered, and is not backing off after a failed attempt
//! (`shouldBackoff`); the sim's sender drains one batch per partition per request, per node.
//! A failed batch goes back to the front of its queue (`reenqueue`; with a sequence, in
//! sequence order, `insertInSequenceOrder`), and batches past `delivery.timeout.ms` since
//! their creation leave the queue failed (`expiredBatches`).

use super::record_size::{batch_size_upper_bound, record_size, RECORD_BATCH_OVERHEAD};
use crate::engine::Record;
use std::collections::VecDeque;

/// The most records a partition's first batch reserves room for, before the partition has sent
/// a batch to size the next ones by.
const FIRST_BATCH_RESERVED: usize = 16;

/// The serialized key and value lengths of a record (`None`: a null field), which decide its
/// size in a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSizes {
    /// Key bytes, or `None` for a null key.
    pub key_len: Option<u32>,
    /// Value bytes, or `None` for a null value.
    pub value_len: Option<u32>,
}

/// A batch of records for one partition (`ProducerBatch` + `MemoryRecordsBuilder`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerBatch {
    /// Unique per producer, increasing in creation order.
    pub id: u64,
    /// The partition it is for.
    pub partition: u32,
    /// Its records, in append order.
    pub records: Vec<Record>,
    /// Sim time the batch was created, in ms.
    pub created_at_ms: u64,
    /// `attempts()`: how often it was sent and failed (a retry has at least 1).
    pub attempts: u32,
    /// When its retry backoff ends, in ms (`shouldBackoff`: `lastAttemptMs` plus the backoff).
    pub retry_at_ms: u64,
    /// Idempotence: the producer epoch and base sequence given at its first drain, kept by
    /// every retry (`ProducerBatch.setProducerState`).
    pub sequence: Option<(u32, u32)>,
    /// Whether an earlier attempt was appended to a leader's log (a retry may duplicate it).
    pub appended: bool,
    write_limit: u32,
    estimated_bytes: u32,
    closed: bool,
}

impl ProducerBatch {
    /// `estimatedSizeInBytes()`: the 61-byte header plus every record's size.
    pub fn estimated_bytes(&self) -> u32 {
        self.estimated_bytes
    }

    /// `isFull()`: closed for appends, or at its write limit.
    // Inlined: it runs for every record, and the size-optimised build would call it.
    #[inline(always)]
    pub fn is_full(&self) -> bool {
        self.closed || (!self.records.is_empty() && self.write_limit <= self.estimated_bytes)
    }

    // Inlined: it runs for every record, and the size-optimised build would call it.
    #[inline(always)]
    fn next_record_size(&self, now_ms: u64, sizes: FieldSizes) -> u32 {
        let timestamp_delta = now_ms as i64 - self.created_at_ms as i64;
        record_size(
            self.records.len() as u32,
            timestamp_delta,
            sizes.key_len,
            sizes.value_len,
        )
    }

    /// `hasRoomFor` then append; the record comes back when it does not fit.
    fn try_append(
        &mut self,
        mut record: Record,
        now_ms: u64,
        sizes: FieldSizes,
    ) -> Result<(), Record> {
        if self.is_full() {
            return Err(record);
        }
        let size = self.next_record_size(now_ms, sizes);
        // At least one record always goes in, however large.
        if !self.records.is_empty() && self.write_limit < self.estimated_bytes + size {
            return Err(record);
        }
        self.estimated_bytes += size;
        record.batch_id = self.id;
        self.records.push(record);
        Ok(())
    }
}

/// What an append did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    /// Into an existing batch, growing its estimate by `bytes`.
    Existing { bytes: u32 },
    /// Into a new batch; `bytes` is the new batch's whole estimate, header included.
    NewBatch { bytes: u32 },
}

impl Appended {
    /// The bytes the partitioner counts for this append.
    pub fn bytes(self) -> u32 {
        match self {
            Appended::Existing { bytes } | Appended::NewBatch { bytes } => bytes,
        }
    }
}

/// What waits in one partition's queue of the accumulator.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Waiting {
    /// Records in its batches.
    pub records: usize,
    /// Batches queued, the open one included.
    pub batches: usize,
    /// How full the newest batch is, as a share of `batch.size` (0 to 1).
    pub open_batch_fill: f64,
}

/// The per-partition batch queues of one producer for one topic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accumulator {
    /// `batch.size`, in bytes.
    pub batch_size: u32,
    /// `linger.ms`.
    pub linger_ms: u32,
    /// Queue `p` holds partition `p`'s batches, oldest first.
    pub queues: Vec<VecDeque<ProducerBatch>>,
    /// Whether partition `p` has an entry in Kafka's batches map (it was ever appended to);
    /// adaptive partitioning waits until every partition has one.
    pub has_entry: Vec<bool>,
    /// Records in the last batch drained from partition `p`: how much room its next batch
    /// reserves, so a full batch rarely grows its vector and a trickle reserves no more than
    /// it uses (many small batches wait for acks=all at once).
    last_batch_records: Vec<u32>,
    next_batch_id: u64,
}

impl Accumulator {
    /// An empty accumulator for `n_partitions`.
    pub fn new(batch_size: u32, linger_ms: u32, n_partitions: u32) -> Self {
        let mut a = Accumulator {
            batch_size,
            linger_ms,
            ..Default::default()
        };
        a.resize(n_partitions);
        a
    }

    /// Follows a topic that grew.
    pub fn resize(&mut self, n_partitions: u32) {
        let n = n_partitions as usize;
        if self.queues.len() < n {
            self.queues.resize(n, VecDeque::new());
            self.has_entry.resize(n, false);
            self.last_batch_records.resize(n, 0);
        }
    }

    /// `allBatchesFull`: the last batch is absent or full.
    // Inlined: it runs for every record, and the size-optimised build would call it.
    #[inline(always)]
    pub fn all_batches_full(&self, partition: u32) -> bool {
        self.queues[partition as usize]
            .back()
            .is_none_or(ProducerBatch::is_full)
    }

    /// `tryAppend` to the last batch of `partition`; a batch that has no room is closed for
    /// appends. The record comes back when a new batch is needed.
    pub fn try_append(
        &mut self,
        partition: u32,
        record: Record,
        now_ms: u64,
        sizes: FieldSizes,
    ) -> Result<Appended, Record> {
        self.has_entry[partition as usize] = true;
        let Some(last) = self.queues[partition as usize].back_mut() else {
            return Err(record);
        };
        let before = last.estimated_bytes;
        match last.try_append(record, now_ms, sizes) {
            Ok(()) => Ok(Appended::Existing {
                bytes: last.estimated_bytes - before,
            }),
            Err(record) => {
                last.closed = true;
                Err(record)
            }
        }
    }

    /// `appendNewBatch`: a new batch with the record in it.
    pub fn append_new_batch(
        &mut self,
        partition: u32,
        record: Record,
        now_ms: u64,
        sizes: FieldSizes,
    ) -> Appended {
        self.has_entry[partition as usize] = true;
        let write_limit = self
            .batch_size
            .max(batch_size_upper_bound(sizes.key_len, sizes.value_len));
        // Room for what the partition's last batch held (or a few, at first), never more than
        // records of this one's size the batch can take.
        let first_size = record_size(0, 0, sizes.key_len, sizes.value_len);
        let fits = ((write_limit - RECORD_BATCH_OVERHEAD) / first_size + 1) as usize;
        let reserved = match self.last_batch_records[partition as usize] {
            0 => FIRST_BATCH_RESERVED,
            last => last as usize,
        }
        .min(fits);
        let mut batch = ProducerBatch {
            id: self.next_batch_id,
            partition,
            records: Vec::with_capacity(reserved),
            created_at_ms: now_ms,
            attempts: 0,
            retry_at_ms: 0,
            sequence: None,
            appended: false,
            write_limit,
            estimated_bytes: RECORD_BATCH_OVERHEAD,
            closed: false,
        };
        self.next_batch_id += 1;
        let appended = batch.try_append(record, now_ms, sizes);
        debug_assert!(
            appended.is_ok(),
            "an empty batch always takes its first record"
        );
        let bytes = batch.estimated_bytes;
        self.queues[partition as usize].push_back(batch);
        Appended::NewBatch { bytes }
    }

    /// `partitionReady`: full (more than one batch queued, or the first is full) or lingered.
    // Inlined: it runs for every record, and the size-optimised build would call it.
    #[inline(always)]
    pub fn sendable(&self, partition: u32, now_ms: u64) -> bool {
        let Some(queue) = self.queues.get(partition as usize) else {
            return false;
        };
        queue.front().is_some_and(|first| {
            queue.len() > 1
                || first.is_full()
                || now_ms >= first.created_at_ms + u64::from(self.linger_ms)
        })
    }

    /// Whether any batch can be sent now.
    pub fn any_sendable(&self, now_ms: u64) -> bool {
        (0..self.queues.len() as u32).any(|p| self.sendable(p, now_ms))
    }

    /// Takes every sendable batch, partition by partition, oldest first, as a producer with one
    /// broker, no in-flight limit and no retries would (Kafka's accumulator tests drain so).
    pub fn drain(&mut self, now_ms: u64) -> Vec<ProducerBatch> {
        let mut out = Vec::new();
        for p in 0..self.queues.len() as u32 {
            while self.sendable(p, now_ms) {
                out.extend(self.take_first(p));
            }
        }
        out
    }

    /// When partition `partition`'s first batch is ready to go (`partitionReady` and
    /// `batchReady`): after its backoff if it is a retry, at once if it is full or another
    /// batch waits behind it, else once it has lingered. `None`: nothing queued.
    pub fn ready_at_ms(&self, partition: u32) -> Option<u64> {
        let queue = self.queues.get(partition as usize)?;
        let first = queue.front()?;
        Some(if first.attempts > 0 {
            first.retry_at_ms
        } else if queue.len() > 1 || first.is_full() {
            0
        } else {
            first.created_at_ms + u64::from(self.linger_ms)
        })
    }

    /// `shouldBackoff`: the first batch is a retry still waiting out its backoff.
    pub fn backing_off(&self, partition: u32, now_ms: u64) -> bool {
        self.queues[partition as usize]
            .front()
            .is_some_and(|b| b.attempts > 0 && now_ms < b.retry_at_ms)
    }

    /// The first batch of a partition, as `drainBatchesForOneNode` peeks at it.
    pub fn first(&self, partition: u32) -> Option<&ProducerBatch> {
        self.queues.get(partition as usize)?.front()
    }

    /// Takes the first batch of a partition for a request (`deque.pollFirst`, `batch.close`).
    pub fn take_first(&mut self, partition: u32) -> Option<ProducerBatch> {
        let p = partition as usize;
        let mut batch = self.queues[p].pop_front()?;
        batch.closed = true;
        if batch.attempts == 0 {
            self.last_batch_records[p] = batch.records.len() as u32;
        }
        Some(batch)
    }

    /// `RecordAccumulator.reenqueue`: a failed batch goes back to the front of its queue; one
    /// with a sequence goes in sequence order among the others with one
    /// (`insertInSequenceOrder`), so a retried idempotent partition resends in order.
    pub fn reenqueue(&mut self, batch: ProducerBatch) {
        let queue = &mut self.queues[batch.partition as usize];
        let Some((_, seq)) = batch.sequence else {
            queue.push_front(batch);
            return;
        };
        let at = queue
            .iter()
            .position(|b| b.sequence.is_none_or(|(_, s)| s > seq))
            .unwrap_or(queue.len());
        queue.insert(at, batch);
    }

    /// `expiredBatches`: from the front of each queue, the batches created at least
    /// `delivery_timeout_ms` ago leave it, to fail with `TimeoutException`.
    pub fn take_expired(&mut self, now_ms: u64, delivery_timeout_ms: u64) -> Vec<ProducerBatch> {
        let mut out = Vec::new();
        for queue in &mut self.queues {
            while queue
                .front()
                .is_some_and(|b| now_ms >= b.created_at_ms + delivery_timeout_ms)
            {
                out.extend(queue.pop_front());
            }
        }
        out
    }

    /// When the first batch of a queue will expire, the earliest over all queues.
    pub fn next_expiry_ms(&self, delivery_timeout_ms: u64) -> Option<u64> {
        self.queues
            .iter()
            .filter_map(|q| q.front())
            .map(|b| b.created_at_ms + delivery_timeout_ms)
            .min()
    }

    /// When the oldest unsendable batch will have lingered long enough.
    pub fn next_linger_deadline_ms(&self) -> Option<u64> {
        self.queues
            .iter()
            .filter_map(|q| q.front())
            .map(|b| b.created_at_ms + u64::from(self.linger_ms))
            .min()
    }

    /// Queued batches per partition (what adaptive partitioning weighs).
    pub fn queue_sizes(&self) -> Vec<u32> {
        self.queues.iter().map(|q| q.len() as u32).collect()
    }

    /// What waits for one partition, as the stage draws it (a partition the accumulator has
    /// not grown to yet has nothing waiting).
    pub fn waiting(&self, partition: u32) -> Waiting {
        let Some(queue) = self.queues.get(partition as usize) else {
            return Waiting::default();
        };
        Waiting {
            records: queue.iter().map(|b| b.records.len()).sum(),
            batches: queue.len(),
            open_batch_fill: queue.back().map_or(0.0, |open| {
                (f64::from(open.estimated_bytes()) / f64::from(self.batch_size)).min(1.0)
            }),
        }
    }

    /// Records waiting in batches, over all partitions.
    pub fn queued_records(&self) -> usize {
        self.queues
            .iter()
            .flat_map(|q| q.iter())
            .map(|b| b.records.len())
            .sum()
    }
}
