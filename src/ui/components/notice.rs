//! The notice bar: what went wrong with a link, or what was ignored, until dismissed.

use super::use_app;
use crate::session::SessionAction;
use yew::prelude::*;

#[component]
pub fn NoticeBar() -> Html {
    let app = use_app();
    let notice = app.session.borrow().notice.clone();
    let Some(notice) = notice else {
        return html! {};
    };
    let d = app.dispatcher();
    let on_dismiss = Callback::from(move |_| d.dispatch(SessionAction::DismissNotice));
    html! {
        <div id="notice" class={classes!("notice", notice.is_error.then_some("error"))}
            role={if notice.is_error { "alert" } else { "status" }}>
            <span>{ notice.text }</span>
            <button onclick={on_dismiss} aria-label="Dismiss this notice">{ "Dismiss" }</button>
        </div>
    }
}
