//! The tightest policy: least-privilege identity policies (or, with `side: "resource"`, resource policies) that
//! allow exactly the wanted requests, verified by evaluation and linted.
//!
//! CONTRACT (the identity side, the default; the resource side is described in `tighten/resource.rs`, and
//! shares the needed calls, the fixes step and the verification):
//! - Wanted requests (and optionally requests that must stay denied) are named by index, or as matrix cells
//!   ([`tighten_targets`]: a cell asks what a request of its row's principal would). Each wanted request
//!   needs, for every hop, its caller to be allowed `sts:AssumeRole` on the next role, and the last caller to
//!   be allowed the action on the resource.
//! - Each user or role of the scenario that makes one of those calls gets **one** identity policy replacing its
//!   own policies (group policies and managed policies of groups are left alone): exact actions and ARNs, no
//!   wildcards, resources with the same set of actions grouped in one statement, so the statements name
//!   exactly the (action, resource) pairs needed and nothing more.
//! - What an identity policy cannot do alone (a trust policy that does not name the caller, a cross-account
//!   resource policy, a boundary or an SCP) is added from [`super::fixes`]: for each wanted request still
//!   denied, the fix with the least collateral that opens nothing outside the needed calls.
//! - The result is verified: every wanted request is re-evaluated (`unsatisfied` lists the ones still denied),
//!   every must-stay-denied request too (`stillAllowed`), and the cells the whole patch opens beyond the needed
//!   calls are listed (`openedOutside`, empty when the policy is as tight as it claims). Cells it closes (the
//!   replaced policies granted more) are listed in `closed`.

use super::cells::{decide, AccessCell};
use super::diff::{diff, ChangedCell};
use super::fixes::{suggest_loaded, FixGoal, Target};
use super::patch::{apply, path_of_span, Json, PatchOp};
use crate::diagnostic::Diagnostic;
use crate::json::SpannedValue;
use crate::lint::{lint_policy, LintOptions};
use crate::policy::model::PolicyKind;
use crate::scenario::{parse_principal, CallerSpec, LoadOptions, Scenario};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The name of the policy each caller gets.
pub const POLICY_NAME: &str = "LeastPrivilege";

/// Codes of this analysis (`E09xx`, shared with `fixes`; `W09xx` for notes on an answer).
pub mod codes {
    /// A wanted or denied index names no request.
    pub const E0903_BAD_TIGHTEN_REQUEST: &str = "E0903";
    /// Resource side: a call no resource policy is written for (an action on `*`, a service without
    /// resource-based policies, a role's trust policy); the identity side grants it.
    pub const W0904_IDENTITY_SIDE: &str = "W0904";
    /// Resource side: a cross-account call, which the caller's identity side must allow too.
    pub const W0905_CROSS_ACCOUNT: &str = "W0905";
    /// Resource side: a resource entry created to hold the policy of a resource the scenario did not describe.
    pub const W0906_RESOURCE_CREATED: &str = "W0906";
    /// Resource side: an anonymous caller, granted with `Principal: "*"`, which grants everyone.
    pub const W0907_PUBLIC: &str = "W0907";
}

mod resource;

/// Which side the grants are written on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum TightenSide {
    /// One identity policy per user or role, replacing its own policies.
    #[default]
    Identity,
    /// One resource policy per resource, replacing its policy (see `tighten/resource.rs`).
    Resource,
}

/// How to tighten.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TightenOptions {
    pub side: TightenSide,
}

/// One resource's least-privilege resource policy (the resource side).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TightResourcePolicy {
    /// The resource entry's ARN (an S3 bucket for its objects).
    pub resource: String,
    /// Where the entry is in the file (after the patch, for a created one).
    pub path: String,
    /// The entry did not exist: the patch creates it.
    pub created: bool,
    /// The principals the policy grants, as its `Principal` elements name them.
    pub principals: Vec<String>,
    pub document: Json,
    /// Lint findings on the document.
    pub lint: Vec<Diagnostic>,
}

