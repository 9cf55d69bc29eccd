//! Kafka's sticky consumer partition assignors, `sticky` (eager) and `cooperative-sticky`
//! (kafka-semantics.md §3), replayed step for step as the Java client's
//! `AbstractStickyAssignor` runs them on the group leader, so that the playground shows the
//! exact lists (and list orders) a real group would get, not merely "a balanced answer".
//!
//! Exactness hinges on three things the Java code leaves to its collections:
//! - where it iterates a `HashMap`/`HashSet` (the subscriptions, the owned-partitions map that
//!   drives the constrained builder's member loop, the sets of moved partitions), the order is
//!   the bucket order of `String.hashCode`/`TopicPartition.hashCode`, emulated here by
//!   [`JavaHashOrder`] instead of relying on any Rust hash map;
//! - where it sorts or keeps a `TreeSet`, strings compare as `String.compareTo` (UTF-16);
//!   topics are interned once per call as their rank in that order ([`Tp`]), so that sorting and
//!   looking up a million partitions compares integers, while hashes still come from the names;
//! - quirks on odd input (a first member with no topics, owned partitions of unsubscribed
//!   topics, a stale member generation) are reproduced rather than "fixed", except where Java
//!   would throw: there we keep going and say so at that spot.
//!
//! Racks are not modelled (no consumer rack is set), so the rack-aware passes never run, as in
//! Kafka when racks are absent. Member ids are taken to be unique, as they are in a group.
//!
//! Where this knowingly differs from the Java object: `maxGeneration` is computed per call,
//! whereas Kafka keeps it in a field that never resets (the same thing whenever generations only
//! grow between rebalances, as they do in a real group); and in the general case the eager
//! assignor also reports the transferring partitions Kafka computes only for the cooperative
//! one (Kafka's eager field is `null` there).

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::hash::BuildHasherDefault;

use super::consumer_offsets::java_string_hash;
use super::interner::FnvHasher;

use super::assignor::{Assignment, Member, TopicPartition};
use super::java::{java_hash_map_order, java_string_cmp, JavaHashOrder};

/// `AbstractStickyAssignor.DEFAULT_GENERATION`: what a member without a generation counts as.
const DEFAULT_GENERATION: i32 = -1;

/// One member's input to the sticky assignors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyMember {
    /// Member id and subscription (the instance id plays no part in sticky assignment).
    pub member: Member,
    /// The partitions the member reports owning, in the order it reports them.
    pub owned: Vec<TopicPartition>,
    /// The generation of that ownership; `None` counts as `DEFAULT_GENERATION` (-1).
    pub generation: Option<i32>,
}

/// The result: every member present, in input order, each list in the order Kafka's assign()
/// returns it; plus the partitions being transferred (cooperative withholds them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StickyResult {
    /// Every member in input order with its list, in the order Kafka's `assign()` returns it.
    pub assignment: Assignment,
    /// Partition → new owner for partitions moving away from a previous owner, sorted by
    /// (topic, partition). The constrained builder's own map when all subscriptions are equal,
    /// otherwise what `CooperativeStickyAssignor` computes (added to X while revoked from Y).
    pub transferring: Vec<(TopicPartition, String)>,
}

/// StickyAssignor ("sticky", eager): what Kafka's assign() returns.
pub fn sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[StickyMember],
) -> StickyResult {
    let topics = Topics::new(partitions_per_topic, members);
    let (lists, transferring) = assign_with_transfers(&topics, members);
    finish(&topics, members, lists, transferring)
}

/// CooperativeStickyAssignor ("cooperative-sticky"): the first round, transferring partitions
/// withheld from their new owners.
pub fn cooperative_sticky(
    partitions_per_topic: &BTreeMap<String, u32>,
    members: &[StickyMember],
) -> StickyResult {
    let topics = Topics::new(partitions_per_topic, members);
    let (mut lists, transferring) = assign_with_transfers(&topics, members);
    // KIP-429: a partition may only be handed out once its previous owner has revoked it, so
    // the new owner gets it in the follow-up rebalance, not this one.
    for (tp, m) in &transferring {
        remove_first(&mut lists[*m], tp);
    }
    finish(&topics, members, lists, transferring)
}

