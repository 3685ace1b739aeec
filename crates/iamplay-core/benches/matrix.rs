//! The live-editing budget of issue 4: a matrix of 50 principals × 200 columns in under 10 ms native, with the
//! what-if (two evaluations per cell with an account). Also: one cell's full explanation (what a click costs),
//! and loading the scenario text (what a keystroke costs before the matrix).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::matrix::{compute_matrix, compute_matrix_with, explain_cell, MatrixOptions};
use iamplay_core::scenario::load_scenario;
use std::fmt::Write as _;

const HOME: &str = "111111111111";
const OTHER: &str = "222222222222";
const SERVICES: [&str; 4] = ["s3", "dynamodb", "sqs", "kms"];

/// An identity policy of five statements over the service mix, one with a condition.
fn identity_policy(seed: usize) -> String {
    let mut statements = Vec::new();
    for index in 0..5 {
        let n = seed + index;
        let statement = match n % 5 {
            0 => format!(
                r#"{{"Sid": "Read{n}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:List*"],
                    "Resource": ["arn:aws:s3:::bucket-{b}", "arn:aws:s3:::bucket-{b}/*"]}}"#,
                b = n % 10
            ),
            1 => format!(
                r#"{{"Sid": "Table{n}", "Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"],
                    "Resource": "arn:aws:dynamodb:us-east-1:{HOME}:table/T{t}"}}"#,
                t = n % 10
            ),
            2 => format!(
                r#"{{"Sid": "Queue{n}", "Effect": "Allow", "Action": "sqs:*",
                    "Resource": "arn:aws:sqs:us-east-1:*:q{q}",
                    "Condition": {{"StringEquals": {{"aws:PrincipalTag/team": "t{team}"}}}}}}"#,
                q = n % 10,
                team = n % 3
            ),
            3 => format!(
                r#"{{"Sid": "DenyDelete{n}", "Effect": "Deny", "Action": "s3:DeleteObject",
                    "Resource": "arn:aws:s3:::bucket-{b}/*"}}"#,
                b = n % 10
            ),
            _ => format!(
                r#"{{"Sid": "Keys{n}", "Effect": "Allow", "Action": ["kms:Decrypt", "kms:Encrypt"],
                    "Resource": "arn:aws:kms:us-east-1:{OTHER}:key/k{k}"}}"#,
                k = n % 10
            ),
        };
        statements.push(statement);
    }
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#,
        statements.join(",")
    )
}

