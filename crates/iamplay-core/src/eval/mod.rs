//! The AWS decision procedure: one evaluation per request over identity, resource, boundary, session, SCP and
//! RCP policies, combined as reference_policies_evaluation-logic.md and
//! reference_policies_evaluation-logic-cross-account.md describe, with an `Explanation` as data.
//!
//! Entry point: [`evaluate`]. Inputs: [`request::AuthorizationRequest`].

pub mod request;

pub use request::{
    ApplicablePolicies, AuthorizationRequest, NamedPolicy, OrganizationPolicies, Principal,
    PrincipalKind, ResourcePolicy, ResourcePolicyKind,
};

use crate::explain::{AccountRelation, Decision, Explanation};
use serde::Serialize;

/// How much explanation to build. The matrix only needs the decisive statements; the explanation panel wants
/// every statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationOptions {
    /// Record why every statement did or did not apply (`Explanation::policies`).
    pub explain_statements: bool,
}

impl Default for EvaluationOptions {
    fn default() -> Self {
        Self {
            explain_statements: true,
        }
    }
}

/// The decision and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evaluation<'p> {
    pub decision: Decision,
    pub explanation: Explanation<'p>,
}

/// Evaluates one request with a full explanation.
pub fn evaluate<'p>(request: &AuthorizationRequest<'p>) -> Evaluation<'p> {
    evaluate_with(request, EvaluationOptions::default())
}

/// Evaluates one request, building as much explanation as `options` asks for.
pub fn evaluate_with<'p>(
    request: &AuthorizationRequest<'p>,
    options: EvaluationOptions,
) -> Evaluation<'p> {
    let _ = (request, options);
    let decision = Decision::ImplicitDeny;
    Evaluation {
        decision,
        explanation: Explanation {
            decision,
            account_relation: AccountRelation::SameAccount,
            summary: String::from("ImplicitDeny: not implemented yet"),
            policy_types: Vec::new(),
            decisive: Vec::new(),
            notes: Vec::new(),
            policies: Vec::new(),
        },
    }
}
