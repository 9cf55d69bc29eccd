//! The acknowledged records still in a partition leader's log, kept to count the ones a leader
//! change loses. A deque in offset order rather than a map, because acknowledgements come in
//! offset order: each is a push at the back and the retention trim a pop at the front, where a
//! `BTreeMap` paid a tree search and rebalancing per record (about 9% of a keyed RF 3 run).

use std::collections::VecDeque;

/// `(offset, record id, producer)` in offset order, at most one per offset.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AckedRecords {
    entries: VecDeque<(u64, u64, u32)>,
}

impl AckedRecords {
    /// Notes that the record `id` of `producer` at `offset` was acknowledged; it replaces what
    /// was noted at that offset before.
    pub fn insert(&mut self, offset: u64, id: u64, producer: u32) {
        match self.entries.back() {
            Some(&(last, _, _)) if last >= offset => {
                match self.entries.binary_search_by_key(&offset, |&(o, _, _)| o) {
                    Ok(i) => self.entries[i] = (offset, id, producer),
                    Err(i) => self.entries.insert(i, (offset, id, producer)),
                }
            }
            _ => self.entries.push_back((offset, id, producer)),
        }
    }

    /// Forgets the records below `offset` (no longer kept, so never checked).
    pub fn forget_below(&mut self, offset: u64) {
        while self.entries.front().is_some_and(|&(o, _, _)| o < offset) {
            self.entries.pop_front();
        }
    }

    /// Removes the records for which `gone(offset, id)` holds, returning their producers in
    /// offset order.
    pub fn remove_gone(&mut self, mut gone: impl FnMut(u64, u64) -> bool) -> Vec<u32> {
        let mut producers = Vec::new();
        self.entries.retain(|&(offset, id, producer)| {
            let is_gone = gone(offset, id);
            if is_gone {
                producers.push(producer);
            }
            !is_gone
        });
        producers
    }

    /// `(offset, record id, producer)` of each, in offset order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64, u32)> + '_ {
        self.entries.iter().copied()
    }

    /// How many are noted.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::AckedRecords;

    #[test]
    fn keeps_offset_order_and_replaces_an_offset_noted_twice() {
        let mut acked = AckedRecords::default();
        acked.insert(5, 50, 0);
        acked.insert(7, 70, 1);
        acked.insert(6, 60, 0);
        acked.insert(7, 71, 2);
        let all: Vec<_> = acked.iter().collect();
        assert_eq!(all, vec![(5, 50, 0), (6, 60, 0), (7, 71, 2)]);
        acked.forget_below(6);
        assert_eq!(acked.len(), 2);
        assert_eq!(acked.remove_gone(|offset, _| offset == 7), vec![2]);
        assert_eq!(acked.iter().collect::<Vec<_>>(), vec![(6, 60, 0)]);
    }
}
