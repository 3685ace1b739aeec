//! The decision for one request: colour and text (never colour alone).

use crate::engine::Outcome;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct DecisionBadgeProps {
    pub outcome: Outcome,
}

#[function_component]
pub fn DecisionBadge(props: &DecisionBadgeProps) -> Html {
    match &props.outcome {
        Outcome::Decided { decision, summary } => {
            let (class, icon, label) = match decision.as_str() {
                "Allow" => ("allow", "✓", "Allow"),
                "ExplicitDeny" => ("explicit-deny", "✕", "Explicit deny"),
                _ => ("implicit-deny", "–", "Implicit deny"),
            };
            html! {
                <div class="decision-row">
                    <span id="decision" class={classes!("decision", class)} data-decision={decision.clone()}>
                        <span aria-hidden="true">{ icon }</span>{ label }
                    </span>
                    <span class="summary">{ summary.clone() }</span>
                </div>
            }
        }
        Outcome::Invalid { errors } => html! {
            <div class="decision-row">
                <span id="decision" class="decision invalid" data-decision="Invalid">{ "Policy has errors" }</span>
                <ul class="errors">{ for errors.iter().map(|e| html! { <li>{ e.clone() }</li> }) }</ul>
            </div>
        },
    }
}