/// 25 users and 20 roles in two accounts, 2 roots, two services and anonymous: 50 rows. 10 buckets, 10 tables,
/// 10 queues and 10 keys, half with resource policies; 200 requests over distinct (action, resource) pairs.
fn scenario_text() -> String {
    let mut text = String::new();
    let _ = write!(
        text,
        r#"{{"name": "bench", "accounts": {{"{HOME}": {{"name": "home", "scps": [[{{"Version": "2012-10-17",
            "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}]}}]]}}, "{OTHER}": {{"name": "other"}}}},"#
    );
    text.push_str(r#""groups": ["#);
    let groups: Vec<String> = (0..3)
        .map(|g| {
            format!(
                r#"{{"arn": "arn:aws:iam::{HOME}:group/g{g}", "policies": [{}]}}"#,
                identity_policy(g * 7)
            )
        })
        .collect();
    text.push_str(&groups.join(","));
    text.push_str(r#"], "users": ["#);
    let users: Vec<String> = (0..25)
        .map(|u| {
            let account = if u % 4 == 3 { OTHER } else { HOME };
            let groups = if account == HOME {
                format!(r#""groups": ["arn:aws:iam::{HOME}:group/g{}"],"#, u % 3)
            } else {
                String::new()
            };
            format!(
                r#"{{"arn": "arn:aws:iam::{account}:user/u{u}", {groups} "tags": {{"team": "t{}"}},
                    "policies": [{}, {{"name": "extra", "document": {}}}]}}"#,
                u % 3,
                identity_policy(u),
                identity_policy(u + 2)
            )
        })
        .collect();
    text.push_str(&users.join(","));
    text.push_str(r#"], "roles": ["#);
    let roles: Vec<String> = (0..20)
        .map(|r| {
            let account = if r % 5 == 4 { OTHER } else { HOME };
            let trusted = match r % 3 {
                0 => r#"{"Service": "lambda.amazonaws.com"}"#.to_string(),
                1 => format!(r#"{{"AWS": "arn:aws:iam::{HOME}:root"}}"#),
                _ => r#"{"Service": "ec2.amazonaws.com"}"#.to_string(),
            };
            format!(
                r#"{{"arn": "arn:aws:iam::{account}:role/r{r}", "trustPolicy": {{"Version": "2012-10-17",
                    "Statement": [{{"Effect": "Allow", "Principal": {trusted}, "Action": "sts:AssumeRole"}}]}},
                    "policies": [{}]}}"#,
                identity_policy(r * 3)
            )
        })
        .collect();
    text.push_str(&roles.join(","));
    text.push_str(r#"], "resources": ["#);
    let mut resources = Vec::new();
    for b in 0..10 {
        let owner = if b % 2 == 0 { HOME } else { OTHER };
        resources.push(format!(
            r#"{{"arn": "arn:aws:s3:::bucket-{b}", "account": "{owner}", "policy": {{"Version": "2012-10-17",
                "Statement": [{{"Sid": "CrossRead", "Effect": "Allow",
                  "Principal": {{"AWS": ["arn:aws:iam::{HOME}:user/u{b}", "arn:aws:iam::{OTHER}:root"]}},
                  "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-{b}/*"}},
                  {{"Sid": "TlsOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                  "Resource": "arn:aws:s3:::bucket-{b}/*", "Condition": {{"Bool": {{"aws:SecureTransport": "false"}}}}}}]}}}}"#
        ));
    }
    for k in 0..10 {
        resources.push(format!(
            r#"{{"arn": "arn:aws:kms:us-east-1:{OTHER}:key/k{k}", "policy": {{"Version": "2012-10-17",
                "Statement": [{{"Sid": "EnableIam", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{OTHER}:root"}},
                  "Action": "kms:*", "Resource": "*"}},
                  {{"Sid": "UseFromHome", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::{HOME}:root"}},
                  "Action": ["kms:Decrypt", "kms:Encrypt"], "Resource": "*"}}]}}}}"#
        ));
    }
    text.push_str(&resources.join(","));
    text.push_str(r#"], "requests": ["#);
    let mut requests = Vec::new();
    for c in 0..200 {
        let service = SERVICES.get(c % SERVICES.len()).copied().unwrap_or("s3");
        let n = c / SERVICES.len();
        let (action, resource) = match service {
            "s3" => (
                ["s3:GetObject", "s3:DeleteObject", "s3:PutObject"]
                    .get(n % 3)
                    .copied()
                    .unwrap_or("s3:GetObject")
                    .to_string(),
                format!("arn:aws:s3:::bucket-{}/key-{n}.csv", n % 10),
            ),
            "dynamodb" => (
                if n.is_multiple_of(2) {
                    "dynamodb:GetItem"
                } else {
                    "dynamodb:PutItem"
                }
                .to_string(),
                format!("arn:aws:dynamodb:us-east-1:{HOME}:table/T{n}"),
            ),
            "sqs" => (
                "sqs:SendMessage".to_string(),
                format!("arn:aws:sqs:us-east-1:{HOME}:q{n}"),
            ),
            _ => (
                "kms:Decrypt".to_string(),
                format!("arn:aws:kms:us-east-1:{OTHER}:key/k{n}"),
            ),
        };
        requests.push(format!(
            r#"{{"name": "r{c}", "principal": "arn:aws:iam::{HOME}:user/u0", "action": "{action}",
                "resource": "{resource}", "context": {{"aws:SecureTransport": "true"}}}}"#
        ));
    }
    text.push_str(&requests.join(","));
    text.push_str("]}");
    text
}

fn bench_matrix(c: &mut Criterion) {
    let text = scenario_text();
    let loaded = load_scenario(&text);
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    let Some(scenario) = loaded.scenario else {
        panic!("the bench scenario does not load");
    };
    let matrix = compute_matrix(&scenario);
    assert_eq!(matrix.rows.len(), 50, "rows");
    assert_eq!(matrix.columns.len(), 200, "columns");
    let allowed = matrix
        .cells
        .iter()
        .flatten()
        .filter(|cell| cell.decision == iamplay_core::explain::Decision::Allow)
        .count();
    assert!(allowed > 100 && allowed < 9_000, "{allowed} allowed cells");
    let exhaustive = MatrixOptions {
        exhaustive_what_if: true,
        ..MatrixOptions::default()
    };
    assert_eq!(matrix, compute_matrix_with(&scenario, &exhaustive));

    c.bench_function("matrix: 50 principals x 200 columns, with what-if", |b| {
        b.iter(|| compute_matrix(black_box(&scenario)))
    });
    c.bench_function("matrix: 50 x 200, every what-if evaluated", |b| {
        b.iter(|| compute_matrix_with(black_box(&scenario), &exhaustive))
    });
    c.bench_function(
        "matrix: explain one cell (full explanation + what-if)",
        |b| b.iter(|| explain_cell(black_box(&scenario), 3, 17)),
    );
    c.bench_function("matrix: load the 50 x 200 scenario text", |b| {
        b.iter(|| load_scenario(black_box(&text)))
    });
}

criterion_group!(benches, bench_matrix);
criterion_main!(benches);
