//! "Pin as baseline": a copy of the workspace whose decisions the matrix is compared with from then on. The
//! baseline is saved in this browser (it survives a reload) and travels in share links (`#s=…&b=…`).
//!
//! A cell is compared by what it asks (principal, action, resource, context, endpoint), not by its position,
//! so adding a principal or a request moves no mark. A cell the baseline's matrix did not have is asked of
//! the baseline scenario by the core, as `iamplay diff` does (`iamplay_core::analysis::diff`). Every decision
//! comes from the core; this module only lines the two matrices up.

use crate::matrix_view::MatrixView;
use crate::model::Workspace;
use crate::world::World;
use iamplay_core::analysis::cells::{decide, matrix_request};
use iamplay_core::context::RequestContext;
use iamplay_core::diagnostic::{Span, Spanned};
use iamplay_core::explain::Decision;
use iamplay_core::matrix::compute_matrix;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

const KEY: &str = "iamplay.v1.baseline";
/// A saved or linked baseline is at most this large (as the autosave).
const MAX_BYTES: usize = 4 * 1024 * 1024;

/// What a column asks, as text: action, resource, context pairs, endpoint.
type ColumnKey = (String, String, Vec<(String, String)>, Option<String>);

/// The pinned workspace and its matrix's decisions.
#[derive(Debug)]
pub struct Pinned {
    pub ws: Rc<Workspace>,
    world: Option<World>,
    rows: HashMap<String, usize>,
    columns: HashMap<ColumnKey, usize>,
    decisions: Vec<Vec<Decision>>,
}

fn context_pairs(context: Option<&RequestContext>) -> Vec<(String, String)> {
    context
        .iter()
        .flat_map(|context| context.iter())
        .map(|(key, value)| (key.to_string(), value.values().join(", ")))
        .collect()
}

impl Pinned {
    /// Loads `ws` and computes its matrix; a workspace with errors gives a baseline with no decisions.
    pub fn new(ws: Workspace) -> Self {
        let world = World::load(&ws);
        let mut rows = HashMap::new();
        let mut columns = HashMap::new();
        let mut decisions = Vec::new();
        if let Some(world) = &world {
            let matrix = compute_matrix(&world.scenario);
            for (at, row) in matrix.rows.iter().enumerate() {
                rows.entry(row.key.clone()).or_insert(at);
            }
            for (at, column) in matrix.columns.iter().enumerate() {
                let key = (
                    column.action.to_string(),
                    column.resource.to_string(),
                    context_pairs(column.context),
                    column.vpc_endpoint.map(str::to_string),
                );
                columns.entry(key).or_insert(at);
            }
            decisions = matrix
                .cells
                .iter()
                .map(|row| row.iter().map(|cell| cell.decision).collect())
                .collect();
        }
        Self {
            ws: Rc::new(ws),
            world,
            rows,
            columns,
            decisions,
        }
    }

    /// The baseline loaded (it had no errors).
    pub fn loaded(&self) -> bool {
        self.world.is_some()
    }

    fn decision(&self, row: &str, column: &ColumnKey) -> Option<Decision> {
        let r = self.rows.get(row)?;
        let c = self.columns.get(column)?;
        self.decisions.get(*r)?.get(*c).copied()
    }
}

/// The cells of the shown matrix whose decision differs from the baseline's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Marks {
    /// (row, column) → the baseline's decision.
    pub cells: HashMap<(usize, usize), Decision>,
    /// Denied then, allowed now.
    pub opened: usize,
    /// Allowed then, denied now.
    pub closed: usize,
    /// Denied both times, for another reason.
    pub changed: usize,
}

impl Marks {
    pub fn total(&self) -> usize {
        self.opened + self.closed + self.changed
    }

    /// "3 cells changed since the baseline: 2 opened, 1 closed".
    pub fn summary(&self) -> String {
        let total = self.total();
        if total == 0 {
            return "No cell changed since the baseline.".into();
        }
        let mut parts = Vec::new();
        if self.opened > 0 {
            parts.push(format!("{} opened", self.opened));
        }
        if self.closed > 0 {
            parts.push(format!("{} closed", self.closed));
        }
        if self.changed > 0 {
            parts.push(format!("{} denied for another reason", self.changed));
        }
        format!(
            "{total} cell{} changed since the baseline: {}.",
            if total == 1 { "" } else { "s" },
            parts.join(", ")
        )
    }
}

