//! The wire form of consumer groups and of the user's actions on them, kept apart from the
//! producing side of the format. Names are Kafka's where Kafka has them (`cooperative-sticky`,
//! `earliest`); every field has the client's default, so a group can be as short as
//! `{"group_id":"billing","topics":["orders"]}`.

use super::share_groups::{self as share, AckModeSpec, GroupTypeSpec, PoisonSpec, ShareFields};
use crate::engine::btree_collect::CollectBTree;
use crate::engine::{
    AssignorKind, CommitMode, GroupCommand, GroupConfig, GroupProtocol, MemberConfig, OffsetReset,
    ProcessingMode, RemoteAssignor, TopicPartition, CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT,
    CONSUMER_SESSION_TIMEOUT_MS_DEFAULT,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One consumer group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupSpec {
    /// `group.id`.
    pub group_id: String,
    /// The topics every member subscribes to.
    pub topics: Vec<String>,
    /// `partition.assignment.strategy`, in preference order.
    pub assignors: Vec<AssignorSpec>,
    /// `session.timeout.ms`.
    pub session_timeout_ms: u32,
    /// `heartbeat.interval.ms`.
    pub heartbeat_interval_ms: u32,
    /// `max.poll.interval.ms`.
    pub max_poll_interval_ms: u32,
    /// `max.poll.records`.
    pub max_poll_records: u32,
    /// When offsets are committed.
    pub commit: CommitSpec,
    /// Where records are processed.
    pub processing: ProcessingSpec,
    /// Processing time per record, in ms.
    pub processing_ms_per_record: u32,
    /// `auto.offset.reset`.
    pub auto_offset_reset: ResetSpec,
    /// The members that start with the group.
    pub members: Vec<MemberSpec>,
    /// Client-to-coordinator round trip, in ms.
    pub rtt_ms: u32,
    /// `metadata.max.age.ms`.
    pub metadata_max_age_ms: u32,
    /// `group.protocol`: `classic` (the default) or `consumer` (KIP-848). Left out when
    /// classic, so a classic group's text is what it was before the field existed.
    #[serde(skip_serializing_if = "is_classic")]
    pub group_protocol: ProtocolSpec,
    /// `group.remote.assignor` for the `consumer` protocol: `uniform` (the default) or `range`.
    #[serde(skip_serializing_if = "is_uniform")]
    pub group_remote_assignor: RemoteAssignorSpec,
    /// `group.consumer.session.timeout.ms` (a broker setting, per group here).
    #[serde(skip_serializing_if = "is_default_consumer_session")]
    pub group_consumer_session_timeout_ms: u32,
    /// `group.consumer.heartbeat.interval.ms` (a broker setting, per group here).
    #[serde(skip_serializing_if = "is_default_consumer_heartbeat")]
    pub group_consumer_heartbeat_interval_ms: u32,
    /// `consumer` (the default) or `share` (KIP-932).
    #[serde(rename = "type", skip_serializing_if = "share::is_consumer_type")]
    pub group_type: GroupTypeSpec,
    /// `group.share.record.lock.duration.ms`.
    #[serde(skip_serializing_if = "share::is_default_lock_ms")]
    pub group_share_record_lock_duration_ms: u32,
    /// `group.share.delivery.count.limit`.
    #[serde(skip_serializing_if = "share::is_default_delivery_limit")]
    pub group_share_delivery_count_limit: u32,
    /// `group.share.partition.max.record.locks`.
    #[serde(skip_serializing_if = "share::is_default_max_locks")]
    pub group_share_partition_max_record_locks: u32,
    /// `group.share.heartbeat.interval.ms`.
    #[serde(skip_serializing_if = "share::is_default_share_heartbeat")]
    pub group_share_heartbeat_interval_ms: u32,
    /// `group.share.session.timeout.ms`.
    #[serde(skip_serializing_if = "share::is_default_share_session")]
    pub group_share_session_timeout_ms: u32,
    /// `share.acknowledgement.mode`: `implicit` (the default) or `explicit`.
    #[serde(skip_serializing_if = "share::is_implicit")]
    pub share_acknowledgement_mode: AckModeSpec,
    /// The keys whose processing throws (the playground's poison records).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub poison_keys: Vec<String>,
    /// Explicit mode: `release` (the default) or `reject` a poison record.
    #[serde(skip_serializing_if = "share::is_release")]
    pub on_poison: PoisonSpec,
    /// Offsets committed before the run, by `"topic-partition"` (an imported group's
    /// `CURRENT-OFFSET`s; absent: none, so `auto_offset_reset` decides where members start).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub committed_offsets: BTreeMap<String, u64>,
}

/// `"orders-3"` as topic and partition: the partition follows the last `-`, as in Kafka's
/// `TopicPartition.toString`.
pub fn parse_topic_partition(text: &str) -> Option<TopicPartition> {
    let (topic, partition) = text.rsplit_once('-')?;
    if topic.is_empty() || partition.is_empty() || !partition.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(TopicPartition {
        topic: topic.to_string(),
        partition: partition.parse().ok()?,
    })
}

/// `group.protocol`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtocolSpec {
    /// JoinGroup/SyncGroup with client-side assignors.
    #[default]
    Classic,
    /// KIP-848: `ConsumerGroupHeartbeat` and a server-side assignor.
    Consumer,
}

