//! What a member does with the records `poll()` returned: process them one by one in the poll
//! loop (the next poll waits for the batch), or hand them to worker threads sharing one queue
//! (`poll()` returns at once, so per-partition order is lost and commits can run ahead of
//! processing). Every processing is entered in the ledger.

use super::{AfterCommit, AppState, InFlight};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::config::CommitMode;
use crate::engine::group::event::GroupEvent;
use crate::engine::group::runtime::{ConsumerGroup, Pending};

impl ConsumerGroup {
    pub(in crate::engine::group) fn start_processing(
        &mut self,
        i: usize,
        events: &mut Vec<GroupEvent>,
    ) {
        let c = &mut self.members[i];
        if c.in_flight.is_empty() {
            c.app = AppState::Idle;
            self.after_batch(i, events);
            return;
        }
        c.app = AppState::Processing;
        let at = self.now_ms + u64::from(c.processing_ms_per_record);
        self.schedule_app(i, at);
    }

    pub(in crate::engine::group) fn process_next(
        &mut self,
        i: usize,
        events: &mut Vec<GroupEvent>,
    ) {
        let Some(record) = self.members[i].in_flight.pop_front() else {
            self.members[i].app = AppState::Idle;
            self.after_batch(i, events);
            return;
        };
        if self.share.is_some() {
            // KIP-932: acknowledged instead of committed (`share/client.rs`).
            if self.share_record_done(i, record, events) {
                self.start_processing(i, events);
            }
            return;
        }
        self.mark_processed(i, &record);
        if self.config.commit == CommitMode::SyncPerRecord {
            let offsets = vec![(TopicPartition::clone(&record.tp), record.offset + 1)];
            self.send_commit(i, offsets, Some(AfterCommit::NextRecord), true, events);
            return;
        }
        self.start_processing(i, events);
    }

    pub(in crate::engine::group) fn mark_processed(&mut self, i: usize, r: &InFlight) {
        let now = self.now_ms;
        let c = &mut self.members[i];
        c.processed += 1;
        self.ledger.processed(
            now,
            &c.name,
            &r.tp,
            r.offset,
            r.record_id,
            r.key.as_ref(),
            r.entity.as_ref(),
            r.seq,
        );
    }

    /// After the batch (poll-loop mode): the per-batch commit, then the next poll.
    fn after_batch(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        if self.share.is_some() {
            self.schedule_app(i, self.now_ms);
            return;
        }
        match self.config.commit {
            CommitMode::SyncPerBatch => {
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, Some(AfterCommit::Poll), false, events);
            }
            CommitMode::AsyncPerBatch => {
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, None, false, events);
                self.schedule_app(i, self.now_ms);
            }
            _ => self.schedule_app(i, self.now_ms),
        }
    }

    pub(in crate::engine::group) fn dispatch_workers(&mut self, i: usize) {
        let now = self.now_ms;
        let epoch = self.members[i].app_epoch;
        let ms = u64::from(self.members[i].processing_ms_per_record);
        for w in 0..self.members[i].workers.len() {
            if self.members[i].workers[w].is_some() {
                continue;
            }
            let Some(record) = self.members[i].in_flight.pop_front() else {
                break;
            };
            // Between half and one and a half times the nominal time: same mean, varying order.
            let ms = ms / 2 + self.worker_rng.below(ms + 1);
            self.members[i].workers[w] = Some((record, now + ms));
            self.schedule(
                now + ms,
                Pending::Worker {
                    member: i,
                    worker: w,
                    epoch,
                },
            );
        }
    }

    pub(in crate::engine::group) fn worker_done(&mut self, i: usize, w: usize, epoch: u64) {
        let Some(c) = self.members.get(i) else { return };
        if !c.status.is_running() || w >= c.workers.len() {
            return;
        }
        // Worker completions survive app-thread rescheduling; only a new life cancels them.
        let _ = epoch;
        let Some((record, done_ms)) = self.members[i].workers[w].clone() else {
            return;
        };
        if done_ms != self.now_ms {
            return;
        }
        self.members[i].workers[w] = None;
        self.mark_processed(i, &record);
        self.dispatch_workers(i);
    }
}
