//! `use_answer`: the answer to an account-scale question (`questions.rs`), kept in step with the workspace.
//! The analysis worker answers it (a who-can over 500 principals or a what-can over the whole catalog would
//! cost a keystroke its frame), so typing never waits; the page decodes the answer. Without a worker the main
//! thread answers. A new question is asked at once; after an edit it is asked again once typing pauses. While
//! the scenario has errors the last answer stays, marked stale.

use crate::analysis_client::AnalysisWorker;
use crate::engine::World;
use crate::model::Workspace;
use crate::questions::{answer, decode, AnswerView, Question};
use iamplay_core::catalog::Catalog;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// How long typing must pause before an open question is asked again.
pub const REASK_MS: u32 = 300;

/// What the view shows for a question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answered {
    /// The question this answers (as asked: the access answer covers every resource).
    pub question: Option<Question>,
    pub answer: Option<Rc<AnswerView>>,
    /// A newer answer is on its way.
    pub pending: bool,
    /// The answer is about an earlier workspace: the current one has errors.
    pub stale: bool,
    /// The time the answer took where it was computed (worker or main thread), in ms.
    pub ms: f64,
}

fn now_ms() -> f64 {
    gloo_utils::window().performance().map_or(0.0, |p| p.now())
}

/// The answer to `question` about `ws` (revision `revision`); `catalog` serves what-can.
#[hook]
pub fn use_answer(
    question: Option<Question>,
    ws: Rc<Workspace>,
    revision: u64,
    worker: Rc<RefCell<Option<AnalysisWorker>>>,
    catalog: Option<Rc<Catalog>>,
) -> Answered {
    let answered = use_state(Answered::default);
    // The latest answer state, for callbacks that outlive a render.
    let latest = use_mut_ref(Answered::default);
    *latest.borrow_mut() = (*answered).clone();
    let timer = use_mut_ref(|| None::<gloo_timers::callback::Timeout>);
    let sequence = use_mut_ref(|| 0u64);
    let asked = question.as_ref().map(Question::asked);
    let needs_catalog = matches!(asked, Some(Question::WhatCan { .. }));
    {
        let answered = answered.clone();
        let latest = latest.clone();
        use_effect_with(
            (asked, revision, needs_catalog && catalog.is_some()),
            move |(asked, _, _)| {
                let Some(question) = asked.clone() else {
                    timer.borrow_mut().take();
                    if latest.borrow().question.is_some() {
                        answered.set(Answered::default());
                    }
                    return;
                };
                let same = latest.borrow().question.as_ref() == Some(&question);
                let ask = {
                    let answered = answered.clone();
                    let latest = latest.clone();
                    let question = question.clone();
                    move || {
                        *sequence.borrow_mut() += 1;
                        let mine = *sequence.borrow();
                        let deliver = {
                            let question = question.clone();
                            let answered = answered.clone();
                            let latest = latest.clone();
                            let sequence = sequence.clone();
                            move |view: Option<AnswerView>, ms: f64| {
                                if *sequence.borrow() != mine {
                                    // A newer question or edit was asked since.
                                    return;
                                }
                                let before = latest.borrow().clone();
                                let view = view.unwrap_or_else(|| {
                                    AnswerView::Error("the answer was unreadable".into())
                                });
                                let keep_previous = matches!(view, AnswerView::Error(_))
                                    && before.question.as_ref() == Some(&question)
                                    && before
                                        .answer
                                        .as_deref()
                                        .is_some_and(|a| !matches!(a, AnswerView::Error(_)));
                                let next = if keep_previous {
                                    Answered {
                                        pending: false,
                                        stale: true,
                                        ..before
                                    }
                                } else {
                                    Answered {
                                        question: Some(question.clone()),
                                        answer: Some(Rc::new(view)),
                                        pending: false,
                                        stale: false,
                                        ms,
                                    }
                                };
                                *latest.borrow_mut() = next.clone();
                                answered.set(next);
                            }
                        };
                        let pending = Answered {
                            pending: true,
                            ..latest.borrow().clone()
                        };
                        *latest.borrow_mut() = pending.clone();
                        answered.set(pending);
                        let text = question.to_text();
                        let mut worker = worker.borrow_mut();
                        if let Some(worker) = worker.as_mut() {
                            worker.ask(
                                &text,
                                &ws,
                                Box::new(move |reply: String, ms: f64| deliver(decode(&reply), ms)),
                            );
                        } else {
                            // No worker: the main thread answers.
                            let start = now_ms();
                            let view = match World::load(&ws) {
                                Some(world) => answer(&world, &question, catalog.as_deref()),
                                None => AnswerView::Error(
                                    "the scenario has errors: fix them to get an answer".into(),
                                ),
                            };
                            deliver(Some(view), now_ms() - start);
                        }
                    }
                };
                if same {
                    // An edit: ask again once typing pauses.
                    *timer.borrow_mut() = Some(gloo_timers::callback::Timeout::new(REASK_MS, ask));
                } else {
                    timer.borrow_mut().take();
                    ask();
                }
            },
        );
    }
    (*answered).clone()
}
