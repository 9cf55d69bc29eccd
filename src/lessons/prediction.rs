//! Predict, then watch: a lesson can stop at a moment of its run and ask what happens next
//! ("which partition does key order-77 go to?", "will the next acks=all write succeed?").
//! The answer is never written down: the engine computes it, by reading the run (a key's
//! partition) or by playing a copy of the run forward (what a rebalance moves, whether writes
//! are acknowledged, how many acknowledged records are lost). The lesson then goes on and
//! shows why.

use crate::engine::btree_collect::CollectBTree;
use crate::engine::{partition_for_key_str, Sim};
use std::collections::BTreeSet;

/// What a prediction asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Which partition of the main topic a record with `key` goes to.
    PartitionOfKey { key: &'static str },
    /// Which partitions of group `group`'s topic change owner in the next rebalance that
    /// completes within `within_ms` (none, if none completes).
    OwnersThatChange { group: u32, within_ms: u64 },
    /// Whether producer `producer`'s writes over the next `within_ms` are acknowledged: none
    /// refused or failed, and acknowledgements still arriving in the window's last quarter.
    WritesSucceed { producer: u32, within_ms: u64 },
    /// How many of producer `producer`'s acknowledged records are lost over the next
    /// `within_ms`.
    AckedLoss { producer: u32, within_ms: u64 },
}

/// A lesson's question at a moment of its run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prediction {
    /// The run pauses here and asks, in sim ms.
    pub at_ms: u64,
    /// The question in words.
    pub words: &'static str,
    /// What the engine computes.
    pub question: Question,
    /// Why the answer is what it is, shown once the user has answered: the rule, in words
    /// that hold whatever the figures (the figures are the engine's, shown beside it).
    pub why: &'static str,
}

/// How much: the three choices a loss question offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Amount {
    None,
    /// 1 to [`FEW_MAX`].
    AFew,
    Many,
}

/// The most records "a few" covers.
pub const FEW_MAX: u64 = 20;

impl Amount {
    pub fn of(n: u64) -> Amount {
        match n {
            0 => Amount::None,
            1..=FEW_MAX => Amount::AFew,
            _ => Amount::Many,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Amount::None => "none",
            Amount::AFew => "a few",
            Amount::Many => "many",
        }
    }
}

/// The engine's answer, and the form the user answers in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Partition(u32),
    Partitions(BTreeSet<u32>),
    YesNo(bool),
    Amount(Amount),
}

/// Computes the answer to `question` at the run's current moment. `forward` plays a copy of
/// the run to a later sim time, applying the lesson's actions due on the way, exactly as the
/// run itself would.
pub fn answer(question: Question, sim: &Sim, forward: &mut dyn FnMut(&mut Sim, u64)) -> Answer {
    let now = sim.now_ms();
    match question {
        Question::PartitionOfKey { key } => {
            let n = sim.topic_run(0).topic().n_partitions();
            Answer::Partition(partition_for_key_str(key, n))
        }
        Question::OwnersThatChange { group, within_ms } => {
            let owners = |s: &Sim| -> Option<(usize, Assignment)> {
                let g = s.groups().get(group as usize)?;
                let (records, _) = g.rebalances();
                let last = records.last()?;
                let owned = last
                    .assignment
                    .iter()
                    .map(|(member, tps)| {
                        (member.clone(), tps.iter().map(|tp| tp.partition).collect())
                    })
                    .collect();
                Some((records.len(), owned))
            };
            let before = owners(sim);
            let mut copy = sim.clone();
            forward(&mut copy, now + within_ms);
            let after = owners(&copy);
            let changed = match (before, after) {
                (Some((n_before, old)), Some((n_after, new))) if n_after > n_before => {
                    moved_partitions(&old, &new)
                }
                _ => BTreeSet::new(),
            };
            Answer::Partitions(changed)
        }
        Question::WritesSucceed {
            producer,
            within_ms,
        } => {
            // (acked, failed, refused attempts): a refused attempt that is retried later
            // still counts, as the producer saw the exception.
            let figures = |s: &Sim| {
                s.producers().get(producer as usize).map_or((0, 0, 0), |p| {
                    let l = p.ledger();
                    (l.acked, l.failed(), l.errors_by.values().sum::<u64>())
                })
            };
            let (_, failed, refused) = figures(sim);
            let mut copy = sim.clone();
            forward(&mut copy, now + within_ms * 3 / 4);
            let (acked_late, _, _) = figures(&copy);
            forward(&mut copy, now + within_ms);
            let (acked_end, failed_end, refused_end) = figures(&copy);
            // None refused or failed, and acknowledgements still arriving at the end: a write
            // that only waits (a leader crashed but not yet fenced) is not a success either.
            Answer::YesNo(failed_end == failed && refused_end == refused && acked_end > acked_late)
        }
        Question::AckedLoss {
            producer,
            within_ms,
        } => {
            let lost = |s: &Sim| {
                s.producers()
                    .get(producer as usize)
                    .map_or(0, |p| p.ledger().acked_lost)
            };
            let before = lost(sim);
            let mut copy = sim.clone();
            forward(&mut copy, now + within_ms);
            Answer::Amount(Amount::of(lost(&copy) - before))
        }
    }
}

