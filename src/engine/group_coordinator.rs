//! The broker side of Kafka's classic group protocol for one group (`GroupCoordinator.scala`,
//! kafka-semantics.md §4 and §5): membership, generations, the join and sync phases, static
//! membership, session expiry and the offset-commit checks. It exists apart from the clients so
//! that Kafka's own coordinator test vectors can drive it request by request, and so that the
//! simulated consumers can only learn about the group the way real ones do: through responses.
//!
//! It is a plain state machine over logical time: every request takes `now_ms`; join and sync
//! requests may be answered later (when the phase completes), so their answers come back as
//! [`Reply`] values addressed to the client connection that asked. Deadlines (sessions, the end
//! of the join phase, the initial rebalance delay, pending syncs) are exposed through
//! [`GroupCoordinator::next_deadline_ms`] and acted on by [`GroupCoordinator::expire`].

use super::assignor::TopicPartition;
use super::consumer::AssignorKind;
use super::group::limits;
use super::group::{partition_for_group, OFFSETS_TOPIC_PARTITIONS};
use super::rng::Rng;
use std::collections::BTreeMap;

/// A client connection: the coordinator answers deferred requests to the connection that sent
/// them, which is how a restarted process stops receiving its previous life's answers.
pub type ClientId = u64;

/// `group.initial.rebalance.delay.ms`' default.
pub const INITIAL_REBALANCE_DELAY_MS: u32 = 3_000;
/// `GroupCoordinator.NewMemberJoinTimeoutMs`: how long a new member waiting in the join phase is
/// kept alive without heartbeats.
pub const NEW_MEMBER_JOIN_TIMEOUT_MS: u64 = 300_000;
/// The generation of a member that has none (`DEFAULT_GENERATION`/`NO_GENERATION`).
pub const NO_GENERATION: i32 = -1;

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

/// The error codes the classic group APIs answer with (`Errors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorCode {
    /// Success.
    None,
    /// A dynamic member must rejoin with the member id it was given.
    MemberIdRequired,
    /// The member id is not in the group.
    UnknownMemberId,
    /// Another process took over this `group.instance.id`.
    FencedInstanceId,
    /// The generation is not the group's.
    IllegalGeneration,
    /// The group is rebalancing; rejoin.
    RebalanceInProgress,
    /// The session timeout is outside the broker's bounds.
    InvalidSessionTimeout,
    /// The coordinator cannot serve the group.
    CoordinatorNotAvailable,
    /// The member's protocols share nothing with the group's.
    InconsistentGroupProtocol,
    /// The group already has the maximum number of members.
    GroupMaxSizeReached,
}

impl ErrorCode {
    /// Kafka's name for the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::None => "NONE",
            ErrorCode::MemberIdRequired => "MEMBER_ID_REQUIRED",
            ErrorCode::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            ErrorCode::FencedInstanceId => "FENCED_INSTANCE_ID",
            ErrorCode::IllegalGeneration => "ILLEGAL_GENERATION",
            ErrorCode::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            ErrorCode::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            ErrorCode::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            ErrorCode::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            ErrorCode::GroupMaxSizeReached => "GROUP_MAX_SIZE_REACHED",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a rebalance started (JoinGroup and LeaveGroup carry a reason since KIP-800).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RebalanceReason {
    /// A new member joined.
    Join,
    /// A known member rejoined with changed metadata, or the leader rejoined.
    Rejoin,
    /// A member sent LeaveGroup (closed).
    Leave,
    /// A member's session expired.
    SessionExpired,
    /// A member left because its poll interval expired.
    PollTimeout,
    /// The leader saw the partition count of a subscribed topic change.
    MetadataChange,
    /// A member's assignors changed.
    SubscriptionChange,
    /// The cooperative protocol's follow-up round, after partitions were revoked.
    CooperativeFollowUp,
    /// A member did not send SyncGroup within the rebalance timeout.
    SyncExpired,
    /// A static member came back with a different protocol, or during CompletingRebalance.
    StaticReplacement,
}

impl RebalanceReason {
    /// A short word for the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            RebalanceReason::Join => "join",
            RebalanceReason::Rejoin => "rejoin",
            RebalanceReason::Leave => "leave",
            RebalanceReason::SessionExpired => "session-expired",
            RebalanceReason::PollTimeout => "poll-timeout",
            RebalanceReason::MetadataChange => "metadata-change",
            RebalanceReason::SubscriptionChange => "subscription-change",
            RebalanceReason::CooperativeFollowUp => "cooperative-follow-up",
            RebalanceReason::SyncExpired => "sync-expired",
            RebalanceReason::StaticReplacement => "static-replacement",
        }
    }
}

