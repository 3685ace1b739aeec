//! Golden cases from the AWS docs (each names its page and heading) and property tests: every witness is
//! allowed, and a `private` answer survives random requests.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::policy::parse_policy;
use proptest::prelude::*;

fn policy(statements: &str, kind: PolicyKind) -> Policy {
    let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{statements}]}}"#);
    let parsed = parse_policy(&text, kind);
    assert!(
        parsed.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        parsed.diagnostics
    );
    parsed.policy.expect("policy")
}

fn bucket(statements: &str) -> PolicyAccess {
    analyze_policy(
        &policy(statements, PolicyKind::Resource),
        &AccessTarget {
            resource: Some("arn:aws:s3:::example-bucket"),
            owner: Some("111122223333"),
            kind: ResourcePolicyKind::Resource,
        },
        &AccessOptions::default(),
    )
}

fn role(statements: &str) -> PolicyAccess {
    analyze_policy(
        &policy(statements, PolicyKind::Trust),
        &AccessTarget {
            resource: Some("arn:aws:iam::111122223333:role/app"),
            owner: None,
            kind: ResourcePolicyKind::RoleTrust,
        },
        &AccessOptions::default(),
    )
}

/// Re-evaluates a witness from its own fields, the way a user would paste it into a scenario request.
fn witness_allowed(policy: &Policy, target: &AccessTarget<'_>, witness: &Witness) -> bool {
    let principal = if witness.principal == "anonymous" {
        Principal::anonymous()
    } else if witness.caller == CallerClass::Service && !witness.principal.starts_with("arn:") {
        Principal::service(&witness.principal)
    } else if witness.caller == CallerClass::IdentityProvider {
        Principal::federated(&witness.principal)
    } else {
        Principal::from_arn(&witness.principal).expect("witness principal")
    };
    let mut request = AuthorizationRequest::new(principal, &witness.action, &witness.resource);
    request.resource_account = Some(
        target
            .owner
            .map(str::to_string)
            .or_else(|| target.resource.and_then(crate::eval::request::account_of))
            .unwrap_or_else(|| UNKNOWN_OWNER.to_string()),
    );
    for (key, value) in &witness.context {
        request.context.insert(key, value.clone());
    }
    request.policies.resource = Some(ResourcePolicy {
        kind: target.kind,
        policy: NamedPolicy::new("resource", policy),
    });
    let allow_all = allow_everything();
    if request.principal.account.is_some() {
        request.policies.identity = vec![NamedPolicy::new("other", &allow_all)];
    }
    crate::eval::evaluate(&request).decision == Decision::Allow
}

// access-control-block-public-access.md, "The meaning of \"public\"", "Example : Public bucket policies".
#[test]
fn s3_public_policy_examples_are_public() {
    let examples = [
        r#"{"Principal": {"Federated": "graph.facebook.com"}, "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow"}"#,
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow"}"#,
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow",
            "Condition": {"StringLike": {"aws:SourceVpc": "vpc-*"}}}"#,
    ];
    for example in examples {
        let answer = bucket(example);
        assert_eq!(answer.access, Access::Public, "{example}: {answer:?}");
        assert!(answer.witnesses.first().is_some_and(|w| w.public));
        assert!(
            is_public(&policy(example, PolicyKind::Resource)),
            "{example}"
        );
    }
}

// example-bucket-policies.md, "Grant permission to an Amazon CloudFront OAI": the bucket is shared with CloudFront
// only, through the OAI, which belongs to no account.
#[test]
fn a_cloudfront_oai_grant_is_external_with_the_oai_as_witness() {
    let oai = "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity EH1HDMB1FH2TC";
    let statement = format!(
        r#"{{"Effect": "Allow", "Principal": {{"AWS": "{oai}"}}, "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::example-bucket/*"}}"#
    );
    let answer = bucket(&statement);
    assert_eq!(answer.access, Access::External, "{answer:?}");
    let witness = answer.witnesses.first().expect("a witness");
    assert_eq!(witness.principal, oai);
    assert_eq!(witness.caller, CallerClass::Service);
    assert_eq!(witness.account, None);
    assert!(!witness.public);
    let target = AccessTarget {
        resource: Some("arn:aws:s3:::example-bucket"),
        owner: Some("111122223333"),
        kind: ResourcePolicyKind::Resource,
    };
    assert!(witness_allowed(
        &policy(&statement, PolicyKind::Resource),
        &target,
        witness
    ));
    assert!(!is_public(&policy(&statement, PolicyKind::Resource)));
}

