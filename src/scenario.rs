//! The one place wire formats live: the scenario JSON (configuration, seed, the user's timed
//! actions and what is on screen), the versioned share-link fragment that carries it, and the
//! CLI's JSON report. The engine derives no serde; everything crossing a boundary goes through
//! here, and every decoder returns an error value, never a panic.
//!
//! The format is documented in `docs/scenario-format.md`.

use crate::engine::producer::OrderKeyBy;
use crate::engine::{self, limits, Command, KeySource, PartitionerKind, SimConfig};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use std::fmt;

mod groups;
mod report;
pub use groups::{
    AssignorSpec, CommitSpec, GroupActionSpec, GroupSpec, MemberSpec, ProcessingSpec, ResetSpec,
};
pub use report::{report, Report};

/// The scenario format version this build writes. Readers accept this and every older one.
pub const FORMAT_VERSION: u32 = 1;
/// The longest scenario JSON accepted, in bytes.
pub const JSON_BYTES_MAX: usize = 256 * 1024;
/// The longest share-link fragment accepted, in characters.
pub const FRAGMENT_CHARS_MAX: usize = 128 * 1024;
/// Playback speed bounds, as multiples of real time.
pub const SPEED_MIN: f64 = 0.01;
/// See [`SPEED_MIN`].
pub const SPEED_MAX: f64 = 100.0;

/// A whole scenario: enough to rebuild exactly what a user saw.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Scenario {
    /// The format version; see [`FORMAT_VERSION`].
    pub version: u32,
    /// The seed every random choice is drawn from.
    pub seed: u64,
    /// The brokers.
    pub cluster: ClusterSpec,
    /// The topic.
    pub topic: TopicSpec,
    /// The producer.
    pub producer: ProducerSpec,
    /// Further topics (topic 1, 2, ...), each with its own name.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_topics: Vec<TopicSpec>,
    /// Further producers (producer 1, 2, ...), each naming its topic.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_producers: Vec<ProducerSpec>,
    /// Consumer groups (group 0, 1, ...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupSpec>,
    /// The user's actions, in time order.
    pub actions: Vec<Action>,
    /// What is on screen.
    pub view: ViewSpec,
    /// The lesson this scenario belongs to, if any (its steps and live checks are shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

/// The cluster section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClusterSpec {
    /// Brokers, with ids 1 to `brokers`.
    pub brokers: u32,
    /// `striped` (KRaft's StripedReplicaPlacer) or `admin_utils` (rack-unaware AdminUtils).
    pub placement: PlacementSpec,
    /// `unclean.leader.election.enable` (false).
    #[serde(skip_serializing_if = "is_false")]
    pub unclean_leader_election: bool,
    /// `replica.lag.time.max.ms` (30000).
    #[serde(skip_serializing_if = "is_default_lag")]
    pub replica_lag_time_max_ms: u64,
    /// One-way latency between brokers, in ms (0).
    #[serde(skip_serializing_if = "is_zero")]
    pub replica_latency_ms: u32,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn is_default_lag(ms: &u64) -> bool {
    *ms == 30_000
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

fn is_all(a: &AcksSpec) -> bool {
    *a == AcksSpec::All
}

fn is_delivery_default(ms: &u32) -> bool {
    *ms == 120_000
}

fn is_backoff_default(ms: &u32) -> bool {
    *ms == 100
}

fn is_request_default(ms: &u32) -> bool {
    *ms == 30_000
}

/// The wire names of [`engine::Acks`]: `"0"`, `"1"`, `"all"` (also `"-1"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AcksSpec {
    /// No acknowledgement.
    #[serde(rename = "0")]
    Zero,
    /// The leader's.
    #[serde(rename = "1")]
    One,
    /// The in-sync replicas'.
    #[serde(rename = "all", alias = "-1")]
    All,
}

impl From<AcksSpec> for engine::Acks {
    fn from(a: AcksSpec) -> Self {
        match a {
            AcksSpec::Zero => engine::Acks::Zero,
            AcksSpec::One => engine::Acks::One,
            AcksSpec::All => engine::Acks::All,
        }
    }
}

impl From<engine::Acks> for AcksSpec {
    fn from(a: engine::Acks) -> Self {
        match a {
            engine::Acks::Zero => AcksSpec::Zero,
            engine::Acks::One => AcksSpec::One,
            engine::Acks::All => AcksSpec::All,
        }
    }
}

/// The wire names of [`engine::cluster::Placement`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementSpec {
    /// KRaft's StripedReplicaPlacer.
    Striped,
    /// The rack-unaware AdminUtils algorithm.
    AdminUtils,
}

impl Default for ClusterSpec {
    fn default() -> Self {
        Scenario::default().cluster
    }
}

