//! The simulation engine: pure, deterministic Rust with no web APIs, no wall clock and no
//! unseeded randomness. Time is logical (ms), collections are ordered, arithmetic that must
//! match across native and wasm is integer. The page and the CLI both drive this same code.
//!
//! # Using it
//!
//! Build a [`Sim`] from a [`SimConfig`], drive it with [`Sim::advance_to`], [`Sim::step`] and
//! [`Sim::apply`] (a [`Command`]), and read it back: [`Sim::topics`] (each a [`TopicRun`]),
//! [`Sim::producers`] (each a [`ProducerRun`]), [`Sim::groups`], [`Sim::event_log`] (an
//! [`EventLog`] of [`Event`]s), [`Sim::totals`]. What the session, scenario, CLI and UI use is
//! re-exported here, at the root; the modules behind it are the engine's own.
//!
//! # Map
//!
//! Folders, each file in them one concept:
//! - `java/`: Java's and Kafka's arithmetic, bit for bit: murmur2, `java.util.Random`, `String`
//!   order, `HashMap` iteration order.
//! - `producer/`: the Kafka producer client: `doSend`, the accumulator, record sizes, the
//!   partitioners, and the key sources a scenario draws keys from.
//! - `assignor/`: the consumer assignors: range, round robin, sticky and cooperative-sticky, and
//!   (`assignor/server/`) Kafka 4.0's server-side uniform and range.
//! - `cluster/`: topics and their partition logs, replica placement, and replication's rules
//!   (fetch state, HW, ISR, leader epochs, elections) as pure data and functions.
//! - `group/`: consumer groups: the protocol types, the broker's coordinator, the consumer
//!   client, membership, poll, commit, the ledger, views, the offsets topic.
//! - `sim/`: the run itself: its state and dispatch (`sim.rs`), then one file per concern:
//!   producers, topics, the ordering audit, topic growth, brokers, follower fetches, the produce
//!   path, elections, the event log, totals.
//!
//! Files:
//! - `config`: what a run starts from (`config/` holds its parts), validated with the messages
//!   users see.
//! - `command`: what a user can ask the engine to do, stamped with a sim time, and why it may
//!   be refused (`CommandError`).
//! - `error`: `FieldPath`, the typed path to a refused setting; formats map it to their own
//!   spelling, so nothing parses an error message.
//! - `event`: what happened, one value per happening: the event log, the trace and the hash.
//! - `trace`: the one hash (FNV-1a), over events and for lookup maps.
//! - `invariants`: the checkers tests run after every step.
//! - `metrics`: every derived figure (unavailable time, under-replicated and offline partitions,
//!   truncated records, processed share, …), read by the report, the lessons and the page.
//! - `limits`: every size the engine accepts. Public as a module, since the page, the CLI and
//!   the codec name its constants (`limits::PARTITIONS_MAX`) to refuse the same inputs.
//! - `work`: the simulated work a run asks for, counted before it runs, which
//!   `limits::SIMULATED_WORK_MAX` bounds.
//! - `rng`: the seeded SplitMix64, the engine's only randomness.
//! - `queue`: the generic `(time, seq)` event queue the sim and each group run on.
//! - `interner`: dense ids for the strings a run meets, so bookkeeping is a vector index.

pub(crate) mod assignor;
pub(crate) mod btree_collect;
pub(crate) mod cluster;
pub(crate) mod command;
pub(crate) mod config;
pub(crate) mod error;
pub(crate) mod event;
pub(crate) mod group;
pub(crate) mod interner;
pub(crate) mod invariants;
pub(crate) mod java;
pub mod limits;
pub(crate) mod metrics;
pub(crate) mod producer;
pub(crate) mod queue;
pub(crate) mod rng;
pub(crate) mod sim;
pub(crate) mod stable_sort;
pub(crate) mod trace;
pub(crate) mod work;

