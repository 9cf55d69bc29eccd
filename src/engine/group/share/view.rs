//! What the stage, the report and the lessons read of a share group: each share partition's
//! SPSO and SPEO and its in-flight records (state, member, delivery count), each member's
//! assignment and member epoch, and the group's counters. Computed on request from the
//! group's state, in partition and offset order (no hash order), and cheap: one walk over
//! the in-flight records, which `group.share.partition.max.record.locks` bounds.

use super::partition::{RecordState, ShareCounts};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::runtime::ConsumerGroup;

/// An in-flight record's state as the stage draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InFlightStateView {
    /// Waiting to be acquired (a redelivery after a release or an expired lock).
    Available,
    /// Acquired by this member (by name), locked until `lock_until_ms`.
    Acquired { member: String, lock_until_ms: u64 },
    /// Accepted, and still above the SPSO (an earlier record is not done).
    Acknowledged,
    /// Archived (rejected or out of delivery attempts), still above the SPSO.
    Archived,
}

/// One in-flight record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlightRecordView {
    /// Its offset.
    pub offset: u64,
    /// Its state.
    pub state: InFlightStateView,
    /// Deliveries so far.
    pub delivery_count: u32,
}

/// One share partition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharePartitionView {
    /// The partition.
    pub tp: TopicPartition,
    /// SPSO: every record below it is done. `None` before the first fetch.
    pub start_offset: Option<u64>,
    /// SPEO: the last offset in flight, `None` when nothing was ever acquired.
    pub end_offset: Option<u64>,
    /// The in-flight records between them, by offset (at most `max.record.locks`).
    pub records: Vec<InFlightRecordView>,
    /// How many of them are acquired now.
    pub acquired_now: u32,
    /// This partition's counters.
    pub counts: ShareCounts,
}

/// One share member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareMemberView {
    /// Its name.
    pub name: String,
    /// Its member epoch (0 before it joined, -1 once it left).
    pub member_epoch: i32,
    /// The partitions assigned to it (several members get the same partition).
    pub assigned: Vec<TopicPartition>,
    /// Records it holds acquired now, over all partitions.
    pub acquired_now: u32,
}

/// A share group as a whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareGroupView {
    /// The group epoch.
    pub group_epoch: i32,
    /// `group.share.record.lock.duration.ms`.
    pub record_lock_duration_ms: u32,
    /// `group.share.delivery.count.limit`.
    pub delivery_count_limit: u32,
    /// `group.share.partition.max.record.locks`.
    pub partition_max_record_locks: u32,
    /// `share.acknowledgement.mode`.
    pub acknowledgement_mode: &'static str,
    /// Per partition, in partition order.
    pub partitions: Vec<SharePartitionView>,
    /// Per member, in the group's member order.
    pub members: Vec<ShareMemberView>,
    /// The partitions' counters added up.
    pub counts: ShareCounts,
}

impl ShareCounts {
    /// Adds another partition's counters.
    pub fn add(&mut self, o: &ShareCounts) {
        self.acquired += o.acquired;
        self.redelivered += o.redelivered;
        self.acknowledged += o.acknowledged;
        self.released += o.released;
        self.rejected += o.rejected;
        self.lock_expired += o.lock_expired;
        self.archived += o.archived;
        self.ack_refused += o.ack_refused;
    }
}

impl ConsumerGroup {
    /// Whether this is a share group (`type: "share"`).
    pub fn is_share(&self) -> bool {
        self.share.is_some()
    }

    /// The group epoch of a share group or a `consumer`-protocol group (KIP-848, KIP-932);
    /// `None` for a classic group, which counts generations instead.
    pub fn group_epoch(&self) -> Option<i32> {
        if let Some(share) = self.share.as_deref() {
            return Some(share.coordinator.group_epoch());
        }
        self.consumer_coordinator().map(|c| c.group_epoch())
    }

    /// The share group's counters over every partition; `None` for a consumer group.
    pub fn share_counts(&self) -> Option<ShareCounts> {
        let share = self.share.as_deref()?;
        let mut counts = ShareCounts::default();
        for sp in share.partitions.values() {
            counts.add(&sp.counts());
        }
        Some(counts)
    }

    /// When an acquisition lock first expired (0 if none has); `None` for a consumer group.
    pub fn share_first_lock_expiry_ms(&self) -> Option<u64> {
        Some(self.share.as_deref()?.first_lock_expiry_ms.unwrap_or(0))
    }

    /// Records each member holds acquired now, by member index; `None` for a consumer group.
    /// The stage reads this every frame, so it counts without building the whole view.
    pub fn share_acquired_per_member(&self) -> Option<Vec<u32>> {
        let share = self.share.as_deref()?;
        let mut per_member = vec![0u32; self.members.len()];
        for sp in share.partitions.values() {
            for (_, r) in sp.records() {
                if matches!(r.state, RecordState::Acquired) {
                    if let Some(n) = per_member.get_mut(r.member as usize) {
                        *n += 1;
                    }
                }
            }
        }
        Some(per_member)
    }

    /// The share group's view; `None` for a consumer group.
    pub fn share_view(&self) -> Option<ShareGroupView> {
        let share = self.share.as_deref()?;
        let name = |m: u32| {
            self.members
                .get(m as usize)
                .map_or_else(String::new, |c| c.name.clone())
        };
        let per_member = self.share_acquired_per_member()?;
        let mut counts = ShareCounts::default();
        let partitions = share
            .partitions
            .iter()
            .map(|(tp, sp)| {
                let mut acquired_now = 0;
                let records = sp
                    .records()
                    .map(|(offset, r)| {
                        let state = match r.state {
                            RecordState::Available => InFlightStateView::Available,
                            RecordState::Acquired => {
                                acquired_now += 1;
                                InFlightStateView::Acquired {
                                    member: name(r.member),
                                    lock_until_ms: r.lock_until_ms,
                                }
                            }
                            RecordState::Acknowledged => InFlightStateView::Acknowledged,
                            RecordState::Archived => InFlightStateView::Archived,
                        };
                        InFlightRecordView {
                            offset,
                            state,
                            delivery_count: r.delivery_count,
                        }
                    })
                    .collect();
                counts.add(&sp.counts());
                SharePartitionView {
                    tp: tp.clone(),
                    start_offset: sp.start_offset(),
                    end_offset: sp.end_offset(),
                    records,
                    acquired_now,
                    counts: sp.counts(),
                }
            })
            .collect();
        let members = self
            .members
            .iter()
            .enumerate()
            .map(|(i, c)| ShareMemberView {
                name: c.name.clone(),
                member_epoch: c.generation.max(-1),
                assigned: c.owned.clone(),
                acquired_now: per_member[i],
            })
            .collect();
        let cfg = &self.config.share;
        Some(ShareGroupView {
            group_epoch: share.coordinator.group_epoch(),
            record_lock_duration_ms: cfg.record_lock_duration_ms,
            delivery_count_limit: cfg.delivery_count_limit,
            partition_max_record_locks: cfg.partition_max_record_locks,
            acknowledgement_mode: cfg.acknowledgement_mode.as_str(),
            partitions,
            members,
            counts,
        })
    }
}
