//! Import from output samples built the way Kafka's tools print them: `TopicCommand`'s
//! `printDescription` (tab-separated `Key: value` fields) and `ConsumerGroupCommand`'s
//! `printOffsets` / `printMembers` / `printStates` (`%-15s` columns, widened to the longest value).

use super::*;

/// `TopicCommand.TopicDescription` and `PartitionDescription.printDescription`, Kafka 4.x
/// (with TopicId, Elr and LastKnownElr) or 3.0 to 3.6 (without Elr).
pub(super) fn topic_describe(
    name: &str,
    configs: &str,
    parts: &[(u32, &str, &str, &str)],
    kafka4: bool,
) -> String {
    let mut out = format!("Topic: {name}");
    out += "\tTopicId: 6Uj1Zq7nTqOh9pQdXlc4Hw";
    out += &format!("\tPartitionCount: {}", parts.len());
    let rf = parts[0].2.split(',').count();
    out += &format!("\tReplicationFactor: {rf}\tConfigs: {configs}\n");
    for (p, leader, replicas, isr) in parts {
        out += &format!(
            "\tTopic: {name}\tPartition: {p}\tLeader: {leader}\tReplicas: {replicas}\tIsr: {isr}"
        );
        if kafka4 {
            out += "\tElr: \tLastKnownElr: ";
        }
        out += "\n";
    }
    out
}

/// `ConsumerGroupCommand.printOffsets`: "\n%-Gs %-Ts %-10s %-15s %-15s %-15s %-Cs %-Hs %s".
pub(super) fn offsets_view(rows: &[[&str; 9]]) -> String {
    let w = |i: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0).max(15);
    let (g, t, c, h) = (w(0), w(1), w(6), w(7));
    let line = |r: [&str; 9]| {
        format!(
            "\n{:<g$} {:<t$} {:<10} {:<15} {:<15} {:<15} {:<c$} {:<h$} {}",
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]
        )
    };
    let mut out = line([
        "GROUP",
        "TOPIC",
        "PARTITION",
        "CURRENT-OFFSET",
        "LOG-END-OFFSET",
        "LAG",
        "CONSUMER-ID",
        "HOST",
        "CLIENT-ID",
    ]);
    for r in rows {
        out += &line(*r);
    }
    out + "\n"
}

/// `printMembers` with `--verbose` and group instance ids: format0 then the assignment.
fn members_view(rows: &[[&str; 7]]) -> String {
    let w = |i: usize, min: usize| rows.iter().map(|r| r[i].len()).max().unwrap_or(0).max(min);
    let (g, c, gi, h, cl) = (w(0, 15), w(1, 15), w(2, 17), w(3, 15), w(4, 15));
    let mut out = format!(
        "\n{:<g$} {:<c$} {:<gi$} {:<h$} {:<cl$} {:<15} ASSIGNMENT\n",
        "GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"
    );
    for r in rows {
        out += &format!(
            "{:<g$} {:<c$} {:<gi$} {:<h$} {:<cl$} {:<15} {}\n",
            r[0], r[1], r[2], r[3], r[4], r[5], r[6]
        );
    }
    out
}

pub(super) fn texts(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .enumerate()
        .map(|(i, t)| (format!("text {}", i + 1), t.to_string()))
        .collect()
}

