//! Followers' fetches, moved between brokers in time, and the ISR they earn or lose. The rules
//! themselves (fetch state, HW, ISR, epochs) are in `replication.rs`; this is when they run
//! (kafka-semantics.md §6).
//!
//! Fetches long-poll: a follower's fetch carries its LEO; the leader updates its view, expands
//! the ISR, moves the HW, and answers at once when it has newer records, else holds the fetch
//! until its next append (no 500 ms `replica.fetch.wait.max.ms` expiry: the follower's own HW
//! is refreshed with the next records). A slow broker's fetches take `slow_delay_ms` longer.
//! Every `replica.lag.time.max.ms / 2` the leaders drop followers that are out of sync. After a
//! leader change, each live follower truncates by leader epoch, then fetches again.

use super::{Pending, Sim};
use crate::engine::cluster::Truncation;
use crate::engine::event::Event;

impl Sim {
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
            if self.connected(b) {
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
        // A fetch needs both ends running and on the same side of any partition.
        let connected: Vec<bool> = self
            .brokers
            .iter()
            .map(|b| b.alive && !b.isolated)
            .collect();
        let active = self.active_brokers();
        let is_connected = |b: u32| connected[b as usize - 1];
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        let Some(i) = rep.index_of(broker) else {
            return;
        };
        if rep.replicas[i].fetch_generation != generation || !is_connected(broker) {
            return;
        }
        let Some(leader) = rep.leader.filter(|&l| is_connected(l)) else {
            return;
        };
        let leader_leo = rep.leader_leo();
        let start = rep.replicas[i].log.start_offset as i64;
        rep.replicas[i]
            .fetch
            .update(fetch_offset as i64, start, leader_leo as i64, now);
        let expanded = rep.maybe_expand_isr(broker);
        let hw_moved = rep.maybe_increment_hw(now, lag, min_isr, |b| active[b as usize - 1]);
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
        if !self.connected(broker) {
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
            follower.log.restart_at(leader.log.start_offset);
        }
        let from = follower.leo();
        // What the leader holds of `from..up_to`, copied as one extend (trimming once).
        let to = up_to.min(leader.leo()).max(from);
        for offset in from..to {
            if let Some(epoch) = leader.epochs.epoch_at(offset) {
                follower.epochs.assign(epoch, offset);
            }
        }
        if to > from {
            let first = (from - leader.log.start_offset) as usize;
            follower.log.extend_shared(
                leader
                    .log
                    .records
                    .range(first..first + (to - from) as usize)
                    .map(|s| s.record.clone()),
            );
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
    pub(super) fn wake_parked(&mut self, topic: u32, partition: u32) {
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
        let active = self.active_brokers();
        let connected: Vec<bool> = self
            .brokers
            .iter()
            .map(|b| b.alive && !b.isolated)
            .collect();
        for t in 0..self.topics.len() {
            let min_isr = self.topics[t].config.min_insync_replicas;
            for p in 0..self.topics[t].replication.len() {
                let rep = &mut self.topics[t].replication[p];
                // `Partition.maybeShrinkIsr` runs on the leader and needs the controller's
                // AlterPartition: a stopped or isolated leader keeps its ISR as it was.
                if rep.leader.is_none_or(|l| !connected[l as usize - 1]) {
                    continue;
                }
                let out = rep.out_of_sync(now, lag);
                if out.is_empty() {
                    continue;
                }
                rep.isr.retain(|b| !out.contains(b));
                rep.partition_epoch += 1;
                self.totals.isr_shrinks += out.len() as u64;
                let isr = rep.isr.clone();
                rep.maybe_increment_hw(now, lag, min_isr, |b| active[b as usize - 1]);
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

    /// Every live follower truncates by leader epoch against the current leader, then fetches.
    pub(super) fn follow_leader(&mut self, topic: u32, partition: u32) {
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let Some(leader) = rep.leader else { return };
        let followers: Vec<u32> = rep
            .replicas
            .iter()
            .map(|r| r.broker)
            .filter(|&b| b != leader)
            .collect();
        for b in followers {
            if self.connected(b) {
                self.truncate_and_fetch(topic, partition, b);
            }
        }
    }

    pub(super) fn truncate_and_fetch(&mut self, topic: u32, partition: u32, broker: u32) {
        // OffsetsForLeaderEpoch needs the leader to answer: a crashed or isolated leader does
        // not, and the follower tries again when the leader changes or comes back.
        let leader = self.topics[topic as usize].replication[partition as usize].leader;
        if leader.is_none_or(|l| !self.connected(l)) || !self.connected(broker) {
            return;
        }
        let now = self.now_ms;
        let rep = &mut self.topics[topic as usize].replication[partition as usize];
        if let Some(Truncation {
            to_offset, records, ..
        }) = rep.truncate_follower(broker, now)
        {
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
}
