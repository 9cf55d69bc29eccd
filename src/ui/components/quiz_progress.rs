//! Progress over every lesson: for each lesson with predictions, how many were last answered
//! right, and Quiz me's tally per kind, read from `localStorage` (`quiz_scores`) and read again
//! whenever a score changes; a button forgets them all.

use super::quiz_scores;
use crate::lessons::prediction::PREDICTIONS;
use crate::lessons::quiz::QuizKind;
use crate::lessons::{lesson, lesson_fragment};
use gloo_events::EventListener;
use yew::prelude::*;

#[component]
pub fn QuizProgress() -> Html {
    let scores = use_state(quiz_scores::load);
    {
        let scores = scores.clone();
        use_effect_with((), move |_| {
            let window = web_sys::window().expect("the page has a window");
            let listener = EventListener::new(&window, quiz_scores::CHANGED_EVENT, move |_| {
                scores.set(quiz_scores::load())
            });
            move || drop(listener)
        });
    }
    let mut lesson_ids: Vec<&str> = Vec::new();
    for (id, _) in PREDICTIONS {
        if !lesson_ids.contains(id) {
            lesson_ids.push(id);
        }
    }
    let rows = lesson_ids.iter().filter_map(|id| lesson(id)).map(|l| {
        let total = PREDICTIONS.iter().filter(|(id, _)| *id == l.id).count();
        let (right, answered) = scores.lesson(l.id);
        let status = if answered == 0 {
            "not tried".to_string()
        } else {
            format!("{right} of {total} right")
        };
        let href = format!("?quiz#{}", lesson_fragment(l));
        html! {
            <tr data-progress={l.id}>
                <td><a href={href}>{ l.title }</a></td>
                <td class="progress-score">{ status }</td>
            </tr>
        }
    });
    let quiz_rows = QuizKind::ALL.iter().map(|k| {
        let (right, asked) = scores.quiz.get(k.id()).copied().unwrap_or((0, 0));
        html! { <tr data-progress={k.id()}><td>{ format!("Quiz me: {}", k.title()) }</td><td class="progress-score">{ format!("{right} of {asked} right") }</td></tr> }
    });
    let on_clear = Callback::from(|_| quiz_scores::clear());
    html! {
        <details class="panel quiz-progress" id="quiz-progress">
            <summary>{ "Your predictions: progress over all lessons" }</summary>
            <table>
                <thead><tr><th scope="col">{ "Lesson" }</th><th scope="col">{ "Score" }</th></tr></thead>
                <tbody>{ for rows }{ for quiz_rows }</tbody>
            </table>
            <p class="hint">{ "Kept in this browser only (localStorage). A lesson's link here opens it in quiz mode." }</p>
            <button class="secondary" id="quiz-clear" onclick={on_clear}>{ "Clear my scores" }</button>
        </details>
    }
}