#[test]
fn a_kafka_4_topic_describe_is_read_with_its_configs_leaders_and_isr() {
    let text = topic_describe(
        "orders",
        "min.insync.replicas=2,retention.ms=86400000,cleanup.policy=compact",
        &[
            (0, "1", "1,2,3", "1,2,3"),
            (1, "2", "2,3,1", "2,3"),
            (2, "none", "3,1,2", ""),
        ],
        true,
    );
    let d = read(&texts(&[&text])).unwrap();
    let t = &d.topics[0];
    assert_eq!(
        (t.name.as_str(), t.partition_count, t.replication_factor),
        ("orders", 3, 3)
    );
    assert_eq!(
        t.configs[0],
        ("min.insync.replicas".to_string(), "2".to_string())
    );
    assert_eq!(t.partitions[1].isr, vec![2, 3]);
    assert_eq!(t.partitions[2].leader, None);
    assert_eq!(t.partitions[0].elr, Some(vec![]));
    let (scenario, warnings) = to_scenario(&d).unwrap();
    assert_eq!(scenario.topic.name, "orders");
    assert_eq!(scenario.topic.min_insync_replicas, 2);
    assert_eq!(scenario.cluster.brokers, 3);
    assert_eq!(scenario.topic.retention_ms, 86_400_000);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("cleanup.policy=compact is not simulated")),
        "{warnings:?}"
    );
    // orders-1 starts as described (broker 1 out of its ISR); orders-2 had no leader, which a
    // run cannot start with.
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("orders-2 had no leader") && !w.contains("orders-1")),
        "{warnings:?}"
    );
    assert_eq!(scenario.topic.starting_isr[1], vec![2, 3]);
    assert_eq!(scenario.topic.starting_isr[2], vec![3, 1, 2]);
    let sim = crate::engine::Sim::new(scenario.sim_config()).unwrap();
    let state = sim.topic_run(0).replication(1).unwrap();
    assert_eq!((state.leader, state.isr.clone()), (Some(2), vec![2, 3]));
}

#[test]
fn a_leader_other_than_the_preferred_one_starts_leading_and_bad_states_are_refused() {
    let text = topic_describe(
        "t",
        "",
        &[(0, "2", "1,2", "2"), (1, "2", "2,1", "2,1")],
        true,
    );
    let (scenario, _) = to_scenario(&read(&texts(&[&text])).unwrap()).unwrap();
    assert_eq!(scenario.topic.starting_leaders, vec![2, 2]);
    assert_eq!(scenario.topic.starting_isr, vec![vec![2], vec![2, 1]]);
    let sim = crate::engine::Sim::new(scenario.sim_config()).unwrap();
    let state = sim.topic_run(0).replication(0).unwrap();
    assert_eq!((state.leader, state.isr.clone()), (Some(2), vec![2]));
    for (leaders, isr, words) in [
        (
            vec![1, 2],
            vec![vec![2], vec![2, 1]],
            "partition 0's leader 1 is not in its ISR",
        ),
        (
            vec![2, 2],
            vec![vec![], vec![2, 1]],
            "partition 0's ISR is empty",
        ),
        (
            vec![2, 2],
            vec![vec![3], vec![2, 1]],
            "holds broker 3, which has no replica of it",
        ),
        (
            vec![2],
            vec![vec![2], vec![2, 1]],
            "starting_leaders lists 1 partition(s) but partitions is 2",
        ),
    ] {
        let mut bad = scenario.clone();
        bad.topic.starting_leaders = leaders;
        bad.topic.starting_isr = isr;
        let e = bad.validate().unwrap_err().to_string();
        assert!(e.contains(words), "{e}");
    }
    let mut placed = scenario.clone();
    placed.topic.replica_assignment.clear();
    let e = placed.validate().unwrap_err().to_string();
    assert!(e.contains("needs an explicit replica_assignment"), "{e}");
}

#[test]
fn a_kafka_3_topic_describe_without_elr_reads_the_same() {
    let parts = [(0, "1", "1,2", "1,2"), (1, "2", "2,1", "2,1")];
    let a = read(&texts(&[&topic_describe("t", "", &parts, false)])).unwrap();
    let b = read(&texts(&[&topic_describe("t", "", &parts, true)])).unwrap();
    assert_eq!(
        a.topics[0].partitions[0].replicas,
        b.topics[0].partitions[0].replicas
    );
    assert_eq!(a.topics[0].partitions[0].elr, None);
}

