//! "How to change this": the core's verified fixes for the explained cell or request
//! (`iamplay_core::analysis::fixes`), each with its summary, who must make it, and every other cell it flips,
//! and an Apply button. Fixes are computed only when the section is opened (the search re-evaluates the
//! scenario dozens of times), in the on-demand analyses' worker (`lazy.rs`), never while typing. Applying is one change of the workspace (`change.rs`):
//! each edited policy gets one replacement of its text, so Ctrl+Z in its editor undoes it, and Undo here
//! reverts the whole change (policies it added included).

use crate::change::apply_text;
use crate::engine::{decision_look, decision_name};
use crate::lazy::{self, Fixes, Flip};
use crate::model::{short_arn, Workspace};
use crate::monaco;
use crate::state::{Action, AppState};
use crate::world::World;
use iamplay_core::analysis::fixes::Target;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct HowToChangeProps {
    /// What the explanation is about.
    pub target: Target,
    /// The loaded scenario the explanation (and so `target`) was computed from, with its file.
    pub world: Rc<World>,
    /// The workspace being edited now, read when a fix is applied (so typing does not re-render this).
    pub ws: Latest,
    pub read_only: bool,
    pub dispatch: UseReducerDispatcher<AppState>,
}

/// The app's current workspace, updated on every render of the app; compared by identity.
#[derive(Clone, Default)]
pub struct Latest(pub Rc<std::cell::RefCell<Rc<Workspace>>>);

impl Latest {
    pub fn get(&self) -> Rc<Workspace> {
        self.0.borrow().clone()
    }
}

impl PartialEq for Latest {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PartialEq for HowToChangeProps {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
            && Rc::ptr_eq(&self.world, &other.world)
            && self.ws == other.ws
            && self.read_only == other.read_only
            && self.dispatch == other.dispatch
    }
}

/// A cell in a few words: `user/ana: s3:GetObject on bucket/key`.
pub fn cell_label(cell: &Flip) -> String {
    let mut who = short_arn(&cell.principal).to_string();
    for role in &cell.assume {
        who.push_str(" → ");
        who.push_str(short_arn(role));
    }
    let mut label = format!(
        "{who}: {} on {}",
        cell.action,
        super::matrix::short_resource(&cell.resource)
    );
    if !cell.context.is_empty() {
        let context: Vec<String> = cell
            .context
            .iter()
            .map(|(key, values)| format!("{key}={values}"))
            .collect();
        label.push_str(&format!(" ({})", context.join(" ")));
    }
    label
}

/// The before → after of a changed cell, with icons and words.
pub fn flip_html(changed: &Flip) -> Html {
    let (before, before_icon, before_class) = decision_look(changed.before);
    let (after, after_icon, after_class) = decision_look(changed.after);
    html! {
        <li class="flip" data-after={decision_name(changed.after)}>
            <span class="flip-cell">{ cell_label(changed) }</span>
            <span class="flip-move">
                <span class={classes!("decision", before_class)}><span class="icon" aria-hidden="true">{ before_icon }</span>{ before }</span>
                <span aria-hidden="true">{ " → " }</span><span class="sr-only">{ " becomes " }</span>
                <span class={classes!("decision", after_class)}><span class="icon" aria-hidden="true">{ after_icon }</span>{ after }</span>
            </span>
        </li>
    }
}

/// A change applied from here: the workspace before and after, and what it was.
#[derive(Clone, PartialEq)]
struct Applied {
    before: Rc<Workspace>,
    after: Rc<Workspace>,
    touched: Vec<u32>,
    summary: String,
}

type Report = Result<Rc<Fixes>, String>;

/// Gives each edited policy's editor model its old text first, so the new text arrives as one undoable edit.
pub fn prepare_undo(before: &Workspace, changed: &[u32]) {
    for id in changed {
        if let Some(info) = before.policy(*id) {
            monaco::sync_model(&id.to_string(), info.kind_name(), &info.draft.text);
        }
    }
}

