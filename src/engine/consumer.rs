//! One consumer client as the classic protocol runs it (`KafkaConsumer` with its
//! `ConsumerCoordinator`, kafka-semantics.md §3–§5): what it is configured with, the state it
//! keeps between the group's happenings, and the pure decisions it makes (which rebalance
//! protocol its assignors allow, what it revokes before and after a join, what the leader
//! assigns, which exception a failed commit becomes). The group (`consumer_group.rs`) drives it
//! over time; keeping the decisions here lets them be tested without a clock.

use super::assignor::{self, Member, StickyMember, TopicPartition};
use super::group_coordinator::{ErrorCode, JoinedMember, RebalanceReason, NO_GENERATION};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;
use std::str::FromStr;

/// A `partition.assignment.strategy` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssignorKind {
    /// `RangeAssignor`.
    Range,
    /// `RoundRobinAssignor`.
    RoundRobin,
    /// `StickyAssignor` (eager).
    Sticky,
    /// `CooperativeStickyAssignor`.
    CooperativeSticky,
}

impl AssignorKind {
    /// The protocol name Kafka registers it under.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "roundrobin",
            AssignorKind::Sticky => "sticky",
            AssignorKind::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// The rebalance protocols it supports; only cooperative-sticky supports COOPERATIVE.
    pub fn supports_cooperative(self) -> bool {
        self == AssignorKind::CooperativeSticky
    }
}

impl FromStr for AssignorKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "range" => Ok(AssignorKind::Range),
            "roundrobin" => Ok(AssignorKind::RoundRobin),
            "sticky" => Ok(AssignorKind::Sticky),
            "cooperative-sticky" => Ok(AssignorKind::CooperativeSticky),
            other => Err(format!(
                "unknown assignor {other:?}: use range, roundrobin, sticky or cooperative-sticky"
            )),
        }
    }
}

/// EAGER revokes everything before each rebalance; COOPERATIVE only what moves (KIP-429).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RebalanceProtocol {
    /// Stop the world.
    Eager,
    /// Incremental, in two rounds when partitions move.
    Cooperative,
}

impl RebalanceProtocol {
    /// Kafka's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RebalanceProtocol::Eager => "EAGER",
            RebalanceProtocol::Cooperative => "COOPERATIVE",
        }
    }
}

/// The highest protocol supported by **all** configured assignors: the default
/// `[range, cooperative-sticky]` therefore runs EAGER.
pub fn rebalance_protocol(assignors: &[AssignorKind]) -> RebalanceProtocol {
    if !assignors.is_empty() && assignors.iter().all(|a| a.supports_cooperative()) {
        RebalanceProtocol::Cooperative
    } else {
        RebalanceProtocol::Eager
    }
}

/// When offsets are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitMode {
    /// `enable.auto.commit=true`: at the start of `poll()` once the interval has passed, before
    /// a rebalance and on close.
    Auto { interval_ms: u32 },
    /// `commitSync()` after processing each poll's records.
    SyncPerBatch,
    /// `commitSync(offset + 1)` after each record.
    SyncPerRecord,
    /// `commitAsync()` after each poll's records (never retried).
    AsyncPerBatch,
    /// `commitSync()` right after `poll()`, before processing: at most once.
    BeforeProcessing,
}

impl CommitMode {
    /// A short name for the page and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitMode::Auto { .. } => "auto",
            CommitMode::SyncPerBatch => "sync-per-batch",
            CommitMode::SyncPerRecord => "sync-per-record",
            CommitMode::AsyncPerBatch => "async-per-batch",
            CommitMode::BeforeProcessing => "before-processing",
        }
    }
}

/// Where a member processes what `poll()` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessingMode {
    /// In the poll loop: the next `poll()` waits for the batch.
    PollLoop,
    /// Handed to a pool of worker threads sharing one queue: `poll()` returns at once, so
    /// per-partition order is lost and commits can run ahead of processing.
    Workers { threads: u32 },
}

/// `auto.offset.reset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetReset {
    /// The log start offset.
    Earliest,
    /// The high watermark (not the log end offset).
    Latest,
    /// Throw `NoOffsetForPartitionException`.
    None,
}

impl OffsetReset {
    /// Kafka's value.
    pub fn as_str(self) -> &'static str {
        match self {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            OffsetReset::None => "none",
        }
    }
}

/// Where a member is in the protocol, as the client sees it (`MemberState` plus lifecycle).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MemberStatus {
    /// Running, not in the group (before the first poll, or after a reset).
    Unjoined,
    /// JoinGroup sent, waiting for the join phase to end.
    Joining,
    /// SyncGroup sent, waiting for the assignment.
    AwaitingSync,
    /// Has its assignment and fetches.
    Stable,
    /// Finishing its in-flight work before closing (shown in views; the protocol state is
    /// kept in `status` meanwhile and `Consumer::closing` is set).
    Closing,
    /// Closed gracefully.
    Closed,
    /// Killed: no leave, no commit.
    Crashed,
    /// Stopped by an exception it cannot handle (`Consumer::error` says which).
    Failed,
}

