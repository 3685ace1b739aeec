//! The import against the committed CLI outputs in tests/import/ (written by hand following the AWS CLI
//! reference shapes), and against broken input.

use super::tree::Json;
use super::*;
use crate::json::{parse, Limits};

const PROD: &str = include_str!("../../../../tests/import/auth-details-prod-111122223333.json");
const DEV: &str = include_str!("../../../../tests/import/auth-details-dev-444455556666.json");
const GET_ROLE: &str = include_str!("../../../../tests/import/get-role-app-server.json");
const BUCKET: &str = include_str!("../../../../tests/import/s3api-get-bucket-policy.json");
const QUEUE: &str = include_str!("../../../../tests/import/sqs-get-queue-attributes.json");
const TOPIC: &str = include_str!("../../../../tests/import/sns-get-topic-attributes.json");
const LAMBDA: &str = include_str!("../../../../tests/import/lambda-get-policy.json");
const KEY: &str = include_str!("../../../../tests/import/kms-get-key-policy.json");
const ECR: &str = include_str!("../../../../tests/import/ecr-get-repository-policy.json");
const SECRET: &str =
    include_str!("../../../../tests/import/secretsmanager-get-resource-policy.json");
const SCP: &str = include_str!("../../../../tests/import/organizations-describe-policy-scp.json");
const RCP: &str = include_str!("../../../../tests/import/organizations-describe-policy-rcp.json");
const TAG_POLICY: &str =
    include_str!("../../../../tests/import/organizations-describe-policy-tag.json");
const POLICY_VERSION: &str = include_str!("../../../../tests/import/iam-get-policy-version.json");
const BARE: &str = include_str!("../../../../tests/import/policy-document.json");

fn input(name: &str, text: &str) -> ImportInput {
    ImportInput {
        name: name.to_string(),
        text: text.to_string(),
    }
}

fn run(inputs: &[(&str, &str)], options: &ImportOptions) -> (ImportOutcome, Json) {
    let inputs: Vec<ImportInput> = inputs.iter().map(|(n, t)| input(n, t)).collect();
    let outcome = import_aws(&inputs, options);
    let text = outcome.scenario.clone().unwrap_or_default();
    let tree = parse(
        &text,
        &Limits {
            max_bytes: usize::MAX,
            max_depth: 64,
        },
    )
    .map(|value| Json::from_spanned(&value))
    .unwrap_or(Json::Null);
    (outcome, tree)
}

fn entity<'t>(tree: &'t Json, section: &str, arn: &str) -> &'t Json {
    match tree.get(section) {
        Some(Json::Array(items)) => items
            .iter()
            .find(|item| item.get("arn").and_then(Json::as_str) == Some(arn))
            .unwrap_or_else(|| panic!("no {arn} in {section}")),
        _ => panic!("no section {section}"),
    }
}

fn policies(entity: &Json) -> &[Json] {
    match entity.get("policies") {
        Some(Json::Array(items)) => items,
        _ => &[],
    }
}

fn policy_names(entity: &Json) -> Vec<String> {
    policies(entity)
        .iter()
        .map(|p| match p {
            Json::String(arn) => arn.clone(),
            other => other
                .get("name")
                .and_then(Json::as_str)
                .unwrap_or("?")
                .to_string(),
        })
        .collect()
}

fn codes_of(report: &InputReport) -> Vec<&'static str> {
    report.skipped.iter().map(|d| d.code).collect()
}

fn text_of(json: &Json) -> String {
    json.to_pretty_string()
}

