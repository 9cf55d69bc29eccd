//! Kafka 4.0's `OptimizedUniformAssignmentBuilderTest` (the homogeneous builder) and
//! `UniformHeterogeneousAssignmentBuilderTest` as data, run against the server-side `uniform`
//! assignor with the tests' own topic Uuids, whose Java hash order decides the homogeneous
//! results. Tests that only assert validity and balance become seeded property sweeps.

use kafka_playground::engine::server_assignors::{
    assign, ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic, SubscriptionType,
};
use kafka_playground::engine::{Rng, TopicPartition};

use crate::server_assignors::{run_cases, Case, OwnedMap};

const T1: &str = "topic1";
const T2: &str = "topic2";
const T3: &str = "topic3";
const T4: &str = "topic4";
/// The tests' `Uuid.fromString` ids.
const ID1: &str = "T1-A4s3VTwiI5CTbEp6POw";
const ID2: &str = "T2-B4s3VTwiI5YHbPp6YUe";
const ID3: &str = "T3-CU8fVTLCz5YMkLoDQsa";
const ID4: &str = "T4-Tw9fVTLCz5HbPp6YQsa";

#[test]
fn optimized_uniform_assignment_builder_test() {
    use OwnedMap::{Hash, Linked};
    let cases = [
        // Kafka returns no members at all; the playground lists every member, empty.
        Case {
            test: "testOneMemberNoTopicSubscription",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3)],
            members: &[("A", None, &[], &[])],
            expected: &[("A", &[])],
        },
        Case {
            test: "testFirstAssignmentTwoMembersTwoTopicsNoMemberRacks",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T3, ID3, 2)],
            members: &[("A", None, &[T1, T3], &[]), ("B", None, &[T1, T3], &[])],
            expected: &[
                ("A", &[(T1, &[0]), (T3, &[0, 1])]),
                ("B", &[(T1, &[1, 2])]),
            ],
        },
        Case {
            test: "testFirstAssignmentNumMembersGreaterThanTotalNumPartitions",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T3, ID3, 2)],
            members: &[
                ("A", None, &[T3], &[]),
                ("B", None, &[T3], &[]),
                ("C", None, &[T3], &[]),
            ],
            expected: &[("A", &[(T3, &[0])]), ("B", &[(T3, &[1])]), ("C", &[])],
        },
        Case {
            test: "testReassignmentForTwoMembersTwoTopicsGivenUnbalancedPrevAssignment",
            owned_map: Linked,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T2, ID2, 3)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", None, &[T1, T2], &[(T1, &[2]), (T2, &[2])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1]), (T2, &[0])]),
                ("B", &[(T1, &[2]), (T2, &[1, 2])]),
            ],
        },
        Case {
            test: "testReassignmentWhenPartitionsAreAddedForTwoMembersTwoTopics",
            owned_map: Linked,
            subscription_type: None,
            topics: &[(T1, ID1, 6), (T2, ID2, 5)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 2]), (T2, &[0])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[1, 2])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 2, 3]), (T2, &[0, 3, 4])]),
                ("B", &[(T1, &[1, 4, 5]), (T2, &[1, 2])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: Linked,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T2, ID2, 3)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 2]), (T2, &[0])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[1, 2])]),
                ("C", None, &[T1, T2], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 2])]),
                ("B", &[(T1, &[1]), (T2, &[1])]),
                ("C", &[(T2, &[0, 2])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersTwoTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T2, ID2, 3)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0]), (T2, &[0])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[1])]),
            ],
            expected: &[
                ("A", &[(T1, &[0]), (T2, &[0, 2])]),
                ("B", &[(T1, &[1, 2]), (T2, &[1])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 2), (T2, ID2, 2)],
            members: &[
                ("A", None, &[T2], &[(T1, &[0]), (T2, &[0])]),
                ("B", None, &[T2], &[(T1, &[1]), (T2, &[1])]),
            ],
            expected: &[("A", &[(T2, &[0])]), ("B", &[(T2, &[1])])],
        },
    ];
    run_cases(ServerAssignor::Uniform, &cases);
}