// access-control-block-public-access.md, "The meaning of \"public\"": "you can make the last policy preceding
// non-public by setting aws:SourceVpc to a fixed value".
#[test]
fn a_fixed_source_vpc_makes_the_policy_non_public() {
    let fixed = r#"{"Principal": "*", "Resource": "*", "Action": "s3:PutObject", "Effect": "Allow",
        "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-91237329"}}}"#;
    let answer = bucket(fixed);
    assert_eq!(answer.access, Access::External, "{answer:?}");
    let limit = answer.witnesses.first().and_then(|w| w.limits.first());
    assert!(limit.is_some_and(|l| l.key == "aws:SourceVpc" && l.kind == Some(LimitKind::Network)));
    assert!(!is_public(&policy(fixed, PolicyKind::Resource)));
}

// access-control-block-public-access.md, "The meaning of \"public\"", the note on aws:SourceIp: "very broad IP
// ranges (for example, 0.0.0.0/1) are evaluated as public".
#[test]
fn broad_source_ip_ranges_are_public_narrow_ones_are_not() {
    let with = |range: &str| {
        bucket(&format!(
            r#"{{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:GetObject",
                "Effect": "Allow", "Condition": {{"IpAddress": {{"aws:SourceIp": "{range}"}}}}}}"#
        ))
    };
    assert_eq!(with("0.0.0.0/1").access, Access::Public);
    assert_eq!(with("2001:db8::/16").access, Access::Public);
    let narrow = with("203.0.113.0/24");
    assert_eq!(narrow.access, Access::External, "{narrow:?}");
    assert!(narrow
        .witnesses
        .iter()
        .all(|w| w.context.contains_key("aws:SourceIp")));
    // NotIpAddress excludes a range: everyone else is still in.
    let not = bucket(
        r#"{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:GetObject",
            "Effect": "Allow", "Condition": {"NotIpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
    );
    assert_eq!(not.access, Access::Public);
}

// reference_policies_condition-keys.md, "aws:PrincipalOrgID": a pinned organization admits only its accounts.
#[test]
fn principal_org_id_pinned_is_external_not_public() {
    let answer = bucket(
        r#"{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:GetObject",
            "Effect": "Allow", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
    );
    assert_eq!(answer.access, Access::External, "{answer:?}");
    assert!(answer.witnesses.iter().all(|w| w
        .limits
        .iter()
        .any(|l| l.kind == Some(LimitKind::Organization))));
    // Anonymous callers have no organization: none of them is a witness.
    assert!(answer
        .witnesses
        .iter()
        .all(|w| w.caller != CallerClass::Anonymous));
    // A wildcard organization is no restriction.
    let any = bucket(
        r#"{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:GetObject",
            "Effect": "Allow", "Condition": {"StringLike": {"aws:PrincipalOrgID": "o-*"}}}"#,
    );
    assert_eq!(any.access, Access::Public);
}

// confused-deputy.md, "Cross-service confused deputy prevention": aws:SourceArn / aws:SourceAccount are set only
// when a service acts on behalf of a resource.
#[test]
fn principal_star_with_source_account_admits_only_services_for_that_account() {
    let answer = bucket(
        r#"{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:PutObject",
            "Effect": "Allow", "Condition": {"StringEquals": {"aws:SourceAccount": "444455556666"}}}"#,
    );
    assert_eq!(answer.access, Access::External, "{answer:?}");
    assert!(answer
        .witnesses
        .iter()
        .all(|w| w.caller == CallerClass::Service));
    let wildcard = bucket(
        r#"{"Principal": "*", "Resource": "arn:aws:s3:::example-bucket/*", "Action": "s3:PutObject",
            "Effect": "Allow", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:s3:::*"}}}"#,
    );
    assert_eq!(wildcard.access, Access::Public, "{wildcard:?}");
}

