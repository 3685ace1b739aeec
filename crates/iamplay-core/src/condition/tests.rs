//! Clause-level tests: one or more per operator and per rule, each naming the doc page and section it checks.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::context::ContextValue;
use crate::diagnostic::{Span, Spanned};
use crate::policy::model::{ConditionOperator, SetQualifier};

const ALL_BASES: [BaseOperator; 27] = BaseOperator::ALL;

/// Reads an operator name like `ForAnyValue:StringLikeIfExists` (the parser owns the real one).
fn operator(name: &str) -> ConditionOperator {
    let (qualifier, rest) = if let Some(rest) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), rest)
    } else if let Some(rest) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), rest)
    } else {
        (None, name)
    };
    let (base_name, if_exists) = match rest.strip_suffix("IfExists") {
        Some(base) => (base, true),
        None => (rest, false),
    };
    let base = ALL_BASES
        .into_iter()
        .find(|base| format!("{base:?}") == base_name)
        .unwrap_or_else(|| panic!("unknown operator `{name}`"));
    ConditionOperator {
        qualifier,
        base,
        if_exists,
    }
}

fn spanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Span::default())
}

fn clause(operator_name: &str, key: &str, values: &[&str]) -> ConditionClause {
    ConditionClause {
        operator: spanned(operator(operator_name)),
        key: spanned(key.to_string()),
        values: values
            .iter()
            .map(|value| spanned(value.to_string()))
            .collect(),
    }
}

fn single(key: &str, value: &str) -> RequestContext {
    let mut context = RequestContext::new();
    context.insert(key, ContextValue::Single(value.to_string()));
    context
}

fn multi(key: &str, values: &[&str]) -> RequestContext {
    let mut context = RequestContext::new();
    context.insert(
        key,
        ContextValue::Multi(values.iter().map(|value| value.to_string()).collect()),
    );
    context
}

fn empty() -> RequestContext {
    RequestContext::new()
}

/// Evaluates under Version 2012-10-17 and checks that the fast path agrees.
fn eval(
    operator_name: &str,
    key: &str,
    values: &[&str],
    context: &RequestContext,
) -> ClauseOutcome {
    let clause = clause(operator_name, key, values);
    let outcome = evaluate_clause(&clause, context, PolicyVersion::V2012_10_17);
    assert_eq!(
        clause_matches(&clause, context, PolicyVersion::V2012_10_17),
        outcome.matched,
        "clause_matches disagrees with evaluate_clause for {operator_name}"
    );
    outcome
}

fn matches(operator_name: &str, key: &str, values: &[&str], context: &RequestContext) -> bool {
    eval(operator_name, key, values, context).matched
}

// ---------------------------------------------------------------------------------------------------------
// String operators: reference_policies_elements_condition_operators.md, "String condition operators", and
// reference_policies_elements_condition.md.

// reference_policies_elements_condition.md: "only requests made by `johndoe` match. Users named `JohnDoe` are
// denied access."
#[test]
fn string_equals_is_case_sensitive() {
    assert!(matches(
        "StringEquals",
        "aws:username",
        &["johndoe"],
        &single("aws:username", "johndoe")
    ));
    assert!(!matches(
        "StringEquals",
        "aws:username",
        &["johndoe"],
        &single("aws:username", "JohnDoe")
    ));
}

// reference_policies_elements_condition.md: `StringEqualsIgnoreCase` matches `johndoe` or `JohnDoe`.
#[test]
fn string_equals_ignore_case() {
    for user in ["johndoe", "JohnDoe", "JOHNDOE"] {
        assert!(matches(
            "StringEqualsIgnoreCase",
            "aws:username",
            &["johndoe"],
            &single("aws:username", user)
        ));
    }
    assert!(!matches(
        "StringEqualsIgnoreCase",
        "aws:username",
        &["johndoe"],
        &single("aws:username", "janedoe")
    ));
    assert!(!matches(
        "StringNotEqualsIgnoreCase",
        "aws:username",
        &["johndoe"],
        &single("aws:username", "JohnDoe")
    ));
    assert!(matches(
        "StringNotEqualsIgnoreCase",
        "aws:username",
        &["johndoe"],
        &single("aws:username", "jane")
    ));
}

// reference_policies_elements_condition.md, "Condition key names are not case-sensitive": `aws:SourceIP` is
// `AWS:SourceIp`.
#[test]
fn key_names_ignore_case() {
    let context = single("AWS:SourceIp", "203.0.113.9");
    assert!(matches(
        "IpAddress",
        "aws:SourceIP",
        &["203.0.113.0/24"],
        &context
    ));
    let outcome = eval("IpAddress", "aws:sourceip", &["203.0.113.0/24"], &context);
    assert!(outcome.key_present);
    assert_eq!(outcome.request_values, ["203.0.113.9"]);
}

// reference_policies_elements_condition_operators.md, "String condition operators", the
// `aws:PrincipalTag/job-category` example.
#[test]
fn string_equals_principal_tag_example() {
    let key = "aws:PrincipalTag/job-category";
    assert!(matches(
        "StringEquals",
        key,
        &["iamuser-admin"],
        &single(key, "iamuser-admin")
    ));
    // "If a user without the tag attempts to view or edit an access key, the condition returns false".
    let outcome = eval("StringEquals", key, &["iamuser-admin"], &empty());
    assert!(!outcome.matched);
    assert_eq!(
        outcome.missing_key_rule,
        Some(MissingKeyRule::AbsentIsFalse)
    );
}

// reference_policies_multi-value-conditions.md, "Evaluation logic for conditions with multiple keys or values":
// several values for one key are ORed.
#[test]
fn values_are_ored() {
    let values = ["finance", "hr", "legal"];
    let key = "aws:PrincipalTag/department";
    assert!(matches(
        "StringEqualsIgnoreCase",
        key,
        &values,
        &single(key, "HR")
    ));
    assert!(matches(
        "StringEqualsIgnoreCase",
        key,
        &values,
        &single(key, "legal")
    ));
    assert!(!matches(
        "StringEqualsIgnoreCase",
        key,
        &values,
        &single(key, "sales")
    ));
}

// reference_policies_multi-value-conditions.md, same section, the Note: with `StringNotEquals` and several
// `aws:PrincipalAccount` values, "the string cannot match any of the ... values listed" (NOR).
#[test]
fn negated_operators_nor_their_values() {
    let key = "aws:PrincipalAccount";
    let accounts = ["111122223333", "444455556666"];
    assert!(!matches(
        "StringNotEquals",
        key,
        &accounts,
        &single(key, "111122223333")
    ));
    assert!(!matches(
        "StringNotEquals",
        key,
        &accounts,
        &single(key, "444455556666")
    ));
    assert!(matches(
        "StringNotEquals",
        key,
        &accounts,
        &single(key, "777788889999")
    ));
}

