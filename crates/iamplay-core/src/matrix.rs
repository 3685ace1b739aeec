//! The allow/deny matrix of a scenario: every principal (rows) against every (action, resource) the scenario
//! asks about (columns), each cell with its decision, the account relation, the decisive statements, and a
//! what-if across the account boundary.
//!
//! **Rows**: every user, every role (as a session named [`crate::scenario::SESSION_NAME`], as a request naming the role ARN
//! would be), the root user of every described account, every service principal and identity provider named in
//! a trust or resource policy, every request principal not already listed (so each request has its row), and
//! `anonymous` last.
//!
//! **Columns**: the distinct (action, resource, context) triples of the scenario's requests — two requests
//! with the same action and resource but a different context (`aws:RequestedRegion`, `aws:SourceIp`) are two
//! columns, since their answers may differ. A scenario without requests gets columns derived from the
//! `Action` × `Resource` pairs of its identity, resource and trust policies (a trust policy's statement covers
//! its role, a resource policy's statement without `Resource` its resource entry), wildcards kept as written,
//! capped at [`MatrixOptions::max_derived_columns`]. Boundaries, SCPs, RCPs and session policies only cap
//! permissions, so they add no columns; `NotAction`/`NotResource` statements name no pair and add none either.
//! A cell acts directly, without an `assume` chain or a session policy: those belong to requests (`check`).
//!
//! **What-if model**: the same caller with the same policies and the same context, but the resource moved across
//! the account boundary — into the caller's account when the real request is cross-account, into another
//! account (the row's `whatIfOtherAccount`, `000000000000` unless that is the caller's) when it is
//! same-account. Moving the resource rather than the caller keeps every `Principal` match unchanged (the
//! caller's ARN does not change), so only the account relation differs and the cell shows the rule of
//! reference_policies_evaluation-logic-cross-account.md, "Determining whether a cross-account request is
//! allowed": in one account either the identity side or the resource policy may allow
//! (reference_policies_evaluation-logic.md, "Evaluating identity-based policies with resource-based policies");
//! across accounts both must. Policies stay attached as they are (the resource keeps its policy and RCPs);
//! conditions on `aws:ResourceAccount` see the moved account. Callers without an account (anonymous, services,
//! identity providers) have no what-if: only the resource side ever decides for them.
//!
//! The what-if is evaluated only where it can differ: an explicit deny stays one, a cross-account `Allow` stays
//! `Allow` in one account, and a same-account implicit deny stays denied across accounts (see
//! `fixed_what_if`); a scenario whose policies read `aws:ResourceAccount` gets every what-if evaluated.
//!
//! **Speed**: each row's caller and each column's resource side are resolved once; a cell only swaps them into
//! one working request (no clone of a policy or of a string) and evaluates it without statement explanations.
//! The full explanation of one cell is [`explain_cell`], computed when a shell asks for it.

use crate::context::RequestContext;
use crate::diagnostic::Diagnostic;
use crate::eval::{
    evaluate_with, AuthorizationRequest, EvaluationOptions, NamedPolicy, OrganizationPolicies,
    Principal, PrincipalKind,
};
use crate::explain::{
    AccountRelation, Decision, Explanation, PolicyType, StatementRef, TypeOutcome,
};
use crate::policy::model::{Policy, PrincipalSet, PrincipalType};
use crate::scenario::{Scenario, ScenarioDirectory, ScenarioPolicy};
use crate::sts::{Caller, Directory};
use serde::{Serialize, Serializer};

/// The default cap on derived columns.
pub const DEFAULT_MAX_DERIVED_COLUMNS: usize = 200;

/// The default hard limit on cells (rows × columns): about 50 ms native, so a hostile scenario cannot freeze the
/// page or the CLI (docs/security.md, "Limits"). The gallery's largest matrix has a few hundred cells.
pub const DEFAULT_MAX_CELLS: usize = 50_000;
/// The default [`MatrixOptions::max_work`], the same as the loader's `scenario::MAX_WORK`: about two seconds
/// at worst on a 2-core laptop (about 40 ns a step, benches/limits.rs). Rows past it are left out, not refused.
pub const DEFAULT_MAX_WORK: u64 = crate::scenario::MAX_WORK;

/// Codes of the matrix (`E06xx`).
pub mod codes {
    /// Rows × columns is over [`super::MatrixOptions::max_cells`]: only the first rows that fit are computed.
    pub const TOO_MANY_CELLS: &str = "E0601";
}

/// The account a same-account resource moves to for the what-if, unless it is the caller's own.
pub const WHAT_IF_OTHER_ACCOUNT: &str = "000000000000";
/// The other account when the caller's account is [`WHAT_IF_OTHER_ACCOUNT`].
const WHAT_IF_OTHER_ACCOUNT_ALTERNATE: &str = "999999999999";

/// How to build a matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatrixOptions {
    /// At most this many columns are derived from policies when the scenario has no requests.
    pub max_derived_columns: usize,
    /// Evaluate every what-if, even those the rules fix (see the module doc); for tests.
    pub exhaustive_what_if: bool,
    /// Hard limit on rows × columns; rows past it are left out and `Matrix::limit` says so.
    pub max_cells: usize,
    /// Hard limit on the work of the whole matrix, in the steps of `scenario::work` (about one policy value
    /// matched per step): each row costs its caller's policy values times the columns. Rows past it are left
    /// out like rows past `max_cells`, so a few principals with huge policies cannot stall the page.
    pub max_work: u64,
}

impl Default for MatrixOptions {
    fn default() -> Self {
        Self {
            max_derived_columns: DEFAULT_MAX_DERIVED_COLUMNS,
            exhaustive_what_if: false,
            max_cells: DEFAULT_MAX_CELLS,
            max_work: DEFAULT_MAX_WORK,
        }
    }
}

/// What kind of caller a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowKind {
    User,
    /// A session of a role.
    Role,
    Root,
    /// A `GetFederationToken` session a request names.
    FederatedUser,
    Service,
    /// A SAML or OIDC provider, or a web identity provider (`cognito-identity.amazonaws.com`).
    IdentityProvider,
    Anonymous,
}

/// Why a principal is a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowOrigin {
    /// A user or role entry of the scenario.
    Entity,
    /// The root user of a described account.
    Account,
    /// Named in a trust or resource policy's `Principal`.
    Policy,
    /// The `principal` of a request, not otherwise listed.
    Request,
    /// The unauthenticated caller every matrix shows.
    Anonymous,
}

