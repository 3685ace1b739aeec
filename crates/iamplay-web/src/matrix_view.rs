//! The matrix as the page shows it: an owned copy of the core's `matrix::compute_matrix` result, with each
//! decisive statement placed in its editor. Nothing here decides; it copies and maps spans.

use crate::positions::Range16;
use crate::world::World;
use iamplay_core::explain::{Decision, StatementRef};
use iamplay_core::matrix::{compute_matrix, ColumnSource, RowKind};
use std::collections::HashMap;
use std::rc::Rc;

/// A statement that decided, and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLink {
    /// The Sid, or `statement N` (1-based).
    pub label: String,
    /// The core's policy id (`user/alice:ReadOnly`).
    pub policy_id: String,
    pub allow: bool,
    /// The editor (policy id) and range, when the statement is in one. For an AWS managed policy attached by
    /// ARN, the id of the entry that attaches it, and a range in the managed policy's own text.
    pub target: Option<(u32, Range16)>,
}

impl StatementLink {
    pub fn new(world: &World, statement: &StatementRef<'_>) -> Self {
        let target =
            world.locate_statement(&statement.policy_id, statement.managed_arn, statement.span);
        Self {
            label: statement.sid.map_or_else(
                || format!("statement {}", statement.statement_index + 1),
                str::to_string,
            ),
            policy_id: statement.policy_id.to_string(),
            allow: statement.effect == iamplay_core::policy::Effect::Allow,
            target,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub key: String,
    pub name: String,
    pub kind: RowKind,
    pub account: Option<String>,
    pub account_name: Option<String>,
}

impl RowView {
    /// `user`, `role session`, ... for labels.
    pub fn kind_label(&self) -> &'static str {
        match self.kind {
            RowKind::User => "user",
            RowKind::Role => "role session",
            RowKind::Root => "root user",
            RowKind::FederatedUser => "federated user",
            RowKind::Service => "service",
            RowKind::IdentityProvider => "identity provider",
            RowKind::Anonymous => "anonymous",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnView {
    pub action: String,
    pub resource: String,
    pub resource_account: Option<String>,
    /// The first request's name.
    pub name: Option<String>,
    /// Requests (0-based indices) asking this.
    pub requests: Vec<usize>,
    /// The context keys and values, as text.
    pub context: Vec<(String, String)>,
    /// The VPC endpoint the column's requests go through.
    pub vpc_endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellView {
    pub decision: Decision,
    pub same_account: Option<bool>,
    /// The decision across the account boundary, and whether it differs.
    pub what_if: Option<(Decision, bool)>,
    /// Shared: one statement decides many cells.
    pub decisive: Vec<Rc<StatementLink>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatrixView {
    pub rows: Vec<RowView>,
    pub columns: Vec<ColumnView>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<CellView>>,
    /// Columns come from the policies (the scenario has no requests).
    pub derived: bool,
    pub columns_dropped: usize,
    /// The `max_cells` error when principals were left out (the problems panel lists it).
    pub limit: Option<iamplay_core::diagnostic::Diagnostic>,
}

impl MatrixView {
    pub fn cell(&self, row: usize, column: usize) -> Option<&CellView> {
        self.cells.get(row).and_then(|cells| cells.get(column))
    }
}

/// Computes the matrix of a loaded scenario.
pub fn build(world: &World) -> MatrixView {
    let matrix = compute_matrix(&world.scenario);
    // One link per statement (by its span), shared by every cell it decides. A managed policy's spans are in
    // its own text: its statements are told apart by the policy too.
    let mut links: HashMap<(u32, u32, Option<String>), Rc<StatementLink>> = HashMap::new();
    let mut link = |statement: &StatementRef<'_>| {
        let policy = statement
            .managed_arn
            .map(|_| statement.policy_id.to_string());
        links
            .entry((
                statement.span.start.offset,
                statement.span.end.offset,
                policy,
            ))
            .or_insert_with(|| Rc::new(StatementLink::new(world, statement)))
            .clone()
    };
    MatrixView {
        rows: matrix
            .rows
            .iter()
            .map(|row| RowView {
                key: row.key.clone(),
                name: row.name.clone(),
                kind: row.kind,
                account: row.account.clone(),
                account_name: row.account_name.clone(),
            })
            .collect(),
        columns: matrix
            .columns
            .iter()
            .map(|column| ColumnView {
                action: column.action.to_string(),
                resource: column.resource.to_string(),
                resource_account: column.resource_account.clone(),
                name: column.name.map(str::to_string),
                requests: column.requests.clone(),
                context: column
                    .context
                    .iter()
                    .flat_map(|context| context.iter())
                    .map(|(key, value)| (key.to_string(), value.values().join(", ")))
                    .collect(),
                vpc_endpoint: column.vpc_endpoint.map(str::to_string),
            })
            .collect(),
        cells: matrix
            .cells
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| CellView {
                        decision: cell.decision,
                        same_account: cell.same_account,
                        what_if: cell.what_if.map(|w| (w.decision, w.changes)),
                        decisive: cell.decisive.iter().map(&mut link).collect(),
                    })
                    .collect()
            })
            .collect(),
        derived: matrix.column_source == ColumnSource::Policies,
        columns_dropped: matrix.columns_dropped,
        limit: matrix.limit.clone(),
    }
}
