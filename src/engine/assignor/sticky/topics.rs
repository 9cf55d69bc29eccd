//! The topics a sticky run sees, interned once per call: each topic partition as the topic's
//! rank in `String.compareTo` order and the partition, so that sorting and looking up a million
//! partitions compares integers, and tables keyed by partition are vectors.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::stable_sort;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;

use super::StickyMember;
use crate::engine::assignor::TopicPartition;
use crate::engine::interner::FnvHasher;
use crate::engine::java::java_string_cmp;

/// A topic partition with its topic replaced by the topic's rank among the assignable topics in
/// `String.compareTo` order, so that the derived order is `java_tp_cmp` and comparing, sorting
/// and looking up never touch the name (the scale test holds a million of them). `partition`
/// may exceed the topic's count: members can claim partitions that do not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Tp {
    pub(super) rank: u32,
    pub(super) partition: u32,
}

/// The topics the sticky logic sees, interned once per call.
pub(super) struct Topics<'a> {
    /// `AbstractPartitionAssignor.assign(Cluster, ...)` only passes on topics somebody
    /// subscribes to and that have partitions; the rest never reach the sticky logic.
    pub(super) counts_by_name: BTreeMap<String, u32>,
    /// Names by rank (`String.compareTo` order).
    pub(super) names: Vec<&'a str>,
    /// Partition counts by rank.
    pub(super) counts: Vec<u32>,
    /// Dense index of each rank's partition 0; the last entry is the total partition count.
    pub(super) offsets: Vec<usize>,
    /// Name → rank, for lookups only (never iterated), so the hasher need only be fast.
    ranks: HashMap<&'a str, u32, BuildHasherDefault<FnvHasher>>,
}

impl<'a> Topics<'a> {
    pub(super) fn new(
        partitions_per_topic: &'a BTreeMap<String, u32>,
        members: &[StickyMember],
    ) -> Self {
        let mut names: Vec<&'a str> = partitions_per_topic
            .iter()
            .filter(|(t, &n)| n > 0 && members.iter().any(|m| m.member.topics.contains(t)))
            .map(|(t, _)| t.as_str())
            .collect();
        stable_sort::sort_by(&mut names, |a, b| java_string_cmp(a, b));
        let counts: Vec<u32> = names.iter().map(|t| partitions_per_topic[*t]).collect();
        let mut offsets = Vec::with_capacity(names.len() + 1);
        let mut total = 0usize;
        for &c in &counts {
            offsets.push(total);
            total += c as usize;
        }
        offsets.push(total);
        let ranks = names
            .iter()
            .enumerate()
            .map(|(r, &t)| (t, r as u32))
            .collect();
        let counts_by_name = names
            .iter()
            .zip(&counts)
            .map(|(t, &c)| (t.to_string(), c))
            .collect_map();
        Topics {
            counts_by_name,
            names,
            counts,
            offsets,
            ranks,
        }
    }

    pub(super) fn total(&self) -> usize {
        self.offsets[self.names.len()]
    }

    pub(super) fn rank(&self, topic: &str) -> Option<u32> {
        self.ranks.get(topic).copied()
    }

    /// `None` for a topic outside the assignable set.
    pub(super) fn intern(&self, tp: &TopicPartition) -> Option<Tp> {
        self.rank(&tp.topic).map(|rank| Tp {
            rank,
            partition: tp.partition,
        })
    }

    pub(super) fn topic_partition(&self, tp: Tp) -> TopicPartition {
        TopicPartition {
            topic: self.names[tp.rank as usize].to_string(),
            partition: tp.partition,
        }
    }

    /// Position among all existing partitions, for `Vec`-indexed tables; `None` for a claimed
    /// partition beyond its topic's count.
    pub(super) fn dense(&self, tp: Tp) -> Option<usize> {
        (tp.partition < self.counts[tp.rank as usize])
            .then(|| self.offsets[tp.rank as usize] + tp.partition as usize)
    }

    /// Every partition in (topic, partition) order.
    pub(super) fn all(&self) -> impl Iterator<Item = Tp> + '_ {
        self.counts.iter().enumerate().flat_map(|(rank, &c)| {
            (0..c).map(move |partition| Tp {
                rank: rank as u32,
                partition,
            })
        })
    }
}

/// A map keyed by interned partitions: a `Vec` over existing partitions, plus a tree for the
/// rare claimed partition beyond its topic's count.
pub(super) struct TpTable<'t, V> {
    topics: &'t Topics<'t>,
    dense: Vec<Option<V>>,
    beyond: BTreeMap<Tp, V>,
}

impl<'t, V: Copy> TpTable<'t, V> {
    pub(super) fn new(topics: &'t Topics<'t>) -> Self {
        TpTable {
            topics,
            dense: vec![None; topics.total()],
            beyond: BTreeMap::new(),
        }
    }

    pub(super) fn get(&self, tp: Tp) -> Option<V> {
        match self.topics.dense(tp) {
            Some(i) => self.dense[i],
            None => self.beyond.get(&tp).copied(),
        }
    }

    pub(super) fn insert(&mut self, tp: Tp, v: V) {
        match self.topics.dense(tp) {
            Some(i) => self.dense[i] = Some(v),
            None => {
                self.beyond.insert(tp, v);
            }
        }
    }
}
