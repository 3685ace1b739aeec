//! The JSON contract of the account-scale questions (`whoCan`, `whatCan`, `analyzeAccess`) and of the prepared
//! scenario (`load(scenario)` → a handle with `decide`, `whoCan`, `whatCan`, `matrix`, `analyzeAccess`), which
//! parses a scenario once so a test suite asking thousands of questions pays the parse once.

use super::{respond, with_scenario, Answer, Failure};
use crate::analysis::access::{analyze_scenario, AccessOptions, ResourceAccess};
use crate::analysis::what_can::{what_can, WhatCan};
use crate::analysis::who_can::{who_can, WhoCan};
use crate::catalog::Catalog;
use crate::context::{ContextValue, RequestContext};
use crate::diagnostic::{Diagnostic, Spanned};
use crate::explain::Decision;
use crate::json::{SpannedValue, Value};
use crate::matrix::compute_matrix;
use crate::scenario::{check_request, CheckOptions, Request, Scenario};
use serde::Serialize;
use std::collections::BTreeMap;

/// Codes of this part of the contract.
pub mod codes {
    /// A request, context or options object that is not what the function takes.
    pub const E0804_BAD_ARGUMENT: &str = "E0804";
    /// `whatCan` without an action catalog: the evaluator-only build has none built in.
    pub const E0805_NO_CATALOG: &str = "E0805";
    /// `whatCan`'s principal is not one the scenario can resolve.
    pub const E0806_UNKNOWN_PRINCIPAL: &str = "E0806";
}

/// `whoCan`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhoCanSuccess<'s> {
    #[serde(flatten)]
    pub answer: WhoCan<'s>,
    pub warnings: Vec<Diagnostic>,
}

/// `whatCan`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatCanSuccess {
    #[serde(flatten)]
    pub answer: WhatCan,
    pub warnings: Vec<Diagnostic>,
}

/// `analyzeAccess`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessSuccess {
    pub resources: Vec<ResourceAccess>,
    pub warnings: Vec<Diagnostic>,
}

/// `load`: the scenario loaded, with its warnings (errors make it a failure).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoadSuccess {
    pub warnings: Vec<Diagnostic>,
}

/// `decide`: the decision of one request and the statements that decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DecideSuccess<'s> {
    pub decision: Decision,
    pub decisive: Vec<crate::explain::StatementRef<'s>>,
    pub reason: String,
    /// The hop that was denied, for a request with `assume`.
    pub denied_hop: Option<usize>,
}

/// A context as JS writes it: `{"aws:SourceIp": "203.0.113.9", "aws:TagKeys": ["a", "b"]}`.
#[derive(Debug, Clone, Default)]
pub struct ContextInput(pub BTreeMap<String, ContextValueInput>);

/// One context value: a string, a number or boolean (read as its text), or a list of those.
#[derive(Debug, Clone)]
pub enum ContextValueInput {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<ScalarInput>),
}

#[derive(Debug, Clone)]
pub enum ScalarInput {
    Text(String),
    Number(f64),
    Bool(bool),
}

fn scalar_text(value: &ScalarInput) -> String {
    match value {
        ScalarInput::Text(text) => text.clone(),
        ScalarInput::Number(number) => number.to_string(),
        ScalarInput::Bool(flag) => flag.to_string(),
    }
}

impl ContextInput {
    pub fn to_context(&self) -> RequestContext {
        let mut context = RequestContext::new();
        for (key, value) in &self.0 {
            let value = match value {
                ContextValueInput::Text(text) => ContextValue::Single(text.clone()),
                ContextValueInput::Number(number) => ContextValue::Single(number.to_string()),
                ContextValueInput::Bool(flag) => ContextValue::Single(flag.to_string()),
                ContextValueInput::List(list) => {
                    ContextValue::Multi(list.iter().map(scalar_text).collect())
                }
            };
            context.insert(key, value);
        }
        context
    }

    /// Reads a context object from JSON text (`""`, `null`, `undefined`: none).
    pub fn from_json_str(text: &str) -> Result<Self, String> {
        read_context(text)
    }

