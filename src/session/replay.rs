//! The headless run: a scenario from time 0 to a given time, its actions applied on the way,
//! with no playback, checkpoints or twin. What the CLI's `run`, the lessons' tests and the
//! benchmarks use; the session's own seeks must land on exactly what this gives (tested).

use crate::engine::Sim;
use crate::scenario::{CodecError, Scenario};

/// Sim time between two calls of a replay's observer, in ms.
pub const OBSERVE_EVERY_MS: u64 = 100;

/// Runs a scenario headless from time 0 to `until_ms`, applying its actions on the way: what
/// the CLI's `run` does. With `capture`, every event is kept in the sim's event log. A refusal
/// names the setting in the scenario's own terms.
pub fn replay(scenario: &Scenario, until_ms: u64, capture: bool) -> Result<Sim, CodecError> {
    replay_observed(scenario, until_ms, capture, &mut |_| {})
}

/// [`replay`], calling `observe` with the sim every [`OBSERVE_EVERY_MS`] of sim time (the CLI
/// shows progress from it). Advancing in steps changes nothing: `advance_to` always finishes
/// whole instants, and nothing happens between two of them.
pub fn replay_observed(
    scenario: &Scenario,
    until_ms: u64,
    capture: bool,
    observe: &mut dyn FnMut(&Sim),
) -> Result<Sim, CodecError> {
    let mut sim = Sim::new(scenario.sim_config()).map_err(CodecError::Invalid)?;
    if capture {
        sim.capture_events();
    }
    let mut advance = |sim: &mut Sim, to_ms: u64| {
        while sim.now_ms() < to_ms {
            sim.advance_to((sim.now_ms() + OBSERVE_EVERY_MS).min(to_ms));
            observe(sim);
        }
        sim.advance_to(to_ms);
    };
    for action in scenario.actions.iter().take_while(|a| a.at_ms <= until_ms) {
        advance(&mut sim, action.at_ms);
        // A refused action is part of the run: it shows as a Rejected event, as in the page.
        let _ = sim.apply(&action.to_command());
    }
    advance(&mut sim, until_ms);
    Ok(sim)
}