#[test]
fn uniform_heterogeneous_assignment_builder_test() {
    use OwnedMap::Hash;
    let cases = [
        // Kafka returns no members at all; the playground lists every member, empty.
        Case {
            test: "testTwoMembersNoTopicSubscription",
            owned_map: Hash,
            subscription_type: Some(SubscriptionType::Heterogeneous),
            topics: &[(T1, ID1, 3)],
            members: &[("A", None, &[], &[]), ("B", None, &[], &[])],
            expected: &[("A", &[]), ("B", &[])],
        },
        Case {
            test: "testFirstAssignmentTwoMembersTwoTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T3, ID3, 6)],
            members: &[("A", None, &[T1, T3], &[]), ("B", None, &[T3], &[])],
            expected: &[
                ("A", &[(T1, &[0, 1, 2]), (T3, &[4])]),
                ("B", &[(T3, &[0, 1, 2, 3, 5])]),
            ],
        },
        Case {
            test: "testFirstAssignmentNumMembersGreaterThanTotalNumPartitions",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T3, ID3, 1), (T1, ID1, 2)],
            members: &[
                ("A", None, &[T3], &[]),
                ("B", None, &[T3], &[]),
                ("C", None, &[T1], &[]),
            ],
            expected: &[("A", &[(T3, &[0])]), ("B", &[]), ("C", &[(T1, &[0, 1])])],
        },
        Case {
            test: "testReassignmentForTwoMembersThreeTopicsGivenUnbalancedPrevAssignment",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 6), (T2, ID2, 4), (T3, ID3, 4)],
            members: &[
                ("A", None, &[T1], &[(T1, &[0, 1, 2])]),
                ("B", None, &[T1, T2], &[(T1, &[3]), (T2, &[0])]),
                (
                    "C",
                    None,
                    &[T1, T2, T3],
                    &[(T1, &[4, 5]), (T2, &[1, 2, 3]), (T3, &[0, 1, 2, 3])],
                ),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1, 2, 5])]),
                ("B", &[(T1, &[3]), (T2, &[0, 1, 2, 3])]),
                ("C", &[(T1, &[4]), (T3, &[0, 1, 2, 3])]),
            ],
        },
        Case {
            test: "testReassignmentWhenPartitionsAreAddedForTwoMembers",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 6), (T2, ID2, 5), (T3, ID3, 3), (T4, ID4, 3)],
            members: &[
                ("A", None, &[T1, T3], &[(T1, &[0, 1, 2, 3]), (T3, &[0, 1])]),
                ("B", None, &[T1, T2, T3, T4], &[(T2, &[0, 1, 2]), (T4, &[0, 1, 2])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1, 2, 3, 4, 5]), (T3, &[0, 1, 2])]),
                ("B", &[(T2, &[0, 1, 2, 3, 4]), (T4, &[0, 1, 2])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberAddedAndPartitionsAddedTwoMembersTwoTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 6), (T2, ID2, 7)],
            members: &[
                ("A", None, &[T1], &[(T1, &[0, 2]), (T2, &[0])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[1, 2])]),
                ("C", None, &[T1, T2], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 2, 3, 4, 5])]),
                ("B", &[(T1, &[1]), (T2, &[1, 2, 6])]),
                ("C", &[(T2, &[0, 3, 4, 5])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithThreeMembersThreeTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T2, ID2, 8), (T3, ID3, 3)],
            members: &[
                ("A", None, &[T1, T3], &[(T1, &[0, 1, 2]), (T3, &[0, 1])]),
                ("B", None, &[T2], &[(T2, &[3, 4, 5, 6])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1, 2]), (T3, &[0, 1, 2])]),
                ("B", &[(T2, &[0, 1, 2, 3, 4, 5, 6, 7])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneSubscriptionRemovedAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3), (T2, ID2, 5)],
            members: &[
                ("A", None, &[T1], &[(T1, &[0, 2]), (T2, &[1, 3])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[0, 2, 4])]),
            ],
            expected: &[("A", &[(T1, &[0, 1, 2])]), ("B", &[(T2, &[0, 1, 2, 3, 4])])],
        },
        // The test states HETEROGENEOUS for members that subscribe alike, so the heterogeneous
        // builder runs where the coordinator would pick the homogeneous one.
        Case {
            test: "testReassignmentWhenTopicPartitionsRunOutAndMembersHaveNoPartitions",
            owned_map: Hash,
            subscription_type: Some(SubscriptionType::Heterogeneous),
            topics: &[(T1, ID1, 2), (T2, ID2, 2), (T3, ID3, 2)],
            members: &[
                (
                    "A",
                    None,
                    &[T1, T2, T3],
                    &[(T1, &[0, 1]), (T2, &[0, 1]), (T3, &[0, 1])],
                ),
                ("B", None, &[T1, T2, T3], &[]),
            ],
            expected: &[
                ("A", &[(T2, &[0]), (T3, &[0, 1])]),
                ("B", &[(T1, &[0, 1]), (T2, &[1])]),
            ],
        },
        Case {
            test: "testFirstAssignmentWithTwoMembersIncludingOneWithoutSubscriptions",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3)],
            members: &[("A", None, &[T1], &[]), ("B", None, &[], &[])],
            expected: &[("A", &[(T1, &[0, 1, 2])]), ("B", &[])],
        },
        // testTwoMembersSubscribedToNonexistentTopics throws on ids without metadata; a
        // coordinator skips such names (`TopicIds`), so both members get nothing here, and the
        // CLI refuses the request.
        Case {
            test: "testTwoMembersSubscribedToNonexistentTopics",
            owned_map: Hash,
            subscription_type: None,
            topics: &[(T1, ID1, 3)],
            members: &[("A", None, &[T3], &[]), ("B", None, &[T2], &[])],
            expected: &[("A", &[]), ("B", &[])],
        },
    ];
    run_cases(ServerAssignor::Uniform, &cases);
}

