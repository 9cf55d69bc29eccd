//! One share partition (KIP-932's `SharePartition`, `core/.../server/share/SharePartition.java`,
//! Kafka trunk of October 2024): the broker's state of a partition for one share group. Records
//! between the share-partition start offset (SPSO) and end offset (SPEO) are in flight, each
//! AVAILABLE, ACQUIRED by one member under a time-limited lock, ACKNOWLEDGED or ARCHIVED, with
//! its delivery count. Acquiring counts a delivery; a release, or a lock that expires, makes it
//! available again unless the delivery count reached `group.share.delivery.count.limit`, which
//! archives it; a reject archives it at once. The SPSO moves past the records that are done.
//!
//! Simplifications: the state is kept per offset (Kafka keeps whole batches until a batch is
//! acknowledged in parts); new records are acquired one by one up to the in-flight bound
//! (Kafka acquires the fetched batch whole, so it may pass `max.record.locks` by a batch); no
//! state is persisted (no share coordinator or `__share_group_state`).

use std::collections::BTreeMap;

/// `SharePartition.RecordState`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordState {
    /// Can be acquired.
    Available,
    /// Acquired by a member (`member`), locked until `lock_until_ms`.
    Acquired,
    /// Accepted: done.
    Acknowledged,
    /// Rejected, or out of delivery attempts: done, never delivered again.
    Archived,
}

impl RecordState {
    /// Kafka's name.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordState::Available => "AVAILABLE",
            RecordState::Acquired => "ACQUIRED",
            RecordState::Acknowledged => "ACKNOWLEDGED",
            RecordState::Archived => "ARCHIVED",
        }
    }

    /// `isTerminalState`: acknowledged or archived.
    pub fn is_terminal(self) -> bool {
        matches!(self, RecordState::Acknowledged | RecordState::Archived)
    }
}

/// `AcknowledgeType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AckType {
    /// Processed: ACKNOWLEDGED.
    Accept,
    /// Give it back: AVAILABLE (ARCHIVED at the delivery limit).
    Release,
    /// Unprocessable: ARCHIVED.
    Reject,
}

/// `SharePartition.InFlightState` of one offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InFlightRecord {
    /// Its state.
    pub state: RecordState,
    /// Deliveries so far (acquisitions).
    pub delivery_count: u32,
    /// The member (index in the group) that acquired it last.
    pub member: u32,
    /// While acquired, when its acquisition lock expires, in ms.
    pub lock_until_ms: u64,
}

/// What happened to a record when it left the ACQUIRED state, for the group's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ShareCounts {
    /// Acquisitions (each delivery attempt).
    pub acquired: u64,
    /// Acquisitions of a record delivered before.
    pub redelivered: u64,
    /// Records accepted.
    pub acknowledged: u64,
    /// Records released by the application or by a closing member.
    pub released: u64,
    /// Records rejected.
    pub rejected: u64,
    /// Acquisition locks that expired.
    pub lock_expired: u64,
    /// Records archived (rejected, out of delivery attempts, or below a new log start).
    pub archived: u64,
    /// Acknowledgements refused (`INVALID_RECORD_STATE`: the lock had expired or another
    /// member holds the record now).
    pub ack_refused: u64,
}

/// A record that was archived by reaching the delivery limit or by a reject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Archived {
    /// Its offset.
    pub offset: u64,
    /// Its deliveries.
    pub delivery_count: u32,
}

/// One share partition.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharePartition {
    /// SPSO: below it every record is done. `None` until the first fetch initialises it.
    start_offset: Option<u64>,
    /// The offset after the last record ever acquired (SPEO + 1).
    next_new_offset: u64,
    /// The in-flight records, SPSO..=SPEO (terminal ones only until the SPSO passes them).
    in_flight: BTreeMap<u64, InFlightRecord>,
    /// Records that entered the cache: acquired for the first time (for the conservation check).
    entered: u64,
    /// Records that reached a terminal state (each once).
    finished: u64,
    pub(super) counts: ShareCounts,
}

impl SharePartition {
    /// SPSO, once initialised.
    pub fn start_offset(&self) -> Option<u64> {
        self.start_offset
    }

