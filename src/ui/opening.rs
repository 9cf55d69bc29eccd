//! The scenario the page opens with when its address has no fragment: the page's own choice,
//! made to show the whole path at once (a producer, three brokers, one group of three consumers,
//! at 1×). The format's frozen v1 defaults do not change, so every link keeps its meaning.

use crate::scenario::Scenario;

/// The opening scenario, as a v1 document.
pub const OPENING_SCENARIO: &str = r#"{"version":1,"producer":{"rate_per_sec":20},"groups":[{"group_id":"orders-service"}],"view":{"speed":1}}"#;

/// The first lessons the "start here" card leads into: (theme, lesson id).
pub const START_HERE: [(&str, &str); 3] = [
    ("Keys", "key-user-id"),
    ("Consumer groups", "idle-consumer"),
    ("Replication", "replication-basics"),
];

/// The opening scenario's share fragment (without `#`).
pub fn opening_fragment() -> String {
    Scenario::from_json(OPENING_SCENARIO)
        .expect("the opening scenario is valid")
        .scenario
        .to_fragment()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::lessons::lesson;
    use crate::session::replay;

    #[test]
    fn the_opening_scenario_shows_the_whole_path_at_one_times() {
        let scenario = Scenario::from_fragment(&opening_fragment())
            .expect("the fragment reads back")
            .scenario;
        let sim = replay(&scenario, 6_000, false).expect("it runs");
        assert_eq!(sim.brokers().len(), 3);
        assert_eq!(sim.producers().len(), 1);
        assert_eq!(sim.groups().len(), 1);
        assert_eq!(sim.groups()[0].consumers().len(), 3);
        assert!(OPENING_SCENARIO.contains(r#""speed":1"#));
        for (_, id) in START_HERE {
            assert!(lesson(id).is_some(), "{id} is a lesson");
        }
    }
}
