//! Share groups (KIP-932, "Queues for Kafka", production-ready in Kafka 4.2): members of a share
//! group consume the same partitions cooperatively. The broker acquires records for a member
//! under a time-limited lock (`group.share.record.lock.duration.ms`), the member acknowledges
//! each one (accept, release, reject), delivery attempts are counted
//! (`group.share.delivery.count.limit`) and exhausted records are archived; the share-partition
//! start and end offsets bound what is in flight (`group.share.partition.max.record.locks`).
//! More members than partitions all do work, and per-key order is not kept.
//!
//! A [`ConsumerGroup`](super::ConsumerGroup) holds it in `share` (`None` for a consumer
//! group). The broker's side: `coordinator.rs` (`ShareGroupHeartbeat`, epochs, sessions),
//! `assignor.rs` (`SimpleAssignor`), `partition.rs` (`SharePartition`). The member's side:
//! `client.rs` (`KafkaShareConsumer`: poll, acknowledge, close). `exchange.rs` carries the
//! heartbeats and runs the coordinator's and the locks' deadlines. `config.rs` holds the
//! settings, `view.rs` what the stage and the report read.
//!
//! Followed: Kafka trunk of October 2024 (`SharePartition`, `SimpleAssignor`,
//! `GroupMetadataManager.shareGroupHeartbeat`, `ShareConsumerImpl`), the newest reachable;
//! `share.acknowledgement.mode` is named as Kafka 4.1 spells it.
//!
//! Simplifications (said again where they matter):
//! - ShareFetch and ShareAcknowledge are answered at once, like the consumer's fetches, and
//!   acknowledgements travel with the next `poll()` (or the close);
//! - a share consumer processes in its poll loop (no worker threads), has no static
//!   membership, no `max.poll.interval.ms` timer and commits no offsets;
//! - the record state is kept per offset and not persisted (no share coordinator);
//! - `share.auto.offset.reset` is the group's `auto_offset_reset` (`none` reads as `latest`);
//! - a leader change that truncates the log is not reflected in the share partitions.

mod assignor;
mod client;
mod config;
mod coordinator;
mod exchange;
mod invariants;
mod partition;
mod view;

pub use config::{
    AcknowledgementMode, PoisonAction, ShareConfig, DELIVERY_COUNT_LIMIT_DEFAULT,
    PARTITION_MAX_RECORD_LOCKS_DEFAULT, RECORD_LOCK_DURATION_MS_DEFAULT,
    SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT, SHARE_SESSION_TIMEOUT_MS_DEFAULT,
};
pub use coordinator::{ShareCoordinator, ShareGroupMember};
pub(super) use exchange::{ShareMessage, ShareState};
pub use partition::{AckType, InFlightRecord, RecordState, ShareCounts, SharePartition};
pub use view::{
    InFlightRecordView, InFlightStateView, ShareGroupView, ShareMemberView, SharePartitionView,
};
