//! What a simulation is set up with, before any user action: the topic, the producer and the
//! seed. Validation lives here so that every front end (page, CLI, codec) gets the same rules.

use super::limits;
use super::producer::PartitionerKind;
use std::fmt;

/// The whole starting configuration of one simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// The seed every random choice in the run is drawn from.
    pub seed: u64,
    /// Brokers in the cluster, with ids 1 to `brokers`.
    pub brokers: u32,
    /// How replicas are placed on brokers.
    pub placement: super::cluster::Placement,
    /// The scenario's main topic: the one the page opens on and the setup form edits.
    pub topic: TopicConfig,
    /// The main producer, writing to `topic` unless it names another.
    pub producer: ProducerConfig,
    /// Further topics, after the main one (topic index 1, 2, ...).
    pub more_topics: Vec<TopicConfig>,
    /// Further producers, after the main one (producer index 1, 2, ...).
    pub more_producers: Vec<ProducerConfig>,
    /// Consumer groups reading the topics, each with its own members and offsets.
    pub groups: Vec<super::consumer_group::GroupConfig>,
    /// `unclean.leader.election.enable`: elect a live replica outside the ISR when no ISR replica
    /// is left (availability over durability). Kafka's default: false.
    pub unclean_leader_election: bool,
    /// `replica.lag.time.max.ms`: a follower not caught up for this long leaves the ISR.
    pub replica_lag_time_max_ms: u64,
    /// One-way latency between brokers (a follower's fetch and the leader's answer), in ms.
    pub replica_latency_ms: u32,
}

/// `acks`: when the producer counts a record as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Acks {
    /// `acks=0`: at once, with no answer; a failure is silent.
    Zero,
    /// `acks=1`: after the leader's append.
    One,
    /// `acks=all` (-1, the default since Kafka 3.0): after the high watermark covers it.
    All,
}

impl Acks {
    /// The name Kafka's config uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Acks::Zero => "0",
            Acks::One => "1",
            Acks::All => "all",
        }
    }
}

/// A topic's name and partition count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicConfig {
    /// The topic's name, as Kafka would accept it.
    pub name: String,
    /// How many partitions it starts with.
    pub partitions: u32,
    /// Replicas of each partition, on distinct brokers.
    pub replication_factor: u32,
    /// `min.insync.replicas`: with `acks=all`, writes are refused while the ISR is smaller than
    /// this (or than the replication factor, whichever is less).
    pub min_insync_replicas: u32,
}

/// How the producer sends: how often, with which keys, and how long a record takes to arrive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerConfig {
    /// The topic it writes to, by name; `None` is the main topic.
    pub topic: Option<String>,
    /// Records per second of sim time; 0 sends nothing on its own.
    pub rate_per_sec: u32,
    /// Where the producer's keys come from.
    pub key_source: KeySource,
    /// Time from a batch leaving the producer to its append on the partition leader, in ms.
    pub latency_ms: u32,
    /// The partitioner for records no key decides.
    pub partitioner: PartitionerKind,
    /// `partitioner.adaptive.partitioning.enable` (built-in partitioner only).
    pub adaptive: bool,
    /// `partitioner.ignore.keys` (built-in partitioner only).
    pub ignore_keys: bool,
    /// `batch.size`, in bytes.
    pub batch_size: u32,
    /// `linger.ms`.
    pub linger_ms: u32,
    /// Bytes in each record's value.
    pub value_bytes: u32,
    /// `acks`.
    pub acks: Acks,
    /// `enable.idempotence`: the leader drops a retried batch it already has (only with acks=all,
    /// as Kafka requires).
    pub idempotence: bool,
    /// `delivery.timeout.ms`: a batch not acknowledged this long after it was sent fails.
    pub delivery_timeout_ms: u32,
    /// `retry.backoff.ms`: the wait before a retriable error is retried.
    pub retry_backoff_ms: u32,
    /// `request.timeout.ms`: how long the leader holds an acks=all write for the ISR.
    pub request_timeout_ms: u32,
}

