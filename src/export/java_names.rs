//! Kafka's own names for the format's values: the Java client's class names and property
//! values, and its defaults, so the exported files say exactly what differs and nothing else.

use crate::scenario::{AcksSpec, AssignorSpec, PartitionerSpec, ResetSpec};

/// The Java producer's defaults in Kafka 4.x (`ProducerConfig`), for the settings the format has.
pub mod producer_defaults {
    pub const BATCH_SIZE: u32 = 16_384;
    /// KIP-1030 raised it from 0 to 5 in Kafka 4.0.
    pub const LINGER_MS: u32 = 5;
    pub const DELIVERY_TIMEOUT_MS: u32 = 120_000;
    pub const RETRY_BACKOFF_MS: u32 = 100;
    pub const REQUEST_TIMEOUT_MS: u32 = 30_000;
    pub const MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION: u32 = 5;
    /// KIP-580.
    pub const RETRY_BACKOFF_MAX_MS: u32 = 1_000;
    pub const METADATA_MAX_AGE_MS: u32 = 300_000;
}

/// Kafka 4.x's broker and topic defaults (`ServerConfigs`, `KRaftConfigs`, `TopicConfig`), for
/// the settings the format has.
pub mod broker_defaults {
    pub const BROKER_SESSION_TIMEOUT_MS: u64 = 9_000;
    pub const BROKER_HEARTBEAT_INTERVAL_MS: u64 = 2_000;
    /// `ServerLogConfigs.LOG_CLEANUP_INTERVAL_MS_DEFAULT`: 5 minutes.
    pub const LOG_RETENTION_CHECK_INTERVAL_MS: u64 = 300_000;
    /// `ServerLogConfigs.LOG_INITIAL_TASK_DELAY_MS_DEFAULT`.
    pub const LOG_INITIAL_TASK_DELAY_MS: u64 = 30_000;
    /// 7 days.
    pub const RETENTION_MS: i64 = 604_800_000;
    pub const RETENTION_BYTES: i64 = -1;
    /// 1 GiB.
    pub const SEGMENT_BYTES: u32 = 1_073_741_824;
    /// 7 days.
    pub const SEGMENT_MS: u64 = 604_800_000;
}

/// The Java consumer's defaults in Kafka 4.x (`ConsumerConfig`), for the settings the format has.
pub mod consumer_defaults {
    pub const SESSION_TIMEOUT_MS: u32 = 45_000;
    pub const HEARTBEAT_INTERVAL_MS: u32 = 3_000;
    pub const MAX_POLL_INTERVAL_MS: u32 = 300_000;
    pub const MAX_POLL_RECORDS: u32 = 500;
    pub const AUTO_COMMIT_INTERVAL_MS: u32 = 5_000;
    pub const METADATA_MAX_AGE_MS: u32 = 300_000;
    /// `GroupCoordinatorConfig`'s `group.consumer.session.timeout.ms` default.
    pub const GROUP_CONSUMER_SESSION_TIMEOUT_MS: u32 = 45_000;
    /// `GroupCoordinatorConfig`'s `group.consumer.heartbeat.interval.ms` default.
    pub const GROUP_CONSUMER_HEARTBEAT_INTERVAL_MS: u32 = 5_000;
}

/// `partition.assignment.strategy`'s default: `[RangeAssignor, CooperativeStickyAssignor]`.
pub const DEFAULT_ASSIGNORS: [AssignorSpec; 2] =
    [AssignorSpec::Range, AssignorSpec::CooperativeSticky];

/// The assignor's class, as `partition.assignment.strategy` takes it.
pub fn assignor_class(a: AssignorSpec) -> &'static str {
    match a {
        AssignorSpec::Range => "org.apache.kafka.clients.consumer.RangeAssignor",
        AssignorSpec::RoundRobin => "org.apache.kafka.clients.consumer.RoundRobinAssignor",
        AssignorSpec::Sticky => "org.apache.kafka.clients.consumer.StickyAssignor",
        AssignorSpec::CooperativeSticky => {
            "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
        }
    }
}

/// `acks` as the producer takes it.
pub fn acks_value(a: AcksSpec) -> &'static str {
    match a {
        AcksSpec::Zero => "0",
        AcksSpec::One => "1",
        AcksSpec::All => "all",
    }
}

/// `auto.offset.reset` as the consumer takes it.
pub fn reset_value(r: ResetSpec) -> &'static str {
    match r {
        ResetSpec::Earliest => "earliest",
        ResetSpec::Latest => "latest",
        ResetSpec::None => "none",
    }
}

/// How to get a partitioner on a real client: the `partitioner.class` line (none for the
/// built-in one) and, for the variants Kafka 4.x no longer ships, which client has it.
pub struct PartitionerSetting {
    pub class: Option<&'static str>,
    pub note: Option<&'static str>,
}

pub fn partitioner_setting(p: PartitionerSpec) -> PartitionerSetting {
    match p {
        PartitionerSpec::BuiltIn => PartitionerSetting {
            class: None,
            note: None,
        },
        PartitionerSpec::RoundRobin => PartitionerSetting {
            class: Some("org.apache.kafka.clients.producer.RoundRobinPartitioner"),
            note: None,
        },
        PartitionerSpec::RoundRobinKafka9965 => PartitionerSetting {
            class: Some("org.apache.kafka.clients.producer.RoundRobinPartitioner"),
            note: Some(
                "the skipping RoundRobinPartitioner of KAFKA-9965 is in clients 2.4 to 3.8; 4.x spreads evenly (KAFKA-17632)",
            ),
        },
        PartitionerSpec::StickyLegacy => PartitionerSetting {
            class: Some("org.apache.kafka.clients.producer.internals.DefaultPartitioner"),
            note: Some(
                "DefaultPartitioner (sticky, KIP-480) was removed in Kafka 4.0: use a 2.4 to 3.9 client",
            ),
        },
        PartitionerSpec::RoundRobinLegacy => PartitionerSetting {
            class: None,
            note: Some(
                "keyless round robin was the default partitioner before 2.4: use a 2.3 client, with no partitioner.class",
            ),
        },
    }
}
