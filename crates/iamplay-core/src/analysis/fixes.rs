//! What would change a decision: the smallest edits of the scenario file that flip one request or matrix cell,
//! each proven by re-evaluating the edited scenario, with every other cell it flips.
//!
//! CONTRACT:
//! - Input is the scenario **text**, because every fix is an RFC 6902 JSON Patch against that file as written
//!   (`/users/0/policies/1/document/Statement/-`); [`super::patch`] applies it.
//! - A denied target gets edits that allow it: an `Allow` of the exact action and resource (no wildcards) added
//!   to a policy the explanation shows was missing an allow (identity, boundary, session, SCP, RCP), or a new
//!   inline policy when the caller has none; the caller added to a resource or trust policy's `Principal`, or a
//!   statement naming it; the decisive `Deny` removed, narrowed (one pattern of several dropped) or made to
//!   exempt the caller (`ArnNotEquals aws:PrincipalArn`); and, for a request, the context values that satisfy
//!   a failed condition. When one edit is not enough (cross-account needs the identity side **and** the resource
//!   side, reference_policies_evaluation-logic-cross-account.md, "Determining whether a cross-account request
//!   is allowed"; an explicit deny removed may leave an implicit one), edits are combined, up to
//!   [`MAX_STEPS`], and only when each one brings the target closer.
//! - An allowed target gets edits that deny it: each granting statement removed or narrowed, a condition made to
//!   fail, or an exact `Deny` added to the caller's identity policy or to the resource policy.
//! - Every fix is kept only when the patched file loads without error and the target's decision flipped
//!   (denied → `Allow`, allowed → a deny). Its `flips` are the other cells whose decision changed
//!   ([`super::diff`]), and fixes are ordered by fewest flips, then fewest patch operations.
//! - SCP and RCP edits are marked `changedBy: organization`: only the organization's administrator can make them
//!   (reference_policies_evaluation-logic.md, "Evaluating identity-based policies with Organizations SCPs").

use super::cells::{decide, matrix_request, AccessCell};
use super::diff::{Baseline, ChangedCell};
use super::patch::{apply, escape, path_of_span, Json, PatchOp};
use crate::diagnostic::Diagnostic;
use crate::explain::{
    Decision, EvaluationNote, Explanation, PolicyExplanation, PolicyType, StatementExplanation,
    TypeOutcome,
};
use crate::json::{parse, Limits, SpannedValue};
use crate::matrix::compute_matrix;
use crate::policy::model::{BaseOperator, ConditionClause, Effect, Statement};
use crate::scenario::{
    check_request, load_scenario_value_with, parse_principal, CallerSpec, CheckOptions,
    LoadOptions, Request, Scenario, ScenarioPolicy,
};
use serde::Serialize;

/// The most edits one fix combines.
pub const MAX_STEPS: usize = 3;
/// The most fixes returned.
pub const MAX_FIXES: usize = 12;
/// The most edited scenarios evaluated for one target (keeps a hostile file cheap).
const MAX_TRIES: usize = 80;
/// How many alternatives of each kind are followed into a combination.
const BRANCHING: usize = 4;

/// Codes of this analysis (`E09xx`).
pub mod codes {
    /// The request index names no request.
    pub const E0901_NO_SUCH_REQUEST: &str = "E0901";
    /// The row or column names no matrix cell.
    pub const E0902_NO_SUCH_CELL: &str = "E0902";
}

/// Who has to make an edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangedBy {
    /// An administrator of the account owning the policy.
    Account,
    /// The organization's administrator (SCPs, RCPs).
    Organization,
    /// Whoever sends the request (its context).
    Caller,
}

/// What an edit does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FixEditKind {
    /// An `Allow` of the exact action and resource added to a policy.
    AddAllow,
    /// A new inline policy for the caller.
    AddPolicy,
    /// The caller added to the `Principal` of a resource or trust policy statement.
    AddPrincipal,
    /// A resource or trust policy created.
    AddResourcePolicy,
    /// A statement removed.
    RemoveStatement,
    /// One `Action` or `Resource` pattern of several removed.
    NarrowStatement,
    /// A `Deny` that no longer applies to the caller (`ArnNotEquals aws:PrincipalArn`).
    ExemptCaller,
    /// An exact `Deny` added.
    AddDeny,
    /// Request context values that make a condition hold or fail.
    SetContext,
}

/// One edit of a fix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixEdit {
    pub kind: FixEditKind,
    pub changed_by: ChangedBy,
    /// The policy edited, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_id: Option<String>,
    pub summary: String,
    pub patch: Vec<PatchOp>,
}

/// A verified change: what to do, the patch, and what else it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    /// One line.
    pub summary: String,
    /// RFC 6902 operations against the scenario file.
    pub patch: Vec<PatchOp>,
    /// Every other cell whose decision the fix changes.
    pub flips: Vec<ChangedCell>,
    /// The target's decision once the fix is applied.
    pub decision: Decision,
    /// The organization's administrator must make (part of) it.
    pub needs_organization: bool,
    pub edits: Vec<FixEdit>,
}

/// The fixes of one target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixReport {
    pub target: AccessCell,
    pub decision: Decision,
    /// What the fixes aim for: `Allow` for a denied target, a deny for an allowed one.
    pub goal: FixGoal,
    pub fixes: Vec<Fix>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum FixGoal {
    Allow,
    Deny,
}

/// What to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A request by its 0-based index.
    Request(usize),
    /// A matrix cell (row, column) of [`compute_matrix`].
    Cell { row: usize, column: usize },
}

