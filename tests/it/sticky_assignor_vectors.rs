//! Kafka's own sticky-assignor test vectors (AbstractStickyAssignorTest, StickyAssignorTest and
//! CooperativeStickyAssignorTest, as listed in kafka-semantics.md §3) run against the engine's
//! `sticky` and `cooperative_sticky`, plus seeded property sweeps for the invariants Kafka's
//! randomized tests assert. The vectors pin exact list orders because the playground promises
//! to show what a real group gets, and those orders depend on Java HashMap iteration.

use std::collections::{BTreeMap, BTreeSet};

use kafka_playground::engine::Rng;
use kafka_playground::engine::{
    cooperative_sticky, sticky, Member, StickyMember, StickyResult, TopicPartition,
};

// ---------------------------------------------------------------------------------------------
// Vector plumbing
// ---------------------------------------------------------------------------------------------

type Lists = &'static [(&'static str, &'static [&'static str])];

/// (member id, subscribed topics, owned partitions, generation), in the test's `put` order.
type Members = &'static [(
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    Option<i32>,
)];

/// How Kafka's test compares a member's list: `assertEquals` on lists, or on `HashSet`s.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    Exact,
    Set,
}

/// One `assign` call of a Kafka test, with what it asserts.
struct Step {
    parts: &'static [(&'static str, u32)],
    members: Members,
    /// Asserted lists; members not named are not asserted.
    expect: Lists,
    cmp: Cmp,
    /// `partitionsTransferringOwnership` when the test asserts it.
    transferring: Option<&'static [(&'static str, &'static str)]>,
    /// The cooperative assignor's own first-round lists, when the vector spells them out.
    cooperative_first_round: Option<Lists>,
}

const STEP: Step = Step {
    parts: &[],
    members: &[],
    expect: &[],
    cmp: Cmp::Exact,
    transferring: None,
    cooperative_first_round: None,
};

/// `buildSubscriptionV2Above` gives owned partitions generation 1 (`generationId`).
const GEN: Option<i32> = Some(1);

fn tp(s: &str) -> TopicPartition {
    let (topic, partition) = s.rsplit_once('-').expect("topic-partition");
    TopicPartition {
        topic: topic.to_string(),
        partition: partition.parse().expect("partition number"),
    }
}

fn partitions_per_topic(parts: &[(&str, u32)]) -> BTreeMap<String, u32> {
    parts.iter().map(|(t, n)| (t.to_string(), *n)).collect()
}

fn sticky_members(step: &Step) -> Vec<StickyMember> {
    step.members
        .iter()
        .map(|(id, topics, owned, generation)| StickyMember {
            member: Member {
                id: id.to_string(),
                instance_id: None,
                topics: topics.iter().map(|t| t.to_string()).collect(),
            },
            owned: owned.iter().map(|s| tp(s)).collect(),
            generation: *generation,
        })
        .collect()
}

fn strings(list: &[TopicPartition]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

fn list_of<'r>(result: &'r StickyResult, id: &str) -> &'r [TopicPartition] {
    &result
        .assignment
        .iter()
        .find(|(m, _)| m == id)
        .unwrap_or_else(|| panic!("{id} missing from {result:?}"))
        .1
}

fn assert_lists(label: &str, result: &StickyResult, expect: Lists, cmp: Cmp) {
    for (id, want) in expect {
        let mut got = strings(list_of(result, id));
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        if cmp == Cmp::Set {
            got.sort();
            want.sort();
        }
        assert_eq!(
            got, want,
            "{label}: {id} ({cmp:?})\nfull result: {result:?}"
        );
    }
}

fn assert_transferring(label: &str, result: &StickyResult, want: &[(&str, &str)]) {
    let got: BTreeSet<(String, String)> = result
        .transferring
        .iter()
        .map(|(tp, m)| (tp.to_string(), m.clone()))
        .collect();
    let want: BTreeSet<(String, String)> = want
        .iter()
        .map(|(tp, m)| (tp.to_string(), m.to_string()))
        .collect();
    assert_eq!(got, want, "{label}: transferring");
}

/// The partitions revoked from some member and those newly added to some member in one round.
fn revoked_and_added(
    members: &[StickyMember],
    result: &StickyResult,
) -> (BTreeSet<TopicPartition>, BTreeSet<TopicPartition>) {
    let mut revoked = BTreeSet::new();
    let mut added = BTreeSet::new();
    for (member, (id, list)) in members.iter().zip(&result.assignment) {
        assert_eq!(&member.member.id, id, "members come back in input order");
        revoked.extend(member.owned.iter().filter(|tp| !list.contains(tp)).cloned());
        added.extend(list.iter().filter(|tp| !member.owned.contains(tp)).cloned());
    }
    (revoked, added)
}

