//! A partition's link to the member that owns it, in the member's group colour and dash: a
//! rebalance drops it and draws it again to the new owner.

use crate::ui::stage_model::{self as model, OwnerLink};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OwnerLinkLineProps {
    pub link: OwnerLink,
}

#[component]
pub fn OwnerLinkLine(props: &OwnerLinkLineProps) -> Html {
    let l = &props.link;
    let (x0, x1) = (
        model::REPLICAS_X + model::REPLICAS_W + 4.0,
        model::CONSUMERS_X,
    );
    let mid = (x0 + x1) / 2.0;
    let d = format!(
        "M{x0:.1},{:.1} C{mid:.1},{:.1} {mid:.1},{:.1} {x1:.1},{:.1}",
        l.from_y, l.from_y, l.to_y, l.to_y
    );
    html! {
        <g class="owner-link" role="listitem" aria-label={l.label.value().clone()}
            data-partition={l.number.clone()} data-group={l.group.clone()} data-member={l.member.clone()}>
            <path d={d} stroke={l.colour.css()} stroke-dasharray={l.dash()} />
            <circle cx={format!("{x0:.1}")} cy={format!("{:.1}", l.from_y)} r="3" fill={l.colour.css()} />
        </g>
    }
}
