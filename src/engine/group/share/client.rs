//! A share consumer over time (`KafkaShareConsumer`: `ShareConsumerImpl`,
//! `ShareConsumeRequestManager`, `ShareMembershipManager`): it joins with a
//! `ShareGroupHeartbeat` of epoch 0 from its first `poll()`, heartbeats at the interval the
//! coordinator gives, takes its assignment from the answers; each `poll()` sends the
//! acknowledgements gathered since the last one (implicit mode: every record the last poll
//! returned is accepted; explicit mode: each as the application acknowledged it) and acquires
//! up to `max.poll.records` records from its share partitions. A poison record (its key in the
//! group's `poison_keys`) throws in processing: in explicit mode the application releases or
//! rejects it (`on_poison`), in implicit mode the exception stops the consumer, whose records
//! come back when their locks expire. Closing sends the acknowledgements, releases what the
//! member still holds (`releaseAcquiredRecords`) and leaves with epoch -1.

use super::config::AcknowledgementMode;
use super::coordinator::{
    ShareHeartbeatRequest, ShareHeartbeatResponse, JOIN_MEMBER_EPOCH, LEAVE_MEMBER_EPOCH,
};
use super::partition::AckType;
use crate::engine::assignor::TopicPartition;
use crate::engine::group::client::{ClientError, InFlight, MemberStatus};
use crate::engine::group::config::OffsetReset;
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::log_view::LogView;
use crate::engine::group::protocol::ErrorCode;
use crate::engine::group::runtime::{client_id, ConsumerGroup, Pending};
use crate::engine::stable_sort;
use std::rc::Rc;

impl ConsumerGroup {
    fn share_request(&self, i: usize, member_epoch: i32) -> ShareHeartbeatRequest {
        let c = &self.members[i];
        ShareHeartbeatRequest {
            client: client_id(i, c.incarnation),
            member_id: c.member_id.clone(),
            member_epoch,
            subscribed_topics: self.config.topics.clone(),
        }
    }

    fn share_join(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        self.phases_dirty = true;
        self.members[i].rejoin = None;
        let c = &mut self.members[i];
        c.status = MemberStatus::Joining;
        c.generation = JOIN_MEMBER_EPOCH;
        c.heartbeat_epoch += 1;
        let m = self.share_membership(i);
        m.joined = true;
        m.heartbeat_in_flight = true;
        let request = self.share_request(i, JOIN_MEMBER_EPOCH);
        self.send_share_heartbeat(request);
        events.push(self.event(
            i,
            GroupEventKind::ShareHeartbeatSent {
                member_epoch: JOIN_MEMBER_EPOCH,
            },
        ));
    }

    /// The periodic heartbeat.
    pub(in crate::engine::group) fn share_heartbeat_tick(&mut self, i: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if c.heartbeat_epoch != epoch || !c.status.is_running() || c.generation <= 0 {
            return;
        }
        if self.share_membership(i).heartbeat_in_flight {
            return;
        }
        self.share_membership(i).heartbeat_in_flight = true;
        let request = self.share_request(i, self.members[i].generation);
        self.send_share_heartbeat(request);
    }

    pub(in crate::engine::group) fn on_share_heartbeat_response(
        &mut self,
        i: usize,
        response: ShareHeartbeatResponse,
        events: &mut Vec<GroupEvent>,
    ) {
        self.share_membership(i).heartbeat_in_flight = false;
        match response.error {
            ErrorCode::None => {}
            // `ShareMembershipManager.transitionToFenced`: give up the assignment, rejoin
            // with epoch 0 and the same member id.
            error => {
                events.push(self.event(i, GroupEventKind::HeartbeatFailed { error }));
                let c = &mut self.members[i];
                c.owned.clear();
                c.generation = JOIN_MEMBER_EPOCH;
                if error == ErrorCode::UnknownMemberId {
                    c.member_id.clear();
                }
                self.share_membership(i).joined = false;
                self.members[i].rejoin =
                    Some(crate::engine::group::protocol::RebalanceReason::Join);
                return;
            }
        }
        let c = &mut self.members[i];
        c.member_id = response.member_id;
        let new_epoch = response.member_epoch != c.generation;
        c.generation = response.member_epoch;
        c.status = MemberStatus::Stable;
        if let Some(assignment) = response.assignment {
            c.owned = assignment;
            let partitions = c.owned.len() as u32;
            events.push(self.event(
                i,
                GroupEventKind::ShareAssigned {
                    member_epoch: response.member_epoch,
                    partitions,
                },
            ));
        } else if new_epoch {
            self.phases_dirty = true;
        }
        let epoch = self.members[i].heartbeat_epoch;
        self.schedule(
            self.now_ms + u64::from(response.heartbeat_interval_ms),
            Pending::Heartbeat { member: i, epoch },
        );
    }