/// The topic section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicSpec {
    /// Topic name.
    pub name: String,
    /// Partitions at the start.
    pub partitions: u32,
    /// Replicas per partition.
    pub replication_factor: u32,
    /// `min.insync.replicas` (1).
    #[serde(skip_serializing_if = "is_one")]
    pub min_insync_replicas: u32,
}

/// The producer section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProducerSpec {
    /// The topic it writes to, by name; absent means the main topic.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// Records per second of sim time.
    pub rate_per_sec: u32,
    /// Send-to-append latency, in ms.
    pub latency_ms: u32,
    /// Where keys come from.
    pub keys: KeysSpec,
    /// The partitioner for records no key decides.
    pub partitioner: PartitionerSpec,
    /// `partitioner.adaptive.partitioning.enable`.
    pub adaptive: bool,
    /// `partitioner.ignore.keys`.
    pub ignore_keys: bool,
    /// `batch.size`, in bytes.
    pub batch_size: u32,
    /// `linger.ms`.
    pub linger_ms: u32,
    /// Bytes in each record's value.
    pub value_bytes: u32,
    /// `acks`: `"0"`, `"1"` or `"all"` (Kafka's default since 3.0).
    #[serde(skip_serializing_if = "is_all")]
    pub acks: AcksSpec,
    /// `enable.idempotence` (true; in effect with acks=all only).
    #[serde(skip_serializing_if = "is_true")]
    pub idempotence: bool,
    /// `delivery.timeout.ms` (120000).
    #[serde(skip_serializing_if = "is_delivery_default")]
    pub delivery_timeout_ms: u32,
    /// `retry.backoff.ms` (100).
    #[serde(skip_serializing_if = "is_backoff_default")]
    pub retry_backoff_ms: u32,
    /// `request.timeout.ms` (30000).
    #[serde(skip_serializing_if = "is_request_default")]
    pub request_timeout_ms: u32,
}

/// The wire names of [`PartitionerKind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartitionerSpec {
    /// Kafka 3.3+ built-in sticky partitioner.
    #[serde(rename = "built_in")]
    BuiltIn,
    /// Kafka 2.4–3.2 sticky partitioner.
    #[serde(rename = "sticky_2_4")]
    StickyLegacy,
    /// Kafka before 2.4: round robin from a random start.
    #[serde(rename = "round_robin_pre_2_4")]
    RoundRobinLegacy,
    /// `RoundRobinPartitioner`.
    #[serde(rename = "round_robin_partitioner")]
    RoundRobin,
}

impl From<PartitionerSpec> for PartitionerKind {
    fn from(p: PartitionerSpec) -> Self {
        match p {
            PartitionerSpec::BuiltIn => PartitionerKind::BuiltIn,
            PartitionerSpec::StickyLegacy => PartitionerKind::StickyLegacy,
            PartitionerSpec::RoundRobinLegacy => PartitionerKind::RoundRobinLegacy,
            PartitionerSpec::RoundRobin => PartitionerKind::RoundRobin,
        }
    }
}

impl From<PartitionerKind> for PartitionerSpec {
    fn from(p: PartitionerKind) -> Self {
        match p {
            PartitionerKind::BuiltIn => PartitionerSpec::BuiltIn,
            PartitionerKind::StickyLegacy => PartitionerSpec::StickyLegacy,
            PartitionerKind::RoundRobinLegacy => PartitionerSpec::RoundRobinLegacy,
            PartitionerKind::RoundRobin => PartitionerSpec::RoundRobin,
        }
    }
}

/// Where the producer's keys come from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum KeysSpec {
    /// Picks uniformly from a list.
    Fixed { values: Vec<String> },
    /// Picks uniformly from `prefix0 .. prefix{count-1}`.
    Entities { prefix: String, count: u32 },
    /// Zipf-skewed ids; `exponent` is a multiple of 0.5 from 0.5 to 3.
    Zipf {
        prefix: String,
        count: u32,
        exponent: f64,
    },
    /// One hot key taking `share` (0 to 1) of the traffic, the rest uniform over `count` ids.
    HotKey {
        prefix: String,
        count: u32,
        hot_key: String,
        share: f64,
    },
    /// Values with weights, e.g. `[["US", 70], ["DE", 20]]`.
    Weighted { values: Vec<(String, u32)> },
    /// The send time's epoch second.
    TimestampSecond,
    /// A fresh random key per record.
    RandomUnique,
    /// Orders going CREATED → PAID → SHIPPED → DELIVERED.
    OrderLifecycle {
        key_by: OrderKeySpec,
        concurrent_orders: u32,
    },
    /// Null keys.
    None,
}

/// What order lifecycle events are keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderKeySpec {
    /// The order id.
    OrderId,
    /// The event type.
    EventType,
    /// No key.
    None,
}

