//! The application thread's poll loop: each `poll()` resets the poll timer, (re)joins when the
//! member must, auto-commits when it is due, sets missing positions (the committed offset, else
//! `auto.offset.reset`) and fetches up to `max.poll.records` below the high watermark, starting
//! at a rotating partition. Fetches complete at once (no fetch latency or `fetch.max.bytes`).
//! Before fetching, a position fetched under an older leader epoch is validated (KIP-320).
//!
//! Simplifications: `OffsetsForLeaderEpoch` is answered at once, like fetches; commits carry
//! no leader epoch, so a position set from a committed offset is validated only once it has
//! fetched (Kafka's `OffsetAndMetadata.leaderEpoch` would let it validate at once).

use super::{AfterCommit, AppState, ClientError, InFlight, MemberStatus, PositionEpochs};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::config::{CommitMode, OffsetReset, ProcessingMode};
use crate::engine::group::event::{GroupEvent, GroupEventKind};
use crate::engine::group::limits;
use crate::engine::group::log_view::LogView;
use crate::engine::group::runtime::{ConsumerGroup, Pending};
use std::rc::Rc;

/// How long an empty `poll()` waits before returning (`poll(Duration.ofMillis(100))`).
pub const POLL_IDLE_MS: u64 = 100;

impl ConsumerGroup {
    pub(in crate::engine::group) fn app_step(
        &mut self,
        i: usize,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) {
        match self.members[i].app {
            AppState::Idle => self.poll(i, logs, events),
            AppState::Processing => self.process_next(i, events),
            AppState::CommitWait(_) | AppState::Stopped => {}
        }
    }

    pub(in crate::engine::group) fn schedule_app(&mut self, i: usize, at_ms: u64) {
        self.bump_app(i);
        let epoch = self.members[i].app_epoch;
        self.schedule(at_ms, Pending::App { member: i, epoch });
    }

    fn poll(&mut self, i: usize, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        let now = self.now_ms;
        if self.members[i].closing {
            if self.members[i].unprocessed() == 0 {
                self.begin_close(i, events);
            } else {
                self.schedule_app(i, now + POLL_IDLE_MS);
            }
            return;
        }
        // `Heartbeat.poll`: each poll() resets the poll timer.
        {
            let c = &mut self.members[i];
            c.last_poll_ms = now;
            c.poll_timer_epoch += 1;
        }
        let epoch = self.members[i].poll_timer_epoch;
        self.schedule(
            now + u64::from(self.config.max_poll_interval_ms),
            Pending::PollTimer { member: i, epoch },
        );
        if self.share.is_some() {
            // KIP-932: a share consumer acknowledges and acquires instead (`share/client.rs`).
            self.share_poll(i, logs, events);
            return;
        }
        if self.kip848.is_some() {
            self.consumer_protocol_poll(i, events);
        } else if self.members[i].rejoin.is_some()
            && !matches!(
                self.members[i].status,
                MemberStatus::Joining | MemberStatus::AwaitingSync
            )
        {
            self.start_join(i, events);
        }
        if let CommitMode::Auto { interval_ms } = self.config.commit {
            let c = &self.members[i];
            if c.status == MemberStatus::Stable && now >= c.next_auto_commit_ms {
                self.members[i].next_auto_commit_ms = now + u64::from(interval_ms);
                let offsets = self.all_consumed(i);
                self.send_commit(i, offsets, None, false, events);
            }
        }
        if self.members[i].unprocessed() >= limits::IN_FLIGHT_MAX {
            self.schedule_app(i, now + POLL_IDLE_MS);
            return;
        }
        let batch = match self.fetch(i, logs, events) {
            Ok(batch) => batch,
            Err(e) => {
                events.push(self.event(
                    i,
                    GroupEventKind::Error {
                        message: e.to_string(),
                    },
                ));
                self.members[i].error = Some(e);
                self.stop_member(i, MemberStatus::Failed);
                return;
            }
        };
        if !self.hand_polled_records(i, batch, events) {
            return;
        }
        match self.config.processing {
            ProcessingMode::PollLoop => {
                if self.config.commit == CommitMode::BeforeProcessing {
                    let offsets = self.all_consumed(i);
                    self.send_commit(i, offsets, Some(AfterCommit::Process), false, events);
                } else {
                    self.start_processing(i, events);
                }
            }
            ProcessingMode::Workers { .. } => {
                self.dispatch_workers(i);
                match self.config.commit {
                    CommitMode::Auto { .. } => self.schedule_app(i, now),
                    CommitMode::AsyncPerBatch => {
                        let offsets = self.all_consumed(i);
                        self.send_commit(i, offsets, None, false, events);
                        self.schedule_app(i, now);
                    }
                    CommitMode::SyncPerBatch
                    | CommitMode::SyncPerRecord
                    | CommitMode::BeforeProcessing => {
                        let offsets = self.all_consumed(i);
                        self.send_commit(i, offsets, Some(AfterCommit::Poll), false, events);
                    }
                }
            }
        }
    }

