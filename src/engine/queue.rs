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
/// pop takes the smallest head, so the order is exactly the one tree's.
///
/// Items for the instant being processed (a consumer's next step at `now`, one per record it
/// processes) go to a second FIFO lane: pops run in time order, so when the first item of a
/// later time is popped, nothing is left at the earlier one, and that lane holds the current
/// instant's items in push order.
#[derive(Clone, Debug)]
pub(crate) struct EventQueue<T> {
    entries: BTreeMap<(u64, u64), T>,
    /// Items each at or after the one before, in push order: `(at_ms, seq, item)`.
    lane: VecDeque<(u64, u64, T)>,
    /// Items at `current_ms` (or earlier instants, already emptied), in push order.
    now_lane: VecDeque<(u64, u64, T)>,
    /// The time of the latest pop.
    current_ms: u64,
    /// The tree's first key, kept so that finding the earliest item reads three fronts and no
    /// tree path (the groups ask for it several times per event).
    tree_first: Option<(u64, u64)>,
    /// The earliest item's `(at_ms, seq)` and where it is.
    head: Option<((u64, u64), Source)>,
    next_seq: u64,
}

impl<T> Default for EventQueue<T> {
    fn default() -> Self {
        EventQueue {
            entries: BTreeMap::new(),
            lane: VecDeque::new(),
            now_lane: VecDeque::new(),
            current_ms: 0,
            tree_first: None,
            head: None,
            next_seq: 0,
        }
    }
}

impl<T> EventQueue<T> {
    /// Schedules `item` at `at_ms`, after everything already scheduled at that time.
    pub(crate) fn push(&mut self, at_ms: u64, item: T) {
        let seq = self.next_seq;
        self.next_seq += 1;
        // Each lane takes an item only at or after its last one, so each stays in
        // `(at_ms, seq)` order whatever the caller pushes.
        let fits =
            |lane: &VecDeque<(u64, u64, T)>| lane.back().is_none_or(|&(last, _, _)| last <= at_ms);
        let key = (at_ms, seq);
        let source = if at_ms == self.current_ms && fits(&self.now_lane) {
            self.now_lane.push_back((at_ms, seq, item));
            Source::Now
        } else if fits(&self.lane) {
            self.lane.push_back((at_ms, seq, item));
            Source::Lane
        } else {
            self.entries.insert(key, item);
            if self.tree_first.is_none_or(|first| key < first) {
                self.tree_first = Some(key);
            }
            Source::Tree
        };
        if self.head.is_none_or(|(first, _)| key < first) {
            self.head = Some((key, source));
        }
    }

    /// Finds the earliest item again after a pop.
    fn refresh_head(&mut self) {
        let mut head = self.tree_first.map(|key| (key, Source::Tree));
        for (lane, source) in [(&self.lane, Source::Lane), (&self.now_lane, Source::Now)] {
            if let Some(&(at, seq, _)) = lane.front() {
                if head.is_none_or(|(first, _)| (at, seq) < first) {
                    head = Some(((at, seq), source));
                }
            }
        }
        self.head = head;
    }

    /// When the earliest item is due, if any.
    pub(crate) fn next_at_ms(&self) -> Option<u64> {
        self.head.map(|((at, _), _)| at)
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
        let (at, item) = match self.head?.1 {
            Source::Now => self.now_lane.pop_front().map(|(at, _, item)| (at, item)),
            Source::Lane => self.lane.pop_front().map(|(at, _, item)| (at, item)),
            Source::Tree => {
                let popped = self.entries.pop_first().map(|((at, _), item)| (at, item));
                self.tree_first = self.entries.keys().next().copied();
                popped
            }
        }?;
        self.refresh_head();
        self.current_ms = at;
        Some((at, item))
    }

    /// Every pending item with its time, in the order they will run.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, &T)> + '_ {
        let lanes = [&self.now_lane, &self.lane].map(|lane| {
            lane.iter()
                .map(|(at, seq, item)| (*at, *seq, item))
                .peekable()
        });
        let tree = self
            .entries
            .iter()
            .map(|(&(at, seq), item)| (at, seq, item))
            .peekable();
        let [mut now, mut lane] = lanes;
        let mut tree = tree;
        std::iter::from_fn(move || {
            let heads = [now.peek(), lane.peek(), tree.peek()].map(|h| h.map(|&(a, s, _)| (a, s)));
            let k = (0..3)
                .filter(|&k| heads[k].is_some())
                .min_by_key(|&k| heads[k])?;
            let (at, _, item) = match k {
                0 => now.next(),
                1 => lane.next(),
                _ => tree.next(),
            }?;
            Some((at, item))
        })
    }

    /// Every pending item, in the order they will run.
    pub(crate) fn values(&self) -> impl Iterator<Item = &T> + '_ {
        self.iter().map(|(_, item)| item)
    }

    /// How many items are pending.
    pub(crate) fn len(&self) -> usize {
        self.entries.len() + self.lane.len() + self.now_lane.len()
    }
}

/// Which part of the queue an item is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Source {
    Now,
    Lane,
    Tree,
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

    #[test]
    fn items_for_the_current_instant_run_after_those_already_there() {
        let mut q = EventQueue::default();
        q.push(4, "a");
        q.push(4, "b");
        q.push(300, "timer");
        q.push(6, "later");
        assert_eq!(q.pop_first(), Some((4, "a")));
        // Pushed while 4 is being processed: after "b", before anything later.
        q.push(4, "c");
        q.push(4, "d");
        let rest: Vec<_> = q.iter().map(|(at, &s)| (at, s)).collect();
        assert_eq!(
            rest,
            [(4, "b"), (4, "c"), (4, "d"), (6, "later"), (300, "timer")]
        );
        assert_eq!(q.pop_at(4), Some("b"));
        assert_eq!(q.pop_at(4), Some("c"));
        q.push(4, "e");
        assert_eq!(q.pop_at(4), Some("d"));
        assert_eq!(q.pop_at(4), Some("e"));
        assert_eq!(q.pop_at(4), None);
        assert_eq!(q.pop_first(), Some((6, "later")));
        q.push(6, "f");
        assert_eq!(q.len(), 2);
        assert_eq!(q.pop_first(), Some((6, "f")));
        assert_eq!(q.pop_first(), Some((300, "timer")));
    }
}
