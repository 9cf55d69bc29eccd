//! The fast `java_string_cmp` agrees with Java's definition (UTF-16 code unit order) on random
//! strings mixing ASCII, the BMP above the surrogates, and supplementary characters.

use kafka_playground::engine::java_string_cmp;
use proptest::prelude::*;

fn tricky() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just('a'),
            Just('z'),
            Just('é'),
            Just('\u{D7FF}'),
            Just('\u{E000}'),
            Just('\u{FF61}'),
            Just('\u{FFFF}'),
            Just('\u{10000}'),
            Just('\u{1F600}'),
            any::<char>()
        ],
        0..6,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]
    #[test]
    fn matches_utf16_order(a in tricky(), b in tricky()) {
        prop_assert_eq!(java_string_cmp(&a, &b), a.encode_utf16().cmp(b.encode_utf16()), "{:?} vs {:?}", a, b);
    }
}
