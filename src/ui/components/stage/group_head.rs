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
    let (short, words) = h.flags.value();
    html! {
        <g class="group-head">
            if !short.is_empty() {
                <text x={model::text::GROUP_FLAGS_X} y={format!("{:.1}", h.y + 12.5)} class="group-flags" role="note" aria-label={words.clone()}>{ short.clone() }</text>
            }
            <rect x={model::text::CONSUMERS_X} y={format!("{:.1}", h.y + 3.0)} width="10" height="10" rx="2" fill={h.colour.css()} />
            <text x={model::text::GROUP_HEAD_TEXT_X} y={format!("{:.1}", h.y + 12.5)}>{ h.text.value().clone() }</text>
        </g>
    }
}
