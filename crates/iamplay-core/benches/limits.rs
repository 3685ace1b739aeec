//! Hostile inputs (issue 7, "Limits with clear errors"): how long the public entry points take to refuse or
//! read them. Each must stay well under a second; docs/security.md reports the numbers.
//! - a 5 MB policy and scenario (refused by `max_bytes` before reading),
//! - 10,000-deep nesting (refused by `max_depth` at depth 65),
//! - 1,001 statements (refused by `max_statements`),
//! - a scenario with 1,001 users (refused by `max_entries`),
//! - the largest accepted shapes: a 1 MB condition of 70,000 keys, a 1 MB `tags` object.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::policy::{parse_policy, PolicyKind};
use iamplay_core::scenario::{load_scenario, MAX_ENTRIES};

fn many_keys(count: usize) -> String {
    let members: Vec<String> = (0..count).map(|i| format!("\"k{i}\": \"v\"")).collect();
    members.join(",")
}

fn hostile(c: &mut Criterion) {
    let five_mb = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}{}"#,
        " ".repeat(5 * 1024 * 1024)
    );
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let statements: Vec<String> = (0..1001)
        .map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{i}/*"}}"#))
        .collect();
    let too_many_statements = format!(r#"{{"Statement": [{}]}}"#, statements.join(","));
    let users: Vec<String> = (0..=MAX_ENTRIES)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    let too_many_users = format!(r#"{{"users": [{}]}}"#, users.join(","));
    let wide_condition = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {{"StringEquals": {{{}}}}}}}}}"#,
        many_keys(70_000)
    );
    let wide_tags = format!(
        r#"{{"users": [{{"arn": "arn:aws:iam::111122223333:user/u", "tags": {{{}}}}}]}}"#,
        many_keys(70_000)
    );

    let mut group = c.benchmark_group("hostile");
    group.sample_size(10);
    group.bench_function("policy_5mb", |b| {
        b.iter(|| parse_policy(black_box(&five_mb), PolicyKind::Identity))
    });
    group.bench_function("scenario_5mb", |b| {
        b.iter(|| load_scenario(black_box(&five_mb)))
    });
    group.bench_function("policy_10000_deep", |b| {
        b.iter(|| parse_policy(black_box(&deep), PolicyKind::Identity))
    });
    group.bench_function("scenario_10000_deep", |b| {
        b.iter(|| load_scenario(black_box(&deep)))
    });
    group.bench_function("policy_1001_statements", |b| {
        b.iter(|| parse_policy(black_box(&too_many_statements), PolicyKind::Identity))
    });
    group.bench_function("scenario_1001_users", |b| {
        b.iter(|| load_scenario(black_box(&too_many_users)))
    });
    group.bench_function("policy_condition_70000_keys", |b| {
        b.iter(|| parse_policy(black_box(&wide_condition), PolicyKind::Identity))
    });
    group.bench_function("scenario_tags_70000_keys", |b| {
        b.iter(|| load_scenario(black_box(&wide_tags)))
    });
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