/// What a member tells the leader about itself (the consumer protocol's Subscription).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscription {
    /// Subscribed topics.
    pub topics: Vec<String>,
    /// Partitions it owns now (cooperative keeps them through the rebalance; eager sends none).
    pub owned: Vec<TopicPartition>,
    /// The generation in which it got them (`NO_GENERATION` when none).
    pub generation: i32,
}

/// JoinGroup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    /// The connection sending it.
    pub client: ClientId,
    /// Empty on the first join.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// `client.id`, the prefix of a dynamic member id.
    pub client_id: String,
    /// `session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `max.poll.interval.ms`, sent as the rebalance timeout.
    pub rebalance_timeout_ms: u32,
    /// `partition.assignment.strategy`, in preference order.
    pub protocols: Vec<AssignorKind>,
    /// The member's subscription.
    pub subscription: Subscription,
    /// Why the member (re)joins.
    pub reason: RebalanceReason,
}

/// One member as the leader's JoinGroup response lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinedMember {
    /// Member id.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Its subscription.
    pub subscription: Subscription,
}

/// JoinGroup's response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinResponse {
    /// The error, or `None`.
    pub error: ErrorCode,
    /// The generation joined (`NO_GENERATION` on error).
    pub generation: i32,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// The leader's member id.
    pub leader: String,
    /// The member's id (the one to use from now on, or the one to rejoin with).
    pub member_id: String,
    /// Every member with its subscription, for the leader only.
    pub members: Vec<JoinedMember>,
    /// A static leader replaced while Stable must not run the assignor (JoinGroup v9+).
    pub skip_assignment: bool,
}

impl JoinResponse {
    fn error(error: ErrorCode, member_id: &str) -> Self {
        JoinResponse {
            error,
            generation: NO_GENERATION,
            protocol: None,
            leader: String::new(),
            member_id: member_id.to_string(),
            members: Vec::new(),
            skip_assignment: false,
        }
    }
}

/// SyncGroup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncRequest {
    /// The connection sending it.
    pub client: ClientId,
    /// Member id.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// The generation the member joined.
    pub generation: i32,
    /// The leader's assignment (empty from followers).
    pub assignments: Vec<(String, Vec<TopicPartition>)>,
}

/// SyncGroup's response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncResponse {
    /// The error, or `None`.
    pub error: ErrorCode,
    /// The member's partitions.
    pub assignment: Vec<TopicPartition>,
}

/// The identity fields Heartbeat, LeaveGroup and OffsetCommit carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRef {
    /// Member id (empty for a non-member).
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Generation (`NO_GENERATION` for a non-member).
    pub generation: i32,
}

/// A deferred answer, addressed to a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The answer to a JoinGroup.
    Join(ClientId, JoinResponse),
    /// The answer to a SyncGroup.
    Sync(ClientId, SyncResponse),
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

impl GroupMember {
    /// `MemberMetadata.shouldKeepAlive`.
    fn session_deadline_ms(&self) -> Option<u64> {
        if self.awaiting_join.is_some() {
            return if self.is_new {
                Some(self.latest_heartbeat_ms + NEW_MEMBER_JOIN_TIMEOUT_MS)
            } else {
                None
            };
        }
        if self.awaiting_sync.is_some() {
            return None;
        }
        Some(self.latest_heartbeat_ms + u64::from(self.session_timeout_ms))
    }
}

