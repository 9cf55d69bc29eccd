//! The page's reducer, natively: playback turns wall time into sim time through the speed,
//! commands are recorded at their sim time, a share link replays to the identical state, and
//! an action taken in the past forks the timeline.

use kafka_playground::engine::Command;
use kafka_playground::scenario::{Decoded, Scenario};
use kafka_playground::session::{Session, SessionAction, FRAME_WALL_MS_MAX};

fn session_with(json: &str) -> Session {
    Session::new(Scenario::from_json(json).unwrap())
}

fn fingerprint(s: &Session) -> (u64, u64, u64, Vec<u64>) {
    let sim = s.sim();
    let ends = sim
        .topic_run(0)
        .topic()
        .partitions
        .iter()
        .map(|p| p.end_offset())
        .collect();
    (
        sim.now_ms(),
        sim.event_log().hash(),
        sim.event_log().total,
        ends,
    )
}

#[test]
fn ticks_advance_sim_time_by_wall_time_times_speed() {
    let mut s = Session::default();
    assert!(
        !s.apply(SessionAction::Tick { wall_ms: 100.0 }),
        "paused: time stands still"
    );
    assert_eq!(s.sim().now_ms(), 0);
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(2.0));
    s.apply(SessionAction::Tick { wall_ms: 100.0 });
    assert_eq!(s.sim().now_ms(), 200);
    // Fractions carry over instead of being lost.
    s.apply(SessionAction::SetSpeed(0.1));
    for _ in 0..10 {
        s.apply(SessionAction::Tick { wall_ms: 16.5 });
    }
    assert_eq!(s.sim().now_ms(), 216);
}

#[test]
fn a_long_gap_between_frames_does_not_fast_forward() {
    let mut s = Session::default();
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(1.0));
    s.apply(SessionAction::Tick { wall_ms: 60_000.0 });
    assert_eq!(s.sim().now_ms(), FRAME_WALL_MS_MAX as u64);
    s.apply(SessionAction::Tick { wall_ms: f64::NAN });
    s.apply(SessionAction::Tick { wall_ms: -5.0 });
    assert_eq!(s.sim().now_ms(), FRAME_WALL_MS_MAX as u64);
}

#[test]
fn bad_speeds_are_clamped() {
    let mut s = Session::default();
    s.apply(SessionAction::SetSpeed(1e9));
    assert_eq!(s.speed(), 100.0);
    s.apply(SessionAction::SetSpeed(f64::INFINITY));
    assert_eq!(s.speed(), 1.0);
    s.apply(SessionAction::SetSpeed(0.0));
    assert_eq!(s.speed(), 0.01);
}

#[test]
fn step_pauses_and_moves_to_the_next_instant() {
    let mut s = session_with(r#"{"version":1,"producer":{"rate_per_sec":4,"latency_ms":30}}"#);
    s.apply(SessionAction::Play);
    s.apply(SessionAction::Step);
    assert!(!s.playing());
    assert_eq!(s.sim().now_ms(), 250, "the first send at 1000/4 ms");
    s.apply(SessionAction::Step);
    assert_eq!(
        s.sim().now_ms(),
        255,
        "its batch leaves after linger.ms = 5"
    );
    s.apply(SessionAction::Step);
    assert_eq!(s.sim().now_ms(), 285, "and is appended 30 ms later");
    assert_eq!(s.sim().topic_run(0).topic().total_records(), 1);
}

#[test]
fn a_share_link_replays_to_the_identical_state() {
    let mut s = Session::default();
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(1.0));
    for i in 0..50 {
        s.apply(SessionAction::Tick { wall_ms: 37.0 });
        if i % 9 == 0 {
            s.apply(SessionAction::Command(Command::Produce {
                producer: 0,
                key: Some(format!("order-{i}")),
                partition: None,
            }));
        }
        if i == 20 {
            s.apply(SessionAction::Command(Command::AddPartitions {
                topic: 0,
                total: 9,
            }));
            s.apply(SessionAction::Command(Command::AddPartitions {
                topic: 0,
                total: 3,
            }));
        }
        if i == 30 {
            s.apply(SessionAction::Command(Command::SetRate {
                producer: 0,
                rate_per_sec: 40,
            }));
        }
    }
    s.apply(SessionAction::Pause);
    let link = format!("http://localhost:8080/#{}", s.share_fragment());
    let reopened = Session::from_link(&link);
    assert_eq!(fingerprint(&reopened), fingerprint(&s));
    assert!(reopened.notice.is_none());
    assert!(
        !reopened.playing(),
        "a link with a playhead opens paused at that moment"
    );
    assert_eq!(
        reopened.scenario().actions.len(),
        9,
        "6 produces, 2 resizes (one refused), 1 rate change"
    );
}

