//! A long headless run's progress on stderr: how far in sim time it got of the target, records
//! a second and the speed against real time, at most once a second, and nothing for a run
//! shorter than a few seconds. stdout, the report, is never touched. Wall time enters the CLI
//! only here.

use crate::engine::Sim;
use std::io::{self, IsTerminal, Write};
use std::time::Instant;

/// Wall time a run may take before it shows progress, in ms; the environment variable
/// `KAFKA_PLAYGROUND_PROGRESS_AFTER_MS` overrides it (the tests set 0).
pub const PROGRESS_AFTER_MS: u64 = 2_000;
/// Wall time between two progress lines, in ms.
pub const PROGRESS_EVERY_MS: u64 = 1_000;

/// The progress of one run toward `until_ms` of sim time.
pub struct Progress {
    until_ms: u64,
    started: Instant,
    next_report_ms: u64,
    /// Whether a line was shown (then the run's end is shown too).
    shown: bool,
    /// stderr is a terminal: one line rewritten in place instead of a line per report.
    rewrite: bool,
}

impl Progress {
    /// Progress toward `until_ms`, starting now.
    pub fn new(until_ms: u64) -> Self {
        let after_ms = std::env::var("KAFKA_PLAYGROUND_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(PROGRESS_AFTER_MS);
        Progress {
            until_ms,
            started: Instant::now(),
            next_report_ms: after_ms,
            shown: false,
            rewrite: io::stderr().is_terminal(),
        }
    }

    fn elapsed_ms(&self) -> u64 {
        self.started.elapsed().as_millis() as u64
    }

    /// Shows where `sim` is, if a report is due.
    pub fn observe(&mut self, sim: &Sim) {
        let elapsed_ms = self.elapsed_ms();
        if elapsed_ms < self.next_report_ms {
            return;
        }
        self.next_report_ms = elapsed_ms + PROGRESS_EVERY_MS;
        self.show(sim, elapsed_ms, false);
    }

    /// After a run that showed progress, its end (finishing the terminal's line).
    pub fn finish(&mut self, sim: &Sim) {
        if self.shown {
            let elapsed_ms = self.elapsed_ms();
            self.show(sim, elapsed_ms, true);
        }
    }

    fn show(&mut self, sim: &Sim, elapsed_ms: u64, last: bool) {
        let line = progress_line(sim.now_ms(), self.until_ms, sim.totals().sent, elapsed_ms);
        let mut err = io::stderr().lock();
        // A progress line that cannot be written is not worth failing the run for.
        let _ = if self.rewrite {
            write!(err, "\r\x1b[2K{line}{}", if last { "\n" } else { "" })
        } else {
            writeln!(err, "{line}")
        };
        self.shown = true;
    }
}

/// One progress line: `sim_ms` reached of `until_ms` with `records` sent, `wall_ms` in.
fn progress_line(sim_ms: u64, until_ms: u64, records: u64, wall_ms: u64) -> String {
    let wall_ms = wall_ms.max(1);
    format!(
        "kafka-playground: {sim_ms} of {until_ms} ms of sim time ({}%) in {:.1} s, {} records/s, {:.2}× real time",
        sim_ms * 100 / until_ms.max(1),
        wall_ms as f64 / 1000.0,
        records * 1000 / wall_ms,
        sim_ms as f64 / wall_ms as f64,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_how_far_how_fast_and_against_real_time() {
        assert_eq!(
            progress_line(12_300, 40_000, 1_225_000, 5_000),
            "kafka-playground: 12300 of 40000 ms of sim time (30%) in 5.0 s, 245000 records/s, 2.46× real time"
        );
        assert_eq!(
            progress_line(0, 0, 0, 0),
            "kafka-playground: 0 of 0 ms of sim time (0%) in 0.0 s, 0 records/s, 0.00× real time"
        );
    }
}
