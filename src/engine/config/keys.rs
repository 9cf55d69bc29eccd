//! Where a producer's keys come from, as configured, and the checks on it. The generator that
//! draws keys from it is `key_source.rs`.

use super::{check_key, ConfigError};
use crate::engine::error::FieldPath;
use crate::engine::limits;
use crate::engine::producer::OrderKeyBy;

/// Where a producer's record keys come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeySource {
    /// A fixed list; each record picks one uniformly at random.
    Fixed(Vec<String>),
    /// `count` entity ids `prefix0 .. prefix{count-1}`, drawn uniformly.
    Entities { prefix: String, count: u32 },
    /// `count` ids `prefix0 …`, Zipf-distributed with exponent `exponent_halves / 2`
    /// (multiples of 0.5 keep the weights exact on every target).
    Zipf {
        prefix: String,
        count: u32,
        exponent_halves: u32,
    },
    /// One hot key taking `share_permille` of the traffic; the rest uniform over `count` ids.
    HotKey {
        prefix: String,
        count: u32,
        hot_key: String,
        share_permille: u32,
    },
    /// Low-cardinality values with weights (country codes where US dominates).
    Weighted(Vec<(String, u32)>),
    /// The send time's epoch second as the key: every record of a second shares a partition.
    TimestampSecond,
    /// A fresh random key for every record.
    RandomUnique,
    /// Orders going CREATED → PAID → SHIPPED → DELIVERED, keyed as chosen.
    OrderLifecycle {
        key_by: OrderKeyBy,
        concurrent_orders: u32,
    },
    /// No key: the record is partitioned without one.
    None,
}

impl KeySource {
    /// Checks the key source; `field` (the producer's `keys`) is where it sits.
    pub fn validate(&self, field: FieldPath) -> Result<(), ConfigError> {
        let at = |name: &'static str| field.clone().field(name);
        let check = |name: &'static str, key: &str| {
            check_key(key).map_err(|e| ConfigError::new(at(name), e.to_string()))
        };
        match self {
            KeySource::Fixed(keys) => {
                if keys.is_empty() {
                    return Err(ConfigError::new(
                        at("values"),
                        "a fixed key list needs at least one key",
                    ));
                }
                if keys.len() > limits::FIXED_KEYS_MAX {
                    return Err(ConfigError::new(
                        at("values"),
                        format!(
                            "{} keys is above the limit of {}",
                            keys.len(),
                            limits::FIXED_KEYS_MAX
                        ),
                    ));
                }
                for key in keys {
                    check("values", key)?;
                }
            }
            KeySource::Entities { prefix, count } => {
                check("prefix", prefix)?;
                if *count < 1 || *count > limits::ENTITY_COUNT_MAX {
                    return Err(ConfigError::new(
                        at("count"),
                        format!(
                            "the entity count must be 1 to {}, not {count}",
                            limits::ENTITY_COUNT_MAX
                        ),
                    ));
                }
            }
            KeySource::Zipf {
                prefix,
                count,
                exponent_halves,
            } => {
                check("prefix", prefix)?;
                if *count < 1 || *count > limits::ZIPF_COUNT_MAX {
                    return Err(ConfigError::new(
                        at("count"),
                        format!(
                            "a Zipf source has 1 to {} ids, not {count}",
                            limits::ZIPF_COUNT_MAX
                        ),
                    ));
                }
                if !(1..=6).contains(exponent_halves) {
                    return Err(ConfigError::new(at("exponent"),
                        "the Zipf exponent is 0.5, 1, 1.5, 2, 2.5 or 3 (multiples of 0.5 are exact on every target)",
                    ));
                }
            }
            KeySource::HotKey {
                prefix,
                count,
                hot_key,
                share_permille,
            } => {
                check("prefix", prefix)?;
                check("hot_key", hot_key)?;
                if *count < 1 || *count > limits::ENTITY_COUNT_MAX {
                    return Err(ConfigError::new(
                        at("count"),
                        format!(
                            "the other ids number 1 to {}, not {count}",
                            limits::ENTITY_COUNT_MAX
                        ),
                    ));
                }
                if *share_permille > 1000 {
                    return Err(ConfigError::new(
                        at("share"),
                        "the hot key's share is 0 to 1 (0% to 100%)",
                    ));
                }
            }
            KeySource::Weighted(values) => {
                if values.is_empty() || values.len() > limits::FIXED_KEYS_MAX {
                    return Err(ConfigError::new(
                        at("values"),
                        format!(
                            "a weighted source has 1 to {} values",
                            limits::FIXED_KEYS_MAX
                        ),
                    ));
                }
                for (key, weight) in values {
                    check("values", key)?;
                    if *weight > limits::WEIGHT_MAX {
                        return Err(ConfigError::new(
                            at("values"),
                            format!(
                                "weight {weight} for {key:?} is above the limit of {}",
                                limits::WEIGHT_MAX
                            ),
                        ));
                    }
                }
                if values.iter().all(|(_, w)| *w == 0) {
                    return Err(ConfigError::new(
                        at("values"),
                        "at least one weight must be above 0",
                    ));
                }
            }
            KeySource::OrderLifecycle {
                concurrent_orders, ..
            } => {
                if *concurrent_orders < 1 || *concurrent_orders > limits::CONCURRENT_ORDERS_MAX {
                    return Err(ConfigError::new(
                        at("concurrent_orders"),
                        format!(
                            "1 to {} orders at a time, not {concurrent_orders}",
                            limits::CONCURRENT_ORDERS_MAX
                        ),
                    ));
                }
            }
            KeySource::TimestampSecond | KeySource::RandomUnique | KeySource::None => {}
        }
        Ok(())
    }
}
