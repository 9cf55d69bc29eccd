//! The consumer groups on the stage: each group reading the topic on stage as a column of its
//! members, each member drawn as a consumer with its phase in words, and a link from every
//! partition row to the member that owns it (so a rebalance visibly drops and restores links).
//! Groups are told apart by colour, by a name line above their members, and by the links' dash.

use super::flags::FlagKind;
use super::labels::{Label, Memo, PartitionNames};
use super::reconciling::{reconciling, Reconciling};
use super::{Layout, GROUP_HEAD_H};
use crate::engine::stable_sort;
use crate::engine::{MemberPhase, MemberStatus, MemberView, Sim};
use crate::ui::palette::GroupColour;
use crate::ui::words::plural;
use std::rc::Rc;

/// A consumer's phase as the stage says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsumerPhase {
    Fetching,
    Processing,
    /// An eager rebalance took its partitions: it rejoins (`syncing` once JoinGroup answered).
    StoppedByRebalance {
        syncing: bool,
    },
    Joining,
    Syncing,
    /// Cooperative: rejoining while it keeps consuming what it keeps.
    RebalancingConsuming,
    /// The `consumer` protocol: moving on its own towards its target assignment (revoking,
    /// or waiting for partitions to be released), consuming what it keeps.
    Reconciling,
    Idle,
    Crashed,
    Closed,
    Failed,
}

impl ConsumerPhase {
    pub fn of(m: &MemberView) -> ConsumerPhase {
        let syncing = m.status == MemberStatus::AwaitingSync;
        match m.phase {
            MemberPhase::Joining if m.generation > 0 => {
                ConsumerPhase::StoppedByRebalance { syncing }
            }
            MemberPhase::Joining if syncing => ConsumerPhase::Syncing,
            MemberPhase::Joining => ConsumerPhase::Joining,
            MemberPhase::Stable if m.in_flight > 0 => ConsumerPhase::Processing,
            MemberPhase::Stable => ConsumerPhase::Fetching,
            MemberPhase::Rebalancing => ConsumerPhase::RebalancingConsuming,
            MemberPhase::Idle => ConsumerPhase::Idle,
            MemberPhase::Crashed => ConsumerPhase::Crashed,
            MemberPhase::Closed => ConsumerPhase::Closed,
            MemberPhase::Failed => ConsumerPhase::Failed,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            ConsumerPhase::Fetching => "fetching",
            ConsumerPhase::Processing => "processing",
            ConsumerPhase::StoppedByRebalance { syncing: false } => {
                "stopped by a rebalance, joining"
            }
            ConsumerPhase::StoppedByRebalance { syncing: true } => {
                "stopped by a rebalance, syncing"
            }
            ConsumerPhase::Joining => "joining",
            ConsumerPhase::Syncing => "syncing",
            ConsumerPhase::RebalancingConsuming => "rebalancing, still consuming",
            ConsumerPhase::Reconciling => "reconciling",
            ConsumerPhase::Idle => "idle, no partition",
            ConsumerPhase::Crashed => "crashed",
            ConsumerPhase::Closed => "closed",
            ConsumerPhase::Failed => "failed",
        }
    }

    /// The CSS class that draws it.
    pub fn class(self) -> &'static str {
        match self {
            ConsumerPhase::Fetching | ConsumerPhase::Processing => "consuming",
            ConsumerPhase::StoppedByRebalance { .. } => "stopped",
            ConsumerPhase::Joining | ConsumerPhase::Syncing => "joining",
            ConsumerPhase::RebalancingConsuming => "cooperative",
            ConsumerPhase::Reconciling => "reconciling",
            ConsumerPhase::Idle => "idle",
            ConsumerPhase::Crashed | ConsumerPhase::Closed | ConsumerPhase::Failed => "gone",
        }
    }
}

/// A partition a consumer owns, as its label says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Owned {
    pub partition: u32,
    pub position: Option<u64>,
    /// Every record below it is processed: its oldest record held unprocessed, else its
    /// position.
    pub processed: Option<u64>,
    pub committed: Option<u64>,
    /// `None` before the group's first commit on it, where Kafka's tools print `-`.
    pub lag: Option<u64>,
}

