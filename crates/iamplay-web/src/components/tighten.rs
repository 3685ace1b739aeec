//! Tighten: pick the matrix cells that should be allowed (cells, or a principal's row), and the core writes the
//! least-privilege policies that allow exactly those (`iamplay_core::analysis::tighten`), verified by
//! evaluation and linted: identity policies, or resource policies when the user picks that side (the on-demand
//! module words the result: `lazy::TightPolicy`). The result is shown first (what it allows, what it would close, whether it is
//! verified); "Open in the editor" applies it as one change (`change.rs`) and opens the new policies.

use super::change::{flip_html, prepare_undo};
use crate::change::apply_text;
use crate::engine::Analysis;
use crate::lazy::{self, Tightened};
use crate::model::Workspace;
use crate::state::{Action, AppState};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::prelude::*;

/// The cells picked, by (row, column) of the shown matrix.
pub type Picked = Rc<BTreeSet<(usize, usize)>>;

#[derive(Properties)]
pub struct TightenProps {
    /// The analysis the matrix shows (its cells are what is picked).
    pub shown: Option<Rc<Analysis>>,
    /// `Some` while picking.
    pub picked: Option<Picked>,
    pub on_picked: Callback<Option<Picked>>,
    pub ws: Rc<Workspace>,
    pub read_only: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
}

impl PartialEq for TightenProps {
    fn eq(&self, other: &Self) -> bool {
        super::same_opt(&self.shown, &other.shown)
            && super::same_opt(&self.picked, &other.picked)
            && self.on_picked == other.on_picked
            && Rc::ptr_eq(&self.ws, &other.ws)
            && self.read_only == other.read_only
            && self.dispatch == other.dispatch
    }
}

/// A result, with the file it was computed from (only that file may take its patch).
#[derive(Clone)]
struct Found {
    text: Rc<str>,
    cells: usize,
    result: Result<Rc<Tightened>, String>,
}

/// The scenario file an analysis was made from.
fn analysed_text(analysis: &Analysis) -> Option<String> {
    match (&analysis.world, &analysis.source) {
        (Some(world), _) => Some(world.source.text.clone()),
        (None, Some(ws)) => Some(ws.to_scenario(false).text),
        _ => None,
    }
}

