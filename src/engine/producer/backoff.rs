//! `ExponentialBackoff` (KIP-580) as the producer's accumulator uses it for retries:
//! `retry.backoff.ms` doubling per attempt up to `retry.backoff.max.ms`, with ±20% jitter
//! (`CommonClientConfigs.RETRY_BACKOFF_EXP_BASE` 2, `RETRY_BACKOFF_JITTER` 0.2). Kafka draws
//! the jitter from `ThreadLocalRandom` as a double; here it is a whole per-mille factor from
//! the producer's own seeded stream, so no float enters the engine.

use crate::engine::rng::Rng;

/// `ExponentialBackoff.backoff(attempts)`: the wait before retry number `attempts + 1`, in ms.
pub fn backoff_ms(initial_ms: u32, max_ms: u32, attempts: u32, rng: &mut Rng) -> u64 {
    let max = u64::from(max_ms);
    let initial = u64::from(initial_ms).min(max);
    // `expMax == 0`: no growth and no jitter.
    if max <= initial {
        return initial;
    }
    // `initial * 2^min(attempts, expMax)`: the power stops where it would pass the maximum.
    let term = initial
        .checked_shl(attempts.min(40))
        .filter(|&t| t <= max)
        .unwrap_or(max);
    // `nextDouble(1 - 0.2, 1 + 0.2)`.
    let per_mille = 800 + rng.below(400);
    (term * per_mille / 1000).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    // ExponentialBackoffTest.testExponentialBackoff: 100 ms doubling to 1000 ms (the producer's
    // defaults), each value within ±20% of the term, never above the maximum.
    #[test]
    fn doubles_with_jitter_up_to_the_maximum() {
        let mut rng = Rng::new(7);
        for attempts in 0..10u32 {
            let term = (100u64 << attempts).min(1000);
            let b = backoff_ms(100, 1000, attempts, &mut rng);
            assert!(
                b >= term * 8 / 10 && b <= (term * 12 / 10).min(1000),
                "{attempts}: {b}"
            );
        }
        assert_eq!(backoff_ms(100, 100, 3, &mut rng), 100);
    }
}
