//! `iamplay explain`: one request in full — the decision, the decisive statements, every statement with why it
//! did or did not apply, conditions with the request's values, and the role-assumption hops with their
//! temporary credentials. All facts come from the core's `Explanation`.

use crate::check::{json_result, load_all, short};
use crate::describe::{self, pad};
use crate::diagnostics::line_column;
use crate::input::Reader;
use crate::style::{Style, Styles};
use crate::{ExplainArgs, Format, Outcome, EXIT_INVALID};
use iamplay_core::condition::{ClauseOutcome, MissingKeyRule};
use iamplay_core::eval::ResourcePolicyKind;
use iamplay_core::explain::{
    AccountRelation, ConditionExplanation, Explanation, PolicyExplanation, PrincipalMatch,
    PrincipalMatchKind, ResourceMatch, StatementExplanation,
};
use iamplay_core::managed::ManagedPolicies;
use iamplay_core::policy::model::PrincipalType;
use iamplay_core::scenario::{check_request, CheckOptions, Request, RequestResult, Scenario};
use iamplay_core::sts::Hop;
use std::fmt::Write as _;

pub fn run(args: &ExplainArgs, reader: &mut Reader, styles: &Styles) -> Outcome {
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
    let Some(request) = find_request(scenario, &args.request) else {
        let count = scenario.requests.len();
        let _ = writeln!(
            outcome.stderr,
            "{}: error: no request `{}`: the scenario has {count} request{} (0-based indices 0..{}, or a request's `name`)",
            source.name,
            args.request,
            if count == 1 { "" } else { "s" },
            count.saturating_sub(1)
        );
        outcome.code = EXIT_INVALID;
        return outcome;
    };
    if args.fixes {
        return crate::fixes::run_fixes(
            &source.name,
            &source.text,
            request.index,
            args.format,
            styles,
        );
    }
    let result = check_request(scenario, request, &CheckOptions::default());
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&json_result(&source.name, &result)) {
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
            let mut page = Page {
                out: String::new(),
                source: &source.text,
                style: styles.out,
            };
            page.request(&source.name, request, &result);
            outcome.stdout = page.out;
        }
    }
    outcome
}

/// By 0-based index, else by name.
fn find_request<'s>(scenario: &'s Scenario, wanted: &str) -> Option<&'s Request> {
    match wanted.trim().parse::<usize>() {
        Ok(index) => scenario.requests.get(index),
        Err(_) => scenario.requests.iter().find(|request| {
            request
                .name
                .as_ref()
                .is_some_and(|name| name.value == wanted)
        }),
    }
}

fn relation(relation: AccountRelation) -> Option<bool> {
    match relation {
        AccountRelation::SameAccount => Some(true),
        AccountRelation::CrossAccount => Some(false),
        AccountRelation::NoCallerAccount => None,
    }
}

struct Page<'a> {
    out: String,
    source: &'a str,
    style: Style,
}

