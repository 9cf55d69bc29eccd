//! A consumer group run over logical time: one [`GroupCoordinator`] and its [`Consumer`]s,
//! exchanging the classic protocol's requests with `rtt_ms / 2` of latency each way, polling
//! the cluster's logs through [`LogView`], processing records, committing, and keeping a
//! [`GroupLedger`] of what happened to every record. This is the API the simulator drives: it
//! owns its own `(time_ms, seq)` queue, so the simulator only asks for the next wake-up and
//! advances to it. This file holds the group's state, the queue and the loop that hands each
//! happening to its step: the client's in `client/`, the protocol's in `classic/`.
//!
//! What is simplified (and said where it matters): fetches complete at once up to the high
//! watermark (no fetch latency or `fetch.max.bytes`); the committed offsets of a newly assigned
//! partition are read from the coordinator without a round trip (OffsetFetch); an idle `poll()`
//! returns after [`POLL_IDLE_MS`](super::POLL_IDLE_MS); a grown topic reaches the leader at its
//! next periodic metadata refresh, and a rebalance for another reason meanwhile assigns the
//! current partitions; the auto-commit before a rebalance is sent just before the JoinGroup rather than
//! awaited.

use super::classic::{GroupCoordinator, Request, Response};
use super::client::{Consumer, MemberStatus};
use super::config::{GroupConfig, GroupProtocol, GroupType};
use super::consumer::{Kip848, Message};
use super::event::GroupEvent;
use super::ledger::GroupLedger;
use super::log_view::LogView;
use super::protocol::{ClientId, MemberRef, RebalanceReason};
use super::share::{ShareMessage, ShareState};
use super::view::{GroupMetrics, MemberPhase, RebalanceRecord};
use crate::engine::assignor::TopicPartition;
use crate::engine::queue::EventQueue;
use crate::engine::rng::Rng;
use crate::engine::ConfigError;
use std::collections::{BTreeMap, VecDeque};

/// Happenings one instant may hold before the group stops processing it (a guard against a
/// logic loop, never reached in a correct run).
const INSTANT_EVENTS_MAX: u64 = 1_000_000;

/// Something due on the group's queue: a message in flight, a member's timer, or a step of its
/// application or worker threads. Timers and steps carry the epoch they were queued in, so a
/// later reset or a new life cancels them without searching the queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Pending {
    // Requests and responses are boxed so that the small, frequent items (a member's next
    // step, one per record processed) move few bytes through the queue.
    AtCoordinator {
        from: usize,
        incarnation: u32,
        request: Box<Request>,
    },
    AtConsumer {
        to: usize,
        incarnation: u32,
        response: Box<Response>,
    },
    Heartbeat {
        member: usize,
        epoch: u64,
    },
    PollTimer {
        member: usize,
        epoch: u64,
    },
    App {
        member: usize,
        epoch: u64,
    },
    Worker {
        member: usize,
        worker: usize,
        epoch: u64,
    },
    /// The member's next metadata refresh after a subscribed topic grew.
    MetadataRefresh {
        member: usize,
        incarnation: u32,
    },
    /// A `consumer`-protocol heartbeat or its answer (`consumer/exchange.rs`).
    ConsumerProtocol(Box<Message>),
    /// A share group's heartbeat or its answer (`share/exchange.rs`).
    ShareProtocol(Box<ShareMessage>),
}

/// The first periodic metadata refresh at or after `now_ms` of a client that refreshed at
/// `refreshed_ms` and every `max_age_ms` since.
fn next_refresh_ms(refreshed_ms: u64, max_age_ms: u32, now_ms: u64) -> u64 {
    let age = u64::from(max_age_ms.max(1));
    let since = now_ms.saturating_sub(refreshed_ms);
    refreshed_ms + since.div_ceil(age) * age
}

/// A member's connection in one of its lives: answers meant for an earlier life are dropped.
pub(super) fn client_id(member: usize, incarnation: u32) -> ClientId {
    ((member as u64) << 32) | u64::from(incarnation)
}

fn split_client(client: ClientId) -> (usize, u32) {
    ((client >> 32) as usize, client as u32)
}

