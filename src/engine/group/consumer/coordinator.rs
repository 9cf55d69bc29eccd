//! The broker side of KIP-848 for one group (`GroupMetadataManager.consumerGroupHeartbeat` and
//! `ConsumerGroup`): the group epoch, bumped when a member joins, leaves, is fenced or changes
//! its subscription, or the subscribed topics change; the target assignment, computed by the
//! server-side assignor when the group epoch passes its epoch (`TargetAssignmentBuilder`); each
//! member's reconciliation towards it (`reconciliation.rs`); who holds each partition
//! (`currentPartitionEpoch`); member epoch fencing; static members by `group.instance.id`;
//! session and revocation timeouts; and the member-epoch check of offset commits.

use super::heartbeat::{HeartbeatRequest, HeartbeatResponse};
use super::member::{
    ConsumerGroupMember, MemberState, JOIN_GROUP_MEMBER_EPOCH, LEAVE_GROUP_MEMBER_EPOCH,
    LEAVE_GROUP_STATIC_MEMBER_EPOCH,
};
use super::reconciliation::next_assignment;
use super::target::target_assignment;
use crate::engine::assignor::TopicPartition;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::group::config::RemoteAssignor;
use crate::engine::group::limits;
use crate::engine::group::protocol::ErrorCode;
use crate::engine::stable_sort;
use std::collections::BTreeMap;

/// Why the group epoch was bumped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum EpochBump {
    /// A member joined.
    MemberJoined,
    /// A member left (epoch -1).
    MemberLeft,
    /// A member's subscription changed.
    SubscriptionChanged,
    /// A subscribed topic's partition count changed.
    MetadataChanged,
    /// A member's session expired.
    SessionExpired,
    /// A member did not revoke within its rebalance timeout.
    RevocationTimeout,
}

impl EpochBump {
    /// A short word for the event log.
    pub fn as_str(self) -> &'static str {
        match self {
            EpochBump::MemberJoined => "member-joined",
            EpochBump::MemberLeft => "member-left",
            EpochBump::SubscriptionChanged => "subscription-changed",
            EpochBump::MetadataChanged => "metadata-changed",
            EpochBump::SessionExpired => "session-expired",
            EpochBump::RevocationTimeout => "rebalance-timeout",
        }
    }
}

/// The group's state as `ConsumerGroup.ConsumerGroupState` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConsumerGroupState {
    /// No members.
    Empty,
    /// The group epoch is ahead of the target assignment's.
    Assigning,
    /// Some member is not yet at the target assignment.
    Reconciling,
    /// Every member owns its target assignment.
    Stable,
}

impl ConsumerGroupState {
    /// Kafka's name for the state.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsumerGroupState::Empty => "Empty",
            ConsumerGroupState::Assigning => "Assigning",
            ConsumerGroupState::Reconciling => "Reconciling",
            ConsumerGroupState::Stable => "Stable",
        }
    }
}

/// Something the coordinator did that the group shows as an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConsumerNote {
    /// The group epoch was bumped.
    GroupEpochBumped {
        at_ms: u64,
        group_epoch: i32,
        reason: EpochBump,
        member_id: String,
    },
    /// A new target assignment was computed at `target_epoch`.
    TargetAssignment {
        at_ms: u64,
        target_epoch: i32,
        assignment: Vec<(String, Vec<TopicPartition>)>,
    },
    /// Every member reached the target assignment of `target_epoch`.
    Stable { at_ms: u64, target_epoch: i32 },
    /// A member was removed: left, or fenced by a timeout.
    MemberRemoved {
        at_ms: u64,
        member_id: String,
        reason: EpochBump,
    },
    /// A static member left with epoch -2: it keeps its assignment until its session expires.
    StaticMemberLeft { at_ms: u64, member_id: String },
    /// A static member's new member id took over its instance id and assignment.
    StaticMemberReplaced {
        at_ms: u64,
        old_member_id: String,
        new_member_id: String,
    },
}

