//! The CLI contract, run as a user would run the binary: output format, stdin handling and
//! every way a bad argument is refused.

use crate::common::cli::cli;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

#[test]
fn partition_with_key_arguments() {
    let out = cli(
        &[
            "partition",
            "--partitions",
            "3",
            "0",
            "1",
            "2",
            "3",
            "4",
            "5",
            "6",
            "7",
            "8",
            "9",
        ],
        None,
    );
    assert!(out.status.success());
    let partitions: Vec<String> = stdout(&out)
        .lines()
        .map(|l| l.split('\t').nth(2).unwrap().to_string())
        .collect();
    assert_eq!(
        partitions,
        ["2", "0", "2", "2", "1", "0", "1", "0", "0", "2"]
    );
}

#[test]
fn partition_line_format() {
    let out = cli(
        &[
            "partition",
            "--partitions",
            "6",
            "order-123",
            "vip-customer-42",
        ],
        None,
    );
    assert_eq!(
        stdout(&out),
        "order-123\t-940440895\t1\nvip-customer-42\t-217666005\t5\n"
    );
}

#[test]
fn partition_reads_stdin_including_the_empty_key() {
    let out = cli(
        &["partition", "--partitions", "16"],
        Some(b"user-1\n\nDE\r\nkey"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&out),
        "user-1\t1404122828\t12\n\t275646681\t9\nDE\t-694007203\t13\nkey\t-1079937367\t9\n"
    );
}

#[test]
fn partition_empty_stdin_prints_nothing() {
    let out = cli(&["partition", "--partitions", "4"], Some(b""));
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
}

#[test]
fn partition_refuses_bad_counts_with_nothing_on_stdout() {
    for args in [
        vec!["partition", "k"],
        vec!["partition", "--partitions", "0", "k"],
        vec!["partition", "--partitions", "-4", "k"],
        vec!["partition", "--partitions", "abc", "k"],
        vec!["partition", "--partitions", "2147483648", "k"],
        vec!["partition", "--partitions", "1.5", "k"],
        vec!["partition", "--partitions", "", "k"],
    ] {
        let out = cli(&args, Some(b"k\n"));
        assert!(!out.status.success(), "{args:?} should fail");
        assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("--partitions"),
            "{args:?}: the message names the option: {err}"
        );
    }
}

#[test]
fn partition_accepts_the_largest_java_int() {
    let out = cli(&["partition", "--partitions", "2147483647", "abc"], None);
    assert_eq!(stdout(&out), "abc\t479470107\t479470107\n");
}

