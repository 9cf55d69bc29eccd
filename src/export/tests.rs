//! The export against hand-checked expectations: each setting that differs from Kafka's
//! default appears under Kafka's name, and nothing else does.

use super::*;
use crate::lessons::{lesson, lesson_scenario, LESSONS};

fn text_of(json: &str, format: ExportFormat) -> String {
    let scenario = Scenario::from_json(json).expect("valid").scenario;
    export_text(&scenario, format)
}

fn block<'a>(blocks: &'a [ExportBlock], title: &str) -> &'a ExportBlock {
    blocks
        .iter()
        .find(|b| b.title == title)
        .unwrap_or_else(|| panic!("no block {title}: {blocks:?}"))
}

#[test]
fn the_default_scenario_needs_only_the_topic_and_the_serializers() {
    let scenario = Scenario::default();
    let blocks = export(&scenario, ExportFormat::All);
    let topics = block(&blocks, "Create the topics");
    assert!(
        topics.text.contains("--create --topic orders")
            && topics
                .text
                .contains("--partitions 6 --replication-factor 3"),
        "{}",
        topics.text
    );
    assert!(!topics.text.contains("--config"), "{}", topics.text);
    let producer = block(&blocks, "producer-0.properties");
    assert_eq!(
        producer.text,
        "bootstrap.servers=localhost:9092\nkey.serializer=org.apache.kafka.common.serialization.StringSerializer\nvalue.serializer=org.apache.kafka.common.serialization.StringSerializer\n"
    );
    assert!(block(&blocks, "server.properties")
        .text
        .contains("Every broker setting the scenario uses is Kafka's default"));
}

#[test]
fn settings_that_differ_appear_under_kafkas_names() {
    let json = r#"{"version":1,"cluster":{"unclean_leader_election":true,"replica_lag_time_max_ms":10000,"broker_session_timeout_ms":6000,"auto_leader_rebalance":false,"log_retention_check_interval_ms":60000},
        "topic":{"name":"payments","partitions":4,"replication_factor":3,"min_insync_replicas":2,"retention_ms":3600000,"segment_bytes":1048576},
        "producer":{"acks":"1","idempotence":false,"partitioner":"round_robin_partitioner","linger_ms":20,"batch_size":2048,"adaptive":false,"max_in_flight_requests_per_connection":1,"metadata_max_age_ms":60000},
        "groups":[{"group_id":"billing","topics":["payments"],"assignors":["cooperative-sticky"],"session_timeout_ms":10000,"auto_offset_reset":"earliest","metadata_max_age_ms":30000,
          "commit":{"mode":"sync_per_batch"},"members":[{"name":"b1","instance_id":"host-1"},{"name":"b2"}]}]}"#;
    let text = text_of(json, ExportFormat::All);
    for expected in [
        "--config min.insync.replicas=2",
        "--config retention.ms=3600000",
        "--config segment.bytes=1048576",
        "broker.session.timeout.ms=6000\n",
        "auto.leader.rebalance.enable=false\n",
        "log.retention.check.interval.ms=60000\n",
        "metadata.max.age.ms=30000\n",
        "max.in.flight.requests.per.connection=1\n",
        "metadata.max.age.ms=60000\n",
        "replica.lag.time.max.ms=10000",
        "--add-config unclean.leader.election.enable=true",
        "acks=1\n",
        "enable.idempotence=false\n",
        "partitioner.class=org.apache.kafka.clients.producer.RoundRobinPartitioner\n",
        "partitioner.adaptive.partitioning.enable=false\n",
        "linger.ms=20\n",
        "batch.size=2048\n",
        "group.id=billing\n",
        "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor\n",
        "session.timeout.ms=10000\n",
        "auto.offset.reset=earliest\n",
        "enable.auto.commit=false\n",
        "--consumer-property group.instance.id=host-1",
        "# b1: group.instance.id=host-1",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    // Defaults stay out.
    for absent in [
        "heartbeat.interval.ms",
        "max.poll.records",
        "retry.backoff.ms",
        "retry.backoff.max.ms",
        "delivery.timeout.ms",
        "retention.bytes",
        "segment.ms",
    ] {
        assert!(!text.contains(absent), "{absent} is a default:\n{text}");
    }
}

