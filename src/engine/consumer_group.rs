//! A consumer group run over logical time: one [`GroupCoordinator`] and its [`Consumer`]s,
//! exchanging the classic protocol's requests with `rtt_ms / 2` of latency each way, polling
//! the cluster's logs through [`LogView`], processing records, committing, and keeping a
//! [`GroupLedger`] of what happened to every record. This is the API the simulator drives: it
//! owns its own `(time_ms, seq)` queue, so the simulator only asks for the next wake-up and
//! advances to it.
//!
//! What is simplified (and said where it matters): fetches complete at once up to the high
//! watermark (no fetch latency or `fetch.max.bytes`); the committed offsets of a newly assigned
//! partition are read from the coordinator without a round trip (OffsetFetch); an idle `poll()`
//! returns after [`POLL_IDLE_MS`]; metadata changes reach the leader immediately; the auto-commit
//! before a rebalance is sent just before the JoinGroup rather than awaited.

use super::assignor::TopicPartition;
use super::config::ConfigError;
use super::consumer::{
    commit_error, cooperative_diff, fatal_group_error, leader_assignment, local_commit_check,
    rebalance_protocol, AfterCommit, AppState, ClientError, Consumer, InFlight, MemberStatus,
    RebalanceProtocol,
};
pub use super::consumer::{AssignorKind, CommitMode, OffsetReset, ProcessingMode};
use super::group_coordinator::{
    ClientId, CoordinatorNote, ErrorCode, GroupCoordinator, GroupState, JoinRequest, JoinResponse,
    MemberRef, RebalanceReason, Reply, Subscription, SyncRequest, SyncResponse, NO_GENERATION,
};
use super::group_ledger::{GroupLedger, LedgerSummary};
use super::group_limits as limits;
use super::queue::EventQueue;
use super::rng::Rng;
use super::Record;
use std::collections::BTreeMap;

/// How long an empty `poll()` waits before returning (`poll(Duration.ofMillis(100))`).
pub const POLL_IDLE_MS: u64 = 100;
/// Happenings one instant may hold before the group stops processing it (a guard against a
/// logic loop, never reached in a correct run).
const INSTANT_EVENTS_MAX: u64 = 1_000_000;

/// One initial member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberConfig {
    /// Its name (and `client.id`).
    pub name: String,
    /// `group.instance.id`, for static membership.
    pub instance_id: Option<String>,
}

/// A consumer group's configuration: every member shares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupConfig {
    /// `group.id`.
    pub group_id: String,
    /// The subscription of every member.
    pub topics: Vec<String>,
    /// `partition.assignment.strategy`, in preference order.
    pub assignors: Vec<AssignorKind>,
    /// `session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `heartbeat.interval.ms`.
    pub heartbeat_interval_ms: u32,
    /// `max.poll.interval.ms` (also the rebalance timeout).
    pub max_poll_interval_ms: u32,
    /// `max.poll.records`.
    pub max_poll_records: u32,
    /// When offsets are committed.
    pub commit: CommitMode,
    /// Where records are processed.
    pub processing: ProcessingMode,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// `auto.offset.reset`.
    pub auto_offset_reset: OffsetReset,
    /// The members that start with the group.
    pub members: Vec<MemberConfig>,
    /// Client-to-coordinator round trip, in ms.
    pub rtt_ms: u32,
}

impl Default for GroupConfig {
    /// Kafka's client defaults, three dynamic members on the playground's default topic.
    fn default() -> Self {
        GroupConfig {
            group_id: "my-group".to_string(),
            topics: vec!["orders".to_string()],
            assignors: vec![AssignorKind::Range, AssignorKind::CooperativeSticky],
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            max_poll_records: 500,
            commit: CommitMode::Auto { interval_ms: 5_000 },
            processing: ProcessingMode::PollLoop,
            processing_ms_per_record: 1,
            auto_offset_reset: OffsetReset::Latest,
            members: (1..=3)
                .map(|i| MemberConfig {
                    name: format!("consumer-{i}"),
                    instance_id: None,
                })
                .collect(),
            rtt_ms: 10,
        }
    }
}

/// Kafka's `Heartbeat` constructor message.
pub const HEARTBEAT_NOT_BELOW_SESSION: &str =
    "Heartbeat must be set lower than the session timeout";
/// `Errors.INVALID_SESSION_TIMEOUT`'s message.
pub const INVALID_SESSION_TIMEOUT_MESSAGE: &str =
    "INVALID_SESSION_TIMEOUT: The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).";

fn check_name(field: &str, name: &str) -> Result<(), ConfigError> {
    if name.is_empty() || name.len() > limits::NAME_BYTES_MAX {
        return Err(ConfigError::new(
            field,
            format!("a name has 1 to {} bytes", limits::NAME_BYTES_MAX),
        ));
    }
    Ok(())
}

fn check_range(field: &str, value: u32, min: u32, max: u32, unit: &str) -> Result<(), ConfigError> {
    if value < min || value > max {
        return Err(ConfigError::new(
            field,
            format!("{value}{unit} is outside {min}..={max}{unit}"),
        ));
    }
    Ok(())
}

fn check_assignors(assignors: &[AssignorKind]) -> Result<(), ConfigError> {
    if assignors.is_empty() {
        return Err(ConfigError::new(
            "group.assignors",
            "partition.assignment.strategy needs at least one assignor",
        ));
    }
    if assignors.len() > limits::ASSIGNORS_MAX {
        return Err(ConfigError::new(
            "group.assignors",
            format!("at most {} assignors", limits::ASSIGNORS_MAX),
        ));
    }
    for (i, a) in assignors.iter().enumerate() {
        if assignors[..i].contains(a) {
            return Err(ConfigError::new(
                "group.assignors",
                format!("{} is listed twice", a.as_str()),
            ));
        }
    }
    Ok(())
}

fn check_commit(commit: &CommitMode) -> Result<(), ConfigError> {
    if let CommitMode::Auto { interval_ms } = commit {
        check_range(
            "group.auto_commit_interval_ms",
            *interval_ms,
            0,
            limits::AUTO_COMMIT_INTERVAL_MS_MAX,
            " ms",
        )?;
    }
    Ok(())
}

