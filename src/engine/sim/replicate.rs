//! The simulation's side of replication: moving follower fetches and produce requests between
//! brokers in time, the acks rules, retries, broker faults and elections. The rules themselves
//! (fetch state, HW, ISR, epochs, elections) are in `replication.rs`.
//!
//! What is modelled, and how (kafka-semantics.md §6):
//! - Fetches long-poll: a follower's fetch carries its LEO; the leader updates its view, expands
//!   the ISR, moves the HW, and answers at once when it has newer records, else holds the fetch
//!   until its next append (no 500 ms `replica.fetch.wait.max.ms` expiry: the follower's own HW
//!   is refreshed with the next records). A slow broker's fetches take `slow_delay_ms` longer.
//! - Produce: no leader → `LeaderNotAvailableException`; acks=all below
//!   `min(min.insync.replicas, RF)` → `NotEnoughReplicasException` before the append; acks=all
//!   waits for the HW (`DelayedProduce`), then `NotEnoughReplicasAfterAppendException` if the ISR
//!   shrank below it, or `TimeoutException` after `request.timeout.ms`; a leader change fails held
//!   writes with `NotLeaderOrFollowerException`. Every error is retried after `retry.backoff.ms`
//!   until `delivery.timeout.ms` (from the first send) has passed; acks=0 never hears of errors.
//! - A retry of a batch already appended appends it again (a duplicate), unless idempotence is
//!   on (acks=all), where the leader finds the batch in its log and answers with its offset.
//!   Retried batches are sent on their own: order across retries is not enforced.
//! - Faults: a killed broker is fenced at once (no session timeout): removed from every ISR it
//!   is in (never emptying one), and partitions it led elect a new leader (ONLINE, or UNCLEAN
//!   when enabled and no ISR replica is alive). A restarted broker's replicas truncate by leader
//!   epoch (the OffsetsForLeaderEpoch round trip is folded into the restart) and fetch again.

use super::*;
use crate::engine::cluster::{elect_leader, Election, Truncation};

impl Sim {
    /// Brokers 1..=n: running or not, and slowed.
    pub fn brokers(&self) -> &[BrokerState] {
        &self.brokers
    }

    /// The most brokers that were ever stopped at the same time in this run.
    pub fn most_brokers_down(&self) -> u32 {
        self.most_brokers_down
    }

    fn alive(&self, broker: u32) -> bool {
        self.brokers
            .get(broker as usize - 1)
            .is_some_and(|b| b.alive)
    }