/// What a consumer's texts are written from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsumerFacts {
    pub phase: ConsumerPhase,
    pub owned: Vec<Owned>,
    /// What it revokes and waits for, while it reconciles (`consumer` protocol).
    pub reconciling: Option<Reconciling>,
    /// In a share group: how many records it holds acquired now.
    pub share_acquired: Option<u32>,
}

/// The two texts a consumer shows: its accessible name and its second line.
#[derive(Clone, Debug, PartialEq)]
pub struct ConsumerTexts {
    /// `consumer c2 (group orders-service): fetching; orders-4 at position 88, committed 87, lag 1`.
    pub label: Rc<str>,
    /// `P4 · lag 1`, `no partition`.
    pub line: Rc<str>,
}

/// The record a consumer is processing now (its application thread's, or its first busy
/// worker's), and how many it holds in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Working {
    pub partition: u32,
    pub offset: u64,
    /// As a cell draws it (`flags::key_text`), `null` for none.
    pub key_text: Rc<str>,
    pub held: usize,
}

/// One member, drawn as a consumer.
#[derive(Clone, Debug, PartialEq)]
pub struct Consumer {
    pub group: Rc<str>,
    pub colour: GroupColour,
    /// The group's place among the groups drawn.
    pub group_slot: usize,
    pub name: Rc<str>,
    pub phase: ConsumerPhase,
    /// A member of a share group (records, not partitions, are its unit: no position bands).
    pub share: bool,
    /// What it processes now, when it processes.
    pub working: Option<Working>,
    pub y: f64,
    pub h: f64,
    pub texts: Memo<ConsumerFacts, ConsumerTexts>,
}

impl Consumer {
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }

    /// Tall enough for the second line.
    pub fn shows_line(&self) -> bool {
        self.h >= 30.0
    }
}

/// A ledger's (lost, processed twice, out of order) counts.
pub type FlagCounts = (u64, u64, u64);

/// A group's name line above its members.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupHead {
    pub colour: GroupColour,
    pub y: f64,
    /// `orders-service · gen. 3` (classic) or `· epoch 3` (KIP-848, share).
    pub text: Label<(Rc<str>, GroupRound)>,
    /// What its ledger flagged so far, (lost, processed twice, out of order): the gravest kind
    /// short (`✕845`, as its name line has room for) and every kind in words for its
    /// accessible name, both empty while nothing is flagged.
    pub flags: Memo<FlagCounts, (Rc<str>, Rc<str>)>,
}

/// A partition's link to the member of one group that owns it.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerLink {
    pub colour: GroupColour,
    /// The group's place among the groups drawn: its links' dash.
    pub group_slot: usize,
    pub partition: u32,
    /// `4`, for `data-partition`.
    pub number: Rc<str>,
    pub group: Rc<str>,
    pub member: Rc<str>,
    pub from_y: f64,
    pub to_y: f64,
    /// `orders-4: read by c2 (group orders-service)`.
    pub label: Label<(u32, Rc<str>)>,
}

impl OwnerLink {
    /// The links' dash per group, so colour is not the only cue.
    pub fn dash(&self) -> &'static str {
        ["none", "7 3", "2 3", "9 3 2 3"][self.group_slot % 4]
    }
}

/// Said in the consumers' column when no group reads the topic on stage.
pub const NO_GROUP_NOTE: &str = "No consumer group reads this topic.";

/// A partition no running member of a group owns: its link is dropped, and a short stub in the
/// group's colour says the partition waits for an owner (every partition in an eager
/// rebalance, only the moved ones in a cooperative one).
#[derive(Clone, Debug, PartialEq)]
pub struct Unowned {
    pub colour: GroupColour,
    pub group_slot: usize,
    pub partition: u32,
    pub number: Rc<str>,
    pub group: Rc<str>,
    pub y: f64,
    /// `orders-4: no owner in group orders-service, waiting for the rebalance`.
    pub label: Label<(u32, Rc<str>)>,
}

/// Every group reading the topic on stage, in group order.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Consumers {
    pub heads: Vec<GroupHead>,
    pub consumers: Vec<Consumer>,
    pub links: Vec<OwnerLink>,
    /// The shown partitions each group has no running owner for, while it has members.
    pub unowned: Vec<Unowned>,
}

