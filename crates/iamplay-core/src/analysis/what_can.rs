//! What a principal can do: over the whole action catalog, per service, the allowed actions and on which
//! resources, summarized by access level the way the IAM console's policy summary does
//! (access_policies_understand-policy-summary-access-level-summaries.md, "AWS access level summary"): "Full
//! access", "Full: List, Read Limited: Write", "Limited: Read", "None".
//!
//! **Index, not brute force**: a statement can only decide actions its `Action` patterns match, so for each
//! service every policy the caller's requests apply (identity, boundary, session, SCPs, and the resource policies
//! of the scenario's resources) is cut down to the statements and patterns that can match that service's
//! actions. A service no remaining `Allow` can reach is `None` without evaluating anything (except for the root
//! user, who needs no identity policy in its own account). Within a service an action is evaluated only when some
//! remaining `Allow` matches it, on the resources those statements name plus the scenario's resources of that
//! service; the evaluator then sees a policy of a few patterns instead of, for `ReadOnlyAccess`, 1,500.
//!
//! **Resources**: the patterns the policies name, kept as written (`arn:aws:s3:::logs/*`, `*`), and the
//! scenario's resources; each is evaluated as a literal resource, like the matrix's derived columns.
//!
//! **Conditions**: as in who-can, open context keys are varied over their classes; an action allowed under some
//! but not all is `conditional`, with the clauses that decided.

use super::conditional::{vary, AnswerCondition};
use crate::catalog::{AccessLevel, Catalog, Service};
use crate::context::RequestContext;
use crate::eval::{
    AuthorizationRequest, NamedPolicy, OrganizationPolicies, PrincipalKind, ResourcePolicy,
};
use crate::explain::Decision;
use crate::policy::model::{Effect, Policy, Statement};
use crate::scenario::{Scenario, ScenarioDirectory};
use crate::sts::{Caller, Directory};
use crate::wildcard::matches_ignore_case;
use serde::Serialize;
use std::borrow::Cow;

/// Class combinations tried per action and resource when open keys are read.
const CONDITION_CAP: usize = 64;

/// One allowed action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllowedAction {
    /// `prefix:Name`.
    pub action: String,
    /// Always `Allow` (denied actions are not listed); with `conditional`, allowed only under `conditions`.
    pub decision: Decision,
    /// The resources it is allowed on, as the policies name them.
    pub resources: Vec<String>,
    pub conditional: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<AnswerCondition>,
    /// The catalog's access levels.
    pub access_levels: Vec<&'static str>,
}

/// One service's part.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAccess {
    pub service: String,
    pub name: String,
    /// The console's access level summary.
    pub summary: String,
    /// Allowed actions / actions in the catalog.
    pub allowed: usize,
    pub total: usize,
    pub actions: Vec<AllowedAction>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatCan {
    pub principal: String,
    /// Services with at least one allowed action (or the one asked for), by prefix.
    pub services: Vec<ServiceAccess>,
    /// Actions evaluated (the index skips the rest).
    pub evaluated: usize,
    pub catalog_actions: usize,
}

fn level_name(level: AccessLevel) -> &'static str {
    match level {
        AccessLevel::List => "List",
        AccessLevel::Read => "Read",
        AccessLevel::Write => "Write",
        AccessLevel::PermissionsManagement => "Permissions management",
        AccessLevel::Tagging => "Tagging",
    }
}

/// The console's order (access_policies_understand-policy-summary-access-level-summaries.md).
const LEVEL_ORDER: [AccessLevel; 5] = [
    AccessLevel::List,
    AccessLevel::Read,
    AccessLevel::Tagging,
    AccessLevel::Write,
    AccessLevel::PermissionsManagement,
];

/// Whether an action pattern can match some action of the service `prefix`.
fn pattern_reaches(pattern: &str, prefix: &str) -> bool {
    match pattern.split_once(':') {
        Some((service, _)) => matches_ignore_case(service, prefix),
        // No `:`: only a pattern with a wildcard (`*`) can match `prefix:Name`.
        None => pattern.contains('*'),
    }
}

