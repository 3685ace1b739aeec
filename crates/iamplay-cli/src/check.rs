//! `iamplay check`: every request of every file, its decision against its `expect`, as a table or JSON.

use crate::describe::{self, pad};
use crate::diagnostics;
use crate::input::{Reader, Source};
use crate::lessons::{self, FileKind};
use crate::style::{Style, Styles};
use crate::{CheckArgs, Format, Outcome, EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use iamplay_core::explain::{Decision, Explanation, PolicyType};
use iamplay_core::managed::ManagedPolicies;
use iamplay_core::scenario::{
    check_scenario_with, denied_by, load_scenario_with, CheckOptions, FactMismatch, LoadOptions,
    RequestResult, Scenario,
};
use iamplay_core::sts::Hop;
use serde::Serialize;
use std::fmt::Write as _;

/// One result in the JSON output (also `iamplay explain --format json`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonResult<'a> {
    file: &'a str,
    index: usize,
    name: Option<&'a str>,
    decision: Decision,
    expect: Option<Decision>,
    ok: bool,
    same_account: Option<bool>,
    hops: &'a [Hop<'a>],
    #[serde(skip_serializing_if = "Option::is_none")]
    denied_hop: Option<usize>,
    explain: &'a Explanation<'a>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    fact_mismatches: &'a [FactMismatch],
}

pub fn json_result<'a>(file: &'a str, result: &'a RequestResult<'a>) -> JsonResult<'a> {
    JsonResult {
        file,
        index: result.index,
        name: result.name,
        decision: result.decision,
        expect: result.expect,
        ok: result.ok,
        same_account: result.same_account,
        hops: &result.hops,
        denied_hop: result.denied_hop,
        explain: &result.explanation,
        fact_mismatches: &result.fact_mismatches,
    }
}

#[derive(Serialize, Default, Clone, Copy)]
struct Summary {
    passed: usize,
    failed: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    results: Vec<JsonResult<'a>>,
    /// Lesson files and gallery indexes given to `check` (present only when there were some).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    files: Vec<lessons::FileReport>,
    summary: Summary,
}

/// A loaded file with its results.
struct Checked<'s> {
    source: &'s Source,
    scenario: &'s Scenario,
    results: Vec<RequestResult<'s>>,
}

/// How the CLI loads scenarios: AWS managed policy ARNs come from the snapshot built into the binary.
pub fn load_options() -> LoadOptions<'static> {
    match ManagedPolicies::embedded() {
        Ok(set) => LoadOptions::with_managed_policies(set),
        Err(_) => LoadOptions::default(),
    }
}

/// Reads and loads every file; diagnostics go to `outcome.stderr`. `None` for a file that is invalid.
pub fn load_all(
    files: &[String],
    reader: &mut Reader,
    style: Style,
    outcome: &mut Outcome,
) -> Vec<(Source, Option<Scenario>)> {
    files
        .iter()
        .map(|path| match reader.read(path) {
            Ok(source) => {
                let loaded = load_scenario_with(&source.text, &load_options());
                for diagnostic in &loaded.diagnostics {
                    diagnostics::render(
                        &mut outcome.stderr,
                        &source.name,
                        &source.text,
                        diagnostic,
                        style,
                    );
                }
                if loaded.scenario.is_none() {
                    outcome.code = EXIT_INVALID;
                }
                (source, loaded.scenario)
            }
            Err(message) => {
                let _ = writeln!(outcome.stderr, "{message}");
                outcome.code = EXIT_INVALID;
                (
                    Source {
                        name: path.clone(),
                        text: String::new(),
                    },
                    None,
                )
            }
        })
        .collect()
}

