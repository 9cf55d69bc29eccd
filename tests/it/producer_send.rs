//! The producer's send path as the Java client has it: per-node drain with an in-flight limit
//! (`RecordAccumulator.ready`/`drain`, `Sender.sendProducerData`), batches held while no leader
//! is known, requests that die with a dead leader (`NetworkException`), exponential retry
//! backoff (KIP-580), idempotent ordering (`shouldStopDrainBatchesForPartition`, the broker's
//! `ProducerStateManager` sequence checks), a slowed broker's produce handling, and metadata
//! refreshes (`metadata.max.age.ms`).

use kafka_playground::engine::{Event, ProduceError, SendFailure, Sim};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario
}

/// Partition 0's leader at time 0, and the other replicas.
fn roles(json: &str) -> (u32, Vec<u32>) {
    let sim = replay(&scenario(json), 0, false).unwrap();
    let rep = sim.topic_run(0).replication(0).unwrap();
    let leader = rep.leader.unwrap();
    let others = rep
        .replicas
        .iter()
        .map(|r| r.broker)
        .filter(|&b| b != leader)
        .collect();
    (leader, others)
}

fn with_actions(base: &str, actions: &str) -> Scenario {
    scenario(&format!(
        "{},\"actions\":[{actions}]}}",
        &base[..base.len() - 1]
    ))
}

/// How often partition 0's log has a record of an entity after a later one of the same entity
/// (a per-key reorder in the log).
fn reorders(sim: &Sim) -> usize {
    let log = &sim.topic_run(0).topic().partitions[0];
    let mut last = std::collections::BTreeMap::new();
    let mut out = 0;
    for s in &log.records {
        let r = &s.record;
        let prev = last.entry(r.entity_id).or_insert(r.seq);
        if r.seq < *prev {
            out += 1;
        } else {
            *prev = r.seq;
        }
    }
    out
}

// RecordAccumulator.drainBatchesForOneNode: one batch per partition per request; Sender and
// NetworkClient.ready: at most max.in.flight.requests.per.connection unanswered per broker.
#[test]
fn a_slow_leader_gets_at_most_max_in_flight_requests_of_one_batch_per_partition() {
    let json = r#"{"version":1,"cluster":{"brokers":1},"topic":{"name":"t","partitions":3,"replication_factor":1},"producer":{"rate_per_sec":600,"linger_ms":0,"acks":"1","max_in_flight_requests_per_connection":2,"keys":{"kind":"none"}}}"#;
    let s = with_actions(
        json,
        r#"{"at_ms":500,"type":"slow_broker","broker":1,"delay_ms":2000}"#,
    );
    let sim = replay(&s, 3_000, false).unwrap();
    assert_eq!(sim.producer(0).in_flight_requests(1), 2);
    let mut per_partition = [0u32; 3];
    for (_, _, batch) in sim.batches_in_flight() {
        per_partition[batch.partition as usize] += 1;
    }
    assert!(per_partition.iter().all(|&n| n <= 2), "{per_partition:?}");
    assert!(
        sim.producer(0).client().queued_records() > 100,
        "the rest waits in the accumulator"
    );
}

// RecordAccumulator.ready: a partition with no known leader keeps its batches (and asks for
// metadata) until a leader is known or delivery.timeout.ms expires them (expiredBatches).
#[test]
fn batches_for_a_partition_without_leader_wait_then_expire() {
    let json = r#"{"version":1,"cluster":{"brokers":1},"topic":{"name":"t","partitions":1,"replication_factor":1},"producer":{"rate_per_sec":0,"delivery_timeout_ms":5000,"keys":{"kind":"none"}}}"#;
    let s = with_actions(
        json,
        r#"{"at_ms":100,"type":"kill_broker","broker":1},{"at_ms":1000,"type":"produce","key":"x"}"#,
    );
    let sim = replay(&s, 3_000, false).unwrap();
    let ledger = sim.producer(0).ledger();
    assert!(
        !ledger
            .errors_by
            .contains_key(&ProduceError::LeaderNotAvailable),
        "{:?}",
        ledger.errors_by
    );
    let sim = replay(&s, 7_000, false).unwrap();
    let ledger = sim.producer(0).ledger();
    assert_eq!(
        ledger
            .failed_by
            .get(&SendFailure::Error(ProduceError::Timeout)),
        Some(&1)
    );
    assert!(ledger.errors_by.len() <= 1, "{:?}", ledger.errors_by);
}