impl MemberStatus {
    /// Whether the process is alive (it may be rebalancing).
    pub fn is_running(self) -> bool {
        matches!(
            self,
            MemberStatus::Unjoined
                | MemberStatus::Joining
                | MemberStatus::AwaitingSync
                | MemberStatus::Stable
                | MemberStatus::Closing
        )
    }
}

/// An exception the application sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// `CommitFailedException`.
    CommitFailed(String),
    /// `RebalanceInProgressException`.
    RebalanceInProgress(String),
    /// `NoOffsetForPartitionException`.
    NoOffsetForPartition(String),
    /// `OffsetOutOfRangeException`.
    OffsetOutOfRange(String),
    /// `FencedInstanceIdException`.
    FencedInstanceId(String),
    /// `InconsistentGroupProtocolException`.
    InconsistentGroupProtocol(String),
    /// `InvalidSessionTimeoutException` (or any other fatal join error).
    Fatal(String),
}

impl ClientError {
    /// The Java class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            ClientError::CommitFailed(_) => "CommitFailedException",
            ClientError::RebalanceInProgress(_) => "RebalanceInProgressException",
            ClientError::NoOffsetForPartition(_) => "NoOffsetForPartitionException",
            ClientError::OffsetOutOfRange(_) => "OffsetOutOfRangeException",
            ClientError::FencedInstanceId(_) => "FencedInstanceIdException",
            ClientError::InconsistentGroupProtocol(_) => "InconsistentGroupProtocolException",
            ClientError::Fatal(_) => "KafkaException",
        }
    }

    /// The exception's message.
    pub fn message(&self) -> &str {
        match self {
            ClientError::CommitFailed(m)
            | ClientError::RebalanceInProgress(m)
            | ClientError::NoOffsetForPartition(m)
            | ClientError::OffsetOutOfRange(m)
            | ClientError::FencedInstanceId(m)
            | ClientError::InconsistentGroupProtocol(m)
            | ClientError::Fatal(m) => m,
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class_name(), self.message())
    }
}

/// `CommitFailedException()`'s default message: what a broker-side ILLEGAL_GENERATION or
/// UNKNOWN_MEMBER_ID becomes.
pub const COMMIT_FAILED_MESSAGE: &str = "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.";
/// What `sendOffsetCommitRequest` throws when the client knows it is not in a stable
/// generation and is not rebalancing (for example after leaving on a poll timeout).
pub const NOT_IN_GROUP_MESSAGE: &str = "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.";
/// The same, while the client is rebalancing.
pub const REBALANCING_MESSAGE: &str = "Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.";

/// The local check before a commit is sent (`generationIfStable()` is null): `None` means send.
pub fn local_commit_check(status: MemberStatus, generation: i32) -> Option<ClientError> {
    if status == MemberStatus::Stable && generation >= 0 {
        return None;
    }
    if matches!(status, MemberStatus::Joining | MemberStatus::AwaitingSync) {
        Some(ClientError::RebalanceInProgress(
            REBALANCING_MESSAGE.to_string(),
        ))
    } else {
        Some(ClientError::CommitFailed(NOT_IN_GROUP_MESSAGE.to_string()))
    }
}

