//! The one `(time, seq)` event queue: every part of the engine that schedules happenings (the
//! producers and brokers, each consumer group) keeps its own `EventQueue`, and events at the same
//! millisecond run in the order they were pushed, so a run never depends on anything but its
//! inputs.

use std::collections::{BTreeMap, VecDeque};

/// Pending items ordered by `(at_ms, seq)`, where `seq` counts pushes: ties run first in, first out.
///
/// Most far-off timers are set at `now + a constant` (a consumer's poll timer, every poll, at
/// `max.poll.interval.ms`; a batch's delivery at the producer's latency), so they are pushed in
/// time order. Those go to a plain FIFO lane, which holds items in `(at_ms, seq)` order by
/// construction; only the rest go to the tree. The stale poll timers, one per poll for five
/// minutes of sim time, made the tree deep and were the costliest part of a busy group. Every
/// pop takes the smaller head of the two, so the order is exactly the one tree's.
#[derive(Clone, Debug)]
pub(crate) struct EventQueue<T> {
    entries: BTreeMap<(u64, u64), T>,
    /// Items each at or after the one before, in push order: `(at_ms, seq, item)`.
    lane: VecDeque<(u64, u64, T)>,
    next_seq: u64,
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue {
            entries: BTreeMap::new(),
            lane: VecDeque::new(),
            next_seq: 0,
        }
    }
}

impl<T> EventQueue<T> {
    /// Schedules `item` at `at_ms`, after everything already scheduled at that time.
    pub(crate) fn push(&mut self, at_ms: u64, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        if self.lane.back().is_none_or(|&(last, _, _)| last <= at_ms) {
            self.lane.push_back((at_ms, seq, item));
        } else {
            self.entries.insert((at_ms, seq), item);
        }
    }

    /// Whether the lane's head runs before the tree's.
    fn lane_first(&self) -> Option<bool> {
        match (self.lane.front(), self.entries.keys().next()) {
            (Some(&(at, seq, _)), Some(&key)) => Some((at, seq) < key),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }

    /// When the earliest item is due, if any.
    pub(crate) fn next_at_ms(&self) -> Option<u64> {
        let lane = self.lane.front().map(|&(at, _, _)| at);
        let tree = self.entries.keys().next().map(|&(at, _)| at);
        lane.into_iter().chain(tree).min()
    }

    /// Removes and returns the earliest item if it is due at exactly `at_ms`.
    pub(crate) fn pop_at(&mut self, at_ms: u64) -> Option<T> {
        if self.next_at_ms()? != at_ms {
            return None;
        }
        self.pop_first().map(|(_, item)| item)
    }

    /// Removes and returns the earliest item with its time, whatever that time is.
    pub(crate) fn pop_first(&mut self) -> Option<(u64, T)> {
        if self.lane_first()? {
            self.lane.pop_front().map(|(at, _, item)| (at, item))
        } else {
            self.entries.pop_first().map(|((at, _), item)| (at, item))
        }
    }

    /// Every pending item with its time, in the order they will run.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &T)> + '_ {
        let mut tree = self
            .entries
            .iter()
            .map(|(&(at, seq), item)| (at, seq, item))
            .peekable();
        let mut lane = self
            .lane
            .iter()
            .map(|(at, seq, item)| (*at, *seq, item))
            .peekable();
        std::iter::from_fn(move || {
            let from_lane = match (lane.peek(), tree.peek()) {
                (Some(a), Some(b)) => (a.0, a.1) < (b.0, b.1),
                (Some(_), None) => true,
                (None, _) => false,
            };
            let (at, _, item) = if from_lane { lane.next() } else { tree.next() }?;
            Some((at, item))
        })
    }

    /// Every pending item, in the order they will run.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.iter().map(|(_, item)| item)
    }

    /// How many items are pending.
    pub(crate) fn len(&self) -> usize {
        self.entries.len() + self.lane.len()
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

    #[test]
    fn the_lane_and_the_tree_interleave_in_time_then_push_order() {
        // Pushes in and out of time order, with ties on both sides.
        let pushes = [
            (5, 'a'),
            (9, 'b'),
            (3, 'c'),
            (9, 'd'),
            (5, 'e'),
            (12, 'f'),
            (9, 'g'),
            (1, 'h'),
        ];
        let mut q = EventQueue::default();
        for (at, item) in pushes {
            q.push(at, item);
        }
        let mut expected: Vec<(u64, usize, char)> = pushes
            .iter()
            .enumerate()
            .map(|(seq, &(at, item))| (at, seq, item))
            .collect();
        expected.sort();
        let order: Vec<(u64, char)> = expected.iter().map(|&(at, _, c)| (at, c)).collect();
        assert_eq!(q.iter().map(|(at, &c)| (at, c)).collect::<Vec<_>>(), order);
        assert_eq!(q.pop_at(5), None, "1 is due first");
        let mut popped = Vec::new();
        while let Some(next) = q.pop_first() {
            popped.push(next);
        }
        assert_eq!(popped, order);
    }
}
