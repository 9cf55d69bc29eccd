//! Kafka's own test vectors (kafka-semantics.md §1 and §7) as data: `Utils.murmur2` from
//! UtilsTest, librdkafka's cross-check table, the Kafka Streams integration test's key →
//! partition comments, the key → partition table, and the remap when partitions are added.

use kafka_playground::engine::{murmur2, partition_for_key, to_positive};

/// UtilsTest.testMurmur2 (ASCII keys).
const UTILS_TEST_MURMUR2: &[(&str, i32)] = &[
    ("21", -973932308),
    ("foobar", -790332482),
    ("a-little-bit-long-string", -985981536),
    ("a-little-bit-longer-string", -1486304829),
    (
        "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8",
        -58897971,
    ),
    ("abc", 479470107),
];

/// librdkafka's `java_murmur2_results`, as signed ints.
const LIBRDKAFKA_CROSS_CHECK: &[(&str, i32)] = &[
    ("kafka", -798503068),
    ("giberish123456789", -1890243828),
    ("1234", -1614185708),
    ("234", -406844982),
    ("34", -2026295078),
    ("4", 1514888353),
    ("", 275646681),
    ("PreAmbleWillBeRemoved,ThePrePartThatIs", 2017611548),
];

/// KTableKTableForeignKeyInnerJoinMultiIntegrationTest: String keys over 3 partitions.
const STREAMS_THREE_PARTITIONS: &[(&str, u32)] = &[
    ("0", 2),
    ("1", 0),
    ("2", 2),
    ("3", 2),
    ("4", 1),
    ("5", 0),
    ("6", 1),
    ("7", 0),
    ("8", 0),
    ("9", 2),
];

/// key, murmur2, toPositive, then partitions for 3, 4, 6, 8, 12, 16 partitions.
type KeyRow = (&'static str, i32, i32, [u32; 6]);
const KEY_TABLE: &[KeyRow] = &[
    ("order-123", -940440895, 1207042753, [1, 1, 1, 1, 1, 1]),
    ("order-456", -1615991992, 531491656, [1, 0, 4, 0, 4, 8]),
    ("user-1", 1404122828, 1404122828, [2, 0, 2, 4, 8, 12]),
    ("user-42", 1459644460, 1459644460, [1, 0, 4, 4, 4, 12]),
    (
        "vip-customer-42",
        -217666005,
        1929817643,
        [2, 3, 5, 3, 11, 11],
    ),
    ("US", 1897545176, 1897545176, [2, 0, 2, 0, 8, 8]),
    ("DE", -694007203, 1453476445, [1, 1, 1, 5, 1, 13]),
    ("key", -1079937367, 1067546281, [1, 1, 1, 1, 1, 9]),
    ("", 275646681, 275646681, [0, 1, 3, 1, 9, 9]),
];
const KEY_TABLE_COUNTS: [u32; 6] = [3, 4, 6, 8, 12, 16];

/// kafka-semantics.md §7: `[old, new]` partition of each key when a topic grows.
type RemapRow = (u32, u32, &'static [(&'static str, u32, u32)]);
const REMAP: &[RemapRow] = &[
    (
        3,
        4,
        &[
            ("order-123", 1, 1),
            ("order-456", 1, 0),
            ("user-1", 2, 0),
            ("user-42", 1, 0),
            ("vip-customer-42", 2, 3),
            ("US", 2, 0),
            ("DE", 1, 1),
        ],
    ),
    (
        3,
        6,
        &[
            ("order-123", 1, 1),
            ("order-456", 1, 4),
            ("user-1", 2, 2),
            ("user-42", 1, 4),
            ("vip-customer-42", 2, 5),
            ("US", 2, 2),
            ("DE", 1, 1),
        ],
    ),
    (
        4,
        8,
        &[
            ("order-123", 1, 1),
            ("order-456", 0, 0),
            ("user-1", 0, 4),
            ("user-42", 0, 4),
            ("vip-customer-42", 3, 3),
            ("US", 0, 0),
            ("DE", 1, 5),
        ],
    ),
    (
        6,
        12,
        &[
            ("order-123", 1, 1),
            ("order-456", 4, 4),
            ("user-1", 2, 8),
            ("user-42", 4, 4),
            ("vip-customer-42", 5, 11),
            ("US", 2, 8),
            ("DE", 1, 1),
        ],
    ),
];

#[test]
fn utils_test_murmur2() {
    for &(key, expected) in UTILS_TEST_MURMUR2 {
        assert_eq!(murmur2(key.as_bytes()), expected, "murmur2({key:?})");
    }
}

#[test]
fn librdkafka_cross_check() {
    for &(key, expected) in LIBRDKAFKA_CROSS_CHECK {
        assert_eq!(murmur2(key.as_bytes()), expected, "murmur2({key:?})");
    }
}

#[test]
fn streams_integration_partitions() {
    for &(key, expected) in STREAMS_THREE_PARTITIONS {
        assert_eq!(
            partition_for_key(key.as_bytes(), 3),
            expected,
            "key {key:?}"
        );
    }
}

#[test]
fn key_partition_table() {
    for &(key, hash, positive, partitions) in KEY_TABLE {
        assert_eq!(murmur2(key.as_bytes()), hash, "murmur2({key:?})");
        assert_eq!(to_positive(hash), positive, "toPositive for {key:?}");
        for (n, expected) in KEY_TABLE_COUNTS.iter().zip(partitions) {
            assert_eq!(
                partition_for_key(key.as_bytes(), *n),
                expected,
                "{key:?} over {n} partitions"
            );
        }
    }
}

#[test]
fn adding_partitions_remaps_keys() {
    for &(old, new, keys) in REMAP {
        for &(key, before, after) in keys {
            assert_eq!(
                partition_for_key(key.as_bytes(), old),
                before,
                "{key:?} over {old}"
            );
            assert_eq!(
                partition_for_key(key.as_bytes(), new),
                after,
                "{key:?} over {new}"
            );
            if new == 2 * old {
                assert!(
                    after == before || after == before + old,
                    "doubling keeps p or moves to p + old"
                );
            }
        }
    }
}

#[test]
fn utils_test_to_positive_is_not_abs() {
    // UtilsTest.testAbs covers Kafka's abs; toPositive differs exactly at negative values.
    assert_eq!(to_positive(i32::MIN), 0);
    assert_eq!(to_positive(-1), i32::MAX);
    assert_eq!(to_positive(-10), 2147483638);
    assert_eq!(to_positive(10), 10);
    assert_eq!(to_positive(0), 0);
}

#[test]
fn multibyte_utf8_keys_hash_their_bytes() {
    // "é" is two UTF-8 bytes; hashing chars or UTF-16 would give another value.
    let e_acute = murmur2("é".as_bytes());
    assert_eq!(e_acute, murmur2(&[0xc3, 0xa9]));
    assert_ne!(e_acute, murmur2(&[0xe9]));
}
