//! Lessons in the page: a list of links when none is open (each lesson is a URL), and for the
//! open lesson its steps and its claims, each marked live as the engine checks it.

use super::use_app;
use crate::lessons::{judge, lesson, lesson_scenario, Verdict, LESSONS};
use crate::scenario::Decoded;
use crate::session::SessionAction;
use crate::ui::opening::START_HERE;
use yew::prelude::*;

#[component]
pub fn LessonPanel() -> Html {
    let app = use_app();
    let session = app.session.borrow();
    let active = session.setup().lesson.as_deref().and_then(lesson);
    let Some(active) = active else {
        let links = LESSONS.iter().map(|l| {
            let href = format!("#{}", lesson_scenario(l).to_fragment());
            html! { <li><a href={href} data-lesson={l.id}>{ l.title }</a></li> }
        });
        let first = START_HERE
            .iter()
            .filter_map(|&(theme, id)| lesson(id).map(|l| (theme, l)));
        let first = first.enumerate().map(|(i, (theme, l))| {
            let href = format!("#{}", lesson_scenario(l).to_fragment());
            html! { <li><a href={href} data-start={l.id}><span class="step-no">{ i + 1 }</span>{ theme }<span class="start-title">{ l.title }</span></a></li> }
        });
        return html! {
            <section class="panel start-here" id="start-here" aria-labelledby="start-here-title">
                <h2 id="start-here-title">{ "Start here: three lessons, a few minutes each" }</h2>
                <ol class="start-list">{ for first }</ol>
                <details class="lessons" id="lessons">
                    <summary>{ format!("All {} lessons: watch the claims articles make, checked live", LESSONS.len()) }</summary>
                    <ol class="lesson-list">{ for links }</ol>
                </details>
            </section>
        };
    };
    let claims = active.claims.iter().map(|(words, claim)| {
        let (class, mark, status) = match judge(*claim, session.sim()) {
            Verdict::Holds => ("holds", "✓", "holds"),
            Verdict::Fails => ("fails", "✗", "does not hold"),
            Verdict::Watching => ("watching", "…", "watching"),
        };
        html! {
            <li class={class}><span class="mark" aria-hidden="true">{ mark }</span>{ *words }
                <span class="sr-only">{ format!(": {status}") }</span></li>
        }
    });
    let on_restart = {
        let d = app.dispatcher();
        let scenario = lesson_scenario(active);
        Callback::from(move |_| {
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: scenario.clone(),
                warnings: vec![],
            })))
        })
    };
    let on_leave = {
        let d = app.dispatcher();
        let mut scenario = session.scenario();
        scenario.lesson = None;
        Callback::from(move |_| {
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: scenario.clone(),
                warnings: vec![],
            })))
        })
    };
    html! {
        <section class="panel lesson" id="lesson" aria-labelledby="lesson-title">
            <div class="lesson-head">
                <h2 id="lesson-title">{ active.title }</h2>
                <div>
                    <button onclick={on_restart}>{ "Restart lesson" }</button>
                    <button class="secondary" onclick={on_leave}>{ "Leave lesson" }</button>
                </div>
            </div>
            <div class="lesson-body">
                <ol class="lesson-steps">{ for active.steps.iter().map(|s| html! { <li>{ *s }</li> }) }</ol>
                <div>
                    <h3>{ "Checked live" }</h3>
                    <ul class="claims" aria-live="polite">{ for claims }</ul>
                </div>
            </div>
        </section>
    }
}
