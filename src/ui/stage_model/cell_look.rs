//! How each log cell is painted: its box, fill, stroke, texts and the ledger's badge, as plain
//! data. The stage paints its cells on one canvas instead of a few SVG nodes per record (at
//! tens of records a second those nodes were most of what Chromium drew each frame), so the
//! rules a stylesheet would apply to a cell live here, where they are tested natively, and the
//! canvas component only carries them out.

use super::flags::FlagKind;
use super::rows::{Cell, PartitionRow};
use super::{cell_x, CELLS_X, CELL_STEP, CELL_W};

/// The page's text colour (`--ink` in the stylesheet).
pub const INK: &str = "#1d2330";
/// The font stack the stylesheet gives the page.
pub const OFFSET_FONT: &str =
    "9px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
pub const KEY_FONT: &str =
    "600 9.5px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
pub const BADGE_FONT: &str =
    "800 8.5px system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
/// A row's background, and the inspected key's row.
pub const ROW_FILL: &str = "#f7f9fc";
pub const ROW_STROKE: &str = "#e6eaf0";
pub const ROUTED_ROW_FILL: &str = "#fff7e6";
pub const ROUTED_ROW_STROKE: &str = "#E69F00";
pub const OFFLINE_ROW_FILL: &str = "#fde2e4";

/// The badge's radius; its white ring is [`BADGE_RING_W`] wide.
pub const BADGE_R: f64 = 6.5;
pub const BADGE_RING_W: f64 = 1.2;

/// A cell's stroke pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    /// Past the high watermark: not yet readable.
    Short,
    /// The inspected or pointed-at key, or an acknowledged write that was lost.
    Long,
}

impl Dash {
    /// The canvas line-dash segments, in stage units.
    pub fn segments(self) -> &'static [f64] {
        match self {
            Dash::Solid => &[],
            Dash::Short => &[3.0, 2.0],
            Dash::Long => &[4.0, 2.0],
        }
    }
}

/// The ledger's badge in a cell's top right corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Badge {
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub fill: &'static str,
    pub text: &'static str,
}

/// A row's background box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RowLook {
    pub y: f64,
    pub h: f64,
    pub fill: &'static str,
    pub stroke: &'static str,
}

impl RowLook {
    pub fn of(row: &PartitionRow) -> RowLook {
        // As the stylesheet had it: an offline partition's fill wins over the inspected key's,
        // whose outline stays.
        let fill = if row.replication.offline() {
            OFFLINE_ROW_FILL
        } else if row.routed {
            ROUTED_ROW_FILL
        } else {
            ROW_FILL
        };
        let stroke = if row.routed {
            ROUTED_ROW_STROKE
        } else {
            ROW_STROKE
        };
        RowLook {
            y: row.y + 1.0,
            h: row.row_h - 2.0,
            fill,
            stroke,
        }
    }
}

/// One cell as painted, in stage units (the SVG's `viewBox`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CellLook {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub fill: &'static str,
    /// Less than 1 past the high watermark, and for other keys while one key is pointed at.
    pub fill_alpha: f64,
    pub stroke: &'static str,
    pub stroke_alpha: f64,
    pub stroke_w: f64,
    pub dash: Dash,
    /// The texts' colour: one that reads on `fill`.
    pub ink: &'static str,
    /// The offset and key are drawn (rows tall enough).
    pub texts: bool,
    pub badge: Option<Badge>,
}