// reference_policies_elements_notprincipal.md, "NotPrincipal with Allow": everyone not listed, anonymous too.
#[test]
fn not_principal_with_allow_is_public() {
    let answer = bucket(
        r#"{"NotPrincipal": {"AWS": "arn:aws:iam::444455556666:user/Bob"}, "Resource": "*",
            "Action": "s3:GetObject", "Effect": "Allow"}"#,
    );
    assert_eq!(answer.access, Access::Public);
    assert!(answer
        .witnesses
        .iter()
        .any(|w| w.caller == CallerClass::Anonymous && w.public));
}

// reference_policies_elements_condition_operators.md, "ARN condition operators": a wildcard account in
// aws:PrincipalArn admits the role of that name in every account.
#[test]
fn wildcard_account_in_principal_arn_is_public() {
    let answer = bucket(
        r#"{"Principal": {"AWS": "*"}, "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow",
            "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/Admin"}}}"#,
    );
    assert_eq!(answer.access, Access::Public, "{answer:?}");
    let fixed = bucket(
        r#"{"Principal": {"AWS": "*"}, "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow",
            "Condition": {"ArnEquals": {"aws:PrincipalArn": "arn:aws:iam::444455556666:role/Admin"}}}"#,
    );
    assert_eq!(fixed.access, Access::External, "{fixed:?}");
    assert!(fixed
        .witnesses
        .iter()
        .all(|w| w.account.as_deref() == Some("444455556666")));
}

// reference_policies_multi-value-conditions.md: ForAllValues is true when the key is missing; ForAnyValue is
// false then.
#[test]
fn for_all_values_on_a_missing_key_lets_everyone_in() {
    let answer = bucket(
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow",
            "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalOrgPaths": ["o-a/r-b/ou-c/"]}}}"#,
    );
    assert_eq!(answer.access, Access::Public, "{answer:?}");
    let any = bucket(
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow",
            "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalOrgPaths": ["o-a/r-b/ou-c/"]}}}"#,
    );
    assert_eq!(any.access, Access::External, "{any:?}");
}

// reference_policies_elements_condition_operators.md, "Condition operator to check existence of condition keys":
// Null false only requires the key to be present, with any value.
#[test]
fn null_check_alone_restricts_nothing() {
    let answer = bucket(
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:GetObject", "Effect": "Allow",
            "Condition": {"Null": {"aws:SourceVpce": "false"}}}"#,
    );
    assert_eq!(answer.access, Access::Public, "{answer:?}");
}

// reference_policies_evaluation-logic.md, "The difference between explicit and implicit denies": a Deny unless
// the organization matches leaves only that organization.
#[test]
fn a_deny_outside_the_organization_limits_an_open_allow() {
    let answer = bucket(
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:*", "Effect": "Allow"},
           {"Principal": "*", "Resource": "*", "Action": "s3:*", "Effect": "Deny",
            "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
    );
    assert_eq!(answer.access, Access::External, "{answer:?}");
    let partial = bucket(
        r#"{"Principal": "*", "Resource": "*", "Action": "s3:*", "Effect": "Allow"},
           {"Principal": "*", "Resource": "*", "Action": "s3:Delete*", "Effect": "Deny"}"#,
    );
    assert_eq!(partial.access, Access::Public);
    assert!(partial
        .witnesses
        .iter()
        .all(|w| !w.action.starts_with("s3:Delete")));
}

// access-analyzer-resources.md, "AWS Identity and Access Management roles": trust policies shared with other
// accounts are findings; the role's own account is inside the zone of trust.
#[test]
fn trust_policies_name_who_can_assume() {
    let own = role(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}"#,
    );
    assert_eq!(own.access, Access::Private, "{own:?}");
    assert!(own.reason.is_some());
    let root = role(
        r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}"#,
    );
    assert_eq!(root.access, Access::External, "{root:?}");
    let other = role(
        r#"{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"}"#,
    );
    assert_eq!(other.access, Access::External);
    assert!(other
        .witnesses
        .iter()
        .all(|w| w.account.as_deref() == Some("444455556666")));
    let service = role(
        r#"{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}"#,
    );
    assert_eq!(service.access, Access::External);
    // id_roles_create_for-idp_oidc.md: a GitHub OIDC trust without a pinned `sub` lets any repository in.
    let oidc = |condition: &str| {
        role(&format!(
            r#"{{"Effect": "Allow", "Principal": {{"Federated":
                "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}},
                "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {condition}}}"#
        ))
    };
    assert_eq!(
        oidc(
            r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}"#
        )
        .access,
        Access::Public
    );
    assert_eq!(
        oidc(r#"{"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:org/app:ref:refs/heads/main"}}"#)
            .access,
        Access::External
    );
}