impl From<OrderKeySpec> for OrderKeyBy {
    fn from(k: OrderKeySpec) -> Self {
        match k {
            OrderKeySpec::OrderId => OrderKeyBy::OrderId,
            OrderKeySpec::EventType => OrderKeyBy::EventType,
            OrderKeySpec::None => OrderKeyBy::None,
        }
    }
}

impl From<OrderKeyBy> for OrderKeySpec {
    fn from(k: OrderKeyBy) -> Self {
        match k {
            OrderKeyBy::OrderId => OrderKeySpec::OrderId,
            OrderKeyBy::EventType => OrderKeySpec::EventType,
            OrderKeyBy::None => OrderKeySpec::None,
        }
    }
}

/// One user action at a sim time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// When it was applied, in ms of sim time.
    pub at_ms: u64,
    /// What it was.
    #[serde(flatten)]
    pub command: ActionCommand,
}

/// The wire form of [`engine::Command`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActionCommand {
    /// Send one record through a producer (absent: the main one); `key: null` sends a null key;
    /// `partition`, when present, is explicit.
    Produce {
        #[serde(default, skip_serializing_if = "is_zero")]
        producer: u32,
        key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        partition: Option<u32>,
    },
    /// Change a producer's rate (absent: the main one).
    SetRate {
        #[serde(default, skip_serializing_if = "is_zero")]
        producer: u32,
        rate_per_sec: u32,
    },
    /// Grow a topic (absent: the main one).
    AddPartitions {
        #[serde(default, skip_serializing_if = "is_zero")]
        topic: u32,
        total: u32,
    },
    /// Stop a broker.
    KillBroker { broker: u32 },
    /// Start a stopped broker.
    RestartBroker { broker: u32 },
    /// Slow a broker's replication: each of its fetches takes `delay_ms` more (0: normal).
    SlowBroker { broker: u32, delay_ms: u32 },
    /// Preferred leader election for every partition.
    ElectPreferredLeaders,
    /// Something done to a consumer group (absent: the first): `do` says what.
    Group {
        #[serde(default, skip_serializing_if = "is_zero")]
        group: u32,
        #[serde(flatten)]
        action: GroupActionSpec,
    },
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// What is on screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewSpec {
    /// The sim time shown, in ms.
    pub playhead_ms: u64,
    /// Playback speed as a multiple of real time.
    pub speed: f64,
    /// The topic on stage, by index (0, the main topic, when absent).
    #[serde(skip_serializing_if = "is_zero")]
    pub topic: u32,
    /// Side by side: the id of the one setting the second copy changes (`strategy`, `commit`,
    /// ...), when comparing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare: Option<String>,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario::from_config(&SimConfig::default())
    }
}

impl Default for TopicSpec {
    fn default() -> Self {
        Scenario::default().topic
    }
}

impl Default for ProducerSpec {
    fn default() -> Self {
        Scenario::default().producer
    }
}

impl Default for ViewSpec {
    fn default() -> Self {
        ViewSpec {
            playhead_ms: 0,
            speed: 0.1,
            topic: 0,
            compare: None,
        }
    }
}

impl From<&Command> for ActionCommand {
    fn from(c: &Command) -> Self {
        match c {
            Command::Produce {
                producer,
                key,
                partition,
            } => ActionCommand::Produce {
                producer: *producer,
                key: key.clone(),
                partition: *partition,
            },
            Command::SetRate {
                producer,
                rate_per_sec,
            } => ActionCommand::SetRate {
                producer: *producer,
                rate_per_sec: *rate_per_sec,
            },
            Command::AddPartitions { topic, total } => ActionCommand::AddPartitions {
                topic: *topic,
                total: *total,
            },
            Command::Group { group, command } => ActionCommand::Group {
                group: *group,
                action: command.into(),
            },
            Command::KillBroker { broker } => ActionCommand::KillBroker { broker: *broker },
            Command::RestartBroker { broker } => ActionCommand::RestartBroker { broker: *broker },
            Command::SlowBroker { broker, delay_ms } => ActionCommand::SlowBroker {
                broker: *broker,
                delay_ms: *delay_ms,
            },
            Command::ElectPreferredLeaders => ActionCommand::ElectPreferredLeaders,
        }
    }
}

impl From<&ActionCommand> for Command {
    fn from(c: &ActionCommand) -> Self {
        match c {
            ActionCommand::Produce {
                producer,
                key,
                partition,
            } => Command::Produce {
                producer: *producer,
                key: key.clone(),
                partition: *partition,
            },
            ActionCommand::SetRate {
                producer,
                rate_per_sec,
            } => Command::SetRate {
                producer: *producer,
                rate_per_sec: *rate_per_sec,
            },
            ActionCommand::AddPartitions { topic, total } => Command::AddPartitions {
                topic: *topic,
                total: *total,
            },
            ActionCommand::Group { group, action } => Command::Group {
                group: *group,
                command: action.into(),
            },
            ActionCommand::KillBroker { broker } => Command::KillBroker { broker: *broker },
            ActionCommand::RestartBroker { broker } => Command::RestartBroker { broker: *broker },
            ActionCommand::SlowBroker { broker, delay_ms } => Command::SlowBroker {
                broker: *broker,
                delay_ms: *delay_ms,
            },
            ActionCommand::ElectPreferredLeaders => Command::ElectPreferredLeaders,
        }
    }
}