/// One principal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    /// The principal as a request's `principal` would name it (user, role or root ARN, service name,
    /// provider, `anonymous`).
    pub key: String,
    /// The caller's ARN as evaluated: for a role, its session's ARN.
    pub arn: String,
    /// What follows the fifth colon of an ARN (`user/john`, `role/app`, `root`), else the key.
    pub name: String,
    pub kind: RowKind,
    pub origin: RowOrigin,
    /// The caller's account; `None` for services, identity providers and anonymous.
    pub account: Option<String>,
    /// The account's `name` in the scenario, when described.
    pub account_name: Option<String>,
    /// Where the what-if moves a same-account resource (see the module doc); `None` without an account.
    pub what_if_other_account: Option<String>,
}

/// Where the columns come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ColumnSource {
    /// The scenario's requests.
    Requests,
    /// The `Action` × `Resource` pairs of its policies (no requests).
    Policies,
}

/// A statement a derived column comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnOrigin<'s> {
    pub policy_id: &'s str,
    pub statement_index: usize,
}

/// One (action, resource, context).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixColumn<'s> {
    /// As written; a derived column keeps wildcards (`s3:Get*` is evaluated as that literal action).
    pub action: &'s str,
    pub resource: &'s str,
    /// The request context the column's requests give (empty for derived columns).
    #[serde(serialize_with = "serialize_context")]
    pub context: Option<&'s RequestContext>,
    /// The account owning the resource (from its ARN or its resource entry); `None`: the caller's own.
    pub resource_account: Option<String>,
    /// The VPC endpoint the column's requests go through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_endpoint: Option<&'s str>,
    /// Indices of the requests with this action, resource and context.
    pub requests: Vec<usize>,
    /// The name of the first of those requests.
    pub name: Option<&'s str>,
    /// For a derived column: the statement that named the pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<ColumnOrigin<'s>>,
}

fn serialize_context<S: Serializer>(
    context: &Option<&RequestContext>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(context.iter().flat_map(|context| context.iter()))
}

/// Where the what-if puts the resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WhatIfMove {
    /// The request is cross-account; the what-if puts the resource in the caller's account.
    IntoCallerAccount,
    /// The request is same-account; the what-if puts the resource in the row's `whatIfOtherAccount`.
    IntoOtherAccount,
}

/// The decision on the other side of the account boundary (see the module doc for the model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIf {
    /// The account relation the what-if evaluates: the opposite of the cell's.
    pub same_account: bool,
    pub moved: WhatIfMove,
    pub decision: Decision,
    /// Whether crossing the boundary changes the decision.
    pub changes: bool,
}

/// One principal × one (action, resource, context).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixCell<'s> {
    pub decision: Decision,
    /// `None` when the caller has no account (anonymous, a service, an identity provider).
    pub same_account: Option<bool>,
    /// The statements that decided (see `Explanation::decisive`): policy id, statement index, Sid, span.
    pub decisive: Vec<StatementRef<'s>>,
    /// `None` when the caller has no account.
    pub what_if: Option<WhatIf>,
}

/// Rows × columns; `cells[row][column]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix<'s> {
    pub rows: Vec<MatrixRow>,
    pub columns: Vec<MatrixColumn<'s>>,
    pub column_source: ColumnSource,
    /// Derived columns left out by the cap.
    pub columns_dropped: usize,
    pub cells: Vec<Vec<MatrixCell<'s>>>,
    /// Rows left out by `MatrixOptions::max_cells` (the last ones; `rows` and `cells` hold those kept).
    pub rows_dropped: usize,
    /// The `E0601` error naming `max_cells` when rows were left out.
    pub limit: Option<Diagnostic>,
}

impl<'s> Matrix<'s> {
    pub fn cell(&self, row: usize, column: usize) -> Option<&MatrixCell<'s>> {
        self.cells.get(row).and_then(|cells| cells.get(column))
    }
}

/// The full explanation of one cell, and of its what-if.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellExplanation<'s> {
    pub row: MatrixRow,
    pub column: MatrixColumn<'s>,
    pub explanation: Explanation<'s>,
    pub what_if: Option<WhatIfExplanation<'s>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WhatIfExplanation<'s> {
    pub moved: WhatIfMove,
    /// The account the resource was moved to.
    pub resource_account: String,
    pub explanation: Explanation<'s>,
}

/// Computes the matrix with default options.
pub fn compute_matrix(scenario: &Scenario) -> Matrix<'_> {
    compute_matrix_with(scenario, &MatrixOptions::default())
}

/// Computes the matrix.
pub fn compute_matrix_with<'s>(scenario: &'s Scenario, options: &MatrixOptions) -> Matrix<'s> {
    let directory = ScenarioDirectory::new(scenario);
    let specs = row_specs(scenario, &directory);
    let (columns, column_source, columns_dropped) = columns(scenario, options);
    let mut column_sides: Vec<ColumnSide<'s>> = columns
        .iter()
        .map(|column| ColumnSide::new(&directory, column))
        .collect();

    let (kept_rows, cells_limit) = row_budget(specs.len(), columns.len(), options.max_cells);
    let (kept_rows, work_limit) = work_budget(&specs, kept_rows, columns.len(), options.max_work);
    let limit = work_limit.or(cells_limit);
    let rows_dropped = specs.len() - kept_rows;
    let mut rows = Vec::with_capacity(kept_rows);
    let mut cells = Vec::with_capacity(kept_rows);
    let infer_what_if = !options.exhaustive_what_if && !reads_resource_account(scenario);
    let options = EvaluationOptions {
        explain_statements: false,
    };
    let mut work = AuthorizationRequest::new(Principal::anonymous(), "", "");
    for RowSpec {
        key,
        origin,
        caller,
    } in specs.into_iter().take(kept_rows)
    {
        let mut side = RowSide::new(scenario, caller);
        let mut row_cells = Vec::with_capacity(column_sides.len());
        side.swap_into(&mut work);
        let is_root = matches!(work.principal.kind, PrincipalKind::Root);
        for column in &mut column_sides {
            column.swap_into(&mut work, &mut side);
            let evaluation = evaluate_with(&work, options);
            let relation = evaluation.explanation.account_relation;
            let decision = evaluation.decision;
            let what_if = side
                .what_if_target(relation)
                .map(|(moved, same_account, account)| {
                    let known = infer_what_if
                        .then(|| fixed_what_if(&evaluation.explanation, is_root))
                        .flatten();
                    let what_if = known.unwrap_or_else(|| {
                        std::mem::swap(&mut work.resource_account, account);
                        let what_if = evaluate_with(&work, options).decision;
                        std::mem::swap(&mut work.resource_account, account);
                        what_if
                    });
                    WhatIf {
                        same_account,
                        moved,
                        decision: what_if,
                        changes: what_if != decision,
                    }
                });
            column.swap_into(&mut work, &mut side);
            row_cells.push(MatrixCell {
                decision: evaluation.decision,
                same_account: same_account(relation),
                decisive: evaluation.explanation.decisive,
                what_if,
            });
        }
        side.swap_into(&mut work);
        rows.push(matrix_row(key, origin, scenario, &side));
        cells.push(row_cells);
    }
    Matrix {
        rows,
        columns,
        column_source,
        columns_dropped,
        cells,
        rows_dropped,
        limit,
    }
}

