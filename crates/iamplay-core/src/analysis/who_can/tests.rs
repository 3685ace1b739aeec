//! who-can against hand-made scenarios, and a property test: every unconditional row agrees with checking the
//! same request on its own (`check_scenario`).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use crate::scenario::{check_scenario, load_scenario};
use proptest::prelude::*;

fn load(text: &str) -> Scenario {
    let loaded = load_scenario(text);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    loaded.scenario.expect("scenario")
}

const ACCOUNT: &str = r#"{
  "accounts": {"111111111111": {"name": "dev"}, "222222222222": {"name": "prod"}},
  "groups": [{"arn": "arn:aws:iam::111111111111:group/readers", "policies": [{"name": "Read", "document":
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
       "Resource": "arn:aws:s3:::data/*"}]}}]}],
  "users": [
    {"arn": "arn:aws:iam::111111111111:user/ana", "groups": ["arn:aws:iam::111111111111:group/readers"]},
    {"arn": "arn:aws:iam::111111111111:user/bob", "policies": [{"name": "Assume", "document":
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
       "Resource": "arn:aws:iam::111111111111:role/hop"}]}}]},
    {"arn": "arn:aws:iam::111111111111:user/office", "policies": [{"name": "FromOffice", "document":
      {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
       "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}}]}
  ],
  "roles": [
    {"arn": "arn:aws:iam::111111111111:role/hop",
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111111111111:user/bob"}, "Action": "sts:AssumeRole"}]},
     "policies": [{"name": "Next", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::222222222222:role/reader"}]}}]},
    {"arn": "arn:aws:iam::222222222222:role/reader",
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111111111111:role/hop"}, "Action": "sts:AssumeRole"}]},
     "policies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*"}]}}]}
  ],
  "resources": [{"arn": "arn:aws:s3:::data", "account": "222222222222", "policy": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::111111111111:user/ana",
      "arn:aws:iam::111111111111:user/office"]}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"},
      {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
       "Resource": "arn:aws:s3:::data/*"}]}}]
}"#;

fn row<'a, 's>(answer: &'a WhoCan<'s>, principal: &str) -> &'a WhoCanRow<'s> {
    answer
        .principals
        .iter()
        .find(|row| row.principal == principal)
        .unwrap_or_else(|| panic!("no row {principal}"))
}

#[test]
fn lists_every_principal_with_decisions_chains_and_conditions() {
    let scenario = load(ACCOUNT);
    let answer = who_can(
        &scenario,
        "s3:GetObject",
        "arn:aws:s3:::data/report.csv",
        &RequestContext::new(),
    );
    let ana = row(&answer, "arn:aws:iam::111111111111:user/ana");
    assert_eq!(ana.decision, Decision::Allow);
    assert!(!ana.conditional);
    assert_eq!(ana.groups, ["arn:aws:iam::111111111111:group/readers"]);
    assert!(!ana.decisive.is_empty());
    assert_eq!(
        row(&answer, "arn:aws:iam::111111111111:user/bob").decision,
        Decision::ImplicitDeny
    );

    // The reader role is reached by bob through hop.
    let reader = row(&answer, "arn:aws:iam::222222222222:role/reader");
    assert_eq!(reader.decision, Decision::Allow);
    assert_eq!(
        reader.chain,
        [
            "arn:aws:iam::111111111111:role/hop",
            "arn:aws:iam::222222222222:role/reader"
        ]
    );
    assert_eq!(
        reader.chain_from.as_deref(),
        Some("arn:aws:iam::111111111111:user/bob")
    );

    // The office user is allowed only from its network: a condition, not a silent deny.
    let office = row(&answer, "arn:aws:iam::111111111111:user/office");
    assert!(office.conditional);
    assert_eq!(office.decision, Decision::Allow);
    assert!(office.conditions.iter().any(|c| c.key == "aws:SourceIp"));
    assert!(answer.open_keys.iter().any(|k| k == "aws:SourceIp"));
    // Given the key, the answer is fixed.
    let mut context = RequestContext::new();
    context.insert(
        "aws:SourceIp",
        ContextValue::Single("198.51.100.1".to_string()),
    );
    let outside = who_can(
        &scenario,
        "s3:GetObject",
        "arn:aws:s3:::data/report.csv",
        &context,
    );
    let office = row(&outside, "arn:aws:iam::111111111111:user/office");
    assert!(!office.conditional);
    assert_eq!(office.decision, Decision::ImplicitDeny);

    assert_eq!(row(&answer, "anonymous").decision, Decision::ImplicitDeny);
    assert_eq!(
        row(&answer, ANY_OTHER_ACCOUNT).kind,
        WhoKind::AnyOtherAccount
    );
    assert_eq!(
        row(&answer, ANY_OTHER_ACCOUNT).decision,
        Decision::ImplicitDeny
    );
    assert!(answer
        .principals
        .iter()
        .any(|r| r.principal == "arn:aws:iam::222222222222:root"));

    let put = who_can(
        &scenario,
        "s3:PutObject",
        "arn:aws:s3:::data/log",
        &RequestContext::new(),
    );
    assert_eq!(
        row(&put, "cloudtrail.amazonaws.com").decision,
        Decision::Allow
    );
}

