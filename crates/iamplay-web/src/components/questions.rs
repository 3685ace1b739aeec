//! The panels of the account-scale questions (`questions.rs`): "Who can…" (opened from a resource or a matrix
//! column), "What can…" (from a matrix row or a user or role), and a resource's access (from its badge in the
//! scenario panel). Each renders an answer the core computed; statements link to their editors, and each
//! who-can row to its explanation (the matrix cell's when the matrix has it, else one made for the row).

use super::explanation::{evaluation, statement_link};
use crate::explain_view::ExplanationView;
use crate::hooks::use_answer::Answered;
use crate::matrix_view::MatrixView;
use crate::model::short_arn;
use crate::questions::{
    access_name, AccessRow, AnswerView, Path, Question, WhatView, WhoRow, WhoView,
};
use crate::state::{Action, AppState, Selection};
use iamplay_core::analysis::access::Access;
use iamplay_core::explain::Decision;
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

/// Rows each list shows before "Show all".
const SHOWN: usize = 60;

#[derive(Properties)]
pub struct QuestionPanelProps {
    pub question: Question,
    pub answered: Answered,
    pub matrix: Option<Rc<MatrixView>>,
    /// The explanation of a who-can row's principal doing the question's request (main thread, on click).
    pub explain: Callback<String, Option<Rc<ExplanationView>>>,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for QuestionPanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.question == other.question
            && self.answered.question == other.answered.question
            && super::same_opt(&self.answered.answer, &other.answered.answer)
            && self.answered.pending == other.answered.pending
            && self.answered.stale == other.answered.stale
            && super::same_opt(&self.matrix, &other.matrix)
            && self.dispatch == other.dispatch
    }
}

fn input_value(event: &InputEvent) -> String {
    event
        .target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|input| input.value())
        .or_else(|| {
            event
                .target_dyn_into::<web_sys::HtmlTextAreaElement>()
                .map(|area| area.value())
        })
        .unwrap_or_default()
}

/// `KEY=VALUE` lines, as the who-can form takes them.
pub fn parse_context_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

fn path_class(path: Path) -> &'static str {
    match path {
        Path::Direct => "chip path-direct",
        Path::ViaRole => "chip path-role",
        Path::CrossAccount => "chip path-cross",
        Path::Public => "chip path-public",
    }
}

pub fn access_class(access: Access) -> &'static str {
    match access {
        Access::Public => "access-badge access-public",
        Access::External => "access-badge access-external",
        Access::Private => "access-badge access-private",
    }
}

/// The access badge of a resource or role in the scenario panel; a click opens its details.
pub fn access_badge(row: &AccessRow, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let name = access_name(row.access);
    let onclick = {
        let dispatch = dispatch.clone();
        let resource = row.resource.clone();
        Callback::from(move |_| {
            dispatch.dispatch(Action::Ask(Some(Question::Access {
                resource: resource.clone(),
            })))
        })
    };
    let label = format!(
        "{}: {}. Show who outside account {} can reach it",
        short_arn(&row.resource),
        name,
        row.owner.as_deref().unwrap_or("(unknown)")
    );
    html! {
        <button type="button" class={access_class(row.access)} data-access={name}
                aria-label={label.clone()} title={label} {onclick}>
            <span aria-hidden="true">{ match row.access { Access::Public => "◉ ", Access::External => "◐ ", Access::Private => "○ " } }</span>
            { name }
        </button>
    }
}

fn close_button(dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let dispatch = dispatch.clone();
    html! {
        <button type="button" class="icon-button close" id="question-close" aria-label="Close the question" title="Close"
                onclick={Callback::from(move |_| dispatch.dispatch(Action::Ask(None)))}>{ "×" }</button>
    }
}

/// A who-can row's principal and its explanation made on demand (`None`: the scenario has errors).
type Explained = (String, Option<Rc<ExplanationView>>);

