//! What the page, the report and the lessons read of a consumer group: each member's phase and
//! counters, the coordinator's state, each partition's owner and lag, the run's totals, the
//! completed rebalances and each member's phase timeline. All of it is computed from the group's
//! state; only the timeline is recorded as the group runs.

use super::classic::{rebalance_protocol, GroupCoordinator, GroupState, RebalanceProtocol};
use super::client::{Consumer, MemberStatus};
use super::config::{AssignorKind, GroupConfig, GroupProtocol};
use super::consumer::{ClientState, ConsumerCoordinator, MemberState};
use super::ledger::{GroupLedger, LedgerSummary};
use super::log_view::LogView;
use super::protocol::RebalanceReason;
use super::runtime::ConsumerGroup;
use crate::engine::assignor::TopicPartition;
use std::collections::{BTreeMap, VecDeque};

/// A member as the page shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemberPhase {
    /// (Re)joining the group with no partition: stopped (every eager member in a rebalance).
    Joining,
    /// In the group with partitions.
    Stable,
    /// Rejoining while still consuming the partitions it keeps (cooperative rebalancing).
    Rebalancing,
    /// In the group without partitions.
    Idle,
    /// Killed.
    Crashed,
    /// Closed.
    Closed,
    /// Stopped on an exception.
    Failed,
}

/// One member, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberView {
    /// Name.
    pub name: String,
    /// `group.instance.id`.
    pub instance_id: Option<String>,
    /// Member id (empty when it has none).
    pub member_id: String,
    /// Generation.
    pub generation: i32,
    /// Protocol state.
    pub status: MemberStatus,
    /// What the page shows.
    pub phase: MemberPhase,
    /// Owned partitions.
    pub assigned: Vec<TopicPartition>,
    /// Next offset to read, per partition.
    pub positions: Vec<(TopicPartition, u64)>,
    /// Records held unprocessed.
    pub in_flight: usize,
    /// Sum over its partitions of high watermark − committed offset.
    pub lag: u64,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// Time alive but not fetching, in ms.
    pub stopped_ms: u64,
    /// Records returned to it.
    pub consumed: u64,
    /// Records it processed.
    pub processed: u64,
    /// The exception that stopped it.
    pub error: Option<String>,
}

/// The coordinator, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CoordinatorView {
    /// State.
    pub state: GroupState,
    /// Generation.
    pub generation: i32,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// EAGER or COOPERATIVE (from the configured assignors).
    pub rebalance_protocol: RebalanceProtocol,
    /// The leader, by member name.
    pub leader: Option<String>,
    /// Its `__consumer_offsets` partition.
    pub offsets_partition: u32,
    /// Members the coordinator knows.
    pub members: usize,
    /// `group.protocol`.
    pub group_protocol: GroupProtocol,
    /// The state in the protocol's own words: the classic `GroupState`'s, or the `consumer`
    /// protocol's `Empty`, `Assigning`, `Reconciling`, `Stable`.
    pub state_name: &'static str,
    /// The `consumer` protocol's group epoch (`None` for a classic group, whose `generation`
    /// plays that part).
    pub group_epoch: Option<i32>,
    /// The `consumer` protocol's target assignment epoch.
    pub target_assignment_epoch: Option<i32>,
}

/// One partition of the subscription, read-only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartitionView {
    /// The partition.
    pub tp: TopicPartition,
    /// Its owner, by member name, as the coordinator assigned it.
    pub owner: Option<String>,
    /// The committed offset.
    pub committed: Option<u64>,
    /// The high watermark.
    pub high_watermark: u64,
    /// High watermark − committed (− log start when nothing is committed).
    pub lag: u64,
}

/// Totals over the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GroupMetrics {
    /// Rebalances that reached Stable.
    pub rebalances_completed: u64,
    /// Sum over partitions of the time no running member owned them, in partition-ms.
    pub pause_partition_ms: u64,
    /// The same, counted only once every partition has had a running owner: what rebalances
    /// cost, without the first join's wait for members (`group.initial.rebalance.delay.ms`),
    /// which every assignor pays alike.
    pub rebalance_pause_partition_ms: u64,
    /// The most partitions paused at the same moment after the first rebalance completed:
    /// an eager rebalance stops every partition at once, a cooperative one only those moving.
    pub most_paused_at_once_after_first_join: u64,
    /// Whether every partition has had a running owner yet: the first join is over.
    pub first_join_done: bool,
    /// Commits accepted.
    pub commits: u64,
    /// Commits failed (locally or at the broker).
    pub commit_failures: u64,
    /// `poll()` calls that returned records.
    pub polls_with_records: u64,
    /// Positions found past a divergence when validated against a new leader (KIP-320).
    pub truncations_detected: u64,
}

/// One completed rebalance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RebalanceRecord {
    /// The generation.
    pub generation: i32,
    /// When it became Stable, in ms.
    pub at_ms: u64,
    /// The selected assignor.
    pub protocol: Option<AssignorKind>,
    /// Why it started.
    pub reason: Option<RebalanceReason>,
    /// Partitions whose owner changed (including to no owner).
    pub moved: u32,
    /// The assignment, by member name.
    pub assignment: Vec<(String, Vec<TopicPartition>)>,
}

