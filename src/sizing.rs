//! The partition-count rules of thumb, as a calculator: enough partitions for twice the
//! planned consumers, one per ~10 MB/s of traffic, and enough that the target throughput
//! divided by what one consumer handles fits. These are heuristics from practice, not Kafka
//! rules; the page says so. Integer arithmetic in tenths of MB/s.

/// What the calculator is asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SizingInput {
    /// Target throughput, in tenths of MB/s.
    pub target_tenths_mb_s: u64,
    /// Consumers planned in the group.
    pub consumers: u64,
    /// What one consumer can process, in tenths of MB/s.
    pub per_consumer_tenths_mb_s: u64,
}

/// The answer, with each rule's share of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizing {
    /// Twice the consumers, so the group can grow without repartitioning.
    pub for_consumers: u64,
    /// One partition per 10 MB/s.
    pub for_throughput: u64,
    /// Target ÷ per-consumer throughput, rounded up.
    pub for_parallelism: u64,
    /// The largest of the three.
    pub partitions: u64,
}

fn div_ceil(a: u64, b: u64) -> u64 {
    a.div_ceil(b.max(1))
}

/// Applies the rules.
pub fn size(input: SizingInput) -> Sizing {
    let for_consumers = input.consumers.saturating_mul(2);
    let for_throughput = div_ceil(input.target_tenths_mb_s, 100);
    let for_parallelism = div_ceil(input.target_tenths_mb_s, input.per_consumer_tenths_mb_s);
    let partitions = for_consumers
        .max(for_throughput)
        .max(for_parallelism)
        .max(1);
    Sizing {
        for_consumers,
        for_throughput,
        for_parallelism,
        partitions,
    }
}

/// Reads "12.5" (MB/s) as tenths; at most one decimal, at most 100000 MB/s.
pub fn parse_tenths(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, "0"));
    let bad = || format!("'{text}' is not a number of MB/s with at most one decimal");
    if whole.is_empty()
        || frac.len() != 1
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let whole: u64 = whole.parse().map_err(|_| bad())?;
    if whole > 100_000 {
        return Err(format!(
            "{whole} MB/s is above the calculator's limit of 100000 MB/s"
        ));
    }
    Ok(whole * 10 + frac.parse::<u64>().map_err(|_| bad())?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_rule_wins() {
        // 3 consumers -> 6; 250 MB/s -> 25; 250 / 20 -> 13.
        let s = size(SizingInput {
            target_tenths_mb_s: 2500,
            consumers: 3,
            per_consumer_tenths_mb_s: 200,
        });
        assert_eq!(
            (
                s.for_consumers,
                s.for_throughput,
                s.for_parallelism,
                s.partitions
            ),
            (6, 25, 13, 25)
        );
        // 12 consumers, 40 MB/s, 5 MB/s each -> 24, 4, 8.
        let s = size(SizingInput {
            target_tenths_mb_s: 400,
            consumers: 12,
            per_consumer_tenths_mb_s: 50,
        });
        assert_eq!(s.partitions, 24);
        // A zero per-consumer rate does not divide by zero.
        assert_eq!(
            size(SizingInput {
                target_tenths_mb_s: 10,
                consumers: 0,
                per_consumer_tenths_mb_s: 0
            })
            .partitions,
            10
        );
    }

    #[test]
    fn parsing_tenths() {
        assert_eq!(parse_tenths("12.5"), Ok(125));
        assert_eq!(parse_tenths("7"), Ok(70));
        assert!(parse_tenths("1.25").is_err());
        assert!(parse_tenths("-3").is_err());
        assert!(parse_tenths("abc").is_err());
        assert!(parse_tenths("999999999").is_err());
    }
}