// reference_policies_elements_condition_operators.md, "String condition operators": StringLike takes `*` and `?`
// anywhere; "You must specify wildcards to achieve partial string matches".
#[test]
fn string_like_wildcards_anywhere() {
    let key = "ec2:InstanceType";
    assert!(matches(
        "StringLike",
        key,
        &["t?.*"],
        &single(key, "t2.micro")
    ));
    assert!(matches(
        "StringLike",
        key,
        &["*.micro"],
        &single(key, "t2.micro")
    ));
    assert!(matches(
        "StringLike",
        key,
        &["t*o"],
        &single(key, "t2.micro")
    ));
    assert!(matches(
        "StringLike",
        key,
        &["t2.m?cro"],
        &single(key, "t2.micro")
    ));
    assert!(!matches(
        "StringLike",
        key,
        &["t?.*"],
        &single(key, "t10.micro")
    ));
    assert!(
        !matches("StringLike", key, &["t2"], &single(key, "t2.micro")),
        "no partial match without `*`"
    );
    assert!(
        !matches("StringLike", key, &["T2.*"], &single(key, "t2.micro")),
        "case-sensitive"
    );
    assert!(!matches(
        "StringNotLike",
        key,
        &["t2.*", "m3.*"],
        &single(key, "t2.micro")
    ));
    assert!(matches(
        "StringNotLike",
        key,
        &["t2.*", "m3.*"],
        &single(key, "c5.large")
    ));
}

// reference_policies_elements_condition_operators.md, "String condition operators": `StringEquals` is exact
// matching, so `*` is an ordinary character there.
#[test]
fn string_equals_has_no_wildcards() {
    let key = "s3:prefix";
    assert!(!matches(
        "StringEquals",
        key,
        &["home/*"],
        &single(key, "home/david")
    ));
    assert!(matches(
        "StringEquals",
        key,
        &["home/*"],
        &single(key, "home/*")
    ));
}

// reference_policies_elements_condition_operators.md, "String condition operators": the home-directory example
// with `""`, `home/` and `home/${aws:username}/`.
#[test]
fn string_like_home_directory_example() {
    let values = ["", "home/", "home/${aws:username}/"];
    let mut context = single("s3:prefix", "");
    context.insert("aws:username", ContextValue::Single("David".into()));
    assert!(
        matches("StringLike", "s3:prefix", &values, &context),
        "the empty prefix is a value"
    );
    for (prefix, expected) in [
        ("home/", true),
        ("home/David/", true),
        ("home/Adele/", false),
        ("home", false),
    ] {
        context.insert("s3:prefix", ContextValue::Single(prefix.into()));
        let outcome = eval("StringLike", "s3:prefix", &values, &context);
        assert_eq!(outcome.matched, expected, "{prefix}");
        assert_eq!(
            outcome.policy_values,
            [
                Some(String::new()),
                Some("home/".into()),
                Some("home/David/".into())
            ]
        );
    }
}

// ---------------------------------------------------------------------------------------------------------
// Numeric operators: reference_policies_elements_condition_operators.md, "Numeric condition operators".

#[test]
fn numeric_less_than_equals_max_keys_example() {
    let key = "s3:max-keys";
    for (value, expected) in [
        ("10", true),
        ("9", true),
        ("10.0", true),
        ("9.99", true),
        ("11", false),
        ("10.01", false),
    ] {
        assert_eq!(
            matches("NumericLessThanEquals", key, &["10"], &single(key, value)),
            expected,
            "{value}"
        );
    }
}

#[test]
fn numeric_comparisons() {
    let key = "s3:max-keys";
    let cases = [
        ("NumericEquals", "5", "5.0", true),
        ("NumericEquals", "5", "6", false),
        ("NumericNotEquals", "5", "6", true),
        ("NumericNotEquals", "5", "005", false),
        ("NumericLessThan", "5", "4.9", true),
        ("NumericLessThan", "5", "5", false),
        ("NumericLessThanEquals", "5", "5", true),
        ("NumericGreaterThan", "5", "5.1", true),
        ("NumericGreaterThan", "5", "5", false),
        ("NumericGreaterThanEquals", "5", "5", true),
        ("NumericGreaterThanEquals", "5", "-5", false),
        ("NumericLessThan", "-1.5", "-2", true),
        ("NumericGreaterThan", "0.25", "0.3", true),
    ];
    for (operator_name, policy, request, expected) in cases {
        assert_eq!(
            matches(operator_name, key, &[policy], &single(key, request)),
            expected,
            "{request} {operator_name} {policy}"
        );
    }
}

// "a non-numeric value doesn't match", for positive and negated operators alike; an unreadable policy value
// matches nothing, so a negated operator holds against it.
#[test]
fn numeric_unreadable_values_do_not_match() {
    let key = "s3:max-keys";
    let outcome = eval("NumericLessThan", key, &["10"], &single(key, "ten"));
    assert!(!outcome.matched);
    assert_eq!(outcome.request_value_results, [false]);
    assert!(
        outcome.problems.iter().any(|p| p.contains("`ten`")),
        "{:?}",
        outcome.problems
    );
    assert!(!matches(
        "NumericNotEquals",
        key,
        &["10"],
        &single(key, "ten")
    ));

    let outcome = eval("NumericEquals", key, &["ten", "5"], &single(key, "5"));
    assert!(outcome.matched, "the readable value still matches");
    assert!(outcome
        .problems
        .iter()
        .any(|p| p.contains("policy value `ten`")));
    assert!(matches(
        "NumericNotEquals",
        key,
        &["ten"],
        &single(key, "5")
    ));
}

// "You can not use a policy variable with the Numeric condition operator."
#[test]
fn numeric_values_are_not_substituted() {
    let mut context = single("s3:max-keys", "7");
    context.insert("aws:PrincipalTag/limit", ContextValue::Single("7".into()));
    let outcome = eval(
        "NumericEquals",
        "s3:max-keys",
        &["${aws:PrincipalTag/limit}"],
        &context,
    );
    assert!(!outcome.matched);
    assert_eq!(
        outcome.policy_values,
        [Some("${aws:PrincipalTag/limit}".to_string())]
    );
}

// ---------------------------------------------------------------------------------------------------------
// Date operators: reference_policies_elements_condition_operators.md, "Date condition operators".

#[test]
fn date_greater_than_token_issue_time_example() {
    let key = "aws:TokenIssueTime";
    let policy = ["2020-01-01T00:00:01Z"];
    assert!(matches(
        "DateGreaterThan",
        key,
        &policy,
        &single(key, "2020-06-01T12:00:00Z")
    ));
    assert!(!matches(
        "DateGreaterThan",
        key,
        &policy,
        &single(key, "2020-01-01T00:00:01Z")
    ));
    assert!(!matches(
        "DateGreaterThan",
        key,
        &policy,
        &single(key, "2019-12-31T23:59:59Z")
    ));
    // "if an IAM user attempts to view or edit an access key, the request is denied": the key is absent.
    assert!(!matches("DateGreaterThan", key, &policy, &empty()));
}