/// What the page shows a member doing.
fn phase_of(c: &Consumer) -> MemberPhase {
    match c.status {
        MemberStatus::Crashed => MemberPhase::Crashed,
        MemberStatus::Closed => MemberPhase::Closed,
        MemberStatus::Failed => MemberPhase::Failed,
        MemberStatus::Unjoined | MemberStatus::Joining | MemberStatus::AwaitingSync
            if c.owned.is_empty() =>
        {
            MemberPhase::Joining
        }
        MemberStatus::Unjoined | MemberStatus::Joining | MemberStatus::AwaitingSync => {
            MemberPhase::Rebalancing
        }
        MemberStatus::Stable | MemberStatus::Closing if c.owned.is_empty() => MemberPhase::Idle,
        MemberStatus::Stable | MemberStatus::Closing => MemberPhase::Stable,
    }
}

/// Phase changes kept per member for its timeline (the oldest are dropped).
pub const TIMELINE_CHANGES_MAX: usize = 64;

impl ConsumerGroup {
    /// The configuration (with the changes commands made).
    pub fn config(&self) -> &GroupConfig {
        &self.config
    }

    /// The group's clock, in ms.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// The coordinator itself, for detailed views and tests.
    pub fn coordinator(&self) -> &GroupCoordinator {
        &self.coordinator
    }

    /// One member's client state.
    pub fn consumer(&self, name: &str) -> Option<&Consumer> {
        self.members.iter().find(|c| c.name == name)
    }

    /// Every member's client state, in the order they were added.
    pub fn consumers(&self) -> &[Consumer] {
        &self.members
    }

    /// The coordinator's state.
    pub fn coordinator_view(&self) -> CoordinatorView {
        if let Some(k) = &self.kip848 {
            let c = &k.coordinator;
            let state = c.state();
            return CoordinatorView {
                // The nearest classic state, for readers that only know those.
                state: match state {
                    super::ConsumerGroupState::Empty => GroupState::Empty,
                    super::ConsumerGroupState::Stable => GroupState::Stable,
                    _ => GroupState::PreparingRebalance,
                },
                generation: c.group_epoch(),
                protocol: None,
                rebalance_protocol: RebalanceProtocol::Cooperative,
                leader: None,
                offsets_partition: self.coordinator.offsets_partition(),
                members: c.members().len(),
                group_protocol: GroupProtocol::Consumer,
                state_name: state.as_str(),
                group_epoch: Some(c.group_epoch()),
                target_assignment_epoch: Some(c.target_epoch()),
            };
        }
        CoordinatorView {
            state: self.coordinator.state(),
            generation: self.coordinator.generation(),
            protocol: self.coordinator.protocol(),
            rebalance_protocol: rebalance_protocol(&self.config.assignors),
            leader: self.coordinator.leader().map(|id| self.name_of(id)),
            offsets_partition: self.coordinator.offsets_partition(),
            members: self.coordinator.member_ids().len(),
            group_protocol: GroupProtocol::Classic,
            state_name: self.coordinator.state().as_str(),
            group_epoch: None,
            target_assignment_epoch: None,
        }
    }

    /// The `consumer` protocol's coordinator, for detailed views and tests (`None` for a
    /// classic group).
    pub fn consumer_coordinator(&self) -> Option<&ConsumerCoordinator> {
        self.kip848.as_ref().map(|k| &k.coordinator)
    }

    /// A `consumer`-protocol member's client state (`None` for a classic group).
    pub fn client_state(&self, name: &str) -> Option<ClientState> {
        let k = self.kip848.as_ref()?;
        let i = self.members.iter().position(|c| c.name == name)?;
        Some(
            k.memberships
                .get(i)
                .map_or(ClientState::Unsubscribed, |m| m.state),
        )
    }

    /// What the page shows member `i` doing. Under the `consumer` protocol a member that is
    /// reconciling (its assignment not yet applied, its acknowledgement out, or the coordinator
    /// still moving it towards its target) shows as rebalancing while it keeps consuming what
    /// it owns, or as joining when it owns nothing yet.
    fn phase(&self, i: usize) -> MemberPhase {
        let c = &self.members[i];
        let Some(k) = &self.kip848 else {
            return phase_of(c);
        };
        if !c.status.is_running() {
            return phase_of(c);
        }
        let client = k
            .memberships
            .get(i)
            .map_or(ClientState::Unsubscribed, |m| m.state);
        let coordinator = &k.coordinator;
        let server_moving = coordinator.member(&c.member_id).is_some_and(|m| {
            m.state != MemberState::Stable || m.member_epoch != coordinator.target_epoch()
        });
        let reconciling = server_moving
            || matches!(
                client,
                ClientState::Joining | ClientState::Reconciling | ClientState::Acknowledging
            );
        match (c.owned.is_empty(), reconciling || c.generation <= 0) {
            (true, true) => MemberPhase::Joining,
            (true, false) => MemberPhase::Idle,
            (false, true) => MemberPhase::Rebalancing,
            (false, false) => MemberPhase::Stable,
        }
    }

