//! JSON Schemas for Monaco's completion and validation, one per policy kind, generated from the core's rules
//! (`PolicyKind::requires_principal`, the operator list `BaseOperator::ALL`, the parser's element links) so
//! they cannot drift from the parser; a test checks them against `parse_policy`.

use iamplay_core::policy::parse::urls;
use iamplay_core::policy::{BaseOperator, PolicyKind};
use serde_json::{json, Map, Value};

/// Every kind the editors use, with the name the page gives it.
pub const KINDS: [(PolicyKind, &str); 7] = [
    (PolicyKind::Identity, "identity"),
    (PolicyKind::Resource, "resource"),
    (PolicyKind::Trust, "trust"),
    (PolicyKind::Boundary, "boundary"),
    (PolicyKind::Session, "session"),
    (PolicyKind::Scp, "scp"),
    (PolicyKind::Rcp, "rcp"),
];

/// Whether statements of `kind` must name their resource (trust policies never do; a resource policy's
/// statement may omit it and covers the resource it is attached to).
pub fn requires_resource(kind: PolicyKind) -> bool {
    !matches!(kind, PolicyKind::Trust | PolicyKind::Resource)
}

fn string_or_strings(description: &str, url: &str) -> Value {
    json!({
        "description": format!("{description}\n\n{url}"),
        "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": "string" }, "minItems": 1 }
        ]
    })
}

fn condition_schema() -> Value {
    let mut operators = Map::new();
    let values = json!({
        "type": "object",
        "description": "condition key → value or list of values (any value matching is enough)",
        "additionalProperties": {
            "anyOf": [
                { "type": ["string", "number", "boolean"] },
                { "type": "array", "items": { "type": ["string", "number", "boolean"] }, "minItems": 1 }
            ]
        }
    });
    for operator in BaseOperator::ALL {
        let mut entry = values.clone();
        if let Some(object) = entry.as_object_mut() {
            object.insert(
                "description".into(),
                Value::String(format!(
                    "{}\n\n{}",
                    operator.name(),
                    urls::CONDITION_OPERATORS
                )),
            );
        }
        operators.insert(operator.name().to_string(), entry);
    }
    let names: Vec<&str> = BaseOperator::ALL.iter().map(|op| op.name()).collect();
    let pattern = format!(
        "^(ForAllValues:|ForAnyValue:)?({})(IfExists)?$",
        names.join("|")
    );
    json!({
        "type": "object",
        "description": format!("operator → {{ key → values }}; every operator and key must match\n\n{}", urls::CONDITION),
        "properties": operators,
        "patternProperties": { pattern: values },
        "additionalProperties": false
    })
}

fn principal_schema(kind: PolicyKind) -> Value {
    if kind == PolicyKind::Rcp {
        return json!({
            "description": format!("a resource control policy's Principal is always \"*\"\n\n{}", urls::RCP),
            "const": "*"
        });
    }
    let list = |what: &str| string_or_strings(what, urls::PRINCIPAL);
    json!({
        "description": format!("who the statement is about\n\n{}", urls::PRINCIPAL),
        "anyOf": [
            { "const": "*" },
            {
                "type": "object",
                "properties": {
                    "AWS": list("account ids, account root, user or role ARNs, or \"*\""),
                    "Service": list("service principals such as lambda.amazonaws.com"),
                    "Federated": list("a SAML or OIDC provider ARN, or a web identity provider"),
                    "CanonicalUser": list("an S3 canonical user id")
                },
                "additionalProperties": false,
                "minProperties": 1
            }
        ]
    })
}

