//! A decision as a badge: colour, icon and text (never colour alone).

use crate::engine::{decision_look, decision_name};
use iamplay_core::explain::Decision;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DecisionBadgeProps {
    pub decision: Decision,
    /// Show the words next to the icon.
    #[prop_or(true)]
    pub label: bool,
    #[prop_or_default]
    pub id: Option<AttrValue>,
}

#[function_component]
pub fn DecisionBadge(props: &DecisionBadgeProps) -> Html {
    let (text, icon, class) = decision_look(props.decision);
    html! {
        <span id={props.id.clone()} class={classes!("decision", class)} data-decision={decision_name(props.decision)}
              title={text}>
            <span class="icon" aria-hidden="true">{ icon }</span>
            if props.label { <span class="label">{ text }</span> } else { <span class="sr-only">{ text }</span> }
        </span>
    }
}
