//! What the stage draws to tell a story in motion, from engine state at a time: followers
//! copying, consumers processing, a commit running ahead of processing (the gap a crash loses),
//! links dropping in eager and cooperative rebalances, a truncated tail, flagged records and
//! readable keys.

use super::*;
use crate::lessons::lesson;

fn lesson_json(id: &str) -> &'static str {
    lesson(id).expect("the lesson exists").scenario
}

#[test]
fn auto_commit_with_workers_runs_ahead_of_processing_and_a_crash_loses_the_gap() {
    let json = lesson_json("auto-commit-loss");
    // Once the group has joined (about 6 s) and before the crash at 15 s, auto-workers commits what poll returned while its workers still
    // hold it; commit-after never commits ahead of what it processed.
    let mut at_risk_seen = 0;
    for t in (7_000..15_000).step_by(1_000) {
        let sim = run(json, t);
        let m = model_of(&sim, 0, "", false);
        for s in &m.progress {
            if let Some(r) = &s.at_risk {
                assert_eq!(&*s.group, "auto-workers", "{}", r.label.value());
                assert!(r.to_x > r.from_x || r.records > 0);
                assert!(
                    r.label.value().contains("a crash now loses"),
                    "{}",
                    r.label.value()
                );
                at_risk_seen += 1;
            }
        }
        // Its four worker threads each are always busy with the backlog.
        let working = m
            .consumers
            .consumers
            .iter()
            .filter(|c| &*c.group == "auto-workers" && c.working.is_some());
        assert_eq!(working.count(), 2, "both members process at {t} ms");
    }
    assert!(at_risk_seen > 0, "the commit runs ahead of processing");
    // After the crash, the lost records are counted on their rows with the moment they were
    // flagged.
    let sim = run(json, 25_000);
    let m = model_of(&sim, 0, "", false);
    let flagged: Vec<&str> = m
        .rows
        .rows
        .iter()
        .filter_map(|r| r.log.flags.as_deref())
        .collect();
    // The ledger lists the first 20 of each kind: the row they sit on says so, with the time.
    assert!(
        flagged.contains(&"✕20+ lost 15.0s"),
        "a row says it lost records at the crash: {flagged:?}"
    );
    // The group's name line has its totals.
    let (short, words) = m.consumers.heads[0].flags.value();
    assert!(short.starts_with('✕'), "{short}");
    assert!(
        words.starts_with("ledger of group auto-workers: ") && words.contains("records lost"),
        "{words}"
    );
    assert!(m.consumers.heads[1]
        .flags
        .value()
        .1
        .contains("processed twice"));
}

#[test]
fn an_eager_rebalance_drops_every_link_and_a_cooperative_one_only_the_moved() {
    // Groups 4: the same departure at the same time, eager (range) against cooperative-sticky.
    let json = lesson_json("strategies-side-by-side");
    let sim = run(json, 1);
    let lesson_groups: Vec<String> = sim
        .groups()
        .iter()
        .map(|g| g.config().group_id.clone())
        .collect();
    let mut eager_all_dropped = false;
    let mut cooperative_some_kept = false;
    for t in (9_000..24_000).step_by(100) {
        let sim = run(json, t);
        let m = model_of(&sim, 0, "", false);
        for g in &lesson_groups {
            let links = m.consumers.links.iter().filter(|l| *l.group == **g).count();
            let unowned = m
                .consumers
                .unowned
                .iter()
                .filter(|u| *u.group == **g)
                .count();
            let n = m.rows.rows.len();
            if unowned == 0 {
                continue;
            }
            assert_eq!(links + unowned, n, "{g} at {t}: a row is linked or waits");
            if g == "range" && unowned == n {
                eager_all_dropped = true;
            }
            if g == "coop-sticky" && links > 0 {
                cooperative_some_kept = true;
                let u = m
                    .consumers
                    .unowned
                    .iter()
                    .find(|u| *u.group == **g)
                    .unwrap();
                assert!(u.label.value().ends_with("waiting for the rebalance"));
            }
        }
    }
    assert!(eager_all_dropped, "eager drops every link at once");
    assert!(
        cooperative_some_kept,
        "cooperative keeps the links that do not move"
    );
}

