//! The page: a thin Yew shell that turns clicks into [`SessionAction`](crate::session::SessionAction)s
//! and draws a view of the [`Session`](crate::session::Session). No simulation logic lives here.
//!
//! What the page shows is worked out in plain Rust, compiled and tested natively: the stage's
//! layout ([`stage_model`]), the shared wording ([`words`]) and the colours ([`palette`]). Only
//! the Yew and web-sys shell around them (the app, its state, the animation clock, the address
//! bar, the components and the test hooks) is built for wasm32 alone.

pub mod figures_clock;
pub mod look;
pub mod opening;
pub mod palette;
pub mod speed_meter;
pub mod stage_model;
pub mod words;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod components;
#[cfg(target_arch = "wasm32")]
mod frames;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod test_hooks;
#[cfg(target_arch = "wasm32")]
mod url;

#[cfg(target_arch = "wasm32")]
pub use app::{App, AppProps};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen::JsCast;

/// Mounts the playground into `#app` and installs a panic hook that replaces a frozen page with
/// a message and the link to reproduce the problem.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash(&info.to_string());
    }));
    let document = gloo_utils_document();
    let root = document
        .get_element_by_id("app")
        .expect("index.html has a <main id=\"app\"> to mount into");
    yew::Renderer::<App>::with_root_and_props(
        root,
        AppProps {
            autoplay: true,
            sync_url: true,
        },
    )
    .render();
}

#[cfg(target_arch = "wasm32")]
fn gloo_utils_document() -> web_sys::Document {
    web_sys::window()
        .expect("the page has a window")
        .document()
        .expect("the window has a document")
}

/// Writes a crash notice straight into the DOM, without Yew, since Yew may be what broke.
#[cfg(target_arch = "wasm32")]
fn show_crash(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let href = window.location().href().unwrap_or_default();
    let Ok(div) = document.create_element("div") else {
        return;
    };
    div.set_id("crash");
    div.set_attribute("role", "alert").ok();
    let text = format!(
        "The playground hit a bug and stopped: {message}. Reload the page, or send this link with the report so it can be replayed exactly: {href}"
    );
    div.set_text_content(Some(&text));
    if let Some(body) = document.body() {
        let _ = body.append_child(div.unchecked_ref());
    }
}
