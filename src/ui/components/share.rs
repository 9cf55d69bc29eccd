//! "Copy link": the scenario, the actions taken and the playhead, in one URL; and the same
//! scenario as a JSON file to download or open.

use super::use_figures;
use crate::ui::url;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[component]
pub fn Share() -> Html {
    let app = use_figures();
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
    let on_export = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let json = app.session.borrow().share_scenario().to_json_pretty();
            download("kafka-playground-scenario.json", &json);
        })
    };
    let import_error = use_state(|| None::<String>);
    let on_import = {
        let d = app.dispatcher();
        let import_error = import_error.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            if file.size() > crate::scenario::JSON_BYTES_MAX as f64 {
                import_error.set(Some(format!(
                    "The file is {} bytes; a scenario is at most {} bytes.",
                    file.size(),
                    crate::scenario::JSON_BYTES_MAX
                )));
                return;
            }
            let d = d.clone();
            let import_error = import_error.clone();
            input.set_value("");
            wasm_bindgen_futures::spawn_local(async move {
                let text = wasm_bindgen_futures::JsFuture::from(file.text())
                    .await
                    .ok()
                    .and_then(|v| v.as_string());
                match text.map(|t| crate::session::open::from_json(&t)) {
                    Some(Ok(decoded)) => {
                        import_error.set(None);
                        d.dispatch(crate::session::SessionAction::Load(Box::new(decoded)));
                    }
                    Some(Err(e)) => import_error.set(Some(format!(
                        "That file was not opened: {e}. The run goes on."
                    ))),
                    None => {
                        import_error.set(Some("That file could not be read as text.".to_string()))
                    }
                }
            });
        })
    };
    html! {
        <div class="share">
            <button id="export-json" class="secondary" onclick={on_export} title="Download this scenario (with your actions and the playhead) as a JSON file">
                { "Save .json" }
            </button>
            <label class="file-button secondary" title="Open a scenario JSON file saved from here or written by hand (see docs/scenario-format.md)">
                { "Open .json" }
                <input id="import-json" type="file" accept=".json,application/json" onchange={on_import} class="sr-only" />
            </label>
            if let Some(e) = (*import_error).clone() {
                <span class="field-error" role="alert">{ e }</span>
            }
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

/// Starts a download of `text` as a file called `name`.
fn download(name: &str, text: &str) {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let href = format!(
        "data:application/json;charset=utf-8,{}",
        js_sys::encode_uri_component(text)
    );
    let Ok(a) = document.create_element("a") else {
        return;
    };
    let _ = a.set_attribute("href", &href);
    let _ = a.set_attribute("download", name);
    if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
        a.click();
    }
}