/// How many of `rows` fit in `max_cells` with `columns` columns, and the error when not all do.
fn row_budget(rows: usize, columns: usize, max_cells: usize) -> (usize, Option<Diagnostic>) {
    let cells = rows.saturating_mul(columns);
    if cells <= max_cells {
        return (rows, None);
    }
    let kept = max_cells.checked_div(columns).unwrap_or(rows).min(rows);
    let error = Diagnostic::error(
        codes::TOO_MANY_CELLS,
        format!(
            "the matrix has {rows} principals × {columns} columns = {cells} cells, over the limit of \
             {max_cells} (`max_cells`); the last {} principals are left out",
            rows - kept
        ),
        None,
    )
    .with_help("split the scenario, or ask about fewer distinct (action, resource) pairs");
    (kept, Some(error))
}

/// The rows (of the first `rows`) whose evaluations fit in `max_work` steps: each row costs its caller's policy
/// values, plus one, per column. At least one row is kept.
fn work_budget(
    specs: &[RowSpec<'_>],
    rows: usize,
    columns: usize,
    max_work: u64,
) -> (usize, Option<Diagnostic>) {
    let columns_u64 = u64::try_from(columns).unwrap_or(u64::MAX);
    let mut spent = 0u64;
    for (index, spec) in specs.iter().take(rows).enumerate() {
        let caller = &spec.caller;
        let policies = caller
            .identity
            .iter()
            .chain(&caller.permissions_boundary)
            .chain(&caller.session)
            .chain(caller.scps.levels.iter().flatten());
        let weight = policies.fold(1u64, |sum, named| {
            sum.saturating_add(crate::scenario::work::policy_weight(named.policy))
        });
        spent = spent.saturating_add(weight.saturating_mul(columns_u64));
        if spent > max_work && index > 0 {
            let error = Diagnostic::error(
                codes::TOO_MANY_CELLS,
                format!(
                    "the matrix would take over {max_work} steps (`max_work`): the principals' policies are \
                     large; the last {} principals are left out",
                    rows - index
                ),
                None,
            )
            .with_help("split the scenario, or ask about fewer (action, resource) pairs");
            return (index, Some(error));
        }
    }
    (rows, None)
}

/// The full explanation of the cell at `row`, `column` of [`compute_matrix`]'s matrix for the same scenario,
/// with its what-if; `None` when either index is out of range.
pub fn explain_cell(scenario: &Scenario, row: usize, column: usize) -> Option<CellExplanation<'_>> {
    explain_cell_with(scenario, &MatrixOptions::default(), row, column)
}

/// [`explain_cell`] for a matrix built with `options`.
pub fn explain_cell_with<'s>(
    scenario: &'s Scenario,
    options: &MatrixOptions,
    row: usize,
    column: usize,
) -> Option<CellExplanation<'s>> {
    let directory = ScenarioDirectory::new(scenario);
    let RowSpec {
        key,
        origin,
        caller,
    } = row_specs(scenario, &directory).into_iter().nth(row)?;
    let (columns, _, _) = columns(scenario, options);
    let column = columns.into_iter().nth(column)?;
    let mut column_side = ColumnSide::new(&directory, &column);
    let mut side = RowSide::new(scenario, caller);
    let mut work = AuthorizationRequest::new(Principal::anonymous(), "", "");
    side.swap_into(&mut work);
    column_side.swap_into(&mut work, &mut side);
    let full = EvaluationOptions {
        explain_statements: true,
    };
    let explanation = evaluate_with(&work, full).explanation;
    let what_if = side
        .what_if_target(explanation.account_relation)
        .map(|(moved, _, account)| {
            std::mem::swap(&mut work.resource_account, account);
            let what_if = evaluate_with(&work, full).explanation;
            std::mem::swap(&mut work.resource_account, account);
            WhatIfExplanation {
                moved,
                resource_account: account.clone().unwrap_or_default(),
                explanation: what_if,
            }
        });
    column_side.swap_into(&mut work, &mut side);
    side.swap_into(&mut work);
    Some(CellExplanation {
        row: matrix_row(key, origin, scenario, &side),
        column,
        explanation,
        what_if,
    })
}

/// The what-if decision when the rules fix it without a second evaluation, given that moving the resource
/// changes nothing but the account relation (no policy reads `aws:ResourceAccount`):
/// - an explicit deny stays one: every `Deny` is found the same way in one account and across accounts
///   (reference_policies_evaluation-logic.md, "Determining whether a request is allowed or denied within an
///   account", step 1; reference_policies_evaluation-logic-cross-account.md, "Determining whether a
///   cross-account request is allowed");
/// - a cross-account `Allow` had both sides allow, and either side suffices in one account, so it stays `Allow`;
/// - a same-account implicit deny had neither side allow, so across accounts, where both must, it stays denied;
/// - a cross-account implicit deny where no identity-policy and no resource-policy `Allow` applied stays denied
///   in one account too: something must allow (reference_policies_evaluation-logic.md, "The difference between
///   explicit and implicit denies"). The root user is left out: it needs no identity policy in its own account.
///
/// Only a same-account `Allow` and a cross-account implicit deny with one side allowing can change; those are
/// evaluated. `tests/matrix.rs` checks this against evaluating every what-if.
fn fixed_what_if(explanation: &Explanation<'_>, caller_is_root: bool) -> Option<Decision> {
    if explanation
        .notes
        .contains(&crate::explain::EvaluationNote::S3RestrictPublicBuckets)
    {
        // S3 Block Public Access dropped the bucket policy's grants because the caller is outside the owner's
        // account: in the owner's account they count again, so the what-if must be evaluated.
        return None;
    }
    match (explanation.decision, explanation.account_relation) {
        (Decision::ExplicitDeny, _) => Some(Decision::ExplicitDeny),
        (Decision::Allow, AccountRelation::CrossAccount) => Some(Decision::Allow),
        (Decision::ImplicitDeny, AccountRelation::SameAccount) => Some(Decision::ImplicitDeny),
        (Decision::ImplicitDeny, AccountRelation::CrossAccount) => {
            let allowed = |policy_type| explanation.outcome_of(policy_type) == TypeOutcome::Allowed;
            let some_side_allows =
                caller_is_root || allowed(PolicyType::Identity) || allowed(PolicyType::Resource);
            (!some_side_allows).then_some(Decision::ImplicitDeny)
        }
        _ => None,
    }
}

