//! A topic's settings as configured, and their checks in Kafka's words.

use super::{check_partitions, ConfigError};
use crate::engine::cluster::{Placement, RetentionConfig};
use crate::engine::error::{FieldPath, Part};
use crate::engine::limits;

/// A topic's name and partition count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicConfig {
    /// The topic's name, as Kafka would accept it.
    pub name: String,
    /// How many partitions it starts with.
    pub partitions: u32,
    /// Replicas of each partition, on distinct brokers.
    pub replication_factor: u32,
    /// `min.insync.replicas`: with `acks=all`, writes are refused while the ISR is smaller than
    /// this (or than the replication factor, whichever is less).
    pub min_insync_replicas: u32,
    /// `retention.ms`, `retention.bytes`, `segment.bytes` and `segment.ms`.
    pub retention: RetentionConfig,
    /// An explicit replica assignment (`kafka-topics.sh --replica-assignment`): partition i's
    /// replicas, its preferred leader first. Empty: the cluster's placer decides.
    pub replica_assignment: Vec<Vec<u32>>,
    /// With an explicit assignment: partition i's leader at time 0 (empty: the preferred
    /// leaders), as `kafka-topics.sh --describe` printed it for an imported cluster.
    pub starting_leaders: Vec<u32>,
    /// With an explicit assignment: partition i's ISR at time 0 (empty: every replica).
    pub starting_isr: Vec<Vec<u32>>,
    /// Partition i's log start offset at time 0 (empty: 0), for a log carried over from a
    /// real cluster: the records below it are gone, as after retention.
    pub starting_log_start_offsets: Vec<u64>,
    /// Partition i's log end offset at time 0 (empty: 0). The records from the log start up to
    /// it are already there, of unknown keys (Kafka's null key), written before the run.
    pub starting_log_end_offsets: Vec<u64>,
}