/// `group.remote.assignor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteAssignorSpec {
    /// `UniformAssignor`.
    #[default]
    Uniform,
    /// The server-side `RangeAssignor`.
    Range,
}

fn is_classic(p: &ProtocolSpec) -> bool {
    *p == ProtocolSpec::Classic
}

fn is_uniform(a: &RemoteAssignorSpec) -> bool {
    *a == RemoteAssignorSpec::Uniform
}

fn is_default_consumer_session(ms: &u32) -> bool {
    *ms == CONSUMER_SESSION_TIMEOUT_MS_DEFAULT
}

fn is_default_consumer_heartbeat(ms: &u32) -> bool {
    *ms == CONSUMER_HEARTBEAT_INTERVAL_MS_DEFAULT
}

impl From<ProtocolSpec> for GroupProtocol {
    fn from(p: ProtocolSpec) -> Self {
        match p {
            ProtocolSpec::Classic => GroupProtocol::Classic,
            ProtocolSpec::Consumer => GroupProtocol::Consumer,
        }
    }
}

impl From<GroupProtocol> for ProtocolSpec {
    fn from(p: GroupProtocol) -> Self {
        match p {
            GroupProtocol::Classic => ProtocolSpec::Classic,
            GroupProtocol::Consumer => ProtocolSpec::Consumer,
        }
    }
}

impl From<RemoteAssignorSpec> for RemoteAssignor {
    fn from(a: RemoteAssignorSpec) -> Self {
        match a {
            RemoteAssignorSpec::Uniform => RemoteAssignor::Uniform,
            RemoteAssignorSpec::Range => RemoteAssignor::Range,
        }
    }
}

impl From<RemoteAssignor> for RemoteAssignorSpec {
    fn from(a: RemoteAssignor) -> Self {
        match a {
            RemoteAssignor::Uniform => RemoteAssignorSpec::Uniform,
            RemoteAssignor::Range => RemoteAssignorSpec::Range,
        }
    }
}

/// A member at the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    /// Its name (`client.id`).
    pub name: String,
    /// `group.instance.id`: a static member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

/// An assignor by the name Kafka registers it under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssignorSpec {
    /// `RangeAssignor`.
    #[serde(rename = "range")]
    Range,
    /// `RoundRobinAssignor`.
    #[serde(rename = "roundrobin")]
    RoundRobin,
    /// `StickyAssignor`.
    #[serde(rename = "sticky")]
    Sticky,
    /// `CooperativeStickyAssignor`.
    #[serde(rename = "cooperative-sticky")]
    CooperativeSticky,
}

