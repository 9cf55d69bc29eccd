//! Predictions: each lesson's question is answered by the engine at its moment, and the answer
//! follows the scenario (change one setting and the answer changes), so none is hard-coded.

use kafka_playground::lessons::prediction::{answer_in, Amount, Answer, Question, PREDICTIONS};
use kafka_playground::lessons::{lesson, lesson_scenario};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use std::collections::BTreeSet;

fn answer_at(scenario: &Scenario, at_ms: u64, question: Question) -> Answer {
    let sim = replay(scenario, at_ms, false).expect("the scenario runs");
    answer_in(question, scenario, &sim)
}

fn lesson_answer(id: &str) -> (Scenario, u64, Question, Answer) {
    let (_, p) = PREDICTIONS
        .iter()
        .find(|(l, _)| *l == id)
        .expect("a prediction");
    let scenario = lesson_scenario(lesson(id).expect("the lesson exists"));
    let a = answer_at(&scenario, p.at_ms, p.question);
    (scenario, p.at_ms, p.question, a)
}

#[test]
fn every_prediction_belongs_to_a_lesson_and_every_family_has_one() {
    for (id, p) in PREDICTIONS {
        assert!(lesson(id).is_some(), "no lesson {id}");
        assert!(p.words.ends_with('?'), "{}", p.words);
    }
    for family in [
        "order-",
        "strategies-",
        "min-insync",
        "unclean",
        "consumer-protocol",
    ] {
        assert!(
            PREDICTIONS.iter().any(|(id, _)| id.starts_with(family)),
            "{family}"
        );
    }
}

#[test]
fn a_keys_partition_is_murmur2_of_the_key_and_moves_with_the_partition_count() {
    let (mut scenario, at, q, a) = lesson_answer("order-state-machine-fixed");
    assert_eq!(
        a,
        Answer::Partition(kafka_playground::engine::partition_for_key_str(
            "order-77", 6
        ))
    );
    scenario.topic.partitions = 7;
    let other = answer_at(&scenario, at, q);
    assert_eq!(
        other,
        Answer::Partition(kafka_playground::engine::partition_for_key_str(
            "order-77", 7
        ))
    );
    assert_ne!(a, other, "the answer follows the partition count");
}

#[test]
fn a_cooperative_leave_moves_only_the_leavers_partitions() {
    let (scenario, at, _, a) = lesson_answer("strategies-side-by-side");
    let Answer::Partitions(moved) = a else {
        panic!("{a:?}")
    };
    // c2's partitions before it leaves: exactly those change owner.
    let sim = replay(&scenario, at, false).unwrap();
    let (records, _) = sim.groups()[3].rebalances();
    let c2: BTreeSet<u32> = records
        .last()
        .unwrap()
        .assignment
        .iter()
        .find(|(m, _)| m == "c2")
        .unwrap()
        .1
        .iter()
        .map(|tp| tp.partition)
        .collect();
    assert_eq!(moved, c2);
    // The eager range group moves more than the leaver's own.
    let eager = answer_at(
        &scenario,
        at,
        Question::OwnersThatChange {
            group: 0,
            within_ms: 6_000,
        },
    );
    let Answer::Partitions(eager) = eager else {
        panic!()
    };
    assert!(eager.is_superset(&moved) || eager.len() >= moved.len());
}

#[test]
fn under_the_consumer_protocol_only_the_leavers_partitions_move() {
    let (scenario, at, _, a) = lesson_answer("consumer-protocol");
    let Answer::Partitions(moved) = a else {
        panic!("{a:?}")
    };
    // c2's partitions before it closes (group 2, the consumer protocol): exactly those move.
    let sim = replay(&scenario, at, false).unwrap();
    let (records, _) = sim.groups()[2].rebalances();
    let c2: BTreeSet<u32> = records
        .last()
        .unwrap()
        .assignment
        .iter()
        .find(|(m, _)| m == "c2")
        .unwrap()
        .1
        .iter()
        .map(|tp| tp.partition)
        .collect();
    assert_eq!(c2.len(), 6, "24 partitions over four members");
    assert_eq!(moved, c2);
    // The eager group of the same lesson, asked the same, moves more: the answer is the run's.
    let eager = answer_at(
        &scenario,
        at,
        Question::OwnersThatChange {
            group: 0,
            within_ms: 7_000,
        },
    );
    let Answer::Partitions(eager) = eager else {
        panic!()
    };
    assert!(eager.len() > moved.len(), "{eager:?} vs {moved:?}");
}

#[test]
fn writes_stall_when_the_isr_cannot_meet_min_insync_replicas_and_go_on_when_it_can() {
    let (mut scenario, at, q, _) = lesson_answer("min-insync-replicas");
    let with_faults = answer_at(&scenario, at, q);
    scenario.actions.clear();
    let without = answer_at(&scenario, at, q);
    assert_eq!(
        without,
        Answer::YesNo(true),
        "no broker dies: every write is acknowledged"
    );
    assert_eq!(
        with_faults,
        Answer::YesNo(false),
        "two of three brokers die within the window"
    );
}

#[test]
fn unclean_election_loses_acknowledged_records_and_a_clean_one_loses_none() {
    let (mut scenario, at, q, a) = lesson_answer("unclean-election");
    assert!(
        matches!(a, Answer::Amount(Amount::AFew | Amount::Many)),
        "{a:?}"
    );
    scenario.cluster.unclean_leader_election = false;
    assert_eq!(answer_at(&scenario, at, q), Answer::Amount(Amount::None));
}