#[test]
fn no_allow_is_private_with_a_reason() {
    let answer =
        bucket(r#"{"Principal": "*", "Resource": "*", "Action": "s3:*", "Effect": "Deny"}"#);
    assert_eq!(answer.access, Access::Private);
    assert_eq!(
        answer.reason.as_deref(),
        Some("the policy has no `Allow` statement")
    );
}

#[test]
fn scenario_resources_and_roles_are_analyzed() {
    let text = r#"{
      "roles": [{"arn": "arn:aws:iam::111122223333:role/open", "trustPolicy": {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}}],
      "resources": [{"arn": "arn:aws:s3:::private-bucket", "account": "111122223333",
          "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"AWS": "arn:aws:iam::111122223333:role/open"}, "Action": "s3:GetObject",
              "Resource": "arn:aws:s3:::private-bucket/*"}]}}]
    }"#;
    let loaded = crate::scenario::load_scenario(text);
    let scenario = loaded.scenario.expect("scenario");
    let answers = analyze_scenario(&scenario, None, &AccessOptions::default());
    assert_eq!(answers.len(), 2);
    let by = |arn: &str| {
        answers
            .iter()
            .find(|a| a.resource == arn)
            .map(|a| a.analysis.access)
    };
    assert_eq!(by("arn:aws:s3:::private-bucket"), Some(Access::Private));
    assert_eq!(
        by("arn:aws:iam::111122223333:role/open"),
        Some(Access::Public)
    );
    let only = analyze_scenario(
        &scenario,
        Some("arn:aws:s3:::private-bucket"),
        &AccessOptions::default(),
    );
    assert_eq!(only.len(), 1);
}

