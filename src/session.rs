//! What one user's session holds: the scenario (configuration plus the timed action log), the
//! simulation replaying it, and the playback state (playing, speed, playhead). The page's Yew
//! reducer is a thin wrapper over [`Session::apply`], so everything the buttons do is plain Rust
//! tested natively. Wall time enters only here, as a frame's duration, and is turned into sim
//! time through the speed factor; the engine never sees it.

use crate::engine::{limits, Command, Sim};
use crate::scenario::{Action, ActionCommand, Decoded, Scenario, SPEED_MAX, SPEED_MIN};

/// Playback speeds offered in the page, as multiples of real time.
pub const SPEEDS: [f64; 13] = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0];
/// Frames further apart than this (a hidden tab, a debugger pause) count as this long, so the
/// simulation never fast-forwards behind the user's back (as Raft Scope does).
pub const FRAME_WALL_MS_MAX: f64 = 250.0;
/// Engine happenings processed per frame at most; past it the run goes slower than asked and
/// says so, instead of letting the page fall behind.
pub const EVENTS_PER_FRAME_MAX: u64 = 20_000;
/// Engine happenings a link may replay when it opens.
pub const REPLAY_EVENTS_MAX: u64 = 20_000_000;

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
}

impl Default for Session {
    fn default() -> Self {
        Session::new(Decoded { scenario: Scenario::default(), warnings: Vec::new() })
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
                Some(Notice { is_error: true, text: format!("The scenario was refused ({e}); opened the default scenario instead.") }),
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
        };
        if !session.advance_playhead(playhead, REPLAY_EVENTS_MAX) {
            notice = Some(Notice {
                is_error: true,
                text: format!(
                    "Replaying this link stopped at {} ms of {playhead} ms: it needs more than {REPLAY_EVENTS_MAX} engine events.",
                    session.sim.now_ms()
                ),
            });
        }
        if notice.is_none() && !warnings.is_empty() {
            notice = Some(Notice { is_error: false, text: format!("The link was opened, but: {}.", warnings.join("; ")) });
        }
        session.notice = notice;
        session
    }

    /// A session opened from a link: a bad link opens the default scenario with a notice that
    /// says what was wrong.
    pub fn from_link(fragment: &str) -> Session {
        match Scenario::from_fragment(fragment) {
            Ok(decoded) => Session::new(decoded),
            Err(e) => Session {
                notice: Some(Notice {
                    is_error: true,
                    text: format!("This link could not be opened: {e}. Showing the default scenario instead."),
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
        self.scenario.view.topic.min(self.sim.topics().len() as u32 - 1)
    }

    /// The producers writing to the topic on stage, by index.
    pub fn selected_producers(&self) -> Vec<u32> {
        let topic = self.selected_topic();
        (0..self.sim.producers().len() as u32).filter(|&p| self.sim.producer(p).topic() == topic).collect()
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
        match action {
            SessionAction::Tick { wall_ms } => self.tick(wall_ms),
            SessionAction::Play => self.set_playing(true),
            SessionAction::Pause => self.set_playing(false),
            SessionAction::TogglePlay => self.set_playing(!self.playing),
            SessionAction::Step => {
                self.playing = false;
                self.step();
                true
            }
            SessionAction::SetSpeed(speed) => {
                let speed = if speed.is_finite() { speed.clamp(SPEED_MIN, SPEED_MAX) } else { 1.0 };
                self.speed = speed;
                self.revision += 1;
                true
            }
            SessionAction::Command(command) => {
                self.command(command);
                true
            }
            SessionAction::Restart => {
                let mut scenario = self.scenario.clone();
                scenario.view.playhead_ms = 0;
                scenario.view.speed = self.speed;
                let playing = self.playing;
                *self = Session::new(Decoded { scenario, warnings: Vec::new() });
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
        let wall_ms = if wall_ms.is_finite() { wall_ms.clamp(0.0, FRAME_WALL_MS_MAX) } else { 0.0 };
        let want = self.carry_ms + wall_ms * self.speed;
        let whole = want.floor();
        self.carry_ms = want - whole;
        let target = (self.sim.now_ms() + whole as u64).min(limits::RUN_MS_MAX);
        let reached = self.advance_playhead(target, EVENTS_PER_FRAME_MAX);
        self.behind = !reached;
        if !reached {
            self.carry_ms = 0.0;
        }
        if self.sim.now_ms() >= limits::RUN_MS_MAX {
            self.playing = false;
            self.notice = Some(Notice { is_error: false, text: "The run reached its longest length (one day of sim time).".into() });
        }
        whole > 0.0
    }

    /// Moves the sim to `target_ms`, applying scripted actions on the way. Returns whether it
    /// got there within the event budget.
    fn advance_playhead(&mut self, target_ms: u64, max_events: u64) -> bool {
        loop {
            let next = self.scenario.actions.get(self.next_action).filter(|a| a.at_ms <= target_ms).cloned();
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
        self.scenario.actions.truncate(self.next_action);
        if self.scenario.actions.len() >= limits::ACTIONS_MAX {
            self.notice = Some(Notice {
                is_error: true,
                text: format!("This run already holds {} actions, the most a link can carry; restart to take more.", limits::ACTIONS_MAX),
            });
            return;
        }
        self.apply_to_sim(&command);
        self.scenario.actions.push(Action { at_ms, command: ActionCommand::from(&command) });
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
pub fn replay(scenario: &Scenario, until_ms: u64, capture: bool) -> Result<Sim, crate::engine::ConfigError> {
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
