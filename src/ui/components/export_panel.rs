//! "Run it on a real Kafka": the scenario as the commands and properties files that recreate
//! it on a Kafka 4.x cluster (`crate::export`), each block with its own copy button. Built
//! only while the panel is open, so a frame of the animation never pays for it.

use super::use_figures;
use crate::export::{export, ExportFormat};
use crate::ui::url;
use yew::prelude::*;

#[component]
pub fn ExportPanel() -> Html {
    let app = use_figures();
    let open = use_state(|| false);
    let copied = use_state(|| None::<usize>);
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: Event| {
            let details = e.target_unchecked_into::<web_sys::Element>();
            open.set(details.has_attribute("open"));
        })
    };
    let blocks = if *open {
        export(&app.session.borrow().scenario(), ExportFormat::All)
    } else {
        Vec::new()
    };
    let rendered = blocks.into_iter().enumerate().map(|(i, block)| {
        let on_copy = {
            let text = block.text.clone();
            let copied = copied.clone();
            Callback::from(move |_| {
                url::copy_to_clipboard(&text);
                copied.set(Some(i));
            })
        };
        let label = if *copied == Some(i) { "Copied" } else { "Copy" };
        html! {
            <figure class="export-block">
                <figcaption>
                    <span>{ block.title.clone() }</span>
                    <button class="secondary" onclick={on_copy} data-export-copy={i.to_string()}
                        aria-label={format!("Copy {}", block.title)}>{ label }</button>
                </figcaption>
                <pre><code>{ block.text }</code></pre>
            </figure>
        }
    });
    html! {
        <details class="panel export" id="export" ontoggle={on_toggle}>
            <summary>{ "Run it on a real Kafka: the commands and properties that recreate this scenario" }</summary>
            if *open {
                <p class="hint">{ "Only the settings that differ from Kafka 4.x's defaults are listed, under Kafka's own names. The same text comes from kafka-playground export." }</p>
                { for rendered }
            }
        </details>
    }
}
