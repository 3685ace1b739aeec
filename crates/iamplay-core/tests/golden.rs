//! The golden corpus: every request of every `tests/golden/*.json` scenario must get the decision its `expect`
//! names and show the facts its `expectFacts` pins. Each case cites the AWS doc section it comes from
//! (tests/golden/README.md). Native only: it reads files.
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::scenario::{check_scenario, load_scenario};
use std::fmt::Write as _;
use std::path::PathBuf;

/// The corpus must stay at least this large (issue 3, "Quality bar").
const MINIMUM_CASES: usize = 200;

fn corpus_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_golden_case_gets_the_documented_decision() {
    let files = corpus_files();
    assert!(!files.is_empty(), "no golden files found");
    let mut failures = String::new();
    let mut failed = 0;
    let mut total = 0;
    for path in &files {
        let file = path
            .file_name()
            .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{file}: {error}"));
        let loaded = load_scenario(&text);
        let errors: Vec<String> = loaded
            .diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.is_error())
            .map(|diagnostic| {
                let at = diagnostic.span.map_or(String::new(), |span| {
                    format!("{}:{}: ", span.start.line, span.start.column)
                });
                format!("{at}error[{}]: {}", diagnostic.code, diagnostic.message)
            })
            .collect();
        let Some(scenario) = loaded.scenario else {
            failed += 1;
            let _ = writeln!(
                failures,
                "\n{file}: does not load\n  {}",
                errors.join("\n  ")
            );
            continue;
        };
        for (request, result) in scenario.requests.iter().zip(check_scenario(&scenario)) {
            total += 1;
            let name = request
                .name
                .as_ref()
                .map_or("(unnamed)", |name| name.value.as_str());
            let source = request
                .source
                .as_ref()
                .map_or("(no source)", |source| source.value.as_str());
            let mut problems = Vec::new();
            match result.expect {
                None => problems.push("the case has no `expect`".to_string()),
                Some(want) if want != result.decision => {
                    problems.push(format!("got {:?}, want {want:?}", result.decision));
                }
                Some(_) => {}
            }
            if request.source.is_none() {
                problems.push("the case has no `source`".to_string());
            }
            for mismatch in &result.fact_mismatches {
                problems.push(format!(
                    "{}: got {}, want {}",
                    mismatch.fact, mismatch.actual, mismatch.expected
                ));
            }
            if !problems.is_empty() {
                failed += 1;
                let _ = writeln!(
                    failures,
                    "\n{file} #{} \"{name}\"\n  source: {source}\n  {}\n  summary: {}",
                    request.index + 1,
                    problems.join("\n  "),
                    result.explanation.summary
                );
            }
        }
    }
    assert!(
        failed == 0,
        "{failed} of {total} golden cases failed:\n{failures}"
    );
    assert!(
        total >= MINIMUM_CASES,
        "the golden corpus has {total} cases, fewer than {MINIMUM_CASES}"
    );
}

/// `deniedBy` facts hold even when the caller asks for decisions without per-statement explanations (the
/// matrix, the JS API and the playground check that way).
#[test]
fn golden_denied_by_facts_hold_without_statement_explanations() {
    use iamplay_core::eval::EvaluationOptions;
    use iamplay_core::scenario::{check_scenario_with, load_scenario, CheckOptions};
    let options = CheckOptions {
        evaluation: EvaluationOptions {
            explain_statements: false,
        },
        ..CheckOptions::default()
    };
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/golden is readable") {
        let path = entry.expect("a directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a golden file is readable");
        let loaded = load_scenario(&text);
        let Some(scenario) = loaded.scenario else {
            continue;
        };
        for result in check_scenario_with(&scenario, &options) {
            let expects_denied_by = scenario
                .requests
                .get(result.index)
                .and_then(|r| r.expect_facts.as_ref())
                .is_some_and(|facts| facts.denied_by.is_some());
            if expects_denied_by {
                checked += 1;
                assert!(
                    result.fact_mismatches.is_empty(),
                    "{}: request {}: {:?}",
                    path.display(),
                    result.index,
                    result.fact_mismatches
                );
            }
        }
    }
    assert!(checked > 0, "the corpus has deniedBy facts to check");
}
