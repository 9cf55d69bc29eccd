//! The consumer groups on the partition rows: each group's committed offset (where it restarts
//! after a failure) and, for each owned partition, where its consumer reads next. The records
//! between the two are the ones read again if the consumer crashes now.

use super::rows::first_visible_offset;
use super::{Layout, CELLS_X};
use crate::engine::Sim;
use crate::ui::palette::GroupColour;
use std::rc::Rc;

/// A group's mark on a row.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMark {
    pub group: Rc<str>,
    pub colour: GroupColour,
    pub partition: u32,
    /// `3`, for `data-partition`.
    pub number: Rc<str>,
    /// Where the mark stands, in the gap before the offset it names.
    pub x: f64,
    /// The row's top and height.
    pub y: f64,
    pub row_h: f64,
    pub kind: GroupMarkKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GroupMarkKind {
    /// The group's committed offset on the partition: a solid bar with a notch on top.
    Commit {
        offset: u64,
        lag: u64,
        /// Further back than the cells drawn: pinned to the row's left edge.
        behind: bool,
    },
    /// Where the owning member reads next: a dashed bar (the position runs ahead of the commit).
    Position { member: Rc<str>, offset: u64 },
}

impl GroupMark {
    pub fn title(&self) -> String {
        match &self.kind {
            GroupMarkKind::Commit {
                offset,
                lag,
                behind,
            } => format!(
                "group {}: committed offset {offset} on partition {} (lag {lag}){}",
                self.group,
                self.partition,
                if *behind {
                    ", further back than the records drawn"
                } else {
                    ""
                }
            ),
            GroupMarkKind::Position { member, offset } => format!(
                "group {}: {member} reads partition {} next at offset {offset}",
                self.group, self.partition
            ),
        }
    }
}

/// Every group reading the topic: per group, its commits on each partition, then its members'
/// positions on the partitions they own.
pub fn group_marks(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    names: &super::labels::PartitionNames,
    previous: &[GroupMark],
) -> Vec<GroupMark> {
    let topic = sim.topic_run(topic).topic();
    let logs = sim.logs();
    // Names from the previous frame, so a steady group writes no new strings.
    let kept = |name: &str| -> Rc<str> {
        previous
            .iter()
            .find_map(|m| match &m.kind {
                GroupMarkKind::Position { member, .. } if **member == *name => Some(member.clone()),
                _ if *m.group == *name => Some(m.group.clone()),
                _ => None,
            })
            .unwrap_or_else(|| name.into())
    };
    let mut marks = Vec::new();
    for (gi, g) in sim.groups().iter().enumerate() {
        if !g.config().topics.iter().any(|t| t == &topic.name) {
            continue;
        }
        let colour = GroupColour(gi);
        let group = kept(&g.config().group_id);
        let mark = |partition: u32, x: f64, kind: GroupMarkKind| GroupMark {
            group: group.clone(),
            colour,
            partition,
            number: names.number(partition),
            x,
            y: layout.row_y(partition),
            row_h: layout.row_h,
            kind,
        };
        for p in g.partitions(&logs) {
            if p.tp.topic != topic.name || !layout.shows(p.tp.partition) {
                continue;
            }
            let (Some(committed), Some(log)) =
                (p.committed, topic.partitions.get(p.tp.partition as usize))
            else {
                continue;
            };
            let first_visible = first_visible_offset(log, layout);
            let behind = committed < first_visible;
            let x = if behind {
                CELLS_X - 10.0 + gi as f64 * 3.0
            } else {
                super::gap_x(committed - first_visible)
            };
            let kind = GroupMarkKind::Commit {
                offset: committed,
                lag: p.lag,
                behind,
            };
            marks.push(mark(p.tp.partition, x, kind));
        }
        for m in g.members(&logs) {
            for (tp, position) in &m.positions {
                if !m.assigned.contains(tp) || tp.topic != topic.name || !layout.shows(tp.partition)
                {
                    continue;
                }
                let Some(log) = topic.partitions.get(tp.partition as usize) else {
                    continue;
                };
                let first_visible = first_visible_offset(log, layout);
                if *position < first_visible {
                    continue;
                }
                let kind = GroupMarkKind::Position {
                    member: kept(&m.name),
                    offset: *position,
                };
                marks.push(mark(
                    tp.partition,
                    super::gap_x(position - first_visible),
                    kind,
                ));
            }
        }
    }
    marks
}
