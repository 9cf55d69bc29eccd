//! One partition's replicated state: each replica's log, epochs and high watermark, the leader
//! and its epoch, the ISR, the high-watermark rule (with KAFKA-15583's freeze under min ISR), ISR
//! shrink and expand, and leader-epoch truncation. Everything decided here is a function of the
//! state and `now_ms`; the sim moves the fetches and produce requests between brokers.

use super::{AckedRecords, EpochCache, FetchState};
use crate::engine::cluster::{PartitionLog, StoredRecord};
use crate::engine::stable_sort;
use std::collections::VecDeque;

/// One replica of a partition, on one broker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replica {
    /// The broker it lives on.
    pub broker: u32,
    /// Its log (the leader's is also mirrored in the topic's `partitions`).
    pub log: PartitionLog,
    /// Its leader-epoch cache.
    pub epochs: EpochCache,
    /// Its high watermark (the leader's is the partition's).
    pub high_watermark: u64,
    /// The leader's view of it as a follower.
    pub fetch: FetchState,
    /// Bumped whenever its fetch loop restarts or stops, so stale fetches are dropped.
    pub fetch_generation: u64,
    /// A fetch waiting at the leader for new data (Kafka's `DelayedFetch`).
    pub parked: bool,
}

impl Replica {
    /// Its log end offset.
    pub fn leo(&self) -> u64 {
        self.log.end_offset()
    }
}

/// Records a replica's log lost to truncation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Truncation {
    /// When.
    pub at_ms: u64,
    /// The broker whose log was truncated.
    pub broker: u32,
    /// Its new log end offset.
    pub to_offset: u64,
    /// How many records were removed (exact; `removed` lists at most `TRUNCATED_LISTED_MAX`).
    pub records: u64,
    /// The newest records removed: `(offset, record id)`, at most `TRUNCATED_LISTED_MAX`.
    pub removed: Vec<(u64, u64)>,
    /// The leader's records at those offsets afterwards, for showing the logs side by side:
    /// `(offset, record id)`, filled in as the follower catches up.
    pub leader_then: Vec<(u64, u64)>,
}

/// An acknowledged record a change of leader lost: the new leader's log does not have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LostAcked {
    /// When the leader changed.
    pub at_ms: u64,
    /// The leader epoch that lost it.
    pub epoch: u32,
    pub offset: u64,
    pub record_id: u64,
    pub key: Option<std::rc::Rc<str>>,
    /// The index of the producer it acknowledged.
    pub producer: u32,
}

/// Truncations remembered per partition for display.
pub const TRUNCATIONS_KEPT_MAX: usize = 8;
/// Lost acknowledged records remembered per partition for display (the newest are kept; the
/// producers' ledgers count them all).
pub const LOST_ACKED_KEPT_MAX: usize = 64;
/// Removed offsets remembered per truncation.
pub const TRUNCATED_LISTED_MAX: usize = 64;

/// One partition's replicated state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionReplication {
    /// Its replicas in assignment order; the first is the preferred leader.
    pub replicas: Vec<Replica>,
    /// The leader's broker, `None` when the partition is offline.
    pub leader: Option<u32>,
    /// The leader epoch.
    pub leader_epoch: u32,
    /// The partition epoch (bumped on every leader or ISR change).
    pub partition_epoch: u32,
    /// The in-sync replicas, by broker, in assignment order.
    pub isr: Vec<u32>,
    /// Set after an unclean election until the leader's first ISR expansion (`RECOVERING`).
    pub recovering: bool,
    /// The leader's LEO when it became leader (`leaderEpochStartOffset`).
    pub leader_epoch_start_offset: u64,
    /// Acknowledged records still in the leader's log, by offset.
    pub acked: AckedRecords,
    /// Recent truncations, oldest first.
    pub truncations: VecDeque<Truncation>,
    /// The latest acknowledged records lost by a change of leader, oldest first, at most
    /// `LOST_ACKED_KEPT_MAX` (for display: the stage marks each where it was).
    pub lost_acked: VecDeque<LostAcked>,
    /// Milliseconds without a leader so far (closed intervals).
    pub unavailable_ms: u64,
    /// Since when it has had no leader.
    pub offline_since_ms: Option<u64>,
    /// The highest HW consumers have been shown, lowered only when a leader's log is shorter.
    pub hw_floor: u64,
    /// The highest HW ever.
    pub hw_max: u64,
    /// `(leader epoch, HW)` when the sim last looked for held acks=all writes to complete
    /// here, cleared when a write is held that the HW already covers; the same again means
    /// none can complete.
    pub delayed_checked: Option<(u32, u64)>,
    /// Records removed from its replicas by truncation over the whole run (exact, unlike the
    /// few `truncations` kept for display).
    pub records_truncated: u64,
}

