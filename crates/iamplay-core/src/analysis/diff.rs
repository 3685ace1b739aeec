//! Change impact: every cell whose decision differs between two versions of a scenario, opened first.
//!
//! CONTRACT, in two parts:
//! - **Cells** (`source: "cell"`): the union of both scenarios' cells ([`super::cells::probes`]: matrix rows ×
//!   columns, plus requests with an `assume` chain or a session policy). Each cell is asked of both scenarios
//!   with the same request (the one of the scenario that has it, the `before` one when both do), so a cell only
//!   one side's matrix shows is still compared. A cell is **opened** when it goes from a deny to `Allow`,
//!   **closed** from `Allow` to a deny, and **changed** between `ExplicitDeny` and `ImplicitDeny`.
//! - **who-can** (`source: "who-can"`): for every (action, resource, context) the union of both scenarios'
//!   cells asks of a resource that has a resource side in either scenario (a `resources` entry covers it, it
//!   is a role asked an assume-role action, or a KMS key), and for `sts:AssumeRole` on every role a request's
//!   `assume` chain assumes (id_roles_terms-and-concepts.md, "Trust policy": "a required resource-based policy"), who-can
//!   ([`super::who_can`]) is asked in both, over the union of both scenarios' principals, and every principal whose answer differs is reported. That
//!   adds what the matrix has no row or column for: principals of other accounts that a trust or resource
//!   policy names, "any principal of another account", and answers that hold only for some values of the
//!   context keys the question leaves open (`beforeConditional`/`afterConditional`). Both `Allow`: from
//!   conditional to unconditional is **opened** (values that were denied are allowed now), the reverse
//!   **closed**, and a conditional answer whose conditions changed is **changed** (the diff does not decide
//!   whether different conditions allow more). A who-can cell equal to a reported cell is not reported twice.
//!   A question cannot have a different answer when nothing but other resources' policies changed (the
//!   principals, their policies, trust policies, organization policies and this resource's side are the same):
//!   such questions are counted in `whoCanUnchanged`, not asked. The rest is bounded
//!   ([`DiffOptions::max_who_can_rows`]): questions past the bound are counted in `whoCanSkipped`, never asked.
//!
//! `diff(A, A)` is empty. AWS's nearest tool answers one policy at a time (Access Analyzer `CheckNoNewAccess`);
//! this compares whole worlds by evaluating them.

use super::cells::{decide, probes, AccessCell, Probe};
use super::conditional::AnswerCondition;
use super::who_can::{principal_keys, WhoCanAsker, WhoCanRow};
use crate::context::RequestContext;
use crate::explain::Decision;
use crate::scenario::Scenario;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The default [`DiffOptions::max_who_can_rows`]: about two seconds of who-can at worst (about 20 µs a row on
/// a 1,000-principal account, benches/analysis.rs), the loader's bound for one scenario's requests.
pub const DEFAULT_MAX_WHO_CAN_ROWS: usize = 100_000;

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiffOptions {
    /// At most this many who-can rows (principals × questions, both scenarios counted) are answered; the
    /// questions past it are skipped and counted. 0 leaves the who-can part out.
    pub max_who_can_rows: usize,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self {
            max_who_can_rows: DEFAULT_MAX_WHO_CAN_ROWS,
        }
    }
}

/// Which comparison found a changed cell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeSource {
    /// A matrix cell or a request of either scenario.
    #[default]
    Cell,
    /// A who-can row over a resource of either scenario.
    WhoCan,
}

/// A cell whose decision changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangedCell {
    #[serde(flatten)]
    pub cell: AccessCell,
    /// For a conditional who-can answer, `Allow` when some value of the open keys allows.
    pub before: Decision,
    pub after: Decision,
    pub source: ChangeSource,
    /// who-can: the answer before depended on context keys the question leaves open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub before_conditional: bool,
    /// who-can: the answer after depends on context keys the question leaves open.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub after_conditional: bool,
    /// who-can: the conditions the answer rests on (after's when after is conditional, else before's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<AnswerCondition>,
    /// who-can, for a role: the roles assumed in order to reach it, the first assumed first, this role last
    /// (after's when it allows, else before's).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
    /// Who starts `chain`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chain_from: Option<String>,
}

