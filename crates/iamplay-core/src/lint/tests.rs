//! Tests of lint: every registry example (bad triggers its check, fixed does not), edge cases of each check,
//! size limits, disabling, parse errors surfacing, and that `docs/lint.md` is generated from the registry.
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::diagnostic::Severity;

/// A small catalog in the generated format, with the actions the examples use.
const TEST_CATALOG: &str = "\
# iamplay test catalog
G aws:PrincipalArn
G aws:PrincipalOrgID
G aws:SourceIp
G aws:SourceVpce
G aws:MultiFactorAuthPresent
G aws:ResourceAccount
G aws:ResourceOrgPaths
G aws:TagKeys
G aws:RequestTag/${TagKey}
S s3 Amazon S3
R arn:${Partition}:s3:::${BucketName} bucket
R arn:${Partition}:s3:::${BucketName}/${ObjectName} object
K s3:prefix
K s3:ExistingObjectTag/${TagKey}
A GetObject R 1* 1
A ListBucket L 0* 0
A PutObject W 1* -
A ListAllMyBuckets L - -
A DeleteBucket W 0* -
S iam AWS Identity and Access Management (IAM)
R arn:${Partition}:iam::${Account}:role/${RoleNameWithPath} role
K iam:PassedToService
A PassRole W 0* 0
S sts AWS Security Token Service
R arn:${Partition}:iam::${Account}:role/${RoleNameWithPath} role
K sts:ExternalId
A AssumeRole W 0* 0
A AssumeRoleWithSAML W 0* -
A AssumeRoleWithWebIdentity W 0* -
S ec2 Amazon EC2
R arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId} instance
A TerminateInstances W 0* -
A CreateTags T 0 -
S dynamodb Amazon DynamoDB
R arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName} table
A GetItem R 0* -
A PutItem W 0* -
S lambda AWS Lambda
R arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName} function
A InvokeFunction W 0* -
";

fn test_catalog() -> Catalog {
    match Catalog::parse(TEST_CATALOG) {
        Ok(catalog) => catalog,
        Err(error) => panic!("test catalog does not parse: {error:?}"),
    }
}

fn codes_of(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code).collect()
}

/// Lints without the catalog.
fn lint(text: &str, kind: PolicyKind) -> Vec<Diagnostic> {
    lint_policy(text, kind, &LintOptions::default())
}

fn lint_codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
    codes_of(&lint(text, kind))
}

fn lint_with_catalog(text: &str, kind: PolicyKind) -> Vec<Diagnostic> {
    let catalog = test_catalog();
    lint_policy(text, kind, &LintOptions::with_catalog(&catalog))
}

/// A policy of `statements` (JSON objects) with Version 2012-10-17.
fn policy(statements: &str) -> String {
    format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#)
}

/// Runs every policy example of the registry: the bad one must trigger its check, the fixed one must parse
/// and be free of every finding.
fn check_examples(catalog: &Catalog) {
    let options = LintOptions::with_catalog(catalog);
    for info in checks() {
        let ExampleKind::Policy(kind) = info.example_kind else {
            continue;
        };
        let bad = lint_policy(info.bad_example, kind, &options);
        assert!(
            bad.iter().any(|d| d.code == info.code),
            "{} ({}): the bad example does not trigger it; got {:?}",
            info.code,
            info.name,
            bad
        );
        let fixed = lint_policy(info.fixed_example, kind, &options);
        assert!(
            fixed.is_empty(),
            "{} ({}): the fixed example is not clean: {:?}",
            info.code,
            info.name,
            fixed
        );
    }
}

#[test]
fn every_bad_example_triggers_its_check_and_every_fixed_example_is_clean() {
    check_examples(&test_catalog());
}

#[cfg(feature = "catalog")]
#[test]
fn examples_hold_against_the_embedded_catalog() {
    match Catalog::embedded() {
        Ok(catalog) => check_examples(catalog),
        Err(error) => panic!("embedded catalog: {error:?}"),
    }
}