    /// `ShareConsumerImpl.poll`: join if needed, send the acknowledgements, acquire records.
    pub(in crate::engine::group) fn share_poll(
        &mut self,
        i: usize,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        if !self.share_membership(i).joined {
            self.share_join(i, events);
        }
        self.send_share_acks(i, events);
        let owned = std::mem::take(&mut self.members[i].owned);
        let batch = self.share_fetch(i, &owned, logs);
        self.members[i].owned = owned;
        if self.hand_polled_records(i, batch, events) {
            self.start_processing(i, events);
        }
    }

    /// `ShareFetch`: acquires up to `max.poll.records` over the assigned partitions, starting
    /// at a rotating one.
    fn share_fetch(
        &mut self,
        i: usize,
        owned: &[TopicPartition],
        logs: &dyn LogView,
    ) -> Vec<InFlight> {
        let mut out = Vec::new();
        if owned.is_empty() {
            return out;
        }
        let budget = self.config.max_poll_records as usize;
        let cfg = self.config.share.clone();
        let reset = self.config.auto_offset_reset;
        let now = self.now_ms;
        let name = self.members[i].name.clone();
        self.fetch_cursor = self.fetch_cursor.wrapping_add(1);
        let mut moved = Vec::new();
        for k in 0..owned.len() {
            if out.len() >= budget {
                break;
            }
            let tp = &owned[(self.fetch_cursor + k) % owned.len()];
            let start = logs.log_start_offset(&tp.topic, tp.partition);
            let hw = logs.high_watermark(&tp.topic, tp.partition);
            let share = self.share.as_deref_mut().expect("a share group");
            let sp = match share.partitions.get_mut(tp) {
                Some(sp) => sp,
                None => share.partitions.entry(tp.clone()).or_default(),
            };
            sp.initialise(if reset == OffsetReset::Earliest {
                start
            } else {
                hw
            });
            if sp.log_start_moved(start) > 0 {
                moved.push(tp.clone());
            }
            let shared_tp = Rc::new(tp.clone());
            let lock_until_ms = now + u64::from(cfg.record_lock_duration_ms);
            let mut taken = Vec::new();
            sp.acquire(
                i as u32,
                now,
                cfg.record_lock_duration_ms,
                cfg.partition_max_record_locks,
                hw,
                budget - out.len(),
                |offset, delivery_count| taken.push((offset, delivery_count)),
            );
            for (offset, _) in taken {
                let Some(record) = logs.record(&tp.topic, tp.partition, offset) else {
                    continue;
                };
                self.ledger
                    .consumed(tp, offset, record.id, record.key.clone());
                out.push(InFlight {
                    tp: Rc::clone(&shared_tp),
                    offset,
                    record_id: record.id,
                    key: record.key.clone(),
                    entity: record.entity.clone(),
                    seq: record.seq,
                    lock_until_ms,
                });
            }
        }
        self.share_mut().refresh_lock_deadline();
        for tp in moved {
            let start = self.share_mut().partitions[&tp].start_offset();
            if let Some(start) = start {
                self.ledger.committed(now, &name, &tp, start);
            }
        }
        out
    }

