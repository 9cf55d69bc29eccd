//! A topic as the broker holds it: partitions, each an append-only log where a record's offset
//! is its position. Only the records someone may still read are kept in memory, so long runs
//! stay bounded; offsets keep counting. That is a memory bound, not retention
//! (`log_segments.rs` is): a log keeps its newest `RETAINED_RECORDS_PER_PARTITION` records to
//! draw, and beyond them every record from `needed_from` on (the lowest offset a consumer group
//! or a follower may still read), up to `held_max`. Only a reader further behind than that
//! budget finds records Kafka would still hold gone, and the group flags it
//! (`FellBehindLogStart { by_retention: false }`).

use crate::engine::limits;
use crate::engine::producer::ORDER_STAGES;
use std::collections::VecDeque;
use std::rc::Rc;

/// Who asked for a record to be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// The configured producer, on its own schedule.
    Producer,
    /// The user, with the "produce" button or a scripted action.
    User,
}

/// What decided a record's partition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Routing {
    /// `toPositive(murmur2(key)) % partitions`.
    Key,
    /// A partition set on the record.
    Explicit,
    /// The partitioner (no key, `partitioner.ignore.keys`, or a key-ignoring partitioner).
    Partitioner,
}

/// A short description of a record's value: one of the order lifecycle's stages (`PAID`),
/// held as its index. A record then carries a byte here rather than a counted string that
/// every dropped batch had to visit for every record.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ValueLabel(u8);

impl ValueLabel {
    /// The label of the order lifecycle's stage `index` (into `ORDER_STAGES`).
    pub fn order_stage(index: usize) -> Self {
        assert!(index < ORDER_STAGES.len(), "an order stage");
        ValueLabel(index as u8)
    }
}

impl std::ops::Deref for ValueLabel {
    type Target = str;

    fn deref(&self) -> &str {
        ORDER_STAGES[usize::from(self.0)]
    }
}

impl std::fmt::Debug for ValueLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// One record, from the moment it is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Unique, increasing in send order across the whole run.
    pub id: u64,
    /// The record key; `None` is Kafka's null key, which is never hashed.
    pub key: Option<Rc<str>>,
    /// Who sent it.
    pub origin: Origin,
    /// The partition the producer chose.
    pub partition: u32,
    /// The producer batch it travelled in.
    pub batch_id: u64,
    /// What chose the partition.
    pub routing: Routing,
    /// The entity whose order matters (the key, or the order id of a lifecycle event).
    pub entity: Option<Rc<str>>,
    /// The producer's sequence number for that entity, from 0.
    pub seq: u64,
    /// The audit's id for the entity (`u32::MAX`: none, or not audited).
    pub entity_id: u32,
    /// A short description of the value (`PAID`), when there is one.
    pub label: Option<ValueLabel>,
    /// The partition count the producer's metadata had when it chose, which the keyed
    /// partitioner took the modulo over.
    pub n_partitions_at_send: u32,
    /// The topic's index in the run.
    pub topic: u32,
    /// The producer's index in the run (user sends go through a producer too).
    pub producer: u32,
    /// Sim time it was sent, in ms.
    pub sent_at_ms: u64,
    /// Sim time it reaches the partition leader, in ms.
    pub arrives_at_ms: u64,
}

/// A record as the logs hold it: the batch it was appended in, shared by every log that holds
/// any of its records (the leader's, its mirror in the topic, the followers'), and its place
/// there. Replicating a record copies a pointer, not the record; a batch is one allocation, and
/// its records sit side by side, so a log dropping its oldest records walks memory in order
/// (one record per allocation made that a cache miss per record and log). The batch is the
/// producer's own vector behind a thin pointer: appending it copies no record, and a log entry
/// is 24 bytes rather than the 32 of a slice's fat pointer (the logs are most of what a run
/// touches, and their oldest entries are cold when they are trimmed).
#[derive(Clone)]
pub struct SharedRecord {
    batch: Rc<Vec<Record>>,
    index: u32,
}

impl SharedRecord {
    /// A record on its own (a batch of one).
    pub fn new(record: Record) -> Self {
        SharedRecord {
            batch: Rc::new(vec![record]),
            index: 0,
        }
    }

