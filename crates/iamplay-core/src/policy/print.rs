//! Writes a `Policy` back as canonical JSON text: fixed element order, two-space indent, one value as a string
//! and several as an array. The same policy always prints the same text, and parsing the text gives the same
//! policy back (spans aside).

use crate::policy::model::{Effect, Policy, PolicyVersion, PrincipalSet, PrincipalType, Statement};

/// A JSON tree to print; objects keep insertion order.
enum Out {
    Text(String),
    Array(Vec<Out>),
    Object(Vec<(&'static str, Out)>),
    /// An object whose keys come from the policy (condition operators and keys).
    OwnedObject(Vec<(String, Out)>),
}

/// The canonical JSON text of `policy`.
pub fn print_policy(policy: &Policy) -> String {
    let mut members: Vec<(&'static str, Out)> = Vec::new();
    match policy.version {
        PolicyVersion::V2012_10_17 => members.push(("Version", Out::Text("2012-10-17".into()))),
        PolicyVersion::V2008_10_17 => members.push(("Version", Out::Text("2008-10-17".into()))),
        PolicyVersion::Missing => {}
    }
    if let Some(id) = &policy.id {
        members.push(("Id", Out::Text(id.value.clone())));
    }
    members.push((
        "Statement",
        Out::Array(policy.statements.iter().map(statement).collect()),
    ));
    let mut text = String::new();
    write(&mut text, &Out::Object(members), 0);
    text.push('\n');
    text
}

fn one_or_many<'a>(values: impl IntoIterator<Item = &'a String>) -> Out {
    let mut values: Vec<Out> = values.into_iter().map(|v| Out::Text(v.clone())).collect();
    if values.len() == 1 {
        if let Some(only) = values.pop() {
            return only;
        }
    }
    Out::Array(values)
}

fn statement(statement: &Statement) -> Out {
    let mut members: Vec<(&'static str, Out)> = Vec::new();
    if let Some(sid) = &statement.sid {
        members.push(("Sid", Out::Text(sid.value.clone())));
    }
    let effect = match statement.effect.value {
        Effect::Allow => "Allow",
        Effect::Deny => "Deny",
    };
    members.push(("Effect", Out::Text(effect.into())));
    if let Some(block) = &statement.principal {
        let key = if block.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        let value = match &block.principals {
            PrincipalSet::Wildcard => Out::Text("*".into()),
            PrincipalSet::Entries(entries) => {
                // Grouped by type in order of first appearance, values in source order.
                let mut groups: Vec<(PrincipalType, Vec<&String>)> = Vec::new();
                for entry in entries {
                    match groups.iter_mut().find(|(t, _)| *t == entry.principal_type) {
                        Some((_, values)) => values.push(&entry.value.value),
                        None => groups.push((entry.principal_type, vec![&entry.value.value])),
                    }
                }
                Out::Object(
                    groups
                        .into_iter()
                        .map(|(principal_type, values)| {
                            (principal_type_name(principal_type), one_or_many(values))
                        })
                        .collect(),
                )
            }
        };
        members.push((key, value));
    }
    if let Some(block) = &statement.action {
        let key = if block.negated { "NotAction" } else { "Action" };
        members.push((key, one_or_many(block.patterns.iter().map(|p| &p.value))));
    }
    if let Some(block) = &statement.resource {
        let key = if block.negated {
            "NotResource"
        } else {
            "Resource"
        };
        members.push((key, one_or_many(block.patterns.iter().map(|p| &p.value))));
    }
    if !statement.conditions.is_empty() {
        // Clauses grouped by operator in order of first appearance, keys in source order.
        let mut operators: Vec<(String, Vec<(String, Out)>)> = Vec::new();
        for clause in &statement.conditions {
            let name = clause.operator.value.to_string();
            let entry = (
                clause.key.value.clone(),
                one_or_many(clause.values.iter().map(|v| &v.value)),
            );
            match operators.iter_mut().find(|(n, _)| *n == name) {
                Some((_, keys)) => keys.push(entry),
                None => operators.push((name, vec![entry])),
            }
        }
        members.push((
            "Condition",
            Out::OwnedObject(
                operators
                    .into_iter()
                    .map(|(name, keys)| (name, Out::OwnedObject(keys)))
                    .collect(),
            ),
        ));
    }
    Out::Object(members)
}

fn principal_type_name(principal_type: PrincipalType) -> &'static str {
    match principal_type {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

fn write(out: &mut String, value: &Out, indent: usize) {
    match value {
        Out::Text(text) => write_string(out, text),
        Out::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                newline(out, indent + 1);
                write(out, item, indent + 1);
            }
            if !items.is_empty() {
                newline(out, indent);
            }
            out.push(']');
        }
        Out::Object(members) => write_object(out, members.iter().map(|(k, v)| (*k, v)), indent),
        Out::OwnedObject(members) => {
            write_object(out, members.iter().map(|(k, v)| (k.as_str(), v)), indent)
        }
    }
}

fn write_object<'a>(
    out: &mut String,
    members: impl Iterator<Item = (&'a str, &'a Out)>,
    indent: usize,
) {
    out.push('{');
    let mut any = false;
    for (index, (key, value)) in members.enumerate() {
        if index > 0 {
            out.push(',');
        }
        newline(out, indent + 1);
        write_string(out, key);
        out.push_str(": ");
        write(out, value, indent + 1);
        any = true;
    }
    if any {
        newline(out, indent);
    }
    out.push('}');
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// A JSON string literal: `"` and `\` escaped, control characters as `\n`-style or `\u00XX` escapes.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::diagnostic::{Span, Spanned};
    use crate::policy::model::{
        ActionBlock, BaseOperator, ConditionClause, ConditionOperator, PolicyKind, PrincipalBlock,
        PrincipalEntry, ResourceBlock, SetQualifier,
    };
    use crate::policy::parse::parse_policy;
    use proptest::prelude::*;

    fn blank<T>(value: Spanned<T>) -> Spanned<T> {
        Spanned::new(value.value, Span::default())
    }

    /// The policy with every span zeroed, so parsed and built policies compare by content.
    fn without_spans(mut policy: Policy) -> Policy {
        policy.span = Span::default();
        policy.id = policy.id.map(blank);
        for statement in &mut policy.statements {
            statement.span = Span::default();
            statement.sid = statement.sid.take().map(blank);
            statement.effect.span = Span::default();
            if let Some(block) = &mut statement.action {
                block.span = Span::default();
                block.patterns = block.patterns.drain(..).map(blank).collect();
            }
            if let Some(block) = &mut statement.resource {
                block.span = Span::default();
                block.patterns = block.patterns.drain(..).map(blank).collect();
            }
            if let Some(block) = &mut statement.principal {
                block.span = Span::default();
                if let PrincipalSet::Entries(entries) = &mut block.principals {
                    for entry in entries {
                        entry.value.span = Span::default();
                    }
                }
            }
            for clause in &mut statement.conditions {
                clause.operator.span = Span::default();
                clause.key.span = Span::default();
                clause.values = clause.values.drain(..).map(blank).collect();
            }
        }
        policy
    }

    fn reparse(policy: &Policy) -> Policy {
        let text = print_policy(policy);
        let parsed = parse_policy(&text, policy.kind);
        match parsed.policy {
            Some(policy) => without_spans(policy),
            None => panic!("{text}\n{:#?}", parsed.diagnostics),
        }
    }

    #[test]
    fn prints_canonical_text() {
        let source = r#"{"Statement": {"Effect": "Allow", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            "Action": "s3:*", "Principal": {"AWS": "123456789012"}, "Sid": "S",
            "Condition": {"Bool": {"aws:SecureTransport": true}, "StringLike": {"s3:prefix": ["a\"b", "c\\d"]}}}}"#;
        let policy = parse_policy(source, PolicyKind::Resource).policy.unwrap();
        let text = print_policy(&policy);
        assert_eq!(
            text,
            r#"{
  "Statement": [
    {
      "Sid": "S",
      "Effect": "Allow",
      "Principal": {
        "AWS": "123456789012"
      },
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::b",
        "arn:aws:s3:::b/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "true"
        },
        "StringLike": {
          "s3:prefix": [
            "a\"b",
            "c\\d"
          ]
        }
      }
    }
  ]
}
"#
        );
        assert_eq!(reparse(&policy), without_spans(policy));
    }

    fn spanned(text: impl Into<String>) -> Spanned<String> {
        Spanned::new(text.into(), Span::default())
    }

    fn text_strategy() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[a-zA-Z0-9 \"\\\\\n\t/:*?${}-]{0,12}"]
    }

    fn patterns(choices: &'static [&'static str]) -> impl Strategy<Value = Vec<Spanned<String>>> {
        prop::collection::vec(prop::sample::select(choices), 1..4)
            .prop_map(|values| values.into_iter().map(spanned).collect())
    }

    const ACTIONS: &[&str] = &["*", "s3:GetObject", "s3:Get*", "iam:?ass*", "ec2:Describe*"];
    const RESOURCES: &[&str] = &[
        "*",
        "arn:aws:s3:::b",
        "arn:aws:s3:::b/*",
        "arn:aws:iam::123456789012:role/${aws:username}",
    ];
    const AWS: &[&str] = &[
        "*",
        "123456789012",
        "arn:aws:iam::123456789012:root",
        "arn:aws:iam::123456789012:role/r",
    ];
    const SERVICES: &[&str] = &["ec2.amazonaws.com", "lambda.amazonaws.com"];

    fn operator() -> impl Strategy<Value = ConditionOperator> {
        (
            prop::sample::select(BaseOperator::ALL.to_vec()),
            prop::option::of(prop_oneof![
                Just(SetQualifier::ForAllValues),
                Just(SetQualifier::ForAnyValue)
            ]),
            any::<bool>(),
        )
            .prop_map(|(base, qualifier, if_exists)| ConditionOperator {
                qualifier,
                base,
                if_exists: if_exists && base != BaseOperator::Null,
            })
    }

    fn conditions() -> impl Strategy<Value = Vec<ConditionClause>> {
        prop::collection::vec(
            (
                operator(),
                prop::collection::btree_map(
                    "[a-z]{1,3}:[A-Za-z/]{1,6}",
                    prop::collection::vec(text_strategy(), 1..3),
                    1..3,
                ),
            ),
            0..3,
        )
        .prop_map(|operators| {
            // One entry per operator, as a JSON object allows.
            let mut seen = Vec::new();
            let mut clauses = Vec::new();
            for (operator, keys) in operators {
                if seen.contains(&operator) {
                    continue;
                }
                seen.push(operator);
                for (key, values) in keys {
                    clauses.push(ConditionClause {
                        operator: Spanned::new(operator, Span::default()),
                        key: spanned(key),
                        values: values.into_iter().map(spanned).collect(),
                    });
                }
            }
            clauses
        })
    }

    fn principal() -> impl Strategy<Value = PrincipalBlock> {
        (
            any::<bool>(),
            prop::option::of(patterns(AWS)),
            prop::option::of(patterns(SERVICES)),
            any::<bool>(),
        )
            .prop_map(|(negated, aws, services, wildcard)| {
                let mut entries = Vec::new();
                for (principal_type, values) in [
                    (PrincipalType::Aws, aws),
                    (PrincipalType::Service, services),
                ] {
                    for value in values.unwrap_or_default() {
                        entries.push(PrincipalEntry {
                            principal_type,
                            value,
                        });
                    }
                }
                let principals = if wildcard || entries.is_empty() {
                    PrincipalSet::Wildcard
                } else {
                    PrincipalSet::Entries(entries)
                };
                PrincipalBlock {
                    negated,
                    principals,
                    span: Span::default(),
                }
            })
    }

    fn statement(kind: PolicyKind) -> impl Strategy<Value = Statement> {
        (
            prop::option::of("[A-Za-z0-9]{1,8}"),
            any::<bool>(),
            (any::<bool>(), patterns(ACTIONS)),
            prop::option::of((any::<bool>(), patterns(RESOURCES))),
            principal(),
            conditions(),
        )
            .prop_map(
                move |(sid, allow, (not_action, actions), resource, principal, conditions)| {
                    let resource = match (resource, kind) {
                        (None, PolicyKind::Trust) => None,
                        (resource, _) => {
                            let (negated, patterns) =
                                resource.unwrap_or((false, vec![spanned("*")]));
                            Some(ResourceBlock {
                                negated,
                                patterns,
                                span: Span::default(),
                            })
                        }
                    };
                    let principal = match kind {
                        PolicyKind::Resource | PolicyKind::Trust => Some(principal),
                        PolicyKind::Rcp => Some(PrincipalBlock {
                            negated: false,
                            principals: PrincipalSet::Wildcard,
                            span: Span::default(),
                        }),
                        _ => None,
                    };
                    Statement {
                        index: 0,
                        sid: sid.map(spanned),
                        effect: Spanned::new(
                            if allow { Effect::Allow } else { Effect::Deny },
                            Span::default(),
                        ),
                        action: Some(ActionBlock {
                            negated: not_action,
                            patterns: actions,
                            span: Span::default(),
                        }),
                        resource,
                        principal,
                        conditions,
                        span: Span::default(),
                    }
                },
            )
    }

    fn policy() -> impl Strategy<Value = Policy> {
        prop::sample::select(vec![
            PolicyKind::Identity,
            PolicyKind::Resource,
            PolicyKind::Trust,
            PolicyKind::Boundary,
            PolicyKind::Session,
            PolicyKind::Scp,
            PolicyKind::Rcp,
        ])
        .prop_flat_map(|kind| {
            (
                prop::sample::select(vec![
                    PolicyVersion::V2012_10_17,
                    PolicyVersion::V2008_10_17,
                    PolicyVersion::Missing,
                ]),
                prop::option::of(text_strategy()),
                prop::collection::vec(statement(kind), 1..4),
            )
                .prop_map(move |(version, id, mut statements)| {
                    for (index, statement) in statements.iter_mut().enumerate() {
                        statement.index = index;
                    }
                    Policy {
                        kind,
                        version,
                        id: id.map(spanned),
                        statements,
                        span: Span::default(),
                    }
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parse_of_print_is_the_same_policy(policy in policy()) {
            prop_assert_eq!(reparse(&policy), policy.clone());
            // Printing is deterministic and a fixed point.
            prop_assert_eq!(print_policy(&reparse(&policy)), print_policy(&policy));
        }
    }
}
