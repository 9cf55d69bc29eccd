//! The topics of a run: each one's partition logs (the current leader's, mirrored), its
//! replicated state, and what is measured about where its records went (keys, load, the
//! ordering audit, resizes); and the view consumer groups read the logs through.

use super::order_audit::{OrderAudit, Split, NOWHERE};
use super::topic_growth::Resize;
use super::totals::Totals;
use super::{Pending, Sim};
use crate::engine::cluster::{BusiestInSecond, LoadMeter, TopicLoad};
use crate::engine::cluster::{PartitionLog, Record, SharedRecord, Topic};
use crate::engine::cluster::{PartitionReplication, PartitionSegments};
use crate::engine::config::TopicConfig;
use crate::engine::event::Event;
use crate::engine::group::LogView;
use crate::engine::interner::Interner;
use crate::engine::java::partition_for_key;
use crate::engine::limits;
use crate::engine::producer::ProducerBatch;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Where one key's records went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyStats {
    /// Records sent with this key.
    pub records: u64,
    /// Records per partition; more than one entry means the key's order is split.
    pub by_partition: BTreeMap<u32, u64>,
}

/// One topic of the run: its logs and everything measured about where its records went.
#[derive(Clone, Debug)]
pub struct TopicRun {
    pub(super) config: TopicConfig,
    pub(super) topic: Topic,
    pub(super) totals: Totals,
    pub(super) key_ids: Interner,
    pub(super) key_stats: Vec<KeyStats>,
    /// Distinct tracked keys routed to each partition, kept as keys arrive so that reading it is cheap.
    pub(super) keys_per_partition: Vec<u64>,
    pub(super) keys_truncated: bool,
    pub(super) audit: OrderAudit,
    pub(super) load: LoadMeter,
    pub(super) resizes: Vec<Resize>,
    /// Per partition: replicas, leader, ISR, high watermark.
    pub(super) replication: Vec<PartitionReplication>,
    /// Per partition: the log's segments and its log start offset (retention); a partition
    /// added later gets its entry at its first append.
    pub(super) segments: Vec<PartitionSegments>,
}

impl TopicRun {
    /// A new topic from its settings, with its partitions' replicas as placed.
    pub(super) fn new(config: &TopicConfig, replicas: Vec<Vec<u32>>) -> Self {
        let mut topic = Topic::new(&config.name, config.partitions);
        let replication = replicas
            .iter()
            .enumerate()
            .map(|(p, r)| {
                let mut state = PartitionReplication::new(r);
                // A starting leader and ISR (an imported cluster's), in assignment order; the
                // logs are empty, so a follower outside the ISR rejoins at its first fetch, as
                // one caught up does in Kafka.
                if let Some(&leader) = config.starting_leaders.get(p) {
                    state.leader = Some(leader);
                }
                if let Some(isr) = config.starting_isr.get(p) {
                    state.isr = r.iter().copied().filter(|b| isr.contains(b)).collect();
                }
                state
            })
            .collect();
        topic.replicas = replicas;
        TopicRun {
            config: config.clone(),
            topic,
            totals: Totals::default(),
            key_ids: Interner::default(),
            key_stats: Vec::new(),
            keys_per_partition: Vec::new(),
            keys_truncated: false,
            audit: OrderAudit::default(),
            load: LoadMeter::default(),
            resizes: Vec::new(),
            segments: (0..config.partitions)
                .map(|p| PartitionSegments::starting_at(config.starting_offsets(p).0))
                .collect(),
            replication,
        }
    }

    /// Partition `p`'s replicated state.
    pub fn replication(&self, partition: u32) -> Option<&PartitionReplication> {
        self.replication.get(partition as usize)
    }

    /// Every partition's replicated state.
    pub fn replications(&self) -> &[PartitionReplication] {
        &self.replication
    }

    /// Partition `p`'s log start offset (Kafka's, moved by retention; 0 before any deletion).
    pub fn log_start_offset(&self, partition: u32) -> u64 {
        self.segments
            .get(partition as usize)
            .map_or(0, PartitionSegments::log_start_offset)
    }

    /// Partition `p`'s segments.
    pub fn segments(&self, partition: u32) -> Option<&PartitionSegments> {
        self.segments.get(partition as usize)
    }

    /// The high watermark consumers read up to: the leader's, but not below what consumers
    /// already saw while the new leader's own HW catches up (those records are on it).
    pub fn consumer_high_watermark(&self, partition: u32) -> u64 {
        self.replication.get(partition as usize).map_or(0, |r| {
            r.high_watermark()
                .max(r.hw_floor)
                .min(self.topic.partitions[partition as usize].end_offset())
        })
    }

