//! Shared by the native and the browser determinism tests: the default scenario run to
//! `GOLDEN_UNTIL_MS` must hash to `GOLDEN_TRACE_HASH` on every target. A change to the engine
//! that alters runs changes this number on purpose, in one place.

/// How long the golden run is, in ms of sim time.
pub const GOLDEN_UNTIL_MS: u64 = 60_000;
/// FNV-1a over every event of that run.
pub const GOLDEN_TRACE_HASH: &str = "8ce5bb3ddc065a86";
