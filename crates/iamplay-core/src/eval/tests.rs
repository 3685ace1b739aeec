//! Unit tests of the decision procedure, one per rule, with small policies written as JSON.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::context::ContextValue;
use crate::explain::{EvaluationNote as Note, PolicyType as T, TypeOutcome};
use crate::policy::model::{PolicyKind, PrincipalBlock, PrincipalSet};
use serde_json::json;

/// A policy of `kind` read by the real parser from its JSON text; the test fails on any parse error.
fn policy(kind: PolicyKind, document: serde_json::Value) -> Policy {
    let text = serde_json::to_string_pretty(&document).unwrap();
    let parsed = crate::policy::parse_policy(&text, kind);
    parsed
        .policy
        .unwrap_or_else(|| panic!("{text}\n{:#?}", parsed.diagnostics))
}

/// Tests keep policies alive for the whole test run so closures can build requests freely.
fn leak(policy: Policy) -> &'static Policy {
    Box::leak(Box::new(policy))
}

const A: &str = "111111111111";
const B: &str = "222222222222";

fn user(account: &str, name: &str) -> Principal {
    Principal::iam_user(&format!("arn:aws:iam::{account}:user/{name}"))
}

fn session(account: &str, role: &str, name: &str) -> Principal {
    Principal::role_session(&format!("arn:aws:iam::{account}:role/{role}"), name)
}

fn allow(action: &str, resource: &str) -> Policy {
    policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Sid": "Allow", "Effect": "Allow", "Action": action, "Resource": resource}}),
    )
}

fn deny(action: &str, resource: &str) -> Policy {
    policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Sid": "Deny", "Effect": "Deny", "Action": action, "Resource": resource}}),
    )
}

fn resource_policy(
    kind: PolicyKind,
    effect: &str,
    principal: serde_json::Value,
    action: &str,
    resource: &str,
) -> Policy {
    let mut statement =
        json!({"Sid": "Res", "Effect": effect, "Principal": principal, "Action": action});
    if kind != PolicyKind::Trust {
        statement["Resource"] = json!(resource);
    }
    policy(
        kind,
        json!({"Version": "2012-10-17", "Statement": [statement]}),
    )
}

fn grant(principal: serde_json::Value, action: &str, resource: &str) -> Policy {
    resource_policy(PolicyKind::Resource, "Allow", principal, action, resource)
}

fn request<'p>(principal: Principal, action: &str, resource: &str) -> AuthorizationRequest<'p> {
    AuthorizationRequest::new(principal, action, resource)
}

fn with_resource<'p>(
    mut request: AuthorizationRequest<'p>,
    kind: ResourcePolicyKind,
    policy: &'p Policy,
) -> AuthorizationRequest<'p> {
    request.policies.resource = Some(ResourcePolicy {
        kind,
        policy: NamedPolicy::new("resource", policy),
    });
    request
}

fn decide(request: &AuthorizationRequest<'_>) -> Decision {
    let evaluation = evaluate(request);
    // The decision never depends on how much is explained.
    let quick = evaluate_with(
        request,
        EvaluationOptions {
            explain_statements: false,
        },
    );
    assert_eq!(
        quick.decision, evaluation.decision,
        "{}",
        evaluation.explanation.summary
    );
    assert!(quick.explanation.policies.is_empty());
    evaluation.decision
}

// --- The two tables every IAM tutorial teaches -------------------------------------------------------------

/// reference_policies_evaluation-logic.md, "Evaluating identity-based policies with resource-based policies":
/// in the same account either side may allow.
#[test]
fn same_account_table_either_side_allows() {
    let bucket = format!("arn:aws:s3:::bucket-{A}/key");
    let identity = allow("s3:GetObject", "arn:aws:s3:::*");
    let resource = grant(
        json!({"AWS": format!("arn:aws:iam::{A}:user/john")}),
        "s3:GetObject",
        "arn:aws:s3:::*",
    );
    for (identity_allows, resource_allows, expected) in [
        (true, false, Decision::Allow),
        (false, true, Decision::Allow),
        (true, true, Decision::Allow),
        (false, false, Decision::ImplicitDeny),
    ] {
        let mut req = request(user(A, "john"), "s3:GetObject", &bucket);
        req.resource_account = Some(A.to_string());
        if identity_allows {
            req.policies
                .identity
                .push(NamedPolicy::new("user/john:inline:S3", &identity));
        }
        if resource_allows {
            req = with_resource(req, ResourcePolicyKind::Resource, &resource);
        }
        let evaluation = evaluate(&req);
        assert_eq!(
            evaluation.decision, expected,
            "identity {identity_allows}, resource {resource_allows}"
        );
        assert_eq!(
            evaluation.explanation.account_relation,
            AccountRelation::SameAccount
        );
    }
}

/// reference_policies_evaluation-logic-cross-account.md, "Determining whether a cross-account request is
/// allowed": both sides must allow.
#[test]
fn cross_account_table_both_sides_must_allow() {
    let identity = allow("s3:GetObject", "*");
    let resource = grant(
        json!({"AWS": format!("arn:aws:iam::{A}:user/john")}),
        "s3:GetObject",
        "*",
    );
    for (identity_allows, resource_allows, expected) in [
        (true, false, Decision::ImplicitDeny),
        (false, true, Decision::ImplicitDeny),
        (true, true, Decision::Allow),
        (false, false, Decision::ImplicitDeny),
    ] {
        let mut req = request(user(A, "john"), "s3:GetObject", "arn:aws:s3:::shared/key");
        req.resource_account = Some(B.to_string());
        if identity_allows {
            req.policies
                .identity
                .push(NamedPolicy::new("user/john:inline:S3", &identity));
        }
        if resource_allows {
            req = with_resource(req, ResourcePolicyKind::Resource, &resource);
        }
        let evaluation = evaluate(&req);
        assert_eq!(
            evaluation.decision, expected,
            "identity {identity_allows}, resource {resource_allows}"
        );
        assert_eq!(
            evaluation.explanation.account_relation,
            AccountRelation::CrossAccount
        );
        if expected == Decision::Allow {
            assert!(evaluation
                .explanation
                .notes
                .contains(&Note::CrossAccountNeedsBothSides));
        }
    }
}

// --- The worked examples of the evaluation-logic pages ------------------------------------------------------

fn carlos_identity() -> Policy {
    policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowS3ListRead", "Effect": "Allow",
             "Action": ["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints", "s3:ListAllMyBuckets"],
             "Resource": "arn:aws:s3:::*"},
            {"Sid": "AllowS3Self", "Effect": "Allow", "Action": "s3:*",
             "Resource": ["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"]},
            {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*log*"}
        ]}),
    )
}

/// reference_policies_evaluation-logic.md, "Example identity-based and resource-based policy evaluation".
#[test]
fn carlos_same_account_example() {
    let identity = carlos_identity();
    let bucket_policy = grant(
        json!({"AWS": "arn:aws:iam::123456789012:user/carlossalazar"}),
        "s3:*",
        "arn:aws:s3:::carlossalazar/*",
    );
    let carlos = || Principal::iam_user("arn:aws:iam::123456789012:user/carlossalazar");

    let mut logs = request(carlos(), "s3:PutObject", "arn:aws:s3:::carlossalazar-logs");
    logs.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &identity,
    ));
    let evaluation = evaluate(&logs);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    let decisive = &evaluation.explanation.decisive[0];
    assert_eq!(
        (decisive.sid, decisive.statement_index),
        (Some("DenyS3Logs"), 2)
    );
    assert!(evaluation.explanation.summary.starts_with("ExplicitDeny"));
    assert!(evaluation.explanation.summary.contains("DenyS3Logs"));

    let mut own = request(
        carlos(),
        "s3:PutObject",
        "arn:aws:s3:::carlossalazar/file.txt",
    );
    own.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &identity,
    ));
    let own = with_resource(own, ResourcePolicyKind::Resource, &bucket_policy);
    let evaluation = evaluate(&own);
    assert_eq!(evaluation.decision, Decision::Allow);
    assert_eq!(
        evaluation.explanation.outcome_of(T::Identity),
        TypeOutcome::Allowed
    );
    assert_eq!(
        evaluation.explanation.outcome_of(T::Resource),
        TypeOutcome::Allowed
    );
}

