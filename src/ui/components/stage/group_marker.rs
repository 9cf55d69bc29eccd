//! A consumer group's mark on a partition row: its committed offset as a solid bar with a notch,
//! or where its consumer reads next as a dashed one, in the group's colour.

use crate::ui::stage_model::{GroupMark, GroupMarkKind};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupMarkerProps {
    pub mark: GroupMark,
}

#[component]
pub fn GroupMarker(props: &GroupMarkerProps) -> Html {
    let m = &props.mark;
    let colour = m.colour.css();
    let x = format!("{:.1}", m.x);
    let (y, row_h) = (m.y, m.row_h);
    match m.kind {
        GroupMarkKind::Commit { .. } => html! {
            <g class="commit-marker" data-group={m.group.clone()} data-partition={m.number.clone()}>
                <title>{ m.title() }</title>
                <line x1={x.clone()} x2={x} y1={format!("{:.1}", y + 1.0)} y2={format!("{:.1}", y + row_h - 1.0)}
                    stroke={colour} stroke-width="3" />
                <polygon points={format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", m.x - 4.0, y, m.x + 4.0, y, m.x, y + 5.0)} fill={colour} />
            </g>
        },
        GroupMarkKind::Position { .. } => html! {
            <g class="position-marker" data-group={m.group.clone()} data-partition={m.number.clone()}>
                <title>{ m.title() }</title>
                <line x1={x.clone()} x2={x} y1={format!("{:.1}", y + 2.0)} y2={format!("{:.1}", y + row_h - 2.0)}
                    stroke={colour} stroke-width="2" stroke-dasharray="3 2" />
            </g>
        },
    }
}
