//! The guided lessons panel: the course list when no lesson runs; otherwise the lesson's steps with done
//! marks, the current step's text and check, hints after a wrong try, "Show me" and navigation. Whether a step
//! is done is `iamplay_core::lesson::check_step` on the reader's workspace, re-run on every edit.

use crate::components::lesson::inline;
use crate::course::{course, save_progress, saved_progress, LessonRun};
use crate::model::Workspace;
use crate::state::{Action, AppState};
use iamplay_core::explain::Decision;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CourseProps {
    pub run: Option<Rc<LessonRun>>,
    pub ws: Rc<Workspace>,
    /// The workspace revision: the check re-runs when it changes.
    pub revision: u64,
    pub dispatch: UseReducerDispatcher<AppState>,
    /// Starts the lesson with this id (fetches it and its scenario).
    pub on_start: Callback<String>,
    /// Applies the model edits up to and including this step.
    pub on_show_me: Callback<usize>,
    /// A lesson id being fetched.
    #[prop_or_default]
    pub pending: Option<AttrValue>,
}

fn decision_word(decision: Option<Decision>) -> &'static str {
    match decision {
        Some(Decision::Allow) => "Allow",
        Some(Decision::ExplicitDeny) => "ExplicitDeny",
        Some(Decision::ImplicitDeny) => "ImplicitDeny",
        None => "no such request",
    }
}

