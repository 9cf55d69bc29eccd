//! Data-driven traces: a small scenario in, one compact line per event out, compared with
//! expect-test (`UPDATE_EXPECT=1 cargo test` rewrites the expectations after a deliberate
//! change). Plus the golden hash the browser test must reproduce.

use crate::common::golden;

use expect_test::{expect, Expect};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

fn check(json: &str, until_ms: u64, expected: Expect) {
    let scenario = Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario;
    let sim = replay(&scenario, until_ms, true).expect("the test scenario runs");
    let lines: Vec<String> = sim
        .event_log()
        .captured
        .iter()
        .flatten()
        .map(|e| e.to_string())
        .collect();
    expected.assert_eq(&(lines.join("\n") + "\n"));
}

#[test]
fn keyed_records_follow_murmur2_and_keyless_ones_stick_to_one_partition_in_one_batch() {
    check(
        r#"{"version":1,"topic":{"name":"orders","partitions":6},
            "producer":{"rate_per_sec":0,"latency_ms":20,"keys":{"kind":"none"}},
            "actions":[{"at_ms":0,"type":"produce","key":"order-123"},
                       {"at_ms":5,"type":"produce","key":"vip-customer-42"},
                       {"at_ms":5,"type":"produce","key":null},
                       {"at_ms":6,"type":"produce","key":null},
                       {"at_ms":30,"type":"produce","key":""}]}"#,
        100,
        expect![[r#"
            t=0 send r0 key="order-123" p1 b0 by user
            t=5 batch b0 p1 1 records 179 B
            t=5 send r1 key="vip-customer-42" p5 b1 by user
            t=5 send r2 key=null p5 b1 by user
            t=6 send r3 key=null p5 b1 by user
            t=10 batch b1 p5 3 records 403 B
            t=25 append r0 p1@0
            t=30 append r1 p5@0
            t=30 append r2 p5@1
            t=30 append r3 p5@2
            t=30 send r4 key="" p3 b2 by user
            t=35 batch b2 p3 1 records 170 B
            t=55 append r4 p3@0
        "#]],
    );
}

#[test]
fn growing_the_topic_remaps_keys_and_shrinking_is_refused_in_kafkas_words() {
    check(
        r#"{"version":1,"topic":{"name":"orders","partitions":3},
            "producer":{"rate_per_sec":0,"latency_ms":0,"metadata_max_age_ms":1,"keys":{"kind":"none"}},
            "actions":[{"at_ms":1,"type":"produce","key":"user-1"},
                       {"at_ms":2,"type":"add_partitions","total":4},
                       {"at_ms":3,"type":"produce","key":"user-1"},
                       {"at_ms":4,"type":"add_partitions","total":2},
                       {"at_ms":5,"type":"add_partitions","total":4}]}"#,
        10,
        expect![[r#"
            t=1 send r0 key="user-1" p2 b0 by user
            t=2 partitions 3->4 moved 1/1 keys
            t=3 send r1 key="user-1" p0 b1 by user
            t=4 rejected "The topic orders currently has 4 partition(s); 2 would not be an increase."
            t=5 rejected "Topic already has 4 partition(s)."
            t=6 batch b0 p2 1 records 176 B
            t=6 append r0 p2@0
            t=8 batch b1 p0 1 records 176 B
            t=8 append r1 p0@0
            t=8 split "user-1" p2->p0@0
        "#]],
    );
}

#[test]
fn the_producer_spaces_records_by_its_rate_and_a_rate_change_restarts_the_spacing() {
    check(
        r#"{"version":1,"seed":9,"topic":{"name":"t","partitions":2},
            "producer":{"rate_per_sec":4,"latency_ms":10,"keys":{"kind":"fixed","values":["a","b"]}},
            "actions":[{"at_ms":600,"type":"set_rate","rate_per_sec":0}]}"#,
        1000,
        expect![[r#"
            t=250 send r0 key="b" p0 b0 by producer
            t=255 batch b0 p0 1 records 171 B
            t=265 append r0 p0@0
            t=500 send r1 key="b" p0 b1 by producer
            t=505 batch b1 p0 1 records 171 B
            t=515 append r1 p0@1
            t=600 rate 0/s
        "#]],
    );
}

#[test]
fn golden_default_run_hash() {
    let sim = replay(&Scenario::default(), golden::GOLDEN_UNTIL_MS, false).unwrap();
    assert_eq!(
        format!("{:016x}", sim.event_log().hash()),
        golden::GOLDEN_TRACE_HASH
    );
}
