//! Kafka 4.0's `RangeAssignorTest` (group-coordinator) as data, run against the server-side
//! `range` assignor, plus the helpers the uniform tables (`server_assignors_uniform.rs`) share.
//! Members are listed in the order the Java test's `TreeMap` iterates them and current
//! assignments in their `mkAssignment` order; expectations are sets, as `assertAssignment`
//! compares them.

use kafka_playground::engine::server_assignors::{
    assign, assign_with_subscription_type, java_partition_set_order, java_topic_map_order,
    ServerAssignor, ServerGroupSpec, ServerMember, ServerTopic, SubscriptionType, TopicId,
};
use kafka_playground::engine::TopicPartition;

/// (topic, partitions) as `mkTopicAssignment` lists them.
pub type Partitions<'a> = &'a [(&'a str, &'a [u32])];

/// One member: (member id, instance id, subscribed topics, current assignment).
pub type MemberRow<'a> = (&'a str, Option<&'a str>, &'a [&'a str], Partitions<'a>);

/// How the Java test built a member's current assignment, which decides its iteration order.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum OwnedMap {
    /// `mkAssignment`: a `HashMap<Uuid, _>` (16 buckets), each set a `HashSet<Integer>`.
    Hash,
    /// `mkOrderedAssignment`: a `LinkedHashMap`, in the order listed.
    Linked,
}

/// One Kafka test: its method name, how its assignments are built, the subscription type it
/// states (`None`: computed as the coordinator does), topics (name, Uuid string or "" for
/// name-based, count), members in iteration order, and every member's expected partitions.
pub struct Case<'a> {
    pub test: &'a str,
    pub owned_map: OwnedMap,
    pub subscription_type: Option<SubscriptionType>,
    pub topics: &'a [(&'a str, &'a str, u32)],
    pub members: &'a [MemberRow<'a>],
    pub expected: &'a [(&'a str, Partitions<'a>)],
}

pub fn topics_of(case: &Case) -> Vec<ServerTopic> {
    case.topics
        .iter()
        .map(|&(name, id, partitions)| ServerTopic {
            name: name.to_string(),
            id: if id.is_empty() {
                TopicId::name_based(name)
            } else {
                TopicId::parse(id).unwrap()
            },
            partitions,
        })
        .collect()
}

pub fn spec_of(members: &[MemberRow]) -> ServerGroupSpec {
    ServerGroupSpec {
        members: members
            .iter()
            .map(|&(id, instance, topics, owned)| ServerMember {
                member_id: id.to_string(),
                instance_id: instance.map(str::to_string),
                subscribed_topics: topics.iter().map(|t| t.to_string()).collect(),
                assignment: flatten(owned),
            })
            .collect(),
    }
}

/// Reorders every member's current assignment as the Java test's map iterates it.
fn java_ordered(mut spec: ServerGroupSpec, case: &Case) -> ServerGroupSpec {
    let topics = topics_of(case);
    for (member, row) in spec.members.iter_mut().zip(case.members) {
        let entries: Vec<(&str, Vec<u32>)> = row
            .3
            .iter()
            .map(|&(t, partitions)| (t, java_partition_set_order(partitions)))
            .collect();
        let order: Vec<usize> = match case.owned_map {
            OwnedMap::Linked => (0..entries.len()).collect(),
            OwnedMap::Hash => {
                let ids: Vec<TopicId> = entries
                    .iter()
                    .map(|(t, _)| topics.iter().find(|x| x.name == *t).unwrap().id)
                    .collect();
                java_topic_map_order(&ids)
            }
        };
        member.assignment = order
            .into_iter()
            .flat_map(|i| {
                let (topic, partitions) = &entries[i];
                partitions.iter().map(move |&partition| TopicPartition {
                    topic: topic.to_string(),
                    partition,
                })
            })
            .collect();
    }
    spec
}

pub fn flatten(partitions: Partitions) -> Vec<TopicPartition> {
    partitions
        .iter()
        .flat_map(|&(topic, list)| {
            list.iter().map(move |&partition| TopicPartition {
                topic: topic.to_string(),
                partition,
            })
        })
        .collect()
}

