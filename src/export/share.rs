//! A share group's `consumer-GROUP.properties` (KIP-932): its members are `KafkaShareConsumer`s,
//! configured without `group.protocol` (a share consumer always speaks `ShareGroupHeartbeat`),
//! with `share.acknowledgement.mode`; the settings Kafka lets a group override
//! (`GroupConfig`: `share.session.timeout.ms`, `share.heartbeat.interval.ms`,
//! `share.record.lock.duration.ms`, `share.auto.offset.reset`) as one `kafka-configs.sh
//! --entity-type groups` line, and the broker-only ones (`group.share.delivery.count.limit`,
//! `group.share.partition.max.record.locks`) as `server.properties` lines.

use super::BOOTSTRAP;
use crate::engine::{
    DELIVERY_COUNT_LIMIT_DEFAULT, PARTITION_MAX_RECORD_LOCKS_DEFAULT,
    RECORD_LOCK_DURATION_MS_DEFAULT, SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT,
    SHARE_SESSION_TIMEOUT_MS_DEFAULT,
};
use crate::scenario::{AckModeSpec, GroupSpec, PoisonSpec, ResetSpec};

/// The lines of a share group's properties file.
pub(super) fn share_consumer_lines(g: &GroupSpec) -> Vec<String> {
    let mut lines = vec![
        "# members are KafkaShareConsumer instances (no group.protocol: share groups have their own)".to_string(),
        format!("bootstrap.servers={BOOTSTRAP}"),
        format!("group.id={}", g.group_id),
        "key.deserializer=org.apache.kafka.common.serialization.StringDeserializer".to_string(),
        "value.deserializer=org.apache.kafka.common.serialization.StringDeserializer".to_string(),
    ];
    if g.share_acknowledgement_mode == AckModeSpec::Explicit {
        lines.push("share.acknowledgement.mode=explicit".to_string());
    }
    if g.max_poll_records != 500 {
        lines.push(format!("max.poll.records={}", g.max_poll_records));
    }
    if !g.poison_keys.is_empty() {
        let how = match (g.share_acknowledgement_mode, g.on_poison) {
            (AckModeSpec::Implicit, _) => "throws out of the poll loop",
            (AckModeSpec::Explicit, PoisonSpec::Release) => {
                "calls acknowledge(record, AcknowledgeType.RELEASE)"
            }
            (AckModeSpec::Explicit, PoisonSpec::Reject) => {
                "calls acknowledge(record, AcknowledgeType.REJECT)"
            }
        };
        lines.push(format!(
            "# the application fails on keys {} and {how}",
            g.poison_keys.join(", ")
        ));
    }
    let mut group_configs = Vec::new();
    let numbers = [
        (
            "share.session.timeout.ms",
            g.group_share_session_timeout_ms,
            SHARE_SESSION_TIMEOUT_MS_DEFAULT,
        ),
        (
            "share.heartbeat.interval.ms",
            g.group_share_heartbeat_interval_ms,
            SHARE_HEARTBEAT_INTERVAL_MS_DEFAULT,
        ),
        (
            "share.record.lock.duration.ms",
            g.group_share_record_lock_duration_ms,
            RECORD_LOCK_DURATION_MS_DEFAULT,
        ),
    ];
    for (name, value, default) in numbers {
        if value != default {
            group_configs.push(format!("{name}={value}"));
        }
    }
    // `share.auto.offset.reset` is `latest` by default, like the playground's groups.
    if g.auto_offset_reset == ResetSpec::Earliest {
        group_configs.push("share.auto.offset.reset=earliest".to_string());
    }
    if !group_configs.is_empty() {
        lines.push(format!(
            "# the group's own settings, on the broker: kafka-configs.sh --bootstrap-server {BOOTSTRAP} --alter --entity-type groups --entity-name {} --add-config {}",
            g.group_id,
            group_configs.join(",")
        ));
    }
    let broker = [
        (
            "group.share.delivery.count.limit",
            g.group_share_delivery_count_limit,
            DELIVERY_COUNT_LIMIT_DEFAULT,
        ),
        (
            "group.share.partition.max.record.locks",
            g.group_share_partition_max_record_locks,
            PARTITION_MAX_RECORD_LOCKS_DEFAULT,
        ),
    ];
    for (name, value, default) in broker {
        if value != default {
            lines.push(format!(
                "# broker-wide, in server.properties: {name}={value}"
            ));
        }
    }
    lines
}

/// One `kafka-console-share-consumer.sh` per member (it reads one topic: the first).
pub(super) fn share_consumer_commands(g: &GroupSpec, topics: &str, file: &str) -> String {
    let topic = topics.split('|').next().unwrap_or(topics);
    let mut text = format!(
        "# One terminal per member; watch the share group with:\n#   kafka-share-groups.sh --bootstrap-server {BOOTSTRAP} --describe --group {} --members\n",
        super::shell_word(&g.group_id)
    );
    for m in &g.members {
        text.push_str(&format!(
            "# {}\nkafka-console-share-consumer.sh --bootstrap-server {BOOTSTRAP} --topic {} \\\n  --consumer-config {file} --property print.key=true --property print.partition=true --property print.offset=true\n",
            m.name,
            super::shell_word(topic)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{GroupTypeSpec, Scenario};

    #[test]
    fn a_share_group_exports_share_consumer_settings() {
        let json = r#"{"version":1,"groups":[{"group_id":"q","type":"share","share_acknowledgement_mode":"explicit","group_share_record_lock_duration_ms":10000,"group_share_delivery_count_limit":3,"auto_offset_reset":"earliest"}]}"#;
        let s = Scenario::from_json(json).unwrap().scenario;
        assert_eq!(s.groups[0].group_type, GroupTypeSpec::Share);
        let text = share_consumer_lines(&s.groups[0]).join("\n");
        assert!(text.contains("share.acknowledgement.mode=explicit"));
        assert!(!text.contains("group.protocol="));
        assert!(text.contains("--entity-type groups --entity-name q --add-config share.record.lock.duration.ms=10000,share.auto.offset.reset=earliest"));
        assert!(text.contains("group.share.delivery.count.limit=3"));
    }
}
