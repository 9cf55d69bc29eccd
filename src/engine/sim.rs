//! The simulation: state plus a queue of pending happenings ordered by `(time, seq)`. Time is
//! logical (ms); nothing here reads a clock. `advance_to` processes everything due up to a time,
//! `step` processes the next instant, and `apply` takes a user command at the current time.
//! A run has one cluster, several topics ([`TopicRun`]) and several producers
//! ([`ProducerRun`]), each producer writing to one topic.

use super::cluster::{LoadMeter, Origin, PartitionReplication, Record, Topic, TopicLoad};
use super::command::{Command, CommandError};
use super::config::Acks;
use super::config::{
    check_key, check_partitions, check_rate, ConfigError, ProducerConfig, SimConfig, TopicConfig,
};
use super::consumer_group::{ConsumerGroup, GroupEvent, LogView};
use super::event::Event;
use super::interner::Interner;
use super::java::partition_for_key;
use super::limits;
use super::producer::{
    ClientConfig, KeyDraw, KeyGenerator, ProducerBatch, ProducerClient, RandomSource,
};
use super::queue::EventQueue;
use super::rng::Rng;
use super::trace::TraceHasher;
use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

mod replicate;

/// Something scheduled to happen at a sim time; `producer` is an index into the run's producers.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Pending {
    /// The producer sends whatever its rate says is due by now. `generation` lets a rate change
    /// cancel ticks already queued.
    ProducerTick { producer: u32, generation: u64 },
    /// The producer's sender thread wakes: sends every batch that is full or has lingered.
    SenderPoll { producer: u32 },
    /// A batch of the producer's reaches its partition's leader; `attempt` counts from 0,
    /// `appended` says whether an earlier attempt was appended (a retry may duplicate it).
    DeliverBatch {
        producer: u32,
        batch: ProducerBatch,
        attempt: u32,
        first_sent_ms: u64,
        appended: bool,
    },
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
}

/// A broker's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerState {
    /// Running (not killed).
    pub alive: bool,
    /// Extra delay on each fetch its replicas send, in ms (a slow broker).
    pub slow_delay_ms: u32,
}

/// An acks=all write held by the leader until the high watermark covers it (`DelayedProduce`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DelayedProduce {
    producer: u32,
    topic: u32,
    batch: ProducerBatch,
    leader_epoch: u32,
    base_offset: u64,
    required_offset: u64,
    deadline_ms: u64,
    attempt: u32,
    first_sent_ms: u64,
}

/// What happened to one producer's records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerLedger {
    /// Records acknowledged (acks=0: when sent; acks=1: on the leader's append; all: at the HW).
    pub acked: u64,
    /// Records whose send failed for good, by Kafka's error name.
    pub failed_by: BTreeMap<&'static str, u64>,
    /// Produce requests refused or failed and retried, by error name (attempts, not records).
    pub errors_by: BTreeMap<&'static str, u64>,
    /// Records retried.
    pub retried: u64,
    /// Records appended again by a retry (a duplicate in the log; never with idempotence).
    pub duplicates: u64,
    /// Acknowledged records later gone from the leader's log (lost).
    pub acked_lost: u64,
}

impl ProducerLedger {
    /// Records that failed for good.
    pub fn failed(&self) -> u64 {
        self.failed_by.values().sum()
    }
}

/// One producer: its settings, schedule, key source and Kafka client.
#[derive(Clone, Debug, PartialEq)]
pub struct ProducerRun {
    config: ProducerConfig,
    /// The index of the topic it writes to.
    topic: u32,
    /// Draws for its keys.
    rng: Rng,
    rate_per_sec: u32,
    /// Sends are spaced from this time: the k-th send after it is at `origin + k*1000/rate`.
    origin_ms: u64,
    sent_since_origin: u64,
    tick_generation: u64,
    /// The key source's tables and running state.
    keys: KeyGenerator,
    /// The Kafka client: partitioners and batches.
    client: ProducerClient,
    /// The earliest sender wake-up already queued, so that no duplicate is queued before it.
    sender_poll_at: Option<u64>,
    /// Partitions with a leader (all of them until brokers can fail), kept between sends so a
    /// send does not rebuild the list.
    available: Vec<u32>,
    records_sent: u64,
    batches_sent: u64,
    ledger: ProducerLedger,
}

impl ProducerRun {
    /// What happened to its records: acknowledged, failed, retried, lost.
    pub fn ledger(&self) -> &ProducerLedger {
        &self.ledger
    }

    /// Its settings as configured (the rate may have changed since: see `rate_per_sec`).
    pub fn config(&self) -> &ProducerConfig {
        &self.config
    }

