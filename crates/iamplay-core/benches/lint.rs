//! How long lint takes on what the playground re-lints on every keystroke: one policy of 50 statements and a
//! gallery scenario, with and without the action catalog.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::catalog::Catalog;
use iamplay_core::lint::{lint_policy, lint_scenario_text, LintOptions};
use iamplay_core::policy::PolicyKind;

const SCENARIO: &str = include_str!("../../../examples/cross-account-table.json");

/// 50 statements mixing exact actions, wildcards, conditions and a few findings.
fn big_policy() -> String {
    let statements: Vec<String> = (0..50)
        .map(|i| match i % 5 {
            0 => format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": "arn:aws:s3:::bucket-{i}/*"}}"#
            ),
            1 => format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::bucket-{i}",
                    "Condition": {{"StringLike": {{"s3:prefix": "home/${{aws:username}}/*"}}}}}}"#
            ),
            2 => format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": "dynamodb:*",
                    "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/T{i}"}}"#
            ),
            3 => format!(
                r#"{{"Sid": "S{i}", "Effect": "Deny", "Action": "ec2:TerminateInstances", "Resource": "*",
                    "Condition": {{"BoolIfExists": {{"aws:MultiFactorAuthPresent": "false"}}}}}}"#
            ),
            _ => format!(
                r#"{{"Sid": "S{i}", "Effect": "Allow", "Action": ["iam:PassRole", "s3:GetObjekt"], "Resource": "*"}}"#
            ),
        })
        .collect();
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",\n")
    )
}

fn bench_lint(c: &mut Criterion) {
    let policy = big_policy();
    let plain = LintOptions::default();
    c.bench_function("lint/policy_50_statements", |b| {
        b.iter(|| lint_policy(black_box(&policy), PolicyKind::Identity, &plain).len())
    });
    c.bench_function("lint/scenario", |b| {
        b.iter(|| lint_scenario_text(black_box(SCENARIO), &plain).len())
    });
    let Ok(catalog) = Catalog::embedded() else {
        return;
    };
    let with_catalog = LintOptions::with_catalog(catalog);
    c.bench_function("lint/policy_50_statements_catalog", |b| {
        b.iter(|| lint_policy(black_box(&policy), PolicyKind::Identity, &with_catalog).len())
    });
    c.bench_function("lint/scenario_catalog", |b| {
        b.iter(|| lint_scenario_text(black_box(SCENARIO), &with_catalog).len())
    });
}

criterion_group!(benches, bench_lint);
criterion_main!(benches);