// Sender.completeBatch: a request to a leader that died fails with NetworkException when the
// connection drops; acks=1 retries it against the new leader once metadata names it.
#[test]
fn a_request_to_a_dead_leader_fails_with_network_exception_and_is_retried() {
    // A 1 s broker session, so the crashed leader is fenced and replaced within the run.
    let json = r#"{"version":1,"cluster":{"brokers":2,"broker_session_timeout_ms":1000,"broker_heartbeat_interval_ms":500},"topic":{"name":"t","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":0,"latency_ms":200,"acks":"1","keys":{"kind":"none"}}}"#;
    let (leader, _) = roles(json);
    let s = with_actions(
        json,
        &format!(
            r#"{{"at_ms":1000,"type":"produce","key":"x"}},{{"at_ms":1100,"type":"kill_broker","broker":{leader}}}"#
        ),
    );
    let sim = replay(&s, 5_000, false).unwrap();
    let ledger = sim.producer(0).ledger();
    // The first retry (100 ms later) still goes to the dead leader: the metadata answer takes
    // a round trip of 400 ms.
    assert!(ledger.errors_by.get(&ProduceError::Network) >= Some(&1));
    assert_eq!(ledger.acked, 1, "retried to the new leader");
    assert_eq!(sim.topic_run(0).topic().partitions[0].end_offset(), 1);
}

// acks=0: a request is done once sent; when the leader it went to is dead its records are
// silently lost, and the producer hears nothing.
#[test]
fn acks_zero_records_on_their_way_to_a_dead_leader_are_silently_lost() {
    let json = r#"{"version":1,"cluster":{"brokers":2},"topic":{"name":"t","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":0,"latency_ms":200,"acks":"0","keys":{"kind":"none"}}}"#;
    let (leader, _) = roles(json);
    let s = with_actions(
        json,
        &format!(
            r#"{{"at_ms":1000,"type":"produce","key":"x"}},{{"at_ms":1100,"type":"kill_broker","broker":{leader}}}"#
        ),
    );
    let sim = replay(&s, 5_000, false).unwrap();
    let ledger = sim.producer(0).ledger();
    assert_eq!(ledger.acked, 1);
    assert_eq!(ledger.acked_lost, 1);
    assert_eq!(
        ledger.failed_by.get(&SendFailure::SilentlyDropped),
        Some(&1)
    );
    assert_eq!(sim.topic_run(0).topic().partitions[0].end_offset(), 0);
}

// KIP-580, ExponentialBackoff: retries of one batch wait 100, 200, 400, 800, then 1000 ms
// (retry.backoff.max.ms), each within ±20%.
#[test]
fn retries_back_off_exponentially_up_to_the_maximum() {
    let json = r#"{"version":1,"cluster":{"brokers":2},"topic":{"name":"t","partitions":1,"replication_factor":2,"min_insync_replicas":2},"producer":{"rate_per_sec":0,"latency_ms":0,"keys":{"kind":"none"}}}"#;
    let (_, others) = roles(json);
    let s = with_actions(
        json,
        &format!(
            // A controlled shutdown takes the follower out of the ISR at once, so every
            // attempt is refused with NotEnoughReplicas (a crash would hold the writes until
            // the follower is fenced).
            r#"{{"at_ms":100,"type":"shutdown_broker","broker":{}}},{{"at_ms":1000,"type":"produce","key":"x"}}"#,
            others[0]
        ),
    );
    let sim = replay(&s, 8_000, true).unwrap();
    let times: Vec<u64> = sim
        .event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|e| match e {
            Event::ProduceFailed {
                at_ms,
                error: ProduceError::NotEnoughReplicas,
                ..
            } => Some(*at_ms),
            _ => None,
        })
        .collect();
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    let terms = [100u64, 200, 400, 800, 1000, 1000];
    assert!(gaps.len() >= terms.len(), "{gaps:?}");
    for (gap, term) in gaps.iter().zip(terms) {
        assert!(*gap >= term * 8 / 10 && *gap <= term * 12 / 10, "{gaps:?}");
    }
}