    /// The index of the topic it writes to.
    pub fn topic(&self) -> u32 {
        self.topic
    }

    /// Its current rate, in records per second.
    pub fn rate_per_sec(&self) -> u32 {
        self.rate_per_sec
    }

    /// The Kafka client: its batches waiting to be sent and its partitioner state.
    pub fn client(&self) -> &ProducerClient {
        &self.client
    }

    /// Records it sent (user sends through it included).
    pub fn records_sent(&self) -> u64 {
        self.records_sent
    }

    /// Batches it sent.
    pub fn batches_sent(&self) -> u64 {
        self.batches_sent
    }

    /// Records waiting in its batches.
    pub fn queued(&self) -> impl Iterator<Item = &Record> + '_ {
        self.client
            .accumulator
            .queues
            .iter()
            .flat_map(|q| q.iter())
            .flat_map(|b| b.records.iter())
    }
}

/// Running counts over the whole run (and, per topic, over that topic).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Records sent, by the producers and the user.
    pub sent: u64,
    /// Records appended to a partition.
    pub appended: u64,
    /// Batches the producers sent.
    pub batches_sent: u64,
    /// Records sent with a key.
    pub keyed: u64,
    /// Commands refused.
    pub rejected: u64,
    /// Records given up before any append (failed sends, acks=0 sends dropped).
    pub failed: u64,
    /// Appends of a record already appended once (retries without idempotence).
    pub duplicates: u64,
    /// Records gone from the leader's log when leadership moved to a shorter log.
    pub discarded: u64,
    /// Records that came back into the leader's log when leadership moved to a longer log.
    pub resurrected: u64,
    /// Followers dropped from an ISR.
    pub isr_shrinks: u64,
    /// Followers added back to an ISR.
    pub isr_expands: u64,
    /// Leader changes (offline included).
    pub leader_changes: u64,
}

/// Where one key's records went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeyStats {
    /// Records sent with this key.
    pub records: u64,
    /// Records per partition; more than one entry means the key's order is split.
    pub by_partition: BTreeMap<u32, u64>,
}

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

/// What growing the topic did to the key mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resize {
    /// When, in ms.
    pub at_ms: u64,
    /// Partitions before.
    pub from: u32,
    /// Partitions after.
    pub to: u32,
    /// Keys seen so far (the ones the comparison covers).
    pub keys_tracked: u64,
    /// Of those, keys whose partition changed.
    pub keys_moved: u64,
    /// The first moved keys with their old and new partitions (at most `limits::SPLITS_LISTED_MAX`).
    pub moved: Vec<(Rc<str>, u32, u32)>,
}

/// No record of the entity has been appended yet.
const NOWHERE: u32 = u32::MAX;

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
}

/// The event log: a bounded window for display, a hash of everything, and optionally all of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLog {
    /// The newest events, oldest first, at most `limits::RECENT_EVENTS_MAX`.
    pub recent: VecDeque<Event>,
    /// Events over the whole run.
    pub total: u64,
    /// Every event, when capture was asked for (the CLI's `--trace`).
    pub captured: Option<Vec<Event>>,
    hasher: TraceHasher,
}

impl EventLog {
    fn push(&mut self, event: Event) {
        event.hash_into(&mut self.hasher);
        self.total += 1;
        if let Some(all) = &mut self.captured {
            all.push(event.clone());
        }
        if self.recent.len() == limits::RECENT_EVENTS_MAX {
            self.recent.pop_front();
        }
        self.recent.push_back(event);
    }

    /// The FNV-1a hash of every event so far.
    pub fn hash(&self) -> u64 {
        self.hasher.finish()
    }
}

/// Places `n` new partitions of a topic with the configured algorithm, after `existing` ones.
/// For added partitions, AdminUtils starts at partition 0's first broker and continues the
/// numbering (AdminZkClient.createPartitions); the striped placer continues after the last
/// partition's leader (ReplicationControlManager.createPartitions).
fn place(
    config: &SimConfig,
    rf: u32,
    n: u32,
    existing: &[Vec<u32>],
    rng: &mut Rng,
) -> Result<Vec<Vec<u32>>, String> {
    let broker_ids: Vec<u32> = (1..=config.brokers).collect();
    match config.placement {
        super::cluster::Placement::Striped => {
            let brokers: Vec<(u32, bool)> = broker_ids.iter().map(|&b| (b, false)).collect();
            super::cluster::place_striped(&brokers, n, rf, existing, rng)
        }
        super::cluster::Placement::AdminUtils => {
            let start = existing
                .first()
                .and_then(|r| r.first())
                .and_then(|b| broker_ids.iter().position(|x| x == b));
            let start_partition = (!existing.is_empty()).then_some(existing.len() as u32);
            super::cluster::assign_replicas(
                &broker_ids,
                n,
                rf,
                start.map(|i| i as u32),
                start_partition,
                rng,
            )
        }
    }
}