#[test]
fn a_public_resource_lets_any_other_account_in() {
    let scenario = load(
        r#"{"resources": [{"arn": "arn:aws:s3:::site", "account": "111111111111", "policy": {
          "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}}]}"#,
    );
    let answer = who_can(
        &scenario,
        "s3:GetObject",
        "arn:aws:s3:::site/index.html",
        &RequestContext::new(),
    );
    assert_eq!(row(&answer, ANY_OTHER_ACCOUNT).decision, Decision::Allow);
    assert_eq!(row(&answer, "anonymous").decision, Decision::Allow);
    assert!(row(&answer, ANY_OTHER_ACCOUNT)
        .decisive
        .iter()
        .all(|d| d.policy_id != "another account: allows everything"));
}

/// A role that trusts account 333333333333, which the scenario says nothing else about, and a bucket that
/// grants it.
const TRUSTS_ANOTHER_ACCOUNT: &str = r#"{
  "users": [{"arn": "arn:aws:iam::111111111111:user/ana"}],
  "roles": [
    {"arn": "arn:aws:iam::111111111111:role/audit",
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "333333333333"}, "Action": "sts:AssumeRole"}]},
     "policies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Action": "s3:GetObject", "Resource": "*"}]}}]},
    {"arn": "arn:aws:iam::111111111111:role/vendor",
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::555555555555:root"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"sts:ExternalId": "x-1"}}}]}},
    {"arn": "arn:aws:iam::111111111111:role/local",
     "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}}
  ],
  "resources": [{"arn": "arn:aws:s3:::logs", "account": "111111111111", "policy": {"Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444444444444:root"},
      "Action": "s3:PutObject", "Resource": "arn:aws:s3:::logs/*"}]}}]
}"#;

#[test]
fn an_account_a_trust_policy_names_gets_a_row_for_its_principals() {
    let scenario = load(TRUSTS_ANOTHER_ACCOUNT);
    let role = "arn:aws:iam::111111111111:role/audit";
    let answer = who_can(&scenario, "sts:AssumeRole", role, &RequestContext::new());
    // "You cannot assume a role when you are signed in as the AWS account root user"
    // (id_roles_use_switch-role-api.md); the account's other principals can when their administrators let them,
    // which the trust policy leaves to the account.
    assert_eq!(
        row(&answer, "arn:aws:iam::333333333333:root").decision,
        Decision::ImplicitDeny
    );
    let principals = row(&answer, "any principal of 333333333333");
    assert_eq!(principals.kind, WhoKind::NamedAccount);
    assert_eq!(principals.account.as_deref(), Some("333333333333"));
    assert_eq!(principals.decision, Decision::Allow);
    assert!(!principals.conditional);
    assert!(!principals.decisive.is_empty());
    assert!(principals
        .decisive
        .iter()
        .all(|d| d.policy_id != ALLOWS_EVERYTHING));
    // A condition in the trust policy is a condition on the row.
    let vendor = who_can(
        &scenario,
        "sts:AssumeRole",
        "arn:aws:iam::111111111111:role/vendor",
        &RequestContext::new(),
    );
    let principals = row(&vendor, "any principal of 555555555555");
    assert_eq!(principals.decision, Decision::Allow);
    assert!(principals.conditional, "the external id is open");
    assert!(principals
        .conditions
        .iter()
        .any(|c| c.key == "sts:ExternalId" && c.policy_id != ALLOWS_EVERYTHING));
    assert_eq!(
        row(&vendor, "any principal of 333333333333").decision,
        Decision::ImplicitDeny
    );
    // Described accounts get no such row: their principals are rows of their own.
    assert!(answer
        .principals
        .iter()
        .all(|row| row.principal != "any principal of 111111111111"));
    // What the role can do, reached from that account.
    let read = who_can(
        &scenario,
        "s3:GetObject",
        "arn:aws:s3:::logs/a",
        &RequestContext::new(),
    );
    let audit = row(&read, role);
    assert_eq!(audit.decision, Decision::Allow);
    assert_eq!(
        audit.chain_from.as_deref(),
        Some("any principal of 333333333333")
    );
    assert_eq!(audit.chain, vec![role.to_string()]);
    // A resource policy that names an account: its principals, like its root user.
    let write = who_can(
        &scenario,
        "s3:PutObject",
        "arn:aws:s3:::logs/a",
        &RequestContext::new(),
    );
    assert_eq!(
        row(&write, "any principal of 444444444444").decision,
        Decision::Allow
    );
    assert_eq!(
        row(&write, "any principal of 333333333333").decision,
        Decision::ImplicitDeny
    );
    assert_eq!(
        row(&write, ANY_OTHER_ACCOUNT).decision,
        Decision::ImplicitDeny
    );
}

