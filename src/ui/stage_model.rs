//! The stage as plain data: where every producer line, bucket, partition row, record in flight,
//! refused send, follower tick, group mark, broker, replica, consumer and owner link sits at the
//! sim's current time, what colour it has and what it says. Built by pure functions from the sim, so the layout is tested natively;
//! the components in `ui/components/stage/` only draw it.
//!
//! The model is rebuilt on every frame the session changes, from the previous one: texts whose
//! facts did not change are kept (`labels.rs`), and at high append rates the rows' cells are
//! kept within a sampling window (`rows.rs`). So drawing a steady stage formats almost nothing.

mod caption;
mod cell_look;
mod cluster;
mod consumers;
mod flags;
mod flights;
mod fold;
mod followers;
mod geometry;
mod groups;
mod labels;
mod news;
mod producers;
mod progress;
mod reconciling;
mod rows;
mod share;
mod tails;
// Natively only: expect-test is a native dev-dependency, and wasm32 unit tests are not run.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

pub use caption::{
    HeadingFacts, Notes, SubheadingFacts, SummaryFacts, TopicTab, GROUP_MARKS_NOTE, LEGEND_SUMMARY,
    REDUCED_MOTION_NOTE, REPLICATION_NOTE,
};
pub use cell_look::{
    cell_at, cell_key_text, paints_alike, Badge, CellLook, Dash, RowLook, BADGE_FONT, BADGE_RING_W,
    INK, KEY_FONT, OFFSET_FONT,
};
pub use cluster::{
    broker_look, BrokerHead, BrokerLook, Elected, ReplicaChip, ReplicaFacts, ReplicaRole,
    ELECTED_SHOWN_MS,
};
pub use consumers::{
    Consumer, ConsumerPhase, Consumers, GroupHead, OwnerLink, Unowned, Working, NO_GROUP_NOTE,
};
pub use flags::{key_text, CellFlag, FlagKind};
pub use flights::{Bounce, Flight, FlightText, InFlight, BOUNCE_MS, PILLS_MAX};
pub use fold::{Fold, FoldFacts, FOLD_WINDOW_MS};
pub use followers::{CopyPulse, FollowerTick};
pub use geometry::*;
pub use groups::{GroupMark, GroupMarkKind};
pub use labels::{Label, Memo, PartitionNames};
pub use producers::{next_keyless_partition, Bucket, ProducerEntry, ProducerFacts, ProducerTexts};
pub use progress::{AtRisk, ProgressSpan};
pub use reconciling::Reconciling;
pub use rows::{
    Cell, CellMarks, PartitionRow, RowLog, RowReplication, Rows, SAMPLED_ABOVE_PER_SEC,
    SAMPLED_REDRAW_MS,
};
pub use share::{ShareCell, ShareCellState, ShareRow};
pub use tails::TruncatedTail;

use crate::engine::Sim;

/// What the stage is drawn from.
#[derive(Clone, Copy)]
pub struct StageInput<'a> {
    pub sim: &'a Sim,
    /// The topic on stage.
    pub topic: u32,
    /// The producers writing to it, in index order.
    pub producers: &'a [u32],
    /// The key typed in the inspector: its partition's bucket and row are marked.
    pub highlight_key: &'a str,
    /// Nothing travels: rows count what is on its way instead.
    pub reduced_motion: bool,
}

