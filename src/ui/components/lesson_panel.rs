//! Lessons in the page: a list of links when none is open (each lesson is a URL), and for the
//! open lesson its steps, where to look on the stage, its claims (each marked live as the
//! engine checks it, with the time it decides by), a start button at time 0, and the way to the
//! previous, next and every other lesson.

use super::lesson_look::LookStyle;
use super::use_app;
use crate::lessons::{
    about_seconds, decides_by_ms, judge, lesson, lesson_fragment, lesson_scenario, look_at,
    Verdict, LESSONS,
};
use crate::scenario::Decoded;
use crate::session::SessionAction;
use crate::ui::look::selectors;
use crate::ui::opening::START_HERE;
use yew::prelude::*;

#[component]
pub fn LessonPanel() -> Html {
    let app = use_app();
    let session = app.session.borrow();
    let active = session.setup().lesson.as_deref().and_then(lesson);
    let Some(active) = active else {
        return html! { <StartHere /> };
    };
    // The scenario is only needed for a claim still watching (its deadline).
    let mut scenario = None;
    let claims = active.claims.iter().map(|(words, claim)| {
        let (class, mark, status) = match judge(*claim, session.sim()) {
            Verdict::Holds => ("holds", "✓", "holds"),
            Verdict::Fails => ("fails", "✗", "does not hold"),
            Verdict::Watching => ("watching", "…", "watching"),
        };
        // A claim still watching says when it will have decided, from its own figures.
        let by = (class == "watching")
            .then(|| decides_by_ms(claim, scenario.get_or_insert_with(|| session.scenario())))
            .flatten()
            .map(|ms| format!("decides by {}", about_seconds(ms)));
        html! {
            <li class={class}><span class="mark" aria-hidden="true">{ mark }</span>{ *words }
                if let Some(by) = by { <span class="decides-by">{ format!(" · {by}") }</span> }
                <span class="sr-only">{ format!(": {status}") }</span></li>
        }
    });
    let index = LESSONS.iter().position(|l| l.id == active.id).unwrap_or(0);
    let at_start = session.sim().now_ms() == 0 && !session.playing();
    let look = look_at(active.id);
    let look_selectors = look
        .map(|l| selectors(l, session.sim().topic_run(0).topic().n_partitions()))
        .unwrap_or_default();
    let on_start = {
        let d = app.dispatcher();
        Callback::from(move |_| d.dispatch(SessionAction::Play))
    };
    // Both scenarios are built on the click, not on every frame of a playing run.
    let on_restart = {
        let d = app.dispatcher();
        Callback::from(move |_| {
            d.dispatch(SessionAction::Load(Box::new(Decoded {
                scenario: lesson_scenario(active),
                warnings: vec![],
            })))
        })
    };
    let on_leave = {
        let app = app.clone();
        Callback::from(move |_| {
            let mut scenario = app.session.borrow().scenario();
            scenario.lesson = None;
            app.dispatcher()
                .dispatch(SessionAction::Load(Box::new(Decoded {
                    scenario,
                    warnings: vec![],
                })))
        })
    };
    html! {
        <section class="panel lesson" id="lesson" aria-labelledby="lesson-title">
            <div class="lesson-head">
                <h2 id="lesson-title"><span class="lesson-count">{ format!("Lesson {} of {} · ", index + 1, LESSONS.len()) }</span>{ active.title }</h2>
                <nav class="lesson-nav" aria-label="Lessons">
                    <LessonNav {index} />
                    <button onclick={on_restart}>{ "Restart lesson" }</button>
                    <button class="secondary" onclick={on_leave}>{ "Leave lesson" }</button>
                </nav>
            </div>
            <div class="lesson-body">
                <ol class="lesson-steps">{ for active.steps.iter().map(|s| html! { <li>{ *s }</li> }) }</ol>
                <div class="lesson-side">
                    if at_start {
                        <p class="lesson-start">
                            <button id="lesson-start" class="primary" onclick={on_start} title="The lesson opens paused at 0 s: read its steps, then start it">{ "▶ Start the lesson" }</button>
                            <span>{ "or press Space" }</span>
                        </p>
                    }
                    if let Some(look) = look {
                        <p class="look-at" id="look-at" title="Outlined on the stage in this colour"><span class="look-swatch" aria-hidden="true"></span><strong>{ "Look at " }</strong>{ look.words }</p>
                    }
                    <h3>{ "Checked live" }</h3>
                    <ul class="claims" aria-live="polite">{ for claims }</ul>
                </div>
            </div>
            <LookStyle selectors={look_selectors} />
        </section>
    }
}

/// The start-here card and the list of every lesson, shown when no lesson is open. It has no
/// props, so a playing run never draws it again.
#[component]
fn StartHere() -> Html {
    let links = LESSONS.iter().map(|l| {
        let href = format!("#{}", lesson_fragment(l));
        html! { <li><a href={href} data-lesson={l.id}>{ l.title }</a></li> }
    });
    let first = START_HERE
        .iter()
        .filter_map(|&(theme, id)| lesson(id).map(|l| (theme, l)));
    let first = first.enumerate().map(|(i, (theme, l))| {
        let href = format!("#{}", lesson_fragment(l));
        html! { <li><a href={href} data-start={l.id}><span class="step-no">{ i + 1 }</span>{ theme }<span class="start-title">{ l.title }</span></a></li> }
    });
    html! {
        <section class="panel start-here" id="start-here" aria-labelledby="start-here-title">
            <h2 id="start-here-title">{ "Start here: three lessons, a few minutes each" }</h2>
            <ol class="start-list">{ for first }</ol>
            <details class="lessons" id="lessons">
                <summary>{ format!("All {} lessons: watch the claims articles make, checked live", LESSONS.len()) }</summary>
                <ol class="lesson-list">{ for links }</ol>
            </details>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct LessonNavProps {
    /// The open lesson's place in `LESSONS`.
    index: usize,
}

/// The previous and next lesson and the list of all of them, for the open lesson. It is drawn
/// again only when another lesson opens.
#[component]
fn LessonNav(props: &LessonNavProps) -> Html {
    let index = props.index;
    let neighbour = |i: Option<usize>, rel: &'static str, text: &'static str| -> Html {
        match i.and_then(|i| LESSONS.get(i)) {
            Some(l) => {
                let href = format!("#{}", lesson_fragment(l));
                html! { <a class="button-link" {href} rel={rel} data-neighbour={rel} title={l.title}>{ text }</a> }
            }
            None => {
                html! { <span class="button-link disabled" aria-disabled="true">{ text }</span> }
            }
        }
    };
    let picker = LESSONS.iter().enumerate().map(|(i, l)| {
        let href = format!("#{}", lesson_fragment(l));
        let current = (i == index).then_some("page");
        html! { <li><a href={href} data-lesson={l.id} aria-current={current}>{ l.title }</a></li> }
    });
    html! {
        <>
            { neighbour(index.checked_sub(1), "prev", "◂ Previous") }
            { neighbour(Some(index + 1), "next", "Next ▸") }
            <details class="lesson-picker">
                <summary>{ "All lessons" }</summary>
                <ol class="lesson-list">{ for picker }</ol>
            </details>
        </>
    }
}
