//! Condition evaluation: every operator, the `ForAllValues`/`ForAnyValue` qualifiers, `...IfExists`, the
//! missing-key rules, and policy variables (`variables`).
//!
//! CONTRACT (used by `eval`):
//! - `evaluate_clause(clause, context, version) -> ClauseOutcome` (with every fact an explanation shows), and
//!   `clause_matches(clause, context, version) -> bool`, the same decision without the explanation.
//! - `variables::substitute(text, context) -> Substituted` for plain strings and
//!   `variables::substitute_pattern(text, context) -> Result<Pattern, Unresolved>` for `Resource` patterns.
//! - `validate_clause(clause, version) -> Vec<Diagnostic>` for values that can never match (codes `E03xx`).
//!
//! One clause is one operator/key pair; the evaluator ANDs the clauses of a statement ("If your policy has
//! multiple condition operators or multiple keys attached to a single condition operator, the conditions are
//! evaluated using a logical AND", reference_policies_multi-value-conditions.md, "Evaluation logic for
//! conditions with multiple keys or values").
//!
//! How one clause is decided:
//! 1. The policy values are read for the operator (after variable substitution for String/Arn operators under
//!    Version 2012-10-17). A value that cannot be read (unresolved variable, bad date, bad CIDR) matches nothing.
//! 2. Each request value is compared with the policy values: it matches when it matches ANY of them ("If a
//!    single condition operator includes multiple values for one key, that condition operator is evaluated
//!    using a logical OR", same page and section). A negated operator holds for a request value when it matches
//!    NONE of them ("the string cannot match any of the ... values listed", same section, the Note).
//! 3. The request values are combined: `ForAllValues:` needs every request value to hold, `ForAnyValue:` at least
//!    one (reference_policies_multi-value-conditions.md, "Using multiple keys and values"). Without a qualifier
//!    a positive operator holds when any request value matches and a negated one when no request value matches:
//!    the docs only say multivalued keys "require" a set operator
//!    (reference_policies_single-vs-multi-valued-condition-keys.md), so a multivalued request value without one
//!    is read as the set of its values, and a negated operator stays the exact negation of its positive form.
//! 4. An absent key (or an empty value set) is decided by a `MissingKeyRule` instead.

pub mod operators;
pub mod values;
pub mod variables;

use crate::context::RequestContext;
use crate::diagnostic::{Diagnostic, Severity};
use crate::policy::model::{BaseOperator, ConditionClause, PolicyVersion, SetQualifier};
use operators::{Family, Operand, PreparedValue};
use serde::Serialize;

/// Stable diagnostic codes of the condition module (`E03xx`).
pub mod codes {
    /// A policy value can never be read for its operator (bad number, date, boolean, base64, IP or ARN).
    pub const UNREADABLE_VALUE: &str = "E0301";
    /// A policy variable in an operator that does not substitute variables: it is compared as literal text.
    pub const VARIABLE_NOT_SUBSTITUTED: &str = "E0302";
    /// A policy variable under a `Version` other than 2012-10-17: it is compared as literal text.
    pub const VARIABLE_NEEDS_VERSION: &str = "E0303";
    /// An ARN operator value without the six `:`-separated ARN parts.
    pub const ARN_TOO_FEW_PARTS: &str = "E0304";
    /// `Null` with `...IfExists` or a set qualifier, which change nothing for `Null`.
    pub const NULL_MODIFIER_IGNORED: &str = "E0305";
}

const OPERATORS_URL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";
const VARIABLES_URL: &str =
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html";

/// Which missing-key rule decided a clause whose key is absent from the request (or has no values).
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
    /// `ForAnyValue:` with an absent (or empty) key is false.
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
    /// Set when the key was absent (or had no values) and a missing-key rule decided the outcome; always
    /// `NullOperator` for `Null`.
    pub missing_key_rule: Option<MissingKeyRule>,
    /// A value that cannot be read for this operator (e.g. a bad date), which makes that value not match.
    pub problems: Vec<String>,
    /// Parallel to `request_values`: whether each request value satisfied the operator (for a negated operator:
    /// matched none of the policy values). Empty when a missing-key rule decided.
    pub request_value_results: Vec<bool>,
}