/// Why a scenario could not be read. Each variant says what was wrong in words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodecError {
    /// The input is longer than the limit.
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    /// A fragment that is not a playground link at all.
    NotAPlaygroundLink,
    /// A version this build does not know.
    UnsupportedVersion { found: String },
    /// The base64url payload is damaged.
    BadBase64(String),
    /// A deflated payload does not inflate (damaged, or larger than the JSON limit).
    BadDeflate(String),
    /// The payload is not UTF-8 text.
    NotUtf8,
    /// The JSON does not parse or does not fit the format.
    BadJson(String),
    /// A value outside the engine's limits.
    Invalid(engine::ConfigError),
}

impl fmt::Display for CodecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodecError::TooLong { what, len, max } => write!(f, "the {what} is {len} long; the limit is {max}"),
            CodecError::NotAPlaygroundLink => {
                f.write_str("this is not a playground link (it should start with #v1.)")
            }
            CodecError::UnsupportedVersion { found } => write!(
                f,
                "the link is in format version {found}, which this playground does not know (it reads 1 to {FORMAT_VERSION})"
            ),
            CodecError::BadBase64(e) => write!(f, "the link is damaged (base64url: {e})"),
            CodecError::BadDeflate(e) => write!(f, "the link is damaged (its compressed content does not unpack: {e})"),
            CodecError::NotUtf8 => f.write_str("the link's content is not UTF-8 text"),
            CodecError::BadJson(e) => write!(f, "the scenario JSON is not valid: {e}"),
            CodecError::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CodecError {}

/// A scenario that was read, with what was ignored along the way (nothing is dropped silently).
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The scenario.
    pub scenario: Scenario,
    /// One line per thing ignored or adjusted, for the page's notice and the CLI's stderr.
    pub warnings: Vec<String>,
}

impl TopicSpec {
    fn from_config(t: &engine::TopicConfig) -> TopicSpec {
        TopicSpec {
            name: t.name.clone(),
            partitions: t.partitions,
            replication_factor: t.replication_factor,
            min_insync_replicas: t.min_insync_replicas,
        }
    }

    fn to_config(&self) -> engine::TopicConfig {
        engine::TopicConfig {
            name: self.name.clone(),
            partitions: self.partitions,
            replication_factor: self.replication_factor,
            min_insync_replicas: self.min_insync_replicas,
        }
    }
}

impl ProducerSpec {
    fn from_config(p: &engine::ProducerConfig) -> ProducerSpec {
        let keys = match &p.key_source {
            KeySource::Fixed(values) => KeysSpec::Fixed {
                values: values.clone(),
            },
            KeySource::Entities { prefix, count } => KeysSpec::Entities {
                prefix: prefix.clone(),
                count: *count,
            },
            KeySource::Zipf {
                prefix,
                count,
                exponent_halves,
            } => KeysSpec::Zipf {
                prefix: prefix.clone(),
                count: *count,
                exponent: f64::from(*exponent_halves) / 2.0,
            },
            KeySource::HotKey {
                prefix,
                count,
                hot_key,
                share_permille,
            } => KeysSpec::HotKey {
                prefix: prefix.clone(),
                count: *count,
                hot_key: hot_key.clone(),
                share: f64::from(*share_permille) / 1000.0,
            },
            KeySource::Weighted(values) => KeysSpec::Weighted {
                values: values.clone(),
            },
            KeySource::TimestampSecond => KeysSpec::TimestampSecond,
            KeySource::RandomUnique => KeysSpec::RandomUnique,
            KeySource::OrderLifecycle {
                key_by,
                concurrent_orders,
            } => KeysSpec::OrderLifecycle {
                key_by: (*key_by).into(),
                concurrent_orders: *concurrent_orders,
            },
            KeySource::None => KeysSpec::None,
        };
        ProducerSpec {
            topic: p.topic.clone(),
            rate_per_sec: p.rate_per_sec,
            latency_ms: p.latency_ms,
            keys,
            partitioner: p.partitioner.into(),
            adaptive: p.adaptive,
            ignore_keys: p.ignore_keys,
            batch_size: p.batch_size,
            linger_ms: p.linger_ms,
            value_bytes: p.value_bytes,
            acks: p.acks.into(),
            idempotence: p.idempotence,
            delivery_timeout_ms: p.delivery_timeout_ms,
            retry_backoff_ms: p.retry_backoff_ms,
            request_timeout_ms: p.request_timeout_ms,
        }
    }

