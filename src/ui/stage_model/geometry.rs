//! Where things sit on the stage, in SVG user units: the fixed columns (producer box, buckets,
//! routes, log cells, end labels, the replicas on each broker, the consumers) and the rows,
//! whose height shrinks as partitions are added. The drawing reads every coordinate from here,
//! so the layout is tested without a browser.

use std::rc::Rc;

/// The stage's width; its height follows from the rows and the consumers.
pub const WIDTH: f64 = 1200.0;
/// Where the partition rows start with one producer; each further producer on the topic takes
/// its own three lines above the rows.
const TOP: f64 = 64.0;
/// The height one producer's three lines take in the producer box.
pub const PRODUCER_LINES_H: f64 = 48.0;
pub const PRODUCER_LEFT: f64 = 8.0;
pub const BUCKET_X: f64 = 118.0;
pub const BUCKET_W: f64 = 66.0;
pub const PRODUCER_RIGHT: f64 = BUCKET_X + BUCKET_W + 8.0;
pub const LABEL_X: f64 = 236.0;
pub const CELLS_X: f64 = 248.0;
pub const CELL_W: f64 = 50.0;
pub const CELL_GAP: f64 = 3.0;
/// From one cell's left edge to the next one's.
pub const CELL_STEP: f64 = CELL_W + CELL_GAP;
const END_LABEL_W: f64 = 92.0;
/// Where the replica matrix starts: one column per broker, its header above the rows.
pub const REPLICAS_X: f64 = 772.0;
pub const REPLICAS_W: f64 = 168.0;
/// Where the consumers' column starts (links run from the replicas to it).
pub const CONSUMERS_X: f64 = 1000.0;
pub const CONSUMER_W: f64 = 192.0;
/// A group's name line above its members.
pub const GROUP_HEAD_H: f64 = 18.0;
/// Where the broker headers sit, above the first row.
pub const BROKER_HEAD_Y: f64 = 26.0;
pub const BROKER_HEAD_H: f64 = 34.0;
/// Where a route meets its partition row.
pub const ROUTE_END_X: f64 = LABEL_X;
pub const PILL_W: f64 = 44.0;

/// A row's background box: from just left of its label to the right of the replica columns.
pub const ROW_BG_X: f64 = LABEL_X - 4.0;
pub const ROW_BG_W: f64 = REPLICAS_X + REPLICAS_W + 4.0 - ROW_BG_X;

/// Where the `slot`th cell drawn on a row starts.
pub fn cell_x(slot: usize) -> f64 {
    CELLS_X + slot as f64 * CELL_STEP
}

/// The gap before the `slot`th cell drawn: where a mark for an offset stands.
pub fn gap_x(slot: u64) -> f64 {
    CELLS_X + slot as f64 * CELL_STEP - CELL_GAP / 2.0
}

/// The constant coordinates as the SVG attributes they become, written once instead of on
/// every frame (checked against the numbers in the tests).
pub mod text {
    pub const BUCKET_X: &str = "118";
    pub const BUCKET_W: &str = "66";
    pub const BUCKET_RIGHT: &str = "184";
    /// Written to a tenth, as the bucket's moving parts are.
    pub const BUCKET_LABEL_X: &str = "151.0";
    pub const NEXT_LABEL_X: &str = "112";
    pub const ROUTE_END_X: &str = "236";
    pub const LABEL_X: &str = "236";
    pub const ROW_BG_X: &str = "232";
    pub const ROW_BG_W: &str = "712";
    pub const HIDDEN_BEFORE_X: &str = "244";
    pub const END_X: &str = "764";
    pub const CONSUMERS_X: &str = "1000";
    pub const CONSUMER_W: &str = "192";
    pub const CONSUMER_TEXT_X: &str = "1012";
    pub const GROUP_HEAD_TEXT_X: &str = "1015";
    /// Where a group's ledger flags end, right-aligned on its name line.
    pub const GROUP_FLAGS_X: &str = "1192";
    /// The record a consumer processes: a small cell at its box's right end.
    pub const WORK_CELL_X: &str = "1132";
    pub const WORK_CELL_W: &str = "56";
    pub const WORK_TEXT_X: &str = "1160";
    /// Where the processed record's partition and offset end, right-aligned.
    pub const WORK_WHERE_X: &str = "1188";
    pub const PILL_W: &str = "44";
    pub const PRODUCER_LEFT: &str = "8";
    pub const PRODUCER_BOX_W: &str = "184";
}

/// Above this many partitions the stage folds: it draws `FOLDED_ROWS` rows, the busiest
/// partitions, and sums up the rest in a line under them.
pub const FOLD_ABOVE: u32 = 16;
pub const FOLDED_ROWS: u32 = 12;

