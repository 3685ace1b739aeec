//! The analysis worker's half: the functions `web/analysis-worker.js` calls inside a Web Worker. The worker runs
//! this same wasm file (no second download, no second copy of the core), keeps its own copy of the workspace in
//! step with the page through small messages (a whole workspace, one policy's text, the action catalog), and
//! answers each batch of them with one analysis (`engine::analyze`) written by `wire::encode`. Nothing here
//! touches the DOM: a worker has none.

use crate::engine::{analyze_with, LintCache, Managed};
use crate::model::Workspace;
use iamplay_core::catalog::Catalog;
use iamplay_core::managed::ManagedPolicies;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A workspace in its own format may be this large (the page's autosave has the same ceiling).
const MAX_WORKSPACE_BYTES: usize = 64 * 1024 * 1024;

struct WorkerState {
    ws: Workspace,
    cache: LintCache,
    catalog: Option<Catalog>,
    /// The page sends the AWS managed policy snapshot when it has fetched it (only when needed).
    managed: Managed,
}

impl Default for WorkerState {
    fn default() -> Self {
        Self {
            ws: Workspace::default(),
            cache: LintCache::default(),
            catalog: None,
            managed: Managed::Pending,
        }
    }
}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
}

/// Applies one message from the page: `workspace` (the text is the workspace in its own format), `text` (the
/// text of policy `id`), `sync` (nothing changed), `catalog` (the action catalog's text), `managed` (the AWS
/// managed policy snapshot's text; empty: the page could not fetch it). Returns an error message, or an empty
/// string.
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
            "managed" if text.is_empty() => {
                state.managed = Managed::Unavailable;
                String::new()
            }
            "managed" => match ManagedPolicies::parse(&text) {
                Ok(set) => {
                    state.managed = Managed::Loaded(Rc::new(set));
                    String::new()
                }
                Err(_) => {
                    state.managed = Managed::Unavailable;
                    "the AWS managed policies could not be read".into()
                }
            },
            // Nothing changed, but the page waits for an analysis of a newer revision.
            "sync" => String::new(),
            other => format!("unknown message `{other}`"),
        }
    })
}

/// Analyses the workspace as the messages so far left it; the answer is `wire::encode`'s text. Without
/// `with_catalog` the catalog's checks are left out: a new workspace's first answer comes quickly that way,
/// and the checks follow in a second one.
#[wasm_bindgen(js_name = analysisWorkerRun)]
pub fn run(with_catalog: bool) -> String {
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        let catalog = state.catalog.as_ref().filter(|_| with_catalog);
        let analysis = analyze_with(&state.ws, catalog, &state.managed, &mut state.cache);
        crate::wire::encode(&analysis, catalog.is_some())
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_worker_follows_a_workspace_and_its_edits() {
        let ws = crate::model::import_scenario(
            crate::gallery::example("developer-group").expect("example"),
        )
        .expect("ws");
        assert_eq!(super::apply("workspace", 0, ws.to_json().text()), "");
        let first = crate::wire::decode(&super::run(true)).expect("decodes");
        assert!(first.analysis.loaded);
        let id = ws.drafts().next().expect("a policy").id;
        assert_eq!(super::apply("text", id, "{".into()), "");
        let broken = crate::wire::decode(&super::run(true)).expect("decodes");
        assert!(!broken.analysis.loaded && broken.analysis.error_count > 0);
        assert!(super::apply("text", u32::MAX, String::new()).contains("no policy"));
        assert_eq!(super::apply("sync", 0, String::new()), "");
        assert!(super::apply("nonsense", 0, String::new()).contains("unknown message"));
        assert!(!super::apply("workspace", 0, "[]".into()).is_empty());
    }
}