fn finish(
    topics: &Topics,
    members: &[StickyMember],
    lists: Vec<Vec<Tp>>,
    transferring: Vec<(Tp, usize)>,
) -> StickyResult {
    let assignment = members
        .iter()
        .zip(lists)
        .map(|(m, list)| {
            (
                m.member.id.clone(),
                list.into_iter()
                    .map(|tp| topics.topic_partition(tp))
                    .collect(),
            )
        })
        .collect();
    // Already in (topic, partition) order: `Tp` orders as `java_tp_cmp`.
    let transferring = transferring
        .into_iter()
        .map(|(tp, m)| (topics.topic_partition(tp), members[m].member.id.clone()))
        .collect();
    StickyResult {
        assignment,
        transferring,
    }
}

/// The sticky target plus the transferring partitions (by member index, sorted, distinct) both
/// assignors share.
fn assign_with_transfers(
    topics: &Topics,
    members: &[StickyMember],
) -> (Vec<Vec<Tp>>, Vec<(Tp, usize)>) {
    if members.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let ids: Vec<&str> = members.iter().map(|m| m.member.id.as_str()).collect();
    // The leader puts subscriptions into a HashMap; the owned-partitions map is then filled
    // while iterating it, so its own order is that of a second HashMap fed in the first's order.
    let subs_order = java_hash_map_order(&ids);
    let owned_ids: Vec<&str> = subs_order.iter().map(|&i| ids[i]).collect();
    let owned_order: Vec<usize> = java_hash_map_order(&owned_ids)
        .into_iter()
        .map(|k| subs_order[k])
        .collect();

    let v = validate(topics, members, &subs_order);
    if v.all_equal {
        constrained(topics, members, &owned_order, v.owned, &v.multi)
    } else {
        let owned = v
            .owned
            .iter()
            .map(|list| list.iter().map(|&tp| topics.topic_partition(tp)).collect())
            .collect();
        let lists: Vec<Vec<Tp>> = General::new(topics, members, owned, &subs_order, &owned_order)
            .build(v.max_generation)
            .iter()
            // The builder only hands out partitions of assignable topics, so none is dropped.
            .map(|list| list.iter().filter_map(|tp| topics.intern(tp)).collect())
            .collect();
        let transferring = computed_transfers(topics, members, &lists, &owned_order);
        (lists, transferring)
    }
}

// ---------------------------------------------------------------------------------------------
// Interned topic partitions
// ---------------------------------------------------------------------------------------------

/// A topic partition with its topic replaced by the topic's rank among the assignable topics in
/// `String.compareTo` order, so that the derived order is `java_tp_cmp` and comparing, sorting
/// and looking up never touch the name (the scale test holds a million of them). `partition`
/// may exceed the topic's count: members can claim partitions that do not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Tp {
    rank: u32,
    partition: u32,
}

/// The topics the sticky logic sees, interned once per call.
struct Topics<'a> {
    /// `AbstractPartitionAssignor.assign(Cluster, ...)` only passes on topics somebody
    /// subscribes to and that have partitions; the rest never reach the sticky logic.
    counts_by_name: BTreeMap<String, u32>,
    /// Names by rank (`String.compareTo` order).
    names: Vec<&'a str>,
    /// Partition counts by rank.
    counts: Vec<u32>,
    /// Dense index of each rank's partition 0; the last entry is the total partition count.
    offsets: Vec<usize>,
    /// Name → rank, for lookups only (never iterated), so the hasher need only be fast.
    ranks: HashMap<&'a str, u32, BuildHasherDefault<FnvHasher>>,
}

impl<'a> Topics<'a> {
    fn new(partitions_per_topic: &'a BTreeMap<String, u32>, members: &[StickyMember]) -> Self {
        let mut names: Vec<&'a str> = partitions_per_topic
            .iter()
            .filter(|(t, &n)| n > 0 && members.iter().any(|m| m.member.topics.contains(t)))
            .map(|(t, _)| t.as_str())
            .collect();
        names.sort_by(|a, b| java_string_cmp(a, b));
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
            .collect();
        Topics {
            counts_by_name,
            names,
            counts,
            offsets,
            ranks,
        }
    }

    fn total(&self) -> usize {
        self.offsets[self.names.len()]
    }

    fn rank(&self, topic: &str) -> Option<u32> {
        self.ranks.get(topic).copied()
    }

