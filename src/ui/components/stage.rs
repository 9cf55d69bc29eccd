//! The picture: the producer on the left, each partition's log as a row of offset cells, and
//! every record in flight travelling from the producer to the slot it will be appended at.
//! Positions are computed from sim time (sent_at → arrives_at), so pausing freezes them and
//! stepping moves them exactly. With reduced motion, nothing travels: a count per row says
//! how many records are on their way.

use super::use_app;
use crate::engine::{KeySource, Record};
use crate::ui::palette::key_colours;
use crate::ui::url::prefers_reduced_motion;
use std::collections::BTreeMap;
use yew::prelude::*;

const WIDTH: f64 = 1000.0;
const TOP: f64 = 34.0;
const PRODUCER_RIGHT: f64 = 150.0;
const LABEL_X: f64 = 262.0;
const CELLS_X: f64 = 292.0;
const CELL_W: f64 = 50.0;
const CELL_GAP: f64 = 3.0;
const END_LABEL_W: f64 = 64.0;
/// Where a route curve meets its partition row.
const ROUTE_END_X: f64 = LABEL_X - 20.0;
/// Records drawn in flight at most; past that a sample is drawn and the page says so.
const DOTS_MAX: usize = 60;

#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The key typed in the inspector: its cells are outlined, its route drawn bold.
    pub highlight_key: AttrValue,
}

fn row_height(n: u32) -> f64 {
    match n {
        0..=8 => 46.0,
        9..=16 => 32.0,
        17..=32 => 22.0,
        _ => 14.0,
    }
}

