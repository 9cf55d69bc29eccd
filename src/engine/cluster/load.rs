//! Per-partition load: records and bytes appended per second over a sliding window, and the
//! skew between the busiest partition and the mean, so hot partitions show as they happen.
//! Integer arithmetic in 100 ms buckets; memory is bounded by the window.

use std::collections::VecDeque;

/// The window rates are measured over, in ms.
pub const WINDOW_MS: u64 = 1_000;
/// The bucket width, in ms.
pub const BUCKET_MS: u64 = 100;
/// A partition is hot when its rate is at least this many times the mean (in percent).
pub const HOT_PERCENT_OF_MEAN: u64 = 200;

/// Records and bytes appended in one bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bucket {
    start_ms: u64,
    records: u64,
    bytes: u64,
}

/// Sliding-window append rates per partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadMeter {
    buckets: Vec<VecDeque<Bucket>>,
}

/// One partition's load.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PartitionLoad {
    /// Records appended per second over the window.
    pub records_per_sec: u64,
    /// Key and value bytes appended per second over the window.
    pub bytes_per_sec: u64,
    /// At least twice the mean rate.
    pub hot: bool,
}

/// The whole topic's load.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TopicLoad {
    /// Per partition, in partition order.
    pub partitions: Vec<PartitionLoad>,
    /// The busiest partition's rate as a percentage of the mean (100 = perfectly even).
    pub skew_percent: u64,
    /// Whether the window holds enough records (10 per partition on average) to call a
    /// partition hot; below that, a few records would make noise look like skew.
    pub enough_samples: bool,
}

/// Records per partition, on average, the window needs before hot partitions are flagged.
pub const SAMPLES_PER_PARTITION_MIN: u64 = 10;

impl LoadMeter {
    /// Counts an append of `bytes` to `partition` at `now_ms`.
    pub fn record(&mut self, partition: u32, bytes: u64, now_ms: u64) {
        let p = partition as usize;
        if self.buckets.len() <= p {
            self.buckets.resize(p + 1, VecDeque::new());
        }
        let start_ms = now_ms - now_ms % BUCKET_MS;
        let queue = &mut self.buckets[p];
        match queue.back_mut() {
            Some(b) if b.start_ms == start_ms => {
                b.records += 1;
                b.bytes += bytes;
            }
            _ => queue.push_back(Bucket {
                start_ms,
                records: 1,
                bytes,
            }),
        }
        while queue
            .front()
            .is_some_and(|b| b.start_ms + WINDOW_MS < start_ms)
        {
            queue.pop_front();
        }
    }

    /// Rates over the window ending at `now_ms`, for `n_partitions`.
    pub fn load(&self, n_partitions: u32, now_ms: u64) -> TopicLoad {
        let window = WINDOW_MS.min(now_ms.max(1));
        let partitions: Vec<PartitionLoad> = (0..n_partitions as usize)
            .map(|p| {
                let (records, bytes) = self
                    .buckets
                    .get(p)
                    .into_iter()
                    .flatten()
                    .filter(|b| b.start_ms >= now_ms.saturating_sub(WINDOW_MS))
                    .fold((0, 0), |(r, y), b| (r + b.records, y + b.bytes));
                PartitionLoad {
                    records_per_sec: records * 1000 / window,
                    bytes_per_sec: bytes * 1000 / window,
                    hot: false,
                }
            })
            .collect();
        let total: u64 = partitions.iter().map(|l| l.records_per_sec).sum();
        let max = partitions
            .iter()
            .map(|l| l.records_per_sec)
            .max()
            .unwrap_or(0);
        let n = u64::from(n_partitions.max(1));
        // skew = max / mean = max * n / total.
        let skew_percent = (max * n * 100).checked_div(total).unwrap_or(100);
        let in_window = total * window / 1000;
        let enough_samples = in_window >= SAMPLES_PER_PARTITION_MIN * n;
        let partitions = partitions
            .into_iter()
            .map(|l| PartitionLoad {
                hot: enough_samples && l.records_per_sec * n * 100 >= total * HOT_PERCENT_OF_MEAN,
                ..l
            })
            .collect();
        TopicLoad {
            partitions,
            skew_percent,
            enough_samples,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_skew_and_hot_partitions() {
        let mut m = LoadMeter::default();
        for t in 0..1000 {
            m.record(0, 10, t);
            if t % 10 == 0 {
                m.record(1, 10, t);
                m.record(2, 10, t);
            }
        }
        let load = m.load(3, 1000);
        assert_eq!(load.partitions[0].records_per_sec, 1000);
        assert_eq!(load.partitions[1].records_per_sec, 100);
        assert_eq!(load.partitions[0].bytes_per_sec, 10_000);
        assert!(load.partitions[0].hot && !load.partitions[1].hot);
        // max / mean = 1000 / 400.
        assert_eq!(load.skew_percent, 250);
    }

    #[test]
    fn old_buckets_leave_the_window() {
        let mut m = LoadMeter::default();
        m.record(0, 1, 0);
        assert_eq!(
            m.load(1, 50).partitions[0].records_per_sec,
            20,
            "1 record in the first 50 ms"
        );
        assert_eq!(m.load(1, 5_000).partitions[0].records_per_sec, 0);
        m.record(0, 1, 5_000);
        assert_eq!(m.buckets[0].len(), 1, "memory stays bounded");
    }
}
