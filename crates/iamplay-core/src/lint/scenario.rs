//! Lint of a whole scenario: every policy with its kind (trust policies as trust policies, SCPs as SCPs, ...)
//! and the checks only a scenario can make, such as a role nobody can assume.

use super::{codes, lint_into, sort_diagnostics, Attachment, Findings, LintOptions};
use crate::diagnostic::Diagnostic;
use crate::policy::Policy;
#[cfg(test)]
use crate::scenario::load_scenario;
use crate::scenario::{load_scenario_with, LoadOptions, Scenario, ScenarioPolicy};

/// Lints every policy of `scenario` and its roles. Without the source text the size limits are not checked;
/// `lint_scenario_text` checks them.
pub fn lint_scenario(scenario: &Scenario, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    let mut findings = Findings::new(options);
    lint_scenario_into(&mut findings, scenario, None);
    findings.finish()
}

/// Loads scenario `text` and lints it: the loader's diagnostics (JSON, format and policy errors, which lint
/// cannot disable), then every finding including the size limits, sorted by position.
pub fn lint_scenario_text(text: &str, options: &LintOptions<'_>) -> Vec<Diagnostic> {
    lint_scenario_text_with(text, options, &LoadOptions::default())
}

/// `lint_scenario_text`, loading the scenario with `load` (where AWS managed policy ARNs are looked up).
pub fn lint_scenario_text_with(
    text: &str,
    options: &LintOptions<'_>,
    load: &LoadOptions<'_>,
) -> Vec<Diagnostic> {
    let loaded = load_scenario_with(text, load);
    let mut diagnostics = loaded.diagnostics;
    if let Some(scenario) = &loaded.scenario {
        let mut findings = Findings::new(options);
        lint_scenario_into(&mut findings, scenario, Some(text));
        diagnostics.extend(findings.finish());
    }
    sort_diagnostics(&mut diagnostics);
    diagnostics
}

fn lint_scenario_into(findings: &mut Findings<'_, '_>, scenario: &Scenario, source: Option<&str>) {
    let mut lint = |policy: &ScenarioPolicy, attachment: Option<Attachment>| {
        // AWS managed policies attached by ARN are AWS's to change, not the user's: no finding about them (and
        // no size limit, which AWS applies to customer managed and inline policies only), and their spans point
        // into another document anyway.
        if policy.managed_arn.is_some() {
            return;
        }
        let size = source.and_then(|text| policy_size(text, &policy.policy));
        lint_into(findings, &policy.policy, size, attachment);
    };
    for account in &scenario.accounts {
        let levels = account.scps.iter().chain(account.rcps.iter());
        for policy in levels.flatten().flatten() {
            lint(policy, None);
        }
    }
    // A scenario does not say whether an identity's policy is managed or inline; each is measured as a
    // managed policy, the common case.
    for group in &scenario.groups {
        for policy in &group.policies {
            lint(policy, None);
        }
    }
    for user in &scenario.users {
        for policy in user.policies.iter().chain(&user.permissions_boundary) {
            lint(policy, None);
        }
    }
    for role in &scenario.roles {
        for policy in role
            .trust_policy
            .iter()
            .chain(&role.policies)
            .chain(&role.permissions_boundary)
        {
            lint(policy, None);
        }
    }
    for resource in &scenario.resources {
        let attachment = resource
            .arn
            .value
            .starts_with("arn:aws:s3:::")
            .then_some(Attachment::S3Bucket);
        if let Some(policy) = &resource.policy {
            lint(policy, attachment);
        }
    }
    for endpoint in &scenario.vpc_endpoints {
        if let Some(policy) = &endpoint.policy {
            lint(policy, Some(Attachment::VpcEndpoint));
        }
    }
    for request in &scenario.requests {
        if let Some(policy) = &request.session_policy {
            lint(policy, None);
        }
    }
    check_roles_have_trust_policies(findings, scenario);
    check_kms_keys_have_policies(findings, scenario);
    check_public_policies_not_blocked(findings, scenario);
}

/// A policy's size as AWS counts it, from the part of the scenario text its span covers.
fn policy_size(text: &str, policy: &Policy) -> Option<usize> {
    let start = usize::try_from(policy.span.start.offset).ok()?;
    let end = usize::try_from(policy.span.end.offset).ok()?;
    text.get(start..end).map(super::aws_policy_size)
}

