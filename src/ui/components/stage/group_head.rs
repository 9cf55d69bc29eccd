//! A group's name line above its consumers, in the group's colour.

use crate::ui::stage_model::{self as model, GroupHead};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupHeadLineProps {
    pub head: GroupHead,
}

#[component]
pub fn GroupHeadLine(props: &GroupHeadLineProps) -> Html {
    let h = &props.head;
    html! {
        <g class="group-head">
            <rect x={model::text::CONSUMERS_X} y={format!("{:.1}", h.y + 3.0)} width="10" height="10" rx="2" fill={h.colour.css()} />
            <text x={model::text::GROUP_HEAD_TEXT_X} y={format!("{:.1}", h.y + 12.5)}>{ h.text.value().clone() }</text>
        </g>
    }
}