    fn to_config(&self) -> engine::ProducerConfig {
        let key_source = match &self.keys {
            KeysSpec::Fixed { values } => KeySource::Fixed(values.clone()),
            KeysSpec::Entities { prefix, count } => KeySource::Entities {
                prefix: prefix.clone(),
                count: *count,
            },
            KeysSpec::Zipf {
                prefix,
                count,
                exponent,
            } => {
                let halves = exponent * 2.0;
                // Not a multiple of 0.5 (or not finite): 0, which validation refuses with the rule.
                let exponent_halves = if halves.fract() == 0.0 && (1.0..=6.0).contains(&halves) {
                    halves as u32
                } else {
                    0
                };
                KeySource::Zipf {
                    prefix: prefix.clone(),
                    count: *count,
                    exponent_halves,
                }
            }
            KeysSpec::HotKey {
                prefix,
                count,
                hot_key,
                share,
            } => KeySource::HotKey {
                prefix: prefix.clone(),
                count: *count,
                hot_key: hot_key.clone(),
                // Outside 0..1 (or NaN): past the limit, which validation refuses with the rule.
                share_permille: if (0.0..=1.0).contains(share) {
                    (share * 1000.0).round() as u32
                } else {
                    1001
                },
            },
            KeysSpec::Weighted { values } => KeySource::Weighted(values.clone()),
            KeysSpec::TimestampSecond => KeySource::TimestampSecond,
            KeysSpec::RandomUnique => KeySource::RandomUnique,
            KeysSpec::OrderLifecycle {
                key_by,
                concurrent_orders,
            } => KeySource::OrderLifecycle {
                key_by: (*key_by).into(),
                concurrent_orders: *concurrent_orders,
            },
            KeysSpec::None => KeySource::None,
        };
        engine::ProducerConfig {
            topic: self.topic.clone(),
            rate_per_sec: self.rate_per_sec,
            key_source,
            latency_ms: self.latency_ms,
            partitioner: self.partitioner.into(),
            adaptive: self.adaptive,
            ignore_keys: self.ignore_keys,
            batch_size: self.batch_size,
            linger_ms: self.linger_ms,
            value_bytes: self.value_bytes,
            acks: self.acks.into(),
            idempotence: self.idempotence,
            delivery_timeout_ms: self.delivery_timeout_ms,
            retry_backoff_ms: self.retry_backoff_ms,
            request_timeout_ms: self.request_timeout_ms,
        }
    }
}

impl Scenario {
    /// The scenario for a configuration, with no actions.
    pub fn from_config(config: &SimConfig) -> Scenario {
        Scenario {
            version: FORMAT_VERSION,
            seed: config.seed,
            cluster: ClusterSpec {
                brokers: config.brokers,
                placement: match config.placement {
                    engine::cluster::Placement::Striped => PlacementSpec::Striped,
                    engine::cluster::Placement::AdminUtils => PlacementSpec::AdminUtils,
                },
                unclean_leader_election: config.unclean_leader_election,
                replica_lag_time_max_ms: config.replica_lag_time_max_ms,
                replica_latency_ms: config.replica_latency_ms,
            },
            topic: TopicSpec::from_config(&config.topic),
            producer: ProducerSpec::from_config(&config.producer),
            more_topics: config
                .more_topics
                .iter()
                .map(TopicSpec::from_config)
                .collect(),
            more_producers: config
                .more_producers
                .iter()
                .map(ProducerSpec::from_config)
                .collect(),
            groups: config.groups.iter().map(GroupSpec::from_config).collect(),
            actions: Vec::new(),
            view: ViewSpec::default(),
            lesson: None,
        }
    }

    /// The engine configuration this scenario starts from.
    pub fn sim_config(&self) -> SimConfig {
        SimConfig {
            seed: self.seed,
            brokers: self.cluster.brokers,
            placement: match self.cluster.placement {
                PlacementSpec::Striped => engine::cluster::Placement::Striped,
                PlacementSpec::AdminUtils => engine::cluster::Placement::AdminUtils,
            },
            topic: self.topic.to_config(),
            producer: self.producer.to_config(),
            more_topics: self.more_topics.iter().map(TopicSpec::to_config).collect(),
            more_producers: self
                .more_producers
                .iter()
                .map(ProducerSpec::to_config)
                .collect(),
            groups: self.groups.iter().map(GroupSpec::to_config).collect(),
            unclean_leader_election: self.cluster.unclean_leader_election,
            replica_lag_time_max_ms: self.cluster.replica_lag_time_max_ms,
            replica_latency_ms: self.cluster.replica_latency_ms,
        }
    }

