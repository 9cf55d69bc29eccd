//! One partition's row: its newest records as offset cells, its end offset, leader, ISR and
//! high watermark, and with reduced motion how many records are on their way. A component of
//! its own so that Yew redraws only the rows that changed this frame, not every row.

use super::log_cell::LogCell;
use crate::ui::stage_model::{self as model};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionRowProps {
    pub row: model::PartitionRow,
    /// Cells with this key are outlined.
    pub highlight_key: AttrValue,
    /// The rows are sampled (high append rates): see `stage_model::rows`.
    pub sampled: bool,
}

#[component]
pub fn PartitionRow(props: &PartitionRowProps) -> Html {
    let row = &props.row;
    let (y, row_h) = (row.y, row.row_h);
    let cy = row.cy();
    let show_text = row.shows_text();
    let r = &row.replication;
    // At low rates the cells are keyed by offset: an append adds one cell and moves the group,
    // the others stay as drawn. When sampled, most of a row turns over at each redraw, so the
    // cells are keyed by place and reuse their nodes instead of making new ones.
    let first = row.log.cells.first().map_or(0, |c| c.offset);
    let anchor = if props.sampled {
        first
    } else {
        model::cells_anchor(first)
    };
    let number: AttrValue = AttrValue::Rc(row.number.clone());
    let cells = row.log.cells.iter().enumerate().map(|(slot, cell)| {
        let key = if props.sampled { slot as u64 } else { cell.offset };
        html! {
            <LogCell {key} cell={cell.clone()} partition={row.partition} number={number.clone()} {anchor}
                {y} {row_h} {show_text} marks={row.cell_marks(cell, &props.highlight_key)} />
        }
    });
    html! {
        <g class={classes!("partition-row", row.routed.then_some("routed"), r.offline().then_some("offline"))} role="listitem" aria-label={row.aria_label()} data-row={row.number.clone()}>
            <rect class="row-bg" x={model::text::ROW_BG_X} y={format!("{:.1}", y + 1.0)}
                width={model::text::ROW_BG_W} height={format!("{:.1}", row_h - 2.0)} rx="6" />
            if row.log.hidden_before && show_text {
                <text x={model::text::HIDDEN_BEFORE_X} y={format!("{:.1}", y + row_h - 6.0)} class="hidden-before">{ "…" }</text>
            }
            <g class="cells" transform={format!("translate({:.1} 0)", model::cells_shift_x(first, anchor))}>{ for cells }</g>
            if let Some(hw_x) = row.hw_x() {
                <g class="hw-mark" style={format!("transform:translateX({hw_x:.1}px)")} aria-hidden="true">
                    <line x1="0" x2="0" y1={format!("{:.1}", y + 1.0)} y2={format!("{:.1}", y + row_h - 1.0)} />
                    if show_text {
                        <text x="2" y={format!("{:.1}", y + row_h - 2.0)}>{ "HW" }</text>
                    }
                </g>
            }
            <text x={model::text::END_X} y={format!("{:.1}", if show_text { cy - 2.0 } else { cy + 4.0 })} class="end-offset">
                <tspan class="row-label">{ row.name.clone() }</tspan>{ row.end_text() }
            </text>
            if let Some(text) = row.replication_text() {
                <text x={model::text::END_X} y={format!("{:.1}", cy + 11.0)} class={classes!("rep-label", r.offline().then_some("offline"), r.under_replicated().then_some("under"))}>
                    { text }
                </text>
            }
            if let Some(flags) = &row.log.flags {
                <text x={model::text::END_X} y={format!("{:.1}", y + 10.0)} class="row-flags">{ flags.clone() }</text>
            }
            if row.arriving > 0 {
                <text x={model::text::END_X} y={format!("{:.1}", cy - 9.0)} class="arriving">{ format!("+{} →", row.arriving) }</text>
            }
        </g>
    }
}