/// reference_policies_evaluation-logic-cross-account.md, "Example cross-account policy evaluation".
#[test]
fn carlos_cross_account_example() {
    let identity = policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowS3ListRead", "Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"},
            {"Sid": "AllowS3ProductionObjectActions", "Effect": "Allow", "Action": "s3:*Object*", "Resource": "arn:aws:s3:::Production/*"},
            {"Sid": "DenyS3Logs", "Effect": "Deny", "Action": "s3:*", "Resource": ["arn:aws:s3:::*log*", "arn:aws:s3:::*log*/*"]}
        ]}),
    );
    let bucket_policy = policy(
        PolicyKind::Resource,
        json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Action": ["s3:GetObject*", "s3:PutObject*", "s3:ReplicateObject", "s3:RestoreObject"],
            "Principal": {"AWS": "arn:aws:iam::111111111111:user/carlossalazar"},
            "Resource": "arn:aws:s3:::Production/*"}]}),
    );
    let carlos = || user(A, "carlossalazar");

    let mut logs = request(
        carlos(),
        "s3:PutObject",
        "arn:aws:s3:::Production-logs/file.txt",
    );
    logs.resource_account = Some(B.to_string());
    logs.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &identity,
    ));
    assert_eq!(decide(&logs), Decision::ExplicitDeny);

    let mut production = request(carlos(), "s3:PutObject", "arn:aws:s3:::Production/file.txt");
    production.resource_account = Some(B.to_string());
    production.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &identity,
    ));
    let production = with_resource(production, ResourcePolicyKind::Resource, &bucket_policy);
    assert_eq!(decide(&production), Decision::Allow);

    // The bucket policy lets him create but not delete objects.
    let mut delete = request(
        carlos(),
        "s3:DeleteBucket",
        "arn:aws:s3:::Production/file.txt",
    );
    delete.resource_account = Some(B.to_string());
    delete.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &identity,
    ));
    let delete = with_resource(delete, ResourcePolicyKind::Resource, &bucket_policy);
    assert_eq!(decide(&delete), Decision::ImplicitDeny);
}

/// reference_policies_evaluation-logic.md, "The difference between explicit and implicit denies".
#[test]
fn explicit_and_implicit_denies_example() {
    let document = policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "AllowGetList", "Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
            {"Sid": "DenyReports", "Effect": "Deny", "Action": "iam:*Report", "Resource": "*"}
        ]}),
    );
    let check = |action: &str| {
        let mut req = request(user(A, "ana"), action, "*");
        req.policies
            .identity
            .push(NamedPolicy::new("user/ana:inline:Iam", &document));
        decide(&req)
    };
    assert_eq!(check("iam:GetUser"), Decision::Allow);
    assert_eq!(check("iam:CreatePolicy"), Decision::ImplicitDeny);
    assert_eq!(
        check("iam:GetOrganizationsAccessReport"),
        Decision::ExplicitDeny
    );
    assert_eq!(
        check("iam:GenerateCredentialReport"),
        Decision::ExplicitDeny
    );
}

// --- Explicit deny in every policy type wins ---------------------------------------------------------------

#[test]
fn explicit_deny_in_any_policy_type_wins() {
    let allow_all = allow("*", "*");
    let deny_s3 = deny("s3:*", "*");
    let resource_deny = resource_policy(PolicyKind::Resource, "Deny", json!("*"), "s3:*", "*");
    let scp_allow = policy(
        PolicyKind::Scp,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
    );
    let rcp_deny = resource_policy(PolicyKind::Rcp, "Deny", json!("*"), "s3:*", "*");
    for place in ["identity", "resource", "boundary", "session", "scp", "rcp"] {
        let mut req = request(session(A, "app", "s1"), "s3:GetObject", "arn:aws:s3:::b/k");
        req.policies
            .identity
            .push(NamedPolicy::new("role/app:inline:All", &allow_all));
        req.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &allow_all));
        req.policies
            .session
            .push(NamedPolicy::new("session", &allow_all));
        req.policies.scps =
            OrganizationPolicies::member(vec![vec![NamedPolicy::new("FullAWSAccess", &scp_allow)]]);
        match place {
            "identity" => req
                .policies
                .identity
                .push(NamedPolicy::new("role/app:inline:Deny", &deny_s3)),
            "resource" => req = with_resource(req, ResourcePolicyKind::Resource, &resource_deny),
            "boundary" => {
                req.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &deny_s3))
            }
            "session" => req
                .policies
                .session
                .push(NamedPolicy::new("session-deny", &deny_s3)),
            "scp" => req.policies.scps.levels[0].push(NamedPolicy::new("DenyS3", &deny_s3)),
            _ => {
                req.policies.rcps =
                    OrganizationPolicies::member(vec![vec![NamedPolicy::new("DenyS3", &rcp_deny)]])
            }
        }
        let evaluation = evaluate(&req);
        assert_eq!(
            evaluation.decision,
            Decision::ExplicitDeny,
            "deny in {place}"
        );
        assert!(!evaluation.explanation.decisive.is_empty());
        assert!(evaluation
            .explanation
            .decisive
            .iter()
            .all(|s| s.effect == Effect::Deny));
    }
}

// --- Action, resource and their negations -------------------------------------------------------------------

#[test]
fn actions_match_case_insensitively_with_wildcards() {
    for (pattern, action, expected) in [
        ("s3:GetObject", "S3:getobject", true),
        ("s3:Get*", "s3:GetObjectAcl", true),
        ("s3:*", "s3:PutObject", true),
        ("s3:*", "s3express:PutObject", false),
        ("*", "ec2:RunInstances", true),
        ("s3:Get?bject", "s3:GetObject", true),
        ("s3:Get*", "ec2:GetConsoleOutput", false),
        ("*:Describe*", "ec2:DescribeInstances", true),
        ("iam:*Report", "iam:GenerateCredentialReport", true),
    ] {
        // The parser rejects a wildcard in the service prefix (E0215); the matcher must still treat one
        // right when a model is built another way.
        let mut document = allow("s3:placeholder", "*");
        document.statements[0].action.as_mut().unwrap().patterns[0].value = pattern.to_string();
        let mut req = request(user(A, "u"), action, "*");
        req.policies.identity.push(NamedPolicy::new("p", &document));
        assert_eq!(
            decide(&req) == Decision::Allow,
            expected,
            "{pattern} vs {action}"
        );
    }
}

/// reference_policies_elements_notaction.md, "NotAction with Allow".
#[test]
fn not_action_allow_covers_everything_else() {
    let document = policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}}),
    );
    let check = |action: &str| {
        let mut req = request(user(A, "u"), action, "*");
        req.policies.identity.push(NamedPolicy::new("p", &document));
        evaluate(&req)
    };
    assert_eq!(check("s3:GetObject").decision, Decision::Allow);
    let iam = check("iam:CreateUser");
    assert_eq!(iam.decision, Decision::ImplicitDeny);
    let statement = &iam.explanation.policies[0].statements[0];
    assert!(statement.action.negated && !statement.action.applies);
    assert_eq!(
        statement.action.matched_pattern.as_ref().unwrap().written,
        "iam:*"
    );
}

/// reference_policies_elements_notresource.md: Deny with NotResource denies everything but the listed resources.
#[test]
fn not_resource_deny_spares_only_listed_resources() {
    let document = policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "s3:*", "NotResource": ["arn:aws:s3:::HRBucket/Payroll", "arn:aws:s3:::HRBucket/Payroll/*"]}
        ]}),
    );
    let check = |resource: &str| {
        let mut req = request(user(A, "hr"), "s3:GetObject", resource);
        req.policies
            .identity
            .push(NamedPolicy::new("group/HRPayroll:inline:S3", &document));
        decide(&req)
    };
    assert_eq!(
        check("arn:aws:s3:::HRBucket/Payroll/jan.csv"),
        Decision::Allow
    );
    assert_eq!(
        check("arn:aws:s3:::HRBucket/Other/x"),
        Decision::ExplicitDeny
    );
    assert_eq!(check("arn:aws:s3:::OtherBucket"), Decision::ExplicitDeny);
}

