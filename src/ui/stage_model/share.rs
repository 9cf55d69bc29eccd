//! Share groups (KIP-932) on the stage: on each partition row a share group reads, its share
//! partition's start and end offsets (SPSO, SPEO) and its in-flight records, each acquired one
//! tagged with the member holding it and its delivery count, archived ones crossed. Several
//! share consumers are linked to one partition by the ordinary owner links. Read from the
//! engine's `share_view` once per group and frame; a row's words are made only when what they
//! say changes.

use super::labels::{Label, PartitionNames};
use super::rows::first_visible_offset;
use super::{cell_x, Layout};
use crate::engine::stable_sort;
use crate::engine::{InFlightStateView, Sim};
use crate::ui::palette::GroupColour;
use crate::ui::words::plural;
use std::rc::Rc;

/// An in-flight record as a cell's tag draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareCellState {
    /// Held by `member`, delivered `deliveries` times so far.
    Acquired {
        member: Rc<str>,
        deliveries: u32,
    },
    /// Waiting to be delivered again.
    Available,
    Acknowledged,
    Archived,
}

/// One in-flight record on a cell drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareCell {
    pub offset: u64,
    pub x: f64,
    pub state: ShareCellState,
    /// `s3·2` for an acquired record, `✕` archived, `✓` acknowledged, `↺` available.
    pub tag: Rc<str>,
}

/// What a row's share marks say: (SPSO, SPEO, acquired, archived, available).
pub type ShareRowFacts = (Option<u64>, Option<u64>, u32, u32, u32);

/// One share group's marks on one row.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareRow {
    pub group: Rc<str>,
    pub colour: GroupColour,
    pub partition: u32,
    pub number: Rc<str>,
    pub y: f64,
    pub row_h: f64,
    /// Where the SPSO and SPEO stand on the row, when within the cells drawn (the SPSO's mark
    /// before its cell, the SPEO's after).
    pub spso_x: Option<f64>,
    pub speo_x: Option<f64>,
    pub cells: Vec<ShareCell>,
    /// `orders-2, share group jobs: SPSO 40, SPEO 47; 4 acquired, 1 archived`.
    pub label: Label<ShareRowFacts>,
}

/// Every share group's marks on the rows drawn, in (partition, group) order.
pub fn share_rows(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    names: &PartitionNames,
    on_stage: &[(usize, usize)],
    previous: &[ShareRow],
) -> Vec<ShareRow> {
    let run = sim.topic_run(topic);
    let topic_run = run.topic();
    let topic_name = &topic_run.name;
    let mut out = Vec::new();
    for &(gi, _) in on_stage {
        let g = &sim.groups()[gi];
        let Some(view) = g.share_view() else {
            continue;
        };
        let group_id = &g.config().group_id;
        for sp in view
            .partitions
            .iter()
            .filter(|sp| sp.tp.topic == *topic_name)
        {
            let p = sp.tp.partition;
            let Some(log) = topic_run.partitions.get(p as usize) else {
                continue;
            };
            if !layout.shows(p) {
                continue;
            }
            let kept = previous
                .iter()
                .find(|r| r.partition == p && *r.group == **group_id);
            let first = first_visible_offset(log, layout);
            let end = log.end_offset();
            let x_of = |offset: u64| {
                (offset >= first && offset < end).then(|| cell_x((offset - first) as usize))
            };
            let kept_cells = kept.map_or(&[][..], |k| &k.cells[..]);
            let mut counts = (0u32, 0u32, 0u32);
            let mut cells = Vec::new();
            for r in &sp.records {
                let state = match &r.state {
                    InFlightStateView::Acquired { member, .. } => {
                        counts.0 += 1;
                        ShareCellState::Acquired {
                            member: kept_cells
                                .iter()
                                .find_map(|c| match &c.state {
                                    ShareCellState::Acquired { member: m, .. }
                                        if **m == **member =>
                                    {
                                        Some(m.clone())
                                    }
                                    _ => None,
                                })
                                .unwrap_or_else(|| member.as_str().into()),
                            deliveries: r.delivery_count,
                        }
                    }
                    InFlightStateView::Archived => {
                        counts.1 += 1;
                        ShareCellState::Archived
                    }
                    InFlightStateView::Available => {
                        counts.2 += 1;
                        ShareCellState::Available
                    }
                    InFlightStateView::Acknowledged => ShareCellState::Acknowledged,
                };
                let Some(x) = x_of(r.offset) else {
                    continue;
                };
                let tag = match kept_cells
                    .iter()
                    .find(|c| c.offset == r.offset && c.state == state)
                {
                    Some(c) => c.tag.clone(),
                    None => match &state {
                        ShareCellState::Acquired { member, deliveries } => {
                            format!("{member}·{deliveries}").into()
                        }
                        ShareCellState::Archived => "✕".into(),
                        ShareCellState::Acknowledged => "✓".into(),
                        ShareCellState::Available => "↺".into(),
                    },
                };
                cells.push(ShareCell {
                    offset: r.offset,
                    x,
                    state,
                    tag,
                });
            }
            let facts: ShareRowFacts =
                (sp.start_offset, sp.end_offset, counts.0, counts.1, counts.2);
            out.push(ShareRow {
                group: kept.map_or_else(|| group_id.as_str().into(), |k| k.group.clone()),
                colour: GroupColour(gi),
                partition: p,
                number: names.number(p),
                y: layout.row_y(p),
                row_h: layout.row_h,
                spso_x: sp.start_offset.and_then(x_of).map(|x| x - 2.0),
                speo_x: sp
                    .end_offset
                    .and_then(x_of)
                    .map(|x| x + super::CELL_W + 2.0),
                cells,
                label: Label::reuse_or_make(kept.map(|k| &k.label), facts, |f| {
                    share_row_words(topic_name, p, group_id, f)
                }),
            });
        }
    }
    stable_sort::sort_by_key(&mut out, |r| r.partition);
    out
}

fn share_row_words(
    topic: &str,
    p: u32,
    group: &str,
    &(spso, speo, acquired, archived, available): &ShareRowFacts,
) -> Rc<str> {
    let at = |o: Option<u64>| o.map_or_else(|| "none".to_string(), |o| o.to_string());
    let mut text = format!(
        "{topic}-{p}, share group {group}: SPSO {}, SPEO {}; {} acquired",
        at(spso),
        at(speo),
        plural(u64::from(acquired), "record", "records")
    );
    if available > 0 {
        text.push_str(&format!(", {available} waiting for redelivery"));
    }
    if archived > 0 {
        text.push_str(&format!(", {archived} archived"));
    }
    text.into()
}
