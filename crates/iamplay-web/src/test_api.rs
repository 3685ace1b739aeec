//! The functions of `window.iamplay` (see `hooks::use_test_hook`): page tests set policy text and read the
//! matrix, requests, problems and markers as data, so they do not depend on Monaco's DOM.
//!
//! | function | returns |
//! |---|---|
//! | `setPolicy(address, text)` | `true` when the policy exists (address: id, `kind:owner[#name]` or `kind`) |
//! | `getPolicy(address)` | its text or `null` |
//! | `listPolicies()` | `[{id, address, kind, owner, name, managedArn}]` (`managedArn`: an AWS managed policy attached by ARN) |
//! | `readMatrix()` | `{stale, errorCount, rows, columns, cells: [{row, column, principal, action, resource, requests, decision, sameAccount, whatIf, decisive}]}` |
//! | `readRequests()` | `[{index, name, decision, expect, ok, deniedHop}]` |
//! | `problems()` | `[{code, severity, message, help, policy, line, column, owner}]` |
//! | `markers(address)` | Monaco's markers of our owners on that policy |
//! | `modelCount()` | how many Monaco models exist (one per open tab) |
//! | `loadExample(id)`, `examples()` | load a gallery example; the ids |
//! | `importScenario(text)`, `exportScenario()` | scenario files in and out |
//! | `workspace()`, `shareUrl()`, `embedUrl()` | the workspace (own format) and its links |
//! | `matrixSize()` | `{rows, columns}` of the shown matrix (cheap, for large accounts) |
//! | `metrics()`, `settled()` | timings; whether the matrix reflects the last edit (and the catalog, once loaded, and the AWS managed policies when it needs them) |
//! | `managedPolicies()` | the AWS managed policy snapshot: `pending` (not fetched), `loaded` or `unavailable` |
//! | `lessons()` | `[{id, title, active, steps: [{title, done, current}]}]`; steps only for the running lesson |
//! | `startLesson(id)` | starts a guided lesson (fetches it); `true` when the id exists |
//! | `diagram()` | `{nodes: [{id, label, kind, account}], edges: [{from, to, kind, decision, actions, lit, hop}]}`, or `null` before the first analysis |

use crate::engine::{decision_name, Target};
use crate::hooks::use_test_hook::{TestApi, TestFn};
use crate::json_out::{arr, obj, quote, Json};
use crate::model::{self, Workspace};
use crate::state::{Action, AppState};
use crate::{embed_url, gallery, monaco, share_url, Metrics, Results};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

pub struct Inputs {
    pub state: UseReducerHandle<AppState>,
    pub results: Results,
    pub metrics: Rc<RefCell<Metrics>>,
    pub load_example: Callback<String>,
    pub replace_workspace: Callback<(Workspace, String)>,
    /// The page has parsed the action catalog.
    pub catalog_loaded: bool,
    pub start_lesson: Callback<String>,
    /// The AWS managed policy snapshot: `pending`, `loaded` or `unavailable`.
    pub managed_state: &'static str,
}

fn arg(args: &[String], index: usize) -> String {
    args.get(index).cloned().unwrap_or_default()
}

