//! The requests: each one as a flow (principal → role hops → action on resource) with its decision and its
//! expectation, read top to bottom as a chain (client → API Gateway → Lambda → role → DynamoDB); and a form
//! to edit one, with pickers fed from the scenario.

use super::decision_badge::DecisionBadge;
use crate::engine::RequestRow;
use crate::model::{short_arn, RequestDraft, Workspace};
use crate::state::{Action, AppState, Edit, NewPolicy, Selection};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct RequestsProps {
    pub ws: Rc<Workspace>,
    /// `AppState::structure`: requests show no policy text, so typing in a policy does not re-render them.
    pub structure: u64,
    pub rows: Rc<Vec<RequestRow>>,
    pub stale: bool,
    pub editing: Option<usize>,
    pub selection: Selection,
    pub read_only: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for RequestsProps {
    fn eq(&self, other: &Self) -> bool {
        self.structure == other.structure
            && super::same(&self.rows, &other.rows)
            && self.stale == other.stale
            && self.editing == other.editing
            && self.selection == other.selection
            && self.read_only == other.read_only
            && self.dispatch == other.dispatch
    }
}

fn short(text: &str) -> String {
    if text.starts_with("arn:aws:iam::") {
        short_arn(text).to_string()
    } else {
        crate::components::matrix::short_resource(text)
    }
}

fn value_of(event: &Event) -> String {
    if let Some(input) = event.target_dyn_into::<web_sys::HtmlInputElement>() {
        return input.value();
    }
    if let Some(select) = event.target_dyn_into::<web_sys::HtmlSelectElement>() {
        return select.value();
    }
    event
        .target_dyn_into::<web_sys::HtmlTextAreaElement>()
        .map(|t| t.value())
        .unwrap_or_default()
}

/// Principals a request may name: users, roles, account roots, services and providers in trust policies.
pub fn principal_choices(ws: &Workspace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    out.extend(ws.users.iter().map(|u| u.arn.clone()));
    out.extend(ws.roles.iter().map(|r| r.arn.clone()));
    out.extend(
        ws.known_accounts()
            .iter()
            .map(|a| format!("arn:aws:iam::{a}:root")),
    );
    for info in ws.policies() {
        for piece in info.draft.text.split('"') {
            let service =
                piece.ends_with(".amazonaws.com") && !piece.contains(' ') && !piece.contains(':');
            let provider = piece.contains(":saml-provider/") || piece.contains(":oidc-provider/");
            if (service || provider) && !out.iter().any(|o| o == piece) {
                out.push(piece.to_string());
            }
        }
    }
    out.push("anonymous".into());
    out
}

/// Actions the scenario's policies name (exact ones, no wildcards).
fn action_choices(ws: &Workspace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for info in ws.policies() {
        for piece in info.draft.text.split('"') {
            let looks = piece.split_once(':').is_some_and(|(p, a)| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !a.is_empty()
                    && a.bytes().all(|b| b.is_ascii_alphanumeric())
            });
            if looks && !out.iter().any(|o| o == piece) {
                out.push(piece.to_string());
            }
        }
    }
    out
}

fn resource_choices(ws: &Workspace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for resource in &ws.resources {
        out.push(resource.arn.clone());
        if resource.arn.starts_with("arn:aws:s3:::") && !resource.arn.contains('/') {
            out.push(format!("{}/example.txt", resource.arn));
        }
    }
    out.extend(ws.roles.iter().map(|r| r.arn.clone()));
    out
}