#[test]
fn an_unclean_election_draws_the_truncated_tail_on_the_replica() {
    // Replication 5: broker 1 is shut down at 3 s, broker 2 (the only replica left) is killed
    // at 8 s; broker 1 comes back at 12 s and leads uncleanly; broker 2 returns at 20 s and
    // truncates what broker 1 never had.
    let json = lesson_json("unclean-election");
    let sim = run(json, 19_000);
    assert!(model_of(&sim, 0, "", false).tails.is_empty());
    let sim = run(json, 26_000);
    let m = model_of(&sim, 0, "", false);
    let tail = m
        .tails
        .first()
        .expect("broker 2's replica shows its truncated tail");
    assert_eq!(tail.broker, 2);
    assert!(tail.records > 0);
    assert_eq!(tail.to_offset, tail.from_offset + tail.records - 1);
    assert_eq!(
        &**tail.count_text.value(),
        format!("✂ {} cut", tail.records)
    );
    assert!(
        tail.label.value().starts_with(&format!(
            "payments-0 on broker 2: {} records truncated at",
            tail.records
        )),
        "{}",
        tail.label.value()
    );
}

#[test]
fn followers_behind_their_leader_pulse_and_the_high_watermark_is_marked() {
    let json = r#"{"version":1,"cluster":{"brokers":3},"topic":{"partitions":2,"replication_factor":3},"producer":{"rate_per_sec":400}}"#;
    let mut pulses = 0;
    for t in (2_000..4_000).step_by(37) {
        let sim = run(json, t);
        let m = model_of(&sim, 0, "", false);
        for p in &m.pulses {
            assert!(
                p.label.value().contains("from leader broker"),
                "{}",
                p.label.value()
            );
            assert_ne!(p.from_x, p.to_x);
        }
        pulses += m.pulses.len();
        for r in &m.rows.rows {
            if let Some(x) = r.hw_x() {
                assert!((CELLS_X - CELL_GAP..=REPLICAS_X).contains(&x), "{x}");
            }
        }
    }
    assert!(pulses > 0, "followers are seen copying");
}

#[test]
fn a_consumer_protocol_member_reconciles_on_its_own_while_the_others_keep_fetching() {
    // Groups 10 (Kafka 4): c2 closes at 10 s and returns at 17 s; under the consumer protocol
    // each member moves to its new target on its own heartbeat.
    let json = lesson_json("consumer-protocol");
    let mut revoking_seen = false;
    let mut waiting_seen = false;
    let mut alongside_fetching = false;
    for t in (9_000..26_000).step_by(250) {
        let sim = run(json, t);
        let m = model_of(&sim, 0, "", false);
        let members: Vec<&Consumer> = m
            .consumers
            .consumers
            .iter()
            .filter(|c| &*c.group == "consumer")
            .collect();
        let reconciling: Vec<&Consumer> = members
            .iter()
            .copied()
            .filter(|c| c.phase == ConsumerPhase::Reconciling)
            .collect();
        for c in &reconciling {
            let label = &c.texts.value().label;
            let head = format!("consumer {} (group consumer): reconciling: ", c.name);
            assert!(label.starts_with(&head), "{label}");
            revoking_seen |= label[head.len()..].starts_with("revoking orders-");
            waiting_seen |= label.contains("waiting for orders-");
        }
        if !reconciling.is_empty()
            && members
                .iter()
                .any(|c| matches!(c.phase, ConsumerPhase::Fetching | ConsumerPhase::Processing))
        {
            alongside_fetching = true;
        }
        // A classic group never reconciles.
        assert!(m
            .consumers
            .consumers
            .iter()
            .filter(|c| &*c.group == "eager" || &*c.group == "cooperative")
            .all(|c| c.phase != ConsumerPhase::Reconciling));
    }
    assert!(revoking_seen, "a member revokes partitions on its own");
    assert!(waiting_seen, "a member waits for partitions to be released");
    assert!(alongside_fetching, "others keep fetching meanwhile");
}
