//! `iamplay explain --fixes`, `iamplay diff` and `iamplay tighten`: the core's `analysis::fixes`, `diff` and
//! `tighten` answers as text or JSON. The CLI only reads files and renders; every edit is found and verified
//! by the core.

use crate::check::load_all;
use crate::input::Reader;
use crate::style::Styles;
use crate::{DiffArgs, Format, Outcome, Side, TightenArgs, EXIT_FAILED, EXIT_INVALID};
use iamplay_core::analysis::diff::{diff, ChangeSource, ChangedCell};
use iamplay_core::analysis::fixes::{suggest_fixes_with, FixGoal, FixReport};
use iamplay_core::analysis::tighten::{tighten_requests, TightenOptions, TightenSide};
use iamplay_core::explain::Decision;
use iamplay_core::policy::model::Effect;
use serde::Serialize;
use std::fmt::Write as _;

fn write_json<T: Serialize>(outcome: &mut Outcome, value: &T) {
    match serde_json::to_string_pretty(value) {
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

fn word(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}

fn changed_line(out: &mut String, mark: &str, changed: &ChangedCell) {
    let conditional = |decision: Decision, conditional: bool| {
        if conditional {
            format!("{} if conditions hold", word(decision))
        } else {
            word(decision).to_string()
        }
    };
    let mut line = format!(
        "  {mark} {}  ({} → {})",
        changed.cell.label(),
        conditional(changed.before, changed.before_conditional),
        conditional(changed.after, changed.after_conditional)
    );
    if changed.source == ChangeSource::WhoCan {
        line.push_str("  [who-can]");
    }
    if let Some(from) = &changed.chain_from {
        let _ = write!(line, "  via {from} → {}", changed.chain.join(" → "));
    }
    let _ = writeln!(out, "{line}");
    for condition in &changed.conditions {
        let _ = writeln!(
            out,
            "        {} {} {} {}",
            if condition.effect == Effect::Allow {
                "when"
            } else {
                "unless"
            },
            condition.key,
            condition.operator,
            condition.values.join(", ")
        );
    }
}

/// `explain FILE --request N --fixes`.
pub fn run_fixes(name: &str, text: &str, index: usize, format: Format, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let report = match suggest_fixes_with(text, index, &crate::check::load_options()) {
        Ok(report) => report,
        Err(errors) => {
            for error in &errors {
                crate::diagnostics::render(&mut outcome.stderr, name, text, error, styles.err);
            }
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    };
    match format {
        Format::Json => write_json(&mut outcome, &report),
        Format::Text => fixes_text(&mut outcome.stdout, name, index, &report, styles),
    }
    outcome
}

fn fixes_text(out: &mut String, name: &str, index: usize, report: &FixReport, styles: &Styles) {
    let style = styles.out;
    let goal = match report.goal {
        FixGoal::Allow => "allow it",
        FixGoal::Deny => "deny it",
    };
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "{name}: request {index} is {}; what would {goal}:",
            word(report.decision)
        ))
    );
    if report.fixes.is_empty() {
        let _ = writeln!(out, "  no verified edit found");
        return;
    }
    for (number, fix) in report.fixes.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {}", number + 1, fix.summary);
        let _ = writeln!(
            out,
            "   verified: the request becomes {}; {} other cell{} change{}",
            word(fix.decision),
            fix.flips.len(),
            if fix.flips.len() == 1 { "" } else { "s" },
            if fix.flips.len() == 1 { "s" } else { "" },
        );
        for flip in &fix.flips {
            changed_line(out, "   ", flip);
        }
        let patch = serde_json::to_string(&fix.patch).unwrap_or_default();
        let _ = writeln!(out, "   patch: {patch}");
    }
}