#[function_component]
pub fn Requests(props: &RequestsProps) -> Html {
    let ws = &props.ws;
    let add = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Edit(Edit::AddRequest)))
    };
    html! {
        <section class="requests-panel" aria-labelledby="requests-title">
            <div class="panel-head">
                <h2 id="requests-title">{ "Requests & flow" }</h2>
                <span class="hint">{ "read top to bottom: each hop with its decision" }</span>
                if !props.read_only { <button type="button" class="add" onclick={add}>{ "+ Request" }</button> }
            </div>
            if props.stale { <p class="stale-note">{ "Stale: these results are from the last valid scenario." }</p> }
            <ol class="request-list" id="requests">
            { for ws.requests.iter().enumerate().map(|(i, draft)| {
                let row = props.rows.iter().find(|r| r.id == draft.id);
                let selected = props.selection == Selection::Request(i);
                let select = {
                    let dispatch = props.dispatch.clone();
                    Callback::from(move |_| dispatch.dispatch(Action::Select(Selection::Request(i))))
                };
                let edit = {
                    let dispatch = props.dispatch.clone();
                    let editing = props.editing == Some(i);
                    Callback::from(move |_| dispatch.dispatch(Action::EditRequest(if editing { None } else { Some(i) })))
                };
                html! {
                    <li key={draft.id} class={classes!("request", selected.then_some("selected"), row.map(|r| if r.ok { "ok" } else { "unexpected" }))}
                        data-index={i.to_string()} data-decision={row.map(|r| crate::engine::decision_name(r.decision))}>
                        <div class="request-top">
                            <span class="request-number">{ i + 1 }</span>
                            <button type="button" class="request-name" onclick={select.clone()}>{ if draft.name.is_empty() { format!("request {}", i + 1) } else { draft.name.clone() } }</button>
                            <button type="button" class="small" onclick={edit} aria-expanded={(props.editing == Some(i)).to_string()}>{ if props.read_only { "Details" } else { "Edit" } }</button>
                        </div>
                        <ol class="flow compact" onclick={select}>
                            <li class="node">{ short(&draft.principal) }</li>
                            { for draft.assume.iter().enumerate().map(|(h, role)| {
                                let hop = row.and_then(|r| r.hops.get(h));
                                html! {
                                    <>
                                        <li class="edge">
                                            <span class="edge-action">{ "AssumeRole" }</span>
                                            if let Some((_, decision)) = hop { <DecisionBadge decision={*decision} label={false} /> }
                                        </li>
                                        <li class="node role">{ short(&crate::model::hop_role(role)) }</li>
                                    </>
                                }
                            }) }
                            <li class="edge">
                                <span class="edge-action">{ draft.action.clone() }</span>
                                if let Some(row) = row { if row.denied_hop.is_none() { <DecisionBadge decision={row.decision} label={false} /> } }
                            </li>
                            <li class="node">{ short(&draft.resource) }</li>
                            if let Some(row) = row {
                                <li class="result"><DecisionBadge decision={row.decision} /></li>
                            }
                        </ol>
                        if let Some(row) = row {
                            if let Some(expect) = row.expect {
                                <p class={classes!("expect", if row.ok { "ok" } else { "bad" })}>
                                    { if row.ok { format!("✓ as expected ({})", crate::engine::decision_look(expect).0) }
                                      else { format!("✗ expected {}, got {}", crate::engine::decision_look(expect).0, crate::engine::decision_look(row.decision).0) } }
                                </p>
                            }
                        }
                        if props.editing == Some(i) { { request_form(props, i, draft) } }
                    </li>
                }
            }) }
            </ol>
            if ws.requests.is_empty() {
                <p class="muted">{ "No requests: the matrix derives its columns from the policies. Add a request to ask a precise question." }</p>
            }
        </section>
    }
}

