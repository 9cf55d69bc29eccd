//! The picture, laid out as Kafka works: the producer holds one batch per partition (its
//! record accumulator) and a partitioner that decides which batch a record joins; full or
//! lingered batches travel to the partition's leader and are appended to its log, drawn as a
//! row of offset cells. Positions come from sim time (sent → arrives), so pausing freezes them
//! and stepping moves them exactly. With reduced motion nothing travels: each row counts what
//! is on its way.

use super::use_app;
use crate::engine::partitioner::PartitionerKind;
use crate::engine::to_positive_partition;
use crate::ui::palette::key_colours;
use crate::ui::url::prefers_reduced_motion;
use crate::ui::words::{
    bytes_label, describe_keys, partitioner_label, partitioner_short, producer_name,
    shorten as short,
};
use std::collections::BTreeMap;
use yew::prelude::*;

const WIDTH: f64 = 1000.0;
/// Where the partition rows start with one producer; each further producer on the topic takes
/// its own three lines above the rows.
const TOP: f64 = 64.0;
const PRODUCER_LEFT: f64 = 8.0;
const BUCKET_X: f64 = 118.0;
const BUCKET_W: f64 = 66.0;
const PRODUCER_RIGHT: f64 = BUCKET_X + BUCKET_W + 8.0;
const LABEL_X: f64 = 236.0;
const CELLS_X: f64 = 248.0;
const CELL_W: f64 = 50.0;
const CELL_GAP: f64 = 3.0;
const END_LABEL_W: f64 = 92.0;
/// Where a route meets its partition row.
const ROUTE_END_X: f64 = LABEL_X;
/// Batches drawn in flight at most; past that a sample is drawn and the page says so.
const PILLS_MAX: usize = 80;
const PILL_W: f64 = 44.0;
/// Above this many appends per second (sim time), partition logs redraw once per
/// `SAMPLED_REDRAW_MS` of sim time instead of every frame; batches still move every frame.
const SAMPLED_ABOVE_PER_SEC: u64 = 200;
const SAMPLED_REDRAW_MS: u64 = 100;

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