impl Page<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn heading(&mut self, text: &str) {
        let heading = self.style.bold(text);
        self.line(&format!("\n{heading}"));
    }

    fn request(&mut self, file: &str, request: &Request, result: &RequestResult<'_>) {
        let style = self.style;
        let title = match result.name {
            Some(name) => format!("{file}: request {} \"{name}\"", result.index),
            None => format!("{file}: request {}", result.index),
        };
        self.line(&style.bold(&title));
        self.line(&format!("  principal  {}", request.principal.value));
        if !request.assume.is_empty() {
            let chain: Vec<&str> = request
                .assume
                .iter()
                .map(|hop| hop.role.value.as_str())
                .collect();
            self.line(&format!("  assume     {}", chain.join(" → ")));
        }
        self.line(&format!("  action     {}", request.action.value));
        self.line(&format!("  resource   {}", request.resource.value));
        if let Some(endpoint) = &request.vpc_endpoint {
            self.line(&format!("  endpoint   {}", endpoint.value));
        }
        if !request.context.is_empty() {
            let pairs: Vec<String> = request
                .context
                .iter()
                .map(|(key, value)| format!("{key}={}", value.values().join(",")))
                .collect();
            self.line(&format!("  context    {}", pairs.join("  ")));
        }
        if request.session_policy.is_some() {
            self.line("  session policy given");
        }

        let decision = describe::decision(result.decision);
        let mut verdict = format!(
            "{} {} ({})",
            style.bold("Decision:"),
            describe::paint_decision(style, result.decision, decision),
            describe::account_long(result.same_account)
        );
        if let Some(expect) = result.expect {
            let mark = if result.ok {
                style.green("✓")
            } else {
                style.red("✗")
            };
            verdict.push_str(&format!("   expect {} {mark}", describe::decision(expect)));
        }
        self.line("");
        self.line(&verdict);
        self.line(&format!("  {}", result.explanation.summary));
        for mismatch in &result.fact_mismatches {
            self.line(&format!(
                "  {} fact {}: expected {}, got {}",
                style.red("✗"),
                mismatch.fact,
                mismatch.expected,
                mismatch.actual
            ));
        }

        if !result.hops.is_empty() {
            self.heading("Role assumption");
            for hop in &result.hops {
                self.hop(hop);
            }
            match result.denied_hop {
                Some(hop) => self.line(&format!(
                    "  hop {hop} was denied, so the action was not evaluated; the explanation below is that hop's"
                )),
                None => {
                    let last = result.hops.last().and_then(|hop| hop.credentials.as_ref());
                    if let Some(credentials) = last {
                        self.line(&format!(
                            "  then {} on {} as {}",
                            request.action.value, request.resource.value, credentials.session_arn
                        ));
                    }
                }
            }
        }
        self.explanation(&result.explanation);
    }

    fn hop(&mut self, hop: &Hop<'_>) {
        let style = self.style;
        let decision = describe::decision(hop.decision);
        self.line(&format!(
            "  {}. {} {} {} → {} ({})",
            hop.index,
            short(&hop.caller),
            hop.action,
            short(&hop.role_arn),
            describe::paint_decision(style, hop.decision, decision),
            describe::account_long(relation(hop.account_relation))
        ));
        for statement in &hop.explanation.decisive {
            let text = describe::statement(self.source, statement);
            // A hop's resource policy is the role's trust policy.
            let label =
                describe::policy_label(statement.policy_type, Some(ResourcePolicyKind::RoleTrust));
            self.line(&format!("       decisive: {label} {text}"));
        }
        if let Some(credentials) = &hop.credentials {
            let mut text = format!(
                "       temporary credentials: {} (role {}, session \"{}\"), valid {} s",
                credentials.session_arn,
                short(&credentials.role_arn),
                credentials.session_name,
                credentials.duration_seconds
            );
            if credentials.chained {
                text.push_str(", capped at one hour by role chaining");
            }
            if let (Some(issued), Some(expires)) = (credentials.issued_at, credentials.expires_at) {
                text.push_str(&format!(
                    ", issued {issued}, expires {expires} (epoch seconds)"
                ));
            }
            self.line(&text);
            if !credentials.principal_tags.is_empty() {
                let tags: Vec<String> = credentials
                    .principal_tags
                    .iter()
                    .map(|(key, value)| {
                        let transitive = if credentials.transitive_tags.contains_key(key) {
                            " (transitive)"
                        } else {
                            ""
                        };
                        format!("{key}={value}{transitive}")
                    })
                    .collect();
                self.line(&format!("       principal tags: {}", tags.join(", ")));
            }
            if let Some(identity) = &credentials.source_identity {
                self.line(&format!("       source identity: {identity}"));
            }
        } else {
            if let Some(action) = &hop.denied_action {
                self.line(&format!("       denied permission: {action}"));
            }
            self.line(&format!("       {}", hop.explanation.summary));
        }
    }

    fn explanation(&mut self, explanation: &Explanation<'_>) {
        let style = self.style;
        self.heading("Policy types");
        for result in &explanation.policy_types {
            let mut line = format!(
                "  {}{}",
                pad(describe::policy_type(result.policy_type), 22),
                describe::outcome(result.outcome)
            );
            if result.counted {
                line = format!("{}  {}", pad(&line, 46), style.bold("← decided"));
            }
            self.line(&line);
        }

        self.heading("Decisive statements");
        if explanation.decisive.is_empty() {
            self.line("  none: nothing allowed the request (an implicit deny)");
        }
        for statement in &explanation.decisive {
            let text = describe::statement(self.source, statement);
            let kind = explanation
                .policies
                .iter()
                .find(|policy| {
                    policy.policy_type == statement.policy_type
                        && policy.policy_id == statement.policy_id
                })
                .and_then(|policy| policy.resource_policy_kind);
            self.line(&format!(
                "  {} {} {text}",
                pad(describe::policy_label(statement.policy_type, kind), 20),
                effect(statement.effect)
            ));
        }

        if !explanation.notes.is_empty() {
            self.heading("Rules that applied");
            for note in &explanation.notes {
                self.line(&format!("  - {}", describe::note(note)));
            }
        }

        if !explanation.policies.is_empty() {
            self.heading("Every statement");
            for policy in &explanation.policies {
                self.policy(policy);
            }
        }
    }

    fn policy(&mut self, policy: &PolicyExplanation<'_>) {
        let style = self.style;
        let mut title = format!(
            "  {} {}",
            describe::policy_label(policy.policy_type, policy.resource_policy_kind),
            policy.policy_id
        );
        if let Some(level) = policy.level {
            title.push_str(&format!(" (level {level})"));
        }
        // An AWS managed policy's positions are in its own document, not in the scenario file.
        let scenario_source = self.source;
        if let Some(arn) = policy.managed_arn {
            title.push_str(&format!(" = {arn}, positions in its document"));
            if let Some(policy) = ManagedPolicies::embedded()
                .ok()
                .and_then(|set| set.get(arn))
            {
                self.source = policy.text();
            }
        }
        self.line(&style.bold(&title));
        if policy.statements.is_empty() {
            self.line("    (no statements)");
        }
        for statement in &policy.statements {
            self.statement(statement);
        }
        self.source = scenario_source;
    }

    fn statement(&mut self, statement: &StatementExplanation<'_>) {
        let style = self.style;
        let mut head = format!("    #{}", statement.index);
        if let Some(sid) = statement.sid {
            head.push_str(&format!(" \"{sid}\""));
        }
        head.push_str(&format!(
            " {} ({}): ",
            effect(statement.effect),
            line_column(self.source, statement.span.start)
        ));
        head.push_str(&if statement.applies {
            style.green("applies")
        } else {
            style.dim("does not apply")
        });
        self.line(&head);

        let action = &statement.action;
        let element = if action.negated {
            "NotAction"
        } else {
            "Action"
        };
        let action_line = match (&action.matched_pattern, action.negated, action.applies) {
            (Some(pattern), false, _) => format!(
                "{element} \"{}\" ({}) matches",
                pattern.written,
                line_column(self.source, pattern.span.start)
            ),
            (Some(pattern), true, _) => format!(
                "{element} \"{}\" ({}) excludes the action",
                pattern.written,
                line_column(self.source, pattern.span.start)
            ),
            (None, true, true) => format!("{element} lists none of it, so it covers the action"),
            (None, _, _) => format!("{element}: no pattern matches the action"),
        };
        self.line(&format!(
            "        {}",
            mark(style, action.applies, &action_line)
        ));

        if let Some(resource) = &statement.resource {
            let text = self.resource(resource);
            self.line(&format!("        {}", mark(style, resource.applies, &text)));
        }
        if let Some(principal) = &statement.principal {
            let text = self.principal(principal);
            self.line(&format!(
                "        {}",
                mark(style, principal.applies, &text)
            ));
        }
        for condition in &statement.conditions {
            let text = self.condition(condition);
            let matched = condition.outcome.as_ref().is_some_and(|o| o.matched);
            self.line(&format!("        {}", mark(style, matched, &text)));
        }
    }

    fn resource(&self, resource: &ResourceMatch<'_>) -> String {
        let element = if resource.negated {
            "NotResource"
        } else {
            "Resource"
        };
        if resource.implied {
            return "no Resource: the statement covers the resource its policy is attached to"
                .to_string();
        }
        let mut text = match (&resource.matched_pattern, resource.negated) {
            (Some(pattern), negated) => {
                let mut text = format!(
                    "{element} \"{}\" ({})",
                    pattern.written,
                    line_column(self.source, pattern.span.start)
                );
                if let Some(substituted) = &resource.substituted {
                    text.push_str(&format!(", read as \"{substituted}\""));
                }
                text.push_str(if negated {
                    " excludes the resource"
                } else {
                    " matches"
                });
                text
            }
            (None, true) if resource.applies => {
                format!("{element} lists none of it, so it covers the resource")
            }
            (None, _) => format!("{element}: no pattern matches the resource"),
        };
        for unresolved in &resource.unresolved {
            text.push_str(&format!(
                "; \"{}\" matches nothing: {} has no value in this request",
                unresolved.written, unresolved.variable
            ));
        }
        text
    }

    fn principal(&self, principal: &PrincipalMatch<'_>) -> String {
        let element = if principal.negated {
            "NotPrincipal"
        } else {
            "Principal"
        };
        if principal.missing {
            return "no Principal: the statement names no one".to_string();
        }
        let mut text = match &principal.matched {
            Some(entry) => format!(
                "{element} {} \"{}\" ({}) covers the caller: {}",
                principal_type(entry.principal_type),
                entry.value,
                line_column(self.source, entry.span.start),
                how(entry.how)
            ),
            None if principal.negated => {
                let listed: Vec<String> = principal
                    .not_principal_checks
                    .iter()
                    .map(|check| match &check.listed_by {
                        Some(entry) => format!("{} listed by \"{}\"", check.identity, entry.value),
                        None => format!("{} not listed", check.identity),
                    })
                    .collect();
                if principal.applies {
                    format!(
                        "{element} does not list every identity of the caller ({})",
                        listed.join("; ")
                    )
                } else {
                    format!("{element} lists the caller ({})", listed.join("; "))
                }
            }
            None => format!("{element} does not name the caller"),
        };
        if principal.boundary_caveat {
            text.push_str(
                "; NotPrincipal with Deny always denies a caller with a permissions boundary",
            );
        }
        if !principal.partial_wildcards.is_empty() {
            text.push_str("; entries with a partial wildcard match no principal");
        }
        text
    }

    fn condition(&self, condition: &ConditionExplanation<'_>) -> String {
        let operator = operator_name(condition);
        let at = line_column(self.source, condition.span.start);
        let Some(outcome) = &condition.outcome else {
            return format!(
                "Condition {operator} {} ({at}): not evaluated",
                condition.key
            );
        };
        let policy: Vec<String> = outcome
            .policy_values
            .iter()
            .map(|value| match value {
                Some(value) => format!("\"{value}\""),
                None => "(unresolved variable)".to_string(),
            })
            .collect();
        let mut text = format!(
            "Condition {operator} {} ({at}): policy [{}], request {}",
            condition.key,
            policy.join(", "),
            request_values(outcome)
        );
        text.push_str(if outcome.matched {
            " → true"
        } else {
            " → false"
        });
        if let Some(rule) = outcome.missing_key_rule {
            text.push_str(&format!(" ({})", missing_key_rule(rule)));
        }
        for problem in &outcome.problems {
            text.push_str(&format!("; {problem}"));
        }
        text
    }
}

