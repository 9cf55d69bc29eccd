//! Consumer groups beside the topic: per group, the coordinator's state and generation, the
//! ledger's counts (lost, duplicated, out of order) always in view, each member with its phase,
//! partitions and lag, the partitions of the topic on stage with owner, committed offset and
//! lag, and the latest rebalances as a timeline. Buttons turn into group commands at the
//! current sim time, so they are recorded in the link like every other action.

mod settings;

use super::use_figures;
use crate::engine::btree_collect::CollectBTree;
use crate::engine::Command;
use crate::engine::{
    AssignorKind, CommitMode, ConsumerGroup, GroupCommand, MemberPhase, OffsetReset, ProcessingMode,
};
use crate::scenario::{Decoded, GroupSpec, MemberSpec};
use crate::session::SessionAction;
use crate::ui::palette::{KEY_COLOURS, KEY_TEXT};
use crate::ui::words::{commit_words, phase_words};
use crate::ui::words::{format_time, plural};
use settings::GroupSettings;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Rebalances listed per group.
const TIMELINE_SHOWN: usize = 6;

/// The width of time a member's timeline strip covers, in ms of sim time.
const TIMELINE_WINDOW_MS: u64 = 30_000;
const STRIP_W: f64 = 180.0;

fn phase_colour(phase: MemberPhase) -> &'static str {
    match phase {
        MemberPhase::Stable => "#009E73",
        MemberPhase::Rebalancing => "#F0E442",
        MemberPhase::Joining => "#D55E00",
        MemberPhase::Idle => "#b8bec9",
        MemberPhase::Crashed => "#333333",
        MemberPhase::Closed => "#e3e6eb",
        MemberPhase::Failed => "#CC79A7",
    }
}

/// One member's phases over the last `TIMELINE_WINDOW_MS`, as coloured segments.
fn timeline_strip(changes: &std::collections::VecDeque<(u64, MemberPhase)>, now_ms: u64) -> Html {
    let start = now_ms.saturating_sub(TIMELINE_WINDOW_MS);
    let x = |t: u64| (t.saturating_sub(start)) as f64 * STRIP_W / TIMELINE_WINDOW_MS as f64;
    let mut segments = Vec::new();
    for (i, &(at, phase)) in changes.iter().enumerate() {
        let end = changes.get(i + 1).map_or(now_ms, |&(next, _)| next);
        if end < start || end <= at && i + 1 < changes.len() {
            continue;
        }
        let (x0, x1) = (x(at.max(start)), x(end));
        let title = format!(
            "{} from {} to {}",
            phase_words(phase),
            format_time(at),
            format_time(end)
        );
        segments.push(html! {
            <rect x={format!("{x0:.1}")} y="0" width={format!("{:.1}", (x1 - x0).max(1.0))} height="12" fill={phase_colour(phase)}>
                <title>{ title }</title>
            </rect>
        });
    }
    html! {
        <svg class="timeline-strip" width={STRIP_W.to_string()} height="12" viewBox={format!("0 0 {STRIP_W} 12")} role="img"
            aria-label={changes.back().map_or(String::new(), |&(at, p)| format!("{} since {}", phase_words(p), format_time(at)))}>
            <rect x="0" y="0" width={STRIP_W.to_string()} height="12" fill="#f4f6f9" />
            { for segments }
        </svg>
    }
}

const STRATEGIES: [(&str, &[AssignorKind]); 5] = [
    (
        "range, cooperative-sticky (default: runs range, eager)",
        &[AssignorKind::Range, AssignorKind::CooperativeSticky],
    ),
    ("range", &[AssignorKind::Range]),
    ("roundrobin", &[AssignorKind::RoundRobin]),
    ("sticky", &[AssignorKind::Sticky]),
    ("cooperative-sticky", &[AssignorKind::CooperativeSticky]),
];

const COMMITS: [(&str, CommitMode); 5] = [
    ("auto", CommitMode::Auto { interval_ms: 5_000 }),
    ("sync_per_batch", CommitMode::SyncPerBatch),
    ("sync_per_record", CommitMode::SyncPerRecord),
    ("async_per_batch", CommitMode::AsyncPerBatch),
    ("before_processing", CommitMode::BeforeProcessing),
];

