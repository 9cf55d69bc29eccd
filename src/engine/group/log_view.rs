//! The cluster as a consumer group sees it: partition counts, log start offsets, high watermarks
//! and records, by topic name. A group reads the logs only through this trait and never changes
//! them, so adding a group never changes what the producers do, and tests can drive a group over
//! plain in-memory logs.

use crate::engine::Record;

/// What the group reads from the cluster; topics by name.
pub trait LogView {
    /// The topic's partition count, `None` if it does not exist.
    fn n_partitions(&self, topic: &str) -> Option<u32>;
    /// The oldest offset still readable.
    fn log_start_offset(&self, topic: &str, partition: u32) -> u64;
    /// Kafka's log start offset, as retention moved it; `log_start_offset` is later only where
    /// the playground no longer holds records Kafka would (its memory bound).
    fn retention_log_start_offset(&self, topic: &str, partition: u32) -> u64 {
        self.log_start_offset(topic, partition)
    }
    /// The high watermark: consumers read below it.
    fn high_watermark(&self, topic: &str, partition: u32) -> u64;
    /// The record at `offset`, `None` when it is not retained.
    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record>;
    /// The partition's current leader epoch as the consumer's metadata has it (seen at once),
    /// `None` while it has no leader or the view knows no epochs (then positions are never
    /// validated, as a Kafka consumer without epoch information skips validation).
    fn leader_epoch(&self, _topic: &str, _partition: u32) -> Option<u32> {
        None
    }
    /// The leader epoch the record at `offset` was written in (a batch's
    /// `partitionLeaderEpoch`), which the consumer's position carries after fetching it.
    fn record_epoch(&self, _topic: &str, _partition: u32, _offset: u64) -> Option<u32> {
        None
    }
    /// `OffsetsForLeaderEpoch` to the partition's leader: `(epoch, end offset)` for the
    /// requested epoch, as the leader's `LeaderEpochFileCache.endOffsetFor` answers it
    /// (`(-1, -1)` when undefined); `None` while there is no leader to ask.
    fn end_offset_for_epoch(
        &self,
        _topic: &str,
        _partition: u32,
        _epoch: u32,
    ) -> Option<(i64, i64)> {
        None
    }
}
