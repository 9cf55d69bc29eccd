//! The producer's sender thread, as the Java client's `Sender.sendProducerData` runs it over
//! `RecordAccumulator.ready` and `drain`: per broker (node), one produce request holding at
//! most one batch per partition it leads, and no more than
//! `max.in.flight.requests.per.connection` requests unanswered per broker (acks=0 requests are
//! answered when sent). The leader is the one the producer's metadata names when the request
//! is sent; batches of a partition with no known leader wait (and ask for a metadata refresh)
//! until one is known or `delivery.timeout.ms` expires them. A failed batch is retried after an
//! exponential backoff (KIP-580) or fails for good (`Sender.completeBatch`, `canRetry`,
//! `failBatch`); with idempotence, sequence numbers keep a retried partition in order
//! (`RecordAccumulator.shouldStopDrainBatchesForPartition`, `TransactionManager`).
//!
//! Simplifications: no `max.block.ms` or buffer memory; a request's batches are answered
//! partition by partition as the leader completes each (Kafka answers the request once);
//! in-flight batches past the delivery timeout are not expired before their answer (the
//! leader's `request.timeout.ms` bounds them); no KIP-951 leader hints in answers.

use super::{Pending, Sim};
use crate::engine::config::Acks;
use crate::engine::event::Event;
use crate::engine::producer::{backoff_ms, ProduceError, ProducerBatch, SendFailure};

/// `max.request.size`'s default: a request takes batches while they fit (at least one).
const MAX_REQUEST_SIZE: u32 = 1_048_576;

/// An acks=all produce request whose batches the leader has not all answered yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct InFlightRequest {
    pub(super) producer: u32,
    pub(super) broker: u32,
    /// Batches not yet answered.
    pub(super) outstanding: u32,
}

/// `reconnect.backoff.max.ms`: how long the client waits before trying a broker that refused a
/// connection again. Kafka backs off from `reconnect.backoff.ms` (50 ms) up to this; the
/// playground waits the maximum each time.
const RECONNECT_BACKOFF_MAX_MS: u64 = 1_000;

impl Sim {
    fn idempotent(&self, producer: u32) -> bool {
        let config = &self.producers[producer as usize].config;
        config.idempotence && config.acks == Acks::All
    }

    /// `shouldStopDrainBatchesForPartition`: with idempotence, a new batch waits while the
    /// epoch is about to be bumped, and a retried batch waits until it is the first of its
    /// partition in flight, which keeps one batch of a retried partition in flight at a time.
    fn should_stop_drain(&self, producer: u32, partition: u32) -> bool {
        if !self.idempotent(producer) {
            return false;
        }
        let run = &self.producers[producer as usize];
        let Some(first) = run.client.accumulator.first(partition) else {
            return false;
        };
        let Some((_, seq)) = first.sequence else {
            return run.sequences.new_batches_wait(partition);
        };
        run.sequences
            .first_in_flight(partition)
            .is_some_and(|first_in_flight| first_in_flight != seq)
    }

    /// Whether the sender can send another request to `broker` (`NetworkClient.ready`): it has
    /// a connection (a broker that crashed, or is cut off from its clients, refuses one) and
    /// room under `max.in.flight.requests.per.connection`.
    fn node_ready(&self, producer: u32, broker: u32) -> bool {
        let run = &self.producers[producer as usize];
        self.reachable_by_clients(broker)
            && run.in_flight_per_node[broker as usize - 1]
                < run.config.max_in_flight_requests_per_connection
    }

    /// Whether a batch of `partition` could leave at `now_ms` (for the wake-up after a send).
    pub(super) fn partition_sendable(&self, producer: u32, partition: u32) -> bool {
        let run = &self.producers[producer as usize];
        run.client
            .accumulator
            .ready_at_ms(partition)
            .is_some_and(|at| at <= self.now_ms)
            && run
                .metadata
                .leader(partition)
                .is_some_and(|b| self.node_ready(producer, b))
    }