/// Where a producer's record keys come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A fixed list; each record picks one uniformly at random.
    Fixed(Vec<String>),
    /// `count` entity ids `prefix0 .. prefix{count-1}`, drawn uniformly.
    Entities { prefix: String, count: u32 },
    /// `count` ids `prefix0 …`, Zipf-distributed with exponent `exponent_halves / 2`
    /// (multiples of 0.5 keep the weights exact on every target).
    Zipf {
        prefix: String,
        count: u32,
        exponent_halves: u32,
    },
    /// One hot key taking `share_permille` of the traffic; the rest uniform over `count` ids.
    HotKey {
        prefix: String,
        count: u32,
        hot_key: String,
        share_permille: u32,
    },
    /// Low-cardinality values with weights (country codes where US dominates).
    Weighted(Vec<(String, u32)>),
    /// The send time's epoch second as the key: every record of a second shares a partition.
    TimestampSecond,
    /// A fresh random key for every record.
    RandomUnique,
    /// Orders going CREATED → PAID → SHIPPED → DELIVERED, keyed as chosen.
    OrderLifecycle {
        key_by: super::producer::OrderKeyBy,
        concurrent_orders: u32,
    },
    /// No key: the record is partitioned without one.
    None,
}

/// A configuration value outside what the engine accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where the bad value is, as a dotted path (`topic.partitions`).
    pub field: String,
    /// What was wrong with it, in words a user can act on.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

/// Checks a partition count against the simulation's limits, with the message users see.
pub fn check_partitions(field: &str, partitions: u32) -> Result<(), ConfigError> {
    if partitions < 1 {
        return Err(ConfigError::new(
            field,
            "a topic needs at least 1 partition",
        ));
    }
    if partitions > limits::PARTITIONS_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "{partitions} is above the playground's limit of {} partitions",
                limits::PARTITIONS_MAX
            ),
        ));
    }
    Ok(())
}

/// Checks one key's length.
pub fn check_key(field: &str, key: &str) -> Result<(), ConfigError> {
    if key.len() > limits::KEY_BYTES_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "the key is {} bytes long; the limit is {} bytes",
                key.len(),
                limits::KEY_BYTES_MAX
            ),
        ));
    }
    Ok(())
}

/// Checks a producer rate.
pub fn check_rate(field: &str, rate_per_sec: u32) -> Result<(), ConfigError> {
    if rate_per_sec > limits::RATE_PER_SEC_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "{rate_per_sec} records/s is above the limit of {}",
                limits::RATE_PER_SEC_MAX
            ),
        ));
    }
    Ok(())
}

