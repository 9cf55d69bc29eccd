//! How often the panels below the stage follow a playing run. The stage animates every frame;
//! the tables, the event log and the forms are for reading figures, and redrawing them 60 times
//! a second cost more script and layout time than the stage itself. While the run plays they
//! follow it every [`FIGURES_EVERY_MS`] of wall time; paused, stepped, or after any change to
//! the scenario (a new revision), at once.

/// Wall time between two redraws of the figures while the run plays, in ms (4 a second).
pub const FIGURES_EVERY_MS: f64 = 250.0;

/// The app generation the figures show (none before the first frame), and the wall time since
/// they last followed it.
#[derive(Clone, Debug, Default)]
pub struct FiguresClock {
    shown_generation: Option<u64>,
    revision: u64,
    since_ms: f64,
}

impl FiguresClock {
    /// Notes a frame `wall_ms` after the previous one.
    pub fn frame(&mut self, wall_ms: f64) {
        self.since_ms += wall_ms.max(0.0);
    }

    /// The generation the figures should show now: the app's own when paused, after a new
    /// revision, or once enough wall time has passed; else the one they show already.
    pub fn generation(&mut self, generation: u64, revision: u64, playing: bool) -> u64 {
        let due = self.shown_generation.is_none() || self.since_ms >= FIGURES_EVERY_MS;
        if !playing || revision != self.revision || due {
            self.shown_generation = Some(generation);
            self.revision = revision;
            self.since_ms = 0.0;
        }
        self.shown_generation.unwrap_or(generation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_playing_run_moves_the_figures_every_250_ms() {
        let mut clock = FiguresClock::default();
        assert_eq!(clock.generation(1, 0, true), 1);
        let mut shown = Vec::new();
        // Frames of 50 ms (20 a second) for half a second: the figures move at 250 and 500 ms.
        for generation in 2..=11 {
            clock.frame(50.0);
            shown.push(clock.generation(generation, 0, true));
        }
        let mut moves = shown.clone();
        moves.dedup();
        assert_eq!(moves, vec![1, 6, 11], "{shown:?}");
    }

    #[test]
    fn paused_or_changed_the_figures_follow_at_once() {
        let mut clock = FiguresClock::default();
        assert_eq!(clock.generation(1, 0, true), 1);
        clock.frame(16.0);
        assert_eq!(clock.generation(2, 0, true), 1, "playing, too soon");
        assert_eq!(clock.generation(3, 1, true), 3, "a new revision");
        clock.frame(16.0);
        assert_eq!(clock.generation(4, 1, false), 4, "paused");
    }
}