#[test]
fn catalog_checks_need_the_catalog() {
    for info in checks().iter().filter(|info| info.needs_catalog) {
        let ExampleKind::Policy(kind) = info.example_kind else {
            continue;
        };
        assert!(
            !lint_codes(info.bad_example, kind).contains(&info.code),
            "{} ran without the catalog",
            info.code
        );
    }
}

#[test]
fn registry_codes_are_unique_sorted_and_documented() {
    let all = checks();
    assert_eq!(all.len(), 27);
    for pair in all.windows(2) {
        if let [a, b] = pair {
            assert!(a.code < b.code, "{} before {}", a.code, b.code);
            assert_ne!(a.name, b.name);
        }
    }
    for info in all {
        assert!(
            info.code.starts_with('L') && info.code.len() == 5,
            "{}",
            info.code
        );
        assert!(
            info.url.starts_with("https://docs.aws.amazon.com/"),
            "{}",
            info.url
        );
        assert!(info
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-'));
        assert!(info.summary.ends_with('.'), "{}", info.code);
        assert_eq!(check(info.code).map(|found| found.code), Some(info.code));
    }
    assert!(check("L9999").is_none());
}

#[test]
fn findings_carry_registry_severity_url_help_and_lowercase_messages() {
    let catalog = test_catalog();
    let options = LintOptions::with_catalog(&catalog);
    for info in checks() {
        let ExampleKind::Policy(kind) = info.example_kind else {
            continue;
        };
        for finding in lint_policy(info.bad_example, kind, &options)
            .iter()
            .filter(|d| d.code == info.code)
        {
            assert_eq!(finding.severity, info.severity, "{}", info.code);
            assert_eq!(finding.url, Some(info.url), "{}", info.code);
            assert!(finding.help.as_deref().is_some_and(|h| !h.is_empty()));
            assert!(finding.span.is_some(), "{}", info.code);
            assert!(
                finding.message.contains('`'),
                "{}: {}",
                info.code,
                finding.message
            );
            let first = finding.message.chars().next().unwrap_or('A');
            assert!(!first.is_uppercase(), "{}: {}", info.code, finding.message);
        }
    }
}

#[test]
fn disabling_a_code_removes_only_its_findings() {
    let text = r#"{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#;
    let all = lint_codes(text, PolicyKind::Identity);
    assert!(all.contains(&codes::MISSING_VERSION));
    assert!(all.contains(&codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES));
    let mut options = LintOptions::default();
    options
        .disabled
        .insert(codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES.to_string());
    let fewer = codes_of(&lint_policy(text, PolicyKind::Identity, &options));
    assert_eq!(fewer, [codes::MISSING_VERSION]);
    assert!(options.unknown_disabled_codes().is_empty());
    options.disabled.insert("L9999".to_string());
    assert_eq!(options.unknown_disabled_codes(), ["L9999"]);
}

#[test]
fn every_check_can_be_disabled() {
    let catalog = test_catalog();
    for info in checks() {
        let ExampleKind::Policy(kind) = info.example_kind else {
            continue;
        };
        let mut options = LintOptions::with_catalog(&catalog);
        options.disabled.insert(info.code.to_string());
        let codes = codes_of(&lint_policy(info.bad_example, kind, &options));
        assert!(!codes.contains(&info.code), "{} still reported", info.code);
    }
}

#[test]
fn parse_errors_surface_and_cannot_be_disabled() {
    use crate::policy::parse::codes as parse_codes;
    let with_principal = policy(
        r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}"#,
    );
    assert!(lint_codes(&with_principal, PolicyKind::Identity)
        .contains(&parse_codes::PRINCIPAL_NOT_ALLOWED));
    let without_principal =
        policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#);
    assert!(lint_codes(&without_principal, PolicyKind::Resource)
        .contains(&parse_codes::MISSING_PRINCIPAL));
    let unknown_operator = policy(
        r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
            "Condition": {"StringEqual": {"aws:SourceVpce": "vpce-1"}}}"#,
    );
    let mut options = LintOptions::default();
    options
        .disabled
        .insert(parse_codes::UNKNOWN_OPERATOR.to_string());
    let found = lint_policy(&unknown_operator, PolicyKind::Identity, &options);
    assert!(codes_of(&found).contains(&parse_codes::UNKNOWN_OPERATOR));
    assert!(found.iter().any(Diagnostic::is_error));
    let cases = [
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "my-bucket/*"}"#,
            PolicyKind::Identity,
            parse_codes::INVALID_RESOURCE,
        ),
        (
            r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:group/Devs"},
                "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
            PolicyKind::Resource,
            parse_codes::GROUP_PRINCIPAL,
        ),
        (
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceVpce": []}}}"#,
            PolicyKind::Identity,
            parse_codes::EMPTY_ARRAY,
        ),
        (
            r#"{"Sid": "A", "Effect": "Deny", "Action": "s3:*", "Resource": "*"},
               {"Sid": "A", "Effect": "Deny", "Action": "ec2:*", "Resource": "*"}"#,
            PolicyKind::Identity,
            parse_codes::DUPLICATE_SID,
        ),
    ];
    for (statements, kind, code) in cases {
        assert!(
            lint_codes(&policy(statements), kind).contains(&code),
            "{code}"
        );
    }
}

