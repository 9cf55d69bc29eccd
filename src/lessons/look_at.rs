//! Where each lesson asks the reader to look on the stage: a sentence for the lesson panel and
//! the stage parts it names, which the page outlines. Kept as a table by lesson id beside the
//! catalogue (not a field of every lesson), so lessons added elsewhere still compile; the test
//! below asks every lesson for an entry.

/// A part of the stage a lesson points at. Partitions are of the topic on stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LookTarget {
    /// The producers' box.
    Producer,
    /// The producer's per-partition batches (its record accumulator).
    Batches,
    /// Every partition row.
    Partitions,
    /// One partition row.
    Partition(u32),
    /// The row of the partition this key maps to (murmur2 on the topic's partition count).
    PartitionOfKey(&'static str),
    /// One broker's header and the replicas it holds.
    Broker(u32),
    /// Every broker header.
    Brokers,
    /// Every consumer.
    Consumers,
    /// The consumers that own no partition.
    IdleConsumers,
    /// A consumer by its member name.
    Consumer(&'static str),
    /// Every consumer of a group, by group id.
    Group(&'static str),
}

/// Where a lesson points.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LookAt {
    /// "Look at …", as the panel shows it.
    pub words: &'static str,
    /// What the stage outlines.
    pub targets: &'static [LookTarget],
}

use LookTarget::*;

const fn look(words: &'static str, targets: &'static [LookTarget]) -> LookAt {
    LookAt { words, targets }
}

/// Every lesson's pointer, by lesson id.
const LOOK_AT: &[(&str, LookAt)] = &[
    (
        "key-user-id",
        look(
            "the partition rows: each fills at about the same pace.",
            &[Partitions],
        ),
    ),
    (
        "key-null",
        look(
            "the producer's batches: one fills, leaves, and the sticky marker jumps.",
            &[Batches],
        ),
    ),
    (
        "key-country",
        look(
            "the US partition's row: it takes most records.",
            &[PartitionOfKey("US")],
        ),
    ),
    (
        "order-state-machine-broken",
        look(
            "the rows: four event types fill at most four of them.",
            &[Partitions],
        ),
    ),
    (
        "order-state-machine-fixed",
        look(
            "the rows: every partition takes some orders.",
            &[Partitions],
        ),
    ),
    (
        "wall-clock",
        look(
            "the rows: one takes every record for a second, then another.",
            &[Partitions],
        ),
    ),
    (
        "global-order",
        look(
            "the one partition row, which carries everything.",
            &[Partition(0)],
        ),
    ),
    (
        "hot-key",
        look(
            "the celebrity's partition row.",
            &[PartitionOfKey("celebrity")],
        ),
    ),
    (
        "hot-key-salted",
        look(
            "the rows: the celebrity's suffixed keys spread over them.",
            &[Partitions],
        ),
    ),
    (
        "hot-key-own-topic",
        look(
            "the producers, and the topic tabs above the stage.",
            &[Producer],
        ),
    ),
    (
        "random-keys",
        look(
            "the rows: even, and no key ever meets itself again.",
            &[Partitions],
        ),
    ),
    (
        "add-partitions",
        look(
            "the rows: two new ones appear, and keys move to them.",
            &[Partitions],
        ),
    ),
    (
        "sizing",
        look(
            "the partition rows: their count caps the group's consumers.",
            &[Partitions],
        ),
    ),
    (
        "idle-consumer",
        look(
            "the consumer with no link: it has no partition.",
            &[IdleConsumers],
        ),
    ),
    (
        "two-groups",
        look(
            "the two groups' consumers: each reads every partition.",
            &[Consumers],
        ),
    ),
    (
        "rebalance-triggers",
        look(
            "the consumers: their links drop at each rebalance.",
            &[Consumers],
        ),
    ),
    (
        "strategies-side-by-side",
        look(
            "the consumers: when c2 leaves, eager groups drop every link.",
            &[Consumers],
        ),
    ),
    (
        "static-membership",
        look(
            "c2: it comes back with its own partitions.",
            &[Consumer("c2")],
        ),
    ),
    (
        "auto-commit-loss",
        look(
            "c1 of each group, which crashes at 15 s.",
            &[Consumer("c1")],
        ),
    ),
    (
        "offset-reset",
        look("the three groups' consumers from 10 s.", &[Consumers]),
    ),
    (
        "slow-consumer",
        look(
            "c1: from 6 s it falls behind and leaves.",
            &[Consumer("c1")],
        ),
    ),
    (
        "parallel-within-partition",
        look("the two groups' consumers.", &[Consumers]),
    ),
    (
        "replication-basics",
        look(
            "the brokers and each row's replicas: ★ leads, the others follow.",
            &[Brokers],
        ),
    ),
    (
        "isr-shrink-expand",
        look("broker 2: it leaves the ISR, then returns.", &[Broker(2)]),
    ),
    (
        "acks-table",
        look("broker 2, the leader that crashes at 5 s.", &[Broker(2)]),
    ),
    (
        "min-insync-replicas",
        look(
            "brokers 1 and 3, which crash at 5 s and 16 s.",
            &[Broker(1), Broker(3)],
        ),
    ),
    (
        "unclean-election",
        look(
            "broker 1 and broker 2: who leads, and what is truncated.",
            &[Broker(1), Broker(2)],
        ),
    ),
    (
        "clean-election-waits",
        look(
            "broker 1 and broker 2: the partition waits offline.",
            &[Broker(1), Broker(2)],
        ),
    ),
    (
        "partitions-recovery",
        look(
            "brokers 1 and 2, which crash together at 5 s.",
            &[Broker(1), Broker(2)],
        ),
    ),
    (
        "truncation-detected",
        look(
            "the consumer, and broker 1's replica after 17 s.",
            &[Consumers, Broker(1)],
        ),
    ),
    (
        "retention-log-start",
        look(
            "the group “slow”, which falls off the log start at 30 s.",
            &[Group("slow")],
        ),
    ),
    (
        "consumer-protocol",
        look(
            "the two consumer-protocol groups: only c2's partitions lose their links.",
            &[Group("consumer"), Group("consumer-1s")],
        ),
    ),
    (
        "share-seventh-consumer",
        look(
            "“share-group”: all seven members linked to every partition, and busy.",
            &[Group("share-group"), Group("consumer-group")],
        ),
    ),
    (
        "share-lock-expiry",
        look(
            "s1's acquired records after the crash: locked until about 40 s.",
            &[Consumer("s1"), Partitions],
        ),
    ),
    (
        "poison-message",
        look(
            "the three groups' counts of rejected, released and archived records.",
            &[Group("reject"), Group("release"), Group("implicit")],
        ),
    ),
    (
        "zombie-leader",
        look(
            "broker 2, cut off at 5 s but still leading for the producers.",
            &[Broker(2)],
        ),
    ),
    (
        "retries-reorder",
        look(
            "brokers 1 and 2, whose crashes make the producers retry.",
            &[Broker(1), Broker(2)],
        ),
    ),
    (
        "adaptive-slow-broker",
        look(
            "broker 1, the slow one, and the rows it leads.",
            &[Broker(1)],
        ),
    ),
];

/// Where lesson `id` points, if it has a pointer.
pub fn look_at(id: &str) -> Option<&'static LookAt> {
    LOOK_AT.iter().find(|(l, _)| *l == id).map(|(_, look)| look)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::{lesson, lesson_scenario, LESSONS};

    #[test]
    fn every_lesson_points_somewhere() {
        for l in LESSONS {
            assert!(look_at(l.id).is_some(), "{} has no look-at entry", l.id);
        }
        for (id, _) in LOOK_AT {
            assert!(
                lesson(id).is_some(),
                "look-at entry for a missing lesson {id}"
            );
        }
    }

    #[test]
    fn named_parts_exist_in_the_lesson() {
        for l in LESSONS {
            let scenario = lesson_scenario(l);
            let members: Vec<&str> = scenario
                .groups
                .iter()
                .flat_map(|g| g.members.iter().map(|m| m.name.as_str()))
                .collect();
            for target in look_at(l.id).unwrap().targets {
                match *target {
                    Broker(b) => assert!(b >= 1 && b <= scenario.cluster.brokers, "{}", l.id),
                    Partition(p) => assert!(p < scenario.topic.partitions, "{}", l.id),
                    Consumer(name) => assert!(members.contains(&name), "{}: {name}", l.id),
                    Group(id) => assert!(
                        scenario.groups.iter().any(|g| g.group_id == id),
                        "{}: {id}",
                        l.id
                    ),
                    // Members may join by a scripted action; the group is there from the start.
                    Consumers | IdleConsumers => assert!(!scenario.groups.is_empty(), "{}", l.id),
                    _ => {}
                }
            }
        }
    }
}