impl CellLook {
    /// The `slot`th cell drawn on `row`. `marked_key` is the inspected or pointed-at key;
    /// `dimming` is true while a key is pointed at, so the other records fade.
    pub fn of(row: &PartitionRow, slot: usize, marked_key: &str, dimming: bool) -> CellLook {
        let cell = &row.log.cells[slot];
        let marks = row.cell_marks(cell, marked_key);
        let flag = cell.flag.as_ref().map(|f| f.kind);
        let (fill, ink) = cell.swatch.colours();
        // The stronger mark wins: a lost record over the marked key over the newest record.
        let (stroke, stroke_w, dash) = match flag {
            Some(FlagKind::LostAcknowledged) => ("#b00020", 2.4, Dash::Long),
            Some(FlagKind::Lost) => ("#b00020", 2.4, Dash::Solid),
            _ if marks.matches => (INK, 2.6, Dash::Long),
            _ if marks.fresh => (INK, 2.2, Dash::Solid),
            _ => ("rgba(0,0,0,0.25)", 1.0, Dash::Solid),
        };
        let dash = match dash {
            Dash::Solid if marks.uncommitted => Dash::Short,
            dash => dash,
        };
        let opacity = if marks.uncommitted { 0.45 } else { 1.0 };
        let faded = if dimming && !marks.matches { 0.35 } else { 1.0 };
        let x = cell_x(slot);
        let y = row.y;
        let badge_r = BADGE_R.min(row.row_h / 2.0 - BADGE_RING_W / 2.0);
        let (cells_top, cells_h) = cells_band(row);
        CellLook {
            x,
            y: cells_top,
            w: CELL_W,
            h: cells_h,
            fill,
            fill_alpha: opacity * faded,
            stroke,
            stroke_alpha: opacity,
            stroke_w,
            dash,
            ink,
            texts: row.shows_text(),
            badge: flag.map(|kind| Badge {
                cx: x + CELL_W - 5.0,
                // Inside the row's band, so a row is painted again without its neighbours.
                cy: y + badge_r + BADGE_RING_W / 2.0,
                r: badge_r,
                fill: match kind {
                    FlagKind::ProcessedTwice => "#8a5a00",
                    FlagKind::OutOfOrder => "#5b2a86",
                    FlagKind::Lost | FlagKind::LostAcknowledged => "#b00020",
                },
                text: kind.badge(),
            }),
        }
    }

    /// Where the offset's text starts (left-aligned on its baseline).
    pub fn offset_at(&self) -> (f64, f64) {
        (self.x + 4.0, self.y + 11.0)
    }

    /// Where the key's text is centred (on its baseline).
    pub fn key_at(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h - 7.0)
    }
}

/// Two rows paint the same pixels (for a given marked key): what `RowLook` and `CellLook` read
/// is equal. Leaders, ISR sizes and records on their way are drawn by the SVG, not here.
pub fn paints_alike(a: &PartitionRow, b: &PartitionRow) -> bool {
    a.y == b.y
        && a.row_h == b.row_h
        && a.routed == b.routed
        && a.replication.offline() == b.replication.offline()
        && a.replication.high_watermark == b.replication.high_watermark
        && a.log == b.log
}

/// The key drawn on a cell.
pub fn cell_key_text(cell: &Cell) -> &str {
    cell.key_text.as_deref().unwrap_or("null")
}

/// Where a row's cells start and how tall they are: a margin of 3 above and below.
fn cells_band(row: &PartitionRow) -> (f64, f64) {
    (row.y + 3.0, row.row_h - 6.0)
}

