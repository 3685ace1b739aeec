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
use iamplay_core::managed::{ManagedPolicies, ManagedPolicySource};
use iamplay_core::policy::PolicyKind;
use iamplay_core::scenario::{check_request, load_scenario_with, CheckOptions, LoadOptions};
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

/// The AWS managed policy snapshot (`managed-policies.txt`) as an analysis sees it. The page fetches it only
/// when a scenario attaches a policy by ARN, a pasted policy is over the size quota (it may be an AWS managed
/// one, which the quota does not apply to), or the policy picker opens.
#[derive(Debug, Clone, Default)]
pub enum Managed {
    /// Not here yet: ARNs and the size lint of identity policies wait for it (the analysis says so in
    /// `Analysis::wants_managed`) instead of reporting errors that its arrival would take back.
    Pending,
    Loaded(Rc<ManagedPolicies>),
    /// Could not be fetched (or not wanted): ARNs are errors (E0515), sizes are checked as for any policy.
    #[default]
    Unavailable,
}

impl Managed {
    pub fn loaded(&self) -> Option<&Rc<ManagedPolicies>> {
        match self {
            Managed::Loaded(set) => Some(set),
            _ => None,
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
    /// The AWS managed policy snapshot is needed and was not given (`Managed::Pending`): the page fetches it.
    pub wants_managed: bool,
    /// The scenario attaches AWS managed policies by ARN and waits for the snapshot: it was not loaded.
    pub waiting_managed: bool,
    /// The AWS managed policy snapshot the analysis had (a worker's: the page's copy, set when it arrives), so
    /// the page loads the same world to explain a selection.
    pub managed: Option<Rc<ManagedPolicies>>,
    pub requests: Rc<Vec<RequestRow>>,
    pub matrix: Option<Rc<MatrixView>>,
}

/// A policy's text and kind, whether the catalog and the managed policy snapshot were used, and the findings.
type LintEntry = (String, PolicyKind, (bool, bool), Vec<Diagnostic>);

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
    let world = Rc::new(World::load_with(
        analysis.source.as_deref()?,
        analysis.managed.clone(),
    )?);
    *cache.borrow_mut() = Some((key, world.clone()));
    Some(world)
}

/// Per-policy lint results, kept between analyses so only the edited policy is linted again.
#[derive(Debug, Default)]
pub struct LintCache {
    entries: HashMap<u32, LintEntry>,
}

impl LintCache {
    fn lint(
        &mut self,
        id: u32,
        text: &str,
        kind: PolicyKind,
        options: &LintOptions<'_>,
    ) -> Vec<Diagnostic> {
        // The snapshot changes the size lint (an exact copy of an AWS managed policy is not measured).
        let with_catalog = (
            options.catalog.is_some(),
            options.managed_policies.is_some(),
        );
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
    analyze_with(ws, catalog, &Managed::Unavailable, cache)
}

/// [`analyze`] with the AWS managed policy snapshot as the page has it (see [`Managed`]).
pub fn analyze_with(
    ws: &Workspace,
    catalog: Option<&Catalog>,
    managed: &Managed,
    cache: &mut LintCache,
) -> Analysis {
    let mut problems = Vec::new();
    let pending = matches!(managed, Managed::Pending);
    let mut wants_managed = false;
    let base = LintOptions {
        catalog,
        managed_policies: managed.loaded().map(|set| &**set),
        ..LintOptions::default()
    };
    // Entries that attach an AWS managed policy by ARN: the loader resolves them; their errors (an unknown
    // ARN) point at the entity that attaches them, since they have no editor.
    // A list, not a map: read only for load errors, and one more map type costs the first screen's wasm.
    let mut managed_owner: Vec<(u32, EntityRef)> = Vec::new();
    for info in ws.policies() {
        if info.draft.managed_arn().is_some() {
            managed_owner.push((info.draft.id, owner_entity(&info.place)));
            continue;
        }
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
            // A pasted AWS managed policy (ReadOnlyAccess is 4x the quota) is exempt from the size quota
            // (IAM User Guide, reference_iam-quotas.md): until the snapshot says whether it is one, wait.
            if pending
                && diagnostic.code == iamplay_core::lint::codes::POLICY_TOO_LARGE
                && matches!(info.kind, PolicyKind::Identity | PolicyKind::Boundary)
            {
                wants_managed = true;
                continue;
            }
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

    let mut analysis = Analysis {
        wants_managed,
        managed: managed.loaded().cloned(),
        ..Analysis::default()
    };
    if pending && !managed_owner.is_empty() {
        // Loading now would report every ARN as unknown; the page shows that the snapshot is on its way.
        analysis.wants_managed = true;
        analysis.waiting_managed = true;
        analysis.error_count = problems.iter().filter(|p| p.is_error()).count();
        analysis.problems = Rc::new(problems);
        return analysis;
    }
    let source = ws.to_scenario(false);
    let load_options = LoadOptions {
        managed_policies: managed
            .loaded()
            .map(|set| &**set as &dyn ManagedPolicySource),
    };
    let loaded = load_scenario_with(&source.text, &load_options);
    let policy_has_error = problems.iter().any(Problem::is_error);
    for diagnostic in &loaded.diagnostics {
        let located = diagnostic.span.and_then(|span| locate(&source, span));
        let target = match located {
            Some((Slot::Policy(id), _)) if managed_owner.iter().any(|(p, _)| *p == id) => {
                Target::Entity(
                    managed_owner
                        .iter()
                        .find(|(p, _)| *p == id)
                        .map_or(EntityRef::Scenario, |(_, owner)| *owner),
                )
            }
            // Policy errors were reported by the per-policy lint with the same span.
            Some((Slot::Policy(_), _)) => continue,
            Some((Slot::Context(request), range)) => Target::Context { request, range },
            Some((Slot::Entity(entity), _)) => Target::Entity(entity),
            None if policy_has_error && diagnostic.code.starts_with("E01") => continue,
            None => Target::Entity(EntityRef::Scenario),
        };
        problems.push(problem(diagnostic, target));
    }

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
        let world = Rc::new(World {
            source,
            scenario,
            managed: managed.loaded().cloned(),
        });
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

/// The entity a policy belongs to, for problems that have no editor to point at.
fn owner_entity(place: &PolicyPlace) -> EntityRef {
    match *place {
        PolicyPlace::Scp { account, .. } | PolicyPlace::Rcp { account, .. } => {
            EntityRef::Account(account)
        }
        PolicyPlace::Group { group } => EntityRef::Group(group),
        PolicyPlace::User { user } | PolicyPlace::UserBoundary { user } => EntityRef::User(user),
        PolicyPlace::RoleTrust { role }
        | PolicyPlace::Role { role }
        | PolicyPlace::RoleBoundary { role } => EntityRef::Role(role),
        PolicyPlace::Resource { resource } => EntityRef::Resource(resource),
        PolicyPlace::VpcEndpoint { .. } => EntityRef::Scenario,
        PolicyPlace::Session { request } => EntityRef::Request(request),
    }
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

    /// developer-group with the AWS managed policy `arn` attached to its second user, and the entry's id.
    fn attaching(arn: &str) -> (Workspace, u32) {
        let mut ws = example("developer-group");
        let id = ws.fresh_id();
        ws.users[1]
            .policies
            .push(crate::model::PolicyDraft::managed(id, arn));
        (ws, id)
    }

    fn managed_set(extra: &[(&str, String)]) -> Rc<ManagedPolicies> {
        let mut policies = vec![iamplay_core::managed::ManagedPolicy::new(
            "arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess",
            "v1",
            "2024-01-01",
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"Reads","Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:Query"],"Resource":"*"}]}"#,
        )];
        for (arn, document) in extra {
            policies.push(iamplay_core::managed::ManagedPolicy::new(
                arn,
                "v1",
                "2024-01-01",
                document,
            ));
        }
        Rc::new(ManagedPolicies::from_policies("test", policies))
    }