// Dates are compared as instants, whatever ISO 8601 or epoch form each side uses.
#[test]
fn date_forms_compare_as_instants() {
    let key = "aws:CurrentTime";
    let cases = [
        ("DateEquals", "2020-01-01", "2020-01-01T00:00:00Z", true),
        ("DateEquals", "2020-01-01T00:00:00Z", "1577836800", true),
        (
            "DateEquals",
            "2020-01-01T02:00:00+02:00",
            "2020-01-01T00:00:00.000Z",
            true,
        ),
        ("DateNotEquals", "2020-01-01", "2020-01-01T00:00:01Z", true),
        (
            "DateLessThan",
            "2020-01-01",
            "2019-12-31T23:59:59.999Z",
            true,
        ),
        ("DateLessThan", "2020-01-01", "2020-01-01T00:00:00Z", false),
        (
            "DateLessThanEquals",
            "2020-01-01",
            "2020-01-01T00:00:00Z",
            true,
        ),
        (
            "DateGreaterThanEquals",
            "2020-01-01T00:00:00-05:00",
            "2020-01-01T05:00:00Z",
            true,
        ),
        (
            "DateGreaterThan",
            "1577836800",
            "2020-01-01T00:00:00.5Z",
            true,
        ),
    ];
    for (operator_name, policy, request, expected) in cases {
        assert_eq!(
            matches(operator_name, key, &[policy], &single(key, request)),
            expected,
            "{request} {operator_name} {policy}"
        );
    }
}

// reference_policies_condition-keys.md, "aws:EpochTime": works with date operators or numeric operators.
#[test]
fn epoch_time_with_date_and_numeric_operators() {
    let context = single("aws:EpochTime", "1577836800");
    assert!(matches(
        "DateGreaterThanEquals",
        "aws:EpochTime",
        &["2020-01-01T00:00:00Z"],
        &context
    ));
    assert!(matches(
        "NumericLessThan",
        "aws:EpochTime",
        &["1600000000"],
        &context
    ));
}

#[test]
fn unreadable_dates_are_problems() {
    let key = "aws:CurrentTime";
    let outcome = eval(
        "DateLessThan",
        key,
        &["next tuesday"],
        &single(key, "2020-01-01T00:00:00Z"),
    );
    assert!(!outcome.matched);
    assert!(outcome
        .problems
        .iter()
        .any(|p| p.contains("`next tuesday`")));
    let outcome = eval(
        "DateLessThan",
        key,
        &["2020-01-01"],
        &single(key, "not a date"),
    );
    assert!(!outcome.matched);
    assert!(outcome
        .problems
        .iter()
        .any(|p| p.contains("request value `not a date`")));
}

// ---------------------------------------------------------------------------------------------------------
// Bool: reference_policies_elements_condition_operators.md, "Boolean condition operators".

#[test]
fn bool_secure_transport_example() {
    let key = "aws:SecureTransport";
    assert!(matches("Bool", key, &["false"], &single(key, "false")));
    assert!(!matches("Bool", key, &["false"], &single(key, "true")));
    assert!(
        matches("Bool", key, &["FALSE"], &single(key, "False")),
        "true/false in any case"
    );
    assert!(!matches("Bool", key, &["false"], &single(key, "no")));
    assert!(!matches("Bool", key, &["false"], &empty()));
}

// reference_policies_condition-keys.md, "aws:MultiFactorAuthPresent": `BoolIfExists` with `true` "matches
// either if the key exists and is present or if the key does not exist".
#[test]
fn bool_if_exists_mfa_example() {
    let key = "aws:MultiFactorAuthPresent";
    assert!(matches(
        "BoolIfExists",
        key,
        &["true"],
        &single(key, "true")
    ));
    assert!(matches("BoolIfExists", key, &["true"], &empty()));
    assert!(!matches(
        "BoolIfExists",
        key,
        &["true"],
        &single(key, "false")
    ));
    // "Deny, BoolIfExists, false": denies long-term credentials (key absent) too.
    assert!(matches("BoolIfExists", key, &["false"], &empty()));
}

// The operators page says Bool takes policy variables; reference_policies_variables.md, "Condition element",
// lists Boolean among those that do not. We follow the variables page: the value stays literal.
#[test]
fn bool_values_are_not_substituted() {
    let mut context = single("aws:SecureTransport", "true");
    context.insert("aws:PrincipalTag/flag", ContextValue::Single("true".into()));
    assert!(!matches(
        "Bool",
        "aws:SecureTransport",
        &["${aws:PrincipalTag/flag}"],
        &context
    ));
}

// ---------------------------------------------------------------------------------------------------------
// Binary: reference_policies_elements_condition_operators.md, "Binary condition operators".

#[test]
fn binary_equals_compares_bytes() {
    let policy = ["QmluYXJ5VmFsdWVJbkJhc2U2NA=="];
    assert!(matches(
        "BinaryEquals",
        "key",
        &policy,
        &single("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==")
    ));
    assert!(
        matches(
            "BinaryEquals",
            "key",
            &policy,
            &single("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA")
        ),
        "padding"
    );
    assert!(!matches(
        "BinaryEquals",
        "key",
        &policy,
        &single("key", "QmluYXJ5VmFsdWVJbkJhc2U2NQ==")
    ));
    assert!(!matches(
        "BinaryEquals",
        "key",
        &policy,
        &single("key", "BinaryValueInBase64")
    ));
    assert!(!matches("BinaryEquals", "key", &policy, &empty()));
}

// ---------------------------------------------------------------------------------------------------------
// IP: reference_policies_elements_condition_operators.md, "IP address condition operators".

#[test]
fn ip_address_range_example() {
    let key = "aws:SourceIp";
    for (ip, expected) in [
        ("203.0.113.0", true),
        ("203.0.113.255", true),
        ("203.0.114.0", false),
        ("10.0.0.1", false),
    ] {
        assert_eq!(
            matches("IpAddress", key, &["203.0.113.0/24"], &single(key, ip)),
            expected,
            "{ip}"
        );
        assert_eq!(
            matches("NotIpAddress", key, &["203.0.113.0/24"], &single(key, ip)),
            !expected,
            "{ip}"
        );
    }
}

#[test]
fn ip_address_mixed_v4_v6_example() {
    let key = "aws:SourceIp";
    let policy = ["203.0.113.0/24", "2001:DB8:1234:5678::/64"];
    assert!(matches(
        "IpAddress",
        key,
        &policy,
        &single(key, "203.0.113.77")
    ));
    assert!(matches(
        "IpAddress",
        key,
        &policy,
        &single(key, "2001:db8:1234:5678:abcd::1")
    ));
    assert!(!matches(
        "IpAddress",
        key,
        &policy,
        &single(key, "2001:db8:1234:5679::1")
    ));
    assert!(matches(
        "NotIpAddress",
        key,
        &policy,
        &single(key, "2001:db8:1234:5679::1")
    ));
}

// "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of
// /32."
#[test]
fn bare_ip_address_is_a_host() {
    let key = "aws:SourceIp";
    assert!(matches(
        "IpAddress",
        key,
        &["203.0.113.7"],
        &single(key, "203.0.113.7")
    ));
    assert!(!matches(
        "IpAddress",
        key,
        &["203.0.113.7"],
        &single(key, "203.0.113.8")
    ));
    assert!(matches(
        "IpAddress",
        key,
        &["2001:db8::1"],
        &single(key, "2001:DB8::1")
    ));
}

