//! what-can over a small catalog, and a property test: the indexed answer agrees with evaluating every
//! (action, resource) one by one with the full policies.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::eval::evaluate;
use crate::scenario::load_scenario;
use proptest::prelude::*;

const CATALOG: &str = "S s3 Amazon S3\n\
R arn:${Partition}:s3:::${BucketName}/${ObjectName} object\n\
A GetObject R 0* -\n\
A PutObject W 0* -\n\
A DeleteObject W 0* -\n\
A ListBucket L - -\n\
A ListAllMyBuckets L - -\n\
A PutBucketPolicy P - -\n\
A TagResource T - -\n\
S sqs Amazon SQS\n\
A SendMessage W - -\n\
A GetQueueUrl R - -\n\
S ec2 Amazon EC2\n\
A DescribeInstances L - -\n";

fn catalog() -> Catalog {
    Catalog::parse(CATALOG).expect("catalog")
}

fn load(text: &str) -> Scenario {
    let loaded = load_scenario(text);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    loaded.scenario.expect("scenario")
}

fn user_with(statements: &str) -> String {
    format!(
        r#"{{"users": [{{"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{{"name": "P", "document":
            {{"Version": "2012-10-17", "Statement": [{statements}]}}}}]}}],
          "resources": [{{"arn": "arn:aws:s3:::data", "account": "111111111111"}}]}}"#
    )
}

#[test]
fn summarizes_by_access_level_like_the_console() {
    let scenario = load(&user_with(
        r#"{"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": "*"},
           {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"},
           {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
    ));
    let answer = what_can(
        &scenario,
        "arn:aws:iam::111111111111:user/ana",
        &catalog(),
        None,
    )
    .expect("answer");
    let service = |prefix: &str| answer.services.iter().find(|s| s.service == prefix);
    let s3 = service("s3").expect("s3");
    assert_eq!(s3.summary, "Full: List, Read Limited: Write");
    assert_eq!(s3.allowed, 4);
    let put = s3
        .actions
        .iter()
        .find(|a| a.action == "s3:PutObject")
        .expect("put");
    assert!(put.conditional);
    assert!(put.conditions.iter().any(|c| c.key == "aws:SourceIp"));
    assert_eq!(put.resources, ["arn:aws:s3:::data/*"]);
    let get = s3
        .actions
        .iter()
        .find(|a| a.action == "s3:GetObject")
        .expect("get");
    assert!(!get.conditional);
    assert_eq!(
        service("sqs").map(|s| s.summary.as_str()),
        Some("Full access")
    );
    assert!(service("ec2").is_none());
    let only = what_can(
        &scenario,
        "arn:aws:iam::111111111111:user/ana",
        &catalog(),
        Some("ec2"),
    )
    .expect("ec2");
    assert_eq!(only.services.len(), 1);
    assert_eq!(
        only.services.first().map(|s| s.summary.as_str()),
        Some("None")
    );
    // The index skipped the services nothing allows.
    assert!(answer.evaluated < answer.catalog_actions * 3);
    assert!(what_can(&scenario, "not a principal", &catalog(), None).is_err());
}

#[test]
fn a_resource_policy_grant_and_the_root_user_count() {
    let scenario = load(
        r#"{"users": [{"arn": "arn:aws:iam::222222222222:user/guest"}],
           "resources": [{"arn": "arn:aws:s3:::shared", "account": "222222222222", "policy": {"Version": "2012-10-17",
             "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::222222222222:user/guest"},
             "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}}]}"#,
    );
    let guest = what_can(
        &scenario,
        "arn:aws:iam::222222222222:user/guest",
        &catalog(),
        None,
    )
    .expect("guest");
    let s3 = guest
        .services
        .iter()
        .find(|s| s.service == "s3")
        .expect("s3");
    assert_eq!(s3.allowed, 1);
    assert_eq!(
        s3.actions.first().map(|a| a.resources.clone()),
        Some(vec!["arn:aws:s3:::shared/*".to_string()])
    );
    let root = what_can(
        &scenario,
        "arn:aws:iam::222222222222:root",
        &catalog(),
        None,
    )
    .expect("root");
    assert!(root.services.iter().all(|s| s.summary == "Full access"));
}

fn policy_strategy() -> impl Strategy<Value = String> {
    let statement = (
        prop_oneof![3 => Just("Allow"), 1 => Just("Deny")],
        prop_oneof![
            Just(r#""Action": "s3:*""#),
            Just(r#""Action": ["s3:Get*", "sqs:Send*"]"#),
            Just(r#""Action": "*""#),
            Just(r#""Action": "s3:Put*""#),
            Just(r#""NotAction": "s3:*""#),
            Just(r#""Action": "s3:List*""#),
        ],
        prop_oneof![
            Just(r#""Resource": "*""#),
            Just(r#""Resource": "arn:aws:s3:::data/*""#),
            Just(r#""NotResource": "arn:aws:s3:::data/*""#),
        ],
    )
        .prop_map(|(effect, action, resource)| {
            format!(r#"{{"Effect": "{effect}", {action}, {resource}}}"#)
        });
    proptest::collection::vec(statement, 1..4).prop_map(|statements| statements.join(","))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn agrees_with_evaluating_every_action_one_by_one(statements in policy_strategy()) {
        let scenario = load(&user_with(&statements));
        let principal = "arn:aws:iam::111111111111:user/ana";
        let catalog = catalog();
        let answer = what_can(&scenario, principal, &catalog, None).expect("answer");
        let directory = ScenarioDirectory::new(&scenario);
        let caller = directory.caller(principal).expect("caller");
        let resources = ["*", "arn:aws:s3:::data/*", "arn:aws:s3:::data"];
        for service in catalog.services() {
            for action in service.actions() {
                let name = format!("{}:{}", service.prefix(), action.name());
                let listed = answer
                    .services
                    .iter()
                    .flat_map(|s| &s.actions)
                    .find(|a| a.action == name);
                for resource in resources {
                    let request = directory.request(&caller, &name, resource, &RequestContext::new());
                    let one_by_one = evaluate(&request).decision == Decision::Allow;
                    let in_answer = listed.is_some_and(|a| a.resources.iter().any(|r| r == resource));
                    if in_answer {
                        prop_assert!(one_by_one, "{name} on {resource} listed but denied");
                    }
                    // Every allowed (action, resource) the policies name shows up.
                    // Every allowed action shows up, with some resource.
                    if one_by_one {
                        prop_assert!(listed.is_some(), "{name} on {resource} allowed but missing");
                    }
                }
            }
        }
    }
}
