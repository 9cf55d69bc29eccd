//! Several topics and several producers in one run: each producer writes only to its topic,
//! adding a producer never changes what another does, the scenario format carries them in
//! short links, and bad references are refused with the rule.

use kafka_playground::engine::{Command, Event, KeySource, Sim};
use kafka_playground::scenario::{report, Scenario};

/// Orders keyed by user id into `orders`, plus a click stream without keys into `clicks`
/// written by two producers at different rates.
fn two_topics() -> Scenario {
    let json = r#"{"version":1,
        "more_topics":[{"name":"clicks","partitions":3,"replication_factor":2}],
        "more_producers":[
            {"topic":"clicks","rate_per_sec":200,"keys":{"kind":"none"}},
            {"topic":"clicks","rate_per_sec":50,"keys":{"kind":"fixed","values":["home","cart"]},"partitioner":"sticky_2_4"}
        ]}"#;
    Scenario::from_json(json)
        .expect("a valid scenario")
        .scenario
}

#[test]
fn each_producer_writes_only_to_its_topic() {
    let mut sim = Sim::new(two_topics().sim_config()).unwrap();
    sim.advance_to(10_000);
    let (orders, clicks) = (&sim.topics()[0], &sim.topics()[1]);
    assert_eq!((orders.name(), clicks.name()), ("orders", "clicks"));
    assert_eq!(clicks.topic().n_partitions(), 3);
    for (t, run) in sim.topics().iter().enumerate() {
        for log in &run.topic().partitions {
            assert!(
                log.records.iter().all(|s| s.record.topic == t as u32),
                "a record of another topic in {}",
                run.name()
            );
        }
    }
    let from = |p: u32| sim.producer(p).records_sent();
    assert_eq!(orders.totals().sent, from(0));
    assert_eq!(clicks.totals().sent, from(1) + from(2));
    assert!(
        from(1) > 3 * from(2),
        "the 200/s producer sends about 4x the 50/s one: {} vs {}",
        from(1),
        from(2)
    );
    // The keyless producer's records are only in `clicks`; user ids only in `orders`.
    assert!(clicks
        .keys()
        .all(|(k, _)| k.as_ref() == "home" || k.as_ref() == "cart"));
    assert!(orders.keys().all(|(k, _)| k.starts_with("user-")));
    kafka_playground::engine::check_invariants(&sim).unwrap();
}

