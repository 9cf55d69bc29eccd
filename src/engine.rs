//! The simulation engine: pure, deterministic Rust with no web APIs, no wall clock and no
//! unseeded randomness. Time is logical (ms), collections are ordered, arithmetic that must
//! match across native and wasm is integer. The page and the CLI both drive this same code.
//!
//! The public surface is small: build a [`Sim`] from a [`SimConfig`], drive it with
//! [`Sim::advance_to`], [`Sim::step`] and [`Sim::apply`] (a [`Command`]), and read it back.

pub mod assignor;
pub mod cluster;
pub mod command;
pub mod config;
pub mod consumer;
pub mod consumer_group;
pub mod consumer_offsets;
pub mod event;
pub mod group_coordinator;
pub mod group_ledger;
pub mod group_limits;
pub mod interner;
pub mod invariants;
pub mod java;
pub mod limits;
pub mod producer;
pub(crate) mod queue;
pub mod rng;
pub mod sim;
pub mod trace;

pub use assignor::TopicPartition;
pub use cluster::{Origin, PartitionLog, Record, Routing, StoredRecord, Topic};
pub use command::{Command, CommandError};
pub use config::{Acks, ConfigError, KeySource, ProducerConfig, SimConfig, TopicConfig};
pub use event::Event;
pub use invariants::{check_invariants, Violation};
pub use producer::PartitionerKind;
pub use rng::Rng;
pub use sim::{
    BrokerState, KeyStats, OrderAudit, ProducerLedger, ProducerRun, Resize, Sim, Split, TopicRun,
    Totals,
};

/// The partition of a UTF-8 string key among `n_partitions`, as Kafka's producer computes it.
pub fn partition_for_key_str(key: &str, n_partitions: u32) -> u32 {
    java::partition_for_key(key.as_bytes(), n_partitions)
}

/// Where a round-robin counter value points among `n_partitions` (`toPositive(v) % n`).
pub fn to_positive_partition(counter: i32, n_partitions: u32) -> u32 {
    java::to_positive(counter) as u32 % n_partitions.max(1)
}
