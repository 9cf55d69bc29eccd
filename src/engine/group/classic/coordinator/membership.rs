//! Who is in a classic group, and until when: a static member's new process replacing the old
//! one, which is fenced from then on (KIP-345), the current-member check every request passes,
//! Heartbeat, LeaveGroup, and the deadlines that remove members (session expiry, unused member
//! ids, members that never synced) or end the join phase.

use super::{
    CoordinatorNote, DeadlineCache, GroupCoordinator, GroupMember, GroupState, InitialDelay,
    NEW_MEMBER_JOIN_TIMEOUT_MS,
};
use crate::engine::group::classic::protocol::{JoinRequest, JoinResponse, Reply, SyncResponse};
use crate::engine::group::protocol::{ErrorCode, MemberRef, RebalanceReason};

impl GroupMember {
    /// `MemberMetadata.shouldKeepAlive`.
    fn session_deadline_ms(&self) -> Option<u64> {
        if self.awaiting_join.is_some() {
            return if self.is_new {
                Some(self.latest_heartbeat_ms + NEW_MEMBER_JOIN_TIMEOUT_MS)
            } else {
                None
            };
        }
        if self.awaiting_sync.is_some() {
            return None;
        }
        Some(self.latest_heartbeat_ms + u64::from(self.session_timeout_ms))
    }
}

impl GroupCoordinator {
    /// `validateCurrentMember`: a static member's id must be the instance's current one.
    pub(super) fn validate_member(&self, member_id: &str, instance_id: Option<&str>) -> ErrorCode {
        if let Some(instance) = instance_id {
            if let Some(current) = self.static_member(instance) {
                if current != member_id {
                    return ErrorCode::FencedInstanceId;
                }
            }
        }
        if self.member(member_id).is_none() {
            return ErrorCode::UnknownMemberId;
        }
        ErrorCode::None
    }

