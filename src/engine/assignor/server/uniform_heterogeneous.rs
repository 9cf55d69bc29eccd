//! Kafka 4.0's `UniformHeterogeneousAssignmentBuilder` (the `uniform` assignor when members
//! subscribe to different topics), ported step for step: keep every still-subscribed partition
//! where it is, give the free ones topic by topic to the least loaded subscribers, then move
//! partitions from the most to the least loaded subscribers of each topic until no move helps
//! (at most 16 passes). Only the member order matters among Java's orders: members are numbered
//! in the member map's order and that number breaks every tie; topics are sorted by
//! partitions per subscriber (descending), subscriber count, then `Uuid.compareTo`.

use crate::engine::stable_sort;
use std::cmp::Ordering;

use super::spec::IndexedGroup;
use super::ServerTopic;

/// `MAX_ITERATION_COUNT`: balancing passes over all topics at most.
const MAX_ITERATION_COUNT: usize = 16;

/// `UniformHeterogeneousAssignmentBuilder.build`: per member (input order), its partitions.
pub(super) fn assign_uniform_heterogeneous(
    group: &IndexedGroup,
    topics: &[ServerTopic],
) -> Vec<Vec<(usize, u32)>> {
    let mut builder = Builder::new(group, topics);
    if !builder.subscribed.is_empty() {
        builder.keep_subscribed_partitions(group);
        builder.assign_remaining_partitions();
        builder.balance();
    }
    let mut result = vec![Vec::new(); group.members.len()];
    for (t, owners) in builder.owners.iter().enumerate() {
        for (p, &owner) in owners.iter().enumerate() {
            if owner >= 0 {
                result[owner as usize].push((t, p as u32));
            }
        }
    }
    result
}

struct Builder<'a> {
    topics: &'a [ServerTopic],
    /// Topics with at least one subscriber, in no particular order (only sorted copies are
    /// iterated).
    subscribed: Vec<usize>,
    /// `topicSubscribers`: per topic, its subscribers' numbers, ascending.
    subscribers: Vec<Vec<usize>>,
    /// `memberTargetAssignmentSizes`.
    sizes: Vec<i64>,
    /// `targetAssignmentPartitionOwners`: per topic and partition, the owner's number or -1.
    owners: Vec<Vec<i64>>,
}

impl<'a> Builder<'a> {
    fn new(group: &IndexedGroup, topics: &'a [ServerTopic]) -> Self {
        let mut subscribers = vec![Vec::new(); topics.len()];
        for (m, member) in group.members.iter().enumerate() {
            for &t in &member.subscribed {
                subscribers[t].push(m);
            }
        }
        let subscribed: Vec<usize> = (0..topics.len())
            .filter(|&t| !subscribers[t].is_empty())
            .collect();
        let owners = (0..topics.len())
            .map(|t| {
                if subscribers[t].is_empty() {
                    Vec::new()
                } else {
                    vec![-1; topics[t].partitions as usize]
                }
            })
            .collect();
        Builder {
            topics,
            subscribed,
            subscribers,
            sizes: vec![0; group.members.len()],
            owners,
        }
    }

    /// `topicComparator`.
    fn topic_order(&self, a: usize, b: usize) -> Ordering {
        let (pa, pb) = (self.topics[a].partitions, self.topics[b].partitions);
        let (sa, sb) = (self.subscribers[a].len(), self.subscribers[b].len());
        // Double.compare(p2 / s2, p1 / s1): descending partitions per subscriber, compared
        // exactly as p2 * s1 against p1 * s2. Java's doubles agree: each quotient is correctly
        // rounded, so equal fractions give equal doubles, and two different fractions (numerators
        // up to the partition limit, denominators up to the member limit) differ by far more
        // than a rounding step, so their doubles keep their order.
        (u64::from(pb) * sa as u64)
            .cmp(&(u64::from(pa) * sb as u64))
            .then(sa.cmp(&sb))
            .then_with(|| self.topics[a].id.java_cmp(&self.topics[b].id))
    }

