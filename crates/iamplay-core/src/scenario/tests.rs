#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::codes;
use super::*;
use crate::diagnostic::Diagnostic;
use crate::explain::Decision;
use crate::sts::DEFAULT_SESSION_DURATION_SECONDS;

fn load_ok(text: &str) -> Scenario {
    let loaded = load_scenario(text);
    let errors: Vec<&Diagnostic> = loaded.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "unexpected errors: {errors:#?}");
    loaded.scenario.expect("a scenario without errors")
}

fn codes_of(text: &str) -> Vec<&'static str> {
    let loaded = load_scenario(text);
    assert!(loaded.scenario.is_none(), "expected errors for {text}");
    loaded.diagnostics.iter().map(|d| d.code).collect()
}

fn find<'a>(loaded: &'a LoadedScenario, code: &str) -> &'a Diagnostic {
    loaded
        .diagnostics
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code} in {:#?}", loaded.diagnostics))
}

/// The text at a diagnostic's span.
fn spanned<'t>(text: &'t str, diagnostic: &Diagnostic) -> &'t str {
    let span = diagnostic.span.expect("a span");
    &text[span.start.offset as usize..span.end.offset as usize]
}

const WORLD: &str = r#"{
  "name": "world",
  "accounts": {
    "111122223333": {"name": "home"},
    "222233334444": {"name": "member", "scps": [
      [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}],
      [{"name": "OnlyS3", "document": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}]
    ]},
    "333344445555": {"rcps": [[{"Version": "2012-10-17", "Statement": {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"}}]]}
  },
  "groups": [{"arn": "arn:aws:iam::111122223333:group/Readers",
              "policies": [{"name": "Read", "document": {"Version": "2012-10-17", "Statement": {"Sid": "GroupRead", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}]}],
  "users": [
    {"arn": "arn:aws:iam::111122223333:user/ann", "groups": ["arn:aws:iam::111122223333:group/Readers"],
     "policies": [{"Version": "2012-10-17", "Statement": {"Sid": "AssumeAny", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}],
     "tags": {"team": "blue"}},
    {"arn": "arn:aws:iam::222233334444:user/max", "policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}]}
  ],
  "roles": [
    {"arn": "arn:aws:iam::111122223333:role/path/app", "maxSessionDuration": 7200,
     "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "sts:AssumeRole"}},
     "policies": [{"Version": "2012-10-17", "Statement": [
        {"Sid": "AppWrites", "Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data/*"},
        {"Sid": "AssumeNext", "Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}]},
    {"arn": "arn:aws:iam::111122223333:role/next", "maxSessionDuration": 43200,
     "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/path/app"}, "Action": "sts:AssumeRole"}},
     "policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]},
    {"arn": "arn:aws:iam::111122223333:role/orphan"},
    {"arn": "arn:aws:iam::111122223333:role/sso",
     "trustPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:saml-provider/Okta"}, "Action": "sts:AssumeRoleWithSAML"}},
     "policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}]}
  ],
  "resources": [
    {"arn": "arn:aws:s3:::data", "account": "111122223333", "tags": {"env": "prod"},
     "policy": {"Version": "2012-10-17", "Statement": {"Sid": "BucketGrant", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ann"}, "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::data"}}},
    {"arn": "arn:aws:s3:::data/special", "account": "111122223333"},
    {"arn": "arn:aws:s3:::vault", "account": "333344445555"},
    {"arn": "arn:aws:kms:us-east-1:111122223333:key/k1",
     "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:user/ann"}, "Action": "kms:Decrypt", "Resource": "*"}}}
  ],
  "requests": [
    {"name": "group policy", "principal": "arn:aws:iam::111122223333:user/ann", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.txt", "expect": "Allow"},
    {"name": "chain", "principal": "arn:aws:iam::111122223333:user/ann", "assume": ["arn:aws:iam::111122223333:role/path/app", "arn:aws:iam::111122223333:role/next"],
     "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.txt", "expect": "Allow"},
    {"name": "orphan hop", "principal": "arn:aws:iam::111122223333:user/ann", "assume": ["arn:aws:iam::111122223333:role/orphan"],
     "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.txt", "expect": "ImplicitDeny", "expectFacts": {"deniedHop": 0}},
    {"name": "saml", "principal": "arn:aws:iam::111122223333:saml-provider/Okta", "assume": ["arn:aws:iam::111122223333:role/sso"],
     "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.txt", "expect": "Allow"},
    {"name": "scp level", "principal": "arn:aws:iam::222233334444:user/max", "action": "ec2:RunInstances", "resource": "*", "expect": "ImplicitDeny", "expectFacts": {"deniedBy": "scp"}},
    {"name": "rcp", "principal": "arn:aws:iam::222233334444:user/max", "action": "s3:DeleteObject", "resource": "arn:aws:s3:::vault/x", "expect": "ExplicitDeny",
     "expectFacts": {"deniedBy": "rcp", "decisiveSid": "NoDeletes", "sameAccount": false}},
    {"name": "session policy", "principal": "arn:aws:iam::111122223333:role/path/app", "action": "s3:PutObject", "resource": "arn:aws:s3:::data/a.txt",
     "sessionPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}, "expect": "ImplicitDeny"},
    {"name": "wrong expectation", "principal": "anonymous", "action": "s3:GetObject", "resource": "arn:aws:s3:::data/a.txt", "expect": "Allow",
     "source": "reference_policies_elements_principal.md#All principals"}
  ]
}"#;

#[test]
fn loads_every_section() {
    let scenario = load_ok(WORLD);
    assert_eq!(
        scenario.name.as_ref().map(|n| n.value.as_str()),
        Some("world")
    );
    assert_eq!(scenario.accounts.len(), 3);
    let member = scenario.account("222233334444").expect("member account");
    let scps = member.scps.as_ref().expect("scps");
    assert_eq!(scps.len(), 2);
    assert_eq!(scps[1][0].id, "scps:222233334444/1:OnlyS3");
    assert!(scenario
        .account("111122223333")
        .is_some_and(|a| a.scps.is_none()));
    let ann = scenario
        .user("arn:aws:iam::111122223333:user/ann")
        .expect("ann");
    assert_eq!(ann.tags.get("team").map(String::as_str), Some("blue"));
    assert_eq!(ann.policies[0].id, "user/ann:policy1");
    assert_eq!(scenario.groups[0].policies[0].id, "group/Readers:Read");
    let app = scenario
        .role("arn:aws:iam::111122223333:role/path/app")
        .expect("app");
    assert_eq!(
        app.max_session_duration.as_ref().map(|d| d.value),
        Some(7200)
    );
    assert_eq!(
        app.trust_policy.as_ref().map(|t| t.id.as_str()),
        Some("role/path/app:trust")
    );
    assert!(scenario
        .role("arn:aws:iam::111122223333:role/orphan")
        .is_some_and(|r| r.trust_policy.is_none()));
    assert_eq!(scenario.requests.len(), 8);
    assert_eq!(scenario.requests[1].assume.len(), 2);
    assert_eq!(
        scenario.requests[7]
            .source
            .as_ref()
            .map(|s| s.value.as_str()),
        Some("reference_policies_elements_principal.md#All principals")
    );
}

#[test]
fn resource_entries_cover_their_objects_at_a_slash() {
    let scenario = load_ok(WORLD);
    let arn = |r: Option<&Resource>| r.map(|r| r.arn.value.clone());
    assert_eq!(
        arn(scenario.resource_for("arn:aws:s3:::data")).as_deref(),
        Some("arn:aws:s3:::data")
    );
    assert_eq!(
        arn(scenario.resource_for("arn:aws:s3:::data/a.txt")).as_deref(),
        Some("arn:aws:s3:::data")
    );
    // The longest covering entry wins.
    assert_eq!(
        arn(scenario.resource_for("arn:aws:s3:::data/special/x")).as_deref(),
        Some("arn:aws:s3:::data/special")
    );
    // `data` does not cover `database`.
    assert_eq!(arn(scenario.resource_for("arn:aws:s3:::database/x")), None);
    let entry = |text: &str| Resource {
        arn: crate::diagnostic::Spanned::new(text.to_string(), crate::diagnostic::Span::default()),
        account: None,
        policy: None,
        tags: Default::default(),
        block_public_access: None,
        span: crate::diagnostic::Span::default(),
    };
    assert!(entry("arn:aws:s3:::b/logs/").covers("arn:aws:s3:::b/logs/x"));
    assert!(!entry("arn:aws:s3:::b/logs").covers("arn:aws:s3:::b/logsx"));
}

#[test]
fn checks_requests_with_groups_chains_scps_rcps_and_session_policies() {
    let scenario = load_ok(WORLD);
    let results = check_scenario(&scenario);
    let by_name = |name: &str| {
        results
            .iter()
            .find(|r| r.name == Some(name))
            .unwrap_or_else(|| panic!("no result {name}"))
    };
    let group = by_name("group policy");
    assert_eq!(group.decision, Decision::Allow);
    assert!(group.ok);
    assert_eq!(group.same_account, Some(true));
    assert!(group
        .explanation
        .decisive
        .iter()
        .any(|s| s.sid == Some("GroupRead")));

    for name in [
        "chain",
        "orphan hop",
        "saml",
        "scp level",
        "rcp",
        "session policy",
    ] {
        let result = by_name(name);
        assert!(
            result.ok,
            "{name}: {:?} {:?} {}",
            result.decision, result.fact_mismatches, result.explanation.summary
        );
    }
    let wrong = by_name("wrong expectation");
    assert_eq!(wrong.decision, Decision::ImplicitDeny);
    assert!(!wrong.ok);
    assert_eq!(wrong.same_account, None);
}

#[test]
fn a_chain_lists_hops_and_issues_credentials() {
    let scenario = load_ok(WORLD);
    let results = check_scenario_with(
        &scenario,
        &CheckOptions {
            start_time: Some(1_700_000_000),
            ..CheckOptions::default()
        },
    );
    let chain = &results[1];
    assert_eq!(chain.hops.len(), 2);
    assert_eq!(chain.denied_hop, None);
    let first = chain.hops[0]
        .credentials
        .as_ref()
        .expect("first hop credentials");
    assert_eq!(
        first.session_arn,
        "arn:aws:sts::111122223333:assumed-role/app/iamplay"
    );
    assert_eq!(first.role_arn, "arn:aws:iam::111122223333:role/path/app");
    assert_eq!(first.duration_seconds, 7200);
    assert!(!first.chained);
    assert_eq!(first.issued_at, Some(1_700_000_000));
    assert_eq!(first.expires_at, Some(1_700_007_200));
    assert_eq!(chain.hops[0].action, "sts:AssumeRole");
    assert_eq!(
        chain.hops[1].caller,
        "arn:aws:sts::111122223333:assumed-role/app/iamplay"
    );
    let second = chain.hops[1]
        .credentials
        .as_ref()
        .expect("second hop credentials");
    // Role chaining caps the 12-hour role at one hour.
    assert_eq!(second.duration_seconds, 3600);
    assert!(second.chained);

    let saml = &results[3];
    assert_eq!(saml.hops[0].action, "sts:AssumeRoleWithSAML");
    let credentials = saml.hops[0].credentials.as_ref().expect("saml credentials");
    assert_eq!(
        credentials.duration_seconds,
        DEFAULT_SESSION_DURATION_SECONDS
    );
    assert_eq!(credentials.expires_at, Some(1_700_003_600));
}

#[test]
fn a_role_without_a_trust_policy_cannot_be_assumed() {
    let scenario = load_ok(WORLD);
    let results = check_scenario(&scenario);
    let orphan = &results[2];
    assert_eq!(orphan.decision, Decision::ImplicitDeny);
    assert_eq!(orphan.denied_hop, Some(0));
    assert_eq!(orphan.hops.len(), 1);
    assert!(orphan.hops[0].credentials.is_none());
    assert!(orphan.explanation.notes.iter().any(|note| matches!(
        note,
        crate::explain::EvaluationNote::ResourcePolicyMustAllowExplicitly { .. }
    )));
    assert!(orphan
        .explanation
        .policies
        .iter()
        .any(|policy| policy.policy_id == "role/orphan:trust (none)"));
}

#[test]
fn resolution_picks_trust_key_and_bucket_policies() {
    use crate::eval::ResourcePolicyKind;
    use crate::sts::Directory;
    let scenario = load_ok(WORLD);
    let directory = ScenarioDirectory::new(&scenario);
    let ann = directory
        .caller("arn:aws:iam::111122223333:user/ann")
        .expect("ann");
    assert_eq!(ann.identity.len(), 2, "own policy and the group's");
    let context = crate::context::RequestContext::new();

    let trust = directory.request(
        &ann,
        "sts:AssumeRole",
        "arn:aws:iam::111122223333:role/path/app",
        &context,
    );
    assert_eq!(
        trust.policies.resource.as_ref().map(|r| r.kind),
        Some(ResourcePolicyKind::RoleTrust)
    );
    let key = directory.request(
        &ann,
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:111122223333:key/k1",
        &context,
    );
    assert_eq!(
        key.policies.resource.as_ref().map(|r| r.kind),
        Some(ResourcePolicyKind::KmsKey)
    );
    let object = directory.request(&ann, "s3:GetObject", "arn:aws:s3:::data/a.txt", &context);
    assert_eq!(
        object.policies.resource.as_ref().map(|r| r.kind),
        Some(ResourcePolicyKind::Resource)
    );
    assert_eq!(object.resource_account.as_deref(), Some("111122223333"));
    assert_eq!(
        object.resource_tags.get("env").map(String::as_str),
        Some("prod")
    );
    // An object under a more specific entry without a policy gets no policy.
    let special = directory.request(
        &ann,
        "s3:GetObject",
        "arn:aws:s3:::data/special/x",
        &context,
    );
    assert!(special.policies.resource.is_none());

    let max = directory
        .caller("arn:aws:iam::222233334444:user/max")
        .expect("max");
    assert!(max.scps.in_organization);
    assert_eq!(max.scps.levels.len(), 2);
    let vault = directory.request(&max, "s3:GetObject", "arn:aws:s3:::vault/x", &context);
    assert!(
        vault.policies.rcps.in_organization,
        "the vault's account has RCPs"
    );
    assert!(!vault.policies.scps.levels.is_empty(), "the caller's SCPs");

    // A session ARN finds its role by name, path or not; an undescribed principal has no policies.
    let session = directory
        .caller("arn:aws:sts::111122223333:assumed-role/app/nightly")
        .expect("session");
    assert_eq!(session.identity.len(), 1);
    assert_eq!(
        session.principal.arn,
        "arn:aws:sts::111122223333:assumed-role/app/nightly"
    );
    assert_eq!(
        session.principal.principal_arn(),
        Some("arn:aws:iam::111122223333:role/path/app")
    );
    let stranger = directory
        .caller("arn:aws:iam::999999999999:user/x")
        .expect("stranger");
    assert!(stranger.identity.is_empty());
    let provider = directory
        .caller("cognito-identity.amazonaws.com")
        .expect("provider");
    assert!(matches!(
        provider.principal.kind,
        crate::eval::PrincipalKind::Federated { .. }
    ));
}

#[test]
fn bad_json_is_reported_with_the_json_code() {
    let loaded = load_scenario("{\"requests\": [");
    assert!(loaded.scenario.is_none());
    assert!(
        loaded.diagnostics.iter().any(|d| d.code.starts_with("E01")),
        "{:?}",
        loaded.diagnostics
    );
    assert_eq!(codes_of("[]"), vec![codes::E0501_NOT_AN_OBJECT]);
}

#[test]
fn unknown_keys_get_a_did_you_mean() {
    let text =
        r#"{"requets": [], "users": [{"arn": "arn:aws:iam::111122223333:user/a", "polices": []}]}"#;
    let loaded = load_scenario(text);
    let unknown: Vec<&Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == codes::E0502_UNKNOWN_KEY)
        .collect();
    assert_eq!(unknown.len(), 2, "{unknown:#?}");
    assert_eq!(unknown[0].help.as_deref(), Some("did you mean `requests`?"));
    assert_eq!(spanned(text, unknown[0]), "\"requets\"");
    assert_eq!(unknown[1].help.as_deref(), Some("did you mean `policies`?"));
    assert!(unknown[1].message.contains("`polices`"));
}

#[test]
fn reports_every_error_at_once_with_spans() {
    let text = r#"{
  "groups": [{"arn": "arn:aws:iam::111122223333:group/Devs"}],
  "users": [
    {"arn": "arn:aws:iam::111122223333:user/a", "groups": ["arn:aws:iam::111122223333:group/Dev"], "tags": {"n": 1}},
    {"arn": "arn:aws:iam::111122223333:user/a"},
    {"arn": "arn:aws:iam::111122223333:role/not-a-user"}
  ],
  "roles": [{"arn": "arn:aws:iam::111122223333:role/r", "maxSessionDuration": 60,
             "policies": [{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}}]}],
  "resources": [{"arn": "arn:aws:s3:::bucket"}, {"arn": "arn:aws:sqs:us-east-1:111122223333:q", "account": "444455556666"}],
  "requests": [
    {"principal": "arn:aws:iam::111122223333:user/a", "assume": ["arn:aws:iam::111122223333:role/nope"], "action": "s3:GetObject", "resource": "*", "expect": "Allowed"},
    {"principal": "somebody", "action": "GetObject", "resource": "*"},
    {"action": "s3:GetObject", "resource": "*", "context": {"aws:SourceIp": null}},
    {"principal": "arn:aws:iam::111122223333:user/a", "action": "s3:GetObject", "resource": "*",
     "sessionPolicy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}}}
  ]
}"#;
    let loaded = load_scenario(text);
    assert!(loaded.scenario.is_none());
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code).collect();
    for code in [
        codes::E0503_WRONG_TYPE,
        codes::E0504_MISSING_KEY,
        codes::E0505_DUPLICATE_ARN,
        codes::E0506_UNKNOWN_GROUP,
        codes::E0507_UNKNOWN_ROLE,
        codes::E0508_RESOURCE_WITHOUT_ACCOUNT,
        codes::E0509_BAD_ARN,
        codes::E0510_BAD_PRINCIPAL,
        codes::E0511_BAD_VALUE,
        codes::E0513_SESSION_POLICY_WITHOUT_SESSION,
    ] {
        assert!(codes.contains(&code), "missing {code} in {codes:?}");
    }
    // The policy parser's own error keeps its code and a span into this file.
    let effect = loaded
        .diagnostics
        .iter()
        .find(|d| d.code.starts_with("E02") && d.message.contains("`allow`"))
        .unwrap_or_else(|| panic!("no Effect error in {:#?}", loaded.diagnostics));
    assert_eq!(spanned(text, effect), "\"allow\"");

    assert_eq!(
        spanned(text, find(&loaded, codes::E0506_UNKNOWN_GROUP)),
        "\"arn:aws:iam::111122223333:group/Dev\""
    );
    assert_eq!(
        find(&loaded, codes::E0506_UNKNOWN_GROUP).help.as_deref(),
        Some("did you mean `arn:aws:iam::111122223333:group/Devs`?")
    );
    let duplicate = find(&loaded, codes::E0505_DUPLICATE_ARN);
    assert_eq!(duplicate.related.len(), 1);
    assert!(duplicate.span.expect("span").start.line > duplicate.related[0].span.start.line);
    assert_eq!(
        spanned(text, find(&loaded, codes::E0507_UNKNOWN_ROLE)),
        "\"arn:aws:iam::111122223333:role/nope\""
    );
    assert!(find(&loaded, codes::E0508_RESOURCE_WITHOUT_ACCOUNT)
        .message
        .contains("`arn:aws:s3:::bucket`"));
    assert_eq!(
        spanned(text, find(&loaded, codes::E0510_BAD_PRINCIPAL)),
        "\"somebody\""
    );
    assert!(
        loaded.diagnostics.iter().all(|d| d.span.is_some()),
        "every diagnostic has a span"
    );
    assert!(
        loaded
            .diagnostics
            .iter()
            .all(|d| d.message.contains('`') && d.help.is_some()),
        "{:#?}",
        loaded.diagnostics
    );
}

#[test]
fn duplicate_keys_and_bad_facts_are_errors() {
    let text = r#"{"accounts": {"111122223333": {}, "111122223333": {}, "12": {}},
      "requests": [{"principal": "anonymous", "action": "s3:GetObject", "resource": "*",
                    "expectFacts": {"deniedBy": "bucket", "sameAcount": true, "deniedHop": -1}}]}"#;
    let codes = codes_of(text);
    assert!(codes.contains(&codes::E0512_DUPLICATE_KEY), "{codes:?}");
    assert!(codes.contains(&codes::E0511_BAD_VALUE), "{codes:?}");
    assert!(codes.contains(&codes::E0502_UNKNOWN_KEY), "{codes:?}");
    assert!(codes.contains(&codes::E0503_WRONG_TYPE), "{codes:?}");
}

#[test]
fn a_minimal_scenario_needs_only_its_requests() {
    let scenario = load_ok(
        r#"{"requests": [{"principal": "anonymous", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}]}"#,
    );
    let results = check_scenario(&scenario);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].decision, Decision::ImplicitDeny);
    assert!(results[0].ok, "no expectation holds trivially");
    let empty = load_ok("{}");
    assert!(check_scenario(&empty).is_empty());
}

#[test]
fn facts_report_mismatches() {
    let scenario = load_ok(
        r#"{"users": [{"arn": "arn:aws:iam::111122223333:user/u", "policies": [{"Version": "2012-10-17", "Statement": {"Sid": "Mine", "Effect": "Allow", "Action": "s3:*", "Resource": "*"}}]}],
            "requests": [{"principal": "arn:aws:iam::111122223333:user/u", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "expect": "Allow",
                          "expectFacts": {"sameAccount": false, "decisiveSid": "Other", "deniedHop": 0}}]}"#,
    );
    let results = check_scenario(&scenario);
    let facts: Vec<&str> = results[0].fact_mismatches.iter().map(|m| m.fact).collect();
    assert_eq!(facts, vec!["sameAccount", "decisiveSid", "deniedHop"]);
    assert_eq!(results[0].fact_mismatches[1].actual, "[Mine]");
    assert!(!results[0].ok);
}

mod never_panics {
    #[cfg(not(target_arch = "wasm32"))]
    use proptest::prelude::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest! {
        #[test]
        fn on_any_text(text in ".{0,200}") {
            let loaded = super::load_scenario(&text);
            prop_assert!(loaded.scenario.is_some() || !loaded.diagnostics.is_empty());
        }

        #[test]
        fn on_cut_or_mangled_scenarios(cut in 0usize..4000, byte in 0usize..4000, replacement in "[\\[\\]{}\":,a-z0-9 ]") {
            let world = super::WORLD;
            let cut = cut.min(world.len());
            if let Some(prefix) = world.get(..cut) {
                let loaded = super::load_scenario(prefix);
                if let Some(scenario) = &loaded.scenario {
                    let _ = super::check_scenario(scenario);
                }
            }
            let mut mangled = world.to_string();
            let at = byte.min(mangled.len().saturating_sub(1));
            if mangled.is_char_boundary(at) && mangled.is_char_boundary(at + 1) {
                mangled.replace_range(at..at + 1, &replacement);
                let loaded = super::load_scenario(&mangled);
                if let Some(scenario) = &loaded.scenario {
                    let _ = super::check_scenario(scenario);
                }
            }
        }
    }
}
