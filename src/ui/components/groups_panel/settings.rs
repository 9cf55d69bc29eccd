//! A group's settings that only a new run can change (timeouts, processing, subscription),
//! as a form under the group's card.

use super::super::use_figures;
use crate::scenario::Decoded;
use crate::session::SessionAction;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub(super) struct GroupSettingsProps {
    /// The group's index in the scenario.
    pub group: u32,
}

/// The text fields of a group's settings form.
#[derive(Clone, PartialEq)]
struct SettingsForm {
    session: String,
    heartbeat: String,
    max_poll_interval: String,
    max_poll_records: String,
    per_record: String,
    threads: String,
    topics: Vec<String>,
}

/// A group's settings that only a new run can change (timeouts, processing, subscription):
/// applied by rebuilding the scenario with the group changed, as the setup form does.
#[component]
pub(super) fn GroupSettings(props: &GroupSettingsProps) -> Html {
    let app = use_figures();
    let g = props.group as usize;
    let (scenario, all_topics) = {
        let s = app.session.borrow();
        (
            s.scenario(),
            s.sim()
                .topics()
                .iter()
                .map(|t| t.name().to_string())
                .collect::<Vec<_>>(),
        )
    };
    let Some(spec) = scenario.groups.get(g).cloned() else {
        return html! {};
    };
    let form = use_state(|| SettingsForm {
        session: spec.session_timeout_ms.to_string(),
        heartbeat: spec.heartbeat_interval_ms.to_string(),
        max_poll_interval: spec.max_poll_interval_ms.to_string(),
        max_poll_records: spec.max_poll_records.to_string(),
        per_record: spec.processing_ms_per_record.to_string(),
        threads: match spec.processing {
            crate::scenario::ProcessingSpec::PollLoop => "0".to_string(),
            crate::scenario::ProcessingSpec::Workers { threads } => threads.to_string(),
        },
        topics: spec.topics.clone(),
    });
    let error = use_state(|| None::<String>);
    let text = |set: fn(&mut SettingsForm, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = (*form).clone();
            set(
                &mut f,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(f);
        })
    };
    let toggle_topic = |name: String| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut f = (*form).clone();
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            f.topics.retain(|t| t != &name);
            if on {
                f.topics.push(name.clone());
            }
            form.set(f);
        })
    };
    let on_apply = {
        let form = form.clone();
        let error = error.clone();
        let d = app.dispatcher();
        let scenario = scenario.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let f = &*form;
            let number = |label: &str, text: &str| -> Result<u32, String> {
                text.trim()
                    .parse::<u32>()
                    .map_err(|_| format!("{label}: '{}' is not a whole number", text.trim()))
            };
            let result = (|| -> Result<crate::scenario::Scenario, String> {
                let mut s = scenario.clone();
                let spec = s.groups.get_mut(g).ok_or("the group is gone")?;
                spec.session_timeout_ms = number("session.timeout.ms", &f.session)?;
                spec.heartbeat_interval_ms = number("heartbeat.interval.ms", &f.heartbeat)?;
                spec.max_poll_interval_ms = number("max.poll.interval.ms", &f.max_poll_interval)?;
                spec.max_poll_records = number("max.poll.records", &f.max_poll_records)?;
                spec.processing_ms_per_record = number("processing time", &f.per_record)?;
                spec.processing = match number("worker threads", &f.threads)? {
                    0 => crate::scenario::ProcessingSpec::PollLoop,
                    threads => crate::scenario::ProcessingSpec::Workers { threads },
                };
                spec.topics = f.topics.clone();
                s.actions.clear();
                s.view.playhead_ms = 0;
                crate::session::open::validate(&s).map_err(|e| e.to_string())?;
                Ok(s)
            })();
            match result {
                Ok(s) => {
                    error.set(None);
                    d.dispatch(SessionAction::Load(Box::new(Decoded {
                        scenario: s,
                        warnings: Vec::new(),
                    })));
                }
                Err(message) => error.set(Some(format!(
                    "{}. Nothing was changed; the run goes on.",
                    message.trim_end_matches('.')
                ))),
            }
        })
    };
    let on_remove = {
        let d = app.dispatcher();
        let scenario = scenario.clone();
        Callback::from(move |_: MouseEvent| {
            let mut s = scenario.clone();
            if g < s.groups.len() {
                s.groups.remove(g);
            }
            // Actions on groups are dropped with the run: they name groups by index.
            s.actions.clear();
            s.view.playhead_ms = 0;
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: s,
                warnings: Vec::new(),
            })));
        })
    };
    let id = |field: &str| format!("group{g}-{field}");
    let f = (*form).clone();
    html! {
        <details class="group-settings">
            <summary>{ "Settings (apply starts a new run)" }</summary>
            <form class="grid-form" onsubmit={on_apply} novalidate=true>
                <label for={id("session")}>{ "session.timeout.ms" }</label>
                <input id={id("session")} type="number" min="6000" max="1800000" value={f.session.clone()} oninput={text(|f, v| f.session = v)} />
                <label for={id("heartbeat")}>{ "heartbeat.interval.ms" }</label>
                <input id={id("heartbeat")} type="number" min="1" value={f.heartbeat.clone()} oninput={text(|f, v| f.heartbeat = v)} />
                <label for={id("mpi")}>{ "max.poll.interval.ms" }</label>
                <input id={id("mpi")} type="number" min="1" value={f.max_poll_interval.clone()} oninput={text(|f, v| f.max_poll_interval = v)} />
                <label for={id("mpr")}>{ "max.poll.records" }</label>
                <input id={id("mpr")} type="number" min="1" value={f.max_poll_records.clone()} oninput={text(|f, v| f.max_poll_records = v)} />
                <label for={id("per-record")}>{ "Processing per record (ms)" }</label>
                <input id={id("per-record")} type="number" min="0" value={f.per_record.clone()} oninput={text(|f, v| f.per_record = v)} />
                <label for={id("threads")}>{ "Worker threads (0: in the poll loop)" }</label>
                <input id={id("threads")} type="number" min="0" max="64" value={f.threads.clone()} oninput={text(|f, v| f.threads = v)} />
                <span class="span2">{ "Subscribed topics: " }
                    { for all_topics.iter().map(|t| html! {
                        <label class="check"><input type="checkbox" checked={f.topics.contains(t)} onchange={toggle_topic(t.clone())} />{ format!(" {t} ") }</label>
                    }) }
                </span>
                <button type="submit" class="span2">{ "Apply and start a new run" }</button>
            </form>
            if let Some(e) = (*error).clone() {
                <p class="field-error" role="alert">{ e }</p>
            }
            <button type="button" class="secondary small" onclick={on_remove}>{ format!("Remove group {} (new run)", spec.group_id) }</button>
        </details>
    }
}