#[test]
fn unreadable_ips_do_not_match() {
    let key = "aws:SourceIp";
    let outcome = eval(
        "IpAddress",
        key,
        &["203.0.113.0/33"],
        &single(key, "203.0.113.7"),
    );
    assert!(!outcome.matched);
    assert_eq!(outcome.problems.len(), 1);
    assert!(!matches(
        "NotIpAddress",
        key,
        &["203.0.113.0/24"],
        &single(key, "localhost")
    ));
    // The docs: the key is absent when the request comes through a VPC endpoint, so the condition is false.
    assert!(!matches("IpAddress", key, &["203.0.113.0/24"], &empty()));
    assert!(matches("NotIpAddress", key, &["203.0.113.0/24"], &empty()));
}

// ---------------------------------------------------------------------------------------------------------
// ARN: reference_policies_elements_condition_operators.md, "Amazon Resource Name (ARN) condition operators".

// The doc's own contrast: `StringLike` matches, `ArnLike` does not, because the first `*` may not cross `:`.
#[test]
fn arn_like_is_segment_wise() {
    let key = "aws:SourceArn";
    let policy = ["arn:aws:someservice:*:111122223333:finance/*"];
    let request = single(
        key,
        "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt",
    );
    assert!(matches("StringLike", key, &policy, &request));
    assert!(!matches("ArnLike", key, &policy, &request));
    assert!(matches("ArnNotLike", key, &policy, &request));
    let owned = single(
        key,
        "arn:aws:someservice:us-east-2:111122223333:finance/document.txt",
    );
    assert!(matches("ArnLike", key, &policy, &owned));
}

// The SNS-to-SQS example; `ArnEquals` and `ArnLike` behave identically (wildcards included).
#[test]
fn arn_equals_sns_example() {
    let key = "aws:SourceArn";
    let topic = "arn:aws:sns:us-east-1:123456789012:TOPIC-ID";
    assert!(matches("ArnEquals", key, &[topic], &single(key, topic)));
    assert!(!matches(
        "ArnEquals",
        key,
        &[topic],
        &single(key, "arn:aws:sns:us-east-1:123456789012:OTHER")
    ));
    assert!(
        !matches("ArnEquals", key, &[topic], &empty()),
        "the key is absent for direct calls"
    );
    for operator_name in ["ArnEquals", "ArnLike"] {
        let policy = ["arn:aws:sns:us-east-?:*:TOPIC-*"];
        assert!(
            matches(operator_name, key, &policy, &single(key, topic)),
            "{operator_name}"
        );
        assert!(!matches(
            operator_name,
            key,
            &policy,
            &single(key, "arn:aws:sns:eu-west-1:1:TOPIC-ID")
        ));
    }
    assert!(matches(
        "ArnNotEquals",
        key,
        &[topic],
        &single(key, "arn:aws:sns:us-east-1:123456789012:OTHER")
    ));
    assert!(
        !matches("ArnLike", key, &["ARN:AWS:SNS:*:*:*"], &single(key, topic)),
        "case-sensitive"
    );
}

// The resource part keeps its colons, and a `*` there may cross them.
#[test]
fn arn_resource_part_keeps_colons() {
    let key = "aws:SourceArn";
    let request = single(
        key,
        "arn:aws:logs:us-east-1:123456789012:log-group:my-group:*",
    );
    assert!(matches(
        "ArnLike",
        key,
        &["arn:aws:logs:*:*:log-group:*"],
        &request
    ));
    assert!(matches(
        "ArnLike",
        key,
        &["arn:aws:logs:us-east-1:123456789012:*"],
        &request
    ));
    assert!(!matches(
        "ArnLike",
        key,
        &["arn:aws:logs:us-east-1:*:log-group"],
        &request
    ));
    let empty_region = single(key, "arn:aws:s3:::bucket/key");
    assert!(matches(
        "ArnEquals",
        key,
        &["arn:aws:s3:::bucket/*"],
        &empty_region
    ));
    assert!(
        !matches("ArnEquals", key, &["arn:aws:s3:?::bucket/*"], &empty_region),
        "`?` needs a character"
    );
}

// "the request value must be an ARN".
#[test]
fn arn_operators_need_an_arn_request_value() {
    let key = "aws:SourceArn";
    let outcome = eval("ArnLike", key, &["*"], &single(key, "not-an-arn"));
    assert!(!outcome.matched);
    assert!(outcome
        .problems
        .iter()
        .any(|p| p.contains("request value `not-an-arn`")));
    assert!(!matches(
        "ArnNotLike",
        key,
        &["arn:aws:s3:::x"],
        &single(key, "arn:aws:s3")
    ));
}

// A policy value with fewer than six parts: its last part takes the rest of the request ARN, and the outcome
// says so.
#[test]
fn short_arn_patterns_are_flagged() {
    let key = "aws:PrincipalArn";
    let request = single(key, "arn:aws:iam::123456789012:role/admin");
    let outcome = eval("ArnLike", key, &["*"], &request);
    assert!(outcome.matched);
    assert!(outcome.problems.iter().any(|p| p.contains("1 of the six")));
    assert!(matches("ArnLike", key, &["arn:aws:iam::*"], &request));
    assert!(!matches("ArnLike", key, &["arn:aws:s3::*"], &request));
}

// reference_policies_elements_condition_operators.md: "You can use a policy variable with the ARN condition
// operator."
#[test]
fn arn_values_take_variables() {
    let mut context = single("aws:PrincipalArn", "arn:aws:iam::123456789012:user/David");
    context.insert("aws:username", ContextValue::Single("David".into()));
    assert!(matches(
        "ArnLike",
        "aws:PrincipalArn",
        &["arn:aws:iam::*:user/${aws:username}"],
        &context
    ));
    context.insert("aws:username", ContextValue::Single("Adele".into()));
    assert!(!matches(
        "ArnLike",
        "aws:PrincipalArn",
        &["arn:aws:iam::*:user/${aws:username}"],
        &context
    ));
}

// ---------------------------------------------------------------------------------------------------------
// Missing keys: reference_policies_elements_condition_operators.md, the "Important" note at the top, and
// "...IfExists condition operators"; reference_policies_multi-value-conditions.md for the qualifiers.

#[test]
fn missing_key_rules_for_every_operator() {
    for base in ALL_BASES
        .into_iter()
        .filter(|base| *base != BaseOperator::Null)
    {
        let name = format!("{base:?}");
        let outcome = eval(&name, "aws:Absent", &["x"], &empty());
        assert!(!outcome.key_present);
        assert!(outcome.request_values.is_empty());
        if base.is_negated() {
            assert!(
                outcome.matched,
                "{name}: negated operator with absent key is true"
            );
            assert_eq!(
                outcome.missing_key_rule,
                Some(MissingKeyRule::NegatedAbsentIsTrue)
            );
        } else {
            assert!(!outcome.matched, "{name}: absent key does not match");
            assert_eq!(
                outcome.missing_key_rule,
                Some(MissingKeyRule::AbsentIsFalse)
            );
        }
        let outcome = eval(&format!("{name}IfExists"), "aws:Absent", &["x"], &empty());
        assert!(outcome.matched, "{name}IfExists with absent key is true");
        assert_eq!(
            outcome.missing_key_rule,
            Some(MissingKeyRule::IfExistsAbsentIsTrue)
        );
        let outcome = eval(
            &format!("ForAllValues:{name}"),
            "aws:Absent",
            &["x"],
            &empty(),
        );
        assert!(
            outcome.matched,
            "ForAllValues:{name} with absent key is true"
        );
        assert_eq!(
            outcome.missing_key_rule,
            Some(MissingKeyRule::ForAllValuesAbsentIsTrue)
        );
        let outcome = eval(
            &format!("ForAnyValue:{name}"),
            "aws:Absent",
            &["x"],
            &empty(),
        );
        assert!(
            !outcome.matched,
            "ForAnyValue:{name} with absent key is false"
        );
        assert_eq!(
            outcome.missing_key_rule,
            Some(MissingKeyRule::ForAnyValueAbsentIsFalse)
        );
    }
}

