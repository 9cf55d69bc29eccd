//! Reading a scenario into the session: the format's rules, plus what only this layer knows
//! (the lessons and the comparisons this build offers, and how long the page runs a scenario,
//! which bounds its work). Links, files, the page's forms and the CLI's `run` read and check
//! scenarios through here.

use crate::compare::Variation;
use crate::engine::{limits, FieldPath, Part};
use crate::scenario::{Catalogue, CodecError, Decoded, RunLength, Scenario};

/// Sim time the page counts past the later of a scenario's playhead and its last action: a
/// minute of playing on, as long as the CLI runs a scenario that has no playhead.
pub const PAGE_LOOKAHEAD_MS: u64 = 60_000;

/// The lessons and comparisons this build offers.
struct Offered;

impl Catalogue for Offered {
    fn check_lesson(&self, id: &str) -> Result<(), String> {
        match crate::lessons::lesson(id) {
            Some(_) => Ok(()),
            None => Err(format!(
                "there is no lesson called {:?}",
                id.chars().take(40).collect::<String>()
            )),
        }
    }

    fn check_comparison(&self, id: &str, scenario: &Scenario) -> Result<(), String> {
        match Variation::from_id(id) {
            None => {
                let known: Vec<&str> = Variation::ALL.iter().map(|v| v.id()).collect();
                Err(format!(
                    "there is no comparison called {:?}; use one of {}",
                    id.chars().take(40).collect::<String>(),
                    known.join(", ")
                ))
            }
            Some(v) if !v.applies(scenario) => Err(format!("the {id:?} comparison needs something this scenario does not have (a consumer group, keys, or room for more partitions)")),
            Some(_) => Ok(()),
        }
    }
}

/// Checks a scenario's shape and limits, that its lesson and comparison exist here, and that
/// the page's run of it is within the work limit ([`check_page_work`]).
pub fn validate(scenario: &Scenario) -> Result<(), CodecError> {
    scenario.validate_with(&Offered)?;
    check_page_work(scenario)
}

/// Reads scenario JSON (a file) and checks it as [`validate`] does.
pub fn from_json(text: &str) -> Result<Decoded, CodecError> {
    page_checked(from_json_for_run(text))
}

/// Reads a link (a fragment, with or without `#`, or a whole URL) and checks it as
/// [`validate`] does.
pub fn from_fragment(input: &str) -> Result<Decoded, CodecError> {
    page_checked(from_fragment_for_run(input))
}

/// Reads what can be kept of a link: a value outside the rules, an unknown lesson or a
/// comparison that cannot be shown resets only the part it is in, and each repair is a warning
/// ([`Scenario::from_fragment_salvaging_with`]). A link over the work limit is refused whole:
/// no one part is to blame.
pub fn from_fragment_salvaging(input: &str) -> Result<Decoded, CodecError> {
    page_checked(Scenario::from_fragment_salvaging_with(input, &Offered))
}

/// Reads scenario JSON for a run whose length the caller sets (the CLI's `run`): checked as
/// [`validate`] does, except for the page's work check; check the run with
/// [`Scenario::check_work`].
pub fn from_json_for_run(text: &str) -> Result<Decoded, CodecError> {
    Scenario::from_json_with(text, &Offered)
}

/// Reads a link for a run whose length the caller sets, as [`from_json_for_run`] does.
pub fn from_fragment_for_run(input: &str) -> Result<Decoded, CodecError> {
    Scenario::from_fragment_with(input, &Offered)
}

fn page_checked(decoded: Result<Decoded, CodecError>) -> Result<Decoded, CodecError> {
    let decoded = decoded?;
    check_page_work(&decoded.scenario)?;
    Ok(decoded)
}

/// How long the page counts a run of `scenario`: opening replays it to its playhead and its
/// actions play out as time passes, then the user may play on, so the later of the playhead
/// and the last action, plus [`PAGE_LOOKAHEAD_MS`], within the longest run. The page plays on
/// past it without a limit, a bounded amount of work per frame (`EVENTS_PER_FRAME_MAX`).
pub fn page_run(scenario: &Scenario) -> (u64, RunLength) {
    let last = scenario.actions.len().checked_sub(1);
    let last_ms = last.map_or(0, |i| scenario.actions[i].at_ms);
    let from = match last {
        Some(i) if last_ms > scenario.view.playhead_ms => {
            Some(FieldPath::at(Part::Action(i), "at_ms"))
        }
        _ if scenario.view.playhead_ms > 0 => Some(FieldPath::at(Part::View, "playhead_ms")),
        _ => None,
    };
    let run_ms =
        (scenario.view.playhead_ms.max(last_ms) + PAGE_LOOKAHEAD_MS).min(limits::RUN_MS_MAX);
    let length = RunLength::Page {
        from,
        lookahead_ms: PAGE_LOOKAHEAD_MS,
    };
    (run_ms, length)
}

