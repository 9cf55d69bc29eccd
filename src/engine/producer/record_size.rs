//! Kafka's record and batch size arithmetic (`DefaultRecord`, `DefaultRecordBatch`,
//! `ByteUtils`), for message format v2 without compression. The sticky partitioner switches
//! partitions by these byte counts, and a batch is full by them, so they are reproduced
//! exactly rather than approximated.

/// `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the v2 batch header.
pub const RECORD_BATCH_OVERHEAD: u32 = 61;
/// `DefaultRecord.MAX_RECORD_OVERHEAD`: the most a record's framing can take.
pub const MAX_RECORD_OVERHEAD: u32 = 21;

/// `ByteUtils.sizeOfVarint`: bytes of a zig-zag varint. (The `#[inline(always)]`s: these run several
/// times per record, and the size-optimised build would otherwise call each one.)
#[inline(always)]
pub fn size_of_varint(value: i32) -> u32 {
    let mut v = ((value << 1) ^ (value >> 31)) as u32;
    let mut bytes = 1;
    while v & 0xffff_ff80 != 0 {
        bytes += 1;
        v >>= 7;
    }
    bytes
}

/// `ByteUtils.sizeOfVarlong`: bytes of a zig-zag varlong.
#[inline(always)]
pub fn size_of_varlong(value: i64) -> u32 {
    let mut v = ((value << 1) ^ (value >> 63)) as u64;
    let mut bytes = 1;
    while v & 0xffff_ffff_ffff_ff80 != 0 {
        bytes += 1;
        v >>= 7;
    }
    bytes
}

/// `DefaultRecord.sizeOf(keySize, valueSize, headers)` with no headers; `None` is a null field.
#[inline(always)]
fn size_of_key_value(key_len: Option<u32>, value_len: Option<u32>) -> u32 {
    let field = |len: Option<u32>| match len {
        None => 1,
        Some(n) => size_of_varint(n as i32) + n,
    };
    // One more byte: the varint count of zero headers.
    field(key_len) + field(value_len) + 1
}

/// `DefaultRecord.sizeInBytes(offsetDelta, timestampDelta, key, value, headers)`.
#[inline(always)]
pub fn record_size(
    offset_delta: u32,
    timestamp_delta: i64,
    key_len: Option<u32>,
    value_len: Option<u32>,
) -> u32 {
    let body = 1
        + size_of_varint(offset_delta as i32)
        + size_of_varlong(timestamp_delta)
        + size_of_key_value(key_len, value_len);
    body + size_of_varint(body as i32)
}

/// `AbstractRecords.estimateSizeInBytesUpperBound` for v2, no compression: what the
/// accumulator allocates for a batch's first record before it knows the deltas.
pub fn batch_size_upper_bound(key_len: Option<u32>, value_len: Option<u32>) -> u32 {
    RECORD_BATCH_OVERHEAD + MAX_RECORD_OVERHEAD + size_of_key_value(key_len, value_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_sizes_match_byte_utils() {
        // Zig-zag: 63 fits one byte, 64 needs two; -1 is one byte.
        assert_eq!(size_of_varint(0), 1);
        assert_eq!(size_of_varint(-1), 1);
        assert_eq!(size_of_varint(63), 1);
        assert_eq!(size_of_varint(64), 2);
        assert_eq!(size_of_varint(8191), 2);
        assert_eq!(size_of_varint(8192), 3);
        assert_eq!(size_of_varint(i32::MAX), 5);
        assert_eq!(size_of_varint(i32::MIN), 5);
        assert_eq!(size_of_varlong(i64::MAX), 10);
    }

    #[test]
    fn a_small_record() {
        // null key, 5-byte value, first in its batch: attributes 1, offsetDelta 1,
        // timestampDelta 1, key 1, value 1+5, headers 1 = 11, plus its own length 1.
        assert_eq!(record_size(0, 0, None, Some(5)), 12);
    }
}