/// Whether any policy of the scenario may read `aws:ResourceAccount` (as a condition key, or a `${...}`
/// variable in a condition value or a resource), the one context key moving the resource changes.
fn reads_resource_account(scenario: &Scenario) -> bool {
    fn mentions(text: &str) -> bool {
        const KEY: &[u8] = b"resourceaccount";
        text.as_bytes()
            .windows(KEY.len())
            .any(|window| window.eq_ignore_ascii_case(KEY))
    }
    every_policy(scenario).any(|policy| {
        policy.policy.statements.iter().any(|statement| {
            let resources = statement.resource.iter().flat_map(|block| &block.patterns);
            statement.conditions.iter().any(|clause| {
                mentions(&clause.key.value) || clause.values.iter().any(|v| mentions(&v.value))
            }) || resources
                .into_iter()
                .any(|pattern| mentions(&pattern.value))
        })
    })
}

/// Every policy of a scenario: SCPs and RCPs, groups', users', roles', resources' and session policies.
fn every_policy(scenario: &Scenario) -> impl Iterator<Item = &ScenarioPolicy> {
    let organization = scenario.accounts.iter().flat_map(|account| {
        account
            .scps
            .iter()
            .chain(account.rcps.iter())
            .flatten()
            .flatten()
    });
    let groups = scenario.groups.iter().flat_map(|group| &group.policies);
    let users = scenario
        .users
        .iter()
        .flat_map(|user| user.policies.iter().chain(&user.permissions_boundary));
    let roles = scenario.roles.iter().flat_map(|role| {
        role.trust_policy
            .iter()
            .chain(&role.policies)
            .chain(&role.permissions_boundary)
    });
    let resources = scenario.resources.iter().flat_map(|r| &r.policy);
    let sessions = scenario.requests.iter().flat_map(|r| &r.session_policy);
    organization
        .chain(groups)
        .chain(users)
        .chain(roles)
        .chain(resources)
        .chain(sessions)
}

fn same_account(relation: AccountRelation) -> Option<bool> {
    match relation {
        AccountRelation::SameAccount => Some(true),
        AccountRelation::CrossAccount => Some(false),
        AccountRelation::NoCallerAccount => None,
    }
}

/// A row before it is evaluated: its caller, resolved once.
struct RowSpec<'s> {
    key: String,
    origin: RowOrigin,
    caller: Caller<'s>,
}

/// The row's public data, once its side is resolved.
fn matrix_row(
    key: String,
    origin: RowOrigin,
    scenario: &Scenario,
    side: &RowSide<'_>,
) -> MatrixRow {
    let principal = &side.caller.principal;
    let kind = match principal.kind {
        PrincipalKind::Root => RowKind::Root,
        PrincipalKind::IamUser => RowKind::User,
        PrincipalKind::RoleSession { .. } => RowKind::Role,
        PrincipalKind::FederatedUser { .. } => RowKind::FederatedUser,
        PrincipalKind::Service => RowKind::Service,
        PrincipalKind::Federated { .. } => RowKind::IdentityProvider,
        PrincipalKind::Anonymous => RowKind::Anonymous,
    };
    let name = crate::arn::Arn::parse(&key)
        .map_or(key.as_str(), |arn| arn.resource)
        .to_string();
    let account = side.own_account.clone();
    let account_name = account
        .as_deref()
        .and_then(|id| scenario.account(id))
        .and_then(|account| account.name.as_ref())
        .map(|name| name.value.clone());
    MatrixRow {
        arn: principal.arn.clone(),
        name,
        key,
        kind,
        origin,
        account,
        account_name,
        what_if_other_account: side.other_account.clone(),
    }
}

/// The rows in order (see the module doc), each principal once (by the ARN it calls with).
fn row_specs<'s>(scenario: &'s Scenario, directory: &ScenarioDirectory<'s>) -> Vec<RowSpec<'s>> {
    let mut specs: Vec<RowSpec<'s>> = Vec::new();
    let mut add = |key: &str, origin: RowOrigin| {
        let Ok(caller) = directory.caller(key) else {
            return;
        };
        let duplicate = specs.iter().any(|spec| {
            spec.caller.principal.arn == caller.principal.arn
                && spec.caller.principal.kind == caller.principal.kind
        });
        if !duplicate {
            specs.push(RowSpec {
                key: key.to_string(),
                origin,
                caller,
            });
        }
    };
    for user in &scenario.users {
        add(&user.arn.value, RowOrigin::Entity);
    }
    for role in &scenario.roles {
        add(&role.arn.value, RowOrigin::Entity);
    }
    for account in &scenario.accounts {
        add(
            &format!("arn:aws:iam::{}:root", account.id.value),
            RowOrigin::Account,
        );
    }
    let policy_principals = scenario
        .roles
        .iter()
        .filter_map(|role| role.trust_policy.as_ref())
        .chain(scenario.resources.iter().filter_map(|r| r.policy.as_ref()));
    for policy in policy_principals {
        for statement in &policy.policy.statements {
            let Some(block) = &statement.principal else {
                continue;
            };
            if block.negated {
                continue;
            }
            let PrincipalSet::Entries(entries) = &block.principals else {
                continue;
            };
            for entry in entries {
                let named = matches!(
                    entry.principal_type,
                    PrincipalType::Service | PrincipalType::Federated
                );
                if named && !entry.value.value.contains('*') {
                    add(&entry.value.value, RowOrigin::Policy);
                }
            }
        }
    }
    for request in &scenario.requests {
        let key = request.principal.value.as_str();
        if key != "anonymous" && key != "*" {
            add(key, RowOrigin::Request);
        }
    }
    add("anonymous", RowOrigin::Anonymous);
    specs
}

/// A row's caller and what the what-if and resources without an owner need, resolved once.
struct RowSide<'s> {
    caller: Caller<'s>,
    /// `Some(caller's account)`: the what-if's target for a cross-account cell.
    own_account: Option<String>,
    /// The what-if's target for a same-account cell.
    other_account: Option<String>,
    /// The RCPs of the caller's account: a resource without an owner is the caller's
    /// (`ScenarioDirectory::request` does the same).
    own_rcps: OrganizationPolicies<'s>,
}