/// The coordinator of one `consumer`-protocol group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerCoordinator {
    group_epoch: i32,
    target_epoch: i32,
    target: BTreeMap<String, Vec<TopicPartition>>,
    /// Members in the order they joined (the order the assignors read them in).
    members: Vec<ConsumerGroupMember>,
    /// Who holds each partition, assigned or pending revocation (`currentPartitionEpoch`).
    holders: BTreeMap<TopicPartition, String>,
    /// The subscribed topics' partition counts the target was computed from.
    partition_counts: BTreeMap<String, u32>,
    assignor: RemoteAssignor,
    session_timeout_ms: u32,
    heartbeat_interval_ms: u32,
    /// The last target epoch every member reached.
    stable_epoch: i32,
    notes: Vec<ConsumerNote>,
}

impl ConsumerCoordinator {
    /// An Empty group with the broker's `group.consumer.*` settings.
    pub fn new(
        assignor: RemoteAssignor,
        session_timeout_ms: u32,
        heartbeat_interval_ms: u32,
    ) -> Self {
        ConsumerCoordinator {
            group_epoch: 0,
            target_epoch: 0,
            target: BTreeMap::new(),
            members: Vec::new(),
            holders: BTreeMap::new(),
            partition_counts: BTreeMap::new(),
            assignor,
            session_timeout_ms,
            heartbeat_interval_ms,
            stable_epoch: 0,
            notes: Vec::new(),
        }
    }

    /// The group epoch.
    pub fn group_epoch(&self) -> i32 {
        self.group_epoch
    }

    /// The target assignment's epoch.
    pub fn target_epoch(&self) -> i32 {
        self.target_epoch
    }

    /// The server-side assignor.
    pub fn assignor(&self) -> RemoteAssignor {
        self.assignor
    }

    /// The members, in the order they joined.
    pub fn members(&self) -> &[ConsumerGroupMember] {
        &self.members
    }

    /// One member.
    pub fn member(&self, member_id: &str) -> Option<&ConsumerGroupMember> {
        self.members.iter().find(|m| m.member_id == member_id)
    }

    /// A member's target partitions.
    pub fn target_of(&self, member_id: &str) -> &[TopicPartition] {
        self.target.get(member_id).map_or(&[], Vec::as_slice)
    }

    /// Who holds each partition (assigned or pending revocation).
    pub fn holders(&self) -> &BTreeMap<TopicPartition, String> {
        &self.holders
    }

    /// The group's state (`ConsumerGroup.updateState`).
    pub fn state(&self) -> ConsumerGroupState {
        if self.members.is_empty() {
            ConsumerGroupState::Empty
        } else if self.group_epoch > self.target_epoch {
            ConsumerGroupState::Assigning
        } else if self
            .members
            .iter()
            .any(|m| m.member_epoch != self.target_epoch || m.state != MemberState::Stable)
        {
            ConsumerGroupState::Reconciling
        } else {
            ConsumerGroupState::Stable
        }
    }

    /// Takes what happened since the last call.
    pub fn take_notes(&mut self) -> Vec<ConsumerNote> {
        std::mem::take(&mut self.notes)
    }

    fn note(&mut self, note: ConsumerNote) {
        if self.notes.len() < limits::NOTES_MAX {
            self.notes.push(note);
        }
    }

    fn bump(&mut self, at_ms: u64, reason: EpochBump, member_id: &str) {
        self.group_epoch += 1;
        self.note(ConsumerNote::GroupEpochBumped {
            at_ms,
            group_epoch: self.group_epoch,
            reason,
            member_id: member_id.to_string(),
        });
    }

    fn index(&self, member_id: &str) -> Option<usize> {
        self.members.iter().position(|m| m.member_id == member_id)
    }

