//! A member's side of KIP-848 as the client keeps it (`AbstractMembershipManager` and
//! `ConsumerMembershipManager`'s `MemberState`): where it is between joining and leaving, the
//! heartbeat it waits an answer for, the interval the coordinator asked for, and the
//! assignment it has received but not reconciled yet.

use crate::engine::assignor::TopicPartition;

/// The client's membership state (`org.apache.kafka.clients.consumer.internals.MemberState`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClientState {
    /// Not in the group (before the first poll, or closed).
    #[default]
    Unsubscribed,
    /// Its epoch-0 heartbeat is out.
    Joining,
    /// It received an assignment it has not applied yet (at its next `poll()`).
    Reconciling,
    /// It applied an assignment and its heartbeat saying so is out.
    Acknowledging,
    /// It owns what it was last given.
    Stable,
    /// It learnt it was fenced; it gives up its partitions and rejoins.
    Fenced,
    /// It left on `max.poll.interval.ms`; it rejoins at its next `poll()`.
    Stale,
}

impl ClientState {
    /// Kafka's name for the state.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientState::Unsubscribed => "UNSUBSCRIBED",
            ClientState::Joining => "JOINING",
            ClientState::Reconciling => "RECONCILING",
            ClientState::Acknowledging => "ACKNOWLEDGING",
            ClientState::Stable => "STABLE",
            ClientState::Fenced => "FENCED",
            ClientState::Stale => "STALE",
        }
    }
}

/// One member's membership.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Membership {
    /// Where it is.
    pub state: ClientState,
    /// The correlation id of the heartbeat it waits an answer for.
    pub in_flight: Option<u64>,
    /// `heartbeatIntervalMs` from the last answer (0 before the first).
    pub heartbeat_interval_ms: u32,
    /// An assignment received and not reconciled yet (`currentTargetAssignment`).
    pub pending_assignment: Option<Vec<TopicPartition>>,
    /// The owned partitions the last heartbeat carried (`sentFields.localAssignment`): a
    /// heartbeat carries them again only when they changed. Were they always sent, a heartbeat
    /// sent before an assignment is applied would tell the coordinator a partition about to
    /// be owned need not be revoked.
    pub sent_owned: Option<Vec<TopicPartition>>,
}