    /// Checks everything the engine and the page rely on.
    pub fn validate(&self) -> Result<(), CodecError> {
        if self.version == 0 || self.version > FORMAT_VERSION {
            return Err(CodecError::UnsupportedVersion {
                found: self.version.to_string(),
            });
        }
        self.sim_config().validate().map_err(CodecError::Invalid)?;
        let invalid = |field: &str, message: String| {
            CodecError::Invalid(engine::ConfigError {
                field: field.to_string(),
                message,
            })
        };
        if self.actions.len() > limits::ACTIONS_MAX {
            return Err(invalid(
                "actions",
                format!(
                    "{} actions is above the limit of {}",
                    self.actions.len(),
                    limits::ACTIONS_MAX
                ),
            ));
        }
        let mut last = 0;
        for (i, action) in self.actions.iter().enumerate() {
            if action.at_ms > limits::RUN_MS_MAX {
                return Err(invalid(
                    &format!("actions[{i}].at_ms"),
                    format!(
                        "{} ms is past the longest run of {} ms",
                        action.at_ms,
                        limits::RUN_MS_MAX
                    ),
                ));
            }
            if action.at_ms < last {
                return Err(invalid(
                    &format!("actions[{i}].at_ms"),
                    "actions must be in time order".to_string(),
                ));
            }
            let (producers, topics) = (
                self.more_producers.len() as u32 + 1,
                self.more_topics.len() as u32 + 1,
            );
            match &action.command {
                ActionCommand::Produce { producer, .. }
                | ActionCommand::SetRate { producer, .. }
                    if *producer >= producers =>
                {
                    return Err(invalid(
                        &format!("actions[{i}].producer"),
                        format!("there is no producer {producer}; the scenario has {producers}"),
                    ));
                }
                ActionCommand::AddPartitions { topic, .. } if *topic >= topics => {
                    return Err(invalid(
                        &format!("actions[{i}].topic"),
                        format!("there is no topic {topic}; the scenario has {topics}"),
                    ));
                }
                ActionCommand::KillBroker { broker }
                | ActionCommand::RestartBroker { broker }
                | ActionCommand::SlowBroker { broker, .. }
                    if *broker < 1 || *broker > self.cluster.brokers =>
                {
                    return Err(invalid(
                        &format!("actions[{i}].broker"),
                        format!(
                            "there is no broker {broker}; the cluster has brokers 1 to {}",
                            self.cluster.brokers
                        ),
                    ));
                }
                ActionCommand::Group { group, .. } if *group as usize >= self.groups.len() => {
                    return Err(invalid(
                        &format!("actions[{i}].group"),
                        format!(
                            "there is no consumer group {group}; the scenario has {}",
                            self.groups.len()
                        ),
                    ));
                }
                _ => {}
            }
            last = action.at_ms;
        }
        if self.view.playhead_ms > limits::RUN_MS_MAX {
            return Err(invalid(
                "view.playhead_ms",
                format!(
                    "{} ms is past the longest run of {} ms",
                    self.view.playhead_ms,
                    limits::RUN_MS_MAX
                ),
            ));
        }
        if let Some(id) = &self.lesson {
            if crate::lessons::lesson(id).is_none() {
                return Err(invalid(
                    "lesson",
                    format!(
                        "there is no lesson called {:?}",
                        id.chars().take(40).collect::<String>()
                    ),
                ));
            }
        }
        if let Some(id) = &self.view.compare {
            match crate::compare::Variation::from_id(id) {
                None => {
                    let known: Vec<&str> = crate::compare::Variation::ALL
                        .iter()
                        .map(|v| v.id())
                        .collect();
                    return Err(invalid(
                        "view.compare",
                        format!(
                            "there is no comparison called {:?}; use one of {}",
                            id.chars().take(40).collect::<String>(),
                            known.join(", ")
                        ),
                    ));
                }
                Some(v) if !v.applies(self) => {
                    return Err(invalid("view.compare", format!("the {id:?} comparison needs something this scenario does not have (a consumer group, keys, or room for more partitions)")));
                }
                Some(_) => {}
            }
        }
        if self.view.topic as usize > self.more_topics.len() {
            return Err(invalid(
                "view.topic",
                format!(
                    "there is no topic {}; the scenario has {}",
                    self.view.topic,
                    self.more_topics.len() + 1
                ),
            ));
        }
        if !(SPEED_MIN..=SPEED_MAX).contains(&self.view.speed) {
            return Err(invalid(
                "view.speed",
                format!("{} is outside {SPEED_MIN} to {SPEED_MAX}", self.view.speed),
            ));
        }
        Ok(())
    }

    /// Reads and validates scenario JSON.
    pub fn from_json(text: &str) -> Result<Decoded, CodecError> {
        let decoded = Scenario::parse_json(text)?;
        decoded.scenario.validate()?;
        Ok(decoded)
    }

