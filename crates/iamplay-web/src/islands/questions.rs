//! The questions island (issue 15): the "Who can…" panel (opened from a matrix column or a resource), the
//! "What can…" panel (from a matrix row, a user or a role) and a resource's access details (from its badge), plus
//! a panel-less mode that only reports every resource's access for the badges. It is compiled into the
//! on-demand wasm only (islands/mod.rs), so the first screen carries none of it.
//!
//! In: JSON text, a question ([`Question::to_text`], or `{"question": "badges"}`) with the workspace in its own
//! format as `workspace` ([`crate::questions::with_workspace`]); a new input after every edit. The answer is
//! computed in the on-demand analyses worker ([`crate::lazy::question`]: what-can walks the whole action catalog),
//! asked at once for a new question and again once typing pauses after an edit; while the scenario has errors
//! the last answer stays, marked stale.
//! Out: JSON events for the host, each `{"event": NAME, ...}`: `close`; `jump` (`at`: a statement's policy and
//! place in its editor); `select` (`at`: the matrix cell that explains a who-can row); `ask` (`ask`: a
//! new question typed in the who-can form); `badges` (`access`: `[[resource ARN, "public"|"external"|"private"]]`
//! after each access answer).

use super::IslandProps;
use crate::engine::World;
use crate::explain_view::EvaluationView;
use crate::json_out::{arr, Json};
use crate::matrix_view::{MatrixView, StatementLink};
use crate::model::{short_arn, Workspace};
use crate::questions::{
    access_name, decode, AccessRow, AnswerView, Path, Question, WhatView, WhoRow, WhoView,
};
use crate::wire::field;
use iamplay_core::analysis::access::Access;
use iamplay_core::explain::Decision;
use iamplay_core::json::{self, Limits};
use std::collections::HashSet;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before an open question is asked again.
pub const REASK_MS: u32 = 300;
/// Rows each list shows before "Show all".
const SHOWN: usize = 60;
/// The largest workspace the island reads (the analysis worker's bound).
const MAX_WORKSPACE_BYTES: usize = 64 * 1024 * 1024;

/// What the host asked.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// The badges ask every resource's access: [`Question::Access`] with no resource.
    pub question: Question,
    /// Only report the access of every resource (`{"question": "badges"}`): no panel.
    pub badges: bool,
    /// The workspace's JSON text, as the worker takes it.
    pub workspace: Rc<str>,
}

/// Reads the island's input; `None` when it is not a question with a workspace.
pub fn read_input(text: &str) -> Option<Input> {
    let limits = Limits {
        max_bytes: MAX_WORKSPACE_BYTES,
        max_depth: 64,
    };
    let value = json::parse(text, &limits).ok()?;
    let workspace = field(&value, "workspace")?;
    let workspace =
        text.get(workspace.span.start.offset as usize..workspace.span.end.offset as usize)?;
    let badges = field(&value, "question").and_then(|q| q.value.as_str()) == Some("badges");
    let question = if badges {
        Question::Access {
            resource: String::new(),
        }
    } else {
        Question::from_value(&value)?
    };
    Some(Input {
        question,
        badges,
        workspace: workspace.into(),
    })
}

// ---- the events the host receives ----

fn event(name: &str, members: impl IntoIterator<Item = (&'static str, Json)>) -> String {
    let mut all = vec![("event".to_string(), Json::from(name))];
    all.extend(members.into_iter().map(|(k, v)| (k.to_string(), v)));
    Json::Obj(all).text()
}

pub fn close_event() -> String {
    event("close", [])
}

/// Move the editor of policy `policy` to `range` and mark it (a statement was clicked): `at` is
/// `[policy, line, column, end line, end column]`.
pub fn jump_event(policy: u32, range: crate::positions::Range16) -> String {
    event(
        "jump",
        [(
            "at",
            arr([
                policy.into(),
                range.line.into(),
                range.column.into(),
                range.end_line.into(),
                range.end_column.into(),
            ]),
        )],
    )
}

/// Select matrix cell `at: [row, column]`: its explanation is the who-can row's.
pub fn select_event(row: usize, column: usize) -> String {
    event("select", [("at", arr([row.into(), column.into()]))])
}

/// Open `question` instead (the who-can form was submitted).
pub fn ask_event(question: &Question) -> String {
    event("ask", [("ask", question.to_json())])
}

/// Every resource's and role's access, for the badges.
pub fn badges_event(rows: &[AccessRow]) -> String {
    event(
        "badges",
        [(
            "access",
            arr(rows
                .iter()
                .map(|row| arr([(&row.resource).into(), access_name(row.access).into()]))),
        )],
    )
}

/// The answer shown, and whether a newer one is on its way or the scenario has errors now.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answered {
    /// The question this answers (as asked: the access answer covers every resource).
    pub question: Option<Question>,
    pub answer: Option<Rc<AnswerView>>,
    pub pending: bool,
    /// The answer is about an earlier workspace: the current one has errors.
    pub stale: bool,
}