/// One topic of the run: its logs and everything measured about where its records went.
#[derive(Clone, Debug)]
pub struct TopicRun {
    config: TopicConfig,
    topic: Topic,
    totals: Totals,
    key_ids: Interner,
    key_stats: Vec<KeyStats>,
    /// Distinct tracked keys routed to each partition, kept as keys arrive so that reading it is cheap.
    keys_per_partition: Vec<u64>,
    keys_truncated: bool,
    audit: OrderAudit,
    load: LoadMeter,
    resizes: Vec<Resize>,
    /// Per partition: replicas, leader, ISR, high watermark.
    replication: Vec<PartitionReplication>,
}

impl TopicRun {
    /// Partition `p`'s replicated state.
    pub fn replication(&self, partition: u32) -> Option<&PartitionReplication> {
        self.replication.get(partition as usize)
    }

    /// Every partition's replicated state.
    pub fn replications(&self) -> &[PartitionReplication] {
        &self.replication
    }

    /// The high watermark consumers read up to: the leader's, but not below what consumers
    /// already saw while the new leader's own HW catches up (those records are on it).
    pub fn consumer_high_watermark(&self, partition: u32) -> u64 {
        self.replication.get(partition as usize).map_or(0, |r| {
            r.high_watermark()
                .max(r.hw_floor)
                .min(self.topic.partitions[partition as usize].end_offset())
        })
    }

    /// The topic and its partition logs.
    pub fn topic(&self) -> &Topic {
        &self.topic
    }

    /// The topic's name.
    pub fn name(&self) -> &str {
        &self.topic.name
    }

    /// Its settings as created (the partition count may have grown since).
    pub fn config(&self) -> &TopicConfig {
        &self.config
    }

    /// Running counts for this topic alone.
    pub fn totals(&self) -> &Totals {
        &self.totals
    }

    /// Per-key statistics, in the order keys were first seen.
    pub fn keys(&self) -> impl Iterator<Item = (&Rc<str>, &KeyStats)> + '_ {
        self.key_stats
            .iter()
            .enumerate()
            .map(|(id, stats)| (self.key_ids.name(id as u32), stats))
    }

    /// Distinct keys tracked.
    pub fn distinct_keys(&self) -> usize {
        self.key_stats.len()
    }

    /// Distinct tracked keys the producers have routed to `partition` (records in flight included).
    pub fn distinct_keys_in(&self, partition: u32) -> u64 {
        self.keys_per_partition
            .get(partition as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Whether more distinct keys were seen than are tracked.
    pub fn keys_truncated(&self) -> bool {
        self.keys_truncated
    }

    /// Records and bytes per second per partition over the second before `now_ms`, and the skew.
    pub fn load(&self, now_ms: u64) -> TopicLoad {
        self.load.load(self.topic.n_partitions(), now_ms)
    }

    /// What each growth of the topic did to the key mapping, oldest first (the latest few).
    pub fn resizes(&self) -> &[Resize] {
        &self.resizes
    }

    /// The ordering audit.
    pub fn audit(&self) -> &OrderAudit {
        &self.audit
    }

    /// The partition a key would go to now: what the key inspector shows.
    pub fn partition_for(&self, key: &str) -> u32 {
        partition_for_key(key.as_bytes(), self.topic.n_partitions())
    }

    /// The audit's id for `entity` and the next sequence number for it.
    fn next_seq(&mut self, entity: &Option<Rc<str>>) -> (u32, u64) {
        let Some(e) = entity else { return (NOWHERE, 0) };
        let Some(id) = self.audit.entity_id(e) else {
            return (NOWHERE, 0);
        };
        let seq = &mut self.audit.next_seq[id as usize];
        *seq += 1;
        (id, *seq - 1)
    }

    fn count_key(&mut self, key: &Rc<str>, partition: u32) {
        let Some(id) = self.key_ids.intern(key, limits::TRACKED_KEYS_MAX) else {
            self.keys_truncated = true;
            return;
        };
        if id as usize == self.key_stats.len() {
            self.key_stats.push(KeyStats::default());
        }
        let stats = &mut self.key_stats[id as usize];
        stats.records += 1;
        let count = stats.by_partition.entry(partition).or_default();
        if *count == 0 {
            let p = partition as usize;
            if self.keys_per_partition.len() <= p {
                self.keys_per_partition.resize(p + 1, 0);
            }
            self.keys_per_partition[p] += 1;
        }
        *count += 1;
    }

    /// Notes where an entity's record landed; a record in another partition than the entity's
    /// previous one means its order is no longer guaranteed from here on. Returns the split to
    /// log, if any.
    fn audit_placement(
        &mut self,
        id: u32,
        entity: Rc<str>,
        partition: u32,
        offset: u64,
        now_ms: u64,
    ) -> Option<Split> {
        let id = id as usize;
        let previous = std::mem::replace(&mut self.audit.placement[id], partition);
        if previous == partition || previous == NOWHERE {
            return None;
        }
        let first_time = !self.audit.is_split[id];
        if first_time {
            self.audit.is_split[id] = true;
            self.audit.entities_split += 1;
        }
        let split = Split {
            entity,
            at_ms: now_ms,
            from: previous,
            to: partition,
            offset,
        };
        if first_time && self.audit.first_splits.len() < limits::SPLITS_LISTED_MAX {
            self.audit.first_splits.push(split.clone());
        }
        self.audit.moves += 1;
        Some(split)
    }
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
    /// Brokers 1..=n at index 0..n.
    brokers: Vec<BrokerState>,
    /// acks=all writes waiting for the high watermark.
    delayed: Vec<DelayedProduce>,
    /// When the next expiry sweep of `delayed` is queued, if it is.
    sweep_at: Option<u64>,
    /// The most brokers ever stopped at the same time.
    most_brokers_down: u32,
}

/// The topics as a consumer group reads them: by name, from the current leader's log, up to the
/// high watermark, from the oldest record still kept.
pub struct TopicLogs<'a>(pub &'a [TopicRun]);

