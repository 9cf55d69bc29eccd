//! Checks of single values that both a configuration and a command can carry (a partition
//! count, a key, a rate), so growing a topic in the page and a topic in a link are refused in
//! the same words.

use super::ConfigError;
use crate::engine::limits;

/// Checks a partition count against the simulation's limits, with the message users see.
pub fn check_partitions(field: &str, partitions: u32) -> Result<(), ConfigError> {
    if partitions < 1 {
        return Err(ConfigError::new(
            field,
            "a topic needs at least 1 partition",
        ));
    }
    if partitions > limits::PARTITIONS_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "{partitions} is above the playground's limit of {} partitions",
                limits::PARTITIONS_MAX
            ),
        ));
    }
    Ok(())
}

/// Checks one key's length.
pub fn check_key(field: &str, key: &str) -> Result<(), ConfigError> {
    if key.len() > limits::KEY_BYTES_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "the key is {} bytes long; the limit is {} bytes",
                key.len(),
                limits::KEY_BYTES_MAX
            ),
        ));
    }
    Ok(())
}

/// Checks a producer rate.
pub fn check_rate(field: &str, rate_per_sec: u32) -> Result<(), ConfigError> {
    if rate_per_sec > limits::RATE_PER_SEC_MAX {
        return Err(ConfigError::new(
            field,
            format!(
                "{rate_per_sec} records/s is above the limit of {}",
                limits::RATE_PER_SEC_MAX
            ),
        ));
    }
    Ok(())
}
