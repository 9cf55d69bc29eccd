//! The tabs above the stage when the run has several topics: one per topic, the one on stage
//! pressed; a click puts another on stage.

use super::super::use_app;
use crate::session::SessionAction;
use crate::ui::stage_model::TopicTab;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopicTabsProps {
    pub tabs: Vec<TopicTab>,
}

#[component]
pub fn TopicTabs(props: &TopicTabsProps) -> Html {
    let app = use_app();
    let buttons = props.tabs.iter().map(|tab| {
        let d = app.dispatcher();
        let index = tab.index;
        let onclick = Callback::from(move |_| d.dispatch(SessionAction::SelectTopic(index)));
        html! {
            <button type="button" class={classes!("topic-tab", tab.current.then_some("current"))} aria-pressed={if tab.current { "true" } else { "false" }}
                data-topic={tab.name().clone()} {onclick}>
                { tab.text.value().clone() }
            </button>
        }
    });
    html! { <nav class="topic-tabs" aria-label="Topic on stage">{ "Topic on stage: " }{ for buttons }</nav> }
}
