//! `SharePartition`'s rules, each against the Kafka test it follows (`SharePartitionTest`,
//! trunk of October 2024).

use super::*;

fn acquire(sp: &mut SharePartition, member: u32, now: u64, hw: u64, max: usize) -> Vec<(u64, u32)> {
    let mut got = Vec::new();
    sp.acquire(member, now, 30_000, 200, hw, max, |o, d| got.push((o, d)));
    got
}

// `testAcquireSingleRecord` / `testAcknowledgeSingleRecordBatch`: acquired, then accepted,
// and the SPSO moves past it.
#[test]
fn accept_moves_the_start_offset() {
    let mut sp = SharePartition::default();
    sp.initialise(0);
    assert_eq!(acquire(&mut sp, 0, 0, 3, 10), vec![(0, 1), (1, 1), (2, 1)]);
    assert_eq!(sp.end_offset(), Some(2));
    sp.acknowledge(0, 0, AckType::Accept, 5).unwrap();
    assert_eq!(sp.start_offset(), Some(1));
    // Not the holder: INVALID_RECORD_STATE.
    assert!(sp.acknowledge(1, 1, AckType::Accept, 5).is_err());
    // Accepted twice: refused.
    assert!(sp.acknowledge(0, 0, AckType::Accept, 5).is_err());
}

// `testReleaseSingleRecordBatch` and `testAcquisitionLockOnReleasingMultipleRecordBatch...`:
// a released record is redelivered with its delivery count up, archived at the limit.
#[test]
fn release_redelivers_until_the_limit_archives() {
    let mut sp = SharePartition::default();
    sp.initialise(0);
    for delivery in 1..=2 {
        assert_eq!(acquire(&mut sp, 0, 0, 1, 10), vec![(0, delivery)]);
        let archived = sp.acknowledge(0, 0, AckType::Release, 2).unwrap();
        assert_eq!(archived.is_some(), delivery == 2);
    }
    assert_eq!(sp.start_offset(), Some(1));
    assert_eq!(sp.counts().archived, 1);
    assert_eq!(sp.counts().redelivered, 1);
}

// `testAcquisitionLockForAcquiringSingleRecord`: an expired lock makes the record available.
#[test]
fn an_expired_lock_makes_the_record_available() {
    let mut sp = SharePartition::default();
    sp.initialise(0);
    acquire(&mut sp, 0, 0, 1, 10);
    assert_eq!(sp.next_lock_expiry_ms(), Some(30_000));
    let mut archived = Vec::new();
    assert_eq!(sp.expire_locks(29_999, 5, &mut archived), 0);
    assert_eq!(sp.expire_locks(30_000, 5, &mut archived), 1);
    assert_eq!(sp.record(0).map(|r| r.state), Some(RecordState::Available));
    assert_eq!(acquire(&mut sp, 1, 30_000, 1, 10), vec![(0, 2)]);
}

// `testCanAcquireRecordsWithCachedDataAndLimitReached`: no new record past max.record.locks.
#[test]
fn the_in_flight_bound_stops_new_acquisitions() {
    let mut sp = SharePartition::default();
    sp.initialise(0);
    let mut n = 0;
    sp.acquire(0, 0, 30_000, 2, 10, 10, |_, _| n += 1);
    assert_eq!(n, 2);
    sp.acknowledge(0, 0, AckType::Accept, 5).unwrap();
    let mut more = Vec::new();
    sp.acquire(1, 0, 30_000, 2, 10, 10, |o, _| more.push(o));
    assert_eq!(more, vec![2]);
}

// `testReleaseAcquiredRecordsForMember` (close) and a reject archiving at once.
#[test]
fn reject_archives_and_close_releases() {
    let mut sp = SharePartition::default();
    sp.initialise(5);
    acquire(&mut sp, 0, 0, 8, 10);
    assert_eq!(sp.acknowledge(0, 5, AckType::Reject, 5), Ok(Some(1)));
    let mut archived = Vec::new();
    sp.release_member(0, 5, &mut archived);
    assert!(archived.is_empty());
    assert_eq!(sp.start_offset(), Some(6));
    assert_eq!(
        sp.records()
            .filter(|(_, r)| r.state == RecordState::Available)
            .count(),
        2
    );
    let (entered, finished) = sp.entered_finished();
    assert_eq!((entered, finished), (3, 1));
}
