//! `iamplay who-can`, `what-can` and `access`: the core's account-scale analyses (`iamplay_core::analysis`) as
//! tables or JSON.

use crate::check::load_all;
use crate::describe::pad;
use crate::input::Reader;
use crate::style::Styles;
use crate::{Format, Outcome, EXIT_INVALID};
use clap::Args;
use iamplay_core::analysis::access::{analyze_scenario, Access, AccessOptions};
use iamplay_core::analysis::conditional::AnswerCondition;
use iamplay_core::analysis::what_can::what_can;
use iamplay_core::analysis::who_can::who_can;
use iamplay_core::catalog::Catalog;
use iamplay_core::context::{ContextValue, RequestContext};
use iamplay_core::explain::Decision;
use iamplay_core::policy::model::Effect;
use iamplay_core::scenario::Scenario;
use serde::Serialize;
use std::fmt::Write as _;

pub const WHO_CAN_AFTER_HELP: &str = "\
Examples:
  iamplay who-can account.json --action s3:GetObject --resource arn:aws:s3:::data/report.csv
  iamplay who-can account.json --action s3:GetObject --resource arn:aws:s3:::data/x --context aws:SourceIp=203.0.113.9
  iamplay who-can --format json account.json --action sts:AssumeRole --resource arn:aws:iam::111111111111:role/admin

Rows: every user (with its groups), every role (as a session, with the assume-role chain that reaches it), the
root user of every account, principals, services and identity providers named in trust and resource policies,
anonymous, and \"any principal of another account\". A context key the policies read but --context does not
fix is not assumed missing: the row is marked conditional (`if`) with the clauses that decide.

