//! Every lesson's claims, checked on the engine: run each lesson's scenario and require every
//! claim to hold, so a lesson can never teach something the simulation does not show.

use kafka_playground::lessons::{judge, lesson_scenario, Verdict, LESSONS};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

#[test]
fn every_lesson_claim_holds_in_its_own_scenario() {
    for lesson in LESSONS {
        let scenario = lesson_scenario(lesson);
        // 30 s, or as long as a claim waits (retention's first check is at 30 s).
        let run_ms = lesson
            .claims
            .iter()
            .filter_map(|(_, claim)| claim.by_ms())
            .fold(30_000, u64::max);
        let sim = replay(&scenario, run_ms, false).expect("lesson scenarios run");
        for (words, claim) in lesson.claims {
            assert_eq!(
                judge(*claim, &sim),
                Verdict::Holds,
                "lesson {}: “{words}”",
                lesson.id
            );
        }
    }
}

#[test]
fn lessons_have_unique_ids_steps_and_links_that_round_trip() {
    let mut ids = std::collections::BTreeSet::new();
    for lesson in LESSONS {
        assert!(ids.insert(lesson.id), "duplicate lesson id {}", lesson.id);
        assert!(!lesson.steps.is_empty() && !lesson.claims.is_empty());
        let scenario = lesson_scenario(lesson);
        let decoded = Scenario::from_fragment(&scenario.to_fragment()).expect("the link opens");
        assert_eq!(decoded.scenario.lesson.as_deref(), Some(lesson.id));
    }
}

#[test]
fn claims_wait_for_enough_data() {
    let lesson = LESSONS.iter().find(|l| l.id == "key-country").unwrap();
    let sim = replay(&lesson_scenario(lesson), 100, false).unwrap();
    assert_eq!(judge(lesson.claims[0].1, &sim), Verdict::Watching);
}

#[test]
fn an_unknown_lesson_is_refused_clearly() {
    let err = kafka_playground::session::open::from_json(r#"{"version":1,"lesson":"how-to-fly"}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("no lesson called \"how-to-fly\""),
        "{err}"
    );
}

