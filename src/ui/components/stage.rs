//! The picture, laid out as Kafka works: the producer holds one batch per partition (its
//! record accumulator) and a partitioner that decides which batch a record joins; full or
//! lingered batches travel to the partition's leader and are appended to its log, drawn as a
//! row of offset cells, each row's replicas sit under their brokers' headers, and a link runs
//! from each row to the consumer of each group that owns it. Positions come from sim time (sent → arrives), so pausing freezes them
//! and stepping moves them exactly. With reduced motion nothing travels: each row counts what
//! is on its way.
//!
//! This component builds the [stage model](crate::ui::stage_model) once per session generation
//! and hands each part to a small component that draws it; parts whose data did not change are
//! not drawn again.

mod batch_pill;
mod bounce_pill;
mod broker_head;
mod bucket;
mod caption;
mod cell_canvas;
mod consumer_box;
mod copy_pulse;
mod follower_tick;
mod group_head;
mod group_marker;
mod owner_link;
mod partition_row;
mod producer_box;
mod progress_band;
mod replica_chip;
mod share_marks;
mod topic_tabs;
mod truncated_tail;
mod unowned_stub;

use super::use_app;
use crate::ui::stage_model::{self as model, StageInput, StageModel};
use crate::ui::url::prefers_reduced_motion;
use std::rc::Rc;
use yew::prelude::*;

use batch_pill::BatchPill;
use bounce_pill::BouncePill;
use broker_head::BrokerHeader;
use bucket::AccumulatorBucket;
use caption::StageCaption;
use cell_canvas::CellCanvas;
use consumer_box::ConsumerBox;
use copy_pulse::CopyPulseArc;
use follower_tick::FollowerTickMark;
use group_head::GroupHeadLine;
use group_marker::GroupMarker;
use owner_link::OwnerLinkLine;
use partition_row::PartitionRow;
use producer_box::ProducerBox;
use progress_band::ProgressBand;
use replica_chip::ReplicaMark;
use share_marks::ShareMarks;
use topic_tabs::TopicTabs;
use truncated_tail::TruncatedTailMark;
use unowned_stub::UnownedStub;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The key typed in the inspector: its cells are outlined, its route drawn bold.
    pub highlight_key: AttrValue,
}

