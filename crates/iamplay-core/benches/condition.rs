//! Condition clauses: the cost of one operator/key pair, with and without the explanation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::condition::{clause_matches, evaluate_clause};
use iamplay_core::context::{ContextValue, RequestContext};
use iamplay_core::policy::{parse_policy, PolicyKind, PolicyVersion};

fn clauses() -> Vec<(&'static str, iamplay_core::policy::ConditionClause)> {
    let document = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalAccount": ["111122223333", "444455556666"]}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:DB8:1234:5678::/64"]}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111122223333:topic-*"}}},
        {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["Dept", "Owner", "Cost-Center"]}}}
    ]}"#;
    let policy = parse_policy(document, PolicyKind::Identity)
        .policy
        .expect("bench policy parses");
    let names = [
        "StringEquals",
        "StringLike+variable",
        "IpAddress",
        "DateLessThan",
        "ArnLike",
        "ForAllValues:StringEquals",
    ];
    names
        .into_iter()
        .zip(
            policy
                .statements
                .into_iter()
                .map(|statement| statement.conditions.into_iter().next().expect("one clause")),
        )
        .collect()
}

fn context() -> RequestContext {
    let mut context = RequestContext::new();
    let single = |value: &str| ContextValue::Single(value.to_string());
    context.insert("aws:PrincipalAccount", single("444455556666"));
    context.insert("aws:username", single("David"));
    context.insert("s3:prefix", single("home/David/photos/2020/"));
    context.insert("aws:SourceIp", single("203.0.113.77"));
    context.insert("aws:CurrentTime", single("2026-11-27T12:00:00Z"));
    context.insert(
        "aws:SourceArn",
        single("arn:aws:sns:us-east-1:111122223333:topic-orders"),
    );
    context.insert(
        "aws:TagKeys",
        ContextValue::Multi(vec!["Dept".into(), "Owner".into()]),
    );
    context
}

fn bench_conditions(c: &mut Criterion) {
    let context = context();
    for (name, clause) in clauses() {
        assert!(
            clause_matches(&clause, &context, PolicyVersion::V2012_10_17),
            "{name} should match"
        );
        c.bench_function(&format!("condition/matches/{name}"), |b| {
            b.iter(|| {
                clause_matches(
                    black_box(&clause),
                    black_box(&context),
                    PolicyVersion::V2012_10_17,
                )
            })
        });
        c.bench_function(&format!("condition/explained/{name}"), |b| {
            b.iter(|| {
                evaluate_clause(
                    black_box(&clause),
                    black_box(&context),
                    PolicyVersion::V2012_10_17,
                )
            })
        });
    }
}

criterion_group!(benches, bench_conditions);
criterion_main!(benches);
