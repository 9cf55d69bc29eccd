//! A partition with no owner in a group (during a rebalance): where its link was, a short stub
//! in the group's colour ending in an open ring.

use crate::ui::stage_model::{self as model, Unowned};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UnownedStubProps {
    pub stub: Unowned,
}

#[component]
pub fn UnownedStub(props: &UnownedStubProps) -> Html {
    let u = &props.stub;
    let x0 = model::REPLICAS_X + model::REPLICAS_W + 4.0;
    let x1 = x0 + 18.0 + u.group_slot as f64 * 6.0;
    let y = format!("{:.1}", u.y);
    html! {
        <g class="unowned" role="listitem" aria-label={u.label.value().clone()} data-partition={u.number.clone()} data-group={u.group.clone()}>
            <line x1={format!("{x0:.1}")} x2={format!("{x1:.1}")} y1={y.clone()} y2={y.clone()} stroke={u.colour.css()} />
            <circle cx={format!("{:.1}", x1 + 4.0)} cy={y} r="4" stroke={u.colour.css()} />
        </g>
    }
}
