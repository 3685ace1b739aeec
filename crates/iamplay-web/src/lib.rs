//! The iamplay playground (Yew). Renders what the core decides; decides nothing itself.

use yew::prelude::*;

#[function_component]
pub fn App() -> Html {
    html! { <main id="app">{ "iamplay" }</main> }
}

pub fn start() {
    yew::Renderer::<App>::new().render();
}