/// Something the answer's reader must know about one call (or, for `W0906`, one resource).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TightenNote {
    /// `W0904` to `W0907` ([`codes`]).
    pub code: &'static str,
    /// The caller (empty for `W0906`).
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub message: String,
}

/// One caller's least-privilege policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TightPolicy {
    /// The user or role ARN.
    pub principal: String,
    /// Where its `policies` are in the file.
    pub path: String,
    pub document: Json,
    /// Lint findings on the document.
    pub lint: Vec<Diagnostic>,
    /// The policy replaces the entity's own policies (the identity side); `false`: it is added beside them
    /// (the resource side's cross-account and fallback grants).
    pub replaces: bool,
}

/// The tightest policies for the wanted requests, and the proof.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tightened {
    pub side: TightenSide,
    /// Identity policies: one per caller on the identity side; on the resource side, those cross-account and
    /// fallback calls need.
    pub policies: Vec<TightPolicy>,
    /// The resource side's resource policies, one per resource (empty on the identity side).
    pub resource_policies: Vec<TightResourcePolicy>,
    /// What the resource side could not do on its own, call by call.
    pub notes: Vec<TightenNote>,
    /// Other edits the wanted requests need (trust or resource policies, boundaries), one line each.
    pub extra_edits: Vec<String>,
    /// RFC 6902 operations against the scenario file: the policies, then the extra edits.
    pub patch: Vec<PatchOp>,
    /// Every wanted request is allowed, every must-stay-denied request denied, and nothing outside the
    /// needed calls opened.
    pub verified: bool,
    /// Wanted requests still denied after the patch.
    pub unsatisfied: Vec<usize>,
    /// Must-stay-denied requests allowed after the patch.
    pub still_allowed: Vec<usize>,
    /// Cells the patch opens beyond the needed calls.
    pub opened_outside: Vec<ChangedCell>,
    /// Cells allowed before and denied after (the replaced policies granted them).
    pub closed: Vec<ChangedCell>,
}

/// (caller, action, resource) without context: what a needed call is.
type Call = (String, String, String);

fn bad_index(index: usize, count: usize) -> Vec<Diagnostic> {
    vec![Diagnostic::error(
        codes::E0903_BAD_TIGHTEN_REQUEST,
        format!("there is no request `{index}`: the scenario has {count} requests"),
        None,
    )
    .with_help("requests are numbered from 0 in the order of `requests`")]
}

/// A string, or a list when there are several.
fn one_or_many(values: &[String]) -> Json {
    match values {
        [one] => Json::str(one.clone()),
        many => Json::Array(many.iter().cloned().map(Json::String).collect()),
    }
}

/// The least-privilege document for a set of (action, resource) pairs.
pub fn least_privilege_document(pairs: &BTreeSet<(String, String)>) -> Json {
    Json::object([
        ("Version", Json::str("2012-10-17")),
        ("Statement", Json::Array(least_privilege_statements(pairs))),
    ])
}

/// Lint findings on a written policy; positions would point into a text nobody sees, so they are left out.
fn lint_findings(policy: &Json, kind: PolicyKind) -> Vec<Diagnostic> {
    lint_policy(&policy.to_text(), kind, &LintOptions::default())
        .into_iter()
        .map(|mut finding| {
            finding.span = None;
            finding.related.clear();
            finding
        })
        .collect()
}

/// The statements of [`least_privilege_document`]: resources needing the same actions share one.
fn least_privilege_statements(pairs: &BTreeSet<(String, String)>) -> Vec<Json> {
    let mut by_resource: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (action, resource) in pairs {
        by_resource
            .entry(resource.as_str())
            .or_default()
            .push(action.clone());
    }
    let mut by_actions: BTreeMap<Vec<String>, Vec<String>> = BTreeMap::new();
    for (resource, actions) in by_resource {
        by_actions
            .entry(actions)
            .or_default()
            .push(resource.to_string());
    }
    by_actions
        .into_iter()
        .enumerate()
        .map(|(index, (actions, resources))| {
            Json::object([
                ("Sid", Json::str(format!("LeastPrivilege{}", index + 1))),
                ("Effect", Json::str("Allow")),
                ("Action", one_or_many(&actions)),
                ("Resource", one_or_many(&resources)),
            ])
        })
        .collect()
}

