//! The produce path at the leader (kafka-semantics.md §6): a produce request arriving at a
//! broker is handled batch by batch; each batch is refused, appended or deduplicated, and
//! acknowledged now, at the high watermark, or never. What the producer then does with a
//! failed batch is the sender's (`sender.rs`).
//!
//! - A request goes to the broker the producer's metadata named when it was sent. A broker
//!   that is down drops the connection: every batch fails with `NetworkException` (acks=0: its
//!   records are silently lost). A slowed broker handles the request `slow_delay_ms` late.
//! - A broker that does not lead the partition → `NotLeaderOrFollowerException`; acks=all below
//!   `min(min.insync.replicas, RF)` → `NotEnoughReplicasException` before the append; acks=all
//!   waits for the HW (`DelayedProduce`), then `NotEnoughReplicasAfterAppendException` if the
//!   ISR shrank below it, or `TimeoutException` after `request.timeout.ms`; a leader change
//!   fails held writes with `NotLeaderOrFollowerException`.
//! - Idempotence (acks=all): the leader checks the batch's sequence (`producer_state.rs`): a
//!   duplicate is answered with its first offset, a gap with `OutOfOrderSequenceException`.
//!   Without idempotence, a retry of a batch already appended appends it again (a duplicate).

use super::producer_state::SequenceCheck;
use super::sender::InFlightRequest;
use super::{Pending, Sim};
use crate::engine::cluster::Record;
use crate::engine::config::Acks;
use crate::engine::producer::{ProduceError, ProducerBatch};
use crate::engine::stable_sort;
use std::rc::Rc;

/// An acks=all write held by the leader until the high watermark covers it (`DelayedProduce`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct DelayedProduce {
    producer: u32,
    topic: u32,
    batch: ProducerBatch,
    /// The batch's records, moved into the logs at the append (the batch then holds none);
    /// `None` when the leader found the batch already in its log (idempotence).
    records: Option<Rc<Vec<Record>>>,
    leader_epoch: u32,
    base_offset: u64,
    required_offset: u64,
    deadline_ms: u64,
    /// The acks=all request it came in.
    request: u64,
}

impl DelayedProduce {
    /// The records it acknowledges.
    fn records(&self) -> &[Record] {
        self.records.as_deref().unwrap_or(&self.batch.records)
    }

    /// The batch with its records, to retry it.
    fn into_batch(self) -> ProducerBatch {
        let mut batch = self.batch;
        batch.appended = true;
        if let Some(records) = self.records {
            batch.records = Vec::clone(&records);
        }
        batch
    }
}

impl Sim {
    pub(super) fn produce_sweep(&mut self) {
        self.sweep_at = None;
        let now = self.now_ms;
        let (expired, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.delayed)
            .into_iter()
            .partition(|d| d.deadline_ms <= now);
        self.delayed = kept;
        for d in expired {
            let (producer, request) = (d.producer, d.request);
            self.batch_failed(producer, d.into_batch(), ProduceError::Timeout);
            self.answer_part(request);
        }
        self.schedule_sweep();
    }

    /// After holding a write due at `deadline_ms`. A queued sweep is never later than the
    /// earliest deadline held, so a deadline at or after it changes nothing, and needs no scan
    /// of every held write.
    fn schedule_sweep_for(&mut self, deadline_ms: u64) {
        if self.sweep_at.is_some_and(|at| at <= deadline_ms) {
            return;
        }
        self.schedule_sweep();
    }

    fn schedule_sweep(&mut self) {
        if let Some(next) = self.delayed.iter().map(|d| d.deadline_ms).min() {
            if self.sweep_at.is_none_or(|at| at > next) {
                self.sweep_at = Some(next);
                self.push_pending(next, Pending::ProduceSweep);
            }
        }
    }

