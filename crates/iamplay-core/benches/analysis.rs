//! The targets of issue 15, native: who-can on a 1,000-principal account (20 ms), what-can over the whole action
//! catalog for a principal with a `ReadOnlyAccess`-size policy and ten more (100 ms), and the access analysis of a
//! resource policy as large as S3 allows (50 ms). Issue 12: `diff` of that account against a version whose bucket
//! policy names one more account (cells of both matrices, then who-can up to its bound).
//!
//! `ReadOnlyAccess` is stood in for by a generated policy of the same shape and size (one statement of ~1,500
//! `Describe*`/`Get*`/`List*` patterns across every service of the catalog), until the managed-policy snapshot
//! (issue 11) can be named by ARN here.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::analysis::access::{analyze_policy, AccessOptions, AccessTarget};
use iamplay_core::analysis::diff::{diff, diff_with, DiffOptions};
use iamplay_core::analysis::what_can::what_can;
use iamplay_core::analysis::who_can::who_can;
use iamplay_core::catalog::Catalog;
use iamplay_core::context::RequestContext;
use iamplay_core::eval::ResourcePolicyKind;
use iamplay_core::policy::{parse_policy, PolicyKind};
use iamplay_core::scenario::{load_scenario, Scenario};
use std::fmt::Write as _;

fn load(text: &str) -> Scenario {
    let loaded = load_scenario(text);
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics.first()
    );
    loaded.scenario.expect("scenario")
}

/// 800 users in groups and 200 roles (every tenth trusting the account for role chains) over ten policies, two
/// accounts, a bucket policy: 1,000 principals.
fn account_text() -> String {
    let policies: Vec<String> = (0..10)
        .map(|i| {
            let action = if i % 2 == 0 { r#"["s3:GetObject", "s3:List*"]"# } else { r#""sts:AssumeRole""# };
            let resource = if i % 2 == 0 { "arn:aws:s3:::data/*".to_string() } else { format!("arn:aws:iam::111111111111:role/r{i}") };
            let condition = if i == 4 { r#", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}"# } else { "" };
            format!(
                r#"{{"name": "P{i}", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
                   "Action": {action}, "Resource": "{resource}"{condition}}}]}}}}"#
            )
        })
        .collect();
    let mut text =
        String::from(r#"{"accounts": {"111111111111": {}, "222222222222": {}}, "groups": ["#);
    for (g, policy) in policies.iter().enumerate() {
        let _ = write!(
            text,
            r#"{}{{"arn": "arn:aws:iam::111111111111:group/g{g}", "policies": [{policy}]}}"#,
            if g > 0 { "," } else { "" }
        );
    }
    text.push_str(r#"], "users": ["#);
    for u in 0..800 {
        let _ = write!(
            text,
            r#"{}{{"arn": "arn:aws:iam::111111111111:user/u{u}", "groups": ["arn:aws:iam::111111111111:group/g{}"]}}"#,
            if u > 0 { "," } else { "" },
            u % 10
        );
    }
    text.push_str(r#"], "roles": ["#);
    for r in 0..200 {
        let policy = policies.get(r % 10).cloned().unwrap_or_default();
        let _ = write!(
            text,
            r#"{}{{"arn": "arn:aws:iam::111111111111:role/r{r}", "policies": [{policy}],
               "trustPolicy": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
               "Principal": {{"AWS": "111111111111"}}, "Action": "sts:AssumeRole"}}]}}}}"#,
            if r > 0 { "," } else { "" }
        );
    }
    text.push_str(
        r#"], "resources": [{"arn": "arn:aws:s3:::data", "account": "222222222222", "policy": {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject",
          "Resource": "arn:aws:s3:::data/*"}]}}]}"#,
    );
    text
}

