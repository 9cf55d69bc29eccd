//! Java's `String.hashCode` and Kafka's `Utils.abs`: together they pick a group's
//! `__consumer_offsets` partition, and `hashCode` decides `HashMap` bucket order.

/// Java's `String.hashCode`: `s[0]*31^(n-1) + …` over UTF-16 code units, as a wrapping int.
pub fn java_string_hash(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| {
        h.wrapping_mul(31).wrapping_add(i32::from(unit))
    })
}

/// Kafka's `Utils.abs`: `abs(i32::MIN) == 0`, where `Math.abs` would stay negative.
pub fn kafka_abs(n: i32) -> i32 {
    if n == i32::MIN {
        0
    } else {
        n.abs()
    }
}