/// A small grammar of bucket statements mixing the traps above.
fn statement_strategy() -> impl Strategy<Value = String> {
    let effect = prop_oneof![3 => Just("Allow"), 1 => Just("Deny")];
    let principal = prop_oneof![
        Just(r#""Principal": "*""#.to_string()),
        Just(r#""Principal": {"AWS": "*"}"#.to_string()),
        Just(r#""Principal": {"AWS": "111122223333"}"#.to_string()),
        Just(r#""Principal": {"AWS": "444455556666"}"#.to_string()),
        Just(r#""Principal": {"AWS": "arn:aws:iam::444455556666:root"}"#.to_string()),
        Just(r#""Principal": {"AWS": "arn:aws:iam::444455556666:role/r"}"#.to_string()),
        Just(r#""Principal": {"Service": "cloudtrail.amazonaws.com"}"#.to_string()),
        Just(r#""NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}"#.to_string()),
    ];
    let action = prop_oneof![
        Just(r#""Action": "s3:*""#),
        Just(r#""Action": "s3:GetObject""#),
        Just(r#""Action": ["s3:Get*", "s3:List*"]"#),
        Just(r#""NotAction": "s3:Delete*""#),
    ];
    let condition = prop_oneof![
        Just(String::new()),
        Just(r#", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#.to_string()),
        Just(r#", "Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-1"}}"#.to_string()),
        Just(r#", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"#.to_string()),
        Just(
            r#", "Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}"#.to_string()
        ),
        Just(
            r#", "Condition": {"StringEquals": {"aws:PrincipalAccount": "111122223333"}}"#
                .to_string()
        ),
        Just(
            r#", "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}"#
                .to_string()
        ),
        Just(r#", "Condition": {"Null": {"aws:SourceVpce": "true"}}"#.to_string()),
        Just(r#", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}"#.to_string()),
        Just(
            r#", "Condition": {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/r"}}"#
                .to_string()
        ),
    ];
    (effect, principal, action, condition).prop_map(|(effect, principal, action, condition)| {
        format!(
            r#"{{"Effect": "{effect}", {principal}, {action}, "Resource": "arn:aws:s3:::example-bucket/*"{condition}}}"#
        )
    })
}

/// Random requests from outside account 111122223333.
fn outside_request_strategy() -> impl Strategy<Value = (String, String, Vec<(String, String)>)> {
    let principal = prop_oneof![
        Just("anonymous".to_string()),
        "[0-9]{12}".prop_map(|account| format!("arn:aws:iam::{account}:root")),
        "[0-9]{12}".prop_map(|account| format!("arn:aws:iam::{account}:user/u")),
        "[0-9]{12}".prop_map(|account| format!("arn:aws:iam::{account}:role/r")),
        Just("arn:aws:iam::444455556666:role/r".to_string()),
        Just("arn:aws:iam::444455556666:user/u".to_string()),
        Just("cloudtrail.amazonaws.com".to_string()),
    ];
    let action = prop_oneof![
        Just("s3:GetObject".to_string()),
        Just("s3:DeleteObject".to_string()),
        Just("s3:PutObject".to_string()),
        Just("s3:ListBucket".to_string())
    ];
    let key = prop_oneof![
        Just("aws:PrincipalOrgID"),
        Just("aws:SourceIp"),
        Just("aws:SourceAccount"),
        Just("aws:SourceVpce"),
        Just("aws:TagKeys"),
    ];
    let value = prop_oneof![
        Just("o-1".to_string()),
        Just("o-2".to_string()),
        Just("203.0.113.9".to_string()),
        Just("198.51.100.1".to_string()),
        Just("111122223333".to_string()),
        Just("vpce-1".to_string()),
        Just("a".to_string()),
    ];
    (
        principal,
        action,
        proptest::collection::vec((key.prop_map(str::to_string), value), 0..3),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn witnesses_are_allowed_and_private_answers_hold(
        statements in proptest::collection::vec(statement_strategy(), 1..4),
        requests in proptest::collection::vec(outside_request_strategy(), 40),
    ) {
        let document = policy(&statements.join(","), PolicyKind::Resource);
        let target = AccessTarget {
            resource: Some("arn:aws:s3:::example-bucket"),
            owner: Some("111122223333"),
            kind: ResourcePolicyKind::Resource,
        };
        let answer = analyze_policy(&document, &target, &AccessOptions::default());
        prop_assert!(answer.complete);
        for witness in &answer.witnesses {
            prop_assert!(witness_allowed(&document, &target, witness), "{witness:?}");
        }
        if answer.access != Access::Private {
            return Ok(());
        }
        for (principal, action, context) in requests {
            let caller = if principal == "anonymous" {
                Principal::anonymous()
            } else if principal.ends_with(".amazonaws.com") {
                Principal::service(&principal)
            } else {
                Principal::from_arn(&principal).expect("principal")
            };
            if caller.account.as_deref() == Some("111122223333") {
                continue;
            }
            let mut request = AuthorizationRequest::new(
                caller,
                &action,
                "arn:aws:s3:::example-bucket/key",
            );
            request.resource_account = Some("111122223333".to_string());
            // Requests as AWS builds them: `aws:SourceAccount` only when a service acts for a resource
            // (confused-deputy.md), an organization only for AWS principals.
            let is_service = matches!(request.principal.kind, PrincipalKind::Service);
            for (key, value) in context {
                let possible = match key.as_str() {
                    "aws:SourceAccount" => is_service,
                    "aws:PrincipalOrgID" => request.principal.account.is_some(),
                    _ => true,
                };
                if possible {
                    request.context.insert(&key, ContextValue::Single(value));
                }
            }
            request.policies.resource = Some(ResourcePolicy {
                kind: ResourcePolicyKind::Resource,
                policy: NamedPolicy::new("resource", &document),
            });
            let allow_all = allow_everything();
            if request.principal.account.is_some() {
                request.policies.identity = vec![NamedPolicy::new("other", &allow_all)];
            }
            let decision = crate::eval::evaluate(&request).decision;
            prop_assert_ne!(decision, Decision::Allow, "{:?} {:?}", request.principal, request.context);
        }
    }
}

/// Principals as bucket policies list them, accounts alone or mixed with other entries.
fn principal_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(r#""Principal": "*""#),
        Just(r#""Principal": {"AWS": "111122223333"}"#),
        Just(r#""Principal": {"AWS": ["444455556666", "arn:aws:iam::777788889999:root"]}"#),
        Just(r#""Principal": {"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::444455556666:root"]}"#),
        Just(r#""Principal": {"AWS": ["777788889999", "arn:aws:iam::444455556666:role/r"]}"#),
        Just(r#""Principal": {"AWS": ["444455556666", "*"]}"#),
        Just(r#""Principal": {"AWS": "arn:aws:iam::777788889999:user/u"}"#),
        Just(r#""Principal": {"Service": "cloudtrail.amazonaws.com"}"#),
        Just(r#""NotPrincipal": {"AWS": "arn:aws:iam::444455556666:root"}"#),
    ]
    .prop_map(str::to_string)
}

/// Callers inside and outside the owning account, of the accounts the principals name and of others.
fn caller_strategy() -> impl Strategy<Value = Principal> {
    let account = prop_oneof![
        Just("111122223333".to_string()),
        Just("444455556666".to_string()),
        Just("777788889999".to_string()),
        "[0-9]{12}",
    ];
    (0..5usize, account).prop_map(|(kind, account)| match kind {
        0 => Principal::anonymous(),
        1 => Principal::service("cloudtrail.amazonaws.com"),
        2 => Principal::root(&account),
        3 => Principal::iam_user(&format!("arn:aws:iam::{account}:user/u")),
        _ => Principal::role_session(&format!("arn:aws:iam::{account}:role/r"), "s"),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The statements a caller's view sets aside change no decision: every request decides the same against
    /// the view as against the whole policy.
    #[test]
    fn a_callers_view_decides_as_the_whole_policy(
        statements in proptest::collection::vec(
            (statement_strategy(), principal_strategy(), any::<bool>()),
            1..6,
        ),
        caller in caller_strategy(),
        action in prop_oneof![Just("s3:GetObject"), Just("s3:DeleteObject"), Just("s3:ListBucket")],
        org in prop_oneof![Just(None), Just(Some("o-1")), Just(Some("o-2"))],
    ) {
        // Half the statements keep the grammar's principal, the others take one of the lists above.
        let statements: Vec<String> = statements
            .into_iter()
            .map(|(statement, principal, swap)| {
                let Some(start) = statement.find("\"Principal\"").or_else(|| statement.find("\"NotPrincipal\"")) else {
                    return statement;
                };
                let Some(end) = statement.find(", \"Action\"").or_else(|| statement.find(", \"NotAction\"")) else {
                    return statement;
                };
                if swap {
                    format!("{}{principal}{}", &statement[..start], &statement[end..])
                } else {
                    statement
                }
            })
            .collect();
        let text = format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statements.join(","));
        let document = parse_policy(&text, PolicyKind::Resource).policy.expect("policy");
        let allow_all = allow_everything();
        let prepared = Prepared::new(&document, &allow_all, ResourcePolicyKind::Resource, "111122223333".to_string());
        let spec = CallerSpec {
            name: caller.arn.clone(),
            principal: caller,
            class: CallerClass::NamedAccount,
            open_federation: false,
        };
        let view = prepared.for_caller(&spec);
        let whole = CallerView {
            prepared: &prepared,
            caller: &spec,
            only: None,
        };
        let mut context = RequestContext::new();
        if let Some(org) = org {
            context.insert("aws:PrincipalOrgID", ContextValue::Single(org.to_string()));
        }
        for resource in ["arn:aws:s3:::example-bucket/key", "arn:aws:s3:::example-bucket"] {
            prop_assert_eq!(
                view.allows(action, resource, context.clone()),
                whole.allows(action, resource, context.clone()),
                "{} kept {} of {}: {}",
                spec.name,
                view.only.as_ref().map_or(document.statements.len(), Vec::len),
                document.statements.len(),
                statements.join(",")
            );
        }
    }
}