/// A `ReadOnlyAccess`-shaped policy: one statement, `Describe*`/`Get*`/`List*` of every service (about 1,500
/// patterns), and ten more policies; the principal's scenario.
fn read_only_text(catalog: &Catalog) -> String {
    let mut patterns = Vec::new();
    for service in catalog.services() {
        for verb in ["Describe", "Get", "List", "BatchGet"] {
            if service.actions().iter().any(|a| a.name().starts_with(verb)) {
                patterns.push(format!(r#""{}:{verb}*""#, service.prefix()));
            }
        }
    }
    let mut policies = vec![format!(
        r#"{{"name": "ReadOnlyAccess", "document": {{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
           "Action": [{}], "Resource": "*"}}]}}}}"#,
        patterns.join(",")
    )];
    for i in 0..10 {
        policies.push(format!(
            r#"{{"name": "Extra{i}", "document": {{"Version": "2012-10-17", "Statement": [
               {{"Effect": "Allow", "Action": ["s3:PutObject", "sqs:SendMessage", "dynamodb:PutItem"], "Resource": "*",
                 "Condition": {{"StringEquals": {{"aws:RequestedRegion": "eu-west-{i}"}}}}}},
               {{"Effect": "Deny", "Action": "iam:*", "Resource": "arn:aws:iam::*:role/admin{i}"}}]}}}}"#
        ));
    }
    format!(
        r#"{{"users": [{{"arn": "arn:aws:iam::111111111111:user/reader", "policies": [{}]}}]}}"#,
        policies.join(",")
    )
}