#[component]
pub fn GroupsPanel() -> Html {
    let app = use_figures();
    let session = app.session.borrow();
    let sim = session.sim();
    let topic = sim.topic_run(session.selected_topic()).name().to_string();
    let cards = sim
        .groups()
        .iter()
        .enumerate()
        .map(|(g, group)| group_card(&app, g as u32, group, sim, &topic));
    let on_add_group = {
        let d = app.dispatcher();
        let scenario = session.scenario();
        let topic = topic.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = scenario.clone();
            let n = s.groups.len() + 1;
            let names = [
                "orders-service",
                "fraud-detection",
                "accounting",
                "notifications",
            ];
            let group_id = names
                .iter()
                .find(|id| !s.groups.iter().any(|g| &g.group_id == *id))
                .map_or(format!("group-{n}"), |id| id.to_string());
            s.groups.push(GroupSpec {
                group_id,
                topics: vec![topic.clone()],
                members: (1..=3)
                    .map(|i| MemberSpec {
                        name: format!("c{i}"),
                        instance_id: None,
                    })
                    .collect(),
                ..GroupSpec::default()
            });
            s.actions.clear();
            s.view.playhead_ms = 0;
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: s,
                warnings: Vec::new(),
            })));
        })
    };
    let full = sim.groups().len() >= crate::engine::limits::GROUPS_MAX;
    html! {
        <section class="panel groups" aria-labelledby="groups-title">
            <div class="log-head">
                <h2 id="groups-title">{ if sim.groups().is_empty() { "Consumer groups".to_string() } else { format!("Consumer groups ({})", sim.groups().len()) } }</h2>
                <button id="add-group" type="button" class="secondary" onclick={on_add_group} disabled={full}
                    title="Adds a group of three consumers on the topic on stage and starts a new run">
                    { format!("Add a group on “{topic}” (new run)") }
                </button>
            </div>
            if sim.groups().is_empty() {
                <p class="muted">{ "No group reads yet. Add one: three consumers will join, rebalance and start reading from the latest offset." }</p>
            }
            { for cards }
        </section>
    }
}

/// A partition's lag, or "-" before the group's first commit on it (as kafka-consumer-groups.sh).
fn lag_text(p: &crate::engine::PartitionView) -> String {
    p.committed.map_or("-".to_string(), |_| p.lag.to_string())
}

