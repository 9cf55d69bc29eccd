//! The one `(time, seq)` event queue: every part of the engine that schedules happenings (the
//! producers and brokers, each consumer group) keeps its own `EventQueue`, and events at the same
//! millisecond run in the order they were pushed, so a run never depends on anything but its
//! inputs.

use std::collections::BTreeMap;

/// Pending items ordered by `(at_ms, seq)`, where `seq` counts pushes: ties run first in, first out.
#[derive(Clone, Debug)]
pub(crate) struct EventQueue<T> {
    entries: BTreeMap<(u64, u64), T>,
    next_seq: u64,
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue {
            entries: BTreeMap::new(),
            next_seq: 0,
        }
    }
}

impl<T> EventQueue<T> {
    /// Schedules `item` at `at_ms`, after everything already scheduled at that time.
    pub(crate) fn push(&mut self, at_ms: u64, item: T) {
        self.entries.insert((at_ms, self.next_seq), item);
        self.next_seq += 1;
    }

    /// When the earliest item is due, if any.
    pub(crate) fn next_at_ms(&self) -> Option<u64> {
        self.entries.keys().next().map(|&(at, _)| at)
    }

    /// Removes and returns the earliest item if it is due at exactly `at_ms`.
    pub(crate) fn pop_at(&mut self, at_ms: u64) -> Option<T> {
        let entry = self.entries.first_entry()?;
        (entry.key().0 == at_ms).then(|| entry.remove())
    }

    /// Removes and returns the earliest item with its time, whatever that time is.
    pub(crate) fn pop_first(&mut self) -> Option<(u64, T)> {
        self.entries.pop_first().map(|((at, _), item)| (at, item))
    }

    /// Every pending item with its time, in the order they will run.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &T)> + '_ {
        self.entries.iter().map(|(&(at, _), item)| (at, item))
    }

    /// Every pending item, in the order they will run.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.entries.values()
    }

    /// How many items are pending.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_time_runs_in_push_order_and_earlier_times_first() {
        let mut q = EventQueue::default();
        q.push(5, "b");
        q.push(3, "a");
        q.push(5, "c");
        assert_eq!(q.next_at_ms(), Some(3));
        assert_eq!(q.pop_at(5), None, "3 is due first");
        assert_eq!(q.pop_at(3), Some("a"));
        assert_eq!(q.pop_first(), Some((5, "b")));
        assert_eq!(q.pop_at(5), Some("c"));
        assert_eq!(q.len(), 0);
    }
}
