//! The CLI's `run` report: what a headless run produced, as JSON. Its fields are documented in
//! `docs/scenario-format.md`; later features add fields, never rename them.

use crate::engine::{partition_for_key_str, Sim};
use serde::Serialize;
use std::collections::BTreeMap;

/// A summary of a run at its current time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Sim time the run stopped at, in ms.
    pub until_ms: u64,
    /// The seed.
    pub seed: u64,
    /// Topic name.
    pub topic: String,
    /// Partition count at the end.
    pub partition_count: u32,
    /// Records sent by the producer and by user actions.
    pub records_produced: u64,
    /// Records appended to a partition.
    pub records_appended: u64,
    /// Records sent but not yet appended.
    pub records_in_flight: u64,
    /// Records sent with a key.
    pub records_keyed: u64,
    /// Commands the engine refused.
    pub commands_rejected: u64,
    /// Each partition's end offset (records appended), in partition order.
    pub partitions: Vec<PartitionReport>,
    /// Every key seen, in key order.
    pub keys: BTreeMap<String, KeyReport>,
    /// True when more distinct keys were seen than are tracked.
    pub keys_truncated: bool,
    /// Events in the run.
    pub events: u64,
    /// FNV-1a hash of every event, as 16 hex digits: equal hashes mean identical runs.
    pub trace_hash: String,
}

/// One partition in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PartitionReport {
    /// The partition id.
    pub partition: u32,
    /// Its log end offset.
    pub end_offset: u64,
}

/// One key in the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyReport {
    /// The partition the key maps to now: `toPositive(murmur2(key)) % partition_count`.
    pub partition: u32,
    /// Records sent with the key.
    pub records: u64,
    /// Records per partition (more than one entry after partitions were added).
    pub by_partition: BTreeMap<u32, u64>,
}

/// Summarises a run.
pub fn report(sim: &Sim) -> Report {
    let topic = sim.topic();
    let n = topic.n_partitions();
    let totals = sim.totals();
    Report {
        until_ms: sim.now_ms(),
        seed: sim.config().seed,
        topic: topic.name.clone(),
        partition_count: n,
        records_produced: totals.sent,
        records_appended: totals.appended,
        records_in_flight: sim.in_flight().count() as u64,
        records_keyed: totals.keyed,
        commands_rejected: totals.rejected,
        partitions: topic
            .partitions
            .iter()
            .enumerate()
            .map(|(p, log)| PartitionReport { partition: p as u32, end_offset: log.end_offset() })
            .collect(),
        keys: sim
            .keys()
            .iter()
            .map(|(k, s)| {
                let key = KeyReport {
                    partition: partition_for_key_str(k, n),
                    records: s.records,
                    by_partition: s.by_partition.clone(),
                };
                (k.to_string(), key)
            })
            .collect(),
        keys_truncated: sim.keys_truncated(),
        events: sim.event_log().total,
        trace_hash: format!("{:016x}", sim.event_log().hash()),
    }
}