#[test]
fn resources_match_case_sensitively_and_across_slashes() {
    for (pattern, resource, expected) in [
        (
            "arn:aws:s3:::bucket/*",
            "arn:aws:s3:::bucket/a/b/c.txt",
            true,
        ),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::Bucket/a", false),
        ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket/a", false),
        (
            "arn:aws:dynamodb:*:111111111111:table/Orders",
            "arn:aws:dynamodb:us-east-1:111111111111:table/Orders",
            true,
        ),
        ("arn:aws:s3:::b?cket", "arn:aws:s3:::bucket", true),
    ] {
        let document = allow("*", pattern);
        let mut req = request(user(A, "u"), "s3:GetObject", resource);
        req.policies.identity.push(NamedPolicy::new("p", &document));
        assert_eq!(
            decide(&req) == Decision::Allow,
            expected,
            "{pattern} vs {resource}"
        );
    }
}

/// reference_policies_variables.md: variables are substituted under 2012-10-17 only, in the resource part of
/// the ARN only; an unresolved variable matches nothing.
#[test]
fn resource_policy_variables() {
    let versioned = allow("s3:*", "arn:aws:s3:::home/${aws:username}/*");
    let mut unversioned = versioned.clone();
    unversioned.version = crate::policy::model::PolicyVersion::V2008_10_17;

    let mut david = request(
        user(A, "David"),
        "s3:GetObject",
        "arn:aws:s3:::home/David/notes.txt",
    );
    david
        .policies
        .identity
        .push(NamedPolicy::new("p", &versioned));
    let evaluation = evaluate(&david);
    assert_eq!(evaluation.decision, Decision::Allow);
    let matched = evaluation.explanation.policies[0].statements[0]
        .resource
        .as_ref()
        .unwrap();
    assert_eq!(matched.matched_pattern.as_ref().unwrap().index, 0);
    assert_eq!(
        matched.substituted.as_deref(),
        Some("arn:aws:s3:::home/David/*")
    );

    let mut other = request(
        user(A, "David"),
        "s3:GetObject",
        "arn:aws:s3:::home/Bob/notes.txt",
    );
    other
        .policies
        .identity
        .push(NamedPolicy::new("p", &versioned));
    assert_eq!(decide(&other), Decision::ImplicitDeny);

    // Under 2008-10-17 `${aws:username}` is literal text.
    let mut literal = request(
        user(A, "David"),
        "s3:GetObject",
        "arn:aws:s3:::home/David/notes.txt",
    );
    literal
        .policies
        .identity
        .push(NamedPolicy::new("p", &unversioned));
    assert_eq!(decide(&literal), Decision::ImplicitDeny);
    let mut literal_match = request(
        user(A, "David"),
        "s3:GetObject",
        "arn:aws:s3:::home/${aws:username}/x",
    );
    literal_match
        .policies
        .identity
        .push(NamedPolicy::new("p", &unversioned));
    assert_eq!(decide(&literal_match), Decision::Allow);

    // A role session has no aws:username: the pattern matches nothing and the explanation says which variable.
    let mut role = request(
        session(A, "r", "David"),
        "s3:GetObject",
        "arn:aws:s3:::home/David/notes.txt",
    );
    role.policies
        .identity
        .push(NamedPolicy::new("p", &versioned));
    let evaluation = evaluate(&role);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let resource = evaluation.explanation.policies[0].statements[0]
        .resource
        .clone()
        .unwrap();
    assert_eq!(resource.unresolved.len(), 1);
    assert_eq!(resource.unresolved[0].variable, "aws:username");

    // Before the fifth colon a variable is not substituted.
    let region = allow("sqs:*", "arn:aws:sqs:${aws:username}:*:queue");
    let mut queue = request(
        user(A, "us-east-1"),
        "sqs:SendMessage",
        "arn:aws:sqs:us-east-1:111111111111:queue",
    );
    queue.policies.identity.push(NamedPolicy::new("p", &region));
    assert_eq!(decide(&queue), Decision::ImplicitDeny);

    // A default applies when the tag is missing.
    let team = allow(
        "s3:*",
        "arn:aws:s3:::bucket-${aws:PrincipalTag/team, 'company-wide'}",
    );
    let mut untagged = request(
        user(A, "u"),
        "s3:ListBucket",
        "arn:aws:s3:::bucket-company-wide",
    );
    untagged
        .policies
        .identity
        .push(NamedPolicy::new("p", &team));
    assert_eq!(decide(&untagged), Decision::Allow);
    let mut tagged_user = user(A, "v");
    tagged_user.tags.insert("team".into(), "yellow".into());
    let mut tagged = request(tagged_user, "s3:ListBucket", "arn:aws:s3:::bucket-yellow");
    tagged.policies.identity.push(NamedPolicy::new("p", &team));
    assert_eq!(decide(&tagged), Decision::Allow);
}

// --- Principals -----------------------------------------------------------------------------------------------

/// reference_policies_elements_principal.md, "AWS account principals": the account id and root ARN delegate to
/// the account; in the same account its users still need an identity policy.
#[test]
fn account_principal_delegates_to_identity_policies() {
    let identity = allow("s3:GetObject", "*");
    for principal in [
        json!({"AWS": A}),
        json!({"AWS": format!("arn:aws:iam::{A}:root")}),
    ] {
        let bucket = grant(principal.clone(), "s3:GetObject", "*");
        let mut without = request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::b/k");
        without = with_resource(without, ResourcePolicyKind::Resource, &bucket);
        let evaluation = evaluate(&without);
        assert_eq!(evaluation.decision, Decision::ImplicitDeny, "{principal}");
        assert!(evaluation
            .explanation
            .notes
            .contains(&Note::ResourceGrantToAccountNeedsIdentityAllow));
        let how = evaluation.explanation.policies[0].statements[0]
            .principal
            .clone()
            .unwrap()
            .matched
            .unwrap()
            .how;
        assert_eq!(how, PrincipalMatchKind::Account);

        let mut with = request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::b/k");
        with.policies
            .identity
            .push(NamedPolicy::new("p", &identity));
        let with = with_resource(with, ResourcePolicyKind::Resource, &bucket);
        assert_eq!(decide(&with), Decision::Allow);

        // Another account's users are not covered.
        let mut stranger = request(user(B, "u"), "s3:GetObject", "arn:aws:s3:::b/k");
        stranger.resource_account = Some(A.to_string());
        stranger
            .policies
            .identity
            .push(NamedPolicy::new("p", &identity));
        let stranger = with_resource(stranger, ResourcePolicyKind::Resource, &bucket);
        assert_eq!(decide(&stranger), Decision::ImplicitDeny);
    }
}

