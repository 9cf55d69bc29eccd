//! The bound on a run's simulated work, in the scenario's own words: the engine counts the
//! work (`engine::simulated_work`), and [`TooMuchWork`] says which fields of the scenario to
//! change, in v1's spelling, when a run asks for more than `limits::SIMULATED_WORK_MAX`. The
//! CLI and the page refuse the same runs with the same message; only the run's length differs
//! ([`RunLength`]).

use super::error::wire_path;
use super::Scenario;
use crate::engine::{limits, simulated_work, Command, FieldPath, Part, SimulatedWork};
use std::fmt;

/// What sets a run's length, as the user would change it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunLength {
    /// The CLI's `--until-ms`.
    UntilMs,
    /// The scenario's playhead, which the CLI runs to without `--until-ms`.
    Playhead,
    /// The CLI's default length, with neither `--until-ms` nor a playhead.
    CliDefault,
    /// The page's: the later of the playhead and the last action (`from`, `None` when both are
    /// 0), and `lookahead_ms` of playing on.
    Page {
        from: Option<FieldPath>,
        lookahead_ms: u64,
    },
}

/// A run over the work limit: what it asks for, and what sets its length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooMuchWork {
    /// The work of the run.
    pub work: SimulatedWork,
    /// The work of the second copy beside it, when the scenario compares side by side
    /// (`view.compare`).
    pub twin: Option<SimulatedWork>,
    /// What sets the run's length.
    pub length: RunLength,
}

impl TooMuchWork {
    /// Every unit asked for, both sides of a comparison included.
    pub fn units(&self) -> u64 {
        let twin = self.twin.as_ref().map_or(0, SimulatedWork::units);
        self.work.units().saturating_add(twin)
    }
}

/// Shares described in a refusal at most; the rest are summed up in one clause that names
/// their fields.
const SHARES_NAMED_MAX: usize = 5;
/// Action paths named in one share at most; the rest are counted.
const ACTIONS_NAMED_MAX: usize = 3;

impl Scenario {
    /// The work a run of this scenario up to `run_ms` asks for.
    pub fn simulated_work(&self, run_ms: u64) -> SimulatedWork {
        let commands: Vec<(u64, Command)> = self
            .actions
            .iter()
            .map(|a| (a.at_ms, a.to_command()))
            .collect();
        simulated_work(
            &self.sim_config(),
            commands.iter().map(|(at_ms, c)| (*at_ms, c)),
            run_ms,
        )
    }

    /// Refuses a run up to `run_ms` whose work, with `twin`'s beside it (the varied copy a
    /// comparison runs, with the same actions), is over [`limits::SIMULATED_WORK_MAX`].
    pub fn check_work(
        &self,
        run_ms: u64,
        length: RunLength,
        twin: Option<&Scenario>,
    ) -> Result<(), Box<TooMuchWork>> {
        let refusal = TooMuchWork {
            work: self.simulated_work(run_ms),
            twin: twin.map(|t| t.simulated_work(run_ms)),
            length,
        };
        if refusal.units() > limits::SIMULATED_WORK_MAX {
            Err(Box::new(refusal))
        } else {
            Ok(())
        }
    }
}

/// A share's fields in v1's spelling: the first few actions by path, the others counted.
fn fields_in_words(fields: &[FieldPath]) -> String {
    let is_action = |f: &&FieldPath| matches!(f.part, Part::Action(_));
    let mut words: Vec<String> = fields
        .iter()
        .filter(|f| !is_action(f))
        .map(wire_path)
        .collect();
    let actions: Vec<&FieldPath> = fields.iter().filter(is_action).collect();
    words.extend(actions.iter().take(ACTIONS_NAMED_MAX).map(|f| wire_path(f)));
    if actions.len() > ACTIONS_NAMED_MAX {
        let more = actions.len() - ACTIONS_NAMED_MAX;
        words.push(format!("{more} more {}", plural(more, "action", "actions")));
    }
    words.join(", ")
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

impl fmt::Display for RunLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunLength::UntilMs => f.write_str("--until-ms"),
            RunLength::Playhead => f.write_str("view.playhead_ms, or --until-ms"),
            RunLength::CliDefault => f.write_str("--until-ms, 60000 by default"),
            RunLength::Page {
                from: Some(from),
                lookahead_ms,
            } => write!(
                f,
                "{}, which the page counts {lookahead_ms} ms past",
                wire_path(from)
            ),
            RunLength::Page {
                from: None,
                lookahead_ms,
            } => write!(
                f,
                "the page counts the first {lookahead_ms} ms; view.playhead_ms and the actions' at_ms add to it"
            ),
        }
    }
}