/// Refuses a scenario whose run in the page ([`page_run`]) asks for more simulated work than
/// `limits::SIMULATED_WORK_MAX`, counting the copy a comparison runs beside it.
pub fn check_page_work(scenario: &Scenario) -> Result<(), CodecError> {
    let (run_ms, length) = page_run(scenario);
    let twin = scenario
        .view
        .compare
        .as_deref()
        .and_then(Variation::from_id)
        .filter(|v| v.applies(scenario))
        .map(|v| v.apply(scenario));
    scenario.check_work(run_ms, length, twin.as_ref())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(json: &str) -> Scenario {
        Scenario::from_json(json).expect("valid").scenario
    }

    #[test]
    fn the_page_counts_to_the_playhead_or_the_last_action_and_a_minute_more() {
        let mut s = Scenario::default();
        let (run_ms, length) = page_run(&s);
        assert_eq!(run_ms, PAGE_LOOKAHEAD_MS);
        assert_eq!(
            length,
            RunLength::Page {
                from: None,
                lookahead_ms: PAGE_LOOKAHEAD_MS
            }
        );
        s.view.playhead_ms = 5_000;
        assert_eq!(page_run(&s).0, 65_000);
        s.actions = scenario(
            r#"{"version":1,"actions":[{"at_ms":1000,"type":"produce","key":"a"},{"at_ms":9000,"type":"set_rate","rate_per_sec":5}]}"#,
        )
        .actions;
        let (run_ms, length) = page_run(&s);
        assert_eq!(run_ms, 69_000);
        assert_eq!(
            length,
            RunLength::Page {
                from: Some(FieldPath::at(Part::Action(1), "at_ms")),
                lookahead_ms: PAGE_LOOKAHEAD_MS
            }
        );
        s.view.playhead_ms = limits::RUN_MS_MAX;
        assert_eq!(page_run(&s).0, limits::RUN_MS_MAX);
    }

    /// Every lesson, and every comparison that applies to it, opens in the page well within
    /// the limit.
    #[test]
    fn every_lesson_and_comparison_is_within_the_limit() {
        for lesson in crate::lessons::LESSONS {
            let mut s = scenario(lesson.scenario);
            let (run_ms, _) = page_run(&s);
            let units = s.simulated_work(run_ms).units();
            assert!(
                units < limits::SIMULATED_WORK_MAX / 4,
                "{}: {units} units",
                lesson.id
            );
            assert_eq!(check_page_work(&s), Ok(()), "{}", lesson.id);
            let applying: Vec<Variation> = Variation::ALL
                .into_iter()
                .filter(|v| v.applies(&s))
                .collect();
            for v in applying {
                s.view.compare = Some(v.id().to_string());
                assert_eq!(check_page_work(&s), Ok(()), "{} {}", lesson.id, v.id());
            }
        }
    }

    #[test]
    fn the_pages_readers_refuse_too_much_work_and_the_runs_readers_leave_it_to_the_run() {
        // A minute of 8 producers at 100000 records/s read by two groups: 8 × 6 million
        // records × 5 units (an append, two follower copies, two reads), over the limit; a
        // second is not.
        let producers: Vec<&str> = vec![r#"{"rate_per_sec":100000}"#; 7];
        let json = format!(
            r#"{{"version":1,"producer":{{"rate_per_sec":100000}},"more_producers":[{}],"groups":[{{"group_id":"g"}},{{"group_id":"h"}}]}}"#,
            producers.join(",")
        );
        let refused = from_json(&json).unwrap_err();
        let CodecError::TooMuchWork(e) = &refused else {
            panic!("{refused}")
        };
        assert_eq!(e.work.run_ms, PAGE_LOOKAHEAD_MS);
        let text = refused.to_string();
        for needle in [
            "over the limit of 200000000",
            "producer.rate_per_sec",
            "more_producers[0].rate_per_sec",
            "more_producers[6].rate_per_sec",
            "topic.replication_factor",
            "groups[0].topics",
            "the page counts the first 60000 ms",
        ] {
            assert!(text.contains(needle), "{needle:?} in {text}");
        }
        let s = from_json_for_run(&json).expect("read for a run").scenario;
        assert_eq!(validate(&s), Err(refused));
        assert!(s.check_work(1_000, RunLength::UntilMs, None).is_ok());
        let link = s.to_fragment();
        assert!(matches!(
            from_fragment(&link),
            Err(CodecError::TooMuchWork(_))
        ));
        assert!(matches!(
            from_fragment_salvaging(&link),
            Err(CodecError::TooMuchWork(_))
        ));
        assert!(from_fragment_for_run(&link).is_ok());
    }
}
