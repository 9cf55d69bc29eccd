//! What one user's session holds: the scenario's settings, the run with its command log
//! ([`History`]), the playback state ([`Playback`]) and, side by side, a second copy
//! ([`Twin`]). The page's Yew reducer is a thin wrapper over [`Session::apply`], so everything
//! the buttons do is plain Rust tested natively. Wall time enters only here, as a frame's
//! duration, and is turned into sim time through the speed factor; the engine never sees it.
//!
//! The history is engine `Command`s: a scenario's actions are read into it once when it opens,
//! and written back to the wire format only for a link or a file.

use crate::engine::{limits, Command, Sim};
use crate::scenario::{Action, Decoded, Scenario};

mod history;
pub mod open;
mod playback;
mod replay;
mod twin;

pub use history::{History, CHECKPOINTS_MAX, CHECKPOINT_EVENTS, REPLAY_EVENTS_MAX};
pub use playback::{Playback, EVENTS_PER_FRAME_MAX, FRAME_WALL_MS_MAX, SPEEDS};
pub use replay::{replay, replay_observed, OBSERVE_EVERY_MS};
pub use twin::Twin;

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
    /// Show an error notice and change nothing else (a pasted link that cannot be opened
    /// keeps the run on the page).
    Refuse(String),
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
    /// The scenario as loaded, without its actions: those are in `history`, as commands.
    setup: Scenario,
    history: History,
    playback: Playback,
    /// Side by side: the second copy, with one setting changed.
    twin: Option<Twin>,
    /// The notice on screen, if any.
    pub notice: Option<Notice>,
    /// Bumped whenever the scenario (what a link carries) changes.
    pub revision: u64,
    /// Bumped whenever a different scenario is loaded, so forms showing its settings reset.
    pub loads: u64,
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
    /// A session that replays `decoded` up to its playhead. Warnings become a notice. The
    /// scenario is taken as read: [`open`] checks what links, files and forms hold.
    pub fn new(decoded: Decoded) -> Session {
        let Decoded {
            mut scenario,
            warnings,
        } = decoded;
        let log = std::mem::take(&mut scenario.actions)
            .iter()
            .map(|a| (a.at_ms, a.to_command()))
            .collect();
        Session::open(scenario, log, warnings)
    }

    /// A session for the settings `setup` (no actions) and the command log `log`, replayed up
    /// to the playhead; a configuration the engine refuses opens the default scenario.
    fn open(setup: Scenario, log: Vec<(u64, Command)>, warnings: Vec<String>) -> Session {
        let (setup, log, sim, mut notice) = match Sim::new(setup.sim_config()) {
            Ok(sim) => (setup, log, sim, None),
            Err(e) => {
                let default = Scenario::default();
                let sim = Sim::new(default.sim_config()).expect("the default scenario runs");
                let notice = Notice {
                    is_error: true,
                    text: format!(
                        "The scenario was refused ({}); opened the default scenario instead.",
                        crate::scenario::describe(&e)
                    ),
                };
                (default, Vec::new(), sim, Some(notice))
            }
        };
        let playhead = setup.view.playhead_ms;
        let mut session = Session {
            playback: Playback::new(setup.view.speed),
            setup,
            history: History::new(sim, log),
            twin: None,
            notice: None,
            revision: 0,
            loads: 0,
        };
        if !session.history.seek(playhead) {
            notice = Some(Notice {
                is_error: true,
                text: format!(
                    "Replaying this link stopped at {} ms of {playhead} ms: it needs more than {REPLAY_EVENTS_MAX} engine events.",
                    session.sim().now_ms()
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
        self.history.sim()
    }

    /// The run's command log and checkpoints.
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The scenario's settings as loaded (configuration, view, lesson), without its actions,
    /// which are in [`Session::history`]. Cheaper than [`Session::scenario`].
    pub fn setup(&self) -> &Scenario {
        &self.setup
    }

    /// The scenario as loaded, with every action taken so far (in the wire format).
    pub fn scenario(&self) -> Scenario {
        let mut s = self.setup.clone();
        s.actions = self
            .history
            .commands()
            .iter()
            .map(|(at_ms, command)| Action::from_command(*at_ms, command))
            .collect();
        s
    }

    /// The index of the topic on stage.
    pub fn selected_topic(&self) -> u32 {
        self.setup
            .view
            .topic
            .min(self.sim().topics().len() as u32 - 1)
    }

    /// The producers writing to the topic on stage, by index.
    pub fn selected_producers(&self) -> Vec<u32> {
        let topic = self.selected_topic();
        let sim = self.sim();
        (0..sim.producers().len() as u32)
            .filter(|&p| sim.producer(p).topic() == topic)
            .collect()
    }

    /// The second copy when comparing side by side, and what it changes.
    pub fn twin(&self) -> Option<(&Session, crate::compare::Variation)> {
        self.twin.as_ref().map(|t| (t.session(), t.variation()))
    }

    /// Builds the twin from the scenario's `view.compare`, at the current time.
    fn start_twin(&mut self) {
        self.twin = None;
        let Some(variation) = self
            .setup
            .view
            .compare
            .as_deref()
            .and_then(crate::compare::Variation::from_id)
        else {
            return;
        };
        let now_ms = self.sim().now_ms();
        match Twin::start(&self.setup, self.history.commands(), variation, now_ms) {
            Ok(twin) => self.twin = Some(twin),
            Err(e) => {
                self.setup.view.compare = None;
                self.notice = Some(Notice {
                    is_error: true,
                    text: format!(
                        "The comparison could not start: {}.",
                        crate::scenario::describe(&e)
                    ),
                });
            }
        }
    }

    /// The furthest sim time reached in this run (or now, if later): the scrubber's end.
    pub fn horizon_ms(&self) -> u64 {
        self.history.horizon_ms()
    }

    /// How many checkpoints are kept (for the benchmark and tests).
    pub fn checkpoint_count(&self) -> usize {
        self.history.checkpoint_count()
    }

    /// Whether time is running.
    pub fn playing(&self) -> bool {
        self.playback.playing()
    }

    /// True when the last frame could not run as fast as asked.
    pub fn behind(&self) -> bool {
        self.playback.behind()
    }

    /// Playback speed, as a multiple of real time.
    pub fn speed(&self) -> f64 {
        self.playback.speed()
    }

    /// The newest refusal, for the status line.
    pub fn last_rejection(&self) -> Option<&str> {
        self.history.last_rejection()
    }

    /// The scenario a share link should carry now: everything, with the playhead and speed.
    pub fn share_scenario(&self) -> Scenario {
        let mut s = self.scenario();
        s.view.playhead_ms = self.sim().now_ms();
        s.view.speed = self.speed();
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
            let now_ms = self.sim().now_ms();
            if let Some(twin) = &mut self.twin {
                twin.follow(now_ms);
            }
        }
        changed
    }

    fn apply_here(&mut self, action: SessionAction) -> bool {
        match action {
            SessionAction::Tick { wall_ms } => self.tick(wall_ms),
            SessionAction::Play => self.playback.set_playing(true),
            SessionAction::Pause => self.playback.set_playing(false),
            SessionAction::TogglePlay => {
                let playing = !self.playback.playing();
                self.playback.set_playing(playing)
            }
            SessionAction::Step => {
                self.playback.halt();
                self.history.step();
                true
            }
            SessionAction::SetSpeed(speed) => {
                self.playback.set_speed(speed);
                self.revision += 1;
                true
            }
            SessionAction::Command(command) => {
                let now_ms = self.sim().now_ms();
                if let Some(twin) = &mut self.twin {
                    // Same command, same time, on the other side.
                    twin.command(now_ms, command.clone());
                }
                self.command(command);
                true
            }
            SessionAction::Restart => {
                let mut setup = self.setup.clone();
                setup.view.playhead_ms = 0;
                setup.view.speed = self.speed();
                let playing = self.playback.playing();
                *self = Session::open(setup, self.history.commands().to_vec(), Vec::new());
                self.playback.set_playing(playing);
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
                if topic as usize >= self.sim().topics().len() || topic == self.setup.view.topic {
                    return false;
                }
                self.setup.view.topic = topic;
                self.revision += 1;
                true
            }
            SessionAction::Seek(target_ms) => {
                self.playback.set_playing(false);
                self.seek(target_ms.min(limits::RUN_MS_MAX));
                true
            }
            SessionAction::StepBack => {
                self.playback.set_playing(false);
                self.history.step_back();
                true
            }
            SessionAction::Compare(id) => {
                let id = id.filter(|id| {
                    crate::compare::Variation::from_id(id).is_some_and(|v| v.applies(&self.setup))
                });
                self.setup.view.compare = id;
                self.start_twin();
                self.revision += 1;
                true
            }
            SessionAction::DismissNotice => self.notice.take().is_some(),
            SessionAction::Refuse(text) => {
                self.notice = Some(Notice {
                    is_error: true,
                    text,
                });
                true
            }
        }
    }

    fn tick(&mut self, wall_ms: f64) -> bool {
        let Some(frame_ms) = self.playback.frame_ms(wall_ms) else {
            return false;
        };
        let target = (self.sim().now_ms() + frame_ms).min(limits::RUN_MS_MAX);
        let reached = self.history.play_to(target, EVENTS_PER_FRAME_MAX);
        self.playback.frame_done(reached);
        if self.sim().now_ms() >= limits::RUN_MS_MAX {
            self.playback.halt();
            self.notice = Some(Notice {
                is_error: false,
                text: "The run reached its longest length (one day of sim time).".into(),
            });
        }
        frame_ms > 0
    }

    fn seek(&mut self, target_ms: u64) {
        if !self.history.seek(target_ms) {
            self.notice = Some(Notice {
                is_error: true,
                text: format!("Seeking stopped at {} ms: it needs more than {REPLAY_EVENTS_MAX} engine events.", self.sim().now_ms()),
            });
        }
    }

    /// A live command: it forks the timeline (scripted actions after now are dropped, as Raft
    /// Scope does) and is recorded so the link replays it.
    fn command(&mut self, command: Command) {
        let at_ms = self.sim().now_ms();
        let discarded = self.history.fork();
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
        if self.history.commands().len() >= limits::ACTIONS_MAX {
            self.notice = Some(Notice {
                is_error: true,
                text: format!("This run already holds {} actions, the most a link can carry; restart to take more.", limits::ACTIONS_MAX),
            });
            return;
        }
        self.history.record(command);
        self.revision += 1;
    }
}
