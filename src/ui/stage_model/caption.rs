//! What the stage says in words: its heading and subheading, the summary that is both the
//! picture's accessible name and its caption, the caption's notes on what is drawn how, and the
//! tabs that pick the topic on stage. Each is rewritten only when what it says changes.

use super::labels::Label;
use super::producers::ProducerEntry;
use crate::engine::Sim;
use crate::ui::words::{bytes_label, plural, producer_name};
use std::rc::Rc;

/// What the heading says: the topic's name, partitions, replication factor and brokers.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadingFacts {
    pub topic: String,
    pub n_partitions: u32,
    pub replication_factor: u32,
    pub brokers: u32,
}

pub fn heading(
    sim: &Sim,
    topic: u32,
    previous: Option<&Label<HeadingFacts>>,
) -> Label<HeadingFacts> {
    let run = sim.topic_run(topic);
    let name = run.name();
    let n_partitions = run.topic().n_partitions();
    let replication_factor = run.config().replication_factor;
    let brokers = sim.config().brokers;
    Label::reuse_if_or_make(
        previous,
        |f| {
            f.topic == name
                && f.n_partitions == n_partitions
                && f.replication_factor == replication_factor
                && f.brokers == brokers
        },
        || {
            let text = format!(
                "Topic “{name}” — {}, replication factor {replication_factor} on {}",
                plural(n_partitions, "partition", "partitions"),
                plural(brokers, "broker", "brokers")
            );
            let facts = HeadingFacts {
                topic: name.to_string(),
                n_partitions,
                replication_factor,
                brokers,
            };
            (facts, text.into())
        },
    )
}

/// `(producer named first when several, batch.size, linger.ms, value bytes)`.
pub type SubheadingFacts = (Option<u32>, u32, u32, u32);

/// The first producer's batching settings, or nothing when no producer writes here.
pub fn subheading(
    sim: &Sim,
    producers: &[u32],
    previous: Option<&Label<SubheadingFacts>>,
) -> Option<Label<SubheadingFacts>> {
    let &first = producers.first()?;
    let config = sim.producer(first).config();
    let named = (producers.len() > 1).then_some(first);
    let facts = (
        named,
        config.batch_size,
        config.linger_ms,
        config.value_bytes,
    );
    Some(Label::reuse_or_make(
        previous,
        facts,
        |&(named, batch_size, linger_ms, value_bytes)| {
            format!(
                "{}batch.size {} · linger.ms {linger_ms} · {value_bytes} B values · newest records on the right",
                named.map_or(String::new(), |i| format!("{}: ", producer_name(i))),
                bytes_label(batch_size)
            )
            .into()
        },
    ))
}

/// What the summary is written from.
#[derive(Clone, Debug, PartialEq)]
pub struct SummaryFacts {
    pub topic: String,
    pub n_partitions: u32,
    /// Each producer's sentence (compared by identity: they are kept while unchanged).
    pub sentences: Vec<Rc<str>>,
    pub queued_records: usize,
    pub records_in_flight: usize,
}

/// The stage in one paragraph: the topic, who writes to it, what waits and what flies.
pub fn summary(
    sim: &Sim,
    topic: u32,
    entries: &[ProducerEntry],
    queued_records: usize,
    records_in_flight: usize,
    previous: Option<&Label<SummaryFacts>>,
) -> Label<SummaryFacts> {
    let run = sim.topic_run(topic);
    let name = run.name();
    let n_partitions = run.topic().n_partitions();
    let same = |f: &SummaryFacts| {
        f.topic == name
            && f.n_partitions == n_partitions
            && f.queued_records == queued_records
            && f.records_in_flight == records_in_flight
            && f.sentences.len() == entries.len()
            && f.sentences
                .iter()
                .zip(entries)
                .all(|(s, e)| Rc::ptr_eq(s, &e.texts().sentence))
    };
    Label::reuse_if_or_make(previous, same, || {
        let facts = SummaryFacts {
            topic: name.to_string(),
            n_partitions,
            sentences: entries.iter().map(|e| e.texts().sentence.clone()).collect(),
            queued_records,
            records_in_flight,
        };
        let producers = if facts.sentences.is_empty() {
            "No producer writes to it.".to_string()
        } else {
            let sentences: Vec<&str> = facts.sentences.iter().map(|s| &**s).collect();
            format!("{}.", sentences.join("; "))
        };
        let text = format!(
            "Topic {name} has {}. {producers} {} in batches, {}.",
            plural(n_partitions, "partition", "partitions"),
            plural(queued_records, "record waits", "records wait"),
            plural(records_in_flight, "is in flight", "are in flight"),
        );
        (facts, text.into())
    })
}

