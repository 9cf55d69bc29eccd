//! A bare record for tests that drive the producer client directly.

use kafka_playground::engine::{Origin, Record, Routing};
use std::rc::Rc;

/// Record `id` with `key` (`None`: a null key); the client fills in partition and batch.
pub fn record(id: u64, key: Option<&str>) -> Record {
    Record {
        id,
        key: key.map(Rc::from),
        origin: Origin::Producer,
        partition: 0,
        batch_id: 0,
        routing: Routing::Partitioner,
        entity: key.map(Rc::from),
        seq: 0,
        entity_id: u32::MAX,
        label: None,
        n_partitions_at_send: 0,
        topic: 0,
        producer: 0,
        sent_at_ms: 0,
        arrives_at_ms: 0,
    }
}
