//! Evaluates a scenario's requests: the `assume` chain, then the action as the last session; the decision
//! against `expect`, and the explanation facts against `expectFacts`.

use super::model::{ExpectFacts, Request, Scenario, ScenarioPolicy};
use super::resolve::ScenarioDirectory;
use crate::eval::{evaluate_with, EvaluationOptions, NamedPolicy, ResourcePolicyKind};
use crate::explain::{AccountRelation, Decision, Explanation, PolicyType, TypeOutcome};
use crate::sts::{assume_chain, AssumeStep, ChainOptions, Directory, Hop};
use serde::Serialize;

/// How to check.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CheckOptions {
    /// Seconds since the epoch at which role chains start, to give temporary credentials absolute times.
    pub start_time: Option<i64>,
    pub evaluation: EvaluationOptions,
}

/// One fact of `expectFacts` that did not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FactMismatch {
    /// `sameAccount`, `decisiveSid`, `deniedBy` or `deniedHop`.
    pub fact: &'static str,
    pub expected: String,
    pub actual: String,
}

/// The outcome of one request.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestResult<'s> {
    pub index: usize,
    pub name: Option<&'s str>,
    pub decision: Decision,
    pub expect: Option<Decision>,
    /// `expect` (when given) equals `decision` and every `expectFacts` fact holds.
    pub ok: bool,
    /// `None` when the caller has no account (anonymous, a service, an identity provider).
    pub same_account: Option<bool>,
    /// The `assume` hops tried, in order.
    pub hops: Vec<Hop<'s>>,
    /// The hop that was denied; the request is denied with it and the action is not evaluated.
    pub denied_hop: Option<usize>,
    /// The explanation of the action, or of the denied hop.
    pub explanation: Explanation<'s>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fact_mismatches: Vec<FactMismatch>,
}

/// Evaluates every request of `scenario`, in order.
pub fn check_scenario(scenario: &Scenario) -> Vec<RequestResult<'_>> {
    check_scenario_with(scenario, &CheckOptions::default())
}

pub fn check_scenario_with<'s>(
    scenario: &'s Scenario,
    options: &CheckOptions,
) -> Vec<RequestResult<'s>> {
    scenario
        .requests
        .iter()
        .map(|request| check_request(scenario, request, options))
        .collect()
}

/// Evaluates one request of `scenario`.
pub fn check_request<'s>(
    scenario: &'s Scenario,
    request: &'s Request,
    options: &CheckOptions,
) -> RequestResult<'s> {
    // `deniedBy` tells a trust policy from another resource policy by the per-statement records, so a request
    // that expects it is always explained in full, whatever the caller asked for.
    let mut options = *options;
    if request
        .expect_facts
        .as_ref()
        .is_some_and(|facts| facts.denied_by.is_some())
    {
        options.evaluation.explain_statements = true;
    }
    let options = &options;
    let directory = ScenarioDirectory::new(scenario);
    let session_policies: Vec<NamedPolicy<'s>> = request
        .session_policy
        .iter()
        .map(ScenarioPolicy::named)
        .collect();
    // The loader rejects principals it cannot read; should one slip through, it calls as anonymous.
    let mut first = directory
        .caller(&request.principal.value)
        .unwrap_or_else(|_| crate::sts::Caller::bare(crate::eval::Principal::anonymous()));
    if request.assume.is_empty() {
        // A role or assumed-role principal is a session the request itself describes.
        if first.principal.is_session() {
            first.session = session_policies.clone();
        }
    }
    let steps: Vec<AssumeStep> = request
        .assume
        .iter()
        .map(|hop| AssumeStep {
            role_arn: hop.role.value.clone(),
            session_name: hop.session_name.as_ref().map(|name| name.value.clone()),
            tags: hop.tags.clone(),
            transitive_tag_keys: hop.transitive_tag_keys.clone(),
            source_identity: hop.source_identity.as_ref().map(|id| id.value.clone()),
        })
        .collect();
    let chain = assume_chain(
        &directory,
        first,
        &steps,
        &request.context,
        &ChainOptions {
            session_name: None,
            start_time: options.start_time,
            session_policies,
            evaluation: options.evaluation,
        },
    );

    let (explanation, hops, denied_hop) = match (chain.session, chain.denied_hop) {
        (Some(caller), None) => {
            let mut authorization = directory.request(
                &caller,
                &request.action.value,
                &request.resource.value,
                &request.context,
            );
            if let Some(endpoint) = &request.vpc_endpoint {
                directory.through_vpc_endpoint(&mut authorization, &endpoint.value);
            }
            let evaluation = evaluate_with(&authorization, options.evaluation);
            (evaluation.explanation, chain.hops, None)
        }
        (_, denied) => {
            let mut hops = chain.hops;
            // The denied hop's explanation is the request's; the hop keeps a copy for the chain view.
            let explanation = hops
                .last_mut()
                .map(|hop| hop.explanation.clone())
                .unwrap_or_else(empty_explanation);
            (explanation, hops, denied.or(Some(0)))
        }
    };
    let decision = explanation.decision;
    let same_account = match explanation.account_relation {
        AccountRelation::SameAccount => Some(true),
        AccountRelation::CrossAccount => Some(false),
        AccountRelation::NoCallerAccount => None,
    };
    let expect = request.expect.as_ref().map(|expect| expect.value);
    let mut result = RequestResult {
        index: request.index,
        name: request.name.as_ref().map(|name| name.value.as_str()),
        decision,
        expect,
        ok: true,
        same_account,
        hops,
        denied_hop,
        explanation,
        fact_mismatches: Vec::new(),
    };
    if let Some(facts) = &request.expect_facts {
        result.fact_mismatches = check_facts(&result, facts);
    }
    result.ok = expect.is_none_or(|expect| expect == decision) && result.fact_mismatches.is_empty();
    result
}