impl PartitionReplication {
    /// A new partition led by its first replica, every replica in sync, empty logs.
    pub fn new(brokers: &[u32]) -> Self {
        let mut replicas: Vec<Replica> = brokers
            .iter()
            .map(|&b| Replica {
                broker: b,
                ..Replica::default()
            })
            .collect();
        for r in &mut replicas {
            r.epochs.assign(0, 0);
        }
        PartitionReplication {
            leader: brokers.first().copied(),
            isr: brokers.to_vec(),
            replicas,
            ..PartitionReplication::default()
        }
    }

    /// The index of `broker`'s replica.
    pub fn index_of(&self, broker: u32) -> Option<usize> {
        self.replicas.iter().position(|r| r.broker == broker)
    }

    /// The leader's replica.
    pub fn leader_replica(&self) -> Option<&Replica> {
        self.leader
            .and_then(|l| self.index_of(l))
            .map(|i| &self.replicas[i])
    }

    /// The leader's log end offset (0 when offline).
    pub fn leader_leo(&self) -> u64 {
        self.leader_replica().map_or(0, Replica::leo)
    }

    /// The partition's high watermark: the leader's.
    pub fn high_watermark(&self) -> u64 {
        self.leader_replica().map_or_else(
            || {
                self.replicas
                    .iter()
                    .map(|r| r.high_watermark)
                    .max()
                    .unwrap_or(0)
            },
            |r| r.high_watermark,
        )
    }

    /// `min(min.insync.replicas, replication factor)`.
    pub fn effective_min_isr(&self, min_isr: u32) -> usize {
        (min_isr as usize).min(self.replicas.len())
    }

    /// `maybeIncrementLeaderHW`: the minimum LEO of the ISR and of caught-up live replicas, never
    /// while the ISR is below min ISR (KAFKA-15583), never backwards. Returns whether it moved.
    pub fn maybe_increment_hw(
        &mut self,
        now_ms: u64,
        lag_max_ms: u64,
        min_isr: u32,
        alive: impl Fn(u32) -> bool,
    ) -> bool {
        let Some(leader) = self.leader else {
            return false;
        };
        if self.isr.len() < self.effective_min_isr(min_isr) {
            return false;
        }
        let leader_leo = self.leader_leo();
        let mut new_hw = leader_leo;
        for r in self.replicas.iter().filter(|r| r.broker != leader) {
            let caught_up =
                alive(r.broker) && r.fetch.is_caught_up(leader_leo as i64, now_ms, lag_max_ms);
            if self.isr.contains(&r.broker) || caught_up {
                new_hw = new_hw.min(r.fetch.log_end_offset.max(0) as u64);
            }
        }
        let i = self.index_of(leader).expect("the leader is a replica");
        if new_hw > self.replicas[i].high_watermark {
            self.replicas[i].high_watermark = new_hw;
            self.hw_floor = self.hw_floor.max(new_hw);
            self.hw_max = self.hw_max.max(new_hw);
            return true;
        }
        false
    }

    /// `maybeExpandIsr` for `broker`: a live follower outside the ISR whose LEO reached the HW and
    /// the leader epoch's start offset joins. Returns whether it joined.
    pub fn maybe_expand_isr(&mut self, broker: u32) -> bool {
        let Some(i) = self.index_of(broker) else {
            return false;
        };
        if self.isr.contains(&broker) || self.leader.is_none() {
            return false;
        }
        let leo = self.replicas[i].fetch.log_end_offset;
        if leo >= self.high_watermark() as i64 && leo >= self.leader_epoch_start_offset as i64 {
            self.isr.push(broker);
            self.sort_isr();
            self.partition_epoch += 1;
            self.recovering = false;
            return true;
        }
        false
    }

    /// `getOutOfSyncReplicas`: ISR followers neither at the leader's LEO nor caught up within the lag.
    pub fn out_of_sync(&self, now_ms: u64, lag_max_ms: u64) -> Vec<u32> {
        let Some(leader) = self.leader else {
            return Vec::new();
        };
        let leader_leo = self.leader_leo() as i64;
        self.replicas
            .iter()
            .filter(|r| r.broker != leader && self.isr.contains(&r.broker))
            .filter(|r| !r.fetch.is_caught_up(leader_leo, now_ms, lag_max_ms))
            .map(|r| r.broker)
            .collect()
    }

    /// Keeps the ISR in assignment order (how the page lists it).
    pub fn sort_isr(&mut self) {
        let order: Vec<u32> = self.replicas.iter().map(|r| r.broker).collect();
        stable_sort::sort_by_key(&mut self.isr, |b| order.iter().position(|x| x == b));
    }

