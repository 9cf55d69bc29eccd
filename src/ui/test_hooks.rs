//! `window.kafkaPlayground`: a small read-only hook for the end-to-end tests
//! (`tests/e2e/*.mjs`) and the browser benchmarks (`scripts/bench-*.mjs`). It reads the page's
//! session and runs headless sessions of its own; it never changes what the page shows.
//!
//! Rust values cross into JavaScript through `serde-wasm-bindgen`, as plain JS objects, arrays
//! and numbers (never JSON text for the caller to parse).

use crate::scenario::report;
use crate::session::{replay, Session, SessionAction};
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

/// Installs the hook on `window`; a remount replaces it. It lives as long as the page.
pub fn install(session: Rc<RefCell<Session>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let api = js_sys::Object::new();
    let s = session.clone();
    // The CLI's report of the page's run, as a JS object shaped like the CLI's JSON.
    set(
        &api,
        "report",
        Closure::<dyn Fn() -> JsValue>::new(move || {
            cli_shaped(&report(s.borrow().sim())).unwrap_or(JsValue::NULL)
        }),
    );
    let s = session.clone();
    set(
        &api,
        "fragment",
        Closure::<dyn Fn() -> JsValue>::new(move || {
            JsValue::from_str(&s.borrow().share_fragment())
        }),
    );
    let s = session;
    set(
        &api,
        "nowMs",
        Closure::<dyn Fn() -> JsValue>::new(move || {
            JsValue::from_f64(s.borrow().sim().now_ms() as f64)
        }),
    );
    // Runs a scenario headless in wasm (for the browser throughput benchmark): returns the
    // records sent, or an error message.
    set(
        &api,
        "runScenario",
        Closure::<dyn Fn(String, f64) -> JsValue>::new(|json: String, until_ms: f64| {
            match crate::session::open::from_json(&json) {
                Ok(d) => match replay(&d.scenario, until_ms.max(0.0) as u64, false) {
                    Ok(sim) => JsValue::from_f64(sim.totals().sent as f64),
                    Err(e) => JsValue::from_str(&e.to_string()),
                },
                Err(e) => JsValue::from_str(&e.to_string()),
            }
        }),
    );
    // Kafka's sticky-assignor scale test in wasm, timed with the page clock (the browser half
    // of `cargo bench --bench assignor_scale`): returns [initial ms, after one leaves ms].
    set(
        &api,
        "assignScale",
        Closure::<dyn Fn(String, u32, u32, u32) -> JsValue>::new(
            |strategy: String, topics: u32, partitions: u32, consumers: u32| {
                to_js(&assign_scale(&strategy, topics, partitions, consumers))
            },
        ),
    );
    // Seeking in a long run, timed in wasm (`node scripts/bench-seek.mjs`): a session of its
    // own plays `json` to `horizon_ms`, then seeks to `seeks` spread-out times. Returns
    // [ms to reach the horizon, ms of each seek...].
    set(
        &api,
        "seekBench",
        Closure::<dyn Fn(String, f64, u32) -> JsValue>::new(
            |json: String, horizon_ms: f64, seeks: u32| {
                to_js(&seek_bench(&json, horizon_ms, seeks))
            },
        ),
    );
    let _ = js_sys::Reflect::set(&window, &"kafkaPlayground".into(), &api);
}

/// Puts `f` on the hook object under `name`, for the page's lifetime.
fn set<F: ?Sized + wasm_bindgen::closure::WasmClosure>(
    api: &js_sys::Object,
    name: &str,
    f: Closure<F>,
) {
    let _ = js_sys::Reflect::set(api, &name.into(), f.as_ref());
    f.forget();
}

/// Plain JS values: objects for structs and maps, numbers, `null` for `None`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A value as the CLI's JSON shapes it, as a JS object. Through `serde_json::Value` first:
/// the report has maps with integer keys, which JSON (and so the CLI) writes as strings but
/// `serde-wasm-bindgen` refuses as object keys.
fn cli_shaped<T: Serialize>(value: &T) -> Option<JsValue> {
    serde_json::to_value(value).ok().map(|v| to_js(&v))
}

fn page_clock_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn assign_scale(strategy: &str, topics: u32, partitions: u32, consumers: u32) -> [f64; 2] {
    use crate::benchmarks::{after_first_member_leaves, sticky_scale_input};
    use crate::engine::{cooperative_sticky, sticky};
    let assign = if strategy == "cooperative-sticky" {
        cooperative_sticky
    } else {
        sticky
    };
    let (topic_map, members) =
        sticky_scale_input(topics.min(1000), partitions.min(5000), consumers.min(5000));
    let start = page_clock_ms();
    let first = assign(&topic_map, &members);
    let initial = page_clock_ms() - start;
    let next = after_first_member_leaves(&members, &first);
    let start = page_clock_ms();
    let _ = assign(&topic_map, &next);
    [initial, page_clock_ms() - start]
}

fn seek_bench(json: &str, horizon_ms: f64, seeks: u32) -> Vec<f64> {
    let mut out = Vec::new();
    let Ok(decoded) = crate::session::open::from_json(json) else {
        return out;
    };
    let horizon = (horizon_ms.max(0.0) as u64).min(crate::engine::limits::RUN_MS_MAX);
    let mut session = Session::new(decoded);
    let start = page_clock_ms();
    session.apply(SessionAction::Seek(horizon));
    out.push(page_clock_ms() - start);
    let mut rng = crate::engine::Rng::new(7);
    for _ in 0..seeks.min(1000) {
        let target = rng.below(horizon + 1);
        let start = page_clock_ms();
        session.apply(SessionAction::Seek(target));
        out.push(page_clock_ms() - start);
    }
    out
}