#[function_component]
pub fn Tighten(props: &TightenProps) -> Html {
    let found = use_state(|| None::<Found>);
    let computing = use_state(|| false);
    let applied = use_state(|| None::<(Rc<Workspace>, Rc<Workspace>, Vec<u32>)>);
    let failure = use_state(|| None::<String>);
    // Write resource policies instead of identity policies.
    let resource = use_state(|| false);
    if props.read_only {
        return html! {};
    }
    let start = {
        let on_picked = props.on_picked.clone();
        let found = found.clone();
        Callback::from(move |_: MouseEvent| {
            found.set(None);
            on_picked.emit(Some(Rc::new(BTreeSet::new())));
        })
    };
    let cancel = {
        let on_picked = props.on_picked.clone();
        Callback::from(move |_: MouseEvent| on_picked.emit(None))
    };
    let run = {
        let on_picked = props.on_picked.clone();
        let picked = props.picked.clone();
        let shown = props.shown.clone();
        let found = found.clone();
        let computing = computing.clone();
        let resource = *resource;
        Callback::from(move |_: MouseEvent| {
            let (Some(picked), Some(analysis)) = (picked.clone(), shown.clone()) else {
                return;
            };
            let Some(text) = analysed_text(&analysis) else {
                return;
            };
            computing.set(true);
            on_picked.emit(None);
            let found = found.clone();
            let computing = computing.clone();
            // After the "writing" note is painted: the search evaluates the scenario many times.
            let write = move || {
                wasm_bindgen_futures::spawn_local(async move {
                    let cells: Vec<(usize, usize)> = picked.iter().copied().collect();
                    let result = lazy::tighten(&text, &cells, resource).await.map(Rc::new);
                    found.set(Some(Found {
                        text: Rc::from(text),
                        cells: picked.len(),
                        result,
                    }));
                    computing.set(false);
                })
            };
            gloo_timers::callback::Timeout::new(30, write).forget();
        })
    };
    let discard = {
        let found = found.clone();
        Callback::from(move |_: MouseEvent| found.set(None))
    };
    let open = {
        let found = found.clone();
        let ws = props.ws.clone();
        let dispatch = props.dispatch.clone();
        let applied = applied.clone();
        let failure = failure.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(Found {
                text,
                result: Ok(result),
                ..
            }) = (*found).clone()
            else {
                return;
            };
            if ws.to_scenario(false).text != *text {
                failure.set(Some(
                    "The scenario changed since this policy was written: write it again.".into(),
                ));
                return;
            }
            let (ws, dispatch, applied, failure, found) = (
                ws.clone(),
                dispatch.clone(),
                applied.clone(),
                failure.clone(),
                found.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let patched = lazy::apply_patch(&text, &result.patch).await;
                match patched.and_then(|text| apply_text(&ws, &text)) {
                    Ok(change) => {
                        prepare_undo(&ws, &change.changed);
                        // The new policies first: they are what was asked for.
                        let open: Vec<u32> = change
                            .added
                            .iter()
                            .chain(&change.changed)
                            .copied()
                            .collect();
                        applied.set(Some((ws.clone(), Rc::new(change.ws.clone()), open.clone())));
                        failure.set(None);
                        found.set(None);
                        dispatch.dispatch(Action::ApplyChange {
                            ws: Box::new(change.ws),
                            open,
                        });
                    }
                    Err(error) => {
                        failure.set(Some(format!("The policy could not be applied ({error}).")))
                    }
                }
            });
        })
    };
    let undo = {
        let applied = applied.clone();
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((before, after, touched)) = (*applied).clone() {
                let existing: Vec<u32> = touched
                    .iter()
                    .copied()
                    .filter(|id| before.draft(*id).is_some())
                    .collect();
                prepare_undo(&after, &existing);
                dispatch.dispatch(Action::ApplyChange {
                    ws: Box::new((*before).clone()),
                    open: existing,
                });
                applied.set(None);
            }
        })
    };
    let undoable = applied
        .as_ref()
        .is_some_and(|(_, after, _)| **after == *props.ws);
    let has_matrix = props.shown.as_ref().is_some_and(|a| a.matrix.is_some());
    html! {
        <div class="tighten" id="tighten">
            if let Some(picked) = &props.picked {
                <div class="tools-row picking">
                    <p class="tools-status" id="tighten-status" role="status">
                        { format!("Pick the cells that should be allowed (click a cell, or + for a row's allowed cells): {} picked.", picked.len()) }
                    </p>
                    <fieldset class="tighten-side" id="tighten-side">
                        <legend>{ "Write:" }</legend>
                        { for [(false, "identity policies"), (true, "resource policies")].into_iter().map(|(side, label)| {
                            let resource = resource.clone();
                            html! { <label><input type="radio" name="tighten-side" value={if side { "resource" } else { "identity" }}
                                checked={*resource == side} onchange={Callback::from(move |_: Event| resource.set(side))} />{ label }</label> }
                        }) }
                    </fieldset>
                    <button type="button" class="primary" id="tighten-run" disabled={picked.is_empty()} onclick={run}>{ "Write the tightest policy" }</button>
                    <button type="button" id="tighten-cancel" onclick={cancel}>{ "Cancel" }</button>
                </div>
            } else {
                <div class="tools-row">
                    <button type="button" id="tighten-start" disabled={!has_matrix} onclick={start}
                            title="Pick the cells that should be allowed; iamplay writes the least-privilege policies for exactly those">{ "Tighten…" }</button>
                    if *computing {
                        <span class="tools-status" role="status">{ "Writing the tightest policy and checking it…" }</span>
                    }
                    if undoable {
                        <span class="tools-status" role="status" id="tighten-applied">{ "The tightest policy is in the editor. " }
                            <button type="button" class="link" id="tighten-undo" onclick={undo}>{ "Undo" }</button>
                        </span>
                    }
                </div>
            }
            if let Some(message) = &*failure {
                <p class="error-note" role="alert">{ message.clone() }</p>
            }
            if let Some(found) = &*found {
                { result_view(found, open, discard) }
            }
        </div>
    }
}