/// The initial rebalance delay of an Empty group (`InitialDelayedJoin`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct InitialDelay {
    delay_ms: u64,
    remaining_ms: u64,
    new_member_added: bool,
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
        }
    }

    /// The same, with `group.initial.rebalance.delay.ms` set (0 turns the delay off).
    pub fn with_initial_rebalance_delay_ms(mut self, delay_ms: u32) -> Self {
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

    /// Committed offsets (the modelled `__consumer_offsets` content for this group).
    pub fn committed(&self) -> &BTreeMap<TopicPartition, u64> {
        &self.committed
    }

    /// The committed offset of one partition.
    pub fn committed_offset(&self, tp: &TopicPartition) -> Option<u64> {
        self.committed.get(tp).copied()
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

    /// `validateCurrentMember`: a static member's id must be the instance's current one.
    fn validate_member(&self, member_id: &str, instance_id: Option<&str>) -> ErrorCode {
        if let Some(instance) = instance_id {
            if let Some(current) = self.static_member(instance) {
                if current != member_id {
                    return ErrorCode::FencedInstanceId;
                }
            }
        }
        if self.member(member_id).is_none() {
            return ErrorCode::UnknownMemberId;
        }
        ErrorCode::None
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

    // -----------------------------------------------------------------------------------------
    // JoinGroup
    // -----------------------------------------------------------------------------------------

    /// Handles JoinGroup. Immediate answers and answers to other waiting members (when this
    /// join completes the phase) are returned; a join that waits is answered later.
    pub fn join_group(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        let client = request.client;
        if !(limits::SESSION_TIMEOUT_MS_MIN..=limits::SESSION_TIMEOUT_MS_MAX)
            .contains(&request.session_timeout_ms)
        {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::InvalidSessionTimeout, &request.member_id),
            )];
        }
        if self.state == GroupState::Dead {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::CoordinatorNotAvailable, &request.member_id),
            )];
        }
        if !self.supports_protocols(&request.protocols) {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::InconsistentGroupProtocol, &request.member_id),
            )];
        }
        if request.member_id.is_empty() {
            self.join_unknown_member(now_ms, request)
        } else {
            self.join_known_member(now_ms, request)
        }
    }

    fn join_unknown_member(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        let client = request.client;
        if let Some(instance) = request.instance_id.clone() {
            let new_id = format!("{instance}-{}", self.uuid());
            if let Some(old_id) = self.static_member(&instance).map(str::to_string) {
                return self.replace_static_member(now_ms, request, &instance, &old_id, new_id);
            }
            if self.members.len() >= limits::MEMBERS_MAX {
                return vec![Reply::Join(
                    client,
                    JoinResponse::error(ErrorCode::GroupMaxSizeReached, ""),
                )];
            }
            return self.add_member_and_rebalance(now_ms, request, new_id);
        }
        // KIP-394: a dynamic member first learns its id, then joins with it.
        if self.members.len() + self.pending_members.len()
            >= limits::MEMBERS_MAX.max(limits::PENDING_MEMBERS_MAX)
        {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::GroupMaxSizeReached, ""),
            )];
        }
        let new_id = format!("{}-{}", request.client_id, self.uuid());
        self.pending_members.push((
            new_id.clone(),
            now_ms + u64::from(request.session_timeout_ms),
        ));
        vec![Reply::Join(
            client,
            JoinResponse::error(ErrorCode::MemberIdRequired, &new_id),
        )]
    }

    fn join_known_member(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        let client = request.client;
        if let Some(i) = self
            .pending_members
            .iter()
            .position(|(id, _)| *id == request.member_id)
        {
            self.pending_members.remove(i);
            if self.members.len() >= limits::MEMBERS_MAX {
                return vec![Reply::Join(
                    client,
                    JoinResponse::error(ErrorCode::GroupMaxSizeReached, &request.member_id),
                )];
            }
            let id = request.member_id.clone();
            return self.add_member_and_rebalance(now_ms, request, id);
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return vec![Reply::Join(
                client,
                JoinResponse::error(error, &request.member_id),
            )];
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        // `MemberMetadata.matches`: the protocol metadata bytes, which carry the owned
        // partitions (so a cooperative member that revoked some always triggers a rebalance).
        let unchanged = self.members[i].protocols == request.protocols
            && self.members[i].subscription == request.subscription;
        match self.state {
            GroupState::PreparingRebalance => {
                self.update_member(i, now_ms, &request);
                self.maybe_complete_join(now_ms)
            }
            GroupState::CompletingRebalance if unchanged => {
                // The member lost the join response: send it again.
                self.members[i].latest_heartbeat_ms = now_ms;
                vec![Reply::Join(client, self.join_response_for(i))]
            }
            GroupState::Stable
                if unchanged && self.leader.as_deref() != Some(request.member_id.as_str()) =>
            {
                // A follower with nothing new gets the current generation and syncs.
                self.members[i].latest_heartbeat_ms = now_ms;
                vec![Reply::Join(client, self.join_response_for(i))]
            }
            GroupState::CompletingRebalance | GroupState::Stable => {
                self.update_member(i, now_ms, &request);
                let mut out = self.prepare_rebalance(now_ms, request.reason, &request.member_id);
                out.extend(self.maybe_complete_join(now_ms));
                out
            }
            GroupState::Empty | GroupState::Dead => vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::UnknownMemberId, &request.member_id),
            )],
        }
    }

    fn update_member(&mut self, i: usize, now_ms: u64, request: &JoinRequest) {
        let m = &mut self.members[i];
        m.protocols = request.protocols.clone();
        m.subscription = request.subscription.clone();
        m.session_timeout_ms = request.session_timeout_ms;
        m.rebalance_timeout_ms = request.rebalance_timeout_ms;
        m.awaiting_join = Some(request.client);
        m.client = request.client;
        m.latest_heartbeat_ms = now_ms;
    }

    fn add_member_and_rebalance(
        &mut self,
        now_ms: u64,
        request: JoinRequest,
        member_id: String,
    ) -> Vec<Reply> {
        let member = GroupMember {
            member_id: member_id.clone(),
            instance_id: request.instance_id.clone(),
            client: request.client,
            session_timeout_ms: request.session_timeout_ms,
            rebalance_timeout_ms: request.rebalance_timeout_ms,
            protocols: request.protocols.clone(),
            subscription: request.subscription.clone(),
            assignment: Vec::new(),
            awaiting_join: Some(request.client),
            awaiting_sync: None,
            is_new: true,
            latest_heartbeat_ms: now_ms,
        };
        self.members.push(member);
        if self.leader.is_none() {
            self.leader = Some(member_id.clone());
        }
        if self.state == GroupState::PreparingRebalance && self.generation == 0 {
            if let Some(delay) = &mut self.initial_delay {
                delay.new_member_added = true;
            }
        }
        let mut out = Vec::new();
        if matches!(
            self.state,
            GroupState::Empty | GroupState::Stable | GroupState::CompletingRebalance
        ) {
            out.extend(self.prepare_rebalance(now_ms, RebalanceReason::Join, &member_id));
        }
        out.extend(self.maybe_complete_join(now_ms));
        out
    }

    /// `replaceStaticMember` and what follows it, by group state.
    fn replace_static_member(
        &mut self,
        now_ms: u64,
        request: JoinRequest,
        instance: &str,
        old_id: &str,
        new_id: String,
    ) -> Vec<Reply> {
        let client = request.client;
        let i = self
            .member_index(old_id)
            .expect("static_member returned it");
        let mut out = Vec::new();
        // The old process's pending requests are answered: it has been fenced.
        if let Some(old_client) = self.members[i].awaiting_join.take() {
            out.push(Reply::Join(
                old_client,
                JoinResponse::error(ErrorCode::FencedInstanceId, old_id),
            ));
        }
        if let Some(old_client) = self.members[i].awaiting_sync.take() {
            out.push(Reply::Sync(
                old_client,
                SyncResponse {
                    error: ErrorCode::FencedInstanceId,
                    assignment: Vec::new(),
                },
            ));
        }
        let old_protocols = self.members[i].protocols.clone();
        let old_subscription = self.members[i].subscription.clone();
        {
            let m = &mut self.members[i];
            m.member_id = new_id.clone();
            m.client = client;
            m.latest_heartbeat_ms = now_ms;
        }
        if self.leader.as_deref() == Some(old_id) {
            self.leader = Some(new_id.clone());
        }
        match self.state {
            GroupState::Stable => {
                self.members[i].protocols = request.protocols.clone();
                self.members[i].session_timeout_ms = request.session_timeout_ms;
                self.members[i].rebalance_timeout_ms = request.rebalance_timeout_ms;
                let selected_changed = self.select_protocol() != self.protocol;
                if !selected_changed {
                    // Kafka keeps the previous subscription in this case; the new one only
                    // matters at the next rebalance.
                    self.members[i].protocols = old_protocols;
                    self.members[i].subscription = old_subscription;
                    self.note(CoordinatorNote::StaticMemberReplaced {
                        at_ms: now_ms,
                        instance_id: instance.to_string(),
                        old_member_id: old_id.to_string(),
                        new_member_id: new_id.clone(),
                        rebalance: false,
                    });
                    let mut response = self.join_response_for(i);
                    let is_leader = self.leader.as_deref() == Some(new_id.as_str());
                    if is_leader {
                        response.members = self.joined_members();
                        response.skip_assignment = true;
                    }
                    out.push(Reply::Join(client, response));
                    return out;
                }
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.prepare_rebalance(
                    now_ms,
                    RebalanceReason::StaticReplacement,
                    &new_id,
                ));
                out.extend(self.maybe_complete_join(now_ms));
            }
            GroupState::CompletingRebalance => {
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.prepare_rebalance(
                    now_ms,
                    RebalanceReason::StaticReplacement,
                    &new_id,
                ));
                out.extend(self.maybe_complete_join(now_ms));
            }
            GroupState::PreparingRebalance | GroupState::Empty | GroupState::Dead => {
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.maybe_complete_join(now_ms));
            }
        }
        out
    }

    fn note_replacement(&mut self, now_ms: u64, instance: &str, old_id: &str, new_id: &str) {
        self.note(CoordinatorNote::StaticMemberReplaced {
            at_ms: now_ms,
            instance_id: instance.to_string(),
            old_member_id: old_id.to_string(),
            new_member_id: new_id.to_string(),
            rebalance: true,
        });
    }

    fn joined_members(&self) -> Vec<JoinedMember> {
        self.members
            .iter()
            .map(|m| JoinedMember {
                member_id: m.member_id.clone(),
                instance_id: m.instance_id.clone(),
                subscription: m.subscription.clone(),
            })
            .collect()
    }

    fn join_response_for(&self, i: usize) -> JoinResponse {
        let m = &self.members[i];
        let leader = self.leader.clone().unwrap_or_default();
        let members = if leader == m.member_id {
            self.joined_members()
        } else {
            Vec::new()
        };
        JoinResponse {
            error: ErrorCode::None,
            generation: self.generation,
            protocol: self.protocol,
            leader,
            member_id: m.member_id.clone(),
            members,
            skip_assignment: false,
        }
    }

    /// `prepareRebalance`: waiting syncs are told to rejoin; the join phase starts.
    fn prepare_rebalance(
        &mut self,
        now_ms: u64,
        reason: RebalanceReason,
        member_id: &str,
    ) -> Vec<Reply> {
        let mut out = Vec::new();
        if self.state == GroupState::CompletingRebalance {
            for m in &mut self.members {
                if let Some(c) = m.awaiting_sync.take() {
                    out.push(Reply::Sync(
                        c,
                        SyncResponse {
                            error: ErrorCode::RebalanceInProgress,
                            assignment: Vec::new(),
                        },
                    ));
                }
            }
        }
        self.sync_deadline_ms = None;
        self.pending_sync.clear();
        if self.state == GroupState::Empty && self.initial_rebalance_delay_ms > 0 {
            let delay_ms = u64::from(self.initial_rebalance_delay_ms);
            self.initial_delay = Some(InitialDelay {
                delay_ms,
                remaining_ms: self.max_rebalance_timeout_ms().saturating_sub(delay_ms),
                new_member_added: false,
            });
            self.join_deadline_ms = Some(now_ms + delay_ms);
        } else {
            self.initial_delay = None;
            self.join_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
        }
        self.state = GroupState::PreparingRebalance;
        self.note(CoordinatorNote::RebalanceStarted {
            at_ms: now_ms,
            generation: self.generation,
            reason,
            member_id: member_id.to_string(),
        });
        out
    }

    /// `DelayedJoin.tryComplete`: every member has rejoined and no id handed out is unused.
    fn maybe_complete_join(&mut self, now_ms: u64) -> Vec<Reply> {
        if self.state != GroupState::PreparingRebalance || self.initial_delay.is_some() {
            return Vec::new();
        }
        let all_joined = self.members.iter().all(|m| m.awaiting_join.is_some())
            && self.pending_members.is_empty();
        if all_joined {
            self.complete_join(now_ms)
        } else {
            Vec::new()
        }
    }

    /// `onCompleteJoin`: dynamic members that did not rejoin are removed; static ones stay.
    fn complete_join(&mut self, now_ms: u64) -> Vec<Reply> {
        let not_rejoined: Vec<usize> = (0..self.members.len())
            .filter(|&i| {
                self.members[i].awaiting_join.is_none() && self.members[i].instance_id.is_none()
            })
            .collect();
        for &i in not_rejoined.iter().rev() {
            let m = self.members.remove(i);
            self.note(CoordinatorNote::MemberRemoved {
                at_ms: now_ms,
                member_id: m.member_id,
                instance_id: None,
                reason: RebalanceReason::Rejoin,
            });
        }
        if !self.members.is_empty() && !self.members.iter().any(|m| m.awaiting_join.is_some()) {
            // Nobody rejoined: wait another rebalance timeout for sessions to expire.
            self.join_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
            return Vec::new();
        }
        // `maybeElectNewJoinedLeader`.
        let leader_joined = self
            .leader
            .as_deref()
            .and_then(|l| self.member(l))
            .is_some_and(|m| m.awaiting_join.is_some());
        if !leader_joined {
            self.leader = self
                .members
                .iter()
                .find(|m| m.awaiting_join.is_some())
                .map(|m| m.member_id.clone());
        }
        self.join_deadline_ms = None;
        self.initial_delay = None;
        self.generation += 1;
        if self.members.is_empty() {
            self.state = GroupState::Empty;
            self.protocol = None;
            self.leader = None;
            self.note(CoordinatorNote::GenerationStarted {
                at_ms: now_ms,
                generation: self.generation,
                leader: String::new(),
                protocol: None,
                members: 0,
            });
            return Vec::new();
        }
        self.protocol = self.select_protocol();
        self.state = GroupState::CompletingRebalance;
        self.sync_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
        self.pending_sync = self.member_ids();
        let leader = self.leader.clone().unwrap_or_default();
        self.note(CoordinatorNote::GenerationStarted {
            at_ms: now_ms,
            generation: self.generation,
            leader,
            protocol: self.protocol,
            members: self.members.len(),
        });
        let mut out = Vec::new();
        for i in 0..self.members.len() {
            if let Some(c) = self.members[i].awaiting_join.take() {
                self.members[i].latest_heartbeat_ms = now_ms;
                self.members[i].is_new = false;
                out.push(Reply::Join(c, self.join_response_for(i)));
            }
        }
        out
    }

    // -----------------------------------------------------------------------------------------
    // SyncGroup, Heartbeat, LeaveGroup, OffsetCommit
    // -----------------------------------------------------------------------------------------

    /// Handles SyncGroup. The leader's request answers every waiting member.
    pub fn sync_group(&mut self, now_ms: u64, request: SyncRequest) -> Vec<Reply> {
        let client = request.client;
        let fail = |error| {
            vec![Reply::Sync(
                client,
                SyncResponse {
                    error,
                    assignment: Vec::new(),
                },
            )]
        };
        if self.state == GroupState::Dead {
            return fail(ErrorCode::CoordinatorNotAvailable);
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return fail(error);
        }
        if request.generation != self.generation {
            return fail(ErrorCode::IllegalGeneration);
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        self.members[i].latest_heartbeat_ms = now_ms;
        if self.state != GroupState::PreparingRebalance {
            self.pending_sync.retain(|id| *id != request.member_id);
            if self.pending_sync.is_empty() {
                self.sync_deadline_ms = None;
            }
        }
        match self.state {
            GroupState::Empty | GroupState::Dead => fail(ErrorCode::UnknownMemberId),
            GroupState::PreparingRebalance => fail(ErrorCode::RebalanceInProgress),
            GroupState::Stable => {
                vec![Reply::Sync(
                    client,
                    SyncResponse {
                        error: ErrorCode::None,
                        assignment: self.members[i].assignment.clone(),
                    },
                )]
            }
            GroupState::CompletingRebalance => {
                self.members[i].awaiting_sync = Some(client);
                if self.leader.as_deref() != Some(request.member_id.as_str()) {
                    return Vec::new();
                }
                for m in &mut self.members {
                    m.assignment = request
                        .assignments
                        .iter()
                        .find(|(id, _)| *id == m.member_id)
                        .map(|(_, a)| a.clone())
                        .unwrap_or_default();
                }
                self.state = GroupState::Stable;
                self.note(CoordinatorNote::Stabilized {
                    at_ms: now_ms,
                    generation: self.generation,
                });
                let mut out = Vec::new();
                for m in &mut self.members {
                    if let Some(c) = m.awaiting_sync.take() {
                        m.latest_heartbeat_ms = now_ms;
                        out.push(Reply::Sync(
                            c,
                            SyncResponse {
                                error: ErrorCode::None,
                                assignment: m.assignment.clone(),
                            },
                        ));
                    }
                }
                out
            }
        }
    }

    /// Handles Heartbeat.
    pub fn heartbeat(&mut self, now_ms: u64, request: &MemberRef) -> ErrorCode {
        if self.state == GroupState::Dead {
            return ErrorCode::CoordinatorNotAvailable;
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return error;
        }
        if request.generation != self.generation {
            return ErrorCode::IllegalGeneration;
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        self.members[i].latest_heartbeat_ms = now_ms;
        match self.state {
            GroupState::Empty | GroupState::Dead => ErrorCode::UnknownMemberId,
            GroupState::PreparingRebalance => ErrorCode::RebalanceInProgress,
            GroupState::CompletingRebalance | GroupState::Stable => ErrorCode::None,
        }
    }

    /// Handles LeaveGroup (one member, by member id; by instance id with an empty member id).
    pub fn leave_group(
        &mut self,
        now_ms: u64,
        member_id: &str,
        instance_id: Option<&str>,
        reason: RebalanceReason,
    ) -> (ErrorCode, Vec<Reply>) {
        if self.state == GroupState::Dead {
            return (ErrorCode::CoordinatorNotAvailable, Vec::new());
        }
        let id = if member_id.is_empty() {
            match instance_id.and_then(|inst| self.static_member(inst)) {
                Some(id) => id.to_string(),
                None => return (ErrorCode::UnknownMemberId, Vec::new()),
            }
        } else {
            let error = self.validate_member(member_id, instance_id);
            if error != ErrorCode::None {
                return (error, Vec::new());
            }
            member_id.to_string()
        };
        (
            ErrorCode::None,
            self.remove_member_and_update(now_ms, &id, reason),
        )
    }

    fn remove_member_and_update(
        &mut self,
        now_ms: u64,
        member_id: &str,
        reason: RebalanceReason,
    ) -> Vec<Reply> {
        let Some(i) = self.member_index(member_id) else {
            return Vec::new();
        };
        let m = self.members.remove(i);
        self.note(CoordinatorNote::MemberRemoved {
            at_ms: now_ms,
            member_id: m.member_id.clone(),
            instance_id: m.instance_id.clone(),
            reason,
        });
        if self.leader.as_deref() == Some(member_id) {
            self.leader = self.members.first().map(|m| m.member_id.clone());
        }
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                let mut out = self.prepare_rebalance(now_ms, reason, member_id);
                out.extend(self.maybe_complete_join(now_ms));
                out
            }
            GroupState::PreparingRebalance => self.maybe_complete_join(now_ms),
            GroupState::Empty | GroupState::Dead => Vec::new(),
        }
    }

    /// Handles OffsetCommit, with the broker's checks in Kafka's order (kafka-semantics.md §5).
    /// Offsets above `i64::MAX` never reach here: the client refuses negative offsets.
    pub fn commit_offsets(
        &mut self,
        now_ms: u64,
        request: &MemberRef,
        offsets: &[(TopicPartition, u64)],
    ) -> ErrorCode {
        let _ = now_ms;
        if self.state == GroupState::Dead {
            return ErrorCode::CoordinatorNotAvailable;
        }
        let standalone = request.generation < 0 && self.state == GroupState::Empty;
        if !standalone {
            if request.generation >= 0
                || !request.member_id.is_empty()
                || request.instance_id.is_some()
            {
                let error =
                    self.validate_member(&request.member_id, request.instance_id.as_deref());
                if error != ErrorCode::None {
                    return error;
                }
                if request.generation != self.generation {
                    return ErrorCode::IllegalGeneration;
                }
            } else if self.state != GroupState::Empty {
                return ErrorCode::UnknownMemberId;
            }
            if self.state == GroupState::CompletingRebalance {
                return ErrorCode::RebalanceInProgress;
            }
        }
        for (tp, offset) in offsets {
            if self.committed.len() >= limits::COMMITTED_PARTITIONS_MAX
                && !self.committed.contains_key(tp)
            {
                continue;
            }
            self.committed.insert(tp.clone(), *offset);
        }
        ErrorCode::None
    }

    // -----------------------------------------------------------------------------------------
    // Deadlines
    // -----------------------------------------------------------------------------------------

    /// The earliest time something expires, if anything can.
    pub fn next_deadline_ms(&self) -> Option<u64> {
        let sessions = self
            .members
            .iter()
            .filter_map(GroupMember::session_deadline_ms);
        let pending = self.pending_members.iter().map(|(_, d)| *d);
        sessions
            .chain(pending)
            .chain(self.join_deadline_ms)
            .chain(self.sync_deadline_ms)
            .min()
    }

    /// Acts on every deadline at or before `now_ms`: expired sessions, unused member ids, the
    /// end of the join phase (or of the initial delay), members that did not sync.
    pub fn expire(&mut self, now_ms: u64) -> Vec<Reply> {
        let mut out = Vec::new();
        self.pending_members
            .retain(|(_, deadline)| *deadline > now_ms);
        loop {
            let expired = self
                .members
                .iter()
                .find(|m| m.session_deadline_ms().is_some_and(|d| d <= now_ms))
                .map(|m| m.member_id.clone());
            let Some(id) = expired else { break };
            out.extend(self.remove_member_and_update(now_ms, &id, RebalanceReason::SessionExpired));
        }
        if self.join_deadline_ms.is_some_and(|d| d <= now_ms)
            && self.state == GroupState::PreparingRebalance
        {
            match self.initial_delay.take() {
                Some(delay) if delay.new_member_added && delay.remaining_ms > 0 => {
                    let next = delay.delay_ms.min(delay.remaining_ms);
                    self.initial_delay = Some(InitialDelay {
                        delay_ms: delay.delay_ms,
                        remaining_ms: delay.remaining_ms - next,
                        new_member_added: false,
                    });
                    self.join_deadline_ms = Some(now_ms + next);
                }
                _ => out.extend(self.complete_join(now_ms)),
            }
        }
        if self.sync_deadline_ms.is_some_and(|d| d <= now_ms) {
            self.sync_deadline_ms = None;
            let late = std::mem::take(&mut self.pending_sync);
            if matches!(
                self.state,
                GroupState::CompletingRebalance | GroupState::Stable
            ) && !late.is_empty()
            {
                for id in &late {
                    if let Some(i) = self.member_index(id) {
                        let m = self.members.remove(i);
                        self.note(CoordinatorNote::MemberRemoved {
                            at_ms: now_ms,
                            member_id: m.member_id,
                            instance_id: m.instance_id,
                            reason: RebalanceReason::SyncExpired,
                        });
                    }
                }
                if self.leader.as_ref().is_some_and(|l| late.contains(l)) {
                    self.leader = self.members.first().map(|m| m.member_id.clone());
                }
                if self.members.is_empty() {
                    self.state = GroupState::Empty;
                } else {
                    out.extend(self.prepare_rebalance(
                        now_ms,
                        RebalanceReason::SyncExpired,
                        &late[0],
                    ));
                    out.extend(self.maybe_complete_join(now_ms));
                }
            }
        }
        out
    }
}
