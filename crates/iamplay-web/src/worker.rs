//! The analysis worker's half: the functions `web/analysis-worker.js` calls inside a Web Worker. The worker runs
//! this same wasm file (no second download, no second copy of the core), keeps its own copy of the workspace in
//! step with the page through small messages (a whole workspace, one policy's text, the action catalog), and
//! answers each batch of them with one analysis (`engine::analyze`) written by `wire::encode`. Nothing here
//! touches the DOM: a worker has none.

use crate::engine::{analyze_with, LintCache, Managed, World};
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
    /// Counts the changes to `ws`, so a question knows whether `world` is still its scenario.
    generation: u64,
    /// The scenario of `ws` at a generation (`None` inside: it has errors), loaded by the last analysis or
    /// question.
    world: Option<(u64, Option<Rc<World>>)>,
    /// The last workspace a question brought along, and its scenario.
    #[cfg_attr(not(feature = "questions"), allow(dead_code))]
    asked: Option<(String, Option<Rc<World>>)>,
    /// The page sends the AWS managed policy snapshot when it has fetched it (only when needed).
    managed: Managed,
}

impl Default for WorkerState {
    fn default() -> Self {
        Self {
            ws: Workspace::default(),
            cache: LintCache::default(),
            catalog: None,
            generation: 0,
            world: None,
            asked: None,
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
                    state.generation += 1;
                    String::new()
                }
                Err(error) => error,
            },
            "text" => match state.ws.policy_mut(id) {
                Some(draft) => {
                    draft.text = text;
                    state.generation += 1;
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
            // The snapshot changes what the workspace's ARNs load to, so a cached world is old.
            "managed" if text.is_empty() => {
                state.managed = Managed::Unavailable;
                state.generation += 1;
                state.asked = None;
                String::new()
            }
            "managed" => {
                state.generation += 1;
                state.asked = None;
                match ManagedPolicies::parse(&text) {
                    Ok(set) => {
                        state.managed = Managed::Loaded(Rc::new(set));
                        String::new()
                    }
                    Err(_) => {
                        state.managed = Managed::Unavailable;
                        "the AWS managed policies could not be read".into()
                    }
                }
            }
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
        state.world = Some((state.generation, analysis.world.clone()));
        crate::wire::encode(&analysis, catalog.is_some())
    })
}

/// Answers one question (`questions::Question` as text) about `workspace` (the workspace in its own format)
/// when given, else about the workspace the messages so far left. The answer is `questions::encode`'s text.
#[cfg(feature = "questions")]
#[wasm_bindgen(js_name = analysisWorkerAsk)]
pub fn ask(question: &str, workspace: String) -> String {
    STATE.with(|state| {
        let state = &mut *state.borrow_mut();
        let world = if workspace.is_empty() {
            match &state.world {
                Some((generation, world)) if *generation == state.generation => world.clone(),
                _ => {
                    let world =
                        World::load_with(&state.ws, state.managed.loaded().cloned()).map(Rc::new);
                    state.world = Some((state.generation, world.clone()));
                    world
                }
            }
        } else {
            match &state.asked {
                Some((text, world)) if *text == workspace => world.clone(),
                _ => {
                    let world = Workspace::from_json(&workspace, MAX_WORKSPACE_BYTES)
                        .ok()
                        .and_then(|ws| World::load_with(&ws, state.managed.loaded().cloned()))
                        .map(Rc::new);
                    state.asked = Some((workspace, world.clone()));
                    world
                }
            }
        };
        crate::questions::answer_text(question, world.as_deref(), state.catalog.as_ref())
            .unwrap_or_else(|error| {
                crate::questions::encode(&crate::questions::AnswerView::Error(error))
            })
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

    #[cfg(feature = "questions")]
    #[test]
    fn the_worker_answers_questions_about_its_workspace_or_one_brought_along() {
        use crate::questions::{decode, AnswerView, Question};
        let ws = crate::model::import_scenario(
            crate::gallery::example("developer-group").expect("example"),
        )
        .expect("ws");
        assert_eq!(super::apply("workspace", 0, ws.to_json().text()), "");
        let access = Question::Access {
            resource: String::new(),
        }
        .to_text();
        assert!(matches!(
            decode(&super::ask(&access, String::new())),
            Some(AnswerView::Access(_))
        ));
        // A broken policy: no answer about the worker's workspace, but one about a workspace brought along.
        let id = ws.drafts().next().expect("a policy").id;
        assert_eq!(super::apply("text", id, "{".into()), "");
        assert!(matches!(
            decode(&super::ask(&access, String::new())),
            Some(AnswerView::Error(_))
        ));
        assert!(matches!(
            decode(&super::ask(&access, ws.to_json().text())),
            Some(AnswerView::Access(_))
        ));
        assert!(matches!(
            decode(&super::ask("nonsense", String::new())),
            Some(AnswerView::Error(_))
        ));
        let what = Question::WhatCan {
            principal: "anonymous".into(),
        }
        .to_text();
        assert!(matches!(
            decode(&super::ask(&what, ws.to_json().text())),
            Some(AnswerView::Error(_)) | Some(AnswerView::What(_))
        ));
    }
}
