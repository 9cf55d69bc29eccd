//! The classic group protocol (`group.protocol=classic`, kafka-semantics.md §3–§5): JoinGroup,
//! SyncGroup, Heartbeat and LeaveGroup, generations, a leader that runs the client-side assignor,
//! EAGER and COOPERATIVE (KIP-429) rebalancing, and static membership (KIP-345). The broker's
//! side is [`GroupCoordinator`]; the member's side is a set of steps of the group's runtime. The
//! seam a second protocol goes beside is described in `group.rs`.

mod assignment;
mod coordinator;
mod exchange;
mod member;
mod protocol;

pub(super) use assignment::rebalance_protocol;
pub use assignment::RebalanceProtocol;
pub use coordinator::{CoordinatorNote, GroupCoordinator, GroupState};
pub(super) use exchange::{Request, Response};
pub use protocol::{JoinRequest, JoinResponse, Reply, Subscription, SyncRequest, SyncResponse};
