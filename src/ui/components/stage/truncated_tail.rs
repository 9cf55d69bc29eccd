//! What truncation removed from a replica, on the replica: a red tail with the count of records
//! cut and their offset range, and a badge when some of them were acknowledged writes.

use crate::ui::stage_model::TruncatedTail;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TruncatedTailMarkProps {
    pub tail: TruncatedTail,
    pub shows_text: bool,
}

#[component]
pub fn TruncatedTailMark(props: &TruncatedTailMarkProps) -> Html {
    let t = &props.tail;
    let cx = format!("{:.1}", t.x + t.w / 2.0);
    let words = props.shows_text && t.h >= 24.0;
    html! {
        <g class="truncated-tail" role="listitem" aria-label={t.label.value().clone()}
            data-partition={t.partition_number.clone()} data-broker={t.broker_number.clone()} data-records={t.records.to_string()}
            data-from={t.from_offset.to_string()} data-to={t.to_offset.to_string()}>
            if words {
                <rect x={format!("{:.1}", t.x)} y={format!("{:.1}", t.y)} width={format!("{:.1}", t.w)} height={format!("{:.1}", t.h)} rx="4" />
                <text x={cx.clone()} y={format!("{:.1}", t.y + 13.0)} class="tail-count"
                    textLength={t.count_squeezed().then(|| format!("{:.1}", t.w - 4.0))} lengthAdjust="spacingAndGlyphs">{ t.count_text.value().clone() }</text>
                <text x={cx} y={format!("{:.1}", t.y + t.h - 6.0)} class="tail-range"
                    textLength={t.range_squeezed().then(|| format!("{:.1}", t.w - 4.0))} lengthAdjust="spacingAndGlyphs">{ t.range_text.value().clone() }</text>
            } else {
                <rect x={format!("{:.1}", t.x)} y={format!("{:.1}", t.y + t.h - 4.0)} width={format!("{:.1}", t.w)} height="4" rx="2" />
            }
            if t.acked_lost > 0 {
                <g class="tail-acked" aria-hidden="true">
                    <circle cx={format!("{:.1}", t.x + t.w - 4.0)} cy={format!("{:.1}", t.y + 4.0)} r="6" />
                    <text x={format!("{:.1}", t.x + t.w - 4.0)} y={format!("{:.1}", t.y + 7.0)}>{ "!" }</text>
                </g>
            }
        </g>
    }
}