/// reference_policies_evaluation-logic.md, step 3: a grant to a role ARN is limited by the boundary and session
/// policy (not by identity policies); a grant to the session ARN is limited by none of them.
#[test]
fn role_and_session_grants_in_the_same_account() {
    let role_arn = format!("arn:aws:iam::{A}:role/app");
    let session_arn = format!("arn:aws:sts::{A}:assumed-role/app/s1");
    let role_grant = grant(json!({"AWS": role_arn}), "sqs:SendMessage", "*");
    let session_grant = grant(json!({"AWS": session_arn}), "sqs:SendMessage", "*");
    let unrelated = allow("ec2:*", "*");
    let queue = format!("arn:aws:sqs:us-east-1:{A}:orders");

    let base = |grant_policy: &'static Policy| {
        let req = request(session(A, "app", "s1"), "sqs:SendMessage", &queue);
        with_resource(req, ResourcePolicyKind::Resource, grant_policy)
    };
    let role_grant: &'static Policy = Box::leak(Box::new(role_grant));
    let session_grant: &'static Policy = Box::leak(Box::new(session_grant));
    let unrelated: &'static Policy = Box::leak(Box::new(unrelated));

    // No identity policy needed for either.
    assert_eq!(decide(&base(role_grant)), Decision::Allow);
    assert_eq!(decide(&base(session_grant)), Decision::Allow);

    // A boundary that does not allow the action limits the role grant only.
    let mut bounded = base(role_grant);
    bounded.policies.permissions_boundary = Some(NamedPolicy::new("boundary", unrelated));
    let evaluation = evaluate(&bounded);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::ResourceGrantToEntityLimitedByBoundaryAndSession));
    assert!(evaluation
        .explanation
        .policy_types
        .iter()
        .any(|r| r.policy_type == T::PermissionsBoundary && r.counted));
    let mut bounded = base(session_grant);
    bounded.policies.permissions_boundary = Some(NamedPolicy::new("boundary", unrelated));
    assert_eq!(decide(&bounded), Decision::Allow);

    // So does a session policy (access_policies.md, "Session policies").
    let mut limited = base(role_grant);
    limited
        .policies
        .session
        .push(NamedPolicy::new("session", unrelated));
    assert_eq!(decide(&limited), Decision::ImplicitDeny);
    let mut limited = base(session_grant);
    limited
        .policies
        .session
        .push(NamedPolicy::new("session", unrelated));
    let evaluation = evaluate(&limited);
    assert_eq!(evaluation.decision, Decision::Allow);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::ResourceGrantNotLimitedByImplicitDenies));
}

/// access_policies_boundaries.md, "Resource-based policies for IAM users": a grant to the user ARN is not limited
/// by the boundary's implicit deny; an identity-policy allow is.
#[test]
fn boundary_limits_identity_policies_not_user_arn_grants() {
    let boundary = policy(
        PolicyKind::Boundary,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": ["s3:*", "cloudwatch:*", "ec2:*"], "Resource": "*"}}),
    );
    let create_user = allow("iam:CreateUser", "*");
    let shirley = || user(A, "ShirleyRodriguez");

    // The boundaries page's example: Shirley cannot create users.
    let mut req = request(
        shirley(),
        "iam:CreateUser",
        &format!("arn:aws:iam::{A}:user/new"),
    );
    req.policies.identity.push(NamedPolicy::new(
        "user/ShirleyRodriguez:inline:CreateUser",
        &create_user,
    ));
    req.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &boundary));
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert_eq!(
        evaluation.explanation.outcome_of(T::Identity),
        TypeOutcome::Allowed
    );
    assert_eq!(
        evaluation.explanation.outcome_of(T::PermissionsBoundary),
        TypeOutcome::NoAllow
    );

    // A boundary alone grants nothing.
    let mut alone = request(shirley(), "s3:GetObject", "arn:aws:s3:::b/k");
    alone.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &boundary));
    assert_eq!(decide(&alone), Decision::ImplicitDeny);

    // A queue policy naming her ARN grants SQS despite the boundary.
    let queue_policy = grant(
        json!({"AWS": format!("arn:aws:iam::{A}:user/ShirleyRodriguez")}),
        "sqs:*",
        "*",
    );
    let mut queue = request(
        shirley(),
        "sqs:SendMessage",
        &format!("arn:aws:sqs:us-east-1:{A}:q"),
    );
    queue.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &boundary));
    let queue = with_resource(queue, ResourcePolicyKind::Resource, &queue_policy);
    assert_eq!(decide(&queue), Decision::Allow);

    // Cross-account the identity side still needs the boundary.
    let mut remote = request(
        shirley(),
        "sqs:SendMessage",
        &format!("arn:aws:sqs:us-east-1:{B}:q"),
    );
    remote
        .policies
        .identity
        .push(NamedPolicy::new("p", &create_user));
    remote.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &boundary));
    let remote = with_resource(remote, ResourcePolicyKind::Resource, &queue_policy);
    assert_eq!(decide(&remote), Decision::ImplicitDeny);
}

/// reference_policies_evaluation-logic.md, steps 5 and 6: boundaries and session policies intersect with
/// identity policies.
#[test]
fn session_policy_intersects_with_identity_policies() {
    let identity = allow("s3:*", "*");
    let read_only = allow("s3:Get*", "*");
    let check = |action: &str, session_policy: Option<&Policy>| {
        let mut req = request(session(A, "app", "s1"), action, "arn:aws:s3:::b/k");
        req.policies
            .identity
            .push(NamedPolicy::new("role/app:inline:S3", &identity));
        if let Some(session_policy) = session_policy {
            req.policies
                .session
                .push(NamedPolicy::new("session", session_policy));
        }
        decide(&req)
    };
    assert_eq!(check("s3:PutObject", None), Decision::Allow);
    assert_eq!(
        check("s3:PutObject", Some(&read_only)),
        Decision::ImplicitDeny
    );
    assert_eq!(check("s3:GetObject", Some(&read_only)), Decision::Allow);
    // A session policy grants nothing on its own.
    let mut alone = request(session(A, "app", "s1"), "ec2:RunInstances", "*");
    alone
        .policies
        .session
        .push(NamedPolicy::new("session", &identity));
    assert_eq!(decide(&alone), Decision::ImplicitDeny);
}

/// reference_policies_evaluation-logic.md, step 6: a federated user session needs a session policy; grants to
/// its own ARN are direct, grants to the federating user's ARN are limited by the session policy.
#[test]
fn federated_user_sessions() {
    let identity = allow("s3:*", "*");
    let source = format!("arn:aws:iam::{A}:user/broker");
    let fed = || Principal::federated_user(A, "alice", Some(&source));

    let mut without = request(fed(), "s3:GetObject", "arn:aws:s3:::b/k");
    without
        .policies
        .identity
        .push(NamedPolicy::new("user/broker:inline:S3", &identity));
    let evaluation = evaluate(&without);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::FederatedUserWithoutSessionPolicy));

    let mut with = request(fed(), "s3:GetObject", "arn:aws:s3:::b/k");
    with.policies
        .identity
        .push(NamedPolicy::new("user/broker:inline:S3", &identity));
    with.policies
        .session
        .push(NamedPolicy::new("session", &identity));
    assert_eq!(decide(&with), Decision::Allow);

    let own_grant = grant(
        json!({"AWS": format!("arn:aws:sts::{A}:federated-user/alice")}),
        "s3:GetObject",
        "*",
    );
    let direct = with_resource(
        request(fed(), "s3:GetObject", "arn:aws:s3:::b/k"),
        ResourcePolicyKind::Resource,
        &own_grant,
    );
    assert_eq!(decide(&direct), Decision::Allow);

    let source_grant = grant(json!({"AWS": source.clone()}), "s3:GetObject", "*");
    let via_source = with_resource(
        request(fed(), "s3:GetObject", "arn:aws:s3:::b/k"),
        ResourcePolicyKind::Resource,
        &source_grant,
    );
    let evaluation = evaluate(&via_source);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let how = evaluation.explanation.policies[0].statements[0]
        .principal
        .clone()
        .unwrap()
        .matched
        .unwrap()
        .how;
    assert_eq!(how, PrincipalMatchKind::SourceUserCoversFederatedUser);
}