/// Runs every case and compares each member's partitions as a sorted list.
pub fn run_cases(assignor: ServerAssignor, cases: &[Case]) {
    for case in cases {
        let spec = java_ordered(spec_of(case.members), case);
        let topics = topics_of(case);
        let result = match case.subscription_type {
            None => assign(assignor, &spec, &topics),
            Some(t) => assign_with_subscription_type(assignor, &spec, &topics, t),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", case.test));
        assert_eq!(result.len(), case.expected.len(), "{}", case.test);
        for (member, expected) in case.expected {
            let got = &result
                .iter()
                .find(|(id, _)| id == member)
                .unwrap_or_else(|| panic!("{}: {member} missing", case.test))
                .1;
            let mut want = flatten(expected);
            want.sort();
            assert_eq!(got, &want, "{}: member {member}", case.test);
        }
    }
}

const T1: &str = "topic1";
const T2: &str = "topic2";
const T3: &str = "topic3";

#[test]
fn range_assignor_test() {
    let cases = [
        Case {
            test: "testOneMemberNoTopic",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3)],
            members: &[("A", None, &[], &[])],
            expected: &[("A", &[])],
        },
        Case {
            test: "testFirstAssignmentTwoMembersTwoTopicsSameSubscriptions",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T3, "", 2)],
            members: &[("A", None, &[T1, T3], &[]), ("B", None, &[T1, T3], &[])],
            expected: &[
                ("A", &[(T1, &[0, 1]), (T3, &[0])]),
                ("B", &[(T1, &[2]), (T3, &[1])]),
            ],
        },
        Case {
            test: "testFirstAssignmentThreeMembersThreeTopicsDifferentSubscriptions",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T2, "", 3), (T3, "", 2)],
            members: &[
                ("A", None, &[T1, T2], &[]),
                ("B", None, &[T3], &[]),
                ("C", None, &[T2, T3], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1, 2]), (T2, &[0, 1])]),
                ("B", &[(T3, &[0])]),
                ("C", &[(T2, &[2]), (T3, &[1])]),
            ],
        },
        Case {
            test: "testFirstAssignmentNumMembersGreaterThanNumPartitions",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T3, "", 2)],
            members: &[
                ("A", None, &[T1, T3], &[]),
                ("B", None, &[T1, T3], &[]),
                ("C", None, &[T1, T3], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0]), (T3, &[0])]),
                ("B", &[(T1, &[1]), (T3, &[1])]),
                ("C", &[(T1, &[2])]),
            ],
        },
        Case {
            test: "testReassignmentNumMembersGreaterThanNumPartitionsWhenOneMemberAdded",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 2), (T2, "", 2)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0]), (T2, &[0])]),
                ("B", None, &[T1, T2], &[(T1, &[1]), (T2, &[1])]),
                ("C", None, &[T1, T2], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0]), (T2, &[0])]),
                ("B", &[(T1, &[1]), (T2, &[1])]),
                ("C", &[]),
            ],
        },
        Case {
            test: "testReassignmentWhenOnePartitionAddedForTwoMembersTwoTopics",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 4), (T2, "", 4)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", None, &[T1, T2], &[(T1, &[2]), (T2, &[2])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", &[(T1, &[2, 3]), (T2, &[2, 3])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T2, "", 3)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", None, &[T1, T2], &[(T1, &[2]), (T2, &[2])]),
                ("C", None, &[T1, T2], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0]), (T2, &[0])]),
                ("B", &[(T1, &[1]), (T2, &[1])]),
                ("C", &[(T1, &[2]), (T2, &[2])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberAddedAndOnePartitionAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 4), (T2, "", 3)],
            members: &[
                ("A", None, &[T1, T2], &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", None, &[T1, T2], &[(T1, &[2]), (T2, &[2])]),
                ("C", None, &[T1], &[]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1]), (T2, &[0, 1])]),
                ("B", &[(T1, &[2]), (T2, &[2])]),
                ("C", &[(T1, &[3])]),
            ],
        },
        Case {
            test: "testReassignmentWhenOneMemberRemovedAfterInitialAssignmentWithTwoMembersTwoTopics",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T2, "", 3)],
            members: &[("B", None, &[T1, T2], &[(T1, &[2]), (T2, &[2])])],
            expected: &[("B", &[(T1, &[0, 1, 2]), (T2, &[0, 1, 2])])],
        },
        Case {
            test: "testReassignmentWhenMultipleSubscriptionsRemovedAfterInitialAssignmentWithThreeMembersTwoTopics",
            owned_map: OwnedMap::Hash,
            subscription_type: None,
            topics: &[(T1, "", 3), (T2, "", 3), (T3, "", 2)],
            members: &[
                ("A", None, &[T1], &[(T1, &[0, 1, 2]), (T2, &[0])]),
                ("B", None, &[T1, T2, T3], &[(T2, &[1])]),
                ("C", None, &[T2], &[(T2, &[2]), (T3, &[0, 1])]),
            ],
            expected: &[
                ("A", &[(T1, &[0, 1])]),
                ("B", &[(T1, &[2]), (T2, &[0, 1]), (T3, &[0, 1])]),
                ("C", &[(T2, &[2])]),
            ],
        },
    ];
    run_cases(ServerAssignor::Range, &cases);
}

