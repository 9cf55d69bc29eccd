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

/// Replication 5's failures with one consumer: broker 1 (the follower) shuts down at 3 s, the
/// leader crashes at 8 s; broker 1 comes back at 12 s and, once the crashed leader is fenced at
/// 17 s, is elected uncleanly with a log that ends at 3 s.
const UNCLEAN: &str = r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":true},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":20,"keys":{"kind":"none"}},"groups":[{"group_id":"g","topics":["payments"],"auto_offset_reset":"earliest","members":[{"name":"c1"}]}],"actions":[{"at_ms":3000,"type":"shutdown_broker","broker":1},EXTRA{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1},{"at_ms":20000,"type":"restart_broker","broker":2}]}"#;

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

/// One partition with one minute of retention in 10 s segments; a slow group (200 ms a record,
/// half the producer's rate) and a fast one.
const RETENTION: &str = r#"{"version":1,"topic":{"name":"clicks","partitions":1,"replication_factor":3,"retention_ms":60000,"segment_ms":10000},"producer":{"rate_per_sec":10,"keys":{"kind":"none"}},"groups":[{"group_id":"slow","topics":["clicks"],"auto_offset_reset":"earliest","processing_ms_per_record":200,"members":[{"name":"c1"}]},{"group_id":"fast","topics":["clicks"],"auto_offset_reset":"earliest","members":[{"name":"f1"}]}]}"#;

#[test]
fn retention_deletes_whole_segments_at_the_retention_check_and_moves_the_log_start() {
    // LogManager's `kafka-log-retention` task runs at 30 s, then every 300 s; at 330 s
    // `UnifiedLog.deleteRetentionMsBreachedSegments` deletes the segments whose newest record
    // is more than 60 s old, rolled every 10 s by `LogSegment.shouldRoll` (segment.ms).
    let before = replay(&scenario(RETENTION), 329_999, false).unwrap();
    assert_eq!(before.topic_run(0).log_start_offset(0), 0);
    let sim = replay(&scenario(RETENTION), 330_000, true).unwrap();
    let run = sim.topic_run(0);
    let start = run.log_start_offset(0);
    assert_eq!(start, 2626);
    let first_segment = run.segments(0).unwrap().segments().next().unwrap();
    assert_eq!(first_segment.base_offset, start, "whole segments go");
    assert_eq!(run.topic().partitions[0].start_offset, start);
    for replica in &run.replication(0).unwrap().replicas {
        assert!(replica.log.start_offset >= start);
    }
    let deleted: Vec<String> = sim
        .event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("segments-deleted"))
        .collect();
    assert_eq!(
        deleted,
        ["t=330000 segments-deleted p0 by retention.ms, log start 2626"]
    );
}

#[test]
fn a_slow_group_falls_behind_the_log_start_and_resets_flagged() {
    // `Fetcher`: a fetch below the log start answers OFFSET_OUT_OF_RANGE and the consumer
    // resets by auto.offset.reset (`SubscriptionState.requestOffsetReset`); the records it
    // never read are counted as skipped. The fast group is never behind.
    let sim = replay(&scenario(RETENTION), 400_000, true).unwrap();
    let slow = sim.groups()[0].ledger().counts;
    let fast = sim.groups()[1].ledger().counts;
    assert_eq!(slow.skipped_by_retention, 2626 - 1899);
    assert_eq!(fast.skipped_by_retention, 0);
    let flagged: Vec<String> = sim
        .event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("FellBehindLogStart"))
        .collect();
    assert_eq!(flagged.len(), 1, "{flagged:?}");
    assert!(flagged[0].contains("position: 1899, log_start: 2626, by_retention: true"));
    let c1 = sim.groups()[0].consumer("c1").unwrap();
    let tp = c1.owned[0].clone();
    assert!(c1.positions[&tp] >= 2626);
}

