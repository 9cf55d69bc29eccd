//! `LeaderEpochFileCache`: which leader epoch began at which offset. A restarted follower asks
//! the leader for the end of its latest epoch (KIP-101/279) and truncates what the new leader
//! never had; this cache answers both sides of that question.

/// `LeaderEpochFileCache`: `(epoch, start offset)` entries in epoch order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EpochCache {
    /// The entries, oldest epoch first.
    pub entries: Vec<(u32, u64)>,
}

impl EpochCache {
    /// `assign`: a new epoch starting at `start`; drops entries with an epoch at or above it or a
    /// start offset at or above its start. Nothing changes when it is already the latest entry.
    pub fn assign(&mut self, epoch: u32, start: u64) {
        if let Some(&(e, s)) = self.entries.last() {
            if e == epoch && s <= start {
                return;
            }
        }
        self.entries.retain(|&(e, s)| e < epoch && s < start);
        self.entries.push((epoch, start));
    }

    /// The latest epoch, if any.
    pub fn latest_epoch(&self) -> Option<u32> {
        self.entries.last().map(|&(e, _)| e)
    }

    /// `endOffsetFor(requested, logEndOffset)`: `(-1, -1)` when undefined.
    pub fn end_offset_for(&self, requested: i64, log_end_offset: u64) -> (i64, i64) {
        if requested < 0 {
            return (-1, -1);
        }
        if self.latest_epoch().map(i64::from) == Some(requested) {
            return (requested, log_end_offset as i64);
        }
        let Some(&(_, higher_start)) = self
            .entries
            .iter()
            .find(|&&(e, _)| i64::from(e) > requested)
        else {
            return (-1, -1);
        };
        match self
            .entries
            .iter()
            .rev()
            .find(|&&(e, _)| i64::from(e) <= requested)
        {
            Some(&(floor, _)) => (i64::from(floor), higher_start as i64),
            None => (requested, higher_start as i64),
        }
    }

    /// `truncateFromEnd`: drops entries starting at or after `offset`.
    pub fn truncate_from_end(&mut self, offset: u64) {
        self.entries.retain(|&(_, s)| s < offset);
    }

    /// The epoch the record at `offset` was written in.
    pub fn epoch_at(&self, offset: u64) -> Option<u32> {
        self.entries
            .iter()
            .rev()
            .find(|&&(_, s)| s <= offset)
            .map(|&(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assign_ignores_a_repeat_of_the_latest_epoch() {
        let mut c = EpochCache::default();
        c.assign(1, 5);
        c.assign(1, 7);
        assert_eq!(c.entries, vec![(1, 5)]);
    }
}
