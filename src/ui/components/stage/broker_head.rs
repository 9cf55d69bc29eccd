//! A broker's header above its replica column: its name and its state in words, drawn by the
//! state's class (a stopped broker is dashed and greyed, a slowed one amber).

use crate::ui::stage_model::{BrokerHead, BROKER_HEAD_H, BROKER_HEAD_Y};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BrokerHeaderProps {
    pub head: BrokerHead,
}

#[component]
pub fn BrokerHeader(props: &BrokerHeaderProps) -> Html {
    let h = &props.head;
    let cx = format!("{:.1}", h.x + h.w / 2.0);
    html! {
        <g class={classes!("broker-head", h.look.class)} role="listitem" aria-label={h.label.value().clone()}
            data-broker={h.number.clone()} data-state={h.look.class}>
            <rect x={format!("{:.1}", h.x + 2.0)} y={BROKER_HEAD_Y.to_string()} width={format!("{:.1}", h.w - 4.0)}
                height={BROKER_HEAD_H.to_string()} rx="5" />
            <text x={cx.clone()} y={(BROKER_HEAD_Y + 14.0).to_string()} class="broker-name">{ h.name.clone() }</text>
            <text x={cx} y={(BROKER_HEAD_Y + 28.0).to_string()} class="broker-state-word">{ h.look.short }</text>
        </g>
    }
}
