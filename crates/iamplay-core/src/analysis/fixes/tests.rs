use super::*;
use crate::analysis::patch::PatchOpKind;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const MFA: &str = r#"{
  "users": [{"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{"name": "NeedsMfa", "document": {
    "Version": "2012-10-17",
    "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}}}]}],
  "requests": [
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
    {"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k",
     "context": {"aws:SourceIp": "10.0.0.1"}}
  ]
}"#;

#[test]
fn a_failed_condition_gets_the_context_values_that_satisfy_it() {
    let report = suggest_fixes(MFA, 0).unwrap();
    assert_eq!(report.decision, Decision::ImplicitDeny);
    assert_eq!(report.goal, FixGoal::Allow);
    let context = report
        .fixes
        .iter()
        .find(|fix| {
            fix.edits
                .iter()
                .any(|edit| edit.kind == FixEditKind::SetContext)
        })
        .unwrap();
    assert!(
        context
            .summary
            .contains("`aws:MultiFactorAuthPresent` is `true`"),
        "{}",
        context.summary
    );
    assert_eq!(
        context.patch,
        vec![PatchOp::add(
            "/requests/0/context",
            Json::Object(vec![(
                "aws:MultiFactorAuthPresent".into(),
                Json::Bool(true)
            )])
        )]
    );
    assert!(
        context.flips.is_empty(),
        "a request's context opens nothing else"
    );
}

#[test]
fn a_single_statement_object_becomes_a_list_when_a_statement_is_added() {
    let report = suggest_fixes(MFA, 1).unwrap();
    let added = report
        .fixes
        .iter()
        .find(|fix| {
            fix.edits
                .iter()
                .any(|edit| edit.kind == FixEditKind::AddAllow)
        })
        .unwrap();
    let [op] = added.patch.as_slice() else {
        panic!("one operation: {:?}", added.patch)
    };
    assert_eq!(op.op, PatchOpKind::Replace);
    assert_eq!(op.path, "/users/0/policies/0/document/Statement");
    assert!(matches!(&op.value, Some(Json::Array(items)) if items.len() == 2));
    assert!(added
        .summary
        .contains("`s3:PutObject` on `arn:aws:s3:::b/k`"));
}

#[test]
fn an_allowed_request_gets_edits_that_deny_it_and_bad_targets_are_errors() {
    let text = MFA.replace(
        r#""aws:SourceIp": "10.0.0.1""#,
        r#""aws:SourceIp": "10.0.0.1", "aws:MultiFactorAuthPresent": true"#,
    );
    let text = text.replace(r#""action": "s3:PutObject""#, r#""action": "s3:GetObject""#);
    let report = suggest_fixes(&text, 1).unwrap();
    assert_eq!(report.decision, Decision::Allow);
    assert_eq!(report.goal, FixGoal::Deny);
    assert!(report
        .fixes
        .iter()
        .all(|fix| fix.decision != Decision::Allow));
    assert!(report.fixes.iter().any(|fix| fix
        .edits
        .iter()
        .any(|edit| edit.kind == FixEditKind::AddDeny)));
    assert!(suggest_fixes(MFA, 7).is_err());
    assert!(suggest_fixes("{", 0).is_err());
    assert!(suggest(
        MFA,
        Target::Cell { row: 0, column: 0 },
        &LoadOptions::default()
    )
    .is_ok());
    assert!(suggest(
        MFA,
        Target::Cell { row: 99, column: 0 },
        &LoadOptions::default()
    )
    .is_err());
}