/// Everything the stage draws, in drawing order.
#[derive(Clone, Debug, PartialEq)]
pub struct StageModel {
    pub topic: u32,
    pub layout: Layout,
    pub names: PartitionNames,
    /// The SVG's `viewBox`.
    pub view_box: Label<u64>,
    pub heading: Label<HeadingFacts>,
    pub subheading: Option<Label<SubheadingFacts>>,
    pub producers: Vec<ProducerEntry>,
    pub buckets: Vec<Bucket>,
    pub rows: Rows,
    pub in_flight: InFlight,
    pub bounces: Vec<Bounce>,
    pub group_marks: Vec<GroupMark>,
    pub follower_ticks: Vec<FollowerTick>,
    /// Each broker's header above its replica column.
    pub brokers: Vec<BrokerHead>,
    /// Each row's replicas, in (partition, broker) order.
    pub replicas: Vec<ReplicaChip>,
    /// Followers copying their leader, as arcs between their replicas.
    pub pulses: Vec<CopyPulse>,
    /// What truncation last removed from each replica drawn.
    pub tails: Vec<TruncatedTail>,
    /// Each share group's SPSO, SPEO and in-flight records on the rows it reads.
    pub share_rows: Vec<ShareRow>,
    /// The groups reading the topic: their members and the links from rows to owners.
    pub consumers: Consumers,
    /// Each consumer's fetched-but-unprocessed records and commit-ahead-of-processing gap, on
    /// the rows it owns.
    pub progress: Vec<ProgressSpan>,
    /// The rows drawn and the line summing up the rest, on a topic of many partitions.
    pub fold: Option<Fold>,
    /// The newest notable change in words, for the live region (kept until the next one).
    pub news: Option<Label<u64>>,
    /// The sim time it was built at: a model built earlier than its previous one follows a
    /// jump back, whose differences are not news.
    pub at_ms: u64,
    /// The stage in words: the picture's accessible name and the caption's first sentence.
    pub summary: Label<SummaryFacts>,
    pub notes: Notes,
    /// One per topic when the run has several, else none.
    pub tabs: Vec<TopicTab>,
}