/// The user or role entry a caller names, as the ARN to report and its span.
fn entity(scenario: &Scenario, caller: &str) -> Option<(String, crate::diagnostic::Span)> {
    match parse_principal(caller).ok()? {
        CallerSpec::User { arn } => scenario
            .user(&arn)
            .map(|user| (user.arn.value.clone(), user.span)),
        CallerSpec::Role {
            account,
            role_name,
            role_arn,
            ..
        } => role_arn
            .as_deref()
            .and_then(|arn| scenario.role(arn))
            .or_else(|| scenario.role_by_name(&account, &role_name))
            .map(|role| (role.arn.value.clone(), role.span)),
        _ => None,
    }
}

/// Least-privilege policies allowing requests `allow` of the scenario `text` (and keeping `deny` denied).
pub fn tighten(text: &str, allow: &[usize], deny: &[usize]) -> Result<Tightened, Vec<Diagnostic>> {
    tighten_with(text, allow, deny, &LoadOptions::default())
}

/// [`tighten`] with AWS managed policies looked up where `options` says.
pub fn tighten_with(
    text: &str,
    allow: &[usize],
    deny: &[usize],
    options: &LoadOptions<'_>,
) -> Result<Tightened, Vec<Diagnostic>> {
    tighten_requests(text, allow, deny, options, &TightenOptions::default())
}

/// [`tighten_with`] on the side `tighten` says.
pub fn tighten_requests(
    text: &str,
    allow: &[usize],
    deny: &[usize],
    options: &LoadOptions<'_>,
    tighten: &TightenOptions,
) -> Result<Tightened, Vec<Diagnostic>> {
    let targets = |indexes: &[usize]| -> Vec<Target> {
        indexes
            .iter()
            .map(|index| Target::Request(*index))
            .collect()
    };
    let mut result = tighten_targets_with(text, &targets(allow), &targets(deny), options, tighten)?;
    // Positions in the lists become the request indexes they name.
    result.unsatisfied = result
        .unsatisfied
        .iter()
        .filter_map(|at| allow.get(*at).copied())
        .collect();
    result.still_allowed = result
        .still_allowed
        .iter()
        .filter_map(|at| deny.get(*at).copied())
        .collect();
    Ok(result)
}

/// Least-privilege policies allowing every target of `allow` (requests or matrix cells) and keeping those of
/// `deny` denied. `unsatisfied` and `still_allowed` are positions in `allow` and `deny`.
pub fn tighten_targets(
    text: &str,
    allow: &[Target],
    deny: &[Target],
    options: &LoadOptions<'_>,
) -> Result<Tightened, Vec<Diagnostic>> {
    tighten_targets_with(text, allow, deny, options, &TightenOptions::default())
}

