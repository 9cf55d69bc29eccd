//! A partition's log as segments, for retention: Kafka's `LogSegment` rolling by
//! `segment.bytes` and `segment.ms`, and `UnifiedLog.deleteOldSegments` deleting whole closed
//! segments by `retention.bytes` and `retention.ms`, which moves the log start offset consumers
//! see. Only the segments' bounds, sizes and timestamps are kept; the records are the logs'.
//!
//! Simplifications: one segment list per partition, following the leader's appends (Kafka's
//! followers roll and delete their own, and take the leader's log start from its fetch answers,
//! so they end near the same place); a truncation drops the segments above it and keeps the
//! active segment's size as it was.

use std::collections::VecDeque;

/// A topic's retention settings, in Kafka's units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetentionConfig {
    /// `retention.ms`; -1 keeps everything.
    pub retention_ms: i64,
    /// `retention.bytes`; -1 keeps everything.
    pub retention_bytes: i64,
    /// `segment.bytes`.
    pub segment_bytes: u32,
    /// `segment.ms`.
    pub segment_ms: u64,
}

impl Default for RetentionConfig {
    /// Kafka's defaults: 7 days, unlimited bytes, 1 GiB segments rolled after 7 days.
    fn default() -> Self {
        RetentionConfig {
            retention_ms: 604_800_000,
            retention_bytes: -1,
            segment_bytes: 1_073_741_824,
            segment_ms: 604_800_000,
        }
    }
}

impl RetentionConfig {
    /// Whether anything can be deleted within the playground's longest run: with Kafka's
    /// defaults nothing is (7 days of `retention.ms` against a run of a day at most, and no
    /// `retention.bytes`), so the check is not even scheduled and such runs keep their steps.
    pub fn may_delete(&self) -> bool {
        self.retention_bytes >= 0
            || (self.retention_ms >= 0
                && self.retention_ms as u64 <= crate::engine::limits::RUN_MS_MAX)
    }
}

/// One `LogSegment`: its base offset, size and the timestamps that decide rolling and deletion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Offset of its first record.
    pub base_offset: u64,
    /// Bytes of the batches it holds.
    pub bytes: u64,
    /// `rollingBasedTimestamp`: the largest timestamp of its first batch (none while empty).
    pub rolling_timestamp_ms: Option<u64>,
    /// `largestTimestamp`: the largest record timestamp in it (its creation time while empty).
    pub largest_timestamp_ms: u64,
}

/// Why segments were deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DeletionReason {
    /// `RetentionSizeBreach`.
    RetentionBytes,
    /// `RetentionMsBreach`.
    RetentionMs,
}

/// A partition's segments, oldest first; the last is the active one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionSegments {
    segments: VecDeque<Segment>,
    /// The log start offset: the base offset of the oldest segment.
    log_start_offset: u64,
}

impl PartitionSegments {
    /// An empty log, created at `now_ms`.
    pub fn new(now_ms: u64) -> Self {
        PartitionSegments {
            segments: VecDeque::from([Segment {
                base_offset: 0,
                bytes: 0,
                rolling_timestamp_ms: None,
                largest_timestamp_ms: now_ms,
            }]),
            log_start_offset: 0,
        }
    }

    /// A log that starts at `offset` at time 0 (one carried over from a real cluster): one
    /// active segment there. The records already in it count no bytes, so they never make
    /// `retention.bytes` delete anything (a simplification).
    pub fn starting_at(offset: u64) -> Self {
        let mut log = PartitionSegments::new(0);
        log.segments[0].base_offset = offset;
        log.log_start_offset = offset;
        log
    }

    /// The log start offset consumers see.
    pub fn log_start_offset(&self) -> u64 {
        self.log_start_offset
    }

