//! The comparisons behind each condition operator: how a policy value and a request value are read for an
//! operator family, and whether one request value matches one policy value
//! (reference_policies_elements_condition_operators.md).
//!
//! Negation, the set qualifiers and the missing-key rules live in the parent module; here every operator is
//! compared in its positive form (`StringNotEquals` compares like `StringEquals`).

use super::values::{self, Decimal, Instant};
use super::variables;
use crate::arn::Arn;
use crate::context::RequestContext;
use crate::policy::model::BaseOperator;
use crate::wildcard::{Part, Pattern};
use std::borrow::Cow;
use std::cmp::Ordering;
use std::net::IpAddr;

/// The positive operator whose result a negated operator inverts (`StringNotLike` → `StringLike`).
pub fn positive_form(base: BaseOperator) -> BaseOperator {
    use BaseOperator::*;
    match base {
        StringNotEquals => StringEquals,
        StringNotEqualsIgnoreCase => StringEqualsIgnoreCase,
        StringNotLike => StringLike,
        NumericNotEquals => NumericEquals,
        DateNotEquals => DateEquals,
        NotIpAddress => IpAddress,
        ArnNotEquals => ArnEquals,
        ArnNotLike => ArnLike,
        other => other,
    }
}

/// The families of operators; each reads its values one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    String,
    StringIgnoreCase,
    StringLike,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    Null,
}

pub fn family(base: BaseOperator) -> Family {
    use BaseOperator::*;
    match base {
        StringEquals | StringNotEquals => Family::String,
        StringEqualsIgnoreCase | StringNotEqualsIgnoreCase => Family::StringIgnoreCase,
        StringLike | StringNotLike => Family::StringLike,
        NumericEquals
        | NumericNotEquals
        | NumericLessThan
        | NumericLessThanEquals
        | NumericGreaterThan
        | NumericGreaterThanEquals => Family::Numeric,
        DateEquals
        | DateNotEquals
        | DateLessThan
        | DateLessThanEquals
        | DateGreaterThan
        | DateGreaterThanEquals => Family::Date,
        Bool => Family::Bool,
        BinaryEquals => Family::Binary,
        IpAddress | NotIpAddress => Family::Ip,
        ArnEquals | ArnLike | ArnNotEquals | ArnNotLike => Family::Arn,
        Null => Family::Null,
    }
}

impl Family {
    /// What a readable value of this family is, for problem messages.
    pub fn expected(self) -> &'static str {
        match self {
            Family::String | Family::StringIgnoreCase | Family::StringLike => "a string",
            Family::Numeric => "an integer or decimal number",
            Family::Date => "an ISO 8601 date (e.g. `2020-01-01T00:00:00Z`) or epoch seconds",
            Family::Bool | Family::Null => "`true` or `false`",
            Family::Binary => "base64",
            Family::Ip => "an IPv4 or IPv6 address or CIDR range",
            Family::Arn => "an ARN (`arn:partition:service:region:account-id:resource`)",
        }
    }
}

/// A policy value read for its operator, after variable substitution.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Text(Cow<'a, str>),
    Like(Pattern),
    /// The six `:`-separated parts of an ARN pattern (fewer when the policy value has fewer parts).
    Arn(Vec<Pattern>),
    Number(Decimal<'a>),
    Instant(Instant),
    Bool(bool),
    Bytes(Vec<u8>),
    Network(ipnet::IpNet),
}

/// One policy value prepared for evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedValue<'a> {
    /// The value as compared (after substitution), for explanations; `None` when a variable did not resolve.
    pub shown: Option<Cow<'a, str>>,
    /// The typed value; `None` when it matches nothing (unresolved variable, unreadable value).
    pub operand: Option<Operand<'a>>,
    /// Why the value matches nothing, or a note about how it was read.
    pub problem: Option<String>,
}

