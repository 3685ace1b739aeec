//! The explanation of a cell or request: the decisive statements (linked to their editors), what each policy
//! type contributed with its meaning, the lessons behind the rules that applied, every statement's reasons,
//! role-assumption hops with their temporary credentials, and the what-if across the account boundary.

use super::decision_badge::DecisionBadge;
use crate::explain_view::{
    outcome_text, relation_text, type_meaning, type_name, EvaluationView, ExplanationView, TypeView,
};
use crate::matrix_view::StatementLink;
use crate::positions::Range16;
use crate::state::{Action, AppState};
use iamplay_core::explain::TypeOutcome;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ExplanationProps {
    pub view: Option<Rc<ExplanationView>>,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// The explanation comes from the last valid result.
    #[prop_or_default]
    pub stale: bool,
    /// Shown after the evaluation: "How to change this" (`change.rs`).
    #[prop_or_default]
    pub extra: Html,
}

impl PartialEq for ExplanationProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.view, &other.view)
            && self.dispatch == other.dispatch
            && self.stale == other.stale
            && self.extra == other.extra
    }
}

fn jump(
    dispatch: &UseReducerDispatcher<AppState>,
    target: Option<(u32, Range16)>,
    mark: bool,
) -> Callback<MouseEvent> {
    let dispatch = dispatch.clone();
    Callback::from(move |_| {
        if let Some((policy, range)) = target {
            dispatch.dispatch(Action::Jump {
                policy,
                range,
                mark,
                focus: true,
            });
        }
    })
}

