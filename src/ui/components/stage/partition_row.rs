//! One partition's row, over its cells (painted on the canvas under the SVG, `cell_canvas.rs`):
//! its accessible name, the box the pointer and a lesson's highlight find it by, its end offset,
//! leader, ISR and high watermark, and with reduced motion how many records are on their way.
//! A component of its own so that Yew redraws only the rows that changed this frame.

use crate::ui::stage_model::{self as model};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PartitionRowProps {
    pub row: model::PartitionRow,
    /// The tooltip of the record under the pointer, when it is on this row.
    pub title: Option<AttrValue>,
}

#[component]
pub fn PartitionRow(props: &PartitionRowProps) -> Html {
    let row = &props.row;
    let (y, row_h) = (row.y, row.row_h);
    let cy = row.cy();
    let show_text = row.shows_text();
    let r = &row.replication;
    html! {
        <g class={classes!("partition-row", row.routed.then_some("routed"), r.offline().then_some("offline"))} role="listitem" aria-label={row.aria_label()} data-row={row.number.clone()}>
            if let Some(title) = &props.title {
                <title>{ title.clone() }</title>
            }
            <rect class="row-bg" x={model::text::ROW_BG_X} y={format!("{:.1}", y + 1.0)}
                width={model::text::ROW_BG_W} height={format!("{:.1}", row_h - 2.0)} rx="6" />
            if row.log.hidden_before && show_text {
                <text x={model::text::HIDDEN_BEFORE_X} y={format!("{:.1}", y + row_h - 6.0)} class="hidden-before">{ "…" }</text>
            }
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