    fn sorted_topics(&self, topics: &[usize]) -> Vec<usize> {
        let mut sorted = topics.to_vec();
        stable_sort::sort_by(&mut sorted, |&a, &b| self.topic_order(a, b));
        sorted
    }

    /// `maybeRevokePartitions`: partitions of subscribed topics stay; others are dropped.
    fn keep_subscribed_partitions(&mut self, group: &IndexedGroup) {
        for (m, member) in group.members.iter().enumerate() {
            for (t, partitions) in &member.assignment {
                if member.subscribes_to(*t) {
                    self.sizes[m] += partitions.len() as i64;
                    for &p in partitions {
                        self.owners[*t][p as usize] = m as i64;
                    }
                }
            }
        }
    }

    /// `computeUnassignedPartitions` and `assignRemainingPartitions`.
    fn assign_remaining_partitions(&mut self) {
        let with_free: Vec<usize> = self
            .subscribed
            .iter()
            .copied()
            .filter(|&t| self.owners[t].contains(&-1))
            .collect();
        let mut balancer = Balancer::default();
        for t in self.sorted_topics(&with_free) {
            balancer.initialize(&self.subscribers[t], &self.sizes);
            let free: Vec<u32> = (0..self.topics[t].partitions)
                .filter(|&p| self.owners[t][p as usize] == -1)
                .collect();
            for p in free {
                let least = balancer.next_least_loaded(&self.sizes);
                self.assign_partition(t, p, least);
            }
        }
    }

    /// `balance` and `balanceTopics`: topics with two or more subscribers, pass after pass,
    /// until a whole pass moves nothing.
    fn balance(&mut self) {
        let movable: Vec<usize> = self
            .subscribed
            .iter()
            .copied()
            .filter(|&t| self.subscribers[t].len() >= 2)
            .collect();
        if movable.is_empty() {
            return;
        }
        let sorted = self.sorted_topics(&movable);
        let mut last_rebalanced: Option<usize> = None;
        let mut balancer = Balancer::default();
        for _ in 0..MAX_ITERATION_COUNT {
            for (index, &t) in sorted.iter().enumerate() {
                if last_rebalanced == Some(index) {
                    return;
                }
                let moved = self.balance_topic(t, &mut balancer);
                if moved > 0 || last_rebalanced.is_none() {
                    last_rebalanced = Some(index);
                }
            }
        }
    }

    /// `balanceTopic`: moves the last partitions of the most loaded subscribers to the least
    /// loaded ones; returns how many moved.
    fn balance_topic(&mut self, t: usize, balancer: &mut Balancer) -> usize {
        let imbalance = balancer.initialize(&self.subscribers[t], &self.sizes);
        if imbalance <= 1 {
            return 0;
        }
        let owners = &self.owners[t];
        let mut partitions: Vec<u32> = (0..self.topics[t].partitions).collect();
        stable_sort::sort_by_key(&mut partitions, |&p| (owners[p as usize], p));
        // Per owner number: its range [start, end) in `partitions`.
        let mut ranges: std::collections::BTreeMap<i64, (usize, usize)> = Default::default();
        for (i, &p) in partitions.iter().enumerate() {
            let range = ranges.entry(owners[p as usize]).or_insert((i, i));
            range.1 = i + 1;
        }
        let mut moved = 0;
        while !balancer.is_balanced() {
            let most = loop {
                let Some(most) = balancer.next_most_loaded(&self.sizes) else {
                    break None;
                };
                match ranges.get(&(most as i64)) {
                    Some(&(start, end)) if end > start => break Some(most),
                    _ => balancer.exclude_most_loaded(),
                }
            };
            let Some(most) = most else { break };
            let range = ranges.get_mut(&(most as i64)).expect("checked above");
            let partition = partitions[range.1 - 1];
            range.1 -= 1;
            let least = balancer.next_least_loaded(&self.sizes);
            if balancer.is_balanced() {
                break;
            }
            self.assign_partition(t, partition, least);
            moved += 1;
        }
        moved
    }

