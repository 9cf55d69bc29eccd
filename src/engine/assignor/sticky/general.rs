//! `GeneralAssignmentBuilder`, the sticky assignors' path when subscriptions differ: keep the
//! owned partitions still subscribed to, hand out the rest to the least-loaded subscriber, then
//! move partitions while that makes the group more balanced, preferring a partition's previous
//! owner and undoing opposite moves (`movements`).

use crate::engine::btree_collect::CollectBTree;
use crate::engine::stable_sort;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use super::movements::Movements;
use super::topics::Topics;
use super::{generation_of, java_tp_cmp, remove_first, two_pointer_difference, StickyMember};
use crate::engine::assignor::TopicPartition;
use crate::engine::java::java_string_cmp;

pub(super) struct General<'a> {
    members: &'a [StickyMember],
    topics: &'a BTreeMap<String, u32>,
    interned: &'a Topics<'a>,
    subs_order: &'a [usize],
    owned_order: &'a [usize],
    total: usize,
    topic_consumers: BTreeMap<String, Vec<usize>>,
    consumer_topics: Vec<Vec<String>>,
    /// `subscribes[m * topic count + rank]`: whether member m lists the topic, so the search
    /// for a topic's least-loaded subscriber compares no names.
    subscribes: Vec<bool>,
    /// `currentAssignment`; `None` while a member is set aside as fixed.
    current: Vec<Option<Vec<TopicPartition>>>,
    /// `currentPartitionConsumer`.
    owner: BTreeMap<TopicPartition, usize>,
    /// `sortedCurrentSubscriptions`: (assignment size, rank of the id in Java order).
    sorted: BTreeSet<(usize, usize)>,
    rank: Vec<usize>,
    by_rank: Vec<usize>,
    movements: Movements,
    revocation_required: bool,
}

impl<'a> General<'a> {
    pub(super) fn new(
        interned: &'a Topics<'a>,
        members: &'a [StickyMember],
        owned: Vec<Vec<TopicPartition>>,
        subs_order: &'a [usize],
        owned_order: &'a [usize],
    ) -> Self {
        let topics = &interned.counts_by_name;
        let mut topic_consumers: BTreeMap<String, Vec<usize>> =
            topics.keys().map(|t| (t.clone(), Vec::new())).collect_map();
        let mut consumer_topics = vec![Vec::new(); members.len()];
        for &m in subs_order {
            for t in &members[m].member.topics {
                if let Some(list) = topic_consumers.get_mut(t) {
                    consumer_topics[m].push(t.clone());
                    list.push(m);
                }
            }
        }
        let n_topics = interned.names.len();
        let mut subscribes = vec![false; members.len() * n_topics];
        for (m, list) in consumer_topics.iter().enumerate() {
            for rank in list.iter().filter_map(|t| interned.rank(t)) {
                subscribes[m * n_topics + rank as usize] = true;
            }
        }
        let mut owner = BTreeMap::new();
        for &m in owned_order {
            for tp in &owned[m] {
                owner.insert(tp.clone(), m);
            }
        }
        let mut by_rank: Vec<usize> = (0..members.len()).collect();
        stable_sort::sort_by(&mut by_rank, |&a, &b| {
            java_string_cmp(&members[a].member.id, &members[b].member.id)
        });
        let mut rank = vec![0; members.len()];
        for (r, &m) in by_rank.iter().enumerate() {
            rank[m] = r;
        }
        General {
            members,
            topics,
            interned,
            subs_order,
            owned_order,
            total: topics.values().map(|&c| c as usize).sum(),
            topic_consumers,
            subscribes,
            consumer_topics,
            current: owned.into_iter().map(Some).collect(),
            owner,
            sorted: BTreeSet::new(),
            rank,
            by_rank,
            movements: Movements::default(),
            revocation_required: false,
        }
    }

    fn size(&self, m: usize) -> Option<usize> {
        self.current[m].as_ref().map(Vec::len)
    }

    fn tree_remove(&mut self, m: usize) {
        if let Some(size) = self.size(m) {
            self.sorted.remove(&(size, self.rank[m]));
        }
    }

    fn tree_insert(&mut self, m: usize) {
        if let Some(size) = self.size(m) {
            self.sorted.insert((size, self.rank[m]));
        }
    }

