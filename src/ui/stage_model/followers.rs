//! Replication traffic on the rows: how far each running follower has copied its leader's log,
//! as a small tick under the row at the follower's log end. Ticks trail the newest record and
//! catch up; one out of the ISR is drawn apart.

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
                x: layout.gap_x(log_end - first_visible) + slot as f64 * 2.0,
                y,
            });
        }
    }
    ticks
}
