//! Per-partition load: records and bytes appended per second over a sliding window, and the
//! skew between the busiest partition and the mean, so hot partitions show as they happen.
//! Integer arithmetic in 100 ms buckets; memory is bounded by the window. It also remembers,
//! for the run's first [`SECONDS_KEPT`] seconds, which partition was busiest in each whole
//! second: a sliding window straddles two seconds, so only whole seconds can say "one
//! partition took this second's traffic" and keep saying it.

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

/// Whole seconds of the run remembered by [`LoadMeter::busiest_by_second`].
pub const SECONDS_KEPT: usize = 60;

/// Sliding-window append rates per partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadMeter {
    buckets: Vec<VecDeque<Bucket>>,
    /// Records per partition in the second now being counted (`counting_second`).
    second_counts: Vec<u64>,
    counting_second: u64,
    /// The busiest partition of each whole second that had records, oldest first.
    seconds: Vec<BusiestInSecond>,
}

/// Which partition took most of one whole second's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BusiestInSecond {
    /// The second, counted from the start of the run (0 is [0 ms, 1000 ms)).
    pub second: u64,
    /// The partition that took the most records in it.
    pub partition: u32,
    /// Its share of that second's records, in percent.
    pub share_percent: u64,
    /// The second's records, over every partition.
    pub records: u64,
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
        self.count_in_second(p, now_ms);
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

    fn count_in_second(&mut self, p: usize, now_ms: u64) {
        let second = now_ms / 1000;
        if second != self.counting_second {
            self.close_second();
            self.counting_second = second;
        }
        if self.second_counts.len() <= p {
            self.second_counts.resize(p + 1, 0);
        }
        self.second_counts[p] += 1;
    }

    fn close_second(&mut self) {
        if let Some(closed) = busiest(self.counting_second, &self.second_counts) {
            if self.seconds.len() < SECONDS_KEPT {
                self.seconds.push(closed);
            }
        }
        self.second_counts.iter_mut().for_each(|c| *c = 0);
    }

    /// The busiest partition of each whole second before `now_ms` that had records, for the
    /// run's first [`SECONDS_KEPT`] such seconds.
    pub fn busiest_by_second(&self, now_ms: u64) -> Vec<BusiestInSecond> {
        let mut seconds = self.seconds.clone();
        if now_ms / 1000 > self.counting_second && seconds.len() < SECONDS_KEPT {
            seconds.extend(busiest(self.counting_second, &self.second_counts));
        }
        seconds
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

/// The busiest partition among `counts` (the lowest on a tie), if any record was counted.
fn busiest(second: u64, counts: &[u64]) -> Option<BusiestInSecond> {
    let records: u64 = counts.iter().sum();
    let (partition, most) = counts
        .iter()
        .enumerate()
        .max_by_key(|&(p, &c)| (c, std::cmp::Reverse(p)))?;
    (records > 0).then(|| BusiestInSecond {
        second,
        partition: partition as u32,
        share_percent: most * 100 / records,
        records,
    })
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

    #[test]
    fn whole_seconds_remember_their_busiest_partition() {
        let mut m = LoadMeter::default();
        for t in 0..1000 {
            m.record(t as u32 % 10 / 9, 1, t); // 90% to partition 0
        }
        for t in (1000..2000).step_by(2) {
            m.record(2, 1, t);
        }
        assert_eq!(
            m.busiest_by_second(1500).len(),
            1,
            "second 1 is not over yet"
        );
        let seconds = m.busiest_by_second(2000);
        assert_eq!(
            seconds,
            vec![
                BusiestInSecond {
                    second: 0,
                    partition: 0,
                    share_percent: 90,
                    records: 1000
                },
                BusiestInSecond {
                    second: 1,
                    partition: 2,
                    share_percent: 100,
                    records: 500
                },
            ]
        );
        for t in 2..(SECONDS_KEPT as u64 + 10) {
            m.record(1, 1, t * 1000);
        }
        assert_eq!(
            m.busiest_by_second(u64::MAX).len(),
            SECONDS_KEPT,
            "memory stays bounded"
        );
    }
}