    /// Handles a `ConsumerGroupHeartbeat` (`GroupMetadataManager.consumerGroupHeartbeat`).
    /// `partition_counts` are the subscribed topics' partition counts in the broker's metadata.
    pub fn heartbeat(
        &mut self,
        now_ms: u64,
        request: &HeartbeatRequest,
        partition_counts: &BTreeMap<String, u32>,
    ) -> HeartbeatResponse {
        let interval = self.heartbeat_interval_ms;
        if request.member_epoch == LEAVE_GROUP_MEMBER_EPOCH
            || request.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH
        {
            return self.leave(now_ms, request);
        }
        let i = match self.member_for(now_ms, request) {
            Ok(i) => i,
            Err(error) => return HeartbeatResponse::error(error, request, interval),
        };
        // `updateMemberSubscription`: a changed subscription, or a changed partition count of
        // a subscribed topic (`subscriptionMetadata`), bumps the group epoch.
        {
            let m = &mut self.members[i];
            m.client = request.client;
            m.rebalance_timeout_ms = request.rebalance_timeout_ms;
            m.session_deadline_ms = now_ms + u64::from(self.session_timeout_ms);
        }
        if self.members[i].subscribed_topics != request.subscribed_topics {
            let fresh = self.members[i].subscribed_topics.is_empty();
            self.members[i].subscribed_topics = request.subscribed_topics.clone();
            let reason = if fresh {
                EpochBump::MemberJoined
            } else {
                EpochBump::SubscriptionChanged
            };
            self.bump(now_ms, reason, &request.member_id);
        }
        let counts: BTreeMap<String, u32> = self
            .subscribed_topics()
            .into_iter()
            .filter_map(|t| partition_counts.get(&t).map(|&n| (t, n)))
            .collect_map();
        if counts != self.partition_counts {
            let was_empty = self.partition_counts.is_empty();
            self.partition_counts = counts;
            if !was_empty {
                self.bump(now_ms, EpochBump::MetadataChanged, &request.member_id);
            }
        }
        if self.group_epoch > self.target_epoch {
            self.update_target(now_ms);
        }
        self.reconcile(now_ms, i, request.owned.as_deref());
        self.note_if_stable(now_ms);
        let m = &self.members[i];
        HeartbeatResponse {
            correlation_id: request.correlation_id,
            error: ErrorCode::None,
            member_id: m.member_id.clone(),
            member_epoch: m.member_epoch,
            heartbeat_interval_ms: interval,
            assignment: Some(m.assigned.clone()),
        }
    }

    /// The member a heartbeat is for: joined, replaced (static), or checked
    /// (`throwIfMemberEpochIsInvalid`).
    fn member_for(&mut self, now_ms: u64, request: &HeartbeatRequest) -> Result<usize, ErrorCode> {
        if request.member_epoch == JOIN_GROUP_MEMBER_EPOCH {
            if let Some(instance_id) = &request.instance_id {
                return self.static_join(now_ms, request, instance_id);
            }
            if let Some(i) = self.index(&request.member_id) {
                return Ok(i);
            }
            if self.members.len() >= limits::MEMBERS_MAX {
                return Err(ErrorCode::GroupMaxSizeReached);
            }
            self.members.push(ConsumerGroupMember::joining(
                &request.member_id,
                None,
                request.client,
            ));
            return Ok(self.members.len() - 1);
        }
        let Some(i) = self.index(&request.member_id) else {
            return Err(ErrorCode::UnknownMemberId);
        };
        let m = &self.members[i];
        // A greater epoch than the member's, or a smaller one that is not the previous epoch
        // with a subset of its partitions (a lost response), is fenced.
        if request.member_epoch > m.member_epoch {
            return Err(ErrorCode::FencedMemberEpoch);
        }
        let owned_subset = request
            .owned
            .as_ref()
            .is_some_and(|owned| owned.iter().all(|tp| m.assigned.contains(tp)));
        if request.member_epoch < m.member_epoch
            && (request.member_epoch != m.previous_member_epoch || !owned_subset)
        {
            return Err(ErrorCode::FencedMemberEpoch);
        }
        Ok(i)
    }

