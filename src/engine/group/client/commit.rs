//! The five commit modes as the client runs them (auto-commit, `commitSync` per batch or per
//! record or before processing, `commitAsync` per batch), the local check before a commit is
//! sent, and what a broker's commit error becomes for the application
//! (`OffsetCommitResponseHandler`).

use super::{fenced_message, AfterCommit, AppState, ClientError, MemberStatus};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::classic::Request;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::log_view::LogView;
use crate::engine::group::protocol::{ErrorCode, MemberRef, RebalanceReason};
use crate::engine::group::runtime::ConsumerGroup;

/// `CommitFailedException()`'s default message: what a broker-side ILLEGAL_GENERATION or
/// UNKNOWN_MEMBER_ID becomes.
pub const COMMIT_FAILED_MESSAGE: &str = "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.";

/// What `sendOffsetCommitRequest` throws when the client knows it is not in a stable
/// generation and is not rebalancing (for example after leaving on a poll timeout).
pub const NOT_IN_GROUP_MESSAGE: &str = "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.";

/// The same, while the client is rebalancing.
pub const REBALANCING_MESSAGE: &str = "Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.";

/// What a broker's REBALANCE_IN_PROGRESS answer to a commit raises.
pub const GROUP_REBALANCING_MESSAGE: &str = "Offset commit cannot be completed since the consumer group is executing a rebalance at the moment. You can try completing the rebalance by calling poll() and then retry commit again";

/// What UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION raises when the member has moved on to a new
/// generation since it sent the commit and is rejoining.
pub const STALE_GENERATION_MESSAGE: &str = "Offset commit cannot be completed since the consumer member's generation is already stale, meaning it has already participated another rebalance and got a new generation. You can try completing the rebalance by calling poll() and then retry commit again";

/// The local check before a commit is sent (`generationIfStable()` is null): `None` means send.
pub fn local_commit_check(status: MemberStatus, generation: i32) -> Option<ClientError> {
    if status == MemberStatus::Stable && generation >= 0 {
        return None;
    }
    if matches!(status, MemberStatus::Joining | MemberStatus::AwaitingSync) {
        Some(ClientError::RebalanceInProgress(
            REBALANCING_MESSAGE.to_string(),
        ))
    } else {
        Some(ClientError::CommitFailed(NOT_IN_GROUP_MESSAGE.to_string()))
    }
}

/// What the member does with its generation after a commit error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterCommitError {
    /// Nothing.
    Keep,
    /// Rejoin at the next poll, keeping the generation (`requestRejoin`).
    Rejoin,
    /// Reset the generation and rejoin (`resetStateOnResponseError`), keeping the member id
    /// when `keep_member_id` (after ILLEGAL_GENERATION the id may still be valid).
    Reset { keep_member_id: bool },
}