    /// The sender thread wakes: expires old batches, then sends a request to each broker that
    /// leads a ready partition and has room (`Sender.sendProducerData`).
    pub(super) fn sender_poll(&mut self, producer: u32) {
        let now = self.now_ms;
        let run = &mut self.producers[producer as usize];
        if run.sender_poll_at == Some(now) {
            run.sender_poll_at = None;
        }
        let delivery_timeout = u64::from(run.config.delivery_timeout_ms);
        let expired = run.client.accumulator.take_expired(now, delivery_timeout);
        for batch in expired {
            self.fail_batch(producer, batch, ProduceError::Timeout);
        }
        let run = &mut self.producers[producer as usize];
        let leaders: Vec<bool> = run.metadata.leaders.iter().map(Option::is_some).collect();
        run.client.refresh_load_stats(&leaders);
        // `RecordAccumulator.ready`: the nodes with a ready partition; unknown leaders ask for
        // metadata.
        let mut ready_nodes = vec![false; self.brokers.len()];
        let mut unknown_leader = false;
        let n = run.client.accumulator.queues.len() as u32;
        for p in 0..n {
            let Some(ready_at) = run.client.accumulator.ready_at_ms(p) else {
                continue;
            };
            match run.metadata.leader(p) {
                None => unknown_leader = true,
                Some(b) if ready_at <= now => ready_nodes[b as usize - 1] = true,
                Some(_) => {}
            }
        }
        if unknown_leader {
            self.request_metadata_update(producer);
        }
        let mut unconnectable = false;
        for broker in 1..=self.brokers.len() as u32 {
            if !ready_nodes[broker as usize - 1] {
                continue;
            }
            if !self.reachable_by_clients(broker) {
                // The connection attempt fails: the batches stay in the accumulator (they are
                // not sent to bounce), the client asks for metadata
                // (`handleServerDisconnect`), and tries again after the reconnect backoff.
                unconnectable = true;
                continue;
            }
            if self.node_ready(producer, broker) {
                let batches = self.drain_node(producer, broker);
                if !batches.is_empty() {
                    self.send_request(producer, broker, batches);
                }
            }
        }
        if unconnectable {
            self.request_metadata_update(producer);
            self.queue_sender_poll(producer, now + RECONNECT_BACKOFF_MAX_MS);
        }
        self.schedule_sender(producer);
    }

    /// `drainBatchesForOneNode`: from the node's drain index on, the first batch of each
    /// partition it leads, unless it is backing off or must wait for an earlier one, while the
    /// request stays within `max.request.size`. A batch drained for the first time gets its
    /// sequence (idempotence).
    fn drain_node(&mut self, producer: u32, broker: u32) -> Vec<ProducerBatch> {
        let now = self.now_ms;
        let idempotent = self.idempotent(producer);
        let parts: Vec<u32> = {
            let m = &self.producers[producer as usize].metadata;
            (0..m.n_partitions())
                .filter(|&p| m.leader(p) == Some(broker))
                .collect()
        };
        let mut out = Vec::new();
        if parts.is_empty() {
            return out;
        }
        let slot = broker as usize - 1;
        let start = self.producers[producer as usize].drain_index[slot] as usize % parts.len();
        let mut i = start;
        let mut size = 0u32;
        loop {
            let p = parts[i];
            self.producers[producer as usize].drain_index[slot] = i as u32;
            i = (i + 1) % parts.len();
            let accumulator = &self.producers[producer as usize].client.accumulator;
            if let Some(first) = accumulator.first(p) {
                if !accumulator.backing_off(p, now) {
                    if size + first.estimated_bytes() > MAX_REQUEST_SIZE && !out.is_empty() {
                        break;
                    }
                    // Kafka breaks out of the node's loop here; skipping the partition sends
                    // the same batches of the others a poll sooner and never spins.
                    if !self.should_stop_drain(producer, p) {
                        let run = &mut self.producers[producer as usize];
                        let mut batch = run
                            .client
                            .accumulator
                            .take_first(p)
                            .expect("a first batch was seen");
                        if idempotent && batch.sequence.is_none() {
                            let records = batch.records.len() as u32;
                            batch.sequence = Some(run.sequences.assign(p, records));
                        }
                        size += batch.estimated_bytes();
                        out.push(batch);
                    }
                }
            }
            if i == start {
                break;
            }
        }
        out
    }

    /// Sends one produce request to `broker`; it arrives after the producer's latency.
    fn send_request(&mut self, producer: u32, broker: u32, mut batches: Vec<ProducerBatch>) {
        let now = self.now_ms;
        let topic = self.producers[producer as usize].topic;
        let run = &mut self.producers[producer as usize];
        let arrives_at_ms = now + u64::from(run.config.latency_ms);
        let acks = run.config.acks;
        for batch in &mut batches {
            for record in &mut batch.records {
                record.arrives_at_ms = arrives_at_ms;
            }
            if batch.attempts > 0 {
                continue;
            }
            if acks == Acks::Zero {
                // acks=0: the send counts as done as soon as it leaves; nothing ever answers.
                self.producers[producer as usize].ledger.acked += batch.records.len() as u64;
            }
            self.producers[producer as usize].batches_sent += 1;
            self.topics[topic as usize].totals.batches_sent += 1;
            self.log.push(Event::BatchSent {
                at_ms: now,
                producer,
                topic,
                batch_id: batch.id,
                partition: batch.partition,
                records: batch.records.len() as u32,
                bytes: batch.estimated_bytes(),
            });
        }
        if acks != Acks::Zero {
            self.producers[producer as usize].in_flight_per_node[broker as usize - 1] += 1;
        }
        let request = self.next_request_id;
        self.next_request_id += 1;
        self.push_pending(
            arrives_at_ms,
            Pending::ProduceRequest {
                producer,
                broker,
                request,
                batches,
                handled: false,
            },
        );
    }

