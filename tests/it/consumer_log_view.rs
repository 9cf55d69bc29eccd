//! What consumers see of the log in whole runs (issue 12, items 4-6): a position validated
//! against a new leader after an unclean election (KIP-320), the group ledger following records
//! by identity across a truncation, and only coexisting copies counted as duplicates.

use kafka_playground::engine::Sim;
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json)
        .expect("the test scenario is valid")
        .scenario
}

/// Replication 5's failures with one consumer: broker 1 (the follower) dies at 3 s, the leader
/// at 8 s; broker 1 comes back at 12 s and is elected uncleanly with a log that ends at 3 s.
const UNCLEAN: &str = r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":true},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":20,"keys":{"kind":"none"}},"groups":[{"group_id":"g","topics":["payments"],"auto_offset_reset":"earliest","members":[{"name":"c1"}]}],"actions":[{"at_ms":3000,"type":"kill_broker","broker":1},EXTRA{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1},{"at_ms":16000,"type":"restart_broker","broker":2}]}"#;

fn unclean_run(extra: &str) -> Sim {
    replay(&scenario(&UNCLEAN.replace("EXTRA", extra)), 30_000, true).unwrap()
}

#[test]
fn after_an_unclean_election_the_consumer_seeks_to_the_divergence_and_does_not_reread() {
    // `SubscriptionState.maybeValidatePositionForCurrentLeader` and `maybeCompleteValidation`:
    // the position (158, fetched in epoch 1) is validated against the new leader, whose
    // `OffsetsForLeaderEpoch` answer for epoch 1 is its log end at its election (58), so the
    // consumer seeks to 58 instead of resetting to 0 by `auto.offset.reset=earliest`. Before
    // KIP-320 was followed it re-read from 0: 158 duplicates.
    let sim = unclean_run("");
    let group = &sim.groups()[0];
    assert_eq!(group.metrics().truncations_detected, 1);
    let counts = group.ledger().counts;
    assert_eq!(counts.duplicated, 0, "{counts:?}");
    assert_eq!(counts.lost, 0, "{counts:?}");
    let seek = sim
        .event_log()
        .captured
        .as_ref()
        .expect("captured")
        .iter()
        .find_map(|e| {
            let text = e.to_string();
            text.contains("TruncationDetected").then_some(text)
        })
        .expect("a truncation event");
    assert!(seek.contains("from: 158, to: 58, reset: None"), "{seek}");
}

#[test]
fn the_ledger_does_not_count_new_records_at_reused_offsets_as_duplicates() {
    // After the seek to 58 the consumer reads the new leader's records 58.., which took the
    // offsets of the 100 records truncated away: new records (by `Record::id`), not duplicates
    // (the ledger by offset counted 100). Every record the group processed is counted once.
    let sim = unclean_run("");
    let counts = sim.groups()[0].ledger().counts;
    assert_eq!((counts.consumed, counts.processed), (597, 597));
    assert_eq!(counts.duplicated, 0);
}

#[test]
fn with_reset_none_a_truncation_raises_log_truncation_exception() {
    // `OffsetFetcherUtils.onSuccessfulResponseForValidatingPositions` builds
    // `LogTruncationException` ("Truncated partitions detected with divergent offsets …") from
    // `maybeCompleteValidation`'s `LogTruncation` when there is no default reset policy; the
    // application's poll() throws it. (Before, the position above the new high watermark gave
    // `OffsetOutOfRangeException`.)
    let sim =
        unclean_run(r#"{"at_ms":4000,"type":"group","do":"set_offset_reset","reset":"none"},"#);
    let c1 = sim.groups()[0].consumer("c1").unwrap();
    let error = c1.error.as_ref().expect("c1 stopped on an exception");
    assert_eq!(error.class_name(), "LogTruncationException");
    assert_eq!(
        error.message(),
        "Truncated partitions detected with divergent offsets {payments-0=OffsetAndMetadata{offset=58, leaderEpoch=0, metadata=''}}"
    );
}

#[test]
fn a_retried_batch_whose_first_copy_is_not_in_the_log_is_not_a_duplicate() {
    // acks=all without idempotence; the leader dies while followers are 50 ms behind: its held
    // writes fail with NotLeaderOrFollowerException (`DelayedProduce` completing with the
    // error on `Partition.makeFollower`) and are retried to the new leader, which never had
    // their first copy. A reader of the log sees each of them once, so `records_duplicated`
    // (copies that coexist in a log) stays 0; it counted 29 before.
    let json = r#"{"version":1,"cluster":{"brokers":3,"replica_latency_ms":50},"topic":{"name":"t","partitions":1,"replication_factor":3},"producer":{"rate_per_sec":200,"idempotence":false,"keys":{"kind":"none"}}}"#;
    let leader = replay(&scenario(json), 0, false)
        .unwrap()
        .topic_run(0)
        .replication(0)
        .unwrap()
        .leader
        .unwrap();
    let with_kill = format!(
        "{},\"actions\":[{{\"at_ms\":2000,\"type\":\"kill_broker\",\"broker\":{leader}}}]}}",
        &json[..json.len() - 1]
    );
    let sim = replay(&scenario(&with_kill), 6_000, false).unwrap();
    let ledger = sim.producer(0).ledger();
    assert!(
        ledger.errors_by.values().sum::<u64>() > 0,
        "some writes were retried"
    );
    let mut ids: Vec<u64> = sim.topic_run(0).topic().partitions[0]
        .records
        .iter()
        .map(|s| s.record.id)
        .collect();
    let held = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), held, "no two copies of a record in the log");
    assert_eq!(ledger.duplicates, 0);
}
