//! The lesson's "look at" outline: a `<style>` element with the selectors of
//! [`crate::ui::look`], removed with the lesson.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LookStyleProps {
    pub selectors: Vec<String>,
}

/// The outline, as a `<style>` element (removed with the lesson).
#[component]
pub fn LookStyle(props: &LookStyleProps) -> Html {
    if props.selectors.is_empty() {
        return html! {};
    }
    let css = format!(
        "{} {{ stroke: var(--look); stroke-width: 3px; stroke-dasharray: none; }}",
        props.selectors.join(", ")
    );
    html! { <style data-look-at="">{ css }</style> }
}