    /// A request to `broker` was answered (or its connection dropped): its slot is free.
    pub(super) fn request_done(&mut self, producer: u32, broker: u32) {
        let slot = &mut self.producers[producer as usize].in_flight_per_node[broker as usize - 1];
        *slot = slot.saturating_sub(1);
        self.queue_sender_poll(producer, self.now_ms);
    }

    /// One batch of acks=all request `request` was answered; the last one frees the slot.
    pub(super) fn answer_part(&mut self, request: u64) {
        let Some(r) = self.produce_requests.get_mut(&request) else {
            return;
        };
        r.outstanding -= 1;
        if r.outstanding == 0 {
            let (producer, broker) = (r.producer, r.broker);
            self.produce_requests.remove(&request);
            self.request_done(producer, broker);
        }
    }

    /// A batch was acknowledged: idempotence's sequences move on (`handleCompletedBatch`).
    pub(super) fn batch_acked(
        &mut self,
        producer: u32,
        partition: u32,
        sequence: Option<(u32, u32)>,
        records: u32,
    ) {
        if let Some(sequence) = sequence {
            self.producers[producer as usize]
                .sequences
                .acked(partition, sequence, records);
        }
    }

    /// A produce attempt failed with `error` (`Sender.completeBatch`): retried after the
    /// backoff while `canRetry` allows, else failed for good. acks=0 never learns of it.
    pub(super) fn batch_failed(
        &mut self,
        producer: u32,
        mut batch: ProducerBatch,
        error: ProduceError,
    ) {
        let now = self.now_ms;
        let idempotent = self.idempotent(producer);
        let topic = self.producers[producer as usize].topic;
        let run = &self.producers[producer as usize];
        let config = &run.config;
        let n = batch.records.len() as u64;
        let reached_delivery_timeout =
            now >= batch.created_at_ms + u64::from(config.delivery_timeout_ms);
        let stale = batch
            .sequence
            .is_some_and(|s| run.sequences.is_stale(batch.partition, s));
        // `TransactionManager.canRetry`: an out-of-order answer is retried unless the batch is
        // the next in sequence (then an earlier batch cannot be what is missing).
        let error_retriable = match (error, batch.sequence) {
            (ProduceError::OutOfOrderSequence, Some(s)) => {
                stale || !run.sequences.is_next(batch.partition, s)
            }
            _ => true,
        };
        let retry = config.acks != Acks::Zero && !reached_delivery_timeout && error_retriable;
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
        if !retry {
            let error = if reached_delivery_timeout {
                ProduceError::Timeout
            } else {
                error
            };
            return self.fail_batch(producer, batch, error);
        }
        // NotLeaderOrFollower, LeaderNotAvailable and NetworkException are
        // `InvalidMetadataException`s: the producer refreshes its metadata.
        if matches!(
            error,
            ProduceError::NotLeaderOrFollower
                | ProduceError::LeaderNotAvailable
                | ProduceError::Network
        ) {
            self.request_metadata_update(producer);
        }
        let run = &mut self.producers[producer as usize];
        run.ledger.retried += n;
        batch.attempts += 1;
        let backoff = backoff_ms(
            run.config.retry_backoff_ms,
            run.config.retry_backoff_max_ms,
            batch.attempts - 1,
            &mut run.backoff_rng,
        );
        batch.retry_at_ms = now + backoff;
        if let Some(s) = batch.sequence.filter(|_| stale && idempotent) {
            // `resetProducerState`: a new sequence in the new epoch at the next drain.
            run.sequences.forget(batch.partition, s);
            batch.sequence = None;
        }
        let retry_at = batch.retry_at_ms;
        run.client.accumulator.reenqueue(batch);
        self.queue_sender_poll(producer, retry_at);
    }

