//! The group coordinator's side of a share group (`GroupMetadataManager.shareGroupHeartbeat`
//! and `ShareGroup`, Kafka trunk of October 2024): members join with member epoch 0 and get a
//! member id, the group epoch is bumped when the membership, a subscription or the subscribed
//! partitions change, the target assignment is recomputed with the share group's assignor
//! (`SimpleAssignor`, `assignor.rs`), and a member moves to the target at its next heartbeat in
//! one step (a share group has nothing to revoke first: several members may hold a
//! partition). `throwIfShareGroupMemberEpochIsInvalid` fences a wrong epoch; the session times
//! out after `group.share.session.timeout.ms` without a heartbeat; epoch -1 leaves.

use super::assignor::simple_assign;
use crate::engine::assignor::TopicPartition;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::group::protocol::{ClientId, ErrorCode};
use crate::engine::rng::Rng;
use std::collections::BTreeMap;

/// Member epoch 0: join.
pub const JOIN_MEMBER_EPOCH: i32 = 0;
/// Member epoch -1: leave (`ShareGroupHeartbeatRequest.LEAVE_GROUP_MEMBER_EPOCH`).
pub const LEAVE_MEMBER_EPOCH: i32 = -1;

/// A `ShareGroupHeartbeat` request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareHeartbeatRequest {
    /// The connection to answer.
    pub client: ClientId,
    /// Empty to join.
    pub member_id: String,
    /// 0 to join, -1 to leave, else its epoch.
    pub member_epoch: i32,
    /// The subscription.
    pub subscribed_topics: Vec<String>,
}

/// A `ShareGroupHeartbeat` response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareHeartbeatResponse {
    /// `NONE`, `UNKNOWN_MEMBER_ID` or `FENCED_MEMBER_EPOCH`.
    pub error: ErrorCode,
    /// The member id.
    pub member_id: String,
    /// Its member epoch.
    pub member_epoch: i32,
    /// `group.share.heartbeat.interval.ms`.
    pub heartbeat_interval_ms: u32,
    /// The assignment, sent when it changed (and on a join).
    pub assignment: Option<Vec<TopicPartition>>,
}

/// `ShareGroupMember`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareGroupMember {
    /// Its member id.
    pub member_id: String,
    /// Its member epoch.
    pub member_epoch: i32,
    /// The epoch before (a heartbeat with it is still accepted).
    pub previous_member_epoch: i32,
    /// Its subscription.
    pub subscribed_topics: Vec<String>,
    /// Its assignment.
    pub assigned: Vec<TopicPartition>,
    /// When its session expires without a heartbeat, in ms.
    pub session_deadline_ms: u64,
}

/// What the coordinator did, for the group's events.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareNote {
    /// The group epoch was bumped (a member joined or left, or the metadata changed).
    GroupEpochBumped { at_ms: u64, group_epoch: i32 },
    /// A member's session expired.
    SessionExpired { at_ms: u64, member_id: String },
    /// A member left with epoch -1.
    MemberLeft { at_ms: u64, member_id: String },
}

/// The coordinator's state of one share group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareCoordinator {
    group_epoch: i32,
    assignment_epoch: i32,
    /// In join order (the order `SimpleAssignor` sees them is irrelevant: all get the same).
    members: Vec<ShareGroupMember>,
    /// The partition count of each subscribed topic at the last epoch.
    subscription_metadata: BTreeMap<String, u32>,
    session_timeout_ms: u32,
    heartbeat_interval_ms: u32,
    rng: Rng,
    notes: Vec<ShareNote>,
}

impl ShareCoordinator {
    /// An empty group.
    pub fn new(session_timeout_ms: u32, heartbeat_interval_ms: u32, rng: Rng) -> Self {
        ShareCoordinator {
            group_epoch: 0,
            assignment_epoch: 0,
            members: Vec::new(),
            subscription_metadata: BTreeMap::new(),
            session_timeout_ms,
            heartbeat_interval_ms,
            rng,
            notes: Vec::new(),
        }
    }

