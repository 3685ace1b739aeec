//! The list of every lint check: code, name, severity, what it means, the AWS page behind it, and a bad
//! example with its fix. `docs/lint.md` and `iamplay lint --list` are generated from it, and the tests run
//! every example (the bad one must trigger its check, the fixed one must not).

use serde::Serialize;

use super::codes;
use crate::diagnostic::Severity;
use crate::policy::parse::codes as parse_codes;
use crate::policy::PolicyKind;

/// A page of the IAM user guide; the file of the same name (`.md`) is in the reference copy.
macro_rules! guide {
    ($page:literal) => {
        concat!("https://docs.aws.amazon.com/IAM/latest/UserGuide/", $page)
    };
}

/// What a check's examples are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "kind")]
pub enum ExampleKind {
    /// Policy documents of this kind.
    Policy(PolicyKind),
    /// Scenario files (`docs/scenario-format.md`).
    Scenario,
    /// A description in words (the example would be too long to show).
    Described,
}

/// One lint check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckInfo {
    /// Stable code, e.g. `L0101`.
    pub code: &'static str,
    /// Short kebab-case name, e.g. `allow-all-actions-all-resources`.
    pub name: &'static str,
    pub severity: Severity,
    /// One sentence: what the check finds.
    pub summary: &'static str,
    /// Why it matters, in a few sentences.
    pub explanation: &'static str,
    /// The AWS documentation page behind the check.
    pub url: &'static str,
    /// Whether the check runs only with the action catalog.
    pub needs_catalog: bool,
    pub example_kind: ExampleKind,
    pub bad_example: &'static str,
    pub fixed_example: &'static str,
}

/// Every check, in code order.
pub fn checks() -> &'static [CheckInfo] {
    &CHECKS
}

/// The check with this code.
pub fn check(code: &str) -> Option<&'static CheckInfo> {
    CHECKS.iter().find(|info| info.code == code)
}