pub fn run(args: &CheckArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    // Lesson files and indexes are checked on their own; everything else is read as a scenario.
    let mut scenario_files = Vec::new();
    let mut others = Vec::new();
    for path in &args.files {
        match reader.read(path) {
            Ok(source) => match lessons::kind_of(&source.text) {
                FileKind::Scenario => scenario_files.push(path.clone()),
                FileKind::Lesson => others.push(lessons::check_lesson(
                    &source,
                    reader,
                    styles.err,
                    &mut outcome.stderr,
                )),
                FileKind::Index => {
                    others.push(lessons::check_index(&source, reader, &mut outcome.stderr));
                }
            },
            // load_all reports it.
            Err(_) => scenario_files.push(path.clone()),
        }
    }
    let files_failed = others.iter().any(|checked| !checked.report.ok);
    if others.iter().any(|checked| checked.invalid) {
        outcome.code = EXIT_INVALID;
    }
    let files: Vec<lessons::FileReport> =
        others.into_iter().map(|checked| checked.report).collect();
    let loaded = load_all(&scenario_files, reader, styles.err, &mut outcome);
    // The full explanation: JSON carries it, and `expectFacts` such as `deniedBy: trust` read the kinds of the
    // explained policies.
    let options = CheckOptions::default();
    let checked: Vec<Checked<'_>> = loaded
        .iter()
        .filter_map(|(source, scenario)| {
            scenario.as_ref().map(|scenario| Checked {
                source,
                scenario,
                results: check_scenario_with(scenario, &options),
            })
        })
        .collect();

    let mut summary = Summary::default();
    for result in checked.iter().flat_map(|checked| &checked.results) {
        summary.total += 1;
        if result.ok {
            summary.passed += 1;
        } else {
            summary.failed += 1;
        }
    }
    match args.format {
        Format::Json => {
            let results = checked
                .iter()
                .flat_map(|checked| {
                    checked
                        .results
                        .iter()
                        .map(|result| json_result(&checked.source.name, result))
                })
                .collect();
            let output = JsonOutput {
                results,
                files,
                summary,
            };
            match serde_json::to_string_pretty(&output) {
                Ok(json) => {
                    outcome.stdout = json;
                    outcome.stdout.push('\n');
                }
                Err(error) => {
                    let _ = writeln!(outcome.stderr, "iamplay: error: cannot write JSON: {error}");
                    outcome.code = EXIT_INVALID;
                }
            }
        }
        Format::Text if checked.is_empty() && files.is_empty() => {}
        Format::Text => {
            for checked in &checked {
                table(&mut outcome.stdout, checked, styles.out);
            }
            for report in &files {
                lessons::text_line(&mut outcome.stdout, report, styles.out);
            }
            let style = styles.out;
            let failed = if summary.failed > 0 {
                style.red(&format!("{} failed", summary.failed))
            } else {
                format!("{} failed", summary.failed)
            };
            let _ = writeln!(
                outcome.stdout,
                "{}: {} passed, {failed}, {} total",
                style.bold("summary"),
                summary.passed,
                summary.total
            );
        }
    }
    if outcome.code != EXIT_INVALID {
        outcome.code = if summary.failed > 0 || files_failed {
            EXIT_FAILED
        } else {
            EXIT_OK
        };
    }
    outcome
}

/// The cell texts of one row, before padding.
struct Row {
    index: String,
    request: String,
    decision: String,
    expect: String,
    ok: bool,
    account: String,
    decisive: String,
    details: Vec<String>,
    decision_value: Decision,
}

