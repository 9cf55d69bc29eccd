//! The ledger of a consumer group: what happened to each record after the producer wrote it
//! (returned by a poll, processed, passed by the committed offset), so the playground can say
//! which delivery guarantee a configuration actually gave: records **lost** (committed past
//! but never processed, and nobody left to process them), **processed twice**, and **processed
//! out of per-key order**.
//!
//! A record is followed by its identity, the producer's record id (what the producer id and
//! sequence number give Kafka's broker; a retried copy keeps it), kept beside its offset: after
//! a truncation, a new record that reuses an offset is a new record, not a duplicate, and the
//! processings of a record truncated away stay counted.
//!
//! Memory is bounded independently of run length: per partition only the offsets between the
//! oldest unsettled one (at or below the committed offset) and the highest consumed one are
//! kept, at most `LEDGER_WINDOW_MAX`; older ones are dropped and `truncated` is set. Records
//! processed again below that window are counted as duplicates (they were settled: processed
//! or judged lost).

use super::limits;
use crate::engine::assignor::TopicPartition;
use crate::engine::interner::FnvHasher;
use std::collections::{HashMap, VecDeque};
use std::hash::BuildHasherDefault;
use std::rc::Rc;

/// The ledger's totals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LedgerCounts {
    /// Records returned by a poll (each time).
    pub consumed: u64,
    /// Record processings (each time).
    pub processed: u64,
    /// Records the committed offset moved past.
    pub committed: u64,
    /// Records lost.
    pub lost: u64,
    /// Processings of a record that had already been processed.
    pub duplicated: u64,
    /// First processings of a record after a later record of its entity.
    pub out_of_order: u64,
    /// Records a member's position fell behind: deleted (or no longer held) before it read them.
    pub skipped_by_retention: u64,
}

/// One flagged record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerInstance {
    /// When it was flagged, in ms.
    pub at_ms: u64,
    /// The member involved (the one that processed it, dropped it or committed past it).
    pub member: String,
    /// Its partition.
    pub tp: TopicPartition,
    /// Its offset.
    pub offset: u64,
    /// Its key.
    pub key: Option<Rc<str>>,
}

/// The ledger's summary for the page and the report.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerSummary {
    /// Totals.
    pub counts: LedgerCounts,
    /// The first lost records.
    pub lost: Vec<LedgerInstance>,
    /// The first duplicate processings.
    pub duplicates: Vec<LedgerInstance>,
    /// The first out-of-order processings.
    pub out_of_order: Vec<LedgerInstance>,
    /// Whether some offsets fell out of a partition window (counts may then miss some).
    pub truncated: bool,
    /// Whether some entities were not audited for order.
    pub entities_truncated: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Slot {
    /// The record's identity (`Record::id`); `PLACEHOLDER` for an offset skipped by a reset.
    record_id: u64,
    processed: u8,
    in_flight: u8,
    lost: bool,
    key: Option<Rc<str>>,
}

/// The identity of a slot no record was consumed at (an offset a reset skipped).
const PLACEHOLDER: u64 = u64::MAX;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Track {
    /// Offset of `slots[0]`.
    base: u64,
    slots: VecDeque<Slot>,
    committed: Option<u64>,
}

impl Track {
    fn slot(&mut self, offset: u64) -> Option<&mut Slot> {
        let i = offset.checked_sub(self.base)?;
        self.slots.get_mut(usize::try_from(i).ok()?)
    }

    /// Drops the settled offsets below the committed one.
    fn settle(&mut self) {
        let Some(committed) = self.committed else {
            return;
        };
        while self.base < committed {
            match self.slots.front() {
                Some(s) if s.in_flight == 0 && (s.processed > 0 || s.lost) => {
                    self.slots.pop_front();
                    self.base += 1;
                }
                Some(_) => break,
                None => {
                    self.base = committed;
                    break;
                }
            }
        }
    }
}

