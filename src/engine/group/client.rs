//! The consumer client's half that every group protocol shares (`KafkaConsumer` around its
//! coordinator): a member's state, the poll loop and fetch, processing in the loop or on worker
//! threads, the five commit modes and what a failed commit becomes, and a member's start, close,
//! crash and failure. The protocol's half (joining, heartbeats, the leader's assignment) sits in
//! the protocol's folder, `classic/member.rs` for the classic protocol.

mod commit;
mod error;
mod lifecycle;
mod poll;
mod processing;
mod state;

pub(super) use commit::local_commit_check;
pub(super) use error::fenced_message;
pub use error::ClientError;
pub use state::{AfterCommit, AppState, Consumer, InFlight, MemberStatus, PositionEpochs};
