//! A consumer's progress on a row it owns: the records fetched and not processed yet as a band
//! in its group's colour under the cells, and the records committed but not processed (the gap
//! a crash loses) as a red span with its count.

use crate::ui::stage_model::ProgressSpan;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProgressBandProps {
    pub span: ProgressSpan,
}

#[component]
pub fn ProgressBand(props: &ProgressBandProps) -> Html {
    let s = &props.span;
    let (y, row_h) = (s.y, s.row_h);
    html! {
        <g class="progress" data-group={s.group.clone()} data-partition={s.number.clone()} data-member={s.member.clone()}>
            if s.holds() {
                <rect class="held" x={format!("{:.1}", s.processed_x)} y={format!("{:.1}", y + row_h - 6.0)}
                    width={format!("{:.1}", s.position_x - s.processed_x)} height="4" rx="2" fill={s.colour.css()} />
            }
            <line class="processed-mark" x1={format!("{:.1}", s.processed_x)} x2={format!("{:.1}", s.processed_x)}
                y1={format!("{:.1}", y + row_h - 9.0)} y2={format!("{:.1}", y + row_h - 1.0)} stroke={s.colour.css()} />
            if let Some(gap) = &s.at_risk {
                <g class="commit-gap" role="listitem" aria-label={gap.label.value().clone()} data-records={gap.records.to_string()}>
                    <rect x={format!("{:.1}", gap.from_x)} y={format!("{:.1}", y + 2.0)} width={format!("{:.1}", (gap.to_x - gap.from_x).max(3.0))}
                        height={format!("{:.1}", row_h - 4.0)} rx="4" />
                    if row_h >= 22.0 {
                        <text x={format!("{:.1}", (gap.from_x + gap.to_x) / 2.0)} y={format!("{:.1}", y + row_h / 2.0 + 4.0)}
                        textLength={gap.badge_squeezed().then(|| format!("{:.1}", gap.to_x - gap.from_x - 4.0))} lengthAdjust="spacingAndGlyphs">{ gap.badge.value().clone() }</text>
                    }
                </g>
            }
        </g>
    }
}
