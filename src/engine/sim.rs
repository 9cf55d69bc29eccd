//! The simulation: state plus a queue of pending happenings ordered by `(time, seq)`. Time is
//! logical (ms); nothing here reads a clock. `advance_to` processes everything due up to a time,
//! `step` processes the next instant, and `apply` takes a user command at the current time.
//! A run has one cluster, several topics ([`TopicRun`]) and several producers
//! ([`ProducerRun`]), each producer writing to one topic.
//!
//! This file holds the state and the dispatch: what each queued happening and each command
//! leads to is in the files of this folder, one concern each.

use super::cluster::Record;
use super::cluster::TopicLoad;
use super::command::{Command, CommandError};
use super::config::{ConfigError, SimConfig};
use super::error::{FieldPath, Part};
use super::event::Event;
use super::group::{ConsumerGroup, GroupEvent};
use super::producer::ProducerBatch;
use super::queue::EventQueue;
use super::rng::Rng;

mod brokers;
mod elections;
mod event_log;
mod follower_fetch;
mod log_holds;
mod order_audit;
mod produce_path;
mod producer_state;
mod producers;
mod sender;
mod topic_growth;
mod topics;
mod totals;

pub use brokers::{BrokerState, BrokerStatus};
pub use event_log::EventLog;
pub use order_audit::{OrderAudit, Split};
pub use producers::{ProducerLedger, ProducerRun};
pub use topic_growth::Resize;
pub use topics::{KeyStats, TopicLogs, TopicRun};
pub use totals::Totals;

use produce_path::DelayedProduce;
use producer_state::ProducerStates;
use sender::InFlightRequest;
use std::collections::BTreeMap;
use topic_growth::place;

/// Something scheduled to happen at a sim time; `producer` is an index into the run's producers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    /// The producer sends whatever its rate says is due by now. `generation` lets a rate change
    /// cancel ticks already queued.
    ProducerTick { producer: u32, generation: u64 },
    /// The producer's sender thread wakes: sends every batch that is full or has lingered.
    SenderPoll { producer: u32 },
    /// A produce request of the producer's reaches `broker`, the leader its metadata named
    /// when it was sent; `handled` once a slowed broker has waited its delay.
    ProduceRequest {
        producer: u32,
        broker: u32,
        request: u64,
        batches: Vec<ProducerBatch>,
        handled: bool,
    },
    /// The producer's metadata refresh is answered (requested, or `metadata.max.age.ms`).
    MetadataRefresh { producer: u32 },
    /// A follower's fetch reaches the leader.
    Fetch {
        topic: u32,
        partition: u32,
        broker: u32,
        generation: u64,
        fetch_offset: u64,
    },
    /// The leader's answer reaches the follower: records up to `up_to`, and the leader's HW.
    FetchResponse {
        topic: u32,
        partition: u32,
        broker: u32,
        generation: u64,
        up_to: u64,
        leader_hw: u64,
    },
    /// Every `replica.lag.time.max.ms / 2`: leaders drop followers that are out of sync.
    IsrCheck,
    /// Expires acks=all writes held past `request.timeout.ms`.
    ProduceSweep,
    /// Every `log.retention.check.interval.ms`: the brokers delete segments past retention.
    RetentionCheck,
    /// The controller's `maybeFenceStaleBrokers` for `broker`, due when its session would
    /// expire; ignored when the broker heartbeated since (its `session_expires_ms` moved).
    SessionCheck { broker: u32 },
    /// The controller's `maybeBalancePartitionLeaders` (`auto.leader.rebalance.enable`).
    LeaderImbalanceCheck,
}