/// The groups that read `topic`, as (group index, member count), for the layout.
pub fn groups_on_stage(sim: &Sim, topic: u32) -> Vec<(usize, usize)> {
    let name = &sim.topic_run(topic).topic().name;
    sim.groups()
        .iter()
        .enumerate()
        .filter(|(_, g)| g.config().topics.iter().any(|t| t == name))
        .map(|(gi, g)| (gi, g.consumers().len()))
        .collect()
}

pub fn consumers(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    names: &PartitionNames,
    on_stage: &[(usize, usize)],
    previous: Option<&Consumers>,
) -> Consumers {
    let topic_name: &str = &sim.topic_run(topic).topic().name;
    let logs = sim.logs();
    let mut out = Consumers::default();
    let mut y = layout.top;
    let h = layout.consumer_h;
    for (slot, &(gi, _)) in on_stage.iter().enumerate() {
        let g = &sim.groups()[gi];
        let colour = GroupColour(gi);
        let group_id: &str = &g.config().group_id;
        let kept_head = previous.and_then(|p| p.heads.get(slot));
        let group: Rc<str> = match kept_head {
            Some(k) if &*k.text.facts().0 == group_id => k.text.facts().0.clone(),
            _ => group_id.into(),
        };
        // Classic groups count generations; KIP-848 and share groups have a group epoch.
        let epoch = match g.group_epoch() {
            Some(e) => GroupRound::Epoch(e),
            None => GroupRound::Generation(g.coordinator().generation()),
        };
        let counts = g.ledger().counts;
        let flagged = (counts.lost, counts.duplicated, counts.out_of_order);
        out.heads.push(GroupHead {
            colour,
            y,
            flags: Memo::reuse_if_or_make(
                kept_head.map(|k| &k.flags),
                |f| *f == flagged,
                || (flagged, group_flags(&group, flagged)),
            ),
            text: Label::reuse_or_make(
                kept_head.map(|k| &k.text),
                (group.clone(), epoch),
                |(g, epoch)| match *epoch {
                    GroupRound::Generation(0) | GroupRound::Epoch(0) => {
                        format!("{g} · forming").into()
                    }
                    GroupRound::Generation(n) => format!("{g} · gen. {n}").into(),
                    GroupRound::Epoch(n) => format!("{g} · epoch {n}").into(),
                },
            ),
        });
        y += GROUP_HEAD_H;
        let share_acquired_per_member = g.share_acquired_per_member();
        let partitions = g.partitions(&logs);
        let mut owned_here: Vec<u32> = Vec::new();
        let members = g.members(&logs);
        for (mi, (m, client)) in members.iter().zip(g.consumers()).enumerate() {
            let kept = previous.and_then(|p| {
                p.consumers
                    .iter()
                    .find(|c| *c.group == *group && *c.name == *m.name)
            });
            let name: Rc<str> = kept.map_or_else(|| m.name.as_str().into(), |c| c.name.clone());
            // A `consumer`-protocol member the engine says is moving gets its own phase.
            let reconciles = match m.phase {
                MemberPhase::Rebalancing | MemberPhase::Joining => reconciling(g, m, topic_name),
                _ => None,
            };
            let share_acquired = share_acquired_per_member
                .as_ref()
                .map(|counts| counts.get(mi).copied().unwrap_or(0));
            let phase = if reconciles.is_some() {
                ConsumerPhase::Reconciling
            } else {
                ConsumerPhase::of(m)
            };
            // Held unprocessed: what its workers process, then its poll's batch (or the
            // workers' queue).
            let busy = client
                .workers
                .iter()
                .filter_map(|w| w.as_ref().map(|(r, _)| r));
            let held = busy.clone().chain(client.in_flight.iter());
            let owned: Vec<Owned> = m
                .assigned
                .iter()
                .filter(|tp| tp.topic == topic_name)
                .map(|tp| {
                    let view = partitions.iter().find(|p| p.tp == *tp);
                    let position = m.positions.iter().find(|(t, _)| t == tp).map(|(_, o)| *o);
                    let oldest_held = held
                        .clone()
                        .filter(|r| *r.tp == *tp)
                        .map(|r| r.offset)
                        .min();
                    Owned {
                        partition: tp.partition,
                        position,
                        processed: oldest_held.or(position),
                        committed: view.and_then(|v| v.committed),
                        lag: view.and_then(|v| v.committed.map(|_| v.lag)),
                    }
                })
                .collect();
            // The record processed now: the first busy worker's, else (a poll loop processing
            // its batch) the batch's head.
            let record = busy.clone().next().or_else(|| {
                (phase == ConsumerPhase::Processing)
                    .then(|| client.in_flight.front())
                    .flatten()
            });
            let working = record.filter(|r| r.tp.topic == topic_name).map(|r| {
                let last = kept.and_then(|c| c.working.as_ref());
                let key_text = match last {
                    Some(w) if w.offset == r.offset && w.partition == r.tp.partition => {
                        w.key_text.clone()
                    }
                    _ => r
                        .key
                        .as_ref()
                        .map_or_else(|| "null".into(), super::flags::key_text),
                };
                Working {
                    partition: r.tp.partition,
                    offset: r.offset,
                    key_text,
                    held: m.in_flight,
                }
            });
            let consumer = Consumer {
                group: group.clone(),
                colour,
                group_slot: slot,
                name: name.clone(),
                phase,
                share: share_acquired.is_some(),
                working,
                y,
                h,
                texts: Memo::reuse_if_or_make(
                    kept.map(|c| &c.texts),
                    |f| {
                        f.phase == phase
                            && f.owned == owned
                            && f.reconciling == reconciles
                            && f.share_acquired == share_acquired
                    },
                    || {
                        let facts = ConsumerFacts {
                            phase,
                            owned: owned.clone(),
                            reconciling: reconciles.clone(),
                            share_acquired,
                        };
                        let texts = consumer_texts(topic_name, &group, &name, &facts);
                        (facts, texts)
                    },
                ),
            };
            if client.status.is_running() {
                owned_here.extend(owned.iter().map(|o| o.partition));
            }
            for o in owned.iter().filter(|o| layout.shows(o.partition)) {
                let kept_link = previous.and_then(|p| {
                    p.links
                        .iter()
                        .find(|l| l.partition == o.partition && *l.group == *group)
                });
                out.links.push(OwnerLink {
                    colour,
                    group_slot: slot,
                    partition: o.partition,
                    number: names.number(o.partition),
                    group: group.clone(),
                    member: name.clone(),
                    from_y: layout.row_y(o.partition) + layout.row_h / 2.0,
                    to_y: consumer.cy(),
                    label: Label::reuse_or_make(
                        kept_link.map(|l| &l.label),
                        (o.partition, name.clone()),
                        |(p, member)| {
                            format!("{topic_name}-{p}: read by {member} (group {group})").into()
                        },
                    ),
                });
            }
            out.consumers.push(consumer);
            y += h + 4.0;
        }
        if members.iter().any(|m| m.status.is_running()) {
            for p in layout.shown().filter(|p| !owned_here.contains(p)) {
                let kept = previous.and_then(|prev| {
                    prev.unowned
                        .iter()
                        .find(|u| u.partition == p && *u.group == *group)
                });
                out.unowned.push(Unowned {
                    colour,
                    group_slot: slot,
                    partition: p,
                    number: names.number(p),
                    group: group.clone(),
                    y: layout.row_y(p) + layout.row_h / 2.0,
                    label: Label::reuse_or_make(
                        kept.map(|u| &u.label),
                        (p, group.clone()),
                        |(p, group)| {
                            format!("{topic_name}-{p}: no owner in group {group}, waiting for the rebalance").into()
                        },
                    ),
                });
            }
        }
    }
    stable_sort::sort_by_key(&mut out.unowned, |u| (u.partition, u.group_slot));
    // Links drawn in partition order, so the picture reads top to bottom.
    stable_sort::sort_by_key(&mut out.links, |l| (l.partition, l.group_slot));
    out
}