    /// A produce request reaches `broker` (`KafkaApis.handleProduceRequest`): the connection
    /// drops if the broker is down; a slowed broker handles it late; else each batch is handled
    /// in turn, and the request is answered once every batch is (acks=all: at the HW).
    pub(super) fn on_produce_request(
        &mut self,
        producer: u32,
        broker: u32,
        request: u64,
        batches: Vec<ProducerBatch>,
        handled: bool,
    ) {
        let acks = self.producers[producer as usize].config.acks;
        // A broker crashed, or isolated with its clients cut off, drops the connection; a
        // zombie cut off only from the cluster still takes requests.
        if !self.reachable_by_clients(broker) {
            for batch in batches {
                self.batch_failed(producer, batch, ProduceError::Network);
            }
            if acks != Acks::Zero {
                self.request_done(producer, broker);
            }
            return;
        }
        let slow_ms = self.brokers[broker as usize - 1].slow_delay_ms;
        if slow_ms > 0 && !handled {
            self.push_pending(
                self.now_ms + u64::from(slow_ms),
                Pending::ProduceRequest {
                    producer,
                    broker,
                    request,
                    batches,
                    handled: true,
                },
            );
            return;
        }
        if acks == Acks::All {
            self.produce_requests.insert(
                request,
                InFlightRequest {
                    producer,
                    broker,
                    outstanding: batches.len() as u32,
                },
            );
        }
        for batch in batches {
            let held = self.deliver(producer, broker, request, batch);
            if acks == Acks::All && !held {
                self.answer_part(request);
            }
        }
        if acks == Acks::One {
            self.request_done(producer, broker);
        }
    }

    /// A batch at `broker`: refused, appended, deduplicated; acknowledged now, later (acks=all),
    /// or never (acks=0). Returns whether the leader holds it for the HW.
    fn deliver(
        &mut self,
        producer: u32,
        broker: u32,
        request: u64,
        mut batch: ProducerBatch,
    ) -> bool {
        let config = &self.producers[producer as usize].config;
        let (acks, idempotent) = (config.acks, config.idempotence && config.acks == Acks::All);
        let request_timeout = u64::from(config.request_timeout_ms);
        let topic = self.producers[producer as usize].topic;
        let partition = batch.partition;
        let run = &self.topics[topic as usize];
        let rep = &run.replication[partition as usize];
        if rep.leader != Some(broker) {
            self.batch_failed(producer, batch, ProduceError::NotLeaderOrFollower);
            return false;
        }
        if acks == Acks::All
            && rep.isr.len() < rep.effective_min_isr(run.config.min_insync_replicas)
        {
            self.batch_failed(producer, batch, ProduceError::NotEnoughReplicas);
            return false;
        }
        let n = batch.records.len() as u64;
        // Where the leader's log holds an earlier copy of this retried batch, if it does.
        let earlier_copy = if batch.appended {
            let log = &run.topic.partitions[partition as usize];
            let first = batch.records[0].id;
            log.records
                .iter()
                .rev()
                .find(|s| s.record.id == first)
                .map(|s| s.offset)
        } else {
            None
        };
        let state_key = (topic, partition, producer);
        let check = match batch.sequence.filter(|_| idempotent) {
            Some(sequence) => self.producer_states.check(
                state_key,
                sequence,
                n as u32,
                &run.topic.partitions[partition as usize],
            ),
            None => SequenceCheck::Append,
        };
        let (base, records) = match check {
            SequenceCheck::OutOfOrder => {
                self.batch_failed(producer, batch, ProduceError::OutOfOrderSequence);
                return false;
            }
            SequenceCheck::Duplicate { base_offset } => (base_offset, None),
            SequenceCheck::Append => {
                let batch_id = batch.id;
                let (base, records) = self.append_batch(producer, &mut batch);
                if let Some(sequence) = batch.sequence.filter(|_| idempotent) {
                    self.producer_states
                        .appended(state_key, sequence, n as u32, base, batch_id);
                }
                if batch.appended {
                    self.totals.reappended += n;
                }
                // A duplicate only while both copies are in one log: a retried batch whose
                // first copy a leader change truncated away (or never replicated to the new
                // leader) is read once (issue 12, item 6).
                if batch.appended && earlier_copy.is_some() {
                    self.totals.duplicates += n;
                    self.producers[producer as usize].ledger.duplicates += n;
                }
                (base, Some(records))
            }
        };
        batch.appended = true;
        self.wake_parked(topic, partition);
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let active = self.active_brokers();
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        rep.maybe_increment_hw(now, lag, min_isr, |b| active[b as usize - 1]);
        let acked = records.as_deref().unwrap_or(&batch.records);
        match acks {
            Acks::Zero => {
                self.note_acked(producer, topic, partition, base, acked, false);
                false
            }
            Acks::One => {
                self.note_acked(producer, topic, partition, base, acked, true);
                false
            }
            Acks::All => {
                let rep = &mut self.topics[topic as usize].replication[partition as usize];
                let hw = rep.high_watermark();
                if base + n <= hw || rep.delayed_checked != Some((rep.leader_epoch, hw)) {
                    rep.delayed_checked = None;
                }
                let rep = &self.topics[topic as usize].replication[partition as usize];
                self.delayed.push(DelayedProduce {
                    producer,
                    topic,
                    leader_epoch: rep.leader_epoch,
                    base_offset: base,
                    required_offset: base + n,
                    deadline_ms: now + request_timeout,
                    request,
                    batch,
                    records,
                });
                self.complete_delayed(topic, partition);
                self.schedule_sweep_for(now + request_timeout);
                true
            }
        }
    }