/// A deterministic simulation of a cluster's topics and the producers writing to them.
#[derive(Clone, Debug)]
pub struct Sim {
    config: SimConfig,
    now_ms: u64,
    /// Draws for placing replicas (AdminUtils's random start and shift).
    placement_rng: Rng,
    topics: Vec<TopicRun>,
    producers: Vec<ProducerRun>,
    /// Consumer groups, each running on its own queue; the run interleaves them after the
    /// producers' happenings of each instant.
    groups: Vec<ConsumerGroup>,
    queue: EventQueue<Pending>,
    next_record_id: u64,
    /// The counts that belong to no topic; `totals()` adds the topics' own.
    totals: Totals,
    log: EventLog,
    /// Reused between instants for the groups' events.
    group_events: Vec<GroupEvent>,
    /// When the logs are next told what their readers still need (`log_holds.rs`).
    next_holds_ms: u64,
    /// Brokers 1..=n at index 0..n.
    brokers: Vec<BrokerState>,
    /// acks=all writes waiting for the high watermark.
    delayed: Vec<DelayedProduce>,
    /// When the next expiry sweep of `delayed` is queued, if it is.
    sweep_at: Option<u64>,
    /// The most brokers ever stopped at the same time.
    most_brokers_down: u32,
    /// acks=all produce requests not yet answered in full, by request id.
    produce_requests: BTreeMap<u64, InFlightRequest>,
    next_request_id: u64,
    /// The leaders' idempotent-producer state.
    producer_states: ProducerStates,
    /// When the controller's next preferred-leader check is queued, if it is.
    imbalance_check_at: Option<u64>,
}

impl Sim {
    /// A simulation at time 0, or the first configuration problem.
    pub fn new(config: SimConfig) -> Result<Sim, ConfigError> {
        config.validate()?;
        // Placement draws from its own stream, so key draws, partition draws and placement do
        // not shift each other when one of them changes.
        let mut placement_rng = Rng::stream(config.seed, 2);
        let mut topics = Vec::new();
        for (i, topic_config) in config.topics.iter().enumerate() {
            let field = FieldPath::at(Part::Topic(i), "replication_factor");
            // An explicit assignment is used as given, as the controller does with
            // `--replica-assignment` (no placer runs, so nothing is drawn).
            let replicas = if topic_config.replica_assignment.is_empty() {
                place(
                    &config,
                    topic_config.replication_factor,
                    topic_config.partitions,
                    &[],
                    &mut placement_rng,
                )
                .map_err(|e| ConfigError { field, message: e })?
            } else {
                topic_config.replica_assignment.clone()
            };
            topics.push(TopicRun::new(topic_config, replicas));
        }
        let mut producers = Vec::new();
        for (i, p) in config.producers.iter().enumerate() {
            let topic = config
                .topic_index(p)
                .expect("validate checked every producer's topic") as u32;
            let n_partitions = topics[topic as usize].topic.n_partitions();
            producers.push(ProducerRun::new(
                i as u32,
                p,
                topic,
                n_partitions,
                config.seed,
            ));
        }
        let mut groups = Vec::new();
        for (i, group) in config.groups.iter().enumerate() {
            // Member ids (Kafka's UUIDs) come from the group's own stream.
            let rng = Rng::stream(config.seed, 1000 + i as u64);
            groups.push(ConsumerGroup::new(group.clone(), rng, 0)?);
        }
        let mut sim = Sim {
            groups,
            group_events: Vec::new(),
            next_holds_ms: 0,
            placement_rng,
            topics,
            producers,
            now_ms: 0,
            queue: EventQueue::default(),
            next_record_id: 0,
            totals: Totals::default(),
            log: EventLog::default(),
            brokers: vec![BrokerState::default(); config.brokers as usize],
            delayed: Vec::new(),
            sweep_at: None,
            most_brokers_down: 0,
            produce_requests: BTreeMap::new(),
            next_request_id: 0,
            producer_states: ProducerStates::default(),
            imbalance_check_at: None,
            config,
        };
        sim.fill_starting_logs();
        for producer in 0..sim.producers.len() as u32 {
            sim.producers[producer as usize].init_sender(
                sim.config.brokers,
                sim.config.seed,
                producer,
            );
            sim.refresh_metadata_now(producer);
            sim.schedule_producer_tick(producer);
        }
        sim.start_replication();
        sim.start_retention();
        Ok(sim)
    }

    /// Keeps every event from now on in `event_log().captured` (for full traces).
    pub fn capture_events(&mut self) {
        self.log.captured.get_or_insert_with(Vec::new);
    }

    /// The configuration the run started from.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The current sim time, in ms.
    pub fn now_ms(&self) -> u64 {
        self.now_ms
    }

    /// Every topic, the main one first.
    pub fn topics(&self) -> &[TopicRun] {
        &self.topics
    }

    /// Topic `index`. Callers hold indexes the config checked (a producer's topic) or the
    /// session clamped (the selected topic), so a miss is a bug: loud in debug builds and tests,
    /// while a release build shows the main topic rather than take the page down.
    pub fn topic_run(&self, index: u32) -> &TopicRun {
        debug_assert!(
            (index as usize) < self.topics.len(),
            "topic index {index} of {}",
            self.topics.len()
        );
        self.topics.get(index as usize).unwrap_or(&self.topics[0])
    }

