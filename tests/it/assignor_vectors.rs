//! Kafka's RangeAssignorTest and RoundRobinAssignorTest (kafka-semantics.md §3) as data, run
//! through the `assign` CLI contract: request JSON in, `{"assignment": ...}` out.

use serde_json::{json, Value};

use crate::common::cli::cli;

fn assign(strategy: &str, request: &Value) -> Value {
    let out = cli(
        &["assign", "--strategy", strategy],
        Some(request.to_string().as_bytes()),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout).expect("JSON out")["assignment"].clone()
}

/// Members named in order, each subscribed to `topics`, with optional instance ids.
fn members(list: &[(&str, &[&str], Option<&str>)]) -> Value {
    let mut m = serde_json::Map::new();
    for (id, topics, instance) in list {
        let mut spec = json!({ "topics": topics });
        if let Some(i) = instance {
            spec["instance_id"] = json!(i);
        }
        m.insert(id.to_string(), spec);
    }
    Value::Object(m)
}

fn as_sorted_sets(v: &Value) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = v
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, l)| {
            let mut items: Vec<String> = l
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            items.sort();
            (k.clone(), items)
        })
        .collect();
    out.sort();
    out
}

const ALL2: &[&str] = &["topic1", "topic2"];

#[test]
fn range_assignor_test() {
    // (test, topics, members, expected) compared as sets, as RangeAssignorTest does.
    let cases = vec![
        (
            "testOneConsumerOneTopic",
            json!({"topic1": 3}),
            members(&[("consumer1", &["topic1"], None)]),
            json!({"consumer1": ["topic1-0", "topic1-1", "topic1-2"]}),
        ),
        (
            "testOneConsumerMultipleTopics",
            json!({"topic1": 1, "topic2": 2}),
            members(&[("consumer1", ALL2, None)]),
            json!({"consumer1": ["topic1-0", "topic2-0", "topic2-1"]}),
        ),
        (
            "testMultipleConsumersMixedTopics",
            json!({"topic1": 3, "topic2": 2}),
            members(&[
                ("consumer1", &["topic1"], None),
                ("consumer2", ALL2, None),
                ("consumer3", &["topic1"], None),
            ]),
            json!({"consumer1": ["topic1-0"], "consumer2": ["topic1-1", "topic2-0", "topic2-1"], "consumer3": ["topic1-2"]}),
        ),
        (
            "testTwoConsumersTwoTopicsSixPartitions",
            json!({"topic1": 3, "topic2": 3}),
            members(&[("consumer1", ALL2, None), ("consumer2", ALL2, None)]),
            json!({"consumer1": ["topic1-0", "topic1-1", "topic2-0", "topic2-1"], "consumer2": ["topic1-2", "topic2-2"]}),
        ),
        (
            "testTwoStaticConsumersTwoTopicsSixPartitions",
            json!({"topic1": 3, "topic2": 3}),
            members(&[
                ("consumer-b", ALL2, Some("instance1")),
                ("consumer-a", ALL2, Some("instance2")),
            ]),
            json!({"consumer-b": ["topic1-0", "topic1-1", "topic2-0", "topic2-1"], "consumer-a": ["topic1-2", "topic2-2"]}),
        ),
        (
            "testOneStaticConsumerAndOneDynamicConsumerTwoTopicsSixPartitions",
            json!({"topic1": 3, "topic2": 3}),
            members(&[
                ("consumer-b", ALL2, Some("instance1")),
                ("consumer-a", ALL2, None),
            ]),
            json!({"consumer-b": ["topic1-0", "topic1-1", "topic2-0", "topic2-1"], "consumer-a": ["topic1-2", "topic2-2"]}),
        ),
        (
            "testStaticMemberRangeAssignmentPersistent",
            json!({"topic1": 5, "topic2": 4}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer2", ALL2, Some("instance2")),
                ("consumer3", ALL2, Some("instance3")),
                ("consumer4", ALL2, None),
            ]),
            json!({"consumer1": ["topic1-0", "topic1-1", "topic2-0"], "consumer2": ["topic1-2", "topic2-1"],
                "consumer3": ["topic1-3", "topic2-2"], "consumer4": ["topic1-4", "topic2-3"]}),
        ),
        (
            "testStaticMemberRangeAssignmentPersistent (then consumer5 replaces consumer4)",
            json!({"topic1": 5, "topic2": 4}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer2", ALL2, Some("instance2")),
                ("consumer3", ALL2, Some("instance3")),
                ("consumer5", ALL2, None),
            ]),
            json!({"consumer1": ["topic1-0", "topic1-1", "topic2-0"], "consumer2": ["topic1-2", "topic2-1"],
                "consumer3": ["topic1-3", "topic2-2"], "consumer5": ["topic1-4", "topic2-3"]}),
        ),
        (
            "testStaticMemberRangeAssignmentPersistentAfterMemberIdChanges",
            json!({"topic1": 5, "topic2": 5}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer5", ALL2, Some("instance2")),
                ("consumer4", ALL2, Some("instance3")),
            ]),
            json!({"consumer1": ["topic1-0", "topic1-1", "topic2-0", "topic2-1"], "consumer5": ["topic1-2", "topic1-3", "topic2-2", "topic2-3"],
                "consumer4": ["topic1-4", "topic2-4"]}),
        ),
    ];
    for (name, topics, members, expected) in cases {
        let got = assign("range", &json!({"topics": topics, "members": members}));
        assert_eq!(as_sorted_sets(&got), as_sorted_sets(&expected), "{name}");
    }
}

