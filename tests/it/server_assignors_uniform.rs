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
