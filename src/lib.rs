//! Kafka Partition Playground: a deterministic simulator of Kafka's partitioning (and, as it
//! grows, consumer groups and replication), shared by an in-browser Yew app and a native CLI.
//!
//! - [`engine`]: the pure simulation.
//! - [`scenario`]: the one place wire formats live (scenario JSON, share-link fragments, reports).
//! - [`lessons`]: scenarios with steps and claims the engine checks live.
//! - [`sizing`]: the partition-count rules of thumb.
//! - [`session`]: what a user's session holds (scenario, sim, action log, playback), as plain
//!   Rust so the page's reducer is tested natively.
//! - `cli` (native) and [`ui`]: the two thin front ends. The page's Yew shell is wasm32 only;
//!   its layout and wording are plain Rust, tested natively.

pub mod benchmarks;
pub mod compare;
pub mod engine;
pub mod export;
pub mod import;
pub mod lessons;
pub mod scenario;
pub mod session;
pub mod sizing;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

pub mod ui;