impl TopicLogs<'_> {
    fn log(&self, topic: &str, partition: u32) -> Option<&super::cluster::PartitionLog> {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .and_then(|t| t.topic.partitions.get(partition as usize))
    }
}

impl LogView for TopicLogs<'_> {
    fn n_partitions(&self, topic: &str) -> Option<u32> {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .map(|t| t.topic.n_partitions())
    }

    fn log_start_offset(&self, topic: &str, partition: u32) -> u64 {
        self.log(topic, partition).map_or(0, |l| l.start_offset)
    }

    fn high_watermark(&self, topic: &str, partition: u32) -> u64 {
        self.0
            .iter()
            .find(|t| t.topic.name == topic)
            .map_or(0, |t| t.consumer_high_watermark(partition))
    }

    fn record(&self, topic: &str, partition: u32, offset: u64) -> Option<&Record> {
        let log = self.log(topic, partition)?;
        let index = offset.checked_sub(log.start_offset)?;
        log.records
            .get(usize::try_from(index).ok()?)
            .map(|s| &s.record)
    }
}

/// The random streams of producer `index`: its keys and its partitioner. Producer 0 keeps the
/// streams a one-producer run always had (the seed itself, and stream 1), so adding producers
/// never changes what the first one does; the others take streams 16 + 2i and 17 + 2i.
fn producer_streams(seed: u64, index: u32) -> (Rng, Rng) {
    match index {
        0 => (Rng::new(seed), Rng::stream(seed, 1)),
        i => (
            Rng::stream(seed, 16 + 2 * u64::from(i)),
            Rng::stream(seed, 17 + 2 * u64::from(i)),
        ),
    }
}

