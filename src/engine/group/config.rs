//! What a consumer group is configured with, and the checks that refuse a bad configuration in
//! Kafka's words: the settings every member shares ([`GroupConfig`]), the initial members, and
//! the values of the client settings (assignors, commit modes, where records are processed,
//! `auto.offset.reset`). Every protocol reads these; the scenario maps its JSON onto them.

use super::limits;
use crate::engine::error::{FieldPath, Part};
use crate::engine::ConfigError;
use std::str::FromStr;

/// A `partition.assignment.strategy` entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AssignorKind {
    /// `RangeAssignor`.
    Range,
    /// `RoundRobinAssignor`.
    RoundRobin,
    /// `StickyAssignor` (eager).
    Sticky,
    /// `CooperativeStickyAssignor`.
    CooperativeSticky,
}

impl AssignorKind {
    /// The protocol name Kafka registers it under.
    pub fn as_str(self) -> &'static str {
        match self {
            AssignorKind::Range => "range",
            AssignorKind::RoundRobin => "roundrobin",
            AssignorKind::Sticky => "sticky",
            AssignorKind::CooperativeSticky => "cooperative-sticky",
        }
    }

    /// The rebalance protocols it supports; only cooperative-sticky supports COOPERATIVE.
    pub fn supports_cooperative(self) -> bool {
        self == AssignorKind::CooperativeSticky
    }
}

impl FromStr for AssignorKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "range" => Ok(AssignorKind::Range),
            "roundrobin" => Ok(AssignorKind::RoundRobin),
            "sticky" => Ok(AssignorKind::Sticky),
            "cooperative-sticky" => Ok(AssignorKind::CooperativeSticky),
            other => Err(format!(
                "unknown assignor {other:?}: use range, roundrobin, sticky or cooperative-sticky"
            )),
        }
    }
}

/// `group.protocol`: which rebalance protocol the group's members speak.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupProtocol {
    /// JoinGroup and SyncGroup, client-side assignors (the Java client's default).
    #[default]
    Classic,
    /// KIP-848's `ConsumerGroupHeartbeat`, member epochs and server-side assignors.
    Consumer,
}

impl GroupProtocol {
    /// Kafka's value.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupProtocol::Classic => "classic",
            GroupProtocol::Consumer => "consumer",
        }
    }
}

/// `group.remote.assignor`: the server-side assignor of a `consumer`-protocol group (the
/// broker's `group.consumer.assignors` lists `uniform` first, so it is the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum RemoteAssignor {
    /// `UniformAssignor`: sticky and balanced.
    #[default]
    Uniform,
    /// `RangeAssignor` (server side): contiguous ranges per topic.
    Range,
}

impl RemoteAssignor {
    /// Kafka's value.
    pub fn as_str(self) -> &'static str {
        match self {
            RemoteAssignor::Uniform => "uniform",
            RemoteAssignor::Range => "range",
        }
    }
}

/// A group's type (`GroupType` in Kafka): a consumer group, or a KIP-932 share group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum GroupType {
    /// Partitions owned by one member each (the classic or the consumer protocol).
    #[default]
    Consumer,
    /// Records shared by acquisition locks (`KafkaShareConsumer`, `ShareGroupHeartbeat`).
    Share,
}

impl GroupType {
    /// Kafka's name.
    pub fn as_str(self) -> &'static str {
        match self {
            GroupType::Consumer => "consumer",
            GroupType::Share => "share",
        }
    }
}

/// `group.consumer.session.timeout.ms`' default.
pub const CONSUMER_SESSION_TIMEOUT_MS_DEFAULT: u32 = 45_000;

/// `group.consumer.heartbeat.interval.ms`' default.
pub const CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT: u32 = 5_000;

/// When offsets are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommitMode {
    /// `enable.auto.commit=true`: at the start of `poll()` once the interval has passed, before
    /// a rebalance and on close.
    Auto { interval_ms: u32 },
    /// `commitSync()` after processing each poll's records.
    SyncPerBatch,
    /// `commitSync(offset + 1)` after each record.
    SyncPerRecord,
    /// `commitAsync()` after each poll's records (never retried).
    AsyncPerBatch,
    /// `commitSync()` right after `poll()`, before processing: at most once.
    BeforeProcessing,
}

