//! The matrix agrees with `check`: for every request of the examples and the golden corpus that acts without a
//! session policy, the cell of its caller (the last role of its chain when every hop was allowed) and its
//! column has the request's decision and account relation, and `explain_cell` explains the same decision.
//! Every matrix is also computed with every what-if evaluated, to check the what-ifs the matrix infers.
//! Native only: it reads files.
#![cfg(not(target_arch = "wasm32"))]

use iamplay_core::matrix::{compute_matrix, compute_matrix_with, explain_cell, MatrixOptions};
use iamplay_core::scenario::{check_scenario, load_scenario, ScenarioDirectory};
use std::path::PathBuf;

fn scenario_files() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["examples", "tests/golden"] {
        let dir = root.join(dir);
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()));
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let is_scenario = path.extension().is_some_and(|ext| ext == "json")
                && path.file_name().is_some_and(|name| name != "index.json");
            if is_scenario {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_direct_request_is_a_cell_with_the_same_decision() {
    let files = scenario_files();
    assert!(files.len() > 20, "examples and golden files not found");
    let mut compared = 0;
    let mut failures = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        let Some(scenario) = load_scenario(&text).scenario else {
            continue;
        };
        let matrix = compute_matrix(&scenario);
        let exhaustive = compute_matrix_with(
            &scenario,
            &MatrixOptions {
                exhaustive_what_if: true,
                ..MatrixOptions::default()
            },
        );
        assert_eq!(
            matrix,
            exhaustive,
            "{}: an inferred what-if differs from its evaluation",
            path.display()
        );
        let directory = ScenarioDirectory::new(&scenario);
        for (request, result) in scenario.requests.iter().zip(check_scenario(&scenario)) {
            // A hop that names its session, passes tags or sets a source identity makes a session no matrix
            // row has.
            let shaped_hop = request.assume.iter().any(|hop| {
                hop.session_name.is_some() || !hop.tags.is_empty() || hop.source_identity.is_some()
            });
            if request.session_policy.is_some() || result.denied_hop.is_some() || shaped_hop {
                continue;
            }
            let caller_arn = match request.assume.last().map(|hop| &hop.role) {
                Some(role) => {
                    let Some(row) = matrix.rows.iter().find(|row| row.key == role.value) else {
                        failures.push(format!(
                            "{}: no row for role {}",
                            path.display(),
                            role.value
                        ));
                        continue;
                    };
                    row.arn.clone()
                }
                None => match directory.caller(&request.principal.value) {
                    Ok(caller) => caller.principal.arn,
                    Err(_) => continue,
                },
            };
            let row = matrix.rows.iter().position(|row| row.arn == caller_arn);
            let column = matrix
                .columns
                .iter()
                .position(|column| column.requests.contains(&request.index));
            let (Some(row), Some(column)) = (row, column) else {
                failures.push(format!(
                    "{} request {}: no cell for {caller_arn}",
                    path.display(),
                    request.index
                ));
                continue;
            };
            let cell = matrix.cell(row, column).expect("cell in range");
            compared += 1;
            if cell.decision != result.decision || cell.same_account != result.same_account {
                failures.push(format!(
                    "{} request {}: cell {:?}/{:?}, check {:?}/{:?}",
                    path.display(),
                    request.index,
                    cell.decision,
                    cell.same_account,
                    result.decision,
                    result.same_account
                ));
            }
            let explained = explain_cell(&scenario, row, column).expect("explain_cell");
            assert_eq!(explained.explanation.decision, cell.decision);
            assert_eq!(
                explained.what_if.map(|w| w.explanation.decision),
                cell.what_if.map(|w| w.decision)
            );
        }
    }
    assert!(compared > 300, "only {compared} requests compared");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
