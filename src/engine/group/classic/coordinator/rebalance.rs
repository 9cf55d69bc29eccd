//! A classic rebalance at the coordinator: JoinGroup (a new dynamic member first gets its id
//! with MEMBER_ID_REQUIRED, KIP-394), the join phase and its end (`onCompleteJoin`: dynamic
//! members that did not rejoin are removed, static ones kept, a leader elected and the assignor
//! voted), the initial rebalance delay, and SyncGroup, where the leader's assignment makes the
//! group Stable.

use super::{
    CoordinatorNote, DeadlineCache, GroupCoordinator, GroupMember, GroupState, InitialDelay,
};
use crate::engine::group::classic::protocol::{
    JoinRequest, JoinResponse, JoinedMember, Reply, SyncRequest, SyncResponse,
};
use crate::engine::group::limits;
use crate::engine::group::protocol::{ErrorCode, RebalanceReason};

impl GroupCoordinator {
    /// Handles JoinGroup. Immediate answers and answers to other waiting members (when this
    /// join completes the phase) are returned; a join that waits is answered later.
    pub fn join_group(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        self.next_deadline = DeadlineCache::default();
        let client = request.client;
        if !(limits::SESSION_TIMEOUT_MS_MIN..=limits::SESSION_TIMEOUT_MS_MAX)
            .contains(&request.session_timeout_ms)
        {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::InvalidSessionTimeout, &request.member_id),
            )];
        }
        if self.state == GroupState::Dead {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::CoordinatorNotAvailable, &request.member_id),
            )];
        }
        if !self.supports_protocols(&request.protocols) {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::InconsistentGroupProtocol, &request.member_id),
            )];
        }
        if request.member_id.is_empty() {
            self.join_unknown_member(now_ms, request)
        } else {
            self.join_known_member(now_ms, request)
        }
    }

    fn join_unknown_member(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        let client = request.client;
        if let Some(instance) = request.instance_id.clone() {
            let new_id = format!("{instance}-{}", self.uuid());
            if let Some(old_id) = self.static_member(&instance).map(str::to_string) {
                return self.replace_static_member(now_ms, request, &instance, &old_id, new_id);
            }
            if self.members.len() >= limits::MEMBERS_MAX {
                return vec![Reply::Join(
                    client,
                    JoinResponse::error(ErrorCode::GroupMaxSizeReached, ""),
                )];
            }
            return self.add_member_and_rebalance(now_ms, request, new_id);
        }
        // KIP-394: a dynamic member first learns its id, then joins with it.
        if self.members.len() + self.pending_members.len()
            >= limits::MEMBERS_MAX.max(limits::PENDING_MEMBERS_MAX)
        {
            return vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::GroupMaxSizeReached, ""),
            )];
        }
        let new_id = format!("{}-{}", request.client_id, self.uuid());
        self.pending_members.push((
            new_id.clone(),
            now_ms + u64::from(request.session_timeout_ms),
        ));
        vec![Reply::Join(
            client,
            JoinResponse::error(ErrorCode::MemberIdRequired, &new_id),
        )]
    }

    fn join_known_member(&mut self, now_ms: u64, request: JoinRequest) -> Vec<Reply> {
        let client = request.client;
        if let Some(i) = self
            .pending_members
            .iter()
            .position(|(id, _)| *id == request.member_id)
        {
            self.pending_members.remove(i);
            if self.members.len() >= limits::MEMBERS_MAX {
                return vec![Reply::Join(
                    client,
                    JoinResponse::error(ErrorCode::GroupMaxSizeReached, &request.member_id),
                )];
            }
            let id = request.member_id.clone();
            return self.add_member_and_rebalance(now_ms, request, id);
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return vec![Reply::Join(
                client,
                JoinResponse::error(error, &request.member_id),
            )];
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        // `MemberMetadata.matches`: the protocol metadata bytes, which carry the owned
        // partitions (so a cooperative member that revoked some always triggers a rebalance).
        let unchanged = self.members[i].protocols == request.protocols
            && self.members[i].subscription == request.subscription;
        match self.state {
            GroupState::PreparingRebalance => {
                self.update_member(i, now_ms, &request);
                self.maybe_complete_join(now_ms)
            }
            GroupState::CompletingRebalance if unchanged => {
                // The member lost the join response: send it again.
                self.members[i].latest_heartbeat_ms = now_ms;
                vec![Reply::Join(client, self.join_response_for(i))]
            }
            GroupState::Stable
                if unchanged && self.leader.as_deref() != Some(request.member_id.as_str()) =>
            {
                // A follower with nothing new gets the current generation and syncs.
                self.members[i].latest_heartbeat_ms = now_ms;
                vec![Reply::Join(client, self.join_response_for(i))]
            }
            GroupState::CompletingRebalance | GroupState::Stable => {
                self.update_member(i, now_ms, &request);
                let mut out = self.prepare_rebalance(now_ms, request.reason, &request.member_id);
                out.extend(self.maybe_complete_join(now_ms));
                out
            }
            GroupState::Empty | GroupState::Dead => vec![Reply::Join(
                client,
                JoinResponse::error(ErrorCode::UnknownMemberId, &request.member_id),
            )],
        }
    }

    pub(super) fn update_member(&mut self, i: usize, now_ms: u64, request: &JoinRequest) {
        let m = &mut self.members[i];
        m.protocols = request.protocols.clone();
        m.subscription = request.subscription.clone();
        m.session_timeout_ms = request.session_timeout_ms;
        m.rebalance_timeout_ms = request.rebalance_timeout_ms;
        m.awaiting_join = Some(request.client);
        m.client = request.client;
        m.latest_heartbeat_ms = now_ms;
    }

    fn add_member_and_rebalance(
        &mut self,
        now_ms: u64,
        request: JoinRequest,
        member_id: String,
    ) -> Vec<Reply> {
        let member = GroupMember {
            member_id: member_id.clone(),
            instance_id: request.instance_id.clone(),
            client: request.client,
            session_timeout_ms: request.session_timeout_ms,
            rebalance_timeout_ms: request.rebalance_timeout_ms,
            protocols: request.protocols.clone(),
            subscription: request.subscription.clone(),
            assignment: Vec::new(),
            awaiting_join: Some(request.client),
            awaiting_sync: None,
            is_new: true,
            latest_heartbeat_ms: now_ms,
        };
        self.members.push(member);
        if self.leader.is_none() {
            self.leader = Some(member_id.clone());
        }
        if self.state == GroupState::PreparingRebalance && self.generation == 0 {
            if let Some(delay) = &mut self.initial_delay {
                delay.new_member_added = true;
            }
        }
        let mut out = Vec::new();
        if matches!(
            self.state,
            GroupState::Empty | GroupState::Stable | GroupState::CompletingRebalance
        ) {
            out.extend(self.prepare_rebalance(now_ms, RebalanceReason::Join, &member_id));
        }
        out.extend(self.maybe_complete_join(now_ms));
        out
    }

    pub(super) fn joined_members(&self) -> Vec<JoinedMember> {
        self.members
            .iter()
            .map(|m| JoinedMember {
                member_id: m.member_id.clone(),
                instance_id: m.instance_id.clone(),
                subscription: m.subscription.clone(),
            })
            .collect()
    }

    pub(super) fn join_response_for(&self, i: usize) -> JoinResponse {
        let m = &self.members[i];
        let leader = self.leader.clone().unwrap_or_default();
        let members = if leader == m.member_id {
            self.joined_members()
        } else {
            Vec::new()
        };
        JoinResponse {
            error: ErrorCode::None,
            generation: self.generation,
            protocol: self.protocol,
            leader,
            member_id: m.member_id.clone(),
            members,
            skip_assignment: false,
        }
    }

    /// `prepareRebalance`: waiting syncs are told to rejoin; the join phase starts.
    pub(super) fn prepare_rebalance(
        &mut self,
        now_ms: u64,
        reason: RebalanceReason,
        member_id: &str,
    ) -> Vec<Reply> {
        let mut out = Vec::new();
        if self.state == GroupState::CompletingRebalance {
            for m in &mut self.members {
                if let Some(c) = m.awaiting_sync.take() {
                    out.push(Reply::Sync(
                        c,
                        SyncResponse {
                            error: ErrorCode::RebalanceInProgress,
                            assignment: Vec::new(),
                        },
                    ));
                }
            }
        }
        self.sync_deadline_ms = None;
        self.pending_sync.clear();
        if self.state == GroupState::Empty && self.initial_rebalance_delay_ms > 0 {
            let delay_ms = u64::from(self.initial_rebalance_delay_ms);
            self.initial_delay = Some(InitialDelay {
                delay_ms,
                remaining_ms: self.max_rebalance_timeout_ms().saturating_sub(delay_ms),
                new_member_added: false,
            });
            self.join_deadline_ms = Some(now_ms + delay_ms);
        } else {
            self.initial_delay = None;
            self.join_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
        }
        self.state = GroupState::PreparingRebalance;
        self.note(CoordinatorNote::RebalanceStarted {
            at_ms: now_ms,
            generation: self.generation,
            reason,
            member_id: member_id.to_string(),
        });
        out
    }

    /// `DelayedJoin.tryComplete`: every member has rejoined and no id handed out is unused.
    pub(super) fn maybe_complete_join(&mut self, now_ms: u64) -> Vec<Reply> {
        if self.state != GroupState::PreparingRebalance || self.initial_delay.is_some() {
            return Vec::new();
        }
        let all_joined = self.members.iter().all(|m| m.awaiting_join.is_some())
            && self.pending_members.is_empty();
        if all_joined {
            self.complete_join(now_ms)
        } else {
            Vec::new()
        }
    }

    /// `onCompleteJoin`: dynamic members that did not rejoin are removed; static ones stay.
    pub(super) fn complete_join(&mut self, now_ms: u64) -> Vec<Reply> {
        let not_rejoined: Vec<usize> = (0..self.members.len())
            .filter(|&i| {
                self.members[i].awaiting_join.is_none() && self.members[i].instance_id.is_none()
            })
            .collect();
        for &i in not_rejoined.iter().rev() {
            let m = self.members.remove(i);
            self.note(CoordinatorNote::MemberRemoved {
                at_ms: now_ms,
                member_id: m.member_id,
                instance_id: None,
                reason: RebalanceReason::Rejoin,
            });
        }
        if !self.members.is_empty() && !self.members.iter().any(|m| m.awaiting_join.is_some()) {
            // Nobody rejoined: wait another rebalance timeout for sessions to expire.
            self.join_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
            return Vec::new();
        }
        // `maybeElectNewJoinedLeader`.
        let leader_joined = self
            .leader
            .as_deref()
            .and_then(|l| self.member(l))
            .is_some_and(|m| m.awaiting_join.is_some());
        if !leader_joined {
            self.leader = self
                .members
                .iter()
                .find(|m| m.awaiting_join.is_some())
                .map(|m| m.member_id.clone());
        }
        self.join_deadline_ms = None;
        self.initial_delay = None;
        self.generation += 1;
        if self.members.is_empty() {
            self.state = GroupState::Empty;
            self.protocol = None;
            self.leader = None;
            self.note(CoordinatorNote::GenerationStarted {
                at_ms: now_ms,
                generation: self.generation,
                leader: String::new(),
                protocol: None,
                members: 0,
            });
            return Vec::new();
        }
        self.protocol = self.select_protocol();
        self.state = GroupState::CompletingRebalance;
        self.sync_deadline_ms = Some(now_ms + self.max_rebalance_timeout_ms());
        self.pending_sync = self.member_ids();
        let leader = self.leader.clone().unwrap_or_default();
        self.note(CoordinatorNote::GenerationStarted {
            at_ms: now_ms,
            generation: self.generation,
            leader,
            protocol: self.protocol,
            members: self.members.len(),
        });
        let mut out = Vec::new();
        for i in 0..self.members.len() {
            if let Some(c) = self.members[i].awaiting_join.take() {
                self.members[i].latest_heartbeat_ms = now_ms;
                self.members[i].is_new = false;
                out.push(Reply::Join(c, self.join_response_for(i)));
            }
        }
        out
    }

    /// Handles SyncGroup. The leader's request answers every waiting member.
    pub fn sync_group(&mut self, now_ms: u64, request: SyncRequest) -> Vec<Reply> {
        self.next_deadline = DeadlineCache::default();
        let client = request.client;
        let fail = |error| {
            vec![Reply::Sync(
                client,
                SyncResponse {
                    error,
                    assignment: Vec::new(),
                },
            )]
        };
        if self.state == GroupState::Dead {
            return fail(ErrorCode::CoordinatorNotAvailable);
        }
        let error = self.validate_member(&request.member_id, request.instance_id.as_deref());
        if error != ErrorCode::None {
            return fail(error);
        }
        if request.generation != self.generation {
            return fail(ErrorCode::IllegalGeneration);
        }
        let i = self
            .member_index(&request.member_id)
            .expect("validated above");
        self.members[i].latest_heartbeat_ms = now_ms;
        if self.state != GroupState::PreparingRebalance {
            self.pending_sync.retain(|id| *id != request.member_id);
            if self.pending_sync.is_empty() {
                self.sync_deadline_ms = None;
            }
        }
        match self.state {
            GroupState::Empty | GroupState::Dead => fail(ErrorCode::UnknownMemberId),
            GroupState::PreparingRebalance => fail(ErrorCode::RebalanceInProgress),
            GroupState::Stable => {
                vec![Reply::Sync(
                    client,
                    SyncResponse {
                        error: ErrorCode::None,
                        assignment: self.members[i].assignment.clone(),
                    },
                )]
            }
            GroupState::CompletingRebalance => {
                self.members[i].awaiting_sync = Some(client);
                if self.leader.as_deref() != Some(request.member_id.as_str()) {
                    return Vec::new();
                }
                for m in &mut self.members {
                    m.assignment = request
                        .assignments
                        .iter()
                        .find(|(id, _)| *id == m.member_id)
                        .map(|(_, a)| a.clone())
                        .unwrap_or_default();
                }
                self.state = GroupState::Stable;
                self.note(CoordinatorNote::Stabilized {
                    at_ms: now_ms,
                    generation: self.generation,
                });
                let mut out = Vec::new();
                for m in &mut self.members {
                    if let Some(c) = m.awaiting_sync.take() {
                        m.latest_heartbeat_ms = now_ms;
                        out.push(Reply::Sync(
                            c,
                            SyncResponse {
                                error: ErrorCode::None,
                                assignment: m.assignment.clone(),
                            },
                        ));
                    }
                }
                out
            }
        }
    }
}