fn short(key: &str, max: usize) -> String {
    if key.chars().count() <= max {
        key.to_string()
    } else {
        let mut s: String = key.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// A point `p` (0..1) of the way along a record's path: the route curve from the producer to
/// its partition row, then along the row to the slot it will be appended at.
fn along_route(producer_cy: f64, row_cy: f64, slot_x: f64, p: f64) -> (f64, f64) {
    let curve_len = (ROUTE_END_X - PRODUCER_RIGHT) + (row_cy - producer_cy).abs() * 0.6;
    let row_len = (slot_x - ROUTE_END_X).max(0.0);
    let d = p * (curve_len + row_len);
    if d <= curve_len {
        let t = d / curve_len;
        let u = 1.0 - t;
        // The same cubic Bézier as the drawn route.
        let (x0, x1, x2, x3) = (PRODUCER_RIGHT, PRODUCER_RIGHT + 50.0, ROUTE_END_X - 50.0, ROUTE_END_X);
        let x = u * u * u * x0 + 3.0 * u * u * t * x1 + 3.0 * u * t * t * x2 + t * t * t * x3;
        let y = (u * u * u + 3.0 * u * u * t) * producer_cy + (3.0 * u * t * t + t * t * t) * row_cy;
        (x, y)
    } else {
        (ROUTE_END_X + (d - curve_len), row_cy)
    }
}

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let app = use_app();
    let reduced_motion = use_memo((), |_| prefers_reduced_motion());
    let session = app.session.borrow();
    let sim = session.sim();
    let topic = sim.topic();
    let n = topic.n_partitions();
    let now = sim.now_ms();
    let row_h = row_height(n);
    let height = TOP + f64::from(n) * row_h + 12.0;
    let producer_cy = TOP + f64::from(n) * row_h / 2.0;
    let step = CELL_W + CELL_GAP;
    let visible = ((WIDTH - CELLS_X - END_LABEL_W) / step).floor() as usize;
    let highlight = props.highlight_key.as_str();
    let highlight_partition = sim.partition_for(highlight);
    let row_y = |p: u32| TOP + f64::from(p) * row_h;
    let show_text = row_h >= 30.0;

    // Records in flight, in arrival order, with the slot each will take.
    let in_flight: Vec<&Record> = sim.in_flight().collect();
    let mut queued_per_partition: BTreeMap<u32, usize> = BTreeMap::new();
    let mut dots = Vec::new();
    let sample_every = in_flight.len().div_ceil(DOTS_MAX).max(1);
    for (i, record) in in_flight.iter().enumerate() {
        let queued = queued_per_partition.entry(record.partition).or_default();
        let log_len = topic.partitions[record.partition as usize].records.len() + *queued;
        *queued += 1;
        if *reduced_motion || i % sample_every != 0 {
            continue;
        }
        let slot = log_len.min(visible.saturating_sub(1));
        let tx = CELLS_X + slot as f64 * step + CELL_W / 2.0;
        let ty = row_y(record.partition) + row_h / 2.0;
        let span = record.arrives_at_ms.saturating_sub(record.sent_at_ms).max(1) as f64;
        let p = (now.saturating_sub(record.sent_at_ms) as f64 / span).clamp(0.0, 1.0);
        let (x, y) = along_route(producer_cy, ty, tx, p);
        let (fill, _) = key_colours(record.key.as_deref());
        let label = record.key.as_deref().map_or("null".to_string(), |k| short(k, 10));
        let title = format!(
            "record r{} key {} → partition {} (in flight)",
            record.id,
            record.key.as_deref().unwrap_or("null"),
            record.partition
        );
        let user = matches!(record.origin, crate::engine::Origin::User);
        dots.push(html! {
            <g class={classes!("dot", user.then_some("user"))} data-partition={record.partition.to_string()}>
                <title>{ title }</title>
                <circle cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={if user { "10" } else { "8" }} fill={fill} />
                if in_flight.len() <= 12 && show_text && x < ROUTE_END_X {
                    <text x={format!("{:.1}", x + 12.0)} y={format!("{:.1}", y - 8.0)} class="dot-label">{ label }</text>
                }
            </g>
        });
    }

    let source_text = match &sim.config().producer.key_source {
        KeySource::Fixed(keys) => format!("{} fixed keys", keys.len()),
        KeySource::Entities { prefix, count } => format!("{count} ids {prefix}…"),
        KeySource::None => "null keys".to_string(),
    };

    let rows = (0..n).map(|p| {
        let log = &topic.partitions[p as usize];
        let first = log.records.len().saturating_sub(visible);
        let cells: Vec<CellData> = log
            .records
            .iter()
            .skip(first)
            .map(|s| CellData {
                offset: s.offset,
                key: s.record.key.clone(),
                sent_at_ms: s.record.sent_at_ms,
                appended_at_ms: s.record.arrives_at_ms,
            })
            .collect();
        let geometry = RowGeometry { y: row_y(p), row_h, producer_cy };
        html! {
            <PartitionRow key={p} partition={p} {geometry} cells={cells} end_offset={log.end_offset()}
                hidden_before={log.start_offset + first as u64 > 0} routed={p == highlight_partition}
                highlight_key={props.highlight_key.clone()}
                arriving={if *reduced_motion { queued_per_partition.get(&p).copied().unwrap_or(0) } else { 0 }}
                reduced_motion={*reduced_motion} />
        }
    });

    let summary = format!(
        "The producer sends {} records/s ({source_text}) to topic {} with {n} partitions. {} records are in flight.",
        sim.rate_per_sec(),
        topic.name,
        in_flight.len()
    );
    html! {
        <figure class="stage">
            <svg viewBox={format!("0 0 {WIDTH} {height:.0}")} role="list" aria-label={summary.clone()} id="stage">
                <text x="10" y="20" class="heading">{ "Producer" }</text>
                <text x={LABEL_X.to_string()} y="20" class="heading">
                    { format!("Topic “{}” — {n} partition{}, newest records on the right", topic.name, if n == 1 { "" } else { "s" }) }
                </text>
                <g class="producer">
                    <rect x="10" y={format!("{:.1}", producer_cy - 34.0)} width={(PRODUCER_RIGHT - 10.0).to_string()} height="68" rx="8" />
                    <text x="22" y={format!("{:.1}", producer_cy - 12.0)} class="producer-title">{ "producer-1" }</text>
                    <text x="22" y={format!("{:.1}", producer_cy + 6.0)} class="producer-line">{ format!("{} rec/s", sim.rate_per_sec()) }</text>
                    <text x="22" y={format!("{:.1}", producer_cy + 22.0)} class="producer-line">{ short(&source_text, 20) }</text>
                </g>
                { for rows }
                { for dots }
            </svg>
            <figcaption>
                { summary }
                if !*reduced_motion && in_flight.len() > DOTS_MAX {
                    { format!(" Showing every {sample_every}th of {} records in flight.", in_flight.len()) }
                }
                if *reduced_motion {
                    { " Reduced motion is on: records are not animated in flight." }
                }
            </figcaption>
        </figure>
    }
}

/// Where a row sits; part of its props so a resize redraws it.
#[derive(Clone, Copy, PartialEq)]
struct RowGeometry {
    y: f64,
    row_h: f64,
    producer_cy: f64,
}

/// One drawn log cell.
#[derive(Clone, PartialEq)]
struct CellData {
    offset: u64,
    key: Option<std::rc::Rc<str>>,
    sent_at_ms: u64,
    appended_at_ms: u64,
}

#[derive(Properties, PartialEq)]
struct PartitionRowProps {
    partition: u32,
    geometry: RowGeometry,
    /// The newest records, oldest first, as many as fit.
    cells: Vec<CellData>,
    end_offset: u64,
    hidden_before: bool,
    routed: bool,
    highlight_key: AttrValue,
    arriving: usize,
    reduced_motion: bool,
}

/// One partition's row. A separate component so that Yew redraws only the rows whose log
/// changed this frame, not every row on every frame.
#[component]
fn PartitionRow(props: &PartitionRowProps) -> Html {
    let PartitionRowProps { partition: p, geometry, end_offset, arriving, .. } = *props;
    let RowGeometry { y, row_h, producer_cy } = geometry;
    let cy = y + row_h / 2.0;
    let step = CELL_W + CELL_GAP;
    let show_text = row_h >= 30.0;
    let newest = props.cells.last().map(|c| c.offset);
    let cells = props.cells.iter().enumerate().map(|(i, cell)| {
        let x = CELLS_X + i as f64 * step;
        let key = cell.key.as_deref();
        let (fill, ink) = key_colours(key);
        let is_newest = Some(cell.offset) == newest;
        let matches = key == Some(props.highlight_key.as_str());
        let title = format!(
            "partition {p}, offset {}: key {}, sent at {} ms, appended at {} ms",
            cell.offset,
            key.unwrap_or("null"),
            cell.sent_at_ms,
            cell.appended_at_ms
        );
        html! {
            <g class={classes!("cell", is_newest.then_some("fresh"), matches.then_some("match"))}
                data-partition={p.to_string()} data-offset={cell.offset.to_string()} data-key={key.unwrap_or("").to_string()}
                data-null-key={key.is_none().then_some("true")}>
                <title>{ title }</title>
                <rect x={format!("{x:.1}")} y={format!("{:.1}", y + 3.0)} width={CELL_W.to_string()} height={format!("{:.1}", row_h - 6.0)} rx="4" fill={fill} />
                if show_text {
                    <text x={format!("{:.1}", x + 4.0)} y={format!("{:.1}", y + 14.0)} class="cell-offset" fill={ink}>{ cell.offset }</text>
                    <text x={format!("{:.1}", x + CELL_W / 2.0)} y={format!("{:.1}", y + row_h - 10.0)} class="cell-key" fill={ink}>
                        { key.map_or("null".to_string(), |k| short(k, 7)) }
                    </text>
                }
            </g>
        }
    });
    let label = format!(
        "Partition {p}: {end_offset} records{}",
        if arriving > 0 { format!(", {arriving} arriving") } else { String::new() }
    );
    html! {
        <g class={classes!("partition-row", props.routed.then_some("routed"))} role="listitem" aria-label={label} data-row={p.to_string()}>
            <path class="route" d={format!("M{PRODUCER_RIGHT},{producer_cy:.1} C{:.1},{producer_cy:.1} {:.1},{cy:.1} {:.1},{cy:.1}",
                PRODUCER_RIGHT + 50.0, ROUTE_END_X - 50.0, ROUTE_END_X)} />
            <rect class="row-bg" x={(LABEL_X - 18.0).to_string()} y={format!("{:.1}", y + 1.0)}
                width={(WIDTH - LABEL_X + 16.0).to_string()} height={format!("{:.1}", row_h - 2.0)} rx="6" />
            <text x={LABEL_X.to_string()} y={format!("{:.1}", cy + 4.0)} class="row-label">{ format!("P{p}") }</text>
            if props.hidden_before && show_text {
                <text x={(CELLS_X - 4.0).to_string()} y={format!("{:.1}", y + row_h - 6.0)} class="hidden-before">{ "…" }</text>
            }
            { for cells }
            <text x={(WIDTH - 8.0).to_string()} y={format!("{:.1}", cy + 4.0)} class="end-offset">{ format!("end {end_offset}") }</text>
            if props.reduced_motion && arriving > 0 {
                <text x={(WIDTH - 8.0).to_string()} y={format!("{:.1}", cy - 9.0)} class="arriving">{ format!("+{arriving} →") }</text>
            }
        </g>
    }
}
