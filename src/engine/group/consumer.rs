//! The consumer rebalance protocol (KIP-848, `group.protocol=consumer`, generally available
//! since Kafka 4.0): members send `ConsumerGroupHeartbeat` with their subscription and owned
//! partitions and get their assignment back; the coordinator keeps a group epoch, computes the
//! target assignment with a server-side assignor (`group.remote.assignor`), and moves each
//! member towards it on its own, revoking before assigning, with member epochs instead of a
//! join barrier: the others keep consuming. The broker's side is [`ConsumerCoordinator`]
//! (`coordinator.rs`, with `member.rs`, `reconciliation.rs` and `target.rs`); the member's side
//! is `membership.rs` and `client.rs`; `exchange.rs` links them through the group's runtime.
//!
//! Simplifications (said again where they matter):
//! - every heartbeat carries the full subscription and owned partitions, and every answer the
//!   full assignment (Kafka sends them only when they changed);
//! - the broker's bounds on `group.consumer.session.timeout.ms` and
//!   `group.consumer.heartbeat.interval.ms` (45–60 s and 5–15 s by default) are taken as set
//!   to the playground's own limits, so lessons can run shorter sessions;
//! - reconciliation runs at the member's next `poll()` and its auto-commit before revocation is
//!   sent just before the revocation rather than awaited, as the classic side does;
//! - a failed auto-commit with STALE_MEMBER_EPOCH is not retried with the newer epoch;
//! - the assignor's member map is taken as a fresh `HashMap` filled in join order (its
//!   iteration order is emulated, `target.rs`); regular-expression subscriptions, racks and the
//!   classic-protocol members a consumer group accepts are not modelled.

mod client;
mod coordinator;
mod exchange;
mod heartbeat;
mod member;
mod membership;
mod reconciliation;
mod target;

pub(super) use client::commit_error;
pub use client::UNRELEASED_INSTANCE_ID_MESSAGE;
pub use coordinator::{ConsumerCoordinator, ConsumerGroupState, EpochBump};
pub(super) use exchange::{Kip848, Message};
pub use heartbeat::{HeartbeatRequest, HeartbeatResponse};
pub use member::{
    ConsumerGroupMember, MemberState, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
pub use membership::ClientState;
