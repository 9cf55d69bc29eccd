//! The producers of a run: each one's schedule, key source, Kafka client and ledger, and the
//! sim's side of sending: the rate's ticks, user sends, and the sender thread's wake-ups that
//! start the sender (`sender.rs`). A send partitions by the partition count the producer's
//! metadata knows, so added partitions take keyed records only after a refresh.

use super::{Pending, Sim};
use crate::engine::cluster::{Origin, Record, Routing};
use crate::engine::command::CommandError;
use crate::engine::config::{check_key, check_rate, ProducerConfig};
use crate::engine::event::Event;
use crate::engine::producer::RandomSource;
use crate::engine::producer::{ClientConfig, ProducerClient};
use crate::engine::producer::{KeyDraw, KeyGenerator};
use crate::engine::producer::{ProduceError, SendFailure};
use crate::engine::producer::{ProducerMetadata, Sequences};
use crate::engine::rng::Rng;
use std::collections::BTreeMap;
use std::rc::Rc;

/// What happened to one producer's records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProducerLedger {
    /// Records acknowledged (acks=0: when sent; acks=1: on the leader's append; all: at the HW).
    pub acked: u64,
    /// Records whose send failed for good, by Kafka's error name.
    pub failed_by: BTreeMap<SendFailure, u64>,
    /// Produce requests refused or failed and retried, by error name (attempts, not records).
    pub errors_by: BTreeMap<ProduceError, u64>,
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
    pub(super) config: ProducerConfig,
    /// The index of the topic it writes to.
    pub(super) topic: u32,
    /// Draws for its keys.
    pub(super) rng: Rng,
    pub(super) rate_per_sec: u32,
    /// Sends are spaced from this time: the k-th send after it is at `origin + k*1000/rate`.
    pub(super) origin_ms: u64,
    pub(super) sent_since_origin: u64,
    pub(super) tick_generation: u64,
    /// The key source's tables and running state.
    pub(super) keys: KeyGenerator,
    /// The Kafka client: partitioners and batches.
    pub(super) client: ProducerClient,
    /// The earliest sender wake-up already queued, so that no duplicate is queued before it.
    pub(super) sender_poll_at: Option<u64>,
    /// Per id its key source drew (`KeyDraw::id`): the topic's key-statistics id and audit id
    /// for that key (`UNKNOWN` until first sent), so a key is hashed once per run, not per
    /// record (the lookups were a quarter of a keyed run).
    pub(super) known_ids: Vec<[u32; 2]>,
    /// Partitions with a leader (all of them until brokers can fail), kept between sends so a
    /// send does not rebuild the list.
    pub(super) available: Vec<u32>,
    pub(super) records_sent: u64,
    pub(super) batches_sent: u64,
    pub(super) ledger: ProducerLedger,
    /// Its view of the topic's leaders and partition count (`Metadata`).
    pub(super) metadata: ProducerMetadata,
    /// Idempotence's sequence numbers per partition (`TransactionManager`).
    pub(super) sequences: Sequences,
    /// Unanswered produce requests per broker (index broker - 1).
    pub(super) in_flight_per_node: Vec<u32>,
    /// Per broker, the partition its next drain starts at (`nodesDrainIndex`).
    pub(super) drain_index: Vec<u32>,
    /// The retry backoff's jitter draws (its own stream, so retries shift no other draw).
    pub(super) backoff_rng: Rng,
    /// Records sent per partition (what adaptive partitioning moved away from a slow leader).
    pub(super) sent_by_partition: Vec<u64>,
}

impl ProducerRun {
    /// Producer `index` of a run seeded with `seed`, writing to topic `topic` of
    /// `n_partitions` partitions, at time 0.
    pub(super) fn new(
        index: u32,
        config: &ProducerConfig,
        topic: u32,
        n_partitions: u32,
        seed: u64,
    ) -> Self {
        let (rng, partition_rng) = producer_streams(seed, index);
        let client = ProducerClient::new(
            ClientConfig {
                partitioner: config.partitioner,
                adaptive: config.adaptive,
                ignore_keys: config.ignore_keys,
                batch_size: config.batch_size,
                linger_ms: config.linger_ms,
            },
            n_partitions,
            RandomSource::Seeded(partition_rng),
        );
        ProducerRun {
            config: config.clone(),
            topic,
            rng,
            rate_per_sec: config.rate_per_sec,
            origin_ms: 0,
            sent_since_origin: 0,
            tick_generation: 0,
            keys: KeyGenerator::new(&config.key_source),
            client,
            sender_poll_at: None,
            known_ids: Vec::new(),
            available: (0..n_partitions).collect(),
            records_sent: 0,
            batches_sent: 0,
            ledger: ProducerLedger::default(),
            metadata: ProducerMetadata::default(),
            sequences: Sequences::default(),
            in_flight_per_node: Vec::new(),
            drain_index: Vec::new(),
            backoff_rng: Rng::new(0),
            sent_by_partition: Vec::new(),
        }
    }

    /// The sender's per-broker state for `brokers` brokers, and its jitter stream: stream
    /// 64 + `index`, past every producer's key and partitioner streams.
    pub(super) fn init_sender(&mut self, brokers: u32, seed: u64, index: u32) {
        self.in_flight_per_node = vec![0; brokers as usize];
        self.drain_index = vec![0; brokers as usize];
        self.backoff_rng = Rng::stream(seed, 64 + u64::from(index));
    }

    /// What it knows of its topic: leaders and partition count as of its last refresh.
    pub fn metadata(&self) -> &ProducerMetadata {
        &self.metadata
    }

    /// Records sent to each partition, in partition order.
    pub fn sent_by_partition(&self) -> &[u64] {
        &self.sent_by_partition
    }