// "...IfExists condition operators", the ec2:InstanceType example: with the key, the values are checked.
#[test]
fn if_exists_checks_present_keys() {
    let key = "ec2:InstanceType";
    let types = ["t1.*", "t2.*", "m3.*"];
    assert!(matches(
        "StringLikeIfExists",
        key,
        &types,
        &single(key, "t2.micro")
    ));
    assert!(!matches(
        "StringLikeIfExists",
        key,
        &types,
        &single(key, "m5.large")
    ));
    let outcome = eval("StringLikeIfExists", key, &types, &empty());
    assert!(
        outcome.matched,
        "resources without the key do not fail the statement"
    );
    // "If you are using an "Effect": "Deny" element with a negated condition operator like
    // StringNotEqualsIfExists, the request is still denied even if the tag is missing."
    assert!(matches(
        "StringNotEqualsIfExists",
        "aws:ResourceTag/team",
        &["blue"],
        &empty()
    ));
    assert!(!matches(
        "StringNotEqualsIfExists",
        "aws:ResourceTag/team",
        &["blue"],
        &single("aws:ResourceTag/team", "blue")
    ));
}

// The AWS docs allow IfExists on "any condition operator name except Null"; a qualified IfExists operator with an
// absent key is therefore true by the IfExists rule.
#[test]
fn qualified_if_exists_with_absent_key_is_true() {
    let outcome = eval(
        "ForAnyValue:StringEqualsIfExists",
        "aws:TagKeys",
        &["a"],
        &empty(),
    );
    assert!(outcome.matched);
    assert_eq!(
        outcome.missing_key_rule,
        Some(MissingKeyRule::IfExistsAbsentIsTrue)
    );
    let outcome = eval(
        "ForAllValues:StringEqualsIfExists",
        "aws:TagKeys",
        &["a"],
        &empty(),
    );
    assert!(outcome.matched);
    assert!(!matches(
        "ForAnyValue:StringEqualsIfExists",
        "aws:TagKeys",
        &["a"],
        &multi("aws:TagKeys", &["b"])
    ));
}

// ---------------------------------------------------------------------------------------------------------
// Null: reference_policies_elements_condition_operators.md, "Condition operator to check existence of
// condition keys".

#[test]
fn null_checks_presence() {
    let key = "aws:TokenIssueTime";
    // The doc's example: `"Null": {"aws:TokenIssueTime": "true"}` holds for the user's own credentials.
    let outcome = eval("Null", key, &["true"], &empty());
    assert!(outcome.matched);
    assert_eq!(outcome.missing_key_rule, Some(MissingKeyRule::NullOperator));
    assert!(!matches(
        "Null",
        key,
        &["true"],
        &single(key, "2020-01-01T00:00:00Z")
    ));
    assert!(matches(
        "Null",
        key,
        &["false"],
        &single(key, "2020-01-01T00:00:00Z")
    ));
    assert!(!matches("Null", key, &["false"], &empty()));
    assert!(matches("Null", key, &["TRUE"], &empty()));
    assert!(
        matches("Null", key, &["true", "false"], &empty()),
        "values are ORed"
    );
    assert!(!matches("Null", key, &["maybe"], &empty()));
}

// reference_policies_elements_condition.md, "The request context": an empty string in the request is null.
#[test]
fn null_treats_empty_values_as_null() {
    assert!(matches(
        "Null",
        "aws:RequestTag/team",
        &["true"],
        &single("aws:RequestTag/team", "")
    ));
    assert!(matches(
        "Null",
        "aws:TagKeys",
        &["true"],
        &multi("aws:TagKeys", &[])
    ));
    assert!(!matches(
        "Null",
        "aws:TagKeys",
        &["false"],
        &multi("aws:TagKeys", &[""])
    ));
}

// ---------------------------------------------------------------------------------------------------------
// Set qualifiers: reference_policies_multi-value-conditions.md.

// "Evaluation logic for multiple values with condition set operators", the ForAllValues table: request
// `PostDateTime` and `UserName`, policy `PostDateTime`, `Message`, `Tags` — no match for `UserName`, so false.
#[test]
fn for_all_values_table_from_the_doc() {
    let key = "dynamodb:Attributes";
    let policy = ["PostDateTime", "Message", "Tags"];
    let outcome = eval(
        "ForAllValues:StringEquals",
        key,
        &policy,
        &multi(key, &["PostDateTime", "UserName"]),
    );
    assert!(!outcome.matched);
    assert_eq!(outcome.request_value_results, [true, false]);
    assert!(matches(
        "ForAllValues:StringEquals",
        key,
        &policy,
        &multi(key, &["PostDateTime", "Tags"])
    ));
}

// Same page, "Examples of using multiple values with condition set operators": allowed `ID`, `Message`, `Tags`;
// requesting `Message` and `Tags` is allowed, adding `UserName` fails.
#[test]
fn for_all_values_dynamodb_example() {
    let key = "dynamodb:Attributes";
    let policy = ["ID", "Message", "Tags"];
    assert!(matches(
        "ForAllValues:StringEquals",
        key,
        &policy,
        &multi(key, &["Message", "Tags"])
    ));
    assert!(matches(
        "ForAllValues:StringEquals",
        key,
        &policy,
        &multi(key, &["ID", "Message", "Tags"])
    ));
    assert!(!matches(
        "ForAllValues:StringEquals",
        key,
        &policy,
        &multi(key, &["ID", "UserName"])
    ));
}

// Same page, the ForAnyValue table: request `UserName`, `Message`, `PostDateTime`, policy `ID`, `PostDateTime`;
// the last test is true, so the condition is true. Request `UserName` alone: false.
#[test]
fn for_any_value_table_from_the_doc() {
    let key = "dynamodb:Attributes";
    let policy = ["ID", "PostDateTime"];
    let outcome = eval(
        "ForAnyValue:StringEquals",
        key,
        &policy,
        &multi(key, &["UserName", "Message", "PostDateTime"]),
    );
    assert!(outcome.matched);
    assert_eq!(outcome.request_value_results, [false, false, true]);
    assert!(matches(
        "ForAnyValue:StringEquals",
        key,
        &policy,
        &multi(key, &["PostDateTime", "Message"])
    ));
    assert!(!matches(
        "ForAnyValue:StringEquals",
        key,
        &policy,
        &multi(key, &["UserName"])
    ));
}