/// The answered state once `view` arrives for `question`, after `before`: an error about a question that has
/// an answer keeps that answer, marked stale (the scenario is being edited and has errors for a moment).
pub fn arrive(before: &Answered, question: &Question, view: AnswerView) -> Answered {
    let keep_previous = matches!(view, AnswerView::Error(_))
        && before.question.as_ref() == Some(question)
        && before
            .answer
            .as_deref()
            .is_some_and(|a| !matches!(a, AnswerView::Error(_)));
    if keep_previous {
        Answered {
            pending: false,
            stale: true,
            ..before.clone()
        }
    } else {
        Answered {
            question: Some(question.clone()),
            answer: Some(Rc::new(view)),
            pending: false,
            stale: false,
        }
    }
}

/// The island: asks the worker and shows the answer (or, for the badges, only reports it).
#[function_component]
pub fn QuestionsIsland(props: &IslandProps) -> Html {
    let input = use_memo(props.input.clone(), |text| read_input(text));
    let answered = use_state(Answered::default);
    // The latest state, for the answer that arrives after this render.
    let latest = use_mut_ref(Answered::default);
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let sequence = use_mut_ref(|| 0u64);
    {
        let answered = answered.clone();
        let emit = props.emit.clone();
        use_effect_with(input.clone(), move |input| {
            let Some(input) = input.as_ref().clone() else {
                return;
            };
            let question = input.question.asked();
            if let Question::WhoCan {
                action, resource, ..
            } = &question
            {
                if action.trim().is_empty() || resource.trim().is_empty() {
                    // Nothing to ask yet (a resource no request names opens the panel with the action to type):
                    // the panel asks for it rather than answering who can do "".
                    timer.borrow_mut().take();
                    *sequence.borrow_mut() += 1;
                    *latest.borrow_mut() = Answered::default();
                    answered.set(Answered::default());
                    return;
                }
            }
            let same = latest.borrow().question.as_ref() == Some(&question);
            let ask = move || {
                *sequence.borrow_mut() += 1;
                let mine = *sequence.borrow();
                let pending = Answered {
                    pending: true,
                    ..latest.borrow().clone()
                };
                *latest.borrow_mut() = pending.clone();
                answered.set(pending);
                let catalog = matches!(question, Question::WhatCan { .. });
                wasm_bindgen_futures::spawn_local(async move {
                    let reply =
                        crate::lazy::question(&input.workspace, &question.to_text(), catalog).await;
                    if *sequence.borrow() != mine {
                        // A newer question or edit was asked since.
                        return;
                    }
                    let view = match reply {
                        Ok(text) => decode(&text).unwrap_or_else(|| {
                            AnswerView::Error("the answer was unreadable".into())
                        }),
                        Err(error) => AnswerView::Error(error),
                    };
                    if let AnswerView::Access(rows) = &view {
                        emit.emit(badges_event(rows));
                    }
                    let next = arrive(&latest.borrow(), &question, view);
                    *latest.borrow_mut() = next.clone();
                    answered.set(next);
                });
            };
            if same {
                // An edit: ask again once typing pauses.
                *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(REASK_MS, ask));
            } else {
                timer.borrow_mut().take();
                ask();
            }
        });
    }
    match input.as_ref() {
        Some(input) if input.badges => html! {},
        Some(input) => html! {
            <QuestionPanel key={input.question.to_text()} question={input.question.clone()} answered={(*answered).clone()}
                workspace={input.workspace.clone()} emit={props.emit.clone()} />
        },
        None => {
            html! { <p class="question-error" role="status">{ "No question: the playground sent something unreadable." }</p> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    question: Question,
    answered: Answered,
    workspace: Rc<str>,
    emit: Callback<String>,
}

/// `KEY=VALUE` lines, as the who-can form takes them.
pub fn parse_context_lines(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .collect()
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

fn path_class(path: Path) -> &'static str {
    match path {
        Path::Direct => "chip path-direct",
        Path::ViaRole => "chip path-role",
        Path::CrossAccount => "chip path-cross",
        Path::Public => "chip path-public",
    }
}

/// A statement, as a button that shows it in its editor.
fn statement_link(emit: &Callback<String>, link: &StatementLink) -> Html {
    let effect = if link.allow { "Allow" } else { "Deny" };
    let onclick = {
        let emit = emit.clone();
        let target = link.target;
        Callback::from(move |_| {
            if let Some((policy, range)) = target {
                emit.emit(jump_event(policy, range));
            }
        })
    };
    html! {
        <button type="button" class={classes!("statement-link", if link.allow { "allow" } else { "explicit-deny" })}
                disabled={link.target.is_none()} {onclick} title="Show it in its editor">
            <span class="effect">{ effect }</span>
            <span class="sid">{ link.label.clone() }</span>
            <span class="policy-id">{ link.policy_id.clone() }</span>
        </button>
    }
}

/// A who-can row's explanation made in the island: the summary, the decisive statements and each policy type's
/// part (the explanation panel's first half; the matrix cell's full explanation is a click away when it exists).
fn evaluation(emit: &Callback<String>, view: &EvaluationView) -> Html {
    html! {
        <>
            <p class="summary">{ view.summary.clone() }</p>
            if !view.decisive.is_empty() {
                <div class="decisive">
                    <h3>{ if view.decision == Decision::ExplicitDeny { "Denied by" } else { "Allowed by" } }</h3>
                    <div class="decisive-list">{ for view.decisive.iter().map(|link| statement_link(emit, link)) }</div>
                </div>
            }
            { crate::components::explanation::types_table(&view.types) }
        </>
    }
}

/// The matrix cell of `principal` doing `action` on `resource` (no context), if the matrix has one.
pub fn matrix_cell(
    matrix: &MatrixView,
    (action, resource): (&str, &str),
    principal: &str,
) -> Option<(usize, usize)> {
    let row = matrix.rows.iter().position(|r| r.key == principal)?;
    let column = matrix.columns.iter().position(|c| {
        c.action == action
            && c.resource == resource
            && c.context.is_empty()
            && c.vpc_endpoint.is_none()
    })?;
    Some((row, column))
}

/// A who-can row's principal and its explanation made on demand (`None`: the scenario has errors).
type Explained = (String, Option<Rc<crate::explain_view::ExplanationView>>);

/// The panel's own state: the who-can form's fields, the rows whose explanation is open, and the lists shown in
/// full or opened (`show:<list>`, `service:<prefix>`). The panel is keyed by its question, so a new one starts
/// afresh.
struct View<'a> {
    props: &'a PanelProps,
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
fn QuestionPanel(props: &PanelProps) -> Html {
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
        (
            None,
            Question::WhoCan {
                action, resource, ..
            },
        ) if action.trim().is_empty() || resource.trim().is_empty() => {
            html! { <p class="muted" id="question-pending">{ "Type an action and a resource, and press Ask." }</p> }
        }
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
                Some(row) => access_details(row, &props.emit),
                None => html! {
                    <p class="muted" id="question-error">{ "This resource has no resource or trust policy: only its own account's principals can use it." }</p>
                },
            }
        }
        (Some(_), _) => html! {},
    };
    let onclose = {
        let emit = props.emit.clone();
        Callback::from(move |_| emit.emit(close_event()))
    };
    html! {
        <section class={if answered.stale { "question-panel is-stale" } else { "question-panel" }} id="question-panel"
                 data-question={kind} aria-labelledby="question-title" aria-busy={answered.pending.to_string()}>
            <div class="panel-head">
                <h2 id="question-title">{ title }</h2>
                if answered.stale || (answered.pending && answer.is_some()) {
                    <span class="chip warn">{ if answered.stale { "stale: the scenario has errors" } else { "updating…" } }</span>
                }
                <button type="button" class="icon-button close" id="question-close" aria-label="Close the question" title="Close"
                        onclick={onclose}>{ "×" }</button>
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
        let emit = view.props.emit.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            emit.emit(ask_event(&Question::WhoCan {
                action: action.trim().to_string(),
                resource: resource.trim().to_string(),
                context: parse_context_lines(&context),
            }));
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

/// "Why?" on a who-can row: the matrix cell that asks the same, when the matrix has one (the explanation
/// panel explains it), else an explanation made here, below the row (toggled).
fn explain_row(
    props: &PanelProps,
    (action, resource): (&str, &str),
    principal: &str,
    opened: &UseStateHandle<Rc<Vec<Explained>>>,
) {
    let mut next: Vec<Explained> = (***opened).clone();
    if let Some(at) = next.iter().position(|(p, _)| p == principal) {
        next.remove(at);
        opened.set(Rc::new(next));
        return;
    }
    let world = Workspace::from_json(&props.workspace, MAX_WORKSPACE_BYTES)
        .ok()
        .and_then(|ws| World::load(&ws));
    let explanation = match world {
        Some(world) => {
            let matrix = crate::matrix_view::build(&world);
            if let Some((row, column)) = matrix_cell(&matrix, (action, resource), principal) {
                props.emit.emit(select_event(row, column));
                return;
            }
            let context = match &props.question {
                Question::WhoCan { context, .. } => context.as_slice(),
                _ => &[],
            };
            crate::explain_view::for_question(&world, principal, action, resource, context)
                .map(Rc::new)
        }
        None => None,
    };
    next.push((principal.to_string(), explanation));
    opened.set(Rc::new(next));
}

fn who_row(view: &View<'_>, who: &WhoView, row: &WhoRow) -> Html {
    let props = view.props;
    let explained = view
        .explained
        .iter()
        .find(|(p, _)| *p == row.principal)
        .map(|(_, e)| e.clone());
    let on_explain = {
        let opened = view.explained.clone();
        let principal = row.principal.clone();
        let (action, resource) = (who.action.clone(), who.resource.clone());
        let props = PanelProps {
            question: props.question.clone(),
            answered: Answered::default(),
            workspace: props.workspace.clone(),
            emit: props.emit.clone(),
        };
        Callback::from(move |_| explain_row(&props, (&action, &resource), &principal, &opened))
    };
    let explain_label = if explained.is_some() {
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
                <div class="decisive-list">{ for row.decisive.iter().map(|link| statement_link(&props.emit, link)) }</div>
            }
            if let Some(explanation) = explained {
                <div class="who-explanation explanation">
                    { match explanation {
                        Some(e) => evaluation(&props.emit, &e.main),
                        None => html! { <p class="muted">{ "No explanation: the scenario has errors." }</p> },
                    } }
                </div>
            }
        </li>
    }
}

