//! The run's past, as the engine sees it: the command log (each engine `Command` at the sim
//! time it was applied), the simulation at its current point in that log, and copies of it to
//! rewind to. Seeking replays from the nearest copy; acting in the past forks, dropping the old
//! future, as Raft Scope does. No wire format enters here: the session writes links from the
//! log, and reads links into it, once.

use crate::engine::{Command, CommandError, Sim};

/// Engine happenings a link may replay when it opens, or a seek may replay.
pub const REPLAY_EVENTS_MAX: u64 = 20_000_000;
/// Checkpoints kept for rewinding; past this, every other one is dropped and the spacing
/// doubles, so memory stays bounded however long the run.
pub const CHECKPOINTS_MAX: usize = 24;
/// Engine events between checkpoints at first: a seek replays at most about this many
/// (times the doublings), which keeps seeking quick.
pub const CHECKPOINT_EVENTS: u64 = 40_000;
/// How far a seek forward advances between chances to take a checkpoint, in ms of sim time.
const SEEK_CHUNK_MS: u64 = 1_000;

/// A copy of the run at one moment, to rewind to.
#[derive(Clone, Debug)]
struct Checkpoint {
    sim: Sim,
    /// How many logged commands `sim` has applied.
    applied: usize,
}

/// A run and its command log, with checkpoints for time travel.
#[derive(Clone, Debug)]
pub struct History {
    /// The run at time 0, before any command: where a rewind past every checkpoint starts.
    origin: Sim,
    /// The run now.
    sim: Sim,
    /// Every command with the sim time it applies at, in time order; those from `applied` on
    /// are still ahead of `sim` and replay as time passes.
    log: Vec<(u64, Command)>,
    /// How many commands of `log` `sim` has applied.
    applied: usize,
    /// Copies of the run to rewind to, oldest first.
    checkpoints: Vec<Checkpoint>,
    /// Engine events between checkpoints now (doubles as old ones are thinned out).
    checkpoint_every: u64,
    /// The furthest sim time this run has reached: the end of the scrubber.
    horizon_ms: u64,
    /// Why the newest command applied was refused, if it was.
    last_rejection: Option<String>,
}

impl History {
    /// A run starting from `sim` (at time 0, nothing applied) that applies `log`, a command
    /// list in time order, as time passes.
    pub fn new(sim: Sim, log: Vec<(u64, Command)>) -> History {
        History {
            origin: sim.clone(),
            sim,
            log,
            applied: 0,
            checkpoints: Vec::new(),
            checkpoint_every: CHECKPOINT_EVENTS,
            horizon_ms: 0,
            last_rejection: None,
        }
    }

    /// The simulation now.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Every command in the log, with its sim time (those after now included: they replay).
    pub fn commands(&self) -> &[(u64, Command)] {
        &self.log
    }

    /// The furthest sim time reached in this run (or now, if later): the scrubber's end.
    pub fn horizon_ms(&self) -> u64 {
        self.horizon_ms.max(self.sim.now_ms())
    }

    /// How many checkpoints are kept.
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Why the newest command applied (live or replayed) was refused, if it was.
    pub fn last_rejection(&self) -> Option<&str> {
        self.last_rejection.as_deref()
    }

    /// Plays forward to `target_ms`, applying the logged commands due on the way, within
    /// `max_events` engine happenings; returns whether it got there. Takes a checkpoint when
    /// one is due.
    pub fn play_to(&mut self, target_ms: u64, max_events: u64) -> bool {
        let reached = self.advance(target_ms, max_events);
        self.note_progress();
        reached
    }

    /// Moves to the next instant at which something happens: a logged command or an engine
    /// event, whichever comes first.
    pub fn step(&mut self) {
        match (self.next_command_ms(), self.sim.next_event_ms()) {
            (Some(a), Some(e)) if a <= e => {
                self.advance(a, u64::MAX);
            }
            (Some(a), None) => {
                self.advance(a, u64::MAX);
            }
            (_, Some(_)) => {
                self.sim.step();
            }
            (None, None) => {}
        }
        self.note_progress();
    }

