//! Broker failures as KRaft has them, each checked against the Kafka class it follows: a crash
//! fenced only after `broker.session.timeout.ms` (`BrokerHeartbeatManager`,
//! `ReplicationControlManager.maybeFenceOneStaleBroker` / `handleBrokerFenced`), a controlled
//! shutdown (`handleBrokerInControlledShutdown`), an isolated zombie leader (`Partition` on a
//! leader cut off from the controller), exact truncation counts, and the automatic
//! preferred-leader rebalance (`QuorumController.maybeScheduleNextBalancePartitionLeaders`,
//! `ReplicationControlManager.maybeBalancePartitionLeaders`).

use kafka_playground::engine::{Command, Event, ProduceError, Sim};
use kafka_playground::scenario::{report as run_report, Scenario};
use kafka_playground::session::replay;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario
}

/// One partition on three brokers, min ISR 2, one acks=all producer; `CLUSTER` and `MORE`
/// are filled in by each test.
const ONE_PARTITION: &str = r#"{"version":1,"cluster":{CLUSTER},"topic":{"name":"t","partitions":1,"min_insync_replicas":2},"producer":{"rate_per_sec":100,"keys":{"kind":"none"}MORE,"actions":[ACTIONS]}"#;

/// The main producer with acks=1, and a second one with acks=all, on the one partition.
const ZOMBIE: &str =
    r#","acks":"1"},"more_producers":[{"rate_per_sec":100,"keys":{"kind":"none"}}]"#;

fn json(cluster: &str, more: &str, actions: &str) -> String {
    ONE_PARTITION
        .replace("CLUSTER", cluster)
        .replace("MORE", if more.is_empty() { "}" } else { more })
        .replace("ACTIONS", actions)
}

fn run(more: &str, actions: &str, until_ms: u64) -> Sim {
    replay(&scenario(&json("", more, actions)), until_ms, true).unwrap()
}

fn leader(sim: &Sim) -> Option<u32> {
    sim.topic_run(0).replication(0).unwrap().leader
}

fn fenced_at(sim: &Sim, broker: u32) -> Vec<u64> {
    sim.event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::BrokerFenced { at_ms, broker: b } if *b == broker => Some(*at_ms),
            _ => None,
        })
        .collect()
}