impl<'s> RowSide<'s> {
    fn new(scenario: &'s Scenario, caller: Caller<'s>) -> Self {
        // Callers without an account have no identity side and no boundary to cross.
        let own_account = match caller.principal.kind {
            PrincipalKind::Service | PrincipalKind::Federated { .. } | PrincipalKind::Anonymous => {
                None
            }
            _ => caller.principal.account.clone(),
        };
        let other_account = own_account.as_deref().map(|own| {
            if own == WHAT_IF_OTHER_ACCOUNT {
                WHAT_IF_OTHER_ACCOUNT_ALTERNATE.to_string()
            } else {
                WHAT_IF_OTHER_ACCOUNT.to_string()
            }
        });
        let own_rcps = own_account
            .as_deref()
            .and_then(|id| scenario.account(id))
            .and_then(|account| account.rcps.as_ref())
            .map_or_else(OrganizationPolicies::default, |levels| {
                OrganizationPolicies::member(
                    levels
                        .iter()
                        .map(|level| level.iter().map(named).collect())
                        .collect(),
                )
            });
        Self {
            caller,
            own_account: own_account.clone(),
            other_account,
            own_rcps,
        }
    }

    /// Moves the caller's side into `work` (or back out: swapping twice restores both).
    fn swap_into(&mut self, work: &mut AuthorizationRequest<'s>) {
        let caller = &mut self.caller;
        std::mem::swap(&mut work.principal, &mut caller.principal);
        std::mem::swap(&mut work.policies.identity, &mut caller.identity);
        std::mem::swap(
            &mut work.policies.permissions_boundary,
            &mut caller.permissions_boundary,
        );
        std::mem::swap(&mut work.policies.session, &mut caller.session);
        std::mem::swap(&mut work.policies.scps, &mut caller.scps);
    }

    /// Where the what-if puts the resource, the relation it then has, and the account to swap in.
    fn what_if_target(
        &mut self,
        relation: AccountRelation,
    ) -> Option<(WhatIfMove, bool, &mut Option<String>)> {
        match relation {
            AccountRelation::SameAccount if self.other_account.is_some() => {
                Some((WhatIfMove::IntoOtherAccount, false, &mut self.other_account))
            }
            AccountRelation::CrossAccount if self.own_account.is_some() => {
                Some((WhatIfMove::IntoCallerAccount, true, &mut self.own_account))
            }
            _ => None,
        }
    }
}

fn named(policy: &ScenarioPolicy) -> NamedPolicy<'_> {
    policy.named()
}

/// A column's resource side, resolved once by the scenario directory (for an anonymous caller, whose side is
/// then replaced per row).
struct ColumnSide<'s> {
    request: AuthorizationRequest<'s>,
    /// The resource has no owning account: it is the caller's, and so are its RCPs.
    ownerless: bool,
}

impl<'s> ColumnSide<'s> {
    fn new(directory: &ScenarioDirectory<'s>, column: &MatrixColumn<'s>) -> Self {
        let anonymous = Caller::bare(Principal::anonymous());
        let empty = RequestContext::new();
        let context = column.context.unwrap_or(&empty);
        let mut request = directory.request(&anonymous, column.action, column.resource, context);
        if let Some(endpoint) = column.vpc_endpoint {
            directory.through_vpc_endpoint(&mut request, endpoint);
        }
        // Read the owner from the ARN once, not in every evaluation.
        request.resource_account = column.resource_account.clone();
        Self {
            ownerless: request.resource_account.is_none(),
            request,
        }
    }

    /// Moves the column's resource side into `work` (or back out), with the row's RCPs for an ownerless
    /// resource.
    fn swap_into(&mut self, work: &mut AuthorizationRequest<'s>, row: &mut RowSide<'s>) {
        let column = &mut self.request;
        std::mem::swap(&mut work.action, &mut column.action);
        std::mem::swap(&mut work.resource, &mut column.resource);
        std::mem::swap(&mut work.resource_account, &mut column.resource_account);
        std::mem::swap(&mut work.resource_tags, &mut column.resource_tags);
        std::mem::swap(
            &mut work.restrict_public_buckets,
            &mut column.restrict_public_buckets,
        );
        std::mem::swap(&mut work.context, &mut column.context);
        std::mem::swap(&mut work.policies.resource, &mut column.policies.resource);
        std::mem::swap(
            &mut work.policies.vpc_endpoint,
            &mut column.policies.vpc_endpoint,
        );
        if self.ownerless {
            std::mem::swap(&mut work.policies.rcps, &mut row.own_rcps);
        } else {
            std::mem::swap(&mut work.policies.rcps, &mut column.policies.rcps);
        }
    }
}

/// The columns, where they come from, and how many derived ones the cap dropped.
fn columns<'s>(
    scenario: &'s Scenario,
    options: &MatrixOptions,
) -> (Vec<MatrixColumn<'s>>, ColumnSource, usize) {
    if scenario.requests.is_empty() {
        let (columns, dropped) = derived_columns(scenario, options.max_derived_columns);
        return (columns, ColumnSource::Policies, dropped);
    }
    let mut columns: Vec<MatrixColumn<'s>> = Vec::new();
    for request in &scenario.requests {
        let action = request.action.value.as_str();
        let resource = request.resource.value.as_str();
        let vpc_endpoint = request.vpc_endpoint.as_ref().map(|id| id.value.as_str());
        let existing = columns.iter_mut().find(|column| {
            column.action == action
                && column.resource == resource
                && column.vpc_endpoint == vpc_endpoint
                && column
                    .context
                    .is_some_and(|context| *context == request.context)
        });
        match existing {
            Some(column) => column.requests.push(request.index),
            None => columns.push(MatrixColumn {
                action,
                resource,
                context: Some(&request.context),
                resource_account: resource_owner(scenario, resource),
                vpc_endpoint,
                requests: vec![request.index],
                name: request.name.as_ref().map(|name| name.value.as_str()),
                derived_from: None,
            }),
        }
    }
    (columns, ColumnSource::Requests, 0)
}

/// The account owning `resource`: its ARN's account, else its resource entry's (`ScenarioDirectory::request`
/// reads it the same way; a role ARN always names its account).
fn resource_owner(scenario: &Scenario, resource: &str) -> Option<String> {
    crate::eval::request::account_of(resource).or_else(|| {
        scenario
            .resource_for(resource)
            .and_then(|entry| entry.owner())
            .map(str::to_string)
    })
}

