//! The producer side of a run: Kafka's Java producer client, from a key to a batch. A record
//! gets its key from a key source, its partition from the key (murmur2) or from one of the four
//! keyless partitioners, and its place in a batch from the accumulator, whose fullness follows
//! Kafka's record-size arithmetic byte for byte, because the sticky partitioners switch by it.
//!
//! - `client`: `KafkaProducer.doSend` + `RecordAccumulator.append`, the order of Kafka's checks;
//! - `partitioner`: the built-in sticky (3.3+), the sticky cache (2.4–3.2), the round robin
//!   before 2.4 and `RoundRobinPartitioner`, each with Kafka's own state and random draws;
//! - `accumulator`: per-partition batch queues, `linger.ms`, drain;
//! - `record_size`: `DefaultRecord` sizes for message format v2;
//! - `key_source`: the shapes of key a producer draws, from the run's seeded generator.
//!
//! Sending a batch to a broker and what happens there belongs to the sim and the cluster.

mod accumulator;
mod client;
mod error;
mod key_source;
mod partitioner;
mod record_size;

pub use accumulator::{ProducerBatch, Waiting};
pub use client::{ClientConfig, NextKeyless, ProducerClient, SendOutcome};
pub use error::{ProduceError, SendFailure};
pub(crate) use key_source::ORDER_STAGES;
pub use key_source::{KeyDraw, KeyGenerator, OrderKeyBy};
pub use partitioner::{PartitionerKind, RandomSource};
pub(crate) use record_size::batch_size_upper_bound;