    pub(super) fn name_of(&self, member_id: &str) -> String {
        self.members
            .iter()
            .find(|c| c.member_id == member_id)
            .map_or_else(|| member_id.to_string(), |c| c.name.clone())
    }

    fn partition_lag(&self, tp: &TopicPartition, logs: &dyn LogView) -> u64 {
        let hw = logs.high_watermark(&tp.topic, tp.partition);
        let base = self
            .coordinator
            .committed_offset(tp)
            .unwrap_or_else(|| logs.log_start_offset(&tp.topic, tp.partition));
        hw.saturating_sub(base)
    }

    /// Every member.
    pub fn members(&self, logs: &dyn LogView) -> Vec<MemberView> {
        self.members
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let phase = self.phase(i);
                MemberView {
                    name: c.name.clone(),
                    instance_id: c.instance_id.clone(),
                    member_id: c.member_id.clone(),
                    generation: c.generation,
                    status: if c.closing && c.status.is_running() {
                        MemberStatus::Closing
                    } else {
                        c.status
                    },
                    phase,
                    assigned: c.owned.clone(),
                    positions: c.positions.iter().map(|(tp, o)| (tp.clone(), *o)).collect(),
                    in_flight: c.unprocessed(),
                    lag: c.owned.iter().map(|tp| self.partition_lag(tp, logs)).sum(),
                    processing_ms_per_record: c.processing_ms_per_record,
                    stopped_ms: c.stopped_ms,
                    consumed: c.consumed,
                    processed: c.processed,
                    error: c.error.as_ref().map(ToString::to_string),
                }
            })
            .collect()
    }

    /// Members in the group without a partition (more members than partitions).
    pub fn idle_members(&self) -> usize {
        (0..self.members.len())
            .filter(|&i| self.phase(i) == MemberPhase::Idle)
            .count()
    }

    /// The group's lag over every partition of its subscription.
    pub fn total_lag(&self, logs: &dyn LogView) -> u64 {
        self.partitions(logs).iter().map(|p| p.lag).sum()
    }

    /// Every partition of the subscription.
    pub fn partitions(&self, logs: &dyn LogView) -> Vec<PartitionView> {
        let mut owners: BTreeMap<TopicPartition, String> = BTreeMap::new();
        match &self.kip848 {
            // The coordinator's owner of a partition is whoever holds it, assigned or still
            // revoking.
            Some(k) => {
                for (tp, id) in k.coordinator.holders() {
                    owners.insert(tp.clone(), self.name_of(id));
                }
            }
            None => {
                for (id, list) in self.coordinator.assignments() {
                    for tp in list {
                        owners.insert(tp, self.name_of(&id));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for topic in &self.config.topics {
            for p in 0..logs.n_partitions(topic).unwrap_or(0) {
                let tp = TopicPartition {
                    topic: topic.clone(),
                    partition: p,
                };
                out.push(PartitionView {
                    owner: owners.get(&tp).cloned(),
                    committed: self.coordinator.committed_offset(&tp),
                    high_watermark: logs.high_watermark(topic, p),
                    lag: self.partition_lag(&tp, logs),
                    tp,
                });
            }
        }
        out
    }

    /// Totals.
    pub fn metrics(&self) -> GroupMetrics {
        self.metrics
    }

    /// The last completed rebalances, oldest first, and whether older ones were dropped.
    pub fn rebalances(&self) -> (&[RebalanceRecord], bool) {
        (&self.rebalances, self.rebalances_truncated)
    }

    /// The ledger's summary.
    pub fn ledger(&self) -> &LedgerSummary {
        self.ledger.summary()
    }

    /// The ledger itself (for memory checks).
    pub fn ledger_state(&self) -> &GroupLedger {
        &self.ledger
    }

    /// Happenings queued now (for memory checks).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Records each member's phase when it differs from the last one recorded.
    pub(super) fn note_phases(&mut self) {
        if !self.phases_dirty {
            debug_assert!(
                self.last_phases.len() == self.members.len()
                    && (0..self.members.len())
                        .zip(&self.last_phases)
                        .all(|(i, &p)| p == Some(self.phase(i))),
                "a phase changed where phases_dirty was not set"
            );
            return;
        }
        self.phases_dirty = false;
        self.timelines
            .resize_with(self.members.len(), Default::default);
        self.last_phases.resize(self.members.len(), None);
        for i in 0..self.members.len() {
            let phase = self.phase(i);
            if self.last_phases[i] != Some(phase) {
                self.last_phases[i] = Some(phase);
                let timeline = &mut self.timelines[i];
                if timeline.len() == TIMELINE_CHANGES_MAX {
                    timeline.pop_front();
                }
                timeline.push_back((self.now_ms, phase));
            }
        }
    }

    /// Each member's phase changes, oldest first (the latest `TIMELINE_CHANGES_MAX`), in
    /// member order: what the page draws as a timeline per member.
    pub fn timelines(&self) -> impl Iterator<Item = (&str, &VecDeque<(u64, MemberPhase)>)> + '_ {
        self.members
            .iter()
            .map(|c| c.name.as_str())
            .zip(&self.timelines)
    }
}
