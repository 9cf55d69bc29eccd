//! The producer side of a run: Kafka's Java producer client, from a key to a batch. A record
//! gets its key from a key source, its partition from the key (murmur2) or from one of the four
//! keyless partitioners, and its place in a batch from the accumulator, whose fullness follows
//! Kafka's record-size arithmetic byte for byte, because the sticky partitioners switch by it.
//!
//! - `client`: `KafkaProducer.doSend` + `RecordAccumulator.append`, the order of Kafka's checks;
//! - `partitioner`: the built-in sticky (3.3+), the sticky cache (2.4–3.2), the round robin
//!   before 2.4 and `RoundRobinPartitioner`, each with Kafka's own state and random draws;
//! - `accumulator`: per-partition batch queues, `linger.ms`, ready, reenqueue, expiry;
//! - `sequences`: the idempotent producer's sequence numbers (`TransactionManager`);
//! - `metadata`: the producer's view of leaders and partition counts (`Metadata`);
//! - `backoff`: the retry backoff (`ExponentialBackoff`, KIP-580);
//! - `record_size`: `DefaultRecord` sizes for message format v2;
//! - `key_source`: the shapes of key a producer draws, from the run's seeded generator.
//!
//! Sending a batch to a broker and what happens there belongs to the sim and the cluster.

mod accumulator;
mod backoff;
mod client;
mod error;
mod key_source;
mod metadata;
mod partitioner;
mod record_size;
mod sequences;

pub use accumulator::{ProducerBatch, Waiting};
pub use backoff::backoff_ms;
pub use client::{ClientConfig, NextKeyless, ProducerClient, SendOutcome};
pub use error::{ProduceError, SendFailure};
pub(crate) use key_source::ORDER_STAGES;
pub use key_source::{KeyDraw, KeyGenerator, OrderKeyBy};
pub use metadata::ProducerMetadata;
pub use partitioner::{PartitionerKind, RandomSource};
pub(crate) use record_size::batch_size_upper_bound;
pub use sequences::Sequences;