/// Every kind of claim, and every measure a claim can read, in a scenario where it must
/// **fail**: a claim that cannot fail would let a lesson pass without showing anything, and a
/// dead measure (always 0) would make every "at most" claim hold. Each row names the lesson
/// whose scenario contradicts the claim.
#[test]
fn every_claim_kind_fails_where_the_run_contradicts_it() {
    use kafka_playground::lessons::{Claim::*, GroupMetric as G, ReplicationMetric as R};
    let by_ms = 30_000;
    let group_at_most = |group, metric| GroupAtMost {
        group,
        metric,
        value: 0,
        by_ms,
    };
    let replication_at_most = |metric| ReplicationAtMost {
        metric,
        value: 0,
        by_ms,
    };
    let cases = [
        // Key design: the even spread contradicts skew, and five keys cannot use six partitions.
        ("key-country", AllPartitionsUsed),
        ("key-country", SkewBelow { percent: 150 }),
        ("key-user-id", SkewAtLeast { percent: 250 }),
        ("key-user-id", HotPartitionOf { key: "US" }),
        ("key-user-id", PartitionsUsedAtMost { n: 5 }),
        ("key-user-id", PartitionerSwitchedAtLeast { n: 10 }),
        ("order-state-machine-broken", OrderIntact),
        // Per-second skew: an even spread has no second owned by one partition, and with one
        // partition the hot partition cannot move.
        (
            "key-user-id",
            BusiestEachSecondAtLeast {
                percent: 90,
                seconds: 10,
            },
        ),
        (
            "global-order",
            HotPartitionMovedAtLeast {
                partitions: 2,
                seconds: 10,
            },
        ),
        (
            "order-state-machine-fixed",
            OrderBrokenFor {
                n: 5,
                by_ms: 20_000,
            },
        ),
        ("add-partitions", KeysMovedAtLeast { percent: 100 }),
        // Groups: each measure is live (above 0 somewhere), and "at least" fails too.
        ("auto-commit-loss", group_at_most(0, G::Lost)),
        ("auto-commit-loss", group_at_most(1, G::Duplicated)),
        ("parallel-within-partition", group_at_most(1, G::OutOfOrder)),
        ("idle-consumer", group_at_most(0, G::IdleMembers)),
        // Share groups (KIP-932): each measure is live where its lesson shows it.
        ("share-seventh-consumer", group_at_most(1, G::BusyMembers)),
        ("share-seventh-consumer", group_at_most(1, G::OutOfOrder)),
        // Its locks expire at about 40 s.
        (
            "share-lock-expiry",
            GroupAtMost {
                group: 0,
                metric: G::ShareLocksExpired,
                value: 0,
                by_ms: 45_000,
            },
        ),
        (
            "share-lock-expiry",
            GroupAtMost {
                group: 0,
                metric: G::Duplicated,
                value: 0,
                by_ms: 45_000,
            },
        ),
        ("poison-message", group_at_most(0, G::ShareRejected)),
        ("poison-message", group_at_most(0, G::ShareArchived)),
        ("poison-message", group_at_most(1, G::ShareRedelivered)),
        ("poison-message", group_at_most(2, G::FailedMembers)),
        // The implicit group's locks expire 30 s after its consumers stop, so well before
        // 39 s after the start.
        (
            "poison-message",
            GroupAtLeast {
                group: 2,
                metric: G::ShareFirstLockExpiryMs,
                value: 39_000,
                by_ms: 40_000,
            },
        ),
        ("rebalance-triggers", group_at_most(0, G::Rebalances)),
        ("slow-consumer", group_at_most(0, G::CommitFailures)),
        ("offset-reset", group_at_most(2, G::FailedMembers)),
        ("two-groups", group_at_most(0, G::ProcessedPercent)),
        (
            "strategies-side-by-side",
            group_at_most(0, G::RebalancePause),
        ),
        (
            "strategies-side-by-side",
            group_at_most(3, G::MostPausedAtOnce),
        ),
        (
            "truncation-detected",
            group_at_most(0, G::TruncationsDetected),
        ),
        (
            "retention-log-start",
            GroupAtMost {
                group: 0,
                metric: G::SkippedByRetention,
                value: 0,
                by_ms: 40_000,
            },
        ),
        (
            "two-groups",
            GroupAtLeast {
                group: 0,
                metric: G::IdleMembers,
                value: 1,
                by_ms,
            },
        ),
        (
            "strategies-side-by-side",
            GroupBelow {
                group: 0,
                than: 3,
                metric: G::MostPausedAtOnce,
                by_ms: 25_000,
            },
        ),
        // Replication: each measure is live, and "at least" fails where nothing goes wrong.
        (
            "replication-basics",
            replication_at_most(R::Acked { producer: 0 }),
        ),
        (
            "acks-table",
            replication_at_most(R::AckedLost { producer: 1 }),
        ),
        (
            "min-insync-replicas",
            replication_at_most(R::NotEnoughReplicas { producer: 0 }),
        ),
        (
            "clean-election-waits",
            replication_at_most(R::OfflinePartitions),
        ),
        ("isr-shrink-expand", replication_at_most(R::IsrShrinks)),
        ("isr-shrink-expand", replication_at_most(R::IsrExpands)),
        ("unclean-election", replication_at_most(R::Truncated)),
        (
            "min-insync-replicas",
            replication_at_most(R::UnderReplicated),
        ),
        (
            "replication-basics",
            ReplicationAtLeast {
                metric: R::AckedLost { producer: 0 },
                value: 1,
                by_ms,
            },
        ),
        // Producer: the idempotent topic's group keeps order, and a slow broker gets its
        // share when adaptive partitioning is off (the lesson's side-by-side copy).
        ("retries-reorder", group_at_most(0, G::OutOfOrder)),
        (
            "retries-reorder",
            GroupAtLeast {
                group: 1,
                metric: G::OutOfOrder,
                value: 1,
                by_ms,
            },
        ),
        (
            "partitions-recovery",
            UnavailableTimes {
                topic: 1,
                than: 0,
                factor: 4,
                by_ms,
            },
        ),
    ];
    for (lesson_id, claim) in cases {
        let lesson = LESSONS
            .iter()
            .find(|l| l.id == lesson_id)
            .unwrap_or_else(|| panic!("no lesson {lesson_id}"));
        let run_ms = claim.by_ms().unwrap_or(by_ms).max(by_ms);
        let sim = replay(&lesson_scenario(lesson), run_ms, false).expect("lesson scenarios run");
        assert_eq!(
            judge(claim, &sim),
            Verdict::Fails,
            "{claim:?} must fail in the scenario of lesson {lesson_id}"
        );
    }
}

