//! Parsing a ~10 KB policy (issue 3: "parse of a 10 KB policy"): JSON alone, JSON plus the policy grammar, and
//! the canonical printer; plus the wildcard matcher on the pathological `*a*a*...*b` pattern.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::json::{self, Limits};
use iamplay_core::policy::{parse_policy, print_policy, PolicyKind};
use iamplay_core::wildcard::Pattern;

/// A realistic identity policy of about 10 KB: statements with action lists, ARNs, and conditions.
fn ten_kilobyte_policy() -> String {
    const SERVICES: [&str; 5] = ["s3", "dynamodb", "sqs", "ec2", "kms"];
    let mut statements = Vec::new();
    let mut index = 0;
    loop {
        let service = SERVICES
            .get(index % SERVICES.len())
            .copied()
            .unwrap_or("s3");
        let statement = format!(
            r#"    {{
      "Sid": "Statement{index}",
      "Effect": "{effect}",
      "Action": ["{service}:Get*", "{service}:List*", "{service}:Describe*", "{service}:PutItem{index}"],
      "Resource": [
        "arn:aws:{service}:us-east-1:123456789012:resource-{index}/*",
        "arn:aws:{service}:us-west-2:123456789012:resource-{index}/${{aws:username}}/*"
      ],
      "Condition": {{
        "StringEquals": {{"aws:PrincipalTag/team": ["blue", "green"], "aws:RequestedRegion": "us-east-1"}},
        "IpAddress": {{"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]}},
        "Bool": {{"aws:MultiFactorAuthPresent": true}}
      }}
    }}"#,
            effect = if index % 4 == 3 { "Deny" } else { "Allow" },
        );
        statements.push(statement);
        index += 1;
        let size: usize = statements.iter().map(|s| s.len() + 2).sum();
        if size >= 10 * 1024 {
            break;
        }
    }
    format!(
        "{{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n{}\n  ]\n}}\n",
        statements.join(",\n")
    )
}

fn parse_benches(c: &mut Criterion) {
    let text = ten_kilobyte_policy();
    let parsed = parse_policy(&text, PolicyKind::Identity);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let Some(policy) = parsed.policy else {
        return;
    };
    eprintln!(
        "policy: {} bytes, {} statements",
        text.len(),
        policy.statements.len()
    );

    c.bench_function("json::parse 10 KB", |b| {
        b.iter(|| json::parse(black_box(&text), &Limits::default()))
    });
    c.bench_function("parse_policy 10 KB", |b| {
        b.iter(|| parse_policy(black_box(&text), PolicyKind::Identity))
    });
    c.bench_function("print_policy 10 KB", |b| {
        b.iter(|| print_policy(black_box(&policy)))
    });
}

fn wildcard_benches(c: &mut Criterion) {
    let value = "a".repeat(10 * 1024);
    let pattern = Pattern::parse("*a*a*a*a*a*a*a*b");
    c.bench_function("wildcard *a*a*a*a*a*a*a*b vs 10 KB", |b| {
        b.iter(|| pattern.matches(black_box(&value)))
    });
    let action = Pattern::parse("s3:Get*Acl");
    c.bench_function("wildcard action s3:Get*Acl (ignore case)", |b| {
        b.iter(|| action.matches_ignore_case(black_box("S3:GetObjectVersionAcl")))
    });
}

criterion_group!(benches, parse_benches, wildcard_benches);
criterion_main!(benches);
