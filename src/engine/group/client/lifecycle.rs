//! A member's process from start to stop: started (added or restarted), closed gracefully
//! (finish in-flight work, commit if auto, leave if dynamic), crashed (kill -9), or failed on an
//! exception. A stopped process's queued happenings are cancelled by epoch, and the records it
//! still held go to the ledger as dropped.

use super::{
    local_commit_check, AfterCommit, AppState, ClientError, Consumer, InFlight, MemberStatus,
};
use crate::engine::group::classic::Request;
use crate::engine::group::config::{CommitMode, ProcessingMode};
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::protocol::{RebalanceReason, NO_GENERATION};
use crate::engine::group::runtime::{ConsumerGroup, Pending};

impl ConsumerGroup {
    pub(in crate::engine::group) fn bump_app(&mut self, i: usize) {
        self.members[i].app_epoch += 1;
    }

    pub(in crate::engine::group) fn start_member(
        &mut self,
        name: &str,
        instance_id: Option<String>,
    ) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let c = Consumer::new(
            name,
            instance_id,
            self.config.assignors.clone(),
            self.config.processing_ms_per_record,
        );
        self.members.push(c);
        let i = self.members.len() - 1;
        self.members[i].last_poll_ms = self.now_ms;
        self.init_member(i);
    }

    pub(in crate::engine::group) fn init_member(&mut self, i: usize) {
        // A (re)started process changes its phase.
        self.phases_dirty = true;
        if self.kip848.is_some() {
            // A new process starts outside the group, whatever its previous life left.
            *self.membership(i) = Default::default();
        }
        if self.share.is_some() {
            *self.share_membership(i) = Default::default();
        }
        if let ProcessingMode::Workers { threads } = self.config.processing {
            self.members[i].workers = vec![None; threads as usize];
        }
        self.members[i].metadata_refreshed_ms = self.now_ms;
        self.schedule(
            self.now_ms,
            Pending::App {
                member: i,
                epoch: self.members[i].app_epoch,
            },
        );
    }

    pub(in crate::engine::group) fn begin_close(&mut self, i: usize, events: &mut Vec<GroupEvent>) {
        if self.share.is_some() {
            // A share consumer commits no offsets: `finish_close` acknowledges and releases.
            self.finish_close(i, events);
            return;
        }
        if matches!(self.config.commit, CommitMode::Auto { .. }) && self.members[i].generation >= 0
        {
            let offsets = self.all_consumed(i);
            let c = &self.members[i];
            if !offsets.is_empty()
                && local_commit_check(MemberStatus::Stable, c.generation).is_none()
            {
                let member = self.member_ref(i);
                self.members[i].commits_in_flight += 1;
                self.members[i].app = AppState::CommitWait(AfterCommit::Close);
                self.send(
                    i,
                    Request::Commit {
                        member,
                        offsets,
                        then: Some(AfterCommit::Close),
                        per_record: false,
                    },
                );
                return;
            }
        }
        self.finish_close(i, events);
    }

    pub(in crate::engine::group) fn finish_close(
        &mut self,
        i: usize,
        events: &mut Vec<GroupEvent>,
    ) {
        let c = &self.members[i];
        if self.share.is_some() {
            self.share_close(i, events);
        } else if self.kip848.is_some() {
            self.consumer_close(i, events);
        } else if !c.is_static() && !c.member_id.is_empty() && c.generation >= 0 {
            let m = self.member_ref(i);
            self.send(i, Request::Leave(m, RebalanceReason::Leave));
        }
        self.stop_member(i, MemberStatus::Closed);
        events.push(self.event(i, GroupEventKind::Closed));
    }

    pub(in crate::engine::group) fn fail(
        &mut self,
        i: usize,
        e: ClientError,
        events: &mut Vec<GroupEvent>,
    ) {
        events.push(self.event(
            i,
            GroupEventKind::Error {
                message: e.to_string(),
            },
        ));
        self.members[i].error = Some(e);
        self.stop_member(i, MemberStatus::Failed);
    }

    /// The process stops: in-flight work is dropped and nothing it queued will run.
    pub(in crate::engine::group) fn stop_member(&mut self, i: usize, status: MemberStatus) {
        // It may change a member's status or partitions, hence its phase.
        self.phases_dirty = true;
        let now = self.now_ms;
        let c = &mut self.members[i];
        c.status = status;
        c.app = AppState::Stopped;
        c.app_epoch += 1;
        c.heartbeat_epoch += 1;
        c.poll_timer_epoch += 1;
        let mut dropped: Vec<InFlight> = c.in_flight.drain(..).collect();
        dropped.extend(
            c.workers
                .iter_mut()
                .filter_map(Option::take)
                .map(|(r, _)| r),
        );
        c.owned.clear();
        c.positions.clear();
        c.generation = NO_GENERATION;
        let name = c.name.clone();
        for r in dropped {
            self.ledger
                .dropped(now, &name, &r.tp, r.offset, r.record_id);
        }
    }
}