/// [`tighten_targets`] on the side `tighten` says.
pub fn tighten_targets_with(
    text: &str,
    allow: &[Target],
    deny: &[Target],
    options: &LoadOptions<'_>,
    tighten: &TightenOptions,
) -> Result<Tightened, Vec<Diagnostic>> {
    let load = |text: &str| super::fixes::load(text, options);
    let (root, scenario) = load(text)?;
    let count = scenario.requests.len();
    let resolve = |target: &Target| -> Result<crate::scenario::Request, Vec<Diagnostic>> {
        match *target {
            Target::Request(index) => scenario
                .requests
                .get(index)
                .cloned()
                .ok_or_else(|| bad_index(index, count)),
            Target::Cell { row, column } => super::fixes::cell_request(&scenario, row, column),
        }
    };
    let wanted_requests = allow.iter().map(resolve).collect::<Result<Vec<_>, _>>()?;
    let denied_requests = deny.iter().map(resolve).collect::<Result<Vec<_>, _>>()?;
    let wanted: Vec<&crate::scenario::Request> = wanted_requests.iter().collect();
    // Every call the wanted requests make, with the context of the first request making it.
    let mut needed: BTreeSet<Call> = BTreeSet::new();
    let mut calls: Vec<(Call, crate::context::RequestContext)> = Vec::new();
    let mut add = |call: Call, context: &crate::context::RequestContext| {
        if needed.insert(call.clone()) {
            calls.push((call, context.clone()));
        }
    };
    for request in &wanted {
        let mut caller = request.principal.value.clone();
        for role in &request.assume {
            add(
                (
                    caller.clone(),
                    "sts:AssumeRole".to_string(),
                    role.role.value.clone(),
                ),
                &request.context,
            );
            caller = role.role.value.clone();
        }
        add(
            (
                caller,
                request.action.value.clone(),
                request.resource.value.clone(),
            ),
            &request.context,
        );
    }
    let document = Json::from_spanned(&root);

    let (mut patch, policies, resource_policies, notes) = match tighten.side {
        TightenSide::Identity => {
            let (patch, policies) = identity_side(&root, &scenario, &document, &needed);
            (patch, policies, Vec::new(), Vec::new())
        }
        TightenSide::Resource => {
            let plan = resource::plan(&root, &scenario, &document, &calls, options)?;
            (
                plan.patch,
                plan.policies,
                plan.resource_policies,
                plan.notes,
            )
        }
    };

    // What the identity side cannot do alone: fixes that open nothing outside the needed calls.
    let deny_cells: BTreeSet<Call> = denied_requests
        .iter()
        .map(|request| call_of(&AccessCell::of_request(request)))
        .collect();
    let allowed_call =
        |cell: &AccessCell| needed.contains(&call_of(cell)) || wanted_cell(&wanted, cell);
    let mut extra_edits = Vec::new();
    let mut current = apply(&document, &patch).unwrap_or_else(|_| document.clone());
    for _ in 0..(allow.len() * 2).max(1) {
        let text = current.to_text();
        let Ok((patched_root, patched)) = load(&text) else {
            break;
        };
        // A target's request asks the same in the patched scenario: requests keep their index, and a cell's
        // request names its principal, action and resource rather than a position.
        let next = allow
            .iter()
            .zip(&wanted_requests)
            .find_map(|(target, request)| {
                let (request, index) = match *target {
                    Target::Request(index) => (patched.requests.get(index)?.clone(), Some(index)),
                    Target::Cell { .. } => (request.clone(), None),
                };
                (decide(&patched, &request) != crate::explain::Decision::Allow)
                    .then_some((request, index))
            });
        let Some((request, index)) = next else {
            break;
        };
        let report = suggest_loaded(&patched_root, &patched, &request, index, options);
        if report.goal != FixGoal::Allow {
            break;
        }
        let chosen = report.fixes.into_iter().find(|fix| {
            fix.edits
                .iter()
                .all(|edit| edit.kind != super::fixes::FixEditKind::SetContext)
                && fix.flips.iter().all(|flip| {
                    flip.after != crate::explain::Decision::Allow
                        || (allowed_call(&flip.cell) && !deny_cells.contains(&call_of(&flip.cell)))
                })
        });
        let Some(fix) = chosen else {
            break;
        };
        let Ok(next_document) = apply(&current, &fix.patch) else {
            break;
        };
        extra_edits.push(fix.summary.clone());
        patch.extend(fix.patch);
        current = next_document;
    }

    // Verify.
    let final_text = current.to_text();
    let (_, after) = load(&final_text)?;
    let decided_after = |target: &Target, request: &crate::scenario::Request| match *target {
        Target::Request(index) => after
            .requests
            .get(index)
            .map(|request| decide(&after, request)),
        Target::Cell { .. } => Some(decide(&after, request)),
    };
    let unsatisfied = allow
        .iter()
        .zip(&wanted_requests)
        .enumerate()
        .filter(|(_, (target, request))| {
            decided_after(target, request) != Some(crate::explain::Decision::Allow)
        })
        .map(|(at, _)| at)
        .collect::<Vec<_>>();
    let still_allowed = deny
        .iter()
        .zip(&denied_requests)
        .enumerate()
        .filter(|(_, (target, request))| {
            decided_after(target, request) == Some(crate::explain::Decision::Allow)
        })
        .map(|(at, _)| at)
        .collect::<Vec<_>>();
    let change = diff(&scenario, &after);
    let opened_outside: Vec<ChangedCell> = change
        .opened
        .iter()
        .filter(|changed| !allowed_call(&changed.cell))
        .cloned()
        .collect();
    Ok(Tightened {
        verified: unsatisfied.is_empty() && still_allowed.is_empty() && opened_outside.is_empty(),
        side: tighten.side,
        policies,
        resource_policies,
        notes,
        extra_edits,
        patch,
        unsatisfied,
        still_allowed,
        opened_outside,
        closed: change.closed,
    })
}

