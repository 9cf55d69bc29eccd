//! Quiz me: every question's answer is the engine's, checked here against the engine by
//! another route for many seeds (a key through the partitioner, a rebalance through a whole
//! consumer group run, a write through the run's producer ledger), and a wrong answer is graded
//! wrong.

use kafka_playground::engine::partition_for_key_str;
use kafka_playground::lessons::quiz::{generate, parse_link, Facts, Owners, QuizKind};
use kafka_playground::lessons::quiz_server::next_target;
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use std::collections::BTreeSet;

const SEEDS: u64 = 48;

/// A wrong answer: the right set with its first choice toggled.
fn wrong(answer: &BTreeSet<usize>) -> BTreeSet<usize> {
    let mut w = answer.clone();
    if !w.remove(&0) {
        w.insert(0);
    }
    w
}

#[test]
fn the_same_kind_and_seed_give_the_same_question_and_a_link_names_it() {
    for kind in QuizKind::ALL {
        let q = generate(kind, 7);
        assert_eq!(q, generate(kind, 7));
        assert_eq!(parse_link(&q.link()), Some((kind, 7)));
        assert_ne!(q.next_seed(), q.seed);
    }
    for bad in [
        "",
        "key",
        "key.",
        "key.-1",
        "nope.3",
        "key.3.4",
        &"key.".repeat(20),
    ] {
        assert_eq!(parse_link(bad), None, "{bad}");
    }
}

#[test]
fn a_keys_partition_is_the_partitioners_and_a_wrong_one_is_graded_wrong() {
    for seed in 0..SEEDS {
        let q = generate(QuizKind::KeyPartition, seed);
        let Facts::Key { key, partitions } = &q.facts else {
            panic!("{q:?}")
        };
        let p = partition_for_key_str(key, *partitions) as usize;
        assert_eq!(q.answer, BTreeSet::from([p]));
        assert_eq!(q.choices.len(), *partitions as usize);
        assert!(q.grade(&BTreeSet::from([p])));
        assert!(!q.grade(&BTreeSet::from([(p + 1) % q.choices.len()])));
        assert!(!q.grade(&BTreeSet::new()));
    }
}

#[test]
fn keys_that_move_are_those_whose_partition_changes() {
    for seed in 0..SEEDS {
        let q = generate(QuizKind::KeysMove, seed);
        let Facts::Grow { keys, from, to } = &q.facts else {
            panic!("{q:?}")
        };
        assert!(to > from);
        let moved: BTreeSet<usize> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| partition_for_key_str(k, *from) != partition_for_key_str(k, *to))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(q.answer, moved, "seed {seed}");
        assert!(q.grade(&moved));
        assert!(!q.grade(&wrong(&moved)));
    }
}

