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
    /// The high watermark: consumers read below it.
    fn high_watermark(&self, topic: &str, partition: u32) -> u64;
    /// The record at `offset`, `None` when it is not retained.
    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record>;
}