/// What the model was last built for: a new session generation, inspected key or motion
/// preference builds it again (from the last one, so its unchanged texts are kept).
type ModelFor = (u64, AttrValue, bool);

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let app = use_app();
    let reduced_motion = *use_memo((), |_| prefers_reduced_motion());
    let last = use_mut_ref(|| None::<(ModelFor, Rc<StageModel>)>);
    let model = {
        let wanted: ModelFor = (app.generation, props.highlight_key.clone(), reduced_motion);
        let mut last = last.borrow_mut();
        match &*last {
            Some((built_for, model)) if *built_for == wanted => model.clone(),
            previous => {
                let session = app.session.borrow();
                let producers = session.selected_producers();
                let input = StageInput {
                    sim: session.sim(),
                    topic: session.selected_topic(),
                    producers: &producers,
                    highlight_key: &props.highlight_key,
                    reduced_motion,
                };
                let model = Rc::new(model::build(&input, previous.as_ref().map(|(_, m)| &**m)));
                *last = Some((wanted, model.clone()));
                model
            }
        }
    };
    // The record under the pointer: its key's records are marked on every row, as the
    // inspected key's are, the other records are dimmed, and its row's tooltip describes it.
    // The cells are pixels on a canvas, so the pointer is looked up in the model.
    let hovered = use_state_eq(|| None::<Hovered>);
    // Made once: a new callback on every frame would re-register the picture's listeners.
    let svg = use_node_ref();
    let on_move = {
        let (last, svg) = (last.clone(), svg.clone());
        let hovered = hovered.setter();
        use_callback((), move |e: MouseEvent, _| {
            let at = svg
                .cast::<web_sys::Element>()
                .and_then(|svg| hovered_at(&e, &svg, &last.borrow()));
            hovered.set(at);
        })
    };
    let on_leave = use_callback(hovered.setter(), |_: MouseEvent, hovered| {
        hovered.set(None);
    });
    let pointed_key = hovered
        .as_ref()
        .map_or(AttrValue::Static(""), |h| h.key.clone());
    let dimming = !pointed_key.is_empty();
    let marked_key = if dimming {
        pointed_key
    } else {
        props.highlight_key.clone()
    };
    let m = &*model;
    let summary: AttrValue = m.summary.value().clone().into();
    let replica_text = m.layout.shows_replica_text();
    html! {
        <figure class="stage">
            if !m.tabs.is_empty() {
                <TopicTabs tabs={m.tabs.clone()} />
            }
            <div class="stage-scroll" tabindex="0" aria-label="The stage; scrolls sideways on narrow screens">
            <div class="stage-layers">
            <CellCanvas rows={m.rows.rows.clone()} marked_key={marked_key.clone()} {dimming} height={m.layout.height} />
            <svg viewBox={m.view_box.value().clone()} role="list" aria-label={summary.clone()} id="stage" ref={svg} onmousemove={on_move} onmouseleave={on_leave}>
                <ProducerBox height={m.layout.producer_box_h()} entries={m.producers.clone()} />
                <text x={model::text::LABEL_X} y="22" class="heading">{ m.heading.value().clone() }</text>
                if let Some(subheading) = &m.subheading {
                    <text x={model::text::LABEL_X} y="40" class="subheading">{ subheading.value().clone() }</text>
                }
                { for m.buckets.iter().map(|b| html! { <AccumulatorBucket bucket={b.clone()} /> }) }
                { for m.rows.rows.iter().map(|r| html! {
                    <PartitionRow key={r.number.clone()} row={r.clone()} title={hovered.as_ref().filter(|h| h.partition == r.partition).map(|h| h.title.clone())} />
                }) }
                <g class="share-rows">{ for m.share_rows.iter().map(|r| html! { <ShareMarks row={r.clone()} /> }) }</g>
                <g class="progress-bands">{ for m.progress.iter().map(|s| html! { <ProgressBand span={s.clone()} /> }) }</g>
                <g class="brokers">{ for m.brokers.iter().map(|b| html! { <BrokerHeader key={b.broker} head={b.clone()} /> }) }</g>
                <g class="replicas">{ for m.replicas.iter().map(|c| html! {
                    <ReplicaMark key={c.facts.partition * 64 + c.facts.broker} chip={c.clone()} shows_text={replica_text} />
                }) }</g>
                <g class="tails">{ for m.tails.iter().map(|t| html! {
                    <TruncatedTailMark key={t.partition * 64 + t.broker} tail={t.clone()} shows_text={replica_text} />
                }) }</g>
                <g class="pulses">{ for m.pulses.iter().map(|p| html! { <CopyPulseArc key={p.partition * 64 + p.broker} pulse={p.clone()} /> }) }</g>
                // Keyed by partition and owner, so a link to a new owner is drawn anew (and draws itself in).
                <g class="links">{ for m.consumers.links.iter().map(|l| html! {
                    <OwnerLinkLine key={u64::from(l.partition) << 32 | (l.group_slot as u64) << 24 | l.to_y as u64} link={l.clone()} />
                }) }</g>
                <g class="unowned-stubs">{ for m.consumers.unowned.iter().map(|u| html! { <UnownedStub stub={u.clone()} /> }) }</g>
                if let Some(fold) = &m.fold {
                    <text x={model::text::LABEL_X} y={format!("{:.1}", m.layout.summary_y())} class="fold-note">{ fold.summary.value().clone() }</text>
                }
                if m.consumers.heads.is_empty() {
                    <text x={model::text::CONSUMERS_X} y={format!("{:.1}", m.layout.top + 14.0)} class="no-group">{ model::NO_GROUP_NOTE }</text>
                }
                <g class="groups">{ for m.consumers.heads.iter().map(|h| html! { <GroupHeadLine head={h.clone()} /> }) }</g>
                <g class="consumers">{ for m.consumers.consumers.iter().map(|c| html! { <ConsumerBox consumer={c.clone()} /> }) }</g>
                <g class="markers">{ for m.group_marks.iter().map(|g| html! { <GroupMarker mark={g.clone()} /> }) }</g>
                <g class="bounces">{ for m.bounces.iter().map(|b| html! { <BouncePill key={b.key.clone()} bounce={b.clone()} /> }) }</g>
                <g class="followers">{ for m.follower_ticks.iter().map(|t| html! { <FollowerTickMark tick={t.clone()} /> }) }</g>
                <g class="pills">{ for m.in_flight.flights.iter().map(|f| html! { <BatchPill key={f.text.key.clone()} flight={f.clone()} /> }) }</g>
            </svg>
            </div>
            </div>
            <p class="stage-news" id="stage-news" aria-live="polite">{ m.news.as_ref().map(|n| n.value().clone()) }</p>
            <StageCaption {summary} notes={m.notes.clone()} />
        </figure>
    }
}

/// The record under the pointer.
#[derive(Clone, PartialEq)]
struct Hovered {
    /// Its key, or empty for a record without one (nothing else is marked then).
    key: AttrValue,
    partition: u32,
    /// Its row's tooltip.
    title: AttrValue,
}

/// The record under the pointer of `e` on the stage's `svg`, as last built. (Yew delegates
/// events to the page's root, so the SVG is not the event's current target.)
fn hovered_at(
    e: &MouseEvent,
    svg: &web_sys::Element,
    last: &Option<(ModelFor, Rc<StageModel>)>,
) -> Option<Hovered> {
    let (_, m) = last.as_ref()?;
    let rect = svg.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(e.client_x()) - rect.left()) * model::WIDTH / rect.width();
    let y = (f64::from(e.client_y()) - rect.top()) * m.layout.height / rect.height();
    let (row, cell) = model::cell_at(&m.rows.rows, x, y)?;
    Some(Hovered {
        key: cell
            .key
            .clone()
            .map_or(AttrValue::Static(""), AttrValue::Rc),
        partition: row.partition,
        title: cell.title(row.partition).into(),
    })
}
