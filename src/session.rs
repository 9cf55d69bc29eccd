//! What one user's session holds: the scenario (configuration plus the timed action log), the
//! simulation replaying it, and the playback state (playing, speed, playhead). The page's Yew
//! reducer is a thin wrapper over [`Session::apply`], so everything the buttons do is plain Rust
//! tested natively. Wall time enters only here, as a frame's duration, and is turned into sim
//! time through the speed factor; the engine never sees it.

use crate::engine::{limits, Command, Sim};
use crate::scenario::{Action, ActionCommand, Decoded, Scenario, SPEED_MAX, SPEED_MIN};

pub mod open;

/// Playback speeds offered in the page, as multiples of real time.
pub const SPEEDS: [f64; 13] = [
    0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0,
];
/// Frames further apart than this (a hidden tab, a debugger pause) count as this long, so the
/// simulation never fast-forwards behind the user's back (as Raft Scope does).
pub const FRAME_WALL_MS_MAX: f64 = 250.0;
/// Engine happenings processed per frame at most; past it the run goes slower than asked and
/// says so, instead of letting the page fall behind.
pub const EVENTS_PER_FRAME_MAX: u64 = 20_000;
/// Engine happenings a link may replay when it opens.
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
    next_action: usize,
}

/// Something the user did in the page.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionAction {
    /// An animation frame `wall_ms` after the previous one.
    Tick { wall_ms: f64 },
    /// Start playing.
    Play,
    /// Stop playing.
    Pause,
    /// Play if paused, pause if playing.
    TogglePlay,
    /// Pause and move to the next instant at which something happens.
    Step,
    /// Change playback speed (a multiple of real time).
    SetSpeed(f64),
    /// A command for the engine at the current time.
    Command(Command),
    /// Rewind to time 0, keeping the actions, which replay as time passes.
    Restart,
    /// Start over from a new scenario (its actions and playhead are honoured).
    Load(Box<Decoded>),
    /// Put topic `n` on stage (the views show one topic at a time).
    SelectTopic(u32),
    /// Move the playhead to a sim time, back or forward (pauses). Going back replays from the
    /// nearest checkpoint; the actions after it stay and replay, until a new action forks.
    Seek(u64),
    /// Pause and move back to the previous moment something happened.
    StepBack,
    /// Run a second copy beside this one with one setting changed (a variation id from
    /// [`crate::compare::Variation`]), in lockstep; `None` stops comparing.
    Compare(Option<String>),
    /// Hide the notice.
    DismissNotice,
}

/// A message shown above the playground until dismissed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// `true` for problems, `false` for information.
    pub is_error: bool,
    /// The text.
    pub text: String,
}

/// A user's session.
#[derive(Clone, Debug)]
pub struct Session {
    scenario: Scenario,
    sim: Sim,
    /// Actions before this index have been applied to `sim`.
    next_action: usize,
    /// Whether time is running.
    pub playing: bool,
    speed: f64,
    carry_ms: f64,
    /// True when the last frame could not run as fast as asked.
    pub behind: bool,
    /// The notice on screen, if any.
    pub notice: Option<Notice>,
    /// The newest refusal, for the status line.
    pub last_rejection: Option<String>,
    /// Bumped whenever the scenario (what a link carries) changes.
    pub revision: u64,
    /// Bumped whenever a different scenario is loaded, so forms showing its settings reset.
    pub loads: u64,
    /// Copies of the run to rewind to, oldest first (time 0 is always rebuilt, never kept).
    checkpoints: Vec<Checkpoint>,
    /// Engine events between checkpoints now (doubles as old ones are thinned out).
    checkpoint_every: u64,
    /// The furthest sim time this run has reached: the end of the scrubber.
    horizon_ms: u64,
    /// Side by side: the second copy, with one setting changed, kept at the same time and fed
    /// the same commands.
    twin: Option<Box<Session>>,
}

impl Default for Session {
    fn default() -> Self {
        Session::new(Decoded {
            scenario: Scenario::default(),
            warnings: Vec::new(),
        })
    }
}

