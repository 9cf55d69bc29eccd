//! One panel per file. Each reads the session through the app context and sends actions; none
//! holds simulation state of its own.

pub mod assignor_preview;
pub mod brokers;
pub mod compare_panel;
pub mod controls;
pub mod event_log;
pub mod export_panel;
pub mod groups_panel;
pub mod import_panel;
pub mod key_inspector;
pub mod lesson_look;
pub mod lesson_panel;
pub mod notice;
pub mod partition_table;
pub mod prediction_panel;
pub mod producer_panel;
pub mod quiz_link;
pub mod quiz_me;
pub mod quiz_progress;
pub mod quiz_scores;
pub mod setup_panel;
pub mod share;
pub mod shortcuts;
pub mod simplified;
pub mod sizing_panel;
pub mod stage;

use super::app::AppContext;
use yew::prelude::*;

/// The app context; every panel is rendered inside the provider. A component that reads it
/// is drawn again on every visible change, every frame while the run plays.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("panels are rendered inside the App's context provider")
}

/// The app as the panels of figures see it: the same handle, but it changes (and so draws
/// them again) only as often as [`FiguresClock`](crate::ui::figures_clock::FiguresClock) lets
/// it while the run plays.
#[derive(Clone)]
pub struct FiguresContext {
    pub app: AppContext,
    /// The app generation the figures show.
    pub generation: u64,
}

impl PartialEq for FiguresContext {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation
    }
}

/// The app context for a panel of figures (tables, the event log, forms): see
/// [`FiguresContext`].
#[hook]
pub fn use_figures() -> AppContext {
    use_context::<FiguresContext>()
        .expect("panels are rendered inside the App's figures provider")
        .app
}
