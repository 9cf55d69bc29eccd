//! A member's side of the classic protocol over time: `onJoinPrepare` and JoinGroup, the
//! leader's assignment sent with SyncGroup, the assignment's arrival (`onJoinComplete`, with
//! KIP-429's follow-up round when partitions were revoked), heartbeats and their errors, and the
//! poll timeout that leaves the group. Which errors are fatal, and what the application then
//! sees, is decided here too.

use super::assignment::{cooperative_diff, leader_assignment, RebalanceProtocol};
use super::protocol::{JoinRequest, JoinResponse, Subscription, SyncRequest, SyncResponse};
use super::Request;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::client::{fenced_message, AppState, ClientError, MemberStatus};
use crate::engine::group::config::{AssignorKind, CommitMode};
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::log_view::LogView;
use crate::engine::group::protocol::{ErrorCode, RebalanceReason, NO_GENERATION};
use crate::engine::group::runtime::{client_id, ConsumerGroup, Pending};
use std::collections::BTreeMap;

/// What a fatal JoinGroup/SyncGroup/Heartbeat error becomes; `None` for the retriable ones.
pub fn fatal_group_error(error: ErrorCode) -> Option<ClientError> {
    match error {
        ErrorCode::FencedInstanceId => Some(ClientError::FencedInstanceId(fenced_message())),
        ErrorCode::InconsistentGroupProtocol => Some(ClientError::InconsistentGroupProtocol(
            "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list.".to_string(),
        )),
        ErrorCode::InvalidSessionTimeout => Some(ClientError::Fatal(
            "The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).".to_string(),
        )),
        ErrorCode::GroupMaxSizeReached => Some(ClientError::Fatal("The consumer group has reached its max size.".to_string())),
        _ => None,
    }
}

impl ConsumerGroup {
    fn subscription(&self, i: usize) -> Subscription {
        let c = &self.members[i];
        let cooperative = c.rebalance_protocol() == RebalanceProtocol::Cooperative;
        let (owned, generation) = if cooperative {
            (c.owned.clone(), c.generation)
        } else if c.assignors.contains(&AssignorKind::Sticky) {
            // StickyAssignor's userData: the previous assignment and its generation.
            (c.last_assignment.clone(), c.last_generation)
        } else {
            (Vec::new(), NO_GENERATION)
        };
        Subscription {
            topics: self.config.topics.clone(),
            owned,
            generation,
        }
    }

    /// `onJoinPrepare` and JoinGroup.
    pub(in crate::engine::group) fn start_join(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let reason = self.members[i]
            .rejoin
            .take()
            .unwrap_or(RebalanceReason::Rejoin);
        // Auto-commit before the rebalance, while the generation is still valid.
        if matches!(self.config.commit, CommitMode::Auto { .. })
            && self.members[i].status == MemberStatus::Stable
        {
            let offsets = self.all_consumed(i);
            self.send_commit(i, offsets, None, false, events);
        }
        let c = &self.members[i];
        let lost = c.generation == NO_GENERATION && !c.owned.is_empty();
        let revoked: Vec<TopicPartition> =
            if lost || c.rebalance_protocol() == RebalanceProtocol::Eager {
                c.owned.clone()
            } else {
                c.owned
                    .iter()
                    .filter(|tp| !self.config.topics.contains(&tp.topic))
                    .cloned()
                    .collect()
            };
        if !revoked.is_empty() {
            let c = &mut self.members[i];
            c.owned.retain(|tp| !revoked.contains(tp));
            for tp in &revoked {
                c.positions.remove(tp);
            }
            let kind = if lost {
                GroupEventKind::Lost {
                    partitions: revoked,
                }
            } else {
                GroupEventKind::Revoked {
                    partitions: revoked,
                }
            };
            events.push(self.event(i, kind));
        }
        self.send_join(i, reason, events);
    }

