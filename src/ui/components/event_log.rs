//! The newest events in words, newest first, plus a polite live region that announces where
//! the user's own records landed.

use super::{format_time, use_app};
use crate::engine::{Event, Origin};
use yew::prelude::*;
use yew::Event as DomEvent;

const SHOWN: usize = 14;

fn describe(event: &Event) -> String {
    match event {
        Event::Sent { record_id, key, partition, origin, batch_id, .. } => {
            let who = if *origin == Origin::User { "You sent" } else { "Producer sent" };
            match key {
                Some(k) => format!("{who} r{record_id} key “{k}” → P{partition}, batch b{batch_id}"),
                None => format!("{who} r{record_id} with a null key → P{partition}, batch b{batch_id}"),
            }
        }
        Event::PartitionerSwitched { to, .. } => format!("Partitioner for keyless records switched to P{to}"),
        Event::BatchSent { batch_id, partition, records, bytes, .. } => {
            format!("Batch b{batch_id} left for P{partition}: {records} record{}, {bytes} B", if *records == 1 { "" } else { "s" })
        }
        Event::Appended { record_id, partition, offset, .. } => format!("r{record_id} appended to P{partition} at offset {offset}"),
        Event::RateChanged { rate_per_sec, .. } => format!("Producer rate set to {rate_per_sec} records/s"),
        Event::PartitionsAdded { from, to, keys_moved, keys_tracked, .. } => format!(
            "Topic grew from {from} to {to} partitions: {keys_moved} of {keys_tracked} keys now map to another partition"
        ),
        Event::OrderSplit { entity, from, to, offset, .. } => {
            format!("Order broken for “{entity}”: its records are now in P{from} and P{to} (from P{to} offset {offset})")
        }
        Event::Rejected { reason, .. } => format!("Refused: {reason}"),
    }
}

/// Which events the log shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Records,
    Batches,
    Notable,
}

impl Filter {
    fn keeps(self, e: &Event) -> bool {
        match self {
            Filter::All => true,
            Filter::Records => matches!(e, Event::Sent { .. } | Event::Appended { .. }),
            Filter::Batches => matches!(e, Event::BatchSent { .. } | Event::PartitionerSwitched { .. }),
            Filter::Notable => matches!(
                e,
                Event::Sent { origin: Origin::User, .. }
                    | Event::PartitionsAdded { .. }
                    | Event::RateChanged { .. }
                    | Event::OrderSplit { .. }
                    | Event::Rejected { .. }
                    | Event::PartitionerSwitched { .. }
            ),
        }
    }
}

#[component]
pub fn EventLog() -> Html {
    let app = use_app();
    let filter = use_state(|| Filter::All);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: DomEvent| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            filter.set(match value.as_str() {
                "records" => Filter::Records,
                "batches" => Filter::Batches,
                "notable" => Filter::Notable,
                _ => Filter::All,
            });
        })
    };
    let session = app.session.borrow();
    let log = session.sim().event_log();
    let f = *filter;
    let items = log.recent.iter().rev().filter(|e| f.keeps(e)).take(SHOWN).map(|e| {
        let class = match e {
            Event::Rejected { .. } | Event::OrderSplit { .. } => "rejected",
            Event::Sent { origin: Origin::User, .. } => "user",
            Event::PartitionsAdded { .. } | Event::RateChanged { .. } | Event::PartitionerSwitched { .. } => "change",
            Event::BatchSent { .. } => "batch",
            _ => "",
        };
        html! { <li class={class}><span class="t">{ format_time(e.at_ms()) }</span>{ describe(e) }</li> }
    });
    // The newest record the user sent that has landed, for screen readers.
    let mut announcement = String::new();
    let user_sent = log.recent.iter().rev().find_map(|e| match e {
        Event::Sent { record_id, key, origin: Origin::User, .. } => Some((*record_id, key.clone())),
        _ => None,
    });
    if let Some((id, key)) = user_sent {
        if let Some(Event::Appended { partition, offset, .. }) =
            log.recent.iter().rev().find(|e| matches!(e, Event::Appended { record_id, .. } if *record_id == id))
        {
            announcement = format!(
                "Your record with key {} was appended to partition {partition} at offset {offset}.",
                key.as_deref().unwrap_or("null")
            );
        }
    }
    html! {
        <section class="panel log-panel" aria-labelledby="log-title">
            <div class="log-head">
                <h2 id="log-title">{ format!("Events ({} so far)", log.total) }</h2>
                <label class="log-filter">{ "Show " }
                    <select id="event-filter" onchange={on_filter}>
                        <option value="all" selected={f == Filter::All}>{ "everything" }</option>
                        <option value="notable" selected={f == Filter::Notable}>{ "changes and problems" }</option>
                        <option value="records" selected={f == Filter::Records}>{ "records" }</option>
                        <option value="batches" selected={f == Filter::Batches}>{ "batches and switches" }</option>
                    </select>
                </label>
            </div>
            <ol class="events" id="events">{ for items }</ol>
            <p class="sr-only" aria-live="polite" id="announce">{ announcement }</p>
        </section>
    }
}