    /// Each record of `batch`, shared (the records are copied once into a batch of their own).
    pub fn batch(batch: Rc<[Record]>) -> impl Iterator<Item = SharedRecord> {
        SharedRecord::of_batch(Rc::new(batch.to_vec()))
    }

    /// Each record of a batch the logs share, shared.
    pub fn of_batch(batch: Rc<Vec<Record>>) -> impl Iterator<Item = SharedRecord> {
        (0..batch.len() as u32).map(move |index| SharedRecord {
            batch: Rc::clone(&batch),
            index,
        })
    }
}

impl std::ops::Deref for SharedRecord {
    type Target = Record;

    fn deref(&self) -> &Record {
        &self.batch[self.index as usize]
    }
}

impl PartialEq for SharedRecord {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for SharedRecord {}

impl std::fmt::Debug for SharedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// A record in a partition log, with the offset the leader gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRecord {
    /// Its position in the partition.
    pub offset: u64,
    /// The record as it was sent (shared with the other logs that hold it).
    pub record: SharedRecord,
}

/// One partition's log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionLog {
    /// Offset of the oldest record still kept in memory.
    pub start_offset: u64,
    /// The kept records, oldest first; offsets are contiguous from `start_offset`.
    pub records: VecDeque<StoredRecord>,
    /// The lowest offset a reader may still ask for (`u64::MAX`: none): records from here on
    /// are kept past the drawing window, up to `held_max`.
    pub needed_from: u64,
    /// Records kept at most, however far behind a reader is.
    pub held_max: usize,
}

impl Default for PartitionLog {
    fn default() -> Self {
        PartitionLog {
            start_offset: 0,
            records: VecDeque::new(),
            needed_from: u64::MAX,
            held_max: limits::RETAINED_RECORDS_PER_PARTITION,
        }
    }
}

impl PartitionLog {
    /// An empty log whose next record gets `offset`, keeping this log's reader bounds.
    pub fn restart_at(&mut self, offset: u64) {
        self.records.clear();
        self.start_offset = offset;
    }

    /// Sets what readers still need and the budget, and drops what neither keeps.
    pub fn hold_for_readers(&mut self, needed_from: u64, held_max: usize) {
        self.needed_from = needed_from;
        self.held_max = held_max.max(limits::RETAINED_RECORDS_PER_PARTITION);
        self.trim();
    }

    /// Drops the oldest records past the drawing window that no reader needs, and any past
    /// the budget.
    fn trim(&mut self) {
        let len = self.records.len();
        let Some(excess) = len.checked_sub(limits::RETAINED_RECORDS_PER_PARTITION) else {
            return;
        };
        let unneeded = self.needed_from.saturating_sub(self.start_offset);
        let unneeded = usize::try_from(unneeded).unwrap_or(usize::MAX).min(excess);
        let n = unneeded.max(len.saturating_sub(self.held_max));
        if n > 0 {
            self.records.drain(..n);
            self.start_offset += n as u64;
        }
    }

    /// The offset the next record will get (Kafka's log end offset).
    pub fn end_offset(&self) -> u64 {
        self.start_offset + self.records.len() as u64
    }

    /// Appends `record`, returning its offset; drops the oldest kept record past the memory bound.
    pub fn append(&mut self, record: Record) -> u64 {
        self.append_shared(SharedRecord::new(record))
    }

    /// Appends records another log holds too, in order, as `append_shared` one by one would,
    /// dropping the oldest past the memory bound once at the end.
    pub fn extend_shared(&mut self, records: impl IntoIterator<Item = SharedRecord>) {
        let mut offset = self.end_offset();
        self.records.extend(records.into_iter().map(|record| {
            offset += 1;
            StoredRecord {
                offset: offset - 1,
                record,
            }
        }));
        self.trim();
    }

    /// Drops the records below `offset` (retention deleted their segments).
    pub fn drop_below(&mut self, offset: u64) {
        let n = offset
            .saturating_sub(self.start_offset)
            .min(self.records.len() as u64);
        self.records.drain(..n as usize);
        self.start_offset += n;
        if self.records.is_empty() && self.start_offset < offset {
            self.start_offset = offset;
        }
    }