/// The group's ledger.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupLedger {
    /// Per partition. Looked up for every record consumed and processed, and only ever summed
    /// over, never iterated in order: a hash map (the engine's fixed FNV-1a), where a tree paid
    /// a topic-name compare per level.
    tracks: HashMap<TopicPartition, Track, BuildHasherDefault<FnvHasher>>,
    /// Per entity, the highest sequence number processed. Only looked up, never iterated, so a
    /// hash map (with the engine's fixed FNV-1a) instead of a tree searched by string compares.
    entities: HashMap<Rc<str>, u64, BuildHasherDefault<FnvHasher>>,
    summary: LedgerSummary,
}

fn push_bounded(list: &mut Vec<LedgerInstance>, instance: LedgerInstance) {
    if list.len() < limits::LEDGER_INSTANCES_MAX {
        list.push(instance);
    }
}

impl GroupLedger {
    /// The summary so far.
    pub fn summary(&self) -> &LedgerSummary {
        &self.summary
    }

    /// Offsets tracked now, over all partitions (for memory-bound checks).
    pub fn tracked_offsets(&self) -> usize {
        self.tracks.values().map(|t| t.slots.len()).sum()
    }

    /// Entities audited now.
    pub fn tracked_entities(&self) -> usize {
        self.entities.len()
    }

    /// `poll()` returned the record at `offset` to `member`, who now holds it.
    pub fn consumed(
        &mut self,
        tp: &TopicPartition,
        offset: u64,
        record_id: u64,
        key: Option<Rc<str>>,
    ) {
        self.summary.counts.consumed += 1;
        // Looked up before inserting, so that the common case clones no topic name.
        let track = match self.tracks.get_mut(tp) {
            Some(track) => track,
            None => self.tracks.entry(tp.clone()).or_default(),
        };
        if track.slots.is_empty() && offset >= track.base {
            track.base = offset;
        }
        if offset < track.base {
            return;
        }
        let end = track.base + track.slots.len() as u64;
        if offset >= end {
            // Offsets skipped (by a reset) are kept as settled placeholders so the window stays
            // contiguous; they count as processed so they never read as lost.
            for _ in end..offset {
                track.slots.push_back(Slot {
                    record_id: PLACEHOLDER,
                    processed: 1,
                    ..Slot::default()
                });
            }
            track.slots.push_back(Slot {
                record_id,
                key,
                ..Slot::default()
            });
        } else if let Some(slot) = track.slot(offset) {
            if slot.record_id != record_id {
                // Another record at this offset: the log was truncated and the offset reused
                // (or a reset skipped it). What the old record went through stays counted.
                *slot = Slot {
                    record_id,
                    key,
                    ..Slot::default()
                };
            }
        }
        if let Some(slot) = track.slot(offset) {
            slot.in_flight = slot.in_flight.saturating_add(1);
        }
        while track.slots.len() > limits::LEDGER_WINDOW_MAX {
            track.slots.pop_front();
            track.base += 1;
            self.summary.truncated = true;
        }
    }

    /// `member` finished processing a record it held.
    #[allow(clippy::too_many_arguments)]
    pub fn processed(
        &mut self,
        at_ms: u64,
        member: &str,
        tp: &TopicPartition,
        offset: u64,
        record_id: u64,
        key: Option<&Rc<str>>,
        entity: Option<&Rc<str>>,
        seq: u64,
    ) {
        self.summary.counts.processed += 1;
        let instance = || LedgerInstance {
            at_ms,
            member: member.to_string(),
            tp: tp.clone(),
            offset,
            key: key.cloned(),
        };
        let mut track = self.tracks.get_mut(tp);
        // Above the window's end: its offset was truncated away while it was held.
        let above = track
            .as_ref()
            .is_some_and(|t| offset >= t.base + t.slots.len() as u64);
        let first = match track.as_mut().and_then(|t| t.slot(offset)) {
            // A record whose offset a new record took after a truncation, processed once more
            // while its slot follows the new one: not a second processing of the new record.
            Some(slot) if slot.record_id != record_id => true,
            Some(slot) => {
                slot.in_flight = slot.in_flight.saturating_sub(1);
                slot.processed = slot.processed.saturating_add(1);
                slot.processed == 1
            }
            None => above,
        };
        if !first {
            self.summary.counts.duplicated += 1;
            push_bounded(&mut self.summary.duplicates, instance());
        } else if let Some(entity) = entity {
            let room = self.entities.len() < limits::LEDGER_ENTITIES_MAX;
            match self.entities.get_mut(entity) {
                Some(highest) if *highest > seq => {
                    self.summary.counts.out_of_order += 1;
                    push_bounded(&mut self.summary.out_of_order, instance());
                }
                Some(highest) => *highest = seq,
                None if room => {
                    self.entities.insert(entity.clone(), seq);
                }
                None => self.summary.entities_truncated = true,
            }
        }
        if let Some(track) = track {
            track.settle();
        }
    }