#[test]
fn an_account_export_becomes_users_groups_and_roles() {
    let (outcome, tree) = run(&[("prod.json", PROD)], &ImportOptions::default());
    let report = &outcome.inputs[0];
    assert_eq!(
        report.format,
        Some(InputFormat::AccountAuthorizationDetails)
    );
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.accounts, vec!["111122223333".to_string()]);
    let count = |kind| report.taken.iter().filter(|t| t.kind == kind).count();
    assert_eq!(
        (
            count(TakenKind::User),
            count(TakenKind::Group),
            count(TakenKind::Role)
        ),
        (4, 3, 3)
    );

    // Paths stay in the ARNs; groups are referenced by ARN (the export lists names).
    let bob = entity(
        &tree,
        "users",
        "arn:aws:iam::111122223333:user/engineering/bob",
    );
    assert_eq!(
        bob.get("groups"),
        Some(&Json::Array(vec![Json::string(
            "arn:aws:iam::111122223333:group/engineering/Developers"
        )]))
    );
    // A customer managed boundary at its default version (v2), not v1.
    let boundary = text_of(bob.get("permissionsBoundary").unwrap());
    assert!(
        boundary.contains("DenyIamChanges") && boundary.contains("DevBoundary"),
        "{boundary}"
    );
    assert_eq!(
        bob.get("tags"),
        Some(&Json::object([("team", Json::string("orders"))]))
    );

    // AWS managed attachments and boundaries are ARNs.
    let developers = entity(
        &tree,
        "groups",
        "arn:aws:iam::111122223333:group/engineering/Developers",
    );
    assert_eq!(
        policy_names(developers),
        vec![
            "DeveloperAccess",
            "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
        ]
    );
    let carol = entity(
        &tree,
        "users",
        "arn:aws:iam::111122223333:user/contractors/carol",
    );
    assert_eq!(
        carol.get("permissionsBoundary"),
        Some(&Json::string("arn:aws:iam::aws:policy/PowerUserAccess"))
    );

    // A URL-encoded inline policy is decoded; a URL-encoded customer policy too, at v3 (v2 allowed s3:*).
    let dave = entity(&tree, "users", "arn:aws:iam::111122223333:user/dave");
    assert_eq!(policy_names(dave), vec!["ReportsReadOnly"]);
    assert!(text_of(dave).contains("arn:aws:s3:::prod-reports/*"));
    let app = entity(
        &tree,
        "roles",
        "arn:aws:iam::111122223333:role/service/app-server",
    );
    assert_eq!(policy_names(app), vec!["WriteLogs", "AppServerAccess"]);
    let app_text = text_of(app);
    assert!(
        app_text.contains("SendJobs") && !app_text.contains("\"s3:*\""),
        "{app_text}"
    );
    assert!(app.get("trustPolicy").is_some());

    // Service-linked roles are imported and marked.
    let support = report
        .taken
        .iter()
        .find(|t| t.arn.ends_with("AWSServiceRoleForSupport"))
        .unwrap();
    assert!(support.service_linked && support.managed_arns == 1);

    // The missing attachment and the missing group are reported where they are.
    let codes = codes_of(report);
    assert!(codes.contains(&codes::W1101_MISSING_POLICY), "{codes:?}");
    assert!(codes.contains(&codes::W1103_MISSING_GROUP), "{codes:?}");
    let missing = report
        .skipped
        .iter()
        .find(|d| d.code == codes::W1101_MISSING_POLICY)
        .unwrap();
    assert!(missing.message.contains("LegacyS3Access") && missing.message.contains("user/dave"));
    let span = missing.span.unwrap();
    let at = PROD
        .get(span.start.offset as usize..span.end.offset as usize)
        .unwrap();
    assert!(at.contains("LegacyS3Access"), "{at}");
    let group = report
        .skipped
        .iter()
        .find(|d| d.code == codes::W1103_MISSING_GROUP)
        .unwrap();
    assert!(group.message.contains("Auditors"));
    assert_eq!(
        entity(
            &tree,
            "users",
            "arn:aws:iam::111122223333:user/contractors/carol"
        )
        .get("groups"),
        Some(&Json::Array(vec![Json::string(
            "arn:aws:iam::111122223333:group/ReadOnly"
        )]))
    );
    assert_eq!(report.skipped.len(), 2, "{:?}", report.skipped);
    assert!(tree
        .get("name")
        .and_then(Json::as_str)
        .unwrap()
        .contains("111122223333"));
}

#[test]
fn two_accounts_make_one_scenario() {
    let (outcome, tree) = run(
        &[("prod.json", PROD), ("dev.json", DEV)],
        &ImportOptions::default(),
    );
    assert_eq!(outcome.inputs[1].accounts, vec!["444455556666".to_string()]);
    let deployer = entity(&tree, "users", "arn:aws:iam::444455556666:user/deployer");
    assert_eq!(
        deployer.get("groups"),
        Some(&Json::Array(vec![Json::string(
            "arn:aws:iam::444455556666:group/Deployers"
        )]))
    );
    // Every document of the dev export is URL-encoded (the raw API shape).
    let ci = entity(
        &tree,
        "roles",
        "arn:aws:iam::444455556666:role/ci/github-actions",
    );
    let trust = text_of(ci.get("trustPolicy").unwrap());
    assert!(
        trust.contains("token.actions.githubusercontent.com:sub"),
        "{trust}"
    );
    assert_eq!(policy_names(ci), vec!["CiPublish"]);
    // Its boundary is a customer policy the export lacks: left out and said so.
    assert!(ci.get("permissionsBoundary").is_none());
    let skip = &outcome.inputs[1].skipped;
    assert!(
        skip.iter()
            .any(|d| d.code == codes::W1101_MISSING_POLICY && d.message.contains("CiBoundary")),
        "{skip:?}"
    );
    let users = match tree.get("users") {
        Some(Json::Array(items)) => items.len(),
        _ => 0,
    };
    assert_eq!(users, 6);
}