    /// Parses scenario JSON without checking values against the rules.
    fn parse_json(text: &str) -> Result<Decoded, CodecError> {
        if text.len() > JSON_BYTES_MAX {
            return Err(CodecError::TooLong {
                what: "scenario JSON",
                len: text.len(),
                max: JSON_BYTES_MAX,
            });
        }
        let mut warnings = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_ignored::deserialize(&mut de, |path| {
            warnings.push(format!("ignored unknown field '{path}'"));
        })
        .map_err(|e| CodecError::BadJson(e.to_string()))?;
        de.end().map_err(|e| CodecError::BadJson(e.to_string()))?;
        Ok(Decoded { scenario, warnings })
    }

    /// Reads a link like [`Scenario::from_fragment`], but keeps what it can: a value outside
    /// the rules resets only the part it is in (an action and those after it, one group, one
    /// added topic or producer, the view, the lesson, or one section to its default), and each
    /// repair is added to the warnings, saying what was wrong and what was dropped. Links that
    /// do not decode at all (damaged, wrong version, not JSON) are still an error.
    pub fn from_fragment_salvaging(input: &str) -> Result<Decoded, CodecError> {
        let Some(text) = fragment_json(input)? else {
            return Ok(Decoded {
                scenario: Scenario::default(),
                warnings: Vec::new(),
            });
        };
        let Decoded {
            mut scenario,
            mut warnings,
        } = Scenario::parse_json(&text)?;
        // Each repair removes or resets something, so this ends; the bound is a second guard.
        for _ in 0..64 {
            match scenario.validate() {
                Ok(()) => return Ok(Decoded { scenario, warnings }),
                Err(CodecError::Invalid(e)) => match scenario.repair(&e.field) {
                    Some(what) => warnings.push(format!("{e}, so {what}")),
                    None => return Err(CodecError::Invalid(e)),
                },
                Err(other) => return Err(other),
            }
        }
        scenario.validate().map(|()| Decoded { scenario, warnings })
    }

    /// Resets or removes the part of the scenario `field` points into; says what it did, or
    /// `None` when there is no part to drop.
    fn repair(&mut self, field: &str) -> Option<String> {
        let index = |prefix: &str| -> Option<usize> {
            field.strip_prefix(prefix)?.split(']').next()?.parse().ok()
        };
        if let Some(i) = index("actions[") {
            let dropped = self.actions.len().saturating_sub(i);
            self.actions.truncate(i);
            return Some(format!(
                "dropped action {} and the {} after it",
                i + 1,
                dropped.saturating_sub(1)
            ));
        }
        if let Some(i) = index("groups[").filter(|&i| i < self.groups.len()) {
            let id = self.groups.remove(i).group_id;
            // Actions name groups by index: the removed group's go, later groups' shift.
            self.actions.retain_mut(|a| match &mut a.command {
                ActionCommand::Group { group, .. } if *group as usize == i => false,
                ActionCommand::Group { group, .. } if *group as usize > i => {
                    *group -= 1;
                    true
                }
                _ => true,
            });
            return Some(format!("left out consumer group {id:?} and its actions"));
        }
        if let Some(i) = index("more_topics[").filter(|&i| i < self.more_topics.len()) {
            let name = self.more_topics.remove(i).name;
            return Some(format!("left out topic {name:?}"));
        }
        if let Some(i) = index("more_producers[").filter(|&i| i < self.more_producers.len()) {
            self.more_producers.remove(i);
            return Some(format!("left out producer {}", i + 2));
        }
        let section = field.split('.').next().unwrap_or(field);
        match section {
            "view" => {
                let playhead_ms = self.view.playhead_ms.min(limits::RUN_MS_MAX);
                self.view = ViewSpec {
                    playhead_ms,
                    ..ViewSpec::default()
                };
                Some("reset what is shown (speed, topic on stage, comparison)".to_string())
            }
            "lesson" => {
                self.lesson = None;
                Some("opened it without a lesson".to_string())
            }
            "topic" => {
                self.topic = Scenario::default().topic;
                Some("used the default main topic".to_string())
            }
            "producer" => {
                self.producer = Scenario::default().producer;
                Some("used the default main producer".to_string())
            }
            "cluster" => {
                self.cluster = Scenario::default().cluster;
                Some("used the default cluster".to_string())
            }
            _ => None,
        }
    }