impl CommitMode {
    /// A short name for the page and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitMode::Auto { .. } => "auto",
            CommitMode::SyncPerBatch => "sync-per-batch",
            CommitMode::SyncPerRecord => "sync-per-record",
            CommitMode::AsyncPerBatch => "async-per-batch",
            CommitMode::BeforeProcessing => "before-processing",
        }
    }
}

/// Where a member processes what `poll()` returns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessingMode {
    /// In the poll loop: the next `poll()` waits for the batch.
    PollLoop,
    /// Handed to a pool of worker threads sharing one queue: `poll()` returns at once, so
    /// per-partition order is lost and commits can run ahead of processing.
    Workers { threads: u32 },
}

/// `auto.offset.reset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetReset {
    /// The log start offset.
    Earliest,
    /// The high watermark (not the log end offset).
    Latest,
    /// Throw `NoOffsetForPartitionException`.
    None,
}

impl OffsetReset {
    /// Kafka's value.
    pub fn as_str(self) -> &'static str {
        match self {
            OffsetReset::Earliest => "earliest",
            OffsetReset::Latest => "latest",
            OffsetReset::None => "none",
        }
    }
}

/// One initial member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberConfig {
    /// Its name (and `client.id`).
    pub name: String,
    /// `group.instance.id`, for static membership.
    pub instance_id: Option<String>,
}

/// A consumer group's configuration: every member shares it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupConfig {
    /// `group.id`.
    pub group_id: String,
    /// The subscription of every member.
    pub topics: Vec<String>,
    /// `partition.assignment.strategy`, in preference order.
    pub assignors: Vec<AssignorKind>,
    /// `session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `heartbeat.interval.ms`.
    pub heartbeat_interval_ms: u32,
    /// `max.poll.interval.ms` (also the rebalance timeout).
    pub max_poll_interval_ms: u32,
    /// `max.poll.records`.
    pub max_poll_records: u32,
    /// When offsets are committed.
    pub commit: CommitMode,
    /// Where records are processed.
    pub processing: ProcessingMode,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// `auto.offset.reset`.
    pub auto_offset_reset: OffsetReset,
    /// The members that start with the group.
    pub members: Vec<MemberConfig>,
    /// Client-to-coordinator round trip, in ms.
    pub rtt_ms: u32,
    /// `metadata.max.age.ms`: how often each member refreshes its metadata, so how late the
    /// group's leader notices that a subscribed topic grew.
    pub metadata_max_age_ms: u32,
    /// `group.protocol`.
    pub group_protocol: GroupProtocol,
    /// `group.remote.assignor` (the `consumer` protocol only).
    pub remote_assignor: RemoteAssignor,
    /// `group.consumer.session.timeout.ms`: the broker's session timeout for `consumer`-protocol
    /// members (`session.timeout.ms` is a classic client setting).
    pub consumer_session_timeout_ms: u32,
    /// `group.consumer.heartbeat.interval.ms`: the interval the broker tells members to
    /// heartbeat at.
    pub consumer_heartbeat_interval_ms: u32,
    /// A consumer group or a share group.
    pub group_type: GroupType,
    /// A share group's settings (unused by a consumer group).
    pub share: super::share::ShareConfig,
}

impl Default for GroupConfig {
    /// Kafka's client defaults, three dynamic members on the playground's default topic.
    fn default() -> Self {
        GroupConfig {
            group_id: "my-group".to_string(),
            topics: vec!["orders".to_string()],
            assignors: vec![AssignorKind::Range, AssignorKind::CooperativeSticky],
            session_timeout_ms: 45_000,
            heartbeat_interval_ms: 3_000,
            max_poll_interval_ms: 300_000,
            max_poll_records: 500,
            commit: CommitMode::Auto { interval_ms: 5_000 },
            processing: ProcessingMode::PollLoop,
            processing_ms_per_record: 1,
            auto_offset_reset: OffsetReset::Latest,
            members: (1..=3)
                .map(|i| MemberConfig {
                    name: format!("consumer-{i}"),
                    instance_id: None,
                })
                .collect(),
            rtt_ms: 10,
            metadata_max_age_ms: 300_000,
            group_protocol: GroupProtocol::Classic,
            remote_assignor: RemoteAssignor::Uniform,
            consumer_session_timeout_ms: CONSUMER_SESSION_TIMEOUT_MS_DEFAULT,
            consumer_heartbeat_interval_ms: CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT,
            group_type: GroupType::Consumer,
            share: Default::default(),
        }
    }
}