#[test]
fn get_role_adds_what_the_export_lacks() {
    let (outcome, tree) = run(
        &[("role.json", GET_ROLE), ("prod.json", PROD)],
        &ImportOptions::default(),
    );
    // Exports go first whatever the order, so get-role updates the exported role.
    let role_report = &outcome.inputs[0];
    assert_eq!(role_report.format, Some(InputFormat::GetRole));
    assert!(role_report.taken[0].replaced);
    let app = entity(
        &tree,
        "roles",
        "arn:aws:iam::111122223333:role/service/app-server",
    );
    assert_eq!(
        app.get("maxSessionDuration"),
        Some(&Json::Number("14400".into()))
    );
    assert_eq!(policy_names(app), vec!["WriteLogs", "AppServerAccess"]);

    // Alone, get-role makes a role without policies.
    let (_, tree) = run(&[("role.json", GET_ROLE)], &ImportOptions::default());
    let app = entity(
        &tree,
        "roles",
        "arn:aws:iam::111122223333:role/service/app-server",
    );
    assert!(policies(app).is_empty() && app.get("trustPolicy").is_some());
}

#[test]
fn resource_policies_attach_to_the_given_or_named_resource() {
    let with = |resource: Option<&str>, account: Option<&str>| ImportOptions {
        resource: resource.map(str::to_string),
        account: account.map(str::to_string),
        ..ImportOptions::default()
    };
    let cases: &[(&str, InputFormat, Option<&str>, &str)] = &[
        (
            "queue",
            InputFormat::SqsQueueAttributes,
            None,
            "arn:aws:sqs:eu-west-1:111122223333:jobs",
        ),
        (
            "topic",
            InputFormat::SnsTopicAttributes,
            None,
            "arn:aws:sns:eu-west-1:111122223333:order-events",
        ),
        (
            "secret",
            InputFormat::SecretsManagerResourcePolicy,
            None,
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/orders/db-AbCdEf",
        ),
        (
            "lambda",
            InputFormat::LambdaPolicy,
            Some("arn:aws:lambda:eu-west-1:111122223333:function:orders-api"),
            "arn:aws:lambda:eu-west-1:111122223333:function:orders-api",
        ),
        (
            "key",
            InputFormat::KmsKeyPolicy,
            Some("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
            "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ),
        (
            "ecr",
            InputFormat::EcrRepositoryPolicy,
            Some("arn:aws:ecr:eu-west-1:444455556666:repository/orders-api"),
            "arn:aws:ecr:eu-west-1:444455556666:repository/orders-api",
        ),
    ];
    for (name, format, resource, arn) in cases {
        let text = match *name {
            "queue" => QUEUE,
            "topic" => TOPIC,
            "secret" => SECRET,
            "lambda" => LAMBDA,
            "key" => KEY,
            _ => ECR,
        };
        let (outcome, tree) = run(&[(name, text)], &with(*resource, None));
        let report = &outcome.inputs[0];
        assert_eq!(report.format, Some(*format), "{name}");
        assert!(report.skipped.is_empty(), "{name}: {:?}", report.skipped);
        assert!(
            entity(&tree, "resources", arn).get("policy").is_some(),
            "{name}"
        );
        assert!(
            outcome.problems.is_empty(),
            "{name}: {:?}",
            outcome.problems
        );
        // Without --resource, the outputs that do not name their resource are skipped with the reason.
        if resource.is_some() {
            let (outcome, _) = run(&[(name, text)], &ImportOptions::default());
            assert_eq!(
                codes_of(&outcome.inputs[0]),
                vec![codes::W1104_NEEDS_TARGET],
                "{name}"
            );
        }
    }

    // An S3 bucket ARN names no account: the owner must be given.
    let bucket = Some("arn:aws:s3:::prod-reports");
    let (outcome, _) = run(&[("bucket", BUCKET)], &with(bucket, None));
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1104_NEEDS_TARGET]
    );
    let (outcome, tree) = run(&[("bucket", BUCKET)], &with(bucket, Some("111122223333")));
    assert!(outcome.inputs[0].skipped.is_empty());
    let entry = entity(&tree, "resources", "arn:aws:s3:::prod-reports");
    assert_eq!(entry.get("account"), Some(&Json::string("111122223333")));
    assert!(text_of(entry).contains("DenyInsecureTransport"));

    // A resource ARN of another service is attached as given, with a warning.
    let (outcome, _) = run(
        &[("queue", QUEUE)],
        &with(Some("arn:aws:sns:eu-west-1:111122223333:x"), None),
    );
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1109_RESOURCE_MISMATCH]
    );
}