/// "Groups 5" says what its run shows and what the same run with dynamic members shows; both
/// are run here. With dynamic members the restarted c2 is a new member: its JoinGroup starts a
/// rebalance, and the join phase ends only when every member has rejoined or been removed,
/// which for the crashed one is its session's expiry. That is Kafka 4.x's classic group
/// coordinator, `GroupMetadataManager.maybeCompleteJoinPhase` (`hasAllMembersJoined`) and
/// `expireClassicGroupMemberHeartbeat` → `removeMemberAndUpdateClassicGroup` →
/// `completeClassicGroupJoin`: one rebalance, not two.
#[test]
fn static_membership_lesson_states_the_rebalances_its_runs_show() {
    use kafka_playground::engine::Sim;
    let lesson = LESSONS
        .iter()
        .find(|l| l.id == "static-membership")
        .expect("the lesson exists");
    let text = lesson.steps.join(" ");
    assert!(text.contains("without a rebalance"), "{text}");
    assert!(
        text.contains("Try it with dynamic members: one rebalance"),
        "{text}"
    );
    assert!(
        text.contains("about 21 s") && text.contains("every partition about 9 s more"),
        "{text}"
    );

    // Rebalances after the group's first join, with when each became Stable.
    let after_first_join = |sim: &Sim| -> Vec<u64> {
        let (records, _) = sim.groups()[0].rebalances();
        records.iter().skip(1).map(|r| r.at_ms).collect()
    };
    let static_run = replay(&lesson_scenario(lesson), 28_000, false).unwrap();
    assert_eq!(after_first_join(&static_run), Vec::<u64>::new());

    let mut dynamic = lesson_scenario(lesson);
    for member in &mut dynamic.groups[0].members {
        member.instance_id = None;
    }
    let dynamic_run = replay(&dynamic, 28_000, false).unwrap();
    let rebalances = after_first_join(&dynamic_run);
    assert_eq!(rebalances.len(), 1, "{rebalances:?}");
    // c2 crashed at 8 s; its session (15 s) runs from its last heartbeat, 6 s or so.
    assert!((20_500..=21_500).contains(&rebalances[0]), "{rebalances:?}");
    // What the long rebalance costs beyond the static run: about 9 s for each of the six
    // partitions (c1's and c3's from their rejoin at 12 s, c2's beyond the static restart).
    let pause_ms = |sim: &Sim| sim.groups()[0].metrics().pause_partition_ms;
    let extra_ms = pause_ms(&dynamic_run) - pause_ms(&static_run);
    assert!((6 * 8_500..=6 * 9_500).contains(&extra_ms), "{extra_ms}");
}

/// A claim's verdict is stable once decided: judged every 200 ms of sim time over 45 s of
/// each lesson, a claim that has passed or failed never changes its mind (the wall-clock
/// lesson's skew check once flipped between ✗ and ✓ as the hot second moved on).
#[test]
fn every_claim_verdict_is_stable_once_decided() {
    use kafka_playground::engine::Sim;
    let mut flips = Vec::new();
    for lesson in LESSONS {
        let scenario = lesson_scenario(lesson);
        let mut sim = Sim::new(scenario.sim_config()).expect("lesson scenarios run");
        let mut actions = scenario.actions.iter().peekable();
        let mut decided: Vec<Option<(u64, Verdict)>> = vec![None; lesson.claims.len()];
        for tick in 1..=225u64 {
            let to_ms = tick * 200;
            while let Some(action) = actions.next_if(|a| a.at_ms <= to_ms) {
                sim.advance_to(action.at_ms);
                let _ = sim.apply(&action.to_command());
            }
            sim.advance_to(to_ms);
            for (i, (words, claim)) in lesson.claims.iter().enumerate() {
                let now = judge(*claim, &sim);
                match decided[i] {
                    None if now != Verdict::Watching => decided[i] = Some((to_ms, now)),
                    Some((at_ms, first)) if now != first => {
                        flips.push(format!(
                            "lesson {}: “{words}” was {first:?} at {at_ms} ms, {now:?} at {to_ms} ms",
                            lesson.id
                        ));
                        decided[i] = Some((to_ms, now));
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(flips.is_empty(), "{}", flips.join("\n"));
}
