//! The run's starting configuration as a whole: the cluster, its topics, producers and
//! consumer groups, and the seed. Validation lives here so that every front end (page, CLI,
//! codec) gets the same rules; each part checks itself in the files of this folder, and the
//! first problem is a [`ConfigError`] naming the field.

use super::error::{FieldPath, Part};
use super::limits;
use super::producer::PartitionerKind;
use std::fmt;

mod checks;
mod keys;
mod producer;
mod topic;

pub use checks::{check_key, check_partitions, check_rate, LimitError};
pub use keys::KeySource;
pub use producer::{Acks, ProducerConfig, TopicRef};
pub use topic::TopicConfig;

/// The whole starting configuration of one simulation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SimConfig {
    /// The seed every random choice in the run is drawn from.
    pub seed: u64,
    /// Brokers in the cluster, with ids 1 to `brokers`.
    pub brokers: u32,
    /// How replicas are placed on brokers.
    pub placement: super::cluster::Placement,
    /// The run's topics; a topic's index here is its index in the run (at least one).
    pub topics: Vec<TopicConfig>,
    /// The run's producers, each naming its topic; its index here is its index in the run (at
    /// least one).
    pub producers: Vec<ProducerConfig>,
    /// Consumer groups reading the topics, each with its own members and offsets.
    pub groups: Vec<super::group::GroupConfig>,
    /// `unclean.leader.election.enable`: elect a live replica outside the ISR when no ISR replica
    /// is left (availability over durability). Kafka's default: false.
    pub unclean_leader_election: bool,
    /// `replica.lag.time.max.ms`: a follower not caught up for this long leaves the ISR.
    pub replica_lag_time_max_ms: u64,
    /// One-way latency between brokers (a follower's fetch and the leader's answer), in ms.
    pub replica_latency_ms: u32,
    /// `broker.session.timeout.ms`: the controller fences a broker it has not heard a heartbeat
    /// from for this long (`BrokerHeartbeatManager.hasValidSession`). Kafka's default: 9000.
    pub broker_session_timeout_ms: u64,
    /// `broker.heartbeat.interval.ms`: how often a broker heartbeats to the controller. Kafka's
    /// default: 2000.
    pub broker_heartbeat_interval_ms: u64,
    /// `auto.leader.rebalance.enable`: the controller moves leadership back to preferred
    /// replicas every `leader.imbalance.check.interval.seconds` (300). Kafka's default: true.
    pub auto_leader_rebalance: bool,
    /// `log.retention.check.interval.ms`: how often the `kafka-log-retention` task deletes
    /// segments past retention. Kafka's default: 300000.
    pub log_retention_check_interval_ms: u64,
    /// `log.initial.task.delay.ms`: when that task first runs. Kafka's default: 30000.
    pub log_initial_task_delay_ms: u64,
}

/// A configuration value outside what the engine accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where the bad value is; each format spells the path its own way.
    pub field: FieldPath,
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
    /// A refusal of the value at `field`, saying why.
    pub fn new(field: FieldPath, message: impl Into<String>) -> Self {
        ConfigError {
            field,
            message: message.into(),
        }
    }
}

impl SimConfig {
    /// The index of the topic a producer writes to, or `None` when it names no topic here.
    pub fn topic_index(&self, producer: &ProducerConfig) -> Option<usize> {
        match &producer.topic {
            TopicRef::Index(i) => (*i < self.topics.len()).then_some(*i),
            TopicRef::Name(name) => self.topics.iter().position(|t| &t.name == name),
        }
    }

