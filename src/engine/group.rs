//! Consumer groups: members polling the cluster's logs over time, the coordinator that gives
//! them partitions and keeps their offsets, and the ledger of what happened to every record.
//! [`ConsumerGroup`] is what the simulator drives; the rest of this folder serves it.
//!
//! The folder is cut along one seam, so that a second group protocol can sit beside the first
//! without growing any file:
//! - **What every protocol shares** sits at this level and in `client/`: the configuration
//!   (`config.rs`), the cluster as a group reads it (`log_view.rs`), user commands
//!   (`command.rs`), events (`event.rs`), what the page and the report read (`view.rs`), the
//!   group over time on its own queue (`runtime.rs`), Kafka's error codes and the member identity
//!   every request carries (`protocol.rs`), the ledger and its limits (`ledger.rs`, `limits.rs`),
//!   the `__consumer_offsets` partition (`offsets_topic.rs`), and the consumer client's
//!   protocol-free half (`client/`: its state, the poll loop and fetch, processing in the loop or
//!   on workers, the five commit modes, start, close, crash and failure).
//! - **What one protocol adds** sits in its own folder. `classic/` is the classic protocol: the
//!   broker's `GroupCoordinator` (`coordinator.rs`, with `coordinator/rebalance.rs`,
//!   `membership.rs` and `offsets.rs`), its wire messages (`protocol.rs`), the client's rebalance
//!   decisions (`assignment.rs`), the member's JoinGroup, SyncGroup, Heartbeat and poll-timeout
//!   steps (`member.rs`), and the runtime's message exchange with the coordinator
//!   (`exchange.rs`).
//!
//! `consumer/` is KIP-848 (`group.protocol=consumer`: `ConsumerGroupHeartbeat`, member epochs,
//! server-side assignors), held in [`ConsumerGroup`]'s `kip848` beside the classic
//! coordinator; `share/` is KIP-932's share groups (`type: "share"`), held in `share`. Each brings its
//! coordinator, its messages and its member's steps. The shared code calls into a protocol at
//! a few points, where it dispatches on the group's protocol: a request reaching the
//! coordinator and an answer reaching a member (`classic/exchange.rs`, and OffsetCommit's
//! member check there), the coordinator's deadlines and notes (`runtime.rs`), a member
//! (re)joining from `poll()`, its heartbeat and poll timers, its leave on close, and a commit's
//! answer. Shared types that speak the classic protocol's terms, read as their nearest meaning
//! under the consumer protocol: [`CoordinatorView::state`] is a classic [`GroupState`] (with
//! `state_name` in the protocol's own words), a [`Consumer`]'s `generation` holds its member
//! epoch, and [`GroupConfig::assignors`] are client-side assignors (unused there).
//!
//! Code outside this folder uses the re-exports below; only `limits` is a public module, as the
//! engine's own `limits` is, because its numbers are a contract the tests check.

mod classic;
mod client;
mod command;
mod config;
mod consumer;
mod error;
mod event;
mod ledger;
pub mod limits;
mod log_needs;
mod log_view;
mod offsets_topic;
mod protocol;
mod runtime;
mod share;
mod view;

pub use classic::{
    GroupCoordinator, GroupState, JoinRequest, JoinResponse, RebalanceProtocol, Reply,
    Subscription, SyncRequest, SyncResponse,
};
pub use client::MemberStatus;
pub use command::GroupCommand;
pub use config::{
    AssignorKind, CommitMode, GroupConfig, GroupProtocol, GroupType, MemberConfig, OffsetReset,
    ProcessingMode, RemoteAssignor, CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT,
    CONSUMER_SESSION_TIMEOUT_MS_DEFAULT,
};
pub use consumer::{
    ClientState, ConsumerCoordinator, ConsumerGroupMember, ConsumerGroupState, EpochBump,
    HeartbeatRequest, HeartbeatResponse, MemberState, LEAVE_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID_MESSAGE,
};
pub use error::GroupCommandError;
pub use event::{GroupEvent, GroupEventKind};
pub use ledger::{LedgerCounts, LedgerSummary};
pub use log_view::LogView;
pub use offsets_topic::{partition_for_group, OFFSETS_TOPIC_PARTITIONS};
pub use protocol::{ClientId, ErrorCode, MemberRef, RebalanceReason, NO_GENERATION};
pub use runtime::ConsumerGroup;
pub use share::{
    AckType, AcknowledgementMode, InFlightRecord, InFlightRecordView, InFlightStateView,
    PoisonAction, RecordState, ShareConfig, ShareCoordinator, ShareCounts, ShareGroupMember,
    ShareGroupView, ShareMemberView, SharePartition, SharePartitionView,
    DELIVERY_COUNT_LIMIT_DEFAULT, PARTITION_MAX_RECORD_LOCKS_DEFAULT,
    RECORD_LOCK_DURATION_MS_DEFAULT, SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT,
    SHARE_SESSION_TIMEOUT_MS_DEFAULT,
};
pub use view::{
    CoordinatorView, GroupMetrics, MemberPhase, MemberView, PartitionView, RebalanceRecord,
};