    /// Unanswered produce requests to broker `broker` (1-based).
    pub fn in_flight_requests(&self, broker: u32) -> u32 {
        self.in_flight_per_node
            .get(broker as usize - 1)
            .copied()
            .unwrap_or(0)
    }

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

    /// Records waiting in its batches that no leader has appended yet (a retry of an appended
    /// batch waits too, but its records are counted as appended).
    pub fn queued_unappended(&self) -> usize {
        self.client
            .accumulator
            .queues
            .iter()
            .flat_map(|q| q.iter())
            .filter(|b| !b.appended)
            .map(|b| b.records.len())
            .sum()
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

/// A producer's source id not looked up yet.
const UNKNOWN: u32 = u32::MAX - 1;
/// Where `ProducerRun::known_ids` keeps the key-statistics id and the audit id.
const KEY_ID: usize = 0;
const AUDIT_ID: usize = 1;

/// The id `look_up` finds for source id `source_id`, looked up only the first time the
/// producer sends that id (a draw without an id is looked up every time). The same source id
/// always names the same key and entity, and the topic's interners never forget a name, so
/// the remembered id is the one a lookup would find again (`NOWHERE` included: an interner
/// that was full stays full).
fn remembered(
    known: &mut Vec<[u32; 2]>,
    source_id: Option<u32>,
    which: usize,
    look_up: impl FnOnce() -> u32,
) -> u32 {
    let Some(i) = source_id.map(|i| i as usize) else {
        return look_up();
    };
    if known.len() <= i {
        known.resize(i + 1, [UNKNOWN; 2]);
    }
    if known[i][which] == UNKNOWN {
        known[i][which] = look_up();
    }
    known[i][which]
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
    fn check_producer(&self, producer: u32) -> Result<(), CommandError> {
        if producer as usize >= self.producers.len() {
            return Err(CommandError::NoProducer {
                producer,
                producers: self.producers.len(),
            });
        }
        Ok(())
    }

    /// `Command::Produce`: one record sent by the user through producer `producer`, with its
    /// key and, if given, an explicit partition.
    pub(super) fn produce(
        &mut self,
        producer: u32,
        key: &Option<String>,
        partition: Option<u32>,
    ) -> Result<(), CommandError> {
        self.check_producer(producer)?;
        if let Some(k) = key {
            check_key(k)?;
        }
        let n = self.topics[self.producers[producer as usize].topic as usize]
            .topic
            .n_partitions();
        if let Some(p) = partition {
            if p >= n {
                // KafkaProducer.waitOnMetadata's words.
                return Err(CommandError::PartitionOutOfRange {
                    partition: p,
                    partitions: n,
                });
            }
        }
        let key: Option<Rc<str>> = key.as_deref().map(Rc::from);
        let draw = KeyDraw {
            key: key.clone(),
            entity: key,
            label: None,
            id: None,
        };
        self.send(producer, draw, Origin::User, partition);
        Ok(())
    }

    /// `Command::SetRate`: the producer's sends are spaced anew from now, and ticks already
    /// queued under the old rate are cancelled.
    pub(super) fn set_rate(
        &mut self,
        producer: u32,
        rate_per_sec: u32,
    ) -> Result<(), CommandError> {
        self.check_producer(producer)?;
        check_rate(rate_per_sec)?;
        let run = &mut self.producers[producer as usize];
        run.rate_per_sec = rate_per_sec;
        run.origin_ms = self.now_ms;
        run.sent_since_origin = 0;
        run.tick_generation += 1;
        self.log.push(Event::RateChanged {
            at_ms: self.now_ms,
            producer,
            rate_per_sec,
        });
        self.schedule_producer_tick(producer);
        Ok(())
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

    pub(super) fn schedule_producer_tick(&mut self, producer: u32) {
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

    pub(super) fn producer_tick(&mut self, producer: u32) {
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
        let KeyDraw {
            key,
            entity,
            label,
            id: source_id,
        } = draw;
        let topic = self.producers[producer as usize].topic;
        let topic_run = &mut self.topics[topic as usize];
        // The partition count as the producer's metadata knows it (an explicit partition past
        // it was checked against the topic itself).
        let known = self.producers[producer as usize].metadata.n_partitions();
        let n_partitions = explicit.map_or(known, |p| known.max(p + 1));
        let id = self.next_record_id;
        self.next_record_id += 1;
        let known = &mut self.producers[producer as usize].known_ids;
        let entity_id = remembered(known, source_id, AUDIT_ID, || {
            topic_run.audit.audit_id(&entity)
        });
        let seq = topic_run.audit.next_seq(entity_id);
        let record = Record {
            id,
            key: key.clone(),
            origin,
            partition: 0,
            batch_id: 0,
            routing: Routing::Partitioner,
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
        let sent = &mut self.producers[producer as usize].sent_by_partition;
        if sent.len() <= partition as usize {
            sent.resize(partition as usize + 1, 0);
        }
        sent[partition as usize] += 1;
        topic_run.totals.sent += 1;
        if let Some(k) = &key {
            topic_run.totals.keyed += 1;
            let known = &mut self.producers[producer as usize].known_ids;
            let key_id = remembered(known, source_id, KEY_ID, || topic_run.key_id(k));
            topic_run.count_key(key_id, partition);
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
        if self.partition_sendable(producer, partition) {
            self.queue_sender_poll(producer, self.now_ms);
        } else if outcome.new_batch {
            let linger = self.producers[producer as usize]
                .client
                .accumulator
                .linger_ms;
            self.queue_sender_poll(producer, self.now_ms + u64::from(linger));
        }
    }
}
