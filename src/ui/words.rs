//! The page's shared wording: how producers, partitioners, key sources, times, sizes and counts
//! are written. One home, so every panel says the same thing the same way, and plain Rust, so
//! the wording is tested natively.

mod group;

pub use group::{commit_words, describe_group_event, phase_words};

use crate::engine::OrderKeyBy;
use crate::engine::{KeySource, PartitionerKind};
use std::fmt;

/// A count that takes a singular or plural noun.
pub trait Count: Copy + fmt::Display {
    /// Whether the count takes the singular.
    fn is_one(self) -> bool;
}

macro_rules! impl_count {
    ($($t:ty),*) => {
        $(impl Count for $t {
            fn is_one(self) -> bool {
                self == 1
            }
        })*
    };
}
impl_count!(u32, u64, usize);

/// `n` and the noun in the form that agrees with it: `plural(1, "partition", "partitions")` is
/// "1 partition", with 2 it is "2 partitions". The forms are given whole, so irregular ones
/// ("batch", "batches") and verb agreement ("record waits", "records wait") need nothing else.
pub fn plural<N: Count>(n: N, one: &str, many: &str) -> String {
    format!("{n} {}", if n.is_one() { one } else { many })
}

/// How the page names producer `index` (people count from 1).
pub fn producer_name(index: u32) -> String {
    format!("producer-{}", index + 1)
}

/// A short name for the partitioner, as the setup form and the stage's summary say it.
pub fn partitioner_label(kind: PartitionerKind, adaptive: bool) -> &'static str {
    match (kind, adaptive) {
        (PartitionerKind::BuiltIn, true) => "built-in sticky, adaptive (3.3+)",
        (PartitionerKind::BuiltIn, false) => "built-in sticky (3.3+)",
        (PartitionerKind::StickyLegacy, _) => "sticky (2.4–3.2)",
        (PartitionerKind::RoundRobinLegacy, _) => "round robin (before 2.4)",
        (PartitionerKind::RoundRobin, _) => "RoundRobinPartitioner (4.x)",
        (PartitionerKind::RoundRobinKafka9965, _) => {
            "RoundRobinPartitioner (2.4–3.9.1, skips: KAFKA-9965)"
        }
    }
}

/// The partitioner in the few characters the producer box has room for.
pub fn partitioner_short(kind: PartitionerKind, adaptive: bool) -> &'static str {
    match (kind, adaptive) {
        (PartitionerKind::BuiltIn, true) => "sticky 3.3+, adaptive",
        (PartitionerKind::BuiltIn, false) => "sticky 3.3+",
        (PartitionerKind::StickyLegacy, _) => "sticky 2.4–3.2",
        (PartitionerKind::RoundRobinLegacy, _) => "round robin <2.4",
        (PartitionerKind::RoundRobin, _) => "RoundRobin 4.x",
        (PartitionerKind::RoundRobinKafka9965, _) => "RoundRobin 2.4–3.9",
    }
}

