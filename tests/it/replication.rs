//! Replication in whole runs: UncleanLeaderElectionTest reproduced as a scenario, the acks table
//! (what each acks setting loses when the leader dies), min.insync.replicas refusals, ISR shrink
//! and expand with a slow broker, truncation shown side by side, and Kafka's refusals.

use kafka_playground::engine::{Command, ProduceError, SendFailure, Sim};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario
}

fn with_actions(base: &str, actions: &str) -> Scenario {
    scenario(&format!(
        "{},\"actions\":[{actions}]}}",
        &base[..base.len() - 1]
    ))
}

/// Partition 0's leader and the other replicas at time 0.
fn roles(s: &Scenario) -> (u32, Vec<u32>) {
    let sim = replay(s, 0, false).unwrap();
    let rep = sim.topic_run(0).replication(0).unwrap();
    let leader = rep.leader.unwrap();
    (
        leader,
        rep.replicas
            .iter()
            .map(|r| r.broker)
            .filter(|&b| b != leader)
            .collect(),
    )
}

fn leader_keys(sim: &Sim) -> Vec<String> {
    sim.topic_run(0).topic().partitions[0]
        .records
        .iter()
        .map(|s| s.record.key.as_deref().unwrap_or("").to_string())
        .collect()
}

const TWO_BROKERS: &str = r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":UNCLEAN},"topic":{"name":"t","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":0,"idempotence":false,"keys":{"kind":"none"}}}"#;

fn unclean_run(unclean: bool, restart_old_leader_at: Option<u64>) -> Sim {
    let base = TWO_BROKERS.replace("UNCLEAN", if unclean { "true" } else { "false" });
    let (leader, others) = roles(&scenario(&base));
    let follower = others[0];
    // Controlled shutdowns: the controller moves leadership and the ISR at once
    // (ReplicationControlManager.handleBrokerInControlledShutdown), as UncleanLeaderElectionTest
    // needs; a crash would leave both in the ISR for the session timeout.
    let mut actions = format!(
        r#"{{"at_ms":0,"type":"produce","key":"first"}},{{"at_ms":1000,"type":"shutdown_broker","broker":{follower}}},{{"at_ms":1100,"type":"produce","key":"second"}},{{"at_ms":2000,"type":"shutdown_broker","broker":{leader}}},{{"at_ms":2100,"type":"restart_broker","broker":{follower}}},{{"at_ms":2200,"type":"produce","key":"third"}}"#
    );
    if let Some(at) = restart_old_leader_at {
        actions.push_str(&format!(
            r#",{{"at_ms":{at},"type":"restart_broker","broker":{leader}}}"#
        ));
    }
    replay(&with_actions(&base, &actions), 20_000, true).unwrap()
}

#[test]
fn unclean_leader_election_enabled_loses_second() {
    let sim = unclean_run(true, None);
    assert_eq!(leader_keys(&sim), ["first", "third"]);
    assert_eq!(
        sim.producer(0).ledger().acked_lost,
        1,
        "'second' was acknowledged, then lost"
    );
    let rep = sim.topic_run(0).replication(0).unwrap();
    assert!(rep.leader.is_some());
}

#[test]
fn unclean_leader_election_disabled_stays_unavailable_and_loses_nothing() {
    let sim = unclean_run(false, None);
    assert!(
        sim.topic_run(0).replication(0).unwrap().leader.is_none(),
        "no ISR replica runs: offline"
    );
    assert_eq!(
        sim.topic_run(0).consumer_high_watermark(0),
        2,
        "consumers see first and second only"
    );
    assert_eq!(sim.producer(0).ledger().acked_lost, 0);
    // NetworkClient.ready / RecordAccumulator.ready: 'third' is never sent to the dead leader
    // its metadata named (no connection to it), nor bounced off the offline partition: it waits
    // in the accumulator.
    let errors = &sim.producer(0).ledger().errors_by;
    assert!(!errors.contains_key(&ProduceError::Network), "{errors:?}");
    assert!(
        !errors.contains_key(&ProduceError::LeaderNotAvailable),
        "{errors:?}"
    );
    assert_eq!(sim.producer(0).client().queued_records(), 1);
    // The old leader comes back (within delivery.timeout.ms): 'third' gets through.
    let sim = unclean_run(false, Some(10_000));
    assert_eq!(leader_keys(&sim), ["first", "second", "third"]);
    assert_eq!(sim.producer(0).ledger().acked_lost, 0);
    assert!(sim.topic_run(0).replication(0).unwrap().unavailable_ms >= 7_900);
    // The restarted follower caught up.
    let rep = sim.topic_run(0).replication(0).unwrap();
    assert_eq!(rep.isr.len(), 2);
}