#[test]
fn findings_are_sorted_by_position() {
    let text = policy(
        r#"{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
           {"Effect": "Allow", "Action": "*", "Resource": "*"}"#,
    );
    let found = lint(&text, PolicyKind::Identity);
    assert_eq!(
        codes_of(&found),
        [
            codes::PASS_ROLE_ALL_RESOURCES,
            codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES
        ]
    );
    let offsets: Vec<u32> = found
        .iter()
        .filter_map(|d| d.span)
        .map(|s| s.start.offset)
        .collect();
    assert!(offsets.windows(2).all(|w| w.first() <= w.last()));
}

// ---- document checks

#[test]
fn missing_version_points_at_the_opening_brace() {
    let found = lint(
        r#"  {"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}}"#,
        PolicyKind::Identity,
    );
    let finding = found.iter().find(|d| d.code == codes::MISSING_VERSION);
    let span = finding.and_then(|d| d.span);
    assert_eq!(span.map(|s| (s.start.offset, s.end.offset)), Some((2, 3)));
}

#[test]
fn policy_variables_are_flagged_only_where_they_are_literal() {
    let statement = r#"{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b",
        "Condition": {"StringLike": {"s3:prefix": "home/${aws:username}/*"}}}"#;
    let old = format!(r#"{{"Version": "2008-10-17", "Statement": [{statement}]}}"#);
    let found = lint(&old, PolicyKind::Identity);
    let literal: Vec<&Diagnostic> = found
        .iter()
        .filter(|d| d.code == codes::LITERAL_POLICY_VARIABLE)
        .collect();
    assert_eq!(literal.len(), 1);
    assert!(literal
        .iter()
        .all(|d| d.message.contains("home/${aws:username}/*")));
    assert!(!lint_codes(&policy(statement), PolicyKind::Identity)
        .contains(&codes::LITERAL_POLICY_VARIABLE));
}

// ---- statement checks

#[test]
fn star_star_is_flagged_where_it_grants_and_not_where_it_caps() {
    let statement = r#"{"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": "*"}"#;
    assert!(lint_codes(&policy(statement), PolicyKind::Identity)
        .contains(&codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES));
    for kind in [PolicyKind::Scp, PolicyKind::Boundary, PolicyKind::Session] {
        assert!(lint_codes(&policy(statement), kind).is_empty(), "{kind:?}");
    }
    let deny = r#"{"Effect": "Deny", "Action": "*", "Resource": "*"}"#;
    assert!(lint_codes(&policy(deny), PolicyKind::Identity).is_empty());
    let scoped = r#"{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}"#;
    assert!(lint_codes(&policy(scoped), PolicyKind::Identity).is_empty());
}

#[test]
fn not_action_allow_needs_all_resources_to_be_flagged() {
    let broad = r#"{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}"#;
    assert!(lint_codes(&policy(broad), PolicyKind::Identity)
        .contains(&codes::ALLOW_NOT_ACTION_ALL_RESOURCES));
    let scoped =
        r#"{"Effect": "Allow", "NotAction": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*"}"#;
    assert!(lint_codes(&policy(scoped), PolicyKind::Identity).is_empty());
    let deny = r#"{"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}"#;
    assert!(lint_codes(&policy(deny), PolicyKind::Identity).is_empty());
}

