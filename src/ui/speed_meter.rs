//! The speed the page really runs at, measured from frame timestamps: sim time gained over the
//! wall time of the last couple of seconds of frames. When a busy scenario cannot keep up with
//! the chosen speed, the toolbar says "running at 8.6× of 100×" from this figure.

use std::collections::VecDeque;

/// Wall time the measure looks back over, in ms.
const WINDOW_MS: f64 = 2000.0;
/// Wall time it needs before it says anything, in ms.
const MEASURED_MS_MIN: f64 = 500.0;

/// Recent frames as (wall ms since the meter started, sim ms).
#[derive(Clone, Debug, Default)]
pub struct SpeedMeter {
    frames: VecDeque<(f64, u64)>,
    wall_ms: f64,
}

impl SpeedMeter {
    /// Notes a frame `wall_dt_ms` after the previous one, with the sim at `sim_ms`. A sim that
    /// went back (a restart, a seek) starts the measure afresh.
    pub fn frame(&mut self, wall_dt_ms: f64, sim_ms: u64) {
        if self.frames.back().is_some_and(|&(_, s)| sim_ms < s) {
            self.reset();
        }
        self.wall_ms += wall_dt_ms.max(0.0);
        self.frames.push_back((self.wall_ms, sim_ms));
        while self
            .frames
            .front()
            .is_some_and(|&(w, _)| self.wall_ms - w > WINDOW_MS)
        {
            self.frames.pop_front();
        }
    }

    /// Forgets every frame (paused, or the run was replaced).
    pub fn reset(&mut self) {
        self.frames.clear();
        self.wall_ms = 0.0;
    }

    /// Sim ms per wall ms over the window, once it spans enough wall time.
    pub fn achieved_speed(&self) -> Option<f64> {
        let (&(w0, s0), &(w1, s1)) = (self.frames.front()?, self.frames.back()?);
        let wall = w1 - w0;
        (wall >= MEASURED_MS_MIN).then(|| (s1 - s0) as f64 / wall)
    }
}

/// "running at 8.6× of 100×": one decimal below 10×, whole numbers above.
pub fn running_at(achieved: f64, asked: f64) -> String {
    let speed = |x: f64| {
        if x < 10.0 {
            format!("{:.1}×", x)
        } else {
            format!("{:.0}×", x)
        }
    };
    format!(
        "running at {} of {}",
        speed(achieved),
        speed(asked).replace(".0×", "×")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_that_keeps_up_measures_its_speed() {
        let mut m = SpeedMeter::default();
        for i in 0..=60u64 {
            m.frame(if i == 0 { 0.0 } else { 16.0 }, i * 16 * 10);
        }
        let s = m.achieved_speed().unwrap();
        assert!((s - 10.0).abs() < 1e-9, "{s}");
    }

    #[test]
    fn a_busy_run_measures_what_it_got_and_says_it() {
        let mut m = SpeedMeter::default();
        // 100× asked, but each 16 ms frame gains only 137.6 sim ms: 8.6×.
        for i in 0..=200u64 {
            m.frame(16.0, i * 1376 / 10);
        }
        let s = m.achieved_speed().unwrap();
        assert_eq!(running_at(s, 100.0), "running at 8.6× of 100×");
    }

    #[test]
    fn too_little_wall_time_says_nothing_and_a_seek_back_starts_afresh() {
        let mut m = SpeedMeter::default();
        m.frame(0.0, 0);
        m.frame(100.0, 100);
        assert_eq!(m.achieved_speed(), None);
        for i in 2..20u64 {
            m.frame(100.0, i * 100);
        }
        assert!(m.achieved_speed().is_some());
        m.frame(16.0, 50);
        assert_eq!(m.achieved_speed(), None);
    }

    #[test]
    fn the_window_forgets_old_frames() {
        let mut m = SpeedMeter::default();
        // 5 s at 1×, then 3 s at 2×: the window sees only the 2× part.
        let mut sim = 0;
        for _ in 0..50 {
            sim += 100;
            m.frame(100.0, sim);
        }
        for _ in 0..30 {
            sim += 200;
            m.frame(100.0, sim);
        }
        let s = m.achieved_speed().unwrap();
        assert!((s - 2.0).abs() < 1e-9, "{s}");
    }
}