fn request_values(outcome: &ClauseOutcome) -> String {
    if !outcome.key_present {
        return "(key absent)".to_string();
    }
    let values: Vec<String> = outcome
        .request_values
        .iter()
        .map(|value| format!("\"{value}\""))
        .collect();
    format!("[{}]", values.join(", "))
}

fn operator_name(condition: &ConditionExplanation<'_>) -> String {
    let operator = condition.operator;
    let mut name = String::new();
    if let Some(qualifier) = operator.qualifier {
        name.push_str(&format!("{qualifier:?}:"));
    }
    name.push_str(&format!("{:?}", operator.base));
    if operator.if_exists {
        name.push_str("IfExists");
    }
    name
}

fn missing_key_rule(rule: MissingKeyRule) -> &'static str {
    match rule {
        MissingKeyRule::AbsentIsFalse => "the key is absent, so the operator is false",
        MissingKeyRule::NegatedAbsentIsTrue => "the key is absent, so the negated operator is true",
        MissingKeyRule::IfExistsAbsentIsTrue => "the key is absent, so ...IfExists is true",
        MissingKeyRule::ForAllValuesAbsentIsTrue => {
            "the key is absent or empty, so ForAllValues is true"
        }
        MissingKeyRule::ForAnyValueAbsentIsFalse => {
            "the key is absent or empty, so ForAnyValue is false"
        }
        MissingKeyRule::NullOperator => "Null tests whether the key is present",
    }
}

