//! A producer's settings as configured (Kafka's producer configs: `acks`, `batch.size`,
//! `linger.ms`, timeouts, the partitioner), and their checks.

use super::{check_rate, ConfigError, KeySource};
use crate::engine::error::{FieldPath, Part};
use crate::engine::limits;
use crate::engine::producer::PartitionerKind;

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

/// Which topic a producer writes to: named explicitly, never a fallback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TopicRef {
    /// The topic at this index of [`super::SimConfig::topics`].
    Index(usize),
    /// The topic with this name.
    Name(String),
}

/// How the producer sends: how often, with which keys, and how long a record takes to arrive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProducerConfig {
    /// The topic it writes to, by its index in the run or by name.
    pub topic: TopicRef,
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
    /// `max.in.flight.requests.per.connection`: unanswered produce requests per broker (5).
    pub max_in_flight_requests_per_connection: u32,
    /// `retry.backoff.max.ms`: the most the retry backoff grows to (KIP-580; 1000).
    pub retry_backoff_max_ms: u32,
    /// `metadata.max.age.ms`: how often the producer refreshes its metadata unasked (300000).
    pub metadata_max_age_ms: u32,
}

impl ProducerConfig {
    /// Checks the producer's settings and key source; `producer` is where it sits.
    pub fn validate(&self, producer: Part) -> Result<(), ConfigError> {
        let at = |name: &'static str| FieldPath::at(producer, name);
        check_rate(self.rate_per_sec)
            .map_err(|e| ConfigError::new(at("rate_per_sec"), e.to_string()))?;
        if self.latency_ms > limits::LATENCY_MS_MAX {
            return Err(ConfigError::new(
                at("latency_ms"),
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
                at("batch_size"),
                format!(
                    "batch.size must be 1 to {} bytes, not {}",
                    limits::BATCH_SIZE_MAX,
                    p.batch_size
                ),
            ));
        }
        if p.linger_ms > limits::LINGER_MS_MAX {
            return Err(ConfigError::new(
                at("linger_ms"),
                format!(
                    "linger.ms must be at most {} ms, not {}",
                    limits::LINGER_MS_MAX,
                    p.linger_ms
                ),
            ));
        }
        if p.value_bytes > limits::VALUE_BYTES_MAX {
            return Err(ConfigError::new(
                at("value_bytes"),
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
                    at(name),
                    format!("{value} ms is above the limit of {max} ms"),
                ));
            }
        }
        if !(1..=limits::LATENCY_MS_MAX).contains(&self.retry_backoff_max_ms) {
            return Err(ConfigError::new(
                at("retry_backoff_max_ms"),
                format!(
                    "retry.backoff.max.ms must be 1 to {} ms here, not {}",
                    limits::LATENCY_MS_MAX,
                    self.retry_backoff_max_ms
                ),
            ));
        }
        if self.metadata_max_age_ms < 1
            || self.metadata_max_age_ms > limits::METADATA_MAX_AGE_MS_MAX
        {
            return Err(ConfigError::new(
                at("metadata_max_age_ms"),
                format!(
                    "metadata.max.age.ms must be 1 to {} ms here, not {}",
                    limits::METADATA_MAX_AGE_MS_MAX,
                    self.metadata_max_age_ms
                ),
            ));
        }
        let in_flight = self.max_in_flight_requests_per_connection;
        if !(1..=limits::MAX_IN_FLIGHT_REQUESTS_MAX).contains(&in_flight) {
            return Err(ConfigError::new(
                at("max_in_flight_requests_per_connection"),
                format!(
                    "max.in.flight.requests.per.connection must be 1 to {} here, not {in_flight}",
                    limits::MAX_IN_FLIGHT_REQUESTS_MAX
                ),
            ));
        }
        // ProducerConfig.postProcessAndValidateIdempotenceConfigs, in Kafka's words.
        if self.idempotence && self.acks == Acks::All && in_flight > 5 {
            return Err(ConfigError::new(
                at("max_in_flight_requests_per_connection"),
                "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.",
            ));
        }
        if self.retry_backoff_ms < 1 {
            return Err(ConfigError::new(
                at("retry_backoff_ms"),
                "retry.backoff.ms must be at least 1 ms here",
            ));
        }
        self.key_source.validate(at("keys"))
    }
}
