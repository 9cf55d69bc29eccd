//! Kafka's partitioner tests that run through the accumulator (kafka-semantics.md §2):
//! RecordAccumulatorTest's uniform, adaptive and fractional-batch cases, with Kafka's mock
//! random source (0, 1, 2, …), plus the legacy partitioners' defining behaviours.

use crate::common::records::record;
use kafka_playground::engine::Rng;
use kafka_playground::engine::{ClientConfig, PartitionerKind, ProducerClient, RandomSource};

fn client(
    partitioner: PartitionerKind,
    batch_size: u32,
    linger_ms: u32,
    adaptive: bool,
    n: u32,
    random: RandomSource,
) -> ProducerClient {
    let config = ClientConfig {
        partitioner,
        adaptive,
        ignore_keys: false,
        batch_size,
        linger_ms,
    };
    ProducerClient::new(config, n, random)
}

fn randoms_used(c: &ProducerClient) -> u32 {
    match c.random {
        RandomSource::Sequential(n) => n,
        RandomSource::Seeded(_) => panic!("the test uses the sequential mock"),
    }
}

#[test]
fn record_accumulator_test_uniform_built_in_partitioner() {
    // batch.size 1024; a small record ("value", null key), then 1024-byte values.
    let all = [0, 1, 2];
    let mut c = client(
        PartitionerKind::BuiltIn,
        1024,
        0,
        false,
        3,
        RandomSource::Sequential(0),
    );
    // (value bytes, expected partition, randoms used afterwards)
    let steps = [
        (5, 0, 1),
        (1024, 0, 1),
        (1024, 1, 2),
        (1024, 2, 3),
        (1024, 0, 4),
    ];
    for (i, (value, partition, randoms)) in steps.into_iter().enumerate() {
        let out = c.send(record(i as u64, None), value, None, 0, &all, 3);
        assert_eq!(out.partition, partition, "append {i}");
        assert_eq!(randoms_used(&c), randoms, "random draws after append {i}");
    }
}

#[test]
fn record_accumulator_test_adaptive_built_in_partitioner() {
    let all = [0, 1, 2];
    let mut c = client(
        PartitionerKind::BuiltIn,
        128,
        0,
        true,
        3,
        RandomSource::Sequential(0),
    );
    let queue_sizes = [1u32, 7, 2];
    let mut id = 0;
    for (p, &q) in queue_sizes.iter().enumerate() {
        for _ in 0..q {
            // Explicit partition, 128-byte values: each record makes its own batch.
            c.send(record(id, None), 128, Some(p as u32), 0, &all, 3);
            id += 1;
        }
    }
    assert_eq!(c.accumulator.queue_sizes(), queue_sizes.to_vec());
    c.refresh_load_stats(&[true, true, true]);
    let range_end = *c
        .built_in
        .load_stats
        .as_ref()
        .expect("unequal queues give weights")
        .cumulative
        .last()
        .unwrap();
    assert_eq!(range_end, 14);
    // Prime: the partitioner then switches on every record.
    c.send(record(id, None), 128, None, 0, &all, 3);
    let mut frequencies = [0u32; 3];
    for i in 0..range_end * 2 {
        let out = c.send(record(id + 1 + u64::from(i), None), 128, None, 0, &all, 3);
        frequencies[out.partition as usize] += 1;
    }
    let expected: Vec<u32> = queue_sizes.iter().map(|q| (8 - q) * 2).collect();
    assert_eq!(
        frequencies.to_vec(),
        expected,
        "frequencies are reciprocal to queue sizes"
    );
}

#[test]
fn record_accumulator_test_built_in_partitioner_fractional_batches() {
    // batch.size 512, linger.ms 10, 32-byte values: each drained batch is over half full.
    let all = [0, 1, 2];
    let mut c = client(
        PartitionerKind::BuiltIn,
        512,
        10,
        false,
        3,
        RandomSource::Seeded(Rng::new(3)),
    );
    let mut now = 0;
    let mut id = 0;
    for _ in 0..10 {
        for _ in 0..512 * 2 / 3 / 32 {
            c.send(record(id, None), 32, None, now, &all, 3);
            id += 1;
        }
        now += 10;
        let batches = c.accumulator.drain(now);
        assert_eq!(batches.len(), 1, "one batch ready");
        let size = batches[0].estimated_bytes();
        assert!(
            size > 256 && size < 512,
            "batch of {size} bytes is not fractional"
        );
    }
}

