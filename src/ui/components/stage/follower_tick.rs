//! How far a follower has copied its leader's log: a small tick under the row at the follower's
//! log end, drawn apart when it is out of the ISR.

use crate::ui::stage_model::FollowerTick;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FollowerTickMarkProps {
    pub tick: FollowerTick,
}

#[component]
pub fn FollowerTickMark(props: &FollowerTickMarkProps) -> Html {
    let t = &props.tick;
    let (x, y) = (t.x, t.y);
    html! {
        <g class={classes!("follower-tick", (!t.in_sync).then_some("out"))} data-broker={t.broker_number.clone()}>
            <title>{ t.title() }</title>
            <polygon points={format!("{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}", x - 3.5, y, x + 3.5, y, x, y - 5.0)} />
        </g>
    }
}