#[test]
fn a_crashed_leader_keeps_its_leadership_until_its_session_times_out() {
    // BrokerHeartbeatManager.hasValidSession: last heartbeat at 4000 (every 2000 ms from 0),
    // session 9000 ms, so ReplicationControlManager.maybeFenceOneStaleBroker fences it at 13000.
    let lead = leader(&run("", "", 0)).unwrap();
    let kill = format!(r#"{{"at_ms":5000,"type":"kill_broker","broker":{lead}}}"#);
    let before = run("", &kill, 12_999);
    assert_eq!(
        leader(&before),
        Some(lead),
        "no working leader, but still the leader"
    );
    assert_eq!(before.topic_run(0).replication(0).unwrap().isr.len(), 3);
    assert_eq!(
        run_report(&before).replication.broker_states[lead as usize - 1],
        "stopped"
    );
    let acked_at_crash = run("", &kill, 5_000).producer(0).ledger().acked;
    assert!(
        before.producer(0).ledger().acked <= acked_at_crash + 1,
        "nothing is acknowledged while the leader is down and unfenced"
    );
    assert!(before
        .producer(0)
        .ledger()
        .errors_by
        .contains_key(&ProduceError::Network));
    let after = run("", &kill, 14_000);
    assert_eq!(fenced_at(&after, lead), [13_000]);
    assert!(leader(&after).is_some_and(|l| l != lead));
    assert!(!after
        .topic_run(0)
        .replication(0)
        .unwrap()
        .isr
        .contains(&lead));
    assert_eq!(
        run_report(&after).replication.broker_states[lead as usize - 1],
        "fenced"
    );
    // A shorter session fences sooner: a heartbeat went out at 5000 itself, session 1000.
    let quick = json(
        r#""broker_session_timeout_ms":1000,"broker_heartbeat_interval_ms":500"#,
        "",
        &kill,
    );
    let quick = replay(&scenario(&quick), 6_000, true).unwrap();
    assert_eq!(fenced_at(&quick, lead), [6_000]);
}

#[test]
fn a_crashed_follower_holds_the_high_watermark_until_it_is_fenced() {
    let lead = leader(&run("", "", 0)).unwrap();
    let follower = if lead == 1 { 2 } else { 1 };
    let kill = format!(r#"{{"at_ms":1000,"type":"kill_broker","broker":{follower}}}"#);
    let hw = |until| {
        run("", &kill, until)
            .topic_run(0)
            .replication(0)
            .unwrap()
            .high_watermark()
    };
    // Fenced at 0 + 9000: the HW stands where the crashed ISR member left it.
    assert_eq!(hw(1_000), hw(8_999));
    // The held writes complete at the fencing (at most max.in.flight requests were held).
    assert!(hw(9_001) > hw(8_999), "the held writes complete at once");
}

#[test]
fn a_controlled_shutdown_moves_leadership_at_once() {
    // ReplicationControlManager.handleBrokerInControlledShutdown.
    let lead = leader(&run("", "", 0)).unwrap();
    let sim = run(
        "",
        &format!(r#"{{"at_ms":5000,"type":"shutdown_broker","broker":{lead}}}"#),
        5_000,
    );
    assert!(leader(&sim).is_some_and(|l| l != lead));
    assert!(!sim.topic_run(0).replication(0).unwrap().isr.contains(&lead));
    assert!(!sim.brokers()[lead as usize - 1].alive);
    let later = run(
        "",
        &format!(r#"{{"at_ms":5000,"type":"shutdown_broker","broker":{lead}}}"#),
        7_000,
    );
    assert!(
        later.producer(0).ledger().acked > 650,
        "writes go on without a stall"
    );
    assert_eq!(later.producer(0).ledger().acked_lost, 0);
}

#[test]
fn a_restart_before_the_session_expires_fences_the_old_incarnation_first() {
    // A broker registering again while its old registration is unfenced: the controller's
    // handleBrokerUncleanShutdown takes it out of its ISRs before it rejoins.
    let lead = leader(&run("", "", 0)).unwrap();
    let sim = run(
        "",
        &format!(
            r#"{{"at_ms":5000,"type":"kill_broker","broker":{lead}}},{{"at_ms":7000,"type":"restart_broker","broker":{lead}}}"#
        ),
        20_000,
    );
    assert_eq!(fenced_at(&sim, lead), [7_000], "once, at the restart");
    assert!(leader(&sim).is_some_and(|l| l != lead));
    assert_eq!(
        run_report(&sim).replication.broker_states[lead as usize - 1],
        "running"
    );
    kafka_playground::engine::check_invariants(&sim).unwrap();
}

#[test]
fn an_isolated_leader_is_a_zombie_that_loses_the_acks_1_writes_it_took() {
    let lead = leader(&run("", "", 0)).unwrap();
    let extra = ZOMBIE;
    let actions = format!(
        r#"{{"at_ms":5000,"type":"isolate_broker","broker":{lead}}},{{"at_ms":20000,"type":"heal_broker","broker":{lead}}}"#
    );
    let zombie = run(extra, &actions, 12_999);
    let rep = zombie.topic_run(0).replication(0).unwrap();
    assert_eq!(rep.leader, Some(lead), "it still leads until fenced");
    assert_eq!(
        rep.isr.len(),
        3,
        "its ISR cannot shrink without the controller"
    );
    let acks1 = zombie.producer(0).ledger().acked;
    let at_isolation = run(extra, &actions, 5_000);
    assert!(
        acks1 > at_isolation.producer(0).ledger().acked + 700,
        "the zombie acknowledges acks=1 writes it cannot replicate"
    );
    assert!(
        zombie.producer(1).ledger().acked <= at_isolation.producer(1).ledger().acked + 1,
        "acks=all writes wait for followers that cannot fetch"
    );
    let healed = run(extra, &actions, 25_000);
    assert_eq!(fenced_at(&healed, lead), [13_000]);
    let lost = healed.producer(0).ledger().acked_lost;
    assert!(lost > 700, "the acks=1 writes it took alone: {lost}");
    assert_eq!(
        healed.producer(1).ledger().acked_lost,
        0,
        "acks=all loses nothing"
    );
    // Healed, it learns the new epoch and truncates its divergent tail: the count is exact.
    let truncated: u64 = healed
        .event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::Truncated {
                broker, records, ..
            } if *broker == lead => Some(*records),
            _ => None,
        })
        .sum();
    assert!(truncated > 64, "not capped at 64: {truncated}");
    assert_eq!(healed.replication_figures().records_truncated, truncated);
    // The zombie never hears that it lost leadership: the acks=all writes it held are not
    // failed at the election but time out at the producer (request.timeout.ms, 30 s).
    let timed_out = run(ZOMBIE, &actions, 36_000);
    assert!(timed_out
        .producer(1)
        .ledger()
        .errors_by
        .contains_key(&ProduceError::Timeout));
    // Nothing fails the held writes before their timeout; only the retries after it, sent
    // to the broker the producer's metadata still names, may hear NotLeaderOrFollower.
    let first_failure = |error: ProduceError| {
        timed_out
            .event_log()
            .captured
            .as_ref()
            .unwrap()
            .iter()
            .find_map(|e| match e {
                Event::ProduceFailed {
                    at_ms,
                    producer: 1,
                    error: e,
                    ..
                } if *e == error => Some(*at_ms),
                _ => None,
            })
    };
    let timeout_at = first_failure(ProduceError::Timeout).expect("a timeout");
    assert!(
        first_failure(ProduceError::NotLeaderOrFollower).is_none_or(|at| at >= timeout_at),
        "no held write is failed at the election"
    );
    let report = run_report(&healed);
    assert_eq!(
        report.replication.broker_states[lead as usize - 1],
        "running"
    );
    kafka_playground::engine::check_invariants(&healed).unwrap();
}

#[test]
fn an_isolated_broker_cut_off_from_its_clients_refuses_them() {
    let lead = leader(&run("", "", 0)).unwrap();
    let sim = run(
        ZOMBIE,
        &format!(
            r#"{{"at_ms":5000,"type":"isolate_broker","broker":{lead},"clients":false}},{{"at_ms":20000,"type":"heal_broker","broker":{lead}}}"#
        ),
        25_000,
    );
    assert!(sim
        .producer(0)
        .ledger()
        .errors_by
        .contains_key(&ProduceError::Network));
    assert_eq!(
        sim.producer(0).ledger().acked_lost,
        0,
        "no client reached the zombie"
    );
    assert_eq!(fenced_at(&sim, lead), [13_000]);
}

#[test]
fn the_controller_moves_leaders_back_to_preferred_replicas_after_300_s() {
    // QuorumController.maybeScheduleNextBalancePartitionLeaders: the first check is
    // leader.imbalance.check.interval.seconds (300) after the imbalance appeared.
    let actions = |lead: u32| {
        format!(
            r#"{{"at_ms":1000,"type":"shutdown_broker","broker":{lead}}},{{"at_ms":2000,"type":"restart_broker","broker":{lead}}}"#
        )
    };
    let lead = leader(&run("", "", 0)).unwrap();
    let base = |auto: bool, until| {
        let json = json(
            &format!(r#""auto_leader_rebalance":{auto}"#),
            "",
            &actions(lead),
        )
        .replace(r#""rate_per_sec":100"#, r#""rate_per_sec":5"#);
        replay(&scenario(&json), until, false).unwrap()
    };
    assert!(leader(&base(true, 300_999)).is_some_and(|l| l != lead));
    assert_eq!(leader(&base(true, 301_000)), Some(lead));
    assert!(leader(&base(false, 400_000)).is_some_and(|l| l != lead));
}

#[test]
fn isolate_and_heal_refuse_the_wrong_state() {
    let mut sim = Sim::new(Scenario::default().sim_config()).unwrap();
    assert!(sim
        .apply(&Command::HealBroker { broker: 1 })
        .unwrap_err()
        .to_string()
        .contains("not isolated"));
    sim.apply(&Command::IsolateBroker {
        broker: 1,
        clients: true,
    })
    .unwrap();
    assert!(sim
        .apply(&Command::IsolateBroker {
            broker: 1,
            clients: false
        })
        .unwrap_err()
        .to_string()
        .contains("already isolated"));
    sim.apply(&Command::HealBroker { broker: 1 }).unwrap();
}

#[test]
fn the_new_cluster_settings_are_checked_with_their_field() {
    let err = Scenario::from_json(
        r#"{"version":1,"cluster":{"broker_session_timeout_ms":1000,"broker_heartbeat_interval_ms":2000}}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cluster.broker_heartbeat_interval_ms:"),
        "{err}"
    );
    let err = Scenario::from_json(r#"{"version":1,"cluster":{"broker_session_timeout_ms":0}}"#)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cluster.broker_session_timeout_ms:"),
        "{err}"
    );
    let err = Scenario::from_json(r#"{"version":1,"cluster":{"auto_leader_rebalance":"yes"}}"#)
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cluster.auto_leader_rebalance:"),
        "{err}"
    );
}