/// The row and cell under a point of the stage, if a cell is there (the gaps between cells and
/// a row's margins hit nothing).
pub fn cell_at(rows: &[PartitionRow], x: f64, y: f64) -> Option<(&PartitionRow, &Cell)> {
    let row = rows.iter().find(|r| {
        let (top, h) = cells_band(r);
        y >= top && y < top + h
    })?;
    let along = x - CELLS_X;
    if along < 0.0 || along % CELL_STEP >= CELL_W {
        return None;
    }
    let cell = row.log.cells.get((along / CELL_STEP) as usize)?;
    Some((row, cell))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::palette::Swatch;
    use crate::ui::stage_model::{CellFlag, RowLog, RowReplication};
    use std::rc::Rc;

    /// A row of partition 3 at y 100, 40 high, whose records are keyed `a`, `b`, `a`, `c` and
    /// `b` at offsets 10..15, with the high watermark at 13 and a flag on the record at 11.
    fn row(flag: Option<FlagKind>) -> PartitionRow {
        let keys = ["a", "b", "a", "c", "b"];
        let cells = keys
            .iter()
            .enumerate()
            .map(|(i, k)| Cell {
                offset: 10 + i as u64,
                key: Some((*k).into()),
                key_text: Some((*k).into()),
                flag: flag.filter(|_| i == 1).map(|kind| CellFlag {
                    kind,
                    at_ms: 5_000,
                    member: "c1".into(),
                    lost_write: None,
                }),
                swatch: Swatch::of_key(Some(k)),
                sent_at_ms: 0,
                appended_at_ms: 0,
            })
            .collect();
        PartitionRow {
            partition: 3,
            number: "3".into(),
            name: "P3".into(),
            y: 100.0,
            row_h: 40.0,
            replication: RowReplication {
                high_watermark: 13,
                leader: Some(1),
                in_sync: 3,
                replicas: 3,
            },
            log: Rc::new(RowLog {
                cells,
                end_offset: 15,
                hidden_before: true,
                flags: None,
            }),
            routed: false,
            arriving: 0,
        }
    }

    #[test]
    fn a_cell_is_painted_as_the_stylesheet_marked_it() {
        // (flag on offset 11, slot, marked key, dimming) → (stroke, width, dash, fill alpha,
        // stroke alpha, badge). Slot 4 is the newest and, like slot 3, past the high watermark.
        let ink = INK;
        let grey = "rgba(0,0,0,0.25)";
        let red = "#b00020";
        type Painted = (&'static str, f64, Dash, f64, f64, Option<&'static str>);
        #[rustfmt::skip]
        let cases: &[(Option<FlagKind>, usize, &str, bool, Painted)] = &[
            (None, 0, "", false, (grey, 1.0, Dash::Solid, 1.0, 1.0, None)),
            (None, 0, "a", false, (ink, 2.6, Dash::Long, 1.0, 1.0, None)),
            (None, 1, "a", true, (grey, 1.0, Dash::Solid, 0.35, 1.0, None)),
            (None, 2, "a", true, (ink, 2.6, Dash::Long, 1.0, 1.0, None)),
            // Past the high watermark: faint and short-dashed, unless another mark has a dash.
            (None, 3, "", false, (grey, 1.0, Dash::Short, 0.45, 0.45, None)),
            (None, 4, "", false, (ink, 2.2, Dash::Short, 0.45, 0.45, None)),
            (None, 4, "b", false, (ink, 2.6, Dash::Long, 0.45, 0.45, None)),
            (None, 3, "b", true, (grey, 1.0, Dash::Short, 0.45 * 0.35, 0.45, None)),
            // A lost record's red outline wins over the marked key's.
            (Some(FlagKind::Lost), 1, "b", false, (red, 2.4, Dash::Solid, 1.0, 1.0, Some("#b00020"))),
            (Some(FlagKind::LostAcknowledged), 1, "", false, (red, 2.4, Dash::Long, 1.0, 1.0, Some("#b00020"))),
            (Some(FlagKind::ProcessedTwice), 1, "b", false, (ink, 2.6, Dash::Long, 1.0, 1.0, Some("#8a5a00"))),
            (Some(FlagKind::OutOfOrder), 1, "", false, (grey, 1.0, Dash::Solid, 1.0, 1.0, Some("#5b2a86"))),
        ];
        for &(flag, slot, key, dimming, want) in cases {
            let look = CellLook::of(&row(flag), slot, key, dimming);
            let got = (
                look.stroke,
                look.stroke_w,
                look.dash,
                look.fill_alpha,
                look.stroke_alpha,
                look.badge.map(|b| b.fill),
            );
            assert_eq!(
                got, want,
                "{flag:?}, slot {slot}, key {key:?}, dimming {dimming}"
            );
        }
    }

    #[test]
    fn a_cell_sits_in_its_slot_with_its_texts_and_badge_inside_it() {
        let row = row(Some(FlagKind::Lost));
        let look = CellLook::of(&row, 1, "", false);
        assert_eq!(
            (look.x, look.y, look.w, look.h),
            (301.0, 103.0, CELL_W, 34.0)
        );
        assert_eq!(look.offset_at(), (305.0, 114.0));
        assert_eq!(look.key_at(), (326.0, 130.0));
        let badge = look.badge.expect("flagged");
        assert_eq!((badge.cx, badge.r, badge.text), (346.0, BADGE_R, "✕"));
        assert!((badge.cy - 107.1).abs() < 1e-9);
        assert!(look.texts);
        let short = PartitionRow {
            row_h: 20.0,
            ..row.clone()
        };
        assert!(!CellLook::of(&short, 1, "", false).texts);
        assert_eq!(
            cell_key_text(&Cell {
                key_text: None,
                ..row.log.cells[0].clone()
            }),
            "null"
        );
    }

    #[test]
    fn everything_painted_for_a_row_stays_in_its_band() {
        // The canvas paints a changed row again inside its band [y, y + row_h) alone, so no
        // stroke or badge of a row may reach its neighbours', at any row height the layout makes.
        // The layout's row heights (geometry.rs), and one between.
        for row_h in [14.0, 20.0, 22.0, 32.0, 46.0] {
            for kind in [None, Some(FlagKind::Lost), Some(FlagKind::LostAcknowledged)] {
                let row = PartitionRow { row_h, ..row(kind) };
                let bg = RowLook::of(&row);
                assert!(bg.y - 0.5 >= row.y && bg.y + bg.h + 0.5 <= row.y + row_h);
                for slot in 0..row.log.cells.len() {
                    let look = CellLook::of(&row, slot, "a", false);
                    let half = look.stroke_w / 2.0;
                    assert!(look.y - half >= row.y && look.y + look.h + half <= row.y + row_h);
                    if let Some(b) = look.badge {
                        let reach = b.r + BADGE_RING_W / 2.0;
                        assert!(b.cy - reach >= row.y - 1e-9, "{row_h} {kind:?}");
                        assert!(b.cy + reach <= row.y + row_h, "{row_h} {kind:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_row_is_painted_again_only_when_what_it_paints_changed() {
        let before = row(None);
        let alike = |change: &dyn Fn(&mut PartitionRow)| {
            let mut after = before.clone();
            change(&mut after);
            paints_alike(&before, &after)
        };
        assert!(alike(&|_| {}));
        assert!(alike(&|r| r.arriving = 3));
        assert!(alike(&|r| r.replication.in_sync = 2));
        assert!(alike(&|r| r.log = Rc::new((*r.log).clone())));
        assert!(!alike(&|r| r.replication.high_watermark = 14));
        assert!(!alike(&|r| r.replication.leader = None));
        assert!(!alike(&|r| r.routed = true));
        assert!(!alike(&|r| r.y = 101.0));
        assert!(!alike(&|r| r.row_h = 39.0));
        assert!(!alike(
            &|r| Rc::make_mut(&mut r.log).cells[2].key = Some("z".into())
        ));
    }

    #[test]
    fn a_row_is_shaded_by_what_it_is() {
        let plain = row(None);
        assert_eq!(
            RowLook::of(&plain),
            RowLook {
                y: 101.0,
                h: 38.0,
                fill: ROW_FILL,
                stroke: ROW_STROKE
            }
        );
        let routed = PartitionRow {
            routed: true,
            ..plain.clone()
        };
        assert_eq!(RowLook::of(&routed).fill, ROUTED_ROW_FILL);
        let offline = PartitionRow {
            replication: RowReplication {
                leader: None,
                ..plain.replication
            },
            ..plain.clone()
        };
        assert_eq!(
            (RowLook::of(&offline).fill, RowLook::of(&offline).stroke),
            (OFFLINE_ROW_FILL, ROW_STROKE)
        );
        let both = PartitionRow {
            routed: true,
            ..offline
        };
        assert_eq!(
            (RowLook::of(&both).fill, RowLook::of(&both).stroke),
            (OFFLINE_ROW_FILL, ROUTED_ROW_STROKE)
        );
    }

    #[test]
    fn a_point_hits_the_cell_under_it_and_nothing_in_the_gaps() {
        let rows = [row(None)];
        let hit = |x, y| cell_at(&rows, x, y).map(|(r, c)| (r.partition, c.offset));
        // (x, y) → the partition and offset under it.
        type Hit = Option<(u32, u64)>;
        #[rustfmt::skip]
        let cases: &[((f64, f64), Hit)] = &[
            ((CELLS_X, 103.0), Some((3, 10))),
            ((CELLS_X + CELL_W - 0.1, 136.9), Some((3, 10))),
            ((CELLS_X + CELL_W + 1.0, 120.0), None),
            ((CELLS_X + CELL_STEP, 120.0), Some((3, 11))),
            ((CELLS_X + 4.0 * CELL_STEP + 1.0, 120.0), Some((3, 14))),
            // Past the newest cell, left of the first, above and below the cells.
            ((CELLS_X + 5.0 * CELL_STEP + 1.0, 120.0), None),
            ((CELLS_X - 1.0, 120.0), None),
            ((CELLS_X + 1.0, 102.0), None),
            ((CELLS_X + 1.0, 137.0), None),
        ];
        for &((x, y), want) in cases {
            assert_eq!(hit(x, y), want, "({x}, {y})");
        }
    }
}
