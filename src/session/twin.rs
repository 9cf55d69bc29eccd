//! Side by side: a second session running the scenario with one setting changed (a
//! [`Variation`]), kept at the first one's sim time and fed the same commands at the same
//! times, so the difference one setting makes shows in the numbers.

use super::Session;
use crate::compare::Variation;
use crate::engine::{Command, ConfigError, Sim};
use crate::scenario::Scenario;

/// The other side of a comparison.
#[derive(Clone, Debug)]
pub struct Twin {
    variation: Variation,
    session: Box<Session>,
}

impl Twin {
    /// The other side of the run with settings `setup` and command log `log`, under
    /// `variation`, moved to `now_ms`; or why the varied scenario does not run.
    pub(super) fn start(
        setup: &Scenario,
        log: &[(u64, Command)],
        variation: Variation,
        now_ms: u64,
    ) -> Result<Twin, ConfigError> {
        let mut varied = variation.apply(setup);
        // Start at 0 and catch up: the twin keeps the same commands and reaches the same time.
        varied.view.playhead_ms = 0;
        Sim::new(varied.sim_config())?;
        let mut session = Session::open(varied, log.to_vec(), Vec::new());
        session.seek(now_ms);
        Ok(Twin {
            variation,
            session: Box::new(session),
        })
    }

    /// The other side's session.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The setting it changes.
    pub fn variation(&self) -> Variation {
        self.variation
    }

    /// Moves to `now_ms` if it is elsewhere (after play, step, seek or step back).
    pub(super) fn follow(&mut self, now_ms: u64) {
        if self.session.sim().now_ms() != now_ms {
            self.session.seek(now_ms);
        }
    }

    /// Applies the command the first side takes at `now_ms`, at the same time.
    pub(super) fn command(&mut self, now_ms: u64, command: Command) {
        self.session.seek(now_ms);
        self.session.command(command);
    }
}
