//! The wire form of a share group's settings (KIP-932): `type: "share"` and the broker's
//! `group.share.*` settings in snake_case, the share consumer's `share.acknowledgement.mode`,
//! and the playground's poison records. Each is left out of a group's text when it holds
//! Kafka's default, so a consumer group's text is what it was before these fields existed.

use crate::engine::{
    AcknowledgementMode, GroupType, PoisonAction, ShareConfig, DELIVERY_COUNT_LIMIT_DEFAULT,
    PARTITION_MAX_RECORD_LOCKS_DEFAULT, RECORD_LOCK_DURATION_MS_DEFAULT,
    SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT, SHARE_SESSION_TIMEOUT_MS_DEFAULT,
};
use serde::{Deserialize, Serialize};

/// A group's `type`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupTypeSpec {
    /// A consumer group.
    #[default]
    Consumer,
    /// A share group.
    Share,
}

/// `share.acknowledgement.mode`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AckModeSpec {
    /// The next poll accepts the last one's records.
    #[default]
    Implicit,
    /// The application acknowledges each record.
    Explicit,
}

/// What an explicit-mode application does with a poison record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PoisonSpec {
    /// `AcknowledgeType.RELEASE`.
    #[default]
    Release,
    /// `AcknowledgeType.REJECT`.
    Reject,
}

pub(super) fn is_consumer_type(t: &GroupTypeSpec) -> bool {
    *t == GroupTypeSpec::Consumer
}
pub(super) fn is_implicit(m: &AckModeSpec) -> bool {
    *m == AckModeSpec::Implicit
}
pub(super) fn is_release(p: &PoisonSpec) -> bool {
    *p == PoisonSpec::Release
}
pub(super) fn is_default_lock_ms(v: &u32) -> bool {
    *v == RECORD_LOCK_DURATION_MS_DEFAULT
}
pub(super) fn is_default_delivery_limit(v: &u32) -> bool {
    *v == DELIVERY_COUNT_LIMIT_DEFAULT
}
pub(super) fn is_default_max_locks(v: &u32) -> bool {
    *v == PARTITION_MAX_RECORD_LOCKS_DEFAULT
}
pub(super) fn is_default_share_heartbeat(v: &u32) -> bool {
    *v == SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT
}
pub(super) fn is_default_share_session(v: &u32) -> bool {
    *v == SHARE_SESSION_TIMEOUT_MS_DEFAULT
}

impl From<GroupTypeSpec> for GroupType {
    fn from(t: GroupTypeSpec) -> Self {
        match t {
            GroupTypeSpec::Consumer => GroupType::Consumer,
            GroupTypeSpec::Share => GroupType::Share,
        }
    }
}

impl From<GroupType> for GroupTypeSpec {
    fn from(t: GroupType) -> Self {
        match t {
            GroupType::Consumer => GroupTypeSpec::Consumer,
            GroupType::Share => GroupTypeSpec::Share,
        }
    }
}

/// The share fields of a group's wire form, as one value.
pub(super) struct ShareFields {
    pub lock_ms: u32,
    pub delivery_limit: u32,
    pub max_locks: u32,
    pub heartbeat_ms: u32,
    pub session_ms: u32,
    pub ack_mode: AckModeSpec,
    pub poison_keys: Vec<String>,
    pub on_poison: PoisonSpec,
}

impl ShareFields {
    pub fn from_config(c: &ShareConfig) -> Self {
        ShareFields {
            lock_ms: c.record_lock_duration_ms,
            delivery_limit: c.delivery_count_limit,
            max_locks: c.partition_max_record_locks,
            heartbeat_ms: c.heartbeat_interval_ms,
            session_ms: c.session_timeout_ms,
            ack_mode: match c.acknowledgement_mode {
                AcknowledgementMode::Implicit => AckModeSpec::Implicit,
                AcknowledgementMode::Explicit => AckModeSpec::Explicit,
            },
            poison_keys: c.poison_keys.clone(),
            on_poison: match c.on_poison {
                PoisonAction::Release => PoisonSpec::Release,
                PoisonAction::Reject => PoisonSpec::Reject,
            },
        }
    }

    pub fn to_config(&self) -> ShareConfig {
        ShareConfig {
            record_lock_duration_ms: self.lock_ms,
            delivery_count_limit: self.delivery_limit,
            partition_max_record_locks: self.max_locks,
            heartbeat_interval_ms: self.heartbeat_ms,
            session_timeout_ms: self.session_ms,
            acknowledgement_mode: match self.ack_mode {
                AckModeSpec::Implicit => AcknowledgementMode::Implicit,
                AckModeSpec::Explicit => AcknowledgementMode::Explicit,
            },
            poison_keys: self.poison_keys.clone(),
            on_poison: match self.on_poison {
                PoisonSpec::Release => PoisonAction::Release,
                PoisonSpec::Reject => PoisonAction::Reject,
            },
        }
    }
}
