//! The producer box: one entry per producer writing to the topic on stage (its name, rate and
//! keys, and its partitioner), or a note that none does.

use crate::ui::stage_model::{self as model, ProducerEntry, ProducerTexts};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ProducerBoxProps {
    pub height: f64,
    pub entries: Vec<ProducerEntry>,
}

#[component]
pub fn ProducerBox(props: &ProducerBoxProps) -> Html {
    html! {
        <>
            <rect class="producer-box" x={model::text::PRODUCER_LEFT} y="4" width={model::text::PRODUCER_BOX_W}
                height={format!("{:.1}", props.height)} rx="8" />
            { for props.entries.iter().map(|e| html! {
                <ProducerLines index={e.index} y={e.y} texts={e.texts.value().clone()} />
            }) }
            if props.entries.is_empty() {
                <text x="18" y="22" class="producer-line">{ "no producer" }</text>
                <text x="18" y="38" class="producer-line">{ "writes here" }</text>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ProducerLinesProps {
    index: u32,
    /// The first line's baseline.
    y: f64,
    texts: Rc<ProducerTexts>,
}

/// One producer's three lines; redrawn only when what they say changes.
#[component]
fn ProducerLines(props: &ProducerLinesProps) -> Html {
    let ProducerLinesProps { index, y, texts } = props;
    html! {
        <g class="producer-entry" data-producer={index.to_string()}>
            <text x="18" y={format!("{y:.0}")} class="producer-title">{ texts.name.clone() }</text>
            <text x="18" y={format!("{:.0}", y + 16.0)} class="producer-line">{ texts.keys_line.clone() }</text>
            <text x="18" y={format!("{:.0}", y + 31.0)} class="producer-line">{ texts.partitioner_line }</text>
        </g>
    }
}
