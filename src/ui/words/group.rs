//! How a consumer group's events, member phases and commit modes are written: the event log,
//! the groups panel and the stage's labels say them the same way.

use super::plural;
use crate::engine::TopicPartition;
use crate::engine::{AssignorKind, CommitMode, GroupEventKind, MemberPhase};

/// A group event in words, for the event log.
pub fn describe_group_event(group_id: &str, member: Option<&str>, kind: &GroupEventKind) -> String {
    let who = member.unwrap_or("the coordinator");
    let list = |tps: &[TopicPartition]| {
        if tps.is_empty() {
            "nothing".to_string()
        } else {
            tps.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let what = match kind {
        GroupEventKind::Started => format!("{who} started"),
        GroupEventKind::JoinSent { reason, .. } => {
            format!("{who} sent JoinGroup ({})", reason.as_str())
        }
        GroupEventKind::JoinResponse {
            error,
            generation,
            leader,
            ..
        } => match error.as_str() {
            "NONE" => format!(
                "{who} joined generation {generation}{}",
                if *leader { " as leader" } else { "" }
            ),
            e => format!("{who}'s JoinGroup answered {e}"),
        },
        GroupEventKind::SyncSent { generation, leader } => {
            format!(
                "{who} sent SyncGroup for generation {generation}{}",
                if *leader { " with the assignment" } else { "" }
            )
        }
        GroupEventKind::Assigned {
            generation,
            added,
            revoked,
        } => {
            if revoked.is_empty() {
                format!(
                    "{who} got generation {generation}'s assignment: +{}",
                    list(added)
                )
            } else {
                format!(
                    "{who} got generation {generation}'s assignment: +{}, revokes {} and rejoins",
                    list(added),
                    list(revoked)
                )
            }
        }
        GroupEventKind::Revoked { partitions } => {
            format!("{who} revoked {} before rejoining", list(partitions))
        }
        GroupEventKind::Lost { partitions } => format!(
            "{who} lost {} (it was no longer in the group)",
            list(partitions)
        ),
        GroupEventKind::RebalanceStarted { generation, reason } => {
            format!(
                "rebalance started after generation {generation} ({})",
                reason.as_str()
            )
        }
        GroupEventKind::GenerationStarted {
            generation,
            protocol,
            members,
        } => format!(
            "generation {generation} begins with {}, assignor {}",
            plural(*members, "member", "members"),
            protocol.map_or("none", AssignorKind::as_str)
        ),
        GroupEventKind::RebalanceCompleted { generation, moved } => {
            format!(
                "generation {generation} is stable; {} changed owner",
                plural(*moved, "partition", "partitions")
            )
        }
        GroupEventKind::MemberRemoved { reason, .. } => {
            format!("{who} removed from the group ({})", reason.as_str())
        }
        GroupEventKind::StaticMemberReplaced { rebalance, .. } => format!(
            "{who}'s new process took over its group.instance.id, old member id fenced{}",
            if *rebalance {
                "; rebalancing"
            } else {
                " — no rebalance"
            }
        ),
        GroupEventKind::HeartbeatFailed { error } => {
            format!("{who}'s heartbeat answered {}", error.as_str())
        }
        GroupEventKind::SessionExpired { .. } => {
            format!("{who}'s session expired (no heartbeat within session.timeout.ms)")
        }
        GroupEventKind::PollTimeoutLeft { sent_leave } => format!(
            "{who} exceeded max.poll.interval.ms{}",
            if *sent_leave {
                " and sent LeaveGroup"
            } else {
                " (static: it keeps its place until the session expires)"
            }
        ),
        GroupEventKind::Committed { offsets } => format!(
            "{who} committed {}",
            offsets
                .iter()
                .take(4)
                .map(|(tp, o)| format!("{tp}@{o}"))
                .collect::<Vec<_>>()
                .join(", ")
                + if offsets.len() > 4 { " …" } else { "" }
        ),
        GroupEventKind::CommitFailed {
            class_name,
            message,
        } => format!("{who}: {class_name}: {message}"),
        GroupEventKind::OffsetReset { tp, offset, reset } => match reset {
            Some(r) => format!(
                "{who} starts {tp} at {offset} (auto.offset.reset={})",
                r.as_str()
            ),
            None => format!("{who} starts {tp} at its committed offset {offset}"),
        },
        GroupEventKind::TruncationDetected {
            tp,
            from,
            to,
            reset,
        } => match reset {
            Some(r) => format!(
                "{who} detected truncation of {tp} at {from}: reset to {to} (auto.offset.reset={})",
                r.as_str()
            ),
            None => format!(
                "{who} detected truncation of {tp} at {from}: seeks to the first divergent offset {to}"
            ),
        },
        GroupEventKind::FellBehindLogStart {
            tp,
            position,
            log_start,
            by_retention,
        } => {
            let why = if *by_retention {
                "retention deleted"
            } else {
                "the playground no longer holds"
            };
            format!(
                "{who} fell behind the log start of {tp}: {why} offsets {position} to {log_start} (OFFSET_OUT_OF_RANGE)"
            )
        }
        GroupEventKind::Error { message } => format!("{who} stopped: {message}"),
        GroupEventKind::Polled { records } => {
            format!("{who} polled {}", plural(*records, "record", "records"))
        }
        GroupEventKind::Closed => format!("{who} closed"),
        GroupEventKind::Crashed => format!("{who} crashed"),
        GroupEventKind::RecordLost { tp, offset } => {
            format!("LOST: {tp}@{offset} was committed but never processed")
        }
        GroupEventKind::Duplicate { tp, offset } => {
            format!("DUPLICATE: {tp}@{offset} processed again by {who}")
        }
        GroupEventKind::OutOfOrder { tp, offset } => {
            format!("OUT OF ORDER: {tp}@{offset} processed after a later record of its key")
        }
        GroupEventKind::ConsumerHeartbeatSent {
            member_epoch,
            owned,
            ..
        } => match member_epoch {
            0 => format!("{who} sent ConsumerGroupHeartbeat with member epoch 0 (joining)"),
            -1 => format!("{who} sent ConsumerGroupHeartbeat with member epoch -1 (leaving)"),
            -2 => format!(
                "{who} sent ConsumerGroupHeartbeat with member epoch -2 (static member leaving, keeping its partitions)"
            ),
            e => format!(
                "{who} acknowledged member epoch {e}, owning {}",
                list(owned)
            ),
        },
        GroupEventKind::Reconciled {
            member_epoch,
            added,
            revoked,
        } => format!(
            "{who} reconciled to member epoch {member_epoch}: revoked {}, assigned {}, and kept consuming the rest",
            list(revoked),
            list(added)
        ),
        GroupEventKind::GroupEpochBumped {
            group_epoch,
            reason,
        } => format!("group epoch {group_epoch} ({})", reason.as_str()),
        GroupEventKind::TargetAssignmentComputed {
            target_epoch,
            assignor,
            members,
        } => format!(
            "the {} assignor computed the target assignment of epoch {target_epoch} for {}",
            assignor.as_str(),
            plural(*members as usize, "member", "members")
        ),
        GroupEventKind::ConsumerGroupStable {
            target_epoch,
            moved,
        } => format!(
            "every member reached target epoch {target_epoch}: Stable ({} moved)",
            plural(*moved as usize, "partition", "partitions")
        ),
        GroupEventKind::MemberFenced { reason, .. } => {
            format!("{who} removed from the group ({})", reason.as_str())
        }
        GroupEventKind::StaticMemberLeft { .. } => format!(
            "{who} left with epoch -2: its partitions wait for its instance id until its session expires"
        ),
        GroupEventKind::ShareHeartbeatSent { member_epoch } => match member_epoch {
            0 => format!("{who} sent ShareGroupHeartbeat with member epoch 0 (joining)"),
            _ => format!("{who} sent ShareGroupHeartbeat with member epoch -1 (leaving); its acquired records were released"),
        },
        GroupEventKind::ShareGroupEpochBumped { group_epoch } => {
            format!("share group epoch {group_epoch}")
        }
        GroupEventKind::ShareAssigned {
            member_epoch,
            partitions,
        } => format!(
            "{who} assigned {} at member epoch {member_epoch} (SimpleAssignor: every member shares them)",
            plural(*partitions as usize, "partition", "partitions")
        ),
        GroupEventKind::ShareAcknowledged {
            accepted,
            released,
            rejected,
            refused,
        } => format!(
            "{who} acknowledged: {accepted} ACCEPT, {released} RELEASE, {rejected} REJECT{}",
            if *refused > 0 {
                format!(", {refused} refused (INVALID_RECORD_STATE: lock expired)")
            } else {
                String::new()
            }
        ),
        GroupEventKind::ShareLocksExpired { tp, records } => format!(
            "acquisition lock expired on {} of {tp}: available again",
            plural(*records as usize, "record", "records")
        ),
        GroupEventKind::ShareRecordArchived {
            tp,
            offset,
            delivery_count,
        } => format!("ARCHIVED: {tp}@{offset} after {delivery_count} deliveries"),
    };
    format!("[{group_id}] {what}")
}

/// A member's phase in words.
pub fn phase_words(phase: MemberPhase) -> &'static str {
    match phase {
        MemberPhase::Joining => "joining",
        MemberPhase::Stable => "consuming",
        MemberPhase::Rebalancing => "rebalancing, still consuming",
        MemberPhase::Idle => "idle: no partition",
        MemberPhase::Crashed => "crashed",
        MemberPhase::Closed => "closed",
        MemberPhase::Failed => "failed",
    }
}

/// A commit mode in words.
pub fn commit_words(c: CommitMode) -> String {
    match c {
        CommitMode::Auto { interval_ms } => format!("auto every {interval_ms} ms"),
        CommitMode::SyncPerBatch => "commitSync after each poll".into(),
        CommitMode::SyncPerRecord => "commitSync after each record".into(),
        CommitMode::AsyncPerBatch => "commitAsync after each poll".into(),
        CommitMode::BeforeProcessing => "commitSync before processing".into(),
    }
}