/// A consumer group over time.
#[derive(Clone, Debug)]
pub struct ConsumerGroup {
    /// Per member (same index as `members`): when its phase changed, and to what, so that
    /// eager stop-the-world and cooperative hand-overs can be drawn as a timeline.
    pub(super) timelines: Vec<VecDeque<(u64, MemberPhase)>>,
    /// Per member, the phase its timeline ends with: checked after every event, so it is kept
    /// side by side here rather than read from the end of each member's own deque.
    pub(super) last_phases: Vec<Option<MemberPhase>>,
    /// Set by everything that can change a member's status or owned partitions (joins, syncs,
    /// commits' and heartbeats' answers, timers that fail, stops, commands): `note_phases`
    /// skips the members entirely when nothing did, which is most events (polls, processing).
    pub(super) phases_dirty: bool,
    pub(super) config: GroupConfig,
    pub(super) coordinator: GroupCoordinator,
    pub(super) members: Vec<Consumer>,
    pub(super) queue: EventQueue<Pending>,
    pub(super) now_ms: u64,
    pub(super) ledger: GroupLedger,
    pub(super) metrics: GroupMetrics,
    pub(super) rebalances: Vec<RebalanceRecord>,
    pub(super) rebalances_truncated: bool,
    pub(super) last_rebalance_reason: Option<RebalanceReason>,
    pub(super) previous_owners: BTreeMap<TopicPartition, String>,
    pub(super) fetch_cursor: usize,
    pub(super) reported: (usize, usize, usize),
    /// Worker threads take varying time per record (the variation is what reorders them).
    pub(super) worker_rng: Rng,
    /// The `consumer` protocol's coordinator and memberships; `None` for a classic group,
    /// whose `coordinator` then does all the work.
    pub(super) kip848: Option<Box<Kip848>>,
    /// A share group's coordinator, share partitions and memberships (KIP-932); `None` for a
    /// consumer group.
    pub(super) share: Option<Box<ShareState>>,
}

impl ConsumerGroup {
    /// A group whose initial members start polling at `now_ms`.
    pub fn new(config: GroupConfig, rng: Rng, now_ms: u64) -> Result<ConsumerGroup, ConfigError> {
        config.validate()?;
        let worker_rng = Rng::new(rng.clone().next_u64() ^ 0x5eed_0f30_17e5);
        let kip848 = (config.group_protocol == GroupProtocol::Consumer).then(|| {
            Box::new(Kip848::new(
                &config,
                Rng::new(rng.clone().next_u64() ^ 0x0848_0848_0848),
            ))
        });
        let share = (config.group_type == GroupType::Share).then(|| {
            Box::new(ShareState::new(
                &config.share,
                Rng::new(rng.clone().next_u64() ^ 0x0932_0932_0932),
            ))
        });
        let coordinator = GroupCoordinator::new(&config.group_id, rng);
        let mut group = ConsumerGroup {
            timelines: Vec::new(),
            last_phases: Vec::new(),
            phases_dirty: true,
            coordinator,
            members: Vec::new(),
            queue: EventQueue::default(),
            now_ms,
            ledger: GroupLedger::default(),
            metrics: GroupMetrics::default(),
            rebalances: Vec::new(),
            rebalances_truncated: false,
            last_rebalance_reason: None,
            previous_owners: BTreeMap::new(),
            fetch_cursor: 0,
            reported: (0, 0, 0),
            worker_rng,
            kip848,
            share,
            config,
        };
        for m in group.config.members.clone() {
            group.start_member(&m.name, m.instance_id.clone());
        }
        group.note_phases();
        Ok(group)
    }

    /// The next time something is due, if anything is.
    pub fn next_wakeup_ms(&self) -> Option<u64> {
        let q = self.queue.next_at_ms();
        let kip848 = self
            .kip848
            .as_ref()
            .and_then(|k| k.coordinator.next_deadline_ms());
        let share = self.share.as_ref().and_then(|s| s.next_deadline_ms());
        [q, self.coordinator.next_deadline_ms(), kip848, share]
            .into_iter()
            .flatten()
            .min()
    }

