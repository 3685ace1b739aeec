//! What checking a loaded scenario's requests may cost, estimated before any evaluation, so the loader can
//! refuse a file that would hang the playground or the CLI (`E0514`, `load::MAX_WORK`). The matrix bounds its
//! own work row by row (`matrix::MatrixOptions::max_work`), leaving rows out rather than refusing the file.
//!
//! Contract: linear in the scenario, and never below the real cost. A step is about one policy value matched
//! or one entity looked up (about 40 ns in `check` on a 2-core laptop, benches/limits.rs). An evaluation reads the
//! caller's policies (its own, its groups', its boundary; a role's trust policy when it is assumed), one
//! resource policy, the SCPs and RCPs of two accounts, and looks entities up by scanning their lists; `check`
//! makes one evaluation per request and role hop.

use super::model::{Scenario, ScenarioPolicy};
use crate::policy::model::PrincipalSet;
use crate::policy::Policy;
use std::collections::HashMap;

/// The estimate, with its parts for the error message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkEstimate {
    pub steps: u64,
    pub evaluations: u64,
    /// The costliest single evaluation.
    pub heaviest_evaluation: u64,
}

/// The steps checking every request of `scenario` may take (see the module doc).
pub fn estimate(scenario: &Scenario) -> WorkEstimate {
    let groups: HashMap<&str, u64> = scenario
        .groups
        .iter()
        .map(|group| (group.arn.value.as_str(), weight(&group.policies)))
        .collect();
    // Each principal's own weight: what evaluating a request it makes reads of identity-side policies.
    let mut callers: HashMap<&str, u64> = HashMap::new();
    for user in &scenario.users {
        let in_groups = user
            .groups
            .iter()
            .filter_map(|group| groups.get(group.value.as_str()))
            .fold(0u64, |sum, weight| sum.saturating_add(*weight));
        let own = weight(&user.policies)
            .saturating_add(weight(user.permissions_boundary.iter()))
            .saturating_add(in_groups);
        callers.insert(user.arn.value.as_str(), own);
    }
    for role in &scenario.roles {
        let own = weight(&role.policies)
            .saturating_add(weight(role.permissions_boundary.iter()))
            .saturating_add(weight(role.trust_policy.iter()));
        callers.insert(role.arn.value.as_str(), own);
    }
    let heaviest_caller = callers.values().copied().max().unwrap_or(0);
    let heaviest_resource = scenario
        .resources
        .iter()
        .map(|resource| weight(resource.policy.iter()))
        .max()
        .unwrap_or(0);
    let heaviest_organization = scenario
        .accounts
        .iter()
        .map(|account| {
            let scps = account.scps.iter().flatten().flatten();
            let rcps = account.rcps.iter().flatten().flatten();
            weight(scps).max(weight(rcps))
        })
        .max()
        .unwrap_or(0);
    let entities = [
        scenario.groups.len(),
        scenario.users.len(),
        scenario.roles.len(),
        scenario.resources.len(),
        scenario.accounts.len(),
    ]
    .into_iter()
    .fold(0u64, |sum, count| sum.saturating_add(count_u64(count)));
    // What every evaluation may read besides the caller's own policies.
    let besides_caller = heaviest_resource
        .saturating_add(heaviest_organization.saturating_mul(2))
        .saturating_add(entities)
        .saturating_add(1);
    let caller_weight = |arn: &str| callers.get(arn).copied().unwrap_or(heaviest_caller);

    let mut steps = 0u64;
    let mut evaluations = 0u64;
    for request in &scenario.requests {
        let hops = request.assume.iter().fold(0u64, |sum, role| {
            sum.saturating_add(caller_weight(&role.role.value))
        });
        let count = count_u64(request.assume.len()).saturating_add(1);
        evaluations = evaluations.saturating_add(count);
        steps = steps
            .saturating_add(caller_weight(&request.principal.value))
            .saturating_add(hops)
            .saturating_add(count.saturating_mul(besides_caller));
    }

    WorkEstimate {
        steps,
        evaluations,
        heaviest_evaluation: heaviest_caller.saturating_add(besides_caller),
    }
}

fn count_u64(count: usize) -> u64 {
    u64::try_from(count).unwrap_or(u64::MAX)
}

fn weight<'s>(policies: impl IntoIterator<Item = &'s ScenarioPolicy>) -> u64 {
    policies.into_iter().fold(0u64, |sum, policy| {
        sum.saturating_add(policy_weight(&policy.policy))
    })
}

/// What evaluating one policy may read: its statements and every value they list.
pub(crate) fn policy_weight(policy: &Policy) -> u64 {
    policy.statements.iter().fold(0u64, |sum, statement| {
        let actions = statement
            .action
            .as_ref()
            .map_or(0, |block| block.patterns.len());
        let resources = statement
            .resource
            .as_ref()
            .map_or(0, |block| block.patterns.len());
        let principals = statement
            .principal
            .as_ref()
            .map_or(0, |block| match &block.principals {
                PrincipalSet::Wildcard => 1,
                PrincipalSet::Entries(entries) => entries.len(),
            });
        let conditions = statement.conditions.iter().fold(0usize, |sum, clause| {
            sum.saturating_add(clause.values.len()).saturating_add(1)
        });
        let values = actions
            .saturating_add(resources)
            .saturating_add(principals)
            .saturating_add(conditions)
            .saturating_add(1);
        sum.saturating_add(count_u64(values))
    })
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::scenario::load_scenario;

    fn scenario(text: &str) -> Scenario {
        load_scenario(text).scenario.expect("loads")
    }

    #[test]
    fn requests_are_charged_their_own_caller() {
        let text = r#"{
          "groups": [{"arn": "arn:aws:iam::111122223333:group/g", "policies": [
            {"Statement": {"Effect": "Allow", "Action": ["s3:A", "s3:B"], "Resource": "*"}}]}],
          "users": [
            {"arn": "arn:aws:iam::111122223333:user/big", "groups": ["arn:aws:iam::111122223333:group/g"],
             "policies": [{"Statement": {"Effect": "Allow", "Action": ["s3:C", "s3:D", "s3:E"], "Resource": "*"}}]},
            {"arn": "arn:aws:iam::111122223333:user/small"}],
          "requests": [
            {"principal": "arn:aws:iam::111122223333:user/small", "action": "s3:A", "resource": "*"},
            {"principal": "arn:aws:iam::111122223333:user/big", "action": "s3:A", "resource": "*"}]
        }"#;
        let estimate = estimate(&scenario(text));
        // Weights: big = group (2 actions + 1 resource + 1) + own (3 + 1 + 1) = 9; small = 0.
        // Besides the caller: no resource or organization policies, 3 entities, plus 1 = 4.
        // Requests: (0 + 4) + (9 + 4) = 17.
        assert_eq!(estimate.evaluations, 2);
        assert_eq!(estimate.steps, 17);
        assert_eq!(estimate.heaviest_evaluation, 13);
    }
}
