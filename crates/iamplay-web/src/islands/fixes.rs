//! "How to change this", the list (an island: `crate::islands`, shown by `components::change::HowToChange` when
//! its section is opened): the core's verified fixes for a cell or request, each with its summary, who must make
//! it, every other cell it flips, and an Apply button. The search runs in the on-demand analyses' worker
//! (`lazy::fixes`, it evaluates the scenario dozens of times). Applying is the host's (one undoable change of
//! the workspace): Apply emits the fix's patch.
//!
//! Input (JSON, written by the host with [`FixesInput::to_json`]): `scenario` (the scenario file the target was
//! computed from), `request` (an index, or `null` for the matrix cell `row`, `column`) and `readOnly`.
//! Event: `{"event":"apply","patch":<RFC 6902 patch as JSON text>,"summary":<one line>}`.

use super::IslandProps;
use crate::components::change::flip_html;
use crate::json_out::{obj, Json};
use crate::lazy::{self, Fixes};
use crate::wire::{field, number};
use iamplay_core::json::{self, Limits, Value};
use std::rc::Rc;
use yew::prelude::*;

/// The island's input (see the module doc).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FixesInput {
    pub scenario: String,
    pub request: Option<usize>,
    pub cell: (usize, usize),
    pub read_only: bool,
}

impl FixesInput {
    pub fn to_json(&self) -> String {
        obj([
            ("scenario", self.scenario.as_str().into()),
            ("request", self.request.map_or(Json::Null, Json::from)),
            ("row", self.cell.0.into()),
            ("column", self.cell.1.into()),
            ("readOnly", self.read_only.into()),
        ])
        .text()
    }

    /// Reads what [`FixesInput::to_json`] wrote; missing parts are empty.
    pub fn parse(text: &str) -> Self {
        let Ok(value) = json::parse(text, &Limits::scenario()) else {
            return Self::default();
        };
        Self {
            scenario: field(&value, "scenario")
                .and_then(|v| v.value.as_str())
                .unwrap_or_default()
                .to_string(),
            request: number(field(&value, "request")),
            cell: (
                number(field(&value, "row")).unwrap_or_default(),
                number(field(&value, "column")).unwrap_or_default(),
            ),
            read_only: matches!(
                field(&value, "readOnly").map(|v| &v.value),
                Some(Value::Bool(true))
            ),
        }
    }
}

/// The Apply event of `fix`.
pub fn apply_event(patch: &str, summary: &str) -> String {
    obj([
        ("event", "apply".into()),
        ("patch", patch.into()),
        ("summary", summary.into()),
    ])
    .text()
}

#[function_component]
pub fn FixesIsland(props: &IslandProps) -> Html {
    let input = use_memo(props.input.clone(), |text| FixesInput::parse(text));
    let report = use_state(|| None::<Result<Rc<Fixes>, String>>);
    // Counts searches, so one finished for an older cell or scenario is dropped.
    let generation = use_mut_ref(|| 0_u64);
    {
        let report = report.clone();
        let key = (input.scenario.clone(), input.request, input.cell);
        use_effect_with(key, move |(scenario, request, cell)| {
            *generation.borrow_mut() += 1;
            let started = *generation.borrow();
            report.set(None);
            let (scenario, request, cell) = (scenario.clone(), *request, *cell);
            wasm_bindgen_futures::spawn_local(async move {
                let found = lazy::fixes(&scenario, request, cell).await;
                if *generation.borrow() == started {
                    report.set(Some(found.map(Rc::new)));
                }
            });
        });
    }
    match &*report {
        None => {
            html! { <p class="muted" role="status" id="fixes-computing">{ "Looking for the smallest changes, and checking each one by evaluating it…" }</p> }
        }
        Some(Err(message)) => {
            html! { <p class="muted" role="status">{ format!("No fixes: {message}.") }</p> }
        }
        Some(Ok(found)) => fixes_list(found, input.read_only, &props.emit),
    }
}

fn fixes_list(found: &Fixes, read_only: bool, emit: &Callback<String>) -> Html {
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
    let inline = crate::components::lesson::inline;
    html! {
        <>
            <p class="fixes-intro" role="status">{ format!("{goal}, verified by evaluating the changed scenario; those that change the fewest other cells come first.") }</p>
            <ol class="fixes" id="fixes">
                { for found.fixes.iter().enumerate().map(|(index, fix)| {
                    let event = apply_event(&fix.patch, &fix.summary);
                    let onclick = emit.reform(move |_: MouseEvent| event.clone());
                    let (organization, caller) = (fix.organization, fix.caller);
                    html! {
                        <li class="fix" data-fix={index.to_string()} data-flips={fix.flips.len().to_string()}>
                            <div class="fix-head">
                                <p class="fix-summary">{ inline(&fix.summary) }</p>
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
                                    { for fix.edits.iter().map(|edit| html! { <li>{ inline(edit) }</li> }) }
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