fn empty_explanation<'s>() -> Explanation<'s> {
    Explanation {
        decision: Decision::ImplicitDeny,
        account_relation: AccountRelation::NoCallerAccount,
        summary: "ImplicitDeny: the role chain could not be evaluated".to_string(),
        policy_types: Vec::new(),
        decisive: Vec::new(),
        notes: Vec::new(),
        policies: Vec::new(),
        aws_rule: None,
    }
}

/// The policy types that decided a denial, as `deniedBy` names them (tests/golden/README.md): for an explicit
/// deny the types holding the applicable `Deny` statements, for an implicit deny the types whose missing
/// `Allow` counted. Trust policies read `trust`; bucket, queue and KMS key policies `resource`; VPC endpoint
/// policies `endpoint`; a refusal by a rule of AWS (`Explanation::aws_rule`) `aws`.
pub fn denied_by(explanation: &Explanation<'_>) -> Vec<&'static str> {
    let trust = explanation
        .policies
        .iter()
        .any(|policy| policy.resource_policy_kind == Some(ResourcePolicyKind::RoleTrust));
    let label = |policy_type: PolicyType| match policy_type {
        PolicyType::Scp => "scp",
        PolicyType::Rcp => "rcp",
        PolicyType::Resource if trust => "trust",
        PolicyType::Resource => "resource",
        PolicyType::Identity => "identity",
        PolicyType::PermissionsBoundary => "boundary",
        PolicyType::Session => "session",
        PolicyType::VpcEndpoint => "endpoint",
    };
    let mut labels: Vec<&'static str> = match explanation.decision {
        // A rule of AWS refused it, not a policy.
        Decision::ExplicitDeny if explanation.aws_rule.is_some() => vec!["aws"],
        Decision::Allow => Vec::new(),
        Decision::ExplicitDeny => explanation
            .decisive
            .iter()
            .map(|statement| label(statement.policy_type))
            .collect(),
        Decision::ImplicitDeny => explanation
            .policy_types
            .iter()
            .filter(|result| result.counted && result.outcome != TypeOutcome::Allowed)
            .map(|result| label(result.policy_type))
            .collect(),
    };
    labels.sort_unstable();
    labels.dedup();
    labels
}

/// Compares a result with the facts a golden case pins.
pub fn check_facts(result: &RequestResult<'_>, facts: &ExpectFacts) -> Vec<FactMismatch> {
    let mut mismatches = Vec::new();
    if let Some(expected) = facts.same_account {
        if result.same_account != Some(expected) {
            mismatches.push(FactMismatch {
                fact: "sameAccount",
                expected: expected.to_string(),
                actual: result
                    .same_account
                    .map_or("no caller account".to_string(), |same| same.to_string()),
            });
        }
    }
    if let Some(expected) = &facts.decisive_sid {
        let sids: Vec<&str> = result
            .explanation
            .decisive
            .iter()
            .filter_map(|statement| statement.sid)
            .collect();
        if !sids.contains(&expected.as_str()) {
            mismatches.push(FactMismatch {
                fact: "decisiveSid",
                expected: expected.clone(),
                actual: format!("[{}]", sids.join(", ")),
            });
        }
    }
    if let Some(expected) = &facts.denied_by {
        let labels = denied_by(&result.explanation);
        if !labels.contains(&expected.as_str()) {
            mismatches.push(FactMismatch {
                fact: "deniedBy",
                expected: expected.clone(),
                actual: format!("[{}]", labels.join(", ")),
            });
        }
    }
    if let Some(expected) = facts.denied_hop {
        if result.denied_hop != Some(expected) {
            mismatches.push(FactMismatch {
                fact: "deniedHop",
                expected: expected.to_string(),
                actual: result
                    .denied_hop
                    .map_or("none".to_string(), |hop| hop.to_string()),
            });
        }
    }
    mismatches
}
