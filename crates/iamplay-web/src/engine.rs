//! Translates between the page and the core: the workspace in; problems with editor ranges, request results
//! and the matrix out. Every decision comes from the core; this module only maps spans and shapes data for
//! the view. The dependency runs one way: engine -> matrix_view -> world.

use crate::matrix_view::MatrixView;
use crate::model::{EntityRef, PolicyPlace, Slot, Workspace};
use crate::positions::{LineIndex, Range16};
use crate::world::locate;
// Re-exported for code written before `World` moved to `world.rs`; new code imports it from there.
pub use crate::world::World;
use iamplay_core::catalog::Catalog;
use iamplay_core::diagnostic::{Diagnostic, Severity};
use iamplay_core::explain::{AccountRelation, Decision};
use iamplay_core::lint::{lint_policy, lint_scenario, Attachment, LintOptions};
use iamplay_core::policy::PolicyKind;
use iamplay_core::scenario::{check_request, load_scenario, CheckOptions};
use std::collections::HashMap;
use std::rc::Rc;

/// Where a problem points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A range in a policy editor.
    Policy {
        id: u32,
        range: Range16,
    },
    /// A range in a request's context text.
    Context {
        request: u32,
        range: Range16,
    },
    /// An entity of the scenario panel.
    Entity(EntityRef),
    Nowhere,
}

/// One diagnostic, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub url: Option<&'static str>,
    pub target: Target,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The Monaco marker owner for this kind of finding: JSON syntax, policy grammar, scenario format, lint.
    pub fn owner(&self) -> &'static str {
        match self.code.get(..3) {
            Some("E01") => "iamplay-json",
            Some("E02") | Some("E03") | Some("E04") => "iamplay-policy",
            Some("E05") => "iamplay-scenario",
            _ => "iamplay-lint",
        }
    }
}

/// One request's result, as the requests list and the flow view show it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestRow {
    pub index: usize,
    pub id: u32,
    pub name: String,
    pub principal: String,
    pub assume: Vec<String>,
    pub action: String,
    pub resource: String,
    pub decision: Decision,
    pub expect: Option<Decision>,
    pub ok: bool,
    pub relation: AccountRelation,
    pub denied_hop: Option<usize>,
    /// Each hop: (role ARN, decision).
    pub hops: Vec<(String, Decision)>,
    pub summary: String,
}

/// Everything one analysis found.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Shared (`Rc`) so the view's props compare by identity, not by walking every problem and cell.
    pub problems: Rc<Vec<Problem>>,
    pub error_count: usize,
    /// `Some` when the scenario loaded (no errors), in the thread that analysed it.
    pub world: Option<Rc<World>>,
    /// The scenario loaded (no errors); what the page reads, since the world stays in the worker.
    pub loaded: bool,
    /// The workspace analysed, when the analysis came from the worker (the page loads its world from it
    /// only to explain a selection).
    pub source: Option<Rc<Workspace>>,
    pub requests: Rc<Vec<RequestRow>>,
    pub matrix: Option<Rc<MatrixView>>,
}

/// The world loaded for a worker's analysis, kept per analysis (keyed by its address) so the views that need
/// one (an explanation, the diagram) load it once.
pub type WorldCache = std::cell::RefCell<Option<(usize, Rc<World>)>>;

/// The loaded world of `analysis`: its own when it ran on this thread; else the worker kept its world, and the
/// page loads the analysed workspace's once (`cache`). `None` when the scenario has errors.
pub fn world_of(analysis: &Rc<Analysis>, cache: &WorldCache) -> Option<Rc<World>> {
    if let Some(world) = &analysis.world {
        return Some(world.clone());
    }
    let key = Rc::as_ptr(analysis) as usize;
    if let Some((_, world)) = cache.borrow().as_ref().filter(|(k, _)| *k == key) {
        return Some(world.clone());
    }
    let world = Rc::new(World::load(analysis.source.as_deref()?)?);
    *cache.borrow_mut() = Some((key, world.clone()));
    Some(world)
}

/// Per-policy lint results, kept between analyses so only the edited policy is linted again.
#[derive(Debug, Default)]
pub struct LintCache {
    entries: HashMap<u32, (String, PolicyKind, bool, Vec<Diagnostic>)>,
}