/// A bucket policy near S3's 20 KB limit, the shape of `largeBucketPolicy()` in scripts/bench-chromium.mjs: 50
/// statements, each sharing team folders with 4 accounts (200 in all) under its own organization or network
/// condition, written compactly as `JSON.stringify` writes it (19.4 KB).
fn large_bucket_policy() -> String {
    let statements: Vec<String> = (0..50u64)
        .map(|i| {
            let principals: Vec<String> = (0..4)
                .map(|k| format!(r#""arn:aws:iam::{}:root""#, 100_000_000_000u64 + i * 10 + k))
                .collect();
            let put = if i % 2 == 1 { "Object" } else { "ObjectTagging" };
            let condition = if i % 3 == 0 {
                format!(r#"{{"IpAddress":{{"aws:SourceIp":"203.0.{i}.0/24"}}}}"#)
            } else {
                format!(r#"{{"StringEquals":{{"aws:PrincipalOrgID":"o-{i}abcdefgh"}}}}"#)
            };
            format!(
                r#"{{"Sid":"Share{i}","Effect":"Allow","Principal":{{"AWS":[{}]}},"Action":["s3:GetObject","s3:ListBucket","s3:Put{put}"],"Resource":["arn:aws:s3:::big-bucket/team{i}/*","arn:aws:s3:::big-bucket"],"Condition":{condition}}}"#,
                principals.join(",")
            )
        })
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

/// A smaller bucket policy mixing the classic shapes: 40 statements of account principals, `*` with organization,
/// endpoint and network conditions, a service with source conditions, and denies.
fn mixed_bucket_policy() -> String {
    let mut statements = Vec::new();
    for i in 0..40 {
        let statement = match i % 5 {
            0 => format!(
                r#"{{"Sid": "Account{i}", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{:012}:root"}}, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::big", "arn:aws:s3:::big/*"]}}"#,
                100_000_000_000u64 + i
            ),
            1 => format!(
                r#"{{"Sid": "Org{i}", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::big/shared{i}/*", "Condition": {{"StringEquals": {{"aws:PrincipalOrgID": "o-{i}abc"}}}}}}"#
            ),
            2 => format!(
                r#"{{"Sid": "Vpce{i}", "Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::big/net{i}/*", "Condition": {{"StringEquals": {{"aws:SourceVpce": "vpce-{i}"}}, "IpAddress": {{"aws:SourceIp": "10.{i}.0.0/16"}}}}}}"#
            ),
            3 => format!(
                r#"{{"Sid": "Service{i}", "Effect": "Allow", "Principal": {{"Service": "logging.s3.amazonaws.com"}}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::big/logs{i}/*", "Condition": {{"StringEquals": {{"aws:SourceAccount": "111111111111"}}, "ArnLike": {{"aws:SourceArn": "arn:aws:s3:::src{i}"}}}}}}"#
            ),
            _ => format!(
                r#"{{"Sid": "DenyTls{i}", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::big/*", "Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}"#
            ),
        };
        statements.push(statement);
    }
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    )
}

fn benches(c: &mut Criterion) {
    let account = load(&account_text());
    let context = RequestContext::new();
    c.bench_function("who_can_1000_principals", |b| {
        b.iter(|| {
            who_can(
                black_box(&account),
                "s3:GetObject",
                "arn:aws:s3:::data/report.csv",
                &context,
            )
        })
    });

    let widened = load(&account_text().replace(
        r#""Principal": {"AWS": "111111111111"}, "Action": "s3:GetObject""#,
        r#""Principal": {"AWS": ["111111111111", "333333333333"]}, "Action": "s3:GetObject""#,
    ));
    let change = diff(&account, &widened);
    assert!(change
        .opened
        .iter()
        .any(|c| c.cell.principal == "arn:aws:iam::333333333333:root"));
    eprintln!(
        "diff_1000_principals: {} opened, who-can questions {} asked, {} unchanged, {} skipped",
        change.opened.len(),
        change.who_can_asked,
        change.who_can_unchanged,
        change.who_can_skipped
    );
    let cells_only = std::time::Instant::now();
    let _ = diff_with(
        &account,
        &widened,
        &DiffOptions {
            max_who_can_rows: 0,
        },
    );
    eprintln!(
        "diff_1000_principals: cells alone {:?}",
        cells_only.elapsed()
    );
    // A change to a policy every principal has: every who-can question may change, up to the bound.
    let everyone = load(&account_text().replacen(
        r#""Action": ["s3:GetObject", "s3:List*"]"#,
        r#""Action": ["s3:GetObject", "s3:List*", "s3:PutObject"]"#,
        1,
    ));
    let wide = diff(&account, &everyone);
    eprintln!(
        "diff_1000_principals_identity_change: {} opened, who-can questions {} asked, {} unchanged, {} skipped",
        wide.opened.len(),
        wide.who_can_asked,
        wide.who_can_unchanged,
        wide.who_can_skipped
    );
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    group.bench_function("diff_1000_principals", |b| {
        b.iter(|| diff(black_box(&account), black_box(&widened)))
    });
    group.bench_function("diff_1000_principals_identity_change", |b| {
        b.iter(|| diff(black_box(&account), black_box(&everyone)))
    });
    group.finish();

    let catalog = Catalog::embedded().expect("catalog");
    let reader = load(&read_only_text(catalog));
    c.bench_function("what_can_read_only_access_plus_ten", |b| {
        b.iter(|| {
            what_can(
                black_box(&reader),
                "arn:aws:iam::111111111111:user/reader",
                catalog,
                None,
            )
        })
    });

    let text = large_bucket_policy();
    eprintln!("access_large_bucket_policy: {} bytes", text.len());
    let policy = parse_policy(&text, PolicyKind::Resource)
        .policy
        .expect("policy");
    let target = AccessTarget {
        resource: Some("arn:aws:s3:::big-bucket"),
        owner: Some("111111111111"),
        kind: ResourcePolicyKind::Resource,
    };
    c.bench_function("access_large_bucket_policy", |b| {
        b.iter(|| analyze_policy(black_box(&policy), &target, &AccessOptions::default()))
    });

    let policy = parse_policy(&mixed_bucket_policy(), PolicyKind::Resource)
        .policy
        .expect("policy");
    let target = AccessTarget {
        resource: Some("arn:aws:s3:::big"),
        owner: Some("111111111111"),
        kind: ResourcePolicyKind::Resource,
    };
    c.bench_function("access_mixed_bucket_policy", |b| {
        b.iter(|| analyze_policy(black_box(&policy), &target, &AccessOptions::default()))
    });
}

criterion_group!(analysis, benches);
criterion_main!(analysis);