    fn send_join(&mut self, i: usize, reason: RebalanceReason, events: &mut Vec<GroupEvent>) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let subscription = self.subscription(i);
        let c = &mut self.members[i];
        c.status = MemberStatus::Joining;
        c.heartbeat_epoch += 1;
        let request = JoinRequest {
            client: client_id(i, c.incarnation),
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            client_id: c.name.clone(),
            session_timeout_ms: self.config.session_timeout_ms,
            rebalance_timeout_ms: self.config.max_poll_interval_ms,
            protocols: c.assignors.clone(),
            subscription,
            reason,
        };
        let member_id = c.member_id.clone();
        events.push(self.event(i, GroupEventKind::JoinSent { member_id, reason }));
        self.send(i, Request::Join(request));
    }

    pub(in crate::engine::group) fn on_join_response(
        &mut self,
        i: usize,
        r: JoinResponse,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        if self.members[i].status != MemberStatus::Joining {
            return;
        }
        let leader = r.error == ErrorCode::None && r.leader == r.member_id;
        events.push(self.event(
            i,
            GroupEventKind::JoinResponse {
                error: r.error,
                generation: r.generation,
                member_id: r.member_id.clone(),
                leader,
            },
        ));
        match r.error {
            ErrorCode::None => {}
            ErrorCode::MemberIdRequired => {
                self.members[i].member_id = r.member_id;
                self.send_join(i, RebalanceReason::Join, events);
                return;
            }
            ErrorCode::UnknownMemberId => {
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                self.start_join(i, events);
                return;
            }
            ErrorCode::IllegalGeneration
            | ErrorCode::RebalanceInProgress
            | ErrorCode::CoordinatorNotAvailable => {
                self.send_join(i, RebalanceReason::Rejoin, events);
                return;
            }
            other => {
                let e = fatal_group_error(other).unwrap_or_else(|| {
                    ClientError::Fatal(format!("Unexpected error in join group response: {other}"))
                });
                self.fail(i, e, events);
                return;
            }
        }
        let c = &mut self.members[i];
        c.member_id = r.member_id.clone();
        c.generation = r.generation;
        c.protocol = r.protocol;
        c.status = MemberStatus::AwaitingSync;
        let assignments = match (leader && !r.skip_assignment, r.protocol) {
            (true, Some(protocol)) => {
                let mut counts = BTreeMap::new();
                for m in &r.members {
                    for t in &m.subscription.topics {
                        if let Some(n) = logs.n_partitions(t) {
                            counts.insert(t.clone(), n);
                        }
                    }
                }
                leader_assignment(protocol, &r.members, &counts)
            }
            _ => Vec::new(),
        };
        self.start_heartbeats(i);
        events.push(self.event(
            i,
            GroupEventKind::SyncSent {
                generation: r.generation,
                leader,
            },
        ));
        let c = &self.members[i];
        let request = SyncRequest {
            client: client_id(i, c.incarnation),
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            generation: c.generation,
            assignments,
        };
        self.send(i, Request::Sync(request));
    }

    pub(in crate::engine::group) fn on_sync_response(
        &mut self,
        i: usize,
        r: SyncResponse,
        events: &mut Vec<GroupEvent>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        if self.members[i].status != MemberStatus::AwaitingSync {
            return;
        }
        match r.error {
            ErrorCode::None => {}
            ErrorCode::RebalanceInProgress | ErrorCode::IllegalGeneration => {
                self.send_join(i, RebalanceReason::Rejoin, events);
                return;
            }
            ErrorCode::UnknownMemberId => {
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                self.start_join(i, events);
                return;
            }
            other => {
                let e = fatal_group_error(other).unwrap_or_else(|| {
                    ClientError::Fatal(format!("Unexpected error in sync group response: {other}"))
                });
                self.fail(i, e, events);
                return;
            }
        }
        let interval = match self.config.commit {
            CommitMode::Auto { interval_ms } => u64::from(interval_ms),
            _ => 0,
        };
        let now = self.now_ms;
        let c = &mut self.members[i];
        let (revoked, added) = cooperative_diff(&c.owned, &r.assignment);
        for tp in &revoked {
            c.positions.remove(tp);
        }
        if !revoked.is_empty() {
            c.rejoin = Some(RebalanceReason::CooperativeFollowUp);
        }
        c.owned = r.assignment.clone();
        c.last_assignment = r.assignment;
        c.last_generation = c.generation;
        c.status = MemberStatus::Stable;
        c.next_auto_commit_ms = now + interval;
        let generation = c.generation;
        let follow_up = !revoked.is_empty();
        events.push(self.event(
            i,
            GroupEventKind::Assigned {
                generation,
                added,
                revoked,
            },
        ));
        if follow_up {
            // KIP-429: the revoking member rejoins at once for the second round.
            self.start_join(i, events);
        } else if self.members[i].app == AppState::Idle {
            self.schedule_app(i, now);
        }
    }

    fn start_heartbeats(&mut self, i: usize) {
        let c = &mut self.members[i];
        c.heartbeat_epoch += 1;
        let epoch = c.heartbeat_epoch;
        self.schedule(
            self.now_ms + u64::from(self.config.heartbeat_interval_ms),
            Pending::Heartbeat { member: i, epoch },
        );
    }

    pub(in crate::engine::group) fn heartbeat_tick(&mut self, i: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if c.heartbeat_epoch != epoch
            || !c.status.is_running()
            || c.generation < 0
            || matches!(c.status, MemberStatus::Joining | MemberStatus::Unjoined)
        {
            return;
        }
        let m = self.member_ref(i);
        self.send(i, Request::Heartbeat(m));
        self.schedule(
            self.now_ms + u64::from(self.config.heartbeat_interval_ms),
            Pending::Heartbeat { member: i, epoch },
        );
    }

    pub(in crate::engine::group) fn on_heartbeat_response(
        &mut self,
        i: usize,
        error: ErrorCode,
        generation: i32,
        events: &mut Vec<GroupEvent>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        if self.members[i].generation != generation {
            return;
        }
        match error {
            ErrorCode::None => {}
            ErrorCode::RebalanceInProgress => {
                if self.members[i].status == MemberStatus::Stable {
                    self.members[i]
                        .rejoin
                        .get_or_insert(RebalanceReason::Rejoin);
                }
            }
            ErrorCode::IllegalGeneration | ErrorCode::UnknownMemberId => {
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error }));
                let keep_id = error == ErrorCode::IllegalGeneration;
                let id = self.members[i].member_id.clone();
                self.members[i].reset_generation(RebalanceReason::Rejoin);
                if keep_id {
                    self.members[i].member_id = id;
                }
            }
            other => {
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error: other }));
                if let Some(e) = fatal_group_error(other) {
                    self.fail(i, e, events);
                }
            }
        }
    }

    pub(in crate::engine::group) fn poll_timer(
        &mut self,
        i: usize,
        epoch: u64,
        events: &mut Vec<GroupEvent>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let Some(c) = self.members.get(i) else { return };
        if c.poll_timer_epoch != epoch || !c.status.is_running() || c.generation < 0 || c.closing {
            return;
        }
        // `maybeLeaveGroup("consumer poll timeout has expired.")`.
        let dynamic = !c.is_static();
        if dynamic {
            let m = self.member_ref(i);
            self.send(i, Request::Leave(m, RebalanceReason::PollTimeout));
        }
        events.push(self.event(
            i,
            GroupEventKind::PollTimeoutLeft {
                sent_leave: dynamic,
            },
        ));
        self.members[i].reset_generation(RebalanceReason::PollTimeout);
    }
}