#[test]
fn restart_keeps_the_actions_and_replays_them() {
    let mut s = Session::default();
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(1.0));
    s.apply(SessionAction::Tick { wall_ms: 200.0 });
    s.apply(SessionAction::Command(Command::Produce {
        producer: 0,
        key: Some("vip-customer-42".into()),
        partition: None,
    }));
    s.apply(SessionAction::Tick { wall_ms: 200.0 });
    let before = fingerprint(&s);
    s.apply(SessionAction::Restart);
    assert_eq!(s.sim().now_ms(), 0);
    s.apply(SessionAction::Tick { wall_ms: 200.0 });
    s.apply(SessionAction::Tick { wall_ms: 200.0 });
    assert_eq!(fingerprint(&s), before);
}

#[test]
fn acting_in_the_past_forks_the_timeline() {
    let mut s = Session::default();
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(1.0));
    s.apply(SessionAction::Tick { wall_ms: 200.0 });
    s.apply(SessionAction::Command(Command::Produce {
        producer: 0,
        key: Some("late".into()),
        partition: None,
    }));
    s.apply(SessionAction::Restart);
    s.apply(SessionAction::Tick { wall_ms: 50.0 });
    s.apply(SessionAction::Command(Command::Produce {
        producer: 0,
        key: Some("early".into()),
        partition: None,
    }));
    let actions = &s.scenario().actions;
    assert_eq!(actions.len(), 1, "the future action was discarded");
    assert_eq!(actions[0].at_ms, 50);
}

#[test]
fn a_bad_link_opens_the_default_scenario_with_a_notice() {
    for link in ["#garbage", "#v1.%%%", "#v7.e30", "#v1z.AAAA"] {
        let s = Session::from_link(link);
        let notice = s.notice.clone().expect("a notice explains the problem");
        assert!(notice.is_error);
        assert!(
            notice.text.contains("default scenario"),
            "{link}: {}",
            notice.text
        );
        assert_eq!(s.scenario(), Scenario::default());
    }
}

