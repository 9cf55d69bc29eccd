//! The key inspector: type a key, see each step of Kafka's routing (UTF-8 bytes, murmur2,
//! toPositive, modulo), and send a record with it.

use super::use_figures;
use crate::engine::explain_key;
use crate::engine::{limits, Command};
use crate::session::SessionAction;
use crate::ui::words::{plural, producer_name};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeyInspectorProps {
    pub key_text: String,
    pub on_key: Callback<String>,
}

fn hex_preview(bytes: &[u8]) -> String {
    let shown: Vec<String> = bytes.iter().take(12).map(|b| format!("{b:02x}")).collect();
    let more = if bytes.len() > 12 { " …" } else { "" };
    format!("{}{more}", shown.join(" "))
}

#[component]
pub fn KeyInspector(props: &KeyInspectorProps) -> Html {
    let app = use_figures();
    let (n, topic_name, producer) = {
        let s = app.session.borrow();
        let run = s.sim().topic_run(s.selected_topic());
        (
            run.topic().n_partitions(),
            run.name().to_string(),
            s.selected_producers().first().copied(),
        )
    };
    let key = props.key_text.clone();
    let too_long = key.len() > limits::KEY_BYTES_MAX;
    let info = explain_key(&key, n);

    let on_input = {
        let on_key = props.on_key.clone();
        Callback::from(move |e: InputEvent| {
            on_key.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_produce = {
        let d = app.dispatcher();
        let key = key.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Some(producer) = producer {
                d.dispatch(SessionAction::Command(Command::Produce {
                    producer,
                    key: Some(key.clone()),
                    partition: None,
                }));
            }
        })
    };
    let on_produce_null = {
        let d = app.dispatcher();
        Callback::from(move |_| {
            if let Some(producer) = producer {
                d.dispatch(SessionAction::Command(Command::Produce {
                    producer,
                    key: None,
                    partition: None,
                }))
            }
        })
    };

    html! {
        <section class="panel inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ "Key inspector" }</h2>
            <form onsubmit={on_produce} novalidate=true>
                <label for="inspect-key">{ "Key (UTF-8 string)" }</label>
                <div class="row">
                    <input id="inspect-key" type="text" value={key.clone()} oninput={on_input}
                        maxlength={limits::KEY_BYTES_MAX.to_string()} autocomplete="off" spellcheck="false"
                        aria-describedby="inspector-steps" />
                    <button id="produce-key" type="submit" disabled={too_long || producer.is_none()}>{ "Produce" }</button>
                </div>
            </form>
            <ol id="inspector-steps" class="steps" aria-live="polite">
                <li>{ format!("UTF-8: {}", plural(info.utf8_len, "byte", "bytes")) }
                    if info.utf8_len > 0 { <code>{ format!(" {}", hex_preview(key.as_bytes())) }</code> }
                    if key.is_empty() { <span class="hint">{ " (the empty key is hashed; only a null key is not)" }</span> }
                </li>
                <li>{ "murmur2 = " }<code id="inspect-murmur2">{ info.murmur2 }</code></li>
                <li>{ "toPositive = " }<code>{ info.positive }</code>
                    if info.murmur2 < 0 { <span class="hint">{ " (sign bit cleared, not abs)" }</span> }
                </li>
                <li>{ format!("{} % {} = ", info.positive, info.n_partitions) }
                    <strong id="inspect-partition" class="partition-badge">{ format!("partition {}", info.partition) }</strong>
                </li>
            </ol>
            if too_long {
                <p class="field-error" role="alert">{ format!("Keys are limited to {} bytes here.", limits::KEY_BYTES_MAX) }</p>
            }
            <button id="produce-null" class="secondary" onclick={on_produce_null} disabled={producer.is_none()}>{ "Produce with a null key" }</button>
            <p class="hint">{ match producer {
                Some(p) => format!("Sends to “{topic_name}” through {}.", producer_name(p)),
                None => format!("No producer writes to “{topic_name}”: add one in the setup to send here."),
            } }</p>
        </section>
    }
}