    /// Processes every internal happening due at or before `now_ms`, in (time, seq) order,
    /// appending what happened to `events`.
    pub fn advance_to(&mut self, now_ms: u64, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        let mut same_instant = 0u64;
        let mut last_at = self.now_ms;
        while let Some(at) = self.next_wakeup_ms() {
            if at > now_ms {
                break;
            }
            let at = at.max(self.now_ms);
            if at != last_at {
                same_instant = 0;
                last_at = at;
            }
            same_instant += 1;
            if same_instant > INSTANT_EVENTS_MAX {
                debug_assert!(false, "a logic loop at {at} ms");
                break;
            }
            self.account(at, logs);
            self.now_ms = at;
            if self.coordinator.next_deadline_ms().is_some_and(|d| d <= at) {
                let replies = self.coordinator.expire(at);
                self.route_replies(replies);
                self.drain_notes(events);
                self.note_phases();
                if self.coordinator.next_deadline_ms().is_some_and(|d| d <= at) {
                    debug_assert!(false, "expire leaves nothing due");
                    break;
                }
                continue;
            }
            if self
                .kip848
                .as_ref()
                .and_then(|k| k.coordinator.next_deadline_ms())
                .is_some_and(|d| d <= at)
            {
                self.kip848_expire(events);
                self.note_phases();
                continue;
            }
            if self
                .share
                .as_ref()
                .and_then(|s| s.next_deadline_ms())
                .is_some_and(|d| d <= at)
            {
                self.share_expire(logs, events);
                self.report_ledger(events);
                self.note_phases();
                continue;
            }
            let Some((_, pending)) = self.queue.pop_first() else {
                break;
            };
            self.handle(pending, logs, events);
            self.report_ledger(events);
            self.note_phases();
        }
        self.account(now_ms.max(self.now_ms), logs);
        self.now_ms = self.now_ms.max(now_ms);
    }

    /// A subscribed topic's partition count changed. Only the group's leader acts on it
    /// (`ConsumerCoordinator.rejoinNeededOrPending`: the metadata snapshot no longer matches the
    /// one it assigned with), and only once its own metadata shows it: at its next periodic
    /// refresh, every `metadata.max.age.ms` since it started (`Metadata.timeToNextUpdate`).
    /// Then it rejoins, which starts a rebalance.
    pub fn partitions_changed(&mut self, now_ms: u64, topic: &str, logs: &dyn LogView) {
        let _ = logs;
        self.now_ms = self.now_ms.max(now_ms);
        if !self.config.topics.iter().any(|t| t == topic) {
            return;
        }
        let Some(leader) = self.coordinator.leader().map(str::to_string) else {
            return;
        };
        let Some(i) = self
            .members
            .iter()
            .position(|c| c.member_id == leader && c.status.is_running())
        else {
            return;
        };
        let at_ms = next_refresh_ms(
            self.members[i].metadata_refreshed_ms,
            self.config.metadata_max_age_ms,
            self.now_ms,
        );
        let incarnation = self.members[i].incarnation;
        self.schedule(
            at_ms,
            Pending::MetadataRefresh {
                member: i,
                incarnation,
            },
        );
    }

    /// The leader's refresh found the topic grown: it rejoins. A member that restarted or is
    /// no longer the leader since then does nothing: the rebalance that replaced it assigned
    /// the current partitions (a simplification: Kafka's new leader would use its own, possibly
    /// older, metadata).
    fn metadata_refreshed(&mut self, i: usize, incarnation: u32) {
        let leader = self.coordinator.leader().map(str::to_string);
        let Some(c) = self.members.get_mut(i) else {
            return;
        };
        if c.incarnation != incarnation || !c.status.is_running() {
            return;
        }
        if leader.as_deref() == Some(c.member_id.as_str()) {
            // It may change a member's status, hence its phase.
            self.phases_dirty = true;
            c.rejoin = Some(RebalanceReason::MetadataChange);
        }
    }

    pub(super) fn schedule(&mut self, at_ms: u64, pending: Pending) {
        self.queue.push(at_ms, pending);
    }

    fn one_way_ms(&self) -> u64 {
        u64::from(self.config.rtt_ms / 2)
    }

    pub(super) fn send(&mut self, i: usize, request: Request) {
        let at = self.now_ms + self.one_way_ms();
        let incarnation = self.members[i].incarnation;
        self.schedule(
            at,
            Pending::AtCoordinator {
                from: i,
                incarnation,
                request: Box::new(request),
            },
        );
    }