/// Loads `text` and both the JSON tree and the scenario, or the loader's errors.
pub(crate) fn load(
    text: &str,
    options: &LoadOptions<'_>,
) -> Result<(SpannedValue, Scenario), Vec<Diagnostic>> {
    let value = parse(text, &Limits::scenario())?;
    let loaded = load_scenario_value_with(&value, options);
    match loaded.scenario {
        Some(scenario) => Ok((value, scenario)),
        None => Err(loaded
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect()),
    }
}

/// The fixes for request `index` of the scenario `text`.
pub fn suggest_fixes(text: &str, index: usize) -> Result<FixReport, Vec<Diagnostic>> {
    suggest(text, Target::Request(index), &LoadOptions::default())
}

/// [`suggest_fixes`] with AWS managed policies looked up where `options` says.
pub fn suggest_fixes_with(
    text: &str,
    index: usize,
    options: &LoadOptions<'_>,
) -> Result<FixReport, Vec<Diagnostic>> {
    suggest(text, Target::Request(index), options)
}

/// The fixes for one target of the scenario `text`.
pub fn suggest(
    text: &str,
    target: Target,
    options: &LoadOptions<'_>,
) -> Result<FixReport, Vec<Diagnostic>> {
    let (root, scenario) = load(text, options)?;
    let request = match target {
        Target::Request(index) => scenario.requests.get(index).cloned().ok_or_else(|| {
            vec![Diagnostic::error(
                codes::E0901_NO_SUCH_REQUEST,
                format!(
                    "there is no request `{index}`: the scenario has {} requests",
                    scenario.requests.len()
                ),
                None,
            )
            .with_help("requests are numbered from 0 in the order of `requests`")]
        })?,
        Target::Cell { row, column } => cell_request(&scenario, row, column)?,
    };
    let request_index = match target {
        Target::Request(index) => Some(index),
        Target::Cell { .. } => None,
    };
    Ok(suggest_loaded(
        &root,
        &scenario,
        &request,
        request_index,
        options,
    ))
}

/// The matrix cell (`row`, `column`) of `scenario` as a request, or why there is none.
pub(crate) fn cell_request(
    scenario: &Scenario,
    row: usize,
    column: usize,
) -> Result<Request, Vec<Diagnostic>> {
    let matrix = compute_matrix(scenario);
    let (Some(row_view), Some(column_view)) = (matrix.rows.get(row), matrix.columns.get(column))
    else {
        return Err(vec![Diagnostic::error(
            codes::E0902_NO_SUCH_CELL,
            format!(
                "there is no matrix cell `{row}, {column}`: the matrix has {} rows and {} columns",
                matrix.rows.len(),
                matrix.columns.len()
            ),
            None,
        )
        .with_help("rows and columns are numbered from 0")]);
    };
    let empty = crate::context::RequestContext::new();
    // As `cells::probes` asks it (no endpoint), so the target is the same cell as the one `diff` compares.
    Ok(matrix_request(
        &row_view.key,
        column_view.action,
        column_view.resource,
        column_view.context.unwrap_or(&empty),
    ))
}

/// The fixes of `request` (request `request_index` of the scenario, when it is one) in a loaded scenario.
pub(crate) fn suggest_loaded(
    root: &SpannedValue,
    scenario: &Scenario,
    request: &Request,
    request_index: Option<usize>,
    options: &LoadOptions<'_>,
) -> FixReport {
    let request = request.clone();
    let decision = decide(scenario, &request);
    let goal = if decision == Decision::Allow {
        FixGoal::Deny
    } else {
        FixGoal::Allow
    };
    let document = Json::from_spanned(root);
    let baseline = Baseline::new(scenario);
    let target_cell = AccessCell::of_request(&request);
    let mut search = Search {
        options: *options,
        goal,
        request_index,
        target_request: request.clone(),
        baseline: &baseline,
        target_cell: target_cell.clone(),
        found: Vec::new(),
        tries: 0,
    };
    search.expand(&document, root, scenario, &request, &[], 0);
    let mut fixes = smallest(search.found);
    fixes.sort_by_key(|fix| (fix.flips.len(), fix.edits.len(), fix.patch.len()));
    fixes.truncate(MAX_FIXES);
    FixReport {
        target: target_cell,
        decision,
        goal,
        fixes,
    }
}

/// Drops every fix whose edits include all of another fix's: the smaller one is enough.
fn smallest(fixes: Vec<Fix>) -> Vec<Fix> {
    let covers = |big: &Fix, small: &Fix| {
        big.edits.len() > small.edits.len()
            && small
                .edits
                .iter()
                .all(|edit| big.edits.iter().any(|other| other.patch == edit.patch))
    };
    fixes
        .iter()
        .filter(|fix| !fixes.iter().any(|other| covers(fix, other)))
        .cloned()
        .collect()
}

struct Search<'b> {
    options: LoadOptions<'b>,
    goal: FixGoal,
    request_index: Option<usize>,
    target_request: Request,
    baseline: &'b Baseline<'b>,
    target_cell: AccessCell,
    found: Vec<Fix>,
    tries: usize,
}

/// How far a decision is from the goal: lower is closer.
fn distance(goal: FixGoal, explanation: &Explanation<'_>) -> (u8, usize) {
    match goal {
        FixGoal::Allow => match explanation.decision {
            Decision::Allow => (0, 0),
            Decision::ImplicitDeny => (
                1,
                explanation
                    .policy_types
                    .iter()
                    .filter(|result| result.counted && result.outcome != TypeOutcome::Allowed)
                    .count(),
            ),
            Decision::ExplicitDeny => (2, explanation.decisive.len()),
        },
        FixGoal::Deny => match explanation.decision {
            Decision::Allow => (1, explanation.decisive.len()),
            _ => (0, 0),
        },
    }
}

