//! A share group's marks on one partition row: its SPSO and SPEO as brackets around the
//! records in flight, and on each in-flight cell a tag in the group's colour (the member
//! holding it and its delivery count), a cross for an archived record.

use crate::ui::stage_model::{ShareCellState, ShareRow, CELL_W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareMarksProps {
    pub row: ShareRow,
}

#[component]
pub fn ShareMarks(props: &ShareMarksProps) -> Html {
    let r = &props.row;
    let (top, bottom) = (r.y + 2.0, r.y + r.row_h - 2.0);
    let colour = r.colour.css();
    let bracket = |x: f64, class: &'static str, text: &'static str| {
        html! {
            <g class={classes!("share-bound", class)}>
                <line x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{top:.1}")} y2={format!("{bottom:.1}")} stroke={colour} />
                <text x={format!("{:.1}", x + if class == "spso" { 2.0 } else { -2.0 })} y={format!("{:.1}", top + 7.0)} fill={colour}>{ text }</text>
            </g>
        }
    };
    html! {
        <g class="share-row" role="listitem" aria-label={r.label.value().clone()}
            data-group={r.group.clone()} data-partition={r.number.clone()}>
            { for r.cells.iter().map(|c| {
                let state = match &c.state {
                    ShareCellState::Acquired { .. } => "acquired",
                    ShareCellState::Available => "available",
                    ShareCellState::Acknowledged => "acknowledged",
                    ShareCellState::Archived => "archived",
                };
                let member = match &c.state {
                    ShareCellState::Acquired { member, .. } => Some(member.clone()),
                    _ => None,
                };
                html! {
                    <g class={classes!("share-cell", state)} data-offset={c.offset.to_string()} data-member={member} aria-hidden="true">
                        if matches!(c.state, ShareCellState::Archived) {
                            <line class="archived-cross" x1={format!("{:.1}", c.x + 4.0)} y1={format!("{:.1}", r.y + 6.0)}
                                x2={format!("{:.1}", c.x + CELL_W - 4.0)} y2={format!("{:.1}", r.y + r.row_h - 6.0)} />
                        }
                        <rect x={format!("{:.1}", c.x + 2.0)} y={format!("{:.1}", r.y + r.row_h - 14.0)} width={format!("{:.1}", CELL_W - 4.0)} height="10" rx="3" fill={colour} />
                        <text x={format!("{:.1}", c.x + CELL_W / 2.0)} y={format!("{:.1}", r.y + r.row_h - 6.0)}>{ c.tag.clone() }</text>
                    </g>
                }
            }) }
            if let Some(x) = r.spso_x { { bracket(x, "spso", "SPSO") } }
            if let Some(x) = r.speo_x { { bracket(x, "speo", "SPEO") } }
        </g>
    }
}