/// CooperativeStickyAssignorTest.verifyValidityAndBalance: while a round revokes anything, feed
/// the result back as every member's owned partitions (generation + 1) and rebalance; no round
/// may hand out a partition it revokes, and Kafka allows at most 4 follow-up rebalances.
/// Returns the final result and how many follow-up rounds it took.
fn settle_cooperative(
    parts: &BTreeMap<String, u32>,
    members: &[StickyMember],
    first: StickyResult,
) -> (StickyResult, usize) {
    let mut members = members.to_vec();
    let mut result = first;
    let mut rebalances = 0;
    loop {
        let (revoked, added) = revoked_and_added(&members, &result);
        let both: Vec<_> = revoked.intersection(&added).collect();
        assert!(
            both.is_empty(),
            "revoked and added in one round: {both:?}\nmembers: {members:?}\nresult: {result:?}"
        );
        if revoked.is_empty() {
            return (result, rebalances);
        }
        let generation = members
            .iter()
            .filter_map(|m| m.generation)
            .max()
            .unwrap_or(0)
            + 1;
        for (member, (_, list)) in members.iter_mut().zip(&result.assignment) {
            member.owned = list.clone();
            member.generation = Some(generation);
        }
        result = cooperative_sticky(parts, &members);
        rebalances += 1;
        assert!(
            rebalances <= 4,
            "no convergence after {rebalances} follow-up rebalances: {result:?}"
        );
    }
}

/// Runs each step through both assignors as the Kafka test class for each would.
fn run_vector(name: &str, steps: &[Step]) {
    for (i, step) in steps.iter().enumerate() {
        let parts = partitions_per_topic(step.parts);
        let members = sticky_members(step);

        let label = format!("{name} step {} (sticky)", i + 1);
        let eager = sticky(&parts, &members);
        assert_lists(&label, &eager, step.expect, step.cmp);
        if let Some(want) = step.transferring {
            assert_transferring(&label, &eager, want);
        }

        let label = format!("{name} step {} (cooperative-sticky)", i + 1);
        let first = cooperative_sticky(&parts, &members);
        if let Some(want) = step.transferring {
            assert_transferring(&label, &first, want);
        }
        if let Some(first_round) = step.cooperative_first_round {
            assert_lists(
                &format!("{label} first round"),
                &first,
                first_round,
                Cmp::Exact,
            );
        }
        let (settled, _) = settle_cooperative(&parts, &members, first);
        assert_lists(
            &format!("{label} after follow-up rounds"),
            &settled,
            step.expect,
            step.cmp,
        );
    }
}

// ---------------------------------------------------------------------------------------------
// AbstractStickyAssignorTest (both assignors; cooperative asserted after its follow-up rounds)
// ---------------------------------------------------------------------------------------------

const T12: &[&str] = &["topic1", "topic2"];
const T: &[&str] = &["topic"];

