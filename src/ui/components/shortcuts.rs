//! The keyboard shortcuts, shown with `?`.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub on_close: Callback<()>,
}

#[component]
pub fn Shortcuts(props: &ShortcutsProps) -> Html {
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="shortcuts" role="dialog" aria-modal="false" aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">{ "Keyboard shortcuts" }</h2>
            <dl>
                <dt><kbd>{ "Space" }</kbd></dt><dd>{ "play / pause" }</dd>
                <dt><kbd>{ "." }</kbd>{ " or " }<kbd>{ "→" }</kbd></dt><dd>{ "step to the next moment something happens" }</dd>
                <dt><kbd>{ "," }</kbd>{ " or " }<kbd>{ "←" }</kbd></dt><dd>{ "step back to the previous moment (the run replays from a checkpoint)" }</dd>
                <dt><kbd>{ "r" }</kbd></dt><dd>{ "restart from time 0 (your actions replay)" }</dd>
                <dt><kbd>{ "?" }</kbd></dt><dd>{ "show or hide this list" }</dd>
                <dt><kbd>{ "Tab" }</kbd></dt><dd>{ "every control is reachable by keyboard" }</dd>
            </dl>
            <p class="hint">{ "The run pauses by itself while the tab is hidden." }</p>
            <button id="shortcuts-close" onclick={on_close}>{ "Close" }</button>
        </div>
    }
}
