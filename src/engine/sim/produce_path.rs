//! The produce path at the leader (kafka-semantics.md §6): a batch arriving is refused,
//! appended or deduplicated, and acknowledged now, at the high watermark, or never; a failed
//! attempt is retried or fails for good.
//!
//! - No leader → `LeaderNotAvailableException`; acks=all below `min(min.insync.replicas, RF)`
//!   → `NotEnoughReplicasException` before the append; acks=all waits for the HW
//!   (`DelayedProduce`), then `NotEnoughReplicasAfterAppendException` if the ISR shrank below
//!   it, or `TimeoutException` after `request.timeout.ms`; a leader change fails held writes
//!   with `NotLeaderOrFollowerException`. Every error is retried after `retry.backoff.ms` until
//!   `delivery.timeout.ms` (from the first send) has passed; acks=0 never hears of errors.
//! - A retry of a batch already appended appends it again (a duplicate), unless idempotence is
//!   on (acks=all), where the leader finds the batch in its log and answers with its offset.
//!   Retried batches are sent on their own: order across retries is not enforced.

use super::{Pending, Sim};
use crate::engine::cluster::Record;
use crate::engine::config::Acks;
use crate::engine::event::Event;
use crate::engine::producer::{ProduceError, ProducerBatch, SendFailure};
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
    attempt: u32,
    first_sent_ms: u64,
}

impl DelayedProduce {
    /// The records it acknowledges.
    fn records(&self) -> &[Record] {
        self.records.as_deref().unwrap_or(&self.batch.records)
    }

    /// The batch with its records, to retry it.
    fn into_batch(self) -> ProducerBatch {
        let mut batch = self.batch;
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
            let (producer, attempt, first_sent_ms) = (d.producer, d.attempt, d.first_sent_ms);
            self.produce_error(
                producer,
                d.into_batch(),
                ProduceError::Timeout,
                attempt,
                first_sent_ms,
                true,
            );
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

    /// A batch reaches its partition: refused, appended, deduplicated; acknowledged now, later
    /// (acks=all), or never (acks=0).
    pub(super) fn deliver(
        &mut self,
        producer: u32,
        mut batch: ProducerBatch,
        attempt: u32,
        first_sent_ms: u64,
        appended: bool,
    ) {
        let config = &self.producers[producer as usize].config;
        let (acks, idempotent) = (config.acks, config.idempotence && config.acks == Acks::All);
        let request_timeout = u64::from(config.request_timeout_ms);
        let topic = self.producers[producer as usize].topic;
        let partition = batch.partition;
        let run = &self.topics[topic as usize];
        let rep = &run.replication[partition as usize];
        if rep.leader.is_none() {
            return self.produce_error(
                producer,
                batch,
                ProduceError::LeaderNotAvailable,
                attempt,
                first_sent_ms,
                appended,
            );
        }
        // i12-brokers: a leader the client cannot reach (crashed, or isolated with its clients
        // cut off): the connection fails, `NetworkException`, retried.
        if rep.leader.is_some_and(|l| !self.reachable_by_clients(l)) {
            return self.produce_error(
                producer,
                batch,
                ProduceError::Network,
                attempt,
                first_sent_ms,
                appended,
            );
        }
        if acks == Acks::All
            && rep.isr.len() < rep.effective_min_isr(run.config.min_insync_replicas)
        {
            return self.produce_error(
                producer,
                batch,
                ProduceError::NotEnoughReplicas,
                attempt,
                first_sent_ms,
                appended,
            );
        }
        let n = batch.records.len() as u64;
        let existing = if idempotent && appended {
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
        let (base, records) = match existing {
            Some(base) => (base, None),
            None => {
                let (base, records) = self.append_batch(producer, &mut batch);
                if appended {
                    self.totals.duplicates += n;
                    self.producers[producer as usize].ledger.duplicates += n;
                }
                (base, Some(records))
            }
        };
        self.wake_parked(topic, partition);
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let active = self.active_brokers();
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        rep.maybe_increment_hw(now, lag, min_isr, |b| active[b as usize - 1]);
        let acked = records.as_deref().unwrap_or(&batch.records);
        match acks {
            Acks::Zero => self.note_acked(producer, topic, partition, base, acked, false),
            Acks::One => self.note_acked(producer, topic, partition, base, acked, true),
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
                    attempt,
                    first_sent_ms,
                    batch,
                    records,
                });
                self.complete_delayed(topic, partition);
                self.schedule_sweep_for(now + request_timeout);
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
        done.sort_by_key(|d| d.base_offset);
        for d in done {
            if short {
                let (producer, attempt, first_sent_ms) = (d.producer, d.attempt, d.first_sent_ms);
                self.produce_error(
                    producer,
                    d.into_batch(),
                    ProduceError::NotEnoughReplicasAfterAppend,
                    attempt,
                    first_sent_ms,
                    true,
                );
            } else {
                self.note_acked(
                    d.producer,
                    topic,
                    partition,
                    d.base_offset,
                    d.records(),
                    true,
                );
            }
        }
    }

    /// A produce attempt failed with `error`: retried after the backoff while the delivery
    /// timeout allows, else failed for good. acks=0 never learns of it.
    fn produce_error(
        &mut self,
        producer: u32,
        mut batch: ProducerBatch,
        error: ProduceError,
        attempt: u32,
        first_sent_ms: u64,
        appended: bool,
    ) {
        let now = self.now_ms;
        let config = &self.producers[producer as usize].config;
        let topic = self.producers[producer as usize].topic;
        let n = batch.records.len() as u64;
        let (acks, backoff, latency) = (
            config.acks,
            u64::from(config.retry_backoff_ms),
            u64::from(config.latency_ms),
        );
        let deadline = first_sent_ms + u64::from(config.delivery_timeout_ms);
        let retry = acks != Acks::Zero && now + backoff + latency < deadline;
        let ledger = &mut self.producers[producer as usize].ledger;
        *ledger.errors_by.entry(error).or_default() += 1;
        self.log.push(Event::ProduceFailed {
            at_ms: now,
            producer,
            topic,
            partition: batch.partition,
            batch_id: batch.id,
            records: n as u32,
            error,
            retry,
        });
        if retry {
            ledger.retried += n;
            let arrives = now + backoff + latency;
            for r in &mut batch.records {
                r.arrives_at_ms = arrives;
            }
            self.push_pending(
                arrives,
                Pending::DeliverBatch {
                    producer,
                    batch,
                    attempt: attempt + 1,
                    first_sent_ms,
                    appended,
                },
            );
            return;
        }
        if acks == Acks::Zero {
            // The producer was told nothing: the records it counted as sent are simply gone.
            ledger.acked_lost += n;
            *ledger
                .failed_by
                .entry(SendFailure::SilentlyDropped)
                .or_default() += n;
        } else {
            let error = if now + backoff + latency >= deadline {
                ProduceError::Timeout
            } else {
                error
            };
            *ledger
                .failed_by
                .entry(SendFailure::Error(error))
                .or_default() += n;
        }
        if !appended {
            self.topics[topic as usize].totals.failed += n;
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
            let (producer, attempt, first_sent_ms) = (d.producer, d.attempt, d.first_sent_ms);
            self.produce_error(
                producer,
                d.into_batch(),
                ProduceError::NotLeaderOrFollower,
                attempt,
                first_sent_ms,
                true,
            );
        }
    }
}
