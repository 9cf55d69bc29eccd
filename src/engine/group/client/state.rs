//! One consumer process's state between the group's happenings (`KafkaConsumer` with its
//! `ConsumerCoordinator`, kafka-semantics.md §3–§5): where it is in the protocol, what it owns
//! and where it reads, what its application thread holds and is doing, and its counters. The
//! group's runtime drives it over time.

use super::ClientError;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::config::AssignorKind;
use crate::engine::group::protocol::{RebalanceReason, NO_GENERATION};
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

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

/// A record a member holds: returned by `poll()`, not processed yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    /// Its partition (shared by the records of one fetch: no topic-name copy per record).
    pub tp: Rc<TopicPartition>,
    /// Its offset.
    pub offset: u64,
    /// Its identity (`Record::id`), which the ledger follows it by.
    pub record_id: u64,
    /// Its key.
    pub key: Option<Rc<str>>,
    /// The entity whose order matters.
    pub entity: Option<Rc<str>>,
    /// The producer's sequence number for the entity.
    pub seq: u64,
    /// In a share group, when its acquisition lock expires (0 in a consumer group).
    pub lock_until_ms: u64,
}

/// What `SubscriptionState.FetchPosition` holds beside the offset (KIP-320): the epoch of the
/// last record fetched (`offsetEpoch`) and the leader epoch the position was last validated
/// against (`currentLeader`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PositionEpochs {
    /// `offsetEpoch`: the leader epoch of the last record fetched; `None` after a reset or a
    /// committed offset (the playground's commits carry no leader epoch).
    pub offset_epoch: Option<u32>,
    /// `currentLeader.epoch`: the leader epoch the consumer last fetched from or validated
    /// against; a newer one in the metadata makes it validate the position first.
    pub current_leader_epoch: Option<u32>,
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
    /// The leader epochs of each position (KIP-320), beside `positions`: a position set
    /// afresh replaces its entry, so a stale one is never read.
    pub position_epochs: BTreeMap<TopicPartition, PositionEpochs>,
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
    /// When this life fetched its first metadata; it refreshes every `metadata.max.age.ms`
    /// from then.
    pub metadata_refreshed_ms: u64,
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
            position_epochs: BTreeMap::new(),
            rejoin: Some(RebalanceReason::Join),
            assignors,
            processing_ms_per_record,
            app: AppState::Idle,
            in_flight: VecDeque::new(),
            workers: Vec::new(),
            last_poll_ms: 0,
            metadata_refreshed_ms: 0,
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
