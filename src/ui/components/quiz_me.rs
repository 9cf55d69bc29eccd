//! Quiz me on the page: one question at a time from [`crate::lessons::quiz`], drawn from a kind
//! and a seed (the scenario's seed at first, then each question's next seed), graded by the
//! engine's answer, with why, a tally kept in `localStorage` and a link to the question
//! (`?quizme=KIND.SEED`). A page opened on such a link opens this panel on that question.

use super::{quiz_link, quiz_scores, use_figures};
use crate::lessons::quiz::{generate, QuizKind, QuizQuestion};
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[component]
pub fn QuizMe() -> Html {
    let app = use_figures();
    let from_link = use_memo((), |_| quiz_link::quiz_me());
    let first = {
        let seed = app.session.borrow().setup().seed;
        move || {
            let (kind, seed) = quiz_link::quiz_me().unwrap_or((QuizKind::KeyPartition, seed));
            Rc::new(generate(kind, seed))
        }
    };
    let question = use_state(first);
    let picked = use_state(BTreeSet::<usize>::new);
    let revealed = use_state(|| false);
    let link = use_state(|| None::<String>);
    let tally = use_state(quiz_scores::load);

    let show = {
        let question = question.clone();
        let picked = picked.clone();
        let revealed = revealed.clone();
        let link = link.clone();
        Callback::from(move |q: QuizQuestion| {
            quiz_link::set_quiz_me(&q.link());
            question.set(Rc::new(q));
            picked.set(BTreeSet::new());
            revealed.set(false);
            link.set(None);
        })
    };
    let on_kind = {
        let show = show.clone();
        let question = question.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default();
            if let Some(kind) = QuizKind::from_id(&value) {
                show.emit(generate(kind, question.next_seed()));
            }
        })
    };
    let on_next = {
        let show = show.clone();
        let question = question.clone();
        Callback::from(move |_| show.emit(generate(question.kind, question.next_seed())))
    };
    let on_check = {
        let question = question.clone();
        let picked = picked.clone();
        let revealed = revealed.clone();
        let tally = tally.clone();
        Callback::from(move |_| {
            if *revealed {
                return;
            }
            quiz_scores::record_quiz(question.kind.id(), question.grade(&picked));
            tally.set(quiz_scores::load());
            revealed.set(true);
        })
    };
    let on_link = {
        let question = question.clone();
        let link = link.clone();
        let app = app.clone();
        Callback::from(move |_| {
            let fragment = app.session.borrow().share_fragment();
            let url = quiz_link::link(quiz_link::quiz_mode(), Some(&question.link()), &fragment);
            crate::ui::url::copy_to_clipboard(&url);
            link.set(Some(url));
        })
    };

    let q = &*question;
    let choices = q.choices.iter().enumerate().map(|(i, words)| {
        let on = picked.contains(&i);
        let class = classes!(
            "choice",
            on.then_some("picked"),
            (*revealed && q.answer.contains(&i)).then_some("right"),
            (*revealed && on && !q.answer.contains(&i)).then_some("wrong"),
        );
        let onclick = {
            let picked = picked.clone();
            let revealed = revealed.clone();
            let multiple = q.multiple;
            Callback::from(move |_| {
                if *revealed {
                    return;
                }
                let mut set = if multiple {
                    (*picked).clone()
                } else {
                    BTreeSet::new()
                };
                if !set.remove(&i) {
                    set.insert(i);
                }
                picked.set(set);
            })
        };
        html! { <button {class} data-choice={i.to_string()} aria-pressed={on.to_string()} {onclick} disabled={*revealed}>{ words.clone() }</button> }
    });
    let kinds = QuizKind::ALL.iter().map(|k| {
        html! { <option value={k.id()} selected={*k == q.kind}>{ k.title() }</option> }
    });
    let verdict = revealed.then(|| {
        let right = q.grade(&picked);
        html! {
            <>
                <p class={classes!("verdict", if right { "right" } else { "wrong" })} id="quiz-verdict">
                    { if right { "Right." } else { "Not quite: the right choices are highlighted." } }
                </p>
                <p class="why" id="quiz-why">{ format!("Why: {}", q.why) }</p>
            </>
        }
    });
    let (right, asked) = tally.quiz.get(q.kind.id()).copied().unwrap_or((0, 0));
    html! {
        <details class="panel quiz-me" id="quiz-me" open={from_link.is_some()}>
            <summary>{ "Quiz me: endless questions, graded by the engine" }</summary>
            <div class="quiz-me-head">
                <label>{ "Kind " }
                    <select id="quiz-kind" onchange={on_kind}>{ for kinds }</select>
                </label>
                <span class="quiz-seed">{ format!("question {}", q.link()) }</span>
            </div>
            <p class="quiz-question" id="quiz-question">{ q.words.clone() }</p>
            <div class="choices" role="group" aria-label="Your answer">{ for choices }</div>
            <div class="quiz-actions">
                if !*revealed {
                    <button id="quiz-check" onclick={on_check}>{ if q.multiple && picked.is_empty() { "Check (none)" } else { "Check" } }</button>
                } else {
                    <button id="quiz-next" onclick={on_next}>{ "Next question" }</button>
                }
                <button class="secondary" id="quiz-copy-link" onclick={on_link}>{ "Copy a link to this question" }</button>
            </div>
            if let Some(url) = &*link {
                <p class="quiz-link-box">{ "Copied: " }<input readonly=true id="quiz-link" value={url.clone()} aria-label="Link to this question" /></p>
            }
            { verdict.unwrap_or_default() }
            <p class="quiz-score" id="quiz-score">{ format!("{}: {right} of {asked} right in this browser", q.kind.title()) }</p>
        </details>
    }
}