    /// Appends a record another log holds too (a replica's copy, the leader's mirror).
    pub fn append_shared(&mut self, record: SharedRecord) -> u64 {
        let offset = self.end_offset();
        self.records.push_back(StoredRecord { offset, record });
        if self.records.len() > limits::RETAINED_RECORDS_PER_PARTITION {
            self.trim();
        }
        offset
    }
}

/// A topic and its partition logs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    /// The topic's name.
    pub name: String,
    /// Partition `i` is `partitions[i]`.
    pub partitions: Vec<PartitionLog>,
    /// Partition `i`'s replicas, by broker id; the first is its (preferred) leader.
    pub replicas: Vec<Vec<u32>>,
}

impl Topic {
    /// A topic with `n_partitions` empty partitions.
    pub fn new(name: &str, n_partitions: u32) -> Self {
        Topic {
            name: name.to_string(),
            partitions: vec![PartitionLog::default(); n_partitions as usize],
            replicas: Vec::new(),
        }
    }

    /// How many partitions the topic has now.
    pub fn n_partitions(&self) -> u32 {
        self.partitions.len() as u32
    }

    /// Records appended to the topic over the whole run.
    pub fn total_records(&self) -> u64 {
        self.partitions.iter().map(PartitionLog::end_offset).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: u64) -> Record {
        Record {
            id,
            key: None,
            origin: Origin::Producer,
            partition: 0,
            batch_id: 0,
            routing: Routing::Partitioner,
            entity: None,
            seq: 0,
            entity_id: u32::MAX,
            label: None,
            n_partitions_at_send: 1,
            topic: 0,
            producer: 0,
            sent_at_ms: 0,
            arrives_at_ms: 0,
        }
    }

    #[test]
    fn a_record_fits_in_96_bytes() {
        // Every record is copied into its batch and walked when its batch is dropped: its size
        // is a keyless run's memory traffic (it was 112 bytes with a counted-string label).
        assert!(std::mem::size_of::<Record>() <= 96);
        // And every log holds an entry per record (a thin pointer, not a slice's fat one).
        assert_eq!(std::mem::size_of::<StoredRecord>(), 24);
    }

    #[test]
    fn a_log_keeps_what_readers_need_within_its_budget() {
        let window = limits::RETAINED_RECORDS_PER_PARTITION as u64;
        let mut log = PartitionLog::default();
        log.hold_for_readers(100, 5 * window as usize);
        for id in 0..3 * window {
            log.append(record(id));
        }
        assert_eq!(
            log.start_offset, 100,
            "a reader at 100 keeps everything from there"
        );
        log.hold_for_readers(window, 5 * window as usize);
        assert_eq!(log.start_offset, window, "what no reader needs goes");
        log.hold_for_readers(3 * window - 10, 5 * window as usize);
        assert_eq!(
            log.start_offset,
            2 * window,
            "the newest window stays, needed or not"
        );
        log.hold_for_readers(0, 2 * window as usize);
        for id in 3 * window..4 * window {
            log.append(record(id));
        }
        assert_eq!(
            log.records.len() as u64,
            2 * window,
            "the budget caps what is kept"
        );
        log.hold_for_readers(u64::MAX, 0);
        assert_eq!(log.records.len() as u64, window);
    }

    #[test]
    fn extending_trims_once_to_what_appending_one_by_one_keeps() {
        let bound = limits::RETAINED_RECORDS_PER_PARTITION as u64;
        let mut one_by_one = PartitionLog::default();
        let mut extended = PartitionLog::default();
        // A batch that fits, one that crosses the bound, and one larger than the bound.
        for batch in [0..10, 10..bound + 5, bound + 5..3 * bound] {
            let records: Rc<[Record]> = batch.map(record).collect();
            for shared in SharedRecord::batch(Rc::clone(&records)) {
                one_by_one.append_shared(shared);
            }
            extended.extend_shared(SharedRecord::batch(records));
            assert_eq!(extended, one_by_one);
        }
        assert_eq!(extended.start_offset, 2 * bound);
        assert_eq!(extended.end_offset(), 3 * bound);
    }
}
