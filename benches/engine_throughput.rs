//! Engine throughput: records through the whole producer path (key draw, murmur2, partitioner,
//! batching, sender, delivery, audit, metrics) per second of wall time, natively. Run with
//! `cargo bench --bench engine_throughput`. The browser counterpart is
//! `node scripts/bench-wasm.mjs`, which runs the same scenarios in headless Chromium.

use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use std::time::Instant;

/// The scenarios, shared with the browser benchmark.
const SCENARIOS: &str = include_str!("scenarios.json");

fn main() {
    let sim_ms = 20_000;
    println!("engine throughput, native, {sim_ms} ms of sim time per run, best of 5");
    println!("scenario | records | best ms | records/s");
    let scenarios: Vec<(String, serde_json::Value)> =
        serde_json::from_str(SCENARIOS).expect("scenarios.json parses");
    for (name, json) in &scenarios {
        let scenario = Scenario::from_json(&json.to_string())
            .expect("bench scenarios are valid")
            .scenario;
        let mut best = f64::MAX;
        let mut records = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let sim = replay(&scenario, sim_ms, false).expect("runs");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            records = sim.totals().sent;
            best = best.min(ms);
        }
        println!(
            "{name} | {records} | {best:.1} | {:.0}",
            records as f64 / best * 1000.0
        );
    }
}