/// Every partition of a subscribed topic goes to exactly one subscriber, and no member gets a
/// partition of a topic it does not subscribe to (`checkValidityAndBalance`'s validity half).
fn check_validity(
    test: &str,
    spec: &ServerGroupSpec,
    topics: &[ServerTopic],
    result: &[(String, Vec<TopicPartition>)],
) {
    let mut owner = std::collections::BTreeMap::new();
    for ((id, partitions), member) in result.iter().zip(&spec.members) {
        assert_eq!(id, &member.member_id, "{test}: member order");
        for tp in partitions {
            assert!(
                member.subscribed_topics.contains(&tp.topic),
                "{test}: {id} got {tp} without subscribing"
            );
            assert!(owner.insert(tp.clone(), id).is_none(), "{test}: {tp} twice");
        }
    }
    for t in topics {
        if spec
            .members
            .iter()
            .any(|m| m.subscribed_topics.contains(&t.name))
        {
            for p in 0..t.partitions {
                let tp = TopicPartition {
                    topic: t.name.clone(),
                    partition: p,
                };
                assert!(owner.contains_key(&tp), "{test}: {tp} unassigned");
            }
        }
    }
}

/// OptimizedUniformAssignmentBuilderTest.testValidityAndBalanceForLargeSampleSet: 99 topics of
/// 3 partitions (random ids there, name-based here) over 49 members.
#[test]
fn homogeneous_large_sample_set_is_valid_and_balanced() {
    let topics: Vec<ServerTopic> = (1..100)
        .map(|i| ServerTopic::new(&format!("topic-{i}"), 3))
        .collect();
    let names: Vec<String> = topics.iter().map(|t| t.name.clone()).collect();
    let mut ids: Vec<String> = (1..50).map(|i| format!("member{i}")).collect();
    ids.sort(); // the test's TreeMap
    let spec = ServerGroupSpec {
        members: ids
            .iter()
            .map(|id| ServerMember {
                member_id: id.clone(),
                subscribed_topics: names.clone(),
                ..Default::default()
            })
            .collect(),
    };
    let result = assign(ServerAssignor::Uniform, &spec, &topics).unwrap();
    check_validity("large sample set", &spec, &topics, &result);
    let sizes: Vec<usize> = result.iter().map(|(_, p)| p.len()).collect();
    assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
}

/// A random group: 1-5 topics of 1-9 partitions, 1-6 members with random subscriptions (all
/// alike when `homogeneous`) and a random previous target assignment (each partition to at
/// most one member, not always one it subscribes to).
fn random_group(rng: &mut Rng, homogeneous: bool) -> (ServerGroupSpec, Vec<ServerTopic>) {
    let topics: Vec<ServerTopic> = (0..1 + rng.below(5))
        .map(|i| ServerTopic::new(&format!("t{i}"), 1 + rng.below(9) as u32))
        .collect();
    let member_count = 1 + rng.below(6) as usize;
    let pick = |rng: &mut Rng| -> Vec<String> {
        topics
            .iter()
            .filter(|_| rng.below(3) > 0)
            .map(|t| t.name.clone())
            .collect()
    };
    let shared = pick(rng);
    let mut members: Vec<ServerMember> = (0..member_count)
        .map(|m| ServerMember {
            member_id: format!("m{m}"),
            subscribed_topics: if homogeneous {
                shared.clone()
            } else {
                pick(rng)
            },
            ..Default::default()
        })
        .collect();
    for t in &topics {
        for p in 0..t.partitions {
            let owner = rng.below(member_count as u64 + 1) as usize;
            if owner < member_count {
                members[owner].assignment.push(TopicPartition {
                    topic: t.name.clone(),
                    partition: p,
                });
            }
        }
    }
    (ServerGroupSpec { members }, topics)
}

