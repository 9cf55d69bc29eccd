//! Replication traffic on the rows: how far each running follower has copied its leader's log,
//! as a small tick under the row at the follower's log end. Ticks trail the newest record and
//! catch up; one out of the ISR is drawn apart. While a follower is behind, an arc pulses from
//! its leader's replica to its own.

use super::labels::Label;
use super::rows::first_visible_offset;
use super::Layout;
use crate::engine::Sim;
use std::rc::Rc;

/// One follower's progress on one partition.
#[derive(Clone, Debug, PartialEq)]
pub struct FollowerTick {
    pub broker: u32,
    /// `2`, for `data-broker`.
    pub broker_number: Rc<str>,
    pub partition: u32,
    /// Its log end offset.
    pub log_end: u64,
    pub in_sync: bool,
    /// The tick's tip, under the row.
    pub x: f64,
    pub y: f64,
}

impl FollowerTick {
    pub fn title(&self) -> String {
        format!(
            "broker {} has copied partition {} up to offset {}{}",
            self.broker,
            self.partition,
            self.log_end,
            if self.in_sync {
                " (in sync)"
            } else {
                " (out of the ISR)"
            }
        )
    }
}

/// The ticks of every partition with a leader, for its running followers whose log end is
/// within the cells drawn.
pub fn follower_ticks(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    previous: &[FollowerTick],
) -> Vec<FollowerTick> {
    let run = sim.topic_run(topic);
    let logs = &run.topic().partitions;
    let alive = |b: u32| {
        sim.brokers()
            .get((b as usize).wrapping_sub(1))
            .is_some_and(|s| s.alive)
    };
    let broker_number = |b: u32| {
        previous
            .iter()
            .find(|t| t.broker == b)
            .map(|t| t.broker_number.clone())
            .unwrap_or_else(|| b.to_string().into())
    };
    let mut ticks = Vec::new();
    for (p, rep) in run
        .replications()
        .iter()
        .enumerate()
        .filter(|&(p, _)| layout.shows(p as u32))
    {
        let Some(leader) = rep.leader else {
            continue;
        };
        let log = &logs[p];
        let first_visible = first_visible_offset(log, layout);
        let y = layout.row_y(p as u32) + layout.row_h - 2.0;
        for (slot, r) in rep.replicas.iter().enumerate() {
            if r.broker == leader || !alive(r.broker) {
                continue;
            }
            let log_end = r.leo();
            if log_end < first_visible || log_end > log.end_offset() {
                continue;
            }
            ticks.push(FollowerTick {
                broker: r.broker,
                broker_number: broker_number(r.broker),
                partition: p as u32,
                log_end,
                in_sync: rep.isr.contains(&r.broker),
                x: super::gap_x(log_end - first_visible) + slot as f64 * 2.0,
                y,
            });
        }
    }
    ticks
}

/// A follower copying its leader: an arc from the leader's replica to the follower's over the
/// row, while the follower's log end is behind the leader's. It comes and goes as records
/// arrive and are copied, so replication is seen happening; the high watermark follows.
#[derive(Clone, Debug, PartialEq)]
pub struct CopyPulse {
    pub partition: u32,
    pub broker: u32,
    /// `1`, `2`, for data attributes.
    pub partition_number: Rc<str>,
    pub broker_number: Rc<str>,
    pub in_sync: bool,
    /// The arc, from the leader's replica to the follower's.
    pub from_x: f64,
    pub to_x: f64,
    pub y: f64,
    /// `orders-1: broker 2 copies from leader broker 1, 3 records behind`.
    pub label: Label<(u32, u32, u32, u64)>,
}

/// How long after the leader's newest append its followers' arcs stay drawn, in ms of sim time.
pub const PULSE_MS: u64 = 300;

/// One pulse per running follower behind its leader (or just caught up with it), on the rows drawn.
pub fn copy_pulses(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    chips: &[super::ReplicaChip],
    previous: &[CopyPulse],
) -> Vec<CopyPulse> {
    let run = sim.topic_run(topic);
    let topic_name = &run.topic().name;
    let replications = run.replications();
    let mut pulses = Vec::new();
    for chip in chips.iter().filter(|c| {
        c.facts.role == super::ReplicaRole::Follower && !c.facts.down && layout.shows_text_rows()
    }) {
        let f = &chip.facts;
        let Some(rep) = replications.get(f.partition as usize) else {
            continue;
        };
        let Some(leader) = rep.leader else {
            continue;
        };
        let leader_end = rep.leader_leo();
        // Behind its leader, or it has just copied the leader's newest record: replication
        // within one fetch is instant in the sim, so "just copied" is what shows it happening.
        let newest_at = sim
            .topic_run(topic)
            .topic()
            .partitions
            .get(f.partition as usize)
            .and_then(|l| l.records.back())
            .map_or(0, |r| r.record.arrives_at_ms);
        let just_copied = sim.now_ms().saturating_sub(newest_at) < PULSE_MS;
        if f.log_end >= leader_end && !just_copied {
            continue;
        }
        let Some(leader_chip) = chips
            .iter()
            .find(|c| c.facts.partition == f.partition && c.facts.broker == leader)
        else {
            continue;
        };
        if leader_chip.facts.down {
            continue;
        }
        let behind = leader_end.saturating_sub(f.log_end);
        let kept = previous
            .iter()
            .find(|p| p.partition == f.partition && p.broker == f.broker);
        pulses.push(CopyPulse {
            partition: f.partition,
            broker: f.broker,
            partition_number: chip.partition_number.clone(),
            broker_number: chip.broker_number.clone(),
            in_sync: f.in_sync,
            from_x: leader_chip.x + leader_chip.w / 2.0,
            to_x: chip.x + chip.w / 2.0,
            y: chip.y,
            label: Label::reuse_or_make(
                kept.map(|p| &p.label),
                (f.partition, f.broker, leader, behind),
                |&(p, b, leader, behind)| {
                    if behind == 0 {
                        format!("{topic_name}-{p}: broker {b} copied the newest record from leader broker {leader}").into()
                    } else {
                        format!(
                            "{topic_name}-{p}: broker {b} copies from leader broker {leader}, {} behind",
                            crate::ui::words::plural(behind, "record", "records")
                        )
                        .into()
                    }
                },
            ),
        });
    }
    pulses
}
