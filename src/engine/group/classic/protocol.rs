//! The classic protocol's own messages: JoinGroup and SyncGroup with their answers, the
//! subscription a member sends its leader, and the deferred answers the coordinator addresses to
//! a connection. What every protocol shares (error codes, the member identity) is in the group's
//! `protocol.rs`.

use crate::engine::assignor::TopicPartition;
use crate::engine::group::config::AssignorKind;
use crate::engine::group::protocol::{ClientId, ErrorCode, RebalanceReason, NO_GENERATION};

/// What a member tells the leader about itself (the consumer protocol's Subscription).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Subscription {
    /// Subscribed topics.
    pub topics: Vec<String>,
    /// Partitions it owns now (cooperative keeps them through the rebalance; eager sends none).
    pub owned: Vec<TopicPartition>,
    /// The generation in which it got them (`NO_GENERATION` when none).
    pub generation: i32,
}

/// JoinGroup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinRequest {
    /// The connection sending it.
    pub client: ClientId,
    /// Empty on the first join.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// `client.id`, the prefix of a dynamic member id.
    pub client_id: String,
    /// `session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `max.poll.interval.ms`, sent as the rebalance timeout.
    pub rebalance_timeout_ms: u32,
    /// `partition.assignment.strategy`, in preference order.
    pub protocols: Vec<AssignorKind>,
    /// The member's subscription.
    pub subscription: Subscription,
    /// Why the member (re)joins.
    pub reason: RebalanceReason,
}

/// One member as the leader's JoinGroup response lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinedMember {
    /// Member id.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Its subscription.
    pub subscription: Subscription,
}

/// JoinGroup's response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinResponse {
    /// The error, or `None`.
    pub error: ErrorCode,
    /// The generation joined (`NO_GENERATION` on error).
    pub generation: i32,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// The leader's member id.
    pub leader: String,
    /// The member's id (the one to use from now on, or the one to rejoin with).
    pub member_id: String,
    /// Every member with its subscription, for the leader only.
    pub members: Vec<JoinedMember>,
    /// A static leader replaced while Stable must not run the assignor (JoinGroup v9+).
    pub skip_assignment: bool,
}

impl JoinResponse {
    pub(super) fn error(error: ErrorCode, member_id: &str) -> Self {
        JoinResponse {
            error,
            generation: NO_GENERATION,
            protocol: None,
            leader: String::new(),
            member_id: member_id.to_string(),
            members: Vec::new(),
            skip_assignment: false,
        }
    }
}

/// SyncGroup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncRequest {
    /// The connection sending it.
    pub client: ClientId,
    /// Member id.
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// The generation the member joined.
    pub generation: i32,
    /// The leader's assignment (empty from followers).
    pub assignments: Vec<(String, Vec<TopicPartition>)>,
}

/// SyncGroup's response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncResponse {
    /// The error, or `None`.
    pub error: ErrorCode,
    /// The member's partitions.
    pub assignment: Vec<TopicPartition>,
}

/// A deferred answer, addressed to a connection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply {
    /// The answer to a JoinGroup.
    Join(ClientId, JoinResponse),
    /// The answer to a SyncGroup.
    Sync(ClientId, SyncResponse),
}
