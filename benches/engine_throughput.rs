//! Engine throughput: records through the whole path (key draw, murmur2, partitioner, batching,
//! sender, delivery, replication, audit, metrics, consumer groups) per second of wall time, and
//! sim time per wall time (× real time), natively. Run with
//! `cargo bench --bench engine_throughput`; `cargo bench --bench engine_throughput -- NAME`
//! runs only the scenarios whose name contains NAME (`=NAME`: whose name is NAME), and `BENCH_RUNS` and `BENCH_SIM_MS` override
//! every scenario's runs and sim time (for profilers, e.g. one short run under callgrind).
//! The browser counterpart is
//! `node scripts/bench-wasm.mjs`, which runs the same scenarios in headless Chromium.

use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use std::time::Instant;

/// The scenarios, shared with the browser benchmark: `[name, scenario]` or
/// `[name, scenario, {"sim_ms": T, "runs": N}]`.
const SCENARIOS: &str = include_str!("scenarios.json");

/// Sim time per run, and runs per scenario (the best is kept), unless a scenario says otherwise.
const SIM_MS_DEFAULT: u64 = 20_000;
const RUNS_DEFAULT: u64 = 5;

fn main() {
    // `cargo bench` passes `--bench`; any other argument filters by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    println!("engine throughput, native, best of {RUNS_DEFAULT} runs of {SIM_MS_DEFAULT} ms of sim time unless stated");
    println!("scenario | sim ms | runs | records | best ms | records/s | × real time");
    let scenarios: Vec<Vec<serde_json::Value>> =
        serde_json::from_str(SCENARIOS).expect("scenarios.json parses");
    for entry in &scenarios {
        let name = entry[0].as_str().expect("a scenario's name is a string");
        let selected = |f: &String| match f.strip_prefix('=') {
            Some(exact) => name == exact,
            None => name.contains(f.as_str()),
        };
        if !filter.is_empty() && !filter.iter().any(selected) {
            continue;
        }
        let option = |key: &str, default: u64| {
            entry
                .get(2)
                .and_then(|o| o.get(key))
                .and_then(serde_json::Value::as_u64)
                .unwrap_or(default)
        };
        let overridden = |var: &str| std::env::var(var).ok().and_then(|v| v.parse().ok());
        let sim_ms = overridden("BENCH_SIM_MS").unwrap_or(option("sim_ms", SIM_MS_DEFAULT));
        let runs = overridden("BENCH_RUNS").unwrap_or(option("runs", RUNS_DEFAULT));
        let scenario = Scenario::from_json(&entry[1].to_string())
            .expect("bench scenarios are valid")
            .scenario;
        let mut best = f64::MAX;
        let mut records = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let sim = replay(&scenario, sim_ms, false).expect("runs");
            let ms = start.elapsed().as_secs_f64() * 1000.0;
            records = sim.totals().sent;
            best = best.min(ms);
        }
        println!(
            "{name} | {sim_ms} | {runs} | {records} | {best:.1} | {:.0} | {:.2}",
            records as f64 / best * 1000.0,
            sim_ms as f64 / best
        );
    }
}
