//! The page's half of the analysis worker (`worker.rs` is the other): starts it, keeps its copy of the
//! workspace in step with as little as changed (one policy's text while typing, the whole workspace after a
//! structural edit), and turns its answers back into an [`Analysis`] for the view. When no worker can start,
//! the app analyses on its main thread as before.

use crate::engine::Analysis;
use crate::model::Workspace;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/analysis-client.js")]
extern "C" {
    #[wasm_bindgen(js_name = startWorker)]
    fn start_worker(
        module: &JsValue,
        on_answer: &Closure<dyn FnMut(f64, String, String, bool, f64)>,
    ) -> JsValue;

    #[wasm_bindgen(js_name = post)]
    fn post(worker: &JsValue, kind: &str, revision: f64, id: u32, text: &str);

    #[wasm_bindgen(js_name = stopWorker)]
    fn stop_worker(worker: &JsValue);
}

/// One answer of the worker.
pub enum Answer {
    /// The analysis of workspace revision `revision`, made with the catalog when `with_catalog`.
    Analysis {
        revision: u64,
        analysis: Analysis,
        with_catalog: bool,
        /// How long the worker took.
        ms: f64,
    },
    /// A message the worker could not apply, or (`fatal`) the worker is gone.
    Error { message: String, fatal: bool },
}

/// The running worker and what it has been sent.
pub struct AnalysisWorker {
    worker: JsValue,
    _on_answer: Closure<dyn FnMut(f64, String, String, bool, f64)>,
    /// Where answers go (kept to start a fresh worker).
    deliver: Rc<dyn Fn(Answer)>,
    /// The newest revision answered in full (with the catalog once it was sent): the worker is busy while
    /// this is behind the revision last sent.
    answered: Rc<Cell<Option<u64>>>,
    /// The structure counter and workspace last sent.
    sent: Option<(u64, Rc<Workspace>)>,
    /// The revision last sent.
    revision: u64,
    /// The action catalog's text, once the page has it, and whether the worker has it too.
    catalog: Option<Rc<str>>,
    catalog_sent: bool,
    /// The AWS managed policy snapshot's text once the page fetched it (empty: it could not), and whether
    /// the worker has it.
    managed: Option<Rc<str>>,
    managed_sent: bool,
}

impl AnalysisWorker {
    /// Starts the worker; `None` when this browser or build cannot.
    pub fn start(deliver: Rc<dyn Fn(Answer)>) -> Option<Self> {
        let answered: Rc<Cell<Option<u64>>> = Rc::new(Cell::new(None));
        let on_answer = {
            let deliver = deliver.clone();
            let answered = answered.clone();
            move |answer: Answer| {
                if let Answer::Analysis {
                    revision,
                    with_catalog,
                    ..
                } = &answer
                {
                    // A quick answer without the catalog's checks still leaves the worker busy.
                    if *with_catalog || !CATALOG_SENT.with(Cell::get) {
                        answered.set(Some(*revision));
                    }
                }
                deliver(answer);
            }
        };
        let closure = Closure::<dyn FnMut(f64, String, String, bool, f64)>::new(
            move |revision: f64, result: String, error: String, fatal: bool, ms: f64| {
                if !error.is_empty() {
                    on_answer(Answer::Error {
                        message: error,
                        fatal,
                    });
                    return;
                }
                match crate::wire::decode(&result) {
                    Some(decoded) => on_answer(Answer::Analysis {
                        revision: revision.max(0.0) as u64,
                        analysis: decoded.analysis,
                        with_catalog: decoded.with_catalog,
                        ms,
                    }),
                    None => on_answer(Answer::Error {
                        message: "the analysis worker answered something unreadable".into(),
                        fatal: true,
                    }),
                }
            },
        );
        let worker = start_worker(&wasm_bindgen::module(), &closure);
        if worker.is_null() || worker.is_undefined() {
            return None;
        }
        Some(Self {
            worker,
            _on_answer: closure,
            deliver,
            answered,
            sent: None,
            revision: 0,
            catalog: None,
            catalog_sent: false,
            managed: None,
            managed_sent: false,
        })
    }