    /// Reads a context object parsed by the core's JSON parser.
    fn from_json(value: &SpannedValue) -> Result<Self, String> {
        let Some(members) = value.value.as_object() else {
            return Err(format!(
                "the context is a {}, not an object",
                value.value.type_name()
            ));
        };
        let scalar = |value: &SpannedValue| match &value.value {
            Value::String(text) => Ok(ScalarInput::Text(text.clone())),
            Value::Number(text) => Ok(ScalarInput::Text(text.clone())),
            Value::Bool(flag) => Ok(ScalarInput::Bool(*flag)),
            other => Err(format!("a context value is a {}", other.type_name())),
        };
        let mut map = BTreeMap::new();
        for member in members {
            let value = match &member.value.value {
                Value::Array(items) => {
                    ContextValueInput::List(items.iter().map(scalar).collect::<Result<_, _>>()?)
                }
                _ => match scalar(&member.value)? {
                    ScalarInput::Text(text) => ContextValueInput::Text(text),
                    ScalarInput::Number(number) => ContextValueInput::Number(number),
                    ScalarInput::Bool(flag) => ContextValueInput::Bool(flag),
                },
            };
            map.insert(member.key.clone(), value);
        }
        Ok(Self(map))
    }
}

/// One request for `decide`, as a scenario's `requests` entry writes it (without `expect`).
#[derive(Debug, Clone, Default)]
pub struct DecideRequest {
    pub principal: String,
    pub action: String,
    pub resource: String,
    pub context: ContextInput,
    pub assume: Vec<String>,
    pub name: Option<String>,
}

fn string_member(
    value: &SpannedValue,
    key: &str,
    required: bool,
) -> Result<Option<String>, String> {
    match value.get(key).map(|member| &member.value.value) {
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(Value::Null) | None if !required => Ok(None),
        Some(other) => Err(format!("`{key}` is a {}, not a string", other.type_name())),
        None => Err(format!("`{key}` is missing")),
    }
}