/// Reads one policy value for `base`. `substitute` says whether policy variables apply (Version 2012-10-17 and
/// a String or Arn operator).
pub fn prepare<'a>(
    base: BaseOperator,
    raw: &'a str,
    substitute: bool,
    context: &RequestContext,
) -> PreparedValue<'a> {
    let family = family(base);
    let unreadable = |shown: Cow<'a, str>| PreparedValue {
        problem: Some(format!(
            "policy value `{shown}` is not {}",
            family.expected()
        )),
        shown: Some(shown),
        operand: None,
    };
    let unresolved = |error: variables::Unresolved| PreparedValue {
        shown: None,
        operand: None,
        // reference_policies_variables.md, "Policy variables with no value": "There is no equal or like value".
        problem: Some(format!("policy value `{raw}` matches nothing: {error}")),
    };
    match family {
        Family::String | Family::StringIgnoreCase => {
            let text: Cow<'a, str> = if substitute && raw.contains("${") {
                match variables::substitute(raw, context) {
                    variables::Substituted::Resolved(text) => Cow::Owned(text),
                    variables::Substituted::Unresolved { variable } => {
                        return unresolved(variables::Unresolved { variable })
                    }
                }
            } else {
                Cow::Borrowed(raw)
            };
            PreparedValue {
                shown: Some(text.clone()),
                operand: Some(Operand::Text(text)),
                problem: None,
            }
        }
        Family::StringLike => match pattern_of(raw, substitute, context) {
            Ok((pattern, shown)) => PreparedValue {
                shown: Some(shown),
                operand: Some(Operand::Like(pattern)),
                problem: None,
            },
            Err(error) => unresolved(error),
        },
        Family::Arn => match arn_pattern_of(raw, substitute, context) {
            Ok((parts, shown)) => {
                let problem = (parts.len() < 6).then(|| {
                    format!(
                        "policy value `{shown}` has {} of the six `:`-separated ARN parts; its last part is compared \
                         with the rest of the request ARN",
                        parts.len()
                    )
                });
                PreparedValue {
                    shown: Some(shown),
                    operand: Some(Operand::Arn(parts)),
                    problem,
                }
            }
            Err(error) => unresolved(error),
        },
        Family::Numeric => match Decimal::parse(raw) {
            Some(number) => readable(raw, Operand::Number(number)),
            None => unreadable(Cow::Borrowed(raw)),
        },
        Family::Date => match Instant::parse(raw) {
            Some(instant) => readable(raw, Operand::Instant(instant)),
            None => unreadable(Cow::Borrowed(raw)),
        },
        Family::Bool | Family::Null => match values::parse_bool(raw) {
            Some(flag) => readable(raw, Operand::Bool(flag)),
            None => unreadable(Cow::Borrowed(raw)),
        },
        Family::Binary => match values::decode_base64(raw) {
            Some(bytes) => readable(raw, Operand::Bytes(bytes)),
            None => unreadable(Cow::Borrowed(raw)),
        },
        Family::Ip => match values::parse_ip_network(raw) {
            Some(network) => readable(raw, Operand::Network(network)),
            None => unreadable(Cow::Borrowed(raw)),
        },
    }
}

fn readable<'a>(raw: &'a str, operand: Operand<'a>) -> PreparedValue<'a> {
    PreparedValue {
        shown: Some(Cow::Borrowed(raw)),
        operand: Some(operand),
        problem: None,
    }
}

/// A wildcard pattern from a policy value, with its text after substitution.
fn pattern_of<'a>(
    raw: &'a str,
    substitute: bool,
    context: &RequestContext,
) -> Result<(Pattern, Cow<'a, str>), variables::Unresolved> {
    if substitute && raw.contains("${") {
        let pattern = variables::substitute_pattern(raw, context)?;
        // Display writes a literal `*` back as `${*}`, so the shown text reads the same way again.
        let shown = pattern.to_string();
        Ok((pattern, Cow::Owned(shown)))
    } else {
        Ok((Pattern::parse(raw), Cow::Borrowed(raw)))
    }
}

/// The parts of an ARN pattern from a policy value, with its text after substitution. Without variables the
/// text is split first, which spares building one pattern and cutting it up.
fn arn_pattern_of<'a>(
    raw: &'a str,
    substitute: bool,
    context: &RequestContext,
) -> Result<(Vec<Pattern>, Cow<'a, str>), variables::Unresolved> {
    if substitute && raw.contains("${") {
        let (pattern, shown) = pattern_of(raw, substitute, context)?;
        Ok((split_arn_pattern(pattern), shown))
    } else {
        Ok((
            raw.splitn(6, ':').map(Pattern::parse).collect(),
            Cow::Borrowed(raw),
        ))
    }
}

