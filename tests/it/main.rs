//! The native integration tests, as one binary: they link the crate once and share one
//! helper set (`common/`). Each module is one area; `cargo test --test it MODULE` runs one.
#![cfg(not(target_arch = "wasm32"))]

mod common;

mod assignor_vectors;
mod broker_faults;
mod cli;
mod codec_fuzz;
mod consumer_groups;
mod consumer_log_view;
mod consumer_protocol;
mod consumer_protocol_sweep;
mod engine_traces;
mod group_properties;
mod group_protocol;
mod import_round_trip;
mod invariants;
mod java_order;
mod kafka_vectors;
mod key_design;
mod lessons;
mod link_lengths;
mod multi_topic;
mod partitioner_properties;
mod partitioner_vectors;
mod predictions;
mod producer_send;
mod quiz;
mod replication;
mod replication_vectors;
mod scenario_codec;
mod server_assignors;
mod server_assignors_cli;
mod server_assignors_java;
mod server_assignors_uniform;
mod session;
mod share_groups;
mod sticky_assignor_vectors;
mod time_travel;
