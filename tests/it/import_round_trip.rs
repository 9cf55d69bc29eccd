//! Import, then export: what `kafka-topics.sh --describe` printed comes back out of `export` as
//! the same topics, replica assignments (preferred leader first) and topic configs, so a
//! cluster read into the playground can be recreated elsewhere as it was.

use kafka_playground::export::{export_text, ExportFormat};
use kafka_playground::import::{read, to_scenario};
use std::collections::BTreeMap;

/// `TopicCommand.PartitionDescription.printDescription`, Kafka 4.x.
fn describe(name: &str, configs: &str, parts: &[(&str, &str)]) -> String {
    let rf = parts[0].0.split(',').count();
    let mut out = format!(
        "Topic: {name}\tTopicId: 6Uj1Zq7nTqOh9pQdXlc4Hw\tPartitionCount: {}\tReplicationFactor: {rf}\tConfigs: {configs}\n",
        parts.len()
    );
    for (p, (replicas, isr)) in parts.iter().enumerate() {
        let leader = replicas.split(',').next().unwrap();
        out += &format!("\tTopic: {name}\tPartition: {p}\tLeader: {leader}\tReplicas: {replicas}\tIsr: {isr}\tElr: \tLastKnownElr: \n");
    }
    out
}

/// Topic → (`--replica-assignment`, sorted `--config` values) from the export's commands.
fn created(export: &str) -> BTreeMap<String, (String, Vec<String>)> {
    let mut topics = BTreeMap::new();
    for command in export.split("kafka-topics.sh").skip(1) {
        let command = command.split("\n\n").next().unwrap();
        let words: Vec<&str> = command.split_whitespace().filter(|w| *w != "\\").collect();
        let after = |flag: &str| {
            words
                .windows(2)
                .filter(|w| w[0] == flag)
                .map(|w| w[1].to_string())
                .collect::<Vec<_>>()
        };
        let (Some(topic), Some(assignment)) = (
            after("--topic").first().cloned(),
            after("--replica-assignment").first().cloned(),
        ) else {
            continue;
        };
        let mut configs = after("--config");
        configs.sort();
        topics.insert(topic, (assignment, configs));
    }
    topics
}

#[test]
fn export_of_an_imported_cluster_gives_back_its_topics_assignments_and_configs() {
    let orders = describe(
        "orders",
        "min.insync.replicas=2,retention.ms=86400000",
        &[
            ("3,1,2", "3,1,2"),
            ("1,2,3", "1,2,3"),
            ("2,3,1", "2,3"),
            ("2,1,3", "2,1,3"),
        ],
    );
    let audit = describe(
        "audit",
        "segment.bytes=1048576",
        &[("4,2", "4,2"), ("2,4", "2,4")],
    );
    let texts = vec![("a".to_string(), orders), ("b".to_string(), audit)];
    let (scenario, _) = to_scenario(&read(&texts).unwrap()).unwrap();
    let back = created(&export_text(&scenario, ExportFormat::Commands));
    assert_eq!(
        back["orders"],
        (
            "3:1:2,1:2:3,2:3:1,2:1:3".to_string(),
            vec![
                "min.insync.replicas=2".to_string(),
                "retention.ms=86400000".to_string()
            ]
        )
    );
    assert_eq!(
        back["audit"],
        (
            "4:2,2:4".to_string(),
            vec!["segment.bytes=1048576".to_string()]
        )
    );
    assert_eq!(back.len(), 2);
    // And again: the exported scenario imported a second time is the same scenario.
    let json = scenario.to_json();
    let again = kafka_playground::scenario::Scenario::from_json(&json)
        .unwrap()
        .scenario;
    assert_eq!(again, scenario);
}