/// Compares `matrix` (of the scenario `current` loads, asked for only when a cell is new) with `pinned`.
pub fn marks(
    pinned: &Pinned,
    matrix: &MatrixView,
    current: impl FnOnce() -> Option<Rc<World>>,
) -> Marks {
    let mut marks = Marks::default();
    let Some(base_world) = &pinned.world else {
        return marks;
    };
    let mut current = Some(current);
    let mut world: Option<Option<Rc<World>>> = None;
    let keys: Vec<ColumnKey> = matrix
        .columns
        .iter()
        .map(|column| {
            (
                column.action.clone(),
                column.resource.clone(),
                column.context.clone(),
                column.vpc_endpoint.clone(),
            )
        })
        .collect();
    for (r, row) in matrix.rows.iter().enumerate() {
        for (c, key) in keys.iter().enumerate() {
            let Some(cell) = matrix.cell(r, c) else {
                continue;
            };
            let before = match pinned.decision(&row.key, key) {
                Some(before) => before,
                None => {
                    // A cell only the current matrix has: ask the baseline scenario what it would decide.
                    let loaded =
                        world.get_or_insert_with(|| current.take().and_then(|load| load()));
                    let Some(now) = loaded.as_ref() else {
                        continue;
                    };
                    let Some(column) = matrix.columns.get(c) else {
                        continue;
                    };
                    let source = column
                        .requests
                        .first()
                        .and_then(|index| now.scenario.requests.get(*index));
                    let empty = RequestContext::new();
                    let mut request = matrix_request(
                        &row.key,
                        &column.action,
                        &column.resource,
                        source.map_or(&empty, |request| &request.context),
                    );
                    request.vpc_endpoint = column
                        .vpc_endpoint
                        .as_ref()
                        .map(|endpoint| Spanned::new(endpoint.clone(), Span::default()));
                    decide(&base_world.scenario, &request)
                }
            };
            let after = cell.decision;
            if before == after {
                continue;
            }
            match (before == Decision::Allow, after == Decision::Allow) {
                (false, true) => marks.opened += 1,
                (true, false) => marks.closed += 1,
                _ => marks.changed += 1,
            }
            marks.cells.insert((r, c), before);
        }
    }
    marks
}

fn storage() -> Option<web_sys::Storage> {
    gloo_utils::window().local_storage().ok().flatten()
}

/// The baseline saved in this browser.
pub fn load() -> Option<Workspace> {
    let text = storage()?.get_item(KEY).ok().flatten()?;
    Workspace::from_json(&text, MAX_BYTES).ok()
}

/// Saves (or, with `None`, forgets) the baseline. `Err` says why it could not be saved.
pub fn save(ws: Option<&Workspace>) -> Result<(), String> {
    let store = storage().ok_or_else(|| "local storage is not available".to_string())?;
    match ws {
        Some(ws) => store
            .set_item(KEY, &ws.to_json().text())
            .map_err(|_| "the browser's storage refused it".to_string()),
        None => store
            .remove_item(KEY)
            .map_err(|_| "the browser's storage refused it".to_string()),
    }
}

thread_local! {
    /// The pinned baseline as a share-link payload, for `share_url` (none in embeds).
    static SHARED: RefCell<Option<Rc<Workspace>>> = const { RefCell::new(None) };
}

/// Tells share links which baseline to carry.
pub fn set_shared(ws: Option<Rc<Workspace>>) {
    SHARED.with(|shared| *shared.borrow_mut() = ws);
}

/// `&b=…` for a share link when a baseline is pinned, else nothing.
pub fn link_suffix() -> String {
    SHARED.with(|shared| {
        shared.borrow().as_ref().map_or(String::new(), |ws| {
            format!("&b={}", crate::share::encode(ws))
        })
    })
}

