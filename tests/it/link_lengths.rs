//! Share-link length: links carry only what differs from the frozen v1 defaults, so typical
//! links stay short; and the v1 defaults themselves are pinned here, because a link that omits a
//! field means "the v1 default", forever.

use kafka_playground::lessons::{lesson_scenario, LESSONS};
use kafka_playground::scenario::{Action, ActionCommand, Scenario};

#[test]
fn v1_defaults_are_frozen() {
    // Changing any of these changes the meaning of every link that omits the field: add a new
    // format version with a migration instead.
    let expected = r#"{"version":1,"seed":1,"cluster":{"brokers":3,"placement":"striped"},"topic":{"name":"orders","partitions":6,"replication_factor":3},"producer":{"rate_per_sec":20,"latency_ms":50,"keys":{"kind":"entities","prefix":"user-","count":12},"partitioner":"built_in","adaptive":true,"ignore_keys":false,"batch_size":16384,"linger_ms":5,"value_bytes":100},"actions":[],"view":{"playhead_ms":0,"speed":0.1}}"#;
    assert_eq!(Scenario::default().to_json_full(), expected);
}

#[test]
fn typical_links_are_short() {
    let default_len = Scenario::default().to_fragment().len();
    let mut with_actions = Scenario::default();
    for i in 0..20u64 {
        with_actions.actions.push(Action {
            at_ms: 1000 + i * 250,
            command: ActionCommand::Produce {
                producer: 0,
                key: Some(format!("order-{i}")),
                partition: None,
            },
        });
    }
    with_actions.view.playhead_ms = 12_345;
    let actions_len = with_actions.to_fragment().len();
    let longest_lesson = LESSONS
        .iter()
        .map(|l| lesson_scenario(l).to_fragment().len())
        .max()
        .unwrap();
    println!("link lengths: default {default_len}, 20 actions {actions_len}, longest lesson {longest_lesson}");
    assert!(default_len < 40, "{default_len}");
    assert!(actions_len < 2000, "{actions_len}");
    assert!(longest_lesson < 2000, "{longest_lesson}");
}
