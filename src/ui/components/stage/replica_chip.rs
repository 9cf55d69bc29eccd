//! A replica in a partition's row, under its broker: filled for the leader, outlined for an
//! in-sync follower, dashed for one out of the ISR, greyed and crossed on a stopped broker. A
//! replica just elected leader wears an `elected e2` tag for a few seconds (it pops in, unless
//! the reader prefers reduced motion).

use crate::ui::stage_model::ReplicaChip;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ReplicaMarkProps {
    pub chip: ReplicaChip,
    pub shows_text: bool,
}

#[component]
pub fn ReplicaMark(props: &ReplicaMarkProps) -> Html {
    let c = &props.chip;
    let [role, sync, up] = c.classes();
    let cx = format!("{:.1}", c.x + c.w / 2.0);
    let one_line = props.shows_text && c.h >= 14.0;
    html! {
        <g class={classes!("replica-chip", role, sync, up, c.elected.is_some().then_some("elected"))} role="listitem" aria-label={c.label.value().clone()}
            data-partition={c.partition_number.clone()} data-broker={c.broker_number.clone()}>
            <rect x={format!("{:.1}", c.x)} y={format!("{:.1}", c.y)} width={format!("{:.1}", c.w)} height={format!("{:.1}", c.h)} rx="4" />
            if c.facts.down {
                <line class="cross" x1={format!("{:.1}", c.x + 3.0)} y1={format!("{:.1}", c.y + 3.0)}
                    x2={format!("{:.1}", c.x + c.w - 3.0)} y2={format!("{:.1}", c.y + c.h - 3.0)} />
            }
            if props.shows_text && c.h >= 24.0 && !c.end_text.value().is_empty() {
                <text x={cx.clone()} y={format!("{:.1}", c.y + 13.0)} class="replica-role">{ c.role_text }</text>
                <text x={cx.clone()} y={format!("{:.1}", c.y + c.h - 6.0)} class="replica-end">{ c.end_text.value().clone() }</text>
            } else if one_line {
                <text x={cx.clone()} y={format!("{:.1}", c.y + c.h / 2.0 + 3.5)} class="replica-role">{ c.role_text }</text>
            }
            if let Some(e) = &c.elected {
                <g class="elected-mark" aria-hidden="true" data-epoch={e.epoch.to_string()}>
                    <rect x={format!("{:.1}", c.x - 1.0)} y={format!("{:.1}", c.y - 5.0)} width={format!("{:.1}", c.w + 2.0)} height="11" rx="5.5" />
                    <text x={cx} y={format!("{:.1}", c.y + 3.5)}>{ e.text.clone() }</text>
                </g>
            }
        </g>
    }
}