/// A group's ledger flags, short and in words.
fn group_flags(group: &str, (lost, twice, reordered): FlagCounts) -> (Rc<str>, Rc<str>) {
    if lost + twice + reordered == 0 {
        return ("".into(), "".into());
    }
    let kinds = [
        (lost, FlagKind::Lost, "lost"),
        (twice, FlagKind::ProcessedTwice, "processed twice"),
        (
            reordered,
            FlagKind::OutOfOrder,
            "processed out of per-key order",
        ),
    ];
    let present = kinds.iter().filter(|(n, _, _)| *n > 0);
    let short = present
        .clone()
        .next()
        .map_or_else(String::new, |(n, k, _)| format!("{}{n}", k.badge()));
    let words: Vec<String> = present
        .map(|(n, _, w)| format!("{} {w}", plural(*n, "record", "records")))
        .collect();
    (
        short.into(),
        format!("ledger of group {group}: {}", words.join(", ")).into(),
    )
}

fn consumer_texts(topic: &str, group: &str, name: &str, f: &ConsumerFacts) -> ConsumerTexts {
    if let Some(acquired) = f.share_acquired {
        return share_consumer_texts(topic, group, name, f, acquired);
    }
    let mut label = format!("consumer {name} (group {group}): {}", f.phase.words());
    if let Some(r) = &f.reconciling {
        label.push_str(": ");
        label.push_str(&r.words(topic));
    }
    for o in &f.owned {
        let at = |v: Option<u64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
        label.push_str(&format!(
            "; {topic}-{} at position {}, processed to {}, committed {}, lag {}",
            o.partition,
            at(o.position),
            at(o.processed),
            at(o.committed),
            o.lag.map_or_else(|| "-".to_string(), |l| l.to_string())
        ));
    }
    let lag = if f.owned.iter().all(|o| o.lag.is_none()) {
        "-".to_string()
    } else {
        f.owned
            .iter()
            .filter_map(|o| o.lag)
            .sum::<u64>()
            .to_string()
    };
    let line = match f.owned.as_slice() {
        _ if f.reconciling.is_some() => {
            let short = f.reconciling.as_ref().map(Reconciling::short);
            match (short, f.owned.is_empty()) {
                (Some(s), true) => s,
                (Some(s), false) => format!("{s} · lag {lag}"),
                (None, _) => String::new(),
            }
        }
        [] => String::new(),
        [o] => format!("P{} · lag {lag}", o.partition),
        owned if owned.len() <= 3 => format!(
            "{} · lag {lag}",
            owned
                .iter()
                .map(|o| format!("P{}", o.partition))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        owned => format!(
            "{} · lag {lag}",
            plural(owned.len() as u64, "partition", "partitions")
        ),
    };
    ConsumerTexts {
        label: label.into(),
        line: line.into(),
    }
}

/// A share consumer's texts: `consumer s3 (share group jobs): fetching orders-2, 4 records
/// acquired`. Offsets and lag are the share partition's, drawn on the row, not the member's.
fn share_consumer_texts(
    topic: &str,
    group: &str,
    name: &str,
    f: &ConsumerFacts,
    acquired: u32,
) -> ConsumerTexts {
    let partitions: Vec<String> = f
        .owned
        .iter()
        .map(|o| format!("{topic}-{}", o.partition))
        .collect();
    let mut label = format!("consumer {name} (share group {group}): {}", f.phase.words());
    if !partitions.is_empty() {
        label.push(' ');
        label.push_str(&partitions.join(", "));
    }
    label.push_str(&format!(
        ", {} acquired",
        plural(u64::from(acquired), "record", "records")
    ));
    let line = match f.owned.as_slice() {
        [] => String::new(),
        [o] => format!("P{} · {acquired} acq.", o.partition),
        owned => format!(
            "{} · {acquired} acq.",
            plural(owned.len() as u64, "partition", "partitions")
        ),
    };
    ConsumerTexts {
        label: label.into(),
        line: line.into(),
    }
}

/// What a group's head counts its rebalances by.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GroupRound {
    /// A classic group's generation (JoinGroup/SyncGroup).
    Generation(i32),
    /// A KIP-848 or share group's group epoch.
    Epoch(i32),
}

impl GroupRound {
    /// In the narration's words: `generation 3` or `group epoch 3`.
    pub fn words(self) -> String {
        match self {
            GroupRound::Generation(n) => format!("generation {n}"),
            GroupRound::Epoch(n) => format!("group epoch {n}"),
        }
    }
}