// A slowed broker handles produce requests late too: an acks=1 record is appended no sooner
// than the delay after it arrives.
#[test]
fn a_slowed_leader_appends_late() {
    let json = r#"{"version":1,"cluster":{"brokers":1},"topic":{"name":"t","partitions":1,"replication_factor":1},"producer":{"rate_per_sec":0,"latency_ms":10,"acks":"1","keys":{"kind":"none"}}}"#;
    let s = with_actions(
        json,
        r#"{"at_ms":0,"type":"slow_broker","broker":1,"delay_ms":700},{"at_ms":100,"type":"produce","key":"x"}"#,
    );
    assert_eq!(
        replay(&s, 700, false).unwrap().producer(0).ledger().acked,
        0
    );
    let sim = replay(&s, 900, false).unwrap();
    assert_eq!(sim.producer(0).ledger().acked, 1);
}

/// A keyed run whose leader is slowed (requests pile up, five in flight) and then crashes, so
/// every request in flight fails at once and is retried against the new leader once the crashed
/// one is fenced (a 1 s broker session here).
fn leader_dies_with_requests_in_flight(idempotence: bool) -> Sim {
    let json = format!(
        r#"{{"version":1,"cluster":{{"brokers":2,"broker_session_timeout_ms":1000,"broker_heartbeat_interval_ms":500}},"topic":{{"name":"t","partitions":1,"replication_factor":2}},"producer":{{"rate_per_sec":400,"latency_ms":20,"linger_ms":0,"batch_size":200,"idempotence":{idempotence},"keys":{{"kind":"fixed","values":["k"]}}}}}}"#
    );
    let (leader, _) = roles(&json);
    let s = with_actions(
        &json,
        &format!(
            r#"{{"at_ms":1000,"type":"slow_broker","broker":{leader},"delay_ms":300}},{{"at_ms":2000,"type":"kill_broker","broker":{leader}}}"#
        ),
    );
    replay(&s, 6_000, false).unwrap()
}

// Without idempotence and with max.in.flight > 1, the failed batches go back to the front of
// the queue one by one (RecordAccumulator.reenqueue: addFirst), so retries reorder a key.
#[test]
fn without_idempotence_retries_reorder_a_key() {
    let sim = leader_dies_with_requests_in_flight(false);
    assert!(sim.producer(0).ledger().retried > 0);
    assert!(reorders(&sim) > 0, "a retry overtook a later batch");
}

// With idempotence: sequences per partition, a retried batch keeps its sequence and goes back
// in sequence order (insertInSequenceOrder), a retried partition drains one batch at a time
// (shouldStopDrainBatchesForPartition), and the leader refuses gaps
// (ProducerAppendInfo.checkSequence: OUT_OF_ORDER_SEQUENCE_NUMBER): the key keeps its order,
// and nothing is duplicated.
#[test]
fn with_idempotence_retries_keep_a_keys_order() {
    let sim = leader_dies_with_requests_in_flight(true);
    assert!(sim.producer(0).ledger().retried > 0);
    assert_eq!(reorders(&sim), 0);
    assert_eq!(sim.producer(0).ledger().duplicates, 0);
    assert_eq!(sim.producer(0).ledger().failed(), 0);
}

