//! Replication (kafka-semantics.md §6) as pure data and functions, one Kafka class per file:
//! the leader's view of each follower (`follower_state`), the leader-epoch cache
//! (`leader_epoch_cache`), KRaft's leader election (`election`), and one partition's replicated
//! state (`partition_state`) with the acknowledged records it could lose (`acked_records`). The sim (`sim/replicate.rs`) moves fetches and produce requests
//! between brokers in time; everything decided here is a function of the state and `now_ms`.
//!
//! Simplification: AlterPartition is immediate (the controller commits an ISR change at once),
//! so `maximalIsr` is the ISR and there is never a pending ISR change.

mod acked_records;
mod election;
mod follower_state;
mod leader_epoch_cache;
mod partition_state;

pub use acked_records::AckedRecords;
pub use election::{elect_leader, Election};
pub use follower_state::FetchState;
pub use leader_epoch_cache::EpochCache;
pub use partition_state::{
    LostAcked, PartitionReplication, Replica, Truncation, LOST_ACKED_KEPT_MAX,
};
