//! The v1 document: the types scenario JSON is read into and written from, with the field
//! names, defaults and omissions that `docs/scenario-format.md` describes. Plain data only;
//! reading, checking and mapping to the engine live beside it.

use crate::engine::SimConfig;
use serde::{Deserialize, Serialize};

use super::{GroupActionSpec, GroupSpec};

/// The scenario format version this build writes. Readers accept this and every older one.
pub const FORMAT_VERSION: u32 = 1;

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
    /// `broker.session.timeout.ms` (9000).
    #[serde(skip_serializing_if = "is_default_session_timeout")]
    pub broker_session_timeout_ms: u64,
    /// `broker.heartbeat.interval.ms` (2000).
    #[serde(skip_serializing_if = "is_default_heartbeat_interval")]
    pub broker_heartbeat_interval_ms: u64,
    /// `auto.leader.rebalance.enable` (true).
    #[serde(skip_serializing_if = "is_true")]
    pub auto_leader_rebalance: bool,
    /// `log.retention.check.interval.ms` (300000).
    #[serde(skip_serializing_if = "is_default_retention_check_interval")]
    pub log_retention_check_interval_ms: u64,
    /// `log.initial.task.delay.ms` (30000).
    #[serde(skip_serializing_if = "is_default_initial_task_delay")]
    pub log_initial_task_delay_ms: u64,
}

fn is_default_retention_check_interval(ms: &u64) -> bool {
    *ms == 300_000
}

fn is_default_initial_task_delay(ms: &u64) -> bool {
    *ms == 30_000
}

fn is_default_session_timeout(ms: &u64) -> bool {
    *ms == 9_000
}

fn is_default_heartbeat_interval(ms: &u64) -> bool {
    *ms == 2_000
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

fn is_in_flight_default(n: &u32) -> bool {
    *n == 5
}

fn is_backoff_max_default(ms: &u32) -> bool {
    *ms == 1000
}

fn is_metadata_age_default(ms: &u32) -> bool {
    *ms == 300_000
}

/// The wire names of [`crate::engine::Acks`]: `"0"`, `"1"`, `"all"` (also `"-1"`).
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

/// The wire names of [`crate::engine::Placement`].
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
    /// `retention.ms` (7 days; -1 keeps everything).
    #[serde(skip_serializing_if = "is_seven_days_signed")]
    pub retention_ms: i64,
    /// `retention.bytes` (-1, unlimited).
    #[serde(skip_serializing_if = "is_minus_one")]
    pub retention_bytes: i64,
    /// `segment.bytes` (1 GiB).
    #[serde(skip_serializing_if = "is_one_gib")]
    pub segment_bytes: u32,
    /// `segment.ms` (7 days).
    #[serde(skip_serializing_if = "is_seven_days")]
    pub segment_ms: u64,
    /// Partition i's replicas by broker id, preferred leader first (`--replica-assignment`);
    /// absent or empty: the cluster's placer decides.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replica_assignment: Vec<Vec<u32>>,
    /// With `replica_assignment`: partition i's leader at the start (absent: the first replica).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starting_leaders: Vec<u32>,
    /// With `replica_assignment`: partition i's ISR at the start (absent: every replica).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starting_isr: Vec<Vec<u32>>,
    /// Partition i's log start offset at the start (absent: its log end offset, or 0).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starting_log_start_offsets: Vec<u64>,
    /// Partition i's log end offset at the start (absent: 0); the records from the log start
    /// up to it are already there, with null keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub starting_log_end_offsets: Vec<u64>,
}

fn is_seven_days_signed(ms: &i64) -> bool {
    *ms == 604_800_000
}

fn is_seven_days(ms: &u64) -> bool {
    *ms == 604_800_000
}

fn is_minus_one(n: &i64) -> bool {
    *n == -1
}

fn is_one_gib(n: &u32) -> bool {
    *n == 1_073_741_824
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
    /// `max.in.flight.requests.per.connection` (5).
    #[serde(skip_serializing_if = "is_in_flight_default")]
    pub max_in_flight_requests_per_connection: u32,
    /// `retry.backoff.max.ms` (1000).
    #[serde(skip_serializing_if = "is_backoff_max_default")]
    pub retry_backoff_max_ms: u32,
    /// `metadata.max.age.ms` (300000).
    #[serde(skip_serializing_if = "is_metadata_age_default")]
    pub metadata_max_age_ms: u32,
}

/// The wire names of [`crate::engine::PartitionerKind`].
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
    /// `RoundRobinPartitioner` as Kafka 4.x runs it (even, KAFKA-17632).
    #[serde(rename = "round_robin_partitioner")]
    RoundRobin,
    /// `RoundRobinPartitioner` as Kafka 2.4 to 3.9.1 ran it (skipping, KAFKA-9965).
    #[serde(rename = "round_robin_partitioner_2_4")]
    RoundRobinKafka9965,
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

/// One user action at a sim time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// When it was applied, in ms of sim time.
    pub at_ms: u64,
    /// What it was.
    #[serde(flatten)]
    pub command: ActionCommand,
}

/// The wire form of [`crate::engine::Command`].
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
    /// Crash a broker: fenced after the session timeout.
    KillBroker { broker: u32 },
    /// Controlled shutdown: leadership and ISR membership move away first.
    ShutdownBroker { broker: u32 },
    /// Cut a broker off from the controller and the other brokers (and, with `clients`
    /// false, from the clients too).
    IsolateBroker {
        broker: u32,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        clients: bool,
    },
    /// End a broker's isolation.
    HealBroker { broker: u32 },
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

fn yes() -> bool {
    true
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
