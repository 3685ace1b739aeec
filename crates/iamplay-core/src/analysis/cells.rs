//! The cells analyses compare: every matrix cell (principal × action × resource × context) and every request of
//! a scenario, named by what they ask rather than by their position, so the same question can be asked of
//! two versions of a scenario (`diff`, `fixes`, `tighten`).
//!
//! A request without `assume` and without a session policy asks exactly what its matrix cell asks (the matrix
//! evaluates a role row as a request naming the role ARN would be, crate::matrix module doc), so the two share
//! one [`AccessCell`]. A request with an `assume` chain or a session policy is a cell of its own.

use crate::context::{ContextValue, RequestContext};
use crate::diagnostic::{Span, Spanned};
use crate::explain::Decision;
use crate::matrix::compute_matrix;
use crate::scenario::{check_request, CheckOptions, Request, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;

/// One question: who, through which roles, does what on what, with which context.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessCell {
    /// As a request's `principal` names it.
    pub principal: String,
    /// Roles assumed in order before acting (requests only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assume: Vec<String>,
    pub action: String,
    pub resource: String,
    /// Condition keys (as written) to their values.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, Vec<String>>,
    /// The request passes a session policy (requests only).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub session_policy: bool,
    /// The VPC endpoint the request goes through (requests only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint: Option<String>,
}

impl AccessCell {
    /// The cell a request asks about.
    pub fn of_request(request: &Request) -> Self {
        Self {
            principal: request.principal.value.clone(),
            assume: request
                .assume
                .iter()
                .map(|hop| hop.role.value.clone())
                .collect(),
            action: request.action.value.clone(),
            resource: request.resource.value.clone(),
            context: context_map(&request.context),
            session_policy: request.session_policy.is_some(),
            vpc_endpoint: request
                .vpc_endpoint
                .as_ref()
                .map(|endpoint| endpoint.value.clone()),
        }
    }

    /// A short label: `principal → role → action on resource`.
    pub fn label(&self) -> String {
        let mut label = self.principal.clone();
        for role in &self.assume {
            label.push_str(" → ");
            label.push_str(role);
        }
        format!("{label}: {} on {}", self.action, self.resource)
    }
}

fn context_map(context: &RequestContext) -> BTreeMap<String, Vec<String>> {
    context
        .iter()
        .map(|(key, value)| (key.to_string(), value.values().to_vec()))
        .collect()
}

/// A cell with the request that asks it (the scenario's own, or one built for a matrix cell).
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    pub cell: AccessCell,
    pub request: Request,
}

fn spanned(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), Span::default())
}

/// A request asking the matrix cell of `principal` on (`action`, `resource`, `context`).
pub fn matrix_request(
    principal: &str,
    action: &str,
    resource: &str,
    context: &RequestContext,
) -> Request {
    Request {
        index: 0,
        name: None,
        principal: spanned(principal),
        assume: Vec::new(),
        action: spanned(action),
        resource: spanned(resource),
        context: context.clone(),
        session_policy: None,
        vpc_endpoint: None,
        expect: None,
        source: None,
        expect_facts: None,
        span: Span::default(),
    }
}

/// Every cell of `scenario`: its matrix's rows × columns, then its requests; each cell once.
pub fn probes(scenario: &Scenario) -> Vec<Probe> {
    let matrix = compute_matrix(scenario);
    let mut seen = std::collections::HashSet::new();
    let mut probes = Vec::new();
    let empty = RequestContext::new();
    for row in &matrix.rows {
        for column in &matrix.columns {
            let request = matrix_request(
                &row.key,
                column.action,
                column.resource,
                column.context.unwrap_or(&empty),
            );
            let cell = AccessCell::of_request(&request);
            if seen.insert(cell.clone()) {
                probes.push(Probe { cell, request });
            }
        }
    }
    for request in &scenario.requests {
        let cell = AccessCell::of_request(request);
        if seen.insert(cell.clone()) {
            probes.push(Probe {
                cell,
                request: request.clone(),
            });
        }
    }
    probes
}

/// The decision of `request` in `scenario` (its `assume` chain, then the action).
pub fn decide(scenario: &Scenario, request: &Request) -> Decision {
    check_request(scenario, request, &CheckOptions::default()).decision
}

/// The decisions of every probe in `scenario`, keyed by cell.
pub fn decisions(scenario: &Scenario, probes: &[Probe]) -> BTreeMap<AccessCell, Decision> {
    probes
        .iter()
        .map(|probe| (probe.cell.clone(), decide(scenario, &probe.request)))
        .collect()
}

/// A context with one more key, for tests and suggestions.
pub fn with_context(context: &RequestContext, key: &str, values: &[String]) -> RequestContext {
    let mut context = context.clone();
    let value = match values {
        [one] => ContextValue::Single(one.clone()),
        many => ContextValue::Multi(many.to_vec()),
    };
    context.insert(key, value);
    context
}
