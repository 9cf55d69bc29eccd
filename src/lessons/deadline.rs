//! When a lesson's claim is decided at the latest, derived from the claim's own figures and the
//! lesson's scenario, so the page can say "decides by about 40 s" instead of a bare "…".
//! Claims that wait for records are given the time the scenario's producers need to send them;
//! claims with a deadline are given it. A claim that holds early is decided sooner.

use super::{Claim, RECORDS_BEFORE_JUDGING};
use crate::scenario::{ActionCommand, Scenario};

/// The sim time by which `claim` is decided in `scenario`, or `None` when that depends on
/// something the user does (a claim about adding partitions in a run that never adds any).
pub fn decides_by_ms(claim: &Claim, scenario: &Scenario) -> Option<u64> {
    if let Some(by_ms) = claim.by_ms() {
        return Some(by_ms);
    }
    match *claim {
        Claim::SlowLeaderShareBelow { by_ms, .. } => Some(by_ms),
        // Decided once the run's first `seconds` whole seconds with records are over.
        Claim::BusiestEachSecondAtLeast { seconds, .. }
        | Claim::HotPartitionMovedAtLeast { seconds, .. } => Some((seconds + 1) * 1000),
        Claim::KeysMovedAtLeast { .. } => scenario.actions.iter().find_map(|a| match a.command {
            ActionCommand::AddPartitions { topic: 0, .. } => Some(a.at_ms),
            _ => None,
        }),
        Claim::SkewBelow { .. }
        | Claim::SkewAtLeast { .. }
        | Claim::HotPartitionOf { .. }
        | Claim::PartitionsUsedAtMost { .. }
        | Claim::AllPartitionsUsed
        | Claim::OrderIntact
        | Claim::PartitionerSwitchedAtLeast { .. } => {
            let per_sec = main_topic_rate_per_sec(scenario);
            (per_sec > 0).then(|| (RECORDS_BEFORE_JUDGING * 1000).div_ceil(per_sec))
        }
        _ => None,
    }
}

/// Records per second the scenario's producers send to the main topic at the start.
fn main_topic_rate_per_sec(scenario: &Scenario) -> u64 {
    let main = scenario.topic.name.as_str();
    std::iter::once(&scenario.producer)
        .chain(&scenario.more_producers)
        .filter(|p| p.topic.as_deref().is_none_or(|t| t == main))
        .map(|p| u64::from(p.rate_per_sec))
        .sum()
}

/// "about 40 s": rounded up to a whole second, as a reader counts on the clock.
pub fn about_seconds(ms: u64) -> String {
    format!("about {} s", ms.div_ceil(1000).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lessons::{lesson, lesson_scenario, LESSONS};

    #[test]
    fn every_lesson_claim_has_a_deadline_from_its_scenario() {
        for l in LESSONS {
            let scenario = lesson_scenario(l);
            for (words, claim) in l.claims {
                assert!(
                    decides_by_ms(claim, &scenario).is_some(),
                    "{}: \"{words}\" has no deadline",
                    l.id
                );
            }
        }
    }

    #[test]
    fn a_claim_waiting_for_records_takes_their_time_at_the_scenario_rate() {
        // 200 records/s: the 300 records the check waits for take 1.5 s.
        let l = lesson("key-user-id").unwrap();
        let scenario = lesson_scenario(l);
        assert_eq!(decides_by_ms(&Claim::OrderIntact, &scenario), Some(1500));
        assert_eq!(about_seconds(1500), "about 2 s");
    }

    #[test]
    fn a_claim_with_a_deadline_keeps_it() {
        let scenario = lesson_scenario(lesson("key-user-id").unwrap());
        let claim = Claim::OrderBrokenFor {
            n: 5,
            by_ms: 20_000,
        };
        assert_eq!(decides_by_ms(&claim, &scenario), Some(20_000));
    }

    #[test]
    fn growing_the_topic_decides_a_moved_keys_claim() {
        let scenario = lesson_scenario(lesson("add-partitions").unwrap());
        let claim = Claim::KeysMovedAtLeast { percent: 50 };
        assert_eq!(decides_by_ms(&claim, &scenario), Some(5000));
    }
}
