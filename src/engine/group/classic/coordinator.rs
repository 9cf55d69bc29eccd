//! The broker side of Kafka's classic group protocol for one group (`GroupCoordinator.scala`,
//! kafka-semantics.md §4 and §5): membership, generations, the join and sync phases, static
//! membership, session expiry and the offset-commit checks. It exists apart from the clients so
//! that Kafka's own coordinator test vectors can drive it request by request, and so that the
//! simulated consumers can only learn about the group the way real ones do: through responses.
//!
//! It is a plain state machine over logical time: every request takes `now_ms`; join and sync
//! requests may be answered later (when the phase completes), so their answers come back as
//! [`Reply`](super::Reply) values addressed to the client connection that asked. Deadlines
//! (sessions, the end of the join phase, the initial rebalance delay, pending syncs) are exposed
//! through [`GroupCoordinator::next_deadline_ms`] and acted on by [`GroupCoordinator::expire`].
//!
//! This file holds its state and what every phase reads; the phases are its submodules:
//! `rebalance.rs` (JoinGroup, the join phase and its end, SyncGroup), `membership.rs` (static
//! members and fencing, Heartbeat, LeaveGroup, sessions and deadlines) and `offsets.rs`
//! (OffsetCommit's checks and the committed offsets).

mod membership;
mod offsets;
mod rebalance;

use crate::engine::assignor::TopicPartition;
use crate::engine::group::classic::protocol::Subscription;
use crate::engine::group::config::AssignorKind;
use crate::engine::group::limits;
use crate::engine::group::offsets_topic::{partition_for_group, OFFSETS_TOPIC_PARTITIONS};
use crate::engine::group::protocol::{ClientId, RebalanceReason};
use crate::engine::rng::Rng;
use std::collections::BTreeMap;

/// `group.initial.rebalance.delay.ms`' default.
pub const INITIAL_REBALANCE_DELAY_MS: u32 = 3_000;

/// `GroupCoordinator.NewMemberJoinTimeoutMs`: how long a new member waiting in the join phase is
/// kept alive without heartbeats.
pub const NEW_MEMBER_JOIN_TIMEOUT_MS: u64 = 300_000;

/// The group's state (`GroupState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupState {
    /// No members; offsets may still be stored.
    Empty,
    /// Waiting for members to (re)join.
    PreparingRebalance,
    /// Joined; waiting for the leader's assignment.
    CompletingRebalance,
    /// Every member has its assignment.
    Stable,
    /// Deleted. Not reached in the simulation (groups are never deleted), kept for the checks.
    Dead,
}

impl GroupState {
    /// Kafka's name for the state.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupState::Empty => "Empty",
            GroupState::PreparingRebalance => "PreparingRebalance",
            GroupState::CompletingRebalance => "CompletingRebalance",
            GroupState::Stable => "Stable",
            GroupState::Dead => "Dead",
        }
    }
}

/// Something the coordinator did that the group shows as an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CoordinatorNote {
    /// The group entered PreparingRebalance.
    RebalanceStarted {
        at_ms: u64,
        generation: i32,
        reason: RebalanceReason,
        member_id: String,
    },
    /// The join phase ended: a new generation with a leader and a protocol.
    GenerationStarted {
        at_ms: u64,
        generation: i32,
        leader: String,
        protocol: Option<AssignorKind>,
        members: usize,
    },
    /// The leader's assignment arrived: the group is Stable.
    Stabilized { at_ms: u64, generation: i32 },
    /// A member was removed (session expiry, leave, join timeout, sync timeout).
    MemberRemoved {
        at_ms: u64,
        member_id: String,
        instance_id: Option<String>,
        reason: RebalanceReason,
    },
    /// A static member's old id was replaced by a new one (and is fenced from now on).
    StaticMemberReplaced {
        at_ms: u64,
        instance_id: String,
        old_member_id: String,
        new_member_id: String,
        rebalance: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct GroupMember {
    member_id: String,
    instance_id: Option<String>,
    client: ClientId,
    session_timeout_ms: u32,
    rebalance_timeout_ms: u32,
    protocols: Vec<AssignorKind>,
    subscription: Subscription,
    assignment: Vec<TopicPartition>,
    /// The connection whose JoinGroup waits for the join phase to end.
    awaiting_join: Option<ClientId>,
    /// The connection whose SyncGroup waits for the leader's assignment.
    awaiting_sync: Option<ClientId>,
    /// Joined the group in this rebalance and never completed one (shorter keep-alive rules).
    is_new: bool,
    /// Last heartbeat (or join/sync answer), in ms.
    latest_heartbeat_ms: u64,
}

/// The initial rebalance delay of an Empty group (`InitialDelayedJoin`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct InitialDelay {
    delay_ms: u64,
    remaining_ms: u64,
    new_member_added: bool,
}