    /// Compact JSON with only what differs from the v1 defaults (which are frozen: a missing
    /// field means the v1 default, in every later version too). Sections with defaults
    /// (`cluster`, `topic`, `producer`, `view`) are trimmed field by field; a tagged value such
    /// as `keys` is kept whole, so what remains always parses.
    pub fn to_json(&self) -> String {
        let mut value =
            serde_json::to_value(self).expect("a Scenario is plain data and always serializes");
        let defaults =
            serde_json::to_value(Scenario::default()).expect("the default scenario serializes");
        if let (Some(object), Some(default)) = (value.as_object_mut(), defaults.as_object()) {
            for section in ["cluster", "topic", "producer", "view"] {
                if let (Some(fields), Some(default_fields)) = (
                    object.get_mut(section).and_then(|v| v.as_object_mut()),
                    default.get(section).and_then(|v| v.as_object()),
                ) {
                    fields.retain(|k, v| default_fields.get(k) != Some(v));
                }
            }
            // Further topics and producers are trimmed like the main ones, and groups against a
            // default group, entry by entry, so an added entry costs only what makes it differ.
            let default_group =
                serde_json::to_value(GroupSpec::default()).expect("the default group serializes");
            let lists = [
                ("more_topics", default.get("topic")),
                ("more_producers", default.get("producer")),
                ("groups", Some(&default_group)),
            ];
            for (list, entry_default) in lists {
                if let (Some(entries), Some(default_fields)) = (
                    object.get_mut(list).and_then(|v| v.as_array_mut()),
                    entry_default.and_then(|v| v.as_object()),
                ) {
                    for entry in entries.iter_mut().filter_map(|e| e.as_object_mut()) {
                        entry.retain(|k, v| default_fields.get(k) != Some(v));
                    }
                }
            }
            object.retain(|k, v| {
                k == "version"
                    || default.get(k) != Some(v)
                        && !(v.is_object() && v.as_object().is_some_and(|o| o.is_empty()))
            });
        }
        value.to_string()
    }

    /// Every field, defaults included (what `to_json` wrote before links were trimmed).
    pub fn to_json_full(&self) -> String {
        serde_json::to_string(self).expect("a Scenario is plain data and always serializes")
    }

    /// Indented JSON, for files.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a Scenario is plain data and always serializes")
    }

    /// The share-link fragment, without the `#`: `v1.` then the JSON in base64url, or `v1z.`
    /// then the JSON deflated (raw DEFLATE, RFC 1951) in base64url when that is shorter, which
    /// it is for anything beyond a few fields.
    pub fn to_fragment(&self) -> String {
        let json = self.to_json();
        let plain = format!("v{FORMAT_VERSION}.{}", URL_SAFE_NO_PAD.encode(&json));
        let deflated = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 10);
        let compressed = format!("v{FORMAT_VERSION}z.{}", URL_SAFE_NO_PAD.encode(deflated));
        if compressed.len() < plain.len() {
            compressed
        } else {
            plain
        }
    }

    /// Reads a fragment (with or without `#`), a whole URL, or an empty fragment (the default).
    pub fn from_fragment(input: &str) -> Result<Decoded, CodecError> {
        match fragment_json(input)? {
            Some(text) => Scenario::from_json(&text),
            None => Ok(Decoded {
                scenario: Scenario::default(),
                warnings: Vec::new(),
            }),
        }
    }
}

/// The scenario JSON a link carries (`None` for an empty fragment), unpacked from `v1.` or
/// `v1z.`, or why it cannot be.
fn fragment_json(input: &str) -> Result<Option<String>, CodecError> {
    if input.len() > FRAGMENT_CHARS_MAX {
        return Err(CodecError::TooLong {
            what: "link",
            len: input.len(),
            max: FRAGMENT_CHARS_MAX,
        });
    }
    let fragment = match input.find('#') {
        Some(i) => &input[i + 1..],
        None => input,
    };
    if fragment.is_empty() {
        return Ok(None);
    }
    let Some(rest) = fragment.strip_prefix('v') else {
        return Err(CodecError::NotAPlaygroundLink);
    };
    let Some((version, payload)) = rest.split_once('.') else {
        return Err(CodecError::NotAPlaygroundLink);
    };
    let (version, deflated) = match version.strip_suffix('z') {
        Some(v) => (v, true),
        None => (version, false),
    };
    if version.is_empty() || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodecError::NotAPlaygroundLink);
    }
    if version != "1" {
        return Err(CodecError::UnsupportedVersion {
            found: version.chars().take(12).collect(),
        });
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| CodecError::BadBase64(e.to_string()))?;
    let bytes = if deflated {
        // The limit stops a small link from inflating into something huge.
        miniz_oxide::inflate::decompress_to_vec_with_limit(&bytes, JSON_BYTES_MAX).map_err(|e| {
            CodecError::BadDeflate(match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                    format!("it would be over {JSON_BYTES_MAX} bytes")
                }
                status => format!("{status:?}"),
            })
        })?
    } else {
        bytes
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| CodecError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_round_trips_through_a_fragment() {
        let s = Scenario::default();
        let decoded = Scenario::from_fragment(&format!("#{}", s.to_fragment())).unwrap();
        assert_eq!(decoded.scenario, s);
        assert!(decoded.warnings.is_empty());
    }

    #[test]
    fn empty_json_object_is_the_default_scenario() {
        let decoded = Scenario::from_json("{\"version\":1}").unwrap();
        assert_eq!(decoded.scenario, Scenario::default());
    }
}
