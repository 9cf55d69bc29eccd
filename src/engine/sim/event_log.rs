//! The run's event log: every event goes through here, so the page's list, the CLI's full
//! trace and the determinism hash can never disagree about what happened.

use crate::engine::event::Event;
use crate::engine::limits;
use crate::engine::trace::TraceHasher;
use std::collections::VecDeque;

/// The event log: a bounded window for display, a hash of everything, and optionally all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLog {
    /// The newest events, oldest first, at most `limits::RECENT_EVENTS_MAX`.
    pub recent: VecDeque<Event>,
    /// Events over the whole run.
    pub total: u64,
    /// Every event, when capture was asked for (the CLI's `--trace`).
    pub captured: Option<Vec<Event>>,
    hasher: TraceHasher,
}

impl EventLog {
    pub(super) fn push(&mut self, event: Event) {
        event.hash_into(&mut self.hasher);
        self.total += 1;
        if let Some(all) = &mut self.captured {
            all.push(event.clone());
        }
        if self.recent.len() == limits::RECENT_EVENTS_MAX {
            self.recent.pop_front();
        }
        self.recent.push_back(event);
    }

    /// The FNV-1a hash of every event so far.
    pub fn hash(&self) -> u64 {
        self.hasher.finish()
    }
}
