//! Condition evaluation: every operator, the `ForAllValues`/`ForAnyValue` qualifiers, `...IfExists`, the
//! missing-key rules, and policy variables (`variables`).
//!
//! CONTRACT (used by `eval`):
//! - `evaluate_clause(clause, context, version) -> ClauseOutcome`
//! - `variables::substitute(text, context) -> Substituted` for `Resource` patterns and String/Arn values.

pub mod variables;

use crate::context::RequestContext;
use crate::policy::model::{ConditionClause, PolicyVersion};
use serde::Serialize;

/// Which missing-key rule decided a clause whose key is absent from the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MissingKeyRule {
    /// Absent key: a positive operator is false.
    AbsentIsFalse,
    /// Absent key: a negated operator is true.
    NegatedAbsentIsTrue,
    /// `...IfExists` with an absent key is true.
    IfExistsAbsentIsTrue,
    /// `ForAllValues:` with an absent (or empty) key is true.
    ForAllValuesAbsentIsTrue,
    /// `ForAnyValue:` with an absent key is false.
    ForAnyValueAbsentIsFalse,
    /// `Null` checks presence itself.
    NullOperator,
}

/// The result of one operator/key pair, with the facts an explanation shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClauseOutcome {
    pub matched: bool,
    /// The request's values for the key (empty when absent).
    pub request_values: Vec<String>,
    pub key_present: bool,
    /// The policy's values after variable substitution (`None` for a value whose variable did not resolve).
    pub policy_values: Vec<Option<String>>,
    /// Set when the key was absent and a missing-key rule decided the outcome.
    pub missing_key_rule: Option<MissingKeyRule>,
    /// A value that cannot be read for this operator (e.g. a bad date), which makes that value not match.
    pub problems: Vec<String>,
}

/// Evaluates one operator/key pair against the request context.
pub fn evaluate_clause(
    clause: &ConditionClause,
    context: &RequestContext,
    version: PolicyVersion,
) -> ClauseOutcome {
    let _ = (clause, context, version);
    ClauseOutcome {
        matched: false,
        request_values: Vec::new(),
        key_present: false,
        policy_values: Vec::new(),
        missing_key_rule: None,
        problems: Vec::new(),
    }
}
