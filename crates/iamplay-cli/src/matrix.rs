//! `iamplay matrix`: the core's allow/deny matrix as a grid (columns numbered, listed below it) or JSON.

use crate::check::{load_all, short};
use crate::describe::pad;
use crate::input::Reader;
use crate::style::{Style, Styles};
use crate::{Format, MatrixArgs, Outcome, EXIT_INVALID};
use iamplay_core::explain::Decision;
use iamplay_core::matrix::{compute_matrix, ColumnSource, Matrix, MatrixCell, MatrixRow};
use std::fmt::Write as _;

pub fn run(args: &MatrixArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let loaded = load_all(
        std::slice::from_ref(&args.file),
        reader,
        styles.err,
        &mut outcome,
    );
    let Some((source, Some(scenario))) = loaded.first() else {
        outcome.code = EXIT_INVALID;
        return outcome;
    };
    let matrix = compute_matrix(scenario);
    // Over the `max_cells` hard limit: the rows that fit are still printed, the error says what was left out.
    if let Some(limit) = &matrix.limit {
        crate::diagnostics::render(
            &mut outcome.stderr,
            &source.name,
            &source.text,
            limit,
            styles.err,
        );
        outcome.code = EXIT_INVALID;
    }
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&matrix) {
            Ok(json) => {
                outcome.stdout = json;
                outcome.stdout.push('\n');
            }
            Err(error) => {
                let _ = writeln!(outcome.stderr, "iamplay: error: cannot write JSON: {error}");
                outcome.code = EXIT_INVALID;
            }
        },
        Format::Text => {
            let title = scenario
                .name
                .as_ref()
                .map(|name| format!("{}: {}", source.name, name.value))
                .unwrap_or_else(|| source.name.clone());
            let _ = writeln!(outcome.stdout, "{}", styles.out.bold(&title));
            grid(&mut outcome.stdout, &matrix, styles.out);
        }
    }
    outcome
}

/// How a cell reads: `ALLOW`, `DENY` (explicit) or `deny` (implicit); `=` same account, `x` cross-account;
/// `→ALLOW` / `→deny` when the other side of the account boundary would get another decision.
fn cell_text(cell: &MatrixCell<'_>) -> String {
    let mut text = decision_word(cell.decision).to_string();
    match cell.same_account {
        Some(true) => text.push_str(" ="),
        Some(false) => text.push_str(" x"),
        None => text.push_str("  "),
    }
    if let Some(what_if) = cell.what_if.filter(|what_if| what_if.changes) {
        text.push_str(" →");
        text.push_str(decision_word(what_if.decision));
    }
    text
}

fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "ALLOW",
        Decision::ExplicitDeny => "DENY",
        Decision::ImplicitDeny => "deny",
    }
}

fn row_label(row: &MatrixRow) -> String {
    match (&row.account, &row.account_name) {
        (Some(account), Some(name)) => format!("{} ({account} {name})", row.name),
        (Some(account), None) => format!("{} ({account})", row.name),
        _ => row.name.clone(),
    }
}

fn grid(out: &mut String, matrix: &Matrix<'_>, style: Style) {
    if matrix.rows.is_empty() || matrix.columns.is_empty() {
        let _ = writeln!(
            out,
            "  (no columns: the scenario has no requests and its policies name no action)"
        );
        return;
    }
    let labels: Vec<String> = matrix.rows.iter().map(row_label).collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let texts: Vec<Vec<String>> = matrix
        .cells
        .iter()
        .map(|row| row.iter().map(cell_text).collect())
        .collect();
    let widths: Vec<usize> = (0..matrix.columns.len())
        .map(|column| {
            let header = format!("[{}]", column + 1).chars().count();
            texts
                .iter()
                .filter_map(|row| row.get(column))
                .map(|text| text.chars().count())
                .chain([header])
                .max()
                .unwrap_or(header)
        })
        .collect();

    let mut header = format!("  {}", pad("", label_width));
    for (column, width) in widths.iter().enumerate() {
        header.push_str("  ");
        header.push_str(&pad(&format!("[{}]", column + 1), *width));
    }
    let _ = writeln!(out, "{}", style.dim(header.trim_end()));
    for ((label, cells), texts) in labels.iter().zip(&matrix.cells).zip(&texts) {
        let mut line = format!("  {}", pad(label, label_width));
        for ((cell, text), width) in cells.iter().zip(texts).zip(&widths) {
            line.push_str("  ");
            let padded = pad(text, *width);
            line.push_str(&match cell.decision {
                Decision::Allow => style.green(&padded),
                Decision::ExplicitDeny => style.red(&padded),
                Decision::ImplicitDeny => style.dim(&padded),
            });
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }

    let _ = writeln!(out, "\n  {}", style.bold("columns"));
    for (index, column) in matrix.columns.iter().enumerate() {
        let mut line = format!("  [{}] {} on {}", index + 1, column.action, column.resource);
        if let Some(context) = column.context.filter(|context| !context.is_empty()) {
            let pairs: Vec<String> = context
                .iter()
                .map(|(key, value)| format!("{key}={}", value.values().join(",")))
                .collect();
            line.push_str(&format!(" {{{}}}", pairs.join(" ")));
        }
        if let Some(account) = &column.resource_account {
            line.push_str(&format!(" (account {account})"));
        }
        match (column.requests.as_slice(), column.name) {
            ([], _) => {}
            ([one], Some(name)) => line.push_str(&format!(" — request {one} \"{name}\"")),
            (many, _) => {
                let list: Vec<String> = many.iter().map(usize::to_string).collect();
                line.push_str(&format!(" — requests {}", list.join(", ")));
            }
        }
        if let Some(origin) = &column.derived_from {
            line.push_str(&format!(
                " — from {} #{}",
                short(origin.policy_id),
                origin.statement_index
            ));
        }
        let _ = writeln!(out, "{line}");
    }
    if matrix.column_source == ColumnSource::Policies {
        let _ = writeln!(
            out,
            "  {}",
            style.dim("(no requests: columns are the Action x Resource pairs the policies name)")
        );
    }
    if matrix.columns_dropped > 0 {
        let _ = writeln!(
            out,
            "  {}",
            style.dim(&format!("({} more pairs left out)", matrix.columns_dropped))
        );
    }
    let legend = [
        "ALLOW allowed · DENY explicit deny · deny implicit deny (nothing allows)",
        "= same account · x cross-account (no mark: the caller has no account)",
        "→X the decision if the resource were on the other side of the account boundary:",
        "   same account, either side may allow; cross-account, both must",
    ];
    out.push('\n');
    for line in legend {
        let _ = writeln!(out, "  {}", style.dim(line));
    }
}