impl Session {
    /// A session that replays `decoded` up to its playhead. Warnings become a notice.
    pub fn new(decoded: Decoded) -> Session {
        let Decoded { scenario, warnings } = decoded;
        let (scenario, mut notice) = match Sim::new(scenario.sim_config()) {
            Ok(_) => (scenario, None),
            Err(e) => (
                Scenario::default(),
                Some(Notice {
                    is_error: true,
                    text: format!(
                        "The scenario was refused ({e}); opened the default scenario instead."
                    ),
                }),
            ),
        };
        let sim = Sim::new(scenario.sim_config()).expect("the scenario was validated above");
        let speed = scenario.view.speed.clamp(SPEED_MIN, SPEED_MAX);
        let playhead = scenario.view.playhead_ms;
        let mut session = Session {
            scenario,
            sim,
            next_action: 0,
            playing: false,
            speed,
            carry_ms: 0.0,
            behind: false,
            notice: None,
            last_rejection: None,
            revision: 0,
            loads: 0,
            checkpoints: Vec::new(),
            checkpoint_every: CHECKPOINT_EVENTS,
            horizon_ms: 0,
            twin: None,
        };
        if !session.advance_with_checkpoints(playhead, REPLAY_EVENTS_MAX) {
            notice = Some(Notice {
                is_error: true,
                text: format!(
                    "Replaying this link stopped at {} ms of {playhead} ms: it needs more than {REPLAY_EVENTS_MAX} engine events.",
                    session.sim.now_ms()
                ),
            });
        }
        if notice.is_none() && !warnings.is_empty() {
            notice = Some(Notice {
                is_error: false,
                text: format!("The link was opened, but: {}.", warnings.join("; ")),
            });
        }
        session.notice = notice;
        session.start_twin();
        session
    }

    /// A session opened from a link: a link with values outside the rules opens with those
    /// parts reset or left out, and a link that does not decode opens the default scenario; the
    /// notice says what was wrong and what was kept.
    pub fn from_link(fragment: &str) -> Session {
        let strict = open::from_fragment(fragment);
        match strict.map_or_else(
            |_| open::from_fragment_salvaging(fragment).map(|d| (d, true)),
            |d| Ok((d, false)),
        ) {
            Ok((decoded, false)) => Session::new(decoded),
            Ok((decoded, true)) => {
                let said = decoded.warnings.join("; ");
                let mut session = Session::new(decoded);
                if session.notice.as_ref().is_none_or(|n| !n.is_error) {
                    session.notice = Some(Notice {
                        is_error: true,
                        text: format!("This link was opened in part: {said}. Everything else is as the link says."),
                    });
                }
                session
            }
            Err(e) => Session {
                notice: Some(Notice {
                    is_error: true,
                    text: format!(
                        "This link could not be opened: {e}. Showing the default scenario instead."
                    ),
                }),
                ..Session::default()
            },
        }
    }

    /// The simulation.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// The scenario as loaded, with every action taken so far.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The index of the topic on stage.
    pub fn selected_topic(&self) -> u32 {
        self.scenario
            .view
            .topic
            .min(self.sim.topics().len() as u32 - 1)
    }

    /// The producers writing to the topic on stage, by index.
    pub fn selected_producers(&self) -> Vec<u32> {
        let topic = self.selected_topic();
        (0..self.sim.producers().len() as u32)
            .filter(|&p| self.sim.producer(p).topic() == topic)
            .collect()
    }

    /// The second copy when comparing side by side, and what it changes.
    pub fn twin(&self) -> Option<(&Session, crate::compare::Variation)> {
        let variation = self
            .scenario
            .view
            .compare
            .as_deref()
            .and_then(crate::compare::Variation::from_id)?;
        self.twin.as_deref().map(|t| (t, variation))
    }

    /// Builds the twin from the scenario's `view.compare`, at the current time.
    fn start_twin(&mut self) {
        self.twin = None;
        let Some(variation) = self
            .scenario
            .view
            .compare
            .as_deref()
            .and_then(crate::compare::Variation::from_id)
        else {
            return;
        };
        let mut b = variation.apply(&self.scenario);
        // Start at 0 and catch up: the twin keeps the same actions and reaches the same time.
        b.view.playhead_ms = 0;
        match Sim::new(b.sim_config()) {
            Ok(_) => {
                let mut twin = Session::new(Decoded {
                    scenario: b,
                    warnings: Vec::new(),
                });
                twin.seek(self.sim.now_ms());
                self.twin = Some(Box::new(twin));
            }
            Err(e) => {
                self.scenario.view.compare = None;
                self.notice = Some(Notice {
                    is_error: true,
                    text: format!("The comparison could not start: {e}."),
                });
            }
        }
    }

    /// Keeps the twin at this run's time (after play, step, seek or step back).
    fn sync_twin(&mut self) {
        let now = self.sim.now_ms();
        if let Some(twin) = &mut self.twin {
            if twin.sim.now_ms() != now {
                twin.seek(now);
            }
        }
    }

    /// The furthest sim time reached in this run (or now, if later): the scrubber's end.
    pub fn horizon_ms(&self) -> u64 {
        self.horizon_ms.max(self.sim.now_ms())
    }

    /// How many checkpoints are kept (for the benchmark and tests).
    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// Playback speed, as a multiple of real time.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// The scenario a share link should carry now: everything, with the playhead and speed.
    pub fn share_scenario(&self) -> Scenario {
        let mut s = self.scenario.clone();
        s.view.playhead_ms = self.sim.now_ms();
        s.view.speed = self.speed;
        s
    }