#[test]
fn organization_policies_attach_at_the_chosen_level() {
    let root = ImportOptions {
        level: Some(OrgLevel::Root),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(
        &[("prod.json", PROD), ("dev.json", DEV), ("scp.json", SCP)],
        &root,
    );
    let scp = &outcome.inputs[2];
    assert_eq!(scp.format, Some(InputFormat::DescribePolicy));
    assert_eq!(scp.taken.len(), 2, "a root SCP applies to every account");
    assert!(codes_of(scp).contains(&codes::W1108_ASSUMED));
    let levels = tree
        .get("accounts")
        .and_then(|a| a.get("444455556666"))
        .and_then(|a| a.get("scps"))
        .unwrap();
    let Json::Array(levels) = levels else {
        panic!()
    };
    assert_eq!(levels.len(), 2);
    let root_level = text_of(&levels[0]);
    assert!(root_level.contains("FullAWSAccess") && root_level.contains("DenyOutsideEU"));
    assert!(!text_of(&levels[1]).contains("DenyOutsideEU"));

    // An RCP at an account, with the account given.
    let at_account = ImportOptions {
        level: Some(OrgLevel::Account),
        account: Some("111122223333".into()),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(&[("rcp.json", RCP)], &at_account);
    assert_eq!(outcome.inputs[0].taken[0].kind, TakenKind::Rcp);
    let rcps = tree
        .get("accounts")
        .and_then(|a| a.get("111122223333"))
        .and_then(|a| a.get("rcps"));
    let Some(Json::Array(levels)) = rcps else {
        panic!("{tree:?}")
    };
    assert!(
        text_of(&levels[1]).contains("EnforceTls")
            && text_of(&levels[0]).contains("RCPFullAWSAccess")
    );
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);

    // An OU level goes between root and account, also when levels exist already.
    let ou = ImportOptions {
        level: Some(OrgLevel::Ou),
        account: Some("111122223333".into()),
        ..ImportOptions::default()
    };
    let into = tree.to_pretty_string();
    let (_, tree) = run(
        &[("rcp.json", RCP)],
        &ImportOptions {
            into: Some(into),
            ..ou
        },
    );
    let rcps = tree
        .get("accounts")
        .and_then(|a| a.get("111122223333"))
        .and_then(|a| a.get("rcps"));
    let Some(Json::Array(levels)) = rcps else {
        panic!()
    };
    assert_eq!(levels.len(), 3);
    assert!(
        text_of(&levels[1]).contains("EnforceTls") && text_of(&levels[2]).contains("EnforceTls")
    );

    // No level, no account, or not an authorization policy: skipped with the reason.
    let (outcome, _) = run(&[("scp.json", SCP)], &ImportOptions::default());
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1104_NEEDS_TARGET]
    );
    let (outcome, _) = run(&[("scp.json", SCP)], &root);
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1104_NEEDS_TARGET]
    );
    let (outcome, _) = run(&[("tag.json", TAG_POLICY)], &root);
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1105_NOT_AUTHORIZATION]
    );
}