/// The stage's rows for a topic of `n_partitions`, with `n_producers` writing to it.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub n_partitions: u32,
    /// The partitions drawn, in partition order, when the topic is folded (else all are).
    pub folded: Option<Rc<[u32]>>,
    /// Row height: rows shrink as partitions are added, so up to 256 fit.
    pub row_h: f64,
    /// Where the first row starts.
    pub top: f64,
    /// The whole stage's height.
    pub height: f64,
    /// How many log cells a row has room for (the newest ones are drawn).
    pub visible_cells: usize,
    /// One replica column per broker.
    pub n_brokers: u32,
    /// Each consumer's box height (the column shrinks them to fit beside the rows).
    pub consumer_h: f64,
}

impl Layout {
    pub fn new(n_partitions: u32, n_producers: usize) -> Layout {
        Layout::folded(n_partitions, n_producers, None)
    }

    /// Rows for only the partitions in `shown` (in partition order), with a summary line under
    /// them for the rest.
    pub fn folded(n_partitions: u32, n_producers: usize, shown: Option<Rc<[u32]>>) -> Layout {
        let n_rows = shown.as_ref().map_or(n_partitions, |s| s.len() as u32);
        let summary_h = if shown.is_some() { 16.0 } else { 0.0 };
        let row_h = match n_rows {
            0..=8 => 46.0,
            9..=16 => 32.0,
            17..=32 => 22.0,
            _ => 14.0,
        };
        let top = TOP.max(PRODUCER_LINES_H * n_producers as f64 + 17.0);
        Layout {
            n_partitions,
            folded: shown,
            row_h,
            top,
            height: top + f64::from(n_rows) * row_h + summary_h + 12.0,
            visible_cells: ((REPLICAS_X - CELLS_X - END_LABEL_W) / CELL_STEP).floor() as usize,
            n_brokers: 0,
            consumer_h: 0.0,
        }
    }

    /// The same rows with `n_brokers` replica columns and the consumer column for groups of
    /// `members` each: consumers shrink (from 40 down to 20) to sit beside the rows, and the
    /// stage grows below the rows only when they cannot.
    pub fn with_cluster(mut self, n_brokers: u32, members: &[usize]) -> Layout {
        self.n_brokers = n_brokers;
        let total: usize = members.iter().sum();
        if total > 0 {
            let rows_h = f64::from(self.n_rows()) * self.row_h;
            let heads = GROUP_HEAD_H * members.len() as f64;
            let fit = ((rows_h - heads) / total as f64 - 4.0).floor();
            self.consumer_h = fit.clamp(20.0, 40.0);
            let bottom = self.top + heads + total as f64 * (self.consumer_h + 4.0);
            self.height = self.height.max(bottom + 12.0);
        }
        self
    }

    /// One broker's replica column: its left edge and width (brokers count from 1).
    pub fn broker_column(&self, broker: u32) -> (f64, f64) {
        let w = (REPLICAS_W / f64::from(self.n_brokers.max(1))).min(56.0);
        (REPLICAS_X + f64::from(broker.saturating_sub(1)) * w, w)
    }

    /// Whether a broker's column is wide enough for words.
    pub fn shows_replica_text(&self) -> bool {
        self.broker_column(1).1 >= 40.0
    }

    /// How many rows are drawn.
    pub fn n_rows(&self) -> u32 {
        self.folded
            .as_ref()
            .map_or(self.n_partitions, |s| s.len() as u32)
    }

    /// Whether partition `p` has a row (a folded stage draws only the busiest).
    pub fn shows(&self, p: u32) -> bool {
        match &self.folded {
            Some(shown) => shown.binary_search(&p).is_ok(),
            None => p < self.n_partitions,
        }
    }

