//! The numbers behind the picture, as a table a screen reader can read: records per partition,
//! share of the topic, distinct keys, and the newest key.

use super::use_app;
use yew::prelude::*;

#[component]
pub fn PartitionTable() -> Html {
    let app = use_app();
    let session = app.session.borrow();
    let sim = session.sim();
    let topic = sim.topic();
    let total = topic.total_records().max(1);
    let max_count = topic.partitions.iter().map(|l| l.end_offset()).max().unwrap_or(0).max(1);
    let rows = topic.partitions.iter().enumerate().map(|(p, log)| {
        let count = log.end_offset();
        let share_permille = count * 1000 / total;
        let bar = count * 100 / max_count;
        let newest = log.records.back().map(|s| s.record.key.as_deref().unwrap_or("null").to_string()).unwrap_or_default();
        html! {
            <tr>
                <th scope="row">{ format!("P{p}") }</th>
                <td class="num" data-end-offset={p.to_string()}>{ count }</td>
                <td class="share">
                    <span class="track" aria-hidden="true"><span class="bar" style={format!("width:{bar}%")}></span></span>
                    <span class="pct">{ format!("{}.{}%", share_permille / 10, share_permille % 10) }</span>
                </td>
                <td class="num">{ sim.distinct_keys_in(p as u32) }</td>
                <td class="key">{ newest }</td>
            </tr>
        }
    });
    let totals = sim.totals();
    html! {
        <section class="panel table-panel" aria-labelledby="partitions-title">
            <h2 id="partitions-title">{ "Partitions" }</h2>
            <table class="partitions">
                <thead><tr>
                    <th scope="col">{ "Partition" }</th><th scope="col">{ "Records" }</th>
                    <th scope="col">{ "Share" }</th><th scope="col" title="Distinct keys the producer has routed to this partition, records in flight included">{ "Keys routed" }</th><th scope="col">{ "Newest key" }</th>
                </tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
            <p class="muted">{ format!("{} sent, {} appended, {} keyed, {} distinct keys{}.",
                totals.sent, totals.appended, totals.keyed, sim.keys().len(),
                if sim.keys_truncated() { " (key map truncated)" } else { "" }) }</p>
        </section>
    }
}