/// Evaluates one operator/key pair against the request context.
pub fn evaluate_clause(
    clause: &ConditionClause,
    context: &RequestContext,
    version: PolicyVersion,
) -> ClauseOutcome {
    let mut problems = Vec::new();
    let mut results = Vec::new();
    let decision = decide(
        clause,
        context,
        version,
        Some((&mut problems, &mut results)),
    );
    let request_values = context
        .get(&clause.key.value)
        .map(|value| value.values().to_vec())
        .unwrap_or_default();
    ClauseOutcome {
        matched: decision.matched,
        request_values,
        key_present: decision.key_present,
        policy_values: decision
            .policy_values
            .into_iter()
            .map(|value| value.shown.map(|shown| shown.into_owned()))
            .collect(),
        missing_key_rule: decision.missing_key_rule,
        problems,
        request_value_results: results,
    }
}

/// Whether one operator/key pair holds: `evaluate_clause(..).matched` without building the explanation.
pub fn clause_matches(
    clause: &ConditionClause,
    context: &RequestContext,
    version: PolicyVersion,
) -> bool {
    decide(clause, context, version, None).matched
}

struct Decision<'a> {
    matched: bool,
    key_present: bool,
    policy_values: Vec<PreparedValue<'a>>,
    missing_key_rule: Option<MissingKeyRule>,
}

/// Where problems and per-value results go when an explanation is wanted.
type Trace<'t> = Option<(&'t mut Vec<String>, &'t mut Vec<bool>)>;

fn decide<'a>(
    clause: &'a ConditionClause,
    context: &RequestContext,
    version: PolicyVersion,
    mut trace: Trace<'_>,
) -> Decision<'a> {
    let operator = clause.operator.value;
    let base = operator.base;
    // reference_policies_variables.md, "Specifying the policy version" and "Condition element": variables only
    // under 2012-10-17 and only with String and ARN operators. (The operators page says Bool takes variables too;
    // the variables page lists Boolean among the operators that do not. We follow the variables page.)
    let substitute = version.substitutes_variables() && base.allows_variables();
    let policy_values: Vec<PreparedValue<'a>> = clause
        .values
        .iter()
        .map(|value| operators::prepare(base, &value.value, substitute, context))
        .collect();
    if let Some((problems, _)) = trace.as_mut() {
        problems.extend(
            policy_values
                .iter()
                .filter_map(|value| value.problem.clone()),
        );
    }

    let context_value = context.get(&clause.key.value);
    let key_present = context_value.is_some();
    let request_values: &[String] = context_value.map(|value| value.values()).unwrap_or(&[]);

    if base == BaseOperator::Null {
        if let Some((problems, _)) = trace.as_mut() {
            if operator.if_exists || operator.qualifier.is_some() {
                problems.push("`Null` checks whether the key exists; `IfExists` and set qualifiers change nothing".into());
            }
        }
        // reference_policies_elements_condition_operators.md, "Condition operator to check existence of condition
        // keys": `true` means the key does not exist (it is null), `false` that it exists and is not null. An
        // empty string in the request is null too (reference_policies_elements_condition.md, "The request
        // context", **Null**).
        let is_null = is_null_set(request_values);
        let matched = policy_values.iter().any(
            |value| matches!(value.operand, Some(Operand::Bool(expected)) if expected == is_null),
        );
        return Decision {
            matched,
            key_present,
            policy_values,
            missing_key_rule: Some(MissingKeyRule::NullOperator),
        };
    }

    // ForAllValues is true "if there are no keys in the request, or if the key values resolve to a null data
    // set, such as an empty string"; ForAnyValue is false "for no matching key or a null dataset"
    // (reference_policies_multi-value-conditions.md, "Using multiple keys and values"). Without a qualifier only
    // an absent key or an empty value list counts as missing: an empty string is a value (`"s3:prefix": ""` in
    // reference_policies_elements_condition_operators.md, "String condition operators").
    let missing = if operator.qualifier.is_some() {
        is_null_set(request_values)
    } else {
        request_values.is_empty()
    };
    if missing {
        let (matched, rule) =
            missing_key_rule(operator.qualifier, operator.if_exists, base.is_negated());
        return Decision {
            matched,
            key_present,
            policy_values,
            missing_key_rule: Some(rule),
        };
    }

    let family = operators::family(base);
    let negated = base.is_negated();
    let mut holds_for_value = |value: &str| -> bool {
        let Some(request) = operators::read_request(family, value) else {
            if let Some((problems, _)) = trace.as_mut() {
                problems.push(format!(
                    "request value `{value}` is not {}, so it matches nothing",
                    family.expected()
                ));
            }
            if let Some((_, results)) = trace.as_mut() {
                results.push(false);
            }
            return false;
        };
        let any_match = policy_values
            .iter()
            .filter_map(|value| value.operand.as_ref())
            .any(|operand| operators::compare(base, &request, operand));
        let holds = any_match != negated;
        if let Some((_, results)) = trace.as_mut() {
            results.push(holds);
        }
        holds
    };
    let matched = match operator.qualifier {
        // Every request value must hold, so all are looked at for the explanation.
        Some(SetQualifier::ForAllValues) => all_evaluated(request_values, &mut holds_for_value),
        Some(SetQualifier::ForAnyValue) => any_evaluated(request_values, &mut holds_for_value),
        // No qualifier: a negated operator is the negation of its positive form over the whole value set,
        // so it must hold for every request value.
        None if negated => all_evaluated(request_values, &mut holds_for_value),
        None => any_evaluated(request_values, &mut holds_for_value),
    };
    Decision {
        matched,
        key_present,
        policy_values,
        missing_key_rule: None,
    }
}