#[test]
fn test_two_consumers_two_topics_six_partitions() {
    run_vector(
        "testTwoConsumersTwoTopicsSixPartitions",
        &[Step {
            parts: &[("topic1", 3), ("topic2", 3)],
            members: &[("consumer1", T12, &[], None), ("consumer2", T12, &[], None)],
            expect: &[
                ("consumer1", &["topic1-0", "topic1-2", "topic2-1"]),
                ("consumer2", &["topic1-1", "topic2-0", "topic2-2"]),
            ],
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_multiple_consumers_mixed_topic_subscriptions() {
    // The general builder: Kafka leaves partitionsTransferringOwnership null; with nothing
    // owned, the engine's computed map is empty.
    run_vector(
        "testMultipleConsumersMixedTopicSubscriptions",
        &[Step {
            parts: &[("topic1", 3), ("topic2", 2)],
            members: &[
                ("consumer1", &["topic1"], &[], None),
                ("consumer2", T12, &[], None),
                ("consumer3", &["topic1"], &[], None),
            ],
            expect: &[
                ("consumer1", &["topic1-0", "topic1-2"]),
                ("consumer2", &["topic2-0", "topic2-1"]),
                ("consumer3", &["topic1-1"]),
            ],
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_consumer_owning_min_quota_expected_max_quota() {
    run_vector(
        "testConsumerOwningMinQuotaExpectedMaxQuota",
        &[Step {
            parts: &[("topic1", 2), ("topic2", 3)],
            members: &[
                ("consumer1", T12, &["topic1-0", "topic2-1"], GEN),
                ("consumer2", T12, &["topic1-1", "topic2-2"], GEN),
            ],
            expect: &[
                ("consumer1", &["topic1-0", "topic2-1", "topic2-0"]),
                ("consumer2", &["topic1-1", "topic2-2"]),
            ],
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_max_quota_consumer_more_than_num_expected_max_capacity_members() {
    // consumer2 keeps maxQuota because Java's HashMap iterates consumer3, consumer2, consumer1.
    run_vector(
        "testMaxQuotaConsumerMoreThanNumExpectedMaxCapacityMembers",
        &[Step {
            parts: &[("topic1", 2), ("topic2", 2)],
            members: &[
                ("consumer1", T12, &["topic1-0", "topic2-0"], GEN),
                ("consumer2", T12, &["topic1-1", "topic2-1"], GEN),
                ("consumer3", T12, &[], GEN),
            ],
            expect: &[
                ("consumer1", &["topic1-0"]),
                ("consumer2", &["topic1-1", "topic2-1"]),
                ("consumer3", &["topic2-0"]),
            ],
            transferring: Some(&[("topic2-0", "consumer3")]),
            ..STEP
        }],
    );
}

#[test]
fn test_all_consumers_are_under_min_quota() {
    run_vector(
        "testAllConsumersAreUnderMinQuota",
        &[Step {
            parts: &[("topic1", 2), ("topic2", 3)],
            members: &[
                ("consumer1", T12, &["topic1-0"], GEN),
                ("consumer2", T12, &["topic1-1"], GEN),
                ("consumer3", T12, &[], GEN),
            ],
            expect: &[
                ("consumer1", &["topic1-0", "topic2-1"]),
                ("consumer2", &["topic1-1", "topic2-2"]),
                ("consumer3", &["topic2-0"]),
            ],
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_add_remove_consumer_one_topic() {
    run_vector(
        "testAddRemoveConsumerOneTopic",
        &[
            Step {
                parts: &[("topic", 3)],
                members: &[("consumer1", T, &[], None)],
                expect: &[("consumer1", &["topic-0", "topic-1", "topic-2"])],
                ..STEP
            },
            Step {
                parts: &[("topic", 3)],
                members: &[
                    ("consumer1", T, &["topic-0", "topic-1", "topic-2"], GEN),
                    ("consumer2", T, &[], GEN),
                ],
                expect: &[
                    ("consumer1", &["topic-0", "topic-1"]),
                    ("consumer2", &["topic-2"]),
                ],
                transferring: Some(&[("topic-2", "consumer2")]),
                cooperative_first_round: Some(&[
                    ("consumer1", &["topic-0", "topic-1"]),
                    ("consumer2", &[]),
                ]),
                ..STEP
            },
            Step {
                parts: &[("topic", 3)],
                members: &[("consumer2", T, &["topic-2"], GEN)],
                expect: &[("consumer2", &["topic-0", "topic-1", "topic-2"])],
                cmp: Cmp::Set,
                transferring: Some(&[]),
                ..STEP
            },
        ],
    );
}

#[test]
fn test_add_remove_two_consumers_two_topics() {
    run_vector(
        "testAddRemoveTwoConsumersTwoTopics",
        &[
            Step {
                parts: &[("topic1", 3), ("topic2", 4)],
                members: &[("consumer1", T12, &[], None), ("consumer2", T12, &[], None)],
                expect: &[
                    (
                        "consumer1",
                        &["topic1-0", "topic1-2", "topic2-1", "topic2-3"],
                    ),
                    ("consumer2", &["topic1-1", "topic2-0", "topic2-2"]),
                ],
                transferring: Some(&[]),
                ..STEP
            },
            Step {
                parts: &[("topic1", 3), ("topic2", 4)],
                members: &[
                    (
                        "consumer1",
                        T12,
                        &["topic1-0", "topic1-2", "topic2-1", "topic2-3"],
                        GEN,
                    ),
                    ("consumer2", T12, &["topic1-1", "topic2-0", "topic2-2"], GEN),
                    ("consumer3", T12, &[], GEN),
                    ("consumer4", T12, &[], GEN),
                ],
                expect: &[
                    ("consumer1", &["topic1-0", "topic2-1"]),
                    ("consumer2", &["topic2-0", "topic1-1"]),
                    ("consumer3", &["topic1-2", "topic2-3"]),
                    ("consumer4", &["topic2-2"]),
                ],
                transferring: Some(&[
                    ("topic1-2", "consumer3"),
                    ("topic2-3", "consumer3"),
                    ("topic2-2", "consumer4"),
                ]),
                ..STEP
            },
            Step {
                parts: &[("topic1", 3), ("topic2", 4)],
                members: &[
                    ("consumer3", T12, &["topic1-2", "topic2-3"], GEN),
                    ("consumer4", T12, &["topic2-2"], GEN),
                ],
                expect: &[
                    (
                        "consumer3",
                        &["topic1-2", "topic2-3", "topic1-0", "topic2-1"],
                    ),
                    ("consumer4", &["topic2-2", "topic1-1", "topic2-0"]),
                ],
                transferring: Some(&[]),
                ..STEP
            },
        ],
    );
}

#[test]
fn test_all_consumers_reach_expected_quota_and_are_considered_filled() {
    run_vector(
        "testAllConsumersReachExpectedQuotaAndAreConsideredFilled",
        &[Step {
            parts: &[("topic", 4)],
            members: &[
                ("consumer1", T, &["topic-0", "topic-1"], GEN),
                ("consumer2", T, &["topic-2"], GEN),
                ("consumer3", T, &[], GEN),
            ],
            expect: &[
                ("consumer1", &["topic-0", "topic-1"]),
                ("consumer2", &["topic-2"]),
                ("consumer3", &["topic-3"]),
            ],
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_partitions_transferring_ownership_include_the_partition_claimed_by_multiple_consumers_in_same_generation(
) {
    run_vector(
        "testPartitionsTransferringOwnershipIncludeThePartitionClaimedByMultipleConsumersInSameGeneration",
        &[Step {
            parts: &[("topic", 3)],
            members: &[("consumer1", T, &["topic-0", "topic-1"], GEN), ("consumer2", T, &["topic-0", "topic-2"], GEN), ("consumer3", T, &[], GEN)],
            expect: &[("consumer1", &["topic-1"]), ("consumer2", &["topic-2"]), ("consumer3", &["topic-0"])],
            transferring: Some(&[("topic-0", "consumer3")]),
            ..STEP
        }],
    );
}

const TT2: &[&str] = &["topic", "topic2"];

/// testOwnedPartitionsAreInvalidatedForConsumerWith{Stale,No}Generation share everything but
/// consumer2's generation (9, or DEFAULT_GENERATION).
fn stale_generation_step(members: Members) -> Step {
    Step {
        parts: &[("topic", 3), ("topic2", 3)],
        members,
        expect: &[
            ("consumer1", &["topic-0", "topic-2", "topic2-1"]),
            ("consumer2", &["topic-1", "topic2-0", "topic2-2"]),
        ],
        cmp: Cmp::Set,
        transferring: Some(&[]),
        ..STEP
    }
}

#[test]
fn test_owned_partitions_are_invalidated_for_consumer_with_stale_generation() {
    run_vector(
        "testOwnedPartitionsAreInvalidatedForConsumerWithStaleGeneration",
        &[stale_generation_step(&[
            (
                "consumer1",
                TT2,
                &["topic-0", "topic-2", "topic2-1"],
                Some(10),
            ),
            (
                "consumer2",
                TT2,
                &["topic-0", "topic-2", "topic2-1"],
                Some(9),
            ),
        ])],
    );
}

#[test]
fn test_owned_partitions_are_invalidated_for_consumer_with_no_generation() {
    run_vector(
        "testOwnedPartitionsAreInvalidatedForConsumerWithNoGeneration",
        &[stale_generation_step(&[
            (
                "consumer1",
                TT2,
                &["topic-0", "topic-2", "topic2-1"],
                Some(10),
            ),
            ("consumer2", TT2, &["topic-0", "topic-2", "topic2-1"], None),
        ])],
    );
}

#[test]
fn test_owned_partitions_are_invalidated_for_consumer_with_multiple_generation() {
    run_vector(
        "testOwnedPartitionsAreInvalidatedForConsumerWithMultipleGeneration",
        &[Step {
            parts: &[("topic", 3), ("topic2", 3)],
            members: &[
                (
                    "consumer1",
                    TT2,
                    &["topic-0", "topic2-1", "topic-1"],
                    Some(10),
                ),
                (
                    "consumer2",
                    TT2,
                    &["topic-0", "topic2-1", "topic2-2"],
                    Some(8),
                ),
            ],
            expect: &[
                ("consumer1", &["topic-0", "topic2-1", "topic-1"]),
                ("consumer2", &["topic-2", "topic2-2", "topic2-0"]),
            ],
            cmp: Cmp::Set,
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_ensure_partitions_assigned_to_highest_generation() {
    const TOPICS: &[&str] = &["topic", "topic2", "topic3"];
    run_vector(
        "testEnsurePartitionsAssignedToHighestGeneration",
        &[Step {
            parts: &[("topic", 3), ("topic2", 3), ("topic3", 3)],
            members: &[
                (
                    "consumer1",
                    TOPICS,
                    &["topic-0", "topic2-0", "topic3-0"],
                    Some(10),
                ),
                (
                    "consumer2",
                    TOPICS,
                    &["topic-1", "topic2-1", "topic3-1"],
                    Some(9),
                ),
                (
                    "consumer3",
                    TOPICS,
                    &["topic2-1", "topic3-0", "topic3-2"],
                    Some(8),
                ),
            ],
            expect: &[
                ("consumer1", &["topic-0", "topic2-0", "topic3-0"]),
                ("consumer2", &["topic-1", "topic2-1", "topic3-1"]),
                ("consumer3", &["topic-2", "topic2-2", "topic3-2"]),
            ],
            cmp: Cmp::Set,
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

#[test]
fn test_no_reassignment_on_current_members() {
    const TOPICS: &[&str] = &["topic", "topic2", "topic3", "topic1"];
    run_vector(
        "testNoReassignmentOnCurrentMembers",
        &[Step {
            parts: &[("topic", 3), ("topic1", 3), ("topic2", 3), ("topic3", 3)],
            members: &[
                ("consumer1", TOPICS, &[], Some(-1)),
                (
                    "consumer2",
                    TOPICS,
                    &["topic-0", "topic2-0", "topic1-0"],
                    Some(9),
                ),
                (
                    "consumer3",
                    TOPICS,
                    &["topic3-2", "topic2-2", "topic1-1"],
                    Some(8),
                ),
                (
                    "consumer4",
                    TOPICS,
                    &["topic3-1", "topic-1", "topic-2"],
                    Some(7),
                ),
            ],
            expect: &[("consumer1", &["topic1-2", "topic2-1", "topic3-0"])],
            cmp: Cmp::Set,
            transferring: Some(&[]),
            ..STEP
        }],
    );
}

// ---------------------------------------------------------------------------------------------
// StickyAssignorTest / CooperativeStickyAssignorTest: asserted before any follow-up round
// ---------------------------------------------------------------------------------------------

/// Checks the eager lists and the cooperative first-round lists of one assignment.
fn run_first_round(name: &str, step: &Step, eager_expect: Lists, cooperative_expect: Lists) {
    let parts = partitions_per_topic(step.parts);
    let members = sticky_members(step);
    assert_lists(
        &format!("{name} (sticky)"),
        &sticky(&parts, &members),
        eager_expect,
        Cmp::Exact,
    );
    let first = cooperative_sticky(&parts, &members);
    assert_lists(
        &format!("{name} (cooperative-sticky)"),
        &first,
        cooperative_expect,
        Cmp::Exact,
    );
    // CooperativeStickyAssignorTest then runs verifyValidityAndBalance on it.
    settle_cooperative(&parts, &members, first);
}

const CLAIMED_TWICE: Members = &[
    ("consumer1", T, &["topic-0", "topic-1"], GEN),
    ("consumer2", T, &["topic-0", "topic-2"], GEN),
    ("consumer3", T, &[], GEN),
];

#[test]
fn test_all_consumers_have_owned_partition_invalidated_when_claimed_by_multiple_consumers_in_same_generation_with_equal_partitions_per_consumer(
) {
    run_first_round(
        "...ClaimedByMultipleConsumersInSameGenerationWithEqualPartitionsPerConsumer",
        &Step {
            parts: &[("topic", 3)],
            members: CLAIMED_TWICE,
            ..STEP
        },
        &[
            ("consumer1", &["topic-1"]),
            ("consumer2", &["topic-2"]),
            ("consumer3", &["topic-0"]),
        ],
        &[
            ("consumer1", &["topic-1"]),
            ("consumer2", &["topic-2"]),
            ("consumer3", &[]),
        ],
    );
}

#[test]
fn test_all_consumers_have_owned_partition_invalidated_when_claimed_by_multiple_consumers_in_same_generation_with_unequal_partitions_per_consumer(
) {
    run_first_round(
        "...ClaimedByMultipleConsumersInSameGenerationWithUnequalPartitionsPerConsumer",
        &Step {
            parts: &[("topic", 4)],
            members: CLAIMED_TWICE,
            ..STEP
        },
        &[
            ("consumer1", &["topic-1", "topic-3"]),
            ("consumer2", &["topic-2"]),
            ("consumer3", &["topic-0"]),
        ],
        &[
            ("consumer1", &["topic-1", "topic-3"]),
            ("consumer2", &["topic-2"]),
            ("consumer3", &[]),
        ],
    );
}

#[test]
fn test_assignor_with_old_version_subscriptions() {
    const T1: &[&str] = &["topic1"];
    let expect: Lists = &[
        ("consumer1", &["topic1-0"]),
        ("consumer2", &["topic1-1"]),
        ("consumer3", &["topic1-2"]),
    ];
    run_first_round(
        "testAssignorWithOldVersionSubscriptions",
        &Step {
            parts: &[("topic1", 3)],
            members: &[
                ("consumer1", T1, &["topic1-0"], GEN),
                ("consumer2", T1, &["topic1-1"], GEN),
                ("consumer3", T1, &[], GEN),
            ],
            ..STEP
        },
        expect,
        expect,
    );
}

// ---------------------------------------------------------------------------------------------
// Extra: the non-rack-aware expectations inside Kafka's rack tests
// ---------------------------------------------------------------------------------------------

/// `verifyNonEqualSubscription`/`verifyUniformSubscription` with no racks: members
/// `consumer0..2` (no generation) get `expected` from scratch and keep it when they report it as
/// owned; compared as sorted strings (`toSortedString`), identically for both assignors.
fn run_non_rack_case(
    name: &str,
    subscriptions: [&'static [&'static str]; 3],
    expected: [&'static [&'static str]; 3],
) {
    let parts = partitions_per_topic(&[("t1", 6), ("t2", 7), ("t3", 2)]);
    let expect: Vec<(String, &[&str])> = (0..3)
        .map(|i| (format!("consumer{i}"), expected[i]))
        .collect();
    for owned_expected in [false, true] {
        let members: Vec<StickyMember> = (0..3)
            .map(|i| StickyMember {
                member: Member {
                    id: format!("consumer{i}"),
                    instance_id: None,
                    topics: subscriptions[i].iter().map(|t| t.to_string()).collect(),
                },
                owned: if owned_expected {
                    expected[i].iter().map(|s| tp(s)).collect()
                } else {
                    Vec::new()
                },
                generation: None,
            })
            .collect();
        for (assignor, result) in [
            ("sticky", sticky(&parts, &members)),
            ("cooperative-sticky", cooperative_sticky(&parts, &members)),
        ] {
            for (id, want) in &expect {
                let mut got = strings(list_of(&result, id));
                got.sort();
                assert_eq!(
                    got, *want,
                    "{name} ({assignor}, owned={owned_expected}): {id}\n{result:?}"
                );
            }
        }
    }
}

#[test]
fn extra_rack_aware_assignment_with_uniform_subscription_non_rack_expectation() {
    const ALL: &[&str] = &["t1", "t2", "t3"];
    run_non_rack_case(
        "testRackAwareAssignmentWithUniformSubscription",
        [ALL, ALL, ALL],
        [
            &["t1-0", "t1-3", "t2-0", "t2-3", "t2-6"],
            &["t1-1", "t1-4", "t2-1", "t2-4", "t3-0"],
            &["t1-2", "t1-5", "t2-2", "t2-5", "t3-1"],
        ],
    );
}

#[test]
fn extra_rack_aware_assignment_with_non_equal_subscription_non_rack_expectation() {
    const ALL: &[&str] = &["t1", "t2", "t3"];
    run_non_rack_case(
        "testRackAwareAssignmentWithNonEqualSubscription",
        [ALL, ALL, &["t1", "t3"]],
        [
            &["t1-5", "t2-0", "t2-2", "t2-4", "t2-6"],
            &["t1-3", "t2-1", "t2-3", "t2-5", "t3-0"],
            &["t1-0", "t1-1", "t1-2", "t1-4", "t3-1"],
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Extra: Kafka's larger deterministic scenarios (validity, balance, transferring)
// ---------------------------------------------------------------------------------------------

/// `getCanonicalName`: `prefix` + `i` zero-padded to the width of `max`.
fn canonical(prefix: &str, i: usize, max: usize) -> String {
    format!("{prefix}{i:0width$}", width = max.to_string().len())
}

/// One assign through either assignor; the cooperative one settled as its test class does.
fn assign_settled(
    cooperative: bool,
    parts: &BTreeMap<String, u32>,
    members: &[StickyMember],
) -> (StickyResult, StickyResult) {
    if cooperative {
        let first = cooperative_sticky(parts, members);
        let settled = settle_cooperative(parts, members, first.clone()).0;
        (first, settled)
    } else {
        let result = sticky(parts, members);
        (result.clone(), result)
    }
}

/// Every member re-subscribes reporting its list as owned in generation 1, then `leaving` go.
fn resubscribe(
    members: &[StickyMember],
    result: &StickyResult,
    leaving: &[String],
) -> Vec<StickyMember> {
    members
        .iter()
        .zip(&result.assignment)
        .filter(|(m, _)| !leaving.contains(&m.member.id))
        .map(|(m, (_, list))| StickyMember {
            owned: list.clone(),
            generation: Some(1),
            ..m.clone()
        })
        .collect()
}

#[test]
fn extra_reassignment_after_one_consumer_leaves() {
    // 19 members: the Java HashMap has grown to 32 buckets, and subscriptions are unequal.
    let parts: BTreeMap<String, u32> = (1..20).map(|i| (canonical("t", i, 20), i as u32)).collect();
    let members: Vec<StickyMember> = (1..20)
        .map(|i| StickyMember {
            member: Member {
                id: canonical("c", i, 20),
                instance_id: None,
                topics: (1..=i).map(|j| canonical("t", j, 20)).collect(),
            },
            owned: Vec::new(),
            generation: None,
        })
        .collect();
    for cooperative in [false, true] {
        let label = format!("testReassignmentAfterOneConsumerLeaves cooperative={cooperative}");
        let (_, result) = assign_settled(cooperative, &parts, &members);
        assert_valid(&label, &parts, &members, &result, false);
        assert_no_movable_imbalance(&label, &result);
        let next = resubscribe(&members, &result, &["c10".to_string()]);
        let (_, result) = assign_settled(cooperative, &parts, &next);
        assert_valid(&label, &parts, &next, &result, false);
        assert_no_movable_imbalance(&label, &result);
    }
}

#[test]
fn extra_same_subscriptions() {
    let parts: BTreeMap<String, u32> = (1..15).map(|i| (canonical("t", i, 15), i as u32)).collect();
    let topics: Vec<String> = parts.keys().cloned().collect();
    let members: Vec<StickyMember> = (1..9)
        .map(|i| StickyMember {
            member: Member {
                id: canonical("c", i, 9),
                instance_id: None,
                topics: topics.clone(),
            },
            owned: Vec::new(),
            generation: None,
        })
        .collect();
    for cooperative in [false, true] {
        let label = format!("testSameSubscriptions cooperative={cooperative}");
        let (first, result) = assign_settled(cooperative, &parts, &members);
        assert!(first.transferring.is_empty(), "{label}: {first:?}");
        assert_valid(&label, &parts, &members, &result, true);
        let next = resubscribe(&members, &result, &[canonical("c", 5, 9)]);
        let (first, result) = assign_settled(cooperative, &parts, &next);
        assert!(
            first.transferring.is_empty(),
            "{label} after c5 left: {first:?}"
        );
        assert_valid(&label, &parts, &next, &result, true);
    }
}

#[test]
fn extra_reassignment_after_one_consumer_added() {
    // Kafka's test re-sends subscriptions without owned partitions, so nothing transfers.
    let parts = partitions_per_topic(&[("topic", 20)]);
    let member = |i: usize| StickyMember {
        member: Member {
            id: canonical("c", i, 10),
            instance_id: None,
            topics: vec!["topic".into()],
        },
        owned: Vec::new(),
        generation: None,
    };
    for cooperative in [false, true] {
        let label = format!("testReassignmentAfterOneConsumerAdded cooperative={cooperative}");
        let mut members: Vec<StickyMember> = (1..10).map(member).collect();
        let (first, result) = assign_settled(cooperative, &parts, &members);
        assert!(first.transferring.is_empty(), "{label}");
        assert_valid(&label, &parts, &members, &result, true);
        members.push(member(10));
        let (first, result) = assign_settled(cooperative, &parts, &members);
        assert!(first.transferring.is_empty(), "{label}");
        assert_valid(&label, &parts, &members, &result, true);
    }
}

// ---------------------------------------------------------------------------------------------
// Seeded property sweeps (what Kafka's randomized tests assert)
// ---------------------------------------------------------------------------------------------

struct Scenario {
    parts: BTreeMap<String, u32>,
    members: Vec<StickyMember>,
    equal: bool,
}

fn pick_subset(rng: &mut Rng, topics: &[String]) -> Vec<String> {
    loop {
        let subset: Vec<String> = topics
            .iter()
            .filter(|_| rng.below(2) == 0)
            .cloned()
            .collect();
        if !subset.is_empty() {
            return subset;
        }
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// Random topics, members (more than 12 sometimes, so the Java HashMap resizes), equal or
/// unequal non-empty subscriptions, and owned partitions from subscribed topics that may be
/// claimed twice, under random generations (some absent).
fn random_scenario(seed: u64) -> Scenario {
    let mut rng = Rng::stream(seed, 0x0057_17c4);
    let topic_names: Vec<String> = (0..1 + rng.below(5)).map(|i| format!("t{i}")).collect();
    let parts: BTreeMap<String, u32> = topic_names
        .iter()
        .map(|t| (t.clone(), 1 + rng.below(9) as u32))
        .collect();
    let n_members = 1 + rng.below(16) as usize;
    let equal = rng.below(2) == 0;
    let shared = pick_subset(&mut rng, &topic_names);
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut members = Vec::new();
    while members.len() < n_members {
        let id = match rng.below(3) {
            0 => format!("consumer{}", rng.below(40)),
            1 => format!("c{}", rng.below(100)),
            _ => format!("member-{:x}", rng.below(1 << 20)),
        };
        if !ids.insert(id.clone()) {
            continue;
        }
        let mut topics = if equal {
            shared.clone()
        } else {
            pick_subset(&mut rng, &topic_names)
        };
        shuffle(&mut rng, &mut topics);
        let mut owned: Vec<TopicPartition> = topics
            .iter()
            .flat_map(|t| {
                (0..parts[t]).map(move |p| TopicPartition {
                    topic: t.clone(),
                    partition: p,
                })
            })
            .collect();
        owned.retain(|_| rng.below(3) == 0);
        shuffle(&mut rng, &mut owned);
        let generation = match rng.below(4) {
            0 => None,
            g => Some(g as i32),
        };
        members.push(StickyMember {
            member: Member {
                id,
                instance_id: None,
                topics,
            },
            owned,
            generation,
        });
    }
    Scenario {
        parts,
        members,
        equal,
    }
}

/// No partition twice, each to a subscriber, every subscribed partition assigned, and (for
/// equal subscriptions) fully balanced.
fn assert_valid(
    label: &str,
    parts: &BTreeMap<String, u32>,
    members: &[StickyMember],
    result: &StickyResult,
    equal: bool,
) {
    let mut seen = BTreeSet::new();
    for (member, (id, list)) in members.iter().zip(&result.assignment) {
        assert_eq!(&member.member.id, id, "{label}: input order");
        for tp in list {
            assert!(
                seen.insert(tp.clone()),
                "{label}: {tp} assigned twice: {result:?}"
            );
            assert!(
                member.member.topics.contains(&tp.topic),
                "{label}: {tp} given to non-subscriber {id}: {result:?}"
            );
        }
    }
    assert_eq!(
        result.assignment.len(),
        members.len(),
        "{label}: every member present"
    );
    for (topic, &n) in parts {
        if members.iter().any(|m| m.member.topics.contains(topic)) {
            for p in 0..n {
                let tp = TopicPartition {
                    topic: topic.clone(),
                    partition: p,
                };
                assert!(
                    seen.contains(&tp),
                    "{label}: {tp} left unassigned: {result:?}"
                );
            }
        }
    }
    if equal {
        let sizes: Vec<usize> = result.assignment.iter().map(|(_, l)| l.len()).collect();
        let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
        assert!(
            max - min <= 1,
            "{label}: not fully balanced {sizes:?}: {result:?}"
        );
    }
}

/// AbstractStickyAssignorTest.verifyValidityAndBalance's balance rule: two members whose counts
/// differ by more than one must not both hold partitions of one topic.
fn assert_no_movable_imbalance(label: &str, result: &StickyResult) {
    for (i, (a, la)) in result.assignment.iter().enumerate() {
        for (b, lb) in &result.assignment[i + 1..] {
            if la.len().abs_diff(lb.len()) <= 1 {
                continue;
            }
            let ta: BTreeSet<&str> = la.iter().map(|tp| tp.topic.as_str()).collect();
            let shared: Vec<_> = lb
                .iter()
                .map(|tp| tp.topic.as_str())
                .filter(|t| ta.contains(t))
                .collect();
            assert!(
                shared.is_empty(),
                "{label}: {a} ({}) and {b} ({}) share {shared:?}: {result:?}",
                la.len(),
                lb.len()
            );
        }
    }
}

const SEEDS: u64 = 400;

#[test]
fn eager_sticky_is_valid_and_balanced_for_random_groups() {
    for seed in 0..SEEDS {
        let s = random_scenario(seed);
        let result = sticky(&s.parts, &s.members);
        assert_valid(
            &format!("seed {seed}"),
            &s.parts,
            &s.members,
            &result,
            s.equal,
        );
    }
}

#[test]
fn cooperative_never_moves_a_partition_in_one_round_and_converges_within_four() {
    let mut max_rounds = 0;
    for seed in 0..SEEDS {
        let s = random_scenario(seed);
        let eager = sticky(&s.parts, &s.members);
        let first = cooperative_sticky(&s.parts, &s.members);
        // The first round is the eager target minus exactly the transferring partitions.
        for ((id, coop), (_, full)) in first.assignment.iter().zip(&eager.assignment) {
            let withheld: Vec<&TopicPartition> = first
                .transferring
                .iter()
                .filter(|(_, m)| m == id)
                .map(|(tp, _)| tp)
                .collect();
            let expected: Vec<&TopicPartition> =
                full.iter().filter(|tp| !withheld.contains(tp)).collect();
            assert_eq!(
                coop.iter().collect::<Vec<_>>(),
                expected,
                "seed {seed}: {id}"
            );
        }
        let (settled, rounds) = settle_cooperative(&s.parts, &s.members, first);
        max_rounds = max_rounds.max(rounds);
        assert_valid(
            &format!("seed {seed} settled"),
            &s.parts,
            &s.members,
            &settled,
            s.equal,
        );
    }
    assert!(
        max_rounds >= 1,
        "the sweep should include groups that need a follow-up round"
    );
}

/// AbstractStickyAssignorTest.testReassignmentWithRandomSubscriptionsAndChanges, seeded: a fresh
/// assignment, then new random subscriptions with the old lists (unfiltered, generation 1) as
/// owned partitions; each checked for validity and Kafka's balance rule, per assignor.
#[test]
fn reassignment_with_random_subscriptions_and_changes_stays_valid_and_balanced() {
    for seed in 0..SEEDS / 2 {
        for cooperative in [false, true] {
            let mut rng = Rng::stream(seed, 0x00c4_a96e);
            let topics: Vec<String> = (0..2 + rng.below(8)).map(|i| format!("t{i:02}")).collect();
            let parts: BTreeMap<String, u32> = topics
                .iter()
                .enumerate()
                .map(|(i, t)| (t.clone(), i as u32 + 1))
                .collect();
            let n = 2 + rng.below(12) as usize;
            let mut members: Vec<StickyMember> = (0..n)
                .map(|i| StickyMember {
                    member: Member {
                        id: format!("c{i:02}"),
                        instance_id: None,
                        topics: pick_subset(&mut rng, &topics),
                    },
                    owned: Vec::new(),
                    generation: None,
                })
                .collect();
            for round in 1..=2 {
                let label = format!("seed {seed} round {round} cooperative={cooperative}");
                let result = if cooperative {
                    let first = cooperative_sticky(&parts, &members);
                    settle_cooperative(&parts, &members, first).0
                } else {
                    sticky(&parts, &members)
                };
                assert_valid(&label, &parts, &members, &result, false);
                assert_no_movable_imbalance(&label, &result);
                for (member, (_, list)) in members.iter_mut().zip(&result.assignment) {
                    member.member.topics = pick_subset(&mut rng, &topics);
                    member.owned = list.clone();
                    member.generation = Some(1);
                }
            }
        }
    }
}
