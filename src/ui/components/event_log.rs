//! The newest events in words, newest first, plus a polite live region that announces where
//! the user's own records landed.

use super::use_figures;
use crate::engine::GroupEventKind;
use crate::engine::{Event, Origin};
use crate::ui::words::{format_time, plural, producer_name};
use yew::prelude::*;
use yew::Event as DomEvent;

const SHOWN: usize = 14;

/// How events name topics and producers: only when the run has more than one of them.
struct Names {
    topics: Vec<String>,
    producers: usize,
    groups: Vec<String>,
}

impl Names {
    /// `P2`, or `clicks/P2` when the run has several topics.
    fn partition(&self, topic: u32, partition: u32) -> String {
        match self.topics.len() {
            1 => format!("P{partition}"),
            _ => format!(
                "{}/P{partition}",
                self.topics.get(topic as usize).map_or("?", String::as_str)
            ),
        }
    }

    fn producer(&self, producer: u32) -> String {
        match self.producers {
            1 => "Producer".to_string(),
            _ => producer_name(producer),
        }
    }

    fn topic(&self, topic: u32) -> String {
        match self.topics.len() {
            1 => "Topic".to_string(),
            _ => format!(
                "Topic “{}”",
                self.topics.get(topic as usize).map_or("?", String::as_str)
            ),
        }
    }
}

fn describe(event: &Event, names: &Names) -> String {
    match event {
        Event::Sent { producer, topic, record_id, key, partition, origin, batch_id, .. } => {
            let who = if *origin == Origin::User { "You sent".to_string() } else { format!("{} sent", names.producer(*producer)) };
            let to = names.partition(*topic, *partition);
            match key {
                Some(k) => format!("{who} r{record_id} key “{k}” → {to}, batch b{batch_id}"),
                None => format!("{who} r{record_id} with a null key → {to}, batch b{batch_id}"),
            }
        }
        Event::PartitionerSwitched { producer, to, .. } => {
            format!("{}'s partitioner for keyless records switched to P{to}", names.producer(*producer))
        }
        Event::BatchSent { topic, batch_id, partition, records, bytes, .. } => format!(
            "Batch b{batch_id} left for {}: {}, {bytes} B",
            names.partition(*topic, *partition),
            plural(*records, "record", "records")
        ),
        Event::Appended { topic, record_id, partition, offset, .. } => {
            format!("r{record_id} appended to {} at offset {offset}", names.partition(*topic, *partition))
        }
        Event::RateChanged { producer, rate_per_sec, .. } => format!("{} rate set to {rate_per_sec} records/s", names.producer(*producer)),
        Event::PartitionsAdded { topic, from, to, keys_moved, keys_tracked, .. } => format!(
            "{} grew from {from} to {to} partitions: {keys_moved} of {} now map to another partition",
            names.topic(*topic),
            plural(*keys_tracked, "key", "keys")
        ),
        Event::OrderSplit { topic, entity, from, to, offset, .. } => format!(
            "Order broken for “{entity}”: its records are now in {} and {} (from offset {offset})",
            names.partition(*topic, *from),
            names.partition(*topic, *to)
        ),
        Event::Rejected { reason, .. } => format!("Refused: {reason}"),
        Event::Group { group, event } => crate::ui::words::describe_group_event(
            names.groups.get(*group as usize).map_or("?", String::as_str),
            event.member.as_deref(),
            &event.kind,
        ),
        Event::BrokerKilled { broker, .. } => format!("Broker {broker} crashed: the controller still counts it until its session times out"),
        Event::BrokerFenced { broker, .. } => format!("The controller fenced broker {broker}: out of every ISR, its leaderships elected away"),
        Event::BrokerShutDown { broker, .. } => format!("Broker {broker} shut down cleanly: leaderships and ISR places moved first"),
        Event::BrokerIsolated { broker, clients: true, .. } => format!("Broker {broker} cut off from the controller and the other brokers (clients still reach it)"),
        Event::BrokerIsolated { broker, clients: false, .. } => format!("Broker {broker} cut off from everyone, clients too"),
        Event::BrokerHealed { broker, .. } => format!("Broker {broker} reachable again"),
        Event::BrokerRestarted { broker, .. } => format!("Broker {broker} started again"),
        Event::BrokerSlowed { broker, delay_ms: 0, .. } => format!("Broker {broker} replicates at normal speed again"),
        Event::BrokerSlowed { broker, delay_ms, .. } => format!("Broker {broker} slowed: each of its fetches takes {delay_ms} ms more"),
        Event::LeaderChanged { topic, partition, leader: Some(l), epoch, unclean, .. } => format!(
            "{}: broker {l} is the leader (epoch {epoch}){}",
            names.partition(*topic, *partition),
            if *unclean { ", elected UNCLEANLY from outside the ISR" } else { "" }
        ),
        Event::LeaderChanged { topic, partition, leader: None, .. } => format!("{} is OFFLINE: no in-sync replica is running", names.partition(*topic, *partition)),
        Event::IsrChanged { topic, partition, isr, .. } => format!(
            "{}: in-sync replicas now [{}]",
            names.partition(*topic, *partition),
            isr.iter().map(|b| format!("b{b}")).collect::<Vec<_>>().join(", ")
        ),
        Event::Truncated { topic, partition, broker, to_offset, records, .. } => format!(
            "{}: broker {broker} truncated its log to offset {to_offset}; {} only it had {} gone",
            names.partition(*topic, *partition),
            plural(*records, "record", "records"),
            if *records == 1 { "is" } else { "are" }
        ),
        Event::ProduceFailed { producer, topic, partition, batch_id, records, error, retry, .. } => format!(
            "{}'s batch b{batch_id} ({}) to {}: {error}, {}",
            names.producer(*producer),
            plural(*records, "record", "records"),
            names.partition(*topic, *partition),
            if *retry { "retrying" } else { "given up" }
        ),
        Event::AckedLost { producer, topic, partition, records, .. } => format!(
            "{} of {} LOST from {}",
            plural(*records, "acknowledged record", "acknowledged records"),
            names.producer(*producer),
            names.partition(*topic, *partition)
        ),
        Event::SegmentsDeleted { topic, partition, reason, log_start_offset, .. } => format!(
            "{}: retention deleted its oldest segments ({}); the log now starts at offset {log_start_offset}",
            names.partition(*topic, *partition),
            match reason {
                crate::engine::DeletionReason::RetentionBytes => "retention.bytes",
                crate::engine::DeletionReason::RetentionMs => "retention.ms",
            }
        ),
    }
}

