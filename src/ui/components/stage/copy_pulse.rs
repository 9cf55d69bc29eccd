//! A follower copying its leader: a dotted arc from the leader's replica to the follower's,
//! drawn while the follower is behind or has just copied, so arcs come and go as records arrive
//! (not animated by CSS: that repainted the picture on every frame).

use crate::ui::stage_model::CopyPulse;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyPulseArcProps {
    pub pulse: CopyPulse,
}

#[component]
pub fn CopyPulseArc(props: &CopyPulseArcProps) -> Html {
    let p = &props.pulse;
    let mid = (p.from_x + p.to_x) / 2.0;
    let d = format!(
        "M{:.1},{:.1} Q{mid:.1},{:.1} {:.1},{:.1}",
        p.from_x,
        p.y + 2.0,
        p.y - 9.0,
        p.to_x,
        p.y + 2.0
    );
    html! {
        <g class={classes!("copy-pulse", (!p.in_sync).then_some("out"))} role="listitem" aria-label={p.label.value().clone()}
            data-partition={p.partition_number.clone()} data-broker={p.broker_number.clone()}>
            <path d={d} />
        </g>
    }
}