    /// The application finished with a record: accepted, or (a poison record) released,
    /// rejected or thrown, by the acknowledgement mode. Returns false if the consumer stopped.
    pub(in crate::engine::group) fn share_record_done(
        &mut self,
        i: usize,
        record: InFlight,
        events: &mut Vec<GroupEvent>,
    ) -> bool {
        let cfg = &self.config.share;
        let poison = cfg.is_poison(record.key.as_deref());
        let ack = match (poison, cfg.acknowledgement_mode) {
            (false, _) => {
                self.mark_processed(i, &record);
                AckType::Accept
            }
            (true, AcknowledgementMode::Explicit) => {
                let now = self.now_ms;
                let name = self.members[i].name.clone();
                self.ledger
                    .dropped(now, &name, &record.tp, record.offset, record.record_id);
                match cfg.on_poison {
                    super::config::PoisonAction::Release => AckType::Release,
                    super::config::PoisonAction::Reject => AckType::Reject,
                }
            }
            (true, AcknowledgementMode::Implicit) => {
                let key = record.key.as_deref().unwrap_or("").to_string();
                let (tp, offset) = (record.tp.clone(), record.offset);
                // The record goes back to the in-flight list so the stop drops it with the rest.
                self.members[i].in_flight.push_front(record);
                self.fail(
                    i,
                    ClientError::Application(format!(
                        "processing {tp}@{offset} (key {key:?}) failed"
                    )),
                    events,
                );
                return false;
            }
        };
        self.share_membership(i)
            .pending_acks
            .push((record.tp, record.offset, ack));
        true
    }

    /// Sends the gathered acknowledgements (with a ShareFetch, or on close).
    fn send_share_acks(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        let acks = std::mem::take(&mut self.share_membership(i).pending_acks);
        if acks.is_empty() {
            return;
        }
        let limit = self.config.share.delivery_count_limit;
        let (mut accepted, mut released, mut rejected, mut refused) = (0u32, 0u32, 0u32, 0u32);
        let mut archived_all = Vec::new();
        let mut touched: Vec<Rc<TopicPartition>> = Vec::new();
        let s = self.share_mut();
        for (tp, offset, ack) in acks {
            let Some(sp) = s.partitions.get_mut(&*tp) else {
                refused += 1;
                continue;
            };
            match sp.acknowledge(i as u32, offset, ack, limit) {
                Ok(archived) => {
                    match ack {
                        AckType::Accept => accepted += 1,
                        AckType::Release => released += 1,
                        AckType::Reject => rejected += 1,
                    }
                    if let Some(delivery_count) = archived {
                        archived_all.push((tp.clone(), offset, delivery_count));
                    }
                }
                Err(_) => refused += 1,
            }
            if touched.last().is_none_or(|t| **t != *tp) {
                touched.push(tp);
            }
        }
        s.refresh_lock_deadline();
        if released + rejected + refused > 0 {
            events.push(self.event(
                i,
                GroupEventKind::ShareAcknowledged {
                    accepted,
                    released,
                    rejected,
                    refused,
                },
            ));
        }
        let name = self.members[i].name.clone();
        for (tp, offset, delivery_count) in archived_all {
            events.push(self.event(
                i,
                GroupEventKind::ShareRecordArchived {
                    tp: TopicPartition::clone(&tp),
                    offset,
                    delivery_count,
                },
            ));
        }
        stable_sort::sort(&mut touched);
        touched.dedup();
        let now = self.now_ms;
        for tp in touched {
            let start = self
                .share_mut()
                .partitions
                .get(&*tp)
                .and_then(|sp| sp.start_offset());
            if let Some(start) = start {
                self.ledger.committed(now, &name, &tp, start);
            }
        }
    }

    /// `ShareConsumerImpl.close`: the acknowledgements go, the records it still holds are
    /// released (the share session closes), and it leaves with epoch -1.
    pub(in crate::engine::group) fn share_close(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        self.send_share_acks(i, events);
        let limit = self.config.share.delivery_count_limit;
        let now = self.now_ms;
        let mut per_tp = Vec::new();
        let s = self.share_mut();
        for (tp, sp) in s.partitions.iter_mut() {
            let mut archived = Vec::new();
            sp.release_member(i as u32, limit, &mut archived);
            per_tp.push((tp.clone(), archived, sp.start_offset()));
        }
        s.refresh_lock_deadline();
        let name = Some(self.members[i].name.clone());
        for (tp, archived, start) in per_tp {
            self.share_archived_events(name.clone(), &tp, &archived, events);
            if let Some(start) = start {
                let n = name.as_deref().unwrap_or("");
                self.ledger.committed(now, n, &tp, start);
            }
        }
        if self.members[i].generation > 0 || !self.members[i].member_id.is_empty() {
            let request = self.share_request(i, LEAVE_MEMBER_EPOCH);
            self.send_share_heartbeat(request);
            events.push(self.event(
                i,
                GroupEventKind::ShareHeartbeatSent {
                    member_epoch: LEAVE_MEMBER_EPOCH,
                },
            ));
        }
    }
}