/// The homogeneous builder, over 256 random groups: valid, balanced within one partition, and
/// sticky: a member keeps every previously owned, still-subscribed partition up to its quota.
#[test]
fn homogeneous_sweep_is_valid_balanced_and_sticky() {
    for seed in 0..256 {
        let mut rng = Rng::new(seed);
        let (spec, topics) = random_group(&mut rng, true);
        let result = assign(ServerAssignor::Uniform, &spec, &topics).unwrap();
        let test = format!("seed {seed}");
        check_validity(&test, &spec, &topics, &result);
        let sizes: Vec<usize> = result.iter().map(|(_, p)| p.len()).collect();
        assert!(
            sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1,
            "{test}: {sizes:?}"
        );
        for ((_, got), member) in result.iter().zip(&spec.members) {
            let kept = member
                .assignment
                .iter()
                .filter(|tp| member.subscribed_topics.contains(&tp.topic))
                .filter(|tp| got.contains(tp))
                .count();
            let still_owned = member
                .assignment
                .iter()
                .filter(|tp| member.subscribed_topics.contains(&tp.topic))
                .count();
            assert_eq!(kept, still_owned.min(got.len()), "{test}: {member:?}");
        }
    }
}

/// The heterogeneous builder, over 256 random groups: valid, and no member holds a partition
/// that a subscriber with two or more fewer partitions could take (Kafka's balance check).
#[test]
fn heterogeneous_sweep_is_valid_and_balanced() {
    for seed in 0..256 {
        let mut rng = Rng::new(1000 + seed);
        let (spec, topics) = random_group(&mut rng, false);
        let result = assign(ServerAssignor::Uniform, &spec, &topics).unwrap();
        let test = format!("seed {seed}");
        check_validity(&test, &spec, &topics, &result);
        for (a, (id_a, got_a)) in result.iter().enumerate() {
            for (b, (id_b, got_b)) in result.iter().enumerate() {
                if a == b || got_a.len() < got_b.len() + 2 {
                    continue;
                }
                let movable = got_a
                    .iter()
                    .find(|tp| spec.members[b].subscribed_topics.contains(&tp.topic));
                assert!(
                    movable.is_none(),
                    "{test}: {id_a} has {} and {id_b} {}, yet {id_b} could take {}",
                    got_a.len(),
                    got_b.len(),
                    movable.unwrap()
                );
            }
        }
    }
}

/// The range assignor, over 256 random groups: valid, each topic in contiguous ranges in
/// member order (static members by instance id first), sizes within one per topic, and the
/// previous assignment never read.
#[test]
fn range_sweep_gives_contiguous_ranges_and_ignores_the_previous_assignment() {
    for seed in 0..256 {
        let mut rng = Rng::new(2000 + seed);
        let (mut spec, topics) = random_group(&mut rng, seed % 2 == 0);
        for (i, m) in spec.members.iter_mut().enumerate() {
            if rng.below(2) == 0 {
                m.instance_id = Some(format!("instance-{}", 9 - i));
            }
        }
        let result = assign(ServerAssignor::Range, &spec, &topics).unwrap();
        let test = format!("seed {seed}");
        check_validity(&test, &spec, &topics, &result);
        let mut fresh = spec.clone();
        for m in &mut fresh.members {
            m.assignment.clear();
        }
        assert_eq!(
            assign(ServerAssignor::Range, &fresh, &topics).unwrap(),
            result,
            "{test}: range reads no previous assignment"
        );
        let mut order: Vec<usize> = (0..spec.members.len()).collect();
        order.sort_by_key(|&i| {
            let m = &spec.members[i];
            (
                m.instance_id.is_none(),
                m.instance_id.clone(),
                m.member_id.clone(),
            )
        });
        for t in &topics {
            let mut next = 0;
            let subscribers: Vec<usize> = order
                .iter()
                .copied()
                .filter(|&i| spec.members[i].subscribed_topics.contains(&t.name))
                .collect();
            for (k, &i) in subscribers.iter().enumerate() {
                let mine: Vec<u32> = result[i]
                    .1
                    .iter()
                    .filter(|tp| tp.topic == t.name)
                    .map(|tp| tp.partition)
                    .collect();
                let n = subscribers.len() as u32;
                let quota = t.partitions / n + u32::from((k as u32) < t.partitions % n);
                assert_eq!(
                    mine,
                    (next..next + quota).collect::<Vec<_>>(),
                    "{test}: {}",
                    t.name
                );
                next += quota;
            }
        }
    }
}