impl LintCache {
    fn lint(
        &mut self,
        id: u32,
        text: &str,
        kind: PolicyKind,
        options: &LintOptions<'_>,
    ) -> Vec<Diagnostic> {
        let with_catalog = options.catalog.is_some();
        if let Some((cached, cached_kind, cached_catalog, found)) = self.entries.get(&id) {
            if cached == text && *cached_kind == kind && *cached_catalog == with_catalog {
                return found.clone();
            }
        }
        let found = lint_policy(text, kind, options);
        self.entries
            .insert(id, (text.to_string(), kind, with_catalog, found.clone()));
        found
    }
}

fn problem(diagnostic: &Diagnostic, target: Target) -> Problem {
    Problem {
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: diagnostic.message.clone(),
        help: diagnostic.help.clone(),
        url: diagnostic.url,
        target,
    }
}

/// Analyses the workspace: lints every policy (cached), loads the scenario, checks every request and builds
/// the matrix. `catalog` enables the catalog checks once it has loaded.
pub fn analyze(ws: &Workspace, catalog: Option<&Catalog>, cache: &mut LintCache) -> Analysis {
    let mut problems = Vec::new();
    let base = LintOptions {
        catalog,
        ..LintOptions::default()
    };
    for info in ws.policies() {
        let mut options = base.clone();
        match info.place {
            PolicyPlace::Resource { resource }
                if ws
                    .resources
                    .get(resource)
                    .is_some_and(|r| r.arn.starts_with("arn:aws:s3:::")) =>
            {
                options.attachment = Some(Attachment::S3Bucket);
            }
            PolicyPlace::VpcEndpoint { .. } => options.attachment = Some(Attachment::VpcEndpoint),
            _ => {}
        }
        let index = LineIndex::new(&info.draft.text);
        for diagnostic in cache.lint(info.draft.id, &info.draft.text, info.kind, &options) {
            let range = diagnostic.span.map_or(Range16::default(), |span| {
                index.range(span.start.offset as usize, span.end.offset as usize)
            });
            let range = if range.line == 0 {
                index.range(0, 1)
            } else {
                range
            };
            problems.push(problem(
                &diagnostic,
                Target::Policy {
                    id: info.draft.id,
                    range,
                },
            ));
        }
    }

    let source = ws.to_scenario(false);
    let loaded = load_scenario(&source.text);
    let policy_has_error = problems.iter().any(Problem::is_error);
    for diagnostic in &loaded.diagnostics {
        let located = diagnostic.span.and_then(|span| locate(&source, span));
        let target = match located {
            // Policy errors were reported by the per-policy lint with the same span.
            Some((Slot::Policy(_), _)) => continue,
            Some((Slot::Context(request), range)) => Target::Context { request, range },
            Some((Slot::Entity(entity), _)) => Target::Entity(entity),
            None if policy_has_error && diagnostic.code.starts_with("E01") => continue,
            None => Target::Entity(EntityRef::Scenario),
        };
        problems.push(problem(diagnostic, target));
    }

    let mut analysis = Analysis::default();
    if let Some(scenario) = loaded.scenario {
        // Scenario-only findings (a role nobody can assume, ...): policy findings came from the cache.
        for diagnostic in lint_scenario(&scenario, &base) {
            match diagnostic.span.and_then(|span| locate(&source, span)) {
                Some((Slot::Policy(_), _)) | Some((Slot::Context(_), _)) => {}
                Some((Slot::Entity(entity), _)) => {
                    problems.push(problem(&diagnostic, Target::Entity(entity)))
                }
                None => problems.push(problem(&diagnostic, Target::Nowhere)),
            }
        }
        let world = Rc::new(World { source, scenario });
        analysis.requests = Rc::new(request_rows(ws, &world));
        let matrix = crate::matrix_view::build(&world);
        // The matrix's hard limit (too many cells) is an error like any other (docs/security.md).
        if let Some(limit) = &matrix.limit {
            problems.push(problem(limit, Target::Nowhere));
        }
        analysis.matrix = Some(Rc::new(matrix));
        analysis.world = Some(world);
        analysis.loaded = true;
    }
    analysis.error_count = problems.iter().filter(|p| p.is_error()).count();
    analysis.problems = Rc::new(problems);
    analysis
}

fn request_rows(ws: &Workspace, world: &World) -> Vec<RequestRow> {
    let options = CheckOptions {
        evaluation: iamplay_core::eval::EvaluationOptions {
            explain_statements: false,
        },
        ..CheckOptions::default()
    };
    world
        .scenario
        .requests
        .iter()
        .zip(&ws.requests)
        .map(|(request, draft)| {
            let result = check_request(&world.scenario, request, &options);
            RequestRow {
                index: request.index,
                id: draft.id,
                name: draft.name.clone(),
                principal: draft.principal.clone(),
                assume: draft.assume.clone(),
                action: draft.action.clone(),
                resource: draft.resource.clone(),
                decision: result.decision,
                expect: result.expect,
                ok: result.ok,
                relation: result.explanation.account_relation,
                denied_hop: result.denied_hop,
                hops: result
                    .hops
                    .iter()
                    .map(|hop| (hop.role_arn.clone(), hop.decision))
                    .collect(),
                summary: result.explanation.summary.clone(),
            }
        })
        .collect()
}

