//! Play, pause, step, restart and speed: the playback bar.

use super::use_app;
use crate::session::{SessionAction, SPEEDS};
use crate::ui::speed_meter::running_at;
use crate::ui::words::format_time;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub on_help: Callback<()>,
    /// The speed the frames really achieved lately (sim ms per wall ms), when measured.
    pub achieved_speed: Option<f64>,
}

fn speed_label(speed: f64) -> String {
    if speed >= 1.0 {
        format!("{speed}×")
    } else {
        format!("{speed}× (slow motion)")
    }
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let app = use_app();
    let session = app.session.borrow();
    let playing = session.playing();
    let now = session.sim().now_ms();
    let speed = session.speed();
    let behind = session.behind();
    let horizon = session.horizon_ms();
    // The ledger's verdicts stay in the toolbar, so a loss is seen whatever is scrolled into view.
    let ledgers: Vec<(String, u64, u64, u64)> = session
        .sim()
        .groups()
        .iter()
        .map(|g| {
            let c = &g.ledger().counts;
            (
                g.config().group_id.clone(),
                c.lost,
                c.duplicated,
                c.out_of_order,
            )
        })
        .collect();
    drop(session);
    let compact = ledgers.len() > 2;

    let d = app.dispatcher();
    let on_play = Callback::from(move |_| d.dispatch(SessionAction::TogglePlay));
    let d = app.dispatcher();
    let on_step = Callback::from(move |_| d.dispatch(SessionAction::Step));
    let d = app.dispatcher();
    let on_restart = Callback::from(move |_| d.dispatch(SessionAction::Restart));
    let d = app.dispatcher();
    let on_back = Callback::from(move |_| d.dispatch(SessionAction::StepBack));
    let d = app.dispatcher();
    let on_scrub = Callback::from(move |e: InputEvent| {
        if let Ok(t) = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
            .parse::<u64>()
        {
            d.dispatch(SessionAction::Seek(t));
        }
    });
    let d = app.dispatcher();
    let on_speed = Callback::from(move |e: Event| {
        let value = e.target_unchecked_into::<HtmlSelectElement>().value();
        if let Ok(speed) = value.parse::<f64>() {
            d.dispatch(SessionAction::SetSpeed(speed));
        }
    });
    let on_help = props.on_help.reform(|_: MouseEvent| ());

    html! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <button id="play" class={classes!("primary", playing.then_some("playing"))} onclick={on_play}
                aria-keyshortcuts="Space" aria-pressed={playing.to_string()}>
                { if playing { "❚❚ Pause" } else { "▶ Play" } }
            </button>
            <button id="step-back" onclick={on_back} aria-keyshortcuts=", ArrowLeft" disabled={now == 0}
                title="Pause and go back to the previous moment something happened">{ "◂ Back" }</button>
            <button id="step" onclick={on_step} aria-keyshortcuts=". ArrowRight"
                title="Pause and jump to the next moment something happens">{ "Step ▸" }</button>
            <button id="restart" onclick={on_restart} aria-keyshortcuts="r"
                title="Back to time 0; your actions replay as time passes">{ "↺ Restart" }</button>
            <label class="speed">
                { "Speed " }
                <select id="speed" onchange={on_speed}>
                    { for SPEEDS.iter().map(|&s| html! {
                        <option value={s.to_string()} selected={(s - speed).abs() < 1e-9}>{ speed_label(s) }</option>
                    }) }
                </select>
            </label>
            <span class="clock" aria-label="Simulated time">{ format!("t = {}", format_time(now)) }</span>
            <input id="scrubber" class="scrubber" type="range" min="0" max={horizon.max(1).to_string()} step="1" value={now.to_string()}
                oninput={on_scrub} aria-label="Timeline: drag to travel in sim time"
                title={format!("0 to {} — drag back to rewind; acting in the past forks the run", format_time(horizon))} />
            if behind {
                <span class="behind" role="status">{ match props.achieved_speed {
                    Some(achieved) => format!("The engine cannot keep up: {}.", running_at(achieved, speed)),
                    None => "Running slower than asked: too many events per frame.".to_string(),
                } }</span>
            }
            <span class="ledger-chips">
            { for ledgers.iter().map(|(id, lost, dup, ooo)| html! {
                <a class={classes!("ledger-chip", (lost + dup + ooo > 0).then_some("bad"))} href="#groups-title" data-group={id.clone()}
                    title="Records this group lost, processed twice, and processed out of per-key order"
                    aria-label={compact.then(|| format!("{id}: lost {lost}, processed twice {dup}, out of order {ooo}"))}>
                    <strong>{ id.clone() }</strong>
                    // More than two groups would wrap the toolbar: their chips say the figures alone.
                    { if compact { format!(" {lost} · {dup} · {ooo}") } else { format!(" lost {lost} · dup {dup} · out of order {ooo}") } }
                </a>
            }) }
            </span>
            <button class="help-button" onclick={on_help} aria-keyshortcuts="?">{ "Shortcuts ?" }</button>
        </div>
    }
}
