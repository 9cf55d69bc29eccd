//! Elections: who leads a partition after its leader is gone (ONLINE, or UNCLEAN when enabled
//! and no ISR replica is alive) or when the user asks for preferred leaders, and what a change
//! of leader does to the run: the log everyone reads, acknowledged records lost, held writes
//! failed, followers truncating. KRaft's `electLeader` itself is in `replication.rs`.

use super::Sim;
use crate::engine::cluster::{elect_leader, Election, LostAcked, LOST_ACKED_KEPT_MAX};
use crate::engine::event::Event;
use std::collections::BTreeMap;

impl Sim {
    /// Moves leadership of a partition to `leader` (or none) in a new epoch: swaps the log the
    /// rest of the run reads, counts acknowledged records the new leader does not have, fails held
    /// writes, and restarts the followers (each truncating by leader epoch first).
    pub(super) fn change_leader(
        &mut self,
        topic: u32,
        partition: u32,
        leader: Option<u32>,
        unclean: bool,
    ) {
        let now = self.now_ms;
        let old_leader = self.topics[topic as usize].replication[partition as usize].leader;
        // A leader cut off from the controller never hears it lost leadership (it is a zombie):
        // the writes it holds are not answered, so they time out at the producer instead.
        let zombie = old_leader.is_some_and(|l| self.alive(l) && !self.connected(l));
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
            let old_log = std::mem::replace(mirror, new_log);
            let log = &run.topic.partitions[partition as usize];
            let mut gone_records: Vec<(u64, u64)> = Vec::new();
            let gone = rep.acked.remove_gone(|offset, id| {
                let is_gone = offset >= log.start_offset
                    && log
                        .records
                        .get((offset - log.start_offset) as usize)
                        .is_none_or(|s| s.record.id != id);
                if is_gone {
                    gone_records.push((offset, id));
                }
                is_gone
            });
            // Remembered one by one (with the key the old leader's log had), so the stage can
            // mark each lost acknowledged write where it was.
            for (&producer, &(offset, record_id)) in gone.iter().zip(&gone_records) {
                *lost.entry(producer).or_default() += 1;
                let key = old_log
                    .records
                    .get(offset.wrapping_sub(old_log.start_offset) as usize)
                    .filter(|s| s.record.id == record_id)
                    .and_then(|s| s.record.key.clone());
                if rep.lost_acked.len() == LOST_ACKED_KEPT_MAX {
                    rep.lost_acked.pop_front();
                }
                rep.lost_acked.push_back(LostAcked {
                    at_ms: now,
                    epoch,
                    offset,
                    record_id,
                    key,
                    producer,
                });
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
        if !zombie {
            self.fail_held_writes(topic, partition);
        }
        self.follow_leader(topic, partition);
        let lag = self.config.replica_lag_time_max_ms;
        let min_isr = self.topics[topic as usize].config.min_insync_replicas;
        let active = self.active_brokers();
        if leader.is_some_and(|l| self.connected(l)) {
            self.topics[topic as usize].replication[partition as usize].maybe_increment_hw(
                now,
                lag,
                min_isr,
                |b| active[b as usize - 1],
            );
        }
        self.maybe_schedule_imbalance_check();
    }

    /// Elects a leader for a partition whose leader is gone (ONLINE, or UNCLEAN when enabled).
    pub(super) fn elect(&mut self, topic: u32, partition: u32) {
        let election = if self.config.unclean_leader_election {
            Election::Unclean
        } else {
            Election::Online
        };
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let replicas: Vec<u32> = rep.replicas.iter().map(|r| r.broker).collect();
        // `isAcceptableLeader`: the controller's view (not fenced), not whether it runs.
        let current = rep.leader.filter(|&l| self.active(l));
        let (leader, unclean) =
            elect_leader(&replicas, &rep.isr, current, |b| self.active(b), election);
        if leader != rep.leader {
            // An offline partition that stays offline needs no new epoch.
            if leader.is_some() || rep.leader.is_some() {
                self.change_leader(topic, partition, leader, unclean);
            }
        }
    }

    /// A PREFERRED election for one partition: its preferred replica leads if it is in the
    /// ISR and active, else nothing changes.
    pub(super) fn elect_preferred(&mut self, topic: u32, partition: u32) {
        let rep = &self.topics[topic as usize].replication[partition as usize];
        let replicas: Vec<u32> = rep.replicas.iter().map(|r| r.broker).collect();
        let (leader, _) = elect_leader(
            &replicas,
            &rep.isr,
            rep.leader,
            |b| self.active(b),
            Election::Preferred,
        );
        if leader.is_some() && leader != rep.leader {
            self.change_leader(topic, partition, leader, false);
        }
    }

    /// `kafka-leader-election --election-type PREFERRED` for every partition.
    pub(super) fn elect_preferred_leaders(&mut self) {
        for t in 0..self.topics.len() as u32 {
            for p in 0..self.topics[t as usize].replication.len() as u32 {
                self.elect_preferred(t, p);
            }
        }
    }
}
