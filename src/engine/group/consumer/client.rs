//! A member's side of KIP-848 over time (`ConsumerMembershipManager` and
//! `ConsumerHeartbeatRequestManager`): it joins with epoch 0 from `poll()`, heartbeats at the
//! interval the coordinator gives (and at once to acknowledge a reconciliation), takes the
//! member epoch of every answer, reconciles an assignment at its next `poll()` (auto-commit,
//! then revoke, then assign: `autoCommitSyncBeforeRevocation`, `onPartitionsRevoked`,
//! `onPartitionsAssigned`), rejoins with the same member id when fenced (its partitions are
//! lost, not revoked), leaves with epoch -1, or -2 when static, on close and when
//! `max.poll.interval.ms` passes, and fails on errors it cannot handle.

use super::heartbeat::{HeartbeatRequest, HeartbeatResponse};
use super::member::{
    JOIN_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use super::membership::ClientState;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::client::{ClientError, MemberStatus};
use crate::engine::group::config::CommitMode;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::protocol::{ErrorCode, RebalanceReason, NO_GENERATION};
use crate::engine::group::runtime::{client_id, ConsumerGroup, Pending};

/// `Errors.UNRELEASED_INSTANCE_ID`'s message.
pub const UNRELEASED_INSTANCE_ID_MESSAGE: &str =
    "The instance ID is still used by another member in the consumer group. That member must leave first.";

/// What a commit error from the coordinator becomes for the application under the `consumer`
/// protocol (`CommitRequestManager`, `commitSyncExceptionForError`). Commit errors do not
/// reset the membership here: the heartbeat is what fences a member.
pub fn commit_error(error: ErrorCode) -> Option<ClientError> {
    match error {
        ErrorCode::None => None,
        ErrorCode::StaleMemberEpoch => Some(ClientError::CommitFailed(
            "OffsetCommit failed with stale member epoch. The member epoch is stale. The member must retry after receiving its updated member epoch via the ConsumerGroupHeartbeat API.".to_string(),
        )),
        ErrorCode::UnknownMemberId => Some(ClientError::CommitFailed(
            "OffsetCommit failed with unknown member id. The coordinator is not aware of this member.".to_string(),
        )),
        other => Some(ClientError::Fatal(format!("Unexpected error in commit: {other}"))),
    }
}

impl ConsumerGroup {
    fn heartbeat_request(&mut self, i: usize, member_epoch: i32) -> HeartbeatRequest {
        let k = self.kip848_mut();
        k.next_correlation_id += 1;
        let correlation_id = k.next_correlation_id;
        // `HeartbeatState.buildRequestData`: the owned partitions go out when they changed
        // since they were last sent, and always with a join or a leave.
        let owned = self.members[i].owned.clone();
        let always = member_epoch <= JOIN_GROUP_MEMBER_EPOCH;
        let m = self.membership(i);
        let owned = if always || m.sent_owned.as_ref() != Some(&owned) {
            m.sent_owned = Some(owned.clone());
            Some(owned)
        } else {
            None
        };
        let c = &self.members[i];
        HeartbeatRequest {
            client: client_id(i, c.incarnation),
            correlation_id,
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            member_epoch,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
            subscribed_topics: self.config.topics.clone(),
            owned,
        }
    }

    /// Sends a heartbeat at the member's epoch and waits for its answer.
    fn send_consumer_heartbeat(&mut self, i: usize) {
        let epoch = self.members[i].generation;
        let request = self.heartbeat_request(i, epoch);
        self.membership(i).in_flight = Some(request.correlation_id);
        self.send_heartbeat_request(i, request);
    }

    /// `poll()`'s part of the protocol: join when the member must, and reconcile an assignment
    /// received since the last poll (revocation and assignment callbacks run in `poll()`).
    pub(in crate::engine::group) fn consumer_protocol_poll(
        &mut self,
        i: usize,
        events: &mut Vec<GroupEvent>,
    ) {
        if self.members[i].rejoin.is_some() {
            self.consumer_join(i, events);
        }
        if let Some(assignment) = self.membership(i).pending_assignment.take() {
            self.reconcile(i, assignment, events);
        }
    }

    /// `transitionToJoining`: a heartbeat with epoch 0, the subscription and no partitions.
    fn consumer_join(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        self.phases_dirty = true;
        self.members[i].rejoin = None;
        let state = self.membership(i).state;
        if self.members[i].generation > 0 || state == ClientState::Joining {
            // Already in the group (a changed assignor list, say): nothing to rejoin.
            return;
        }
        if self.members[i].member_id.is_empty() {
            let id = self.kip848_mut().member_id();
            self.members[i].member_id = id;
        }
        let c = &mut self.members[i];
        c.status = MemberStatus::Joining;
        c.generation = JOIN_GROUP_MEMBER_EPOCH;
        c.heartbeat_epoch += 1;
        self.membership(i).state = ClientState::Joining;
        let member_id = self.members[i].member_id.clone();
        events.push(self.event(
            i,
            GroupEventKind::ConsumerHeartbeatSent {
                member_id,
                member_epoch: JOIN_GROUP_MEMBER_EPOCH,
                owned: Vec::new(),
            },
        ));
        self.send_consumer_heartbeat(i);
    }

    fn start_consumer_heartbeats(&mut self, i: usize) {
        let interval = u64::from(self.membership(i).heartbeat_interval_ms.max(1));
        let c = &mut self.members[i];
        c.heartbeat_epoch += 1;
        let epoch = c.heartbeat_epoch;
        self.schedule(
            self.now_ms + interval,
            Pending::Heartbeat { member: i, epoch },
        );
    }

    /// The heartbeat interval passed: heartbeat unless one is out already.
    pub(in crate::engine::group) fn consumer_heartbeat_tick(&mut self, i: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if c.heartbeat_epoch != epoch || !c.status.is_running() || c.generation <= 0 {
            return;
        }
        if self.membership(i).in_flight.is_none() {
            self.send_consumer_heartbeat(i);
        }
        let interval = u64::from(self.membership(i).heartbeat_interval_ms.max(1));
        self.schedule(
            self.now_ms + interval,
            Pending::Heartbeat { member: i, epoch },
        );
    }

    /// `onHeartbeatSuccess` and `onHeartbeatFailure`.
    pub(in crate::engine::group) fn on_consumer_heartbeat_response(
        &mut self,
        i: usize,
        response: HeartbeatResponse,
        events: &mut Vec<GroupEvent>,
    ) {
        if self.membership(i).in_flight != Some(response.correlation_id) {
            // The answer to a leave heartbeat, or to one sent before the member rejoined.
            return;
        }
        self.membership(i).in_flight = None;
        match response.error {
            ErrorCode::None => {}
            ErrorCode::UnknownMemberId | ErrorCode::FencedMemberEpoch => {
                events.push(self.event(
                    i,
                    GroupEventKind::HeartbeatFailed {
                        error: response.error,
                    },
                ));
                self.consumer_fenced(i, events);
                return;
            }
            ErrorCode::UnreleasedInstanceId => {
                events.push(self.event(
                    i,
                    GroupEventKind::HeartbeatFailed {
                        error: response.error,
                    },
                ));
                let e = ClientError::Fatal(UNRELEASED_INSTANCE_ID_MESSAGE.to_string());
                self.fail(i, e, events);
                return;
            }
            ErrorCode::GroupMaxSizeReached => {
                let e =
                    ClientError::Fatal("The consumer group has reached its max size.".to_string());
                self.fail(i, e, events);
                return;
            }
            other => {
                // Retriable: the next interval tries again.
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error: other }));
                return;
            }
        }
        let joined = self.membership(i).state == ClientState::Joining;
        self.membership(i).heartbeat_interval_ms = response.heartbeat_interval_ms;
        let c = &mut self.members[i];
        c.generation = response.member_epoch;
        c.status = MemberStatus::Stable;
        if joined {
            self.start_consumer_heartbeats(i);
            let next_auto_commit = match self.config.commit {
                CommitMode::Auto { interval_ms } => self.now_ms + u64::from(interval_ms),
                _ => 0,
            };
            self.members[i].next_auto_commit_ms = next_auto_commit;
        }
        let changed = response
            .assignment
            .as_ref()
            .is_some_and(|a| !same_partitions(a, &self.members[i].owned));
        let m = self.membership(i);
        if changed {
            m.pending_assignment = response.assignment;
            m.state = ClientState::Reconciling;
        } else if !matches!(m.state, ClientState::Reconciling) {
            m.state = ClientState::Stable;
        }
        if changed && self.members[i].app == crate::engine::group::client::AppState::Idle {
            self.schedule_app(i, self.now_ms);
        }
    }

    /// Applies an assignment: auto-commit, revoke, assign, then acknowledge at once.
    fn reconcile(
        &mut self,
        i: usize,
        assignment: Vec<TopicPartition>,
        events: &mut Vec<GroupEvent>,
    ) {
        self.phases_dirty = true;
        if self.members[i].generation <= 0 {
            return;
        }
        let c = &self.members[i];
        let revoked: Vec<TopicPartition> = c
            .owned
            .iter()
            .filter(|tp| !assignment.contains(tp))
            .cloned()
            .collect();
        let added: Vec<TopicPartition> = assignment
            .iter()
            .filter(|tp| !c.owned.contains(tp))
            .cloned()
            .collect();
        if !revoked.is_empty() && matches!(self.config.commit, CommitMode::Auto { .. }) {
            // `autoCommitSyncBeforeRevocation`, at the epoch the member still has; it counts
            // as the interval's auto-commit, so the poll does not send another at the old epoch
            // right behind its acknowledgement.
            let offsets = self.all_consumed(i);
            self.send_commit(i, offsets, None, false, events);
            if let CommitMode::Auto { interval_ms } = self.config.commit {
                self.members[i].next_auto_commit_ms = self.now_ms + u64::from(interval_ms);
            }
        }
        let c = &mut self.members[i];
        for tp in &revoked {
            c.positions.remove(tp);
        }
        c.owned = assignment;
        let member_epoch = c.generation;
        events.push(self.event(
            i,
            GroupEventKind::Reconciled {
                member_epoch,
                added,
                revoked,
            },
        ));
        self.membership(i).state = ClientState::Acknowledging;
        let owned = self.members[i].owned.clone();
        let member_id = self.members[i].member_id.clone();
        events.push(self.event(
            i,
            GroupEventKind::ConsumerHeartbeatSent {
                member_id,
                member_epoch,
                owned,
            },
        ));
        self.send_consumer_heartbeat(i);
    }

    /// `transitionToFenced`: the partitions are lost (no commit), the epoch goes back to 0 and
    /// the member rejoins at once with its member id.
    fn consumer_fenced(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        self.phases_dirty = true;
        self.lose_partitions(i, events);
        self.membership(i).state = ClientState::Fenced;
        let c = &mut self.members[i];
        c.generation = NO_GENERATION;
        c.status = MemberStatus::Unjoined;
        c.rejoin = Some(RebalanceReason::Rejoin);
        self.consumer_join(i, events);
    }

    fn lose_partitions(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        self.membership(i).pending_assignment = None;
        let c = &mut self.members[i];
        if c.owned.is_empty() {
            return;
        }
        let lost = std::mem::take(&mut c.owned);
        c.positions.clear();
        events.push(self.event(i, GroupEventKind::Lost { partitions: lost }));
    }

    /// The epoch this member leaves with (`leaveGroupEpoch`).
    fn leave_epoch(&self, i: usize) -> i32 {
        if self.members[i].is_static() {
            LEAVE_GROUP_STATIC_MEMBER_EPOCH
        } else {
            LEAVE_GROUP_MEMBER_EPOCH
        }
    }

    fn send_leave(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let epoch = self.leave_epoch(i);
        let request = self.heartbeat_request(i, epoch);
        let member_id = request.member_id.clone();
        events.push(self.event(
            i,
            GroupEventKind::ConsumerHeartbeatSent {
                member_id,
                member_epoch: epoch,
                owned: request.owned.clone().unwrap_or_default(),
            },
        ));
        self.membership(i).in_flight = None;
        self.send_heartbeat_request(i, request);
    }

    /// `max.poll.interval.ms` passed without a poll: the member leaves (epoch -1, or -2 when
    /// static), its partitions are lost, and it rejoins at its next poll
    /// (`transitionToSendingLeaveGroup(true)`, then `STALE`).
    pub(in crate::engine::group) fn consumer_poll_timeout(
        &mut self,
        i: usize,
        epoch: u64,
        events: &mut Vec<GroupEvent>,
    ) {
        self.phases_dirty = true;
        let Some(c) = self.members.get(i) else { return };
        if c.poll_timer_epoch != epoch || !c.status.is_running() || c.generation <= 0 || c.closing {
            return;
        }
        self.send_leave(i, events);
        events.push(self.event(i, GroupEventKind::PollTimeoutLeft { sent_leave: true }));
        self.lose_partitions(i, events);
        self.membership(i).state = ClientState::Stale;
        let c = &mut self.members[i];
        c.generation = NO_GENERATION;
        c.status = MemberStatus::Unjoined;
        c.heartbeat_epoch += 1;
        c.rejoin = Some(RebalanceReason::PollTimeout);
    }

    /// Close: revoke what it owns (the auto-commit ran before) and leave with -1, or -2 when
    /// static.
    pub(in crate::engine::group) fn consumer_close(
        &mut self,
        i: usize,
        events: &mut Vec<GroupEvent>,
    ) {
        if self.members[i].generation <= 0 || self.members[i].member_id.is_empty() {
            return;
        }
        let owned = self.members[i].owned.clone();
        if !owned.is_empty() {
            events.push(self.event(i, GroupEventKind::Revoked { partitions: owned }));
        }
        self.send_leave(i, events);
        self.membership(i).state = ClientState::Unsubscribed;
    }
}

fn same_partitions(a: &[TopicPartition], b: &[TopicPartition]) -> bool {
    a.len() == b.len() && a.iter().all(|tp| b.contains(tp))
}
