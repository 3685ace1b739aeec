//! `iamplay import`: AWS CLI outputs → a scenario on standard output, and the report (what was taken, what was
//! skipped and why) on standard error. The core's `import` module decides everything; this reads the files
//! and renders its report.

use crate::diagnostics;
use crate::input::Reader;
use crate::style::{Style, Styles};
use crate::{Format, ImportArgs, LevelArg, Outcome, EXIT_INVALID, EXIT_OK};
use iamplay_core::import::{
    import_aws_with, ImportInput, ImportOptions, InputFormat, InputReport, OrgLevel, TakenKind,
};
use iamplay_core::managed::{ManagedPolicies, ManagedPolicySource};
use serde::Serialize;
use std::fmt::Write as _;

#[derive(Serialize)]
struct JsonReport<'a> {
    inputs: &'a [InputReport],
    problems: &'a [iamplay_core::diagnostic::Diagnostic],
    #[serde(rename = "intoErrors")]
    into_errors: &'a [iamplay_core::diagnostic::Diagnostic],
}

pub fn run(args: &ImportArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let mut inputs = Vec::new();
    let mut unreadable = false;
    for path in &args.files {
        match reader.read(path) {
            Ok(source) => inputs.push(ImportInput {
                name: source.name,
                text: source.text,
            }),
            Err(message) => {
                let _ = writeln!(outcome.stderr, "{message}");
                unreadable = true;
            }
        }
    }
    let into = match &args.into {
        Some(path) => match reader.read(path) {
            Ok(source) => Some(source),
            Err(message) => {
                let _ = writeln!(outcome.stderr, "{message}");
                outcome.code = EXIT_INVALID;
                return outcome;
            }
        },
        None => None,
    };
    if unreadable {
        outcome.code = EXIT_INVALID;
        return outcome;
    }
    let options = ImportOptions {
        into: into.as_ref().map(|source| source.text.clone()),
        resource: args.resource.clone(),
        attach_to: args.attach_to.clone(),
        level: args.level.map(|level| match level {
            LevelArg::Root => OrgLevel::Root,
            LevelArg::Ou => OrgLevel::Ou,
            LevelArg::Account => OrgLevel::Account,
        }),
        account: args.account.clone(),
    };
    // AWS managed ARNs are checked against the snapshot `iamplay check` loads with.
    let managed = ManagedPolicies::embedded().ok();
    let result = import_aws_with(
        &inputs,
        &options,
        managed.map(|set| set as &dyn ManagedPolicySource),
    );
    let scenario_text = result.scenario.clone().unwrap_or_default();
    match args.format {
        Format::Json => {
            let report = JsonReport {
                inputs: &result.inputs,
                problems: &result.problems,
                into_errors: &result.into_errors,
            };
            match serde_json::to_string_pretty(&report) {
                Ok(json) => {
                    let _ = writeln!(outcome.stderr, "{json}");
                }
                Err(error) => {
                    let _ = writeln!(
                        outcome.stderr,
                        "iamplay: error: cannot write the report: {error}"
                    );
                }
            }
        }
        Format::Text => {
            let style = styles.err;
            let into_name = into
                .as_ref()
                .map_or("<options>", |source| source.name.as_str());
            let into_text = into.as_ref().map_or("", |source| source.text.as_str());
            for error in &result.into_errors {
                let name = if error.span.is_some() {
                    into_name
                } else {
                    "<options>"
                };
                diagnostics::render(&mut outcome.stderr, name, into_text, error, style);
            }
            for (report, input) in result.inputs.iter().zip(&inputs) {
                summary(&mut outcome.stderr, report, style);
                for diagnostic in report.errors.iter().chain(&report.skipped) {
                    diagnostics::render(
                        &mut outcome.stderr,
                        &input.name,
                        &input.text,
                        diagnostic,
                        style,
                    );
                }
            }
            for problem in &result.problems {
                diagnostics::render(
                    &mut outcome.stderr,
                    "<imported scenario>",
                    &scenario_text,
                    problem,
                    style,
                );
            }
        }
    }
    // A scenario the loader rejects is still written (the problems above say what to fix by hand); one built
    // without an input or an option the user gave is not.
    let unread = !result.into_errors.is_empty()
        || result.inputs.iter().any(|input| !input.errors.is_empty());
    if !unread {
        outcome.stdout = scenario_text;
    }
    outcome.code = if result.has_errors() {
        EXIT_INVALID
    } else {
        EXIT_OK
    };
    outcome
}

fn format_name(format: InputFormat) -> &'static str {
    match format {
        InputFormat::AccountAuthorizationDetails => "aws iam get-account-authorization-details",
        InputFormat::GetRole => "aws iam get-role",
        InputFormat::GetPolicyVersion => "aws iam get-policy-version",
        InputFormat::DescribePolicy => "aws organizations describe-policy",
        InputFormat::S3BucketPolicy => "aws s3api get-bucket-policy",
        InputFormat::SqsQueueAttributes => "aws sqs get-queue-attributes",
        InputFormat::SnsTopicAttributes => "aws sns get-topic-attributes",
        InputFormat::LambdaPolicy => "aws lambda get-policy",
        InputFormat::KmsKeyPolicy => "aws kms get-key-policy",
        InputFormat::EcrRepositoryPolicy => "aws ecr get-repository-policy",
        InputFormat::SecretsManagerResourcePolicy => "aws secretsmanager get-resource-policy",
        InputFormat::PolicyDocument => "a policy document",
    }
}

/// `prod.json: aws iam get-account-authorization-details (account 111122223333): took 4 users, 3 groups,
/// 3 roles (1 service-linked); skipped 2`.
fn summary(out: &mut String, report: &InputReport, style: Style) {
    let Some(format) = report.format else {
        return;
    };
    let mut counts: Vec<String> = Vec::new();
    for (kind, one, many) in [
        (TakenKind::User, "user", "users"),
        (TakenKind::Group, "group", "groups"),
        (TakenKind::Role, "role", "roles"),
        (TakenKind::Resource, "resource policy", "resource policies"),
        (TakenKind::Scp, "SCP attachment", "SCP attachments"),
        (TakenKind::Rcp, "RCP attachment", "RCP attachments"),
        (TakenKind::Policy, "policy", "policies"),
    ] {
        let count = report
            .taken
            .iter()
            .filter(|taken| taken.kind == kind)
            .count();
        if count > 0 {
            counts.push(format!("{count} {}", if count == 1 { one } else { many }));
        }
    }
    let service_linked = report
        .taken
        .iter()
        .filter(|taken| taken.service_linked)
        .count();
    let replaced = report.taken.iter().filter(|taken| taken.replaced).count();
    let mut line = format!("{}: {}", style.bold(&report.name), format_name(format));
    if !report.accounts.is_empty() {
        let label = if report.accounts.len() == 1 {
            "account"
        } else {
            "accounts"
        };
        let _ = write!(line, " ({label} {})", report.accounts.join(", "));
    }
    let took = if counts.is_empty() {
        "nothing".to_string()
    } else {
        counts.join(", ")
    };
    let _ = write!(line, ": took {took}");
    if service_linked > 0 {
        let _ = write!(line, " ({service_linked} service-linked)");
    }
    if replaced > 0 {
        let _ = write!(line, "; {replaced} replaced or updated an existing entry");
    }
    let skipped = report.skipped.len();
    if skipped > 0 {
        let _ = write!(
            line,
            "; {}",
            style.yellow(&format!("{skipped} skipped or assumed (below)"))
        );
    }
    let _ = writeln!(out, "{line}");
}
