//! Consumer groups: members polling the cluster's logs over time, the coordinator that gives
//! them partitions and keeps their offsets, and the ledger of what happened to every record.
//! (Being moved here from the flat engine modules.)

mod ledger;
pub mod limits;
mod offsets_topic;

pub use ledger::{GroupLedger, LedgerCounts, LedgerInstance, LedgerSummary};
pub use offsets_topic::{
    java_string_hash, kafka_abs, partition_for_group, OFFSETS_TOPIC_PARTITIONS,
};
