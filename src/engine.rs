//! The simulation engine: pure, deterministic Rust with no web APIs, no wall clock and no
//! unseeded randomness. Time is logical (ms), collections are ordered, arithmetic that must
//! match across native and wasm is integer. The page and the CLI both drive this same code.
//!
//! The public surface is small: build a [`Sim`] from a [`SimConfig`], drive it with
//! [`Sim::advance_to`], [`Sim::step`] and [`Sim::apply`] (a [`Command`]), and read it back.

pub mod command;
pub mod config;
pub mod event;
pub mod invariants;
pub mod limits;
pub mod murmur2;
pub mod rng;
pub mod sim;
pub mod topic;
pub mod trace;

pub use command::{Command, CommandError};
pub use config::{ConfigError, KeySource, ProducerConfig, SimConfig, TopicConfig};
pub use event::Event;
pub use invariants::{check_invariants, Violation};
pub use sim::{KeyStats, Sim, Totals};
pub use topic::{Origin, PartitionLog, Record, StoredRecord, Topic};

/// The partition of a UTF-8 string key among `n_partitions`, as Kafka's producer computes it.
pub fn partition_for_key_str(key: &str, n_partitions: u32) -> u32 {
    murmur2::partition_for_key(key.as_bytes(), n_partitions)
}
