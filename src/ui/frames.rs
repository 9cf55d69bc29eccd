//! The animation clock: a `requestAnimationFrame` loop that reports each frame's wall-clock
//! duration while `active`, and stops when it is not. It is the only place wall time is read.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

type FrameClosure = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

fn request_frame(closure: &FrameClosure) {
    if let (Some(window), Some(c)) = (web_sys::window(), closure.borrow().as_ref()) {
        let _ = window.request_animation_frame(c.as_ref().unchecked_ref());
    }
}

/// Calls `on_frame(wall_ms_since_last_frame)` once per animation frame while `active`.
#[hook]
pub fn use_animation_frames(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |&active| {
        let running = Rc::new(Cell::new(active));
        if active {
            let closure: FrameClosure = Rc::new(RefCell::new(None));
            let again = closure.clone();
            let still = running.clone();
            let mut last: Option<f64> = None;
            *closure.borrow_mut() = Some(Closure::new(move |ts: f64| {
                if !still.get() {
                    // Dropping our own closure here is the pattern wasm-bindgen documents.
                    let _ = again.borrow_mut().take();
                    return;
                }
                let dt = last.map_or(0.0, |l| ts - l);
                last = Some(ts);
                on_frame.emit(dt);
                request_frame(&again);
            }));
            request_frame(&closure);
        }
        move || running.set(false)
    });
}
