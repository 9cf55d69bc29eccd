//! Live changes to a running scenario: the producer's rate and growing the topic. Each is an
//! engine command at the current sim time, recorded in the link.

use super::use_figures;
use crate::engine::{limits, Command};
use crate::session::SessionAction;
use crate::ui::words::{describe_keys, format_time, plural, producer_name};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[component]
pub fn ProducerPanel() -> Html {
    let app = use_figures();
    // Which producer the rate form changes (the first one writing to the topic on stage unless
    // the user picks another); growing applies to the topic on stage.
    let picked = use_state(|| None::<u32>);
    let (producers, chosen, rate, topic, topic_name, n, source, rejection, resize) = {
        let s = app.session.borrow();
        let sim = s.sim();
        let producers: Vec<(u32, String)> = (0..sim.producers().len() as u32)
            .map(|i| {
                (
                    i,
                    format!(
                        "{} → {}",
                        producer_name(i),
                        sim.topic_run(sim.producer(i).topic()).name()
                    ),
                )
            })
            .collect();
        let chosen = picked
            .filter(|&i| (i as usize) < producers.len())
            .or_else(|| s.selected_producers().first().copied())
            .unwrap_or(0);
        let topic = s.selected_topic();
        let run = sim.topic_run(topic);
        (
            producers,
            chosen,
            sim.producer(chosen).rate_per_sec(),
            topic,
            run.name().to_string(),
            run.topic().n_partitions(),
            sim.producer(chosen).config().key_source.clone(),
            s.last_rejection().map(str::to_string),
            run.resizes().last().cloned(),
        )
    };
    let rate_text = use_state(|| rate.to_string());
    let grow_text = use_state(|| (n + 1).to_string());
    let error = use_state(|| None::<String>);

    let on_pick = {
        let picked = picked.clone();
        let rate_text = rate_text.clone();
        let app = app.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value()
                .parse::<u32>()
            {
                picked.set(Some(i));
                let s = app.session.borrow();
                if (i as usize) < s.sim().producers().len() {
                    rate_text.set(s.sim().producer(i).rate_per_sec().to_string());
                }
            }
        })
    };
    let on_rate_input = {
        let rate_text = rate_text.clone();
        Callback::from(move |e: InputEvent| {
            rate_text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_rate = {
        let d = app.dispatcher();
        let rate_text = rate_text.clone();
        let error = error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match rate_text.trim().parse::<u32>() {
                Ok(r) if r <= limits::RATE_PER_SEC_MAX => {
                    error.set(None);
                    d.dispatch(SessionAction::Command(Command::SetRate {
                        producer: chosen,
                        rate_per_sec: r,
                    }));
                }
                _ => error.set(Some(format!(
                    "The rate must be a whole number of records per second from 0 to {}.",
                    limits::RATE_PER_SEC_MAX
                ))),
            }
        })
    };
    let on_grow_input = {
        let grow_text = grow_text.clone();
        Callback::from(move |e: InputEvent| {
            grow_text.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_grow = {
        let d = app.dispatcher();
        let grow_text = grow_text.clone();
        let error = error.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match grow_text.trim().parse::<u32>() {
                Ok(total) => {
                    error.set(None);
                    d.dispatch(SessionAction::Command(Command::AddPartitions {
                        topic,
                        total,
                    }));
                }
                Err(_) => error.set(Some(
                    "The partition count must be a whole number.".to_string(),
                )),
            }
        })
    };

    html! {
        <section class="panel producer" aria-labelledby="producer-title">
            <h2 id="producer-title">{ if producers.len() > 1 { "Producers (live)" } else { "Producer (live)" } }</h2>
            if producers.len() > 1 {
                <div class="row">
                    <label for="producer-pick">{ "Producer" }</label>
                    <select id="producer-pick" onchange={on_pick}>
                        { for producers.iter().map(|(i, label)| html! {
                            <option value={i.to_string()} selected={*i == chosen}>{ label.clone() }</option>
                        }) }
                    </select>
                </div>
            }
            <p class="muted">{ format!("{} sends {rate} records/s; {}.", producer_name(chosen), describe_keys(&source, true)) }</p>
            <form onsubmit={on_rate} class="row" novalidate=true>
                <label for="rate">{ "Rate (records/s)" }</label>
                <input id="rate" type="number" min="0" max={limits::RATE_PER_SEC_MAX.to_string()} value={(*rate_text).clone()} oninput={on_rate_input} />
                <button type="submit">{ "Set" }</button>
            </form>
            <form onsubmit={on_grow} class="row" novalidate=true>
                <label for="grow">{ format!("Grow “{topic_name}” to") }</label>
                <input id="grow" type="number" min="1" max={limits::PARTITIONS_MAX.to_string()} value={(*grow_text).clone()} oninput={on_grow_input} />
                <button id="grow-button" type="submit">{ "Add partitions" }</button>
            </form>
            <p class="hint">{ "Kafka can only add partitions; keys then remap to toPositive(murmur2) % the new count." }</p>
            if let Some(r) = resize {
                <div id="remap" class="remap" aria-live="polite">
                    <p>
                        <strong>{ format!("{} → {} partitions at {}: ", r.from, r.to, format_time(r.at_ms)) }</strong>
                        { if r.keys_tracked == 0 {
                            "no keys had been sent yet.".to_string()
                        } else {
                            format!("{} of {} ({}%) now map to another partition. Their older records stay where they were, so each moved key now lives in two partitions.",
                                r.keys_moved, plural(r.keys_tracked, "key", "keys"), r.keys_moved * 100 / r.keys_tracked)
                        } }
                    </p>
                    if !r.moved.is_empty() {
                        <ul class="moved">
                            { for r.moved.iter().take(12).map(|(k, from, to)| html! {
                                <li><code>{ k.to_string() }</code>{ format!(" P{from} → P{to}") }</li>
                            }) }
                            if r.keys_moved > 12 { <li>{ format!("… and {} more", r.keys_moved - 12) }</li> }
                        </ul>
                    }
                </div>
            }
            if let Some(e) = (*error).clone() {
                <p class="field-error" role="alert">{ e }</p>
            } else if let Some(r) = rejection {
                <p id="rejection" class="field-error" role="alert">{ format!("Refused: {r}") }</p>
            }
        </section>
    }
}