impl TopicConfig {
    /// Checks the topic's name, partitions and replication factor; `topic` is where it sits.
    pub fn validate(
        &self,
        topic: Part,
        brokers: u32,
        placement: Placement,
    ) -> Result<(), ConfigError> {
        let at = |name: &'static str| FieldPath::at(topic, name);
        let name = &self.name;
        if name.is_empty() || name.len() > limits::TOPIC_NAME_MAX {
            return Err(ConfigError::new(
                at("name"),
                format!(
                    "a topic name has 1 to {} characters",
                    limits::TOPIC_NAME_MAX
                ),
            ));
        }
        if name == "." || name == ".." {
            return Err(ConfigError::new(
                at("name"),
                "Kafka does not accept '.' or '..' as a topic name",
            ));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
        {
            return Err(ConfigError::new(
                at("name"),
                format!("{bad:?} is not allowed: Kafka topic names use ASCII letters, digits, '.', '_' and '-'"),
            ));
        }
        check_partitions(self.partitions)
            .map_err(|e| ConfigError::new(at("partitions"), e.to_string()))?;
        // Kafka's own words: the KRaft controller's CreateTopics, or AdminUtils.
        let rf = self.replication_factor;
        let kraft = placement == Placement::Striped;
        if rf < 1 {
            let message = if kraft {
                "Replication factor must be larger than 0, or -1 to use the default value."
            } else {
                "Replication factor must be larger than 0."
            };
            return Err(ConfigError::new(at("replication_factor"), message));
        }
        if rf > brokers {
            let message = if kraft {
                format!("Unable to replicate the partition {rf} time(s): The target replication factor of {rf} cannot be reached because only {brokers} broker(s) are registered.")
            } else {
                format!("Replication factor: {rf} larger than available brokers: {brokers}.")
            };
            return Err(ConfigError::new(at("replication_factor"), message));
        }
        // Kafka accepts min.insync.replicas above the replication factor (acks=all then checks
        // against the smaller of the two), so only 0 and values past any cluster are refused.
        if self.min_insync_replicas < 1 || self.min_insync_replicas > limits::BROKERS_MAX {
            return Err(ConfigError::new(
                at("min_insync_replicas"),
                format!(
                    "min.insync.replicas is 1 to {}, not {}",
                    limits::BROKERS_MAX,
                    self.min_insync_replicas
                ),
            ));
        }
        self.validate_retention(topic)?;
        self.validate_replica_assignment(topic, brokers)?;
        self.validate_starting_state(topic)?;
        self.validate_starting_offsets(topic)
    }

    /// Partition i's log start and end offsets at time 0 (both 0 when not given).
    pub fn starting_offsets(&self, partition: u32) -> (u64, u64) {
        let end = self
            .starting_log_end_offsets
            .get(partition as usize)
            .copied()
            .unwrap_or(0);
        let start = self
            .starting_log_start_offsets
            .get(partition as usize)
            .copied()
            .unwrap_or(end);
        (start, end)
    }

    /// Starting offsets as a log can hold them: one per partition, the start at most the end,
    /// offsets within Kafka's `Long`, and at most `limits::STARTING_RECORDS_PER_PARTITION_MAX`
    /// records already there.
    fn validate_starting_offsets(&self, topic: Part) -> Result<(), ConfigError> {
        let n = self.partitions as usize;
        for (name, list) in [
            (
                "starting_log_start_offsets",
                &self.starting_log_start_offsets,
            ),
            ("starting_log_end_offsets", &self.starting_log_end_offsets),
        ] {
            if !list.is_empty() && list.len() != n {
                return Err(ConfigError::new(
                    FieldPath::at(topic, name),
                    format!(
                        "{name} lists {} partition(s) but partitions is {n}",
                        list.len()
                    ),
                ));
            }
            if let Some((p, o)) = list
                .iter()
                .enumerate()
                .find(|(_, &o)| o > limits::OFFSET_MAX)
            {
                return Err(ConfigError::new(
                    FieldPath::at(topic, name),
                    format!(
                        "partition {p}'s offset {o} is past Kafka's largest, {}",
                        limits::OFFSET_MAX
                    ),
                ));
            }
        }
        if !self.starting_log_start_offsets.is_empty() && self.starting_log_end_offsets.is_empty() {
            return Err(ConfigError::new(
                FieldPath::at(topic, "starting_log_start_offsets"),
                "starting_log_start_offsets needs starting_log_end_offsets",
            ));
        }
        for p in 0..self.partitions {
            let (start, end) = self.starting_offsets(p);
            let at = || FieldPath::at(topic, "starting_log_start_offsets");
            if start > end {
                return Err(ConfigError::new(
                    at(),
                    format!(
                        "partition {p}'s log start offset {start} is past its log end offset {end}"
                    ),
                ));
            }
            let held = end - start;
            if held > limits::STARTING_RECORDS_PER_PARTITION_MAX as u64 {
                return Err(ConfigError::new(
                    at(),
                    format!(
                        "partition {p} would start with {held} records; a log starts with at most {}",
                        limits::STARTING_RECORDS_PER_PARTITION_MAX
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A manual assignment as the KRaft controller checks one
    /// (`ReplicationControlManager.createTopic` and `validateManualPartitionAssignment`, in
    /// their words), and as the playground's format adds: one list per partition, each as long as
    /// the replication factor.
    fn validate_replica_assignment(&self, topic: Part, brokers: u32) -> Result<(), ConfigError> {
        let assignment = &self.replica_assignment;
        if assignment.is_empty() {
            return Ok(());
        }
        let at = || FieldPath::at(topic, "replica_assignment");
        if assignment.len() != self.partitions as usize {
            return Err(ConfigError::new(
                at(),
                format!(
                    "replica_assignment lists {} partition(s) but partitions is {}",
                    assignment.len(),
                    self.partitions
                ),
            ));
        }
        for (p, replicas) in assignment.iter().enumerate() {
            if replicas.is_empty() {
                return Err(ConfigError::new(
                    at(),
                    "The manual partition assignment includes an empty replica list.",
                ));
            }
            let mut sorted = replicas.clone();
            sorted.sort_unstable();
            for (i, &b) in sorted.iter().enumerate() {
                if b < 1 || b > brokers {
                    return Err(ConfigError::new(at(), format!("The manual partition assignment includes broker {b}, but no such broker is registered.")));
                }
                if i > 0 && sorted[i - 1] == b {
                    return Err(ConfigError::new(
                        at(),
                        format!("The manual partition assignment includes the broker {b} more than once."),
                    ));
                }
            }
            if replicas.len() != self.replication_factor as usize {
                return Err(ConfigError::new(
                    at(),
                    format!(
                        "partition {p} has {} replica(s) but replication_factor is {}",
                        replicas.len(),
                        self.replication_factor
                    ),
                ));
            }
        }
        Ok(())
    }

    /// A starting leader and ISR as the controller keeps them: the ISR a non-empty subset of
    /// the replicas, the leader one of the ISR (`PartitionRegistration`'s invariant).
    fn validate_starting_state(&self, topic: Part) -> Result<(), ConfigError> {
        let assignment = &self.replica_assignment;
        let n = self.partitions as usize;
        let needs = |name: &'static str, len: usize| -> Result<(), ConfigError> {
            if len == 0 {
                return Ok(());
            }
            if assignment.is_empty() {
                return Err(ConfigError::new(
                    FieldPath::at(topic, name),
                    format!("{name} needs an explicit replica_assignment"),
                ));
            }
            if len != n {
                return Err(ConfigError::new(
                    FieldPath::at(topic, name),
                    format!("{name} lists {len} partition(s) but partitions is {n}"),
                ));
            }
            Ok(())
        };
        needs("starting_leaders", self.starting_leaders.len())?;
        needs("starting_isr", self.starting_isr.len())?;
        for (p, replicas) in assignment.iter().enumerate() {
            let isr = self.starting_isr.get(p).unwrap_or(replicas);
            let at = || FieldPath::at(topic, "starting_isr");
            if isr.is_empty() {
                return Err(ConfigError::new(
                    at(),
                    format!("partition {p}'s ISR is empty; an ISR holds at least its leader"),
                ));
            }
            for (i, b) in isr.iter().enumerate() {
                if !replicas.contains(b) {
                    return Err(ConfigError::new(
                        at(),
                        format!("partition {p}'s ISR holds broker {b}, which has no replica of it"),
                    ));
                }
                if isr[..i].contains(b) {
                    return Err(ConfigError::new(
                        at(),
                        format!("partition {p}'s ISR holds broker {b} more than once"),
                    ));
                }
            }
            if let Some(leader) = self.starting_leaders.get(p) {
                if !isr.contains(leader) {
                    return Err(ConfigError::new(
                        FieldPath::at(topic, "starting_leaders"),
                        format!("partition {p}'s leader {leader} is not in its ISR"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Kafka's `LogConfig` validators (`retention.ms` at least -1, `segment.bytes` at least
    /// `LegacyRecord.RECORD_OVERHEAD_V0`, `segment.ms` at least 1) in `ConfigDef`'s words, and
    /// the playground's upper limits.
    fn validate_retention(&self, topic: Part) -> Result<(), ConfigError> {
        let r = &self.retention;
        let at = |name: &'static str| FieldPath::at(topic, name);
        let at_least = |name: &'static str, kafka: &str, value: i64, min: i64| {
            ConfigError::new(
                at(name),
                format!(
                    "Invalid value {value} for configuration {kafka}: Value must be at least {min}"
                ),
            )
        };
        let above = |name: &'static str, value: i64, max: i64| {
            ConfigError::new(
                at(name),
                format!("{value} is above the playground's limit of {max}"),
            )
        };
        if r.retention_ms < -1 {
            return Err(at_least("retention_ms", "retention.ms", r.retention_ms, -1));
        }
        if r.retention_ms > limits::RETENTION_MS_MAX as i64 {
            return Err(above(
                "retention_ms",
                r.retention_ms,
                limits::RETENTION_MS_MAX as i64,
            ));
        }
        if r.retention_bytes < -1 {
            return Err(ConfigError::new(
                at("retention_bytes"),
                format!(
                    "{} is not a size: -1 (unlimited) or a number of bytes",
                    r.retention_bytes
                ),
            ));
        }
        if r.retention_bytes > limits::RETENTION_BYTES_MAX {
            return Err(above(
                "retention_bytes",
                r.retention_bytes,
                limits::RETENTION_BYTES_MAX,
            ));
        }
        if r.segment_bytes < 14 {
            return Err(at_least(
                "segment_bytes",
                "segment.bytes",
                i64::from(r.segment_bytes),
                14,
            ));
        }
        if r.segment_bytes > i32::MAX as u32 {
            return Err(above(
                "segment_bytes",
                i64::from(r.segment_bytes),
                i64::from(i32::MAX),
            ));
        }
        if r.segment_ms < 1 {
            return Err(at_least("segment_ms", "segment.ms", r.segment_ms as i64, 1));
        }
        if r.segment_ms > limits::RETENTION_MS_MAX {
            return Err(above(
                "segment_ms",
                r.segment_ms as i64,
                limits::RETENTION_MS_MAX as i64,
            ));
        }
        Ok(())
    }
}