/// reference_policies_elements_principal.md, "All principals": `"*"` and `{"AWS": "*"}` include anonymous
/// callers; nothing else does.
#[test]
fn wildcard_principals_include_anonymous() {
    for principal in [json!("*"), json!({"AWS": "*"})] {
        let public = grant(principal.clone(), "s3:GetObject", "arn:aws:s3:::public/*");
        let req = with_resource(
            request(
                Principal::anonymous(),
                "s3:GetObject",
                "arn:aws:s3:::public/k",
            ),
            ResourcePolicyKind::Resource,
            &public,
        );
        let evaluation = evaluate(&req);
        assert_eq!(evaluation.decision, Decision::Allow, "{principal}");
        assert_eq!(
            evaluation.explanation.account_relation,
            AccountRelation::NoCallerAccount
        );
    }
    let named = grant(json!({"AWS": A}), "s3:GetObject", "*");
    let req = with_resource(
        request(
            Principal::anonymous(),
            "s3:GetObject",
            "arn:aws:s3:::public/k",
        ),
        ResourcePolicyKind::Resource,
        &named,
    );
    assert_eq!(decide(&req), Decision::ImplicitDeny);
    assert_eq!(
        decide(&request(
            Principal::anonymous(),
            "s3:GetObject",
            "arn:aws:s3:::public/k"
        )),
        Decision::ImplicitDeny
    );

    // A wildcard grant reaches IAM principals of the same account with no identity policy.
    let public = grant(json!("*"), "s3:GetObject", "*");
    let req = with_resource(
        request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::public/k"),
        ResourcePolicyKind::Resource,
        &public,
    );
    assert_eq!(decide(&req), Decision::Allow);
}

#[test]
fn partial_wildcards_in_principals_match_nothing() {
    // The parser rejects partial wildcards in principals (E0218); a model built another way still must not
    // match through one.
    let mut bucket = grant(
        json!({"AWS": format!("arn:aws:iam::{A}:user/placeholder")}),
        "s3:GetObject",
        "*",
    );
    if let Some(PrincipalBlock {
        principals: PrincipalSet::Entries(entries),
        ..
    }) = bucket.statements[0].principal.as_mut()
    {
        entries[0].value.value = format!("arn:aws:iam::{A}:user/*");
    }
    let req = with_resource(
        request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::b/k"),
        ResourcePolicyKind::Resource,
        &bucket,
    );
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let principal = evaluation.explanation.policies[0].statements[0]
        .principal
        .clone()
        .unwrap();
    assert!(!principal.applies);
    assert_eq!(principal.partial_wildcards.len(), 1);
}

#[test]
fn service_and_federated_principals() {
    let lambda_trust = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"Service": "lambda.amazonaws.com"}),
        "sts:AssumeRole",
        "",
    );
    let role = format!("arn:aws:iam::{A}:role/OrdersWriter");
    let req = with_resource(
        request(
            Principal::service("lambda.amazonaws.com"),
            "sts:AssumeRole",
            &role,
        ),
        ResourcePolicyKind::RoleTrust,
        &lambda_trust,
    );
    assert_eq!(decide(&req), Decision::Allow);
    let req = with_resource(
        request(
            Principal::service("ec2.amazonaws.com"),
            "sts:AssumeRole",
            &role,
        ),
        ResourcePolicyKind::RoleTrust,
        &lambda_trust,
    );
    assert_eq!(decide(&req), Decision::ImplicitDeny);

    // `{"AWS": "*"}` names AWS principals, not services.
    let aws_star = grant(json!({"AWS": "*"}), "s3:PutObject", "*");
    let req = with_resource(
        request(
            Principal::service("cloudtrail.amazonaws.com"),
            "s3:PutObject",
            "arn:aws:s3:::logs/k",
        ),
        ResourcePolicyKind::Resource,
        &aws_star,
    );
    assert_eq!(decide(&req), Decision::ImplicitDeny);

    let saml = format!("arn:aws:iam::{A}:saml-provider/Corp");
    let saml_trust = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"Federated": saml.clone()}),
        "sts:AssumeRoleWithSAML",
        "",
    );
    let req = with_resource(
        request(Principal::federated(&saml), "sts:AssumeRoleWithSAML", &role),
        ResourcePolicyKind::RoleTrust,
        &saml_trust,
    );
    assert_eq!(decide(&req), Decision::Allow);
    let req = with_resource(
        request(
            Principal::federated("accounts.google.com"),
            "sts:AssumeRoleWithSAML",
            &role,
        ),
        ResourcePolicyKind::RoleTrust,
        &saml_trust,
    );
    assert_eq!(decide(&req), Decision::ImplicitDeny);
}

// --- NotPrincipal -----------------------------------------------------------------------------------------

fn not_principal_deny(listed: &[String]) -> Policy {
    policy(
        PolicyKind::Resource,
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Deny", "NotPrincipal": {"AWS": listed}, "Action": "s3:*", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}
        ]}),
    )
}

/// reference_policies_elements_notprincipal.md, "NotPrincipal With Deny": the account ARN must be listed too.
#[test]
fn not_principal_deny_needs_the_account_arn() {
    let bob = format!("arn:aws:iam::{B}:user/Bob");
    let account = format!("arn:aws:iam::{B}:root");
    let check = |listed: &[String], caller: Principal| {
        let document = not_principal_deny(listed);
        let mut req = request(caller, "s3:GetObject", "arn:aws:s3:::BUCKETNAME/k");
        req.resource_account = Some(A.to_string());
        req.policies.identity.push(NamedPolicy::new(
            "p",
            Box::leak(Box::new(allow("s3:*", "*"))),
        ));
        let document: &'static Policy = Box::leak(Box::new(document));
        let req = with_resource(req, ResourcePolicyKind::Resource, document);
        evaluate(&req)
    };
    assert_eq!(
        check(&[bob.clone(), account.clone()], user(B, "Bob")).decision,
        Decision::Allow
    );
    let evaluation = check(std::slice::from_ref(&bob), user(B, "Bob"));
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    let resource_policy = evaluation
        .explanation
        .policies
        .iter()
        .find(|p| p.policy_type == T::Resource)
        .unwrap();
    let principal = resource_policy.statements[0].principal.clone().unwrap();
    assert_eq!(principal.not_principal_checks.len(), 2);
    assert!(principal.not_principal_checks[0].listed_by.is_none());
    assert!(principal.not_principal_checks[1].listed_by.is_some());
    assert_eq!(
        check(&[bob.clone(), account.clone()], user(B, "Alice")).decision,
        Decision::ExplicitDeny
    );

    // A role session escapes only with its session, role and account listed.
    let audit = session(B, "cross-account-read-only-role", "cross-account-audit-app");
    let full = [
        format!(
            "arn:aws:sts::{B}:assumed-role/cross-account-read-only-role/cross-account-audit-app"
        ),
        format!("arn:aws:iam::{B}:role/cross-account-read-only-role"),
        account.clone(),
    ];
    assert_eq!(check(&full, audit.clone()).decision, Decision::Allow);
    assert_eq!(
        check(&[full[0].clone(), full[2].clone()], audit).decision,
        Decision::ExplicitDeny
    );
}

/// access_policies_boundaries.md, "Important": NotPrincipal + Deny always denies a caller with a boundary.
#[test]
fn not_principal_deny_always_denies_callers_with_a_boundary() {
    let bob = format!("arn:aws:iam::{A}:user/Bob");
    let document = not_principal_deny(&[bob, format!("arn:aws:iam::{A}:root")]);
    let everything = allow("*", "*");
    let mut req = request(user(A, "Bob"), "s3:GetObject", "arn:aws:s3:::b/k");
    req.policies
        .identity
        .push(NamedPolicy::new("p", &everything));
    let mut req = with_resource(req, ResourcePolicyKind::Resource, &document);
    assert_eq!(decide(&req), Decision::Allow);
    req.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &everything));
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert!(
        evaluation.explanation.policies[0].statements[0]
            .principal
            .clone()
            .unwrap()
            .boundary_caveat
    );
}

// --- Root user, trust policies, KMS key policies --------------------------------------------------------------