/// Kafka's `Heartbeat` constructor message.
pub const HEARTBEAT_NOT_BELOW_SESSION: &str =
    "Heartbeat must be set lower than the session timeout";

/// `Errors.INVALID_SESSION_TIMEOUT`'s message.
pub const INVALID_SESSION_TIMEOUT_MESSAGE: &str =
    "INVALID_SESSION_TIMEOUT: The session timeout is not within the range allowed by the broker (as configured by group.min.session.timeout.ms and group.max.session.timeout.ms).";

/// Checks a name's length (a group id, topic, member name or instance id); the reason in words.
pub(super) fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.len() > limits::NAME_BYTES_MAX {
        return Err(format!("a name has 1 to {} bytes", limits::NAME_BYTES_MAX));
    }
    Ok(())
}

/// Checks a value against its range; the reason in words.
pub(super) fn check_range(value: u32, min: u32, max: u32, unit: &str) -> Result<(), String> {
    if value < min || value > max {
        return Err(format!("{value}{unit} is outside {min}..={max}{unit}"));
    }
    Ok(())
}

/// Checks `partition.assignment.strategy`; the reason in words.
pub(super) fn check_assignors(assignors: &[AssignorKind]) -> Result<(), String> {
    if assignors.is_empty() {
        return Err("partition.assignment.strategy needs at least one assignor".to_string());
    }
    if assignors.len() > limits::ASSIGNORS_MAX {
        return Err(format!("at most {} assignors", limits::ASSIGNORS_MAX));
    }
    for (i, a) in assignors.iter().enumerate() {
        if assignors[..i].contains(a) {
            return Err(format!("{} is listed twice", a.as_str()));
        }
    }
    Ok(())
}

/// Checks a commit mode's own values (the auto-commit interval); the reason in words.
pub(super) fn check_commit(commit: &CommitMode) -> Result<(), String> {
    if let CommitMode::Auto { interval_ms } = commit {
        check_range(*interval_ms, 0, limits::AUTO_COMMIT_INTERVAL_MS_MAX, " ms")?;
    }
    Ok(())
}