    /// `replaceStaticMember` and what follows it, by group state.
    pub(super) fn replace_static_member(
        &mut self,
        now_ms: u64,
        request: JoinRequest,
        instance: &str,
        old_id: &str,
        new_id: String,
    ) -> Vec<Reply> {
        let client = request.client;
        let i = self
            .member_index(old_id)
            .expect("static_member returned it");
        let mut out = Vec::new();
        // The old process's pending requests are answered: it has been fenced.
        if let Some(old_client) = self.members[i].awaiting_join.take() {
            out.push(Reply::Join(
                old_client,
                JoinResponse::error(ErrorCode::FencedInstanceId, old_id),
            ));
        }
        if let Some(old_client) = self.members[i].awaiting_sync.take() {
            out.push(Reply::Sync(
                old_client,
                SyncResponse {
                    error: ErrorCode::FencedInstanceId,
                    assignment: Vec::new(),
                },
            ));
        }
        let old_protocols = self.members[i].protocols.clone();
        let old_subscription = self.members[i].subscription.clone();
        {
            let m = &mut self.members[i];
            m.member_id = new_id.clone();
            m.client = client;
            m.latest_heartbeat_ms = now_ms;
        }
        if self.leader.as_deref() == Some(old_id) {
            self.leader = Some(new_id.clone());
        }
        match self.state {
            GroupState::Stable => {
                self.members[i].protocols = request.protocols.clone();
                self.members[i].session_timeout_ms = request.session_timeout_ms;
                self.members[i].rebalance_timeout_ms = request.rebalance_timeout_ms;
                let selected_changed = self.select_protocol() != self.protocol;
                if !selected_changed {
                    // Kafka keeps the previous subscription in this case; the new one only
                    // matters at the next rebalance.
                    self.members[i].protocols = old_protocols;
                    self.members[i].subscription = old_subscription;
                    self.note(CoordinatorNote::StaticMemberReplaced {
                        at_ms: now_ms,
                        instance_id: instance.to_string(),
                        old_member_id: old_id.to_string(),
                        new_member_id: new_id.clone(),
                        rebalance: false,
                    });
                    let mut response = self.join_response_for(i);
                    let is_leader = self.leader.as_deref() == Some(new_id.as_str());
                    if is_leader {
                        response.members = self.joined_members();
                        response.skip_assignment = true;
                    }
                    out.push(Reply::Join(client, response));
                    return out;
                }
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.prepare_rebalance(
                    now_ms,
                    RebalanceReason::StaticReplacement,
                    &new_id,
                ));
                out.extend(self.maybe_complete_join(now_ms));
            }
            GroupState::CompletingRebalance => {
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.prepare_rebalance(
                    now_ms,
                    RebalanceReason::StaticReplacement,
                    &new_id,
                ));
                out.extend(self.maybe_complete_join(now_ms));
            }
            GroupState::PreparingRebalance | GroupState::Empty | GroupState::Dead => {
                self.note_replacement(now_ms, instance, old_id, &new_id);
                self.update_member(i, now_ms, &request);
                out.extend(self.maybe_complete_join(now_ms));
            }
        }
        out
    }

    fn note_replacement(&mut self, now_ms: u64, instance: &str, old_id: &str, new_id: &str) {
        self.note(CoordinatorNote::StaticMemberReplaced {
            at_ms: now_ms,
            instance_id: instance.to_string(),
            old_member_id: old_id.to_string(),
            new_member_id: new_id.to_string(),
            rebalance: true,
        });
    }

    /// Handles Heartbeat.
    pub fn heartbeat(&mut self, now_ms: u64, request: &MemberRef) -> ErrorCode {
        self.next_deadline = DeadlineCache::default();
        if self.state == GroupState::Dead {
            return ErrorCode::CoordinatorNotAvailable;
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return error;
        }
        if request.generation != self.generation {
            return ErrorCode::IllegalGeneration;
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        self.members[i].latest_heartbeat_ms = now_ms;
        match self.state {
            GroupState::Empty | GroupState::Dead => ErrorCode::UnknownMemberId,
            GroupState::PreparingRebalance => ErrorCode::RebalanceInProgress,
            GroupState::CompletingRebalance | GroupState::Stable => ErrorCode::None,
        }
    }

    /// Handles LeaveGroup (one member, by member id; by instance id with an empty member id).
    pub fn leave_group(
        &mut self,
        now_ms: u64,
        member_id: &str,
        instance_id: Option<&str>,
        reason: RebalanceReason,
    ) -> (ErrorCode, Vec<Reply>) {
        self.next_deadline = DeadlineCache::default();
        if self.state == GroupState::Dead {
            return (ErrorCode::CoordinatorNotAvailable, Vec::new());
        }
        let id = if member_id.is_empty() {
            match instance_id.and_then(|inst| self.static_member(inst)) {
                Some(id) => id.to_string(),
                None => return (ErrorCode::UnknownMemberId, Vec::new()),
            }
        } else {
            let error = self.validate_member(member_id, instance_id);
            if error != ErrorCode::None {
                return (error, Vec::new());
            }
            member_id.to_string()
        };
        (
            ErrorCode::None,
            self.remove_member_and_update(now_ms, &id, reason),
        )
    }

    fn remove_member_and_update(
        &mut self,
        now_ms: u64,
        member_id: &str,
        reason: RebalanceReason,
    ) -> Vec<Reply> {
        let Some(i) = self.member_index(member_id) else {
            return Vec::new();
        };
        let m = self.members.remove(i);
        self.note(CoordinatorNote::MemberRemoved {
            at_ms: now_ms,
            member_id: m.member_id.clone(),
            instance_id: m.instance_id.clone(),
            reason,
        });
        if self.leader.as_deref() == Some(member_id) {
            self.leader = self.members.first().map(|m| m.member_id.clone());
        }
        match self.state {
            GroupState::Stable | GroupState::CompletingRebalance => {
                let mut out = self.prepare_rebalance(now_ms, reason, member_id);
                out.extend(self.maybe_complete_join(now_ms));
                out
            }
            GroupState::PreparingRebalance => self.maybe_complete_join(now_ms),
            GroupState::Empty | GroupState::Dead => Vec::new(),
        }
    }

    /// The earliest time something expires, if anything can.
    pub fn next_deadline_ms(&self) -> Option<u64> {
        if let Some(known) = self.next_deadline.0.get() {
            return known;
        }
        let next = self.compute_next_deadline_ms();
        self.next_deadline.0.set(Some(next));
        next
    }

    fn compute_next_deadline_ms(&self) -> Option<u64> {
        let sessions = self
            .members
            .iter()
            .filter_map(GroupMember::session_deadline_ms);
        let pending = self.pending_members.iter().map(|(_, d)| *d);
        sessions
            .chain(pending)
            .chain(self.join_deadline_ms)
            .chain(self.sync_deadline_ms)
            .min()
    }

    /// Acts on every deadline at or before `now_ms`: expired sessions, unused member ids, the
    /// end of the join phase (or of the initial delay), members that did not sync.
    pub fn expire(&mut self, now_ms: u64) -> Vec<Reply> {
        self.next_deadline = DeadlineCache::default();
        let mut out = Vec::new();
        self.pending_members
            .retain(|(_, deadline)| *deadline > now_ms);
        loop {
            let expired = self
                .members
                .iter()
                .find(|m| m.session_deadline_ms().is_some_and(|d| d <= now_ms))
                .map(|m| m.member_id.clone());
            let Some(id) = expired else { break };
            out.extend(self.remove_member_and_update(now_ms, &id, RebalanceReason::SessionExpired));
        }
        if self.join_deadline_ms.is_some_and(|d| d <= now_ms)
            && self.state == GroupState::PreparingRebalance
        {
            match self.initial_delay.take() {
                Some(delay) if delay.new_member_added && delay.remaining_ms > 0 => {
                    let next = delay.delay_ms.min(delay.remaining_ms);
                    self.initial_delay = Some(InitialDelay {
                        delay_ms: delay.delay_ms,
                        remaining_ms: delay.remaining_ms - next,
                        new_member_added: false,
                    });
                    self.join_deadline_ms = Some(now_ms + next);
                }
                _ => out.extend(self.complete_join(now_ms)),
            }
        }
        if self.sync_deadline_ms.is_some_and(|d| d <= now_ms) {
            self.sync_deadline_ms = None;
            let late = std::mem::take(&mut self.pending_sync);
            if matches!(
                self.state,
                GroupState::CompletingRebalance | GroupState::Stable
            ) && !late.is_empty()
            {
                for id in &late {
                    if let Some(i) = self.member_index(id) {
                        let m = self.members.remove(i);
                        self.note(CoordinatorNote::MemberRemoved {
                            at_ms: now_ms,
                            member_id: m.member_id,
                            instance_id: m.instance_id,
                            reason: RebalanceReason::SyncExpired,
                        });
                    }
                }
                if self.leader.as_ref().is_some_and(|l| late.contains(l)) {
                    self.leader = self.members.first().map(|m| m.member_id.clone());
                }
                if self.members.is_empty() {
                    self.state = GroupState::Empty;
                } else {
                    out.extend(self.prepare_rebalance(
                        now_ms,
                        RebalanceReason::SyncExpired,
                        &late[0],
                    ));
                    out.extend(self.maybe_complete_join(now_ms));
                }
            }
        }
        out
    }
}