/// The statements of `policy` that can decide an action of `prefix`, their `Action` lists cut to the patterns
/// that reach it; `None` when none can.
fn cut(policy: &Policy, prefix: &str) -> Option<Policy> {
    let mut statements: Vec<Statement> = Vec::new();
    for statement in &policy.statements {
        let Some(block) = &statement.action else {
            continue;
        };
        if block.negated {
            statements.push(statement.clone());
            continue;
        }
        let patterns: Vec<_> = block
            .patterns
            .iter()
            .filter(|p| pattern_reaches(&p.value, prefix))
            .cloned()
            .collect();
        if patterns.is_empty() {
            continue;
        }
        // Built field by field: cloning the statement would copy every pattern (1,500 for `ReadOnlyAccess`) once
        // per service.
        statements.push(Statement {
            index: statement.index,
            sid: statement.sid.clone(),
            effect: statement.effect.clone(),
            action: Some(crate::policy::model::ActionBlock {
                negated: false,
                patterns,
                span: block.span,
            }),
            resource: statement.resource.clone(),
            principal: statement.principal.clone(),
            conditions: statement.conditions.clone(),
            span: statement.span,
        });
    }
    (!statements.is_empty()).then(|| Policy {
        kind: policy.kind,
        version: policy.version,
        id: policy.id.clone(),
        statements,
        span: policy.span,
    })
}

/// Cuts every policy of a list, keeping an empty stand-in where nothing is left (an SCP level without a
/// statement for the service still denies it).
fn cut_all<'p>(policies: &[NamedPolicy<'p>], prefix: &str) -> Vec<(Cow<'p, str>, Policy)> {
    policies
        .iter()
        .map(|named| {
            let policy = cut(named.policy, prefix).unwrap_or_else(|| Policy {
                kind: named.policy.kind,
                version: named.policy.version,
                id: None,
                statements: Vec::new(),
                span: named.policy.span,
            });
            (named.id.clone(), policy)
        })
        .collect()
}

fn statement_covers_action(statement: &Statement, action: &str) -> bool {
    statement.action.as_ref().is_some_and(|block| {
        block.negated
            != block
                .patterns
                .iter()
                .any(|p| matches_ignore_case(&p.value, action))
    })
}

fn statement_allows_action(statement: &Statement, action: &str) -> bool {
    statement.effect.value == Effect::Allow && statement_covers_action(statement, action)
}

/// The patterns a statement names as resources (and `*` for `NotResource`): the classes of resources the
/// policies tell apart for an action, so a `Deny` on some of them is seen.
fn statement_resources(statement: &Statement, implied: &str, out: &mut Vec<String>) {
    let mut add = |resource: &str| {
        if !out.iter().any(|r| r == resource) {
            out.push(resource.to_string());
        }
    };
    match &statement.resource {
        Some(block) => {
            block.patterns.iter().for_each(|p| add(&p.value));
            if block.negated {
                add("*");
            }
        }
        None => add(implied),
    }
}

/// Answers what `principal` can do, over every service of `catalog` or only `service`. An error names a
/// principal the scenario cannot resolve.
pub fn what_can(
    scenario: &Scenario,
    principal: &str,
    catalog: &Catalog,
    service: Option<&str>,
) -> Result<WhatCan, String> {
    let directory = ScenarioDirectory::new(scenario);
    let caller = directory.caller(principal)?;
    let is_root = matches!(caller.principal.kind, PrincipalKind::Root);
    let context = RequestContext::new();
    let mut services = Vec::new();
    let mut evaluated = 0usize;
    for entry in catalog.services() {
        if service.is_some_and(|wanted| !wanted.eq_ignore_ascii_case(entry.prefix())) {
            continue;
        }
        let answer = service_access(
            &directory,
            &caller,
            entry,
            is_root,
            &context,
            &mut evaluated,
        );
        if answer.allowed > 0 || service.is_some() {
            services.push(answer);
        }
    }
    Ok(WhatCan {
        principal: principal.to_string(),
        services,
        evaluated,
        catalog_actions: catalog.action_count(),
    })
}