#[function_component]
pub fn HowToChange(props: &HowToChangeProps) -> Html {
    let open = use_state(|| false);
    let report = use_state(|| None::<Report>);
    let computing = use_state(|| false);
    let applied = use_state(|| None::<Applied>);
    let failure = use_state(|| None::<String>);
    // Counts resets, so a search finished for an older cell or scenario is dropped.
    let generation = use_mut_ref(|| 0_u64);
    // Another cell or another scenario (an edit): the fixes shown belong to neither, and finding new ones
    // waits for the section to be opened again (never on the typing path).
    {
        let report = report.clone();
        let computing = computing.clone();
        let failure = failure.clone();
        let open = open.clone();
        let generation = generation.clone();
        let world = Rc::as_ptr(&props.world) as usize;
        use_effect_with((props.target, world), move |_| {
            *generation.borrow_mut() += 1;
            report.set(None);
            computing.set(false);
            failure.set(None);
            open.set(false);
        });
    }
    // Opened and nothing computed: compute after the "looking" note is painted.
    {
        let report = report.clone();
        let computing = computing.clone();
        let world = props.world.clone();
        let target = props.target;
        let generation = generation.clone();
        let needed = *open && report.is_none() && !*computing;
        use_effect_with(needed, move |needed| {
            if *needed {
                computing.set(true);
                let started = *generation.borrow();
                let (request, cell) = match target {
                    Target::Request(index) => (Some(index), (0, 0)),
                    Target::Cell { row, column } => (None, (row, column)),
                };
                // After the "looking" note is painted: the search evaluates the scenario many times.
                let search = move || {
                    wasm_bindgen_futures::spawn_local(async move {
                        let found = lazy::fixes(&world.source.text, request, cell).await;
                        if *generation.borrow() != started {
                            return;
                        }
                        report.set(Some(found.map(Rc::new)));
                        computing.set(false);
                    })
                };
                gloo_timers::callback::Timeout::new(30, search).forget();
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let apply = {
        let ws = props.ws.clone();
        let world = props.world.clone();
        let dispatch = props.dispatch.clone();
        let applied = applied.clone();
        let failure = failure.clone();
        let report = report.clone();
        Callback::from(move |index: usize| {
            let Some(Ok(found)) = report.as_ref() else {
                return;
            };
            let Some(fix) = found.fixes.get(index).cloned() else {
                return;
            };
            let (ws, world, dispatch, applied, failure) = (
                ws.clone(),
                world.clone(),
                dispatch.clone(),
                applied.clone(),
                failure.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let patched = lazy::apply_patch(&world.source.text, &fix.patch).await;
                // The patch names places in the file the fixes were found in: only that file may take it.
                let before = ws.get();
                if before.to_scenario(false).text != world.source.text {
                    failure.set(Some(
                        "The scenario changed since these fixes were found: reopen this section."
                            .into(),
                    ));
                    return;
                }
                match patched.and_then(|text| apply_text(&before, &text)) {
                    Ok(change) => {
                        prepare_undo(&before, &change.changed);
                        let touched = change.touched();
                        applied.set(Some(Applied {
                            before: before.clone(),
                            after: Rc::new(change.ws.clone()),
                            touched: touched.clone(),
                            summary: fix.summary.clone(),
                        }));
                        failure.set(None);
                        dispatch.dispatch(Action::ApplyChange {
                            ws: Box::new(change.ws),
                            open: touched,
                        });
                    }
                    Err(error) => {
                        failure.set(Some(format!("This fix could not be applied ({error}).")))
                    }
                }
            });
        })
    };
    let undo = {
        let dispatch = props.dispatch.clone();
        let applied = applied.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(change) = (*applied).clone() {
                let existing: Vec<u32> = change
                    .touched
                    .iter()
                    .copied()
                    .filter(|id| change.before.draft(*id).is_some())
                    .collect();
                prepare_undo(&change.after, &existing);
                dispatch.dispatch(Action::ApplyChange {
                    ws: Box::new((*change.before).clone()),
                    open: existing,
                });
                applied.set(None);
            }
        })
    };
    // Undo is offered while the workspace is still exactly what the change made (every edit brings a new
    // analysis, so a new world, and so a render that checks this again).
    let current = props.ws.get();
    let undoable = applied
        .as_ref()
        .filter(|change| Rc::ptr_eq(&change.after, &current) || *change.after == *current)
        .cloned();
    html! {
        <section class="how-to-change" id="how-to-change" aria-labelledby="how-to-change-title">
            <h3 id="how-to-change-title">
                <button type="button" class="section-toggle" id="how-to-change-toggle" aria-expanded={open.to_string()}
                        aria-controls="how-to-change-body" onclick={toggle}>
                    <span class="chevron" aria-hidden="true">{ if *open { "▾" } else { "▸" } }</span>
                    { "How to change this" }
                </button>
            </h3>
            if let Some(change) = &undoable {
                <p class="applied-note" id="fix-applied" role="status">
                    <span>{ "Applied: " }{ super::lesson::inline(&change.summary) }{ "." }</span>
                    <span class="muted">{ " Ctrl+Z in its editor undoes the text; " }</span>
                    <button type="button" class="link" id="fix-undo" onclick={undo}>{ "Undo the whole change" }</button>
                </p>
            }
            if *open {
                <div id="how-to-change-body" class="how-to-change-body">
                    if let Some(message) = &*failure {
                        <p class="error-note" role="alert">{ message.clone() }</p>
                    }
                    { match (&*report, *computing) {
                        (None, _) | (_, true) => html! { <p class="muted" role="status" id="fixes-computing">{ "Looking for the smallest changes, and checking each one by evaluating it…" }</p> },
                        (Some(Err(message)), _) => html! { <p class="muted" role="status">{ format!("No fixes: {message}.") }</p> },
                        (Some(Ok(found)), _) => fixes_list(found, props.read_only, &apply),
                    } }
                </div>
            }
        </section>
    }
}

fn fixes_list(found: &Fixes, read_only: bool, apply: &Callback<usize>) -> Html {
    let goal = if found.allow {
        "Each change below makes this allowed"
    } else {
        "Each change below makes this denied"
    };
    if found.fixes.is_empty() {
        return html! {
            <p class="muted" id="fixes-none" role="status">{ "No change of up to three edits flips this decision. Look at the statements above: the decisive ones say what stands in the way." }</p>
        };
    }
    html! {
        <>
            <p class="fixes-intro" role="status">{ format!("{goal}, verified by evaluating the changed scenario; those that change the fewest other cells come first.") }</p>
            <ol class="fixes" id="fixes">
                { for found.fixes.iter().enumerate().map(|(index, fix)| {
                    let onclick = apply.reform(move |_: MouseEvent| index);
                    let (organization, caller) = (fix.organization, fix.caller);
                    html! {
                        <li class="fix" data-fix={index.to_string()} data-flips={fix.flips.len().to_string()}>
                            <div class="fix-head">
                                <p class="fix-summary">{ super::lesson::inline(&fix.summary) }</p>
                                <button type="button" class="primary apply-fix" data-fix={index.to_string()} disabled={read_only}
                                        aria-label={format!("Apply: {}", fix.summary)} {onclick}>{ "Apply" }</button>
                            </div>
                            if organization {
                                <p class="fix-who"><span class="chip warn">{ "organization" }</span>{ " Only the organization's administrator can make the SCP or RCP edit." }</p>
                            }
                            if caller {
                                <p class="fix-who"><span class="chip">{ "caller" }</span>{ " The request's context changes: the caller sends it, no policy does." }</p>
                            }
                            if fix.edits.len() > 1 {
                                <ul class="fix-edits">
                                    { for fix.edits.iter().map(|edit| html! { <li>{ super::lesson::inline(edit) }</li> }) }
                                </ul>
                            }
                            if fix.flips.is_empty() {
                                <p class="fix-flips none">{ "Changes no other cell." }</p>
                            } else if fix.flips.len() <= 3 {
                                <div class="fix-flips">
                                    <p>{ "Also changes:" }</p>
                                    <ul>{ for fix.flips.iter().map(flip_html) }</ul>
                                </div>
                            } else {
                                <details class="fix-flips">
                                    <summary>{ format!("Also changes {} other cell{}", fix.flips.len(), if fix.flips.len() == 1 { "" } else { "s" }) }</summary>
                                    <ul>{ for fix.flips.iter().map(flip_html) }</ul>
                                </details>
                            }
                        </li>
                    }
                }) }
            </ol>
        </>
    }
}