/// The stage at the sim's current time, reusing what still holds of `previous`.
pub fn build(input: &StageInput<'_>, previous: Option<&StageModel>) -> StageModel {
    let StageInput {
        sim,
        topic,
        producers,
        highlight_key,
        reduced_motion,
    } = *input;
    let run = sim.topic_run(topic);
    let n = run.topic().n_partitions();
    let on_stage = consumers::groups_on_stage(sim, topic);
    let members: Vec<usize> = on_stage.iter().map(|&(_, n)| n).collect();
    let fold = fold::fold(sim, topic, previous.and_then(|p| p.fold.as_ref()));
    let layout = Layout::folded(n, producers.len(), fold.as_ref().map(|f| f.shown.clone()))
        .with_cluster(sim.brokers().len() as u32, &members);
    let names = PartitionNames::reuse_or_write(previous.map(|p| &p.names), n);
    let routed_partition = run.partition_for(highlight_key);

    let entries = producers::producer_entries(
        sim,
        producers,
        &layout,
        previous.map_or(&[], |p| &p.producers),
    );
    let buckets = producers::buckets(sim, &entries, &layout, &names, routed_partition);
    let in_flight = flights::in_flight(
        sim,
        topic,
        producers,
        &layout,
        &names,
        reduced_motion,
        previous.map_or(&[], |p| &p.in_flight.flights),
    );
    let rows = rows::rows(
        sim,
        &rows::RowsInput {
            topic,
            layout: &layout,
            names: &names,
            routed_partition,
            arriving: &in_flight.per_partition,
            reduced_motion,
        },
        previous.map(|p| &p.rows),
    );
    let group_marks = groups::group_marks(
        sim,
        topic,
        &layout,
        &names,
        previous.map_or(&[], |p| &p.group_marks),
    );
    let follower_ticks = followers::follower_ticks(
        sim,
        topic,
        &layout,
        previous.map_or(&[], |p| &p.follower_ticks),
    );
    let bounces = flights::bounces(
        sim,
        topic,
        producers,
        &layout,
        previous.map_or(&[], |p| &p.bounces),
    );
    // At high rates the replicas and consumers change on every frame, as the cells do: they are
    // kept with the rows' sampling window (100 ms of sim time) instead of read again.
    let kept_with_rows = previous.filter(|p| {
        rows.sampled_in().is_some()
            && p.rows.sampled_in() == rows.sampled_in()
            && p.layout == layout
    });
    let (brokers, replicas, pulses, tails, consumers, progress) = match kept_with_rows {
        Some(p) => (
            p.brokers.clone(),
            p.replicas.clone(),
            p.pulses.clone(),
            p.tails.clone(),
            p.consumers.clone(),
            p.progress.clone(),
        ),
        None => {
            let (brokers, replicas) = cluster::cluster(
                sim,
                topic,
                &layout,
                &names,
                // From another topic or a later time, a replica's past is not its own.
                previous
                    .filter(|p| p.topic == topic && p.at_ms <= sim.now_ms())
                    .map(|p| (&p.brokers[..], &p.replicas[..])),
            );
            let pulses = followers::copy_pulses(
                sim,
                topic,
                &layout,
                &replicas,
                previous.map_or(&[], |p| &p.pulses),
            );
            let tails =
                tails::truncated_tails(sim, topic, &replicas, previous.map_or(&[], |p| &p.tails));
            let consumers = consumers::consumers(
                sim,
                topic,
                &layout,
                &names,
                &on_stage,
                previous.map(|p| &p.consumers),
            );
            let progress = progress::progress_spans(
                sim,
                topic,
                &layout,
                &names,
                &consumers,
                previous.map_or(&[], |p| &p.progress),
            );
            (brokers, replicas, pulses, tails, consumers, progress)
        }
    };
    let share_rows = share::share_rows(
        sim,
        topic,
        &layout,
        &names,
        &on_stage,
        previous.map_or(&[], |p| &p.share_rows),
    );
    let now_ms = sim.now_ms();
    let news = news::news(
        &run.topic().name,
        (&brokers, &replicas, &consumers),
        previous
            .filter(|p| p.topic == topic && p.at_ms <= now_ms)
            .map(|p| ((&p.brokers[..], &p.replicas[..], &p.consumers), &p.news)),
        now_ms,
    );
    let queued_records = producers::queued_records(sim, &entries);
    let summary = caption::summary(
        sim,
        topic,
        &entries,
        queued_records,
        in_flight.records,
        previous.map(|p| &p.summary),
    );
    let previous_notes = previous.map(|p| &p.notes);
    let notes = Notes {
        replication: run
            .replications()
            .first()
            .is_some_and(|r| r.replicas.len() > 1),
        group_marks: !group_marks.is_empty(),
        sampled_flights: (!reduced_motion && in_flight.batches > PILLS_MAX).then(|| {
            caption::sampled_flights_note(
                (in_flight.sample_every, in_flight.batches),
                previous_notes.and_then(|n| n.sampled_flights.as_ref()),
            )
        }),
        reduced_motion,
        sampled_rows: rows.sampled().then(|| {
            caption::sampled_rows_note(
                rows.appends_per_sec,
                previous_notes.and_then(|n| n.sampled_rows.as_ref()),
            )
        }),
    };
    StageModel {
        topic,
        view_box: Label::reuse_or_make(
            previous.map(|p| &p.view_box),
            layout.height.to_bits(),
            |_| format!("0 0 {WIDTH} {:.0}", layout.height).into(),
        ),
        heading: caption::heading(sim, topic, previous.map(|p| &p.heading)),
        subheading: caption::subheading(
            sim,
            producers,
            previous.and_then(|p| p.subheading.as_ref()),
        ),
        tabs: caption::topic_tabs(sim, topic, previous.map_or(&[], |p| &p.tabs)),
        layout,
        names,
        producers: entries,
        buckets,
        rows,
        in_flight,
        bounces,
        group_marks,
        follower_ticks,
        brokers,
        replicas,
        pulses,
        tails,
        share_rows,
        consumers,
        progress,
        news,
        fold,
        at_ms: now_ms,
        summary,
        notes,
    }
}