    pub(super) fn start_replication(&mut self) {
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].topic.n_partitions() {
                self.start_partition_fetchers(t, p);
            }
        }
        let half = (self.config.replica_lag_time_max_ms / 2).max(1);
        self.push_pending(half, Pending::IsrCheck);
    }

    /// Starts every live follower's fetch loop for the partition's current leader.
    pub(super) fn start_partition_fetchers(&mut self, topic: u32, partition: u32) {
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let Some(leader) = rep.leader else { return };
        let followers: Vec<u32> = rep
            .replicas
            .iter()
            .map(|r| r.broker)
            .filter(|&b| b != leader)
            .collect();
        for b in followers {
            if self.alive(b) {
                self.start_fetching(topic, partition, b);
            }
        }
    }

    fn start_fetching(&mut self, topic: u32, partition: u32, broker: u32) {
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        let Some(i) = rep.index_of(broker) else {
            return;
        };
        rep.replicas[i].fetch_generation += 1;
        rep.replicas[i].parked = false;
        let (generation, fetch_offset) = (rep.replicas[i].fetch_generation, rep.replicas[i].leo());
        let at = self.now_ms + self.fetch_request_ms(broker);
        self.push_pending(
            at,
            Pending::Fetch {
                topic,
                partition,
                broker,
                generation,
                fetch_offset,
            },
        );
    }

    fn fetch_request_ms(&self, broker: u32) -> u64 {
        u64::from(self.config.replica_latency_ms)
            + u64::from(self.brokers[broker as usize - 1].slow_delay_ms)
    }

    pub(super) fn on_fetch(
        &mut self,
        topic: u32,
        partition: u32,
        broker: u32,
        generation: u64,
        fetch_offset: u64,
    ) {
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
        let is_alive = |b: u32| alive[b as usize - 1];
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        let Some(i) = rep.index_of(broker) else {
            return;
        };
        if rep.replicas[i].fetch_generation != generation || !is_alive(broker) {
            return;
        }
        let Some(leader) = rep.leader.filter(|&l| is_alive(l)) else {
            return;
        };
        let leader_leo = rep.leader_leo();
        let start = rep.replicas[i].log.start_offset as i64;
        rep.replicas[i]
            .fetch
            .update(fetch_offset as i64, start, leader_leo as i64, now);
        let expanded = rep.maybe_expand_isr(broker);
        let hw_moved = rep.maybe_increment_hw(now, lag, min_isr, is_alive);
        let isr = rep.isr.clone();
        let leader_hw = rep.high_watermark();
        if leader_leo > fetch_offset {
            let at = now + u64::from(self.config.replica_latency_ms);
            self.push_pending(
                at,
                Pending::FetchResponse {
                    topic,
                    partition,
                    broker,
                    generation,
                    up_to: leader_leo,
                    leader_hw,
                },
            );
        } else {
            rep.replicas[i].parked = true;
        }
        let _ = leader;
        if expanded {
            self.totals.isr_expands += 1;
            self.log.push(Event::IsrChanged {
                at_ms: now,
                topic,
                partition,
                isr,
            });
        }
        if hw_moved || expanded {
            self.complete_delayed(topic, partition);
        }
    }

    pub(super) fn on_fetch_response(
        &mut self,
        topic: u32,
        partition: u32,
        broker: u32,
        generation: u64,
        up_to: u64,
        leader_hw: u64,
    ) {
        if !self.alive(broker) {
            return;
        }
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        let Some(i) = rep.index_of(broker) else {
            return;
        };
        if rep.replicas[i].fetch_generation != generation {
            return;
        }
        let Some(l) = rep.leader.and_then(|l| rep.index_of(l)) else {
            return;
        };
        let (leader, follower) = if l < i {
            let (a, b) = rep.replicas.split_at_mut(i);
            (&a[l], &mut b[0])
        } else {
            let (a, b) = rep.replicas.split_at_mut(l);
            (&b[0], &mut a[i])
        };
        if follower.leo() < leader.log.start_offset {
            follower.log = crate::engine::cluster::PartitionLog {
                start_offset: leader.log.start_offset,
                records: Default::default(),
            };
        }
        let from = follower.leo();
        for offset in from..up_to {
            let Some(stored) = leader
                .log
                .records
                .get((offset - leader.log.start_offset) as usize)
            else {
                break;
            };
            if let Some(epoch) = leader.epochs.epoch_at(offset) {
                follower.epochs.assign(epoch, offset);
            }
            follower.log.append(stored.record.clone());
        }
        follower.high_watermark = leader_hw
            .min(follower.leo())
            .max(follower.high_watermark.min(follower.leo()));
        // Show what replaced the records this broker lost to its last truncation.
        if let Some(t) = rep
            .truncations
            .iter_mut()
            .rev()
            .find(|t| t.broker == broker)
        {
            let leader_log = &rep.replicas[l].log;
            for &(offset, _) in &t.removed {
                if t.leader_then.iter().all(|&(o, _)| o != offset) && offset < up_to {
                    if let Some(s) = leader_log
                        .records
                        .get(offset.wrapping_sub(leader_log.start_offset) as usize)
                    {
                        t.leader_then.push((offset, s.record.id));
                    }
                }
            }
        }
        let fetch_offset = rep.replicas[i].leo();
        let at = self.now_ms + self.fetch_request_ms(broker);
        self.push_pending(
            at,
            Pending::Fetch {
                topic,
                partition,
                broker,
                generation,
                fetch_offset,
            },
        );
    }

    /// After the leader appended: answers the fetches it was holding.
    fn wake_parked(&mut self, topic: u32, partition: u32) {
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        let (up_to, leader_hw) = (rep.leader_leo(), rep.high_watermark());
        let mut answers = Vec::new();
        for r in rep.replicas.iter_mut().filter(|r| r.parked) {
            r.parked = false;
            answers.push((r.broker, r.fetch_generation));
        }
        let at = self.now_ms + u64::from(self.config.replica_latency_ms);
        for (broker, generation) in answers {
            self.push_pending(
                at,
                Pending::FetchResponse {
                    topic,
                    partition,
                    broker,
                    generation,
                    up_to,
                    leader_hw,
                },
            );
        }
    }

    pub(super) fn isr_check(&mut self) {
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
        for t in 0..self.topics.len() {
            let min_isr = self.topics[t].config.min_insync_replicas;
            for p in 0..self.topics[t].replication.len() {
                let rep = &mut self.topics[t].replication[p];
                let out = rep.out_of_sync(now, lag);
                if out.is_empty() {
                    continue;
                }
                rep.isr.retain(|b| !out.contains(b));
                rep.partition_epoch += 1;
                self.totals.isr_shrinks += out.len() as u64;
                let isr = rep.isr.clone();
                rep.maybe_increment_hw(now, lag, min_isr, |b| alive[b as usize - 1]);
                self.log.push(Event::IsrChanged {
                    at_ms: now,
                    topic: t as u32,
                    partition: p as u32,
                    isr,
                });
                self.complete_delayed(t as u32, p as u32);
            }
        }
        self.push_pending(now + (lag / 2).max(1), Pending::IsrCheck);
    }

    pub(super) fn produce_sweep(&mut self) {
        self.sweep_at = None;
        let now = self.now_ms;
        let (expired, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut self.delayed)
            .into_iter()
            .partition(|d| d.deadline_ms <= now);
        self.delayed = kept;
        for d in expired {
            self.produce_error(
                d.producer,
                d.batch,
                "TimeoutException",
                d.attempt,
                d.first_sent_ms,
                true,
            );
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
        batch: ProducerBatch,
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
                "LeaderNotAvailableException",
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
                "NotEnoughReplicasException",
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
        let base = match existing {
            Some(base) => base,
            None => {
                let base = self.append_batch(producer, &batch);
                if appended {
                    self.totals.duplicates += n;
                    self.producers[producer as usize].ledger.duplicates += n;
                }
                base
            }
        };
        self.wake_parked(topic, partition);
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        rep.maybe_increment_hw(now, lag, min_isr, |b| alive[b as usize - 1]);
        match acks {
            Acks::Zero => self.note_acked(producer, topic, partition, base, &batch, false),
            Acks::One => self.note_acked(producer, topic, partition, base, &batch, true),
            Acks::All => {
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
                });
                self.complete_delayed(topic, partition);
                self.schedule_sweep();
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
        batch: &ProducerBatch,
        count: bool,
    ) {
        if count {
            self.producers[producer as usize].ledger.acked += batch.records.len() as u64;
        }
        let run = &mut self.topics[topic as usize];
        let start = run.topic.partitions[partition as usize].start_offset;
        let rep = &mut run.replication[partition as usize];
        for (k, record) in batch.records.iter().enumerate() {
            rep.acked.insert(base + k as u64, (record.id, producer));
        }
        // Only records still kept can be checked later.
        while rep.acked.first_key_value().is_some_and(|(&o, _)| o < start) {
            rep.acked.pop_first();
        }
    }

    /// Answers the held acks=all writes of a partition whose HW now covers them.
    fn complete_delayed(&mut self, topic: u32, partition: u32) {
        let run = &self.topics[topic as usize];
        let rep = &run.replication[partition as usize];
        let hw = rep.high_watermark();
        let short = rep.isr.len() < rep.effective_min_isr(run.config.min_insync_replicas);
        let epoch = rep.leader_epoch;
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
                self.produce_error(
                    d.producer,
                    d.batch,
                    "NotEnoughReplicasAfterAppendException",
                    d.attempt,
                    d.first_sent_ms,
                    true,
                );
            } else {
                self.note_acked(d.producer, topic, partition, d.base_offset, &d.batch, true);
            }
        }
    }

    /// A produce attempt failed with `error`: retried after the backoff while the delivery
    /// timeout allows, else failed for good. acks=0 never learns of it.
    fn produce_error(
        &mut self,
        producer: u32,
        mut batch: ProducerBatch,
        error: &'static str,
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
                .entry("silently dropped (acks=0)")
                .or_default() += n;
        } else {
            let name = if error == "TimeoutException" || now + backoff + latency >= deadline {
                "TimeoutException"
            } else {
                error
            };
            *ledger.failed_by.entry(name).or_default() += n;
        }
        if !appended {
            self.topics[topic as usize].totals.failed += n;
        }
    }

    /// Moves leadership of a partition to `leader` (or none) in a new epoch: swaps the log the
    /// rest of the run reads, counts acknowledged records the new leader does not have, fails held
    /// writes, and restarts the followers (each truncating by leader epoch first).
    fn change_leader(&mut self, topic: u32, partition: u32, leader: Option<u32>, unclean: bool) {
        let now = self.now_ms;
        let run = &mut self.topics[topic as usize];
        let rep = &mut run.replication[partition as usize];
        rep.become_leader(leader, now);
        if unclean {
            rep.isr = leader.into_iter().collect();
            rep.recovering = true;
        }
        let epoch = rep.leader_epoch;
        for r in &mut rep.replicas {
            r.fetch_generation += 1;
            r.parked = false;
        }
        let mut lost: BTreeMap<u32, u64> = BTreeMap::new();
        if let Some(l) = leader {
            let i = rep.index_of(l).expect("a leader is a replica");
            let new_log = rep.replicas[i].log.clone();
            let mirror = &mut run.topic.partitions[partition as usize];
            let (old_end, new_end) = (mirror.end_offset(), new_log.end_offset());
            if new_end < old_end {
                run.totals.discarded += old_end - new_end;
            } else {
                run.totals.resurrected += new_end - old_end;
            }
            *mirror = new_log;
            let log = &run.topic.partitions[partition as usize];
            let gone: Vec<u64> = rep
                .acked
                .iter()
                .filter(|&(&offset, &(id, _))| {
                    offset >= log.start_offset
                        && log
                            .records
                            .get((offset - log.start_offset) as usize)
                            .is_none_or(|s| s.record.id != id)
                })
                .map(|(&o, _)| o)
                .collect();
            for offset in gone {
                if let Some((_, producer)) = rep.acked.remove(&offset) {
                    *lost.entry(producer).or_default() += 1;
                }
            }
        }
        self.totals.leader_changes += 1;
        self.log.push(Event::LeaderChanged {
            at_ms: now,
            topic,
            partition,
            leader,
            epoch,
            unclean,
        });
        if unclean {
            self.log.push(Event::IsrChanged {
                at_ms: now,
                topic,
                partition,
                isr: leader.into_iter().collect(),
            });
        }
        for (producer, records) in lost {
            self.producers[producer as usize].ledger.acked_lost += records;
            self.log.push(Event::AckedLost {
                at_ms: now,
                topic,
                partition,
                producer,
                records,
            });
        }
        // Held writes fail: the producer retries against the new leader.
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
            self.produce_error(
                d.producer,
                d.batch,
                "NotLeaderOrFollowerException",
                d.attempt,
                d.first_sent_ms,
                true,
            );
        }
        self.follow_leader(topic, partition);
        self.refresh_available(topic);
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
        self.topics[topic as usize].replication[partition as usize].maybe_increment_hw(
            now,
            lag,
            min_isr,
            |b| alive[b as usize - 1],
        );
    }

    /// Every live follower truncates by leader epoch against the current leader, then fetches.
    fn follow_leader(&mut self, topic: u32, partition: u32) {
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let Some(leader) = rep.leader else { return };
        let followers: Vec<u32> = rep
            .replicas
            .iter()
            .map(|r| r.broker)
            .filter(|&b| b != leader)
            .collect();
        for b in followers {
            if self.alive(b) {
                self.truncate_and_fetch(topic, partition, b);
            }
        }
    }

    fn truncate_and_fetch(&mut self, topic: u32, partition: u32, broker: u32) {
        let now = self.now_ms;
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        if let Some(Truncation {
            to_offset, removed, ..
        }) = rep.truncate_follower(broker, now)
        {
            let records = removed.len() as u64;
            self.log.push(Event::Truncated {
                at_ms: now,
                topic,
                partition,
                broker,
                to_offset,
                records,
            });
        }
        self.start_fetching(topic, partition, broker);
    }

    /// The partitions producers may pick for keyless records: those with a leader.
    pub(super) fn refresh_available(&mut self, topic: u32) {
        let available: Vec<u32> = self.topics[topic as usize]
            .replication
            .iter()
            .enumerate()
            .filter(|(_, r)| r.leader.is_some())
            .map(|(p, _)| p as u32)
            .collect();
        for producer in self.producers.iter_mut().filter(|p| p.topic == topic) {
            producer.available.clone_from(&available);
        }
    }

    /// Elects a leader for a partition whose leader is gone (ONLINE, or UNCLEAN when enabled).
    fn elect(&mut self, topic: u32, partition: u32) {
        let election = if self.config.unclean_leader_election {
            Election::Unclean
        } else {
            Election::Online
        };
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let replicas: Vec<u32> = rep.replicas.iter().map(|r| r.broker).collect();
        let current = rep.leader.filter(|&l| self.alive(l));
        let (leader, unclean) =
            elect_leader(&replicas, &rep.isr, current, |b| self.alive(b), election);
        if leader != rep.leader {
            // An offline partition that stays offline needs no new epoch.
            if leader.is_some() || rep.leader.is_some() {
                self.change_leader(topic, partition, leader, unclean);
            }
        }
    }

    fn check_broker(&self, broker: u32) -> Result<(), CommandError> {
        if broker < 1 || broker > self.config.brokers {
            return Err(CommandError {
                message: format!(
                    "there is no broker {broker}: this cluster has brokers 1 to {}",
                    self.config.brokers
                ),
            });
        }
        Ok(())
    }

    pub(super) fn kill_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if !self.alive(broker) {
            return Err(CommandError {
                message: format!("broker {broker} is already stopped"),
            });
        }
        self.brokers[broker as usize - 1].alive = false;
        let down = self.brokers.iter().filter(|b| !b.alive).count() as u32;
        self.most_brokers_down = self.most_brokers_down.max(down);
        self.log.push(Event::BrokerKilled {
            at_ms: self.now_ms,
            broker,
        });
        let now = self.now_ms;
        let lag = self.config.replica_lag_time_max_ms;
        for t in 0..self.topics.len() as u32 {
            let min_isr = self.topics[t as usize].config.min_insync_replicas;
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &mut self.topics[t as usize].replication[p as usize];
                let Some(i) = rep.index_of(broker) else {
                    continue;
                };
                rep.replicas[i].fetch_generation += 1;
                rep.replicas[i].parked = false;
                // Fencing removes the broker from the ISR, which never empties (no ELR here).
                if rep.isr.contains(&broker) && rep.isr.len() > 1 {
                    rep.isr.retain(|&b| b != broker);
                    rep.partition_epoch += 1;
                    self.totals.isr_shrinks += 1;
                    let isr = rep.isr.clone();
                    self.log.push(Event::IsrChanged {
                        at_ms: now,
                        topic: t,
                        partition: p,
                        isr,
                    });
                }
                let rep = &self.topics[t as usize].replication[p as usize];
                if rep.leader == Some(broker) {
                    self.elect(t, p);
                } else {
                    let alive: Vec<bool> = self.brokers.iter().map(|b| b.alive).collect();
                    let rep = &mut self.topics[t as usize].replication[p as usize];
                    if rep.maybe_increment_hw(now, lag, min_isr, |b| alive[b as usize - 1]) {
                        self.complete_delayed(t, p);
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn restart_broker(&mut self, broker: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if self.alive(broker) {
            // What a second Kafka process with the same log.dirs says.
            return Err(CommandError {
                message: format!("broker {broker} is running: Failed to acquire lock on file .lock in /var/lib/kafka/data. A Kafka instance in another process or thread is using this directory."),
            });
        }
        self.brokers[broker as usize - 1].alive = true;
        self.log.push(Event::BrokerRestarted {
            at_ms: self.now_ms,
            broker,
        });
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &self.topics[t as usize].replication[p as usize];
                if rep.index_of(broker).is_none() {
                    continue;
                }
                match rep.leader {
                    None => self.elect(t, p),
                    Some(l) if l != broker => self.truncate_and_fetch(t, p, broker),
                    Some(_) => {}
                }
            }
        }
        // A broker coming back may make an unclean election possible elsewhere, too.
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                if self.topics[t as usize].replication[p as usize]
                    .leader
                    .is_none()
                {
                    self.elect(t, p);
                }
            }
        }
        Ok(())
    }

    pub(super) fn slow_broker(&mut self, broker: u32, delay_ms: u32) -> Result<(), CommandError> {
        self.check_broker(broker)?;
        if delay_ms > limits::SLOW_DELAY_MS_MAX {
            return Err(CommandError {
                message: format!(
                    "a fetch delay is at most {} ms, not {delay_ms}",
                    limits::SLOW_DELAY_MS_MAX
                ),
            });
        }
        self.brokers[broker as usize - 1].slow_delay_ms = delay_ms;
        self.log.push(Event::BrokerSlowed {
            at_ms: self.now_ms,
            broker,
            delay_ms,
        });
        Ok(())
    }

    /// `kafka-leader-election --election-type PREFERRED` for every partition.
    pub(super) fn elect_preferred_leaders(&mut self) {
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                let rep = &self.topics[t as usize].replication[p as usize];
                let replicas: Vec<u32> = rep.replicas.iter().map(|r| r.broker).collect();
                let (leader, _) = elect_leader(
                    &replicas,
                    &rep.isr,
                    rep.leader,
                    |b| self.alive(b),
                    Election::Preferred,
                );
                if leader.is_some() && leader != rep.leader {
                    self.change_leader(t, p, leader, false);
                }
            }
        }
    }
}
