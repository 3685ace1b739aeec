//! JSON Schemas for Monaco's completion and validation, one per policy kind, generated from the core's rules
//! (`PolicyKind::requires_principal`, the operator list `BaseOperator::ALL`, the parser's element links) so
//! they cannot drift from the parser; a test checks them against `parse_policy`.

use crate::json_out::{arr, obj, Json};
use iamplay_core::policy::parse::urls;
use iamplay_core::policy::{BaseOperator, PolicyKind};

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

fn described(description: String) -> Json {
    obj([("description", description.into())])
}

fn string_or_strings(description: &str, url: &str) -> Json {
    described(format!("{description}\n\n{url}")).with(
        "anyOf",
        arr([
            obj([("type", "string".into())]),
            obj([
                ("type", "array".into()),
                ("items", obj([("type", "string".into())])),
                ("minItems", 1u32.into()),
            ]),
        ]),
    )
}

fn required(keys: &[&str]) -> Json {
    obj([("required", arr(keys.iter().map(|k| Json::from(*k))))])
}

fn one_of_required(a: &str, b: &str) -> Json {
    obj([("anyOf", arr([required(&[a]), required(&[b])]))])
}

fn condition_values() -> Json {
    let scalar = || {
        obj([(
            "type",
            arr(["string".into(), "number".into(), "boolean".into()]),
        )])
    };
    obj([
        ("type", "object".into()),
        (
            "description",
            "condition key → value or list of values (any value matching is enough)".into(),
        ),
        (
            "additionalProperties",
            obj([(
                "anyOf",
                arr([
                    scalar(),
                    obj([
                        ("type", "array".into()),
                        ("items", scalar()),
                        ("minItems", 1u32.into()),
                    ]),
                ]),
            )]),
        ),
    ])
}

fn condition_schema() -> Json {
    let operators = BaseOperator::ALL
        .iter()
        .map(|operator| {
            let entry = match condition_values() {
                Json::Obj(mut pairs) => {
                    pairs.retain(|(k, _)| k != "description");
                    pairs.push((
                        "description".into(),
                        format!("{}\n\n{}", operator.name(), urls::CONDITION_OPERATORS).into(),
                    ));
                    Json::Obj(pairs)
                }
                other => other,
            };
            (operator.name().to_string(), entry)
        })
        .collect();
    let names: Vec<&str> = BaseOperator::ALL.iter().map(|op| op.name()).collect();
    let pattern = format!(
        "^(ForAllValues:|ForAnyValue:)?({})(IfExists)?$",
        names.join("|")
    );
    obj([
        ("type", "object".into()),
        (
            "description",
            format!(
                "operator → {{ key → values }}; every operator and key must match\n\n{}",
                urls::CONDITION
            )
            .into(),
        ),
        ("properties", Json::Obj(operators)),
        (
            "patternProperties",
            Json::Obj(vec![(pattern, condition_values())]),
        ),
        ("additionalProperties", false.into()),
    ])
}

fn principal_schema(kind: PolicyKind, description: String) -> Json {
    if kind == PolicyKind::Rcp {
        return obj([
            (
                "description",
                format!(
                    "a resource control policy's Principal is always \"*\"\n\n{}",
                    urls::RCP
                )
                .into(),
            ),
            ("const", "*".into()),
        ]);
    }
    let list = |what: &str| string_or_strings(what, urls::PRINCIPAL);
    described(description).with(
        "anyOf",
        arr([
            obj([("const", "*".into())]),
            obj([
                ("type", "object".into()),
                (
                    "properties",
                    obj([
                        (
                            "AWS",
                            list("account ids, account root, user or role ARNs, or \"*\""),
                        ),
                        (
                            "Service",
                            list("service principals such as lambda.amazonaws.com"),
                        ),
                        (
                            "Federated",
                            list("a SAML or OIDC provider ARN, or a web identity provider"),
                        ),
                        ("CanonicalUser", list("an S3 canonical user id")),
                    ]),
                ),
                ("additionalProperties", false.into()),
                ("minProperties", 1u32.into()),
            ]),
        ]),
    )
}

/// The JSON Schema of a policy document of `kind`.
pub fn policy_schema(kind: PolicyKind) -> Json {
    let mut properties: Vec<(String, Json)> = vec![
        (
            "Sid".into(),
            obj([
                ("type", "string".into()),
                (
                    "description",
                    format!("statement id\n\n{}", urls::SID).into(),
                ),
            ]),
        ),
        (
            "Effect".into(),
            obj([
                ("enum", arr(["Allow".into(), "Deny".into()])),
                (
                    "description",
                    format!("Allow or Deny (case-sensitive)\n\n{}", urls::EFFECT).into(),
                ),
            ]),
        ),
        (
            "Action".into(),
            string_or_strings(
                "actions such as s3:GetObject; * and ? are wildcards",
                urls::ACTION,
            ),
        ),
        (
            "NotAction".into(),
            string_or_strings("every action except these", urls::NOT_ACTION),
        ),
        (
            "Resource".into(),
            string_or_strings("resource ARNs; * and ? are wildcards", urls::RESOURCE),
        ),
        (
            "NotResource".into(),
            string_or_strings("every resource except these", urls::NOT_RESOURCE),
        ),
    ];
    let mut rules = vec![
        required(&["Effect"]),
        one_of_required("Action", "NotAction"),
    ];
    if requires_resource(kind) {
        rules.push(one_of_required("Resource", "NotResource"));
    }
    if kind.requires_principal() {
        properties.push((
            "Principal".into(),
            principal_schema(
                kind,
                format!("who the statement is about\n\n{}", urls::PRINCIPAL),
            ),
        ));
        if kind != PolicyKind::Rcp {
            properties.push((
                "NotPrincipal".into(),
                principal_schema(
                    kind,
                    format!(
                        "everyone except these principals\n\n{}",
                        urls::NOT_PRINCIPAL
                    ),
                ),
            ));
        }
        rules.push(one_of_required("Principal", "NotPrincipal"));
    }
    properties.push(("Condition".into(), condition_schema()));
    let statement = obj([
        ("type", "object".into()),
        ("properties", Json::Obj(properties)),
        ("additionalProperties", false.into()),
        ("allOf", Json::Arr(rules)),
    ]);
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
    obj([
        ("$schema", "http://json-schema.org/draft-07/schema#".into()),
        ("title", title.into()),
        ("type", "object".into()),
        (
            "properties",
            obj([
                (
                    "Version",
                    obj([
                        ("enum", arr(["2012-10-17".into(), "2008-10-17".into()])),
                        (
                            "description",
                            format!(
                                "use 2012-10-17 (policy variables need it)\n\n{}",
                                urls::VERSION
                            )
                            .into(),
                        ),
                    ]),
                ),
                (
                    "Id",
                    obj([("type", "string".into()), ("description", urls::ID.into())]),
                ),
                (
                    "Statement",
                    obj([
                        (
                            "description",
                            format!("one statement or a list\n\n{}", urls::STATEMENT).into(),
                        ),
                        (
                            "anyOf",
                            arr([
                                statement.clone(),
                                obj([("type", "array".into()), ("items", statement)]),
                            ]),
                        ),
                    ]),
                ),
            ]),
        ),
        ("required", arr(["Statement".into()])),
        ("additionalProperties", false.into()),
    ])
}

