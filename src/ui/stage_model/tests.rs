//! Data-driven tests of the stage model: a scenario run to a time in, one compact line per
//! drawn thing out, compared with expect-test (`UPDATE_EXPECT=1 cargo test --lib` rewrites the
//! expectations after a deliberate change). Plus what the model keeps from frame to frame.

use super::*;
use crate::scenario::Scenario;
use crate::session::replay;
use expect_test::{expect, Expect};
use std::fmt::Write;
use std::rc::Rc;

fn run(json: &str, until_ms: u64) -> Sim {
    let scenario = Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario;
    replay(&scenario, until_ms, false).expect("the test scenario runs")
}

fn producers_of(sim: &Sim, topic: u32) -> Vec<u32> {
    (0..sim.producers().len() as u32)
        .filter(|&p| sim.producer(p).topic() == topic)
        .collect()
}

fn model_of(sim: &Sim, topic: u32, highlight_key: &str, reduced_motion: bool) -> StageModel {
    let producers = producers_of(sim, topic);
    let input = StageInput {
        sim,
        topic,
        producers: &producers,
        highlight_key,
        reduced_motion,
    };
    build(&input, None)
}

fn check(json: &str, until_ms: u64, highlight_key: &str, expected: Expect) {
    let sim = run(json, until_ms);
    expected.assert_eq(&describe(&model_of(&sim, 0, highlight_key, false)));
}

