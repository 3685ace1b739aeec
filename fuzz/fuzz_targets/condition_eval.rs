//! Condition evaluation: one operator/key clause (any operator, qualifier and `IfExists`, under every policy
//! version) against a request context. Values come from a dictionary of interesting forms (numbers, dates, IPs,
//! ARNs, variables, wildcards) or are raw fuzz strings. Checks, besides never panicking:
//! - the explained and the fast path agree (`evaluate_clause(..).matched == clause_matches(..)`);
//! - an absent key is decided by `missing_key_rule`;
//! - without a qualifier or `IfExists`, a negated operator is the exact negation of its positive form whenever
//!   every request value is readable for the operator;
//! - `validate_clause` never panics.
#![no_main]

use arbitrary::Arbitrary;
use iamplay_core::condition::operators::{family, positive_form, read_request};
use iamplay_core::condition::{clause_matches, evaluate_clause, missing_key_rule, validate_clause};
use iamplay_core::context::{ContextValue, RequestContext};
use iamplay_core::diagnostic::{Span, Spanned};
use iamplay_core::policy::model::{
    BaseOperator, ConditionClause, ConditionOperator, PolicyVersion, SetQualifier,
};
use libfuzzer_sys::fuzz_target;

const KEYS: [&str; 10] = [
    "aws:username",
    "aws:SourceIp",
    "aws:CurrentTime",
    "aws:TagKeys",
    "s3:prefix",
    "aws:SecureTransport",
    "aws:PrincipalArn",
    "aws:PrincipalTag/team",
    "kms:EncryptionContext:x",
    "aws:MultiFactorAuthAge",
];

const VALUES: [&str; 28] = [
    "",
    "*",
    "?",
    "a*",
    "john",
    "JOHN",
    "${aws:username}",
    "${*}",
    "${?}",
    "${$}",
    "${aws:PrincipalTag/team, 'none'}",
    "home/${aws:username}/*",
    "10",
    "-1.5",
    "1e3",
    "2020-01-01T00:00:00Z",
    "2020-01-01",
    "1577836800",
    "true",
    "false",
    "dGVzdA==",
    "10.0.0.0/8",
    "2001:db8::/32",
    "203.0.113.9",
    "arn:aws:iam::123456789012:user/*",
    "arn:aws:iam::123456789012:user/john",
    "arn:aws:s3:::b/*",
    "arn:*:iam::*:role/?",
];

#[derive(Debug, Arbitrary)]
enum Text {
    Known(u8),
    Raw(String),
}

impl Text {
    fn get(&self) -> String {
        match self {
            Text::Known(index) => VALUES[usize::from(*index) % VALUES.len()].to_string(),
            Text::Raw(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Key {
    Known(u8),
    Raw(String),
}

impl Key {
    fn get(&self) -> String {
        match self {
            Key::Known(index) => KEYS[usize::from(*index) % KEYS.len()].to_string(),
            Key::Raw(text) => text.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
struct Input {
    operator: u8,
    qualifier: u8,
    if_exists: bool,
    version: u8,
    key: Key,
    values: Vec<Text>,
    context: Vec<(Key, bool, Vec<Text>)>,
}

fn clause(
    base: BaseOperator,
    qualifier: Option<SetQualifier>,
    if_exists: bool,
    key: &str,
    values: &[String],
) -> ConditionClause {
    ConditionClause {
        operator: Spanned::new(
            ConditionOperator {
                qualifier,
                base,
                if_exists,
            },
            Span::default(),
        ),
        key: Spanned::new(key.to_string(), Span::default()),
        values: values
            .iter()
            .map(|v| Spanned::new(v.clone(), Span::default()))
            .collect(),
    }
}

fuzz_target!(|input: Input| {
    let base = BaseOperator::ALL[usize::from(input.operator) % BaseOperator::ALL.len()];
    let qualifier = match input.qualifier % 3 {
        0 => None,
        1 => Some(SetQualifier::ForAllValues),
        _ => Some(SetQualifier::ForAnyValue),
    };
    let version = match input.version % 3 {
        0 => PolicyVersion::V2012_10_17,
        1 => PolicyVersion::V2008_10_17,
        _ => PolicyVersion::Missing,
    };
    let key = input.key.get();
    let values: Vec<String> = input.values.iter().take(8).map(Text::get).collect();
    let mut context = RequestContext::new();
    for (context_key, multi, context_values) in input.context.iter().take(6) {
        let texts: Vec<String> = context_values.iter().take(4).map(Text::get).collect();
        let value = if *multi || texts.len() != 1 {
            ContextValue::Multi(texts)
        } else {
            ContextValue::Single(texts.into_iter().next().unwrap_or_default())
        };
        context.insert(&context_key.get(), value);
    }

    let tested = clause(base, qualifier, input.if_exists, &key, &values);
    let _ = validate_clause(&tested, version);
    let outcome = evaluate_clause(&tested, &context, version);
    let fast = clause_matches(&tested, &context, version);
    assert_eq!(
        outcome.matched, fast,
        "explained and fast paths disagree: {tested:?} {context:?}"
    );
    assert_eq!(
        evaluate_clause(&tested, &context, version),
        outcome,
        "not deterministic"
    );

    if base == BaseOperator::Null {
        return;
    }
    let request_values = context
        .get(&key)
        .map(|v| v.values().to_vec())
        .unwrap_or_default();
    if request_values.is_empty() {
        let (expected, _) = missing_key_rule(qualifier, input.if_exists, base.is_negated());
        assert_eq!(
            fast, expected,
            "absent key not decided by its missing-key rule: {tested:?}"
        );
        return;
    }
    if base.is_negated() && qualifier.is_none() && !input.if_exists {
        let readable = request_values
            .iter()
            .all(|v| read_request(family(base), v).is_some());
        if readable {
            let positive = clause(positive_form(base), None, false, &key, &values);
            assert_eq!(
                fast,
                !clause_matches(&positive, &context, version),
                "negated operator is not the negation of its positive form: {tested:?} {context:?}"
            );
        }
    }
});
