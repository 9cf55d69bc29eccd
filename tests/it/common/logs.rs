//! A small in-memory cluster for consumer-group tests: topics of partitions of records, each
//! record with an entity (its key) and the producer's sequence number for it.
#![allow(dead_code)]

use kafka_playground::engine::LogView;
use kafka_playground::engine::{Origin, Record, Routing};
use std::rc::Rc;

/// Topics by name; partition `p` of a topic is `partitions[p]`.
#[derive(Clone, Debug, Default)]
pub struct Logs {
    pub topics: Vec<(String, Vec<Partition>)>,
    next_id: u64,
    next_seq: Vec<(String, u64)>,
}

/// One partition: its records from offset `start`, and a high watermark that may trail the end.
#[derive(Clone, Debug, Default)]
pub struct Partition {
    pub start: u64,
    pub records: Vec<Record>,
    pub hw: Option<u64>,
}

impl Logs {
    pub fn new(topics: &[(&str, u32)]) -> Self {
        Logs {
            topics: topics
                .iter()
                .map(|(t, n)| (t.to_string(), vec![Partition::default(); *n as usize]))
                .collect(),
            ..Logs::default()
        }
    }

    fn partition_mut(&mut self, topic: &str, p: u32) -> &mut Partition {
        let t = self
            .topics
            .iter_mut()
            .find(|(n, _)| n == topic)
            .expect("topic exists");
        &mut t.1[p as usize]
    }

    /// Appends a record with `key` (its entity) to `topic`-`p`; the entity's seq counts up.
    pub fn append(&mut self, topic: &str, p: u32, key: &str) {
        let seq = match self.next_seq.iter_mut().find(|(k, _)| k == key) {
            Some((_, s)) => {
                *s += 1;
                *s - 1
            }
            None => {
                self.next_seq.push((key.to_string(), 1));
                0
            }
        };
        let id = self.next_id;
        self.next_id += 1;
        let record = Record {
            id,
            key: Some(Rc::from(key)),
            origin: Origin::Producer,
            partition: p,
            batch_id: 0,
            routing: Routing::Key,
            entity: Some(Rc::from(key)),
            seq,
            entity_id: u32::MAX,
            label: None,
            n_partitions_at_send: 0,
            topic: 0,
            producer: 0,
            sent_at_ms: 0,
            arrives_at_ms: 0,
        };
        self.partition_mut(topic, p).records.push(record);
    }

    /// `n` records on every partition of `topic`, keys `k<partition>-<i % keys>`.
    pub fn fill(&mut self, topic: &str, n: u64, keys: u64) {
        let count = self
            .topics
            .iter()
            .find(|(t, _)| t == topic)
            .map_or(0, |(_, ps)| ps.len() as u32);
        for p in 0..count {
            for i in 0..n {
                self.append(topic, p, &format!("k{p}-{}", i % keys.max(1)));
            }
        }
    }

    pub fn set_hw(&mut self, topic: &str, p: u32, hw: Option<u64>) {
        self.partition_mut(topic, p).hw = hw;
    }

    pub fn add_partitions(&mut self, topic: &str, n: u32) {
        let t = self
            .topics
            .iter_mut()
            .find(|(name, _)| name == topic)
            .expect("topic exists");
        for _ in 0..n {
            t.1.push(Partition::default());
        }
    }

    fn get(&self, topic: &str, p: u32) -> Option<&Partition> {
        self.topics
            .iter()
            .find(|(n, _)| n == topic)
            .and_then(|(_, ps)| ps.get(p as usize))
    }
}

impl LogView for Logs {
    fn n_partitions(&self, topic: &str) -> Option<u32> {
        self.topics
            .iter()
            .find(|(n, _)| n == topic)
            .map(|(_, ps)| ps.len() as u32)
    }

    fn log_start_offset(&self, topic: &str, partition: u32) -> u64 {
        self.get(topic, partition).map_or(0, |p| p.start)
    }

    fn high_watermark(&self, topic: &str, partition: u32) -> u64 {
        self.get(topic, partition)
            .map_or(0, |p| p.hw.unwrap_or(p.start + p.records.len() as u64))
    }

    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record> {
        let p = self.get(topic, partition)?;
        p.records
            .get(usize::try_from(offset.checked_sub(p.start)?).ok()?)
    }
}