/// When offsets are committed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum CommitSpec {
    /// `enable.auto.commit=true` with `auto.commit.interval.ms`.
    Auto { interval_ms: u32 },
    /// `commitSync()` after each poll's records are processed.
    SyncPerBatch,
    /// `commitSync()` after each record.
    SyncPerRecord,
    /// `commitAsync()` after each poll's records.
    AsyncPerBatch,
    /// `commitSync()` before processing (at most once).
    BeforeProcessing,
}

/// Where records are processed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case", deny_unknown_fields)]
pub enum ProcessingSpec {
    /// In the poll loop, one record after another.
    PollLoop,
    /// Handed to a pool of worker threads.
    Workers { threads: u32 },
}

/// `auto.offset.reset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResetSpec {
    /// The log start offset.
    Earliest,
    /// The high watermark.
    Latest,
    /// No reset: the consumer fails.
    None,
}

impl From<AssignorSpec> for AssignorKind {
    fn from(a: AssignorSpec) -> Self {
        match a {
            AssignorSpec::Range => AssignorKind::Range,
            AssignorSpec::RoundRobin => AssignorKind::RoundRobin,
            AssignorSpec::Sticky => AssignorKind::Sticky,
            AssignorSpec::CooperativeSticky => AssignorKind::CooperativeSticky,
        }
    }
}

impl From<AssignorKind> for AssignorSpec {
    fn from(a: AssignorKind) -> Self {
        match a {
            AssignorKind::Range => AssignorSpec::Range,
            AssignorKind::RoundRobin => AssignorSpec::RoundRobin,
            AssignorKind::Sticky => AssignorSpec::Sticky,
            AssignorKind::CooperativeSticky => AssignorSpec::CooperativeSticky,
        }
    }
}

impl From<CommitSpec> for CommitMode {
    fn from(c: CommitSpec) -> Self {
        match c {
            CommitSpec::Auto { interval_ms } => CommitMode::Auto { interval_ms },
            CommitSpec::SyncPerBatch => CommitMode::SyncPerBatch,
            CommitSpec::SyncPerRecord => CommitMode::SyncPerRecord,
            CommitSpec::AsyncPerBatch => CommitMode::AsyncPerBatch,
            CommitSpec::BeforeProcessing => CommitMode::BeforeProcessing,
        }
    }
}

impl From<CommitMode> for CommitSpec {
    fn from(c: CommitMode) -> Self {
        match c {
            CommitMode::Auto { interval_ms } => CommitSpec::Auto { interval_ms },
            CommitMode::SyncPerBatch => CommitSpec::SyncPerBatch,
            CommitMode::SyncPerRecord => CommitSpec::SyncPerRecord,
            CommitMode::AsyncPerBatch => CommitSpec::AsyncPerBatch,
            CommitMode::BeforeProcessing => CommitSpec::BeforeProcessing,
        }
    }
}

impl From<ResetSpec> for OffsetReset {
    fn from(r: ResetSpec) -> Self {
        match r {
            ResetSpec::Earliest => OffsetReset::Earliest,
            ResetSpec::Latest => OffsetReset::Latest,
            ResetSpec::None => OffsetReset::None,
        }
    }
}

impl From<OffsetReset> for ResetSpec {
    fn from(r: OffsetReset) -> Self {
        match r {
            OffsetReset::Earliest => ResetSpec::Earliest,
            OffsetReset::Latest => ResetSpec::Latest,
            OffsetReset::None => ResetSpec::None,
        }
    }
}

impl Default for GroupSpec {
    fn default() -> Self {
        GroupSpec::from_config(&GroupConfig::default())
    }
}

