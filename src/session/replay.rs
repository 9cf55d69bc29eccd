//! The headless run: a scenario from time 0 to a given time, its actions applied on the way,
//! with no playback, checkpoints or twin. What the CLI's `run`, the lessons' tests and the
//! benchmarks use; the session's own seeks must land on exactly what this gives (tested).

use crate::engine::Sim;
use crate::scenario::{CodecError, Scenario};

/// Runs a scenario headless from time 0 to `until_ms`, applying its actions on the way: what
/// the CLI's `run` does. With `capture`, every event is kept in the sim's event log. A refusal
/// names the setting in the scenario's own terms.
pub fn replay(scenario: &Scenario, until_ms: u64, capture: bool) -> Result<Sim, CodecError> {
    let mut sim = Sim::new(scenario.sim_config()).map_err(CodecError::Invalid)?;
    if capture {
        sim.capture_events();
    }
    for action in scenario.actions.iter().take_while(|a| a.at_ms <= until_ms) {
        sim.advance_to(action.at_ms);
        // A refused action is part of the run: it shows as a Rejected event, as in the page.
        let _ = sim.apply(&action.to_command());
    }
    sim.advance_to(until_ms);
    Ok(sim)
}