/// reference_policies_evaluation-logic.md, "Determining whether a request is allowed or denied within an
/// account" and access_policies.md, "Policies and the root user".
#[test]
fn root_user_needs_no_identity_policy_but_scps_and_denies_apply() {
    let req = request(Principal::root(A), "s3:DeleteBucket", "arn:aws:s3:::b");
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::Allow);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::RootUserHasFullAccess));

    let scp_deny = deny("s3:DeleteBucket", "*");
    let full = policy(
        PolicyKind::Scp,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}),
    );
    let mut scoped = request(Principal::root(A), "s3:DeleteBucket", "arn:aws:s3:::b");
    scoped.policies.scps = OrganizationPolicies::member(vec![vec![
        NamedPolicy::new("FullAWSAccess", &full),
        NamedPolicy::new("NoDelete", &scp_deny),
    ]]);
    assert_eq!(decide(&scoped), Decision::ExplicitDeny);

    let bucket_deny = resource_policy(PolicyKind::Resource, "Deny", json!("*"), "s3:*", "*");
    let denied = with_resource(
        request(Principal::root(A), "s3:GetObject", "arn:aws:s3:::b/k"),
        ResourcePolicyKind::Resource,
        &bucket_deny,
    );
    assert_eq!(decide(&denied), Decision::ExplicitDeny);

    // Cross-account the resource side must allow the account.
    let mut remote = request(Principal::root(A), "s3:GetObject", "arn:aws:s3:::b/k");
    remote.resource_account = Some(B.to_string());
    assert_eq!(decide(&remote), Decision::ImplicitDeny);
    let account_grant = grant(json!({"AWS": A}), "s3:GetObject", "*");
    let remote = with_resource(remote, ResourcePolicyKind::Resource, &account_grant);
    assert_eq!(decide(&remote), Decision::Allow);
}

/// reference_policies_evaluation-logic.md, step 3: role trust policies must allow explicitly even in the same
/// account; a named user needs no identity policy but its boundary must allow sts:AssumeRole
/// (id_roles_update-role-trust-policy.md, "Notes").
#[test]
fn trust_policies_must_allow_explicitly() {
    let role = format!("arn:aws:iam::{A}:role/Admin");
    let assume = allow("sts:AssumeRole", "*");
    let other_trust = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"Service": "ec2.amazonaws.com"}),
        "sts:AssumeRole",
        "",
    );
    let user_trust = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"AWS": format!("arn:aws:iam::{A}:user/john")}),
        "sts:AssumeRole",
        "",
    );
    let account_trust = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"AWS": A}),
        "sts:AssumeRole",
        "",
    );
    let s3_boundary = allow("s3:*", "*");

    // An identity allow alone is not enough.
    let mut req = request(user(A, "john"), "sts:AssumeRole", &role);
    req.policies.identity.push(NamedPolicy::new("p", &assume));
    let req = with_resource(req, ResourcePolicyKind::RoleTrust, &other_trust);
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::ResourcePolicyMustAllowExplicitly {
            kind: ResourcePolicyKind::RoleTrust
        }));
    assert!(evaluation
        .explanation
        .policy_types
        .iter()
        .any(|r| r.policy_type == T::Resource && r.counted));

    // The user named in the trust policy needs no identity policy...
    let named = with_resource(
        request(user(A, "john"), "sts:AssumeRole", &role),
        ResourcePolicyKind::RoleTrust,
        &user_trust,
    );
    assert_eq!(decide(&named), Decision::Allow);
    // ...but its boundary must allow sts:AssumeRole.
    let mut bounded = named.clone();
    bounded.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &s3_boundary));
    let evaluation = evaluate(&bounded);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::TrustPolicyGrantLimitedByBoundary));

    // Trusting the account delegates to identity policies.
    let account = with_resource(
        request(user(A, "john"), "sts:AssumeRole", &role),
        ResourcePolicyKind::RoleTrust,
        &account_trust,
    );
    assert_eq!(decide(&account), Decision::ImplicitDeny);
    let mut account_with_identity = account.clone();
    account_with_identity
        .policies
        .identity
        .push(NamedPolicy::new("p", &assume));
    assert_eq!(decide(&account_with_identity), Decision::Allow);

    // Cross-account: trust the account, and the caller's identity policy must allow.
    let mut remote = with_resource(
        request(user(B, "eve"), "sts:AssumeRole", &role),
        ResourcePolicyKind::RoleTrust,
        &account_trust,
    );
    assert_eq!(decide(&remote), Decision::ImplicitDeny);
    remote
        .policies
        .identity
        .push(NamedPolicy::new("p", &assume));
    assert_eq!(
        decide(&remote),
        Decision::ImplicitDeny,
        "account A trusts only itself"
    );
    let trust_b = resource_policy(
        PolicyKind::Trust,
        "Allow",
        json!({"AWS": B}),
        "sts:AssumeRole",
        "",
    );
    let mut remote = with_resource(
        request(user(B, "eve"), "sts:AssumeRole", &role),
        ResourcePolicyKind::RoleTrust,
        &trust_b,
    );
    remote
        .policies
        .identity
        .push(NamedPolicy::new("p", &assume));
    assert_eq!(decide(&remote), Decision::Allow);

    // The root user cannot assume roles.
    let root = with_resource(
        request(Principal::root(A), "sts:AssumeRole", &role),
        ResourcePolicyKind::RoleTrust,
        &account_trust,
    );
    let evaluation = evaluate(&root);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::RootUserCannotAssumeRoles));
}

/// reference_policies_evaluation-logic.md, step 3, and the KMS default key policy: identity policies count for a
/// key only when the key policy allows the account.
#[test]
fn kms_key_policy_must_enable_iam_policies() {
    let key = format!("arn:aws:kms:us-east-1:{A}:key/1234abcd");
    let decrypt = allow("kms:Decrypt", "*");
    let enabling = resource_policy(
        PolicyKind::Resource,
        "Allow",
        json!({"AWS": format!("arn:aws:iam::{A}:root")}),
        "kms:*",
        "*",
    );
    let admins_only = resource_policy(
        PolicyKind::Resource,
        "Allow",
        json!({"AWS": format!("arn:aws:iam::{A}:user/admin")}),
        "kms:*",
        "*",
    );

    let mut enabled = request(user(A, "app"), "kms:Decrypt", &key);
    enabled
        .policies
        .identity
        .push(NamedPolicy::new("p", &decrypt));
    let enabled = with_resource(enabled, ResourcePolicyKind::KmsKey, &enabling);
    assert_eq!(decide(&enabled), Decision::Allow);

    let mut not_enabled = request(user(A, "app"), "kms:Decrypt", &key);
    not_enabled
        .policies
        .identity
        .push(NamedPolicy::new("p", &decrypt));
    let not_enabled = with_resource(not_enabled, ResourcePolicyKind::KmsKey, &admins_only);
    let evaluation = evaluate(&not_enabled);
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::KmsKeyPolicyDoesNotEnableIamPolicies));

    // The account statement alone does not grant users anything.
    let bare = with_resource(
        request(user(A, "app"), "kms:Decrypt", &key),
        ResourcePolicyKind::KmsKey,
        &enabling,
    );
    assert_eq!(decide(&bare), Decision::ImplicitDeny);
    // The admin named in the key policy needs no identity policy.
    let admin = with_resource(
        request(user(A, "admin"), "kms:Decrypt", &key),
        ResourcePolicyKind::KmsKey,
        &admins_only,
    );
    assert_eq!(decide(&admin), Decision::Allow);
}

// --- SCPs and RCPs --------------------------------------------------------------------------------------

fn scp(statement: serde_json::Value) -> Policy {
    policy(
        PolicyKind::Scp,
        json!({"Version": "2012-10-17", "Statement": statement}),
    )
}