    /// The topic and its partition logs.
    pub fn topic(&self) -> &Topic {
        &self.topic
    }

    /// The topic's name.
    pub fn name(&self) -> &str {
        &self.topic.name
    }

    /// Its settings as created (the partition count may have grown since).
    pub fn config(&self) -> &TopicConfig {
        &self.config
    }

    /// Running counts for this topic alone.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Per-key statistics, in the order keys were first seen.
    pub fn keys(&self) -> impl Iterator<Item = (&Rc<str>, &KeyStats)> + '_ {
        self.key_stats
            .iter()
            .enumerate()
            .map(|(id, stats)| (self.key_ids.name(id as u32), stats))
    }

    /// Distinct keys tracked.
    pub fn distinct_keys(&self) -> usize {
        self.key_stats.len()
    }

    /// Distinct tracked keys the producers have routed to `partition` (records in flight included).
    pub fn distinct_keys_in(&self, partition: u32) -> u64 {
        self.keys_per_partition
            .get(partition as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Whether more distinct keys were seen than are tracked.
    pub fn keys_truncated(&self) -> bool {
        self.keys_truncated
    }

    /// Records and bytes per second per partition over the second before `now_ms`, and the skew.
    pub fn load(&self, now_ms: u64) -> TopicLoad {
        self.load.load(self.topic.n_partitions(), now_ms)
    }

    /// The busiest partition of each whole second before `now_ms` (the run's first minute).
    pub fn busiest_by_second(&self, now_ms: u64) -> Vec<BusiestInSecond> {
        self.load.busiest_by_second(now_ms)
    }

    /// What each growth of the topic did to the key mapping, oldest first (the latest few).
    pub fn resizes(&self) -> &[Resize] {
        &self.resizes
    }

    /// The ordering audit.
    pub fn audit(&self) -> &OrderAudit {
        &self.audit
    }

    /// The partition a key would go to now: what the key inspector shows.
    pub fn partition_for(&self, key: &str) -> u32 {
        partition_for_key(key.as_bytes(), self.topic.n_partitions())
    }

    /// The key statistics' id for `key` (`NOWHERE` once more keys were seen than are tracked).
    pub(super) fn key_id(&mut self, key: &Rc<str>) -> u32 {
        self.key_ids
            .intern(key, limits::TRACKED_KEYS_MAX)
            .unwrap_or_else(|| {
                self.keys_truncated = true;
                NOWHERE
            })
    }

    /// Counts a keyed record routed to `partition` under its key's statistics (`id` from
    /// `key_id`; `NOWHERE` counts nothing).
    pub(super) fn count_key(&mut self, id: u32, partition: u32) {
        if id == NOWHERE {
            return;
        }
        if id as usize == self.key_stats.len() {
            self.key_stats.push(KeyStats::default());
        }
        let stats = &mut self.key_stats[id as usize];
        stats.records += 1;
        let count = stats.by_partition.entry(partition).or_default();
        if *count == 0 {
            let p = partition as usize;
            if self.keys_per_partition.len() <= p {
                self.keys_per_partition.resize(p + 1, 0);
            }
            self.keys_per_partition[p] += 1;
        }
        *count += 1;
    }
}

/// The topics as a consumer group reads them: by name, from the current leader's log, up to the
/// high watermark, from the oldest record still kept.
pub struct TopicLogs<'a>(pub &'a [TopicRun]);

impl TopicLogs<'_> {
    fn log(&self, topic: &str, partition: u32) -> Option<&PartitionLog> {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .and_then(|t| t.topic.partitions.get(partition as usize))
    }

    fn replication(&self, topic: &str, partition: u32) -> Option<&PartitionReplication> {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .and_then(|t| t.replication(partition))
    }
}