    /// Moves to `target_ms`, back or forward: from the checkpoint before the target, or from
    /// now when that is nearer. Returns `false` when replaying would take more than
    /// [`REPLAY_EVENTS_MAX`] engine events (the run stops where it got to).
    pub fn seek(&mut self, target_ms: u64) -> bool {
        let now = self.sim.now_ms();
        let jump = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.sim.now_ms() <= target_ms)
            .is_some_and(|c| c.sim.now_ms() > now);
        if target_ms < now || jump {
            self.restore_before(target_ms);
        }
        self.advance_with_checkpoints(target_ms, REPLAY_EVENTS_MAX)
    }

    /// Goes back to the last instant before now at which something happened (an engine event
    /// or a command), by replaying from the checkpoint before it.
    pub fn step_back(&mut self) {
        let now = self.sim.now_ms();
        if now == 0 {
            return;
        }
        self.restore_before(now - 1);
        loop {
            let next = [self.next_command_ms(), self.sim.next_event_ms()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t < now => {
                    self.advance(t, u64::MAX);
                }
                _ => break,
            }
        }
    }

    /// Acting now, when the log goes on past now or the run once went further, forks it: the
    /// commands after now and the checkpoints past now are dropped, and the horizon comes back
    /// to now. Returns how many commands were dropped.
    pub fn fork(&mut self) -> usize {
        let now = self.sim.now_ms();
        let discarded = self.log.len() - self.applied;
        if discarded > 0 || self.horizon_ms > now {
            self.log.truncate(self.applied);
            self.checkpoints.retain(|c| c.sim.now_ms() <= now);
            self.horizon_ms = now;
        }
        discarded
    }

    /// Applies `command` now and logs it. The log must hold nothing after now ([`Self::fork`]).
    pub fn record(&mut self, command: Command) {
        debug_assert_eq!(self.applied, self.log.len(), "fork before recording");
        let at_ms = self.sim.now_ms();
        self.last_rejection = rejection(self.sim.apply(&command));
        self.log.push((at_ms, command));
        self.applied = self.log.len();
    }

    /// When the next command still ahead in the log applies.
    fn next_command_ms(&self) -> Option<u64> {
        self.log.get(self.applied).map(|&(at_ms, _)| at_ms)
    }

    /// Moves the sim to `target_ms`, applying logged commands on the way. Returns whether it
    /// got there within the event budget.
    fn advance(&mut self, target_ms: u64, max_events: u64) -> bool {
        while let Some((at_ms, command)) = self
            .log
            .get(self.applied)
            .filter(|(at_ms, _)| *at_ms <= target_ms)
        {
            if !self.sim.advance_to_bounded(*at_ms, max_events) {
                return false;
            }
            // A refused command is part of the run: it shows as a Rejected event.
            self.last_rejection = rejection(self.sim.apply(command));
            self.applied += 1;
        }
        self.sim.advance_to_bounded(target_ms, max_events)
    }

    /// After moving forward: extends the horizon and takes a checkpoint when enough has
    /// happened since the last one.
    fn note_progress(&mut self) {
        self.horizon_ms = self.horizon_ms.max(self.sim.now_ms());
        let last_events = self
            .checkpoints
            .last()
            .map_or(0, |c| c.sim.event_log().total);
        if self.sim.event_log().total >= last_events + self.checkpoint_every {
            self.checkpoints.push(Checkpoint {
                sim: self.sim.clone(),
                applied: self.applied,
            });
            if self.checkpoints.len() > CHECKPOINTS_MAX {
                // Keep every second one: the spacing doubles, the memory stays bounded.
                let mut i = 0;
                self.checkpoints.retain(|_| {
                    i += 1;
                    i % 2 == 0
                });
                self.checkpoint_every *= 2;
            }
        }
    }

    /// Advances to `target_ms` a chunk at a time, so that a long replay leaves checkpoints.
    fn advance_with_checkpoints(&mut self, target_ms: u64, max_events: u64) -> bool {
        let budget_start = self.sim.event_log().total;
        while self.sim.now_ms() < target_ms
            || self.sim.next_event_ms().is_some_and(|t| t <= target_ms)
        {
            let used = self.sim.event_log().total - budget_start;
            let chunk_end = (self.sim.now_ms() + SEEK_CHUNK_MS).min(target_ms);
            if !self.advance(chunk_end, max_events.saturating_sub(used)) {
                self.note_progress();
                return false;
            }
            self.note_progress();
            if chunk_end == target_ms {
                break;
            }
        }
        true
    }

    /// Rewinds to the latest checkpoint at or before `t_ms` (or to time 0).
    fn restore_before(&mut self, t_ms: u64) {
        match self
            .checkpoints
            .iter()
            .rposition(|c| c.sim.now_ms() <= t_ms)
        {
            Some(i) => {
                let c = &self.checkpoints[i];
                self.sim = c.sim.clone();
                self.applied = c.applied;
            }
            None => {
                self.sim = self.origin.clone();
                self.applied = 0;
            }
        }
    }
}

/// What the status line keeps of a command's outcome.
fn rejection(outcome: Result<(), CommandError>) -> Option<String> {
    outcome.err().map(|e| e.to_string())
}
