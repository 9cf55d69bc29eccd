//! A record batch in flight: a pill on its way from the producer box to the log slot it will be
//! appended at, coloured by its key (or as mixed), labelled with the key or the record count.

use crate::ui::stage_model::{self as model};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct BatchPillProps {
    pub flight: model::Flight,
}

#[component]
pub fn BatchPill(props: &BatchPillProps) -> Html {
    let f = &props.flight;
    let (fill, ink) = f.swatch.colours();
    html! {
        <g class="batch-pill" data-partition={f.number.clone()} data-records={f.text.records.clone()}>
            <title>{ f.text.title.clone() }</title>
            <rect x={format!("{:.1}", f.x)} y={format!("{:.1}", f.y)} width={model::text::PILL_W} height={format!("{:.1}", f.height())} rx="9" fill={fill} />
            if f.shows_text {
                <text x={format!("{:.1}", f.text_x())} y={format!("{:.1}", f.text_y())} class="pill-label" fill={ink}>
                    { f.text.label.clone() }
                </text>
            }
        </g>
    }
}