/// reference_policies_evaluation-logic.md, step 2: SCPs need an applicable Allow at every level.
#[test]
fn scps_need_an_allow_at_every_level() {
    let full = leak(scp(
        json!({"Effect": "Allow", "Action": "*", "Resource": "*"}),
    ));
    let s3_only = leak(scp(
        json!({"Effect": "Allow", "Action": "s3:*", "Resource": "*"}),
    ));
    let identity = leak(allow("*", "*"));
    let check = |levels: Vec<Vec<NamedPolicy<'static>>>, action: &str| {
        let mut req = request(user(A, "u"), action, "*");
        req.policies.identity.push(NamedPolicy::new("p", identity));
        req.policies.scps = OrganizationPolicies::member(levels);
        evaluate(&req)
    };
    let levels = || {
        vec![
            vec![NamedPolicy::new("root:FullAWSAccess", full)],
            vec![NamedPolicy::new("ou:S3Only", s3_only)],
            vec![NamedPolicy::new("acct:FullAWSAccess", full)],
        ]
    };
    assert_eq!(check(levels(), "s3:GetObject").decision, Decision::Allow);
    let evaluation = check(levels(), "ec2:RunInstances");
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::ScpLevelWithoutAllow { level: 1 }));
    assert_eq!(
        evaluation.explanation.outcome_of(T::Scp),
        TypeOutcome::NoAllow
    );
    // A level with no policy allows nothing.
    assert_eq!(
        check(
            vec![vec![NamedPolicy::new("root", full)], vec![]],
            "s3:GetObject"
        )
        .decision,
        Decision::ImplicitDeny
    );
    // An SCP never grants.
    let mut bare = request(user(A, "u"), "s3:GetObject", "*");
    bare.policies.scps = OrganizationPolicies::member(levels());
    assert_eq!(decide(&bare), Decision::ImplicitDeny);

    // Not in an organization, the management account, and service-linked roles: SCPs do not apply.
    let mut outside = request(user(A, "u"), "ec2:RunInstances", "*");
    outside
        .policies
        .identity
        .push(NamedPolicy::new("p", identity));
    outside.policies.scps = OrganizationPolicies {
        in_organization: false,
        management_account: false,
        levels: levels(),
    };
    assert_eq!(decide(&outside), Decision::Allow);
    outside.policies.scps.in_organization = true;
    outside.policies.scps.management_account = true;
    assert_eq!(decide(&outside), Decision::Allow);
    let mut linked = request(
        Principal::role_session(&format!("arn:aws:iam::{A}:role/aws-service-role/elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing"), "s"),
        "ec2:RunInstances",
        "*",
    );
    linked
        .policies
        .identity
        .push(NamedPolicy::new("p", identity));
    linked.policies.scps = OrganizationPolicies::member(levels());
    let evaluation = evaluate(&linked);
    assert_eq!(
        evaluation.decision,
        Decision::Allow,
        "{:#?}",
        evaluation.explanation
    );
    assert!(evaluation
        .explanation
        .notes
        .contains(&Note::ServiceLinkedRoleExemptFromOrganizationPolicies));
}

/// RCPs only deny (AWS Organizations User Guide, "Resource control policies"): an empty level is the implied
/// RCPFullAWSAccess.
#[test]
fn rcps_only_deny() {
    let identity = leak(allow("s3:*", "*"));
    let deny_outside = leak(policy(
        PolicyKind::Rcp,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
               "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": A}}}}),
    ));
    let check = |caller: Principal, levels: Vec<Vec<NamedPolicy<'static>>>| {
        let mut req = request(caller, "s3:GetObject", "arn:aws:s3:::b/k");
        req.resource_account = Some(A.to_string());
        req.policies.identity.push(NamedPolicy::new("p", identity));
        let open = Box::leak(Box::new(grant(json!("*"), "s3:*", "*")));
        let mut req = with_resource(req, ResourcePolicyKind::Resource, open);
        req.policies.rcps = OrganizationPolicies::member(levels);
        evaluate(&req)
    };
    assert_eq!(
        check(user(A, "u"), vec![vec![], vec![]]).decision,
        Decision::Allow
    );
    assert_eq!(
        check(
            user(A, "u"),
            vec![vec![NamedPolicy::new("rcp", deny_outside)]]
        )
        .decision,
        Decision::Allow
    );
    let evaluation = check(
        user(B, "u"),
        vec![vec![], vec![NamedPolicy::new("rcp", deny_outside)]],
    );
    assert_eq!(evaluation.decision, Decision::ExplicitDeny);
    assert_eq!(evaluation.explanation.decisive[0].level, Some(1));
    assert_eq!(
        evaluation.explanation.outcome_of(T::Rcp),
        TypeOutcome::Denied
    );
}

// --- Conditions and context defaults ----------------------------------------------------------------------

fn conditional(condition: serde_json::Value) -> Policy {
    policy(
        PolicyKind::Identity,
        json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": condition}}),
    )
}

#[test]
fn all_condition_clauses_must_hold_and_are_explained() {
    let document = conditional(json!({
        "StringEquals": {"aws:PrincipalTag/team": "orders"},
        "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}
    }));
    let check = |ip: &str| {
        let mut caller = user(A, "u");
        caller.tags.insert("team".into(), "orders".into());
        let mut req = request(caller, "dynamodb:PutItem", "*");
        req.context
            .insert("aws:SourceIp", ContextValue::Single(ip.to_string()));
        req.policies.identity.push(NamedPolicy::new("p", &document));
        evaluate(&req)
    };
    assert_eq!(check("203.0.113.9").decision, Decision::Allow);
    let evaluation = check("198.51.100.1");
    assert_eq!(evaluation.decision, Decision::ImplicitDeny);
    let statement = &evaluation.explanation.policies[0].statements[0];
    assert!(!statement.applies);
    assert_eq!(statement.conditions.len(), 2);
    let ip = statement
        .conditions
        .iter()
        .find(|c| c.key == "aws:SourceIp")
        .unwrap();
    let outcome = ip.outcome.as_ref().unwrap();
    assert!(!outcome.matched);
    assert_eq!(outcome.request_values, vec!["198.51.100.1".to_string()]);
}

