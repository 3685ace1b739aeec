//! The whole pipeline on any text: load the scenario, check every request, lint it (with the catalog), build
//! the matrix and explain its cells. Besides never panicking: a request without an `assume` chain or session
//! policy gets the same decision in `check` and in its matrix cell (row = its principal), and every matrix
//! cell's fast decision equals the decision of its full explanation (`explain_cell`), what-if included.
#![no_main]

use iamplay_core::catalog::Catalog;
use iamplay_core::lint::{lint_scenario, LintOptions};
use iamplay_core::matrix::{compute_matrix, explain_cell};
use iamplay_core::scenario::{check_scenario, load_scenario};
use libfuzzer_sys::fuzz_target;

/// Bounds the explain work per input so the fuzzer stays fast on large generated scenarios.
const MAX_EXPLAINED_CELLS: usize = 64;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let loaded = load_scenario(text);
    let Some(scenario) = loaded.scenario else {
        return;
    };
    let results = check_scenario(&scenario);
    assert_eq!(results.len(), scenario.requests.len());
    let Ok(catalog) = Catalog::embedded() else {
        panic!("the embedded catalog does not parse");
    };
    let _ = lint_scenario(&scenario, &LintOptions::with_catalog(catalog));

    let matrix = compute_matrix(&scenario);
    assert_eq!(matrix.cells.len(), matrix.rows.len());
    let mut explained = 0;
    for (row, cells) in matrix.cells.iter().enumerate() {
        assert_eq!(cells.len(), matrix.columns.len());
        for (column, cell) in cells.iter().enumerate() {
            if explained >= MAX_EXPLAINED_CELLS {
                break;
            }
            explained += 1;
            let Some(full) = explain_cell(&scenario, row, column) else {
                panic!("no explanation for cell {row},{column}");
            };
            assert_eq!(
                full.explanation.decision, cell.decision,
                "cell {row},{column}"
            );
            match (&full.what_if, &cell.what_if) {
                (Some(full), Some(fast)) => assert_eq!(full.explanation.decision, fast.decision),
                (None, None) => {}
                _ => panic!("what-if present on one path only at {row},{column}"),
            }
        }
    }
    for (request, result) in scenario.requests.iter().zip(&results) {
        if !request.assume.is_empty() || request.session_policy.is_some() {
            continue;
        }
        let Some(row) = matrix
            .rows
            .iter()
            .position(|r| r.key == request.principal.value)
        else {
            continue;
        };
        let Some(column) = matrix
            .columns
            .iter()
            .position(|c| c.requests.contains(&result.index))
        else {
            continue;
        };
        if let Some(cell) = matrix.cell(row, column) {
            assert_eq!(
                cell.decision, result.decision,
                "request {} vs its matrix cell",
                result.index
            );
        }
    }
});