/// What each policy type contributed to a decision (also the questions island's inline explanation).
pub fn types_table(types: &[TypeView]) -> Html {
    html! {
        <table class="types">
            <caption class="sr-only">{ "What each policy type contributed" }</caption>
            <tbody>
            { for types.iter().filter(|t| t.outcome != TypeOutcome::NotApplicable || t.counted).map(|t| html! {
                <tr class={classes!(t.counted.then_some("counted"))}>
                    <th scope="row">
                        <span class="type-name">{ type_name(t.policy_type) }</span>
                        <span class="type-meaning">{ type_meaning(t.policy_type) }</span>
                    </th>
                    <td><span class={classes!("outcome", match t.outcome { TypeOutcome::Allowed => "outcome-allowed", TypeOutcome::Denied => "outcome-denied", TypeOutcome::NoAllow => "outcome-noallow", TypeOutcome::NotApplicable => "outcome-notapplicable" })}>{ outcome_text(t.outcome) }</span></td>
                    <td class="counted-cell">{ if t.counted { "decides" } else { "" } }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}

pub fn statement_link(dispatch: &UseReducerDispatcher<AppState>, link: &StatementLink) -> Html {
    let effect = if link.allow { "Allow" } else { "Deny" };
    html! {
        <button type="button" class={classes!("statement-link", if link.allow { "allow" } else { "explicit-deny" })}
                disabled={link.target.is_none()} onclick={jump(dispatch, link.target, true)}
                title="Show it in its editor">
            <span class="effect">{ effect }</span>
            <span class="sid">{ link.label.clone() }</span>
            <span class="policy-id">{ link.policy_id.clone() }</span>
        </button>
    }
}

pub fn evaluation(
    dispatch: &UseReducerDispatcher<AppState>,
    view: &EvaluationView,
    main: bool,
) -> Html {
    html! {
        <>
            <p class="summary">{ view.summary.clone() }</p>
            if !view.decisive.is_empty() {
                <div class="decisive">
                    <h3>{ if view.decision == iamplay_core::explain::Decision::ExplicitDeny { "Denied by" } else { "Allowed by" } }</h3>
                    <div class="decisive-list">{ for view.decisive.iter().map(|link| statement_link(dispatch, link)) }</div>
                </div>
            }
            { types_table(&view.types) }
            if !view.notes.is_empty() {
                <ul class="notes">
                    { for view.notes.iter().map(|note| html! { <li><span class="note-icon" aria-hidden="true">{ "i" }</span>{ note.clone() }</li> }) }
                </ul>
            }
            if main {
                <details class="statements" open=true>
                    <summary><h3 class="summary-heading">{ "Every statement, and why it did or did not apply" }</h3></summary>
                    { for view.policies.iter().map(|policy| html! {
                        <div class="policy-block">
                            <h4>{ policy.label.clone() }</h4>
                            if policy.statements.is_empty() {
                                <p class="muted">{ "no statements" }</p>
                            }
                            <ul>
                            { for policy.statements.iter().map(|statement| html! {
                                <li class={classes!("statement", statement.applies.then_some("applies"), statement.decisive.then_some("is-decisive"))}>
                                    <button type="button" class="statement-head" disabled={statement.link.target.is_none()}
                                            onclick={jump(dispatch, statement.link.target, statement.decisive)}>
                                        <span class={classes!("effect", if statement.link.allow { "allow" } else { "explicit-deny" })}>{ if statement.link.allow { "Allow" } else { "Deny" } }</span>
                                        <span class="sid">{ statement.link.label.clone() }</span>
                                        <span class="applies">{ if statement.applies { "applies" } else { "does not apply" } }</span>
                                        if statement.decisive { <span class="decisive-tag">{ "decisive" }</span> }
                                    </button>
                                    <ul class="reasons">
                                        { for statement.reasons.iter().map(|reason| html! {
                                            <li class={classes!(if reason.ok { "ok" } else { "no" })}>
                                                <span class="mark" role="img" aria-label={if reason.ok { "matches" } else { "does not match" }}>{ if reason.ok { "✓" } else { "✗" } }</span>
                                                <span>{ super::lesson::inline(&reason.text) }</span>
                                            </li>
                                        }) }
                                    </ul>
                                </li>
                            }) }
                            </ul>
                        </div>
                    }) }
                </details>
            }
        </>
    }
}

#[function_component]
pub fn Explanation(props: &ExplanationProps) -> Html {
    let Some(view) = props.view.clone() else {
        return html! {
            <section class="explanation empty" id="explanation" aria-labelledby="explanation-title">
                <h2 id="explanation-title" class="sr-only">{ "Explanation" }</h2>
                <p class="muted">{ "Click a cell of the matrix (or a request) to see why: the deciding statements, each policy's part, and the rules behind it." }</p>
            </section>
        };
    };
    let dispatch = &props.dispatch;
    html! {
        <section class="explanation" id="explanation" aria-labelledby="explanation-title" data-decision={crate::engine::decision_name(view.main.decision)}>
            <div class="explain-head">
                <h2 id="explanation-title">{ "Why?" }</h2>
                <DecisionBadge decision={view.main.decision} id={Some(AttrValue::from("explanation-decision"))} />
                <span class="chip">{ relation_text(view.main.relation) }</span>
                if props.stale { <span class="chip warn">{ "stale" }</span> }
                <button class="icon-button close" aria-label="Close the explanation" title="Close"
                        onclick={ { let d = dispatch.clone(); Callback::from(move |_| d.dispatch(Action::Select(crate::state::Selection::None))) } }>{ "×" }</button>
            </div>
            <p class="request-line">
                <code class="who">{ view.caller.clone() }</code>
                <span class="arrow" aria-hidden="true">{ " → " }</span>
                <code class="what">{ view.action.clone() }</code>
                <span class="on">{ " on " }</span>
                <code class="where">{ view.resource.clone() }</code>
            </p>
            if !view.context.is_empty() {
                <p class="context">{ "context: " }{ for view.context.iter().map(|(k, v)| html! { <code>{ format!("{k} = {v}") }</code> }) }</p>
            }
            if !view.hops.is_empty() {
                <div class="hops">
                    <h3>{ "Role chain" }</h3>
                    <p class="mental">{ "A role is a temporary identity: each hop asks to assume it (the caller's side and the role's trust policy must allow), and a session with temporary credentials comes back." }</p>
                    <ol class="flow">
                        <li class="node">{ view.caller.clone() }</li>
                        { for view.hops.iter().enumerate().map(|(i, hop)| html! {
                            <>
                                <li class={classes!("edge", (view.denied_hop == Some(i)).then_some("denied"))}>
                                    <span class="edge-action">{ hop.action.clone() }</span>
                                    <DecisionBadge decision={hop.decision} />
                                    <span class="chip">{ relation_text(hop.relation) }</span>
                                </li>
                                <li class="node role">
                                    <span>{ crate::model::short_arn(&hop.role_arn).to_string() }</span>
                                    if let Some((session, seconds, chained)) = &hop.credentials {
                                        <span class="creds">
                                            { "temporary credentials: " }<code>{ session.clone() }</code>
                                            { format!(", valid {} min{}", seconds / 60, if *chained { " (role chaining caps it at 1 h)" } else { "" }) }
                                        </span>
                                    }
                                </li>
                            </>
                        }) }
                        if view.denied_hop.is_none() {
                            <li class="edge"><span class="edge-action">{ view.action.clone() }</span><DecisionBadge decision={view.main.decision} /></li>
                            <li class="node">{ view.resource.clone() }</li>
                        }
                    </ol>
                    if let Some(hop) = view.denied_hop {
                        <p class="denied-hop">{ format!("Hop {} was denied, so the request stops there. The explanation below is that hop's.", hop + 1) }</p>
                    }
                </div>
            }
            { evaluation(dispatch, &view.main, true) }
            { props.extra.clone() }
            if let Some((title, what_if)) = &view.what_if {
                <details class="what-if">
                    <summary>
                        <span>{ title.clone() }</span>
                        <DecisionBadge decision={what_if.decision} />
                    </summary>
                    { evaluation(dispatch, what_if, false) }
                </details>
            }
        </section>
    }
}
