//! Hostile inputs (issue 7, "Limits with clear errors"; issue 11, limits that real documents never reach): how
//! long the public entry points take to refuse or read them. Each must stay well under a second;
//! docs/security.md reports the numbers.
//! - a 5 MB policy and a scenario over 64 MiB (refused by `max_bytes` before reading),
//! - 10,000-deep nesting (refused by `max_depth` at depth 65),
//! - a huge policy times many requests (refused by `max_work` after loading),
//! - the largest accepted shapes: 8,000 statements (1 MB), 20,000 users, a 1 MB condition of 70,000 keys, a
//!   1 MB `tags` object,
//! - and what `max_work` guards: checking requests and the matrix, in time per estimated step.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::json::SCENARIO_MAX_BYTES;
use iamplay_core::matrix::compute_matrix;
use iamplay_core::policy::{parse_policy, PolicyKind};
use iamplay_core::scenario::{check_scenario, load_scenario, work};

fn many_keys(count: usize) -> String {
    let members: Vec<String> = (0..count).map(|i| format!("\"k{i}\": \"v\"")).collect();
    members.join(",")
}

/// One user with a policy of `actions` actions, and `requests` requests by that user.
fn heavy_scenario(actions: usize, requests: usize) -> String {
    let user = "arn:aws:iam::111122223333:user/u";
    let actions: Vec<String> = (0..actions).map(|i| format!("\"s3:Action{i}\"")).collect();
    // Distinct resources, so the matrix has a column per request.
    let requests: Vec<String> = (0..requests)
        .map(|i| {
            format!(
                r#"{{"principal": "{user}", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k{i}"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"users": [{{"arn": "{user}", "policies": [{{"Statement": {{"Effect": "Allow", "Action": [{}],
            "Resource": "*"}}}}]}}], "resources": [{{"arn": "arn:aws:s3:::b", "account": "111122223333"}}],
            "requests": [{}]}}"#,
        actions.join(","),
        requests.join(",")
    )
}

fn hostile(c: &mut Criterion) {
    let five_mb = format!(
        r#"{{"Statement": {{"Effect": "Allow", "Action": "*", "Resource": "*"}}}}{}"#,
        " ".repeat(5 * 1024 * 1024)
    );
    let over_64_mib = format!(r#"{{"description": "{}"}}"#, "a".repeat(SCENARIO_MAX_BYTES));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let statements: Vec<String> = (0..8_000)
        .map(|i| format!(r#"{{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b{i}/*"}}"#))
        .collect();
    let many_statements = format!(r#"{{"Statement": [{}]}}"#, statements.join(","));
    let users: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"arn": "arn:aws:iam::111122223333:user/u{i}"}}"#))
        .collect();
    let many_users = format!(r#"{{"users": [{}]}}"#, users.join(","));
    let too_much_work = heavy_scenario(40_000, 20_000);
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
    group.bench_function("scenario_over_64mib", |b| {
        b.iter(|| load_scenario(black_box(&over_64_mib)))
    });
    group.bench_function("policy_10000_deep", |b| {
        b.iter(|| parse_policy(black_box(&deep), PolicyKind::Identity))
    });
    group.bench_function("scenario_10000_deep", |b| {
        b.iter(|| load_scenario(black_box(&deep)))
    });
    group.bench_function("policy_8000_statements", |b| {
        b.iter(|| parse_policy(black_box(&many_statements), PolicyKind::Identity))
    });
    group.bench_function("scenario_20000_users", |b| {
        b.iter(|| load_scenario(black_box(&many_users)))
    });
    group.bench_function("scenario_over_max_work", |b| {
        b.iter(|| load_scenario(black_box(&too_much_work)))
    });
    group.bench_function("policy_condition_70000_keys", |b| {
        b.iter(|| parse_policy(black_box(&wide_condition), PolicyKind::Identity))
    });
    group.bench_function("scenario_tags_70000_keys", |b| {
        b.iter(|| load_scenario(black_box(&wide_tags)))
    });
    group.finish();
}

/// What `max_work` guards: checking and the matrix of a scenario of a known estimate, to relate steps to time.
fn work(c: &mut Criterion) {
    let text = heavy_scenario(10_000, 2_000);
    let Some(scenario) = load_scenario(&text).scenario else {
        panic!("the scenario loads");
    };
    let estimate = work::estimate(&scenario);
    println!(
        "work: checking the requests is {} steps estimated ({} evaluations)",
        estimate.steps, estimate.evaluations
    );
    let mut group = c.benchmark_group("work");
    group.sample_size(10);
    group.bench_function("check_10000_actions_2000_requests", |b| {
        b.iter(|| check_scenario(black_box(&scenario)).len())
    });
    // 2 rows (the user and an outsider) × 2,000 columns, the user's row about 2 × 10⁷ steps.
    group.bench_function("matrix_10000_actions_2000_requests", |b| {
        b.iter(|| compute_matrix(black_box(&scenario)).cells.len())
    });
    group.finish();
}

criterion_group!(benches, hostile, work);
criterion_main!(benches);
