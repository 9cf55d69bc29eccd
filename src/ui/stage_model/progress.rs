//! How far each consumer has got on each partition it owns, drawn on the row: the records it
//! has fetched but not processed yet (a band in its group's colour from its processed mark to
//! its position), and, when its group's committed offset has run ahead of its processing (an
//! auto-commit while worker threads still hold the records), the records committed but not
//! processed: the gap a crash now loses, drawn in red with its count.

use super::consumers::Consumers;
use super::labels::{Label, PartitionNames};
use super::rows::first_visible_offset;
use super::{Layout, CELLS_X};
use crate::engine::stable_sort;
use crate::engine::Sim;
use crate::ui::palette::GroupColour;
use std::rc::Rc;

/// One consumer's progress on one owned partition.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressSpan {
    pub group: Rc<str>,
    pub member: Rc<str>,
    pub colour: GroupColour,
    pub partition: u32,
    /// `3`, for `data-partition`.
    pub number: Rc<str>,
    /// The row's top and height.
    pub y: f64,
    pub row_h: f64,
    /// Where its processed mark and its position stand (pinned to the row's left edge when
    /// further back than the cells drawn).
    pub processed_x: f64,
    pub position_x: f64,
    /// The records committed but not processed, and where they span, when there are any.
    pub at_risk: Option<AtRisk>,
}

/// The commit ahead of processing.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRisk {
    pub records: u64,
    pub from_x: f64,
    pub to_x: f64,
    /// `3 at risk`.
    pub badge: Label<u64>,
    /// `orders-2, group orders-service: committed 45 but c2 has processed only to 42; a crash
    /// now loses 3 records`.
    pub label: Label<(u64, u64, u64)>,
}

impl AtRisk {
    /// Whether the badge is wider than the span at its font (then squeezed to fit).
    pub fn badge_squeezed(&self) -> bool {
        self.badge.value().chars().count() as f64 * 6.0 > self.to_x - self.from_x - 4.0
    }
}

impl ProgressSpan {
    /// Fetched and not processed yet: there is a band to draw.
    pub fn holds(&self) -> bool {
        self.position_x > self.processed_x
    }
}

pub fn progress_spans(
    sim: &Sim,
    topic: u32,
    layout: &Layout,
    names: &PartitionNames,
    consumers: &Consumers,
    previous: &[ProgressSpan],
) -> Vec<ProgressSpan> {
    let topic = sim.topic_run(topic).topic();
    let mut spans = Vec::new();
    for c in consumers.consumers.iter().filter(|c| !c.share) {
        for o in &c.texts.facts().owned {
            let (Some(position), Some(processed)) = (o.position, o.processed) else {
                continue;
            };
            let Some(log) = topic.partitions.get(o.partition as usize) else {
                continue;
            };
            if !layout.shows(o.partition) {
                continue;
            }
            let first_visible = first_visible_offset(log, layout);
            let x = |offset: u64| {
                if offset < first_visible {
                    CELLS_X - 4.0
                } else {
                    super::gap_x(offset - first_visible)
                }
            };
            let kept = previous
                .iter()
                .find(|s| s.partition == o.partition && *s.group == *c.group);
            let at_risk = o
                .committed
                .filter(|&committed| committed > processed)
                .map(|committed| {
                    let records = committed - processed;
                    let kept = kept.and_then(|s| s.at_risk.as_ref());
                    // Further back than the cells drawn, the gap is pinned to the row's left
                    // edge, one cell wide, so its count stays readable.
                    let from_x = x(processed);
                    AtRisk {
                        records,
                        from_x,
                        to_x: x(committed).max(from_x + super::CELL_STEP),
                        badge: Label::reuse_or_make(kept.map(|k| &k.badge), records, |n| {
                            format!("{n} at risk").into()
                        }),
                        label: Label::reuse_or_make(
                            kept.map(|k| &k.label),
                            (committed, processed, records),
                            |(committed, processed, records)| {
                                format!(
                                    "{}-{}, group {}: committed {committed} but {} has processed only to {processed}; a crash now loses {}",
                                    topic.name,
                                    o.partition,
                                    c.group,
                                    c.name,
                                    crate::ui::words::plural(*records, "record", "records")
                                )
                                .into()
                            },
                        ),
                    }
                });
            if position < first_visible && at_risk.is_none() {
                continue;
            }
            spans.push(ProgressSpan {
                group: c.group.clone(),
                member: c.name.clone(),
                colour: c.colour,
                partition: o.partition,
                number: names.number(o.partition),
                y: layout.row_y(o.partition),
                row_h: layout.row_h,
                processed_x: x(processed),
                position_x: x(position),
                at_risk,
            });
        }
    }
    stable_sort::sort_by_key(&mut spans, |s| s.partition);
    spans
}
