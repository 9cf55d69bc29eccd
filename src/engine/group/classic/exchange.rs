//! The runtime's link to the classic coordinator: the requests and answers that travel between
//! the members and it (`rtt_ms / 2` each way), a request arriving at the coordinator, an answer
//! arriving at a member (dropped when it was meant for an earlier life), deferred replies routed
//! to their connection, and the coordinator's notes turned into group events and rebalance
//! records.

use super::protocol::{JoinRequest, JoinResponse, Reply, SyncRequest, SyncResponse};
use super::CoordinatorNote;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::client::AfterCommit;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::limits;
use crate::engine::group::log_view::LogView;
use crate::engine::group::protocol::{ErrorCode, MemberRef, RebalanceReason};
use crate::engine::group::runtime::{client_id, ConsumerGroup};
use crate::engine::group::view::RebalanceRecord;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::engine::group) enum Request {
    Join(JoinRequest),
    Sync(SyncRequest),
    Heartbeat(MemberRef),
    Leave(MemberRef, RebalanceReason),
    Commit {
        member: MemberRef,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(in crate::engine::group) enum Response {
    Join(JoinResponse),
    Sync(SyncResponse),
    Heartbeat {
        error: ErrorCode,
        generation: i32,
    },
    Commit {
        error: ErrorCode,
        /// The member id and generation the request was sent with (the handler's
        /// `sentGeneration`).
        sent: MemberRef,
        offsets: Vec<(TopicPartition, u64)>,
        then: Option<AfterCommit>,
        per_record: bool,
    },
}

impl ConsumerGroup {
    pub(in crate::engine::group) fn at_coordinator(
        &mut self,
        from: usize,
        incarnation: u32,
        request: Request,
        events: &mut Vec<GroupEvent>,
    ) {
        let now = self.now_ms;
        let client = client_id(from, incarnation);
        match request {
            Request::Join(r) => {
                let replies = self.coordinator.join_group(now, r);
                self.route_replies(replies);
            }
            Request::Sync(r) => {
                let replies = self.coordinator.sync_group(now, r);
                self.route_replies(replies);
            }
            Request::Heartbeat(m) => {
                let error = self.coordinator.heartbeat(now, &m);
                self.respond(
                    client,
                    Response::Heartbeat {
                        error,
                        generation: m.generation,
                    },
                );
            }
            Request::Leave(m, reason) => {
                let (_, replies) = self.coordinator.leave_group(
                    now,
                    &m.member_id,
                    m.instance_id.as_deref(),
                    reason,
                );
                self.route_replies(replies);
            }
            Request::Commit {
                member,
                offsets,
                then,
                per_record,
            } => {
                let error = match &self.kip848 {
                    // The `consumer` protocol checks the member epoch; the offsets are kept in
                    // the same `__consumer_offsets` model.
                    Some(k) => {
                        let error = k.coordinator.validate_offset_commit(
                            &member.member_id,
                            member.instance_id.as_deref(),
                            member.generation,
                        );
                        if error == ErrorCode::None {
                            self.coordinator.store_offsets(&offsets);
                        }
                        error
                    }
                    None => self.coordinator.commit_offsets(now, &member, &offsets),
                };
                if error == ErrorCode::None {
                    let name = self
                        .members
                        .get(from)
                        .map(|c| c.name.clone())
                        .unwrap_or_default();
                    for (tp, o) in &offsets {
                        self.ledger.committed(now, &name, tp, *o);
                    }
                }
                self.respond(
                    client,
                    Response::Commit {
                        error,
                        sent: member,
                        offsets,
                        then,
                        per_record,
                    },
                );
            }
        }
        self.drain_notes(events);
    }

    /// An answer reaches member `to`; it is dropped when it was meant for an earlier life of the
    /// process or the process is not running.
    pub(in crate::engine::group) fn at_consumer(
        &mut self,
        to: usize,
        incarnation: u32,
        response: Response,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        let Some(c) = self.members.get(to) else {
            return;
        };
        if c.incarnation != incarnation || !c.status.is_running() {
            return;
        }
        match response {
            Response::Join(r) => self.on_join_response(to, r, logs, events),
            Response::Sync(r) => self.on_sync_response(to, r, events),
            Response::Heartbeat { error, generation } => {
                self.on_heartbeat_response(to, error, generation, events)
            }
            Response::Commit {
                error,
                sent,
                offsets,
                then,
                per_record,
            } => self.on_commit_response(to, error, &sent, offsets, then, per_record, logs, events),
        }
    }

    pub(in crate::engine::group) fn route_replies(&mut self, replies: Vec<Reply>) {
        for reply in replies {
            match reply {
                Reply::Join(c, r) => self.respond(c, Response::Join(r)),
                Reply::Sync(c, r) => self.respond(c, Response::Sync(r)),
            }
        }
    }

    pub(in crate::engine::group) fn drain_notes(&mut self, events: &mut Vec<GroupEvent>) {
        for note in self.coordinator.take_notes() {
            let (at_ms, member_id, kind) = match note {
                CoordinatorNote::RebalanceStarted {
                    at_ms,
                    generation,
                    reason,
                    member_id,
                } => {
                    self.last_rebalance_reason = Some(reason);
                    (
                        at_ms,
                        member_id,
                        GroupEventKind::RebalanceStarted { generation, reason },
                    )
                }
                CoordinatorNote::GenerationStarted {
                    at_ms,
                    generation,
                    leader,
                    protocol,
                    members,
                } => (
                    at_ms,
                    leader,
                    GroupEventKind::GenerationStarted {
                        generation,
                        protocol,
                        members: members as u32,
                    },
                ),
                CoordinatorNote::Stabilized { at_ms, generation } => {
                    let moved = self.record_rebalance(at_ms, generation);
                    (
                        at_ms,
                        String::new(),
                        GroupEventKind::RebalanceCompleted { generation, moved },
                    )
                }
                CoordinatorNote::MemberRemoved {
                    at_ms,
                    member_id,
                    reason,
                    ..
                } => {
                    let kind = if reason == RebalanceReason::SessionExpired {
                        GroupEventKind::SessionExpired {
                            member_id: member_id.clone(),
                        }
                    } else {
                        GroupEventKind::MemberRemoved {
                            member_id: member_id.clone(),
                            reason,
                        }
                    };
                    (at_ms, member_id, kind)
                }
                CoordinatorNote::StaticMemberReplaced {
                    at_ms,
                    old_member_id,
                    new_member_id,
                    rebalance,
                    ..
                } => (
                    at_ms,
                    new_member_id.clone(),
                    GroupEventKind::StaticMemberReplaced {
                        old_member_id,
                        new_member_id,
                        rebalance,
                    },
                ),
            };
            let member = self
                .members
                .iter()
                .find(|c| {
                    !member_id.is_empty()
                        && (c.member_id == member_id
                            || member_id.starts_with(&format!("{}-", c.name))
                            || c.instance_id
                                .as_ref()
                                .is_some_and(|inst| member_id.starts_with(&format!("{inst}-"))))
                })
                .map(|c| c.name.clone());
            events.push(GroupEvent {
                at_ms,
                member,
                kind,
            });
        }
    }

    fn record_rebalance(&mut self, at_ms: u64, generation: i32) -> u32 {
        let assignment: Vec<(String, Vec<TopicPartition>)> = self
            .coordinator
            .assignments()
            .into_iter()
            .map(|(id, list)| (self.name_of(&id), list))
            .collect();
        let protocol = self.coordinator.protocol();
        let reason = self.last_rebalance_reason;
        self.note_completed_rebalance(at_ms, generation, protocol, reason, assignment)
    }

    /// Records a completed rebalance of either protocol: who owns what now, and how many
    /// partitions changed owner since the last one.
    pub(in crate::engine::group) fn note_completed_rebalance(
        &mut self,
        at_ms: u64,
        generation: i32,
        protocol: Option<crate::engine::AssignorKind>,
        reason: Option<RebalanceReason>,
        assignment: Vec<(String, Vec<TopicPartition>)>,
    ) -> u32 {
        let mut owners: BTreeMap<TopicPartition, String> = BTreeMap::new();
        for (name, list) in &assignment {
            for tp in list {
                owners.insert(tp.clone(), name.clone());
            }
        }
        let moved = self
            .previous_owners
            .iter()
            .filter(|(tp, owner)| owners.get(*tp) != Some(*owner))
            .count() as u32;
        self.previous_owners = owners;
        self.metrics.rebalances_completed += 1;
        if self.rebalances.len() >= limits::REBALANCES_KEPT_MAX {
            self.rebalances.remove(0);
            self.rebalances_truncated = true;
        }
        self.rebalances.push(RebalanceRecord {
            generation,
            at_ms,
            protocol,
            reason,
            moved,
            assignment,
        });
        moved
    }
}
