//! Test-only: builds a `Policy` from JSON (serde_json) while the spanned parser is being written. Spans are
//! zero; only what the evaluator reads is filled.
// TODO(eval): switch to `policy::parse_policy` once the parser lands, so tests also cover the real grammar.

use crate::diagnostic::{Span, Spanned};
use crate::policy::model::*;
use serde_json::Value;

fn spanned(text: &str) -> Spanned<String> {
    Spanned::new(text.to_string(), Span::default())
}

fn strings(value: &Value) -> Vec<Spanned<String>> {
    match value {
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::String(text) => vec![spanned(text)],
        Value::Bool(flag) => vec![spanned(&flag.to_string())],
        Value::Number(number) => vec![spanned(&number.to_string())],
        _ => Vec::new(),
    }
}

fn base_operator(name: &str) -> BaseOperator {
    use BaseOperator::*;
    let all = [
        ("StringEquals", StringEquals),
        ("StringNotEquals", StringNotEquals),
        ("StringEqualsIgnoreCase", StringEqualsIgnoreCase),
        ("StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase),
        ("StringLike", StringLike),
        ("StringNotLike", StringNotLike),
        ("NumericEquals", NumericEquals),
        ("NumericLessThan", NumericLessThan),
        ("NumericGreaterThan", NumericGreaterThan),
        ("DateGreaterThan", DateGreaterThan),
        ("DateLessThan", DateLessThan),
        ("Bool", Bool),
        ("IpAddress", IpAddress),
        ("NotIpAddress", NotIpAddress),
        ("ArnEquals", ArnEquals),
        ("ArnLike", ArnLike),
        ("ArnNotEquals", ArnNotEquals),
        ("ArnNotLike", ArnNotLike),
        ("Null", Null),
    ];
    all.iter()
        .find(|(written, _)| *written == name)
        .map(|(_, base)| *base)
        .unwrap_or_else(|| panic!("test builder does not know `{name}`"))
}

fn operator(name: &str) -> ConditionOperator {
    let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    ConditionOperator {
        qualifier,
        base: base_operator(base),
        if_exists,
    }
}

fn principals(value: &Value) -> PrincipalSet {
    match value {
        Value::String(star) if star == "*" => PrincipalSet::Wildcard,
        Value::Object(map) => PrincipalSet::Entries(
            map.iter()
                .flat_map(|(kind, values)| {
                    let principal_type = match kind.as_str() {
                        "AWS" => PrincipalType::Aws,
                        "Service" => PrincipalType::Service,
                        "Federated" => PrincipalType::Federated,
                        "CanonicalUser" => PrincipalType::CanonicalUser,
                        other => panic!("principal type {other}"),
                    };
                    strings(values)
                        .into_iter()
                        .map(move |value| PrincipalEntry {
                            principal_type,
                            value,
                        })
                })
                .collect(),
        ),
        other => panic!("principal {other}"),
    }
}

fn statement(index: usize, value: &Value) -> Statement {
    let effect = match value["Effect"].as_str() {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        other => panic!("effect {other:?}"),
    };
    let action = [("Action", false), ("NotAction", true)]
        .iter()
        .find(|(key, _)| value.get(key).is_some())
        .map(|(key, negated)| ActionBlock {
            negated: *negated,
            patterns: strings(&value[key]),
            span: Span::default(),
        });
    let resource = [("Resource", false), ("NotResource", true)]
        .iter()
        .find(|(key, _)| value.get(key).is_some())
        .map(|(key, negated)| ResourceBlock {
            negated: *negated,
            patterns: strings(&value[key]),
            span: Span::default(),
        });
    let principal = [("Principal", false), ("NotPrincipal", true)]
        .iter()
        .find(|(key, _)| value.get(key).is_some())
        .map(|(key, negated)| PrincipalBlock {
            negated: *negated,
            principals: principals(&value[key]),
            span: Span::default(),
        });
    let mut conditions = Vec::new();
    if let Some(Value::Object(block)) = value.get("Condition") {
        for (name, keys) in block {
            let Value::Object(keys) = keys else {
                panic!("condition {name}")
            };
            for (key, values) in keys {
                conditions.push(ConditionClause {
                    operator: Spanned::new(operator(name), Span::default()),
                    key: spanned(key),
                    values: strings(values),
                });
            }
        }
    }
    Statement {
        index,
        sid: value["Sid"].as_str().map(spanned),
        effect: Spanned::new(effect, Span::default()),
        action,
        resource,
        principal,
        conditions,
        span: Span::default(),
    }
}

/// A policy of `kind` from its JSON document.
pub(crate) fn policy(kind: PolicyKind, document: Value) -> Policy {
    let version = match document["Version"].as_str() {
        Some("2012-10-17") => PolicyVersion::V2012_10_17,
        Some("2008-10-17") => PolicyVersion::V2008_10_17,
        _ => PolicyVersion::Missing,
    };
    let statements = match &document["Statement"] {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, s)| statement(i, s))
            .collect(),
        single @ Value::Object(_) => vec![statement(0, single)],
        other => panic!("statement {other}"),
    };
    Policy {
        kind,
        version,
        id: None,
        statements,
        span: Span::default(),
    }
}
