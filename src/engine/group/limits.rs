//! Every size a consumer group accepts or grows to has a limit, stated once here (in the style of
//! `limits.rs`), so a long run stays within bounded memory and bad input is refused with the
//! same words everywhere.

/// Members in one group (running or stopped).
pub const MEMBERS_MAX: usize = 64;
/// Bytes in a group id, member name, client id or `group.instance.id`. Kafka's own limit for
/// group ids is none in practice; 249 matches topic names and keeps the page readable.
pub const NAME_BYTES_MAX: usize = 249;
/// Topics in a group's subscription.
pub const TOPICS_MAX: usize = 16;
/// Assignors in `partition.assignment.strategy`.
pub const ASSIGNORS_MAX: usize = 4;
/// Kafka's `group.min.session.timeout.ms` default.
pub const SESSION_TIMEOUT_MS_MIN: u32 = 6_000;
/// Kafka's `group.max.session.timeout.ms` default.
pub const SESSION_TIMEOUT_MS_MAX: u32 = 1_800_000;
/// `max.poll.interval.ms` at most: one simulated day.
pub const MAX_POLL_INTERVAL_MS_MAX: u32 = 86_400_000;
/// `max.poll.records` at most.
pub const MAX_POLL_RECORDS_MAX: u32 = 10_000;
/// `auto.commit.interval.ms` at most.
pub const AUTO_COMMIT_INTERVAL_MS_MAX: u32 = 3_600_000;
/// Processing time of one record, in ms, at most (ten minutes).
pub const PROCESSING_MS_PER_RECORD_MAX: u32 = 600_000;
/// Worker threads of one member.
pub const WORKER_THREADS_MAX: u32 = 64;
/// Client-to-coordinator round trip, in ms.
pub const RTT_MS_MAX: u32 = 10_000;
/// Records a member holds unprocessed (its poll batch or its workers' queue). Past this a
/// worker-mode member stops fetching until its workers catch up, as a bounded executor would.
pub const IN_FLIGHT_MAX: usize = 10_000;
/// Offsets the ledger tracks per partition between the committed offset and the highest
/// consumed one; past this the oldest are dropped and the ledger says it is truncated.
pub const LEDGER_WINDOW_MAX: usize = 50_000;
/// Instances of each ledger flag (lost, duplicate, out of order) kept in detail.
pub const LEDGER_INSTANCES_MAX: usize = 20;
/// Entities whose processing order the ledger audits.
pub const LEDGER_ENTITIES_MAX: usize = 10_000;
/// Completed rebalances remembered in detail.
pub const REBALANCES_KEPT_MAX: usize = 50;
/// Coordinator notes buffered between two drains by the group.
pub const NOTES_MAX: usize = 1_000;
/// Member ids issued with MEMBER_ID_REQUIRED and not yet used.
pub const PENDING_MEMBERS_MAX: usize = 256;
/// Committed offsets the coordinator stores (topics × partitions).
pub const COMMITTED_PARTITIONS_MAX: usize =
    TOPICS_MAX * crate::engine::limits::PARTITIONS_MAX as usize;
/// `group.share.record.lock.duration.ms` at least (Kafka's broker floor is
/// `group.share.min.record.lock.duration.ms`, 15 s; lower here so lessons run short).
pub const SHARE_RECORD_LOCK_DURATION_MS_MIN: u32 = 1_000;
/// `group.share.record.lock.duration.ms` at most (`group.share.max.record.lock.duration.ms`).
pub const SHARE_RECORD_LOCK_DURATION_MS_MAX: u32 = 3_600_000;
/// `group.share.partition.max.record.locks` at most (Kafka's `atMost(10000)`).
pub const SHARE_PARTITION_MAX_RECORD_LOCKS_MAX: u32 = 10_000;
/// Keys a share group's `poison_keys` lists.
pub const POISON_KEYS_MAX: usize = 16;