/// The identity side: one policy per user or role making calls, replacing its own policies.
fn identity_side(
    root: &SpannedValue,
    scenario: &Scenario,
    document: &Json,
    needed: &BTreeSet<Call>,
) -> (Vec<PatchOp>, Vec<TightPolicy>) {
    let mut per_entity: BTreeMap<String, (String, BTreeSet<(String, String)>)> = BTreeMap::new();
    for (caller, action, resource) in needed {
        let Some((arn, span)) = entity(scenario, caller) else {
            continue;
        };
        let Some(path) = path_of_span(root, span) else {
            continue;
        };
        per_entity
            .entry(path)
            .or_insert_with(|| (arn, BTreeSet::new()))
            .1
            .insert((action.clone(), resource.clone()));
    }
    let mut patch = Vec::new();
    let mut policies = Vec::new();
    for (path, (principal, pairs)) in per_entity {
        let mut policy = least_privilege_document(&pairs);
        // The caller's own explicit denies stay: a guardrail is not a privilege.
        let denies = own_denies(document, &path);
        if let Json::Object(members) = &mut policy {
            if let Some((_, Json::Array(statements))) =
                members.iter_mut().find(|(key, _)| key == "Statement")
            {
                statements.extend(denies);
            }
        }
        let lint = lint_findings(&policy, PolicyKind::Identity);
        patch.push(PatchOp::add(
            format!("{path}/policies"),
            Json::Array(vec![Json::object([
                ("name", Json::str(POLICY_NAME)),
                ("document", policy.clone()),
            ])]),
        ));
        policies.push(TightPolicy {
            principal,
            path,
            document: policy,
            lint,
            replaces: true,
        });
    }

    (patch, policies)
}

/// The `Deny` statements of the inline policies of the entity at `path`, as written.
fn own_denies(document: &Json, path: &str) -> Vec<Json> {
    let Some(Json::Array(entries)) = document.at(&format!("{path}/policies")) else {
        return Vec::new();
    };
    let mut denies = Vec::new();
    for entry in entries {
        let policy = entry.get("document").unwrap_or(entry);
        let statements = match policy.get("Statement") {
            Some(Json::Array(statements)) => statements.clone(),
            Some(single @ Json::Object(_)) => vec![single.clone()],
            _ => Vec::new(),
        };
        denies.extend(
            statements
                .into_iter()
                .filter(|statement| statement.get("Effect") == Some(&Json::str("Deny"))),
        );
    }
    denies
}

/// A cell as a call (context and chain left out: the chain's calls are needed calls of their own).
fn call_of(cell: &AccessCell) -> Call {
    let caller = cell.assume.last().unwrap_or(&cell.principal).clone();
    (caller, cell.action.clone(), cell.resource.clone())
}