    pub(super) fn respond(&mut self, client: ClientId, response: Response) {
        let (to, incarnation) = split_client(client);
        let at = self.now_ms + self.one_way_ms();
        self.schedule(
            at,
            Pending::AtConsumer {
                to,
                incarnation,
                response: Box::new(response),
            },
        );
    }

    pub(super) fn member_ref(&self, i: usize) -> MemberRef {
        let c = &self.members[i];
        MemberRef {
            member_id: c.member_id.clone(),
            instance_id: c.instance_id.clone(),
            generation: c.generation,
        }
    }

    fn handle(&mut self, pending: Pending, logs: &dyn LogView, events: &mut Vec<GroupEvent>) {
        match pending {
            Pending::AtCoordinator {
                from,
                incarnation,
                request,
            } => self.at_coordinator(from, incarnation, *request, events),
            Pending::AtConsumer {
                to,
                incarnation,
                response,
            } => self.at_consumer(to, incarnation, *response, logs, events),
            Pending::Heartbeat { member, epoch } if self.share.is_some() => {
                self.share_heartbeat_tick(member, epoch)
            }
            // A share consumer has no poll timer here (a simplification, `share.rs`).
            Pending::PollTimer { .. } if self.share.is_some() => {}
            Pending::ShareProtocol(message) => self.share_deliver(*message, logs, events),
            Pending::Heartbeat { member, epoch } if self.kip848.is_some() => {
                self.consumer_heartbeat_tick(member, epoch)
            }
            Pending::Heartbeat { member, epoch } => self.heartbeat_tick(member, epoch),
            Pending::PollTimer { member, epoch } if self.kip848.is_some() => {
                self.consumer_poll_timeout(member, epoch, events)
            }
            Pending::PollTimer { member, epoch } => self.poll_timer(member, epoch, events),
            Pending::ConsumerProtocol(message) => self.kip848_deliver(*message, logs, events),
            Pending::App { member, epoch } => {
                if self
                    .members
                    .get(member)
                    .is_some_and(|c| c.app_epoch == epoch && c.status.is_running())
                {
                    self.app_step(member, logs, events);
                }
            }
            Pending::Worker {
                member,
                worker,
                epoch,
            } => self.worker_done(member, worker, epoch),
            Pending::MetadataRefresh {
                member,
                incarnation,
            } => self.metadata_refreshed(member, incarnation),
        }
    }

    /// Moves the accounting clock to `at`: pause and per-member stopped time.
    fn account(&mut self, at: u64, logs: &dyn LogView) {
        let dt = at.saturating_sub(self.now_ms);
        if dt == 0 {
            return;
        }
        let mut total = 0u64;
        let mut active: Vec<&TopicPartition> = Vec::new();
        for c in &self.members {
            if c.status.is_running() {
                active.extend(c.owned.iter());
            }
        }
        active.sort();
        active.dedup();
        for topic in &self.config.topics {
            total += u64::from(logs.n_partitions(topic).unwrap_or(0));
        }
        let active = active
            .iter()
            .filter(|tp| {
                logs.n_partitions(&tp.topic)
                    .is_some_and(|n| tp.partition < n)
            })
            .count() as u64;
        let paused_now = total.saturating_sub(active);
        self.metrics.pause_partition_ms += paused_now * dt;
        // The first join ends when every partition has had a running owner (the assignment
        // reaches the members a moment after the coordinator completes the rebalance). Under
        // the consumer protocol the first member to join briefly owns everything before the
        // others' shares reach them, so its first join ends only once the group is Stable too.
        let settled = self
            .kip848
            .as_ref()
            .is_none_or(|k| k.coordinator.state() == super::consumer::ConsumerGroupState::Stable);
        self.metrics.first_join_done |= total > 0 && paused_now == 0 && settled;
        if self.metrics.first_join_done {
            self.metrics.rebalance_pause_partition_ms += paused_now * dt;
            let at_once = &mut self.metrics.most_paused_at_once_after_first_join;
            *at_once = (*at_once).max(paused_now);
        }
        for c in &mut self.members {
            if c.status.is_running() {
                c.alive_ms += dt;
                if c.owned.is_empty() && c.status != MemberStatus::Stable {
                    c.stopped_ms += dt;
                }
            }
        }
    }
}
