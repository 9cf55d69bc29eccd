//! The ordering audit: Kafka keeps order only within a partition, so the run follows each
//! entity (a key, or an order id) and notes when its records land in a second partition,
//! from which point its order is no longer guaranteed.

use crate::engine::interner::Interner;
use crate::engine::limits;
use std::rc::Rc;

/// The first time an entity's records landed in a second partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    /// The entity (key, or order id).
    pub entity: Rc<str>,
    /// When, in ms.
    pub at_ms: u64,
    /// The partition its earlier records are in.
    pub from: u32,
    /// The partition this record went to.
    pub to: u32,
    /// This record's offset there: from here on, per-key order is not guaranteed.
    pub offset: u64,
}

/// No record of the entity has been appended yet.
pub(super) const NOWHERE: u32 = u32::MAX;

/// The ordering audit: which entities' records are spread over more than one partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderAudit {
    entities: Interner,
    /// Per entity id: the next sequence number the producer gives it.
    next_seq: Vec<u64>,
    /// Per entity id: the partition its latest appended record is in.
    placement: Vec<u32>,
    /// Per entity id: whether its records span partitions.
    is_split: Vec<bool>,
    /// Entities whose records span partitions.
    pub entities_split: u64,
    /// The first splits, in time order (at most `limits::SPLITS_LISTED_MAX`).
    pub first_splits: Vec<Split>,
    /// Times an entity's record landed in another partition than its previous one.
    pub moves: u64,
    /// True when more entities were seen than are audited.
    pub truncated: bool,
}

impl OrderAudit {
    /// Entities being audited.
    pub fn entities_audited(&self) -> usize {
        self.entities.len()
    }

    fn entity_id(&mut self, entity: &Rc<str>) -> Option<u32> {
        let id = self.entities.intern(entity, limits::AUDITED_ENTITIES_MAX);
        match id {
            None => self.truncated = true,
            Some(id) if id as usize == self.next_seq.len() => {
                self.next_seq.push(0);
                self.placement.push(NOWHERE);
                self.is_split.push(false);
            }
            Some(_) => {}
        }
        id
    }

    /// The audit's id for `entity` (`NOWHERE`: none, or not audited).
    pub(super) fn audit_id(&mut self, entity: &Option<Rc<str>>) -> u32 {
        entity
            .as_ref()
            .and_then(|e| self.entity_id(e))
            .unwrap_or(NOWHERE)
    }

    /// The next sequence number of the audited entity `id` (0 for `NOWHERE`).
    pub(super) fn next_seq(&mut self, id: u32) -> u64 {
        let Some(seq) = self.next_seq.get_mut(id as usize) else {
            return 0;
        };
        *seq += 1;
        *seq - 1
    }

    /// Notes where an entity's record landed; a record in another partition than the entity's
    /// previous one means its order is no longer guaranteed from here on. Returns the split to
    /// log, if any.
    pub(super) fn note_placement(
        &mut self,
        id: u32,
        entity: Rc<str>,
        partition: u32,
        offset: u64,
        now_ms: u64,
    ) -> Option<Split> {
        let id = id as usize;
        let previous = std::mem::replace(&mut self.placement[id], partition);
        if previous == partition || previous == NOWHERE {
            return None;
        }
        let first_time = !self.is_split[id];
        if first_time {
            self.is_split[id] = true;
            self.entities_split += 1;
        }
        let split = Split {
            entity,
            at_ms: now_ms,
            from: previous,
            to: partition,
            offset,
        };
        if first_time && self.first_splits.len() < limits::SPLITS_LISTED_MAX {
            self.first_splits.push(split.clone());
        }
        self.moves += 1;
        Some(split)
    }
}
