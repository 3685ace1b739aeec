//! "How to change this": the core's verified fixes for the explained cell or request
//! (`iamplay_core::analysis::fixes`). The section's list is an island (`islands::fixes`), shown and computed only
//! when the section is opened (the search re-evaluates the scenario dozens of times, in the on-demand analyses'
//! worker), never while typing. Applying is the host's, one change of the workspace (`change.rs`):
//! each edited policy gets one replacement of its text, so Ctrl+Z in its editor undoes it, and Undo here
//! reverts the whole change (policies it added included).

use crate::change::apply_text;
use crate::components::island::Island;
use crate::engine::{decision_look, decision_name};
use crate::islands::fixes::FixesInput;
use crate::lazy::{self, Flip};
use crate::model::{short_arn, Workspace};
use crate::monaco;
use crate::state::{Action, AppState};
use crate::wire::field;
use crate::world::World;
use iamplay_core::analysis::fixes::Target;
use iamplay_core::json::{self, Limits};
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

/// Gives each edited policy's editor model its old text first, so the new text arrives as one undoable edit.
pub fn prepare_undo(before: &Workspace, changed: &[u32]) {
    for id in changed {
        if let Some(info) = before.policy(*id) {
            monaco::sync_model(&id.to_string(), info.kind_name(), &info.draft.text);
        }
    }
}

/// The patch and summary of an island event asking to apply a fix.
pub fn apply_request(event: &str) -> Option<(String, String)> {
    let value = json::parse(event, &Limits::scenario()).ok()?;
    let text = |key: &str| {
        field(&value, key)
            .and_then(|v| v.value.as_str())
            .map(str::to_string)
    };
    (text("event").as_deref() == Some("apply")).then_some((text("patch")?, text("summary")?))
}

#[function_component]
pub fn HowToChange(props: &HowToChangeProps) -> Html {
    let open = use_state(|| false);
    let applied = use_state(|| None::<Applied>);
    let failure = use_state(|| None::<String>);
    // Another cell or another scenario (an edit): the fixes shown belong to neither, and finding new ones waits
    // for the section to be opened again (never on the typing path). A new analysis of the same text (the action
    // catalog or the managed policies arrived after the first paint) is the same question: the section stays
    // open, as the user left it.
    {
        let failure = failure.clone();
        let open = open.clone();
        let asked = use_mut_ref(|| None::<(Target, Rc<World>)>);
        let (target, world) = (props.target, props.world.clone());
        use_effect_with((target, Rc::as_ptr(&world) as usize), move |_| {
            let same = asked.borrow().as_ref().is_some_and(|(before, seen)| {
                *before == target && seen.source.text == world.source.text
            });
            *asked.borrow_mut() = Some((target, world));
            if !same {
                failure.set(None);
                open.set(false);
            }
        });
    }
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_event = {
        let ws = props.ws.clone();
        let world = props.world.clone();
        let dispatch = props.dispatch.clone();
        let applied = applied.clone();
        let failure = failure.clone();
        Callback::from(move |event: String| {
            let Some((patch, summary)) = apply_request(&event) else {
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
                let patched = lazy::apply_patch(&world.source.text, &patch).await;
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
                            summary,
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
    let input = AttrValue::from(
        FixesInput {
            scenario: props.world.source.text.clone(),
            request: match props.target {
                Target::Request(index) => Some(index),
                Target::Cell { .. } => None,
            },
            cell: match props.target {
                Target::Cell { row, column } => (row, column),
                Target::Request(_) => (0, 0),
            },
            read_only: props.read_only,
        }
        .to_json(),
    );
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
                    <Island kind="fixes" input={input} {on_event} />
                </div>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::islands::fixes::apply_event;

    #[test]
    fn the_fixes_island_and_its_host_agree_on_input_and_events() {
        let input = FixesInput {
            scenario: "{\"users\": [\"x\"]}".into(),
            request: None,
            cell: (3, 1),
            read_only: true,
        };
        assert_eq!(FixesInput::parse(&input.to_json()), input);
        let request = FixesInput {
            request: Some(2),
            read_only: false,
            ..input
        };
        assert_eq!(FixesInput::parse(&request.to_json()), request);
        let patch =
            r#"[{"op": "add", "path": "/users/0/policies/-", "value": {"name": "a \"b\""}}]"#;
        assert_eq!(
            apply_request(&apply_event(patch, "add `s3:GetObject`")),
            Some((patch.to_string(), "add `s3:GetObject`".to_string()))
        );
        assert_eq!(apply_request(r#"{"event": "close"}"#), None);
        assert_eq!(apply_request("{"), None);
    }
}