    /// A position at `position` found the log starting at `log_start`: the records between
    /// are skipped (`Fetcher`'s OFFSET_OUT_OF_RANGE, then the reset).
    pub fn fell_behind(&mut self, position: u64, log_start: u64) {
        self.summary.counts.skipped_by_retention += log_start.saturating_sub(position);
    }

    /// `member` let go of a record without processing it (crash, failure).
    pub fn dropped(
        &mut self,
        at_ms: u64,
        member: &str,
        tp: &TopicPartition,
        offset: u64,
        record_id: u64,
    ) {
        let Some(track) = self.tracks.get_mut(tp) else {
            return;
        };
        let committed = track.committed;
        let Some(slot) = track.slot(offset) else {
            return;
        };
        if slot.record_id != record_id {
            return;
        }
        slot.in_flight = slot.in_flight.saturating_sub(1);
        if slot.in_flight == 0
            && slot.processed == 0
            && !slot.lost
            && committed.is_some_and(|c| offset < c)
        {
            slot.lost = true;
            let key = slot.key.clone();
            self.summary.counts.lost += 1;
            push_bounded(
                &mut self.summary.lost,
                LedgerInstance {
                    at_ms,
                    member: member.to_string(),
                    tp: tp.clone(),
                    offset,
                    key,
                },
            );
        }
        self.settle(tp);
    }

    /// The group's committed offset of `tp` became `offset` (a commit by `member`).
    pub fn committed(&mut self, at_ms: u64, member: &str, tp: &TopicPartition, offset: u64) {
        let track = self.tracks.entry(tp.clone()).or_default();
        let old = track.committed;
        track.committed = Some(offset);
        let prev = match old {
            Some(o) => o,
            None if track.slots.is_empty() => offset,
            None => track.base,
        };
        self.summary.counts.committed += offset.saturating_sub(prev);
        let from = prev.max(track.base);
        if offset > from {
            let end = (track.base + track.slots.len() as u64).min(offset);
            for o in from..end {
                let Some(slot) = track.slot(o) else { continue };
                if slot.processed == 0 && slot.in_flight == 0 && !slot.lost {
                    slot.lost = true;
                    let key = slot.key.clone();
                    self.summary.counts.lost += 1;
                    push_bounded(
                        &mut self.summary.lost,
                        LedgerInstance {
                            at_ms,
                            member: member.to_string(),
                            tp: tp.clone(),
                            offset: o,
                            key,
                        },
                    );
                }
            }
        }
        self.settle(tp);
    }

    /// A member found `tp`'s log diverged from `offset` on (KIP-320): the records it tracked
    /// there are gone (what they went through stays counted), the records the log holds there
    /// now are new ones, and the committed offset, past records no longer in the log, stands
    /// at `offset` for them: a commit past a new record not processed still loses it.
    pub fn truncated(&mut self, tp: &TopicPartition, offset: u64) {
        let Some(track) = self.tracks.get_mut(tp) else {
            return;
        };
        match offset.checked_sub(track.base) {
            Some(kept) => track
                .slots
                .truncate(usize::try_from(kept).unwrap_or(usize::MAX)),
            None => {
                track.slots.clear();
                track.base = offset;
            }
        }
        if track.committed.is_some_and(|c| c > offset) {
            track.committed = Some(offset);
        }
    }