#[test]
fn documents_attach_to_the_given_entity() {
    let options = ImportOptions {
        attach_to: Some("arn:aws:iam::111122223333:user/engineering/bob".into()),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(
        &[
            ("prod.json", PROD),
            ("orders/OrdersRead.json", POLICY_VERSION),
            ("metrics.json", BARE),
        ],
        &options,
    );
    assert_eq!(
        outcome.inputs[1].format,
        Some(InputFormat::GetPolicyVersion)
    );
    assert_eq!(outcome.inputs[2].format, Some(InputFormat::PolicyDocument));
    let bob = entity(
        &tree,
        "users",
        "arn:aws:iam::111122223333:user/engineering/bob",
    );
    assert_eq!(policy_names(bob), vec!["OrdersRead", "metrics"]);
    assert!(outcome.inputs[1].taken[0].replaced);

    // Without a target: skipped, saying which option is missing.
    let (outcome, _) = run(&[("metrics.json", BARE)], &ImportOptions::default());
    assert_eq!(
        codes_of(&outcome.inputs[0]),
        vec![codes::W1104_NEEDS_TARGET]
    );
    assert!(outcome.inputs[0].skipped[0]
        .help
        .as_deref()
        .unwrap()
        .contains("--attach-to"));

    // A bare document with Principal and a role ARN is the role's trust policy.
    let trust = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "sts:AssumeRole"}]}"#;
    let options = ImportOptions {
        resource: Some("arn:aws:iam::111122223333:role/service/app-server".into()),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(&[("prod.json", PROD), ("trust.json", trust)], &options);
    assert!(outcome.inputs[1].taken[0].trust_policy);
    let app = entity(
        &tree,
        "roles",
        "arn:aws:iam::111122223333:role/service/app-server",
    );
    assert!(text_of(app.get("trustPolicy").unwrap()).contains("444455556666"));
    assert_eq!(policy_names(app).len(), 2, "the role keeps its policies");
}

#[test]
fn importing_into_a_scenario_keeps_it_and_replaces_by_arn() {
    let into = r#"{
  "name": "Mine",
  "users": [
    {"arn": "arn:aws:iam::111122223333:user/dave", "policies": []},
    {"arn": "arn:aws:iam::111122223333:user/zoe"}
  ],
  "roles": [{"arn": "arn:aws:iam::111122223333:role/service/app-server", "maxSessionDuration": 7200}],
  "requests": [{"principal": "arn:aws:iam::111122223333:user/zoe", "action": "s3:GetObject", "resource": "*"}]
}"#;
    let options = ImportOptions {
        into: Some(into.into()),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(&[("prod.json", PROD)], &options);
    assert_eq!(tree.get("name"), Some(&Json::string("Mine")));
    let Some(Json::Object(members)) = Some(&tree) else {
        panic!()
    };
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, vec!["name", "groups", "users", "roles", "requests"]);
    let dave = outcome.inputs[0]
        .taken
        .iter()
        .find(|t| t.arn.ends_with("user/dave"))
        .unwrap();
    assert!(dave.replaced);
    entity(&tree, "users", "arn:aws:iam::111122223333:user/zoe");
    let app = entity(
        &tree,
        "roles",
        "arn:aws:iam::111122223333:role/service/app-server",
    );
    assert_eq!(
        app.get("maxSessionDuration"),
        Some(&Json::Number("7200".into()))
    );
    assert_eq!(policy_names(app).len(), 2);
}

#[test]
fn unreadable_inputs_and_bad_options_are_errors() {
    let (outcome, tree) = run(
        &[
            ("broken.json", "{\"UserDetailList\": ["),
            ("other.json", "{\"Items\": []}"),
            ("prod.json", PROD),
        ],
        &ImportOptions::default(),
    );
    assert!(outcome.has_errors());
    assert!(outcome.inputs[0].errors[0].code.starts_with("E01"));
    assert_eq!(outcome.inputs[1].errors[0].code, codes::E1101_UNRECOGNIZED);
    // The readable input is still imported.
    entity(&tree, "users", "arn:aws:iam::111122223333:user/dave");

    let bad = ImportOptions {
        resource: Some("my-bucket".into()),
        attach_to: Some("arn:aws:iam::111122223333:policy/x".into()),
        account: Some("12345".into()),
        ..ImportOptions::default()
    };
    let (outcome, tree) = run(&[("bucket", BUCKET)], &bad);
    let codes: Vec<&str> = outcome.into_errors.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![codes::E1103_BAD_OPTION; 3]);
    assert!(
        tree.get("resources").is_none(),
        "nothing is attached to a bad option"
    );

    let (outcome, _) = run(
        &[("prod.json", PROD)],
        &ImportOptions {
            into: Some("[]".into()),
            ..ImportOptions::default()
        },
    );
    assert!(outcome.scenario.is_none());
    assert_eq!(outcome.into_errors[0].code, codes::E1102_BAD_INTO);
}

