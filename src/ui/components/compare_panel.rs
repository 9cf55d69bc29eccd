//! Side by side: pick one setting to change, and a second copy of the run (same seed, same
//! actions, same time) runs in lockstep; the table shows both sides' figures and marks where
//! they differ. The choice is part of the link.

use super::use_figures;
use crate::compare::Variation;
use crate::engine::Sim;
use crate::session::SessionAction;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// The figures compared, per side: (label, value).
fn figures(sim: &Sim) -> Vec<(String, String)> {
    let now = sim.now_ms();
    let main = sim.topic_run(0);
    let load = main.load(now);
    let mut rows = vec![
        (
            "records appended".to_string(),
            sim.totals().appended.to_string(),
        ),
        (
            format!("“{}”: partitions used", main.name()),
            main.topic()
                .partitions
                .iter()
                .filter(|l| l.end_offset() > 0)
                .count()
                .to_string(),
        ),
        (
            format!("“{}”: skew (busiest ÷ mean)", main.name()),
            if load.enough_samples {
                format!(
                    "{}.{:02}×",
                    load.skew_percent / 100,
                    load.skew_percent % 100
                )
            } else {
                "–".into()
            },
        ),
        (
            format!("“{}”: keys with order split", main.name()),
            main.audit().entities_split.to_string(),
        ),
        (
            "main producer's partition switches".to_string(),
            sim.producer(0).client().switches().to_string(),
        ),
    ];
    let logs = sim.logs();
    for g in sim.groups() {
        let id = &g.config().group_id;
        let c = &g.ledger().counts;
        let m = g.metrics();
        let lag = g.total_lag(&logs);
        let idle = g.idle_members();
        for (label, value) in [
            ("processed", c.processed.to_string()),
            ("lost", c.lost.to_string()),
            ("duplicated", c.duplicated.to_string()),
            ("out of order", c.out_of_order.to_string()),
            ("rebalances", m.rebalances_completed.to_string()),
            (
                "pause (partition-s)",
                format!("{:.1}", m.pause_partition_ms as f64 / 1000.0),
            ),
            (
                "pause per rebalance (partition-s)",
                m.pause_per_rebalance_partition_ms().map_or_else(
                    || "-".to_string(),
                    |ms| format!("{:.1}", ms as f64 / 1000.0),
                ),
            ),
            ("lag", lag.to_string()),
            ("idle members", idle.to_string()),
        ] {
            rows.push((format!("{id}: {label}"), value));
        }
    }
    rows
}

#[component]
pub fn ComparePanel() -> Html {
    let app = use_figures();
    let session = app.session.borrow();
    let scenario = session.setup();
    let choices: Vec<Variation> = Variation::ALL
        .into_iter()
        .filter(|v| v.applies(scenario))
        .collect();
    let picked = use_state(|| None::<String>);
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |e: Event| {
            picked.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let current = session.twin();
    let on_start = {
        let d = app.dispatcher();
        let id = (*picked)
            .clone()
            .or_else(|| choices.first().map(|v| v.id().to_string()));
        Callback::from(move |_: MouseEvent| d.dispatch(SessionAction::Compare(id.clone())))
    };
    let on_stop = {
        let d = app.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(SessionAction::Compare(None)))
    };
    let table = current.map(|(twin, variation)| {
        let (side_a, side_b) = variation.sides(scenario);
        let a = figures(session.sim());
        let b = figures(twin.sim());
        let rows = a.iter().zip(&b).map(|((label, va), (_, vb))| {
            let differs = va != vb;
            html! {
                <tr class={classes!(differs.then_some("differs"))}>
                    <th scope="row">{ label.clone() }</th>
                    <td class="num">{ va.clone() }</td>
                    <td class="num">{ vb.clone() }</td>
                </tr>
            }
        });
        html! {
            <>
                <p class="muted">{ format!("Both sides run the same seed and your actions, in lockstep, at t = {}. Rows that differ are marked.", crate::ui::words::format_time(session.sim().now_ms())) }</p>
                <table class="compare" id="compare-table">
                    <thead><tr>
                        <th scope="col">{ "" }</th>
                        <th scope="col">{ format!("A (this run): {side_a}") }</th>
                        <th scope="col">{ format!("B: {side_b}") }</th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <button id="compare-stop" type="button" class="secondary" onclick={on_stop}>{ "Stop comparing" }</button>
            </>
        }
    });
    html! {
        <details class="panel compare-panel" id="compare" open={current.is_some()}>
            <summary>{ "Side by side: change one setting, compare the outcome" }</summary>
            if current.is_none() {
                if choices.is_empty() {
                    <p class="muted">{ "Nothing to compare in this scenario." }</p>
                } else {
                    <div class="row">
                        <label for="compare-pick">{ "Change " }</label>
                        <select id="compare-pick" onchange={on_pick}>
                            { for choices.iter().map(|v| {
                                let (a, b) = v.sides(scenario);
                                html! { <option value={v.id()} selected={picked.as_deref() == Some(v.id())}>{ format!("{a} → {b}") }</option> }
                            }) }
                        </select>
                        <button id="compare-start" type="button" onclick={on_start}>{ "Compare" }</button>
                    </div>
                }
            }
            { for table }
        </details>
    }
}
