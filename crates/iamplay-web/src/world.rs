//! A loaded scenario with the text it came from, and the mapping from the core's spans back to the editors.
//! Both the analysis (`engine`) and the views built from it (`matrix_view`, `explain_view`) read it.

use crate::model::{ScenarioText, Slot, Workspace};
use crate::positions::{LineIndex, Range16};
use iamplay_core::diagnostic::Span;
use iamplay_core::managed::{ManagedPolicies, ManagedPolicySource};
use iamplay_core::scenario::{load_scenario_with, LoadOptions, Scenario, ScenarioPolicy};
use std::rc::Rc;

/// The loaded scenario with the text it came from.
#[derive(Debug)]
pub struct World {
    pub source: ScenarioText,
    pub scenario: Scenario,
    /// The snapshot the scenario's AWS managed policy ARNs were resolved in.
    pub managed: Option<Rc<ManagedPolicies>>,
}

impl World {
    /// Loads the scenario of `ws`; `None` when it has errors. The page does this only to explain a selected
    /// cell or request: the matrix itself comes from the analysis worker.
    pub fn load(ws: &Workspace) -> Option<Self> {
        Self::load_with(ws, None)
    }

    /// [`World::load`] resolving AWS managed policy ARNs in `managed`.
    pub fn load_with(ws: &Workspace, managed: Option<Rc<ManagedPolicies>>) -> Option<Self> {
        let source = ws.to_scenario(false);
        let options = LoadOptions {
            managed_policies: managed
                .as_deref()
                .map(|set| set as &dyn ManagedPolicySource),
        };
        let scenario = load_scenario_with(&source.text, &options).scenario?;
        Some(Self {
            source,
            scenario,
            managed,
        })
    }

    /// The editor (policy or context) and Monaco range of a core span, when it lies in one.
    pub fn locate(&self, span: Span) -> Option<(Slot, Range16)> {
        locate(&self.source, span)
    }

    /// Where a statement of policy `policy_id` is shown: for a policy written in the scenario, its editor and
    /// range; for an AWS managed policy attached by ARN (`managed_arn`), the tab of the entry that attaches it
    /// (its draft id) and the range in the managed policy's own text, which the core's spans point into.
    pub fn locate_statement(
        &self,
        policy_id: &str,
        managed_arn: Option<&str>,
        span: Span,
    ) -> Option<(u32, Range16)> {
        if managed_arn.is_none() {
            return match self.locate(span) {
                Some((Slot::Policy(id), range)) => Some((id, range)),
                _ => None,
            };
        }
        let entry = self.scenario_policy(policy_id)?;
        let Some((Slot::Policy(id), _)) = self.locate(entry.span) else {
            return None;
        };
        // The managed text is pure ASCII (managed::ManagedPolicy::text): byte columns are UTF-16 columns.
        let one_line = span.end.line == span.start.line;
        let range = Range16 {
            line: span.start.line,
            column: span.start.column,
            end_line: span.end.line,
            end_column: if one_line {
                span.end.column.max(span.start.column + 1)
            } else {
                span.end.column
            },
        };
        Some((id, range))
    }

    /// The scenario's policy with the core's id `policy_id` (`user/ana:ReadOnlyAccess`).
    fn scenario_policy(&self, policy_id: &str) -> Option<&ScenarioPolicy> {
        let s = &self.scenario;
        s.users
            .iter()
            .flat_map(|u| u.policies.iter().chain(u.permissions_boundary.iter()))
            .chain(s.groups.iter().flat_map(|g| g.policies.iter()))
            .chain(
                s.roles
                    .iter()
                    .flat_map(|r| r.policies.iter().chain(r.permissions_boundary.iter())),
            )
            .find(|policy| policy.id == policy_id)
    }
}

pub(crate) fn locate(source: &ScenarioText, span: Span) -> Option<(Slot, Range16)> {
    let start = span.start.offset as usize;
    let end = span.end.offset as usize;
    let (slot, local) = source.locate(start)?;
    let (slot_start, slot_end) = source
        .slots
        .iter()
        .find(|(s, e, k)| *k == slot && *s <= start && start <= *e)
        .map(|(s, e, _)| (*s, *e))?;
    match slot {
        Slot::Policy(_) | Slot::Context(_) => {
            let text = source.text.get(slot_start..slot_end)?;
            let index = LineIndex::new(text);
            let local_end = end.saturating_sub(slot_start).min(text.len());
            Some((slot, index.range(local, local_end.max(local))))
        }
        Slot::Entity(_) => Some((slot, Range16::default())),
    }
}