#[test]
fn pass_role_patterns_that_cover_it_are_flagged() {
    for action in ["iam:PassRole", "iam:passrole", "iam:Pass*", "iam:*"] {
        let statement = format!(r#"{{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}"#);
        let found = lint_codes(&policy(&statement), PolicyKind::Identity);
        assert_eq!(found, [codes::PASS_ROLE_ALL_RESOURCES], "{action}");
    }
    let other = r#"{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}"#;
    assert!(lint_codes(&policy(other), PolicyKind::Identity).is_empty());
}

#[test]
fn public_access_in_trust_policies_and_with_aws_star() {
    let trust =
        policy(r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}"#);
    let found = lint(&trust, PolicyKind::Trust);
    let public = found.iter().find(|d| d.code == codes::PUBLIC_ACCESS);
    assert!(public.is_some_and(|d| d.message.contains("assume this role")));
    let conditioned = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}"#,
    );
    assert!(lint_codes(&conditioned, PolicyKind::Trust).is_empty());
    let deny = policy(
        r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    assert!(lint_codes(&deny, PolicyKind::Resource).is_empty());
    let rcp = policy(r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}"#);
    assert!(lint_codes(&rcp, PolicyKind::Rcp).is_empty());
}

#[test]
fn not_principal_deny_accepts_a_bare_account_id_and_flags_each_account() {
    let with_id = policy(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::444455556666:role/R", "444455556666"]},
            "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    assert!(lint_codes(&with_id, PolicyKind::Resource).is_empty());
    let two_accounts = policy(
        r#"{"Effect": "Deny", "NotPrincipal": {"AWS": ["arn:aws:iam::111111111111:user/A",
            "arn:aws:sts::222222222222:assumed-role/R/s", "arn:aws:iam::111111111111:root"]},
            "Action": "s3:*", "Resource": "arn:aws:s3:::b/*"}"#,
    );
    let found = lint(&two_accounts, PolicyKind::Resource);
    let flagged: Vec<&str> = found
        .iter()
        .filter(|d| d.code == codes::NOT_PRINCIPAL_DENY_WITHOUT_ACCOUNT)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(flagged.len(), 1);
    assert!(flagged.iter().all(|m| m.contains("222222222222")));
}

#[test]
fn web_identity_providers_need_a_condition_on_their_own_keys() {
    let cognito = |condition: &str| {
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"Federated": "cognito-identity.amazonaws.com"}},
                "Action": "sts:AssumeRoleWithWebIdentity"{condition}}}"#
        ))
    };
    assert!(lint_codes(&cognito(""), PolicyKind::Trust)
        .contains(&codes::WEB_IDENTITY_TRUST_WITHOUT_CONDITION));
    let other_key = r#", "Condition": {"StringEquals": {"aws:SourceIp": "203.0.113.1"}}"#;
    assert!(lint_codes(&cognito(other_key), PolicyKind::Trust)
        .contains(&codes::WEB_IDENTITY_TRUST_WITHOUT_CONDITION));
    let aud = r#", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"}}"#;
    assert!(lint_codes(&cognito(aud), PolicyKind::Trust).is_empty());
    let saml = policy(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Idp"},
            "Action": "sts:AssumeRoleWithSAML"}"#,
    );
    assert!(lint_codes(&saml, PolicyKind::Trust).is_empty());
}