#[test]
fn retention_settings_are_checked_in_kafkas_words() {
    // `LogConfig`'s validators: retention.ms atLeast(-1), segment.bytes
    // atLeast(LegacyRecord.RECORD_OVERHEAD_V0), segment.ms atLeast(1).
    let refused = |topic: &str| {
        let json = format!(r#"{{"version":1,"topic":{{"name":"t","partitions":1,{topic}}}}}"#);
        Scenario::from_json(&json).unwrap_err().to_string()
    };
    assert!(refused(r#""retention_ms":-2"#).contains(
        "topic.retention_ms: Invalid value -2 for configuration retention.ms: Value must be at least -1"
    ));
    assert!(refused(r#""segment_bytes":13"#).contains(
        "topic.segment_bytes: Invalid value 13 for configuration segment.bytes: Value must be at least 14"
    ));
    assert!(refused(r#""segment_ms":0"#).contains("topic.segment_ms"));
    assert!(refused(r#""retention_bytes":-5"#).contains("topic.retention_bytes"));
    // Absent, they are Kafka's defaults, and a link leaves them out.
    let s = scenario(r#"{"version":1,"topic":{"name":"t","partitions":1}}"#);
    assert!(!s.to_json().contains("retention"));
}

/// A group far behind reads every record, as it would from Kafka's log (7 days of retention
/// here): the playground keeps in memory what a group's position or committed offset can still
/// reach, not just the newest 2,000 records per partition. Before, the consumer found its next
/// offset gone past the memory bound and reset (`FellBehindLogStart { by_retention: false }`).
#[test]
fn a_group_thousands_of_records_behind_still_reads_every_record() {
    let json = r#"{"version":1,"topic":{"name":"clicks","partitions":1,"replication_factor":3},"producer":{"rate_per_sec":100,"keys":{"kind":"none"}},"groups":[{"group_id":"slow","topics":["clicks"],"auto_offset_reset":"earliest","processing_ms_per_record":40,"max_poll_records":50,"members":[{"name":"c1"}]}]}"#;
    let sim = replay(&scenario(json), 80_000, true).unwrap();
    let end = sim.topic_run(0).topic().partitions[0].end_offset();
    let c1 = sim.groups()[0].consumer("c1").unwrap();
    let position = c1.positions.values().copied().next().unwrap();
    let flagged = sim
        .event_log()
        .captured
        .as_ref()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("FellBehindLogStart"))
        .count();
    assert_eq!(flagged, 0);
    let counts = sim.groups()[0].ledger().counts;
    assert_eq!(counts.skipped_by_retention, 0);
    assert!(
        end - position > 3 * 2_000,
        "the group is far behind: {position} of {end}"
    );
    // Without a reader that far behind, the logs keep only their newest 2,000.
    let json = json.replace(
        r#""processing_ms_per_record":40"#,
        r#""processing_ms_per_record":0"#,
    );
    let sim = replay(&scenario(&json), 80_000, false).unwrap();
    assert!(sim.topic_run(0).topic().partitions[0].records.len() <= 2_000);
}

/// `log.retention.check.interval.ms` and `log.initial.task.delay.ms` are settings, not
/// constants: `LogManager.startup` schedules `kafka-log-retention` at the delay, then at the
/// interval. With the task every 10 s from 5 s, the first segment (rolled at 10 s) is past the
/// 60 s of retention at 70 s and goes at the run of 75 s, not at 330 s.
#[test]
fn the_retention_task_runs_at_its_configured_delay_and_interval() {
    let json = RETENTION.replace(
        r#"{"version":1,"#,
        r#"{"version":1,"cluster":{"log_retention_check_interval_ms":10000,"log_initial_task_delay_ms":5000},"#,
    );
    let before = replay(&scenario(&json), 74_999, false).unwrap();
    assert_eq!(before.topic_run(0).log_start_offset(0), 0);
    let after = replay(&scenario(&json), 75_000, false).unwrap();
    assert!(after.topic_run(0).log_start_offset(0) > 0);
    for (field, value) in [
        ("log_retention_check_interval_ms", "0"),
        ("log_initial_task_delay_ms", "31536000001"),
    ] {
        let json = format!(r#"{{"version":1,"cluster":{{"{field}":{value}}}}}"#);
        let message = Scenario::from_json(&json).unwrap_err().to_string();
        assert!(message.contains(&format!("cluster.{field}")), "{message}");
    }
}