fn service_access<'s>(
    directory: &ScenarioDirectory<'s>,
    caller: &Caller<'s>,
    service: &Service,
    is_root: bool,
    context: &RequestContext,
    evaluated: &mut usize,
) -> ServiceAccess {
    let prefix = service.prefix();
    let mut answer = ServiceAccess {
        service: prefix.to_string(),
        name: service.name().to_string(),
        summary: "None".to_string(),
        allowed: 0,
        total: service.actions().len(),
        actions: Vec::new(),
    };
    let identity = cut_all(&caller.identity, prefix);
    let session = cut_all(&caller.session, prefix);
    let boundary = caller
        .permissions_boundary
        .as_ref()
        .map(|named| cut_all(std::slice::from_ref(named), prefix));
    let scp_levels: Vec<Vec<(Cow<'s, str>, Policy)>> = caller
        .scps
        .levels
        .iter()
        .map(|level| cut_all(level, prefix))
        .collect();
    // The scenario's resources whose policies can reach this service, and those of the service.
    let resources: Vec<(&'s crate::scenario::Resource, Option<Policy>)> = directory
        .scenario
        .resources
        .iter()
        .map(|entry| {
            (
                entry,
                entry.policy.as_ref().and_then(|p| cut(&p.policy, prefix)),
            )
        })
        .collect();
    let identity_allows = identity
        .iter()
        .chain(&session)
        .flat_map(|(_, policy)| &policy.statements)
        .any(|s| s.effect.value == Effect::Allow);
    let resource_allows = resources
        .iter()
        .filter_map(|(_, policy)| policy.as_ref())
        .flat_map(|policy| &policy.statements)
        .any(|s| s.effect.value == Effect::Allow);
    if !identity_allows && !resource_allows && !is_root {
        return answer;
    }

    let mut cut_caller = Caller::bare(caller.principal.clone());
    cut_caller.identity = identity
        .iter()
        .map(|(id, p)| NamedPolicy::new(id.clone(), p))
        .collect();
    cut_caller.session = session
        .iter()
        .map(|(id, p)| NamedPolicy::new(id.clone(), p))
        .collect();
    cut_caller.permissions_boundary = boundary
        .as_ref()
        .and_then(|cut| cut.first())
        .map(|(id, p)| NamedPolicy::new(id.clone(), p));
    cut_caller.scps = OrganizationPolicies {
        in_organization: caller.scps.in_organization,
        management_account: caller.scps.management_account,
        levels: scp_levels
            .iter()
            .map(|level| {
                level
                    .iter()
                    .map(|(id, p)| NamedPolicy::new(id.clone(), p))
                    .collect()
            })
            .collect(),
    };
    let service_resources: Vec<&str> = resources
        .iter()
        .map(|(entry, _)| entry.arn.value.as_str())
        .filter(|arn| {
            crate::arn::Arn::parse(arn)
                .is_ok_and(|parsed| parsed.service.eq_ignore_ascii_case(prefix))
        })
        .collect();

    let mut per_level_total = [0usize; 5];
    let mut per_level_allowed = [0usize; 5];
    for action in service.actions() {
        let full_name = format!("{prefix}:{}", action.name());
        let levels = action.access_levels();
        for (slot, level) in LEVEL_ORDER.iter().enumerate() {
            if levels.contains(*level) {
                if let Some(total) = per_level_total.get_mut(slot) {
                    *total += 1;
                }
            }
        }
        let mut candidates: Vec<String> = Vec::new();
        let identity_side = cut_caller
            .identity
            .iter()
            .chain(&cut_caller.session)
            .flat_map(|n| &n.policy.statements);
        let mut reachable = false;
        for statement in identity_side.clone() {
            reachable |= statement_allows_action(statement, &full_name);
        }
        if reachable {
            // Every statement covering the action names a class of resources, `Deny`s included.
            let others = cut_caller
                .permissions_boundary
                .iter()
                .flat_map(|n| &n.policy.statements)
                .chain(
                    cut_caller
                        .scps
                        .levels
                        .iter()
                        .flatten()
                        .flat_map(|n| &n.policy.statements),
                );
            for statement in identity_side.chain(others) {
                if statement_covers_action(statement, &full_name) {
                    statement_resources(statement, "*", &mut candidates);
                }
            }
        }
        for (entry, policy) in &resources {
            let Some(policy) = policy else { continue };
            if policy
                .statements
                .iter()
                .any(|s| statement_allows_action(s, &full_name))
            {
                for statement in policy
                    .statements
                    .iter()
                    .filter(|s| statement_allows_action(s, &full_name))
                {
                    statement_resources(statement, &entry.arn.value, &mut candidates);
                }
                if !candidates.iter().any(|c| c == &entry.arn.value) {
                    candidates.push(entry.arn.value.clone());
                }
            }
        }
        if candidates.is_empty() && !is_root {
            continue;
        }
        if is_root && candidates.is_empty() {
            candidates.push("*".to_string());
        }
        for arn in &service_resources {
            if !candidates.iter().any(|c| c == arn) {
                candidates.push((*arn).to_string());
            }
        }
        let mut allowed_on = Vec::new();
        let mut conditional = false;
        let mut conditions: Vec<AnswerCondition> = Vec::new();
        for resource in &candidates {
            let mut request = directory.request(&cut_caller, &full_name, resource, context);
            // The directory attaches the resource entry's full policy; use the cut one.
            cut_resource_policy(&mut request, &resources);
            *evaluated += 1;
            let variation = vary(&mut request, CONDITION_CAP);
            if variation.can_allow {
                allowed_on.push(resource.clone());
                if variation.varies {
                    conditional = true;
                    for condition in variation.conditions {
                        if !conditions.contains(&condition) {
                            conditions.push(condition);
                        }
                    }
                }
            }
        }
        if allowed_on.is_empty() {
            continue;
        }
        for (slot, level) in LEVEL_ORDER.iter().enumerate() {
            if levels.contains(*level) {
                if let Some(allowed) = per_level_allowed.get_mut(slot) {
                    *allowed += 1;
                }
            }
        }
        answer.actions.push(AllowedAction {
            action: full_name,
            decision: Decision::Allow,
            resources: allowed_on,
            conditional,
            conditions,
            access_levels: LEVEL_ORDER
                .iter()
                .filter(|level| levels.contains(**level))
                .map(|level| level_name(*level))
                .collect(),
        });
    }
    answer.allowed = answer.actions.len();
    answer.summary = summary(
        answer.allowed,
        answer.total,
        &per_level_allowed,
        &per_level_total,
    );
    answer
}

/// Swaps the resource entry's policy in `request` for its cut copy.
fn cut_resource_policy<'p>(
    request: &mut AuthorizationRequest<'p>,
    resources: &'p [(&'p crate::scenario::Resource, Option<Policy>)],
) {
    let Some(attached) = request.policies.resource.as_mut() else {
        return;
    };
    if attached.kind == crate::eval::ResourcePolicyKind::RoleTrust {
        return;
    }
    let found = resources.iter().find(|(entry, _)| {
        entry
            .policy
            .as_ref()
            .is_some_and(|policy| policy.id == attached.policy.id)
    });
    if let Some((_, cut)) = found {
        match cut {
            Some(policy) => {
                *attached = ResourcePolicy {
                    kind: attached.kind,
                    policy: NamedPolicy::new(attached.policy.id.clone(), policy),
                };
            }
            None => request.policies.resource = None,
        }
    }
}

/// "Full access", "Full: List, Read Limited: Write", "Limited: Read", "None".
fn summary(
    allowed: usize,
    total: usize,
    per_level_allowed: &[usize; 5],
    per_level_total: &[usize; 5],
) -> String {
    if allowed == 0 {
        return "None".to_string();
    }
    if allowed == total {
        return "Full access".to_string();
    }
    let mut full = Vec::new();
    let mut limited = Vec::new();
    for ((level, got), of) in LEVEL_ORDER
        .iter()
        .zip(per_level_allowed)
        .zip(per_level_total)
    {
        if *got == 0 {
            continue;
        }
        if got == of {
            full.push(level_name(*level));
        } else {
            limited.push(level_name(*level));
        }
    }
    let mut parts = Vec::new();
    if !full.is_empty() {
        parts.push(format!("Full: {}", full.join(", ")));
    }
    if !limited.is_empty() {
        parts.push(format!("Limited: {}", limited.join(", ")));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests;
