//! The Java and Kafka-client behaviour the engine must reproduce bit for bit, apart from the
//! Kafka rules that use it: `Utils.murmur2` and keyed partitioning, `java.util.Random` (with
//! `Collections.shuffle` and Kafka's test `MockRandom`), `String.compareTo`'s UTF-16 order, and
//! `HashMap` iteration order. Each is integer arithmetic with wrap-around, so natively and in
//! wasm it gives Java's answer, and each is tested against Java's values.

mod hash_map_order;
mod java_random;
mod murmur2;
mod string_hash;
mod string_order;

#[cfg(test)]
pub(crate) use hash_map_order::spread;
pub(crate) use hash_map_order::{java_hash_map_order, JavaHashOrder};
pub use java_random::{JavaRandom, MockRandom};
pub use murmur2::{explain_key, murmur2, partition_for_key, to_positive, KeyHash};
pub use string_hash::{java_string_hash, kafka_abs};
pub use string_order::java_string_cmp;
