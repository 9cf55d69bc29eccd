//! The scenario codec: round trips, every documented refusal, and property tests that random
//! and mutated input always gives a value or an error, never a panic.
// The generator sets fields one by one to read like the format's documentation.
#![allow(clippy::field_reassign_with_default)]

use kafka_playground::scenario::{
    Action, ActionCommand, AssignorSpec, CodecError, GroupActionSpec, GroupSpec, KeysSpec,
    MemberSpec, ProcessingSpec, ProducerSpec, Scenario, TopicSpec,
};
use proptest::prelude::*;

fn err(input: &str) -> CodecError {
    Scenario::from_fragment(input).expect_err("this input must be refused")
}

#[test]
fn empty_fragment_is_the_default_scenario() {
    assert_eq!(
        Scenario::from_fragment("").unwrap().scenario,
        Scenario::default()
    );
    assert_eq!(
        Scenario::from_fragment("#").unwrap().scenario,
        Scenario::default()
    );
}

#[test]
fn full_urls_are_read_from_their_fragment() {
    let s = Scenario::default();
    let url = format!("https://example.org/playground/?x=1#{}", s.to_fragment());
    assert_eq!(Scenario::from_fragment(&url).unwrap().scenario, s);
}

#[test]
fn refusals_say_what_was_wrong() {
    let cases: &[(&str, &str)] = &[
        ("#hello", "not a playground link"),
        ("#v.abc", "not a playground link"),
        ("#vx.abc", "not a playground link"),
        ("#v2.abc", "version 2"),
        ("#v999999999999999999999.abc", "version 99999"),
        ("#v1.$$$", "damaged"),
        ("#v1.", "not valid"),
    ];
    for (input, needle) in cases {
        let message = err(input).to_string();
        assert!(
            message.contains(needle),
            "{input:?}: expected {needle:?} in {message:?}"
        );
    }
}

fn fragment_of(json: &str) -> String {
    use base64::Engine as _;
    format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    )
}