impl Search<'_> {
    /// Tries every candidate edit of `scenario` (already reached by `steps`); records fixes, and follows
    /// candidates that bring the target closer.
    fn expand(
        &mut self,
        document: &Json,
        root: &SpannedValue,
        scenario: &Scenario,
        request: &Request,
        steps: &[FixEdit],
        depth: usize,
    ) {
        let result = check_request(scenario, request, &CheckOptions::default());
        let before = distance(self.goal, &result.explanation);
        let context = Context {
            root,
            document,
            scenario,
            request,
            request_index: self.request_index,
            result: &result,
        };
        let candidates = match self.goal {
            FixGoal::Allow => context.allow_candidates(),
            FixGoal::Deny => context.deny_candidates(),
        };
        let mut follow = Vec::new();
        for edit in candidates {
            if self.tries >= MAX_TRIES {
                break;
            }
            let mut all: Vec<FixEdit> = steps.to_vec();
            all.push(edit);
            let patch: Vec<PatchOp> = all.iter().flat_map(|edit| edit.patch.clone()).collect();
            let Ok(patched) = apply(document, &patch_of(steps, &all)) else {
                continue;
            };
            if self.is_known(&all) {
                continue;
            }
            self.tries += 1;
            let text = patched.to_text();
            let Ok((patched_root, patched_scenario)) = load(&text, &self.options) else {
                continue;
            };
            let patched_request = match self.request_index {
                Some(index) => match patched_scenario.requests.get(index) {
                    Some(request) => request.clone(),
                    None => continue,
                },
                None => self.target_request.clone(),
            };
            let after = check_request(
                &patched_scenario,
                &patched_request,
                &CheckOptions::default(),
            );
            let reached = match self.goal {
                FixGoal::Allow => after.decision == Decision::Allow,
                FixGoal::Deny => after.decision != Decision::Allow,
            };
            if reached {
                let diff = self.baseline.diff(&patched_scenario);
                let flips = diff
                    .cells()
                    .filter(|changed| changed.cell != self.target_cell)
                    .cloned()
                    .collect();
                self.found.push(fix_of(all, patch, flips, after.decision));
            } else if depth + 1 < MAX_STEPS && distance(self.goal, &after.explanation) < before {
                follow.push((
                    patched,
                    patched_root,
                    patched_scenario,
                    patched_request,
                    all,
                ));
            }
        }
        for (patched, patched_root, patched_scenario, patched_request, all) in follow {
            self.expand(
                &patched,
                &patched_root,
                &patched_scenario,
                &patched_request,
                &all,
                depth + 1,
            );
        }
    }

    /// Whether a fix already found uses a subset of these edits (then these are not the smallest), or the
    /// same edits in another order.
    fn is_known(&self, edits: &[FixEdit]) -> bool {
        self.found.iter().any(|fix| {
            fix.edits
                .iter()
                .all(|known| edits.iter().any(|edit| edit.patch == known.patch))
        })
    }
}

/// The patch of `all` given that `steps` (a prefix) were already applied to the document passed along: only
/// the new edit's operations.
fn patch_of(steps: &[FixEdit], all: &[FixEdit]) -> Vec<PatchOp> {
    all.iter()
        .skip(steps.len())
        .flat_map(|edit| edit.patch.clone())
        .collect()
}

fn fix_of(
    edits: Vec<FixEdit>,
    patch: Vec<PatchOp>,
    flips: Vec<ChangedCell>,
    decision: Decision,
) -> Fix {
    let needs_organization = edits
        .iter()
        .any(|edit| edit.changed_by == ChangedBy::Organization);
    let both_sides = edits.len() > 1
        && edits.iter().any(|edit| {
            matches!(
                edit.kind,
                FixEditKind::AddPrincipal | FixEditKind::AddResourcePolicy
            )
        })
        && edits
            .iter()
            .any(|edit| matches!(edit.kind, FixEditKind::AddAllow | FixEditKind::AddPolicy));
    let mut summary = edits
        .iter()
        .map(|edit| edit.summary.clone())
        .collect::<Vec<_>>()
        .join("; and ");
    if both_sides {
        summary = format!("cross-account, so both sides must allow: {summary}");
    }
    if needs_organization {
        summary.push_str(" (the organization's administrator must make this change)");
    }
    Fix {
        summary,
        patch,
        flips,
        decision,
        needs_organization,
        edits,
    }
}

/// What one evaluation of the target offers to edit.
struct Context<'a, 's> {
    root: &'a SpannedValue,
    document: &'a Json,
    scenario: &'s Scenario,
    request: &'a Request,
    request_index: Option<usize>,
    result: &'a crate::scenario::RequestResult<'s>,
}

/// What the explanation is about: the denied hop's `sts:AssumeRole`, or the request's action.
struct Act {
    /// The caller as a request's `principal` would name it (an ARN, a service, `anonymous`).
    caller: String,
    action: String,
    resource: String,
}

/// How a policy's caller is named in a `Principal` element.
fn principal_entry(caller: &str) -> Option<(&'static str, String)> {
    match parse_principal(caller).ok()? {
        // Only a wildcard names the anonymous caller (reference_policies_elements_principal.md,
        // "All principals").
        CallerSpec::Anonymous => Some(("AWS", "*".to_string())),
        CallerSpec::Root { account } => Some(("AWS", format!("arn:aws:iam::{account}:root"))),
        CallerSpec::User { arn } | CallerSpec::FederatedUser { arn, .. } => Some(("AWS", arn)),
        CallerSpec::Role {
            account,
            role_name,
            role_arn,
            ..
        } => Some((
            "AWS",
            role_arn.unwrap_or_else(|| format!("arn:aws:iam::{account}:role/{role_name}")),
        )),
        CallerSpec::Service { name } => Some(("Service", name)),
        CallerSpec::Provider { provider } => Some(("Federated", provider)),
    }
}