/// The caption's notes after the summary, each said only when it applies.
#[derive(Clone, Debug, PartialEq)]
pub struct Notes {
    /// Followers' ticks and faded records are drawn (the topic is replicated).
    pub replication: bool,
    /// Some group has marks on the rows.
    pub group_marks: bool,
    /// Only a sample of the batches in flight is drawn: `(every, of)`.
    pub sampled_flights: Option<Label<(usize, usize)>>,
    pub reduced_motion: bool,
    /// The logs are redrawn on a sim-time grid at this many appends per second.
    pub sampled_rows: Option<Label<u64>>,
}

pub const REPLICATION_NOTE: &str = " Right of each row, its replicas under their brokers: blue fill the leader, outlined a follower in the ISR, dashed vermillion one out of it, grey and crossed one on a stopped broker; “end N” where a replica's log end is not the high watermark. Grey ticks under a row: how far each follower has copied it; faded records are past the high watermark (the dotted “HW” line), not yet readable by consumers. A dotted arc from a leader to a follower: the follower is copying. “✂ 7 cut” on a replica: what truncation removed from its log, with the offsets.";
pub const GROUP_MARKS_NOTE: &str = " A line runs from each partition to the consumer of each group that owns it (one colour and dash per group; a rebalance drops and redraws them). On a row, a solid coloured bar marks the group's committed offset (where it restarts after a failure); a dashed one, where its consumer reads next. The records between them are read again if the consumer crashes now. A short line ending in a ring: the partition has no owner in that group, waiting for a rebalance. Under the cells, a band in the group's colour runs from what its consumer has processed to where it reads next; a red box with a count is committed but not processed: lost if the consumer crashes now. The small cell on a consumer is the record it processes. Red marks: ✕ lost, 2× processed twice, ⇅ out of per-key order, with when the first was flagged. Point at a record to mark every record of its key.";
/// The legend's fold under the caption's summary.
pub const LEGEND_SUMMARY: &str = "How to read the picture";
pub const REDUCED_MOTION_NOTE: &str = " Reduced motion is on: batches are not animated in flight.";

pub fn sampled_flights_note(
    (every, of): (usize, usize),
    previous: Option<&Label<(usize, usize)>>,
) -> Label<(usize, usize)> {
    Label::reuse_or_make(previous, (every, of), |(every, of)| {
        format!(" Showing every {every}th of {of} batches in flight.").into()
    })
}

pub fn sampled_rows_note(appends_per_sec: u64, previous: Option<&Label<u64>>) -> Label<u64> {
    Label::reuse_or_make(previous, appends_per_sec, |rate| {
        format!(
            " At {rate} appends/s the logs are redrawn every {} ms of sim time.",
            super::rows::SAMPLED_REDRAW_MS
        )
        .into()
    })
}

/// A tab for one topic, when the run has several.
#[derive(Clone, Debug, PartialEq)]
pub struct TopicTab {
    pub index: u32,
    pub current: bool,
    /// The topic's name (for `data-topic`) and the tab's text, `clicks · 3 partitions`.
    pub text: Label<(Rc<str>, u32)>,
}

impl TopicTab {
    pub fn name(&self) -> &Rc<str> {
        &self.text.facts().0
    }
}

pub fn topic_tabs(sim: &Sim, selected: u32, previous: &[TopicTab]) -> Vec<TopicTab> {
    if sim.topics().len() < 2 {
        return Vec::new();
    }
    sim.topics()
        .iter()
        .enumerate()
        .map(|(t, run)| {
            let n = run.topic().n_partitions();
            let kept = previous.get(t).map(|tab| &tab.text);
            let text = Label::reuse_if_or_make(
                kept,
                |(name, count)| **name == *run.name() && *count == n,
                || {
                    let name: Rc<str> = run.name().into();
                    let text = format!("{name} · {}", plural(n, "partition", "partitions"));
                    ((name, n), text.into())
                },
            );
            TopicTab {
                index: t as u32,
                current: t as u32 == selected,
                text,
            }
        })
        .collect()
}
