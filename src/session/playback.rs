//! Playback: whether time runs, how fast, and how a frame's wall time becomes sim time. Frames
//! far apart are clamped (no fast-forward behind the user's back, as in Raft Scope), fractions
//! of a millisecond carry to the next frame, and a frame does a bounded amount of work, so the
//! page never falls behind; the run then goes slower than asked and says so.

use crate::scenario::{SPEED_MAX, SPEED_MIN};

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

/// Playing or paused, the speed, and the sim time carried between frames.
#[derive(Clone, Debug)]
pub struct Playback {
    playing: bool,
    /// A multiple of real time, within [`SPEED_MIN`] to [`SPEED_MAX`].
    speed: f64,
    /// The fraction of a sim millisecond the frames so far asked for beyond whole ones.
    carry_ms: f64,
    /// Whether the last frame could not run as fast as asked.
    behind: bool,
}

impl Playback {
    /// Paused, at `speed` (clamped to the speeds allowed).
    pub fn new(speed: f64) -> Playback {
        Playback {
            playing: false,
            speed: speed.clamp(SPEED_MIN, SPEED_MAX),
            carry_ms: 0.0,
            behind: false,
        }
    }

    /// Whether time is running.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// The speed, as a multiple of real time.
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Whether the last frame could not run as fast as asked.
    pub fn behind(&self) -> bool {
        self.behind
    }

    /// Plays or pauses; returns whether that changed. Either way the carried fraction starts
    /// afresh, and a pause clears "behind".
    pub fn set_playing(&mut self, playing: bool) -> bool {
        let changed = self.playing != playing;
        self.playing = playing;
        self.carry_ms = 0.0;
        if !playing {
            self.behind = false;
        }
        changed
    }

    /// Stops at once and leaves the rest as it was, as a step or the end of the run does.
    pub fn halt(&mut self) {
        self.playing = false;
    }

    /// Sets the speed, clamped; a speed that is not a number is real time.
    pub fn set_speed(&mut self, speed: f64) {
        self.speed = if speed.is_finite() {
            speed.clamp(SPEED_MIN, SPEED_MAX)
        } else {
            1.0
        };
    }

    /// The whole milliseconds of sim time a frame `wall_ms` after the previous one asks for
    /// (the wall time clamped to [`FRAME_WALL_MS_MAX`], times the speed, plus what earlier
    /// frames carried), or `None` when paused.
    pub fn frame_ms(&mut self, wall_ms: f64) -> Option<u64> {
        if !self.playing {
            return None;
        }
        let wall_ms = if wall_ms.is_finite() {
            wall_ms.clamp(0.0, FRAME_WALL_MS_MAX)
        } else {
            0.0
        };
        let want = self.carry_ms + wall_ms * self.speed;
        let whole = want.floor();
        self.carry_ms = want - whole;
        Some(whole as u64)
    }

    /// After a frame: whether it reached the time it asked for. One that did not leaves the
    /// run behind, and its carried fraction is dropped.
    pub fn frame_done(&mut self, reached: bool) {
        self.behind = !reached;
        if !reached {
            self.carry_ms = 0.0;
        }
    }
}