    /// `None` for a topic outside the assignable set.
    fn intern(&self, tp: &TopicPartition) -> Option<Tp> {
        self.rank(&tp.topic).map(|rank| Tp {
            rank,
            partition: tp.partition,
        })
    }

    fn topic_partition(&self, tp: Tp) -> TopicPartition {
        TopicPartition {
            topic: self.names[tp.rank as usize].to_string(),
            partition: tp.partition,
        }
    }

    /// Position among all existing partitions, for `Vec`-indexed tables; `None` for a claimed
    /// partition beyond its topic's count.
    fn dense(&self, tp: Tp) -> Option<usize> {
        (tp.partition < self.counts[tp.rank as usize])
            .then(|| self.offsets[tp.rank as usize] + tp.partition as usize)
    }

    /// Every partition in (topic, partition) order.
    fn all(&self) -> impl Iterator<Item = Tp> + '_ {
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
struct TpTable<'t, V> {
    topics: &'t Topics<'t>,
    dense: Vec<Option<V>>,
    beyond: BTreeMap<Tp, V>,
}

impl<'t, V: Copy> TpTable<'t, V> {
    fn new(topics: &'t Topics<'t>) -> Self {
        TpTable {
            topics,
            dense: vec![None; topics.total()],
            beyond: BTreeMap::new(),
        }
    }

    fn get(&self, tp: Tp) -> Option<V> {
        match self.topics.dense(tp) {
            Some(i) => self.dense[i],
            None => self.beyond.get(&tp).copied(),
        }
    }