// The producer client and its partitioners (the stage asks the client what comes next).
pub use producer::{
    ClientConfig, NextKeyless, OrderKeyBy, PartitionerKind, ProducerClient, RandomSource,
    SendOutcome, Waiting,
};
// Java's and Kafka's arithmetic, bit for bit (the CLI's `partition`, the key inspector).
pub use java::{
    explain_key, java_string_cmp, murmur2, partition_for_key, to_positive, KeyHash, MockRandom,
};
// The consumer assignors (the CLI's `assign`, the assignor preview, Kafka's vectors).
pub use assignor::{
    cooperative_sticky, range, round_robin, sticky, Member, StickyMember, StickyResult,
    TopicPartition,
};
// Kafka 4.0's server-side (KIP-848) assignors, for the consumer protocol and the CLI.
pub use assignor::server as server_assignors;
// The cluster: partition logs, replica placement, and replication's rules as pure functions.
pub use cluster::{
    elect_leader, BusiestInSecond, Election, EpochCache, FetchState, Origin, PartitionLoad,
    PartitionLog, PartitionReplication, Placement, Record, Replica, Routing, SharedRecord,
    StoredRecord, Topic, Truncation, ValueLabel,
};
pub use cluster::{DeletionReason, PartitionSegments, RetentionConfig};
// Consumer groups: the run's groups, their settings and views, and the classic protocol's
// requests and coordinator (driven directly by the protocol tests).
pub use command::{Command, CommandError};
pub use config::{
    Acks, ConfigError, KeySource, LimitError, ProducerConfig, SimConfig, TopicConfig, TopicRef,
};
pub use error::{FieldPath, Part};
pub use event::Event;
pub use group::limits as group_limits;
// The consumer protocol (KIP-848): its coordinator and states, read by views and tests.
pub use group::{
    partition_for_group, AssignorKind, ClientId, CommitMode, ConsumerGroup, CoordinatorView,
    ErrorCode, GroupCommand, GroupConfig, GroupCoordinator, GroupEvent, GroupEventKind,
    GroupMetrics, GroupProtocol, GroupState, JoinRequest, JoinResponse, LedgerCounts,
    LedgerSummary, LogView, MemberConfig, MemberPhase, MemberRef, MemberStatus, MemberView,
    OffsetReset, PartitionView, ProcessingMode, RebalanceProtocol, RebalanceReason,
    RebalanceRecord, RemoteAssignor, Reply, Subscription, SyncRequest, SyncResponse,
    CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT, CONSUMER_SESSION_TIMEOUT_MS_DEFAULT, NO_GENERATION,
    OFFSETS_TOPIC_PARTITIONS,
};
pub use group::{
    ClientState, ConsumerCoordinator, ConsumerGroupMember, ConsumerGroupState, EpochBump,
    HeartbeatRequest, HeartbeatResponse, MemberState, LEAVE_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID_MESSAGE,
};
// Share groups (KIP-932): their settings, share partitions and the stage's view of them.
pub use group::{
    AckType, AcknowledgementMode, GroupType, InFlightRecord, InFlightRecordView, InFlightStateView,
    PoisonAction, RecordState, ShareConfig, ShareCoordinator, ShareCounts, ShareGroupMember,
    ShareGroupView, ShareMemberView, SharePartition, SharePartitionView,
    DELIVERY_COUNT_LIMIT_DEFAULT, PARTITION_MAX_RECORD_LOCKS_DEFAULT,
    RECORD_LOCK_DURATION_MS_DEFAULT, SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT,
    SHARE_SESSION_TIMEOUT_MS_DEFAULT,
};
pub use invariants::{
    check_consumer_protocol_ownership, check_invariants, check_share_group, Violation,
};
pub use metrics::ReplicationFigures;
pub use producer::{ProduceError, SendFailure};
pub use rng::Rng;
pub use sim::{
    BrokerState, BrokerStatus, EventLog, KeyStats, OrderAudit, ProducerLedger, ProducerRun, Resize,
    Sim, Split, TopicLogs, TopicRun, Totals,
};
pub use work::{simulated_work, SimulatedWork, WorkKind, WorkShare};

/// The partition of a UTF-8 string key among `n_partitions`, as Kafka's producer computes it.
pub fn partition_for_key_str(key: &str, n_partitions: u32) -> u32 {
    java::partition_for_key(key.as_bytes(), n_partitions)
}

/// Where a round-robin counter value points among `n_partitions` (`toPositive(v) % n`).
pub fn to_positive_partition(counter: i32, n_partitions: u32) -> u32 {
    java::to_positive(counter) as u32 % n_partitions.max(1)
}