/// `GroupCoordinator::next_deadline_ms`, remembered until a request or an expiry changes the
/// group: the group asks for it several times per event, and working it out walks every member
/// (a sixth of the stress benchmark's instructions). Not part of the coordinator's value, so
/// equality and debug output ignore it.
#[derive(Clone, Default)]
struct DeadlineCache(std::cell::Cell<Option<Option<u64>>>);

impl PartialEq for DeadlineCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for DeadlineCache {}

impl std::fmt::Debug for DeadlineCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeadlineCache")
    }
}

/// The coordinator of one group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupCoordinator {
    group_id: String,
    offsets_partition: u32,
    state: GroupState,
    generation: i32,
    protocol: Option<AssignorKind>,
    leader: Option<String>,
    /// Members in the order they were added (the order Kafka's leader election walks here).
    members: Vec<GroupMember>,
    /// Member ids handed out with MEMBER_ID_REQUIRED, with the deadline to use them by.
    pending_members: Vec<(String, u64)>,
    join_deadline_ms: Option<u64>,
    initial_delay: Option<InitialDelay>,
    sync_deadline_ms: Option<u64>,
    /// Members of this generation that have not sent SyncGroup yet (`pendingSyncMembers`).
    pending_sync: Vec<String>,
    committed: BTreeMap<TopicPartition, u64>,
    rng: Rng,
    notes: Vec<CoordinatorNote>,
    notes_truncated: bool,
    initial_rebalance_delay_ms: u32,
    /// Every method that takes `&mut self` from outside clears it first.
    next_deadline: DeadlineCache,
}

impl GroupCoordinator {
    /// A coordinator for an Empty group; member-id UUIDs come from `rng`.
    pub fn new(group_id: &str, rng: Rng) -> Self {
        GroupCoordinator {
            group_id: group_id.to_string(),
            offsets_partition: partition_for_group(group_id, OFFSETS_TOPIC_PARTITIONS),
            state: GroupState::Empty,
            generation: 0,
            protocol: None,
            leader: None,
            members: Vec::new(),
            pending_members: Vec::new(),
            join_deadline_ms: None,
            initial_delay: None,
            sync_deadline_ms: None,
            pending_sync: Vec::new(),
            committed: BTreeMap::new(),
            rng,
            notes: Vec::new(),
            notes_truncated: false,
            initial_rebalance_delay_ms: INITIAL_REBALANCE_DELAY_MS,
            next_deadline: DeadlineCache::default(),
        }
    }

    /// The same, with `group.initial.rebalance.delay.ms` set (0 turns the delay off).
    pub fn with_initial_rebalance_delay_ms(mut self, delay_ms: u32) -> Self {
        self.next_deadline = DeadlineCache::default();
        self.initial_rebalance_delay_ms = delay_ms;
        self
    }

    /// The group id.
    pub fn group_id(&self) -> &str {
        &self.group_id
    }

    /// The `__consumer_offsets` partition that holds this group (its coordinator's partition).
    pub fn offsets_partition(&self) -> u32 {
        self.offsets_partition
    }

    /// The group's state.
    pub fn state(&self) -> GroupState {
        self.state
    }

    /// The current generation (0 before the first rebalance).
    pub fn generation(&self) -> i32 {
        self.generation
    }

    /// The selected assignor of the current generation.
    pub fn protocol(&self) -> Option<AssignorKind> {
        self.protocol
    }