/// What a finding needs at run time, its severity and doc link, without the prose and examples of the
/// registry: a program that lints but never lists the checks (the playground's wasm) then does not carry
/// that text. A test keeps it equal to the registry.
pub fn severity_and_url(code: &str) -> Option<(Severity, &'static str)> {
    Some(match code {
        codes::MISSING_VERSION => (
            Severity::Warning,
            guide!("reference_policies_elements_version.html"),
        ),
        codes::OLD_VERSION => (
            Severity::Suggestion,
            guide!("reference_policies_elements_version.html"),
        ),
        codes::LITERAL_POLICY_VARIABLE => (
            Severity::Warning,
            guide!("reference_policies_variables.html"),
        ),
        codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES => {
            (Severity::SecurityWarning, guide!("access_policies.html"))
        }
        codes::ALLOW_NOT_ACTION_ALL_RESOURCES => (
            Severity::SecurityWarning,
            guide!("reference_policies_elements_notaction.html"),
        ),
        codes::ALLOW_NOT_PRINCIPAL => (
            Severity::SecurityWarning,
            guide!("reference_policies_elements_notprincipal.html"),
        ),
        codes::PUBLIC_ACCESS => (
            Severity::SecurityWarning,
            guide!("reference_policies_elements_principal.html#principal-anonymous"),
        ),
        codes::NOT_PRINCIPAL_DENY_WITHOUT_ACCOUNT => (
            Severity::Warning,
            guide!("reference_policies_elements_notprincipal.html#specifying-notprincipal"),
        ),
        codes::PASS_ROLE_ALL_RESOURCES => (
            Severity::SecurityWarning,
            guide!("id_roles_use_passrole.html"),
        ),
        codes::NOT_PRINCIPAL_IN_TRUST_POLICY => (
            Severity::Error,
            guide!("reference_policies_elements_notprincipal.html"),
        ),
        codes::WEB_IDENTITY_TRUST_WITHOUT_CONDITION => (
            Severity::SecurityWarning,
            guide!("reference_policies_elements_principal.html#principal-federated-web-identity"),
        ),
        codes::MFA_DENY_MISSES_LONG_TERM_CREDENTIALS => (
            Severity::Warning,
            guide!("reference_policies_condition-keys.html#condition-keys-multifactorauthpresent"),
        ),
        codes::FOR_ALL_VALUES_ALLOW_MATCHES_MISSING_KEY => (
            Severity::Warning,
            guide!("reference_policies_multi-value-conditions.html"),
        ),
        codes::SET_OPERATOR_ON_SINGLE_VALUED_KEY => (
            Severity::Warning,
            guide!("reference_policies_single-vs-multi-valued-condition-keys.html"),
        ),
        codes::MULTIVALUED_KEY_WITHOUT_SET_OPERATOR => (
            Severity::Warning,
            guide!("reference_policies_single-vs-multi-valued-condition-keys.html"),
        ),
        codes::UNKNOWN_SERVICE => (
            Severity::Warning,
            guide!("reference_policies_elements_action.html"),
        ),
        codes::UNKNOWN_ACTION => (
            Severity::Warning,
            guide!("reference_policies_elements_action.html"),
        ),
        codes::ACTION_PATTERN_MATCHES_NOTHING => (
            Severity::Warning,
            guide!("reference_policies_elements_action.html"),
        ),
        codes::RESOURCE_TYPE_MISMATCH => (
            Severity::Warning,
            guide!("reference_policies_elements_resource.html"),
        ),
        codes::UNSUPPORTED_CONDITION_KEY => (
            Severity::Warning,
            guide!("reference_policies_elements_condition.html"),
        ),
        codes::UNKNOWN_GLOBAL_CONDITION_KEY => (
            Severity::Warning,
            guide!("reference_policies_condition-keys.html"),
        ),
        codes::POLICY_TOO_LARGE => (
            Severity::Error,
            guide!("reference_iam-quotas.html#reference_iam-quotas-entity-length"),
        ),
        codes::TRUST_POLICY_OVER_DEFAULT_QUOTA => (
            Severity::Warning,
            guide!("reference_iam-quotas.html#reference_iam-quotas-entity-length"),
        ),
        codes::ROLE_WITHOUT_TRUST_POLICY => (
            Severity::Warning,
            guide!("reference_policies_elements_principal.html#principal-roles"),
        ),
        codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE => (
            Severity::Warning,
            guide!("reference_policies_elements_principal.html#principal-roles"),
        ),
        codes::KMS_KEY_DEFAULT_POLICY => (
            Severity::Suggestion,
            "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
        ),
        codes::PUBLIC_POLICY_BLOCKED => (
            Severity::Error,
            "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        ),
        _ => return None,
    })
}

const IDENTITY: ExampleKind = ExampleKind::Policy(PolicyKind::Identity);
const RESOURCE: ExampleKind = ExampleKind::Policy(PolicyKind::Resource);
const TRUST: ExampleKind = ExampleKind::Policy(PolicyKind::Trust);

static CHECKS: [CheckInfo; 27] = [
    CheckInfo {
        code: codes::MISSING_VERSION,
        name: "missing-version",
        severity: Severity::Warning,
        summary: "The policy has no `Version` element.",
        explanation: "Without `Version`, AWS reads the policy as the old `2008-10-17` language, in which \
            policy variables such as `${aws:username}` are plain text. Always start a policy with \
            `\"Version\": \"2012-10-17\"`.",
        url: guide!("reference_policies_elements_version.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }
  ]
}"#,
    },
    CheckInfo {
        code: codes::OLD_VERSION,
        name: "old-version",
        severity: Severity::Suggestion,
        summary: "The policy uses `\"Version\": \"2008-10-17\"`, the old policy language.",
        explanation: "AWS keeps `2008-10-17` for old policies only: newer features such as policy variables \
            do not work in it. Use `2012-10-17` for new and updated policies.",
        url: guide!("reference_policies_elements_version.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2008-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }
  ]
}"#,
    },
    CheckInfo {
        code: codes::LITERAL_POLICY_VARIABLE,
        name: "literal-policy-variable",
        severity: Severity::Warning,
        summary: "A `${...}` policy variable appears in a policy whose `Version` does not substitute variables.",
        explanation: "Only `\"Version\": \"2012-10-17\"` replaces policy variables with request values. Under \
            `2008-10-17`, or with no `Version`, `${aws:username}` is matched as those literal characters, so \
            the statement silently matches nothing.",
        url: guide!("reference_policies_variables.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/home/${aws:username}/*"
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/home/${aws:username}/*"
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES,
        name: "allow-all-actions-all-resources",
        severity: Severity::SecurityWarning,
        summary: "An `Allow` grants every action (`\"Action\": \"*\"`) on every resource (`\"Resource\": \"*\"`).",
        explanation: "That is full administrator access. Grant only the actions and resources the principal \
            needs. Permissions boundaries, session policies, SCPs and RCPs only cap access, so `*` on `*` is \
            not flagged there.",
        url: guide!("access_policies.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["dynamodb:GetItem", "dynamodb:PutItem"],
      "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/Orders"
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::ALLOW_NOT_ACTION_ALL_RESOURCES,
        name: "allow-not-action-all-resources",
        severity: Severity::SecurityWarning,
        summary: "An `Allow` with `NotAction` applies to every resource (`\"Resource\": \"*\"`).",
        explanation: "`NotAction` with `Allow` grants every action of every service except the listed ones — \
            including services AWS adds later. AWS warns it \"could result in granting users more permissions \
            than you intended\". List the allowed actions, or scope the resources.",
        url: guide!("reference_policies_elements_notaction.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "NotAction": "iam:*", "Resource": "*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::ALLOW_NOT_PRINCIPAL,
        name: "allow-not-principal",
        severity: Severity::SecurityWarning,
        summary: "An `Allow` statement uses `NotPrincipal`.",
        explanation: "It allows every principal except the listed ones, anonymous users included. AWS \
            \"strongly recommend[s]\" against it, and most resource policy types no longer accept it. Name the \
            allowed principals in `Principal`.",
        url: guide!("reference_policies_elements_notprincipal.html"),
        needs_catalog: false,
        example_kind: RESOURCE,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "NotPrincipal": { "AWS": "arn:aws:iam::111122223333:user/Mallory" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "AWS": "arn:aws:iam::111122223333:role/Reader" },
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*"
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::PUBLIC_ACCESS,
        name: "public-access",
        severity: Severity::SecurityWarning,
        summary: "A resource or trust policy lets anonymous users or any AWS account in: some request from \
            outside every named account is allowed.",
        explanation: "Decided by the access analysis (`iamplay access`), which evaluates one request per class of \
            principal, action and condition value the policy can tell apart, and names a witness request. A \
            wildcard principal means everyone, including anonymous users, unless a condition pins a fixed value \
            of a key that restricts who qualifies (`aws:PrincipalOrgID`, `aws:SourceVpce`, `aws:SourceArn`, a \
            narrow `aws:SourceIp`; S3's \"The meaning of public\"). Broad ranges, wildcards in those values, \
            `StringLike` on `aws:PrincipalArn` with a wildcard account and `ForAllValues` on a missing key do not \
            restrict. In a trust policy, anyone in any account can assume the role.",
        url: guide!("reference_policies_elements_principal.html#principal-anonymous"),
        needs_catalog: false,
        example_kind: RESOURCE,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "StringEquals": { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::NOT_PRINCIPAL_DENY_WITHOUT_ACCOUNT,
        name: "not-principal-deny-without-account",
        severity: Severity::Warning,
        summary: "A `Deny` with `NotPrincipal` exempts a user or role but not the account that contains it.",
        explanation: "AWS may evaluate the account before the user or role; if the account is not exempted \
            too, the deny can reach the principal through its account. AWS asks for the account ARN \
            (`arn:aws:iam::ID:root`) next to the user or role — or, better, `\"Principal\": \"*\"` with an \
            `ArnNotEquals` condition on `aws:PrincipalArn`.",
        url: guide!("reference_policies_elements_notprincipal.html#specifying-notprincipal"),
        needs_catalog: false,
        example_kind: RESOURCE,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotPrincipal": { "AWS": ["arn:aws:iam::444455556666:user/Bob"] },
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "NotPrincipal": { "AWS": ["arn:aws:iam::444455556666:user/Bob", "arn:aws:iam::444455556666:root"] },
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"]
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::PASS_ROLE_ALL_RESOURCES,
        name: "pass-role-all-resources",
        severity: Severity::SecurityWarning,
        summary: "An identity policy allows `iam:PassRole` on `\"Resource\": \"*\"`.",
        explanation: "Passing a role hands its permissions to a service the caller controls (an EC2 instance, \
            a Lambda function). On `*` that includes every admin role in the account: a privilege escalation. \
            Name the roles, and restrict the service with `iam:PassedToService`.",
        url: guide!("id_roles_use_passrole.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::123456789012:role/app-*",
      "Condition": { "StringEquals": { "iam:PassedToService": "lambda.amazonaws.com" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::NOT_PRINCIPAL_IN_TRUST_POLICY,
        name: "not-principal-in-trust-policy",
        severity: Severity::Error,
        summary: "A role trust policy uses `NotPrincipal`.",
        explanation: "\"You cannot use the `NotPrincipal` element in an IAM identity-based policy or in an IAM \
            role trust policy.\" Name who may assume the role in `Principal`.",
        url: guide!("reference_policies_elements_notprincipal.html"),
        needs_catalog: false,
        example_kind: TRUST,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "123456789012" }, "Action": "sts:AssumeRole" },
    { "Effect": "Deny", "NotPrincipal": { "AWS": "arn:aws:iam::123456789012:role/Admin" }, "Action": "sts:AssumeRole" }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:role/Admin" }, "Action": "sts:AssumeRole" }
  ]
}"#,
    },
    CheckInfo {
        code: codes::WEB_IDENTITY_TRUST_WITHOUT_CONDITION,
        name: "web-identity-trust-without-condition",
        severity: Severity::SecurityWarning,
        summary: "A trust policy lets a web identity (OIDC) provider's tokens assume the role with no \
            condition on the token.",
        explanation: "Anyone can get a token from GitHub Actions, Google or an Amazon Cognito identity pool. \
            Without a condition on the token's claims (`sub`, `aud`, ...) every one of them can assume the \
            role. For GitHub Actions `aud` is the same for everyone, so the condition must test `sub` (the \
            repository and branch).",
        url: guide!("reference_policies_elements_principal.html#principal-federated-web-identity"),
        needs_catalog: false,
        example_kind: TRUST,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": { "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": "repo:example-org/example-repo:ref:refs/heads/main"
        }
      }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::MFA_DENY_MISSES_LONG_TERM_CREDENTIALS,
        name: "mfa-deny-misses-long-term-credentials",
        severity: Severity::Warning,
        summary: "A `Deny` tests `aws:MultiFactorAuthPresent` with `Bool` + `false` (or `Null` + `true`).",
        explanation: "Requests signed with long-term access keys carry no `aws:MultiFactorAuthPresent` at all, \
            so `Bool` + `false` does not match them and they are not denied. AWS calls this \"not a reliable \
            way to check whether a request is authenticated using MFA\" and recommends `BoolIfExists`.",
        url: guide!("reference_policies_condition-keys.html#condition-keys-multifactorauthpresent"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": { "Bool": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Deny",
      "Action": "ec2:TerminateInstances",
      "Resource": "*",
      "Condition": { "BoolIfExists": { "aws:MultiFactorAuthPresent": "false" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::FOR_ALL_VALUES_ALLOW_MATCHES_MISSING_KEY,
        name: "for-all-values-allow-matches-missing-key",
        severity: Severity::Warning,
        summary: "An `Allow` uses `ForAllValues` without also requiring the key to be present.",
        explanation: "`ForAllValues` is true when the request has no value for the key at all, so the \
            `Allow` also applies to requests without it (e.g. a request with no tags). Add a `Null` condition \
            with `false` on the same key to require it.",
        url: guide!("reference_policies_multi-value-conditions.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": { "ForAllValues:StringEquals": { "aws:TagKeys": ["Project", "Owner"] } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "ec2:CreateTags",
      "Resource": "*",
      "Condition": {
        "ForAllValues:StringEquals": { "aws:TagKeys": ["Project", "Owner"] },
        "Null": { "aws:TagKeys": "false" }
      }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::SET_OPERATOR_ON_SINGLE_VALUED_KEY,
        name: "set-operator-on-single-valued-key",
        severity: Severity::Warning,
        summary: "`ForAllValues`/`ForAnyValue` is used with a single-valued global key.",
        explanation: "Set operators are for multivalued keys; \"Using condition set operators with \
            single-valued condition keys can lead to overly permissive policies\" (`ForAllValues` matches when \
            the key is missing). Use the plain operator.",
        url: guide!("reference_policies_single-vs-multi-valued-condition-keys.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "ForAnyValue:StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::MULTIVALUED_KEY_WITHOUT_SET_OPERATOR,
        name: "multivalued-key-without-set-operator",
        severity: Severity::Warning,
        summary: "A multivalued global key (`aws:TagKeys`, `aws:PrincipalOrgPaths`, ...) is tested without \
            `ForAnyValue`/`ForAllValues`.",
        explanation: "\"Multivalued condition keys require condition set operators `ForAllValues` or \
            `ForAnyValue`\": a plain operator does not say whether any or every value must match.",
        url: guide!("reference_policies_single-vs-multi-valued-condition-keys.html"),
        needs_catalog: false,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "StringLike": { "aws:ResourceOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "ForAnyValue:StringLike": { "aws:ResourceOrgPaths": "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::UNKNOWN_SERVICE,
        name: "unknown-service",
        severity: Severity::Warning,
        summary: "An action's service prefix is not an AWS service (needs the catalog).",
        explanation: "The action can never match a request. Usually a typo in the prefix (`s4:`) or a \
            service name used instead of its prefix (`lambdas:`).",
        url: guide!("reference_policies_elements_action.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s4:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
    },
    CheckInfo {
        code: codes::UNKNOWN_ACTION,
        name: "unknown-action",
        severity: Severity::Warning,
        summary: "An action is not one of its service's actions (needs the catalog; suggests the closest).",
        explanation: "A misspelled action matches no request, so the statement silently does nothing for it.",
        url: guide!("reference_policies_elements_action.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObjects", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
    },
    CheckInfo {
        code: codes::ACTION_PATTERN_MATCHES_NOTHING,
        name: "action-pattern-matches-nothing",
        severity: Severity::Warning,
        summary: "An action pattern with wildcards matches none of its service's actions (needs the catalog).",
        explanation: "A pattern such as `s3:Gte*` is valid syntax but matches no action, so it grants or \
            denies nothing.",
        url: guide!("reference_policies_elements_action.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:Gte*", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
    },
    CheckInfo {
        code: codes::RESOURCE_TYPE_MISMATCH,
        name: "resource-type-mismatch",
        severity: Severity::Warning,
        summary: "An action acts on none of its statement's resources (needs the catalog).",
        explanation: "Each action works on certain resource types: `s3:GetObject` on objects \
            (`arn:aws:s3:::bucket/key`), not on the bucket (`arn:aws:s3:::bucket`); actions without resource \
            types, such as `s3:ListAllMyBuckets`, need `\"Resource\": \"*\"`. If no resource of the statement \
            fits, the action is never allowed or denied by it.",
        url: guide!("reference_policies_elements_resource.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket" }]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*" }]
}"#,
    },
    CheckInfo {
        code: codes::UNSUPPORTED_CONDITION_KEY,
        name: "unsupported-condition-key",
        severity: Severity::Warning,
        summary: "A service condition key is supported by none of the statement's actions (needs the catalog).",
        explanation: "A request only carries the keys its action supports. A condition on another key never \
            sees a value: a plain operator is then always false (the statement never applies) and an \
            `...IfExists` or negated one always true. Global `aws:` keys are always accepted.",
        url: guide!("reference_policies_elements_condition.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "StringLike": { "s3:prefix": "home/*" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::example-bucket",
      "Condition": { "StringLike": { "s3:prefix": "home/*" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::UNKNOWN_GLOBAL_CONDITION_KEY,
        name: "unknown-global-condition-key",
        severity: Severity::Warning,
        summary: "An `aws:` condition key is not one AWS defines (needs the catalog; suggests the closest).",
        explanation: "AWS only sets the global keys it documents; a misspelled one is never in a request, so \
            the condition is always false (or, with `...IfExists` and negated operators, always true).",
        url: guide!("reference_policies_condition-keys.html"),
        needs_catalog: true,
        example_kind: IDENTITY,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "IpAddress": { "aws:SourceIps": "203.0.113.0/24" } }
    }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::example-bucket/*",
      "Condition": { "IpAddress": { "aws:SourceIp": "203.0.113.0/24" } }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::POLICY_TOO_LARGE,
        name: "policy-too-large",
        severity: Severity::Error,
        summary: "The policy is longer than AWS accepts for its kind.",
        explanation: "Limits, counted in characters without whitespace: managed policy (and permissions \
            boundary) 6,144; inline policies of a user 2,048, of a group 5,120, of a role 10,240 (all of an \
            identity's inline policies together); session policy 2,048; SCP and RCP 5,120; S3 bucket policy \
            20 KB; VPC endpoint policy 20,480 (AWS counts its whitespace too, so a finding is certain but a \
            policy just under the limit may still be refused). Without an attachment hint an identity policy is measured as a managed policy. Other \
            services' resource policies are not measured. AWS managed policies are never measured, the quotas \
            being for customer managed and inline policies: neither one attached by ARN nor a document that is \
            exactly an AWS managed policy's (pasted from the console), when the snapshot is loaded.",
        url: guide!("reference_iam-quotas.html#reference_iam-quotas-entity-length"),
        needs_catalog: false,
        example_kind: ExampleKind::Described,
        bad_example: "A managed policy of 6,145 characters, not counting whitespace.",
        fixed_example: "Two managed policies of at most 6,144 characters each, or one policy shortened by \
            merging statements and using wildcards such as `s3:Get*` where they grant exactly what is meant.",
    },
    CheckInfo {
        code: codes::TRUST_POLICY_OVER_DEFAULT_QUOTA,
        name: "trust-policy-over-default-quota",
        severity: Severity::Warning,
        summary: "A role trust policy is longer than the default quota of 2,048 characters.",
        explanation: "AWS rejects a longer trust policy unless the account's \"Role trust policy length\" \
            quota was raised in Service Quotas.",
        url: guide!("reference_iam-quotas.html#reference_iam-quotas-entity-length"),
        needs_catalog: false,
        example_kind: ExampleKind::Described,
        bad_example: "A trust policy listing 60 role ARNs one by one (2,500 characters).",
        fixed_example: "A trust policy that trusts the account and narrows it with an `ArnLike` condition on \
            `aws:PrincipalArn`, or a raised quota.",
    },
    CheckInfo {
        code: codes::ROLE_WITHOUT_TRUST_POLICY,
        name: "role-without-trust-policy",
        severity: Severity::Warning,
        summary: "A scenario role has no trust policy.",
        explanation: "Every role needs a trust policy naming who may assume it; without one nobody can, and \
            each assume hop to it is an implicit deny.",
        url: guide!("reference_policies_elements_principal.html#principal-roles"),
        needs_catalog: false,
        example_kind: ExampleKind::Scenario,
        bad_example: r#"{
  "roles": [{ "arn": "arn:aws:iam::123456789012:role/OrdersWriter" }]
}"#,
        fixed_example: r#"{
  "roles": [
    {
      "arn": "arn:aws:iam::123456789012:role/OrdersWriter",
      "trustPolicy": {
        "Version": "2012-10-17",
        "Statement": [
          { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }
        ]
      }
    }
  ]
}"#,
    },
    CheckInfo {
        code: codes::TRUST_POLICY_ALLOWS_NO_ASSUME_ROLE,
        name: "trust-policy-allows-no-assume-role",
        severity: Severity::Warning,
        summary: "A trust policy has no `Allow` of `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or \
            `sts:AssumeRoleWithWebIdentity`.",
        explanation: "A trust policy is the role's resource policy for assuming it; if it allows none of the \
            `sts:AssumeRole*` actions, nobody can assume the role.",
        url: guide!("reference_policies_elements_principal.html#principal-roles"),
        needs_catalog: false,
        example_kind: TRUST,
        bad_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "lambda:InvokeFunction" }
  ]
}"#,
        fixed_example: r#"{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }
  ]
}"#,
    },
    CheckInfo {
        code: codes::KMS_KEY_DEFAULT_POLICY,
        name: "kms-key-default-policy",
        severity: Severity::Suggestion,
        summary: "A request uses a KMS key whose key policy the scenario does not give.",
        explanation: "Every KMS key has a key policy. iamplay evaluates a key the scenario does not describe \
            with AWS's default key policy, which allows the key's account and so lets IAM policies grant \
            access; callers of other accounts get nothing. Describe the key with its real key policy if it \
            differs.",
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html",
        needs_catalog: false,
        example_kind: ExampleKind::Scenario,
        bad_example: r#"{
  "requests": [{
    "principal": "arn:aws:iam::123456789012:root",
    "action": "kms:Decrypt",
    "resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }]
}"#,
        fixed_example: r#"{
  "resources": [{
    "arn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [{
        "Sid": "Enable IAM User Permissions",
        "Effect": "Allow",
        "Principal": { "AWS": "arn:aws:iam::123456789012:root" },
        "Action": "kms:*",
        "Resource": "*"
      }]
    }
  }],
  "requests": [{
    "principal": "arn:aws:iam::123456789012:root",
    "action": "kms:Decrypt",
    "resource": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }]
}"#,
    },
    CheckInfo {
        code: codes::PUBLIC_POLICY_BLOCKED,
        name: "public-policy-blocked",
        severity: Severity::Error,
        summary: "A bucket policy is public while S3 Block Public Access `blockPublicPolicy` is on.",
        explanation: "With `blockPublicPolicy` on for the bucket or its account, S3 rejects PutBucketPolicy \
            with a public policy, so this policy could not be attached. Public is S3's sense: an `Allow` to \
            `*`, a wildcard or a web identity provider not narrowed by a fixed value of `aws:SourceVpce`, \
            `aws:SourceAccount`, `aws:PrincipalOrgID` and the other keys the S3 page lists, or an \
            `aws:SourceIp` range wider than /8.",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
        needs_catalog: false,
        example_kind: ExampleKind::Scenario,
        bad_example: r#"{
  "accounts": { "123456789012": { "s3BlockPublicAccess": { "blockPublicPolicy": true } } },
  "resources": [{
    "arn": "arn:aws:s3:::example-bucket",
    "account": "123456789012",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::example-bucket/*"
      }]
    }
  }]
}"#,
        fixed_example: r#"{
  "accounts": { "123456789012": { "s3BlockPublicAccess": { "blockPublicPolicy": true } } },
  "resources": [{
    "arn": "arn:aws:s3:::example-bucket",
    "account": "123456789012",
    "policy": {
      "Version": "2012-10-17",
      "Statement": [{
        "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::example-bucket/*",
        "Condition": { "StringEquals": { "aws:SourceVpce": "vpce-1a2b3c4d" } }
      }]
    }
  }]
}"#,
    },
];

/// Parser diagnostics that answer questions a linter is asked, listed in the docs so nobody adds a lint
/// check for them twice.
const PARSER_FINDINGS: [(&str, &str); 9] = [
    (
        parse_codes::PRINCIPAL_NOT_ALLOWED,
        "`Principal`/`NotPrincipal` in an identity policy, permissions boundary, session policy or SCP",
    ),
    (
        parse_codes::MISSING_PRINCIPAL,
        "no `Principal` in a resource policy, trust policy or RCP",
    ),
    (parse_codes::UNKNOWN_OPERATOR, "an unknown condition operator (with a did-you-mean)"),
    (parse_codes::INVALID_RESOURCE, "a `Resource` that is neither `*` nor a well-formed ARN"),
    (parse_codes::INVALID_ACTION, "an `Action` that is neither `*` nor `service:action`"),
    (parse_codes::GROUP_PRINCIPAL, "an IAM group used as a principal"),
    (
        parse_codes::PARTIAL_WILDCARD_PRINCIPAL,
        "a wildcard inside a principal name or ARN (`role/app-*`)",
    ),
    (parse_codes::DUPLICATE_SID, "two statements with the same `Sid` (warning)"),
    (parse_codes::EMPTY_ARRAY, "an empty list where AWS needs a value (`Action`, condition values, ...)"),
];

fn severity_name(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning => "security warning",
        Severity::Warning => "warning",
        Severity::Suggestion => "suggestion",
    }
}

/// `docs/lint.md`, generated from `checks()`.
pub fn docs_markdown() -> String {
    let mut out = String::new();
    out.push_str(
        "# Lint checks\n\n\
         <!-- Generated from crates/iamplay-core/src/lint/registry.rs; do not edit. Refresh with\n     \
         IAMPLAY_BLESS=1 cargo test -p iamplay-core lint_docs -->\n\n\
         `iamplay lint` (and the playground's editor) checks every policy with the checks below. Each finding \
         has a stable code, a severity, the place in the file, a message, a line on how to fix it and a link \
         to the AWS documentation.\n\n\
         - **error**: AWS rejects the policy, or the element can never work.\n\
         - **security warning**: the policy grants more than it seems to, often to everyone.\n\
         - **warning**: the policy does not do what it reads like.\n\
         - **suggestion**: a better way to write it.\n\n\
         Turn a check off by its code (`iamplay lint --disable L0002`). Checks marked *catalog* need the AWS \
         action catalog (built into the CLI; loaded on demand by the playground).\n\n\
         Parse errors are not lint findings, but `iamplay lint` reports them too, and they cannot be turned \
         off. Among them, from the policy parser:\n\n",
    );
    out.push_str("| Code | Finds |\n|---|---|\n");
    for (code, finds) in PARSER_FINDINGS {
        out.push_str(&format!("| {code} | {finds} |\n"));
    }
    out.push('\n');
    out.push_str("| Code | Name | Severity | Finds |\n|---|---|---|---|\n");
    for info in checks() {
        let catalog = if info.needs_catalog { " *catalog*" } else { "" };
        out.push_str(&format!(
            "| [{code}](#{anchor}) | `{name}` | {severity}{catalog} | {summary} |\n",
            code = info.code,
            anchor = info.code.to_ascii_lowercase(),
            name = info.name,
            severity = severity_name(info.severity),
            summary = info.summary,
        ));
    }
    for info in checks() {
        out.push_str(&format!(
            "\n## {code}\n\n`{name}` · {severity}{catalog}\n\n{summary}\n\n{explanation}\n\nAWS documentation: <{url}>\n\n",
            code = info.code,
            name = info.name,
            severity = severity_name(info.severity),
            catalog = if info.needs_catalog { " · needs the catalog" } else { "" },
            summary = info.summary,
            explanation = info.explanation,
            url = info.url,
        ));
        let (what, fence) = match info.example_kind {
            ExampleKind::Policy(kind) => (format!("{} policy", kind_name(kind)), true),
            ExampleKind::Scenario => ("scenario".to_string(), true),
            ExampleKind::Described => (String::new(), false),
        };
        if fence {
            out.push_str(&format!(
                "Flagged ({what}):\n\n```json\n{}\n```\n\nFixed:\n\n```json\n{}\n```\n",
                info.bad_example, info.fixed_example
            ));
        } else {
            out.push_str(&format!(
                "Flagged: {}\n\nFixed: {}\n",
                info.bad_example, info.fixed_example
            ));
        }
    }
    out
}

fn kind_name(kind: PolicyKind) -> &'static str {
    match kind {
        PolicyKind::Identity => "identity",
        PolicyKind::Resource => "resource",
        PolicyKind::Trust => "trust",
        PolicyKind::Boundary => "permissions boundary",
        PolicyKind::Session => "session",
        PolicyKind::Scp => "service control",
        PolicyKind::Rcp => "resource control",
    }
}

#[cfg(test)]
mod runtime_table_tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    #[test]
    fn the_runtime_table_matches_the_registry() {
        for info in checks() {
            assert_eq!(
                severity_and_url(info.code),
                Some((info.severity, info.url)),
                "{}",
                info.code
            );
        }
        assert_eq!(severity_and_url("L9999"), None);
        assert_eq!(severity_and_url("E0101"), None);
    }
}