/// Like `Iterator::all`, but looks at every value so each gets its per-value result.
fn all_evaluated(values: &[String], holds: &mut impl FnMut(&str) -> bool) -> bool {
    values.iter().fold(true, |all, value| holds(value) & all)
}

/// Like `Iterator::any`, but looks at every value so each gets its per-value result.
fn any_evaluated(values: &[String], holds: &mut impl FnMut(&str) -> bool) -> bool {
    values.iter().fold(false, |any, value| holds(value) | any)
}

/// No values, or only empty strings: a null data set.
fn is_null_set(values: &[String]) -> bool {
    values.iter().all(String::is_empty)
}

/// The outcome for an absent key (or a null value set), and the rule that gave it.
///
/// reference_policies_elements_condition_operators.md (the "Important" note at the top): an absent key does not
/// match, so the condition is false, and true for an operator that requires the key *not* to match
/// (`StringNotLike`, `ArnNotLike`, ...); `...IfExists`: "If the key is not present, evaluate the condition
/// element as true" (section "...IfExists condition operators", which allows `IfExists` on "any condition
/// operator name except the Null condition", qualified ones included).
/// reference_policies_multi-value-conditions.md, "Using multiple keys and values": `ForAllValues` "returns true
/// if there are no keys in the request"; `ForAnyValue` "For no matching key or a null dataset, the condition
/// returns false".
pub fn missing_key_rule(
    qualifier: Option<SetQualifier>,
    if_exists: bool,
    negated: bool,
) -> (bool, MissingKeyRule) {
    match (qualifier, if_exists, negated) {
        (Some(SetQualifier::ForAllValues), _, _) => {
            (true, MissingKeyRule::ForAllValuesAbsentIsTrue)
        }
        (_, true, _) => (true, MissingKeyRule::IfExistsAbsentIsTrue),
        (Some(SetQualifier::ForAnyValue), false, _) => {
            (false, MissingKeyRule::ForAnyValueAbsentIsFalse)
        }
        (None, false, true) => (true, MissingKeyRule::NegatedAbsentIsTrue),
        (None, false, false) => (false, MissingKeyRule::AbsentIsFalse),
    }
}