/// Splits an ARN pattern at its first five `:` into at most six part patterns. A wildcard never crosses a `:`
/// except in the last part (the resource, which may hold colons): "Each of the six colon-delimited components
/// of the ARN is checked separately" (reference_policies_elements_condition_operators.md, "Amazon Resource Name
/// (ARN) condition operators").
pub fn split_arn_pattern(pattern: Pattern) -> Vec<Pattern> {
    let mut segments: Vec<Vec<Part>> = vec![Vec::new()];
    for part in pattern.parts {
        match part {
            Part::Literal(literal) => {
                let mut rest = literal.as_str();
                while segments.len() < 6 {
                    let Some((head, tail)) = rest.split_once(':') else {
                        break;
                    };
                    push_part(&mut segments, head);
                    segments.push(Vec::new());
                    rest = tail;
                }
                push_part(&mut segments, rest);
            }
            wildcard => {
                if let Some(segment) = segments.last_mut() {
                    segment.push(wildcard);
                }
            }
        }
    }
    segments.into_iter().map(Pattern::from_parts).collect()
}

fn push_part(segments: &mut [Vec<Part>], text: &str) {
    if let (Some(segment), false) = (segments.last_mut(), text.is_empty()) {
        segment.push(Part::Literal(text.to_string()));
    }
}

