//! The brokers on the stage: each broker's header (its state in words) above its column, and in
//! each partition's row the replica that broker holds: leader or follower, in the ISR or not,
//! and its log end offset against the partition's high watermark. Every one has an accessible
//! name that begins with what it is and says its state in words.

use super::labels::{Label, PartitionNames};
use super::Layout;
use crate::engine::{BrokerState, BrokerStatus, Sim};
use std::rc::Rc;

/// How a broker's state is said and drawn: the words in its label and header, and its CSS
/// class. The one place a broker state becomes words, so new states are added here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BrokerLook {
    /// The state in words, for its label and the news (`stopped, not yet fenced`).
    pub words: &'static str,
    /// One word for the header, which is as narrow as a replica column (`crashed`).
    pub short: &'static str,
    pub class: &'static str,
    /// Whether its replicas are reachable (a stopped broker's replicas are drawn as down).
    pub serving: bool,
}

pub fn broker_look(state: &BrokerState) -> BrokerLook {
    let look = |words, short, class, serving| BrokerLook {
        words,
        short,
        class,
        serving,
    };
    match state.status() {
        // A crash the controller has not noticed yet: still in its ISRs, still "leading".
        BrokerStatus::Stopped => look("stopped, not yet fenced", "crashed", "stopped", false),
        BrokerStatus::Fenced => look("stopped, fenced", "fenced", "stopped fenced", false),
        // A zombie: it still believes it leads and, unless its clients are cut off too,
        // takes their writes.
        BrokerStatus::Isolated => match (state.clients_cut, state.fenced) {
            (false, false) => look(
                "cut off from the cluster, clients still reach it",
                "cut off",
                "isolated",
                true,
            ),
            (false, true) => look(
                "cut off from the cluster and fenced, clients still reach it",
                "cut off",
                "isolated",
                true,
            ),
            (true, false) => look(
                "cut off from the cluster and its clients",
                "cut off",
                "isolated",
                false,
            ),
            (true, true) => look(
                "cut off from the cluster and its clients, fenced",
                "cut off",
                "isolated",
                false,
            ),
        },
        BrokerStatus::Slowed => look("slowed", "slowed", "slowed", true),
        BrokerStatus::Running => look("running", "running", "running", true),
    }
}

/// A broker's header above its replica column.
#[derive(Clone, Debug, PartialEq)]
pub struct BrokerHead {
    pub broker: u32,
    /// `2`, for `data-broker`.
    pub number: Rc<str>,
    pub look: BrokerLook,
    pub x: f64,
    pub w: f64,
    /// `broker 2` (or `b2` in a narrow column).
    pub name: Rc<str>,
    /// `broker 2: stopped, leads 3 partitions`.
    pub label: Label<(u32, BrokerLook, usize)>,
}

/// How a replica stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplicaRole {
    Leader,
    Follower,
}

/// What a replica's label and look are made from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplicaFacts {
    pub partition: u32,
    pub broker: u32,
    pub role: ReplicaRole,
    pub in_sync: bool,
    /// Its broker is stopped.
    pub down: bool,
    pub log_end: u64,
    pub high_watermark: u64,
}

/// How long a newly elected leader's replica shows its mark, in sim time.
pub const ELECTED_SHOWN_MS: u64 = 3_000;

/// A replica that just became its partition's leader: the mark it shows for
/// `ELECTED_SHOWN_MS` after the election.
#[derive(Clone, Debug, PartialEq)]
pub struct Elected {
    pub epoch: u32,
    pub at_ms: u64,
    /// `elected e2`, on the chip.
    pub text: Rc<str>,
}

/// One replica in a partition's row, under its broker's header.
#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaChip {
    pub facts: ReplicaFacts,
    /// `1` and `3`, for `data-partition` and `data-broker`.
    pub partition_number: Rc<str>,
    pub broker_number: Rc<str>,
    pub x: f64,
    pub w: f64,
    pub y: f64,
    pub h: f64,
    /// The partition's leader epoch.
    pub leader_epoch: u32,
    /// Set for a while after this replica was elected leader.
    pub elected: Option<Elected>,
    /// `orders-1 on broker 3: follower, out of sync, log end 85, high watermark 89`, and while
    /// it shows its election mark `…, elected leader, epoch 2`.
    pub label: Label<(ReplicaFacts, Option<u32>)>,
    /// The chip's words: `leader`, `follower`, `out of ISR`, `down`.
    pub role_text: &'static str,
    /// `end 92` when its log end is not the high watermark (a leader ahead of its followers, a
    /// replica behind), else empty: the gap is the story, so only a gap is written.
    pub end_text: Label<u64>,
}

impl ReplicaChip {
    /// The CSS classes that draw it: role, sync, and its broker's state.
    pub fn classes(&self) -> [&'static str; 3] {
        let f = &self.facts;
        [
            match f.role {
                ReplicaRole::Leader => "leader",
                ReplicaRole::Follower => "follower",
            },
            if f.in_sync { "in-sync" } else { "out-of-sync" },
            if f.down { "down" } else { "up" },
        ]
    }
}

fn replica_words(f: &ReplicaFacts) -> &'static str {
    match (f.down, f.role, f.in_sync) {
        (true, _, _) => "down",
        (false, ReplicaRole::Leader, _) => "leader",
        (false, ReplicaRole::Follower, true) => "follower",
        (false, ReplicaRole::Follower, false) => "out of ISR",
    }
}

