//! The numbers behind the picture, as a table a screen reader can read: records per partition,
//! the append rate over the last second (hot partitions flagged), share of the topic, keys
//! routed, the newest key; then the skew and the ordering audit.

use super::use_figures;
use crate::engine::stable_sort;
use crate::scenario::KeysSpec;
use crate::ui::words::{format_time, plural};
use yew::prelude::*;

#[component]
pub fn PartitionTable() -> Html {
    let app = use_figures();
    let session = app.session.borrow();
    let sim = session.sim();
    let run = sim.topic_run(session.selected_topic());
    let topic = run.topic();
    let total = topic.total_records().max(1);
    let load = run.load(sim.now_ms());
    let max_rate = load
        .partitions
        .iter()
        .map(|l| l.records_per_sec)
        .max()
        .unwrap_or(0)
        .max(1);
    let rows = topic.partitions.iter().enumerate().map(|(p, log)| {
        let count = log.end_offset();
        let share_permille = count * 1000 / total;
        let l = load.partitions[p];
        let bar = l.records_per_sec * 100 / max_rate;
        let replicas = topic.replicas.get(p).cloned().unwrap_or_default();
        let replicas_label = replicas
            .iter()
            .enumerate()
            .map(|(i, b)| if i == 0 { format!("Broker {b} (leader)") } else { format!("Broker {b}") })
            .collect::<Vec<_>>()
            .join(", ");
        html! {
            <tr class={classes!(l.hot.then_some("hot"))}>
                <th scope="row">{ format!("P{p}") }</th>
                <td class="num" data-end-offset={p.to_string()}>{ count }</td>
                <td class="rate">
                    <svg class="rate-bar" width="96" height="10" viewBox="0 0 96 10" aria-hidden="true">
                        <rect class="track" x="0" y="0" width="96" height="10" rx="3" />
                        <rect class="bar" x="0" y="0" width={(bar * 96 / 100).to_string()} height="10" rx="3" />
                    </svg>
                    <span class="pct">{ format!("{}/s", l.records_per_sec) }</span>
                    if l.hot { <strong class="hot-flag">{ " hot" }</strong> }
                </td>
                <td class="num">{ format!("{}.{}%", share_permille / 10, share_permille % 10) }</td>
                <td class="num">{ run.distinct_keys_in(p as u32) }</td>
                <td class="replicas" aria-label={replicas_label.clone()} title={replicas_label}>
                    { for replicas.iter().enumerate().map(|(i, b)| if i == 0 {
                        html! { <strong class="leader">{ format!("{b}★") }</strong> }
                    } else {
                        html! { <span>{ format!(" {b}") }</span> }
                    }) }
                </td>
            </tr>
        }
    });
    let totals = run.totals();
    let audit = run.audit();
    let skew = load.skew_percent;
    let skew_text = if load.enough_samples {
        format!(
            "Skew (busiest ÷ mean, last second): {}.{:02}×{}",
            skew / 100,
            skew % 100,
            if load.partitions.iter().any(|l| l.hot) {
                " — hot partition"
            } else {
                ""
            }
        )
    } else {
        "Skew: too few records in the last second to judge (it needs about 10 per partition)."
            .to_string()
    };
    // The audit follows orders, not keys, when the topic's producer sends order lifecycles.
    let (entity, entities) = if session.selected_producers().iter().any(|&p| {
        let scenario = session.scenario();
        let spec = std::iter::once(&scenario.producer)
            .chain(&scenario.more_producers)
            .nth(p as usize);
        matches!(spec.map(|s| &s.keys), Some(KeysSpec::OrderLifecycle { .. }))
    }) {
        ("order", "orders")
    } else {
        ("key", "keys")
    };
    let audit_text = match audit.first_splits.first() {
        None => format!(
            "Per-{entity} order: intact — every {entity}'s records are in one partition ({} tracked).",
            audit.entities_audited()
        ),
        Some(first) => format!(
            "Per-{entity} order: broken for {} — their records span partitions. First: “{}” at {}, P{} → P{} from offset {}.",
            plural(audit.entities_split, entity, entities),
            first.entity,
            format_time(first.at_ms),
            first.from,
            first.to,
            first.offset
        ),
    };
    // The key -> partition map: the busiest keys, with where their records went.
    let mut keys: Vec<_> = run.keys().collect();
    let shown = keys.len().min(12);
    if keys.len() > shown {
        keys.select_nth_unstable_by(shown, |a, b| {
            b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0))
        });
        keys.truncate(shown);
    }
    stable_sort::sort_by(&mut keys, |a, b| {
        b.1.records.cmp(&a.1.records).then(a.0.cmp(b.0))
    });
    let key_items = keys.iter().map(|(k, stats)| {
        let parts = stats
            .by_partition
            .iter()
            .map(|(p, c)| format!("P{p}×{c}"))
            .collect::<Vec<_>>()
            .join(" + ");
        let split = stats.by_partition.len() > 1;
        html! {
            <li class={classes!(split.then_some("split"))}>
                <code>{ k.to_string() }</code>{ format!(" → {parts}") }
                if split { <span class="sr-only">{ " (in two partitions)" }</span> }
            </li>
        }
    });
    html! {
        <section class="panel table-panel" aria-labelledby="partitions-title">
            <h2 id="partitions-title">{ format!("Partitions of “{}”", topic.name) }</h2>
            <table class="partitions">
                <thead><tr>
                    <th scope="col">{ "Partition" }</th><th scope="col">{ "Records" }</th>
                    <th scope="col">{ "Rate" }</th><th scope="col">{ "Share" }</th>
                    <th scope="col" title="Distinct keys the producer has routed to this partition, records in flight included">{ "Keys" }</th>
                    <th scope="col" title="Brokers holding a replica; ★ marks the leader">{ "Replicas" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p id="skew" class={classes!("metric", (load.enough_samples && skew >= 200).then_some("warn"))}>{ skew_text }</p>
            <p id="ordering" class={classes!("metric", (audit.entities_split > 0).then_some("warn"))}>{ audit_text }</p>
            if !keys.is_empty() {
                <details class="key-map" id="key-map">
                    <summary>{ if keys.len() == run.distinct_keys() {
                        format!("Key → partition map: {}", plural(keys.len(), "key", "keys"))
                    } else {
                        format!("Key → partition map: the {} busiest of {}", keys.len(), plural(run.distinct_keys(), "key", "keys"))
                    } }</summary>
                    <ul>{ for key_items }</ul>
                </details>
            }
            <p class="muted">{ format!("{} sent in {}, {} appended, {}{}.",
                totals.sent, plural(totals.batches_sent, "batch", "batches"), totals.appended,
                plural(run.distinct_keys(), "distinct key", "distinct keys"),
                if run.keys_truncated() { " (key map truncated)" } else { "" }) }</p>
        </section>
    }
}