#[test]
fn json_values_outside_limits_are_refused_with_the_field() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"version":1,"topic":{"partitions":0}}"#,
            "topic.partitions",
        ),
        (
            r#"{"version":1,"topic":{"partitions":1000000000}}"#,
            "topic.partitions",
        ),
        (
            r#"{"version":1,"topic":{"partitions":-3}}"#,
            "topic.partitions: expected a whole number ≥ 0",
        ),
        (
            r#"{"version":1,"topic":{"partitions":"six"}}"#,
            "topic.partitions: expected a whole number",
        ),
        (r#"{"version":1,"topic":{"name":""}}"#, "topic.name"),
        (r#"{"version":1,"topic":{"name":"a b"}}"#, "topic.name"),
        (
            r#"{"version":1,"producer":{"rate_per_sec":100000000}}"#,
            "producer.rate_per_sec",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"fixed","values":[]}}}"#,
            "producer.keys.values",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"entities","prefix":"u","count":0}}}"#,
            "producer.keys.count",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"rainbow"}}}"#,
            "unknown kind of keys",
        ),
        (r#"{"version":2}"#, "version 2"),
        (
            r#"{"version":1,"actions":[{"at_ms":5,"type":"produce","key":"a"},{"at_ms":1,"type":"produce","key":"b"}]}"#,
            "time order",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":5,"type":"explode"}]}"#,
            "explode",
        ),
        (r#"{"version":1,"view":{"speed":0}}"#, "view.speed"),
        (
            r#"{"version":1,"view":{"playhead_ms":999999999999}}"#,
            "view.playhead_ms",
        ),
        (r#"{"version":1} trailing"#, "more text follows"),
        (r#"[1,2,3]"#, "expected an object"),
    ];
    for (json, needle) in cases {
        let message = err(&fragment_of(json)).to_string();
        assert!(
            message.contains(needle),
            "{json}: expected {needle:?} in {message:?}"
        );
    }
}

/// Every kind of wrong value gets its field's path in v1's spelling and a reason in words, as
/// the format promises, never serde's "invalid type: …, expected u32 at line 1 column 46".
/// The input, then the exact message.
#[test]
fn wrong_values_name_their_field_and_say_why() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"version":1,"producer":{"rate_per_sec":-5}}"#,
            "producer.rate_per_sec: expected a whole number ≥ 0, got -5",
        ),
        (
            r#"{"version":1,"producer":{"partitioner":"foo"}}"#,
            r#"producer.partitioner: unknown partitioner "foo"; expected one of built_in, sticky_2_4, round_robin_pre_2_4, round_robin_partitioner, round_robin_partitioner_2_4"#,
        ),
        (
            r#"{"version":1,"producer":{"partitioner":5}}"#,
            "producer.partitioner: expected one of built_in, sticky_2_4, round_robin_pre_2_4, round_robin_partitioner, round_robin_partitioner_2_4, got 5",
        ),
        (
            r#"{"version":1,"topic":{"partitions":2.5}}"#,
            "topic.partitions: expected a whole number, got 2.5",
        ),
        (
            r#"{"version":1,"topic":{"partitions":2.0}}"#,
            "topic.partitions: expected a whole number, got 2.0",
        ),
        (
            r#"{"version":1,"topic":{"partitions":"six"}}"#,
            r#"topic.partitions: expected a whole number, got "six""#,
        ),
        (
            r#"{"version":1,"topic":{"partitions":5000000000}}"#,
            "topic.partitions: expected a whole number up to 4294967295, got 5000000000",
        ),
        (
            r#"{"version":1,"seed":123456789012345678901234567890}"#,
            "seed: expected a whole number up to 18446744073709551615, got 1.2345678901234568e29",
        ),
        (
            r#"{"version":1,"more_producers":[{"rate_per_sec":-1}]}"#,
            "more_producers[0].rate_per_sec: expected a whole number ≥ 0, got -1",
        ),
        (
            r#"{"version":1,"more_producers":[{},{"acks":2}]}"#,
            "more_producers[1].acks: expected one of 0, 1, -1, all, got 2",
        ),
        (
            r#"{"version":1,"more_topics":[{"name":"b","partitions":-2}]}"#,
            "more_topics[0].partitions: expected a whole number ≥ 0, got -2",
        ),
        (
            r#"{"version":1,"cluster":{"unclean_leader_election":"yes"}}"#,
            r#"cluster.unclean_leader_election: expected true or false, got "yes""#,
        ),
        (
            r#"{"version":1,"view":{"speed":"fast"}}"#,
            r#"view.speed: expected a number, got "fast""#,
        ),
        (
            r#"{"version":"1"}"#,
            r#"version: expected a whole number, got "1""#,
        ),
        (
            r#"{"version":1,"lesson":5}"#,
            "lesson: expected a string in double quotes, got 5",
        ),
        (
            r#"{"version":1,"producer":null}"#,
            "producer: expected an object { … }, got null",
        ),
        (
            r#"{"version":1,"producer":[20]}"#,
            "producer: expected an object { … }, got a list",
        ),
        (r#"[1,2,3]"#, "the scenario: expected an object { … }, got a list"),
        (r#""hello""#, r#"the scenario: expected an object { … }, got "hello""#),
        (
            r#"{"version":1,"seed":1,"seed":2}"#,
            r#"the scenario: the field "seed" is given twice"#,
        ),
        // Inside the tagged `keys` object serde does not track the path; the tree finds the
        // field the value is in.
        (
            r#"{"version":1,"producer":{"keys":{"kind":"rainbow"}}}"#,
            r#"producer.keys.kind: unknown kind of keys "rainbow"; expected one of fixed, entities, zipf, hot_key, weighted, timestamp_second, random_unique, order_lifecycle, none"#,
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"entities","prefix":"u","count":-3}}}"#,
            "producer.keys.count: expected a whole number ≥ 0, got -3",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"weighted","values":[["US",-1]]}}}"#,
            "producer.keys.values[0][1]: expected a whole number ≥ 0, got -1",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"weighted","values":[["US"]]}}}"#,
            "producer.keys: expected a list of 2 items, got 1",
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"entities","prefix":"u"}}}"#,
            r#"producer.keys: the field "count" is missing"#,
        ),
        (
            r#"{"version":1,"producer":{"keys":{"prefix":"u"}}}"#,
            r#"producer.keys: the field "kind" is missing"#,
        ),
        (
            r#"{"version":1,"producer":{"keys":{"kind":"entities","prefix":"u","count":3,"colour":1}}}"#,
            r#"producer.keys.colour: unknown field "colour"; expected one of prefix, count"#,
        ),
        (
            r#"{"version":1,"producer":{"keys":5}}"#,
            "producer.keys: expected an object { … }, got 5",
        ),
        // Actions are flattened objects: the same search finds the field.
        (
            r#"{"version":1,"actions":[{"at_ms":5,"type":"explode"}]}"#,
            r#"actions[0].type: unknown action type "explode"; expected one of produce, set_rate, add_partitions, kill_broker, shutdown_broker, isolate_broker, heal_broker, restart_broker, slow_broker, elect_preferred_leaders, group"#,
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":-5,"type":"produce","key":"a"}]}"#,
            "actions[0].at_ms: expected a whole number ≥ 0, got -5",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":5,"type":"set_rate","rate_per_sec":-2}]}"#,
            "actions[0].rate_per_sec: expected a whole number ≥ 0, got -2",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":5,"type":"group","do":"dance"}]}"#,
            r#"actions[0].do: unknown group action "dance"; expected one of add_member, close_member, crash_member, restart_member, set_processing_ms, set_assignors, set_commit_mode, set_offset_reset"#,
        ),
        (
            r#"{"version":1,"actions":[{"type":"produce","key":"a"}]}"#,
            r#"actions[0]: the field "at_ms" is missing"#,
        ),
        (
            r#"{"version":1,"groups":[{"members":[{"name":5}]}]}"#,
            "groups[0].members[0].name: expected a string in double quotes, got 5",
        ),
        (
            r#"{"version":1,"groups":[{"assignors":["fair"]}]}"#,
            r#"groups[0].assignors[0]: unknown assignor "fair"; expected one of range, roundrobin, sticky, cooperative-sticky"#,
        ),
        (
            r#"{"version":1,"groups":[{"commit":{"mode":"never"}}]}"#,
            r#"groups[0].commit.mode: unknown mode "never"; expected one of auto, sync_per_batch, sync_per_record, async_per_batch, before_processing"#,
        ),
        (
            r#"{"version":1,"groups":[{},{"session_timeout_ms":-1}]}"#,
            "groups[1].session_timeout_ms: expected a whole number ≥ 0, got -1",
        ),
    ];
    for (json, message) in cases {
        let err = Scenario::from_json(json).expect_err(json);
        assert!(
            matches!(err, CodecError::WrongValue { .. }),
            "{json}: {err:?}"
        );
        assert_eq!(err.to_string(), *message, "{json}");
    }
}

