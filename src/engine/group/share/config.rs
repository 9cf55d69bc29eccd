//! A share group's settings (KIP-932): the broker's `group.share.*` settings, per group here,
//! the share consumer's `share.acknowledgement.mode`, and the playground's poison records (the
//! keys whose processing fails, and what the application then does), with their checks in the
//! words of the field that is wrong.

use crate::engine::error::{FieldPath, Part};
use crate::engine::group::limits;
use crate::engine::ConfigError;

/// `group.share.record.lock.duration.ms`' default (`ShareGroupConfig`).
pub const RECORD_LOCK_DURATION_MS_DEFAULT: u32 = 30_000;
/// `group.share.delivery.count.limit`'s default (`ShareGroupConfig`).
pub const DELIVERY_COUNT_LIMIT_DEFAULT: u32 = 5;
/// `group.share.partition.max.record.locks`' default (`ShareGroupConfig`, Kafka 4.0's 200).
pub const PARTITION_MAX_RECORD_LOCKS_DEFAULT: u32 = 200;
/// `group.share.heartbeat.interval.ms`' default (`GroupCoordinatorConfig`).
pub const SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT: u32 = 5_000;
/// `group.share.session.timeout.ms`' default (`GroupCoordinatorConfig`).
pub const SHARE_SESSION_TIMEOUT_MS_DEFAULT: u32 = 45_000;

/// `share.acknowledgement.mode` (a `KafkaShareConsumer` setting since Kafka 4.1; Kafka 4.0's
/// client inferred it from whether the application called `acknowledge`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum AcknowledgementMode {
    /// The next `poll()` accepts every record the previous one returned.
    #[default]
    Implicit,
    /// The application acknowledges each record (`acknowledge(record, type)`); the
    /// acknowledgements go with the next `poll()`.
    Explicit,
}

impl AcknowledgementMode {
    /// Kafka's value.
    pub fn as_str(self) -> &'static str {
        match self {
            AcknowledgementMode::Implicit => "implicit",
            AcknowledgementMode::Explicit => "explicit",
        }
    }
}

/// What an explicit-mode application does with a record whose processing failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum PoisonAction {
    /// `AcknowledgeType.RELEASE`: give it back for another delivery attempt.
    #[default]
    Release,
    /// `AcknowledgeType.REJECT`: archive it at once, never delivered again.
    Reject,
}

impl PoisonAction {
    /// The acknowledgement type's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PoisonAction::Release => "release",
            PoisonAction::Reject => "reject",
        }
    }
}

/// A share group's own settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShareConfig {
    /// `group.share.record.lock.duration.ms`.
    pub record_lock_duration_ms: u32,
    /// `group.share.delivery.count.limit`.
    pub delivery_count_limit: u32,
    /// `group.share.partition.max.record.locks`: records in flight per share partition.
    pub partition_max_record_locks: u32,
    /// `group.share.heartbeat.interval.ms`.
    pub heartbeat_interval_ms: u32,
    /// `group.share.session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `share.acknowledgement.mode`.
    pub acknowledgement_mode: AcknowledgementMode,
    /// The playground's poison records: the keys whose processing throws.
    pub poison_keys: Vec<String>,
    /// What an explicit-mode application does with a poison record (implicit mode cannot
    /// acknowledge one: the exception stops the consumer).
    pub on_poison: PoisonAction,
}

impl Default for ShareConfig {
    fn default() -> Self {
        ShareConfig {
            record_lock_duration_ms: RECORD_LOCK_DURATION_MS_DEFAULT,
            delivery_count_limit: DELIVERY_COUNT_LIMIT_DEFAULT,
            partition_max_record_locks: PARTITION_MAX_RECORD_LOCKS_DEFAULT,
            heartbeat_interval_ms: SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT,
            session_timeout_ms: SHARE_SESSION_TIMEOUT_MS_DEFAULT,
            acknowledgement_mode: AcknowledgementMode::Implicit,
            poison_keys: Vec::new(),
            on_poison: PoisonAction::Release,
        }
    }
}

fn range(value: u32, min: u32, max: u32, unit: &str) -> Result<(), String> {
    if value < min || value > max {
        return Err(format!("{value}{unit} is outside {min}..={max}{unit}"));
    }
    Ok(())
}

impl ShareConfig {
    /// Whether processing the record with this key fails.
    pub fn is_poison(&self, key: Option<&str>) -> bool {
        key.is_some_and(|k| self.poison_keys.iter().any(|p| p == k))
    }

    /// Checks every value; the paths name group `group`'s field.
    pub fn validate_at(&self, group: usize) -> Result<(), ConfigError> {
        let at = |name: &'static str| FieldPath::at(Part::Group(group), name);
        let put = |field: FieldPath| move |reason: String| ConfigError::new(field, reason);
        // `ShareGroupConfig`: the lock duration between the broker's min and max (15 s and
        // 60 s by default); the playground lets lessons go lower, down to 1 s.
        range(
            self.record_lock_duration_ms,
            limits::SHARE_RECORD_LOCK_DURATION_MS_MIN,
            limits::SHARE_RECORD_LOCK_DURATION_MS_MAX,
            " ms",
        )
        .map_err(put(at("group_share_record_lock_duration_ms")))?;
        // `ShareGroupConfig`: `atLeast(2)`, at most 10.
        range(self.delivery_count_limit, 2, 10, "")
            .map_err(put(at("group_share_delivery_count_limit")))?;
        range(
            self.partition_max_record_locks,
            1,
            limits::SHARE_PARTITION_MAX_RECORD_LOCKS_MAX,
            "",
        )
        .map_err(put(at("group_share_partition_max_record_locks")))?;
        range(
            self.session_timeout_ms,
            limits::SESSION_TIMEOUT_MS_MIN,
            limits::SESSION_TIMEOUT_MS_MAX,
            " ms",
        )
        .map_err(put(at("group_share_session_timeout_ms")))?;
        range(
            self.heartbeat_interval_ms,
            1,
            self.session_timeout_ms - 1,
            " ms",
        )
        .map_err(put(at("group_share_heartbeat_interval_ms")))?;
        if self.poison_keys.len() > limits::POISON_KEYS_MAX {
            return Err(ConfigError::new(
                at("poison_keys"),
                format!("at most {} poison keys", limits::POISON_KEYS_MAX),
            ));
        }
        for (i, k) in self.poison_keys.iter().enumerate() {
            if k.is_empty() || k.len() > limits::NAME_BYTES_MAX {
                return Err(ConfigError::new(
                    at("poison_keys"),
                    format!("a poison key has 1 to {} bytes", limits::NAME_BYTES_MAX),
                ));
            }
            if self.poison_keys[..i].contains(k) {
                return Err(ConfigError::new(
                    at("poison_keys"),
                    format!("{k:?} is listed twice"),
                ));
            }
        }
        Ok(())
    }
}