    /// The share-link fragment (without `#`).
    pub fn share_fragment(&self) -> String {
        self.share_scenario().to_fragment()
    }

    /// Applies one user action. Returns whether anything visible changed.
    pub fn apply(&mut self, action: SessionAction) -> bool {
        let changed = self.apply_here(action);
        if changed {
            self.sync_twin();
        }
        changed
    }

    fn apply_here(&mut self, action: SessionAction) -> bool {
        match action {
            SessionAction::Tick { wall_ms } => self.tick(wall_ms),
            SessionAction::Play => self.set_playing(true),
            SessionAction::Pause => self.set_playing(false),
            SessionAction::TogglePlay => self.set_playing(!self.playing),
            SessionAction::Step => {
                self.playing = false;
                self.step();
                self.note_progress();
                true
            }
            SessionAction::SetSpeed(speed) => {
                let speed = if speed.is_finite() {
                    speed.clamp(SPEED_MIN, SPEED_MAX)
                } else {
                    1.0
                };
                self.speed = speed;
                self.revision += 1;
                true
            }
            SessionAction::Command(command) => {
                if let Some(twin) = &mut self.twin {
                    // Same command, same time, on the other side.
                    twin.seek(self.sim.now_ms());
                    twin.command(command.clone());
                }
                self.command(command);
                true
            }
            SessionAction::Restart => {
                let mut scenario = self.scenario.clone();
                scenario.view.playhead_ms = 0;
                scenario.view.speed = self.speed;
                let playing = self.playing;
                *self = Session::new(Decoded {
                    scenario,
                    warnings: Vec::new(),
                });
                self.playing = playing;
                self.revision += 1;
                true
            }
            SessionAction::Load(decoded) => {
                let (revision, loads) = (self.revision, self.loads);
                *self = Session::new(*decoded);
                self.revision = revision + 1;
                self.loads = loads + 1;
                true
            }
            SessionAction::SelectTopic(topic) => {
                if topic as usize >= self.sim.topics().len() || topic == self.scenario.view.topic {
                    return false;
                }
                self.scenario.view.topic = topic;
                self.revision += 1;
                true
            }
            SessionAction::Seek(target_ms) => {
                self.set_playing(false);
                self.seek(target_ms.min(limits::RUN_MS_MAX));
                true
            }
            SessionAction::StepBack => {
                self.set_playing(false);
                self.step_back();
                true
            }
            SessionAction::Compare(id) => {
                let id = id.filter(|id| {
                    crate::compare::Variation::from_id(id)
                        .is_some_and(|v| v.applies(&self.scenario))
                });
                self.scenario.view.compare = id;
                self.start_twin();
                self.revision += 1;
                true
            }
            SessionAction::DismissNotice => self.notice.take().is_some(),
        }
    }

    fn set_playing(&mut self, playing: bool) -> bool {
        let changed = self.playing != playing;
        self.playing = playing;
        self.carry_ms = 0.0;
        if !playing {
            self.behind = false;
        }
        changed
    }

    fn tick(&mut self, wall_ms: f64) -> bool {
        if !self.playing {
            return false;
        }
        let wall_ms = if wall_ms.is_finite() {
            wall_ms.clamp(0.0, FRAME_WALL_MS_MAX)
        } else {
            0.0
        };
        let want = self.carry_ms + wall_ms * self.speed;
        let whole = want.floor();
        self.carry_ms = want - whole;
        let target = (self.sim.now_ms() + whole as u64).min(limits::RUN_MS_MAX);
        let reached = self.advance_playhead(target, EVENTS_PER_FRAME_MAX);
        self.note_progress();
        self.behind = !reached;
        if !reached {
            self.carry_ms = 0.0;
        }
        if self.sim.now_ms() >= limits::RUN_MS_MAX {
            self.playing = false;
            self.notice = Some(Notice {
                is_error: false,
                text: "The run reached its longest length (one day of sim time).".into(),
            });
        }
        whole > 0.0
    }