fn request_form(props: &RequestsProps, index: usize, draft: &RequestDraft) -> Html {
    let ws = &props.ws;
    let update = |apply: fn(&mut RequestDraft, String)| {
        let dispatch = props.dispatch.clone();
        let draft = draft.clone();
        Callback::from(move |event: Event| {
            let mut request = draft.clone();
            apply(&mut request, value_of(&event));
            dispatch.dispatch(Action::Edit(Edit::SetRequest {
                index,
                request: Box::new(request),
            }));
        })
    };
    let list = |id: String, items: Vec<String>| {
        html! {
            <datalist id={id}>{ for items.into_iter().map(|item| html! { <option value={item} /> }) }</datalist>
        }
    };
    let ro = props.read_only;
    let principals_id = format!("principals-{index}");
    let actions_id = format!("actions-{index}");
    let resources_id = format!("resources-{index}");
    let edit = |edit: Edit| {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::Edit(edit.clone())))
    };
    html! {
        <form class="request-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            <label class="field"><span>{ "Name" }</span>
                <input type="text" value={draft.name.clone()} onchange={update(|r, v| r.name = v)} readonly={ro} /></label>
            <label class="field"><span>{ "Principal (who calls)" }</span>
                <input type="text" list={principals_id.clone()} value={draft.principal.clone()} onchange={update(|r, v| r.principal = v)} readonly={ro} spellcheck="false" /></label>
            { list(principals_id, principal_choices(ws)) }
            if !ws.roles.is_empty() || !draft.assume.is_empty() {
            <fieldset class="field assume">
                <legend>{ "Assume roles first (in order)" }</legend>
                { for draft.assume.iter().enumerate().map(|(h, role)| {
                    let dispatch = props.dispatch.clone();
                    let mut request = draft.clone();
                    request.assume.remove(h);
                    let remove = Callback::from(move |_| dispatch.dispatch(Action::Edit(Edit::SetRequest { index, request: Box::new(request.clone()) })));
                    html! { <span class="chip">{ format!("{}. {}", h + 1, short_arn(&crate::model::hop_role(role))) }
                        if !ro { <button type="button" class="icon-button" aria-label="Remove this hop" onclick={remove}>{ "×" }</button> }</span> }
                }) }
                if !ro && !ws.roles.is_empty() {
                    <select onchange={update(|r, v| if !v.is_empty() { r.assume.push(v) })} aria-label="Add a role to assume">
                        <option value="" selected=true>{ "+ add a hop…" }</option>
                        { for ws.roles.iter().map(|role| html! { <option value={role.arn.clone()}>{ short_arn(&role.arn).to_string() }</option> }) }
                    </select>
                }
            </fieldset>
            }
            <label class="field"><span>{ "Action" }</span>
                <input type="text" list={actions_id.clone()} value={draft.action.clone()} onchange={update(|r, v| r.action = v)} readonly={ro} spellcheck="false" /></label>
            { list(actions_id, action_choices(ws)) }
            <label class="field"><span>{ "Resource" }</span>
                <input type="text" list={resources_id.clone()} value={draft.resource.clone()} onchange={update(|r, v| r.resource = v)} readonly={ro} spellcheck="false" /></label>
            { list(resources_id, resource_choices(ws)) }
            if !ws.vpc_endpoints.is_empty() || !draft.vpc_endpoint.is_empty() {
            <label class="field"><span>{ "Through VPC endpoint" }</span>
                <select onchange={update(|r, v| r.vpc_endpoint = v)} disabled={ro}>
                    <option value="" selected={draft.vpc_endpoint.is_empty()}>{ "none (over the internet)" }</option>
                    { for ws.vpc_endpoints.iter().map(|endpoint| html! {
                        <option value={endpoint.id.clone()} selected={draft.vpc_endpoint == endpoint.id}>{ endpoint.id.clone() }</option>
                    }) }
                </select></label>
            }
            <label class="field"><span>{ "Context (JSON object of condition keys)" }</span>
                <textarea rows="3" spellcheck="false" value={draft.context.clone()} onchange={update(|r, v| r.context = v)} readonly={ro}
                          placeholder="{ \"aws:SourceIp\": \"203.0.113.9\" }" /></label>
            <label class="field"><span>{ "Expect" }</span>
                <select onchange={update(|r, v| r.expect = v)} disabled={ro}>
                    { for [("", "no expectation"), ("Allow", "Allow"), ("ExplicitDeny", "Explicit deny"), ("ImplicitDeny", "Implicit deny")].iter().map(|(value, label)| html! {
                        <option value={*value} selected={draft.expect == *value}>{ *label }</option>
                    }) }
                </select></label>
            if !ro {
                <div class="form-actions">
                    if draft.session_policy.is_none() {
                        <button type="button" class="small" onclick={edit(Edit::AddPolicy(NewPolicy::RequestSession(index)))}>{ "+ session policy" }</button>
                    } else {
                        <button type="button" class="small" onclick={ { let d = props.dispatch.clone(); let id = draft.session_policy.as_ref().map_or(0, |p| p.id); Callback::from(move |_| d.dispatch(Action::OpenPolicy(id))) } }>{ "Open session policy" }</button>
                    }
                    <button type="button" class="small" onclick={edit(Edit::MoveRequest { index, up: true })} aria-label="Move up">{ "↑" }</button>
                    <button type="button" class="small" onclick={edit(Edit::MoveRequest { index, up: false })} aria-label="Move down">{ "↓" }</button>
                    <button type="button" class="danger small" onclick={edit(Edit::Delete(crate::model::EntityRef::Request(index)))}>{ "Delete request" }</button>
                </div>
            }
        </form>
    }
}
