//! Answers that depend on context keys a question leaves open: which keys are open, and how one request's
//! decision changes across their classes (`classes`), so who-can and what-can can say "allowed if
//! `aws:SourceIp` is in 203.0.113.0/24" instead of silently assuming the key is missing.

use super::classes::{key_classes, Combinations, KeyClasses};
use crate::context::RequestContext;
use crate::eval::{evaluate_with, AuthorizationRequest, EvaluationOptions, NamedPolicy};
use crate::explain::{Decision, StatementRef};
use crate::policy::model::{ConditionClause, ConditionOperator, Effect, Policy};
use serde::Serialize;

/// Keys AWS fills from the caller and the resource: never open (eval/defaults.rs).
const FILLED_KEYS: [&str; 8] = [
    "aws:PrincipalArn",
    "aws:PrincipalAccount",
    "aws:PrincipalType",
    "aws:userid",
    "aws:username",
    "aws:PrincipalIsAWSService",
    "aws:PrincipalServiceName",
    "aws:ResourceAccount",
];

/// Whether `key` is one the question leaves open: not given in `context` and not filled by AWS.
pub fn is_open_key(key: &str, context: &RequestContext) -> bool {
    let lower = key.to_ascii_lowercase();
    let filled = FILLED_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        || lower.starts_with("aws:principaltag/")
        || lower.starts_with("aws:resourcetag/");
    !filled && context.get(key).is_none()
}

/// Every clause of the policies a request applies that reads an open key.
pub fn open_clauses<'p>(request: &AuthorizationRequest<'p>) -> Vec<&'p ConditionClause> {
    let policies = &request.policies;
    let mut all: Vec<&'p Policy> = Vec::new();
    all.extend(policies.identity.iter().map(|named| named.policy));
    all.extend(policies.session.iter().map(|named| named.policy));
    all.extend(
        policies
            .permissions_boundary
            .iter()
            .map(|named| named.policy),
    );
    all.extend(
        policies
            .resource
            .iter()
            .map(|resource| resource.policy.policy),
    );
    for level in policies.scps.levels.iter().chain(&policies.rcps.levels) {
        all.extend(level.iter().map(|named| named.policy));
    }
    all.into_iter()
        .flat_map(|policy| &policy.statements)
        .flat_map(|statement| &statement.conditions)
        .filter(|clause| is_open_key(&clause.key.value, &request.context))
        .collect()
}

/// A condition an answer rests on: a clause of a decisive statement that reads an open key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerCondition {
    /// `Allow`: must hold for the request to be allowed; `Deny`: must not hold.
    pub effect: Effect,
    pub operator: ConditionOperator,
    pub key: String,
    pub values: Vec<String>,
    pub policy_id: String,
    pub statement_index: usize,
}

/// How a request fares across the classes of its open keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Variation<'p> {
    /// The decision with every open key missing.
    pub baseline: Decision,
    pub baseline_decisive: Vec<StatementRef<'p>>,
    /// Some class combination is allowed.
    pub can_allow: bool,
    /// The decision differs between classes.
    pub varies: bool,
    /// The first allowed context, when `varies`.
    pub allowed_context: Option<RequestContext>,
    /// Open-key clauses of the statements that decided an allowed and a denied class.
    pub conditions: Vec<AnswerCondition>,
}

/// Evaluates `request` with every open key missing, then, if its policies read open keys, across their classes
/// (at most `cap` combinations). The request's context is restored before returning.
pub fn vary<'p>(request: &mut AuthorizationRequest<'p>, cap: usize) -> Variation<'p> {
    let options = EvaluationOptions {
        explain_statements: false,
    };
    let baseline = evaluate_with(request, options);
    let clauses = open_clauses(request);
    let mut variation = Variation {
        baseline: baseline.decision,
        baseline_decisive: baseline.explanation.decisive,
        can_allow: baseline.decision == Decision::Allow,
        varies: false,
        allowed_context: None,
        conditions: Vec::new(),
    };
    if clauses.is_empty() {
        return variation;
    }
    let classes: Vec<KeyClasses> = key_classes(clauses, super::access::ANY_ACCOUNT);
    let sizes: Vec<usize> = classes.iter().map(|class| class.values.len()).collect();
    let given = request.context.clone();
    let mut walk = Combinations::new(sizes, cap);
    let mut allowed_decisive: Option<Vec<StatementRef<'p>>> = None;
    let mut denied_decisive: Option<Vec<StatementRef<'p>>> = None;
    if baseline.decision == Decision::Allow {
        allowed_decisive = Some(variation.baseline_decisive.clone());
    } else if baseline.decision == Decision::ExplicitDeny {
        denied_decisive = Some(variation.baseline_decisive.clone());
    }
    while let Some(chosen) = walk.next_combination() {
        let mut context = given.clone();
        for (class, index) in classes.iter().zip(chosen) {
            if let Some(Some(value)) = class.values.get(*index) {
                context.insert(&class.key, value.clone());
            }
        }
        std::mem::swap(&mut request.context, &mut context);
        let evaluation = evaluate_with(request, options);
        std::mem::swap(&mut request.context, &mut context);
        if evaluation.decision != variation.baseline {
            variation.varies = true;
        }
        match evaluation.decision {
            Decision::Allow => {
                variation.can_allow = true;
                if variation.allowed_context.is_none() && baseline.decision != Decision::Allow {
                    variation.allowed_context = Some(context);
                }
                allowed_decisive.get_or_insert(evaluation.explanation.decisive);
            }
            Decision::ExplicitDeny => {
                denied_decisive.get_or_insert(evaluation.explanation.decisive);
            }
            Decision::ImplicitDeny => {}
        }
    }
    if variation.varies {
        let decisive = allowed_decisive
            .iter()
            .chain(&denied_decisive)
            .flatten()
            .collect::<Vec<_>>();
        variation.conditions = conditions_of(request, &decisive);
    }
    variation
}

/// The open-key clauses of the given statements.
fn conditions_of(
    request: &AuthorizationRequest<'_>,
    decisive: &[&StatementRef<'_>],
) -> Vec<AnswerCondition> {
    let policies = &request.policies;
    let mut named: Vec<&NamedPolicy<'_>> = Vec::new();
    named.extend(&policies.identity);
    named.extend(&policies.session);
    named.extend(&policies.permissions_boundary);
    named.extend(policies.resource.iter().map(|resource| &resource.policy));
    for level in policies.scps.levels.iter().chain(&policies.rcps.levels) {
        named.extend(level);
    }
    let mut conditions = Vec::new();
    for reference in decisive {
        let Some(policy) = named.iter().find(|p| p.id == reference.policy_id) else {
            continue;
        };
        // Analyses may evaluate a copy holding only some statements: find it by its index, not its position.
        let found = policy
            .policy
            .statements
            .iter()
            .find(|s| s.index == reference.statement_index);
        let Some(statement) = found else {
            continue;
        };
        for clause in &statement.conditions {
            if !is_open_key(&clause.key.value, &request.context) {
                continue;
            }
            let condition = AnswerCondition {
                effect: statement.effect.value,
                operator: clause.operator.value,
                key: clause.key.value.clone(),
                values: clause.values.iter().map(|v| v.value.clone()).collect(),
                policy_id: reference.policy_id.to_string(),
                statement_index: reference.statement_index,
            };
            if !conditions.contains(&condition) {
                conditions.push(condition);
            }
        }
    }
    conditions
}
