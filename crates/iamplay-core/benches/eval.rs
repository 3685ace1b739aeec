//! One decision for a user with 3 identity policies of 10 statements, 1 condition each (issue 3 target: under
//! 2 µs). Measured with the full explanation and with statement explanations off (the matrix's mode).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::context::ContextValue;
use iamplay_core::diagnostic::{Span, Spanned};
use iamplay_core::eval::{
    evaluate, evaluate_with, AuthorizationRequest, EvaluationOptions, NamedPolicy, Principal,
};
use iamplay_core::policy::model::{
    ActionBlock, BaseOperator, ConditionClause, ConditionOperator, Effect, Policy, PolicyKind,
    PolicyVersion, ResourceBlock, Statement,
};

fn text(value: &str) -> Spanned<String> {
    Spanned::new(value.to_string(), Span::default())
}

/// Statement `index` of policy `policy`: a different service or resource each time, so a request matches a few
/// statements, like real policies.
fn statement(policy: usize, index: usize) -> Statement {
    const SERVICES: [&str; 5] = ["s3", "dynamodb", "sqs", "ec2", "kms"];
    let service = SERVICES
        .get((policy + index) % SERVICES.len())
        .copied()
        .unwrap_or("s3");
    let (actions, resource) = match service {
        "s3" => (
            vec![text("s3:GetObject"), text("s3:PutObject"), text("s3:List*")],
            format!("arn:aws:s3:::bucket-{index}/*"),
        ),
        "dynamodb" => (
            vec![text("dynamodb:GetItem"), text("dynamodb:Query")],
            format!("arn:aws:dynamodb:*:111111111111:table/Table{index}"),
        ),
        other => (
            vec![
                text(&format!("{other}:Describe*")),
                text(&format!("{other}:Get*")),
            ],
            "*".to_string(),
        ),
    };
    // The statement the request matches (index 5) reads a principal tag, so the evaluator must build the
    // context with its defaults: the costly case.
    let (operator, key, value) = match (index + 1) % 3 {
        0 => (
            BaseOperator::StringEquals,
            "aws:PrincipalTag/team",
            "orders",
        ),
        1 => (BaseOperator::IpAddress, "aws:SourceIp", "203.0.113.0/24"),
        _ => (BaseOperator::StringLike, "aws:RequestedRegion", "eu-*"),
    };
    Statement {
        index,
        sid: Some(text(&format!("Stmt{policy}x{index}"))),
        effect: Spanned::new(Effect::Allow, Span::default()),
        action: Some(ActionBlock {
            negated: false,
            patterns: actions,
            span: Span::default(),
        }),
        resource: Some(ResourceBlock {
            negated: false,
            patterns: vec![text(&resource)],
            span: Span::default(),
        }),
        principal: None,
        conditions: vec![ConditionClause {
            operator: Spanned::new(
                ConditionOperator {
                    qualifier: None,
                    base: operator,
                    if_exists: false,
                },
                Span::default(),
            ),
            key: text(key),
            values: vec![text(value)],
        }],
        span: Span::default(),
    }
}

fn policy(index: usize) -> Policy {
    Policy {
        kind: PolicyKind::Identity,
        version: PolicyVersion::V2012_10_17,
        id: None,
        statements: (0..10)
            .map(|statement_index| statement(index, statement_index))
            .collect(),
        span: Span::default(),
    }
}

fn bench_decision(c: &mut Criterion) {
    let policies: Vec<Policy> = (0..3).map(policy).collect();
    let mut principal = Principal::iam_user("arn:aws:iam::111111111111:user/john");
    principal
        .tags
        .insert("team".to_string(), "orders".to_string());
    let mut request = AuthorizationRequest::new(
        principal,
        "s3:GetObject",
        "arn:aws:s3:::bucket-5/reports/q1.csv",
    );
    request.resource_account = Some("111111111111".to_string());
    request.context.insert(
        "aws:SourceIp",
        ContextValue::Single("203.0.113.9".to_string()),
    );
    request.context.insert(
        "aws:RequestedRegion",
        ContextValue::Single("eu-west-1".to_string()),
    );
    // Ids are borrowed, as a scenario that keeps them beside its policies passes them.
    let ids: Vec<String> = (0..policies.len())
        .map(|index| format!("user/john:inline:P{index}"))
        .collect();
    for (id, policy) in ids.iter().zip(&policies) {
        request
            .policies
            .identity
            .push(NamedPolicy::new(id.as_str(), policy));
    }
    assert_eq!(
        evaluate(&request).decision,
        iamplay_core::explain::Decision::Allow
    );

    c.bench_function(
        "decision: 3 policies x 10 statements, full explanation",
        |b| b.iter(|| evaluate(black_box(&request))),
    );
    let quick = EvaluationOptions {
        explain_statements: false,
    };
    c.bench_function(
        "decision: 3 policies x 10 statements, decisive statements only",
        |b| b.iter(|| evaluate_with(black_box(&request), quick)),
    );
}

criterion_group!(benches, bench_decision);
criterion_main!(benches);
