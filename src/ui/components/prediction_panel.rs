//! Predict, then watch, on the page: in quiz mode a lesson's run pauses at each of its
//! predictions' moments and asks. The user answers with a choice or by clicking the stage (a
//! partition row answers or toggles that partition); the engine computes the answer from the
//! run at that moment ([`answer_in`]); then the run goes on, the right answer is highlighted
//! (on the stage too) with why, and the score is kept (`quiz_scores`). Outside quiz mode the
//! panel offers to turn it on, so lessons play as before unless asked. It sits under the stage
//! (the lesson and the whole stage stay above the fold); a question on screen floats over the
//! page's corner, so it is seen beside the stage it is about.

use super::use_app;
use super::{quiz_link, quiz_scores};
use crate::engine::btree_collect::CollectBTree;
use crate::lessons::prediction::{answer_in, predictions_of, Amount, Answer, Prediction, Question};
use crate::session::{replay, SessionAction};
use gloo_events::EventListener;
use std::collections::BTreeSet;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where the panel is in a lesson's run.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    /// Nothing asked on screen.
    Idle,
    /// Prediction `index` is asked; `picked` holds the partitions toggled so far.
    Asking { index: usize, picked: BTreeSet<u32> },
    /// Prediction `index` was answered with `given`; `right` is the engine's answer.
    Revealed {
        index: usize,
        given: Answer,
        right: Answer,
    },
}

/// The partitions a question's choices are drawn from: topic 0's.
fn partition_choices(sim: &crate::engine::Sim) -> (String, u32) {
    let topic = sim.topic_run(0).topic();
    (topic.name.clone(), topic.n_partitions())
}

fn answer_words(answer: &Answer, topic: &str) -> String {
    match answer {
        Answer::Partition(p) => format!("{topic}-{p}"),
        Answer::Partitions(ps) if ps.is_empty() => "none".to_string(),
        Answer::Partitions(ps) => ps
            .iter()
            .map(|p| format!("{topic}-{p}"))
            .collect::<Vec<_>>()
            .join(", "),
        Answer::YesNo(true) => "yes".to_string(),
        Answer::YesNo(false) => "no".to_string(),
        Answer::Amount(a) => a.words().to_string(),
    }
}

