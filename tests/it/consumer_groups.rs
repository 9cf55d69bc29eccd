//! Consumer groups inside whole runs: scenarios with producers, groups and timed actions, read
//! back through the run report as the page and the CLI see them. The protocol itself is tested
//! against Kafka's vectors in `group_protocol.rs`; here the question is what a user sees.

use kafka_playground::engine::{check_invariants, Sim};
use kafka_playground::scenario::{report, Scenario};
use kafka_playground::session::replay;

fn run(json: &str, until_ms: u64) -> (Sim, kafka_playground::scenario::Report) {
    let scenario = Scenario::from_json(json)
        .unwrap_or_else(|e| panic!("{e}"))
        .scenario;
    let sim = replay(&scenario, until_ms, false).expect("the scenario replays");
    check_invariants(&sim).unwrap();
    let r = report(&sim);
    (sim, r)
}

const ORDERS: &str =
    r#""producer":{"rate_per_sec":200,"keys":{"kind":"entities","prefix":"user-","count":50}}"#;

#[test]
fn two_groups_read_the_same_topic_independently() {
    let json = format!(
        r#"{{"version":1,{ORDERS},"groups":[
            {{"group_id":"fraud","auto_offset_reset":"earliest"}},
            {{"group_id":"billing","auto_offset_reset":"earliest","members":[{{"name":"b1"}}]}}]}}"#
    );
    let (_, r) = run(&json, 20_000);
    assert_eq!(r.groups.len(), 2);
    let (fraud, billing) = (&r.groups[0], &r.groups[1]);
    assert_eq!((fraud.members, billing.members), (3, 1));
    // Each group reads every record, on its own offsets: fan-out.
    for g in [fraud, billing] {
        assert!(
            g.processed > r.records_appended * 9 / 10,
            "{}: processed {} of {}",
            g.group_id,
            g.processed,
            r.records_appended
        );
        assert_eq!((g.lost, g.duplicated), (0, 0), "{}", g.group_id);
        assert_eq!(g.state, "Stable");
    }
    assert_ne!(
        fraud.offsets_partition, billing.offsets_partition,
        "abs(hashCode) % 50 differs for these ids"
    );
}

#[test]
fn seven_consumers_on_six_partitions_leave_one_idle() {
    let members: Vec<String> = (1..=7).map(|i| format!(r#"{{"name":"c{i}"}}"#)).collect();
    let json = format!(
        r#"{{"version":1,{ORDERS},"groups":[{{"group_id":"wide","members":[{}]}}]}}"#,
        members.join(",")
    );
    let (_, r) = run(&json, 10_000);
    assert_eq!((r.groups[0].members, r.groups[0].idle_members), (7, 1));
}

/// The at-least-once / at-most-once pair: the same crash under two commit styles.
#[test]
fn auto_commit_with_workers_loses_records_on_a_crash_manual_commit_duplicates_them() {
    let scenario = |commit: &str, processing: &str, per_record_ms: u32| {
        format!(
            r#"{{"version":1,{ORDERS},"groups":[{{"group_id":"g","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,
                "commit":{commit},"processing":{processing},"processing_ms_per_record":{per_record_ms},"max_poll_records":50,
                "members":[{{"name":"c1"}},{{"name":"c2"}}]}}],
              "actions":[{{"at_ms":15000,"type":"group","do":"crash_member","name":"c1"}}]}}"#
        )
    };
    // Four workers at 60 ms a record fall behind 100 records/s: a backlog builds that the
    // auto-commit has already covered.
    let (_, auto) = run(
        &scenario(
            r#"{"mode":"auto","interval_ms":1000}"#,
            r#"{"mode":"workers","threads":4}"#,
            60,
        ),
        40_000,
    );
    assert!(
        auto.groups[0].lost > 0,
        "auto-commit ran ahead of the workers: {:?}",
        auto.groups[0]
    );
    // At 12 ms a record the poll loop is always busy with a full poll of 50, so the crash
    // lands after some of them were processed and before their commit.
    let (_, manual) = run(
        &scenario(
            r#"{"mode":"sync_per_batch"}"#,
            r#"{"mode":"poll_loop"}"#,
            12,
        ),
        40_000,
    );
    let g = &manual.groups[0];
    assert_eq!(g.lost, 0, "commit after processing never loses: {g:?}");
    assert!(
        g.duplicated > 0,
        "the crashed member's processed-but-uncommitted records are read again: {g:?}"
    );
    assert!(
        g.rebalances >= 2,
        "the crash is noticed after session.timeout.ms and rebalances: {g:?}"
    );
    assert!(g
        .first_flags
        .iter()
        .any(|f| f.kind == "duplicate" && f.at_ms >= 15_000));
}

/// Only the leader acts on a grown topic, once its periodic metadata refresh shows it
/// (`ConsumerCoordinator.rejoinNeededOrPending`, `Metadata.timeToNextUpdate`): with
/// `metadata.max.age.ms` at 5 s the new partitions have owners a few seconds after the growth,
/// with Kafka's default of 5 minutes they have none for minutes.
#[test]
fn adding_partitions_rebalances_subscribed_groups_at_the_leaders_next_metadata_refresh() {
    let owned_after = |max_age: &str, end_ms: u64| {
        let json = format!(
            r#"{{"version":1,{ORDERS},"groups":[{{"group_id":"g","assignors":["cooperative-sticky"]{max_age},"members":[{{"name":"c1"}},{{"name":"c2"}}]}}],
                "actions":[{{"at_ms":8000,"type":"add_partitions","total":8}}]}}"#
        );
        let (sim, r) = run(&json, end_ms);
        let owned: usize = sim.groups()[0]
            .members(&sim.logs())
            .iter()
            .map(|m| m.assigned.len())
            .sum();
        assert_eq!(r.groups[0].rebalance_protocol, "COOPERATIVE");
        (owned, r.groups[0].rebalances)
    };
    let (owned, rebalances) = owned_after(r#","metadata_max_age_ms":5000"#, 15_000);
    assert_eq!(owned, 8, "the two new partitions have owners");
    assert!(rebalances >= 2);
    let (owned, rebalances) = owned_after("", 15_000);
    assert_eq!(
        owned, 6,
        "under the default 5 minutes nobody has noticed yet"
    );
    assert_eq!(rebalances, 1);
    let (owned, _) = owned_after("", 305_000);
    assert_eq!(owned, 8, "the leader's refresh at 300 s finds them");
}

