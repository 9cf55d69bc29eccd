//! What of the logs a group may still read: the lowest offset per partition that a member's
//! position, the committed offset, or a reset to `earliest` can send it back to. The simulator
//! keeps those records in memory (`PartitionLog::hold_for_readers`), so a group far behind
//! reads what Kafka would still hold instead of finding it gone.

use super::config::OffsetReset;
use super::log_view::LogView;
use super::runtime::ConsumerGroup;
use std::collections::BTreeMap;

impl ConsumerGroup {
    /// Per subscribed `(topic, partition)`, the lowest offset the group may still read; a
    /// partition it will never read again below the log end (no commit, reset `latest` or
    /// `none`, no position) is absent.
    pub fn lowest_needed_offsets<'a>(
        &'a self,
        logs: &dyn LogView,
    ) -> BTreeMap<(&'a str, u32), u64> {
        let mut needed: BTreeMap<(&str, u32), u64> = BTreeMap::new();
        let mut need = |topic: &'a str, partition: u32, offset: u64| {
            let slot = needed.entry((topic, partition)).or_insert(offset);
            *slot = (*slot).min(offset);
        };
        for (tp, &offset) in self.coordinator.committed() {
            need(tp.topic.as_str(), tp.partition, offset);
        }
        for c in self.members.iter().filter(|c| c.status.is_running()) {
            for (tp, &offset) in &c.positions {
                need(tp.topic.as_str(), tp.partition, offset);
            }
        }
        if self.config.auto_offset_reset == OffsetReset::Earliest {
            // Whoever gets a partition with no committed offset starts at the log start.
            for topic in &self.config.topics {
                for partition in 0..logs.n_partitions(topic).unwrap_or(0) {
                    let uncommitted = !self
                        .coordinator
                        .committed()
                        .keys()
                        .any(|tp| tp.partition == partition && tp.topic == *topic);
                    if uncommitted {
                        need(topic.as_str(), partition, 0);
                    }
                }
            }
        }
        needed
    }
}