impl fmt::Display for TooMuchWork {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this run asks for {} units of simulated work in {} ms of sim time, over the limit of {} (a unit is about one record appended, copied to a follower or read by a group, or one partition a poll or an ISR check looks at; the limit is a minute or two of the engine's time)",
            self.units(),
            self.work.run_ms,
            limits::SIMULATED_WORK_MAX
        )?;
        if let Some(twin) = &self.twin {
            write!(
                f,
                ", {} of them for the copy compared side by side (view.compare)",
                twin.units()
            )?;
        }
        f.write_str(": ")?;
        let shares = self.work.largest_first();
        let total = self.work.units().max(1);
        let mut named_units = 0u64;
        let mut named = 0;
        for share in &shares {
            // Name the largest shares until they make up nine tenths of the work.
            if named == SHARES_NAMED_MAX || (named > 0 && named_units >= total / 10 * 9) {
                break;
            }
            let sep = if named == 0 { "" } else { "; " };
            write!(
                f,
                "{sep}{} from {} ({})",
                share.units,
                fields_in_words(&share.fields),
                share.kind
            )?;
            named_units = named_units.saturating_add(share.units);
            named += 1;
        }
        if shares.len() > named {
            // The smaller shares' fields, each once, so that every field adding work is named.
            let mut rest: Vec<FieldPath> = Vec::new();
            for share in &shares[named..] {
                for field in &share.fields {
                    if !rest.contains(field) {
                        rest.push(field.clone());
                    }
                }
            }
            let count = shares.len() - named;
            write!(
                f,
                "; and {} from {count} smaller {} ({})",
                total.saturating_sub(named_units),
                plural(count, "share", "shares"),
                fields_in_words(&rest)
            )?;
        }
        write!(
            f,
            ". Lower one of those fields, or the run's length ({})",
            self.length
        )
    }
}