impl GroupConfig {
    /// Checks every value against Kafka's rules and the playground's limits, as the run's
    /// first group (a group on its own).
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.validate_at(0)
    }

    /// Checks like [`GroupConfig::validate`]; the paths name this group as group `group`.
    pub fn validate_at(&self, group: usize) -> Result<(), ConfigError> {
        let at = |name: &'static str| FieldPath::at(Part::Group(group), name);
        let at_member = |name: &'static str| at("members").field(name);
        let put = |field: FieldPath| move |reason: String| ConfigError::new(field, reason);
        check_name(&self.group_id).map_err(put(at("group_id")))?;
        if self.topics.is_empty() || self.topics.len() > limits::TOPICS_MAX {
            return Err(ConfigError::new(
                at("topics"),
                format!("a subscription has 1 to {} topics", limits::TOPICS_MAX),
            ));
        }
        for (i, t) in self.topics.iter().enumerate() {
            check_name(t).map_err(put(at("topics")))?;
            if self.topics[..i].contains(t) {
                return Err(ConfigError::new(
                    at("topics"),
                    format!("{t:?} is listed twice"),
                ));
            }
        }
        check_assignors(&self.assignors).map_err(put(at("assignors")))?;
        if self.heartbeat_interval_ms >= self.session_timeout_ms {
            return Err(ConfigError::new(
                at("heartbeat_interval_ms"),
                HEARTBEAT_NOT_BELOW_SESSION,
            ));
        }
        if !(limits::SESSION_TIMEOUT_MS_MIN..=limits::SESSION_TIMEOUT_MS_MAX)
            .contains(&self.session_timeout_ms)
        {
            return Err(ConfigError::new(
                at("session_timeout_ms"),
                INVALID_SESSION_TIMEOUT_MESSAGE,
            ));
        }
        check_range(
            self.heartbeat_interval_ms,
            1,
            limits::SESSION_TIMEOUT_MS_MAX,
            " ms",
        )
        .map_err(put(at("heartbeat_interval_ms")))?;
        check_range(
            self.max_poll_interval_ms,
            1,
            limits::MAX_POLL_INTERVAL_MS_MAX,
            " ms",
        )
        .map_err(put(at("max_poll_interval_ms")))?;
        check_range(self.max_poll_records, 1, limits::MAX_POLL_RECORDS_MAX, "")
            .map_err(put(at("max_poll_records")))?;
        check_range(
            self.metadata_max_age_ms,
            1,
            crate::engine::limits::METADATA_MAX_AGE_MS_MAX,
            " ms",
        )
        .map_err(put(at("metadata_max_age_ms")))?;
        check_commit(&self.commit).map_err(put(at("auto_commit_interval_ms")))?;
        if let ProcessingMode::Workers { threads } = self.processing {
            check_range(threads, 1, limits::WORKER_THREADS_MAX, "")
                .map_err(put(at("processing").field("threads")))?;
        }
        check_range(
            self.processing_ms_per_record,
            0,
            limits::PROCESSING_MS_PER_RECORD_MAX,
            " ms",
        )
        .map_err(put(at("processing_ms_per_record")))?;
        check_range(self.rtt_ms, 0, limits::RTT_MS_MAX, " ms").map_err(put(at("rtt_ms")))?;
        check_range(
            self.consumer_session_timeout_ms,
            limits::SESSION_TIMEOUT_MS_MIN,
            limits::SESSION_TIMEOUT_MS_MAX,
            " ms",
        )
        .map_err(put(at("group_consumer_session_timeout_ms")))?;
        check_range(
            self.consumer_heartbeat_interval_ms,
            1,
            self.consumer_session_timeout_ms - 1,
            " ms",
        )
        .map_err(put(at("group_consumer_heartbeat_interval_ms")))?;
        if self.group_type == GroupType::Share {
            self.validate_share(group)?;
        }
        if self.members.len() > limits::MEMBERS_MAX {
            return Err(ConfigError::new(
                at("members"),
                format!("a group here has at most {} members", limits::MEMBERS_MAX),
            ));
        }
        for (i, m) in self.members.iter().enumerate() {
            check_name(&m.name).map_err(put(at_member("name")))?;
            if self.members[..i].iter().any(|o| o.name == m.name) {
                return Err(ConfigError::new(
                    at_member("name"),
                    format!("two members are named {:?}", m.name),
                ));
            }
            if let Some(inst) = &m.instance_id {
                check_name(inst).map_err(put(at_member("instance_id")))?;
                if self.members[..i]
                    .iter()
                    .any(|o| o.instance_id.as_ref() == Some(inst))
                {
                    return Err(ConfigError::new(
                        at_member("instance_id"),
                        format!("two members share group.instance.id {inst:?}"),
                    ));
                }
            }
        }
        Ok(())
    }
}

impl GroupConfig {
    /// What a share group does not have, and its own settings.
    fn validate_share(&self, group: usize) -> Result<(), ConfigError> {
        let at = |name: &'static str| FieldPath::at(Part::Group(group), name);
        if self.group_protocol != GroupProtocol::Classic {
            return Err(ConfigError::new(
                at("group_protocol"),
                "a share group has no group.protocol: a KafkaShareConsumer speaks ShareGroupHeartbeat",
            ));
        }
        if matches!(self.processing, ProcessingMode::Workers { .. }) {
            return Err(ConfigError::new(
                at("processing"),
                "a share group here processes in the poll loop (worker threads are not modelled)",
            ));
        }
        if self.members.iter().any(|m| m.instance_id.is_some()) {
            return Err(ConfigError::new(
                at("members").field("instance_id"),
                "a share group has no static membership (group.instance.id)",
            ));
        }
        self.share.validate_at(group)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in [
            AssignorKind::Range,
            AssignorKind::RoundRobin,
            AssignorKind::Sticky,
            AssignorKind::CooperativeSticky,
        ] {
            assert_eq!(a.as_str().parse::<AssignorKind>(), Ok(a));
        }
        assert!("uniform".parse::<AssignorKind>().is_err());
    }
}