pub fn build(inputs: Inputs) -> TestApi {
    let Inputs {
        state,
        results,
        metrics,
        load_example,
        replace_workspace,
        catalog_loaded,
        start_lesson,
        managed_state,
    } = inputs;
    let mut api: Vec<(&'static str, TestFn)> = Vec::new();
    api.push((
        "diagram",
        // Drawn by the diagram island (`islands::diagram`), which answers for itself while it is shown.
        Rc::new(|_| {
            let answer = js_sys::Reflect::get(&js_sys::global(), &"iamplayDiagram".into())
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .and_then(|f| f.call0(&wasm_bindgen::JsValue::NULL).ok())
                .and_then(|text| text.as_string());
            answer.unwrap_or_else(|| "null".into())
        }),
    ));
    let s = state.clone();
    api.push((
        "lessons",
        Rc::new(move |_| {
            arr(crate::course::course().into_iter().map(|entry| {
                let run = s.lesson.as_ref().filter(|run| run.id == entry.id);
                let saved = crate::course::saved_progress(&entry.id);
                let steps = run.map_or_else(Vec::new, |run| {
                    run.lesson
                        .steps
                        .iter()
                        .enumerate()
                        .map(|(index, step)| {
                            obj([
                                ("title", step.title.as_ref().map(|t| t.value.clone()).into()),
                                ("done", run.done.get(index).copied().unwrap_or(false).into()),
                                ("current", (index == run.step).into()),
                                ("hasCheck", step.check.is_some().into()),
                            ])
                        })
                        .collect()
                });
                obj([
                    ("id", entry.id.into()),
                    ("title", entry.title.into()),
                    ("active", run.is_some().into()),
                    (
                        "savedDone",
                        saved.into_iter().map(Json::from).collect::<Vec<_>>().into(),
                    ),
                    ("steps", Json::Arr(steps)),
                ])
            }))
            .text()
        }),
    ));
    api.push((
        "startLesson",
        Rc::new(move |args| {
            let id = arg(&args, 0);
            let known = crate::course::lesson_url(&id).is_some();
            if known {
                start_lesson.emit(id);
            }
            known.to_string()
        }),
    ));
    let s = state.clone();
    api.push((
        "setPolicy",
        Rc::new(move |args| match s.ws.find_policy(&arg(&args, 0)) {
            Some(id) => {
                s.dispatch(Action::SetText(id, arg(&args, 1)));
                "true".into()
            }
            None => "false".into(),
        }),
    ));
    let s = state.clone();
    api.push((
        "getPolicy",
        Rc::new(move |args| {
            let text =
                s.ws.find_policy(&arg(&args, 0))
                    .and_then(|id| s.ws.policy(id))
                    .map(|p| p.draft.text.clone());
            Json::from(text).text()
        }),
    ));
    let s = state.clone();
    api.push((
        "listPolicies",
        Rc::new(move |_| {
            arr(s.ws.policies().iter().map(|p| {
                obj([
                    ("id", p.draft.id.into()),
                    ("address", p.address().into()),
                    ("kind", p.kind_name().into()),
                    ("owner", (&p.owner).into()),
                    ("name", (&p.draft.name).into()),
                    ("managedArn", p.draft.managed_arn().into()),
                ])
            }))
            .text()
        }),
    ));
    let r = results.clone();
    api.push((
        "readMatrix",
        Rc::new(move |_| {
            let head = obj([
                ("stale", r.stale().into()),
                ("errorCount", r.current.error_count.into()),
            ]);
            let Some(matrix) = r.shown().and_then(|a| a.matrix.as_ref()) else {
                return head
                    .with("rows", arr([]))
                    .with("columns", arr([]))
                    .with("cells", arr([]))
                    .text();
            };
            let mut cells = Vec::new();
            for (ri, row) in matrix.cells.iter().enumerate() {
                for (ci, cell) in row.iter().enumerate() {
                    let principal = matrix.rows.get(ri).map(|r| r.key.clone());
                    let column = matrix.columns.get(ci);
                    cells.push(obj([
                        ("row", ri.into()),
                        ("column", ci.into()),
                        ("principal", principal.into()),
                        ("action", column.map(|c| c.action.clone()).into()),
                        ("resource", column.map(|c| c.resource.clone()).into()),
                        (
                            "requests",
                            column
                                .map(|c| c.requests.clone())
                                .unwrap_or_default()
                                .into(),
                        ),
                        ("decision", decision_name(cell.decision).into()),
                        ("sameAccount", cell.same_account.into()),
                        ("whatIf", cell.what_if.map(|(d, _)| decision_name(d)).into()),
                        (
                            "decisive",
                            arr(cell.decisive.iter().map(|d| Json::from(&d.label))),
                        ),
                    ]));
                }
            }
            head.with(
                "rows",
                arr(matrix.rows.iter().map(|row| {
                    obj([
                        ("key", (&row.key).into()),
                        ("name", (&row.name).into()),
                        ("kind", row.kind_label().into()),
                    ])
                })),
            )
            .with(
                "columns",
                arr(matrix.columns.iter().map(|c| {
                    obj([
                        ("action", (&c.action).into()),
                        ("resource", (&c.resource).into()),
                        ("requests", c.requests.clone().into()),
                    ])
                })),
            )
            .with("cells", Json::Arr(cells))
            .text()
        }),
    ));
    let r = results.clone();
    api.push((
        "matrixSize",
        Rc::new(move |_| {
            let (rows, columns) = r
                .shown()
                .and_then(|a| a.matrix.as_ref())
                .map_or((0, 0), |m| (m.rows.len(), m.columns.len()));
            obj([("rows", rows.into()), ("columns", columns.into())]).text()
        }),
    ));
    let r = results.clone();
    api.push((
        "readRequests",
        Rc::new(move |_| {
            let rows = r.shown().map(|a| a.requests.clone()).unwrap_or_default();
            arr(rows.iter().map(|row| {
                obj([
                    ("index", row.index.into()),
                    ("name", (&row.name).into()),
                    ("decision", decision_name(row.decision).into()),
                    ("expect", row.expect.map(decision_name).into()),
                    ("ok", row.ok.into()),
                    ("deniedHop", row.denied_hop.into()),
                ])
            }))
            .text()
        }),
    ));
    let r = results.clone();
    api.push((
        "problems",
        Rc::new(move |_| {
            arr(r.current.problems.iter().map(|p| {
                let (policy, line, column) = match &p.target {
                    Target::Policy { id, range } => (Some(*id), range.line, range.column),
                    _ => (None, 0, 0),
                };
                obj([
                    ("code", p.code.into()),
                    (
                        "severity",
                        crate::components::problems::severity_word(p.severity)
                            .0
                            .into(),
                    ),
                    ("message", (&p.message).into()),
                    ("help", p.help.clone().into()),
                    ("policy", policy.into()),
                    ("line", line.into()),
                    ("column", column.into()),
                    ("owner", p.owner().into()),
                ])
            }))
            .text()
        }),
    ));
    let s = state.clone();
    api.push((
        "markers",
        Rc::new(move |args| {
            s.ws.find_policy(&arg(&args, 0))
                .map_or("[]".into(), |id| monaco::read_markers(&id.to_string()))
        }),
    ));
    api.push((
        "modelCount",
        Rc::new(|_| monaco::model_keys().len().to_string()),
    ));
    api.push((
        "loadExample",
        Rc::new(move |args| {
            let id = arg(&args, 0);
            let known = gallery::is_example(&id);
            if known {
                load_example.emit(id);
            }
            known.to_string()
        }),
    ));
    api.push((
        "examples",
        Rc::new(|_| arr(gallery::cards().iter().map(|c| Json::from(&c.id))).text()),
    ));
    api.push((
        "importScenario",
        Rc::new(move |args| match model::import_scenario(&arg(&args, 0)) {
            Ok(ws) => {
                replace_workspace.emit((ws, "You imported a scenario.".into()));
                "true".into()
            }
            Err(error) => quote(&error),
        }),
    ));
    let s = state.clone();
    api.push((
        "exportScenario",
        Rc::new(move |_| quote(&s.ws.to_scenario(true).text)),
    ));
    let s = state.clone();
    api.push(("workspace", Rc::new(move |_| s.ws.to_json().text())));
    let s = state.clone();
    api.push(("shareUrl", Rc::new(move |_| quote(&share_url(&s.ws)))));
    let s = state.clone();
    api.push(("embedUrl", Rc::new(move |_| quote(&embed_url(&s.ws)))));
    api.push((
        "metrics",
        Rc::new(move |_| {
            let m = *metrics.borrow();
            obj([
                ("firstMatrixMs", m.first_matrix_ms.into()),
                ("analysisMs", m.analysis_ms.into()),
                ("updateMs", m.update_ms.into()),
                ("debounceMs", m.debounce_ms.into()),
                ("analyses", m.analyses.into()),
                ("catalogMs", m.catalog_ms.into()),
                ("renderedAt", m.rendered_at.into()),
                ("inWorker", m.in_worker.into()),
            ])
            .text()
        }),
    ));
    api.push(("managedPolicies", Rc::new(move |_| quote(managed_state))));
    let r = results.clone();
    let s = state.clone();
    api.push((
        "settled",
        Rc::new(move |_| {
            // Once the page has the catalog, the shown analysis must have used it too; an analysis that
            // waits for the AWS managed policies is not the last word either.
            (r.revision == s.revision
                && s.pending_example.is_none()
                && (r.with_catalog || !catalog_loaded)
                && !r.current.wants_managed)
                .to_string()
        }),
    ));
    TestApi(api)
}