#[test]
fn sticky_2_4_switches_on_every_new_batch_to_a_different_partition() {
    let all = [0, 1, 2, 3];
    let mut c = client(
        PartitionerKind::StickyLegacy,
        300,
        1000,
        false,
        4,
        RandomSource::Seeded(Rng::new(11)),
    );
    let mut last: Option<(u32, u64)> = None;
    let mut switches = 0;
    for i in 0..200 {
        let out = c.send(record(i, None), 100, None, 0, &all, 4);
        if let Some((p, batch)) = last {
            if out.batch_id != batch {
                assert_ne!(out.partition, p, "a new batch means a new partition");
                switches += 1;
            } else {
                assert_eq!(out.partition, p, "within a batch the partition sticks");
            }
        }
        last = Some((out.partition, out.batch_id));
    }
    assert!(switches > 50);
}

/// Kafka 2.4–3.2's `KafkaProducer.doSend` calls `onNewBatch` for every record that opens a
/// batch, whatever chose its partition, and `DefaultPartitioner.onNewBatch` is
/// `StickyPartitionCache.nextPartition(topic, cluster, prevPartition)`: it sets an empty cache,
/// and moves the sticky partition when the new batch is on it.
#[test]
fn sticky_2_4_keyed_and_explicit_records_opening_a_batch_move_the_sticky_partition() {
    let all = [0, 1, 2, 3];
    let sticky = |c: &ProducerClient| c.next_keyless_partition(4).map(|n| n.partition);
    // A keyed record first: its new batch sets the empty cache (where before this the cache
    // stayed empty until the first keyless record).
    let mut c = client(
        PartitionerKind::StickyLegacy,
        16_384,
        1000,
        false,
        4,
        RandomSource::Sequential(0),
    );
    c.send(record(0, Some("order-123")), 100, None, 0, &all, 4);
    assert_eq!(
        randoms_used(&c),
        1,
        "the keyed record's new batch drew the sticky partition"
    );
    assert_eq!(
        sticky(&c),
        Some(0),
        "Kafka's mock random gives 0 first: available[0]"
    );

    // Batches of one record (batch.size below two records): an explicit record that opens a
    // batch on the sticky partition moves it; one on another partition does not.
    let mut c = client(
        PartitionerKind::StickyLegacy,
        150,
        1000,
        false,
        4,
        RandomSource::Sequential(0),
    );
    let s = c.send(record(0, None), 100, None, 0, &all, 4).partition;
    let other = (s + 1) % 4;
    let out = c.send(record(1, None), 100, Some(other), 0, &all, 4);
    assert_eq!(
        (out.partition, sticky(&c)),
        (other, Some(s)),
        "a new batch elsewhere leaves it"
    );
    let out = c.send(record(2, None), 100, Some(s), 0, &all, 4);
    assert_eq!(out.partition, s, "the explicit partition is kept");
    assert_ne!(
        sticky(&c),
        Some(s),
        "its new batch on the sticky partition moved it"
    );
}

#[test]
fn built_in_may_pick_the_same_partition_again_and_switches_by_bytes() {
    // 3.3+: the next partition is drawn uniformly, the current one included; switches happen
    // only at batch.size produced bytes (or 2x), never per record.
    let all = [0, 1];
    let mut c = client(
        PartitionerKind::BuiltIn,
        1000,
        1000,
        false,
        2,
        RandomSource::Seeded(Rng::new(4)),
    );
    let mut stayed = 0;
    let mut previous = None;
    for i in 0..2000 {
        let before = c.built_in.sticky;
        let out = c.send(record(i, None), 100, None, 0, &all, 2);
        if let (Some(b), Some(to)) = (before, out.switched_to) {
            assert!(
                b.produced_bytes + 200 >= 1000,
                "no switch before batch.size bytes: {}",
                b.produced_bytes
            );
            if previous == Some(to) {
                stayed += 1;
            }
        }
        if out.switched_to.is_some() {
            previous = Some(out.partition);
        }
        previous = previous.or(Some(out.partition));
    }
    assert!(
        stayed > 0,
        "with two partitions, a uniform draw sometimes keeps the same one"
    );
}

