//! Lessons: a scenario, a few short steps of text, and claims the engine checks live while the
//! lesson runs ("one partition takes most records" ✓). Each claim needs enough data before it
//! can pass or fail, so it says "watching" until then. Lessons are plain data and plain
//! functions over the simulation, so their claims are also tested natively.

mod catalogue;
mod claim;
mod deadline;
mod look_at;
pub mod prediction;
pub mod quiz;
pub mod quiz_server;

pub use catalogue::LESSONS;
pub use claim::{judge, Claim, GroupMetric, ReplicationMetric, Verdict, RECORDS_BEFORE_JUDGING};
pub use deadline::{about_seconds, decides_by_ms};
pub use look_at::{look_at, LookAt, LookTarget};

use crate::scenario::Scenario;
use std::borrow::Cow;
use std::sync::OnceLock;

/// A lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// The id in links (`"lesson": "wall-clock"`).
    pub id: &'static str,
    /// The title.
    pub title: &'static str,
    /// The scenario, as scenario JSON (its `lesson` field is set on load).
    pub scenario: &'static str,
    /// What to do and what to watch, in order.
    pub steps: &'static [&'static str],
    /// What the engine checks, with the words shown beside each check.
    pub claims: &'static [(&'static str, Claim)],
}

/// The lesson with this id.
pub fn lesson(id: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|l| l.id == id)
}

/// A lesson's scenario, with its id set so the page shows the lesson.
pub fn lesson_scenario(lesson: &Lesson) -> Scenario {
    let mut scenario = Scenario::from_json(lesson.scenario)
        .expect("lesson scenarios are valid (tested)")
        .scenario;
    scenario.lesson = Some(lesson.id.to_string());
    scenario
}

/// A lesson's link fragment (`v1.…`, without the `#`), encoded once and kept: the lesson lists
/// are drawn again while a run plays, and encoding a scenario parses, serialises and deflates
/// it.
pub fn lesson_fragment(lesson: &Lesson) -> Cow<'static, str> {
    static FRAGMENTS: [OnceLock<String>; LESSONS.len()] =
        [const { OnceLock::new() }; LESSONS.len()];
    match LESSONS.iter().position(|l| l.id == lesson.id) {
        Some(i) => {
            Cow::Borrowed(FRAGMENTS[i].get_or_init(|| lesson_scenario(lesson).to_fragment()))
        }
        // Only a lesson outside the catalogue (none in the page) is encoded each time.
        None => Cow::Owned(lesson_scenario(lesson).to_fragment()),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn a_kept_lesson_fragment_is_the_lesson_scenario_encoded() {
        for l in LESSONS {
            assert_eq!(
                lesson_fragment(l),
                lesson_scenario(l).to_fragment(),
                "{}",
                l.id
            );
            // The second read is the kept one.
            assert!(matches!(lesson_fragment(l), Cow::Borrowed(_)), "{}", l.id);
        }
    }
}
