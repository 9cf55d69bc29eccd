//! Checks of single values that both a configuration and a command can carry (a partition
//! count, a key, a rate), so growing a topic in the page and a topic in a link are refused in
//! the same words.

use crate::engine::limits;
use std::fmt;

/// A single value past one of the playground's limits; a configuration puts it at its field
/// (a [`super::ConfigError`]), a command refuses with it as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitError {
    /// A partition count of 0.
    NoPartitions,
    /// More partitions than a topic may have here.
    TooManyPartitions { partitions: u32 },
    /// A key longer than the limit.
    KeyTooLong { bytes: usize },
    /// A producer rate over the limit.
    RateTooHigh { rate_per_sec: u32 },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::NoPartitions => f.write_str("a topic needs at least 1 partition"),
            LimitError::TooManyPartitions { partitions } => write!(
                f,
                "{partitions} is above the playground's limit of {} partitions",
                limits::PARTITIONS_MAX
            ),
            LimitError::KeyTooLong { bytes } => write!(
                f,
                "the key is {bytes} bytes long; the limit is {} bytes",
                limits::KEY_BYTES_MAX
            ),
            LimitError::RateTooHigh { rate_per_sec } => write!(
                f,
                "{rate_per_sec} records/s is above the limit of {}",
                limits::RATE_PER_SEC_MAX
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// Checks a partition count against the simulation's limits.
pub fn check_partitions(partitions: u32) -> Result<(), LimitError> {
    if partitions < 1 {
        return Err(LimitError::NoPartitions);
    }
    if partitions > limits::PARTITIONS_MAX {
        return Err(LimitError::TooManyPartitions { partitions });
    }
    Ok(())
}

/// Checks one key's length.
pub fn check_key(key: &str) -> Result<(), LimitError> {
    if key.len() > limits::KEY_BYTES_MAX {
        return Err(LimitError::KeyTooLong { bytes: key.len() });
    }
    Ok(())
}

/// Checks a producer rate.
pub fn check_rate(rate_per_sec: u32) -> Result<(), LimitError> {
    if rate_per_sec > limits::RATE_PER_SEC_MAX {
        return Err(LimitError::RateTooHigh { rate_per_sec });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_keeps_its_words() {
        let cases = [
            (
                check_partitions(0),
                "a topic needs at least 1 partition".to_string(),
            ),
            (
                check_partitions(limits::PARTITIONS_MAX + 1),
                format!(
                    "{} is above the playground's limit of {} partitions",
                    limits::PARTITIONS_MAX + 1,
                    limits::PARTITIONS_MAX
                ),
            ),
            (
                check_key(&"k".repeat(limits::KEY_BYTES_MAX + 1)),
                format!(
                    "the key is {} bytes long; the limit is {} bytes",
                    limits::KEY_BYTES_MAX + 1,
                    limits::KEY_BYTES_MAX
                ),
            ),
            (
                check_rate(limits::RATE_PER_SEC_MAX + 1),
                format!(
                    "{} records/s is above the limit of {}",
                    limits::RATE_PER_SEC_MAX + 1,
                    limits::RATE_PER_SEC_MAX
                ),
            ),
        ];
        for (result, text) in cases {
            assert_eq!(result.unwrap_err().to_string(), text);
        }
    }
}