impl ChangedCell {
    /// A cell comparison's change.
    pub fn of_cell(cell: AccessCell, before: Decision, after: Decision) -> Self {
        Self {
            cell,
            before,
            after,
            source: ChangeSource::Cell,
            before_conditional: false,
            after_conditional: false,
            conditions: Vec::new(),
            chain: Vec::new(),
            chain_from: None,
        }
    }
}

/// What a change did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScenarioDiff {
    /// Denied before, allowed after (for who-can: or allowed under fewer conditions before).
    pub opened: Vec<ChangedCell>,
    /// Allowed before, denied after (for who-can: or allowed under more conditions after).
    pub closed: Vec<ChangedCell>,
    /// Denied both times, for a different reason (explicit ↔ implicit); for who-can also a conditional
    /// `Allow` whose conditions changed.
    pub changed: Vec<ChangedCell>,
    /// who-can questions (action, resource, context) asked of both scenarios.
    pub who_can_asked: usize,
    /// who-can questions not asked because nothing they depend on changed (only other resources' policies
    /// did).
    pub who_can_unchanged: usize,
    /// who-can questions left out by the work bound (`DiffOptions`, 100,000 who-can rows by default), never
    /// asked: 0 when the comparison is complete.
    pub who_can_skipped: usize,
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
        let changed = ChangedCell::of_cell(cell, before, after);
        match (before == Decision::Allow, after == Decision::Allow) {
            (false, true) => self.opened.push(changed),
            (true, false) => self.closed.push(changed),
            _ if before != after => self.changed.push(changed),
            _ => {}
        }
    }

    /// Files a who-can row's change (see the module doc); `None` for a principal the scenario has no row for.
    fn push_who_can(
        &mut self,
        cell: AccessCell,
        before: Option<&WhoCanRow<'_>>,
        after: Option<&WhoCanRow<'_>>,
    ) {
        let decision =
            |row: Option<&WhoCanRow<'_>>| row.map_or(Decision::ImplicitDeny, |r| r.decision);
        let conditional = |row: Option<&WhoCanRow<'_>>| row.is_some_and(|r| r.conditional);
        let (old, new) = (decision(before), decision(after));
        let (old_conditional, new_conditional) = (conditional(before), conditional(after));
        let list = match (old == Decision::Allow, new == Decision::Allow) {
            (false, true) => &mut self.opened,
            (true, false) => &mut self.closed,
            (true, true) => match (old_conditional, new_conditional) {
                (true, false) => &mut self.opened,
                (false, true) => &mut self.closed,
                (true, true) if condition_set(before) != condition_set(after) => &mut self.changed,
                _ => return,
            },
            (false, false) if old != new => &mut self.changed,
            (false, false) => return,
        };
        let shown = if new_conditional || (new == Decision::Allow && after.is_some()) {
            after
        } else {
            before
        };
        let conditions = if new_conditional { after } else { before }
            .map(|row| row.conditions.clone())
            .unwrap_or_default();
        list.push(ChangedCell {
            cell,
            before: old,
            after: new,
            source: ChangeSource::WhoCan,
            before_conditional: old_conditional,
            after_conditional: new_conditional,
            conditions,
            chain: shown.map(|row| row.chain.clone()).unwrap_or_default(),
            chain_from: shown.and_then(|row| row.chain_from.clone()),
        });
    }
}