    /// Every producer, the main one first.
    pub fn producers(&self) -> &[ProducerRun] {
        &self.producers
    }

    /// Producer `index`; as with `topic_run`, a miss is a bug, asserted in debug builds.
    pub fn producer(&self, index: u32) -> &ProducerRun {
        debug_assert!(
            (index as usize) < self.producers.len(),
            "producer index {index} of {}",
            self.producers.len()
        );
        self.producers
            .get(index as usize)
            .unwrap_or(&self.producers[0])
    }

    /// The consumer groups, in scenario order.
    pub fn groups(&self) -> &[ConsumerGroup] {
        &self.groups
    }

    /// The topics as the groups read them (for the groups' views of lag and positions).
    pub fn logs(&self) -> TopicLogs<'_> {
        TopicLogs(&self.topics)
    }

    /// Records and bytes per second per partition of topic `index` over the last second.
    pub fn load(&self, index: u32) -> TopicLoad {
        self.topic_run(index).load(self.now_ms)
    }

    /// The event log.
    pub fn event_log(&self) -> &EventLog {
        &self.log
    }

    /// Batches on their way to the broker, in arrival order, with their arrival time and the
    /// index of the producer that sent them.
    pub fn batches_in_flight(&self) -> impl Iterator<Item = (u64, u32, &ProducerBatch)> + '_ {
        self.queue
            .iter()
            .filter_map(|(at, p)| match p {
                Pending::ProduceRequest {
                    producer, batches, ..
                } => Some(batches.iter().map(move |b| (at, *producer, b))),
                _ => None,
            })
            .flatten()
    }

    /// Records on their way to the broker, in arrival order.
    pub fn in_flight(&self) -> impl Iterator<Item = &Record> + '_ {
        self.batches_in_flight()
            .flat_map(|(_, _, b)| b.records.iter())
    }

    /// Records in flight that no leader has appended yet (first sends and their retries).
    pub fn unappended_in_flight(&self) -> usize {
        self.queue
            .values()
            .map(|p| match p {
                Pending::ProduceRequest { batches, .. } => batches
                    .iter()
                    .filter(|b| !b.appended)
                    .map(|b| b.records.len())
                    .sum(),
                _ => 0,
            })
            .sum()
    }

    /// Records waiting in every producer's batches.
    pub fn queued(&self) -> impl Iterator<Item = &Record> + '_ {
        self.producers.iter().flat_map(ProducerRun::queued)
    }

    /// Sim time of the next pending happening, if any (the producers' or a group's).
    pub fn next_event_ms(&self) -> Option<u64> {
        let producers = self.queue.next_at_ms();
        self.groups
            .iter()
            .filter_map(ConsumerGroup::next_wakeup_ms)
            .chain(producers)
            .min()
    }

    /// Processes everything due at or before `t_ms`, then sets the clock to `t_ms`.
    /// A time in the past is ignored: time never runs backwards.
    pub fn advance_to(&mut self, t_ms: u64) {
        let reached = self.advance_to_bounded(t_ms, u64::MAX);
        debug_assert!(reached, "without a budget the target is always reached");
    }

    /// Like `advance_to`, but stops after about `max_events` happenings, always at the end of a
    /// whole instant so that a command can never land between two events of the same ms.
    /// Returns whether `t_ms` was reached.
    pub fn advance_to_bounded(&mut self, t_ms: u64, max_events: u64) -> bool {
        let mut processed = 0;
        while let Some(at) = self.next_event_ms() {
            if at > t_ms {
                break;
            }
            if processed >= max_events {
                return false;
            }
            processed += self.process_instant(at);
        }
        self.now_ms = self.now_ms.max(t_ms);
        true
    }

    /// Processes every happening at the next pending instant and moves the clock there.
    /// Returns that instant, or `None` when nothing is pending.
    pub fn step(&mut self) -> Option<u64> {
        let at = self.next_event_ms()?;
        self.process_instant(at);
        Some(at)
    }

    /// Applies a user command at the current time. A refused command changes nothing but the
    /// event log, where it appears as `Event::Rejected`.
    pub fn apply(&mut self, command: &Command) -> Result<(), CommandError> {
        let result = self.try_apply(command);
        if let Err(e) = &result {
            self.totals.rejected += 1;
            self.log.push(Event::Rejected {
                at_ms: self.now_ms,
                reason: e.to_string(),
            });
        }
        result
    }

    fn try_apply(&mut self, command: &Command) -> Result<(), CommandError> {
        match command {
            Command::Produce {
                producer,
                key,
                partition,
            } => self.produce(*producer, key, *partition),
            Command::SetRate {
                producer,
                rate_per_sec,
            } => self.set_rate(*producer, *rate_per_sec),
            Command::AddPartitions { topic, total } => self.add_partitions(*topic, *total),
            Command::KillBroker { broker } => self.kill_broker(*broker),
            Command::ShutdownBroker { broker } => self.shutdown_broker(*broker),
            Command::IsolateBroker { broker, clients } => self.isolate_broker(*broker, *clients),
            Command::HealBroker { broker } => self.heal_broker(*broker),
            Command::RestartBroker { broker } => self.restart_broker(*broker),
            Command::SlowBroker { broker, delay_ms } => self.slow_broker(*broker, *delay_ms),
            Command::ElectPreferredLeaders => {
                self.elect_preferred_leaders();
                Ok(())
            }
            Command::Group { group, command } => {
                let Some(g) = self.groups.get_mut(*group as usize) else {
                    return Err(CommandError::NoGroup {
                        group: *group,
                        groups: self.groups.len(),
                    });
                };
                let mut events = std::mem::take(&mut self.group_events);
                let result = g.apply(self.now_ms, command, &TopicLogs(&self.topics), &mut events);
                self.log_group_events(*group, &mut events);
                self.group_events = events;
                result.map_err(CommandError::Group)
            }
        }
    }

    fn log_group_events(&mut self, group: u32, events: &mut Vec<GroupEvent>) {
        for event in events.drain(..) {
            self.log.push(Event::Group {
                group,
                event: Box::new(event),
            });
        }
    }

    fn push_pending(&mut self, at_ms: u64, pending: Pending) {
        self.queue.push(at_ms, pending);
    }

    /// Processes every happening queued at `at`, including ones it schedules for `at` itself:
    /// the producers' and brokers' first, then each group's in order, so a group polling at
    /// `at` sees what was appended at `at`.
    fn process_instant(&mut self, at: u64) -> u64 {
        debug_assert!(at >= self.now_ms, "the queue never holds the past");
        self.now_ms = at;
        let mut processed = self.process_producers(at);
        if !self.groups.is_empty() {
            let mut events = std::mem::take(&mut self.group_events);
            for g in 0..self.groups.len() {
                if self.groups[g].next_wakeup_ms().is_some_and(|t| t <= at) {
                    self.groups[g].advance_to(at, &TopicLogs(&self.topics), &mut events);
                    processed += events.len().max(1) as u64;
                    self.log_group_events(g as u32, &mut events);
                }
            }
            self.group_events = events;
        }
        self.maybe_update_log_holds(at);
        processed
    }

    fn process_producers(&mut self, at: u64) -> u64 {
        let mut processed = 0;
        while let Some(pending) = self.queue.pop_at(at) {
            processed += 1;
            match pending {
                Pending::ProducerTick {
                    producer,
                    generation,
                } => {
                    if generation == self.producers[producer as usize].tick_generation {
                        self.producer_tick(producer);
                    }
                }
                Pending::SenderPoll { producer } => self.sender_poll(producer),
                Pending::ProduceRequest {
                    producer,
                    broker,
                    request,
                    batches,
                    handled,
                } => self.on_produce_request(producer, broker, request, batches, handled),
                Pending::MetadataRefresh { producer } => self.metadata_refresh(producer),
                Pending::Fetch {
                    topic,
                    partition,
                    broker,
                    generation,
                    fetch_offset,
                } => self.on_fetch(topic, partition, broker, generation, fetch_offset),
                Pending::FetchResponse {
                    topic,
                    partition,
                    broker,
                    generation,
                    up_to,
                    leader_hw,
                } => self.on_fetch_response(topic, partition, broker, generation, up_to, leader_hw),
                Pending::IsrCheck => self.isr_check(),
                Pending::ProduceSweep => self.produce_sweep(),
                Pending::RetentionCheck => self.retention_check(),
                Pending::SessionCheck { broker } => self.session_check(broker),
                Pending::LeaderImbalanceCheck => self.leader_imbalance_check(),
            }
        }
        processed
    }
}