/// `Action` × `Resource` pairs of identity, resource and trust policies, in scenario order.
fn derived_columns(scenario: &Scenario, cap: usize) -> (Vec<MatrixColumn<'_>>, usize) {
    // (policy, the resource a statement without `Resource` covers)
    let mut sources: Vec<(&ScenarioPolicy, Option<&str>)> = Vec::new();
    for group in &scenario.groups {
        sources.extend(group.policies.iter().map(|policy| (policy, None)));
    }
    for user in &scenario.users {
        sources.extend(user.policies.iter().map(|policy| (policy, None)));
    }
    for role in &scenario.roles {
        let role_arn = Some(role.arn.value.as_str());
        sources.extend(role.trust_policy.iter().map(|policy| (policy, role_arn)));
        sources.extend(role.policies.iter().map(|policy| (policy, None)));
    }
    for resource in &scenario.resources {
        let arn = Some(resource.arn.value.as_str());
        sources.extend(resource.policy.iter().map(|policy| (policy, arn)));
    }

    let mut columns: Vec<MatrixColumn<'_>> = Vec::new();
    // A set keeps this linear in the pairs: an account export attaches the same large AWS managed policy
    // (`ReadOnlyAccess`, 1,500 actions) to many principals.
    let mut seen: std::collections::HashSet<(&str, &str)> = std::collections::HashSet::new();
    let mut dropped = 0usize;
    let mut enumerated = 0usize;
    for (policy, implied_resource) in sources {
        let visited = for_each_pair(
            &policy.policy,
            implied_resource,
            |statement_index, action, resource| {
                enumerated = enumerated.saturating_add(1);
                if columns.len() >= cap && enumerated > MAX_ENUMERATED_PAIRS {
                    return false;
                }
                if !seen.insert((action, resource)) {
                    return true;
                }
                if columns.len() >= cap {
                    dropped = dropped.saturating_add(1);
                    return true;
                }
                columns.push(MatrixColumn {
                    action,
                    resource,
                    context: None,
                    resource_account: resource_owner(scenario, resource),
                    vpc_endpoint: None,
                    requests: Vec::new(),
                    name: None,
                    derived_from: Some(ColumnOrigin {
                        policy_id: policy.id.as_str(),
                        statement_index,
                    }),
                });
                true
            },
        );
        // Past the budget, the rest are counted, not enumerated (so repeats among them count twice).
        let total = pair_count(&policy.policy, implied_resource);
        dropped = dropped.saturating_add(total.saturating_sub(visited));
    }
    (columns, dropped)
}

/// Action × resource pairs enumerated one by one once the derived columns are full; the rest are only counted.
/// A hostile statement can list a million actions and a million resources; real policies stay far below.
const MAX_ENUMERATED_PAIRS: usize = 1_000_000;

/// The pairs `for_each_pair` would visit.
fn pair_count(policy: &Policy, implied_resource: Option<&str>) -> usize {
    policy
        .statements
        .iter()
        .filter_map(|statement| {
            let actions = statement.action.as_ref().filter(|block| !block.negated)?;
            let resources = match &statement.resource {
                Some(block) if !block.negated => block.patterns.len(),
                Some(_) => return None,
                None => usize::from(implied_resource.is_some()),
            };
            Some(actions.patterns.len().saturating_mul(resources))
        })
        .fold(0usize, usize::saturating_add)
}