/// issue 4, "Scenario file": "A role without a trust policy cannot be assumed"; every role has a trust policy
/// in AWS (reference_policies_elements_principal.md, "IAM role principals").
fn check_roles_have_trust_policies(findings: &mut Findings<'_, '_>, scenario: &Scenario) {
    for role in scenario
        .roles
        .iter()
        .filter(|role| role.trust_policy.is_none())
    {
        findings.push(
            codes::ROLE_WITHOUT_TRUST_POLICY,
            format!(
                "role `{}` has no trust policy, so nobody can assume it",
                role.arn.value
            ),
            "add a `trustPolicy` that allows `sts:AssumeRole` to the principals that use the role (a \
             service such as `lambda.amazonaws.com`, or an account or role ARN)"
                .to_string(),
            Some(role.arn.span),
        );
    }
}

/// A request on a KMS key without a key policy in the scenario is evaluated with AWS's default key policy
/// (AWS KMS Developer Guide, "Default key policy"); say so once per key.
fn check_kms_keys_have_policies(findings: &mut Findings<'_, '_>, scenario: &Scenario) {
    let mut seen: Vec<&str> = Vec::new();
    for request in &scenario.requests {
        let key = request.resource.value.as_str();
        let is_key = crate::arn::Arn::parse(key)
            .is_ok_and(|parsed| parsed.service == "kms" && parsed.resource.starts_with("key/"));
        let described = scenario
            .resource_for(key)
            .is_some_and(|entry| entry.policy.is_some());
        if !is_key || described || seen.contains(&key) {
            continue;
        }
        seen.push(key);
        findings.push(
            codes::KMS_KEY_DEFAULT_POLICY,
            format!(
                "the scenario gives no key policy for `{key}`, so it is evaluated with AWS's default key \
                 policy"
            ),
            "the default key policy allows the key's account and enables IAM policies; add the key to \
             `resources` with its `policy` if its real key policy differs"
                .to_string(),
            Some(request.resource.span),
        );
    }
}