#[test]
fn range_assignor_verify_non_rack_aware_assignment() {
    // Consumers consumer0.. ; exact sorted lists.
    let t123: &[&str] = &["t1", "t2", "t3"];
    let t13: &[&str] = &["t1", "t3"];
    let t12: &[&str] = &["t1", "t2"];
    let t34: &[&str] = &["t3", "t4"];
    let t1to9: &[&str] = &["t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"];
    type Case<'a> = (Value, Vec<&'a [&'a str]>, Vec<&'a str>);
    let cases: Vec<Case> = vec![
        (
            json!({"t1": 6, "t2": 7, "t3": 2}),
            vec![t123, t123, t123],
            vec![
                "t1-0, t1-1, t2-0, t2-1, t2-2, t3-0",
                "t1-2, t1-3, t2-3, t2-4, t3-1",
                "t1-4, t1-5, t2-5, t2-6",
            ],
        ),
        (
            json!({"t1": 6, "t2": 7, "t3": 2}),
            vec![t123, t123, t13],
            vec![
                "t1-0, t1-1, t2-0, t2-1, t2-2, t2-3, t3-0",
                "t1-2, t1-3, t2-4, t2-5, t2-6, t3-1",
                "t1-4, t1-5",
            ],
        ),
        (
            json!({"t1": 5, "t2": 5, "t3": 5}),
            vec![t123, t123, t123],
            vec![
                "t1-0, t1-1, t2-0, t2-1, t3-0, t3-1",
                "t1-2, t1-3, t2-2, t2-3, t3-2, t3-3",
                "t1-4, t2-4, t3-4",
            ],
        ),
        (
            json!({"t1": 6, "t2": 6, "t3": 2, "t4": 2}),
            vec![t12, t12, t34, t34],
            vec![
                "t1-0, t1-1, t1-2, t2-0, t2-1, t2-2",
                "t1-3, t1-4, t1-5, t2-3, t2-4, t2-5",
                "t3-0, t4-0",
                "t3-1, t4-1",
            ],
        ),
        (
            json!({"t1": 6, "t2": 6, "t3": 2, "t4": 2, "t5": 4, "t6": 4}),
            vec![t1to9, t1to9, t1to9],
            vec![
                "t1-0, t1-1, t2-0, t2-1, t3-0, t4-0, t5-0, t5-1, t6-0, t6-1",
                "t1-2, t1-3, t2-2, t2-3, t3-1, t4-1, t5-2, t6-2",
                "t1-4, t1-5, t2-4, t2-5, t5-3, t6-3",
            ],
        ),
    ];
    for (i, (topics, subs, expected)) in cases.into_iter().enumerate() {
        let names: Vec<String> = (0..subs.len()).map(|c| format!("consumer{c}")).collect();
        let list: Vec<(&str, &[&str], Option<&str>)> = names
            .iter()
            .zip(&subs)
            .map(|(n, s)| (n.as_str(), *s, None))
            .collect();
        let got = assign(
            "range",
            &json!({"topics": topics, "members": members(&list)}),
        );
        for (c, want) in expected.iter().enumerate() {
            let mut items: Vec<String> = got[&names[c]]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            items.sort();
            assert_eq!(items.join(", "), *want, "case {i}, consumer{c}");
        }
    }
}

