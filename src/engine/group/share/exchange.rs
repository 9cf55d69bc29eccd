//! The runtime's link to a share group's broker side: the group's share state (the
//! coordinator, the share partitions, each member's acknowledgements waiting for its next
//! poll), `ShareGroupHeartbeat` travelling `rtt_ms / 2` each way, and the two kinds of deadline
//! the broker keeps: member sessions and acquisition locks. Lock expiry
//! (`AcquisitionLockTimerTask`) is what brings a crashed member's records back.

use super::config::ShareConfig;
use super::coordinator::{
    ShareCoordinator, ShareHeartbeatRequest, ShareHeartbeatResponse, ShareNote,
};
use super::partition::{AckType, Archived, SharePartition};
use crate::engine::assignor::TopicPartition;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::log_view::LogView;
use crate::engine::group::runtime::{ConsumerGroup, Pending};
use crate::engine::rng::Rng;
use std::collections::BTreeMap;
use std::rc::Rc;

/// A heartbeat or its answer in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::engine::group) enum ShareMessage {
    ToCoordinator {
        request: ShareHeartbeatRequest,
    },
    ToMember {
        to: usize,
        incarnation: u32,
        response: ShareHeartbeatResponse,
    },
}

/// One member's side beyond the shared client state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(in crate::engine::group) struct ShareMembership {
    /// A heartbeat is in flight (the next waits for its answer).
    pub heartbeat_in_flight: bool,
    /// Joined, or joining: a heartbeat with epoch 0 was sent in this life.
    pub joined: bool,
    /// Acknowledgements to send with the next poll.
    pub pending_acks: Vec<(Rc<TopicPartition>, u64, AckType)>,
}

/// A share group's state beside the shared runtime.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::engine::group) struct ShareState {
    pub coordinator: ShareCoordinator,
    /// The share partitions, created at their first fetch.
    pub partitions: BTreeMap<TopicPartition, SharePartition>,
    /// Per member (same index as the group's members).
    pub memberships: Vec<ShareMembership>,
    /// The earliest acquisition lock over every partition, kept after each change.
    pub lock_deadline_ms: Option<u64>,
    /// When a lock first expired, if one has.
    pub first_lock_expiry_ms: Option<u64>,
}

impl ShareState {
    pub fn new(config: &ShareConfig, rng: Rng) -> Self {
        ShareState {
            coordinator: ShareCoordinator::new(
                config.session_timeout_ms,
                config.heartbeat_interval_ms,
                rng,
            ),
            partitions: BTreeMap::new(),
            memberships: Vec::new(),
            lock_deadline_ms: None,
            first_lock_expiry_ms: None,
        }
    }

    pub fn refresh_lock_deadline(&mut self) {
        self.lock_deadline_ms = self
            .partitions
            .values()
            .filter_map(SharePartition::next_lock_expiry_ms)
            .min();
    }

    pub fn next_deadline_ms(&self) -> Option<u64> {
        [self.coordinator.next_deadline_ms(), self.lock_deadline_ms]
            .into_iter()
            .flatten()
            .min()
    }
}

impl ConsumerGroup {
    pub(in crate::engine::group) fn share_mut(&mut self) -> &mut ShareState {
        self.share.as_deref_mut().expect("a share group")
    }

    pub(in crate::engine::group) fn share_membership(&mut self, i: usize) -> &mut ShareMembership {
        let s = self.share_mut();
        if s.memberships.len() <= i {
            s.memberships.resize_with(i + 1, ShareMembership::default);
        }
        &mut s.memberships[i]
    }

    pub(in crate::engine::group) fn send_share_heartbeat(
        &mut self,
        request: ShareHeartbeatRequest,
    ) {
        let at = self.now_ms + u64::from(self.config.rtt_ms / 2);
        self.schedule(
            at,
            Pending::ShareProtocol(Box::new(ShareMessage::ToCoordinator { request })),
        );
    }

    fn subscribed_counts(&self, logs: &dyn LogView) -> BTreeMap<String, u32> {
        self.config
            .topics
            .iter()
            .filter_map(|t| logs.n_partitions(t).map(|n| (t.clone(), n)))
            .collect_map()
    }

