//! What a consumer group reports as it runs: one [`GroupEvent`] per happening, in Kafka's terms
//! (JoinGroup sent, partitions revoked, a commit failed with the exception's name, a record
//! lost), for the event log, the live narration and the trace. The ledger's flags become events
//! here too.

use super::config::{AssignorKind, OffsetReset, RemoteAssignor};
use super::consumer::EpochBump;
use super::protocol::{ErrorCode, RebalanceReason};
use super::runtime::ConsumerGroup;
use crate::engine::assignor::TopicPartition;

/// Something that happened in the group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupEvent {
    /// When, in ms.
    pub at_ms: u64,
    /// The member it concerns (by name), if one.
    pub member: Option<String>,
    /// What happened.
    pub kind: GroupEventKind,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GroupEventKind {
    /// A member process started (added or restarted).
    Started,
    /// JoinGroup sent.
    JoinSent {
        member_id: String,
        reason: RebalanceReason,
    },
    /// JoinGroup answered.
    JoinResponse {
        error: ErrorCode,
        generation: i32,
        member_id: String,
        leader: bool,
    },
    /// SyncGroup sent (by the leader, with the assignment it computed).
    SyncSent { generation: i32, leader: bool },
    /// The assignment arrived (`onJoinComplete`): what was added and, cooperatively, revoked.
    Assigned {
        generation: i32,
        added: Vec<TopicPartition>,
        revoked: Vec<TopicPartition>,
    },
    /// `onPartitionsRevoked` before a join (eager revokes everything it owns).
    Revoked { partitions: Vec<TopicPartition> },
    /// `onPartitionsLost`: the member learned it was no longer in the group.
    Lost { partitions: Vec<TopicPartition> },
    /// The coordinator started a rebalance.
    RebalanceStarted {
        generation: i32,
        reason: RebalanceReason,
    },
    /// The join phase ended: a new generation.
    GenerationStarted {
        generation: i32,
        protocol: Option<AssignorKind>,
        members: u32,
    },
    /// The leader's assignment reached the coordinator: the group is Stable.
    RebalanceCompleted { generation: i32, moved: u32 },
    /// The coordinator removed a member (not by session expiry).
    MemberRemoved {
        member_id: String,
        reason: RebalanceReason,
    },
    /// A static member's new process took over its instance id.
    StaticMemberReplaced {
        old_member_id: String,
        new_member_id: String,
        rebalance: bool,
    },
    /// A heartbeat came back with an error.
    HeartbeatFailed { error: ErrorCode },
    /// The coordinator expired the member's session.
    SessionExpired { member_id: String },
    /// `max.poll.interval.ms` passed without a poll: the member left (dynamic) or only forgot
    /// its generation (static).
    PollTimeoutLeft { sent_leave: bool },
    /// Offsets committed.
    Committed { offsets: Vec<(TopicPartition, u64)> },
    /// A commit failed: the exception the application sees.
    CommitFailed { class_name: String, message: String },
    /// A position was set by `auto.offset.reset` (or from the committed offset).
    OffsetReset {
        tp: TopicPartition,
        offset: u64,
        reset: Option<OffsetReset>,
    },
    /// KIP-320: validating the position against the new leader found the log diverged
    /// (`SubscriptionState.maybeCompleteValidation`): the consumer seeks to the first divergent
    /// offset (`to`), or resets by `auto.offset.reset` when the leader knows no end offset for
    /// the position's epoch (`reset`).
    TruncationDetected {
        tp: TopicPartition,
        from: u64,
        to: u64,
        reset: Option<OffsetReset>,
    },
    /// The position (or the committed offset it starts from) is below the log start: the fetch
    /// answers OFFSET_OUT_OF_RANGE and the member resets by `auto.offset.reset`; the records
    /// in between were never read by it. `by_retention` is false where the start is the
    /// playground's memory bound rather than Kafka's retention.
    FellBehindLogStart {
        tp: TopicPartition,
        position: u64,
        log_start: u64,
        by_retention: bool,
    },
    /// The member stopped on an exception.
    Error { message: String },
    /// `poll()` returned records.
    Polled { records: u32 },
    /// The member closed.
    Closed,
    /// The member crashed.
    Crashed,
    /// The ledger flagged a lost record (only the first few are reported as events).
    RecordLost { tp: TopicPartition, offset: u64 },
    /// A record was processed again.
    Duplicate { tp: TopicPartition, offset: u64 },
    /// A record was processed after a later one of its entity.
    OutOfOrder { tp: TopicPartition, offset: u64 },
    /// KIP-848: a `ConsumerGroupHeartbeat` that joins (epoch 0), leaves (-1, or -2 for a
    /// static member) or acknowledges a reconciliation (the periodic ones are not reported).
    ConsumerHeartbeatSent {
        member_id: String,
        member_epoch: i32,
        owned: Vec<TopicPartition>,
    },
    /// KIP-848: the member applied the assignment of `member_epoch` in `poll()`: revoked first
    /// (after an auto-commit), then assigned.
    Reconciled {
        member_epoch: i32,
        added: Vec<TopicPartition>,
        revoked: Vec<TopicPartition>,
    },
    /// KIP-848: the coordinator bumped the group epoch.
    GroupEpochBumped { group_epoch: i32, reason: EpochBump },
    /// KIP-848: the server-side assignor computed a new target assignment.
    TargetAssignmentComputed {
        target_epoch: i32,
        assignor: RemoteAssignor,
        members: u32,
    },
    /// KIP-848: every member owns its target assignment: the group is Stable.
    ConsumerGroupStable { target_epoch: i32, moved: u32 },
    /// KIP-848: the coordinator removed a member that left (epoch -1) or did not revoke within
    /// its rebalance timeout.
    MemberFenced {
        member_id: String,
        reason: EpochBump,
    },
    /// KIP-848: a static member left with epoch -2; it keeps its partitions until its session
    /// expires or its instance id rejoins.
    StaticMemberLeft { member_id: String },
    /// KIP-932: a `ShareGroupHeartbeat` that joins (epoch 0) or leaves (-1).
    ShareHeartbeatSent { member_epoch: i32 },
    /// KIP-932: the share group's epoch was bumped.
    ShareGroupEpochBumped { group_epoch: i32 },
    /// KIP-932: the member's assignment at `member_epoch` arrived (`SimpleAssignor`).
    ShareAssigned { member_epoch: i32, partitions: u32 },
    /// KIP-932: acknowledgements sent with a poll or a close, reported when some released,
    /// rejected or were refused (`INVALID_RECORD_STATE`: the lock had expired).
    ShareAcknowledged {
        accepted: u32,
        released: u32,
        rejected: u32,
        refused: u32,
    },
    /// KIP-932: acquisition locks expired on a share partition: the records are available
    /// again (or archived at the delivery limit).
    ShareLocksExpired { tp: TopicPartition, records: u32 },
    /// KIP-932: a record was archived: rejected, or out of delivery attempts.
    ShareRecordArchived {
        tp: TopicPartition,
        offset: u64,
        delivery_count: u32,
    },
}

impl ConsumerGroup {
    pub(super) fn event(&self, i: usize, kind: GroupEventKind) -> GroupEvent {
        GroupEvent {
            at_ms: self.now_ms,
            member: self.members.get(i).map(|c| c.name.clone()),
            kind,
        }
    }

    pub(super) fn report_ledger(&mut self, events: &mut Vec<GroupEvent>) {
        let s = self.ledger.summary();
        let (lost, dup, ooo) = self.reported;
        let mut new = Vec::new();
        for x in &s.lost[lost..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::RecordLost {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        for x in &s.duplicates[dup..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::Duplicate {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        for x in &s.out_of_order[ooo..] {
            new.push(GroupEvent {
                at_ms: x.at_ms,
                member: Some(x.member.clone()),
                kind: GroupEventKind::OutOfOrder {
                    tp: x.tp.clone(),
                    offset: x.offset,
                },
            });
        }
        self.reported = (s.lost.len(), s.duplicates.len(), s.out_of_order.len());
        events.extend(new);
    }
}