/// A CSS rule highlighting partition rows on the stage (the stage draws them; this only adds a
/// look), `class` choosing the colours.
fn stage_style(partitions: &BTreeSet<u32>, right: bool) -> String {
    let (fill, stroke) = if right {
        ("#d3f9d8", "#2b8a3e")
    } else {
        ("#dbe4ff", "#3b5bdb")
    };
    partitions
        .iter()
        .map(|p| {
            format!("#stage g.partition-row[data-row=\"{p}\"] .row-bg {{ fill: {fill}; stroke: {stroke}; stroke-width: 2px; }}")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[component]
pub fn PredictionPanel() -> Html {
    let app = use_app();
    let quiz = use_state(quiz_link::quiz_mode);
    let phase = use_state(|| Phase::Idle);
    // The indices asked in this run (forgotten when the playhead goes back before them), and
    // the playhead at the previous render, to see a prediction's moment being crossed.
    let asked = use_mut_ref(BTreeSet::<usize>::new);
    let last_now = use_mut_ref(|| 0u64);
    let scores = use_state(quiz_scores::load);
    let shown_link = use_state(|| None::<String>);

    let (lesson_id, now_ms, loads) = {
        let s = app.session.borrow();
        (s.setup().lesson.clone(), s.sim().now_ms(), s.loads)
    };
    let predictions: Vec<&'static Prediction> = lesson_id
        .as_deref()
        .map(|id| predictions_of(id).collect())
        .unwrap_or_default();

    // A new scenario: nothing asked yet.
    {
        let phase = phase.clone();
        let asked = asked.clone();
        let last_now = last_now.clone();
        use_effect_with(loads, move |_| {
            phase.set(Phase::Idle);
            asked.borrow_mut().clear();
            *last_now.borrow_mut() = 0;
        });
    }

    // The run crossing a prediction's moment in quiz mode: back to that moment, paused, asked.
    {
        let app = app.clone();
        let phase = phase.clone();
        let asked = asked.clone();
        let predictions = predictions.clone();
        let on = *quiz;
        use_effect_with((now_ms, on, loads), move |&(now, on, _)| {
            let prev = std::mem::replace(&mut *last_now.borrow_mut(), now);
            asked
                .borrow_mut()
                .retain(|&i| predictions.get(i).is_some_and(|p| p.at_ms <= now));
            if !on || matches!(*phase, Phase::Asking { .. }) {
                return;
            }
            let due = predictions
                .iter()
                .enumerate()
                .find(|(i, p)| !asked.borrow().contains(i) && prev < p.at_ms && p.at_ms <= now);
            if let Some((index, p)) = due {
                asked.borrow_mut().insert(index);
                if now > p.at_ms {
                    app.dispatch(SessionAction::Seek(p.at_ms));
                } else {
                    app.dispatch(SessionAction::Pause);
                }
                phase.set(Phase::Asking {
                    index,
                    picked: BTreeSet::new(),
                });
            }
        });
    }

    // Answering: the engine's answer at the prediction's moment, then the run goes on.
    let submit = {
        let app = app.clone();
        let phase = phase.clone();
        let predictions = predictions.clone();
        let lesson_id = lesson_id.clone();
        let scores = scores.clone();
        Callback::from(move |given: Answer| {
            let Phase::Asking { index, .. } = &*phase else {
                return;
            };
            let index = *index;
            let Some(p) = predictions.get(index) else {
                return;
            };
            let scenario = app.session.borrow().scenario();
            let right = match replay(&scenario, p.at_ms, false) {
                Ok(sim) => answer_in(p.question, &scenario, &sim),
                Err(_) => return,
            };
            if let Some(id) = &lesson_id {
                quiz_scores::record_prediction(id, index, given == right);
                scores.set(quiz_scores::load());
            }
            phase.set(Phase::Revealed {
                index,
                given,
                right,
            });
            app.dispatch(SessionAction::Play);
        })
    };
    let toggle = {
        let phase = phase.clone();
        Callback::from(move |p: u32| {
            if let Phase::Asking { index, picked } = &*phase {
                let mut picked = picked.clone();
                if !picked.remove(&p) {
                    picked.insert(p);
                }
                phase.set(Phase::Asking {
                    index: *index,
                    picked,
                });
            }
        })
    };

    // Clicking a partition row on the stage answers a partition question (or toggles it).
    {
        let submit = submit.clone();
        let toggle = toggle.clone();
        let question = match &*phase {
            Phase::Asking { index, .. } => predictions.get(*index).map(|p| p.question),
            _ => None,
        };
        use_effect_with(question, move |question| {
            let question = *question;
            let listener = question.map(|question| {
                let document = web_sys::window()
                    .and_then(|w| w.document())
                    .expect("the page has a document");
                EventListener::new(&document, "click", move |event| {
                    let row = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|el| {
                            el.closest("#stage g.partition-row[data-row]")
                                .ok()
                                .flatten()
                        })
                        .and_then(|row| row.get_attribute("data-row"))
                        .and_then(|n| n.parse::<u32>().ok());
                    match (row, question) {
                        (Some(p), Question::PartitionOfKey { .. }) => {
                            submit.emit(Answer::Partition(p))
                        }
                        (Some(p), Question::OwnersThatChange { .. }) => toggle.emit(p),
                        _ => {}
                    }
                })
            });
            move || drop(listener)
        });
    }

    if predictions.is_empty() {
        return html! {};
    }
    let id = lesson_id.clone().unwrap_or_default();
    let session = app.session.borrow();
    let (topic, n_partitions) = partition_choices(session.sim());
    let (right_count, answered) = scores.lesson(&id);
    let score = html! {
        <p class="quiz-score" id="prediction-score">
            { format!("Score in this lesson: {right_count} of {} right", predictions.len()) }
            if answered < predictions.len() { { format!(" ({} not answered yet)", predictions.len() - answered) } }
        </p>
    };
    // The lesson from its start in quiz mode, worked out only when asked for (it encodes the
    // whole scenario).
    let on_link = {
        let app = app.clone();
        let shown_link = shown_link.clone();
        Callback::from(move |_| {
            let mut start = app.session.borrow().scenario();
            start.view.playhead_ms = 0;
            let link = quiz_link::link(true, None, &start.to_fragment());
            crate::ui::url::copy_to_clipboard(&link);
            shown_link.set(Some(link));
        })
    };
    let link_box = shown_link.as_ref().map(|l| {
        html! { <p class="quiz-link-box">{ "Copied: " }<input readonly=true id="prediction-link" value={l.clone()} aria-label="Link to this lesson in quiz mode" /></p> }
    });

    if !*quiz {
        let on_start = {
            let quiz = quiz.clone();
            let app = app.clone();
            let phase = phase.clone();
            let asked = asked.clone();
            let first = predictions[0].at_ms;
            Callback::from(move |_| {
                quiz_link::set_quiz_mode(true);
                quiz.set(true);
                // Already past the first question: back to its moment, and ask it now.
                if app.session.borrow().sim().now_ms() >= first {
                    asked.borrow_mut().insert(0);
                    app.dispatch(SessionAction::Seek(first));
                    phase.set(Phase::Asking {
                        index: 0,
                        picked: BTreeSet::new(),
                    });
                } else {
                    app.dispatch(SessionAction::Play);
                }
            })
        };
        let first = predictions[0].at_ms as f64 / 1000.0;
        return html! {
            <section class="panel prediction off" id="prediction" aria-label="Predict, then watch">
                <p>{ format!("This lesson can ask you to predict what happens next, at {first} s, before you see it.") }</p>
                <button id="prediction-start" onclick={on_start}>{ "Predict as I watch" }</button>
                { score }
            </section>
        };
    }

    let body = match &*phase {
        Phase::Idle => {
            let next = predictions.iter().find(|p| p.at_ms > now_ms);
            html! {
                <p class="prediction-wait">{ match next {
                    Some(p) => format!("Quiz mode: the run will pause at {} s and ask you a question.", p.at_ms as f64 / 1000.0),
                    None => "Quiz mode: no question left in this run. Restart the lesson to be asked again.".to_string(),
                } }</p>
            }
        }
        Phase::Asking { index, picked } => {
            let p = predictions[*index];
            let choices: Html = match p.question {
                Question::PartitionOfKey { .. } => (0..n_partitions)
                    .map(|i| {
                        let submit = submit.clone();
                        html! { <button class="choice" data-choice={i.to_string()} onclick={Callback::from(move |_| submit.emit(Answer::Partition(i)))}>{ format!("{topic}-{i}") }</button> }
                    })
                    .collect(),
                Question::OwnersThatChange { .. } => {
                    let toggles: Html = (0..n_partitions)
                        .map(|i| {
                            let toggle = toggle.clone();
                            let on = picked.contains(&i);
                            html! { <button class={classes!("choice", on.then_some("picked"))} aria-pressed={on.to_string()} data-choice={i.to_string()} onclick={Callback::from(move |_| toggle.emit(i))}>{ format!("{topic}-{i}") }</button> }
                        })
                        .collect();
                    let submit = submit.clone();
                    let chosen = picked.clone();
                    html! { <>{ toggles }<button class="check" id="prediction-check" onclick={Callback::from(move |_| submit.emit(Answer::Partitions(chosen.clone())))}>{ if picked.is_empty() { "None change: check" } else { "Check" } }</button></> }
                }
                Question::WritesSucceed { .. } => [(true, "yes"), (false, "no")]
                    .into_iter()
                    .map(|(v, w)| {
                        let submit = submit.clone();
                        html! { <button class="choice" data-choice={w} onclick={Callback::from(move |_| submit.emit(Answer::YesNo(v)))}>{ w }</button> }
                    })
                    .collect(),
                Question::AckedLoss { .. } => [Amount::None, Amount::AFew, Amount::Many]
                    .into_iter()
                    .map(|a| {
                        let submit = submit.clone();
                        html! { <button class="choice" data-choice={a.words()} onclick={Callback::from(move |_| submit.emit(Answer::Amount(a)))}>{ a.words() }</button> }
                    })
                    .collect(),
            };
            let stage_hint = matches!(
                p.question,
                Question::PartitionOfKey { .. } | Question::OwnersThatChange { .. }
            )
            .then(|| html! { <p class="hint">{ "Pick below, or click the partitions on the stage." }</p> });
            let on_skip = {
                let phase = phase.clone();
                let app = app.clone();
                Callback::from(move |_| {
                    phase.set(Phase::Idle);
                    app.dispatch(SessionAction::Play);
                })
            };
            html! {
                <>
                    <p class="prediction-question" id="prediction-question">{ p.words }</p>
                    <div class="choices" role="group" aria-label="Your prediction">{ choices }</div>
                    { stage_hint.unwrap_or_default() }
                    <button class="secondary skip" onclick={on_skip}>{ "Skip, just watch" }</button>
                    <style>{ stage_style(picked, false) }</style>
                </>
            }
        }
        Phase::Revealed {
            index,
            given,
            right,
        } => {
            let p = predictions[*index];
            let correct = given == right;
            let highlighted = match right {
                Answer::Partition(x) => [*x].into_iter().collect_set(),
                Answer::Partitions(xs) => xs.clone(),
                _ => BTreeSet::new(),
            };
            let detail = match (p.question, right) {
                (Question::PartitionOfKey { key }, Answer::Partition(_)) => {
                    let h = crate::engine::explain_key(key, n_partitions);
                    format!(
                        " murmur2(\"{key}\") = {}, made positive {}, and {} % {} = {}.",
                        h.murmur2, h.positive, h.positive, h.n_partitions, h.partition
                    )
                }
                _ => String::new(),
            };
            html! {
                <>
                    <p class="prediction-question">{ p.words }</p>
                    <p class={classes!("verdict", if correct { "right" } else { "wrong" })} id="prediction-verdict">
                        { if correct { "Right: " } else { "Not quite: " } }
                        { format!("you said {}; the engine's answer is ", answer_words(given, &topic)) }
                        <strong class="right-answer">{ answer_words(right, &topic) }</strong>{ "." }
                    </p>
                    <p class="why" id="prediction-why">{ format!("Why: {}{detail}", p.why) }</p>
                    <style>{ stage_style(&highlighted, true) }</style>
                </>
            }
        }
    };
    let floating = !matches!(*phase, Phase::Idle);
    let on_close = {
        let phase = phase.clone();
        Callback::from(move |_| phase.set(Phase::Idle))
    };
    let close = matches!(*phase, Phase::Revealed { .. }).then(|| {
        html! { <button class="secondary" id="prediction-close" onclick={on_close}>{ "Close" }</button> }
    });
    let on_stop = {
        let quiz = quiz.clone();
        let phase = phase.clone();
        Callback::from(move |_| {
            quiz_link::set_quiz_mode(false);
            quiz.set(false);
            phase.set(Phase::Idle);
        })
    };
    html! {
        <section class={classes!("panel", "prediction", "on", floating.then_some("floating"))} id="prediction" aria-label="Predict, then watch" aria-live="polite">
            <div class="prediction-head">
                <h2>{ "Predict, then watch" }</h2>
                <div>
                    <button class="secondary" id="prediction-copy-link" onclick={on_link}>{ "Copy a quiz-mode link" }</button>
                    <button class="secondary" onclick={on_stop}>{ "Stop asking" }</button>
                    { close.unwrap_or_default() }
                </div>
            </div>
            { link_box.unwrap_or_default() }
            { body }
            { score }
        </section>
    }
}