fn group_card(
    app: &crate::ui::app::AppContext,
    g: u32,
    group: &ConsumerGroup,
    sim: &crate::engine::Sim,
    topic: &str,
) -> Html {
    let logs = sim.logs();
    let coordinator = group.coordinator_view();
    let members = group.members(&logs);
    let ledger = group.ledger();
    let metrics = group.metrics();
    let config = group.config();
    let partitions = group.partitions(&logs);
    // Kafka's tools print "-" for the lag of a partition the group has not committed on yet.
    let lag_of = |ps: &mut dyn Iterator<Item = &crate::engine::PartitionView>| -> String {
        let committed: Vec<u64> = ps
            .filter(|p| p.committed.is_some())
            .map(|p| p.lag)
            .collect();
        if committed.is_empty() {
            "-".to_string()
        } else {
            committed.iter().sum::<u64>().to_string()
        }
    };
    let lag_total = lag_of(&mut partitions.iter());
    let colour_of = |name: &str| {
        members
            .iter()
            .position(|m| m.name == name)
            .map(|i| (KEY_COLOURS[i % 7], KEY_TEXT[i % 7]))
    };
    let send = |command: GroupCommand| {
        let d = app.dispatcher();
        Callback::from(move |_: MouseEvent| {
            d.dispatch(SessionAction::Command(Command::Group {
                group: g,
                command: command.clone(),
            }))
        })
    };
    let now_ms = sim.now_ms();
    let strips: std::collections::BTreeMap<&str, Html> = group
        .timelines()
        .map(|(name, changes)| (name, timeline_strip(changes, now_ms)))
        .collect_map();
    let member_rows = members.iter().map(|m| {
        let (fill, ink) = colour_of(&m.name).unwrap_or(("#999", "#000"));
        let gone = matches!(m.phase, MemberPhase::Crashed | MemberPhase::Closed | MemberPhase::Failed);
        let slow = m.processing_ms_per_record.saturating_mul(10).clamp(10, 10_000);
        html! {
            <tr class={classes!("member", format!("phase-{}", phase_words(m.phase).split(':').next().unwrap_or("")))} data-member={m.name.clone()}>
                <th scope="row">
                    <span class="swatch" style={format!("background:{fill};color:{ink}")}>{ m.name.clone() }</span>
                    if let Some(inst) = &m.instance_id { <span class="badge" title={format!("group.instance.id {inst}")}>{ "static" }</span> }
                </th>
                <td class="phase">{ phase_words(m.phase) }
                    if let Some(e) = &m.error { <span class="field-error">{ format!(" — {e}") }</span> }
                </td>
                <td class="tps">{ if m.assigned.is_empty() { "—".to_string() } else { m.assigned.iter().map(|tp| format!("P{}", tp.partition)).collect::<Vec<_>>().join(" ") } }</td>
                <td class="num">{ lag_of(&mut partitions.iter().filter(|p| m.assigned.contains(&p.tp))) }</td>
                <td class="num">{ m.processed }</td>
                <td class="num" title="processing time per record">{ format!("{} ms", m.processing_ms_per_record) }</td>
                <td class="strip">{ strips.get(m.name.as_str()).cloned().unwrap_or_default() }</td>
                <td class="actions">
                    if gone {
                        <button type="button" class="small" onclick={send(GroupCommand::RestartMember { name: m.name.clone() })}
                            aria-label={format!("Restart {}", m.name)}>{ "Restart" }</button>
                    } else {
                        <button type="button" class="small danger" onclick={send(GroupCommand::CrashMember { name: m.name.clone() })}
                            aria-label={format!("Crash {}", m.name)}>{ "Crash" }</button>
                        <button type="button" class="small" onclick={send(GroupCommand::CloseMember { name: m.name.clone() })}
                            aria-label={format!("Close {}", m.name)}>{ "Close" }</button>
                        <button type="button" class="small" onclick={send(GroupCommand::SetProcessingMs { name: m.name.clone(), processing_ms_per_record: slow })}
                            aria-label={format!("Make {} ten times slower", m.name)} title="Ten times slower processing">{ "Slow ×10" }</button>
                    }
                </td>
            </tr>
        }
    });
    // The partitions of the topic on stage: owner, committed offset and lag.
    let max_lag = partitions
        .iter()
        .filter(|p| p.committed.is_some())
        .map(|p| p.lag)
        .max()
        .unwrap_or(0)
        .max(1);
    let partition_cells = partitions.iter().filter(|p| p.tp.topic == topic).map(|p| {
        let (fill, ink) = p.owner.as_deref().and_then(colour_of).unwrap_or(("#eee", "#555"));
        let title = format!(
            "{}: owner {}, committed {}, high watermark {}, lag {}",
            p.tp,
            p.owner.as_deref().unwrap_or("none"),
            p.committed.map_or("none".to_string(), |c| c.to_string()),
            p.high_watermark,
            lag_text(p)
        );
        html! {
            <li class="group-partition" title={title.clone()} aria-label={title} data-partition={p.tp.partition.to_string()}>
                <span class="owner" style={format!("background:{fill};color:{ink}")}>{ format!("P{}", p.tp.partition) }</span>
                <span class="committed">{ p.committed.map_or("–".to_string(), |c| format!("@{c}")) }</span>
                <svg class="lag-bar" width="60" height="8" viewBox="0 0 60 8" aria-hidden="true">
                    <rect class="track" x="0" y="0" width="60" height="8" rx="2" />
                    <rect class="bar" x="0" y="0" width={(p.committed.map_or(0, |_| p.lag) * 60 / max_lag).to_string()} height="8" rx="2" />
                </svg>
                <span class="lag">{ format!("lag {}", lag_text(p)) }</span>
            </li>
        }
    });
    let (rebalances, dropped) = group.rebalances();
    let timeline = rebalances.iter().rev().take(TIMELINE_SHOWN).map(|r| {
        html! {
            <li>{ format!("{} · generation {} · {} · {}{} changed owner",
                format_time(r.at_ms), r.generation, r.protocol.map_or("no assignor", AssignorKind::as_str),
                r.reason.map_or(String::new(), |reason| format!("{} · ", reason.as_str())),
                plural(r.moved, "partition", "partitions")) }</li>
        }
    });
    let current_strategy = STRATEGIES
        .iter()
        .position(|(_, list)| *list == config.assignors.as_slice());
    let on_strategy = {
        let d = app.dispatcher();
        Callback::from(move |e: Event| {
            if let Some((_, list)) = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse::<usize>()
                .ok()
                .and_then(|i| STRATEGIES.get(i))
            {
                d.dispatch(SessionAction::Command(Command::Group {
                    group: g,
                    command: GroupCommand::SetAssignors {
                        assignors: list.to_vec(),
                    },
                }));
            }
        })
    };
    let on_commit = {
        let d = app.dispatcher();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some((_, commit)) = COMMITS.iter().find(|(name, _)| *name == value) {
                d.dispatch(SessionAction::Command(Command::Group {
                    group: g,
                    command: GroupCommand::SetCommitMode { commit: *commit },
                }));
            }
        })
    };
    let on_reset = {
        let d = app.dispatcher();
        Callback::from(move |e: Event| {
            let reset = match e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .as_str()
            {
                "earliest" => OffsetReset::Earliest,
                "none" => OffsetReset::None,
                _ => OffsetReset::Latest,
            };
            d.dispatch(SessionAction::Command(Command::Group {
                group: g,
                command: GroupCommand::SetOffsetReset { reset },
            }));
        })
    };
    let on_add_member = {
        let d = app.dispatcher();
        let next = (1..)
            .map(|i| format!("c{i}"))
            .find(|n| !members.iter().any(|m| &m.name == n))
            .unwrap_or_default();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let form = e.target_unchecked_into::<web_sys::Element>();
            let is_static = form
                .query_selector("input[type=checkbox]")
                .ok()
                .flatten()
                .map(|el| wasm_bindgen::JsCast::unchecked_into::<HtmlInputElement>(el).checked())
                .unwrap_or(false);
            let instance_id = is_static.then(|| format!("host-{next}"));
            d.dispatch(SessionAction::Command(Command::Group {
                group: g,
                command: GroupCommand::AddMember {
                    name: next.clone(),
                    instance_id,
                },
            }));
        })
    };
    let counts = &ledger.counts;
    let id = &config.group_id;
    html! {
        <article class="group-card" data-group={id.clone()} aria-label={format!("Consumer group {id}")}>
            <h3>
                { id.clone() }
                <span class="muted">{ format!(" · {} · generation {} · {} ({}) · offsets in __consumer_offsets-{}",
                    coordinator.state.as_str(), coordinator.generation,
                    coordinator.protocol.map_or("no assignor yet", AssignorKind::as_str), coordinator.rebalance_protocol.as_str(),
                    coordinator.offsets_partition) }</span>
            </h3>
            <dl class="ledger" aria-label="What happened to the records">
                <div><dt>{ "consumed" }</dt><dd>{ counts.consumed }</dd></div>
                <div><dt>{ "processed" }</dt><dd>{ counts.processed }</dd></div>
                <div><dt>{ "committed" }</dt><dd>{ counts.committed }</dd></div>
                <div class={classes!((counts.lost > 0).then_some("bad"))}><dt>{ "lost" }</dt><dd data-count="lost">{ counts.lost }</dd></div>
                <div class={classes!((counts.duplicated > 0).then_some("bad"))}><dt>{ "duplicated" }</dt><dd data-count="duplicated">{ counts.duplicated }</dd></div>
                <div class={classes!((counts.out_of_order > 0).then_some("bad"))}><dt>{ "out of order" }</dt><dd data-count="out_of_order">{ counts.out_of_order }</dd></div>
                <div><dt>{ "lag" }</dt><dd>{ lag_total }</dd></div>
                <div><dt>{ "rebalances" }</dt><dd>{ metrics.rebalances_completed }</dd></div>
                <div title="Partition-seconds with no running owner, since the start"><dt>{ "pause" }</dt><dd>{ format!("{:.1} p·s", metrics.pause_partition_ms as f64 / 1000.0) }</dd></div>
                <div title="Partition-seconds with no running owner per rebalance, after the first join"><dt>{ "per rebalance" }</dt><dd data-count="pause_per_rebalance">{ metrics.pause_per_rebalance_partition_ms().map_or_else(|| "-".to_string(), |ms| format!("{:.1} p·s", ms as f64 / 1000.0)) }</dd></div>
            </dl>
            if let Some(first) = ledger.lost.first() {
                <p class="metric warn">{ format!("First lost record: {}@{} (key {}) at {}, committed past by {} before it was processed.",
                    first.tp, first.offset, first.key.as_deref().unwrap_or("null"), format_time(first.at_ms), first.member) }</p>
            }
            if let Some(first) = ledger.duplicates.first() {
                <p class="metric warn">{ format!("First duplicate: {}@{} (key {}) processed again by {} at {}.",
                    first.tp, first.offset, first.key.as_deref().unwrap_or("null"), first.member, format_time(first.at_ms)) }</p>
            }
            <table class="members">
                <thead><tr>
                    <th scope="col">{ "Member" }</th><th scope="col">{ "State" }</th><th scope="col">{ "Partitions" }</th>
                    <th scope="col">{ "Lag" }</th><th scope="col">{ "Processed" }</th><th scope="col">{ "Per record" }</th>
                    <th scope="col" title="The member's state over the last 30 s of sim time">{ "Last 30 s" }</th><th scope="col">{ "Actions" }</th>
                </tr></thead>
                <tbody>{ for member_rows }</tbody>
            </table>
            <p class="legend hint">
                { for [MemberPhase::Stable, MemberPhase::Rebalancing, MemberPhase::Joining, MemberPhase::Idle, MemberPhase::Crashed].into_iter().map(|p| html! {
                    <span><span class="dot" style={format!("background:{}", phase_colour(p))}></span>{ format!(" {} ", phase_words(p)) }</span>
                }) }
                { " — an eager rebalance turns every member orange (stopped); a cooperative one keeps them consuming (yellow)." }
            </p>
            <ul class="group-partitions" aria-label={format!("Partitions of {topic} for group {id}")}>{ for partition_cells }</ul>
            <form class="row" onsubmit={on_add_member}>
                <button type="submit" class="small">{ "Add a member" }</button>
                <label class="check"><input type="checkbox" />{ " static (group.instance.id)" }</label>
            </form>
            <div class="row settings">
                <label>{ "Strategy " }
                    <select onchange={on_strategy} aria-label="partition.assignment.strategy">
                        if current_strategy.is_none() { <option selected=true>{ config.assignors.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ") }</option> }
                        { for STRATEGIES.iter().enumerate().map(|(i, (label, _))| html! { <option value={i.to_string()} selected={current_strategy == Some(i)}>{ *label }</option> }) }
                    </select>
                </label>
                <label>{ "Commit " }
                    <select onchange={on_commit} aria-label="Commit mode">
                        { for COMMITS.iter().map(|(name, mode)| {
                            let current = std::mem::discriminant(mode) == std::mem::discriminant(&config.commit);
                            // The current mode shows its own settings (an auto interval from the link).
                            let label = commit_words(if current { config.commit } else { *mode });
                            html! { <option value={*name} selected={current}>{ label }</option> }
                        }) }
                    </select>
                </label>
                <label>{ "auto.offset.reset " }
                    <select onchange={on_reset} aria-label="auto.offset.reset">
                        { for [OffsetReset::Earliest, OffsetReset::Latest, OffsetReset::None].into_iter().map(|r| html! {
                            <option value={r.as_str()} selected={r == config.auto_offset_reset}>{ r.as_str() }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="hint">{ format!("session.timeout.ms {} · heartbeat.interval.ms {} · max.poll.interval.ms {} · max.poll.records {} · {}",
                config.session_timeout_ms, config.heartbeat_interval_ms, config.max_poll_interval_ms, config.max_poll_records,
                match config.processing { ProcessingMode::PollLoop => "processing in the poll loop".to_string(),
                    ProcessingMode::Workers { threads } => format!("processing on {threads} worker threads") }) }</p>
            <GroupSettings group={g} key={format!("{g}-{config:?}")} />
            if !rebalances.is_empty() {
                <details class="timeline" open=true>
                    <summary>{ format!("Rebalances ({} completed{})", metrics.rebalances_completed, if dropped { ", oldest not kept" } else { "" }) }</summary>
                    <ol>{ for timeline }</ol>
                </details>
            }
        </article>
    }
}