impl std::error::Error for TooMuchWork {}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(json: &str) -> Scenario {
        Scenario::from_json(json).expect("valid").scenario
    }

    #[test]
    fn the_refusal_names_the_fields_in_v1s_spelling_largest_share_first() {
        let s = scenario(
            r#"{"version":1,"producer":{"rate_per_sec":100000},
            "more_topics":[{"name":"clicks"}],
            "more_producers":[{"topic":"clicks","rate_per_sec":50000}],
            "groups":[{"group_id":"a","topics":["orders"]},{"group_id":"b","topics":["clicks"],"members":[{"name":"x"},{"name":"y"}]}],
            "actions":[{"at_ms":10,"type":"set_rate","rate_per_sec":90000}]}"#,
        );
        assert!(s.check_work(60_000, RunLength::UntilMs, None).is_ok());
        let refused = s
            .check_work(limits::RUN_MS_MAX, RunLength::UntilMs, None)
            .unwrap_err();
        let text = refused.to_string();
        assert!(
            text.starts_with("this run asks for 48566085526 units of simulated work in 86400000 ms of sim time, over the limit of 200000000 ("),
            "{text}"
        );
        assert!(
            text.contains("): 31104000400 from producer.rate_per_sec, topic.replication_factor, groups[0].topics, actions[0].rate_per_sec (7776000100 records × 4: an append, 2 follower copies, 1 group reads); 17280000000 from more_producers[0].rate_per_sec, more_topics[0].replication_factor, groups[1].topics (4320000000 records × 4: "),
            "{text}"
        );
        assert!(
            text.ends_with("; and 182085126 from 5 smaller shares (groups[0].members, groups[0].topics, groups[0].max_poll_records, groups[1].members, groups[1].topics, groups[1].max_poll_records, groups[0].heartbeat_interval_ms, groups[1].heartbeat_interval_ms, cluster.replica_lag_time_max_ms, topic.partitions, more_topics[0].partitions). Lower one of those fields, or the run's length (--until-ms)"),
            "{text}"
        );
    }

    #[test]
    fn a_share_names_a_few_actions_and_counts_the_rest() {
        let actions: Vec<String> = (0..5)
            .map(|i| format!(r#"{{"at_ms":{i},"type":"set_rate","rate_per_sec":100000}}"#))
            .collect();
        let s = scenario(&format!(
            r#"{{"version":1,"actions":[{}]}}"#,
            actions.join(",")
        ));
        let text = s
            .check_work(limits::RUN_MS_MAX, RunLength::Playhead, None)
            .unwrap_err()
            .to_string();
        assert!(
            text.contains("from producer.rate_per_sec, topic.replication_factor, actions[0].rate_per_sec, actions[1].rate_per_sec, actions[2].rate_per_sec, 2 more actions (8640000000 records × 3: an append, 2 follower copies, 0 group reads); and 34560 from 1 smaller share (cluster.replica_lag_time_max_ms, topic.partitions). Lower"),
            "{text}"
        );
        assert!(
            text.ends_with("(view.playhead_ms, or --until-ms)"),
            "{text}"
        );
    }

    #[test]
    fn the_copy_side_by_side_counts_too() {
        let s = scenario(r#"{"version":1,"producer":{"rate_per_sec":100000}}"#);
        // 600 s at 100000 records/s, RF 3: 180 million, under the limit alone, not twice.
        assert!(s.check_work(600_000, RunLength::UntilMs, None).is_ok());
        let refused = s
            .check_work(600_000, RunLength::UntilMs, Some(&s))
            .unwrap_err();
        assert_eq!(refused.units(), 2 * refused.work.units());
        let text = refused.to_string();
        assert!(
            text.contains(" of them for the copy compared side by side (view.compare): "),
            "{text}"
        );
    }

    #[test]
    fn the_run_length_reads_as_the_user_sets_it() {
        let cases = [
            (RunLength::UntilMs, "--until-ms"),
            (RunLength::CliDefault, "--until-ms, 60000 by default"),
            (
                RunLength::Page {
                    from: Some(FieldPath::at(Part::Action(7), "at_ms")),
                    lookahead_ms: 60_000,
                },
                "actions[7].at_ms, which the page counts 60000 ms past",
            ),
            (
                RunLength::Page {
                    from: None,
                    lookahead_ms: 60_000,
                },
                "the page counts the first 60000 ms; view.playhead_ms and the actions' at_ms add to it",
            ),
        ];
        for (length, words) in cases {
            assert_eq!(length.to_string(), words);
        }
    }

    /// Every benchmark scenario, as long as the benchmark runs it, is well within the limit
    /// (the lessons are checked by the session, which knows them).
    #[test]
    fn every_benchmark_scenario_is_within_the_limit() {
        let benches: Vec<Vec<serde_json::Value>> =
            serde_json::from_str(include_str!("../../benches/scenarios.json")).unwrap();
        for entry in benches {
            let s = scenario(&entry[1].to_string());
            let run_ms = entry
                .get(2)
                .and_then(|o| o["sim_ms"].as_u64())
                .unwrap_or(20_000);
            assert!(
                s.check_work(run_ms, RunLength::UntilMs, None).is_ok(),
                "{}: {} units",
                entry[0],
                s.simulated_work(run_ms).units()
            );
        }
    }
}