JSON output:
  {\"action\", \"resource\", \"openKeys\": [...], \"principals\": [{\"principal\", \"arn\", \"kind\", \"account\",
   \"decision\": \"Allow\"|\"ExplicitDeny\"|\"ImplicitDeny\", \"decisive\": [...], \"conditional\", \"conditions\": [...],
   \"allowedWith\": {...}, \"chain\": [role ARNs], \"chainFrom\", \"groups\"}]}

Exit status: 0, or 2 on invalid input.";

pub const WHAT_CAN_AFTER_HELP: &str = "\
Examples:
  iamplay what-can account.json --principal arn:aws:iam::111111111111:user/ana
  iamplay what-can account.json --principal arn:aws:iam::111111111111:role/app --service s3
  iamplay what-can --format json account.json --principal arn:aws:iam::111111111111:user/ana

Over the whole AWS action catalog: per service, the console's access level summary (\"Full access\",
\"Full: List, Read Limited: Write\", \"Limited: Read\", \"None\") and the allowed actions with the resources the
policies name; `if` marks actions allowed only under conditions.

JSON output:
  {\"principal\", \"services\": [{\"service\", \"name\", \"summary\", \"allowed\", \"total\",
   \"actions\": [{\"action\", \"decision\", \"resources\", \"conditional\", \"conditions\", \"accessLevels\"}]}],
   \"evaluated\", \"catalogActions\"}

Exit status: 0, or 2 on invalid input or an unknown principal.";

pub const ACCESS_AFTER_HELP: &str = "\
Examples:
  iamplay access account.json
  iamplay access account.json --resource arn:aws:s3:::data
  iamplay access --format json account.json

For every resource policy and role trust policy: public (anonymous callers or any account can get Allow),
external (only named accounts, organizations, services, identity providers or networks outside the owning
account can), or private, for every possible request: the policy's own principal patterns and condition
constants split every value into a few classes, and one request per class is evaluated. Each access found comes
with a witness request; a private answer with the reason.

JSON output:
  {\"resources\": [{\"resource\", \"kind\", \"owner\", \"policyId\", \"access\": \"public\"|\"external\"|\"private\",
   \"witnesses\": [{\"principal\", \"caller\", \"account\", \"action\", \"resource\", \"context\", \"statementIndex\",
   \"sid\", \"limits\", \"public\"}], \"reason\", \"complete\", \"evaluated\"}]}

Exit status: 0 when nothing is public, 1 when something is, 2 on invalid input.";

#[derive(Debug, Args)]
pub struct WhoCanArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The action, e.g. `s3:GetObject`.
    #[arg(long, short = 'a')]
    pub action: String,
    /// The resource ARN.
    #[arg(long, short = 'r', value_name = "ARN")]
    pub resource: String,
    /// A context key the request fixes, `KEY=VALUE` (repeat the key for a multivalued key).
    #[arg(long, short = 'c', value_name = "KEY=VALUE")]
    pub context: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct WhatCanArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The principal, as a request names it (user, role or root ARN, service, `anonymous`).
    #[arg(long, short = 'p', value_name = "ARN")]
    pub principal: String,
    /// Only this service prefix, e.g. `s3`.
    #[arg(long, short = 's', value_name = "PREFIX")]
    pub service: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct AccessArgs {
    /// A scenario file; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Only this resource or role ARN.
    #[arg(long, short = 'r', value_name = "ARN")]
    pub resource: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Loads the one scenario, or fills `outcome` with the errors.
fn load(
    file: &str,
    reader: &mut Reader,
    styles: &Styles,
    outcome: &mut Outcome,
) -> Option<Scenario> {
    let mut loaded = load_all(
        std::slice::from_ref(&file.to_string()),
        reader,
        styles.err,
        outcome,
    );
    match loaded.pop() {
        Some((_, Some(scenario))) => Some(scenario),
        _ => {
            outcome.code = EXIT_INVALID;
            None
        }
    }
}

fn write_json<T: Serialize>(value: &T, outcome: &mut Outcome) {
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

/// `KEY=VALUE` pairs; a key given twice becomes multivalued.
fn parse_context(pairs: &[String]) -> Result<RequestContext, String> {
    let mut context = RequestContext::new();
    for pair in pairs {
        let Some((key, value)) = pair.split_once('=').filter(|(key, _)| !key.is_empty()) else {
            return Err(format!(
                "iamplay: error: `{pair}` is not a context entry\n  help: write KEY=VALUE, e.g. aws:SourceIp=203.0.113.9"
            ));
        };
        let merged = match context.get(key) {
            Some(existing) => {
                let mut values = existing.values().to_vec();
                values.push(value.to_string());
                ContextValue::Multi(values)
            }
            None => ContextValue::Single(value.to_string()),
        };
        context.insert(key, merged);
    }
    Ok(context)
}

fn decision_word(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "ALLOW",
        Decision::ExplicitDeny => "DENY",
        Decision::ImplicitDeny => "deny",
    }
}

/// `aws:SourceIp IpAddress 203.0.113.0/24` (a `Deny` clause prefixed with `unless`).
fn condition_text(condition: &AnswerCondition) -> String {
    let operator = &condition.operator;
    let qualifier = match operator.qualifier {
        Some(qualifier) => format!("{qualifier:?}:"),
        None => String::new(),
    };
    let if_exists = if operator.if_exists { "IfExists" } else { "" };
    let operator = format!("{qualifier}{:?}{if_exists}", operator.base);
    let prefix = if condition.effect == Effect::Deny {
        "unless "
    } else {
        ""
    };
    format!(
        "{prefix}{} {operator} {}",
        condition.key,
        condition.values.join(",")
    )
}

pub fn run_who_can(args: &WhoCanArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let context = match parse_context(&args.context) {
        Ok(context) => context,
        Err(message) => {
            outcome.stderr = format!("{message}\n");
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    };
    let Some(scenario) = load(&args.file, reader, styles, &mut outcome) else {
        return outcome;
    };
    let answer = who_can(&scenario, &args.action, &args.resource, &context);
    if args.format == Format::Json {
        write_json(&answer, &mut outcome);
        return outcome;
    }
    let out = &mut outcome.stdout;
    let _ = writeln!(
        out,
        "{}",
        styles
            .out
            .bold(&format!("who can {} on {}", args.action, args.resource))
    );
    let width = answer
        .principals
        .iter()
        .map(|row| row.principal.chars().count())
        .max()
        .unwrap_or(0);
    for row in &answer.principals {
        let mut line = format!(
            "{}  {:<5}",
            pad(&row.principal, width),
            decision_word(row.decision)
        );
        if row.conditional {
            let conditions: Vec<String> = row.conditions.iter().map(condition_text).collect();
            let _ = write!(line, "  if {}", conditions.join(" and "));
        }
        if let Some(decisive) = row.decisive.first() {
            let _ = write!(
                line,
                "  {}#{}",
                decisive.policy_id, decisive.statement_index
            );
        }
        if !row.chain.is_empty() {
            let _ = write!(
                line,
                "  via {} → {}",
                row.chain_from.as_deref().unwrap_or("?"),
                row.chain.join(" → ")
            );
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if !answer.open_keys.is_empty() {
        let _ = writeln!(
            out,
            "open context keys (not fixed by --context): {}",
            answer.open_keys.join(", ")
        );
    }
    outcome
}

pub fn run_what_can(args: &WhatCanArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(scenario) = load(&args.file, reader, styles, &mut outcome) else {
        return outcome;
    };
    let catalog: &Catalog = match Catalog::embedded() {
        Ok(catalog) => catalog,
        Err(_) => {
            outcome.stderr = "iamplay: error: the built-in action catalog is broken\n".to_string();
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    };
    if let Some(service) = &args.service {
        if catalog.service(service).is_none() {
            outcome.stderr = format!(
                "iamplay: error: `{service}` is not a service prefix of the action catalog\n  help: use a prefix such as s3, ec2, iam\n"
            );
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    }
    let answer = match what_can(&scenario, &args.principal, catalog, args.service.as_deref()) {
        Ok(answer) => answer,
        Err(message) => {
            outcome.stderr = format!("iamplay: error: {message}\n");
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    };
    if args.format == Format::Json {
        write_json(&answer, &mut outcome);
        return outcome;
    }
    let out = &mut outcome.stdout;
    let _ = writeln!(
        out,
        "{}",
        styles.out.bold(&format!("what can {} do", args.principal))
    );
    if answer.services.is_empty() {
        let _ = writeln!(out, "nothing: no action of the catalog is allowed");
    }
    for service in &answer.services {
        let _ = writeln!(
            out,
            "{} ({}): {}  [{}/{} actions]",
            styles.out.bold(&service.service),
            service.name,
            service.summary,
            service.allowed,
            service.total
        );
        for action in &service.actions {
            let mut line = format!("  {}  on {}", action.action, action.resources.join(", "));
            if action.conditional {
                let conditions: Vec<String> =
                    action.conditions.iter().map(condition_text).collect();
                let _ = write!(line, "  if {}", conditions.join(" and "));
            }
            let _ = writeln!(out, "{line}");
        }
    }
    outcome
}

fn access_word(access: Access) -> &'static str {
    match access {
        Access::Public => "PUBLIC",
        Access::External => "external",
        Access::Private => "private",
    }
}

/// The JSON document of `iamplay access`.
#[derive(Serialize)]
struct AccessReport<'a> {
    resources: &'a [iamplay_core::analysis::access::ResourceAccess],
}

pub fn run_access(args: &AccessArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
    let mut outcome = Outcome::default();
    let Some(scenario) = load(&args.file, reader, styles, &mut outcome) else {
        return outcome;
    };
    let answers = analyze_scenario(
        &scenario,
        args.resource.as_deref(),
        &AccessOptions::default(),
    );
    if let Some(resource) = &args.resource {
        if answers.is_empty() {
            outcome.stderr = format!(
                "iamplay: error: `{resource}` is no resource with a policy and no role with a trust policy in the scenario\n"
            );
            outcome.code = EXIT_INVALID;
            return outcome;
        }
    }
    if answers.iter().any(|a| a.analysis.access == Access::Public) {
        outcome.code = crate::EXIT_FAILED;
    }
    if args.format == Format::Json {
        write_json(
            &AccessReport {
                resources: &answers,
            },
            &mut outcome,
        );
        return outcome;
    }
    let out = &mut outcome.stdout;
    for answer in &answers {
        let _ = writeln!(
            out,
            "{}  {}  ({}, {})",
            access_word(answer.analysis.access),
            styles.out.bold(&answer.resource),
            answer.kind,
            answer.policy_id
        );
        for witness in &answer.analysis.witnesses {
            let context: Vec<String> = witness
                .context
                .iter()
                .map(|(key, value)| format!("{key}={}", value.values().join(",")))
                .collect();
            let with = if context.is_empty() {
                String::new()
            } else {
                format!(" with {}", context.join(", "))
            };
            let _ = writeln!(
                out,
                "  {} {} can {} on {}{with}  (statement {}{})",
                if witness.public {
                    "public:"
                } else {
                    "external:"
                },
                witness.principal,
                witness.action,
                witness.resource,
                witness.statement_index,
                witness
                    .sid
                    .as_deref()
                    .map(|sid| format!(" {sid}"))
                    .unwrap_or_default()
            );
        }
        if let Some(reason) = &answer.analysis.reason {
            let _ = writeln!(out, "  {reason}");
        }
        if !answer.analysis.complete {
            let _ = writeln!(out, "  (incomplete: the evaluation bound was reached)");
        }
    }
    if answers.is_empty() {
        let _ = writeln!(out, "no resource policy or trust policy in the scenario");
    }
    outcome
}