    /// Moves the sim to `target_ms`, applying scripted actions on the way. Returns whether it
    /// got there within the event budget.
    fn advance_playhead(&mut self, target_ms: u64, max_events: u64) -> bool {
        loop {
            let next = self
                .scenario
                .actions
                .get(self.next_action)
                .filter(|a| a.at_ms <= target_ms)
                .cloned();
            match next {
                Some(action) => {
                    if !self.sim.advance_to_bounded(action.at_ms, max_events) {
                        return false;
                    }
                    self.apply_to_sim(&Command::from(&action.command));
                    self.next_action += 1;
                }
                None => return self.sim.advance_to_bounded(target_ms, max_events),
            }
        }
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
                next_action: self.next_action,
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
            if !self.advance_playhead(chunk_end, max_events.saturating_sub(used)) {
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

    /// Rewinds to the latest checkpoint at or before `t_ms` (or rebuilds time 0).
    fn restore_before(&mut self, t_ms: u64) {
        match self
            .checkpoints
            .iter()
            .rposition(|c| c.sim.now_ms() <= t_ms)
        {
            Some(i) => {
                let c = &self.checkpoints[i];
                self.sim = c.sim.clone();
                self.next_action = c.next_action;
            }
            None => {
                self.sim = Sim::new(self.scenario.sim_config())
                    .expect("the running scenario was validated");
                self.next_action = 0;
            }
        }
    }

    fn seek(&mut self, target_ms: u64) {
        let now = self.sim.now_ms();
        // Back: from the checkpoint before the target. Forward: from one nearer than now, if any.
        let jump = self
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.sim.now_ms() <= target_ms)
            .is_some_and(|c| c.sim.now_ms() > now);
        if target_ms < now || jump {
            self.restore_before(target_ms);
        }
        if !self.advance_with_checkpoints(target_ms, REPLAY_EVENTS_MAX) {
            self.notice = Some(Notice {
                is_error: true,
                text: format!("Seeking stopped at {} ms: it needs more than {REPLAY_EVENTS_MAX} engine events.", self.sim.now_ms()),
            });
        }
    }

    /// Goes back to the last instant before now at which something happened (an engine event
    /// or an action), by replaying from the checkpoint before it.
    fn step_back(&mut self) {
        let now = self.sim.now_ms();
        if now == 0 {
            return;
        }
        self.restore_before(now - 1);
        loop {
            let next_action_ms = self.scenario.actions.get(self.next_action).map(|a| a.at_ms);
            let next = [next_action_ms, self.sim.next_event_ms()]
                .into_iter()
                .flatten()
                .min();
            match next {
                Some(t) if t < now => {
                    self.advance_playhead(t, u64::MAX);
                }
                _ => break,
            }
        }
    }

    fn step(&mut self) {
        let next_action_ms = self.scenario.actions.get(self.next_action).map(|a| a.at_ms);
        match (next_action_ms, self.sim.next_event_ms()) {
            (Some(a), Some(e)) if a <= e => {
                self.advance_playhead(a, u64::MAX);
            }
            (Some(a), None) => {
                self.advance_playhead(a, u64::MAX);
            }
            (_, Some(_)) => {
                self.sim.step();
            }
            (None, None) => {}
        }
    }

    /// A live command: it forks the timeline (scripted actions after now are dropped, as Raft
    /// Scope does) and is recorded so the link replays it.
    fn command(&mut self, command: Command) {
        let at_ms = self.sim.now_ms();
        let discarded = self.scenario.actions.len() - self.next_action;
        if discarded > 0 || self.horizon_ms > at_ms {
            // Acting in the past forks the run: the old future is gone.
            self.scenario.actions.truncate(self.next_action);
            self.checkpoints.retain(|c| c.sim.now_ms() <= at_ms);
            self.horizon_ms = at_ms;
            if discarded > 0 {
                self.notice = Some(Notice {
                    is_error: false,
                    text: format!(
                        "You acted at {} ms, before the end of the run: the {discarded} later action{} were discarded and the run continues from here (a fork).",
                        at_ms,
                        if discarded == 1 { "" } else { "s" }
                    ),
                });
            }
        }
        if self.scenario.actions.len() >= limits::ACTIONS_MAX {
            self.notice = Some(Notice {
                is_error: true,
                text: format!("This run already holds {} actions, the most a link can carry; restart to take more.", limits::ACTIONS_MAX),
            });
            return;
        }
        self.apply_to_sim(&command);
        self.scenario.actions.push(Action {
            at_ms,
            command: ActionCommand::from(&command),
        });
        self.next_action = self.scenario.actions.len();
        self.revision += 1;
    }

    fn apply_to_sim(&mut self, command: &Command) {
        match self.sim.apply(command) {
            Ok(()) => self.last_rejection = None,
            Err(e) => self.last_rejection = Some(e.message),
        }
    }
}

/// Runs a scenario headless from time 0 to `until_ms`, applying its actions on the way: what
/// the CLI's `run` does. With `capture`, every event is kept in the sim's event log.
pub fn replay(
    scenario: &Scenario,
    until_ms: u64,
    capture: bool,
) -> Result<Sim, crate::engine::ConfigError> {
    let mut sim = Sim::new(scenario.sim_config())?;
    if capture {
        sim.capture_events();
    }
    for action in scenario.actions.iter().take_while(|a| a.at_ms <= until_ms) {
        sim.advance_to(action.at_ms);
        // A refused action is part of the run: it shows as a Rejected event, as in the page.
        let _ = sim.apply(&Command::from(&action.command));
    }
    sim.advance_to(until_ms);
    Ok(sim)
}