/// Sim time as seconds with millisecond precision, e.g. `12.345 s`.
pub fn format_time(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

/// A size in bytes, in KiB when it is a whole number of them (`16 KiB`, `1000 B`).
pub fn bytes_label(bytes: u32) -> String {
    if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

/// `text` cut to `max` characters, the last one an ellipsis when something was cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The key source in words: a sentence (`long`) for the producer panel, a few words for the
/// producer box.
pub fn describe_keys(source: &KeySource, long: bool) -> String {
    match (source, long) {
        (KeySource::Fixed(keys), true) => {
            let shown: Vec<&str> = keys.iter().take(4).map(String::as_str).collect();
            let more = if keys.len() > 4 {
                format!(" and {} more", keys.len() - 4)
            } else {
                String::new()
            };
            format!(
                "picks from {} fixed keys: {}{more}",
                keys.len(),
                shown.join(", ")
            )
        }
        (KeySource::Fixed(keys), false) => plural(keys.len(), "fixed key", "fixed keys"),
        (KeySource::Entities { prefix, count }, true) => format!(
            "picks uniformly from {} {prefix}0 … {prefix}{}",
            plural(*count, "id", "ids"),
            count.saturating_sub(1)
        ),
        (KeySource::Entities { prefix, count }, false) => {
            format!("{} {prefix}…", plural(*count, "id", "ids"))
        }
        (
            KeySource::Zipf {
                prefix,
                count,
                exponent_halves,
            },
            true,
        ) => format!(
            "picks from {} {prefix}0 … Zipf-skewed (exponent {}): {prefix}0 is the most frequent",
            plural(*count, "id", "ids"),
            f64::from(*exponent_halves) / 2.0
        ),
        (KeySource::Zipf { count, .. }, false) => {
            format!("Zipf over {}", plural(*count, "id", "ids"))
        }
        (
            KeySource::HotKey {
                hot_key,
                share_permille,
                count,
                ..
            },
            true,
        ) => format!(
            "sends “{hot_key}” for {}% of records, the rest spread over {}",
            share_permille / 10,
            plural(*count, "id", "ids")
        ),
        (
            KeySource::HotKey {
                hot_key,
                share_permille,
                ..
            },
            false,
        ) => format!("hot “{hot_key}” {}%", share_permille / 10),
        (KeySource::Weighted(values), true) => format!(
            "picks weighted values: {}",
            values
                .iter()
                .map(|(k, w)| format!("{k} ({w})"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        (KeySource::Weighted(values), false) => format!("{} weighted values", values.len()),
        (KeySource::TimestampSecond, true) => {
            "uses the send time's epoch second as the key".to_string()
        }
        (KeySource::TimestampSecond, false) => "timestamp keys".to_string(),
        (KeySource::RandomUnique, true) => "uses a fresh random key for every record".to_string(),
        (KeySource::RandomUnique, false) => "unique keys".to_string(),
        (
            KeySource::OrderLifecycle {
                key_by,
                concurrent_orders,
            },
            long,
        ) => {
            let by = match key_by {
                OrderKeyBy::OrderId => "order id",
                OrderKeyBy::EventType => "event type",
                OrderKeyBy::None => "nothing (null key)",
            };
            if long {
                format!("runs {concurrent_orders} orders at a time through CREATED → PAID → SHIPPED → DELIVERED, keyed by {by}")
            } else {
                format!("orders, key: {by}")
            }
        }
        (KeySource::None, true) => "sends null keys, which the partitioner places".to_string(),
        (KeySource::None, false) => "null keys".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_nouns() {
        let cases: [(u64, &str); 4] = [
            (0, "0 partitions"),
            (1, "1 partition"),
            (2, "2 partitions"),
            (256, "256 partitions"),
        ];
        for (n, expected) in cases {
            assert_eq!(plural(n, "partition", "partitions"), expected);
        }
        assert_eq!(plural(1_usize, "batch", "batches"), "1 batch");
        assert_eq!(plural(3_u32, "batch", "batches"), "3 batches");
        assert_eq!(
            plural(1_usize, "record waits", "records wait"),
            "1 record waits"
        );
        assert_eq!(
            plural(1_usize, "is in flight", "are in flight"),
            "1 is in flight"
        );
    }

    #[test]
    fn names_sizes_and_times() {
        assert_eq!(producer_name(0), "producer-1");
        assert_eq!(producer_name(7), "producer-8");
        for (bytes, expected) in [
            (16384, "16 KiB"),
            (1000, "1000 B"),
            (1024, "1 KiB"),
            (0, "0 B"),
        ] {
            assert_eq!(bytes_label(bytes), expected);
        }
        assert_eq!(format_time(12_345), "12.345 s");
        assert_eq!(format_time(7), "0.007 s");
    }

    #[test]
    fn shortened_text_keeps_its_length_limit() {
        for (text, max, expected) in [
            ("order-12", 6, "order…"),
            ("user-1", 6, "user-1"),
            ("", 6, ""),
            ("vip-customer-42", 18, "vip-customer-42"),
            ("CREATED", 1, "…"),
        ] {
            assert_eq!(shorten(text, max), expected, "{text} in {max}");
        }
    }

    #[test]
    fn key_sources_in_few_words() {
        let cases = [
            (KeySource::None, "null keys"),
            (
                KeySource::Fixed(vec!["a".into(), "b".into()]),
                "2 fixed keys",
            ),
            (
                KeySource::Entities {
                    prefix: "user-".into(),
                    count: 10_000,
                },
                "10000 ids user-…",
            ),
        ];
        for (source, expected) in cases {
            assert_eq!(describe_keys(&source, false), expected);
        }
    }
}
