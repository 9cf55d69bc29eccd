//! One partition's row: its newest records as offset cells, its end offset, leader, ISR and
//! high watermark, and with reduced motion how many records are on their way. A component of
//! its own so that Yew redraws only the rows that changed this frame, not every row.

use crate::ui::stage_model::{self as model, CELL_W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionRowProps {
    pub row: model::PartitionRow,
    /// Cells with this key are outlined.
    pub highlight_key: AttrValue,
}

#[component]
pub fn PartitionRow(props: &PartitionRowProps) -> Html {
    let row = &props.row;
    let (y, row_h) = (row.y, row.row_h);
    let cy = row.cy();
    let show_text = row.shows_text();
    let r = &row.replication;
    let cells = row.log.cells.iter().enumerate().map(|(i, cell)| {
        let x = model::CELLS_X + i as f64 * model::CELL_STEP;
        let key = cell.key.as_deref();
        let (fill, ink) = cell.swatch.colours();
        let flag = cell.flag.as_ref().map(|f| f.kind);
        let marks = row.cell_marks(cell, &props.highlight_key);
        html! {
            <g class={classes!("cell", marks.fresh.then_some("fresh"), marks.matches.then_some("match"), marks.uncommitted.then_some("uncommitted"), flag.map(|f| f.class()), flag.is_some().then_some("flagged"))}
                data-partition={row.number.clone()} data-offset={cell.offset.to_string()} data-key={cell.key.clone().unwrap_or_else(|| "".into())}
                data-null-key={key.is_none().then_some("true")}>
                <title>{ row.cell_title(cell) }</title>
                <rect x={format!("{x:.1}")} y={format!("{:.1}", y + 3.0)} width={model::text::CELL_W} height={format!("{:.1}", row_h - 6.0)} rx="4" fill={fill} />
                if show_text {
                    <text x={format!("{:.1}", x + 4.0)} y={format!("{:.1}", y + 14.0)} class="cell-offset" fill={ink}>{ cell.offset }</text>
                    <text x={format!("{:.1}", x + CELL_W / 2.0)} y={format!("{:.1}", y + row_h - 10.0)} class="cell-key" fill={ink}>
                        { cell.key_text.clone().map_or(AttrValue::Static("null"), AttrValue::Rc) }
                    </text>
                }
                if let Some(kind) = flag {
                    <g class="cell-flag" aria-hidden="true">
                        <circle cx={format!("{:.1}", x + CELL_W - 5.0)} cy={format!("{:.1}", y + 5.0)} r="7" />
                        <text x={format!("{:.1}", x + CELL_W - 5.0)} y={format!("{:.1}", y + 8.5)}>{ kind.badge() }</text>
                    </g>
                }
            </g>
        }
    });
    html! {
        <g class={classes!("partition-row", row.routed.then_some("routed"), r.offline().then_some("offline"))} role="listitem" aria-label={row.aria_label()} data-row={row.number.clone()}>
            <rect class="row-bg" x={model::text::ROW_BG_X} y={format!("{:.1}", y + 1.0)}
                width={model::text::ROW_BG_W} height={format!("{:.1}", row_h - 2.0)} rx="6" />
            if row.log.hidden_before && show_text {
                <text x={model::text::HIDDEN_BEFORE_X} y={format!("{:.1}", y + row_h - 6.0)} class="hidden-before">{ "…" }</text>
            }
            { for cells }
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
