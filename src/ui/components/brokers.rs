//! The cluster: each broker's state (running, stopped, fenced, isolated, slowed) with one-click
//! faults (crash, controlled shutdown, isolation with or without the clients, heal, restart,
//! slow), the
//! partitions it leads and follows, and, for the topic on stage, each partition's replicas side
//! by side: log end (LEO) and high watermark (HW) marks, ISR membership (in / catching up / out /
//! down), the leader, records lost to truncation crossed out, and refused sends in red.

use super::use_figures;
use crate::engine::PartitionReplication;
use crate::engine::{BrokerStatus, Command, Sim};
use crate::session::SessionAction;
use crate::ui::words::{format_time, plural, producer_name};
use yew::prelude::*;

fn list(partitions: &[usize]) -> String {
    if partitions.is_empty() {
        return "none".to_string();
    }
    if partitions.len() > 10 {
        return format!("{} partitions", partitions.len());
    }
    partitions
        .iter()
        .map(|p| format!("P{p}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How long a slowed broker's fetches take: longer than replica.lag.time.max.ms, so its
/// followers fall out of the ISR.
fn slow_delay_ms(sim: &Sim) -> u32 {
    (sim.config().replica_lag_time_max_ms + 5_000)
        .min(u64::from(crate::engine::limits::SLOW_DELAY_MS_MAX)) as u32
}

/// One replica's status as the page names it.
fn replica_status(
    sim: &Sim,
    rep: &PartitionReplication,
    broker: u32,
) -> (&'static str, &'static str) {
    let Some(state) = sim.brokers().get(broker as usize - 1) else {
        return ("down", "stopped");
    };
    if !state.alive {
        return ("down", "stopped");
    }
    if state.isolated && rep.leader != Some(broker) {
        return ("out", "isolated");
    }
    if rep.leader == Some(broker) {
        return ("leader", "leader");
    }
    if rep.isr.contains(&broker) {
        return ("in", "in sync");
    }
    if rep.leader.is_some() {
        ("catching", "catching up (out of ISR)")
    } else {
        ("out", "out of ISR")
    }
}

fn partition_row(sim: &Sim, topic: u32, p: usize, rep: &PartitionReplication) -> Html {
    let hw = rep.high_watermark();
    let scale = rep
        .replicas
        .iter()
        .map(|r| r.leo())
        .max()
        .unwrap_or(0)
        .max(1);
    let refused: u64 = sim
        .event_log()
        .recent
        .iter()
        .filter(|e| matches!(e, crate::engine::Event::ProduceFailed { topic: t, partition, .. } if *t == topic && *partition as usize == p))
        .count() as u64;
    let replicas = rep.replicas.iter().map(|r| {
        let (class, words) = replica_status(sim, rep, r.broker);
        let leo_pct = r.leo() * 100 / scale;
        let hw_pct = r.high_watermark.min(r.leo()) * 100 / scale;
        let truncated = rep.truncations.iter().rev().find(|t| t.broker == r.broker);
        html! {
            <div class={classes!("replica", class)} data-broker={r.broker.to_string()}>
                <span class="replica-name">{ format!("b{}{}", r.broker, if rep.leader == Some(r.broker) { " ★" } else { "" }) }</span>
                <span class="replica-bar" title={format!("LEO {} · HW {}", r.leo(), r.high_watermark)}>
                    <span class="replica-fill" style={format!("width:{leo_pct}%")}></span>
                    <span class="replica-hw" style={format!("left:{hw_pct}%")} aria-hidden="true"></span>
                </span>
                <span class="replica-nums">{ format!("LEO {} · HW {}", r.leo(), r.high_watermark) }</span>
                <span class="replica-status">{ words }</span>
                if let Some(t) = truncated {
                    <span class="truncated" title="records this replica lost to truncation, and what the leader has there now">
                        { format!("truncated to {} at {}: ", t.to_offset, format_time(t.at_ms)) }
                        { for t.removed.iter().take(12).map(|(o, id)| html! { <s>{ format!("@{o} r{id}") }</s> }) }
                        if !t.leader_then.is_empty() {
                            { format!(" → leader now: {}", t.leader_then.iter().take(12).map(|(o, id)| format!("@{o} r{id}")).collect::<Vec<_>>().join(" ")) }
                        }
                    </span>
                }
            </div>
        }
    });
    let leader = match rep.leader {
        Some(l) => format!("leader b{l}, epoch {}", rep.leader_epoch),
        None => format!("OFFLINE (no leader), epoch {}", rep.leader_epoch),
    };
    let isr = rep
        .isr
        .iter()
        .map(|b| format!("b{b}"))
        .collect::<Vec<_>>()
        .join(",");
    html! {
        <li class={classes!("rep-partition", rep.is_offline().then_some("offline"))}>
            <div class="rep-head">
                <strong>{ format!("P{p}") }</strong>
                <span>{ leader }</span>
                <span>{ format!("ISR [{isr}]{}", if rep.is_under_replicated() { " · under-replicated" } else { "" }) }</span>
                <span>{ format!("HW {hw}") }</span>
                if rep.recovering { <span class="unclean">{ "elected uncleanly" }</span> }
                if refused > 0 { <span class="refused">{ format!("{refused} refused/failed sends recently") }</span> }
            </div>
            { for replicas }
        </li>
    }
}

#[component]
pub fn Brokers() -> Html {
    let app = use_figures();
    let session = app.session.borrow();
    let sim = session.sim();
    let brokers = sim.config().brokers;
    let several = sim.topics().len() > 1;
    let send = |command: Command| {
        let d = app.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(SessionAction::Command(command.clone())))
    };
    let slow = slow_delay_ms(sim);
    let cards = (1..=brokers).map(|b| {
        let state = sim.brokers()[b as usize - 1];
        let lines = sim.topics().iter().map(|run| {
            let reps = run.replications();
            let leads: Vec<usize> = reps.iter().enumerate().filter(|(_, r)| r.leader == Some(b)).map(|(p, _)| p).collect();
            let follows: Vec<usize> =
                reps.iter().enumerate().filter(|(_, r)| r.leader != Some(b) && r.index_of(b).is_some()).map(|(p, _)| p).collect();
            html! {
                <>
                    if several { <span class="topic-name">{ run.name().to_string() }</span> }
                    <span class="leads">{ format!("leads {}", list(&leads)) }</span>
                    <span class="follows">{ format!("follows {}", list(&follows)) }</span>
                </>
            }
        });
        let status = match state.status() {
            BrokerStatus::Stopped => match state.session_expires_ms {
                Some(at) => format!("crashed, fenced at {}", format_time(at)),
                None => "stopped".to_string(),
            },
            BrokerStatus::Fenced => "stopped, fenced".to_string(),
            BrokerStatus::Isolated => {
                let fence = match state.session_expires_ms {
                    Some(at) => format!(", fenced at {}", format_time(at)),
                    None if state.fenced => ", fenced".to_string(),
                    None => String::new(),
                };
                let clients = if state.clients_cut { "clients cut off too" } else { "clients still reach it" };
                format!("isolated ({clients}){fence}")
            }
            BrokerStatus::Slowed => format!("slow: fetches +{} ms", state.slow_delay_ms),
            BrokerStatus::Running => "running".to_string(),
        };
        html! {
            <li class={classes!("broker", (!state.alive).then_some("down"), state.isolated.then_some("isolated"), (state.slow_delay_ms > 0).then_some("slow"))} data-broker={b.to_string()}>
                <strong>{ format!("Broker {b}") }<span class="broker-state">{ format!(" · {status}") }</span></strong>
                { for lines }
                <span class="broker-actions">
                    if state.alive {
                        <button onclick={send(Command::KillBroker { broker: b })} title="Crash it (kill -9): it stops heartbeating, and the controller fences it only after broker.session.timeout.ms; until then it stays in its ISRs and keeps leading, so acks=all writes wait">{ "Crash" }</button>
                        <button onclick={send(Command::ShutdownBroker { broker: b })} title="Controlled shutdown: the controller moves its leaderships away and takes it out of the ISRs first, then it stops">{ "Shut down" }</button>
                    } else {
                        <button onclick={send(Command::RestartBroker { broker: b })} title="Start it again: it registers with the controller, its replicas truncate to the leaders' epochs and catch up">{ "Restart" }</button>
                    }
                    if state.isolated {
                        <button onclick={send(Command::HealBroker { broker: b })} title="End the network partition: it heartbeats again, learns the new leader epochs and truncates what it wrote alone">{ "Heal" }</button>
                    } else if state.alive {
                        <button onclick={send(Command::IsolateBroker { broker: b, clients: true })} title="Cut it off from the controller and the other brokers while clients still reach it: as leader it is a zombie that acknowledges acks=1 writes it cannot replicate, fenced after broker.session.timeout.ms">{ "Isolate" }</button>
                        <button onclick={send(Command::IsolateBroker { broker: b, clients: false })} title="Cut it off from everyone, clients too: their requests fail with NetworkException, and the controller fences it after broker.session.timeout.ms">{ "Isolate fully" }</button>
                    }
                    if state.slow_delay_ms == 0 {
                        <button onclick={send(Command::SlowBroker { broker: b, delay_ms: slow })} title="Its replica fetches take longer than replica.lag.time.max.ms: its followers drop out of the ISR">{ "Slow" }</button>
                    } else {
                        <button onclick={send(Command::SlowBroker { broker: b, delay_ms: 0 })}>{ "Unslow" }</button>
                    }
                </span>
            </li>
        }
    });
    let factors = sim
        .topics()
        .iter()
        .map(|run| {
            if several {
                format!("{} RF {}", run.name(), run.config().replication_factor)
            } else {
                format!("replication factor {}", run.config().replication_factor)
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let t = session.selected_topic();
    let run = sim.topic_run(t);
    let rows: Vec<Html> = run
        .replications()
        .iter()
        .enumerate()
        .take(24)
        .map(|(p, rep)| partition_row(sim, t, p, rep))
        .collect();
    let more = run.replications().len().saturating_sub(24);
    let ledger = sim.producers().iter().enumerate().filter(|(_, p)| p.topic() == t).map(|(i, p)| {
        let l = p.ledger();
        html! {
            <li>{ format!("{} (acks={}): sent {}, acked {}, failed {}, retried {}, duplicates {}, ",
                producer_name(i as u32), p.config().acks.as_str(), p.records_sent(), l.acked, l.failed(), l.retried, l.duplicates) }
                <strong class={classes!((l.acked_lost > 0).then_some("lost"))}>{ format!("acknowledged but lost {}", l.acked_lost) }</strong>
            </li>
        }
    });
    html! {
        <section class="panel brokers" aria-labelledby="brokers-title">
            <h2 id="brokers-title">{ format!("Cluster: {}, {factors}, placement by {}",
                plural(brokers, "broker", "brokers"),
                match sim.config().placement {
                    crate::engine::Placement::Striped => "KRaft's StripedReplicaPlacer",
                    crate::engine::Placement::AdminUtils => "AdminUtils (rack-unaware)",
                }) }</h2>
            <ul class="broker-list">{ for cards }</ul>
            <p class="cluster-actions">
                <button onclick={send(Command::ElectPreferredLeaders)} title="kafka-leader-election --election-type PREFERRED --all-topic-partitions">{ "Elect preferred leaders" }</button>
                <span class="hint">{ format!("min.insync.replicas {} · unclean.leader.election.enable {} · replica.lag.time.max.ms {} · broker.session.timeout.ms {} · auto.leader.rebalance.enable {}",
                    run.config().min_insync_replicas, sim.config().unclean_leader_election, sim.config().replica_lag_time_max_ms,
                    sim.config().broker_session_timeout_ms, sim.config().auto_leader_rebalance) }</span>
            </p>
            <h3>{ format!("Replication of “{}”", run.name()) }</h3>
            <ul class="producer-ledger">{ for ledger }</ul>
            <ul class="rep-list">{ for rows }</ul>
            if more > 0 { <p class="hint">{ format!("and {more} more partitions") }</p> }
            <p class="hint">{ "Each bar is one replica's log: the filled length is its log end offset (LEO), the tick its high watermark (HW); ★ marks the leader. Consumers read only below the leader's HW." }</p>
        </section>
    }
}