/// The panel's own state: the who-can form's fields, the rows whose explanation is open, and the lists shown in
/// full or opened (`show:<list>`, `service:<prefix>`). One component holds it all (each component costs the
/// wasm its own copy of Yew's lifecycle code); the panel is keyed by its question, so a new one starts afresh.
struct View<'a> {
    props: &'a QuestionPanelProps,
    action: UseStateHandle<String>,
    resource: UseStateHandle<String>,
    context: UseStateHandle<String>,
    explained: UseStateHandle<Rc<Vec<Explained>>>,
    expanded: UseStateHandle<Rc<HashSet<String>>>,
}

impl View<'_> {
    fn toggle(&self, key: String) -> Callback<MouseEvent> {
        let expanded = self.expanded.clone();
        Callback::from(move |_| {
            let mut next = (**expanded).clone();
            if !next.remove(&key) {
                next.insert(key.clone());
            }
            expanded.set(Rc::new(next));
        })
    }
}

#[function_component]
pub fn QuestionPanel(props: &QuestionPanelProps) -> Html {
    let (action, resource, context) = match &props.question {
        Question::WhoCan {
            action,
            resource,
            context,
        } => (
            action.clone(),
            resource.clone(),
            context
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => Default::default(),
    };
    let view = View {
        props,
        action: use_state(|| action),
        resource: use_state(|| resource),
        context: use_state(|| context),
        explained: use_state(Rc::default),
        expanded: use_state(Rc::default),
    };
    let (kind, title) = match &props.question {
        Question::WhoCan { .. } => ("who-can", "Who can…".to_string()),
        Question::WhatCan { principal } => {
            ("what-can", format!("What can {} do?", short_arn(principal)))
        }
        Question::Access { resource } => (
            "access",
            format!("Who outside its account can reach {}?", short_arn(resource)),
        ),
    };
    // Scroll the panel into view when it opens.
    use_effect_with((), |_| {
        if let Some(panel) = gloo_utils::document().get_element_by_id("question-panel") {
            let options = web_sys::ScrollIntoViewOptions::new();
            options.set_block(web_sys::ScrollLogicalPosition::Nearest);
            panel.scroll_into_view_with_scroll_into_view_options(&options);
        }
    });
    let answered = &props.answered;
    let answer = answered
        .answer
        .as_deref()
        .filter(|_| answered.question.as_ref() == Some(&props.question.asked()));
    let body = match (answer, &props.question) {
        (None, Question::WhoCan { action, .. }) if action.trim().is_empty() => html! {
            <p class="muted" id="question-pending">{ "Type an action (and a resource) and press Ask." }</p>
        },
        (None, _) => {
            html! { <p class="muted" id="question-pending" role="status">{ "Working it out…" }</p> }
        }
        (Some(AnswerView::Error(message)), _) => html! {
            <p class="question-error" id="question-error" role="status">{ format!("No answer: {message}.") }</p>
        },
        (Some(AnswerView::Who(who)), _) => who_list(&view, who),
        (Some(AnswerView::What(what)), _) => what_list(&view, what),
        (Some(AnswerView::Access(rows)), Question::Access { resource }) => {
            match rows.iter().find(|row| &row.resource == resource) {
                Some(row) => access_details(row, &props.dispatch),
                None => {
                    html! { <p class="muted" id="question-error">{ "This resource has no resource or trust policy: only its own account's principals can use it." }</p> }
                }
            }
        }
        (Some(_), _) => html! {},
    };
    html! {
        <section class={if answered.stale { "question-panel is-stale" } else { "question-panel" }} id="question-panel"
                 data-question={kind} aria-labelledby="question-title" aria-busy={answered.pending.to_string()}>
            <div class="panel-head">
                <h2 id="question-title">{ title }</h2>
                if answered.stale || (answered.pending && answer.is_some()) {
                    <span class="chip warn">{ if answered.stale { "stale: the scenario has errors" } else { "updating…" } }</span>
                }
                { close_button(&props.dispatch) }
            </div>
            if kind == "who-can" { { who_form(&view) } }
            { body }
        </section>
    }
}

fn who_form(view: &View<'_>) -> Html {
    let set = |handle: &UseStateHandle<String>| {
        let handle = handle.clone();
        Callback::from(move |event: InputEvent| handle.set(input_value(&event)))
    };
    let onsubmit = {
        let (action, resource, context) = (
            view.action.clone(),
            view.resource.clone(),
            view.context.clone(),
        );
        let dispatch = view.props.dispatch.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            dispatch.dispatch(Action::Ask(Some(Question::WhoCan {
                action: action.trim().to_string(),
                resource: resource.trim().to_string(),
                context: parse_context_lines(&context),
            })));
        })
    };
    html! {
        <form class="question-form" id="who-form" {onsubmit}>
            <label class="field">{ "Action" }
                <input type="text" id="who-action" value={(*view.action).clone()} oninput={set(&view.action)} spellcheck="false" placeholder="s3:GetObject" /></label>
            <label class="field">{ "Resource" }
                <input type="text" id="who-resource" value={(*view.resource).clone()} oninput={set(&view.resource)} spellcheck="false" placeholder="arn:aws:s3:::bucket/key" /></label>
            <label class="field">{ "Context (optional, one KEY=VALUE a line)" }
                <textarea id="who-context" rows="2" value={(*view.context).clone()} oninput={set(&view.context)} spellcheck="false" placeholder="aws:SourceIp=203.0.113.9" /></label>
            <button type="submit" class="primary small" id="who-ask">{ "Ask" }</button>
        </form>
    }
}