/// The decision as tests and data attributes name it.
pub fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}

/// Label, icon and CSS class of a decision: never colour alone.
pub fn decision_look(decision: Decision) -> (&'static str, &'static str, &'static str) {
    match decision {
        Decision::Allow => ("Allow", "✓", "allow"),
        Decision::ExplicitDeny => ("Explicit deny", "✕", "explicit-deny"),
        Decision::ImplicitDeny => ("Implicit deny", "∅", "implicit-deny"),
    }
}

pub fn parse_decision(text: &str) -> Option<Decision> {
    match text {
        "Allow" => Some(Decision::Allow),
        "ExplicitDeny" => Some(Decision::ExplicitDeny),
        "ImplicitDeny" => Some(Decision::ImplicitDeny),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::model::import_scenario;

    fn example(id: &str) -> Workspace {
        import_scenario(crate::gallery::example(id).expect("example")).expect("imports")
    }

    #[test]
    fn every_gallery_example_meets_its_expectations_in_the_web_engine() {
        for (id, _) in crate::gallery::EXAMPLES {
            let ws = example(id);
            let analysis = analyze(&ws, None, &mut LintCache::default());
            assert!(analysis.world.is_some(), "{id}: {:?}", analysis.problems);
            assert_eq!(analysis.error_count, 0, "{id}");
            assert_eq!(analysis.requests.len(), ws.requests.len());
            for row in analysis.requests.iter() {
                assert!(
                    row.ok,
                    "{id} request {}: {:?} vs {:?}",
                    row.index, row.decision, row.expect
                );
            }
        }
    }

    #[test]
    fn a_broken_policy_gives_a_marker_in_its_editor_and_no_world() {
        let mut ws = example("developer-group");
        let id = ws.find_policy("identity").expect("a policy");
        let draft = ws.policy_mut(id).expect("draft");
        draft.text =
            "{\n  \"Sid\": \"é🎉\", \"Version\": \"2012-10-17\",\n  \"Statement\": [\n".into();
        let analysis = analyze(&ws, None, &mut LintCache::default());
        assert!(analysis.world.is_none());
        assert!(analysis.error_count >= 1);
        let first = analysis
            .problems
            .iter()
            .find(|p| p.is_error())
            .expect("an error");
        assert_eq!(first.owner(), "iamplay-json");
        let Target::Policy { id: target, range } = first.target else {
            panic!("{first:?}");
        };
        assert_eq!(target, id);
        assert_eq!(range.line, 4, "{range:?}");
    }

    #[test]
    fn lint_markers_use_utf16_columns_after_non_ascii_text() {
        let mut ws = example("developer-group");
        let id = ws.find_policy("identity").expect("a policy");
        ws.policy_mut(id).expect("draft").text =
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "Ünï🎉", "Effect": "allow", "Action": "s3:GetObject", "Resource": "*"}]}"#
                .into();
        let analysis = analyze(&ws, None, &mut LintCache::default());
        let effect = analysis
            .problems
            .iter()
            .find(|p| p.message.contains("allow"))
            .expect("the lowercase effect is reported");
        let Target::Policy { range, .. } = effect.target else {
            panic!("{effect:?}");
        };
        let text = &ws.policy(id).expect("policy").draft.text;
        let byte = text.find("\"allow\"").expect("present");
        let utf16 = text[..byte].encode_utf16().count() as u32 + 1;
        assert_eq!((range.line, range.column), (1, utf16));
        assert!(
            utf16 < byte as u32 + 1,
            "the text has multi-byte characters before"
        );
    }

    #[test]
    fn scenario_errors_point_at_the_entity() {
        let mut ws = example("developer-group");
        ws.users[0]
            .groups
            .push("arn:aws:iam::111111111111:group/Nope".into());
        let analysis = analyze(&ws, None, &mut LintCache::default());
        assert!(analysis.world.is_none());
        assert!(analysis
            .problems
            .iter()
            .any(|p| p.code == "E0506" && p.target == Target::Entity(EntityRef::User(0))));
    }
}