/// `diff BEFORE AFTER`: exit 1 when any access opened.
pub fn run_diff(args: &DiffArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let files = [args.before.clone(), args.after.clone()];
    let loaded = load_all(&files, reader, styles.err, &mut outcome);
    let (Some((before_source, Some(before))), Some((after_source, Some(after)))) =
        (loaded.first(), loaded.get(1))
    else {
        outcome.code = EXIT_INVALID;
        return outcome;
    };
    let change = diff(before, after);
    match args.format {
        Format::Json => write_json(&mut outcome, &change),
        Format::Text => {
            let out = &mut outcome.stdout;
            let _ = writeln!(
                out,
                "{}",
                styles.out.bold(&format!(
                    "{} → {}: {} opened, {} closed, {} changed",
                    before_source.name,
                    after_source.name,
                    change.opened.len(),
                    change.closed.len(),
                    change.changed.len()
                ))
            );
            for changed in &change.opened {
                changed_line(out, &styles.out.red("+ opened "), changed);
            }
            for changed in &change.closed {
                changed_line(out, &styles.out.green("- closed "), changed);
            }
            for changed in &change.changed {
                changed_line(out, "~ changed", changed);
            }
            if change.who_can_skipped > 0 {
                let _ = writeln!(
                    out,
                    "note: who-can asked {} of {} questions about the resources (its work bound); the others were not compared",
                    change.who_can_asked,
                    change.who_can_asked + change.who_can_skipped
                );
            }
        }
    }
    if outcome.code == 0 && !change.opened.is_empty() {
        outcome.code = EXIT_FAILED;
    }
    outcome
}

/// `tighten FILE --allow N,... [--deny N,...]`.
pub fn run_tighten(args: &TightenArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let loaded = load_all(
        std::slice::from_ref(&args.file),
        reader,
        styles.err,
        &mut outcome,
    );
    let Some((source, Some(_))) = loaded.first() else {
        outcome.code = EXIT_INVALID;
        return outcome;
    };
    let side = match args.side {
        Side::Identity => TightenSide::Identity,
        Side::Resource => TightenSide::Resource,
    };
    let result = match tighten_requests(
        &source.text,
        &args.allow,
        &args.deny,
        &crate::check::load_options(),
        &TightenOptions { side },
    ) {
        Ok(result) => result,
        Err(errors) => {
            for error in &errors {
                crate::diagnostics::render(
                    &mut outcome.stderr,
                    &source.name,
                    &source.text,
                    error,
                    styles.err,
                );
            }
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    };
    match args.format {
        Format::Json => write_json(&mut outcome, &result),
        Format::Text => {
            let out = &mut outcome.stdout;
            for policy in &result.resource_policies {
                let _ = writeln!(
                    out,
                    "{}",
                    styles.out.bold(&format!(
                        "least-privilege resource policy for {}{}:",
                        policy.resource,
                        if policy.created {
                            " (a new resource entry)"
                        } else {
                            ""
                        }
                    ))
                );
                out.push_str(&policy.document.to_text());
                for finding in &policy.lint {
                    let _ = writeln!(out, "  lint {}: {}", finding.code, finding.message);
                }
            }
            for policy in &result.policies {
                let heading = if policy.replaces {
                    format!("least-privilege policy for {}:", policy.principal)
                } else {
                    format!(
                        "identity policy added for {} (beside its own):",
                        policy.principal
                    )
                };
                let _ = writeln!(out, "{}", styles.out.bold(&heading));
                out.push_str(&policy.document.to_text());
                for finding in &policy.lint {
                    let _ = writeln!(out, "  lint {}: {}", finding.code, finding.message);
                }
            }
            for note in &result.notes {
                let call = if note.principal.is_empty() {
                    String::new()
                } else {
                    format!(
                        "{} ",
                        iamplay_core::analysis::cells::AccessCell {
                            principal: note.principal.clone(),
                            assume: Vec::new(),
                            action: note.action.clone(),
                            resource: note.resource.clone(),
                            context: Default::default(),
                            session_policy: false,
                            vpc_endpoint: None,
                        }
                        .label()
                    )
                };
                let _ = writeln!(out, "note {}: {call}— {}", note.code, note.message);
            }
            for edit in &result.extra_edits {
                let _ = writeln!(out, "also: {edit}");
            }
            let _ = writeln!(
                out,
                "verified: {}",
                if result.verified {
                    "every wanted request is allowed, nothing else opened".to_string()
                } else {
                    format!(
                        "NO (still denied: {:?}; must stay denied but allowed: {:?}; opened beyond the wanted calls: {})",
                        result.unsatisfied,
                        result.still_allowed,
                        result.opened_outside.len()
                    )
                }
            );
            for changed in &result.closed {
                changed_line(out, "- closed", changed);
            }
            let patch = serde_json::to_string(&result.patch).unwrap_or_default();
            let _ = writeln!(out, "patch: {patch}");
        }
    }
    if outcome.code == 0 && !result.verified {
        outcome.code = EXIT_FAILED;
    }
    outcome
}
