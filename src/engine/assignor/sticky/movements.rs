//! `PartitionMovements`: which partitions moved between which members while the general
//! builder balances, so that a move can undo an earlier opposite one instead of making an
//! A→B→A chain. The partitions moved between two members are a Java `HashSet`, iterated in
//! `TopicPartition.hashCode` bucket order.

use std::collections::BTreeMap;

use crate::engine::assignor::TopicPartition;
use crate::engine::java::java_string_hash;
use crate::engine::java::JavaHashOrder;

/// `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
fn java_tp_hash(tp: &TopicPartition) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(tp.partition as i32))
        .wrapping_add(java_string_hash(&tp.topic))
}

/// `PartitionMovements`: which partitions moved between which members during balancing, so a
/// move can undo an earlier opposite one instead of creating an A→B→A chain.
#[derive(Default)]
pub(super) struct Movements {
    by_partition: BTreeMap<TopicPartition, (usize, usize)>,
    by_topic: BTreeMap<String, BTreeMap<(usize, usize), JavaHashOrder<TopicPartition>>>,
}

impl Movements {
    fn remove_record(&mut self, tp: &TopicPartition) -> Option<(usize, usize)> {
        let pair = self.by_partition.remove(tp)?;
        if let Some(for_topic) = self.by_topic.get_mut(&tp.topic) {
            if let Some(set) = for_topic.get_mut(&pair) {
                set.remove(tp);
                if set.is_empty() {
                    for_topic.remove(&pair);
                }
            }
            if for_topic.is_empty() {
                self.by_topic.remove(&tp.topic);
            }
        }
        Some(pair)
    }

    fn add_record(&mut self, tp: &TopicPartition, pair: (usize, usize)) {
        self.by_partition.insert(tp.clone(), pair);
        self.by_topic
            .entry(tp.topic.clone())
            .or_default()
            .entry(pair)
            .or_insert_with(JavaHashOrder::new)
            .insert(java_tp_hash(tp), tp.clone());
    }

    pub(super) fn move_partition(&mut self, tp: &TopicPartition, old: usize, new: usize) {
        match self.remove_record(tp) {
            Some((src, _)) => {
                if src != new {
                    self.add_record(tp, (src, new));
                }
            }
            None => self.add_record(tp, (old, new)),
        }
    }

    /// `getTheActualPartitionToBeMoved`: prefer sending back a partition that earlier moved the
    /// opposite way between the same two members.
    pub(super) fn actual_partition_to_move(
        &self,
        tp: &TopicPartition,
        old: usize,
        new: usize,
    ) -> TopicPartition {
        let Some(for_topic) = self.by_topic.get(&tp.topic) else {
            return tp.clone();
        };
        let old = self.by_partition.get(tp).map_or(old, |&(src, _)| src);
        match for_topic.get(&(new, old)).and_then(JavaHashOrder::first) {
            Some(first) => first.clone(),
            None => tp.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::java::spread;

    #[test]
    fn topic_partition_hash_matches_java() {
        let tp = TopicPartition {
            topic: "topic".into(),
            partition: 2,
        };
        assert_eq!(java_tp_hash(&tp), 31 * (31 + 2) + 110_546_223);
    }

    #[test]
    fn set_first_follows_buckets_then_insertion() {
        let mut set = JavaHashOrder::new();
        let a = TopicPartition {
            topic: "t".into(),
            partition: 5,
        };
        let b = TopicPartition {
            topic: "t".into(),
            partition: 1,
        };
        set.insert(java_tp_hash(&a), a.clone());
        set.insert(java_tp_hash(&b), b.clone());
        let bucket = |tp: &TopicPartition| spread(java_tp_hash(tp)) & 15;
        let expected = if bucket(&b) < bucket(&a) { &b } else { &a };
        assert_eq!(set.first(), Some(expected));
        set.remove(expected);
        assert_eq!(set.iter_order().len(), 1);
    }
}