#[test]
fn runs_with_groups_are_deterministic_and_links_round_trip() {
    let json = format!(
        r#"{{"version":1,{ORDERS},"groups":[{{"group_id":"g","members":[{{"name":"c1","instance_id":"host-1"}},{{"name":"c2"}}]}}],
            "actions":[{{"at_ms":5000,"type":"group","do":"add_member","name":"c3"}},
                       {{"at_ms":9000,"type":"group","do":"crash_member","name":"c2"}},
                       {{"at_ms":9500,"type":"group","do":"set_processing_ms","name":"c1","processing_ms_per_record":20}}]}}"#
    );
    let scenario = Scenario::from_json(&json).unwrap().scenario;
    let back = Scenario::from_fragment(&scenario.to_fragment())
        .unwrap()
        .scenario;
    assert_eq!(back, scenario);
    let (_, a) = run(&json, 30_000);
    let (_, b) = run(&back.to_json(), 30_000);
    assert_eq!(a, b);
    // A default group costs only its id in a link.
    assert!(
        scenario.to_json().contains(r#"{"group_id":"g","members""#),
        "{}",
        scenario.to_json()
    );
}

#[test]
fn bad_groups_are_refused_with_kafkas_rule() {
    let cases: &[(&str, &str)] = &[
        (
            r#"{"version":1,"groups":[{"group_id":"g","assignors":["fastest"]}]}"#,
            r#"groups[0].assignors[0]: unknown assignor "fastest""#,
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","topics":["payments"]}]}"#,
            "not a topic of this scenario",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","heartbeat_interval_ms":45000}]}"#,
            "Heartbeat must be set lower than the session timeout",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","session_timeout_ms":5999,"heartbeat_interval_ms":1000}]}"#,
            "INVALID_SESSION_TIMEOUT",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","session_timeout_ms":1800001}]}"#,
            "INVALID_SESSION_TIMEOUT",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","members":[{"name":"a","instance_id":"h"},{"name":"b","instance_id":"h"}]}]}"#,
            "share group.instance.id",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","metadata_max_age_ms":0}]}"#,
            "groups[0].metadata_max_age_ms",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g"},{"group_id":"g"}]}"#,
            "two groups are called",
        ),
        (
            r#"{"version":1,"groups":[{"group_id":"g","assignors":[]}]}"#,
            "at least one assignor",
        ),
        (
            r#"{"version":1,"actions":[{"at_ms":1,"type":"group","do":"crash_member","name":"c1"}]}"#,
            "no consumer group 0",
        ),
    ];
    for (json, needle) in cases {
        let message = Scenario::from_json(json).expect_err(json).to_string();
        assert!(
            message.contains(needle),
            "{json}: expected {needle:?} in {message:?}"
        );
    }
    // A command on a member that does not exist is refused at its time, and the run goes on.
    let json = format!(
        r#"{{"version":1,{ORDERS},"groups":[{{"group_id":"g"}}],"actions":[{{"at_ms":100,"type":"group","do":"crash_member","name":"nobody"}}]}}"#
    );
    let (_, r) = run(&json, 5_000);
    assert_eq!(r.commands_rejected, 1);
}

/// The timelines behind the page's per-member strips: an eager rebalance stops every member,
/// a cooperative one lets the members that keep partitions go on consuming.
#[test]
fn eager_rebalances_stop_everyone_cooperative_ones_do_not() {
    let group = |id: &str, assignor: &str| {
        format!(
            r#"{{"group_id":"{id}","assignors":["{assignor}"],"processing_ms_per_record":5,"members":[{{"name":"c1"}},{{"name":"c2"}},{{"name":"c3"}}]}}"#
        )
    };
    let json = format!(
        r#"{{"version":1,{ORDERS},"groups":[{},{}],
            "actions":[{{"at_ms":10000,"type":"group","group":0,"do":"close_member","name":"c3"}},
                       {{"at_ms":10000,"type":"group","group":1,"do":"close_member","name":"c3"}}]}}"#,
        group("eager", "range"),
        group("coop", "cooperative-sticky")
    );
    let (sim, _) = run(&json, 20_000);
    use kafka_playground::engine::MemberPhase;
    let stopped_after = |g: usize, name: &str| {
        let (_, timeline) = sim.groups()[g]
            .timelines()
            .find(|(n, _)| *n == name)
            .unwrap();
        timeline
            .iter()
            .any(|&(at, phase)| at > 10_000 && phase == MemberPhase::Joining)
    };
    let rebalancing_after = |g: usize, name: &str| {
        let (_, timeline) = sim.groups()[g]
            .timelines()
            .find(|(n, _)| *n == name)
            .unwrap();
        timeline
            .iter()
            .any(|&(at, phase)| at > 10_000 && phase == MemberPhase::Rebalancing)
    };
    for name in ["c1", "c2"] {
        assert!(
            stopped_after(0, name),
            "eager: {name} stops for the rebalance"
        );
        assert!(!stopped_after(1, name), "cooperative: {name} never stops");
        assert!(
            rebalancing_after(1, name),
            "cooperative: {name} rejoins while consuming"
        );
    }
}