#[test]
fn invalid_documents_are_skipped_with_the_parser_reason() {
    let export = r#"{"UserDetailList": [{"UserName": "x", "Arn": "arn:aws:iam::111122223333:user/x",
        "UserPolicyList": [
          {"PolicyName": "Bad", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Perhaps", "Action": "s3:*", "Resource": "*"}]}},
          {"PolicyName": "Garbled", "PolicyDocument": "%7B%22Version"},
          {"PolicyName": "Good", "PolicyDocument": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}
        ]}], "IsTruncated": true}"#;
    let (outcome, tree) = run(&[("x.json", export)], &ImportOptions::default());
    let codes = codes_of(&outcome.inputs[0]);
    assert_eq!(
        codes,
        vec![
            codes::W1106_TRUNCATED,
            codes::W1102_INVALID_POLICY,
            codes::W1102_INVALID_POLICY
        ]
    );
    assert!(
        outcome.inputs[0].skipped[1].message.contains("E02"),
        "{:?}",
        outcome.inputs[0].skipped
    );
    let user = entity(&tree, "users", "arn:aws:iam::111122223333:user/x");
    assert_eq!(policy_names(user), vec!["Good"]);
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
}

#[test]
fn the_scenario_loads() {
    let options = ImportOptions {
        level: Some(OrgLevel::Root),
        ..ImportOptions::default()
    };
    let (outcome, _) = run(
        &[("prod.json", PROD), ("dev.json", DEV), ("scp.json", SCP)],
        &options,
    );
    assert!(outcome.problems.is_empty(), "{:#?}", outcome.problems);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// No input panics: arbitrary text, and exports cut at any byte.
        #[test]
        fn never_panics(text in ".{0,200}", cut in 0usize..19_000) {
            let cut_at = (0..=cut.min(PROD.len())).rev().find(|i| PROD.is_char_boundary(*i)).unwrap_or(0);
            let inputs = [input("a", &text), input("b", &PROD[..cut_at])];
            let outcome = import_aws(&inputs, &ImportOptions { into: Some(text.clone()), ..ImportOptions::default() });
            // A scenario is written exactly when `into` is a JSON object.
            prop_assert_eq!(outcome.scenario.is_none(), !outcome.into_errors.is_empty());
            prop_assert_eq!(outcome.inputs.len(), 2);
        }
    }
}

#[test]
fn aws_managed_arns_the_snapshot_lacks_use_the_exports_copy_or_are_skipped() {
    use crate::managed::{ManagedPolicies, ManagedPolicy};
    let snapshot = ManagedPolicies::from_policies(
        "test-snapshot",
        vec![ManagedPolicy::new(
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "v1",
            "2024-01-01",
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#,
        )],
    );
    let export = r#"{"UserDetailList": [{"UserName": "a", "Arn": "arn:aws:iam::111122223333:user/a",
      "AttachedManagedPolicies": [
        {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
        {"PolicyName": "BrandNewAccess", "PolicyArn": "arn:aws:iam::aws:policy/BrandNewAccess"},
        {"PolicyName": "ReadOnlyAcces", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAcces"}]}],
      "Policies": [{"PolicyName": "BrandNewAccess", "Arn": "arn:aws:iam::aws:policy/BrandNewAccess",
        "DefaultVersionId": "v1", "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
        "Document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}}}]}]}"#;
    let outcome = import_aws_with(
        &[input("x.json", export)],
        &ImportOptions::default(),
        Some(&snapshot),
    );
    let report = &outcome.inputs[0];
    assert_eq!(
        codes_of(report),
        vec![
            codes::W1110_UNKNOWN_MANAGED_POLICY,
            codes::W1110_UNKNOWN_MANAGED_POLICY
        ]
    );
    assert!(report.skipped[1]
        .message
        .contains("did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`"));
    let text = outcome.scenario.unwrap();
    let tree = Json::from_spanned(&parse(&text, &Limits::default()).unwrap());
    let user = entity(&tree, "users", "arn:aws:iam::111122223333:user/a");
    assert_eq!(
        policy_names(user),
        vec!["arn:aws:iam::aws:policy/ReadOnlyAccess", "BrandNewAccess"]
    );
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);

    // Without a snapshot, ARNs are written as they are for the loading shell to resolve.
    let (outcome, tree) = run(&[("x.json", export)], &ImportOptions::default());
    assert!(outcome.inputs[0].skipped.is_empty());
    assert_eq!(
        policy_names(entity(&tree, "users", "arn:aws:iam::111122223333:user/a")).len(),
        3
    );
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
}