    /// `Sender.failBatch`: the batch's records fail for good (acks=0: silently lost).
    pub(super) fn fail_batch(&mut self, producer: u32, batch: ProducerBatch, error: ProduceError) {
        let topic = self.producers[producer as usize].topic;
        let n = batch.records.len() as u64;
        let run = &mut self.producers[producer as usize];
        if let Some(s) = batch.sequence {
            run.sequences.failed(batch.partition, s);
        }
        let ledger = &mut run.ledger;
        if run.config.acks == Acks::Zero {
            // The producer was told nothing: the records it counted as sent are simply gone.
            ledger.acked_lost += n;
            *ledger
                .failed_by
                .entry(SendFailure::SilentlyDropped)
                .or_default() += n;
        } else {
            *ledger
                .failed_by
                .entry(SendFailure::Error(error))
                .or_default() += n;
        }
        if !batch.appended {
            self.topics[topic as usize].totals.failed += n;
        }
    }

    /// Queues a sender wake-up for the earliest time a batch could leave: a ready partition
    /// whose leader is known and has room, a backoff's end, a linger's end, or an expiry.
    /// Partitions waiting for an answer or for metadata wake the sender when those arrive.
    pub(super) fn schedule_sender(&mut self, producer: u32) {
        let run = &self.producers[producer as usize];
        let accumulator = &run.client.accumulator;
        // A retried batch put back in front of an older one can expose an expired batch after a
        // drain: it expires at the next wake-up.
        let mut at = accumulator
            .next_expiry_ms(u64::from(run.config.delivery_timeout_ms))
            .map(|at| at.max(self.now_ms));
        for p in 0..accumulator.queues.len() as u32 {
            let Some(ready_at) = accumulator.ready_at_ms(p) else {
                continue;
            };
            let Some(leader) = run.metadata.leader(p) else {
                continue;
            };
            if !self.node_ready(producer, leader) || self.should_stop_drain(producer, p) {
                continue;
            }
            let ready_at = ready_at.max(self.now_ms);
            at = Some(at.map_or(ready_at, |a| a.min(ready_at)));
        }
        if let Some(at) = at {
            self.queue_sender_poll(producer, at);
        }
    }

    /// Queues a sender wake-up at `at` unless one is already queued no later than that.
    pub(super) fn queue_sender_poll(&mut self, producer: u32, at: u64) {
        let run = &mut self.producers[producer as usize];
        if run
            .sender_poll_at
            .is_none_or(|queued| queued > at || queued < self.now_ms)
        {
            run.sender_poll_at = Some(at);
            self.push_pending(at, Pending::SenderPoll { producer });
        }
    }

    /// `Metadata.requestUpdate`: a refresh answered one round trip from now, but no sooner than
    /// `retry.backoff.ms` after the last one.
    pub(super) fn request_metadata_update(&mut self, producer: u32) {
        let now = self.now_ms;
        let run = &mut self.producers[producer as usize];
        if run.metadata.refresh_due_ms.is_some() {
            return;
        }
        let earliest = run.metadata.refreshed_at_ms + u64::from(run.config.retry_backoff_ms);
        let at = now.max(earliest) + 2 * u64::from(run.config.latency_ms);
        run.metadata.refresh_due_ms = Some(at);
        self.push_pending(at, Pending::MetadataRefresh { producer });
    }

    /// A metadata answer (requested, or every `metadata.max.age.ms`): the leaders and the
    /// partition count as they are now; the keyless partitioner's choices follow.
    pub(super) fn metadata_refresh(&mut self, producer: u32) {
        let now = self.now_ms;
        let run = &self.producers[producer as usize];
        let periodic =
            now >= run.metadata.refreshed_at_ms + u64::from(run.config.metadata_max_age_ms);
        if run.metadata.refresh_due_ms != Some(now) && !periodic {
            return;
        }
        self.refresh_metadata_now(producer);
        self.queue_sender_poll(producer, now);
    }

    /// Reads the producer's topic into its metadata and queues the next periodic refresh.
    pub(super) fn refresh_metadata_now(&mut self, producer: u32) {
        let now = self.now_ms;
        let topic = self.producers[producer as usize].topic;
        let leaders: Vec<Option<u32>> = self.topics[topic as usize]
            .replication
            .iter()
            .map(|r| r.leader)
            .collect();
        let run = &mut self.producers[producer as usize];
        run.client.accumulator.resize(leaders.len() as u32);
        run.metadata.leaders = leaders;
        run.metadata.refreshed_at_ms = now;
        run.metadata.refresh_due_ms = None;
        run.available = run.metadata.available();
        let next = now + u64::from(run.config.metadata_max_age_ms);
        self.push_pending(next, Pending::MetadataRefresh { producer });
    }
}
