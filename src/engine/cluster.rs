//! The brokers' side of a run: where a topic's partition replicas live, the partition logs,
//! and replication between the replicas, each as Kafka's brokers and controller decide it.
//!
//! - `topic`: records and partition logs (only the newest records kept, offsets keep counting);
//! - `placement`: KRaft's `StripedReplicaPlacer` and the rack-unaware `AdminUtils`;
//! - `replication`: follower state, the leader-epoch cache, leader election and one
//!   partition's replicated state;
//! - `load`: per-partition append rates over a sliding second, and skew.
//!
//! Time does not pass here: the sim (`sim.rs`, `sim/replicate.rs`) schedules fetches, produce
//! requests and faults on its queue and calls these rules.

mod load;
mod log_segments;
mod placement;
mod replication;
mod topic;

pub use load::{BusiestInSecond, LoadMeter, PartitionLoad, TopicLoad};
pub use log_segments::{DeletionReason, PartitionSegments, RetentionConfig};
pub use placement::{assign_replicas, place_striped, Placement};
pub use replication::{
    elect_leader, Election, EpochCache, FetchState, LostAcked, PartitionReplication, Replica,
    Truncation, LOST_ACKED_KEPT_MAX,
};
pub use topic::{
    Origin, PartitionLog, Record, Routing, SharedRecord, StoredRecord, Topic, ValueLabel,
};
