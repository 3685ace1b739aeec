//! The problems panel: every parse error and lint finding, with its code, place and help; clicking one moves
//! the cursor there.

use crate::engine::{Problem, Target};
use iamplay_core::diagnostic::Severity;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties)]
pub struct ProblemsProps {
    pub problems: Rc<Vec<Problem>>,
    /// `(policy id, label)` for every policy; entity labels by `EntityRef` come from `entity_label`.
    pub labels: Rc<Vec<(u32, String)>>,
    pub entity_label: Callback<crate::model::EntityRef, String>,
    /// Moves the cursor (or the scenario panel) to a problem.
    pub on_target: Callback<Target>,
    #[prop_or_default]
    pub open: bool,
    pub on_toggle: Callback<bool>,
    /// Applies the quick fix of a pasted fragment (`E0229`) to a policy: `(policy id, add "Effect": "Allow")`.
    #[prop_or_default]
    pub on_fix: Callback<(u32, bool)>,
}

impl PartialEq for ProblemsProps {
    fn eq(&self, other: &Self) -> bool {
        super::same(&self.problems, &other.problems)
            && *self.labels == *other.labels
            && self.entity_label == other.entity_label
            && self.on_target == other.on_target
            && self.open == other.open
            && self.on_toggle == other.on_toggle
            && self.on_fix == other.on_fix
    }
}

pub fn severity_word(severity: Severity) -> (&'static str, &'static str, &'static str) {
    match severity {
        Severity::Error => ("error", "✕", "error"),
        Severity::SecurityWarning => ("security warning", "⚠", "security"),
        Severity::Warning => ("warning", "!", "warning"),
        Severity::Suggestion => ("suggestion", "i", "suggestion"),
    }
}

#[function_component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let errors = props.problems.iter().filter(|p| p.is_error()).count();
    let others = props.problems.len() - errors;
    let toggle = {
        let on_toggle = props.on_toggle.clone();
        Callback::from(move |event: Event| {
            let open = event
                .target_dyn_into::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open());
            on_toggle.emit(open);
        })
    };
    html! {
        <details class="problems" id="problems" open={props.open} ontoggle={toggle}>
            <summary>
                <span class="problems-title">{ "Problems" }</span>
                <span class={classes!("count", "error", (errors == 0).then_some("zero"))} id="problems-errors">{ format!("{errors} error{}", if errors == 1 { "" } else { "s" }) }</span>
                <span class={classes!("count", "warning", (others == 0).then_some("zero"))}>{ format!("{others} finding{}", if others == 1 { "" } else { "s" }) }</span>
                <span class="hint">{ "F8: next problem" }</span>
            </summary>
            if props.problems.is_empty() {
                <p class="muted">{ "No problems: every policy parses and no lint check fired." }</p>
            }
            <ul>
            { for props.problems.iter().enumerate().map(|(i, problem)| {
                let (word, icon, class) = severity_word(problem.severity);
                let place = match &problem.target {
                    Target::Policy { id, range } => format!("{} · {}:{}",
                        props.labels.iter().find(|(p, _)| p == id).map(|(_, l)| l.clone()).unwrap_or_default(),
                        range.line, range.column),
                    Target::Context { range, .. } => format!("request context · {}:{}", range.line, range.column),
                    Target::Entity(entity) => props.entity_label.emit(*entity),
                    Target::Nowhere => String::new(),
                };
                let onclick = {
                    let on_target = props.on_target.clone();
                    let target = problem.target.clone();
                    Callback::from(move |_| on_target.emit(target.clone()))
                };
                html! {
                    <li class={classes!("problem", class)} data-code={problem.code} data-index={i.to_string()}>
                        <button type="button" {onclick}>
                            <span class="sev" aria-hidden="true">{ icon }</span>
                            <span class="sr-only">{ word }</span>
                            <span class="code">{ problem.code }</span>
                            <span class="message">{ super::lesson::inline(&problem.message) }</span>
                            <span class="place">{ place }</span>
                        </button>
                        if let (iamplay_core::policy::parse::codes::FRAGMENT, Target::Policy { id, .. }) = (problem.code, &problem.target) {
                            { fragment_fix(*id, &problem.message, &props.on_fix) }
                        }
                        if let Some(help) = &problem.help {
                            <p class="help">{ super::lesson::inline(help) }
                                if let Some(url) = problem.url {
                                    { " " }<a href={url} target="_blank" rel="noopener noreferrer">{ "docs" }</a>
                                }
                            </p>
                        }
                    </li>
                }
            }) }
            </ul>
        </details>
    }
}

/// The buttons of a pasted fragment's quick fix. The "Effect" one is a separate choice: the fix never adds an
/// `Effect` the reader did not ask for.
fn fragment_fix(id: u32, message: &str, on_fix: &Callback<(u32, bool)>) -> Html {
    // The core's message says when a statement has no `Effect` (policy::parse, `E0229`).
    let without_effect = message.contains("without an `Effect`");
    html! {
        <p class="quick-fix">
            <button type="button" class="small primary fix-wrap" onclick={on_fix.reform(move |_| (id, false))}>
                { "Wrap in a policy document" }
            </button>
            if without_effect {
                <button type="button" class="small fix-wrap-allow" onclick={on_fix.reform(move |_| (id, true))}>
                    { "Wrap and add \"Effect\": \"Allow\"" }
                </button>
            }
        </p>
    }
}