impl SimConfig {
    /// Every topic, the main one first; a topic's index here is its index in the run.
    pub fn topics(&self) -> impl Iterator<Item = &TopicConfig> + '_ {
        std::iter::once(&self.topic).chain(&self.more_topics)
    }

    /// Every producer, the main one first.
    pub fn producers(&self) -> impl Iterator<Item = &ProducerConfig> + '_ {
        std::iter::once(&self.producer).chain(&self.more_producers)
    }

    /// The index of the topic a producer writes to, or `None` when it names no topic here.
    pub fn topic_index(&self, producer: &ProducerConfig) -> Option<usize> {
        match &producer.topic {
            None => Some(0),
            Some(name) => self.topics().position(|t| &t.name == name),
        }
    }

    /// Checks every value against the engine's limits; the first problem is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.brokers < 1 || self.brokers > limits::BROKERS_MAX {
            return Err(ConfigError::new(
                "cluster.brokers",
                format!(
                    "a cluster here has 1 to {} brokers, not {}",
                    limits::BROKERS_MAX,
                    self.brokers
                ),
            ));
        }
        if self.replica_lag_time_max_ms < 2
            || self.replica_lag_time_max_ms > limits::REPLICA_LAG_MS_MAX
        {
            return Err(ConfigError::new(
                "cluster.replica_lag_time_max_ms",
                format!(
                    "replica.lag.time.max.ms is 2 to {} ms here, not {}",
                    limits::REPLICA_LAG_MS_MAX,
                    self.replica_lag_time_max_ms
                ),
            ));
        }
        if self.replica_latency_ms > limits::LATENCY_MS_MAX {
            return Err(ConfigError::new(
                "cluster.replica_latency_ms",
                format!(
                    "{} ms is above the limit of {} ms",
                    self.replica_latency_ms,
                    limits::LATENCY_MS_MAX
                ),
            ));
        }
        if self.more_topics.len() + 1 > limits::TOPICS_MAX {
            return Err(ConfigError::new(
                "more_topics",
                format!("a scenario has at most {} topics", limits::TOPICS_MAX),
            ));
        }
        if self.more_producers.len() + 1 > limits::PRODUCERS_MAX {
            return Err(ConfigError::new(
                "more_producers",
                format!("a scenario has at most {} producers", limits::PRODUCERS_MAX),
            ));
        }
        let mut names: Vec<&str> = Vec::new();
        for (i, topic) in self.topics().enumerate() {
            let field = if i == 0 {
                "topic".to_string()
            } else {
                format!("more_topics[{}]", i - 1)
            };
            topic.validate(&field, self.brokers, self.placement)?;
            if names.contains(&topic.name.as_str()) {
                // AdminManager / ReplicationControlManager's words for a second CreateTopics.
                return Err(ConfigError::new(
                    &format!("{field}.name"),
                    format!("Topic '{}' already exists.", topic.name),
                ));
            }
            names.push(&topic.name);
        }
        for (i, producer) in self.producers().enumerate() {
            let field = if i == 0 {
                "producer".to_string()
            } else {
                format!("more_producers[{}]", i - 1)
            };
            if self.topic_index(producer).is_none() {
                let name = producer.topic.as_deref().unwrap_or_default();
                return Err(ConfigError::new(
                    &format!("{field}.topic"),
                    format!("there is no topic called {name:?} in this scenario"),
                ));
            }
            producer.validate(&field)?;
        }
        if self.groups.len() > limits::GROUPS_MAX {
            return Err(ConfigError::new(
                "groups",
                format!(
                    "a scenario has at most {} consumer groups",
                    limits::GROUPS_MAX
                ),
            ));
        }
        for (i, group) in self.groups.iter().enumerate() {
            let at = |e: ConfigError| {
                ConfigError::new(
                    &e.field.replacen("group", &format!("groups[{i}]"), 1),
                    e.message,
                )
            };
            group.validate().map_err(at)?;
            if let Some(missing) = group.topics.iter().find(|t| !names.contains(&t.as_str())) {
                return Err(ConfigError::new(&format!("groups[{i}].topics"), format!("the group subscribes to {missing:?}, which is not a topic of this scenario")));
            }
            if self.groups[..i]
                .iter()
                .any(|g| g.group_id == group.group_id)
            {
                return Err(ConfigError::new(
                    &format!("groups[{i}].group_id"),
                    format!(
                        "two groups are called {:?}: each group.id names one group",
                        group.group_id
                    ),
                ));
            }
        }
        Ok(())
    }
}

impl TopicConfig {
    /// Checks the topic's name, partitions and replication factor; `field` prefixes the paths.
    pub fn validate(
        &self,
        field: &str,
        brokers: u32,
        placement: super::cluster::Placement,
    ) -> Result<(), ConfigError> {
        let at = |sub: &str| format!("{field}.{sub}");
        let name = &self.name;
        if name.is_empty() || name.len() > limits::TOPIC_NAME_MAX {
            return Err(ConfigError::new(
                &at("name"),
                format!(
                    "a topic name has 1 to {} characters",
                    limits::TOPIC_NAME_MAX
                ),
            ));
        }
        if name == "." || name == ".." {
            return Err(ConfigError::new(
                &at("name"),
                "Kafka does not accept '.' or '..' as a topic name",
            ));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(ConfigError::new(
                &at("name"),
                format!("{bad:?} is not allowed: Kafka topic names use ASCII letters, digits, '.', '_' and '-'"),
            ));
        }
        check_partitions(&at("partitions"), self.partitions)?;
        // Kafka's own words: the KRaft controller's CreateTopics, or AdminUtils.
        let rf = self.replication_factor;
        let kraft = placement == super::cluster::Placement::Striped;
        if rf < 1 {
            let message = if kraft {
                "Replication factor must be larger than 0, or -1 to use the default value."
            } else {
                "Replication factor must be larger than 0."
            };
            return Err(ConfigError::new(&at("replication_factor"), message));
        }
        if rf > brokers {
            let message = if kraft {
                format!("Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {brokers} broker(s) are registered.")
            } else {
                format!("Replication factor: {rf} larger than available brokers: {brokers}.")
            };
            return Err(ConfigError::new(&at("replication_factor"), message));
        }
        // Kafka accepts min.insync.replicas above the replication factor (acks=all then checks
        // against the smaller of the two), so only 0 and values past any cluster are refused.
        if self.min_insync_replicas < 1 || self.min_insync_replicas > limits::BROKERS_MAX {
            return Err(ConfigError::new(
                &at("min_insync_replicas"),
                format!(
                    "min.insync.replicas is 1 to {}, not {}",
                    limits::BROKERS_MAX,
                    self.min_insync_replicas
                ),
            ));
        }
        Ok(())
    }
}