    /// `getOrMaybeSubscribeStaticConsumerGroupMember`: a static member joining takes over the
    /// assignment of the member that held its instance id, if that one left with epoch -2;
    /// while that one has not left, the instance id is not released.
    fn static_join(
        &mut self,
        now_ms: u64,
        request: &HeartbeatRequest,
        instance_id: &str,
    ) -> Result<usize, ErrorCode> {
        let existing = self
            .members
            .iter()
            .position(|m| m.instance_id.as_deref() == Some(instance_id));
        let Some(i) = existing else {
            if self.members.len() >= limits::MEMBERS_MAX {
                return Err(ErrorCode::GroupMaxSizeReached);
            }
            self.members.push(ConsumerGroupMember::joining(
                &request.member_id,
                Some(instance_id.to_string()),
                request.client,
            ));
            return Ok(self.members.len() - 1);
        };
        if self.members[i].member_epoch != LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            return Err(ErrorCode::UnreleasedInstanceId);
        }
        let old_id = self.members[i].member_id.clone();
        let new_id = request.member_id.clone();
        // The new member inherits the old one's assignment and target; nothing else moves,
        // so the group epoch stays.
        let m = &mut self.members[i];
        m.member_id = new_id.clone();
        m.client = request.client;
        m.member_epoch = JOIN_GROUP_MEMBER_EPOCH;
        if let Some(target) = self.target.remove(&old_id) {
            self.target.insert(new_id.clone(), target);
        }
        for holder in self.holders.values_mut() {
            if *holder == old_id {
                *holder = new_id.clone();
            }
        }
        self.note(ConsumerNote::StaticMemberReplaced {
            at_ms: now_ms,
            old_member_id: old_id,
            new_member_id: new_id,
        });
        Ok(i)
    }

    /// A leave heartbeat: -1 removes the member and bumps the group epoch; -2 (static) keeps
    /// it and its assignment, without an epoch bump, until its session expires
    /// (`consumerGroupLeave` and `consumerGroupStaticMemberGroupLeave`).
    fn leave(&mut self, now_ms: u64, request: &HeartbeatRequest) -> HeartbeatResponse {
        let interval = self.heartbeat_interval_ms;
        let Some(i) = self.index(&request.member_id) else {
            return HeartbeatResponse::error(ErrorCode::UnknownMemberId, request, interval);
        };
        if request.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH
            && self.members[i].instance_id.is_some()
        {
            let m = &mut self.members[i];
            m.member_epoch = LEAVE_GROUP_STATIC_MEMBER_EPOCH;
            m.rebalance_deadline_ms = None;
            let member_id = m.member_id.clone();
            self.note(ConsumerNote::StaticMemberLeft {
                at_ms: now_ms,
                member_id,
            });
        } else {
            self.remove(now_ms, i, EpochBump::MemberLeft);
        }
        HeartbeatResponse {
            correlation_id: request.correlation_id,
            error: ErrorCode::None,
            member_id: request.member_id.clone(),
            member_epoch: request.member_epoch,
            heartbeat_interval_ms: interval,
            assignment: None,
        }
    }

    /// Removes a member and releases its partitions (`removeMember` and the fencing paths).
    fn remove(&mut self, now_ms: u64, i: usize, reason: EpochBump) {
        let m = self.members.remove(i);
        self.holders.retain(|_, holder| *holder != m.member_id);
        self.target.remove(&m.member_id);
        self.note(ConsumerNote::MemberRemoved {
            at_ms: now_ms,
            member_id: m.member_id.clone(),
            reason,
        });
        self.bump(now_ms, reason, &m.member_id);
        self.note_if_stable(now_ms);
    }

    fn subscribed_topics(&self) -> Vec<String> {
        let mut topics: Vec<String> = self
            .members
            .iter()
            .flat_map(|m| m.subscribed_topics.iter().cloned())
            .collect();
        stable_sort::sort(&mut topics);
        topics.dedup();
        topics
    }

    /// `TargetAssignmentBuilder`: the assignor's answer becomes the target at the group epoch.
    fn update_target(&mut self, now_ms: u64) {
        self.target = target_assignment(
            self.assignor,
            &self.members,
            &self.target,
            &self.partition_counts,
        );
        self.target_epoch = self.group_epoch;
        let assignment = self
            .members
            .iter()
            .map(|m| (m.member_id.clone(), self.target_of(&m.member_id).to_vec()))
            .collect();
        self.note(ConsumerNote::TargetAssignment {
            at_ms: now_ms,
            target_epoch: self.target_epoch,
            assignment,
        });
    }

    /// Moves member `i` one step towards its target, keeps `holders` in step and arms or
    /// clears its revocation deadline.
    fn reconcile(&mut self, now_ms: u64, i: usize, owned: Option<&[TopicPartition]>) {
        let m = &self.members[i];
        if m.member_epoch == LEAVE_GROUP_STATIC_MEMBER_EPOCH {
            return;
        }
        let holders = &self.holders;
        let me = m.member_id.as_str();
        let target = self.target.get(me).map_or(&[][..], Vec::as_slice);
        let held_by_other = |tp: &TopicPartition| holders.get(tp).is_some_and(|h| h != me);
        let next = next_assignment(m, self.target_epoch, target, owned, &held_by_other);
        if next == *m {
            return;
        }
        let was_unrevoked = m.state == MemberState::UnrevokedPartitions;
        let id = m.member_id.clone();
        self.holders.retain(|_, holder| *holder != id);
        for tp in next.holds() {
            let previous = self.holders.insert(tp.clone(), id.clone());
            debug_assert!(previous.is_none(), "{tp} held by two members");
        }
        let mut next = next;
        if next.state == MemberState::UnrevokedPartitions {
            if !was_unrevoked {
                next.rebalance_deadline_ms = Some(now_ms + u64::from(next.rebalance_timeout_ms));
            }
        } else {
            next.rebalance_deadline_ms = None;
        }
        self.members[i] = next;
    }

    fn note_if_stable(&mut self, now_ms: u64) {
        if self.state() == ConsumerGroupState::Stable && self.stable_epoch != self.target_epoch {
            self.stable_epoch = self.target_epoch;
            self.note(ConsumerNote::Stable {
                at_ms: now_ms,
                target_epoch: self.target_epoch,
            });
        }
    }

    /// The next session or revocation deadline.
    pub fn next_deadline_ms(&self) -> Option<u64> {
        self.members
            .iter()
            .flat_map(|m| [Some(m.session_deadline_ms), m.rebalance_deadline_ms])
            .flatten()
            .min()
    }

    /// Fences the members whose session expired or who did not revoke in time.
    pub fn expire(&mut self, now_ms: u64) {
        while let Some(i) = self.members.iter().position(|m| {
            m.session_deadline_ms <= now_ms || m.rebalance_deadline_ms.is_some_and(|d| d <= now_ms)
        }) {
            let reason = if self.members[i].session_deadline_ms <= now_ms {
                EpochBump::SessionExpired
            } else {
                EpochBump::RevocationTimeout
            };
            self.remove(now_ms, i, reason);
        }
    }

    /// OffsetCommit's member check (`ConsumerGroup.validateOffsetCommit`): a commit from
    /// outside the group is accepted only while the group is empty; a member must exist and
    /// send exactly its current member epoch.
    pub fn validate_offset_commit(
        &self,
        member_id: &str,
        instance_id: Option<&str>,
        member_epoch: i32,
    ) -> ErrorCode {
        if member_epoch < 0 && member_id.is_empty() && instance_id.is_none() {
            return if self.members.is_empty() {
                ErrorCode::None
            } else {
                ErrorCode::UnknownMemberId
            };
        }
        match self.member(member_id) {
            None => ErrorCode::UnknownMemberId,
            Some(m) if m.member_epoch != member_epoch => ErrorCode::StaleMemberEpoch,
            Some(_) => ErrorCode::None,
        }
    }
}