#[test]
fn broker_faults_pin_the_replicas_where_the_playground_placed_them() {
    let l = lesson("min-insync-replicas").expect("the lesson exists");
    let scenario = lesson_scenario(l);
    let blocks = export(&scenario, ExportFormat::Commands);
    let topics = &block(&blocks, "Create the topics").text;
    let sim = crate::engine::Sim::new(scenario.sim_config()).unwrap();
    let expected: Vec<String> = sim
        .topic_run(0)
        .replications()
        .iter()
        .map(|r| {
            r.replicas
                .iter()
                .map(|x| x.broker.to_string())
                .collect::<Vec<_>>()
                .join(":")
        })
        .collect();
    assert!(
        topics.contains(&format!("--replica-assignment {}", expected.join(","))),
        "{topics}"
    );
    assert!(
        !topics.contains("--partitions"),
        "TopicCommand refuses both: {topics}"
    );
    let steps = &block(&blocks, "Steps").text;
    assert!(steps.contains("crash broker"), "{steps}");
}

#[test]
fn formats_select_their_blocks() {
    let scenario = lesson_scenario(lesson("idle-consumer").unwrap());
    let titles = |f| -> Vec<String> { export(&scenario, f).into_iter().map(|b| b.title).collect() };
    let properties = titles(ExportFormat::Properties);
    assert!(
        properties.iter().all(|t| t.ends_with(".properties")),
        "{properties:?}"
    );
    assert!(properties.contains(&"consumer-orders-service.properties".to_string()));
    let commands = titles(ExportFormat::Commands);
    assert!(commands.iter().any(|t| t == "Create the topics"));
    assert!(!commands
        .iter()
        .any(|t| t.ends_with("producer-0.properties")));
    let all = titles(ExportFormat::All);
    assert_eq!(
        all.last().map(String::as_str),
        Some("What a real cluster will not reproduce")
    );
    assert_eq!(
        ExportFormat::parse("yaml").unwrap_err(),
        "--format is \"yaml\"; expected commands, properties or all"
    );
}

#[test]
fn every_lesson_exports_a_consumer_per_member_and_a_step_per_action() {
    for l in LESSONS {
        let scenario = lesson_scenario(l);
        let blocks = export(&scenario, ExportFormat::All);
        assert!(blocks.iter().all(|b| !b.text.is_empty()), "{}", l.id);
        let text = export_text(&scenario, ExportFormat::All);
        // A share group's members run the share console consumer (KIP-932).
        let consumers = text.matches("kafka-console-consumer.sh").count()
            + text.matches("kafka-console-share-consumer.sh").count();
        let members: usize = scenario.groups.iter().map(|g| g.members.len()).sum();
        assert_eq!(consumers, members, "{}", l.id);
        let steps = text
            .lines()
            .filter(|line| line.starts_with("# ") && line.contains(". at "))
            .count();
        assert_eq!(steps, scenario.actions.len(), "{}", l.id);
    }
}

#[test]
fn group_ids_keys_and_prefixes_with_shell_characters_are_quoted() {
    let json = r#"{"version":1,"producer":{"keys":{"kind":"entities","prefix":"a:b $x\"","count":5}},
        "groups":[{"group_id":"team's group","topics":["orders"],"members":[{"name":"m1","instance_id":"host 1"}]}],
        "actions":[{"at_ms":1000,"type":"produce","key":"k:1 'q'"}]}"#;
    let text = text_of(json, ExportFormat::All);
    for expected in [
        "--describe --group 'team'\\''s group'",
        "consumer-team_s_group.properties",
        "--consumer-property 'group.instance.id=host 1'",
        r#"echo "a:b \$x\"$(( (RANDOM << 15 | RANDOM) % N ))|$V""#,
        "--property 'key.separator=|'",
        "echo 'k:1 '\\''q'\\''|v'",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert_eq!(shell_word("orders"), "orders");
}

/// KIP-848 groups: `group.protocol=consumer`, the server-side assignor by name, and the
/// session and heartbeat settings as the group's own broker-side configs, never the client
/// settings the Java consumer refuses under that protocol.
#[test]
fn a_consumer_protocol_group_exports_its_protocol_and_group_configs() {
    let json = r#"{"version":1,"groups":[{"group_id":"billing","group_protocol":"consumer","group_remote_assignor":"range","group_consumer_heartbeat_interval_ms":1000,"assignors":["cooperative-sticky"],"session_timeout_ms":10000}]}"#;
    let text = text_of(json, ExportFormat::Properties);
    for expected in [
        "group.protocol=consumer\n",
        "group.remote.assignor=range\n",
        "--entity-type groups --entity-name billing --add-config consumer.heartbeat.interval.ms=1000",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    for refused in [
        "partition.assignment.strategy",
        "session.timeout.ms=",
        "heartbeat.interval.ms=",
    ] {
        let client_lines: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#') && l.starts_with(refused))
            .collect();
        assert!(
            client_lines.is_empty(),
            "{refused} under group.protocol=consumer: {client_lines:?}"
        );
    }
}