    /// SPEO: the last offset in flight (Kafka's `endOffset`), `None` when nothing ever was.
    pub fn end_offset(&self) -> Option<u64> {
        let start = self.start_offset?;
        (self.next_new_offset > start).then(|| self.next_new_offset - 1)
    }

    /// The in-flight records, by offset.
    pub fn records(&self) -> impl Iterator<Item = (u64, &InFlightRecord)> + '_ {
        self.in_flight.iter().map(|(o, r)| (*o, r))
    }

    /// The record at `offset`, if in flight.
    pub fn record(&self, offset: u64) -> Option<&InFlightRecord> {
        self.in_flight.get(&offset)
    }

    /// The counters.
    pub fn counts(&self) -> ShareCounts {
        self.counts
    }

    /// Records that entered the cache and records that finished (acknowledged or archived).
    pub fn entered_finished(&self) -> (u64, u64) {
        (self.entered, self.finished)
    }

    /// `SharePartition.initialize`: the SPSO starts at `offset` (`share.auto.offset.reset`:
    /// the high watermark for `latest`, the log start for `earliest`).
    pub fn initialise(&mut self, offset: u64) {
        if self.start_offset.is_none() {
            self.start_offset = Some(offset);
            self.next_new_offset = offset;
        }
    }

    /// `canAcquireRecords`: an available record below the SPEO, or room under
    /// `group.share.partition.max.record.locks` for a new one.
    fn room_for_new(&self, max_record_locks: u32) -> bool {
        let start = self.start_offset.unwrap_or(self.next_new_offset);
        self.next_new_offset - start < u64::from(max_record_locks)
    }

    /// `SharePartition.acquire`: up to `max` records for `member`, the available ones in the
    /// cache first (redeliveries, lowest offset first), then new ones below `high_watermark`
    /// while the in-flight bound allows. Calls `take(offset, delivery_count)` for each.
    #[allow(clippy::too_many_arguments)]
    pub fn acquire(
        &mut self,
        member: u32,
        now_ms: u64,
        lock_ms: u32,
        max_record_locks: u32,
        high_watermark: u64,
        max: usize,
        mut take: impl FnMut(u64, u32),
    ) -> usize {
        let lock_until_ms = now_ms + u64::from(lock_ms);
        let mut n = 0;
        for (offset, r) in self.in_flight.iter_mut() {
            if n >= max {
                return n;
            }
            if r.state != RecordState::Available {
                continue;
            }
            r.state = RecordState::Acquired;
            r.delivery_count += 1;
            r.member = member;
            r.lock_until_ms = lock_until_ms;
            self.counts.acquired += 1;
            self.counts.redelivered += 1;
            take(*offset, r.delivery_count);
            n += 1;
        }
        while n < max
            && self.next_new_offset < high_watermark
            && self.room_for_new(max_record_locks)
        {
            let offset = self.next_new_offset;
            self.in_flight.insert(
                offset,
                InFlightRecord {
                    state: RecordState::Acquired,
                    delivery_count: 1,
                    member,
                    lock_until_ms,
                },
            );
            self.next_new_offset += 1;
            self.entered += 1;
            self.counts.acquired += 1;
            take(offset, 1);
            n += 1;
        }
        n
    }

    /// Leaves ACQUIRED for AVAILABLE, or ARCHIVED once out of delivery attempts
    /// (`InFlightState.tryUpdateState`: `deliveryCount >= maxDeliveryCount`).
    fn make_available(r: &mut InFlightRecord, limit: u32) -> Option<u32> {
        if r.delivery_count >= limit {
            r.state = RecordState::Archived;
            Some(r.delivery_count)
        } else {
            r.state = RecordState::Available;
            None
        }
    }

    /// `SharePartition.acknowledge` of one offset by `member`: refused unless the member holds
    /// it acquired (`INVALID_RECORD_STATE`). Returns whether it was applied and, if it was
    /// archived, its delivery count.
    pub fn acknowledge(
        &mut self,
        member: u32,
        offset: u64,
        ack: AckType,
        limit: u32,
    ) -> Result<Option<u32>, ()> {
        let Some(r) = self.in_flight.get_mut(&offset) else {
            self.counts.ack_refused += 1;
            return Err(());
        };
        if r.state != RecordState::Acquired || r.member != member {
            self.counts.ack_refused += 1;
            return Err(());
        }
        let archived = match ack {
            AckType::Accept => {
                r.state = RecordState::Acknowledged;
                self.counts.acknowledged += 1;
                None
            }
            AckType::Release => {
                self.counts.released += 1;
                Self::make_available(r, limit)
            }
            AckType::Reject => {
                r.state = RecordState::Archived;
                self.counts.rejected += 1;
                Some(r.delivery_count)
            }
        };
        if r.state.is_terminal() {
            self.finished += 1;
        }
        if archived.is_some() {
            self.counts.archived += 1;
        }
        self.advance_start();
        Ok(archived)
    }

    /// `releaseAcquiredRecords(memberId)`: a member's share session closed; what it still
    /// held goes back (archived at the delivery limit). Returns the records archived.
    pub fn release_member(&mut self, member: u32, limit: u32, archived: &mut Vec<Archived>) {
        for (offset, r) in self.in_flight.iter_mut() {
            if r.state == RecordState::Acquired && r.member == member {
                self.counts.released += 1;
                if let Some(delivery_count) = Self::make_available(r, limit) {
                    self.counts.archived += 1;
                    self.finished += 1;
                    archived.push(Archived {
                        offset: *offset,
                        delivery_count,
                    });
                }
            }
        }
        self.advance_start();
    }

    /// `AcquisitionLockTimerTask`: the locks due by `now_ms` expire. Returns how many, with the
    /// records archived by it in `archived`.
    pub fn expire_locks(&mut self, now_ms: u64, limit: u32, archived: &mut Vec<Archived>) -> u32 {
        let mut expired = 0;
        for (offset, r) in self.in_flight.iter_mut() {
            if r.state == RecordState::Acquired && r.lock_until_ms <= now_ms {
                expired += 1;
                self.counts.lock_expired += 1;
                if let Some(delivery_count) = Self::make_available(r, limit) {
                    self.counts.archived += 1;
                    self.finished += 1;
                    archived.push(Archived {
                        offset: *offset,
                        delivery_count,
                    });
                }
            }
        }
        if expired > 0 {
            self.advance_start();
        }
        expired
    }

    /// The earliest acquisition lock, if any record is acquired.
    pub fn next_lock_expiry_ms(&self) -> Option<u64> {
        self.in_flight
            .values()
            .filter(|r| r.state == RecordState::Acquired)
            .map(|r| r.lock_until_ms)
            .min()
    }

    /// The log now starts at `log_start` (retention): records below it that are not done are
    /// archived and the SPSO moves up (`updateCacheAndOffsets`). Returns how many.
    pub fn log_start_moved(&mut self, log_start: u64) -> u64 {
        let Some(start) = self.start_offset else {
            return 0;
        };
        if log_start <= start {
            return 0;
        }
        let mut archived = 0;
        for (_, r) in self.in_flight.range_mut(..log_start) {
            if !r.state.is_terminal() {
                r.state = RecordState::Archived;
                archived += 1;
                self.finished += 1;
            }
        }
        // Records below the log start never acquired are skipped, not entered.
        if self.next_new_offset < log_start {
            self.next_new_offset = log_start;
        }
        self.counts.archived += archived;
        self.start_offset = Some(log_start.max(start));
        self.advance_start();
        archived
    }

    /// `maybeUpdateCachedStateAndOffsets`: the SPSO moves past the done records at the start,
    /// and they leave the cache.
    fn advance_start(&mut self) {
        while let Some(entry) = self.in_flight.first_entry() {
            if entry.get().state.is_terminal() {
                entry.remove();
            } else {
                break;
            }
        }
        let floor = self.start_offset.unwrap_or(self.next_new_offset);
        let start = self
            .in_flight
            .keys()
            .next()
            .copied()
            .unwrap_or(self.next_new_offset);
        self.start_offset = Some(start.max(floor));
    }
}

#[cfg(test)]
mod tests;