/// The matrix cell asking the same as `view` for `principal`, if the matrix has one.
fn matrix_cell(matrix: &MatrixView, view: &WhoView, principal: &str) -> Option<(usize, usize)> {
    let row = matrix.rows.iter().position(|r| r.key == principal)?;
    let column = matrix.columns.iter().position(|c| {
        c.action == view.action
            && c.resource == view.resource
            && c.context.is_empty()
            && c.vpc_endpoint.is_none()
    })?;
    Some((row, column))
}

fn who_row(view: &View<'_>, who: &WhoView, row: &WhoRow) -> Html {
    let props = view.props;
    let explained = view
        .explained
        .iter()
        .find(|(p, _)| *p == row.principal)
        .map(|(_, e)| e.clone());
    let cell = props
        .matrix
        .as_deref()
        .and_then(|m| matrix_cell(m, who, &row.principal));
    let on_explain = {
        let dispatch = props.dispatch.clone();
        let explain = props.explain.clone();
        let opened = view.explained.clone();
        let principal = row.principal.clone();
        Callback::from(move |_| {
            if let Some((row, column)) = cell {
                dispatch.dispatch(Action::Select(Selection::Cell { row, column }));
                return;
            }
            let mut next = (**opened).clone();
            if let Some(at) = next.iter().position(|(p, _)| *p == principal) {
                next.remove(at);
            } else {
                next.push((principal.clone(), explain.emit(principal.clone())));
            }
            opened.set(Rc::new(next));
        })
    };
    let explain_label = if cell.is_some() {
        "Why? (matrix cell)"
    } else if explained.is_some() {
        "Hide why"
    } else {
        "Why?"
    };
    let (word, icon, _) = crate::engine::decision_look(row.decision);
    // One line per note, few elements per row: a who-can answer can list hundreds of principals.
    let mut notes: Vec<(&'static str, String)> = Vec::new();
    if row.conditional && !row.conditions.is_empty() {
        let verb = if row.decision == Decision::Allow {
            "allowed"
        } else {
            "denied"
        };
        notes.push((
            "who-if",
            format!("{verb} if {}", row.conditions.join(" and ")),
        ));
    }
    if let (false, Some(from)) = (row.chain.is_empty(), &row.chain_from) {
        let chain: Vec<&str> = row.chain.iter().map(|r| short_arn(r)).collect();
        notes.push((
            "who-chain",
            format!("via {} → {}", short_arn(from), chain.join(" → ")),
        ));
    }
    if !row.groups.is_empty() {
        let groups: Vec<&str> = row.groups.iter().map(|g| short_arn(g)).collect();
        notes.push(("who-groups", format!("groups: {}", groups.join(", "))));
    }
    // The other account's principal has a stand-in account id: not worth showing.
    let meta = match &row.account {
        Some(account) if row.explainable => format!("{} · {account}", row.kind),
        _ => row.kind.clone(),
    };
    html! {
        <li key={row.principal.clone()} class="who-row" data-principal={row.principal.clone()}
            data-decision={crate::engine::decision_name(row.decision)} data-path={row.path.name()}>
            <div class="who-head">
                <span class="who-name" title={format!("{word}: {}", row.principal)}>{ format!("{icon} {}", short_arn(&row.principal)) }</span>
                <span class={path_class(row.path)}>{ format!("{} · {meta}", row.path.name()) }</span>
                if row.explainable {
                    <button type="button" class="link who-explain" aria-label={format!("{explain_label}: {}", row.principal)} onclick={on_explain}>{ explain_label }</button>
                }
            </div>
            { for notes.into_iter().map(|(class, text)| html! { <p class={class}>{ text }</p> }) }
            if !row.decisive.is_empty() {
                <div class="decisive-list">{ for row.decisive.iter().map(|link| statement_link(&props.dispatch, link)) }</div>
            }
            if let Some(explanation) = explained {
                <div class="who-explanation explanation">
                    { match explanation {
                        Some(e) => evaluation(&props.dispatch, &e.main, false),
                        None => html! { <p class="muted">{ "No explanation: the scenario has errors." }</p> },
                    } }
                </div>
            }
        </li>
    }
}

/// A list of who-can rows, the first [`SHOWN`] until "Show all" (one function for both lists: each `html!`
/// written twice would be in the wasm twice).
#[inline(never)]
fn who_items(view: &View<'_>, who: &WhoView, rows: &[&WhoRow], id: &'static str) -> Html {
    let key = format!("show:{id}");
    let all = view.expanded.contains(&key);
    html! {
        <ul class="who-list" id={id}>
            { for rows.iter().take(if all { usize::MAX } else { SHOWN }).map(|row| who_row(view, who, row)) }
            if !all && rows.len() > SHOWN {
                <li><button type="button" class="link show-more" onclick={view.toggle(key)}>{ format!("Show all {}", rows.len()) }</button></li>
            }
        </ul>
    }
}

fn who_list(view: &View<'_>, who: &WhoView) -> Html {
    let (allowed, denied): (Vec<&WhoRow>, Vec<&WhoRow>) =
        who.rows.iter().partition(|r| r.decision == Decision::Allow);
    let conditional = allowed.iter().filter(|r| r.conditional).count();
    let list = |rows: &[&WhoRow], id: &'static str| who_items(view, who, rows, id);
    html! {
        <div class="who-answer">
            <p class="question-summary" id="who-summary">
                { format!("{} of {} principals can {} on {}{}", allowed.len(), who.rows.len(), who.action, who.resource,
                    if conditional > 0 { format!(" ({conditional} only under conditions)") } else { String::new() }) }
            </p>
            if !who.open_keys.is_empty() {
                <p class="open-keys">{ format!("Not fixed by the question (shown as conditions): {}", who.open_keys.join(", ")) }</p>
            }
            if allowed.is_empty() {
                <p class="muted" id="who-none">{ "Nobody the scenario knows is allowed." }</p>
            } else {
                { list(&allowed, "who-allowed") }
            }
            if !denied.is_empty() {
                <details class="who-denied">
                    <summary>{ format!("Denied ({})", denied.len()) }</summary>
                    { list(&denied, "who-denied-list") }
                </details>
            }
        </div>
    }
}

fn what_list(view: &View<'_>, what: &WhatView) -> Html {
    let dispatch = &view.props.dispatch;
    let actions: usize = what.services.iter().map(|s| s.allowed).sum();
    html! {
        <div class="what-answer">
            <p class="question-summary" id="what-summary">
                { format!("{} actions in {} services (of {} in the catalog)", actions, what.services.len(), what.catalog_actions) }
            </p>
            if what.services.is_empty() {
                <p class="muted" id="what-none">{ "Nothing: no action of the catalog is allowed." }</p>
            }
            <ul class="what-services">
                { for what.services.iter().map(|service| {
                    // A full-access principal has thousands of actions: a service's are rendered only when opened.
                    let key = format!("service:{}", service.service);
                    let open = view.expanded.contains(&key);
                    let onclick = {
                        let toggle = view.toggle(key);
                        Callback::from(move |event: MouseEvent| {
                            // The state opens and closes the details, so Yew's render and the browser agree.
                            event.prevent_default();
                            toggle.emit(event);
                        })
                    };
                    let statements = service.statements();
                    html! {
                        <li key={service.service.clone()} class="what-service" data-service={service.service.clone()}>
                            <details {open}>
                                <summary {onclick}>
                                    <span class="what-name">{ format!("{} · {} · {} of {} actions", service.service, service.name, service.allowed, service.total) }</span>
                                    <span class={if service.summary == "Full access" { "chip full" } else { "chip" }}>{ service.summary.clone() }</span>
                                </summary>
                                if open {
                                    <div class="what-body">
                                        <div class="what-granted" aria-label="Allowed by">
                                            { for statements.iter().filter_map(|i| what.statements.get(*i)).map(|link| statement_link(dispatch, link)) }
                                        </div>
                                        <ul class="what-actions">
                                            { for service.actions.iter().map(|action| html! {
                                                <li data-action={action.action.clone()}>
                                                    <code>{ format!("{} on {} · {}", action.action, action.resources.join(", "), action.levels.join(", ")) }</code>
                                                    if action.conditional { <span class="what-if">{ format!("if {}", action.conditions.join(" and ")) }</span> }
                                                </li>
                                            }) }
                                        </ul>
                                    </div>
                                }
                            </details>
                        </li>
                    }
                }) }
            </ul>
        </div>
    }
}

fn access_details(row: &AccessRow, dispatch: &UseReducerDispatcher<AppState>) -> Html {
    let name = access_name(row.access);
    let meaning = match row.access {
        Access::Public => "anonymous callers or principals of any account can get Allow",
        Access::External => {
            "named accounts, organizations, services or identity providers outside the account can get Allow"
        }
        Access::Private => "nobody outside the owning account can get Allow",
    };
    html! {
        <div class="access-answer" data-access={name}>
            <p class="question-summary" id="access-summary">
                { format!("{}: {} ({} of account {}): {meaning}.", name, match row.kind.as_str() { "role" => "trust policy", "key" => "key policy", _ => "resource policy" },
                    short_arn(&row.resource), row.owner.as_deref().unwrap_or("unknown")) }
            </p>
            if let Some(reason) = &row.reason {
                <p class="access-reason" id="access-reason">{ crate::components::lesson::inline(reason) }</p>
            }
            if !row.complete {
                <p class="warn-line">{ "Not every class of request was evaluated (the bound was reached): the answer may miss access." }</p>
            }
            if !row.witnesses.is_empty() {
                <ul class="access-witnesses" id="access-witnesses" aria-label="Requests it allows from outside">
                    { for row.witnesses.iter().map(|w| {
                        let mut needs: Vec<String> = w.context.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                        needs.extend(w.limits.iter().cloned());
                        needs.dedup();
                        html! {
                            <li class="access-witness" data-caller={w.caller.clone()} data-public={w.public.to_string()}>
                                <code class="who-name">{ format!("{}: {} → {}", w.caller, w.principal, w.action) }</code>
                                if !needs.is_empty() {
                                    <p class="who-if">{ format!("with {}", needs.join(", ")) }</p>
                                }
                                <div class="decisive-list">{ statement_link(dispatch, &w.statement) }</div>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn context_lines_are_key_value_pairs() {
        assert_eq!(
            parse_context_lines("aws:SourceIp = 203.0.113.9\nnot a pair\n=x\naws:TagKeys=a, b"),
            vec![
                ("aws:SourceIp".to_string(), "203.0.113.9".to_string()),
                ("aws:TagKeys".to_string(), "a, b".to_string()),
            ]
        );
    }
}
