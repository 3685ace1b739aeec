//! The same 1,000 decisions `scripts/bench-node.mjs` makes through the node package, made natively: the
//! cross-account-role example with its 8 requests repeated to 1,000. `make bench` prints both; the issue's
//! target is node within 3× of native.
//!
//! - `load_and_check`: text → scenario → 1,000 results (the core alone, no JSON out).
//! - `check_scenario_json_str`: the exact JS contract natively — the same, plus the JSON answer with UTF-16
//!   positions that `checkScenario` returns.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use iamplay_core::ffi::check_scenario_json_str;
use iamplay_core::scenario::{check_scenario, load_scenario};

const DECISIONS: usize = 1000;

/// The example with its requests cycled to `DECISIONS` (what bench-node.mjs builds with JSON.stringify).
fn thousand_decisions() -> String {
    let text = include_str!("../../../examples/cross-account-role.json");
    let mut scenario: serde_json::Value = serde_json::from_str(text).expect("the example is JSON");
    let requests = scenario["requests"].as_array().expect("requests").clone();
    scenario["requests"] = requests.iter().cycle().take(DECISIONS).cloned().collect();
    serde_json::to_string(&scenario).expect("JSON")
}

fn bench(c: &mut Criterion) {
    let text = thousand_decisions();
    let loaded = load_scenario(&text);
    let scenario = loaded.scenario.expect("the scenario loads");
    assert_eq!(scenario.requests.len(), DECISIONS);
    assert!(check_scenario(&scenario).iter().all(|result| result.ok));

    let mut group = c.benchmark_group("thousand_decisions");
    group.throughput(Throughput::Elements(DECISIONS as u64));
    group.sample_size(20);
    group.bench_function("check_only", |b| {
        b.iter(|| check_scenario(black_box(&scenario)).len())
    });
    group.bench_function("load_and_check", |b| {
        b.iter(|| {
            let loaded = load_scenario(black_box(&text));
            loaded
                .scenario
                .map_or(0, |scenario| check_scenario(&scenario).len())
        })
    });
    group.bench_function("check_scenario_json_str", |b| {
        b.iter(|| check_scenario_json_str(black_box(&text)).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
