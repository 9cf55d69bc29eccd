//! Each kind of record a ledger flags is marked on the cell where it is drawn, with the moment
//! it was flagged; the same scenario without the cause marks nothing of that kind.

use super::*;

/// The first cell of kind `kind` drawn on topic 0 when the scenario is watched every 250 ms
/// up to 40 s, as `(time, partition, offset, title)`.
fn first_marked(json: &str, kind: FlagKind) -> Option<(u64, u32, u64, String)> {
    let scenario = Scenario::from_json(json).expect("valid").scenario;
    let mut sim = replay(&scenario, 0, false).expect("runs");
    let mut actions = scenario.actions.iter().peekable();
    for t in (250..=40_000).step_by(250) {
        while let Some(a) = actions.next_if(|a| a.at_ms <= t) {
            sim.advance_to(a.at_ms);
            let _ = sim.apply(&a.to_command());
        }
        sim.advance_to(t);
        let m = model_of(&sim, 0, "", false);
        for r in &m.rows.rows {
            if let Some(c) = r
                .log
                .cells
                .iter()
                .find(|c| c.flag.as_ref().is_some_and(|f| f.kind == kind))
            {
                return Some((t, r.partition, c.offset, c.title(r.partition)));
            }
        }
    }
    None
}

/// One kind of flag: a scenario slow enough that the flagged records are still among the cells
/// drawn, and the same scenario without the cause.
struct Case {
    kind: FlagKind,
    json: &'static str,
    without_cause: (&'static str, &'static str),
    /// Where the flagged cell is and when it is first seen (every 250 ms).
    first_seen: (u64, u64),
    words: &'static str,
}

const UNCLEAN: &str = r#"{"version":1,"cluster":{"brokers":2,"unclean_leader_election":true},"topic":{"name":"payments","partitions":1,"replication_factor":2},"producer":{"rate_per_sec":2,"request_timeout_ms":1000,"delivery_timeout_ms":1500,"keys":{"kind":"entities","prefix":"p-","count":5}},"actions":[{"at_ms":3000,"type":"shutdown_broker","broker":1},{"at_ms":8000,"type":"kill_broker","broker":2},{"at_ms":12000,"type":"restart_broker","broker":1},{"at_ms":20000,"type":"restart_broker","broker":2}]}"#;
const AUTO_WORKERS: &str = r#"{"version":1,"topic":{"partitions":1},"producer":{"rate_per_sec":2,"keys":{"kind":"entities","prefix":"user-","count":5}},"groups":[{"group_id":"auto-workers","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,"commit":{"mode":"auto","interval_ms":1000},"processing":{"mode":"workers","threads":4},"processing_ms_per_record":1500,"members":[{"name":"c1"},{"name":"c2"}]}],"actions":[{"at_ms":8000,"type":"group","group":0,"do":"crash_member","name":"c1"}]}"#;
const COMMIT_AFTER: &str = r#"{"version":1,"topic":{"partitions":1},"producer":{"rate_per_sec":2,"keys":{"kind":"entities","prefix":"user-","count":5}},"groups":[{"group_id":"commit-after","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,"commit":{"mode":"sync_per_batch"},"processing_ms_per_record":900,"members":[{"name":"c1"},{"name":"c2"}]}],"actions":[{"at_ms":3000,"type":"set_rate","rate_per_sec":0},{"at_ms":8000,"type":"group","group":0,"do":"crash_member","name":"c1"}]}"#;
const WORKERS: &str = r#"{"version":1,"topic":{"partitions":1},"producer":{"rate_per_sec":4,"keys":{"kind":"order_lifecycle","key_by":"order_id","concurrent_orders":2}},"groups":[{"group_id":"workers","auto_offset_reset":"earliest","processing":{"mode":"workers","threads":4},"processing_ms_per_record":300}]}"#;
const CRASH: &str = r#"{"at_ms":8000,"type":"group","group":0,"do":"crash_member","name":"c1"}"#;

const CASES: [Case; 4] = [
    Case {
        kind: FlagKind::LostAcknowledged,
        json: UNCLEAN,
        without_cause: (
            r#""unclean_leader_election":true"#,
            r#""unclean_leader_election":false"#,
        ),
        first_seen: (17_250, 5),
        words: "lost acknowledged write (key p-3, from producer-1, lost when leader epoch 1 began), flagged at 17.000 s",
    },
    Case {
        kind: FlagKind::Lost,
        json: AUTO_WORKERS,
        without_cause: (CRASH, ""),
        first_seen: (8_000, 7),
        words: "lost: committed past, never processed (c1), flagged at 8.000 s",
    },
    Case {
        kind: FlagKind::ProcessedTwice,
        json: COMMIT_AFTER,
        without_cause: (CRASH, r#"{"at_ms":8000,"type":"set_rate","rate_per_sec":0}"#),
        first_seen: (14_250, 0),
        words: "processed twice (c2), flagged at 14.050 s",
    },
    Case {
        kind: FlagKind::OutOfOrder,
        json: WORKERS,
        without_cause: (r#""processing":{"mode":"workers","threads":4},"#, ""),
        first_seen: (8_000, 23),
        words: "processed out of per-key order (consumer-1), flagged at 7.795 s",
    },
];

#[test]
fn each_kind_of_flag_is_marked_on_its_cell_with_when_and_only_when_its_cause_happened() {
    for case in &CASES {
        let kind = case.kind;
        let (at_ms, partition, offset, title) =
            first_marked(case.json, kind).unwrap_or_else(|| panic!("{kind:?} is marked"));
        assert_eq!((at_ms, offset), case.first_seen, "{kind:?}: {title}");
        assert_eq!(partition, 0);
        assert!(
            title.ends_with(&format!("; {}", case.words)),
            "{kind:?}: {title}"
        );
        let (cause, instead) = case.without_cause;
        assert!(
            case.json.contains(cause),
            "{kind:?}: the cause is in the scenario"
        );
        let without = case.json.replace(cause, instead).replace(",]", "]");
        assert_eq!(
            first_marked(&without, kind),
            None,
            "{kind:?}: nothing is marked without its cause"
        );
    }
}

#[test]
fn a_truncated_tail_counts_the_lost_acknowledged_writes_it_held() {
    // Replication 5: broker 2 held the acknowledged writes broker 1 never had; at 20 s it
    // truncates them, and its tail says how many of the records cut had been acknowledged (a
    // floor: 100 were, and the lists keep the newest 64).
    let json = crate::lessons::lesson("unclean-election")
        .expect("the lesson exists")
        .scenario;
    let sim = run(json, 26_000);
    let m = model_of(&sim, 0, "", false);
    let tail = m.tails.first().expect("broker 2's replica shows its tail");
    assert!(tail.acked_lost > 0 && tail.acked_lost <= tail.records);
    assert!(
        tail.label.value().ends_with(&format!(
            ", at least {} of them lost acknowledged writes",
            tail.acked_lost
        )),
        "{}",
        tail.label.value()
    );
    // The same run without unclean election loses no acknowledged write.
    let clean = json.replace(
        r#""unclean_leader_election":true"#,
        r#""unclean_leader_election":false"#,
    );
    let sim = run(&clean, 26_000);
    let m = model_of(&sim, 0, "", false);
    assert!(m.tails.iter().all(|t| t.acked_lost == 0));
}