#[test]
fn delivery_times_out_when_the_partition_stays_offline() {
    let sim = {
        let base = TWO_BROKERS.replace("UNCLEAN", "false");
        let (leader, others) = roles(&scenario(&base));
        let actions = format!(
            r#"{{"at_ms":100,"type":"kill_broker","broker":{}}},{{"at_ms":200,"type":"kill_broker","broker":{leader}}},{{"at_ms":300,"type":"produce","key":"x"}}"#,
            others[0]
        );
        replay(&with_actions(&base, &actions), 130_000, false).unwrap()
    };
    assert_eq!(
        sim.producer(0)
            .ledger()
            .failed_by
            .get(&SendFailure::Error(ProduceError::Timeout)),
        Some(&1)
    );
    assert_eq!(sim.totals().failed, 1);
}

const ACKS: &str = r#"{"version":1,"seed":3,"cluster":{"replica_latency_ms":20},"topic":{"name":"t","partitions":1},"producer":{"rate_per_sec":200,"acks":"0","keys":{"kind":"none"}},"more_producers":[{"rate_per_sec":200,"acks":"1","keys":{"kind":"none"}},{"rate_per_sec":200,"keys":{"kind":"none"}}]}"#;

#[test]
fn the_acks_table_when_the_leader_dies() {
    let (leader, _) = roles(&scenario(ACKS));
    // A crash at 5003 was last heard of at 4000: fenced at 13000 (broker.session.timeout.ms
    // 9000), when a follower takes over.
    let sim = replay(
        &with_actions(
            ACKS,
            &format!(r#"{{"at_ms":5003,"type":"kill_broker","broker":{leader}}}"#),
        ),
        20_000,
        false,
    )
    .unwrap();
    let lost: Vec<u64> = sim
        .producers()
        .iter()
        .map(|p| p.ledger().acked_lost)
        .collect();
    assert!(
        lost[0] > 0,
        "acks=0 loses what was on its way and what only the leader had: {lost:?}"
    );
    assert!(
        lost[1] > 0,
        "acks=1 loses what only the leader had: {lost:?}"
    );
    assert_eq!(lost[2], 0, "acks=all loses nothing: {lost:?}");
    assert!(sim.producers()[2].ledger().acked > 1_500);
}

const MIN_ISR: &str = r#"{"version":1,"topic":{"name":"t","partitions":1,"replication_factor":3,"min_insync_replicas":2},"producer":{"rate_per_sec":50,"keys":{"kind":"none"}}}"#;

#[test]
fn acks_all_with_min_isr_two_on_three_replicas() {
    let (_, others) = roles(&scenario(MIN_ISR));
    // A crashed follower stays in the ISR until the controller fences it
    // (BrokerHeartbeatManager: last heartbeat at 2000, session 9000): acks=all writes wait.
    let stalled = replay(
        &with_actions(
            MIN_ISR,
            &format!(
                r#"{{"at_ms":2000,"type":"kill_broker","broker":{}}}"#,
                others[0]
            ),
        ),
        10_900,
        false,
    )
    .unwrap();
    let acked = stalled.producer(0).ledger().acked;
    assert!(
        acked <= 101,
        "the HW waits for the crashed follower: {acked}"
    );
    assert_eq!(
        stalled.topic_run(0).replication(0).unwrap().isr.len(),
        3,
        "not fenced yet"
    );
    let one_down = replay(
        &with_actions(
            MIN_ISR,
            &format!(
                r#"{{"at_ms":2000,"type":"kill_broker","broker":{}}}"#,
                others[0]
            ),
        ),
        16_000,
        false,
    )
    .unwrap();
    assert!(
        one_down.producer(0).ledger().errors_by.is_empty(),
        "two in sync: writes go on"
    );
    assert!(
        one_down.producer(0).ledger().acked > 600,
        "fenced at 11000, the held writes and the new ones are acknowledged"
    );
    let two_down = replay(
        // Controlled shutdowns take both followers out of the ISR at once (crashes would hold
        // the writes until the fencing, then until request.timeout.ms, as the HW no longer
        // moves below min.insync.replicas).
        &with_actions(MIN_ISR, &format!(r#"{{"at_ms":2000,"type":"shutdown_broker","broker":{}}},{{"at_ms":2000,"type":"shutdown_broker","broker":{}}}"#, others[0], others[1])),
        15_000,
        false,
    )
    .unwrap();
    let errors = &two_down.producer(0).ledger().errors_by;
    assert!(
        errors
            .get(&ProduceError::NotEnoughReplicas)
            .is_some_and(|&n| n > 0),
        "{errors:?}"
    );
    let hw = two_down.topic_run(0).consumer_high_watermark(0);
    assert!(hw <= 101, "nothing more is written: hw {hw}");
}

#[test]
fn min_isr_above_the_replication_factor_uses_the_replication_factor() {
    // Kafka accepts min.insync.replicas 3 on RF 2; acks=all then needs both replicas.
    let json = r#"{"version":1,"cluster":{"brokers":2},"topic":{"name":"t","partitions":1,"replication_factor":2,"min_insync_replicas":3},"producer":{"rate_per_sec":50,"keys":{"kind":"none"}}}"#;
    let sim = replay(&scenario(json), 3_000, false).unwrap();
    assert!(
        sim.producer(0).ledger().acked > 100,
        "min(3, RF 2) = 2 replicas, both in sync"
    );
    let (_, others) = roles(&scenario(json));
    let sim = replay(
        &with_actions(
            json,
            &format!(
                r#"{{"at_ms":1000,"type":"shutdown_broker","broker":{}}}"#,
                others[0]
            ),
        ),
        // Out of the ISR at once (a controlled shutdown).
        3_000,
        false,
    )
    .unwrap();
    assert!(sim
        .producer(0)
        .ledger()
        .errors_by
        .contains_key(&ProduceError::NotEnoughReplicas));
}

#[test]
fn a_slow_follower_leaves_the_isr_and_rejoins() {
    let json = r#"{"version":1,"cluster":{"replica_lag_time_max_ms":10000},"topic":{"name":"t","partitions":1},"producer":{"rate_per_sec":50,"keys":{"kind":"none"}}}"#;
    let (_, others) = roles(&scenario(json));
    let actions = format!(
        r#"{{"at_ms":1000,"type":"slow_broker","broker":{0},"delay_ms":15000}},{{"at_ms":22000,"type":"slow_broker","broker":{0},"delay_ms":0}}"#,
        others[0]
    );
    let s = with_actions(json, &actions);
    let sim = replay(&s, 16_000, false).unwrap();
    let rep = sim.topic_run(0).replication(0).unwrap();
    assert!(!rep.isr.contains(&others[0]), "out after lag {:?}", rep.isr);
    let sim = replay(&s, 45_000, false).unwrap();
    assert!(
        sim.topic_run(0)
            .replication(0)
            .unwrap()
            .isr
            .contains(&others[0]),
        "back once caught up"
    );
}

#[test]
fn truncation_is_shown_side_by_side() {
    let sim = unclean_run(true, Some(5_000));
    let rep = sim.topic_run(0).replication(0).unwrap();
    let t = rep.truncations.back().expect("the old leader truncated");
    assert_eq!(t.to_offset, 1);
    assert_eq!(t.removed.len(), 1, "'second' only it had");
    assert_eq!(
        t.leader_then.len(),
        1,
        "'third' is at that offset on the leader"
    );
    assert_ne!(t.removed[0].1, t.leader_then[0].1);
}

#[test]
fn kafkas_refusals_in_clear_words() {
    let mut sim = Sim::new(Scenario::default().sim_config()).unwrap();
    let err = sim
        .apply(&Command::RestartBroker { broker: 1 })
        .unwrap_err();
    assert!(err.to_string().contains("Failed to acquire lock"), "{err}");
    let err = sim.apply(&Command::KillBroker { broker: 9 }).unwrap_err();
    assert!(err.to_string().contains("no broker 9"), "{err}");
    // Controlled shutdowns move leadership at once; the last ISR member leaves it offline.
    for b in 1..=3 {
        sim.apply(&Command::ShutdownBroker { broker: b }).unwrap();
    }
    assert!(
        sim.topic_run(0)
            .replications()
            .iter()
            .all(|r| r.leader.is_none()),
        "every partition offline"
    );
    assert!(sim
        .apply(&Command::KillBroker { broker: 2 })
        .unwrap_err()
        .to_string()
        .contains("already stopped"));
    sim.advance_to(5_000);
    sim.apply(&Command::RestartBroker { broker: 2 }).unwrap();
    sim.advance_to(10_000);
    kafka_playground::engine::check_invariants(&sim).unwrap();
    let err = Scenario::from_json(
        r#"{"version":1,"cluster":{"brokers":2},"topic":{"replication_factor":3}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("only 2 broker(s) are registered"),
        "{err}"
    );
}

#[test]
fn preferred_leader_election_moves_leadership_back() {
    let json =
        r#"{"version":1,"topic":{"name":"t","partitions":3},"producer":{"rate_per_sec":20}}"#;
    let (leader, _) = roles(&scenario(json));
    let s = with_actions(
        json,
        &format!(
            r#"{{"at_ms":1000,"type":"kill_broker","broker":{leader}}},{{"at_ms":2000,"type":"restart_broker","broker":{leader}}},{{"at_ms":5000,"type":"elect_preferred_leaders"}}"#
        ),
    );
    let before = replay(&s, 4_000, false).unwrap();
    assert_ne!(
        before.topic_run(0).replication(0).unwrap().leader,
        Some(leader)
    );
    let after = replay(&s, 6_000, false).unwrap();
    for (p, rep) in after.topic_run(0).replications().iter().enumerate() {
        assert_eq!(
            rep.leader,
            Some(rep.replicas[0].broker),
            "p{p} back on its preferred leader"
        );
    }
}

#[test]
fn retries_without_idempotence_duplicate_and_with_it_do_not() {
    // A short request timeout while a follower is too slow for the HW to move: acks=all writes
    // time out after their append and are retried.
    let json = |idem: bool| {
        format!(
            r#"{{"version":1,"cluster":{{"replica_lag_time_max_ms":60000}},"topic":{{"name":"t","partitions":1}},"producer":{{"rate_per_sec":20,"idempotence":{idem},"request_timeout_ms":1000,"keys":{{"kind":"none"}}}}}}"#
        )
    };
    let run = |idem: bool| {
        let (_, others) = roles(&scenario(&json(idem)));
        let s = with_actions(
            &json(idem),
            &format!(
                r#"{{"at_ms":1000,"type":"slow_broker","broker":{},"delay_ms":3000}}"#,
                others[0]
            ),
        );
        replay(&s, 8_000, false).unwrap()
    };
    let plain = run(false);
    let idempotent = run(true);
    assert!(plain.producer(0).ledger().duplicates > 0);
    assert_eq!(idempotent.producer(0).ledger().duplicates, 0);
    assert!(idempotent
        .producer(0)
        .ledger()
        .errors_by
        .contains_key(&ProduceError::Timeout));
}
