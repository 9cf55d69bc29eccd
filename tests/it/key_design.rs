//! The key-design claims the playground's lessons make, checked on the engine: what a key
//! choice does to per-entity order and to load across partitions.

use kafka_playground::scenario::{report, Report, Scenario};
use kafka_playground::session::replay;

fn run(keys: &str, extra: &str, until_ms: u64) -> Report {
    let json = format!(
        r#"{{"version":1,"seed":7,"topic":{{"name":"t","partitions":6}},
            "producer":{{"rate_per_sec":500,"latency_ms":20,"keys":{keys}{extra}}}}}"#
    );
    let scenario = Scenario::from_json(&json).expect("valid scenario").scenario;
    report(&replay(&scenario, until_ms, false).expect("runs"))
}

#[test]
fn order_id_keys_keep_every_orders_events_in_one_partition() {
    let r = run(
        r#"{"kind":"order_lifecycle","key_by":"order_id","concurrent_orders":50}"#,
        "",
        10_000,
    );
    assert!(r.main_topic.ordering.entities_audited > 100);
    assert_eq!(r.main_topic.ordering.entities_split, 0);
}

#[test]
fn event_type_keys_scatter_an_orders_events() {
    let r = run(
        r#"{"kind":"order_lifecycle","key_by":"event_type","concurrent_orders":50}"#,
        "",
        10_000,
    );
    assert!(
        r.main_topic.ordering.entities_split > 100,
        "{:?}",
        r.main_topic.ordering.entities_split
    );
    // Only four keys exist, so at most four partitions receive anything.
    assert!(
        r.main_topic
            .partitions
            .iter()
            .filter(|p| p.end_offset > 0)
            .count()
            <= 4
    );
    let first = &r.main_topic.ordering.first_splits[0];
    assert!(first.entity.starts_with("order-"));
    assert_ne!(first.from_partition, first.to_partition);
}

#[test]
fn null_keys_scatter_an_orders_events_too() {
    let r = run(
        r#"{"kind":"order_lifecycle","key_by":"none","concurrent_orders":50}"#,
        "",
        10_000,
    );
    assert!(r.main_topic.ordering.entities_split > 100);
}

#[test]
fn a_hot_key_makes_a_hot_partition() {
    let r = run(
        r#"{"kind":"hot_key","prefix":"user-","count":5000,"hot_key":"celebrity","share":0.8}"#,
        "",
        5_000,
    );
    let hot: Vec<u32> = r
        .main_topic
        .partitions
        .iter()
        .filter(|p| p.hot)
        .map(|p| p.partition)
        .collect();
    let celebrity = kafka_playground::engine::partition_for_key_str("celebrity", 6);
    assert_eq!(hot, vec![celebrity]);
    assert!(
        r.main_topic.skew_percent > 400,
        "skew {}%",
        r.main_topic.skew_percent
    );
}

#[test]
fn uniform_ids_spread_evenly() {
    let r = run(
        r#"{"kind":"entities","prefix":"user-","count":100000}"#,
        "",
        5_000,
    );
    assert!(r.main_topic.partitions.iter().all(|p| !p.hot));
    assert!(
        r.main_topic.skew_percent < 140,
        "skew {}%",
        r.main_topic.skew_percent
    );
}

#[test]
fn timestamp_keys_send_each_second_to_one_partition() {
    let r = run(r#"{"kind":"timestamp_second"}"#, "", 3_000);
    // The last second's records all went to one partition.
    let busy: Vec<&_> = r
        .main_topic
        .partitions
        .iter()
        .filter(|p| p.records_per_sec > 0)
        .collect();
    assert!(busy.len() <= 2, "{busy:?}");
    assert!(r.main_topic.skew_percent >= 300);
}

#[test]
fn low_cardinality_weighted_keys_leave_partitions_idle() {
    let r = run(
        r#"{"kind":"weighted","values":[["US",70],["DE",20],["FR",10]]}"#,
        "",
        5_000,
    );
    let used = r
        .main_topic
        .partitions
        .iter()
        .filter(|p| p.end_offset > 0)
        .count();
    assert!(used <= 3);
    let us = kafka_playground::engine::partition_for_key_str("US", 6);
    assert!(r.main_topic.partitions[us as usize].hot);
}

#[test]
fn keyless_records_under_the_sticky_partitioner_balance_over_time() {
    let r = run(
        r#"{"kind":"none"}"#,
        r#","batch_size":1024,"linger_ms":5"#,
        20_000,
    );
    let total: u64 = r.main_topic.partitions.iter().map(|p| p.end_offset).sum();
    for p in &r.main_topic.partitions {
        let share = p.end_offset * 1000 / total;
        assert!(
            (110..230).contains(&share),
            "partition {} has {}‰",
            p.partition,
            share
        );
    }
    assert!(r.partitioner_switches > 100);
}

#[test]
fn the_report_round_trips_as_json() {
    let r = run(
        r#"{"kind":"zipf","prefix":"id-","count":1000,"exponent":1.5}"#,
        "",
        2_000,
    );
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["ordering"]["entities_audited"].as_u64().unwrap() > 10);
    assert!(json["partitions"][0]["records_per_sec"].is_u64());
}

#[test]
fn growing_the_topic_moves_exactly_the_keys_kafka_would_move() {
    // kafka-semantics.md §7, 3 -> 6: order-456, user-42 and vip-customer-42 move; the rest stay.
    let keys = [
        "order-123",
        "order-456",
        "user-1",
        "user-42",
        "vip-customer-42",
        "US",
        "DE",
    ];
    let mut actions: Vec<String> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| format!(r#"{{"at_ms":{i},"type":"produce","key":"{k}"}}"#))
        .collect();
    actions.push(r#"{"at_ms":100,"type":"add_partitions","total":6}"#.to_string());
    actions.extend(
        keys.iter()
            .enumerate()
            .map(|(i, k)| format!(r#"{{"at_ms":{},"type":"produce","key":"{k}"}}"#, 200 + i)),
    );
    let json = format!(
        r#"{{"version":1,"topic":{{"name":"t","partitions":3}},"producer":{{"rate_per_sec":0,"metadata_max_age_ms":50,"keys":{{"kind":"none"}}}},"actions":[{}]}}"#,
        actions.join(",")
    );
    let scenario = Scenario::from_json(&json).unwrap().scenario;
    let r = report(&replay(&scenario, 1_000, false).unwrap());
    let resize = &r.main_topic.resizes[0];
    assert_eq!(
        (
            resize.from,
            resize.to,
            resize.keys_tracked,
            resize.keys_moved
        ),
        (3, 6, 7, 3)
    );
    let moved: Vec<(&str, u32, u32)> = resize
        .moved
        .iter()
        .map(|m| (m.key.as_str(), m.from, m.to))
        .collect();
    assert_eq!(
        moved,
        vec![
            ("order-456", 1, 4),
            ("user-42", 1, 4),
            ("vip-customer-42", 2, 5)
        ]
    );
    // The moved keys now have records in two partitions, and the audit says so.
    assert_eq!(r.main_topic.ordering.entities_split, 3);
    assert_eq!(r.main_topic.keys["user-42"].by_partition.len(), 2);
    assert_eq!(r.main_topic.keys["user-1"].by_partition.len(), 1);
}