/// A conditional answer's conditions, without where they are written (a moved statement changes nothing).
fn condition_set(row: Option<&WhoCanRow<'_>>) -> Vec<String> {
    let mut set: Vec<String> = row
        .map(|row| {
            row.conditions
                .iter()
                .map(|c| {
                    format!(
                        "{:?} {:?} {} {:?}",
                        c.effect,
                        c.operator,
                        c.key.to_ascii_lowercase(),
                        c.values
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    set.sort();
    set.dedup();
    set
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

    /// Compares the cells of `after` with the baseline's (the first part of the module doc only: what a fix
    /// flips).
    pub fn diff(&self, after: &Scenario) -> ScenarioDiff {
        self.diff_cells(after, &probes(after))
    }

    fn diff_cells(&self, after: &Scenario, after_probes: &[Probe]) -> ScenarioDiff {
        let mut result = ScenarioDiff::default();
        let mut seen: HashSet<&AccessCell> = HashSet::with_capacity(self.probes.len());
        for (probe, before) in self.probes.iter().zip(&self.decisions) {
            seen.insert(&probe.cell);
            result.push(probe.cell.clone(), *before, decide(after, &probe.request));
        }
        for probe in after_probes {
            if seen.contains(&probe.cell) {
                continue;
            }
            let before = decide(self.scenario, &probe.request);
            let after_decision = decide(after, &probe.request);
            result.push(probe.cell.clone(), before, after_decision);
        }
        result
    }
}

/// Every cell whose decision differs between `before` and `after`: cells, then who-can (the module doc).
pub fn diff(before: &Scenario, after: &Scenario) -> ScenarioDiff {
    diff_with(before, after, &DiffOptions::default())
}

/// [`diff`] with its bounds.
pub fn diff_with(before: &Scenario, after: &Scenario, options: &DiffOptions) -> ScenarioDiff {
    let baseline = Baseline::new(before);
    let after_probes = probes(after);
    let mut result = baseline.diff_cells(after, &after_probes);
    let questions = who_can_questions(before, after, baseline.probes.iter().chain(&after_probes));
    if questions.is_empty() || options.max_who_can_rows == 0 {
        result.who_can_skipped = questions.len();
        return result;
    }
    // Both versions answer for the same principals: those either one knows.
    let mut keys = principal_keys(before);
    let known: HashSet<String> = keys.iter().cloned().collect();
    keys.extend(
        principal_keys(after)
            .into_iter()
            .filter(|key| !known.contains(key)),
    );
    let mut old = WhoCanAsker::with_extra(before, &keys);
    let mut new = WhoCanAsker::with_extra(after, &keys);
    let per_question = old.rows() + new.rows();
    let reported: HashSet<AccessCell> = result.cells().map(|c| c.cell.clone()).collect();
    let mut rows_left = options.max_who_can_rows;
    // When only resource policies changed, a question about a resource whose own side did not change has the
    // same answer in both versions: every input of its evaluation is the same.
    let same_world = world_fingerprint(before) == world_fingerprint(after);
    for (action, resource, context) in &questions {
        if same_world
            && resource_side(before, action, resource) == resource_side(after, action, resource)
        {
            result.who_can_unchanged += 1;
            continue;
        }
        if rows_left < per_question {
            result.who_can_skipped += 1;
            continue;
        }
        rows_left -= per_question;
        result.who_can_asked += 1;
        let old_answer = old.ask(action, resource, context);
        let new_answer = new.ask(action, resource, context);
        let after_rows: HashMap<&str, &WhoCanRow<'_>> = new_answer
            .principals
            .iter()
            .map(|row| (row.principal.as_str(), row))
            .collect();
        let before_rows: HashMap<&str, &WhoCanRow<'_>> = old_answer
            .principals
            .iter()
            .map(|row| (row.principal.as_str(), row))
            .collect();
        let principals = old_answer
            .principals
            .iter()
            .map(|row| &row.principal)
            .chain(
                new_answer
                    .principals
                    .iter()
                    .map(|row| &row.principal)
                    .filter(|principal| !before_rows.contains_key(principal.as_str())),
            );
        for principal in principals {
            let cell = AccessCell {
                principal: principal.clone(),
                assume: Vec::new(),
                action: action.clone(),
                resource: resource.clone(),
                context: context_map(context),
                session_policy: false,
                vpc_endpoint: None,
            };
            if reported.contains(&cell) {
                continue;
            }
            result.push_who_can(
                cell,
                before_rows.get(principal.as_str()).copied(),
                after_rows.get(principal.as_str()).copied(),
            );
        }
    }
    result
}

fn context_map(context: &RequestContext) -> BTreeMap<String, Vec<String>> {
    context
        .iter()
        .map(|(key, value)| (key.to_string(), value.values().to_vec()))
        .collect()
}

/// Whether a resource policy (or trust or key policy) can decide `action` on `resource` in `scenario`.
fn has_resource_side(scenario: &Scenario, action: &str, resource: &str) -> bool {
    scenario.resource_for(resource).is_some()
        || (crate::sts::is_trust_action(action) && scenario.role(resource).is_some())
        || crate::arn::Arn::parse(resource)
            .is_ok_and(|arn| arn.service == "kms" && arn.resource.starts_with("key/"))
}

/// The distinct (action, resource, context) the cells ask of resources with a resource side, and
/// `sts:AssumeRole` on every role a request's `assume` chain assumes; those whose resource policy changed first.
fn who_can_questions<'p>(
    before: &Scenario,
    after: &Scenario,
    cells: impl Iterator<Item = &'p Probe> + Clone,
) -> Vec<(String, String, RequestContext)> {
    let mut seen = HashSet::new();
    let mut questions = Vec::new();
    for probe in cells.clone() {
        let action = &probe.cell.action;
        let resource = &probe.cell.resource;
        if !has_resource_side(before, action, resource)
            && !has_resource_side(after, action, resource)
        {
            continue;
        }
        if seen.insert((action.clone(), resource.clone(), probe.cell.context.clone())) {
            questions.push((
                action.clone(),
                resource.clone(),
                probe.request.context.clone(),
            ));
        }
    }
    // A request's `assume` chain asks each role's trust policy too: who can assume it.
    for probe in cells {
        for hop in &probe.request.assume {
            let key = (
                "sts:AssumeRole".to_string(),
                hop.role.value.clone(),
                probe.cell.context.clone(),
            );
            if seen.insert(key.clone()) {
                questions.push((key.0, key.1, probe.request.context.clone()));
            }
        }
    }
    // Questions about a resource whose own policy changed first: when the bound cuts, it cuts the others.
    questions.sort_by_key(|(action, resource, _)| {
        resource_policy_text(before, action, resource)
            == resource_policy_text(after, action, resource)
    });
    questions
}

/// Everything of `scenario` but its resources and requests, positions left out: what every who-can answer
/// depends on besides the resource side (the principals, their policies, boundaries and tags, trust policies,
/// organization policies, Block Public Access, VPC endpoints).
fn world_fingerprint(scenario: &Scenario) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let policy = |out: &mut String, policy: Option<&crate::scenario::ScenarioPolicy>| match policy {
        Some(p) => {
            let _ = write!(
                out,
                "[{:?}{}]",
                p.managed_arn,
                crate::policy::print::print_policy(&p.policy)
            );
        }
        None => out.push_str("[-]"),
    };
    for account in &scenario.accounts {
        let _ = write!(
            out,
            "account {} {:?}",
            account.id.value,
            account.s3_block_public_access.map(|b| (
                b.block_public_acls,
                b.ignore_public_acls,
                b.block_public_policy,
                b.restrict_public_buckets
            ))
        );
        for levels in [&account.scps, &account.rcps] {
            out.push_str(if levels.is_some() { "{" } else { "-" });
            for level in levels.iter().flatten() {
                out.push('|');
                for p in level {
                    policy(&mut out, Some(p));
                }
            }
        }
    }
    for group in &scenario.groups {
        let _ = write!(out, "group {}", group.arn.value);
        for p in &group.policies {
            policy(&mut out, Some(p));
        }
    }
    for user in &scenario.users {
        let groups: Vec<&str> = user.groups.iter().map(|g| g.value.as_str()).collect();
        let _ = write!(out, "user {} {groups:?} {:?}", user.arn.value, user.tags);
        for p in &user.policies {
            policy(&mut out, Some(p));
        }
        policy(&mut out, user.permissions_boundary.as_ref());
    }
    for role in &scenario.roles {
        let _ = write!(
            out,
            "role {} {:?} {:?}",
            role.arn.value,
            role.tags,
            role.max_session_duration.as_ref().map(|d| d.value)
        );
        policy(&mut out, role.trust_policy.as_ref());
        for p in &role.policies {
            policy(&mut out, Some(p));
        }
        policy(&mut out, role.permissions_boundary.as_ref());
    }
    for endpoint in &scenario.vpc_endpoints {
        let _ = write!(
            out,
            "vpce {} {:?} {:?}",
            endpoint.id.value,
            endpoint.vpc.as_ref().map(|v| &v.value),
            endpoint.account.as_ref().map(|a| &a.value)
        );
        policy(&mut out, endpoint.policy.as_ref());
    }
    out
}

/// The resource side of `action` on `resource` (its entry, owner, tags, Block Public Access and policy),
/// positions left out.
fn resource_side(scenario: &Scenario, action: &str, resource: &str) -> Option<String> {
    let entry = scenario.resource_for(resource).map(|entry| {
        format!(
            "{} {:?} {:?} {:?}",
            entry.arn.value,
            entry.owner(),
            entry.tags,
            scenario.block_public_access(entry).map(|b| (
                b.block_public_acls,
                b.ignore_public_acls,
                b.block_public_policy,
                b.restrict_public_buckets
            ))
        )
    });
    let policy = resource_policy_text(scenario, action, resource);
    (entry.is_some() || policy.is_some()).then(|| format!("{entry:?} {policy:?}"))
}

/// The resource-side policy `scenario` applies to `action` on `resource`, printed (positions left out).
fn resource_policy_text(scenario: &Scenario, action: &str, resource: &str) -> Option<String> {
    let policy = if crate::sts::is_trust_action(action) {
        scenario
            .role(resource)
            .and_then(|role| role.trust_policy.as_ref())
    } else {
        scenario
            .resource_for(resource)
            .and_then(|entry| entry.policy.as_ref())
    };
    policy.map(|policy| crate::policy::print::print_policy(&policy.policy))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::load_scenario;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// The scenario `text` describes; a test's own text has no errors.
    fn loaded(text: &str) -> Scenario {
        let loaded = load_scenario(text);
        loaded
            .scenario
            .unwrap_or_else(|| panic!("{:?}", loaded.diagnostics))
    }

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
        loaded(&text)
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

    /// A bucket in account 222222222222 with the policy `statements`, ana's identity policy `identity`, and
    /// one request of ana on an object.
    fn bucket_world(identity: &str, statements: &str) -> Scenario {
        let text = format!(
            r#"{{
  "users": [{{"arn": "arn:aws:iam::222222222222:user/ana", "policies": [{{"name": "P", "document": {{
    "Version": "2012-10-17", "Statement": [{identity}]}}}}]}}],
  "resources": [{{"arn": "arn:aws:s3:::b", "account": "222222222222", "policy": {{"Version": "2012-10-17",
    "Statement": [{statements}]}}}}],
  "requests": [
    {{"principal": "arn:aws:iam::222222222222:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}}
  ]
}}"#
        );
        loaded(&text)
    }

    const NOTHING: &str =
        r#"{"Effect": "Allow", "Action": "ec2:DescribeInstances", "Resource": "*"}"#;
    const OWN_ONLY: &str = r#"{"Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::b/*"}"#;

    fn who_can_cells<'d>(cells: &'d [ChangedCell], principal: &str) -> Vec<&'d ChangedCell> {
        cells
            .iter()
            .filter(|c| c.source == ChangeSource::WhoCan && c.cell.principal == principal)
            .collect()
    }

    #[test]
    fn naming_another_account_in_a_bucket_policy_opens_who_can_rows_the_matrix_has_not() {
        let before = bucket_world(NOTHING, OWN_ONLY);
        let after = bucket_world(
            NOTHING,
            r#"{"Effect": "Allow", "Principal": {"AWS": "333333333333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let change = diff(&before, &after);
        assert_eq!(change.who_can_asked, 1);
        assert_eq!(change.who_can_skipped, 0);
        // The matrix has no row for account 333333333333: only who-can sees it opened.
        let root = who_can_cells(&change.opened, "arn:aws:iam::333333333333:root");
        assert_eq!(root.len(), 1, "{change:#?}");
        assert_eq!(root[0].cell.action, "s3:GetObject");
        assert_eq!(root[0].cell.resource, "arn:aws:s3:::b/k");
        assert_eq!(
            (root[0].before, root[0].after),
            (Decision::ImplicitDeny, Decision::Allow)
        );
        assert!(change.opened.iter().all(|c| c.cell.principal != ANY));
        // And back: closed, nothing opened.
        let back = diff(&after, &before);
        assert!(back.opened.is_empty(), "{back:#?}");
        assert_eq!(
            who_can_cells(&back.closed, "arn:aws:iam::333333333333:root").len(),
            1
        );
        assert!(diff(&after, &after).is_empty());
    }

    const ANY: &str = super::super::who_can::ANY_OTHER_ACCOUNT;

    /// A role of account 111111111111 trusted by `trusted` (principal entries), assumed by ana in a request.
    fn role_world(trusted: &str) -> Scenario {
        let text = format!(
            r#"{{
  "users": [{{"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{{"name": "P", "document": {{
    "Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}}]}}}}]}}],
  "roles": [{{"arn": "arn:aws:iam::111111111111:role/ops", "trustPolicy": {{"Version": "2012-10-17",
    "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": {trusted}}}, "Action": "sts:AssumeRole"}}]}}}}],
  "requests": [{{"principal": "arn:aws:iam::111111111111:user/ana", "assume": ["arn:aws:iam::111111111111:role/ops"],
    "action": "sts:GetCallerIdentity", "resource": "*"}}]
}}"#
        );
        loaded(&text)
    }

    #[test]
    fn trusting_another_account_opens_its_principals() {
        let before = role_world(r#""111111111111""#);
        let after = role_world(r#"["111111111111", "333333333333"]"#);
        let change = diff(&before, &after);
        // Its root user cannot assume roles; whoever its administrators allow can.
        let opened = who_can_cells(&change.opened, "any principal of 333333333333");
        assert_eq!(opened.len(), 1, "{change:#?}");
        assert_eq!(opened[0].cell.action, "sts:AssumeRole");
        assert_eq!(
            opened[0].cell.resource,
            "arn:aws:iam::111111111111:role/ops"
        );
        assert!(who_can_cells(&change.opened, "arn:aws:iam::333333333333:root").is_empty());
        let back = diff(&after, &before);
        assert_eq!(
            who_can_cells(&back.closed, "any principal of 333333333333").len(),
            1,
            "{back:#?}"
        );
        assert!(back.opened.is_empty(), "{back:#?}");
    }

    #[test]
    fn a_public_bucket_opens_any_other_account_and_anonymous() {
        let before = bucket_world(NOTHING, OWN_ONLY);
        let after = bucket_world(
            NOTHING,
            r#"{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let change = diff(&before, &after);
        assert_eq!(who_can_cells(&change.opened, ANY).len(), 1, "{change:#?}");
        // anonymous is a matrix row: the cell part reports it, once.
        let anonymous: Vec<&ChangedCell> = change
            .opened
            .iter()
            .filter(|c| c.cell.principal == "anonymous")
            .collect();
        assert_eq!(anonymous.len(), 1, "{change:#?}");
        assert_eq!(anonymous[0].source, ChangeSource::Cell);
    }

    #[test]
    fn a_conditional_grant_is_opened_only_through_who_can() {
        let before = bucket_world(NOTHING, OWN_ONLY);
        let after = bucket_world(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}"#,
            OWN_ONLY,
        );
        let change = diff(&before, &after);
        // The request (no context) stays denied; who-can sees the access the condition opens.
        let ana = who_can_cells(&change.opened, "arn:aws:iam::222222222222:user/ana");
        assert_eq!(ana.len(), 1, "{change:#?}");
        assert!(ana[0].after_conditional && !ana[0].before_conditional);
        assert!(ana[0].conditions.iter().any(|c| c.key == "aws:SourceIp"));
        // Dropping the condition later opens it for every address.
        let unconditional = bucket_world(
            r#"{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}"#,
            OWN_ONLY,
        );
        let wider = diff(&after, &unconditional);
        let ana = wider
            .opened
            .iter()
            .find(|c| c.cell.principal.ends_with("user/ana"))
            .unwrap_or_else(|| panic!("{wider:#?}"));
        // The request's cell opened too (it is denied without the address): reported once, as a cell.
        assert_eq!(ana.source, ChangeSource::Cell);
        assert_eq!(
            wider
                .cells()
                .filter(|c| c.cell.principal.ends_with("user/ana"))
                .count(),
            1
        );
    }

    #[test]
    fn questions_about_resources_nothing_changed_for_are_not_asked() {
        let two_buckets = |policy: &str| {
            let text = format!(
                r#"{{
  "users": [{{"arn": "arn:aws:iam::222222222222:user/ana"}}],
  "resources": [
    {{"arn": "arn:aws:s3:::b", "account": "222222222222", "policy": {{"Version": "2012-10-17", "Statement": [{policy}]}}}},
    {{"arn": "arn:aws:s3:::c", "account": "222222222222"}}],
  "requests": [
    {{"principal": "arn:aws:iam::222222222222:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"}},
    {{"principal": "arn:aws:iam::222222222222:user/ana", "action": "s3:GetObject", "resource": "arn:aws:s3:::c/k"}}
  ]
}}"#
            );
            loaded(&text)
        };
        let before = two_buckets(OWN_ONLY);
        let after = two_buckets(
            r#"{"Effect": "Allow", "Principal": {"AWS": "333333333333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let change = diff(&before, &after);
        assert_eq!(
            (
                change.who_can_asked,
                change.who_can_unchanged,
                change.who_can_skipped
            ),
            (1, 1, 0)
        );
        assert_eq!(
            who_can_cells(&change.opened, "arn:aws:iam::333333333333:root").len(),
            1
        );
        // A change to a principal's own policy can change any answer: every question is asked.
        let mut widened = after.clone();
        if let Some(ana) = widened.users.first_mut() {
            ana.tags.insert("team".to_string(), "data".to_string());
        }
        let change = diff(&after, &widened);
        assert_eq!((change.who_can_asked, change.who_can_unchanged), (2, 0));
    }

    #[test]
    fn the_who_can_part_is_bounded() {
        let before = bucket_world(NOTHING, OWN_ONLY);
        let after = bucket_world(
            NOTHING,
            r#"{"Effect": "Allow", "Principal": {"AWS": "333333333333"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}"#,
        );
        let change = diff_with(
            &before,
            &after,
            &DiffOptions {
                max_who_can_rows: 3,
            },
        );
        assert_eq!((change.who_can_asked, change.who_can_skipped), (0, 1));
        assert!(change.cells().all(|c| c.source == ChangeSource::Cell));
    }
}