impl GroupConfig {
    /// Checks every value against Kafka's rules and the playground's limits.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_name("group.group_id", &self.group_id)?;
        if self.topics.is_empty() || self.topics.len() > limits::TOPICS_MAX {
            return Err(ConfigError::new(
                "group.topics",
                format!("a subscription has 1 to {} topics", limits::TOPICS_MAX),
            ));
        }
        for (i, t) in self.topics.iter().enumerate() {
            check_name("group.topics", t)?;
            if self.topics[..i].contains(t) {
                return Err(ConfigError::new(
                    "group.topics",
                    format!("{t:?} is listed twice"),
                ));
            }
        }
        check_assignors(&self.assignors)?;
        if self.heartbeat_interval_ms >= self.session_timeout_ms {
            return Err(ConfigError::new(
                "group.heartbeat_interval_ms",
                HEARTBEAT_NOT_BELOW_SESSION,
            ));
        }
        if !(limits::SESSION_TIMEOUT_MS_MIN..=limits::SESSION_TIMEOUT_MS_MAX)
            .contains(&self.session_timeout_ms)
        {
            return Err(ConfigError::new(
                "group.session_timeout_ms",
                INVALID_SESSION_TIMEOUT_MESSAGE,
            ));
        }
        check_range(
            "group.heartbeat_interval_ms",
            self.heartbeat_interval_ms,
            1,
            limits::SESSION_TIMEOUT_MS_MAX,
            " ms",
        )?;
        check_range(
            "group.max_poll_interval_ms",
            self.max_poll_interval_ms,
            1,
            limits::MAX_POLL_INTERVAL_MS_MAX,
            " ms",
        )?;
        check_range(
            "group.max_poll_records",
            self.max_poll_records,
            1,
            limits::MAX_POLL_RECORDS_MAX,
            "",
        )?;
        check_commit(&self.commit)?;
        if let ProcessingMode::Workers { threads } = self.processing {
            check_range(
                "group.processing.threads",
                threads,
                1,
                limits::WORKER_THREADS_MAX,
                "",
            )?;
        }
        check_range(
            "group.processing_ms_per_record",
            self.processing_ms_per_record,
            0,
            limits::PROCESSING_MS_PER_RECORD_MAX,
            " ms",
        )?;
        check_range("group.rtt_ms", self.rtt_ms, 0, limits::RTT_MS_MAX, " ms")?;
        if self.members.len() > limits::MEMBERS_MAX {
            return Err(ConfigError::new(
                "group.members",
                format!("a group here has at most {} members", limits::MEMBERS_MAX),
            ));
        }
        for (i, m) in self.members.iter().enumerate() {
            check_name("group.members.name", &m.name)?;
            if self.members[..i].iter().any(|o| o.name == m.name) {
                return Err(ConfigError::new(
                    "group.members.name",
                    format!("two members are named {:?}", m.name),
                ));
            }
            if let Some(inst) = &m.instance_id {
                check_name("group.members.instance_id", inst)?;
                if self.members[..i]
                    .iter()
                    .any(|o| o.instance_id.as_ref() == Some(inst))
                {
                    return Err(ConfigError::new(
                        "group.members.instance_id",
                        format!("two members share group.instance.id {inst:?}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// What the group reads from the cluster; topics by name.
pub trait LogView {
    /// The topic's partition count, `None` if it does not exist.
    fn n_partitions(&self, topic: &str) -> Option<u32>;
    /// The oldest offset still readable.
    fn log_start_offset(&self, topic: &str, partition: u32) -> u64;
    /// The high watermark: consumers read below it.
    fn high_watermark(&self, topic: &str, partition: u32) -> u64;
    /// The record at `offset`, `None` when it is not retained.
    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record>;
}

/// A user action on the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupCommand {
    /// A new member starts.
    AddMember {
        name: String,
        instance_id: Option<String>,
    },
    /// Graceful close: finish in-flight work, commit if auto, leave if dynamic.
    CloseMember { name: String },
    /// kill -9: no leave, no commit, in-flight work lost.
    CrashMember { name: String },
    /// A closed, crashed or failed member starts again (a static one keeps its instance id).
    RestartMember { name: String },
    /// Changes one member's processing time per record.
    SetProcessingMs {
        name: String,
        processing_ms_per_record: u32,
    },
    /// Every member rejoins with the new assignor list.
    SetAssignors { assignors: Vec<AssignorKind> },
    /// Every member commits this way from now on.
    SetCommitMode { commit: CommitMode },
    /// Every member resets this way from now on.
    SetOffsetReset { reset: OffsetReset },
}

/// Something that happened in the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupEvent {
    /// When, in ms.
    pub at_ms: u64,
    /// The member it concerns (by name), if one.
    pub member: Option<String>,
    /// What happened.
    pub kind: GroupEventKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupEventKind {
    /// A member process started (added or restarted).
    Started,
    /// JoinGroup sent.
    JoinSent {
        member_id: String,
        reason: RebalanceReason,
    },
    /// JoinGroup answered.
    JoinResponse {
        error: ErrorCode,
        generation: i32,
        member_id: String,
        leader: bool,
    },
    /// SyncGroup sent (by the leader, with the assignment it computed).
    SyncSent { generation: i32, leader: bool },
    /// The assignment arrived (`onJoinComplete`): what was added and, cooperatively, revoked.
    Assigned {
        generation: i32,
        added: Vec<TopicPartition>,
        revoked: Vec<TopicPartition>,
    },
    /// `onPartitionsRevoked` before a join (eager revokes everything it owns).
    Revoked { partitions: Vec<TopicPartition> },
    /// `onPartitionsLost`: the member learned it was no longer in the group.
    Lost { partitions: Vec<TopicPartition> },
    /// The coordinator started a rebalance.
    RebalanceStarted {
        generation: i32,
        reason: RebalanceReason,
    },
    /// The join phase ended: a new generation.
    GenerationStarted {
        generation: i32,
        protocol: Option<AssignorKind>,
        members: u32,
    },
    /// The leader's assignment reached the coordinator: the group is Stable.
    RebalanceCompleted { generation: i32, moved: u32 },
    /// The coordinator removed a member (not by session expiry).
    MemberRemoved {
        member_id: String,
        reason: RebalanceReason,
    },
    /// A static member's new process took over its instance id.
    StaticMemberReplaced {
        old_member_id: String,
        new_member_id: String,
        rebalance: bool,
    },
    /// A heartbeat came back with an error.
    HeartbeatFailed { error: ErrorCode },
    /// The coordinator expired the member's session.
    SessionExpired { member_id: String },
    /// `max.poll.interval.ms` passed without a poll: the member left (dynamic) or only forgot
    /// its generation (static).
    PollTimeoutLeft { sent_leave: bool },
    /// Offsets committed.
    Committed { offsets: Vec<(TopicPartition, u64)> },
    /// A commit failed: the exception the application sees.
    CommitFailed { class_name: String, message: String },
    /// A position was set by `auto.offset.reset` (or from the committed offset).
    OffsetReset {
        tp: TopicPartition,
        offset: u64,
        reset: Option<OffsetReset>,
    },
    /// The member stopped on an exception.
    Error { message: String },
    /// `poll()` returned records.
    Polled { records: u32 },
    /// The member closed.
    Closed,
    /// The member crashed.
    Crashed,
    /// The ledger flagged a lost record (only the first few are reported as events).
    RecordLost { tp: TopicPartition, offset: u64 },
    /// A record was processed again.
    Duplicate { tp: TopicPartition, offset: u64 },
    /// A record was processed after a later one of its entity.
    OutOfOrder { tp: TopicPartition, offset: u64 },
}

/// A member as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberPhase {
    /// (Re)joining the group with no partition: stopped (every eager member in a rebalance).
    Joining,
    /// In the group with partitions.
    Stable,
    /// Rejoining while still consuming the partitions it keeps (cooperative rebalancing).
    Rebalancing,
    /// In the group without partitions.
    Idle,
    /// Killed.
    Crashed,
    /// Closed.
    Closed,
    /// Stopped on an exception.
    Failed,
}

/// One member, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    /// Name.
    pub name: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Member id (empty when it has none).
    pub member_id: String,
    /// Generation.
    pub generation: i32,
    /// Protocol state.
    pub status: MemberStatus,
    /// What the page shows.
    pub phase: MemberPhase,
    /// Owned partitions.
    pub assigned: Vec<TopicPartition>,
    /// Next offset to read, per partition.
    pub positions: Vec<(TopicPartition, u64)>,
    /// Records held unprocessed.
    pub in_flight: usize,
    /// Sum over its partitions of high watermark − committed offset.
    pub lag: u64,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// Time alive but not fetching, in ms.
    pub stopped_ms: u64,
    /// Records returned to it.
    pub consumed: u64,
    /// Records it processed.
    pub processed: u64,
    /// The exception that stopped it.
    pub error: Option<String>,
}

/// The coordinator, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorView {
    /// State.
    pub state: GroupState,
    /// Generation.
    pub generation: i32,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// EAGER or COOPERATIVE (from the configured assignors).
    pub rebalance_protocol: RebalanceProtocol,
    /// The leader, by member name.
    pub leader: Option<String>,
    /// Its `__consumer_offsets` partition.
    pub offsets_partition: u32,
    /// Members the coordinator knows.
    pub members: usize,
}

/// One partition of the subscription, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionView {
    /// The partition.
    pub tp: TopicPartition,
    /// Its owner, by member name, as the coordinator assigned it.
    pub owner: Option<String>,
    /// The committed offset.
    pub committed: Option<u64>,
    /// The high watermark.
    pub high_watermark: u64,
    /// High watermark − committed (− log start when nothing is committed).
    pub lag: u64,
}

/// Totals over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupMetrics {
    /// Rebalances that reached Stable.
    pub rebalances_completed: u64,
    /// Sum over partitions of the time no running member owned them, in partition-ms.
    pub pause_partition_ms: u64,
    /// Commits accepted.
    pub commits: u64,
    /// Commits failed (locally or at the broker).
    pub commit_failures: u64,
    /// `poll()` calls that returned records.
    pub polls_with_records: u64,
}

/// One completed rebalance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebalanceRecord {
    /// The generation.
    pub generation: i32,
    /// When it became Stable, in ms.
    pub at_ms: u64,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// Why it started.
    pub reason: Option<RebalanceReason>,
    /// Partitions whose owner changed (including to no owner).
    pub moved: u32,
    /// The assignment, by member name.
    pub assignment: Vec<(String, Vec<TopicPartition>)>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Request {
    Join(JoinRequest),
    Sync(SyncRequest),
    Heartbeat(MemberRef),
    Leave(MemberRef, RebalanceReason),
    Commit {
        member: MemberRef,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Response {
    Join(JoinResponse),
    Sync(SyncResponse),
    Heartbeat {
        error: ErrorCode,
        generation: i32,
    },
    Commit {
        error: ErrorCode,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    AtCoordinator {
        from: usize,
        incarnation: u32,
        request: Request,
    },
    AtConsumer {
        to: usize,
        incarnation: u32,
        response: Response,
    },
    Heartbeat {
        member: usize,
        epoch: u64,
    },
    PollTimer {
        member: usize,
        epoch: u64,
    },
    App {
        member: usize,
        epoch: u64,
    },
    Worker {
        member: usize,
        worker: usize,
        epoch: u64,
    },
}

fn client_id(member: usize, incarnation: u32) -> ClientId {
    ((member as u64) << 32) | u64::from(incarnation)
}

fn split_client(client: ClientId) -> (usize, u32) {
    ((client >> 32) as usize, client as u32)
}

/// What the page shows a member doing.
fn phase_of(c: &Consumer) -> MemberPhase {
    match c.status {
        MemberStatus::Crashed => MemberPhase::Crashed,
        MemberStatus::Closed => MemberPhase::Closed,
        MemberStatus::Failed => MemberPhase::Failed,
        MemberStatus::Unjoined | MemberStatus::Joining | MemberStatus::AwaitingSync
            if c.owned.is_empty() =>
        {
            MemberPhase::Joining
        }
        MemberStatus::Unjoined | MemberStatus::Joining | MemberStatus::AwaitingSync => {
            MemberPhase::Rebalancing
        }
        MemberStatus::Stable | MemberStatus::Closing if c.owned.is_empty() => MemberPhase::Idle,
        MemberStatus::Stable | MemberStatus::Closing => MemberPhase::Stable,
    }
}

/// Phase changes kept per member for its timeline (the oldest are dropped).
pub const TIMELINE_CHANGES_MAX: usize = 64;

/// A consumer group over time.
#[derive(Clone, Debug)]
pub struct ConsumerGroup {
    /// Per member (same index as `members`): when its phase changed, and to what, so that
    /// eager stop-the-world and cooperative hand-overs can be drawn as a timeline.
    timelines: Vec<std::collections::VecDeque<(u64, MemberPhase)>>,
    config: GroupConfig,
    coordinator: GroupCoordinator,
    members: Vec<Consumer>,
    queue: EventQueue<Pending>,
    now_ms: u64,
    ledger: GroupLedger,
    metrics: GroupMetrics,
    rebalances: Vec<RebalanceRecord>,
    rebalances_truncated: bool,
    last_rebalance_reason: Option<RebalanceReason>,
    previous_owners: BTreeMap<TopicPartition, String>,
    fetch_cursor: usize,
    reported: (usize, usize, usize),
    /// Worker threads take varying time per record (the variation is what reorders them).
    worker_rng: Rng,
}

impl ConsumerGroup {
    /// A group whose initial members start polling at `now_ms`.
    pub fn new(config: GroupConfig, rng: Rng, now_ms: u64) -> Result<ConsumerGroup, ConfigError> {
        config.validate()?;
        let worker_rng = Rng::new(rng.clone().next_u64() ^ 0x5eed_0f30_17e5);
        let coordinator = GroupCoordinator::new(&config.group_id, rng);
        let mut group = ConsumerGroup {
            timelines: Vec::new(),
            coordinator,
            members: Vec::new(),
            queue: EventQueue::default(),
            now_ms,
            ledger: GroupLedger::default(),
            metrics: GroupMetrics::default(),
            rebalances: Vec::new(),
            rebalances_truncated: false,
            last_rebalance_reason: None,
            previous_owners: BTreeMap::new(),
            fetch_cursor: 0,
            reported: (0, 0, 0),
            worker_rng,
            config,
        };
        for m in group.config.members.clone() {
            group.start_member(&m.name, m.instance_id.clone());
        }
        group.note_phases();
        Ok(group)
    }

    // -----------------------------------------------------------------------------------------
    // Read-only views
    // -----------------------------------------------------------------------------------------

    /// The configuration (with the changes commands made).
    pub fn config(&self) -> &GroupConfig {
        &self.config
    }

    /// The group's clock, in ms.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The coordinator itself, for detailed views and tests.
    pub fn coordinator(&self) -> &GroupCoordinator {
        &self.coordinator
    }

    /// One member's client state.
    pub fn consumer(&self, name: &str) -> Option<&Consumer> {
        self.members.iter().find(|c| c.name == name)
    }

    /// Every member's client state, in the order they were added.
    pub fn consumers(&self) -> &[Consumer] {
        &self.members
    }

    /// The coordinator's state.
    pub fn coordinator_view(&self) -> CoordinatorView {
        CoordinatorView {
            state: self.coordinator.state(),
            generation: self.coordinator.generation(),
            protocol: self.coordinator.protocol(),
            rebalance_protocol: rebalance_protocol(&self.config.assignors),
            leader: self.coordinator.leader().map(|id| self.name_of(id)),
            offsets_partition: self.coordinator.offsets_partition(),
            members: self.coordinator.member_ids().len(),
        }
    }

    fn name_of(&self, member_id: &str) -> String {
        self.members
            .iter()
            .find(|c| c.member_id == member_id)
            .map_or_else(|| member_id.to_string(), |c| c.name.clone())
    }

    fn partition_lag(&self, tp: &TopicPartition, logs: &dyn LogView) -> u64 {
        let hw = logs.high_watermark(&tp.topic, tp.partition);
        let base = self
            .coordinator
            .committed_offset(tp)
            .unwrap_or_else(|| logs.log_start_offset(&tp.topic, tp.partition));
        hw.saturating_sub(base)
    }

    /// Every member.
    pub fn members(&self, logs: &dyn LogView) -> Vec<MemberView> {
        self.members
            .iter()
            .map(|c| {
                let phase = phase_of(c);
                MemberView {
                    name: c.name.clone(),
                    instance_id: c.instance_id.clone(),
                    member_id: c.member_id.clone(),
                    generation: c.generation,
                    status: if c.closing && c.status.is_running() {
                        MemberStatus::Closing
                    } else {
                        c.status
                    },
                    phase,
                    assigned: c.owned.clone(),
                    positions: c.positions.iter().map(|(tp, o)| (tp.clone(), *o)).collect(),
                    in_flight: c.unprocessed(),
                    lag: c.owned.iter().map(|tp| self.partition_lag(tp, logs)).sum(),
                    processing_ms_per_record: c.processing_ms_per_record,
                    stopped_ms: c.stopped_ms,
                    consumed: c.consumed,
                    processed: c.processed,
                    error: c.error.as_ref().map(ToString::to_string),
                }
            })
            .collect()
    }

    /// Members in the group without a partition (more members than partitions).
    pub fn idle_members(&self) -> usize {
        self.members
            .iter()
            .filter(|c| phase_of(c) == MemberPhase::Idle)
            .count()
    }

    /// The group's lag over every partition of its subscription.
    pub fn total_lag(&self, logs: &dyn LogView) -> u64 {
        self.partitions(logs).iter().map(|p| p.lag).sum()
    }

    /// Every partition of the subscription.
    pub fn partitions(&self, logs: &dyn LogView) -> Vec<PartitionView> {
        let mut owners: BTreeMap<TopicPartition, String> = BTreeMap::new();
        for (id, list) in self.coordinator.assignments() {
            for tp in list {
                owners.insert(tp, self.name_of(&id));
            }
        }
        let mut out = Vec::new();
        for topic in &self.config.topics {
            for p in 0..logs.n_partitions(topic).unwrap_or(0) {
                let tp = TopicPartition {
                    topic: topic.clone(),
                    partition: p,
                };
                out.push(PartitionView {
                    owner: owners.get(&tp).cloned(),
                    committed: self.coordinator.committed_offset(&tp),
                    high_watermark: logs.high_watermark(topic, p),
                    lag: self.partition_lag(&tp, logs),
                    tp,
                });
            }
        }
        out
    }

    /// Totals.
    pub fn metrics(&self) -> GroupMetrics {
        self.metrics
    }

    /// The last completed rebalances, oldest first, and whether older ones were dropped.
    pub fn rebalances(&self) -> (&[RebalanceRecord], bool) {
        (&self.rebalances, self.rebalances_truncated)
    }

    /// The ledger's summary.
    pub fn ledger(&self) -> &LedgerSummary {
        self.ledger.summary()
    }

    /// The ledger itself (for memory checks).
    pub fn ledger_state(&self) -> &GroupLedger {
        &self.ledger
    }

    /// Happenings queued now (for memory checks).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    // -----------------------------------------------------------------------------------------
    // Driving
    // -----------------------------------------------------------------------------------------

    /// The next time something is due, if anything is.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        let q = self.queue.next_at_ms();
        [q, self.coordinator.next_deadline_ms()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Processes every internal happening due at or before `now_ms`, in (time, seq) order,
    /// appending what happened to `events`.
    pub fn advance_to(&mut self, now_ms: u64, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        let mut same_instant = 0u64;
        let mut last_at = self.now_ms;
        while let Some(at) = self.next_wakeup_ms() {
            if at > now_ms {
                break;
            }
            let at = at.max(self.now_ms);
            if at != last_at {
                same_instant = 0;
                last_at = at;
            }
            same_instant += 1;
            if same_instant > INSTANT_EVENTS_MAX {
                debug_assert!(false, "a logic loop at {at} ms");
                break;
            }
            self.account(at, logs);
            self.now_ms = at;
            if self.coordinator.next_deadline_ms().is_some_and(|d| d <= at) {
                let replies = self.coordinator.expire(at);
                self.route_replies(replies);
                self.drain_notes(events);
                self.note_phases();
                if self.coordinator.next_deadline_ms().is_some_and(|d| d <= at) {
                    debug_assert!(false, "expire leaves nothing due");
                    break;
                }
                continue;
            }
            let Some((_, pending)) = self.queue.pop_first() else {
                break;
            };
            self.handle(pending, logs, events);
            self.report_ledger(events);
            self.note_phases();
        }
        self.account(now_ms.max(self.now_ms), logs);
        self.now_ms = self.now_ms.max(now_ms);
    }

    /// Records each member's phase when it differs from the last one recorded.
    fn note_phases(&mut self) {
        self.timelines
            .resize_with(self.members.len(), Default::default);
        for (c, timeline) in self.members.iter().zip(&mut self.timelines) {
            let phase = phase_of(c);
            if timeline.back().map(|&(_, p)| p) != Some(phase) {
                if timeline.len() == TIMELINE_CHANGES_MAX {
                    timeline.pop_front();
                }
                timeline.push_back((self.now_ms, phase));
            }
        }
    }

    /// Each member's phase changes, oldest first (the latest `TIMELINE_CHANGES_MAX`), in
    /// member order: what the page draws as a timeline per member.
    pub fn timelines(
        &self,
    ) -> impl Iterator<Item = (&str, &std::collections::VecDeque<(u64, MemberPhase)>)> + '_ {
        self.members
            .iter()
            .map(|c| c.name.as_str())
            .zip(&self.timelines)
    }

    /// Applies a user command at `now_ms` (after advancing to it). Refusals leave the state
    /// unchanged.
    pub fn apply(
        &mut self,
        now_ms: u64,
        command: &GroupCommand,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<(), String> {
        let result = self.apply_command(now_ms, command, logs, events);
        self.note_phases();
        result
    }

    fn apply_command(
        &mut self,
        now_ms: u64,
        command: &GroupCommand,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<(), String> {
        self.advance_to(now_ms, logs, events);
        let find = |group: &ConsumerGroup, name: &str| {
            group
                .members
                .iter()
                .position(|c| c.name == name)
                .ok_or_else(|| format!("no member is named {name:?}"))
        };
        match command {
            GroupCommand::AddMember { name, instance_id } => {
                check_name("member.name", name).map_err(|e| e.message)?;
                if self.members.iter().any(|c| c.name == *name) {
                    return Err(format!("a member named {name:?} already exists"));
                }
                if let Some(inst) = instance_id {
                    check_name("member.instance_id", inst).map_err(|e| e.message)?;
                    if self
                        .members
                        .iter()
                        .any(|c| c.instance_id.as_ref() == Some(inst))
                    {
                        return Err(format!(
                            "group.instance.id {inst:?} is already used by another member"
                        ));
                    }
                }
                if self.members.len() >= limits::MEMBERS_MAX {
                    return Err(format!(
                        "a group here has at most {} members",
                        limits::MEMBERS_MAX
                    ));
                }
                self.start_member(name, instance_id.clone());
                events.push(self.event(self.members.len() - 1, GroupEventKind::Started));
            }
            GroupCommand::CloseMember { name } => {
                let i = find(self, name)?;
                if !self.members[i].status.is_running() {
                    return Err(format!("{name} is not running"));
                }
                if self.members[i].closing {
                    return Err(format!("{name} is already closing"));
                }
                self.members[i].closing = true;
                if self.members[i].app == AppState::Idle {
                    self.bump_app(i);
                    self.schedule(
                        self.now_ms,
                        Pending::App {
                            member: i,
                            epoch: self.members[i].app_epoch,
                        },
                    );
                }
            }
            GroupCommand::CrashMember { name } => {
                let i = find(self, name)?;
                if !self.members[i].status.is_running() {
                    return Err(format!("{name} is not running"));
                }
                self.stop_member(i, MemberStatus::Crashed);
                events.push(self.event(i, GroupEventKind::Crashed));
            }
            GroupCommand::RestartMember { name } => {
                let i = find(self, name)?;
                if self.members[i].status.is_running() {
                    return Err(format!("{name} is running; close or crash it first"));
                }
                let old = &self.members[i];
                let mut c = Consumer::new(
                    &old.name,
                    old.instance_id.clone(),
                    self.config.assignors.clone(),
                    old.processing_ms_per_record,
                );
                c.incarnation = old.incarnation.wrapping_add(1);
                c.heartbeat_epoch = old.heartbeat_epoch + 1;
                c.poll_timer_epoch = old.poll_timer_epoch + 1;
                c.app_epoch = old.app_epoch + 1;
                c.stopped_ms = old.stopped_ms;
                c.alive_ms = old.alive_ms;
                c.consumed = old.consumed;
                c.processed = old.processed;
                c.last_poll_ms = self.now_ms;
                self.members[i] = c;
                self.init_member(i);
                events.push(self.event(i, GroupEventKind::Started));
            }
            GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record,
            } => {
                let i = find(self, name)?;
                check_range(
                    "processing_ms_per_record",
                    *processing_ms_per_record,
                    0,
                    limits::PROCESSING_MS_PER_RECORD_MAX,
                    " ms",
                )
                .map_err(|e| e.message)?;
                self.members[i].processing_ms_per_record = *processing_ms_per_record;
            }
            GroupCommand::SetAssignors { assignors } => {
                check_assignors(assignors).map_err(|e| e.message)?;
                self.config.assignors = assignors.clone();
                for c in &mut self.members {
                    c.assignors = assignors.clone();
                    if c.status.is_running() {
                        c.rejoin = Some(RebalanceReason::SubscriptionChange);
                    }
                }
            }
            GroupCommand::SetCommitMode { commit } => {
                check_commit(commit).map_err(|e| e.message)?;
                self.config.commit = *commit;
            }
            GroupCommand::SetOffsetReset { reset } => self.config.auto_offset_reset = *reset,
        }
        Ok(())
    }

    /// A subscribed topic's partition count changed: the leader notices (metadata refresh taken
    /// as immediate) and rejoins, which starts a rebalance.
    pub fn partitions_changed(&mut self, now_ms: u64, topic: &str, logs: &dyn LogView) {
        let _ = logs;
        self.now_ms = self.now_ms.max(now_ms);
        if !self.config.topics.iter().any(|t| t == topic) {
            return;
        }
        let Some(leader) = self.coordinator.leader().map(str::to_string) else {
            return;
        };
        if let Some(c) = self
            .members
            .iter_mut()
            .find(|c| c.member_id == leader && c.status.is_running())
        {
            c.rejoin = Some(RebalanceReason::MetadataChange);
        }
    }

    // -----------------------------------------------------------------------------------------
    // Internals
    // -----------------------------------------------------------------------------------------

    fn event(&self, i: usize, kind: GroupEventKind) -> GroupEvent {
        GroupEvent {
            at_ms: self.now_ms,
            member: self.members.get(i).map(|c| c.name.clone()),
            kind,
        }
    }

    fn schedule(&mut self, at_ms: u64, pending: Pending) {
        self.queue.push(at_ms, pending);
    }

    fn one_way_ms(&self) -> u64 {
        u64::from(self.config.rtt_ms / 2)
    }

    fn send(&mut self, i: usize, request: Request) {
        let at = self.now_ms + self.one_way_ms();
        let incarnation = self.members[i].incarnation;
        self.schedule(
            at,
            Pending::AtCoordinator {
                from: i,
                incarnation,
                request,
            },
        );
    }

    fn respond(&mut self, client: ClientId, response: Response) {
        let (to, incarnation) = split_client(client);
        let at = self.now_ms + self.one_way_ms();
        self.schedule(
            at,
            Pending::AtConsumer {
                to,
                incarnation,
                response,
            },
        );
    }

    fn route_replies(&mut self, replies: Vec<Reply>) {
        for reply in replies {
            match reply {
                Reply::Join(c, r) => self.respond(c, Response::Join(r)),
                Reply::Sync(c, r) => self.respond(c, Response::Sync(r)),
            }
        }
    }

    fn bump_app(&mut self, i: usize) {
        self.members[i].app_epoch += 1;
    }

    fn start_member(&mut self, name: &str, instance_id: Option<String>) {
        let c = Consumer::new(
            name,
            instance_id,
            self.config.assignors.clone(),
            self.config.processing_ms_per_record,
        );
        self.members.push(c);
        let i = self.members.len() - 1;
        self.members[i].last_poll_ms = self.now_ms;
        self.init_member(i);
    }

    fn init_member(&mut self, i: usize) {
        if let ProcessingMode::Workers { threads } = self.config.processing {
            self.members[i].workers = vec![None; threads as usize];
        }
        self.schedule(
            self.now_ms,
            Pending::App {
                member: i,
                epoch: self.members[i].app_epoch,
            },
        );
    }

    /// Moves the accounting clock to `at`: pause and per-member stopped time.
    fn account(&mut self, at: u64, logs: &dyn LogView) {
        let dt = at.saturating_sub(self.now_ms);
        if dt == 0 {
            return;
        }
        let mut total = 0u64;
        let mut active: Vec<&TopicPartition> = Vec::new();
        for c in &self.members {
            if c.status.is_running() {
                active.extend(c.owned.iter());
            }
        }
        active.sort();
        active.dedup();
        for topic in &self.config.topics {
            total += u64::from(logs.n_partitions(topic).unwrap_or(0));
        }
        let active = active
            .iter()
            .filter(|tp| {
                logs.n_partitions(&tp.topic)
                    .is_some_and(|n| tp.partition < n)
            })
            .count() as u64;
        self.metrics.pause_partition_ms += total.saturating_sub(active) * dt;
        for c in &mut self.members {
            if c.status.is_running() {
                c.alive_ms += dt;
                if c.owned.is_empty() && c.status != MemberStatus::Stable {
                    c.stopped_ms += dt;
                }
            }
        }
    }

    fn drain_notes(&mut self, events: &mut Vec<GroupEvent>) {
        for note in self.coordinator.take_notes() {
            let (at_ms, member_id, kind) = match note {
                CoordinatorNote::RebalanceStarted {
                    at_ms,
                    generation,
                    reason,
                    member_id,
                } => {
                    self.last_rebalance_reason = Some(reason);
                    (
                        at_ms,
                        member_id,
                        GroupEventKind::RebalanceStarted { generation, reason },
                    )
                }
                CoordinatorNote::GenerationStarted {
                    at_ms,
                    generation,
                    leader,
                    protocol,
                    members,
                } => (
                    at_ms,
                    leader,
                    GroupEventKind::GenerationStarted {
                        generation,
                        protocol,
                        members: members as u32,
                    },
                ),
                CoordinatorNote::Stabilized { at_ms, generation } => {
                    let moved = self.record_rebalance(at_ms, generation);
                    (
                        at_ms,
                        String::new(),
                        GroupEventKind::RebalanceCompleted { generation, moved },
                    )
                }
                CoordinatorNote::MemberRemoved {
                    at_ms,
                    member_id,
                    reason,
                    ..
                } => {
                    let kind = if reason == RebalanceReason::SessionExpired {
                        GroupEventKind::SessionExpired {
                            member_id: member_id.clone(),
                        }
                    } else {
                        GroupEventKind::MemberRemoved {
                            member_id: member_id.clone(),
                            reason,
                        }
                    };
                    (at_ms, member_id, kind)
                }
                CoordinatorNote::StaticMemberReplaced {
                    at_ms,
                    old_member_id,
                    new_member_id,
                    rebalance,
                    ..
                } => (
                    at_ms,
                    new_member_id.clone(),
                    GroupEventKind::StaticMemberReplaced {
                        old_member_id,
                        new_member_id,
                        rebalance,
                    },
                ),
            };
            let member = self
                .members
                .iter()
                .find(|c| {
                    !member_id.is_empty()
                        && (c.member_id == member_id
                            || member_id.starts_with(&format!("{}-", c.name))
                            || c.instance_id
                                .as_ref()
                                .is_some_and(|inst| member_id.starts_with(&format!("{inst}-"))))
                })
                .map(|c| c.name.clone());
            events.push(GroupEvent {
                at_ms,
                member,
                kind,
            });
        }
    }

    fn record_rebalance(&mut self, at_ms: u64, generation: i32) -> u32 {
        let assignment: Vec<(String, Vec<TopicPartition>)> = self
            .coordinator
            .assignments()
            .into_iter()
            .map(|(id, list)| (self.name_of(&id), list))
            .collect();
        let mut owners: BTreeMap<TopicPartition, String> = BTreeMap::new();
        for (name, list) in &assignment {
            for tp in list {
                owners.insert(tp.clone(), name.clone());
            }
        }
        let moved = self
            .previous_owners
            .iter()
            .filter(|(tp, owner)| owners.get(*tp) != Some(*owner))
            .count() as u32;
        self.previous_owners = owners;
        self.metrics.rebalances_completed += 1;
        if self.rebalances.len() >= limits::REBALANCES_KEPT_MAX {
            self.rebalances.remove(0);
            self.rebalances_truncated = true;
        }
        self.rebalances.push(RebalanceRecord {
            generation,
            at_ms,
            protocol: self.coordinator.protocol(),
            reason: self.last_rebalance_reason,
            moved,
            assignment,
        });
        moved
    }

    fn report_ledger(&mut self, events: &mut Vec<GroupEvent>) {
        let s = self.ledger.summary();
        let (lost, dup, ooo) = self.reported;
        let mut new = Vec::new();
        for x in &s.lost[lost..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::RecordLost {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        for x in &s.duplicates[dup..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::Duplicate {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        for x in &s.out_of_order[ooo..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::OutOfOrder {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        self.reported = (s.lost.len(), s.duplicates.len(), s.out_of_order.len());
        events.extend(new);
    }

    fn handle(&mut self, pending: Pending, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        match pending {
            Pending::AtCoordinator {
                from,
                incarnation,
                request,
            } => self.at_coordinator(from, incarnation, request, events),
            Pending::AtConsumer {
                to,
                incarnation,
                response,
            } => {
                let Some(c) = self.members.get(to) else {
                    return;
                };
                if c.incarnation != incarnation || !c.status.is_running() {
                    return;
                }
                match response {
                    Response::Join(r) => self.on_join_response(to, r, logs, events),
                    Response::Sync(r) => self.on_sync_response(to, r, events),
                    Response::Heartbeat { error, generation } => {
                        self.on_heartbeat_response(to, error, generation, events)
                    }
                    Response::Commit {
                        error,
                        offsets,
                        then,
                        per_record,
                    } => {
                        self.on_commit_response(to, error, offsets, then, per_record, logs, events)
                    }
                }
            }
            Pending::Heartbeat { member, epoch } => self.heartbeat_tick(member, epoch),
            Pending::PollTimer { member, epoch } => self.poll_timer(member, epoch, events),
            Pending::App { member, epoch } => {
                if self
                    .members
                    .get(member)
                    .is_some_and(|c| c.app_epoch == epoch && c.status.is_running())
                {
                    self.app_step(member, logs, events);
                }
            }
            Pending::Worker {
                member,
                worker,
                epoch,
            } => self.worker_done(member, worker, epoch),
        }
    }

    fn at_coordinator(
        &mut self,
        from: usize,
        incarnation: u32,
        request: Request,
        events: &mut Vec<GroupEvent>,
    ) {
        let now = self.now_ms;
        let client = client_id(from, incarnation);
        match request {
            Request::Join(r) => {
                let replies = self.coordinator.join_group(now, r);
                self.route_replies(replies);
            }
            Request::Sync(r) => {
                let replies = self.coordinator.sync_group(now, r);
                self.route_replies(replies);
            }
            Request::Heartbeat(m) => {
                let error = self.coordinator.heartbeat(now, &m);
                self.respond(
                    client,
                    Response::Heartbeat {
                        error,
                        generation: m.generation,
                    },
                );
            }
            Request::Leave(m, reason) => {
                let (_, replies) = self.coordinator.leave_group(
                    now,
                    &m.member_id,
                    m.instance_id.as_deref(),
                    reason,
                );
                self.route_replies(replies);
            }
            Request::Commit {
                member,
                offsets,
                then,
                per_record,
            } => {
                let error = self.coordinator.commit_offsets(now, &member, &offsets);
                if error == ErrorCode::None {
                    let name = self
                        .members
                        .get(from)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    for (tp, o) in &offsets {
                        self.ledger.committed(now, &name, tp, *o);
                    }
                }
                self.respond(
                    client,
                    Response::Commit {
                        error,
                        offsets,
                        then,
                        per_record,
                    },
                );
            }
        }
        self.drain_notes(events);
    }

    fn member_ref(&self, i: usize) -> MemberRef {
        let c = &self.members[i];
        MemberRef {
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            generation: c.generation,
        }
    }

    // ---- the application thread ----

    fn app_step(&mut self, i: usize, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        match self.members[i].app {
            AppState::Idle => self.poll(i, logs, events),
            AppState::Processing => self.process_next(i, events),
            AppState::CommitWait(_) | AppState::Stopped => {}
        }
    }

    fn schedule_app(&mut self, i: usize, at_ms: u64) {
        self.bump_app(i);
        let epoch = self.members[i].app_epoch;
        self.schedule(at_ms, Pending::App { member: i, epoch });
    }

    fn poll(&mut self, i: usize, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        let now = self.now_ms;
        if self.members[i].closing {
            if self.members[i].unprocessed() == 0 {
                self.begin_close(i, events);
            } else {
                self.schedule_app(i, now + POLL_IDLE_MS);
            }
            return;
        }
        // `Heartbeat.poll`: each poll() resets the poll timer.
        {
            let c = &mut self.members[i];
            c.last_poll_ms = now;
            c.poll_timer_epoch += 1;
        }
        let epoch = self.members[i].poll_timer_epoch;
        self.schedule(
            now + u64::from(self.config.max_poll_interval_ms),
            Pending::PollTimer { member: i, epoch },
        );
        if self.members[i].rejoin.is_some()
            && !matches!(
                self.members[i].status,
                MemberStatus::Joining | MemberStatus::AwaitingSync
            )
        {
            self.start_join(i, events);
        }
        if let CommitMode::Auto { interval_ms } = self.config.commit {
            let c = &self.members[i];
            if c.status == MemberStatus::Stable && now >= c.next_auto_commit_ms {
                self.members[i].next_auto_commit_ms = now + u64::from(interval_ms);
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, None, false, events);
            }
        }
        if self.members[i].unprocessed() >= limits::IN_FLIGHT_MAX {
            self.schedule_app(i, now + POLL_IDLE_MS);
            return;
        }
        let batch = match self.fetch(i, logs, events) {
            Ok(batch) => batch,
            Err(e) => {
                events.push(self.event(
                    i,
                    GroupEventKind::Error {
                        message: e.to_string(),
                    },
                ));
                self.members[i].error = Some(e);
                self.stop_member(i, MemberStatus::Failed);
                return;
            }
        };
        if batch.is_empty() {
            self.schedule_app(i, now + POLL_IDLE_MS);
            return;
        }
        self.metrics.polls_with_records += 1;
        events.push(self.event(
            i,
            GroupEventKind::Polled {
                records: batch.len() as u32,
            },
        ));
        let c = &mut self.members[i];
        c.consumed += batch.len() as u64;
        c.in_flight.extend(batch);
        match self.config.processing {
            ProcessingMode::PollLoop => {
                if self.config.commit == CommitMode::BeforeProcessing {
                    let offsets = self.all_consumed(i);
                    self.send_commit(i, offsets, Some(AfterCommit::Process), false, events);
                } else {
                    self.start_processing(i, events);
                }
            }
            ProcessingMode::Workers { .. } => {
                self.dispatch_workers(i);
                match self.config.commit {
                    CommitMode::Auto { .. } => self.schedule_app(i, now),
                    CommitMode::AsyncPerBatch => {
                        let offsets = self.all_consumed(i);
                        self.send_commit(i, offsets, None, false, events);
                        self.schedule_app(i, now);
                    }
                    CommitMode::SyncPerBatch
                    | CommitMode::SyncPerRecord
                    | CommitMode::BeforeProcessing => {
                        let offsets = self.all_consumed(i);
                        self.send_commit(i, offsets, Some(AfterCommit::Poll), false, events);
                    }
                }
            }
        }
    }

    /// `allConsumed()`: the position of every owned partition that has one.
    fn all_consumed(&self, i: usize) -> Vec<(TopicPartition, u64)> {
        let c = &self.members[i];
        c.owned
            .iter()
            .filter_map(|tp| c.positions.get(tp).map(|o| (tp.clone(), *o)))
            .collect()
    }

    /// Sets missing positions (committed offset, else `auto.offset.reset`), then takes up to
    /// `max.poll.records` records below the high watermark, starting at a rotating partition.
    fn fetch(
        &mut self,
        i: usize,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<Vec<InFlight>, ClientError> {
        let owned = self.members[i].owned.clone();
        let reset = self.config.auto_offset_reset;
        for tp in &owned {
            let start = logs.log_start_offset(&tp.topic, tp.partition);
            let hw = logs.high_watermark(&tp.topic, tp.partition);
            let position = self.members[i].positions.get(tp).copied();
            let (offset, how) = match position {
                Some(p) if p >= start && p <= hw => continue,
                Some(p) => match reset {
                    OffsetReset::Earliest => (start, Some(reset)),
                    OffsetReset::Latest => (hw, Some(reset)),
                    OffsetReset::None => {
                        return Err(ClientError::OffsetOutOfRange(format!("Fetch position FetchPosition{{offset={p}}} is out of range for partition {tp}")))
                    }
                },
                None => match self.coordinator.committed_offset(tp) {
                    Some(committed) if committed >= start && committed <= hw => (committed, None),
                    committed => match reset {
                        OffsetReset::Earliest => (start, Some(reset)),
                        OffsetReset::Latest => (hw, Some(reset)),
                        OffsetReset::None if committed.is_none() => {
                            return Err(ClientError::NoOffsetForPartition(format!("Undefined offset with no reset policy for partitions: [{tp}]")))
                        }
                        OffsetReset::None => {
                            return Err(ClientError::OffsetOutOfRange(format!("Fetch position FetchPosition{{offset={}}} is out of range for partition {tp}", committed.unwrap_or(0))))
                        }
                    },
                },
            };
            self.members[i].positions.insert(tp.clone(), offset);
            if how.is_some() {
                events.push(self.event(
                    i,
                    GroupEventKind::OffsetReset {
                        tp: tp.clone(),
                        offset,
                        reset: how,
                    },
                ));
            }
        }
        let mut out = Vec::new();
        if owned.is_empty() {
            return Ok(out);
        }
        let budget = self.config.max_poll_records as usize;
        self.fetch_cursor = self.fetch_cursor.wrapping_add(1);
        for k in 0..owned.len() {
            let tp = &owned[(self.fetch_cursor + k) % owned.len()];
            let hw = logs.high_watermark(&tp.topic, tp.partition);
            let Some(mut position) = self.members[i].positions.get(tp).copied() else {
                continue;
            };
            while position < hw && out.len() < budget {
                let Some(record) = logs.record(&tp.topic, tp.partition, position) else {
                    break;
                };
                self.ledger.consumed(tp, position, record.key.clone());
                out.push(InFlight {
                    tp: tp.clone(),
                    offset: position,
                    key: record.key.clone(),
                    entity: record.entity.clone(),
                    seq: record.seq,
                });
                position += 1;
            }
            self.members[i].positions.insert(tp.clone(), position);
            if out.len() >= budget {
                break;
            }
        }
        Ok(out)
    }

    fn start_processing(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let c = &mut self.members[i];
        if c.in_flight.is_empty() {
            c.app = AppState::Idle;
            self.after_batch(i, events);
            return;
        }
        c.app = AppState::Processing;
        let at = self.now_ms + u64::from(c.processing_ms_per_record);
        self.schedule_app(i, at);
    }

    fn process_next(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let Some(record) = self.members[i].in_flight.pop_front() else {
            self.members[i].app = AppState::Idle;
            self.after_batch(i, events);
            return;
        };
        self.mark_processed(i, &record);
        if self.config.commit == CommitMode::SyncPerRecord {
            let offsets = vec![(record.tp.clone(), record.offset + 1)];
            self.send_commit(i, offsets, Some(AfterCommit::NextRecord), true, events);
            return;
        }
        self.start_processing(i, events);
    }

    fn mark_processed(&mut self, i: usize, r: &InFlight) {
        let now = self.now_ms;
        let c = &mut self.members[i];
        c.processed += 1;
        self.ledger.processed(
            now,
            &c.name,
            &r.tp,
            r.offset,
            r.key.clone(),
            r.entity.as_ref(),
            r.seq,
        );
    }

    /// After the batch (poll-loop mode): the per-batch commit, then the next poll.
    fn after_batch(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        match self.config.commit {
            CommitMode::SyncPerBatch => {
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, Some(AfterCommit::Poll), false, events);
            }
            CommitMode::AsyncPerBatch => {
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, None, false, events);
                self.schedule_app(i, self.now_ms);
            }
            _ => self.schedule_app(i, self.now_ms),
        }
    }

    fn dispatch_workers(&mut self, i: usize) {
        let now = self.now_ms;
        let epoch = self.members[i].app_epoch;
        let ms = u64::from(self.members[i].processing_ms_per_record);
        for w in 0..self.members[i].workers.len() {
            if self.members[i].workers[w].is_some() {
                continue;
            }
            let Some(record) = self.members[i].in_flight.pop_front() else {
                break;
            };
            // Between half and one and a half times the nominal time: same mean, varying order.
            let ms = ms / 2 + self.worker_rng.below(ms + 1);
            self.members[i].workers[w] = Some((record, now + ms));
            self.schedule(
                now + ms,
                Pending::Worker {
                    member: i,
                    worker: w,
                    epoch,
                },
            );
        }
    }

    fn worker_done(&mut self, i: usize, w: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if !c.status.is_running() || w >= c.workers.len() {
            return;
        }
        // Worker completions survive app-thread rescheduling; only a new life cancels them.
        let _ = epoch;
        let Some((record, done_ms)) = self.members[i].workers[w].clone() else {
            return;
        };
        if done_ms != self.now_ms {
            return;
        }
        self.members[i].workers[w] = None;
        self.mark_processed(i, &record);
        self.dispatch_workers(i);
    }

    /// Sends a commit; `then` is where a blocking `commitSync` continues.
    fn send_commit(
        &mut self,
        i: usize,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
        events: &mut Vec<GroupEvent>,
    ) {
        if offsets.is_empty() {
            if let Some(then) = then {
                self.continue_after_commit(i, then, events);
            }
            return;
        }
        let c = &self.members[i];
        if let Some(e) = local_commit_check(c.status, c.generation) {
            // Auto-commit skips quietly while rebalancing; the next poll tries again.
            if then.is_none() && self.config.commit.as_str() == "auto" {
                return;
            }
            self.metrics.commit_failures += 1;
            events.push(self.event(
                i,
                GroupEventKind::CommitFailed {
                    class_name: e.class_name().to_string(),
                    message: e.message().to_string(),
                },
            ));
            if let Some(then) = then {
                self.continue_after_commit(i, then, events);
            }
            return;
        }
        let member = self.member_ref(i);
        self.members[i].commits_in_flight += 1;
        if let Some(then) = then {
            self.members[i].app = AppState::CommitWait(then);
            self.bump_app(i);
        }
        self.send(
            i,
            Request::Commit {
                member,
                offsets,
                then,
                per_record,
            },
        );
    }

    fn continue_after_commit(&mut self, i: usize, then: AfterCommit, events: &mut Vec<GroupEvent>) {
        match then {
            AfterCommit::Poll => {
                self.members[i].app = AppState::Idle;
                self.schedule_app(i, self.now_ms);
            }
            AfterCommit::Process | AfterCommit::NextRecord => self.start_processing(i, events),
            AfterCommit::Close => self.finish_close(i, events),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn on_commit_response(
        &mut self,
        i: usize,
        error: ErrorCode,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        let _ = logs;
        let c = &mut self.members[i];
        c.commits_in_flight = c.commits_in_flight.saturating_sub(1);
        let rebalancing = matches!(c.status, MemberStatus::Joining | MemberStatus::AwaitingSync);
        match commit_error(error, rebalancing) {
            None => {
                self.metrics.commits += 1;
                if !per_record {
                    events.push(self.event(i, GroupEventKind::Committed { offsets }));
                }
            }
            Some((e, reset)) => {
                self.metrics.commit_failures += 1;
                events.push(self.event(
                    i,
                    GroupEventKind::CommitFailed {
                        class_name: e.class_name().to_string(),
                        message: e.message().to_string(),
                    },
                ));
                if matches!(e, ClientError::FencedInstanceId(_)) {
                    self.fail(i, e, events);
                    return;
                }
                if reset {
                    self.members[i].reset_generation(RebalanceReason::Rejoin);
                } else if error == ErrorCode::RebalanceInProgress {
                    self.members[i]
                        .rejoin
                        .get_or_insert(RebalanceReason::Rejoin);
                }
            }
        }
        if let Some(then) = then {
            if self.members[i].app == AppState::CommitWait(then) {
                self.continue_after_commit(i, then, events);
            }
        }
    }

    // ---- joining ----

    fn subscription(&self, i: usize) -> Subscription {
        let c = &self.members[i];
        let cooperative = c.rebalance_protocol() == RebalanceProtocol::Cooperative;
        let (owned, generation) = if cooperative {
            (c.owned.clone(), c.generation)
        } else if c.assignors.contains(&AssignorKind::Sticky) {
            // StickyAssignor's userData: the previous assignment and its generation.
            (c.last_assignment.clone(), c.last_generation)
        } else {
            (Vec::new(), NO_GENERATION)
        };
        Subscription {
            topics: self.config.topics.clone(),
            owned,
            generation,
        }
    }

    /// `onJoinPrepare` and JoinGroup.
    fn start_join(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let reason = self.members[i]
            .rejoin
            .take()
            .unwrap_or(RebalanceReason::Rejoin);
        // Auto-commit before the rebalance, while the generation is still valid.
        if matches!(self.config.commit, CommitMode::Auto { .. })
            && self.members[i].status == MemberStatus::Stable
        {
            let offsets = self.all_consumed(i);
            self.send_commit(i, offsets, None, false, events);
        }
        let c = &self.members[i];
        let lost = c.generation == NO_GENERATION && !c.owned.is_empty();
        let revoked: Vec<TopicPartition> =
            if lost || c.rebalance_protocol() == RebalanceProtocol::Eager {
                c.owned.clone()
            } else {
                c.owned
                    .iter()
                    .filter(|tp| !self.config.topics.contains(&tp.topic))
                    .cloned()
                    .collect()
            };
        if !revoked.is_empty() {
            let c = &mut self.members[i];
            c.owned.retain(|tp| !revoked.contains(tp));
            for tp in &revoked {
                c.positions.remove(tp);
            }
            let kind = if lost {
                GroupEventKind::Lost {
                    partitions: revoked,
                }
            } else {
                GroupEventKind::Revoked {
                    partitions: revoked,
                }
            };
            events.push(self.event(i, kind));
        }
        self.send_join(i, reason, events);
    }

    fn send_join(&mut self, i: usize, reason: RebalanceReason, events: &mut Vec<GroupEvent>) {
        let subscription = self.subscription(i);
        let c = &mut self.members[i];
        c.status = MemberStatus::Joining;
        c.heartbeat_epoch += 1;
        let request = JoinRequest {
            client: client_id(i, c.incarnation),
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            client_id: c.name.clone(),
            session_timeout_ms: self.config.session_timeout_ms,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
            protocols: c.assignors.clone(),
            subscription,
            reason,
        };
        let member_id = c.member_id.clone();
        events.push(self.event(i, GroupEventKind::JoinSent { member_id, reason }));
        self.send(i, Request::Join(request));
    }

    fn on_join_response(
        &mut self,
        i: usize,
        r: JoinResponse,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        if self.members[i].status != MemberStatus::Joining {
            return;
        }
        let leader = r.error == ErrorCode::None && r.leader == r.member_id;
        events.push(self.event(
            i,
            GroupEventKind::JoinResponse {
                error: r.error,
                generation: r.generation,
                member_id: r.member_id.clone(),
                leader,
            },
        ));
        match r.error {
            ErrorCode::None => {}
            ErrorCode::MemberIdRequired => {
                self.members[i].member_id = r.member_id;
                self.send_join(i, RebalanceReason::Join, events);
                return;
            }
            ErrorCode::UnknownMemberId => {
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                self.start_join(i, events);
                return;
            }
            ErrorCode::IllegalGeneration
            | ErrorCode::RebalanceInProgress
            | ErrorCode::CoordinatorNotAvailable => {
                self.send_join(i, RebalanceReason::Rejoin, events);
                return;
            }
            other => {
                let e = fatal_group_error(other).unwrap_or_else(|| {
                    ClientError::Fatal(format!("Unexpected error in join group response: {other}"))
                });
                self.fail(i, e, events);
                return;
            }
        }
        let c = &mut self.members[i];
        c.member_id = r.member_id.clone();
        c.generation = r.generation;
        c.protocol = r.protocol;
        c.status = MemberStatus::AwaitingSync;
        let assignments = match (leader && !r.skip_assignment, r.protocol) {
            (true, Some(protocol)) => {
                let mut counts = BTreeMap::new();
                for m in &r.members {
                    for t in &m.subscription.topics {
                        if let Some(n) = logs.n_partitions(t) {
                            counts.insert(t.clone(), n);
                        }
                    }
                }
                leader_assignment(protocol, &r.members, &counts)
            }
            _ => Vec::new(),
        };
        self.start_heartbeats(i);
        events.push(self.event(
            i,
            GroupEventKind::SyncSent {
                generation: r.generation,
                leader,
            },
        ));
        let c = &self.members[i];
        let request = SyncRequest {
            client: client_id(i, c.incarnation),
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            generation: c.generation,
            assignments,
        };
        self.send(i, Request::Sync(request));
    }

    fn on_sync_response(&mut self, i: usize, r: SyncResponse, events: &mut Vec<GroupEvent>) {
        if self.members[i].status != MemberStatus::AwaitingSync {
            return;
        }
        match r.error {
            ErrorCode::None => {}
            ErrorCode::RebalanceInProgress | ErrorCode::IllegalGeneration => {
                self.send_join(i, RebalanceReason::Rejoin, events);
                return;
            }
            ErrorCode::UnknownMemberId => {
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                self.start_join(i, events);
                return;
            }
            other => {
                let e = fatal_group_error(other).unwrap_or_else(|| {
                    ClientError::Fatal(format!("Unexpected error in sync group response: {other}"))
                });
                self.fail(i, e, events);
                return;
            }
        }
        let interval = match self.config.commit {
            CommitMode::Auto { interval_ms } => u64::from(interval_ms),
            _ => 0,
        };
        let now = self.now_ms;
        let c = &mut self.members[i];
        let (revoked, added) = cooperative_diff(&c.owned, &r.assignment);
        for tp in &revoked {
            c.positions.remove(tp);
        }
        if !revoked.is_empty() {
            c.rejoin = Some(RebalanceReason::CooperativeFollowUp);
        }
        c.owned = r.assignment.clone();
        c.last_assignment = r.assignment;
        c.last_generation = c.generation;
        c.status = MemberStatus::Stable;
        c.next_auto_commit_ms = now + interval;
        let generation = c.generation;
        let follow_up = !revoked.is_empty();
        events.push(self.event(
            i,
            GroupEventKind::Assigned {
                generation,
                added,
                revoked,
            },
        ));
        if follow_up {
            // KIP-429: the revoking member rejoins at once for the second round.
            self.start_join(i, events);
        } else if self.members[i].app == AppState::Idle {
            self.schedule_app(i, now);
        }
    }

    fn start_heartbeats(&mut self, i: usize) {
        let c = &mut self.members[i];
        c.heartbeat_epoch += 1;
        let epoch = c.heartbeat_epoch;
        self.schedule(
            self.now_ms + u64::from(self.config.heartbeat_interval_ms),
            Pending::Heartbeat { member: i, epoch },
        );
    }

    fn heartbeat_tick(&mut self, i: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if c.heartbeat_epoch != epoch
            || !c.status.is_running()
            || c.generation < 0
            || matches!(c.status, MemberStatus::Joining | MemberStatus::Unjoined)
        {
            return;
        }
        let m = self.member_ref(i);
        self.send(i, Request::Heartbeat(m));
        self.schedule(
            self.now_ms + u64::from(self.config.heartbeat_interval_ms),
            Pending::Heartbeat { member: i, epoch },
        );
    }

    fn on_heartbeat_response(
        &mut self,
        i: usize,
        error: ErrorCode,
        generation: i32,
        events: &mut Vec<GroupEvent>,
    ) {
        if self.members[i].generation != generation {
            return;
        }
        match error {
            ErrorCode::None => {}
            ErrorCode::RebalanceInProgress => {
                if self.members[i].status == MemberStatus::Stable {
                    self.members[i]
                        .rejoin
                        .get_or_insert(RebalanceReason::Rejoin);
                }
            }
            ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId => {
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error }));
                let keep_id = error == ErrorCode::IllegalGeneration;
                let id = self.members[i].member_id.clone();
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                if keep_id {
                    self.members[i].member_id = id;
                }
            }
            other => {
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error: other }));
                if let Some(e) = fatal_group_error(other) {
                    self.fail(i, e, events);
                }
            }
        }
    }

    fn poll_timer(&mut self, i: usize, epoch: u64, events: &mut Vec<GroupEvent>) {
        let Some(c) = self.members.get(i) else { return };
        if c.poll_timer_epoch != epoch || !c.status.is_running() || c.generation < 0 || c.closing {
            return;
        }
        // `maybeLeaveGroup("consumer poll timeout has expired.")`.
        let dynamic = !c.is_static();
        if dynamic {
            let m = self.member_ref(i);
            self.send(i, Request::Leave(m, RebalanceReason::PollTimeout));
        }
        events.push(self.event(
            i,
            GroupEventKind::PollTimeoutLeft {
                sent_leave: dynamic,
            },
        ));
        self.members[i].reset_generation(RebalanceReason::PollTimeout);
    }

    // ---- stopping ----

    fn begin_close(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        if matches!(self.config.commit, CommitMode::Auto { .. }) && self.members[i].generation >= 0
        {
            let offsets = self.all_consumed(i);
            let c = &self.members[i];
            if !offsets.is_empty()
                && local_commit_check(MemberStatus::Stable, c.generation).is_none()
            {
                let member = self.member_ref(i);
                self.members[i].commits_in_flight += 1;
                self.members[i].app = AppState::CommitWait(AfterCommit::Close);
                self.send(
                    i,
                    Request::Commit {
                        member,
                        offsets,
                        then: Some(AfterCommit::Close),
                        per_record: false,
                    },
                );
                return;
            }
        }
        self.finish_close(i, events);
    }

    fn finish_close(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let c = &self.members[i];
        if !c.is_static() && !c.member_id.is_empty() && c.generation >= 0 {
            let m = self.member_ref(i);
            self.send(i, Request::Leave(m, RebalanceReason::Leave));
        }
        self.stop_member(i, MemberStatus::Closed);
        events.push(self.event(i, GroupEventKind::Closed));
    }

    fn fail(&mut self, i: usize, e: ClientError, events: &mut Vec<GroupEvent>) {
        events.push(self.event(
            i,
            GroupEventKind::Error {
                message: e.to_string(),
            },
        ));
        self.members[i].error = Some(e);
        self.stop_member(i, MemberStatus::Failed);
    }

    /// The process stops: in-flight work is dropped and nothing it queued will run.
    fn stop_member(&mut self, i: usize, status: MemberStatus) {
        let now = self.now_ms;
        let c = &mut self.members[i];
        c.status = status;
        c.app = AppState::Stopped;
        c.app_epoch += 1;
        c.heartbeat_epoch += 1;
        c.poll_timer_epoch += 1;
        let mut dropped: Vec<InFlight> = c.in_flight.drain(..).collect();
        dropped.extend(
            c.workers
                .iter_mut()
                .filter_map(Option::take)
                .map(|(r, _)| r),
        );
        c.owned.clear();
        c.positions.clear();
        c.generation = NO_GENERATION;
        let name = c.name.clone();
        for r in dropped {
            self.ledger.dropped(now, &name, &r.tp, r.offset);
        }
    }
}
