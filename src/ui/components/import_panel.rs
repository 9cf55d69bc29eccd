//! "Bring your own cluster": a paste box for what `kafka-topics.sh --describe` and
//! `kafka-consumer-groups.sh --describe` print, opened as a new run (`crate::import`). A text
//! that cannot be read keeps the run on the page and says which line is wrong and why.

use super::use_figures;
use crate::import::{read, to_scenario};
use crate::scenario::Decoded;
use crate::session::SessionAction;
use yew::prelude::*;

#[component]
pub fn ImportPanel() -> Html {
    let app = use_figures();
    let text = use_state(String::new);
    let error = use_state(|| None::<String>);
    let on_input = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            text.set(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            )
        })
    };
    let on_open = {
        let d = app.dispatcher();
        let text = text.clone();
        let error = error.clone();
        Callback::from(move |_: MouseEvent| {
            let texts = vec![("the pasted text".to_string(), (*text).clone())];
            match read(&texts).and_then(|described| to_scenario(&described)) {
                Ok((scenario, warnings)) => {
                    error.set(None);
                    d.dispatch(SessionAction::Load(Box::new(Decoded {
                        scenario,
                        warnings,
                    })));
                }
                Err(e) => error.set(Some(e.to_string())),
            }
        })
    };
    html! {
        <details class="panel import" id="import">
            <summary>{ "Bring your own cluster: paste kafka-topics.sh and kafka-consumer-groups.sh --describe" }</summary>
            <p class="hint">{ "Paste what kafka-topics.sh --describe prints, and if you like what kafka-consumer-groups.sh --describe prints (offsets, --members --verbose or --state), one after the other. The playground opens a run with those topics, brokers and groups, each group starting from its committed offsets (CURRENT-OFFSET) with its lag in the logs; then crash a broker and watch." }</p>
            <label for="import-text" class="sr-only">{ "Describe output to import" }</label>
            <textarea id="import-text" rows="8" spellcheck="false" wrap="off" value={(*text).clone()} oninput={on_input}
                placeholder={"Topic: orders\tTopicId: …\tPartitionCount: 6\tReplicationFactor: 3\tConfigs: min.insync.replicas=2\n\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3"} />
            <div class="row">
                <button id="import-open" onclick={on_open} disabled={text.trim().is_empty()}>{ "Open as a new run" }</button>
            </div>
            if let Some(e) = &*error {
                <p class="error" role="alert" id="import-error">{ e.clone() }</p>
            }
        </details>
    }
}