    fn insert(&mut self, tp: Tp, v: V) {
        match self.topics.dense(tp) {
            Some(i) => self.dense[i] = Some(v),
            None => {
                self.beyond.insert(tp, v);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Java collection emulation
// ---------------------------------------------------------------------------------------------

/// `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
fn java_tp_hash(tp: &TopicPartition) -> i32 {
    31i32
        .wrapping_mul(31i32.wrapping_add(tp.partition as i32))
        .wrapping_add(java_string_hash(&tp.topic))
}

/// The sticky code's `Comparator.comparing(TopicPartition::topic).thenComparing(partition)`.
fn java_tp_cmp(a: &TopicPartition, b: &TopicPartition) -> Ordering {
    java_string_cmp(&a.topic, &b.topic).then(a.partition.cmp(&b.partition))
}

/// `List.remove(Object)`: the first occurrence only.
fn remove_first<T: PartialEq>(list: &mut Vec<T>, tp: &T) {
    if let Some(i) = list.iter().position(|x| x == tp) {
        list.remove(i);
    }
}

fn generation_of(m: &StickyMember) -> i32 {
    m.generation.unwrap_or(DEFAULT_GENERATION)
}

// ---------------------------------------------------------------------------------------------
// allSubscriptionsEqual: owned-partition validation
// ---------------------------------------------------------------------------------------------

struct Validated {
    all_equal: bool,
    /// Per member (input index): owned partitions that survived validation, in claim order.
    owned: Vec<Vec<Tp>>,
    /// `partitionsWithMultiplePreviousOwners`.
    multi: BTreeSet<Tp>,
    max_generation: i32,
}

fn validate(topics: &Topics, members: &[StickyMember], subs_order: &[usize]) -> Validated {
    let mut all_equal = true;
    let mut subscribed: BTreeSet<&str> = BTreeSet::new();
    // The list `subscribed` was seeded from: a member with the very same list (the usual case)
    // is equal without a lookup per topic, unless duplicates made the set shorter than it.
    let mut seed: &[String] = &[];
    let mut previous_owner: TpTable<usize> = TpTable::new(topics);
    let mut owned: Vec<Vec<Tp>> = vec![Vec::new(); members.len()];
    let mut multi = BTreeSet::new();
    let mut max_generation = DEFAULT_GENERATION;
    for &m in subs_order {
        let member_topics = &members[m].member.topics;
        // Java seeds the topic set from whichever member comes first with a non-empty list, so
        // a member with no topics ahead of the others does not make subscriptions unequal.
        if subscribed.is_empty() {
            subscribed.extend(member_topics.iter().map(String::as_str));
            seed = member_topics;
        } else if all_equal
            && !(member_topics.len() == subscribed.len()
                && ((seed.len() == subscribed.len() && member_topics == seed)
                    || member_topics
                        .iter()
                        .all(|t| subscribed.contains(t.as_str()))))
        {
            all_equal = false;
        }
        let generation = generation_of(&members[m]);
        max_generation = max_generation.max(generation);
        for tp in &members[m].owned {
            let Some(tp) = topics.intern(tp) else {
                continue;
            };
            match previous_owner.get(tp) {
                None => {
                    owned[m].push(tp);
                    previous_owner.insert(tp, m);
                }
                Some(other) => {
                    let other_generation = generation_of(&members[other]);
                    if generation == other_generation {
                        // Two owners in one generation: neither can be trusted with it.
                        multi.insert(tp);
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, m);
                    } else if generation > other_generation {
                        owned[m].push(tp);
                        remove_first(&mut owned[other], &tp);
                        previous_owner.insert(tp, m);
                    }
                }
            }
        }
    }
    Validated {
        all_equal,
        owned,
        multi,
        max_generation,
    }
}

// ---------------------------------------------------------------------------------------------
// ConstrainedAssignmentBuilder (all subscriptions equal)
// ---------------------------------------------------------------------------------------------

fn constrained(
    topics: &Topics,
    members: &[StickyMember],
    owned_order: &[usize],
    mut owned: Vec<Vec<Tp>>,
    multi: &BTreeSet<Tp>,
) -> (Vec<Vec<Tp>>, Vec<(Tp, usize)>) {
    let n = members.len();
    let total = topics.total();
    let min_quota = total / n;
    let max_quota = total.div_ceil(n);
    let expected_over = total % n;
    let mut over = 0usize;

    let mut assignment: Vec<Vec<Tp>> = vec![Vec::new(); n];
    let mut assigned: Vec<Tp> = Vec::new();
    // Revoked or multiply owned, by dense index: only existing partitions can be unassigned.
    let mut transfer_candidate = vec![false; total];
    let mut under: Vec<usize> = Vec::new();
    let mut exact_min: VecDeque<usize> = VecDeque::new();

    for &m in owned_order {
        // Each member comes once in `owned_order`.
        let mut mine = std::mem::take(&mut owned[m]);
        // Partition-major order spreads the kept partitions over topics.
        mine.sort_unstable_by_key(|tp| (tp.partition, tp.rank));
        // `owned[m]` holds no partition twice (validation sees to that), so dropping every
        // occurrence is Java's removal of the first one.
        if !multi.is_empty() {
            mine.retain(|tp| !multi.contains(tp));
        }
        let keep = if mine.len() < min_quota {
            under.push(m);
            mine.len()
        } else if mine.len() >= max_quota && over < expected_over {
            over += 1;
            if over == expected_over {
                exact_min.clear();
            }
            max_quota
        } else {
            if over < expected_over {
                exact_min.push_back(m);
            }
            min_quota
        };
        for tp in mine.drain(keep..) {
            if let Some(i) = topics.dense(tp) {
                transfer_candidate[i] = true;
            }
        }
        assigned.extend_from_slice(&mine);
        assignment[m].extend(mine);
    }
    for &tp in multi {
        if let Some(i) = topics.dense(tp) {
            transfer_candidate[i] = true;
        }
    }

    let unassigned = constrained_unassigned(topics, assigned);
    let id = |m: &usize| members[*m].member.id.as_str();
    under.sort_by(|a, b| java_string_cmp(id(a), id(b)));
    exact_min
        .make_contiguous()
        .sort_by(|a, b| java_string_cmp(id(a), id(b)));

    // `unassigned` is sorted and distinct, so this comes out sorted and distinct too.
    let mut transferring = Vec::new();
    // A LinkedList iterator over `under`: `cursor` is the index `next()` returns.
    let mut cursor = 0usize;
    for tp in unassigned {
        let (m, from_under) = if cursor < under.len() {
            cursor += 1;
            (under[cursor - 1], true)
        } else if under.is_empty() {
            match exact_min.pop_front() {
                Some(m) => (m, false),
                // Java throws IllegalStateException ("No more unfilled consumers"); quotas make
                // this unreachable for valid input, so we stop rather than panic.
                None => break,
            }
        } else {
            cursor = 1;
            (under[0], true)
        };
        if topics.dense(tp).is_some_and(|i| transfer_candidate[i]) {
            transferring.push((tp, m));
        }
        assignment[m].push(tp);
        // Java also counts members reaching maxQuota here, but only to log and to verify the
        // end state, neither of which changes the assignment.
        if assignment[m].len() == min_quota {
            if from_under {
                cursor -= 1;
                under.remove(cursor);
            }
            exact_min.push_back(m);
        }
    }
    (assignment, transferring)
}

/// `getUnassignedPartitions` of the constrained builder: all partitions in (topic, partition)
/// order minus the assigned ones, by the same two-pointer walk (so even an owned partition id
/// beyond a topic's count behaves as in Java).
fn constrained_unassigned(topics: &Topics, mut assigned: Vec<Tp>) -> Vec<Tp> {
    if assigned.is_empty() {
        return topics.all().collect();
    }
    // Validation leaves every partition with one claimant at most, so when all assigned ones
    // exist the walk removes exactly them: a plain set difference, without sorting a million.
    let dense: Option<Vec<usize>> = assigned.iter().map(|&tp| topics.dense(tp)).collect();
    if let Some(dense) = dense {
        let mut taken = vec![false; topics.total()];
        for i in dense {
            taken[i] = true;
        }
        return topics
            .all()
            .zip(taken)
            .filter(|(_, t)| !t)
            .map(|(tp, _)| tp)
            .collect();
    }
    assigned.sort_unstable();
    two_pointer_difference(topics.all(), &assigned)
}

/// The difference walk both builders use: `all` and `sorted_assigned` in the same order.
fn two_pointer_difference<T: PartialEq>(
    all: impl Iterator<Item = T>,
    sorted_assigned: &[T],
) -> Vec<T> {
    let mut out = Vec::new();
    let mut next = 0usize;
    let mut add_directly = false;
    for tp in all {
        if add_directly || sorted_assigned[next] != tp {
            out.push(tp);
        } else if next + 1 < sorted_assigned.len() {
            next += 1;
        } else {
            add_directly = true;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// GeneralAssignmentBuilder (unequal subscriptions)
// ---------------------------------------------------------------------------------------------

/// `PartitionMovements`: which partitions moved between which members during balancing, so a
/// move can undo an earlier opposite one instead of creating an A→B→A chain.
#[derive(Default)]
struct Movements {
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

    fn move_partition(&mut self, tp: &TopicPartition, old: usize, new: usize) {
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
    fn actual_partition_to_move(
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

struct General<'a> {
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
    fn new(
        interned: &'a Topics<'a>,
        members: &'a [StickyMember],
        owned: Vec<Vec<TopicPartition>>,
        subs_order: &'a [usize],
        owned_order: &'a [usize],
    ) -> Self {
        let topics = &interned.counts_by_name;
        let mut topic_consumers: BTreeMap<String, Vec<usize>> =
            topics.keys().map(|t| (t.clone(), Vec::new())).collect();
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
        by_rank.sort_by(|&a, &b| java_string_cmp(&members[a].member.id, &members[b].member.id));
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

    fn build(mut self, max_generation: i32) -> Vec<Vec<TopicPartition>> {
        let mut sorted_topics: Vec<&String> = self.topic_consumers.keys().collect();
        sorted_topics.sort_by(|a, b| {
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
            assigned.sort_by(|a, b| self.partition_cmp(a, b));
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

/// `computePartitionsTransferringOwnership`: partitions added to a member that did not own them
/// while some member that did own them loses them. Sorted and distinct.
fn computed_transfers(
    topics: &Topics,
    members: &[StickyMember],
    lists: &[Vec<Tp>],
    order: &[usize],
) -> Vec<(Tp, usize)> {
    let mut added: BTreeMap<Tp, usize> = BTreeMap::new();
    let mut revoked: BTreeSet<Tp> = BTreeSet::new();
    for &m in order {
        // Partitions of topics outside the assignable set are in no list, so they can be
        // neither added nor matter as revoked.
        let mut owned: Vec<Tp> = members[m]
            .owned
            .iter()
            .filter_map(|tp| topics.intern(tp))
            .collect();
        owned.sort_unstable();
        let mut list = lists[m].clone();
        list.sort_unstable();
        for tp in &lists[m] {
            if owned.binary_search(tp).is_err() {
                added.insert(*tp, m);
            }
        }
        revoked.extend(owned.iter().filter(|tp| list.binary_search(tp).is_err()));
    }
    added.retain(|tp, _| revoked.contains(tp));
    added.into_iter().collect()
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
