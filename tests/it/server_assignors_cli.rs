//! The `assign --protocol consumer` contract: the request JSON of `assign` in, Kafka 4.0's
//! server-side assignment out, as `{"assignment": {member: ["topic-partition", ...]}}` with every
//! member present in request order and each list sorted by topic, then partition.

use serde_json::{json, Value};

use kafka_playground::engine::server_assignors::TopicId;

use crate::common::cli::cli;

fn assign(strategy: &str, request: &Value) -> Result<Value, String> {
    let out = cli(
        &["assign", "--protocol", "consumer", "--strategy", strategy],
        Some(request.to_string().as_bytes()),
    );
    if out.status.success() {
        assert!(out.stdout.ends_with(b"\n"));
        Ok(serde_json::from_slice::<Value>(&out.stdout).expect("JSON out"))
    } else {
        assert!(out.stdout.is_empty(), "nothing on stdout when refused");
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// OptimizedUniformAssignmentBuilderTest.testFirstAssignmentTwoMembersTwoTopicsNoMemberRacks
/// through the CLI, with the test's Uuids: topic3 comes first in the topic-id set's hash order,
/// so A takes both of its partitions. Racks are accepted and ignored.
#[test]
fn uniform_follows_the_topic_id_hash_order() {
    let request = json!({
        "topics": {"topic1": 3, "topic3": 2},
        "topic_ids": {"topic1": "T1-A4s3VTwiI5CTbEp6POw", "topic3": "T3-CU8fVTLCz5YMkLoDQsa"},
        "members": {
            "A": {"topics": ["topic1", "topic3"], "rack": "rack-a"},
            "B": {"topics": ["topic1", "topic3"], "rack": "rack-b"},
        }
    });
    let out = assign("uniform", &request).unwrap();
    assert_eq!(
        out,
        json!({"assignment": {"A": ["topic1-0", "topic3-0", "topic3-1"], "B": ["topic1-1", "topic1-2"]}})
    );
}

/// testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics: `owned`
/// is the current target assignment, in its map's order.
#[test]
fn uniform_reads_owned_as_the_current_target_assignment() {
    let request = json!({
        "topics": {"topic1": 3, "topic2": 3},
        "topic_ids": {"topic1": "T1-A4s3VTwiI5CTbEp6POw", "topic2": "T2-B4s3VTwiI5YHbPp6YUe"},
        "members": {
            "A": {"topics": ["topic1", "topic2"], "owned": ["topic1-0", "topic1-2", "topic2-0"]},
            "B": {"topics": ["topic1", "topic2"], "owned": ["topic1-1", "topic2-1", "topic2-2"]},
            "C": {"topics": ["topic1", "topic2"]},
        }
    });
    let out = assign("uniform", &request).unwrap();
    assert_eq!(
        out["assignment"],
        json!({"A": ["topic1-0", "topic1-2"], "B": ["topic1-1", "topic2-1"], "C": ["topic2-0", "topic2-2"]})
    );
}

/// The heterogeneous builder, and lists sorted by topic then partition whatever the order
/// they were handed out in (testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics).
#[test]
fn uniform_heterogeneous_through_the_cli() {
    let request = json!({
        "topics": {"topic1": 6, "topic2": 7},
        "topic_ids": {"topic1": "T1-A4s3VTwiI5CTbEp6POw", "topic2": "T2-B4s3VTwiI5YHbPp6YUe"},
        "members": {
            "A": {"topics": ["topic1"], "owned": ["topic1-0", "topic1-2", "topic2-0"]},
            "B": {"topics": ["topic1", "topic2"], "owned": ["topic1-1", "topic2-1", "topic2-2"]},
            "C": {"topics": ["topic1", "topic2"]},
        }
    });
    let out = assign("uniform", &request).unwrap();
    assert_eq!(
        out["assignment"],
        json!({
            "A": ["topic1-0", "topic1-2", "topic1-3", "topic1-4", "topic1-5"],
            "B": ["topic1-1", "topic2-1", "topic2-2", "topic2-6"],
            "C": ["topic2-0", "topic2-3", "topic2-4", "topic2-5"],
        })
    );
}

/// Range sorts static members first by instance id, then the others by member id, and every
/// member is listed in request order, an idle one with an empty list.
#[test]
fn range_orders_static_members_first_and_lists_every_member() {
    let request = json!({
        "topics": {"orders": 5},
        "members": {
            "z-dynamic": {"topics": ["orders"]},
            "a-static": {"topics": ["orders"], "instance_id": "host-2"},
            "b-static": {"topics": ["orders"], "instance_id": "host-1", "owned": ["orders-4"]},
            "idle": {"topics": []},
        }
    });
    let out = assign("range", &request).unwrap();
    let text = out.to_string();
    assert!(
        text.find("z-dynamic") < text.find("a-static"),
        "request order kept"
    );
    assert_eq!(
        out["assignment"],
        json!({
            "z-dynamic": ["orders-4"],
            "a-static": ["orders-2", "orders-3"],
            "b-static": ["orders-0", "orders-1"],
            "idle": [],
        })
    );
}

/// Without topic_ids a topic's id is UUID.nameUUIDFromBytes(name): stating those ids changes
/// nothing, and an id for a topic not in "topics" is refused.
#[test]
fn topic_ids_default_to_name_based_ids() {
    let members = json!({
        "c1": {"topics": ["a", "b", "c", "d"], "owned": ["a-0"]},
        "c2": {"topics": ["a", "b", "c", "d"]},
        "c3": {"topics": ["a", "b", "c", "d"]},
    });
    let topics = json!({"a": 2, "b": 2, "c": 2, "d": 2});
    let ids: serde_json::Map<String, Value> = ["a", "b", "c", "d"]
        .iter()
        .map(|t| (t.to_string(), json!(TopicId::name_based(t).to_string())))
        .collect();
    let plain = assign("uniform", &json!({"topics": topics, "members": members})).unwrap();
    let stated = assign(
        "uniform",
        &json!({"topics": topics, "topic_ids": ids, "members": members}),
    )
    .unwrap();
    assert_eq!(plain, stated);
    let stray = json!({
        "topics": topics,
        "topic_ids": {"topic1": "Ta3X7r16P8i5ART59aqotg"},
        "members": members,
    });
    assert!(assign("uniform", &stray)
        .unwrap_err()
        .contains("topic_ids.topic1"));
}

#[test]
fn owned_entries_of_vanished_topics_and_partitions_are_dropped() {
    let request = json!({
        "topics": {"orders": 2},
        "members": {
            "c1": {"topics": ["orders"], "owned": ["gone-0", "orders-7", "orders-1"]},
            "c2": {"topics": ["orders"]},
        }
    });
    let out = assign("uniform", &request).unwrap();
    assert_eq!(
        out["assignment"],
        json!({"c1": ["orders-1"], "c2": ["orders-0"]})
    );
}

#[test]
fn bad_requests_are_refused_naming_the_field() {
    let cases = [
        (json!({"members": {}}), "\"topics\""),
        (json!({"topics": {"a": 0}, "members": {}}), "topics.a"),
        (json!({"topics": {"a": 1}}), "\"members\""),
        (
            json!({"topics": {"a": 1}, "members": {"c1": {"topics": ["nope"]}}}),
            "members.c1.topics: \"nope\" is not in \"topics\"",
        ),
        (
            json!({"topics": {"a": 1}, "members": {"c1": {"topics": ["a"], "rack": 3}}}),
            "members.c1.rack",
        ),
        (
            json!({"topics": {"a": 1}, "members": {"c1": {"topics": ["a"], "owned": ["a"]}}}),
            "members.c1.owned",
        ),
        (
            json!({"topics": {"a": 1}, "topic_ids": {"a": "not-a-uuid"}, "members": {}}),
            "topic_ids.a",
        ),
        (
            json!({"topics": {"a": 1, "b": 1}, "topic_ids": {"a": "AAAAAAAAAAAAAAAAAAAAAQ", "b": "AAAAAAAAAAAAAAAAAAAAAQ"}, "members": {}}),
            "share the topic id",
        ),
        (
            json!({"topics": {"a": 2}, "members": {
                "c1": {"topics": ["a"], "owned": ["a-0"]},
                "c2": {"topics": ["a"], "owned": ["a-0"]},
            }}),
            "a-0 is in the assignment of both",
        ),
        (
            json!({"topics": {"a": 1}, "members": {
                "c1": {"topics": ["a"], "instance_id": "i"},
                "c2": {"topics": ["a"], "instance_id": "i"},
            }}),
            "members.c2.instance_id",
        ),
        (
            json!({"topics": {"a": 2_000_000}, "members": {}}),
            "over the limit",
        ),
    ];
    for (request, needle) in cases {
        let err = assign("uniform", &request).unwrap_err();
        assert!(err.contains(needle), "{request}: {err}");
    }
    let out = cli(
        &["assign", "--protocol", "consumer", "--strategy", "sticky"],
        None,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && err.contains("uniform, range"),
        "{err}"
    );
    let out = cli(
        &["assign", "--protocol", "kip848", "--strategy", "range"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("classic or consumer"));
    let out = cli(
        &["assign", "--protocol", "consumer", "--strategy", "range"],
        Some(b"{not json"),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("not valid JSON"));
}

/// --protocol classic, the default, is today's client-side assignor.
#[test]
fn classic_stays_the_default() {
    let request = json!({
        "topics": {"t": 3},
        "members": {"c1": {"topics": ["t"]}, "c2": {"topics": ["t"]}},
    });
    let run = |args: &[&str]| {
        let out = cli(args, Some(request.to_string().as_bytes()));
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    let default = run(&["assign", "--strategy", "range"]);
    assert_eq!(
        default,
        run(&["assign", "--protocol", "classic", "--strategy", "range"])
    );
    assert_eq!(
        default["assignment"],
        json!({"c1": ["t-0", "t-1"], "c2": ["t-2"]})
    );
    let out = cli(
        &["assign", "--strategy", "uniform"],
        Some(request.to_string().as_bytes()),
    );
    assert!(!out.status.success(), "uniform is not a classic assignor");
}