#[component]
pub fn Stage(props: &StageProps) -> Html {
    let app = use_app();
    let reduced_motion = use_memo((), |_| prefers_reduced_motion());
    let session = app.session.borrow();
    let sim = session.sim();
    let selected = session.selected_topic();
    let run = sim.topic_run(selected);
    let topic = run.topic();
    let n = topic.n_partitions();
    let now = sim.now_ms();
    let producer_ids = session.selected_producers();
    let row_h = row_height(n);
    // Each producer writing here takes three lines of the producer box, above the buckets.
    let top = TOP.max(48.0 * producer_ids.len() as f64 + 17.0);
    let height = top + f64::from(n) * row_h + 12.0;
    let step = CELL_W + CELL_GAP;
    let visible = ((WIDTH - CELLS_X - END_LABEL_W) / step).floor() as usize;
    let highlight = props.highlight_key.as_str();
    let highlight_partition = run.partition_for(highlight);
    let row_y = |p: u32| top + f64::from(p) * row_h;

    // Which partition each producer sends a record without a key to next, and what to call it.
    let next_marks: Vec<(u32, String)> = producer_ids
        .iter()
        .filter_map(|&i| {
            let producer = sim.producer(i);
            let client = producer.client();
            let (label, partition) = match producer.config().partitioner {
                PartitionerKind::BuiltIn => ("sticky", client.built_in.sticky.map(|s| s.partition)),
                PartitionerKind::StickyLegacy => ("sticky", client.sticky_cache.cached),
                PartitionerKind::RoundRobinLegacy | PartitionerKind::RoundRobin => (
                    "next",
                    Some(to_positive_partition(client.round_robin.next, n)),
                ),
            };
            let label = if producer_ids.len() > 1 {
                format!("{} {label}", producer_name(i))
            } else {
                label.to_string()
            };
            partition.map(|p| (p, label))
        })
        .collect();

    // Batches in flight, in arrival order, with the log slot each will start at.
    let in_flight: Vec<_> = sim
        .batches_in_flight()
        .filter(|(_, p, _)| producer_ids.contains(p))
        .collect();
    let mut queued_per_partition: BTreeMap<u32, usize> = BTreeMap::new();
    let mut pills = Vec::new();
    let sample_every = in_flight.len().div_ceil(PILLS_MAX).max(1);
    let mut records_in_flight = 0;
    for (i, (arrives_at, producer, batch)) in in_flight.iter().enumerate() {
        let latency = u64::from(sim.producer(*producer).config().latency_ms);
        let p = batch.partition;
        records_in_flight += batch.records.len();
        let queued = queued_per_partition.entry(p).or_default();
        let log_len = topic.partitions[p as usize].records.len() + *queued;
        *queued += batch.records.len();
        if *reduced_motion || i % sample_every != 0 {
            continue;
        }
        let slot = log_len.min(visible.saturating_sub(1));
        let tx = CELLS_X + slot as f64 * step;
        let sent_at = arrives_at.saturating_sub(latency);
        let progress = if latency == 0 {
            1.0
        } else {
            (now.saturating_sub(sent_at) as f64 / latency as f64).clamp(0.0, 1.0)
        };
        let x = PRODUCER_RIGHT + (tx - PRODUCER_RIGHT) * progress;
        let y = row_y(p) + 7.0;
        let first_key = batch.records[0].key.as_deref();
        let one_key = batch.records.iter().all(|r| r.key.as_deref() == first_key);
        let (fill, ink) = if one_key {
            key_colours(first_key)
        } else {
            ("#3b4556", "#fff")
        };
        let count = batch.records.len();
        let title = format!(
            "batch b{} of {} for partition {p}: {count} record{}, {} bytes, in flight",
            batch.id,
            producer_name(*producer),
            if count == 1 { "" } else { "s" },
            batch.estimated_bytes()
        );
        pills.push(html! {
            <g key={format!("{producer}.{}", batch.id)} class="batch-pill" data-partition={p.to_string()} data-records={count.to_string()}>
                <title>{ title }</title>
                <rect x={format!("{x:.1}")} y={format!("{y:.1}")} width={PILL_W.to_string()} height={format!("{:.1}", row_h - 14.0)} rx="9" fill={fill} />
                if row_h >= 22.0 {
                    <text x={format!("{:.1}", x + PILL_W / 2.0)} y={format!("{:.1}", y + (row_h - 14.0) / 2.0 + 4.0)} class="pill-label" fill={ink}>
                        { if count == 1 { short(first_key.unwrap_or("null"), 6) } else { format!("×{count}") } }
                    </text>
                }
            </g>
        });
    }

    // The accumulators: one bucket per partition, filled as the open batch grows (with several
    // producers on this topic, their waiting records add up and the fullest open batch shows).
    let clients: Vec<_> = producer_ids
        .iter()
        .map(|&i| sim.producer(i).client())
        .collect();
    let queued_records: usize = clients.iter().map(|c| c.accumulator.queued_records()).sum();
    let buckets = (0..n).map(|p| {
        let queues = clients.iter().filter_map(|c| c.accumulator.queues.get(p as usize).map(|q| (c, q)));
        let (mut records, mut batches, mut fill) = (0, 0, 0.0_f64);
        for (client, queue) in queues {
            records += queue.iter().map(|b| b.records.len()).sum::<usize>();
            batches += queue.len();
            if let Some(open) = queue.back() {
                fill = fill.max((f64::from(open.estimated_bytes()) / f64::from(client.accumulator.batch_size)).min(1.0));
            }
        }
        let y = row_y(p);
        let cy = y + row_h / 2.0;
        let next_here: Vec<&str> = next_marks.iter().filter(|(np, _)| *np == p).map(|(_, l)| l.as_str()).collect();
        let is_next = !next_here.is_empty();
        let routed = p == highlight_partition;
        let title = format!(
            "producer batches for partition {p}: {batches} batch{}, {records} record{} waiting; the open batch is {:.0}% of batch.size",
            if batches == 1 { "" } else { "es" },
            if records == 1 { "" } else { "s" },
            fill * 100.0
        );
        html! {
            <g class={classes!("bucket", is_next.then_some("next"), routed.then_some("routed"))} data-bucket={p.to_string()}>
                <title>{ title }</title>
                <line class="route" x1={(BUCKET_X + BUCKET_W).to_string()} y1={format!("{cy:.1}")} x2={ROUTE_END_X.to_string()} y2={format!("{cy:.1}")} />
                <rect class="bucket-frame" x={BUCKET_X.to_string()} y={format!("{:.1}", y + 4.0)} width={BUCKET_W.to_string()} height={format!("{:.1}", row_h - 8.0)} rx="4" />
                <rect class="bucket-fill" x={BUCKET_X.to_string()} y={format!("{:.1}", y + 4.0)} width={format!("{:.1}", BUCKET_W * fill)} height={format!("{:.1}", row_h - 8.0)} rx="4" />
                if row_h >= 22.0 {
                    <text x={format!("{:.1}", BUCKET_X + BUCKET_W / 2.0)} y={format!("{:.1}", cy + 4.0)} class="bucket-label">
                        { match (records, batches) {
                            (0, _) => format!("P{p}"),
                            (r, 1) => format!("P{p} · {r}"),
                            (r, b) => format!("P{p} · {r}/{b}b"),
                        } }
                    </text>
                }
                if is_next {
                    <text x={(BUCKET_X - 6.0).to_string()} y={format!("{:.1}", cy + 4.0)} class="next-label">{ format!("{} ▸", next_here.join(", ")) }</text>
                }
            </g>
        }
    });

    // At high append rates every row changes every frame; redraw the logs on a sim-time grid
    // instead (a sampled view, said in the caption), from snapshots kept between frames.
    let total_rate: u64 = run
        .load(now)
        .partitions
        .iter()
        .map(|l| l.records_per_sec)
        .sum();
    let sampled = total_rate > SAMPLED_ABOVE_PER_SEC;
    let epoch = if sampled {
        now / SAMPLED_REDRAW_MS
    } else {
        now
    };
    let snapshots = use_mut_ref(Vec::<(u64, Vec<CellData>, u64, bool)>::new);
    let replication_of = |p: u32| {
        run.replications().get(p as usize).map_or(
            RowReplication {
                high_watermark: u64::MAX,
                leader: None,
                in_sync: 0,
                replicas: 0,
            },
            |r| RowReplication {
                high_watermark: r.high_watermark(),
                leader: r.leader,
                in_sync: r.isr.len(),
                replicas: r.replicas.len(),
            },
        )
    };
    let rows = (0..n).map(|p| {
        let log = &topic.partitions[p as usize];
        let replication = replication_of(p);
        {
            let mut snaps = snapshots.borrow_mut();
            if snaps.len() != n as usize {
                snaps.clear();
                snaps.resize(n as usize, (u64::MAX, Vec::new(), 0, false));
            }
            let snap = &snaps[p as usize];
            if sampled && snap.0 == epoch {
                let (_, cells, end_offset, hidden_before) = snap.clone();
                let geometry = RowGeometry { y: row_y(p), row_h };
                return html! {
                    <PartitionRow key={p} partition={p} {replication} {geometry} cells={cells} end_offset={end_offset}
                        hidden_before={hidden_before} routed={p == highlight_partition}
                        highlight_key={props.highlight_key.clone()} arriving={0} reduced_motion={*reduced_motion} />
                };
            }
        }
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
        let geometry = RowGeometry { y: row_y(p), row_h };
        let hidden_before = log.start_offset + first as u64 > 0;
        snapshots.borrow_mut()[p as usize] = (epoch, cells.clone(), log.end_offset(), hidden_before);
        html! {
            <PartitionRow key={p} partition={p} {replication} {geometry} cells={cells} end_offset={log.end_offset()}
                hidden_before={hidden_before} routed={p == highlight_partition}
                highlight_key={props.highlight_key.clone()}
                arriving={if *reduced_motion { queued_per_partition.get(&p).copied().unwrap_or(0) } else { 0 }}
                reduced_motion={*reduced_motion} />
        }
    });

    // Each group's committed offset on each row: a line before the next record it will read.
    let group_colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];
    let logs = sim.logs();
    let markers: Vec<Html> = sim
        .groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| g.config().topics.iter().any(|t| t == &topic.name))
        .flat_map(|(gi, g)| {
            let colour = group_colours[gi % group_colours.len()];
            let id = g.config().group_id.clone();
            // Where each owner reads next: a dashed line (the position runs ahead of the commit).
            let positions: Vec<Html> = g
                .members(&logs)
                .into_iter()
                .flat_map(|m| {
                    let owned = m.assigned.clone();
                    m.positions.into_iter().filter(move |(tp, _)| owned.contains(tp)).map(move |(tp, at)| (m.name.clone(), tp, at))
                })
                .filter(|(_, tp, _)| tp.topic == topic.name)
                .filter_map(|(member, tp, position)| {
                    let log = topic.partitions.get(tp.partition as usize)?;
                    let first_visible = log.end_offset() - log.records.len().min(visible) as u64;
                    if position < first_visible {
                        return None;
                    }
                    let x = CELLS_X + (position - first_visible) as f64 * step - CELL_GAP / 2.0;
                    let y = row_y(tp.partition);
                    let title = format!("group {id}: {member} reads partition {} next at offset {position}", tp.partition);
                    Some(html! {
                        <g class="position-marker" data-group={id.clone()} data-partition={tp.partition.to_string()}>
                            <title>{ title }</title>
                            <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{:.1}", y + 2.0)} y2={format!("{:.1}", y + row_h - 2.0)}
                                stroke={colour} stroke-width="2" stroke-dasharray="3 2" />
                        </g>
                    })
                })
                .collect();
            g.partitions(&logs)
                .into_iter()
                .filter(|p| p.tp.topic == topic.name)
                .filter_map(move |p| {
                    let committed = p.committed?;
                    let log = topic.partitions.get(p.tp.partition as usize)?;
                    let first_visible = log.end_offset() - log.records.len().min(visible) as u64;
                    // Further back than the cells drawn: pinned to the row's left edge.
                    let behind = committed < first_visible;
                    let x = if behind { CELLS_X - 10.0 + gi as f64 * 3.0 } else { CELLS_X + (committed - first_visible) as f64 * step - CELL_GAP / 2.0 };
                    let y = row_y(p.tp.partition);
                    let title = format!(
                        "group {id}: committed offset {committed} on partition {} (lag {}){}",
                        p.tp.partition,
                        p.lag,
                        if behind { ", further back than the records drawn" } else { "" }
                    );
                    Some(html! {
                        <g class="commit-marker" data-group={id.clone()} data-partition={p.tp.partition.to_string()}>
                            <title>{ title }</title>
                            <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{:.1}", y + 1.0)} y2={format!("{:.1}", y + row_h - 1.0)}
                                stroke={colour} stroke-width="3" />
                            <polygon points={format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x - 4.0, y, x + 4.0, y, x, y + 5.0)} fill={colour} />
                        </g>
                    })
                })
                .chain(positions)
                .collect::<Vec<_>>()
        })
        .collect();
    let has_markers = !markers.is_empty();
    // Replication traffic: how far each follower has copied the leader's log, as a small
    // grey tick under the row at its log end; ticks trail the newest record and catch up.
    let followers: Vec<Html> = run
        .replications()
        .iter()
        .enumerate()
        .take(n as usize)
        .flat_map(|(p, rep)| {
            let log = &topic.partitions[p];
            let first_visible = log.end_offset() - log.records.len().min(visible) as u64;
            let y = row_y(p as u32) + row_h - 2.0;
            let alive = |b: u32| sim.brokers().get(b as usize - 1).is_some_and(|s| s.alive);
            rep.replicas
                .iter()
                .enumerate()
                .filter(|(_, r)| Some(r.broker) != rep.leader && alive(r.broker) && rep.leader.is_some())
                .filter_map(move |(slot, r)| {
                    let leo = r.leo();
                    if leo < first_visible || leo > log.end_offset() {
                        return None;
                    }
                    let x = CELLS_X + (leo - first_visible) as f64 * step - CELL_GAP / 2.0 + slot as f64 * 2.0;
                    let in_sync = rep.isr.contains(&r.broker);
                    let title = format!("broker {} has copied partition {p} up to offset {leo}{}", r.broker, if in_sync { " (in sync)" } else { " (out of the ISR)" });
                    Some(html! {
                        <g class={classes!("follower-tick", (!in_sync).then_some("out"))} data-broker={r.broker.to_string()}>
                            <title>{ title }</title>
                            <polygon points={format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x - 3.5, y, x + 3.5, y, x, y - 5.0)} />
                        </g>
                    })
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // Sends the cluster refused (NotEnoughReplicas, no leader, ...) bounce back red for 800 ms.
    const BOUNCE_MS: u64 = 800;
    let bounces: Vec<Html> = sim
        .event_log()
        .recent
        .iter()
        .filter_map(|e| match e {
            crate::engine::Event::ProduceFailed { at_ms, producer, topic: t, partition, batch_id, error, records, .. }
                if *t == selected && *partition < n && at_ms + BOUNCE_MS >= now && producer_ids.contains(producer) =>
            {
                Some((*at_ms, *producer, *partition, *batch_id, *error, *records))
            }
            _ => None,
        })
        .take(PILLS_MAX)
        .map(|(at, producer, p, batch_id, error, records)| {
            let age = (now.saturating_sub(at)) as f64 / BOUNCE_MS as f64;
            let x = ROUTE_END_X - (ROUTE_END_X - PRODUCER_RIGHT) * age.min(1.0);
            let y = row_y(p) + 7.0;
            let title = format!("{}: batch b{batch_id} ({records} record{}) refused by partition {p}: {error}", producer_name(producer), if records == 1 { "" } else { "s" });
            html! {
                <g key={format!("x{producer}.{batch_id}.{at}")} class="bounce">
                    <title>{ title }</title>
                    <rect x={format!("{:.1}", x - PILL_W)} y={format!("{y:.1}")} width={PILL_W.to_string()} height={format!("{:.1}", (row_h - 14.0).max(4.0))} rx="9" />
                    if row_h >= 22.0 {
                        <text x={format!("{:.1}", x - PILL_W / 2.0)} y={format!("{:.1}", y + (row_h - 14.0) / 2.0 + 4.0)} class="pill-label">{ "✕" }</text>
                    }
                </g>
            }
        })
        .collect();
    let producer_words: Vec<String> = producer_ids
        .iter()
        .map(|&i| {
            let producer = sim.producer(i);
            let config = producer.config();
            format!(
                "{} sends {} records/s ({}) with the {} partitioner",
                producer_name(i),
                producer.rate_per_sec(),
                describe_keys(&config.key_source, false),
                partitioner_label(config.partitioner, config.adaptive)
            )
        })
        .collect();
    let summary = format!(
        "Topic {} has {n} partitions. {} {queued_records} records wait in batches, {records_in_flight} are in flight.",
        topic.name,
        if producer_words.is_empty() { "No producer writes to it.".to_string() } else { format!("{}.", producer_words.join("; ")) },
    );
    let producer_h = f64::from(n) * row_h + (top - 8.0);
    let producer_lines = producer_ids.iter().enumerate().map(|(slot, &i)| {
        let producer = sim.producer(i);
        let config = producer.config();
        let y = 22.0 + 48.0 * slot as f64;
        let source_text = describe_keys(&config.key_source, false);
        html! {
            <g class="producer-entry" data-producer={i.to_string()}>
                <text x="18" y={format!("{y:.0}")} class="producer-title">{ producer_name(i) }</text>
                <text x="18" y={format!("{:.0}", y + 16.0)} class="producer-line">{ format!("{} rec/s · {}", producer.rate_per_sec(), short(&source_text, 18)) }</text>
                <text x="18" y={format!("{:.0}", y + 31.0)} class="producer-line">{ partitioner_short(config.partitioner, config.adaptive) }</text>
            </g>
        }
    });
    let first_config = producer_ids.first().map(|&i| sim.producer(i).config());
    let tabs = (sim.topics().len() > 1).then(|| {
        let buttons = sim.topics().iter().enumerate().map(|(t, other)| {
            let d = app.dispatcher();
            let onclick = Callback::from(move |_| d.dispatch(crate::session::SessionAction::SelectTopic(t as u32)));
            let current = t as u32 == selected;
            html! {
                <button type="button" class={classes!("topic-tab", current.then_some("current"))} aria-pressed={current.to_string()}
                    data-topic={other.name().to_string()} {onclick}>
                    { format!("{} · {} partition{}", other.name(), other.topic().n_partitions(), if other.topic().n_partitions() == 1 { "" } else { "s" }) }
                </button>
            }
        });
        html! { <nav class="topic-tabs" aria-label="Topic on stage">{ "Topic on stage: " }{ for buttons }</nav> }
    });
    html! {
        <figure class="stage">
            { for tabs }
            <svg viewBox={format!("0 0 {WIDTH} {height:.0}")} role="list" aria-label={summary.clone()} id="stage">
                <rect class="producer-box" x={PRODUCER_LEFT.to_string()} y="4" width={(PRODUCER_RIGHT - PRODUCER_LEFT).to_string()}
                    height={format!("{producer_h:.1}")} rx="8" />
                { for producer_lines }
                if producer_ids.is_empty() {
                    <text x="18" y="22" class="producer-line">{ "no producer" }</text>
                    <text x="18" y="38" class="producer-line">{ "writes here" }</text>
                }
                <text x={LABEL_X.to_string()} y="22" class="heading">
                    { format!("Topic “{}” — {n} partition{}, replication factor {} on {} broker{}", topic.name, if n == 1 { "" } else { "s" },
                        run.config().replication_factor, sim.config().brokers, if sim.config().brokers == 1 { "" } else { "s" }) }
                </text>
                if let Some(config) = first_config {
                    <text x={LABEL_X.to_string()} y="40" class="subheading">
                        { format!("{}batch.size {} · linger.ms {} · {} B values · newest records on the right",
                            if producer_ids.len() > 1 { format!("{}: ", producer_name(producer_ids[0])) } else { String::new() },
                            bytes_label(config.batch_size), config.linger_ms, config.value_bytes) }
                    </text>
                }
                { for buckets }
                { for rows }
                <g class="markers">{ for markers }</g>
                <g class="bounces">{ for bounces }</g>
                <g class="followers">{ for followers }</g>
                <g class="pills">{ for pills }</g>
            </svg>
            <figcaption>
                { summary }
                if run.replications().first().is_some_and(|r| r.replicas.len() > 1) {
                    { " Grey ticks under a row: how far each follower has copied it (vermillion: out of the ISR); faded records are past the high watermark, not yet readable by consumers." }
                }
                if has_markers {
                    { " A solid coloured bar marks a consumer group's committed offset (where it restarts after a failure); a dashed one, where its consumer reads next. The records between them are read again if the consumer crashes now." }
                }
                if !*reduced_motion && in_flight.len() > PILLS_MAX {
                    { format!(" Showing every {sample_every}th of {} batches in flight.", in_flight.len()) }
                }
                if *reduced_motion {
                    { " Reduced motion is on: batches are not animated in flight." }
                }
                if sampled {
                    { format!(" At {total_rate} appends/s the logs are redrawn every {SAMPLED_REDRAW_MS} ms of sim time.") }
                }
            </figcaption>
        </figure>
    }
}

/// A partition's replication as a row shows it.
#[derive(Clone, Copy, PartialEq)]
struct RowReplication {
    high_watermark: u64,
    leader: Option<u32>,
    in_sync: usize,
    replicas: usize,
}

/// Where a row sits; part of its props so a resize redraws it.
#[derive(Clone, Copy, PartialEq)]
struct RowGeometry {
    y: f64,
    row_h: f64,
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
    /// The partition's replication state: what the row's label and its uncommitted cells show.
    replication: RowReplication,
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
    let PartitionRowProps {
        partition: p,
        geometry,
        end_offset,
        arriving,
        replication,
        ..
    } = *props;
    let RowGeometry { y, row_h } = geometry;
    let cy = y + row_h / 2.0;
    let step = CELL_W + CELL_GAP;
    let show_text = row_h >= 30.0;
    let newest = props.cells.last().map(|c| c.offset);
    let cells = props.cells.iter().enumerate().map(|(i, cell)| {
        let x = CELLS_X + i as f64 * step;
        let key = cell.key.as_deref();
        let (fill, ink) = key_colours(key);
        let is_newest = Some(cell.offset) == newest;
        // At or past the high watermark: appended by the leader, not yet replicated to the
        // ISR, so consumers cannot read it yet.
        let uncommitted = cell.offset >= replication.high_watermark;
        let matches = key == Some(props.highlight_key.as_str());
        let title = format!(
            "partition {p}, offset {}: key {}, sent at {} ms, appended at {} ms",
            cell.offset,
            key.unwrap_or("null"),
            cell.sent_at_ms,
            cell.appended_at_ms
        );
        html! {
            <g class={classes!("cell", is_newest.then_some("fresh"), matches.then_some("match"), uncommitted.then_some("uncommitted"))}
                data-partition={p.to_string()} data-offset={cell.offset.to_string()} data-key={key.unwrap_or("").to_string()}
                data-null-key={key.is_none().then_some("true")}>
                <title>{ title }</title>
                <rect x={format!("{x:.1}")} y={format!("{:.1}", y + 3.0)} width={CELL_W.to_string()} height={format!("{:.1}", row_h - 6.0)} rx="4" fill={fill} />
                if show_text {
                    <text x={format!("{:.1}", x + 4.0)} y={format!("{:.1}", y + 14.0)} class="cell-offset" fill={ink}>{ cell.offset }</text>
                    <text x={format!("{:.1}", x + CELL_W / 2.0)} y={format!("{:.1}", y + row_h - 10.0)} class="cell-key" fill={ink}>
                        { key.map_or("null".to_string(), |k| short(k, 6)) }
                    </text>
                }
            </g>
        }
    });
    let offline = replication.replicas > 0 && replication.leader.is_none();
    let label = format!(
        "Partition {p}: {end_offset} records{}{}",
        if arriving > 0 {
            format!(", {arriving} arriving")
        } else {
            String::new()
        },
        match replication.leader {
            Some(b) => format!(
                ", leader broker {b}, {} of {} replicas in sync, high watermark {}",
                replication.in_sync, replication.replicas, replication.high_watermark
            ),
            None if offline => ", offline: no leader".to_string(),
            None => String::new(),
        }
    );
    html! {
        <g class={classes!("partition-row", props.routed.then_some("routed"), offline.then_some("offline"))} role="listitem" aria-label={label} data-row={p.to_string()}>
            <rect class="row-bg" x={(LABEL_X - 4.0).to_string()} y={format!("{:.1}", y + 1.0)}
                width={(WIDTH - LABEL_X + 2.0).to_string()} height={format!("{:.1}", row_h - 2.0)} rx="6" />
            if props.hidden_before && show_text {
                <text x={(CELLS_X - 4.0).to_string()} y={format!("{:.1}", y + row_h - 6.0)} class="hidden-before">{ "…" }</text>
            }
            { for cells }
            <text x={(WIDTH - 8.0).to_string()} y={format!("{:.1}", if row_h >= 30.0 { cy - 2.0 } else { cy + 4.0 })} class="end-offset">
                <tspan class="row-label">{ format!("P{p}") }</tspan>{ format!("  end {end_offset}") }
            </text>
            if row_h >= 30.0 && replication.replicas > 0 {
                <text x={(WIDTH - 8.0).to_string()} y={format!("{:.1}", cy + 11.0)} class={classes!("rep-label", offline.then_some("offline"), (replication.in_sync < replication.replicas).then_some("under"))}>
                    { match replication.leader {
                        Some(b) => format!("b{b}★ ISR {}/{} HW {}", replication.in_sync, replication.replicas, replication.high_watermark),
                        None => "OFFLINE".to_string(),
                    } }
                </text>
            }
            if props.reduced_motion && arriving > 0 {
                <text x={(WIDTH - 8.0).to_string()} y={format!("{:.1}", cy - 9.0)} class="arriving">{ format!("+{arriving} →") }</text>
            }
        </g>
    }
}