/// Text that is not JSON, and links that do not decode, say so in words: where and what, not
/// the parser's or the decoder's internals ("expected ident at line 1 column 2",
/// "base64url: Invalid last symbol 101, offset 6."). The input (a link when it starts with
/// `#`), then the exact message.
#[test]
fn broken_text_and_damaged_links_say_what_is_wrong() {
    let cases: &[(&str, &str)] = &[
        (
            "nope",
            "the scenario is not valid JSON: a scenario is a JSON object, starting with {",
        ),
        (
            "",
            "the scenario is not valid JSON: a scenario is a JSON object, starting with {",
        ),
        (
            r#"{"version":1,,}"#,
            "the scenario is not valid JSON: it breaks at line 1, column 14, near “\"version\":1,,}” (a missing comma, quote or bracket, a stray character, or a number too large)",
        ),
        (
            "{\"version\":1,\n  \"seed\" 5}",
            "the scenario is not valid JSON: it breaks at line 2, column 10, near “\"seed\" 5}” (a missing comma, quote or bracket, a stray character, or a number too large)",
        ),
        (
            r#"{"version":1,"topic":{"partitions":6"#,
            "the scenario is not valid JSON: it ends at line 1, column 36 before every {, [ and \" is closed (it may have been cut short)",
        ),
        (
            r#"{"version":1} trailing"#,
            "the scenario is not valid JSON: more text follows its closing } at line 1, column 15, near “version\":1} trailing”",
        ),
        (
            "#v1.eyJ2ZXJzaW9uIjoxfR",
            "the link is damaged: its last characters are missing or changed (it may have been cut short when it was copied)",
        ),
        (
            "#v1.eyJ2ZXJz%W9uIjoxfQ",
            "the link is damaged: character 9 after the version, “%”, cannot be in a playground link (it may have been changed when it was copied)",
        ),
        (
            "#v1z.AAAA",
            "the link is damaged: its compressed content does not unpack (it may have been cut short or changed when it was copied)",
        ),
        (
            // base64url of "nope".
            "#v1.bm9wZQ",
            "the scenario is not valid JSON: a scenario is a JSON object, starting with {",
        ),
    ];
    for (input, message) in cases {
        let err = match input.strip_prefix('#') {
            Some(_) => Scenario::from_fragment(input),
            None => Scenario::from_json(input),
        }
        .expect_err(input);
        assert_eq!(err.to_string(), *message, "{input:?}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(Scenario::from_json(&deep).is_err());
}

#[test]
fn oversized_input_is_refused_before_parsing() {
    let big = "v1.".to_string() + &"A".repeat(200_000);
    assert!(matches!(err(&big), CodecError::TooLong { .. }));
}

#[test]
fn unknown_fields_are_reported_not_dropped_silently() {
    let decoded = Scenario::from_fragment(&fragment_of(
        r#"{"version":1,"colour":"red","topic":{"shape":1}}"#,
    ))
    .unwrap();
    assert_eq!(
        decoded.warnings,
        vec![
            "ignored unknown field 'colour'",
            "ignored unknown field 'topic.shape'"
        ]
    );
}

#[test]
fn invalid_utf8_payload_is_refused() {
    use base64::Engine as _;
    let fragment = format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([0xff, 0xfe, 0x7b])
    );
    assert_eq!(err(&fragment), CodecError::NotUtf8);
}

fn arb_key() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), "\\PC{0,12}".prop_map(Some)]
}