/// A `Sid` from words: `AllowS3GetObject`.
fn sid(prefix: &str, action: &str) -> String {
    let mut sid = prefix.to_string();
    let mut upper = true;
    for character in action.chars() {
        if character.is_ascii_alphanumeric() {
            if upper {
                sid.extend(character.to_uppercase());
            } else {
                sid.push(character);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    sid
}

fn is_organization(policy_type: PolicyType) -> bool {
    matches!(policy_type, PolicyType::Scp | PolicyType::Rcp)
}

fn changed_by(policy_type: PolicyType) -> ChangedBy {
    if is_organization(policy_type) {
        ChangedBy::Organization
    } else {
        ChangedBy::Account
    }
}

fn type_label(policy_type: PolicyType) -> &'static str {
    match policy_type {
        PolicyType::Scp => "SCP",
        PolicyType::Rcp => "RCP",
        PolicyType::Resource => "resource policy",
        PolicyType::Identity => "policy",
        PolicyType::PermissionsBoundary => "permissions boundary",
        PolicyType::Session => "session policy",
        PolicyType::VpcEndpoint => "VPC endpoint policy",
    }
}

impl<'s> Context<'_, 's> {
    fn act(&self) -> Act {
        if let Some(hop) = self
            .result
            .denied_hop
            .and_then(|index| self.result.hops.get(index))
        {
            return Act {
                caller: hop.caller.clone(),
                action: hop.action.clone(),
                resource: hop.role_arn.clone(),
            };
        }
        Act {
            caller: self.request.assume.last().map_or_else(
                || self.request.principal.value.clone(),
                |hop| hop.role.value.clone(),
            ),
            action: self.request.action.value.clone(),
            resource: self.request.resource.value.clone(),
        }
    }

    fn explanation(&self) -> &Explanation<'s> {
        &self.result.explanation
    }

    /// Every policy of the scenario (and the target's session policy) with this id.
    fn policy(&self, id: &str) -> Option<&ScenarioPolicy> {
        if let Some(session) = self
            .request
            .session_policy
            .as_ref()
            .filter(|policy| policy.id == id)
        {
            return Some(session);
        }
        let scenario = self.scenario;
        let mut all =
            scenario
                .users
                .iter()
                .flat_map(|user| user.policies.iter().chain(&user.permissions_boundary))
                .chain(scenario.groups.iter().flat_map(|group| &group.policies))
                .chain(scenario.roles.iter().flat_map(|role| {
                    role.policies
                        .iter()
                        .chain(&role.trust_policy)
                        .chain(&role.permissions_boundary)
                }))
                .chain(
                    scenario
                        .resources
                        .iter()
                        .flat_map(|resource| &resource.policy),
                )
                .chain(scenario.accounts.iter().flat_map(|account| {
                    account.scps.iter().chain(&account.rcps).flatten().flatten()
                }));
        all.find(|policy| policy.id == id)
    }

    /// The JSON Pointer of a policy's document in the file (`None` for a managed policy named by ARN).
    fn document_path(&self, policy: &ScenarioPolicy) -> Option<String> {
        let entry = path_of_span(self.root, policy.span)?;
        match self.document.at(&entry)? {
            Json::Object(_) if self.document.at(&format!("{entry}/document")).is_some() => {
                Some(format!("{entry}/document"))
            }
            Json::Object(_) => Some(entry),
            _ => None,
        }
    }

    /// The operations that add `statement` to the document at `path`, whatever form its `Statement` has.
    fn add_statement(&self, path: &str, statement: Json) -> Vec<PatchOp> {
        let statements = format!("{path}/Statement");
        match self.document.at(&statements) {
            Some(Json::Array(_)) => vec![PatchOp::add(format!("{statements}/-"), statement)],
            Some(single) => vec![PatchOp::replace(
                statements,
                Json::Array(vec![single.clone(), statement]),
            )],
            None => vec![PatchOp::add(statements, Json::Array(vec![statement]))],
        }
    }

    /// The JSON Pointer of a statement of the document at `path`.
    fn statement_path(&self, path: &str, index: usize) -> Option<String> {
        let statements = format!("{path}/Statement");
        match self.document.at(&statements)? {
            Json::Array(_) => Some(format!("{statements}/{index}")),
            Json::Object(_) if index == 0 => Some(statements),
            _ => None,
        }
    }

    /// The pointer of the user or role entry a caller names.
    fn entity_path(&self, caller: &str) -> Option<String> {
        let span = match parse_principal(caller).ok()? {
            CallerSpec::User { arn } => self.scenario.user(&arn)?.span,
            CallerSpec::Role {
                account,
                role_name,
                role_arn,
                ..
            } => match role_arn.as_deref().and_then(|arn| self.scenario.role(arn)) {
                Some(role) => role.span,
                None => self.scenario.role_by_name(&account, &role_name)?.span,
            },
            _ => return None,
        };
        path_of_span(self.root, span)
    }

    fn exact(
        &self,
        effect: &str,
        act: &Act,
        principal: Option<(&str, String)>,
        with_resource: bool,
    ) -> Json {
        let prefix = if effect == "Allow" { "Allow" } else { "Deny" };
        let mut members = vec![
            ("Sid".to_string(), Json::str(sid(prefix, &act.action))),
            ("Effect".to_string(), Json::str(effect)),
        ];
        if let Some((kind, value)) = principal {
            members.push((
                "Principal".to_string(),
                Json::Object(vec![(kind.to_string(), Json::str(value))]),
            ));
        }
        members.push(("Action".to_string(), Json::str(act.action.clone())));
        if with_resource {
            members.push(("Resource".to_string(), Json::str(act.resource.clone())));
        }
        Json::Object(members)
    }

    /// Edits that make the target allowed: one list per thing that must change.
    fn allow_candidates(&self) -> Vec<FixEdit> {
        let explanation = self.explanation();
        let act = self.act();
        let mut edits = Vec::new();
        if explanation.decision == Decision::ExplicitDeny {
            for decisive in &explanation.decisive {
                if decisive.effect != Effect::Deny {
                    continue;
                }
                let Some(policy) = self.policy(&decisive.policy_id) else {
                    continue;
                };
                let Some(statement) = policy.policy.statements.get(decisive.statement_index) else {
                    continue;
                };
                edits.extend(self.neutralize(
                    policy,
                    decisive.policy_type,
                    statement,
                    &act,
                    "no longer deny",
                ));
            }
            edits.extend(self.context_edits(true));
            return edits;
        }
        // Implicit deny: every policy type whose missing allow counted.
        let failing: Vec<PolicyType> = explanation
            .policy_types
            .iter()
            .filter(|result| result.counted && result.outcome != TypeOutcome::Allowed)
            .map(|result| result.policy_type)
            .collect();
        for policy_type in failing {
            let mut side = Vec::new();
            match policy_type {
                PolicyType::Resource => side.extend(self.resource_allows(&act)),
                _ => {
                    let levels = explanation
                        .notes
                        .iter()
                        .filter_map(|note| match note {
                            EvaluationNote::ScpLevelWithoutAllow { level } => Some(*level),
                            _ => None,
                        })
                        .collect::<Vec<_>>();
                    for policy in explanation
                        .policies
                        .iter()
                        .filter(|policy| policy.policy_type == policy_type)
                        .filter(|policy| {
                            policy_type != PolicyType::Scp
                                || levels.is_empty()
                                || policy.level.is_some_and(|level| levels.contains(&level))
                        })
                    {
                        side.extend(self.add_allow(policy, &act));
                    }
                    if policy_type == PolicyType::Identity {
                        side.extend(self.new_policy(&act, explanation));
                    }
                }
            }
            side.truncate(BRANCHING);
            edits.extend(side);
        }
        edits.extend(self.context_edits(true));
        edits
    }

    /// An exact `Allow` added to one policy the explanation lists.
    fn add_allow(&self, listed: &PolicyExplanation<'_>, act: &Act) -> Option<FixEdit> {
        let policy = self.policy(&listed.policy_id)?;
        let path = self.document_path(policy)?;
        let statement = self.exact("Allow", act, None, true);
        Some(FixEdit {
            kind: FixEditKind::AddAllow,
            changed_by: changed_by(listed.policy_type),
            policy_id: Some(policy.id.clone()),
            summary: format!(
                "add to {} `{}` a statement allowing `{}` on `{}`",
                type_label(listed.policy_type),
                policy.id,
                act.action,
                act.resource
            ),
            patch: self.add_statement(&path, statement),
        })
    }

    /// A new inline policy for the caller, when it has no identity policy of its own to extend.
    fn new_policy(&self, act: &Act, explanation: &Explanation<'_>) -> Option<FixEdit> {
        let entity = self.entity_path(&act.caller)?;
        let own_prefix = entity_id_prefix(&act.caller);
        let has_own = explanation.policies.iter().any(|policy| {
            policy.policy_type == PolicyType::Identity
                && own_prefix
                    .as_deref()
                    .is_some_and(|prefix| policy.policy_id.starts_with(prefix))
                && self
                    .policy(&policy.policy_id)
                    .and_then(|found| self.document_path(found))
                    .is_some()
        });
        if has_own {
            return None;
        }
        let name = sid("Allow", &act.action);
        let entry = Json::object([
            ("name", Json::str(name.clone())),
            (
                "document",
                Json::object([
                    ("Version", Json::str("2012-10-17")),
                    (
                        "Statement",
                        Json::Array(vec![self.exact("Allow", act, None, true)]),
                    ),
                ]),
            ),
        ]);
        let policies = format!("{entity}/policies");
        let patch = match self.document.at(&policies) {
            Some(Json::Array(_)) => vec![PatchOp::add(format!("{policies}/-"), entry)],
            _ => vec![PatchOp::add(policies, Json::Array(vec![entry]))],
        };
        Some(FixEdit {
            kind: FixEditKind::AddPolicy,
            changed_by: ChangedBy::Account,
            policy_id: None,
            summary: format!(
                "give `{}` a policy `{name}` allowing `{}` on `{}`",
                act.caller, act.action, act.resource
            ),
            patch,
        })
    }

    /// The resource side: the caller added to a statement's `Principal`, a new statement, or a new policy.
    fn resource_allows(&self, act: &Act) -> Vec<FixEdit> {
        let explanation = self.explanation();
        let Some((kind, value)) = principal_entry(&act.caller) else {
            return Vec::new();
        };
        let mut edits = Vec::new();
        let is_trust = act
            .action
            .to_ascii_lowercase()
            .starts_with("sts:assumerole");
        let what = if is_trust {
            "trust policy"
        } else {
            "resource policy"
        };
        let mut listed_any = false;
        for listed in explanation
            .policies
            .iter()
            .filter(|policy| policy.policy_type == PolicyType::Resource)
        {
            let Some(policy) = self.policy(&listed.policy_id) else {
                continue;
            };
            let Some(path) = self.document_path(policy) else {
                continue;
            };
            listed_any = true;
            for statement in &listed.statements {
                if let Some(edit) = self.add_principal(policy, &path, statement, kind, &value, what)
                {
                    edits.push(edit);
                }
            }
            let with_resource = !is_trust;
            edits.push(FixEdit {
                kind: FixEditKind::AddAllow,
                changed_by: ChangedBy::Account,
                policy_id: Some(policy.id.clone()),
                summary: format!(
                    "add to {what} `{}` a statement allowing `{value}` to `{}`",
                    policy.id, act.action
                ),
                patch: self.add_statement(
                    &path,
                    self.exact("Allow", act, Some((kind, value.clone())), with_resource),
                ),
            });
        }
        if !listed_any {
            edits.extend(self.new_resource_policy(act, kind, &value, is_trust));
        }
        edits
    }

    /// The caller added to the `Principal` of a statement whose action and resource already match.
    fn add_principal(
        &self,
        policy: &ScenarioPolicy,
        path: &str,
        statement: &StatementExplanation<'_>,
        kind: &str,
        value: &str,
        what: &str,
    ) -> Option<FixEdit> {
        let principal_missed = statement
            .principal
            .as_ref()
            .is_some_and(|principal| !principal.negated && !principal.applies);
        let resource_ok = statement.resource.as_ref().is_some_and(|r| r.applies);
        if statement.effect != Effect::Allow
            || !statement.action.applies
            || !resource_ok
            || !principal_missed
        {
            return None;
        }
        let statement_path = self.statement_path(path, statement.index)?;
        let principal_path = format!("{statement_path}/Principal");
        let entry_path = format!("{principal_path}/{}", escape(kind));
        let patch = match self.document.at(&principal_path)? {
            Json::Object(_) => match self.document.at(&entry_path) {
                Some(Json::Array(_)) => {
                    vec![PatchOp::add(format!("{entry_path}/-"), Json::str(value))]
                }
                Some(one) => vec![PatchOp::replace(
                    entry_path,
                    Json::Array(vec![one.clone(), Json::str(value)]),
                )],
                None => vec![PatchOp::add(entry_path, Json::str(value))],
            },
            _ => return None,
        };
        let sid = statement.sid.map_or_else(
            || format!("statement {}", statement.index),
            |sid| format!("statement `{sid}`"),
        );
        Some(FixEdit {
            kind: FixEditKind::AddPrincipal,
            changed_by: ChangedBy::Account,
            policy_id: Some(policy.id.clone()),
            summary: format!(
                "add `{value}` to the `Principal` of {sid} in {what} `{}`",
                policy.id
            ),
            patch,
        })
    }

    /// A trust policy for a role without one, or a resource policy for a resource without one.
    fn new_resource_policy(
        &self,
        act: &Act,
        kind: &str,
        value: &str,
        is_trust: bool,
    ) -> Option<FixEdit> {
        let statement = self.exact("Allow", act, Some((kind, value.to_string())), !is_trust);
        let document = Json::object([
            ("Version", Json::str("2012-10-17")),
            ("Statement", Json::Array(vec![statement])),
        ]);
        if is_trust {
            let role = self.scenario.role(&act.resource)?;
            let path = path_of_span(self.root, role.span)?;
            return Some(FixEdit {
                kind: FixEditKind::AddResourcePolicy,
                changed_by: ChangedBy::Account,
                policy_id: None,
                summary: format!(
                    "give role `{}` a trust policy allowing `{value}` to `{}`",
                    act.resource, act.action
                ),
                patch: vec![PatchOp::add(format!("{path}/trustPolicy"), document)],
            });
        }
        if let Some(entry) = self.scenario.resource_for(&act.resource) {
            let summary = format!(
                "give `{}` a resource policy allowing `{value}` to `{}`",
                entry.arn.value, act.action
            );
            let path = path_of_span(self.root, entry.span)?;
            return Some(FixEdit {
                kind: FixEditKind::AddResourcePolicy,
                changed_by: ChangedBy::Account,
                policy_id: None,
                summary,
                patch: vec![PatchOp::add(format!("{path}/policy"), document)],
            });
        }
        None
    }

    /// Edits that stop a statement from applying to the target: removal, one pattern dropped, the caller
    /// exempted.
    fn neutralize(
        &self,
        policy: &ScenarioPolicy,
        policy_type: PolicyType,
        statement: &Statement,
        act: &Act,
        purpose: &str,
    ) -> Vec<FixEdit> {
        let Some(path) = self.document_path(policy) else {
            return Vec::new();
        };
        let Some(statement_path) = self.statement_path(&path, statement.index) else {
            return Vec::new();
        };
        let by = changed_by(policy_type);
        let label = type_label(policy_type);
        let name = statement.sid.as_ref().map_or_else(
            || format!("statement {}", statement.index),
            |sid| format!("statement `{}`", sid.value),
        );
        let mut edits = Vec::new();
        let single = !matches!(self.document.at(&format!("{path}/Statement")), Some(Json::Array(items)) if items.len() > 1);
        // A policy needs a statement (E0207): the only one goes with its policy.
        let entry = path_of_span(self.root, policy.span);
        let removal = match (single, entry) {
            (false, _) => Some((
                format!(
                    "remove {name} from {label} `{}` so it will {purpose}",
                    policy.id
                ),
                PatchOp::remove(statement_path.clone()),
            )),
            (true, Some(entry)) => Some((
                format!(
                    "remove {label} `{}` (its only statement is {name}) so it will {purpose}",
                    policy.id
                ),
                PatchOp::remove(entry),
            )),
            (true, None) => None,
        };
        if let Some((summary, op)) = removal {
            edits.push(FixEdit {
                kind: FixEditKind::RemoveStatement,
                changed_by: by,
                policy_id: Some(policy.id.clone()),
                summary,
                patch: vec![op],
            });
        }
        // One pattern of several dropped: the statement keeps the rest.
        for (element, block) in [
            (
                "Action",
                statement
                    .action
                    .as_ref()
                    .map(|block| (block.negated, &block.patterns)),
            ),
            (
                "Resource",
                statement
                    .resource
                    .as_ref()
                    .map(|block| (block.negated, &block.patterns)),
            ),
        ] {
            let Some((false, patterns)) = block else {
                continue;
            };
            if patterns.len() < 2 {
                continue;
            }
            let value = if element == "Action" {
                &act.action
            } else {
                &act.resource
            };
            for (at, pattern) in patterns.iter().enumerate() {
                let parsed = crate::wildcard::Pattern::parse(&pattern.value);
                let hit = if element == "Action" {
                    parsed.matches_ignore_case(value)
                } else {
                    parsed.matches(value)
                };
                if !hit {
                    continue;
                }
                edits.push(FixEdit {
                    kind: FixEditKind::NarrowStatement,
                    changed_by: by,
                    policy_id: Some(policy.id.clone()),
                    summary: format!(
                        "drop `{}` from the `{element}` of {name} in {label} `{}`",
                        pattern.value, policy.id
                    ),
                    patch: vec![PatchOp::remove(format!("{statement_path}/{element}/{at}"))],
                });
            }
        }
        if statement.effect.value == Effect::Deny {
            if let Some(("AWS", arn)) = principal_entry(&act.caller) {
                let condition = format!("{statement_path}/Condition");
                let clause = Json::Object(vec![(
                    "aws:PrincipalArn".to_string(),
                    Json::str(arn.clone()),
                )]);
                let patch = match self.document.at(&condition) {
                    None => Some(PatchOp::add(
                        condition,
                        Json::Object(vec![("ArnNotEquals".to_string(), clause)]),
                    )),
                    Some(Json::Object(_))
                        if self
                            .document
                            .at(&format!("{condition}/ArnNotEquals"))
                            .is_none() =>
                    {
                        Some(PatchOp::add(format!("{condition}/ArnNotEquals"), clause))
                    }
                    _ => None,
                };
                if let Some(op) = patch {
                    edits.push(FixEdit {
                        kind: FixEditKind::ExemptCaller,
                        changed_by: by,
                        policy_id: Some(policy.id.clone()),
                        summary: format!(
                            "exempt `{arn}` from {name} of {label} `{}` (`ArnNotEquals` on `aws:PrincipalArn`)",
                            policy.id
                        ),
                        patch: vec![op],
                    });
                }
            }
        }
        edits
    }

    /// Edits that make the allowed target denied.
    fn deny_candidates(&self) -> Vec<FixEdit> {
        let explanation = self.explanation();
        let act = self.act();
        let mut edits = Vec::new();
        for decisive in &explanation.decisive {
            if decisive.effect != Effect::Allow {
                continue;
            }
            let Some(policy) = self.policy(&decisive.policy_id) else {
                continue;
            };
            let Some(statement) = policy.policy.statements.get(decisive.statement_index) else {
                continue;
            };
            edits.extend(self.neutralize(
                policy,
                decisive.policy_type,
                statement,
                &act,
                "no longer allow",
            ));
        }
        // An exact Deny in the caller's own identity policy, or in the resource policy.
        let own_prefix = entity_id_prefix(&act.caller);
        if let Some(listed) = explanation.policies.iter().find(|policy| {
            policy.policy_type == PolicyType::Identity
                && own_prefix
                    .as_deref()
                    .is_some_and(|prefix| policy.policy_id.starts_with(prefix))
        }) {
            if let Some(policy) = self.policy(&listed.policy_id) {
                if let Some(path) = self.document_path(policy) {
                    edits.push(FixEdit {
                        kind: FixEditKind::AddDeny,
                        changed_by: ChangedBy::Account,
                        policy_id: Some(policy.id.clone()),
                        summary: format!(
                            "add to policy `{}` a statement denying `{}` on `{}`",
                            policy.id, act.action, act.resource
                        ),
                        patch: self.add_statement(&path, self.exact("Deny", &act, None, true)),
                    });
                }
            }
        }
        if let (Some(listed), Some(principal)) = (
            explanation
                .policies
                .iter()
                .find(|policy| policy.policy_type == PolicyType::Resource),
            principal_entry(&act.caller),
        ) {
            if let Some(policy) = self.policy(&listed.policy_id) {
                if let Some(path) = self.document_path(policy) {
                    let is_trust = act
                        .action
                        .to_ascii_lowercase()
                        .starts_with("sts:assumerole");
                    edits.push(FixEdit {
                        kind: FixEditKind::AddDeny,
                        changed_by: ChangedBy::Account,
                        policy_id: Some(policy.id.clone()),
                        summary: format!(
                            "add to resource policy `{}` a statement denying `{}` to `{}`",
                            policy.id, act.action, principal.1
                        ),
                        patch: self.add_statement(
                            &path,
                            self.exact("Deny", &act, Some(principal), !is_trust),
                        ),
                    });
                }
            }
        }
        edits.extend(self.context_edits(false));
        edits
    }

    /// Request context values that make the target reach its goal: for a denied target, values satisfying
    /// the failed conditions of a matching `Allow` or failing the conditions of the decisive `Deny`; for an
    /// allowed one, values failing a condition of a decisive `Allow`. Requests only: a matrix cell's context
    /// is its column's.
    fn context_edits(&self, want_allow: bool) -> Vec<FixEdit> {
        let Some(index) = self.request_index else {
            return Vec::new();
        };
        let Some(request_path) = path_of_span(self.root, self.request.span) else {
            return Vec::new();
        };
        let explanation = self.explanation();
        let mut assignments: Vec<Vec<(String, String)>> = Vec::new();
        for listed in &explanation.policies {
            let Some(policy) = self.policy(&listed.policy_id) else {
                continue;
            };
            for record in &listed.statements {
                let Some(statement) = policy.policy.statements.get(record.index) else {
                    continue;
                };
                if statement.conditions.is_empty() {
                    continue;
                }
                let matched_rest = record.action.applies
                    && record.resource.as_ref().is_none_or(|r| r.applies)
                    && record.principal.as_ref().is_none_or(|p| p.applies);
                if !matched_rest {
                    continue;
                }
                match (want_allow, statement.effect.value, record.applies) {
                    // A matching Allow whose conditions failed: satisfy every clause.
                    (true, Effect::Allow, false) => {
                        let all: Option<Vec<_>> = statement
                            .conditions
                            .iter()
                            .map(|clause| satisfying(clause, true))
                            .collect();
                        if let Some(all) = all.filter(|all| !all.is_empty()) {
                            assignments.push(all);
                        }
                    }
                    // An applying Deny (wanting allow) or Allow (wanting deny): fail one clause.
                    (true, Effect::Deny, true) | (false, Effect::Allow, true) => {
                        for clause in &statement.conditions {
                            if let Some(one) = satisfying(clause, false) {
                                assignments.push(vec![one]);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut edits = Vec::new();
        for assignment in assignments {
            if edits.len() >= BRANCHING {
                break;
            }
            let context = format!("{request_path}/context");
            let mut patch = Vec::new();
            let mut members = Vec::new();
            let exists = matches!(self.document.at(&context), Some(Json::Object(_)));
            for (key, value) in &assignment {
                let json = match value.as_str() {
                    "true" => Json::Bool(true),
                    "false" => Json::Bool(false),
                    _ => Json::str(value.clone()),
                };
                if exists {
                    patch.push(PatchOp::add(format!("{context}/{}", escape(key)), json));
                } else {
                    members.push((key.clone(), json));
                }
            }
            if !exists {
                patch.push(PatchOp::add(context, Json::Object(members)));
            }
            let words = assignment
                .iter()
                .map(|(key, value)| format!("`{key}` is `{value}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            let verb = if want_allow { "allowed" } else { "denied" };
            edits.push(FixEdit {
                kind: FixEditKind::SetContext,
                changed_by: ChangedBy::Caller,
                policy_id: None,
                summary: format!("{verb} when {words} (request {index}'s context)"),
                patch,
            });
        }
        edits
    }
}

/// The id prefix of a caller's own policies (`user/alice:`, `role/app:`); group policies read `group/...`.
fn entity_id_prefix(caller: &str) -> Option<String> {
    let name = |arn: &str, kind: &str| {
        arn.split_once(&format!(":{kind}/"))
            .map(|(_, path)| format!("{kind}/{}:", path.rsplit('/').next().unwrap_or(path)))
    };
    match parse_principal(caller).ok()? {
        CallerSpec::User { arn } => name(&arn, "user"),
        CallerSpec::Role { role_name, .. } => Some(format!("role/{role_name}:")),
        _ => None,
    }
}

/// Keys AWS sets from the caller or the resource; a request cannot choose them.
fn settable(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ![
        "aws:principal",
        "aws:resource",
        "aws:userid",
        "aws:username",
        "aws:calledvia",
        "aws:viaawsservice",
        "aws:sourceidentity",
    ]
    .iter()
    .any(|prefix| key.starts_with(prefix))
}

/// A value for a clause's key that makes the clause match (`want_match`) or not.
fn satisfying(clause: &ConditionClause, want_match: bool) -> Option<(String, String)> {
    use BaseOperator::*;
    let key = clause.key.value.clone();
    if !settable(&key) {
        return None;
    }
    let base = clause.operator.value.base;
    if base == Null {
        return None;
    }
    let policy_value = clause.values.first()?.value.clone();
    if policy_value.contains("${") {
        return None;
    }
    // A negated operator matches exactly when its positive twin does not.
    let inside = want_match != base.is_negated();
    let number = |delta: i64| {
        policy_value
            .parse::<i64>()
            .ok()
            .map(|number| number.saturating_add(delta).to_string())
    };
    let value = if inside {
        match base {
            StringLike | StringNotLike | ArnLike | ArnNotLike => {
                policy_value.replace(['*', '?'], "x")
            }
            NumericLessThan => number(-1)?,
            NumericGreaterThan => number(1)?,
            IpAddress | NotIpAddress => policy_value
                .split('/')
                .next()
                .unwrap_or(&policy_value)
                .to_string(),
            DateLessThan | DateGreaterThan => return None,
            _ => policy_value,
        }
    } else {
        match base {
            Bool => {
                if policy_value.eq_ignore_ascii_case("true") {
                    "false".to_string()
                } else {
                    "true".to_string()
                }
            }
            NumericEquals | NumericNotEquals | NumericLessThanEquals => number(1)?,
            NumericGreaterThanEquals => number(-1)?,
            NumericLessThan | NumericGreaterThan => policy_value,
            IpAddress | NotIpAddress => {
                if policy_value.starts_with("192.0.2.") {
                    "198.51.100.1".to_string()
                } else {
                    "192.0.2.1".to_string()
                }
            }
            DateEquals
            | DateNotEquals
            | DateLessThan
            | DateLessThanEquals
            | DateGreaterThan
            | DateGreaterThanEquals
            | BinaryEquals => return None,
            _ => format!("{}-other", policy_value.replace(['*', '?'], "x")),
        }
    };
    Some((key, value))
}

#[cfg(test)]
mod tests;