#[test]
fn round_robin_assignor_test() {
    // Exact lists, as RoundRobinAssignorTest compares them.
    let cases = vec![
        (
            "testOneConsumerOneTopic",
            json!({"topic": 3}),
            members(&[("consumer", &["topic"], None)]),
            json!({"consumer": ["topic-0", "topic-1", "topic-2"]}),
        ),
        (
            "testOneConsumerMultipleTopics",
            json!({"topic1": 1, "topic2": 2}),
            members(&[("consumer", ALL2, None)]),
            json!({"consumer": ["topic1-0", "topic2-0", "topic2-1"]}),
        ),
        (
            "testTwoConsumersOneTopicOnePartition",
            json!({"topic": 1}),
            members(&[
                ("consumer1", &["topic"], None),
                ("consumer2", &["topic"], None),
            ]),
            json!({"consumer1": ["topic-0"], "consumer2": []}),
        ),
        (
            "testMultipleConsumersMixedTopics",
            json!({"topic1": 3, "topic2": 2}),
            members(&[
                ("consumer1", &["topic1"], None),
                ("consumer2", ALL2, None),
                ("consumer3", &["topic1"], None),
            ]),
            json!({"consumer1": ["topic1-0"], "consumer2": ["topic1-1", "topic2-0", "topic2-1"], "consumer3": ["topic1-2"]}),
        ),
        (
            "testTwoDynamicConsumersTwoTopicsSixPartitions",
            json!({"topic1": 3, "topic2": 3}),
            members(&[("consumer1", ALL2, None), ("consumer2", ALL2, None)]),
            json!({"consumer1": ["topic1-0", "topic1-2", "topic2-1"], "consumer2": ["topic1-1", "topic2-0", "topic2-2"]}),
        ),
        (
            "testTwoStaticConsumersTwoTopicsSixPartitions",
            json!({"topic1": 3, "topic2": 3}),
            members(&[
                ("consumer-b", ALL2, Some("instance1")),
                ("consumer-a", ALL2, Some("instance2")),
            ]),
            json!({"consumer-b": ["topic1-0", "topic1-2", "topic2-1"], "consumer-a": ["topic1-1", "topic2-0", "topic2-2"]}),
        ),
        (
            "testStaticMemberRoundRobinAssignmentPersistent",
            json!({"topic1": 3, "topic2": 3}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer2", ALL2, Some("instance2")),
                ("consumer3", ALL2, Some("instance3")),
                ("consumer4", ALL2, None),
            ]),
            json!({"consumer1": ["topic1-0", "topic2-1"], "consumer2": ["topic1-1", "topic2-2"], "consumer3": ["topic1-2"], "consumer4": ["topic2-0"]}),
        ),
        (
            "testStaticMemberRoundRobinAssignmentPersistent (then consumer5)",
            json!({"topic1": 3, "topic2": 3}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer2", ALL2, Some("instance2")),
                ("consumer3", ALL2, Some("instance3")),
                ("consumer5", ALL2, None),
            ]),
            json!({"consumer1": ["topic1-0", "topic2-1"], "consumer2": ["topic1-1", "topic2-2"], "consumer3": ["topic1-2"], "consumer5": ["topic2-0"]}),
        ),
        (
            "testStaticMemberRoundRobinAssignmentPersistentAfterMemberIdChanges",
            json!({"topic1": 5, "topic2": 5}),
            members(&[
                ("consumer1", ALL2, Some("instance1")),
                ("consumer5", ALL2, Some("instance2")),
                ("consumer4", ALL2, Some("instance3")),
            ]),
            json!({"consumer1": ["topic1-0", "topic1-3", "topic2-1", "topic2-4"], "consumer5": ["topic1-1", "topic1-4", "topic2-2"],
                "consumer4": ["topic1-2", "topic2-0", "topic2-3"]}),
        ),
        (
            "class javadoc example",
            json!({"t0": 1, "t1": 2, "t2": 3}),
            members(&[
                ("C0", &["t0"], None),
                ("C1", &["t0", "t1"], None),
                ("C2", &["t0", "t1", "t2"], None),
            ]),
            json!({"C0": ["t0-0"], "C1": ["t1-0"], "C2": ["t1-1", "t2-0", "t2-1", "t2-2"]}),
        ),
    ];
    for (name, topics, members, expected) in cases {
        let got = assign("roundrobin", &json!({"topics": topics, "members": members}));
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn consumers_beyond_the_partition_count_sit_idle_and_member_order_is_javas() {
    // Seven consumers, six partitions: consumer10 sorts before consumer2 in Java, so consumer7
    // (the last in Java order) is the idle one.
    let names = [
        "consumer1",
        "consumer2",
        "consumer3",
        "consumer4",
        "consumer5",
        "consumer6",
        "consumer7",
    ];
    let list: Vec<(&str, &[&str], Option<&str>)> =
        names.iter().map(|n| (*n, &["orders"][..], None)).collect();
    let got = assign(
        "range",
        &json!({"topics": {"orders": 6}, "members": members(&list)}),
    );
    assert_eq!(got["consumer7"], json!([]));
    let list10: Vec<(&str, &[&str], Option<&str>)> = vec![
        ("consumer2", &["orders"], None),
        ("consumer10", &["orders"], None),
    ];
    let got = assign(
        "range",
        &json!({"topics": {"orders": 3}, "members": members(&list10)}),
    );
    assert_eq!(got["consumer10"], json!(["orders-0", "orders-1"]));
    assert_eq!(got["consumer2"], json!(["orders-2"]));
}

#[test]
fn bad_requests_are_refused_clearly() {
    let run = |args: &[&str], input: &str| cli(args, Some(input.as_bytes()));
    let ok = r#"{"topics": {"t": 1}, "members": {"a": {"topics": ["t"]}}}"#;
    for (args, input, needle) in [
        (
            vec!["assign", "--strategy", "greedy"],
            ok,
            "unknown strategy",
        ),
        (
            vec!["assign", "--strategy", "sticky"],
            r#"{"topics": {"t": 1}, "members": {"a": {"topics": ["t"], "owned": ["t"]}}}"#,
            "TOPIC-PARTITION",
        ),
        (
            vec!["assign", "--strategy", "sticky"],
            r#"{"topics": {"t": 1}, "members": {"a": {"topics": ["t"], "generation": 1e12}}}"#,
            "Java int",
        ),
        (
            vec!["assign", "--strategy", "range"],
            "{not json",
            "not valid JSON",
        ),
        (
            vec!["assign", "--strategy", "range"],
            r#"{"members": {}}"#,
            "\"topics\"",
        ),
        (
            vec!["assign", "--strategy", "range"],
            r#"{"topics": {"t": 0}, "members": {}}"#,
            "partition count",
        ),
        (
            vec!["assign", "--strategy", "range"],
            r#"{"topics": {"t": 1}, "members": {"a": {"topics": ["t"], "instance_id": "x"}, "b": {"topics": ["t"], "instance_id": "x"}}}"#,
            "group.instance.id",
        ),
    ] {
        let out = run(&args, input);
        assert!(!out.status.success(), "{args:?} {input}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(needle),
            "{input}: expected {needle:?} in {err}"
        );
    }
}

#[test]
fn sticky_and_cooperative_sticky_through_the_cli() {
    // AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic, step 2: consumer2 joins;
    // cooperative-sticky withholds topic-2 for one round, sticky hands it over at once.
    let request = json!({"topics": {"topic": 3}, "members": {
        "consumer1": {"topics": ["topic"], "owned": ["topic-0", "topic-1", "topic-2"], "generation": 1},
        "consumer2": {"topics": ["topic"], "owned": [], "generation": 1}}});
    assert_eq!(
        assign("sticky", &request),
        json!({"consumer1": ["topic-0", "topic-1"], "consumer2": ["topic-2"]})
    );
    assert_eq!(
        assign("cooperative-sticky", &request),
        json!({"consumer1": ["topic-0", "topic-1"], "consumer2": []})
    );
    // testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers: Java HashMap order decides who
    // keeps the max quota.
    let request = json!({"topics": {"topic1": 2, "topic2": 2}, "members": {
        "consumer1": {"topics": ["topic1", "topic2"], "owned": ["topic1-0", "topic2-0"], "generation": 1},
        "consumer2": {"topics": ["topic1", "topic2"], "owned": ["topic1-1", "topic2-1"], "generation": 1},
        "consumer3": {"topics": ["topic1", "topic2"], "owned": [], "generation": 1}}});
    assert_eq!(
        assign("sticky", &request),
        json!({"consumer1": ["topic1-0"], "consumer2": ["topic1-1", "topic2-1"], "consumer3": ["topic2-0"]})
    );
}