// Same page, "Using multiple keys and values" and the closing Note: ForAllValues is true "if there are no keys
// in the request, or if the key values resolve to a null data set, such as an empty string"; ForAnyValue false.
#[test]
fn qualifiers_with_null_data_sets() {
    let key = "aws:TagKeys";
    for context in [empty(), multi(key, &[]), multi(key, &[""]), single(key, "")] {
        let outcome = eval("ForAllValues:StringEquals", key, &["Dept"], &context);
        assert!(outcome.matched);
        assert_eq!(
            outcome.missing_key_rule,
            Some(MissingKeyRule::ForAllValuesAbsentIsTrue)
        );
        let outcome = eval("ForAnyValue:StringEquals", key, &["Dept"], &context);
        assert!(!outcome.matched);
        assert_eq!(
            outcome.missing_key_rule,
            Some(MissingKeyRule::ForAnyValueAbsentIsFalse)
        );
    }
    let outcome = eval(
        "ForAllValues:StringEquals",
        key,
        &["Dept"],
        &multi(key, &[]),
    );
    assert!(
        outcome.key_present,
        "present but empty is reported as present"
    );
}

// Negated operators under a qualifier are checked per request value (a request value holds when it matches
// none of the policy values), then the qualifier combines the request values. The reference pages do not
// spell this out; this is the composition of "Using multiple keys and values" (every / at least one request
// value) with the NOR rule for negated operators (the Note in "Evaluation logic for conditions with multiple
// keys or values"). Policy `DataClass`, `Owner` against `aws:TagKeys`:
#[test]
fn negated_operators_under_qualifiers() {
    let key = "aws:TagKeys";
    let policy = ["DataClass", "Owner"];
    let cases: [(&[&str], bool, bool); 5] = [
        // request tag keys, ForAllValues:StringNotEquals, ForAnyValue:StringNotEquals
        (&["DataClass", "Owner"], false, false),
        (&["DataClass", "Dept"], false, true),
        (&["Dept"], true, true),
        (&["Dept", "SIC"], true, true),
        (&["Dept", "SIC", "DataClass"], false, true),
    ];
    for (request, for_all, for_any) in cases {
        let context = multi(key, request);
        assert_eq!(
            matches("ForAllValues:StringNotEquals", key, &policy, &context),
            for_all,
            "{request:?}"
        );
        assert_eq!(
            matches("ForAnyValue:StringNotEquals", key, &policy, &context),
            for_any,
            "{request:?}"
        );
    }
    // Absent: ForAllValues true, ForAnyValue false, negated or not.
    assert!(matches(
        "ForAllValues:StringNotEquals",
        key,
        &policy,
        &empty()
    ));
    assert!(!matches(
        "ForAnyValue:StringNotEquals",
        key,
        &policy,
        &empty()
    ));
    let outcome = eval(
        "ForAnyValue:StringNotLike",
        key,
        &["Data*"],
        &multi(key, &["DataClass", "Dept"]),
    );
    assert_eq!(outcome.request_value_results, [false, true]);
    assert!(outcome.matched);
}