#[test]
fn keyed_records_fly_to_their_partition_and_fill_its_row() {
    check(
        r#"{"version":1,"seed":3,"topic":{"name":"orders","partitions":3},
            "producer":{"rate_per_sec":40,"latency_ms":30,"linger_ms":5,
              "keys":{"kind":"fixed","values":["order-1","order-2","order-3"]}}}"#,
        1010,
        "order-2",
        expect![[r#"
            stage 0 0 1200 215 · 3 rows of 46 from y 65 · 8 cells a row
            heading Topic “orders” — 3 partitions, replication factor 3 on 3 brokers
            subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 40 rec/s · 3 fixed keys · sticky 3.3+, adaptive · next None
            bucket P0 fill 0.00 routed
            bucket P1 fill 0.00 
            bucket P2 fill 0.00 
            row P0 y 65 cells Some(19)..=Some(26) (older hidden) routed · Partition 0: 27 records, leader broker 2, 3 of 3 replicas in sync, high watermark 27
            row P1 y 111 cells Some(4)..=Some(11) (older hidden) · Partition 1: 12 records, leader broker 3, 3 of 3 replicas in sync, high watermark 12
            row P2 y 157 cells None..=None · Partition 2: 0 records, leader broker 1, 3 of 3 replicas in sync, high watermark 0
            flight 0.39 P0 at (263.2, 72.0) 0.17 of the way, Key(6) “order…”
            tick at (672.5, 109.0): broker 3 has copied partition 0 up to offset 27 (in sync)
            tick at (674.5, 109.0): broker 1 has copied partition 0 up to offset 27 (in sync)
            tick at (672.5, 155.0): broker 1 has copied partition 1 up to offset 12 (in sync)
            tick at (674.5, 155.0): broker 2 has copied partition 1 up to offset 12 (in sync)
            tick at (248.5, 201.0): broker 2 has copied partition 2 up to offset 0 (in sync)
            tick at (250.5, 201.0): broker 3 has copied partition 2 up to offset 0 (in sync)
            broker at x 772.0 “broker 1” · broker 1: running, leads 1 partition
            broker at x 828.0 “broker 2” · broker 2: running, leads 1 partition
            broker at x 884.0 “broker 3” · broker 3: running, leads 1 partition
            replica at (831.0, 69.0) leader “” · orders-0 on broker 2: leader, in sync, log end 27, high watermark 27
            replica at (887.0, 69.0) follower “” · orders-0 on broker 3: follower, in sync, log end 27, high watermark 27
            replica at (775.0, 69.0) follower “” · orders-0 on broker 1: follower, in sync, log end 27, high watermark 27
            replica at (887.0, 115.0) leader “” · orders-1 on broker 3: leader, in sync, log end 12, high watermark 12
            replica at (775.0, 115.0) follower “” · orders-1 on broker 1: follower, in sync, log end 12, high watermark 12
            replica at (831.0, 115.0) follower “” · orders-1 on broker 2: follower, in sync, log end 12, high watermark 12
            replica at (775.0, 161.0) leader “” · orders-2 on broker 1: leader, in sync, log end 0, high watermark 0
            replica at (831.0, 161.0) follower “” · orders-2 on broker 2: follower, in sync, log end 0, high watermark 0
            replica at (887.0, 161.0) follower “” · orders-2 on broker 3: follower, in sync, log end 0, high watermark 0
            pulse 856.0 → 912.0 · orders-0: broker 3 copied the newest record from leader broker 2
            pulse 856.0 → 800.0 · orders-0: broker 1 copied the newest record from leader broker 2
            pulse 912.0 → 800.0 · orders-1: broker 1 copied the newest record from leader broker 3
            pulse 912.0 → 856.0 · orders-1: broker 2 copied the newest record from leader broker 3
            summary Topic orders has 3 partitions. producer-1 sends 40 records/s (3 fixed keys) with the built-in sticky, adaptive (3.3+) partitioner. 0 records wait in batches, 1 is in flight.
            notes replication
        "#]],
    );
}

#[test]
fn the_default_scenario_a_few_seconds_in() {
    check(
        r#"{"version":1}"#,
        2500,
        "order-123",
        expect![[r#"
            stage 0 0 1200 353 · 6 rows of 46 from y 65 · 8 cells a row
            heading Topic “orders” — 6 partitions, replication factor 3 on 3 brokers
            subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 20 rec/s · 12 ids user-… · sticky 3.3+, adaptive · next None
            bucket P0 fill 0.00 
            bucket P1 fill 0.00 routed
            bucket P2 · 1 fill 0.01 
            bucket P3 fill 0.00 
            bucket P4 fill 0.00 
            bucket P5 fill 0.00 
            row P0 y 65 cells None..=None · Partition 0: 0 records, leader broker 2, 3 of 3 replicas in sync, high watermark 0
            row P1 y 111 cells Some(0)..=Some(5) routed · Partition 1: 6 records, leader broker 3, 3 of 3 replicas in sync, high watermark 6
            row P2 y 157 cells Some(6)..=Some(13) (older hidden) · Partition 2: 14 records, leader broker 1, 3 of 3 replicas in sync, high watermark 14
            row P3 y 203 cells Some(0)..=Some(5) · Partition 3: 6 records, leader broker 3, 3 of 3 replicas in sync, high watermark 6
            row P4 y 249 cells Some(0)..=Some(7) · Partition 4: 8 records, leader broker 1, 3 of 3 replicas in sync, high watermark 8
            row P5 y 295 cells Some(6)..=Some(13) (older hidden) · Partition 5: 14 records, leader broker 2, 3 of 3 replicas in sync, high watermark 14
            flight 0.48 P2 at (576.3, 164.0) 0.90 of the way, Key(0) “user-…”
            tick at (248.5, 109.0): broker 3 has copied partition 0 up to offset 0 (in sync)
            tick at (250.5, 109.0): broker 1 has copied partition 0 up to offset 0 (in sync)
            tick at (566.5, 155.0): broker 1 has copied partition 1 up to offset 6 (in sync)
            tick at (568.5, 155.0): broker 2 has copied partition 1 up to offset 6 (in sync)
            tick at (672.5, 201.0): broker 2 has copied partition 2 up to offset 14 (in sync)
            tick at (674.5, 201.0): broker 3 has copied partition 2 up to offset 14 (in sync)
            tick at (566.5, 247.0): broker 1 has copied partition 3 up to offset 6 (in sync)
            tick at (568.5, 247.0): broker 2 has copied partition 3 up to offset 6 (in sync)
            tick at (672.5, 293.0): broker 2 has copied partition 4 up to offset 8 (in sync)
            tick at (674.5, 293.0): broker 3 has copied partition 4 up to offset 8 (in sync)
            tick at (672.5, 339.0): broker 3 has copied partition 5 up to offset 14 (in sync)
            tick at (674.5, 339.0): broker 1 has copied partition 5 up to offset 14 (in sync)
            broker at x 772.0 “broker 1” · broker 1: running, leads 2 partitions
            broker at x 828.0 “broker 2” · broker 2: running, leads 2 partitions
            broker at x 884.0 “broker 3” · broker 3: running, leads 2 partitions
            replica at (831.0, 69.0) leader “” · orders-0 on broker 2: leader, in sync, log end 0, high watermark 0
            replica at (887.0, 69.0) follower “” · orders-0 on broker 3: follower, in sync, log end 0, high watermark 0
            replica at (775.0, 69.0) follower “” · orders-0 on broker 1: follower, in sync, log end 0, high watermark 0
            replica at (887.0, 115.0) leader “” · orders-1 on broker 3: leader, in sync, log end 6, high watermark 6
            replica at (775.0, 115.0) follower “” · orders-1 on broker 1: follower, in sync, log end 6, high watermark 6
            replica at (831.0, 115.0) follower “” · orders-1 on broker 2: follower, in sync, log end 6, high watermark 6
            replica at (775.0, 161.0) leader “” · orders-2 on broker 1: leader, in sync, log end 14, high watermark 14
            replica at (831.0, 161.0) follower “” · orders-2 on broker 2: follower, in sync, log end 14, high watermark 14
            replica at (887.0, 161.0) follower “” · orders-2 on broker 3: follower, in sync, log end 14, high watermark 14
            replica at (887.0, 207.0) leader “” · orders-3 on broker 3: leader, in sync, log end 6, high watermark 6
            replica at (775.0, 207.0) follower “” · orders-3 on broker 1: follower, in sync, log end 6, high watermark 6
            replica at (831.0, 207.0) follower “” · orders-3 on broker 2: follower, in sync, log end 6, high watermark 6
            replica at (775.0, 253.0) leader “” · orders-4 on broker 1: leader, in sync, log end 8, high watermark 8
            replica at (831.0, 253.0) follower “” · orders-4 on broker 2: follower, in sync, log end 8, high watermark 8
            replica at (887.0, 253.0) follower “” · orders-4 on broker 3: follower, in sync, log end 8, high watermark 8
            replica at (831.0, 299.0) leader “” · orders-5 on broker 2: leader, in sync, log end 14, high watermark 14
            replica at (887.0, 299.0) follower “” · orders-5 on broker 3: follower, in sync, log end 14, high watermark 14
            replica at (775.0, 299.0) follower “” · orders-5 on broker 1: follower, in sync, log end 14, high watermark 14
            pulse 800.0 → 856.0 · orders-2: broker 2 copied the newest record from leader broker 1
            pulse 800.0 → 912.0 · orders-2: broker 3 copied the newest record from leader broker 1
            pulse 856.0 → 912.0 · orders-5: broker 3 copied the newest record from leader broker 2
            pulse 856.0 → 800.0 · orders-5: broker 1 copied the newest record from leader broker 2
            summary Topic orders has 6 partitions. producer-1 sends 20 records/s (12 ids user-…) with the built-in sticky, adaptive (3.3+) partitioner. 1 record waits in batches, 1 is in flight.
            notes replication
        "#]],
    );
}

#[test]
fn records_without_a_key_show_where_each_partitioner_sends_the_next() {
    check(
        r#"{"version":1,"topic":{"partitions":4,"replication_factor":1},
            "producer":{"rate_per_sec":30,"partitioner":"round_robin_partitioner","keys":{"kind":"none"}},
            "more_producers":[{"rate_per_sec":10,"keys":{"kind":"none"}}]}"#,
        1500,
        "",
        expect![[r#"
            stage 0 0 1200 309 · 4 rows of 46 from y 113 · 8 cells a row
            heading Topic “orders” — 4 partitions, replication factor 1 on 3 brokers
            subheading producer-1: batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 30 rec/s · null keys · RoundRobin 4.x · next Some(1)
            producer producer-2 y 70 · 10 rec/s · null keys · sticky 3.3+, adaptive · next Some(2)
            bucket P0 · 1 fill 0.01 
            bucket P1 fill 0.00 producer-1 next ▸ routed
            bucket P2 · 1 fill 0.01 producer-2 sticky ▸
            bucket P3 fill 0.00 
            row P0 y 113 cells Some(3)..=Some(10) (older hidden) · Partition 0: 11 records, leader broker 2, 1 of 1 replicas in sync, high watermark 11
            row P1 y 159 cells Some(3)..=Some(10) (older hidden) routed · Partition 1: 11 records, leader broker 3, 1 of 1 replicas in sync, high watermark 11
            row P2 y 205 cells Some(17)..=Some(24) (older hidden) · Partition 2: 25 records, leader broker 1, 1 of 1 replicas in sync, high watermark 25
            row P3 y 251 cells Some(2)..=Some(9) (older hidden) · Partition 3: 10 records, leader broker 3, 1 of 1 replicas in sync, high watermark 10
            flight 0.43 P3 at (439.7, 258.0) 0.58 of the way, NullKey “null”
            broker at x 772.0 “broker 1” · broker 1: running, leads 1 partition
            broker at x 828.0 “broker 2” · broker 2: running, leads 1 partition
            broker at x 884.0 “broker 3” · broker 3: running, leads 2 partitions
            replica at (831.0, 117.0) leader “” · orders-0 on broker 2: leader, in sync, log end 11, high watermark 11
            replica at (887.0, 163.0) leader “” · orders-1 on broker 3: leader, in sync, log end 11, high watermark 11
            replica at (775.0, 209.0) leader “” · orders-2 on broker 1: leader, in sync, log end 25, high watermark 25
            replica at (887.0, 255.0) leader “” · orders-3 on broker 3: leader, in sync, log end 10, high watermark 10
            summary Topic orders has 4 partitions. producer-1 sends 30 records/s (null keys) with the RoundRobinPartitioner (4.x) partitioner; producer-2 sends 10 records/s (null keys) with the built-in sticky, adaptive (3.3+) partitioner. 2 records wait in batches, 1 is in flight.
            notes 
        "#]],
    );
}

#[test]
fn a_consumer_group_marks_its_commits_and_positions() {
    check(
        r#"{"version":1,"topic":{"partitions":2,"replication_factor":1},
            "producer":{"rate_per_sec":50,"keys":{"kind":"entities","prefix":"user-","count":5}},
            "groups":[{"group_id":"billing","commit":{"mode":"auto","interval_ms":1000},
              "processing_ms_per_record":30,"members":[{"name":"c1"}]}]}"#,
        9000,
        "",
        expect![[r#"
            stage 0 0 1200 169 · 2 rows of 46 from y 65 · 8 cells a row
            heading Topic “orders” — 2 partitions, replication factor 1 on 3 brokers
            subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 50 rec/s · 5 ids user-… · sticky 3.3+, adaptive · next None
            bucket P0 fill 0.00 
            bucket P1 · 1 fill 0.01 routed
            row P0 y 65 cells Some(179)..=Some(186) (older hidden) · Partition 0: 187 records, leader broker 2, 1 of 1 replicas in sync, high watermark 187
            row P1 y 111 cells Some(252)..=Some(259) (older hidden) routed · Partition 1: 260 records, leader broker 3, 1 of 1 replicas in sync, high watermark 260
            flight 0.447 P0 at (490.9, 72.0) 0.70 of the way, Key(6) “user-1”
            flight 0.448 P0 at (320.1, 72.0) 0.30 of the way, Key(3) “user-2”
            mark at x 238.0: group billing: committed offset 137 on partition 0 (lag 50), further back than the records drawn
            mark at x 238.0: group billing: committed offset 181 on partition 1 (lag 79), further back than the records drawn
            broker at x 772.0 “broker 1” · broker 1: running, leads 0 partitions
            broker at x 828.0 “broker 2” · broker 2: running, leads 1 partition
            broker at x 884.0 “broker 3” · broker 3: running, leads 1 partition
            replica at (831.0, 69.0) leader “” · orders-0 on broker 2: leader, in sync, log end 187, high watermark 187
            replica at (887.0, 115.0) leader “” · orders-1 on broker 3: leader, in sync, log end 260, high watermark 260
            group y 65 billing · gen. 1
            consumer y 83 h 40 “P0 P1 · lag 129” · consumer c1 (group billing): processing; orders-0 at position 175, processed to 137, committed 137, lag 50; orders-1 at position 233, processed to 206, committed 181, lag 79
            link 88.0 → 103.0 dash none · orders-0: read by c1 (group billing)
            link 134.0 → 103.0 dash none · orders-1: read by c1 (group billing)
            summary Topic orders has 2 partitions. producer-1 sends 50 records/s (5 ids user-…) with the built-in sticky, adaptive (3.3+) partitioner. 1 record waits in batches, 2 are in flight.
            notes group marks
        "#]],
    );
}

#[test]
fn a_stopped_broker_bounces_sends_and_followers_trail_the_leader() {
    check(
        r#"{"version":1,"topic":{"partitions":2,"replication_factor":3,"min_insync_replicas":3},
            "producer":{"rate_per_sec":10,"acks":"all","keys":{"kind":"none"}},
            "cluster":{"brokers":3,"replica_latency_ms":40},
            "actions":[{"at_ms":1000,"type":"shutdown_broker","broker":2}]}"#,
        1300,
        "",
        expect![[r#"
            stage 0 0 1200 169 · 2 rows of 46 from y 65 · 8 cells a row
            heading Topic “orders” — 2 partitions, replication factor 3 on 3 brokers
            subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 10 rec/s · null keys · sticky 3.3+, adaptive · next Some(1)
            bucket P0 fill 0.00 
            bucket P1 · 4/2b fill 0.02 sticky ▸ routed
            row P0 y 65 cells None..=None · Partition 0: 0 records, leader broker 3, 2 of 3 replicas in sync, high watermark 0
            row P1 y 111 cells Some(1)..=Some(8) (older hidden) routed · Partition 1: 9 records, leader broker 3, 2 of 3 replicas in sync, high watermark 8
            bounce x0.9.1055 at (222.5, 118.0) producer-1: batch b9 (1 record) refused by partition 1: NotEnoughReplicasException
            tick at (250.5, 109.0): broker 1 has copied partition 0 up to offset 0 (in sync)
            tick at (672.5, 155.0): broker 1 has copied partition 1 up to offset 9 (in sync)
            broker at x 772.0 “broker 1” · broker 1: running, leads 0 partitions
            broker at x 828.0 “broker 2” · broker 2: stopped, fenced, leads 0 partitions
            broker at x 884.0 “broker 3” · broker 3: running, leads 2 partitions
            replica at (831.0, 69.0) down “” · orders-0 on broker 2: follower, out of sync, broker stopped, log end 0, high watermark 0
            replica at (887.0, 69.0) leader “” · orders-0 on broker 3: leader, in sync, log end 0, high watermark 0
            replica at (775.0, 69.0) follower “” · orders-0 on broker 1: follower, in sync, log end 0, high watermark 0
            replica at (887.0, 115.0) leader “end 9” · orders-1 on broker 3: leader, in sync, log end 9, high watermark 8
            replica at (775.0, 115.0) follower “end 9” · orders-1 on broker 1: follower, in sync, log end 9, high watermark 8
            replica at (831.0, 115.0) down “end 9” · orders-1 on broker 2: follower, out of sync, broker stopped, log end 9, high watermark 8
            summary Topic orders has 2 partitions. producer-1 sends 10 records/s (null keys) with the built-in sticky, adaptive (3.3+) partitioner. 4 records wait in batches, 0 are in flight.
            notes replication
        "#]],
    );
}

#[test]
fn past_eighty_batches_in_flight_a_sample_is_drawn() {
    let sim = run(
        r#"{"version":1,"topic":{"partitions":40,"replication_factor":1},
            "producer":{"rate_per_sec":4000,"latency_ms":400,"linger_ms":0,"acks":"0",
              "keys":{"kind":"random_unique"}}}"#,
        2000,
    );
    let m = model_of(&sim, 0, "", false);
    let f = &m.in_flight;
    assert_eq!((f.batches, f.records, f.sample_every), (1540, 1600, 20));
    // Forty partitions fold to twelve rows: only the sampled batches bound for a drawn row fly.
    assert_eq!(f.flights.len(), 16);
    assert!(f.flights.len() <= PILLS_MAX);
    assert_eq!(m.layout.row_h, 32.0);
    let described = describe(&m);
    let last_lines: Vec<&str> = described.lines().rev().take(2).collect();
    expect![[r#"
        notes Showing every 20th of 1540 batches in flight. | At 4004 appends/s the logs are redrawn every 100 ms of sim time.
        summary Topic orders has 40 partitions. producer-1 sends 4000 records/s (unique keys) with the built-in sticky, adaptive (3.3+) partitioner. 0 records wait in batches, 1600 are in flight."#]].assert_eq(&last_lines.join("\n"));
}

#[test]
fn with_reduced_motion_rows_count_what_is_on_its_way() {
    let sim = run(
        r#"{"version":1,"topic":{"partitions":2,"replication_factor":1},
            "producer":{"rate_per_sec":100,"latency_ms":200,"keys":{"kind":"none"}}}"#,
        700,
    );
    let model = model_of(&sim, 0, "", true);
    expect![[r#"
        stage 0 0 1200 169 · 2 rows of 46 from y 65 · 8 cells a row
        heading Topic “orders” — 2 partitions, replication factor 1 on 3 brokers
        subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
        producer producer-1 y 22 · 100 rec/s · null keys · sticky 3.3+, adaptive · next Some(1)
        bucket P0 fill 0.00 
        bucket P1 · 5 fill 0.04 sticky ▸ routed
        row P0 y 65 cells None..=None · Partition 0: 0 records, leader broker 2, 1 of 1 replicas in sync, high watermark 0
        row P1 y 111 cells Some(37)..=Some(44) (older hidden) routed · Partition 1: 45 records, 20 arriving, leader broker 3, 1 of 1 replicas in sync, high watermark 45
        broker at x 772.0 “broker 1” · broker 1: running, leads 0 partitions
        broker at x 828.0 “broker 2” · broker 2: running, leads 1 partition
        broker at x 884.0 “broker 3” · broker 3: running, leads 1 partition
        replica at (831.0, 69.0) leader “” · orders-0 on broker 2: leader, in sync, log end 0, high watermark 0
        replica at (887.0, 115.0) leader “” · orders-1 on broker 3: leader, in sync, log end 45, high watermark 45
        summary Topic orders has 2 partitions. producer-1 sends 100 records/s (null keys) with the built-in sticky, adaptive (3.3+) partitioner. 5 records wait in batches, 20 are in flight.
        notes reduced motion
    "#]].assert_eq(&describe(&model));
}

#[test]
fn counts_of_one_are_singular() {
    check(
        r#"{"version":1,"topic":{"partitions":1,"replication_factor":1},"cluster":{"brokers":1},
            "producer":{"rate_per_sec":0,"latency_ms":100},
            "actions":[{"at_ms":0,"type":"produce","key":"a"},{"at_ms":200,"type":"produce","key":"b"}]}"#,
        250,
        "a",
        expect![[r#"
            stage 0 0 1200 123 · 1 rows of 46 from y 65 · 8 cells a row
            heading Topic “orders” — 1 partition, replication factor 1 on 1 broker
            subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
            producer producer-1 y 22 · 0 rec/s · 12 ids user-… · sticky 3.3+, adaptive · next None
            bucket P0 fill 0.00 routed
            row P0 y 65 cells Some(0)..=Some(0) routed · Partition 0: 1 record, leader broker 1, 1 of 1 replicas in sync, high watermark 1
            flight 0.1 P0 at (241.1, 72.0) 0.45 of the way, Key(5) “b”
            broker at x 772.0 “broker 1” · broker 1: running, leads 1 partition
            replica at (775.0, 69.0) leader “” · orders-0 on broker 1: leader, in sync, log end 1, high watermark 1
            summary Topic orders has 1 partition. producer-1 sends 0 records/s (12 ids user-…) with the built-in sticky, adaptive (3.3+) partitioner. 0 records wait in batches, 1 is in flight.
            notes 
        "#]],
    );
}

#[test]
fn several_topics_get_tabs_and_the_stage_shows_one() {
    let sim = run(
        r#"{"version":1,"topic":{"replication_factor":1},"more_topics":[{"name":"clicks","partitions":3}],
            "more_producers":[{"topic":"clicks","rate_per_sec":50,"keys":{"kind":"none"}}]}"#,
        1000,
    );
    expect![[r#"
        stage 0 0 1200 215 · 3 rows of 46 from y 65 · 8 cells a row
        tab orders · 6 partitions
        tab clicks · 3 partitions (current)
        heading Topic “clicks” — 3 partitions, replication factor 3 on 3 brokers
        subheading batch.size 16 KiB · linger.ms 5 · 100 B values · newest records on the right
        producer producer-2 y 22 · 50 rec/s · null keys · sticky 3.3+, adaptive · next Some(0)
        bucket P0 · 1 fill 0.01 sticky ▸ routed
        bucket P1 fill 0.00 
        bucket P2 fill 0.00 
        row P0 y 65 cells Some(39)..=Some(46) (older hidden) routed · Partition 0: 47 records, leader broker 3, 3 of 3 replicas in sync, high watermark 47
        row P1 y 111 cells None..=None · Partition 1: 0 records, leader broker 1, 3 of 3 replicas in sync, high watermark 0
        row P2 y 157 cells None..=None · Partition 2: 0 records, leader broker 2, 3 of 3 replicas in sync, high watermark 0
        flight 1.47 P0 at (490.9, 72.0) 0.70 of the way, NullKey “null”
        flight 1.48 P0 at (320.1, 72.0) 0.30 of the way, NullKey “null”
        tick at (672.5, 109.0): broker 1 has copied partition 0 up to offset 47 (in sync)
        tick at (674.5, 109.0): broker 2 has copied partition 0 up to offset 47 (in sync)
        tick at (248.5, 155.0): broker 2 has copied partition 1 up to offset 0 (in sync)
        tick at (250.5, 155.0): broker 3 has copied partition 1 up to offset 0 (in sync)
        tick at (248.5, 201.0): broker 3 has copied partition 2 up to offset 0 (in sync)
        tick at (250.5, 201.0): broker 1 has copied partition 2 up to offset 0 (in sync)
        broker at x 772.0 “broker 1” · broker 1: running, leads 1 partition
        broker at x 828.0 “broker 2” · broker 2: running, leads 1 partition
        broker at x 884.0 “broker 3” · broker 3: running, leads 1 partition
        replica at (887.0, 69.0) leader “” · clicks-0 on broker 3: leader, in sync, log end 47, high watermark 47
        replica at (775.0, 69.0) follower “” · clicks-0 on broker 1: follower, in sync, log end 47, high watermark 47
        replica at (831.0, 69.0) follower “” · clicks-0 on broker 2: follower, in sync, log end 47, high watermark 47
        replica at (775.0, 115.0) leader “” · clicks-1 on broker 1: leader, in sync, log end 0, high watermark 0
        replica at (831.0, 115.0) follower “” · clicks-1 on broker 2: follower, in sync, log end 0, high watermark 0
        replica at (887.0, 115.0) follower “” · clicks-1 on broker 3: follower, in sync, log end 0, high watermark 0
        replica at (831.0, 161.0) leader “” · clicks-2 on broker 2: leader, in sync, log end 0, high watermark 0
        replica at (887.0, 161.0) follower “” · clicks-2 on broker 3: follower, in sync, log end 0, high watermark 0
        replica at (775.0, 161.0) follower “” · clicks-2 on broker 1: follower, in sync, log end 0, high watermark 0
        pulse 912.0 → 800.0 · clicks-0: broker 1 copied the newest record from leader broker 3
        pulse 912.0 → 856.0 · clicks-0: broker 2 copied the newest record from leader broker 3
        summary Topic clicks has 3 partitions. producer-2 sends 50 records/s (null keys) with the built-in sticky, adaptive (3.3+) partitioner. 1 record waits in batches, 2 are in flight.
        notes replication
    "#]].assert_eq(&describe(&model_of(&sim, 1, "", false)));
}

/// Builds the stage at `times`, each from the previous model, as the page does frame by frame.
fn frames(json: &str, times: &[u64]) -> Vec<StageModel> {
    let scenario = Scenario::from_json(json).expect("valid").scenario;
    let mut sim = replay(&scenario, 0, false).expect("runs");
    let producers = producers_of(&sim, 0);
    let mut models: Vec<StageModel> = Vec::new();
    for &t in times {
        sim.advance_to(t);
        let input = StageInput {
            sim: &sim,
            topic: 0,
            producers: &producers,
            highlight_key: "",
            reduced_motion: false,
        };
        let model = build(&input, models.last());
        models.push(model);
    }
    models
}

#[test]
fn texts_are_kept_while_what_they_say_holds() {
    let json = r#"{"version":1,"producer":{"rate_per_sec":20,"latency_ms":300}}"#;
    let m = frames(json, &[2000, 2000, 2016]);
    let (a, b, c) = (&m[0], &m[1], &m[2]);
    assert_eq!(a, b, "the same time gives the same stage");
    assert!(Rc::ptr_eq(a.heading.value(), c.heading.value()));
    assert!(Rc::ptr_eq(a.view_box.value(), c.view_box.value()));
    assert!(Rc::ptr_eq(
        &a.producers[0].texts().sentence,
        &c.producers[0].texts().sentence
    ));
    assert!(Rc::ptr_eq(&a.rows.rows[0].number, &c.rows.rows[0].number));
    let flying_on = c
        .in_flight
        .flights
        .iter()
        .filter(|f| {
            a.in_flight
                .flights
                .iter()
                .any(|g| g.batch_id == f.batch_id && Rc::ptr_eq(&g.text, &f.text))
        })
        .count();
    assert!(flying_on > 0, "a batch still in flight keeps its texts");
    assert!(
        c.in_flight.flights.iter().any(|f| f.progress > 0.0),
        "and moves on"
    );
}

#[test]
fn at_high_rates_the_rows_are_redrawn_once_per_window() {
    let json = r#"{"version":1,"topic":{"replication_factor":1},"producer":{"rate_per_sec":2000}}"#;
    let m = frames(json, &[3010, 3050, 3110]);
    assert!(m.iter().all(|m| m.notes.sampled_rows.is_some()));
    let kept = m[0].rows.rows.iter().zip(&m[1].rows.rows);
    assert!(
        kept.clone().all(|(a, b)| Rc::ptr_eq(&a.log, &b.log)),
        "within a {SAMPLED_REDRAW_MS} ms window the cells are kept"
    );
    let redrawn = m[1].rows.rows.iter().zip(&m[2].rows.rows);
    assert!(redrawn.clone().all(|(a, b)| !Rc::ptr_eq(&a.log, &b.log)));
    assert!(
        redrawn
            .map(|(a, b)| b.log.end_offset - a.log.end_offset)
            .sum::<u64>()
            > 100
    );
}

#[test]
fn a_row_without_a_leader_says_it_is_offline_and_cells_past_the_watermark_are_marked() {
    let sim = run(
        r#"{"version":1,"topic":{"partitions":3,"replication_factor":1},"cluster":{"brokers":2},
            "producer":{"rate_per_sec":40},"actions":[{"at_ms":1000,"type":"shutdown_broker","broker":1}]}"#,
        1500,
    );
    let m = model_of(&sim, 0, "user-3", false);
    let offline: Vec<&PartitionRow> = m
        .rows
        .rows
        .iter()
        .filter(|r| r.replication.offline())
        .collect();
    assert!(!offline.is_empty(), "broker 1 led a partition");
    for row in offline {
        assert!(row.aria_label().ends_with(", offline: no leader"));
        assert_eq!(row.replication_text().as_deref(), Some("OFFLINE"));
    }
    let led = m.rows.rows.iter().find(|r| r.replication.leader.is_some());
    let led = led.expect("broker 2 leads a partition");
    assert!(led
        .replication_text()
        .is_some_and(|t| t.starts_with("HW ") && t.ends_with(" · ISR 1/1")));
    for cell in &led.log.cells {
        let marks = led.cell_marks(cell, "user-3");
        assert_eq!(
            marks.uncommitted,
            cell.offset >= led.replication.high_watermark
        );
        assert_eq!(marks.matches, cell.key.as_deref() == Some("user-3"));
        assert_eq!(marks.fresh, Some(cell) == led.log.cells.last());
    }
}

/// Folding, labels and the live region: the stage told in words.
mod describe;
mod ledger_marks;
mod motion;
mod share;
mod words;

use describe::describe;