fn scenario_strategy() -> impl Strategy<Value = String> {
    let statement = (
        prop_oneof![Just("Allow"), Just("Deny")],
        prop_oneof![Just("s3:GetObject"), Just("s3:*"), Just("s3:Put*")],
        prop_oneof![
            Just("*"),
            Just("arn:aws:s3:::data/*"),
            Just("arn:aws:s3:::other/*")
        ],
    )
        .prop_map(|(effect, action, resource)| {
            format!(r#"{{"Effect": "{effect}", "Action": "{action}", "Resource": "{resource}"}}"#)
        });
    let policy = proptest::collection::vec(statement, 1..3).prop_map(|statements| {
        format!(
            r#"[{{"name": "P", "document": {{"Version": "2012-10-17", "Statement": [{}]}}}}]"#,
            statements.join(",")
        )
    });
    let principal = prop_oneof![
        Just(r#""*""#),
        Just(r#"{"AWS": "111111111111"}"#),
        Just(r#"{"AWS": "arn:aws:iam::222222222222:user/u1"}"#),
        Just(r#"{"AWS": "arn:aws:iam::111111111111:role/r0"}"#),
    ];
    (
        proptest::collection::vec(policy.clone(), 3),
        principal,
        prop_oneof![Just("Allow"), Just("Deny")],
        prop_oneof![Just("111111111111"), Just("222222222222")],
    )
        .prop_map(|(policies, principal, effect, owner)| {
            let [user0, user1, role0] = [&policies[0], &policies[1], &policies[2]];
            format!(
                r#"{{
                  "users": [{{"arn": "arn:aws:iam::111111111111:user/u0", "policies": {user0}}},
                            {{"arn": "arn:aws:iam::222222222222:user/u1", "policies": {user1}}}],
                  "roles": [{{"arn": "arn:aws:iam::111111111111:role/r0", "policies": {role0},
                     "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
                       "Principal": {{"AWS": "111111111111"}}, "Action": "sts:AssumeRole"}}]}}}}],
                  "resources": [{{"arn": "arn:aws:s3:::data", "account": "{owner}", "policy": {{
                     "Version": "2012-10-17", "Statement": [{{"Effect": "{effect}", "Principal": {principal},
                     "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data/*"}}]}}}}]
                }}"#
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn rows_agree_with_checking_each_request(text in scenario_strategy(), action in prop_oneof![Just("s3:GetObject"), Just("s3:PutObject")]) {
        let scenario = load(&text);
        let answer = who_can(&scenario, action, "arn:aws:s3:::data/key", &RequestContext::new());
        let principals: Vec<&WhoCanRow<'_>> = answer
            .principals
            .iter()
            .filter(|row| !matches!(row.kind, WhoKind::AnyOtherAccount | WhoKind::NamedAccount))
            .collect();
        prop_assert!(principals.len() >= 5);
        // The same questions as requests of the scenario, checked one by one.
        let requests: Vec<String> = principals
            .iter()
            .map(|row| format!(
                r#"{{"principal": "{}", "action": "{action}", "resource": "arn:aws:s3:::data/key"}}"#,
                row.principal
            ))
            .collect();
        let mut value: serde_json::Value = serde_json::from_str(&text).expect("json");
        value["requests"] = serde_json::from_str(&format!("[{}]", requests.join(","))).expect("requests");
        let with_requests = load(&value.to_string());
        let results = check_scenario(&with_requests);
        for (row, result) in principals.iter().zip(&results) {
            prop_assert!(!row.conditional);
            prop_assert_eq!(row.decision, result.decision, "{}", row.principal);
        }
    }
}