fn result_view(found: &Found, open: Callback<MouseEvent>, discard: Callback<MouseEvent>) -> Html {
    let result = match &found.result {
        Ok(result) => result,
        Err(message) => {
            return html! {
                <section class="tighten-result" id="tighten-result" aria-label="The tightest policy">
                    <p role="status">{ format!("No policy could be written: {message}.") }</p>
                    <div class="dialog-actions"><button type="button" onclick={discard}>{ "Close" }</button></div>
                </section>
            }
        }
    };
    let verdict = if result.verified {
        format!(
            "Verified: the {} picked cell{} are allowed, and nothing else is opened.",
            found.cells,
            if found.cells == 1 { "" } else { "s" }
        )
    } else {
        let mut problems = Vec::new();
        if result.unsatisfied > 0 {
            problems.push(format!("{} picked cell(s) stay denied", result.unsatisfied));
        }
        if !result.opened_outside.is_empty() {
            problems.push(format!(
                "{} other cell(s) would be opened",
                result.opened_outside.len()
            ));
        }
        format!("Not verified: {}.", problems.join("; "))
    };
    html! {
        <section class="tighten-result" id="tighten-result" aria-label="The tightest policy" data-verified={result.verified.to_string()}>
            <h3>{ "The tightest policy" }</h3>
            <p class={classes!("verdict", if result.verified { "ok" } else { "warn" })} role="status">{ verdict }</p>
            { for result.policies.iter().map(|policy| html! {
                <div class="tight-policy">
                    <h4>{ super::lesson::inline(&policy.title) }</h4>
                    // Focusable: it scrolls (a long policy, a narrow screen), and keyboards must reach it.
                    <pre class="policy-json" tabindex="0">{ policy.text.clone() }</pre>
                    if !policy.lint.is_empty() {
                        <ul class="lint">{ for policy.lint.iter().map(|(code, message)| html! { <li><code>{ code.clone() }</code>{ format!(" {message}") }</li> }) }</ul>
                    }
                </div>
            }) }
            if !result.notes.is_empty() {
                <ul class="extra-edits tighten-notes">{ for result.notes.iter().map(|note| html! { <li>{ super::lesson::inline(note) }</li> }) }</ul>
            }
            if !result.extra_edits.is_empty() {
                <p>{ "It also needs:" }</p>
                <ul class="extra-edits">{ for result.extra_edits.iter().map(|edit| html! { <li>{ super::lesson::inline(edit) }</li> }) }</ul>
            }
            if !result.opened_outside.is_empty() {
                <details class="fix-flips" open=true>
                    <summary>{ format!("Opens {} cell(s) beyond those picked", result.opened_outside.len()) }</summary>
                    <ul>{ for result.opened_outside.iter().map(flip_html) }</ul>
                </details>
            }
            if !result.closed.is_empty() {
                <details class="fix-flips">
                    <summary>{ format!("Closes {} cell(s) the current policies allow", result.closed.len()) }</summary>
                    <ul>{ for result.closed.iter().map(flip_html) }</ul>
                </details>
            }
            <div class="dialog-actions">
                <button type="button" class="primary" id="tighten-apply" disabled={result.policies.is_empty()} onclick={open}>{ "Open in the editor" }</button>
                <button type="button" id="tighten-discard" onclick={discard}>{ "Discard" }</button>
            </div>
        </section>
    }
}