/// The baseline a link's fragment carries (`b=`), if any and readable.
pub fn from_fragment(fragment: &str) -> Option<Workspace> {
    let payload = fragment
        .trim_start_matches('#')
        .split('&')
        .find_map(|part| part.strip_prefix("b="))?;
    crate::share::decode(payload).ok()
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::engine::{analyze, LintCache};
    use crate::model::import_scenario;

    fn workspace(id: &str) -> Workspace {
        import_scenario(crate::gallery::example(id).expect("example")).expect("imports")
    }

    fn matrix_of(ws: &Workspace) -> (Rc<MatrixView>, Option<Rc<World>>) {
        let analysis = analyze(ws, None, &mut LintCache::default());
        (analysis.matrix.expect("a matrix"), analysis.world)
    }

    #[test]
    fn the_baseline_itself_changes_nothing() {
        let ws = workspace("developer-group");
        let pinned = Pinned::new(ws.clone());
        let (matrix, world) = matrix_of(&ws);
        let found = marks(&pinned, &matrix, || world);
        assert_eq!(found.total(), 0);
        assert!(found.cells.is_empty());
    }

    #[test]
    fn a_fix_applied_after_pinning_marks_the_cells_it_flips() {
        use iamplay_core::analysis::fixes::{suggest, Target};
        let ws = workspace("developer-group");
        let text = ws.to_scenario(false).text;
        let pinned = Pinned::new(ws.clone());
        let (matrix, _) = matrix_of(&ws);
        // The first denied cell, and its first fix.
        let (row, column) = (0..matrix.rows.len())
            .flat_map(|r| (0..matrix.columns.len()).map(move |c| (r, c)))
            .find(|(r, c)| {
                matrix
                    .cell(*r, *c)
                    .is_some_and(|cell| cell.decision != Decision::Allow)
            })
            .expect("a denied cell");
        let report = suggest(
            &text,
            Target::Cell { row, column },
            &iamplay_core::scenario::LoadOptions::default(),
        )
        .expect("fixes");
        let fix = report.fixes.first().expect("a fix");
        let after = crate::change::apply_patch(&ws, &fix.patch)
            .expect("applies")
            .ws;
        let (matrix, world) = matrix_of(&after);
        let found = marks(&pinned, &matrix, || world);
        assert_eq!(found.cells.get(&(row, column)), Some(&report.decision));
        assert!(found.opened >= 1);
        // Every mark is a real difference, and the fix's own count of flips (other cells) agrees.
        for ((r, c), before) in &found.cells {
            assert_ne!(matrix.cell(*r, *c).map(|cell| cell.decision), Some(*before));
        }
        let in_matrix = fix
            .flips
            .iter()
            .filter(|flip| flip.cell.assume.is_empty() && !flip.cell.session_policy)
            .count();
        assert!(
            found.total() <= in_matrix + 1,
            "{} > {}",
            found.total(),
            in_matrix + 1
        );
        assert!(found.summary().contains("opened"));
    }

    #[test]
    fn a_new_column_is_asked_of_the_baseline() {
        let ws = workspace("developer-group");
        let pinned = Pinned::new(ws.clone());
        let mut more = ws.clone();
        let mut request = more.requests[0].clone();
        request.id = more.fresh_id();
        request.action = "dynamodb:DeleteTable".into();
        more.requests.push(request);
        let (matrix, world) = matrix_of(&more);
        // Same policies: a column the baseline never had decides the same there.
        assert_eq!(marks(&pinned, &matrix, || world).total(), 0);
        // The group's policy now allows it too: the new column's cell of john opened, maria's did not.
        let group = &mut more.groups[0].policies[0].text;
        *group = group.replace(
            "\"dynamodb:GetItem\"]",
            "\"dynamodb:GetItem\", \"dynamodb:DeleteTable\"]",
        );
        let (matrix, world) = matrix_of(&more);
        let found = marks(&pinned, &matrix, || world);
        assert_eq!(
            (found.opened, found.closed, found.changed),
            (1, 0, 0),
            "{:?}",
            found.cells
        );
        let (&(row, column), before) = found.cells.iter().next().expect("one mark");
        assert_eq!(*before, Decision::ImplicitDeny);
        assert!(matrix.rows[row].key.ends_with("user/john"));
        assert_eq!(matrix.columns[column].action, "dynamodb:DeleteTable");
    }

    #[test]
    fn a_link_fragment_carries_a_baseline() {
        let ws = workspace("developer-group");
        let fragment = format!("#s=1.x&b={}", crate::share::encode(&ws));
        assert_eq!(from_fragment(&fragment), Some(ws));
        assert_eq!(from_fragment("#s=1.x"), None);
    }
}