    /// The segments, oldest first.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> + '_ {
        self.segments.iter()
    }

    /// The log's size in bytes (`UnifiedLog.size`).
    pub fn size_bytes(&self) -> u64 {
        self.segments.iter().map(|s| s.bytes).sum()
    }

    /// A batch of `bytes` bytes whose records' largest timestamp is `max_timestamp_ms` is
    /// appended at `base_offset`: `UnifiedLog.maybeRoll` with `LogSegment.shouldRoll` first
    /// (the active segment is full for it, or its first batch is older than `segment.ms`; roll
    /// jitter is 0 by default), then the append.
    pub fn append(
        &mut self,
        config: &RetentionConfig,
        base_offset: u64,
        bytes: u64,
        max_timestamp_ms: u64,
        now_ms: u64,
    ) {
        let active = self.segments.back().expect("a log has an active segment");
        let waited_ms = match active.rolling_timestamp_ms {
            Some(first) => max_timestamp_ms.saturating_sub(first),
            None => now_ms.saturating_sub(active.largest_timestamp_ms),
        };
        let full = active.bytes > u64::from(config.segment_bytes).saturating_sub(bytes);
        if full || (active.bytes > 0 && waited_ms > config.segment_ms) {
            self.roll(base_offset, now_ms);
        }
        let active = self.segments.back_mut().expect("an active segment");
        active.bytes += bytes;
        if active.rolling_timestamp_ms.is_none() {
            active.rolling_timestamp_ms = Some(max_timestamp_ms);
            active.largest_timestamp_ms = max_timestamp_ms;
        }
        active.largest_timestamp_ms = active.largest_timestamp_ms.max(max_timestamp_ms);
    }

    /// `LocalLog.roll`: a new empty active segment at `offset`.
    fn roll(&mut self, offset: u64, now_ms: u64) {
        self.segments.push_back(Segment {
            base_offset: offset,
            bytes: 0,
            rolling_timestamp_ms: None,
            largest_timestamp_ms: now_ms,
        });
    }

    /// The log was truncated to end at `offset` (a leader change): segments starting above it
    /// go, and an empty active segment is left at `offset` if none remains.
    pub fn truncate_to(&mut self, offset: u64, now_ms: u64) {
        while self.segments.back().is_some_and(|s| s.base_offset > offset) {
            self.segments.pop_back();
        }
        if self.segments.is_empty() {
            self.log_start_offset = self.log_start_offset.min(offset);
            self.roll(offset, now_ms);
        }
    }

    /// `UnifiedLog.deleteOldSegments` (without remote storage): first
    /// `deleteRetentionSizeBreachedSegments`, then `deleteRetentionMsBreachedSegments`, each
    /// deleting the oldest segments while its predicate holds and the segment lies wholly below
    /// the high watermark (`deletableSegments`), never the last segment when it is empty; when
    /// every segment goes, a new active one is rolled at the log end (`deleteSegments`). Returns
    /// the reasons that deleted something, with the log start offset after each.
    pub fn delete_old_segments(
        &mut self,
        config: &RetentionConfig,
        high_watermark: u64,
        log_end_offset: u64,
        now_ms: u64,
    ) -> Vec<(DeletionReason, u64)> {
        let mut deleted = Vec::new();
        if config.retention_bytes >= 0 {
            let size = self.size_bytes();
            let retention = config.retention_bytes as u64;
            if size >= retention {
                let mut diff = size - retention;
                let n = self.deletable(high_watermark, log_end_offset, |s| {
                    if diff >= s.bytes {
                        diff -= s.bytes;
                        true
                    } else {
                        false
                    }
                });
                if self.delete(n, log_end_offset, now_ms) {
                    deleted.push((DeletionReason::RetentionBytes, self.log_start_offset));
                }
            }
        }
        if config.retention_ms >= 0 {
            let retention = config.retention_ms as u64;
            let n = self.deletable(high_watermark, log_end_offset, |s| {
                now_ms.saturating_sub(s.largest_timestamp_ms) > retention
            });
            if self.delete(n, log_end_offset, now_ms) {
                deleted.push((DeletionReason::RetentionMs, self.log_start_offset));
            }
        }
        deleted
    }

    /// `deletableSegments`: how many of the oldest segments may go.
    fn deletable(
        &self,
        high_watermark: u64,
        log_end_offset: u64,
        mut predicate: impl FnMut(&Segment) -> bool,
    ) -> usize {
        let mut n = 0;
        for (i, segment) in self.segments.iter().enumerate() {
            let next = self.segments.get(i + 1);
            let last_and_empty = next.is_none() && segment.bytes == 0;
            let upper = next.map_or(log_end_offset, |s| s.base_offset);
            if high_watermark >= upper && predicate(segment) && !last_and_empty {
                n += 1;
            } else {
                break;
            }
        }
        n
    }

    /// `deleteSegments`: removes the `n` oldest, rolling first when that is all of them.
    fn delete(&mut self, n: usize, log_end_offset: u64, now_ms: u64) -> bool {
        if n == 0 {
            return false;
        }
        if n == self.segments.len() {
            self.roll(log_end_offset, now_ms);
        }
        self.segments.drain(..n);
        let start = self
            .segments
            .front()
            .expect("the new active segment")
            .base_offset;
        self.log_start_offset = self.log_start_offset.max(start);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: RetentionConfig = RetentionConfig {
        retention_ms: 10_000,
        retention_bytes: -1,
        segment_bytes: 1_000,
        segment_ms: 604_800_000,
    };

    #[test]
    fn a_segment_rolls_when_the_next_batch_would_pass_segment_bytes() {
        // `LogSegment.shouldRoll`: size > maxSegmentBytes - messagesSize.
        let mut log = PartitionSegments::new(0);
        for k in 0..5 {
            log.append(&CONFIG, k * 10, 300, k, k);
        }
        let bases: Vec<u64> = log.segments().map(|s| s.base_offset).collect();
        assert_eq!(bases, [0, 30]);
    }

    #[test]
    fn a_segment_rolls_when_its_first_batch_is_older_than_segment_ms() {
        let config = RetentionConfig {
            segment_ms: 1_000,
            ..CONFIG
        };
        let mut log = PartitionSegments::new(0);
        log.append(&config, 0, 10, 0, 0);
        log.append(&config, 1, 10, 1_000, 1_000);
        log.append(&config, 2, 10, 1_001, 1_001);
        let bases: Vec<u64> = log.segments().map(|s| s.base_offset).collect();
        assert_eq!(bases, [0, 2]);
    }

    #[test]
    fn retention_ms_deletes_whole_closed_segments_below_the_high_watermark() {
        // `deleteRetentionMsBreachedSegments`: now - largestTimestamp > retention.ms.
        let mut log = PartitionSegments::new(0);
        for k in 0..5 {
            log.append(&CONFIG, k * 10, 300, k * 1_000, k * 1_000);
        }
        // Segments [0, 30) (newest record at 2 s) and [30, 50) (at 4 s).
        assert!(log.delete_old_segments(&CONFIG, 50, 50, 12_000).is_empty());
        let deleted = log.delete_old_segments(&CONFIG, 50, 50, 12_001);
        assert_eq!(deleted, [(DeletionReason::RetentionMs, 30)]);
        // The active segment goes too once it is old enough, but not past the high watermark.
        assert!(log.delete_old_segments(&CONFIG, 49, 50, 20_000).is_empty());
        log.delete_old_segments(&CONFIG, 50, 50, 20_000);
        assert_eq!(log.log_start_offset(), 50);
        assert_eq!(log.segments().count(), 1);
    }

    #[test]
    fn retention_bytes_deletes_the_oldest_segments_while_the_log_stays_above_it() {
        // `deleteRetentionSizeBreachedSegments`: delete while diff - segment.size >= 0.
        let config = RetentionConfig {
            retention_ms: -1,
            retention_bytes: 700,
            ..CONFIG
        };
        let mut log = PartitionSegments::new(0);
        for k in 0..9 {
            log.append(&config, k * 10, 300, k, k);
        }
        // Three segments of 900 bytes: [0, 30), [30, 60), [60, 90).
        let deleted = log.delete_old_segments(&config, 90, 90, 100);
        assert_eq!(deleted, [(DeletionReason::RetentionBytes, 60)]);
        assert_eq!(log.size_bytes(), 900);
    }
}
