//! What every group protocol's requests and answers share: Kafka's error codes (`Errors`), why a
//! member (re)joins or a rebalance starts (KIP-800's reasons), the member identity that
//! OffsetCommit, Heartbeat and LeaveGroup carry, and the connection a deferred answer goes back
//! to. Each protocol's own messages sit in its folder (`classic/protocol.rs`).

/// A client connection: the coordinator answers deferred requests to the connection that sent
/// them, which is how a restarted process stops receiving its previous life's answers.
pub type ClientId = u64;

/// The generation of a member that has none (`DEFAULT_GENERATION`/`NO_GENERATION`).
pub const NO_GENERATION: i32 = -1;

/// The error codes the group APIs answer with (`Errors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ErrorCode {
    /// Success.
    None,
    /// A dynamic member must rejoin with the member id it was given.
    MemberIdRequired,
    /// The member id is not in the group.
    UnknownMemberId,
    /// Another process took over this `group.instance.id`.
    FencedInstanceId,
    /// The generation is not the group's.
    IllegalGeneration,
    /// The group is rebalancing; rejoin.
    RebalanceInProgress,
    /// The session timeout is outside the broker's bounds.
    InvalidSessionTimeout,
    /// The coordinator cannot serve the group.
    CoordinatorNotAvailable,
    /// The member's protocols share nothing with the group's.
    InconsistentGroupProtocol,
    /// The group already has the maximum number of members.
    GroupMaxSizeReached,
    /// KIP-848: the member epoch is not the coordinator's; the member must give up its
    /// partitions and rejoin.
    FencedMemberEpoch,
    /// KIP-848: an offset commit carried an older member epoch than the member's.
    StaleMemberEpoch,
    /// KIP-848: a static member's `group.instance.id` is still held by a member that has not
    /// left.
    UnreleasedInstanceId,
}

impl ErrorCode {
    /// Kafka's name for the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::None => "NONE",
            ErrorCode::MemberIdRequired => "MEMBER_ID_REQUIRED",
            ErrorCode::UnknownMemberId => "UNKNOWN_MEMBER_ID",
            ErrorCode::FencedInstanceId => "FENCED_INSTANCE_ID",
            ErrorCode::IllegalGeneration => "ILLEGAL_GENERATION",
            ErrorCode::RebalanceInProgress => "REBALANCE_IN_PROGRESS",
            ErrorCode::InvalidSessionTimeout => "INVALID_SESSION_TIMEOUT",
            ErrorCode::CoordinatorNotAvailable => "COORDINATOR_NOT_AVAILABLE",
            ErrorCode::InconsistentGroupProtocol => "INCONSISTENT_GROUP_PROTOCOL",
            ErrorCode::GroupMaxSizeReached => "GROUP_MAX_SIZE_REACHED",
            ErrorCode::FencedMemberEpoch => "FENCED_MEMBER_EPOCH",
            ErrorCode::StaleMemberEpoch => "STALE_MEMBER_EPOCH",
            ErrorCode::UnreleasedInstanceId => "UNRELEASED_INSTANCE_ID",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a rebalance started (JoinGroup and LeaveGroup carry a reason since KIP-800).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RebalanceReason {
    /// A new member joined.
    Join,
    /// A known member rejoined with changed metadata, or the leader rejoined.
    Rejoin,
    /// A member sent LeaveGroup (closed).
    Leave,
    /// A member's session expired.
    SessionExpired,
    /// A member left because its poll interval expired.
    PollTimeout,
    /// The leader saw the partition count of a subscribed topic change.
    MetadataChange,
    /// A member's assignors changed.
    SubscriptionChange,
    /// The cooperative protocol's follow-up round, after partitions were revoked.
    CooperativeFollowUp,
    /// A member did not send SyncGroup within the rebalance timeout.
    SyncExpired,
    /// A static member came back with a different protocol, or during CompletingRebalance.
    StaticReplacement,
}

impl RebalanceReason {
    /// A short word for the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            RebalanceReason::Join => "join",
            RebalanceReason::Rejoin => "rejoin",
            RebalanceReason::Leave => "leave",
            RebalanceReason::SessionExpired => "session-expired",
            RebalanceReason::PollTimeout => "poll-timeout",
            RebalanceReason::MetadataChange => "metadata-change",
            RebalanceReason::SubscriptionChange => "subscription-change",
            RebalanceReason::CooperativeFollowUp => "cooperative-follow-up",
            RebalanceReason::SyncExpired => "sync-expired",
            RebalanceReason::StaticReplacement => "static-replacement",
        }
    }
}

/// The identity fields Heartbeat, LeaveGroup and OffsetCommit carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRef {
    /// Member id (empty for a non-member).
    pub member_id: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Generation (`NO_GENERATION` for a non-member).
    pub generation: i32,
}