impl LogView for TopicLogs<'_> {
    fn n_partitions(&self, topic: &str) -> Option<u32> {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .map(|t| t.topic.n_partitions())
    }

    /// Kafka's log start offset, or the oldest record the playground still holds if that is
    /// later (`limits::RETAINED_RECORDS_PER_PARTITION`; see `cluster/topic.rs`).
    fn log_start_offset(&self, topic: &str, partition: u32) -> u64 {
        let Some(run) = self.0.iter().find(|t| t.topic.name == topic) else {
            return 0;
        };
        let held = run
            .topic
            .partitions
            .get(partition as usize)
            .map_or(0, |l| l.start_offset);
        held.max(run.log_start_offset(partition))
    }

    fn retention_log_start_offset(&self, topic: &str, partition: u32) -> u64 {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .map_or(0, |t| t.log_start_offset(partition))
    }

    fn high_watermark(&self, topic: &str, partition: u32) -> u64 {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .map_or(0, |t| t.consumer_high_watermark(partition))
    }

    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record> {
        let log = self.log(topic, partition)?;
        let index = offset.checked_sub(log.start_offset)?;
        log.records
            .get(usize::try_from(index).ok()?)
            .map(|s| &*s.record)
    }

    fn leader_epoch(&self, topic: &str, partition: u32) -> Option<u32> {
        let r = self.replication(topic, partition)?;
        r.leader.map(|_| r.leader_epoch)
    }

    fn record_epoch(&self, topic: &str, partition: u32, offset: u64) -> Option<u32> {
        self.replication(topic, partition)?
            .leader_replica()?
            .epochs
            .epoch_at(offset)
    }

    fn end_offset_for_epoch(&self, topic: &str, partition: u32, epoch: u32) -> Option<(i64, i64)> {
        let leader = self.replication(topic, partition)?.leader_replica()?;
        Some(leader.epochs.end_offset_for(i64::from(epoch), leader.leo()))
    }
}

impl Sim {
    /// The records already in the logs at time 0 (`topic.starting_log_start_offsets` up to
    /// `starting_log_end_offsets`, an imported cluster's): the same records in the leader's
    /// log, its mirror and every replica's, with null keys and the next record ids, each
    /// replica's high watermark at the log end, and the leader's view of each follower caught
    /// up, so a consumer whose committed offset is among them reads on from there at once.
    /// They were written before the run: no producer sent them, so `Totals` does not count
    /// them as sent or appended. An out-of-sync replica starts with them too (a
    /// simplification: it rejoins the ISR at its first fetch, as with empty logs).
    pub(super) fn fill_starting_logs(&mut self) {
        for t in 0..self.topics.len() {
            let config = self.topics[t].config.clone();
            for p in 0..config.partitions {
                let (start, end) = config.starting_offsets(p);
                if end == 0 {
                    continue;
                }
                let records: Vec<Record> = (start..end)
                    .map(|_| {
                        self.next_record_id += 1;
                        Record {
                            id: self.next_record_id - 1,
                            key: None,
                            origin: crate::engine::cluster::Origin::Producer,
                            partition: p,
                            batch_id: 0,
                            routing: crate::engine::cluster::Routing::Explicit,
                            entity: None,
                            seq: 0,
                            entity_id: u32::MAX,
                            label: None,
                            n_partitions_at_send: config.partitions,
                            topic: t as u32,
                            producer: 0,
                            sent_at_ms: 0,
                            arrives_at_ms: 0,
                        }
                    })
                    .collect();
                let batch = Rc::new(records);
                let run = &mut self.topics[t];
                let mirror = &mut run.topic.partitions[p as usize];
                mirror.restart_at(start);
                mirror.extend_shared(SharedRecord::of_batch(Rc::clone(&batch)));
                let rep = &mut run.replication[p as usize];
                for r in &mut rep.replicas {
                    r.log.restart_at(start);
                    r.log
                        .extend_shared(SharedRecord::of_batch(Rc::clone(&batch)));
                    r.high_watermark = end;
                    r.fetch.log_start_offset = start as i64;
                    r.fetch.log_end_offset = end as i64;
                    r.fetch.last_fetch_leader_log_end_offset = end as i64;
                }
                rep.hw_floor = end;
                rep.hw_max = end;
            }
        }
    }

