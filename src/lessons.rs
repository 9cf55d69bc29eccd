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
