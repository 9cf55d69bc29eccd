//! Every lesson's claims, checked on the engine: run each lesson's scenario and require every
//! claim to hold, so a lesson can never teach something the simulation does not show.

use kafka_playground::lessons::{judge, lesson_scenario, Verdict, LESSONS};
use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;

#[test]
fn every_lesson_claim_holds_in_its_own_scenario() {
    for lesson in LESSONS {
        let scenario = lesson_scenario(lesson);
        let sim = replay(&scenario, 30_000, false).expect("lesson scenarios run");
        for (words, claim) in lesson.claims {
            assert_eq!(
                judge(*claim, &sim),
                Verdict::Holds,
                "lesson {}: “{words}”",
                lesson.id
            );
        }
    }
}

#[test]
fn lessons_have_unique_ids_steps_and_links_that_round_trip() {
    let mut ids = std::collections::BTreeSet::new();
    for lesson in LESSONS {
        assert!(ids.insert(lesson.id), "duplicate lesson id {}", lesson.id);
        assert!(!lesson.steps.is_empty() && !lesson.claims.is_empty());
        let scenario = lesson_scenario(lesson);
        let decoded = Scenario::from_fragment(&scenario.to_fragment()).expect("the link opens");
        assert_eq!(decoded.scenario.lesson.as_deref(), Some(lesson.id));
    }
}

#[test]
fn claims_wait_for_enough_data() {
    let lesson = LESSONS.iter().find(|l| l.id == "key-country").unwrap();
    let sim = replay(&lesson_scenario(lesson), 100, false).unwrap();
    assert_eq!(judge(lesson.claims[0].1, &sim), Verdict::Watching);
}

#[test]
fn an_unknown_lesson_is_refused_clearly() {
    let err = kafka_playground::session::open::from_json(r#"{"version":1,"lesson":"how-to-fly"}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("no lesson called \"how-to-fly\""),
        "{err}"
    );
}