fn arb_scenario() -> impl Strategy<Value = Scenario> {
    let keys = prop_oneof![
        prop::collection::vec("[a-z0-9-]{0,8}", 1..6).prop_map(|values| KeysSpec::Fixed { values }),
        ("[a-z-]{0,6}", 1u32..10_000)
            .prop_map(|(prefix, count)| KeysSpec::Entities { prefix, count }),
        Just(KeysSpec::None),
    ];
    let command = prop_oneof![
        (arb_key(), prop::option::of(0u32..300)).prop_map(|(key, partition)| {
            ActionCommand::Produce {
                producer: 0,
                key,
                partition,
            }
        }),
        (0u32..1000).prop_map(|rate_per_sec| ActionCommand::SetRate {
            producer: 0,
            rate_per_sec
        }),
        (1u32..300).prop_map(|total| ActionCommand::AddPartitions { topic: 0, total }),
    ];
    (
        any::<u64>(),
        "[a-zA-Z0-9_-][a-zA-Z0-9._-]{0,19}",
        1u32..=256,
        0u32..5000,
        0u32..1000,
        keys,
        prop::collection::vec((0u64..100_000, command), 0..20),
        0u64..1_000_000,
        prop::sample::select(kafka_playground::session::SPEEDS.to_vec()),
        arb_extras(),
    )
        .prop_map(
            |(
                seed,
                name,
                partitions,
                rate,
                latency,
                keys,
                mut actions,
                playhead,
                speed,
                extras,
            )| {
                actions.sort_by_key(|(t, _)| *t);
                let mut s = Scenario::default();
                s.seed = seed;
                s.topic.name = name;
                s.topic.partitions = partitions;
                s.producer.rate_per_sec = rate;
                s.producer.latency_ms = latency;
                s.producer.keys = keys;
                s.actions = actions
                    .into_iter()
                    .map(|(at_ms, command)| Action { at_ms, command })
                    .collect();
                s.view.playhead_ms = playhead;
                s.view.speed = speed;
                let (more_topics, groups, group_actions, compare) = extras;
                // Added topics get distinct names; producers and groups name topics that exist.
                for (i, (partitions, rate)) in more_topics.into_iter().enumerate() {
                    let name = format!("extra-{i}");
                    s.more_topics.push(TopicSpec {
                        name: name.clone(),
                        partitions,
                        replication_factor: 1,
                        ..TopicSpec::default()
                    });
                    s.more_producers.push(ProducerSpec {
                        topic: Some(name),
                        rate_per_sec: rate,
                        ..ProducerSpec::default()
                    });
                }
                let topic = s.topic.name.clone();
                for (i, (assignor, members, workers)) in groups.into_iter().enumerate() {
                    s.groups.push(GroupSpec {
                        group_id: format!("g{i}"),
                        topics: vec![topic.clone()],
                        assignors: vec![assignor],
                        processing: if workers {
                            ProcessingSpec::Workers { threads: 2 }
                        } else {
                            ProcessingSpec::PollLoop
                        },
                        members: (0..members)
                            .map(|m| MemberSpec {
                                name: format!("c{m}"),
                                instance_id: (m % 2 == 1).then(|| format!("h{m}")),
                            })
                            .collect(),
                        ..GroupSpec::default()
                    });
                }
                if !s.groups.is_empty() {
                    for (at_ms, name) in group_actions {
                        s.actions.push(Action {
                            at_ms,
                            command: ActionCommand::Group {
                                group: 0,
                                action: GroupActionSpec::CrashMember { name },
                            },
                        });
                    }
                    s.actions.sort_by_key(|a| a.at_ms);
                    s.view.compare = compare.then(|| "strategy".to_string());
                }
                s
            },
        )
}

