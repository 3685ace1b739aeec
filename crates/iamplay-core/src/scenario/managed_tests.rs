//! AWS managed policies attached by ARN: lookup through the caller's source, errors at the ARN, ids and spans.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::codes;
use super::*;
use crate::explain::{Decision, PolicyType};
use crate::managed::{ManagedPolicies, ManagedPolicy};

fn source() -> ManagedPolicies {
    ManagedPolicies::from_policies(
        "test",
        vec![
            ManagedPolicy::new(
                "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "v1",
                "2024-01-01",
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"Reads","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"*"}]}"#,
            ),
            ManagedPolicy::new(
                "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
                "v2",
                "2024-01-01",
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:List*","Resource":"*"}]}"#,
            ),
            ManagedPolicy::new(
                "arn:aws:iam::aws:policy/PowerUserAccess",
                "v1",
                "2024-01-01",
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"NotIam","Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}"#,
            ),
        ],
    )
}

fn load(text: &str, set: &ManagedPolicies) -> LoadedScenario {
    load_scenario_with(text, &LoadOptions::with_managed_policies(set))
}

const ANA: &str = r#"{
  "groups": [{"arn": "arn:aws:iam::111122223333:group/Viewers",
              "policies": ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]}],
  "users": [{"arn": "arn:aws:iam::111122223333:user/ana",
             "groups": ["arn:aws:iam::111122223333:group/Viewers"],
             "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess",
                          {"name": "Own", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::secret/*"}}}],
             "permissionsBoundary": "arn:aws:iam::aws:policy/PowerUserAccess"}],
  "requests": [{"principal": "arn:aws:iam::111122223333:user/ana", "action": "s3:GetObject",
                "resource": "arn:aws:s3:::data/report.csv", "expect": "Allow"}]
}"#;

#[test]
fn managed_arns_load_as_their_documents_with_readable_ids() {
    let set = source();
    let loaded = load(ANA, &set);
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    let scenario = loaded.scenario.unwrap();
    let ana = &scenario.users[0];
    let read_only = &ana.policies[0];
    assert_eq!(read_only.id, "user/ana:ReadOnlyAccess");
    assert_eq!(
        read_only.managed_arn.as_deref(),
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
    // The entry's span is the ARN string in the scenario; the policy's spans are in the managed text.
    let at = read_only.span.start.offset as usize..read_only.span.end.offset as usize;
    assert_eq!(&ANA[at], r#""arn:aws:iam::aws:policy/ReadOnlyAccess""#);
    let text = set
        .get("arn:aws:iam::aws:policy/ReadOnlyAccess")
        .unwrap()
        .text();
    let statement = &read_only.policy.statements[0];
    assert!(text[statement.span.start.offset as usize..].starts_with("{\n      \"Sid\": \"Reads\""));
    assert_eq!(ana.policies[1].id, "user/ana:Own");
    assert_eq!(ana.policies[1].managed_arn, None);
    let boundary = ana.permissions_boundary.as_ref().unwrap();
    assert_eq!(boundary.id, "user/ana:boundary:PowerUserAccess");
    assert_eq!(boundary.policy.kind, crate::policy::PolicyKind::Boundary);
    assert_eq!(
        scenario.groups[0].policies[0].id,
        "group/Viewers:ViewOnlyAccess"
    );
}

#[test]
fn explanations_name_the_managed_policy_and_point_into_its_document() {
    let set = source();
    let scenario = load(ANA, &set).scenario.unwrap();
    let result = check_request(&scenario, &scenario.requests[0], &CheckOptions::default());
    assert_eq!(result.decision, Decision::Allow);
    let decisive = &result.explanation.decisive;
    let identity = decisive
        .iter()
        .find(|statement| statement.policy_type == PolicyType::Identity)
        .unwrap();
    assert_eq!(identity.policy_id, "user/ana:ReadOnlyAccess");
    assert_eq!(
        identity.managed_arn,
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
    assert_eq!(identity.sid, Some("Reads"));
    let boundary = decisive
        .iter()
        .find(|statement| statement.policy_type == PolicyType::PermissionsBoundary)
        .unwrap();
    assert_eq!(
        boundary.managed_arn,
        Some("arn:aws:iam::aws:policy/PowerUserAccess")
    );
    let explained = result
        .explanation
        .policies
        .iter()
        .find(|policy| policy.policy_id == "user/ana:ReadOnlyAccess")
        .unwrap();
    assert_eq!(
        explained.managed_arn,
        Some("arn:aws:iam::aws:policy/ReadOnlyAccess")
    );
    let own = result
        .explanation
        .policies
        .iter()
        .find(|policy| policy.policy_id == "user/ana:Own")
        .unwrap();
    assert_eq!(own.managed_arn, None);
}

#[test]
fn an_unknown_managed_arn_is_an_error_at_it_with_a_did_you_mean() {
    let set = source();
    let text = r#"{"users": [{"arn": "arn:aws:iam::111122223333:user/ana",
        "policies": ["arn:aws:iam::aws:policy/ReadOnlyAcess", "arn:aws:iam::aws:policy/ViewOnlyAccess"]}]}"#;
    let loaded = load(text, &set);
    assert!(loaded.scenario.is_none());
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::E0515_UNKNOWN_MANAGED_POLICY)
        .collect();
    assert_eq!(errors.len(), 2, "{:#?}", loaded.diagnostics);
    let span = errors[0].span.unwrap();
    assert_eq!(
        &text[span.start.offset as usize..span.end.offset as usize],
        r#""arn:aws:iam::aws:policy/ReadOnlyAcess""#
    );
    assert!(errors[0]
        .message
        .contains("`arn:aws:iam::aws:policy/ReadOnlyAcess`"));
    assert_eq!(
        errors[0].help.as_deref(),
        Some("did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?")
    );
    assert_eq!(
        errors[1].help.as_deref(),
        Some("did you mean `arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`?")
    );
}

#[test]
fn without_a_source_a_managed_arn_says_the_policies_are_not_loaded() {
    let loaded = load_scenario(ANA);
    assert!(loaded.scenario.is_none());
    let error = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == codes::E0515_UNKNOWN_MANAGED_POLICY)
        .unwrap();
    assert!(error.message.contains("no AWS managed policies are loaded"));
    assert!(error
        .help
        .as_deref()
        .unwrap()
        .contains("registerManagedPolicies"));
}

#[test]
fn strings_that_are_no_managed_arn_and_strings_in_other_places_are_refused() {
    let set = source();
    let customer = r#"{"roles": [{"arn": "arn:aws:iam::111122223333:role/app",
        "policies": ["arn:aws:iam::111122223333:policy/Mine"]}]}"#;
    let loaded = load(customer, &set);
    let error = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == codes::E0516_NOT_A_MANAGED_POLICY_ARN)
        .unwrap();
    assert!(error.help.as_deref().unwrap().contains("customer managed"));
    // Trust, resource, session and organization policies are documents only.
    let trust = r#"{"roles": [{"arn": "arn:aws:iam::111122223333:role/app",
        "trustPolicy": "arn:aws:iam::aws:policy/ReadOnlyAccess"}]}"#;
    let loaded = load(trust, &set);
    let error = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == codes::E0503_WRONG_TYPE)
        .unwrap();
    assert!(
        error.message.contains("a policy document object, not"),
        "{}",
        error.message
    );
    let wrong = r#"{"users": [{"arn": "arn:aws:iam::111122223333:user/ana", "policies": [7]}]}"#;
    let loaded = load(wrong, &set);
    assert!(loaded.diagnostics[0]
        .message
        .contains("a policy document object or an AWS managed policy ARN"));
}