#[test]
fn partition_refuses_invalid_utf8_on_stdin() {
    let out = cli(&["partition", "--partitions", "3"], Some(b"ok\n\xff\xfe\n"));
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

#[test]
fn unknown_option_and_command_are_refused() {
    for args in [
        vec!["partition", "--partitions", "3", "--bogus"],
        vec!["frobnicate"],
        vec![],
    ] {
        let out = cli(&args, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty());
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn run_prints_a_report_from_a_file() {
    let dir = std::env::temp_dir().join(format!("kpp-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    std::fs::write(
        &path,
        r#"{"version":1,"seed":3,"topic":{"name":"t","partitions":3},
            "producer":{"rate_per_sec":0,"latency_ms":10,"keys":{"kind":"none"}},
            "actions":[{"at_ms":5,"type":"produce","key":"0"},{"at_ms":6,"type":"produce","key":"4"},
                       {"at_ms":7,"type":"produce","key":null}]}"#,
    )
    .unwrap();
    let out = cli(&["run", path.to_str().unwrap(), "--until-ms", "100"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(report["records_produced"], 3);
    assert_eq!(report["records_appended"], 3);
    assert_eq!(
        report["keys"]["0"]["by_partition"]["2"], 1,
        "key \"0\" goes to partition 2"
    );
    assert_eq!(
        report["keys"]["4"]["by_partition"]["1"], 1,
        "key \"4\" goes to partition 1"
    );
    let ends: u64 = (0..3)
        .map(|p| report["partitions"][p]["end_offset"].as_u64().unwrap())
        .sum();
    assert_eq!(
        ends, 3,
        "the null-key record went to whichever partition the sticky partitioner chose"
    );
    assert_eq!(report["keys"]["0"]["partition"], 2);
    assert_eq!(report["until_ms"], 100);
}

#[test]
fn run_accepts_a_share_url_and_its_fragment_alike() {
    let scenario = kafka_playground::scenario::Scenario::default();
    let fragment = scenario.to_fragment();
    let url = format!("http://127.0.0.1:8080/#{fragment}");
    let a = cli(&["run", &url, "--until-ms", "3000"], None);
    let b = cli(&["run", &fragment, "--until-ms", "3000"], None);
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn run_refuses_bad_scenarios_clearly() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "/no/such/file.json"], "no such file"),
        (&["run", "#v9.abc"], "version 9"),
        (&["run", "#v1.!!!"], "damaged"),
        (&["run", "#hello"], "not a playground link"),
        (&["run", "x", "--until-ms", "99999999999"], "longest run"),
    ];
    for (args, needle) in cases {
        let out = cli(args, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(needle),
            "{args:?}: expected {needle:?} in {err}"
        );
    }
}

/// The CLI reads scenarios through the session, which knows the lessons and comparisons: a
/// scenario naming one this build does not have is refused, though its JSON has a valid shape.
#[test]
fn run_refuses_an_unknown_lesson_or_comparison() {
    use kafka_playground::scenario::Scenario;
    let cases = [
        (
            r#"{"version":1,"lesson":"how-to-fly"}"#,
            r#"lesson: there is no lesson called "how-to-fly""#,
        ),
        (
            r#"{"version":1,"view":{"compare":"commit"}}"#,
            r#"view.compare: the "commit" comparison needs something"#,
        ),
    ];
    for (json, needle) in cases {
        let fragment = Scenario::from_json(json)
            .expect("the format takes any id")
            .scenario
            .to_fragment();
        let out = cli(&["run", &fragment, "--until-ms", "100"], None);
        assert!(!out.status.success(), "{json}");
        assert!(out.stdout.is_empty(), "{json}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "expected {needle:?} in {err}");
    }
}

#[test]
fn run_trace_prints_one_line_per_event_and_the_hash() {
    let fragment = kafka_playground::scenario::Scenario::default().to_fragment();
    let out = cli(&["run", &fragment, "--until-ms", "1000", "--trace"], None);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("t=50 send r0 key="), "{}", lines[0]);
    assert!(lines.last().unwrap().starts_with("# events="));
}

#[test]
fn run_reports_each_group_and_each_topic() {
    let dir = std::env::temp_dir().join(format!("kp-cli-groups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("groups.json");
    std::fs::write(
        &path,
        r#"{"version":1,"producer":{"rate_per_sec":100},
            "more_topics":[{"name":"clicks","partitions":2}],
            "more_producers":[{"topic":"clicks","rate_per_sec":10,"keys":{"kind":"none"}}],
            "groups":[{"group_id":"billing","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,
                       "commit":{"mode":"sync_per_batch"},"members":[{"name":"c1"},{"name":"c2"}]}],
            "actions":[{"at_ms":8000,"type":"group","do":"crash_member","name":"c1"}]}"#,
    )
    .unwrap();
    let out = cli(
        &["run", path.to_str().unwrap(), "--until-ms", "20000"],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let group = &report["groups"][0];
    assert_eq!(group["group_id"], "billing");
    for field in [
        "consumed",
        "processed",
        "committed",
        "lost",
        "duplicated",
        "out_of_order",
        "lag",
        "rebalances",
        "pause_partition_ms",
    ] {
        assert!(group[field].is_u64(), "{field} is reported: {group}");
    }
    assert_eq!(group["members"], 1, "c1 crashed and its session expired");
    assert_eq!(group["lost"], 0);
    assert!(group["rebalances"].as_u64().unwrap() >= 2);
    assert_eq!(report["more_topics"][0]["topic"], "clicks");
    assert_eq!(report["producers"][1]["topic"], "clicks");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn run_refuses_a_run_that_asks_for_too_much_work_naming_the_fields() {
    let scenario = kafka_playground::scenario::Scenario::from_json(
        r#"{"version":1,"producer":{"rate_per_sec":100000},"more_producers":[{"rate_per_sec":50000}],
            "groups":[{"group_id":"a"},{"group_id":"b","members":[{"name":"x"}]}],"view":{"playhead_ms":86400000}}"#,
    )
    .unwrap()
    .scenario;
    let fragment = scenario.to_fragment();
    for (args, length) in [
        (
            vec!["run", fragment.as_str()],
            "view.playhead_ms, or --until-ms",
        ),
        (
            vec!["run", fragment.as_str(), "--until-ms", "3600000"],
            "(--until-ms)",
        ),
    ] {
        let out = cli(&args, None);
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        for needle in [
            "simulated work",
            "over the limit of 200000000",
            "producer.rate_per_sec",
            "more_producers[0].rate_per_sec",
            "topic.replication_factor",
            "groups[0].topics",
            "groups[1].members",
            length,
        ] {
            assert!(
                err.contains(needle),
                "{args:?}: expected {needle:?} in {err}"
            );
        }
    }
    // The same scenario for a second is fine.
    let out = cli(&["run", &fragment, "--until-ms", "1000"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_long_run_shows_progress_on_stderr_and_leaves_stdout_alone() {
    let fragment = kafka_playground::scenario::Scenario::default().to_fragment();
    let args = ["run", fragment.as_str(), "--until-ms", "5000"];
    let quiet = cli(&args, None);
    assert!(quiet.status.success());
    assert!(
        quiet.stderr.is_empty(),
        "a short run says nothing on stderr: {}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    // Progress from the start, as a run past two seconds shows it.
    let shown = std::process::Command::new(env!("CARGO_BIN_EXE_kafka-playground"))
        .args(args)
        .env("KAFKA_PLAYGROUND_PROGRESS_AFTER_MS", "0")
        .output()
        .expect("the binary runs");
    assert!(shown.status.success());
    assert_eq!(shown.stdout, quiet.stdout, "progress never reaches stdout");
    let err = String::from_utf8_lossy(&shown.stderr);
    let lines: Vec<&str> = err.lines().collect();
    assert!(!lines.is_empty());
    for line in &lines {
        assert!(line.starts_with("kafka-playground: "), "{line}");
        assert!(line.contains(" of 5000 ms of sim time ("), "{line}");
        assert!(line.contains(" records/s, "), "{line}");
        assert!(line.contains("× real time"), "{line}");
    }
    assert!(
        lines
            .last()
            .unwrap()
            .contains("5000 of 5000 ms of sim time (100%)"),
        "the last line gives the whole run: {err}"
    );
}

#[test]
fn export_prints_what_recreates_a_lesson_on_a_real_cluster() {
    use kafka_playground::lessons::{lesson, lesson_scenario};
    let scenario = lesson_scenario(lesson("min-insync-replicas").expect("the lesson exists"));
    let link = format!("http://127.0.0.1:8080/#{}", scenario.to_fragment());
    let all = cli(&["export", &link], None);
    assert!(
        all.status.success(),
        "{}",
        String::from_utf8_lossy(&all.stderr)
    );
    let text = stdout(&all);
    for expected in [
        "# ── Create the topics ──",
        "kafka-topics.sh --bootstrap-server localhost:9092 --create --topic",
        "--replica-assignment",
        "--config min.insync.replicas=2",
        "# ── producer-0.properties ──",
        "# ── Steps ──",
        "crash broker",
        "# ── What a real cluster will not reproduce ──",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let properties = stdout(&cli(&["export", &link, "--format", "properties"], None));
    assert!(
        properties.contains("producer-0.properties") && !properties.contains("kafka-topics.sh")
    );
    let bad = cli(&["export", &link, "--format", "yaml"], None);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("expected commands, properties or all"));
}

#[test]
fn import_reads_a_topic_describe_and_prints_a_scenario_that_opens() {
    let dir = std::env::temp_dir().join(format!("kpp-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let topics = dir.join("topics.txt");
    std::fs::write(
        &topics,
        "Topic: payments\tTopicId: 6Uj1Zq7nTqOh9pQdXlc4Hw\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: min.insync.replicas=2\n\
         \tTopic: payments\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: \n\
         \tTopic: payments\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3\tElr: \tLastKnownElr: \n",
    )
    .unwrap();
    let out = cli(&["import", topics.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scenario = kafka_playground::scenario::Scenario::from_json(&stdout(&out))
        .expect("the printed scenario opens")
        .scenario;
    assert_eq!(
        (
            scenario.topic.name.as_str(),
            scenario.topic.partitions,
            scenario.topic.min_insync_replicas
        ),
        ("payments", 2, 2)
    );
    // The placement and the out-of-sync replica come across as described.
    assert_eq!(
        scenario.topic.replica_assignment,
        vec![vec![1, 2, 3], vec![2, 3, 1]]
    );
    assert_eq!(scenario.topic.starting_isr[1], vec![2, 3]);
    let cut = dir.join("cut.txt");
    std::fs::write(
        &cut,
        "Topic: payments\tPartitionCount: 2\tReplicationFactor: 3\tConfigs: \n",
    )
    .unwrap();
    let bad = cli(&["import", cut.to_str().unwrap()], None);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).is_empty(), "nothing half-imported");
    assert!(String::from_utf8_lossy(&bad.stderr)
        .contains("line 1: topic payments: PartitionCount: 2 but 0 partition lines follow"));
    std::fs::remove_dir_all(&dir).ok();
}