// reference_policies_condition-keys.md, "aws:PrincipalOrgPaths": ForAnyValue:StringEquals / StringLike.
#[test]
fn principal_org_paths_examples() {
    let key = "aws:PrincipalOrgPaths";
    let direct = multi(
        key,
        &["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"],
    );
    let child = multi(
        key,
        &["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/ou-ab12-33333333/"],
    );
    let exact = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/"];
    assert!(matches("ForAnyValue:StringEquals", key, &exact, &direct));
    assert!(!matches("ForAnyValue:StringEquals", key, &exact, &child));
    let subtree = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/*"];
    assert!(matches("ForAnyValue:StringLike", key, &subtree, &direct));
    assert!(matches("ForAnyValue:StringLike", key, &subtree, &child));
    let children = ["o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/ou-*"];
    assert!(!matches("ForAnyValue:StringLike", key, &children, &direct));
    assert!(matches("ForAnyValue:StringLike", key, &children, &child));
    assert!(matches(
        "ForAnyValue:StringLike",
        key,
        &["o-a1b2c3d4e5/*"],
        &child
    ));
    assert!(!matches(
        "ForAnyValue:StringLike",
        key,
        &["o-zzzzzzzzzz/*"],
        &child
    ));
}

// Without a qualifier a multivalued request value is read as a set: a positive operator holds when any request
// value matches, a negated one when none does (see the module comment; the docs say multivalued keys
// "require" a set operator, reference_policies_single-vs-multi-valued-condition-keys.md).
#[test]
fn unqualified_operators_on_multivalued_keys() {
    let key = "aws:CalledVia";
    let context = multi(
        key,
        &["cloudformation.amazonaws.com", "dynamodb.amazonaws.com"],
    );
    assert!(matches(
        "StringEquals",
        key,
        &["dynamodb.amazonaws.com"],
        &context
    ));
    assert!(!matches(
        "StringEquals",
        key,
        &["kms.amazonaws.com"],
        &context
    ));
    assert!(!matches(
        "StringNotEquals",
        key,
        &["dynamodb.amazonaws.com"],
        &context
    ));
    assert!(matches(
        "StringNotEquals",
        key,
        &["kms.amazonaws.com"],
        &context
    ));
    let outcome = eval("StringEquals", key, &["dynamodb.amazonaws.com"], &context);
    assert_eq!(outcome.request_value_results, [false, true]);
}

// ---------------------------------------------------------------------------------------------------------
// Policy variables in conditions: reference_policies_variables.md.

// "Using variables in policies": `"StringLike": {"s3:prefix": ["${aws:username}/*"]}`.
#[test]
fn variables_in_string_like() {
    let mut context = single("s3:prefix", "David/photos");
    context.insert("aws:username", ContextValue::Single("David".into()));
    let outcome = eval("StringLike", "s3:prefix", &["${aws:username}/*"], &context);
    assert!(outcome.matched);
    assert_eq!(outcome.policy_values, [Some("David/*".to_string())]);
    context.insert("s3:prefix", ContextValue::Single("Adele/photos".into()));
    assert!(!matches(
        "StringLike",
        "s3:prefix",
        &["${aws:username}/*"],
        &context
    ));
}

// "Condition element": the SNS topic policy, `sns:endpoint` against `https://example.com/${aws:username}/`.
#[test]
fn variables_sns_endpoint_example() {
    let mut context = single("sns:endpoint", "https://example.com/David/");
    context.insert("aws:username", ContextValue::Single("David".into()));
    assert!(matches(
        "StringLike",
        "sns:endpoint",
        &["https://example.com/${aws:username}/"],
        &context
    ));
    context.insert(
        "sns:endpoint",
        ContextValue::Single("https://example.com/Adele/".into()),
    );
    assert!(!matches(
        "StringLike",
        "sns:endpoint",
        &["https://example.com/${aws:username}/"],
        &context
    ));
}

// "Specifying the policy version" (the Note): without Version 2012-10-17 variables are literal strings.
#[test]
fn variables_are_literal_under_older_versions() {
    let mut context = single("aws:username", "David");
    context.insert("s3:prefix", ContextValue::Single("${aws:username}".into()));
    let clause = clause("StringEquals", "s3:prefix", &["${aws:username}"]);
    for version in [PolicyVersion::V2008_10_17, PolicyVersion::Missing] {
        let outcome = evaluate_clause(&clause, &context, version);
        assert!(outcome.matched, "{version:?}: the literal text matches");
        assert_eq!(outcome.policy_values, [Some("${aws:username}".to_string())]);
    }
    context.insert("s3:prefix", ContextValue::Single("David".into()));
    assert!(!evaluate_clause(&clause, &context, PolicyVersion::V2008_10_17).matched);
    assert!(evaluate_clause(&clause, &context, PolicyVersion::V2012_10_17).matched);
}

// "Policy variables with no value": positive operators do not match; "Inverted condition operators like
// StringNotEquals or StringNotLike do match against a null value". The doc's Deny example compares
// `s3:ExistingObjectTag/Team` with `${aws:PrincipalTag/Team}`.
#[test]
fn unresolved_variables_match_nothing() {
    let context = single("s3:ExistingObjectTag/Team", "blue");
    let outcome = eval(
        "StringEquals",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}"],
        &context,
    );
    assert!(!outcome.matched);
    assert_eq!(outcome.policy_values, [None]);
    assert!(outcome
        .problems
        .iter()
        .any(|p| p.contains("aws:PrincipalTag/Team")));
    assert!(matches(
        "StringNotEquals",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}"],
        &context
    ));
    assert!(!matches(
        "StringLike",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}*"],
        &context
    ));
    assert!(matches(
        "StringNotLike",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}*"],
        &context
    ));
    assert!(!matches(
        "ArnLike",
        "aws:SourceArn",
        &["arn:aws:s3:::${aws:PrincipalTag/Team}"],
        &single("aws:SourceArn", "arn:aws:s3:::blue")
    ));
    let mut team = context.clone();
    team.insert("aws:PrincipalTag/team", ContextValue::Single("blue".into()));
    assert!(matches(
        "StringEquals",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}"],
        &team
    ));
    assert!(!matches(
        "StringNotEquals",
        "s3:ExistingObjectTag/Team",
        &["${aws:PrincipalTag/Team}"],
        &team
    ));
}

// "Using variables in policies": "You can't use a multivalued condition key as a variable."
#[test]
fn multivalued_variables_match_nothing() {
    let mut context = multi("aws:TagKeys", &["a"]);
    context.insert("s3:prefix", ContextValue::Single("a".into()));
    let outcome = eval("StringEquals", "s3:prefix", &["${aws:TagKeys}"], &context);
    assert!(!outcome.matched);
    assert_eq!(outcome.policy_values, [None]);
}

// "Specifying default values" and "Special characters", in a condition.
#[test]
fn defaults_and_special_characters_in_conditions() {
    let context = single("s3:prefix", "company-wide/");
    assert!(matches(
        "StringEquals",
        "s3:prefix",
        &["${aws:PrincipalTag/team, 'company-wide'}/"],
        &context
    ));
    let star = single("s3:prefix", "a*");
    assert!(matches("StringLike", "s3:prefix", &["a${*}"], &star));
    assert!(
        !matches(
            "StringLike",
            "s3:prefix",
            &["a${*}"],
            &single("s3:prefix", "ab")
        ),
        "`${{*}}` is no wildcard"
    );
    assert!(matches("StringEquals", "s3:prefix", &["a${*}"], &star));
    assert!(matches(
        "StringLike",
        "s3:prefix",
        &["why${?}"],
        &single("s3:prefix", "why?")
    ));
    assert!(matches(
        "StringEquals",
        "s3:prefix",
        &["${$}5"],
        &single("s3:prefix", "$5")
    ));
    let outcome = eval("StringLike", "s3:prefix", &["a${*}*"], &star);
    assert_eq!(
        outcome.policy_values,
        [Some("a${*}*".to_string())],
        "a literal `*` shows as `${{*}}`"
    );
}

// ---------------------------------------------------------------------------------------------------------
// The outcome carries the facts an explanation shows.

#[test]
fn outcome_is_filled() {
    let mut context = multi("aws:TagKeys", &["Dept", "Owner"]);
    context.insert("aws:username", ContextValue::Single("David".into()));
    let outcome = eval(
        "ForAllValues:StringLike",
        "AWS:TAGKEYS",
        &["D*", "${aws:username}", "${aws:nope}"],
        &context,
    );
    assert_eq!(
        outcome,
        ClauseOutcome {
            matched: false,
            request_values: vec!["Dept".into(), "Owner".into()],
            key_present: true,
            policy_values: vec![Some("D*".into()), Some("David".into()), None],
            missing_key_rule: None,
            problems: vec!["policy value `${aws:nope}` matches nothing: policy variable `${aws:nope}` has no value in the request".into()],
            request_value_results: vec![true, false],
        }
    );
}

// ---------------------------------------------------------------------------------------------------------
// validate_clause: values that can never match, with stable codes and spans.

#[test]
fn validation_reports_unreadable_values_with_spans() {
    let mut bad = clause("DateLessThan", "aws:CurrentTime", &["2020-01-01", "soon"]);
    let span = Span {
        start: crate::diagnostic::Position {
            line: 3,
            column: 5,
            offset: 40,
        },
        end: crate::diagnostic::Position {
            line: 3,
            column: 11,
            offset: 46,
        },
    };
    bad.values[1].span = span;
    let diagnostics = validate_clause(&bad, PolicyVersion::V2012_10_17);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, codes::UNREADABLE_VALUE);
    assert_eq!(diagnostics[0].span, Some(span));
    assert!(diagnostics[0].message.contains("`soon`"));
    assert!(diagnostics[0].is_error());

    for (operator_name, value) in [
        ("NumericEquals", "ten"),
        ("Bool", "yes"),
        ("BinaryEquals", "not base64!"),
        ("IpAddress", "203.0.113.0/40"),
        ("NotIpAddress", "example.com"),
        ("Null", "maybe"),
    ] {
        let diagnostics = validate_clause(
            &clause(operator_name, "k", &[value]),
            PolicyVersion::V2012_10_17,
        );
        assert_eq!(diagnostics.len(), 1, "{operator_name} {value}");
        assert_eq!(diagnostics[0].code, codes::UNREADABLE_VALUE);
    }
}

#[test]
fn validation_reports_variables_short_arns_and_null_modifiers() {
    let numeric = clause("NumericEquals", "k", &["${aws:username}"]);
    let codes_of = |clause: &ConditionClause, version| -> Vec<&str> {
        validate_clause(clause, version)
            .iter()
            .map(|d| d.code)
            .collect()
    };
    assert_eq!(
        codes_of(&numeric, PolicyVersion::V2012_10_17),
        [codes::VARIABLE_NOT_SUBSTITUTED]
    );
    let old = clause("StringEquals", "k", &["${aws:username}"]);
    assert_eq!(
        codes_of(&old, PolicyVersion::V2008_10_17),
        [codes::VARIABLE_NEEDS_VERSION]
    );
    assert!(codes_of(&old, PolicyVersion::V2012_10_17).is_empty());
    let short = clause("ArnLike", "k", &["arn:aws:iam::*"]);
    assert_eq!(
        codes_of(&short, PolicyVersion::V2012_10_17),
        [codes::ARN_TOO_FEW_PARTS]
    );
    let null = clause("NullIfExists", "k", &["true"]);
    assert_eq!(
        codes_of(&null, PolicyVersion::V2012_10_17),
        [codes::NULL_MODIFIER_IGNORED]
    );
    let good = clause("ArnLike", "k", &["arn:aws:iam::*:role/*"]);
    assert!(codes_of(&good, PolicyVersion::V2012_10_17).is_empty());
    for diagnostic in validate_clause(&numeric, PolicyVersion::V2012_10_17) {
        assert!(diagnostic.help.is_some() && diagnostic.url.is_some());
        assert!(diagnostic
            .message
            .starts_with("policy variable in `${aws:username}`"));
    }
}

// ---------------------------------------------------------------------------------------------------------
// Properties.

mod properties {
    use super::*;
    use proptest::prelude::*;
    // An explicit import, so `proptest!`'s `#[test]` is not ambiguous with the glob-imported alias.
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The textbook recursive wildcard matcher, for small inputs.
    fn reference_like(pattern: &[char], value: &[char]) -> bool {
        match pattern.split_first() {
            None => value.is_empty(),
            Some(('*', rest)) => (0..=value.len()).any(|skip| reference_like(rest, &value[skip..])),
            Some(('?', rest)) => !value.is_empty() && reference_like(rest, &value[1..]),
            Some((literal, rest)) => {
                value.first() == Some(literal) && reference_like(rest, &value[1..])
            }
        }
    }

    fn any_operator() -> impl Strategy<Value = ConditionOperator> {
        (
            0..ALL_BASES.len(),
            prop_oneof![
                Just(None),
                Just(Some(SetQualifier::ForAllValues)),
                Just(Some(SetQualifier::ForAnyValue))
            ],
            any::<bool>(),
        )
            .prop_map(|(index, qualifier, if_exists)| ConditionOperator {
                qualifier,
                base: ALL_BASES[index],
                if_exists,
            })
    }

    /// Strings that hit the readers' edges: digits, dates, IPs, ARNs, variables, wildcards, Unicode.
    fn tricky_string() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9.:/+-]{0,24}",
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]{1,12})?)?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?",
            "arn:[a-z*?:]{0,20}",
            "[$]\\{[a-z:*?$ ,'}/]{0,12}\\}?[a-z*?]{0,4}",
            "[A-Za-z0-9+/=]{0,12}",
        ]
    }

    fn any_context() -> impl Strategy<Value = RequestContext> {
        (
            prop_oneof![Just(None), tricky_string().prop_map(Some)],
            proptest::collection::vec(tricky_string(), 0..4),
            any::<bool>(),
            tricky_string(),
        )
            .prop_map(|(single_value, many, use_many, username)| {
                let mut context = RequestContext::new();
                context.insert("aws:username", ContextValue::Single(username));
                if use_many {
                    context.insert("test:key", ContextValue::Multi(many));
                } else if let Some(value) = single_value {
                    context.insert("test:key", ContextValue::Single(value));
                }
                context
            })
    }

    proptest! {
        // reference_policies_elements_condition_operators.md, "String condition operators": StringLike agrees
        // with the textbook meaning of `*` and `?`.
        #[test]
        fn string_like_agrees_with_reference(pattern in "[ab*?é]{0,8}", value in "[abé]{0,10}") {
            let pattern_chars: Vec<char> = pattern.chars().collect();
            let value_chars: Vec<char> = value.chars().collect();
            let expected = reference_like(&pattern_chars, &value_chars);
            let context = single("test:key", &value);
            prop_assert_eq!(matches("StringLike", "test:key", &[&pattern], &context), expected);
            prop_assert_eq!(matches("StringNotLike", "test:key", &[&pattern], &context), !expected);
        }

        // Every operator, qualifier and IfExists on arbitrary text: no panic, and both entry points agree.
        #[test]
        fn evaluate_clause_never_panics(
            operator in any_operator(),
            values in proptest::collection::vec(tricky_string(), 0..4),
            context in any_context(),
            version in prop_oneof![Just(PolicyVersion::V2012_10_17), Just(PolicyVersion::V2008_10_17), Just(PolicyVersion::Missing)],
        ) {
            let clause = ConditionClause {
                operator: spanned(operator),
                key: spanned("TEST:Key".to_string()),
                values: values.into_iter().map(spanned).collect(),
            };
            let outcome = evaluate_clause(&clause, &context, version);
            prop_assert_eq!(clause_matches(&clause, &context, version), outcome.matched);
            prop_assert_eq!(outcome.policy_values.len(), clause.values.len());
            if outcome.missing_key_rule.is_none() {
                prop_assert_eq!(outcome.request_value_results.len(), outcome.request_values.len());
            }
            let _ = validate_clause(&clause, version);
        }

        // A negated operator is the negation of its positive form whenever every value is readable.
        #[test]
        fn negated_is_negation_of_positive(request in "[a-c]{1,3}", policy in proptest::collection::vec("[a-c*]{1,3}", 1..3)) {
            let policy: Vec<&str> = policy.iter().map(String::as_str).collect();
            let context = single("test:key", &request);
            for (positive, negated) in [("StringEquals", "StringNotEquals"), ("StringLike", "StringNotLike"), ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase")] {
                prop_assert_eq!(matches(positive, "test:key", &policy, &context), !matches(negated, "test:key", &policy, &context));
            }
        }

        // Numeric operators agree with integer comparison, whatever zeros pad the numbers.
        #[test]
        fn numeric_agrees_with_integers(request in -1000_i64..1000, policy in -1000_i64..1000, zeros in 0_usize..3) {
            let pad = "0".repeat(zeros);
            let request_text = format!("{request}.{pad}");
            let policy_text = if policy < 0 { format!("-{pad}{}", -policy) } else { format!("{pad}{policy}") };
            let context = single("test:key", &request_text);
            let check = |name: &str| matches(name, "test:key", &[&policy_text], &context);
            prop_assert_eq!(check("NumericEquals"), request == policy);
            prop_assert_eq!(check("NumericNotEquals"), request != policy);
            prop_assert_eq!(check("NumericLessThan"), request < policy);
            prop_assert_eq!(check("NumericLessThanEquals"), request <= policy);
            prop_assert_eq!(check("NumericGreaterThan"), request > policy);
            prop_assert_eq!(check("NumericGreaterThanEquals"), request >= policy);
        }

        // Epoch seconds and their ISO 8601 spelling are the same instant.
        #[test]
        fn epoch_and_iso_agree(seconds in 0_i64..4_102_444_800) {
            let iso = iso_of(seconds);
            let context = single("aws:CurrentTime", &iso);
            prop_assert!(matches("DateEquals", "aws:CurrentTime", &[&seconds.to_string()], &context), "{}", iso);
            prop_assert!(matches("DateLessThan", "aws:CurrentTime", &[&(seconds + 1).to_string()], &context));
        }
    }

    /// `YYYY-MM-DDThh:mm:ssZ` for epoch seconds (days-to-civil, the inverse of the reader's algorithm).
    fn iso_of(seconds: i64) -> String {
        let days = seconds.div_euclid(86_400);
        let second_of_day = seconds.rem_euclid(86_400);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        format!(
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }
}