#[test]
fn groups_come_from_the_offsets_and_members_views() {
    let topics = topic_describe(
        "orders",
        "",
        &[
            (0, "1", "1,2,3", "1,2,3"),
            (1, "2", "2,3,1", "2,3,1"),
            (2, "3", "3,1,2", "3,1,2"),
        ],
        true,
    );
    let offsets = offsets_view(&[
        [
            "billing",
            "orders",
            "0",
            "1500",
            "1520",
            "20",
            "consumer-billing-1-0c5e2a7f",
            "/10.0.0.5",
            "consumer-billing-1",
        ],
        [
            "billing",
            "orders",
            "1",
            "-",
            "800",
            "-",
            "consumer-billing-2-8b1d3f00",
            "/10.0.0.6",
            "consumer-billing-2",
        ],
        ["billing", "orders", "2", "90", "95", "5", "-", "-", "-"],
    ]);
    let members = members_view(&[
        [
            "billing",
            "consumer-billing-1-0c5e2a7f",
            "host-1",
            "/10.0.0.5",
            "consumer-billing-1",
            "2",
            "orders(0,2)",
        ],
        [
            "billing",
            "consumer-billing-2-8b1d3f00",
            "-",
            "/10.0.0.6",
            "consumer-billing-2",
            "1",
            "(1)",
        ],
    ]);
    let state = "\nGROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS\nbilling                   localhost:9092 (1)        cooperative-sticky   Stable          2\n";
    let d = read(&texts(&[&topics, &offsets, &members, state])).unwrap();
    let g = &d.groups[0];
    assert_eq!(g.offsets.len(), 3);
    assert_eq!(g.offsets[1].committed, None);
    assert_eq!(g.offsets[2].consumer_id, None);
    assert_eq!(g.members[0].instance_id.as_deref(), Some("host-1"));
    assert_eq!(
        g.members[0].assignment,
        Some(vec![
            (Some("orders".to_string()), 0),
            (Some("orders".to_string()), 2)
        ])
    );
    assert_eq!(
        g.members[1].assignment,
        Some(vec![(None, 1)]),
        "Kafka 3.7+ prints no topic"
    );
    assert_eq!(g.assignment_strategy.as_deref(), Some("cooperative-sticky"));
    let (scenario, _) = to_scenario(&d).unwrap();
    let spec = &scenario.groups[0];
    assert_eq!(spec.group_id, "billing");
    assert_eq!(spec.topics, vec!["orders".to_string()]);
    assert_eq!(spec.assignors, vec![AssignorSpec::CooperativeSticky]);
    let names: Vec<_> = spec
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.instance_id.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("consumer-billing-1", Some("host-1")),
            ("consumer-billing-2", None)
        ]
    );
}

#[test]
fn malformed_or_truncated_text_names_the_line_and_imports_nothing() {
    let whole = topic_describe(
        "orders",
        "",
        &[(0, "1", "1,2,3", "1,2,3"), (1, "2", "2,3,1", "2,3,1")],
        true,
    );
    let cut: String = whole.lines().take(2).collect::<Vec<_>>().join("\n");
    let cases: Vec<(String, &str)> = vec![
        (cut, "text 1, line 1: topic orders: PartitionCount: 2 but 1 partition lines follow (is the text cut short?)"),
        (whole.replace("Leader: 2", "Leader: two"), "text 1, line 3: Leader: is \"two\", expected a whole number"),
        (whole.replace("Replicas: 2,3,1", "Replicas: 2,3,x"), "text 1, line 3: Replicas: has \"x\", expected broker ids separated by commas"),
        (whole.replace("Isr: 2,3,1", "Isr: 2,3,4"), "text 1, line 1: topic orders: partition 1: ISR member 4 is not one of its replicas"),
        (format!("{whole}hello\n"), "text 1, line 4: expected a \"Topic:\" line or a partition line (\"Topic: … Partition: …\"), found \"hello\""),
        ("nothing useful".to_string(), "text 1: is neither what kafka-topics.sh --describe prints (\"Topic: … PartitionCount: …\") nor what kafka-consumer-groups.sh --describe prints (a header starting with GROUP)"),
    ];
    for (text, expected) in cases {
        assert_eq!(read(&texts(&[&text])).unwrap_err().to_string(), expected);
    }
    let offsets = offsets_view(&[["g", "orders", "zero", "1", "1", "0", "-", "-", "-"]]);
    let err = read(&texts(&[&whole, &offsets])).unwrap_err().to_string();
    assert_eq!(
        err,
        "text 2, line 3: PARTITION is \"zero\", expected a whole number"
    );
    let unknown = offsets_view(&[["g", "payments", "0", "1", "1", "0", "-", "-", "-"]]);
    let d = read(&texts(&[&whole, &unknown])).unwrap();
    assert_eq!(
        to_scenario(&d).unwrap_err().to_string(),
        "line 3: group g reads payments, which no pasted topic describe has"
    );
}