impl ProducerConfig {
    /// Checks the producer's settings and key source; `field` prefixes the paths.
    pub fn validate(&self, field: &str) -> Result<(), ConfigError> {
        let at = |sub: &str| format!("{field}.{sub}");
        check_rate(&at("rate_per_sec"), self.rate_per_sec)?;
        if self.latency_ms > limits::LATENCY_MS_MAX {
            return Err(ConfigError::new(
                &at("latency_ms"),
                format!(
                    "{} ms is above the limit of {} ms",
                    self.latency_ms,
                    limits::LATENCY_MS_MAX
                ),
            ));
        }
        let p = self;
        if p.batch_size < 1 || p.batch_size > limits::BATCH_SIZE_MAX {
            return Err(ConfigError::new(
                &at("batch_size"),
                format!(
                    "batch.size must be 1 to {} bytes, not {}",
                    limits::BATCH_SIZE_MAX,
                    p.batch_size
                ),
            ));
        }
        if p.linger_ms > limits::LINGER_MS_MAX {
            return Err(ConfigError::new(
                &at("linger_ms"),
                format!(
                    "linger.ms must be at most {} ms, not {}",
                    limits::LINGER_MS_MAX,
                    p.linger_ms
                ),
            ));
        }
        if p.value_bytes > limits::VALUE_BYTES_MAX {
            return Err(ConfigError::new(
                &at("value_bytes"),
                format!(
                    "a value is at most {} bytes here, not {}",
                    limits::VALUE_BYTES_MAX,
                    p.value_bytes
                ),
            ));
        }
        for (name, value, max) in [
            (
                "delivery_timeout_ms",
                self.delivery_timeout_ms,
                limits::DELIVERY_TIMEOUT_MS_MAX,
            ),
            (
                "retry_backoff_ms",
                self.retry_backoff_ms,
                limits::LATENCY_MS_MAX,
            ),
            (
                "request_timeout_ms",
                self.request_timeout_ms,
                limits::DELIVERY_TIMEOUT_MS_MAX,
            ),
        ] {
            if value > max {
                return Err(ConfigError::new(
                    &at(name),
                    format!("{value} ms is above the limit of {max} ms"),
                ));
            }
        }
        if self.retry_backoff_ms < 1 {
            return Err(ConfigError::new(
                &at("retry_backoff_ms"),
                "retry.backoff.ms must be at least 1 ms here",
            ));
        }
        match &self.key_source {
            KeySource::Fixed(keys) => {
                if keys.is_empty() {
                    return Err(ConfigError::new(
                        &at("keys.values"),
                        "a fixed key list needs at least one key",
                    ));
                }
                if keys.len() > limits::FIXED_KEYS_MAX {
                    return Err(ConfigError::new(
                        &at("keys.values"),
                        format!(
                            "{} keys is above the limit of {}",
                            keys.len(),
                            limits::FIXED_KEYS_MAX
                        ),
                    ));
                }
                for key in keys {
                    check_key(&at("keys.values"), key)?;
                }
            }
            KeySource::Entities { prefix, count } => {
                check_key(&at("keys.prefix"), prefix)?;
                if *count < 1 || *count > limits::ENTITY_COUNT_MAX {
                    return Err(ConfigError::new(
                        &at("keys.count"),
                        format!(
                            "the entity count must be 1 to {}, not {count}",
                            limits::ENTITY_COUNT_MAX
                        ),
                    ));
                }
            }
            KeySource::Zipf {
                prefix,
                count,
                exponent_halves,
            } => {
                check_key(&at("keys.prefix"), prefix)?;
                if *count < 1 || *count > limits::ZIPF_COUNT_MAX {
                    return Err(ConfigError::new(
                        &at("keys.count"),
                        format!(
                            "a Zipf source has 1 to {} ids, not {count}",
                            limits::ZIPF_COUNT_MAX
                        ),
                    ));
                }
                if !(1..=6).contains(exponent_halves) {
                    return Err(ConfigError::new(&at("keys.exponent"),
                        "the Zipf exponent is 0.5, 1, 1.5, 2, 2.5 or 3 (multiples of 0.5 are exact on every target)",
                    ));
                }
            }
            KeySource::HotKey {
                prefix,
                count,
                hot_key,
                share_permille,
            } => {
                check_key(&at("keys.prefix"), prefix)?;
                check_key(&at("keys.hot_key"), hot_key)?;
                if *count < 1 || *count > limits::ENTITY_COUNT_MAX {
                    return Err(ConfigError::new(
                        &at("keys.count"),
                        format!(
                            "the other ids number 1 to {}, not {count}",
                            limits::ENTITY_COUNT_MAX
                        ),
                    ));
                }
                if *share_permille > 1000 {
                    return Err(ConfigError::new(
                        &at("keys.share"),
                        "the hot key's share is 0 to 1 (0% to 100%)",
                    ));
                }
            }
            KeySource::Weighted(values) => {
                if values.is_empty() || values.len() > limits::FIXED_KEYS_MAX {
                    return Err(ConfigError::new(
                        &at("keys.values"),
                        format!(
                            "a weighted source has 1 to {} values",
                            limits::FIXED_KEYS_MAX
                        ),
                    ));
                }
                for (key, weight) in values {
                    check_key(&at("keys.values"), key)?;
                    if *weight > limits::WEIGHT_MAX {
                        return Err(ConfigError::new(
                            &at("keys.values"),
                            format!(
                                "weight {weight} for {key:?} is above the limit of {}",
                                limits::WEIGHT_MAX
                            ),
                        ));
                    }
                }
                if values.iter().all(|(_, w)| *w == 0) {
                    return Err(ConfigError::new(
                        &at("keys.values"),
                        "at least one weight must be above 0",
                    ));
                }
            }
            KeySource::OrderLifecycle {
                concurrent_orders, ..
            } => {
                if *concurrent_orders < 1 || *concurrent_orders > limits::CONCURRENT_ORDERS_MAX {
                    return Err(ConfigError::new(
                        &at("keys.concurrent_orders"),
                        format!(
                            "1 to {} orders at a time, not {concurrent_orders}",
                            limits::CONCURRENT_ORDERS_MAX
                        ),
                    ));
                }
            }
            KeySource::TimestampSecond | KeySource::RandomUnique | KeySource::None => {}
        }
        Ok(())
    }
}

