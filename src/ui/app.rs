//! The root component: owns the session reducer, runs the animation clock, keeps the address
//! bar in step with the scenario, handles keyboard shortcuts, installs the test hooks
//! (`test_hooks.rs`), measures the speed achieved (`speed_meter.rs`), and lays out the panels:
//! a skip link first, then the content, then the sidebar (drawn on the left).

use super::components::FiguresContext;
use super::components::{
    assignor_preview::AssignorPreview, brokers::Brokers, compare_panel::ComparePanel,
    controls::Controls, event_log::EventLog, export_panel::ExportPanel, groups_panel::GroupsPanel,
    import_panel::ImportPanel, key_inspector::KeyInspector, lesson_panel::LessonPanel,
    notice::NoticeBar, partition_table::PartitionTable, producer_panel::ProducerPanel,
    setup_panel::SetupPanel, share::Share, shortcuts::Shortcuts, simplified::Simplified,
    sizing_panel::SizingPanel, stage::Stage,
};
// Issue 13: predictions in lessons, Quiz me and progress (their own block, to merge simply).
use super::components::{
    prediction_panel::PredictionPanel, quiz_me::QuizMe, quiz_progress::QuizProgress,
};
use super::figures_clock::FiguresClock;
use super::frames::use_animation_frames;
use super::speed_meter::SpeedMeter;
use super::state::AppState;
use super::url;
use crate::session::{Session, SessionAction};
use gloo_events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The handle every panel reads the session through and dispatches actions to.
pub type AppContext = UseReducerHandle<AppState>;

/// How the app is mounted.
#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    /// Start playing on a first visit (a link with a playhead opens paused).
    #[prop_or(true)]
    pub autoplay: bool,
    /// Read and write the address bar's fragment (off in tests that mount several apps).
    #[prop_or(true)]
    pub sync_url: bool,
}