    /// Remembers acknowledged records (to find them if they are lost) and counts them.
    fn note_acked(
        &mut self,
        producer: u32,
        topic: u32,
        partition: u32,
        base: u64,
        records: &[Record],
        count: bool,
    ) {
        if count {
            self.producers[producer as usize].ledger.acked += records.len() as u64;
        }
        let run = &mut self.topics[topic as usize];
        let start = run.topic.partitions[partition as usize].start_offset;
        let rep = &mut run.replication[partition as usize];
        for (k, record) in records.iter().enumerate() {
            rep.acked.insert(base + k as u64, record.id, producer);
        }
        // Only records still kept can be checked later.
        rep.acked.forget_below(start);
    }

    /// Answers the held acks=all writes of a partition whose HW now covers them.
    pub(super) fn complete_delayed(&mut self, topic: u32, partition: u32) {
        let run = &self.topics[topic as usize];
        let rep = &run.replication[partition as usize];
        let hw = rep.high_watermark();
        let short = rep.isr.len() < rep.effective_min_isr(run.config.min_insync_replicas);
        let epoch = rep.leader_epoch;
        // Nothing held here can complete unless the HW or epoch moved since the last look
        // (a write held since then is checked where it is held): skip the scan, which behind
        // a stalled HW (a crashed ISR member until it is fenced) would cost every held write
        // on every fetch.
        let seen = (epoch, hw);
        if rep.delayed_checked == Some(seen) {
            return;
        }
        self.topics[topic as usize].replication[partition as usize].delayed_checked = Some(seen);
        let mut done = Vec::new();
        let mut k = 0;
        while k < self.delayed.len() {
            let d = &self.delayed[k];
            if d.topic == topic
                && d.batch.partition == partition
                && d.leader_epoch == epoch
                && d.required_offset <= hw
            {
                done.push(self.delayed.swap_remove(k));
            } else {
                k += 1;
            }
        }
        stable_sort::sort_by_key(&mut done, |d| d.base_offset);
        for d in done {
            let (producer, request) = (d.producer, d.request);
            if short {
                self.batch_failed(
                    producer,
                    d.into_batch(),
                    ProduceError::NotEnoughReplicasAfterAppend,
                );
            } else {
                self.note_acked(producer, topic, partition, d.base_offset, d.records(), true);
                let n = d.records().len() as u32;
                self.batch_acked(producer, partition, d.batch.sequence, n);
            }
            self.answer_part(request);
        }
    }

    /// The leader of a partition changed: the writes it held fail, and the producers retry
    /// against the new leader.
    pub(super) fn fail_held_writes(&mut self, topic: u32, partition: u32) {
        let mut k = 0;
        let mut failed = Vec::new();
        while k < self.delayed.len() {
            if self.delayed[k].topic == topic && self.delayed[k].batch.partition == partition {
                failed.push(self.delayed.remove(k));
            } else {
                k += 1;
            }
        }
        for d in failed {
            let (producer, request) = (d.producer, d.request);
            self.batch_failed(producer, d.into_batch(), ProduceError::NotLeaderOrFollower);
            self.answer_part(request);
        }
    }
}