    /// The group epoch.
    pub fn group_epoch(&self) -> i32 {
        self.group_epoch
    }

    /// The members, in join order.
    pub fn members(&self) -> &[ShareGroupMember] {
        &self.members
    }

    /// What happened since the last call.
    pub fn take_notes(&mut self) -> Vec<ShareNote> {
        std::mem::take(&mut self.notes)
    }

    /// The next session deadline.
    pub fn next_deadline_ms(&self) -> Option<u64> {
        self.members.iter().map(|m| m.session_deadline_ms).min()
    }

    /// `Uuid.randomUuid().toString()`, drawn from the seed.
    fn new_member_id(&mut self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    fn bump(&mut self, now_ms: u64) {
        self.group_epoch += 1;
        self.notes.push(ShareNote::GroupEpochBumped {
            at_ms: now_ms,
            group_epoch: self.group_epoch,
        });
    }

    /// `updateTargetAssignment` with `SimpleAssignor`: every member's target.
    fn update_target(&mut self, counts: &BTreeMap<String, u32>) {
        for m in &mut self.members {
            m.assigned = simple_assign(&m.subscribed_topics, counts);
        }
        self.assignment_epoch = self.group_epoch;
    }

    /// `shareGroupHeartbeat`. `counts` holds the partition count of every subscribed topic.
    pub fn heartbeat(
        &mut self,
        now_ms: u64,
        request: &ShareHeartbeatRequest,
        counts: &BTreeMap<String, u32>,
    ) -> ShareHeartbeatResponse {
        let heartbeat_interval_ms = self.heartbeat_interval_ms;
        let error = |e: ErrorCode| ShareHeartbeatResponse {
            error: e,
            member_id: request.member_id.clone(),
            member_epoch: request.member_epoch,
            heartbeat_interval_ms,
            assignment: None,
        };
        if request.member_epoch == LEAVE_MEMBER_EPOCH {
            // `shareGroupLeave`: the member is removed and the group epoch bumped.
            if let Some(k) = self
                .members
                .iter()
                .position(|m| m.member_id == request.member_id)
            {
                let m = self.members.remove(k);
                self.notes.push(ShareNote::MemberLeft {
                    at_ms: now_ms,
                    member_id: m.member_id,
                });
                self.bump(now_ms);
                self.update_target(counts);
            }
            return error(ErrorCode::None);
        }
        let joining = request.member_epoch == JOIN_MEMBER_EPOCH;
        let k = match self
            .members
            .iter()
            .position(|m| m.member_id == request.member_id)
        {
            Some(k) => {
                let m = &self.members[k];
                // `throwIfShareGroupMemberEpochIsInvalid`.
                if !joining
                    && request.member_epoch != m.member_epoch
                    && request.member_epoch != m.previous_member_epoch
                {
                    return error(ErrorCode::FencedMemberEpoch);
                }
                k
            }
            None if joining => {
                let member_id = if request.member_id.is_empty() {
                    self.new_member_id()
                } else {
                    request.member_id.clone()
                };
                self.members.push(ShareGroupMember {
                    member_id,
                    member_epoch: 0,
                    previous_member_epoch: 0,
                    subscribed_topics: Vec::new(),
                    assigned: Vec::new(),
                    session_deadline_ms: now_ms,
                });
                self.members.len() - 1
            }
            // `getOrMaybeSubscribeShareGroupMember`: an unknown member not joining.
            None => return error(ErrorCode::UnknownMemberId),
        };
        let old_assigned = self.members[k].assigned.clone();
        let mut bump = self.members[k].subscribed_topics != request.subscribed_topics;
        self.members[k].subscribed_topics = request.subscribed_topics.clone();
        let metadata: BTreeMap<String, u32> = self
            .members
            .iter()
            .flat_map(|m| m.subscribed_topics.iter())
            .filter_map(|t| counts.get(t).map(|n| (t.clone(), *n)))
            .collect_map();
        if metadata != self.subscription_metadata {
            self.subscription_metadata = metadata;
            bump = true;
        }
        if bump {
            self.bump(now_ms);
        }
        if self.group_epoch > self.assignment_epoch {
            self.update_target(counts);
        }
        // `maybeReconcile`: straight to the target, no revocation step.
        let epoch = self.assignment_epoch;
        let m = &mut self.members[k];
        if m.member_epoch != epoch {
            m.previous_member_epoch = m.member_epoch;
            m.member_epoch = epoch;
        }
        m.session_deadline_ms = now_ms + u64::from(self.session_timeout_ms);
        ShareHeartbeatResponse {
            error: ErrorCode::None,
            member_id: m.member_id.clone(),
            member_epoch: m.member_epoch,
            heartbeat_interval_ms: self.heartbeat_interval_ms,
            assignment: (joining || m.assigned != old_assigned).then(|| m.assigned.clone()),
        }
    }

    /// Sessions due by `now_ms` expire: the member is removed, the group epoch bumped.
    pub fn expire(&mut self, now_ms: u64, counts: &BTreeMap<String, u32>) {
        let mut expired = false;
        while let Some(k) = self
            .members
            .iter()
            .position(|m| m.session_deadline_ms <= now_ms)
        {
            let m = self.members.remove(k);
            self.notes.push(ShareNote::SessionExpired {
                at_ms: now_ms,
                member_id: m.member_id,
            });
            expired = true;
        }
        if expired {
            self.bump(now_ms);
            self.update_target(counts);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts() -> BTreeMap<String, u32> {
        [("orders".to_string(), 3)].into_iter().collect()
    }

    fn join(c: &mut ShareCoordinator, now: u64) -> ShareHeartbeatResponse {
        c.heartbeat(
            now,
            &ShareHeartbeatRequest {
                client: 0,
                member_id: String::new(),
                member_epoch: 0,
                subscribed_topics: vec!["orders".to_string()],
            },
            &counts(),
        )
    }

    // `GroupMetadataManagerTest.testShareGroupMemberJoinsEmptyGroup`-like: the epoch is bumped
    // and every member gets every partition (SimpleAssignor).
    #[test]
    fn members_join_and_share_every_partition() {
        let mut c = ShareCoordinator::new(45_000, 5_000, Rng::new(1));
        let a = join(&mut c, 0);
        assert_eq!(a.member_epoch, 1);
        assert_eq!(a.assignment.as_ref().map(Vec::len), Some(3));
        let b = join(&mut c, 10);
        assert_eq!(b.member_epoch, 2);
        assert_eq!(b.assignment, a.assignment);
        assert_ne!(a.member_id, b.member_id);
    }

    // `throwIfShareGroupMemberEpochIsInvalid`: an epoch ahead is fenced.
    #[test]
    fn a_greater_epoch_is_fenced() {
        let mut c = ShareCoordinator::new(45_000, 5_000, Rng::new(1));
        let a = join(&mut c, 0);
        let r = c.heartbeat(
            5,
            &ShareHeartbeatRequest {
                client: 0,
                member_id: a.member_id.clone(),
                member_epoch: 7,
                subscribed_topics: vec!["orders".to_string()],
            },
            &counts(),
        );
        assert_eq!(r.error, ErrorCode::FencedMemberEpoch);
    }

    #[test]
    fn a_silent_member_expires() {
        let mut c = ShareCoordinator::new(45_000, 5_000, Rng::new(1));
        join(&mut c, 0);
        assert_eq!(c.next_deadline_ms(), Some(45_000));
        c.expire(45_000, &counts());
        assert!(c.members().is_empty());
        assert_eq!(c.group_epoch(), 2);
    }
}