/// reference_policies_condition-keys.md and reference_policies_variables.md, "Principal key values".
#[test]
fn evaluator_fills_context_defaults_and_the_caller_overrides_them() {
    let role_arn = format!("arn:aws:iam::{A}:role/app");
    let check = |caller: Principal, condition: serde_json::Value, context: &[(&str, &str)]| {
        let document = conditional(condition);
        let mut req = request(caller, "s3:GetObject", &format!("arn:aws:s3:::b-{A}/k"));
        req.resource_account = Some(A.to_string());
        req.resource_tags.insert("stage".into(), "prod".into());
        for (key, value) in context {
            req.context
                .insert(key, ContextValue::Single(value.to_string()));
        }
        let mut ctx = None;
        req.policies
            .identity
            .push(NamedPolicy::new("p", Box::leak(Box::new(document))));
        let evaluation = evaluate(&req);
        ctx.replace(evaluation.decision);
        ctx.unwrap()
    };
    let s = || session(A, "app", "s1");
    assert_eq!(
        check(
            s(),
            json!({"ArnEquals": {"aws:PrincipalArn": role_arn.clone()}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(
            s(),
            json!({"StringEquals": {"aws:PrincipalType": "AssumedRole"}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(
            s(),
            json!({"StringEquals": {"aws:PrincipalAccount": A}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(
            s(),
            json!({"StringEquals": {"aws:ResourceAccount": A}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(
            s(),
            json!({"StringEquals": {"aws:ResourceTag/stage": "prod"}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(s(), json!({"Null": {"aws:username": "true"}}), &[]),
        Decision::Allow
    );
    assert_eq!(
        check(
            user(A, "john"),
            json!({"StringEquals": {"aws:username": "john", "aws:PrincipalType": "User"}}),
            &[]
        ),
        Decision::Allow
    );
    assert_eq!(
        check(
            Principal::root(A),
            json!({"StringEquals": {"aws:PrincipalType": "Account", "aws:userid": A}}),
            &[]
        ),
        Decision::Allow
    );
    // The caller's value wins over the default.
    assert_eq!(
        check(
            s(),
            json!({"StringEquals": {"aws:PrincipalAccount": "999999999999"}}),
            &[("aws:principalaccount", "999999999999")]
        ),
        Decision::Allow
    );
}

#[test]
fn anonymous_context_keys() {
    let public = resource_policy(
        PolicyKind::Resource,
        "Allow",
        json!("*"),
        "s3:GetObject",
        "*",
    );
    let mut conditioned = public.clone();
    conditioned.statements[0].conditions = conditional(json!({"StringEquals": {"aws:PrincipalAccount": "anonymous", "aws:PrincipalType": "Anonymous"}}))
        .statements[0]
        .conditions
        .clone();
    let req = with_resource(
        request(Principal::anonymous(), "s3:GetObject", "arn:aws:s3:::p/k"),
        ResourcePolicyKind::Resource,
        &conditioned,
    );
    assert_eq!(decide(&req), Decision::Allow);
}

// --- Principal construction --------------------------------------------------------------------------------

#[test]
fn principals_read_from_text() {
    let session = Principal::from_arn("arn:aws:sts::111111111111:assumed-role/app/s1").unwrap();
    assert_eq!(
        session.kind,
        PrincipalKind::RoleSession {
            role_arn: "arn:aws:iam::111111111111:role/app".into(),
            session_name: "s1".into()
        }
    );
    assert_eq!(
        session.principal_arn(),
        Some("arn:aws:iam::111111111111:role/app")
    );
    let role = Principal::from_arn("arn:aws:iam::111111111111:role/path/app").unwrap();
    assert_eq!(
        role.arn,
        "arn:aws:sts::111111111111:assumed-role/app/session"
    );
    assert_eq!(
        Principal::from_arn("arn:aws:iam::111111111111:root")
            .unwrap()
            .kind,
        PrincipalKind::Root
    );
    assert_eq!(
        Principal::from_arn("111111111111").unwrap().kind,
        PrincipalKind::Root
    );
    assert_eq!(
        Principal::from_arn("lambda.amazonaws.com").unwrap().kind,
        PrincipalKind::Service
    );
    assert_eq!(
        Principal::from_arn("anonymous").unwrap().kind,
        PrincipalKind::Anonymous
    );
    assert!(matches!(
        Principal::from_arn("arn:aws:sts::111111111111:federated-user/bob")
            .unwrap()
            .kind,
        PrincipalKind::FederatedUser { .. }
    ));
    assert!(matches!(
        Principal::from_arn("arn:aws:iam::111111111111:saml-provider/Corp")
            .unwrap()
            .kind,
        PrincipalKind::Federated { .. }
    ));
    let error = Principal::from_arn("arn:aws:iam::111111111111:group/Developers").unwrap_err();
    assert_eq!(error.code, request::codes::E0401_UNKNOWN_PRINCIPAL);
    assert!(error
        .message
        .contains("`arn:aws:iam::111111111111:group/Developers`"));
}

// --- Explanation -------------------------------------------------------------------------------------------

#[test]
fn explanation_serializes_with_decisive_statements() {
    let document = carlos_identity();
    let mut req = request(
        Principal::iam_user("arn:aws:iam::123456789012:user/carlossalazar"),
        "s3:ListAllMyBuckets",
        "arn:aws:s3:::x",
    );
    req.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &document,
    ));
    let evaluation = evaluate(&req);
    assert_eq!(evaluation.decision, Decision::Allow);
    let value = serde_json::to_value(&evaluation).unwrap();
    assert_eq!(value["decision"], "Allow");
    assert_eq!(value["explanation"]["accountRelation"], "sameAccount");
    assert_eq!(
        value["explanation"]["decisive"][0]["sid"],
        "AllowS3ListRead"
    );
    assert_eq!(
        value["explanation"]["decisive"][0]["policyId"],
        "user/carlossalazar:inline:Main"
    );
    let statements = value["explanation"]["policies"][0]["statements"]
        .as_array()
        .unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[0]["action"]["matchedPattern"]["written"],
        "s3:ListAllMyBuckets"
    );
    assert_eq!(statements[1]["resource"]["applies"], false);
    assert!(statements[1]["conditions"].as_array().unwrap().is_empty());
    let mut other = request(
        Principal::iam_user("arn:aws:iam::123456789012:user/carlossalazar"),
        "ec2:RunInstances",
        "*",
    );
    other.policies.identity.push(NamedPolicy::new(
        "user/carlossalazar:inline:Main",
        &document,
    ));
    let other = serde_json::to_value(evaluate(&other)).unwrap();
    let first = &other["explanation"]["policies"][0]["statements"][0];
    assert_eq!(first["action"]["applies"], false);
    assert!(
        first["resource"].is_null(),
        "resource not evaluated after the action failed"
    );
    let identity = value["explanation"]["policyTypes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["policyType"] == "identity")
        .unwrap()
        .clone();
    assert_eq!(identity["outcome"], "allowed");
    assert_eq!(identity["counted"], true);
    assert!(evaluation
        .explanation
        .summary
        .starts_with("Allow: s3:ListAllMyBuckets allowed by identity policy"));
}

/// A clause whose value holds a policy variable reads the merged context; a clause on a key AWS fills reads the
/// default even though the caller's context lacks it; tag keys compare case-insensitively
/// (reference_policies_condition-keys.md, "aws:ResourceTag/tag-key").
#[test]
fn defaults_reach_variables_and_filled_keys() {
    let home = conditional(json!({"StringLike": {"s3:prefix": "home/${aws:username}/*"}}));
    let check = |document: &Policy, caller: Principal, context: &[(&str, &str)]| {
        let mut req = request(caller, "s3:ListBucket", "arn:aws:s3:::b");
        req.resource_tags.insert("Stage".into(), "prod".into());
        for (key, value) in context {
            req.context
                .insert(key, ContextValue::Single(value.to_string()));
        }
        req.policies.identity.push(NamedPolicy::new("p", document));
        decide(&req)
    };
    assert_eq!(
        check(&home, user(A, "john"), &[("s3:prefix", "home/john/docs")]),
        Decision::Allow
    );
    assert_eq!(
        check(&home, user(A, "john"), &[("s3:prefix", "home/jane/docs")]),
        Decision::ImplicitDeny
    );
    let staged = conditional(json!({"StringEquals": {"aws:resourcetag/stage": "prod"}}));
    assert_eq!(check(&staged, user(A, "john"), &[]), Decision::Allow);
    // A caller-given value of a filled key wins.
    assert_eq!(
        check(
            &staged,
            user(A, "john"),
            &[("aws:ResourceTag/stage", "dev")]
        ),
        Decision::ImplicitDeny
    );
    assert!(defaults::is_filled_key("AWS:PRINCIPALTAG/team"));
    assert!(!defaults::is_filled_key("aws:SourceIp"));
}

/// reference_policies_elements_principal.md, "AWS account principals": S3 accepts a canonical user id.
#[test]
fn canonical_user_principal() {
    let canonical = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
    let bucket = grant(json!({"CanonicalUser": canonical}), "s3:GetObject", "*");
    let mut caller = user(B, "u");
    caller.canonical_user_id = Some(canonical.to_string());
    let identity = allow("s3:GetObject", "*");
    let mut req = request(caller, "s3:GetObject", "arn:aws:s3:::b/k");
    req.resource_account = Some(A.to_string());
    req.policies.identity.push(NamedPolicy::new("p", &identity));
    let req = with_resource(req, ResourcePolicyKind::Resource, &bucket);
    assert_eq!(decide(&req), Decision::Allow);
    let mut stranger = req.clone();
    stranger.principal.canonical_user_id = None;
    assert_eq!(decide(&stranger), Decision::ImplicitDeny);
}

#[test]
fn implicit_deny_summary_names_what_did_not_allow() {
    let boundary = allow("ec2:*", "*");
    let identity = allow("s3:*", "*");
    let mut req = request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::b/k");
    req.policies.identity.push(NamedPolicy::new("p", &identity));
    req.policies.permissions_boundary = Some(NamedPolicy::new("boundary", &boundary));
    let evaluation = evaluate(&req);
    assert_eq!(
        evaluation.explanation.summary,
        "ImplicitDeny: s3:GetObject not allowed by permissions boundary (same account)"
    );
    let bare = evaluate(&request(user(A, "u"), "s3:GetObject", "arn:aws:s3:::b/k"));
    assert_eq!(
        bare.explanation.summary,
        "ImplicitDeny: s3:GetObject not allowed by identity policy (same account)"
    );
}