/// What a commit error from the broker becomes (`OffsetCommitResponseHandler`), and whether
/// the member must reset its generation and rejoin.
pub fn commit_error(error: ErrorCode, rebalancing_locally: bool) -> Option<(ClientError, bool)> {
    match error {
        ErrorCode::None => None,
        ErrorCode::RebalanceInProgress => Some((
            ClientError::RebalanceInProgress(REBALANCING_MESSAGE.to_string()),
            false,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration if rebalancing_locally => Some((
            ClientError::RebalanceInProgress(REBALANCING_MESSAGE.to_string()),
            false,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => Some((
            ClientError::CommitFailed(COMMIT_FAILED_MESSAGE.to_string()),
            true,
        )),
        ErrorCode::FencedInstanceId => {
            Some((ClientError::FencedInstanceId(fenced_message()), true))
        }
        other => Some((
            ClientError::Fatal(format!("Unexpected error in commit: {other}")),
            false,
        )),
    }
}

fn fenced_message() -> String {
    "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.".to_string()
}

/// What a fatal JoinGroup/SyncGroup/Heartbeat error becomes; `None` for the retriable ones.
pub fn fatal_group_error(error: ErrorCode) -> Option<ClientError> {
    match error {
        ErrorCode::FencedInstanceId => Some(ClientError::FencedInstanceId(fenced_message())),
        ErrorCode::InconsistentGroupProtocol => Some(ClientError::InconsistentGroupProtocol(
            "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.".to_string(),
        )),
        ErrorCode::InvalidSessionTimeout => Some(ClientError::Fatal(
            "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).".to_string(),
        )),
        ErrorCode::GroupMaxSizeReached => Some(ClientError::Fatal("The consumer group has reached its max size.".to_string())),
        _ => None,
    }
}

/// The leader's assignment for `protocol` over the members the JoinGroup response listed,
/// members in response order, partitions per topic from metadata (topics without metadata are
/// skipped, as Kafka skips them). The cooperative assignor withholds moving partitions.
pub fn leader_assignment(
    protocol: AssignorKind,
    members: &[JoinedMember],
    partitions_per_topic: &BTreeMap<String, u32>,
) -> Vec<(String, Vec<TopicPartition>)> {
    let plain: Vec<Member> = members
        .iter()
        .map(|m| Member {
            id: m.member_id.clone(),
            instance_id: m.instance_id.clone(),
            topics: m.subscription.topics.clone(),
        })
        .collect();
    let sticky_members = || -> Vec<StickyMember> {
        members
            .iter()
            .zip(&plain)
            .map(|(m, member)| StickyMember {
                member: member.clone(),
                owned: m.subscription.owned.clone(),
                generation: (m.subscription.generation != NO_GENERATION)
                    .then_some(m.subscription.generation),
            })
            .collect()
    };
    match protocol {
        AssignorKind::Range => assignor::range(partitions_per_topic, &plain),
        AssignorKind::RoundRobin => assignor::round_robin(partitions_per_topic, &plain),
        AssignorKind::Sticky => {
            assignor::sticky(partitions_per_topic, &sticky_members()).assignment
        }
        AssignorKind::CooperativeSticky => {
            assignor::cooperative_sticky(partitions_per_topic, &sticky_members()).assignment
        }
    }
}

/// `onJoinComplete` for the cooperative protocol: (revoked, added).
pub fn cooperative_diff(
    owned: &[TopicPartition],
    assigned: &[TopicPartition],
) -> (Vec<TopicPartition>, Vec<TopicPartition>) {
    let revoked = owned
        .iter()
        .filter(|tp| !assigned.contains(tp))
        .cloned()
        .collect();
    let added = assigned
        .iter()
        .filter(|tp| !owned.contains(tp))
        .cloned()
        .collect();
    (revoked, added)
}

/// A record a member holds: returned by `poll()`, not processed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Its partition.
    pub tp: TopicPartition,
    /// Its offset.
    pub offset: u64,
    /// Its key.
    pub key: Option<Rc<str>>,
    /// The entity whose order matters.
    pub entity: Option<Rc<str>>,
    /// The producer's sequence number for the entity.
    pub seq: u64,
}

/// What the application thread is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppState {
    /// Between polls: the next step polls.
    Idle,
    /// Processing the poll's records one after the other (poll-loop mode).
    Processing,
    /// Blocked in `commitSync`; then it continues with the next step.
    CommitWait(AfterCommit),
    /// Not running.
    Stopped,
}

/// What a blocked `commitSync` continues with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterCommit {
    /// Poll again.
    Poll,
    /// Start processing the batch (commit-before-processing).
    Process,
    /// Process the next record (commit-per-record).
    NextRecord,
    /// Finish closing.
    Close,
}

/// One consumer process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consumer {
    /// The name the user gave it (also its `client.id`).
    pub name: String,
    /// `group.instance.id`: static membership.
    pub instance_id: Option<String>,
    /// Bumped at each (re)start, so answers meant for an earlier life are dropped.
    pub incarnation: u32,
    /// Where it is in the protocol.
    pub status: MemberStatus,
    /// Its member id (empty when it has none).
    pub member_id: String,
    /// Its generation (`NO_GENERATION` when it has none).
    pub generation: i32,
    /// The assignor the coordinator selected for its generation.
    pub protocol: Option<AssignorKind>,
    /// Partitions it owns.
    pub owned: Vec<TopicPartition>,
    /// The last assignment and its generation (the sticky assignor's userData).
    pub last_assignment: Vec<TopicPartition>,
    /// The generation of `last_assignment`.
    pub last_generation: i32,
    /// The next offset to read, per owned partition that has one.
    pub positions: BTreeMap<TopicPartition, u64>,
    /// Why it must rejoin at its next poll, if it must.
    pub rejoin: Option<RebalanceReason>,
    /// `partition.assignment.strategy`.
    pub assignors: Vec<AssignorKind>,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// What its application thread is doing.
    pub app: AppState,
    /// Records returned by `poll()` and not yet processed (the batch, or the workers' queue).
    pub in_flight: VecDeque<InFlight>,
    /// Worker mode: what each worker thread is processing, with the time it finishes.
    pub workers: Vec<Option<(InFlight, u64)>>,
    /// When `poll()` last ran, in ms.
    pub last_poll_ms: u64,
    /// The next auto-commit deadline, in ms.
    pub next_auto_commit_ms: u64,
    /// Commits sent and not answered yet.
    pub commits_in_flight: u32,
    /// Closing gracefully: finish in-flight work, then commit (auto) and leave (dynamic).
    pub closing: bool,
    /// The exception that stopped it, when `status` is `Failed`.
    pub error: Option<ClientError>,
    /// Cancels queued heartbeats of an earlier join.
    pub heartbeat_epoch: u64,
    /// Cancels queued poll-timer checks of an earlier poll.
    pub poll_timer_epoch: u64,
    /// Cancels queued application steps of an earlier life.
    pub app_epoch: u64,
    /// Time spent alive but not fetching (rebalancing or unjoined), in ms.
    pub stopped_ms: u64,
    /// Time spent alive, in ms.
    pub alive_ms: u64,
    /// Records it processed, in total.
    pub processed: u64,
    /// Records `poll()` returned to it, in total.
    pub consumed: u64,
}