#[test]
fn a_refused_link_pasted_into_a_running_page_keeps_the_run() {
    let mut s = session_with(r#"{"version":1,"topic":{"partitions":4}}"#);
    s.apply(SessionAction::Play);
    for _ in 0..30 {
        s.apply(SessionAction::Tick { wall_ms: 16.0 });
    }
    let before = (fingerprint(&s), s.scenario());
    assert!(s.apply(SessionAction::Refuse(
        "This link could not be opened".into()
    )));
    assert_eq!((fingerprint(&s), s.scenario()), before);
    let notice = s.notice.clone().expect("the refusal is shown");
    assert!(notice.is_error && notice.text.contains("could not be opened"));
}

#[test]
fn a_link_with_one_bad_value_opens_in_part_and_says_so() {
    // {"version":1,"topic":{"partitions":0}}: the topic is reset, the rest kept.
    let s = Session::from_link("http://x/#v1.eyJ2ZXJzaW9uIjoxLCJ0b3BpYyI6eyJwYXJ0aXRpb25zIjowfX0");
    let notice = s.notice.clone().expect("a notice explains the problem");
    assert!(notice.is_error);
    assert!(
        notice.text.contains("opened in part")
            && notice.text.contains("used the default main topic"),
        "{}",
        notice.text
    );
}

#[test]
fn ignored_fields_are_shown_as_information() {
    let decoded = Scenario::from_json(r#"{"version":1,"flavour":"mint"}"#).unwrap();
    let s = Session::new(decoded);
    let notice = s.notice.clone().unwrap();
    assert!(!notice.is_error);
    assert!(notice.text.contains("flavour"));
}

#[test]
fn loading_replaces_the_run() {
    let mut s = Session::default();
    let mut scenario = Scenario::default();
    scenario.topic.partitions = 12;
    s.apply(SessionAction::Load(Box::new(Decoded {
        scenario,
        warnings: vec![],
    })));
    assert_eq!(s.sim().topic_run(0).topic().n_partitions(), 12);
    assert!(s.scenario().actions.is_empty());
}

/// The format checks shape and limits only; which lessons and comparisons exist is the
/// session's to say. So JSON naming an unknown one has a valid shape, and the session's
/// readers refuse it, with the reason.
#[test]
fn unknown_lesson_and_comparison_ids_are_refused_by_the_session_not_the_format() {
    use kafka_playground::session::open;
    let cases = [
        (
            r#"{"version":1,"lesson":"how-to-fly"}"#,
            r#"lesson: there is no lesson called "how-to-fly""#,
        ),
        (
            r#"{"version":1,"view":{"compare":"nope"}}"#,
            r#"view.compare: there is no comparison called "nope"; use one of strategy, commit, workers, partitioner, null-keys, double-partitions, adaptive, idempotence, protocol, share"#,
        ),
        (
            r#"{"version":1,"view":{"compare":"commit"}}"#,
            r#"view.compare: the "commit" comparison needs something this scenario does not have (a consumer group, keys, or room for more partitions)"#,
        ),
    ];
    for (json, refusal) in cases {
        let decoded = Scenario::from_json(json).expect("the format takes any id");
        assert!(decoded.scenario.validate().is_ok());
        assert_eq!(open::from_json(json).unwrap_err().to_string(), refusal);
        assert_eq!(
            open::validate(&decoded.scenario).unwrap_err().to_string(),
            refusal
        );
        let link = decoded.scenario.to_fragment();
        assert!(Scenario::from_fragment(&link).is_ok());
        assert_eq!(open::from_fragment(&link).unwrap_err().to_string(), refusal);
    }
    let known = r#"{"version":1,"lesson":"key-country","groups":[{"group_id":"g"}],"view":{"compare":"strategy"}}"#;
    assert!(open::from_json(known).is_ok());
}

/// A link naming a lesson or comparison this build does not have opens without it, and the
/// notice says so in the same words as before the check moved to the session, with the
/// repairs in the same order (the format asks the session where it always checked these ids).
#[test]
fn a_link_with_an_unknown_lesson_or_comparison_opens_in_part() {
    let cases = [
        (
            r#"{"version":1,"lesson":"how-to-fly"}"#,
            r#"This link was opened in part: lesson: there is no lesson called "how-to-fly", so opened it without a lesson. Everything else is as the link says."#,
        ),
        (
            r#"{"version":1,"lesson":"how-to-fly","view":{"speed":1000}}"#,
            r#"This link was opened in part: lesson: there is no lesson called "how-to-fly", so opened it without a lesson; view.speed: 1000 is outside 0.01 to 100, so reset what is shown (speed, topic on stage, comparison). Everything else is as the link says."#,
        ),
        (
            r#"{"version":1,"view":{"compare":"nope","topic":5}}"#,
            r#"This link was opened in part: view.compare: there is no comparison called "nope"; use one of strategy, commit, workers, partitioner, null-keys, double-partitions, adaptive, idempotence, protocol, share, so reset what is shown (speed, topic on stage, comparison). Everything else is as the link says."#,
        ),
    ];
    for (json, text) in cases {
        use base64::Engine as _;
        let link = format!(
            "v1.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
        );
        let s = Session::from_link(&link);
        let notice = s.notice.clone().expect("a notice explains the repair");
        assert!(notice.is_error);
        assert_eq!(notice.text, text);
        assert_eq!(s.setup().lesson, None);
        assert_eq!(s.setup().view.compare, None);
        assert!(s.twin().is_none());
    }
}

/// The session keeps its history as engine commands, and writes them in the wire format only
/// for a link: what it carries is each command at its time.
#[test]
fn the_history_is_commands_and_a_link_carries_them_as_actions() {
    use kafka_playground::scenario::Action;
    let mut s = Session::default();
    s.apply(SessionAction::Play);
    s.apply(SessionAction::SetSpeed(1.0));
    let taken = [
        Command::Produce {
            producer: 0,
            key: Some("order-1".into()),
            partition: None,
        },
        Command::SetRate {
            producer: 0,
            rate_per_sec: 7,
        },
        Command::AddPartitions { topic: 0, total: 1 },
    ];
    for command in &taken {
        s.apply(SessionAction::Tick { wall_ms: 40.0 });
        s.apply(SessionAction::Command(command.clone()));
    }
    let log = s.history().commands().to_vec();
    assert_eq!(
        log,
        vec![
            (40, taken[0].clone()),
            (80, taken[1].clone()),
            (120, taken[2].clone())
        ]
    );
    assert!(
        s.last_rejection().is_some(),
        "shrinking a topic is refused, and the refusal is kept"
    );
    let actions: Vec<Action> = log
        .iter()
        .map(|(at_ms, c)| Action::from_command(*at_ms, c))
        .collect();
    assert_eq!(s.scenario().actions, actions);
    assert_eq!(s.share_scenario().actions, actions);
    assert!(s.setup().actions.is_empty(), "the settings hold no actions");
    let reopened = Session::from_link(&s.share_fragment());
    assert_eq!(reopened.history().commands(), log.as_slice());
    assert_eq!(fingerprint(&reopened), fingerprint(&s));
}

/// The page's way in: a link over the work limit opens the default scenario with the refusal
/// as its notice (as any link that cannot be opened), and a file or a form over it is refused
/// before the session sees it, so the run on screen goes on unchanged.
#[test]
fn a_scenario_that_asks_for_too_much_work_is_refused_and_the_run_goes_on() {
    use kafka_playground::scenario::CodecError;
    use kafka_playground::session::open;
    let json =
        r#"{"version":1,"producer":{"rate_per_sec":100000},"view":{"playhead_ms":86400000}}"#;
    let fragment = Scenario::from_json(json).unwrap().scenario.to_fragment();
    let session = Session::from_link(&fragment);
    let notice = session.notice.as_ref().expect("a notice");
    assert!(notice.is_error);
    for needle in [
        "could not be opened",
        "simulated work",
        "over the limit of 200000000",
        "producer.rate_per_sec",
        "topic.replication_factor",
        "view.playhead_ms, which the page counts 60000 ms past",
    ] {
        assert!(
            notice.text.contains(needle),
            "{needle:?} in {}",
            notice.text
        );
    }
    assert_eq!(session.scenario(), Scenario::default());
    assert_eq!(session.sim().now_ms(), 0);

    // A run in progress; a file, then a form adding producers and groups, over the limit.
    let mut s = session_with(r#"{"version":1,"producer":{"rate_per_sec":50}}"#);
    s.apply(SessionAction::Seek(3_000));
    let before = (fingerprint(&s), s.scenario(), s.revision, s.loads);
    let refused = open::from_json(json).unwrap_err();
    assert!(matches!(refused, CodecError::TooMuchWork(_)), "{refused}");
    let mut form = s.scenario();
    form.producer.rate_per_sec = 100_000;
    form.more_producers = vec![form.producer.clone(); 7];
    form.groups = vec![
        kafka_playground::scenario::GroupSpec::default(),
        kafka_playground::scenario::GroupSpec {
            group_id: "second".to_string(),
            ..Default::default()
        },
    ];
    form.view.playhead_ms = 0;
    let refused = open::validate(&form).unwrap_err();
    let text = refused.to_string();
    assert!(text.contains("more_producers[6].rate_per_sec"), "{text}");
    assert!(text.contains("groups[1].topics"), "{text}");
    assert_eq!(before, (fingerprint(&s), s.scenario(), s.revision, s.loads));
    // The same form at a lower rate opens.
    form.more_producers.truncate(1);
    assert_eq!(open::validate(&form), Ok(()));
}
