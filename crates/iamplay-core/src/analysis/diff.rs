//! Change impact: every cell whose decision differs between two versions of a scenario, opened first.
//!
//! CONTRACT: the cells compared are the union of both scenarios' cells ([`super::cells::probes`]: matrix rows ×
//! columns, plus requests with an `assume` chain or a session policy). Each cell is asked of both scenarios with
//! the same request (the one of the scenario that has it, the `before` one when both do), so a cell only one
//! side's matrix shows is still compared. A cell is **opened** when it goes from a deny to `Allow`, **closed**
//! from `Allow` to a deny, and **changed** between `ExplicitDeny` and `ImplicitDeny`. `diff(A, A)` is empty.
//! AWS's nearest tool answers one policy at a time (Access Analyzer `CheckNoNewAccess`); this compares whole
//! worlds by evaluating them.

use super::cells::{decide, probes, AccessCell, Probe};
use crate::explain::Decision;
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::HashSet;

/// A cell whose decision changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedCell {
    #[serde(flatten)]
    pub cell: AccessCell,
    pub before: Decision,
    pub after: Decision,
}

/// What a change did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioDiff {
    /// Denied before, allowed after.
    pub opened: Vec<ChangedCell>,
    /// Allowed before, denied after.
    pub closed: Vec<ChangedCell>,
    /// Denied both times, for a different reason (explicit ↔ implicit).
    pub changed: Vec<ChangedCell>,
}

impl ScenarioDiff {
    pub fn is_empty(&self) -> bool {
        self.opened.is_empty() && self.closed.is_empty() && self.changed.is_empty()
    }

    /// Every changed cell: opened, closed, then changed.
    pub fn cells(&self) -> impl Iterator<Item = &ChangedCell> {
        self.opened.iter().chain(&self.closed).chain(&self.changed)
    }

    /// How many cells changed.
    pub fn len(&self) -> usize {
        self.opened.len() + self.closed.len() + self.changed.len()
    }

    fn push(&mut self, cell: AccessCell, before: Decision, after: Decision) {
        let changed = ChangedCell {
            cell,
            before,
            after,
        };
        match (before == Decision::Allow, after == Decision::Allow) {
            (false, true) => self.opened.push(changed),
            (true, false) => self.closed.push(changed),
            _ if before != after => self.changed.push(changed),
            _ => {}
        }
    }
}

/// The cells of `before` with their decisions, computed once when many versions are compared with it.
#[derive(Debug, Clone)]
pub struct Baseline<'s> {
    pub scenario: &'s Scenario,
    pub probes: Vec<Probe>,
    pub decisions: Vec<Decision>,
}

impl<'s> Baseline<'s> {
    pub fn new(scenario: &'s Scenario) -> Self {
        let probes = probes(scenario);
        let decisions = probes
            .iter()
            .map(|probe| decide(scenario, &probe.request))
            .collect();
        Self {
            scenario,
            probes,
            decisions,
        }
    }

    /// Compares `after` with the baseline.
    pub fn diff(&self, after: &Scenario) -> ScenarioDiff {
        let mut result = ScenarioDiff::default();
        let mut seen: HashSet<&AccessCell> = HashSet::with_capacity(self.probes.len());
        for (probe, before) in self.probes.iter().zip(&self.decisions) {
            seen.insert(&probe.cell);
            result.push(probe.cell.clone(), *before, decide(after, &probe.request));
        }
        for probe in probes(after) {
            if seen.contains(&probe.cell) {
                continue;
            }
            let before = decide(self.scenario, &probe.request);
            let after_decision = decide(after, &probe.request);
            result.push(probe.cell, before, after_decision);
        }
        result
    }
}

/// Every cell whose decision differs between `before` and `after`.
pub fn diff(before: &Scenario, after: &Scenario) -> ScenarioDiff {
    Baseline::new(before).diff(after)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_scenario;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn scenario(policy_actions: &str) -> Scenario {
        let text = format!(
            r#"{{
  "users": [{{"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{{"name": "P", "document": {{
    "Version": "2012-10-17",
    "Statement": [{{"Effect": "Allow", "Action": {policy_actions}, "Resource": "*"}}]}}}}]}},
    {{"arn": "arn:aws:iam::111111111111:user/bo"}}],
  "requests": [
    {{"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "context": {{}}}},
    {{"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"}}
  ]
}}"#
        );
        let loaded = load_scenario(&text);
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

    #[test]
    fn the_same_scenario_changes_nothing() {
        let a = scenario(r#""s3:GetObject""#);
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn widening_opens_and_narrowing_closes() {
        let narrow = scenario(r#""s3:GetObject""#);
        let wide = scenario(r#"["s3:GetObject", "s3:PutObject"]"#);
        let opened = diff(&narrow, &wide);
        assert_eq!(opened.opened.len(), 1);
        assert!(opened.closed.is_empty());
        let cell = &opened.opened[0];
        assert_eq!(cell.cell.action, "s3:PutObject");
        assert_eq!(cell.cell.principal, "arn:aws:iam::111111111111:user/ana");
        assert_eq!(
            (cell.before, cell.after),
            (Decision::ImplicitDeny, Decision::Allow)
        );
        let closed = diff(&wide, &narrow);
        assert_eq!(closed.closed.len(), 1);
        assert!(closed.opened.is_empty());
    }
}