fn replica_label(topic: &str, f: &ReplicaFacts, elected_epoch: Option<u32>) -> Rc<str> {
    let role = match f.role {
        ReplicaRole::Leader => "leader",
        ReplicaRole::Follower => "follower",
    };
    let sync = if f.in_sync { "in sync" } else { "out of sync" };
    let down = if f.down { ", broker stopped" } else { "" };
    let elected =
        elected_epoch.map_or_else(String::new, |e| format!(", elected leader, epoch {e}"));
    format!(
        "{topic}-{} on broker {}: {role}, {sync}{down}, log end {}, high watermark {}{elected}",
        f.partition, f.broker, f.log_end, f.high_watermark
    )
    .into()
}

/// The election mark of a replica: made when it was not the leader in the previous frame (or
/// the epoch moved on), kept for `ELECTED_SHOWN_MS`. Without a previous frame (the first, or a
/// jump back in time) nothing is new, so nothing is marked.
fn elected_mark(
    facts: &ReplicaFacts,
    epoch: u32,
    kept: Option<&ReplicaChip>,
    now_ms: u64,
) -> Option<Elected> {
    if facts.role != ReplicaRole::Leader {
        return None;
    }
    let kept = kept?;
    match &kept.elected {
        Some(e) if e.epoch == epoch => {
            (now_ms >= e.at_ms && now_ms - e.at_ms < ELECTED_SHOWN_MS).then(|| e.clone())
        }
        _ if kept.facts.role != ReplicaRole::Leader || kept.leader_epoch != epoch => {
            Some(Elected {
                epoch,
                at_ms: now_ms,
                text: format!("elected e{epoch}").into(),
            })
        }
        _ => None,
    }
}

/// The brokers' headers and the replicas of the rows drawn, in (partition, broker) order.
pub fn cluster(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    names: &PartitionNames,
    previous: Option<(&[BrokerHead], &[ReplicaChip])>,
) -> (Vec<BrokerHead>, Vec<ReplicaChip>) {
    let run = sim.topic_run(topic);
    let topic_name = &run.topic().name;
    let (previous_heads, previous_chips) = previous.unwrap_or((&[], &[]));
    let replications = run.replications();
    let now_ms = sim.now_ms();
    let heads: Vec<BrokerHead> = sim
        .brokers()
        .iter()
        .enumerate()
        .map(|(i, state)| {
            let broker = i as u32 + 1;
            let (x, w) = layout.broker_column(broker);
            let look = broker_look(state);
            let leads = replications
                .iter()
                .filter(|r| r.leader == Some(broker))
                .count();
            let kept = previous_heads.iter().find(|h| h.broker == broker);
            BrokerHead {
                broker,
                number: kept.map_or_else(|| broker.to_string().into(), |h| h.number.clone()),
                look,
                x,
                w,
                name: match kept {
                    Some(h) if h.w == w => h.name.clone(),
                    _ if w >= 48.0 => format!("broker {broker}").into(),
                    _ => format!("b{broker}").into(),
                },
                label: Label::reuse_or_make(
                    kept.map(|h| &h.label),
                    (broker, look, leads),
                    |&(b, look, leads)| {
                        format!(
                            "broker {b}: {}, leads {}",
                            look.words,
                            crate::ui::words::plural(leads as u64, "partition", "partitions")
                        )
                        .into()
                    },
                ),
            }
        })
        .collect();
    let mut chips = Vec::new();
    let shows_text = layout.shows_replica_text() && layout.row_h >= 30.0;
    for (p, rep) in replications
        .iter()
        .enumerate()
        .filter(|&(p, _)| layout.shows(p as u32))
    {
        let hw = rep.high_watermark();
        let y = layout.row_y(p as u32);
        for r in &rep.replicas {
            let (x, w) = layout.broker_column(r.broker);
            let down = sim
                .brokers()
                .get((r.broker as usize).wrapping_sub(1))
                .is_none_or(|s| !broker_look(s).serving);
            let facts = ReplicaFacts {
                partition: p as u32,
                broker: r.broker,
                role: if rep.leader == Some(r.broker) {
                    ReplicaRole::Leader
                } else {
                    ReplicaRole::Follower
                },
                in_sync: rep.isr.contains(&r.broker),
                down,
                log_end: r.leo(),
                high_watermark: hw,
            };
            let kept = previous_chips
                .iter()
                .find(|c| c.facts.partition == facts.partition && c.facts.broker == r.broker);
            let elected = elected_mark(&facts, rep.leader_epoch, kept, now_ms);
            let elected_epoch = elected.as_ref().map(|e| e.epoch);
            chips.push(ReplicaChip {
                facts,
                partition_number: names.number(p as u32),
                broker_number: heads
                    .get((r.broker as usize).wrapping_sub(1))
                    .map_or_else(|| r.broker.to_string().into(), |h| h.number.clone()),
                x: x + 3.0,
                w: w - 6.0,
                y: y + 4.0,
                h: layout.row_h - 8.0,
                leader_epoch: rep.leader_epoch,
                elected,
                label: Label::reuse_or_make(
                    kept.map(|c| &c.label),
                    (facts, elected_epoch),
                    |(f, e)| replica_label(topic_name, f, *e),
                ),
                role_text: replica_words(&facts),
                end_text: Label::reuse_or_make(
                    kept.map(|c| &c.end_text),
                    if shows_text && facts.log_end != hw {
                        facts.log_end
                    } else {
                        u64::MAX
                    },
                    |&end| {
                        if end == u64::MAX {
                            "".into()
                        } else {
                            format!("end {end}").into()
                        }
                    },
                ),
            });
        }
    }
    (heads, chips)
}