#[test]
fn broker_ids_from_zero_shift_by_one_and_limits_hold() {
    let text = topic_describe("t", "", &[(0, "0", "0,1", "0,1")], true);
    let (scenario, warnings) = to_scenario(&read(&texts(&[&text])).unwrap()).unwrap();
    assert_eq!(scenario.cluster.brokers, 2);
    assert!(warnings[0].contains("start at 0"));
    let far = topic_describe("t", "", &[(0, "40", "40,41", "40,41")], true);
    assert_eq!(
        to_scenario(&read(&texts(&[&far])).unwrap())
            .unwrap_err()
            .to_string(),
        "broker id 41 needs 41 brokers; the playground runs at most 16"
    );
}

#[test]
fn replicas_are_placed_as_described_and_a_bad_assignment_is_refused_at_its_field() {
    let text = topic_describe(
        "orders",
        "",
        &[
            (0, "3", "3,1", "3,1"),
            (1, "1", "1,3", "1,3"),
            (2, "2", "2,3", "2,3"),
        ],
        true,
    );
    let (scenario, _) = to_scenario(&read(&texts(&[&text])).unwrap()).unwrap();
    assert_eq!(
        scenario.topic.replica_assignment,
        vec![vec![3, 1], vec![1, 3], vec![2, 3]]
    );
    let sim = crate::engine::Sim::new(scenario.sim_config()).unwrap();
    let placed: Vec<Vec<u32>> = sim
        .topic_run(0)
        .replications()
        .iter()
        .map(|r| r.replicas.iter().map(|x| x.broker).collect())
        .collect();
    assert_eq!(placed, scenario.topic.replica_assignment);
    assert_eq!(sim.topic_run(0).replication(0).unwrap().leader, Some(3));
    // The controller's checks, in its words, at the field.
    for (assignment, words) in [
        (
            vec![vec![3, 1], vec![1, 3]],
            "replica_assignment lists 2 partition(s) but partitions is 3",
        ),
        (
            vec![vec![3, 1], vec![1, 4], vec![2, 3]],
            "includes broker 4, but no such broker is registered",
        ),
        (
            vec![vec![3, 3], vec![1, 3], vec![2, 3]],
            "includes the broker 3 more than once",
        ),
        (
            vec![vec![3, 1], vec![], vec![2, 3]],
            "includes an empty replica list",
        ),
        (
            vec![vec![3, 1, 2], vec![1, 3], vec![2, 3]],
            "partition 0 has 3 replica(s) but replication_factor is 2",
        ),
    ] {
        let mut bad = scenario.clone();
        bad.topic.replica_assignment = assignment;
        let e = bad.validate().unwrap_err().to_string();
        assert!(
            e.contains("topic.replica_assignment") && e.contains(words),
            "{e}"
        );
        assert!(crate::engine::Sim::new(bad.sim_config()).is_err());
    }
}