impl GroupSpec {
    /// The wire form of a group's configuration.
    pub fn from_config(g: &GroupConfig) -> GroupSpec {
        let s = ShareFields::from_config(&g.share);
        GroupSpec {
            group_id: g.group_id.clone(),
            topics: g.topics.clone(),
            assignors: g.assignors.iter().map(|&a| a.into()).collect(),
            session_timeout_ms: g.session_timeout_ms,
            heartbeat_interval_ms: g.heartbeat_interval_ms,
            max_poll_interval_ms: g.max_poll_interval_ms,
            max_poll_records: g.max_poll_records,
            commit: g.commit.into(),
            processing: match g.processing {
                ProcessingMode::PollLoop => ProcessingSpec::PollLoop,
                ProcessingMode::Workers { threads } => ProcessingSpec::Workers { threads },
            },
            processing_ms_per_record: g.processing_ms_per_record,
            auto_offset_reset: g.auto_offset_reset.into(),
            members: g
                .members
                .iter()
                .map(|m| MemberSpec {
                    name: m.name.clone(),
                    instance_id: m.instance_id.clone(),
                })
                .collect(),
            rtt_ms: g.rtt_ms,
            metadata_max_age_ms: g.metadata_max_age_ms,
            group_protocol: g.group_protocol.into(),
            group_remote_assignor: g.remote_assignor.into(),
            group_consumer_session_timeout_ms: g.consumer_session_timeout_ms,
            group_consumer_heartbeat_interval_ms: g.consumer_heartbeat_interval_ms,
            group_type: g.group_type.into(),
            group_share_record_lock_duration_ms: s.lock_ms,
            group_share_delivery_count_limit: s.delivery_limit,
            group_share_partition_max_record_locks: s.max_locks,
            group_share_heartbeat_interval_ms: s.heartbeat_ms,
            group_share_session_timeout_ms: s.session_ms,
            share_acknowledgement_mode: s.ack_mode,
            poison_keys: s.poison_keys,
            on_poison: s.on_poison,
            committed_offsets: g
                .committed_offsets
                .iter()
                .map(|(tp, o)| (tp.to_string(), *o))
                .collect_map(),
        }
    }

    /// The engine's configuration for this group.
    pub fn to_config(&self) -> GroupConfig {
        GroupConfig {
            group_id: self.group_id.clone(),
            topics: self.topics.clone(),
            assignors: self.assignors.iter().map(|&a| a.into()).collect(),
            session_timeout_ms: self.session_timeout_ms,
            heartbeat_interval_ms: self.heartbeat_interval_ms,
            max_poll_interval_ms: self.max_poll_interval_ms,
            max_poll_records: self.max_poll_records,
            commit: self.commit.into(),
            processing: match self.processing {
                ProcessingSpec::PollLoop => ProcessingMode::PollLoop,
                ProcessingSpec::Workers { threads } => ProcessingMode::Workers { threads },
            },
            processing_ms_per_record: self.processing_ms_per_record,
            auto_offset_reset: self.auto_offset_reset.into(),
            members: self
                .members
                .iter()
                .map(|m| MemberConfig {
                    name: m.name.clone(),
                    instance_id: m.instance_id.clone(),
                })
                .collect(),
            rtt_ms: self.rtt_ms,
            metadata_max_age_ms: self.metadata_max_age_ms,
            group_protocol: self.group_protocol.into(),
            remote_assignor: self.group_remote_assignor.into(),
            consumer_session_timeout_ms: self.group_consumer_session_timeout_ms,
            consumer_heartbeat_interval_ms: self.group_consumer_heartbeat_interval_ms,
            group_type: self.group_type.into(),
            share: ShareFields {
                lock_ms: self.group_share_record_lock_duration_ms,
                delivery_limit: self.group_share_delivery_count_limit,
                max_locks: self.group_share_partition_max_record_locks,
                heartbeat_ms: self.group_share_heartbeat_interval_ms,
                session_ms: self.group_share_session_timeout_ms,
                ack_mode: self.share_acknowledgement_mode,
                poison_keys: self.poison_keys.clone(),
                on_poison: self.on_poison,
            }
            .to_config(),
            // Keys that are not `topic-partition` are refused by `Scenario::validate` first.
            committed_offsets: self
                .committed_offsets
                .iter()
                .filter_map(|(k, o)| Some((parse_topic_partition(k)?, *o)))
                .collect(),
        }
    }
}

