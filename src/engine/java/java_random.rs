//! The parts of `java.util.Random` that Kafka's placement code calls (`nextInt(bound)`, and
//! `Collections.shuffle` on top of it), over any 32-bit source. Kafka's tests drive them with a
//! `MockRandom`; the simulation drives them with its seeded generator.

use crate::engine::rng::Rng;

/// A source of `next(bits)`, as a `java.util.Random` subclass overrides it.
pub trait JavaRandom {
    /// `next(bits)`: the top `bits` bits of the next state, as a Java int.
    fn next_bits(&mut self, bits: u32) -> i32;

    /// `Random.nextInt(bound)` (Java 17): exact, including the rejection loop.
    fn next_int(&mut self, bound: i32) -> i32 {
        assert!(bound > 0, "bound must be positive");
        let mut r = self.next_bits(31);
        let m = bound - 1;
        if bound & m == 0 {
            return ((i64::from(bound) * i64::from(r)) >> 31) as i32;
        }
        let mut u = r;
        loop {
            r = u % bound;
            if u.wrapping_sub(r).wrapping_add(m) >= 0 {
                return r;
            }
            u = self.next_bits(31);
        }
    }

    /// `Collections.shuffle(list, rnd)` for small or random-access lists.
    fn shuffle<T>(&mut self, list: &mut [T])
    where
        Self: Sized,
    {
        for i in (2..=list.len()).rev() {
            let j = self.next_int(i as i32) as usize;
            list.swap(i - 1, j);
        }
    }
}

/// Kafka's `org.apache.kafka.metadata.MockRandom`: a fixed linear congruential sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockRandom {
    state: u64,
}

impl Default for MockRandom {
    fn default() -> Self {
        MockRandom { state: 17 }
    }
}

impl JavaRandom for MockRandom {
    fn next_bits(&mut self, bits: u32) -> i32 {
        self.state = self
            .state
            .wrapping_mul(2_862_933_555_777_941_757)
            .wrapping_add(3_037_000_493);
        (self.state >> (64 - bits)) as i32
    }
}

impl JavaRandom for Rng {
    fn next_bits(&mut self, bits: u32) -> i32 {
        (self.next_u64() >> (64 - bits)) as i32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_int_stays_in_bounds_and_shuffle_permutes() {
        let mut r = MockRandom::default();
        for bound in [1, 2, 3, 5, 7, 8, 1000] {
            for _ in 0..50 {
                let v = r.next_int(bound);
                assert!((0..bound).contains(&v));
            }
        }
        let mut list = [1, 2, 3, 4, 5];
        r.shuffle(&mut list);
        let mut sorted = list;
        sorted.sort_unstable();
        assert_eq!(sorted, [1, 2, 3, 4, 5]);
    }
}