/// A request value read for an operator family.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestOperand<'r> {
    Text(&'r str),
    Number(Decimal<'r>),
    Instant(Instant),
    Bool(bool),
    Bytes(Vec<u8>),
    Address(IpAddr),
    Arn(Arn<'r>),
}

/// Reads one request value for `family`; `None` when it is not a value of that family (it then matches nothing,
/// for positive and negated operators alike: a value that is not a number is neither equal nor unequal to one).
pub fn read_request(family: Family, value: &str) -> Option<RequestOperand<'_>> {
    match family {
        Family::String | Family::StringIgnoreCase | Family::StringLike => {
            Some(RequestOperand::Text(value))
        }
        Family::Numeric => Decimal::parse(value).map(RequestOperand::Number),
        Family::Date => Instant::parse(value).map(RequestOperand::Instant),
        Family::Bool | Family::Null => values::parse_bool(value).map(RequestOperand::Bool),
        // A request carries binary values base64-encoded, as the IAM policy simulator's `binary` context type does.
        Family::Binary => values::decode_base64(value).map(RequestOperand::Bytes),
        Family::Ip => values::parse_ip_address(value).map(RequestOperand::Address),
        // "the request value must be an ARN".
        Family::Arn => Arn::parse(value).ok().map(RequestOperand::Arn),
    }
}

/// Whether a request value matches a policy value under the positive form of `base`.
pub fn compare(base: BaseOperator, request: &RequestOperand<'_>, policy: &Operand<'_>) -> bool {
    use BaseOperator::*;
    match (request, policy) {
        (RequestOperand::Text(value), Operand::Text(expected)) => match family(base) {
            Family::StringIgnoreCase => equals_ignore_case(value, expected),
            _ => *value == expected.as_ref(),
        },
        (RequestOperand::Text(value), Operand::Like(pattern)) => pattern.matches(value),
        (RequestOperand::Number(value), Operand::Number(expected)) => {
            ordered(base, value.cmp(expected))
        }
        (RequestOperand::Instant(value), Operand::Instant(expected)) => {
            ordered(base, value.cmp(expected))
        }
        (RequestOperand::Bool(value), Operand::Bool(expected)) => value == expected,
        (RequestOperand::Bytes(value), Operand::Bytes(expected)) => value == expected,
        (RequestOperand::Address(address), Operand::Network(network)) => network.contains(address),
        (RequestOperand::Arn(arn), Operand::Arn(parts)) => {
            matches!(base, ArnEquals | ArnLike | ArnNotEquals | ArnNotLike)
                && arn_matches(arn, parts)
        }
        _ => false,
    }
}

/// The comparison operators read `request <op> policy`: `NumericLessThan` with `s3:max-keys` 5 and policy 10
/// matches (reference_policies_elements_condition_operators.md, "Numeric condition operators").
fn ordered(base: BaseOperator, request_vs_policy: Ordering) -> bool {
    use BaseOperator::*;
    match positive_form(base) {
        NumericEquals | DateEquals => request_vs_policy == Ordering::Equal,
        NumericLessThan | DateLessThan => request_vs_policy == Ordering::Less,
        NumericLessThanEquals | DateLessThanEquals => request_vs_policy != Ordering::Greater,
        NumericGreaterThan | DateGreaterThan => request_vs_policy == Ordering::Greater,
        NumericGreaterThanEquals | DateGreaterThanEquals => request_vs_policy != Ordering::Less,
        _ => false,
    }
}

/// `StringEqualsIgnoreCase`: equal after Unicode lowercasing, compared without allocating.
fn equals_ignore_case(left: &str, right: &str) -> bool {
    left.eq_ignore_ascii_case(right)
        || (!(left.is_ascii() && right.is_ascii())
            && left
                .chars()
                .flat_map(char::to_lowercase)
                .eq(right.chars().flat_map(char::to_lowercase)))
}

/// ARN parts compared one by one, each with its own wildcards. With fewer than six policy parts, the last
/// policy part is compared with the rest of the request ARN (so `*` matches any ARN).
fn arn_matches(arn: &Arn<'_>, parts: &[Pattern]) -> bool {
    let request = [
        "arn",
        arn.partition,
        arn.service,
        arn.region,
        arn.account,
        arn.resource,
    ];
    let count = parts.len().min(request.len());
    let Some(last_index) = count.checked_sub(1) else {
        return false;
    };
    parts
        .iter()
        .zip(request)
        .enumerate()
        .all(|(index, (pattern, value))| {
            if index == last_index && count < 6 {
                let rest = request_rest(arn, index);
                pattern.matches(&rest)
            } else {
                pattern.matches(value)
            }
        })
}

/// The request ARN from part `index` on, rejoined with `:`.
fn request_rest(arn: &Arn<'_>, index: usize) -> String {
    let request = [
        "arn",
        arn.partition,
        arn.service,
        arn.region,
        arn.account,
        arn.resource,
    ];
    request
        .get(index..)
        .map(|rest| rest.join(":"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn arn_patterns_split_into_six_parts() {
        let split = split_arn_pattern(Pattern::from_parts(vec![
            Part::Literal("arn:aws:someservice:".into()),
            Part::AnyRun,
            Part::Literal(":111122223333:finance/a:b".into()),
            Part::AnyRun,
        ]));
        let texts: Vec<String> = split.iter().map(Pattern::to_string).collect();
        assert_eq!(
            texts,
            [
                "arn",
                "aws",
                "someservice",
                "*",
                "111122223333",
                "finance/a:b*"
            ]
        );
    }

    #[test]
    fn empty_arn_parts_stay_empty() {
        let split = split_arn_pattern(Pattern::from_parts(vec![Part::Literal(
            "arn:aws:s3:::bucket".into(),
        )]));
        assert_eq!(split.len(), 6);
        assert_eq!(split.get(3), Some(&Pattern::from_parts(vec![])));
        assert_eq!(
            split.get(5),
            Some(&Pattern::from_parts(vec![Part::Literal("bucket".into())]))
        );
    }

    #[test]
    fn positive_forms() {
        assert_eq!(
            positive_form(BaseOperator::NotIpAddress),
            BaseOperator::IpAddress
        );
        assert_eq!(
            positive_form(BaseOperator::ArnNotLike),
            BaseOperator::ArnLike
        );
        assert_eq!(
            positive_form(BaseOperator::NumericLessThan),
            BaseOperator::NumericLessThan
        );
        for base in [
            BaseOperator::StringNotEquals,
            BaseOperator::StringNotEqualsIgnoreCase,
            BaseOperator::StringNotLike,
            BaseOperator::NumericNotEquals,
            BaseOperator::DateNotEquals,
            BaseOperator::NotIpAddress,
            BaseOperator::ArnNotEquals,
            BaseOperator::ArnNotLike,
        ] {
            assert!(base.is_negated());
            assert!(!positive_form(base).is_negated(), "{base:?}");
        }
    }

    #[test]
    fn ignore_case_handles_unicode() {
        assert!(equals_ignore_case("JohnDoe", "johndoe"));
        assert!(equals_ignore_case("ÉCOLE", "école"));
        assert!(!equals_ignore_case("johndoe", "johndoe2"));
    }
}
