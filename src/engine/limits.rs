//! Every size the engine accepts has a limit, stated once here, so the page, the CLI and the
//! scenario codec refuse the same inputs with the same words. That includes the simulated work
//! a whole run asks for (`SIMULATED_WORK_MAX`, measured in `work.rs`), so that no scenario, and
//! no single field, can ask for hours of work.

/// Partitions per topic in the simulation. Kafka allows far more; the playground draws every
/// partition, and past a few hundred rows nothing can be seen.
pub const PARTITIONS_MAX: u32 = 256;
/// The `partition` CLI command only hashes, so it accepts any Java `int` partition count.
pub const CLI_PARTITIONS_MAX: u32 = i32::MAX as u32;
/// Records per second one producer may be asked to send.
pub const RATE_PER_SEC_MAX: u32 = 100_000;
/// Bytes in one key (UTF-8).
pub const KEY_BYTES_MAX: usize = 256;
/// Keys in a fixed key list.
pub const FIXED_KEYS_MAX: usize = 1_000;
/// Distinct entity ids a producer may draw from.
pub const ENTITY_COUNT_MAX: u32 = 1_000_000;
/// Producer-to-broker latency, in ms.
pub const LATENCY_MS_MAX: u32 = 60_000;
/// Longest simulated run: one day of sim time.
pub const RUN_MS_MAX: u64 = 86_400_000;
/// User actions in one scenario.
pub const ACTIONS_MAX: usize = 10_000;
/// Topic name length; Kafka's own limit is 249 characters.
pub const TOPIC_NAME_MAX: usize = 249;
/// Records every partition log keeps, the newest, to draw; older ones are kept only while a
/// reader may still ask for them (`HELD_RECORDS_MAX`), so a long run stays within bounded
/// memory.
pub const RETAINED_RECORDS_PER_PARTITION: usize = 2_000;
/// Records a partition's log may hold at time 0 (`topic.starting_log_end_offsets` less
/// `starting_log_start_offsets`): no more than the log keeps in memory, so none is dropped
/// before a reader asks for it.
pub const STARTING_RECORDS_PER_PARTITION_MAX: usize = RETAINED_RECORDS_PER_PARTITION;
/// The largest offset (Kafka's `Long.MAX_VALUE`).
pub const OFFSET_MAX: u64 = i64::MAX as u64;
/// Records all the logs of a run keep, at most, for readers behind the newest
/// `RETAINED_RECORDS_PER_PARTITION` (shared out evenly among the logs, each keeping at least
/// those): a consumer group or follower further behind than its log's share finds records gone
/// that Kafka would still hold, and the group says so. 400000 log entries are about 10 MB, and
/// each time-travel checkpoint copies them.
pub const HELD_RECORDS_MAX: usize = 400_000;
/// `topic.retention_ms` and `topic.segment_ms` at most: a year.
pub const RETENTION_MS_MAX: u64 = 31_536_000_000;
/// `topic.retention_bytes` at most: 1 TiB.
pub const RETENTION_BYTES_MAX: i64 = 1 << 40;
/// Distinct keys whose statistics are tracked; past that the key map says it is truncated.
pub const TRACKED_KEYS_MAX: usize = 10_000;
/// Events kept for the on-screen event log.
pub const RECENT_EVENTS_MAX: usize = 200;
/// `batch.size` at most (Kafka's default `max.request.size`).
pub const BATCH_SIZE_MAX: u32 = 1_048_576;
/// `linger.ms` at most.
pub const LINGER_MS_MAX: u32 = 60_000;
/// Bytes in one record value.
pub const VALUE_BYTES_MAX: u32 = 1_000_000;
/// Ids in a Zipf key source (its weight table is kept in memory).
pub const ZIPF_COUNT_MAX: u32 = 100_000;
/// One weight of a weighted key source.
pub const WEIGHT_MAX: u32 = 1_000_000;
/// Orders in progress at once in an order lifecycle source.
pub const CONCURRENT_ORDERS_MAX: u32 = 10_000;
/// Entities whose order is audited; past that the audit says it is truncated.
pub const AUDITED_ENTITIES_MAX: usize = 10_000;
/// Splits remembered in detail for the page and the report.
pub const SPLITS_LISTED_MAX: usize = 50;
/// Topic growths remembered in detail.
pub const RESIZES_KEPT_MAX: usize = 20;
/// Brokers in a cluster.
pub const BROKERS_MAX: u32 = 16;
/// Topics in one scenario.
pub const TOPICS_MAX: usize = 8;
/// Producers in one scenario.
pub const PRODUCERS_MAX: usize = 8;
/// Consumer groups in one scenario.
pub const GROUPS_MAX: usize = 4;
/// `replica.lag.time.max.ms` at most.
pub const REPLICA_LAG_MS_MAX: u64 = 600_000;
/// `delivery.timeout.ms` and `request.timeout.ms` at most.
pub const DELIVERY_TIMEOUT_MS_MAX: u32 = 600_000;
/// `max.in.flight.requests.per.connection` at most (Kafka has no bound; idempotence needs ≤ 5).
pub const MAX_IN_FLIGHT_REQUESTS_MAX: u32 = 100;
/// `metadata.max.age.ms` at most: a day, the longest run.
pub const METADATA_MAX_AGE_MS_MAX: u32 = 86_400_000;
/// `broker.session.timeout.ms` at most (and so `broker.heartbeat.interval.ms`).
pub const BROKER_SESSION_TIMEOUT_MS_MAX: u64 = 600_000;
/// The extra fetch delay of a slowed broker, at most.
pub const SLOW_DELAY_MS_MAX: u32 = 600_000;
/// The most simulated work one run may ask for, in work units (`work.rs`: a unit is about one
/// record appended). A native release build does one to three million units a second, so this
/// is a minute or two of work at most; it is seven times the stress benchmark (256 partitions,
/// RF 3, four groups of 64 members, 100000 records/s for 40 s: 29 million units), and a day at
/// 100000 records/s (8.6 billion units with one replica and no group) or of four idle groups of
/// 64 members (1.8 billion) is far above it.
pub const SIMULATED_WORK_MAX: u64 = 200_000_000;

/// Members of one group the server-side assignors (`assign --protocol consumer`) accept.
pub const SERVER_ASSIGN_MEMBERS_MAX: usize = 10_000;
/// Topics the server-side assignors accept.
pub const SERVER_ASSIGN_TOPICS_MAX: usize = 10_000;
/// Partitions, over all topics, the server-side assignors accept: each is a slot in the
/// builders' per-partition tables.
pub const SERVER_ASSIGN_PARTITIONS_MAX: u64 = 1_000_000;
