//! Deciding lesson steps: the expected decisions of requests and cells, "without widening anything else",
//! and the validation `iamplay check` runs over a whole lesson.

use super::{apply_edits, codes, Check, Expected, Lesson, RequestRef, Target};
use crate::context::RequestContext;
use crate::diagnostic::{Diagnostic, Span, Spanned};
use crate::explain::Decision;
use crate::matrix::compute_matrix;
use crate::scenario::{check_request, load_scenario, CheckOptions, Request, Scenario};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The outcome of one expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectationResult {
    /// The request's name, or `principal action resource`.
    pub label: String,
    pub expected: Expected,
    /// `None` when the request named does not exist in the scenario (any more).
    pub actual: Option<Decision>,
    pub ok: bool,
}

/// A request or cell that became `Allow` although the check did not ask for it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Widening {
    pub principal: String,
    pub action: String,
    pub resource: String,
}

/// Whether a step is done, and why not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepCheck {
    pub done: bool,
    pub expectations: Vec<ExpectationResult>,
    /// Only for `withoutWidening` checks.
    pub widened: Vec<Widening>,
}

/// Who asks for what: the identity of a request or cell across two versions of a scenario.
type Question = (String, Vec<String>, String, String);

/// The questions a request answers when it passes: itself, and for a role chain every hop (who assumes which
/// role) and the last role's own cell, so a check on a chain does not count its own hops as widening.
fn questions(request: &Request) -> Vec<Question> {
    let mut all = vec![question(request)];
    let mut caller = request.principal.value.clone();
    for role in request.assume.iter().map(|hop| &hop.role) {
        all.push((
            caller.clone(),
            Vec::new(),
            "sts:AssumeRole".to_string(),
            role.value.clone(),
        ));
        caller = role.value.clone();
    }
    if !request.assume.is_empty() {
        all.push((
            caller,
            Vec::new(),
            request.action.value.clone(),
            request.resource.value.clone(),
        ));
    }
    all
}

fn question(request: &Request) -> Question {
    (
        request.principal.value.clone(),
        request
            .assume
            .iter()
            .map(|hop| hop.role.value.clone())
            .collect(),
        request.action.value.clone(),
        request.resource.value.clone(),
    )
}

fn spanned(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), Span::default())
}

/// An ad-hoc request for a cell expectation.
fn cell_request(principal: &str, assume: &[String], action: &str, resource: &str) -> Request {
    Request {
        index: usize::MAX,
        name: None,
        principal: spanned(principal),
        assume: assume
            .iter()
            .map(|role| crate::scenario::AssumeHop::role(spanned(role)))
            .collect(),
        action: spanned(action),
        resource: spanned(resource),
        context: RequestContext::default(),
        session_policy: None,
        vpc_endpoint: None,
        expect: None,
        source: None,
        expect_facts: None,
        span: Span::default(),
    }
}

fn find_request<'s>(scenario: &'s Scenario, reference: &RequestRef) -> Option<&'s Request> {
    match reference {
        RequestRef::Index(index) => scenario.requests.get(*index),
        RequestRef::Name(name) => scenario
            .requests
            .iter()
            .find(|request| request.name.as_ref().is_some_and(|n| &n.value == name)),
    }
}

/// Decides `check` on `scenario`. `baseline` is the scenario the step started from; without it a
/// `withoutWidening` check only checks its expectations.
pub fn check_step(scenario: &Scenario, baseline: Option<&Scenario>, check: &Check) -> StepCheck {
    let options = CheckOptions::default();
    let mut targets: BTreeSet<Question> = BTreeSet::new();
    let expectations: Vec<ExpectationResult> = check
        .expect
        .iter()
        .map(|expectation| {
            let expected = expectation.decision.value;
            let (label, actual) = match &expectation.target {
                Target::Request(reference) => match find_request(scenario, &reference.value) {
                    Some(request) => {
                        targets.extend(questions(request));
                        let label = request.name.as_ref().map_or_else(
                            || {
                                format!(
                                    "{} {} {}",
                                    request.principal.value,
                                    request.action.value,
                                    request.resource.value
                                )
                            },
                            |name| name.value.clone(),
                        );
                        (
                            label,
                            Some(check_request(scenario, request, &options).decision),
                        )
                    }
                    None => (
                        match &reference.value {
                            RequestRef::Name(name) => name.clone(),
                            RequestRef::Index(index) => format!("request {index}"),
                        },
                        None,
                    ),
                },
                Target::Cell {
                    principal,
                    assume,
                    action,
                    resource,
                } => {
                    let assume: Vec<String> = assume.iter().map(|r| r.value.clone()).collect();
                    let request =
                        cell_request(&principal.value, &assume, &action.value, &resource.value);
                    targets.extend(questions(&request));
                    let label = format!("{} {} {}", principal.value, action.value, resource.value);
                    (
                        label,
                        Some(check_request(scenario, &request, &options).decision),
                    )
                }
            };
            ExpectationResult {
                label,
                expected,
                ok: actual.is_some_and(|decision| expected.accepts(decision)),
                actual,
            }
        })
        .collect();
    let widened = match (check.without_widening, baseline) {
        (true, Some(baseline)) => widenings(baseline, scenario, &targets),
        _ => Vec::new(),
    };
    StepCheck {
        done: expectations.iter().all(|result| result.ok) && widened.is_empty(),
        expectations,
        widened,
    }
}