    /// A heartbeat or an answer arrives.
    pub(in crate::engine::group) fn share_deliver(
        &mut self,
        message: ShareMessage,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        self.phases_dirty = true;
        match message {
            ShareMessage::ToCoordinator { request } => {
                let counts = self.subscribed_counts(logs);
                let now = self.now_ms;
                let response = self
                    .share_mut()
                    .coordinator
                    .heartbeat(now, &request, &counts);
                let (to, incarnation) = ((request.client >> 32) as usize, request.client as u32);
                self.drain_share_notes(events);
                if request.member_epoch < 0 {
                    return;
                }
                let at = now + u64::from(self.config.rtt_ms / 2);
                self.schedule(
                    at,
                    Pending::ShareProtocol(Box::new(ShareMessage::ToMember {
                        to,
                        incarnation,
                        response,
                    })),
                );
            }
            ShareMessage::ToMember {
                to,
                incarnation,
                response,
            } => {
                let Some(c) = self.members.get(to) else {
                    return;
                };
                if c.incarnation != incarnation || !c.status.is_running() {
                    return;
                }
                self.on_share_heartbeat_response(to, response, events);
            }
        }
    }

    /// The broker's deadlines due now: sessions, then acquisition locks.
    pub(in crate::engine::group) fn share_expire(
        &mut self,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        self.phases_dirty = true;
        let now = self.now_ms;
        if self
            .share_mut()
            .coordinator
            .next_deadline_ms()
            .is_some_and(|d| d <= now)
        {
            let counts = self.subscribed_counts(logs);
            self.share_mut().coordinator.expire(now, &counts);
            self.drain_share_notes(events);
        }
        if self.share_mut().lock_deadline_ms.is_some_and(|d| d <= now) {
            let limit = self.config.share.delivery_count_limit;
            let mut expired_tps = Vec::new();
            let s = self.share_mut();
            for (tp, sp) in s.partitions.iter_mut() {
                let mut archived = Vec::new();
                let n = sp.expire_locks(now, limit, &mut archived);
                if n > 0 {
                    expired_tps.push((tp.clone(), n, archived, sp.start_offset()));
                }
            }
            s.refresh_lock_deadline();
            if !expired_tps.is_empty() {
                s.first_lock_expiry_ms.get_or_insert(now);
            }
            for (tp, records, archived, start) in expired_tps {
                events.push(GroupEvent {
                    at_ms: now,
                    member: None,
                    kind: GroupEventKind::ShareLocksExpired {
                        tp: tp.clone(),
                        records,
                    },
                });
                self.share_archived_events(None, &tp, &archived, events);
                if let Some(start) = start {
                    self.ledger.committed(now, "", &tp, start);
                }
            }
        }
    }

    pub(in crate::engine::group) fn share_archived_events(
        &self,
        member: Option<String>,
        tp: &TopicPartition,
        archived: &[Archived],
        events: &mut Vec<GroupEvent>,
    ) {
        for a in archived {
            events.push(GroupEvent {
                at_ms: self.now_ms,
                member: member.clone(),
                kind: GroupEventKind::ShareRecordArchived {
                    tp: tp.clone(),
                    offset: a.offset,
                    delivery_count: a.delivery_count,
                },
            });
        }
    }

    fn drain_share_notes(&mut self, events: &mut Vec<GroupEvent>) {
        let notes = self.share_mut().coordinator.take_notes();
        for note in notes {
            let (at_ms, member_id, kind) = match note {
                ShareNote::GroupEpochBumped { at_ms, group_epoch } => (
                    at_ms,
                    String::new(),
                    GroupEventKind::ShareGroupEpochBumped { group_epoch },
                ),
                ShareNote::SessionExpired { at_ms, member_id } => (
                    at_ms,
                    member_id.clone(),
                    GroupEventKind::SessionExpired { member_id },
                ),
                ShareNote::MemberLeft { .. } => continue,
            };
            let member = self
                .members
                .iter()
                .find(|c| !member_id.is_empty() && c.member_id == member_id)
                .map(|c| c.name.clone());
            events.push(GroupEvent {
                at_ms,
                member,
                kind,
            });
        }
    }
}
