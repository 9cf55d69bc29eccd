//! What truncation removed from a replica, drawn on the replica: after an unclean election (or
//! a zombie's return) a replica's log is cut back to its new leader's, and the records it held
//! past that point are gone. The replica shows the latest cut with its count and offset range.

use super::cluster::ReplicaChip;
use super::labels::Label;
use crate::engine::Sim;
use std::rc::Rc;

/// The latest truncation of one replica.
#[derive(Clone, Debug, PartialEq)]
pub struct TruncatedTail {
    pub partition: u32,
    pub broker: u32,
    /// `1` and `3`, for `data-partition` and `data-broker`.
    pub partition_number: Rc<str>,
    pub broker_number: Rc<str>,
    pub records: u64,
    /// How many of the records listed as removed were acknowledged writes a change of leader
    /// lost (the stage also marks each at its offset on the row).
    pub acked_lost: u64,
    /// The first offset removed (the replica's new log end) and the last.
    pub from_offset: u64,
    pub to_offset: u64,
    pub at_ms: u64,
    /// The replica's box.
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// `✂ 7 cut`.
    pub count_text: Label<u64>,
    /// `40–46`.
    pub range_text: Label<(u64, u64)>,
    /// `orders-1 on broker 2: 7 records truncated at 31.200 s, offsets 40 to 46, 5 of them
    /// lost acknowledged writes`.
    pub label: Label<(u64, u64, u64, u64, bool)>,
}

impl TruncatedTail {
    /// Whether the count is too long for the replica's width at the chip's font (squeezed).
    pub fn count_squeezed(&self) -> bool {
        self.count_text.value().chars().count() > 7
    }

    /// Whether the range is too long for the replica's width at the chip's font (squeezed).
    pub fn range_squeezed(&self) -> bool {
        self.range_text.value().chars().count() > 8
    }
}

/// The latest truncation of each replica drawn, in (partition, broker) order.
pub fn truncated_tails(
    sim: &Sim,
    topic: u32,
    chips: &[ReplicaChip],
    previous: &[TruncatedTail],
) -> Vec<TruncatedTail> {
    let run = sim.topic_run(topic);
    let topic_name = &run.topic().name;
    let replications = run.replications();
    let mut tails = Vec::new();
    for chip in chips {
        let f = &chip.facts;
        let Some(rep) = replications.get(f.partition as usize) else {
            continue;
        };
        let Some(t) = rep
            .truncations
            .iter()
            .rev()
            .find(|t| t.broker == f.broker && t.records > 0)
        else {
            continue;
        };
        let kept = previous
            .iter()
            .find(|k| k.partition == f.partition && k.broker == f.broker);
        let (from, to) = (t.to_offset, t.to_offset + t.records - 1);
        let acked_lost = t
            .removed
            .iter()
            .filter(|&&(offset, id)| {
                rep.lost_acked
                    .iter()
                    .any(|l| l.offset == offset && l.record_id == id)
            })
            .count() as u64;
        // Either list may have dropped older entries: the count is then a floor.
        let at_least = (t.removed.len() as u64) < t.records
            || rep.lost_acked.len() == crate::engine::cluster::LOST_ACKED_KEPT_MAX;
        tails.push(TruncatedTail {
            partition: f.partition,
            broker: f.broker,
            partition_number: chip.partition_number.clone(),
            broker_number: chip.broker_number.clone(),
            records: t.records,
            acked_lost,
            from_offset: from,
            to_offset: to,
            at_ms: t.at_ms,
            x: chip.x,
            y: chip.y,
            w: chip.w,
            h: chip.h,
            count_text: Label::reuse_or_make(kept.map(|k| &k.count_text), t.records, |n| {
                format!("✂ {n} cut").into()
            }),
            range_text: Label::reuse_or_make(
                kept.map(|k| &k.range_text),
                (from, to),
                |(from, to)| {
                    if from == to {
                        format!("@{from}").into()
                    } else {
                        format!("{from}–{to}").into()
                    }
                },
            ),
            label: Label::reuse_or_make(
                kept.map(|k| &k.label),
                (t.at_ms, from, t.records, acked_lost, at_least),
                |&(at_ms, from, records, acked_lost, at_least)| {
                    let range = if records == 1 {
                        format!("offset {from}")
                    } else {
                        format!("offsets {from} to {}", from + records - 1)
                    };
                    let acked = match acked_lost {
                        0 => String::new(),
                        1 if records == 1 => ", a lost acknowledged write".to_string(),
                        n => format!(
                            ", {}{n} of them lost acknowledged {}",
                            if at_least { "at least " } else { "" },
                            if n == 1 { "write" } else { "writes" }
                        ),
                    };
                    format!(
                        "{topic_name}-{} on broker {}: {} truncated at {}, {range}{acked}",
                        f.partition,
                        f.broker,
                        crate::ui::words::plural(records, "record", "records"),
                        crate::ui::words::format_time(at_ms)
                    )
                    .into()
                },
            ),
        });
    }
    tails
}