/// "Setting this option to TRUE for a bucket causes Amazon S3 to reject calls to PUT Bucket policy if the
/// specified bucket policy allows public access" (aws-s3-user-guide/access-control-block-public-access.md,
/// "Block public access settings", BlockPublicPolicy); "public" as `analysis::access::is_public` decides it.
fn check_public_policies_not_blocked(findings: &mut Findings<'_, '_>, scenario: &Scenario) {
    for resource in &scenario.resources {
        let Some(policy) = &resource.policy else {
            continue;
        };
        let blocked = scenario
            .block_public_access(resource)
            .is_some_and(|settings| settings.block_public_policy);
        if !blocked || !crate::analysis::access::is_public(&policy.policy) {
            continue;
        }
        findings.push(
            codes::PUBLIC_POLICY_BLOCKED,
            format!(
                "PutBucketPolicy would be rejected: the policy of `{}` is public and `blockPublicPolicy` is on",
                resource.arn.value
            ),
            "narrow each public statement to fixed principals, or with a fixed value of `aws:SourceVpce`, \
             `aws:SourceAccount`, `aws:PrincipalOrgID` or another key S3 lists"
                .to_string(),
            Some(policy.span),
        );
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::lint::{checks, ExampleKind};

    fn codes_of(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
        diagnostics.iter().map(|d| d.code).collect()
    }

    #[test]
    fn scenario_examples_trigger_their_check_and_fixes_are_clean() {
        let options = LintOptions::default();
        for info in checks()
            .iter()
            .filter(|info| info.example_kind == ExampleKind::Scenario)
        {
            let bad = lint_scenario_text(info.bad_example, &options);
            assert!(
                codes_of(&bad).contains(&info.code),
                "{}: {bad:?}",
                info.code
            );
            let fixed = lint_scenario_text(info.fixed_example, &options);
            assert!(fixed.is_empty(), "{}: {fixed:?}", info.code);
        }
    }

    #[test]
    fn every_policy_is_linted_with_its_kind() {
        let text = r#"{
          "accounts": {"123456789012": {"scps": [[{"Version": "2012-10-17",
              "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}]]}},
          "users": [{"arn": "arn:aws:iam::123456789012:user/john",
              "policies": [{"name": "Admin", "document": {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}],
          "roles": [{"arn": "arn:aws:iam::123456789012:role/app",
              "trustPolicy": {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole"}]}},
              {"arn": "arn:aws:iam::123456789012:role/orphan"}],
          "resources": [{"arn": "arn:aws:s3:::public", "account": "123456789012",
              "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*",
                  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::public/*"}]}}]
        }"#;
        let found = lint_scenario_text(text, &LintOptions::default());
        assert!(found.iter().all(|d| !d.is_error()), "{found:?}");
        let codes = codes_of(&found);
        // The SCP's `*`/`*` is not flagged, the user's is.
        let all_all = codes
            .iter()
            .filter(|c| **c == codes::ALLOW_ALL_ACTIONS_ALL_RESOURCES)
            .count();
        assert_eq!(all_all, 1);
        let public = codes.iter().filter(|c| **c == codes::PUBLIC_ACCESS).count();
        assert_eq!(public, 2, "trust policy and bucket policy: {found:?}");
        let orphan = found
            .iter()
            .find(|d| d.code == codes::ROLE_WITHOUT_TRUST_POLICY);
        assert!(orphan.is_some_and(|d| d.message.contains("role/orphan")));
        let Some(span) = orphan.and_then(|d| d.span) else {
            panic!("no span on {orphan:?}");
        };
        let start = usize::try_from(span.start.offset).unwrap_or(0);
        assert!(text
            .get(start..)
            .is_some_and(|rest| rest.starts_with("\"arn:aws:iam::123456789012:role/orphan\"")));

        // Without the text, everything but the size limits.
        let loaded = load_scenario(text);
        let Some(scenario) = loaded.scenario else {
            panic!("{:?}", loaded.diagnostics);
        };
        assert_eq!(
            codes_of(&lint_scenario(&scenario, &LintOptions::default())),
            codes
        );
    }

    #[test]
    fn sizes_are_measured_on_the_policy_text_inside_the_scenario() {
        let padding = "A".repeat(2_100);
        let text = format!(
            r#"{{"roles": [{{"arn": "arn:aws:iam::123456789012:role/app", "description_pad": null,
                "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Sid": "{padding}",
                "Effect": "Allow", "Principal": {{"Service": "lambda.amazonaws.com"}}, "Action": "sts:AssumeRole"}}]}}}}]}}"#
        );
        let text = text.replace(r#""description_pad": null,"#, "");
        let found = lint_scenario_text(&text, &LintOptions::default());
        assert_eq!(codes_of(&found), [codes::TRUST_POLICY_OVER_DEFAULT_QUOTA]);
        let short = text.replace(&padding, "Lambda");
        assert!(lint_scenario_text(&short, &LintOptions::default()).is_empty());
    }

    #[test]
    fn endpoint_policies_are_linted_as_caps_with_their_own_size_limit() {
        let scenario = |statement: &str| {
            format!(
                r#"{{"vpcEndpoints": [{{"id": "vpce-1a2b3c4d", "account": "123456789012",
                    "policy": {{"Version": "2012-10-17", "Statement": [{statement}]}}}}]}}"#
            )
        };
        // AWS's default endpoint policy: `*` on `*` for everyone is its normal form, not a finding.
        let default =
            scenario(r#"{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}"#);
        assert_eq!(
            codes_of(&lint_scenario_text(&default, &LintOptions::default())),
            Vec::<&str>::new()
        );
        // The policy is linted at all: an old `Version` inside it is found.
        let old = default.replace("2012-10-17", "2008-10-17");
        assert_eq!(
            codes_of(&lint_scenario_text(&old, &LintOptions::default())),
            [codes::OLD_VERSION]
        );
        // 20,480 characters, not a managed policy's 6,144.
        let sid = |n: usize| {
            format!(
                r#"{{"Sid": "{}", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}}"#,
                "A".repeat(n)
            )
        };
        assert!(lint_scenario_text(&scenario(&sid(10_000)), &LintOptions::default()).is_empty());
        assert_eq!(
            codes_of(&lint_scenario_text(
                &scenario(&sid(21_000)),
                &LintOptions::default()
            )),
            [codes::POLICY_TOO_LARGE]
        );
    }

    #[test]
    fn disabled_scenario_checks_and_load_errors() {
        let mut options = LintOptions::default();
        options
            .disabled
            .insert(codes::ROLE_WITHOUT_TRUST_POLICY.to_string());
        let text = r#"{"roles": [{"arn": "arn:aws:iam::123456789012:role/orphan"}]}"#;
        assert!(lint_scenario_text(text, &options).is_empty());
        let broken = lint_scenario_text(r#"{"roles": [{"arn": 1}]"#, &options);
        assert!(broken.iter().any(Diagnostic::is_error));
    }
}
