//! Kafka's topic `Uuid` as the server assignors see it: its `hashCode` (which places it in Java
//! hash sets), its signed `compareTo` (the heterogeneous builder's last tie-break), its
//! `toString` form (base64url of 16 bytes, no padding), and `UUID.nameUUIDFromBytes` (MD5,
//! version 3), the id the playground gives a topic whose id is not stated.
//!
//! Simplification: a real cluster draws topic ids at random (`Uuid.randomUuid`); a name-based id
//! keeps a run reproducible and still spreads topics over hash buckets the way random ids do.

use std::cmp::Ordering;
use std::fmt;

use super::md5::md5;

/// A Kafka `Uuid`: two Java longs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TopicId {
    /// `getMostSignificantBits()`.
    pub most_significant_bits: i64,
    /// `getLeastSignificantBits()`.
    pub least_significant_bits: i64,
}

const BASE64_URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

impl TopicId {
    /// From the 16 bytes, big-endian, as `Uuid.fromString` reads its `ByteBuffer`.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        let (most, least) = bytes.split_at(8);
        TopicId {
            most_significant_bits: i64::from_be_bytes(most.try_into().expect("8 bytes")),
            least_significant_bits: i64::from_be_bytes(least.try_into().expect("8 bytes")),
        }
    }

    /// The 16 bytes, big-endian.
    pub fn to_bytes(self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.most_significant_bits.to_be_bytes());
        bytes[8..].copy_from_slice(&self.least_significant_bits.to_be_bytes());
        bytes
    }

    /// `Uuid.fromString`: base64url (padding optional, as Java's URL decoder allows) of exactly
    /// 16 bytes, at most 24 characters.
    pub fn parse(text: &str) -> Result<Self, String> {
        if text.len() > 24 {
            return Err(format!(
                "{text:?} is too long to be a base64 Uuid (at most 24 characters)"
            ));
        }
        let body = text.strip_suffix("==").unwrap_or(text);
        let mut bytes = Vec::with_capacity(18);
        let mut bits: u32 = 0;
        let mut bit_count = 0;
        for c in body.bytes() {
            let value = BASE64_URL
                .iter()
                .position(|&b| b == c)
                .ok_or_else(|| format!("{text:?} is not base64url (A-Z, a-z, 0-9, '-', '_')"))?;
            bits = bits << 6 | value as u32;
            bit_count += 6;
            if bit_count >= 8 {
                bit_count -= 8;
                bytes.push((bits >> bit_count) as u8);
                bits &= (1 << bit_count) - 1;
            }
        }
        let bytes: [u8; 16] = bytes.try_into().map_err(|b: Vec<u8>| {
            format!(
                "{text:?} decodes to {} bytes; a Uuid is 16 (22 base64url characters)",
                b.len()
            )
        })?;
        if body.len() != 22 {
            return Err(format!("{text:?} is not 22 base64url characters"));
        }
        Ok(TopicId::from_bytes(bytes))
    }

    /// `UUID.nameUUIDFromBytes(name.getBytes(UTF_8))`: the MD5 digest with version 3 and the
    /// IETF variant stamped in.
    pub fn name_based(name: &str) -> Self {
        let mut digest = md5(name.as_bytes());
        digest[6] = digest[6] & 0x0f | 0x30;
        digest[8] = digest[8] & 0x3f | 0x80;
        TopicId::from_bytes(digest)
    }

    /// `Uuid.hashCode`: the two longs xor-ed, then the high and low int halves xor-ed.
    pub fn java_hash(self) -> i32 {
        let xor = self.most_significant_bits ^ self.least_significant_bits;
        ((xor >> 32) as i32) ^ (xor as i32)
    }

    /// `Uuid.compareTo`: most significant bits, then least, both as signed longs.
    pub fn java_cmp(&self, other: &TopicId) -> Ordering {
        self.most_significant_bits
            .cmp(&other.most_significant_bits)
            .then(
                self.least_significant_bits
                    .cmp(&other.least_significant_bits),
            )
    }
}