/// RangeAssignorTest.testStaticMembership and testMixedStaticMembership: a static member that
/// rejoins under a new member id with its instance id keeps its partitions, and so does
/// everyone else, because the order is by instance id first.
#[test]
fn range_static_members_keep_their_ranges_across_a_new_member_id() {
    for (test, partitions, before, after) in [
        (
            "testStaticMembership",
            3,
            vec![("A", Some("instanceA")), ("B", Some("instanceB"))],
            vec![("B", Some("instanceB")), ("memberA1", Some("instanceA"))],
        ),
        (
            "testMixedStaticMembership",
            5,
            vec![
                ("A", Some("instanceA")),
                ("B", None),
                ("C", Some("instanceC")),
            ],
            vec![
                ("B", None),
                ("C", Some("instanceC")),
                ("memberA1", Some("instanceA")),
            ],
        ),
    ] {
        let topics = [ServerTopic::new(T1, partitions)];
        let run = |members: &[(&str, Option<&str>)]| {
            let rows: Vec<MemberRow> = members
                .iter()
                .map(|&(id, instance)| (id, instance, &[T1][..], &[][..]))
                .collect();
            assign(ServerAssignor::Range, &spec_of(&rows), &topics).unwrap()
        };
        let first = run(&before);
        let second = run(&after);
        let of = |a: &[(String, Vec<TopicPartition>)], id: &str| {
            a.iter().find(|(m, _)| m == id).unwrap().1.clone()
        };
        assert_eq!(of(&first, "A"), of(&second, "memberA1"), "{test}");
        assert_eq!(of(&first, "B"), of(&second, "B"), "{test}");
        if test == "testMixedStaticMembership" {
            assert_eq!(of(&first, "C"), of(&second, "C"), "{test}");
            // Static members first: instanceA 0-1, instanceC 2-3, then B gets 4.
            assert_eq!(
                of(&first, "B"),
                vec![TopicPartition {
                    topic: T1.into(),
                    partition: 4
                }]
            );
        }
    }
}

/// RangeAssignorTest.testOneMemberSubscribedToNonExistentTopic throws; a coordinator never
/// hands such an id over (`TopicIds` skips names without metadata), so here the name is
/// skipped and the member gets nothing (the CLI refuses the request instead).
#[test]
fn range_skips_a_subscription_without_metadata() {
    let topics = [ServerTopic::new(T1, 3)];
    let rows: [MemberRow; 1] = [("A", None, &[T2], &[])];
    let result = assign(ServerAssignor::Range, &spec_of(&rows), &topics).unwrap();
    assert_eq!(result, vec![("A".to_string(), vec![])]);
}