#[test]
fn adding_a_producer_or_topic_leaves_the_main_producer_unchanged() {
    let sends_of_producer_0 = |scenario: &Scenario| {
        let mut sim = Sim::new(scenario.sim_config()).unwrap();
        sim.capture_events();
        sim.advance_to(5_000);
        sim.event_log()
            .captured
            .as_ref()
            .unwrap()
            .iter()
            .filter_map(|e| match e {
                // Record ids are numbered across producers; everything else must match.
                Event::Sent {
                    producer: 0,
                    at_ms,
                    key,
                    partition,
                    batch_id,
                    ..
                } => Some(format!("{at_ms} {key:?} p{partition} b{batch_id}")),
                Event::BatchSent { producer: 0, .. } => Some(e.to_string()),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let alone = Scenario::default();
    assert_eq!(
        sends_of_producer_0(&alone),
        sends_of_producer_0(&two_topics())
    );
}

#[test]
fn a_one_topic_run_keeps_its_trace() {
    // Index 0 adds nothing to the trace hash, so single-topic runs and their golden hashes
    // are unchanged by multi-topic support; another index changes it.
    let mut a = Sim::new(Scenario::default().sim_config()).unwrap();
    a.advance_to(3_000);
    let mut b = Sim::new(two_topics().sim_config()).unwrap();
    b.advance_to(3_000);
    assert_ne!(a.event_log().hash(), b.event_log().hash());
    let line = Event::Sent {
        at_ms: 5,
        producer: 2,
        topic: 1,
        record_id: 9,
        key: None,
        partition: 0,
        origin: kafka_playground::engine::Origin::Producer,
        batch_id: 1,
    }
    .to_string();
    assert_eq!(line, "t=5 send P2 r9 key=null T1:p0 b1 by producer");
}

#[test]
fn commands_address_producers_and_topics() {
    let mut sim = Sim::new(two_topics().sim_config()).unwrap();
    sim.apply(&Command::SetRate {
        producer: 1,
        rate_per_sec: 0,
    })
    .unwrap();
    sim.apply(&Command::SetRate {
        producer: 2,
        rate_per_sec: 0,
    })
    .unwrap();
    sim.apply(&Command::Produce {
        producer: 2,
        key: Some("cart".into()),
        partition: None,
    })
    .unwrap();
    sim.apply(&Command::AddPartitions { topic: 1, total: 5 })
        .unwrap();
    assert_eq!(sim.topics()[1].topic().n_partitions(), 5);
    assert_eq!(
        sim.topics()[0].topic().n_partitions(),
        6,
        "growing clicks leaves orders alone"
    );
    assert_eq!(
        sim.producer(1).client().accumulator.queues.len(),
        5,
        "clicks' producers see the new partitions"
    );
    assert_eq!(sim.producer(0).client().accumulator.queues.len(), 6);
    sim.advance_to(2_000);
    assert_eq!(sim.topics()[1].totals().appended, 1);
    kafka_playground::engine::check_invariants(&sim).unwrap();

    let refused =
        |sim: &mut Sim, c: Command| sim.apply(&c).expect_err("must be refused").to_string();
    assert!(refused(
        &mut sim,
        Command::SetRate {
            producer: 3,
            rate_per_sec: 1
        }
    )
    .contains("no producer 3"));
    assert!(
        refused(&mut sim, Command::AddPartitions { topic: 2, total: 9 }).contains("no topic 2")
    );
    assert_eq!(
        refused(&mut sim, Command::AddPartitions { topic: 1, total: 4 }),
        "The topic clicks currently has 5 partition(s); 4 would not be an increase."
    );
    assert_eq!(
        refused(
            &mut sim,
            Command::Produce {
                producer: 1,
                key: None,
                partition: Some(5)
            }
        ),
        "Invalid partition given with record: 5 is not in the range [0...5)."
    );
}

#[test]
fn bad_references_are_refused_with_the_rule() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"version":1,"more_topics":[{"name":"orders"}]}"#,
            "Topic 'orders' already exists.",
        ),
        (
            r#"{"version":1,"more_producers":[{"topic":"nope"}]}"#,
            "more_producers[0].topic",
        ),
        (
            r#"{"version":1,"producer":{"topic":"nope"}}"#,
            "no topic called \"nope\"",
        ),
        (
            r#"{"version":1,"more_topics":[{"name":"b","partitions":0}]}"#,
            "more_topics[0].partitions",
        ),
        (
            r#"{"version":1,"more_topics":[{"name":"b","replication_factor":9}]}"#,
            "more_topics[0].replication_factor",
        ),
        (
            r#"{"version":1,"more_producers":[{"rate_per_sec":100000000}]}"#,
            "more_producers[0].rate_per_sec",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":1,"type":"set_rate","producer":1,"rate_per_sec":3}]}"#,
            "no producer 1",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":1,"type":"add_partitions","topic":4,"total":9}]}"#,
            "no topic 4",
        ),
        (
            r#"{"version":1,"more_topics":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"},{"name":"e"},{"name":"f"},{"name":"g"},{"name":"h"}]}"#,
            "at most 8 topics",
        ),
    ];
    for (json, needle) in cases {
        let message = Scenario::from_json(json).expect_err(json).to_string();
        assert!(
            message.contains(needle),
            "{json}: expected {needle:?} in {message:?}"
        );
    }
}

#[test]
fn links_carry_more_topics_and_producers_compactly() {
    let s = two_topics();
    let back = Scenario::from_fragment(&s.to_fragment()).unwrap().scenario;
    assert_eq!(back, s);
    let json = s.to_json();
    // Entries are trimmed against the main sections' defaults.
    assert!(
        !json.contains("batch_size") && !json.contains("latency_ms"),
        "{json}"
    );
    assert!(json.contains(r#""topic":"clicks""#), "{json}");
    assert!(s.to_fragment().len() < 400, "{}", s.to_fragment().len());
    let producers: Vec<_> = back
        .sim_config()
        .producers
        .iter()
        .map(|p| p.key_source.clone())
        .collect();
    assert_eq!(producers[1], KeySource::None);
}

#[test]
fn the_report_has_every_topic_and_producer() {
    let mut sim = Sim::new(two_topics().sim_config()).unwrap();
    sim.advance_to(5_000);
    let r = report(&sim);
    assert_eq!(r.main_topic.topic, "orders");
    assert_eq!(r.more_topics.len(), 1);
    assert_eq!(r.more_topics[0].detail.topic, "clicks");
    assert_eq!(r.more_topics[0].detail.partitions.len(), 3);
    assert_eq!(r.producers.len(), 3);
    assert_eq!(r.producers[2].topic, "clicks");
    assert_eq!(
        r.records_produced,
        r.producers.iter().map(|p| p.records_sent).sum::<u64>()
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["more_topics"][0]["topic"], "clicks");
    assert_eq!(
        json["topic"], "orders",
        "the main topic stays at the top level"
    );
}
