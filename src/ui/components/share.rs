//! "Copy link": the scenario, the actions taken and the playhead, in one URL.

use super::use_app;
use crate::ui::url;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[component]
pub fn Share() -> Html {
    let app = use_app();
    let copied = use_state(|| None::<String>);
    let timeout = use_mut_ref(|| None::<Timeout>);
    let on_copy = {
        let app = app.clone();
        let copied = copied.clone();
        Callback::from(move |_| {
            let link = url::share_link(&app.session.borrow().share_fragment());
            url::write_fragment(&app.session.borrow().share_fragment());
            url::copy_to_clipboard(&link);
            copied.set(Some(link));
            let copied = copied.clone();
            *timeout.borrow_mut() = Some(Timeout::new(4_000, move || copied.set(None)));
        })
    };
    html! {
        <div class="share">
            <button id="copy-link" onclick={on_copy}
                title="The link holds the configuration, the seed, your actions and the current time: opening it replays exactly this">
                { "Copy link" }
            </button>
            if let Some(link) = (*copied).clone() {
                <span class="copied" role="status">
                    { "Copied. " }
                    <label class="sr-only" for="share-url">{ "Share link" }</label>
                    <input id="share-url" readonly=true value={link} size="28" />
                </span>
            }
        </div>
    }
}
