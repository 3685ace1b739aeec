//! Scaffold of the island host until the lead's components/island.rs lands on main (replaced at the merge).
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct IslandHostProps {
    pub kind: AttrValue,
    pub input: AttrValue,
    pub on_event: Callback<String>,
}

#[function_component]
pub fn Island(props: &IslandHostProps) -> Html {
    let _ = (&props.input, &props.on_event);
    html! { <div class={format!("island island-{}", props.kind)}>{ "Loading…" }</div> }
}
