//! How long the AWS action catalog takes to parse (once per process, or once per page load in the web app)
//! and to answer the lookups lint makes for every statement.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use iamplay_core::catalog::Catalog;

const TEXT: &str = include_str!("../data/catalog.txt");

fn bench_catalog(c: &mut Criterion) {
    c.bench_function("catalog/parse", |b| {
        b.iter(|| Catalog::parse(black_box(TEXT)).map(|catalog| catalog.action_count()))
    });
    let Ok(catalog) = Catalog::parse(TEXT) else {
        return;
    };
    c.bench_function("catalog/find_action", |b| {
        b.iter(|| catalog.find_action(black_box("ec2:runinstances")).is_some())
    });
    c.bench_function("catalog/did_you_mean", |b| {
        b.iter(|| catalog.did_you_mean(black_box("ec2:DescribeInstancez")))
    });
    c.bench_function("catalog/actions_matching_service", |b| {
        b.iter(|| catalog.actions_matching(black_box("s3:Get*")).len())
    });
    c.bench_function("catalog/actions_matching_all_services", |b| {
        b.iter(|| catalog.actions_matching(black_box("*:Describe*")).len())
    });
    c.bench_function("catalog/resource_arn_fits", |b| {
        b.iter(|| {
            catalog.resource_arn_fits(
                black_box("s3:GetObject"),
                black_box("arn:aws:s3:::my-bucket/*"),
            )
        })
    });
}

criterion_group!(benches, bench_catalog);
criterion_main!(benches);
