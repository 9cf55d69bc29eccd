//! In the browser (`wasm-pack test --headless --chrome`): mount the real app into a fresh
//! element, interact with it through the DOM, let Yew render with `scheduler::flush`, and check
//! what a user would see. One test replays the golden run to prove the engine is deterministic
//! across native and wasm.
#![cfg(target_arch = "wasm32")]

#[path = "it/common/golden.rs"]
mod golden;

use kafka_playground::scenario::Scenario;
use kafka_playground::session::replay;
use kafka_playground::ui::stage_model as model;
use kafka_playground::ui::{App, AppProps};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    Element, HtmlElement, HtmlInputElement, InputEvent, InputEventInit, MouseEvent, MouseEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root_and_props(
        root.clone(),
        AppProps {
            autoplay: false,
            sync_url: false,
        },
    )
    .render();
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} is on the page"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    yew::scheduler::flush().await;
}

async fn type_into(root: &Element, selector: &str, value: &str) {
    let input: HtmlInputElement = find(root, selector).dyn_into().unwrap();
    input.set_value(value);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn the_inspector_explains_a_key_and_the_record_lands_on_that_partition() {
    let root = mount();
    yew::scheduler::flush().await;
    type_into(&root, "#inspect-key", "vip-customer-42").await;
    assert_eq!(text(&root, "#inspect-murmur2"), "-217666005");
    assert_eq!(text(&root, "#inspect-partition"), "partition 5");

    click(&root, "#produce-key").await;
    let appended = "key vip-customer-42 was appended to partition 5";
    for _ in 0..40 {
        if text(&root, "#announce").contains(appended) {
            break;
        }
        click(&root, "#step").await;
    }
    assert!(text(&root, "#announce").contains(appended));
    // The cells are painted on a canvas: point along row 5 and read the row's tooltip, which
    // names the record under the pointer.
    let titles = point_along_row(&root, 5).await;
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("partition 5, offset ") && t.contains("key vip-customer-42,")),
        "{titles:?}"
    );
    assert!(
        text(&root, "#events").contains("You sent"),
        "the event log shows the user's record"
    );
}

/// Moves the pointer over each cell slot of partition `p`'s row and returns the row's tooltip
/// at each.
async fn point_along_row(root: &Element, p: u32) -> Vec<String> {
    let row_selector = format!("#stage g.partition-row[data-row=\"{p}\"]");
    let svg = find(root, "#stage");
    let bg = find(root, &format!("{row_selector} > rect.row-bg")).get_bounding_client_rect();
    // From stage units: the row's box spans ROW_BG_X to ROW_BG_X + ROW_BG_W.
    let scale = bg.width() / model::ROW_BG_W;
    let mut titles = Vec::new();
    for slot in 0..13 {
        let init = MouseEventInit::new();
        init.set_bubbles(true);
        let cell_middle = model::cell_x(slot) + model::CELL_W / 2.0;
        init.set_client_x((bg.left() + (cell_middle - model::ROW_BG_X) * scale) as i32);
        init.set_client_y((bg.top() + bg.height() / 2.0) as i32);
        let event = MouseEvent::new_with_mouse_event_init_dict("mousemove", &init).unwrap();
        svg.dispatch_event(&event).unwrap();
        yew::scheduler::flush().await;
        if let Some(title) = root
            .query_selector(&format!("{row_selector} > title"))
            .unwrap()
        {
            titles.push(title.text_content().unwrap_or_default());
        }
    }
    titles
}

#[wasm_bindgen_test]
async fn shrinking_the_topic_is_refused_in_kafkas_words() {
    let root = mount();
    yew::scheduler::flush().await;
    type_into(&root, "#grow", "3").await;
    click(&root, "#grow-button").await;
    assert_eq!(
        text(&root, "#rejection"),
        "Refused: The topic orders currently has 6 partition(s); 3 would not be an increase."
    );
    assert_eq!(
        root.query_selector_all("#stage g.partition-row")
            .unwrap()
            .length(),
        6
    );
}

#[wasm_bindgen_test]
async fn play_toggles_and_step_advances_time() {
    let root = mount();
    yew::scheduler::flush().await;
    assert_eq!(
        find(&root, "#play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    click(&root, "#play").await;
    assert_eq!(
        find(&root, "#play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    click(&root, "#step").await;
    assert_eq!(
        find(&root, "#play")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false"),
        "stepping pauses"
    );
    assert!(
        text(&root, ".clock").contains("t = 0.050 s"),
        "{}",
        text(&root, ".clock")
    );
}

#[wasm_bindgen_test]
fn the_engine_runs_identically_in_wasm() {
    let sim = replay(&Scenario::default(), golden::GOLDEN_UNTIL_MS, false).unwrap();
    assert_eq!(
        format!("{:016x}", sim.event_log().hash()),
        golden::GOLDEN_TRACE_HASH
    );
}