/// `Uuid.toString`: base64url without padding.
impl fmt::Display for TopicId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let bytes = self.to_bytes();
        let mut out = String::with_capacity(22);
        for chunk in bytes.chunks(3) {
            let mut group = [0u8; 3];
            group[..chunk.len()].copy_from_slice(chunk);
            let n = u32::from(group[0]) << 16 | u32::from(group[1]) << 8 | u32::from(group[2]);
            let chars = chunk.len() + 1;
            for i in 0..chars {
                out.push(BASE64_URL[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        f.write_str(&out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kafka_test_ids_as_java_does() {
        // Values from Java (Base64.getUrlDecoder, Uuid.hashCode). The decoder ignores the
        // unused low bits of the last character, so "...YUe" prints back as "...YUQ".
        let cases = [
            (
                "T1-A4s3VTwiI5CTbEp6POw",
                "T1-A4s3VTwiI5CTbEp6POw",
                5719431763388092168,
                -8582694466532503749,
                418407434,
            ),
            (
                "T2-B4s3VTwiI5YHbPp6YUe",
                "T2-B4s3VTwiI5YHbPp6YUQ",
                5723936462527090440,
                -8582310736236210095,
                885118816,
            ),
            (
                "T3-CU8fVTLCz5YMkLoDQsa",
                "T3-CU8fVTLCz5YMkLoDQsQ",
                5728440547385101488,
                -5483832779831455567,
                365927798,
            ),
            (
                "T4-Tw9fVTLCz5HbPp6YQsa",
                "T4-Tw9fVTLCz5HbPp6YQsQ",
                5732963320014916784,
                -5484127811987435343,
                -1944536819,
            ),
        ];
        for (text, printed, most, least, hash) in cases {
            let id = TopicId::parse(text).unwrap();
            assert_eq!(id.most_significant_bits, most, "{text}");
            assert_eq!(id.least_significant_bits, least, "{text}");
            assert_eq!(id.java_hash(), hash, "{text}");
            assert_eq!(id.to_string(), printed);
        }
        assert_eq!(
            TopicId::parse("AAAAAAAAAAAAAAAAAAAAAQ==").unwrap(),
            TopicId {
                most_significant_bits: 0,
                least_significant_bits: 1
            }
        );
    }

    #[test]
    fn refuses_what_uuid_from_string_refuses() {
        assert!(TopicId::parse("").is_err());
        assert!(TopicId::parse("AAAA").is_err());
        assert!(TopicId::parse("AAAAAAAAAAAAAAAAAAAAA*").is_err());
        assert!(TopicId::parse("AAAAAAAAAAAAAAAAAAAAAAAAA").is_err());
        assert!(TopicId::parse("AAAAAAAAAAAAAAAAAAAAAAAA").is_err());
    }

    #[test]
    fn name_based_ids_match_java() {
        // java.util.UUID.nameUUIDFromBytes("".getBytes()) is d41d8cd9-8f00-3204-a980-0998ecf8427e.
        let empty = TopicId::name_based("");
        assert_eq!(empty.most_significant_bits, 0xd41d8cd98f003204u64 as i64);
        assert_eq!(empty.least_significant_bits, 0xa9800998ecf8427eu64 as i64);
        // UUID.nameUUIDFromBytes("topic1".getBytes(UTF_8)) = 4dadd7ee-bd7a-3fc8-b901-14f9f5aaa8b6.
        let topic1 = TopicId::name_based("topic1");
        assert_eq!(topic1.most_significant_bits, 0x4dadd7eebd7a3fc8u64 as i64);
        assert_eq!(topic1.least_significant_bits, 0xb90114f9f5aaa8b6u64 as i64);
        assert_eq!(topic1.to_string(), "Ta3X7r16P8i5ART59aqotg");
        assert_eq!(
            TopicId::name_based("orders").to_string(),
            "EsUA7Qt4ORCftGrw8ka-hw"
        );
    }

    #[test]
    fn hash_and_order_follow_uuid_java() {
        let one = TopicId {
            most_significant_bits: 0,
            least_significant_bits: 1,
        };
        assert_eq!(one.java_hash(), 1);
        let id = TopicId {
            most_significant_bits: 0x1234_5678_0000_0000,
            least_significant_bits: -1,
        };
        // xor = 0xEDCBA987_FFFFFFFF; hi ^ lo = 0x12345678.
        assert_eq!(id.java_hash(), 0x1234_5678);
        let negative = TopicId {
            most_significant_bits: -5,
            least_significant_bits: 0,
        };
        assert_eq!(negative.java_cmp(&one), Ordering::Less, "signed compare");
    }
}