    /// `allConsumed()`: the position of every owned partition that has one.
    /// What `poll()` returns goes to the application: an empty poll waits `POLL_IDLE_MS` and
    /// returns false; records are counted, logged as `Polled` and queued for processing.
    /// Shared by the consumer's and the share consumer's poll.
    pub(in crate::engine::group) fn hand_polled_records(
        &mut self,
        i: usize,
        batch: Vec<InFlight>,
        events: &mut Vec<GroupEvent>,
    ) -> bool {
        if batch.is_empty() {
            self.schedule_app(i, self.now_ms + POLL_IDLE_MS);
            return false;
        }
        self.metrics.polls_with_records += 1;
        events.push(self.event(
            i,
            GroupEventKind::Polled {
                records: batch.len() as u32,
            },
        ));
        let c = &mut self.members[i];
        c.consumed += batch.len() as u64;
        c.in_flight.extend(batch);
        true
    }

    pub(in crate::engine::group) fn all_consumed(&self, i: usize) -> Vec<(TopicPartition, u64)> {
        let c = &self.members[i];
        c.owned
            .iter()
            .filter_map(|tp| c.positions.get(tp).map(|o| (tp.clone(), *o)))
            .collect()
    }

    /// Sets missing positions (committed offset, else `auto.offset.reset`), then takes up to
    /// `max.poll.records` records below the high watermark, starting at a rotating partition.
    fn fetch(
        &mut self,
        i: usize,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<Vec<InFlight>, ClientError> {
        // Lent out for the fetch rather than cloned on every poll; nothing here changes it.
        let owned = std::mem::take(&mut self.members[i].owned);
        let fetched = self.fetch_owned(i, &owned, logs, events);
        self.members[i].owned = owned;
        fetched
    }

    /// KIP-320. `SubscriptionState.maybeValidatePositionForCurrentLeader`: a position last
    /// fetched under an older leader epoch than the metadata's is validated before fetching, by
    /// `OffsetsForLeaderEpoch` to the new leader (answered at once here, like fetches;
    /// `OffsetsForLeaderEpochUtils` in Kafka) for the position's `offsetEpoch`. Then
    /// `SubscriptionState.maybeCompleteValidation`: an end offset below the position means the
    /// log diverged, and the consumer seeks to that end offset, the first divergent offset,
    /// instead of resetting (with `auto.offset.reset=none` it raises `LogTruncationException`,
    /// as `OffsetFetcherUtils.buildLogTruncationException` builds it); an undefined end offset
    /// resets by the policy (`requestOffsetReset`). A position without an epoch is not
    /// validated (`validatePosition`).
    fn validate_position(
        &mut self,
        i: usize,
        tp: &TopicPartition,
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<(), ClientError> {
        let Some(position) = self.members[i].positions.get(tp).copied() else {
            return Ok(());
        };
        let Some(leader_epoch) = logs.leader_epoch(&tp.topic, tp.partition) else {
            return Ok(());
        };
        let epochs = match self.members[i].position_epochs.get_mut(tp) {
            Some(epochs) => epochs,
            None => self.members[i]
                .position_epochs
                .entry(tp.clone())
                .or_default(),
        };
        if epochs.current_leader_epoch == Some(leader_epoch) {
            return Ok(());
        }
        epochs.current_leader_epoch = Some(leader_epoch);
        let Some(offset_epoch) = epochs.offset_epoch else {
            return Ok(());
        };
        let Some((end_epoch, end_offset)) =
            logs.end_offset_for_epoch(&tp.topic, tp.partition, offset_epoch)
        else {
            return Ok(());
        };
        let reset = self.config.auto_offset_reset;
        let (to, to_epoch, how) = if end_offset < 0 || end_epoch < 0 {
            match reset {
                OffsetReset::None => {
                    return Err(ClientError::LogTruncation(
                        "Truncated partitions detected with divergent offsets {}".to_string(),
                    ))
                }
                OffsetReset::Earliest => (
                    logs.log_start_offset(&tp.topic, tp.partition),
                    None,
                    Some(reset),
                ),
                OffsetReset::Latest => (
                    logs.high_watermark(&tp.topic, tp.partition),
                    None,
                    Some(reset),
                ),
            }
        } else if (end_offset as u64) < position {
            if reset == OffsetReset::None {
                return Err(ClientError::LogTruncation(format!("Truncated partitions detected with divergent offsets {{{tp}=OffsetAndMetadata{{offset={end_offset}, leaderEpoch={end_epoch}, metadata=''}}}}")));
            }
            (end_offset as u64, Some(end_epoch as u32), None)
        } else {
            // `completeValidation`: the log holds what the consumer read.
            return Ok(());
        };
        let c = &mut self.members[i];
        c.positions.insert(tp.clone(), to);
        c.position_epochs.insert(
            tp.clone(),
            PositionEpochs {
                offset_epoch: to_epoch,
                current_leader_epoch: Some(leader_epoch),
            },
        );
        if how.is_none() {
            self.ledger.truncated(tp, to);
        }
        self.metrics.truncations_detected += 1;
        events.push(self.event(
            i,
            GroupEventKind::TruncationDetected {
                tp: tp.clone(),
                from: position,
                to,
                reset: how,
            },
        ));
        Ok(())
    }

    fn fetch_owned(
        &mut self,
        i: usize,
        owned: &[TopicPartition],
        logs: &dyn LogView,
        events: &mut Vec<GroupEvent>,
    ) -> Result<Vec<InFlight>, ClientError> {
        let reset = self.config.auto_offset_reset;
        for tp in owned {
            self.validate_position(i, tp, logs, events)?;
            let start = logs.log_start_offset(&tp.topic, tp.partition);
            let hw = logs.high_watermark(&tp.topic, tp.partition);
            let position = self.members[i].positions.get(tp).copied();
            // Below the log start: OFFSET_OUT_OF_RANGE (`LocalLog.read`'s range check), seen
            // by the consumer's fetch and reset below by `auto.offset.reset`, as in Kafka.
            let behind = position.or_else(|| self.coordinator.committed_offset(tp));
            if let Some(p) = behind.filter(|&p| p < start) {
                self.ledger.fell_behind(p, start);
                let by_retention =
                    logs.retention_log_start_offset(&tp.topic, tp.partition) >= start;
                events.push(self.event(
                    i,
                    GroupEventKind::FellBehindLogStart {
                        tp: tp.clone(),
                        position: p,
                        log_start: start,
                        by_retention,
                    },
                ));
            }
            let (offset, how) = match position {
                Some(p) if p >= start && p <= hw => continue,
                Some(p) => match reset {
                    OffsetReset::Earliest => (start, Some(reset)),
                    OffsetReset::Latest => (hw, Some(reset)),
                    OffsetReset::None => {
                        return Err(ClientError::OffsetOutOfRange(format!("Fetch position FetchPosition{{offset={p}}} is out of range for partition {tp}")))
                    }
                },
                None => match self.coordinator.committed_offset(tp) {
                    Some(committed) if committed >= start && committed <= hw => (committed, None),
                    committed => match reset {
                        OffsetReset::Earliest => (start, Some(reset)),
                        OffsetReset::Latest => (hw, Some(reset)),
                        OffsetReset::None if committed.is_none() => {
                            return Err(ClientError::NoOffsetForPartition(format!("Undefined offset with no reset policy for partitions: [{tp}]")))
                        }
                        OffsetReset::None => {
                            return Err(ClientError::OffsetOutOfRange(format!("Fetch position FetchPosition{{offset={}}} is out of range for partition {tp}", committed.unwrap_or(0))))
                        }
                    },
                },
            };
            self.members[i].positions.insert(tp.clone(), offset);
            // `resetPositionIfNeeded` and a committed offset without an epoch: the position
            // carries no `offsetEpoch`, so it is not validated until it has fetched.
            self.members[i].position_epochs.insert(
                tp.clone(),
                PositionEpochs {
                    offset_epoch: None,
                    current_leader_epoch: logs.leader_epoch(&tp.topic, tp.partition),
                },
            );
            if how.is_some() {
                events.push(self.event(
                    i,
                    GroupEventKind::OffsetReset {
                        tp: tp.clone(),
                        offset,
                        reset: how,
                    },
                ));
            }
        }
        let mut out = Vec::new();
        if owned.is_empty() {
            return Ok(out);
        }
        let budget = self.config.max_poll_records as usize;
        self.fetch_cursor = self.fetch_cursor.wrapping_add(1);
        for k in 0..owned.len() {
            let tp = &owned[(self.fetch_cursor + k) % owned.len()];
            let hw = logs.high_watermark(&tp.topic, tp.partition);
            let Some(mut position) = self.members[i].positions.get(tp).copied() else {
                continue;
            };
            let mut shared_tp = None;
            while position < hw && out.len() < budget {
                let Some(record) = logs.record(&tp.topic, tp.partition, position) else {
                    break;
                };
                self.ledger
                    .consumed(tp, position, record.id, record.key.clone());
                out.push(InFlight {
                    tp: Rc::clone(shared_tp.get_or_insert_with(|| Rc::new(tp.clone()))),
                    offset: position,
                    record_id: record.id,
                    key: record.key.clone(),
                    entity: record.entity.clone(),
                    seq: record.seq,
                    lock_until_ms: 0,
                });
                position += 1;
            }
            let c = &mut self.members[i];
            if let Some(p) = c.positions.get_mut(tp) {
                if *p < position {
                    // The position now carries the epoch of the last record fetched (KIP-320's
                    // `FetchPosition.offsetEpoch`, from the batch's `partitionLeaderEpoch`).
                    let offset_epoch = logs.record_epoch(&tp.topic, tp.partition, position - 1);
                    let current_leader_epoch = logs.leader_epoch(&tp.topic, tp.partition);
                    if let Some(epochs) = c.position_epochs.get_mut(tp) {
                        *epochs = PositionEpochs {
                            offset_epoch,
                            current_leader_epoch,
                        };
                    }
                }
                *p = position;
            }
            if out.len() >= budget {
                break;
            }
        }
        Ok(out)
    }
}