    /// Makes `leader` the leader in a new epoch (or none): its epoch cache gets the new epoch at
    /// its LEO, and it resets its view of the followers (`makeLeader`).
    pub fn become_leader(&mut self, leader: Option<u32>, now_ms: u64) {
        let previous = self.leader;
        self.leader = leader;
        self.leader_epoch += 1;
        self.partition_epoch += 1;
        let Some(l) = leader else {
            if self.offline_since_ms.is_none() {
                self.offline_since_ms = Some(now_ms);
            }
            return;
        };
        if let Some(since) = self.offline_since_ms.take() {
            self.unavailable_ms += now_ms - since;
        }
        let i = self.index_of(l).expect("a leader is a replica");
        let leo = self.replicas[i].leo();
        let epoch = self.leader_epoch;
        self.replicas[i].epochs.assign(epoch, leo);
        self.leader_epoch_start_offset = leo;
        self.hw_floor = self.hw_floor.min(leo);
        // The leader's HW is at least what it knew as a follower (never above its LEO).
        self.replicas[i].high_watermark = self.replicas[i].high_watermark.min(leo);
        let is_new_leader = previous != Some(l);
        let isr = self.isr.clone();
        for r in self.replicas.iter_mut().filter(|r| r.broker != l) {
            r.fetch
                .reset(now_ms, leo as i64, is_new_leader, isr.contains(&r.broker));
            r.parked = false;
        }
    }

    /// Leader-epoch truncation of follower `broker` against the current leader (KIP-101/279):
    /// asks the leader for the end offset of its latest epoch and truncates its log, repeating
    /// while it does not know the epoch the leader answers with. Returns the truncation, if any.
    pub fn truncate_follower(&mut self, broker: u32, now_ms: u64) -> Option<Truncation> {
        let leader = self.leader_replica()?;
        let (leader_epochs, leader_leo) = (leader.epochs.clone(), leader.leo());
        let i = self.index_of(broker)?;
        let follower = &self.replicas[i];
        let mut target = follower.leo();
        let mut asked = follower.epochs.latest_epoch().map_or(-1, i64::from);
        for _ in 0..64 {
            let (epoch, offset) = leader_epochs.end_offset_for(asked, leader_leo);
            if epoch < 0 {
                target = target.min(follower.high_watermark);
                break;
            }
            if follower
                .epochs
                .entries
                .iter()
                .any(|&(e, _)| i64::from(e) == epoch)
            {
                let (_, own) = follower.epochs.end_offset_for(epoch, follower.leo());
                target = target.min(offset.max(0) as u64).min(own.max(0) as u64);
                break;
            }
            // It does not know that epoch: go back to its largest epoch below it and ask again.
            match follower
                .epochs
                .entries
                .iter()
                .rev()
                .find(|&&(e, _)| i64::from(e) < epoch)
            {
                Some(&(e, _)) => {
                    let (_, own) = follower.epochs.end_offset_for(i64::from(e), follower.leo());
                    target = target.min(own.max(0) as u64);
                    asked = i64::from(e);
                }
                None => {
                    target = target.min(follower.high_watermark);
                    break;
                }
            }
        }
        self.truncate_replica(i, target, now_ms)
    }

    /// Truncates replica `i`'s log to `offset` (its records from `offset` on are gone).
    pub fn truncate_replica(&mut self, i: usize, offset: u64, now_ms: u64) -> Option<Truncation> {
        let replica = &mut self.replicas[i];
        if offset >= replica.leo() {
            return None;
        }
        // Every record past `offset` counts; the sample keeps the newest TRUNCATED_LISTED_MAX.
        let records = replica.leo() - offset;
        let mut removed = Vec::new();
        while replica.log.end_offset() > offset {
            match replica.log.records.pop_back() {
                Some(StoredRecord { offset, record }) => {
                    if removed.len() < TRUNCATED_LISTED_MAX {
                        removed.push((offset, record.id));
                    }
                }
                None => {
                    replica.log.start_offset = offset;
                    break;
                }
            }
        }
        removed.reverse();
        replica.epochs.truncate_from_end(offset);
        if replica.epochs.entries.is_empty() {
            replica.epochs.assign(0, replica.log.start_offset);
        }
        replica.high_watermark = replica.high_watermark.min(offset);
        self.records_truncated += records;
        let truncation = Truncation {
            at_ms: now_ms,
            broker: replica.broker,
            to_offset: offset,
            records,
            removed,
            leader_then: Vec::new(),
        };
        if self.truncations.len() == TRUNCATIONS_KEPT_MAX {
            self.truncations.pop_front();
        }
        self.truncations.push_back(truncation.clone());
        Some(truncation)
    }
}