/// What a commit error from the broker becomes (`ConsumerCoordinator.OffsetCommitResponseHandler
/// .handle`), and what the member does with its generation. `moved_on` is the handler's
/// `!generationUnchanged() && state == PREPARING_REBALANCE`: the member's generation is no
/// longer the one it sent, and it is joining.
pub fn commit_error(error: ErrorCode, moved_on: bool) -> Option<(ClientError, AfterCommitError)> {
    match error {
        ErrorCode::None => None,
        ErrorCode::RebalanceInProgress => Some((
            ClientError::RebalanceInProgress(GROUP_REBALANCING_MESSAGE.to_string()),
            AfterCommitError::Rejoin,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration if moved_on => Some((
            ClientError::RebalanceInProgress(STALE_GENERATION_MESSAGE.to_string()),
            AfterCommitError::Keep,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => Some((
            ClientError::CommitFailed(COMMIT_FAILED_MESSAGE.to_string()),
            AfterCommitError::Reset {
                keep_member_id: error == ErrorCode::IllegalGeneration,
            },
        )),
        ErrorCode::FencedInstanceId => Some((
            ClientError::FencedInstanceId(fenced_message()),
            AfterCommitError::Reset {
                keep_member_id: false,
            },
        )),
        other => Some((
            ClientError::Fatal(format!("Unexpected error in commit: {other}")),
            AfterCommitError::Keep,
        )),
    }
}

impl ConsumerGroup {
    /// Sends a commit; `then` is where a blocking `commitSync` continues.
    pub(in crate::engine::group) fn send_commit(
        &mut self,
        i: usize,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
        events: &mut Vec<GroupEvent>,
    ) {
        if offsets.is_empty() {
            if let Some(then) = then {
                self.continue_after_commit(i, then, events);
            }
            return;
        }
        let c = &self.members[i];
        if let Some(e) = local_commit_check(c.status, c.generation) {
            // Auto-commit skips quietly while rebalancing; the next poll tries again.
            if then.is_none() && self.config.commit.as_str() == "auto" {
                return;
            }
            self.metrics.commit_failures += 1;
            events.push(self.event(
                i,
                GroupEventKind::CommitFailed {
                    class_name: e.class_name().to_string(),
                    message: e.message().to_string(),
                },
            ));
            if let Some(then) = then {
                self.continue_after_commit(i, then, events);
            }
            return;
        }
        let member = self.member_ref(i);
        self.members[i].commits_in_flight += 1;
        if let Some(then) = then {
            self.members[i].app = AppState::CommitWait(then);
            self.bump_app(i);
        }
        self.send(
            i,
            Request::Commit {
                member,
                offsets,
                then,
                per_record,
            },
        );
    }

    fn continue_after_commit(&mut self, i: usize, then: AfterCommit, events: &mut Vec<GroupEvent>) {
        match then {
            AfterCommit::Poll => {
                self.members[i].app = AppState::Idle;
                self.schedule_app(i, self.now_ms);
            }
            AfterCommit::Process | AfterCommit::NextRecord => self.start_processing(i, events),
            AfterCommit::Close => self.finish_close(i, events),
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(in crate::engine::group) fn on_commit_response(
        &mut self,
        i: usize,
        error: ErrorCode,
        sent: &MemberRef,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let _ = logs;
        let c = &mut self.members[i];
        c.commits_in_flight = c.commits_in_flight.saturating_sub(1);
        let moved_on = (c.generation, c.member_id.as_str())
            != (sent.generation, sent.member_id.as_str())
            && c.status == MemberStatus::Joining;
        let mapped = match self.kip848 {
            Some(_) => crate::engine::group::consumer::commit_error(error)
                .map(|e| (e, AfterCommitError::Keep)),
            None => commit_error(error, moved_on),
        };
        match mapped {
            None => {
                self.metrics.commits += 1;
                if !per_record {
                    events.push(self.event(i, GroupEventKind::Committed { offsets }));
                }
            }
            Some((e, after)) => {
                self.metrics.commit_failures += 1;
                events.push(self.event(
                    i,
                    GroupEventKind::CommitFailed {
                        class_name: e.class_name().to_string(),
                        message: e.message().to_string(),
                    },
                ));
                if matches!(e, ClientError::FencedInstanceId(_)) {
                    self.fail(i, e, events);
                    return;
                }
                match after {
                    AfterCommitError::Keep => {}
                    AfterCommitError::Rejoin => {
                        self.members[i]
                            .rejoin
                            .get_or_insert(RebalanceReason::Rejoin);
                    }
                    AfterCommitError::Reset { keep_member_id } => {
                        let id = self.members[i].member_id.clone();
                        self.members[i].reset_generation(RebalanceReason::Rejoin);
                        if keep_member_id {
                            self.members[i].member_id = id;
                        }
                    }
                }
            }
        }
        if let Some(then) = then {
            if self.members[i].app == AppState::CommitWait(then) {
                self.continue_after_commit(i, then, events);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_errors_map_like_the_java_client() {
        let (e, reset) = commit_error(ErrorCode::IllegalGeneration, false).unwrap();
        assert!(
            matches!(e, ClientError::CommitFailed(ref m) if m.contains("max.poll.interval.ms"))
        );
        assert_eq!(
            reset,
            AfterCommitError::Reset {
                keep_member_id: true
            },
            "ILLEGAL_GENERATION keeps the member id: it may still be valid"
        );
        let (_, reset) = commit_error(ErrorCode::UnknownMemberId, false).unwrap();
        assert_eq!(
            reset,
            AfterCommitError::Reset {
                keep_member_id: false
            }
        );
        let (e, after) = commit_error(ErrorCode::RebalanceInProgress, false).unwrap();
        assert_eq!(e.class_name(), "RebalanceInProgressException");
        assert!(e
            .message()
            .contains("the consumer group is executing a rebalance"));
        assert_eq!(after, AfterCommitError::Rejoin);
        let (e, after) = commit_error(ErrorCode::IllegalGeneration, true).unwrap();
        assert_eq!(e.class_name(), "RebalanceInProgressException");
        assert!(e.message().contains("generation is already stale"));
        assert_eq!(after, AfterCommitError::Keep);
        assert_eq!(
            local_commit_check(MemberStatus::Joining, 3)
                .unwrap()
                .class_name(),
            "RebalanceInProgressException"
        );
        assert_eq!(
            local_commit_check(MemberStatus::Unjoined, -1)
                .unwrap()
                .class_name(),
            "CommitFailedException"
        );
        assert!(local_commit_check(MemberStatus::Stable, 3).is_none());
    }
}
