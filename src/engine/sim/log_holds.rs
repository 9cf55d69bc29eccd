//! Keeping in memory what a reader may still ask for. Every `HOLDS_INTERVAL_MS` the simulator
//! tells each partition's logs the lowest offset that a consumer group (its positions, its
//! committed offsets, a reset to `earliest`) or a follower (its log end) may still read, and a
//! share of the run's budget (`limits::HELD_RECORDS_MAX`). Between two passes a reader only
//! moves forward, so a bound a pass old keeps more, never less, than a fresh one would.

use super::topics::TopicLogs;
use super::Sim;
use crate::engine::limits;

/// How often the holds are recomputed, in ms of sim time.
pub(super) const HOLDS_INTERVAL_MS: u64 = 500;

impl Sim {
    /// Recomputes the holds if one is due at `at`.
    pub(super) fn maybe_update_log_holds(&mut self, at: u64) {
        if at < self.next_holds_ms {
            return;
        }
        self.next_holds_ms = at + HOLDS_INTERVAL_MS;
        let n_logs: usize = self
            .topics
            .iter()
            .map(|t| {
                t.replication
                    .iter()
                    .map(|r| r.replicas.len() + 1)
                    .sum::<usize>()
            })
            .sum();
        let held_max = limits::HELD_RECORDS_MAX / n_logs.max(1);
        let mut needed: Vec<Vec<u64>> = self
            .topics
            .iter()
            .map(|t| vec![u64::MAX; t.replication.len()])
            .collect();
        {
            let logs = TopicLogs(&self.topics);
            for g in &self.groups {
                for ((topic, partition), offset) in g.lowest_needed_offsets(&logs) {
                    let Some(t) = self.topics.iter().position(|t| t.topic.name == topic) else {
                        continue;
                    };
                    if let Some(slot) = needed[t].get_mut(partition as usize) {
                        *slot = (*slot).min(offset);
                    }
                }
            }
        }
        for (run, needed) in self.topics.iter_mut().zip(needed) {
            for (p, mut needed_from) in needed.into_iter().enumerate() {
                let rep = &mut run.replication[p];
                // A follower, even a stopped one, fetches from its log end when it comes back.
                for r in &rep.replicas {
                    if Some(r.broker) != rep.leader {
                        needed_from = needed_from.min(r.log.end_offset());
                    }
                }
                for r in &mut rep.replicas {
                    r.log.hold_for_readers(needed_from, held_max);
                }
                if let Some(mirror) = run.topic.partitions.get_mut(p) {
                    mirror.hold_for_readers(needed_from, held_max);
                }
            }
        }
    }
}