/// The JSON Schema of a policy document of `kind`.
pub fn policy_schema(kind: PolicyKind) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "Sid".into(),
        json!({ "type": "string", "description": format!("statement id\n\n{}", urls::SID) }),
    );
    properties.insert(
        "Effect".into(),
        json!({ "enum": ["Allow", "Deny"], "description": format!("Allow or Deny (case-sensitive)\n\n{}", urls::EFFECT) }),
    );
    properties.insert(
        "Action".into(),
        string_or_strings(
            "actions such as s3:GetObject; * and ? are wildcards",
            urls::ACTION,
        ),
    );
    properties.insert(
        "NotAction".into(),
        string_or_strings("every action except these", urls::NOT_ACTION),
    );
    properties.insert(
        "Resource".into(),
        string_or_strings("resource ARNs; * and ? are wildcards", urls::RESOURCE),
    );
    properties.insert(
        "NotResource".into(),
        string_or_strings("every resource except these", urls::NOT_RESOURCE),
    );
    let mut required: Vec<Value> = vec![json!({ "required": ["Effect"] })];
    required
        .push(json!({ "anyOf": [ { "required": ["Action"] }, { "required": ["NotAction"] } ] }));
    if requires_resource(kind) {
        required.push(
            json!({ "anyOf": [ { "required": ["Resource"] }, { "required": ["NotResource"] } ] }),
        );
    }
    if kind.requires_principal() {
        properties.insert("Principal".into(), principal_schema(kind));
        if kind != PolicyKind::Rcp {
            let mut not = principal_schema(kind);
            if let Some(object) = not.as_object_mut() {
                object.insert(
                    "description".into(),
                    Value::String(format!(
                        "everyone except these principals\n\n{}",
                        urls::NOT_PRINCIPAL
                    )),
                );
            }
            properties.insert("NotPrincipal".into(), not);
        }
        required.push(
            json!({ "anyOf": [ { "required": ["Principal"] }, { "required": ["NotPrincipal"] } ] }),
        );
    }
    properties.insert("Condition".into(), condition_schema());
    let statement = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "allOf": required
    });
    let title = match kind {
        PolicyKind::Identity => "IAM identity-based policy: what this identity can do",
        PolicyKind::Resource => "Resource-based policy: who can access this resource",
        PolicyKind::Trust => "Role trust policy: who may assume this role",
        PolicyKind::Boundary => "Permissions boundary: the most this identity may do",
        PolicyKind::Session => "Session policy: limits one session",
        PolicyKind::Scp => "Service control policy: the most an account may do",
        PolicyKind::Rcp => {
            "Resource control policy: the most anyone may do to the account's resources"
        }
    };
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": title,
        "type": "object",
        "properties": {
            "Version": {
                "enum": ["2012-10-17", "2008-10-17"],
                "description": format!("use 2012-10-17 (policy variables need it)\n\n{}", urls::VERSION)
            },
            "Id": { "type": "string", "description": urls::ID },
            "Statement": {
                "description": format!("one statement or a list\n\n{}", urls::STATEMENT),
                "anyOf": [ statement.clone(), { "type": "array", "items": statement } ]
            }
        },
        "required": ["Statement"],
        "additionalProperties": false
    })
}

/// `[{uri, fileMatch, schema}]` for Monaco's `jsonDefaults.setDiagnosticsOptions`: the model of a policy of
/// kind `k` lives at `file:///policies/<k>/<id>.json`.
pub fn monaco_schemas() -> Value {
    Value::Array(
        KINDS
            .iter()
            .map(|(kind, name)| {
                json!({
                    "uri": format!("https://iamplay.invalid/schemas/{name}.json"),
                    "fileMatch": [format!("file:///policies/{name}/*")],
                    "schema": policy_schema(*kind)
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use iamplay_core::diagnostic::Severity;
    use iamplay_core::policy::parse_policy;

    fn error_codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        parse_policy(text, kind)
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    fn statement_allows(kind: PolicyKind, key: &str) -> bool {
        let schema = policy_schema(kind);
        schema["properties"]["Statement"]["anyOf"][0]["properties"]
            .get(key)
            .is_some()
    }

    fn statement_requires(kind: PolicyKind, key: &str) -> bool {
        let schema = policy_schema(kind);
        schema["properties"]["Statement"]["anyOf"][0]["allOf"]
            .as_array()
            .expect("allOf")
            .iter()
            .any(|rule| rule.to_string().contains(&format!("\"{key}\"")))
    }

    #[test]
    fn principal_and_resource_rules_agree_with_the_parser() {
        for (kind, name) in KINDS {
            let principal = if kind == PolicyKind::Rcp {
                "\"*\""
            } else {
                "{\"AWS\": \"123456789012\"}"
            };
            let with_principal = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {principal}, "Action": "s3:GetObject", "Resource": "*"}}]}}"#
            );
            let parser_forbids = !error_codes(&with_principal, kind).is_empty();
            assert_eq!(
                statement_allows(kind, "Principal"),
                !parser_forbids,
                "{name}: Principal allowed"
            );

            let without_principal = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
            let parser_requires = !error_codes(without_principal, kind).is_empty();
            assert_eq!(
                statement_requires(kind, "Principal"),
                parser_requires,
                "{name}: Principal required"
            );

            let without_resource = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", {}"Action": "s3:GetObject"}}]}}"#,
                if kind.requires_principal() {
                    format!("\"Principal\": {principal}, ")
                } else {
                    String::new()
                }
            );
            let parser_requires_resource = error_codes(&without_resource, kind).contains(&"E0212");
            assert_eq!(
                statement_requires(kind, "Resource"),
                parser_requires_resource,
                "{name}: Resource required"
            );
        }
    }

    #[test]
    fn every_operator_is_offered_and_qualified_forms_match_the_pattern() {
        let schema = policy_schema(PolicyKind::Identity);
        let condition = &schema["properties"]["Statement"]["anyOf"][0]["properties"]["Condition"];
        assert_eq!(
            condition["properties"].as_object().map(|o| o.len()),
            Some(BaseOperator::ALL.len())
        );
        let pattern = condition["patternProperties"]
            .as_object()
            .and_then(|o| o.keys().next().cloned())
            .expect("a pattern");
        assert!(
            pattern.contains("ForAnyValue:")
                && pattern.contains("StringLike")
                && pattern.contains("IfExists")
        );
        assert_eq!(monaco_schemas().as_array().map(Vec::len), Some(KINDS.len()));
    }
}