// Metadata.maxAge: the producer sees added partitions only at its next metadata refresh.
#[test]
fn added_partitions_are_seen_at_the_next_metadata_refresh() {
    let json = r#"{"version":1,"topic":{"name":"t","partitions":3},"producer":{"rate_per_sec":10,"metadata_max_age_ms":20000,"keys":{"kind":"none"}},"actions":[{"at_ms":1000,"type":"add_partitions","total":6}]}"#;
    let s = scenario(json);
    let sim = replay(&s, 19_000, false).unwrap();
    assert_eq!(sim.producer(0).metadata().n_partitions(), 3);
    let sim = replay(&s, 21_000, false).unwrap();
    assert_eq!(sim.producer(0).metadata().n_partitions(), 6);
}

/// The share (percent) of producer 0's records sent to partitions led by a slowed broker.
fn slow_share_percent(sim: &Sim) -> u64 {
    let sent = sim.producer(0).sent_by_partition();
    let slowed = |b: u32| sim.brokers()[b as usize - 1].slow_delay_ms > 0;
    let to_slow: u64 = sent
        .iter()
        .enumerate()
        .filter(|(p, _)| {
            sim.topic_run(0)
                .replication(*p as u32)
                .and_then(|r| r.leader)
                .is_some_and(slowed)
        })
        .map(|(_, n)| n)
        .sum();
    to_slow * 100 / sent.iter().sum::<u64>().max(1)
}

// BuiltInPartitioner.updatePartitionLoadStats: with the per-node in-flight limit, a slowed
// leader's queues grow, and adaptive partitioning sends fewer keyless records to its
// partitions than uniform sticky partitioning does on the same seed (the "adaptive"
// side-by-side variation of lesson "adaptive-slow-broker").
#[test]
fn adaptive_partitioning_sends_less_to_a_slow_leader_than_uniform_side_by_side() {
    use kafka_playground::compare::Variation;
    use kafka_playground::lessons::{judge, lesson_scenario, Verdict, LESSONS};
    let lesson = LESSONS
        .iter()
        .find(|l| l.id == "adaptive-slow-broker")
        .unwrap();
    let adaptive = lesson_scenario(lesson);
    assert!(adaptive.producer.adaptive);
    let uniform = Variation::Adaptive.apply(&adaptive);
    assert!(!uniform.producer.adaptive);
    let a = replay(&adaptive, 20_000, false).unwrap();
    let u = replay(&uniform, 20_000, false).unwrap();
    let (share_a, share_u) = (slow_share_percent(&a), slow_share_percent(&u));
    assert!(
        share_a * 2 < share_u,
        "adaptive {share_a}% vs uniform {share_u}%"
    );
    let claim = lesson.claims[0].1;
    assert_eq!(judge(claim, &a), Verdict::Holds);
    assert_eq!(judge(claim, &u), Verdict::Fails);
}

// ProducerConfig.postProcessAndValidateIdempotenceConfigs, and the new settings' limits, each
// refused at its field.
#[test]
fn the_send_path_settings_are_validated_at_their_fields() {
    use kafka_playground::engine::SimConfig;
    let refused = |edit: &dyn Fn(&mut SimConfig)| {
        let mut c = SimConfig::default();
        edit(&mut c);
        let e = Sim::new(c).expect_err("refused");
        format!("{}: {}", e.field, e.message)
    };
    assert_eq!(
        refused(&|c| c.producers[0].max_in_flight_requests_per_connection = 6),
        "producers[0].max_in_flight_requests_per_connection: Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer."
    );
    let mut c = SimConfig::default();
    c.producers[0].max_in_flight_requests_per_connection = 6;
    c.producers[0].idempotence = false;
    assert!(Sim::new(c).is_ok());
    assert!(
        refused(&|c| c.producers[0].max_in_flight_requests_per_connection = 0)
            .starts_with("producers[0].max_in_flight_requests_per_connection: ")
    );
    assert!(refused(&|c| c.producers[0].retry_backoff_max_ms = 0)
        .starts_with("producers[0].retry_backoff_max_ms: "));
    assert!(refused(&|c| c.producers[0].metadata_max_age_ms = 0)
        .starts_with("producers[0].metadata_max_age_ms: "));
}