#[test]
fn pre_2_4_round_robin_goes_one_record_per_partition_from_a_random_start() {
    let all = [0, 1, 2];
    let mut c = client(
        PartitionerKind::RoundRobinLegacy,
        16_384,
        5,
        false,
        3,
        RandomSource::Seeded(Rng::new(8)),
    );
    let first = c.send(record(0, None), 10, None, 0, &all, 3).partition;
    for i in 1..30 {
        assert_eq!(
            c.send(record(i, None), 10, None, 0, &all, 3).partition,
            (first + i as u32) % 3
        );
    }
    // Keys still decide by murmur2.
    assert_eq!(
        c.send(record(99, Some("order-123")), 10, None, 0, &all, 3)
            .partition,
        1
    );
}

#[test]
fn round_robin_partitioner_2_4_skips_on_new_batches_kafka_9965() {
    // Kafka 2.4 to 3.9.1: `KafkaProducer.doSend` calls `RoundRobinPartitioner.partition` again
    // after `RecordAccumulator.append` aborts for a new batch (`abortForNewBatch`, then
    // `onNewBatch`, which this class does not override). Every record needs a new batch here,
    // so each send advances the counter twice: with an even partition count, every record lands
    // on the odd partition.
    let all = [0, 1];
    let mut c = client(
        PartitionerKind::RoundRobinKafka9965,
        1,
        1000,
        false,
        2,
        RandomSource::Seeded(Rng::new(1)),
    );
    for i in 0..20 {
        let out = c.send(record(i, Some("ignored-key")), 100, None, 0, &all, 2);
        assert_eq!(out.partition, 1, "record {i}");
    }
    // Even with large batches: whenever the counter lands on partition 0 it has no batch, so
    // the producer aborts and asks again, and gets 1. Partition 0 never gets a record.
    let mut c = client(
        PartitionerKind::RoundRobinKafka9965,
        1_000_000,
        1000,
        false,
        2,
        RandomSource::Seeded(Rng::new(1)),
    );
    let parts: Vec<u32> = (0..6)
        .map(|i| c.send(record(i, None), 10, None, 0, &all, 2).partition)
        .collect();
    assert_eq!(parts, vec![1; 6]);
    // Three partitions, 100-byte values that never share a batch of batch.size 1 (10-byte
    // values would: the buffer is sized by the first record's upper bound, 21 bytes of slack).
    // Each send draws twice, so the counter visits every partition, two at a time.
    let all3 = [0, 1, 2];
    let mut c = client(
        PartitionerKind::RoundRobinKafka9965,
        1,
        1000,
        false,
        3,
        RandomSource::Seeded(Rng::new(1)),
    );
    let parts: Vec<u32> = (0..6)
        .map(|i| c.send(record(i, None), 100, None, 0, &all3, 3).partition)
        .collect();
    assert_eq!(parts, vec![1, 0, 2, 1, 0, 2]);
}