/// The partitions `asked` owns once a real group run has settled after the change.
fn owned_in_a_group_run(
    assignor: &str,
    partitions: u32,
    before: &[String],
    after: &[String],
    asked: &str,
) -> BTreeSet<usize> {
    let members: Vec<String> = before
        .iter()
        .map(|m| format!(r#"{{"name":"{m}","instance_id":"{m}"}}"#))
        .collect();
    let action = match after.iter().find(|m| !before.contains(m)) {
        Some(joiner) => {
            format!(r#"{{"at_ms":20000,"type":"group","do":"add_member","name":"{joiner}"}}"#)
        }
        None => {
            let leaver = before.iter().find(|m| !after.contains(m)).unwrap();
            format!(r#"{{"at_ms":20000,"type":"group","do":"close_member","name":"{leaver}"}}"#)
        }
    };
    let json = format!(
        r#"{{"version":1,"topic":{{"name":"orders","partitions":{partitions}}},"producer":{{"rate_per_sec":5}},"groups":[{{"group_id":"g","assignors":["{assignor}"],"members":[{}]}}],"actions":[{action}]}}"#,
        members.join(",")
    );
    let scenario = Scenario::from_json(&json).expect("valid").scenario;
    let sim = replay(&scenario, 90_000, false).expect("runs");
    let (records, _) = sim.groups()[0].rebalances();
    let last = records.last().expect("rebalanced");
    last.assignment
        .iter()
        .find(|(m, _)| m == asked)
        .map(|(_, tps)| tps.iter().map(|tp| tp.partition as usize).collect())
        .unwrap_or_default()
}

#[test]
fn a_rebalance_question_agrees_with_a_whole_group_run_of_the_same_assignor() {
    let mut assignors = BTreeSet::new();
    for seed in 0..SEEDS {
        let q = generate(QuizKind::Assignment, seed);
        let Facts::Assignment {
            assignor,
            partitions,
            before,
            after,
            asked,
            ..
        } = &q.facts
        else {
            panic!("{q:?}")
        };
        assignors.insert(*assignor);
        let run = owned_in_a_group_run(assignor, *partitions, before, after, asked);
        assert_eq!(q.answer, run, "seed {seed}: {}", q.words);
        assert!(!q.grade(&wrong(&run)));
    }
    assert_eq!(assignors.len(), 4, "every assignor is drawn");
}

#[test]
fn a_write_question_agrees_with_the_runs_producer_ledger() {
    let (mut yes, mut no) = (0, 0);
    for seed in 0..SEEDS {
        let q = generate(QuizKind::WriteSucceeds, seed);
        let Facts::Write { scenario, at_ms } = &q.facts else {
            panic!("{q:?}")
        };
        let at = replay(scenario, *at_ms, false).unwrap();
        let end = replay(scenario, at_ms + 10_000, false).unwrap();
        let late = replay(scenario, at_ms + 7_500, false).unwrap();
        let ledger = |s: &kafka_playground::engine::Sim| {
            let l = s.producers()[0].ledger();
            (l.acked, l.failed() + l.errors_by.values().sum::<u64>())
        };
        let (_, bad_at) = ledger(&at);
        let (acked_late, _) = ledger(&late);
        let (acked_end, bad_end) = ledger(&end);
        let acknowledged = bad_end == bad_at && acked_end > acked_late;
        assert_eq!(
            q.answer,
            BTreeSet::from([if acknowledged { 0 } else { 1 }]),
            "seed {seed}: {}",
            q.words
        );
        assert!(!q.grade(&wrong(&q.answer)));
        if acknowledged {
            yes += 1;
        } else {
            no += 1;
        }
    }
    assert!(yes > 5 && no > 5, "both answers occur: {yes} yes, {no} no");
}

/// A `group.protocol=consumer` group run of `before`, then the change at 20 s: each member's
/// partitions just before the change and once settled (a crashed member leaves at its 45 s
/// session timeout).
fn consumer_protocol_run(
    assignor: &str,
    partitions: u32,
    before: &[String],
    after: &[String],
) -> (Owners, Owners) {
    let members: Vec<String> = before
        .iter()
        .map(|m| format!(r#"{{"name":"{m}","instance_id":"{m}"}}"#))
        .collect();
    let action = match after.iter().find(|m| !before.contains(m)) {
        Some(joiner) => format!(
            r#"{{"at_ms":20000,"type":"group","do":"add_member","name":"{joiner}","instance_id":"{joiner}"}}"#
        ),
        None => {
            let leaver = before.iter().find(|m| !after.contains(m)).unwrap();
            format!(r#"{{"at_ms":20000,"type":"group","do":"crash_member","name":"{leaver}"}}"#)
        }
    };
    let json = format!(
        r#"{{"version":1,"topic":{{"name":"orders","partitions":{partitions}}},"producer":{{"rate_per_sec":5}},"groups":[{{"group_id":"g","group_protocol":"consumer","group_remote_assignor":"{assignor}","members":[{}]}}],"actions":[{action}]}}"#,
        members.join(",")
    );
    let scenario = Scenario::from_json(&json).expect("valid").scenario;
    let owners = |until_ms: u64| -> Owners {
        let sim = replay(&scenario, until_ms, false).expect("runs");
        let (records, _) = sim.groups()[0].rebalances();
        let last = records.last().expect("rebalanced");
        last.assignment
            .iter()
            .map(|(m, tps)| (m.clone(), tps.iter().map(|tp| tp.partition).collect()))
            .collect()
    };
    (owners(19_000), owners(90_000))
}

fn owned(owners: &Owners, member: &str) -> BTreeSet<usize> {
    owners
        .iter()
        .find(|(m, _)| m == member)
        .map(|(_, ps)| ps.iter().map(|&p| p as usize).collect())
        .unwrap_or_default()
}

#[test]
fn a_kafka_4_rebalance_question_is_the_server_assignors_and_agrees_with_a_group_run() {
    let (mut assignors, mut same_start) = (BTreeSet::new(), 0);
    for seed in 0..SEEDS {
        let q = generate(QuizKind::ServerAssignment, seed);
        let Facts::ServerAssignment {
            assignor,
            topic,
            partitions,
            current,
            after,
            asked,
        } = &q.facts
        else {
            panic!("{q:?}")
        };
        assignors.insert(*assignor);
        assert!(q.words.contains("group.protocol=consumer"), "{}", q.words);
        let engine = owned(
            &next_target(assignor, topic, *partitions, after, current),
            asked,
        );
        assert_eq!(q.answer, engine, "seed {seed}: {}", q.words);
        assert!(q.grade(&engine), "the engine's answer is graded right");
        assert!(
            !q.grade(&wrong(&engine)),
            "seed {seed}: a wrong answer is graded wrong"
        );
        assert_eq!(
            parse_link(&q.link()),
            Some((QuizKind::ServerAssignment, seed))
        );
        // A whole group run draws its own member ids: where it starts from the stated
        // assignment, it ends where the question says.
        let before: Vec<String> = current.iter().map(|(m, _)| m.clone()).collect();
        let (start, end) = consumer_protocol_run(assignor, *partitions, &before, after);
        if owned_all(&start) == owned_all(current) {
            same_start += 1;
            assert_eq!(owned(&end, asked), q.answer, "seed {seed}: {}", q.words);
        }
    }
    assert_eq!(assignors.len(), 2, "uniform and range are both drawn");
    assert!(same_start >= SEEDS / 4, "{same_start} runs start as stated");
}

fn owned_all(owners: &Owners) -> BTreeSet<(String, u32)> {
    owners
        .iter()
        .flat_map(|(m, ps)| ps.iter().map(move |&p| (m.clone(), p)))
        .collect()
}