impl Sim {
    /// A simulation at time 0, or the first configuration problem.
    pub fn new(config: SimConfig) -> Result<Sim, ConfigError> {
        config.validate()?;
        // Placement draws from its own stream, so key draws, partition draws and placement do
        // not shift each other when one of them changes.
        let mut placement_rng = Rng::stream(config.seed, 2);
        let mut topics = Vec::new();
        for (i, topic_config) in config.topics().enumerate() {
            let field = if i == 0 {
                "topic.replication_factor".to_string()
            } else {
                format!("more_topics[{}].replication_factor", i - 1)
            };
            let replicas = place(
                &config,
                topic_config.replication_factor,
                topic_config.partitions,
                &[],
                &mut placement_rng,
            )
            .map_err(|e| ConfigError { field, message: e })?;
            let mut topic = Topic::new(&topic_config.name, topic_config.partitions);
            let replication = replicas
                .iter()
                .map(|r| PartitionReplication::new(r))
                .collect();
            topic.replicas = replicas;
            topics.push(TopicRun {
                config: topic_config.clone(),
                topic,
                totals: Totals::default(),
                key_ids: Interner::default(),
                key_stats: Vec::new(),
                keys_per_partition: Vec::new(),
                keys_truncated: false,
                audit: OrderAudit::default(),
                load: LoadMeter::default(),
                resizes: Vec::new(),
                replication,
            });
        }
        let mut producers = Vec::new();
        for (i, p) in config.producers().enumerate() {
            let topic = config
                .topic_index(p)
                .expect("validate checked every producer's topic") as u32;
            let n_partitions = topics[topic as usize].topic.n_partitions();
            let (rng, partition_rng) = producer_streams(config.seed, i as u32);
            let client = ProducerClient::new(
                ClientConfig {
                    partitioner: p.partitioner,
                    adaptive: p.adaptive,
                    ignore_keys: p.ignore_keys,
                    batch_size: p.batch_size,
                    linger_ms: p.linger_ms,
                },
                n_partitions,
                RandomSource::Seeded(partition_rng),
            );
            producers.push(ProducerRun {
                config: p.clone(),
                topic,
                rng,
                rate_per_sec: p.rate_per_sec,
                origin_ms: 0,
                sent_since_origin: 0,
                tick_generation: 0,
                keys: KeyGenerator::new(&p.key_source),
                client,
                sender_poll_at: None,
                available: (0..n_partitions).collect(),
                records_sent: 0,
                batches_sent: 0,
                ledger: ProducerLedger::default(),
            });
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
            placement_rng,
            topics,
            producers,
            now_ms: 0,
            queue: EventQueue::default(),
            next_record_id: 0,
            totals: Totals::default(),
            log: EventLog::default(),
            brokers: vec![
                BrokerState {
                    alive: true,
                    slow_delay_ms: 0
                };
                config.brokers as usize
            ],
            delayed: Vec::new(),
            sweep_at: None,
            most_brokers_down: 0,
            config,
        };
        for producer in 0..sim.producers.len() as u32 {
            sim.schedule_producer_tick(producer);
        }
        sim.start_replication();
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

    /// Topic `index`, or the main topic when there is no such index (views never fail).
    pub fn topic_run(&self, index: u32) -> &TopicRun {
        self.topics.get(index as usize).unwrap_or(&self.topics[0])
    }

    /// Every producer, the main one first.
    pub fn producers(&self) -> &[ProducerRun] {
        &self.producers
    }

    /// Producer `index`, or the main producer when there is no such index.
    pub fn producer(&self, index: u32) -> &ProducerRun {
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

    /// Running totals over every topic: the per-topic counts added up, with the counts that
    /// belong to no topic (refusals, ISR and leader changes, duplicates) from the run itself.
    pub fn totals(&self) -> Totals {
        let mut t = self.totals.clone();
        for run in &self.topics {
            let r = &run.totals;
            t.sent += r.sent;
            t.appended += r.appended;
            t.batches_sent += r.batches_sent;
            t.keyed += r.keyed;
            t.failed += r.failed;
            t.discarded += r.discarded;
            t.resurrected += r.resurrected;
        }
        t
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
        self.queue.iter().filter_map(|(at, p)| match p {
            Pending::DeliverBatch {
                producer, batch, ..
            } => Some((at, *producer, batch)),
            _ => None,
        })
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
                Pending::DeliverBatch {
                    batch,
                    appended: false,
                    ..
                } => batch.records.len(),
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
                reason: e.message.clone(),
            });
        }
        result
    }

    fn check_producer(&self, producer: u32) -> Result<(), CommandError> {
        if producer as usize >= self.producers.len() {
            return Err(CommandError {
                message: format!(
                    "there is no producer {producer} (this run has {})",
                    self.producers.len()
                ),
            });
        }
        Ok(())
    }

    fn try_apply(&mut self, command: &Command) -> Result<(), CommandError> {
        let refuse = |e: ConfigError| CommandError { message: e.message };
        match command {
            Command::Produce {
                producer,
                key,
                partition,
            } => {
                self.check_producer(*producer)?;
                if let Some(k) = key {
                    check_key("key", k).map_err(refuse)?;
                }
                let n = self.topics[self.producers[*producer as usize].topic as usize]
                    .topic
                    .n_partitions();
                if let Some(p) = partition {
                    if *p >= n {
                        // KafkaProducer.waitOnMetadata's words.
                        return Err(CommandError {
                            message: format!("Invalid partition given with record: {p} is not in the range [0...{n})."),
                        });
                    }
                }
                let key: Option<Rc<str>> = key.as_deref().map(Rc::from);
                let draw = KeyDraw {
                    key: key.clone(),
                    entity: key,
                    label: None,
                };
                self.send(*producer, draw, Origin::User, *partition);
                Ok(())
            }
            Command::SetRate {
                producer,
                rate_per_sec,
            } => {
                self.check_producer(*producer)?;
                check_rate("rate", *rate_per_sec).map_err(refuse)?;
                let run = &mut self.producers[*producer as usize];
                run.rate_per_sec = *rate_per_sec;
                run.origin_ms = self.now_ms;
                run.sent_since_origin = 0;
                run.tick_generation += 1;
                self.log.push(Event::RateChanged {
                    at_ms: self.now_ms,
                    producer: *producer,
                    rate_per_sec: *rate_per_sec,
                });
                self.schedule_producer_tick(*producer);
                Ok(())
            }
            Command::AddPartitions { topic, total } => self.add_partitions(*topic, *total),
            Command::KillBroker { broker } => self.kill_broker(*broker),
            Command::RestartBroker { broker } => self.restart_broker(*broker),
            Command::SlowBroker { broker, delay_ms } => self.slow_broker(*broker, *delay_ms),
            Command::ElectPreferredLeaders => {
                self.elect_preferred_leaders();
                Ok(())
            }
            Command::Group { group, command } => {
                let Some(g) = self.groups.get_mut(*group as usize) else {
                    return Err(CommandError {
                        message: format!(
                            "there is no consumer group {group} (this run has {})",
                            self.groups.len()
                        ),
                    });
                };
                let mut events = std::mem::take(&mut self.group_events);
                let result = g.apply(self.now_ms, command, &TopicLogs(&self.topics), &mut events);
                self.log_group_events(*group, &mut events);
                self.group_events = events;
                result.map_err(|message| CommandError { message })
            }
        }
    }

    fn log_group_events(&mut self, group: u32, events: &mut Vec<GroupEvent>) {
        for event in events.drain(..) {
            self.log.push(Event::Group { group, event });
        }
    }

    fn add_partitions(&mut self, topic: u32, total: u32) -> Result<(), CommandError> {
        let Some(run) = self.topics.get(topic as usize) else {
            return Err(CommandError {
                message: format!(
                    "there is no topic {topic} (this run has {})",
                    self.topics.len()
                ),
            });
        };
        let current = run.topic.n_partitions();
        // Kafka's own words, from ReplicationControlManager.createPartitions.
        if total == current {
            return Err(CommandError {
                message: format!("Topic already has {current} partition(s)."),
            });
        }
        if total < current {
            return Err(CommandError {
                message: format!(
                    "The topic {} currently has {current} partition(s); {total} would not be an increase.",
                    run.topic.name
                ),
            });
        }
        check_partitions("partitions", total).map_err(|e| CommandError { message: e.message })?;
        let added = place(
            &self.config,
            run.config.replication_factor,
            total - current,
            &run.topic.replicas,
            &mut self.placement_rng,
        )
        .map_err(|message| CommandError { message })?;
        let run = &mut self.topics[topic as usize];
        for replicas in &added {
            let mut rep = PartitionReplication::new(replicas);
            // New partitions are led by their first live replica in the ISR (KRaft elects at creation).
            let alive: Vec<u32> = replicas
                .iter()
                .copied()
                .filter(|&b| self.brokers[b as usize - 1].alive)
                .collect();
            rep.isr = if alive.is_empty() {
                vec![replicas[0]]
            } else {
                alive.clone()
            };
            rep.leader = alive.first().copied();
            if rep.leader.is_none() {
                rep.offline_since_ms = Some(self.now_ms);
            }
            run.replication.push(rep);
        }
        run.topic.replicas.extend(added);
        run.topic
            .partitions
            .resize(total as usize, Default::default());
        for producer in self.producers.iter_mut().filter(|p| p.topic == topic) {
            producer.client.accumulator.resize(total);
        }
        self.refresh_available(topic);
        for p in current..total {
            self.start_partition_fetchers(topic, p);
        }
        let run = &mut self.topics[topic as usize];
        let mut resize = Resize {
            at_ms: self.now_ms,
            from: current,
            to: total,
            keys_tracked: 0,
            keys_moved: 0,
            moved: Vec::new(),
        };
        for id in 0..run.key_ids.len() as u32 {
            let key = run.key_ids.name(id);
            let (before, after) = (
                partition_for_key(key.as_bytes(), current),
                partition_for_key(key.as_bytes(), total),
            );
            resize.keys_tracked += 1;
            if before != after {
                resize.keys_moved += 1;
                if resize.moved.len() < limits::SPLITS_LISTED_MAX {
                    resize.moved.push((key.clone(), before, after));
                }
            }
        }
        self.log.push(Event::PartitionsAdded {
            at_ms: self.now_ms,
            topic,
            from: current,
            to: total,
            keys_moved: resize.keys_moved,
            keys_tracked: resize.keys_tracked,
        });
        if run.resizes.len() == limits::RESIZES_KEPT_MAX {
            run.resizes.remove(0);
        }
        run.resizes.push(resize);
        // Subscribed groups see the new partitions at their next metadata refresh, modelled as
        // immediate: the leader then rejoins and a rebalance hands them out.
        let name = run.topic.name.clone();
        let logs = TopicLogs(&self.topics);
        for g in self
            .groups
            .iter_mut()
            .filter(|g| g.config().topics.contains(&name))
        {
            g.partitions_changed(self.now_ms, &name, &logs);
        }
        Ok(())
    }

    fn push_pending(&mut self, at_ms: u64, pending: Pending) {
        self.queue.push(at_ms, pending);
    }

    /// The time of the producer's next send under its current rate.
    fn next_send_ms(&self, producer: u32) -> Option<u64> {
        let run = &self.producers[producer as usize];
        let rate = u64::from(run.rate_per_sec);
        if rate == 0 {
            return None;
        }
        let k = run.sent_since_origin + 1;
        Some(run.origin_ms + k * 1000 / rate)
    }

    fn schedule_producer_tick(&mut self, producer: u32) {
        if let Some(at) = self.next_send_ms(producer) {
            let generation = self.producers[producer as usize].tick_generation;
            self.push_pending(
                at,
                Pending::ProducerTick {
                    producer,
                    generation,
                },
            );
        }
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
                Pending::DeliverBatch {
                    producer,
                    batch,
                    attempt,
                    first_sent_ms,
                    appended,
                } => self.deliver(producer, batch, attempt, first_sent_ms, appended),
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
            }
        }
        processed
    }

    fn producer_tick(&mut self, producer: u32) {
        while let Some(due) = self.next_send_ms(producer) {
            if due > self.now_ms {
                break;
            }
            let run = &mut self.producers[producer as usize];
            let draw = run
                .keys
                .draw(&run.config.key_source, &mut run.rng, self.now_ms);
            self.send(producer, draw, Origin::Producer, None);
            self.producers[producer as usize].sent_since_origin += 1;
        }
        self.schedule_producer_tick(producer);
    }

    fn send(&mut self, producer: u32, draw: KeyDraw, origin: Origin, explicit: Option<u32>) {
        let KeyDraw { key, entity, label } = draw;
        let topic = self.producers[producer as usize].topic;
        let topic_run = &mut self.topics[topic as usize];
        let n_partitions = topic_run.topic.n_partitions();
        let id = self.next_record_id;
        self.next_record_id += 1;
        let (entity_id, seq) = topic_run.next_seq(&entity);
        let record = Record {
            id,
            key: key.clone(),
            origin,
            partition: 0,
            batch_id: 0,
            routing: super::cluster::Routing::Partitioner,
            entity,
            seq,
            entity_id,
            label,
            n_partitions_at_send: n_partitions,
            topic,
            producer,
            sent_at_ms: self.now_ms,
            arrives_at_ms: 0,
        };
        let ProducerRun {
            client,
            available,
            config,
            records_sent,
            ..
        } = &mut self.producers[producer as usize];
        *records_sent += 1;
        let outcome = client.send(
            record,
            config.value_bytes,
            explicit,
            self.now_ms,
            available,
            n_partitions,
        );
        let partition = outcome.partition;
        topic_run.totals.sent += 1;
        if let Some(k) = &key {
            topic_run.totals.keyed += 1;
            topic_run.count_key(k, partition);
        }
        self.log.push(Event::Sent {
            at_ms: self.now_ms,
            producer,
            topic,
            record_id: id,
            key,
            partition,
            origin,
            batch_id: outcome.batch_id,
        });
        if let Some(to) = outcome.switched_to {
            self.log.push(Event::PartitionerSwitched {
                at_ms: self.now_ms,
                producer,
                to,
            });
        }
        // Only this partition's queue changed: it may now be full, or hold a new batch whose
        // linger deadline is the earliest (no need to scan every partition on every record).
        let accumulator = &self.producers[producer as usize].client.accumulator;
        if accumulator.sendable(partition, self.now_ms) {
            self.queue_sender_poll(producer, self.now_ms);
        } else if outcome.new_batch {
            let deadline = self.now_ms + u64::from(accumulator.linger_ms);
            self.queue_sender_poll(producer, deadline);
        }
    }

    /// Queues a sender wake-up now if a batch can go, else when the oldest batch has lingered.
    fn schedule_sender(&mut self, producer: u32) {
        let accumulator = &self.producers[producer as usize].client.accumulator;
        let at = if accumulator.any_sendable(self.now_ms) {
            Some(self.now_ms)
        } else {
            accumulator.next_linger_deadline_ms()
        };
        if let Some(at) = at {
            self.queue_sender_poll(producer, at);
        }
    }

    /// Queues a sender wake-up at `at` unless one is already queued no later than that.
    fn queue_sender_poll(&mut self, producer: u32, at: u64) {
        let run = &mut self.producers[producer as usize];
        if run
            .sender_poll_at
            .is_none_or(|queued| queued > at || queued < self.now_ms)
        {
            run.sender_poll_at = Some(at);
            self.push_pending(at, Pending::SenderPoll { producer });
        }
    }

    fn sender_poll(&mut self, producer: u32) {
        let now_ms = self.now_ms;
        let run = &mut self.producers[producer as usize];
        if run.sender_poll_at == Some(now_ms) {
            run.sender_poll_at = None;
        }
        let topic = run.topic;
        let leaders: Vec<bool> = self.topics[topic as usize]
            .replication
            .iter()
            .map(|r| r.leader.is_some())
            .collect();
        run.client.refresh_load_stats(&leaders);
        let batches = run.client.accumulator.drain(now_ms);
        let arrives_at_ms = now_ms + u64::from(run.config.latency_ms);
        let acks_zero = run.config.acks == Acks::Zero;
        for mut batch in batches {
            if acks_zero {
                // acks=0: the send counts as done as soon as it leaves; nothing ever answers.
                self.producers[producer as usize].ledger.acked += batch.records.len() as u64;
            }
            for record in &mut batch.records {
                record.arrives_at_ms = arrives_at_ms;
            }
            self.producers[producer as usize].batches_sent += 1;
            self.topics[topic as usize].totals.batches_sent += 1;
            self.log.push(Event::BatchSent {
                at_ms: now_ms,
                producer,
                topic,
                batch_id: batch.id,
                partition: batch.partition,
                records: batch.records.len() as u32,
                bytes: batch.estimated_bytes(),
            });
            self.push_pending(
                arrives_at_ms,
                Pending::DeliverBatch {
                    producer,
                    batch,
                    attempt: 0,
                    first_sent_ms: now_ms,
                    appended: false,
                },
            );
        }
        self.schedule_sender(producer);
    }

    /// Appends a batch's records to the leader's log (and its mirror in the topic), returning
    /// the base offset.
    fn append_batch(&mut self, producer: u32, batch: &ProducerBatch) -> u64 {
        let partition = batch.partition;
        let value_bytes = u64::from(self.producers[producer as usize].config.value_bytes);
        let topic = self.producers[producer as usize].topic;
        let base = self.topics[topic as usize].topic.partitions[partition as usize].end_offset();
        for record in &batch.records {
            let mut record = record.clone();
            record.arrives_at_ms = self.now_ms;
            let run = &mut self.topics[topic as usize];
            let id = record.id;
            let entity =
                (record.entity_id != NOWHERE).then(|| (record.entity_id, record.entity.clone()));
            let bytes = record.key.as_ref().map_or(0, |k| k.len() as u64) + value_bytes;
            run.load.record(partition, bytes, self.now_ms);
            let rep = &mut run.replication[partition as usize];
            let leader = rep
                .leader
                .and_then(|l| rep.index_of(l))
                .expect("appends go to a leader");
            rep.replicas[leader].log.append(record.clone());
            let offset = run.topic.partitions[partition as usize].append(record);
            run.totals.appended += 1;
            self.log.push(Event::Appended {
                at_ms: self.now_ms,
                topic,
                record_id: id,
                partition,
                offset,
            });
            if let Some((id, Some(entity))) = entity {
                if let Some(split) = self.topics[topic as usize].audit_placement(
                    id,
                    entity,
                    partition,
                    offset,
                    self.now_ms,
                ) {
                    let Split {
                        entity,
                        from,
                        to,
                        offset,
                        ..
                    } = split;
                    self.log.push(Event::OrderSplit {
                        at_ms: self.now_ms,
                        topic,
                        entity,
                        from,
                        to,
                        offset,
                    });
                }
            }
        }
        base
    }
}