    /// Checks every value against the engine's limits; the first problem is returned.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.brokers < 1 || self.brokers > limits::BROKERS_MAX {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "brokers"),
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
                FieldPath::at(Part::Cluster, "replica_lag_time_max_ms"),
                format!(
                    "replica.lag.time.max.ms is 2 to {} ms here, not {}",
                    limits::REPLICA_LAG_MS_MAX,
                    self.replica_lag_time_max_ms
                ),
            ));
        }
        if self.replica_latency_ms > limits::LATENCY_MS_MAX {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "replica_latency_ms"),
                format!(
                    "{} ms is above the limit of {} ms",
                    self.replica_latency_ms,
                    limits::LATENCY_MS_MAX
                ),
            ));
        }
        if self.broker_session_timeout_ms < 1
            || self.broker_session_timeout_ms > limits::BROKER_SESSION_TIMEOUT_MS_MAX
        {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "broker_session_timeout_ms"),
                format!(
                    "broker.session.timeout.ms is 1 to {} ms here, not {}",
                    limits::BROKER_SESSION_TIMEOUT_MS_MAX,
                    self.broker_session_timeout_ms
                ),
            ));
        }
        // KafkaConfig's check: "broker.heartbeat.interval.ms must be less than or equal to
        // broker.session.timeout.ms".
        if self.broker_heartbeat_interval_ms < 1
            || self.broker_heartbeat_interval_ms > self.broker_session_timeout_ms
        {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "broker_heartbeat_interval_ms"),
                format!(
                    "broker.heartbeat.interval.ms is 1 ms to broker.session.timeout.ms ({} ms), not {}",
                    self.broker_session_timeout_ms, self.broker_heartbeat_interval_ms
                ),
            ));
        }
        if !(1..=limits::RETENTION_MS_MAX).contains(&self.log_retention_check_interval_ms) {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "log_retention_check_interval_ms"),
                format!(
                    "log.retention.check.interval.ms is 1 to {} ms here, not {}",
                    limits::RETENTION_MS_MAX,
                    self.log_retention_check_interval_ms
                ),
            ));
        }
        if self.log_initial_task_delay_ms > limits::RETENTION_MS_MAX {
            return Err(ConfigError::new(
                FieldPath::at(Part::Cluster, "log_initial_task_delay_ms"),
                format!(
                    "log.initial.task.delay.ms is 0 to {} ms here, not {}",
                    limits::RETENTION_MS_MAX,
                    self.log_initial_task_delay_ms
                ),
            ));
        }
        if self.topics.is_empty() {
            return Err(ConfigError::new(
                FieldPath::of(Part::Topics),
                "a run needs at least one topic",
            ));
        }
        if self.topics.len() > limits::TOPICS_MAX {
            return Err(ConfigError::new(
                FieldPath::of(Part::Topics),
                format!("a scenario has at most {} topics", limits::TOPICS_MAX),
            ));
        }
        if self.producers.is_empty() {
            return Err(ConfigError::new(
                FieldPath::of(Part::Producers),
                "a run needs at least one producer",
            ));
        }
        if self.producers.len() > limits::PRODUCERS_MAX {
            return Err(ConfigError::new(
                FieldPath::of(Part::Producers),
                format!("a scenario has at most {} producers", limits::PRODUCERS_MAX),
            ));
        }
        let mut names: Vec<&str> = Vec::new();
        for (i, topic) in self.topics.iter().enumerate() {
            topic.validate(Part::Topic(i), self.brokers, self.placement)?;
            if names.contains(&topic.name.as_str()) {
                // AdminManager / ReplicationControlManager's words for a second CreateTopics.
                return Err(ConfigError::new(
                    FieldPath::at(Part::Topic(i), "name"),
                    format!("Topic '{}' already exists.", topic.name),
                ));
            }
            names.push(&topic.name);
        }
        for (i, producer) in self.producers.iter().enumerate() {
            if self.topic_index(producer).is_none() {
                let message = match &producer.topic {
                    TopicRef::Name(name) => {
                        format!("there is no topic called {name:?} in this scenario")
                    }
                    TopicRef::Index(t) => {
                        format!("there is no topic {t}; the run has {}", self.topics.len())
                    }
                };
                return Err(ConfigError::new(
                    FieldPath::at(Part::Producer(i), "topic"),
                    message,
                ));
            }
            producer.validate(Part::Producer(i))?;
        }
        if self.groups.len() > limits::GROUPS_MAX {
            return Err(ConfigError::new(
                FieldPath::of(Part::Groups),
                format!(
                    "a scenario has at most {} consumer groups",
                    limits::GROUPS_MAX
                ),
            ));
        }
        for (i, group) in self.groups.iter().enumerate() {
            group.validate_at(i)?;
            if let Some(missing) = group.topics.iter().find(|t| !names.contains(&t.as_str())) {
                return Err(ConfigError::new(FieldPath::at(Part::Group(i), "topics"), format!("the group subscribes to {missing:?}, which is not a topic of this scenario")));
            }
            // A committed offset names a partition that exists and an offset its log has
            // reached, so no group starts past a high watermark.
            for (tp, offset) in &group.committed_offsets {
                let Some(topic) = self.topics.iter().find(|t| t.name == tp.topic) else {
                    continue;
                };
                let at = FieldPath::at(Part::Group(i), "committed_offsets");
                if tp.partition >= topic.partitions {
                    return Err(ConfigError::new(
                        at,
                        format!("{tp}: {} has {} partitions", topic.name, topic.partitions),
                    ));
                }
                let (_, end) = topic.starting_offsets(tp.partition);
                if *offset > end {
                    return Err(ConfigError::new(
                        at,
                        format!("{tp}: offset {offset} is past the log end offset {end} (topic.starting_log_end_offsets)"),
                    ));
                }
            }
            if self.groups[..i]
                .iter()
                .any(|g| g.group_id == group.group_id)
            {
                return Err(ConfigError::new(
                    FieldPath::at(Part::Group(i), "group_id"),
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

impl Default for SimConfig {
    /// The scenario a first visit opens: six partitions, a dozen user ids, twenty records a second
    /// (two a second at the page's default 0.1× slow motion).
    fn default() -> Self {
        SimConfig {
            seed: 1,
            brokers: 3,
            placement: super::cluster::Placement::Striped,
            topics: vec![TopicConfig {
                name: "orders".to_string(),
                partitions: 6,
                replication_factor: 3,
                min_insync_replicas: 1,
                retention: Default::default(),
                replica_assignment: Vec::new(),
                starting_leaders: Vec::new(),
                starting_isr: Vec::new(),
                starting_log_start_offsets: Vec::new(),
                starting_log_end_offsets: Vec::new(),
            }],
            producers: vec![ProducerConfig {
                topic: TopicRef::Index(0),
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
                max_in_flight_requests_per_connection: 5,
                retry_backoff_max_ms: 1000,
                metadata_max_age_ms: 300_000,
            }],
            groups: Vec::new(),
            unclean_leader_election: false,
            replica_lag_time_max_ms: 30_000,
            replica_latency_ms: 0,
            broker_session_timeout_ms: 9_000,
            broker_heartbeat_interval_ms: 2_000,
            auto_leader_rebalance: true,
            log_retention_check_interval_ms: 300_000,
            log_initial_task_delay_ms: 30_000,
        }
    }
}