/// The wire form of [`GroupCommand`], inside an action that names the group by index.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum GroupActionSpec {
    /// A new member starts.
    AddMember {
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        instance_id: Option<String>,
    },
    /// A member closes gracefully.
    CloseMember { name: String },
    /// A member is killed.
    CrashMember { name: String },
    /// A closed or crashed member starts again.
    RestartMember { name: String },
    /// A member's processing time per record changes (a slow consumer).
    SetProcessingMs {
        name: String,
        processing_ms_per_record: u32,
    },
    /// Every member rejoins with a new strategy list.
    SetAssignors { assignors: Vec<AssignorSpec> },
    /// The commit mode changes.
    SetCommitMode { commit: CommitSpec },
    /// The reset policy changes.
    SetOffsetReset { reset: ResetSpec },
}

impl From<&GroupActionSpec> for GroupCommand {
    fn from(a: &GroupActionSpec) -> Self {
        match a {
            GroupActionSpec::AddMember { name, instance_id } => GroupCommand::AddMember {
                name: name.clone(),
                instance_id: instance_id.clone(),
            },
            GroupActionSpec::CloseMember { name } => {
                GroupCommand::CloseMember { name: name.clone() }
            }
            GroupActionSpec::CrashMember { name } => {
                GroupCommand::CrashMember { name: name.clone() }
            }
            GroupActionSpec::RestartMember { name } => {
                GroupCommand::RestartMember { name: name.clone() }
            }
            GroupActionSpec::SetProcessingMs {
                name,
                processing_ms_per_record,
            } => GroupCommand::SetProcessingMs {
                name: name.clone(),
                processing_ms_per_record: *processing_ms_per_record,
            },
            GroupActionSpec::SetAssignors { assignors } => GroupCommand::SetAssignors {
                assignors: assignors.iter().map(|&a| a.into()).collect(),
            },
            GroupActionSpec::SetCommitMode { commit } => GroupCommand::SetCommitMode {
                commit: (*commit).into(),
            },
            GroupActionSpec::SetOffsetReset { reset } => GroupCommand::SetOffsetReset {
                reset: (*reset).into(),
            },
        }
    }
}

impl From<&GroupCommand> for GroupActionSpec {
    fn from(c: &GroupCommand) -> Self {
        match c {
            GroupCommand::AddMember { name, instance_id } => GroupActionSpec::AddMember {
                name: name.clone(),
                instance_id: instance_id.clone(),
            },
            GroupCommand::CloseMember { name } => {
                GroupActionSpec::CloseMember { name: name.clone() }
            }
            GroupCommand::CrashMember { name } => {
                GroupActionSpec::CrashMember { name: name.clone() }
            }
            GroupCommand::RestartMember { name } => {
                GroupActionSpec::RestartMember { name: name.clone() }
            }
            GroupCommand::SetProcessingMs {
                name,
                processing_ms_per_record,
            } => GroupActionSpec::SetProcessingMs {
                name: name.clone(),
                processing_ms_per_record: *processing_ms_per_record,
            },
            GroupCommand::SetAssignors { assignors } => GroupActionSpec::SetAssignors {
                assignors: assignors.iter().map(|&a| a.into()).collect(),
            },
            GroupCommand::SetCommitMode { commit } => GroupActionSpec::SetCommitMode {
                commit: (*commit).into(),
            },
            GroupCommand::SetOffsetReset { reset } => GroupActionSpec::SetOffsetReset {
                reset: (*reset).into(),
            },
        }
    }
}
