//! Live changes to a running scenario: the producer's rate and growing the topic. Each is an
//! engine command at the current sim time, recorded in the link.

use super::use_app;
use crate::engine::{limits, Command, KeySource};
use crate::session::SessionAction;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The key source in words: a sentence (`long`) for the producer panel, a few words for the
/// producer box.
pub fn describe_keys(source: &KeySource, long: bool) -> String {
    use crate::engine::OrderKeyBy;
    match (source, long) {
        (KeySource::Fixed(keys), true) => {
            let shown: Vec<&str> = keys.iter().take(4).map(String::as_str).collect();
            let more = if keys.len() > 4 { format!(" and {} more", keys.len() - 4) } else { String::new() };
            format!("picks from {} fixed keys: {}{more}", keys.len(), shown.join(", "))
        }
        (KeySource::Fixed(keys), false) => format!("{} fixed keys", keys.len()),
        (KeySource::Entities { prefix, count }, true) => {
            format!("picks uniformly from {count} ids {prefix}0 … {prefix}{}", count.saturating_sub(1))
        }
        (KeySource::Entities { prefix, count }, false) => format!("{count} ids {prefix}…"),
        (KeySource::Zipf { prefix, count, exponent_halves }, true) => format!(
            "picks from {count} ids {prefix}0 … Zipf-skewed (exponent {}): {prefix}0 is the most frequent",
            f64::from(*exponent_halves) / 2.0
        ),
        (KeySource::Zipf { count, .. }, false) => format!("Zipf over {count} ids"),
        (KeySource::HotKey { hot_key, share_permille, count, .. }, true) => format!(
            "sends “{hot_key}” for {}% of records, the rest spread over {count} ids",
            share_permille / 10
        ),
        (KeySource::HotKey { hot_key, share_permille, .. }, false) => format!("hot “{hot_key}” {}%", share_permille / 10),
        (KeySource::Weighted(values), true) => format!(
            "picks weighted values: {}",
            values.iter().map(|(k, w)| format!("{k} ({w})")).collect::<Vec<_>>().join(", ")
        ),
        (KeySource::Weighted(values), false) => format!("{} weighted values", values.len()),
        (KeySource::TimestampSecond, true) => "uses the send time's epoch second as the key".to_string(),
        (KeySource::TimestampSecond, false) => "timestamp keys".to_string(),
        (KeySource::RandomUnique, true) => "uses a fresh random key for every record".to_string(),
        (KeySource::RandomUnique, false) => "unique keys".to_string(),
        (KeySource::OrderLifecycle { key_by, concurrent_orders }, long) => {
            let by = match key_by {
                OrderKeyBy::OrderId => "order id",
                OrderKeyBy::EventType => "event type",
                OrderKeyBy::None => "nothing (null key)",
            };
            if long {
                format!("runs {concurrent_orders} orders at a time through CREATED → PAID → SHIPPED → DELIVERED, keyed by {by}")
            } else {
                format!("orders, key: {by}")
            }
        }
        (KeySource::None, true) => "sends null keys, which the partitioner places".to_string(),
        (KeySource::None, false) => "null keys".to_string(),
    }
}

#[component]
pub fn ProducerPanel() -> Html {
    let app = use_app();
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
                        super::stage::producer_name(i),
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
            <p class="muted">{ format!("{} sends {rate} records/s; {}.", super::stage::producer_name(chosen), describe_keys(&source, true)) }</p>
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
                        <strong>{ format!("{} → {} partitions at {}: ", r.from, r.to, super::format_time(r.at_ms)) }</strong>
                        { if r.keys_tracked == 0 {
                            "no keys had been sent yet.".to_string()
                        } else {
                            format!("{} of {} keys ({}%) now map to another partition. Their older records stay where they were, so each moved key now lives in two partitions.",
                                r.keys_moved, r.keys_tracked, r.keys_moved * 100 / r.keys_tracked)
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
