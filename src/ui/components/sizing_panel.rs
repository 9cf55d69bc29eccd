//! The sizing calculator: the rules of thumb for a partition count, each shown, with the
//! answer applied to the scenario in one click (a new run with that many partitions).

use super::use_figures;
use crate::engine::limits;
use crate::scenario::Decoded;
use crate::session::SessionAction;
use crate::sizing::{parse_tenths, size, SizingInput};
use crate::ui::words::plural;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn SizingPanel() -> Html {
    let app = use_figures();
    let target = use_state(|| "50".to_string());
    let consumers = use_state(|| "4".to_string());
    let per_consumer = use_state(|| "10".to_string());
    let input = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let result = (|| -> Result<_, String> {
        let consumers: u64 = consumers
            .trim()
            .parse()
            .map_err(|_| format!("Consumers: '{}' is not a whole number", *consumers))?;
        if consumers > 10_000 {
            return Err("Consumers: at most 10000".to_string());
        }
        Ok(size(SizingInput {
            target_tenths_mb_s: parse_tenths(&target).map_err(|e| format!("Target: {e}"))?,
            consumers,
            per_consumer_tenths_mb_s: parse_tenths(&per_consumer)
                .map_err(|e| format!("Per consumer: {e}"))?,
        }))
    })();
    let on_apply = {
        let d = app.dispatcher();
        let scenario = app.session.borrow().scenario();
        let partitions = result.as_ref().map(|s| s.partitions).unwrap_or(1);
        Callback::from(move |_| {
            let mut s = scenario.clone();
            s.topic.partitions = partitions.min(u64::from(limits::PARTITIONS_MAX)) as u32;
            s.actions.clear();
            s.view.playhead_ms = 0;
            s.lesson = None;
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: s,
                warnings: vec![],
            })));
        })
    };
    html! {
        <details class="panel sizing" id="sizing">
            <summary>{ "Sizing calculator" }</summary>
            <div class="grid-form">
                <label for="size-target">{ "Target MB/s" }</label>
                <input id="size-target" type="text" inputmode="decimal" value={(*target).clone()} oninput={input(&target)} />
                <label for="size-consumers">{ "Consumers planned" }</label>
                <input id="size-consumers" type="text" inputmode="numeric" value={(*consumers).clone()} oninput={input(&consumers)} />
                <label for="size-per">{ "MB/s one consumer handles" }</label>
                <input id="size-per" type="text" inputmode="decimal" value={(*per_consumer).clone()} oninput={input(&per_consumer)} />
            </div>
            { match &result {
                Ok(s) => html! {
                    <>
                        <ul class="sizing-rules" aria-live="polite">
                            <li>{ format!("2 × consumers: {}", s.for_consumers) }</li>
                            <li>{ format!("MB/s ÷ 10: {}", s.for_throughput) }</li>
                            <li>{ format!("target ÷ per-consumer: {}", s.for_parallelism) }</li>
                            <li><strong id="size-result">{ format!("→ at least {}", plural(s.partitions, "partition", "partitions")) }</strong></li>
                        </ul>
                        if s.partitions > u64::from(limits::PARTITIONS_MAX) {
                            <p class="field-error">{ format!("The playground draws at most {} partitions; applying uses that.", limits::PARTITIONS_MAX) }</p>
                        }
                        <button id="size-apply" onclick={on_apply}>{ format!("Apply: start a run with {}", plural(s.partitions.min(u64::from(limits::PARTITIONS_MAX)), "partition", "partitions")) }</button>
                    </>
                },
                Err(e) => html! { <p class="field-error" role="alert">{ e.clone() }</p> },
            } }
            <p class="hint">{ "Rules of thumb from practice, not Kafka rules: measure your own consumers." }</p>
        </details>
    }
}
