//! Time travel in the session: seeking back and forth lands on exactly the state a fresh
//! replay gives, stepping back finds the previous instant, acting in the past forks the run,
//! and checkpoints stay bounded however long the run.

use kafka_playground::engine::{Command, Sim};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::{replay, Session, SessionAction, CHECKPOINTS_MAX};

const BUSY: &str = r#"{"version":1,"producer":{"rate_per_sec":2000,"keys":{"kind":"entities","prefix":"user-","count":500}},
    "groups":[{"group_id":"g","auto_offset_reset":"earliest","session_timeout_ms":6000,"heartbeat_interval_ms":1000,"members":[{"name":"c1"},{"name":"c2"}]}],
    "actions":[{"at_ms":5000,"type":"add_partitions","total":8},{"at_ms":9000,"type":"group","do":"crash_member","name":"c1"},
               {"at_ms":15000,"type":"set_rate","rate_per_sec":500}]}"#;

fn scenario() -> Scenario {
    Scenario::from_json(BUSY).unwrap().scenario
}

fn fingerprint(sim: &Sim) -> (u64, u64, u64) {
    (sim.now_ms(), sim.event_log().hash(), sim.event_log().total)
}

fn played_to(t_ms: u64) -> Session {
    let mut s = Session::new(kafka_playground::scenario::Decoded {
        scenario: scenario(),
        warnings: vec![],
    });
    s.apply(SessionAction::Seek(t_ms));
    s
}

#[test]
fn seeking_back_and_forth_matches_a_fresh_replay() {
    let mut s = played_to(30_000);
    assert!(s.checkpoint_count() > 0, "a long seek leaves checkpoints");
    let original = fingerprint(s.sim());
    assert_eq!(
        original,
        fingerprint(&replay(&scenario(), 30_000, false).unwrap())
    );
    for t in [12_345, 0, 29_999, 4_999, 5_000, 9_001, 30_000, 21_000] {
        s.apply(SessionAction::Seek(t));
        assert_eq!(
            fingerprint(s.sim()),
            fingerprint(&replay(&scenario(), t, false).unwrap()),
            "seek to {t}"
        );
    }
    assert_eq!(s.horizon_ms(), 30_000, "rewinding keeps the horizon");
}

#[test]
fn step_back_goes_to_the_previous_instant() {
    let mut s = played_to(10_000);
    for _ in 0..5 {
        s.apply(SessionAction::Step);
    }
    let forward: Vec<u64> = {
        let mut times = vec![];
        let mut probe = played_to(10_000);
        for _ in 0..5 {
            probe.apply(SessionAction::Step);
            times.push(probe.sim().now_ms());
        }
        times
    };
    assert_eq!(s.sim().now_ms(), forward[4]);
    s.apply(SessionAction::StepBack);
    assert_eq!(s.sim().now_ms(), forward[3]);
    assert_eq!(
        fingerprint(s.sim()),
        fingerprint(&replay(&scenario(), forward[3], false).unwrap())
    );
    s.apply(SessionAction::Step);
    assert_eq!(
        s.sim().now_ms(),
        forward[4],
        "stepping forward again returns to where we were"
    );
}

#[test]
fn acting_in_the_past_forks_the_run() {
    let mut s = played_to(20_000);
    s.apply(SessionAction::Seek(7_000));
    assert_eq!(
        s.scenario().actions.len(),
        3,
        "rewinding alone keeps the future"
    );
    s.apply(SessionAction::Command(Command::SetRate {
        producer: 0,
        rate_per_sec: 10,
    }));
    let actions = &s.scenario().actions;
    assert_eq!(
        actions.len(),
        2,
        "the crash at 9 s and the rate change at 15 s are discarded; the 5 s growth stays"
    );
    assert_eq!(actions[1].at_ms, 7_000);
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("2 later actions were discarded")),
        "{:?}",
        s.notice
    );
    assert_eq!(s.horizon_ms(), 7_000);
    // The forked run is what its own link replays.
    s.apply(SessionAction::Seek(12_000));
    let link = Scenario::from_fragment(&s.share_fragment())
        .unwrap()
        .scenario;
    assert_eq!(
        fingerprint(s.sim()),
        fingerprint(&replay(&link, 12_000, false).unwrap())
    );
}

