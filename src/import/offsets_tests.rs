//! Committed offsets and log end offsets carried over from `kafka-consumer-groups.sh
//! --describe` (`ConsumerGroupCommand.printOffsets`' CURRENT-OFFSET and LOG-END-OFFSET
//! columns), run by the engine, and carried back by the export's `--reset-offsets` commands.

use super::tests::{offsets_view, texts, topic_describe};
use super::*;
use crate::export::{export, ExportFormat};
use crate::session::replay;

fn orders() -> String {
    topic_describe(
        "orders",
        "",
        &[
            (0, "1", "1,2,3", "1,2,3"),
            (1, "2", "2,3,1", "2,3,1"),
            (2, "3", "3,1,2", "3,1,2"),
        ],
        true,
    )
}

/// Partition 0 lags 20, partition 1 has nothing committed, partition 2 lags 5.
fn billing() -> String {
    offsets_view(&[
        [
            "billing",
            "orders",
            "0",
            "1500",
            "1520",
            "20",
            "consumer-billing-1-0c5e2a7f",
            "/10.0.0.5",
            "consumer-billing-1",
        ],
        ["billing", "orders", "1", "-", "800", "-", "-", "-", "-"],
        ["billing", "orders", "2", "90", "95", "5", "-", "-", "-"],
    ])
}

fn imported() -> Scenario {
    let d = read(&texts(&[&orders(), &billing()])).unwrap();
    to_scenario(&d).unwrap().0
}

#[test]
fn current_offsets_become_committed_offsets_and_log_end_offsets_the_logs() {
    let scenario = imported();
    let g = &scenario.groups[0];
    let committed: Vec<(&str, u64)> = g
        .committed_offsets
        .iter()
        .map(|(k, v)| (k.as_str(), *v))
        .collect();
    assert_eq!(
        committed,
        vec![("orders-0", 1500), ("orders-2", 90)],
        "a - is no offset"
    );
    assert_eq!(scenario.topic.starting_log_end_offsets, vec![1520, 800, 95]);
    // Each log holds exactly the lag: from the lowest committed offset to the end.
    assert_eq!(
        scenario.topic.starting_log_start_offsets,
        vec![1500, 800, 90]
    );
    // The JSON carries them, and reads back the same.
    let json = scenario.to_json();
    assert!(json.contains("\"committed_offsets\""), "{json}");
    assert_eq!(Scenario::from_json(&json).unwrap().scenario, scenario);
}

#[test]
fn the_group_starts_from_its_committed_offsets_and_reads_the_lag() {
    let mut scenario = imported();
    scenario.producer.rate_per_sec = 0;
    let sim = replay(&scenario, 30_000, false).unwrap();
    let topic = &sim.topics()[0];
    assert_eq!(topic.topic().partitions[0].end_offset(), 1520);
    assert_eq!(topic.log_start_offset(0), 1500);
    let group = &sim.groups()[0];
    // The lags, 20 + 5, and nothing of partition 1, which `latest` starts at its end: a group
    // that ignored its committed offsets would read nothing (latest) or 2415 (earliest).
    assert_eq!(
        group.ledger().counts.consumed,
        25,
        "{:?}",
        group.ledger().counts
    );
    let committed: Vec<Option<u64>> = group
        .partitions(&sim.logs())
        .iter()
        .map(|p| p.committed)
        .collect();
    assert_eq!(committed[0], Some(1520));
    assert_eq!(committed[2], Some(95));
}

#[test]
fn a_lag_longer_than_a_starting_log_is_said_and_reset() {
    let far = offsets_view(&[[
        "billing", "orders", "0", "10", "50000", "49990", "-", "-", "-",
    ]]);
    let d = read(&texts(&[&orders(), &far])).unwrap();
    let (scenario, warnings) = to_scenario(&d).unwrap();
    let most = limits::STARTING_RECORDS_PER_PARTITION_MAX as u64;
    assert_eq!(scenario.topic.starting_log_start_offsets[0], 50_000 - most);
    assert!(
        warnings.iter().any(|w| w.contains("lags 49990 records")),
        "{warnings:?}"
    );
}

#[test]
fn export_gives_back_the_imported_offsets() {
    let scenario = imported();
    let blocks = export(&scenario, ExportFormat::Commands);
    let block = blocks
        .iter()
        .find(|b| b.title == "Group billing: committed offsets")
        .expect("a committed offsets block");
    // `--reset-offsets --to-offset N --topic t:p`, read back as the format's keys.
    let mut back = std::collections::BTreeMap::new();
    let words: Vec<&str> = block.text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if *w == "--to-offset" {
            assert_eq!(words[i + 2], "--topic");
            let offset: u64 = words[i + 1].parse().unwrap();
            let (t, p) = words[i + 3].split_once(':').unwrap();
            back.insert(format!("{t}-{p}"), offset);
        }
    }
    assert_eq!(back, scenario.groups[0].committed_offsets);
    assert!(block.text.contains("--group billing"), "{}", block.text);
    let logs = blocks
        .iter()
        .find(|b| b.title == "Log offsets at the start")
        .expect("a log offsets block");
    assert!(logs
        .text
        .contains("orders-0: log end offset 1520, log start offset 1500"));
}