    #[test]
    fn an_arn_waits_for_the_snapshot_then_loads_and_links_into_the_managed_document() {
        let (ws, id) = attaching("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess");
        let waiting = analyze_with(&ws, None, &Managed::Pending, &mut LintCache::default());
        assert!(waiting.waiting_managed && waiting.wants_managed);
        assert!(!waiting.loaded);
        assert!(!waiting.problems.iter().any(|p| p.code == "E0515"));

        let set = managed_set(&[]);
        let loaded = analyze_with(
            &ws,
            None,
            &Managed::Loaded(set.clone()),
            &mut LintCache::default(),
        );
        assert!(loaded.loaded, "{:?}", loaded.problems);
        assert!(!loaded.wants_managed && !loaded.waiting_managed);
        let matrix = loaded.matrix.as_ref().expect("a matrix");
        let maria = matrix
            .rows
            .iter()
            .position(|r| r.key.ends_with("user/maria"))
            .expect("maria");
        let column = matrix
            .columns
            .iter()
            .position(|c| c.action == "dynamodb:GetItem")
            .expect("GetItem");
        let cell = matrix.cell(maria, column).expect("cell");
        assert_eq!(cell.decision, Decision::Allow);
        let link = cell.decisive.first().expect("a decisive statement");
        assert_eq!(link.policy_id, "user/maria:AmazonDynamoDBReadOnlyAccess");
        let (target, range) = link.target.expect("a target");
        assert_eq!(target, id, "the tab of the entry that attaches it");
        // The range is in the managed document's own (pretty-printed) text: the statement's opening brace.
        let text = set
            .get("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess")
            .expect("policy")
            .text();
        let line = text.lines().nth(range.line as usize - 1).expect("line");
        assert_eq!(line.trim(), "{", "{range:?} in {text}");

        // The explanation (main thread) names it and links the same place.
        let world = World::load_with(&ws, Some(set)).expect("loads");
        let view = crate::explain_view::for_cell(&world, maria, column).expect("view");
        assert_eq!(
            view.main.decisive.first().and_then(|d| d.target),
            Some((id, range))
        );
    }