fn wanted_cell(wanted: &[&crate::scenario::Request], cell: &AccessCell) -> bool {
    wanted
        .iter()
        .any(|request| AccessCell::of_request(request) == *cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const DEVELOPER_GROUP: &str = include_str!("../../../../examples/developer-group.json");

    #[test]
    fn a_matrix_cell_no_request_asks_gets_its_policy_and_only_it() {
        let loaded = crate::scenario::load_scenario(DEVELOPER_GROUP);
        let Some(scenario) = loaded.scenario else {
            panic!("{:?}", loaded.diagnostics)
        };
        let matrix = crate::matrix::compute_matrix(&scenario);
        let row = matrix
            .rows
            .iter()
            .position(|row| row.key.ends_with("user/maria"))
            .expect("maria's row");
        let column = matrix
            .columns
            .iter()
            .position(|column| {
                column.action == "dynamodb:Query" && column.resource.ends_with("table/Orders")
            })
            .expect("a Query column");
        // No request asks what maria's Query would get: only the cell does.
        assert!(!scenario.requests.iter().any(|request| request
            .principal
            .value
            .ends_with("user/maria")
            && request.action.value == "dynamodb:Query"));
        let wanted = [Target::Cell { row, column }];
        let result = tighten_targets(DEVELOPER_GROUP, &wanted, &[], &LoadOptions::default())
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert!(result.verified, "{result:?}");
        assert!(result.unsatisfied.is_empty() && result.opened_outside.is_empty());
        let [policy] = result.policies.as_slice() else {
            panic!("one policy: {:?}", result.policies)
        };
        assert!(policy.principal.ends_with("user/maria"));
        let text = policy.document.to_text();
        assert!(
            text.contains("dynamodb:Query") && !text.contains("GetItem"),
            "{text}"
        );
        // Applied, the cell is allowed.
        let document = crate::json::parse(DEVELOPER_GROUP, &crate::json::Limits::scenario())
            .map(|value| Json::from_spanned(&value))
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        let after = apply(&document, &result.patch).unwrap_or_else(|error| panic!("{error}"));
        let after = crate::scenario::load_scenario(&after.to_text())
            .scenario
            .unwrap_or_else(|| panic!("patched loads"));
        let request = super::super::fixes::cell_request(&after, row, column)
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert_eq!(decide(&after, &request), crate::explain::Decision::Allow);
        // A bad cell is an error, not a panic.
        let bad = [Target::Cell { row: 99, column: 0 }];
        assert!(tighten_targets(DEVELOPER_GROUP, &bad, &[], &LoadOptions::default()).is_err());
    }

    #[test]
    fn cells_of_two_principals_are_verified_by_the_whole_diff() {
        // The playground's pick (tests/e2e/change.test.mjs): maria's GetItem and john's Query.
        let loaded = crate::scenario::load_scenario(DEVELOPER_GROUP);
        let Some(scenario) = loaded.scenario else {
            panic!("{:?}", loaded.diagnostics)
        };
        let matrix = crate::matrix::compute_matrix(&scenario);
        let target = |user: &str, action: &str| {
            let row = matrix.rows.iter().position(|row| row.key.ends_with(user));
            let column = matrix
                .columns
                .iter()
                .position(|column| column.action == action);
            match (row, column) {
                (Some(row), Some(column)) => Target::Cell { row, column },
                _ => panic!("{user} {action}"),
            }
        };
        let wanted = [
            target("user/maria", "dynamodb:GetItem"),
            target("user/john", "dynamodb:Query"),
        ];
        let result = tighten_targets(DEVELOPER_GROUP, &wanted, &[], &LoadOptions::default())
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert!(result.verified, "{result:#?}");
    }

    #[test]
    fn resources_with_the_same_actions_share_a_statement() {
        let pairs: BTreeSet<(String, String)> = [
            ("s3:GetObject", "arn:aws:s3:::a/k"),
            ("s3:PutObject", "arn:aws:s3:::a/k"),
            ("s3:GetObject", "arn:aws:s3:::b/k"),
            ("s3:PutObject", "arn:aws:s3:::b/k"),
            ("s3:ListBucket", "arn:aws:s3:::a"),
        ]
        .into_iter()
        .map(|(action, resource)| (action.to_string(), resource.to_string()))
        .collect();
        let document = least_privilege_document(&pairs);
        let Some(Json::Array(statements)) = document.get("Statement") else {
            panic!("statements")
        };
        assert_eq!(statements.len(), 2);
        let text = document.to_text();
        assert!(!text.contains('*'), "{text}");
    }
}
