//! The partition rows: each partition's newest records as offset cells, its leader, ISR and
//! high watermark, and (with reduced motion) how many records are on their way to it. At high
//! append rates the cells are sampled: kept for `SAMPLED_REDRAW_MS` of sim time, so the rows do
//! not all change on every frame.

use super::flags::{self, CellFlag, Flagged};
use super::labels::PartitionNames;
use super::Layout;
use crate::engine::{Sim, TopicRun};
use crate::ui::palette::Swatch;
use crate::ui::words::plural;
use std::rc::Rc;

/// Above this many appends per second (sim time), partition logs redraw once per
/// `SAMPLED_REDRAW_MS` of sim time instead of every frame; batches still move every frame.
pub const SAMPLED_ABOVE_PER_SEC: u64 = 200;
pub const SAMPLED_REDRAW_MS: u64 = 100;

/// A partition's replication as a row shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowReplication {
    /// `u64::MAX` for a topic without replication state (every record readable).
    pub high_watermark: u64,
    pub leader: Option<u32>,
    pub in_sync: usize,
    pub replicas: usize,
}

impl RowReplication {
    fn of(run: &TopicRun, p: u32) -> RowReplication {
        run.replications().get(p as usize).map_or(
            RowReplication {
                high_watermark: u64::MAX,
                leader: None,
                in_sync: 0,
                replicas: 0,
            },
            |r| RowReplication {
                high_watermark: r.high_watermark(),
                leader: r.leader,
                in_sync: r.isr.len(),
                replicas: r.replicas.len(),
            },
        )
    }

    /// Replicas but no leader: nothing can be written or read.
    pub fn offline(&self) -> bool {
        self.replicas > 0 && self.leader.is_none()
    }

    /// Fewer replicas in sync than assigned.
    pub fn under_replicated(&self) -> bool {
        self.in_sync < self.replicas
    }
}

/// One drawn log cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub offset: u64,
    pub key: Option<Rc<str>>,
    /// The key as drawn on the cell (`flags::key_text`).
    pub key_text: Option<Rc<str>>,
    /// What a group's ledger flagged this record for, and when.
    pub flag: Option<CellFlag>,
    pub swatch: Swatch,
    pub sent_at_ms: u64,
    pub appended_at_ms: u64,
}

impl Cell {
    /// The cell's tooltip, on `partition`.
    pub fn title(&self, partition: u32) -> String {
        let flag = self
            .flag
            .as_ref()
            .map_or_else(String::new, |f| format!("; {}", f.words()));
        format!(
            "partition {partition}, offset {}: key {}, sent at {} ms, appended at {} ms{flag}",
            self.offset,
            self.key.as_deref().unwrap_or("null"),
            self.sent_at_ms,
            self.appended_at_ms
        )
    }
}

/// The part of a row that is sampled at high rates: its newest records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowLog {
    /// The newest records, oldest first, as many as fit.
    pub cells: Vec<Cell>,
    pub end_offset: u64,
    /// Older records exist than the cells drawn.
    pub hidden_before: bool,
    /// What the ledgers flagged on the partition, drawn or not: `✕ 7 lost · 15.200 s`.
    pub flags: Option<Rc<str>>,
}

/// How a cell is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellMarks {
    /// The newest record of the row.
    pub fresh: bool,
    /// Its key is the inspected one.
    pub matches: bool,
    /// At or past the high watermark: appended by the leader, not yet replicated to the ISR,
    /// so consumers cannot read it yet.
    pub uncommitted: bool,
}

/// One partition's row.
#[derive(Clone, Debug, PartialEq)]
pub struct PartitionRow {
    pub partition: u32,
    /// `3`, for data attributes.
    pub number: Rc<str>,
    /// `P3`.
    pub name: Rc<str>,
    pub y: f64,
    pub row_h: f64,
    pub replication: RowReplication,
    pub log: Rc<RowLog>,
    /// The inspected key's partition.
    pub routed: bool,
    /// Records on their way here, counted instead of drawn (reduced motion; else 0).
    pub arriving: usize,
}

impl PartitionRow {
    pub fn cy(&self) -> f64 {
        self.y + self.row_h / 2.0
    }

    /// Tall enough for each cell's offset and key, and the replication line.
    pub fn shows_text(&self) -> bool {
        self.row_h >= 30.0
    }

    pub fn cell_marks(&self, cell: &Cell, highlight_key: &str) -> CellMarks {
        CellMarks {
            fresh: self.log.cells.last().map(|c| c.offset) == Some(cell.offset),
            matches: cell.key.as_deref() == Some(highlight_key),
            uncommitted: cell.offset >= self.replication.high_watermark,
        }
    }

    /// The row's accessible name.
    pub fn aria_label(&self) -> String {
        let r = &self.replication;
        format!(
            "Partition {}: {}{}{}",
            self.partition,
            plural(self.log.end_offset, "record", "records"),
            if self.arriving > 0 {
                format!(", {} arriving", self.arriving)
            } else {
                String::new()
            },
            match r.leader {
                Some(b) => format!(
                    ", leader broker {b}, {} of {} replicas in sync, high watermark {}",
                    r.in_sync, r.replicas, r.high_watermark
                ),
                None if r.offline() => ", offline: no leader".to_string(),
                None => String::new(),
            }
        )
    }

    /// Where the high watermark stands on the row (in the gap before the first record not yet
    /// copied to the whole ISR), when it falls within the cells drawn and the topic replicates.
    pub fn hw_x(&self) -> Option<f64> {
        let hw = self.replication.high_watermark;
        let first = self.log.cells.first()?.offset;
        (self.replication.replicas > 1 && hw >= first && hw <= self.log.end_offset)
            .then(|| super::gap_x(hw - first))
    }

