//! Properties of the partitioners over random inputs: a key always maps to the same partition
//! for a fixed count, and the 3.3+ sticky partitioner only switches within its byte bounds
//! (at least batch.size bytes produced to the partition, never more than twice that).

use crate::common::records::record;
use kafka_playground::engine::partition_for_key;
use kafka_playground::engine::Rng;
use kafka_playground::engine::{ClientConfig, PartitionerKind, ProducerClient, RandomSource};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_key_maps_to_one_partition_for_a_fixed_count(key in "\\PC{0,40}", n in 1u32..=1000, seed in any::<u64>()) {
        let expected = partition_for_key(key.as_bytes(), n);
        prop_assert!(expected < n);
        // Whatever else the producer does in between (other keys, keyless records, batching).
        let all: Vec<u32> = (0..n.min(64)).collect();
        let n = n.min(64);
        let expected = partition_for_key(key.as_bytes(), n);
        let config = ClientConfig { partitioner: PartitionerKind::BuiltIn, adaptive: true, ignore_keys: false, batch_size: 512, linger_ms: 5 };
        let mut client = ProducerClient::new(config, n, RandomSource::Seeded(Rng::new(seed)));
        for i in 0..50u64 {
            let out = client.send(record(i, Some(&key)), 40, None, i, &all, n);
            prop_assert_eq!(out.partition, expected);
            client.send(record(1000 + i, None), 40, None, i, &all, n);
            if i % 7 == 0 {
                client.accumulator.drain(i + 10);
            }
        }
    }

    #[test]
    fn sticky_switches_only_within_its_byte_bounds(
        batch_size in 1u32..4096,
        value_sizes in prop::collection::vec(0u32..3000, 1..300),
        n in 2u32..12,
        seed in any::<u64>(),
        drain_every in 1usize..40,
    ) {
        let all: Vec<u32> = (0..n).collect();
        let config = ClientConfig { partitioner: PartitionerKind::BuiltIn, adaptive: false, ignore_keys: false, batch_size, linger_ms: 0 };
        let mut client = ProducerClient::new(config, n, RandomSource::Seeded(Rng::new(seed)));
        for (i, &value) in value_sizes.iter().enumerate() {
            let before = client.built_in.sticky;
            let out = client.send(record(i as u64, None), value, None, i as u64, &all, n);
            if let (Some(before), Some(_)) = (before, out.switched_to) {
                // The partition it left had at least batch.size bytes (the switch may complete on
                // this send, counting this record's bytes, or right before it).
                let produced = before.produced_bytes;
                let this_record = 61 + 21 + 10 + value;
                prop_assert!(produced + this_record >= batch_size.max(1), "switched after {} bytes, batch.size {}", produced, batch_size);
            }
            if let Some(now) = client.built_in.sticky {
                prop_assert!(now.produced_bytes < batch_size.max(1).saturating_mul(2), "{} bytes on one partition", now.produced_bytes);
            }
            if i % drain_every == 0 {
                client.accumulator.drain(i as u64);
            }
        }
    }
}