/// The history is the scenario's actions as engine commands; replaying from it, by seeks and
/// by frames, lands on exactly what a fresh headless replay of the scenario gives.
#[test]
fn replay_from_the_history_equals_a_fresh_replay_of_the_scenario() {
    use kafka_playground::session::History;
    let commands: Vec<(u64, Command)> = scenario()
        .actions
        .iter()
        .map(|a| (a.at_ms, a.to_command()))
        .collect();
    assert_eq!(played_to(0).history().commands(), commands.as_slice());
    let mut history = History::new(Sim::new(scenario().sim_config()).unwrap(), commands.clone());
    for t in [20_000, 4_000, 9_000, 16_500, 0, 12_000] {
        assert!(history.seek(t));
        assert_eq!(
            fingerprint(history.sim()),
            fingerprint(&replay(&scenario(), t, false).unwrap()),
            "seek to {t}"
        );
    }
    let mut played = History::new(Sim::new(scenario().sim_config()).unwrap(), commands);
    while played.sim().now_ms() < 16_000 {
        let target = (played.sim().now_ms() + 97).min(16_000);
        assert!(played.play_to(target, u64::MAX));
    }
    assert_eq!(
        fingerprint(played.sim()),
        fingerprint(&replay(&scenario(), 16_000, false).unwrap())
    );
}

#[test]
fn checkpoints_stay_bounded_over_a_long_run() {
    let s = played_to(600_000);
    assert!(
        s.checkpoint_count() <= CHECKPOINTS_MAX,
        "{}",
        s.checkpoint_count()
    );
    assert!(s.checkpoint_count() >= CHECKPOINTS_MAX / 2);
}

/// Side by side: the twin runs the varied scenario in lockstep, takes the same commands, and
/// is exactly what a fresh replay of the varied scenario gives.
#[test]
fn a_comparison_runs_in_lockstep_and_replays_exactly() {
    use kafka_playground::compare::Variation;
    let mut s = played_to(8_000);
    s.apply(SessionAction::Compare(Some("strategy".into())));
    s.apply(SessionAction::Seek(12_000));
    s.apply(SessionAction::Command(Command::SetRate {
        producer: 0,
        rate_per_sec: 300,
    }));
    s.apply(SessionAction::Seek(25_000));
    s.apply(SessionAction::Seek(16_000));
    let (twin, variation) = s.twin().expect("comparing");
    assert_eq!(variation, Variation::Strategy);
    assert_eq!(twin.sim().now_ms(), 16_000);
    let varied = Variation::Strategy.apply(&s.scenario());
    assert_eq!(
        varied.groups[0].assignors,
        vec![kafka_playground::scenario::AssignorSpec::CooperativeSticky]
    );
    assert_eq!(
        fingerprint(twin.sim()),
        fingerprint(&replay(&varied, 16_000, false).unwrap())
    );
    assert_ne!(
        fingerprint(twin.sim()).1,
        fingerprint(s.sim()).1,
        "the two sides differ"
    );
    // The comparison is part of the link.
    let link = Scenario::from_fragment(&s.share_fragment())
        .unwrap()
        .scenario;
    assert_eq!(link.view.compare.as_deref(), Some("strategy"));
    let reopened = Session::new(kafka_playground::scenario::Decoded {
        scenario: link,
        warnings: vec![],
    });
    assert_eq!(
        fingerprint(reopened.twin().unwrap().0.sim()),
        fingerprint(twin.sim())
    );
    // A comparison the scenario cannot have is refused with the reason.
    let err =
        kafka_playground::session::open::from_json(r#"{"version":1,"view":{"compare":"commit"}}"#)
            .unwrap_err()
            .to_string();
    assert!(
        err.contains("needs something this scenario does not have"),
        "{err}"
    );
    let err =
        kafka_playground::session::open::from_json(r#"{"version":1,"view":{"compare":"nope"}}"#)
            .unwrap_err()
            .to_string();
    assert!(err.contains("use one of strategy, commit"), "{err}");
}