fn only_members(value: &SpannedValue, allowed: &[&str], what: &str) -> Result<(), String> {
    let Some(members) = value.value.as_object() else {
        return Err(format!(
            "{what} is a {}, not an object",
            value.value.type_name()
        ));
    };
    match members.iter().find(|m| !allowed.contains(&m.key.as_str())) {
        Some(member) => Err(format!(
            "{what} has an unknown field `{}`; expected one of {}",
            member.key,
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

impl DecideRequest {
    /// Reads the request from JSON text with the core's JSON parser.
    pub fn from_json_str(text: &str) -> Result<Self, String> {
        let value = parse_json(text)?;
        only_members(
            &value,
            &[
                "principal",
                "action",
                "resource",
                "context",
                "assume",
                "name",
            ],
            "the request",
        )?;
        let context = match value.get("context").map(|member| &member.value) {
            Some(context) if context.value != Value::Null => ContextInput::from_json(context)?,
            _ => ContextInput::default(),
        };
        let assume = match value.get("assume").map(|member| &member.value.value) {
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| item.value.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| "`assume` holds a value that is not a string".to_string())?,
            Some(Value::Null) | None => Vec::new(),
            Some(other) => {
                return Err(format!("`assume` is a {}, not an array", other.type_name()))
            }
        };
        Ok(Self {
            principal: string_member(&value, "principal", true)?.unwrap_or_default(),
            action: string_member(&value, "action", true)?.unwrap_or_default(),
            resource: string_member(&value, "resource", true)?.unwrap_or_default(),
            context,
            assume,
            name: string_member(&value, "name", false)?,
        })
    }
}

/// `whatCan`'s options.
#[derive(Debug, Clone, Default)]
pub struct WhatCanOptions {
    /// Only this service prefix.
    pub service: Option<String>,
    /// The action catalog's text (`catalog.txt`), for builds without one built in.
    pub catalog: Option<String>,
}

/// `analyzeAccess`'s options.
#[derive(Debug, Clone, Default)]
pub struct AccessInputOptions {
    pub resource: Option<String>,
}

fn parse_json(text: &str) -> Result<SpannedValue, String> {
    parse_json_with(text, &crate::json::Limits::default())
}

fn parse_json_with(text: &str, limits: &crate::json::Limits) -> Result<SpannedValue, String> {
    crate::json::parse(text, limits).map_err(|errors| {
        errors
            .first()
            .map_or_else(|| "not JSON".to_string(), |error| error.message.clone())
    })
}

/// An optional JSON argument: `""`, `null` and `undefined` mean none.
fn optional_json(text: &str) -> Result<Option<SpannedValue>, String> {
    optional_json_with(text, &crate::json::Limits::default())
}

fn optional_json_with(
    text: &str,
    limits: &crate::json::Limits,
) -> Result<Option<SpannedValue>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "null" || trimmed == "undefined" {
        return Ok(None);
    }
    parse_json_with(trimmed, limits).map(Some)
}

fn read_context(text: &str) -> Result<ContextInput, String> {
    optional_json(text)?.map_or_else(
        || Ok(ContextInput::default()),
        |value| ContextInput::from_json(&value),
    )
}

fn read_what_can_options(text: &str) -> Result<WhatCanOptions, String> {
    // The options may carry the whole action catalog (`catalog.txt` is over 1 MiB, more once JSON-escaped): read
    // them with a scenario file's limits, not a policy's.
    let Some(value) = optional_json_with(text, &crate::json::Limits::scenario())? else {
        return Ok(WhatCanOptions::default());
    };
    only_members(&value, &["service", "catalog"], "the options")?;
    Ok(WhatCanOptions {
        service: string_member(&value, "service", false)?,
        catalog: string_member(&value, "catalog", false)?,
    })
}

fn read_access_options(text: &str) -> Result<AccessInputOptions, String> {
    let Some(value) = optional_json(text)? else {
        return Ok(AccessInputOptions::default());
    };
    only_members(&value, &["resource"], "the options")?;
    Ok(AccessInputOptions {
        resource: string_member(&value, "resource", false)?,
    })
}

/// `tightestPolicy`'s options: `{"side": "identity" | "resource"}`.
pub(super) fn read_tighten_options(
    text: &str,
) -> Result<crate::analysis::tighten::TightenOptions, String> {
    use crate::analysis::tighten::{TightenOptions, TightenSide};
    let Some(value) = optional_json(text)? else {
        return Ok(TightenOptions::default());
    };
    only_members(&value, &["side"], "the options")?;
    let side = match string_member(&value, "side", false)?.as_deref() {
        None | Some("identity") => TightenSide::Identity,
        Some("resource") => TightenSide::Resource,
        Some(other) => {
            return Err(format!(
                "`side` is `{other}`; expected `identity` or `resource`"
            ))
        }
    };
    Ok(TightenOptions { side })
}

pub(super) fn bad_argument(what: &str, error: &str) -> String {
    super::failure_json_str(
        codes::E0804_BAD_ARGUMENT,
        &format!("{what} is not valid: {error}"),
        "see the TypeScript types of the package for its shape",
    )
}

/// The built-in catalog, else the one passed in.
fn catalog_for(options: &WhatCanOptions) -> Result<std::borrow::Cow<'static, Catalog>, String> {
    #[cfg(feature = "catalog")]
    if options.catalog.is_none() {
        if let Ok(catalog) = Catalog::embedded() {
            return Ok(std::borrow::Cow::Borrowed(catalog));
        }
    }
    match &options.catalog {
        Some(text) => Catalog::parse(text).map(std::borrow::Cow::Owned).map_err(|errors| {
            let first = errors.first().map(|e| e.message.clone()).unwrap_or_default();
            super::failure_json_str(
                codes::E0805_NO_CATALOG,
                &format!("the `catalog` option is not an action catalog: {first}"),
                "pass the text of the package's `catalog.txt`",
            )
        }),
        None => Err(super::failure_json_str(
            codes::E0805_NO_CATALOG,
            "this build has no action catalog built in, and none was passed",
            "pass `{catalog: text}` with the text of the action catalog (`catalog.txt`, fetched on demand)",
        )),
    }
}

pub fn who_can_json_str(scenario: &str, action: &str, resource: &str, context: &str) -> String {
    let context = match read_context(context) {
        Ok(context) => context,
        Err(error) => return bad_argument("the context", &error),
    };
    with_scenario(scenario, |loaded, warnings| {
        who_can_answer(
            scenario,
            loaded,
            warnings,
            action,
            resource,
            &context.to_context(),
        )
    })
}

fn who_can_answer(
    text: &str,
    scenario: &Scenario,
    warnings: Vec<Diagnostic>,
    action: &str,
    resource: &str,
    context: &RequestContext,
) -> String {
    let answer = Answer::Success(WhoCanSuccess {
        answer: who_can(scenario, action, resource, context),
        warnings,
    });
    respond(text, &answer)
}

pub fn what_can_json_str(scenario: &str, principal: &str, options: &str) -> String {
    let options = match read_what_can_options(options) {
        Ok(options) => options,
        Err(error) => return bad_argument("the options", &error),
    };
    let catalog = match catalog_for(&options) {
        Ok(catalog) => catalog,
        Err(failure) => return failure,
    };
    with_scenario(scenario, |loaded, warnings| {
        what_can_answer(
            scenario,
            loaded,
            warnings,
            principal,
            &catalog,
            options.service.as_deref(),
        )
    })
}

fn what_can_answer(
    text: &str,
    scenario: &Scenario,
    warnings: Vec<Diagnostic>,
    principal: &str,
    catalog: &Catalog,
    service: Option<&str>,
) -> String {
    match what_can(scenario, principal, catalog, service) {
        Ok(answer) => respond(text, &Answer::Success(WhatCanSuccess { answer, warnings })),
        Err(message) => respond(
            text,
            &Answer::<()>::Failure(Failure {
                errors: vec![Diagnostic::error(
                    codes::E0806_UNKNOWN_PRINCIPAL,
                    format!("`{principal}`: {message}"),
                    None,
                )
                .with_help("name a user, role or root ARN, a service principal or `anonymous`")],
                warnings,
            }),
        ),
    }
}

pub fn analyze_access_json_str(scenario: &str, options: &str) -> String {
    let options = match read_access_options(options) {
        Ok(options) => options,
        Err(error) => return bad_argument("the options", &error),
    };
    with_scenario(scenario, |loaded, warnings| {
        let resources = analyze_scenario(
            loaded,
            options.resource.as_deref(),
            &AccessOptions::default(),
        );
        respond(
            scenario,
            &Answer::Success(AccessSuccess {
                resources,
                warnings,
            }),
        )
    })
}

/// A scenario parsed once: the handle behind `load(scenario)`.
#[derive(Debug)]
pub struct PreparedScenario {
    text: String,
    scenario: Scenario,
    warnings: Vec<Diagnostic>,
    /// Parsed on the first `whatCan` that passes one (or uses the built-in one).
    catalog: Option<Catalog>,
}

impl PreparedScenario {
    /// Loads `text` (AWS managed policy ARNs resolve as in every other call); the failure answer (as JSON) when
    /// it does not load.
    pub fn load(text: &str) -> Result<Self, String> {
        let managed = super::managed_policies();
        let loaded =
            crate::scenario::load_scenario_with(text, &super::load_options(managed.as_deref()));
        let (errors, warnings) = super::split_errors(loaded.diagnostics);
        match loaded.scenario {
            Some(scenario) if errors.is_empty() => Ok(Self {
                text: text.to_string(),
                scenario,
                warnings,
                catalog: None,
            }),
            _ => Err(respond(
                text,
                &Answer::<()>::Failure(Failure { errors, warnings }),
            )),
        }
    }

    /// `load`'s answer: the warnings of a scenario that loaded.
    pub fn load_json_str(&self) -> String {
        respond(
            &self.text,
            &Answer::Success(LoadSuccess {
                warnings: self.warnings.clone(),
            }),
        )
    }

    /// Evaluates one request and hands its result to `answer`. The fast path of the prepared API: no
    /// explanation beyond the decisive statements is built.
    pub fn decide_with<R>(
        &self,
        request: &DecideRequest,
        answer: impl FnOnce(&crate::scenario::RequestResult<'_>) -> R,
    ) -> R {
        let spanned =
            |value: &str| Spanned::new(value.to_string(), crate::diagnostic::Span::default());
        let request = Request {
            index: 0,
            name: request.name.as_deref().map(spanned),
            principal: spanned(&request.principal),
            assume: request
                .assume
                .iter()
                .map(|arn| crate::scenario::AssumeHop::role(spanned(arn)))
                .collect(),
            action: spanned(&request.action),
            resource: spanned(&request.resource),
            context: request.context.to_context(),
            session_policy: None,
            vpc_endpoint: None,
            expect: None,
            source: None,
            expect_facts: None,
            span: crate::diagnostic::Span::default(),
        };
        let options = CheckOptions {
            start_time: None,
            evaluation: crate::eval::EvaluationOptions {
                explain_statements: false,
            },
        };
        answer(&check_request(&self.scenario, &request, &options))
    }

    /// `decide` with the request as JSON text: the full answer as JSON.
    pub fn decide_json_str(&self, request: &str) -> String {
        let request = match DecideRequest::from_json_str(request) {
            Ok(request) => request,
            Err(error) => return bad_argument("the request", &error),
        };
        self.decide_with(&request, |result| {
            let success = DecideSuccess {
                decision: result.decision,
                decisive: result.explanation.decisive.clone(),
                reason: result.explanation.summary.clone(),
                denied_hop: result.denied_hop,
            };
            respond(&self.text, &Answer::Success(success))
        })
    }

    /// Only the decision's name (`Allow`, `ExplicitDeny`, `ImplicitDeny`), or an error message prefixed with
    /// `error: ` for a request that is not valid: the cheapest answer to cross into JavaScript.
    pub fn decision_str(&self, request: &str) -> String {
        match DecideRequest::from_json_str(request) {
            Ok(request) => decision_name(self.decide(&request)).to_string(),
            Err(error) => format!("error: the request is not valid: {error}"),
        }
    }

    /// The decision of a request already read. Without `assume`, the caller and the request are built straight
    /// from the scenario directory and evaluated without explanations or a summary line: the same decision as
    /// `check_request` (tests below), at a fraction of the cost.
    pub fn decide(&self, request: &DecideRequest) -> Decision {
        if !request.assume.is_empty() {
            return self.decide_with(request, |result| result.decision);
        }
        self.decide_in_context(
            &request.principal,
            &request.action,
            &request.resource,
            &request.context.to_context(),
        )
        .unwrap_or_else(|| self.decide_with(request, |result| result.decision))
    }

    /// The decision of a request with no context and no `assume`, from its three strings: the JS API's fast path,
    /// which crosses the wasm boundary with no request object to build. A principal the scenario directory cannot
    /// read takes the full path, which answers the same way `check_request` does.
    pub fn decide_plain(&self, principal: &str, action: &str, resource: &str) -> Decision {
        self.decide_in_context(principal, action, resource, &RequestContext::default())
            .unwrap_or_else(|| {
                let request = DecideRequest {
                    principal: principal.to_string(),
                    action: action.to_string(),
                    resource: resource.to_string(),
                    ..DecideRequest::default()
                };
                self.decide_with(&request, |result| result.decision)
            })
    }

    /// The caller and the request built straight from the scenario directory, evaluated with no explanation;
    /// `None` for a principal the directory cannot read.
    fn decide_in_context(
        &self,
        principal: &str,
        action: &str,
        resource: &str,
        context: &RequestContext,
    ) -> Option<Decision> {
        let directory = crate::scenario::ScenarioDirectory::new(&self.scenario);
        let caller = directory.caller(principal).ok()?;
        let evaluated =
            crate::sts::Directory::request(&directory, &caller, action, resource, context);
        Some(crate::eval::decide(&evaluated))
    }

    pub fn who_can_json_str(&self, action: &str, resource: &str, context: &str) -> String {
        let context = match read_context(context) {
            Ok(context) => context,
            Err(error) => return bad_argument("the context", &error),
        };
        who_can_answer(
            &self.text,
            &self.scenario,
            self.warnings.clone(),
            action,
            resource,
            &context.to_context(),
        )
    }

    pub fn what_can_json_str(&mut self, principal: &str, options: &str) -> String {
        let options = match read_what_can_options(options) {
            Ok(options) => options,
            Err(error) => return bad_argument("the options", &error),
        };
        if options.catalog.is_some() || self.catalog.is_none() {
            match catalog_for(&options) {
                Ok(catalog) => self.catalog = Some(catalog.into_owned()),
                Err(failure) if self.catalog.is_none() => return failure,
                Err(_) => {}
            }
        }
        let Some(catalog) = &self.catalog else {
            return super::INTERNAL_ERROR_JSON.to_string();
        };
        what_can_answer(
            &self.text,
            &self.scenario,
            self.warnings.clone(),
            principal,
            catalog,
            options.service.as_deref(),
        )
    }

    pub fn matrix_json_str(&self) -> String {
        let answer = Answer::Success(super::MatrixSuccess {
            matrix: compute_matrix(&self.scenario),
            warnings: self.warnings.clone(),
        });
        respond(&self.text, &answer)
    }

    pub fn analyze_access_json_str(&self, options: &str) -> String {
        let options = match read_access_options(options) {
            Ok(options) => options,
            Err(error) => return bad_argument("the options", &error),
        };
        let resources = analyze_scenario(
            &self.scenario,
            options.resource.as_deref(),
            &AccessOptions::default(),
        );
        respond(
            &self.text,
            &Answer::Success(AccessSuccess {
                resources,
                warnings: self.warnings.clone(),
            }),
        )
    }
}

pub fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "Allow",
        Decision::ExplicitDeny => "ExplicitDeny",
        Decision::ImplicitDeny => "ImplicitDeny",
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;

    const SCENARIO: &str = r#"{
      "users": [{"arn": "arn:aws:iam::111111111111:user/ana", "policies": [{"name": "Read", "document":
        {"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}}]}],
      "resources": [{"arn": "arn:aws:s3:::site", "account": "111111111111", "policy": {"Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}}]
    }"#;

    fn json(text: &str) -> serde_json::Value {
        serde_json::from_str(text).expect("JSON answer")
    }

    #[test]
    fn tighten_options_read_the_side_and_refuse_others() {
        use crate::analysis::tighten::TightenSide;
        let side = |text: &str| read_tighten_options(text).map(|options| options.side);
        assert_eq!(side(""), Ok(TightenSide::Identity));
        assert_eq!(side("null"), Ok(TightenSide::Identity));
        assert_eq!(side(r#"{"side": "resource"}"#), Ok(TightenSide::Resource));
        assert!(side(r#"{"side": "both"}"#).is_err_and(|error| error.contains("`both`")));
        assert!(side(r#"{"sides": "resource"}"#).is_err());
        let answer = json(&super::super::tightest_policy_json_str(
            "{}",
            &[],
            &[],
            r#"{"side": 1}"#,
        ));
        assert_eq!(answer["type"], "failure");
        assert_eq!(answer["errors"][0]["code"], "E0804");
    }

    #[test]
    fn who_can_answers_with_conditions_and_reads_the_context() {
        let answer = json(&who_can_json_str(
            SCENARIO,
            "s3:GetObject",
            "arn:aws:s3:::other/x",
            "",
        ));
        assert_eq!(answer["type"], "success");
        let ana = &answer["principals"][0];
        assert_eq!(ana["principal"], "arn:aws:iam::111111111111:user/ana");
        assert_eq!(ana["conditional"], true);
        let fixed = json(&who_can_json_str(
            SCENARIO,
            "s3:GetObject",
            "arn:aws:s3:::other/x",
            r#"{"aws:SourceIp": "203.0.113.7"}"#,
        ));
        assert_eq!(fixed["principals"][0]["decision"], "Allow");
        assert_eq!(fixed["principals"][0]["conditional"], false);
        let bad = json(&who_can_json_str(SCENARIO, "s3:GetObject", "x", "[1]"));
        assert_eq!(bad["type"], "failure");
        assert_eq!(bad["errors"][0]["code"], codes::E0804_BAD_ARGUMENT);
    }

    #[test]
    fn the_whole_action_catalog_fits_in_what_cans_options() {
        // `catalog.txt` is over 1 MiB: options read with a policy's limits refused it (E0804 `max_bytes`).
        let catalog = include_str!("../../data/catalog.txt");
        assert!(
            catalog.len() > 1024 * 1024 - 100_000,
            "the test wants a catalog near the policy limit"
        );
        let options = serde_json::json!({ "catalog": catalog, "service": "s3" }).to_string();
        let answer = json(&what_can_json_str(
            SCENARIO,
            "arn:aws:iam::111111111111:user/ana",
            &options,
        ));
        assert_eq!(answer["type"], "success", "{}", answer["errors"]);
        assert_eq!(answer["services"][0]["service"], "s3");
    }

    #[test]
    fn what_can_needs_a_catalog_in_builds_without_one() {
        let catalog = "S s3 Amazon S3\nA GetObject R - -\nA PutObject W - -\n";
        let options = serde_json::json!({ "catalog": catalog }).to_string();
        let answer = json(&what_can_json_str(
            SCENARIO,
            "arn:aws:iam::111111111111:user/ana",
            &options,
        ));
        assert_eq!(answer["type"], "success", "{answer}");
        assert_eq!(answer["services"][0]["summary"], "Full: Read");
        assert_eq!(answer["services"][0]["actions"][0]["conditional"], true);
        let unknown = json(&what_can_json_str(SCENARIO, "nobody", &options));
        assert_eq!(unknown["errors"][0]["code"], codes::E0806_UNKNOWN_PRINCIPAL);
        if cfg!(not(feature = "catalog")) {
            let none = json(&what_can_json_str(SCENARIO, "anonymous", ""));
            assert_eq!(none["errors"][0]["code"], codes::E0805_NO_CATALOG);
        }
        let extra = json(&what_can_json_str(
            SCENARIO,
            "anonymous",
            r#"{"servce": "s3"}"#,
        ));
        assert!(extra["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("`servce`")));
    }

    #[test]
    fn analyze_access_and_the_prepared_scenario() {
        let answer = json(&analyze_access_json_str(SCENARIO, ""));
        assert_eq!(answer["resources"][0]["access"], "public");
        let only = json(&analyze_access_json_str(
            SCENARIO,
            r#"{"resource": "arn:aws:s3:::nope"}"#,
        ));
        assert_eq!(only["resources"].as_array().map(Vec::len), Some(0));

        let prepared = PreparedScenario::load(SCENARIO).expect("loads");
        assert_eq!(json(&prepared.load_json_str())["type"], "success");
        let request = r#"{"principal": "anonymous", "action": "s3:GetObject", "resource": "arn:aws:s3:::site/a"}"#;
        assert_eq!(prepared.decision_str(request), "Allow");
        let ana = r#"{"principal": "arn:aws:iam::111111111111:user/ana", "action": "s3:GetObject",
            "resource": "arn:aws:s3:::other/a", "context": {"aws:SourceIp": "198.51.100.1"}}"#;
        assert_eq!(prepared.decision_str(ana), "ImplicitDeny");
        let explained = json(&prepared.decide_json_str(request));
        assert_eq!(explained["decision"], "Allow");
        assert!(explained["decisive"]
            .as_array()
            .is_some_and(|d| !d.is_empty()));
        assert!(prepared
            .decision_str(r#"{"principal": 1}"#)
            .starts_with("error: "));
        assert!(prepared
            .decision_str(r#"{"principal": "a", "action": "b", "resource": "c", "x": 1}"#)
            .contains("`x`"));
        assert_eq!(json(&prepared.matrix_json_str())["type"], "success");
        assert_eq!(
            json(&prepared.who_can_json_str("s3:GetObject", "arn:aws:s3:::site/a", ""))["type"],
            "success"
        );
        assert!(PreparedScenario::load("{").is_err());
    }

    /// The fast `decide` path gives `check_request`'s decision on every request of the examples.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn decide_agrees_with_check_scenario_on_the_examples() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        let mut compared = 0;
        let mut compared_plain = 0;
        for entry in std::fs::read_dir(dir).expect("examples").flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|ext| ext != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("example");
            let Ok(prepared) = PreparedScenario::load(&text) else {
                continue;
            };
            let results = crate::scenario::check_scenario(&prepared.scenario);
            for (request, result) in prepared.scenario.requests.iter().zip(&results) {
                let plain_hops = request.assume.iter().all(|hop| {
                    hop.session_name.is_none()
                        && hop.tags.is_empty()
                        && hop.source_identity.is_none()
                });
                if request.session_policy.is_some() || request.vpc_endpoint.is_some() || !plain_hops
                {
                    continue;
                }
                let mut context = ContextInput::default();
                for (key, value) in request.context.iter() {
                    let value = match value {
                        ContextValue::Single(one) => ContextValueInput::Text(one.clone()),
                        ContextValue::Multi(many) => ContextValueInput::List(
                            many.iter().map(|v| ScalarInput::Text(v.clone())).collect(),
                        ),
                    };
                    context.0.insert(key.to_string(), value);
                }
                let decide = DecideRequest {
                    principal: request.principal.value.clone(),
                    action: request.action.value.clone(),
                    resource: request.resource.value.clone(),
                    context,
                    assume: request
                        .assume
                        .iter()
                        .map(|a| a.role.value.clone())
                        .collect(),
                    name: None,
                };
                assert_eq!(
                    prepared.decide(&decide),
                    result.decision,
                    "{path:?} #{}",
                    request.index
                );
                if decide.context.0.is_empty() && decide.assume.is_empty() {
                    assert_eq!(
                        prepared.decide_plain(&decide.principal, &decide.action, &decide.resource),
                        result.decision,
                        "decide_plain: {path:?} #{}",
                        request.index
                    );
                    compared_plain += 1;
                }
                compared += 1;
            }
        }
        assert!(compared > 30, "{compared}");
        assert!(compared_plain > 10, "{compared_plain}");
    }
}