#[test]
fn mfa_deny_flags_bool_false_and_null_true_only() {
    let deny = |condition: &str| {
        policy(&format!(
            r#"{{"Effect": "Deny", "Action": "ec2:*", "Resource": "*", "Condition": {condition}}}"#
        ))
    };
    for bad in [
        r#"{"Bool": {"aws:MultiFactorAuthPresent": false}}"#,
        r#"{"Null": {"aws:multifactorauthpresent": "true"}}"#,
    ] {
        assert!(
            lint_codes(&deny(bad), PolicyKind::Identity)
                .contains(&codes::MFA_DENY_MISSES_LONG_TERM_CREDENTIALS),
            "{bad}"
        );
    }
    let good = r#"{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}"#;
    assert!(lint_codes(&deny(good), PolicyKind::Identity).is_empty());
    let allow = policy(
        r#"{"Effect": "Allow", "Action": "ec2:*", "Resource": "*",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}"#,
    );
    assert!(lint_codes(&allow, PolicyKind::Identity).is_empty());
}

#[test]
fn value_type_checks_only_judge_documented_global_keys() {
    let with = |operator: &str, key: &str| {
        policy(&format!(
            r#"{{"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {{"{operator}": {{"{key}": "x"}}}}}}"#
        ))
    };
    let codes_for =
        |operator: &str, key: &str| lint_codes(&with(operator, key), PolicyKind::Identity);
    assert_eq!(
        codes_for("ForAnyValue:StringEquals", "aws:RequestTag/Team"),
        [codes::SET_OPERATOR_ON_SINGLE_VALUED_KEY]
    );
    assert_eq!(
        codes_for("StringEquals", "aws:tagkeys"),
        [codes::MULTIVALUED_KEY_WITHOUT_SET_OPERATOR]
    );
    assert!(codes_for("ForAnyValue:StringEquals", "aws:TagKeys").is_empty());
    assert!(codes_for("ForAnyValue:StringEquals", "s3:prefix").is_empty());
    assert!(codes_for("StringEquals", "ec2:ResourceTag/Team").is_empty());
    assert!(codes_for("Null", "aws:TagKeys").is_empty());
}

#[test]
fn for_all_values_in_deny_is_not_flagged() {
    let deny = policy(
        r#"{"Effect": "Deny", "Action": "ec2:CreateTags", "Resource": "*",
            "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}}"#,
    );
    assert!(lint_codes(&deny, PolicyKind::Identity).is_empty());
}

#[test]
fn trust_policy_with_not_action_still_allows_assume_role() {
    let not_action =
        policy(r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "NotAction": "s3:*"}"#);
    assert!(!lint_codes(&not_action, PolicyKind::Trust)
        .contains(&codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE));
    let excluded = policy(
        r#"{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "NotAction": "sts:*"}"#,
    );
    assert!(lint_codes(&excluded, PolicyKind::Trust)
        .contains(&codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE));
    let denied_only = policy(r#"{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole"}"#);
    assert!(lint_codes(&denied_only, PolicyKind::Trust)
        .contains(&codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE));
    let saml = policy(
        r#"{"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:saml-provider/Idp"},
            "Action": "sts:AssumeRoleWithSAML"}"#,
    );
    assert!(lint_codes(&saml, PolicyKind::Trust).is_empty());
}

// ---- catalog checks

#[test]
fn unknown_action_suggests_the_closest_and_unknown_service_the_prefix() {
    let found = lint_with_catalog(
        &policy(
            r#"{"Effect": "Allow", "Action": ["s3:GetObjekt", "s4:GetObject"], "Resource": "*"}"#,
        ),
        PolicyKind::Identity,
    );
    let help_of = |code: &str| {
        found
            .iter()
            .find(|d| d.code == code)
            .and_then(|d| d.help.clone())
            .unwrap_or_default()
    };
    assert!(help_of(codes::UNKNOWN_ACTION).contains("`s3:GetObject`"));
    assert!(help_of(codes::UNKNOWN_SERVICE).contains("`s3`"));
}