#[function_component]
pub fn Course(props: &CourseProps) -> Html {
    let open = use_state(|| false);
    let run = props.run.clone();
    let check = {
        let run = run.clone();
        let ws = props.ws.clone();
        use_memo(
            (props.revision, run.as_ref().map(|r| (r.id.clone(), r.step))),
            move |_| run.as_ref().and_then(|run| run.check(&ws)),
        )
    };
    // A passing check marks its step done.
    {
        let dispatch = props.dispatch.clone();
        let passed = check.as_ref().as_ref().is_some_and(|c| c.done);
        let step = run.as_ref().map(|r| r.step);
        use_effect_with((passed, step), move |(passed, step)| {
            if let (true, Some(step)) = (*passed, *step) {
                dispatch.dispatch(Action::LessonDone(step));
            }
        });
    }
    // Progress is kept locally.
    {
        let run = run.clone();
        use_effect_with(
            run.as_ref().map(|r| (r.id.clone(), r.done.clone())),
            move |_| {
                if let Some(run) = run {
                    save_progress(&run);
                }
            },
        );
    }

    let Some(run) = run else {
        let toggle = {
            let open = open.clone();
            Callback::from(move |_| open.set(!*open))
        };
        let entries = course();
        return html! {
            <section class="course" aria-labelledby="course-title">
                <div class="course-head">
                    <h2 class="course-title" id="course-title">{ "Guided lessons" }</h2>
                    <button type="button" class="link" id="course-toggle" aria-expanded={open.to_string()} aria-controls="course-list" onclick={toggle}>
                        { if *open { "Hide the lessons".to_string() } else { format!("Show {} lessons", entries.len()) } }
                    </button>
                </div>
                if *open {
                    <ol class="course-list" id="course-list">
                        { for entries.into_iter().map(|entry| {
                            let done = saved_progress(&entry.id).len();
                            let start = props.on_start.reform({ let id = entry.id.clone(); move |_| id.clone() });
                            let pending = props.pending.as_deref() == Some(entry.id.as_str());
                            html! {
                                <li class="course-entry">
                                    <button type="button" class="course-start" data-lesson={entry.id.clone()} onclick={start} disabled={pending}>
                                        <span class="course-entry-title">{ entry.title.clone() }</span>
                                        if done > 0 { <span class="chip done-chip">{ format!("✓ {done} done") }</span> }
                                    </button>
                                    <span class="course-summary">{ entry.summary.clone() }</span>
                                </li>
                            }
                        }) }
                    </ol>
                }
            </section>
        };
    };

    let steps = &run.lesson.steps;
    let step_index = run.step;
    let Some(step) = steps.get(step_index) else {
        return html! {};
    };
    let done_here = run.done.get(step_index).copied().unwrap_or(false);
    let tries = run.tries.get(step_index).copied().unwrap_or(0);
    let dispatch = props.dispatch.clone();
    let go = |to: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::LessonGo(to)))
    };
    let close = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(Action::LessonClose))
    };
    let on_check = {
        let dispatch = dispatch.clone();
        let passed = check.as_ref().as_ref().is_some_and(|c| c.done);
        Callback::from(move |_| {
            if !passed {
                dispatch.dispatch(Action::LessonTried);
            }
        })
    };
    let on_next = {
        let dispatch = dispatch.clone();
        let reading = step.check.is_none();
        let last = step_index + 1 >= steps.len();
        Callback::from(move |_| {
            if reading {
                dispatch.dispatch(Action::LessonDone(step_index));
            }
            if !last {
                dispatch.dispatch(Action::LessonGo(step_index + 1));
            }
        })
    };
    let show_me = props.on_show_me.reform(move |_| step_index);
    let on_keydown = {
        let dispatch = dispatch.clone();
        let count = steps.len();
        Callback::from(move |event: KeyboardEvent| {
            // Arrows move between steps from the step list; Escape leaves the lesson.
            let target_in_list = event
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|el| el.closest(".lesson-steps").ok().flatten().is_some());
            match event.key().as_str() {
                "ArrowDown" | "ArrowRight" if target_in_list && step_index + 1 < count => {
                    event.prevent_default();
                    dispatch.dispatch(Action::LessonGo(step_index + 1));
                    focus_step(step_index + 1);
                }
                "ArrowUp" | "ArrowLeft" if target_in_list && step_index > 0 => {
                    event.prevent_default();
                    dispatch.dispatch(Action::LessonGo(step_index - 1));
                    focus_step(step_index - 1);
                }
                "Escape" => dispatch.dispatch(Action::LessonClose),
                _ => {}
            }
        })
    };
    let shown_hints = tries.min(step.hints.len());
    let status = match check.as_ref() {
        _ if done_here && step.check.is_some() => html! {
            <p class="lesson-status passed" role="status">{ "✓ Done: the check passes." }</p>
        },
        Some(result) if tries > 0 => html! {
            <div class="lesson-status failed" role="status">
                <p>{ "Not yet:" }</p>
                <ul>
                    { for result.expectations.iter().map(|e| html! {
                        <li class={classes!(if e.ok { "ok" } else { "bad" })}>
                            { if e.ok { "✓ " } else { "✗ " } }
                            <span class="expect-label">{ e.label.clone() }</span>
                            { format!(": {} (wanted {})", decision_word(e.actual), e.expected.name()) }
                        </li>
                    }) }
                    { for result.widened.iter().map(|w| html! {
                        <li class="bad">{ format!("✗ also allowed now: {} {} {}", w.principal, w.action, w.resource) }</li>
                    }) }
                </ul>
            </div>
        },
        None if step.check.is_some() => html! {
            <p class="lesson-status failed" role="status">{ "The scenario has errors; fix them to check this step." }</p>
        },
        _ => html! {},
    };
    html! {
        <section class="course running" aria-labelledby="course-title" onkeydown={on_keydown} data-lesson={run.id.clone()}>
            <div class="course-head">
                <h2 class="course-title" id="course-title">
                    <span class="lesson-kicker">{ "Lesson" }</span>{ " " }{ run.lesson.title.value.clone() }
                </h2>
                <button type="button" class="link" id="lesson-close" onclick={close}>{ "Close lesson" }</button>
            </div>
            <ol class="lesson-steps" aria-label="Steps">
                { for steps.iter().enumerate().map(|(index, s)| {
                    let done = run.done.get(index).copied().unwrap_or(false);
                    let current = index == step_index;
                    let title = s.title.as_ref().map_or_else(|| format!("Step {}", index + 1), |t| t.value.clone());
                    html! {
                        <li>
                            <button type="button" id={format!("lesson-step-{index}")} class={classes!("lesson-step", current.then_some("current"), done.then_some("done"))}
                                    aria-current={current.then_some("step")} tabindex={if current { "0" } else { "-1" }} onclick={go(index)}>
                                <span class="step-mark" aria-hidden="true">{ if done { "✓" } else { "" } }</span>
                                { format!("{}. {title}", index + 1) }
                                if done { <span class="sr-only">{ " (done)" }</span> }
                            </button>
                        </li>
                    }
                }) }
            </ol>
            <div class="lesson-step-body">
                { for step.text.value.split("\n\n").map(|paragraph| html! { <p>{ inline(paragraph) }</p> }) }
                { status }
                if shown_hints > 0 {
                    <ul class="lesson-hints" aria-label="Hints">
                        { for step.hints.iter().take(shown_hints).map(|hint| html! { <li>{ "Hint: " }{ inline(&hint.value) }</li> }) }
                    </ul>
                }
                <div class="lesson-actions">
                    if step.check.is_some() && !done_here {
                        <button type="button" class="primary" id="lesson-check" onclick={on_check}>{ "Check my answer" }</button>
                    }
                    if !step.show.is_empty() && !done_here {
                        <button type="button" id="lesson-show-me" onclick={show_me}>{ "Show me" }</button>
                    }
                    if step.check.is_none() || done_here {
                        if step_index + 1 < steps.len() {
                            <button type="button" class="primary" id="lesson-next" onclick={on_next}>{ "Next step" }</button>
                        } else if step.check.is_none() && !done_here {
                            <button type="button" class="primary" id="lesson-next" onclick={on_next}>{ "Finish" }</button>
                        } else {
                            <p class="lesson-status passed">{ "Lesson complete." }</p>
                        }
                    }
                </div>
            </div>
        </section>
    }
}

fn focus_step(index: usize) {
    // After the re-render, so the newly current step (tabindex 0) exists.
    gloo_timers::callback::Timeout::new(0, move || {
        if let Some(element) =
            gloo_utils::document().get_element_by_id(&format!("lesson-step-{index}"))
        {
            if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
                let _ = element.focus();
            }
        }
    })
    .forget();
}