/// The playground.
#[component]
pub fn App(props: &AppProps) -> Html {
    let AppProps { autoplay, sync_url } = props.clone();
    let state = use_reducer(move || {
        // No fragment: the page's own opening scenario (a link always means what it says).
        let fragment = match sync_url.then(url::read_fragment) {
            Some(f) if f.is_empty() => super::opening::opening_fragment(),
            Some(f) => f,
            // Mounted without the address bar (tests): v1's own default scenario.
            None => String::new(),
        };
        let mut session = Session::from_link(&fragment);
        if autoplay && session.sim().now_ms() == 0 && !url::prefers_reduced_motion() {
            session.apply(SessionAction::Play);
        }
        AppState {
            session: Rc::new(RefCell::new(session)),
            generation: 0,
        }
    });
    let inspected_key = use_state(|| String::from("order-123"));
    let show_help = use_state(|| false);
    // `?embed` in the address: a read-only view for slides and docs (playback only, no editing).
    let embed = use_memo((), |_| sync_url && url::is_embed());

    let (playing, revision, now_ms, loads) = {
        let s = state.session.borrow();
        (s.playing(), s.revision, s.sim().now_ms(), s.loads)
    };

    // The speed really achieved, from frame timestamps: a busy run says how far behind it is.
    let meter = use_mut_ref(SpeedMeter::default);
    let figures_clock = use_mut_ref(FiguresClock::default);
    {
        let dispatcher = state.dispatcher();
        let session = state.session.clone();
        let meter = meter.clone();
        let figures_clock = figures_clock.clone();
        if !playing {
            meter.borrow_mut().reset();
        }
        use_animation_frames(
            playing,
            Callback::from(move |wall_ms| {
                let sim_ms = session.borrow().sim().now_ms();
                meter.borrow_mut().frame(wall_ms, sim_ms);
                figures_clock.borrow_mut().frame(wall_ms);
                dispatcher.dispatch(SessionAction::Tick { wall_ms })
            }),
        );
    }
    let achieved_speed = meter.borrow().achieved_speed();

    // The address bar carries the scenario: rewritten when it changes, and when paused so that
    // the playhead is in the link too (not every frame while playing).
    {
        let session = state.session.clone();
        let paused_at = if playing { None } else { Some(now_ms) };
        use_effect_with((revision, paused_at), move |_| {
            if sync_url {
                url::write_fragment(&session.borrow().share_fragment());
            }
        });
    }

    // A link pasted into this tab's address bar is loaded like a fresh visit.
    {
        let dispatcher = state.dispatcher();
        use_effect_with(sync_url, move |&sync_url| {
            let listener = sync_url.then(|| {
                let window = web_sys::window().expect("the page has a window");
                EventListener::new(&window, "hashchange", move |_| {
                    let fragment = url::read_fragment();
                    match crate::session::open::from_fragment(&fragment) {
                        Ok(d) => dispatcher.dispatch(SessionAction::Load(Box::new(d))),
                        // Opened in part, like a fresh visit: the repairs are the warnings.
                        Err(_) => match crate::session::open::from_fragment_salvaging(&fragment) {
                            Ok(d) => dispatcher.dispatch(SessionAction::Load(Box::new(d))),
                            Err(e) => dispatcher.dispatch(SessionAction::Refuse(format!(
                                "This link could not be opened: {e}. The run on the page is kept."
                            ))),
                        },
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Keyboard: Space plays and pauses, '.' steps, 'r' restarts, '?' shows the shortcuts.
    {
        let dispatcher = state.dispatcher();
        let show_help = show_help.clone();
        use_effect_with((), move |_| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .expect("the page has a document");
            // Not passive: Space must be able to cancel the page's scroll.
            let options = EventListenerOptions::enable_prevent_default();
            let listener =
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                        return;
                    };
                    if event.ctrl_key() || event.meta_key() || event.alt_key() {
                        return;
                    }
                    let tag = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| el.tag_name())
                        .unwrap_or_default();
                    // Keys typed into a field are the field's; a focused button or link keeps
                    // Space (it presses it: on Play, that plays); the other shortcuts work there.
                    let typing = matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT");
                    let pressing =
                        matches!(tag.as_str(), "BUTTON" | "A" | "SUMMARY") && event.key() == " ";
                    if typing || pressing {
                        return;
                    }
                    match event.key().as_str() {
                        " " => {
                            event.prevent_default();
                            dispatcher.dispatch(SessionAction::TogglePlay);
                        }
                        "." | "ArrowRight" => dispatcher.dispatch(SessionAction::Step),
                        "," | "ArrowLeft" => dispatcher.dispatch(SessionAction::StepBack),
                        "r" => dispatcher.dispatch(SessionAction::Restart),
                        "?" => show_help.set(!*show_help),
                        "Escape" => show_help.set(false),
                        _ => {}
                    }
                });
            move || drop(listener)
        });
    }

    // The shortcuts dialog takes the focus while open and gives it to Play when it closes, so
    // the next Space plays or pauses instead of landing on a removed button.
    {
        let was_open = use_mut_ref(|| false);
        use_effect_with(*show_help, move |&open| {
            let focus = |selector: &str| {
                let element = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.query_selector(selector).ok().flatten())
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                if let Some(element) = element {
                    let _ = element.focus();
                }
            };
            if open {
                focus("#shortcuts-close");
            } else if *was_open.borrow() {
                focus("#play");
            }
            *was_open.borrow_mut() = open;
        });
    }

    // A hidden tab pauses the run, so nothing happens unseen; the user resumes it.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .expect("the page has a document");
            let watched = document.clone();
            let listener = EventListener::new(&document, "visibilitychange", move |_| {
                if watched.hidden() {
                    dispatcher.dispatch(SessionAction::Pause);
                }
            });
            move || drop(listener)
        });
    }

    // A small read-only hook for end-to-end tests and benchmarks: `window.kafkaPlayground`.
    {
        let session = state.session.clone();
        use_effect_with((), move |_| {
            super::test_hooks::install(session);
        });
    }

    let context: AppContext = state.clone();
    let figures = FiguresContext {
        app: state.clone(),
        generation: figures_clock
            .borrow_mut()
            .generation(state.generation, revision, playing),
    };
    let on_key = {
        let inspected_key = inspected_key.clone();
        Callback::from(move |k: String| inspected_key.set(k))
    };
    let on_help = {
        let show_help = show_help.clone();
        Callback::from(move |_| show_help.set(!*show_help))
    };
    html! {
        <ContextProvider<AppContext> context={context}>
        <ContextProvider<FiguresContext> context={figures}>
            <div class={classes!("app", embed.then_some("embed"))}>
                <a class="skip-link" href="#main" onclick={skip_to_content()}>{ "Skip to the lesson and the stage" }</a>
                if *embed {
                    <p class="embed-note">
                        { "A read-only view of a Kafka Partition Playground scenario. " }
                        <a href={url::editable_link(&state.session.borrow().share_fragment())} target="_blank" rel="noopener">{ "Open it in the playground to change it" }</a>
                    </p>
                }
                <header class="masthead">
                    <div>
                        <h1>{ "Kafka Partition Playground" }</h1>
                        <p class="tagline">{ "Watch where records land and who reads them: Kafka's own partitioners, assignors and group protocol, simulated deterministically." }</p>
                    </div>
                    <Share />
                </header>
                <NoticeBar />
                <Controls on_help={on_help.clone()} {achieved_speed} />
                <div class="layout">
                    <section class="main" id="main" aria-label="Simulation" tabindex="-1">
                        <LessonPanel />
                        <Stage highlight_key={AttrValue::from((*inspected_key).clone())} />
                        <PredictionPanel />
                        <div class="below">
                            <PartitionTable />
                            <EventLog />
                        </div>
                        <ComparePanel />
                        <GroupsPanel />
                        <Brokers />
                        <AssignorPreview />
                        <ExportPanel />
                        <ImportPanel />
                        <QuizMe />
                        <QuizProgress />
                    </section>
                    // After the content in the DOM (and so in tab order), drawn on the left.
                    <aside class="sidebar" aria-label="Settings and tools">
                        <KeyInspector key_text={(*inspected_key).clone()} on_key={on_key} />
                        <ProducerPanel key={loads} />
                        <SetupPanel key={loads} />
                        <SizingPanel />
                    </aside>
                </div>
                <Simplified />
                if *show_help {
                    <Shortcuts on_close={on_help} />
                }
            </div>
        </ContextProvider<FiguresContext>>
        </ContextProvider<AppContext>>
    }
}

/// The skip link moves the focus to the lesson (or the start card) without touching the
/// address bar, whose fragment is the scenario.
fn skip_to_content() -> Callback<MouseEvent> {
    Callback::from(|e: MouseEvent| {
        e.prevent_default();
        let target = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id("main"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(target) = target {
            let _ = target.focus();
            target.scroll_into_view();
        }
    })
}
