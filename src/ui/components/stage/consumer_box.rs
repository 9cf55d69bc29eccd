//! A group member drawn as a consumer: its name, its phase in words and (when tall enough) the
//! partitions it owns with their lag, edged in its group's colour.

use crate::ui::stage_model::{self as model, Consumer};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsumerBoxProps {
    pub consumer: Consumer,
}

#[component]
pub fn ConsumerBox(props: &ConsumerBoxProps) -> Html {
    let c = &props.consumer;
    let texts = c.texts.value();
    let (y, h) = (c.y, c.h);
    let first_y = if c.shows_line() {
        y + 14.0
    } else {
        y + h / 2.0 + 4.0
    };
    html! {
        <g class={classes!("consumer", c.phase.class())} role="listitem" aria-label={texts.label.clone()}
            data-group={c.group.clone()} data-member={c.name.clone()} data-phase={c.phase.class()}>
            <rect x={model::text::CONSUMERS_X} y={format!("{:.1}", y)} width={model::text::CONSUMER_W} height={format!("{:.1}", h)}
                rx="6" stroke={c.colour.css()} />
            <rect class="group-edge" x={model::text::CONSUMERS_X} y={format!("{:.1}", y)} width="6" height={format!("{:.1}", h)} rx="2" fill={c.colour.css()} />
            <text x={model::text::CONSUMER_TEXT_X} y={format!("{first_y:.1}")} class="consumer-line">
                <tspan class="consumer-name">{ c.name.clone() }</tspan>
                <tspan class="consumer-phase" dx="6">{ c.phase.words() }</tspan>
            </text>
            if c.shows_line() {
                <text x={model::text::CONSUMER_TEXT_X} y={format!("{:.1}", y + h - 7.0)} class="consumer-owns">{ texts.line.clone() }</text>
            }
            if let Some(w) = &c.working {
                <g class="working" data-partition={w.partition.to_string()} data-offset={w.offset.to_string()}>
                    <rect class="work-cell" x={model::text::WORK_CELL_X} y={format!("{:.1}", y + 3.0)} width={model::text::WORK_CELL_W}
                        height={format!("{:.1}", (h - 6.0).min(16.0))} rx="3" />
                    <text x={model::text::WORK_TEXT_X} y={format!("{:.1}", y + 3.0 + (h - 6.0).min(16.0) / 2.0 + 3.5)} class="work-key">{ w.key_text.clone() }</text>
                    if c.shows_line() {
                        <text x={model::text::WORK_WHERE_X} y={format!("{:.1}", y + h - 7.0)} class="work-where">
                            { format!("P{}@{}", w.partition, w.offset) }
                        </text>
                    }
                </g>
            }
        </g>
    }
}
