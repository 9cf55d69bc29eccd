//! A send the cluster refused (NotEnoughReplicas, no leader, …): a red pill bouncing back from
//! the partition's row toward the producer, its tooltip naming the exception.

use crate::ui::stage_model::{self as model};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BouncePillProps {
    pub bounce: model::Bounce,
}

#[component]
pub fn BouncePill(props: &BouncePillProps) -> Html {
    let b = &props.bounce;
    html! {
        <g class="bounce">
            <title>{ b.title.clone() }</title>
            <rect x={format!("{:.1}", b.left_x())} y={format!("{:.1}", b.y)} width={model::text::PILL_W} height={format!("{:.1}", b.height())} rx="9" />
            if b.shows_text {
                <text x={format!("{:.1}", b.text_x())} y={format!("{:.1}", b.text_y())} class="pill-label">{ "✕" }</text>
            }
        </g>
    }
}