    /// The end label after the row's name: `  end 42`.
    pub fn end_text(&self) -> String {
        format!("  end {}", self.log.end_offset)
    }

    /// The replication line under the end label, on rows tall enough and replicated topics.
    pub fn replication_text(&self) -> Option<String> {
        let r = &self.replication;
        (self.shows_text() && r.replicas > 0).then(|| match r.leader {
            Some(_) => format!("HW {} · ISR {}/{}", r.high_watermark, r.in_sync, r.replicas),
            None => "OFFLINE".to_string(),
        })
    }
}

/// The rows, and the sim-time window their cells were sampled in (at high rates).
#[derive(Clone, Debug, PartialEq)]
pub struct Rows {
    pub rows: Vec<PartitionRow>,
    /// `(topic, window)` when sampled: rows of the same topic keep their cells within a window.
    sampled_in: Option<(u32, u64)>,
    /// Appends per second over the last second, on the topic.
    pub appends_per_sec: u64,
}

impl Rows {
    pub fn sampled(&self) -> bool {
        self.sampled_in.is_some()
    }

    /// `(topic, window)` when sampled: parts kept within a window may be kept with the rows.
    pub fn sampled_in(&self) -> Option<(u32, u64)> {
        self.sampled_in
    }
}

/// What the rows are built from beside the sim.
pub struct RowsInput<'a> {
    pub topic: u32,
    pub layout: &'a Layout,
    pub names: &'a PartitionNames,
    pub routed_partition: u32,
    /// Records in flight per partition (counted whether drawn or not).
    pub arriving: &'a [usize],
    pub reduced_motion: bool,
}

pub fn rows(sim: &Sim, input: &RowsInput<'_>, previous: Option<&Rows>) -> Rows {
    let run = sim.topic_run(input.topic);
    let topic = run.topic();
    let layout = input.layout;
    let now = sim.now_ms();
    // At high append rates every row changes every frame; redraw the logs on a sim-time grid
    // instead (a sampled view, said in the caption).
    let appends_per_sec: u64 = run
        .load(now)
        .partitions
        .iter()
        .map(|l| l.records_per_sec)
        .sum();
    let sampled_in =
        (appends_per_sec > SAMPLED_ABOVE_PER_SEC).then_some((input.topic, now / SAMPLED_REDRAW_MS));
    let kept = previous.filter(|p| {
        sampled_in.is_some()
            && p.sampled_in == sampled_in
            && p.rows.len() == layout.n_rows() as usize
    });
    let any_flagged = flags::any_flagged(sim);
    let rows = layout
        .shown()
        .map(|p| {
            let kept_log = kept.and_then(|k| k.rows.iter().find(|r| r.partition == p));
            let log = match kept_log {
                Some(kept) => kept.log.clone(),
                None => {
                    let flagged = if any_flagged {
                        flags::flagged_on(sim, input.topic, p)
                    } else {
                        Vec::new()
                    };
                    let last = previous.and_then(|k| k.rows.iter().find(|r| r.partition == p));
                    Rc::new(row_log(
                        &topic.partitions[p as usize],
                        layout.visible_cells,
                        last.map(|r| &*r.log),
                        &flagged,
                    ))
                }
            };
            PartitionRow {
                partition: p,
                number: input.names.number(p),
                name: input.names.name(p),
                y: layout.row_y(p),
                row_h: layout.row_h,
                replication: RowReplication::of(run, p),
                log,
                routed: p == input.routed_partition,
                arriving: if input.reduced_motion {
                    input.arriving.get(p as usize).copied().unwrap_or(0)
                } else {
                    0
                },
            }
        })
        .collect();
    Rows {
        rows,
        sampled_in,
        appends_per_sec,
    }
}

/// The newest `visible` records as cells; the key texts of the `last` frame's cells are kept.
fn row_log(
    log: &crate::engine::PartitionLog,
    visible: usize,
    last: Option<&RowLog>,
    flagged: &[Flagged],
) -> RowLog {
    let first = log.records.len().saturating_sub(visible);
    let last_cells = last.map_or(&[][..], |l| &l.cells[..]);
    RowLog {
        cells: log
            .records
            .iter()
            .skip(first)
            .map(|s| {
                let key = s.record.key.clone();
                let kept = last_cells
                    .iter()
                    .find(|c| c.offset == s.offset && c.key == key);
                Cell {
                    offset: s.offset,
                    swatch: Swatch::of_key(s.record.key.as_deref()),
                    key_text: match kept {
                        Some(c) => c.key_text.clone(),
                        None => key.as_ref().map(flags::key_text),
                    },
                    flag: flagged
                        .iter()
                        .find(|f| f.flag.marks(f, s.offset, &key))
                        .map(|f| f.flag.clone()),
                    key,
                    sent_at_ms: s.record.sent_at_ms,
                    appended_at_ms: s.record.arrives_at_ms,
                }
            })
            .collect(),
        end_offset: log.end_offset(),
        hidden_before: log.start_offset + first as u64 > 0,
        flags: flags::row_summary(flagged, last.and_then(|l| l.flags.as_ref())),
    }
}

/// The offset of the first cell drawn on a row (marks before it are off the row).
pub fn first_visible_offset(log: &crate::engine::PartitionLog, layout: &Layout) -> u64 {
    log.end_offset() - log.records.len().min(layout.visible_cells) as u64
}