impl Consumer {
    /// A process that has not started polling yet.
    pub fn new(
        name: &str,
        instance_id: Option<String>,
        assignors: Vec<AssignorKind>,
        processing_ms_per_record: u32,
    ) -> Self {
        Consumer {
            name: name.to_string(),
            instance_id,
            incarnation: 0,
            status: MemberStatus::Unjoined,
            member_id: String::new(),
            generation: NO_GENERATION,
            protocol: None,
            owned: Vec::new(),
            last_assignment: Vec::new(),
            last_generation: NO_GENERATION,
            positions: BTreeMap::new(),
            rejoin: Some(RebalanceReason::Join),
            assignors,
            processing_ms_per_record,
            app: AppState::Idle,
            in_flight: VecDeque::new(),
            workers: Vec::new(),
            last_poll_ms: 0,
            next_auto_commit_ms: 0,
            commits_in_flight: 0,
            closing: false,
            error: None,
            heartbeat_epoch: 0,
            poll_timer_epoch: 0,
            app_epoch: 0,
            stopped_ms: 0,
            alive_ms: 0,
            processed: 0,
            consumed: 0,
        }
    }

    /// The protocol its assignors allow.
    pub fn rebalance_protocol(&self) -> RebalanceProtocol {
        rebalance_protocol(&self.assignors)
    }

    /// Whether it is a static member.
    pub fn is_static(&self) -> bool {
        self.instance_id.is_some()
    }

    /// Records it holds unprocessed.
    pub fn unprocessed(&self) -> usize {
        self.in_flight.len() + self.workers.iter().filter(|w| w.is_some()).count()
    }

    /// Forgets its generation and member id (`resetStateAndRejoin`); a static member keeps its
    /// instance id, so its next join replaces its old id.
    pub fn reset_generation(&mut self, reason: RebalanceReason) {
        self.generation = NO_GENERATION;
        self.member_id.clear();
        self.status = MemberStatus::Unjoined;
        self.rejoin = Some(reason);
        self.heartbeat_epoch += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_is_the_highest_all_assignors_support() {
        use AssignorKind::*;
        assert_eq!(
            rebalance_protocol(&[Range, CooperativeSticky]),
            RebalanceProtocol::Eager
        );
        assert_eq!(
            rebalance_protocol(&[CooperativeSticky]),
            RebalanceProtocol::Cooperative
        );
        assert_eq!(rebalance_protocol(&[Sticky]), RebalanceProtocol::Eager);
    }

    #[test]
    fn names_round_trip() {
        for a in [
            AssignorKind::Range,
            AssignorKind::RoundRobin,
            AssignorKind::Sticky,
            AssignorKind::CooperativeSticky,
        ] {
            assert_eq!(a.as_str().parse::<AssignorKind>(), Ok(a));
        }
        assert!("uniform".parse::<AssignorKind>().is_err());
    }

    #[test]
    fn commit_errors_map_like_the_java_client() {
        let (e, reset) = commit_error(ErrorCode::IllegalGeneration, false).unwrap();
        assert!(
            matches!(e, ClientError::CommitFailed(ref m) if m.contains("max.poll.interval.ms"))
        );
        assert!(reset);
        let (e, _) = commit_error(ErrorCode::RebalanceInProgress, false).unwrap();
        assert_eq!(e.class_name(), "RebalanceInProgressException");
        assert_eq!(
            local_commit_check(MemberStatus::Joining, 3)
                .unwrap()
                .class_name(),
            "RebalanceInProgressException"
        );
        assert_eq!(
            local_commit_check(MemberStatus::Unjoined, -1)
                .unwrap()
                .class_name(),
            "CommitFailedException"
        );
        assert!(local_commit_check(MemberStatus::Stable, 3).is_none());
    }
}