    #[test]
    fn an_unknown_arn_is_an_error_at_its_entity_and_unavailable_means_errors() {
        let (ws, _) = attaching("arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAcess");
        let loaded = analyze_with(
            &ws,
            None,
            &Managed::Loaded(managed_set(&[])),
            &mut LintCache::default(),
        );
        let error = loaded
            .problems
            .iter()
            .find(|p| p.code == "E0515")
            .expect("E0515");
        assert_eq!(error.target, Target::Entity(EntityRef::User(1)));
        assert!(error
            .help
            .as_deref()
            .is_some_and(|h| h.contains("AmazonDynamoDBReadOnlyAccess")));
        let unavailable = analyze_with(&ws, None, &Managed::Unavailable, &mut LintCache::default());
        assert!(unavailable.problems.iter().any(|p| p.code == "E0515"));
        assert!(!unavailable.wants_managed);
    }

    #[test]
    fn a_pasted_aws_managed_policy_is_not_measured_once_the_snapshot_says_so() {
        let actions: Vec<String> = (0..500)
            .map(|n| format!("\"dynamodb:Action{n:04}\""))
            .collect();
        let document = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{}],"Resource":"*"}}]}}"#,
            actions.join(",")
        );
        let set = managed_set(&[("arn:aws:iam::aws:policy/Huge", document)]);
        let pasted = set
            .get("arn:aws:iam::aws:policy/Huge")
            .expect("policy")
            .text()
            .to_string();
        let mut ws = example("developer-group");
        let id = ws.find_policy("identity").expect("a policy");
        ws.policy_mut(id).expect("draft").text = pasted.clone();
        let mut cache = LintCache::default();
        let l0301 = |a: &Analysis| a.problems.iter().any(|p| p.code == "L0301");
        let pending = analyze_with(&ws, None, &Managed::Pending, &mut cache);
        assert!(pending.wants_managed && !pending.waiting_managed && pending.loaded);
        assert!(!l0301(&pending));
        let known = analyze_with(&ws, None, &Managed::Loaded(set.clone()), &mut cache);
        assert!(!known.wants_managed);
        assert!(!l0301(&known), "{:?}", known.problems);
        assert_eq!(known.error_count, 0);
        let unavailable = analyze_with(&ws, None, &Managed::Unavailable, &mut cache);
        assert!(l0301(&unavailable));
        // A customer policy of the same size is measured.
        ws.policy_mut(id).expect("draft").text = pasted.replace("Action0001", "Mine0001");
        let custom = analyze_with(&ws, None, &Managed::Loaded(set), &mut cache);
        assert!(l0301(&custom));
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