    /// The leader's member id.
    pub fn leader(&self) -> Option<&str> {
        self.leader.as_deref()
    }

    /// Member ids, in the order they were added.
    pub fn member_ids(&self) -> Vec<String> {
        self.members.iter().map(|m| m.member_id.clone()).collect()
    }

    /// The member id that holds `instance_id` now.
    pub fn static_member(&self, instance_id: &str) -> Option<&str> {
        self.members
            .iter()
            .find(|m| m.instance_id.as_deref() == Some(instance_id))
            .map(|m| m.member_id.as_str())
    }

    /// A member's partitions in the current generation.
    pub fn assignment_of(&self, member_id: &str) -> Option<&[TopicPartition]> {
        self.member(member_id).map(|m| m.assignment.as_slice())
    }

    /// Every member's partitions in the current generation, members in the order they joined.
    pub fn assignments(&self) -> Vec<(String, Vec<TopicPartition>)> {
        self.members
            .iter()
            .map(|m| (m.member_id.clone(), m.assignment.clone()))
            .collect()
    }

    /// Takes what happened since the last call.
    pub fn take_notes(&mut self) -> Vec<CoordinatorNote> {
        std::mem::take(&mut self.notes)
    }

    /// Whether notes were dropped because nobody drained them.
    pub fn notes_truncated(&self) -> bool {
        self.notes_truncated
    }

    fn note(&mut self, note: CoordinatorNote) {
        if self.notes.len() < limits::NOTES_MAX {
            self.notes.push(note);
        } else {
            self.notes_truncated = true;
        }
    }

    fn member(&self, member_id: &str) -> Option<&GroupMember> {
        self.members.iter().find(|m| m.member_id == member_id)
    }

    fn member_index(&self, member_id: &str) -> Option<usize> {
        self.members.iter().position(|m| m.member_id == member_id)
    }

    /// `UUID.randomUUID().toString()`, drawn from the seeded generator.
    fn uuid(&mut self) -> String {
        let (hi, lo) = (self.rng.next_u64(), self.rng.next_u64());
        // Version 4, IETF variant, as Java sets them.
        let hi = (hi & !0xf000) | 0x4000;
        let lo = (lo & !(0xc000 << 48)) | (0x8000 << 48);
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            hi >> 32,
            (hi >> 16) & 0xffff,
            hi & 0xffff,
            lo >> 48,
            lo & 0xffff_ffff_ffff
        )
    }

    /// Protocols every member supports (`candidateProtocols`), in the first member's order.
    fn candidate_protocols(&self) -> Vec<AssignorKind> {
        let Some(first) = self.members.first() else {
            return Vec::new();
        };
        first
            .protocols
            .iter()
            .copied()
            .filter(|p| self.members.iter().all(|m| m.protocols.contains(p)))
            .collect()
    }

    /// `selectProtocol`: each member votes for its first candidate; most votes wins. Ties go to
    /// the candidate first voted for in member order (Kafka's tie-break follows Scala map order,
    /// which the reference does not derive).
    fn select_protocol(&self) -> Option<AssignorKind> {
        let candidates = self.candidate_protocols();
        let mut votes: Vec<(AssignorKind, usize)> = Vec::new();
        for m in &self.members {
            let Some(&vote) = m.protocols.iter().find(|p| candidates.contains(p)) else {
                continue;
            };
            match votes.iter_mut().find(|(p, _)| *p == vote) {
                Some((_, n)) => *n += 1,
                None => votes.push((vote, 1)),
            }
        }
        let best = votes.iter().map(|(_, n)| *n).max()?;
        votes.iter().find(|(_, n)| *n == best).map(|(p, _)| *p)
    }

    fn supports_protocols(&self, protocols: &[AssignorKind]) -> bool {
        if protocols.is_empty() {
            return false;
        }
        if self.members.is_empty() {
            return true;
        }
        let candidates = self.candidate_protocols();
        protocols.iter().any(|p| candidates.contains(p))
    }

    fn max_rebalance_timeout_ms(&self) -> u64 {
        self.members
            .iter()
            .map(|m| u64::from(m.rebalance_timeout_ms))
            .max()
            .unwrap_or(0)
    }
}