    /// `assignPartition`.
    fn assign_partition(&mut self, t: usize, p: u32, member: usize) {
        let old = self.owners[t][p as usize];
        if old >= 0 {
            self.sizes[old as usize] -= 1;
        }
        self.owners[t][p as usize] = member as i64;
        self.sizes[member] += 1;
    }
}

/// `MemberAssignmentBalancer`: a topic's subscribers sorted by load, with a least loaded range
/// growing rightwards and a most loaded range growing leftwards. It reads the live sizes, as
/// the Java class shares the builder's array.
#[derive(Default)]
struct Balancer {
    sorted: Vec<usize>,
    least_loaded_range_end: usize,
    least_loaded_range_partition_count: i64,
    next_least_loaded: usize,
    most_loaded_range_start: usize,
    most_loaded_range_end: usize,
    most_loaded_range_partition_count: i64,
    next_most_loaded: isize,
}

impl Balancer {
    /// `initialize`: returns the spread between the most and least loaded subscriber.
    fn initialize(&mut self, members: &[usize], sizes: &[i64]) -> i64 {
        self.sorted.clear();
        self.sorted.extend_from_slice(members);
        // memberComparator: size, then member number; List.sort is stable, as sort_by is.
        stable_sort::sort_by_key(&mut self.sorted, |&m| (sizes[m], m));
        let first = sizes[self.sorted[0]];
        let last = sizes[self.sorted[self.sorted.len() - 1]];
        self.least_loaded_range_end = 0;
        self.least_loaded_range_partition_count = first - 1;
        self.next_least_loaded = 0;
        self.most_loaded_range_start = self.sorted.len();
        self.most_loaded_range_end = self.sorted.len();
        self.most_loaded_range_partition_count = last + 1;
        self.next_most_loaded = self.sorted.len() as isize - 1;
        last - first
    }

    /// `nextLeastLoadedMember`.
    fn next_least_loaded(&mut self, sizes: &[i64]) -> usize {
        if self.next_least_loaded >= self.least_loaded_range_end {
            self.least_loaded_range_partition_count += 1;
            while self.least_loaded_range_end < self.sorted.len()
                && sizes[self.sorted[self.least_loaded_range_end]]
                    == self.least_loaded_range_partition_count
            {
                self.least_loaded_range_end += 1;
            }
            self.next_least_loaded = 0;
        }
        let member = self.sorted[self.next_least_loaded];
        self.next_least_loaded += 1;
        member
    }

    /// `nextMostLoadedMember`: `None` where Java returns -1.
    fn next_most_loaded(&mut self, sizes: &[i64]) -> Option<usize> {
        if self.next_most_loaded < self.most_loaded_range_start as isize {
            if self.most_loaded_range_end <= self.most_loaded_range_start
                && self.most_loaded_range_start > 0
            {
                self.most_loaded_range_partition_count =
                    sizes[self.sorted[self.most_loaded_range_start - 1]];
            } else {
                self.most_loaded_range_partition_count -= 1;
            }
            while self.most_loaded_range_start > 0
                && sizes[self.sorted[self.most_loaded_range_start - 1]]
                    == self.most_loaded_range_partition_count
            {
                self.most_loaded_range_start -= 1;
            }
            self.next_most_loaded = self.most_loaded_range_end as isize - 1;
        }
        if self.next_most_loaded < 0 {
            return None;
        }
        let member = self.sorted[self.next_most_loaded as usize];
        self.next_most_loaded -= 1;
        Some(member)
    }

    /// `excludeMostLoadedMember`: swaps the member just returned to the end of the most
    /// loaded range and shrinks the range.
    fn exclude_most_loaded(&mut self) {
        let just_returned = (self.next_most_loaded + 1) as usize;
        self.sorted
            .swap(just_returned, self.most_loaded_range_end - 1);
        self.most_loaded_range_end -= 1;
    }

    /// `isBalanced`.
    fn is_balanced(&self) -> bool {
        self.most_loaded_range_partition_count - self.least_loaded_range_partition_count <= 1
    }
}