/// Diagnostics for a clause's values that can never match or are not read as the author may think: unreadable
/// values (`E0301`), variables left literal (`E0302`, `E0303`), short ARNs (`E0304`), `Null` modifiers (`E0305`).
pub fn validate_clause(clause: &ConditionClause, version: PolicyVersion) -> Vec<Diagnostic> {
    let operator = clause.operator.value;
    let base = operator.base;
    let family = operators::family(base);
    let empty = RequestContext::new();
    let mut diagnostics = Vec::new();
    if base == BaseOperator::Null && (operator.if_exists || operator.qualifier.is_some()) {
        diagnostics.push(
            Diagnostic::error(
                codes::NULL_MODIFIER_IGNORED,
                "`Null` checks whether the key exists; `IfExists` and set qualifiers change nothing",
                Some(clause.operator.span),
            )
            .with_severity(Severity::Warning)
            .with_help("use plain `Null` with `true` (key absent) or `false` (key present)")
            .with_url(OPERATORS_URL),
        );
    }
    for value in &clause.values {
        let text = value.value.as_str();
        let span = Some(value.span);
        if variables::has_variables(text) {
            if !base.allows_variables() {
                diagnostics.push(
                    Diagnostic::error(
                        codes::VARIABLE_NOT_SUBSTITUTED,
                        format!("policy variable in `{text}` is literal text for a `{base:?}` condition"),
                        span,
                    )
                    .with_severity(Severity::Warning)
                    .with_help("policy variables work only with String and Arn condition operators")
                    .with_url(VARIABLES_URL),
                );
                // A variable makes the value unreadable as well; one finding is enough.
                continue;
            }
            if !version.substitutes_variables() {
                diagnostics.push(
                    Diagnostic::error(
                        codes::VARIABLE_NEEDS_VERSION,
                        format!("policy variable in `{text}` is literal text without `\"Version\": \"2012-10-17\"`"),
                        span,
                    )
                    .with_severity(Severity::Warning)
                    .with_help("add `\"Version\": \"2012-10-17\"` to the policy so variables are replaced")
                    .with_url(VARIABLES_URL),
                );
            }
            // Values with variables are read after substitution; nothing more to check without a request.
            continue;
        }
        let prepared = operators::prepare(base, text, false, &empty);
        match prepared.operand {
            None => diagnostics.push(
                Diagnostic::error(
                    codes::UNREADABLE_VALUE,
                    format!("`{text}` is not {} and never matches", family.expected()),
                    span,
                )
                .with_help(help_for(family))
                .with_url(OPERATORS_URL),
            ),
            Some(Operand::Arn(parts)) if parts.len() < 6 => diagnostics.push(
                Diagnostic::error(
                    codes::ARN_TOO_FEW_PARTS,
                    format!("`{text}` has {} of the six `:`-separated ARN parts", parts.len()),
                    span,
                )
                .with_severity(Severity::Warning)
                .with_help("write the whole ARN, with `*` in the parts that may vary: `arn:aws:service:*:*:*`")
                .with_url(OPERATORS_URL),
            ),
            Some(_) => {}
        }
    }
    diagnostics
}

fn help_for(family: Family) -> &'static str {
    match family {
        Family::Numeric => "write a number such as `10` or `2.5`",
        Family::Date => {
            "write a date such as `2020-01-01T00:00:00Z` or epoch seconds such as `1577836800`"
        }
        Family::Bool | Family::Null => "write `true` or `false`",
        Family::Binary => "write the bytes base64-encoded, such as `QmluYXJ5VmFsdWVJbkJhc2U2NA==`",
        Family::Ip => {
            "write an address or CIDR range such as `203.0.113.0/24` or `2001:DB8:1234:5678::/64`"
        }
        Family::Arn => "write an ARN such as `arn:aws:sns:us-east-1:123456789012:topic`",
        Family::String | Family::StringIgnoreCase | Family::StringLike => "write a string",
    }
}

#[cfg(test)]
mod tests;
