//! OffsetCommit at the classic coordinator: the broker's checks in Kafka's order
//! (kafka-semantics.md §5), and the committed offsets it keeps for the group (the modelled
//! `__consumer_offsets` content).

use super::{DeadlineCache, GroupCoordinator, GroupState};
use crate::engine::assignor::TopicPartition;
use crate::engine::group::limits;
use crate::engine::group::protocol::{ErrorCode, MemberRef};
use std::collections::BTreeMap;

impl GroupCoordinator {
    /// Committed offsets (the modelled `__consumer_offsets` content for this group).
    pub fn committed(&self) -> &BTreeMap<TopicPartition, u64> {
        &self.committed
    }

    /// The committed offset of one partition.
    pub fn committed_offset(&self, tp: &TopicPartition) -> Option<u64> {
        self.committed.get(tp).copied()
    }

    /// Handles OffsetCommit, with the broker's checks in Kafka's order (kafka-semantics.md §5).
    /// Offsets above `i64::MAX` never reach here: the client refuses negative offsets.
    pub fn commit_offsets(
        &mut self,
        now_ms: u64,
        request: &MemberRef,
        offsets: &[(TopicPartition, u64)],
    ) -> ErrorCode {
        self.next_deadline = DeadlineCache::default();
        let _ = now_ms;
        if self.state == GroupState::Dead {
            return ErrorCode::CoordinatorNotAvailable;
        }
        let standalone = request.generation < 0 && self.state == GroupState::Empty;
        if !standalone {
            if request.generation >= 0
                || !request.member_id.is_empty()
                || request.instance_id.is_some()
            {
                let error =
                    self.validate_member(&request.member_id, request.instance_id.as_deref());
                if error != ErrorCode::None {
                    return error;
                }
                if request.generation != self.generation {
                    return ErrorCode::IllegalGeneration;
                }
            } else if self.state != GroupState::Empty {
                return ErrorCode::UnknownMemberId;
            }
            if self.state == GroupState::CompletingRebalance {
                return ErrorCode::RebalanceInProgress;
            }
        }
        self.store_offsets(offsets);
        ErrorCode::None
    }

    /// Stores offsets another protocol's coordinator has checked (the `consumer` protocol
    /// keeps its offsets in the same `__consumer_offsets` model).
    pub fn store_offsets(&mut self, offsets: &[(TopicPartition, u64)]) {
        self.next_deadline = DeadlineCache::default();
        for (tp, offset) in offsets {
            if self.committed.len() >= limits::COMMITTED_PARTITIONS_MAX
                && !self.committed.contains_key(tp)
            {
                continue;
            }
            self.committed.insert(tp.clone(), *offset);
        }
    }
}