    /// Appends a batch's records to the leader's log (and its mirror in the topic), returning
    /// the base offset and the records, now shared by the logs: they are moved out of the
    /// batch, not copied.
    pub(super) fn append_batch(
        &mut self,
        producer: u32,
        batch: &mut ProducerBatch,
    ) -> (u64, Rc<Vec<Record>>) {
        let partition = batch.partition;
        let value_bytes = u64::from(self.producers[producer as usize].config.value_bytes);
        let topic = self.producers[producer as usize].topic;
        let base = self.topics[topic as usize].topic.partitions[partition as usize].end_offset();
        let now_ms = self.now_ms;
        // The batch as the log stores it (`MemoryRecordsBuilder`'s size; CreateTime stamps).
        let batch_bytes = u64::from(batch.estimated_bytes());
        let max_timestamp_ms = batch
            .records
            .iter()
            .map(|r| r.sent_at_ms)
            .max()
            .unwrap_or(now_ms);
        {
            let run = &mut self.topics[topic as usize];
            let p = partition as usize;
            while run.segments.len() <= p {
                run.segments.push(PartitionSegments::new(now_ms));
            }
            let segments = &mut run.segments[p];
            // A leader change may have truncated the log since the last append.
            segments.truncate_to(base, now_ms);
            segments.append(
                &run.config.retention,
                base,
                batch_bytes,
                max_timestamp_ms,
                now_ms,
            );
        }
        let mut records = std::mem::take(&mut batch.records);
        for r in &mut records {
            r.arrives_at_ms = now_ms;
        }
        // The logs keep it for a while: give back what its reserve did not use.
        records.shrink_to_fit();
        let arrived = Rc::new(records);
        {
            let run = &mut self.topics[topic as usize];
            let rep = &mut run.replication[partition as usize];
            let leader = rep
                .leader
                .and_then(|l| rep.index_of(l))
                .expect("appends go to a leader");
            rep.replicas[leader]
                .log
                .extend_shared(SharedRecord::of_batch(Rc::clone(&arrived)));
            run.topic.partitions[partition as usize]
                .extend_shared(SharedRecord::of_batch(Rc::clone(&arrived)));
        }
        for (k, record) in arrived.iter().enumerate() {
            let offset = base + k as u64;
            let run = &mut self.topics[topic as usize];
            let id = record.id;
            let entity =
                (record.entity_id != NOWHERE).then(|| (record.entity_id, record.entity.clone()));
            let bytes = record.key.as_ref().map_or(0, |k| k.len() as u64) + value_bytes;
            run.load.record(partition, bytes, self.now_ms);
            run.totals.appended += 1;
            self.log.push(Event::Appended {
                at_ms: self.now_ms,
                topic,
                record_id: id,
                partition,
                offset,
            });
            if let Some((id, Some(entity))) = entity {
                if let Some(split) = self.topics[topic as usize].audit.note_placement(
                    id,
                    entity,
                    partition,
                    offset,
                    self.now_ms,
                ) {
                    let Split {
                        entity,
                        from,
                        to,
                        offset,
                        ..
                    } = split;
                    self.log.push(Event::OrderSplit {
                        at_ms: self.now_ms,
                        topic,
                        entity,
                        from,
                        to,
                        offset,
                    });
                }
            }
        }
        (base, arrived)
    }
}

impl Sim {
    /// LogManager's `kafka-log-retention` task: first after `log.initial.task.delay.ms`, then
    /// every `log.retention.check.interval.ms`; only when some topic's settings can delete
    /// anything within a run.
    pub(super) fn start_retention(&mut self) {
        if self.topics.iter().any(|t| t.config.retention.may_delete()) {
            let first_ms = self.config.log_initial_task_delay_ms;
            self.push_pending(first_ms, Pending::RetentionCheck);
        }
    }

    /// `LogManager.cleanupLogs`: `UnifiedLog.deleteOldSegments` on every partition, then the
    /// records below the new log start are dropped from every replica's log and the topic's.
    pub(super) fn retention_check(&mut self) {
        let now_ms = self.now_ms;
        for t in 0..self.topics.len() {
            let run = &mut self.topics[t];
            let config = run.config.retention;
            for p in 0..run.segments.len() {
                let Some(hw) = run.replication.get(p).map(|r| r.high_watermark()) else {
                    continue;
                };
                let leo = run.topic.partitions[p].end_offset();
                run.segments[p].truncate_to(leo, now_ms);
                let deleted =
                    run.segments[p].delete_old_segments(&config, hw.min(leo), leo, now_ms);
                let Some(&(_, start)) = deleted.last() else {
                    continue;
                };
                run.topic.partitions[p].drop_below(start);
                for replica in &mut run.replication[p].replicas {
                    replica.log.drop_below(start);
                }
                for (reason, log_start_offset) in deleted {
                    self.log.push(Event::SegmentsDeleted {
                        at_ms: now_ms,
                        topic: t as u32,
                        partition: p as u32,
                        reason,
                        log_start_offset,
                    });
                }
            }
        }
        let next_ms = now_ms + self.config.log_retention_check_interval_ms;
        self.push_pending(next_ms, Pending::RetentionCheck);
    }
}