    /// The partitions drawn, top to bottom.
    pub fn shown(&self) -> impl Iterator<Item = u32> + '_ {
        let all = self.folded.is_none().then_some(0..self.n_partitions);
        let some = self.folded.as_deref().map(|s| s.iter().copied());
        all.into_iter().flatten().chain(some.into_iter().flatten())
    }

    /// The top edge of partition `p`'s row (of the row it would have, when folded away).
    pub fn row_y(&self, p: u32) -> f64 {
        let slot = match &self.folded {
            Some(shown) => shown.binary_search(&p).unwrap_or_else(|i| i) as u32,
            None => p,
        };
        self.top + f64::from(slot) * self.row_h
    }

    /// Where the folded partitions' summary line sits.
    pub fn summary_y(&self) -> f64 {
        self.top + f64::from(self.n_rows()) * self.row_h + 12.0
    }

    /// Whether rows are tall enough for a pill's or a bucket's text.
    pub fn shows_pill_text(&self) -> bool {
        self.row_h >= 22.0
    }

    /// Whether rows are tall enough for the replicas' pulses and words (few rows).
    pub fn shows_text_rows(&self) -> bool {
        self.row_h >= 30.0
    }

    /// Whether rows are tall enough for a cell's offset and key.
    pub fn shows_cell_text(&self) -> bool {
        self.row_h >= 30.0
    }

    /// The producer box's height: from the top down to the last row.
    pub fn producer_box_h(&self) -> f64 {
        f64::from(self.n_rows()) * self.row_h + (self.top - 8.0)
    }

    /// Where producer slot `slot`'s first line sits in the producer box.
    pub fn producer_line_y(&self, slot: usize) -> f64 {
        22.0 + PRODUCER_LINES_H * slot as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_texts_are_the_coordinates() {
        let pairs = [
            (text::BUCKET_X, BUCKET_X),
            (text::BUCKET_W, BUCKET_W),
            (text::BUCKET_RIGHT, BUCKET_X + BUCKET_W),
            (text::NEXT_LABEL_X, BUCKET_X - 6.0),
            (text::ROUTE_END_X, ROUTE_END_X),
            (text::LABEL_X, LABEL_X),
            (text::ROW_BG_X, ROW_BG_X),
            (text::ROW_BG_W, ROW_BG_W),
            (text::HIDDEN_BEFORE_X, CELLS_X - 4.0),
            (text::END_X, REPLICAS_X - 8.0),
            (text::CONSUMERS_X, CONSUMERS_X),
            (text::CONSUMER_W, CONSUMER_W),
            (text::CONSUMER_TEXT_X, CONSUMERS_X + 12.0),
            (text::GROUP_HEAD_TEXT_X, CONSUMERS_X + 15.0),
            (text::GROUP_FLAGS_X, CONSUMERS_X + CONSUMER_W),
            (text::WORK_CELL_X, CONSUMERS_X + CONSUMER_W - 60.0),
            (text::WORK_CELL_W, 56.0),
            (text::WORK_TEXT_X, CONSUMERS_X + CONSUMER_W - 32.0),
            (text::WORK_WHERE_X, CONSUMERS_X + CONSUMER_W - 4.0),
            (text::PILL_W, PILL_W),
            (text::PRODUCER_LEFT, PRODUCER_LEFT),
            (text::PRODUCER_BOX_W, PRODUCER_RIGHT - PRODUCER_LEFT),
        ];
        for (written, number) in pairs {
            assert_eq!(written, number.to_string());
        }
        assert_eq!(
            text::BUCKET_LABEL_X,
            format!("{:.1}", BUCKET_X + BUCKET_W / 2.0)
        );
    }

    #[test]
    fn rows_shrink_as_partitions_grow() {
        // (partitions, producers) → (row height, first row, stage height, cells per row)
        let cases = [
            ((1, 1), (46.0, 65.0, 123.0, 8)),
            ((6, 1), (46.0, 65.0, 353.0, 8)),
            ((6, 3), (46.0, 161.0, 449.0, 8)),
            ((12, 0), (32.0, 64.0, 460.0, 8)),
            ((32, 1), (22.0, 65.0, 781.0, 8)),
            ((256, 1), (14.0, 65.0, 3661.0, 8)),
        ];
        for ((n, producers), (row_h, top, height, visible)) in cases {
            let layout = Layout::new(n, producers);
            assert_eq!(
                (
                    layout.row_h,
                    layout.top,
                    layout.height,
                    layout.visible_cells
                ),
                (row_h, top, height, visible),
                "{n} partitions, {producers} producers"
            );
        }
        let layout = Layout::new(6, 1);
        assert_eq!(layout.row_y(2), 157.0);
        assert_eq!(cell_x(3), 407.0);
        assert_eq!(gap_x(3), 405.5);
        assert_eq!(layout.producer_box_h(), 333.0);
    }

    #[test]
    fn consumers_shrink_to_sit_beside_the_rows() {
        // Seven members beside six rows fit at 32; 24 members beside one row push the stage down.
        let layout = Layout::new(6, 1).with_cluster(3, &[7]);
        assert_eq!((layout.consumer_h, layout.height), (32.0, 353.0));
        let layout = Layout::new(1, 1).with_cluster(3, &[8, 8, 8]);
        assert_eq!((layout.consumer_h, layout.height), (20.0, 707.0));
        assert_eq!(layout.broker_column(2), (828.0, 56.0));
        assert!(layout.shows_replica_text());
        assert!(!Layout::new(6, 1).with_cluster(16, &[]).shows_replica_text());
    }
}