    /// Drops settled offsets below the committed offset from the front of the window.
    fn settle(&mut self, tp: &TopicPartition) {
        if let Some(track) = self.tracks.get_mut(tp) {
            track.settle();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tp() -> TopicPartition {
        TopicPartition {
            topic: "t".to_string(),
            partition: 0,
        }
    }

    #[test]
    fn commit_past_unprocessed_then_drop_is_lost() {
        let mut l = GroupLedger::default();
        for o in 0..3 {
            l.consumed(&tp(), o, o, None);
        }
        l.committed(1, "a", &tp(), 3);
        assert_eq!(l.summary().counts.lost, 0, "still held");
        l.processed(2, "a", &tp(), 0, 0, None, None, 0);
        l.dropped(3, "a", &tp(), 1, 1);
        l.dropped(3, "a", &tp(), 2, 2);
        assert_eq!(l.summary().counts.lost, 2);
        assert_eq!(l.tracked_offsets(), 0);
    }

    #[test]
    fn reprocessing_counts_duplicates_and_not_out_of_order() {
        let mut l = GroupLedger::default();
        let e: Rc<str> = Rc::from("k");
        for o in 0..2 {
            l.consumed(&tp(), o, o, None);
            l.processed(1, "a", &tp(), o, o, None, Some(&e), o);
        }
        l.dropped(2, "a", &tp(), 5, 5);
        for o in 0..2 {
            l.consumed(&tp(), o, o, None);
            l.processed(3, "b", &tp(), o, o, None, Some(&e), o);
        }
        let c = l.summary().counts;
        assert_eq!((c.duplicated, c.out_of_order, c.lost), (2, 0, 0));
    }

    #[test]
    fn later_seq_first_is_out_of_order() {
        let mut l = GroupLedger::default();
        let e: Rc<str> = Rc::from("k");
        l.consumed(&tp(), 0, 0, None);
        l.consumed(&tp(), 1, 1, None);
        l.processed(1, "a", &tp(), 1, 1, None, Some(&e), 1);
        l.processed(2, "a", &tp(), 0, 0, None, Some(&e), 0);
        assert_eq!(l.summary().counts.out_of_order, 1);
    }

    #[test]
    fn a_new_record_at_a_reused_offset_is_not_a_duplicate() {
        // Item 5 of issue 12: after an unclean election the new leader's records take the
        // offsets of the ones truncated away (Kafka's `Partition.makeLeader` keeps the new
        // leader's log; the consumer seeks back by `SubscriptionState.maybeCompleteValidation`).
        let mut l = GroupLedger::default();
        for o in 0..4 {
            l.consumed(&tp(), o, o, None);
            l.processed(1, "a", &tp(), o, o, None, None, 0);
        }
        l.committed(2, "a", &tp(), 4);
        l.truncated(&tp(), 2);
        for o in 2..5 {
            l.consumed(&tp(), o, 100 + o, None);
            l.processed(3, "a", &tp(), o, 100 + o, None, None, 0);
        }
        let c = l.summary().counts;
        assert_eq!((c.processed, c.duplicated, c.lost), (7, 0, 0));
        // The same record read again is still a duplicate.
        l.consumed(&tp(), 4, 104, None);
        l.processed(4, "a", &tp(), 4, 104, None, None, 0);
        assert_eq!(l.summary().counts.duplicated, 1);
    }

    #[test]
    fn a_record_held_while_its_offset_is_truncated_is_processed_once() {
        let mut l = GroupLedger::default();
        for o in 0..3 {
            l.consumed(&tp(), o, o, None);
        }
        l.truncated(&tp(), 1);
        l.consumed(&tp(), 1, 101, None);
        for (o, id) in [(0, 0), (1, 1), (2, 2), (1, 101)] {
            l.processed(1, "a", &tp(), o, id, None, None, 0);
        }
        assert_eq!(l.summary().counts.duplicated, 0);
    }

    #[test]
    fn a_commit_past_an_unprocessed_record_after_truncation_loses_it() {
        let mut l = GroupLedger::default();
        for o in 0..4 {
            l.consumed(&tp(), o, o, None);
            l.processed(1, "a", &tp(), o, o, None, None, 0);
        }
        l.committed(2, "a", &tp(), 4);
        l.truncated(&tp(), 2);
        l.consumed(&tp(), 2, 102, None);
        l.consumed(&tp(), 3, 103, None);
        l.processed(3, "a", &tp(), 2, 102, None, None, 0);
        l.committed(4, "a", &tp(), 4);
        l.dropped(5, "a", &tp(), 3, 103);
        assert_eq!(l.summary().counts.lost, 1);
    }
}
