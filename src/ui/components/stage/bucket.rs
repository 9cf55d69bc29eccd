//! One partition's bucket in the producer box: the batches waiting in the accumulators for it,
//! filled as the open batch grows, the route to its row, and which producers' next record
//! without a key goes here.

use crate::ui::stage_model::{self as model, BUCKET_W};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AccumulatorBucketProps {
    pub bucket: model::Bucket,
}

#[component]
pub fn AccumulatorBucket(props: &AccumulatorBucketProps) -> Html {
    let b = &props.bucket;
    let cy = format!("{:.1}", b.cy());
    let top = format!("{:.1}", b.y + 4.0);
    let height = format!("{:.1}", b.row_h - 8.0);
    let text_y = format!("{:.1}", b.cy() + 4.0);
    let label = b.label();
    let label: Html = match label.as_name() {
        Some(name) => html! { name.clone() },
        None => html! { label.to_string() },
    };
    html! {
        <g class={classes!("bucket", b.next_mark.is_some().then_some("next"), b.routed.then_some("routed"))} data-bucket={b.number.clone()}>
            <title>{ b.title() }</title>
            <line class="route" x1={model::text::BUCKET_RIGHT} y1={cy.clone()} x2={model::text::ROUTE_END_X} y2={cy} />
            <rect class="bucket-frame" x={model::text::BUCKET_X} y={top.clone()} width={model::text::BUCKET_W} height={height.clone()} rx="4" />
            <rect class="bucket-fill" x={model::text::BUCKET_X} y={top} width={format!("{:.1}", BUCKET_W * b.fill)} height={height} rx="4" />
            if b.shows_text {
                <text x={model::text::BUCKET_LABEL_X} y={text_y.clone()} class="bucket-label">{ label }</text>
            }
            if let Some(mark) = &b.next_mark {
                <text x={model::text::NEXT_LABEL_X} y={text_y} class="next-label">{ mark.clone() }</text>
            }
        </g>
    }
}
