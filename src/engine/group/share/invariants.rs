//! The share group's safety rules, checked after every step by the invariant sweeps: a record
//! is acquired by at most one member at a time (no two running members both hold a record
//! under a lock that has not expired, and the broker agrees with each holder), no record is
//! acknowledged twice (each record that entered a share partition finished at most once:
//! `entered − finished` is exactly what is still in flight), and the in-flight window stays
//! within `group.share.partition.max.record.locks`.

use super::partition::RecordState;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::runtime::ConsumerGroup;
use std::collections::BTreeMap;

impl ConsumerGroup {
    /// The first share rule broken, with what was seen; `None` when all hold (and for a
    /// consumer group).
    pub fn share_rule_broken(&self) -> Option<(&'static str, String)> {
        let share = self.share.as_deref()?;
        let now = self.now_ms;
        let mut holders: BTreeMap<(&TopicPartition, u64), &str> = BTreeMap::new();
        for (i, c) in self.members.iter().enumerate() {
            if !c.status.is_running() {
                continue;
            }
            for r in c.in_flight.iter().filter(|r| r.lock_until_ms > now) {
                if let Some(other) = holders.insert((&r.tp, r.offset), &c.name) {
                    return Some((
                        "a share-group record is acquired by at most one member at a time",
                        format!("{}@{} held by {other} and {}", r.tp, r.offset, c.name),
                    ));
                }
                let broker = share
                    .partitions
                    .get(&*r.tp)
                    .and_then(|sp| sp.record(r.offset));
                let agrees = broker.is_some_and(|b| {
                    b.state == RecordState::Acquired
                        && b.member == i as u32
                        && b.lock_until_ms == r.lock_until_ms
                });
                if !agrees {
                    return Some((
                        "a member holds under a live lock only what the share partition acquired for it",
                        format!("{}@{} held by {}, broker has {broker:?}", r.tp, r.offset, c.name),
                    ));
                }
            }
        }
        let max = u64::from(self.config.share.partition_max_record_locks);
        for (tp, sp) in &share.partitions {
            let (entered, finished) = sp.entered_finished();
            let open = sp.records().filter(|(_, r)| !r.state.is_terminal()).count() as u64;
            let c = sp.counts();
            if entered != finished + open || c.acknowledged + c.archived != finished {
                return Some((
                    "no share-group record is acknowledged twice",
                    format!(
                        "{tp}: entered {entered}, finished {finished}, open {open}, acknowledged {} + archived {}",
                        c.acknowledged, c.archived
                    ),
                ));
            }
            if let (Some(s), Some(e)) = (sp.start_offset(), sp.end_offset()) {
                if e + 1 - s > max {
                    return Some((
                        "a share partition holds at most max.record.locks records in flight",
                        format!("{tp}: SPSO {s}, SPEO {e}, max {max}"),
                    ));
                }
            }
        }
        None
    }
}