fn how(kind: PrincipalMatchKind) -> &'static str {
    match kind {
        PrincipalMatchKind::Wildcard => "\"*\" is everyone, anonymous callers included",
        PrincipalMatchKind::AwsWildcard => {
            "{\"AWS\": \"*\"} is every principal, anonymous callers included"
        }
        PrincipalMatchKind::ExactArn => "the caller's own ARN",
        PrincipalMatchKind::Account => "the caller's account (its users and role sessions)",
        PrincipalMatchKind::RoleCoversSession => "the role of the caller's session",
        PrincipalMatchKind::SourceUserCoversFederatedUser => {
            "the IAM user who created the caller's federated session"
        }
        PrincipalMatchKind::UniqueId => "the caller's unique id",
        PrincipalMatchKind::Service => "the calling service",
        PrincipalMatchKind::Federated => "the identity provider",
        PrincipalMatchKind::CanonicalUser => "the canonical user id of the caller's account",
    }
}

fn principal_type(principal_type: PrincipalType) -> &'static str {
    match principal_type {
        PrincipalType::Aws => "AWS",
        PrincipalType::Service => "Service",
        PrincipalType::Federated => "Federated",
        PrincipalType::CanonicalUser => "CanonicalUser",
    }
}

fn effect(effect: iamplay_core::policy::model::Effect) -> &'static str {
    match effect {
        iamplay_core::policy::model::Effect::Allow => "Allow",
        iamplay_core::policy::model::Effect::Deny => "Deny",
    }
}

fn mark(style: Style, ok: bool, text: &str) -> String {
    if ok {
        format!("{} {text}", style.green("✓"))
    } else {
        format!("{} {text}", style.red("✗"))
    }
}