fn table(out: &mut String, checked: &Checked<'_>, style: Style) {
    let source = checked.source;
    let title = checked
        .scenario
        .name
        .as_ref()
        .map(|name| format!("{}: {}", source.name, name.value))
        .unwrap_or_else(|| source.name.clone());
    let _ = writeln!(out, "{}", style.bold(&title));
    let rows: Vec<Row> = checked
        .results
        .iter()
        .map(|result| row(checked, result))
        .collect();
    let headers = [
        "#",
        "request",
        "decision",
        "expect",
        "",
        "account",
        "decisive statement",
    ];
    let width = |header: &str, cell: &dyn Fn(&Row) -> usize| {
        rows.iter()
            .map(cell)
            .chain([header.chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths = [
        width(headers[0], &|r| r.index.chars().count()),
        width(headers[1], &|r| r.request.chars().count()),
        width(headers[2], &|r| r.decision.chars().count()),
        width(headers[3], &|r| r.expect.chars().count()),
        1,
        width(headers[5], &|r| r.account.chars().count()),
    ];
    let header_line: Vec<String> = headers
        .iter()
        .zip(widths.iter().chain([&0]))
        .map(|(header, width)| pad(header, *width))
        .collect();
    let _ = writeln!(out, "  {}", style.dim(header_line.join("  ").trim_end()));
    for row in &rows {
        let [w_index, w_request, w_decision, w_expect, _, w_account] = widths;
        let mark = if row.ok {
            style.green("✓")
        } else {
            style.red("✗")
        };
        let line = format!(
            "  {:>w_index$}  {}  {}  {}  {mark}  {}  {}",
            row.index,
            pad(&row.request, w_request),
            describe::paint_decision(style, row.decision_value, &pad(&row.decision, w_decision)),
            pad(&row.expect, w_expect),
            pad(&row.account, w_account),
            row.decisive,
        );
        let _ = writeln!(out, "{}", line.trim_end());
        let indent = " ".repeat(w_index + 4);
        for detail in &row.details {
            let _ = writeln!(out, "{indent}{}", style.dim(detail));
        }
    }
    let passed = checked.results.iter().filter(|r| r.ok).count();
    let _ = writeln!(
        out,
        "  {passed} passed, {} failed\n",
        checked.results.len() - passed
    );
}

fn row(checked: &Checked<'_>, result: &RequestResult<'_>) -> Row {
    let text = &checked.source.text;
    let request = checked.scenario.requests.get(result.index);
    let label = match (result.name, request) {
        (Some(name), _) => name.to_string(),
        (None, Some(request)) => format!("{} {}", request.action.value, request.resource.value),
        (None, None) => String::new(),
    };
    let explanation = &result.explanation;
    // The statement a reader looks for: the identity or resource policy's, before SCP allows that only let
    // it through.
    let shown = explanation
        .decisive
        .iter()
        .find(|statement| {
            matches!(
                statement.policy_type,
                PolicyType::Identity | PolicyType::Resource
            )
        })
        .or(explanation.decisive.first());
    let decisive = match (shown, result.decision) {
        (Some(first), _) => {
            let more = explanation.decisive.len() - 1;
            let mut text = describe::statement(text, first);
            if more > 0 {
                text.push_str(&format!(" +{more} more"));
            }
            text
        }
        (None, Decision::ImplicitDeny) => {
            let missing = denied_by(explanation);
            if missing.is_empty() {
                "no Allow applies".to_string()
            } else {
                format!("no Allow in: {}", missing.join(", "))
            }
        }
        (None, _) => String::new(),
    };
    let mut details = Vec::new();
    for hop in &result.hops {
        let mut line = format!(
            "hop {}: {} {} {} → {} ({})",
            hop.index,
            short(&hop.caller),
            hop.action,
            short(&hop.role_arn),
            describe::decision(hop.decision),
            describe::account_long(match hop.account_relation {
                iamplay_core::explain::AccountRelation::SameAccount => Some(true),
                iamplay_core::explain::AccountRelation::CrossAccount => Some(false),
                iamplay_core::explain::AccountRelation::NoCallerAccount => None,
            })
        );
        if let Some(credentials) = &hop.credentials {
            line.push_str(&format!(
                ", credentials {} for {}s",
                credentials.session_arn, credentials.duration_seconds
            ));
        }
        details.push(line);
    }
    if let Some(hop) = result.denied_hop {
        details.push(format!("denied at hop {hop}: the action was not evaluated"));
    }
    for mismatch in &result.fact_mismatches {
        details.push(format!(
            "fact {}: expected {}, got {}",
            mismatch.fact, mismatch.expected, mismatch.actual
        ));
    }
    Row {
        index: result.index.to_string(),
        request: label,
        decision: describe::decision(result.decision).to_string(),
        expect: result.expect.map_or("-", describe::decision).to_string(),
        ok: result.ok,
        account: describe::account(result.same_account).to_string(),
        decisive,
        details,
        decision_value: result.decision,
    }
}

/// What follows the fifth colon of an ARN (`user/john`), else the text.
pub fn short(arn: &str) -> &str {
    if arn.starts_with("arn:") {
        arn.splitn(6, ':').nth(5).unwrap_or(arn)
    } else {
        arn
    }
}
