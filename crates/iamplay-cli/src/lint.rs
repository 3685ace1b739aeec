//! `iamplay lint`: the core's lint findings for scenario files or bare policy documents, with the embedded
//! action catalog; `--list` prints the checks.

use crate::check::load_options;
use crate::describe::pad;
use crate::diagnostics::{self, severity_label};
use crate::input::Reader;
use crate::style::Styles;
use crate::{Format, LintArgs, Outcome, PolicyKindArg, EXIT_FAILED, EXIT_INVALID, EXIT_OK};
use iamplay_core::catalog::Catalog;
use iamplay_core::diagnostic::{Diagnostic, Severity};
use iamplay_core::lint::{checks, lint_policy, lint_scenario_text_with, LintOptions};
use iamplay_core::policy::PolicyKind;
use serde::Serialize;
use std::fmt::Write as _;

fn policy_kind(kind: PolicyKindArg) -> PolicyKind {
    match kind {
        PolicyKindArg::Identity => PolicyKind::Identity,
        PolicyKindArg::Resource => PolicyKind::Resource,
        PolicyKindArg::Trust => PolicyKind::Trust,
        PolicyKindArg::Boundary => PolicyKind::Boundary,
        PolicyKindArg::Session => PolicyKind::Session,
        PolicyKindArg::Scp => PolicyKind::Scp,
        PolicyKindArg::Rcp => PolicyKind::Rcp,
    }
}

/// Lint findings have `L` codes; anything else (`E01xx` JSON, `E02xx` policy, `E05xx` scenario) is the input
/// failing to parse.
fn is_finding(diagnostic: &Diagnostic) -> bool {
    diagnostic.code.starts_with('L')
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonFinding<'a> {
    file: &'a str,
    #[serde(flatten)]
    diagnostic: &'a Diagnostic,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct JsonSummary {
    errors: usize,
    security_warnings: usize,
    warnings: usize,
    suggestions: usize,
    invalid_files: usize,
}

#[derive(Serialize)]
struct JsonOutput<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

pub fn run(args: &LintArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    if args.list {
        list(&mut outcome, args.format);
        return outcome;
    }
    let catalog = match Catalog::embedded() {
        Ok(catalog) => Some(catalog),
        Err(_) => {
            let _ = writeln!(
                outcome.stderr,
                "iamplay: warning: the embedded action catalog does not load; catalog checks are skipped"
            );
            None
        }
    };
    let options = LintOptions {
        disabled: args
            .disable
            .iter()
            .map(|code| code.trim().to_string())
            .collect(),
        catalog,
        attachment: None,
        // A policy file that is an AWS managed policy's document is not measured against the size quotas.
        managed_policies: iamplay_core::managed::ManagedPolicies::embedded().ok(),
    };
    let unknown = options.unknown_disabled_codes();
    if !unknown.is_empty() {
        for code in unknown {
            let _ = writeln!(
                outcome.stderr,
                "iamplay: error: `{code}` in --disable is not a lint code (see `iamplay lint --list`)"
            );
        }
        outcome.code = EXIT_INVALID;
        return outcome;
    }

    let mut sources = Vec::new();
    let mut invalid = 0usize;
    for path in &args.files {
        match reader.read(path) {
            Ok(source) => {
                let diagnostics = match args.kind {
                    Some(kind) => lint_policy(&source.text, policy_kind(kind), &options),
                    None => lint_scenario_text_with(&source.text, &options, &load_options()),
                };
                sources.push((source, diagnostics));
            }
            Err(message) => {
                let _ = writeln!(outcome.stderr, "{message}");
                invalid += 1;
            }
        }
    }

    let mut summary = JsonSummary::default();
    for (_, diagnostics) in &sources {
        if diagnostics.iter().any(|d| !is_finding(d) && d.is_error()) {
            invalid += 1;
        }
        for diagnostic in diagnostics.iter().filter(|d| is_finding(d)) {
            match diagnostic.severity {
                Severity::Error => summary.errors += 1,
                Severity::SecurityWarning => summary.security_warnings += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Suggestion => summary.suggestions += 1,
            }
        }
    }
    summary.invalid_files = invalid;

    match args.format {
        Format::Json => {
            let findings = sources
                .iter()
                .flat_map(|(source, diagnostics)| {
                    diagnostics.iter().map(|diagnostic| JsonFinding {
                        file: &source.name,
                        diagnostic,
                    })
                })
                .collect();
            let failed = summary.errors + summary.security_warnings + summary.warnings;
            let output = JsonOutput { findings, summary };
            match serde_json::to_string_pretty(&output) {
                Ok(json) => {
                    outcome.stdout = json;
                    outcome.stdout.push('\n');
                }
                Err(error) => {
                    let _ = writeln!(outcome.stderr, "iamplay: error: cannot write JSON: {error}");
                    invalid += 1;
                }
            }
            outcome.code = exit_code(invalid, failed);
        }
        Format::Text => {
            for (source, diagnostics) in &sources {
                for diagnostic in diagnostics {
                    // Parse errors are invalid input and go to standard error, like `check`'s.
                    let (out, style) = if is_finding(diagnostic) {
                        (&mut outcome.stdout, styles.out)
                    } else {
                        (&mut outcome.stderr, styles.err)
                    };
                    diagnostics::render(out, &source.name, &source.text, diagnostic, style);
                    out.push('\n');
                }
            }
            let failed = summary.errors + summary.security_warnings + summary.warnings;
            let files = sources.len();
            let _ = writeln!(
                outcome.stdout,
                "{}: {} error{}, {} security warning{}, {} warning{}, {} suggestion{} in {files} file{}",
                styles.out.bold("lint"),
                summary.errors,
                plural(summary.errors),
                summary.security_warnings,
                plural(summary.security_warnings),
                summary.warnings,
                plural(summary.warnings),
                summary.suggestions,
                plural(summary.suggestions),
                plural(files)
            );
            outcome.code = exit_code(invalid, failed);
        }
    }
    outcome
}

fn exit_code(invalid: usize, failed: usize) -> u8 {
    if invalid > 0 {
        EXIT_INVALID
    } else if failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn list(outcome: &mut Outcome, format: Format) {
    match format {
        Format::Json => match serde_json::to_string_pretty(checks()) {
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
            let name_width = checks().iter().map(|c| c.name.len()).max().unwrap_or(0);
            for check in checks() {
                let mut line = format!(
                    "{}  {}  {}  {}",
                    check.code,
                    pad(severity_label(check.severity), 16),
                    pad(check.name, name_width),
                    check.summary
                );
                if check.needs_catalog {
                    line.push_str(" (action catalog)");
                }
                let _ = writeln!(outcome.stdout, "{line}");
            }
        }
    }
}
