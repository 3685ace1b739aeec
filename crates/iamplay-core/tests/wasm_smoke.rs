//! The core decides the same way inside WebAssembly: run by `make test-wasm-node` (node) and
//! `make test-wasm-browser` (headless Chromium). Compiled only for wasm32.
#![cfg(target_arch = "wasm32")]

use iamplay_core::eval::{evaluate, AuthorizationRequest, NamedPolicy, Principal};
use iamplay_core::explain::Decision;
use iamplay_core::policy::{parse_policy, PolicyKind};
use wasm_bindgen_test::wasm_bindgen_test;

const POLICY: &str = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Read", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
  {"Sid": "NoSecrets", "Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::bucket/secret/*"}
]}"#;

fn decide(resource: &str) -> Decision {
    let parsed = parse_policy(POLICY, PolicyKind::Identity);
    let policy = parsed.policy.expect("the policy parses");
    let mut request = AuthorizationRequest::new(
        Principal::iam_user("arn:aws:iam::111122223333:user/alice"),
        "s3:GetObject",
        resource,
    );
    request.resource_account = Some("111122223333".into());
    request
        .policies
        .identity
        .push(NamedPolicy::new("alice:inline", &policy));
    evaluate(&request).decision
}

#[wasm_bindgen_test]
fn allow_explicit_deny_and_implicit_deny_in_wasm() {
    assert_eq!(decide("arn:aws:s3:::bucket/report.csv"), Decision::Allow);
    assert_eq!(
        decide("arn:aws:s3:::bucket/secret/key"),
        Decision::ExplicitDeny
    );
    assert_eq!(
        decide("arn:aws:s3:::other/report.csv"),
        Decision::ImplicitDeny
    );
}

#[wasm_bindgen_test]
fn parse_errors_carry_spans_in_wasm() {
    let parsed = parse_policy(
        r#"{"Version": "2012-10-17", "Statement": {"Effect": "allow", "Action": "s3:*", "Resource": "*"}}"#,
        PolicyKind::Identity,
    );
    assert!(parsed.policy.is_none());
    let error = parsed
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .expect("an error");
    assert!(error.message.contains("`allow`"), "{}", error.message);
    assert!(error.span.is_some());
}