/// A list of who-can rows, the first [`SHOWN`] until "Show all".
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
                { who_items(view, who, &allowed, "who-allowed") }
            }
            if !denied.is_empty() {
                <details class="who-denied">
                    <summary>{ format!("Denied ({})", denied.len()) }</summary>
                    { who_items(view, who, &denied, "who-denied-list") }
                </details>
            }
        </div>
    }
}

fn what_list(view: &View<'_>, what: &WhatView) -> Html {
    let emit = &view.props.emit;
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
                                            { for statements.iter().filter_map(|i| what.statements.get(*i)).map(|link| statement_link(emit, link)) }
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

fn access_details(row: &AccessRow, emit: &Callback<String>) -> Html {
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
                                <div class="decisive-list">{ statement_link(emit, &w.statement) }</div>
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
    use crate::questions::with_workspace;

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

    #[test]
    fn the_input_carries_the_question_and_the_workspace_text() {
        let question = Question::WhoCan {
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::b/k".into(),
            context: vec![("aws:SourceIp".into(), "203.0.113.9".into())],
        };
        let ws = r#"{"format": 1, "name": "x"}"#;
        let input = read_input(&with_workspace(&question.to_text(), ws)).expect("reads");
        assert_eq!(input.question, question);
        assert!(!input.badges);
        assert_eq!(&*input.workspace, ws);
        let badges = read_input(&with_workspace(r#"{"question":"badges"}"#, ws)).expect("reads");
        assert!(badges.badges);
        assert_eq!(
            badges.question,
            Question::Access {
                resource: String::new()
            }
        );
        assert_eq!(read_input(&question.to_text()), None, "no workspace");
        assert_eq!(read_input("nonsense"), None);
    }

    #[test]
    fn events_are_json_the_host_can_read() {
        let read = |text: String| json::parse(&text, &Limits::default()).expect("JSON");
        let jump = read(jump_event(
            3,
            crate::positions::Range16 {
                line: 1,
                column: 2,
                end_line: 3,
                end_column: 4,
            },
        ));
        assert_eq!(
            field(&jump, "event").and_then(|e| e.value.as_str()),
            Some("jump")
        );
        let asked = read(ask_event(&Question::WhatCan {
            principal: "p".into(),
        }));
        let ask = field(&asked, "ask").expect("ask");
        assert_eq!(
            Question::from_value(ask),
            Some(Question::WhatCan {
                principal: "p".into()
            })
        );
        assert!(field(&read(close_event()), "event").is_some());
        assert!(field(&read(select_event(1, 2)), "at").is_some());
    }

    #[test]
    fn the_host_turns_each_event_into_its_action() {
        use crate::questions::host_action;
        use crate::state::{Action, Selection};
        let range = crate::positions::Range16 {
            line: 2,
            column: 5,
            end_line: 4,
            end_column: 6,
        };
        assert!(matches!(
            host_action(&jump_event(7, range)),
            Some(Action::Jump { policy: 7, range: r, mark: true, focus: true }) if r == range
        ));
        assert!(matches!(
            host_action(&close_event()),
            Some(Action::Ask(None))
        ));
        assert!(matches!(
            host_action(&select_event(3, 1)),
            Some(Action::Select(Selection::Cell { row: 3, column: 1 }))
        ));
        let question = Question::WhoCan {
            action: "s3:GetObject".into(),
            resource: "arn:aws:s3:::b/k".into(),
            context: Vec::new(),
        };
        let Some(Action::Ask(Some(text))) = host_action(&ask_event(&question)) else {
            panic!("an ask");
        };
        assert_eq!(Question::from_text(&text), Some(question));
        let row = AccessRow {
            resource: "arn:aws:s3:::b".into(),
            kind: "resource".into(),
            owner: None,
            policy_id: "p".into(),
            access: Access::External,
            reason: None,
            complete: true,
            evaluated: 1,
            witnesses: Vec::new(),
        };
        let Some(Action::Access(list)) = host_action(&badges_event(&[row])) else {
            panic!("badges");
        };
        assert_eq!(
            *list,
            vec![("arn:aws:s3:::b".to_string(), "external".to_string())]
        );
        assert!(host_action(r#"{"event":"nonsense"}"#).is_none());
        assert!(host_action("[").is_none());
    }

    #[test]
    fn an_error_keeps_the_last_answer_of_the_same_question_marked_stale() {
        let question = Question::Access {
            resource: String::new(),
        };
        let first = arrive(
            &Answered::default(),
            &question,
            AnswerView::Access(Vec::new()),
        );
        assert!(!first.stale);
        let broken = arrive(&first, &question, AnswerView::Error("errors".into()));
        assert!(broken.stale);
        assert_eq!(broken.answer, first.answer);
        let other = Question::WhatCan {
            principal: "p".into(),
        };
        let fresh = arrive(&broken, &other, AnswerView::Error("no".into()));
        assert!(!fresh.stale);
        assert_eq!(
            fresh.answer.as_deref(),
            Some(&AnswerView::Error("no".into()))
        );
    }
}
