//! Engine throughput: records through the whole producer path (key draw, murmur2, partitioner,
//! batching, sender, delivery, audit, metrics) per second of wall time, natively. Run with
//! `cargo bench --bench engine_throughput`. The browser counterpart is
//! `node scripts/bench-wasm.mjs`, which runs the same scenarios in headless Chromium.

use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use std::time::Instant;

/// The scenarios, shared with the browser benchmark (same JSON).
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "keyed, 10k ids, 12 partitions",
        r#"{"version":1,"topic":{"name":"bench","partitions":12},"producer":{"rate_per_sec":100000,"latency_ms":5,"keys":{"kind":"entities","prefix":"user-","count":10000}}}"#,
    ),
    (
        "keyless sticky, 12 partitions",
        r#"{"version":1,"topic":{"name":"bench","partitions":12},"producer":{"rate_per_sec":100000,"latency_ms":5,"keys":{"kind":"none"}}}"#,
    ),
];

fn main() {
    let sim_ms = 20_000;
    println!("engine throughput, native, {sim_ms} ms of sim time per run, best of 5");
    println!("scenario | records | best ms | records/s");
    for (name, json) in SCENARIOS {
        let scenario = Scenario::from_json(json).expect("bench scenarios are valid").scenario;
        let mut best = f64::MAX;
        let mut records = 0;
        for _ in 0..5 {
            let start = Instant::now();
            let sim = replay(&scenario, sim_ms, false).expect("runs");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            records = sim.totals().sent;
            best = best.min(ms);
        }
        println!("{name} | {records} | {best:.1} | {:.0}", records as f64 / best * 1000.0);
    }
}