/// Every matrix cell and request allowed in `current` but not in `baseline`, other than `targets`.
fn widenings(
    baseline: &Scenario,
    current: &Scenario,
    targets: &BTreeSet<Question>,
) -> Vec<Widening> {
    let allowed = |scenario: &Scenario| -> HashMap<Question, bool> {
        let mut answers = HashMap::new();
        let matrix = compute_matrix(scenario);
        for (row, cells) in matrix.rows.iter().zip(&matrix.cells) {
            for (column, cell) in matrix.columns.iter().zip(cells) {
                let key = (
                    row.key.clone(),
                    Vec::new(),
                    column.action.to_string(),
                    column.resource.to_string(),
                );
                *answers.entry(key).or_insert(false) |= cell.decision == Decision::Allow;
            }
        }
        let options = CheckOptions::default();
        for request in &scenario.requests {
            let decision = check_request(scenario, request, &options).decision;
            *answers.entry(question(request)).or_insert(false) |= decision == Decision::Allow;
        }
        answers
    };
    let before = allowed(baseline);
    let after = allowed(current);
    let mut widened: Vec<Widening> = after
        .into_iter()
        .filter(|(key, allow)| {
            *allow && !before.get(key).copied().unwrap_or(false) && !targets.contains(key)
        })
        .map(|((principal, _, action, resource), _)| Widening {
            principal,
            action,
            resource,
        })
        .collect();
    widened.sort();
    widened.dedup();
    widened
}

/// The scenario text each step starts from, then the text after the last step: the lesson's scenario with
/// the model edits of the steps before applied.
pub fn lesson_states(scenario_text: &str, lesson: &Lesson) -> Result<Vec<String>, Box<Diagnostic>> {
    let mut states = vec![scenario_text.to_string()];
    let mut current = scenario_text.to_string();
    for step in &lesson.steps {
        current = apply_edits(&current, &step.show)?;
        states.push(current.clone());
    }
    Ok(states)
}

fn load(text: &str, span: Span, when: &str) -> Result<Scenario, Box<Diagnostic>> {
    let loaded = load_scenario(text);
    loaded.scenario.ok_or_else(|| {
        let first = loaded.diagnostics.into_iter().next();
        Box::new(
            Diagnostic::error(
                codes::E0709_INVALID_SCENARIO,
                format!("the scenario does not load {when}"),
                Some(span),
            )
            .with_help(first.map_or_else(String::new, |d| format!("{}: {}", d.code, d.message))),
        )
    })
}

/// Checks a whole lesson against its scenario's text: every step with a check fails before its model edit and
/// passes after it; every request a check names exists. Empty when the lesson is sound.
pub fn validate_lesson(lesson: &Lesson, scenario_text: &str) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let states = match lesson_states(scenario_text, lesson) {
        Ok(states) => states,
        Err(diagnostic) => return vec![*diagnostic],
    };
    for (step, pair) in lesson.steps.iter().zip(states.windows(2)) {
        let [before_text, after_text] = pair else {
            continue;
        };
        let Some(check) = &step.check else {
            continue;
        };
        if step.show.is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    codes::E0710_CHECK_WITHOUT_EDIT,
                    format!("step {} has a check but no model edit (`show`)", step.index),
                    Some(check.span),
                )
                .with_help("add the edit that solves the step, so \"show me\" can help and CI can prove the step solvable"),
            );
            continue;
        }
        let before = match load(
            before_text,
            step.span,
            &format!("before step {}", step.index),
        ) {
            Ok(scenario) => scenario,
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                break;
            }
        };
        let after_span = step.show.first().map_or(step.span, |edit| edit.span);
        let after = match load(
            after_text,
            after_span,
            &format!("after step {}'s edit", step.index),
        ) {
            Ok(scenario) => scenario,
            Err(diagnostic) => {
                diagnostics.push(*diagnostic);
                break;
            }
        };
        for expectation in &check.expect {
            if let Target::Request(reference) = &expectation.target {
                if find_request(&before, &reference.value).is_none() {
                    diagnostics.push(
                        Diagnostic::error(
                            codes::E0706_UNKNOWN_REQUEST,
                            "the scenario has no such request".to_string(),
                            Some(reference.span),
                        )
                        .with_help("name a request by its exact `name` or its 0-based index"),
                    );
                }
            }
        }
        if check_step(&before, Some(&before), check).done {
            diagnostics.push(
                Diagnostic::error(
                    codes::E0707_PASSES_BEFORE_EDIT,
                    format!(
                        "step {}'s check already passes before its model edit",
                        step.index
                    ),
                    Some(check.span),
                )
                .with_help("expect a decision the starting scenario does not give yet"),
            );
        }
        let outcome = check_step(&after, Some(&before), check);
        if !outcome.done {
            let mut reasons: Vec<String> = outcome
                .expectations
                .iter()
                .filter(|result| !result.ok)
                .map(|result| {
                    format!(
                        "`{}` gets {}, not {}",
                        result.label,
                        result
                            .actual
                            .map_or("nothing (no such request)", decision_name),
                        result.expected.name()
                    )
                })
                .collect();
            reasons.extend(outcome.widened.iter().map(|widening| {
                format!(
                    "`{} {} {}` became Allow (the check says without widening)",
                    widening.principal, widening.action, widening.resource
                )
            }));
            diagnostics.push(
                Diagnostic::error(
                    codes::E0708_FAILS_AFTER_EDIT,
                    format!("step {}'s check fails after its model edit", step.index),
                    Some(check.span),
                )
                .with_help(reasons.join("; ")),
            );
        }
    }
    diagnostics
}

fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}
