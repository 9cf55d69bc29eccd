//! The five commit modes as the client runs them (auto-commit, `commitSync` per batch or per
//! record or before processing, `commitAsync` per batch), the local check before a commit is
//! sent, and what a broker's commit error becomes for the application
//! (`OffsetCommitResponseHandler`).

use super::{fenced_message, AfterCommit, AppState, ClientError, MemberStatus};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::classic::Request;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::log_view::LogView;
use crate::engine::group::protocol::{ErrorCode, RebalanceReason};
use crate::engine::group::runtime::ConsumerGroup;

/// `CommitFailedException()`'s default message: what a broker-side ILLEGAL_GENERATION or
/// UNKNOWN_MEMBER_ID becomes.
pub const COMMIT_FAILED_MESSAGE: &str = "Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing. You can address this either by increasing max.poll.interval.ms or by reducing the maximum size of batches returned in poll() with max.poll.records.";

/// What `sendOffsetCommitRequest` throws when the client knows it is not in a stable
/// generation and is not rebalancing (for example after leaving on a poll timeout).
pub const NOT_IN_GROUP_MESSAGE: &str = "Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.";

/// The same, while the client is rebalancing.
pub const REBALANCING_MESSAGE: &str = "Offset commit cannot be completed since the consumer is undergoing a rebalance for auto partition assignment. You can try completing the rebalance by calling poll() and then retry the operation.";

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

/// What a commit error from the broker becomes (`OffsetCommitResponseHandler`), and whether
/// the member must reset its generation and rejoin.
pub fn commit_error(error: ErrorCode, rebalancing_locally: bool) -> Option<(ClientError, bool)> {
    match error {
        ErrorCode::None => None,
        ErrorCode::RebalanceInProgress => Some((
            ClientError::RebalanceInProgress(REBALANCING_MESSAGE.to_string()),
            false,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration if rebalancing_locally => Some((
            ClientError::RebalanceInProgress(REBALANCING_MESSAGE.to_string()),
            false,
        )),
        ErrorCode::UnknownMemberId | ErrorCode::IllegalGeneration => Some((
            ClientError::CommitFailed(COMMIT_FAILED_MESSAGE.to_string()),
            true,
        )),
        ErrorCode::FencedInstanceId => {
            Some((ClientError::FencedInstanceId(fenced_message()), true))
        }
        other => Some((
            ClientError::Fatal(format!("Unexpected error in commit: {other}")),
            false,
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
        let rebalancing = matches!(c.status, MemberStatus::Joining | MemberStatus::AwaitingSync);
        match commit_error(error, rebalancing) {
            None => {
                self.metrics.commits += 1;
                if !per_record {
                    events.push(self.event(i, GroupEventKind::Committed { offsets }));
                }
            }
            Some((e, reset)) => {
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
                if reset {
                    self.members[i].reset_generation(RebalanceReason::Rejoin);
                } else if error == ErrorCode::RebalanceInProgress {
                    self.members[i]
                        .rejoin
                        .get_or_insert(RebalanceReason::Rejoin);
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
        assert!(reset);
        let (e, _) = commit_error(ErrorCode::RebalanceInProgress, false).unwrap();
        assert_eq!(e.class_name(), "RebalanceInProgressException");
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
