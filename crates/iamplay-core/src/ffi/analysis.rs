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
use crate::matrix::compute_matrix;
use crate::scenario::{check_request, load_scenario, CheckOptions, Request, Scenario};
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct ContextInput(pub BTreeMap<String, ContextValueInput>);

/// One context value: a string, a number or boolean (read as its text), or a list of those.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ContextValueInput {
    Text(String),
    Number(f64),
    Bool(bool),
    List(Vec<ScalarInput>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
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
}

/// One request for `decide`, as a scenario's `requests` entry writes it (without `expect`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DecideRequest {
    pub principal: String,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub context: ContextInput,
    #[serde(default)]
    pub assume: Vec<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// `whatCan`'s options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WhatCanOptions {
    /// Only this service prefix.
    #[serde(default)]
    pub service: Option<String>,
    /// The action catalog's text (`catalog.txt`), for builds without one built in.
    #[serde(default)]
    pub catalog: Option<String>,
}

/// `analyzeAccess`'s options.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessInputOptions {
    #[serde(default)]
    pub resource: Option<String>,
}

fn bad_argument(what: &str, error: &serde_json::Error) -> String {
    super::failure_json_str(
        codes::E0804_BAD_ARGUMENT,
        &format!("{what} is not valid: {error}"),
        "see the TypeScript types of the package for its shape",
    )
}

/// Reads an optional JSON argument (`""`, `null` and `undefined` mean the default).
fn optional<T: for<'de> Deserialize<'de> + Default>(text: &str) -> Result<T, serde_json::Error> {
    let trimmed = text.trim();
    if trimmed.is_empty() || trimmed == "null" || trimmed == "undefined" {
        return Ok(T::default());
    }
    serde_json::from_str(trimmed)
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
    let context: ContextInput = match optional(context) {
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
    let options: WhatCanOptions = match optional(options) {
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
    let options: AccessInputOptions = match optional(options) {
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
    /// Loads `text`; the failure answer (as JSON) when it does not load.
    pub fn load(text: &str) -> Result<Self, String> {
        let loaded = load_scenario(text);
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

    /// The scenario's load warnings, as JSON.
    pub fn warnings_json(&self) -> String {
        serde_json::to_string(&self.warnings).unwrap_or_else(|_| "[]".to_string())
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
        let request: DecideRequest = match serde_json::from_str(request) {
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
        match serde_json::from_str::<DecideRequest>(request) {
            Ok(request) => self.decide(&request).to_string(),
            Err(error) => format!("error: the request is not valid: {error}"),
        }
    }

    /// The decision's name for a request already read.
    pub fn decide(&self, request: &DecideRequest) -> &'static str {
        self.decide_with(request, |result| decision_name(result.decision))
    }

    pub fn who_can_json_str(&self, action: &str, resource: &str, context: &str) -> String {
        let context: ContextInput = match optional(context) {
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
        let options: WhatCanOptions = match optional(options) {
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
        let options: AccessInputOptions = match optional(options) {
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