    fn sorted_members(&self) -> impl Iterator<Item = usize> + '_ {
        self.sorted.iter().map(|&(_, r)| self.by_rank[r])
    }

    /// The least-loaded member (in `sortedCurrentSubscriptions` order) subscribed to `topic`.
    fn first_subscriber(&self, topic: &str) -> Option<usize> {
        let rank = self.interned.rank(topic)? as usize;
        let n_topics = self.interned.names.len();
        self.sorted_members()
            .find(|&m| self.subscribes[m * n_topics + rank])
    }

    fn potential_consumers(&self, topic: &str) -> usize {
        self.topic_consumers.get(topic).map_or(0, Vec::len)
    }

    /// `PartitionComparator`: topics with fewer potential consumers first, then name, then id.
    fn partition_cmp(&self, a: &TopicPartition, b: &TopicPartition) -> Ordering {
        self.potential_consumers(&a.topic)
            .cmp(&self.potential_consumers(&b.topic))
            .then_with(|| java_tp_cmp(a, b))
    }

    pub(super) fn build(mut self, max_generation: i32) -> Vec<Vec<TopicPartition>> {
        let mut sorted_topics: Vec<&String> = self.topic_consumers.keys().collect();
        stable_sort::sort_by(&mut sorted_topics, |a, b| {
            self.potential_consumers(a)
                .cmp(&self.potential_consumers(b))
                .then_with(|| java_string_cmp(a, b))
        });
        let mut sorted_all: Vec<TopicPartition> = sorted_topics
            .iter()
            .flat_map(|t| {
                (0..self.topics[*t]).map(move |p| TopicPartition {
                    topic: (*t).clone(),
                    partition: p,
                })
            })
            .collect();

        let prev = self.previous_assignment(max_generation);
        let assigned = self.keep_owned_partitions();
        let mut unassigned = if assigned.is_empty() {
            sorted_all.clone()
        } else {
            let mut assigned = assigned;
            stable_sort::sort_by(&mut assigned, |a, b| self.partition_cmp(a, b));
            two_pointer_difference(sorted_all.iter().cloned(), &assigned)
        };
        for m in 0..self.members.len() {
            self.tree_insert(m);
        }
        self.balance(&prev, &mut unassigned, &mut sorted_all);
        self.current
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    /// `prepopulateCurrentAssignments`: for each claimed partition, the member that held it in
    /// the highest generation below the current maximum (first such member on ties).
    fn previous_assignment(&self, max_generation: i32) -> BTreeMap<TopicPartition, (usize, i32)> {
        let mut prev: BTreeMap<TopicPartition, (usize, i32)> = BTreeMap::new();
        for &m in self.subs_order {
            let generation = generation_of(&self.members[m]);
            if generation >= max_generation {
                continue;
            }
            for tp in &self.members[m].owned {
                match prev.get(tp) {
                    Some(&(_, g)) if generation <= g => {}
                    _ => {
                        prev.insert(tp.clone(), (m, generation));
                    }
                }
            }
        }
        prev
    }

    /// `assignOwnedPartitions`: drop owned partitions of topics the member no longer subscribes
    /// to (that forces a revocation); return the kept ones.
    fn keep_owned_partitions(&mut self) -> Vec<TopicPartition> {
        let mut assigned = Vec::new();
        let members = self.members;
        let topics = self.topics;
        for &m in self.owned_order {
            let subscribed = &members[m].member.topics;
            let Some(list) = self.current[m].as_mut() else {
                continue;
            };
            let mut kept = Vec::with_capacity(list.len());
            for tp in list.drain(..) {
                if !topics.contains_key(&tp.topic) {
                    self.owner.remove(&tp);
                } else if !subscribed.contains(&tp.topic) {
                    self.revocation_required = true;
                } else {
                    assigned.push(tp.clone());
                    kept.push(tp);
                }
            }
            *list = kept;
        }
        assigned
    }

    fn max_assignment_size(&self, m: usize) -> usize {
        let topics = &self.consumer_topics[m];
        if topics.len() == self.topics.len() {
            self.total
        } else {
            topics.iter().map(|t| self.topics[t] as usize).sum()
        }
    }

    fn can_consumer_participate(&self, m: usize) -> bool {
        let Some(list) = self.current[m].as_ref() else {
            return false;
        };
        list.len() < self.max_assignment_size(m)
            || list
                .iter()
                .any(|tp| self.potential_consumers(&tp.topic) >= 2)
    }

    fn assign_to_first_subscriber(&mut self, tp: &TopicPartition) {
        let Some(m) = self.first_subscriber(&tp.topic) else {
            return;
        };
        self.tree_remove(m);
        if let Some(list) = self.current[m].as_mut() {
            list.push(tp.clone());
        }
        self.owner.insert(tp.clone(), m);
        self.tree_insert(m);
    }

    fn balance_score(lists: &[Option<Vec<TopicPartition>>]) -> usize {
        let sizes: Vec<usize> = lists.iter().flatten().map(Vec::len).collect();
        let mut score = 0;
        for (i, a) in sizes.iter().enumerate() {
            for b in &sizes[i + 1..] {
                score += a.abs_diff(*b);
            }
        }
        score
    }

    fn balance(
        &mut self,
        prev: &BTreeMap<TopicPartition, (usize, i32)>,
        unassigned: &mut Vec<TopicPartition>,
        sorted_all: &mut Vec<TopicPartition>,
    ) {
        let initializing = self
            .sorted
            .last()
            .map(|&(_, r)| self.by_rank[r])
            .is_none_or(|m| self.size(m) == Some(0));

        for tp in unassigned.iter() {
            if self.potential_consumers(&tp.topic) > 0 {
                self.assign_to_first_subscriber(tp);
            }
        }

        // Partitions of topics only one member can take never move.
        sorted_all.retain(|tp| self.potential_consumers(&tp.topic) >= 2);
        unassigned.retain(|tp| self.potential_consumers(&tp.topic) >= 2);

        let mut fixed: Vec<(usize, Vec<TopicPartition>)> = Vec::new();
        for m in 0..self.members.len() {
            if !self.can_consumer_participate(m) {
                self.tree_remove(m);
                if let Some(list) = self.current[m].take() {
                    fixed.push((m, list));
                }
            }
        }

        let pre_balance = self.current.clone();
        let pre_balance_owner = self.owner.clone();

        if !self.revocation_required {
            self.perform_reassignments(unassigned, prev);
        }
        let reassigned = self.perform_reassignments(sorted_all, prev);

        // Moving owned partitions is only worth it if it made the group more balanced.
        if !initializing
            && reassigned
            && Self::balance_score(&self.current) >= Self::balance_score(&pre_balance)
        {
            self.current = pre_balance;
            self.owner = pre_balance_owner;
        }
        for (m, list) in fixed {
            self.current[m] = Some(list);
        }
    }

    fn is_balanced(&self) -> bool {
        let (Some(&(min, _)), Some(&(max, _))) = (self.sorted.first(), self.sorted.last()) else {
            return true;
        };
        if min + 1 >= max {
            return true;
        }
        // Java's `allPartitions` map and `List.contains`, by dense partition index rather than
        // by name: this runs once per partition visited while balancing. Partitions beyond a
        // topic's count are left out, as only existing ones are looked up.
        let t = self.interned;
        let dense = |tp: &TopicPartition| t.intern(tp).and_then(|tp| t.dense(tp));
        let mut all: Vec<Option<usize>> = vec![None; t.total()];
        for (m, list) in self.current.iter().enumerate() {
            for tp in list.iter().flatten() {
                if let Some(i) = dense(tp) {
                    all[i] = Some(m);
                }
            }
        }
        // `in_list[i] == m`: partition `i` is in member m's list.
        let mut in_list: Vec<usize> = vec![usize::MAX; t.total()];
        for m in self.sorted_members() {
            let Some(list) = self.current[m].as_ref() else {
                continue;
            };
            let count = list.len();
            if count == self.max_assignment_size(m) {
                continue;
            }
            for i in list.iter().filter_map(dense) {
                in_list[i] = m;
            }
            for topic in &self.consumer_topics[m] {
                // Members only list assignable topics.
                let Some(rank) = t.rank(topic) else { continue };
                let first = t.offsets[rank as usize];
                for i in first..first + t.counts[rank as usize] as usize {
                    if in_list[i] == m {
                        continue;
                    }
                    // Every partition is assigned by now; a miss would be a Java NPE.
                    let Some(other) = all[i] else { continue };
                    if self
                        .size(other)
                        .is_some_and(|other_count| count + 1 < other_count)
                    {
                        return false;
                    }
                }
            }
        }
        true
    }

    fn perform_reassignments(
        &mut self,
        partitions: &[TopicPartition],
        prev: &BTreeMap<TopicPartition, (usize, i32)>,
    ) -> bool {
        let mut performed = false;
        // `isBalanced()` depends only on the assignment, so it is recomputed only after a move.
        let mut balanced: Option<bool> = None;
        loop {
            let mut modified = false;
            for tp in partitions {
                if *balanced.get_or_insert_with(|| self.is_balanced()) {
                    break;
                }
                let Some(&consumer) = self.owner.get(tp) else {
                    continue;
                };
                let Some(consumer_size) = self.size(consumer) else {
                    continue;
                };
                if let Some(&(prev_owner, _)) = prev.get(tp) {
                    // Java would throw a NullPointerException if the previous owner were set
                    // aside as fixed; skipping the move-back is the closest non-throwing reading.
                    if self
                        .size(prev_owner)
                        .is_some_and(|prev_size| consumer_size > prev_size + 1)
                    {
                        self.reassign_to(tp, prev_owner);
                        balanced = None;
                        performed = true;
                        modified = true;
                        continue;
                    }
                }
                let better = self.topic_consumers[&tp.topic].iter().any(|&other| {
                    self.size(other)
                        .is_some_and(|other_size| consumer_size > other_size + 1)
                });
                if better {
                    if let Some(new) = self.first_subscriber(&tp.topic) {
                        self.reassign_to(tp, new);
                        balanced = None;
                    }
                    performed = true;
                    modified = true;
                }
            }
            if !modified {
                return performed;
            }
        }
    }

    fn reassign_to(&mut self, tp: &TopicPartition, new: usize) {
        let Some(&consumer) = self.owner.get(tp) else {
            return;
        };
        let to_move = self.movements.actual_partition_to_move(tp, consumer, new);
        let Some(&old) = self.owner.get(&to_move) else {
            return;
        };
        self.tree_remove(old);
        self.tree_remove(new);
        self.movements.move_partition(&to_move, old, new);
        if let Some(list) = self.current[old].as_mut() {
            remove_first(list, &to_move);
        }
        if let Some(list) = self.current[new].as_mut() {
            list.push(to_move.clone());
        }
        self.owner.insert(to_move, new);
        self.tree_insert(new);
        self.tree_insert(old);
    }
}
