//! The analysis worker's half: the functions `web/analysis-worker.js` calls inside a Web Worker. The worker runs
//! this same wasm file (no second download, no second copy of the core), keeps its own copy of the workspace in
//! step with the page through small messages (a whole workspace, one policy's text, the action catalog), and
//! answers each batch of them with one analysis (`engine::analyze`) written by `wire::encode`. Nothing here
//! touches the DOM: a worker has none.

use crate::engine::{analyze, LintCache};
use crate::model::Workspace;
use iamplay_core::catalog::Catalog;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// A workspace in its own format may be this large (the page's autosave has the same ceiling).
const MAX_WORKSPACE_BYTES: usize = 64 * 1024 * 1024;

#[derive(Default)]
struct WorkerState {
    ws: Workspace,
    cache: LintCache,
    catalog: Option<Catalog>,
}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
}

/// Applies one message from the page: `workspace` (the text is the workspace in its own format), `text` (the
/// text of policy `id`), `sync` (nothing changed), `catalog` (the action catalog's text). Returns an error message, or an empty string.
#[wasm_bindgen(js_name = analysisWorkerApply)]
pub fn apply(kind: &str, id: u32, text: String) -> String {
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        match kind {
            "workspace" => match Workspace::from_json(&text, MAX_WORKSPACE_BYTES) {
                Ok(ws) => {
                    state.ws = ws;
                    String::new()
                }
                Err(error) => error,
            },
            "text" => match state.ws.policy_mut(id) {
                Some(draft) => {
                    draft.text = text;
                    String::new()
                }
                None => format!("no policy {id} in the worker's workspace"),
            },
            "catalog" => match Catalog::parse(&text) {
                Ok(catalog) => {
                    state.catalog = Some(catalog);
                    String::new()
                }
                Err(_) => "the action catalog could not be read".into(),
            },
            // Nothing changed, but the page waits for an analysis of a newer revision.
            "sync" => String::new(),
            other => format!("unknown message `{other}`"),
        }
    })
}

/// Analyses the workspace as the messages so far left it; the answer is `wire::encode`'s text.
#[wasm_bindgen(js_name = analysisWorkerRun)]
pub fn run() -> String {
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        let analysis = analyze(&state.ws, state.catalog.as_ref(), &mut state.cache);
        crate::wire::encode(&analysis, state.catalog.is_some())
    })
}