#[test]
fn round_robin_partitioner_4_x_moves_once_per_record_kafka_17632() {
    // Kafka 4.x: `KafkaProducer.doSend` asks `RoundRobinPartitioner.partition` once per record
    // (KAFKA-18295 removed `onNewBatch` and the abort-for-new-batch path); 3.9's backport of
    // KAFKA-17632 gets there by `onNewBatch` remembering the aborted partition for the second
    // `partition()` call. The cases of the skipping test above, one record per partition in
    // turn. Every record needs a new batch in the first and the last.
    let all = [0, 1];
    let mut c = client(
        PartitionerKind::RoundRobin,
        1,
        1000,
        false,
        2,
        RandomSource::Seeded(Rng::new(1)),
    );
    let parts: Vec<u32> = (0..6)
        .map(|i| {
            c.send(record(i, Some("ignored-key")), 100, None, 0, &all, 2)
                .partition
        })
        .collect();
    assert_eq!(parts, vec![0, 1, 0, 1, 0, 1]);
    // Large batches: the first record on each partition opens a batch, the rest join it.
    let mut c = client(
        PartitionerKind::RoundRobin,
        1_000_000,
        1000,
        false,
        2,
        RandomSource::Seeded(Rng::new(1)),
    );
    let parts: Vec<u32> = (0..6)
        .map(|i| c.send(record(i, None), 10, None, 0, &all, 2).partition)
        .collect();
    assert_eq!(parts, vec![0, 1, 0, 1, 0, 1]);
    let all6 = [0, 1, 2, 3, 4, 5];
    let mut c = client(
        PartitionerKind::RoundRobin,
        1,
        1000,
        false,
        6,
        RandomSource::Seeded(Rng::new(1)),
    );
    let parts: Vec<u32> = (0..12)
        .map(|i| c.send(record(i, None), 100, None, 0, &all6, 6).partition)
        .collect();
    assert_eq!(parts, vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
}

/// The issue's run: six partitions, null keys, `RoundRobinPartitioner`. Kafka 4.x writes to
/// every partition evenly; 2.4 to 3.9.1 (`round_robin_partitioner_2_4`) only to P1, P3 and P5.
#[test]
fn round_robin_partitioner_spreads_over_all_six_partitions_and_its_2_4_variant_over_half() {
    use kafka_playground::scenario::Scenario;
    use kafka_playground::session::replay;
    let end_offsets = |partitioner: &str| -> Vec<u64> {
        let json = format!(
            r#"{{"version":1,"topic":{{"partitions":6}},"producer":{{"rate_per_sec":300,"partitioner":"{partitioner}","keys":{{"kind":"none"}}}}}}"#
        );
        let scenario = Scenario::from_json(&json)
            .expect("the scenario reads")
            .scenario;
        let sim = replay(&scenario, 10_000, false).expect("the scenario runs");
        sim.topic_run(0)
            .topic()
            .partitions
            .iter()
            .map(|p| p.end_offset())
            .collect()
    };
    let even = end_offsets("round_robin_partitioner");
    assert!(
        even.iter().all(|&n| n > 0) && even.iter().max().unwrap() - even.iter().min().unwrap() <= 1,
        "Kafka 4.x: even over all six partitions, got {even:?}"
    );
    let skipping = end_offsets("round_robin_partitioner_2_4");
    assert!(
        skipping.iter().step_by(2).all(|&n| n == 0)
            && skipping.iter().skip(1).step_by(2).all(|&n| n > 0),
        "Kafka 2.4 to 3.9.1: only the odd partitions, got {skipping:?}"
    );
}

#[test]
fn an_explicit_partition_beats_the_key() {
    let all = [0, 1, 2, 3];
    let mut c = client(
        PartitionerKind::BuiltIn,
        16_384,
        5,
        false,
        4,
        RandomSource::Seeded(Rng::new(2)),
    );
    let out = c.send(record(0, Some("order-123")), 10, Some(3), 0, &all, 4);
    assert_eq!(out.partition, 3);
}

#[test]
fn next_keyless_partition_is_where_the_next_record_without_a_key_goes() {
    let all = [0, 1, 2];
    for kind in PartitionerKind::ALL {
        let mut c = client(kind, 16_384, 0, false, 3, RandomSource::Seeded(Rng::new(7)));
        let sticky = matches!(
            kind,
            PartitionerKind::BuiltIn | PartitionerKind::StickyLegacy
        );
        let mut checked = 0;
        for id in 0..20 {
            let next = c.next_keyless_partition(3);
            let Some(next) = next else {
                assert!(sticky && id == 0, "{kind:?}: chosen once a record was sent");
                c.send(record(id, None), 5, None, 0, &all, 3);
                continue;
            };
            assert_eq!(next.sticky, sticky, "{kind:?}");
            // Needing a new batch makes a partitioner that aborts on new batches choose again
            // (the 2.4–3.2 sticky cache's switch, KAFKA-9965's double step), so for those the
            // mark holds where an open batch takes the record.
            let exact =
                !kind.aborts_on_new_batch() || !c.accumulator.all_batches_full(next.partition);
            let out = c.send(record(id, None), 5, None, 0, &all, 3);
            if exact {
                assert_eq!(next.partition, out.partition, "{kind:?}: record {id}");
                checked += 1;
            }
        }
        assert!(
            checked >= 5,
            "{kind:?}: only {checked} records joined an open batch"
        );
    }
}