type Extras = (
    Vec<(u32, u32)>,
    Vec<(AssignorSpec, u32, bool)>,
    Vec<(u64, String)>,
    bool,
);

fn arb_extras() -> impl Strategy<Value = Extras> {
    let assignor = prop::sample::select(vec![
        AssignorSpec::Range,
        AssignorSpec::RoundRobin,
        AssignorSpec::Sticky,
        AssignorSpec::CooperativeSticky,
    ]);
    (
        prop::collection::vec((1u32..=64, 0u32..1000), 0..3),
        prop::collection::vec((assignor, 0u32..6, any::<bool>()), 0..3),
        prop::collection::vec((0u64..100_000, "c[0-5]"), 0..4),
        any::<bool>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_valid_scenario_round_trips_through_a_link(s in arb_scenario()) {
        let decoded = Scenario::from_fragment(&format!("https://x/#{}", s.to_fragment())).unwrap();
        prop_assert_eq!(&decoded.scenario, &s);
        prop_assert!(decoded.warnings.is_empty());
        let json = Scenario::from_json(&s.to_json_pretty()).unwrap();
        prop_assert_eq!(json.scenario, s);
    }

    #[test]
    fn random_fragments_never_panic(input in "\\PC{0,300}") {
        let _ = Scenario::from_fragment(&input);
        let _ = Scenario::from_fragment(&format!("v1.{input}"));
        let _ = Scenario::from_json(&input);
    }

    #[test]
    fn mutated_links_never_panic(s in arb_scenario(), cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
        let fragment = s.to_fragment();
        let mut bytes = fragment.into_bytes();
        let i = flip % bytes.len();
        bytes[i] = byte;
        bytes.truncate(cut.max(1) % (bytes.len() + 1));
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = Scenario::from_fragment(&text);
    }
}

/// A link with a bad part opens with that part reset or left out, and says so; the rest is kept.
#[test]
fn links_open_in_part_when_only_a_part_is_bad() {
    use kafka_playground::session::Session;
    let json = r#"{"version":1,"seed":42,"topic":{"partitions":12},
        "more_topics":[{"name":"clicks","partitions":0}],
        "groups":[{"group_id":"ok"},{"group_id":"bad","heartbeat_interval_ms":99999}],
        "actions":[{"at_ms":100,"type":"set_rate","rate_per_sec":5},{"at_ms":50,"type":"set_rate","rate_per_sec":6},
                   {"at_ms":200,"type":"group","group":1,"do":"crash_member","name":"c1"}],
        "view":{"speed":1000}}"#;
    let fragment = format!(
        "v1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    );
    use base64::Engine as _;
    assert!(
        Scenario::from_fragment(&fragment).is_err(),
        "the strict reader refuses it"
    );
    let decoded = Scenario::from_fragment_salvaging(&fragment).unwrap();
    let s = &decoded.scenario;
    assert_eq!(
        (s.seed, s.topic.partitions),
        (42, 12),
        "the good parts are kept"
    );
    assert!(s.more_topics.is_empty());
    assert_eq!(
        s.groups
            .iter()
            .map(|g| g.group_id.as_str())
            .collect::<Vec<_>>(),
        ["ok"]
    );
    assert_eq!(
        s.actions.len(),
        1,
        "the out-of-order action and those after it are dropped"
    );
    assert_eq!(s.view.speed, 0.1);
    let said = decoded.warnings.join(" | ");
    for needle in [
        "left out topic \"clicks\"",
        "left out consumer group \"bad\"",
        "dropped action 2",
        "reset what is shown",
    ] {
        assert!(said.contains(needle), "{needle:?} in {said}");
    }
    let session = Session::from_link(&fragment);
    assert!(
        session
            .notice
            .as_ref()
            .is_some_and(|n| n.text.contains("left out consumer group")),
        "{:?}",
        session.notice
    );
    // What cannot be decoded at all still opens the default scenario with the reason.
    let broken = Session::from_link("#v1.$$$");
    assert!(broken
        .notice
        .as_ref()
        .is_some_and(|n| n.text.contains("damaged")));
}