/// Each member's partitions, by member name.
type Assignment = Vec<(String, Vec<u32>)>;

/// Partitions whose owner differs between two assignments (an owner gone counts as a change).
fn moved_partitions(old: &[(String, Vec<u32>)], new: &[(String, Vec<u32>)]) -> BTreeSet<u32> {
    let owner = |list: &[(String, Vec<u32>)], p: u32| {
        list.iter()
            .find(|(_, ps)| ps.contains(&p))
            .map(|(m, _)| m.clone())
    };
    let all: BTreeSet<u32> = old
        .iter()
        .chain(new)
        .flat_map(|(_, ps)| ps.iter().copied())
        .collect_set();
    all.into_iter()
        .filter(|&p| owner(old, p) != owner(new, p))
        .collect_set()
}

/// The predictions each lesson asks, by lesson id: at least one in every family (key design,
/// groups, replication, Kafka 4 groups). Kept beside the lessons rather than in each, so a lesson without
/// one stays as short as before.
pub const PREDICTIONS: &[(&str, Prediction)] = &[
    (
        "order-state-machine-fixed",
        Prediction {
            at_ms: 3_000,
            words: "Every event of order-77 is keyed by its order id. Which partition do they all go to?",
            question: Question::PartitionOfKey { key: "order-77" },
            why: "A keyed record goes to toPositive(murmur2(key)) % partitions, so every event of one order lands in one partition and keeps its order there, whatever the load.",
        },
    ),
    (
        "strategies-side-by-side",
        Prediction {
            at_ms: 9_900,
            words: "c2 is about to leave. Under cooperative-sticky, which partitions change owner?",
            question: Question::OwnersThatChange {
                group: 3,
                within_ms: 6_000,
            },
            why: "Cooperative-sticky keeps every partition with its owner where the balance allows: only the leaver's partitions are handed out, and nobody else stops reading. An eager assignor revokes everything first.",
        },
    ),
    (
        "min-insync-replicas",
        Prediction {
            at_ms: 4_900,
            words: "Broker 1 is about to crash. Will the producer's acks=all writes of the next 20 s all be acknowledged?",
            question: Question::WritesSucceed {
                producer: 0,
                within_ms: 20_000,
            },
            why: "An acks=all write is acknowledged once every in-sync replica has it, and refused (NotEnoughReplicasException) while the ISR is smaller than min.insync.replicas. A crashed broker stays in the ISR until the controller fences it, so the high watermark waits for it and writes are held meanwhile; and this lesson crashes a second broker at 16 s, which leaves one in-sync replica of the two required.",
        },
    ),
    (
        "unclean-election",
        Prediction {
            at_ms: 1_000,
            words: "The followers will die first, then the leader, and a stale follower will come back as leader. How many acknowledged records will be lost: none, a few or many?",
            question: Question::AckedLoss {
                producer: 0,
                within_ms: 40_000,
            },
            why: "An unclean election makes an out-of-sync replica the leader: everything acknowledged after it fell behind is not in its log, and the old leader truncates to match when it returns. With unclean.leader.election.enable=false the partition would stay offline instead.",
        },
    ),
    (
        "consumer-protocol",
        Prediction {
            at_ms: 9_900,
            words: "c2 of group consumer (group.protocol=consumer, the uniform assignor) is about to close. Which partitions change owner, and so stop for a moment?",
            question: Question::OwnersThatChange {
                group: 2,
                within_ms: 7_000,
            },
            why: "Under the consumer protocol the coordinator computes a new target assignment, and the uniform assignor keeps every partition with its owner where the balance allows: only the leaver's partitions move, each to its new owner once released, while everybody else keeps reading. An eager classic group stops all of them.",
        },
    ),
];

/// The predictions of the lesson with `id`, in the order they are asked.
pub fn predictions_of(id: &str) -> impl Iterator<Item = &'static Prediction> + '_ {
    PREDICTIONS
        .iter()
        .filter(move |(lesson, _)| *lesson == id)
        .map(|(_, p)| p)
}

/// [`answer`] for a run of `scenario` now at `sim`: the copy plays on with the scenario's
/// actions still ahead (those after now), as the lesson's own run will.
pub fn answer_in(question: Question, scenario: &crate::scenario::Scenario, sim: &Sim) -> Answer {
    let now = sim.now_ms();
    let mut forward = |copy: &mut Sim, until_ms: u64| {
        for action in scenario
            .actions
            .iter()
            .filter(|a| a.at_ms > now && a.at_ms <= until_ms)
        {
            copy.advance_to(action.at_ms);
            // A refused action is part of the run, as in replay.
            let _ = copy.apply(&action.to_command());
        }
        copy.advance_to(until_ms);
    };
    answer(question, sim, &mut forward)
}