impl Default for SimConfig {
    /// The scenario a first visit opens: six partitions, a dozen user ids, twenty records a second
    /// (two a second at the page's default 0.1× slow motion).
    fn default() -> Self {
        SimConfig {
            seed: 1,
            brokers: 3,
            placement: super::cluster::Placement::Striped,
            topic: TopicConfig {
                name: "orders".to_string(),
                partitions: 6,
                replication_factor: 3,
                min_insync_replicas: 1,
            },
            producer: ProducerConfig {
                topic: None,
                rate_per_sec: 20,
                key_source: KeySource::Entities {
                    prefix: "user-".to_string(),
                    count: 12,
                },
                latency_ms: 50,
                partitioner: PartitionerKind::BuiltIn,
                adaptive: true,
                ignore_keys: false,
                batch_size: 16_384,
                linger_ms: 5,
                value_bytes: 100,
                acks: Acks::All,
                idempotence: true,
                delivery_timeout_ms: 120_000,
                retry_backoff_ms: 100,
                request_timeout_ms: 30_000,
            },
            more_topics: Vec::new(),
            more_producers: Vec::new(),
            groups: Vec::new(),
            unclean_leader_election: false,
            replica_lag_time_max_ms: 30_000,
            replica_latency_ms: 0,
        }
    }
}