/// Visits the action × resource pairs of `policy`'s `Allow`-or-`Deny` statements until `visit` returns
/// `false`; returns how many pairs it visited before that.
fn for_each_pair<'s>(
    policy: &'s Policy,
    implied_resource: Option<&'s str>,
    mut visit: impl FnMut(usize, &'s str, &'s str) -> bool,
) -> usize {
    let mut visited = 0usize;
    for statement in &policy.statements {
        let Some(actions) = statement.action.as_ref().filter(|block| !block.negated) else {
            continue;
        };
        let resources: Vec<&'s str> = match &statement.resource {
            Some(block) if !block.negated => {
                block.patterns.iter().map(|p| p.value.as_str()).collect()
            }
            Some(_) => continue,
            None => implied_resource.into_iter().collect(),
        };
        for action in &actions.patterns {
            for resource in &resources {
                if !visit(statement.index, action.value.as_str(), resource) {
                    return visited;
                }
                visited = visited.saturating_add(1);
            }
        }
    }
    visited
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::scenario::{check_request, load_scenario, CheckOptions, SESSION_NAME};

    fn load(text: &str) -> Scenario {
        let loaded = load_scenario(text);
        assert!(
            loaded.diagnostics.iter().all(|d| !d.is_error()),
            "{:?}",
            loaded.diagnostics
        );
        loaded.scenario.expect("scenario")
    }

    /// The cross-account table of the examples, in small: a bucket in 222222222222 naming two users in its
    /// policy; each user exists with and without an identity policy, in both accounts.
    const TABLE: &str = r#"{
      "accounts": {"111111111111": {"name": "analytics"}, "222222222222": {"name": "owner"}},
      "users": [
        {"arn": "arn:aws:iam::222222222222:user/identity-only", "policies": [{"name": "Read", "document":
          {"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
           "Resource": "arn:aws:s3:::shared/*"}]}}]},
        {"arn": "arn:aws:iam::222222222222:user/resource-only"},
        {"arn": "arn:aws:iam::111111111111:user/identity-only", "policies": [{"name": "Read", "document":
          {"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
           "Resource": "arn:aws:s3:::shared/*"}]}}]},
        {"arn": "arn:aws:iam::111111111111:user/resource-only"}
      ],
      "resources": [{"arn": "arn:aws:s3:::shared", "account": "222222222222", "policy":
        {"Version": "2012-10-17", "Statement": [{"Sid": "Grant", "Effect": "Allow",
          "Principal": {"AWS": ["arn:aws:iam::222222222222:user/resource-only",
                                "arn:aws:iam::111111111111:user/resource-only"]},
          "Action": "s3:GetObject", "Resource": "arn:aws:s3:::shared/*"}]}}],
      "requests": [
        {"principal": "arn:aws:iam::222222222222:user/identity-only", "action": "s3:GetObject",
         "resource": "arn:aws:s3:::shared/report.csv"}
      ]
    }"#;

    #[test]
    fn same_account_either_side_cross_account_both() {
        let scenario = load(TABLE);
        let matrix = compute_matrix(&scenario);
        assert_eq!(matrix.column_source, ColumnSource::Requests);
        assert_eq!(matrix.columns.len(), 1);
        let keys: Vec<&str> = matrix.rows.iter().map(|row| row.key.as_str()).collect();
        assert_eq!(
            keys,
            [
                "arn:aws:iam::222222222222:user/identity-only",
                "arn:aws:iam::222222222222:user/resource-only",
                "arn:aws:iam::111111111111:user/identity-only",
                "arn:aws:iam::111111111111:user/resource-only",
                "arn:aws:iam::111111111111:root",
                "arn:aws:iam::222222222222:root",
                "anonymous",
            ]
        );
        let cell = |row: usize| matrix.cell(row, 0).expect("cell");

        // Same account: either side allows; moved to another account, one side is not enough.
        for row in [0, 1] {
            assert_eq!(cell(row).decision, Decision::Allow, "row {row}");
            assert_eq!(cell(row).same_account, Some(true));
            let what_if = cell(row).what_if.expect("what-if");
            assert_eq!(what_if.moved, WhatIfMove::IntoOtherAccount);
            assert!(!what_if.same_account);
            assert_eq!(what_if.decision, Decision::ImplicitDeny, "row {row}");
            assert!(what_if.changes);
        }
        assert_eq!(cell(0).decisive.first().and_then(|s| s.sid), Some("Read"));
        assert_eq!(cell(1).decisive.first().and_then(|s| s.sid), Some("Grant"));

        // Cross account: one side is not enough; in the caller's account it would be.
        for row in [2, 3] {
            assert_eq!(cell(row).decision, Decision::ImplicitDeny, "row {row}");
            assert_eq!(cell(row).same_account, Some(false));
            let what_if = cell(row).what_if.expect("what-if");
            assert_eq!(what_if.moved, WhatIfMove::IntoCallerAccount);
            assert_eq!(what_if.decision, Decision::Allow, "row {row}");
        }

        // Anonymous has no account, so no boundary to cross.
        assert_eq!(cell(6).same_account, None);
        assert_eq!(cell(6).what_if, None);
        assert_eq!(cell(6).decision, Decision::ImplicitDeny);
        assert_eq!(
            matrix.rows.get(6).map(|row| row.kind),
            Some(RowKind::Anonymous)
        );
        assert_eq!(
            matrix
                .rows
                .get(4)
                .and_then(|row| row.account_name.as_deref()),
            Some("analytics")
        );
    }

    #[test]
    fn explain_cell_agrees_with_the_cell_and_explains_every_statement() {
        let scenario = load(TABLE);
        let matrix = compute_matrix(&scenario);
        let explained = explain_cell(&scenario, 1, 0).expect("cell");
        let cell = matrix.cell(1, 0).expect("cell");
        assert_eq!(explained.explanation.decision, cell.decision);
        assert_eq!(explained.explanation.decisive, cell.decisive);
        assert!(!explained.explanation.policies.is_empty());
        let what_if = explained.what_if.expect("what-if");
        assert_eq!(what_if.resource_account, WHAT_IF_OTHER_ACCOUNT);
        assert_eq!(
            Some(what_if.explanation.decision),
            cell.what_if.map(|w| w.decision)
        );
        assert_eq!(
            what_if.explanation.account_relation,
            AccountRelation::CrossAccount
        );
        assert!(explain_cell(&scenario, 99, 0).is_none());
        assert!(explain_cell(&scenario, 0, 1).is_none());
    }

    #[test]
    fn cells_agree_with_direct_requests() {
        // Every request without a chain or a session policy is a cell: both must say the same.
        let scenario = load(TABLE);
        let matrix = compute_matrix(&scenario);
        for request in &scenario.requests {
            let result = check_request(&scenario, request, &CheckOptions::default());
            let row = matrix
                .rows
                .iter()
                .position(|row| row.key == request.principal.value)
                .expect("row");
            let column = matrix
                .columns
                .iter()
                .position(|column| column.requests.contains(&request.index))
                .expect("column");
            let cell = matrix.cell(row, column).expect("cell");
            assert_eq!(cell.decision, result.decision);
            assert_eq!(cell.same_account, result.same_account);
        }
    }

    #[test]
    fn contexts_split_columns_and_services_from_trust_policies_are_rows() {
        let scenario = load(
            r#"{
          "accounts": {"123456789012": {}},
          "roles": [{"arn": "arn:aws:iam::123456789012:role/fn", "trustPolicy": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                           "Action": "sts:AssumeRole"}]}}],
          "requests": [
            {"principal": "lambda.amazonaws.com", "action": "sts:AssumeRole",
             "resource": "arn:aws:iam::123456789012:role/fn"},
            {"principal": "arn:aws:iam::123456789012:user/x", "action": "s3:ListBucket",
             "resource": "arn:aws:s3:::b", "context": {"aws:SourceIp": "10.0.0.1"}},
            {"principal": "arn:aws:iam::123456789012:user/x", "action": "s3:ListBucket",
             "resource": "arn:aws:s3:::b", "context": {"aws:SourceIp": "10.0.0.2"}},
            {"principal": "arn:aws:iam::123456789012:user/x", "action": "s3:ListBucket",
             "resource": "arn:aws:s3:::b", "context": {"aws:SourceIp": "10.0.0.2"}}
          ]
        }"#,
        );
        let matrix = compute_matrix(&scenario);
        assert_eq!(matrix.columns.len(), 3);
        assert_eq!(
            matrix.columns.get(2).map(|c| c.requests.clone()),
            Some(vec![2, 3])
        );
        let service = matrix
            .rows
            .iter()
            .position(|row| row.key == "lambda.amazonaws.com")
            .expect("service row");
        assert_eq!(
            matrix.rows.get(service).map(|r| r.origin),
            Some(RowOrigin::Policy)
        );
        assert_eq!(
            matrix.cell(service, 0).map(|cell| cell.decision),
            Some(Decision::Allow)
        );
        // The request's undescribed user still gets a row.
        assert!(matrix
            .rows
            .iter()
            .any(|row| row.key == "arn:aws:iam::123456789012:user/x"
                && row.origin == RowOrigin::Request));
        // The role row is its session.
        let role = matrix.rows.first().expect("role row");
        assert_eq!(role.kind, RowKind::Role);
        assert_eq!(
            role.arn,
            format!("arn:aws:sts::123456789012:assumed-role/fn/{SESSION_NAME}")
        );
        let json = serde_json::to_value(&matrix).expect("json");
        assert_eq!(
            json.pointer("/columns/1/context/aws:SourceIp"),
            Some(&serde_json::json!("10.0.0.1"))
        );
    }

    #[test]
    fn columns_are_derived_from_policies_without_requests_and_capped() {
        let scenario = load(
            r#"{
          "users": [{"arn": "arn:aws:iam::123456789012:user/a", "policies": [{"Version": "2012-10-17",
            "Statement": [
              {"Effect": "Allow", "Action": ["s3:Get*", "s3:List*"], "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
              {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
              {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b"}]}]}],
          "roles": [{"arn": "arn:aws:iam::123456789012:role/r", "trustPolicy": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:user/a"},
                           "Action": "sts:AssumeRole"}]}}]
        }"#,
        );
        let matrix = compute_matrix(&scenario);
        assert_eq!(matrix.column_source, ColumnSource::Policies);
        let pairs: Vec<(&str, &str)> = matrix
            .columns
            .iter()
            .map(|column| (column.action, column.resource))
            .collect();
        assert_eq!(
            pairs,
            [
                ("s3:Get*", "arn:aws:s3:::b"),
                ("s3:Get*", "arn:aws:s3:::b/*"),
                ("s3:List*", "arn:aws:s3:::b"),
                ("s3:List*", "arn:aws:s3:::b/*"),
                ("sts:AssumeRole", "arn:aws:iam::123456789012:role/r"),
            ]
        );
        // The wildcard action is evaluated as written: the user's own statement covers it.
        assert_eq!(matrix.cell(0, 0).map(|c| c.decision), Some(Decision::Allow));
        // The user is named by the trust policy: same account, the trust policy alone allows.
        assert_eq!(matrix.cell(0, 4).map(|c| c.decision), Some(Decision::Allow));

        let capped = compute_matrix_with(
            &scenario,
            &MatrixOptions {
                max_derived_columns: 2,
                ..MatrixOptions::default()
            },
        );
        assert_eq!(capped.columns.len(), 2);
        assert_eq!(capped.columns_dropped, 3);
        assert!(capped.cells.iter().all(|row| row.len() == 2));
    }

    #[test]
    fn what_ifs_are_evaluated_when_a_policy_reads_the_resource_account() {
        // Cross-account and allowed by both sides; moved into the caller's account, a `Deny` on
        // `aws:ResourceAccount` applies, which the shortcut "a cross-account Allow stays Allow" would miss.
        let scenario = load(
            r#"{
          "users": [{"arn": "arn:aws:iam::111111111111:user/a", "policies": [{"Version": "2012-10-17",
            "Statement": [
              {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
              {"Effect": "Deny", "Action": "sqs:SendMessage", "Resource": "*",
               "Condition": {"StringEquals": {"aws:ResourceAccount": "111111111111"}}}]}]}],
          "resources": [{"arn": "arn:aws:sqs:us-east-1:222222222222:q", "policy": {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"AWS": "111111111111"}, "Action": "sqs:SendMessage",
                           "Resource": "arn:aws:sqs:us-east-1:222222222222:q"}]}}],
          "requests": [{"principal": "arn:aws:iam::111111111111:user/a", "action": "sqs:SendMessage",
                        "resource": "arn:aws:sqs:us-east-1:222222222222:q"}]
        }"#,
        );
        assert!(reads_resource_account(&scenario));
        let matrix = compute_matrix(&scenario);
        let cell = matrix.cell(0, 0).expect("cell");
        assert_eq!(cell.decision, Decision::Allow);
        assert_eq!(cell.same_account, Some(false));
        assert_eq!(
            cell.what_if.map(|w| w.decision),
            Some(Decision::ExplicitDeny)
        );
        assert!(!reads_resource_account(&load(TABLE)));
    }

    #[test]
    fn fixed_what_ifs_follow_the_rules() {
        use crate::explain::PolicyTypeResult;
        use AccountRelation::{CrossAccount, SameAccount};
        use Decision::{Allow, ExplicitDeny, ImplicitDeny};
        let explanation = |decision, relation, allowed: &[PolicyType]| Explanation {
            decision,
            account_relation: relation,
            summary: String::new(),
            policy_types: allowed
                .iter()
                .map(|policy_type| PolicyTypeResult {
                    policy_type: *policy_type,
                    outcome: TypeOutcome::Allowed,
                    counted: true,
                })
                .collect(),
            decisive: Vec::new(),
            notes: Vec::new(),
            policies: Vec::new(),
            aws_rule: None,
        };
        let fixed = |decision, relation, allowed: &[PolicyType], root| {
            fixed_what_if(&explanation(decision, relation, allowed), root)
        };
        assert_eq!(
            fixed(ExplicitDeny, SameAccount, &[], false),
            Some(ExplicitDeny)
        );
        assert_eq!(
            fixed(ExplicitDeny, CrossAccount, &[], false),
            Some(ExplicitDeny)
        );
        assert_eq!(fixed(Allow, CrossAccount, &[], false), Some(Allow));
        assert_eq!(
            fixed(ImplicitDeny, SameAccount, &[], false),
            Some(ImplicitDeny)
        );
        assert_eq!(
            fixed(ImplicitDeny, CrossAccount, &[], false),
            Some(ImplicitDeny)
        );
        // One side allowed across accounts: in one account it may be enough, so it is evaluated.
        assert_eq!(
            fixed(ImplicitDeny, CrossAccount, &[PolicyType::Identity], false),
            None
        );
        assert_eq!(
            fixed(ImplicitDeny, CrossAccount, &[PolicyType::Resource], false),
            None
        );
        assert_eq!(fixed(ImplicitDeny, CrossAccount, &[], true), None);
        assert_eq!(fixed(Allow, SameAccount, &[], false), None);
    }

    #[test]
    fn ownerless_resources_count_as_the_callers_account() {
        let scenario = load(
            r#"{
          "users": [{"arn": "arn:aws:iam::123456789012:user/a", "policies": [{"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}]}],
          "requests": [{"principal": "arn:aws:iam::123456789012:user/a", "action": "s3:ListAllMyBuckets",
                        "resource": "*", "expect": "Allow"}]
        }"#,
        );
        let matrix = compute_matrix(&scenario);
        let cell = matrix.cell(0, 0).expect("cell");
        assert_eq!(cell.decision, Decision::Allow);
        assert_eq!(cell.same_account, Some(true));
        // Moved to another account, the identity policy alone no longer suffices.
        assert_eq!(
            cell.what_if.map(|w| w.decision),
            Some(Decision::ImplicitDeny)
        );
        assert_eq!(
            matrix
                .rows
                .first()
                .and_then(|r| r.what_if_other_account.as_deref()),
            Some(WHAT_IF_OTHER_ACCOUNT)
        );
    }
}