#[test]
fn malformed_offsets_name_the_line_and_what_was_expected() {
    let row = |current: &str, end: &str, lag: &str| {
        offsets_view(&[["billing", "orders", "0", current, end, lag, "-", "-", "-"]])
    };
    let cases = [
        (row("15x0", "1520", "20"), "text 2, line 3: CURRENT-OFFSET is \"15x0\", expected an offset (0 to 9223372036854775807) or -"),
        (row("1500", "-3", "20"), "text 2, line 3: LOG-END-OFFSET is \"-3\", expected an offset (0 to 9223372036854775807) or -"),
        (row("9223372036854775808", "1520", "20"), "text 2, line 3: CURRENT-OFFSET is \"9223372036854775808\", expected an offset (0 to 9223372036854775807) or -"),
        (row("1500", "1520", "lots"), "text 2, line 3: LAG is \"lots\", expected a number or -"),
    ];
    for (text, expected) in cases {
        let err = read(&texts(&[&orders(), &text])).unwrap_err();
        assert_eq!(err.to_string(), expected);
    }
    // Two views of one group that disagree on an offset: refused, nothing imported.
    let other = offsets_view(&[[
        "billing", "orders", "0", "1400", "1520", "120", "-", "-", "-",
    ]]);
    let d = read(&texts(&[&orders(), &billing(), &other])).unwrap();
    let err = to_scenario(&d).unwrap_err();
    assert!(
        err.to_string().contains("orders-0 has CURRENT-OFFSET"),
        "{err}"
    );
}

#[test]
fn the_format_refuses_bad_offsets_naming_the_field() {
    let base = imported();
    let refused = |edit: &dyn Fn(&mut Scenario), field: &str| {
        let mut s = base.clone();
        edit(&mut s);
        let err = Scenario::from_json(&s.to_json()).unwrap_err().to_string();
        assert!(err.contains(field), "{err}");
    };
    refused(
        &|s| {
            s.groups[0]
                .committed_offsets
                .insert("orders".to_string(), 1);
        },
        "committed_offsets",
    );
    refused(
        &|s| {
            s.groups[0]
                .committed_offsets
                .insert("orders-0".to_string(), 2000);
        },
        "committed_offsets",
    );
    refused(
        &|s| {
            s.groups[0]
                .committed_offsets
                .insert("orders-7".to_string(), 1);
        },
        "committed_offsets",
    );
    refused(
        &|s| {
            s.groups[0]
                .committed_offsets
                .insert("payments-0".to_string(), 1);
        },
        "committed_offsets",
    );
    refused(
        &|s| s.topic.starting_log_start_offsets = vec![1600, 800, 90],
        "starting_log_start_offsets",
    );
    refused(
        &|s| s.topic.starting_log_end_offsets.push(3),
        "starting_log_end_offsets",
    );
}

#[test]
fn every_invariant_holds_over_a_run_from_imported_offsets() {
    // The producer keeps writing after the records already there; a broker dies and comes
    // back, so leaders move over the starting logs.
    let mut scenario = imported();
    scenario.actions = Scenario::from_json(
        r#"{"version":1,"actions":[{"at_ms":4000,"type":"kill_broker","broker":1},{"at_ms":16000,"type":"restart_broker","broker":1}]}"#,
    )
    .unwrap()
    .scenario
    .actions;
    for until_ms in (0..=30_000).step_by(1_000) {
        let sim = replay(&scenario, until_ms, false).unwrap();
        crate::engine::check_invariants(&sim).unwrap_or_else(|v| panic!("at {until_ms} ms: {v}"));
    }
}

#[test]
fn one_paste_of_both_describes_reads_as_two_and_names_the_pastes_lines() {
    // The page's paste box takes everything at once.
    let both = format!("{}{}", orders(), billing());
    let d = read(&[("the pasted text".to_string(), both.clone())]).unwrap();
    assert_eq!(d.topics.len(), 1);
    assert_eq!(d.groups[0].offsets.len(), 3);
    let (scenario, _) = to_scenario(&d).unwrap();
    assert_eq!(scenario, imported());
    // The bad row is line 7 of the paste: 4 topic lines, a blank line, the header, the row.
    let bad = both.replacen("1500 ", "15x0 ", 1);
    let err = read(&[("the pasted text".to_string(), bad)]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the pasted text, line 7: CURRENT-OFFSET is \"15x0\""),
        "{err}"
    );
}
