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
pub mod sizing_panel;
pub mod stage;

use super::app::AppContext;
use yew::prelude::*;

/// The app context; every panel is rendered inside the provider.
#[hook]
pub fn use_app() -> AppContext {
    use_context::<AppContext>().expect("panels are rendered inside the App's context provider")
}
