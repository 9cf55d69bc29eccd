//! A topic's settings as configured, and their checks in Kafka's words.

use super::{check_partitions, ConfigError};
use crate::engine::cluster::Placement;
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
        Ok(())
    }
}