#[test]
fn resource_type_mismatch_respects_wildcards_variables_and_star_only_actions() {
    let run = |actions: &str, resources: &str| {
        codes_of(&lint_with_catalog(
            &policy(&format!(
                r#"{{"Effect": "Allow", "Action": {actions}, "Resource": {resources}}}"#
            )),
            PolicyKind::Identity,
        ))
    };
    assert!(run(r#""s3:ListAllMyBuckets""#, r#""arn:aws:s3:::b""#)
        .contains(&codes::RESOURCE_TYPE_MISMATCH));
    assert!(run(r#""s3:ListAllMyBuckets""#, r#""*""#).is_empty());
    assert!(run(r#""s3:GetObject""#, r#""arn:aws:s3:::b/${aws:username}/*""#).is_empty());
    assert!(run(r#""s3:GetObject""#, r#""arn:aws:s3:::*""#).is_empty());
    assert!(
        run(r#""s3:Get*""#, r#""arn:aws:dynamodb:us-east-1:1:table/T""#)
            .contains(&codes::RESOURCE_TYPE_MISMATCH)
    );
    // One of the resources fitting is enough.
    assert!(run(
        r#"["s3:GetObject", "s3:ListBucket"]"#,
        r#"["arn:aws:s3:::b", "arn:aws:s3:::b/*"]"#
    )
    .is_empty());
    // NotResource is not judged.
    let not_resource =
        policy(r#"{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b"}"#);
    assert!(codes_of(&lint_with_catalog(&not_resource, PolicyKind::Identity)).is_empty());
}

#[test]
fn condition_keys_of_identity_providers_and_other_statements_are_not_judged() {
    let run = |action: &str, key: &str| {
        codes_of(&lint_with_catalog(
            &policy(&format!(
                r#"{{"Effect": "Deny", "Action": "{action}", "Resource": "*",
                    "Condition": {{"StringEquals": {{"{key}": "x"}}}}}}"#
            )),
            PolicyKind::Identity,
        ))
    };
    assert!(run("s3:GetObject", "s3:ExistingObjectTag/Team").is_empty());
    assert!(run("s3:GetObject", "S3:PREFIX").contains(&codes::UNSUPPORTED_CONDITION_KEY));
    assert!(run("s3:*", "s3:prefix").is_empty());
    assert!(run("*", "s3:prefix").is_empty());
    assert!(run("s3:GetObject", "accounts.google.com:aud").is_empty());
    assert!(run("s3:GetObject", "iam:PassedToService").contains(&codes::UNSUPPORTED_CONDITION_KEY));
    assert!(run("s3:GetObject", "aws:requesttag/Team").is_empty());
}

// ---- size limits

/// An identity policy of exactly `size` characters without whitespace (one Deny statement padded in `Sid`).
fn identity_policy_of_size(size: usize) -> String {
    let base = policy(r#"{"Sid": "", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}"#);
    let pad = size.saturating_sub(aws_policy_size(&base));
    let text = base.replace(r#""Sid": """#, &format!(r#""Sid": "{}""#, "A".repeat(pad)));
    assert_eq!(aws_policy_size(&text), size);
    text
}

#[test]
fn size_limits_by_attachment() {
    let cases = [
        (None, 6_144, "6,144"),
        (Some(Attachment::Managed), 6_144, "6,144"),
        (Some(Attachment::InlineUser), 2_048, "2,048"),
        (Some(Attachment::InlineGroup), 5_120, "5,120"),
        (Some(Attachment::InlineRole), 10_240, "10,240"),
    ];
    for (attachment, limit, shown) in cases {
        let options = LintOptions {
            attachment,
            ..LintOptions::default()
        };
        let at_limit = lint_policy(
            &identity_policy_of_size(limit),
            PolicyKind::Identity,
            &options,
        );
        assert!(codes_of(&at_limit).is_empty(), "{attachment:?} at {limit}");
        let over = lint_policy(
            &identity_policy_of_size(limit + 1),
            PolicyKind::Identity,
            &options,
        );
        assert_eq!(codes_of(&over), [codes::POLICY_TOO_LARGE], "{attachment:?}");
        assert!(over.iter().all(|d| d.message.contains(shown)), "{over:?}");
    }
}

#[test]
fn size_counts_characters_but_not_whitespace() {
    let text = identity_policy_of_size(6_144);
    let spaced = text.replace(", ", ",\n        ");
    assert!(spaced.len() > text.len());
    assert!(lint(&spaced, PolicyKind::Identity).is_empty());
    assert_eq!(aws_policy_size("{ \"a\" :\t\"b c\" }\n"), 10);
    assert_eq!(aws_policy_size("\"é\""), 3);
}

#[test]
fn size_limits_of_other_kinds() {
    let big = |_kind: PolicyKind, size: usize| identity_policy_of_size(size);
    // SCPs: 5,120; sessions: 2,048; boundaries: 6,144.
    assert_eq!(
        lint_codes(&big(PolicyKind::Scp, 5_121), PolicyKind::Scp),
        [codes::POLICY_TOO_LARGE]
    );
    assert!(lint_codes(&big(PolicyKind::Scp, 5_120), PolicyKind::Scp).is_empty());
    assert_eq!(
        lint_codes(&big(PolicyKind::Session, 2_049), PolicyKind::Session),
        [codes::POLICY_TOO_LARGE]
    );
    assert_eq!(
        lint_codes(&big(PolicyKind::Boundary, 6_145), PolicyKind::Boundary),
        [codes::POLICY_TOO_LARGE]
    );
    assert!(lint_codes(&big(PolicyKind::Boundary, 6_144), PolicyKind::Boundary).is_empty());

    let trust_of = |entries: usize| {
        let principals: Vec<String> = (0..entries)
            .map(|i| format!("\"arn:aws:iam::123456789012:role/r{i:04}\""))
            .collect();
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": [{}]}}, "Action": "sts:AssumeRole"}}"#,
            principals.join(",")
        ))
    };
    let long_trust = lint(&trust_of(60), PolicyKind::Trust);
    assert_eq!(
        codes_of(&long_trust),
        [codes::TRUST_POLICY_OVER_DEFAULT_QUOTA]
    );
    assert!(long_trust.iter().all(|d| d.severity == Severity::Warning));
    assert!(lint(&trust_of(10), PolicyKind::Trust).is_empty());

    let bucket_of = |objects: usize| {
        let resources: Vec<String> = (0..objects)
            .map(|i| format!("\"arn:aws:s3:::example-bucket/prefix-{i:06}/*\""))
            .collect();
        policy(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"AWS": "111122223333"}}, "Action": "s3:GetObject", "Resource": [{}]}}"#,
            resources.join(",")
        ))
    };
    let over = lint(&bucket_of(600), PolicyKind::Resource);
    let over_url = over
        .iter()
        .find(|d| d.code == codes::POLICY_TOO_LARGE)
        .and_then(|d| d.url);
    assert!(over_url.is_some_and(|url| url.contains("AmazonS3")));
    assert!(lint(&bucket_of(100), PolicyKind::Resource).is_empty());
    // A resource policy of another service has no size check here.
    let queue = bucket_of(600).replace("arn:aws:s3:::", "arn:aws:sqs:us-east-1:111122223333:");
    assert!(!lint_codes(&queue, PolicyKind::Resource).contains(&codes::POLICY_TOO_LARGE));
}

#[test]
fn size_is_checked_even_when_the_policy_does_not_parse() {
    let text = identity_policy_of_size(7_000).replace("\"Deny\"", "\"deny\"");
    let found = lint_codes(&text, PolicyKind::Identity);
    assert!(found.contains(&crate::policy::parse::codes::INVALID_EFFECT));
    assert!(found.contains(&codes::POLICY_TOO_LARGE));
}

// ---- docs

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn lint_docs_are_up_to_date() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/lint.md");
    let generated = docs_markdown();
    if std::env::var_os("IAMPLAY_BLESS").is_some() {
        if let Err(error) = std::fs::write(path, &generated) {
            panic!("cannot write {path}: {error}");
        }
        return;
    }
    let on_disk = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        on_disk == generated,
        "docs/lint.md is out of date with the lint registry; refresh it with \
         `IAMPLAY_BLESS=1 cargo test -p iamplay-core lint_docs`"
    );
}

#[test]
fn docs_list_every_check_with_its_examples() {
    let docs = docs_markdown();
    for info in checks() {
        assert!(
            docs.contains(&format!("\n## {}\n", info.code)),
            "{}",
            info.code
        );
        assert!(docs.contains(info.bad_example) && docs.contains(info.fixed_example));
    }
}