    /// The worker is still working on something sent earlier.
    fn busy(&self) -> bool {
        self.sent.is_some() && self.answered.get().is_none_or(|r| r < self.revision)
    }

    /// Brings the worker's workspace to `ws` (revision `revision`); it answers with an analysis.
    pub fn send(&mut self, ws: &Rc<Workspace>, structure: u64, revision: u64) {
        let whole = !matches!(&self.sent, Some((s, _)) if *s == structure);
        if whole && self.busy() {
            // A new workspace while an analysis of the old one runs (a hostile or huge import): a fresh
            // worker starts on the new one at once instead of queueing behind it.
            if let Some(fresh) = Self::start(self.deliver.clone()) {
                let catalog = self.catalog.take();
                let managed = self.managed.take();
                *self = fresh;
                self.catalog = catalog;
                self.managed = managed;
            }
        }
        let revision_number = revision as f64;
        match &self.sent {
            Some((sent_structure, sent)) if *sent_structure == structure => {
                if Rc::ptr_eq(sent, ws) {
                    return;
                }
                // Same structure: the same policies in the same order; only texts changed.
                let before: Vec<&crate::model::PolicyDraft> = sent.drafts().collect();
                let after: Vec<&crate::model::PolicyDraft> = ws.drafts().collect();
                if before.len() == after.len() {
                    let mut any = false;
                    for (old, new) in before.iter().zip(&after) {
                        if old.text != new.text {
                            post(&self.worker, "text", revision_number, new.id, &new.text);
                            any = true;
                        }
                    }
                    if !any {
                        // Nothing to apply, but the page waits for this revision: ask for it.
                        post(&self.worker, "sync", revision_number, 0, "");
                    }
                } else {
                    post(
                        &self.worker,
                        "workspace",
                        revision_number,
                        0,
                        &ws.to_json().text(),
                    );
                }
            }
            _ => post(
                &self.worker,
                "workspace",
                revision_number,
                0,
                &ws.to_json().text(),
            ),
        }
        self.sent = Some((structure, ws.clone()));
        self.revision = revision;
        self.send_catalog_once();
        self.send_managed_once();
    }

    fn send_managed_once(&mut self) {
        if let (false, Some(text)) = (self.managed_sent, &self.managed) {
            post(&self.worker, "managed", self.revision as f64, 0, text);
            self.managed_sent = true;
        }
    }

    /// Gives the worker the AWS managed policy snapshot (empty text: it could not be fetched, so ARNs are
    /// errors from now on); it answers with a new analysis.
    pub fn send_managed(&mut self, text: Rc<str>) {
        self.managed = Some(text);
        if self.sent.is_some() {
            self.send_managed_once();
        }
    }

    fn send_catalog_once(&mut self) {
        if let (false, Some(text)) = (self.catalog_sent, &self.catalog) {
            post(&self.worker, "catalog", self.revision as f64, 0, text);
            self.catalog_sent = true;
            CATALOG_SENT.with(|sent| sent.set(true));
        }
    }

    /// Gives the worker the action catalog (its lint then checks actions against it): now if it has a
    /// workspace, else with the first one (an analysis of no workspace would be no use to anyone).
    pub fn send_catalog(&mut self, text: &str) {
        self.catalog = Some(Rc::from(text));
        if self.sent.is_some() {
            self.send_catalog_once();
        }
    }
}

thread_local! {
    /// Whether a worker was given the catalog (its full answers then carry the catalog's checks).
    static CATALOG_SENT: Cell<bool> = const { Cell::new(false) };
}

impl Drop for AnalysisWorker {
    fn drop(&mut self) {
        stop_worker(&self.worker);
    }
}
