//! Java's `String.compareTo` order (UTF-16 code units), which Kafka's assignors sort member ids
//! and topics by. Rust's `str` order is UTF-8's, which differs above U+FFFF, so every sort that
//! must match Kafka goes through [`java_string_cmp`].

use std::cmp::Ordering;

/// Java's `String.compareTo`: lexicographic over UTF-16 code units (`"consumer10" < "consumer2"`,
/// and characters outside the BMP order by their surrogates, not their code points).
pub fn java_string_cmp(a: &str, b: &str) -> Ordering {
    // UTF-8 bytes order like code points, and UTF-16 units order like code points except that
    // U+E000..U+FFFF (one unit, 0xE000..) sorts after everything above U+FFFF (a surrogate pair,
    // 0xD800..). So compare bytes and fix up only that case at the first difference; the common
    // prefix ends on the same character boundary in both strings.
    let (x, y) = (a.as_bytes(), b.as_bytes());
    let Some(i) = x.iter().zip(y).position(|(p, q)| p != q) else {
        return x.len().cmp(&y.len());
    };
    let start = (0..=i).rev().find(|&j| a.is_char_boundary(j)).unwrap_or(0);
    let (la, lb) = (x[start], y[start]);
    let high_bmp = |lead: u8| (0xEE..=0xEF).contains(&lead);
    let supplementary = |lead: u8| lead >= 0xF0;
    if high_bmp(la) && supplementary(lb) {
        Ordering::Greater
    } else if supplementary(la) && high_bmp(lb) {
        Ordering::Less
    } else {
        x[i].cmp(&y[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_order_is_utf16_not_numeric_or_utf8() {
        assert_eq!(java_string_cmp("consumer10", "consumer2"), Ordering::Less);
        // U+FF61 (BMP, above the surrogates) sorts after U+1F600 in UTF-16, before it in UTF-8.
        assert_eq!(java_string_cmp("\u{FF61}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF61}".cmp("\u{1F600}"), Ordering::Less);
    }
}