/// `[{uri, fileMatch, schema}]` for Monaco's `jsonDefaults.setDiagnosticsOptions`: the model of a policy of
/// kind `k` lives at `file:///policies/<k>/<id>.json`.
pub fn monaco_schemas() -> Json {
    let entry = |name: &str, schema: Json| {
        obj([
            (
                "uri",
                format!("https://iamplay.invalid/schemas/{name}.json").into(),
            ),
            (
                "fileMatch",
                arr([format!("file:///policies/{name}/*").into()]),
            ),
            ("schema", schema),
        ])
    };
    arr(KINDS
        .iter()
        .map(|(kind, name)| entry(name, policy_schema(*kind)))
        .chain([entry("endpoint", endpoint_policy_schema())]))
}

/// A VPC endpoint policy: a resource policy by grammar ("Your policy must contain a Principal element",
/// aws-vpc-user-guide/vpc-endpoints-access.md, "Use VPC endpoint policies"), with its own title.
pub fn endpoint_policy_schema() -> Json {
    match policy_schema(PolicyKind::Resource) {
        Json::Obj(pairs) => Json::Obj(
            pairs
                .into_iter()
                .map(|(key, value)| {
                    if key == "title" {
                        (
                            key,
                            "VPC endpoint policy: what may pass through this endpoint; grants nothing itself"
                                .into(),
                        )
                    } else {
                        (key, value)
                    }
                })
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use iamplay_core::diagnostic::Severity;
    use iamplay_core::json::{parse, Limits, SpannedValue};
    use iamplay_core::policy::parse_policy;

    fn error_codes(text: &str, kind: PolicyKind) -> Vec<&'static str> {
        parse_policy(text, kind)
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code)
            .collect()
    }

    fn at<'v>(value: &'v SpannedValue, path: &[&str]) -> Option<&'v SpannedValue> {
        path.iter()
            .try_fold(value, |v, key| match key.parse::<usize>() {
                Ok(index) => v.value.as_array()?.get(index),
                Err(_) => v.get(key).map(|m| &m.value),
            })
    }

    fn statement(kind: PolicyKind) -> SpannedValue {
        let text = policy_schema(kind).text();
        let schema = parse(&text, &Limits::default()).expect("the schema is JSON");
        at(&schema, &["properties", "Statement", "anyOf", "0"])
            .expect("statement")
            .clone()
    }

    fn statement_allows(kind: PolicyKind, key: &str) -> bool {
        at(&statement(kind), &["properties", key]).is_some()
    }

    fn statement_requires(kind: PolicyKind, key: &str) -> bool {
        let statement = statement(kind);
        let rules = at(&statement, &["allOf"])
            .and_then(|r| r.value.as_array())
            .expect("allOf");
        let needle = format!("\"{key}\"");
        rules.iter().any(|rule| {
            let start = rule.span.start.offset as usize;
            let end = rule.span.end.offset as usize;
            policy_schema(kind)
                .text()
                .get(start..end)
                .is_some_and(|t| t.contains(&needle))
        })
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
        let condition = at(
            &statement(PolicyKind::Identity),
            &["properties", "Condition"],
        )
        .expect("Condition")
        .clone();
        let operators = at(&condition, &["properties"])
            .and_then(|p| p.value.as_object())
            .expect("operators");
        assert_eq!(operators.len(), BaseOperator::ALL.len());
        let patterns = at(&condition, &["patternProperties"])
            .and_then(|p| p.value.as_object())
            .expect("patterns");
        let pattern = &patterns.first().expect("a pattern").key;
        assert!(
            pattern.contains("ForAnyValue:")
                && pattern.contains("StringLike")
                && pattern.contains("IfExists")
        );
        let all = monaco_schemas().text();
        let parsed = parse(&all, &Limits::default()).expect("JSON");
        // One schema per kind, plus VPC endpoint policies.
        assert_eq!(
            parsed.value.as_array().map(<[SpannedValue]>::len),
            Some(KINDS.len() + 1)
        );
        assert!(all.contains("file:///policies/endpoint/*") && all.contains("VPC endpoint policy"));
    }
}