/// Which events the log shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filter {
    All,
    Records,
    Batches,
    Groups,
    Notable,
}

impl Filter {
    fn keeps(self, e: &Event) -> bool {
        match self {
            Filter::All => true,
            Filter::Records => matches!(e, Event::Sent { .. } | Event::Appended { .. }),
            Filter::Batches => matches!(
                e,
                Event::BatchSent { .. } | Event::PartitionerSwitched { .. }
            ),
            // The group protocol's steps, without the steady stream of polls and commits.
            Filter::Groups => matches!(e, Event::Group { event, .. }
                if !matches!(event.kind, GroupEventKind::Polled { .. } | GroupEventKind::Committed { .. })),
            Filter::Notable => {
                matches!(
                    e,
                    Event::Sent {
                        origin: Origin::User,
                        ..
                    } | Event::PartitionsAdded { .. }
                        | Event::RateChanged { .. }
                        | Event::OrderSplit { .. }
                        | Event::Rejected { .. }
                        | Event::PartitionerSwitched { .. }
                ) || e.is_replication()
                    || matches!(e, Event::Group { event, .. } if matches!(event.kind,
                GroupEventKind::RebalanceStarted { .. } | GroupEventKind::RebalanceCompleted { .. } | GroupEventKind::SessionExpired { .. }
                | GroupEventKind::PollTimeoutLeft { .. } | GroupEventKind::CommitFailed { .. } | GroupEventKind::Error { .. }
                | GroupEventKind::Crashed | GroupEventKind::RecordLost { .. } | GroupEventKind::Duplicate { .. } | GroupEventKind::OutOfOrder { .. }))
            }
        }
    }
}

#[component]
pub fn EventLog() -> Html {
    let app = use_figures();
    let filter = use_state(|| Filter::All);
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: DomEvent| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            filter.set(match value.as_str() {
                "records" => Filter::Records,
                "batches" => Filter::Batches,
                "groups" => Filter::Groups,
                "notable" => Filter::Notable,
                _ => Filter::All,
            });
        })
    };
    let session = app.session.borrow();
    let log = session.sim().event_log();
    let names = Names {
        topics: session
            .sim()
            .topics()
            .iter()
            .map(|t| t.name().to_string())
            .collect(),
        producers: session.sim().producers().len(),
        groups: session
            .sim()
            .groups()
            .iter()
            .map(|g| g.config().group_id.clone())
            .collect(),
    };
    let f = *filter;
    let items = log.recent.iter().rev().filter(|e| f.keeps(e)).take(SHOWN).map(|e| {
        let class = match e {
            Event::Rejected { .. } | Event::OrderSplit { .. } => "rejected",
            Event::Sent { origin: Origin::User, .. } => "user",
            Event::PartitionsAdded { .. } | Event::RateChanged { .. } | Event::PartitionerSwitched { .. } => "change",
            Event::BatchSent { .. } => "batch",
            Event::Group { event, .. } => match event.kind {
                GroupEventKind::RecordLost { .. } | GroupEventKind::Duplicate { .. } | GroupEventKind::OutOfOrder { .. }
                | GroupEventKind::CommitFailed { .. } | GroupEventKind::Error { .. } | GroupEventKind::Crashed => "rejected",
                GroupEventKind::Polled { .. } | GroupEventKind::Committed { .. } => "",
                _ => "change",
            },
            _ => "",
        };
        html! { <li class={class}><span class="t">{ format_time(e.at_ms()) }</span>{ describe(e, &names) }</li> }
    });
    // The newest record the user sent that has landed, for screen readers.
    let mut announcement = String::new();
    let user_sent = log.recent.iter().rev().find_map(|e| match e {
        Event::Sent {
            record_id,
            key,
            origin: Origin::User,
            ..
        } => Some((*record_id, key.clone())),
        _ => None,
    });
    if let Some((id, key)) = user_sent {
        if let Some(Event::Appended {
            partition, offset, ..
        }) = log
            .recent
            .iter()
            .rev()
            .find(|e| matches!(e, Event::Appended { record_id, .. } if *record_id == id))
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
                        <option value="groups" selected={f == Filter::Groups}>{ "consumer groups" }</option>
                    </select>
                </label>
            </div>
            <ol class="events" id="events">{ for items }</ol>
            <p class="sr-only" aria-live="polite" id="announce">{ announcement }</p>
        </section>
    }
}
